/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "hk-lang.h"
#include "hk-scenario-loader.h"
#include "hk-test-util.h"
#include "hk-vocab.h"

/* Line numbers below refer to this text; keep its layout. */
static const char base_scenario[] =
  "{\n"                                                  /* 1 */
  "  \"id\": \"test-basic\",\n"                          /* 2 */
  "  \"version\": 1,\n"                                  /* 3 */
  "  \"category\": \"complaint\",\n"                     /* 4 */
  "  \"sector\": \"bank\",\n"                            /* 5 */
  "  \"difficulty\": 2,\n"                               /* 6 */
  "  \"persona\": {\n"                                   /* 7 */
  "    \"name\": \"Ana Ruiz\",\n"                        /* 8 */
  "    \"mood\": \"frustrated\",\n"                      /* 9 */
  "    \"about\": {\"en\": \"A customer.\", \"it\": \"Una cliente.\"}\n" /* 10 */
  "  },\n"                                               /* 11 */
  "  \"title\": {\"en\": \"Double charge\", \"it\": \"Doppio addebito\"},\n" /* 12 */
  "  \"brief\": {\"en\": \"Find out.\", \"it\": \"Scopri.\"},\n" /* 13 */
  "  \"tips\": {\"en\": [\"Listen.\"], \"it\": [\"Ascolta.\"]},\n" /* 14 */
  "  \"turns\": [\n"                                     /* 15 */
  "    {\n"                                                /* 16 */
  "      \"text\": {\"en\": \"Hello.\", \"it\": \"Pronto.\"},\n" /* 17 */
  "      \"techniques\": [\"clarify\"],\n"               /* 18 */
  "      \"examples\": {\"en\": \"How can I help?\", \"it\": \"Come posso aiutarla?\"}\n" /* 19 */
  "    }\n"                                              /* 20 */
  "  ]\n"                                                /* 21 */
  "}\n";                                                 /* 22 */

static char *
replace (const char *text,
         const char *from,
         const char *to)
{
  const char *at = strstr (text, from);

  g_assert_nonnull (at);
  return g_strdup_printf ("%.*s%s%s", (int) (at - text), text, to, at + strlen (from));
}

static HkScenario *
load (const char *text,
      GPtrArray  *problems)
{
  return hk_scenario_load_data (text, strlen (text), "test.json", NULL, problems);
}

static GPtrArray *
new_problems (void)
{
  return g_ptr_array_new_with_free_func (g_object_unref);
}

/* Loads @text, expects it refused with a problem containing @needle at
 * @line:@column (0 to skip the position check). */
static void
expect_error (const char *text,
              const char *needle,
              int         line,
              int         column)
{
  g_autoptr(GPtrArray) problems = new_problems ();
  g_autoptr(HkScenario) scenario = load (text, problems);
  g_autofree char *all = hk_test_problems_to_string (problems);
  HkScenarioProblem *p;

  g_test_message ("problems:\n%s", all);
  g_assert_null (scenario);
  p = hk_test_find_problem (problems, needle);
  g_assert_nonnull (p);
  g_assert_cmpint (hk_scenario_problem_get_severity (p), ==, HK_SEVERITY_ERROR);
  g_assert_cmpstr (hk_scenario_problem_get_file (p), ==, "test.json");
  if (line > 0)
    {
      g_assert_cmpint (hk_scenario_problem_get_line (p), ==, line);
      g_assert_cmpint (hk_scenario_problem_get_column (p), ==, column);
    }
}

static void
test_valid (void)
{
  g_autoptr(GPtrArray) problems = new_problems ();
  g_autoptr(HkScenario) s = load (base_scenario, problems);
  HkScenarioTurn *turn;
  const char *used = NULL;

  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_nonnull (s);
  g_assert_cmpstr (hk_scenario_get_id (s), ==, "test-basic");
  g_assert_cmpint (hk_scenario_get_version (s), ==, 1);
  g_assert_cmpstr (hk_scenario_get_category (s), ==, "complaint");
  g_assert_cmpstr (hk_scenario_get_sector (s), ==, "bank");
  g_assert_cmpint (hk_scenario_get_difficulty (s), ==, 2);
  g_assert_cmpstr (hk_persona_get_name (hk_scenario_get_persona (s)), ==, "Ana Ruiz");
  g_assert_cmpstr (hk_scenario_get_title (s, "it", &used), ==, "Doppio addebito");
  g_assert_cmpstr (used, ==, "it");
  g_assert_cmpstr (hk_scenario_get_title (s, "cs", &used), ==, "Double charge");
  g_assert_cmpstr (used, ==, "en");
  g_assert_cmpuint (hk_scenario_get_n_turns (s), ==, 1);
  turn = hk_scenario_get_turn (s, 0);
  g_assert_cmpstr (hk_scenario_turn_get_text (turn, "it", NULL), ==, "Pronto.");
  g_assert_cmpstr (hk_scenario_turn_get_techniques (turn)[0], ==, "clarify");
  g_assert_cmpstr (hk_scenario_turn_get_mood (turn), ==, "frustrated");
  g_assert_cmpstr (hk_scenario_turn_get_example (turn, "it", NULL), ==, "Come posso aiutarla?");
  g_assert_null (hk_scenario_get_thresholds (s));
  g_assert_cmpint (g_strv_length ((GStrv) hk_scenario_get_languages (s)), ==, 2);
  g_assert_cmpstr (hk_scenario_get_languages (s)[0], ==, "en");
  g_assert_cmpstr (hk_scenario_get_languages (s)[1], ==, "it");
  g_assert_cmpint (hk_scenario_get_coverage (s, "it"), ==, HK_COVERAGE_FULL);
  g_assert_cmpint (hk_scenario_get_coverage (s, "de"), ==, HK_COVERAGE_NONE);
}

static void
test_syntax (void)
{
  g_autofree char *text = replace (base_scenario, "\"version\": 1,", "\"version\": 1");

  /* json-glib points at the value the comma should follow. */
  expect_error (text, "not valid JSON", 3, 14);
}

static void
test_unknown_category (void)
{
  g_autofree char *text = replace (base_scenario, "\"complaint\"", "\"complain\"");

  expect_error (text, "“complain”", 4, 3);
  expect_error (text, "angry-caller", 4, 3);
}

static void
test_missing_english (void)
{
  g_autofree char *text = replace (base_scenario, "\"en\": \"Double charge\", ", "");

  expect_error (text, "English", 12, 3);
}

static void
test_missing_member (void)
{
  g_autofree char *text = replace (base_scenario, "    \"mood\": \"frustrated\",\n", "");

  /* Reported where it must be added: the persona object. */
  expect_error (text, "“persona.mood” is missing", 7, 3);
}

static void
test_wrong_type (void)
{
  g_autofree char *text = replace (base_scenario, "\"difficulty\": 2", "\"difficulty\": \"2\"");

  expect_error (text, "should be a whole number from 1 to 3, not text", 6, 3);
}

static void
test_out_of_range (void)
{
  g_autofree char *text = replace (base_scenario, "\"difficulty\": 2", "\"difficulty\": 7");

  expect_error (text, "is 7", 6, 3);
}

static void
test_unknown_technique (void)
{
  g_autofree char *text = replace (base_scenario, "[\"clarify\"]", "[\"clarify\", \"shout\"]");

  expect_error (text, "unknown technique “shout”", 18, 33);
}

static void
test_bad_utf8 (void)
{
  g_autofree char *text = replace (base_scenario, "Doppio", "Dop\xff" "pio");

  expect_error (text, "UTF-8", 12, 46);
}

static void
test_lone_surrogate (void)
{
  g_autofree char *text = replace (base_scenario, "\"Doppio addebito\"", "\"Doppio \\ud800x\"");

  expect_error (text, "not a valid character", 12, 36);
}

static void
test_bad_language_code (void)
{
  g_autofree char *text = replace (base_scenario, "\"it\": \"Doppio", "\"italiano\": \"Doppio");

  expect_error (text, "not a language code", 12, 36);
}

static void
test_empty_text (void)
{
  g_autofree char *text = replace (base_scenario, "\"Hello.\"", "\"   \"");

  expect_error (text, "“turns[0].text.en” is empty", 17, 16);
}

static void
test_empty_and_not_object (void)
{
  g_autoptr(GPtrArray) problems = new_problems ();
  g_autoptr(HkScenario) s = load ("", problems);

  g_assert_null (s);
  g_assert_nonnull (hk_test_find_problem (problems, "empty"));
  expect_error ("[1, 2]", "must be a JSON object", 1, 1);
  expect_error ("  \n  ", "empty", 0, 0);
}

static void
test_unknown_member_warns (void)
{
  g_autofree char *text = replace (base_scenario, "\"version\": 1,", "\"version\": 1,\n  \"titel\": 3,");
  g_autoptr(GPtrArray) problems = new_problems ();
  g_autoptr(HkScenario) s = load (text, problems);
  HkScenarioProblem *p;

  g_assert_nonnull (s);
  p = hk_test_find_problem (problems, "titel");
  g_assert_nonnull (p);
  g_assert_cmpint (hk_scenario_problem_get_severity (p), ==, HK_SEVERITY_WARNING);
  g_assert_cmpint (hk_scenario_problem_get_line (p), ==, 4);
  g_assert_false (hk_scenario_problems_have_errors (problems));
}

static void
test_duplicate_in_many_places (void)
{
  g_autoptr(GString) text = g_string_new (base_scenario);
  g_autoptr(GPtrArray) problems = new_problems ();
  g_autoptr(HkScenario) s = NULL;

  /* 200 broken turns must not give 200 messages. */
  g_string_replace (text, "\"turns\": [\n", "\"turns\": [\n", 1);
  for (int i = 0; i < 150; i++)
    g_string_replace (text, "  ]\n}", "  , {\"text\": 5}\n  ]\n}", 1);
  s = load (text->str, problems);
  g_assert_null (s);
  g_assert_cmpuint (problems->len, <=, HK_SCENARIO_MAX_PROBLEMS + 1);
  g_assert_nonnull (hk_test_find_problem (problems, "more problems not shown"));
}

static void
test_huge_file (void)
{
  g_autofree char *dir = g_dir_make_tmp ("hearken-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "huge.json", NULL);
  g_autoptr(GPtrArray) problems = new_problems ();
  g_autoptr(HkScenario) s = NULL;
  FILE *f = fopen (path, "w");

  /* 50 MB, sparse: the loader must refuse it by its size, unread. */
  g_assert_nonnull (f);
  g_assert_cmpint (ftruncate (fileno (f), 50 * 1000 * 1000), ==, 0);
  fclose (f);

  s = hk_scenario_load_file (path, "huge.json", FALSE, problems);
  g_assert_null (s);
  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_nonnull (hk_test_find_problem (problems, "50.0\u00a0MB"));
  g_assert_nonnull (hk_test_find_problem (problems, "at most 1.0\u00a0MB"));
  g_assert_cmpint (hk_scenario_problem_get_line (g_ptr_array_index (problems, 0)), ==, 0);

  g_unlink (path);
  g_rmdir (dir);
}

static void
test_many_turns (void)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GPtrArray) problems = new_problems ();
  g_autoptr(HkScenario) s = NULL;
  const char *turn = "{\"text\": {\"en\": \"Hi.\"}, \"techniques\": [\"clarify\"], "
                     "\"examples\": {\"en\": \"Hello.\"}}";
  const char *at = strstr (base_scenario, "  \"turns\": [");

  g_string_append_len (text, base_scenario, at - base_scenario);
  g_string_append (text, "  \"turns\": [\n");
  for (int i = 0; i < 10000; i++)
    g_string_append_printf (text, "%s%s\n", i ? "," : "", turn);
  g_string_append (text, "]}\n");
  g_assert_cmpuint (text->len, <, HK_SCENARIO_MAX_FILE_SIZE);

  s = load (text->str, problems);
  g_assert_null (s);
  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_nonnull (hk_test_find_problem (problems, "10000 turns"));
  g_assert_cmpint (hk_scenario_problem_get_line (g_ptr_array_index (problems, 0)), ==, 15);
}

static void
test_long_text (void)
{
  g_autofree char *long_text = g_strnfill (HK_SCENARIO_MAX_TEXT + 1, 'a');
  g_autofree char *quoted = g_strdup_printf ("\"%s\"", long_text);
  g_autofree char *text = replace (base_scenario, "\"Hello.\"", quoted);

  expect_error (text, "at most 4000", 17, 16);
}

static char *
write_scenario (const char *dir,
                const char *name,
                const char *text)
{
  char *path = g_build_filename (dir, name, NULL);

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  return path;
}

static void
test_clips (void)
{
  g_autofree char *root = g_dir_make_tmp ("hearken-XXXXXX", NULL);
  g_autofree char *dir = g_build_filename (root, "pack", NULL);
  g_autofree char *clips = g_build_filename (dir, "clips", NULL);
  g_autofree char *clip = g_build_filename (clips, "hello-en.ogg", NULL);
  g_autofree char *secret = g_build_filename (root, "secret.ogg", NULL);
  g_autofree char *link = g_build_filename (clips, "link.ogg", NULL);
  struct {
    const char *audio;
    const char *needle;
  } cases[] = {
    { "../secret.ogg", "outside the scenario’s folder" },
    { "clips/../../secret.ogg", "outside the scenario’s folder" },
    { "/etc/passwd", "outside the scenario’s folder" },
    { "clips/link.ogg", "outside the scenario’s folder" },
    { "clips/missing.ogg", "was not found" },
    { "clips", "not a regular file" },
  };

  g_assert_cmpint (g_mkdir_with_parents (clips, 0755), ==, 0);
  g_assert_true (g_file_set_contents (clip, "OggS", -1, NULL));
  g_assert_true (g_file_set_contents (secret, "OggS", -1, NULL));
  g_assert_cmpint (symlink (secret, link), ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *member = g_strdup_printf ("\"text\": {\"en\": \"Hello.\", \"it\": \"Pronto.\"},\n"
                                                 "      \"audio\": {\"en\": \"%s\"},", cases[i].audio);
      g_autofree char *text = replace (base_scenario,
                                       "\"text\": {\"en\": \"Hello.\", \"it\": \"Pronto.\"},", member);
      g_autofree char *path = write_scenario (dir, "s.json", text);
      g_autoptr(GPtrArray) problems = new_problems ();
      g_autoptr(HkScenario) s = hk_scenario_load_file (path, NULL, FALSE, problems);
      HkScenarioProblem *p = hk_test_find_problem (problems, cases[i].needle);

      g_test_message ("clip %s", cases[i].audio);
      g_assert_null (s);
      g_assert_nonnull (p);
      g_assert_cmpint (hk_scenario_problem_get_line (p), ==, 18);
      g_assert_cmpint (hk_scenario_problem_get_column (p), ==, 17);
    }

  {
    g_autofree char *text = replace (base_scenario,
                                     "\"text\": {\"en\": \"Hello.\", \"it\": \"Pronto.\"},",
                                     "\"text\": {\"en\": \"Hello.\", \"it\": \"Pronto.\"},"
                                     " \"audio\": {\"en\": \"clips/hello-en.ogg\"},");
    g_autofree char *path = write_scenario (dir, "s.json", text);
    g_autoptr(GPtrArray) problems = new_problems ();
    g_autoptr(HkScenario) s = hk_scenario_load_file (path, NULL, FALSE, problems);
    g_autofree char *real = realpath (clip, NULL);
    HkScenarioTurn *turn;

    g_assert_nonnull (s);
    turn = hk_scenario_get_turn (s, 0);
    g_assert_cmpstr (hk_scenario_turn_get_audio (turn, "en"), ==, real);
    /* A clip is never used for another language. */
    g_assert_null (hk_scenario_turn_get_audio (turn, "it"));
    g_unlink (path);
  }

  /* Data without a folder cannot name clips at all. */
  {
    g_autofree char *text = replace (base_scenario, "\"techniques\"",
                                     "\"audio\": {\"en\": \"a.ogg\"}, \"techniques\"");

    expect_error (text, "not a file in a folder", 18, 17);
  }

  g_unlink (link);
  g_unlink (secret);
  g_unlink (clip);
  g_rmdir (clips);
  g_rmdir (dir);
  g_rmdir (root);
}

static void
test_voice_and_mood (void)
{
  g_autofree char *a = replace (base_scenario, "\"about\"",
                                "\"voice\": {\"variant\": \"f2\", \"rate\": 150}, \"about\"");
  g_autofree char *b = replace (a, "  ]\n}",
                                "  , {\"mood\": \"furious\", \"voice\": {\"pitch\": 80},"
                                " \"text\": {\"en\": \"No!\"}, \"techniques\": [\"let-finish\"],"
                                " \"examples\": {\"en\": \"I hear you.\"}}\n"
                                "  , {\"text\": {\"en\": \"Well.\"}, \"techniques\": [\"summarise\"],"
                                " \"examples\": {\"en\": \"To sum up.\"}}\n  ]\n}");
  g_autoptr(GPtrArray) problems = new_problems ();
  g_autoptr(HkScenario) s = load (b, problems);
  const HkVoice *v;

  g_assert_nonnull (s);
  g_assert_cmpuint (hk_scenario_get_n_turns (s), ==, 3);

  v = hk_scenario_turn_get_voice (hk_scenario_get_turn (s, 0));
  g_assert_cmpstr (v->variant, ==, "f2");
  g_assert_cmpint (v->rate, ==, 150);
  g_assert_cmpint (v->pitch, ==, HK_VOICE_PITCH_DEFAULT);

  /* A turn's voice changes only what it names. */
  v = hk_scenario_turn_get_voice (hk_scenario_get_turn (s, 1));
  g_assert_cmpstr (v->variant, ==, "f2");
  g_assert_cmpint (v->rate, ==, 150);
  g_assert_cmpint (v->pitch, ==, 80);
  {
    g_autofree char *name = hk_voice_espeak_name (v, "it");
    g_assert_cmpstr (name, ==, "it+f2");
  }

  /* A mood lasts until the next turn that names one. */
  g_assert_cmpstr (hk_scenario_turn_get_mood (hk_scenario_get_turn (s, 0)), ==, "frustrated");
  g_assert_cmpstr (hk_scenario_turn_get_mood (hk_scenario_get_turn (s, 1)), ==, "furious");
  g_assert_cmpstr (hk_scenario_turn_get_mood (hk_scenario_get_turn (s, 2)), ==, "furious");

  /* The new turns lack Italian: the loader warns, the scenario still loads. */
  g_assert_nonnull (hk_test_find_problem (problems, "Italiano"));
  g_assert_false (hk_scenario_problems_have_errors (problems));
  g_assert_cmpint (hk_scenario_get_coverage (s, "it"), ==, HK_COVERAGE_PARTIAL);

  {
    g_autofree char *bad = replace (base_scenario, "\"about\"",
                                    "\"voice\": {\"variant\": \"../../x\"}, \"about\"");
    expect_error (bad, "voice variant", 10, 15);
  }
  {
    g_autofree char *bad = replace (base_scenario, "\"about\"",
                                    "\"voice\": {\"rate\": 1000}, \"about\"");
    expect_error (bad, "from 80 to 450", 10, 15);
  }
}

static void
test_thresholds (void)
{
  g_autofree char *good = replace (base_scenario, "\"turns\"",
                                   "\"thresholds\": {\"long-gap\": 4.5, \"dead-air\": 8},\n  \"turns\"");
  g_autofree char *crossed = replace (base_scenario, "\"turns\"",
                                      "\"thresholds\": {\"rushed-gap\": 1.5, \"long-gap\": 1.0},\n  \"turns\"");
  g_autofree char *unknown = replace (base_scenario, "\"turns\"",
                                      "\"thresholds\": {\"pause\": 1.5},\n  \"turns\"");
  g_autofree char *range = replace (base_scenario, "\"turns\"",
                                    "\"thresholds\": {\"dead-air\": 600},\n  \"turns\"");
  g_autoptr(GPtrArray) problems = new_problems ();
  g_autoptr(HkScenario) s = load (good, problems);
  const HkThresholds *t;

  g_assert_nonnull (s);
  t = hk_scenario_get_thresholds (s);
  g_assert_nonnull (t);
  g_assert_cmpfloat (hk_thresholds_get (t, HK_THRESHOLD_LONG_GAP), ==, 4.5);
  g_assert_cmpfloat (hk_thresholds_get (t, HK_THRESHOLD_DEAD_AIR), ==, 8.0);
  g_assert_true (hk_thresholds_is_set (t, HK_THRESHOLD_LONG_GAP));
  g_assert_false (hk_thresholds_is_set (t, HK_THRESHOLD_HESITATION));
  g_assert_cmpfloat (hk_thresholds_get (t, HK_THRESHOLD_HESITATION), ==, 1.5);

  expect_error (crossed, "must be shorter", 15, 3);
  expect_error (unknown, "unknown threshold “pause”", 15, 18);
  expect_error (range, "from 1 to 60", 15, 18);
}

static void
test_search (void)
{
  g_autoptr(HkScenario) s = load (base_scenario, NULL);

  g_assert_true (hk_scenario_matches (s, "it", "doppio"));
  g_assert_true (hk_scenario_matches (s, "it", "DOUBLE"));   /* English too */
  g_assert_true (hk_scenario_matches (s, "it", "ana complaint"));
  g_assert_false (hk_scenario_matches (s, "it", "router"));
  g_assert_false (hk_scenario_matches (s, "it", "ana router"));
}

static void
test_lang (void)
{
  g_autoptr(GHashTable) map = g_hash_table_new (g_str_hash, g_str_equal);
  const char *used;

  g_hash_table_insert (map, "en", "hello");
  g_hash_table_insert (map, "pt-BR", "olá");
  g_hash_table_insert (map, "de", "hallo");

  g_assert_cmpstr (hk_lang_lookup (map, "de-AT", &used), ==, "hallo");
  g_assert_cmpstr (used, ==, "de");
  g_assert_cmpstr (hk_lang_lookup (map, "pt", &used), ==, "olá");
  g_assert_cmpstr (used, ==, "pt-BR");
  g_assert_cmpstr (hk_lang_lookup (map, "cs", &used), ==, "hello");
  g_assert_cmpstr (used, ==, "en");

  g_assert_true (hk_lang_code_is_valid ("it"));
  g_assert_true (hk_lang_code_is_valid ("pt-BR"));
  g_assert_true (hk_lang_code_is_valid ("zh-Hant-TW"));
  g_assert_false (hk_lang_code_is_valid ("italiano"));
  g_assert_false (hk_lang_code_is_valid ("e"));
  g_assert_false (hk_lang_code_is_valid ("en-"));
  g_assert_false (hk_lang_code_is_valid ("../en"));
  g_assert_cmpstr (hk_lang_endonym ("cs"), ==, "Čeština");
}

static void
test_locale_language (void)
{
  g_autofree char *lang = NULL;

  g_setenv ("LANGUAGE", "cs_CZ:de", TRUE);
  lang = hk_lang_from_locale ();
  /* Only meaningful when the locale is not C; g_get_language_names() reads
   * LANGUAGE regardless, so this holds either way. */
  g_assert_cmpstr (lang, ==, "cs");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/Scenario/load/valid", test_valid);
  g_test_add_func ("/Scenario/load/syntax", test_syntax);
  g_test_add_func ("/Scenario/load/unknown-category", test_unknown_category);
  g_test_add_func ("/Scenario/load/missing-english", test_missing_english);
  g_test_add_func ("/Scenario/load/missing-member", test_missing_member);
  g_test_add_func ("/Scenario/load/wrong-type", test_wrong_type);
  g_test_add_func ("/Scenario/load/out-of-range", test_out_of_range);
  g_test_add_func ("/Scenario/load/unknown-technique", test_unknown_technique);
  g_test_add_func ("/Scenario/load/bad-utf8", test_bad_utf8);
  g_test_add_func ("/Scenario/load/bad-language-code", test_bad_language_code);
  g_test_add_func ("/Scenario/load/lone-surrogate", test_lone_surrogate);
  g_test_add_func ("/Scenario/load/empty-text", test_empty_text);
  g_test_add_func ("/Scenario/load/empty-and-not-object", test_empty_and_not_object);
  g_test_add_func ("/Scenario/load/unknown-member-warns", test_unknown_member_warns);
  g_test_add_func ("/Scenario/load/problem-flood", test_duplicate_in_many_places);
  g_test_add_func ("/Scenario/load/huge-file", test_huge_file);
  g_test_add_func ("/Scenario/load/many-turns", test_many_turns);
  g_test_add_func ("/Scenario/load/long-text", test_long_text);
  g_test_add_func ("/Scenario/load/clips", test_clips);
  g_test_add_func ("/Scenario/load/voice-and-mood", test_voice_and_mood);
  g_test_add_func ("/Scenario/load/thresholds", test_thresholds);
  g_test_add_func ("/Scenario/search", test_search);
  g_test_add_func ("/Scenario/lang/lookup", test_lang);
  g_test_add_func ("/Scenario/lang/locale", test_locale_language);

  return g_test_run ();
}
