/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#ifndef HK_I18N_API_ONLY
#include <glib/gi18n-lib.h>
#endif

G_BEGIN_DECLS

typedef struct _HkCatalog HkCatalog;

HkCatalog  *hk_catalog_load      (const char  *lang,
                                  GError     **error);
void        hk_catalog_free      (HkCatalog   *self);
const char *hk_catalog_get_language (HkCatalog *self);
const char *hk_catalog_gettext   (HkCatalog   *self,
                                  const char  *msgid) G_GNUC_FORMAT (2);
const char *hk_catalog_ngettext  (HkCatalog   *self,
                                  const char  *msgid,
                                  const char  *msgid_plural,
                                  gulong       n) G_GNUC_FORMAT (2);

HkCatalog  *hk_i18n_use          (HkCatalog   *catalog);
const char *hk_i18n_gettext      (const char  *msgid) G_GNUC_FORMAT (1);
const char *hk_i18n_ngettext     (const char  *msgid,
                                  const char  *msgid_plural,
                                  gulong       n) G_GNUC_FORMAT (1);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HkCatalog, hk_catalog_free)

/* In core (and what draws reports), a string is looked up in the
 * catalog this thread uses, if any, so a report can be written in
 * another language than the window's, off the main thread. Code that
 * only chooses the language, and keeps its own messages in the user's,
 * defines HK_I18N_API_ONLY first. */
#ifndef HK_I18N_API_ONLY
#undef _
#define _(String) ((char *) hk_i18n_gettext (String))
#endif

G_END_DECLS
