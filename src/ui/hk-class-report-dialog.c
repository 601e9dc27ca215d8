/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hk-class-report-dialog"

/* A trainer chooses a class's calls, by trainee, scenario and dates (or
 * the calls just imported), and exports one report over them: a PDF with
 * a summary and a page a call, or a CSV with a row a call, in a chosen
 * language. The count of matching calls updates as the choice changes;
 * the export runs in a worker thread with progress and a Cancel. */

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "hk-class-report-dialog.h"
#include "hk-lang.h"
#include "hk-report-export.h"
#include "hk-task-dialog.h"

struct _HkClassReportDialog
{
  AdwWindow            parent_instance;

  HkSessionStore      *store;
  GStrv                only_ids;
  GPtrArray           *trainees;     /* names; index 0 is every trainee, "" is unnamed */
  GPtrArray           *scenarios;    /* ids; index 0 is every scenario */

  AdwPreferencesGroup *calls_group;
  AdwComboRow         *trainee_row;
  AdwComboRow         *scenario_row;
  AdwEntryRow         *from_row;
  AdwEntryRow         *to_row;
  AdwComboRow         *format_row;
  AdwComboRow         *language_row;
  GtkButton           *export_button;
};

G_DEFINE_FINAL_TYPE (HkClassReportDialog, hk_class_report_dialog, ADW_TYPE_WINDOW)

static void
hk_class_report_dialog_dispose (GObject *object)
{
  HkClassReportDialog *self = HK_CLASS_REPORT_DIALOG (object);

  g_clear_object (&self->store);
  g_clear_pointer (&self->only_ids, g_strfreev);
  g_clear_pointer (&self->trainees, g_ptr_array_unref);
  g_clear_pointer (&self->scenarios, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), HK_TYPE_CLASS_REPORT_DIALOG);

  G_OBJECT_CLASS (hk_class_report_dialog_parent_class)->dispose (object);
}

/* A day written as 2026-11-24; @end makes it the day's end. An empty
 * field is no limit and gives %TRUE with *@when NULL. */
static gboolean
parse_day (AdwEntryRow *row,
           gboolean     end,
           GDateTime  **when)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));
  int y, m, d;
  char extra;

  *when = NULL;
  if (*text == '\0')
    return TRUE;
  if (sscanf (text, "%4d-%2d-%2d%c", &y, &m, &d, &extra) != 3 || !g_date_valid_dmy (d, m, y))
    return FALSE;
  *when = g_date_time_new_local (y, m, d, 0, 0, 0.0);
  if (*when != NULL && end)
    {
      GDateTime *next = g_date_time_add_days (*when, 1);

      g_date_time_unref (*when);
      *when = next;
    }
  return *when != NULL;
}

static gboolean
matches (HkClassReportDialog *self,
         HkSession           *session,
         GDateTime           *from,
         GDateTime           *to)
{
  guint trainee = adw_combo_row_get_selected (self->trainee_row);
  guint scenario = adw_combo_row_get_selected (self->scenario_row);
  GDateTime *created = hk_session_get_created (session);

  if (hk_session_get_state (session) == HK_SESSION_RECORDING)
    return FALSE;
  if (self->only_ids != NULL && !g_strv_contains ((const char * const *) self->only_ids, hk_session_get_id (session)))
    return FALSE;
  if (trainee > 0 && trainee < self->trainees->len &&
      g_strcmp0 (g_ptr_array_index (self->trainees, trainee), hk_session_get_trainee (session) ?: "") != 0)
    return FALSE;
  if (scenario > 0 && scenario < self->scenarios->len &&
      g_strcmp0 (g_ptr_array_index (self->scenarios, scenario), hk_session_get_scenario_id (session)) != 0)
    return FALSE;
  if (created != NULL && from != NULL && g_date_time_compare (created, from) < 0)
    return FALSE;
  if (created != NULL && to != NULL && g_date_time_compare (created, to) >= 0)
    return FALSE;
  return TRUE;
}

/**
 * hk_class_report_dialog_get_folders:
 *
 * Returns: (transfer full) (element-type utf8): the folders of the calls
 *   chosen now, oldest first; empty when a date cannot be read
 */
GPtrArray *
hk_class_report_dialog_get_folders (HkClassReportDialog *self)
{
  GPtrArray *folders = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDateTime) from = NULL;
  g_autoptr(GDateTime) to = NULL;
  guint n;

  g_return_val_if_fail (HK_IS_CLASS_REPORT_DIALOG (self), folders);

  if (!parse_day (self->from_row, FALSE, &from) || !parse_day (self->to_row, TRUE, &to))
    return folders;

  /* The store lists the newest first; a class report reads in order. */
  n = g_list_model_get_n_items (G_LIST_MODEL (self->store));
  for (guint i = n; i > 0; i--)
    {
      g_autoptr(HkSession) session = g_list_model_get_item (G_LIST_MODEL (self->store), i - 1);

      if (matches (self, session, from, to))
        g_ptr_array_add (folders, g_strdup (hk_session_get_folder (session)));
    }
  return folders;
}

static void
mark_date (AdwEntryRow *row,
           gboolean     end)
{
  g_autoptr(GDateTime) when = NULL;

  if (parse_day (row, end, &when))
    gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (row), "error");
}

static void
criteria_changed_cb (HkClassReportDialog *self)
{
  g_autoptr(GPtrArray) folders = NULL;
  g_autoptr(GDateTime) from = NULL;
  g_autoptr(GDateTime) to = NULL;
  g_autofree char *text = NULL;

  if (self->store == NULL)
    return;

  mark_date (self->from_row, FALSE);
  mark_date (self->to_row, TRUE);
  if (!parse_day (self->from_row, FALSE, &from) || !parse_day (self->to_row, TRUE, &to))
    {
      adw_preferences_group_set_description (self->calls_group,
                                             _("Write dates as year, month and day, such as 2026-11-24, "
                                               "or leave them empty."));
      gtk_widget_set_sensitive (GTK_WIDGET (self->export_button), FALSE);
      return;
    }

  folders = hk_class_report_dialog_get_folders (self);
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u call is chosen.", "%u calls are chosen.",
                                       folders->len), folders->len);
  adw_preferences_group_set_description (self->calls_group, text);
  gtk_widget_set_sensitive (GTK_WIDGET (self->export_button), folders->len > 0);
}

typedef struct {
  GPtrArray      *folders;
  HkReportFormat  format;
  char           *lang;
  char           *path;
} ClassExport;

static void
class_export_free (gpointer data)
{
  ClassExport *e = data;

  g_ptr_array_unref (e->folders);
  g_free (e->lang);
  g_free (e->path);
  g_free (e);
}

static void
progress_cb (guint       done,
             guint       total,
             const char *name,
             gpointer    user_data)
{
  hk_task_dialog_set_progress (user_data, total ? (double) done / total : -1.0, name);
}

static gboolean
export_thread (HkTaskDialog  *dialog,
               gpointer       data,
               GCancellable  *cancellable,
               char         **summary,
               GError       **error)
{
  ClassExport *e = data;
  g_autofree char *name = g_path_get_basename (e->path);
  guint exported = 0, skipped = 0;

  if (!hk_report_export_class (e->folders, e->format, e->lang, e->path, progress_cb, dialog,
                               &exported, &skipped, cancellable, error))
    return FALSE;

  hk_task_dialog_set_result_file (dialog, e->path);
  if (skipped > 0)
    /* Translators: the file written, how many calls are in it, how many left out */
    *summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "“%s” holds %u call; %u could not be read and is listed as skipped, with why.",
                                             "“%s” holds %u calls; %u could not be read and are listed as skipped, with why.",
                                             skipped),
                                name, exported, skipped);
  else
    *summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "“%s” holds %u call.", "“%s” holds %u calls.",
                                             exported),
                                name, exported);
  return TRUE;
}

/**
 * hk_class_report_dialog_export_to:
 * @path: the file to write
 *
 * Exports the chosen calls as the dialog is set, showing progress over
 * the dialog's parent, and closes the dialog.
 */
void
hk_class_report_dialog_export_to (HkClassReportDialog *self,
                                  const char          *path)
{
  ClassExport *e;
  guint lang = adw_combo_row_get_selected (self->language_row);
  const char * const *langs = hk_lang_content_languages ();
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

  g_return_if_fail (HK_IS_CLASS_REPORT_DIALOG (self));

  e = g_new0 (ClassExport, 1);
  e->folders = hk_class_report_dialog_get_folders (self);
  e->format = adw_combo_row_get_selected (self->format_row) == 1 ? HK_REPORT_FORMAT_CSV : HK_REPORT_FORMAT_PDF;
  e->lang = lang > 0 && lang <= g_strv_length ((char **) langs) ? g_strdup (langs[lang - 1]) : NULL;
  e->path = g_strdup (path);
  if (!g_str_has_suffix (e->path, hk_report_format_suffix (e->format)))
    {
      char *with = g_strconcat (e->path, ".", hk_report_format_suffix (e->format), NULL);

      g_free (e->path);
      e->path = with;
    }
  hk_task_dialog_run (parent, _("Exporting the Class Report"), export_thread, e, class_export_free);
  gtk_window_close (GTK_WINDOW (self));
}

static void
chooser_response_cb (GtkNativeDialog     *chooser,
                     int                  response,
                     HkClassReportDialog *self)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT && (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser))) != NULL)
    {
      g_autofree char *path = g_file_get_path (file);

      hk_class_report_dialog_export_to (self, path);
    }
  g_object_unref (chooser);
}

static void
export_clicked_cb (HkClassReportDialog *self)
{
  GtkFileChooserNative *chooser;
  gboolean csv = adw_combo_row_get_selected (self->format_row) == 1;

  chooser = gtk_file_chooser_native_new (_("Export the Class Report"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), NULL);
  /* Translators: the suggested file name of a class report, before its suffix */
  {
    g_autofree char *name = g_strdup_printf ("%s.%s", _("class-report"), csv ? "csv" : "pdf");

    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  }
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect_object (chooser, "response", G_CALLBACK (chooser_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
hk_class_report_dialog_class_init (HkClassReportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hk_class_report_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/hk-class-report-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, HkClassReportDialog, calls_group);
  gtk_widget_class_bind_template_child (widget_class, HkClassReportDialog, trainee_row);
  gtk_widget_class_bind_template_child (widget_class, HkClassReportDialog, scenario_row);
  gtk_widget_class_bind_template_child (widget_class, HkClassReportDialog, from_row);
  gtk_widget_class_bind_template_child (widget_class, HkClassReportDialog, to_row);
  gtk_widget_class_bind_template_child (widget_class, HkClassReportDialog, format_row);
  gtk_widget_class_bind_template_child (widget_class, HkClassReportDialog, language_row);
  gtk_widget_class_bind_template_child (widget_class, HkClassReportDialog, export_button);
  gtk_widget_class_bind_template_callback (widget_class, criteria_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, export_clicked_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
hk_class_report_dialog_init (HkClassReportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

static void
fill_choices (HkClassReportDialog *self)
{
  g_autoptr(GtkStringList) trainees = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) scenarios = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) languages = gtk_string_list_new (NULL);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->store));

  self->trainees = g_ptr_array_new_with_free_func (g_free);
  self->scenarios = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->trainees, NULL);
  g_ptr_array_add (self->scenarios, NULL);
  gtk_string_list_append (trainees, _("Every trainee"));
  gtk_string_list_append (scenarios, _("Every scenario"));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(HkSession) session = g_list_model_get_item (G_LIST_MODEL (self->store), i);
      const char *trainee = hk_session_get_trainee (session) ?: "";
      g_autofree char *trainee_key = g_strconcat ("t:", trainee, NULL);
      g_autofree char *scenario_key = g_strconcat ("s:", hk_session_get_scenario_id (session), NULL);

      if (self->only_ids != NULL && !g_strv_contains ((const char * const *) self->only_ids, hk_session_get_id (session)))
        continue;
      if (!g_hash_table_contains (seen, trainee_key))
        {
          g_hash_table_add (seen, g_steal_pointer (&trainee_key));
          g_ptr_array_add (self->trainees, g_strdup (trainee));
          gtk_string_list_append (trainees, *trainee ? trainee : _("Not named"));
        }
      if (!g_hash_table_contains (seen, scenario_key))
        {
          g_hash_table_add (seen, g_steal_pointer (&scenario_key));
          g_ptr_array_add (self->scenarios, g_strdup (hk_session_get_scenario_id (session)));
          gtk_string_list_append (scenarios, hk_session_get_title (session));
        }
    }

  gtk_string_list_append (languages, _("The window’s language"));
  for (const char * const *l = hk_lang_content_languages (); *l != NULL; l++)
    gtk_string_list_append (languages, hk_lang_endonym (*l));

  adw_combo_row_set_model (self->trainee_row, G_LIST_MODEL (trainees));
  adw_combo_row_set_model (self->scenario_row, G_LIST_MODEL (scenarios));
  adw_combo_row_set_model (self->language_row, G_LIST_MODEL (languages));
}

/**
 * hk_class_report_dialog_new:
 * @parent: the window the progress shows over
 * @store: the sessions to choose from
 * @only_ids: (nullable): keep to these sessions, such as those just imported
 *
 * Returns: (transfer none): the dialog, not yet presented
 */
HkClassReportDialog *
hk_class_report_dialog_new (GtkWindow          *parent,
                            HkSessionStore     *store,
                            const char * const *only_ids)
{
  HkClassReportDialog *self;

  g_return_val_if_fail (HK_IS_SESSION_STORE (store), NULL);

  self = g_object_new (HK_TYPE_CLASS_REPORT_DIALOG, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  self->only_ids = only_ids ? g_strdupv ((char **) only_ids) : NULL;
  fill_choices (self);
  criteria_changed_cb (self);
  return self;
}
