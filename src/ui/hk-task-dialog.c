/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hk-task-dialog"

/* Long work off the main thread, as a dialog: a progress bar while a
 * worker thread exports or imports, a Cancel that stops it, then what
 * was done or why it failed, in the same dialog, with a way to open the
 * file written. The window stays responsive throughout. */

#include "config.h"

#include <glib/gi18n.h>

#include "hk-task-dialog.h"

struct _HkTaskDialog
{
  AdwMessageDialog  parent_instance;

  GtkProgressBar   *bar;
  GCancellable     *cancellable;
  HkTaskFunc        func;
  gpointer          data;
  GDestroyNotify    destroy;
  char             *result_file;   /* set from the worker; read when done */
  gboolean          done;
  gboolean          succeeded;
  GMutex            lock;
  /* The newest progress, handed from the worker to the main thread. */
  double            fraction;
  char             *text;
  guint             update_id;
};

G_DEFINE_FINAL_TYPE (HkTaskDialog, hk_task_dialog, ADW_TYPE_MESSAGE_DIALOG)

static void
hk_task_dialog_dispose (GObject *object)
{
  HkTaskDialog *self = HK_TASK_DIALOG (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->update_id, g_source_remove);

  G_OBJECT_CLASS (hk_task_dialog_parent_class)->dispose (object);
}

static void
hk_task_dialog_finalize (GObject *object)
{
  HkTaskDialog *self = HK_TASK_DIALOG (object);

  g_clear_object (&self->cancellable);
  if (self->destroy != NULL && self->data != NULL)
    self->destroy (self->data);
  g_free (self->result_file);
  g_free (self->text);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (hk_task_dialog_parent_class)->finalize (object);
}

static void
response_cb (HkTaskDialog *self,
             const char   *response)
{
  if (g_str_equal (response, "cancel") && self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  else if (g_str_equal (response, "open") && self->result_file != NULL)
    {
      g_autoptr(GFile) file = g_file_new_for_path (self->result_file);
      g_autofree char *uri = g_file_get_uri (file);

      gtk_show_uri (gtk_window_get_transient_for (GTK_WINDOW (self)), uri, GDK_CURRENT_TIME);
    }
}

static void
hk_task_dialog_class_init (HkTaskDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = hk_task_dialog_dispose;
  object_class->finalize = hk_task_dialog_finalize;
}

static void
hk_task_dialog_init (HkTaskDialog *self)
{
  g_mutex_init (&self->lock);
  self->bar = GTK_PROGRESS_BAR (gtk_progress_bar_new ());
  gtk_progress_bar_set_show_text (self->bar, TRUE);
  gtk_progress_bar_set_text (self->bar, "");
  gtk_widget_set_size_request (GTK_WIDGET (self->bar), 320, -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (self), GTK_WIDGET (self->bar));
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (self), "cancel", _("_Cancel"));
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (self), "cancel");
  g_signal_connect (self, "response", G_CALLBACK (response_cb), NULL);
}

static gboolean
update_cb (gpointer user_data)
{
  HkTaskDialog *self = user_data;
  g_autofree char *text = NULL;
  double fraction;

  g_mutex_lock (&self->lock);
  self->update_id = 0;
  fraction = self->fraction;
  text = g_steal_pointer (&self->text);
  g_mutex_unlock (&self->lock);

  if (!self->done)
    {
      if (fraction >= 0.0)
        gtk_progress_bar_set_fraction (self->bar, CLAMP (fraction, 0.0, 1.0));
      else
        gtk_progress_bar_pulse (self->bar);
      if (text != NULL)
        gtk_progress_bar_set_text (self->bar, text);
    }
  return G_SOURCE_REMOVE;
}

/**
 * hk_task_dialog_set_progress:
 * @fraction: 0 to 1, or below 0 when the share is not known
 * @text: (nullable): what is being done now
 *
 * Callable from the worker thread.
 */
void
hk_task_dialog_set_progress (HkTaskDialog *self,
                             double        fraction,
                             const char   *text)
{
  g_return_if_fail (HK_IS_TASK_DIALOG (self));

  g_mutex_lock (&self->lock);
  self->fraction = fraction;
  if (text != NULL)
    {
      g_free (self->text);
      self->text = g_strdup (text);
    }
  if (self->update_id == 0)
    self->update_id = g_idle_add_full (G_PRIORITY_DEFAULT, update_cb, g_object_ref (self), g_object_unref);
  g_mutex_unlock (&self->lock);
}

/**
 * hk_task_dialog_set_result_file:
 * @path: the file the work wrote, offered to open when done
 *
 * Callable from the worker thread.
 */
void
hk_task_dialog_set_result_file (HkTaskDialog *self,
                                const char   *path)
{
  g_return_if_fail (HK_IS_TASK_DIALOG (self));

  g_mutex_lock (&self->lock);
  g_free (self->result_file);
  self->result_file = g_strdup (path);
  g_mutex_unlock (&self->lock);
}

static void
task_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  HkTaskDialog *self = HK_TASK_DIALOG (source);
  g_autofree char *summary = NULL;
  GError *error = NULL;

  if (self->func (self, self->data, cancellable, &summary, &error))
    g_task_return_pointer (task, g_steal_pointer (&summary), g_free);
  else
    g_task_return_error (task, error);
}

static void
task_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  HkTaskDialog *self = HK_TASK_DIALOG (source);
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = g_task_propagate_pointer (G_TASK (result), &error);
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (self);

  self->done = TRUE;
  self->succeeded = error == NULL;
  gtk_widget_set_visible (GTK_WIDGET (self->bar), FALSE);
  adw_message_dialog_set_response_label (dialog, "cancel", _("_Close"));

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      adw_message_dialog_set_heading (dialog, _("Cancelled"));
      adw_message_dialog_set_body (dialog, _("Nothing was written."));
      return;
    }
  if (error != NULL)
    {
      adw_message_dialog_set_heading (dialog, _("That Did Not Work"));
      adw_message_dialog_set_body (dialog, error->message);
      return;
    }

  adw_message_dialog_set_body (dialog, summary ? summary : "");
  if (self->result_file != NULL)
    {
      adw_message_dialog_add_response (dialog, "open", _("_Open"));
      adw_message_dialog_set_response_appearance (dialog, "open", ADW_RESPONSE_SUGGESTED);
      adw_message_dialog_set_default_response (dialog, "open");
    }
}

/**
 * hk_task_dialog_run:
 * @parent: the window the dialog belongs to
 * @heading: what is being done, such as “Exporting the Report”
 * @func: the work, run in a worker thread
 * @data: (transfer full): for @func, freed with @destroy when the
 *   dialog goes
 *
 * Shows the dialog and starts the work.
 *
 * Returns: (transfer none): the dialog, presented
 */
HkTaskDialog *
hk_task_dialog_run (GtkWindow      *parent,
                    const char     *heading,
                    HkTaskFunc      func,
                    gpointer        data,
                    GDestroyNotify  destroy)
{
  HkTaskDialog *self;
  g_autoptr(GTask) task = NULL;

  g_return_val_if_fail (func != NULL, NULL);

  self = g_object_new (HK_TYPE_TASK_DIALOG,
                       "transient-for", parent,
                       "modal", TRUE,
                       "heading", heading,
                       NULL);
  self->func = func;
  self->data = data;
  self->destroy = destroy;
  self->cancellable = g_cancellable_new ();

  task = g_task_new (self, self->cancellable, task_done_cb, NULL);
  g_task_set_check_cancellable (task, FALSE);
  g_task_run_in_thread (task, task_thread);
  gtk_window_present (GTK_WINDOW (self));
  return self;
}

/**
 * hk_task_dialog_is_done:
 *
 * Returns: whether the work has finished, whichever way
 */
gboolean
hk_task_dialog_is_done (HkTaskDialog *self)
{
  g_return_val_if_fail (HK_IS_TASK_DIALOG (self), FALSE);
  return self->done;
}

/**
 * hk_task_dialog_succeeded:
 *
 * Returns: whether the work finished and did what it set out to
 */
gboolean
hk_task_dialog_succeeded (HkTaskDialog *self)
{
  g_return_val_if_fail (HK_IS_TASK_DIALOG (self), FALSE);
  return self->succeeded;
}
