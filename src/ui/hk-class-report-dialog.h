/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "hk-session-store.h"

G_BEGIN_DECLS

#define HK_TYPE_CLASS_REPORT_DIALOG (hk_class_report_dialog_get_type ())

G_DECLARE_FINAL_TYPE (HkClassReportDialog, hk_class_report_dialog, HK, CLASS_REPORT_DIALOG, AdwWindow)

HkClassReportDialog *hk_class_report_dialog_new       (GtkWindow           *parent,
                                                       HkSessionStore      *store,
                                                       const char * const  *only_ids);
GPtrArray           *hk_class_report_dialog_get_folders (HkClassReportDialog *self);
void                 hk_class_report_dialog_export_to (HkClassReportDialog *self,
                                                       const char          *path);

G_END_DECLS
