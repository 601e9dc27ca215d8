/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _HkJsonLocator HkJsonLocator;

HkJsonLocator *hk_json_locator_new   (const char    *text,
                                      gsize          length);
void           hk_json_locator_free  (HkJsonLocator *self);
gboolean       hk_json_locator_find  (HkJsonLocator *self,
                                      const char    *path,
                                      int           *line,
                                      int           *column);
void           hk_json_offset_to_position (const char *text,
                                           gsize       offset,
                                           int        *line,
                                           int        *column);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HkJsonLocator, hk_json_locator_free)

G_END_DECLS
