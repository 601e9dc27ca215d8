/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define HK_TYPE_TASK_DIALOG (hk_task_dialog_get_type ())

G_DECLARE_FINAL_TYPE (HkTaskDialog, hk_task_dialog, HK, TASK_DIALOG, AdwMessageDialog)

/**
 * HkTaskFunc:
 * @dialog: for hk_task_dialog_set_progress(), from the worker thread
 * @data: the caller's data
 * @cancellable: cancelled when the user cancels
 * @summary: (out) (transfer full): what was done, for the user to read
 * @error: why it failed
 *
 * The work, run in a worker thread.
 *
 * Returns: %TRUE when done
 */
typedef gboolean (*HkTaskFunc) (HkTaskDialog  *dialog,
                                gpointer       data,
                                GCancellable  *cancellable,
                                char         **summary,
                                GError       **error);

HkTaskDialog *hk_task_dialog_run          (GtkWindow      *parent,
                                           const char     *heading,
                                           HkTaskFunc      func,
                                           gpointer        data,
                                           GDestroyNotify  destroy);
void          hk_task_dialog_set_progress (HkTaskDialog   *self,
                                           double          fraction,
                                           const char     *text);
void          hk_task_dialog_set_result_file (HkTaskDialog *self,
                                           const char     *path);
gboolean      hk_task_dialog_is_done      (HkTaskDialog   *self);
gboolean      hk_task_dialog_succeeded    (HkTaskDialog   *self);

G_END_DECLS
