/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Sessions on disk: session.json written and read back, damaged files
 * listed as damaged and never written over, and the sessions folder as a
 * list, newest first. */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "hk-scenario-loader.h"
#include "hk-session-store.h"
#include "hk-test-util.h"

static char *tmp_dir;

static HkScenario *
load_scenario (void)
{
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_object_unref);
  HkScenario *s = hk_scenario_load_data (hk_test_scenario_json, strlen (hk_test_scenario_json), "test", tmp_dir, problems);

  g_assert_nonnull (s);
  return s;
}

static void
test_round_trip (void)
{
  g_autofree char *folder = g_build_filename (tmp_dir, "one", NULL);
  g_autoptr(HkScenario) scenario = load_scenario ();
  g_autoptr(HkSession) session = hk_session_new (folder, scenario, "it", "solo");
  g_autoptr(HkSession) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  const HkSessionTurn *t;

  g_assert_cmpint (hk_session_get_state (session), ==, HK_SESSION_RECORDING);
  g_assert_cmpstr (hk_session_get_title (session), ==, "Due frasi brevi");
  /* Missing Italian: the line as spoken, in English. */
  g_assert_cmpstr (hk_session_get_turn_text (session, 1), ==, "Thank you, goodbye.");
  hk_session_add_turn (session, 0, 0.25, 2.5);
  hk_session_add_turn (session, 1, 6.0, 7.25);
  hk_session_set_duration (session, 9.5);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "duration");
  json_builder_add_double_value (b, 9.5);
  json_builder_end_object (b);
  hk_session_set_analysis (session, json_builder_get_root (b));
  hk_session_set_state (session, HK_SESSION_COMPLETE);
  g_assert_true (hk_session_save (session, &error));
  g_assert_no_error (error);

  back = hk_session_load (folder, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (hk_session_get_id (back), ==, "one");
  g_assert_cmpint (hk_session_get_state (back), ==, HK_SESSION_COMPLETE);
  g_assert_cmpstr (hk_session_get_language (back), ==, "it");
  g_assert_cmpstr (hk_session_get_scenario_id (back), ==, "test-two-lines");
  g_assert_cmpstr (hk_session_get_title (back), ==, "Due frasi brevi");
  g_assert_cmpstr (hk_session_get_turn_text (back, 0), ==, "La bolletta è sbagliata.");
  g_assert_cmpfloat (hk_session_get_duration (back), ==, 9.5);
  g_assert_cmpuint (hk_session_get_turns (back)->len, ==, 2);
  t = &g_array_index (hk_session_get_turns (back), HkSessionTurn, 1);
  g_assert_cmpuint (t->index, ==, 1);
  g_assert_cmpfloat (t->start, ==, 6.0);
  g_assert_cmpfloat (t->end, ==, 7.25);
  g_assert_nonnull (hk_session_get_analysis (back));
  /* The scenario's own threshold travels with the session. */
  g_assert_true (hk_thresholds_is_set (hk_session_get_thresholds (back), HK_THRESHOLD_LONG_GAP));
  g_assert_cmpfloat (hk_thresholds_get (hk_session_get_thresholds (back), HK_THRESHOLD_LONG_GAP), ==, 4.5);
  g_assert_false (hk_thresholds_is_set (hk_session_get_thresholds (back), HK_THRESHOLD_DEAD_AIR));
  g_assert_true (g_date_time_equal (hk_session_get_created (back), hk_session_get_created (session)) ||
                 ABS (g_date_time_difference (hk_session_get_created (back), hk_session_get_created (session))) < 1000);
}

/* A trainer's comments: kept in order of time, edited and removed by
 * id, and saved with the trainee's name. Comments that make no sense in
 * a file are dropped; the session still loads. */
static void
test_comments (void)
{
  g_autofree char *folder = g_build_filename (tmp_dir, "comments", NULL);
  g_autofree char *path = g_build_filename (folder, "session.json", NULL);
  g_autoptr(HkScenario) scenario = load_scenario ();
  g_autoptr(HkSession) session = hk_session_new (folder, scenario, "en", "solo");
  g_autoptr(HkSession) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *late = NULL, *early = NULL, *text = NULL;
  const GArray *comments;
  const HkSessionComment *c;

  hk_session_set_trainee (session, "  Eva Nováková ");
  g_assert_cmpstr (hk_session_get_trainee (session), ==, "Eva Nováková");
  late = g_strdup (hk_session_add_comment (session, 12.5, 14.0, "Good <b>pause</b> here"));
  early = g_strdup (hk_session_add_comment (session, 3.0, 1.0, "You cut in"));
  comments = hk_session_get_comments (session);
  g_assert_cmpuint (comments->len, ==, 2);
  c = &g_array_index (comments, HkSessionComment, 0);
  g_assert_cmpstr (c->id, ==, early);
  g_assert_cmpfloat (c->end, ==, 3.0);   /* a moment, not a span backwards */
  g_assert_true (hk_session_edit_comment (session, early, "You cut in at the price"));
  g_assert_false (hk_session_edit_comment (session, "no-such-id", "x"));
  g_assert_true (hk_session_save (session, &error));
  g_assert_no_error (error);

  back = hk_session_load (folder, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (hk_session_get_trainee (back), ==, "Eva Nováková");
  g_assert_cmpuint (hk_session_get_comments (back)->len, ==, 2);
  c = hk_session_find_comment (back, early);
  g_assert_nonnull (c);
  g_assert_cmpstr (c->text, ==, "You cut in at the price");
  c = hk_session_find_comment (back, late);
  g_assert_nonnull (c);
  g_assert_cmpfloat (c->start, ==, 12.5);
  g_assert_cmpfloat (c->end, ==, 14.0);
  g_assert_cmpstr (c->text, ==, "Good <b>pause</b> here");
  g_assert_true (hk_session_remove_comment (back, late));
  g_assert_false (hk_session_remove_comment (back, late));
  g_assert_cmpuint (hk_session_get_comments (back)->len, ==, 1);
  g_clear_object (&back);

  /* Damaged comments in an otherwise good file. */
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  {
    g_autoptr(GString) s = g_string_new (text);

    g_assert_cmpuint (g_string_replace (s, "\"comments\": [", "\"comments\": [ 7, {\"start\": \"x\"}, {\"text\": \"no time\"},", 1), ==, 1);
    g_assert_true (g_file_set_contents (path, s->str, -1, NULL));
  }
  back = hk_session_load (folder, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hk_session_get_comments (back)->len, ==, 2);
}

static void
write_session (const char *name,
               const char *json)
{
  g_autofree char *folder = g_build_filename (tmp_dir, "store", name, NULL);
  g_autofree char *path = g_build_filename (folder, "session.json", NULL);

  g_assert_cmpint (g_mkdir_with_parents (folder, 0755), ==, 0);
  if (json != NULL)
    g_assert_true (g_file_set_contents (path, json, -1, NULL));
}

#define GOOD(state) \
  "{\"format\": 1, \"state\": \"" state "\", \"created\": \"2026-11-20T10:00:00Z\", " \
  "\"scenario\": {\"id\": \"x\", \"title\": \"X\"}}"

static void
test_damaged (void)
{
  static const struct { const char *name, *json, *says; } cases[] = {
    { "2026-11-20T10-00-01_missing", NULL, "is missing" },
    { "2026-11-20T10-00-02_not-json", "{ \"format\": 1,", "damaged" },
    { "2026-11-20T10-00-03_array", "[1, 2]", "does not hold a JSON object" },
    { "2026-11-20T10-00-04_format", "{\"format\": 99}", "not a session file" },
    { "2026-11-20T10-00-05_state", "{\"format\": 1, \"state\": \"lost\"}", "state" },
    { "2026-11-20T10-00-06_date", "{\"format\": 1, \"state\": \"complete\", \"created\": 7}", "date" },
    { "2026-11-20T10-00-07_scenario",
      "{\"format\": 1, \"state\": \"complete\", \"created\": \"2026-11-20T10:00:00Z\"}", "scenario" },
    { "2026-11-20T10-00-08_turns",
      "{\"format\": 1, \"state\": \"complete\", \"created\": \"2026-11-20T10:00:00Z\", "
      "\"scenario\": {\"id\": \"x\"}, \"turns\": [3]}", "turn" },
  };
  g_autofree char *dir = g_build_filename (tmp_dir, "store", NULL);
  g_autoptr(HkSessionStore) store = NULL;
  g_autoptr(GPtrArray) unfinished = NULL;
  guint n_damaged = 0;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    write_session (cases[i].name, cases[i].json);
  write_session ("2026-11-21T09-00-00_fine", GOOD ("complete"));
  write_session ("2026-11-19T09-00-00_open", GOOD ("recording"));
  /* Wrong types where strings are expected are not fatal. */
  write_session ("2026-11-18T09-00-00_odd",
                 "{\"format\": 1, \"state\": \"complete\", \"created\": \"2026-11-18T09:00:00Z\", "
                 "\"language\": 5, \"duration\": \"long\", \"scenario\": {\"id\": \"x\", \"lines\": [1, \"a\"]}}");

  store = hk_session_store_new (dir);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, G_N_ELEMENTS (cases) + 3);

  /* Newest first, by the time in the folder name. */
  {
    g_autoptr(HkSession) first = g_list_model_get_item (G_LIST_MODEL (store), 0);

    g_assert_cmpstr (hk_session_get_id (first), ==, "2026-11-21T09-00-00_fine");
  }

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (store)); i++)
    {
      g_autoptr(HkSession) s = g_list_model_get_item (G_LIST_MODEL (store), i);

      if (hk_session_get_state (s) != HK_SESSION_DAMAGED)
        continue;
      n_damaged++;
      for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
        if (g_str_equal (cases[c].name, hk_session_get_id (s)))
          {
            g_test_message ("%s: %s", cases[c].name, hk_session_get_problem (s));
            g_assert_nonnull (strstr (hk_session_get_problem (s), cases[c].says));
          }
      /* Never written over. */
      g_test_expect_message ("hk-session", G_LOG_LEVEL_CRITICAL, "*state != HK_SESSION_DAMAGED*");
      g_assert_false (hk_session_save (s, NULL));
      g_test_assert_expected_messages ();
    }
  g_assert_cmpuint (n_damaged, ==, G_N_ELEMENTS (cases));

  unfinished = hk_session_store_get_unfinished (store);
  g_assert_cmpuint (unfinished->len, ==, 1);
  g_assert_cmpstr (hk_session_get_id (unfinished->pdata[0]), ==, "2026-11-19T09-00-00_open");
  g_assert_nonnull (hk_session_store_lookup (store, "2026-11-18T09-00-00_odd"));
  g_assert_null (hk_session_store_lookup (store, "nothing"));
}

static void
test_create (void)
{
  g_autofree char *dir = g_build_filename (tmp_dir, "created", NULL);
  g_autoptr(HkSessionStore) store = hk_session_store_new (dir);
  g_autoptr(HkScenario) scenario = load_scenario ();
  g_autoptr(HkSession) a = NULL;
  g_autoptr(HkSession) b = NULL;
  g_autoptr(GError) error = NULL;

  /* A folder that does not exist yet is an empty list. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 0);

  a = hk_session_store_create (store, scenario, "en", "solo", &error);
  g_assert_no_error (error);
  b = hk_session_store_create (store, scenario, "en", "pair", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (hk_session_get_id (a), !=, hk_session_get_id (b));
  g_assert_true (g_str_has_suffix (hk_session_get_id (a), "_test-two-lines") ||
                 g_str_has_suffix (hk_session_get_id (a), "_test-two-lines-2"));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 2);

  hk_session_store_reload (store);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 2);
  g_assert_cmpstr (hk_session_get_mode (hk_session_store_lookup (store, hk_session_get_id (b))), ==, "pair");
  g_assert_cmpint (hk_session_get_state (hk_session_store_lookup (store, hk_session_get_id (a))), ==,
                   HK_SESSION_RECORDING);

  /* A discarded call leaves nothing behind; the other stays. */
  {
    HkSession *gone = hk_session_store_lookup (store, hk_session_get_id (a));
    g_autofree char *folder = g_strdup (hk_session_get_folder (gone));
    g_autofree char *call = hk_session_get_call_path (gone);

    g_assert_true (g_file_set_contents (call, "OggS", 4, NULL));
    g_assert_true (hk_session_store_discard (store, gone, &error));
    g_assert_no_error (error);
    g_assert_false (g_file_test (folder, G_FILE_TEST_EXISTS));
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 1);
    g_assert_nonnull (hk_session_store_lookup (store, hk_session_get_id (b)));
  }
}

/* A pair round: its shared id, round, both names and the partner's
 * feedback survive a save; the answering partner is the trainee. */
static void
test_pair_round_trip (void)
{
  g_autofree char *folder = g_build_filename (tmp_dir, "pair", NULL);
  g_autoptr(HkScenario) scenario = load_scenario ();
  g_autoptr(HkSession) session = hk_session_new (folder, scenario, "en", "solo");
  g_autoptr(HkSession) back = NULL;
  g_autoptr(HkSession) solo = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *solo_folder = g_build_filename (tmp_dir, "solo-no-pair", NULL);
  JsonObject *feedback;

  g_assert_false (hk_session_is_pair (session));
  g_assert_null (hk_session_get_pair_id (session));
  g_assert_cmpuint (hk_session_get_round (session), ==, 0);

  hk_session_set_pair (session, "2026-11-23T14-05-09_test-two-lines", 2, " Jan Novák ", "Eva", TRUE);
  g_assert_true (hk_session_is_pair (session));
  g_assert_cmpstr (hk_session_get_mode (session), ==, "pair");
  g_assert_cmpstr (hk_session_get_trainee (session), ==, "Eva");
  g_assert_cmpstr (hk_session_get_partner (session, HK_PARTNER_A), ==, "Jan Novák");

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "heard");
  json_builder_add_string_value (b, "yes");
  json_builder_set_member_name (b, "helped");
  json_builder_add_string_value (b, "She said back what I <wanted>.");
  json_builder_end_object (b);
  hk_session_set_partner_feedback (session, json_builder_get_root (b));
  g_assert_true (hk_session_save (session, &error));
  g_assert_no_error (error);

  back = hk_session_load (folder, &error);
  g_assert_no_error (error);
  g_assert_true (hk_session_is_pair (back));
  g_assert_cmpstr (hk_session_get_pair_id (back), ==, "2026-11-23T14-05-09_test-two-lines");
  g_assert_cmpuint (hk_session_get_round (back), ==, 2);
  g_assert_cmpstr (hk_session_get_partner (back, HK_PARTNER_A), ==, "Jan Novák");
  g_assert_cmpstr (hk_session_get_partner (back, HK_PARTNER_B), ==, "Eva");
  g_assert_cmpstr (hk_session_get_trainee (back), ==, "Eva");
  g_assert_true (hk_session_get_customer_voice (back));
  g_assert_nonnull (hk_session_get_partner_feedback (back));
  feedback = json_node_get_object (hk_session_get_partner_feedback (back));
  g_assert_cmpstr (json_object_get_string_member (feedback, "heard"), ==, "yes");
  g_assert_cmpstr (json_object_get_string_member (feedback, "helped"), ==, "She said back what I <wanted>.");
  /* The listener's reflection is a separate thing. */
  g_assert_null (hk_session_get_reflection (back));

  /* A solo call writes no pair member and reads back without one. */
  solo = hk_session_new (solo_folder, scenario, "en", "solo");
  g_assert_true (hk_session_save (solo, &error));
  g_clear_object (&solo);
  solo = hk_session_load (solo_folder, &error);
  g_assert_no_error (error);
  g_assert_null (hk_session_get_pair_id (solo));
  g_assert_null (hk_session_get_partner (solo, HK_PARTNER_B));
  g_assert_null (hk_session_get_partner_feedback (solo));
}

#define PAIR_SESSION(pair, feedback) \
  "{\"format\": 1, \"state\": \"complete\", \"created\": \"2026-11-20T10:00:00Z\", " \
  "\"mode\": \"pair\", \"trainee\": \"Eva\", \"scenario\": {\"id\": \"x\", \"title\": \"X\"}, " \
  "\"pair\": " pair ", \"partner-feedback\": " feedback "}"

/* Damaged pair members are not fatal: what makes sense is kept. */
static void
test_pair_damaged (void)
{
  static const struct {
    const char *name, *json, *id;
    guint round;
    const char *partner_a;
    gboolean feedback;
  } cases[] = {
    { "2026-11-20T10-00-01_pair-ok",
      PAIR_SESSION ("{\"id\": \"p1\", \"round\": 1, \"partner-a\": \"Jan\", \"partner-b\": \"Eva\"}", "{}"),
      "p1", 1, "Jan", TRUE },
    { "2026-11-20T10-00-02_pair-array", PAIR_SESSION ("[1, 2]", "[]"), NULL, 0, NULL, FALSE },
    { "2026-11-20T10-00-03_pair-no-id", PAIR_SESSION ("{\"round\": 1}", "7"), NULL, 0, NULL, FALSE },
    { "2026-11-20T10-00-04_pair-odd",
      PAIR_SESSION ("{\"id\": \"p2\", \"round\": 7, \"partner-a\": 3, \"customer-voice\": \"yes\"}", "null"),
      "p2", 0, NULL, FALSE },
    { "2026-11-20T10-00-05_pair-empty-id", PAIR_SESSION ("{\"id\": \"\", \"round\": 2}", "\"x\""),
      NULL, 0, NULL, FALSE },
  };
  g_autofree char *dir = g_build_filename (tmp_dir, "pair-store", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *folder = g_build_filename (dir, cases[i].name, NULL);
      g_autofree char *path = g_build_filename (folder, "session.json", NULL);
      g_autoptr(HkSession) s = NULL;
      g_autoptr(GError) error = NULL;

      g_assert_cmpint (g_mkdir_with_parents (folder, 0755), ==, 0);
      g_assert_true (g_file_set_contents (path, cases[i].json, -1, NULL));
      s = hk_session_load (folder, &error);
      g_assert_no_error (error);
      g_assert_true (hk_session_is_pair (s));
      g_assert_cmpstr (hk_session_get_trainee (s), ==, "Eva");
      g_assert_cmpstr (hk_session_get_pair_id (s), ==, cases[i].id);
      g_assert_cmpuint (hk_session_get_round (s), ==, cases[i].round);
      g_assert_cmpstr (hk_session_get_partner (s, HK_PARTNER_A), ==, cases[i].partner_a);
      g_assert_false (hk_session_get_customer_voice (s));
      g_assert_true ((hk_session_get_partner_feedback (s) != NULL) == cases[i].feedback);
      /* Written back, it reads the same. */
      g_assert_true (hk_session_save (s, &error));
      g_assert_no_error (error);
    }
}

/* The two rounds of a pair session find each other in the store; a
 * retake of round one is found as the newest. */
static void
test_pair_rounds (void)
{
  g_autofree char *dir = g_build_filename (tmp_dir, "pair-rounds", NULL);
  g_autoptr(HkSessionStore) store = hk_session_store_new (dir);
  g_autoptr(HkScenario) scenario = load_scenario ();
  g_autoptr(HkSession) one = NULL, two = NULL, again = NULL, other = NULL;
  g_autoptr(GPtrArray) rounds = NULL;
  g_autoptr(GError) error = NULL;
  const char *pair_id;

  one = hk_session_store_create (store, scenario, "en", "pair", &error);
  g_assert_no_error (error);
  pair_id = hk_session_get_id (one);
  hk_session_set_pair (one, pair_id, 1, "Jan", "Eva", FALSE);
  g_assert_true (hk_session_save (one, &error));
  /* Nothing yet to pair with. */
  g_assert_null (hk_session_store_find_other_round (store, one));

  two = hk_session_store_create (store, scenario, "en", "pair", &error);
  g_assert_no_error (error);
  hk_session_set_pair (two, pair_id, 2, "Eva", "Jan", FALSE);
  g_assert_true (hk_session_save (two, &error));
  other = hk_session_store_create (store, scenario, "en", "pair", &error);
  hk_session_set_pair (other, "another-pair", 1, "Ana", "Ben", FALSE);
  g_assert_true (hk_session_save (other, &error));

  hk_session_store_reload (store);
  {
    HkSession *r1 = hk_session_store_lookup (store, hk_session_get_id (one));
    HkSession *r2 = hk_session_store_lookup (store, hk_session_get_id (two));

    g_assert_true (hk_session_store_find_other_round (store, r1) == r2);
    g_assert_true (hk_session_store_find_other_round (store, r2) == r1);
    g_assert_cmpstr (hk_session_get_trainee (r2), ==, "Jan");
  }

  /* Round one practised again: the newer take is the one found. */
  again = hk_session_store_create (store, scenario, "en", "pair", &error);
  g_assert_no_error (error);
  hk_session_set_pair (again, pair_id, 1, "Jan", "Eva", FALSE);
  g_assert_true (hk_session_save (again, &error));
  hk_session_store_reload (store);
  g_assert_true (hk_session_store_find_other_round (store, hk_session_store_lookup (store, hk_session_get_id (two))) ==
                 hk_session_store_lookup (store, hk_session_get_id (again)));

  rounds = hk_session_store_get_pair_rounds (store, pair_id);
  g_assert_cmpuint (rounds->len, ==, 3);
  g_clear_pointer (&rounds, g_ptr_array_unref);
  rounds = hk_session_store_get_pair_rounds (store, "no-such-pair");
  g_assert_cmpuint (rounds->len, ==, 0);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  tmp_dir = g_dir_make_tmp ("hearken-session-XXXXXX", NULL);

  g_test_add_func ("/Session/round-trip", test_round_trip);
  g_test_add_func ("/Session/comments", test_comments);
  g_test_add_func ("/Session/damaged", test_damaged);
  g_test_add_func ("/Session/create", test_create);
  g_test_add_func ("/Session/pair/round-trip", test_pair_round_trip);
  g_test_add_func ("/Session/pair/damaged", test_pair_damaged);
  g_test_add_func ("/Session/pair/rounds", test_pair_rounds);

  status = g_test_run ();
  hk_test_remove_tree (tmp_dir);
  g_free (tmp_dir);
  return status;
}
