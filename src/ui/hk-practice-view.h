/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "hk-application.h"
#include "hk-scenario.h"
#include "hk-session.h"

G_BEGIN_DECLS

#define HK_TYPE_PRACTICE_VIEW (hk_practice_view_get_type ())

G_DECLARE_FINAL_TYPE (HkPracticeView, hk_practice_view, HK, PRACTICE_VIEW, GtkWidget)

void       hk_practice_view_start       (HkPracticeView *self,
                                         HkApplication  *application,
                                         HkScenario     *scenario,
                                         const char     *lang);
void       hk_practice_view_start_pair  (HkPracticeView *self,
                                         HkApplication  *application,
                                         HkScenario     *scenario,
                                         const char     *lang,
                                         const char     *partner_a,
                                         const char     *partner_b,
                                         const char     *pair_id,
                                         guint           round);
gboolean   hk_practice_view_is_busy     (HkPracticeView *self);
const char *hk_practice_view_get_stage  (HkPracticeView *self);
int         hk_practice_view_get_turn   (HkPracticeView *self);

G_END_DECLS
