/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "hk-segments.h"

G_BEGIN_DECLS

#define HK_VAD_RATE          16000
#define HK_VAD_FRAME         160      /* 10 ms at 16 kHz */
#define HK_VAD_BRIDGE        0.2      /* seconds of silence bridged */
#define HK_VAD_MIN_SPEECH    0.08     /* shorter speech is dropped */
#define HK_VAD_N_BANDS       2        /* below and above 2.5 kHz */

typedef struct _HkVad HkVad;

HkVad      *hk_vad_new          (void);
void        hk_vad_free         (HkVad       *self);
void        hk_vad_feed         (HkVad       *self,
                                 const float *samples,
                                 gsize        n_samples);
double      hk_vad_measure      (HkVad       *self,
                                 const float *frame);
void        hk_vad_decide       (HkVad        *self,
                                 double        power,
                                 const double *explained);
double      hk_vad_get_floor    (HkVad       *self);
double      hk_vad_get_band_power (HkVad     *self,
                                 guint        band);
double      hk_vad_get_band_floor (HkVad     *self,
                                 guint        band);
HkSegments *hk_vad_finish       (HkVad       *self);
double      hk_vad_get_duration (HkVad       *self);
gboolean    hk_vad_is_speaking  (HkVad       *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HkVad, hk_vad_free)

G_END_DECLS
