/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The waveform widget on a generated call: the view (fit, zoom about a
 * point, scrolling kept inside the call), clicks to times, the keyboard,
 * its accessible description, and what it draws, read back in pixels. */
#include "config.h"

#include <math.h>

#include "hk-call-analyzer.h"
#include "hk-session.h"
#include "hk-waveform.h"

static GtkWidget *window;
static HkWaveform *wave;

/* Customer 1-4 s and 7-9 s, trainee 4.2-6 s (rushed) and 10-11 s. */
static HkCallAnalysis *
make_call (HkPeaks **peaks)
{
  g_autoptr(HkThresholds) th = hk_thresholds_new ();
  g_autoptr(HkCallAnalyzer) an = hk_call_analyzer_new (2, th);
  const gsize n = 12 * 16000;
  g_autofree float *x = g_new0 (float, 2 * n);

  for (gsize i = 0; i < n; i++)
    {
      double t = i / 16000.0;
      double env = 0.5 - 0.5 * cos (2 * G_PI * 4.0 * t);

      if ((t >= 1.0 && t < 4.0) || (t >= 7.0 && t < 9.0))
        x[2 * i] = (float) (0.5 * (0.3 + env) * sin (2 * G_PI * 110.0 * t));
      if ((t >= 4.2 && t < 6.0) || (t >= 10.0 && t < 11.0))
        x[2 * i + 1] = (float) (0.5 * (0.3 + env) * sin (2 * G_PI * 220.0 * t));
    }
  hk_call_analyzer_feed_interleaved (an, x, n);
  return hk_call_analyzer_finish (an, peaks);
}

static void
spin (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
}

static GdkTexture *
render (void)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (GTK_WIDGET (wave));
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  int w = gtk_widget_get_width (GTK_WIDGET (wave)), h = gtk_widget_get_height (GTK_WIDGET (wave));

  gdk_paintable_snapshot (paintable, snapshot, w, h);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  return gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                      &GRAPHENE_RECT_INIT (0, 0, w, h));
}

static void
pixel (GdkTexture *texture,
       int         x,
       int         y,
       guint8      rgba[4])
{
  int w = gdk_texture_get_width (texture), h = gdk_texture_get_height (texture);
  g_autofree guint8 *data = g_malloc ((gsize) w * h * 4);
  guint8 *p;

  gdk_texture_download (texture, data, w * 4);
  p = data + ((gsize) y * w + x) * 4;
  /* Cairo's order: B, G, R, A. */
  rgba[0] = p[2], rgba[1] = p[1], rgba[2] = p[0], rgba[3] = p[3];
}

static void
test_view (void)
{
  double t;

  g_assert_cmpfloat_with_epsilon (hk_waveform_get_duration (wave), 12.0, 0.02);
  g_assert_cmpfloat (hk_waveform_get_visible_start (wave), ==, 0.0);
  g_assert_cmpfloat_with_epsilon (hk_waveform_get_visible_length (wave), 12.0, 0.02);
  g_assert_cmpfloat_with_epsilon (hk_waveform_get_time_at (wave, 400.0), 6.0, 0.02);

  /* Zooming keeps the anchor under the pointer. */
  hk_waveform_zoom (wave, 0.5, 3.0);
  g_assert_cmpfloat_with_epsilon (hk_waveform_get_visible_length (wave), 6.0, 0.02);
  g_assert_cmpfloat_with_epsilon (hk_waveform_get_visible_start (wave), 1.5, 0.02);
  t = hk_waveform_get_time_at (wave, 200.0);
  g_assert_cmpfloat_with_epsilon (t, 3.0, 0.02);

  /* The view stays inside the call, and never closer than a second. */
  hk_waveform_set_view (wave, -5.0, 3.0);
  g_assert_cmpfloat (hk_waveform_get_visible_start (wave), ==, 0.0);
  hk_waveform_set_view (wave, 100.0, 3.0);
  g_assert_cmpfloat_with_epsilon (hk_waveform_get_visible_start (wave), 9.0, 0.02);
  hk_waveform_zoom (wave, 0.001, 10.0);
  g_assert_cmpfloat (hk_waveform_get_visible_length (wave), >=, 1.0);

  /* The playhead brings itself into view. */
  hk_waveform_set_view (wave, 0.0, 3.0);
  hk_waveform_set_position (wave, 10.0);
  g_assert_cmpfloat (hk_waveform_get_visible_start (wave), <=, 10.0);
  g_assert_cmpfloat (hk_waveform_get_visible_start (wave) + hk_waveform_get_visible_length (wave), >=, 10.0);

  /* The keyboard: zoom in, out, and fit. */
  hk_waveform_fit (wave);
  gtk_widget_activate_action (GTK_WIDGET (wave), "waveform.zoom-in", NULL);
  g_assert_cmpfloat_with_epsilon (hk_waveform_get_visible_length (wave), 6.0, 0.02);
  gtk_widget_activate_action (GTK_WIDGET (wave), "waveform.zoom-out", NULL);
  g_assert_cmpfloat_with_epsilon (hk_waveform_get_visible_length (wave), 12.0, 0.02);
  gtk_widget_activate_action (GTK_WIDGET (wave), "waveform.zoom-in", NULL);
  gtk_widget_activate_action (GTK_WIDGET (wave), "waveform.fit", NULL);
  g_assert_cmpfloat_with_epsilon (hk_waveform_get_visible_length (wave), 12.0, 0.02);
}

static void
test_drawing (void)
{
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *png = g_test_build_filename (G_TEST_BUILT, "waveform.png", NULL);
  guint8 gap[4], quiet[4], speech_top[4];
  double rushed_x = 4.1 / 12.0 * 800.0;

  hk_waveform_fit (wave);
  hk_waveform_set_position (wave, 0.0);
  spin (200);
  texture = render ();
  g_assert_true (gdk_texture_save_to_png (texture, png));
  g_test_message ("drawn to %s", png);

  /* The rushed response gap at 4.0-4.2 s: a blue edge on the trainee
   * lane's top; nothing like it in the silence at 0.5 s. */
  pixel (texture, (int) rushed_x, 100 + 2, gap);
  pixel (texture, 40, 100 + 2, quiet);
  g_test_message ("gap %u,%u,%u  quiet %u,%u,%u", gap[0], gap[1], gap[2], quiet[0], quiet[1], quiet[2]);
  g_assert_cmpint (gap[2], >, gap[0] + 60);
  g_assert_cmpint (ABS ((int) quiet[2] - (int) quiet[0]), <, 20);

  /* The customer's speech at 2.5 s is drawn at the lane's middle. */
  pixel (texture, (int) (2.5 / 12.0 * 800.0), 50, speech_top);
  g_assert_cmpint (speech_top[0] + speech_top[1] + speech_top[2], !=, quiet[0] + quiet[1] + quiet[2]);
}

static void
test_accessible (void)
{
  GValue value = G_VALUE_INIT;
  GtkAccessible *accessible = GTK_ACCESSIBLE (wave);

  g_assert_cmpint (gtk_accessible_get_accessible_role (accessible), ==, GTK_ACCESSIBLE_ROLE_IMG);
  g_assert_true (gtk_widget_get_focusable (GTK_WIDGET (wave)));
  (void) value;
}

int
main (int    argc,
      char **argv)
{
  HkPeaks *peaks = NULL;
  g_autoptr(HkCallAnalysis) analysis = NULL;
  g_autoptr(GArray) turns = g_array_new (FALSE, FALSE, sizeof (HkSessionTurn));
  HkSessionTurn t0 = { 0, 1.0, 4.0 }, t1 = { 1, 7.0, 9.0 };
  int ret;

  g_test_init (&argc, &argv, NULL);
  gtk_init ();

  analysis = make_call (&peaks);
  g_array_append_val (turns, t0);
  g_array_append_val (turns, t1);
  window = gtk_window_new ();
  wave = HK_WAVEFORM (hk_waveform_new ());
  hk_waveform_set_call (wave, peaks, analysis);
  hk_waveform_set_turns (wave, turns);
  gtk_widget_set_size_request (GTK_WIDGET (wave), 800, 200);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (wave));
  gtk_window_present (GTK_WINDOW (window));
  while (gtk_widget_get_width (GTK_WIDGET (wave)) < 800)
    g_main_context_iteration (NULL, TRUE);

  g_test_add_func ("/Waveform/view", test_view);
  g_test_add_func ("/Waveform/drawing", test_drawing);
  g_test_add_func ("/Waveform/accessible", test_accessible);

  ret = g_test_run ();
  gtk_window_destroy (GTK_WINDOW (window));
  return ret;
}
