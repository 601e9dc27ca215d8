/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hk-checklist"

/* The reflection checklist: questions on the listening techniques, kept
 * as data in every content language (data/checklists/), built for one
 * call. Items are chosen for the scenario's category and the techniques
 * its turns invite; those the call's measurements speak to carry the
 * evidence, with the moments it points at, and a suggested answer. The
 * trainee decides. Everything is in the practice language, whatever the
 * desktop's. */

#include "config.h"

#include <json-glib/json-glib.h>
#include <math.h>

#include "hk-checklist.h"
#include "hk-figures.h"
#include "hk-i18n.h"
#include "hk-lang.h"

typedef enum {
  MEASURE_NONE,
  MEASURE_INTERRUPTIONS,
  MEASURE_RUSHED_GAPS,
  MEASURE_BACKCHANNELS,
  MEASURE_TALK_SHARE,
  MEASURE_SILENCES,
  MEASURE_VOICE,
} Measure;

static const char * const measure_ids[] = {
  "none", "interruptions", "rushed-gaps", "backchannels", "talk-share", "silences", "voice",
};

typedef enum {
  FORM_NONE,    /* nothing happened */
  FORM_ONE,
  FORM_FEW,     /* 2-4, for Czech */
  FORM_OTHER,
  N_FORMS
} Form;

static const char * const form_ids[N_FORMS] = { "none", "one", "few", "other" };

typedef struct {
  char       *id;
  char       *technique;
  GStrv       categories;   /* "*" for every call */
  Measure     measure;
  GHashTable *question;     /* language → text */
  GHashTable *forms[N_FORMS];
} Definition;

struct _HkChecklist
{
  GObject    parent_instance;

  GPtrArray *items;       /* Definition */
  GPtrArray *questions;   /* Definition, question only */
};

G_DEFINE_FINAL_TYPE (HkChecklist, hk_checklist, G_TYPE_OBJECT)

static void
definition_free (gpointer data)
{
  Definition *d = data;

  g_free (d->id);
  g_free (d->technique);
  g_strfreev (d->categories);
  g_clear_pointer (&d->question, g_hash_table_unref);
  for (Form f = 0; f < N_FORMS; f++)
    g_clear_pointer (&d->forms[f], g_hash_table_unref);
  g_free (d);
}

static void
hk_checklist_finalize (GObject *object)
{
  HkChecklist *self = HK_CHECKLIST (object);

  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_pointer (&self->questions, g_ptr_array_unref);

  G_OBJECT_CLASS (hk_checklist_parent_class)->finalize (object);
}

static void
hk_checklist_class_init (HkChecklistClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = hk_checklist_finalize;
}

static void
hk_checklist_init (HkChecklist *self)
{
  self->items = g_ptr_array_new_with_free_func (definition_free);
  self->questions = g_ptr_array_new_with_free_func (definition_free);
}

void
hk_checklist_item_free (HkChecklistItem *item)
{
  if (item == NULL)
    return;
  g_free (item->id);
  g_free (item->technique);
  g_free (item->question);
  g_free (item->evidence);
  g_clear_pointer (&item->times, g_array_unref);
  g_free (item);
}

void
hk_checklist_question_free (HkChecklistQuestion *question)
{
  if (question == NULL)
    return;
  g_free (question->id);
  g_free (question->text);
  g_free (question);
}

static gboolean
invalid (GError    **error,
         const char *path,
         const char *format,
         ...) G_GNUC_PRINTF (3, 4);

static gboolean
invalid (GError    **error,
         const char *path,
         const char *format,
         ...)
{
  g_autofree char *what = NULL;
  va_list args;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);
  /* Translators: a checklist file and what is wrong with it */
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("%s: %s"), path, what);
  return FALSE;
}

static const char *
string_of (JsonObject *o,
           const char *name)
{
  JsonNode *n = o ? json_object_get_member (o, name) : NULL;

  return n && JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_STRING
    ? json_node_get_string (n) : NULL;
}

/* A map of language → text, which must hold every content language
 * (@only, when set, is the one language it must hold). */
static GHashTable *
read_texts (JsonObject  *o,
            const char  *name,
            const char  *only,
            const char  *path,
            const char  *id,
            GError     **error)
{
  JsonNode *n = json_object_get_member (o, name);
  g_autoptr(GHashTable) map = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  JsonObject *texts;

  if (n == NULL || !JSON_NODE_HOLDS_OBJECT (n))
    {
      invalid (error, path, _("“%s” has no “%s” texts"), id, name);
      return NULL;
    }
  texts = json_node_get_object (n);
  for (const char * const *l = hk_lang_content_languages (); *l; l++)
    {
      const char *text = string_of (texts, *l);

      if (only != NULL && !g_str_equal (*l, only))
        continue;
      if (text == NULL || *text == '\0')
        {
          invalid (error, path, _("“%s” has no “%s” text in “%s”"), id, name, *l);
          return NULL;
        }
      g_hash_table_insert (map, g_strdup (*l), g_strdup (text));
    }
  return g_steal_pointer (&map);
}

static gboolean
read_item (HkChecklist *self,
           JsonObject  *o,
           const char  *path,
           GError     **error)
{
  Definition *d = g_new0 (Definition, 1);
  JsonNode *n;
  const char *measure;

  g_ptr_array_add (self->items, d);
  d->id = g_strdup (string_of (o, "id"));
  d->technique = g_strdup (string_of (o, "technique"));
  if (d->id == NULL || d->technique == NULL)
    return invalid (error, path, _("an item has no “id” or no “technique”"));

  measure = string_of (o, "measure");
  d->measure = MEASURE_NONE;
  for (guint i = 0; measure != NULL && i < G_N_ELEMENTS (measure_ids); i++)
    if (g_str_equal (measure, measure_ids[i]))
      d->measure = (Measure) i;
  if (measure != NULL && d->measure == MEASURE_NONE && !g_str_equal (measure, "none"))
    return invalid (error, path, _("“%s” has the unknown measure “%s”"), d->id, measure);

  n = json_object_get_member (o, "for");
  if (n != NULL && JSON_NODE_HOLDS_ARRAY (n))
    {
      g_autoptr(GStrvBuilder) b = g_strv_builder_new ();
      JsonArray *a = json_node_get_array (n);

      for (guint i = 0; i < json_array_get_length (a); i++)
        if (JSON_NODE_HOLDS_VALUE (json_array_get_element (a, i)))
          g_strv_builder_add (b, json_array_get_string_element (a, i));
      d->categories = g_strv_builder_end (b);
    }
  else
    d->categories = g_new0 (char *, 1);

  if ((d->question = read_texts (o, "question", NULL, path, d->id, error)) == NULL)
    return FALSE;

  n = json_object_get_member (o, "evidence");
  if (d->measure != MEASURE_NONE)
    {
      JsonObject *forms;

      if (n == NULL || !JSON_NODE_HOLDS_OBJECT (n))
        return invalid (error, path, _("“%s” is measured but has no “evidence”"), d->id);
      forms = json_node_get_object (n);
      for (Form f = 0; f < N_FORMS; f++)
        if (json_object_has_member (forms, form_ids[f]) &&
            (d->forms[f] = read_texts (forms, form_ids[f], f == FORM_FEW ? "cs" : NULL,
                                       path, d->id, error)) == NULL)
          return FALSE;
      if (d->forms[FORM_OTHER] == NULL)
        return invalid (error, path, _("“%s” has no “other” evidence"), d->id);
      /* Czech counts 2-4 apart from 5 and more. */
      if (d->forms[FORM_ONE] != NULL && d->forms[FORM_FEW] == NULL)
        return invalid (error, path, _("“%s” has no “few” evidence in “%s”"), d->id, "cs");
    }

  return TRUE;
}

/**
 * hk_checklist_new_from_file:
 * @path: a checklist file
 *
 * Reads and checks a checklist: every text in every content language.
 *
 * Returns: (transfer full) (nullable): the checklist, or %NULL with
 *   @error naming the file, the item and what is missing
 */
HkChecklist *
hk_checklist_new_from_file (const char  *path,
                            GError     **error)
{
  g_autoptr(HkChecklist) self = g_object_new (HK_TYPE_CHECKLIST, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local = NULL;
  JsonObject *root;
  JsonNode *n;

  g_return_val_if_fail (path != NULL, NULL);

  if (!json_parser_load_from_file (parser, path, &local))
    {
      invalid (error, path, "%s", local->message);
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      invalid (error, path, _("the file is not a JSON object"));
      return NULL;
    }
  root = json_node_get_object (json_parser_get_root (parser));

  n = json_object_get_member (root, "items");
  if (n == NULL || !JSON_NODE_HOLDS_ARRAY (n))
    {
      invalid (error, path, _("there is no “items” list"));
      return NULL;
    }
  for (guint i = 0; i < json_array_get_length (json_node_get_array (n)); i++)
    {
      JsonNode *item = json_array_get_element (json_node_get_array (n), i);

      if (!JSON_NODE_HOLDS_OBJECT (item))
        {
          invalid (error, path, _("item %u is not an object"), i + 1);
          return NULL;
        }
      if (!read_item (self, json_node_get_object (item), path, error))
        return NULL;
    }

  n = json_object_get_member (root, "questions");
  for (guint i = 0; n != NULL && JSON_NODE_HOLDS_ARRAY (n) && i < json_array_get_length (json_node_get_array (n)); i++)
    {
      JsonNode *q = json_array_get_element (json_node_get_array (n), i);
      Definition *d = g_new0 (Definition, 1);

      g_ptr_array_add (self->questions, d);
      d->id = g_strdup (JSON_NODE_HOLDS_OBJECT (q) ? string_of (json_node_get_object (q), "id") : NULL);
      if (d->id == NULL)
        {
          invalid (error, path, _("question %u has no “id”"), i + 1);
          return NULL;
        }
      if ((d->question = read_texts (json_node_get_object (q), "text", NULL, path, d->id, error)) == NULL)
        return NULL;
    }

  return g_steal_pointer (&self);
}

/**
 * hk_checklist_default_path:
 *
 * Returns: (transfer full): the shipped checklist; `HEARKEN_DATA_DIR`
 *   overrides the installed data folder
 */
char *
hk_checklist_default_path (void)
{
  const char *env = g_getenv ("HEARKEN_DATA_DIR");

  return g_build_filename (env && *env ? env : PKGDATADIR, "checklists", "listening.json", NULL);
}

/**
 * hk_checklist_get_default:
 *
 * Returns: (transfer none) (nullable): the shipped checklist, read once
 */
HkChecklist *
hk_checklist_get_default (GError **error)
{
  static HkChecklist *checklist;
  static GMutex lock;
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&lock);

  if (checklist == NULL)
    {
      g_autofree char *path = hk_checklist_default_path ();

      checklist = hk_checklist_new_from_file (path, error);
    }
  return checklist;
}

guint
hk_checklist_get_n_items (HkChecklist *self)
{
  g_return_val_if_fail (HK_IS_CHECKLIST (self), 0);
  return self->items->len;
}

/**
 * hk_checklist_format_time:
 *
 * Returns: (transfer full): @seconds as the checklist writes a moment,
 *   “m:ss”
 */
char *
hk_checklist_format_time (double seconds)
{
  int s = (int) floor (MAX (seconds, 0.0));

  return g_strdup_printf ("%d:%02d", s / 60, s % 60);
}

/* Numbers in the practice language: a decimal comma in all but English. */
static char *
format_number (double      value,
               int         decimals,
               const char *lang)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_ascii_formatd (buf, sizeof buf, decimals == 0 ? "%.0f" : "%.1f", value);
  if (!g_str_equal (lang, "en"))
    g_strdelimit (buf, ".", ',');
  return g_strdup (buf);
}

static Form
form_for (const Definition *d,
          guint             count,
          const char       *lang)
{
  if (count == 0 && d->forms[FORM_NONE] != NULL)
    return FORM_NONE;
  if (count == 1 && d->forms[FORM_ONE] != NULL)
    return FORM_ONE;
  if (g_str_equal (lang, "cs") && count >= 2 && count <= 4 && d->forms[FORM_FEW] != NULL)
    return FORM_FEW;
  return FORM_OTHER;
}

typedef struct {
  guint   count;
  GArray *times;
  char   *values[4];   /* seconds, percent, rate, spread */
} Facts;

static char *
fill (const char  *template,
      const Facts *facts,
      const char  *lang)
{
  static const char * const names[] = { "{seconds}", "{percent}", "{rate}", "{spread}" };
  GString *out = g_string_new (template);
  g_autofree char *count = g_strdup_printf ("%u", facts->count);
  GString *times = g_string_new (NULL);

  for (guint i = 0; facts->times != NULL && i < facts->times->len; i++)
    {
      g_autofree char *t = hk_checklist_format_time (g_array_index (facts->times, double, i));

      g_string_append_printf (times, "%s%s", i ? ", " : "", t);
    }

  g_string_replace (out, "{count}", count, 0);
  g_string_replace (out, "{times}", times->str, 0);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (facts->values[i] != NULL)
      g_string_replace (out, names[i], facts->values[i], 0);
  g_string_free (times, TRUE);
  return g_string_free (out, FALSE);
}

static HkAnswer
by_count (guint    count,
          gboolean fewer_is_better)
{
  if (fewer_is_better)
    return count == 0 ? HK_ANSWER_YES : count == 1 ? HK_ANSWER_PARTLY : HK_ANSWER_NO;
  return count >= 2 ? HK_ANSWER_YES : count == 1 ? HK_ANSWER_PARTLY : HK_ANSWER_NO;
}

/* Reads what the call says for @d into @facts; returns the suggested
 * answer, or %HK_ANSWER_NONE when the call cannot tell. */
static HkAnswer
measure (const Definition *d,
         HkCallAnalysis   *analysis,
         const char       *lang,
         Facts            *facts)
{
  const GArray *markers = hk_call_analysis_get_markers (analysis);
  HkFigureValue figures[HK_N_FIGURES];
  gboolean customer = hk_call_analysis_has_customer (analysis);

  hk_figures_measure (analysis, figures);
  facts->times = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint i = 0; i < markers->len; i++)
    {
      const HkMarker *m = &g_array_index (markers, HkMarker, i);
      gboolean counts = FALSE;

      switch (d->measure)
        {
        case MEASURE_INTERRUPTIONS:
          counts = m->type == HK_MARKER_INTERRUPTION;
          break;
        case MEASURE_RUSHED_GAPS:
          counts = m->type == HK_MARKER_RESPONSE_GAP && m->gap_class == HK_GAP_RUSHED;
          break;
        case MEASURE_BACKCHANNELS:
          counts = m->type == HK_MARKER_BACKCHANNEL;
          break;
        case MEASURE_SILENCES:
          counts = m->type == HK_MARKER_HESITATION || m->type == HK_MARKER_DEAD_AIR;
          break;
        case MEASURE_NONE:
        case MEASURE_TALK_SHARE:
        case MEASURE_VOICE:
        default:
          break;
        }
      if (counts)
        {
          /* Where the trainee came in, for gaps; where it began, else. */
          double at = m->type == HK_MARKER_RESPONSE_GAP ? m->end : m->start;

          g_array_append_val (facts->times, at);
        }
    }
  facts->count = facts->times->len;

  switch (d->measure)
    {
    case MEASURE_INTERRUPTIONS:
      return customer ? by_count (facts->count, TRUE) : HK_ANSWER_NONE;
    case MEASURE_RUSHED_GAPS:
      facts->values[0] = format_number (hk_thresholds_get (hk_call_analysis_get_thresholds (analysis),
                                                           HK_THRESHOLD_RUSHED_GAP), 1, lang);
      return customer && figures[HK_FIGURE_MEAN_GAP].verdict != HK_VERDICT_UNKNOWN
        ? by_count (facts->count, TRUE) : HK_ANSWER_NONE;
    case MEASURE_BACKCHANNELS:
      return customer ? by_count (facts->count, FALSE) : HK_ANSWER_NONE;
    case MEASURE_SILENCES:
      return hk_call_analysis_heard_speech (analysis) ? by_count (facts->count, TRUE) : HK_ANSWER_NONE;
    case MEASURE_TALK_SHARE:
      {
        double share = figures[HK_FIGURE_TALK_SHARE].value;

        if (isnan (share))
          return HK_ANSWER_NONE;
        facts->values[1] = format_number (share * 100.0, 0, lang);
        return share <= HK_NORM_TALK_SHARE_MAX ? HK_ANSWER_YES
             : share <= HK_NORM_TALK_SHARE_MAX + 0.1 ? HK_ANSWER_PARTLY : HK_ANSWER_NO;
      }
    case MEASURE_VOICE:
      {
        const HkFigureValue *rate = &figures[HK_FIGURE_SPEAKING_RATE];
        const HkFigureValue *spread = &figures[HK_FIGURE_PITCH_SPREAD];
        guint good;

        if (rate->verdict == HK_VERDICT_UNKNOWN || spread->verdict == HK_VERDICT_UNKNOWN)
          return HK_ANSWER_NONE;
        facts->values[2] = format_number (rate->value, 1, lang);
        facts->values[3] = format_number (spread->value, 1, lang);
        good = (rate->verdict == HK_VERDICT_WITHIN) + (spread->verdict == HK_VERDICT_WITHIN);
        return good == 2 ? HK_ANSWER_YES : good == 1 ? HK_ANSWER_PARTLY : HK_ANSWER_NO;
      }
    case MEASURE_NONE:
    default:
      return HK_ANSWER_NONE;
    }
}

static const char *
text_in (GHashTable *map,
         const char *lang)
{
  const char *text = g_hash_table_lookup (map, lang);

  return text != NULL ? text : g_hash_table_lookup (map, HK_LANG_FALLBACK);
}

static gboolean
wanted (const Definition   *d,
        const char         *category,
        const char * const *techniques)
{
  for (guint i = 0; d->categories[i] != NULL; i++)
    if (g_str_equal (d->categories[i], "*") || g_strcmp0 (d->categories[i], category) == 0)
      return TRUE;
  return techniques != NULL && g_strv_contains (techniques, d->technique);
}

/**
 * hk_checklist_build:
 * @category: (nullable): the scenario's category, such as `complaint`
 * @techniques: (nullable) (array zero-terminated=1): the techniques the
 *   scenario's turns invite
 * @analysis: (nullable): what the call's analysis found
 * @lang: the practice language; a language the checklist lacks reads
 *   in English
 *
 * The checklist for one call: the items for its category and the
 * techniques it invites, in the checklist's order, with the evidence of
 * @analysis where it speaks to them.
 *
 * Returns: (transfer full) (element-type HkChecklistItem): the items
 */
GPtrArray *
hk_checklist_build (HkChecklist        *self,
                    const char         *category,
                    const char * const *techniques,
                    HkCallAnalysis     *analysis,
                    const char         *lang)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) hk_checklist_item_free);

  g_return_val_if_fail (HK_IS_CHECKLIST (self), out);
  g_return_val_if_fail (lang != NULL, out);

  if (!g_strv_contains (hk_lang_content_languages (), lang))
    lang = HK_LANG_FALLBACK;

  for (guint i = 0; i < self->items->len; i++)
    {
      const Definition *d = g_ptr_array_index (self->items, i);
      HkChecklistItem *item;
      Facts facts = { 0 };

      if (!wanted (d, category, techniques))
        continue;

      item = g_new0 (HkChecklistItem, 1);
      item->id = g_strdup (d->id);
      item->technique = g_strdup (d->technique);
      item->question = g_strdup (text_in (d->question, lang));
      item->times = g_array_new (FALSE, FALSE, sizeof (double));

      if (analysis != NULL && d->measure != MEASURE_NONE)
        {
          item->suggestion = measure (d, analysis, lang, &facts);
          if (item->suggestion != HK_ANSWER_NONE)
            {
              Form form = form_for (d, facts.count, lang);

              item->evidence = fill (text_in (d->forms[form], lang), &facts, lang);
              /* The moments are linked only where the text shows them. */
              if (strstr (text_in (d->forms[form], lang), "{times}") != NULL)
                g_array_append_vals (item->times, facts.times->data, facts.times->len);
            }
          g_clear_pointer (&facts.times, g_array_unref);
          for (guint v = 0; v < G_N_ELEMENTS (facts.values); v++)
            g_free (facts.values[v]);
        }
      g_ptr_array_add (out, item);
    }

  return out;
}

/**
 * hk_checklist_get_questions:
 * @lang: the practice language
 *
 * Returns: (transfer full) (element-type HkChecklistQuestion): the open
 *   questions that end the checklist
 */
GPtrArray *
hk_checklist_get_questions (HkChecklist *self,
                            const char  *lang)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) hk_checklist_question_free);

  g_return_val_if_fail (HK_IS_CHECKLIST (self), out);

  for (guint i = 0; i < self->questions->len; i++)
    {
      const Definition *d = g_ptr_array_index (self->questions, i);
      HkChecklistQuestion *q = g_new0 (HkChecklistQuestion, 1);

      q->id = g_strdup (d->id);
      q->text = g_strdup (text_in (d->question, lang));
      g_ptr_array_add (out, q);
    }
  return out;
}

/**
 * hk_answer_id:
 *
 * Returns: (nullable): `yes`, `partly` or `no`, as session.json keeps
 *   it; %NULL for no answer
 */
const char *
hk_answer_id (HkAnswer answer)
{
  switch (answer)
    {
    case HK_ANSWER_YES:
      return "yes";
    case HK_ANSWER_PARTLY:
      return "partly";
    case HK_ANSWER_NO:
      return "no";
    case HK_ANSWER_NONE:
    default:
      return NULL;
    }
}

HkAnswer
hk_answer_from_id (const char *id)
{
  if (g_strcmp0 (id, "yes") == 0)
    return HK_ANSWER_YES;
  if (g_strcmp0 (id, "partly") == 0)
    return HK_ANSWER_PARTLY;
  if (g_strcmp0 (id, "no") == 0)
    return HK_ANSWER_NO;
  return HK_ANSWER_NONE;
}

/**
 * hk_checklist_result:
 * @reflection: (nullable): a session's reflection
 * @n_answered: (out) (optional): how many items were answered
 *
 * The checklist's result: yes counts whole, partly half.
 *
 * Returns: 0 to 1, or NAN when nothing was answered
 */
double
hk_checklist_result (JsonNode *reflection,
                     guint    *n_answered)
{
  JsonNode *n = reflection && JSON_NODE_HOLDS_OBJECT (reflection)
    ? json_object_get_member (json_node_get_object (reflection), "answers") : NULL;
  double score = 0.0;
  guint count = 0;

  if (n != NULL && JSON_NODE_HOLDS_OBJECT (n))
    {
      g_autoptr(GList) members = json_object_get_members (json_node_get_object (n));

      for (GList *l = members; l; l = l->next)
        {
          JsonNode *a = json_object_get_member (json_node_get_object (n), l->data);
          const char *id = a && JSON_NODE_HOLDS_OBJECT (a)
            ? json_object_get_string_member_with_default (json_node_get_object (a), "answer", NULL) : NULL;
          HkAnswer answer = hk_answer_from_id (id);

          if (answer == HK_ANSWER_NONE)
            continue;
          count++;
          score += answer == HK_ANSWER_YES ? 1.0 : answer == HK_ANSWER_PARTLY ? 0.5 : 0.0;
        }
    }

  if (n_answered != NULL)
    *n_answered = count;
  return count > 0 ? score / count : NAN;
}

/**
 * hk_answer_label:
 *
 * Returns: the answer as the checklist offers it, translated; empty for
 *   none
 */
const char *
hk_answer_label (HkAnswer answer)
{
  switch (answer)
    {
    case HK_ANSWER_YES:
      return _("Yes");
    case HK_ANSWER_PARTLY:
      return _("Partly");
    case HK_ANSWER_NO:
      return _("No");
    case HK_ANSWER_NONE:
    default:
      return "";
    }
}
