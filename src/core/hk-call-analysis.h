/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "hk-markers.h"
#include "hk-segments.h"
#include "hk-thresholds.h"
#include "hk-voice-meter.h"

G_BEGIN_DECLS

#define HK_TYPE_CALL_ANALYSIS (hk_call_analysis_get_type ())

G_DECLARE_FINAL_TYPE (HkCallAnalysis, hk_call_analysis, HK, CALL_ANALYSIS, GObject)

HkCallAnalysis     *hk_call_analysis_new              (double                duration,
                                                       HkSegments           *customer,
                                                       HkSegments           *trainee,
                                                       const HkVoiceMetrics *customer_voice,
                                                       const HkVoiceMetrics *trainee_voice,
                                                       const HkThresholds   *thresholds);

double              hk_call_analysis_get_duration     (HkCallAnalysis *self);
gboolean            hk_call_analysis_has_customer     (HkCallAnalysis *self);
const HkSegments   *hk_call_analysis_get_segments     (HkCallAnalysis *self,
                                                       HkParty         party);
const HkVoiceMetrics *hk_call_analysis_get_metrics    (HkCallAnalysis *self,
                                                       HkParty         party);
const GArray       *hk_call_analysis_get_markers      (HkCallAnalysis *self);
const HkThresholds *hk_call_analysis_get_thresholds   (HkCallAnalysis *self);
gboolean            hk_call_analysis_heard_speech     (HkCallAnalysis *self);
double              hk_call_analysis_get_non_talk_time (HkCallAnalysis *self);
guint               hk_call_analysis_count_markers    (HkCallAnalysis *self,
                                                       HkMarkerType    type,
                                                       double         *total_time);

JsonNode           *hk_call_analysis_to_json          (HkCallAnalysis *self);
char               *hk_call_analysis_to_labels        (HkCallAnalysis *self);
char               *hk_call_analysis_to_textgrid      (HkCallAnalysis *self);

G_END_DECLS
