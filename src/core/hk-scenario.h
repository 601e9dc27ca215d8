/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "hk-persona.h"
#include "hk-scenario-turn.h"
#include "hk-thresholds.h"

G_BEGIN_DECLS

#define HK_TYPE_SCENARIO (hk_scenario_get_type ())

G_DECLARE_FINAL_TYPE (HkScenario, hk_scenario, HK, SCENARIO, GObject)

/**
 * HkCoverage:
 * @HK_COVERAGE_FULL: every text exists in the language
 * @HK_COVERAGE_PARTIAL: some texts fall back to English
 * @HK_COVERAGE_NONE: everything falls back to English
 */
typedef enum {
  HK_COVERAGE_FULL,
  HK_COVERAGE_PARTIAL,
  HK_COVERAGE_NONE,
} HkCoverage;

HkScenario         *hk_scenario_new             (const char    *id,
                                                 gint64         version,
                                                 const char    *category,
                                                 const char    *sector,
                                                 int            difficulty);
void                hk_scenario_set_texts       (HkScenario    *self,
                                                 GHashTable    *title,
                                                 GHashTable    *brief,
                                                 GHashTable    *tips);
void                hk_scenario_set_persona     (HkScenario    *self,
                                                 HkPersona     *persona);
void                hk_scenario_add_turn        (HkScenario    *self,
                                                 HkScenarioTurn *turn);
void                hk_scenario_set_thresholds  (HkScenario    *self,
                                                 const HkThresholds *thresholds);
void                hk_scenario_set_source      (HkScenario    *self,
                                                 const char    *path,
                                                 gboolean       builtin);

const char         *hk_scenario_get_id          (HkScenario    *self);
gint64              hk_scenario_get_version     (HkScenario    *self);
const char         *hk_scenario_get_category    (HkScenario    *self);
const char         *hk_scenario_get_sector      (HkScenario    *self);
int                 hk_scenario_get_difficulty  (HkScenario    *self);
HkPersona          *hk_scenario_get_persona     (HkScenario    *self);
const char         *hk_scenario_get_title       (HkScenario    *self,
                                                 const char    *lang,
                                                 const char   **out_lang);
const char         *hk_scenario_get_brief       (HkScenario    *self,
                                                 const char    *lang,
                                                 const char   **out_lang);
const char * const *hk_scenario_get_tips        (HkScenario    *self,
                                                 const char    *lang,
                                                 const char   **out_lang);
guint               hk_scenario_get_n_turns     (HkScenario    *self);
HkScenarioTurn     *hk_scenario_get_turn        (HkScenario    *self,
                                                 guint          index);
const HkThresholds *hk_scenario_get_thresholds  (HkScenario    *self);
const char         *hk_scenario_get_path        (HkScenario    *self);
gboolean            hk_scenario_get_builtin     (HkScenario    *self);
const char * const *hk_scenario_get_languages   (HkScenario    *self);
HkCoverage          hk_scenario_get_coverage    (HkScenario    *self,
                                                 const char    *lang);
gboolean            hk_scenario_matches         (HkScenario    *self,
                                                 const char    *lang,
                                                 const char    *search);

G_END_DECLS
