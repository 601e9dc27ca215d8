/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "hk-call-analysis.h"
#include "hk-peaks.h"
#include "hk-thresholds.h"

G_BEGIN_DECLS

typedef struct _HkCallAnalyzer HkCallAnalyzer;

HkCallAnalyzer *hk_call_analyzer_new              (guint               n_channels,
                                                   const HkThresholds *thresholds);
void            hk_call_analyzer_free             (HkCallAnalyzer     *self);
void            hk_call_analyzer_feed             (HkCallAnalyzer     *self,
                                                   guint               channel,
                                                   const float        *samples,
                                                   gsize               n_samples);
void            hk_call_analyzer_feed_interleaved (HkCallAnalyzer     *self,
                                                   const float        *samples,
                                                   gsize               n_frames);
gboolean        hk_call_analyzer_is_speaking      (HkCallAnalyzer     *self,
                                                   guint               channel);
double          hk_call_analyzer_get_position     (HkCallAnalyzer     *self);
HkCallAnalysis *hk_call_analyzer_finish           (HkCallAnalyzer     *self,
                                                   HkPeaks           **peaks);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HkCallAnalyzer, hk_call_analyzer_free)

G_END_DECLS
