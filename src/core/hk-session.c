/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hk-session"

/* One practice call on disk: a folder holding session.json, call.ogg and
 * peaks.bin, as DESIGN.md lays out. session.json keeps who practised
 * what and when, a snapshot of the scenario as it was spoken (so a later
 * edit of the scenario does not rewrite history), the customer's turns on
 * the recording's timeline, the analysis, and the state: recording while
 * the call runs, complete after, recovered when a crash cut it short, and
 * damaged when the file cannot be read. It is always written whole, to a
 * temporary file that is synced and renamed over the old one.
 *
 * In a classroom pair, each round is a session of its own with mode
 * `pair` and a `pair` member: the id both rounds share, the round (1 or
 * 2), who played the customer (partner A) and who answered (partner B)
 * in this round, and whether the synthetic voice spoke the customer's
 * lines. Partner B is also the session's trainee, so that each person's
 * history and reports hold the rounds in which they listened. The form
 * partner A fills in about how they felt listened to is kept apart from
 * B's reflection, in `partner-feedback`. */

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <math.h>

#include "hk-i18n.h"
#include "hk-json-writer.h"
#include "hk-session.h"

struct _HkSession
{
  GObject         parent_instance;

  char           *folder;
  char           *id;
  HkSessionState  state;
  GDateTime      *created;
  char           *language;
  char           *mode;
  char           *scenario_id;
  gint64          scenario_version;
  char           *title;
  GPtrArray      *turn_texts;    /* the customer's lines as spoken */
  char           *category;
  GStrv           techniques;    /* those the turns invite, each once */
  JsonNode       *reflection;    /* the trainee's checklist answers and notes */
  HkThresholds   *thresholds;    /* the scenario's overrides */
  GArray         *turns;         /* HkSessionTurn */
  double          duration;
  JsonNode       *analysis;
  char           *problem;
  char           *trainee;       /* who answered; NULL when not given */
  double          echo_delay;    /* seconds, or negative when no echo was heard */
  GArray         *comments;      /* HkSessionComment, by start */

  /* A round of a pair session; pair_id is NULL for a solo call. */
  char           *pair_id;
  guint           round;         /* 1 or 2; 0 when a file said otherwise */
  char           *partners[2];   /* HkPartner */
  gboolean        customer_voice;
  JsonNode       *partner_feedback;
};

G_DEFINE_FINAL_TYPE (HkSession, hk_session, G_TYPE_OBJECT)

G_DEFINE_QUARK (hk-session-error-quark, hk_session_error)

static const char * const state_ids[] = { "recording", "complete", "recovered", "damaged" };

static void
hk_session_finalize (GObject *object)
{
  HkSession *self = HK_SESSION (object);

  g_free (self->folder);
  g_free (self->id);
  g_clear_pointer (&self->created, g_date_time_unref);
  g_free (self->language);
  g_free (self->mode);
  g_free (self->scenario_id);
  g_free (self->title);
  g_clear_pointer (&self->turn_texts, g_ptr_array_unref);
  g_clear_pointer (&self->category, g_free);
  g_clear_pointer (&self->techniques, g_strfreev);
  g_clear_pointer (&self->reflection, json_node_unref);
  g_clear_pointer (&self->thresholds, hk_thresholds_free);
  g_clear_pointer (&self->turns, g_array_unref);
  g_clear_pointer (&self->analysis, json_node_unref);
  g_free (self->problem);
  g_free (self->trainee);
  g_clear_pointer (&self->comments, g_array_unref);
  g_free (self->pair_id);
  g_free (self->partners[HK_PARTNER_A]);
  g_free (self->partners[HK_PARTNER_B]);
  g_clear_pointer (&self->partner_feedback, json_node_unref);

  G_OBJECT_CLASS (hk_session_parent_class)->finalize (object);
}

static void
hk_session_class_init (HkSessionClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = hk_session_finalize;
}

static void
clear_comment (gpointer data)
{
  HkSessionComment *c = data;

  g_free (c->id);
  g_free (c->text);
}

static void
hk_session_init (HkSession *self)
{
  self->comments = g_array_new (FALSE, TRUE, sizeof (HkSessionComment));
  g_array_set_clear_func (self->comments, clear_comment);
  self->turn_texts = g_ptr_array_new_with_free_func (g_free);
  self->thresholds = hk_thresholds_new ();
  self->turns = g_array_new (FALSE, FALSE, sizeof (HkSessionTurn));
  self->mode = g_strdup ("solo");
  self->language = g_strdup ("en");
  self->echo_delay = -1.0;
}

static void
set_str (char       **where,
         const char  *value)
{
  if (g_strcmp0 (*where, value) == 0)
    return;
  g_free (*where);
  *where = g_strdup (value);
}

/* Members read defensively: a damaged file has anything anywhere. */
static JsonNode *
member (JsonObject *o,
        const char *name,
        JsonNodeType type)
{
  JsonNode *n = o ? json_object_get_member (o, name) : NULL;

  return n != NULL && JSON_NODE_TYPE (n) == type ? n : NULL;
}

static const char *
string_member (JsonObject *o,
               const char *name,
               const char *fallback)
{
  JsonNode *n = member (o, name, JSON_NODE_VALUE);

  return n && json_node_get_value_type (n) == G_TYPE_STRING ? json_node_get_string (n) : fallback;
}

static double
number_member (JsonObject *o,
               const char *name,
               double      fallback)
{
  JsonNode *n = member (o, name, JSON_NODE_VALUE);

  if (n == NULL)
    return fallback;
  if (json_node_get_value_type (n) == G_TYPE_DOUBLE)
    return json_node_get_double (n);
  if (json_node_get_value_type (n) == G_TYPE_INT64)
    return (double) json_node_get_int (n);
  return fallback;
}

static gboolean
boolean_member (JsonObject *o,
                const char *name,
                gboolean    fallback)
{
  JsonNode *n = member (o, name, JSON_NODE_VALUE);

  return n && json_node_get_value_type (n) == G_TYPE_BOOLEAN ? json_node_get_boolean (n) : fallback;
}

/* A name as people type it: blank counts as none. */
static char *
stripped_name (const char *name)
{
  g_autofree char *stripped = g_strstrip (g_strdup (name ? name : ""));

  return *stripped ? g_steal_pointer (&stripped) : NULL;
}

static HkSession *
session_for_folder (const char *folder)
{
  HkSession *self = g_object_new (HK_TYPE_SESSION, NULL);

  self->folder = g_strdup (folder);
  self->id = g_path_get_basename (folder);
  return self;
}

/**
 * hk_session_make_id:
 * @when: when the call starts
 * @scenario_id: what is practised
 *
 * Returns: (transfer full): a folder name that sorts by time and says
 *   what was practised, such as `2026-11-23T14-05-09_angry-caller-broken-router`
 */
char *
hk_session_make_id (GDateTime  *when,
                    const char *scenario_id)
{
  g_autofree char *stamp = g_date_time_format (when, "%Y-%m-%dT%H-%M-%S");

  return g_strdup_printf ("%s_%s", stamp, scenario_id);
}

/**
 * hk_session_new:
 * @folder: the session's folder, which need not exist yet
 * @scenario: what is practised; its title and lines are kept as spoken
 * @lang: the practice language
 * @mode: `solo`, or `pair` for two trainees
 *
 * Returns: (transfer full): a session in state recording, not yet saved
 */
HkSession *
hk_session_new (const char *folder,
                HkScenario *scenario,
                const char *lang,
                const char *mode)
{
  HkSession *self;

  g_return_val_if_fail (folder != NULL, NULL);
  g_return_val_if_fail (HK_IS_SCENARIO (scenario), NULL);
  g_return_val_if_fail (lang != NULL, NULL);

  self = session_for_folder (folder);
  self->state = HK_SESSION_RECORDING;
  self->created = g_date_time_new_now_local ();
  set_str (&self->language, lang);
  set_str (&self->mode, mode ? mode : "solo");
  self->scenario_id = g_strdup (hk_scenario_get_id (scenario));
  self->scenario_version = hk_scenario_get_version (scenario);
  self->title = g_strdup (hk_scenario_get_title (scenario, lang, NULL));
  if (hk_scenario_get_thresholds (scenario) != NULL)
    hk_thresholds_override (self->thresholds, hk_scenario_get_thresholds (scenario));
  self->category = g_strdup (hk_scenario_get_category (scenario));
  {
    g_autoptr(GStrvBuilder) techniques = g_strv_builder_new ();
    g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

    for (guint i = 0; i < hk_scenario_get_n_turns (scenario); i++)
      {
        HkScenarioTurn *turn = hk_scenario_get_turn (scenario, i);

        g_ptr_array_add (self->turn_texts, g_strdup (hk_scenario_turn_get_text (turn, lang, NULL)));
        for (const char * const *t = hk_scenario_turn_get_techniques (turn); t && *t; t++)
          if (g_hash_table_add (seen, (gpointer) *t))
            g_strv_builder_add (techniques, *t);
      }
    self->techniques = g_strv_builder_end (techniques);
  }

  return self;
}

/**
 * hk_session_new_damaged:
 * @problem: what is wrong, for the person who looks
 *
 * Returns: (transfer full): a stand-in for a session whose file cannot be
 *   read, so that it is listed rather than lost from sight
 */
HkSession *
hk_session_new_damaged (const char *folder,
                        const char *problem)
{
  HkSession *self;

  g_return_val_if_fail (folder != NULL, NULL);

  self = session_for_folder (folder);
  self->state = HK_SESSION_DAMAGED;
  self->problem = g_strdup (problem);
  self->title = g_strdup (self->id);
  return self;
}

static gboolean
damaged (const char *path,
         const char *what,
         GError    **error)
{
  g_set_error (error, HK_SESSION_ERROR, HK_SESSION_ERROR_DAMAGED,
               _("“%s” is damaged: %s"), path, what);
  return FALSE;
}

/* Comments that make no sense (no text, no time) are dropped, not fatal:
 * the call and the rest of the session still matter. */
static void
read_comments (HkSession *self,
               JsonArray *array)
{
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      JsonObject *c = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const char *text = string_member (c, "text", NULL);
      double start = number_member (c, "start", -1.0);
      double end = number_member (c, "end", start);
      const char *id;

      if (text == NULL || !(start >= 0.0))
        continue;
      id = hk_session_add_comment (self, start, end, text);
      if (string_member (c, "id", NULL) != NULL && hk_session_find_comment (self, string_member (c, "id", NULL)) == NULL)
        {
          HkSessionComment *added = (HkSessionComment *) hk_session_find_comment (self, id);

          g_free (added->id);
          added->id = g_strdup (string_member (c, "id", NULL));
        }
    }
}

/* A pair member without an id cannot be linked to its other round, so
 * it is dropped; anything else odd in it falls back to a default. The
 * session stays readable either way. */
static void
read_pair (HkSession  *self,
           JsonObject *pair)
{
  const char *id = string_member (pair, "id", NULL);
  double round = number_member (pair, "round", 0.0);

  if (id == NULL || *id == '\0')
    return;
  self->pair_id = g_strdup (id);
  self->round = round == 1.0 || round == 2.0 ? (guint) round : 0;
  self->partners[HK_PARTNER_A] = stripped_name (string_member (pair, "partner-a", NULL));
  self->partners[HK_PARTNER_B] = stripped_name (string_member (pair, "partner-b", NULL));
  self->customer_voice = boolean_member (pair, "customer-voice", FALSE);
}

static gboolean
read_session (HkSession  *self,
              JsonObject *o,
              const char *path,
              GError    **error)
{
  const char *state, *created;
  JsonObject *scenario;

  JsonNode *n;

  if (number_member (o, "format", 0) != HK_SESSION_FORMAT)
    return damaged (path, _("it is not a session file Hearken knows"), error);

  state = string_member (o, "state", "");
  self->state = G_N_ELEMENTS (state_ids);
  for (guint i = 0; i < G_N_ELEMENTS (state_ids); i++)
    if (g_str_equal (state, state_ids[i]))
      self->state = i;
  if (self->state == G_N_ELEMENTS (state_ids))
    return damaged (path, _("its state is missing or unknown"), error);

  created = string_member (o, "created", "");
  self->created = g_date_time_new_from_iso8601 (created, NULL);
  if (self->created == NULL)
    return damaged (path, _("its date is missing or not a date"), error);

  set_str (&self->language, string_member (o, "language", "en"));
  set_str (&self->mode, string_member (o, "mode", "solo"));
  self->duration = number_member (o, "duration", 0.0);
  set_str (&self->problem, string_member (o, "problem", NULL));
  set_str (&self->trainee, string_member (o, "trainee", NULL));
  self->echo_delay = number_member (o, "echo-delay", -1.0);

  n = member (o, "scenario", JSON_NODE_OBJECT);
  scenario = n ? json_node_get_object (n) : NULL;
  if (string_member (scenario, "id", NULL) == NULL)
    return damaged (path, _("it does not say which scenario was practised"), error);
  self->scenario_id = g_strdup (string_member (scenario, "id", NULL));
  self->scenario_version = (gint64) number_member (scenario, "version", 0);
  self->title = g_strdup (string_member (scenario, "title", self->scenario_id));
  if ((n = member (scenario, "lines", JSON_NODE_ARRAY)) != NULL)
    {
      JsonArray *lines = json_node_get_array (n);

      for (guint i = 0; i < json_array_get_length (lines); i++)
        {
          JsonNode *line = json_array_get_element (lines, i);

          g_ptr_array_add (self->turn_texts,
                           g_strdup (JSON_NODE_HOLDS_VALUE (line) &&
                                     json_node_get_value_type (line) == G_TYPE_STRING
                                     ? json_node_get_string (line) : ""));
        }
    }

  self->category = g_strdup (string_member (scenario, "category", NULL));
  if ((n = member (scenario, "techniques", JSON_NODE_ARRAY)) != NULL)
    {
      g_autoptr(GStrvBuilder) techniques = g_strv_builder_new ();
      JsonArray *a = json_node_get_array (n);

      for (guint i = 0; i < json_array_get_length (a); i++)
        {
          JsonNode *t = json_array_get_element (a, i);

          if (JSON_NODE_HOLDS_VALUE (t) && json_node_get_value_type (t) == G_TYPE_STRING)
            g_strv_builder_add (techniques, json_node_get_string (t));
        }
      self->techniques = g_strv_builder_end (techniques);
    }

  if ((n = member (scenario, "thresholds", JSON_NODE_OBJECT)) != NULL)
    {
      JsonObject *th = json_node_get_object (n);

      for (HkThreshold t = 0; t < HK_N_THRESHOLDS; t++)
        {
          double v = number_member (th, hk_threshold_key (t), -1.0);

          if (v >= hk_threshold_min (t) && v <= hk_threshold_max (t))
            hk_thresholds_set (self->thresholds, t, v);
        }
    }

  if ((n = member (o, "turns", JSON_NODE_ARRAY)) != NULL)
    {
      JsonArray *turns = json_node_get_array (n);

      for (guint i = 0; i < json_array_get_length (turns); i++)
        {
          JsonNode *t = json_array_get_element (turns, i);
          JsonObject *to;

          if (!JSON_NODE_HOLDS_OBJECT (t))
            return damaged (path, _("a turn is not an object"), error);
          to = json_node_get_object (t);
          hk_session_add_turn (self, (guint) number_member (to, "index", i),
                               number_member (to, "start", 0.0), number_member (to, "end", 0.0));
        }
    }

  if ((n = member (o, "analysis", JSON_NODE_OBJECT)) != NULL)
    self->analysis = json_node_copy (n);
  if ((n = member (o, "reflection", JSON_NODE_OBJECT)) != NULL)
    self->reflection = json_node_copy (n);
  if ((n = member (o, "comments", JSON_NODE_ARRAY)) != NULL)
    read_comments (self, json_node_get_array (n));
  if ((n = member (o, "pair", JSON_NODE_OBJECT)) != NULL)
    read_pair (self, json_node_get_object (n));
  if ((n = member (o, "partner-feedback", JSON_NODE_OBJECT)) != NULL)
    self->partner_feedback = json_node_copy (n);

  return TRUE;
}

/**
 * hk_session_load:
 * @folder: a session's folder
 *
 * Returns: (transfer full) (nullable): the session, or %NULL with
 *   @error set when session.json is missing or damaged
 */
HkSession *
hk_session_load (const char *folder,
                 GError    **error)
{
  g_autofree char *path = NULL;
  g_autoptr(HkSession) self = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local = NULL;
  JsonNode *root;

  g_return_val_if_fail (folder != NULL, NULL);

  path = g_build_filename (folder, "session.json", NULL);
  if (!json_parser_load_from_mapped_file (parser, path, &local))
    {
      if (g_error_matches (local, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        g_set_error (error, HK_SESSION_ERROR, HK_SESSION_ERROR_DAMAGED,
                     _("“%s” is missing"), path);
      else
        damaged (path, local->message, error);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return damaged (path, _("it does not hold a JSON object"), error), NULL;

  self = session_for_folder (folder);
  if (!read_session (self, json_node_get_object (root), path, error))
    return NULL;

  return g_steal_pointer (&self);
}

static JsonNode *
to_json (HkSession *self)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *created = g_date_time_format_iso8601 (self->created);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "format");
  json_builder_add_int_value (b, HK_SESSION_FORMAT);
  json_builder_set_member_name (b, "state");
  json_builder_add_string_value (b, state_ids[self->state]);
  json_builder_set_member_name (b, "created");
  json_builder_add_string_value (b, created);
  json_builder_set_member_name (b, "language");
  json_builder_add_string_value (b, self->language);
  json_builder_set_member_name (b, "mode");
  json_builder_add_string_value (b, self->mode);

  json_builder_set_member_name (b, "scenario");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_string_value (b, self->scenario_id);
  json_builder_set_member_name (b, "version");
  json_builder_add_int_value (b, self->scenario_version);
  json_builder_set_member_name (b, "title");
  json_builder_add_string_value (b, self->title);
  if (self->category != NULL)
    {
      json_builder_set_member_name (b, "category");
      json_builder_add_string_value (b, self->category);
    }
  json_builder_set_member_name (b, "lines");
  json_builder_begin_array (b);
  for (guint i = 0; i < self->turn_texts->len; i++)
    json_builder_add_string_value (b, g_ptr_array_index (self->turn_texts, i));
  json_builder_end_array (b);
  if (self->techniques != NULL)
    {
      json_builder_set_member_name (b, "techniques");
      json_builder_begin_array (b);
      for (guint i = 0; self->techniques[i] != NULL; i++)
        json_builder_add_string_value (b, self->techniques[i]);
      json_builder_end_array (b);
    }
  if (!hk_thresholds_is_empty (self->thresholds))
    {
      json_builder_set_member_name (b, "thresholds");
      json_builder_begin_object (b);
      for (HkThreshold t = 0; t < HK_N_THRESHOLDS; t++)
        if (hk_thresholds_is_set (self->thresholds, t))
          {
            json_builder_set_member_name (b, hk_threshold_key (t));
            json_builder_add_double_value (b, hk_thresholds_get (self->thresholds, t));
          }
      json_builder_end_object (b);
    }
  json_builder_end_object (b);

  json_builder_set_member_name (b, "duration");
  json_builder_add_double_value (b, self->duration);
  json_builder_set_member_name (b, "turns");
  json_builder_begin_array (b);
  for (guint i = 0; i < self->turns->len; i++)
    {
      const HkSessionTurn *t = &g_array_index (self->turns, HkSessionTurn, i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "index");
      json_builder_add_int_value (b, t->index);
      json_builder_set_member_name (b, "start");
      json_builder_add_double_value (b, t->start);
      json_builder_set_member_name (b, "end");
      json_builder_add_double_value (b, t->end);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  if (self->trainee != NULL)
    {
      json_builder_set_member_name (b, "trainee");
      json_builder_add_string_value (b, self->trainee);
    }
  if (self->echo_delay >= 0.0)
    {
      json_builder_set_member_name (b, "echo-delay");
      json_builder_add_double_value (b, self->echo_delay);
    }
  if (self->problem != NULL)
    {
      json_builder_set_member_name (b, "problem");
      json_builder_add_string_value (b, self->problem);
    }
  if (self->analysis != NULL)
    {
      json_builder_set_member_name (b, "analysis");
      json_builder_add_value (b, json_node_copy (self->analysis));
    }
  if (self->reflection != NULL)
    {
      json_builder_set_member_name (b, "reflection");
      json_builder_add_value (b, json_node_copy (self->reflection));
    }
  if (self->comments->len > 0)
    {
      json_builder_set_member_name (b, "comments");
      json_builder_begin_array (b);
      for (guint i = 0; i < self->comments->len; i++)
        {
          const HkSessionComment *c = &g_array_index (self->comments, HkSessionComment, i);

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "id");
          json_builder_add_string_value (b, c->id);
          json_builder_set_member_name (b, "start");
          json_builder_add_double_value (b, c->start);
          json_builder_set_member_name (b, "end");
          json_builder_add_double_value (b, c->end);
          json_builder_set_member_name (b, "text");
          json_builder_add_string_value (b, c->text);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
    }
  if (self->pair_id != NULL)
    {
      json_builder_set_member_name (b, "pair");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "id");
      json_builder_add_string_value (b, self->pair_id);
      json_builder_set_member_name (b, "round");
      json_builder_add_int_value (b, self->round);
      if (self->partners[HK_PARTNER_A] != NULL)
        {
          json_builder_set_member_name (b, "partner-a");
          json_builder_add_string_value (b, self->partners[HK_PARTNER_A]);
        }
      if (self->partners[HK_PARTNER_B] != NULL)
        {
          json_builder_set_member_name (b, "partner-b");
          json_builder_add_string_value (b, self->partners[HK_PARTNER_B]);
        }
      json_builder_set_member_name (b, "customer-voice");
      json_builder_add_boolean_value (b, self->customer_voice);
      json_builder_end_object (b);
    }
  if (self->partner_feedback != NULL)
    {
      json_builder_set_member_name (b, "partner-feedback");
      json_builder_add_value (b, json_node_copy (self->partner_feedback));
    }
  json_builder_end_object (b);

  return json_builder_get_root (b);
}

/**
 * hk_session_save:
 *
 * Writes session.json atomically, creating the folder when needed. A
 * damaged session is never written over.
 *
 * Returns: %TRUE when written
 */
gboolean
hk_session_save (HkSession *self,
                 GError   **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  g_autofree char *path = NULL;

  g_return_val_if_fail (HK_IS_SESSION (self), FALSE);
  g_return_val_if_fail (self->state != HK_SESSION_DAMAGED, FALSE);

  if (g_mkdir_with_parents (self->folder, 0755) != 0)
    {
      int saved = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   _("Could not create the session folder “%s”: %s"), self->folder, g_strerror (saved));
      return FALSE;
    }

  root = to_json (self);
  text = hk_json_write (root, TRUE);
  path = g_build_filename (self->folder, "session.json", NULL);
  return g_file_set_contents_full (path, text, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0644, error);
}

const char *
hk_session_get_id (HkSession *self)
{
  g_return_val_if_fail (HK_IS_SESSION (self), NULL);
  return self->id;
}

const char *
hk_session_get_folder (HkSession *self)
{
  g_return_val_if_fail (HK_IS_SESSION (self), NULL);
  return self->folder;
}

/**
 * hk_session_get_call_path:
 *
 * Returns: (transfer full): where the call's recording is
 */
char *
hk_session_get_call_path (HkSession *self)
{
  g_return_val_if_fail (HK_IS_SESSION (self), NULL);
  return g_build_filename (self->folder, "call.ogg", NULL);
}

/**
 * hk_session_get_peaks_path:
 *
 * Returns: (transfer full): where the waveform cache is
 */
char *
hk_session_get_peaks_path (HkSession *self)
{
  g_return_val_if_fail (HK_IS_SESSION (self), NULL);
  return g_build_filename (self->folder, "peaks.bin", NULL);
}

HkSessionState
hk_session_get_state (HkSession *self)
{
  g_return_val_if_fail (HK_IS_SESSION (self), HK_SESSION_DAMAGED);
  return self->state;
}

void
hk_session_set_state (HkSession      *self,
                      HkSessionState  state)
{
  g_return_if_fail (HK_IS_SESSION (self));
  g_return_if_fail (state <= HK_SESSION_DAMAGED);
  self->state = state;
}

/**
 * hk_session_get_created:
 *
 * Returns: (transfer none) (nullable): when the call started; %NULL for a
 *   damaged session
 */
GDateTime *
hk_session_get_created (HkSession *self)
{
  g_return_val_if_fail (HK_IS_SESSION (self), NULL);
  return self->created;
}

const char *
hk_session_get_language (HkSession *self)
{
  g_return_val_if_fail (HK_IS_SESSION (self), NULL);
  return self->language;
}

const char *
hk_session_get_mode (HkSession *self)
{
  g_return_val_if_fail (HK_IS_SESSION (self), NULL);
  return self->mode;
}

const char *
hk_session_get_scenario_id (HkSession *self)
{
  g_return_val_if_fail (HK_IS_SESSION (self), NULL);
  return self->scenario_id;
}

/**
 * hk_session_get_title:
 *
 * Returns: the scenario's title in the practice language, as it was
 */
const char *
hk_session_get_title (HkSession *self)
{
  g_return_val_if_fail (HK_IS_SESSION (self), NULL);
  return self->title;
}

/**
 * hk_session_get_turn_text:
 *
 * Returns: (nullable): what the customer said in turn @index
 */
const char *
hk_session_get_turn_text (HkSession *self,
                          guint      index)
{
  g_return_val_if_fail (HK_IS_SESSION (self), NULL);

  return index < self->turn_texts->len ? g_ptr_array_index (self->turn_texts, index) : NULL;
}

/**
 * hk_session_get_thresholds:
 *
 * Returns: (transfer none): the thresholds the scenario set for its call;
 *   the rest are unset and take the trainee's settings
 */
const HkThresholds *
hk_session_get_thresholds (HkSession *self)
{
  g_return_val_if_fail (HK_IS_SESSION (self), NULL);
  return self->thresholds;
}

double
hk_session_get_duration (HkSession *self)
{
  g_return_val_if_fail (HK_IS_SESSION (self), 0.0);
  return self->duration;
}

void
hk_session_set_duration (HkSession *self,
                         double     seconds)
{
  g_return_if_fail (HK_IS_SESSION (self));
  self->duration = MAX (seconds, 0.0);
}

/**
 * hk_session_add_turn:
 *
 * Notes when the customer spoke turn @index, in recording time.
 */
void
hk_session_add_turn (HkSession *self,
                     guint      index,
                     double     start,
                     double     end)
{
  HkSessionTurn t = { index, start, MAX (end, start) };

  g_return_if_fail (HK_IS_SESSION (self));
  g_array_append_val (self->turns, t);
}

/**
 * hk_session_clear_turns:
 *
 * Forgets the turns, for a recorder that writes them again as it learns
 * more of them.
 */
void
hk_session_clear_turns (HkSession *self)
{
  g_return_if_fail (HK_IS_SESSION (self));
  g_array_set_size (self->turns, 0);
}

/**
 * hk_session_get_turns:
 *
 * Returns: (transfer none) (element-type HkSessionTurn): the customer's
 *   turns as they happened
 */
const GArray *
hk_session_get_turns (HkSession *self)
{
  g_return_val_if_fail (HK_IS_SESSION (self), NULL);
  return self->turns;
}

/**
 * hk_session_get_analysis:
 *
 * Returns: (transfer none) (nullable): the analysis as written by
 *   hk_call_analysis_to_json()
 */
JsonNode *
hk_session_get_analysis (HkSession *self)
{
  g_return_val_if_fail (HK_IS_SESSION (self), NULL);
  return self->analysis;
}

/**
 * hk_session_set_analysis:
 * @analysis: (transfer full) (nullable): the analysis
 */
void
hk_session_set_analysis (HkSession *self,
                         JsonNode  *analysis)
{
  g_return_if_fail (HK_IS_SESSION (self));

  g_clear_pointer (&self->analysis, json_node_unref);
  self->analysis = analysis;
}

/**
 * hk_session_get_problem:
 *
 * Returns: (nullable): what went wrong with the call or its file
 */
const char *
hk_session_get_problem (HkSession *self)
{
  g_return_val_if_fail (HK_IS_SESSION (self), NULL);
  return self->problem;
}

void
hk_session_set_problem (HkSession  *self,
                        const char *problem)
{
  g_return_if_fail (HK_IS_SESSION (self));
  set_str (&self->problem, problem);
}

const char *
hk_session_state_id (HkSessionState state)
{
  g_return_val_if_fail (state <= HK_SESSION_DAMAGED, NULL);
  return state_ids[state];
}

/**
 * hk_session_state_label:
 *
 * Returns: the state as people read it, translated
 */
const char *
hk_session_state_label (HkSessionState state)
{
  switch (state)
    {
    case HK_SESSION_RECORDING:
      return _("Recording");
    case HK_SESSION_COMPLETE:
      return _("Complete");
    case HK_SESSION_RECOVERED:
      /* TRANSLATORS: a call cut short by a crash, kept as far as it got */
      return _("Recovered");
    case HK_SESSION_DAMAGED:
    default:
      return _("Damaged");
    }
}

/**
 * hk_session_get_category:
 *
 * Returns: (nullable): the scenario's category, such as `complaint`;
 *   %NULL for sessions recorded before it was kept
 */
const char *
hk_session_get_category (HkSession *self)
{
  g_return_val_if_fail (HK_IS_SESSION (self), NULL);
  return self->category;
}

/**
 * hk_session_get_techniques:
 *
 * Returns: (nullable) (array zero-terminated=1): the listening
 *   techniques the scenario's turns invite, each once
 */
const char * const *
hk_session_get_techniques (HkSession *self)
{
  g_return_val_if_fail (HK_IS_SESSION (self), NULL);
  return (const char * const *) self->techniques;
}

/**
 * hk_session_get_reflection:
 *
 * Returns: (transfer none) (nullable): the trainee's checklist answers
 *   and notes, as an object
 */
JsonNode *
hk_session_get_reflection (HkSession *self)
{
  g_return_val_if_fail (HK_IS_SESSION (self), NULL);
  return self->reflection;
}

/**
 * hk_session_set_reflection:
 * @reflection: (transfer full) (nullable): the answers and notes
 */
void
hk_session_set_reflection (HkSession *self,
                           JsonNode  *reflection)
{
  g_return_if_fail (HK_IS_SESSION (self));

  g_clear_pointer (&self->reflection, json_node_unref);
  self->reflection = reflection;
}

/**
 * hk_session_get_echo_delay:
 *
 * Returns: how long after the customer's channel the microphone heard
 *   the speaker, in seconds, as the echo canceller found it; negative
 *   when it heard no echo (a headset) or did not run
 */
double
hk_session_get_echo_delay (HkSession *self)
{
  g_return_val_if_fail (HK_IS_SESSION (self), -1.0);

  return self->echo_delay;
}

/**
 * hk_session_set_echo_delay:
 * @seconds: negative for none
 */
void
hk_session_set_echo_delay (HkSession *self,
                           double     seconds)
{
  g_return_if_fail (HK_IS_SESSION (self));

  self->echo_delay = seconds >= 0.0 && isfinite (seconds) ? seconds : -1.0;
}

/**
 * hk_session_get_trainee:
 *
 * Returns: (nullable): the name of who answered, as they gave it
 */
const char *
hk_session_get_trainee (HkSession *self)
{
  g_return_val_if_fail (HK_IS_SESSION (self), NULL);

  return self->trainee;
}

/**
 * hk_session_set_trainee:
 * @name: (nullable): a name; empty or blank counts as none
 */
void
hk_session_set_trainee (HkSession  *self,
                        const char *name)
{
  g_autofree char *stripped = NULL;

  g_return_if_fail (HK_IS_SESSION (self));

  stripped = stripped_name (name);
  set_str (&self->trainee, stripped);
}

/**
 * hk_session_get_comments:
 *
 * Returns: (transfer none) (element-type HkSessionComment): the trainer's
 *   comments, ordered by where they point
 */
const GArray *
hk_session_get_comments (HkSession *self)
{
  g_return_val_if_fail (HK_IS_SESSION (self), NULL);

  return self->comments;
}

static int
comment_index (HkSession  *self,
               const char *id)
{
  for (guint i = 0; id != NULL && i < self->comments->len; i++)
    if (g_str_equal (g_array_index (self->comments, HkSessionComment, i).id, id))
      return (int) i;
  return -1;
}

/**
 * hk_session_find_comment:
 *
 * Returns: (nullable): the comment with @id, valid until the comments change
 */
const HkSessionComment *
hk_session_find_comment (HkSession  *self,
                         const char *id)
{
  int i;

  g_return_val_if_fail (HK_IS_SESSION (self), NULL);

  i = comment_index (self, id);
  return i < 0 ? NULL : &g_array_index (self->comments, HkSessionComment, i);
}

/**
 * hk_session_add_comment:
 * @start: where the comment points, in seconds
 * @end: where its span ends; at or before @start for a moment
 * @text: what the trainer wrote
 *
 * Adds a comment in its place by time. The caller saves the session.
 *
 * Returns: (transfer none): the new comment's id
 */
const char *
hk_session_add_comment (HkSession  *self,
                        double      start,
                        double      end,
                        const char *text)
{
  HkSessionComment c;
  guint at = 0;

  g_return_val_if_fail (HK_IS_SESSION (self), NULL);
  g_return_val_if_fail (text != NULL, NULL);

  c.id = g_uuid_string_random ();
  c.start = MAX (start, 0.0);
  c.end = MAX (end, c.start);
  c.text = g_strdup (text);
  while (at < self->comments->len && g_array_index (self->comments, HkSessionComment, at).start <= c.start)
    at++;
  g_array_insert_val (self->comments, at, c);

  return g_array_index (self->comments, HkSessionComment, at).id;
}

/**
 * hk_session_edit_comment:
 *
 * Returns: %TRUE when a comment with @id was there to edit
 */
gboolean
hk_session_edit_comment (HkSession  *self,
                         const char *id,
                         const char *text)
{
  int i;

  g_return_val_if_fail (HK_IS_SESSION (self), FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  i = comment_index (self, id);
  if (i < 0)
    return FALSE;
  set_str (&g_array_index (self->comments, HkSessionComment, i).text, text);
  return TRUE;
}

/**
 * hk_session_remove_comment:
 *
 * Returns: %TRUE when a comment with @id was there to remove
 */
gboolean
hk_session_remove_comment (HkSession  *self,
                           const char *id)
{
  int i;

  g_return_val_if_fail (HK_IS_SESSION (self), FALSE);

  i = comment_index (self, id);
  if (i < 0)
    return FALSE;
  g_array_remove_index (self->comments, (guint) i);
  return TRUE;
}

/**
 * hk_session_is_pair:
 *
 * Returns: whether two trainees practised together: the mode is `pair`
 */
gboolean
hk_session_is_pair (HkSession *self)
{
  g_return_val_if_fail (HK_IS_SESSION (self), FALSE);

  return g_strcmp0 (self->mode, "pair") == 0;
}

/**
 * hk_session_set_pair:
 * @pair_id: what both rounds of the pair session share; round one's
 *   session id does well
 * @round: 1, or 2 once the partners have swapped roles
 * @partner_a: (nullable): who plays the customer in this round
 * @partner_b: (nullable): who answers in this round
 * @customer_voice: whether the synthetic voice speaks the customer's lines
 *
 * Makes the session a round of a pair session: its mode becomes `pair`
 * and its trainee @partner_b, so that the round counts in the history
 * and reports of the one who listened. Names are stripped; blank counts
 * as none. The caller saves the session.
 */
void
hk_session_set_pair (HkSession  *self,
                     const char *pair_id,
                     guint       round,
                     const char *partner_a,
                     const char *partner_b,
                     gboolean    customer_voice)
{
  g_return_if_fail (HK_IS_SESSION (self));
  g_return_if_fail (pair_id != NULL && *pair_id != '\0');
  g_return_if_fail (round == 1 || round == 2);

  set_str (&self->mode, "pair");
  set_str (&self->pair_id, pair_id);
  self->round = round;
  g_free (self->partners[HK_PARTNER_A]);
  self->partners[HK_PARTNER_A] = stripped_name (partner_a);
  g_free (self->partners[HK_PARTNER_B]);
  self->partners[HK_PARTNER_B] = stripped_name (partner_b);
  self->customer_voice = !!customer_voice;
  hk_session_set_trainee (self, partner_b);
}

/**
 * hk_session_get_pair_id:
 *
 * Returns: (nullable): the id both rounds of a pair session share;
 *   %NULL for a solo call
 */
const char *
hk_session_get_pair_id (HkSession *self)
{
  g_return_val_if_fail (HK_IS_SESSION (self), NULL);

  return self->pair_id;
}

/**
 * hk_session_get_round:
 *
 * Returns: 1 or 2 for a round of a pair session; 0 for a solo call, or
 *   when the file did not say
 */
guint
hk_session_get_round (HkSession *self)
{
  g_return_val_if_fail (HK_IS_SESSION (self), 0);

  return self->round;
}

/**
 * hk_session_get_partner:
 * @partner: %HK_PARTNER_A, who played the customer, or %HK_PARTNER_B,
 *   who answered
 *
 * Returns: (nullable): the partner's name as given for this round
 */
const char *
hk_session_get_partner (HkSession *self,
                        HkPartner  partner)
{
  g_return_val_if_fail (HK_IS_SESSION (self), NULL);
  g_return_val_if_fail (partner == HK_PARTNER_A || partner == HK_PARTNER_B, NULL);

  return self->partners[partner];
}

/**
 * hk_session_get_customer_voice:
 *
 * Returns: whether the synthetic voice spoke the customer's lines in a
 *   pair round (partner A may then have stayed silent)
 */
gboolean
hk_session_get_customer_voice (HkSession *self)
{
  g_return_val_if_fail (HK_IS_SESSION (self), FALSE);

  return self->customer_voice;
}

/**
 * hk_session_get_partner_feedback:
 *
 * What the partner who played the customer said after the round, as an
 * object. Its members are the form's to choose; suggested are `heard`,
 * `understood` and `interrupted` (the partner's answers) and `helped`
 * and `try-next` (their words).
 *
 * Returns: (transfer none) (nullable): the feedback
 */
JsonNode *
hk_session_get_partner_feedback (HkSession *self)
{
  g_return_val_if_fail (HK_IS_SESSION (self), NULL);

  return self->partner_feedback;
}

/**
 * hk_session_set_partner_feedback:
 * @feedback: (transfer full) (nullable): an object, or %NULL for none
 */
void
hk_session_set_partner_feedback (HkSession *self,
                                 JsonNode  *feedback)
{
  g_return_if_fail (HK_IS_SESSION (self));
  g_return_if_fail (feedback == NULL || JSON_NODE_HOLDS_OBJECT (feedback));

  g_clear_pointer (&self->partner_feedback, json_node_unref);
  self->partner_feedback = feedback;
}
