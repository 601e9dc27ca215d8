/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define HK_TYPE_THRESHOLDS (hk_thresholds_get_type ())

/* The analysis thresholds of DESIGN.md, in seconds. */
typedef enum {
  HK_THRESHOLD_RUSHED_GAP,
  HK_THRESHOLD_LONG_GAP,
  HK_THRESHOLD_HESITATION,
  HK_THRESHOLD_DEAD_AIR,
  HK_THRESHOLD_BACKCHANNEL_MAX,
  HK_THRESHOLD_INTERRUPTION_OVERLAP,
  HK_N_THRESHOLDS
} HkThreshold;

/**
 * HkThresholds:
 *
 * A set of thresholds; those not set (see hk_thresholds_is_set()) hold their
 * defaults, so a scenario can override some and leave the rest to the
 * trainee's settings.
 */
typedef struct _HkThresholds HkThresholds;

GType         hk_thresholds_get_type   (void) G_GNUC_CONST;
HkThresholds *hk_thresholds_new        (void);
HkThresholds *hk_thresholds_copy       (const HkThresholds *self);
HkThresholds *hk_thresholds_new_from_settings (GSettings   *settings);
void          hk_thresholds_free       (HkThresholds       *self);
double        hk_thresholds_get        (const HkThresholds *self,
                                        HkThreshold         which);
gboolean      hk_thresholds_is_set     (const HkThresholds *self,
                                        HkThreshold         which);
void          hk_thresholds_set        (HkThresholds       *self,
                                        HkThreshold         which,
                                        double              seconds);
gboolean      hk_thresholds_is_empty   (const HkThresholds *self);
void          hk_thresholds_override   (HkThresholds       *self,
                                        const HkThresholds *overrides);

const char   *hk_threshold_key         (HkThreshold         which);
gboolean      hk_threshold_from_key    (const char         *key,
                                        HkThreshold        *out);
double        hk_threshold_default     (HkThreshold         which);
double        hk_threshold_min         (HkThreshold         which);
double        hk_threshold_max         (HkThreshold         which);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HkThresholds, hk_thresholds_free)

G_END_DECLS
