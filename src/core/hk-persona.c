/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hk-persona"

#include "config.h"

#include "hk-lang.h"
#include "hk-persona.h"

struct _HkPersona
{
  GObject     parent_instance;

  char       *name;
  char       *mood;
  GHashTable *about;
  HkVoice    *voice;
};

G_DEFINE_FINAL_TYPE (HkPersona, hk_persona, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NAME,
  PROP_MOOD,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
hk_persona_finalize (GObject *object)
{
  HkPersona *self = (HkPersona *) object;

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->mood, g_free);
  g_clear_pointer (&self->about, g_hash_table_unref);
  g_clear_pointer (&self->voice, hk_voice_free);

  G_OBJECT_CLASS (hk_persona_parent_class)->finalize (object);
}

static void
hk_persona_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  HkPersona *self = HK_PERSONA (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_MOOD:
      g_value_set_string (value, self->mood);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hk_persona_class_init (HkPersonaClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = hk_persona_finalize;
  object_class->get_property = hk_persona_get_property;

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_MOOD] =
    g_param_spec_string ("mood", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
hk_persona_init (HkPersona *self)
{
}

/**
 * hk_persona_new:
 * @about: (transfer full): language map of descriptions
 * @voice: (transfer full) (nullable): the default voice
 */
HkPersona *
hk_persona_new (const char *name,
                const char *mood,
                GHashTable *about,
                HkVoice    *voice)
{
  HkPersona *self;

  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (about != NULL, NULL);

  self = g_object_new (HK_TYPE_PERSONA, NULL);
  self->name = g_strdup (name);
  self->mood = g_strdup (mood);
  self->about = about;
  self->voice = voice ? voice : hk_voice_new (NULL, HK_VOICE_RATE_DEFAULT,
                                              HK_VOICE_PITCH_DEFAULT);

  return self;
}

const char *
hk_persona_get_name (HkPersona *self)
{
  g_return_val_if_fail (HK_IS_PERSONA (self), NULL);

  return self->name;
}

const char *
hk_persona_get_mood (HkPersona *self)
{
  g_return_val_if_fail (HK_IS_PERSONA (self), NULL);

  return self->mood;
}

const char *
hk_persona_get_about (HkPersona   *self,
                      const char  *lang,
                      const char **out_lang)
{
  g_return_val_if_fail (HK_IS_PERSONA (self), NULL);

  return hk_lang_lookup (self->about, lang, out_lang);
}

/**
 * hk_persona_get_about_map:
 *
 * Returns: (transfer none): the language map of descriptions
 */
GHashTable *
hk_persona_get_about_map (HkPersona *self)
{
  g_return_val_if_fail (HK_IS_PERSONA (self), NULL);

  return self->about;
}

const HkVoice *
hk_persona_get_voice (HkPersona *self)
{
  g_return_val_if_fail (HK_IS_PERSONA (self), NULL);

  return self->voice;
}
