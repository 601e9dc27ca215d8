/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hk-echo-canceller"

/* Takes the customer's voice out of a microphone that hears the speakers.
 *
 * The recorder knows exactly what the customer said and when it was sent
 * to the speaker (the reference); the microphone hears it back some time
 * later, coloured by the room. That time is unknown and may be anything
 * from a few to several hundred milliseconds (sound servers buffer), so
 * it is found first, the way WebRTC's delay estimator does: each 8 ms
 * block of either signal is reduced to 32 bits, one per band, set where
 * the band is louder than usual, and the lag at which the reference's
 * bits best predict the microphone's, over the last second or so, is the
 * echo's delay.
 *
 * From that delay on, an adaptive filter of 128 ms (sixteen partitions,
 * in the frequency domain) learns the path from speaker to microphone and
 * subtracts the echo it predicts. Two copies of the filter run, as in
 * Speex's echo canceller: one adapts all the time and one is used, and the
 * used one is replaced only when the adapting one does better. When the
 * trainee talks over the customer, the adapting filter is thrown off, but
 * it then does worse and is not taken, so the trainee's voice is kept.
 * What the filter leaves is then suppressed band by band (suppress()),
 * but only once the filter has shown that the microphone really hears
 * the speaker: a headset's microphone passes through untouched.
 *
 * It costs about 2 % of one core in real time (10 s of audio in about
 * 0.23 s here), so it suits the recorder rather than the 1,000-times
 * real time analysis.
 *
 * All is 16 kHz mono, in blocks of 128 samples; the output lags the input
 * by two blocks (hk_echo_canceller_get_latency()). Memory is fixed. */

#include "config.h"

#include <math.h>
#include <string.h>

#include "hk-echo-canceller.h"
#include "hk-fft.h"

#define RATE      16000
#define N         HK_ECHO_CANCELLER_BLOCK
#define M         (2 * N)               /* FFT size */
#define PARTS     16                    /* filter length: 16 blocks, 128 ms */
#define MAX_LAG   125                   /* blocks: 1 s */
#define PRE       2                     /* blocks of filter before the found delay */
#define HIST      (MAX_LAG + PARTS + 2)
#define N_BANDS   32
#define BAND_BINS 3
#define FIRST_BIN 3                     /* about 190 Hz */
#define STEP      1.0                   /* the adapting filter's step size */
/* A block of reference quieter than this carries nothing to learn from
 * (about -60 dBFS). */
#define SILENT_POWER 1e-6
/* The lag must beat the average lag by this many of 32 bits, after this
 * many blocks of evidence, before it is believed. */
#define LAG_MARGIN_BITS   4.0
#define LAG_MIN_BLOCKS    25
#define LAG_SWITCH_BITS   2.5
#define LAG_SMOOTHING     0.04
#define CANDIDATE_BLOCKS  8
/* The filter works while what it leaves is 10 dB under what it hears. */
#define WORKING_ERLE      0.1
/* The microphone proves it hears the speaker when, over this many
 * blocks in a row, its bands follow the reference with at least this
 * coherence on average. */
#define PROOF_BLOCKS      4
#define PROOF_COHERENCE   0.6
/* The suppressor works in bands of 250 Hz, its spectra smoothed over
 * about 40 ms, and never takes a band down by more than 40 dB. */
#define SUPPRESS_BAND_BINS 4
#define N_SUPPRESS_BANDS   (N / SUPPRESS_BAND_BINS + 1)
#define SUPPRESS_SMOOTHING 0.8
#define SUPPRESS_FLOOR     0.01
#define SUPPRESS_LAGS      3
/* The noise floor under the output rises by about 1 dB a second when
 * nothing quieter comes. */
#define NOISE_RISE         1.002
/* The quietest is some 6 dB under the noise's mean. */
#define NOISE_BIAS         4.0
#define OVERDRIVE          2.0

struct _HkEchoCanceller
{
  HkFft     *fft;

  float      in_ref[N];
  float      in_mic[N];
  guint      in_fill;
  float      prev_ref[N];
  float      prev_mic[N];
  GArray    *out;               /* float, processed and not yet handed out */
  gsize      out_pos;

  guint64    block;             /* blocks processed */
  HkComplex  spectra[HIST][M];  /* the reference's, by block */
  double     ref_power[HIST];   /* mean square of each reference block */
  guint32    ref_bits[HIST];

  /* The delay estimator. */
  double     ref_mean[N_BANDS];  /* each band's usual level, in dB */
  double     mic_mean[N_BANDS];
  double     mic_floor_db;
  double     cost[MAX_LAG + 1];  /* smoothed bits wrong at each lag */
  guint      evidence;
  guint64    last_ref_active;
  gboolean   ref_ever_active;
  int        lag;               /* blocks, or -1 before it is known */
  int        candidate;         /* the likeliest lag so far, or -1 */
  guint      coherent_blocks;   /* in a row, where the microphone follows the reference */
  int        offset;            /* the filter's first partition, in blocks */
  gboolean   echo_heard;        /* coherence proved the microphone hears the speaker */

  /* The filters, their errors and the reference's power per bin. */
  HkComplex  used[PARTS][M];
  HkComplex  adapting[PARTS][M];
  double     far_power[M];
  double     used_error;
  double     adapting_error;
  double     mic_energy;
  double     used_slow;
  double     mic_slow;
  /* The suppressor: smoothed spectra and cross-spectra of the
   * microphone (d), the filter's output (e) and the reference at the
   * echo's delay (x, at it and the blocks either side). */
  double     window[M];
  float      prev_out[N];
  double     overlap[N];
  double     s_dd[N + 1];
  double     s_ee[N + 1];
  double     s_xx[SUPPRESS_LAGS][N + 1];
  HkComplex  s_de[N + 1];
  double     s_yy[N + 1];
  HkComplex  s_yd[N + 1];
  float      prev_echo[N];
  HkComplex  s_xd[SUPPRESS_LAGS][N + 1];
  double     gain[N_SUPPRESS_BANDS];
  double     noise[N_SUPPRESS_BANDS]; /* the output's quietest, by band */
};

/**
 * hk_echo_canceller_new:
 *
 * Returns: (transfer full): a canceller for 16 kHz mono audio
 */
HkEchoCanceller *
hk_echo_canceller_new (void)
{
  HkEchoCanceller *self = g_new0 (HkEchoCanceller, 1);
  float zeros[N] = { 0 };

  self->fft = hk_fft_new (M);
  self->out = g_array_new (FALSE, FALSE, sizeof (float));
  /* The output starts a block behind, for the block being gathered; the
   * suppressor's overlap adds another as it goes. */
  g_array_append_vals (self->out, zeros, N);
  /* A periodic square-root Hann window: its square overlapped by half
   * adds up to exactly one. */
  for (guint i = 0; i < M; i++)
    self->window[i] = sqrt (0.5 - 0.5 * cos (2.0 * G_PI * i / M));
  for (guint b = 0; b < N_SUPPRESS_BANDS; b++)
    self->gain[b] = 1.0;
  self->lag = -1;
  self->candidate = -1;
  self->mic_floor_db = 0.0;
  for (guint b = 0; b < N_BANDS; b++)
    self->ref_mean[b] = self->mic_mean[b] = -100.0;
  /* Lags not yet seen count as a coin toss per band. */
  for (guint l = 0; l <= MAX_LAG; l++)
    self->cost[l] = N_BANDS / 2;

  return self;
}

void
hk_echo_canceller_free (HkEchoCanceller *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->fft, hk_fft_free);
  g_clear_pointer (&self->out, g_array_unref);
  g_free (self);
}

/**
 * hk_echo_canceller_get_latency:
 *
 * Returns: how many samples the output lags the input
 */
guint
hk_echo_canceller_get_latency (HkEchoCanceller *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return 2 * N;
}

static void
spectrum (HkEchoCanceller *self,
          const float     *older,
          const float     *newer,
          HkComplex       *out)
{
  for (guint i = 0; i < N; i++)
    {
      out[i].re = older[i];
      out[i].im = 0.0;
      out[N + i].re = newer[i];
      out[N + i].im = 0.0;
    }
  hk_fft_forward (self->fft, out);
}

/* One bit per band: louder than the band usually is when it sounds. */
static guint32
band_bits (const HkComplex *spec,
           double          *mean,
           gboolean         learn)
{
  guint32 bits = 0;

  for (guint b = 0; b < N_BANDS; b++)
    {
      double p = 0.0, db;

      for (guint i = 0; i < BAND_BINS; i++)
        {
          const HkComplex *c = &spec[FIRST_BIN + b * BAND_BINS + i];

          p += c->re * c->re + c->im * c->im;
        }
      db = 10.0 * log10 (p + 1e-12);
      if (mean[b] <= -100.0)
        mean[b] = db;
      if (db > mean[b])
        bits |= 1u << b;
      if (learn)
        mean[b] += 0.02 * (db - mean[b]);
    }
  return bits;
}

static guint
slot (guint64 block)
{
  return (guint) (block % HIST);
}

/* Moves the filters so that they start @offset blocks after the
 * reference, keeping what they learnt of the path. */
static void
set_offset (HkEchoCanceller *self,
            int              offset)
{
  int shift = offset - self->offset;

  if (shift == 0)
    return;
  for (int pass = 0; pass < 2; pass++)
    {
      HkComplex (*w)[M] = pass == 0 ? self->used : self->adapting;
      HkComplex moved[PARTS][M];

      memset (moved, 0, sizeof moved);
      for (int p = 0; p < PARTS; p++)
        if (p + shift >= 0 && p + shift < PARTS)
          memcpy (moved[p], w[p + shift], sizeof moved[p]);
      memcpy (w, moved, sizeof moved);
    }
  self->offset = offset;
}

static void
set_lag (HkEchoCanceller *self,
         int              lag)
{
  self->lag = lag;
  set_offset (self, MAX (0, lag - PRE));
}

static void
estimate_delay (HkEchoCanceller *self,
                guint32          mic_bits,
                gboolean         mic_active)
{
  double best = G_MAXDOUBLE, mean = 0.0;
  int best_lag = 0, max_lag;

  /* Only a microphone that hears something, while the customer has
   * spoken within the last second, says where the echo is. */
  if (!mic_active || !self->ref_ever_active || self->block - self->last_ref_active > MAX_LAG)
    return;

  max_lag = (int) MIN ((guint64) MAX_LAG, self->block);
  for (int l = 0; l <= max_lag; l++)
    {
      guint32 ref = self->ref_bits[slot (self->block - l)];
      double wrong = __builtin_popcount (ref ^ mic_bits);

      self->cost[l] += LAG_SMOOTHING * (wrong - self->cost[l]);
    }
  self->evidence++;
  if (self->evidence < CANDIDATE_BLOCKS)
    return;

  for (int l = 0; l <= MAX_LAG; l++)
    {
      mean += self->cost[l];
      if (self->cost[l] < best)
        {
          best = self->cost[l];
          best_lag = l;
        }
    }
  mean /= MAX_LAG + 1;
  /* The likeliest lag so far, for the suppressor to test before the
   * bits alone are sure (see suppress()). */
  self->candidate = best_lag;
  if (self->evidence < LAG_MIN_BLOCKS || mean - best < LAG_MARGIN_BITS)
    return;
  if (self->lag >= 0 && (best_lag == self->lag || self->cost[self->lag] - best < LAG_SWITCH_BITS))
    return;
  /* A lag the filter is cancelling well at is kept: as a sound fades
   * out, its faint tail can make an earlier, louder block look the
   * better match for a moment, and following it would let the next
   * words through. A real change of delay shows first as a filter
   * that no longer cancels. */
  if (self->lag >= 0 && self->used_slow < WORKING_ERLE * self->mic_slow)
    return;

  set_lag (self, best_lag);
}

/* The reference spectrum that filter partition @p meets this block, or
 * %NULL before the call has gone on that long. */
static const HkComplex *
partition_input (HkEchoCanceller *self,
                 int              p)
{
  gint64 b = (gint64) self->block - self->offset - p;

  return b < 0 ? NULL : self->spectra[slot ((guint64) b)];
}

/* The echo the filter @w predicts for the newest block, in time. */
static void
predict (HkEchoCanceller *self,
         HkComplex        w[PARTS][M],
         float           *echo)
{
  HkComplex y[M];

  memset (y, 0, sizeof y);
  for (int p = 0; p < PARTS; p++)
    {
      const HkComplex *x = partition_input (self, p);

      if (x == NULL)
        break;
      for (guint k = 0; k < M; k++)
        {
          y[k].re += w[p][k].re * x[k].re - w[p][k].im * x[k].im;
          y[k].im += w[p][k].re * x[k].im + w[p][k].im * x[k].re;
        }
    }
  hk_fft_inverse (self->fft, y);
  for (guint i = 0; i < N; i++)
    echo[i] = (float) y[N + i].re;
}

static void
adapt (HkEchoCanceller *self,
       const float     *error)
{
  HkComplex e[M], w[M];
  double ref_energy = 0.0, share[PARTS], largest = 0.0, total = 0.0;

  for (int p = 0; p < PARTS; p++)
    {
      gint64 b = (gint64) self->block - self->offset - p;

      if (b >= 0)
        ref_energy += self->ref_power[slot ((guint64) b)];
    }
  if (ref_energy < SILENT_POWER)
    return;

  for (guint i = 0; i < N; i++)
    {
      e[i].re = e[i].im = 0.0;
      e[N + i].re = error[i];
      e[N + i].im = 0.0;
    }
  hk_fft_forward (self->fft, e);

  /* Proportionate steps, as in Speex: a partition that holds more of the
   * path learns faster, so the strong direct sound is found within a
   * second rather than spread thin over all sixteen. */
  for (int p = 0; p < PARTS; p++)
    {
      double norm = 0.0;

      for (guint k = 0; k < M; k++)
        norm += self->adapting[p][k].re * self->adapting[p][k].re
                + self->adapting[p][k].im * self->adapting[p][k].im;
      share[p] = sqrt (norm);
      largest = MAX (largest, share[p]);
    }
  for (int p = 0; p < PARTS; p++)
    {
      share[p] += 0.1 * largest + 1e-6;
      total += share[p];
    }

  for (int p = 0; p < PARTS; p++)
    {
      const HkComplex *x = partition_input (self, p);

      if (x == NULL)
        break;
      for (guint k = 0; k < M; k++)
        {
          /* Normalised by the reference's power in the bin, and a
           * little more so a quiet bin cannot blow up. */
          double g = STEP * share[p] / total / (self->far_power[k] + M * SILENT_POWER);

          self->adapting[p][k].re += g * (x[k].re * e[k].re + x[k].im * e[k].im);
          self->adapting[p][k].im += g * (x[k].re * e[k].im - x[k].im * e[k].re);
        }
    }

  /* Keep each partition a causal filter of N taps, as the overlap-save
   * frame requires. */
  for (int p = 0; p < PARTS; p++)
    {
      memcpy (w, self->adapting[p], sizeof w);
      hk_fft_inverse (self->fft, w);
      for (guint i = 0; i < M; i++)
        {
          w[i].im = 0.0;
          if (i >= N)
            w[i].re = 0.0;
        }
      hk_fft_forward (self->fft, w);
      memcpy (self->adapting[p], w, sizeof w);
    }
}

static double
energy_of (const float *x,
           guint        n)
{
  double e = 0.0;

  for (guint i = 0; i < n; i++)
    e += (double) x[i] * x[i];
  return e;
}

static double
coherence (HkComplex cross,
           double    a,
           double    b)
{
  return (cross.re * cross.re + cross.im * cross.im) / (a * b + 1e-20);
}

/* What the filter leaves of the echo, taken out by band, in the manner
 * of WebRTC's suppressor: where the microphone follows the reference
 * closely (coherence near 1) the band is echo, and where the filter's
 * output still resembles the microphone (coherence near 1) it took out
 * nothing and the band is the trainee's. The quieter of the two verdicts
 * sets the band's gain. Before the delay is known, or when the customer
 * has been silent for longer than the echo lasts, everything passes.
 *
 * The gains are applied to overlapping, windowed frames of two blocks,
 * which adds one block to the latency; with all gains at 1 the frames
 * add back to the input exactly. */
static void
suppress (HkEchoCanceller *self,
          const HkComplex *mic,
          const float     *echo,
          const float     *cleaned)
{
  HkComplex e[M], y[M], frame[M];
  double gain[N_SUPPRESS_BANDS], coherent = 0.0;
  float done[N];
  guint n_coherent = 0;
  int track = self->lag >= 0 ? self->lag : self->candidate;
  gboolean echo_possible;

  spectrum (self, self->prev_out, cleaned, e);
  spectrum (self, self->prev_echo, echo, y);
  memcpy (self->prev_echo, echo, sizeof self->prev_echo);
  echo_possible = track >= 0 && self->block >= (guint64) track + 2 &&
                  self->block - self->last_ref_active <= (guint64) track + PARTS + PRE;

  for (guint b = 0; b < N_SUPPRESS_BANDS; b++)
    {
      double best_xd = 0.0;

      gain[b] = 1.0;
      for (guint k = b * SUPPRESS_BAND_BINS; k < (b + 1) * SUPPRESS_BAND_BINS && k <= N; k++)
        {
          double a = SUPPRESS_SMOOTHING, dd = mic[k].re * mic[k].re + mic[k].im * mic[k].im;
          double ee = e[k].re * e[k].re + e[k].im * e[k].im;

          self->s_dd[k] = a * self->s_dd[k] + (1.0 - a) * dd;
          self->s_ee[k] = a * self->s_ee[k] + (1.0 - a) * ee;
          self->s_de[k].re = a * self->s_de[k].re + (1.0 - a) * (mic[k].re * e[k].re + mic[k].im * e[k].im);
          self->s_de[k].im = a * self->s_de[k].im + (1.0 - a) * (mic[k].im * e[k].re - mic[k].re * e[k].im);
          self->s_yy[k] = a * self->s_yy[k] + (1.0 - a) * (y[k].re * y[k].re + y[k].im * y[k].im);
          self->s_yd[k].re = a * self->s_yd[k].re + (1.0 - a) * (y[k].re * mic[k].re + y[k].im * mic[k].im);
          self->s_yd[k].im = a * self->s_yd[k].im + (1.0 - a) * (y[k].im * mic[k].re - y[k].re * mic[k].im);
          /* The reference at the delay and the blocks either side, as
           * the delay rarely falls on a block's edge. */
          for (guint j = 0; j < SUPPRESS_LAGS; j++)
            {
              gint64 blk = (gint64) self->block - track + 1 - (gint64) j;
              const HkComplex *x;
              double xx;

              if (track < 0 || blk < 0)
                continue;
              x = &self->spectra[slot ((guint64) blk)][k];
              xx = x->re * x->re + x->im * x->im;
              self->s_xx[j][k] = a * self->s_xx[j][k] + (1.0 - a) * xx;
              self->s_xd[j][k].re = a * self->s_xd[j][k].re + (1.0 - a) * (x->re * mic[k].re + x->im * mic[k].im);
              self->s_xd[j][k].im = a * self->s_xd[j][k].im + (1.0 - a) * (x->im * mic[k].re - x->re * mic[k].im);
            }
        }
      {
        double ee = 0.0;

        for (guint k = b * SUPPRESS_BAND_BINS; k < (b + 1) * SUPPRESS_BAND_BINS && k <= N; k++)
          ee += self->s_ee[k];
        if (self->block == 0 || ee < self->noise[b])
          self->noise[b] = ee;
        else
          self->noise[b] *= NOISE_RISE;
      }
      if (!echo_possible)
        continue;

      {
        HkComplex xd[SUPPRESS_LAGS] = { { 0 } }, de = { 0 }, yd = { 0 };
        double xx[SUPPRESS_LAGS] = { 0 }, dd = 0.0, ee = 0.0, yy = 0.0, coh_de;

        for (guint k = b * SUPPRESS_BAND_BINS; k < (b + 1) * SUPPRESS_BAND_BINS && k <= N; k++)
          {
            for (guint j = 0; j < SUPPRESS_LAGS; j++)
              {
                xd[j].re += self->s_xd[j][k].re;
                xd[j].im += self->s_xd[j][k].im;
                xx[j] += self->s_xx[j][k];
              }
            de.re += self->s_de[k].re;
            de.im += self->s_de[k].im;
            yd.re += self->s_yd[k].re;
            yd.im += self->s_yd[k].im;
            yy += self->s_yy[k];
            dd += self->s_dd[k];
            ee += self->s_ee[k];
          }
        for (guint j = 0; j < SUPPRESS_LAGS; j++)
          best_xd = MAX (best_xd, coherence (xd[j], xx[j], dd));
        /* The filter's own estimate of the echo covers the room's
         * reverberation too, once it has learnt some of it. */
        best_xd = MAX (best_xd, coherence (yd, yy, dd));
        coh_de = coherence (de, dd, ee);
        /* Bands where the microphone hears something, for the proof. */
        if (dd > 4.0 * NOISE_BIAS * self->noise[b] && b > 0)
          {
            coherent += best_xd;
            n_coherent++;
          }
        if (!self->echo_heard)
          continue;
        /* Echo is taken down harder than the verdict alone says, as
         * WebRTC's overdrive does: a residue a few dB over the room's
         * noise would otherwise still sound like a voice. */
        gain[b] = MIN (coh_de, pow (1.0 - best_xd, OVERDRIVE));
        /* Down to the room's own noise and no further: a band taken far
         * below it would leave holes that the noise then seems to climb
         * out of, like a voice. */
        gain[b] = CLAMP (MAX (gain[b], sqrt (NOISE_BIAS * self->noise[b] / (ee + 1e-20))), SUPPRESS_FLOOR, 1.0);
      }
    }

  /* Coherence is the proof that the microphone hears the speaker: a
   * headset's microphone hears another voice, which never follows the
   * customer's closely. Once proved, a lag still in doubt is taken. */
  if (echo_possible && n_coherent >= 4 && coherent / n_coherent > PROOF_COHERENCE)
    {
      if (++self->coherent_blocks >= PROOF_BLOCKS && !self->echo_heard)
        {
          self->echo_heard = TRUE;
          if (self->lag < 0)
            set_lag (self, track);
        }
    }
  else
    self->coherent_blocks = 0;

  /* Gains fall at once and recover over a few blocks, so a band does
   * not flicker between echo and voice. */
  for (guint b = 0; b < N_SUPPRESS_BANDS; b++)
    {
      if (gain[b] > self->gain[b])
        gain[b] = self->gain[b] + 0.3 * (gain[b] - self->gain[b]);
      self->gain[b] = gain[b];
    }

  for (guint i = 0; i < M; i++)
    {
      frame[i].re = (i < N ? self->prev_out[i] : cleaned[i - N]) * self->window[i];
      frame[i].im = 0.0;
    }
  hk_fft_forward (self->fft, frame);
  for (guint k = 0; k <= N; k++)
    {
      double g = self->gain[MIN (k / SUPPRESS_BAND_BINS, N_SUPPRESS_BANDS - 1)];

      frame[k].re *= g;
      frame[k].im *= g;
      if (k > 0 && k < N)
        {
          frame[M - k].re *= g;
          frame[M - k].im *= g;
        }
    }
  hk_fft_inverse (self->fft, frame);
  for (guint i = 0; i < N; i++)
    {
      done[i] = (float) (self->overlap[i] + frame[i].re * self->window[i]);
      self->overlap[i] = frame[N + i].re * self->window[N + i];
    }
  memcpy (self->prev_out, cleaned, sizeof self->prev_out);
  g_array_append_vals (self->out, done, N);
}

static void
process_block (HkEchoCanceller *self)
{
  HkComplex *x = self->spectra[slot (self->block)];
  const HkComplex *newest;
  HkComplex mic[M];
  float echo[N], error[N], out[N];
  double ref_power, mic_db, used_e, adapting_e, mic_e;
  gboolean ref_active, mic_active;
  guint32 mic_bits;

  spectrum (self, self->prev_ref, self->in_ref, x);
  ref_power = energy_of (self->in_ref, N) / N;
  ref_active = ref_power > SILENT_POWER;
  self->ref_power[slot (self->block)] = ref_power;
  self->ref_bits[slot (self->block)] = ref_active ? band_bits (x, self->ref_mean, TRUE) : 0;
  if (ref_active)
    {
      self->last_ref_active = self->block;
      self->ref_ever_active = TRUE;
    }

  spectrum (self, self->prev_mic, self->in_mic, mic);
  mic_e = energy_of (self->in_mic, N);
  mic_db = 10.0 * log10 (mic_e / N + 1e-12);
  if (self->block == 0 || mic_db < self->mic_floor_db)
    self->mic_floor_db = mic_db;
  else
    self->mic_floor_db += 0.02;
  mic_active = mic_db > self->mic_floor_db + 6.0 && mic_db > -75.0;
  mic_bits = band_bits (mic, self->mic_mean, mic_active);
  estimate_delay (self, mic_bits, mic_active);

  /* The reference's power per bin, at the filter's newest partition. */
  newest = partition_input (self, 0);
  for (guint k = 0; newest != NULL && k < M; k++)
    self->far_power[k] = 0.9 * self->far_power[k]
                         + 0.1 * (newest[k].re * newest[k].re + newest[k].im * newest[k].im);

  predict (self, self->used, echo);
  for (guint i = 0; i < N; i++)
    out[i] = self->in_mic[i] - echo[i];
  predict (self, self->adapting, echo);
  for (guint i = 0; i < N; i++)
    error[i] = self->in_mic[i] - echo[i];

  used_e = energy_of (out, N);
  adapting_e = energy_of (error, N);
  self->used_error = 0.7 * self->used_error + 0.3 * used_e;
  self->adapting_error = 0.7 * self->adapting_error + 0.3 * adapting_e;
  self->mic_energy = 0.7 * self->mic_energy + 0.3 * mic_e;

  /* Take the adapting filter when it clearly cancels more; give up on it
   * when the trainee's voice or a change of room has thrown it off. */
  if (self->adapting_error < 0.6 * self->used_error && self->adapting_error < self->mic_energy)
    {
      memcpy (self->used, self->adapting, sizeof self->used);
      self->used_error = self->adapting_error;
      memcpy (out, error, sizeof out);
    }
  else if (self->adapting_error > 8.0 * self->used_error && self->adapting_error > self->mic_energy)
    {
      memcpy (self->adapting, self->used, sizeof self->adapting);
      self->adapting_error = self->used_error;
    }
  /* A filter that adds more than it takes, for a quarter of a second,
   * is worse than none. */
  self->used_slow = 0.97 * self->used_slow + 0.03 * used_e;
  self->mic_slow = 0.97 * self->mic_slow + 0.03 * mic_e;
  if (self->used_slow > 2.0 * self->mic_slow && self->mic_slow > 0.0)
    {
      memset (self->used, 0, sizeof self->used);
      memset (self->adapting, 0, sizeof self->adapting);
      self->used_error = self->adapting_error = self->mic_energy;
      self->used_slow = self->mic_slow;
      memcpy (out, self->in_mic, sizeof out);
    }

  adapt (self, error);

  for (guint i = 0; i < N; i++)
    if (!isfinite (out[i]))
      out[i] = 0.0f;
  for (guint i = 0; i < N; i++)
    echo[i] = self->in_mic[i] - out[i];
  suppress (self, mic, echo, out);
  memcpy (self->prev_ref, self->in_ref, sizeof self->prev_ref);
  memcpy (self->prev_mic, self->in_mic, sizeof self->prev_mic);
  self->block++;
}

/**
 * hk_echo_canceller_process:
 * @reference: (array length=n): what was sent to the speaker
 * @microphone: (array length=n): what the microphone heard at the same
 *   moments
 * @out: (array length=n): the microphone with the echo taken out,
 *   hk_echo_canceller_get_latency() samples behind
 *
 * Feeds @n samples of both signals and returns as many, cleaned.
 */
void
hk_echo_canceller_process (HkEchoCanceller *self,
                           const float     *reference,
                           const float     *microphone,
                           gsize            n,
                           float           *out)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (n == 0 || (reference != NULL && microphone != NULL && out != NULL));

  if (n == 0)
    return;

  for (gsize i = 0; i < n; i++)
    {
      float r = reference[i], m = microphone[i];

      /* A broken source's NaN must not poison the filter for good. */
      self->in_ref[self->in_fill] = isfinite (r) ? r : 0.0f;
      self->in_mic[self->in_fill] = isfinite (m) ? m : 0.0f;
      if (++self->in_fill == N)
        {
          process_block (self);
          self->in_fill = 0;
        }
    }

  memcpy (out, &g_array_index (self->out, float, self->out_pos), n * sizeof (float));
  self->out_pos += n;
  if (self->out_pos >= 4096)
    {
      g_array_remove_range (self->out, 0, self->out_pos);
      self->out_pos = 0;
    }
}

/**
 * hk_echo_canceller_make_connecting_sound:
 * @n_samples: (out): how many samples it has
 *
 * The soft rush of a line opening, played before the customer speaks:
 * a second of gently coloured noise that swells and fades. It sounds
 * like a call being put through, and it is what the canceller needs
 * most, every frequency at once, so that it knows the room before the
 * customer's first word.
 *
 * Returns: (transfer full): 16 kHz samples, the same on every call
 */
float *
hk_echo_canceller_make_connecting_sound (gsize *n_samples)
{
  gsize n = RATE;
  float *sound = g_new (float, n);
  GRand *rand = g_rand_new_with_seed (1954);
  double low = 0.0, peak = 0.0;

  g_return_val_if_fail (n_samples != NULL, NULL);

  for (gsize i = 0; i < n; i++)
    {
      double t = (double) i / n;
      double white = g_rand_double_range (rand, -1.0, 1.0);
      /* Half white, half a gentle low-pass: warmer than hiss, yet with
       * every band the canceller needs. */
      double envelope = t < 0.3 ? 0.5 - 0.5 * cos (G_PI * t / 0.3)
                        : t > 0.6 ? 0.5 + 0.5 * cos (G_PI * (t - 0.6) / 0.4) : 1.0;

      low += 0.15 * (white - low);
      sound[i] = (float) (envelope * (0.5 * white + 1.5 * low));
      peak = MAX (peak, fabs (sound[i]));
    }
  /* About -26 dBFS at its loudest: softer than the customer's voice. */
  for (gsize i = 0; i < n; i++)
    sound[i] = (float) (sound[i] / peak * 0.12);

  g_rand_free (rand);
  *n_samples = n;
  return sound;
}

/**
 * hk_echo_canceller_get_delay:
 *
 * How long after the reference the microphone hears it: the echo path's
 * strongest tap, to the sample.
 *
 * Returns: seconds, or a negative number while no echo has been found
 */
double
hk_echo_canceller_get_delay (HkEchoCanceller *self)
{
  double best = 0.0;
  int best_tap = -1;

  g_return_val_if_fail (self != NULL, -1.0);

  if (self->lag < 0 || !self->echo_heard)
    return -1.0;
  for (int p = 0; p < PARTS; p++)
    {
      HkComplex w[M];

      memcpy (w, self->used[p], sizeof w);
      hk_fft_inverse (self->fft, w);
      for (guint i = 0; i < N; i++)
        if (fabs (w[i].re) > best)
          {
            best = fabs (w[i].re);
            best_tap = p * N + (int) i;
          }
    }
  if (best_tap < 0)
    return (double) self->lag * N / RATE;
  return (double) (self->offset * N + best_tap) / RATE;
}
