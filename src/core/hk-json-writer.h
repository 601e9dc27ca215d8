/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

char *hk_json_write (JsonNode *node,
                     gboolean  pretty);

G_END_DECLS
