/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hk-scenario-library"

/* All scenarios a trainee can choose: the shipped ones and the trainer's
 * own folder. The newest version of an id wins, so a trainer can improve a
 * shipped scenario by copying it, raising its version and editing it. The
 * user folder is watched; a change there reloads the library. */

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>

#include "hk-i18n.h"
#include "hk-scenario-library.h"
#include "hk-scenario-loader.h"

struct _HkScenarioLibrary
{
  GObject       parent_instance;

  char         *builtin_dir;
  char         *user_dir;
  GPtrArray    *scenarios;
  GListStore   *problems;
  GFileMonitor *monitor;
  guint         reload_source;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (HkScenarioLibrary, hk_scenario_library, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  RELOADED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Editors save in bursts (temporary file, rename, chmod); wait for quiet. */
#define RELOAD_DELAY_MS 300

static GType
hk_scenario_library_get_item_type (GListModel *model)
{
  return HK_TYPE_SCENARIO;
}

static guint
hk_scenario_library_get_n_items (GListModel *model)
{
  return HK_SCENARIO_LIBRARY (model)->scenarios->len;
}

static gpointer
hk_scenario_library_get_item (GListModel *model,
                              guint       position)
{
  HkScenarioLibrary *self = HK_SCENARIO_LIBRARY (model);

  if (position >= self->scenarios->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->scenarios, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = hk_scenario_library_get_item_type;
  iface->get_n_items = hk_scenario_library_get_n_items;
  iface->get_item = hk_scenario_library_get_item;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char **) a, *(const char **) b);
}

static GPtrArray *
list_scenario_files (const char *dir)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) d = NULL;
  const char *name;

  if (dir == NULL || (d = g_dir_open (dir, 0, NULL)) == NULL)
    return g_steal_pointer (&names);

  while ((name = g_dir_read_name (d)) != NULL)
    {
      /* Skip hidden files and editors' backups and locks. */
      if (name[0] == '.' || name[0] == '#' || !g_str_has_suffix (name, ".json"))
        continue;
      g_ptr_array_add (names, g_build_filename (dir, name, NULL));
    }

  /* Directory order differs between file systems; keep reports stable. */
  g_ptr_array_sort (names, compare_names);
  return g_steal_pointer (&names);
}

static void
add_problem (HkScenarioLibrary *self,
             HkSeverity         severity,
             const char        *file,
             const char        *message)
{
  g_autoptr(HkScenarioProblem) problem =
    hk_scenario_problem_new (severity, file, 0, 0, "id", message);

  g_list_store_append (self->problems, problem);
}

static void
load_folder (HkScenarioLibrary *self,
             const char        *dir,
             gboolean           builtin,
             GHashTable        *by_id)
{
  g_autoptr(GPtrArray) files = list_scenario_files (dir);

  for (guint i = 0; i < files->len; i++)
    {
      const char *path = g_ptr_array_index (files, i);
      g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_object_unref);
      g_autoptr(HkScenario) scenario = hk_scenario_load_file (path, NULL, builtin, problems);
      HkScenario *other;

      for (guint j = 0; j < problems->len; j++)
        g_list_store_append (self->problems, g_ptr_array_index (problems, j));

      if (scenario == NULL)
        continue;

      other = g_hash_table_lookup (by_id, hk_scenario_get_id (scenario));
      if (other != NULL &&
          hk_scenario_get_builtin (other) == builtin &&
          hk_scenario_get_version (other) == hk_scenario_get_version (scenario))
        {
          g_autofree char *version = g_strdup_printf ("%" G_GINT64_FORMAT,
                                                      hk_scenario_get_version (scenario));
          g_autofree char *message =
            g_strdup_printf (_("the id “%s” with version %s is also used by %s; this file "
                               "is ignored. Give it its own id or a higher version"),
                             hk_scenario_get_id (scenario), version,
                             hk_scenario_get_path (other));

          add_problem (self, HK_SEVERITY_ERROR, path, message);
          continue;
        }

      /* A user's copy of the same version replaces the shipped one: the
       * trainer put it there on purpose. */
      if (other == NULL ||
          hk_scenario_get_version (scenario) > hk_scenario_get_version (other) ||
          (hk_scenario_get_version (scenario) == hk_scenario_get_version (other) && !builtin))
        {
          const char *id = hk_scenario_get_id (scenario);

          g_hash_table_replace (by_id, (gpointer) id, g_steal_pointer (&scenario));
        }
    }
}

static int
compare_scenarios (gconstpointer a,
                   gconstpointer b)
{
  return g_strcmp0 (hk_scenario_get_id (*(HkScenario **) a),
                    hk_scenario_get_id (*(HkScenario **) b));
}

static gboolean
reload_timeout_cb (gpointer user_data)
{
  HkScenarioLibrary *self = user_data;

  self->reload_source = 0;
  hk_scenario_library_reload (self);

  return G_SOURCE_REMOVE;
}

static void
monitor_changed_cb (GFileMonitor      *monitor,
                    GFile             *file,
                    GFile             *other_file,
                    GFileMonitorEvent  event,
                    HkScenarioLibrary *self)
{
  g_clear_handle_id (&self->reload_source, g_source_remove);
  self->reload_source = g_timeout_add (RELOAD_DELAY_MS, reload_timeout_cb, self);
}

static void
hk_scenario_library_dispose (GObject *object)
{
  HkScenarioLibrary *self = (HkScenarioLibrary *) object;

  g_clear_handle_id (&self->reload_source, g_source_remove);
  if (self->monitor != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->monitor, self);
      g_file_monitor_cancel (self->monitor);
      g_clear_object (&self->monitor);
    }
  g_clear_object (&self->problems);

  G_OBJECT_CLASS (hk_scenario_library_parent_class)->dispose (object);
}

static void
hk_scenario_library_finalize (GObject *object)
{
  HkScenarioLibrary *self = (HkScenarioLibrary *) object;

  g_clear_pointer (&self->builtin_dir, g_free);
  g_clear_pointer (&self->user_dir, g_free);
  g_clear_pointer (&self->scenarios, g_ptr_array_unref);

  G_OBJECT_CLASS (hk_scenario_library_parent_class)->finalize (object);
}

static void
hk_scenario_library_class_init (HkScenarioLibraryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = hk_scenario_library_dispose;
  object_class->finalize = hk_scenario_library_finalize;

  /**
   * HkScenarioLibrary::reloaded:
   *
   * Emitted after every load, once the list and its problems are current.
   */
  signals[RELOADED] =
    g_signal_new ("reloaded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
hk_scenario_library_init (HkScenarioLibrary *self)
{
  self->scenarios = g_ptr_array_new_with_free_func (g_object_unref);
  self->problems = g_list_store_new (HK_TYPE_SCENARIO_PROBLEM);
}

/**
 * hk_scenario_library_new:
 * @builtin_dir: (nullable): the shipped scenarios
 * @user_dir: (nullable): the trainer's own scenarios
 *
 * Creates an empty library; call hk_scenario_library_reload() to fill it.
 */
HkScenarioLibrary *
hk_scenario_library_new (const char *builtin_dir,
                         const char *user_dir)
{
  HkScenarioLibrary *self = g_object_new (HK_TYPE_SCENARIO_LIBRARY, NULL);

  self->builtin_dir = g_strdup (builtin_dir);
  self->user_dir = g_strdup (user_dir);

  return self;
}

/**
 * hk_scenario_library_reload:
 *
 * Reads both folders again. Scenarios that fail to load are left out and
 * their problems listed; they never stop the others.
 */
void
hk_scenario_library_reload (HkScenarioLibrary *self)
{
  g_autoptr(GHashTable) by_id = g_hash_table_new_full (g_str_hash, g_str_equal,
                                                       NULL, g_object_unref);
  g_autoptr(GPtrArray) scenarios = g_ptr_array_new_with_free_func (g_object_unref);
  GHashTableIter iter;
  gpointer value;
  guint old_len;

  g_return_if_fail (HK_IS_SCENARIO_LIBRARY (self));

  g_list_store_remove_all (self->problems);
  load_folder (self, self->builtin_dir, TRUE, by_id);
  load_folder (self, self->user_dir, FALSE, by_id);

  g_hash_table_iter_init (&iter, by_id);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (scenarios, g_object_ref (value));
  g_ptr_array_sort (scenarios, compare_scenarios);

  old_len = self->scenarios->len;
  g_ptr_array_unref (self->scenarios);
  self->scenarios = g_steal_pointer (&scenarios);

  g_list_model_items_changed (G_LIST_MODEL (self), 0, old_len, self->scenarios->len);
  g_signal_emit (self, signals[RELOADED], 0);
}

/**
 * hk_scenario_library_watch:
 *
 * Creates the user folder when it is missing (so trainers find where their
 * files go) and reloads whenever something in it changes.
 */
void
hk_scenario_library_watch (HkScenarioLibrary *self)
{
  g_autoptr(GFile) dir = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (HK_IS_SCENARIO_LIBRARY (self));

  if (self->monitor != NULL || self->user_dir == NULL)
    return;

  if (g_mkdir_with_parents (self->user_dir, 0755) != 0)
    g_warning ("Cannot create %s: %s", self->user_dir, g_strerror (errno));

  dir = g_file_new_for_path (self->user_dir);
  self->monitor = g_file_monitor_directory (dir, G_FILE_MONITOR_WATCH_MOVES, NULL, &error);
  if (self->monitor == NULL)
    {
      g_warning ("Cannot watch %s for new scenarios: %s", self->user_dir, error->message);
      return;
    }

  g_signal_connect (self->monitor, "changed", G_CALLBACK (monitor_changed_cb), self);
}

/**
 * hk_scenario_library_get_problems:
 *
 * Returns: (transfer none): a list model of #HkScenarioProblem from the
 *   last load
 */
GListModel *
hk_scenario_library_get_problems (HkScenarioLibrary *self)
{
  g_return_val_if_fail (HK_IS_SCENARIO_LIBRARY (self), NULL);

  return G_LIST_MODEL (self->problems);
}

/**
 * hk_scenario_library_count_errors:
 * @user_only: count only problems in the user folder
 *
 * Returns: the number of errors (not warnings) of the last load
 */
guint
hk_scenario_library_count_errors (HkScenarioLibrary *self,
                                  gboolean           user_only)
{
  guint n = 0;

  g_return_val_if_fail (HK_IS_SCENARIO_LIBRARY (self), 0);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->problems)); i++)
    {
      g_autoptr(HkScenarioProblem) p = g_list_model_get_item (G_LIST_MODEL (self->problems), i);

      if (hk_scenario_problem_get_severity (p) != HK_SEVERITY_ERROR)
        continue;
      if (user_only && (self->user_dir == NULL ||
                        !g_str_has_prefix (hk_scenario_problem_get_file (p), self->user_dir)))
        continue;
      n++;
    }

  return n;
}

/**
 * hk_scenario_library_lookup:
 *
 * Returns: (transfer none) (nullable): the scenario with @id
 */
HkScenario *
hk_scenario_library_lookup (HkScenarioLibrary *self,
                            const char        *id)
{
  g_return_val_if_fail (HK_IS_SCENARIO_LIBRARY (self), NULL);

  for (guint i = 0; i < self->scenarios->len; i++)
    if (g_strcmp0 (hk_scenario_get_id (g_ptr_array_index (self->scenarios, i)), id) == 0)
      return g_ptr_array_index (self->scenarios, i);

  return NULL;
}

const char *
hk_scenario_library_get_user_dir (HkScenarioLibrary *self)
{
  g_return_val_if_fail (HK_IS_SCENARIO_LIBRARY (self), NULL);

  return self->user_dir;
}

const char *
hk_scenario_library_get_builtin_dir (HkScenarioLibrary *self)
{
  g_return_val_if_fail (HK_IS_SCENARIO_LIBRARY (self), NULL);

  return self->builtin_dir;
}

/**
 * hk_scenario_library_default_builtin_dir:
 *
 * `HEARKEN_DATA_DIR` (used by tests and by running from the source tree)
 * overrides the installed data folder.
 *
 * Returns: (transfer full): the folder of the shipped scenarios
 */
char *
hk_scenario_library_default_builtin_dir (void)
{
  const char *env = g_getenv ("HEARKEN_DATA_DIR");

  return g_build_filename (env && *env ? env : PKGDATADIR, "scenarios", NULL);
}

/**
 * hk_scenario_library_default_user_dir:
 *
 * Returns: (transfer full): `$XDG_DATA_HOME/hearken/scenarios`
 */
char *
hk_scenario_library_default_user_dir (void)
{
  return g_build_filename (g_get_user_data_dir (), "hearken", "scenarios", NULL);
}
