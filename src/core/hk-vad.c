/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hk-vad"

/* Voice activity for one party, streamed in 10 ms frames at 16 kHz.
 *
 * The signal is first high-passed at about 100 Hz, which removes mains hum
 * and most fan rumble while keeping the voice's energy. Each frame's level
 * is compared with a noise floor that follows the quietest recent frames:
 * it falls at once to a quieter frame and rises only slowly, so speech
 * never drags it up but a fan switched on is learnt within seconds.
 * Speech is told by a fixed margin above the floor, higher to start than
 * to go on (hysteresis). That finds the words but not their exact edges,
 * which fade below any fixed margin: the edges are then placed by how far
 * each frame stands out of the noise, measured in the noise's own spread
 * (see EDGE_COST). The result is smoothed as DESIGN.md says: short
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
 * many loud frames in a row. */
#define ONSET_FRAMES        3
/* Two bands, split at 2.5 kHz: voicing and most noise below, hissing
 * consonants above. Each band has its own floor and speech shows in
 * either, so an "s" that drowns in a fan's rumble still counts. */
#define N_BANDS             HK_VAD_N_BANDS
#define SPLIT_HZ            2500.0
/* Speech fades in and out: the soft start of a word and its decaying end
 * lie below the onset and offset margins but above the noise, and a word
 * may end in a burst after a silent closure ("d", "t"). Where a segment
 * really starts and ends is found by weighing each frame's evidence, in
 * the noise's own standard deviations, against EDGE_COST: the boundary
 * goes where the summed evidence of the frames it takes in is greatest.
 * A noise frame costs about EDGE_COST, so noise alone never extends a
 * segment far, while a burst after a short closure pays for it. The
 * search reaches EDGE_FRAMES (150 ms) out and EDGE_BACK_FRAMES into what
 * the margins called speech. */
#define EDGE_FRAMES         15
#define EDGE_BACK_FRAMES    8
#define EDGE_COST           2.0
#define EVIDENCE_MIN       -3.0
#define EVIDENCE_MAX        6.0
#define SPREAD_MIN_DB       0.3
#define HISTORY             32    /* frames of evidence kept */
/* A word's end is also where it has faded this far below its loudest:
 * what lingers beyond, a breath or the room, is not heard as speech. */
#define RANGE_DB            35.0
/* The noise's mean and spread per 10 ms frame are learnt from frames at
 * least QUIET_FRAMES away from speech; a step is clipped to three
 * spreads, so a breath or a click barely moves them while a noise that
 * truly changes is learnt within seconds. */
#define QUIET_FRAMES        4
#define NOISE_SMOOTHING     0.02

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
  /* The noise's mean level and variance in each band, in dB a frame. */
  double   noise_mean_db[N_BANDS];
  double   noise_var[N_BANDS];
  guint    quiet_run;               /* frames of nothing but noise */
  gboolean speaking;
  guint    loud_frames;
  guint64  speech_start;
  double   loudest_db;     /* of the segment being spoken */

  /* Each recent frame's evidence of speech: how far it stands above the
   * noise, in spreads, in the band where it stands out most. */
  double   evidence[HISTORY];
  /* A segment's end being sought: the summed evidence from the first
   * frame weighed, and the best end so far with its sum. */
  gboolean in_tail;
  guint    tail_frames;
  double   tail_sum;
  double   tail_best;
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

static double
evidence_at (HkVad   *self,
             guint64  frame)
{
  return self->evidence[frame % HISTORY];
}

/* Weighs frame @frame, of @evidence, for the end being sought: the end
 * moves past it when the frames up to it are worth more than any
 * earlier end. */
static void
weigh_tail (HkVad   *self,
            guint64  frame,
            double   evidence)
{
  self->tail_sum += evidence - EDGE_COST;
  if (self->tail_sum > self->tail_best)
    {
      self->tail_best = self->tail_sum;
      self->tail_end = frame + 1;
    }
}

/* Starts seeking the end of the segment that stopped being loud at the
 * newest frame. The search first weighs the segment's last frames, so an
 * end that the margins placed in the noise is drawn back. */
static void
open_tail (HkVad *self)
{
  guint64 first = MAX (self->n_frames - MIN (self->n_frames, EDGE_BACK_FRAMES),
                       self->speech_start + 1);

  self->in_tail = TRUE;
  self->tail_frames = 0;
  self->tail_sum = 0.0;
  self->tail_best = 0.0;
  self->tail_end = first;
  for (guint64 f = first; f < self->n_frames; f++)
    weigh_tail (self, f, evidence_at (self, f));
}

/* Where the speech that became loud at frame @loud really began: the
 * start that takes in the most evidence, reaching back over the word's
 * soft beginning but never into the segment before. */
static guint64
find_start (HkVad   *self,
            guint64  loud)
{
  guint64 lowest = MAX (loud - MIN (loud, EDGE_FRAMES), self->last_end);
  guint64 start = loud;
  double sum = 0.0, best = 0.0;

  for (guint64 f = loud; f > lowest; f--)
    {
      sum += evidence_at (self, f - 1) - EDGE_COST;
      if (sum > best)
        {
          best = sum;
          start = f - 1;
        }
    }
  return start;
}

/* Learns the noise's level and spread in @band from a frame far from any
 * speech. */
static void
learn_noise (HkVad  *self,
             guint   band,
             double  band_db)
{
  double sd = MAX (sqrt (self->noise_var[band]), SPREAD_MIN_DB);
  double d = CLAMP (band_db - self->noise_mean_db[band], -3.0 * sd, 3.0 * sd);

  self->noise_mean_db[band] += NOISE_SMOOTHING * d;
  self->noise_var[band] += NOISE_SMOOTHING * (d * d - self->noise_var[band]);
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
  gboolean explained_away, quiet;
  double db, margin, evidence;

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

  /* The noise is learnt only from frames well clear of speech. */
  quiet = !self->speaking && !self->in_tail && self->quiet_run >= QUIET_FRAMES;

  /* How far the frame stands above the noise, in the band where it
   * stands out most: above the floor for the onset and offset, and in
   * the noise's own spreads for the evidence that places the edges. */
  margin = -100.0;
  evidence = EVIDENCE_MIN;
  for (guint b = 0; b < N_BANDS; b++)
    {
      double band_db = 10.0 * log10 (self->band_power[b] + 1e-12);

      if (explained_away)
        band_db = MIN (band_db, self->band_floor_db[b]);
      self->band_floor_db[b] = track_floor (self, self->band_floor_db[b], band_db);

      if (self->n_frames == 0)
        self->noise_mean_db[b] = band_db;
      else if (quiet && !explained_away)
        learn_noise (self, b, band_db);

      /* A band with next to nothing in it says nothing either way. */
      if (band_db > SILENCE_DB && !explained_away)
        {
          double sd = MAX (sqrt (self->noise_var[b]), SPREAD_MIN_DB);

          margin = MAX (margin, band_db - self->band_floor_db[b]);
          evidence = MAX (evidence, (band_db - self->noise_mean_db[b]) / sd);
        }
    }
  if (db <= SILENCE_DB)
    margin = -100.0;
  /* A frame the other voice explains weighs as plain noise would, and so
   * does one faded far below the word before it. */
  if (explained_away)
    evidence = 0.0;
  else if (self->in_tail)
    {
      /* The voice's own level: the frame's power less the noise's. */
      double noise = 0.0;

      for (guint b = 0; b < N_BANDS; b++)
        noise += pow (10.0, self->noise_mean_db[b] / 10.0);
      if (10.0 * log10 (MAX (power - noise, 1e-12)) < self->loudest_db - RANGE_DB)
        evidence = MIN (evidence, 0.0);
    }
  evidence = CLAMP (evidence, EVIDENCE_MIN, EVIDENCE_MAX);
  self->evidence[self->n_frames % HISTORY] = evidence;

  if (!self->speaking && !self->in_tail && margin < OFFSET_MARGIN_DB)
    self->quiet_run++;
  else
    self->quiet_run = 0;

  if (self->in_tail)
    {
      /* Follow a fading word, across a closure to its last burst. */
      self->tail_frames++;
      weigh_tail (self, self->n_frames, evidence);
      if (self->tail_frames >= EDGE_FRAMES)
        close_tail (self);
    }

  if (!self->speaking)
    {
      if (margin > ONSET_MARGIN_DB)
        {
          if (++self->loud_frames >= ONSET_FRAMES)
            {
              guint64 loud = self->n_frames + 1 - self->loud_frames;

              if (self->in_tail)
                {
                  /* Speech came back before the last word had faded:
                   * one stretch, which the tidying bridges or keeps. */
                  close_tail (self);
                }
              self->speaking = TRUE;
              self->speech_start = find_start (self, loud);
              self->loudest_db = db;
            }
        }
      else
        self->loud_frames = 0;
    }
  else if (margin >= OFFSET_MARGIN_DB)
    self->loudest_db = MAX (self->loudest_db, db);
  else
    {
      self->speaking = FALSE;
      self->loud_frames = 0;
      open_tail (self);
      /* This frame, the first below the margin, is weighed too. */
      self->tail_frames = 1;
      weigh_tail (self, self->n_frames, evidence);
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
