/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "hk-application.h"
#include "hk-checklist-view.h"
#include "hk-history-view.h"
#include "hk-practice-view.h"
#include "hk-partner-feedback-view.h"
#include "hk-review-view.h"

G_BEGIN_DECLS

#define HK_TYPE_WINDOW (hk_window_get_type ())

G_DECLARE_FINAL_TYPE (HkWindow, hk_window, HK, WINDOW, AdwApplicationWindow)

HkWindow *hk_window_new                 (HkApplication *application);
void      hk_window_show_scenario       (HkWindow      *self,
                                         const char    *id);
guint     hk_window_get_n_visible       (HkWindow      *self);
void      hk_window_show_session        (HkWindow      *self,
                                         HkSession     *session);
HkPracticeView *hk_window_get_practice_view (HkWindow  *self);
HkReviewView   *hk_window_get_review_view   (HkWindow  *self);
const char     *hk_window_get_page          (HkWindow  *self);
HkChecklistView *hk_window_get_checklist_view (HkWindow *self);
void            hk_window_show_reflection   (HkWindow  *self);
HkHistoryView  *hk_window_get_history_view  (HkWindow  *self);
HkPartnerFeedbackView *hk_window_get_partner_feedback_view (HkWindow *self);
void            hk_window_show_partner_feedback (HkWindow *self);

void            hk_window_import_files     (HkWindow      *self,
                                            GSList        *files);

G_END_DECLS
