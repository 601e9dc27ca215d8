/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "hk-report.h"

G_BEGIN_DECLS

#define HK_TYPE_CLASS_REPORT (hk_class_report_get_type ())

G_DECLARE_FINAL_TYPE (HkClassReport, hk_class_report, HK, CLASS_REPORT, GObject)

HkClassReport *hk_class_report_new              (void);
void           hk_class_report_set_language     (HkClassReport  *self,
                                                 const char     *lang);
gboolean       hk_class_report_add_session      (HkClassReport  *self,
                                                 HkSession      *session,
                                                 GError        **error);
void           hk_class_report_add_skipped      (HkClassReport  *self,
                                                 const char     *name,
                                                 const char     *reason);
guint          hk_class_report_get_n_entries    (HkClassReport  *self);
guint          hk_class_report_get_n_exported   (HkClassReport  *self);
const char    *hk_class_report_get_name         (HkClassReport  *self,
                                                 guint           i);
HkSession     *hk_class_report_get_session      (HkClassReport  *self,
                                                 guint           i);
HkReport      *hk_class_report_get_report       (HkClassReport  *self,
                                                 guint           i);
const char    *hk_class_report_get_skip_reason  (HkClassReport  *self,
                                                 guint           i);
char          *hk_class_report_to_csv           (HkClassReport  *self);

G_END_DECLS
