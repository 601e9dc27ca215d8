/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hk-i18n"

/* Translations in a language of the caller's choosing, whatever the
 * process's locale: a report in Czech from an English desktop.
 *
 * gettext answers in one language a process; switching it (LANGUAGE,
 * setlocale) is neither thread-safe nor possible where a locale is not
 * installed. So the message catalogs gettext uses are read here
 * directly: a .mo file is a sorted table of original strings and their
 * translations, searched by halves. Plural forms follow the rules the
 * project's po files declare. A thread chooses a catalog with
 * hk_i18n_use(); with none, gettext answers as usual. */

#include "config.h"

#include <gio/gio.h>
#include <locale.h>
#include <string.h>

#include "hk-i18n.h"
#include "hk-lang.h"

#define MO_MAGIC         0x950412deu
#define MO_MAGIC_SWAPPED 0xde120495u

struct _HkCatalog
{
  char        *lang;
  GMappedFile *file;      /* NULL for English, the source language */
  const char  *data;
  gsize        size;
  gboolean     swapped;
  guint32      n;
  guint32      originals;
  guint32      translations;
};

static GPrivate current;

static guint32
read_u32 (HkCatalog *self,
          gsize      offset)
{
  guint32 v;

  if (offset + 4 > self->size)
    return 0;
  memcpy (&v, self->data + offset, 4);
  return self->swapped ? GUINT32_SWAP_LE_BE (v) : v;
}

/* The string of table entry @i, or NULL when the entry points outside
 * the file or is not terminated: a damaged file answers nothing. */
static const char *
entry (HkCatalog *self,
       guint32    table,
       guint32    i,
       guint32   *length)
{
  guint32 len = read_u32 (self, (gsize) table + 8u * i);
  guint32 off = read_u32 (self, (gsize) table + 8u * i + 4);

  if ((gsize) off + len >= self->size || self->data[off + len] != '\0')
    return NULL;
  if (length != NULL)
    *length = len;
  return self->data + off;
}

static char *
catalog_dir (void)
{
  const char *dir = g_getenv ("HEARKEN_LOCALE_DIR");

  if (dir != NULL && *dir != '\0')
    return g_strdup (dir);
  /* Where gettext itself was pointed. */
  return g_strdup (bindtextdomain (GETTEXT_PACKAGE, NULL));
}

/**
 * hk_catalog_load:
 * @lang: a content language such as `it`; `en` needs no catalog
 *
 * Returns: (transfer full) (nullable): the catalog, or %NULL with @error
 *   set when @lang is not one Hearken speaks or its file is missing or
 *   damaged
 */
HkCatalog *
hk_catalog_load (const char  *lang,
                 GError     **error)
{
  g_autoptr(HkCatalog) self = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) local = NULL;
  guint32 magic;

  g_return_val_if_fail (lang != NULL, NULL);

  if (!g_strv_contains (hk_lang_content_languages (), lang))
    {
      g_autofree char *codes = g_strjoinv (" ", (char **) hk_lang_content_languages ());

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a language Hearken writes; choose one of %s"), lang, codes);
      return NULL;
    }

  self = g_new0 (HkCatalog, 1);
  self->lang = g_strdup (lang);
  if (g_str_equal (lang, "en"))
    return g_steal_pointer (&self);

  dir = catalog_dir ();
  path = g_build_filename (dir ? dir : LOCALEDIR, lang, "LC_MESSAGES", GETTEXT_PACKAGE ".mo", NULL);
  self->file = g_mapped_file_new (path, FALSE, &local);
  if (self->file == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("The translations for “%s” are missing (%s); reinstall Hearken"), lang, local->message);
      return NULL;
    }
  self->data = g_mapped_file_get_contents (self->file);
  self->size = g_mapped_file_get_length (self->file);
  memcpy (&magic, self->data, MIN (self->size, 4));
  if (self->size < 28 || (magic != MO_MAGIC && magic != MO_MAGIC_SWAPPED))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("The translations for “%s” in “%s” are damaged; reinstall Hearken"), lang, path);
      return NULL;
    }
  self->swapped = magic == MO_MAGIC_SWAPPED;
  self->n = read_u32 (self, 8);
  self->originals = read_u32 (self, 12);
  self->translations = read_u32 (self, 16);
  if ((gsize) self->originals + 8u * self->n > self->size ||
      (gsize) self->translations + 8u * self->n > self->size)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("The translations for “%s” in “%s” are damaged; reinstall Hearken"), lang, path);
      return NULL;
    }

  return g_steal_pointer (&self);
}

void
hk_catalog_free (HkCatalog *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->file, g_mapped_file_unref);
  g_free (self->lang);
  g_free (self);
}

const char *
hk_catalog_get_language (HkCatalog *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->lang;
}

/* The translation of @msgid, all its plural forms one after another. */
static const char *
lookup (HkCatalog  *self,
        const char *msgid,
        guint32    *length)
{
  guint32 lo = 0, hi;

  if (self->file == NULL || msgid == NULL || *msgid == '\0')
    return NULL;

  hi = self->n;
  while (lo < hi)
    {
      guint32 mid = lo + (hi - lo) / 2;
      const char *original = entry (self, self->originals, mid, NULL);
      int cmp;

      if (original == NULL)
        return NULL;
      cmp = strcmp (msgid, original);
      if (cmp == 0)
        {
          const char *t = entry (self, self->translations, mid, length);

          return t != NULL && *t != '\0' ? t : NULL;
        }
      if (cmp < 0)
        hi = mid;
      else
        lo = mid + 1;
    }
  return NULL;
}

/* The plural rules of po/LINGUAS, as their Plural-Forms say. */
static guint
plural_form (const char *lang,
             gulong      n)
{
  if (g_str_equal (lang, "cs"))
    return n == 1 ? 0 : (n >= 2 && n <= 4) ? 1 : 2;
  if (g_str_equal (lang, "fr"))
    return n > 1;
  return n != 1;
}

/**
 * hk_catalog_gettext:
 *
 * Returns: (transfer none): the translation, or @msgid itself
 */
const char *
hk_catalog_gettext (HkCatalog  *self,
                    const char *msgid)
{
  const char *t;

  g_return_val_if_fail (self != NULL, msgid);

  t = lookup (self, msgid, NULL);
  return t ? t : msgid;
}

/**
 * hk_catalog_ngettext:
 *
 * Returns: (transfer none): the plural form for @n
 */
const char *
hk_catalog_ngettext (HkCatalog  *self,
                     const char *msgid,
                     const char *msgid_plural,
                     gulong      n)
{
  guint32 length = 0;
  const char *t, *end;
  guint form;

  g_return_val_if_fail (self != NULL, msgid);

  t = lookup (self, msgid, &length);
  if (t == NULL)
    return n == 1 ? msgid : msgid_plural;

  end = t + length;
  for (form = plural_form (self->lang, n); form > 0; form--)
    {
      const char *next = t + strlen (t) + 1;

      /* Fewer forms than the rule wants: the last one there. */
      if (next >= end)
        break;
      t = next;
    }
  return t;
}

/**
 * hk_i18n_use:
 * @catalog: (nullable) (transfer none): the catalog this thread
 *   translates with from now on, or %NULL for gettext's own
 *
 * Returns: (transfer none) (nullable): the catalog used before, to put back
 */
HkCatalog *
hk_i18n_use (HkCatalog *catalog)
{
  HkCatalog *before = g_private_get (&current);

  g_private_set (&current, catalog);
  return before;
}

const char *
hk_i18n_gettext (const char *msgid)
{
  HkCatalog *catalog = g_private_get (&current);

  if (catalog != NULL)
    return hk_catalog_gettext (catalog, msgid);
  return g_dgettext (GETTEXT_PACKAGE, msgid);
}

const char *
hk_i18n_ngettext (const char *msgid,
                  const char *msgid_plural,
                  gulong      n)
{
  HkCatalog *catalog = g_private_get (&current);

  if (catalog != NULL)
    return hk_catalog_ngettext (catalog, msgid, msgid_plural, n);
  return g_dngettext (GETTEXT_PACKAGE, msgid, msgid_plural, n);
}
