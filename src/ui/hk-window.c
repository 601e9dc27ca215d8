/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hk-window"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "hk-checklist-view.h"
#include "hk-class-report-dialog.h"
#include "hk-history-view.h"
#include "hk-lang.h"
#include "hk-partner-feedback-view.h"
#include "hk-practice-view.h"
#include "hk-report-export.h"
#include "hk-review-view.h"
#include "hk-scenario-page.h"
#include "hk-scenario-problem.h"
#include "hk-scenario-row.h"
#include "hk-session-bundle.h"
#include "hk-task-dialog.h"
#include "hk-vocab.h"
#include "hk-window.h"

struct _HkWindow
{
  AdwApplicationWindow  parent_instance;

  HkApplication        *application;
  GSettings            *settings;
  HkScenarioLibrary    *library;
  GtkCustomFilter      *filter;
  GtkFilterListModel   *filtered;
  GtkSortListModel     *sorted;
  char                 *search;
  char                 *selected_id;

  AdwLeaflet           *leaflet;
  AdwWindowTitle       *library_title;
  GtkLabel             *language_label;
  GMenu                *language_menu_section;
  GtkToggleButton      *search_button;
  GtkSearchBar         *search_bar;
  GtkSearchEntry       *search_entry;
  GtkDropDown          *category_dropdown;
  GtkDropDown          *difficulty_dropdown;
  GtkInfoBar           *problems_bar;
  GtkLabel             *problems_label;
  GtkStack             *list_stack;
  GtkListBox           *scenario_list;
  GtkWidget            *content;
  AdwWindowTitle       *content_title;
  GtkStack             *content_stack;
  HkScenarioPage       *scenario_page;
  GtkStack             *main_stack;
  AdwWindowTitle       *practice_title;
  HkPracticeView       *practice_view;
  AdwViewSwitcherTitle *review_title;
  AdwViewStack         *review_stack;
  HkReviewView         *review_view;
  HkChecklistView      *checklist_view;
  AdwViewStackPage     *partner_page;
  HkPartnerFeedbackView *partner_view;
  HkHistoryView        *history_view;
  char                 *came_from;     /* the page the review was opened from */
  gboolean              close_confirmed;
};

G_DEFINE_FINAL_TYPE (HkWindow, hk_window, ADW_TYPE_APPLICATION_WINDOW)

static const char *
practice_language (HkWindow *self)
{
  return hk_application_get_practice_language (self->application);
}

static const char *
selected_category (HkWindow *self)
{
  guint pos = gtk_drop_down_get_selected (self->category_dropdown);

  /* Position 0 is “All categories”. */
  if (pos == 0 || pos == GTK_INVALID_LIST_POSITION)
    return NULL;
  return hk_vocab_id (HK_VOCAB_CATEGORY, pos - 1);
}

static int
selected_difficulty (HkWindow *self)
{
  guint pos = gtk_drop_down_get_selected (self->difficulty_dropdown);

  return pos == GTK_INVALID_LIST_POSITION ? 0 : (int) pos;
}

static gboolean
filter_func (gpointer item,
             gpointer user_data)
{
  HkWindow *self = user_data;
  HkScenario *scenario = item;
  const char *category = selected_category (self);
  int difficulty = selected_difficulty (self);

  if (category != NULL && g_strcmp0 (category, hk_scenario_get_category (scenario)) != 0)
    return FALSE;
  if (difficulty != 0 && difficulty != hk_scenario_get_difficulty (scenario))
    return FALSE;
  if (self->search != NULL && !hk_scenario_matches (scenario, practice_language (self), self->search))
    return FALSE;

  return TRUE;
}

static guint
category_rank (const char *category)
{
  for (guint i = 0; i < hk_vocab_n_items (HK_VOCAB_CATEGORY); i++)
    if (g_strcmp0 (hk_vocab_id (HK_VOCAB_CATEGORY, i), category) == 0)
      return i;
  return G_MAXUINT;
}

/* Category in the vocabulary's order, then gentle before hard, then title. */
static int
sort_func (gconstpointer a,
           gconstpointer b,
           gpointer      user_data)
{
  HkWindow *self = user_data;
  HkScenario *sa = (HkScenario *) a;
  HkScenario *sb = (HkScenario *) b;
  guint ca = category_rank (hk_scenario_get_category (sa));
  guint cb = category_rank (hk_scenario_get_category (sb));
  g_autofree char *ta = NULL;
  g_autofree char *tb = NULL;

  if (ca != cb)
    return ca < cb ? -1 : 1;
  if (hk_scenario_get_difficulty (sa) != hk_scenario_get_difficulty (sb))
    return hk_scenario_get_difficulty (sa) - hk_scenario_get_difficulty (sb);

  ta = g_utf8_collate_key (hk_scenario_get_title (sa, practice_language (self), NULL), -1);
  tb = g_utf8_collate_key (hk_scenario_get_title (sb, practice_language (self), NULL), -1);
  return g_strcmp0 (ta, tb);
}

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  HkWindow *self = user_data;

  return hk_scenario_row_new (HK_SCENARIO (item), practice_language (self));
}

static void
update_title (HkWindow *self)
{
  guint total = g_list_model_get_n_items (G_LIST_MODEL (self->library));
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->filtered));
  g_autofree char *subtitle = NULL;

  if (shown == total)
    subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u scenario", "%u scenarios", total),
                                total);
  else
    /* Translators: shown when filters hide some scenarios, e.g. “4 of 18 scenarios” */
    subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u scenario",
                                             "%u of %u scenarios", total),
                                shown, total);
  adw_window_title_set_subtitle (self->library_title, subtitle);

  gtk_stack_set_visible_child_name (self->list_stack, shown > 0 ? "list" : "empty");
}

static void
show_page (HkWindow   *self,
           HkScenario *scenario)
{
  if (scenario == NULL)
    {
      g_clear_pointer (&self->selected_id, g_free);
      adw_window_title_set_title (self->content_title, "");
      gtk_stack_set_visible_child_name (self->content_stack, "none");
      hk_scenario_page_set_scenario (self->scenario_page, NULL, NULL);
      return;
    }

  g_free (self->selected_id);
  self->selected_id = g_strdup (hk_scenario_get_id (scenario));
  adw_window_title_set_title (self->content_title,
                              hk_scenario_get_title (scenario, practice_language (self), NULL));
  hk_scenario_page_set_scenario (self->scenario_page, scenario, practice_language (self));
  gtk_stack_set_visible_child_name (self->content_stack, "scenario");
}

static GtkListBoxRow *
find_row (HkWindow   *self,
          const char *id)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->scenario_list));
       child != NULL && id != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (HK_IS_SCENARIO_ROW (child) &&
          g_strcmp0 (hk_scenario_get_id (hk_scenario_row_get_scenario (HK_SCENARIO_ROW (child))), id) == 0)
        return GTK_LIST_BOX_ROW (child);
    }

  return NULL;
}

/* Keeps the scenario the user was reading across reloads, language
 * switches and filter changes, when it is still in the list. */
static void
restore_selection (HkWindow *self)
{
  g_autofree char *id = g_strdup (self->selected_id);
  GtkListBoxRow *row = find_row (self, id);

  if (row != NULL)
    {
      gtk_list_box_select_row (self->scenario_list, row);
      show_page (self, hk_scenario_row_get_scenario (HK_SCENARIO_ROW (row)));
    }
  else if (!adw_leaflet_get_folded (self->leaflet) || id == NULL ||
           hk_scenario_library_lookup (self->library, id) == NULL)
    {
      gtk_list_box_unselect_all (self->scenario_list);
      show_page (self, id ? hk_scenario_library_lookup (self->library, id) : NULL);
    }
}

static void
rebuild_rows (HkWindow *self)
{
  gtk_list_box_bind_model (self->scenario_list, G_LIST_MODEL (self->sorted),
                           create_row, self, NULL);
  update_title (self);
  restore_selection (self);
}

static void
update_language (HkWindow *self)
{
  gtk_label_set_text (self->language_label, hk_lang_endonym (practice_language (self)));
  gtk_sorter_changed (gtk_sort_list_model_get_sorter (self->sorted), GTK_SORTER_CHANGE_DIFFERENT);
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  rebuild_rows (self);
}

static void
practice_language_changed_cb (HkWindow   *self,
                              GParamSpec *pspec,
                              GObject    *application)
{
  update_language (self);
}

static void
update_problems (HkWindow *self)
{
  guint n = hk_scenario_library_count_errors (self->library, TRUE);
  g_autofree char *text = NULL;

  gtk_info_bar_set_revealed (self->problems_bar, n > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->problems_bar), n > 0);
  if (n == 0)
    return;

  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "%u problem stopped your own scenarios from loading.",
                                       "%u problems stopped your own scenarios from loading.", n),
                          n);
  gtk_label_set_text (self->problems_label, text);
}

static void
library_reloaded_cb (HkWindow          *self,
                     HkScenarioLibrary *library)
{
  update_problems (self);
  update_title (self);
  restore_selection (self);
}

static void
filtered_items_changed_cb (HkWindow   *self,
                           guint       position,
                           guint       removed,
                           guint       added,
                           GListModel *model)
{
  update_title (self);
}

static void
filter_changed_cb (HkWindow *self)
{
  const char *category = selected_category (self);

  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  g_settings_set_string (self->settings, "category-filter", category ? category : "");
  g_settings_set_int (self->settings, "difficulty-filter", selected_difficulty (self));
  restore_selection (self);
}

static void
search_changed_cb (HkWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  g_clear_pointer (&self->search, g_free);
  if (text != NULL && *text != '\0')
    self->search = g_strdup (text);

  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  restore_selection (self);
}

static void
stop_search_cb (HkWindow *self)
{
  gtk_toggle_button_set_active (self->search_button, FALSE);
}

static void
search_activate_cb (HkWindow *self)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->scenario_list, 0);

  /* Enter in the search field opens the first match. */
  if (row != NULL)
    {
      gtk_list_box_select_row (self->scenario_list, row);
      g_signal_emit_by_name (self->scenario_list, "row-activated", row);
    }
}

static void
row_selected_cb (HkWindow      *self,
                 GtkListBoxRow *row)
{
  if (row == NULL)
    return;

  show_page (self, hk_scenario_row_get_scenario (HK_SCENARIO_ROW (row)));
}

static void
row_activated_cb (HkWindow      *self,
                  GtkListBoxRow *row)
{
  show_page (self, hk_scenario_row_get_scenario (HK_SCENARIO_ROW (row)));
  adw_leaflet_set_visible_child (self->leaflet, self->content);
}

static void
leaflet_folded_cb (HkWindow *self)
{
  /* When folded, the list stays in front until the user picks a row. */
  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child (self->leaflet,
                                   gtk_widget_get_parent (GTK_WIDGET (self->list_stack)));
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  HkWindow *self = HK_WINDOW (widget);

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
  if (gtk_list_box_get_selected_row (self->scenario_list) != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (gtk_list_box_get_selected_row (self->scenario_list)));
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  HkWindow *self = HK_WINDOW (widget);

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
  gtk_toggle_button_set_active (self->search_button, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
clear_filters_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  HkWindow *self = HK_WINDOW (widget);

  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  gtk_toggle_button_set_active (self->search_button, FALSE);
  gtk_drop_down_set_selected (self->category_dropdown, 0);
  gtk_drop_down_set_selected (self->difficulty_dropdown, 0);
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  hk_scenario_library_reload (HK_WINDOW (widget)->library);
}

static void
open_scenario_folder_action (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *parameter)
{
  HkWindow *self = HK_WINDOW (widget);
  const char *dir = hk_scenario_library_get_user_dir (self->library);
  g_autoptr(GFile) file = g_file_new_for_path (dir);
  g_autofree char *uri = g_file_get_uri (file);

  g_mkdir_with_parents (dir, 0755);
  gtk_show_uri (GTK_WINDOW (self), uri, GDK_CURRENT_TIME);
}

/* Turns to the practice page for @scenario; %FALSE when there is none
 * or a call is already under way. */
static gboolean
open_practice (HkWindow   *self,
               HkScenario *scenario)
{
  if (scenario == NULL || hk_practice_view_is_busy (self->practice_view))
    return FALSE;

  hk_review_view_unload (self->review_view);
  adw_window_title_set_title (self->practice_title,
                              hk_scenario_get_title (scenario, practice_language (self), NULL));
  gtk_stack_set_visible_child_name (self->main_stack, "practice");
  return TRUE;
}

static void
practise (HkWindow   *self,
          HkScenario *scenario)
{
  if (open_practice (self, scenario))
    hk_practice_view_start (self->practice_view, self->application, scenario, practice_language (self));
}

static void
practise_pair (HkWindow   *self,
               HkScenario *scenario,
               const char *partner_a,
               const char *partner_b,
               const char *pair_id,
               guint       round)
{
  if (open_practice (self, scenario))
    hk_practice_view_start_pair (self->practice_view, self->application, scenario, practice_language (self),
                                 partner_a, partner_b, pair_id, round);
}

static char *
entry_text (GtkWidget *row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

static void
pair_names_changed_cb (GtkEditable      *editable,
                       AdwMessageDialog *dialog)
{
  g_autofree char *a = entry_text (g_object_get_data (G_OBJECT (dialog), "hk-partner-a"));
  g_autofree char *b = entry_text (g_object_get_data (G_OBJECT (dialog), "hk-partner-b"));

  adw_message_dialog_set_response_enabled (dialog, "start", *a != '\0' && *b != '\0' && g_strcmp0 (a, b) != 0);
}

static void
pair_response_cb (AdwMessageDialog *dialog,
                  const char       *response,
                  HkWindow         *self)
{
  g_autofree char *a = entry_text (g_object_get_data (G_OBJECT (dialog), "hk-partner-a"));
  g_autofree char *b = entry_text (g_object_get_data (G_OBJECT (dialog), "hk-partner-b"));

  if (g_str_equal (response, "preferences"))
    gtk_widget_activate_action (GTK_WIDGET (self), "app.preferences", NULL);
  else if (g_str_equal (response, "start"))
    practise_pair (self, hk_scenario_page_get_scenario (self->scenario_page), a, b, NULL, 1);
}

/* Who is who, before a pair's first round. */
static void
practise_pair_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  HkWindow *self = HK_WINDOW (widget);
  GtkWidget *dialog, *list, *a, *b;

  if (!g_str_equal (gtk_stack_get_visible_child_name (self->main_stack), "library") ||
      hk_scenario_page_get_scenario (self->scenario_page) == NULL)
    return;

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Practise in Pairs"),
                                   _("Partner A plays the customer and reads each line from the screen; "
                                     "partner B answers. In round two you swap. Each of you gets your own "
                                     "results from the round you answered in."));
  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  a = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (a), _("Partner A, the customer"));
  b = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (b), _("Partner B, who answers"));
  gtk_list_box_append (GTK_LIST_BOX (list), a);
  gtk_list_box_append (GTK_LIST_BOX (list), b);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), list);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "preferences", _("_Microphones…"),
                                    "start", _("_Start"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "start", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "start", FALSE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "start");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "hk-partner-a", a);
  g_object_set_data (G_OBJECT (dialog), "hk-partner-b", b);
  g_signal_connect (a, "changed", G_CALLBACK (pair_names_changed_cb), dialog);
  g_signal_connect (b, "changed", G_CALLBACK (pair_names_changed_cb), dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (pair_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (a);
}

static void
round_two_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       HkWindow         *self)
{
  GPtrArray *ids = g_object_get_data (G_OBJECT (dialog), "hk-scenario-ids");
  GtkDropDown *choice = g_object_get_data (G_OBJECT (dialog), "hk-scenario-choice");
  HkSession *session = hk_review_view_get_session (self->review_view);
  guint pos = gtk_drop_down_get_selected (choice);
  HkScenario *scenario;

  if (!g_str_equal (response, "start") || session == NULL || pos >= ids->len)
    return;
  scenario = hk_scenario_library_lookup (self->library, g_ptr_array_index (ids, pos));
  /* Who answered now plays the customer, and the other way round. */
  practise_pair (self, scenario, hk_session_get_partner (session, HK_PARTNER_B),
                 hk_session_get_partner (session, HK_PARTNER_A), hk_session_get_pair_id (session), 2);
}

/* Round two: roles swapped, on the same scenario or another. */
static void
swap_roles_cb (HkWindow *self)
{
  HkSession *session = hk_review_view_get_session (self->review_view);
  g_autoptr(GtkStringList) titles = gtk_string_list_new (NULL);
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *body = NULL;
  GtkWidget *dialog, *choice;
  guint selected = 0;

  if (session == NULL || !hk_session_is_pair (session))
    {
      gtk_stack_set_visible_child_name (self->main_stack, "library");
      g_ptr_array_unref (ids);
      return;
    }

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->library)); i++)
    {
      g_autoptr(HkScenario) sc = g_list_model_get_item (G_LIST_MODEL (self->library), i);

      if (g_strcmp0 (hk_scenario_get_id (sc), hk_session_get_scenario_id (session)) == 0)
        selected = ids->len;
      g_ptr_array_add (ids, g_strdup (hk_scenario_get_id (sc)));
      gtk_string_list_append (titles, hk_scenario_get_title (sc, practice_language (self), NULL));
    }

  /* Translators: the partners of round two: who now plays the customer, who answers */
  body = g_strdup_printf (_("%s now plays the customer and %s answers, on this scenario or another."),
                          hk_session_get_partner (session, HK_PARTNER_B), hk_session_get_partner (session, HK_PARTNER_A));
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Round Two"), body);
  choice = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (titles)), NULL);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (choice), selected);
  gtk_accessible_update_property (GTK_ACCESSIBLE (choice), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Scenario"), -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), choice);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "start", _("_Start Round Two"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "start", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "start");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "hk-scenario-ids", ids, (GDestroyNotify) g_ptr_array_unref);
  g_object_set_data (G_OBJECT (dialog), "hk-scenario-choice", choice);
  g_signal_connect_object (dialog, "response", G_CALLBACK (round_two_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
practise_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  HkWindow *self = HK_WINDOW (widget);

  if (!g_str_equal (gtk_stack_get_visible_child_name (self->main_stack), "library"))
    return;
  practise (self, hk_scenario_page_get_scenario (self->scenario_page));
}

static void
practice_finished_cb (HkWindow  *self,
                      HkSession *session)
{
  hk_window_show_session (self, session);
}

static void
practice_closed_cb (HkWindow *self)
{
  gtk_stack_set_visible_child_name (self->main_stack, "library");
}

static void
try_again_cb (HkWindow *self)
{
  HkSession *session = hk_review_view_get_session (self->review_view);
  HkScenario *scenario = session ? hk_scenario_library_lookup (self->library, hk_session_get_scenario_id (session))
                                 : NULL;

  if (scenario == NULL)
    {
      /* The scenario was removed since: back to the list. */
      gtk_stack_set_visible_child_name (self->main_stack, "library");
      return;
    }
  /* A pair tries the same round again, in the same roles. */
  if (hk_session_is_pair (session))
    practise_pair (self, scenario, hk_session_get_partner (session, HK_PARTNER_A),
                   hk_session_get_partner (session, HK_PARTNER_B), hk_session_get_pair_id (session),
                   hk_session_get_round (session));
  else
    practise (self, scenario);
}

static void
review_loaded_cb (HkWindow *self)
{
  HkSession *session = hk_review_view_get_session (self->review_view);

  hk_checklist_view_set_session (self->checklist_view, session, hk_review_view_get_analysis (self->review_view));
  /* A pair's round: the customer's partner says how it felt. */
  hk_partner_feedback_view_set_session (self->partner_view, session);
  adw_view_stack_page_set_visible (self->partner_page, hk_session_is_pair (session));
}

static void
checklist_seek_cb (HkWindow *self,
                   double    seconds)
{
  adw_view_stack_set_visible_child_name (self->review_stack, "replay");
  hk_review_view_play_moment (self->review_view, seconds);
}

static void
library_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  HkWindow *self = HK_WINDOW (widget);
  const char *page = gtk_stack_get_visible_child_name (self->main_stack);

  if (g_str_equal (page, "review"))
    {
      hk_checklist_view_set_session (self->checklist_view, NULL, NULL);
      hk_review_view_unload (self->review_view);
      /* Back where the review was opened from. */
      if (g_strcmp0 (self->came_from, "history") == 0)
        {
          hk_history_view_refresh (self->history_view);
          gtk_stack_set_visible_child_name (self->main_stack, "history");
          return;
        }
    }
  else if (!g_str_equal (page, "history"))
    return;
  gtk_stack_set_visible_child_name (self->main_stack, "library");
}

static void
history_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  HkWindow *self = HK_WINDOW (widget);
  const char *page = gtk_stack_get_visible_child_name (self->main_stack);

  if (!g_str_equal (page, "library") && !g_str_equal (page, "review"))
    return;
  if (g_str_equal (page, "review"))
    {
      hk_checklist_view_set_session (self->checklist_view, NULL, NULL);
      hk_review_view_unload (self->review_view);
    }
  hk_history_view_refresh (self->history_view);
  gtk_stack_set_visible_child_name (self->main_stack, "history");
}

static void
history_open_cb (HkWindow  *self,
                 HkSession *session)
{
  hk_window_show_session (self, session);
  g_free (self->came_from);
  self->came_from = g_strdup ("history");
}

static void
problems_response_folder_cb (HkWindow *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.open-scenario-folder", NULL);
}

static void
show_problems_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  HkWindow *self = HK_WINDOW (widget);
  GListModel *problems = hk_scenario_library_get_problems (self->library);
  g_autoptr(GString) text = g_string_new (NULL);
  GtkWidget *dialog, *scroller, *label;
  const char *user_dir = hk_scenario_library_get_user_dir (self->library);

  for (guint i = 0; i < g_list_model_get_n_items (problems); i++)
    {
      g_autoptr(HkScenarioProblem) p = g_list_model_get_item (problems, i);
      g_autofree char *line = NULL;

      if (user_dir != NULL && !g_str_has_prefix (hk_scenario_problem_get_file (p), user_dir))
        continue;
      line = hk_scenario_problem_to_string (p);
      g_string_append_printf (text, "%s%s", text->len ? "\n\n" : "", line);
    }

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Scenarios That Did Not Load"),
                                   NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("Mend these files in %s; Hearken reloads them as soon as "
                                    "they are saved. You can check a file with "
                                    "“hearken-cli validate FILE”."), user_dir);

  label = gtk_label_new (text->str);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_label_set_yalign (GTK_LABEL (label), 0.0f);
  gtk_widget_add_css_class (label, "monospace");
  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scroller), 160);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller), 360);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), label);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), scroller);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "folder", _("_Open Folder"),
                                    "close", _("_Close"),
                                    NULL);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "close");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "close");
  g_signal_connect_object (dialog, "response::folder",
                           G_CALLBACK (problems_response_folder_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
fill_dropdowns (HkWindow *self)
{
  g_autoptr(GtkStringList) categories = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) difficulties = gtk_string_list_new (NULL);
  g_autofree char *category = g_settings_get_string (self->settings, "category-filter");
  guint category_pos = 0;

  gtk_string_list_append (categories, _("All categories"));
  for (guint i = 0; i < hk_vocab_n_items (HK_VOCAB_CATEGORY); i++)
    {
      const char *id = hk_vocab_id (HK_VOCAB_CATEGORY, i);

      gtk_string_list_append (categories, hk_vocab_label (HK_VOCAB_CATEGORY, id));
      if (g_str_equal (id, category))
        category_pos = i + 1;
    }

  gtk_string_list_append (difficulties, _("Any difficulty"));
  for (int level = HK_DIFFICULTY_MIN; level <= HK_DIFFICULTY_MAX; level++)
    gtk_string_list_append (difficulties, hk_difficulty_label (level));

  gtk_drop_down_set_model (self->category_dropdown, G_LIST_MODEL (categories));
  gtk_drop_down_set_model (self->difficulty_dropdown, G_LIST_MODEL (difficulties));
  gtk_drop_down_set_selected (self->category_dropdown, category_pos);
  gtk_drop_down_set_selected (self->difficulty_dropdown,
                              (guint) g_settings_get_int (self->settings, "difficulty-filter"));
}

static void
fill_language_menu (HkWindow *self)
{
  for (const char * const *l = hk_lang_content_languages (); *l; l++)
    {
      g_autoptr(GMenuItem) item = g_menu_item_new (hk_lang_endonym (*l), NULL);

      g_menu_item_set_action_and_target (item, "app.practice-language", "s", *l);
      g_menu_append_item (self->language_menu_section, item);
    }
}

static void
save_window_state (HkWindow *self)
{
  int width, height;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_set_boolean (self->settings, "window-maximized",
                          gtk_window_is_maximized (GTK_WINDOW (self)));
  if (!gtk_window_is_maximized (GTK_WINDOW (self)))
    {
      g_settings_set_int (self->settings, "window-width", MAX (width, 360));
      g_settings_set_int (self->settings, "window-height", MAX (height, 294));
    }
}

static void
close_response_cb (AdwMessageDialog *dialog,
                   const char       *response,
                   HkWindow         *self)
{
  if (!g_str_equal (response, "close"))
    return;
  self->close_confirmed = TRUE;
  gtk_window_close (GTK_WINDOW (self));
}

static gboolean
hk_window_close_request (GtkWindow *window)
{
  HkWindow *self = HK_WINDOW (window);

  /* A call in progress is not ended by a stray click. */
  if (!self->close_confirmed && hk_practice_view_is_busy (self->practice_view))
    {
      GtkWidget *dialog = adw_message_dialog_new (window, _("End the Call and Close?"),
                                                  _("The call is still running. What was recorded is "
                                                    "kept, and analysed the next time you open Hearken."));

      adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                        "keep", _("_Keep Practising"),
                                        "close", _("_End Call and Close"),
                                        NULL);
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "close",
                                                  ADW_RESPONSE_DESTRUCTIVE);
      adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "keep");
      adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "keep");
      g_signal_connect_object (dialog, "response", G_CALLBACK (close_response_cb), self, 0);
      gtk_window_present (GTK_WINDOW (dialog));
      return TRUE;
    }

  save_window_state (self);
  return GTK_WINDOW_CLASS (hk_window_parent_class)->close_request (window);
}

/* GtkWindow:application is not a construct property, so the window is
 * wired to its application here, once it has one. */
/* Moving sessions between machines */

typedef struct {
  HkSession *session;
  char      *path;
} ExportBundle;

static void
export_bundle_free (gpointer data)
{
  ExportBundle *e = data;

  g_object_unref (e->session);
  g_free (e->path);
  g_free (e);
}

static void
bundle_progress_cb (goffset  current,
                    goffset  total,
                    gpointer user_data)
{
  hk_task_dialog_set_progress (user_data, total > 0 ? (double) current / (double) total : -1.0, NULL);
}

static gboolean
export_bundle_thread (HkTaskDialog  *dialog,
                      gpointer       data,
                      GCancellable  *cancellable,
                      char         **summary,
                      GError       **error)
{
  ExportBundle *e = data;
  g_autofree char *name = g_path_get_basename (e->path);

  if (!hk_session_bundle_export_full (e->session, e->path, bundle_progress_cb, dialog, cancellable, error))
    return FALSE;
  /* Translators: %s is a file name */
  *summary = g_strdup_printf (_("The call is in “%s”, ready to take to another computer and import there."), name);
  return TRUE;
}

static void
export_session_response_cb (GtkNativeDialog *chooser,
                            int              response,
                            HkWindow        *self)
{
  g_autoptr(GFile) file = NULL;
  HkSession *session = hk_review_view_get_session (self->review_view);
  ExportBundle *e;

  if (response == GTK_RESPONSE_ACCEPT && session != NULL &&
      (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser))) != NULL)
    {
      e = g_new0 (ExportBundle, 1);
      e->session = g_object_ref (session);
      e->path = g_file_get_path (file);
      if (!g_str_has_suffix (e->path, HK_SESSION_BUNDLE_SUFFIX))
        {
          char *with = g_strconcat (e->path, HK_SESSION_BUNDLE_SUFFIX, NULL);

          g_free (e->path);
          e->path = with;
        }
      hk_task_dialog_run (GTK_WINDOW (self), _("Exporting the Call"), export_bundle_thread, e, export_bundle_free);
    }
  g_object_unref (chooser);
}

static GtkFileFilter *
bundle_filter (void)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Hearken calls"));
  gtk_file_filter_add_pattern (filter, "*" HK_SESSION_BUNDLE_SUFFIX);
  return filter;
}

static void
export_session_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  HkWindow *self = HK_WINDOW (widget);
  HkSession *session = hk_review_view_get_session (self->review_view);
  GtkFileChooserNative *chooser;
  g_autofree char *name = NULL;

  if (session == NULL)
    return;
  chooser = gtk_file_chooser_native_new (_("Export the Call"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), NULL);
  name = g_strconcat (hk_session_get_id (session), HK_SESSION_BUNDLE_SUFFIX, NULL);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), bundle_filter ());
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect_object (chooser, "response", G_CALLBACK (export_session_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

typedef struct {
  HkSessionStore *store;
  GPtrArray      *paths;
  GStrvBuilder   *ids;     /* those imported or already here */
  HkWindow       *window;
} ImportBundles;

static void
import_bundles_free (gpointer data)
{
  ImportBundles *im = data;

  g_object_unref (im->store);
  g_ptr_array_unref (im->paths);
  g_strv_builder_unref (im->ids);
  g_object_unref (im->window);
  g_free (im);
}

/* Each bundle in turn; one refused does not stop the others. Fails only
 * when none could be imported, and says why for each. */
static gboolean
import_bundles_thread (HkTaskDialog  *dialog,
                       gpointer       data,
                       GCancellable  *cancellable,
                       char         **summary,
                       GError       **error)
{
  ImportBundles *im = data;
  g_autoptr(GString) out = g_string_new (NULL);
  guint imported = 0, already = 0, refused = 0;

  for (guint i = 0; i < im->paths->len; i++)
    {
      const char *path = g_ptr_array_index (im->paths, i);
      g_autofree char *name = g_path_get_basename (path);
      g_autofree char *id = NULL;
      g_autoptr(GError) local = NULL;
      HkSessionBundleImport result;

      hk_task_dialog_set_progress (dialog, (double) i / im->paths->len, name);
      result = hk_session_bundle_import (im->store, path, cancellable, &id, &local);
      if (g_cancellable_is_cancelled (cancellable))
        return g_cancellable_set_error_if_cancelled (cancellable, error), FALSE;

      if (result != HK_SESSION_BUNDLE_IMPORT_FAILED && id != NULL)
        g_strv_builder_add (im->ids, id);
      if (result == HK_SESSION_BUNDLE_IMPORTED)
        imported++;
      else if (result == HK_SESSION_BUNDLE_ALREADY_IMPORTED)
        already++;
      else
        {
          refused++;
          /* Translators: a bundle that was not imported, and why */
          g_string_append_printf (out, _("“%s” was not imported: %s"), name, local ? local->message : "");
          g_string_append_c (out, '\n');
        }
    }

  if (imported + already == 0)
    {
      g_set_error_literal (error, HK_SESSION_BUNDLE_ERROR, HK_SESSION_BUNDLE_ERROR_NOT_BUNDLE,
                           g_strstrip (out->str));
      return FALSE;
    }
  {
    g_autofree char *counts = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u call imported",
                                                            "%u calls imported", imported), imported);

    g_string_prepend_c (out, '\n');
    if (already > 0)
      {
        g_autofree char *again = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                               "%u was here already and was left as it was.",
                                                               "%u were here already and were left as they were.",
                                                               already), already);

        g_string_prepend (out, again);
        g_string_prepend (out, "; ");
      }
    g_string_prepend (out, counts);
  }
  *summary = g_strdup (g_strstrip (out->str));
  return TRUE;
}

static void
import_done_cb (HkTaskDialog *dialog,
                const char   *response,
                HkWindow     *self)
{
  hk_session_store_reload (hk_application_get_sessions (self->application));

  if (g_str_equal (response, "class-report"))
    {
      ImportBundles *im = g_object_get_data (G_OBJECT (dialog), "hk-import");
      g_auto(GStrv) ids = g_strv_builder_end (im->ids);
      HkClassReportDialog *report;

      report = hk_class_report_dialog_new (GTK_WINDOW (self), hk_application_get_sessions (self->application),
                                           (const char * const *) ids);
      gtk_window_present (GTK_WINDOW (report));
    }
}

/* Once calls are in, a trainer may want their report at once. */
static void
import_finished_cb (HkTaskDialog *dialog,
                    GParamSpec   *pspec,
                    HkWindow     *self)
{
  if (hk_task_dialog_is_done (dialog) && hk_task_dialog_succeeded (dialog))
    {
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "class-report", _("Class _Report…"));
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "class-report",
                                                  ADW_RESPONSE_SUGGESTED);
    }
}

/**
 * hk_window_import_files:
 * @files: (element-type GFile): bundles to import
 *
 * Imports @files into the sessions, showing progress and then what
 * became of each.
 */
void
hk_window_import_files (HkWindow *self,
                        GSList   *files)
{
  ImportBundles *im;
  HkTaskDialog *dialog;

  g_return_if_fail (HK_IS_WINDOW (self));

  if (files == NULL)
    return;
  im = g_new0 (ImportBundles, 1);
  im->store = g_object_ref (hk_application_get_sessions (self->application));
  im->paths = g_ptr_array_new_with_free_func (g_free);
  im->ids = g_strv_builder_new ();
  im->window = g_object_ref (self);
  for (GSList *l = files; l != NULL; l = l->next)
    {
      char *path = g_file_get_path (l->data);

      if (path != NULL)
        g_ptr_array_add (im->paths, path);
    }
  dialog = hk_task_dialog_run (GTK_WINDOW (self), _("Importing Calls"), import_bundles_thread, im,
                               import_bundles_free);
  g_object_set_data (G_OBJECT (dialog), "hk-import", im);
  g_signal_connect_object (dialog, "response", G_CALLBACK (import_done_cb), self, 0);
  g_signal_connect_object (dialog, "notify::body", G_CALLBACK (import_finished_cb), self, 0);
}

static void
import_response_cb (GtkNativeDialog *chooser,
                    int              response,
                    HkWindow        *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (chooser));
      GSList *list = NULL;

      for (guint i = g_list_model_get_n_items (files); i > 0; i--)
        list = g_slist_prepend (list, g_list_model_get_item (files, i - 1));
      hk_window_import_files (self, list);
      g_slist_free_full (list, g_object_unref);
    }
  g_object_unref (chooser);
}

static void
import_sessions_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  HkWindow *self = HK_WINDOW (widget);
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Import Calls"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Import"), NULL);
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (chooser), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), bundle_filter ());
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect_object (chooser, "response", G_CALLBACK (import_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

typedef struct {
  HkSession      *session;
  HkReportFormat  format;
  char           *lang;
  gboolean        embed_audio;
  char           *path;
} ExportReport;

static void
export_report_free (gpointer data)
{
  ExportReport *e = data;

  g_object_unref (e->session);
  g_free (e->lang);
  g_free (e->path);
  g_free (e);
}

static gboolean
export_report_thread (HkTaskDialog  *dialog,
                      gpointer       data,
                      GCancellable  *cancellable,
                      char         **summary,
                      GError       **error)
{
  ExportReport *e = data;
  g_autofree char *name = g_path_get_basename (e->path);

  hk_task_dialog_set_progress (dialog, -1.0, name);
  if (!hk_report_export_session (e->session, e->format, e->lang, e->embed_audio, e->path, cancellable, error))
    return FALSE;
  hk_task_dialog_set_result_file (dialog, e->path);
  /* Translators: %s is a file name */
  *summary = g_strdup_printf (_("The report is in “%s”."), name);
  return TRUE;
}

static void
export_report_response_cb (GtkNativeDialog *chooser,
                           int              response,
                           HkWindow        *self)
{
  g_autoptr(GFile) file = NULL;
  HkSession *session = hk_review_view_get_session (self->review_view);

  if (response == GTK_RESPONSE_ACCEPT && session != NULL &&
      (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser))) != NULL)
    {
      ExportReport *e = g_new0 (ExportReport, 1);
      const char *format = gtk_file_chooser_get_choice (GTK_FILE_CHOOSER (chooser), "format");
      const char *lang = gtk_file_chooser_get_choice (GTK_FILE_CHOOSER (chooser), "language");
      const char *audio = gtk_file_chooser_get_choice (GTK_FILE_CHOOSER (chooser), "audio");
      const char *suffix;

      e->session = g_object_ref (session);
      if (!hk_report_format_parse (format, &e->format))
        e->format = HK_REPORT_FORMAT_PDF;
      e->lang = lang != NULL && *lang != '\0' ? g_strdup (lang) : NULL;
      e->embed_audio = e->format == HK_REPORT_FORMAT_HTML && g_strcmp0 (audio, "true") == 0;
      e->path = g_file_get_path (file);
      /* The chosen format wins; the name gets its suffix. */
      suffix = strrchr (e->path, '.');
      if (suffix == NULL || g_ascii_strcasecmp (suffix + 1, hk_report_format_suffix (e->format)) != 0)
        {
          char *with = g_strconcat (e->path, ".", hk_report_format_suffix (e->format), NULL);

          g_free (e->path);
          e->path = with;
        }
      hk_task_dialog_run (GTK_WINDOW (self), _("Exporting the Report"), export_report_thread, e,
                          export_report_free);
    }
  g_object_unref (chooser);
}

static void
export_report_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  HkWindow *self = HK_WINDOW (widget);
  HkSession *session = hk_review_view_get_session (self->review_view);
  const char *formats[] = { "pdf", "html", "csv", "json", NULL };
  const char *format_labels[] = { N_("PDF, to print or file"), N_("Web page, with the waveform"),
                                  N_("CSV of the markers"), N_("JSON, everything"), NULL };
  const char * const *langs = hk_lang_content_languages ();
  g_autoptr(GPtrArray) lang_ids = g_ptr_array_new ();
  g_autoptr(GPtrArray) lang_labels = g_ptr_array_new ();
  g_autoptr(GPtrArray) translated = g_ptr_array_new ();
  GtkFileChooserNative *chooser;
  g_autofree char *name = NULL;

  if (session == NULL)
    return;
  chooser = gtk_file_chooser_native_new (_("Export the Report"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), NULL);
  /* Translators: the suggested file name of a report, before its suffix */
  name = g_strdup_printf ("%s-%s.pdf", hk_session_get_id (session), _("report"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);

  for (guint i = 0; formats[i] != NULL; i++)
    g_ptr_array_add (translated, (gpointer) _(format_labels[i]));
  g_ptr_array_add (translated, NULL);
  gtk_file_chooser_add_choice (GTK_FILE_CHOOSER (chooser), "format", _("Format"),
                               formats, (const char **) translated->pdata);
  gtk_file_chooser_set_choice (GTK_FILE_CHOOSER (chooser), "format", "pdf");

  g_ptr_array_add (lang_ids, (gpointer) "");
  g_ptr_array_add (lang_labels, (gpointer) _("The window’s language"));
  for (guint i = 0; langs[i] != NULL; i++)
    {
      g_ptr_array_add (lang_ids, (gpointer) langs[i]);
      g_ptr_array_add (lang_labels, (gpointer) hk_lang_endonym (langs[i]));
    }
  g_ptr_array_add (lang_ids, NULL);
  g_ptr_array_add (lang_labels, NULL);
  gtk_file_chooser_add_choice (GTK_FILE_CHOOSER (chooser), "language", _("Language"),
                               (const char **) lang_ids->pdata, (const char **) lang_labels->pdata);
  gtk_file_chooser_set_choice (GTK_FILE_CHOOSER (chooser), "language", "");
  gtk_file_chooser_add_choice (GTK_FILE_CHOOSER (chooser), "audio",
                               _("Put the recording in the web page"), NULL, NULL);

  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect_object (chooser, "response", G_CALLBACK (export_report_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
class_report_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  HkWindow *self = HK_WINDOW (widget);
  HkClassReportDialog *dialog;

  dialog = hk_class_report_dialog_new (GTK_WINDOW (self), hk_application_get_sessions (self->application), NULL);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Bundles dropped anywhere on the window are imported. */
static gboolean
drop_cb (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         HkWindow      *self)
{
  GSList *files;

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;
  files = g_value_get_boxed (value);
  hk_window_import_files (self, files);
  return files != NULL;
}

static void
setup (HkWindow *self)
{
  self->application = HK_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  self->settings = g_object_ref (hk_application_get_settings (self->application));
  self->library = g_object_ref (hk_application_get_library (self->application));

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  self->filter = gtk_custom_filter_new (filter_func, self, NULL);
  self->filtered = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->library)),
                                              g_object_ref (GTK_FILTER (self->filter)));
  self->sorted = gtk_sort_list_model_new (g_object_ref (G_LIST_MODEL (self->filtered)),
                                          GTK_SORTER (gtk_custom_sorter_new (sort_func, self, NULL)));
  g_signal_connect_object (self->filtered, "items-changed",
                           G_CALLBACK (filtered_items_changed_cb), self, G_CONNECT_SWAPPED);

  fill_dropdowns (self);
  fill_language_menu (self);
  gtk_search_bar_set_key_capture_widget (self->search_bar, GTK_WIDGET (self));

  g_signal_connect_object (self->library, "reloaded",
                           G_CALLBACK (library_reloaded_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->application, "notify::practice-language",
                           G_CALLBACK (practice_language_changed_cb), self, G_CONNECT_SWAPPED);

  hk_history_view_set_application (self->history_view, self->application);
  update_problems (self);

  {
    GtkDropTarget *drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);

    g_signal_connect_object (drop, "drop", G_CALLBACK (drop_cb), self, 0);
    gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));
  }
  update_language (self);
}

static void
hk_window_dispose (GObject *object)
{
  HkWindow *self = (HkWindow *) object;

  if (self->scenario_list != NULL)
    gtk_list_box_bind_model (self->scenario_list, NULL, NULL, NULL, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), HK_TYPE_WINDOW);
  g_clear_object (&self->sorted);
  g_clear_object (&self->filtered);
  g_clear_object (&self->filter);
  g_clear_object (&self->library);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (hk_window_parent_class)->dispose (object);
}

static void
hk_window_finalize (GObject *object)
{
  HkWindow *self = (HkWindow *) object;

  g_clear_pointer (&self->search, g_free);
  g_clear_pointer (&self->selected_id, g_free);
  g_clear_pointer (&self->came_from, g_free);

  G_OBJECT_CLASS (hk_window_parent_class)->finalize (object);
}

static void
hk_window_class_init (HkWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = hk_window_dispose;
  object_class->finalize = hk_window_finalize;
  window_class->close_request = hk_window_close_request;

  g_type_ensure (HK_TYPE_SCENARIO_PAGE);
  g_type_ensure (HK_TYPE_PRACTICE_VIEW);
  g_type_ensure (HK_TYPE_REVIEW_VIEW);
  g_type_ensure (HK_TYPE_CHECKLIST_VIEW);
  g_type_ensure (HK_TYPE_PARTNER_FEEDBACK_VIEW);
  g_type_ensure (HK_TYPE_HISTORY_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/hk-window.ui");
  gtk_widget_class_bind_template_child (widget_class, HkWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, HkWindow, library_title);
  gtk_widget_class_bind_template_child (widget_class, HkWindow, language_label);
  gtk_widget_class_bind_template_child (widget_class, HkWindow, language_menu_section);
  gtk_widget_class_bind_template_child (widget_class, HkWindow, search_button);
  gtk_widget_class_bind_template_child (widget_class, HkWindow, search_bar);
  gtk_widget_class_bind_template_child (widget_class, HkWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, HkWindow, category_dropdown);
  gtk_widget_class_bind_template_child (widget_class, HkWindow, difficulty_dropdown);
  gtk_widget_class_bind_template_child (widget_class, HkWindow, problems_bar);
  gtk_widget_class_bind_template_child (widget_class, HkWindow, problems_label);
  gtk_widget_class_bind_template_child (widget_class, HkWindow, list_stack);
  gtk_widget_class_bind_template_child (widget_class, HkWindow, scenario_list);
  gtk_widget_class_bind_template_child (widget_class, HkWindow, content);
  gtk_widget_class_bind_template_child (widget_class, HkWindow, content_title);
  gtk_widget_class_bind_template_child (widget_class, HkWindow, content_stack);
  gtk_widget_class_bind_template_child (widget_class, HkWindow, scenario_page);
  gtk_widget_class_bind_template_child (widget_class, HkWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, HkWindow, practice_title);
  gtk_widget_class_bind_template_child (widget_class, HkWindow, practice_view);
  gtk_widget_class_bind_template_child (widget_class, HkWindow, review_title);
  gtk_widget_class_bind_template_child (widget_class, HkWindow, review_view);
  gtk_widget_class_bind_template_child (widget_class, HkWindow, review_stack);
  gtk_widget_class_bind_template_child (widget_class, HkWindow, checklist_view);
  gtk_widget_class_bind_template_child (widget_class, HkWindow, partner_page);
  gtk_widget_class_bind_template_child (widget_class, HkWindow, partner_view);
  gtk_widget_class_bind_template_child (widget_class, HkWindow, history_view);
  gtk_widget_class_bind_template_callback (widget_class, history_open_cb);
  gtk_widget_class_bind_template_callback (widget_class, swap_roles_cb);
  gtk_widget_class_bind_template_callback (widget_class, review_loaded_cb);
  gtk_widget_class_bind_template_callback (widget_class, checklist_seek_cb);
  gtk_widget_class_bind_template_callback (widget_class, practice_finished_cb);
  gtk_widget_class_bind_template_callback (widget_class, practice_closed_cb);
  gtk_widget_class_bind_template_callback (widget_class, try_again_cb);
  gtk_widget_class_bind_template_callback (widget_class, leaflet_folded_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, stop_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);

  gtk_widget_class_install_action (widget_class, "win.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.clear-filters", NULL, clear_filters_action);
  gtk_widget_class_install_action (widget_class, "win.reload", NULL, reload_action);
  gtk_widget_class_install_action (widget_class, "win.open-scenario-folder", NULL,
                                   open_scenario_folder_action);
  gtk_widget_class_install_action (widget_class, "win.show-problems", NULL, show_problems_action);
  gtk_widget_class_install_action (widget_class, "win.practise", NULL, practise_action);
  gtk_widget_class_install_action (widget_class, "win.practise-pair", NULL, practise_pair_action);
  gtk_widget_class_install_action (widget_class, "win.library", NULL, library_action);
  gtk_widget_class_install_action (widget_class, "win.history", NULL, history_action);
  gtk_widget_class_install_action (widget_class, "win.export-session", NULL, export_session_action);
  gtk_widget_class_install_action (widget_class, "win.import-sessions", NULL, import_sessions_action);
  gtk_widget_class_install_action (widget_class, "win.export-report", NULL, export_report_action);
  gtk_widget_class_install_action (widget_class, "win.class-report", NULL, class_report_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "win.reload", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "win.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "win.practise", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_h, GDK_CONTROL_MASK, "win.history", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "win.library", NULL);
}

static void
hk_window_init (HkWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

HkWindow *
hk_window_new (HkApplication *application)
{
  HkWindow *self;

  g_return_val_if_fail (HK_IS_APPLICATION (application), NULL);

  self = g_object_new (HK_TYPE_WINDOW, "application", application, NULL);
  setup (self);

  return self;
}

/**
 * hk_window_show_scenario:
 *
 * Selects the scenario with @id and shows its page, as a click on its row
 * would.
 */
void
hk_window_show_scenario (HkWindow   *self,
                         const char *id)
{
  GtkListBoxRow *row;

  g_return_if_fail (HK_IS_WINDOW (self));

  row = find_row (self, id);
  if (row == NULL)
    return;

  gtk_list_box_select_row (self->scenario_list, row);
  row_activated_cb (self, row);
}

/**
 * hk_window_get_n_visible:
 *
 * Returns: how many scenarios pass the search and filters
 */
guint
hk_window_get_n_visible (HkWindow *self)
{
  g_return_val_if_fail (HK_IS_WINDOW (self), 0);

  return g_list_model_get_n_items (G_LIST_MODEL (self->filtered));
}

/**
 * hk_window_show_session:
 * @session: a recorded session
 *
 * Opens the review of @session.
 */
void
hk_window_show_session (HkWindow  *self,
                        HkSession *session)
{
  g_return_if_fail (HK_IS_WINDOW (self));
  g_return_if_fail (HK_IS_SESSION (session));

  g_clear_pointer (&self->came_from, g_free);
  adw_view_switcher_title_set_title (self->review_title, hk_session_get_title (session));
  adw_view_stack_set_visible_child_name (self->review_stack, "replay");
  hk_checklist_view_set_session (self->checklist_view, NULL, NULL);
  adw_view_stack_page_set_visible (self->partner_page, FALSE);
  hk_review_view_load (self->review_view, self->application, session);
  gtk_stack_set_visible_child_name (self->main_stack, "review");
}

/**
 * hk_window_get_practice_view:
 *
 * Returns: (transfer none): the view a call runs in
 */
HkPracticeView *
hk_window_get_practice_view (HkWindow *self)
{
  g_return_val_if_fail (HK_IS_WINDOW (self), NULL);
  return self->practice_view;
}

/**
 * hk_window_get_review_view:
 *
 * Returns: (transfer none): the view calls are replayed in
 */
HkReviewView *
hk_window_get_review_view (HkWindow *self)
{
  g_return_val_if_fail (HK_IS_WINDOW (self), NULL);
  return self->review_view;
}

/**
 * hk_window_get_page:
 *
 * Returns: what the window shows: `library`, `practice` or `review`
 */
const char *
hk_window_get_page (HkWindow *self)
{
  g_return_val_if_fail (HK_IS_WINDOW (self), NULL);
  return gtk_stack_get_visible_child_name (self->main_stack);
}

/**
 * hk_window_show_partner_feedback:
 *
 * Shows the feedback of a pair round's customer, as its tab would.
 */
void
hk_window_show_partner_feedback (HkWindow *self)
{
  g_return_if_fail (HK_IS_WINDOW (self));
  adw_view_stack_set_visible_child_name (self->review_stack, "partner");
}

/**
 * hk_window_get_partner_feedback_view:
 *
 * Returns: (transfer none): where a pair's customer gives feedback
 */
HkPartnerFeedbackView *
hk_window_get_partner_feedback_view (HkWindow *self)
{
  g_return_val_if_fail (HK_IS_WINDOW (self), NULL);
  return self->partner_view;
}

/**
 * hk_window_get_checklist_view:
 *
 * Returns: (transfer none): the reflection checklist of the review
 */
HkChecklistView *
hk_window_get_checklist_view (HkWindow *self)
{
  g_return_val_if_fail (HK_IS_WINDOW (self), NULL);
  return self->checklist_view;
}

/**
 * hk_window_show_reflection:
 *
 * Turns the review to its checklist.
 */
void
hk_window_show_reflection (HkWindow *self)
{
  g_return_if_fail (HK_IS_WINDOW (self));
  adw_view_stack_set_visible_child_name (self->review_stack, "reflect");
}

/**
 * hk_window_get_history_view:
 *
 * Returns: (transfer none): the history of calls
 */
HkHistoryView *
hk_window_get_history_view (HkWindow *self)
{
  g_return_val_if_fail (HK_IS_WINDOW (self), NULL);
  return self->history_view;
}
