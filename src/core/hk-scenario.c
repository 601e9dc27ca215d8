/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hk-scenario"

#include "config.h"

#include "hk-lang.h"
#include "hk-scenario.h"
#include "hk-vocab.h"

struct _HkScenario
{
  GObject       parent_instance;

  char         *id;
  gint64        version;
  char         *category;
  char         *sector;
  int           difficulty;
  HkPersona    *persona;
  GHashTable   *title;
  GHashTable   *brief;
  GHashTable   *tips;
  GPtrArray    *turns;
  HkThresholds *thresholds;
  char         *path;
  gboolean      builtin;

  /* Derived from the maps on first use. */
  GStrv         languages;
};

G_DEFINE_FINAL_TYPE (HkScenario, hk_scenario, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_VERSION,
  PROP_CATEGORY,
  PROP_SECTOR,
  PROP_DIFFICULTY,
  PROP_N_TURNS,
  PROP_BUILTIN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
for_each_map (HkScenario *self,
              void      (*func) (GHashTable *map,
                                 gpointer    user_data),
              gpointer    user_data)
{
  func (self->title, user_data);
  func (self->brief, user_data);
  func (self->tips, user_data);
  if (self->persona)
    func (hk_persona_get_about_map (self->persona), user_data);

  for (guint i = 0; i < self->turns->len; i++)
    {
      HkScenarioTurn *turn = g_ptr_array_index (self->turns, i);

      func (hk_scenario_turn_get_text_map (turn), user_data);
      func (hk_scenario_turn_get_example_map (turn), user_data);
    }
}

static void
count_language_cb (GHashTable *map,
                   gpointer    user_data)
{
  GHashTable *counts = user_data;
  GHashTableIter iter;
  gpointer key;

  if (map == NULL)
    return;

  g_hash_table_iter_init (&iter, map);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      guint n = GPOINTER_TO_UINT (g_hash_table_lookup (counts, key));

      g_hash_table_insert (counts, key, GUINT_TO_POINTER (n + 1));
    }
}

static void
count_maps_cb (GHashTable *map,
               gpointer    user_data)
{
  guint *n = user_data;

  (*n)++;
}

static int
compare_languages (gconstpointer a,
                   gconstpointer b)
{
  const char *la = *(const char **) a;
  const char *lb = *(const char **) b;

  /* English first, then alphabetical, so lists read the same everywhere. */
  if (g_str_equal (la, HK_LANG_FALLBACK))
    return -1;
  if (g_str_equal (lb, HK_LANG_FALLBACK))
    return 1;
  return g_strcmp0 (la, lb);
}

static void
compute_languages (HkScenario *self)
{
  g_autoptr(GHashTable) counts = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) langs = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key, value;
  guint n_maps = 0;

  for_each_map (self, count_language_cb, counts);
  for_each_map (self, count_maps_cb, &n_maps);

  g_hash_table_iter_init (&iter, counts);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (GPOINTER_TO_UINT (value) == n_maps)
      g_ptr_array_add (langs, g_strdup (key));

  g_ptr_array_sort (langs, compare_languages);
  g_ptr_array_add (langs, NULL);
  self->languages = (GStrv) g_ptr_array_free (g_steal_pointer (&langs), FALSE);
}

static void
hk_scenario_finalize (GObject *object)
{
  HkScenario *self = (HkScenario *) object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->category, g_free);
  g_clear_pointer (&self->sector, g_free);
  g_clear_object (&self->persona);
  g_clear_pointer (&self->title, g_hash_table_unref);
  g_clear_pointer (&self->brief, g_hash_table_unref);
  g_clear_pointer (&self->tips, g_hash_table_unref);
  g_clear_pointer (&self->turns, g_ptr_array_unref);
  g_clear_pointer (&self->thresholds, hk_thresholds_free);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->languages, g_strfreev);

  G_OBJECT_CLASS (hk_scenario_parent_class)->finalize (object);
}

static void
hk_scenario_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  HkScenario *self = HK_SCENARIO (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_VERSION:
      g_value_set_int64 (value, self->version);
      break;
    case PROP_CATEGORY:
      g_value_set_string (value, self->category);
      break;
    case PROP_SECTOR:
      g_value_set_string (value, self->sector);
      break;
    case PROP_DIFFICULTY:
      g_value_set_int (value, self->difficulty);
      break;
    case PROP_N_TURNS:
      g_value_set_uint (value, self->turns->len);
      break;
    case PROP_BUILTIN:
      g_value_set_boolean (value, self->builtin);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hk_scenario_class_init (HkScenarioClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = hk_scenario_finalize;
  object_class->get_property = hk_scenario_get_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_VERSION] =
    g_param_spec_int64 ("version", NULL, NULL, 0, G_MAXINT64, 1,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CATEGORY] =
    g_param_spec_string ("category", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SECTOR] =
    g_param_spec_string ("sector", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_DIFFICULTY] =
    g_param_spec_int ("difficulty", NULL, NULL,
                      HK_DIFFICULTY_MIN, HK_DIFFICULTY_MAX, HK_DIFFICULTY_MIN,
                      G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_TURNS] =
    g_param_spec_uint ("n-turns", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUILTIN] =
    g_param_spec_boolean ("builtin", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
hk_scenario_init (HkScenario *self)
{
  self->turns = g_ptr_array_new_with_free_func (g_object_unref);
}

/**
 * hk_scenario_new:
 *
 * Creates an empty scenario; loaders then fill it with the setters below.
 * A scenario is not changed once it is in a library.
 */
HkScenario *
hk_scenario_new (const char *id,
                 gint64      version,
                 const char *category,
                 const char *sector,
                 int         difficulty)
{
  HkScenario *self;

  g_return_val_if_fail (id != NULL, NULL);

  self = g_object_new (HK_TYPE_SCENARIO, NULL);
  self->id = g_strdup (id);
  self->version = version;
  self->category = g_strdup (category);
  self->sector = g_strdup (sector);
  self->difficulty = CLAMP (difficulty, HK_DIFFICULTY_MIN, HK_DIFFICULTY_MAX);

  return self;
}

/**
 * hk_scenario_set_texts:
 * @title: (transfer full): language map of strings
 * @brief: (transfer full): language map of strings
 * @tips: (transfer full): language map of string arrays
 */
void
hk_scenario_set_texts (HkScenario *self,
                       GHashTable *title,
                       GHashTable *brief,
                       GHashTable *tips)
{
  g_return_if_fail (HK_IS_SCENARIO (self));

  g_clear_pointer (&self->title, g_hash_table_unref);
  g_clear_pointer (&self->brief, g_hash_table_unref);
  g_clear_pointer (&self->tips, g_hash_table_unref);
  g_clear_pointer (&self->languages, g_strfreev);
  self->title = title;
  self->brief = brief;
  self->tips = tips;
}

void
hk_scenario_set_persona (HkScenario *self,
                         HkPersona  *persona)
{
  g_return_if_fail (HK_IS_SCENARIO (self));
  g_return_if_fail (HK_IS_PERSONA (persona));

  g_set_object (&self->persona, persona);
  g_clear_pointer (&self->languages, g_strfreev);
}

/**
 * hk_scenario_add_turn:
 * @turn: (transfer none): the next customer turn
 */
void
hk_scenario_add_turn (HkScenario     *self,
                      HkScenarioTurn *turn)
{
  g_return_if_fail (HK_IS_SCENARIO (self));
  g_return_if_fail (HK_IS_SCENARIO_TURN (turn));

  g_ptr_array_add (self->turns, g_object_ref (turn));
  g_clear_pointer (&self->languages, g_strfreev);
}

void
hk_scenario_set_thresholds (HkScenario         *self,
                            const HkThresholds *thresholds)
{
  g_return_if_fail (HK_IS_SCENARIO (self));

  g_clear_pointer (&self->thresholds, hk_thresholds_free);
  if (thresholds != NULL && !hk_thresholds_is_empty (thresholds))
    self->thresholds = hk_thresholds_copy (thresholds);
}

void
hk_scenario_set_source (HkScenario *self,
                        const char *path,
                        gboolean    builtin)
{
  g_return_if_fail (HK_IS_SCENARIO (self));

  g_free (self->path);
  self->path = g_strdup (path);
  self->builtin = !!builtin;
}

const char *
hk_scenario_get_id (HkScenario *self)
{
  g_return_val_if_fail (HK_IS_SCENARIO (self), NULL);

  return self->id;
}

gint64
hk_scenario_get_version (HkScenario *self)
{
  g_return_val_if_fail (HK_IS_SCENARIO (self), 0);

  return self->version;
}

const char *
hk_scenario_get_category (HkScenario *self)
{
  g_return_val_if_fail (HK_IS_SCENARIO (self), NULL);

  return self->category;
}

const char *
hk_scenario_get_sector (HkScenario *self)
{
  g_return_val_if_fail (HK_IS_SCENARIO (self), NULL);

  return self->sector;
}

int
hk_scenario_get_difficulty (HkScenario *self)
{
  g_return_val_if_fail (HK_IS_SCENARIO (self), 0);

  return self->difficulty;
}

/**
 * hk_scenario_get_persona:
 *
 * Returns: (transfer none): the customer
 */
HkPersona *
hk_scenario_get_persona (HkScenario *self)
{
  g_return_val_if_fail (HK_IS_SCENARIO (self), NULL);

  return self->persona;
}

const char *
hk_scenario_get_title (HkScenario  *self,
                       const char  *lang,
                       const char **out_lang)
{
  g_return_val_if_fail (HK_IS_SCENARIO (self), NULL);

  return hk_lang_lookup (self->title, lang, out_lang);
}

const char *
hk_scenario_get_brief (HkScenario  *self,
                       const char  *lang,
                       const char **out_lang)
{
  g_return_val_if_fail (HK_IS_SCENARIO (self), NULL);

  return hk_lang_lookup (self->brief, lang, out_lang);
}

/**
 * hk_scenario_get_tips:
 *
 * Returns: (transfer none) (nullable): the tips in @lang or its fallback
 */
const char * const *
hk_scenario_get_tips (HkScenario  *self,
                      const char  *lang,
                      const char **out_lang)
{
  g_return_val_if_fail (HK_IS_SCENARIO (self), NULL);

  return (const char * const *) hk_lang_lookup (self->tips, lang, out_lang);
}

guint
hk_scenario_get_n_turns (HkScenario *self)
{
  g_return_val_if_fail (HK_IS_SCENARIO (self), 0);

  return self->turns->len;
}

/**
 * hk_scenario_get_turn:
 *
 * Returns: (transfer none): the turn at @index
 */
HkScenarioTurn *
hk_scenario_get_turn (HkScenario *self,
                      guint       index)
{
  g_return_val_if_fail (HK_IS_SCENARIO (self), NULL);
  g_return_val_if_fail (index < self->turns->len, NULL);

  return g_ptr_array_index (self->turns, index);
}

/**
 * hk_scenario_get_thresholds:
 *
 * Returns: (transfer none) (nullable): the scenario's own thresholds, or
 *   %NULL when it keeps the trainee's settings
 */
const HkThresholds *
hk_scenario_get_thresholds (HkScenario *self)
{
  g_return_val_if_fail (HK_IS_SCENARIO (self), NULL);

  return self->thresholds;
}

const char *
hk_scenario_get_path (HkScenario *self)
{
  g_return_val_if_fail (HK_IS_SCENARIO (self), NULL);

  return self->path;
}

gboolean
hk_scenario_get_builtin (HkScenario *self)
{
  g_return_val_if_fail (HK_IS_SCENARIO (self), FALSE);

  return self->builtin;
}

/**
 * hk_scenario_get_languages:
 *
 * Returns: (transfer none): the languages every text of the scenario
 *   exists in, English first
 */
const char * const *
hk_scenario_get_languages (HkScenario *self)
{
  g_return_val_if_fail (HK_IS_SCENARIO (self), NULL);

  if (self->languages == NULL)
    compute_languages (self);

  return (const char * const *) self->languages;
}

typedef struct {
  const char *lang;
  guint       found;
  guint       missing;
} Coverage;

static void
coverage_cb (GHashTable *map,
             gpointer    user_data)
{
  Coverage *c = user_data;
  const char *used = NULL;

  hk_lang_lookup (map, c->lang, &used);
  if (used != NULL && !g_str_equal (used, HK_LANG_FALLBACK))
    c->found++;
  else
    c->missing++;
}

/**
 * hk_scenario_get_coverage:
 *
 * Tells how much of the scenario a trainee practising in @lang will read in
 * @lang rather than in English.
 */
HkCoverage
hk_scenario_get_coverage (HkScenario *self,
                          const char *lang)
{
  Coverage c = { lang, 0, 0 };

  g_return_val_if_fail (HK_IS_SCENARIO (self), HK_COVERAGE_NONE);
  g_return_val_if_fail (lang != NULL, HK_COVERAGE_NONE);

  if (g_str_equal (lang, HK_LANG_FALLBACK))
    return HK_COVERAGE_FULL;

  for_each_map (self, coverage_cb, &c);

  if (c.missing == 0)
    return HK_COVERAGE_FULL;
  return c.found > 0 ? HK_COVERAGE_PARTIAL : HK_COVERAGE_NONE;
}

static gboolean
text_matches (const char *search,
              const char *text)
{
  return text != NULL && g_str_match_string (search, text, TRUE);
}

/**
 * hk_scenario_matches:
 * @search: words typed by the user
 *
 * Matches word prefixes, ignoring case and accents, in the title, brief,
 * persona, category and sector, in @lang and in English; every word of
 * @search must match somewhere.
 */
gboolean
hk_scenario_matches (HkScenario *self,
                     const char *lang,
                     const char *search)
{
  g_auto(GStrv) words = NULL;

  g_return_val_if_fail (HK_IS_SCENARIO (self), FALSE);

  if (search == NULL)
    return TRUE;

  words = g_str_tokenize_and_fold (search, NULL, NULL);
  for (guint i = 0; words[i] != NULL; i++)
    {
      const char *w = words[i];

      if (text_matches (w, hk_scenario_get_title (self, lang, NULL)) ||
          text_matches (w, hk_scenario_get_title (self, HK_LANG_FALLBACK, NULL)) ||
          text_matches (w, hk_scenario_get_brief (self, lang, NULL)) ||
          text_matches (w, hk_persona_get_name (self->persona)) ||
          text_matches (w, hk_persona_get_about (self->persona, lang, NULL)) ||
          text_matches (w, hk_vocab_label (HK_VOCAB_CATEGORY, self->category)) ||
          text_matches (w, hk_vocab_label (HK_VOCAB_SECTOR, self->sector)) ||
          text_matches (w, self->id))
        continue;

      return FALSE;
    }

  return TRUE;
}
