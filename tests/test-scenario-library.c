/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "hk-scenario-library.h"
#include "hk-scenario-loader.h"
#include "hk-test-util.h"

typedef struct {
  char *builtin;
  char *user;
} Fixture;

static char *
scenario_json (const char *id,
               int         version,
               const char *title)
{
  return g_strdup_printf (
    "{\"id\": \"%s\", \"version\": %d, \"category\": \"sales\", \"sector\": \"telecom\",\n"
    " \"difficulty\": 1,\n"
    " \"persona\": {\"name\": \"Tom\", \"mood\": \"curious\", \"about\": {\"en\": \"A student.\"}},\n"
    " \"title\": {\"en\": \"%s\"}, \"brief\": {\"en\": \"Listen.\"}, \"tips\": {\"en\": [\"Ask.\"]},\n"
    " \"turns\": [{\"text\": {\"en\": \"Hi.\"}, \"techniques\": [\"open-question\"],\n"
    "             \"examples\": {\"en\": \"What do you need?\"}}]}\n",
    id, version, title);
}

static void
put (const char *dir,
     const char *name,
     const char *text)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->builtin = g_build_filename (g_get_user_data_dir (), "builtin", NULL);
  f->user = g_build_filename (g_get_user_data_dir (), "hearken", "scenarios", NULL);
  g_assert_cmpint (g_mkdir_with_parents (f->builtin, 0755), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (f->user, 0755), ==, 0);
}

static void
remove_all (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (dir);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  remove_all (f->builtin);
  remove_all (f->user);
  g_free (f->builtin);
  g_free (f->user);
}

static HkScenario *
item (HkScenarioLibrary *library,
      guint              i)
{
  HkScenario *s = g_list_model_get_item (G_LIST_MODEL (library), i);

  g_object_unref (s);   /* the library keeps it alive */
  return s;
}

static void
test_newest_wins (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(HkScenarioLibrary) library = hk_scenario_library_new (f->builtin, f->user);
  g_autofree char *a1 = scenario_json ("plan-upgrade", 1, "Shipped v1");
  g_autofree char *a2 = scenario_json ("plan-upgrade", 2, "Trainer v2");
  g_autofree char *b3 = scenario_json ("router", 3, "Shipped v3");
  g_autofree char *b2 = scenario_json ("router", 2, "Trainer old v2");
  g_autofree char *c1 = scenario_json ("renewal", 1, "Shipped renewal");
  g_autofree char *c1u = scenario_json ("renewal", 1, "Trainer's copy");

  put (f->builtin, "plan-upgrade.json", a1);
  put (f->user, "my-plan.json", a2);
  put (f->builtin, "router.json", b3);
  put (f->user, "router.json", b2);
  put (f->builtin, "renewal.json", c1);
  put (f->user, "renewal.json", c1u);
  put (f->builtin, "notes.txt", "not a scenario");

  hk_scenario_library_reload (library);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (library)), ==, 3);
  g_assert_cmpuint (g_list_model_get_n_items (hk_scenario_library_get_problems (library)), ==, 0);
  /* Sorted by id. */
  g_assert_cmpstr (hk_scenario_get_id (item (library, 0)), ==, "plan-upgrade");
  g_assert_cmpstr (hk_scenario_get_title (item (library, 0), "en", NULL), ==, "Trainer v2");
  g_assert_false (hk_scenario_get_builtin (item (library, 0)));
  g_assert_cmpstr (hk_scenario_get_title (item (library, 2), "en", NULL), ==, "Shipped v3");
  g_assert_true (hk_scenario_get_builtin (item (library, 2)));
  /* Same version: the trainer's copy replaces the shipped one. */
  g_assert_cmpstr (hk_scenario_get_title (hk_scenario_library_lookup (library, "renewal"), "en", NULL),
                   ==, "Trainer's copy");
}

static void
test_bad_files_reported (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(HkScenarioLibrary) library = hk_scenario_library_new (f->builtin, f->user);
  g_autofree char *good = scenario_json ("good-one", 1, "Good");
  g_autofree char *dup = scenario_json ("good-one", 1, "Duplicate");
  g_autofree char *broken = scenario_json ("broken", 1, "Broken");
  g_autofree char *broken_path = g_build_filename (f->user, "broken.json", NULL);
  g_autofree char *dup_path = g_build_filename (f->user, "zz-duplicate.json", NULL);
  GListModel *problems;
  gboolean saw_broken = FALSE, saw_dup = FALSE;

  broken[strlen (broken) / 2] = '\0';
  put (f->user, "good.json", good);
  put (f->user, "zz-duplicate.json", dup);
  put (f->user, "broken.json", broken);
  put (f->user, ".hidden.json", "{");
  put (f->user, "#autosave.json#", "{");

  hk_scenario_library_reload (library);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (library)), ==, 1);
  g_assert_cmpstr (hk_scenario_get_title (item (library, 0), "en", NULL), ==, "Good");

  problems = hk_scenario_library_get_problems (library);
  for (guint i = 0; i < g_list_model_get_n_items (problems); i++)
    {
      g_autoptr(HkScenarioProblem) p = g_list_model_get_item (problems, i);
      g_autofree char *line = hk_scenario_problem_to_string (p);

      g_test_message ("%s", line);
      if (g_str_equal (hk_scenario_problem_get_file (p), broken_path))
        {
          saw_broken = TRUE;
          g_assert_cmpint (hk_scenario_problem_get_line (p), >, 0);
        }
      if (g_str_equal (hk_scenario_problem_get_file (p), dup_path))
        {
          saw_dup = TRUE;
          g_assert_nonnull (strstr (hk_scenario_problem_get_message (p), "good-one"));
        }
    }
  g_assert_true (saw_broken);
  g_assert_true (saw_dup);
  g_assert_cmpuint (hk_scenario_library_count_errors (library, TRUE), ==, 2);
  g_assert_cmpuint (hk_scenario_library_count_errors (library, FALSE), ==, 2);
}

static void
reloaded_cb (HkScenarioLibrary *library,
             GMainLoop         *loop)
{
  g_main_loop_quit (loop);
}

static gboolean
timeout_cb (gpointer data)
{
  g_error ("the library did not reload after its folder changed");
  return G_SOURCE_REMOVE;
}

static void
wait_for_reload (HkScenarioLibrary *library)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  gulong id = g_signal_connect (library, "reloaded", G_CALLBACK (reloaded_cb), loop);
  guint timeout = g_timeout_add_seconds (20, timeout_cb, NULL);

  g_main_loop_run (loop);
  g_signal_handler_disconnect (library, id);
  g_source_remove (timeout);
}

static void
test_watch (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(HkScenarioLibrary) library = hk_scenario_library_new (f->builtin, f->user);
  g_autofree char *a = scenario_json ("watched", 1, "First");
  g_autofree char *b = scenario_json ("watched", 2, "Second");
  g_autofree char *path = g_build_filename (f->user, "watched.json", NULL);

  hk_scenario_library_watch (library);
  hk_scenario_library_reload (library);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (library)), ==, 0);

  put (f->user, "watched.json", a);
  wait_for_reload (library);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (library)), ==, 1);
  g_assert_cmpstr (hk_scenario_get_title (item (library, 0), "en", NULL), ==, "First");

  put (f->user, "watched.json", b);
  wait_for_reload (library);
  g_assert_cmpstr (hk_scenario_get_title (item (library, 0), "en", NULL), ==, "Second");

  g_unlink (path);
  wait_for_reload (library);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (library)), ==, 0);
}

static void
test_watch_creates_folder (void)
{
  g_autofree char *user = g_build_filename (g_get_user_data_dir (), "fresh", "scenarios", NULL);
  g_autoptr(HkScenarioLibrary) library = hk_scenario_library_new (NULL, user);

  g_assert_false (g_file_test (user, G_FILE_TEST_IS_DIR));
  hk_scenario_library_watch (library);
  g_assert_true (g_file_test (user, G_FILE_TEST_IS_DIR));
}

static void
test_shipped_library (void)
{
  g_autofree char *dir = hk_test_shipped_dir ();
  g_autoptr(HkScenarioLibrary) library = hk_scenario_library_new (dir, NULL);

  hk_scenario_library_reload (library);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (library)), >=, 16);
  g_assert_cmpuint (g_list_model_get_n_items (hk_scenario_library_get_problems (library)), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/Library/newest-wins", Fixture, NULL, fixture_set_up, test_newest_wins, fixture_tear_down);
  g_test_add ("/Library/bad-files-reported", Fixture, NULL, fixture_set_up, test_bad_files_reported, fixture_tear_down);
  g_test_add ("/Library/watch", Fixture, NULL, fixture_set_up, test_watch, fixture_tear_down);
  g_test_add_func ("/Library/watch-creates-folder", test_watch_creates_folder);
  g_test_add_func ("/Library/shipped", test_shipped_library);

  return g_test_run ();
}
