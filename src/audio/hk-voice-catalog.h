/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define HK_TYPE_VOICE_CATALOG (hk_voice_catalog_get_type ())

G_DECLARE_FINAL_TYPE (HkVoiceCatalog, hk_voice_catalog, HK, VOICE_CATALOG, GObject)

HkVoiceCatalog     *hk_voice_catalog_get_default   (void);
gboolean            hk_voice_catalog_has_language  (HkVoiceCatalog *self,
                                                    const char     *lang);
const char * const *hk_voice_catalog_get_languages (HkVoiceCatalog *self);

G_END_DECLS
