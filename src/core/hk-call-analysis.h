/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "hk-markers.h"
#include "hk-segments.h"
#include "hk-thresholds.h"
#include "hk-voice-meter.h"

G_BEGIN_DECLS

/**
 * HkTurnSummary:
 * @index: the customer's line, from 0
 * @gap: seconds from the end of the line to the answer; NAN when there
 *   was no answer or the trainee came in before the line ended
 * @gap_class: how that gap reads
 * @interruptions: times the trainee cut into the line
 * @backchannels: short signs of listening during the line
 * @answer_time: seconds the trainee spoke after the line, before the next
 *
 * How the trainee met one customer line.
 */
typedef struct {
  guint      index;
  double     gap;
  HkGapClass gap_class;
  guint      interruptions;
  guint      backchannels;
  double     answer_time;
} HkTurnSummary;

#define HK_TYPE_CALL_ANALYSIS (hk_call_analysis_get_type ())

G_DECLARE_FINAL_TYPE (HkCallAnalysis, hk_call_analysis, HK, CALL_ANALYSIS, GObject)

HkCallAnalysis     *hk_call_analysis_new              (double                duration,
                                                       HkSegments           *customer,
                                                       HkSegments           *trainee,
                                                       const HkVoiceMetrics *customer_voice,
                                                       const HkVoiceMetrics *trainee_voice,
                                                       const HkThresholds   *thresholds);

HkCallAnalysis     *hk_call_analysis_new_from_json    (JsonNode *node);
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

GArray             *hk_call_analysis_summarise_turns  (HkCallAnalysis   *self,
                                                       const HkSegments *lines);
JsonNode           *hk_call_analysis_to_json          (HkCallAnalysis *self);
char               *hk_call_analysis_to_labels        (HkCallAnalysis *self);
char               *hk_call_analysis_to_textgrid      (HkCallAnalysis *self);

G_END_DECLS
