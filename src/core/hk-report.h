/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "hk-call-analysis.h"
#include "hk-session.h"

G_BEGIN_DECLS

#define HK_REPORT_FORMAT 1

#define HK_TYPE_REPORT (hk_report_get_type ())

G_DECLARE_FINAL_TYPE (HkReport, hk_report, HK, REPORT, GObject)

HkReport *hk_report_new          (HkSession   *session,
                                  GError     **error);
JsonNode *hk_report_to_json      (HkReport    *self);
char     *hk_report_to_csv       (HkReport    *self);
char     *hk_report_to_html      (HkReport    *self);

G_END_DECLS
