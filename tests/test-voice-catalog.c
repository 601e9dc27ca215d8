/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "hk-lang.h"
#include "hk-voice-catalog.h"

/* Every content language needs a voice for the customer to speak it; the
 * Debian package espeak-ng-data ships all seven. */
static void
test_content_languages (void)
{
  HkVoiceCatalog *catalog = hk_voice_catalog_get_default ();

  for (const char * const *l = hk_lang_content_languages (); *l; l++)
    {
      g_test_message ("%s", *l);
      g_assert_true (hk_voice_catalog_has_language (catalog, *l));
    }

  /* Regional tags fall back to their language. */
  g_assert_true (hk_voice_catalog_has_language (catalog, "de-AT"));
  g_assert_true (hk_voice_catalog_has_language (catalog, "EN-gb"));
  g_assert_false (hk_voice_catalog_has_language (catalog, "tlh"));
  g_assert_false (hk_voice_catalog_has_language (catalog, "xx-YY"));
  g_assert_true (hk_voice_catalog_get_default () == catalog);
  g_assert_cmpuint (g_strv_length ((GStrv) hk_voice_catalog_get_languages (catalog)), >, 50);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/VoiceCatalog/content-languages", test_content_languages);

  return g_test_run ();
}
