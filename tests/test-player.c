/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The call player on a generated call: position reports, seeking, a span
 * played and stopped, and half and double speed at the same pitch. */
#include "config.h"

#include <glib/gstdio.h>
#include <gst/gst.h>
#include <math.h>

#include "hk-call-player.h"
#include "hk-decoder.h"
#include "hk-pitch-tracker.h"
#include "hk-test-speech.h"
#include "hk-vad.h"

static char *tmp_dir;
static char *call_wav;

/* Ten seconds: a 200 Hz voice-like tone on the left from 2 to 4 s, a
 * 300 Hz one on the right from 6 to 8 s. */
static void
make_call (void)
{
  gsize n = 10 * HK_VAD_RATE;
  g_autofree float *x = g_new0 (float, 2 * n);

  for (gsize i = 0; i < n; i++)
    {
      double t = (double) i / HK_VAD_RATE;

      if (t >= 2.0 && t < 4.0)
        x[2 * i] = (float) (0.3 * sin (2 * G_PI * 200 * t) + 0.1 * sin (4 * G_PI * 200 * t));
      if (t >= 6.0 && t < 8.0)
        x[2 * i + 1] = (float) (0.3 * sin (2 * G_PI * 300 * t) + 0.1 * sin (4 * G_PI * 300 * t));
    }
  call_wav = g_build_filename (tmp_dir, "call.wav", NULL);
  g_assert_true (hk_test_write_wav (call_wav, x, n, 2, HK_VAD_RATE, NULL));
}

static void
count_cb (HkCallPlayer *player,
          GParamSpec   *pspec,
          guint        *count)
{
  (*count)++;
}

static void
run_for (guint ms)
{
  gint64 until = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE), g_usleep (1000);
}

static HkCallPlayer *
new_player (const char *sink)
{
  g_autoptr(GError) error = NULL;
  HkCallPlayer *player = hk_call_player_new (call_wav, sink, &error);

  g_assert_no_error (error);
  g_assert_true (hk_call_player_wait_ready (player, &error));
  return player;
}

static void
test_play_and_report (void)
{
  g_autoptr(HkCallPlayer) player = new_player ("fakesink sync=true");
  guint count = 0;
  double position;

  g_assert_cmpfloat_with_epsilon (hk_call_player_get_duration (player), 10.0, 0.05);
  g_signal_connect (player, "notify::position", G_CALLBACK (count_cb), &count);
  hk_call_player_play (player);
  run_for (1000);
  position = hk_call_player_get_position (player);
  hk_call_player_pause (player);

  g_test_message ("%u position reports in 1 s; at %.3f s", count, position);
  g_assert_cmpuint (count, >=, 28);
  g_assert_cmpfloat_with_epsilon (position, 1.0, 0.2);
  g_assert_false (hk_call_player_get_playing (player));
}

static void
test_seek (void)
{
  g_autoptr(HkCallPlayer) player = new_player ("fakesink sync=true");
  static const double targets[] = { 3.217, 0.005, 9.5, 6.001 };

  for (guint i = 0; i < G_N_ELEMENTS (targets); i++)
    {
      g_assert_true (hk_call_player_seek (player, targets[i]));
      g_test_message ("seek to %.3f: at %.4f", targets[i], hk_call_player_get_position (player));
      g_assert_cmpfloat (fabs (hk_call_player_get_position (player) - targets[i]), <=, 0.010);
    }
}

static void
test_span (void)
{
  g_autoptr(HkCallPlayer) player = new_player ("fakesink sync=true");
  gint64 start = g_get_monotonic_time ();
  double wall;

  g_assert_true (hk_call_player_play_span (player, 2.0, 2.5));
  while (hk_call_player_get_playing (player) && g_get_monotonic_time () - start < 5 * G_USEC_PER_SEC)
    g_main_context_iteration (NULL, TRUE);
  wall = (g_get_monotonic_time () - start) / 1e6;

  g_test_message ("span 2.0-2.5 played in %.3f s, stopped at %.3f", wall, hk_call_player_get_position (player));
  g_assert_false (hk_call_player_get_playing (player));
  g_assert_cmpfloat_with_epsilon (hk_call_player_get_position (player), 2.5, 0.03);
  g_assert_cmpfloat (wall, >=, 0.45);
  g_assert_cmpfloat (wall, <, 1.5);
}

static void
append_cb (const float *samples,
           gsize        n_frames,
           guint        n_channels,
           gpointer     user_data)
{
  g_array_append_vals (user_data, samples, n_frames);
}

/* Plays the 200 Hz stretch at @rate into a file and measures what came out. */
static void
check_rate (double rate)
{
  g_autofree char *out = g_build_filename (tmp_dir, "out.wav", NULL);
  g_autofree char *sink = g_strdup_printf ("audioconvert ! audio/x-raw,channels=1 ! audioresample ! "
                                           "audio/x-raw,rate=16000 ! wavenc ! filesink location=\"%s\"", out);
  g_autoptr(HkCallPlayer) player = new_player (sink);
  g_autoptr(HkDecoder) decoder = hk_decoder_new (out);
  g_autoptr(GArray) pcm = g_array_new (FALSE, FALSE, sizeof (float));
  g_autoptr(HkPitchTracker) pitch = hk_pitch_tracker_new ();
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  gsize loud = 0;
  double hz;

  g_assert_true (hk_call_player_set_rate (player, rate));
  g_assert_cmpfloat (hk_call_player_get_rate (player), ==, rate);
  g_assert_true (hk_call_player_play_span (player, 2.0, 4.0));
  while (hk_call_player_get_playing (player) && g_get_monotonic_time () - start < 20 * G_USEC_PER_SEC)
    g_main_context_iteration (NULL, TRUE);
  g_clear_object (&player);

  hk_decoder_set_allow_short (decoder, TRUE);
  g_assert_true (hk_decoder_run (decoder, append_cb, pcm, NULL, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < pcm->len; i++)
    loud += fabsf (g_array_index (pcm, float, i)) > 0.05f;
  hk_pitch_tracker_push (pitch, (float *) pcm->data + pcm->len / 2, HK_VAD_RATE / 10);
  hz = hk_pitch_tracker_estimate (pitch);

  g_test_message ("at %.1fx: %.2f s of tone out of 2 s, pitch %.1f Hz", rate,
                  (double) loud / HK_VAD_RATE, hz);
  /* Two seconds of call last 2 / rate seconds, at the same pitch. */
  g_assert_cmpfloat_with_epsilon ((double) pcm->len / HK_VAD_RATE, 2.0 / rate, 0.15 / rate);
  g_assert_cmpfloat_with_epsilon (hz, 200.0, 6.0);
  g_unlink (out);
}

static void
test_rates (void)
{
  check_rate (2.0);
  check_rate (0.5);
}

static void
test_missing (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HkCallPlayer) player = hk_call_player_new ("/nonexistent/call.ogg", NULL, &error);

  g_assert_null (player);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  gst_init (&argc, &argv);

  tmp_dir = g_dir_make_tmp ("hearken-player-XXXXXX", NULL);
  make_call ();

  g_test_add_func ("/Audio/player/play-and-report", test_play_and_report);
  g_test_add_func ("/Audio/player/seek", test_seek);
  g_test_add_func ("/Audio/player/span", test_span);
  g_test_add_func ("/Audio/player/rates", test_rates);
  g_test_add_func ("/Audio/player/missing", test_missing);

  status = g_test_run ();

  g_unlink (call_wav);
  g_rmdir (tmp_dir);
  g_free (call_wav);
  g_free (tmp_dir);
  return status;
}
