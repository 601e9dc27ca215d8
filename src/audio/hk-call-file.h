/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "hk-call-analysis.h"
#include "hk-peaks.h"
#include "hk-session-store.h"
#include "hk-thresholds.h"

G_BEGIN_DECLS

/**
 * HkCallFileFlags:
 * @HK_CALL_FILE_NONE: a cut-short file is an error
 * @HK_CALL_FILE_ALLOW_SHORT: analyse whatever a cut-short file holds, as
 *   for a recording recovered after a crash
 */
typedef enum {
  HK_CALL_FILE_NONE        = 0,
  HK_CALL_FILE_ALLOW_SHORT = 1 << 0,
} HkCallFileFlags;

HkCallAnalysis *hk_call_file_analyze         (const char         *path,
                                              HkCallFileFlags     flags,
                                              const HkThresholds *thresholds,
                                              HkPeaks           **peaks,
                                              GCancellable       *cancellable,
                                              GError            **error);
HkCallAnalysis *hk_call_file_analyze_parties (const char         *customer_path,
                                              const char         *trainee_path,
                                              HkCallFileFlags     flags,
                                              const HkThresholds *thresholds,
                                              HkPeaks           **peaks,
                                              GCancellable       *cancellable,
                                              GError            **error);

HkPeaks        *hk_call_file_load_peaks      (const char         *path,
                                              const char         *peaks_path,
                                              gboolean           *rebuilt,
                                              GCancellable       *cancellable,
                                              GError            **error);

HkThresholds   *hk_call_file_default_thresholds (void);
gboolean        hk_call_file_analyze_session (HkSession          *session,
                                              HkSessionState      state,
                                              GCancellable       *cancellable,
                                              GError            **error);
guint           hk_call_file_recover_sessions (HkSessionStore    *store);

G_END_DECLS
