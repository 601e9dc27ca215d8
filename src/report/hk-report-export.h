/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "hk-session.h"

G_BEGIN_DECLS

typedef enum {
  HK_REPORT_FORMAT_PDF,
  HK_REPORT_FORMAT_HTML,
  HK_REPORT_FORMAT_CSV,
  HK_REPORT_FORMAT_JSON,
  HK_N_REPORT_FORMATS
} HkReportFormat;

/**
 * HkReportProgressFunc:
 * @done: sessions read so far
 * @total: sessions in all
 * @name: the one being read
 *
 * Called from the thread that exports.
 */
typedef void (*HkReportProgressFunc) (guint       done,
                                      guint       total,
                                      const char *name,
                                      gpointer    user_data);

const char *hk_report_format_suffix   (HkReportFormat   format);
gboolean    hk_report_format_parse    (const char      *suffix,
                                       HkReportFormat  *format);

gboolean    hk_report_export_session  (HkSession       *session,
                                       HkReportFormat   format,
                                       const char      *lang,
                                       gboolean         embed_audio,
                                       const char      *path,
                                       GCancellable    *cancellable,
                                       GError         **error);
gboolean    hk_report_export_class    (GPtrArray       *folders,
                                       HkReportFormat   format,
                                       const char      *lang,
                                       const char      *path,
                                       HkReportProgressFunc progress,
                                       gpointer         progress_data,
                                       guint           *n_exported,
                                       guint           *n_skipped,
                                       GCancellable    *cancellable,
                                       GError         **error);

G_END_DECLS
