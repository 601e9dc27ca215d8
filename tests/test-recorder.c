/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The call recorder without a sound server: a WAV file stands in for the
 * trainee's microphone, played in real time, and a fakesink for the
 * speaker. Checks the turn flow, where both parties land in call.ogg,
 * ending early, a full disk, and that kill -9 loses at most a second and
 * the session is recovered.
 *
 * Pair calls likewise: two WAV files (or one stereo file) stand in for
 * two trainees' microphones, with a planned interruption and a planned
 * gap; each voice must land on its own channel at its time, the turns
 * must follow partner A, and the analysis must find the overlap between
 * the two. The channel merger is checked on plain buffers: a late start,
 * a lost buffer and a stalled input leave silence, never a shift. */
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
#include "hk-channel-merger.h"
#include "hk-decoder.h"
#include "hk-input-meter.h"
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
    /* The turns begun before the kill are kept, not the audio alone. */
    g_assert_cmpuint (hk_session_get_turns (back)->len, >=, 1);
    g_assert_cmpfloat (g_array_index (hk_session_get_turns (back), HkSessionTurn, 0).start, <, 2.0);
  }

  g_unlink (scenario_path);
}

/* ---- The channel merger, on plain buffers ---- */

typedef struct {
  GArray *frames;   /* float, interleaved */
  gint64  next;     /* where the next output must start */
} Merged;

static void
merged_cb (const float *frames,
           gsize        n,
           gint64       first,
           gpointer     user_data)
{
  Merged *m = user_data;

  /* In order and without gaps. */
  g_assert_cmpint (first, ==, m->next);
  g_array_append_vals (m->frames, frames, 2 * n);
  m->next = first + (gint64) n;
}

/* A buffer of input @channel at @first whose every sample says where it
 * belongs: position + 1, negative on channel 1. */
static void
push_marked (HkChannelMerger *merger,
             guint            channel,
             gint64           first,
             gsize            n)
{
  g_autofree float *x = g_new (float, n);

  for (gsize i = 0; i < n; i++)
    x[i] = (float) ((first + (gint64) i + 1) * (channel == 0 ? 1 : -1));
  hk_channel_merger_push (merger, channel, first, x, n);
}

/* Every frame of the output holds its own position on each channel
 * that sent it, and silence elsewhere: nothing shifted. */
static void
assert_in_place (Merged *m,
                 guint   channel,
                 gint64  from,
                 gint64  to,
                 gboolean heard)
{
  for (gint64 t = from; t < to; t++)
    {
      float got = g_array_index (m->frames, float, 2 * t + channel);
      float want = heard ? (float) ((t + 1) * (channel == 0 ? 1 : -1)) : 0.0f;

      if (got != want)
        g_error ("channel %u at %" G_GINT64_FORMAT ": %g, not %g", channel, t, got, want);
    }
}

static void
test_merger_aligned (void)
{
  Merged m = { g_array_new (FALSE, FALSE, sizeof (float)), 0 };
  g_autoptr(HkChannelMerger) merger = hk_channel_merger_new (2, 500, merged_cb, &m);

  gint64 a = 0, b = 0;

  /* Buffers of different sizes on each side, as two devices send them:
   * what both have sent goes out at once. */
  while (a < 4000 || b < 4000)
    {
      if (a <= b)
        {
          push_marked (merger, 0, a, 160);
          a += 160;
        }
      else
        {
          push_marked (merger, 1, b, MIN (441, 4000 - b));
          b += MIN (441, 4000 - b);
        }
      g_assert_cmpint (hk_channel_merger_get_position (merger), ==, MIN (a, b));
    }
  g_assert_cmpint (hk_channel_merger_get_position (merger), ==, 4000);
  assert_in_place (&m, 0, 0, 4000, TRUE);
  assert_in_place (&m, 1, 0, 4000, TRUE);
  g_assert_cmpint (hk_channel_merger_get_filled (merger, 0), ==, 0);
  g_assert_cmpint (hk_channel_merger_get_filled (merger, 1), ==, 0);
  g_array_unref (m.frames);
}

/* B's input opens 1300 samples late and loses a buffer: silence there,
 * and everything after in place. */
static void
test_merger_late_and_lost (void)
{
  Merged m = { g_array_new (FALSE, FALSE, sizeof (float)), 0 };
  g_autoptr(HkChannelMerger) merger = hk_channel_merger_new (2, 500, merged_cb, &m);

  for (gint64 t = 0; t < 6000; t += 100)
    {
      push_marked (merger, 0, t, 100);
      if (t >= 1300 && !(t >= 3000 && t < 3200))
        push_marked (merger, 1, t, 100);
    }
  hk_channel_merger_end (merger, 0);
  hk_channel_merger_end (merger, 1);
  g_assert_true (hk_channel_merger_all_ended (merger));
  g_assert_cmpint (hk_channel_merger_get_position (merger), ==, 6000);
  assert_in_place (&m, 0, 0, 6000, TRUE);
  assert_in_place (&m, 1, 0, 1300, FALSE);
  assert_in_place (&m, 1, 1300, 3000, TRUE);
  assert_in_place (&m, 1, 3000, 3200, FALSE);
  assert_in_place (&m, 1, 3200, 6000, TRUE);
  g_assert_cmpint (hk_channel_merger_get_filled (merger, 1), ==, 1300 + 200);
  g_assert_cmpint (hk_channel_merger_get_late (merger, 1), ==, 0);
  g_array_unref (m.frames);
}

/* B stalls: A is written on, half a second behind, with silence for B;
 * what B sends late for a stretch already written is dropped, the rest
 * lands in place. At the end, everything held goes out. */
static void
test_merger_stall (void)
{
  Merged m = { g_array_new (FALSE, FALSE, sizeof (float)), 0 };
  g_autoptr(HkChannelMerger) merger = hk_channel_merger_new (2, 500, merged_cb, &m);

  for (gint64 t = 0; t < 1000; t += 100)
    {
      push_marked (merger, 0, t, 100);
      push_marked (merger, 1, t, 100);
    }
  for (gint64 t = 1000; t < 3000; t += 100)
    push_marked (merger, 0, t, 100);
  /* Held back no more than the wait. */
  g_assert_cmpint (hk_channel_merger_get_position (merger), ==, 2500);
  push_marked (merger, 1, 1000, 2000);
  g_assert_cmpint (hk_channel_merger_get_late (merger, 1), ==, 1500);
  g_assert_cmpint (hk_channel_merger_get_position (merger), ==, 3000);
  push_marked (merger, 0, 3000, 100);
  hk_channel_merger_flush (merger);
  g_assert_cmpint (hk_channel_merger_get_position (merger), ==, 3100);
  assert_in_place (&m, 0, 0, 3100, TRUE);
  assert_in_place (&m, 1, 0, 1000, TRUE);
  assert_in_place (&m, 1, 1000, 2500, FALSE);
  assert_in_place (&m, 1, 2500, 3000, TRUE);
  assert_in_place (&m, 1, 3000, 3100, FALSE);
  g_array_unref (m.frames);
}

/* Timestamps that jitter by a few samples from buffer to buffer, as an
 * input stamped on arrival has them: within the jitter allowed, a voice
 * goes on without holes or cuts; a true gap is still a gap. */
static void
test_merger_jitter (void)
{
  static const int wobble[] = { 0, 3, -2, 5, -4, 1, 0, -3, 2, 4 };
  Merged m = { g_array_new (FALSE, FALSE, sizeof (float)), 0 };
  g_autoptr(HkChannelMerger) merger = hk_channel_merger_new (2, 500, merged_cb, &m);
  gint64 placed = 0;

  hk_channel_merger_set_jitter (merger, 10);
  for (guint i = 0; i < 40; i++)
    {
      gint64 stamp = placed + wobble[i % G_N_ELEMENTS (wobble)];
      g_autofree float *x = g_new (float, 100);

      /* What follows on: samples numbered as the input sent them. */
      for (gsize k = 0; k < 100; k++)
        x[k] = (float) (placed + (gint64) k + 1);
      push_marked (merger, 0, placed, 100);
      hk_channel_merger_push (merger, 1, stamp, x, 100);
      placed += 100;
      /* A true gap of 200 samples, past the jitter, after 2000; the
       * buffer after it is stamped exactly (wobble[0]). */
      if (placed == 2000)
        placed += 200;
    }
  hk_channel_merger_flush (merger);
  assert_in_place (&m, 0, 0, 2000, TRUE);
  for (gint64 t = 0; t < 4200; t++)
    {
      float want = t >= 2000 && t < 2200 ? 0.0f : (float) (t + 1);

      g_assert_cmpfloat (g_array_index (m.frames, float, 2 * t + 1), ==, want);
    }
  g_assert_cmpint (hk_channel_merger_get_filled (merger, 1), ==, 200);
  g_array_unref (m.frames);
}

/* ---- Pair calls ---- */

typedef struct {
  double start;
  double end;
} Span;

/* What the two partners say, and when: A reads line 1 at 1 s; B cuts in
 * a second before A finishes (an interruption, a second of overtalk);
 * both fall silent; A reads line 2 well after; B answers 0.8 s after it. */
typedef struct {
  float  *a;
  float  *b;
  gsize   n;
  Span    a_said[2];
  Span    b_said[2];
} PairScript;

static PairScript script;
static char *pair_a_wav, *pair_b_wav, *pair_crossed_wav, *pair_stereo_wav;

/* Puts @text, spoken by @voice, so that its speech truly starts at @at;
 * returns where its speech truly ends. */
static double
place (float      *x,
       gsize       n,
       const char *voice,
       const char *text,
       double      at)
{
  gsize len;
  g_autofree float *line = hk_test_speak (voice, 170, text, &len);
  g_autoptr(HkSegments) segs = hk_test_true_segments (line, len, 0.0);
  double lead = hk_segments_get (segs, 0)->start;
  gsize first = (gsize) round ((at - lead) * HK_VAD_RATE);

  for (gsize k = 0; k < len && first + k < n; k++)
    x[first + k] += line[k];
  return at - lead + hk_segments_get (segs, hk_segments_get_n (segs) - 1)->end;
}

static void
make_pair_script (void)
{
  gsize n = 16 * HK_VAD_RATE;
  g_autofree float *crossed = g_new0 (float, 2 * n);
  g_autofree float *stereo = g_new0 (float, 2 * n);

  script.n = n;
  script.a = g_new0 (float, n);
  script.b = g_new0 (float, n);
  script.a_said[0].start = 1.0;
  script.a_said[0].end = place (script.a, n, "en", "My bill is wrong, you charged me twice for the same month.", 1.0);
  script.b_said[0].start = script.a_said[0].end - 1.0;
  script.b_said[0].end = place (script.b, n, "en+f3", "I am so sorry, let me check that for you.", script.b_said[0].start);
  script.a_said[1].start = script.b_said[0].end + 3.5;
  script.a_said[1].end = place (script.a, n, "en", "Thank you, goodbye.", script.a_said[1].start);
  script.b_said[1].start = script.a_said[1].end + 0.8;
  script.b_said[1].end = place (script.b, n, "en+f3", "You are welcome, goodbye.", script.b_said[1].start);
  g_assert_cmpfloat (script.b_said[1].end + 2.0, <, 16.0);

  for (gsize i = 0; i < n; i++)
    {
      /* Left and right the wrong way round, and the right way. */
      crossed[2 * i] = script.b[i];
      crossed[2 * i + 1] = script.a[i];
      stereo[2 * i] = script.a[i];
      stereo[2 * i + 1] = script.b[i];
    }
  pair_a_wav = g_build_filename (tmp_dir, "partner-a.wav", NULL);
  pair_b_wav = g_build_filename (tmp_dir, "partner-b.wav", NULL);
  pair_crossed_wav = g_build_filename (tmp_dir, "crossed.wav", NULL);
  pair_stereo_wav = g_build_filename (tmp_dir, "stereo.wav", NULL);
  g_assert_true (hk_test_write_wav (pair_a_wav, script.a, n, 1, HK_VAD_RATE, NULL));
  g_assert_true (hk_test_write_wav (pair_b_wav, script.b, n, 1, HK_VAD_RATE, NULL));
  g_assert_true (hk_test_write_wav (pair_crossed_wav, crossed, n, 2, HK_VAD_RATE, NULL));
  g_assert_true (hk_test_write_wav (pair_stereo_wav, stereo, n, 2, HK_VAD_RATE, NULL));
}

static HkSession *
new_pair_session (HkSessionStore *store,
                  HkScenario     *scenario,
                  gboolean        voice)
{
  g_autoptr(GError) error = NULL;
  HkSession *session = hk_session_store_create (store, scenario, "en", "pair", &error);

  g_assert_no_error (error);
  hk_session_set_pair (session, hk_session_get_id (session), 1, "Jan", "Eva", voice);
  return session;
}

typedef struct {
  GArray *left;
  GArray *right;
} Channels;

static void
split_cb (const float *samples,
          gsize        n_frames,
          guint        n_channels,
          gpointer     user_data)
{
  Channels *c = user_data;

  for (gsize i = 0; i < n_frames; i++)
    {
      g_array_append_val (c->left, samples[i * n_channels]);
      g_array_append_val (c->right, samples[i * n_channels + n_channels - 1]);
    }
}

static void
channels_clear (Channels *c)
{
  g_clear_pointer (&c->left, g_array_unref);
  g_clear_pointer (&c->right, g_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Channels, channels_clear)

static void
decode_channels (const char *path,
                 Channels   *c)
{
  g_autoptr(HkDecoder) decoder = hk_decoder_new (path);
  g_autoptr(GError) error = NULL;

  c->left = g_array_new (FALSE, FALSE, sizeof (float));
  c->right = g_array_new (FALSE, FALSE, sizeof (float));
  g_assert_true (hk_decoder_run (decoder, split_cb, c, NULL, &error));
  g_assert_no_error (error);
}

/* The lag, in samples, at which @recorded best matches @planned over
 * @span, within ±100 ms: where the recording put that speech. */
static int
lag_of (const GArray *recorded,
        const float  *planned,
        gsize         n_planned,
        Span          span)
{
  gsize from = (gsize) (span.start * HK_VAD_RATE);
  gsize to = MIN ((gsize) (span.end * HK_VAD_RATE), n_planned);
  double best = -1.0;
  int best_lag = G_MININT;

  for (int lag = -HK_VAD_RATE / 10; lag <= HK_VAD_RATE / 10; lag++)
    {
      double sum = 0.0;

      for (gsize i = from; i < to; i++)
        {
          gssize j = (gssize) i + lag;

          if (j >= 0 && (gsize) j < recorded->len)
            sum += planned[i] * g_array_index (recorded, float, j);
        }
      if (sum > best)
        {
          best = sum;
          best_lag = lag;
        }
    }
  g_assert_cmpfloat (best, >, 0.0);
  return best_lag;
}

/* Where the first segment of @segs starting near @at starts, or NAN. */
static double
segment_near (const HkSegments *segs,
              double            at)
{
  for (guint i = 0; i < hk_segments_get_n (segs); i++)
    if (fabs (hk_segments_get (segs, i)->start - at) < 0.3)
      return hk_segments_get (segs, i)->start;
  return NAN;
}

/* The overtalk during A's first line, and whether an interruption is
 * marked where B cut in. */
static double
planned_overlap (HkCallAnalysis *analysis,
                 gboolean       *interruption)
{
  const GArray *markers = hk_call_analysis_get_markers (analysis);
  double overtalk = 0.0;

  *interruption = FALSE;
  for (guint i = 0; i < markers->len; i++)
    {
      const HkMarker *mk = &g_array_index (markers, HkMarker, i);

      if (mk->type == HK_MARKER_INTERRUPTION && fabs (mk->start - script.b_said[0].start) <= 0.05)
        *interruption = TRUE;
      if (mk->type == HK_MARKER_OVERTALK && mk->start < script.a_said[0].end && mk->end > script.b_said[0].start)
        overtalk += mk->end - mk->start;
      /* The clean answer to line 2 is no overlap. */
      if (mk->type == HK_MARKER_OVERTALK || mk->type == HK_MARKER_INTERRUPTION)
        g_assert_cmpfloat (mk->start, <, script.a_said[1].start);
    }
  return overtalk;
}

/* Each partner on their own channel, where the script put them, and the
 * overlap measured between the two as in the stand-ins themselves. */
static void
check_pair_call (const char *call,
                 gboolean    voice_on_a)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HkThresholds) th = hk_thresholds_new ();
  g_autoptr(HkCallAnalysis) analysis = hk_call_file_analyze (call, HK_CALL_FILE_NONE, th, NULL, NULL, &error);
  g_auto(Channels) c = { NULL, NULL };
  g_autoptr(HkCallAnalysis) played = NULL;
  const HkSegments *a_segs, *b_segs;
  gboolean interruption, interruption_played;
  double overtalk, overtalk_played;

  g_assert_no_error (error);
  a_segs = hk_call_analysis_get_segments (analysis, HK_PARTY_CUSTOMER);
  b_segs = hk_call_analysis_get_segments (analysis, HK_PARTY_TRAINEE);

  for (guint i = 0; i < 2; i++)
    {
      double b_at = segment_near (b_segs, script.b_said[i].start);

      g_test_message ("partner B's answer %u: planned at %.3f s, heard on channel 1 at %.3f s",
                      i + 1, script.b_said[i].start, b_at);
      g_assert_cmpfloat (fabs (b_at - script.b_said[i].start), <=, 0.02);
      if (!voice_on_a)
        {
          double a_at = segment_near (a_segs, script.a_said[i].start);

          g_test_message ("partner A's line %u: planned at %.3f s, heard on channel 0 at %.3f s",
                          i + 1, script.a_said[i].start, a_at);
          g_assert_cmpfloat (fabs (a_at - script.a_said[i].start), <=, 0.02);
        }
    }
  /* B alone on channel 1, A (or the voice) alone on channel 0. */
  g_assert_cmpuint (hk_segments_get_n (b_segs), ==, 2);
  for (guint i = 0; i < 2; i++)
    g_assert_false (hk_segments_covers (a_segs, (script.b_said[i].end + MAX (script.b_said[i].start, script.a_said[i].end)) / 2, NULL));

  /* Sample by sample, by cross-correlation with what was played. */
  decode_channels (call, &c);
  for (guint i = 0; i < 2; i++)
    {
      int lag_b = lag_of (c.right, script.b, script.n, script.b_said[i]);

      g_print ("# pair stand-ins: partner B's answer %u lands %+.2f ms from its place\n", i + 1,
               1000.0 * lag_b / HK_VAD_RATE);
      g_assert_cmpint (ABS (lag_b), <=, HK_VAD_RATE / 50);
      if (!voice_on_a)
        {
          int lag_a = lag_of (c.left, script.a, script.n, script.a_said[i]);

          g_print ("# pair stand-ins: partner A's line %u lands %+.2f ms from its place\n", i + 1,
                   1000.0 * lag_a / HK_VAD_RATE);
          g_assert_cmpint (ABS (lag_a), <=, HK_VAD_RATE / 50);
        }
    }

  if (voice_on_a)
    return;

  /* The planned interruption: B starts a second before A ends. The
   * detector hears A's faint last syllable under B's voice a little
   * short, in the stand-ins' own files as in the call; the call must
   * measure what the files hold. */
  overtalk = planned_overlap (analysis, &interruption);
  played = hk_call_file_analyze_parties (pair_a_wav, pair_b_wav, HK_CALL_FILE_NONE, th, NULL, NULL, &error);
  g_assert_no_error (error);
  overtalk_played = planned_overlap (played, &interruption_played);
  g_print ("# pair stand-ins: overtalk of %.3f s in the call, %.3f s in the stand-ins' files, "
           "%.3f s planned\n", overtalk, overtalk_played, script.a_said[0].end - script.b_said[0].start);
  g_assert_true (interruption);
  g_assert_true (interruption_played);
  g_assert_cmpfloat (fabs (overtalk - overtalk_played), <=, 0.02);
  g_assert_cmpfloat (fabs (overtalk - (script.a_said[0].end - script.b_said[0].start)), <=, 0.2);
}

typedef struct {
  gboolean a_alone;   /* partner-a-speaking seen while B was not */
  gboolean b_alone;
  double   loudest_a;
  double   loudest_b;
} LiveSeen;

static void
live_cb (HkCallRecorder *recorder,
         GParamSpec     *pspec,
         LiveSeen       *seen)
{
  gboolean a = hk_call_recorder_get_partner_speaking (recorder, HK_PARTNER_A);
  gboolean b = hk_call_recorder_get_partner_speaking (recorder, HK_PARTNER_B);

  seen->a_alone |= a && !b;
  seen->b_alone |= b && !a;
  seen->loudest_a = MAX (seen->loudest_a, hk_call_recorder_get_partner_level (recorder, HK_PARTNER_A));
  seen->loudest_b = MAX (seen->loudest_b, hk_call_recorder_get_partner_level (recorder, HK_PARTNER_B));
}

/* Two inputs; the call moves on by itself once A has spoken and both
 * have been quiet a second, as `--advance-after 1` does. */
static void
test_pair_two_inputs (void)
{
  g_autofree char *dir = g_build_filename (tmp_dir, "pair-two", NULL);
  g_autoptr(HkSessionStore) store = hk_session_store_new (dir);
  g_autoptr(HkScenario) scenario = load_scenario ();
  g_autoptr(HkSession) session = new_pair_session (store, scenario, FALSE);
  g_autoptr(HkCallRecorder) recorder = hk_call_recorder_new (session, scenario);
  g_autofree char *source_a = file_source (pair_a_wav);
  g_autofree char *source_b = file_source (pair_b_wav);
  g_autofree char *call = hk_session_get_call_path (session);
  g_autoptr(GError) error = NULL;
  LiveSeen seen = { FALSE, FALSE, -120.0, -120.0 };
  const GArray *turns;
  const HkSessionTurn *t0, *t1;

  hk_call_recorder_set_pair_sources (recorder, source_a, source_b);
  hk_call_recorder_set_pair_advance (recorder, 1.0);
  g_assert_true (hk_call_recorder_is_pair (recorder));
  g_signal_connect (recorder, "notify::partner-b-speaking", G_CALLBACK (live_cb), &seen);
  g_assert_true (hk_call_recorder_start (recorder, &error));
  g_assert_no_error (error);
  run_until_finished (recorder);
  g_assert_null (hk_call_recorder_get_error (recorder));
  g_assert_true (hk_call_file_analyze_session (session, HK_SESSION_COMPLETE, NULL, &error));
  g_assert_no_error (error);

  /* Live values on the main thread, each partner apart. */
  g_test_message ("live: A alone %d, B alone %d, loudest %.1f and %.1f dBFS",
                  seen.a_alone, seen.b_alone, seen.loudest_a, seen.loudest_b);
  g_assert_true (seen.a_alone);
  g_assert_true (seen.b_alone);
  g_assert_cmpfloat (seen.loudest_a, >, -40.0);
  g_assert_cmpfloat (seen.loudest_b, >, -40.0);

  /* Turn 1 from the start to the end of A's line; turn 2 from when the
   * silence after B's answer had lasted a second to the end of A's. */
  turns = hk_session_get_turns (session);
  g_assert_cmpuint (turns->len, ==, 2);
  t0 = &g_array_index (turns, HkSessionTurn, 0);
  t1 = &g_array_index (turns, HkSessionTurn, 1);
  g_test_message ("turns %.3f-%.3f and %.3f-%.3f; A said %.3f-%.3f and %.3f-%.3f; B ended at %.3f",
                  t0->start, t0->end, t1->start, t1->end, script.a_said[0].start, script.a_said[0].end,
                  script.a_said[1].start, script.a_said[1].end, script.b_said[0].end);
  g_assert_cmpfloat (t0->start, <, 0.5);
  g_assert_cmpfloat (fabs (t0->end - script.a_said[0].end), <=, 0.2);
  g_assert_cmpfloat (t1->start - script.b_said[0].end, >=, 1.0);
  g_assert_cmpfloat (t1->start, <, script.a_said[1].start);
  g_assert_cmpfloat (fabs (t1->end - script.a_said[1].end), <=, 0.2);
  /* The call ended a second after B's last answer, not when the files did. */
  g_assert_cmpfloat (hk_session_get_duration (session) - script.b_said[1].end, >=, 1.0);
  g_assert_cmpfloat (hk_session_get_duration (session), <, 15.5);

  check_pair_call (call, FALSE);

  /* Partner B's listening, per turn, from the pair round. */
  {
    g_autoptr(HkSession) back = hk_session_load (hk_session_get_folder (session), &error);

    g_assert_no_error (error);
    g_assert_cmpstr (hk_session_get_mode (back), ==, "pair");
    g_assert_cmpstr (hk_session_get_trainee (back), ==, "Eva");
    g_assert_cmpuint (hk_session_get_turns (back)->len, ==, 2);
    g_assert_nonnull (hk_session_get_analysis (back));
  }
}

static gboolean
next_cb (gpointer data)
{
  HkCallRecorder *recorder = data;
  double *at = g_object_get_data (G_OBJECT (recorder), "next-at");

  *at = hk_call_recorder_get_elapsed (recorder);
  hk_call_recorder_next (recorder);
  return G_SOURCE_REMOVE;
}

/* One stereo input, A on the left. Nobody's silence moves the call on:
 * the turn changes when partner A says so, and the call ends with the
 * input. */
static void
test_pair_next_by_hand (void)
{
  g_autofree char *dir = g_build_filename (tmp_dir, "pair-hand", NULL);
  g_autoptr(HkSessionStore) store = hk_session_store_new (dir);
  g_autoptr(HkScenario) scenario = load_scenario ();
  g_autoptr(HkSession) session = new_pair_session (store, scenario, FALSE);
  g_autoptr(HkCallRecorder) recorder = hk_call_recorder_new (session, scenario);
  g_autofree char *source = file_source (pair_stereo_wav);
  g_autofree char *call = hk_session_get_call_path (session);
  g_autoptr(GError) error = NULL;
  double next_at = -1.0;
  const GArray *turns;
  const HkSessionTurn *t1;

  hk_call_recorder_set_stereo_source (recorder, source);
  g_object_set_data (G_OBJECT (recorder), "next-at", &next_at);
  /* Well after B's first answer, a little before A's second line. */
  g_timeout_add ((guint) (1000 * (script.a_said[1].start - 0.6)), next_cb, recorder);
  g_assert_true (hk_call_recorder_start (recorder, &error));
  g_assert_no_error (error);
  run_until_finished (recorder);
  g_assert_null (hk_call_recorder_get_error (recorder));

  turns = hk_session_get_turns (session);
  g_assert_cmpuint (turns->len, ==, 2);
  t1 = &g_array_index (turns, HkSessionTurn, 1);
  g_test_message ("next at %.3f s, turn 2 starts at %.3f s", next_at, t1->start);
  g_assert_cmpfloat (next_at, >, script.b_said[0].end + 1.0);
  g_assert_cmpfloat (fabs (t1->start - next_at), <=, 0.05);
  g_assert_cmpfloat (fabs (t1->end - script.a_said[1].end), <=, 0.2);
  /* The whole input was recorded: nothing ended the call early. */
  g_assert_cmpfloat (hk_session_get_duration (session), >=, (double) script.n / HK_VAD_RATE - 0.1);

  check_pair_call (call, FALSE);
}

/* The synthetic voice speaks the lines, partner A stays silent: the
 * lines on channel 0 where the session says, B on channel 1. */
static void
test_pair_customer_voice (void)
{
  g_autofree char *dir = g_build_filename (tmp_dir, "pair-voice", NULL);
  g_autoptr(HkSessionStore) store = hk_session_store_new (dir);
  g_autoptr(HkScenario) scenario = load_scenario ();
  g_autoptr(HkSession) session = new_pair_session (store, scenario, TRUE);
  g_autoptr(HkCallRecorder) recorder = hk_call_recorder_new (session, scenario);
  g_autofree char *silent_wav = g_build_filename (tmp_dir, "silent.wav", NULL);
  g_autofree char *source_a = file_source (silent_wav);
  g_autofree char *source_b = file_source (pair_b_wav);
  g_autofree char *call = hk_session_get_call_path (session);
  g_autofree float *silence = g_new0 (float, script.n);
  g_autoptr(GError) error = NULL;
  g_autoptr(HkThresholds) th = hk_thresholds_new ();
  g_autoptr(HkCallAnalysis) analysis = NULL;
  const GArray *turns;
  const HkSegments *lines;

  g_assert_true (hk_test_write_wav (silent_wav, silence, script.n, 1, HK_VAD_RATE, NULL));
  hk_call_recorder_set_pair_sources (recorder, source_a, source_b);
  hk_call_recorder_set_sink (recorder, "fakesink sync=true");
  /* The lines play from the start; B's answers, planned for A's timing,
   * come 1.9 s after line 1 ends and, once the call has moved on 2.5 s
   * after B's first answer, 1.6 s after line 2 does. */
  hk_call_recorder_set_pair_advance (recorder, 2.5);
  g_assert_true (hk_call_recorder_start (recorder, &error));
  g_assert_no_error (error);
  run_until_finished (recorder);
  g_assert_null (hk_call_recorder_get_error (recorder));

  turns = hk_session_get_turns (session);
  g_assert_cmpuint (turns->len, ==, 2);
  analysis = hk_call_file_analyze (call, HK_CALL_FILE_NONE, th, NULL, NULL, &error);
  g_assert_no_error (error);
  lines = hk_call_analysis_get_segments (analysis, HK_PARTY_CUSTOMER);
  for (guint i = 0; i < turns->len; i++)
    {
      const HkSessionTurn *t = &g_array_index (turns, HkSessionTurn, i);
      double at = segment_near (lines, t->start);

      g_test_message ("line %u played at %.3f-%.3f s, heard on channel 0 at %.3f s", i + 1, t->start, t->end, at);
      g_assert_cmpfloat (fabs (at - t->start), <=, 0.02);
      /* The turn ends with the line, not when the call moved on. */
      g_assert_cmpfloat (t->end - t->start, <, 3.0);
    }
  /* B's stand-in is the same as in the other calls: its first answer
   * overlaps the first line or not, but lands where it was put. */
  check_pair_call (call, TRUE);
}

static char *
cli_path (void)
{
  return g_test_build_filename (G_TEST_BUILT, "..", "src", "cli", "hearken-cli", NULL);
}

static GStrv
cli_environ (void)
{
  g_autofree char *data_home = g_build_filename (tmp_dir, "data", NULL);
  g_autofree char *scenarios = g_build_filename (data_home, "hearken", "scenarios", NULL);
  g_autofree char *scenario_path = g_build_filename (scenarios, "test-two-lines.json", NULL);
  GStrv envp = g_get_environ ();

  g_assert_cmpint (g_mkdir_with_parents (scenarios, 0755), ==, 0);
  g_assert_true (g_file_set_contents (scenario_path, hk_test_scenario_json, -1, NULL));
  return g_environ_setenv (envp, "XDG_DATA_HOME", data_home, TRUE);
}

/* hearken-cli practice --pair on a stereo input whose sides are crossed,
 * put right with --swap, as round 2 of a pair session. */
static void
test_pair_cli_swap (void)
{
  g_autofree char *cli = cli_path ();
  g_autofree char *dir = g_build_filename (tmp_dir, "pair-cli", NULL);
  g_autofree char *source = file_source (pair_crossed_wav);
  g_auto(GStrv) envp = cli_environ ();
  g_autofree char *out = NULL, *err = NULL, *call = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(HkSession) session = NULL;
  const char *argv[] = { cli, "practice", "test-two-lines", "--lang", "en", "--out", dir, "--pair",
                         "--partner-a", "Eva", "--partner-b", " Jan ", "--stereo-source", source, "--swap",
                         "--round", "2", "--pair-id", "pair-of-two", "--advance-after", "1", NULL };
  int status;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, envp, G_SPAWN_DEFAULT, NULL, NULL,
                               &out, &err, &status, &error));
  g_assert_no_error (error);
  g_test_message ("%s", err);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  /* Partner A is shown each line. */
  g_assert_nonnull (strstr (err, "Partner A, line 1 of 2: My bill is wrong."));
  g_assert_nonnull (strstr (err, "Partner A, line 2 of 2: Thank you, goodbye."));

  session = hk_session_load (g_strstrip (out), &error);
  g_assert_no_error (error);
  g_assert_cmpint (hk_session_get_state (session), ==, HK_SESSION_COMPLETE);
  g_assert_cmpstr (hk_session_get_mode (session), ==, "pair");
  g_assert_cmpstr (hk_session_get_pair_id (session), ==, "pair-of-two");
  g_assert_cmpuint (hk_session_get_round (session), ==, 2);
  g_assert_cmpstr (hk_session_get_partner (session, HK_PARTNER_A), ==, "Eva");
  g_assert_cmpstr (hk_session_get_partner (session, HK_PARTNER_B), ==, "Jan");
  g_assert_cmpstr (hk_session_get_trainee (session), ==, "Jan");
  g_assert_false (hk_session_get_customer_voice (session));
  g_assert_nonnull (hk_session_get_analysis (session));
  g_assert_cmpuint (hk_session_get_turns (session)->len, ==, 2);

  /* Crossed in the input, straight in the call. */
  call = hk_session_get_call_path (session);
  check_pair_call (call, FALSE);
}

/* Partner B's input fails mid-call; with the inputs swapped, the second
 * input is partner A's, and the message says so. What was recorded is
 * kept in a file closed properly. */
static void
test_pair_input_lost (void)
{
  g_autofree char *dir = g_build_filename (tmp_dir, "pair-lost", NULL);
  g_autoptr(HkSessionStore) store = hk_session_store_new (dir);
  g_autoptr(HkScenario) scenario = load_scenario ();
  g_autoptr(HkSession) session = new_pair_session (store, scenario, FALSE);
  g_autoptr(HkCallRecorder) recorder = hk_call_recorder_new (session, scenario);
  g_autofree char *call = hk_session_get_call_path (session);
  g_autoptr(GError) error = NULL;
  g_autoptr(HkThresholds) th = hk_thresholds_new ();
  g_autoptr(HkCallAnalysis) analysis = NULL;
  const GError *call_error;

  /* The second input fails after 100 buffers, some seconds in. */
  hk_call_recorder_set_pair_sources (recorder, "audiotestsrc is-live=true wave=pink-noise volume=0.05",
                                     "audiotestsrc is-live=true samplesperbuffer=441 wave=silence "
                                     "! identity error-after=100");
  hk_call_recorder_set_swap (recorder, TRUE);
  g_assert_true (hk_call_recorder_start (recorder, &error));
  g_assert_no_error (error);
  run_until_finished (recorder);

  call_error = hk_call_recorder_get_error (recorder);
  g_assert_nonnull (call_error);
  g_test_message ("%s", call_error->message);
  g_assert_true (g_error_matches (call_error, HK_CALL_RECORDER_ERROR, HK_CALL_RECORDER_ERROR_INPUT));
  g_assert_true (g_str_has_prefix (call_error->message, "Partner A’s microphone stopped working during the call"));

  analysis = hk_call_file_analyze (call, HK_CALL_FILE_NONE, th, NULL, NULL, &error);
  g_assert_no_error (error);
  g_test_message ("%.2f s kept", hk_call_analysis_get_duration (analysis));
  g_assert_cmpfloat (hk_call_analysis_get_duration (analysis), >=, 0.7);
}

/* kill -9 in the middle of a pair call: as in a solo call, at most a
 * second lost and the round recovered as a pair round. */
static void
test_pair_kill (void)
{
  g_autofree char *cli = cli_path ();
  g_autofree char *dir = g_build_filename (tmp_dir, "pair-kill", NULL);
  g_auto(GStrv) envp = cli_environ ();
  g_autoptr(GError) error = NULL;
  g_autoptr(HkSessionStore) store = NULL;
  g_autoptr(HkSession) session = NULL;
  g_autoptr(HkCallAnalysis) analysis = NULL;
  g_autoptr(HkThresholds) th = hk_thresholds_new ();
  g_autofree char *call = NULL;
  const char *argv[] = { cli, "practice", "test-two-lines", "--lang", "en", "--out", dir, "--pair",
                         "--partner-a", "Jan", "--partner-b", "Eva",
                         "--source-a", "audiotestsrc is-live=true wave=pink-noise volume=0.05",
                         "--source-b", "audiotestsrc is-live=true wave=sine volume=0.05", NULL };
  GPid pid;
  int status;

  g_assert_true (g_spawn_async (NULL, (char **) argv, envp, G_SPAWN_DO_NOT_REAP_CHILD |
                                G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                                NULL, NULL, &pid, &error));
  g_assert_no_error (error);
  g_usleep (4 * G_USEC_PER_SEC);
  kill (pid, SIGKILL);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_spawn_close_pid (pid);

  store = hk_session_store_new (dir);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 1);
  session = g_list_model_get_item (G_LIST_MODEL (store), 0);
  g_assert_cmpint (hk_session_get_state (session), ==, HK_SESSION_RECORDING);
  g_assert_cmpstr (hk_session_get_pair_id (session), ==, hk_session_get_id (session));
  call = hk_session_get_call_path (session);
  analysis = hk_call_file_analyze (call, HK_CALL_FILE_ALLOW_SHORT, th, NULL, NULL, &error);
  g_assert_no_error (error);
  g_test_message ("%.2f s of the killed pair call reached the disk", hk_call_analysis_get_duration (analysis));
  g_assert_cmpfloat (hk_call_analysis_get_duration (analysis), >=, 2.5);

  g_assert_cmpuint (hk_call_file_recover_sessions (store), ==, 1);
  {
    g_autoptr(HkSession) back = hk_session_load (hk_session_get_folder (session), &error);

    g_assert_no_error (error);
    g_assert_cmpint (hk_session_get_state (back), ==, HK_SESSION_RECOVERED);
    g_assert_cmpstr (hk_session_get_trainee (back), ==, "Eva");
    g_assert_cmpuint (hk_session_get_round (back), ==, 1);
    g_assert_nonnull (hk_session_get_analysis (back));
    g_assert_cmpuint (hk_session_get_turns (back)->len, >=, 1);
  }
}

/* Options that make no sense are refused before anything is recorded. */
static void
test_pair_cli_options (void)
{
  static const struct { const char *args, *says; } cases[] = {
    { "--partner-a Eva", "need --pair" },
    { "--pair --partner-a Eva --source-a fakesrc --source-b fakesrc", "both names" },
    { "--pair --partner-a Eva --partner-b Jan --source-a fakesrc", "an input for each partner" },
    { "--pair --partner-a Eva --partner-b Jan --source-a fakesrc --source-b fakesrc --stereo-source fakesrc",
      "not both" },
    { "--pair --partner-a Eva --partner-b Jan --input fake --source-a fakesrc --source-b fakesrc", "rather than --input" },
    { "--pair --partner-a Eva --partner-b Jan --stereo-source fakesrc --round 2", "--pair-id" },
    { "--pair --partner-a Eva --partner-b Jan --stereo-source fakesrc --round 3", "--round is 1 or 2" },
  };
  g_autofree char *cli = cli_path ();
  g_autofree char *dir = g_build_filename (tmp_dir, "pair-options", NULL);
  g_auto(GStrv) envp = cli_environ ();

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *line = g_strdup_printf ("%s practice test-two-lines --out %s %s", cli, dir, cases[i].args);
      g_auto(GStrv) argv = g_strsplit (line, " ", -1);
      g_autofree char *err = NULL;
      g_autoptr(GError) error = NULL;
      int status;

      g_assert_true (g_spawn_sync (NULL, argv, envp, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                                   NULL, &err, &status, &error));
      g_assert_no_error (error);
      g_test_message ("%s: %s", cases[i].args, err);
      g_assert_true (WIFEXITED (status));
      g_assert_cmpint (WEXITSTATUS (status), ==, 2);
      g_assert_nonnull (strstr (err, cases[i].says));
    }
  /* Nothing was started. */
  g_assert_false (g_file_test (dir, G_FILE_TEST_EXISTS));
}

static void
meter_failed_cb (HkInputMeter *meter,
                 gpointer      data)
{
  g_error ("the meter stopped: %s", hk_input_meter_get_error (meter)->message);
}

/* The check before a pair call: which input is whose, and the swap. */
static void
test_pair_input_check (void)
{
  g_autoptr(HkInputMeter) two = hk_input_meter_new_pair ("audiotestsrc is-live=true wave=silence",
                                                         "audiotestsrc is-live=true wave=sine volume=0.5");
  g_autofree char *crossed = file_source (pair_crossed_wav);
  g_autoptr(HkInputMeter) stereo = hk_input_meter_new_stereo (crossed);
  g_autoptr(GError) error = NULL;
  gint64 until;

  g_signal_connect (two, "failed", G_CALLBACK (meter_failed_cb), NULL);
  g_signal_connect (stereo, "failed", G_CALLBACK (meter_failed_cb), NULL);
  g_assert_true (hk_input_meter_start (two, &error));
  g_assert_no_error (error);
  g_assert_true (hk_input_meter_start (stereo, &error));
  g_assert_no_error (error);

  /* Through A's first line, until just before B comes in. */
  until = g_get_monotonic_time () + (gint64) ((script.b_said[0].start - 0.2) * G_USEC_PER_SEC);
  while (g_get_monotonic_time () < until)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }

  /* The second input is the loud one: partner B's, until swapped. */
  g_test_message ("two inputs: A %.1f, B %.1f dBFS", hk_input_meter_get_partner_loudest (two, HK_PARTNER_A),
                  hk_input_meter_get_partner_loudest (two, HK_PARTNER_B));
  g_assert_cmpfloat (hk_input_meter_get_partner_loudest (two, HK_PARTNER_A), <, -100.0);
  g_assert_cmpfloat (hk_input_meter_get_partner_loudest (two, HK_PARTNER_B), >, -10.0);
  hk_input_meter_set_swap (two, TRUE);
  g_assert_cmpfloat (hk_input_meter_get_partner_loudest (two, HK_PARTNER_A), >, -10.0);
  g_assert_cmpfloat (hk_input_meter_get_partner_level (two, HK_PARTNER_B), <, -100.0);

  /* The crossed stereo input: only A has spoken so far, on the right,
   * where B's bar is until the swap. */
  g_test_message ("stereo: left %.1f, right %.1f dBFS", hk_input_meter_get_partner_loudest (stereo, HK_PARTNER_A),
                  hk_input_meter_get_partner_loudest (stereo, HK_PARTNER_B));
  g_assert_cmpfloat (hk_input_meter_get_partner_loudest (stereo, HK_PARTNER_A), <, -60.0);
  g_assert_cmpfloat (hk_input_meter_get_partner_loudest (stereo, HK_PARTNER_B), >, -30.0);
  g_object_set (stereo, "swap", TRUE, NULL);
  g_assert_true (hk_input_meter_get_swap (stereo));
  g_assert_cmpfloat (hk_input_meter_get_partner_loudest (stereo, HK_PARTNER_A), >, -30.0);
  hk_input_meter_stop (two);
  hk_input_meter_stop (stereo);
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
  make_pair_script ();

  g_test_add_func ("/Audio/recorder/call", test_call);
  g_test_add_func ("/Audio/recorder/stop-early", test_stop_early);
  g_test_add_func ("/Audio/recorder/bad-source", test_bad_source);
  g_test_add_func ("/Audio/recorder/disk-full", test_disk_full);
  g_test_add_func ("/Audio/recorder/kill", test_kill);
  g_test_add_func ("/Audio/merger/aligned", test_merger_aligned);
  g_test_add_func ("/Audio/merger/late-and-lost", test_merger_late_and_lost);
  g_test_add_func ("/Audio/merger/stall", test_merger_stall);
  g_test_add_func ("/Audio/merger/jitter", test_merger_jitter);
  g_test_add_func ("/Audio/recorder/pair/input-check", test_pair_input_check);
  g_test_add_func ("/Audio/recorder/pair/two-inputs", test_pair_two_inputs);
  g_test_add_func ("/Audio/recorder/pair/next-by-hand", test_pair_next_by_hand);
  g_test_add_func ("/Audio/recorder/pair/customer-voice", test_pair_customer_voice);
  g_test_add_func ("/Audio/recorder/pair/cli-swap", test_pair_cli_swap);
  g_test_add_func ("/Audio/recorder/pair/cli-options", test_pair_cli_options);
  g_test_add_func ("/Audio/recorder/pair/input-lost", test_pair_input_lost);
  g_test_add_func ("/Audio/recorder/pair/kill", test_pair_kill);

  status = g_test_run ();

  hk_test_remove_tree (tmp_dir);
  g_free (tmp_dir);
  g_free (answers_wav);
  g_free (pair_a_wav);
  g_free (pair_b_wav);
  g_free (pair_crossed_wav);
  g_free (pair_stereo_wav);
  g_free (script.a);
  g_free (script.b);
  return status;
}
