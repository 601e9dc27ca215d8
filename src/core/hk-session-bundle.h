/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "hk-session.h"
#include "hk-session-store.h"

G_BEGIN_DECLS

/* The version of the bundle format written; a bundle of a higher one is
 * refused with a message asking for a newer Hearken. */
#define HK_SESSION_BUNDLE_FORMAT 1

/* What a bundle's file name ends with. */
#define HK_SESSION_BUNDLE_SUFFIX ".hearken"

/* The largest call a bundle may carry: some days of audio at the
 * recorder's bit rate, far under what the tar header can count. */
#define HK_SESSION_BUNDLE_MAX_CALL_SIZE (G_GUINT64_CONSTANT (4) << 30)

#define HK_SESSION_BUNDLE_ERROR (hk_session_bundle_error_quark ())

/**
 * HkSessionBundleError:
 * @HK_SESSION_BUNDLE_ERROR_NOT_BUNDLE: the file is empty, not a tar
 *   archive or not one Hearken wrote
 * @HK_SESSION_BUNDLE_ERROR_DAMAGED: the file is cut short, or a checksum
 *   or a size does not match
 * @HK_SESSION_BUNDLE_ERROR_UNEXPECTED_MEMBER: the archive holds something
 *   a bundle never does: another name, a path, a link, a device
 * @HK_SESSION_BUNDLE_ERROR_TOO_LARGE: a member is larger than a bundle may hold
 * @HK_SESSION_BUNDLE_ERROR_NEWER_FORMAT: a newer Hearken wrote it
 * @HK_SESSION_BUNDLE_ERROR_NOT_EXPORTABLE: the session is still being
 *   recorded, or damaged
 * @HK_SESSION_BUNDLE_ERROR_CHANGED: the call changed while it was exported
 */
typedef enum {
  HK_SESSION_BUNDLE_ERROR_NOT_BUNDLE,
  HK_SESSION_BUNDLE_ERROR_DAMAGED,
  HK_SESSION_BUNDLE_ERROR_UNEXPECTED_MEMBER,
  HK_SESSION_BUNDLE_ERROR_TOO_LARGE,
  HK_SESSION_BUNDLE_ERROR_NEWER_FORMAT,
  HK_SESSION_BUNDLE_ERROR_NOT_EXPORTABLE,
  HK_SESSION_BUNDLE_ERROR_CHANGED,
} HkSessionBundleError;

/**
 * HkSessionBundleImport:
 * @HK_SESSION_BUNDLE_IMPORT_FAILED: refused or failed; the error says why
 * @HK_SESSION_BUNDLE_IMPORTED: a new session folder was made
 * @HK_SESSION_BUNDLE_ALREADY_IMPORTED: the store already holds this very
 *   session (same session.json, same call); nothing was written
 */
typedef enum {
  HK_SESSION_BUNDLE_IMPORT_FAILED,
  HK_SESSION_BUNDLE_IMPORTED,
  HK_SESSION_BUNDLE_ALREADY_IMPORTED,
} HkSessionBundleImport;

GQuark                hk_session_bundle_error_quark (void);

gboolean              hk_session_bundle_export      (HkSession             *session,
                                                     const char            *path,
                                                     GCancellable          *cancellable,
                                                     GError               **error);
gboolean              hk_session_bundle_export_full (HkSession             *session,
                                                     const char            *path,
                                                     GFileProgressCallback  progress,
                                                     gpointer               progress_data,
                                                     GCancellable          *cancellable,
                                                     GError               **error);

HkSessionBundleImport hk_session_bundle_import      (HkSessionStore        *store,
                                                     const char            *path,
                                                     GCancellable          *cancellable,
                                                     char                 **out_id,
                                                     GError               **error);
HkSessionBundleImport hk_session_bundle_import_full (HkSessionStore        *store,
                                                     const char            *path,
                                                     GFileProgressCallback  progress,
                                                     gpointer               progress_data,
                                                     GCancellable          *cancellable,
                                                     char                 **out_id,
                                                     GError               **error);

G_END_DECLS
