/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Renders the main window to a PNG, for the README and for looking at
 * changes without a window manager:
 *
 *   hk-screenshot OUT.png WIDTH HEIGHT [SCENARIO-ID] [PRACTICE-LANGUAGE] [dark]
 */
#include "config.h"

#include <stdlib.h>
#include <locale.h>
#include <glib/gi18n.h>

#include "hk-application.h"
#include "hk-window.h"

static void
spin (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(HkApplication) app = NULL;
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GtkSnapshot *snapshot;
  HkWindow *window;
  int width, height;

  if (argc < 4)
    {
      g_printerr ("usage: %s OUT.png WIDTH HEIGHT [SCENARIO-ID] [LANG] [dark]\n", argv[0]);
      return 2;
    }

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  width = atoi (argv[2]);
  height = atoi (argv[3]);

  gtk_init ();
  app = hk_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, NULL);

  if (argc > 5)
    g_settings_set_string (hk_application_get_settings (app), "practice-language", argv[5]);
  if (argc > 6)
    g_settings_set_string (hk_application_get_settings (app), "color-scheme", argv[6]);

  window = hk_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_present (GTK_WINDOW (window));
  spin (500);
  if (argc > 4 && *argv[4])
    hk_window_show_scenario (window, argv[4]);
  spin (800);

  width = gtk_widget_get_width (GTK_WIDGET (window));
  height = gtk_widget_get_height (GTK_WIDGET (window));
  paintable = gtk_widget_paintable_new (GTK_WIDGET (window));
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  if (!gdk_texture_save_to_png (texture, argv[1]))
    {
      g_printerr ("cannot write %s\n", argv[1]);
      return 1;
    }

  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}
