/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/**
 * HkProgressPoint:
 * @when: when the call was practised, seconds since the epoch
 * @value: the figure; NAN where the call does not tell
 */
typedef struct {
  gint64 when;
  double value;
} HkProgressPoint;

#define HK_TYPE_PROGRESS_CHART (hk_progress_chart_get_type ())

G_DECLARE_FINAL_TYPE (HkProgressChart, hk_progress_chart, HK, PROGRESS_CHART, GtkWidget)

GtkWidget *hk_progress_chart_new        (void);
void       hk_progress_chart_set_points (HkProgressChart *self,
                                         const GArray    *points,
                                         const char      *title,
                                         const char      *unit,
                                         int              decimals,
                                         double           norm_low,
                                         double           norm_high);
guint      hk_progress_chart_get_n_points (HkProgressChart *self);

G_END_DECLS
