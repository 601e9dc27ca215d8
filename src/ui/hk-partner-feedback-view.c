/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hk-partner-feedback-view"

/* After a pair's round, the partner who played the customer says how the
 * call felt from the other end: heard, understood, interrupted, what
 * helped and what to try next. It goes into the round's session as it
 * is given, beside the listener's own checklist, so both views of the
 * call travel together into history and reports. */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "hk-partner-feedback-view.h"

#define N_QUESTIONS 3
/* What is typed is saved this long after the last key press, as the
 * checklist's notes are; a choice is saved at once. */
#define SAVE_DELAY_MS 500

static const char * const question_ids[N_QUESTIONS] = { "heard", "understood", "interrupted" };
static const HkAnswer answers[3] = { HK_ANSWER_YES, HK_ANSWER_PARTLY, HK_ANSWER_NO };

struct _HkPartnerFeedbackView
{
  GtkWidget        parent_instance;

  HkSession       *session;
  gboolean         loading;
  guint            save_id;
  GtkToggleButton *buttons[N_QUESTIONS][3];

  GtkLabel        *title_label;
  GtkLabel        *intro_label;
  GtkListBox      *questions_list;
  GtkLabel        *helped_label;
  GtkTextView     *helped_view;
  GtkLabel        *next_label;
  GtkTextView     *next_view;
};

G_DEFINE_FINAL_TYPE (HkPartnerFeedbackView, hk_partner_feedback_view, GTK_TYPE_WIDGET)

static const char *
question_text (guint q)
{
  switch (q)
    {
    case 0:
      return _("I felt heard");
    case 1:
      return _("I felt understood");
    default:
      return _("I was interrupted");
    }
}

static int
question_index (const char *id)
{
  for (guint q = 0; q < N_QUESTIONS; q++)
    if (g_strcmp0 (question_ids[q], id) == 0)
      return (int) q;
  return -1;
}

static char *
view_text (GtkTextView *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

/* Written as it is given, as the checklist is. */
static void
save (HkPartnerFeedbackView *self)
{
  g_autoptr(JsonBuilder) b = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *helped = NULL;
  g_autofree char *next = NULL;

  g_clear_handle_id (&self->save_id, g_source_remove);
  if (self->loading || self->session == NULL)
    return;

  b = json_builder_new ();
  json_builder_begin_object (b);
  for (guint q = 0; q < N_QUESTIONS; q++)
    {
      HkAnswer answer = hk_partner_feedback_view_get_answer (self, question_ids[q]);

      if (answer == HK_ANSWER_NONE)
        continue;
      json_builder_set_member_name (b, question_ids[q]);
      json_builder_add_string_value (b, hk_answer_id (answer));
    }
  helped = view_text (self->helped_view);
  next = view_text (self->next_view);
  if (*g_strstrip (helped) != '\0')
    {
      json_builder_set_member_name (b, "helped");
      json_builder_add_string_value (b, helped);
    }
  if (*g_strstrip (next) != '\0')
    {
      json_builder_set_member_name (b, "next");
      json_builder_add_string_value (b, next);
    }
  json_builder_end_object (b);

  hk_session_set_partner_feedback (self->session, json_builder_get_root (b));
  if (!hk_session_save (self->session, &error))
    g_warning ("The partner's feedback was not saved: %s", error->message);
}

static void
toggled_cb (GtkToggleButton       *button,
            HkPartnerFeedbackView *self)
{
  if (gtk_toggle_button_get_active (button))
    save (self);
}

static gboolean
save_later_cb (gpointer user_data)
{
  HkPartnerFeedbackView *self = user_data;

  self->save_id = 0;
  save (self);
  return G_SOURCE_REMOVE;
}

static void
text_changed_cb (HkPartnerFeedbackView *self)
{
  if (self->loading)
    return;
  g_clear_handle_id (&self->save_id, g_source_remove);
  self->save_id = g_timeout_add (SAVE_DELAY_MS, save_later_cb, self);
}

static void
hk_partner_feedback_view_dispose (GObject *object)
{
  HkPartnerFeedbackView *self = HK_PARTNER_FEEDBACK_VIEW (object);
  GtkWidget *child;

  /* What was typed last is kept. */
  if (self->save_id != 0)
    save (self);
  g_clear_object (&self->session);
  gtk_widget_dispose_template (GTK_WIDGET (self), HK_TYPE_PARTNER_FEEDBACK_VIEW);
  /* The template's scrolled window has no name to be cleared by. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (hk_partner_feedback_view_parent_class)->dispose (object);
}

static void
hk_partner_feedback_view_class_init (HkPartnerFeedbackViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hk_partner_feedback_view_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/hk-partner-feedback-view.ui");
  gtk_widget_class_bind_template_child (widget_class, HkPartnerFeedbackView, title_label);
  gtk_widget_class_bind_template_child (widget_class, HkPartnerFeedbackView, intro_label);
  gtk_widget_class_bind_template_child (widget_class, HkPartnerFeedbackView, questions_list);
  gtk_widget_class_bind_template_child (widget_class, HkPartnerFeedbackView, helped_label);
  gtk_widget_class_bind_template_child (widget_class, HkPartnerFeedbackView, helped_view);
  gtk_widget_class_bind_template_child (widget_class, HkPartnerFeedbackView, next_label);
  gtk_widget_class_bind_template_child (widget_class, HkPartnerFeedbackView, next_view);
  gtk_widget_class_set_css_name (widget_class, "partner-feedback-view");
}

static void
hk_partner_feedback_view_init (HkPartnerFeedbackView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint q = 0; q < N_QUESTIONS; q++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), question_text (q));
      gtk_widget_add_css_class (box, "linked");
      gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
      for (guint a = 0; a < 3; a++)
        {
          GtkWidget *button = gtk_toggle_button_new_with_label (hk_answer_label (answers[a]));

          self->buttons[q][a] = GTK_TOGGLE_BUTTON (button);
          if (a > 0)
            gtk_toggle_button_set_group (self->buttons[q][a], self->buttons[q][0]);
          g_signal_connect (button, "toggled", G_CALLBACK (toggled_cb), self);
          gtk_box_append (GTK_BOX (box), button);
        }
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), box);
      gtk_list_box_append (self->questions_list, row);
    }
  g_signal_connect_swapped (gtk_text_view_get_buffer (self->helped_view), "changed",
                            G_CALLBACK (text_changed_cb), self);
  g_signal_connect_swapped (gtk_text_view_get_buffer (self->next_view), "changed",
                            G_CALLBACK (text_changed_cb), self);
}

static const char *
member_string (JsonObject *o,
               const char *name)
{
  JsonNode *n = o ? json_object_get_member (o, name) : NULL;

  return n != NULL && JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_STRING
         ? json_node_get_string (n) : NULL;
}

/**
 * hk_partner_feedback_view_set_session:
 * @session: (nullable): a pair round, or %NULL
 *
 * Shows the feedback of @session's customer, as far as it was given.
 */
void
hk_partner_feedback_view_set_session (HkPartnerFeedbackView *self,
                                      HkSession             *session)
{
  JsonNode *stored;
  JsonObject *o = NULL;
  const char *a, *b;
  g_autofree char *title = NULL;
  g_autofree char *intro = NULL;
  g_autofree char *next = NULL;

  g_return_if_fail (HK_IS_PARTNER_FEEDBACK_VIEW (self));

  /* What was typed last is kept before another session is shown. */
  if (self->save_id != 0)
    save (self);
  g_set_object (&self->session, session);
  if (session == NULL || !hk_session_is_pair (session))
    return;

  a = hk_session_get_partner (session, HK_PARTNER_A) ?: _("Partner A");
  b = hk_session_get_partner (session, HK_PARTNER_B) ?: _("Partner B");
  /* Translators: %s is the partner who played the customer */
  title = g_strdup_printf (_("%s, How Was It to Be the Customer?"), a);
  /* Translators: %s is the partner who answered */
  intro = g_strdup_printf (_("Tell %s how the call felt from your end. Say what you noticed, "
                             "not what you think of them."), b);
  /* Translators: %s is the partner who answered */
  next = g_strdup_printf (_("What could %s _try next time?"), b);
  gtk_label_set_text (self->title_label, title);
  gtk_label_set_text (self->intro_label, intro);
  gtk_label_set_text_with_mnemonic (self->helped_label, _("What _helped you feel listened to?"));
  gtk_label_set_text_with_mnemonic (self->next_label, next);

  stored = hk_session_get_partner_feedback (session);
  if (stored != NULL && JSON_NODE_HOLDS_OBJECT (stored))
    o = json_node_get_object (stored);

  self->loading = TRUE;
  for (guint q = 0; q < N_QUESTIONS; q++)
    {
      HkAnswer answer = hk_answer_from_id (member_string (o, question_ids[q]));

      for (guint i = 0; i < 3; i++)
        gtk_toggle_button_set_active (self->buttons[q][i], answers[i] == answer);
    }
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->helped_view), member_string (o, "helped") ?: "", -1);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->next_view), member_string (o, "next") ?: "", -1);
  self->loading = FALSE;
}

/**
 * hk_partner_feedback_view_set_answer:
 * @question: `heard`, `understood` or `interrupted`
 *
 * Answers @question as a click would, and saves.
 */
void
hk_partner_feedback_view_set_answer (HkPartnerFeedbackView *self,
                                     const char            *question,
                                     HkAnswer               answer)
{
  int q = question_index (question);

  g_return_if_fail (HK_IS_PARTNER_FEEDBACK_VIEW (self));
  g_return_if_fail (q >= 0);

  for (guint i = 0; i < 3; i++)
    if (answers[i] == answer)
      gtk_toggle_button_set_active (self->buttons[q][i], TRUE);
}

/**
 * hk_partner_feedback_view_get_answer:
 *
 * Returns: the answer given to @question, if any
 */
HkAnswer
hk_partner_feedback_view_get_answer (HkPartnerFeedbackView *self,
                                     const char            *question)
{
  int q = question_index (question);

  g_return_val_if_fail (HK_IS_PARTNER_FEEDBACK_VIEW (self), HK_ANSWER_NONE);
  g_return_val_if_fail (q >= 0, HK_ANSWER_NONE);

  for (guint i = 0; i < 3; i++)
    if (gtk_toggle_button_get_active (self->buttons[q][i]))
      return answers[i];
  return HK_ANSWER_NONE;
}

/**
 * hk_partner_feedback_view_set_text:
 * @field: `helped` or `next`
 *
 * Writes into a field as typing would, and saves at once.
 */
void
hk_partner_feedback_view_set_text (HkPartnerFeedbackView *self,
                                   const char            *field,
                                   const char            *text)
{
  g_return_if_fail (HK_IS_PARTNER_FEEDBACK_VIEW (self));

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (g_str_equal (field, "helped") ? self->helped_view
                                                                                     : self->next_view),
                            text, -1);
  save (self);
}
