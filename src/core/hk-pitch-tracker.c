/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hk-pitch-tracker"

/* The fundamental frequency of a voice, estimated on demand from the last
 * few tens of milliseconds of 16 kHz audio.
 *
 * A voice's fundamental lies between 60 and 400 Hz, so the signal is
 * low-passed and kept at 4 kHz: a quarter of the samples and a sixteenth
 * of the work of a full-rate autocorrelation, which lets the analysis run
 * far faster than real time. The low-pass is a windowed-sinc FIR worked
 * out only at the kept samples. The estimate is the lag of the strongest
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
#define WINDOW       96     /* 24 ms; a multiple of 4 */
#define HISTORY      (WINDOW + MAX_LAG + 1)
/* Correlation above which a frame counts as voiced: strict, since a
 * doubtful frame is where octave errors come from. */
#define VOICED_NCCF  0.8
/* A shorter lag within this share of the best wins over it. */
#define OCTAVE_SHARE 0.85

#define TAPS         48     /* 3 ms: a 900 Hz low-pass, well under 2 kHz */

struct _HkPitchTracker
{
  float  taps[TAPS];
  /* The last TAPS input samples, written twice so that they always lie
   * in one piece at input[pos .. pos + TAPS). */
  float  input[2 * TAPS];
  guint  pos;
  guint  phase;
  /* The newest HISTORY samples end at history[len]; the buffer is twice
   * that long so it is shifted once every HISTORY samples, not each one. */
  float  history[2 * HISTORY];
  guint  len;
  guint  filled;
};

/**
 * hk_pitch_tracker_new:
 *
 * Returns: (transfer full): a tracker for 16 kHz mono samples
 */
HkPitchTracker *
hk_pitch_tracker_new (void)
{
  HkPitchTracker *self = g_new0 (HkPitchTracker, 1);
  double sum = 0.0;

  /* Sinc at 900 Hz under a Hann window, normalised to unit gain. */
  for (int i = 0; i < TAPS; i++)
    {
      double t = i - (TAPS - 1) / 2.0;
      double fc = 900.0 / HK_VAD_RATE;
      double sinc = t == 0.0 ? 2.0 * fc : sin (2.0 * G_PI * fc * t) / (G_PI * t);
      double hann = 0.5 - 0.5 * cos (2.0 * G_PI * (i + 0.5) / TAPS);

      self->taps[i] = (float) (sinc * hann);
      sum += self->taps[i];
    }
  for (int i = 0; i < TAPS; i++)
    self->taps[i] = (float) (self->taps[i] / sum);

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
      float x = isfinite (samples[i]) ? samples[i] : 0.0f;
      const float *window;
      float y0 = 0.0f, y1 = 0.0f, y2 = 0.0f, y3 = 0.0f;

      self->input[self->pos] = self->input[self->pos + TAPS] = x;
      self->pos = (self->pos + 1) % TAPS;

      if (++self->phase < DECIMATION)
        continue;
      self->phase = 0;

      window = self->input + self->pos;
      for (int k = 0; k < TAPS; k += 4)
        {
          y0 += self->taps[k] * window[k];
          y1 += self->taps[k + 1] * window[k + 1];
          y2 += self->taps[k + 2] * window[k + 2];
          y3 += self->taps[k + 3] * window[k + 3];
        }

      if (self->len == G_N_ELEMENTS (self->history))
        {
          memmove (self->history, self->history + HISTORY, HISTORY * sizeof (float));
          self->len = HISTORY;
        }
      self->history[self->len++] = y0 + y1 + y2 + y3;
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
  const float *x, *y;
  double nccf[MAX_LAG + 2] = { 0 };
  double e0 = 0.0, e1 = 0.0, best = 0.0;
  int best_lag = 0, lag;

  g_return_val_if_fail (self != NULL, 0.0);

  if (self->filled < HISTORY)
    return 0.0;

  /* The reference window is the newest audio; lags reach back from it.
   * The lagged window's energy slides by one sample a lag. */
  x = self->history + self->len - WINDOW;
  for (int i = 0; i < WINDOW; i++)
    e0 += (double) x[i] * x[i];
  if (e0 < 1e-9)
    return 0.0;

  y = x - (MIN_LAG - 1);
  for (int i = 0; i < WINDOW; i++)
    e1 += (double) y[i] * y[i];

  for (lag = MIN_LAG - 1; lag <= MAX_LAG; lag++)
    {
      float c0 = 0.0f, c1 = 0.0f, c2 = 0.0f, c3 = 0.0f;
      double c;

      y = x - lag;
      if (lag > MIN_LAG - 1)
        {
          e1 += (double) y[0] * y[0] - (double) y[WINDOW] * y[WINDOW];
          e1 = MAX (e1, 0.0);
        }
      /* Four running sums keep the multipliers busy. */
      for (int i = 0; i < WINDOW; i += 4)
        {
          c0 += x[i] * y[i];
          c1 += x[i + 1] * y[i + 1];
          c2 += x[i + 2] * y[i + 2];
          c3 += x[i + 3] * y[i + 3];
        }
      c = (double) c0 + c1 + c2 + c3;
      nccf[lag] = e1 > 1e-12 ? c / sqrt (e0 * e1) : 0.0;
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
