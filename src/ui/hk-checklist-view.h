/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "hk-call-analysis.h"
#include "hk-checklist.h"
#include "hk-session.h"

G_BEGIN_DECLS

#define HK_TYPE_CHECKLIST_VIEW (hk_checklist_view_get_type ())

G_DECLARE_FINAL_TYPE (HkChecklistView, hk_checklist_view, HK, CHECKLIST_VIEW, GtkWidget)

void      hk_checklist_view_set_session (HkChecklistView *self,
                                         HkSession       *session,
                                         HkCallAnalysis  *analysis);
guint     hk_checklist_view_get_n_items (HkChecklistView *self);
HkAnswer  hk_checklist_view_get_answer  (HkChecklistView *self,
                                         guint            index);
void      hk_checklist_view_set_answer  (HkChecklistView *self,
                                         guint            index,
                                         HkAnswer         answer);
void      hk_checklist_view_set_note    (HkChecklistView *self,
                                         guint            index,
                                         const char      *note);
const HkChecklistItem *hk_checklist_view_get_item (HkChecklistView *self,
                                         guint            index);

G_END_DECLS
