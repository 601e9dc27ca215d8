/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "hk-scenario.h"

G_BEGIN_DECLS

#define HK_TYPE_SCENARIO_LIBRARY (hk_scenario_library_get_type ())

G_DECLARE_FINAL_TYPE (HkScenarioLibrary, hk_scenario_library, HK, SCENARIO_LIBRARY, GObject)

HkScenarioLibrary *hk_scenario_library_new           (const char        *builtin_dir,
                                                      const char        *user_dir);
void               hk_scenario_library_reload        (HkScenarioLibrary *self);
void               hk_scenario_library_watch         (HkScenarioLibrary *self);
GListModel        *hk_scenario_library_get_problems  (HkScenarioLibrary *self);
guint              hk_scenario_library_count_errors  (HkScenarioLibrary *self,
                                                      gboolean           user_only);
HkScenario        *hk_scenario_library_lookup        (HkScenarioLibrary *self,
                                                      const char        *id);
const char        *hk_scenario_library_get_user_dir  (HkScenarioLibrary *self);
const char        *hk_scenario_library_get_builtin_dir (HkScenarioLibrary *self);

char              *hk_scenario_library_default_builtin_dir (void);
char              *hk_scenario_library_default_user_dir    (void);

G_END_DECLS
