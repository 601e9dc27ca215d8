/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Prints how long the waveform takes to draw a one-hour call, at zooms
 * from the whole hour to ten seconds: the widget's snapshot alone, and
 * rendered to pixels off-screen. Needs a display (Xvfb will do). Figures
 * only; never fails on a slow machine. */
#include "config.h"

#include <math.h>
#include <glib/gstdio.h>

#include "hk-application.h"
#include "hk-call-analyzer.h"
#include "hk-review-view.h"
#include "hk-scenario-library.h"
#include "hk-waveform.h"
#include "hk-window.h"

#define FRAMES 40

static HkCallAnalysis *
make_hour (HkPeaks **peaks)
{
  g_autoptr(HkThresholds) th = hk_thresholds_new ();
  g_autoptr(HkCallAnalyzer) an = hk_call_analyzer_new (2, th);
  const gsize chunk = 16000;
  g_autofree float *x = g_new (float, 2 * chunk);
  GRand *rand = g_rand_new_with_seed (3);

  /* Turns of a few seconds each, with gaps, overlaps and pauses. */
  for (guint s = 0; s < 3600; s++)
    {
      guint phase = s % 11;
      gboolean a = phase < 4 || phase == 9;
      gboolean b = (phase >= 4 && phase < 8) || phase == 3;

      for (gsize i = 0; i < chunk; i++)
        {
          double t = s + (double) i / chunk;
          double v = sin (2 * G_PI * 150.0 * t) * (0.6 + 0.4 * sin (2 * G_PI * 4.0 * t));
          double noise = g_rand_double_range (rand, -0.002, 0.002);

          x[2 * i] = (float) ((a ? 0.3 * v : 0.0) + noise);
          x[2 * i + 1] = (float) ((b ? 0.3 * v : 0.0) + noise);
        }
      hk_call_analyzer_feed_interleaved (an, x, chunk);
    }
  g_rand_free (rand);
  return hk_call_analyzer_finish (an, peaks);
}

/* Writes a session of that hour as a recording leaves it: session.json
 * with its analysis, the call, and the peaks cache; then times opening
 * its review, from the click to the drawn waveform, markers and cards. */
static void
bench_open_review (HkCallAnalysis *analysis,
                   HkPeaks        *peaks)
{
  g_autofree char *home = g_dir_make_tmp ("hearken-bench-XXXXXX", NULL);
  g_autofree char *folder = g_build_filename (home, "2026-11-28T10-00-00_hour", NULL);
  g_autofree char *builtin = hk_scenario_library_default_builtin_dir ();
  g_autoptr(HkScenarioLibrary) library = hk_scenario_library_new (builtin, NULL);
  g_autoptr(HkSession) session = NULL;
  g_autoptr(HkApplication) app = NULL;
  g_autofree char *call = NULL;
  g_autofree char *peaks_path = NULL;
  g_autofree char *bytes = g_malloc0 (28800000);
  HkPeaksStamp stamp;
  HkSession *loaded;
  GtkWidget *window, *review;

  hk_scenario_library_reload (library);
  g_mkdir_with_parents (folder, 0755);
  session = hk_session_new (folder, hk_scenario_library_lookup (library, "complaint-late-parcel"), "en", "solo");
  hk_session_set_analysis (session, hk_call_analysis_to_json (analysis));
  hk_session_set_duration (session, hk_call_analysis_get_duration (analysis));
  for (guint i = 0; i < 600; i++)
    hk_session_add_turn (session, i % 5, i * 6.0, i * 6.0 + 4.0);
  hk_session_set_state (session, HK_SESSION_COMPLETE);
  g_assert_true (hk_session_save (session, NULL));

  /* An hour of Opus at 64 kbit/s is about 28.8 MB; the cache is keyed
   * to the file, whose contents the review never decodes. */
  call = hk_session_get_call_path (session);
  peaks_path = hk_session_get_peaks_path (session);
  g_assert_true (g_file_set_contents (call, bytes, 28800000, NULL));
  g_assert_true (hk_peaks_stamp_for_file (call, &stamp, NULL));
  g_assert_true (hk_peaks_save (peaks, peaks_path, &stamp, NULL));

  /* The application's own sessions folder, away from the user's. */
  g_setenv ("XDG_DATA_HOME", home, TRUE);
  app = hk_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, NULL);
  hk_application_set_audio_override (app, NULL, "fakesink");

  /* The application's own window, its library drawn, as a trainer
   * would find it before opening a call from the history. */
  window = GTK_WIDGET (hk_window_new (app));
  review = GTK_WIDGET (hk_window_get_review_view (HK_WINDOW (window)));
  gtk_window_set_default_size (GTK_WINDOW (window), 1400, 900);
  gtk_window_present (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;

  g_print ("opening the review of that hour (%u customer lines), with its peaks cache, "
           "from the library (run 1) and again:\n",
           hk_session_get_turns (session)->len);
  for (guint run = 0; run < 5; run++)
    {
      gint64 t0 = g_get_monotonic_time (), t1;

      /* From reading session.json, as a click in a list would. */
      loaded = hk_session_load (folder, NULL);
      hk_window_show_session (HK_WINDOW (window), loaded);
      while (!hk_review_view_is_ready (HK_REVIEW_VIEW (review)))
        g_main_context_iteration (NULL, TRUE);
      /* And drawn once. */
      while (g_main_context_iteration (NULL, FALSE))
        ;
      t1 = g_get_monotonic_time ();
      g_print ("  run %u: %6.1f ms\n", run + 1, (t1 - t0) / 1000.0);
      hk_review_view_unload (HK_REVIEW_VIEW (review));
      g_object_unref (loaded);
    }

  gtk_window_destroy (GTK_WINDOW (window));
  g_remove (call);
  g_remove (peaks_path);
  {
    g_autofree char *json = g_build_filename (folder, "session.json", NULL);

    g_remove (json);
  }
  g_rmdir (folder);
  {
    g_autofree char *data = g_build_filename (home, "hearken", NULL);

    g_rmdir (data);
  }
  g_rmdir (home);
}

int
main (int    argc,
      char **argv)
{
  static const double lengths[] = { 3600.0, 600.0, 60.0, 10.0 };
  HkPeaks *peaks = NULL;
  g_autoptr(HkCallAnalysis) analysis = NULL;
  GtkWidget *window, *wave;

  gtk_init ();
  analysis = make_hour (&peaks);

  window = gtk_window_new ();
  wave = hk_waveform_new ();
  bench_open_review (analysis, peaks);
  hk_waveform_set_call (HK_WAVEFORM (wave), peaks, analysis);
  gtk_widget_set_size_request (wave, 1200, 240);
  gtk_window_set_child (GTK_WINDOW (window), wave);
  gtk_window_present (GTK_WINDOW (window));
  while (gtk_widget_get_width (wave) < 1200)
    g_main_context_iteration (NULL, TRUE);

  g_print ("waveform of a %u-marker hour, 1200 x 240 px:\n",
           hk_call_analysis_get_markers (analysis)->len);

  /* What rendering any frame off-screen costs here, waveform or not:
   * a texture made, drawn and read back. */
  {
    GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (window));
    GdkRGBA white = { 1, 1, 1, 1 };
    double total = 0.0;

    for (guint f = 0; f < FRAMES; f++)
      {
        g_autoptr(GskRenderNode) node = gsk_color_node_new (&white, &GRAPHENE_RECT_INIT (0, 0, 1200, 240));
        g_autoptr(GdkTexture) texture = NULL;
        gint64 t0 = g_get_monotonic_time ();

        texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, 1200, 240));
        total += (g_get_monotonic_time () - t0) / 1000.0;
      }
    g_print ("  an empty frame of that size: %.2f ms to render off-screen\n", total / FRAMES);
  }
  for (guint z = 0; z < G_N_ELEMENTS (lengths); z++)
    {
      GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (window));
      double snap = 0.0, full = 0.0;

      for (guint f = 0; f < FRAMES; f++)
        {
          g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
          g_autoptr(GskRenderNode) node = NULL;
          g_autoptr(GdkTexture) texture = NULL;
          gint64 t0, t1, t2;

          /* A new place each frame, as when scrolling. */
          hk_waveform_set_view (HK_WAVEFORM (wave), (3600.0 - lengths[z]) * f / FRAMES, lengths[z]);
          t0 = g_get_monotonic_time ();
          GTK_WIDGET_GET_CLASS (wave)->snapshot (wave, snapshot);
          node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
          t1 = g_get_monotonic_time ();
          if (node != NULL)
            texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, 1200, 240));
          t2 = g_get_monotonic_time ();
          snap += (t1 - t0) / 1000.0;
          full += (t2 - t0) / 1000.0;
        }
      g_print ("  %6.0f s in view: %5.2f ms a frame to snapshot, %6.2f ms with rendering\n",
               lengths[z], snap / FRAMES, full / FRAMES);
    }

  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}
