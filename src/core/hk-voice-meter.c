/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hk-voice-meter"

/* How a party spoke: pitch, loudness and speaking rate, streamed in the
 * 10 ms frames of the voice activity detector, in constant memory.
 *
 * Speaking rate counts syllable nuclei in the manner of de Jong and
 * Wempe: a syllable's vowel is a peak of loudness that stands out from
 * the dips around it and is voiced. Pitch is gathered into a histogram
 * of tenths of a semitone, so the median and spread of an hour of speech
 * cost no more memory than those of a minute. */

#include "config.h"

#include <math.h>

#include "hk-pitch-tracker.h"
#include "hk-vad.h"
#include "hk-voice-meter.h"

#define BINS_PER_SEMITONE 10
#define N_PITCH_BINS      330  /* 60 to 400 Hz is 32.8 semitones */
/* Loudness is smoothed over this many frames before peaks are sought: a
 * syllable lasts 100 to 300 ms, a pitch period only a few ms. */
#define SMOOTH_FRAMES     5
/* A nucleus rises this far above the dip before it and falls as far after. */
#define NUCLEUS_DIP_DB    2.0

struct _HkVoiceMeter
{
  HkPitchTracker *pitch;
  guint   pitch_bins[N_PITCH_BINS];
  guint64 n_pitched;

  double  speech_energy;
  guint64 speech_frames;

  double  recent[SMOOTH_FRAMES];
  guint   recent_pos;
  double  dip_db;
  double  peak_db;
  gboolean peak_voiced;
  gboolean peak_speaking;
  guint   n_nuclei;
  guint64 n_frames;
  double  last_hz;
};

/**
 * hk_voice_meter_new:
 *
 * Returns: (transfer full): a meter for one party's 16 kHz audio
 */
HkVoiceMeter *
hk_voice_meter_new (void)
{
  HkVoiceMeter *self = g_new0 (HkVoiceMeter, 1);

  self->pitch = hk_pitch_tracker_new ();
  self->dip_db = self->peak_db = -120.0;
  return self;
}

void
hk_voice_meter_free (HkVoiceMeter *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->pitch, hk_pitch_tracker_free);
  g_free (self);
}

static void
track_nuclei (HkVoiceMeter *self,
              double        level_db,
              gboolean      voiced,
              gboolean      speaking)
{
  if (level_db > self->peak_db)
    {
      self->peak_db = level_db;
      self->peak_voiced = voiced;
      self->peak_speaking = speaking;
      return;
    }

  if (level_db < self->peak_db - NUCLEUS_DIP_DB)
    {
      if (self->peak_db - self->dip_db >= NUCLEUS_DIP_DB &&
          self->peak_voiced && self->peak_speaking)
        self->n_nuclei++;
      /* Start looking for the next rise from here. */
      self->dip_db = self->peak_db = level_db;
      self->peak_voiced = FALSE;
      return;
    }

  self->dip_db = MIN (self->dip_db, level_db);
}

/**
 * hk_voice_meter_frame:
 * @frame: %HK_VAD_FRAME samples
 * @speaking: whether the detector hears this party speak
 *
 * Measures one frame.
 */
void
hk_voice_meter_frame (HkVoiceMeter *self,
                      const float  *frame,
                      gboolean      speaking)
{
  double energy = 0.0, smooth = 0.0, hz = 0.0;

  g_return_if_fail (self != NULL);
  g_return_if_fail (frame != NULL);

  hk_pitch_tracker_push (self->pitch, frame, HK_VAD_FRAME);

  for (guint i = 0; i < HK_VAD_FRAME; i++)
    if (isfinite (frame[i]))
      energy += (double) frame[i] * frame[i];
  energy /= HK_VAD_FRAME;

  self->recent[self->recent_pos] = energy;
  self->recent_pos = (self->recent_pos + 1) % SMOOTH_FRAMES;
  for (guint i = 0; i < SMOOTH_FRAMES; i++)
    smooth += self->recent[i];

  if (speaking)
    {
      self->speech_energy += energy;
      self->speech_frames++;

      /* Pitch every 20 ms is plenty for its median and spread, and
       * halves the work. */
      if (self->n_frames % 2 == 0)
        {
          hz = self->last_hz = hk_pitch_tracker_estimate (self->pitch);
          if (hz > 0.0)
            {
              int bin = (int) lround (12.0 * BINS_PER_SEMITONE * log2 (hz / HK_PITCH_MIN_HZ));

              self->pitch_bins[CLAMP (bin, 0, N_PITCH_BINS - 1)]++;
              self->n_pitched++;
            }
        }
      else
        hz = self->last_hz;
    }
  else
    self->last_hz = 0.0;
  self->n_frames++;

  track_nuclei (self, 10.0 * log10 (smooth / SMOOTH_FRAMES + 1e-12), hz > 0.0, speaking);
}

static double
pitch_percentile (HkVoiceMeter *self,
                  double        share)
{
  guint64 target = (guint64) (share * (double) (self->n_pitched - 1));
  guint64 seen = 0;

  for (int bin = 0; bin < N_PITCH_BINS; bin++)
    {
      seen += self->pitch_bins[bin];
      if (seen > target)
        return (double) bin / BINS_PER_SEMITONE;
    }
  return (double) (N_PITCH_BINS - 1) / BINS_PER_SEMITONE;
}

/**
 * hk_voice_meter_measure:
 * @metrics: (out caller-allocates): where to put the speaking rate,
 *   pitch and loudness; the other members are left alone
 *
 * Reads the measures of all frames so far.
 */
void
hk_voice_meter_measure (HkVoiceMeter   *self,
                        HkVoiceMetrics *metrics)
{
  double speech_seconds;

  g_return_if_fail (self != NULL);
  g_return_if_fail (metrics != NULL);

  speech_seconds = (double) self->speech_frames * HK_VAD_FRAME / HK_VAD_RATE;
  metrics->speaking_rate = speech_seconds > 0.0 ? self->n_nuclei / speech_seconds : 0.0;
  metrics->loudness = self->speech_frames > 0
    ? 10.0 * log10 (self->speech_energy / self->speech_frames + 1e-12)
    : -INFINITY;

  /* A handful of voiced frames says nothing about a voice. */
  if (self->n_pitched >= 10)
    {
      double median = pitch_percentile (self, 0.5);

      metrics->pitch_median = HK_PITCH_MIN_HZ * exp2 (median / 12.0);
      metrics->pitch_spread = pitch_percentile (self, 0.9) - pitch_percentile (self, 0.1);
    }
  else
    {
      metrics->pitch_median = 0.0;
      metrics->pitch_spread = 0.0;
    }
}

