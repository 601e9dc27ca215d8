/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "hk-scenario.h"

G_BEGIN_DECLS

#define HK_TYPE_SCENARIO_PAGE (hk_scenario_page_get_type ())

G_DECLARE_FINAL_TYPE (HkScenarioPage, hk_scenario_page, HK, SCENARIO_PAGE, GtkWidget)

void        hk_scenario_page_set_scenario (HkScenarioPage *self,
                                           HkScenario     *scenario,
                                           const char     *lang);
HkScenario *hk_scenario_page_get_scenario (HkScenarioPage *self);

G_END_DECLS
