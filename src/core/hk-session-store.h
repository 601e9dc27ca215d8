/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "hk-scenario.h"
#include "hk-session.h"

G_BEGIN_DECLS

#define HK_TYPE_SESSION_STORE (hk_session_store_get_type ())

G_DECLARE_FINAL_TYPE (HkSessionStore, hk_session_store, HK, SESSION_STORE, GObject)

char           *hk_session_store_default_dir (void);
HkSessionStore *hk_session_store_new         (const char     *dir);
const char     *hk_session_store_get_dir     (HkSessionStore *self);
void            hk_session_store_reload      (HkSessionStore *self);
HkSession      *hk_session_store_create      (HkSessionStore *self,
                                              HkScenario     *scenario,
                                              const char     *lang,
                                              const char     *mode,
                                              GError        **error);
gboolean        hk_session_store_discard     (HkSessionStore *self,
                                              HkSession      *session,
                                              GError        **error);
HkSession      *hk_session_store_lookup      (HkSessionStore *self,
                                              const char     *id);
GPtrArray      *hk_session_store_get_unfinished (HkSessionStore *self);
GPtrArray      *hk_session_store_get_pair_rounds (HkSessionStore *self,
                                              const char     *pair_id);
HkSession      *hk_session_store_find_other_round (HkSessionStore *self,
                                              HkSession      *session);

G_END_DECLS
