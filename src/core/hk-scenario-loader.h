/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "hk-scenario.h"
#include "hk-scenario-problem.h"

G_BEGIN_DECLS

#define HK_SCENARIO_MAX_FILE_SIZE   (1024 * 1024)
#define HK_SCENARIO_MAX_TURNS       200
#define HK_SCENARIO_MAX_TEXT        4000
#define HK_SCENARIO_MAX_TECHNIQUES  4
#define HK_SCENARIO_MAX_PROBLEMS    40

HkScenario *hk_scenario_load_file (const char *path,
                                   const char *display_name,
                                   gboolean    builtin,
                                   GPtrArray  *problems);
HkScenario *hk_scenario_load_data (const char *data,
                                   gsize       length,
                                   const char *display_name,
                                   const char *base_dir,
                                   GPtrArray  *problems);
gboolean    hk_scenario_id_is_valid (const char *id);
gboolean    hk_scenario_problems_have_errors (GPtrArray *problems);

G_END_DECLS
