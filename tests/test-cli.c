/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "hk-call-analysis.h"
#include "hk-peaks.h"
#include "hk-scenario-loader.h"
#include "hk-session.h"
#include "hk-test-speech.h"
#include "hk-test-util.h"
#include "hk-vad.h"

static int
run_cli (const char * const *args,
         char              **out,
         char              **err)
{
  return hk_test_run_cli (NULL, args, out, err);
}

static void
test_validate_shipped (void)
{
  g_autoptr(GPtrArray) files = hk_test_shipped_files ();
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(GPtrArray) args = g_ptr_array_new ();

  g_ptr_array_add (args, "validate");
  g_ptr_array_add (args, "--strict");
  g_ptr_array_add (args, "--all-languages");
  for (guint i = 0; i < files->len; i++)
    g_ptr_array_add (args, g_ptr_array_index (files, i));
  g_ptr_array_add (args, NULL);

  g_assert_cmpint (run_cli ((const char * const *) args->pdata, &out, &err), ==, 0);
  g_assert_cmpstr (out, ==, "");
  g_assert_nonnull (strstr (err, "no errors"));
}

static void
test_validate_broken (void)
{
  g_autofree char *dir = g_dir_make_tmp ("hearken-XXXXXX", NULL);
  g_autofree char *bad = g_build_filename (dir, "bad.json", NULL);
  g_autofree char *wrong = g_build_filename (dir, "wrong.json", NULL);
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *expected = NULL;
  const char *args[] = { "validate", bad, wrong, NULL };

  g_assert_true (g_file_set_contents (bad, "{\n  \"id\": \"x\",\n  \"version\" 1\n}\n", -1, NULL));
  g_assert_true (g_file_set_contents (wrong, "{\n  \"id\": \"Bad Id\"\n}\n", -1, NULL));

  g_assert_cmpint (run_cli (args, &out, &err), ==, 1);
  /* FILE:LINE:COL: message, one problem a line. */
  expected = g_strdup_printf ("%s:3:11: not valid JSON", bad);
  g_assert_true (g_str_has_prefix (out, expected));
  g_free (expected);
  expected = g_strdup_printf ("%s:2:3: the id “Bad Id” is not allowed", wrong);
  g_assert_nonnull (strstr (out, expected));
  g_free (expected);
  expected = g_strdup_printf ("%s:1:1: “version” is missing", wrong);
  g_assert_nonnull (strstr (out, expected));
  g_assert_nonnull (strstr (err, "2 of 2 files have errors"));

  g_remove (bad);
  g_remove (wrong);
  g_rmdir (dir);
}

static void
test_usage_errors (void)
{
  g_autofree char *out = NULL, *err = NULL;
  const char *none[] = { NULL };
  const char *unknown[] = { "frobnicate", NULL };
  const char *no_files[] = { "validate", NULL };
  const char *bad_lang[] = { "list", "--lang", "klingon!", NULL };
  const char *bad_cat[] = { "list", "--category", "shouting", NULL };
  const char *missing[] = { "validate", "/nonexistent/file.json", NULL };

  g_assert_cmpint (run_cli (none, &out, &err), ==, 2);
  g_clear_pointer (&out, g_free); g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (unknown, &out, &err), ==, 2);
  g_assert_nonnull (strstr (err, "unknown command “frobnicate”"));
  g_clear_pointer (&out, g_free); g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (no_files, &out, &err), ==, 2);
  g_clear_pointer (&out, g_free); g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (bad_lang, &out, &err), ==, 2);
  g_assert_nonnull (strstr (err, "not a language code"));
  g_clear_pointer (&out, g_free); g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (bad_cat, &out, &err), ==, 2);
  g_assert_nonnull (strstr (err, "angry-caller"));
  g_clear_pointer (&out, g_free); g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (missing, &out, &err), ==, 1);
  g_assert_nonnull (strstr (out, "/nonexistent/file.json: cannot be read"));
}

static void
test_list_json (void)
{
  g_autofree char *out = NULL, *err = NULL;
  const char *args[] = { "list", "--lang", "it", "--category", "angry-caller", "--json", NULL };
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonArray *array;

  g_assert_cmpint (run_cli (args, &out, &err), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, NULL));
  array = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (array), >=, 4);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *o = json_array_get_object_element (array, i);

      g_assert_cmpstr (json_object_get_string_member (o, "category"), ==, "angry-caller");
      g_assert_cmpstr (json_object_get_string_member (o, "language"), ==, "it");
      g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "languages")), ==, 7);
      g_assert_true (json_object_get_boolean_member (o, "builtin"));
    }
}

static void
test_list_table (void)
{
  g_autofree char *out = NULL, *err = NULL;
  const char *args[] = { "list", "--lang", "cs", NULL };
  g_auto(GStrv) lines = NULL;

  g_assert_cmpint (run_cli (args, &out, &err), ==, 0);
  lines = g_strsplit (g_strchomp (out), "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), >=, 16);
  /* No English fallback marks: every shipped title exists in Czech. */
  g_assert_null (strstr (out, "[en]"));
}

static void
test_list_user_scenario (void)
{
  g_autofree char *dir = g_build_filename (g_get_user_data_dir (), "hearken", "scenarios", NULL);
  g_autofree char *path = g_build_filename (dir, "mine.json", NULL);
  g_autofree char *broken = g_build_filename (dir, "broken.json", NULL);
  g_autofree char *out = NULL, *err = NULL;
  const char *args[] = { "list", "--lang", "de", NULL };

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  g_assert_true (g_file_set_contents (path,
    "{\"id\": \"my-own\", \"version\": 1, \"category\": \"feedback\", \"sector\": \"other\",\n"
    " \"difficulty\": 1, \"persona\": {\"name\": \"Eva\", \"mood\": \"calm\", \"about\": {\"en\": \"A client.\"}},\n"
    " \"title\": {\"en\": \"My own scenario\"}, \"brief\": {\"en\": \"Ask.\"}, \"tips\": {\"en\": [\"Ask.\"]},\n"
    " \"turns\": [{\"text\": {\"en\": \"Hi.\"}, \"techniques\": [\"open-question\"],\n"
    "             \"examples\": {\"en\": \"How was it?\"}}]}\n", -1, NULL));
  g_assert_true (g_file_set_contents (broken, "{\"id\": ", -1, NULL));

  g_assert_cmpint (run_cli (args, &out, &err), ==, 0);
  /* German is missing: the title falls back to English and says so. */
  g_assert_nonnull (strstr (out, "My own scenario [en]"));
  g_assert_nonnull (strstr (err, "broken.json:1:"));

  g_remove (path);
  g_remove (broken);
}

/* A call: the customer from 0.5 s, the trainee 1 s after. */
static char *
write_call (const char *dir,
            guint       n_channels)
{
  gsize nc, nt;
  g_autofree float *c = hk_test_speak ("en", 170, "Why does my bill say ninety euros?", &nc);
  g_autofree float *t = hk_test_speak ("en+f3", 170, "Let me look at it with you.", &nt);
  g_autoptr(HkSegments) cs = hk_test_true_segments (c, nc, 0.5);
  gsize t_at = (gsize) ((hk_segments_get (cs, hk_segments_get_n (cs) - 1)->end + 1.0) * HK_VAD_RATE);
  gsize n = t_at + nt + HK_VAD_RATE / 2;
  g_autofree float *x = g_new0 (float, n * n_channels);
  char *path = g_build_filename (dir, n_channels == 2 ? "call.wav" : "trainee.wav", NULL);

  for (gsize i = 0; i < nc && n_channels == 2; i++)
    x[2 * (HK_VAD_RATE / 2 + i)] = c[i];
  for (gsize i = 0; i < nt; i++)
    x[(t_at + i) * n_channels + n_channels - 1] = t[i];
  g_assert_true (hk_test_write_wav (path, x, n, n_channels, HK_VAD_RATE, NULL));
  return path;
}

static void
test_analyze (void)
{
  g_autofree char *dir = g_dir_make_tmp ("hearken-XXXXXX", NULL);
  g_autofree char *call = write_call (dir, 2);
  g_autofree char *labels = g_build_filename (dir, "call.txt", NULL);
  g_autofree char *grid = g_build_filename (dir, "call.TextGrid", NULL);
  g_autofree char *peaks_path = g_build_filename (dir, "peaks.bin", NULL);
  g_autofree char *out = NULL, *err = NULL, *text = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(HkPeaks) peaks = NULL;
  HkPeaksStamp stamp;
  JsonObject *root, *marker;
  JsonArray *markers;

  {
    const char *args[] = { "analyze", "--json", "--labels", labels, "--textgrid", grid,
                           "--peaks", peaks_path, call, NULL };

    g_assert_cmpint (run_cli (args, &out, &err), ==, 0);
  }
  g_assert_cmpstr (err, ==, "");
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "mode"), ==, "two-party");
  g_assert_true (json_object_has_member (json_object_get_object_member (root, "parties"), "customer"));
  markers = json_object_get_array_member (root, "markers");
  g_assert_cmpuint (json_array_get_length (markers), ==, 1);
  marker = json_array_get_object_element (markers, 0);
  g_assert_cmpstr (json_object_get_string_member (marker, "type"), ==, "response-gap");
  g_assert_cmpstr (json_object_get_string_member (marker, "class"), ==, "room");
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (marker, "end") -
                                  json_object_get_double_member (marker, "start"), 1.0, 0.06);

  g_assert_true (g_file_get_contents (labels, &text, NULL, NULL));
  g_assert_nonnull (strstr (text, "\tresponse-gap (room) trainee\n"));
  g_clear_pointer (&text, g_free);
  g_assert_true (g_file_get_contents (grid, &text, NULL, NULL));
  g_assert_true (g_str_has_prefix (text, "File type = \"ooTextFile\""));
  g_assert_true (hk_peaks_stamp_for_file (call, &stamp, NULL));
  peaks = hk_peaks_load (peaks_path, &stamp, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hk_peaks_get_n_channels (peaks), ==, 2);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* The table, and a threshold changed from the command line. */
  {
    const char *args[] = { "analyze", "--set", "long-gap=0.6", call, NULL };

    g_assert_cmpint (run_cli (args, &out, &err), ==, 0);
  }
  g_assert_nonnull (strstr (out, "customer and trainee"));
  g_assert_nonnull (strstr (out, "Talk time"));
  g_assert_nonnull (strstr (out, "Response gap (long)"));
  g_assert_nonnull (strstr (out, "to answer: a silence this long can feel like dead air."));

  g_remove (labels);
  g_remove (grid);
  g_remove (peaks_path);
  g_remove (call);
  g_rmdir (dir);
}

static void
test_analyze_mono_and_silence (void)
{
  g_autofree char *dir = g_dir_make_tmp ("hearken-XXXXXX", NULL);
  g_autofree char *mono = write_call (dir, 1);
  g_autofree char *silent = g_build_filename (dir, "silent.wav", NULL);
  g_autofree float *zeros = g_new0 (float, 2 * HK_VAD_RATE * 3);
  g_autofree char *out = NULL, *err = NULL;

  {
    const char *args[] = { "analyze", mono, NULL };

    g_assert_cmpint (run_cli (args, &out, &err), ==, 0);
  }
  g_assert_nonnull (strstr (out, "the trainee alone"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_true (hk_test_write_wav (silent, zeros, HK_VAD_RATE * 3, 2, HK_VAD_RATE, NULL));
  {
    const char *args[] = { "analyze", silent, NULL };

    g_assert_cmpint (run_cli (args, &out, &err), ==, 0);
  }
  g_assert_nonnull (strstr (out, "Heard no speech"));
  g_assert_null (strstr (out, "Markers"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  {
    const char *args[] = { "analyze", "--json", silent, NULL };

    g_assert_cmpint (run_cli (args, &out, &err), ==, 0);
  }
  g_assert_nonnull (strstr (out, "\"heard-speech\": false"));
  g_assert_nonnull (strstr (out, "\"markers\": []"));
  g_assert_nonnull (strstr (err, "heard no speech"));

  g_remove (mono);
  g_remove (silent);
  g_rmdir (dir);
}

static void
test_analyze_bad_input (void)
{
  g_autofree char *dir = g_dir_make_tmp ("hearken-XXXXXX", NULL);
  g_autofree char *missing = g_build_filename (dir, "nothing.ogg", NULL);
  g_autofree char *notes = g_build_filename (dir, "notes.wav", NULL);
  const char *bad_files[] = { missing, notes, dir };
  const char *usage[][5] = {
    { "analyze", NULL },
    { "analyze", "--customer", notes, NULL },
    { "analyze", "--set", "long-gap=lots", notes, NULL },
    { "analyze", "--set", "loudness=3", notes, NULL },
    { "analyze", notes, notes, NULL },
  };

  g_assert_true (g_file_set_contents (notes, "not audio at all", -1, NULL));

  /* Unreadable input: exit 1 and one line on stderr naming the file. */
  for (guint i = 0; i < G_N_ELEMENTS (bad_files); i++)
    {
      g_autofree char *out = NULL, *err = NULL;
      const char *args[] = { "analyze", bad_files[i], NULL };

      g_assert_cmpint (run_cli (args, &out, &err), ==, 1);
      g_assert_cmpstr (out, ==, "");
      g_assert_true (g_str_has_prefix (err, "hearken-cli analyze: "));
      g_assert_nonnull (strstr (err, bad_files[i]));
      g_assert_cmpint (strchr (err, '\n') - err, ==, (int) strlen (err) - 1);
    }

  /* A wrong command line: exit 2. */
  for (guint i = 0; i < G_N_ELEMENTS (usage); i++)
    {
      g_autofree char *out = NULL, *err = NULL;

      g_assert_cmpint (run_cli (usage[i], &out, &err), ==, 2);
      g_assert_true (g_str_has_prefix (err, "hearken-cli analyze: "));
    }

  g_remove (notes);
  g_rmdir (dir);
}

/* A session as a call and its reflection leave it: an interruption at
 * 1:25, three rushed answers, and notes holding markup and commas. */
static char *
make_session (const char *dir,
              gboolean    analysed)
{
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(HkScenario) scenario = hk_scenario_load_data (hk_test_scenario_json, strlen (hk_test_scenario_json),
                                                         "test", dir, problems);
  g_autofree char *folder = g_build_filename (dir, analysed ? "2026-11-28T10-00-00_test-two-lines"
                                                            : "2026-11-28T11-00-00_test-two-lines", NULL);
  g_autoptr(HkSession) session = hk_session_new (folder, scenario, "en", "solo");
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(HkThresholds) th = hk_thresholds_new ();

  if (analysed)
    {
      HkSegments *c = hk_segments_new ();
      HkSegments *t = hk_segments_new ();
      g_autoptr(HkCallAnalysis) a = NULL;

      hk_segments_add (c, 0.0, 6.9);
      hk_segments_add (t, 7.0, 10.0);
      hk_segments_add (c, 11.0, 40.9);
      hk_segments_add (t, 41.0, 44.0);
      hk_segments_add (c, 80.0, 90.0);
      hk_segments_add (t, 85.0, 87.0);
      a = hk_call_analysis_new (95.0, c, t, NULL, NULL, th);
      hk_session_set_analysis (session, hk_call_analysis_to_json (a));
      hk_session_add_turn (session, 0, 0.0, 6.9);
      hk_session_add_turn (session, 1, 11.0, 40.9);
      g_assert_true (json_parser_load_from_data (parser,
        "{\"language\": \"en\", \"answers\": {\"let-finish\": {\"answer\": \"partly\", "
        "\"note\": \"I cut in <script>alert(1)</script>, \\\"sorry\\\"\"}},"
        " \"notes\": {\"customer-need\": \"A <b>refund</b>, fast\"}}", -1, NULL));
      hk_session_set_reflection (session, json_node_copy (json_parser_get_root (parser)));
    }
  else
    hk_session_set_problem (session, "No audio of this call could be read");
  hk_session_set_state (session, HK_SESSION_COMPLETE);
  g_assert_true (hk_session_save (session, NULL));
  return g_steal_pointer (&folder);
}

static void
test_report (void)
{
  g_autofree char *dir = g_dir_make_tmp ("hearken-report-XXXXXX", NULL);
  g_autofree char *folder = make_session (dir, TRUE);
  g_autofree char *json_path = g_build_filename (dir, "report.json", NULL);
  g_autofree char *csv_path = g_build_filename (dir, "markers.csv", NULL);
  g_autofree char *html_path = g_build_filename (dir, "report.html", NULL);
  const char *args[] = { "report", folder, "--json", json_path, "--csv", csv_path, "--html", html_path, NULL };
  g_autofree char *out = NULL, *err = NULL, *csv = NULL, *html = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) rows = NULL;
  JsonObject *root, *checklist, *item = NULL;
  JsonArray *items, *markers;
  guint n_interruptions = 0;

  g_assert_cmpint (run_cli (args, &out, &err), ==, 0);

  /* JSON: the documented shape, the answers and notes as given. */
  g_assert_true (json_parser_load_from_file (parser, json_path, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpint (json_object_get_int_member (root, "format"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (root, "session"), "scenario"),
                   ==, "test-two-lines");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "figures")), ==, 7);
  markers = json_object_get_array_member (root, "markers");
  for (guint i = 0; i < json_array_get_length (markers); i++)
    if (g_str_equal (json_object_get_string_member (json_array_get_object_element (markers, i), "type"),
                     "interruption"))
      n_interruptions++;
  g_assert_cmpuint (n_interruptions, ==, 1);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "turns")), ==, 2);
  checklist = json_object_get_object_member (root, "checklist");
  items = json_object_get_array_member (checklist, "items");
  for (guint i = 0; i < json_array_get_length (items); i++)
    if (g_str_equal (json_object_get_string_member (json_array_get_object_element (items, i), "id"), "let-finish"))
      item = json_array_get_object_element (items, i);
  g_assert_nonnull (item);
  g_assert_cmpstr (json_object_get_string_member (item, "answer"), ==, "partly");
  g_assert_cmpstr (json_object_get_string_member (item, "suggested"), ==, "partly");
  g_assert_cmpstr (json_object_get_string_member (item, "note"), ==, "I cut in <script>alert(1)</script>, \"sorry\"");
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (checklist, "result"), 0.5, 1e-9);
  g_assert_true (json_object_has_member (root, "analysis"));

  /* CSV: a header and a row a marker, the meaning quoted. */
  g_assert_true (g_file_get_contents (csv_path, &csv, NULL, NULL));
  rows = g_strsplit (csv, "\r\n", -1);
  g_assert_cmpstr (rows[0], ==, "session,type,class,party,start,end,length,meaning");
  g_assert_cmpuint (g_strv_length (rows) - 2, ==, json_array_get_length (markers));
  g_assert_true (g_str_has_prefix (rows[1], "2026-11-28T10-00-00_test-two-lines,response-gap,rushed,trainee,6.900,7.000,0.100,"));
  g_assert_nonnull (strstr (rows[1], ",\"You answered 0.1 s after the customer stopped: rushed"));

  /* HTML: everything from the session escaped; nothing runs. */
  g_assert_true (g_file_get_contents (html_path, &html, NULL, NULL));
  g_assert_true (g_str_has_prefix (html, "<!DOCTYPE html>"));
  g_assert_null (strstr (html, "<script>"));
  g_assert_null (strstr (html, "<b>refund"));
  g_assert_nonnull (strstr (html, "I cut in &lt;script&gt;alert(1)&lt;/script&gt;, &quot;sorry&quot;"));
  g_assert_nonnull (strstr (html, "A &lt;b&gt;refund&lt;/b&gt;, fast"));
  g_assert_nonnull (strstr (html, "<svg"));
  g_assert_nonnull (strstr (html, "Two short lines"));

  hk_test_remove_tree (dir);
}

static void
test_report_bad_input (void)
{
  g_autofree char *dir = g_dir_make_tmp ("hearken-report-XXXXXX", NULL);
  g_autofree char *folder = make_session (dir, FALSE);
  g_autofree char *json_path = g_build_filename (dir, "report.json", NULL);
  const char *unanalysed[] = { "report", folder, "--json", json_path, NULL };
  const char *missing[] = { "report", "no-such-session", "--json", json_path, NULL };
  const char *nothing[] = { "report", folder, NULL };
  g_autofree char *out = NULL, *err = NULL;

  g_assert_cmpint (run_cli (unanalysed, &out, &err), ==, 1);
  g_assert_nonnull (strstr (err, "has no analysis to report on (No audio of this call could be read)"));
  g_assert_false (g_file_test (json_path, G_FILE_TEST_EXISTS));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (missing, &out, &err), ==, 1);
  g_assert_nonnull (strstr (err, "There is no session “no-such-session”"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (nothing, &out, &err), ==, 2);
  g_assert_nonnull (strstr (err, "choose at least one of --json, --csv, --html and --pdf"));

  hk_test_remove_tree (dir);
}

/* A session carried to another machine: export, import into another
 * folder, a second import, and a damaged bundle among good ones. */
static void
test_bundle (void)
{
  g_autofree char *dir = g_dir_make_tmp ("hearken-bundle-XXXXXX", NULL);
  g_autofree char *folder = make_session (dir, TRUE);
  g_autofree char *id = g_path_get_basename (folder);
  g_autofree char *call = g_build_filename (folder, "call.ogg", NULL);
  g_autofree char *bundle = g_build_filename (dir, "moved.hearken", NULL);
  g_autofree char *bad = g_build_filename (dir, "bad.hearken", NULL);
  g_autofree char *store = g_build_filename (dir, "elsewhere", NULL);
  g_autofree char *in_cwd = g_strconcat (folder, ".hearken", NULL);
  g_autofree char *out = NULL, *err = NULL, *expected = NULL;
  g_autofree char *a = NULL, *b = NULL;
  gsize a_len, b_len;

  g_assert_true (g_file_set_contents (call, "OggS stands in for a call", -1, NULL));

  {
    const char *args[] = { "export", folder, "--out", bundle, NULL };

    g_assert_cmpint (run_cli (args, &out, &err), ==, 0);
  }
  expected = g_strdup_printf ("%s\n", bundle);
  g_assert_cmpstr (out, ==, expected);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* By its name among the sessions; without --out, NAME.hearken here. */
  {
    const char *args[] = { "export", id, "--dir", dir, NULL };

    g_assert_cmpint (hk_test_run_cli (dir, args, &out, &err), ==, 0);
  }
  g_assert_true (g_file_get_contents (bundle, &a, &a_len, NULL));
  g_assert_true (g_file_get_contents (in_cwd, &b, &b_len, NULL));
  g_assert_cmpmem (a, a_len, b, b_len);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* One line a file; the damaged one refused, the good one imported. */
  g_assert_true (g_file_set_contents (bad, a, (gssize) (a_len - 700), NULL));
  {
    const char *args[] = { "import", bad, bundle, "--out", store, NULL };

    g_assert_cmpint (run_cli (args, &out, &err), ==, 1);
  }
  g_clear_pointer (&expected, g_free);
  expected = g_strdup_printf ("%s: refused: “%s” is damaged: it ends too early, so it may not have been "
                              "copied whole\n%s: imported as %s\n", bad, bad, bundle, id);
  g_assert_cmpstr (out, ==, expected);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_clear_pointer (&a, g_free);
  g_clear_pointer (&b, g_free);
  {
    g_autofree char *from = g_build_filename (folder, "session.json", NULL);
    g_autofree char *to = g_build_filename (store, id, "session.json", NULL);

    g_assert_true (g_file_get_contents (from, &a, &a_len, NULL));
    g_assert_true (g_file_get_contents (to, &b, &b_len, NULL));
    g_assert_cmpmem (a, a_len, b, b_len);
  }

  {
    const char *args[] = { "import", bundle, "--out", store, NULL };

    g_assert_cmpint (run_cli (args, &out, &err), ==, 0);
  }
  g_clear_pointer (&expected, g_free);
  expected = g_strdup_printf ("%s: already imported as %s\n", bundle, id);
  g_assert_cmpstr (out, ==, expected);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Into the usual sessions folder, where “sessions” finds it. */
  {
    const char *args[] = { "import", bundle, NULL };
    const char *list[] = { "sessions", "--json", NULL };

    g_assert_cmpint (run_cli (args, &out, &err), ==, 0);
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    g_assert_cmpint (run_cli (list, &out, &err), ==, 0);
    g_assert_nonnull (strstr (out, id));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }

  /* Wrong command lines. */
  {
    const char *none[] = { "export", NULL };
    const char *missing[] = { "export", "no-such-session", NULL };
    const char *no_files[] = { "import", NULL };

    g_assert_cmpint (run_cli (none, &out, &err), ==, 2);
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    g_assert_cmpint (run_cli (missing, &out, &err), ==, 1);
    g_assert_nonnull (strstr (err, "There is no session “no-such-session”"));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    g_assert_cmpint (run_cli (no_files, &out, &err), ==, 2);
  }

  hk_test_remove_tree (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/Cli/validate/shipped", test_validate_shipped);
  g_test_add_func ("/Cli/validate/broken", test_validate_broken);
  g_test_add_func ("/Cli/usage-errors", test_usage_errors);
  g_test_add_func ("/Cli/list/json", test_list_json);
  g_test_add_func ("/Cli/list/table", test_list_table);
  g_test_add_func ("/Cli/list/user-scenario", test_list_user_scenario);
  g_test_add_func ("/Cli/analyze/call", test_analyze);
  g_test_add_func ("/Cli/analyze/mono-and-silence", test_analyze_mono_and_silence);
  g_test_add_func ("/Cli/analyze/bad-input", test_analyze_bad_input);
  g_test_add_func ("/Cli/report", test_report);
  g_test_add_func ("/Cli/report/bad-input", test_report_bad_input);
  g_test_add_func ("/Cli/bundle", test_bundle);

  return g_test_run ();
}
