/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Translations in a chosen language, whatever the process's: catalogs
 * read from the built .mo files, plural forms by each language's rule,
 * one thread's choice invisible to another, and bad languages or files
 * refused with a message. */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "hk-figures.h"
#include "hk-i18n.h"

static void
test_lookup (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HkCatalog) it = hk_catalog_load ("it", &error);
  g_autoptr(HkCatalog) cs = NULL;
  g_autoptr(HkCatalog) fr = NULL;
  g_autoptr(HkCatalog) en = NULL;
  const char *one = "%d long pause in your answers at most", *many = "%d long pauses in your answers at most";

  g_assert_no_error (error);
  g_assert_cmpstr (hk_catalog_get_language (it), ==, "it");
  g_assert_cmpstr (hk_catalog_gettext (it, "Your share of the talking"), ==, "La tua quota di parola");
  /* Not in the catalog: the original. */
  g_assert_cmpstr (hk_catalog_gettext (it, "no such message at all"), ==, "no such message at all");
  g_assert_cmpstr (hk_catalog_gettext (it, ""), ==, "");

  cs = hk_catalog_load ("cs", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (hk_catalog_ngettext (cs, one, many, 1), ==, "Nejvýše %d dlouhá pauza ve vašich odpovědích");
  g_assert_cmpstr (hk_catalog_ngettext (cs, one, many, 3), ==, "Nejvýše %d dlouhé pauzy ve vašich odpovědích");
  g_assert_cmpstr (hk_catalog_ngettext (cs, one, many, 5), ==, "Nejvýše %d dlouhých pauz ve vašich odpovědích");
  g_assert_cmpstr (hk_catalog_ngettext (cs, one, many, 0), ==, "Nejvýše %d dlouhých pauz ve vašich odpovědích");

  /* French counts 0 with 1. */
  fr = hk_catalog_load ("fr", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (hk_catalog_ngettext (fr, one, many, 0), ==, hk_catalog_ngettext (fr, one, many, 1));
  g_assert_cmpstr (hk_catalog_ngettext (fr, one, many, 0), !=, hk_catalog_ngettext (fr, one, many, 2));

  /* English is the source: no file needed. */
  en = hk_catalog_load ("en", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (hk_catalog_ngettext (en, one, many, 2), ==, many);
}

static gpointer
label_in_thread (gpointer data)
{
  HkCatalog *before = hk_i18n_use (data);
  char *label;

  g_assert_null (before);
  label = g_strdup (hk_figure_label (HK_FIGURE_TALK_SHARE));
  hk_i18n_use (NULL);
  return label;
}

/* Core's own strings follow the catalog the thread chose, and only
 * that thread's. */
static void
test_thread (void)
{
  g_autoptr(HkCatalog) it = hk_catalog_load ("it", NULL);
  g_autofree char *in_thread = NULL;
  GThread *thread;

  g_assert_nonnull (it);
  thread = g_thread_new ("report", label_in_thread, it);
  in_thread = g_thread_join (thread);
  g_assert_cmpstr (in_thread, ==, "La tua quota di parola");
  /* This thread has chosen none: gettext's answer (English under tests). */
  g_assert_cmpstr (hk_figure_label (HK_FIGURE_TALK_SHARE), ==, "Your share of the talking");

  g_assert_null (hk_i18n_use (it));
  g_assert_cmpstr (hk_figure_label (HK_FIGURE_TALK_SHARE), ==, "La tua quota di parola");
  g_assert_true (hk_i18n_use (NULL) == it);
}

static void
test_bad (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("hearken-i18n-XXXXXX", NULL);
  g_autofree char *lc = g_build_filename (dir, "de", "LC_MESSAGES", NULL);
  g_autofree char *mo = g_build_filename (lc, "hearken.mo", NULL);

  g_assert_null (hk_catalog_load ("xx", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "en nl it cs de fr es"));
  g_clear_error (&error);

  g_setenv ("HEARKEN_LOCALE_DIR", dir, TRUE);
  g_assert_null (hk_catalog_load ("de", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Not a catalog; then a table pointing past the end of the file. */
  g_assert_cmpint (g_mkdir_with_parents (lc, 0755), ==, 0);
  g_assert_true (g_file_set_contents (mo, "this is no catalog at all, just text", -1, NULL));
  g_assert_null (hk_catalog_load ("de", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, mo));
  g_clear_error (&error);
  {
    guint32 header[7] = { 0x950412de, 0, 1000, 28, 28 + 8000, 0, 0 };

    g_assert_true (g_file_set_contents (mo, (const char *) header, sizeof header, NULL));
    g_assert_null (hk_catalog_load ("de", &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  }

  g_remove (mo);
  g_rmdir (lc);
  {
    g_autofree char *de = g_path_get_dirname (lc);

    g_rmdir (de);
  }
  g_rmdir (dir);
  g_unsetenv ("HEARKEN_LOCALE_DIR");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/I18n/lookup", test_lookup);
  g_test_add_func ("/I18n/thread", test_thread);
  g_test_add_func ("/I18n/bad", test_bad);

  return g_test_run ();
}
