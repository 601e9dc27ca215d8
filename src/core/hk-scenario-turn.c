/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hk-scenario-turn"

#include "config.h"

#include "hk-lang.h"
#include "hk-scenario-turn.h"

struct _HkScenarioTurn
{
  GObject     parent_instance;

  guint       index;
  GHashTable *text;
  GHashTable *audio;
  char       *mood;
  HkVoice    *voice;
  GStrv       techniques;
  GHashTable *examples;
};

G_DEFINE_FINAL_TYPE (HkScenarioTurn, hk_scenario_turn, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_INDEX,
  PROP_MOOD,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
hk_scenario_turn_finalize (GObject *object)
{
  HkScenarioTurn *self = (HkScenarioTurn *) object;

  g_clear_pointer (&self->text, g_hash_table_unref);
  g_clear_pointer (&self->audio, g_hash_table_unref);
  g_clear_pointer (&self->mood, g_free);
  g_clear_pointer (&self->voice, hk_voice_free);
  g_clear_pointer (&self->techniques, g_strfreev);
  g_clear_pointer (&self->examples, g_hash_table_unref);

  G_OBJECT_CLASS (hk_scenario_turn_parent_class)->finalize (object);
}

static void
hk_scenario_turn_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  HkScenarioTurn *self = HK_SCENARIO_TURN (object);

  switch (prop_id)
    {
    case PROP_INDEX:
      g_value_set_uint (value, self->index);
      break;
    case PROP_MOOD:
      g_value_set_string (value, self->mood);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hk_scenario_turn_class_init (HkScenarioTurnClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = hk_scenario_turn_finalize;
  object_class->get_property = hk_scenario_turn_get_property;

  properties[PROP_INDEX] =
    g_param_spec_uint ("index", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_MOOD] =
    g_param_spec_string ("mood", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
hk_scenario_turn_init (HkScenarioTurn *self)
{
}

/**
 * hk_scenario_turn_new:
 * @index: position in the scenario, from 0
 * @text: (transfer full): language map of what the customer says
 * @audio: (transfer full) (nullable): language map of absolute clip paths
 * @mood: the customer's mood during this turn
 * @voice: (transfer full): the voice, already merged with the persona's
 * @techniques: (transfer full): technique ids
 * @examples: (transfer full): language map of example answers
 */
HkScenarioTurn *
hk_scenario_turn_new (guint       index,
                      GHashTable *text,
                      GHashTable *audio,
                      const char *mood,
                      HkVoice    *voice,
                      GStrv       techniques,
                      GHashTable *examples)
{
  HkScenarioTurn *self;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (voice != NULL, NULL);
  g_return_val_if_fail (examples != NULL, NULL);

  self = g_object_new (HK_TYPE_SCENARIO_TURN, NULL);
  self->index = index;
  self->text = text;
  self->audio = audio ? audio : g_hash_table_new_full (g_str_hash, g_str_equal,
                                                       g_free, g_free);
  self->mood = g_strdup (mood);
  self->voice = voice;
  self->techniques = techniques ? techniques : g_new0 (char *, 1);
  self->examples = examples;

  return self;
}

guint
hk_scenario_turn_get_index (HkScenarioTurn *self)
{
  g_return_val_if_fail (HK_IS_SCENARIO_TURN (self), 0);

  return self->index;
}

const char *
hk_scenario_turn_get_text (HkScenarioTurn  *self,
                           const char      *lang,
                           const char     **out_lang)
{
  g_return_val_if_fail (HK_IS_SCENARIO_TURN (self), NULL);

  return hk_lang_lookup (self->text, lang, out_lang);
}

/**
 * hk_scenario_turn_get_text_map:
 *
 * Returns: (transfer none): the language map of the customer's line
 */
GHashTable *
hk_scenario_turn_get_text_map (HkScenarioTurn *self)
{
  g_return_val_if_fail (HK_IS_SCENARIO_TURN (self), NULL);

  return self->text;
}

/**
 * hk_scenario_turn_get_audio:
 *
 * A recorded clip is only used for its own language: an English recording
 * would contradict the Italian text on screen, so there is no fallback.
 *
 * Returns: (transfer none) (nullable): the absolute path of the clip
 *   recorded for exactly @lang, or %NULL
 */
const char *
hk_scenario_turn_get_audio (HkScenarioTurn *self,
                            const char     *lang)
{
  g_return_val_if_fail (HK_IS_SCENARIO_TURN (self), NULL);
  g_return_val_if_fail (lang != NULL, NULL);

  return g_hash_table_lookup (self->audio, lang);
}

const char *
hk_scenario_turn_get_mood (HkScenarioTurn *self)
{
  g_return_val_if_fail (HK_IS_SCENARIO_TURN (self), NULL);

  return self->mood;
}

const HkVoice *
hk_scenario_turn_get_voice (HkScenarioTurn *self)
{
  g_return_val_if_fail (HK_IS_SCENARIO_TURN (self), NULL);

  return self->voice;
}

/**
 * hk_scenario_turn_get_techniques:
 *
 * Returns: (transfer none): the technique ids this line invites
 */
const char * const *
hk_scenario_turn_get_techniques (HkScenarioTurn *self)
{
  g_return_val_if_fail (HK_IS_SCENARIO_TURN (self), NULL);

  return (const char * const *) self->techniques;
}

const char *
hk_scenario_turn_get_example (HkScenarioTurn  *self,
                              const char      *lang,
                              const char     **out_lang)
{
  g_return_val_if_fail (HK_IS_SCENARIO_TURN (self), NULL);

  return hk_lang_lookup (self->examples, lang, out_lang);
}

/**
 * hk_scenario_turn_get_example_map:
 *
 * Returns: (transfer none): the language map of example answers
 */
GHashTable *
hk_scenario_turn_get_example_map (HkScenarioTurn *self)
{
  g_return_val_if_fail (HK_IS_SCENARIO_TURN (self), NULL);

  return self->examples;
}
