/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "hk-scenario.h"

G_BEGIN_DECLS

#define HK_TYPE_SCENARIO_ROW (hk_scenario_row_get_type ())

G_DECLARE_FINAL_TYPE (HkScenarioRow, hk_scenario_row, HK, SCENARIO_ROW, GtkListBoxRow)

GtkWidget  *hk_scenario_row_new          (HkScenario    *scenario,
                                          const char    *lang);
HkScenario *hk_scenario_row_get_scenario (HkScenarioRow *self);

G_END_DECLS
