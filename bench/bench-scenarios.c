/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Prints how long loading scenarios takes: the shipped library (what the
 * window does at start and on every change in the user folder) and one
 * scenario file of the largest allowed size. Figures only; never fails on
 * a slow machine. */
#include "config.h"

#include "hk-scenario-library.h"
#include "hk-scenario-loader.h"

static double
seconds_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *dir = g_build_filename (g_getenv ("HEARKEN_DATA_DIR") ?
                                           g_getenv ("HEARKEN_DATA_DIR") : "data",
                                           "scenarios", NULL);
  g_autoptr(HkScenarioLibrary) library = hk_scenario_library_new (dir, NULL);
  g_autoptr(GString) big = g_string_new ("{\"id\": \"big\", \"version\": 1, \"category\": \"sales\","
                                         " \"sector\": \"other\", \"difficulty\": 1,"
                                         " \"persona\": {\"name\": \"A\", \"mood\": \"calm\","
                                         " \"about\": {\"en\": \"x\"}},"
                                         " \"title\": {\"en\": \"t\"}, \"brief\": {\"en\": \"b\"},"
                                         " \"tips\": {\"en\": [\"t\"]}, \"turns\": [");
  const int rounds = 50;
  gint64 start;
  guint n;
  double t;

  start = g_get_monotonic_time ();
  for (int i = 0; i < rounds; i++)
    hk_scenario_library_reload (library);
  t = seconds_since (start) / rounds;
  n = g_list_model_get_n_items (G_LIST_MODEL (library));
  g_print ("library reload: %u scenarios in %.2f ms (%.3f ms a scenario)\n",
           n, t * 1000, n ? t * 1000 / n : 0.0);

  /* 200 turns with long texts in seven languages: about the 1 MiB limit. */
  for (int i = 0; i < 200; i++)
    {
      g_string_append (big, i ? ",{\"text\": {" : "{\"text\": {");
      for (const char *l = "en\0nl\0it\0cs\0de\0fr\0es\0"; *l; l += 3)
        g_string_append_printf (big, "%s\"%s\": \"%0300d\"", l[0] == 'e' && l[1] == 'n' ? "" : ",", l, i);
      g_string_append (big, "}, \"techniques\": [\"clarify\"], \"examples\": {\"en\": \"ok\"}}");
    }
  g_string_append (big, "]}");

  start = g_get_monotonic_time ();
  for (int i = 0; i < rounds; i++)
    {
      g_autoptr(HkScenario) s = hk_scenario_load_data (big->str, big->len, "big.json", NULL, NULL);
      g_assert (s != NULL);
    }
  t = seconds_since (start) / rounds;
  g_print ("largest scenario: %.0f KiB, 200 turns, loaded in %.2f ms\n", big->len / 1024.0, t * 1000);

  return 0;
}
