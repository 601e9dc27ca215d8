/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The real audio path: the test starts a PulseAudio server of its own,
 * with a virtual speaker and a virtual microphone (null sinks, heard
 * through their monitors), runs `hearken-cli practice` against it, and
 * stops the server by its PID. The trainee's answers are played into the
 * virtual microphone by a GStreamer pipeline of the test's; a second call
 * records the speaker itself, to measure how the customer heard back
 * lines up with the customer as recorded. A pair call has two virtual
 * microphones of its own, into which the test plays two trainees with a
 * planned interruption: each must land on its own channel, in step,
 * with the overlap measured between them. */
#include "config.h"

#include <glib/gstdio.h>
#include <glib-unix.h>
#include <gst/gst.h>
#include <math.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "hk-call-file.h"
#include "hk-decoder.h"
#include "hk-session-store.h"
#include "hk-test-speech.h"
#include "hk-test-util.h"
#include "hk-vad.h"

static char *tmp_dir;
static char *socket_path;
static GPid server = 0;
static char **envp;

/* The server dies with the test, even when an assertion aborts it. */
static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static gboolean
start_server (void)
{
  g_autofree char *unix_module = g_strdup_printf ("module-native-protocol-unix socket=%s auth-anonymous=1",
                                                  socket_path);
  const char *argv[] = { "pulseaudio", "--daemonize=no", "-n", "--exit-idle-time=-1", "--disallow-exit",
                         "--use-pid-file=no", "--system=false", "-F", "/dev/null",
                         "-L", unix_module,
                         "-L", "module-null-sink sink_name=speaker rate=48000",
                         "-L", "module-null-sink sink_name=micfeed rate=48000",
                         /* As desktops do: a stream whose device goes away
                          * moves to another rather than dying. */
                         "-L", "module-rescue-streams",
                         NULL };
  g_autoptr(GError) error = NULL;

  if (!g_spawn_async (NULL, (char **) argv, envp, G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD |
                      G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL, die_with_parent, NULL,
                      &server, &error))
    {
      g_test_message ("cannot start pulseaudio: %s", error->message);
      return FALSE;
    }
  for (guint i = 0; i < 100 && !g_file_test (socket_path, G_FILE_TEST_EXISTS); i++)
    g_usleep (50000);
  return g_file_test (socket_path, G_FILE_TEST_EXISTS);
}

static void
stop_server (void)
{
  int status;

  if (server == 0)
    return;
  kill (server, SIGTERM);
  waitpid (server, &status, 0);
  g_spawn_close_pid (server);
  server = 0;
}

static void
pactl (const char *command,
       const char *argument,
       char      **out)
{
  g_autofree char *line = g_strdup_printf ("pactl %s %s", command, argument);
  g_auto(GStrv) argv = g_strsplit (line, " ", -1);
  g_autoptr(GError) error = NULL;
  int status;

  g_assert_true (g_spawn_sync (NULL, argv, envp, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                               NULL, NULL, out, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
}

/* Runs a call on the server, ended after @seconds with Ctrl+C when not
 * 0; when @unplug is set, that module is unloaded halfway through, as a
 * headset pulled out. Returns the session folder. */
static char *
practice_with (const char *input,
               const char *out_dir,
               guint       seconds,
               const char *unplug,
               const char *option)
{
  g_autofree char *cli = g_test_build_filename (G_TEST_BUILT, "..", "src", "cli", "hearken-cli", NULL);
  const char *argv[] = { cli, "practice", "test-two-lines", "--lang", "en", "--input", input,
                         "--output", "speaker", "--advance-silence", "1.2", "--out", out_dir, option, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GIOChannel) channel = NULL;
  g_autofree char *out = NULL;
  GPid pid;
  int out_fd, status;
  gsize len;

  g_assert_true (g_spawn_async_with_pipes (NULL, (char **) argv, envp, G_SPAWN_DO_NOT_REAP_CHILD |
                                           G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &pid, NULL, &out_fd,
                                           NULL, &error));
  g_assert_no_error (error);
  if (seconds > 0)
    {
      if (unplug != NULL)
        {
          g_usleep (seconds * G_USEC_PER_SEC / 2);
          pactl ("unload-module", unplug, NULL);
          g_usleep (seconds * G_USEC_PER_SEC / 2);
        }
      else
        g_usleep (seconds * G_USEC_PER_SEC);
      kill (pid, SIGINT);
    }
  channel = g_io_channel_unix_new (out_fd);
  g_io_channel_set_close_on_unref (channel, TRUE);
  g_assert_cmpint (g_io_channel_read_to_end (channel, &out, &len, &error), ==, G_IO_STATUS_NORMAL);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_spawn_close_pid (pid);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);
  return g_strdup (g_strstrip (out));
}

static char *
practice_unplugging (const char *input,
                     const char *out_dir,
                     guint       seconds,
                     const char *unplug)
{
  return practice_with (input, out_dir, seconds, unplug, NULL);
}

static char *
practice (const char *input,
          const char *out_dir,
          guint       seconds)
{
  return practice_with (input, out_dir, seconds, NULL, NULL);
}

/* Plays the trainee's answers into @sink (the virtual microphone's, or
 * the speaker's, which that microphone hears too) in a thread of
 * GStreamer's, starting now. */
static GstElement *
play_answers_into (const char *wav,
                   const char *sink)
{
  g_autofree char *desc = g_strdup_printf ("filesrc location=\"%s\" ! wavparse ! audioconvert ! "
                                           "audioresample ! pulsesink device=%s", wav, sink);
  GstElement *pipeline = gst_parse_launch (desc, NULL);

  g_assert_nonnull (pipeline);
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  return pipeline;
}

static GstElement *
play_answers (const char *wav)
{
  return play_answers_into (wav, "micfeed");
}

static void
test_call_through_pulseaudio (void)
{
  g_autofree char *dir = g_build_filename (tmp_dir, "sessions", NULL);
  g_autofree char *wav = g_build_filename (tmp_dir, "answers.wav", NULL);
  g_autofree char *folder = NULL;
  g_autoptr(HkSession) session = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(HkThresholds) th = hk_thresholds_new ();
  g_autoptr(HkCallAnalysis) a = NULL;
  g_autofree char *call = NULL;
  GstElement *player;
  const GArray *turns;
  const HkSegments *customer, *trainee;
  gsize n = 20 * HK_VAD_RATE, len;
  g_autofree float *x = g_new0 (float, n);
  g_autofree float *line = hk_test_speak ("en+f3", 170, "I will check it for you right away.", &len);
  double spacing;

  /* Two answers, 7 s apart, starting 8 s in: after each line, as the
   * first waits for the speaker to settle and a connecting sound. */
  for (guint r = 0; r < 2; r++)
    for (gsize k = 0; k < len; k++)
      x[(8 + 7 * r) * HK_VAD_RATE + k] = line[k];
  g_assert_true (hk_test_write_wav (wav, x, n, 1, HK_VAD_RATE, NULL));

  player = play_answers (wav);
  folder = practice ("micfeed.monitor", dir, 0);
  gst_element_set_state (player, GST_STATE_NULL);
  gst_object_unref (player);

  session = hk_session_load (folder, &error);
  g_assert_no_error (error);
  g_assert_cmpint (hk_session_get_state (session), ==, HK_SESSION_COMPLETE);
  turns = hk_session_get_turns (session);
  g_assert_cmpuint (turns->len, ==, 2);

  call = hk_session_get_call_path (session);
  a = hk_call_file_analyze (call, HK_CALL_FILE_NONE, th, NULL, NULL, &error);
  g_assert_no_error (error);
  customer = hk_call_analysis_get_segments (a, HK_PARTY_CUSTOMER);
  trainee = hk_call_analysis_get_segments (a, HK_PARTY_TRAINEE);

  /* The customer on channel 0, where the session says each line began. */
  for (guint i = 0; i < turns->len; i++)
    {
      const HkSessionTurn *t = &g_array_index (turns, HkSessionTurn, i);
      guint k;

      g_assert_true (hk_segments_covers (customer, t->start + 0.05, &k));
      g_assert_cmpfloat (fabs (hk_segments_get (customer, k)->start - t->start), <=, 0.02);
    }

  /* The trainee on channel 1, the two answers 5 s apart as played. */
  g_assert_cmpuint (hk_segments_get_n (trainee), >=, 2);
  spacing = hk_segments_get (trainee, hk_segments_get_n (trainee) - 1)->start - hk_segments_get (trainee, 0)->start;
  g_test_message ("answers heard %.3f s apart", spacing);
  g_assert_cmpfloat (fabs (spacing - 7.0), <=, 0.02);
  /* Nothing of the customer reached channel 1: the microphone is apart. */
  for (guint i = 0; i < hk_segments_get_n (trainee); i++)
    g_assert_false (hk_segments_covers (customer, hk_segments_get (trainee, i)->start + 0.05, NULL));
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

/* The microphone hears the speaker itself: the lag between the customer
 * as recorded and as heard back, by cross-correlation. The customer's
 * channel must line up with what the speaker played within 20 ms. */
static void
test_loopback_alignment (void)
{
  g_autofree char *dir = g_build_filename (tmp_dir, "loopback", NULL);
  /* The microphone hears the speaker at full level, a leak no real room
   * has; the call is simply ended after the first line. The speaker may
   * take up to 8 s to settle before that line (more under a sanitizer's
   * load), so the call is given 14 s. */
  g_autofree char *folder = practice_with ("speaker.monitor", dir, 14, NULL, "--no-echo-cancel");
  g_autoptr(HkSession) session = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(HkDecoder) decoder = NULL;
  g_autofree char *call = NULL;
  Channels c = { g_array_new (FALSE, FALSE, sizeof (float)), g_array_new (FALSE, FALSE, sizeof (float)) };
  const HkSessionTurn *t;
  gsize from, to;
  double best = -1.0;
  int best_lag = 0;

  session = hk_session_load (folder, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hk_session_get_turns (session)->len, >=, 1);
  t = &g_array_index (hk_session_get_turns (session), HkSessionTurn, 0);
  call = hk_session_get_call_path (session);
  decoder = hk_decoder_new (call);
  g_assert_true (hk_decoder_run (decoder, split_cb, &c, NULL, &error));
  g_assert_no_error (error);

  from = (gsize) (t->start * HK_VAD_RATE);
  to = MIN ((gsize) (t->end * HK_VAD_RATE), c.left->len);
  for (int lag = -HK_VAD_RATE; lag <= HK_VAD_RATE; lag += 8)
    {
      double sum = 0.0;

      for (gsize i = from; i < to; i += 2)
        {
          gssize j = (gssize) i + lag;

          if (j >= 0 && (gsize) j < c.right->len)
            sum += g_array_index (c.left, float, i) * g_array_index (c.right, float, j);
        }
      if (sum > best)
        {
          best = sum;
          best_lag = lag;
        }
    }

  g_print ("# loopback through PulseAudio: the customer heard back %+.1f ms from the customer as recorded\n",
           1000.0 * best_lag / HK_VAD_RATE);
  g_assert_cmpfloat (best, >, 0.0);
  g_assert_cmpint (ABS (best_lag), <=, HK_VAD_RATE / 50);

  g_array_unref (c.left);
  g_array_unref (c.right);
}

/* Seconds of @segments, and how much of that lies within @other. */
static double
speech_time (const HkSegments *segments,
             const HkSegments *other,
             double           *overlapping)
{
  double total = 0.0;

  *overlapping = 0.0;
  for (guint i = 0; i < hk_segments_get_n (segments); i++)
    {
      const HkSegment *s = hk_segments_get (segments, i);

      total += s->end - s->start;
      for (guint j = 0; j < hk_segments_get_n (other); j++)
        {
          const HkSegment *o = hk_segments_get (other, j);

          *overlapping += MAX (0.0, MIN (s->end, o->end) - MAX (s->start, o->start));
        }
    }
  return total;
}

/* A trainee on speakers: the microphone is the speaker's own monitor, so
 * it hears the customer at full level, and the trainee's answer comes
 * through the same sink. With echo cancellation (the default) the
 * recording must hold the answer and nothing of the customer on the
 * trainee's channel: no made-up speech, no overlap. Without it, the same
 * call is full of both, which shows the test can fail. */
static void
echo_call (gboolean         cancel,
           HkCallAnalysis **analysis,
           HkSession      **session_out)
{
  g_autofree char *dir = g_build_filename (tmp_dir, cancel ? "echo-on" : "echo-off", NULL);
  g_autofree char *wav = g_build_filename (tmp_dir, "answer-on-speakers.wav", NULL);
  g_autofree char *folder = NULL;
  g_autofree char *call = NULL;
  g_autoptr(HkThresholds) th = hk_thresholds_new ();
  g_autoptr(GError) error = NULL;
  GstElement *player;

  player = play_answers_into (wav, "speaker");
  folder = practice_with ("speaker.monitor", dir, 12, NULL, cancel ? NULL : "--no-echo-cancel");
  gst_element_set_state (player, GST_STATE_NULL);
  gst_object_unref (player);

  *session_out = hk_session_load (folder, &error);
  g_assert_no_error (error);
  call = hk_session_get_call_path (*session_out);
  *analysis = hk_call_file_analyze (call, HK_CALL_FILE_NONE, th, NULL, NULL, &error);
  g_assert_no_error (error);
}

static void
test_echo_cancellation (void)
{
  g_autofree char *wav = g_build_filename (tmp_dir, "answer-on-speakers.wav", NULL);
  g_autoptr(HkCallAnalysis) on = NULL, off = NULL;
  g_autoptr(HkSession) session_on = NULL, session_off = NULL;
  g_autoptr(HkSegments) answer_truth = NULL;
  gsize n = 12 * HK_VAD_RATE, len;
  g_autofree float *x = g_new0 (float, n);
  g_autofree float *answer = hk_test_speak ("en+m3", 170, "I am sorry, let me look at your bill.", &len);
  double answer_length, trainee_on, trainee_off, over_on, over_off;
  guint overlaps_on = 0, overlaps_off = 0;

  /* The answer comes 7 s in: after the first line, which follows a
   * second of connecting sound and waits for the speaker to settle. */
  for (gsize k = 0; k < len; k++)
    x[(gsize) (7 * HK_VAD_RATE) + k] = 0.5f * answer[k];
  g_assert_true (hk_test_write_wav (wav, x, n, 1, HK_VAD_RATE, NULL));
  answer_truth = hk_test_true_segments (answer, len, 0.0);
  answer_length = hk_segments_get (answer_truth, hk_segments_get_n (answer_truth) - 1)->end -
                  hk_segments_get (answer_truth, 0)->start;

  echo_call (TRUE, &on, &session_on);
  echo_call (FALSE, &off, &session_off);

  trainee_on = speech_time (hk_call_analysis_get_segments (on, HK_PARTY_TRAINEE),
                            hk_call_analysis_get_segments (on, HK_PARTY_CUSTOMER), &over_on);
  trainee_off = speech_time (hk_call_analysis_get_segments (off, HK_PARTY_TRAINEE),
                             hk_call_analysis_get_segments (off, HK_PARTY_CUSTOMER), &over_off);
  for (HkMarkerType t = HK_MARKER_BACKCHANNEL; t <= HK_MARKER_OVERTALK; t++)
    {
      overlaps_on += hk_call_analysis_count_markers (on, t, NULL);
      overlaps_off += hk_call_analysis_count_markers (off, t, NULL);
    }
  g_print ("# speakers through PulseAudio: echo found %.1f ms after the customer's channel; trainee speech "
           "%.2f s with cancellation (%.2f s of it over the customer, %u overlap markers), %.2f s without "
           "(%.2f s over the customer, %u overlap markers); the answer was %.2f s\n",
           1000.0 * hk_session_get_echo_delay (session_on), trainee_on, over_on, overlaps_on, trainee_off,
           over_off, overlaps_off, answer_length);

  /* Without cancellation the echo passes for the trainee. */
  g_assert_cmpfloat (over_off, >, 0.5);
  g_assert_cmpuint (overlaps_off, >, 0);
  g_assert_cmpfloat (hk_session_get_echo_delay (session_off), <, 0.0);

  /* With it: the echo was found, the answer is there, and nothing else. */
  g_assert_cmpfloat (hk_session_get_echo_delay (session_on), >=, 0.0);
  g_assert_cmpfloat (over_on, <, 0.05);
  g_assert_cmpuint (overlaps_on, ==, 0);
  g_assert_cmpfloat (fabs (trainee_on - answer_length), <, 0.4);
}

/* The headset is pulled out mid-call: the sound server carries the call
 * over to another microphone, the call goes on to its end, and the
 * session says what happened. */
static void
test_microphone_unplugged (void)
{
  g_autofree char *dir = g_build_filename (tmp_dir, "unplugged", NULL);
  g_autofree char *module = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *call = NULL;
  g_autoptr(HkSession) session = NULL;
  g_autoptr(HkThresholds) th = hk_thresholds_new ();
  g_autoptr(HkCallAnalysis) a = NULL;
  g_autoptr(GError) error = NULL;

  pactl ("load-module", "module-null-sink sink_name=headset rate=48000", &module);
  g_strstrip (module);
  /* Pulled out 8 s in, once the call has been recording for a while:
   * it starts once the speaker has settled and the connecting sound has
   * played, some 5 s after the command. */
  folder = practice_unplugging ("headset.monitor", dir, 16, module);

  session = hk_session_load (folder, &error);
  g_assert_no_error (error);
  g_assert_cmpint (hk_session_get_state (session), ==, HK_SESSION_COMPLETE);
  g_test_message ("%s", hk_session_get_problem (session) ? hk_session_get_problem (session) : "(no note)");
  g_assert_nonnull (hk_session_get_problem (session));
  g_assert_nonnull (strstr (hk_session_get_problem (session), "“headset.monitor” went away"));

  /* The whole call was kept, before and after the switch. */
  call = hk_session_get_call_path (session);
  a = hk_call_file_analyze (call, HK_CALL_FILE_NONE, th, NULL, NULL, &error);
  g_assert_no_error (error);
  g_test_message ("%.2f s recorded", hk_call_analysis_get_duration (a));
  g_assert_cmpfloat (hk_call_analysis_get_duration (a), >=, 6.0);
}

static gboolean
interrupt_child_cb (gpointer data)
{
  kill (*(GPid *) data, SIGINT);
  return G_SOURCE_REMOVE;
}

static void
child_done_cb (GPid     pid,
               int      status,
               gpointer data)
{
  int *out = data;

  *out = status;
  g_spawn_close_pid (pid);
}

static void
read_all (int      fd,
          GString *into)
{
  char buf[4096];
  gssize n;

  while ((n = read (fd, buf, sizeof buf)) > 0)
    g_string_append_len (into, buf, n);
}

/* Runs @argv to its end, or ends it with Ctrl+C after @seconds, so that
 * a call that never ends by itself cannot hang the test. Returns its
 * standard output. */
static char *
run_to_end (const char **argv,
            guint        seconds,
            char       **err,
            int         *status)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GString) errors = g_string_new (NULL);
  int out_fd, err_fd, wait_status = -1;
  GPid pid;
  guint timeout;

  g_assert_true (g_spawn_async_with_pipes (NULL, (char **) argv, envp, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                                           &pid, NULL, &out_fd, &err_fd, &error));
  g_assert_no_error (error);
  g_child_watch_add (pid, child_done_cb, &wait_status);
  timeout = g_timeout_add_seconds (seconds, interrupt_child_cb, &pid);
  g_unix_set_fd_nonblocking (out_fd, TRUE, NULL);
  g_unix_set_fd_nonblocking (err_fd, TRUE, NULL);
  while (wait_status == -1)
    {
      g_main_context_iteration (NULL, FALSE);
      read_all (out_fd, out);
      read_all (err_fd, errors);
      g_usleep (10000);
    }
  if (g_main_context_find_source_by_id (NULL, timeout) != NULL)
    g_source_remove (timeout);
  else
    g_test_message ("hearken-cli was ended with Ctrl+C after %u s", seconds);
  g_unix_set_fd_nonblocking (out_fd, FALSE, NULL);
  g_unix_set_fd_nonblocking (err_fd, FALSE, NULL);
  read_all (out_fd, out);
  read_all (err_fd, errors);
  close (out_fd);
  close (err_fd);
  *status = wait_status;
  *err = g_string_free (g_steal_pointer (&errors), FALSE);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

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

/* The lag, in samples, within ±@range of @offset, at which @recorded
 * best matches @planned[@from, @to). */
static int
best_lag (const GArray *recorded,
          const float  *planned,
          gsize         from,
          gsize         to,
          int           offset,
          int           range)
{
  double best = -1.0;
  int found = offset;

  for (int lag = offset - range; lag <= offset + range; lag++)
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
          found = lag;
        }
    }
  g_assert_cmpfloat (best, >, 0.0);
  return found;
}

static double
overtalk_during (HkCallAnalysis *analysis,
                 double          from,
                 double          to,
                 gboolean       *interruption)
{
  const GArray *markers = hk_call_analysis_get_markers (analysis);
  double total = 0.0;

  *interruption = FALSE;
  for (guint i = 0; i < markers->len; i++)
    {
      const HkMarker *m = &g_array_index (markers, HkMarker, i);

      if (m->start < from || m->start > to)
        continue;
      if (m->type == HK_MARKER_OVERTALK)
        total += m->end - m->start;
      else if (m->type == HK_MARKER_INTERRUPTION)
        *interruption = TRUE;
    }
  return total;
}

/* Two trainees, each on a virtual microphone of their own (at 48 and
 * 44.1 kHz): partner A reads, B cuts in a second before A finishes, A
 * reads on, B answers after a pause. `hearken-cli practice --pair` must
 * put A on channel 0 and B on channel 1, in step, and measure the
 * overlap between them as the two voices hold it. */
static void
test_pair_through_pulseaudio (void)
{
  g_autofree char *cli = g_test_build_filename (G_TEST_BUILT, "..", "src", "cli", "hearken-cli", NULL);
  g_autofree char *dir = g_build_filename (tmp_dir, "pair", NULL);
  g_autofree char *a_wav = g_build_filename (tmp_dir, "partner-a.wav", NULL);
  g_autofree char *b_wav = g_build_filename (tmp_dir, "partner-b.wav", NULL);
  g_autofree char *stereo_wav = g_build_filename (tmp_dir, "pair.wav", NULL);
  g_autofree char *module_a = NULL, *module_b = NULL, *module_feed = NULL;
  g_autofree char *desc = NULL, *out = NULL, *err = NULL, *call = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(HkSession) session = NULL;
  g_autoptr(HkThresholds) th = hk_thresholds_new ();
  g_autoptr(HkCallAnalysis) a = NULL;
  g_autoptr(HkCallAnalysis) played = NULL;
  g_autoptr(HkDecoder) decoder = NULL;
  const HkSegments *a_segs, *b_segs;
  Channels c = { g_array_new (FALSE, FALSE, sizeof (float)), g_array_new (FALSE, FALSE, sizeof (float)) };
  gsize n = 20 * HK_VAD_RATE;
  g_autofree float *xa = g_new0 (float, n);
  g_autofree float *xb = g_new0 (float, n);
  double a_said[2][2], b_said[2][2], offset, overtalk, overtalk_played;
  gboolean interruption, interruption_played;
  GstElement *player;
  int lag_a, lag_b, status;
  const char *argv[] = { cli, "practice", "test-two-lines", "--lang", "en", "--out", dir, "--pair",
                         "--partner-a", "Jan", "--partner-b", "Eva",
                         "--input-a", "mica", "--input-b", "micb",
                         "--advance-after", "1.5", NULL };

  /* Speech starts 3 s in, once hearken-cli has surely started. */
  a_said[0][0] = 3.0;
  a_said[0][1] = place (xa, n, "en", "My bill is wrong, you charged me twice for the same month.", a_said[0][0]);
  b_said[0][0] = a_said[0][1] - 1.0;
  b_said[0][1] = place (xb, n, "en+f3", "I am so sorry, let me check that for you.", b_said[0][0]);
  a_said[1][0] = b_said[0][1] + 3.5;
  a_said[1][1] = place (xa, n, "en", "Thank you, goodbye.", a_said[1][0]);
  b_said[1][0] = a_said[1][1] + 0.8;
  b_said[1][1] = place (xb, n, "en+f3", "You are welcome, goodbye.", b_said[1][0]);
  g_assert_true (hk_test_write_wav (a_wav, xa, n, 1, HK_VAD_RATE, NULL));
  g_assert_true (hk_test_write_wav (b_wav, xb, n, 1, HK_VAD_RATE, NULL));
  {
    g_autofree float *both = g_new (float, 2 * n);

    for (gsize i = 0; i < n; i++)
      {
        both[2 * i] = xa[i];
        both[2 * i + 1] = xb[i];
      }
    g_assert_true (hk_test_write_wav (stereo_wav, both, n, 2, HK_VAD_RATE, NULL));
  }

  /* Two virtual microphones, each hearing one channel of one virtual
   * speaker: both voices reach them in step, so what is measured is the
   * recording of two inputs, not how two virtual speakers buffer. */
  pactl ("load-module", "module-null-sink sink_name=pairfeed rate=48000 channels=2 "
         "channel_map=front-left,front-right", &module_feed);
  pactl ("load-module", "module-remap-source master=pairfeed.monitor source_name=mica channels=1 "
         "master_channel_map=front-left channel_map=mono", &module_a);
  pactl ("load-module", "module-remap-source master=pairfeed.monitor source_name=micb channels=1 "
         "master_channel_map=front-right channel_map=mono", &module_b);
  g_strstrip (module_feed);
  g_strstrip (module_a);
  g_strstrip (module_b);

  desc = g_strdup_printf ("filesrc location=\"%s\" ! wavparse ! audioconvert ! audioresample "
                          "! pulsesink device=pairfeed", stereo_wav);
  player = gst_parse_launch (desc, &error);
  g_assert_no_error (error);
  gst_element_set_state (player, GST_STATE_PLAYING);
  out = run_to_end (argv, 60, &err, &status);
  gst_element_set_state (player, GST_STATE_NULL);
  gst_object_unref (player);
  pactl ("unload-module", module_a, NULL);
  pactl ("unload-module", module_b, NULL);
  pactl ("unload-module", module_feed, NULL);
  g_test_message ("%s", err);
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  session = hk_session_load (g_strstrip (out), &error);
  g_assert_no_error (error);
  g_assert_cmpint (hk_session_get_state (session), ==, HK_SESSION_COMPLETE);
  g_assert_cmpstr (hk_session_get_trainee (session), ==, "Eva");
  g_assert_cmpuint (hk_session_get_round (session), ==, 1);
  g_assert_cmpstr (hk_session_get_pair_id (session), ==, hk_session_get_id (session));
  /* The call moved on after A's first line and B's answer. */
  g_assert_cmpuint (hk_session_get_turns (session)->len, ==, 2);

  call = hk_session_get_call_path (session);
  a = hk_call_file_analyze (call, HK_CALL_FILE_NONE, th, NULL, NULL, &error);
  g_assert_no_error (error);
  a_segs = hk_call_analysis_get_segments (a, HK_PARTY_CUSTOMER);
  b_segs = hk_call_analysis_get_segments (a, HK_PARTY_TRAINEE);

  /* The call's time is the played time less when hearken-cli began. */
  g_assert_cmpuint (hk_segments_get_n (a_segs), >=, 2);
  g_assert_cmpuint (hk_segments_get_n (b_segs), >=, 2);
  offset = hk_segments_get (a_segs, 0)->start - a_said[0][0];
  g_test_message ("the call's time is the played time %+.3f s", offset);

  /* Each voice on its own channel, and only there: every stretch of
   * speech on a channel is that partner's. */
  for (guint i = 0; i < hk_segments_get_n (a_segs); i++)
    {
      const HkSegment *seg = hk_segments_get (a_segs, i);

      g_test_message ("channel 0: %.3f-%.3f", seg->start, seg->end);
      g_assert_true ((seg->start >= a_said[0][0] + offset - 0.1 && seg->end <= a_said[0][1] + offset + 0.1) ||
                     (seg->start >= a_said[1][0] + offset - 0.1 && seg->end <= a_said[1][1] + offset + 0.1));
    }
  for (guint i = 0; i < hk_segments_get_n (b_segs); i++)
    {
      const HkSegment *seg = hk_segments_get (b_segs, i);

      g_test_message ("channel 1: %.3f-%.3f", seg->start, seg->end);
      g_assert_true ((seg->start >= b_said[0][0] + offset - 0.1 && seg->end <= b_said[0][1] + offset + 0.1) ||
                     (seg->start >= b_said[1][0] + offset - 0.1 && seg->end <= b_said[1][1] + offset + 0.1));
    }
  for (guint i = 0; i < 2; i++)
    {
      double at_a = segment_near (a_segs, a_said[i][0] + offset);
      double at_b = segment_near (b_segs, b_said[i][0] + offset);

      g_test_message ("A %u at %.3f (planned %.3f), B %u at %.3f (planned %.3f)", i + 1, at_a,
                      a_said[i][0] + offset, i + 1, at_b, b_said[i][0] + offset);
      /* Virtual devices' clocks wander by some ms over a call. */
      g_assert_cmpfloat (fabs (at_a - (a_said[i][0] + offset)), <=, 0.05);
      g_assert_cmpfloat (fabs (at_b - (b_said[i][0] + offset)), <=, 0.05);
    }

  /* Sample by sample: where each channel holds its voice, by
   * cross-correlation with what was played. */
  decoder = hk_decoder_new (call);
  g_assert_true (hk_decoder_run (decoder, split_cb, &c, NULL, &error));
  g_assert_no_error (error);
  lag_a = best_lag (c.left, xa, (gsize) (a_said[0][0] * HK_VAD_RATE), (gsize) (a_said[0][1] * HK_VAD_RATE),
                    (int) round (offset * HK_VAD_RATE), HK_VAD_RATE / 20);
  lag_b = best_lag (c.right, xb, (gsize) (b_said[0][0] * HK_VAD_RATE), (gsize) (b_said[0][1] * HK_VAD_RATE),
                    lag_a, HK_VAD_RATE / 10);
  g_print ("# pair through PulseAudio: partner B's channel %+.1f ms from partner A's, as played into "
           "two virtual microphones\n", 1000.0 * (lag_b - lag_a) / HK_VAD_RATE);
  /* A figure to read; only a gross error fails. */
  g_assert_cmpint (ABS (lag_b - lag_a), <=, HK_VAD_RATE / 20);

  /* The interruption, measured between the two channels as the two
   * voices themselves hold it. */
  played = hk_call_file_analyze_parties (a_wav, b_wav, HK_CALL_FILE_NONE, th, NULL, NULL, &error);
  g_assert_no_error (error);
  overtalk_played = overtalk_during (played, a_said[0][0], a_said[1][0], &interruption_played);
  overtalk = overtalk_during (a, a_said[0][0] + offset, a_said[1][0] + offset, &interruption);
  g_print ("# pair through PulseAudio: overtalk of %.3f s in the call, %.3f s in the voices played, "
           "%.3f s planned\n", overtalk, overtalk_played, a_said[0][1] - b_said[0][0]);
  g_assert_true (interruption_played);
  g_assert_true (interruption);
  g_assert_cmpfloat (fabs (overtalk - overtalk_played), <=, 0.06);
  /* No overlap in the answer after a pause. */
  overtalk = overtalk_during (a, a_said[1][0] + offset, b_said[1][1] + offset, &interruption);
  g_assert_cmpfloat (overtalk, ==, 0.0);
  g_assert_false (interruption);

  g_array_unref (c.left);
  g_array_unref (c.right);
}

static gboolean
unload_cb (gpointer data)
{
  pactl ("unload-module", data, NULL);
  return G_SOURCE_REMOVE;
}

/* Partner B's headset is pulled out mid-call: the sound server carries
 * B's input over to another microphone, the call goes on, and the
 * session says whose microphone went. */
static void
test_pair_microphone_unplugged (void)
{
  g_autofree char *cli = g_test_build_filename (G_TEST_BUILT, "..", "src", "cli", "hearken-cli", NULL);
  g_autofree char *dir = g_build_filename (tmp_dir, "pair-unplugged", NULL);
  g_autofree char *module_a = NULL, *module_b = NULL, *out = NULL, *err = NULL;
  g_autoptr(HkSession) session = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { cli, "practice", "test-two-lines", "--lang", "en", "--out", dir, "--pair",
                         "--partner-a", "Jan", "--partner-b", "Eva",
                         "--input-a", "headset1.monitor", "--input-b", "headset2.monitor", NULL };
  int status;

  pactl ("load-module", "module-null-sink sink_name=headset1 rate=48000", &module_a);
  pactl ("load-module", "module-null-sink sink_name=headset2 rate=44100", &module_b);
  g_strstrip (module_a);
  g_strstrip (module_b);
  g_timeout_add_seconds (3, unload_cb, module_b);
  /* Nobody speaks, so the call waits for partner A; Ctrl+C ends it. */
  out = run_to_end (argv, 6, &err, &status);
  pactl ("unload-module", module_a, NULL);
  g_test_message ("%s", err);
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  session = hk_session_load (g_strstrip (out), &error);
  g_assert_no_error (error);
  g_assert_cmpint (hk_session_get_state (session), ==, HK_SESSION_COMPLETE);
  g_test_message ("%s", hk_session_get_problem (session) ? hk_session_get_problem (session) : "(no note)");
  g_assert_nonnull (hk_session_get_problem (session));
  g_assert_nonnull (strstr (hk_session_get_problem (session), "Partner B’s microphone “headset2.monitor” went away"));
  g_assert_cmpfloat (hk_session_get_duration (session), >=, 4.0);
}

static void
test_devices (void)
{
  g_autofree char *cli = g_test_build_filename (G_TEST_BUILT, "..", "src", "cli", "hearken-cli", NULL);
  const char *argv[] = { cli, "devices", NULL };
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, envp, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                               &out, NULL, &status, &error));
  g_assert_no_error (error);
  g_test_message ("%s", out);
  g_assert_nonnull (strstr (out, "micfeed.monitor"));
  g_assert_nonnull (strstr (out, "output"));
  g_assert_nonnull (strstr (out, " speaker "));
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *data_home = NULL;
  g_autofree char *scenarios = NULL;
  g_autofree char *scenario = NULL;
  g_autofree char *server_env = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  tmp_dir = g_dir_make_tmp ("hearken-pulse-XXXXXX", NULL);
  socket_path = g_build_filename (tmp_dir, "pulse.sock", NULL);
  data_home = g_build_filename (tmp_dir, "data", NULL);
  scenarios = g_build_filename (data_home, "hearken", "scenarios", NULL);
  scenario = g_build_filename (scenarios, "test-two-lines.json", NULL);
  g_assert_cmpint (g_mkdir_with_parents (scenarios, 0755), ==, 0);
  g_assert_true (g_file_set_contents (scenario, hk_test_scenario_json, -1, NULL));

  /* Everything, the test's own pipelines too, talks to this server only. */
  server_env = g_strdup_printf ("unix:%s", socket_path);
  g_setenv ("PULSE_SERVER", server_env, TRUE);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  g_setenv ("PULSE_RUNTIME_PATH", tmp_dir, TRUE);
  envp = g_get_environ ();
  gst_init (&argc, &argv);

  if (!start_server ())
    g_error ("could not start a PulseAudio server of the test's own; is pulseaudio installed?");

  g_test_add_func ("/Audio/pulse/devices", test_devices);
  g_test_add_func ("/Audio/pulse/call", test_call_through_pulseaudio);
  g_test_add_func ("/Audio/pulse/loopback-alignment", test_loopback_alignment);
  g_test_add_func ("/Audio/pulse/echo-cancellation", test_echo_cancellation);
  g_test_add_func ("/Audio/pulse/microphone-unplugged", test_microphone_unplugged);
  g_test_add_func ("/Audio/pulse/pair", test_pair_through_pulseaudio);
  g_test_add_func ("/Audio/pulse/pair-microphone-unplugged", test_pair_microphone_unplugged);

  status = g_test_run ();

  stop_server ();
  hk_test_remove_tree (tmp_dir);
  g_free (tmp_dir);
  g_free (socket_path);
  g_strfreev (envp);
  return status;
}
