/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "hk-call-analysis.h"
#include "hk-peaks.h"
#include "hk-thresholds.h"

G_BEGIN_DECLS

HkCallAnalysis *hk_call_file_analyze         (const char         *path,
                                              const HkThresholds *thresholds,
                                              HkPeaks           **peaks,
                                              GCancellable       *cancellable,
                                              GError            **error);
HkCallAnalysis *hk_call_file_analyze_parties (const char         *customer_path,
                                              const char         *trainee_path,
                                              const HkThresholds *thresholds,
                                              HkPeaks           **peaks,
                                              GCancellable       *cancellable,
                                              GError            **error);

G_END_DECLS
