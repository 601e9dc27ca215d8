/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "hk-application.h"
#include "hk-session.h"

G_BEGIN_DECLS

#define HK_TYPE_HISTORY_VIEW (hk_history_view_get_type ())

G_DECLARE_FINAL_TYPE (HkHistoryView, hk_history_view, HK, HISTORY_VIEW, GtkWidget)

void      hk_history_view_set_application (HkHistoryView *self,
                                           HkApplication *application);
void      hk_history_view_refresh        (HkHistoryView *self);
guint     hk_history_view_get_n_shown    (HkHistoryView *self);
void      hk_history_view_set_person     (HkHistoryView *self,
                                          const char    *name);
void      hk_history_view_set_scenario   (HkHistoryView *self,
                                          const char    *scenario_id);
void      hk_history_view_set_metric     (HkHistoryView *self,
                                          guint          metric);
void      hk_history_view_set_compared   (HkHistoryView *self,
                                          HkSession     *a,
                                          HkSession     *b);
const char *hk_history_view_get_change   (HkHistoryView *self);

G_END_DECLS
