/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hk-history-view"

/* Every call the trainee made: filtered by scenario and category, each
 * with its key figures and checklist result; a chart of one figure over
 * time and the change since the first take of a scenario; two takes side
 * by side; and deleting a call, to the trash, after asking. */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>

#include "hk-checklist-view.h"
#include "hk-figures.h"
#include "hk-history-view.h"
#include "hk-lang.h"
#include "hk-progress-chart.h"
#include "hk-vocab.h"

typedef enum {
  METRIC_INTERRUPTIONS,
  METRIC_MEAN_GAP,
  METRIC_TALK_SHARE,
  METRIC_CHECKLIST,
  N_METRICS
} Metric;

/* What a session's figures are, worked out once. */
typedef struct {
  gboolean      analysed;
  HkFigureValue figures[HK_N_FIGURES];
  guint         counts[HK_N_MARKER_TYPES];
  double        times[HK_N_MARKER_TYPES];
  double        checklist;   /* 0-1, NAN when not answered */
} Facts;

struct _HkHistoryView
{
  GtkWidget        parent_instance;

  HkApplication   *application;
  GHashTable      *facts;      /* session id → Facts */
  GPtrArray       *shown;      /* HkSession, oldest first */
  GPtrArray       *ticked;     /* HkSession, for comparing */
  GPtrArray       *scenario_ids;
  char            *change;

  GtkStack        *stack;
  GtkDropDown     *scenario_dropdown;
  GtkDropDown     *category_dropdown;
  GtkDropDown     *person_dropdown;
  GPtrArray       *people;        /* names; index 0 is everyone, "" is unnamed */
  GtkDropDown     *metric_dropdown;
  GtkWidget       *compare_button;
  HkProgressChart *chart;
  GtkLabel        *change_label;
  GtkLabel        *count_label;
  GtkListBox      *list;
};

G_DEFINE_FINAL_TYPE (HkHistoryView, hk_history_view, GTK_TYPE_WIDGET)

enum {
  OPEN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *
metric_label (Metric m)
{
  switch (m)
    {
    case METRIC_INTERRUPTIONS:
      return _("Interruptions per call");
    case METRIC_MEAN_GAP:
      return _("Mean response gap");
    case METRIC_TALK_SHARE:
      return _("Your share of the talking");
    case METRIC_CHECKLIST:
    case N_METRICS:
    default:
      return _("Checklist result");
    }
}

static const Facts *
facts_of (HkHistoryView *self,
          HkSession     *session)
{
  Facts *f = g_hash_table_lookup (self->facts, hk_session_get_id (session));
  g_autoptr(HkCallAnalysis) analysis = NULL;

  if (f != NULL)
    return f;

  f = g_new0 (Facts, 1);
  if (hk_session_get_analysis (session) != NULL)
    analysis = hk_call_analysis_new_from_json (hk_session_get_analysis (session));
  if (analysis != NULL)
    {
      f->analysed = TRUE;
      hk_figures_measure (analysis, f->figures);
      for (HkMarkerType t = 0; t < HK_N_MARKER_TYPES; t++)
        f->counts[t] = hk_call_analysis_count_markers (analysis, t, &f->times[t]);
    }
  f->checklist = hk_checklist_result (hk_session_get_reflection (session), NULL);
  g_hash_table_insert (self->facts, g_strdup (hk_session_get_id (session)), f);
  return f;
}

static double
metric_value (const Facts *f,
              Metric       m)
{
  if (m == METRIC_CHECKLIST)
    return isnan (f->checklist) ? NAN : f->checklist * 100.0;
  if (!f->analysed)
    return NAN;
  switch (m)
    {
    case METRIC_INTERRUPTIONS:
      return f->figures[HK_FIGURE_INTERRUPTIONS].value;
    case METRIC_MEAN_GAP:
      return f->figures[HK_FIGURE_MEAN_GAP].value;
    case METRIC_TALK_SHARE:
      return f->figures[HK_FIGURE_TALK_SHARE].value * 100.0;
    case METRIC_CHECKLIST:
    case N_METRICS:
    default:
      return NAN;
    }
}

static char *
metric_text (Metric m,
             double v)
{
  if (isnan (v))
    return g_strdup ("—");
  switch (m)
    {
    case METRIC_INTERRUPTIONS:
      return g_strdup_printf ("%.0f", v);
    case METRIC_MEAN_GAP:
      return g_strdup_printf (_("%.1f s"), v);
    case METRIC_TALK_SHARE:
    case METRIC_CHECKLIST:
    case N_METRICS:
    default:
      return g_strdup_printf (_("%.0f %%"), v);
    }
}

static const char *
category_of (HkHistoryView *self,
             HkSession     *session)
{
  HkScenario *scenario;

  if (hk_session_get_category (session) != NULL)
    return hk_session_get_category (session);
  /* Older sessions did not keep it: the scenario, if still there. */
  scenario = hk_scenario_library_lookup (hk_application_get_library (self->application),
                                         hk_session_get_scenario_id (session));
  return scenario ? hk_scenario_get_category (scenario) : NULL;
}

static const char *
chosen_scenario (HkHistoryView *self)
{
  guint pos = gtk_drop_down_get_selected (self->scenario_dropdown);

  return pos > 0 && pos < self->scenario_ids->len ? g_ptr_array_index (self->scenario_ids, pos) : NULL;
}

/* Whose results: a pair's rounds count for who answered in them. */
static const char *
chosen_person (HkHistoryView *self)
{
  guint pos = gtk_drop_down_get_selected (self->person_dropdown);

  return pos > 0 && pos < self->people->len ? g_ptr_array_index (self->people, pos) : NULL;
}

static const char *
chosen_category (HkHistoryView *self)
{
  guint pos = gtk_drop_down_get_selected (self->category_dropdown);

  return pos > 0 && pos != GTK_INVALID_LIST_POSITION ? hk_vocab_id (HK_VOCAB_CATEGORY, pos - 1) : NULL;
}

static gint
by_date (gconstpointer a,
         gconstpointer b)
{
  HkSession *sa = *(HkSession **) a, *sb = *(HkSession **) b;

  return g_date_time_compare (hk_session_get_created (sa), hk_session_get_created (sb));
}

static void
update_compare (HkHistoryView *self)
{
  gboolean ok = self->ticked->len == 2 &&
    g_strcmp0 (hk_session_get_scenario_id (g_ptr_array_index (self->ticked, 0)),
               hk_session_get_scenario_id (g_ptr_array_index (self->ticked, 1))) == 0;

  gtk_widget_set_sensitive (self->compare_button, ok);
}

static void
tick_toggled_cb (GtkCheckButton *check,
                 HkHistoryView  *self)
{
  HkSession *session = g_object_get_data (G_OBJECT (check), "session");

  if (gtk_check_button_get_active (check))
    {
      /* Two at most: the oldest tick gives way. */
      if (self->ticked->len == 2)
        g_ptr_array_remove_index (self->ticked, 0);
      g_ptr_array_add (self->ticked, g_object_ref (session));
    }
  else
    g_ptr_array_remove (self->ticked, session);
  update_compare (self);
}

typedef struct {
  HkHistoryView *self;
  HkSession     *session;
} Pending;

static void
pending_free (gpointer  data,
              GClosure *closure)
{
  Pending *p = data;

  g_object_unref (p->session);
  g_free (p);
}

static void delete_response_cb (AdwMessageDialog *dialog,
                                const char       *response,
                                Pending          *p);

/* Asks about deleting p's session; the question owns a reference. */
static void
connect_pending (GtkWidget     *dialog,
                 HkHistoryView *self,
                 HkSession     *session)
{
  Pending *p = g_new0 (Pending, 1);

  p->self = self;
  p->session = g_object_ref (session);
  g_signal_connect_data (dialog, "response", G_CALLBACK (delete_response_cb), p, pending_free, 0);
}

static void
delete_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    Pending          *p)
{
  HkSessionStore *store = hk_application_get_sessions (p->self->application);
  g_autoptr(GFile) folder = g_file_new_for_path (hk_session_get_folder (p->session));
  g_autoptr(GError) error = NULL;

  if (g_str_equal (response, "trash"))
    {
      if (!g_file_trash (folder, NULL, &error))
        {
          GtkWidget *again;

          /* No trash here (another file system, no desktop): say so and
           * ask again before deleting for good. */
          again = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (p->self))),
                                          _("Delete This Call for Good?"), NULL);
          adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (again),
                                          _("It cannot be moved to the trash (%s). Deleting it cannot be undone."),
                                          error->message);
          adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (again), "cancel", _("_Cancel"),
                                            "delete", _("_Delete"), NULL);
          adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (again), "delete",
                                                      ADW_RESPONSE_DESTRUCTIVE);
          adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (again), "cancel");
          connect_pending (again, p->self, p->session);
          gtk_window_present (GTK_WINDOW (again));
          return;
        }
      hk_session_store_reload (store);
    }
  else if (g_str_equal (response, "delete"))
    {
      if (!hk_session_store_discard (store, p->session, &error))
        g_warning ("Could not delete %s: %s", hk_session_get_folder (p->session), error->message);
    }
}

static void
delete_clicked_cb (GtkButton     *button,
                   HkHistoryView *self)
{
  HkSession *session = g_object_get_data (G_OBJECT (button), "session");
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                   _("Delete This Call?"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("“%s” and its recording, analysis and answers are moved to the trash."),
                                  hk_session_get_title (session));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "trash", _("_Move to Trash"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "trash", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  connect_pending (dialog, self, session);
  gtk_window_present (GTK_WINDOW (dialog));
}

static char *
figures_line (HkHistoryView *self,
              HkSession     *session)
{
  const Facts *f = facts_of (self, session);
  g_autofree char *gap = metric_text (METRIC_MEAN_GAP, metric_value (f, METRIC_MEAN_GAP));
  g_autofree char *share = metric_text (METRIC_TALK_SHARE, metric_value (f, METRIC_TALK_SHARE));
  g_autofree char *checklist = metric_text (METRIC_CHECKLIST, metric_value (f, METRIC_CHECKLIST));
  g_autofree char *interruptions = metric_text (METRIC_INTERRUPTIONS, metric_value (f, METRIC_INTERRUPTIONS));

  if (!f->analysed)
    return g_strdup (hk_session_get_problem (session) ? hk_session_get_problem (session)
                                                      : _("Not analysed"));
  /* Translators: a call's key figures in the history list */
  return g_strdup_printf (_("Interruptions %s · mean gap %s · you talked %s · checklist %s"),
                          interruptions, gap, share, checklist);
}

static GtkWidget *
session_row (HkHistoryView *self,
             HkSession     *session)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *check = gtk_check_button_new ();
  GtkWidget *title = gtk_label_new (hk_session_get_title (session));
  GtkWidget *subtitle, *figures, *trash;
  g_autofree char *date = g_date_time_format (hk_session_get_created (session), "%x %H:%M");
  g_autofree char *sub = NULL;
  g_autofree char *line = figures_line (self, session);
  gboolean damaged = hk_session_get_state (session) == HK_SESSION_DAMAGED;

  /* Translators: when, in which language, and the state of a call */
  sub = g_strdup_printf (_("%s · %s · %s"), date, hk_lang_endonym (hk_session_get_language (session)),
                         hk_session_state_label (hk_session_get_state (session)));
  subtitle = gtk_label_new (sub);
  figures = gtk_label_new (line);

  g_object_set_data_full (G_OBJECT (check), "session", g_object_ref (session), g_object_unref);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), g_ptr_array_find (self->ticked, session, NULL));
  gtk_widget_set_tooltip_text (check, _("Compare this take"));
  gtk_widget_set_sensitive (check, !damaged);
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  g_signal_connect_object (check, "toggled", G_CALLBACK (tick_toggled_cb), self, 0);

  gtk_label_set_xalign (GTK_LABEL (title), 0.0f);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (title, "heading");
  gtk_label_set_xalign (GTK_LABEL (subtitle), 0.0f);
  gtk_widget_add_css_class (subtitle, "dim-label");
  gtk_widget_add_css_class (subtitle, "caption");
  gtk_label_set_xalign (GTK_LABEL (figures), 0.0f);
  gtk_label_set_wrap (GTK_LABEL (figures), TRUE);
  gtk_widget_add_css_class (figures, "caption");
  gtk_box_append (GTK_BOX (text), title);
  gtk_box_append (GTK_BOX (text), subtitle);
  gtk_box_append (GTK_BOX (text), figures);
  gtk_widget_set_hexpand (text, TRUE);

  trash = gtk_button_new_from_icon_name ("user-trash-symbolic");
  gtk_widget_set_tooltip_text (trash, _("Delete This Call"));
  gtk_widget_set_valign (trash, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (trash, "flat");
  g_object_set_data_full (G_OBJECT (trash), "session", g_object_ref (session), g_object_unref);
  g_signal_connect_object (trash, "clicked", G_CALLBACK (delete_clicked_cb), self, 0);

  gtk_box_append (GTK_BOX (box), check);
  gtk_box_append (GTK_BOX (box), text);
  gtk_box_append (GTK_BOX (box), trash);
  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  gtk_widget_set_margin_start (box, 8);
  gtk_widget_set_margin_end (box, 8);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), !damaged);
  g_object_set_data_full (G_OBJECT (row), "session", g_object_ref (session), g_object_unref);
  return row;
}

static void
update_chart (HkHistoryView *self)
{
  Metric m = (Metric) MIN (gtk_drop_down_get_selected (self->metric_dropdown), N_METRICS - 1);
  g_autoptr(GArray) points = g_array_new (FALSE, FALSE, sizeof (HkProgressPoint));
  const char *scenario = chosen_scenario (self);

  for (guint i = 0; i < self->shown->len; i++)
    {
      HkSession *s = g_ptr_array_index (self->shown, i);
      HkProgressPoint p = { g_date_time_to_unix (hk_session_get_created (s)), metric_value (facts_of (self, s), m) };

      g_array_append_val (points, p);
    }

  switch (m)
    {
    case METRIC_INTERRUPTIONS:
      hk_progress_chart_set_points (self->chart, points, metric_label (m), "", 0, 0.0, 0.0);
      break;
    case METRIC_MEAN_GAP:
      hk_progress_chart_set_points (self->chart, points, metric_label (m), _(" s"), 1,
                                    hk_threshold_default (HK_THRESHOLD_RUSHED_GAP),
                                    hk_threshold_default (HK_THRESHOLD_LONG_GAP));
      break;
    case METRIC_TALK_SHARE:
      hk_progress_chart_set_points (self->chart, points, metric_label (m), " %", 0, NAN,
                                    HK_NORM_TALK_SHARE_MAX * 100.0);
      break;
    case METRIC_CHECKLIST:
    case N_METRICS:
    default:
      hk_progress_chart_set_points (self->chart, points, metric_label (m), " %", 0, NAN, NAN);
      break;
    }

  /* The change since the first take, for one scenario. */
  g_clear_pointer (&self->change, g_free);
  if (scenario == NULL)
    self->change = g_strdup (_("Choose a scenario to see how you changed since your first take."));
  else if (self->shown->len < 2)
    self->change = g_strdup (_("Practise this scenario again to see how you change."));
  else
    {
      HkSession *first = g_ptr_array_index (self->shown, 0);
      HkSession *last = g_ptr_array_index (self->shown, self->shown->len - 1);
      GString *text = g_string_new (NULL);
      g_autofree char *date = g_date_time_format (hk_session_get_created (first), "%x");

      /* Translators: %s is the date of the first take */
      g_string_append_printf (text, _("Since your first take on %s:"), date);
      for (Metric k = 0; k < N_METRICS; k++)
        {
          g_autofree char *before = metric_text (k, metric_value (facts_of (self, first), k));
          g_autofree char *after = metric_text (k, metric_value (facts_of (self, last), k));

          /* Translators: a figure and how it changed, e.g. “interruptions 3 → 1” */
          g_string_append_printf (text, _(" %s %s → %s;"), metric_label (k), before, after);
        }
      g_string_truncate (text, text->len - 1);
      g_string_append_c (text, '.');
      self->change = g_string_free (text, FALSE);
    }
  gtk_label_set_text (self->change_label, self->change);
}

static void
update (HkHistoryView *self)
{
  GListModel *store;
  const char *scenario = chosen_scenario (self);
  const char *category = chosen_category (self);
  const char *person = chosen_person (self);
  GtkWidget *child;
  g_autofree char *count = NULL;

  if (self->application == NULL)
    return;
  store = G_LIST_MODEL (hk_application_get_sessions (self->application));

  g_ptr_array_set_size (self->shown, 0);
  for (guint i = 0; i < g_list_model_get_n_items (store); i++)
    {
      g_autoptr(HkSession) s = g_list_model_get_item (store, i);

      if (scenario != NULL && g_strcmp0 (hk_session_get_scenario_id (s), scenario) != 0)
        continue;
      if (category != NULL && g_strcmp0 (category_of (self, s), category) != 0)
        continue;
      if (person != NULL && g_strcmp0 (hk_session_get_trainee (s) ?: "", person) != 0)
        continue;
      g_ptr_array_add (self->shown, g_object_ref (s));
    }
  g_ptr_array_sort (self->shown, by_date);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  /* Newest first in the list. */
  for (guint i = self->shown->len; i > 0; i--)
    gtk_list_box_append (self->list, session_row (self, g_ptr_array_index (self->shown, i - 1)));

  count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u Call", "%u Calls", self->shown->len),
                           self->shown->len);
  gtk_label_set_text (self->count_label, count);
  gtk_stack_set_visible_child_name (self->stack, g_list_model_get_n_items (store) > 0 ? "list" : "empty");
  update_chart (self);
  update_compare (self);
}

static void
fill_scenarios (HkHistoryView *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  GListModel *store = G_LIST_MODEL (hk_application_get_sessions (self->application));
  const char *chosen = chosen_scenario (self);
  g_autofree char *keep = g_strdup (chosen);
  guint selected = 0;

  g_ptr_array_set_size (self->scenario_ids, 0);
  g_ptr_array_add (self->scenario_ids, NULL);
  gtk_string_list_append (names, _("All scenarios"));
  for (guint i = 0; i < g_list_model_get_n_items (store); i++)
    {
      g_autoptr(HkSession) s = g_list_model_get_item (store, i);
      const char *id = hk_session_get_scenario_id (s);
      gboolean seen = FALSE;

      /* Index 0 is “All scenarios”. */
      for (guint k = 1; k < self->scenario_ids->len && !seen; k++)
        seen = g_strcmp0 (g_ptr_array_index (self->scenario_ids, k), id) == 0;
      if (seen)
        continue;
      if (g_strcmp0 (id, keep) == 0)
        selected = self->scenario_ids->len;
      g_ptr_array_add (self->scenario_ids, g_strdup (id));
      gtk_string_list_append (names, hk_session_get_title (s));
    }
  gtk_drop_down_set_model (self->scenario_dropdown, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->scenario_dropdown, selected);
}

/* Everyone who answered a call here; shown only once there is more than
 * one, as in a classroom or after pair practice. */
static void
fill_people (HkHistoryView *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  GListModel *store = G_LIST_MODEL (hk_application_get_sessions (self->application));
  g_autofree char *keep = g_strdup (chosen_person (self));
  guint selected = 0;

  g_ptr_array_set_size (self->people, 0);
  g_ptr_array_add (self->people, NULL);
  gtk_string_list_append (names, _("Everyone"));
  for (guint i = 0; i < g_list_model_get_n_items (store); i++)
    {
      g_autoptr(HkSession) s = g_list_model_get_item (store, i);
      const char *name = hk_session_get_trainee (s) ?: "";
      gboolean seen = FALSE;

      for (guint k = 1; k < self->people->len && !seen; k++)
        seen = g_str_equal (g_ptr_array_index (self->people, k), name);
      if (seen)
        continue;
      if (g_strcmp0 (name, keep) == 0)
        selected = self->people->len;
      g_ptr_array_add (self->people, g_strdup (name));
      gtk_string_list_append (names, *name ? name : _("Not named"));
    }
  gtk_drop_down_set_model (self->person_dropdown, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->person_dropdown, selected);
  gtk_widget_set_visible (GTK_WIDGET (self->person_dropdown), self->people->len > 2);
}

static void
filter_changed_cb (HkHistoryView *self)
{
  update (self);
}

static void
metric_changed_cb (HkHistoryView *self)
{
  update_chart (self);
}

static void
row_activated_cb (HkHistoryView *self,
                  GtkListBoxRow *row)
{
  g_signal_emit (self, signals[OPEN], 0, g_object_get_data (G_OBJECT (row), "session"));
}

static void
grid_cell (GtkGrid    *grid,
           int         column,
           int         row,
           const char *text,
           gboolean    heading)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), column == 0 ? 0.0f : 1.0f);
  gtk_widget_add_css_class (label, heading ? "heading" : "numeric");
  gtk_grid_attach (grid, label, column, row, 1, 1);
}

/* Two takes side by side: the key figures, the markers of each type. */
static void
compare_clicked_cb (HkHistoryView *self)
{
  HkSession *a, *b;
  const Facts *fa, *fb;
  GtkWidget *window, *toolbar, *header, *grid;
  g_autofree char *date_a = NULL;
  g_autofree char *date_b = NULL;
  int row = 1;

  if (self->ticked->len != 2)
    return;
  a = g_ptr_array_index (self->ticked, 0);
  b = g_ptr_array_index (self->ticked, 1);
  if (g_date_time_compare (hk_session_get_created (a), hk_session_get_created (b)) > 0)
    {
      HkSession *t = a;

      a = b;
      b = t;
    }
  fa = facts_of (self, a);
  fb = facts_of (self, b);
  date_a = g_date_time_format (hk_session_get_created (a), "%x %H:%M");
  date_b = g_date_time_format (hk_session_get_created (b), "%x %H:%M");

  grid = gtk_grid_new ();
  gtk_grid_set_column_spacing (GTK_GRID (grid), 24);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 8);
  gtk_widget_set_margin_top (grid, 18);
  gtk_widget_set_margin_bottom (grid, 18);
  gtk_widget_set_margin_start (grid, 18);
  gtk_widget_set_margin_end (grid, 18);
  grid_cell (GTK_GRID (grid), 0, 0, "", TRUE);
  grid_cell (GTK_GRID (grid), 1, 0, date_a, TRUE);
  grid_cell (GTK_GRID (grid), 2, 0, date_b, TRUE);

  for (HkFigure f = 0; f < HK_N_FIGURES; f++, row++)
    {
      g_autofree char *va = hk_figure_format (&fa->figures[f]);
      g_autofree char *vb = hk_figure_format (&fb->figures[f]);

      grid_cell (GTK_GRID (grid), 0, row, hk_figure_label (f), FALSE);
      grid_cell (GTK_GRID (grid), 1, row, fa->analysed ? va : "—", FALSE);
      grid_cell (GTK_GRID (grid), 2, row, fb->analysed ? vb : "—", FALSE);
    }
  {
    g_autofree char *va = metric_text (METRIC_CHECKLIST, metric_value (fa, METRIC_CHECKLIST));
    g_autofree char *vb = metric_text (METRIC_CHECKLIST, metric_value (fb, METRIC_CHECKLIST));

    grid_cell (GTK_GRID (grid), 0, row, metric_label (METRIC_CHECKLIST), FALSE);
    grid_cell (GTK_GRID (grid), 1, row, va, FALSE);
    grid_cell (GTK_GRID (grid), 2, row++, vb, FALSE);
  }
  grid_cell (GTK_GRID (grid), 0, row++, _("Markers"), TRUE);
  for (HkMarkerType t = 0; t < HK_N_MARKER_TYPES; t++, row++)
    {
      /* Translators: how many markers of a type and their total length, e.g. “3 (1.2 s)” */
      g_autofree char *va = g_strdup_printf (_("%u (%.1f s)"), fa->counts[t], fa->times[t]);
      g_autofree char *vb = g_strdup_printf (_("%u (%.1f s)"), fb->counts[t], fb->times[t]);

      grid_cell (GTK_GRID (grid), 0, row, hk_marker_type_label (t), FALSE);
      grid_cell (GTK_GRID (grid), 1, row, va, FALSE);
      grid_cell (GTK_GRID (grid), 2, row, vb, FALSE);
    }

  window = adw_window_new ();
  gtk_window_set_title (GTK_WINDOW (window), _("Two Takes"));
  gtk_window_set_modal (GTK_WINDOW (window), TRUE);
  gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))));
  toolbar = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  header = adw_header_bar_new ();
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), adw_window_title_new (_("Two Takes"),
                                                                                   hk_session_get_title (a)));
  gtk_box_append (GTK_BOX (toolbar), header);
  gtk_box_append (GTK_BOX (toolbar), grid);
  adw_window_set_content (ADW_WINDOW (window), toolbar);
  gtk_widget_add_css_class (window, "compare-takes");
  gtk_window_present (GTK_WINDOW (window));
}

static void
store_changed_cb (HkHistoryView *self)
{
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    hk_history_view_refresh (self);
}

static void
hk_history_view_dispose (GObject *object)
{
  HkHistoryView *self = HK_HISTORY_VIEW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), HK_TYPE_HISTORY_VIEW);
  g_clear_object (&self->application);
  g_clear_pointer (&self->facts, g_hash_table_unref);
  g_clear_pointer (&self->shown, g_ptr_array_unref);
  g_clear_pointer (&self->ticked, g_ptr_array_unref);
  g_clear_pointer (&self->scenario_ids, g_ptr_array_unref);
  g_clear_pointer (&self->people, g_ptr_array_unref);
  g_clear_pointer (&self->change, g_free);

  G_OBJECT_CLASS (hk_history_view_parent_class)->dispose (object);
}

static void
hk_history_view_class_init (HkHistoryViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hk_history_view_dispose;

  /**
   * HkHistoryView::open:
   * @session: the call chosen
   */
  signals[OPEN] = g_signal_new ("open", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                0, NULL, NULL, NULL, G_TYPE_NONE, 1, HK_TYPE_SESSION);

  g_type_ensure (HK_TYPE_PROGRESS_CHART);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/hk-history-view.ui");
  gtk_widget_class_bind_template_child (widget_class, HkHistoryView, stack);
  gtk_widget_class_bind_template_child (widget_class, HkHistoryView, scenario_dropdown);
  gtk_widget_class_bind_template_child (widget_class, HkHistoryView, category_dropdown);
  gtk_widget_class_bind_template_child (widget_class, HkHistoryView, person_dropdown);
  gtk_widget_class_bind_template_child (widget_class, HkHistoryView, metric_dropdown);
  gtk_widget_class_bind_template_child (widget_class, HkHistoryView, compare_button);
  gtk_widget_class_bind_template_child (widget_class, HkHistoryView, chart);
  gtk_widget_class_bind_template_child (widget_class, HkHistoryView, change_label);
  gtk_widget_class_bind_template_child (widget_class, HkHistoryView, count_label);
  gtk_widget_class_bind_template_child (widget_class, HkHistoryView, list);
  gtk_widget_class_bind_template_callback (widget_class, filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, metric_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, compare_clicked_cb);
}

static void
hk_history_view_init (HkHistoryView *self)
{
  g_autoptr(GtkStringList) categories = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) metrics = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  self->facts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->shown = g_ptr_array_new_with_free_func (g_object_unref);
  self->ticked = g_ptr_array_new_with_free_func (g_object_unref);
  self->scenario_ids = g_ptr_array_new_with_free_func (g_free);
  self->people = g_ptr_array_new_with_free_func (g_free);

  gtk_string_list_append (categories, _("All categories"));
  for (guint i = 0; i < hk_vocab_n_items (HK_VOCAB_CATEGORY); i++)
    gtk_string_list_append (categories, hk_vocab_label (HK_VOCAB_CATEGORY, hk_vocab_id (HK_VOCAB_CATEGORY, i)));
  gtk_drop_down_set_model (self->category_dropdown, G_LIST_MODEL (categories));
  for (Metric m = 0; m < N_METRICS; m++)
    gtk_string_list_append (metrics, metric_label (m));
  gtk_drop_down_set_model (self->metric_dropdown, G_LIST_MODEL (metrics));
}

/**
 * hk_history_view_set_application:
 *
 * Shows the sessions of @application.
 */
void
hk_history_view_set_application (HkHistoryView *self,
                                 HkApplication *application)
{
  g_return_if_fail (HK_IS_HISTORY_VIEW (self));

  g_set_object (&self->application, application);
  g_signal_connect_object (hk_application_get_sessions (application), "items-changed",
                           G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);
}

/**
 * hk_history_view_refresh:
 *
 * Reads the sessions again, for calls made or answered since.
 */
void
hk_history_view_refresh (HkHistoryView *self)
{
  g_return_if_fail (HK_IS_HISTORY_VIEW (self));

  if (self->application == NULL)
    return;
  /* Checklists may have been answered since: work the figures out anew. */
  g_hash_table_remove_all (self->facts);
  g_signal_handlers_block_by_func (self->scenario_dropdown, filter_changed_cb, self);
  g_signal_handlers_block_by_func (self->person_dropdown, filter_changed_cb, self);
  fill_scenarios (self);
  fill_people (self);
  g_signal_handlers_unblock_by_func (self->person_dropdown, filter_changed_cb, self);
  g_signal_handlers_unblock_by_func (self->scenario_dropdown, filter_changed_cb, self);
  update (self);
}

guint
hk_history_view_get_n_shown (HkHistoryView *self)
{
  g_return_val_if_fail (HK_IS_HISTORY_VIEW (self), 0);
  return self->shown->len;
}

/**
 * hk_history_view_set_person:
 * @name: (nullable): show the calls this person answered only; "" for
 *   those of no name
 */
void
hk_history_view_set_person (HkHistoryView *self,
                            const char    *name)
{
  g_return_if_fail (HK_IS_HISTORY_VIEW (self));

  for (guint i = 1; name != NULL && i < self->people->len; i++)
    if (g_str_equal (g_ptr_array_index (self->people, i), name))
      {
        gtk_drop_down_set_selected (self->person_dropdown, i);
        return;
      }
  gtk_drop_down_set_selected (self->person_dropdown, 0);
}

/**
 * hk_history_view_set_scenario:
 * @scenario_id: (nullable): show this scenario's calls only
 */
void
hk_history_view_set_scenario (HkHistoryView *self,
                              const char    *scenario_id)
{
  g_return_if_fail (HK_IS_HISTORY_VIEW (self));

  for (guint i = 1; i < self->scenario_ids->len; i++)
    if (g_strcmp0 (g_ptr_array_index (self->scenario_ids, i), scenario_id) == 0)
      {
        gtk_drop_down_set_selected (self->scenario_dropdown, i);
        return;
      }
  gtk_drop_down_set_selected (self->scenario_dropdown, 0);
}

void
hk_history_view_set_metric (HkHistoryView *self,
                            guint          metric)
{
  g_return_if_fail (HK_IS_HISTORY_VIEW (self));
  gtk_drop_down_set_selected (self->metric_dropdown, MIN (metric, N_METRICS - 1));
}

/**
 * hk_history_view_set_compared:
 *
 * Ticks @a and @b, as the trainee would to compare them.
 */
void
hk_history_view_set_compared (HkHistoryView *self,
                              HkSession     *a,
                              HkSession     *b)
{
  g_return_if_fail (HK_IS_HISTORY_VIEW (self));

  g_ptr_array_set_size (self->ticked, 0);
  g_ptr_array_add (self->ticked, g_object_ref (a));
  g_ptr_array_add (self->ticked, g_object_ref (b));
  update (self);
}

/**
 * hk_history_view_get_change:
 *
 * Returns: (nullable): the sentence on the change since the first take
 */
const char *
hk_history_view_get_change (HkHistoryView *self)
{
  g_return_val_if_fail (HK_IS_HISTORY_VIEW (self), NULL);
  return self->change;
}
