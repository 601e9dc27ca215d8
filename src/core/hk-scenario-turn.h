/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "hk-voice.h"

G_BEGIN_DECLS

#define HK_TYPE_SCENARIO_TURN (hk_scenario_turn_get_type ())

G_DECLARE_FINAL_TYPE (HkScenarioTurn, hk_scenario_turn, HK, SCENARIO_TURN, GObject)

HkScenarioTurn     *hk_scenario_turn_new            (guint            index,
                                                     GHashTable      *text,
                                                     GHashTable      *audio,
                                                     const char      *mood,
                                                     HkVoice         *voice,
                                                     GStrv            techniques,
                                                     GHashTable      *examples);
guint               hk_scenario_turn_get_index      (HkScenarioTurn  *self);
const char         *hk_scenario_turn_get_text       (HkScenarioTurn  *self,
                                                     const char      *lang,
                                                     const char     **out_lang);
GHashTable         *hk_scenario_turn_get_text_map   (HkScenarioTurn  *self);
const char         *hk_scenario_turn_get_audio      (HkScenarioTurn  *self,
                                                     const char      *lang);
const char         *hk_scenario_turn_get_mood       (HkScenarioTurn  *self);
const HkVoice      *hk_scenario_turn_get_voice      (HkScenarioTurn  *self);
const char * const *hk_scenario_turn_get_techniques (HkScenarioTurn  *self);
const char         *hk_scenario_turn_get_example    (HkScenarioTurn  *self,
                                                     const char      *lang,
                                                     const char     **out_lang);
GHashTable         *hk_scenario_turn_get_example_map (HkScenarioTurn *self);

G_END_DECLS
