/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "hk-checklist.h"
#include "hk-session.h"

G_BEGIN_DECLS

#define HK_TYPE_PARTNER_FEEDBACK_VIEW (hk_partner_feedback_view_get_type ())

G_DECLARE_FINAL_TYPE (HkPartnerFeedbackView, hk_partner_feedback_view, HK, PARTNER_FEEDBACK_VIEW, GtkWidget)

void      hk_partner_feedback_view_set_session (HkPartnerFeedbackView *self,
                                                HkSession             *session);
void      hk_partner_feedback_view_set_answer  (HkPartnerFeedbackView *self,
                                                const char            *question,
                                                HkAnswer               answer);
HkAnswer  hk_partner_feedback_view_get_answer  (HkPartnerFeedbackView *self,
                                                const char            *question);
void      hk_partner_feedback_view_set_text    (HkPartnerFeedbackView *self,
                                                const char            *field,
                                                const char            *text);

G_END_DECLS
