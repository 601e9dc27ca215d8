/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hk-lang"

#include "config.h"

#include <string.h>

#include "hk-lang.h"

static const char * const content_languages[] = {
  "en", "nl", "it", "cs", "de", "fr", "es", NULL
};

/* Language names are shown in their own language, so a trainee finds theirs
 * whatever the desktop language is; they are deliberately not translated. */
static const struct {
  const char *code;
  const char *endonym;
} endonyms[] = {
  { "en", "English" },
  { "nl", "Nederlands" },
  { "it", "Italiano" },
  { "cs", "Čeština" },
  { "de", "Deutsch" },
  { "fr", "Français" },
  { "es", "Español" },
  { "pl", "Polski" },
  { "pt", "Português" },
  { "sk", "Slovenčina" },
  { "sv", "Svenska" },
  { "da", "Dansk" },
  { "fi", "Suomi" },
};

/**
 * hk_lang_content_languages:
 *
 * Returns: (transfer none): the languages all shipped content covers,
 *   English first.
 */
const char * const *
hk_lang_content_languages (void)
{
  return content_languages;
}

/**
 * hk_lang_code_is_valid:
 * @code: a language tag such as `it` or `pt-BR`
 *
 * Accepts the shape of a BCP 47 tag: a primary subtag of 2-3 letters followed
 * by subtags of 1-8 letters or digits, separated by `-`.
 */
gboolean
hk_lang_code_is_valid (const char *code)
{
  gsize n = 0;
  const char *p;

  if (code == NULL)
    return FALSE;

  for (p = code; g_ascii_isalpha (*p); p++)
    n++;
  if (n < 2 || n > 3)
    return FALSE;

  while (*p == '-')
    {
      p++;
      n = 0;
      for (; g_ascii_isalnum (*p); p++)
        n++;
      if (n < 1 || n > 8)
        return FALSE;
    }

  return *p == '\0';
}

/**
 * hk_lang_endonym:
 * @code: a language tag
 *
 * Returns: (transfer none): the language's name in that language, or @code
 *   itself when it is not one Hearken knows by name.
 */
const char *
hk_lang_endonym (const char *code)
{
  g_return_val_if_fail (code != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (endonyms); i++)
    if (g_ascii_strcasecmp (endonyms[i].code, code) == 0)
      return endonyms[i].endonym;

  return code;
}

static gsize
primary_len (const char *code)
{
  const char *dash = strchr (code, '-');

  return dash ? (gsize) (dash - code) : strlen (code);
}

/**
 * hk_lang_lookup:
 * @map: (element-type utf8 gpointer): a language map
 * @lang: the wanted language
 * @out_lang: (out) (optional): the language actually found
 *
 * Finds @lang in @map: the exact tag, then the same primary language
 * (`de-AT` finds `de`, `pt` finds `pt-BR`), then English.
 *
 * Returns: (transfer none) (nullable): the value, or %NULL when not even
 *   English is there.
 */
const char *
hk_lang_lookup (GHashTable  *map,
                const char  *lang,
                const char **out_lang)
{
  GHashTableIter iter;
  gpointer key, value;
  gsize plen;

  if (out_lang)
    *out_lang = NULL;
  if (map == NULL)
    return NULL;
  if (lang == NULL)
    lang = HK_LANG_FALLBACK;

  if (g_hash_table_lookup_extended (map, lang, &key, &value))
    goto found;

  plen = primary_len (lang);
  g_hash_table_iter_init (&iter, map);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      if (primary_len (key) == plen && g_ascii_strncasecmp (key, lang, plen) == 0)
        goto found;
    }

  if (g_hash_table_lookup_extended (map, HK_LANG_FALLBACK, &key, &value))
    goto found;

  return NULL;

found:
  if (out_lang)
    *out_lang = key;
  return value;
}

/**
 * hk_lang_from_locale:
 *
 * Picks the content language that suits the user's locale settings
 * (`LANGUAGE`, `LC_ALL`, `LC_MESSAGES`, `LANG`), English when none fits.
 *
 * Returns: (transfer full): a code from hk_lang_content_languages().
 */
char *
hk_lang_from_locale (void)
{
  const char * const *names = g_get_language_names ();

  for (guint i = 0; names[i] != NULL; i++)
    {
      for (guint j = 0; content_languages[j] != NULL; j++)
        {
          gsize len = strlen (content_languages[j]);

          if (g_ascii_strncasecmp (names[i], content_languages[j], len) == 0 &&
              (names[i][len] == '\0' || names[i][len] == '_' ||
               names[i][len] == '.' || names[i][len] == '@'))
            return g_strdup (content_languages[j]);
        }
    }

  return g_strdup (HK_LANG_FALLBACK);
}
