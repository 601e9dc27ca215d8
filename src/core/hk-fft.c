/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hk-fft"

/* An in-place radix-2 complex FFT of one fixed power-of-two size, with
 * its twiddles and bit reversal worked out once. The sizes Hearken needs
 * are a few hundred points, so a plain iterative transform is plenty. */

#include "config.h"

#include <math.h>

#include "hk-fft.h"

struct _HkFft
{
  guint      size;
  guint     *reversed;
  HkComplex *twiddles;   /* e^(-2 pi i k / size), k < size / 2 */
};

/**
 * hk_fft_new:
 * @size: a power of two, at least 2
 *
 * Returns: (transfer full): a transform of @size points
 */
HkFft *
hk_fft_new (guint size)
{
  HkFft *self;
  guint bits = 0;

  g_return_val_if_fail (size >= 2 && (size & (size - 1)) == 0, NULL);

  self = g_new0 (HkFft, 1);
  self->size = size;
  self->reversed = g_new (guint, size);
  self->twiddles = g_new (HkComplex, size / 2);
  while ((1u << bits) < size)
    bits++;
  for (guint i = 0; i < size; i++)
    {
      guint r = 0;

      for (guint b = 0; b < bits; b++)
        r |= ((i >> b) & 1u) << (bits - 1 - b);
      self->reversed[i] = r;
    }
  for (guint k = 0; k < size / 2; k++)
    {
      self->twiddles[k].re = cos (2.0 * G_PI * k / size);
      self->twiddles[k].im = -sin (2.0 * G_PI * k / size);
    }

  return self;
}

void
hk_fft_free (HkFft *self)
{
  if (self == NULL)
    return;

  g_free (self->reversed);
  g_free (self->twiddles);
  g_free (self);
}

static void
transform (HkFft     *self,
           HkComplex *x,
           gboolean   inverse)
{
  guint n = self->size;

  for (guint i = 0; i < n; i++)
    {
      guint j = self->reversed[i];

      if (j > i)
        {
          HkComplex t = x[i];

          x[i] = x[j];
          x[j] = t;
        }
    }

  for (guint len = 2; len <= n; len <<= 1)
    {
      guint half = len / 2, step = n / len;

      for (guint start = 0; start < n; start += len)
        for (guint k = 0; k < half; k++)
          {
            HkComplex w = self->twiddles[k * step];
            HkComplex *a = &x[start + k], *b = &x[start + k + half];
            double wi = inverse ? -w.im : w.im;
            double re = b->re * w.re - b->im * wi;
            double im = b->re * wi + b->im * w.re;

            b->re = a->re - re;
            b->im = a->im - im;
            a->re += re;
            a->im += im;
          }
    }
}

/**
 * hk_fft_forward:
 * @data: (array): as many values as the transform's size, transformed in place
 *
 * The forward transform, unscaled.
 */
void
hk_fft_forward (HkFft     *self,
                HkComplex *data)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (data != NULL);

  transform (self, data, FALSE);
}

/**
 * hk_fft_inverse:
 * @data: (array): as many values as the transform's size, transformed in place
 *
 * The inverse transform, scaled by 1 / size, so that it undoes
 * hk_fft_forward().
 */
void
hk_fft_inverse (HkFft     *self,
                HkComplex *data)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (data != NULL);

  transform (self, data, TRUE);
  for (guint i = 0; i < self->size; i++)
    {
      data[i].re /= self->size;
      data[i].im /= self->size;
    }
}
