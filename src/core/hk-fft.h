/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A complex number as two doubles, real then imaginary. */
typedef struct {
  double re;
  double im;
} HkComplex;

typedef struct _HkFft HkFft;

HkFft *hk_fft_new      (guint      size);
void   hk_fft_free     (HkFft     *self);
void   hk_fft_forward  (HkFft     *self,
                        HkComplex *data);
void   hk_fft_inverse  (HkFft     *self,
                        HkComplex *data);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HkFft, hk_fft_free)

G_END_DECLS
