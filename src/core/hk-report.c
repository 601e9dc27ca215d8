/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hk-report"

/* A report of one session for a trainer: who practised what and when,
 * the figures against their norms, every marker with its meaning, the
 * call turn by turn, and the checklist as the trainee answered it. As
 * JSON (the whole of it, schema in the README), as a CSV of the markers,
 * and as one self-contained HTML file with the two lanes drawn in SVG,
 * the trainer's comments pinned on them, and the call itself when asked.
 * Every text from a session or a scenario is escaped where it lands.
 * The PDF is drawn from the same report in src/report, which reads it
 * through the getters here rather than working it out again.
 * Writing the files is the caller's: atomically, as hearken-cli does. */

#include "config.h"

#include <math.h>
#include <string.h>

#include "hk-checklist.h"
#include "hk-figures.h"
#include "hk-i18n.h"
#include "hk-json-writer.h"
#include "hk-lang.h"
#include "hk-report.h"
#include "hk-session-store.h"

struct _HkReport
{
  GObject         parent_instance;

  HkSession      *session;
  HkCallAnalysis *analysis;
  GArray         *turns;       /* HkTurnSummary */
  GPtrArray      *items;       /* HkChecklistItem */
  GPtrArray      *questions;   /* HkChecklistQuestion */
  char           *lang;        /* the checklist's language */
  HkSession      *other;       /* a pair's other round, when known */
  HkCallAnalysis *other_analysis;
};

G_DEFINE_FINAL_TYPE (HkReport, hk_report, G_TYPE_OBJECT)

static void
hk_report_finalize (GObject *object)
{
  HkReport *self = HK_REPORT (object);

  g_clear_object (&self->session);
  g_clear_object (&self->analysis);
  g_clear_pointer (&self->turns, g_array_unref);
  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_pointer (&self->questions, g_ptr_array_unref);
  g_clear_pointer (&self->lang, g_free);
  g_clear_object (&self->other);
  g_clear_object (&self->other_analysis);

  G_OBJECT_CLASS (hk_report_parent_class)->finalize (object);
}

static void
hk_report_class_init (HkReportClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = hk_report_finalize;
}

static void
hk_report_init (HkReport *self)
{
}

/**
 * hk_report_new:
 * @session: an analysed session
 *
 * Returns: (transfer full) (nullable): the report, or %NULL when the
 *   session has no analysis to report on
 */
HkReport *
hk_report_new (HkSession  *session,
               GError    **error)
{
  return hk_report_new_in (session, NULL, error);
}

/**
 * hk_report_new_in:
 * @session: an analysed session
 * @lang: (nullable): the language the checklist is reported in; %NULL
 *   for the session's own
 *
 * As hk_report_new(), for a report in another language than the
 * practice's: the checklist carries every content language. The
 * report's own words follow the catalog of the thread that writes it.
 *
 * Returns: (transfer full) (nullable): the report
 */
HkReport *
hk_report_new_in (HkSession  *session,
                  const char *lang,
                  GError    **error)
{
  g_autoptr(HkReport) self = NULL;
  g_autoptr(HkSegments) lines = hk_segments_new ();
  const GArray *turns;
  HkChecklist *checklist;

  g_return_val_if_fail (HK_IS_SESSION (session), NULL);

  self = g_object_new (HK_TYPE_REPORT, NULL);
  self->session = g_object_ref (session);
  if (hk_session_get_analysis (session) != NULL)
    self->analysis = hk_call_analysis_new_from_json (hk_session_get_analysis (session));
  if (self->analysis == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("The session “%s” has no analysis to report on (%s)"), hk_session_get_id (session),
                   hk_session_get_problem (session) ? hk_session_get_problem (session)
                                                    : hk_session_state_label (hk_session_get_state (session)));
      return NULL;
    }

  turns = hk_session_get_turns (session);
  for (guint i = 0; i < turns->len; i++)
    hk_segments_add (lines, g_array_index (turns, HkSessionTurn, i).start,
                     g_array_index (turns, HkSessionTurn, i).end);
  self->turns = hk_call_analysis_summarise_turns (self->analysis, lines);

  checklist = hk_checklist_get_default (error);
  if (checklist == NULL)
    return NULL;
  if (lang == NULL)
    lang = hk_session_get_language (session);
  self->lang = g_strdup (lang);
  self->items = hk_checklist_build (checklist, hk_session_get_category (session),
                                    hk_session_get_techniques (session), self->analysis, lang);
  self->questions = hk_checklist_get_questions (checklist, lang);

  return g_steal_pointer (&self);
}

/**
 * hk_report_set_other_round:
 * @other: (nullable): the pair session's other round
 *
 * Reports the pair's two rounds side by side as well; a round without
 * an analysis is left out.
 */
void
hk_report_set_other_round (HkReport  *self,
                           HkSession *other)
{
  g_return_if_fail (HK_IS_REPORT (self));
  g_return_if_fail (other == NULL || HK_IS_SESSION (other));

  g_clear_object (&self->other);
  g_clear_object (&self->other_analysis);
  if (other == NULL || hk_session_get_analysis (other) == NULL)
    return;
  self->other_analysis = hk_call_analysis_new_from_json (hk_session_get_analysis (other));
  if (self->other_analysis != NULL)
    self->other = g_object_ref (other);
}

/**
 * hk_report_find_other_round:
 *
 * For a pair round, looks for the pair's other round among the sessions
 * beside it, and reports both side by side when it is there.
 */
void
hk_report_find_other_round (HkReport *self)
{
  g_autofree char *dir = NULL;
  g_autoptr(HkSessionStore) store = NULL;

  g_return_if_fail (HK_IS_REPORT (self));

  if (!hk_session_is_pair (self->session) || hk_session_get_folder (self->session) == NULL)
    return;
  dir = g_path_get_dirname (hk_session_get_folder (self->session));
  store = hk_session_store_new (dir);
  hk_report_set_other_round (self, hk_session_store_find_other_round (store, self->session));
}

/**
 * hk_report_get_rounds:
 * @rounds: (out caller-allocates) (array fixed-size=2): round one's
 *   session, then round two's
 * @analyses: (out caller-allocates) (array fixed-size=2): their analyses
 *
 * Returns: whether the pair's two rounds are both known
 */
gboolean
hk_report_get_rounds (HkReport        *self,
                      HkSession       *rounds[2],
                      HkCallAnalysis  *analyses[2])
{
  gboolean first;

  g_return_val_if_fail (HK_IS_REPORT (self), FALSE);

  if (self->other == NULL)
    return FALSE;
  first = hk_session_get_round (self->session) <= hk_session_get_round (self->other);
  rounds[0] = first ? self->session : self->other;
  rounds[1] = first ? self->other : self->session;
  analyses[0] = first ? self->analysis : self->other_analysis;
  analyses[1] = first ? self->other_analysis : self->analysis;
  return TRUE;
}

/**
 * hk_report_round_title:
 * @session: a pair round
 *
 * Returns: (transfer full): the round and who answered in it, such as
 *   “Round 1: Jan answered”
 */
char *
hk_report_round_title (HkSession *session)
{
  const char *who;

  g_return_val_if_fail (HK_IS_SESSION (session), NULL);

  who = hk_session_get_partner (session, HK_PARTNER_B);
  /* Translators: a column over a pair round's figures, e.g. “Round 1: Jan answered” */
  return g_strdup_printf (_("Round %u: %s answered"), hk_session_get_round (session),
                          who != NULL ? who : _("Partner B"));
}

/**
 * hk_report_get_partner_feedback:
 *
 * What the partner who played the customer said after a pair round, as
 * rows to show: a label, then the answer or the text they wrote.
 *
 * Returns: (transfer full) (nullable) (element-type utf8): label and
 *   value one after the other; %NULL when there is no feedback
 */
GPtrArray *
hk_report_get_partner_feedback (HkReport *self)
{
  static const char * const ids[] = { "heard", "understood", "interrupted", "helped", "next" };
  JsonNode *node;
  JsonObject *o;
  GPtrArray *rows;

  g_return_val_if_fail (HK_IS_REPORT (self), NULL);

  node = hk_session_get_partner_feedback (self->session);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  o = json_node_get_object (node);
  rows = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      JsonNode *v = json_object_get_member (o, ids[i]);
      const char *label, *text;

      if (v == NULL || !JSON_NODE_HOLDS_VALUE (v) || json_node_get_value_type (v) != G_TYPE_STRING)
        continue;
      text = json_node_get_string (v);
      switch (i)
        {
        case 0:
          label = _("Felt heard");
          break;
        case 1:
          label = _("Felt understood");
          break;
        case 2:
          label = _("Was interrupted");
          break;
        case 3:
          label = _("What helped");
          break;
        default:
          label = _("What to try next");
          break;
        }
      g_ptr_array_add (rows, g_strdup (label));
      g_ptr_array_add (rows, g_strdup (i < 3 ? hk_answer_label (hk_answer_from_id (text)) : text));
    }
  if (rows->len == 0)
    g_clear_pointer (&rows, g_ptr_array_unref);
  return rows;
}

/**
 * hk_report_get_session:
 *
 * Returns: (transfer none): the session reported on
 */
HkSession *
hk_report_get_session (HkReport *self)
{
  g_return_val_if_fail (HK_IS_REPORT (self), NULL);
  return self->session;
}

/**
 * hk_report_get_analysis:
 *
 * Returns: (transfer none): the session's analysis
 */
HkCallAnalysis *
hk_report_get_analysis (HkReport *self)
{
  g_return_val_if_fail (HK_IS_REPORT (self), NULL);
  return self->analysis;
}

/**
 * hk_report_get_turns:
 *
 * Returns: (transfer none) (element-type HkTurnSummary): how the trainee
 *   met each customer line, one a turn of hk_session_get_turns() and in
 *   its order
 */
const GArray *
hk_report_get_turns (HkReport *self)
{
  g_return_val_if_fail (HK_IS_REPORT (self), NULL);
  return self->turns;
}

/**
 * hk_report_get_items:
 *
 * Returns: (transfer none) (element-type HkChecklistItem): the checklist
 *   as the trainee saw it, in the session's language
 */
GPtrArray *
hk_report_get_items (HkReport *self)
{
  g_return_val_if_fail (HK_IS_REPORT (self), NULL);
  return self->items;
}

/**
 * hk_report_get_questions:
 *
 * Returns: (transfer none) (element-type HkChecklistQuestion): the open
 *   questions at the end of the checklist
 */
GPtrArray *
hk_report_get_questions (HkReport *self)
{
  g_return_val_if_fail (HK_IS_REPORT (self), NULL);
  return self->questions;
}

/* What the trainee answered to checklist item @id, and their note. */
static HkAnswer
answer_of (HkReport   *self,
           const char *id,
           const char **note)
{
  JsonNode *r = hk_session_get_reflection (self->session);
  JsonObject *answers = NULL, *a = NULL;
  JsonNode *n;

  *note = NULL;
  if (r != NULL && JSON_NODE_HOLDS_OBJECT (r) &&
      (n = json_object_get_member (json_node_get_object (r), "answers")) != NULL && JSON_NODE_HOLDS_OBJECT (n))
    answers = json_node_get_object (n);
  if (answers != NULL && (n = json_object_get_member (answers, id)) != NULL && JSON_NODE_HOLDS_OBJECT (n))
    a = json_node_get_object (n);
  if (a == NULL)
    return HK_ANSWER_NONE;
  *note = json_object_get_string_member_with_default (a, "note", NULL);
  return hk_answer_from_id (json_object_get_string_member_with_default (a, "answer", NULL));
}

/**
 * hk_report_get_answer:
 * @item_id: a checklist item's id
 * @note: (out) (transfer none) (nullable): the trainee's note on it
 *
 * Returns: what the trainee answered, or %HK_ANSWER_NONE
 */
HkAnswer
hk_report_get_answer (HkReport    *self,
                      const char  *item_id,
                      const char **note)
{
  const char *unused;

  g_return_val_if_fail (HK_IS_REPORT (self), HK_ANSWER_NONE);
  g_return_val_if_fail (item_id != NULL, HK_ANSWER_NONE);

  return answer_of (self, item_id, note != NULL ? note : &unused);
}

static const char *
note_of (HkReport   *self,
         const char *question_id)
{
  JsonNode *r = hk_session_get_reflection (self->session);
  JsonNode *n;

  if (r == NULL || !JSON_NODE_HOLDS_OBJECT (r) ||
      (n = json_object_get_member (json_node_get_object (r), "notes")) == NULL || !JSON_NODE_HOLDS_OBJECT (n))
    return NULL;
  return json_object_get_string_member_with_default (json_node_get_object (n), question_id, NULL);
}

/**
 * hk_report_get_note:
 * @question_id: an open question's id
 *
 * Returns: (nullable): what the trainee wrote to it
 */
const char *
hk_report_get_note (HkReport   *self,
                    const char *question_id)
{
  g_return_val_if_fail (HK_IS_REPORT (self), NULL);
  g_return_val_if_fail (question_id != NULL, NULL);

  return note_of (self, question_id);
}

/**
 * hk_report_format_date:
 *
 * When the session was recorded, as reports print it: year first, so a
 * class from many countries reads it alike.
 *
 * Returns: (transfer full): the date and time
 */
char *
hk_report_format_date (HkSession *session)
{
  g_return_val_if_fail (HK_IS_SESSION (session), NULL);

  return g_date_time_format (hk_session_get_created (session), "%Y-%m-%d %H:%M");
}

static void
add_string (JsonBuilder *b,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (b, name);
  if (value != NULL)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

static void
add_number (JsonBuilder *b,
            const char  *name,
            double       value)
{
  json_builder_set_member_name (b, name);
  if (isnan (value))
    json_builder_add_null_value (b);
  else
    json_builder_add_double_value (b, value);
}

static const char *
verdict_id (HkVerdict v)
{
  return v == HK_VERDICT_WITHIN ? "within" : v == HK_VERDICT_OUTSIDE ? "outside" : "unknown";
}

/**
 * hk_report_to_json:
 *
 * The whole report, as the README's schema describes.
 *
 * Returns: (transfer full): a JSON object
 */
JsonNode *
hk_report_to_json (HkReport *self)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *created = NULL;
  HkFigureValue figures[HK_N_FIGURES];
  const GArray *markers, *comments;
  double result;
  guint answered;

  g_return_val_if_fail (HK_IS_REPORT (self), NULL);

  created = g_date_time_format_iso8601 (hk_session_get_created (self->session));
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "format");
  json_builder_add_int_value (b, HK_REPORT_FORMAT);

  json_builder_set_member_name (b, "session");
  json_builder_begin_object (b);
  add_string (b, "id", hk_session_get_id (self->session));
  add_string (b, "trainee", hk_session_get_trainee (self->session));
  add_string (b, "scenario", hk_session_get_scenario_id (self->session));
  add_string (b, "title", hk_session_get_title (self->session));
  add_string (b, "category", hk_session_get_category (self->session));
  add_string (b, "language", hk_session_get_language (self->session));
  add_string (b, "mode", hk_session_get_mode (self->session));
  add_string (b, "created", created);
  add_string (b, "state", hk_session_state_id (hk_session_get_state (self->session)));
  add_number (b, "duration", hk_call_analysis_get_duration (self->analysis));
  add_string (b, "problem", hk_session_get_problem (self->session));
  if (hk_session_is_pair (self->session))
    {
      json_builder_set_member_name (b, "pair");
      json_builder_begin_object (b);
      add_string (b, "id", hk_session_get_pair_id (self->session));
      add_number (b, "round", hk_session_get_round (self->session));
      add_string (b, "partner-a", hk_session_get_partner (self->session, HK_PARTNER_A));
      add_string (b, "partner-b", hk_session_get_partner (self->session, HK_PARTNER_B));
      json_builder_end_object (b);
    }
  json_builder_end_object (b);

  if (hk_session_get_partner_feedback (self->session) != NULL)
    {
      json_builder_set_member_name (b, "partner-feedback");
      json_builder_add_value (b, json_node_copy (hk_session_get_partner_feedback (self->session)));
    }
  if (self->other != NULL)
    {
      HkFigureValue other[HK_N_FIGURES];

      hk_figures_measure (self->other_analysis, other);
      json_builder_set_member_name (b, "other-round");
      json_builder_begin_object (b);
      add_string (b, "session", hk_session_get_id (self->other));
      json_builder_set_member_name (b, "round");
      json_builder_add_int_value (b, hk_session_get_round (self->other));
      add_string (b, "trainee", hk_session_get_trainee (self->other));
      json_builder_set_member_name (b, "figures");
      json_builder_begin_array (b);
      for (HkFigure f = 0; f < HK_N_FIGURES; f++)
        {
          json_builder_begin_object (b);
          add_string (b, "id", hk_figure_id (f));
          add_number (b, "value", other[f].value);
          add_string (b, "verdict", verdict_id (other[f].verdict));
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
    }

  hk_figures_measure (self->analysis, figures);
  json_builder_set_member_name (b, "figures");
  json_builder_begin_array (b);
  for (HkFigure f = 0; f < HK_N_FIGURES; f++)
    {
      g_autofree char *norm = hk_figure_norm (f, hk_call_analysis_get_thresholds (self->analysis));

      json_builder_begin_object (b);
      add_string (b, "id", hk_figure_id (f));
      add_string (b, "label", hk_figure_label (f));
      add_number (b, "value", figures[f].value);
      add_string (b, "verdict", verdict_id (figures[f].verdict));
      add_string (b, "norm", norm);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  markers = hk_call_analysis_get_markers (self->analysis);
  json_builder_set_member_name (b, "markers");
  json_builder_begin_array (b);
  for (guint i = 0; i < markers->len; i++)
    {
      const HkMarker *m = &g_array_index (markers, HkMarker, i);
      g_autofree char *meaning = hk_marker_describe (m, g_strcmp0 (hk_session_get_mode (self->session), "pair") == 0);

      json_builder_begin_object (b);
      add_string (b, "type", hk_marker_type_id (m->type));
      add_string (b, "class", m->gap_class != HK_GAP_NONE ? hk_gap_class_id (m->gap_class) : NULL);
      add_string (b, "party", hk_party_id (m->party));
      add_number (b, "start", m->start);
      add_number (b, "end", m->end);
      add_string (b, "meaning", meaning);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "turns");
  json_builder_begin_array (b);
  for (guint i = 0; i < self->turns->len; i++)
    {
      const HkTurnSummary *t = &g_array_index (self->turns, HkTurnSummary, i);
      const HkSessionTurn *st = &g_array_index (hk_session_get_turns (self->session), HkSessionTurn, i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "line");
      json_builder_add_int_value (b, st->index + 1);
      add_string (b, "text", hk_session_get_turn_text (self->session, st->index));
      add_number (b, "start", st->start);
      add_number (b, "end", st->end);
      add_number (b, "gap", t->gap);
      add_string (b, "gap-class", t->gap_class != HK_GAP_NONE ? hk_gap_class_id (t->gap_class) : NULL);
      json_builder_set_member_name (b, "interruptions");
      json_builder_add_int_value (b, t->interruptions);
      json_builder_set_member_name (b, "backchannels");
      json_builder_add_int_value (b, t->backchannels);
      add_number (b, "answer", t->answer_time);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  result = hk_checklist_result (hk_session_get_reflection (self->session), &answered);
  json_builder_set_member_name (b, "checklist");
  json_builder_begin_object (b);
  add_string (b, "language", hk_session_get_language (self->session));
  add_number (b, "result", result);
  json_builder_set_member_name (b, "items");
  json_builder_begin_array (b);
  for (guint i = 0; i < self->items->len; i++)
    {
      const HkChecklistItem *item = g_ptr_array_index (self->items, i);
      const char *note;
      HkAnswer answer = answer_of (self, item->id, &note);

      json_builder_begin_object (b);
      add_string (b, "id", item->id);
      add_string (b, "question", item->question);
      add_string (b, "evidence", item->evidence);
      add_string (b, "suggested", hk_answer_id (item->suggestion));
      add_string (b, "answer", hk_answer_id (answer));
      add_string (b, "note", note);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "notes");
  json_builder_begin_array (b);
  for (guint i = 0; i < self->questions->len; i++)
    {
      const HkChecklistQuestion *q = g_ptr_array_index (self->questions, i);

      json_builder_begin_object (b);
      add_string (b, "id", q->id);
      add_string (b, "question", q->text);
      add_string (b, "text", note_of (self, q->id));
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);

  comments = hk_session_get_comments (self->session);
  json_builder_set_member_name (b, "comments");
  json_builder_begin_array (b);
  for (guint i = 0; i < comments->len; i++)
    {
      const HkSessionComment *c = &g_array_index (comments, HkSessionComment, i);

      json_builder_begin_object (b);
      add_string (b, "id", c->id);
      add_number (b, "start", c->start);
      add_number (b, "end", c->end);
      add_string (b, "text", c->text);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "analysis");
  json_builder_add_value (b, hk_call_analysis_to_json (self->analysis));
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

/**
 * hk_report_append_csv_field:
 * @text: (nullable): the field; %NULL for an empty one
 * @last: whether it ends the row
 *
 * Appends one CSV field as RFC 4180 wants it: a field with a comma,
 * quote or line break is quoted, and its quotes doubled; a row ends with
 * CR LF.
 */
void
hk_report_append_csv_field (GString    *out,
                            const char *text,
                            gboolean    last)
{
  if (text != NULL && strpbrk (text, ",\"\r\n") != NULL)
    {
      g_string_append_c (out, '"');
      for (const char *p = text; *p; p++)
        {
          if (*p == '"')
            g_string_append_c (out, '"');
          g_string_append_c (out, *p);
        }
      g_string_append_c (out, '"');
    }
  else if (text != NULL)
    g_string_append (out, text);
  g_string_append (out, last ? "\r\n" : ",");
}

/**
 * hk_report_to_csv:
 *
 * Returns: (transfer full): the markers as CSV, a header row first;
 *   times in seconds with a point, whatever the locale
 */
char *
hk_report_to_csv (HkReport *self)
{
  static const char * const header[] = { "session", "type", "class", "party", "start", "end", "length", "meaning" };
  const GArray *markers;
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (HK_IS_REPORT (self), NULL);

  for (guint i = 0; i < G_N_ELEMENTS (header); i++)
    hk_report_append_csv_field (out, header[i], i + 1 == G_N_ELEMENTS (header));
  markers = hk_call_analysis_get_markers (self->analysis);
  for (guint i = 0; i < markers->len; i++)
    {
      const HkMarker *m = &g_array_index (markers, HkMarker, i);
      g_autofree char *meaning = hk_marker_describe (m, g_strcmp0 (hk_session_get_mode (self->session), "pair") == 0);
      char start[G_ASCII_DTOSTR_BUF_SIZE], end[G_ASCII_DTOSTR_BUF_SIZE], length[G_ASCII_DTOSTR_BUF_SIZE];

      g_ascii_formatd (start, sizeof start, "%.3f", m->start);
      g_ascii_formatd (end, sizeof end, "%.3f", m->end);
      g_ascii_formatd (length, sizeof length, "%.3f", m->end - m->start);
      hk_report_append_csv_field (out, hk_session_get_id (self->session), FALSE);
      hk_report_append_csv_field (out, hk_marker_type_id (m->type), FALSE);
      hk_report_append_csv_field (out, m->gap_class != HK_GAP_NONE ? hk_gap_class_id (m->gap_class) : "", FALSE);
      hk_report_append_csv_field (out, hk_party_id (m->party), FALSE);
      hk_report_append_csv_field (out, start, FALSE);
      hk_report_append_csv_field (out, end, FALSE);
      hk_report_append_csv_field (out, length, FALSE);
      hk_report_append_csv_field (out, meaning, TRUE);
    }
  return g_string_free (out, FALSE);
}

static void
append_escaped (GString    *out,
                const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text ? text : "", -1);

  g_string_append (out, escaped);
}

/**
 * hk_report_format_comment_time:
 * @comment: a trainer's comment
 *
 * Returns: (transfer full): where it points: “m:ss” for a moment,
 *   “m:ss–m:ss” for a span
 */
char *
hk_report_format_comment_time (const HkSessionComment *comment)
{
  g_autofree char *start = NULL, *end = NULL;

  g_return_val_if_fail (comment != NULL, NULL);

  start = hk_checklist_format_time (comment->start);
  if (comment->end - comment->start < 0.5)
    return g_steal_pointer (&start);
  end = hk_checklist_format_time (comment->end);
  return g_strdup_printf ("%s–%s", start, end);
}

/**
 * hk_report_format_gap:
 * @turn: how the trainee met a line
 *
 * Returns: (transfer full): the response gap and how it reads, or an em
 *   dash when the trainee did not answer after the line
 */
char *
hk_report_format_gap (const HkTurnSummary *turn)
{
  g_autofree char *seconds = NULL;

  g_return_val_if_fail (turn != NULL, NULL);

  if (isnan (turn->gap))
    return g_strdup ("—");
  /* Translators: seconds, e.g. “0.8 s” */
  seconds = g_strdup_printf (_("%.1f s"), turn->gap);
  if (turn->gap_class == HK_GAP_NONE)
    return g_steal_pointer (&seconds);
  /* Translators: a response gap and how it reads, e.g. “0.1 s, rushed” */
  return g_strdup_printf (_("%s, %s"), seconds, hk_gap_class_label (turn->gap_class));
}

/* How wide a pin for comments @first to @last is in the SVG: about 6
 * units a digit at its size, as much for the dash, and a margin. */
static double
pin_width (guint first,
           guint last)
{
  double digits = floor (log10 (first)) + 1 + (last != first ? floor (log10 (last)) + 2 : 0);

  return MAX (16.0, 6.0 + 6.0 * digits);
}

/* The two lanes: each party's speech as bars, the markers as coloured
 * spans tagged with their letter, on a time axis, as the review draws
 * them; the trainer's comments as numbered pins above. */
static void
append_svg (HkReport *self,
            GString  *out)
{
  static const char * const colours[HK_N_MARKER_TYPES] = {
    "#3685e3", "#e6911a", "#787878", "#2ea854", "#e01c24", "#9140ab",
  };
  /* Translators: six ASCII letters tagging the marker types on the waveform:
   * response Gap, Hesitation, Dead air, Backchannel, Interruption, Overtalk */
  const char *letters = _("GHDBIO");
  const double width = 900.0, lane = 60.0, pins = 18.0;
  double duration = MAX (hk_call_analysis_get_duration (self->analysis), 0.001);
  const GArray *markers = hk_call_analysis_get_markers (self->analysis);
  const GArray *comments = hk_session_get_comments (self->session);
  gboolean pair = g_strcmp0 (hk_session_get_mode (self->session), "pair") == 0;

  if (strlen (letters) != HK_N_MARKER_TYPES)
    letters = "GHDBIO";

  g_string_append_printf (out, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %.0f %.0f\" "
                          "role=\"img\" aria-label=\"", width, pins + 2 * lane + 20);
  append_escaped (out, _("Waveform of the call"));
  g_string_append (out, "\">\n");
  for (guint p = HK_PARTY_CUSTOMER; p <= HK_PARTY_TRAINEE; p++)
    {
      const HkSegments *segs = hk_call_analysis_get_segments (self->analysis, p);
      double top = pins + p * lane;

      g_string_append_printf (out, "<rect x=\"0\" y=\"%.1f\" width=\"%.0f\" height=\"%.0f\" fill=\"#f4f4f4\"/>\n",
                              top, width, lane - 2);
      for (guint i = 0; segs != NULL && i < hk_segments_get_n (segs); i++)
        {
          const HkSegment *s = hk_segments_get (segs, i);

          g_string_append_printf (out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.0f\" fill=\"#444\"/>\n",
                                  s->start / duration * width, top + lane * 0.25,
                                  MAX ((s->end - s->start) / duration * width, 0.5), lane * 0.5 - 2);
        }
    }
  for (guint i = 0; i < markers->len; i++)
    {
      const HkMarker *m = &g_array_index (markers, HkMarker, i);
      double top = pins + (m->party == HK_PARTY_TRAINEE ? lane : 0.0);
      double height = m->party == HK_PARTY_BOTH ? 2 * lane : lane;
      double x = m->start / duration * width, w = MAX ((m->end - m->start) / duration * width, 1.5);

      g_string_append_printf (out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.0f\" fill=\"%s\" "
                              "fill-opacity=\"0.3\"><title>",
                              x, top, w, height - 2, colours[m->type]);
      append_escaped (out, hk_marker_type_label (m->type));
      g_string_append (out, "</title></rect>\n");
      if (w >= 10.0)
        g_string_append_printf (out, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"10\" font-weight=\"bold\" "
                                "fill=\"%s\">%c</text>\n", x + 2, top + 11, colours[m->type], letters[m->type]);
    }
  for (guint i = 0; i < comments->len; i++)
    {
      const HkSessionComment *c = &g_array_index (comments, HkSessionComment, i);
      double x0 = MIN (c->start / duration, 1.0) * width, x1 = MIN (c->end / duration, 1.0) * width;

      g_string_append_printf (out, "<g><title>%u: ", i + 1);
      append_escaped (out, c->text);
      g_string_append (out, "</title>\n");
      if (x1 - x0 >= 1.0)
        g_string_append_printf (out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"4\" fill=\"#996b45\" "
                                "fill-opacity=\"0.5\"/>\n", x0, pins - 4, x1 - x0);
      g_string_append_printf (out, "<rect x=\"%.1f\" y=\"13\" width=\"1.5\" height=\"%.0f\" fill=\"#996b45\"/>\n</g>\n",
                              x0, pins - 13 + 2 * lane - 2);
    }
  /* A numbered pin a comment; comments too close for one each share
   * one, “2–5”. */
  for (guint i = 0, j; i < comments->len; i = j)
    {
      double x0 = MIN (g_array_index (comments, HkSessionComment, i).start / duration, 1.0) * width;
      double box, at;

      for (j = i + 1; j < comments->len; j++)
        {
          double next = MIN (g_array_index (comments, HkSessionComment, j).start / duration, 1.0) * width;

          box = pin_width (i + 1, j);
          if (next >= MIN (x0, width - box) + box + 1.0)
            break;
        }
      box = pin_width (i + 1, j);
      at = MIN (x0, width - box);
      g_string_append_printf (out, "<rect x=\"%.1f\" y=\"0\" width=\"%.0f\" height=\"13\" rx=\"2\" fill=\"#996b45\"/>\n"
                              "<text x=\"%.1f\" y=\"10\" font-size=\"10\" fill=\"#fff\">", at, box, at + 3);
      if (j - i == 1)
        g_string_append_printf (out, "%u</text>\n", i + 1);
      else
        g_string_append_printf (out, "%u–%u</text>\n", i + 1, j);
    }
  /* The lanes' names, over everything. */
  for (guint p = HK_PARTY_CUSTOMER; p <= HK_PARTY_TRAINEE; p++)
    {
      g_string_append_printf (out, "<text x=\"3\" y=\"%.1f\" font-size=\"10\" fill=\"#444\" "
                              "stroke=\"#fff\" stroke-width=\"3\" paint-order=\"stroke\">", pins + p * lane + lane - 6);
      append_escaped (out, hk_party_label (p, pair));
      g_string_append (out, "</text>\n");
    }
  for (int t = 0; t <= (int) duration; t += MAX (10, ((int) duration / 60 + 1) * 10))
    g_string_append_printf (out, "<text x=\"%.1f\" y=\"%.0f\" font-size=\"10\" fill=\"#666\">%d:%02d</text>\n",
                            t / duration * width + 2, pins + 2 * lane + 14, t / 60, t % 60);
  g_string_append (out, "</svg>\n<p class=\"legend\">");
  for (HkMarkerType t = 0; t < HK_N_MARKER_TYPES; t++)
    {
      g_string_append_printf (out, "<span><b style=\"background: %s\">%c</b> ", colours[t], letters[t]);
      append_escaped (out, hk_marker_type_label (t));
      g_string_append (out, "</span> ");
    }
  if (comments->len > 0)
    {
      g_string_append (out, "<span><b style=\"background: #996b45\">1</b> ");
      append_escaped (out, _("Trainer’s comment"));
      g_string_append (out, "</span>");
    }
  g_string_append (out, "</p>\n");
}

static void
append_heading (GString    *out,
                const char *text)
{
  g_string_append (out, "<h2>");
  append_escaped (out, text);
  g_string_append (out, "</h2>\n");
}

static void
append_cell (GString    *out,
             const char *tag,
             const char *text)
{
  g_string_append_printf (out, "<%s>", tag);
  append_escaped (out, text);
  g_string_append_printf (out, "</%s>", tag);
}

static void
append_turns (HkReport *self,
              GString  *out)
{
  const GArray *session_turns = hk_session_get_turns (self->session);

  append_heading (out, _("The Call Line by Line"));
  if (self->turns->len == 0)
    {
      g_string_append (out, "<p>");
      append_escaped (out, _("No customer line was timed in this call."));
      g_string_append (out, "</p>\n");
      return;
    }
  g_string_append (out, "<table class=\"turns\">\n<tr>");
  append_cell (out, "th", _("Line"));
  append_cell (out, "th", _("At"));
  append_cell (out, "th", _("What the customer said"));
  append_cell (out, "th", _("Response gap"));
  append_cell (out, "th", _("Interruptions"));
  append_cell (out, "th", _("Listening sounds"));
  append_cell (out, "th", _("Your answer"));
  g_string_append (out, "</tr>\n");
  for (guint i = 0; i < self->turns->len && i < session_turns->len; i++)
    {
      const HkTurnSummary *t = &g_array_index (self->turns, HkTurnSummary, i);
      const HkSessionTurn *st = &g_array_index (session_turns, HkSessionTurn, i);
      g_autofree char *at = hk_checklist_format_time (st->start);
      g_autofree char *gap = hk_report_format_gap (t);
      /* Translators: seconds, e.g. “0.8 s” */
      g_autofree char *answer = isnan (t->answer_time) ? g_strdup ("—") : g_strdup_printf (_("%.1f s"), t->answer_time);

      g_string_append_printf (out, "<tr><td>%u</td>", st->index + 1);
      append_cell (out, "td", at);
      append_cell (out, "td", hk_session_get_turn_text (self->session, st->index));
      append_cell (out, "td", gap);
      g_string_append_printf (out, "<td>%u</td><td>%u</td>", t->interruptions, t->backchannels);
      append_cell (out, "td", answer);
      g_string_append (out, "</tr>\n");
    }
  g_string_append (out, "</table>\n");
}

static void
append_comments (HkReport *self,
                 GString  *out)
{
  const GArray *comments = hk_session_get_comments (self->session);

  if (comments->len == 0)
    return;
  append_heading (out, _("Trainer’s Comments"));
  g_string_append (out, "<table class=\"comments\">\n");
  for (guint i = 0; i < comments->len; i++)
    {
      const HkSessionComment *c = &g_array_index (comments, HkSessionComment, i);
      g_autofree char *when = hk_report_format_comment_time (c);

      g_string_append_printf (out, "<tr><th><span class=\"pin\">%u</span></th>", i + 1);
      append_cell (out, "td", when);
      append_cell (out, "td", c->text);
      g_string_append (out, "</tr>\n");
    }
  g_string_append (out, "</table>\n");
}

/* A pair round: how the call felt to the partner who played the customer. */
static void
append_partner_feedback (HkReport *self,
                         GString  *out)
{
  g_autoptr(GPtrArray) rows = hk_report_get_partner_feedback (self);

  if (rows == NULL)
    return;
  append_heading (out, _("How It Felt to the Customer"));
  g_string_append (out, "<table class=\"partner\">\n");
  for (guint i = 0; i + 1 < rows->len; i += 2)
    {
      g_string_append (out, "<tr>");
      append_cell (out, "th", g_ptr_array_index (rows, i));
      append_cell (out, "td", g_ptr_array_index (rows, i + 1));
      g_string_append (out, "</tr>\n");
    }
  g_string_append (out, "</table>\n");
}

/* A pair's two rounds side by side, figure by figure. */
static void
append_rounds (HkReport *self,
               GString  *out)
{
  HkSession *rounds[2];
  HkCallAnalysis *analyses[2];
  HkFigureValue figures[2][HK_N_FIGURES];

  if (!hk_report_get_rounds (self, rounds, analyses))
    return;
  append_heading (out, _("Both Rounds"));
  g_string_append (out, "<table class=\"rounds\">\n<tr><th></th>");
  for (guint r = 0; r < 2; r++)
    {
      g_autofree char *title = hk_report_round_title (rounds[r]);

      hk_figures_measure (analyses[r], figures[r]);
      append_cell (out, "th", title);
    }
  g_string_append (out, "</tr>\n");
  for (HkFigure f = 0; f < HK_N_FIGURES; f++)
    {
      g_string_append (out, "<tr>");
      append_cell (out, "th", hk_figure_label (f));
      for (guint r = 0; r < 2; r++)
        {
          g_autofree char *value = hk_figure_format (&figures[r][f]);

          g_string_append_printf (out, "<td class=\"%s\">", verdict_id (figures[r][f].verdict));
          append_escaped (out, value);
          g_string_append (out, " · ");
          append_escaped (out, hk_verdict_label (figures[r][f].verdict));
          g_string_append (out, "</td>");
        }
      g_string_append (out, "</tr>\n");
    }
  g_string_append (out, "</table>\n");
}

/* The call itself, so the page replays it without the session's folder. */
static void
append_audio (GString *out,
              GBytes  *audio)
{
  gsize size;
  const guchar *data = g_bytes_get_data (audio, &size);
  g_autofree char *encoded = g_base64_encode (data, size);

  append_heading (out, _("The Call"));
  g_string_append (out, "<audio controls preload=\"metadata\" src=\"data:audio/ogg;base64,");
  g_string_append (out, encoded);
  g_string_append (out, "\">");
  append_escaped (out, _("This browser cannot play the call."));
  g_string_append (out, "</audio>\n");
}

/**
 * hk_report_to_html:
 *
 * Returns: (transfer full): one HTML page that needs nothing else
 */
char *
hk_report_to_html (HkReport *self)
{
  return hk_report_to_html_full (self, NULL);
}

/**
 * hk_report_to_html_full:
 * @audio: (nullable): the session's call.ogg, to embed in the page as a
 *   player
 *
 * Returns: (transfer full): one HTML page that needs nothing else
 */
char *
hk_report_to_html_full (HkReport *self,
                        GBytes   *audio)
{
  GString *out = g_string_new (NULL);
  g_autofree char *date = NULL;
  HkFigureValue figures[HK_N_FIGURES];
  const GArray *markers;
  const char *trainee;

  g_return_val_if_fail (HK_IS_REPORT (self), NULL);

  date = hk_report_format_date (self->session);
  trainee = hk_session_get_trainee (self->session);
  g_string_append (out, "<!DOCTYPE html>\n<html lang=\"");
  append_escaped (out, self->lang);
  g_string_append (out, "\">\n<head>\n<meta charset=\"utf-8\">\n<title>");
  if (trainee != NULL)
    {
      append_escaped (out, trainee);
      g_string_append (out, " — ");
    }
  append_escaped (out, hk_session_get_title (self->session));
  g_string_append (out, "</title>\n<style>\n"
                        "body { font-family: sans-serif; max-width: 960px; margin: 2em auto; color: #222; }\n"
                        "table { border-collapse: collapse; width: 100%; margin-bottom: 1.5em; }\n"
                        "th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid #ddd; vertical-align: top; }\n"
                        ".outside { color: #9a6700; } .within { color: #1a7f37; }\n"
                        ".trainee { font-size: 1.2em; margin-bottom: 0; }\n"
                        ".legend span { margin-right: 1em; white-space: nowrap; }\n"
                        ".legend b, .pin { display: inline-block; min-width: 1.2em; text-align: center; color: #fff; "
                        "border-radius: 3px; font-size: 0.85em; }\n"
                        ".pin { background: #996b45; }\n"
                        "audio { width: 100%; }\n"
                        "</style>\n</head>\n<body>\n<p class=\"trainee\">");
  append_escaped (out, trainee != NULL ? trainee : _("Trainee not named"));
  g_string_append (out, "</p>\n<h1>");
  append_escaped (out, hk_session_get_title (self->session));
  g_string_append (out, "</h1>\n<p>");
  append_escaped (out, date);
  g_string_append (out, " · ");
  append_escaped (out, hk_lang_endonym (hk_session_get_language (self->session)));
  g_string_append (out, " · ");
  append_escaped (out, hk_session_state_label (hk_session_get_state (self->session)));
  g_string_append (out, "</p>\n");
  if (hk_session_get_problem (self->session) != NULL)
    {
      g_string_append (out, "<p><strong>");
      append_escaped (out, hk_session_get_problem (self->session));
      g_string_append (out, "</strong></p>\n");
    }

  append_svg (self, out);
  if (audio != NULL)
    append_audio (out, audio);

  hk_figures_measure (self->analysis, figures);
  append_heading (out, _("How You Listened"));
  g_string_append (out, "<table>\n");
  for (HkFigure f = 0; f < HK_N_FIGURES; f++)
    {
      g_autofree char *value = hk_figure_format (&figures[f]);
      g_autofree char *norm = hk_figure_norm (f, hk_call_analysis_get_thresholds (self->analysis));

      g_string_append_printf (out, "<tr><th>");
      append_escaped (out, hk_figure_label (f));
      g_string_append_printf (out, "</th><td class=\"%s\">", verdict_id (figures[f].verdict));
      append_escaped (out, value);
      g_string_append (out, "</td><td>");
      append_escaped (out, norm);
      g_string_append (out, "</td></tr>\n");
    }
  g_string_append (out, "</table>\n");

  append_turns (self, out);
  append_comments (self, out);
  append_partner_feedback (self, out);
  append_rounds (self, out);

  markers = hk_call_analysis_get_markers (self->analysis);
  append_heading (out, _("Pauses and overlaps"));
  g_string_append (out, "<table>\n");
  for (guint i = 0; i < markers->len; i++)
    {
      const HkMarker *m = &g_array_index (markers, HkMarker, i);
      g_autofree char *when = hk_checklist_format_time (m->start);
      g_autofree char *meaning = hk_marker_describe (m, g_strcmp0 (hk_session_get_mode (self->session), "pair") == 0);

      g_string_append (out, "<tr><td>");
      append_escaped (out, when);
      g_string_append (out, "</td><th>");
      append_escaped (out, hk_marker_type_label (m->type));
      g_string_append (out, "</th><td>");
      append_escaped (out, meaning);
      g_string_append (out, "</td></tr>\n");
    }
  g_string_append (out, "</table>\n");
  append_heading (out, _("How Did You Listen?"));
  g_string_append (out, "<table>\n");
  for (guint i = 0; i < self->items->len; i++)
    {
      const HkChecklistItem *item = g_ptr_array_index (self->items, i);
      const char *note;
      HkAnswer answer = answer_of (self, item->id, &note);

      g_string_append (out, "<tr><td>");
      append_escaped (out, item->question);
      if (item->evidence != NULL)
        {
          g_string_append (out, "<br><small>");
          append_escaped (out, item->evidence);
          g_string_append (out, "</small>");
        }
      g_string_append (out, "</td><td>");
      append_escaped (out, answer != HK_ANSWER_NONE ? hk_answer_label (answer) : "—");
      g_string_append (out, "</td><td>");
      append_escaped (out, note);
      g_string_append (out, "</td></tr>\n");
    }
  g_string_append (out, "</table>\n");
  for (guint i = 0; i < self->questions->len; i++)
    {
      const HkChecklistQuestion *q = g_ptr_array_index (self->questions, i);
      const char *text = note_of (self, q->id);

      if (text == NULL)
        continue;
      g_string_append (out, "<h3>");
      append_escaped (out, q->text);
      g_string_append (out, "</h3>\n<p>");
      append_escaped (out, text);
      g_string_append (out, "</p>\n");
    }
  g_string_append (out, "</body>\n</html>\n");
  return g_string_free (out, FALSE);
}
