/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Every shipped scenario and checklist carries these; English is the fallback. */
#define HK_LANG_FALLBACK "en"

const char * const *hk_lang_content_languages (void);
gboolean            hk_lang_code_is_valid     (const char  *code);
const char         *hk_lang_endonym           (const char  *code);
const char         *hk_lang_lookup            (GHashTable  *map,
                                               const char  *lang,
                                               const char **out_lang);
char               *hk_lang_from_locale       (void);

G_END_DECLS
