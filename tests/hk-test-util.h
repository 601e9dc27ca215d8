/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "hk-scenario-problem.h"

G_BEGIN_DECLS

char      *hk_test_shipped_dir            (void);
GPtrArray *hk_test_shipped_files          (void);
char      *hk_test_problems_to_string     (GPtrArray  *problems);
HkScenarioProblem *hk_test_find_problem   (GPtrArray  *problems,
                                           const char *needle);

extern const char hk_test_scenario_json[];
void       hk_test_remove_tree            (const char *path);
int        hk_test_run_cli                (const char         *cwd,
                                           const char * const *args,
                                           char              **out,
                                           char              **err);

G_END_DECLS
