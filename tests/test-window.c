/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include <math.h>

#include "hk-application.h"
#include "hk-class-report-dialog.h"
#include "hk-figures.h"
#include "hk-test-speech.h"
#include "hk-scenario-page.h"
#include "hk-session-bundle.h"
#include "hk-task-dialog.h"
#include "hk-preferences-window.h"
#include "hk-progress-chart.h"
#include "hk-report-export.h"
#include "hk-rounds-dialog.h"
#include "hk-test-util.h"
#include "hk-vad.h"
#include "hk-waveform.h"
#include "hk-window.h"

static HkApplication *app;

static void
spin (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
}

/* Waits until @cond holds, up to 10 s; returns whether it did. */
#define WAIT_FOR(cond) G_STMT_START {                                    \
  gint64 _end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;          \
  while (!(cond) && g_get_monotonic_time () < _end)                      \
    g_main_context_iteration (NULL, FALSE);                              \
  g_assert_true (cond);                                                  \
} G_STMT_END

static GtkWidget *
find_widget (GtkWidget *root,
             GType      type,
             guint      nth)
{
  guint seen = 0;
  g_autoptr(GPtrArray) queue = g_ptr_array_new ();

  g_ptr_array_add (queue, root);
  for (guint i = 0; i < queue->len; i++)
    {
      GtkWidget *w = g_ptr_array_index (queue, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (w, type) && seen++ == nth)
        return w;
      for (GtkWidget *c = gtk_widget_get_first_child (w); c; c = gtk_widget_get_next_sibling (c))
        g_ptr_array_add (queue, c);
    }

  return NULL;
}

/* A label showing @needle that the user can see. */
static gboolean
shows_text (GtkWidget  *root,
            const char *needle)
{
  g_autoptr(GPtrArray) queue = g_ptr_array_new ();

  g_ptr_array_add (queue, root);
  for (guint i = 0; i < queue->len; i++)
    {
      GtkWidget *w = g_ptr_array_index (queue, i);

      if (!gtk_widget_get_visible (w) || !gtk_widget_get_child_visible (w))
        continue;
      if (GTK_IS_LABEL (w) && strstr (gtk_label_get_text (GTK_LABEL (w)), needle) != NULL)
        return TRUE;
      for (GtkWidget *c = gtk_widget_get_first_child (w); c; c = gtk_widget_get_next_sibling (c))
        g_ptr_array_add (queue, c);
    }

  return FALSE;
}

/* Each marker of @analysis has a row in @list showing when it was and
 * what it means (on one line, cut short in a narrow list, so its length
 * shows beside its title too; the @selected marker's meaning whole). */
static void
assert_marker_rows (GtkWidget      *list,
                    HkCallAnalysis *analysis,
                    int             selected)
{
  const GArray *markers = hk_call_analysis_get_markers (analysis);

  g_test_message ("%u marker rows", markers->len);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (list)))),
                    ==, markers->len);
  for (guint i = 0; i < markers->len; i++)
    {
      const HkMarker *m = &g_array_index (markers, HkMarker, i);
      int tenths = (int) round (m->start * 10.0);
      g_autofree char *when = g_strdup_printf ("%d:%02d.%d", tenths / 600, (tenths / 10) % 60, tenths % 10);
      g_autofree char *meaning = hk_marker_describe (m, FALSE);
      g_autofree char *length = g_strdup_printf ("%.1f s", m->end - m->start);
      GtkWidget *row = NULL;
      gboolean shows_length = FALSE, wraps = FALSE;

      for (guint k = 0; row == NULL && find_widget (list, GTK_TYPE_GRID, k) != NULL; k++)
        {
          GtkWidget *grid = find_widget (list, GTK_TYPE_GRID, k);

          if (shows_text (grid, meaning) && shows_text (grid, when))
            row = grid;
        }
      g_assert_nonnull (row);
      for (GtkWidget *c = gtk_widget_get_first_child (row); c != NULL; c = gtk_widget_get_next_sibling (c))
        if (GTK_IS_LABEL (c))
          {
            wraps |= gtk_label_get_wrap (GTK_LABEL (c));
            shows_length |= gtk_widget_get_visible (c) && g_str_equal (gtk_label_get_text (GTK_LABEL (c)), length);
          }
      g_assert_true (shows_length);
      g_assert_true (wraps == ((int) i == selected));
    }
}

static HkWindow *
open_window (void)
{
  HkWindow *window = hk_window_new (app);

  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  gtk_window_present (GTK_WINDOW (window));
  spin (200);
  return window;
}

static guint
count_rows (HkWindow *window)
{
  GtkWidget *list = find_widget (GTK_WIDGET (window), GTK_TYPE_LIST_BOX, 0);
  guint n = 0;

  for (GtkWidget *c = gtk_widget_get_first_child (list); c; c = gtk_widget_get_next_sibling (c))
    n++;
  return n;
}

static void
test_lists_library (void)
{
  HkWindow *window = open_window ();
  guint n = g_list_model_get_n_items (G_LIST_MODEL (hk_application_get_library (app)));

  g_assert_cmpuint (n, >=, 16);
  g_assert_cmpuint (hk_window_get_n_visible (window), ==, n);
  g_assert_cmpuint (count_rows (window), ==, n);
  g_assert_true (shows_text (GTK_WIDGET (window), "Choose a Scenario"));

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_search_and_filters (void)
{
  HkWindow *window = open_window ();
  GtkWidget *entry;
  GtkDropDown *category, *difficulty;
  guint n = hk_window_get_n_visible (window);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.search", NULL);
  entry = find_widget (GTK_WIDGET (window), GTK_TYPE_SEARCH_ENTRY, 0);
  gtk_editable_set_text (GTK_EDITABLE (entry), "router");
  WAIT_FOR (hk_window_get_n_visible (window) == 1);
  g_assert_cmpuint (count_rows (window), ==, 1);

  gtk_editable_set_text (GTK_EDITABLE (entry), "no such scenario anywhere");
  WAIT_FOR (hk_window_get_n_visible (window) == 0);
  g_assert_true (shows_text (GTK_WIDGET (window), "No Matching Scenarios"));

  gtk_widget_activate_action (GTK_WIDGET (window), "win.clear-filters", NULL);
  WAIT_FOR (hk_window_get_n_visible (window) == n);

  /* Position 3 is “Angry caller” after “All categories”, “Complaint”, “Sales call”. */
  category = GTK_DROP_DOWN (find_widget (GTK_WIDGET (window), GTK_TYPE_DROP_DOWN, 0));
  difficulty = GTK_DROP_DOWN (find_widget (GTK_WIDGET (window), GTK_TYPE_DROP_DOWN, 1));
  gtk_drop_down_set_selected (category, 3);
  spin (50);
  g_assert_cmpuint (hk_window_get_n_visible (window), ==, 4);
  gtk_drop_down_set_selected (difficulty, 3);
  spin (50);
  g_assert_cmpuint (hk_window_get_n_visible (window), ==, 2);
  /* The filters are remembered. */
  g_assert_cmpstr (g_settings_get_string (hk_application_get_settings (app), "category-filter"),
                   ==, "angry-caller");
  g_assert_cmpint (g_settings_get_int (hk_application_get_settings (app), "difficulty-filter"), ==, 3);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.clear-filters", NULL);
  spin (50);
  g_assert_cmpuint (hk_window_get_n_visible (window), ==, n);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_practice_language (void)
{
  HkWindow *window = open_window ();
  GSettings *settings = hk_application_get_settings (app);

  hk_window_show_scenario (window, "angry-caller-broken-router");
  spin (50);
  g_assert_true (shows_text (GTK_WIDGET (window), "The Customer"));
  g_assert_false (shows_text (GTK_WIDGET (window), "is not yet written"));

  g_settings_set_string (settings, "practice-language", "it");
  spin (50);
  g_assert_cmpstr (hk_application_get_practice_language (app), ==, "it");
  g_assert_true (shows_text (GTK_WIDGET (window), "Italiano"));
  /* The page stays on the scenario and now speaks Italian. */
  g_assert_true (shows_text (GTK_WIDGET (window), "Techniques practised"));
  g_assert_false (shows_text (GTK_WIDGET (window), "Choose a Scenario"));

  /* A language with neither texts nor a voice says both. */
  g_assert_false (shows_text (GTK_WIDGET (window), "no Italiano voice"));
  g_settings_set_string (settings, "practice-language", "tlh");
  spin (50);
  g_assert_true (shows_text (GTK_WIDGET (window), "not yet written in tlh"));
  g_assert_true (shows_text (GTK_WIDGET (window), "no tlh voice"));

  g_settings_set_string (settings, "practice-language", "");
  spin (50);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_user_scenarios (void)
{
  HkScenarioLibrary *library = hk_application_get_library (app);
  const char *dir = hk_scenario_library_get_user_dir (library);
  g_autofree char *mine = g_build_filename (dir, "mine.json", NULL);
  g_autofree char *broken = g_build_filename (dir, "broken.json", NULL);
  HkWindow *window = open_window ();
  guint n = hk_window_get_n_visible (window);

  g_assert_false (shows_text (GTK_WIDGET (window), "stopped your own scenarios"));

  g_assert_true (g_file_set_contents (mine,
    "{\"id\": \"my-own\", \"version\": 1, \"category\": \"feedback\", \"sector\": \"other\",\n"
    " \"difficulty\": 1, \"persona\": {\"name\": \"Eva <b>Bold</b>\", \"mood\": \"calm\","
    " \"about\": {\"en\": \"A client & friend.\"}},\n"
    " \"title\": {\"en\": \"My <i>own</i> scenario\"}, \"brief\": {\"en\": \"Ask.\"},"
    " \"tips\": {\"en\": [\"Ask.\"]},\n"
    " \"turns\": [{\"text\": {\"en\": \"Hi.\"}, \"techniques\": [\"open-question\"],\n"
    "             \"examples\": {\"en\": \"How was it?\"}}]}\n", -1, NULL));
  g_assert_true (g_file_set_contents (broken, "{\"id\": \"x\",\n \"version\": }", -1, NULL));

  /* The folder is watched: no reload by hand. */
  WAIT_FOR (hk_window_get_n_visible (window) == n + 1);
  WAIT_FOR (shows_text (GTK_WIDGET (window), "1 problem stopped your own scenarios from loading."));

  g_settings_set_string (hk_application_get_settings (app), "practice-language", "cs");
  spin (50);
  hk_window_show_scenario (window, "my-own");
  spin (50);
  /* Markup in a shared file is shown as typed, never interpreted. */
  g_assert_true (shows_text (GTK_WIDGET (window), "My <i>own</i> scenario"));
  g_assert_true (shows_text (GTK_WIDGET (window), "Eva <b>Bold</b>"));
  g_assert_true (shows_text (GTK_WIDGET (window), "not yet written in Čeština"));

  g_remove (broken);
  g_remove (mine);
  WAIT_FOR (hk_window_get_n_visible (window) == n);
  WAIT_FOR (!shows_text (GTK_WIDGET (window), "stopped your own scenarios"));

  g_settings_set_string (hk_application_get_settings (app), "practice-language", "");
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_narrow (void)
{
  HkWindow *window = hk_window_new (app);
  AdwLeaflet *leaflet;

  gtk_window_set_default_size (GTK_WINDOW (window), 360, 640);
  gtk_window_present (GTK_WINDOW (window));
  spin (300);

  leaflet = ADW_LEAFLET (find_widget (GTK_WIDGET (window), ADW_TYPE_LEAFLET, 0));
  WAIT_FOR (adw_leaflet_get_folded (leaflet));
  g_assert_true (gtk_widget_is_ancestor (find_widget (GTK_WIDGET (window), GTK_TYPE_LIST_BOX, 0),
                                         adw_leaflet_get_visible_child (leaflet)));

  hk_window_show_scenario (window, "complaint-late-parcel");
  spin (500);
  g_assert_true (gtk_widget_is_ancestor (find_widget (GTK_WIDGET (window), HK_TYPE_SCENARIO_PAGE, 0),
                                         adw_leaflet_get_visible_child (leaflet)));

  gtk_widget_activate_action (GTK_WIDGET (window), "win.back", NULL);
  spin (500);
  g_assert_true (gtk_widget_is_ancestor (find_widget (GTK_WIDGET (window), GTK_TYPE_LIST_BOX, 0),
                                         adw_leaflet_get_visible_child (leaflet)));

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_help_and_about (void)
{
  HkWindow *window = open_window ();
  GList *toplevels;
  gboolean shortcuts = FALSE, about = FALSE;

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL);
  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);
  spin (300);

  toplevels = gtk_window_list_toplevels ();
  for (GList *l = toplevels; l; l = l->next)
    {
      if (GTK_IS_SHORTCUTS_WINDOW (l->data) && gtk_widget_get_visible (l->data))
        shortcuts = TRUE;
      if (ADW_IS_ABOUT_WINDOW (l->data) && gtk_widget_get_visible (l->data))
        {
          about = TRUE;
          g_assert_cmpstr (adw_about_window_get_version (l->data), ==, PACKAGE_VERSION);
          gtk_window_destroy (l->data);
        }
    }
  g_list_free (toplevels);
  g_assert_true (shortcuts);
  g_assert_true (about);

  gtk_window_destroy (GTK_WINDOW (window));
}

static char *open_session;

/* A call that was being recorded when Hearken was killed. */
static void
leave_open_session (const char *data)
{
  g_autofree char *folder = g_build_filename (data, "hearken", "sessions",
                                              "2026-11-20T10-00-00_complaint-wrong-bill", NULL);
  g_autofree char *json = g_build_filename (folder, "session.json", NULL);
  g_autofree char *call = g_build_filename (folder, "call.ogg", NULL);
  g_autofree float *x = g_new0 (float, 2 * 16000 * 3);

  for (guint i = 16000; i < 32000; i++)
    x[2 * i + 1] = (float) (0.3 * sin (2 * G_PI * 180.0 * i / 16000.0));
  g_assert_cmpint (g_mkdir_with_parents (folder, 0755), ==, 0);
  g_assert_true (g_file_set_contents (json,
                                      "{\"format\": 1, \"state\": \"recording\", "
                                      "\"created\": \"2026-11-20T10:00:00Z\", \"language\": \"en\", "
                                      "\"scenario\": {\"id\": \"complaint-wrong-bill\", \"title\": \"Bill\"}}",
                                      -1, NULL));
  g_assert_true (hk_test_write_wav (call, x, 16000 * 3, 2, 16000, NULL));
  open_session = g_steal_pointer (&folder);
}

static HkSessionState
state_on_disk (void)
{
  g_autoptr(HkSession) s = hk_session_load (open_session, NULL);

  return s ? hk_session_get_state (s) : HK_SESSION_DAMAGED;
}

static void
test_recovers_sessions (void)
{
  HkSession *listed;
  g_autoptr(HkSession) back = NULL;

  /* Recovered at start-up, in the background, then listed as such. */
  WAIT_FOR (state_on_disk () == HK_SESSION_RECOVERED);
  WAIT_FOR ((listed = hk_session_store_lookup (hk_application_get_sessions (app),
                                               "2026-11-20T10-00-00_complaint-wrong-bill")) != NULL &&
            hk_session_get_state (listed) == HK_SESSION_RECOVERED);

  back = hk_session_load (open_session, NULL);
  g_assert_nonnull (hk_session_get_analysis (back));
  g_assert_nonnull (hk_session_get_problem (back));
  g_assert_cmpfloat_with_epsilon (hk_session_get_duration (back), 3.0, 0.05);
}

/* Waits for a state, up to @seconds; returns whether it came. */
#define WAIT_LONG(cond, seconds) G_STMT_START {                          \
  gint64 _end = g_get_monotonic_time () + (seconds) * G_USEC_PER_SEC;   \
  while (!(cond) && g_get_monotonic_time () < _end)                      \
    g_main_context_iteration (NULL, FALSE);                              \
  g_assert_true (cond);                                                  \
} G_STMT_END

static gboolean
has_marker (HkCallAnalysis *analysis,
            HkMarkerType    type,
            double          near,
            double          tolerance)
{
  const GArray *markers = hk_call_analysis_get_markers (analysis);

  for (guint i = 0; i < markers->len; i++)
    {
      const HkMarker *m = &g_array_index (markers, HkMarker, i);

      if (m->type == type && fabs (m->start - near) <= tolerance)
        return TRUE;
    }
  return FALSE;
}

/* A whole call through the window, the microphone replaced by a file
 * that answers the first line too early and the second with room. */
static void
test_practice_call (void)
{
  HkScenarioLibrary *library = hk_application_get_library (app);
  g_autofree char *mine = g_build_filename (hk_scenario_library_get_user_dir (library), "two-lines.json", NULL);
  g_autofree char *tmp = g_dir_make_tmp ("hearken-answer-XXXXXX", NULL);
  g_autofree char *wav = g_build_filename (tmp, "answers.wav", NULL);
  g_autofree char *source = g_strdup_printf ("filesrc location=\"%s\" ! wavparse ! identity sync=true", wav);
  const double gaps[2] = { -0.3, 0.9 };
  double answer_at[2];
  HkSessionStore *sessions = hk_application_get_sessions (app);
  guint n_sessions = g_list_model_get_n_items (G_LIST_MODEL (sessions));
  HkWindow *window;
  HkPracticeView *practice;
  HkReviewView *review;
  HkCallAnalysis *analysis;
  GtkWidget *list;
  HkSession *session;
  const GArray *markers;

  g_assert_true (g_file_set_contents (mine, hk_test_scenario_json, -1, NULL));
  window = open_window ();
  WAIT_FOR (hk_scenario_library_lookup (library, "test-two-lines") != NULL);
  hk_test_answer_call (hk_scenario_library_lookup (library, "test-two-lines"), "en",
                       gaps, 2, wav, answer_at);
  hk_application_set_audio_override (app, source, "fakesink sync=true");

  hk_window_show_scenario (window, "test-two-lines");
  spin (50);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.practise", NULL);
  practice = hk_window_get_practice_view (window);
  g_assert_cmpstr (hk_window_get_page (window), ==, "practice");
  /* The first call starts with the microphone check, its meter live. */
  g_assert_cmpstr (hk_practice_view_get_stage (practice), ==, "check");
  WAIT_FOR (shows_text (GTK_WIDGET (practice), "Your microphone hears you"));

  gtk_widget_activate_action (GTK_WIDGET (practice), "practice.begin", NULL);
  WAIT_LONG (g_str_equal (hk_practice_view_get_stage (practice), "call"), 30);
  WAIT_FOR (hk_practice_view_get_turn (practice) == 0);
  g_assert_true (shows_text (GTK_WIDGET (practice), "My bill is wrong."));
  g_assert_true (shows_text (GTK_WIDGET (practice), "Turn 1 of 2"));
  WAIT_LONG (hk_practice_view_get_turn (practice) == 1, 30);
  g_assert_true (shows_text (GTK_WIDGET (practice), "Thank you, goodbye."));

  /* The call ends by itself and lands in the review. */
  review = hk_window_get_review_view (window);
  WAIT_LONG (g_str_equal (hk_window_get_page (window), "review") && hk_review_view_is_ready (review), 60);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (sessions)), ==, n_sessions + 1);
  session = hk_review_view_get_session (review);
  g_assert_cmpint (hk_session_get_state (session), ==, HK_SESSION_COMPLETE);
  g_assert_cmpuint (hk_session_get_turns (session)->len, ==, 2);

  /* The early answer is an interruption, the second answer a gap that
   * gave room, and the list shows every marker. */
  analysis = hk_review_view_get_analysis (review);
  markers = hk_call_analysis_get_markers (analysis);
  for (guint i = 0; i < markers->len; i++)
    g_test_message ("marker %s %.2f-%.2f", hk_marker_type_id (g_array_index (markers, HkMarker, i).type),
                    g_array_index (markers, HkMarker, i).start, g_array_index (markers, HkMarker, i).end);
  for (guint i = 0; i < hk_session_get_turns (session)->len; i++)
    g_test_message ("line %.2f-%.2f, answer planned at %.2f",
                    g_array_index (hk_session_get_turns (session), HkSessionTurn, i).start,
                    g_array_index (hk_session_get_turns (session), HkSessionTurn, i).end, answer_at[i]);
  g_assert_true (has_marker (analysis, HK_MARKER_INTERRUPTION, answer_at[0], 0.3));
  g_assert_true (has_marker (analysis, HK_MARKER_RESPONSE_GAP, answer_at[1] - 0.9, 0.3));
  list = find_widget (GTK_WIDGET (review), GTK_TYPE_LIST_VIEW, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (list)))),
                    ==, markers->len);
  g_assert_true (shows_text (GTK_WIDGET (review), "Interruption"));
  g_assert_true (shows_text (GTK_WIDGET (review), "You started while the customer was still speaking"));
  g_assert_true (shows_text (GTK_WIDGET (review), "Your share of the talking"));
  assert_marker_rows (list, analysis, -1);

  /* + zooms in, - out, 0 shows the whole call again. */
  {
    HkWaveform *wave = HK_WAVEFORM (find_widget (GTK_WIDGET (review), HK_TYPE_WAVEFORM, 0));
    double whole = hk_waveform_get_visible_length (wave);

    gtk_widget_activate_action (GTK_WIDGET (review), "review.zoom-in", NULL);
    g_assert_cmpfloat (hk_waveform_get_visible_length (wave), <, whole);
    gtk_widget_activate_action (GTK_WIDGET (review), "review.zoom-out", NULL);
    gtk_widget_activate_action (GTK_WIDGET (review), "review.zoom-out", NULL);
    g_assert_cmpfloat_with_epsilon (hk_waveform_get_visible_length (wave), whole, 0.01);
    gtk_widget_activate_action (GTK_WIDGET (review), "review.zoom-in", NULL);
    gtk_widget_activate_action (GTK_WIDGET (review), "review.fit", NULL);
    g_assert_cmpfloat_with_epsilon (hk_waveform_get_visible_length (wave), whole, 0.01);
  }

  /* N and P walk the markers; each is selected and heard. */
  g_assert_cmpint (hk_review_view_get_selected_marker (review), ==, -1);
  gtk_widget_activate_action (GTK_WIDGET (review), "review.step-marker", "i", 1);
  g_assert_cmpint (hk_review_view_get_selected_marker (review), ==, 0);
  gtk_widget_activate_action (GTK_WIDGET (review), "review.step-marker", "i", 1);
  g_assert_cmpint (hk_review_view_get_selected_marker (review), ==, 1);
  gtk_widget_activate_action (GTK_WIDGET (review), "review.step-marker", "i", -1);
  g_assert_cmpint (hk_review_view_get_selected_marker (review), ==, 0);
  /* The marker reached shows its meaning whole, the others on one line. */
  spin (100);
  assert_marker_rows (list, analysis, 0);
  WAIT_FOR (hk_call_player_get_playing (hk_review_view_get_player (review)));
  gtk_widget_activate_action (GTK_WIDGET (review), "review.play", NULL);
  WAIT_FOR (!hk_call_player_get_playing (hk_review_view_get_player (review)));

  /* Try again: a second take, straight into the call (the microphone
   * was checked). Closing the window during it asks first. */
  gtk_widget_activate_action (GTK_WIDGET (review), "review.try-again", NULL);
  g_assert_cmpstr (hk_window_get_page (window), ==, "practice");
  WAIT_LONG (g_str_equal (hk_practice_view_get_stage (practice), "call"), 30);
  gtk_window_close (GTK_WINDOW (window));
  spin (100);
  {
    GList *toplevels = gtk_window_list_toplevels ();
    AdwMessageDialog *ask = NULL;

    for (GList *l = toplevels; l; l = l->next)
      if (ADW_IS_MESSAGE_DIALOG (l->data) && gtk_widget_get_visible (l->data))
        ask = l->data;
    g_list_free (toplevels);
    g_assert_nonnull (ask);
    g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));
    adw_message_dialog_response (ask, "keep");
  }
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (sessions)), ==, n_sessions + 2);
  /* Ended once the customer has begun, as a trainee would. */
  WAIT_FOR (hk_practice_view_get_turn (practice) == 0);
  gtk_widget_activate_action (GTK_WIDGET (practice), "practice.end", NULL);
  WAIT_LONG (g_str_equal (hk_window_get_page (window), "review") && hk_review_view_is_ready (review), 60);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (sessions)), ==, n_sessions + 2);
  /* The rows kept from the first take show the second's markers. */
  spin (100);
  assert_marker_rows (list, hk_review_view_get_analysis (review), -1);

  hk_application_set_audio_override (app, NULL, NULL);
  g_remove (mine);
  hk_test_remove_tree (tmp);
  gtk_window_destroy (GTK_WINDOW (window));
}

static HkSession *
find_analysed_session (void)
{
  HkSessionStore *sessions = hk_application_get_sessions (app);
  HkSession *found = NULL;

  /* The oldest take, the whole call; the list runs newest first. */
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (sessions)); i++)
    {
      g_autoptr(HkSession) s = g_list_model_get_item (G_LIST_MODEL (sessions), i);

      if (hk_session_get_analysis (s) != NULL && g_strcmp0 (hk_session_get_scenario_id (s), "test-two-lines") == 0)
        g_set_object (&found, s);
    }
  return found;
}

/* The checklist of the call practised above: in the practice language,
 * with the call's evidence; answers and notes are kept in session.json
 * as they are given, and come back in a new window. */
static void
test_checklist_kept (void)
{
  g_autoptr(HkSession) session = find_analysed_session ();
  g_autoptr(HkSession) on_disk = NULL;
  g_autofree char *folder = NULL;
  HkWindow *window;
  HkChecklistView *checklist;
  HkReviewView *review;
  JsonObject *answers;
  gboolean evidence = FALSE;

  g_assert_nonnull (session);
  folder = g_strdup (hk_session_get_folder (session));
  window = open_window ();
  review = hk_window_get_review_view (window);
  hk_window_show_session (window, session);
  WAIT_FOR (hk_review_view_is_ready (review));
  hk_window_show_reflection (window);
  checklist = hk_window_get_checklist_view (window);

  g_assert_cmpuint (hk_checklist_view_get_n_items (checklist), >=, 8);
  g_assert_true (shows_text (GTK_WIDGET (checklist), "Did you let the customer finish each thought"));
  g_assert_true (shows_text (GTK_WIDGET (checklist), "What did the customer need most from this call?"));
  /* The interruption of the practice call is the first item's evidence. */
  for (guint i = 0; i < hk_checklist_view_get_n_items (checklist); i++)
    if (hk_checklist_view_get_item (checklist, i)->evidence != NULL)
      evidence = TRUE;
  g_assert_true (evidence);
  g_assert_true (shows_text (GTK_WIDGET (checklist), "You came in while the customer was still talking once: 0:01."));

  /* A moment in the evidence plays that moment of the call. */
  {
    g_autoptr(GPtrArray) queue = g_ptr_array_new ();
    GtkLabel *linked = NULL;
    gboolean handled = FALSE;

    g_ptr_array_add (queue, checklist);
    for (guint i = 0; i < queue->len && linked == NULL; i++)
      {
        GtkWidget *w = g_ptr_array_index (queue, i);

        if (GTK_IS_LABEL (w) && strstr (gtk_label_get_label (GTK_LABEL (w)), "href=\"seek:") != NULL)
          linked = GTK_LABEL (w);
        for (GtkWidget *c = gtk_widget_get_first_child (w); c; c = gtk_widget_get_next_sibling (c))
          g_ptr_array_add (queue, c);
      }
    g_assert_nonnull (linked);
    g_signal_emit_by_name (linked, "activate-link", "seek:1.010", &handled);
    g_assert_true (handled);
    WAIT_FOR (hk_call_player_get_playing (hk_review_view_get_player (review)));
    g_assert_cmpfloat (hk_call_player_get_position (hk_review_view_get_player (review)), <, 2.0);
    hk_call_player_pause (hk_review_view_get_player (review));
    hk_window_show_reflection (window);
  }

  hk_checklist_view_set_answer (checklist, 0, HK_ANSWER_PARTLY);
  hk_checklist_view_set_answer (checklist, 1, HK_ANSWER_YES);
  hk_checklist_view_set_note (checklist, 0, "I jumped in <b>early</b>");
  g_assert_true (shows_text (GTK_WIDGET (checklist), "2 of"));
  gtk_window_destroy (GTK_WINDOW (window));

  /* Written to disk, the note as typed. */
  on_disk = hk_session_load (folder, NULL);
  g_assert_nonnull (hk_session_get_reflection (on_disk));
  answers = json_object_get_object_member (json_node_get_object (hk_session_get_reflection (on_disk)), "answers");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (answers, "let-finish"), "answer"),
                   ==, "partly");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (answers, "let-finish"), "note"),
                   ==, "I jumped in <b>early</b>");

  /* And back in a new window. */
  window = open_window ();
  review = hk_window_get_review_view (window);
  hk_window_show_session (window, on_disk);
  WAIT_FOR (hk_review_view_is_ready (review));
  checklist = hk_window_get_checklist_view (window);
  g_assert_cmpint (hk_checklist_view_get_answer (checklist, 0), ==, HK_ANSWER_PARTLY);
  g_assert_cmpint (hk_checklist_view_get_answer (checklist, 1), ==, HK_ANSWER_YES);
  g_assert_cmpint (hk_checklist_view_get_answer (checklist, 2), ==, HK_ANSWER_NONE);
  gtk_window_destroy (GTK_WINDOW (window));
}

static GtkWindow *
find_toplevel (GType      type,
               GtkWindow *not)
{
  GList *toplevels = gtk_window_list_toplevels ();
  GtkWindow *found = NULL;

  for (GList *l = toplevels; l; l = l->next)
    if (G_TYPE_CHECK_INSTANCE_TYPE (l->data, type) && gtk_widget_get_visible (l->data) && l->data != not)
      found = l->data;
  g_list_free (toplevels);
  return found;
}

static GtkTextView *
find_text_view (GtkWindow *dialog)
{
  return GTK_TEXT_VIEW (find_widget (GTK_WIDGET (dialog), GTK_TYPE_TEXT_VIEW, 0));
}

/* A trainer's comments: one on the selected marker's span, one at the
 * playhead; both listed among the markers by time and written to
 * session.json, text as typed; one edited, one removed after asking. */
static void
test_comments (void)
{
  g_autoptr(HkSession) session = find_analysed_session ();
  g_autoptr(HkSession) on_disk = NULL;
  g_autofree char *folder = NULL;
  HkWindow *window;
  HkReviewView *review;
  AdwMessageDialog *dialog;
  GtkListView *list;
  const HkMarker *first;
  const HkSessionComment *c;
  guint n_rows;

  g_assert_nonnull (session);
  /* Named in the preferences before the call. */
  g_assert_cmpstr (hk_session_get_trainee (session), ==, "Eva Nováková");
  folder = g_strdup (hk_session_get_folder (session));
  window = open_window ();
  review = hk_window_get_review_view (window);
  hk_window_show_session (window, session);
  WAIT_FOR (hk_review_view_is_ready (review));
  list = GTK_LIST_VIEW (find_widget (GTK_WIDGET (review), GTK_TYPE_LIST_VIEW, 0));
  n_rows = g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (list)));
  g_assert_cmpuint (n_rows, ==, hk_call_analysis_get_markers (hk_review_view_get_analysis (review))->len);

  /* On the first marker's span. */
  gtk_widget_activate_action (GTK_WIDGET (review), "review.step-marker", "i", 1);
  first = &g_array_index (hk_call_analysis_get_markers (hk_review_view_get_analysis (review)), HkMarker, 0);
  gtk_widget_activate_action (GTK_WIDGET (review), "review.add-comment", NULL);
  spin (50);
  dialog = ADW_MESSAGE_DIALOG (find_toplevel (ADW_TYPE_MESSAGE_DIALOG, NULL));
  g_assert_nonnull (dialog);
  /* Nothing typed, nothing to add. */
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "save"));
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (find_text_view (GTK_WINDOW (dialog))),
                            "Let her <b>finish</b> first", -1);
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "save"));
  adw_message_dialog_response (dialog, "save");
  gtk_window_destroy (GTK_WINDOW (dialog));
  spin (50);
  g_assert_cmpuint (hk_session_get_comments (session)->len, ==, 1);
  c = &g_array_index (hk_session_get_comments (session), HkSessionComment, 0);
  g_assert_cmpfloat_with_epsilon (c->start, first->start, 0.051);
  g_assert_cmpfloat_with_epsilon (c->end, first->end, 0.051);
  g_assert_true (shows_text (GTK_WIDGET (review), "Let her <b>finish</b> first"));
  /* Its row carries buttons that edit and remove this very comment. */
  {
    GtkWidget *edit = NULL;
    GVariant *target;

    for (guint i = 0; (edit = find_widget (GTK_WIDGET (list), GTK_TYPE_BUTTON, i)) != NULL; i++)
      if (g_strcmp0 (gtk_widget_get_tooltip_text (edit), "Edit Comment") == 0 && gtk_widget_get_visible (edit))
        break;
    g_assert_nonnull (edit);
    g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (edit)), ==, "review.edit-comment");
    target = gtk_actionable_get_action_target_value (GTK_ACTIONABLE (edit));
    g_assert_cmpstr (g_variant_get_string (target, NULL), ==,
                     g_array_index (hk_session_get_comments (session), HkSessionComment, 0).id);
  }

  /* At the playhead, with nothing selected: a moment. */
  gtk_single_selection_set_selected (GTK_SINGLE_SELECTION (gtk_list_view_get_model (list)), GTK_INVALID_LIST_POSITION);
  hk_call_player_seek (hk_review_view_get_player (review), 3.0);
  WAIT_FOR (ABS (hk_call_player_get_position (hk_review_view_get_player (review)) - 3.0) < 0.05);
  gtk_widget_activate_action (GTK_WIDGET (review), "review.add-comment", NULL);
  spin (50);
  dialog = ADW_MESSAGE_DIALOG (find_toplevel (ADW_TYPE_MESSAGE_DIALOG, NULL));
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (find_text_view (GTK_WINDOW (dialog))), "Good pause", -1);
  adw_message_dialog_response (dialog, "save");
  gtk_window_destroy (GTK_WINDOW (dialog));
  spin (50);
  g_assert_cmpuint (hk_session_get_comments (session)->len, ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (list))), ==, n_rows + 2);

  on_disk = hk_session_load (folder, NULL);
  g_assert_cmpuint (hk_session_get_comments (on_disk)->len, ==, 2);
  c = &g_array_index (hk_session_get_comments (on_disk), HkSessionComment, 1);
  g_assert_cmpstr (c->text, ==, "Good pause");
  g_assert_cmpfloat_with_epsilon (c->start, 3.0, 0.05);
  g_assert_cmpfloat (c->end, ==, c->start);

  /* Edited by id... */
  {
    g_autofree char *id = g_strdup (c->id);

    g_clear_object (&on_disk);

    gtk_widget_activate_action (GTK_WIDGET (review), "review.edit-comment", "s", id);
    spin (50);
    dialog = ADW_MESSAGE_DIALOG (find_toplevel (ADW_TYPE_MESSAGE_DIALOG, NULL));
    gtk_text_buffer_set_text (gtk_text_view_get_buffer (find_text_view (GTK_WINDOW (dialog))), "A good, long pause", -1);
    adw_message_dialog_response (dialog, "save");
    gtk_window_destroy (GTK_WINDOW (dialog));
    spin (50);
    g_assert_cmpstr (hk_session_find_comment (session, id)->text, ==, "A good, long pause");

    /* ...and removed, after asking; Cancel keeps it. */
    gtk_widget_activate_action (GTK_WIDGET (review), "review.remove-comment", "s", id);
    spin (50);
    dialog = ADW_MESSAGE_DIALOG (find_toplevel (ADW_TYPE_MESSAGE_DIALOG, NULL));
    adw_message_dialog_response (dialog, "cancel");
    gtk_window_destroy (GTK_WINDOW (dialog));
    g_assert_nonnull (hk_session_find_comment (session, id));
    gtk_widget_activate_action (GTK_WIDGET (review), "review.remove-comment", "s", id);
    spin (50);
    dialog = ADW_MESSAGE_DIALOG (find_toplevel (ADW_TYPE_MESSAGE_DIALOG, NULL));
    adw_message_dialog_response (dialog, "remove");
    gtk_window_destroy (GTK_WINDOW (dialog));
    spin (50);
    g_assert_null (hk_session_find_comment (session, id));
  }

  on_disk = hk_session_load (folder, NULL);
  g_assert_cmpuint (hk_session_get_comments (on_disk)->len, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (list))), ==, n_rows + 1);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Calls brought from another computer: a good bundle of a call already
 * here is left as it is, a broken one is refused by name, and the
 * dialog says so for each once the worker is done. */
static void
test_import (void)
{
  g_autoptr(HkSession) session = find_analysed_session ();
  g_autofree char *dir = g_dir_make_tmp ("hearken-import-XXXXXX", NULL);
  g_autofree char *good = g_build_filename (dir, "call.hearken", NULL);
  g_autofree char *broken = g_build_filename (dir, "broken.hearken", NULL);
  g_autoptr(GError) error = NULL;
  GSList *files = NULL;
  HkWindow *window = open_window ();
  HkSessionStore *sessions = hk_application_get_sessions (app);
  guint before = g_list_model_get_n_items (G_LIST_MODEL (sessions));
  HkTaskDialog *dialog;
  const char *body;

  g_assert_nonnull (session);
  g_assert_true (hk_session_bundle_export (session, good, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (broken, "not a bundle", -1, NULL));

  files = g_slist_append (files, g_file_new_for_path (good));
  files = g_slist_append (files, g_file_new_for_path (broken));
  hk_window_import_files (window, files);
  g_slist_free_full (files, g_object_unref);

  dialog = HK_TASK_DIALOG (find_toplevel (HK_TYPE_TASK_DIALOG, NULL));
  g_assert_nonnull (dialog);
  WAIT_FOR (hk_task_dialog_is_done (dialog));
  g_assert_true (hk_task_dialog_succeeded (dialog));
  body = adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog));
  g_test_message ("%s", body);
  g_assert_nonnull (strstr (body, "0 calls imported"));
  g_assert_nonnull (strstr (body, "1 was here already"));
  g_assert_nonnull (strstr (body, "“broken.hearken” was not imported"));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  gtk_window_destroy (GTK_WINDOW (dialog));
  spin (50);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (sessions)), ==, before);

  g_remove (good);
  g_remove (broken);
  g_rmdir (dir);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A class report over the calls chosen by trainee, scenario and dates:
 * the count follows the choice, a date that cannot be read says how to
 * write one, and the export runs in a worker thread to a PDF that
 * poppler can read. */
static void
test_class_report (void)
{
  g_autofree char *dir = g_dir_make_tmp ("hearken-class-XXXXXX", NULL);
  g_autofree char *pdf = g_build_filename (dir, "class", NULL);
  g_autofree char *written = g_build_filename (dir, "class.pdf", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) none = NULL;
  HkWindow *window = open_window ();
  HkClassReportDialog *dialog;
  HkTaskDialog *progress;
  AdwEntryRow *from;
  const char *argv[] = { "pdftotext", written, "-", NULL };

  gtk_widget_activate_action (GTK_WIDGET (window), "win.class-report", NULL);
  spin (100);
  dialog = HK_CLASS_REPORT_DIALOG (find_toplevel (HK_TYPE_CLASS_REPORT_DIALOG, NULL));
  g_assert_nonnull (dialog);
  all = hk_class_report_dialog_get_folders (dialog);
  g_assert_cmpuint (all->len, >=, 2);
  g_assert_true (shows_text (GTK_WIDGET (dialog), "calls are chosen"));

  /* The calls were all made today: none before 2001. */
  from = ADW_ENTRY_ROW (find_widget (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW, 0));
  gtk_editable_set_text (GTK_EDITABLE (from), "2001-02-30");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (from), "error"));
  g_assert_true (shows_text (GTK_WIDGET (dialog), "such as 2026-11-24"));
  gtk_editable_set_text (GTK_EDITABLE (from), "2001-01-01");
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (from), "error"));
  gtk_editable_set_text (GTK_EDITABLE (find_widget (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW, 1)), "2001-12-31");
  none = hk_class_report_dialog_get_folders (dialog);
  g_assert_cmpuint (none->len, ==, 0);
  gtk_editable_set_text (GTK_EDITABLE (find_widget (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW, 1)), "");

  hk_class_report_dialog_export_to (dialog, pdf);
  spin (50);
  progress = HK_TASK_DIALOG (find_toplevel (HK_TYPE_TASK_DIALOG, NULL));
  g_assert_nonnull (progress);
  WAIT_LONG (hk_task_dialog_is_done (progress), 60);
  g_test_message ("%s", adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (progress)));
  g_assert_true (hk_task_dialog_succeeded (progress));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (progress)), "“class.pdf” holds"));
  gtk_window_destroy (GTK_WINDOW (progress));

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                               NULL, NULL, &text, NULL, NULL, NULL));
  g_assert_nonnull (strstr (text, "Eva Nováková"));

  g_remove (written);
  g_rmdir (dir);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Two voices for a pair round, each a mono file of its own: partner A
 * reads the two customer lines; partner B comes in 0.4 s before A has
 * finished the first, and answers the second with room. */
static void
write_pair_voices (HkScenario *scenario,
                   const char *a_path,
                   const char *b_path,
                   double     *overlap_at)
{
  const char *lines[2] = { hk_scenario_turn_get_text (hk_scenario_get_turn (scenario, 0), "en", NULL),
                           hk_scenario_turn_get_text (hk_scenario_get_turn (scenario, 1), "en", NULL) };
  const char *answers[2] = { "I am sorry, let me look at it.", "I can refund the second charge today." };
  gsize n = 24 * HK_VAD_RATE;
  g_autofree float *a = g_new0 (float, n);
  g_autofree float *b = g_new0 (float, n);
  double at = 0.5;

  for (guint i = 0; i < 2; i++)
    {
      gsize len_a, len_b;
      g_autofree float *line = hk_test_speak ("en", 160, lines[i], &len_a);
      g_autofree float *answer = hk_test_speak ("en+f3", 170, answers[i], &len_b);
      gsize first = (gsize) (at * HK_VAD_RATE);
      double answer_at;

      for (gsize k = 0; k < len_a && first + k < n; k++)
        a[first + k] += line[k];
      answer_at = at + (double) len_a / HK_VAD_RATE + (i == 0 ? -0.4 : 0.8);
      if (i == 0)
        *overlap_at = answer_at;
      first = (gsize) (answer_at * HK_VAD_RATE);
      for (gsize k = 0; k < len_b && first + k < n; k++)
        b[first + k] += answer[k];
      at = answer_at + (double) len_b / HK_VAD_RATE + 1.0;
    }
  n = MIN (n, (gsize) ((at + 0.5) * HK_VAD_RATE));
  g_assert_true (hk_test_write_wav (a_path, a, n, 1, HK_VAD_RATE, NULL));
  g_assert_true (hk_test_write_wav (b_path, b, n, 1, HK_VAD_RATE, NULL));
}

static AdwMessageDialog *
start_pair_dialog (HkWindow *window)
{
  AdwMessageDialog *dialog;

  gtk_widget_activate_action (GTK_WIDGET (window), "win.practise-pair", NULL);
  spin (100);
  dialog = ADW_MESSAGE_DIALOG (find_toplevel (ADW_TYPE_MESSAGE_DIALOG, NULL));
  g_assert_nonnull (dialog);
  return dialog;
}

/* A pair session through both rounds: names asked for, both inputs
 * checked (and swapped back and forth), partner A moving the script on,
 * the overlap between the two real voices found, the customer's partner
 * giving feedback; then round two with the roles swapped, each round
 * counted for the partner who answered in it. */
static void
test_pair (void)
{
  HkScenarioLibrary *library = hk_application_get_library (app);
  g_autofree char *mine = g_build_filename (hk_scenario_library_get_user_dir (library), "two-lines.json", NULL);
  g_autofree char *tmp = g_dir_make_tmp ("hearken-pair-XXXXXX", NULL);
  g_autofree char *a_wav = g_build_filename (tmp, "a.wav", NULL);
  g_autofree char *b_wav = g_build_filename (tmp, "b.wav", NULL);
  g_autofree char *a_src = g_strdup_printf ("filesrc location=\"%s\" ! wavparse ! identity sync=true", a_wav);
  g_autofree char *b_src = g_strdup_printf ("filesrc location=\"%s\" ! wavparse ! identity sync=true", b_wav);
  g_autofree char *pair_id = NULL;
  g_autofree char *round_one = NULL;
  double overlap_at = 0.0;
  HkWindow *window;
  HkPracticeView *practice;
  HkReviewView *review;
  HkPartnerFeedbackView *feedback;
  AdwMessageDialog *dialog;
  HkSession *session;
  gboolean interrupted = FALSE;

  g_assert_true (g_file_set_contents (mine, hk_test_scenario_json, -1, NULL));
  hk_application_set_pair_override (app, a_src, b_src);
  hk_application_set_audio_override (app, NULL, "fakesink sync=true");

  window = open_window ();
  WAIT_FOR (hk_scenario_library_lookup (library, "test-two-lines") != NULL);
  write_pair_voices (hk_scenario_library_lookup (library, "test-two-lines"), a_wav, b_wav, &overlap_at);
  hk_window_show_scenario (window, "test-two-lines");
  practice = hk_window_get_practice_view (window);
  review = hk_window_get_review_view (window);

  /* Both names, and different, before the pair can start. */
  dialog = start_pair_dialog (window);
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "start"));
  gtk_editable_set_text (GTK_EDITABLE (find_widget (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW, 0)), "Eva");
  gtk_editable_set_text (GTK_EDITABLE (find_widget (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW, 1)), "Eva");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "start"));
  gtk_editable_set_text (GTK_EDITABLE (find_widget (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW, 1)), " Jan ");
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "start"));
  adw_message_dialog_response (dialog, "start");
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* The check: both by name and role; Swap and back. */
  WAIT_FOR (g_str_equal (hk_practice_view_get_stage (practice), "check"));
  g_assert_true (shows_text (GTK_WIDGET (practice), "Eva (the customer)"));
  g_assert_true (shows_text (GTK_WIDGET (practice), "Jan (answers)"));
  gtk_widget_activate_action (GTK_WIDGET (practice), "practice.swap", NULL);
  gtk_widget_activate_action (GTK_WIDGET (practice), "practice.swap", NULL);
  gtk_widget_activate_action (GTK_WIDGET (practice), "practice.begin", NULL);
  WAIT_LONG (g_str_equal (hk_practice_view_get_stage (practice), "call"), 30);
  /* Partner A moves on after the first answer. */
  WAIT_LONG (hk_practice_view_get_turn (practice) == 0, 10);
  g_assert_true (shows_text (GTK_WIDGET (practice), "My bill is wrong."));
  spin (6000);
  gtk_widget_activate_action (GTK_WIDGET (practice), "practice.next", NULL);
  WAIT_FOR (hk_practice_view_get_turn (practice) == 1);
  /* The voices end, and so does the call. */
  WAIT_LONG (g_str_equal (hk_window_get_page (window), "review") && hk_review_view_is_ready (review), 90);

  session = hk_review_view_get_session (review);
  g_assert_true (hk_session_is_pair (session));
  g_assert_cmpuint (hk_session_get_round (session), ==, 1);
  g_assert_cmpstr (hk_session_get_trainee (session), ==, "Jan");
  g_assert_cmpstr (hk_session_get_partner (session, HK_PARTNER_A), ==, "Eva");
  g_assert_cmpuint (hk_session_get_turns (session)->len, ==, 2);
  pair_id = g_strdup (hk_session_get_pair_id (session));
  round_one = g_strdup (hk_session_get_folder (session));
  g_assert_true (shows_text (GTK_WIDGET (review), "Round 1: Jan answered, Eva played the customer"));
  g_assert_true (shows_text (GTK_WIDGET (review), "Round Two: Swap Roles"));
  /* The overlap, between two people. */
  {
    const GArray *markers = hk_call_analysis_get_markers (hk_review_view_get_analysis (review));

    for (guint i = 0; i < markers->len; i++)
      {
        const HkMarker *m = &g_array_index (markers, HkMarker, i);

        g_test_message ("%s %.2f-%.2f", hk_marker_type_id (m->type), m->start, m->end);
        if (m->type == HK_MARKER_INTERRUPTION && ABS (m->start - overlap_at) < 0.3)
          interrupted = TRUE;
      }
    g_assert_true (interrupted);
  }

  /* Eva, who played the customer, says how it felt; it is kept. */
  feedback = hk_window_get_partner_feedback_view (window);
  hk_window_show_partner_feedback (window);
  spin (100);
  g_assert_true (shows_text (GTK_WIDGET (feedback), "Eva, How Was It to Be the Customer?"));
  hk_partner_feedback_view_set_answer (feedback, "heard", HK_ANSWER_YES);
  hk_partner_feedback_view_set_answer (feedback, "interrupted", HK_ANSWER_PARTLY);
  hk_partner_feedback_view_set_text (feedback, "next", "Let me <b>finish</b> the second point");
  {
    g_autoptr(HkSession) on_disk = hk_session_load (round_one, NULL);
    JsonObject *o = json_node_get_object (hk_session_get_partner_feedback (on_disk));

    g_assert_cmpstr (json_object_get_string_member (o, "heard"), ==, "yes");
    g_assert_cmpstr (json_object_get_string_member (o, "interrupted"), ==, "partly");
    g_assert_false (json_object_has_member (o, "understood"));
    g_assert_cmpstr (json_object_get_string_member (o, "next"), ==, "Let me <b>finish</b> the second point");

    /* And in the round's report, for Jan, escaped. */
    {
      g_autofree char *html_path = g_build_filename (tmp, "round.html", NULL);
      g_autofree char *pdf_path = g_build_filename (tmp, "round.pdf", NULL);
      g_autofree char *html = NULL;
      g_autofree char *text = NULL;
      g_autoptr(GError) error = NULL;
      const char *argv[] = { "pdftotext", pdf_path, "-", NULL };

      g_assert_true (hk_report_export_session (on_disk, HK_REPORT_FORMAT_HTML, NULL, FALSE, html_path, NULL, &error));
      g_assert_no_error (error);
      g_assert_true (g_file_get_contents (html_path, &html, NULL, NULL));
      g_assert_nonnull (strstr (html, "How It Felt to the Customer"));
      g_assert_nonnull (strstr (html, "Let me &lt;b&gt;finish&lt;/b&gt; the second point"));
      g_assert_true (hk_report_export_session (on_disk, HK_REPORT_FORMAT_PDF, NULL, FALSE, pdf_path, NULL, &error));
      g_assert_no_error (error);
      g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                                   NULL, NULL, &text, NULL, NULL, NULL));
      g_assert_nonnull (strstr (text, "Felt heard"));
      g_assert_nonnull (strstr (text, "Jan"));
    }
  }

  /* Round two: Jan reads the customer, Eva answers. */
  gtk_widget_activate_action (GTK_WIDGET (review), "review.swap-roles", NULL);
  spin (100);
  /* The same scenario is offered; another could be chosen. */
  dialog = ADW_MESSAGE_DIALOG (find_toplevel (ADW_TYPE_MESSAGE_DIALOG, NULL));
  g_assert_nonnull (dialog);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "Jan now plays the customer and Eva answers"));
  {
    GtkDropDown *choice = GTK_DROP_DOWN (find_widget (GTK_WIDGET (dialog), GTK_TYPE_DROP_DOWN, 0));
    GtkStringObject *item = gtk_drop_down_get_selected_item (choice);

    g_assert_cmpstr (gtk_string_object_get_string (item), ==, "Two short lines");
  }
  adw_message_dialog_response (dialog, "start");
  gtk_window_destroy (GTK_WINDOW (dialog));
  WAIT_FOR (g_str_equal (hk_practice_view_get_stage (practice), "check"));
  g_assert_true (shows_text (GTK_WIDGET (practice), "Jan (the customer)"));
  g_assert_true (shows_text (GTK_WIDGET (practice), "Eva (answers)"));
  gtk_widget_activate_action (GTK_WIDGET (practice), "practice.begin", NULL);
  WAIT_LONG (g_str_equal (hk_practice_view_get_stage (practice), "call"), 30);
  WAIT_LONG (hk_practice_view_get_turn (practice) == 0, 10);
  spin (6000);
  gtk_widget_activate_action (GTK_WIDGET (practice), "practice.next", NULL);
  WAIT_LONG (g_str_equal (hk_window_get_page (window), "review") && hk_review_view_is_ready (review), 90);

  session = hk_review_view_get_session (review);
  g_assert_cmpuint (hk_session_get_round (session), ==, 2);
  g_assert_cmpstr (hk_session_get_pair_id (session), ==, pair_id);
  g_assert_cmpstr (hk_session_get_trainee (session), ==, "Eva");
  g_assert_cmpstr (hk_session_get_partner (session, HK_PARTNER_A), ==, "Jan");
  /* Both have answered: no third round is offered. */
  g_assert_false (shows_text (GTK_WIDGET (review), "Round Two: Swap Roles"));
  {
    g_autoptr(GPtrArray) rounds = hk_session_store_get_pair_rounds (hk_application_get_sessions (app), pair_id);
    HkRoundsDialog *both;

    g_assert_cmpuint (rounds->len, ==, 2);

    /* The two rounds side by side: each partner's figures under their
     * name, as each round's own analysis gives them. */
    g_assert_true (shows_text (GTK_WIDGET (review), "Compare Both Rounds"));
    gtk_widget_activate_action (GTK_WIDGET (review), "review.compare-rounds", NULL);
    spin (100);
    both = HK_ROUNDS_DIALOG (find_toplevel (HK_TYPE_ROUNDS_DIALOG, NULL));
    g_assert_nonnull (both);
    g_assert_true (shows_text (GTK_WIDGET (both), "Round 1: Jan answered"));
    g_assert_true (shows_text (GTK_WIDGET (both), "Round 2: Eva answered"));
    for (guint r = 0; r < rounds->len; r++)
      {
        g_autoptr(HkCallAnalysis) a = hk_call_analysis_new_from_json (hk_session_get_analysis (rounds->pdata[r]));
        HkFigureValue values[HK_N_FIGURES];

        hk_figures_measure (a, values);
        for (HkFigure f = 0; f < HK_N_FIGURES; f++)
          {
            g_autofree char *text = hk_figure_format (&values[f]);

            g_assert_true (shows_text (GTK_WIDGET (both), text));
          }
      }
    gtk_window_destroy (GTK_WINDOW (both));
  }

  /* Results per person: each round is in the history of who answered. */
  {
    HkHistoryView *history = hk_window_get_history_view (window);

    gtk_widget_activate_action (GTK_WIDGET (window), "win.library", NULL);
    gtk_widget_activate_action (GTK_WIDGET (window), "win.history", NULL);
    hk_history_view_set_person (history, "Jan");
    g_assert_cmpuint (hk_history_view_get_n_shown (history), ==, 1);
    g_assert_true (shows_text (GTK_WIDGET (history), "Two short lines"));
    hk_history_view_set_person (history, "Eva");
    g_assert_cmpuint (hk_history_view_get_n_shown (history), ==, 1);
    hk_history_view_set_person (history, NULL);
    g_assert_cmpuint (hk_history_view_get_n_shown (history), ==,
                      g_list_model_get_n_items (G_LIST_MODEL (hk_application_get_sessions (app))));
  }

  hk_application_set_pair_override (app, NULL, NULL);
  hk_application_set_audio_override (app, NULL, NULL);
  g_remove (mine);
  hk_test_remove_tree (tmp);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Every call listed with its figures; one scenario's calls charted, with
 * the change since the first take; two takes compared; a call opened
 * and left again; a call deleted after asking. */
static void
test_history (void)
{
  HkSessionStore *sessions = hk_application_get_sessions (app);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (sessions));
  HkWindow *window = open_window ();
  HkHistoryView *history = hk_window_get_history_view (window);
  g_autoptr(GPtrArray) takes = g_ptr_array_new_with_free_func (g_object_unref);
  GtkWidget *compare = NULL, *list, *chart;
  GtkWindow *dialog;
  HkSession *missing = NULL;
  g_autofree char *missing_folder = NULL;

  gtk_widget_activate_action (GTK_WIDGET (window), "win.history", NULL);
  g_assert_cmpstr (hk_window_get_page (window), ==, "history");
  g_assert_cmpuint (hk_history_view_get_n_shown (history), ==, n);
  g_assert_true (shows_text (GTK_WIDGET (history), "Two short lines"));
  g_assert_true (shows_text (GTK_WIDGET (history), "Interruptions 1"));

  /* One scenario: its two takes, charted, and how they changed. */
  hk_history_view_set_scenario (history, "test-two-lines");
  g_assert_cmpuint (hk_history_view_get_n_shown (history), ==, 2);
  g_assert_true (g_str_has_prefix (hk_history_view_get_change (history), "Since your first take on"));
  g_assert_nonnull (strstr (hk_history_view_get_change (history), "Interruptions per call 1 →"));
  hk_history_view_set_metric (history, 3);
  chart = find_widget (GTK_WIDGET (history), HK_TYPE_PROGRESS_CHART, 0);
  g_assert_cmpuint (hk_progress_chart_get_n_points (HK_PROGRESS_CHART (chart)), ==, 2);

  for (guint i = 0; i < n; i++)
    {
      HkSession *s = g_list_model_get_item (G_LIST_MODEL (sessions), i);

      if (g_strcmp0 (hk_session_get_scenario_id (s), "test-two-lines") == 0)
        g_ptr_array_add (takes, s);
      else if (g_strcmp0 (hk_session_get_scenario_id (s), "complaint-late-parcel") == 0 && missing == NULL)
        missing = s;
      else
        g_object_unref (s);
    }
  g_assert_cmpuint (takes->len, ==, 2);
  hk_history_view_set_compared (history, g_ptr_array_index (takes, 0), g_ptr_array_index (takes, 1));
  for (guint i = 0; (compare = find_widget (GTK_WIDGET (history), GTK_TYPE_BUTTON, i)) != NULL; i++)
    if (g_strcmp0 (gtk_button_get_label (GTK_BUTTON (compare)), "_Compare") == 0)
      break;
  g_assert_nonnull (compare);
  g_assert_true (gtk_widget_get_sensitive (compare));
  g_signal_emit_by_name (compare, "clicked");
  spin (100);
  dialog = find_toplevel (ADW_TYPE_WINDOW, NULL);
  g_assert_nonnull (dialog);
  g_assert_true (shows_text (GTK_WIDGET (dialog), "Interruptions"));
  g_assert_true (shows_text (GTK_WIDGET (dialog), "Listening sounds"));
  gtk_window_destroy (dialog);

  /* Open the newest take, and come back to the history. */
  list = find_widget (GTK_WIDGET (history), GTK_TYPE_LIST_BOX, 0);
  g_signal_emit_by_name (list, "row-activated", gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), 0));
  g_assert_cmpstr (hk_window_get_page (window), ==, "review");
  WAIT_FOR (hk_review_view_is_ready (hk_window_get_review_view (window)));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.library", NULL);
  g_assert_cmpstr (hk_window_get_page (window), ==, "history");

  /* Delete the call whose recording is gone: asked first, then gone. */
  g_assert_nonnull (missing);
  missing_folder = g_strdup (hk_session_get_folder (missing));
  hk_history_view_set_scenario (history, "complaint-late-parcel");
  g_assert_cmpuint (hk_history_view_get_n_shown (history), ==, 1);
  {
    GtkWidget *trash = NULL;

    for (guint i = 0; (trash = find_widget (GTK_WIDGET (history), GTK_TYPE_BUTTON, i)) != NULL; i++)
      if (g_strcmp0 (gtk_widget_get_tooltip_text (trash), "Delete This Call") == 0)
        break;
    g_assert_nonnull (trash);
    g_signal_emit_by_name (trash, "clicked");
  }
  spin (100);
  dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG, NULL);
  g_assert_nonnull (dialog);
  g_assert_true (g_file_test (missing_folder, G_FILE_TEST_IS_DIR));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "trash");
  spin (100);
  /* Where the trash is not to be had, a second question. */
  {
    GtkWindow *again = find_toplevel (ADW_TYPE_MESSAGE_DIALOG, dialog);

    if (again != NULL)
      {
        g_test_message ("no trash here: asked again");
        g_assert_true (g_file_test (missing_folder, G_FILE_TEST_IS_DIR));
        adw_message_dialog_response (ADW_MESSAGE_DIALOG (again), "delete");
      }
  }
  WAIT_FOR (!g_file_test (missing_folder, G_FILE_TEST_EXISTS));
  WAIT_FOR (g_list_model_get_n_items (G_LIST_MODEL (sessions)) == n - 1);
  g_object_unref (missing);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* No microphone: the check says so, the call cannot start and says why,
 * nothing is left on disk, and the window goes back to the scenarios. */
static void
test_no_microphone (void)
{
  HkSessionStore *sessions = hk_application_get_sessions (app);
  guint n_sessions = g_list_model_get_n_items (G_LIST_MODEL (sessions));
  HkWindow *window = open_window ();
  HkPracticeView *practice = hk_window_get_practice_view (window);

  hk_application_set_audio_override (app, "nosuchelement", "fakesink sync=true");
  hk_window_show_scenario (window, "complaint-late-parcel");
  spin (50);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.practise", NULL);
  g_assert_cmpstr (hk_practice_view_get_stage (practice), ==, "check");
  g_assert_true (shows_text (GTK_WIDGET (practice), "The microphone could not be set up"));

  gtk_widget_activate_action (GTK_WIDGET (practice), "practice.begin", NULL);
  WAIT_LONG (g_str_equal (hk_practice_view_get_stage (practice), "error"), 30);
  g_assert_true (shows_text (GTK_WIDGET (practice), "No Microphone or Speaker"));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (sessions)), ==, n_sessions);

  gtk_widget_activate_action (GTK_WIDGET (practice), "practice.close", NULL);
  g_assert_cmpstr (hk_window_get_page (window), ==, "library");
  hk_application_set_audio_override (app, NULL, NULL);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A session whose recording was deleted says so, and the window goes on. */
static void
test_review_missing_audio (void)
{
  HkSessionStore *sessions = hk_application_get_sessions (app);
  HkScenario *scenario = hk_scenario_library_lookup (hk_application_get_library (app), "complaint-late-parcel");
  g_autoptr(HkSession) session = NULL;
  HkWindow *window = open_window ();
  HkReviewView *review = hk_window_get_review_view (window);

  g_assert_nonnull (scenario);
  session = hk_session_store_create (sessions, scenario, "en", "solo", NULL);
  g_assert_nonnull (session);
  hk_session_set_state (session, HK_SESSION_COMPLETE);
  g_assert_true (hk_session_save (session, NULL));

  hk_window_show_session (window, session);
  WAIT_FOR (shows_text (GTK_WIDGET (review), "is missing"));
  g_assert_false (hk_review_view_is_ready (review));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.library", NULL);
  g_assert_cmpstr (hk_window_get_page (window), ==, "library");
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Every threshold has its control, bound to its setting, and Reset
 * brings back the defaults. */
static void
test_preferences (void)
{
  GSettings *settings = hk_application_get_settings (app);
  HkWindow *window = open_window ();
  GtkWidget *prefs = NULL, *reset = NULL;
  GtkSpinButton *rushed;
  GList *toplevels;

  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  spin (300);
  toplevels = gtk_window_list_toplevels ();
  for (GList *l = toplevels; l; l = l->next)
    if (HK_IS_PREFERENCES_WINDOW (l->data))
      prefs = l->data;
  g_list_free (toplevels);
  g_assert_nonnull (prefs);

  /* Voice speed, the silence before the next line, six thresholds. */
  g_assert_nonnull (find_widget (prefs, GTK_TYPE_SPIN_BUTTON, 7));
  g_assert_null (find_widget (prefs, GTK_TYPE_SPIN_BUTTON, 8));
  rushed = GTK_SPIN_BUTTON (find_widget (prefs, GTK_TYPE_SPIN_BUTTON, 2));
  gtk_spin_button_set_value (rushed, 0.5);
  g_assert_cmpfloat (g_settings_get_double (settings, "rushed-gap"), ==, 0.5);
  g_settings_set_double (settings, "dead-air", 9.0);

  for (guint i = 0; (reset = find_widget (prefs, GTK_TYPE_BUTTON, i)) != NULL; i++)
    if (g_strcmp0 (gtk_button_get_label (GTK_BUTTON (reset)), "_Reset") == 0)
      break;
  g_assert_nonnull (reset);
  g_signal_emit_by_name (reset, "clicked");
  g_assert_cmpfloat (g_settings_get_double (settings, "rushed-gap"), ==, 0.3);
  g_assert_cmpfloat (g_settings_get_double (settings, "dead-air"), ==, 5.0);
  g_assert_cmpfloat (gtk_spin_button_get_value (rushed), ==, 0.3);

  /* The name every call of this trainee carries (see the comments test). */
  gtk_editable_set_text (GTK_EDITABLE (find_widget (prefs, ADW_TYPE_ENTRY_ROW, 0)), "Eva Nováková");
  {
    g_autofree char *name = g_settings_get_string (settings, "trainee-name");

    g_assert_cmpstr (name, ==, "Eva Nováková");
  }

  gtk_window_destroy (GTK_WINDOW (prefs));
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *home = g_dir_make_tmp ("hearken-window-XXXXXX", NULL);
  g_autofree char *data = g_build_filename (home, "data", NULL);
  int ret;

  /* The application lives across tests, so it gets one private data folder
   * for the whole run rather than GLib's per-test isolation. */
  g_setenv ("XDG_DATA_HOME", data, TRUE);
  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  leave_open_session (data);

  app = hk_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));

  g_test_add_func ("/Window/lists-library", test_lists_library);
  g_test_add_func ("/Window/search-and-filters", test_search_and_filters);
  g_test_add_func ("/Window/practice-language", test_practice_language);
  g_test_add_func ("/Window/user-scenarios", test_user_scenarios);
  g_test_add_func ("/Window/narrow", test_narrow);
  g_test_add_func ("/Window/help-and-about", test_help_and_about);
  g_test_add_func ("/Window/recovers-sessions", test_recovers_sessions);
  g_test_add_func ("/Window/preferences", test_preferences);
  g_test_add_func ("/Window/practice-call", test_practice_call);
  g_test_add_func ("/Window/checklist-kept", test_checklist_kept);
  g_test_add_func ("/Window/comments", test_comments);
  g_test_add_func ("/Window/import", test_import);
  g_test_add_func ("/Window/class-report", test_class_report);
  g_test_add_func ("/Window/review-missing-audio", test_review_missing_audio);
  g_test_add_func ("/Window/history", test_history);
  g_test_add_func ("/Window/no-microphone", test_no_microphone);
  /* After the history, which counts the solo takes. */
  g_test_add_func ("/Window/pair", test_pair);

  ret = g_test_run ();
  g_clear_object (&app);
  g_free (open_session);
  return ret;
}
