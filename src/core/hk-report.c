/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hk-report"

/* A report of one session for a trainer: who practised what and when,
 * the figures against their norms, every marker with its meaning, the
 * call turn by turn, and the checklist as the trainee answered it. As
 * JSON (the whole of it, schema in the README), as a CSV of the markers,
 * and as one self-contained HTML file with the two lanes drawn in SVG.
 * Every text from a session or a scenario is escaped where it lands.
 * Writing the files is the caller's: atomically, as hearken-cli does. */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "hk-checklist.h"
#include "hk-figures.h"
#include "hk-json-writer.h"
#include "hk-lang.h"
#include "hk-report.h"

struct _HkReport
{
  GObject         parent_instance;

  HkSession      *session;
  HkCallAnalysis *analysis;
  GArray         *turns;       /* HkTurnSummary */
  GPtrArray      *items;       /* HkChecklistItem */
  GPtrArray      *questions;   /* HkChecklistQuestion */
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
  self->items = hk_checklist_build (checklist, hk_session_get_category (session),
                                    hk_session_get_techniques (session), self->analysis,
                                    hk_session_get_language (session));
  self->questions = hk_checklist_get_questions (checklist, hk_session_get_language (session));

  return g_steal_pointer (&self);
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
  const GArray *markers;
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
  add_string (b, "scenario", hk_session_get_scenario_id (self->session));
  add_string (b, "title", hk_session_get_title (self->session));
  add_string (b, "category", hk_session_get_category (self->session));
  add_string (b, "language", hk_session_get_language (self->session));
  add_string (b, "mode", hk_session_get_mode (self->session));
  add_string (b, "created", created);
  add_string (b, "state", hk_session_state_id (hk_session_get_state (self->session)));
  add_number (b, "duration", hk_call_analysis_get_duration (self->analysis));
  add_string (b, "problem", hk_session_get_problem (self->session));
  json_builder_end_object (b);

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

  json_builder_set_member_name (b, "analysis");
  json_builder_add_value (b, hk_call_analysis_to_json (self->analysis));
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

/* RFC 4180: a field with a comma, quote or line break is quoted, and
 * its quotes doubled. */
static void
append_csv_field (GString    *out,
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
    append_csv_field (out, header[i], i + 1 == G_N_ELEMENTS (header));
  markers = hk_call_analysis_get_markers (self->analysis);
  for (guint i = 0; i < markers->len; i++)
    {
      const HkMarker *m = &g_array_index (markers, HkMarker, i);
      g_autofree char *meaning = hk_marker_describe (m, g_strcmp0 (hk_session_get_mode (self->session), "pair") == 0);
      char start[G_ASCII_DTOSTR_BUF_SIZE], end[G_ASCII_DTOSTR_BUF_SIZE], length[G_ASCII_DTOSTR_BUF_SIZE];

      g_ascii_formatd (start, sizeof start, "%.3f", m->start);
      g_ascii_formatd (end, sizeof end, "%.3f", m->end);
      g_ascii_formatd (length, sizeof length, "%.3f", m->end - m->start);
      append_csv_field (out, hk_session_get_id (self->session), FALSE);
      append_csv_field (out, hk_marker_type_id (m->type), FALSE);
      append_csv_field (out, m->gap_class != HK_GAP_NONE ? hk_gap_class_id (m->gap_class) : "", FALSE);
      append_csv_field (out, hk_party_id (m->party), FALSE);
      append_csv_field (out, start, FALSE);
      append_csv_field (out, end, FALSE);
      append_csv_field (out, length, FALSE);
      append_csv_field (out, meaning, TRUE);
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

/* The two lanes: each party's speech as bars, the markers as coloured
 * spans, on a time axis, as the review draws them. */
static void
append_svg (HkReport *self,
            GString  *out)
{
  static const char * const colours[HK_N_MARKER_TYPES] = {
    "#3685e3", "#e6911a", "#787878", "#2ea854", "#e01c24", "#9140ab",
  };
  const double width = 900.0, lane = 60.0;
  double duration = MAX (hk_call_analysis_get_duration (self->analysis), 0.001);
  const GArray *markers = hk_call_analysis_get_markers (self->analysis);

  g_string_append_printf (out, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %.0f %.0f\" "
                          "role=\"img\" aria-label=\"", width, 2 * lane + 20);
  append_escaped (out, _("Waveform of the call"));
  g_string_append (out, "\">\n");
  for (guint p = HK_PARTY_CUSTOMER; p <= HK_PARTY_TRAINEE; p++)
    {
      const HkSegments *segs = hk_call_analysis_get_segments (self->analysis, p);
      double top = p * lane;

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
      double top = m->party == HK_PARTY_TRAINEE ? lane : 0.0;
      double height = m->party == HK_PARTY_BOTH ? 2 * lane : lane;

      g_string_append_printf (out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.0f\" fill=\"%s\" "
                              "fill-opacity=\"0.3\"><title>",
                              m->start / duration * width, top, MAX ((m->end - m->start) / duration * width, 1.5),
                              height - 2, colours[m->type]);
      append_escaped (out, hk_marker_type_label (m->type));
      g_string_append (out, "</title></rect>\n");
    }
  for (int t = 0; t <= (int) duration; t += MAX (10, ((int) duration / 60 + 1) * 10))
    g_string_append_printf (out, "<text x=\"%.1f\" y=\"%.0f\" font-size=\"10\" fill=\"#666\">%d:%02d</text>\n",
                            t / duration * width + 2, 2 * lane + 14, t / 60, t % 60);
  g_string_append (out, "</svg>\n");
}

/**
 * hk_report_to_html:
 *
 * Returns: (transfer full): one HTML page that needs nothing else
 */
char *
hk_report_to_html (HkReport *self)
{
  GString *out = g_string_new (NULL);
  g_autofree char *date = NULL;
  HkFigureValue figures[HK_N_FIGURES];
  const GArray *markers;

  g_return_val_if_fail (HK_IS_REPORT (self), NULL);

  date = g_date_time_format (hk_session_get_created (self->session), "%x %H:%M");
  g_string_append (out, "<!DOCTYPE html>\n<html lang=\"");
  append_escaped (out, hk_session_get_language (self->session));
  g_string_append (out, "\">\n<head>\n<meta charset=\"utf-8\">\n<title>");
  append_escaped (out, hk_session_get_title (self->session));
  g_string_append (out, "</title>\n<style>\n"
                        "body { font-family: sans-serif; max-width: 960px; margin: 2em auto; color: #222; }\n"
                        "table { border-collapse: collapse; width: 100%; margin-bottom: 1.5em; }\n"
                        "th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid #ddd; vertical-align: top; }\n"
                        ".outside { color: #9a6700; } .within { color: #1a7f37; }\n"
                        "</style>\n</head>\n<body>\n<h1>");
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

  hk_figures_measure (self->analysis, figures);
  g_string_append (out, "<h2>");
  append_escaped (out, _("How You Listened"));
  g_string_append (out, "</h2>\n<table>\n");
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

  markers = hk_call_analysis_get_markers (self->analysis);
  g_string_append (out, "<h2>");
  append_escaped (out, _("Pauses and overlaps"));
  g_string_append (out, "</h2>\n<table>\n");
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
  g_string_append (out, "</table>\n<h2>");
  append_escaped (out, _("How Did You Listen?"));
  g_string_append (out, "</h2>\n<table>\n");
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
      append_escaped (out, hk_answer_id (answer) ? hk_answer_id (answer) : "—");
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
