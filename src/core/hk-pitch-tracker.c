/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hk-pitch-tracker"

/* The fundamental frequency of a voice, estimated on demand from the last
 * few tens of milliseconds of 16 kHz audio.
 *
 * A voice's fundamental lies between 60 and 400 Hz, so the signal is
 * low-passed and kept at 4 kHz: a quarter of the samples and a sixteenth
 * of the work of a full-rate autocorrelation, which lets the analysis run
 * far faster than real time. The estimate is the lag of the strongest
 * normalised cross-correlation; the shortest lag that comes close to the
 * best is taken, which avoids the usual octave-too-low error, and a
 * parabola through its neighbours gives a fraction of a lag. */

#include "config.h"

#include <math.h>
#include <string.h>

#include "hk-pitch-tracker.h"
#include "hk-vad.h"

#define DECIMATION   4
#define RATE         (HK_VAD_RATE / DECIMATION)
#define MIN_LAG      10     /* RATE / HK_PITCH_MAX_HZ */
#define MAX_LAG      67     /* RATE / HK_PITCH_MIN_HZ, rounded up */
#define WINDOW       96                                        /* 24 ms */
#define HISTORY      (WINDOW + MAX_LAG + 1)
/* Correlation above which a frame counts as voiced: strict, since a
 * doubtful frame is where octave errors come from. */
#define VOICED_NCCF  0.8
/* A shorter lag within this share of the best wins over it. */
#define OCTAVE_SHARE 0.85

typedef struct {
  double b0, b1, b2, a1, a2;
  double x1, x2, y1, y2;
} Biquad;

struct _HkPitchTracker
{
  Biquad lowpass[2];
  guint  phase;
  /* The newest HISTORY samples end at history[len]; the buffer is twice
   * that long so it is shifted once every HISTORY samples, not each one. */
  float  history[2 * HISTORY];
  guint  len;
  guint  filled;
};

static void
biquad_lowpass (Biquad *bq,
                double  cutoff,
                double  rate)
{
  double w0 = 2.0 * G_PI * cutoff / rate;
  double alpha = sin (w0) / (2.0 * (1.0 / G_SQRT2));
  double cw = cos (w0);
  double a0 = 1.0 + alpha;

  bq->b0 = (1.0 - cw) / 2.0 / a0;
  bq->b1 = (1.0 - cw) / a0;
  bq->b2 = bq->b0;
  bq->a1 = -2.0 * cw / a0;
  bq->a2 = (1.0 - alpha) / a0;
}

static inline double
biquad_run (Biquad *bq,
            double  x)
{
  double y = bq->b0 * x + bq->b1 * bq->x1 + bq->b2 * bq->x2
             - bq->a1 * bq->y1 - bq->a2 * bq->y2;

  bq->x2 = bq->x1;
  bq->x1 = x;
  bq->y2 = bq->y1;
  bq->y1 = y;
  return y;
}

/**
 * hk_pitch_tracker_new:
 *
 * Returns: (transfer full): a tracker for 16 kHz mono samples
 */
HkPitchTracker *
hk_pitch_tracker_new (void)
{
  HkPitchTracker *self = g_new0 (HkPitchTracker, 1);

  /* Two cascaded sections: a fourth-order low-pass well below the new
   * Nyquist frequency of 2 kHz. */
  biquad_lowpass (&self->lowpass[0], 900.0, HK_VAD_RATE);
  biquad_lowpass (&self->lowpass[1], 900.0, HK_VAD_RATE);
  return self;
}

void
hk_pitch_tracker_free (HkPitchTracker *self)
{
  g_free (self);
}

/**
 * hk_pitch_tracker_push:
 *
 * Feeds the next samples, in any chunk size.
 */
void
hk_pitch_tracker_push (HkPitchTracker *self,
                       const float    *samples,
                       gsize           n_samples)
{
  g_return_if_fail (self != NULL);

  for (gsize i = 0; i < n_samples; i++)
    {
      double x = isfinite (samples[i]) ? samples[i] : 0.0;
      double y = biquad_run (&self->lowpass[1], biquad_run (&self->lowpass[0], x));

      if (++self->phase < DECIMATION)
        continue;
      self->phase = 0;

      if (self->len == G_N_ELEMENTS (self->history))
        {
          memmove (self->history, self->history + HISTORY, HISTORY * sizeof (float));
          self->len = HISTORY;
        }
      self->history[self->len++] = (float) y;
      if (self->filled < HISTORY)
        self->filled++;
    }
}

/**
 * hk_pitch_tracker_estimate:
 *
 * Estimates the pitch of the most recent audio.
 *
 * Returns: the fundamental in Hz, or 0 when the audio is not voiced
 */
double
hk_pitch_tracker_estimate (HkPitchTracker *self)
{
  const float *x;
  double nccf[MAX_LAG + 2] = { 0 };
  double e0 = 0.0, best = 0.0;
  int best_lag = 0, lag;

  g_return_val_if_fail (self != NULL, 0.0);

  if (self->filled < HISTORY)
    return 0.0;

  /* The reference window is the newest audio; lags reach back from it. */
  x = self->history + self->len - WINDOW;
  for (int i = 0; i < WINDOW; i++)
    e0 += (double) x[i] * x[i];
  if (e0 < 1e-9)
    return 0.0;

  for (lag = MIN_LAG - 1; lag <= MAX_LAG; lag++)
    {
      const float *y = x - lag;
      double c = 0.0, e1 = 0.0;

      for (int i = 0; i < WINDOW; i++)
        {
          c += (double) x[i] * y[i];
          e1 += (double) y[i] * y[i];
        }
      nccf[lag] = e1 > 0.0 ? c / sqrt (e0 * e1) : 0.0;
      if (lag >= MIN_LAG && nccf[lag] > best)
        best = nccf[lag];
    }

  if (best < VOICED_NCCF)
    return 0.0;

  /* The first local maximum that comes close to the best. */
  for (lag = MIN_LAG; lag < MAX_LAG; lag++)
    if (nccf[lag] >= OCTAVE_SHARE * best &&
        nccf[lag] >= nccf[lag - 1] && nccf[lag] >= nccf[lag + 1])
      {
        best_lag = lag;
        break;
      }
  if (best_lag == 0)
    return 0.0;

  {
    double a = nccf[best_lag - 1], b = nccf[best_lag], c = nccf[best_lag + 1];
    double denom = a - 2.0 * b + c;
    double shift = denom < 0.0 ? 0.5 * (a - c) / denom : 0.0;

    shift = CLAMP (shift, -0.5, 0.5);
    return (double) RATE / (best_lag + shift);
  }
}
