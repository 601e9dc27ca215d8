/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Prints how long the waveform takes to draw a one-hour call, at zooms
 * from the whole hour to ten seconds: the widget's snapshot alone, and
 * rendered to pixels off-screen. Needs a display (Xvfb will do). Figures
 * only; never fails on a slow machine. */
#include "config.h"

#include <math.h>

#include "hk-call-analyzer.h"
#include "hk-waveform.h"

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
  hk_waveform_set_call (HK_WAVEFORM (wave), peaks, analysis);
  gtk_widget_set_size_request (wave, 1200, 240);
  gtk_window_set_child (GTK_WINDOW (window), wave);
  gtk_window_present (GTK_WINDOW (window));
  while (gtk_widget_get_width (wave) < 1200)
    g_main_context_iteration (NULL, TRUE);

  g_print ("waveform of a %u-marker hour, 1200 x 240 px:\n",
           hk_call_analysis_get_markers (analysis)->len);
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
