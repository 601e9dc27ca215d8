/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/wait.h>

#include "hk-test-util.h"

/* The shipped scenarios, from the source tree. */
char *
hk_test_shipped_dir (void)
{
  const char *data = g_getenv ("HEARKEN_DATA_DIR");

  if (data != NULL && *data != '\0')
    return g_build_filename (data, "scenarios", NULL);
  return g_test_build_filename (G_TEST_DIST, "..", "data", "scenarios", NULL);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char **) a, *(const char **) b);
}

GPtrArray *
hk_test_shipped_files (void)
{
  g_autofree char *dir = hk_test_shipped_dir ();
  GPtrArray *files = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    if (g_str_has_suffix (name, ".json"))
      g_ptr_array_add (files, g_build_filename (dir, name, NULL));
  g_ptr_array_sort (files, compare_names);

  return files;
}

char *
hk_test_problems_to_string (GPtrArray *problems)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < problems->len; i++)
    {
      g_autofree char *line = hk_scenario_problem_to_string (g_ptr_array_index (problems, i));

      g_string_append_printf (s, "%s\n", line);
    }

  return g_string_free (s, FALSE);
}

/* The first problem whose message contains @needle, or NULL. */
HkScenarioProblem *
hk_test_find_problem (GPtrArray  *problems,
                      const char *needle)
{
  for (guint i = 0; i < problems->len; i++)
    {
      HkScenarioProblem *p = g_ptr_array_index (problems, i);

      if (strstr (hk_scenario_problem_get_message (p), needle) != NULL)
        return p;
    }

  return NULL;
}

/* A small scenario for calls in tests: two short English lines. */
const char hk_test_scenario_json[] =
  "{ \"id\": \"test-two-lines\", \"version\": 3, \"category\": \"complaint\", \"sector\": \"telecom\",\n"
  "  \"difficulty\": 1, \"thresholds\": { \"long-gap\": 4.5 },\n"
  "  \"persona\": { \"name\": \"Test Caller\", \"mood\": \"calm\", \"about\": { \"en\": \"A caller for tests.\" } },\n"
  "  \"title\": { \"en\": \"Two short lines\", \"it\": \"Due frasi brevi\" },\n"
  "  \"brief\": { \"en\": \"Two short things.\" }, \"tips\": { \"en\": [\"Listen.\"] },\n"
  "  \"turns\": [\n"
  "    { \"text\": { \"en\": \"My bill is wrong.\", \"it\": \"La bolletta è sbagliata.\" },\n"
  "      \"techniques\": [\"full-attention\"], \"examples\": { \"en\": \"Let me look.\" } },\n"
  "    { \"text\": { \"en\": \"Thank you, goodbye.\" }, \"techniques\": [\"summarise\"],\n"
  "      \"examples\": { \"en\": \"Goodbye.\" } } ] }\n";

/* Removes a test's temporary folder and everything in it. */
void
hk_test_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        hk_test_remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

/**
 * hk_test_run_cli:
 * @cwd: (nullable): where to run it
 *
 * Runs the built hearken-cli with @args and the test's own data folder.
 *
 * Returns: its exit status, -1 when it did not exit
 */
int
hk_test_run_cli (const char         *cwd,
                 const char * const *args,
                 char              **out,
                 char              **err)
{
  g_autofree char *cli = g_test_build_filename (G_TEST_BUILT, "..", "src", "cli", "hearken-cli", NULL);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) envp = g_get_environ ();
  int status = 0;

  /* The test's private data folder, for the child too. */
  envp = g_environ_setenv (envp, "XDG_DATA_HOME", g_get_user_data_dir (), TRUE);
  g_ptr_array_add (argv, cli);
  for (; *args; args++)
    g_ptr_array_add (argv, (gpointer) *args);
  g_ptr_array_add (argv, NULL);

  g_assert_true (g_spawn_sync (cwd, (char **) argv->pdata, envp, G_SPAWN_DEFAULT, NULL, NULL,
                               out, err, &status, &error));
  g_assert_no_error (error);
  g_test_message ("stdout:\n%s\nstderr:\n%s", *out, *err);

  return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}
