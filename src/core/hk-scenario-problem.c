/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hk-scenario-problem"

#include "config.h"

#include "hk-i18n.h"

#include "hk-scenario-problem.h"

struct _HkScenarioProblem
{
  GObject     parent_instance;

  HkSeverity  severity;
  char       *file;
  int         line;
  int         column;
  char       *member;
  char       *message;
};

G_DEFINE_FINAL_TYPE (HkScenarioProblem, hk_scenario_problem, G_TYPE_OBJECT)

static void
hk_scenario_problem_finalize (GObject *object)
{
  HkScenarioProblem *self = (HkScenarioProblem *) object;

  g_clear_pointer (&self->file, g_free);
  g_clear_pointer (&self->member, g_free);
  g_clear_pointer (&self->message, g_free);

  G_OBJECT_CLASS (hk_scenario_problem_parent_class)->finalize (object);
}

static void
hk_scenario_problem_class_init (HkScenarioProblemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = hk_scenario_problem_finalize;
}

static void
hk_scenario_problem_init (HkScenarioProblem *self)
{
}

/**
 * hk_scenario_problem_new:
 * @file: the file as the user knows it
 * @line: 1-based line, or 0 when the problem concerns the whole file
 * @column: 1-based column in characters, or 0
 * @member: (nullable): the JSON member path, such as `turns[2].text.en`
 * @message: what is wrong and what was expected
 */
HkScenarioProblem *
hk_scenario_problem_new (HkSeverity  severity,
                         const char *file,
                         int         line,
                         int         column,
                         const char *member,
                         const char *message)
{
  HkScenarioProblem *self;

  g_return_val_if_fail (file != NULL, NULL);
  g_return_val_if_fail (message != NULL, NULL);

  self = g_object_new (HK_TYPE_SCENARIO_PROBLEM, NULL);
  self->severity = severity;
  self->file = g_utf8_make_valid (file, -1);
  self->line = MAX (line, 0);
  self->column = MAX (column, 0);
  /* Messages quote the file's own text, which may hold broken escapes. */
  self->member = member ? g_utf8_make_valid (member, -1) : NULL;
  self->message = g_utf8_make_valid (message, -1);

  return self;
}

HkSeverity
hk_scenario_problem_get_severity (HkScenarioProblem *self)
{
  g_return_val_if_fail (HK_IS_SCENARIO_PROBLEM (self), HK_SEVERITY_ERROR);

  return self->severity;
}

const char *
hk_scenario_problem_get_file (HkScenarioProblem *self)
{
  g_return_val_if_fail (HK_IS_SCENARIO_PROBLEM (self), NULL);

  return self->file;
}

int
hk_scenario_problem_get_line (HkScenarioProblem *self)
{
  g_return_val_if_fail (HK_IS_SCENARIO_PROBLEM (self), 0);

  return self->line;
}

int
hk_scenario_problem_get_column (HkScenarioProblem *self)
{
  g_return_val_if_fail (HK_IS_SCENARIO_PROBLEM (self), 0);

  return self->column;
}

const char *
hk_scenario_problem_get_member (HkScenarioProblem *self)
{
  g_return_val_if_fail (HK_IS_SCENARIO_PROBLEM (self), NULL);

  return self->member;
}

const char *
hk_scenario_problem_get_message (HkScenarioProblem *self)
{
  g_return_val_if_fail (HK_IS_SCENARIO_PROBLEM (self), NULL);

  return self->message;
}

/**
 * hk_scenario_problem_to_string:
 *
 * Formats the problem the way compilers do, so editors can jump to it:
 * `FILE:LINE:COL: message`, or `FILE: message` for the whole file. A
 * warning says so after the position.
 *
 * Returns: (transfer full): one line, without a newline
 */
char *
hk_scenario_problem_to_string (HkScenarioProblem *self)
{
  g_autofree char *where = NULL;

  g_return_val_if_fail (HK_IS_SCENARIO_PROBLEM (self), NULL);

  if (self->line > 0)
    where = g_strdup_printf ("%s:%d:%d", self->file, self->line, MAX (self->column, 1));
  else
    where = g_strdup (self->file);

  if (self->severity == HK_SEVERITY_WARNING)
    /* Translators: the prefix of a scenario problem that does not stop the scenario from loading */
    return g_strdup_printf ("%s: %s %s", where, _("warning:"), self->message);

  return g_strdup_printf ("%s: %s", where, self->message);
}
