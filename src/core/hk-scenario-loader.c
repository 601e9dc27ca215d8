/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hk-scenario-loader"

/* Turns a scenario file into an HkScenario, or into problems a trainer can
 * act on. Every check names the member it is about; the locator turns that
 * into a line and column. Nothing here aborts on bad input: a damaged or
 * hostile file yields problems, never a crash. */

#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "hk-i18n.h"
#include "hk-json-locator.h"
#include "hk-lang.h"
#include "hk-scenario-loader.h"
#include "hk-vocab.h"

typedef struct {
  const char    *file;
  const char    *base_dir;
  HkJsonLocator *locator;
  GPtrArray     *problems;
  guint          n_errors;
  guint          n_reported;
  guint          n_suppressed;
} Ctx;

typedef enum {
  MAP_STRING,
  MAP_STRING_LIST,
  MAP_PATH,
} MapKind;

static void problem (Ctx        *ctx,
                     HkSeverity  severity,
                     const char *member,
                     const char *format,
                     ...) G_GNUC_PRINTF (4, 5);

static void
problem (Ctx        *ctx,
         HkSeverity  severity,
         const char *member,
         const char *format,
         ...)
{
  g_autofree char *message = NULL;
  int line = 0, column = 0;
  va_list args;

  if (severity == HK_SEVERITY_ERROR)
    ctx->n_errors++;

  /* A mangled file can be wrong in thousands of places; the first few tell
   * the trainer what to mend. */
  if (ctx->n_reported >= HK_SCENARIO_MAX_PROBLEMS)
    {
      ctx->n_suppressed++;
      return;
    }
  ctx->n_reported++;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  if (ctx->locator != NULL)
    hk_json_locator_find (ctx->locator, member, &line, &column);

  if (ctx->problems != NULL)
    g_ptr_array_add (ctx->problems,
                     hk_scenario_problem_new (severity, ctx->file, line, column,
                                              member, message));
}

static void
file_problem (Ctx        *ctx,
              const char *message)
{
  ctx->n_errors++;
  if (ctx->problems != NULL)
    g_ptr_array_add (ctx->problems,
                     hk_scenario_problem_new (HK_SEVERITY_ERROR, ctx->file, 0, 0,
                                              NULL, message));
}

static char *
join_path (const char *prefix,
           const char *name)
{
  if (prefix == NULL || *prefix == '\0')
    return g_strdup (name);
  return g_strconcat (prefix, ".", name, NULL);
}

static const char *
describe_node (JsonNode *node)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      return _("an object");
    case JSON_NODE_ARRAY:
      return _("a list");
    case JSON_NODE_NULL:
      return _("null");
    case JSON_NODE_VALUE:
    default:
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_STRING:
          return _("text");
        case G_TYPE_BOOLEAN:
          return _("true or false");
        case G_TYPE_INT64:
          return _("a whole number");
        default:
          return _("a number");
        }
    }
}

static gboolean
node_is_string (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
}

static gboolean
node_is_int (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64;
}

static gboolean
node_is_number (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) &&
         (json_node_get_value_type (node) == G_TYPE_INT64 ||
          json_node_get_value_type (node) == G_TYPE_DOUBLE);
}

static void
wrong_type (Ctx        *ctx,
            const char *path,
            JsonNode   *node,
            const char *expected)
{
  /* Translators: “%s” is a JSON member such as turns[2].text; then what was
   * expected and what was found, e.g. “should be text, not a number” */
  problem (ctx, HK_SEVERITY_ERROR, path, _("“%s” should be %s, not %s"),
           path, expected, describe_node (node));
}

static JsonNode *
member (Ctx        *ctx,
        JsonObject *object,
        const char *prefix,
        const char *name,
        gboolean    required,
        const char *expected)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL && required)
    {
      g_autofree char *path = join_path (prefix, name);

      problem (ctx, HK_SEVERITY_ERROR, prefix,
               _("“%s” is missing; it should be %s"), path, expected);
    }

  return node;
}

static void
warn_unknown_members (Ctx                *ctx,
                      JsonObject         *object,
                      const char         *prefix,
                      const char * const *known)
{
  g_autoptr(GList) names = json_object_get_members (object);

  for (GList *l = names; l != NULL; l = l->next)
    {
      if (!g_strv_contains (known, l->data))
        {
          g_autofree char *path = join_path (prefix, l->data);

          problem (ctx, HK_SEVERITY_WARNING, path,
                   _("unknown member “%s” is ignored; check its spelling"), path);
        }
    }
}

static gboolean
check_text (Ctx        *ctx,
            const char *path,
            const char *text)
{
  glong n = g_utf8_strlen (text, -1);
  const char *p = text;

  /* The file is valid UTF-8, but a \\u escape can still decode to a lone
   * surrogate, which no label can show. */
  if (!g_utf8_validate (text, -1, NULL))
    {
      problem (ctx, HK_SEVERITY_ERROR, path,
               _("“%s” contains a \\u escape that is not a valid character"), path);
      return FALSE;
    }

  while (g_ascii_isspace (*p))
    p++;
  if (*p == '\0')
    {
      problem (ctx, HK_SEVERITY_ERROR, path, _("“%s” is empty"), path);
      return FALSE;
    }
  if (n > HK_SCENARIO_MAX_TEXT)
    {
      problem (ctx, HK_SEVERITY_ERROR, path,
               _("“%s” is %ld characters long; a text may have at most %d"),
               path, n, HK_SCENARIO_MAX_TEXT);
      return FALSE;
    }

  return TRUE;
}

static const char *
read_string (Ctx        *ctx,
             JsonObject *object,
             const char *prefix,
             const char *name,
             gboolean    required)
{
  JsonNode *node = member (ctx, object, prefix, name, required, _("text"));
  g_autofree char *path = join_path (prefix, name);

  if (node == NULL)
    return NULL;
  if (!node_is_string (node))
    {
      wrong_type (ctx, path, node, _("text"));
      return NULL;
    }
  if (!check_text (ctx, path, json_node_get_string (node)))
    return NULL;

  return json_node_get_string (node);
}

static gboolean
read_int (Ctx        *ctx,
          JsonObject *object,
          const char *prefix,
          const char *name,
          gboolean    required,
          int         min,
          int         max,
          gint64     *out)
{
  g_autofree char *expected = g_strdup_printf (_("a whole number from %d to %d"), min, max);
  JsonNode *node = member (ctx, object, prefix, name, required, expected);
  g_autofree char *path = join_path (prefix, name);
  gint64 value;

  if (node == NULL)
    return FALSE;
  if (!node_is_int (node))
    {
      wrong_type (ctx, path, node, expected);
      return FALSE;
    }

  value = json_node_get_int (node);
  if (value < min || value > max)
    {
      g_autofree char *found = g_strdup_printf ("%" G_GINT64_FORMAT, value);

      problem (ctx, HK_SEVERITY_ERROR, path,
               _("“%s” is %s; it should be %s"), path, found, expected);
      return FALSE;
    }

  *out = value;
  return TRUE;
}

static GStrv
read_string_list (Ctx        *ctx,
                  JsonNode   *node,
                  const char *path,
                  guint       min_items,
                  guint       max_items)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonArray *array;
  gboolean ok = TRUE;
  guint n;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      wrong_type (ctx, path, node, _("a list of texts"));
      return NULL;
    }

  array = json_node_get_array (node);
  n = json_array_get_length (array);
  if (n < min_items || n > max_items)
    {
      problem (ctx, HK_SEVERITY_ERROR, path,
               _("“%s” has %u entries; it should have %u to %u"),
               path, n, min_items, max_items);
      return NULL;
    }

  for (guint i = 0; i < n; i++)
    {
      JsonNode *item = json_array_get_element (array, i);
      g_autofree char *item_path = g_strdup_printf ("%s[%u]", path, i);

      if (!node_is_string (item))
        {
          wrong_type (ctx, item_path, item, _("text"));
          ok = FALSE;
        }
      else if (!check_text (ctx, item_path, json_node_get_string (item)))
        ok = FALSE;
      else
        g_strv_builder_add (builder, json_node_get_string (item));
    }

  return ok ? g_strv_builder_end (builder) : NULL;
}

static char *
resolve_clip (Ctx        *ctx,
              const char *path,
              const char *relative)
{
  g_autofree char *joined = NULL;
  g_autofree char *real_dir = NULL;
  g_autofree char *real_clip = NULL;
  g_auto(GStrv) parts = NULL;

  if (ctx->base_dir == NULL)
    {
      problem (ctx, HK_SEVERITY_ERROR, path,
               _("“%s” names a recorded clip, but this scenario is not a file in a folder"),
               path);
      return NULL;
    }

  parts = g_strsplit_set (relative, "/\\", -1);
  if (g_path_is_absolute (relative) || relative[0] == '\\' || g_strv_contains ((const char * const *) parts, ".."))
    {
      problem (ctx, HK_SEVERITY_ERROR, path,
               _("the clip “%s” points outside the scenario’s folder; give a path "
                 "relative to the scenario file, such as clips/turn1-en.ogg"),
               relative);
      return NULL;
    }

  joined = g_build_filename (ctx->base_dir, relative, NULL);
  real_clip = realpath (joined, NULL);
  if (real_clip == NULL)
    {
      problem (ctx, HK_SEVERITY_ERROR, path,
               _("the clip “%s” was not found next to the scenario file"), relative);
      return NULL;
    }

  /* A symbolic link may still lead out of the folder. */
  real_dir = realpath (ctx->base_dir, NULL);
  if (real_dir == NULL || !g_str_has_prefix (real_clip, real_dir) ||
      real_clip[strlen (real_dir)] != G_DIR_SEPARATOR)
    {
      problem (ctx, HK_SEVERITY_ERROR, path,
               _("the clip “%s” points outside the scenario’s folder; give a path "
                 "relative to the scenario file, such as clips/turn1-en.ogg"),
               relative);
      return NULL;
    }

  if (!g_file_test (real_clip, G_FILE_TEST_IS_REGULAR))
    {
      problem (ctx, HK_SEVERITY_ERROR, path,
               _("the clip “%s” is not a regular file"), relative);
      return NULL;
    }

  return g_steal_pointer (&real_clip);
}

static GHashTable *
read_lang_map (Ctx        *ctx,
               JsonObject *object,
               const char *prefix,
               const char *name,
               gboolean    required,
               MapKind     kind)
{
  g_autoptr(GHashTable) map = NULL;
  g_autofree char *path = join_path (prefix, name);
  const char *expected = _("an object of texts by language, such as {\"en\": \"...\", \"it\": \"...\"}");
  JsonNode *node = member (ctx, object, prefix, name, required, expected);
  g_autoptr(GList) langs = NULL;
  gboolean ok = TRUE;

  if (node == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      wrong_type (ctx, path, node, expected);
      return NULL;
    }

  map = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                               kind == MAP_STRING_LIST ? (GDestroyNotify) g_strfreev : g_free);
  langs = json_object_get_members (json_node_get_object (node));

  for (GList *l = langs; l != NULL; l = l->next)
    {
      const char *lang = l->data;
      JsonNode *value = json_object_get_member (json_node_get_object (node), lang);
      g_autofree char *value_path = join_path (path, lang);

      if (!hk_lang_code_is_valid (lang))
        {
          problem (ctx, HK_SEVERITY_ERROR, value_path,
                   _("“%s” is not a language code; use codes such as en, it, cs or pt-BR"),
                   lang);
          ok = FALSE;
          continue;
        }

      if (kind == MAP_STRING_LIST)
        {
          GStrv list = read_string_list (ctx, value, value_path, 1, 12);

          if (list == NULL)
            ok = FALSE;
          else
            g_hash_table_insert (map, g_strdup (lang), list);
          continue;
        }

      if (!node_is_string (value))
        {
          wrong_type (ctx, value_path, value, _("text"));
          ok = FALSE;
        }
      else if (!check_text (ctx, value_path, json_node_get_string (value)))
        ok = FALSE;
      else if (kind == MAP_PATH)
        {
          char *resolved = resolve_clip (ctx, value_path, json_node_get_string (value));

          if (resolved == NULL)
            ok = FALSE;
          else
            g_hash_table_insert (map, g_strdup (lang), resolved);
        }
      else
        g_hash_table_insert (map, g_strdup (lang), g_strdup (json_node_get_string (value)));
    }

  if (!ok)
    return NULL;

  if (kind != MAP_PATH && !g_hash_table_contains (map, HK_LANG_FALLBACK))
    {
      problem (ctx, HK_SEVERITY_ERROR, path,
               _("“%s” has no English (“en”) text; English is required because it is "
                 "shown when the trainee’s language is missing"), path);
      return NULL;
    }

  return g_steal_pointer (&map);
}

static const char *
read_vocab (Ctx        *ctx,
            JsonObject *object,
            const char *prefix,
            const char *name,
            gboolean    required,
            HkVocab     vocab)
{
  g_autofree char *path = join_path (prefix, name);
  const char *value;

  if (required && !json_object_has_member (object, name))
    {
      g_autofree char *allowed = hk_vocab_join_ids (vocab);

      problem (ctx, HK_SEVERITY_ERROR, prefix, _("“%s” is missing; use one of: %s"),
               path, allowed);
      return NULL;
    }

  value = read_string (ctx, object, prefix, name, required);
  if (value != NULL && !hk_vocab_contains (vocab, value))
    {
      g_autofree char *allowed = hk_vocab_join_ids (vocab);

      problem (ctx, HK_SEVERITY_ERROR, path,
               _("“%s” has the unknown value “%s”; use one of: %s"), path, value, allowed);
      return NULL;
    }

  return value;
}

/* Reads a voice object; members it lacks keep the values of @base. */
static HkVoice *
read_voice (Ctx           *ctx,
            JsonObject    *object,
            const char    *prefix,
            const HkVoice *base)
{
  static const char * const known[] = { "variant", "rate", "pitch", NULL };
  g_autofree char *path = join_path (prefix, "voice");
  JsonNode *node = json_object_get_member (object, "voice");
  g_autoptr(HkVoice) voice = NULL;
  JsonObject *v;
  gint64 n;

  voice = base ? hk_voice_copy (base)
               : hk_voice_new (NULL, HK_VOICE_RATE_DEFAULT, HK_VOICE_PITCH_DEFAULT);
  if (node == NULL)
    return g_steal_pointer (&voice);
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      wrong_type (ctx, path, node, _("an object with variant, rate and pitch"));
      return NULL;
    }

  v = json_node_get_object (node);
  warn_unknown_members (ctx, v, path, known);

  if (json_object_has_member (v, "variant"))
    {
      const char *variant = read_string (ctx, v, path, "variant", TRUE);
      g_autofree char *variant_path = join_path (path, "variant");

      if (variant == NULL)
        return NULL;
      if (!hk_voice_variant_is_valid (variant))
        {
          problem (ctx, HK_SEVERITY_ERROR, variant_path,
                   _("“%s” is not an espeak-ng voice variant; use a name such as m3 or f2"),
                   variant);
          return NULL;
        }
      g_free (voice->variant);
      voice->variant = g_strdup (variant);
    }

  if (json_object_has_member (v, "rate"))
    {
      if (!read_int (ctx, v, path, "rate", TRUE, HK_VOICE_RATE_MIN, HK_VOICE_RATE_MAX, &n))
        return NULL;
      voice->rate = (int) n;
    }

  if (json_object_has_member (v, "pitch"))
    {
      if (!read_int (ctx, v, path, "pitch", TRUE, HK_VOICE_PITCH_MIN, HK_VOICE_PITCH_MAX, &n))
        return NULL;
      voice->pitch = (int) n;
    }

  return g_steal_pointer (&voice);
}

static HkPersona *
read_persona (Ctx        *ctx,
              JsonObject *root)
{
  static const char * const known[] = { "name", "mood", "about", "voice", NULL };
  JsonNode *node = member (ctx, root, "", "persona", TRUE, _("an object"));
  g_autoptr(GHashTable) about = NULL;
  g_autoptr(HkVoice) voice = NULL;
  const char *name, *mood;
  JsonObject *p;

  if (node == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      wrong_type (ctx, "persona", node, _("an object with name, mood and about"));
      return NULL;
    }

  p = json_node_get_object (node);
  warn_unknown_members (ctx, p, "persona", known);
  name = read_string (ctx, p, "persona", "name", TRUE);
  mood = read_vocab (ctx, p, "persona", "mood", TRUE, HK_VOCAB_MOOD);
  about = read_lang_map (ctx, p, "persona", "about", TRUE, MAP_STRING);
  voice = read_voice (ctx, p, "persona", NULL);

  if (name == NULL || mood == NULL || about == NULL || voice == NULL)
    return NULL;

  return hk_persona_new (name, mood, g_steal_pointer (&about), g_steal_pointer (&voice));
}

static GStrv
read_techniques (Ctx        *ctx,
                 JsonObject *turn,
                 const char *prefix)
{
  g_autofree char *path = join_path (prefix, "techniques");
  JsonNode *node = member (ctx, turn, prefix, "techniques", TRUE,
                           _("a list of listening techniques"));
  g_auto(GStrv) list = NULL;

  if (node == NULL)
    return NULL;

  list = read_string_list (ctx, node, path, 1, HK_SCENARIO_MAX_TECHNIQUES);
  if (list == NULL)
    return NULL;

  for (guint i = 0; list[i] != NULL; i++)
    {
      if (!hk_vocab_contains (HK_VOCAB_TECHNIQUE, list[i]))
        {
          g_autofree char *allowed = hk_vocab_join_ids (HK_VOCAB_TECHNIQUE);
          g_autofree char *item_path = g_strdup_printf ("%s[%u]", path, i);

          problem (ctx, HK_SEVERITY_ERROR, item_path,
                   _("unknown technique “%s”; use one of: %s"), list[i], allowed);
          return NULL;
        }
    }

  return g_steal_pointer (&list);
}

static HkScenarioTurn *
read_turn (Ctx           *ctx,
           JsonNode      *node,
           guint          index,
           const char   **mood,
           const HkVoice *persona_voice)
{
  static const char * const known[] = {
    "text", "audio", "mood", "voice", "techniques", "examples", NULL
  };
  g_autofree char *prefix = g_strdup_printf ("turns[%u]", index);
  g_autoptr(GHashTable) text = NULL;
  g_autoptr(GHashTable) audio = NULL;
  g_autoptr(GHashTable) examples = NULL;
  g_autoptr(HkVoice) voice = NULL;
  g_auto(GStrv) techniques = NULL;
  JsonObject *t;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      wrong_type (ctx, prefix, node, _("an object with text, techniques and examples"));
      return NULL;
    }

  t = json_node_get_object (node);
  warn_unknown_members (ctx, t, prefix, known);

  if (json_object_has_member (t, "mood"))
    {
      const char *turn_mood = read_vocab (ctx, t, prefix, "mood", TRUE, HK_VOCAB_MOOD);

      if (turn_mood == NULL)
        return NULL;
      *mood = turn_mood;
    }

  text = read_lang_map (ctx, t, prefix, "text", TRUE, MAP_STRING);
  if (json_object_has_member (t, "audio"))
    audio = read_lang_map (ctx, t, prefix, "audio", TRUE, MAP_PATH);
  voice = read_voice (ctx, t, prefix, persona_voice);
  techniques = read_techniques (ctx, t, prefix);
  examples = read_lang_map (ctx, t, prefix, "examples", TRUE, MAP_STRING);

  if (text == NULL || voice == NULL || techniques == NULL || examples == NULL ||
      (json_object_has_member (t, "audio") && audio == NULL))
    return NULL;

  return hk_scenario_turn_new (index, g_steal_pointer (&text), g_steal_pointer (&audio),
                               *mood, g_steal_pointer (&voice),
                               g_steal_pointer (&techniques), g_steal_pointer (&examples));
}

static gboolean
read_thresholds (Ctx          *ctx,
                 JsonObject   *root,
                 HkThresholds *thresholds)
{
  JsonNode *node = json_object_get_member (root, "thresholds");
  g_autoptr(GList) keys = NULL;
  JsonObject *object;
  gboolean ok = TRUE;

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      wrong_type (ctx, "thresholds", node, _("an object of seconds by threshold name"));
      return FALSE;
    }

  object = json_node_get_object (node);
  keys = json_object_get_members (object);
  for (GList *l = keys; l != NULL; l = l->next)
    {
      g_autofree char *path = join_path ("thresholds", l->data);
      JsonNode *value = json_object_get_member (object, l->data);
      HkThreshold which;
      double seconds;

      if (!hk_threshold_from_key (l->data, &which))
        {
          GString *allowed = g_string_new (NULL);

          for (guint i = 0; i < HK_N_THRESHOLDS; i++)
            g_string_append_printf (allowed, "%s%s", i ? ", " : "", hk_threshold_key (i));
          problem (ctx, HK_SEVERITY_ERROR, path,
                   _("unknown threshold “%s”; use one of: %s"),
                   (const char *) l->data, allowed->str);
          g_string_free (allowed, TRUE);
          ok = FALSE;
          continue;
        }

      if (!node_is_number (value))
        {
          wrong_type (ctx, path, value, _("a number of seconds"));
          ok = FALSE;
          continue;
        }

      seconds = json_node_get_double (value);
      if (!(seconds >= hk_threshold_min (which) && seconds <= hk_threshold_max (which)))
        {
          problem (ctx, HK_SEVERITY_ERROR, path,
                   _("“%s” is %g seconds; it should be from %g to %g"),
                   path, seconds, hk_threshold_min (which), hk_threshold_max (which));
          ok = FALSE;
          continue;
        }

      hk_thresholds_set (thresholds, which, seconds);
    }

  if (ok && hk_thresholds_get (thresholds, HK_THRESHOLD_RUSHED_GAP) >=
            hk_thresholds_get (thresholds, HK_THRESHOLD_LONG_GAP))
    {
      problem (ctx, HK_SEVERITY_ERROR, "thresholds",
               _("“rushed-gap” must be shorter than “long-gap”"));
      ok = FALSE;
    }

  return ok;
}

/* Languages that the title has but some other text lacks: the scenario
 * loads, but a trainee would meet English in the middle of their language. */
static void
check_language_coverage (Ctx        *ctx,
                         HkScenario *scenario)
{
  const char * const *complete = hk_scenario_get_languages (scenario);

  for (const char * const *l = hk_lang_content_languages (); *l; l++)
    {
      const char *lang = *l;
      const char *used = NULL;

      hk_scenario_get_title (scenario, lang, &used);
      if (used == NULL || !g_str_equal (used, lang) || g_strv_contains (complete, lang))
        continue;

      problem (ctx, HK_SEVERITY_WARNING, "title",
               _("the title is in %s (%s), but other texts are not; trainees practising "
                 "in %s will meet English in places"),
               hk_lang_endonym (lang), lang, hk_lang_endonym (lang));
    }
}

static HkScenario *
build_scenario (Ctx      *ctx,
                JsonNode *root_node)
{
  static const char * const known[] = {
    "id", "version", "category", "sector", "difficulty", "persona", "title",
    "brief", "tips", "thresholds", "turns", NULL
  };
  g_autoptr(HkScenario) scenario = NULL;
  g_autoptr(HkPersona) persona = NULL;
  g_autoptr(GHashTable) title = NULL;
  g_autoptr(GHashTable) brief = NULL;
  g_autoptr(GHashTable) tips = NULL;
  g_autoptr(HkThresholds) thresholds = hk_thresholds_new ();
  g_autoptr(GPtrArray) turns = g_ptr_array_new_with_free_func (g_object_unref);
  const char *id, *category, *sector;
  gint64 version = 0, difficulty = 0;
  JsonObject *root;
  JsonNode *turns_node;
  guint errors_before = ctx->n_errors;

  if (!JSON_NODE_HOLDS_OBJECT (root_node))
    {
      problem (ctx, HK_SEVERITY_ERROR, "",
               _("a scenario must be a JSON object {...}, not %s"), describe_node (root_node));
      return NULL;
    }

  root = json_node_get_object (root_node);
  warn_unknown_members (ctx, root, "", known);

  id = read_string (ctx, root, "", "id", TRUE);
  if (id != NULL && !hk_scenario_id_is_valid (id))
    {
      problem (ctx, HK_SEVERITY_ERROR, "id",
               _("the id “%s” is not allowed; use 3 to 64 lower-case letters, digits "
                 "and dashes, such as angry-caller-broken-router"), id);
      id = NULL;
    }
  read_int (ctx, root, "", "version", TRUE, 1, G_MAXINT32, &version);
  category = read_vocab (ctx, root, "", "category", TRUE, HK_VOCAB_CATEGORY);
  sector = read_vocab (ctx, root, "", "sector", TRUE, HK_VOCAB_SECTOR);
  read_int (ctx, root, "", "difficulty", TRUE, HK_DIFFICULTY_MIN, HK_DIFFICULTY_MAX, &difficulty);
  persona = read_persona (ctx, root);
  title = read_lang_map (ctx, root, "", "title", TRUE, MAP_STRING);
  brief = read_lang_map (ctx, root, "", "brief", TRUE, MAP_STRING);
  tips = read_lang_map (ctx, root, "", "tips", TRUE, MAP_STRING_LIST);
  read_thresholds (ctx, root, thresholds);

  turns_node = member (ctx, root, "", "turns", TRUE, _("a list of customer turns"));
  if (turns_node != NULL && !JSON_NODE_HOLDS_ARRAY (turns_node))
    wrong_type (ctx, "turns", turns_node, _("a list of customer turns"));
  else if (turns_node != NULL)
    {
      JsonArray *array = json_node_get_array (turns_node);
      guint n = json_array_get_length (array);

      if (n == 0)
        problem (ctx, HK_SEVERITY_ERROR, "turns",
                 _("“turns” is empty; a scenario needs at least one customer turn"));
      else if (n > HK_SCENARIO_MAX_TURNS)
        problem (ctx, HK_SEVERITY_ERROR, "turns",
                 _("the scenario has %u turns; at most %d are allowed. Split a call "
                   "this long into several scenarios"), n, HK_SCENARIO_MAX_TURNS);
      else
        {
          const char *mood = persona ? hk_persona_get_mood (persona) : NULL;
          const HkVoice *voice = persona ? hk_persona_get_voice (persona) : NULL;

          for (guint i = 0; i < n; i++)
            {
              HkScenarioTurn *turn = read_turn (ctx, json_array_get_element (array, i),
                                                i, &mood, voice);
              if (turn != NULL)
                g_ptr_array_add (turns, turn);
            }
        }
    }

  if (ctx->n_errors > errors_before || id == NULL || category == NULL || sector == NULL ||
      persona == NULL || title == NULL || brief == NULL || tips == NULL || turns->len == 0)
    return NULL;

  scenario = hk_scenario_new (id, version, category, sector, (int) difficulty);
  hk_scenario_set_texts (scenario, g_steal_pointer (&title), g_steal_pointer (&brief),
                         g_steal_pointer (&tips));
  hk_scenario_set_persona (scenario, persona);
  for (guint i = 0; i < turns->len; i++)
    hk_scenario_add_turn (scenario, g_ptr_array_index (turns, i));
  hk_scenario_set_thresholds (scenario, thresholds);

  check_language_coverage (ctx, scenario);

  return g_steal_pointer (&scenario);
}

static void
report_parse_error (Ctx        *ctx,
                    const char *data,
                    GError     *error)
{
  g_autoptr(GRegex) regex = g_regex_new ("^[^:]*:(\\d+):(\\d+):\\s*(.*)$", G_REGEX_DOTALL | G_REGEX_RAW, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;

  if (g_regex_match (regex, error->message, 0, &match))
    {
      g_autofree char *line = g_match_info_fetch (match, 1);
      g_autofree char *column = g_match_info_fetch (match, 2);
      g_autofree char *detail = g_match_info_fetch (match, 3);
      g_autofree char *message = g_strdup_printf (_("not valid JSON: %s"), detail);

      ctx->n_errors++;
      if (ctx->problems != NULL)
        g_ptr_array_add (ctx->problems,
                         hk_scenario_problem_new (HK_SEVERITY_ERROR, ctx->file,
                                                  atoi (line), atoi (column), NULL, message));
      return;
    }

  {
    g_autofree char *message = g_strdup_printf (_("not valid JSON: %s"), error->message);

    file_problem (ctx, message);
  }
}

static HkScenario *
load_data (Ctx        *ctx,
           const char *data,
           gsize       length)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(HkJsonLocator) locator = NULL;
  HkScenario *scenario;
  const char *bad = NULL;
  JsonNode *root;

  if (length > HK_SCENARIO_MAX_FILE_SIZE)
    {
      g_autofree char *size = g_format_size (length);
      g_autofree char *limit = g_format_size (HK_SCENARIO_MAX_FILE_SIZE);
      g_autofree char *message =
        g_strdup_printf (_("the file is %s; a scenario file may be at most %s. Keep "
                           "recorded audio in separate clip files"), size, limit);

      file_problem (ctx, message);
      return NULL;
    }

  if (!g_utf8_validate (data, length, &bad))
    {
      int line, column;

      hk_json_offset_to_position (data, bad - data, &line, &column);
      ctx->n_errors++;
      if (ctx->problems != NULL)
        g_ptr_array_add (ctx->problems,
                         hk_scenario_problem_new (HK_SEVERITY_ERROR, ctx->file, line, column, NULL,
                                                  _("the text is not valid UTF-8; save the "
                                                    "file with UTF-8 encoding")));
      return NULL;
    }

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, length, &error))
    {
      report_parse_error (ctx, data, error);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL)
    {
      file_problem (ctx, _("the file is empty; a scenario is a JSON object {...}"));
      return NULL;
    }

  locator = hk_json_locator_new (data, length);
  ctx->locator = locator;
  scenario = build_scenario (ctx, root);
  ctx->locator = NULL;

  if (ctx->n_suppressed > 0)
    {
      g_autofree char *message =
        g_strdup_printf (hk_i18n_ngettext ("%u more problem not shown",
                                      "%u more problems not shown", ctx->n_suppressed),
                         ctx->n_suppressed);
      file_problem (ctx, message);
    }

  return scenario;
}

/**
 * hk_scenario_load_data:
 * @display_name: the name problems are reported under
 * @base_dir: (nullable): the folder recorded clips are relative to, or %NULL
 *   when the data has no folder (then clips are refused)
 * @problems: (element-type HkScenarioProblem) (nullable): receives problems
 *
 * Returns: (transfer full) (nullable): the scenario, or %NULL when the data
 *   has errors (warnings alone do not stop it)
 */
HkScenario *
hk_scenario_load_data (const char *data,
                       gsize       length,
                       const char *display_name,
                       const char *base_dir,
                       GPtrArray  *problems)
{
  Ctx ctx = { display_name, base_dir, NULL, problems, 0, 0, 0 };

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (display_name != NULL, NULL);

  return load_data (&ctx, data ? data : "", length);
}

/**
 * hk_scenario_load_file:
 * @path: the scenario file
 * @display_name: (nullable): the name problems are reported under, @path
 *   when %NULL
 * @builtin: whether the file ships with Hearken
 * @problems: (element-type HkScenarioProblem) (nullable): receives problems
 *
 * Returns: (transfer full) (nullable): the scenario, or %NULL on errors
 */
HkScenario *
hk_scenario_load_file (const char *path,
                       const char *display_name,
                       gboolean    builtin,
                       GPtrArray  *problems)
{
  g_autofree char *contents = NULL;
  g_autofree char *dir = NULL;
  g_autoptr(GError) error = NULL;
  HkScenario *scenario;
  GStatBuf st;
  gsize length;
  Ctx ctx = { display_name ? display_name : path, NULL, NULL, problems, 0, 0, 0 };

  g_return_val_if_fail (path != NULL, NULL);

  /* Refuse a huge file before reading it into memory. */
  if (g_stat (path, &st) == 0 && S_ISREG (st.st_mode) && st.st_size > HK_SCENARIO_MAX_FILE_SIZE)
    {
      g_autofree char *size = g_format_size (st.st_size);
      g_autofree char *limit = g_format_size (HK_SCENARIO_MAX_FILE_SIZE);
      g_autofree char *message =
        g_strdup_printf (_("the file is %s; a scenario file may be at most %s. Keep "
                           "recorded audio in separate clip files"), size, limit);

      file_problem (&ctx, message);
      return NULL;
    }

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      file_problem (&ctx, _("this is a folder, not a scenario file"));
      return NULL;
    }

  if (!g_file_get_contents (path, &contents, &length, &error))
    {
      g_autofree char *message = g_strdup_printf (_("cannot be read: %s"), error->message);

      file_problem (&ctx, message);
      return NULL;
    }

  dir = g_path_get_dirname (path);
  ctx.base_dir = dir;
  scenario = load_data (&ctx, contents, length);
  if (scenario != NULL)
    hk_scenario_set_source (scenario, path, builtin);

  return scenario;
}

gboolean
hk_scenario_id_is_valid (const char *id)
{
  gsize n = 0;

  if (id == NULL || id[0] == '-')
    return FALSE;

  for (const char *p = id; *p; p++, n++)
    if (!(g_ascii_islower (*p) || g_ascii_isdigit (*p) || *p == '-'))
      return FALSE;

  return n >= 3 && n <= 64 && id[n - 1] != '-';
}

/**
 * hk_scenario_problems_have_errors:
 * @problems: (element-type HkScenarioProblem): problems
 */
gboolean
hk_scenario_problems_have_errors (GPtrArray *problems)
{
  for (guint i = 0; problems != NULL && i < problems->len; i++)
    if (hk_scenario_problem_get_severity (g_ptr_array_index (problems, i)) == HK_SEVERITY_ERROR)
      return TRUE;

  return FALSE;
}
