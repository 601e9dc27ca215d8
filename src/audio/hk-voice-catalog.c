/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hk-voice-catalog"

/* The languages espeak-ng can speak on this machine. Distributions split
 * voice data into packages, so a practice language may have no voice; the
 * window says so before a trainee starts a call that would stay silent. */

#include "config.h"

#include <string.h>

#include "hk-speech-synth.h"
#include "hk-voice-catalog.h"

struct _HkVoiceCatalog
{
  GObject  parent_instance;

  GStrv    languages;   /* sorted, primary subtags and full tags */
};

G_DEFINE_FINAL_TYPE (HkVoiceCatalog, hk_voice_catalog, G_TYPE_OBJECT)

static void
hk_voice_catalog_finalize (GObject *object)
{
  HkVoiceCatalog *self = (HkVoiceCatalog *) object;

  g_clear_pointer (&self->languages, g_strfreev);

  G_OBJECT_CLASS (hk_voice_catalog_parent_class)->finalize (object);
}

static void
hk_voice_catalog_class_init (HkVoiceCatalogClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = hk_voice_catalog_finalize;
}

static void
add_language (GHashTable *set,
              const char *tag)
{
  g_autofree char *lower = g_ascii_strdown (tag, -1);
  char *dash = strchr (lower, '-');

  g_hash_table_add (set, g_strdup (lower));
  if (dash != NULL)
    {
      *dash = '\0';
      g_hash_table_add (set, g_strdup (lower));
    }
}

static int
compare_tags (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static void
hk_voice_catalog_init (HkVoiceCatalog *self)
{
  g_autoptr(GHashTable) set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree gpointer *keys = NULL;
  g_auto(GStrv) tags = NULL;
  g_autoptr(GError) error = NULL;
  guint n;

  tags = hk_speech_synth_list_languages (&error);
  if (tags == NULL)
    {
      g_warning ("%s", error->message);
      self->languages = g_new0 (char *, 1);
      return;
    }
  for (guint i = 0; tags[i] != NULL; i++)
    add_language (set, tags[i]);

  keys = g_hash_table_get_keys_as_array (set, &n);
  g_hash_table_steal_all (set);
  self->languages = g_new0 (char *, n + 1);
  memcpy (self->languages, keys, n * sizeof (char *));
  g_qsort_with_data (self->languages, n, sizeof (char *), compare_tags, NULL);
}

/**
 * hk_voice_catalog_get_default:
 *
 * espeak-ng keeps global state, so one catalog serves the process.
 *
 * Returns: (transfer none): the catalog
 */
HkVoiceCatalog *
hk_voice_catalog_get_default (void)
{
  static HkVoiceCatalog *catalog;

  if (g_once_init_enter (&catalog))
    g_once_init_leave (&catalog, g_object_new (HK_TYPE_VOICE_CATALOG, NULL));

  return catalog;
}

/**
 * hk_voice_catalog_has_language:
 * @lang: a language tag such as `it` or `pt-BR`
 *
 * Returns: whether espeak-ng has a voice for @lang or its primary language
 */
gboolean
hk_voice_catalog_has_language (HkVoiceCatalog *self,
                               const char     *lang)
{
  g_autofree char *lower = NULL;
  char *dash;

  g_return_val_if_fail (HK_IS_VOICE_CATALOG (self), FALSE);
  g_return_val_if_fail (lang != NULL, FALSE);

  lower = g_ascii_strdown (lang, -1);
  if (g_strv_contains ((const char * const *) self->languages, lower))
    return TRUE;

  dash = strchr (lower, '-');
  if (dash != NULL)
    *dash = '\0';
  return g_strv_contains ((const char * const *) self->languages, lower);
}

/**
 * hk_voice_catalog_get_languages:
 *
 * Returns: (transfer none): the language tags espeak-ng speaks, sorted
 */
const char * const *
hk_voice_catalog_get_languages (HkVoiceCatalog *self)
{
  g_return_val_if_fail (HK_IS_VOICE_CATALOG (self), NULL);

  return (const char * const *) self->languages;
}
