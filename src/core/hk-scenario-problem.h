/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define HK_TYPE_SCENARIO_PROBLEM (hk_scenario_problem_get_type ())

G_DECLARE_FINAL_TYPE (HkScenarioProblem, hk_scenario_problem, HK, SCENARIO_PROBLEM, GObject)

/**
 * HkSeverity:
 * @HK_SEVERITY_ERROR: the scenario cannot be used
 * @HK_SEVERITY_WARNING: the scenario loads, but something is likely amiss
 */
typedef enum {
  HK_SEVERITY_ERROR,
  HK_SEVERITY_WARNING,
} HkSeverity;

HkScenarioProblem *hk_scenario_problem_new          (HkSeverity         severity,
                                                     const char        *file,
                                                     int                line,
                                                     int                column,
                                                     const char        *member,
                                                     const char        *message);
HkSeverity         hk_scenario_problem_get_severity (HkScenarioProblem *self);
const char        *hk_scenario_problem_get_file     (HkScenarioProblem *self);
int                hk_scenario_problem_get_line     (HkScenarioProblem *self);
int                hk_scenario_problem_get_column   (HkScenarioProblem *self);
const char        *hk_scenario_problem_get_member   (HkScenarioProblem *self);
const char        *hk_scenario_problem_get_message  (HkScenarioProblem *self);
char              *hk_scenario_problem_to_string    (HkScenarioProblem *self);

G_END_DECLS
