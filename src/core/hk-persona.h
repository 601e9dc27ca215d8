/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "hk-voice.h"

G_BEGIN_DECLS

#define HK_TYPE_PERSONA (hk_persona_get_type ())

G_DECLARE_FINAL_TYPE (HkPersona, hk_persona, HK, PERSONA, GObject)

HkPersona     *hk_persona_new       (const char  *name,
                                     const char  *mood,
                                     GHashTable  *about,
                                     HkVoice     *voice);
const char    *hk_persona_get_name  (HkPersona   *self);
const char    *hk_persona_get_mood  (HkPersona   *self);
const char    *hk_persona_get_about (HkPersona   *self,
                                     const char  *lang,
                                     const char **out_lang);
GHashTable    *hk_persona_get_about_map (HkPersona *self);
const HkVoice *hk_persona_get_voice (HkPersona   *self);

G_END_DECLS
