/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Renders the main window to a PNG, for the README and for looking at
 * changes without a window manager:
 *
 *   hk-screenshot OUT.png [--size WxH] [--scenario ID] [--lang CODE]
 *                 [--dark] [--view library|practice|pair|review|reflect|history|class-report|preferences]
 *
 * The practice and review views run a real call: the customer speaks
 * into a silent sink and a synthetic trainee answers every line from a
 * file, into a private, temporary data folder.
 */
#include "config.h"

#include <stdlib.h>
#include <locale.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "hk-application.h"
#include "hk-call-recorder.h"
#include "hk-class-report-dialog.h"
#include "hk-test-speech.h"
#include "hk-test-util.h"
#include "hk-preferences-window.h"
#include "hk-vad.h"
#include "hk-window.h"

static void
spin (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
}

/* The first widget of @type under @root, nearest first. */
static GtkWidget *
find_widget (GtkWidget *root,
             GType      type)
{
  g_autoptr(GPtrArray) queue = g_ptr_array_new ();

  g_ptr_array_add (queue, root);
  for (guint i = 0; i < queue->len; i++)
    {
      GtkWidget *w = g_ptr_array_index (queue, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (w, type))
        return w;
      for (GtkWidget *c = gtk_widget_get_first_child (w); c != NULL; c = gtk_widget_get_next_sibling (c))
        g_ptr_array_add (queue, c);
    }
  return NULL;
}

static gboolean
wait_for_page (HkWindow   *window,
               const char *page,
               guint       seconds)
{
  gint64 end = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < end)
    {
      if (g_strcmp0 (hk_window_get_page (window), page) == 0 &&
          (!g_str_equal (page, "review") || hk_review_view_is_ready (hk_window_get_review_view (window))))
        return TRUE;
      g_main_context_iteration (NULL, FALSE);
    }
  return FALSE;
}

static gboolean
save (HkWindow   *window,   /* any GtkWindow */
      const char *path)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (GTK_WIDGET (window));
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  int width = gtk_widget_get_width (GTK_WIDGET (window));
  int height = gtk_widget_get_height (GTK_WIDGET (window));

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  return gdk_texture_save_to_png (texture, path);
}

/* A trainee for the call: one interruption, one rushed answer, the
 * rest with room; on a second take, room every time. */
static char *
write_answers (HkApplication *app,
               const char    *scenario_id,
               const char    *lang,
               const char    *dir,
               gboolean       better)
{
  static const double first[] = { 0.9, -1.2, 0.15, 1.4 };
  static const double second[] = { 0.8, 0.7, 1.0, 0.9 };
  const double *gaps = better ? second : first;
  HkScenario *scenario = hk_scenario_library_lookup (hk_application_get_library (app), scenario_id);
  char *path = g_build_filename (dir, better ? "better.wav" : "answers.wav", NULL);

  if (scenario == NULL)
    {
      g_printerr ("no scenario %s\n", scenario_id);
      exit (1);
    }
  hk_test_answer_call (scenario, lang, gaps, G_N_ELEMENTS (first), path, NULL);
  return path;
}

/* Answers the checklist as a trainee might: as the call suggests where
 * it does, @yes_share of the others yes. */
static void
answer_checklist (HkWindow *window,
                  double    yes_share)
{
  HkChecklistView *checklist = hk_window_get_checklist_view (window);
  guint n = hk_checklist_view_get_n_items (checklist);

  for (guint i = 0; i < n; i++)
    {
      const HkChecklistItem *item = hk_checklist_view_get_item (checklist, i);
      HkAnswer answer = item->suggestion != HK_ANSWER_NONE ? item->suggestion
                        : (double) i / n < yes_share ? HK_ANSWER_YES : HK_ANSWER_PARTLY;

      hk_checklist_view_set_answer (checklist, i, answer);
    }
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *size = NULL;
  g_autofree char *scenario = NULL;
  g_autofree char *lang = NULL;
  g_autofree char *view = NULL;
  gboolean dark = FALSE;
  const GOptionEntry entries[] = {
    { "size", 0, 0, G_OPTION_ARG_STRING, &size, "Window size", "WxH" },
    { "scenario", 0, 0, G_OPTION_ARG_STRING, &scenario, "Scenario to show", "ID" },
    { "lang", 0, 0, G_OPTION_ARG_STRING, &lang, "Practice language", "CODE" },
    { "view", 0, 0, G_OPTION_ARG_STRING, &view, "library, practice, pair, review, reflect, history, class-report or preferences", "VIEW" },
    { "dark", 0, 0, G_OPTION_ARG_NONE, &dark, "Dark style", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("OUT.png");
  g_autoptr(GError) error = NULL;
  g_autoptr(HkApplication) app = NULL;
  g_autofree char *home = NULL;
  g_autofree char *data = NULL;
  g_autofree char *answers = NULL;
  g_autofree char *source = NULL;
  HkWindow *window;
  int width = 1200, height = 800;
  gboolean ok;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc != 2)
    {
      g_printerr ("%s\n", error ? error->message : g_option_context_get_help (context, TRUE, NULL));
      return 2;
    }
  if (size != NULL && sscanf (size, "%dx%d", &width, &height) != 2)
    {
      g_printerr ("--size takes WIDTHxHEIGHT, such as 1200x800\n");
      return 2;
    }
  if (view == NULL)
    view = g_strdup ("library");

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* Calls land in a private folder, never among the user's sessions. */
  home = g_dir_make_tmp ("hearken-screenshot-XXXXXX", NULL);
  data = g_build_filename (home, "data", NULL);
  g_setenv ("XDG_DATA_HOME", data, TRUE);

  gtk_init ();
  app = hk_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, NULL);

  if (lang != NULL)
    g_settings_set_string (hk_application_get_settings (app), "practice-language", lang);
  if (dark)
    g_settings_set_string (hk_application_get_settings (app), "color-scheme", "dark");

  window = hk_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_present (GTK_WINDOW (window));
  spin (500);
  if (scenario != NULL)
    hk_window_show_scenario (window, scenario);
  spin (500);

  if (!g_str_equal (view, "library") && !g_str_equal (view, "preferences"))
    {
      HkPracticeView *practice = hk_window_get_practice_view (window);

      if (scenario == NULL)
        {
          g_printerr ("--view %s needs --scenario\n", view);
          return 2;
        }
      answers = write_answers (app, scenario, hk_application_get_practice_language (app), home, FALSE);
      source = g_strdup_printf ("filesrc location=\"%s\" ! wavparse ! identity sync=true", answers);
      hk_application_set_audio_override (app, source, "fakesink sync=true");

      if (g_str_equal (view, "pair"))
        {
          /* Partner A reads the lines into one file, B answers from another. */
          HkScenario *sc = hk_scenario_library_lookup (hk_application_get_library (app), scenario);
          const char *speak_in = hk_application_get_practice_language (app);
          g_autofree char *reader = g_build_filename (home, "reader.wav", NULL);
          g_autofree char *reader_source = NULL;
          gsize n = 40 * HK_VAD_RATE, at = HK_VAD_RATE / 2;
          g_autofree float *voice = g_new0 (float, n);
          GList *toplevels;
          AdwMessageDialog *names = NULL;

          for (guint i = 0; i < hk_scenario_get_n_turns (sc) && at < n; i++)
            {
              gsize len;
              g_autofree float *line = hk_test_speak (speak_in, 160,
                                                      hk_scenario_turn_get_text (hk_scenario_get_turn (sc, i),
                                                                                 speak_in, NULL), &len);

              for (gsize k = 0; k < len && at + k < n; k++)
                voice[at + k] = line[k];
              at += len + 4 * HK_VAD_RATE;
            }
          hk_test_write_wav (reader, voice, n, 1, HK_VAD_RATE, NULL);
          reader_source = g_strdup_printf ("filesrc location=\"%s\" ! wavparse ! identity sync=true", reader);
          hk_application_set_pair_override (app, reader_source, source);

          gtk_widget_activate_action (GTK_WIDGET (window), "win.practise-pair", NULL);
          spin (300);
          toplevels = gtk_window_list_toplevels ();
          for (GList *l = toplevels; l; l = l->next)
            if (ADW_IS_MESSAGE_DIALOG (l->data))
              names = l->data;
          g_list_free (toplevels);
          if (names == NULL)
            {
              g_printerr ("the pair dialog did not open\n");
              return 1;
            }
          gtk_editable_set_text (g_object_get_data (G_OBJECT (names), "hk-partner-a"), "Eva");
          gtk_editable_set_text (g_object_get_data (G_OBJECT (names), "hk-partner-b"), "Jan");
          adw_message_dialog_response (names, "start");
          gtk_window_destroy (GTK_WINDOW (names));
          spin (1500);
        }
      else
        gtk_widget_activate_action (GTK_WIDGET (window), "win.practise", NULL);
      spin (300);
      gtk_widget_activate_action (GTK_WIDGET (practice), "practice.begin", NULL);

      if (g_str_equal (view, "practice") || g_str_equal (view, "pair"))
        {
          /* Into the second line, with the customer speaking. */
          gint64 end = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

          /* A pair moves on only when partner A says so. */
          while (g_get_monotonic_time () < end &&
                 !(g_str_equal (hk_practice_view_get_stage (practice), "call") &&
                   hk_practice_view_get_turn (practice) >= (g_str_equal (view, "pair") ? 0 : 1)))
            g_main_context_iteration (NULL, FALSE);
          spin (1200);
        }
      else if (!wait_for_page (window, "review", 300))
        {
          g_printerr ("the call did not reach the review\n");
          return 1;
        }
      if (g_str_equal (view, "review"))
        {
          /* A trainer's two comments, as the review shows them. */
          HkReviewView *review = hk_window_get_review_view (window);
          HkSession *session = g_object_ref (hk_review_view_get_session (review));
          const GArray *markers = hk_call_analysis_get_markers (hk_review_view_get_analysis (review));

          hk_session_add_comment (session, 2.0, 2.0, "Warm opening: you let her finish.");
          if (markers->len > 1)
            hk_session_add_comment (session, g_array_index (markers, HkMarker, 1).start,
                                    g_array_index (markers, HkMarker, 1).end,
                                    "You came in before she was done; wait for the full stop.");
          hk_session_save (session, NULL);
          hk_window_show_session (window, session);
          g_object_unref (session);
          wait_for_page (window, "review", 60);

          /* The second row selected, as after pressing N: its meaning
           * shows whole. */
          {
            GtkWidget *list = find_widget (GTK_WIDGET (review), GTK_TYPE_LIST_VIEW);

            if (list != NULL)
              gtk_single_selection_set_selected (GTK_SINGLE_SELECTION (gtk_list_view_get_model (GTK_LIST_VIEW (list))), 1);
            spin (300);
          }
        }
      if (g_str_equal (view, "reflect"))
        hk_window_show_reflection (window);
      if (g_str_equal (view, "history"))
        {
          g_autofree char *better = write_answers (app, scenario, hk_application_get_practice_language (app),
                                                   home, TRUE);
          g_autofree char *better_source = g_strdup_printf ("filesrc location=\"%s\" ! wavparse ! identity sync=true",
                                                            better);

          answer_checklist (window, 0.3);
          hk_application_set_audio_override (app, better_source, "fakesink sync=true");
          gtk_widget_activate_action (GTK_WIDGET (hk_window_get_review_view (window)), "review.try-again", NULL);
          spin (500);
          if (!wait_for_page (window, "review", 300))
            {
              g_printerr ("the second take did not reach the review\n");
              return 1;
            }
          answer_checklist (window, 0.8);
          gtk_widget_activate_action (GTK_WIDGET (window), "win.history", NULL);
          spin (300);
          hk_history_view_set_scenario (hk_window_get_history_view (window), scenario);
          hk_history_view_set_metric (hk_window_get_history_view (window), 0);
        }
      spin (800);
    }

  if (g_str_equal (view, "class-report"))
    {
      HkClassReportDialog *dialog;

      hk_session_set_trainee (hk_review_view_get_session (hk_window_get_review_view (window)), "Eva Nováková");
      hk_session_save (hk_review_view_get_session (hk_window_get_review_view (window)), NULL);
      gtk_widget_activate_action (GTK_WIDGET (window), "win.history", NULL);
      spin (300);
      dialog = hk_class_report_dialog_new (GTK_WINDOW (window), hk_application_get_sessions (app), NULL);
      gtk_window_present (GTK_WINDOW (dialog));
      spin (800);
      ok = save ((HkWindow *) dialog, argv[1]);
      gtk_window_destroy (GTK_WINDOW (dialog));
    }
  else if (g_str_equal (view, "preferences"))
    {
      GtkWindow *prefs = NULL;

      g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
      spin (800);
      GList *toplevels = gtk_window_list_toplevels ();

      for (GList *l = toplevels; l; l = l->next)
        if (HK_IS_PREFERENCES_WINDOW (l->data))
          prefs = l->data;
      g_list_free (toplevels);
      if (prefs == NULL)
        {
          g_printerr ("the preferences did not open\n");
          return 1;
        }
      ok = save ((HkWindow *) prefs, argv[1]);
      gtk_window_destroy (prefs);
    }
  else
    ok = save (window, argv[1]);
  if (!ok)
    g_printerr ("cannot write %s\n", argv[1]);

  gtk_window_destroy (GTK_WINDOW (window));
  spin (200);
  g_clear_object (&app);
  hk_test_remove_tree (home);
  return ok ? 0 : 1;
}
