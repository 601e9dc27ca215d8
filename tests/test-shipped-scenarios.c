/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "hk-lang.h"
#include "hk-scenario-loader.h"
#include "hk-test-util.h"
#include "hk-vocab.h"

static gboolean
map_complete (HkScenario *s,
              const char *what,
              const char *(*get) (gpointer, const char *, const char **),
              gpointer    object)
{
  for (const char * const *l = hk_lang_content_languages (); *l; l++)
    {
      const char *used = NULL;
      const char *text = get (object, *l, &used);

      if (text == NULL || g_strcmp0 (used, *l) != 0)
        {
          g_test_message ("%s: %s has no %s text", hk_scenario_get_id (s), what, *l);
          return FALSE;
        }
    }

  return TRUE;
}

static const char *
get_title (gpointer s, const char *l, const char **u)
{
  return hk_scenario_get_title (s, l, u);
}

static const char *
get_brief (gpointer s, const char *l, const char **u)
{
  return hk_scenario_get_brief (s, l, u);
}

static const char *
get_tips (gpointer s, const char *l, const char **u)
{
  const char * const *tips = hk_scenario_get_tips (s, l, u);

  return tips ? tips[0] : NULL;
}

static const char *
get_about (gpointer p, const char *l, const char **u)
{
  return hk_persona_get_about (p, l, u);
}

static const char *
get_text (gpointer t, const char *l, const char **u)
{
  return hk_scenario_turn_get_text (t, l, u);
}

static const char *
get_example (gpointer t, const char *l, const char **u)
{
  return hk_scenario_turn_get_example (t, l, u);
}

static void
test_every_language (void)
{
  g_autoptr(GPtrArray) files = hk_test_shipped_files ();
  g_autoptr(GHashTable) categories = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) sectors = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) keep = g_ptr_array_new_with_free_func (g_object_unref);
  guint n_other = 0;

  g_assert_cmpuint (files->len, >=, 16);

  for (guint i = 0; i < files->len; i++)
    {
      const char *path = g_ptr_array_index (files, i);
      g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_object_unref);
      g_autoptr(HkScenario) s = hk_scenario_load_file (path, NULL, TRUE, problems);
      g_autofree char *all = hk_test_problems_to_string (problems);
      g_autofree char *base = g_path_get_basename (path);
      g_autofree char *expected_name = NULL;
      guint n_tips = 0;

      g_test_message ("%s", path);
      /* Shipped content is held to the strictest standard: not even a warning. */
      g_assert_cmpstr (all, ==, "");
      g_assert_nonnull (s);

      expected_name = g_strconcat (hk_scenario_get_id (s), ".json", NULL);
      g_assert_cmpstr (base, ==, expected_name);
      g_assert_false (g_hash_table_contains (ids, hk_scenario_get_id (s)));
      g_hash_table_add (ids, g_strdup (hk_scenario_get_id (s)));

      g_assert_cmpuint (g_strv_length ((GStrv) hk_scenario_get_languages (s)), ==,
                        g_strv_length ((GStrv) hk_lang_content_languages ()));
      g_assert_true (map_complete (s, "title", get_title, s));
      g_assert_true (map_complete (s, "brief", get_brief, s));
      g_assert_true (map_complete (s, "tips", get_tips, s));
      g_assert_true (map_complete (s, "persona.about", get_about, hk_scenario_get_persona (s)));

      /* The same tips in every language, not three in English and two in Czech. */
      n_tips = g_strv_length ((GStrv) hk_scenario_get_tips (s, "en", NULL));
      for (const char * const *l = hk_lang_content_languages (); *l; l++)
        g_assert_cmpuint (g_strv_length ((GStrv) hk_scenario_get_tips (s, *l, NULL)), ==, n_tips);

      g_assert_cmpuint (hk_scenario_get_n_turns (s), >=, 4);
      g_assert_cmpuint (hk_scenario_get_n_turns (s), <=, 8);
      for (guint t = 0; t < hk_scenario_get_n_turns (s); t++)
        {
          HkScenarioTurn *turn = hk_scenario_get_turn (s, t);

          g_assert_true (map_complete (s, "turn text", get_text, turn));
          g_assert_true (map_complete (s, "turn example", get_example, turn));
          g_assert_cmpuint (g_strv_length ((GStrv) hk_scenario_turn_get_techniques (turn)), >=, 1);
        }

      g_hash_table_insert (categories, (gpointer) hk_scenario_get_category (s),
                           GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (categories,
                                                               hk_scenario_get_category (s))) + 1));
      g_hash_table_add (sectors, (gpointer) hk_scenario_get_sector (s));
      if (!g_str_equal (hk_scenario_get_category (s), "complaint") &&
          !g_str_equal (hk_scenario_get_category (s), "sales") &&
          !g_str_equal (hk_scenario_get_category (s), "angry-caller"))
        n_other++;

      /* The tables above borrow the scenario's strings. */
      g_ptr_array_add (keep, g_object_ref (s));
    }

  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (categories, "complaint")), >=, 4);
  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (categories, "sales")), >=, 4);
  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (categories, "angry-caller")), >=, 4);
  g_assert_true (g_hash_table_contains (categories, "feedback"));
  g_assert_true (g_hash_table_contains (categories, "information"));
  g_assert_true (g_hash_table_contains (categories, "unfamiliar-problem"));
  g_assert_cmpuint (n_other, >=, 3);
  for (const char *sector_ids[] = { "telecom", "energy", "bank", "web-shop", "insurance",
                                    "travel", "software", "public-service", NULL },
       **s = sector_ids; *s; s++)
    g_assert_true (g_hash_table_contains (sectors, *s));
}

static int
mood_rank (const char *mood)
{
  static const char * const scale[] = { "frustrated", "angry", "furious", NULL };

  for (int i = 0; scale[i]; i++)
    if (g_strcmp0 (mood, scale[i]) == 0)
      return i + 1;
  return 0;
}

/* An angry caller gets angrier, and sounds it: the mood climbs and the
 * voice speeds up or rises before any calming at the end. */
static void
test_angry_callers_escalate (void)
{
  g_autoptr(GPtrArray) files = hk_test_shipped_files ();
  guint n_angry = 0;

  for (guint i = 0; i < files->len; i++)
    {
      g_autoptr(HkScenario) s = hk_scenario_load_file (g_ptr_array_index (files, i), NULL, TRUE, NULL);
      const HkVoice *first;
      int peak_rank = 0, first_rank;
      gboolean louder = FALSE;

      if (!g_str_equal (hk_scenario_get_category (s), "angry-caller"))
        continue;
      n_angry++;

      first = hk_scenario_turn_get_voice (hk_scenario_get_turn (s, 0));
      first_rank = mood_rank (hk_scenario_turn_get_mood (hk_scenario_get_turn (s, 0)));
      for (guint t = 1; t < hk_scenario_get_n_turns (s); t++)
        {
          HkScenarioTurn *turn = hk_scenario_get_turn (s, t);
          const HkVoice *v = hk_scenario_turn_get_voice (turn);

          peak_rank = MAX (peak_rank, mood_rank (hk_scenario_turn_get_mood (turn)));
          if (v->rate > first->rate || v->pitch > first->pitch)
            louder = TRUE;
        }

      g_test_message ("%s: first %d, peak %d", hk_scenario_get_id (s), first_rank, peak_rank);
      g_assert_cmpint (peak_rank, >, first_rank);
      g_assert_cmpint (peak_rank, >=, 2);
      g_assert_true (louder);
    }

  g_assert_cmpuint (n_angry, >=, 4);
}

/* Truncated and mutated versions of every shipped scenario: the loader
 * must never crash, and whenever it refuses a file it says why. */
static void
check_variant (const char *data,
               gsize       length,
               const char *what)
{
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(HkScenario) s = hk_scenario_load_data (data, length, what, NULL, problems);

  if (s == NULL)
    {
      if (problems->len == 0)
        g_error ("%s was refused without a reason", what);
      g_assert_true (hk_scenario_problems_have_errors (problems));
    }

  for (guint i = 0; i < problems->len; i++)
    {
      g_autofree char *line = hk_scenario_problem_to_string (g_ptr_array_index (problems, i));

      g_assert_true (g_str_has_prefix (line, what));
      g_assert_true (g_utf8_validate (line, -1, NULL));
    }
}

static void
test_fuzz (void)
{
  g_autoptr(GPtrArray) files = hk_test_shipped_files ();
  static const char * const swaps[] = {
    "\"", "'", "{", "[", "}", "]", ":", ",", "\"en\"", "\"xx\"", "1", "\"1\"",
    "[", "{\"a\": [", "\"text\"", "\"texts\"", "\"turns\"", "\"turn\"",
    "\"techniques\"", "null", "\"en\": \"", "\"en\": 7, \"q\": \"",
  };
  guint n_variants = 0;

  for (guint i = 0; i < files->len; i++)
    {
      g_autofree char *data = NULL;
      gsize length;
      g_autofree char *name = g_path_get_basename (g_ptr_array_index (files, i));

      g_assert_true (g_file_get_contents (g_ptr_array_index (files, i), &data, &length, NULL));

      /* Truncations, including cuts inside multi-byte characters. */
      for (gsize cut = 0; cut < length; cut += MAX (1, length / 97))
        {
          g_autofree char *what = g_strdup_printf ("%s[:%" G_GSIZE_FORMAT "]", name, cut);

          check_variant (data, cut, what);
          n_variants++;
        }

      /* Random byte damage and token swaps, reproducible from the test seed. */
      for (int m = 0; m < 120; m++)
        {
          g_autoptr(GString) v = g_string_new_len (data, length);
          g_autofree char *what = g_strdup_printf ("%s~%d", name, m);
          int kind = g_test_rand_int_range (0, 4);
          gsize pos = g_test_rand_int_range (0, (int) v->len);

          switch (kind)
            {
            case 0:
              v->str[pos] = (char) g_test_rand_int_range (0, 256);
              break;
            case 1:
              {
                gsize n = g_test_rand_int_range (1, 400);

                g_string_erase (v, pos, MIN (n, v->len - pos));
              }
              break;
            case 2:
              {
                g_autofree char *copy = NULL;
                gsize from = g_test_rand_int_range (0, (int) v->len);
                gsize n = MIN (64, v->len - from);

                copy = g_strndup (v->str + from, n);
                g_string_insert_len (v, pos, copy, n);
              }
              break;
            default:
              {
                guint k = g_test_rand_int_range (0, G_N_ELEMENTS (swaps) / 2) * 2;
                const char *from = strstr (v->str + pos, swaps[k]);

                if (from == NULL)
                  from = strstr (v->str, swaps[k]);
                if (from != NULL)
                  {
                    gsize at = from - v->str;

                    g_string_erase (v, at, strlen (swaps[k]));
                    g_string_insert (v, at, swaps[k + 1]);
                  }
              }
            }

          check_variant (v->str, v->len, what);
          n_variants++;
        }
    }

  g_test_message ("%u variants checked", n_variants);
  g_assert_cmpuint (n_variants, >, files->len * 200);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/Shipped/every-language", test_every_language);
  g_test_add_func ("/Shipped/angry-callers-escalate", test_angry_callers_escalate);
  g_test_add_func ("/Shipped/fuzz", test_fuzz);

  return g_test_run ();
}
