/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The call recorder without a sound server: a WAV file stands in for the
 * trainee's microphone, played in real time, and a fakesink for the
 * speaker. Checks the turn flow, where both parties land in call.ogg,
 * ending early, a full disk, and that kill -9 loses at most a second and
 * the session is recovered. */
#include "config.h"

#include <glib/gstdio.h>
#include <gst/gst.h>
#include <signal.h>
#include <math.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "hk-call-file.h"
#include "hk-call-recorder.h"
#include "hk-scenario-loader.h"
#include "hk-session-store.h"
#include "hk-test-speech.h"
#include "hk-test-util.h"
#include "hk-vad.h"

static char *tmp_dir;
static char *answers_wav;
static double answer_at[2];     /* true starts of the trainee's answers */
static double answer_end[2];

static HkScenario *
load_scenario (void)
{
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_object_unref);
  HkScenario *s = hk_scenario_load_data (hk_test_scenario_json, strlen (hk_test_scenario_json), "test", tmp_dir, problems);

  g_assert_nonnull (s);
  return s;
}

/* The trainee's stand-in: silence, an answer at 2.5 s, silence, another
 * answer at 8 s, and silence to 14 s. */
static void
make_answers (void)
{
  const char *texts[2] = { "I will check it for you right away.", "You are welcome." };
  const double at[2] = { 2.5, 8.0 };
  gsize n = 14 * HK_VAD_RATE;
  g_autofree float *x = g_new0 (float, n);

  for (guint i = 0; i < 2; i++)
    {
      gsize len;
      g_autofree float *line = hk_test_speak ("en+f3", 170, texts[i], &len);
      g_autoptr(HkSegments) segs = hk_test_true_segments (line, len, 0.0);
      double lead = hk_segments_get (segs, 0)->start;
      gsize first = (gsize) ((at[i] - lead) * HK_VAD_RATE);

      for (gsize k = 0; k < len && first + k < n; k++)
        x[first + k] = line[k];
      answer_at[i] = at[i];
      answer_end[i] = at[i] - lead + hk_segments_get (segs, hk_segments_get_n (segs) - 1)->end;
    }

  answers_wav = g_build_filename (tmp_dir, "answers.wav", NULL);
  g_assert_true (hk_test_write_wav (answers_wav, x, n, 1, HK_VAD_RATE, NULL));
}

static char *
file_source (const char *wav)
{
  return g_strdup_printf ("filesrc location=\"%s\" ! wavparse ! identity sync=true", wav);
}

static void
finished_cb (HkCallRecorder *recorder,
             gboolean       *done)
{
  *done = TRUE;
}

static gboolean
timeout_cb (gpointer data)
{
  g_error ("the call did not finish in time");
  return G_SOURCE_REMOVE;
}

static void
run_until_finished (HkCallRecorder *recorder)
{
  gboolean done = FALSE;
  guint timeout = g_timeout_add_seconds (60, timeout_cb, NULL);

  g_signal_connect (recorder, "finished", G_CALLBACK (finished_cb), &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (timeout);
}

static HkSession *
new_session (HkSessionStore *store,
             HkScenario     *scenario)
{
  g_autoptr(GError) error = NULL;
  HkSession *session = hk_session_store_create (store, scenario, "en", "solo", &error);

  g_assert_no_error (error);
  return session;
}

static void
test_call (void)
{
  g_autofree char *dir = g_build_filename (tmp_dir, "call", NULL);
  g_autoptr(HkSessionStore) store = hk_session_store_new (dir);
  g_autoptr(HkScenario) scenario = load_scenario ();
  g_autoptr(HkSession) session = new_session (store, scenario);
  g_autoptr(HkCallRecorder) recorder = hk_call_recorder_new (session, scenario);
  g_autofree char *source = file_source (answers_wav);
  g_autoptr(GError) error = NULL;
  g_autoptr(HkCallAnalysis) analysis = NULL;
  g_autoptr(HkThresholds) th = hk_thresholds_new ();
  g_autofree char *call = hk_session_get_call_path (session);
  const GArray *turns;
  const HkSegments *customer, *trainee;
  const HkSessionTurn *t0, *t1;

  hk_call_recorder_set_source (recorder, source);
  hk_call_recorder_set_sink (recorder, "fakesink sync=true");
  g_assert_true (hk_call_recorder_start (recorder, &error));
  g_assert_no_error (error);
  run_until_finished (recorder);

  g_assert_null (hk_call_recorder_get_error (recorder));
  g_assert_cmpint (hk_call_recorder_get_phase (recorder), ==, HK_CALL_PHASE_DONE);
  g_assert_true (hk_call_file_analyze_session (session, HK_SESSION_COMPLETE, NULL, &error));
  g_assert_no_error (error);

  /* Both lines were spoken; the second waited for the first answer and
   * 1.5 s of silence after it, and the call ended 1.5 s after the last. */
  turns = hk_session_get_turns (session);
  g_assert_cmpuint (turns->len, ==, 2);
  t0 = &g_array_index (turns, HkSessionTurn, 0);
  t1 = &g_array_index (turns, HkSessionTurn, 1);
  g_test_message ("turns at %.3f-%.3f and %.3f-%.3f; answers at %.2f-%.2f and %.2f-%.2f",
                  t0->start, t0->end, t1->start, t1->end,
                  answer_at[0], answer_end[0], answer_at[1], answer_end[1]);
  g_assert_cmpfloat (t0->start, <, 0.6);
  g_assert_cmpfloat (t1->start - answer_end[0], >=, 1.5);
  g_assert_cmpfloat (t1->start - answer_end[0], <, 2.2);
  g_assert_cmpfloat (hk_session_get_duration (session) - answer_end[1], >=, 1.4);
  g_assert_cmpfloat (hk_session_get_duration (session), <, 14.0);

  /* In call.ogg the customer is on channel 0 when the session says, and
   * the trainee on channel 1 when the stand-in spoke. */
  analysis = hk_call_file_analyze (call, HK_CALL_FILE_NONE, th, NULL, NULL, &error);
  g_assert_no_error (error);
  customer = hk_call_analysis_get_segments (analysis, HK_PARTY_CUSTOMER);
  trainee = hk_call_analysis_get_segments (analysis, HK_PARTY_TRAINEE);
  g_assert_cmpuint (hk_segments_get_n (customer), >=, 2);
  g_assert_cmpfloat (fabs (hk_segments_get (customer, 0)->start - t0->start), <=, 0.02);
  g_assert_cmpfloat (fabs (hk_segments_get (customer, hk_segments_get_n (customer) - 1)->start - t1->start), <=, 0.02);
  g_assert_cmpuint (hk_segments_get_n (trainee), >=, 2);
  g_assert_cmpfloat (fabs (hk_segments_get (trainee, 0)->start - answer_at[0]), <=, 0.03);
  g_assert_cmpfloat (fabs (hk_segments_get (trainee, hk_segments_get_n (trainee) - 1)->start - answer_at[1]), <=, 0.03);

  /* Reloaded from disk, the session is complete and analysed. */
  {
    g_autoptr(HkSession) back = hk_session_load (hk_session_get_folder (session), &error);

    g_assert_no_error (error);
    g_assert_cmpint (hk_session_get_state (back), ==, HK_SESSION_COMPLETE);
    g_assert_nonnull (hk_session_get_analysis (back));
    g_assert_cmpuint (hk_session_get_turns (back)->len, ==, 2);
    g_assert_cmpstr (hk_session_get_turn_text (back, 0), ==, "My bill is wrong.");
  }
}

static gboolean
stop_cb (gpointer data)
{
  hk_call_recorder_stop (data);
  return G_SOURCE_REMOVE;
}

static void
test_stop_early (void)
{
  g_autofree char *dir = g_build_filename (tmp_dir, "stop", NULL);
  g_autoptr(HkSessionStore) store = hk_session_store_new (dir);
  g_autoptr(HkScenario) scenario = load_scenario ();
  g_autoptr(HkSession) session = new_session (store, scenario);
  g_autoptr(HkCallRecorder) recorder = hk_call_recorder_new (session, scenario);
  g_autoptr(GError) error = NULL;
  g_autoptr(HkThresholds) th = hk_thresholds_new ();
  g_autoptr(HkCallAnalysis) analysis = NULL;
  g_autofree char *call = hk_session_get_call_path (session);

  hk_call_recorder_set_source (recorder, "audiotestsrc is-live=true wave=silence");
  hk_call_recorder_set_sink (recorder, "fakesink sync=true");
  g_assert_true (hk_call_recorder_start (recorder, &error));
  g_timeout_add (1500, stop_cb, recorder);
  run_until_finished (recorder);

  g_assert_null (hk_call_recorder_get_error (recorder));
  /* Closed properly: readable without allowing a cut. */
  analysis = hk_call_file_analyze (call, HK_CALL_FILE_NONE, th, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (hk_call_analysis_get_duration (analysis), 1.5, 0.3);
}

static void
test_bad_source (void)
{
  g_autofree char *dir = g_build_filename (tmp_dir, "bad", NULL);
  g_autoptr(HkSessionStore) store = hk_session_store_new (dir);
  g_autoptr(HkScenario) scenario = load_scenario ();
  g_autoptr(HkSession) session = new_session (store, scenario);
  g_autoptr(HkCallRecorder) recorder = hk_call_recorder_new (session, scenario);
  g_autoptr(GError) error = NULL;

  hk_call_recorder_set_source (recorder, "nosuchelement");
  hk_call_recorder_set_sink (recorder, "fakesink sync=true");
  g_assert_false (hk_call_recorder_start (recorder, &error));
  g_assert_error (error, HK_CALL_RECORDER_ERROR, HK_CALL_RECORDER_ERROR_PIPELINE);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, "The audio devices could not be set up"));
  /* The session stays, for what it is worth, and is not damaged. */
  g_assert_true (g_file_test (hk_session_get_folder (session), G_FILE_TEST_IS_DIR));
}

static void
test_disk_full (void)
{
  g_autofree char *dir = g_build_filename (tmp_dir, "full", NULL);
  g_autoptr(HkSessionStore) store = hk_session_store_new (dir);
  g_autoptr(HkScenario) scenario = load_scenario ();
  g_autoptr(HkSession) session = new_session (store, scenario);
  g_autoptr(HkCallRecorder) recorder = hk_call_recorder_new (session, scenario);
  g_autofree char *call = hk_session_get_call_path (session);
  g_autoptr(GError) error = NULL;
  const GError *call_error;

  if (!g_file_test ("/dev/full", G_FILE_TEST_EXISTS))
    {
      g_test_skip ("no /dev/full here");
      return;
    }

  /* Every write to the recording fails as on a full disk. */
  g_assert_cmpint (symlink ("/dev/full", call), ==, 0);
  hk_call_recorder_set_source (recorder, "audiotestsrc is-live=true wave=sine");
  hk_call_recorder_set_sink (recorder, "fakesink sync=true");
  g_assert_true (hk_call_recorder_start (recorder, &error));
  run_until_finished (recorder);

  call_error = hk_call_recorder_get_error (recorder);
  g_assert_nonnull (call_error);
  g_test_message ("%s", call_error->message);
  g_assert_true (g_error_matches (call_error, HK_CALL_RECORDER_ERROR, HK_CALL_RECORDER_ERROR_DISK));
  g_assert_nonnull (strstr (call_error->message, "disk is full"));
  g_unlink (call);
}

/* kill -9 in the middle of a call: at most a second lost, the file
 * playable, and the next start recovers the session. */
static void
test_kill (void)
{
  g_autofree char *cli = g_test_build_filename (G_TEST_BUILT, "..", "src", "cli", "hearken-cli", NULL);
  g_autofree char *dir = g_build_filename (tmp_dir, "kill", NULL);
  g_autofree char *data_home = g_build_filename (tmp_dir, "data", NULL);
  g_autofree char *scenarios = g_build_filename (data_home, "hearken", "scenarios", NULL);
  g_autofree char *scenario_path = g_build_filename (scenarios, "test-two-lines.json", NULL);
  g_auto(GStrv) envp = g_get_environ ();
  g_autoptr(GError) error = NULL;
  g_autoptr(HkSessionStore) store = NULL;
  g_autoptr(HkSession) session = NULL;
  g_autoptr(HkCallAnalysis) analysis = NULL;
  g_autoptr(HkThresholds) th = hk_thresholds_new ();
  g_autofree char *call = NULL;
  g_autofree char *out = NULL;
  const char *argv[] = { cli, "practice", "test-two-lines", "--lang", "en", "--out", dir,
                         "--source", "audiotestsrc is-live=true wave=pink-noise volume=0.05",
                         "--sink", "fakesink sync=true", NULL };
  GPid pid;
  int status;

  g_assert_cmpint (g_mkdir_with_parents (scenarios, 0755), ==, 0);
  g_assert_true (g_file_set_contents (scenario_path, hk_test_scenario_json, -1, NULL));
  envp = g_environ_setenv (envp, "XDG_DATA_HOME", data_home, TRUE);

  g_assert_true (g_spawn_async (NULL, (char **) argv, envp, G_SPAWN_DO_NOT_REAP_CHILD |
                                G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                                NULL, NULL, &pid, &error));
  g_assert_no_error (error);
  g_usleep (4 * G_USEC_PER_SEC);
  kill (pid, SIGKILL);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_spawn_close_pid (pid);
  g_assert_true (WIFSIGNALED (status));

  store = hk_session_store_new (dir);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 1);
  session = g_list_model_get_item (G_LIST_MODEL (store), 0);
  g_assert_cmpint (hk_session_get_state (session), ==, HK_SESSION_RECORDING);

  /* The file is cut short but plays; of some 4 s, at most 1 s is lost
   * (the tool's start-up takes part of the 4 s too). */
  call = hk_session_get_call_path (session);
  analysis = hk_call_file_analyze (call, HK_CALL_FILE_ALLOW_SHORT, th, NULL, NULL, &error);
  g_assert_no_error (error);
  g_test_message ("%.2f s of the killed call reached the disk", hk_call_analysis_get_duration (analysis));
  g_assert_cmpfloat (hk_call_analysis_get_duration (analysis), >=, 2.5);

  /* The next start recovers it. */
  {
    const char *list[] = { cli, "sessions", "--dir", dir, "--json", NULL };
    g_autoptr(HkSession) back = NULL;
    g_autofree char *folder = g_strdup (hk_session_get_folder (session));

    g_assert_true (g_spawn_sync (NULL, (char **) list, envp, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                                 &out, NULL, &status, &error));
    g_assert_no_error (error);
    g_assert_nonnull (strstr (out, "\"state\": \"recovered\""));
    back = hk_session_load (folder, &error);
    g_assert_no_error (error);
    g_assert_cmpint (hk_session_get_state (back), ==, HK_SESSION_RECOVERED);
    g_assert_nonnull (hk_session_get_analysis (back));
    g_assert_nonnull (hk_session_get_problem (back));
  }

  g_unlink (scenario_path);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  gst_init (&argc, &argv);

  tmp_dir = g_dir_make_tmp ("hearken-recorder-XXXXXX", NULL);
  make_answers ();

  g_test_add_func ("/Audio/recorder/call", test_call);
  g_test_add_func ("/Audio/recorder/stop-early", test_stop_early);
  g_test_add_func ("/Audio/recorder/bad-source", test_bad_source);
  g_test_add_func ("/Audio/recorder/disk-full", test_disk_full);
  g_test_add_func ("/Audio/recorder/kill", test_kill);

  status = g_test_run ();

  hk_test_remove_tree (tmp_dir);
  g_free (tmp_dir);
  g_free (answers_wav);
  return status;
}
