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
/* Two bands, split at 2.5 kHz: voicing and most noise below, hissing
 * consonants above. Each band has its own floor and speech shows in
 * either, so an "s" that drowns in a fan's rumble still counts. */
#define N_BANDS             HK_VAD_N_BANDS
#define SPLIT_HZ            2500.0
/* Speech fades in and out: the soft start of a word and its decaying end
 * lie below the onset and offset margins but above the noise. Edges are
 * followed down to this margin, at most EDGE_FRAMES (150 ms) each way. */
#define EDGE_FRAMES         15
/* A fading word may dip into the noise for this many frames and go on:
 * the closure before a final "d" or "t". */
#define EDGE_GAP_FRAMES     0
/* An edge frame stands out from the noise by this many of the noise's
 * own standard deviations, and at least EDGE_MIN_DB: tight for steady
 * hiss, wider for a fluctuating fan. */
#define EDGE_SPREADS        2.5
/* Soft edges are judged on 40 ms, not 10: a faint consonant that barely
 * lifts one frame out of the noise lifts four together clearly. */
#define TAIL_WINDOW         4
#define EDGE_MIN_DB         0.5
#define NOISE_SMOOTHING     0.02
#define QUIET_MARGIN_DB     4.0

struct _HkVad
{
  /* Biquad high-pass state (direct form I). */
  double   b0, b1, b2, a1, a2;
  double   x1, x2, y1, y2;

  float    frame[HK_VAD_FRAME];
  guint    fill;
  guint64  n_frames;

  /* Low-pass splitting the high-passed signal into two bands. */
  double   lb0, lb1, lb2, la1, la2;
  double   lx1, lx2, ly1, ly2;
  double   band_power[N_BANDS];

  double   floor_db;               /* whole signal, for the caller */
  double   band_floor_db[N_BANDS];
  /* The last TAIL_WINDOW frames' power in each band, and the noise's
   * mean and spread of that window's level, in dB. */
  double   window[N_BANDS][TAIL_WINDOW];
  double   noise_mean_db[N_BANDS];
  double   noise_var[N_BANDS];
  guint    quiet_run;               /* frames of nothing but noise */
  gboolean speaking;
  guint    loud_frames;
  guint64  speech_start;

  /* Recent frames' margin over the floor, to find where a word really
   * began and ended: its soft edges sit just above the noise. */
  double   margins[EDGE_FRAMES];
  gboolean in_tail;
  guint    tail_frames;
  guint64  tail_end;
  guint64  last_end;       /* where the last segment ended */

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

static void
setup_lowpass (HkVad *self,
               double cutoff)
{
  double w0 = 2.0 * G_PI * cutoff / HK_VAD_RATE;
  double alpha = sin (w0) / (2.0 * (1.0 / G_SQRT2));
  double cw = cos (w0);
  double a0 = 1.0 + alpha;

  self->lb0 = (1.0 - cw) / 2.0 / a0;
  self->lb1 = (1.0 - cw) / a0;
  self->lb2 = self->lb0;
  self->la1 = -2.0 * cw / a0;
  self->la2 = (1.0 - alpha) / a0;
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
  setup_lowpass (self, SPLIT_HZ);
  self->floor_db = FLOOR_START_DB;
  for (guint b = 0; b < N_BANDS; b++)
    {
      self->band_floor_db[b] = FLOOR_START_DB;
      self->noise_var[b] = 1.0;
    }
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
close_tail (HkVad *self)
{
  self->in_tail = FALSE;
  self->last_end = self->tail_end;
  hk_segments_add (self->segments, frame_time (self->speech_start), frame_time (self->tail_end));
}

/**
 * hk_vad_measure:
 * @frame: %HK_VAD_FRAME samples
 *
 * High-passes the next frame and measures it, without deciding anything;
 * hk_vad_decide() does that. The two halves let a caller that sees both
 * parties explain part of a frame by the other party's voice first.
 *
 * Returns: the frame's mean power after the high-pass
 */
double
hk_vad_measure (HkVad       *self,
                const float *frame)
{
  double energy = 0.0, low = 0.0, high = 0.0;

  g_return_val_if_fail (self != NULL, 0.0);

  for (guint i = 0; i < HK_VAD_FRAME; i++)
    {
      double x = frame[i];
      double y, yl;

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

      yl = self->lb0 * y + self->lb1 * self->lx1 + self->lb2 * self->lx2
           - self->la1 * self->ly1 - self->la2 * self->ly2;
      self->lx2 = self->lx1;
      self->lx1 = y;
      self->ly2 = self->ly1;
      self->ly1 = yl;
      low += yl * yl;
      high += (y - yl) * (y - yl);
    }

  self->band_power[0] = low / HK_VAD_FRAME;
  self->band_power[1] = high / HK_VAD_FRAME;
  return energy / HK_VAD_FRAME;
}

static double
track_floor (HkVad  *self,
             double  floor_db,
             double  db)
{
  /* The first frame seeds the floor: calls start with the line open. */
  if (self->n_frames == 0 || db < floor_db)
    floor_db = db;
  else
    /* Speech must not lift the floor it is measured against; a slow rise
     * still lets a noise that started mid-sentence be learnt. */
    floor_db += self->speaking ? FLOOR_RISE_SPEECH_DB : FLOOR_RISE_DB;
  return MAX (floor_db, -120.0);
}

/**
 * hk_vad_decide:
 * @power: the frame's power, from hk_vad_measure()
 * @explained: (array fixed-size=2) (nullable): for each band, the power
 *   known not to be this party's speech, such as the other party's voice
 *   leaking into the microphone; %NULL when nothing is known
 *
 * Decides whether the party speaks in the frame.
 */
void
hk_vad_decide (HkVad  *self,
               double        power,
               const double *explained)
{
  gboolean explained_away;
  double db, margin, edge;

  g_return_if_fail (self != NULL);

  db = 10.0 * log10 (power + 1e-12);
  /* Explained when every band is: a leaking vowel does not hide the
   * trainee's "s" in the band above. */
  explained_away = explained != NULL && self->n_frames > 0;
  for (guint b = 0; explained_away && b < N_BANDS; b++)
    explained_away = self->band_power[b] < explained[b];

  /* A frame the other voice accounts for tells nothing about this party:
   * it neither moves the floor nor counts as loud. */
  if (explained_away)
    db = MIN (db, self->floor_db);
  self->floor_db = track_floor (self, self->floor_db, db);

  /* How far the frame stands above the noise, in the band where it
   * stands out most: above the floor for the onset and offset, and
   * beyond the noise's own fluctuation for the soft edges. */
  margin = -100.0;
  edge = -100.0;
  for (guint b = 0; b < N_BANDS; b++)
    {
      double band_db = 10.0 * log10 (self->band_power[b] + 1e-12);
      double window_power = 0.0, window_db, spread;

      if (explained_away)
        band_db = MIN (band_db, self->band_floor_db[b]);
      self->band_floor_db[b] = track_floor (self, self->band_floor_db[b], band_db);

      self->window[b][self->n_frames % TAIL_WINDOW] = explained_away
        ? pow (10.0, self->band_floor_db[b] / 10.0) : self->band_power[b];
      for (guint i = 0; i < TAIL_WINDOW; i++)
        window_power += self->window[b][i];
      window_db = 10.0 * log10 (window_power / TAIL_WINDOW + 1e-12);

      if (self->n_frames < TAIL_WINDOW)
        self->noise_mean_db[b] = band_db;
      else if (self->quiet_run > TAIL_WINDOW)
        {
          double sd = MAX (sqrt (self->noise_var[b]), 0.3);
          /* Clipped, so a click or a word's last breath does not blow the
           * spread up, while a noise that truly changes is still learnt. */
          double d = CLAMP (window_db - self->noise_mean_db[b], -3.0 * sd, 3.0 * sd);

          self->noise_mean_db[b] += NOISE_SMOOTHING * d;
          self->noise_var[b] += NOISE_SMOOTHING * (d * d - self->noise_var[b]);
        }
      spread = MAX (EDGE_SPREADS * sqrt (self->noise_var[b]), EDGE_MIN_DB);

      /* A band with next to nothing in it says nothing either way. */
      if (band_db > SILENCE_DB)
        {
          margin = MAX (margin, band_db - self->band_floor_db[b]);
          edge = MAX (edge, window_db - self->noise_mean_db[b] - spread);
        }
    }
  if (db <= SILENCE_DB)
    margin = edge = -100.0;

  self->margins[self->n_frames % EDGE_FRAMES] = edge;

  /* The noise is learnt from windows that hold nothing else: no word, no
   * fading end, not even a rise too small to start one. */
  if (!self->speaking && !self->in_tail && margin < QUIET_MARGIN_DB)
    self->quiet_run++;
  else
    self->quiet_run = 0;

  if (self->in_tail)
    {
      /* Follow a fading word until it sinks into the noise. */
      self->tail_frames++;
      /* The window trails the frame by half its length. */
      if (edge > 0.0 && self->tail_frames <= EDGE_FRAMES)
        self->tail_end = MAX (self->tail_end, self->n_frames + 1 - TAIL_WINDOW / 2);
      else if (self->tail_frames > EDGE_FRAMES ||
               self->n_frames + 1 - self->tail_end > EDGE_GAP_FRAMES)
        close_tail (self);
    }

  if (!self->speaking)
    {
      if (margin > ONSET_MARGIN_DB)
        {
          if (++self->loud_frames >= ONSET_FRAMES)
            {
              guint64 start = self->n_frames + 1 - self->loud_frames;
              guint back = 0;

              /* Walk back over the word's soft start, across a frame or
               * two that dip into the noise. */
              for (guint k = 0, gap = 0; k + self->loud_frames < EDGE_FRAMES && start > k; k++)
                {
                  if (self->margins[(start - k - 1) % EDGE_FRAMES] > 0.0)
                    {
                      back = k + 1;
                      gap = 0;
                    }
                  else if (++gap > EDGE_GAP_FRAMES)
                    break;
                }

              if (self->in_tail)
                {
                  /* Speech came back before the last word had faded:
                   * one stretch, which the tidying bridges or keeps. */
                  close_tail (self);
                }
              self->speaking = TRUE;
              /* Never reach back into the segment before. */
              self->speech_start = MAX (start - back, self->last_end);
            }
        }
      else
        self->loud_frames = 0;
    }
  else if (margin < OFFSET_MARGIN_DB)
    {
      self->speaking = FALSE;
      self->loud_frames = 0;
      self->in_tail = TRUE;
      self->tail_frames = 1;
      self->tail_end = self->n_frames;
      if (edge > 0.0)
        {
          self->tail_frames = 1;
          self->tail_end = self->n_frames + 1;
        }
    }

  self->n_frames++;
}

/**
 * hk_vad_get_band_power:
 * @band: 0 for below 2.5 kHz, 1 for above
 *
 * Returns: the newest measured frame's power in @band
 */
double
hk_vad_get_band_power (HkVad *self,
                       guint  band)
{
  g_return_val_if_fail (self != NULL, 0.0);
  g_return_val_if_fail (band < N_BANDS, 0.0);

  return self->band_power[band];
}

/**
 * hk_vad_get_band_floor:
 *
 * Returns: the noise floor's power in @band
 */
double
hk_vad_get_band_floor (HkVad *self,
                       guint  band)
{
  g_return_val_if_fail (self != NULL, 0.0);
  g_return_val_if_fail (band < N_BANDS, 0.0);

  return pow (10.0, self->band_floor_db[band] / 10.0);
}

/**
 * hk_vad_get_floor:
 *
 * Returns: the noise floor's power as the detector now reckons it
 */
double
hk_vad_get_floor (HkVad *self)
{
  g_return_val_if_fail (self != NULL, 0.0);

  return pow (10.0, self->floor_db / 10.0);
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
          hk_vad_decide (self, hk_vad_measure (self, self->frame), NULL);
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
  else if (self->in_tail)
    close_tail (self);

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
