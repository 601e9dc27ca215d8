/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "hk-call-analysis.h"
#include "hk-checklist.h"
#include "hk-session.h"

G_BEGIN_DECLS

#define HK_REPORT_FORMAT 1

#define HK_TYPE_REPORT (hk_report_get_type ())

G_DECLARE_FINAL_TYPE (HkReport, hk_report, HK, REPORT, GObject)

HkReport       *hk_report_new            (HkSession   *session,
                                         GError     **error);
HkReport       *hk_report_new_in         (HkSession   *session,
                                         const char  *lang,
                                         GError     **error);
HkSession      *hk_report_get_session    (HkReport    *self);
HkCallAnalysis *hk_report_get_analysis   (HkReport    *self);
const GArray   *hk_report_get_turns      (HkReport    *self);
GPtrArray      *hk_report_get_items      (HkReport    *self);
GPtrArray      *hk_report_get_questions  (HkReport    *self);
HkAnswer        hk_report_get_answer     (HkReport    *self,
                                         const char  *item_id,
                                         const char **note);
void            hk_report_set_other_round  (HkReport        *self,
                                            HkSession       *other);
void            hk_report_find_other_round (HkReport        *self);
gboolean        hk_report_get_rounds       (HkReport        *self,
                                            HkSession       *rounds[2],
                                            HkCallAnalysis  *analyses[2]);
char           *hk_report_round_title      (HkSession       *session);
GPtrArray      *hk_report_get_partner_feedback (HkReport *self);
const char     *hk_report_get_note       (HkReport    *self,
                                         const char  *question_id);

JsonNode       *hk_report_to_json        (HkReport    *self);
char           *hk_report_to_csv         (HkReport    *self);
char           *hk_report_to_html        (HkReport    *self);
char           *hk_report_to_html_full   (HkReport    *self,
                                         GBytes      *audio);

char           *hk_report_format_date    (HkSession   *session);
char           *hk_report_format_gap     (const HkTurnSummary    *turn);
char           *hk_report_format_comment_time (const HkSessionComment *comment);
void            hk_report_append_csv_field (GString   *out,
                                         const char  *text,
                                         gboolean     last);

G_END_DECLS
