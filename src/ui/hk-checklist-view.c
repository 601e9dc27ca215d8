/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hk-checklist-view"

/* The reflection after a call: each checklist question in the practice
 * language, the call's evidence beside those it speaks to, with its
 * moments as links into the replay, the answer the evidence suggests,
 * yes / partly / no and a note; then open questions. Every answer is
 * written into session.json as it is given, so leaving and coming back
 * resumes where the trainee was. */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "hk-checklist-view.h"
#include "hk-lang.h"

/* Notes are saved this long after the last key press. */
#define SAVE_DELAY_MS 500

typedef struct {
  GtkToggleButton *buttons[3];   /* yes, partly, no */
  GtkEntry        *note;
} Row;

struct _HkChecklistView
{
  GtkWidget   parent_instance;

  HkSession  *session;
  GPtrArray  *items;       /* HkChecklistItem */
  GPtrArray  *questions;   /* HkChecklistQuestion */
  GArray     *rows;        /* Row, one an item */
  GPtrArray  *note_views;  /* GtkTextView, one a question */
  guint       save_id;
  gboolean    filling;

  GtkStack      *stack;
  AdwStatusPage *empty_page;
  GtkLabel      *intro_label;
  GtkLabel      *progress_label;
  GtkBox        *items_box;
  GtkBox        *questions_box;
};

G_DEFINE_FINAL_TYPE (HkChecklistView, hk_checklist_view, GTK_TYPE_WIDGET)

enum {
  SEEK,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const HkAnswer answers[3] = { HK_ANSWER_YES, HK_ANSWER_PARTLY, HK_ANSWER_NO };

static HkAnswer
row_answer (const Row *row)
{
  for (guint b = 0; b < 3; b++)
    if (gtk_toggle_button_get_active (row->buttons[b]))
      return answers[b];
  return HK_ANSWER_NONE;
}

static char *
text_of (GtkTextView *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
update_progress (HkChecklistView *self)
{
  guint answered = 0;
  g_autofree char *text = NULL;

  for (guint i = 0; i < self->rows->len; i++)
    if (row_answer (&g_array_index (self->rows, Row, i)) != HK_ANSWER_NONE)
      answered++;
  /* Translators: progress through the checklist, e.g. “5 of 12 answered” */
  text = g_strdup_printf (_("%u of %u answered"), answered, self->rows->len);
  gtk_label_set_text (self->progress_label, text);
}

/* Writes every answer and note into the session and saves it. */
static void
save (HkChecklistView *self)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(GError) error = NULL;

  g_clear_handle_id (&self->save_id, g_source_remove);
  if (self->session == NULL)
    return;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "language");
  json_builder_add_string_value (b, hk_session_get_language (self->session));
  json_builder_set_member_name (b, "answers");
  json_builder_begin_object (b);
  for (guint i = 0; i < self->rows->len; i++)
    {
      const Row *row = &g_array_index (self->rows, Row, i);
      const HkChecklistItem *item = g_ptr_array_index (self->items, i);
      HkAnswer answer = row_answer (row);
      const char *note = gtk_editable_get_text (GTK_EDITABLE (row->note));

      if (answer == HK_ANSWER_NONE && *note == '\0')
        continue;
      json_builder_set_member_name (b, item->id);
      json_builder_begin_object (b);
      if (answer != HK_ANSWER_NONE)
        {
          json_builder_set_member_name (b, "answer");
          json_builder_add_string_value (b, hk_answer_id (answer));
        }
      if (item->suggestion != HK_ANSWER_NONE)
        {
          json_builder_set_member_name (b, "suggested");
          json_builder_add_string_value (b, hk_answer_id (item->suggestion));
        }
      if (*note != '\0')
        {
          json_builder_set_member_name (b, "note");
          json_builder_add_string_value (b, note);
        }
      json_builder_end_object (b);
    }
  json_builder_end_object (b);
  json_builder_set_member_name (b, "notes");
  json_builder_begin_object (b);
  for (guint i = 0; i < self->note_views->len; i++)
    {
      const HkChecklistQuestion *q = g_ptr_array_index (self->questions, i);
      g_autofree char *text = text_of (g_ptr_array_index (self->note_views, i));

      if (*text == '\0')
        continue;
      json_builder_set_member_name (b, q->id);
      json_builder_add_string_value (b, text);
    }
  json_builder_end_object (b);
  json_builder_end_object (b);

  hk_session_set_reflection (self->session, json_builder_get_root (b));
  if (!hk_session_save (self->session, &error))
    g_warning ("Could not keep the checklist answers: %s", error->message);
}

static gboolean
save_later_cb (gpointer user_data)
{
  HkChecklistView *self = user_data;

  self->save_id = 0;
  save (self);
  return G_SOURCE_REMOVE;
}

static void
changed_cb (HkChecklistView *self)
{
  if (self->filling)
    return;
  update_progress (self);
  g_clear_handle_id (&self->save_id, g_source_remove);
  self->save_id = g_timeout_add (SAVE_DELAY_MS, save_later_cb, self);
}

static void
answer_toggled_cb (GtkToggleButton *button,
                   HkChecklistView *self)
{
  if (self->filling)
    return;
  update_progress (self);
  /* A choice is kept at once. */
  save (self);
}

static gboolean
link_cb (GtkLabel        *label,
         const char      *uri,
         HkChecklistView *self)
{
  if (!g_str_has_prefix (uri, "seek:"))
    return FALSE;
  g_signal_emit (self, signals[SEEK], 0, g_ascii_strtod (uri + 5, NULL));
  return TRUE;
}

/* The evidence as markup: escaped, with each moment a link. */
static char *
evidence_markup (const HkChecklistItem *item)
{
  GString *out = g_string_new (NULL);
  const char *rest = item->evidence;

  for (guint i = 0; i < item->times->len; i++)
    {
      double t = g_array_index (item->times, double, i);
      g_autofree char *shown = hk_checklist_format_time (t);
      const char *at = strstr (rest, shown);
      g_autofree char *before = NULL;
      g_autofree char *escaped = NULL;
      char number[G_ASCII_DTOSTR_BUF_SIZE];

      if (at == NULL)
        break;
      before = g_markup_escape_text (rest, at - rest);
      g_ascii_formatd (number, sizeof number, "%.3f", t);
      escaped = g_markup_escape_text (shown, -1);
      g_string_append_printf (out, "%s<a href=\"seek:%s\">%s</a>", before, number, escaped);
      rest = at + strlen (shown);
    }
  {
    g_autofree char *tail = g_markup_escape_text (rest, -1);

    g_string_append (out, tail);
  }
  return g_string_free (out, FALSE);
}

static GtkWidget *
item_card (HkChecklistView       *self,
           const HkChecklistItem *item,
           Row                   *row)
{
  GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  GtkWidget *question = gtk_label_new (item->question);
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);

  gtk_widget_add_css_class (card, "card");
  gtk_widget_add_css_class (card, "checklist-item");
  gtk_label_set_wrap (GTK_LABEL (question), TRUE);
  gtk_label_set_xalign (GTK_LABEL (question), 0.0f);
  gtk_widget_add_css_class (question, "heading");
  gtk_box_append (GTK_BOX (card), question);

  if (item->evidence != NULL)
    {
      g_autofree char *markup = evidence_markup (item);
      GtkWidget *evidence = gtk_label_new (NULL);

      /* Every text from the data is escaped; only the links are markup. */
      gtk_label_set_markup (GTK_LABEL (evidence), markup);
      gtk_label_set_wrap (GTK_LABEL (evidence), TRUE);
      gtk_label_set_xalign (GTK_LABEL (evidence), 0.0f);
      gtk_widget_add_css_class (evidence, "evidence");
      g_signal_connect_object (evidence, "activate-link", G_CALLBACK (link_cb), self, 0);
      gtk_box_append (GTK_BOX (card), evidence);
    }

  gtk_widget_add_css_class (buttons, "linked");
  for (guint b = 0; b < 3; b++)
    {
      GtkWidget *button = gtk_toggle_button_new_with_label (hk_answer_label (answers[b]));

      row->buttons[b] = GTK_TOGGLE_BUTTON (button);
      if (b > 0)
        gtk_toggle_button_set_group (row->buttons[b], row->buttons[0]);
      gtk_accessible_update_relation (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                      question, NULL, -1);
      g_signal_connect_object (button, "toggled", G_CALLBACK (answer_toggled_cb), self, 0);
      gtk_box_append (GTK_BOX (buttons), button);
    }
  gtk_box_append (GTK_BOX (line), buttons);

  if (item->suggestion != HK_ANSWER_NONE)
    {
      /* Translators: the answer the call's measurements point to, e.g.
       * “The call suggests: Partly”; the trainee decides */
      g_autofree char *text = g_strdup_printf (_("The call suggests: %s"), hk_answer_label (item->suggestion));
      GtkWidget *hint = gtk_label_new (text);

      gtk_widget_add_css_class (hint, "dim-label");
      gtk_widget_add_css_class (hint, "caption");
      gtk_box_append (GTK_BOX (line), hint);
    }
  gtk_box_append (GTK_BOX (card), line);

  row->note = GTK_ENTRY (gtk_entry_new ());
  gtk_entry_set_placeholder_text (row->note, _("Add a note"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (row->note), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Note"), -1);
  g_signal_connect_object (row->note, "changed", G_CALLBACK (changed_cb), self, G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (card), GTK_WIDGET (row->note));
  return card;
}

static GtkWidget *
question_card (HkChecklistView           *self,
               const HkChecklistQuestion *q,
               GtkTextView              **view_out)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *label = gtk_label_new (q->text);
  GtkWidget *frame = gtk_frame_new (NULL);
  GtkWidget *view = gtk_text_view_new ();

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_widget_add_css_class (label, "heading");
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_widget_add_css_class (view, "note-view");
  gtk_accessible_update_relation (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_RELATION_LABELLED_BY, label, NULL, -1);
  g_signal_connect_object (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), "changed",
                           G_CALLBACK (changed_cb), self, G_CONNECT_SWAPPED);
  gtk_frame_set_child (GTK_FRAME (frame), view);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), frame);
  *view_out = GTK_TEXT_VIEW (view);
  return box;
}

static void
clear_box (GtkBox *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (box))) != NULL)
    gtk_box_remove (box, child);
}

/* Puts back what the trainee answered before. */
static void
restore (HkChecklistView *self)
{
  JsonNode *reflection = hk_session_get_reflection (self->session);
  JsonObject *root = reflection && JSON_NODE_HOLDS_OBJECT (reflection) ? json_node_get_object (reflection) : NULL;
  JsonNode *answers_node = root ? json_object_get_member (root, "answers") : NULL;
  JsonNode *notes_node = root ? json_object_get_member (root, "notes") : NULL;
  JsonObject *answers_obj = answers_node && JSON_NODE_HOLDS_OBJECT (answers_node) ? json_node_get_object (answers_node) : NULL;
  JsonObject *notes_obj = notes_node && JSON_NODE_HOLDS_OBJECT (notes_node) ? json_node_get_object (notes_node) : NULL;

  for (guint i = 0; answers_obj != NULL && i < self->rows->len; i++)
    {
      const HkChecklistItem *item = g_ptr_array_index (self->items, i);
      Row *row = &g_array_index (self->rows, Row, i);
      JsonNode *a = json_object_get_member (answers_obj, item->id);
      JsonObject *ao = a && JSON_NODE_HOLDS_OBJECT (a) ? json_node_get_object (a) : NULL;
      HkAnswer answer;

      if (ao == NULL)
        continue;
      answer = hk_answer_from_id (json_object_get_string_member_with_default (ao, "answer", NULL));
      for (guint b = 0; b < 3; b++)
        if (answers[b] == answer)
          gtk_toggle_button_set_active (row->buttons[b], TRUE);
      gtk_editable_set_text (GTK_EDITABLE (row->note),
                             json_object_get_string_member_with_default (ao, "note", ""));
    }

  for (guint i = 0; notes_obj != NULL && i < self->note_views->len; i++)
    {
      const HkChecklistQuestion *q = g_ptr_array_index (self->questions, i);
      const char *text = json_object_get_string_member_with_default (notes_obj, q->id, "");

      gtk_text_buffer_set_text (gtk_text_view_get_buffer (g_ptr_array_index (self->note_views, i)), text, -1);
    }
}

/**
 * hk_checklist_view_set_session:
 * @session: (nullable): the session to reflect on
 * @analysis: (nullable): its analysis, for the evidence
 *
 * Shows the checklist for @session in its practice language, with the
 * answers already given.
 */
void
hk_checklist_view_set_session (HkChecklistView *self,
                               HkSession       *session,
                               HkCallAnalysis  *analysis)
{
  g_autoptr(GError) error = NULL;
  HkChecklist *checklist;
  g_autofree char *intro = NULL;

  g_return_if_fail (HK_IS_CHECKLIST_VIEW (self));

  /* What was typed last is kept before another session is shown. */
  if (self->save_id != 0)
    save (self);
  g_set_object (&self->session, session);
  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_pointer (&self->questions, g_ptr_array_unref);
  g_array_set_size (self->rows, 0);
  g_ptr_array_set_size (self->note_views, 0);
  clear_box (self->items_box);
  clear_box (self->questions_box);

  if (session == NULL)
    return;

  checklist = hk_checklist_get_default (&error);
  if (checklist == NULL)
    {
      adw_status_page_set_description (self->empty_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  self->filling = TRUE;
  self->items = hk_checklist_build (checklist, hk_session_get_category (session),
                                    hk_session_get_techniques (session), analysis,
                                    hk_session_get_language (session));
  self->questions = hk_checklist_get_questions (checklist, hk_session_get_language (session));
  g_array_set_size (self->rows, self->items->len);
  for (guint i = 0; i < self->items->len; i++)
    gtk_box_append (self->items_box, item_card (self, g_ptr_array_index (self->items, i),
                                                &g_array_index (self->rows, Row, i)));
  for (guint i = 0; i < self->questions->len; i++)
    {
      GtkTextView *view;

      gtk_box_append (self->questions_box, question_card (self, g_ptr_array_index (self->questions, i), &view));
      g_ptr_array_add (self->note_views, view);
    }
  restore (self);
  self->filling = FALSE;

  /* Translators: %s is a language's own name, such as “Italiano” */
  intro = g_strdup_printf (_("In %s, the language you practised in. Answer each question as you see it; "
                             "where the call measured something, its evidence is shown, and the times "
                             "play that moment."),
                           hk_lang_endonym (hk_session_get_language (session)));
  gtk_label_set_text (self->intro_label, intro);
  update_progress (self);
  gtk_stack_set_visible_child_name (self->stack, "list");
}

guint
hk_checklist_view_get_n_items (HkChecklistView *self)
{
  g_return_val_if_fail (HK_IS_CHECKLIST_VIEW (self), 0);
  return self->rows->len;
}

/**
 * hk_checklist_view_get_item:
 *
 * Returns: (transfer none): the item shown at @index
 */
const HkChecklistItem *
hk_checklist_view_get_item (HkChecklistView *self,
                            guint            index)
{
  g_return_val_if_fail (HK_IS_CHECKLIST_VIEW (self), NULL);
  g_return_val_if_fail (self->items != NULL && index < self->items->len, NULL);
  return g_ptr_array_index (self->items, index);
}

HkAnswer
hk_checklist_view_get_answer (HkChecklistView *self,
                              guint            index)
{
  g_return_val_if_fail (HK_IS_CHECKLIST_VIEW (self), HK_ANSWER_NONE);
  g_return_val_if_fail (index < self->rows->len, HK_ANSWER_NONE);
  return row_answer (&g_array_index (self->rows, Row, index));
}

/**
 * hk_checklist_view_set_answer:
 *
 * Answers item @index, as a click on its button would.
 */
void
hk_checklist_view_set_answer (HkChecklistView *self,
                              guint            index,
                              HkAnswer         answer)
{
  Row *row;

  g_return_if_fail (HK_IS_CHECKLIST_VIEW (self));
  g_return_if_fail (index < self->rows->len);

  row = &g_array_index (self->rows, Row, index);
  for (guint b = 0; b < 3; b++)
    if (answers[b] == answer)
      gtk_toggle_button_set_active (row->buttons[b], TRUE);
}

/**
 * hk_checklist_view_set_note:
 *
 * Types @note into item @index's note, as the trainee would.
 */
void
hk_checklist_view_set_note (HkChecklistView *self,
                            guint            index,
                            const char      *note)
{
  g_return_if_fail (HK_IS_CHECKLIST_VIEW (self));
  g_return_if_fail (index < self->rows->len);

  gtk_editable_set_text (GTK_EDITABLE (g_array_index (self->rows, Row, index).note), note);
}

static void
hk_checklist_view_dispose (GObject *object)
{
  HkChecklistView *self = HK_CHECKLIST_VIEW (object);

  if (self->save_id != 0)
    save (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), HK_TYPE_CHECKLIST_VIEW);
  g_clear_object (&self->session);
  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_pointer (&self->questions, g_ptr_array_unref);
  g_clear_pointer (&self->rows, g_array_unref);
  g_clear_pointer (&self->note_views, g_ptr_array_unref);

  G_OBJECT_CLASS (hk_checklist_view_parent_class)->dispose (object);
}

static void
hk_checklist_view_class_init (HkChecklistViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hk_checklist_view_dispose;

  /**
   * HkChecklistView::seek:
   * @seconds: the moment of the call
   *
   * A moment in the evidence was chosen: replay it.
   */
  signals[SEEK] = g_signal_new ("seek", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_DOUBLE);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/hk-checklist-view.ui");
  gtk_widget_class_bind_template_child (widget_class, HkChecklistView, stack);
  gtk_widget_class_bind_template_child (widget_class, HkChecklistView, empty_page);
  gtk_widget_class_bind_template_child (widget_class, HkChecklistView, intro_label);
  gtk_widget_class_bind_template_child (widget_class, HkChecklistView, progress_label);
  gtk_widget_class_bind_template_child (widget_class, HkChecklistView, items_box);
  gtk_widget_class_bind_template_child (widget_class, HkChecklistView, questions_box);
}

static void
hk_checklist_view_init (HkChecklistView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->rows = g_array_new (FALSE, TRUE, sizeof (Row));
  self->note_views = g_ptr_array_new ();
}
