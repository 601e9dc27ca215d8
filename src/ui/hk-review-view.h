/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "hk-application.h"
#include "hk-call-analysis.h"
#include "hk-call-player.h"
#include "hk-session.h"

G_BEGIN_DECLS

#define HK_TYPE_REVIEW_VIEW (hk_review_view_get_type ())

G_DECLARE_FINAL_TYPE (HkReviewView, hk_review_view, HK, REVIEW_VIEW, GtkWidget)

void            hk_review_view_load            (HkReviewView  *self,
                                                HkApplication *application,
                                                HkSession     *session);
void            hk_review_view_unload          (HkReviewView  *self);
HkSession      *hk_review_view_get_session     (HkReviewView  *self);
HkCallAnalysis *hk_review_view_get_analysis    (HkReviewView  *self);
HkCallPlayer   *hk_review_view_get_player      (HkReviewView  *self);
int             hk_review_view_get_selected_marker (HkReviewView *self);
void            hk_review_view_play_moment     (HkReviewView  *self,
                                                double         seconds);
gboolean        hk_review_view_is_ready        (HkReviewView  *self);

G_END_DECLS
