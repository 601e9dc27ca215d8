/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "hk-scenario.h"
#include "hk-segments.h"

G_BEGIN_DECLS

float      *hk_test_speak           (const char  *voice,
                                     int          words_per_minute,
                                     const char  *text,
                                     gsize       *n_samples);
HkSegments *hk_test_true_segments   (const float *samples,
                                     gsize        n_samples,
                                     double       offset);
double      hk_test_speech_power    (const float *samples,
                                     gsize        n_samples);
gboolean    hk_test_write_wav       (const char  *path,
                                     const float *interleaved,
                                     gsize        n_frames,
                                     guint        n_channels,
                                     guint        rate,
                                     GError     **error);

void        hk_test_answer_call     (HkScenario   *scenario,
                                     const char   *lang,
                                     const double *gaps,
                                     guint         n_gaps,
                                     const char   *path,
                                     double       *answer_at);

G_END_DECLS
