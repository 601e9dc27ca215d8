/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hk-vad"

/* Voice activity for one party, streamed in 10 ms frames at 16 kHz.
 *
 * The signal is first high-passed at about 100 Hz, which removes mains hum
 * and most fan rumble while keeping the voice's energy. Each frame's level
 * is compared with a noise floor that follows the quietest recent frames:
 * it falls at once to a quieter frame and rises only slowly, so speech
 * never drags it up but a fan switched on is learnt within seconds.
 * Speech starts a fixed margin above the floor and ends at a lower one
 * (hysteresis), and the result is smoothed as DESIGN.md says: short
 * silences are bridged and blips such as clicks dropped. Memory is
 * constant; only the segment list grows. */

#include "config.h"

#include <math.h>

#include "hk-vad.h"

/* Levels in dB relative to full scale. */
#define SILENCE_DB        -65.0   /* below this nothing is speech */
#define ONSET_MARGIN_DB    11.0
#define OFFSET_MARGIN_DB    7.0
#define FLOOR_RISE_DB       0.03  /* per frame: 3 dB a second */
#define FLOOR_RISE_SPEECH_DB 0.005 /* per frame while speaking: 0.5 dB a second */
#define FLOOR_START_DB    -70.0
/* Speech lasts; a click is over within a frame or two. Onset needs this
 * many loud frames in a row and is then dated back to the first. */
#define ONSET_FRAMES        3

struct _HkVad
{
  /* Biquad high-pass state (direct form I). */
  double   b0, b1, b2, a1, a2;
  double   x1, x2, y1, y2;

  float    frame[HK_VAD_FRAME];
  guint    fill;
  guint64  n_frames;

  double   floor_db;
  gboolean speaking;
  guint    loud_frames;
  guint64  speech_start;

  HkSegments *segments;
};

static void
setup_highpass (HkVad *self,
                double cutoff)
{
  /* RBJ cookbook high-pass, Q = 1/sqrt(2). */
  double w0 = 2.0 * G_PI * cutoff / HK_VAD_RATE;
  double alpha = sin (w0) / (2.0 * (1.0 / G_SQRT2));
  double cw = cos (w0);
  double a0;

  a0 = 1.0 + alpha;
  self->b0 = (1.0 + cw) / 2.0 / a0;
  self->b1 = -(1.0 + cw) / a0;
  self->b2 = (1.0 + cw) / 2.0 / a0;
  self->a1 = -2.0 * cw / a0;
  self->a2 = (1.0 - alpha) / a0;
}

/**
 * hk_vad_new:
 *
 * Returns: (transfer full): a detector for 16 kHz mono samples
 */
HkVad *
hk_vad_new (void)
{
  HkVad *self = g_new0 (HkVad, 1);

  setup_highpass (self, 100.0);
  self->floor_db = FLOOR_START_DB;
  self->segments = hk_segments_new ();

  return self;
}

void
hk_vad_free (HkVad *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->segments, g_array_unref);
  g_free (self);
}

static double
frame_time (guint64 frame)
{
  return (double) frame * HK_VAD_FRAME / HK_VAD_RATE;
}

static void
process_frame (HkVad *self)
{
  double energy = 0.0;
  double db;

  for (guint i = 0; i < HK_VAD_FRAME; i++)
    {
      double x = self->frame[i];
      double y;

      /* NaN or infinity from a broken decoder counts as silence. */
      if (!isfinite (x))
        x = 0.0;
      y = self->b0 * x + self->b1 * self->x1 + self->b2 * self->x2
          - self->a1 * self->y1 - self->a2 * self->y2;
      self->x2 = self->x1;
      self->x1 = x;
      self->y2 = self->y1;
      self->y1 = y;
      energy += y * y;
    }

  db = 10.0 * log10 (energy / HK_VAD_FRAME + 1e-12);

  /* The first frame seeds the floor: calls start with the line open. */
  if (self->n_frames == 0 || db < self->floor_db)
    self->floor_db = db;
  else
    /* Speech must not lift the floor it is measured against; a slow rise
     * still lets a noise that started mid-sentence be learnt. */
    self->floor_db += self->speaking ? FLOOR_RISE_SPEECH_DB : FLOOR_RISE_DB;
  self->floor_db = MAX (self->floor_db, -120.0);

  if (!self->speaking)
    {
      if (db > SILENCE_DB && db > self->floor_db + ONSET_MARGIN_DB)
        {
          if (++self->loud_frames >= ONSET_FRAMES)
            {
              self->speaking = TRUE;
              self->speech_start = self->n_frames + 1 - self->loud_frames;
            }
        }
      else
        self->loud_frames = 0;
    }
  else if (db <= SILENCE_DB || db < self->floor_db + OFFSET_MARGIN_DB)
    {
      self->speaking = FALSE;
      self->loud_frames = 0;
      hk_segments_add (self->segments, frame_time (self->speech_start),
                       frame_time (self->n_frames));
    }

  self->n_frames++;
}

/**
 * hk_vad_feed:
 *
 * Feeds the next samples, in any chunk size.
 */
void
hk_vad_feed (HkVad       *self,
             const float *samples,
             gsize        n_samples)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (samples != NULL || n_samples == 0);

  for (gsize i = 0; i < n_samples; i++)
    {
      self->frame[self->fill++] = samples[i];
      if (self->fill == HK_VAD_FRAME)
        {
          process_frame (self);
          self->fill = 0;
        }
    }
}

/**
 * hk_vad_finish:
 *
 * Closes an open segment at the end of the audio and smooths the result.
 *
 * Returns: (transfer full): the speech segments; free with g_array_unref()
 */
HkSegments *
hk_vad_finish (HkVad *self)
{
  HkSegments *segments;

  g_return_val_if_fail (self != NULL, NULL);

  if (self->speaking)
    {
      self->speaking = FALSE;
      hk_segments_add (self->segments, frame_time (self->speech_start),
                       frame_time (self->n_frames));
    }

  segments = g_steal_pointer (&self->segments);
  self->segments = hk_segments_new ();
  hk_segments_tidy (segments, HK_VAD_BRIDGE, HK_VAD_MIN_SPEECH);

  return segments;
}

/**
 * hk_vad_get_duration:
 *
 * Returns: the seconds of audio fed so far, in whole frames
 */
double
hk_vad_get_duration (HkVad *self)
{
  g_return_val_if_fail (self != NULL, 0.0);

  return frame_time (self->n_frames);
}

/**
 * hk_vad_is_speaking:
 *
 * Returns: whether the party is speaking in the newest whole frame
 */
gboolean
hk_vad_is_speaking (HkVad *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->speaking;
}
