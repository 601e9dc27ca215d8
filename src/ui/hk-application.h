/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "hk-scenario-library.h"
#include "hk-session-store.h"

G_BEGIN_DECLS

#define HK_TYPE_APPLICATION (hk_application_get_type ())

G_DECLARE_FINAL_TYPE (HkApplication, hk_application, HK, APPLICATION, AdwApplication)

HkApplication     *hk_application_new                   (void);
GSettings         *hk_application_get_settings          (HkApplication *self);
HkScenarioLibrary *hk_application_get_library           (HkApplication *self);
HkSessionStore    *hk_application_get_sessions          (HkApplication *self);
const char        *hk_application_get_practice_language (HkApplication *self);
void               hk_application_set_audio_override    (HkApplication *self,
                                                         const char    *source,
                                                         const char    *sink);
char              *hk_application_dup_source_description (HkApplication *self);
char              *hk_application_dup_sink_description  (HkApplication *self);
gboolean        hk_application_get_echo_cancellation (HkApplication *self);
void               hk_application_set_pair_override     (HkApplication *self,
                                                         const char    *source_a,
                                                         const char    *source_b);
void               hk_application_dup_pair_sources      (HkApplication *self,
                                                         char         **source_a,
                                                         char         **source_b);

G_END_DECLS
