/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hk-call-analyzer"

/* The streaming front of the analysis. A decoder feeds it 16 kHz float
 * samples in whatever chunks it has; each channel runs its own voice
 * activity detector, voice meter and waveform summary frame by frame, so
 * an hour of call costs the same memory as a minute, bar the segment
 * lists and the summary. With one channel the recording is the trainee
 * alone; with two, channel 0 is the customer (or partner A) and channel 1
 * the trainee (or partner B).
 *
 * Two channels are analysed in step, frame by frame, because a microphone
 * hears the other party too: a customer played through speakers leaks
 * into the trainee's channel some 10 to 30 dB down, loud enough to pass
 * for speech. Each channel learns how strongly the other leaks into it
 * (a low quantile of the power ratio while only the other speaks), and a
 * frame that leak explains is not taken for speech. */

#include "config.h"

#include <math.h>
#include <string.h>

#include "hk-call-analyzer.h"
#include "hk-vad.h"
#include "hk-voice-meter.h"

#define MAX_CHANNELS 2
#define N_BANDS      HK_VAD_N_BANDS

/* Power is smoothed over 50 ms, and the leak is compared with the other
 * party's loudest in the last 400 ms, which covers the delay from a
 * speaker to a microphone, buffering in the sound server included. */
#define SMOOTH_FRAMES     5
#define REFERENCE_FRAMES  40
/* A frame up to this much above the expected leak is still leak. */
#define LEAK_MARGIN_DB    4.0
/* The leak's strength is the 90th percentile of the power ratio, learnt
 * in steps of this many dB, while the other party speaks at least
 * LEAK_LEARN_DB above its own noise and this one has been quiet for
 * LEAK_QUIET_FRAMES. */
#define LEAK_QUANTILE     0.9
#define LEAK_STEP_DB      1.0
#define LEAK_LEARN_DB     20.0
#define LEAK_QUIET_FRAMES 30
#define LEAK_MIN_DB       -60.0
/* Until learnt, assume a leak 20 dB down, as from a headset or speakers. */
#define LEAK_START_DB     -20.0
/* The mean power of a channel's noise, learnt while nobody speaks from
 * frames within 6 dB of the detector's floor. */
#define NOISE_SMOOTHING    0.02
#define NOISE_CEILING      4.0

/* One band of one channel, as the leak detector sees it. */
typedef struct {
  double power;
  double smooth[SMOOTH_FRAMES];
  double recent[REFERENCE_FRAMES];
  double leak_db;      /* how loudly the other party leaks into this band */
  double noise;        /* mean power while nobody speaks */
} Band;

typedef struct {
  HkVad        *vad;
  HkVoiceMeter *meter;
  GArray       *pending;      /* samples not yet analysed */
  gsize         pending_pos;
  guint64       n_samples;

  double        power;        /* the newest frame's, all bands */
  Band          bands[N_BANDS];
  guint         frame_count;
  guint         quiet_frames; /* since this party last spoke */
} Channel;

struct _HkCallAnalyzer
{
  guint         n_channels;
  Channel       channels[MAX_CHANNELS];
  HkPeaks      *peaks;
  HkThresholds *thresholds;
  float        *scratch;
  gsize         scratch_len;
};


static double
reference_power (const Band *band)
{
  double ref = 0.0;

  for (guint i = 0; i < REFERENCE_FRAMES; i++)
    ref = MAX (ref, band->recent[i]);
  return ref;
}

static void
measure (Channel     *ch,
         const float *frame,
         gboolean     anyone_speaking)
{
  ch->power = hk_vad_measure (ch->vad, frame);

  for (guint b = 0; b < N_BANDS; b++)
    {
      Band *band = &ch->bands[b];
      double smooth = 0.0;

      band->power = hk_vad_get_band_power (ch->vad, b);
      band->smooth[ch->frame_count % SMOOTH_FRAMES] = band->power;
      for (guint i = 0; i < SMOOTH_FRAMES; i++)
        smooth += band->smooth[i];
      band->recent[ch->frame_count % REFERENCE_FRAMES] = smooth / SMOOTH_FRAMES;

      if (ch->frame_count == 0)
        band->noise = band->power;
      else if (!anyone_speaking && band->power < NOISE_CEILING * hk_vad_get_band_floor (ch->vad, b))
        band->noise += NOISE_SMOOTHING * (band->power - band->noise);
    }
  ch->frame_count++;
}

/* Learns how strongly @other leaks into each band of @ch. While only
 * @other speaks, what @ch hears above its own noise is the leak; @ch's
 * own speech would only raise it, so learning waits until @ch has been
 * quiet a while. */
static void
learn_leak (Channel       *ch,
            const Channel *other)
{
  for (guint b = 0; b < N_BANDS; b++)
    {
      Band *band = &ch->bands[b];
      double ref = reference_power (&other->bands[b]);
      double own = band->recent[(ch->frame_count - 1) % REFERENCE_FRAMES] - band->noise;
      double ratio_db;

      if (ref < hk_vad_get_band_floor (other->vad, b) * pow (10.0, LEAK_LEARN_DB / 10.0))
        continue;

      ratio_db = 10.0 * log10 (MAX (own, 1e-12) / ref);
      if (ratio_db > band->leak_db)
        band->leak_db += LEAK_STEP_DB * LEAK_QUANTILE;
      else
        band->leak_db = MAX (band->leak_db - LEAK_STEP_DB * (1.0 - LEAK_QUANTILE), LEAK_MIN_DB);
    }
}

static void
analyse_frames (HkCallAnalyzer *self)
{
  for (;;)
    {
      const float *frames[MAX_CHANNELS];
      gboolean was_speaking[MAX_CHANNELS];
      gboolean anyone;

      for (guint c = 0; c < self->n_channels; c++)
        {
          Channel *ch = &self->channels[c];

          if (ch->pending->len - ch->pending_pos < HK_VAD_FRAME)
            goto out;
          frames[c] = &g_array_index (ch->pending, float, ch->pending_pos);
          was_speaking[c] = hk_vad_is_speaking (ch->vad);
        }

      anyone = FALSE;
      for (guint c = 0; c < self->n_channels; c++)
        anyone |= was_speaking[c];
      for (guint c = 0; c < self->n_channels; c++)
        measure (&self->channels[c], frames[c], anyone);

      for (guint c = 0; c < self->n_channels; c++)
        {
          Channel *ch = &self->channels[c];
          double leak[N_BANDS];

          if (self->n_channels == 2)
            {
              Channel *other = &self->channels[1 - c];

              for (guint b = 0; b < N_BANDS; b++)
                leak[b] = ch->bands[b].noise + reference_power (&other->bands[b])
                          * pow (10.0, (ch->bands[b].leak_db + LEAK_MARGIN_DB) / 10.0);
              if (was_speaking[1 - c] && ch->quiet_frames >= LEAK_QUIET_FRAMES)
                learn_leak (ch, other);
            }
          hk_vad_decide (ch->vad, ch->power, self->n_channels == 2 ? leak : NULL);
          hk_voice_meter_frame (ch->meter, frames[c], hk_vad_is_speaking (ch->vad));
          ch->quiet_frames = hk_vad_is_speaking (ch->vad) ? 0 : ch->quiet_frames + 1;
          ch->pending_pos += HK_VAD_FRAME;
        }
    }

out:
  /* Drop what is analysed now and then, not on every frame. */
  for (guint c = 0; c < self->n_channels; c++)
    {
      Channel *ch = &self->channels[c];

      if (ch->pending_pos >= 8192 || ch->pending_pos == ch->pending->len)
        {
          g_array_remove_range (ch->pending, 0, ch->pending_pos);
          ch->pending_pos = 0;
        }
    }
}

/**
 * hk_call_analyzer_new:
 * @n_channels: 1 (the trainee alone) or 2 (customer, then trainee)
 * @thresholds: the thresholds to judge markers by
 *
 * Returns: (transfer full): an analyzer waiting for samples
 */
HkCallAnalyzer *
hk_call_analyzer_new (guint               n_channels,
                      const HkThresholds *thresholds)
{
  HkCallAnalyzer *self;

  g_return_val_if_fail (n_channels >= 1 && n_channels <= MAX_CHANNELS, NULL);
  g_return_val_if_fail (thresholds != NULL, NULL);

  self = g_new0 (HkCallAnalyzer, 1);
  self->n_channels = n_channels;
  self->thresholds = hk_thresholds_copy (thresholds);
  self->peaks = hk_peaks_new (n_channels);
  for (guint c = 0; c < n_channels; c++)
    {
      self->channels[c].vad = hk_vad_new ();
      self->channels[c].meter = hk_voice_meter_new ();
      self->channels[c].pending = g_array_new (FALSE, FALSE, sizeof (float));
      for (guint b = 0; b < N_BANDS; b++)
        self->channels[c].bands[b].leak_db = LEAK_START_DB;
    }

  return self;
}

void
hk_call_analyzer_free (HkCallAnalyzer *self)
{
  if (self == NULL)
    return;

  for (guint c = 0; c < self->n_channels; c++)
    {
      g_clear_pointer (&self->channels[c].vad, hk_vad_free);
      g_clear_pointer (&self->channels[c].meter, hk_voice_meter_free);
      g_clear_pointer (&self->channels[c].pending, g_array_unref);
    }
  g_clear_pointer (&self->peaks, hk_peaks_free);
  g_clear_pointer (&self->thresholds, hk_thresholds_free);
  g_free (self->scratch);
  g_free (self);
}

/**
 * hk_call_analyzer_feed:
 * @channel: which channel @samples belong to
 * @samples: 16 kHz samples, full scale at -1 and 1
 *
 * Feeds one channel; channels may be fed separately, one after the other,
 * as when each party comes from a file of its own.
 */
void
hk_call_analyzer_feed (HkCallAnalyzer *self,
                       guint           channel,
                       const float    *samples,
                       gsize           n_samples)
{
  Channel *ch;

  g_return_if_fail (self != NULL);
  g_return_if_fail (channel < self->n_channels);
  g_return_if_fail (samples != NULL || n_samples == 0);

  ch = &self->channels[channel];
  hk_peaks_add (self->peaks, channel, samples, n_samples);
  ch->n_samples += n_samples;
  g_array_append_vals (ch->pending, samples, n_samples);

  analyse_frames (self);
}

/**
 * hk_call_analyzer_feed_interleaved:
 * @samples: @n_frames frames of all channels, interleaved
 *
 * Feeds every channel at once, as a decoder delivers them.
 */
void
hk_call_analyzer_feed_interleaved (HkCallAnalyzer *self,
                                   const float    *samples,
                                   gsize           n_frames)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (samples != NULL || n_frames == 0);

  if (self->n_channels == 1)
    {
      hk_call_analyzer_feed (self, 0, samples, n_frames);
      return;
    }

  if (self->scratch_len < n_frames)
    {
      g_free (self->scratch);
      self->scratch = g_new (float, n_frames);
      self->scratch_len = n_frames;
    }
  for (guint c = 0; c < self->n_channels; c++)
    {
      for (gsize i = 0; i < n_frames; i++)
        self->scratch[i] = samples[i * self->n_channels + c];
      hk_call_analyzer_feed (self, c, self->scratch, n_frames);
    }
}

/**
 * hk_call_analyzer_get_position:
 *
 * Returns: seconds of audio fed so far, on the longest channel
 */
double
hk_call_analyzer_get_position (HkCallAnalyzer *self)
{
  guint64 n = 0;

  g_return_val_if_fail (self != NULL, 0.0);

  for (guint c = 0; c < self->n_channels; c++)
    n = MAX (n, self->channels[c].n_samples);
  return (double) n / HK_VAD_RATE;
}

/**
 * hk_call_analyzer_finish:
 * @peaks: (out) (optional) (transfer full): the waveform summary
 *
 * Ends the analysis once all audio is in. The analyzer is spent after.
 *
 * Returns: (transfer full): what was found
 */
HkCallAnalysis *
hk_call_analyzer_finish (HkCallAnalyzer  *self,
                         HkPeaks        **peaks)
{
  HkSegments *segments[MAX_CHANNELS] = { NULL };
  HkVoiceMetrics voice[MAX_CHANNELS] = { { 0 } };

  g_return_val_if_fail (self != NULL, NULL);

  /* A channel that ended early is silent for the rest of the call. */
  if (self->n_channels == 2)
    {
      guint64 longest = MAX (self->channels[0].n_samples, self->channels[1].n_samples);

      for (guint c = 0; c < self->n_channels; c++)
        {
          Channel *ch = &self->channels[c];
          guint64 missing = longest - ch->n_samples;

          g_array_set_size (ch->pending, ch->pending->len + missing);
          memset (&g_array_index (ch->pending, float, ch->pending->len - missing), 0,
                  missing * sizeof (float));
        }
      analyse_frames (self);
    }

  for (guint c = 0; c < self->n_channels; c++)
    {
      segments[c] = hk_vad_finish (self->channels[c].vad);
      hk_voice_meter_measure (self->channels[c].meter, &voice[c]);
    }

  hk_peaks_finish (self->peaks);
  if (peaks != NULL)
    *peaks = g_steal_pointer (&self->peaks);

  if (self->n_channels == 1)
    return hk_call_analysis_new (hk_call_analyzer_get_position (self),
                                 NULL, segments[0], NULL, &voice[0], self->thresholds);

  return hk_call_analysis_new (hk_call_analyzer_get_position (self),
                               segments[0], segments[1], &voice[0], &voice[1],
                               self->thresholds);
}

/**
 * hk_call_analyzer_is_speaking:
 *
 * Returns: whether @channel's party is speaking in the newest frame
 *   analysed, for live displays
 */
gboolean
hk_call_analyzer_is_speaking (HkCallAnalyzer *self,
                              guint           channel)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (channel < self->n_channels, FALSE);

  return hk_vad_is_speaking (self->channels[channel].vad);
}
