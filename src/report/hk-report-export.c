/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hk-report-export"

/* Reports written to files, for the window and the command line alike:
 * one session in any format, or a class of sessions as one PDF or CSV,
 * in a chosen language. The language is the worker thread's own (see
 * hk-i18n.c), so a trainer on an English desktop can hand an Italian
 * class its reports while the window goes on in English. Files are
 * replaced only once the new one is whole. */

#include "config.h"

#include <string.h>

#include "hk-class-report.h"
#include "hk-i18n.h"
#include "hk-json-writer.h"
#include "hk-report-export.h"
#include "hk-report-pdf.h"

static const char * const suffixes[HK_N_REPORT_FORMATS] = { "pdf", "html", "csv", "json" };

/**
 * hk_report_format_suffix:
 *
 * Returns: the file name suffix of @format, without the dot
 */
const char *
hk_report_format_suffix (HkReportFormat format)
{
  g_return_val_if_fail (format < HK_N_REPORT_FORMATS, "");
  return suffixes[format];
}

/**
 * hk_report_format_parse:
 * @suffix: such as `pdf`
 *
 * Returns: whether @suffix names a format
 */
gboolean
hk_report_format_parse (const char     *suffix,
                        HkReportFormat *format)
{
  for (HkReportFormat f = 0; suffix != NULL && f < HK_N_REPORT_FORMATS; f++)
    if (g_ascii_strcasecmp (suffix, suffixes[f]) == 0)
      {
        *format = f;
        return TRUE;
      }
  return FALSE;
}

/* Uses @lang's catalog in this thread until the returned one is put back. */
static gboolean
use_language (const char  *lang,
              HkCatalog  **catalog,
              HkCatalog  **before,
              GError     **error)
{
  *catalog = NULL;
  *before = NULL;
  if (lang == NULL)
    return TRUE;
  *catalog = hk_catalog_load (lang, error);
  if (*catalog == NULL)
    return FALSE;
  *before = hk_i18n_use (*catalog);
  return TRUE;
}

static gboolean
write_bytes (const char  *path,
             GBytes      *bytes,
             GError     **error)
{
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);
  g_autoptr(GError) local = NULL;

  /* Written beside, flushed, then renamed over: an existing file is
   * replaced only by a whole new one. */
  if (!g_file_set_contents_full (path, data, (gssize) len, G_FILE_SET_CONTENTS_CONSISTENT, 0644, &local))
    {
      g_set_error (error, local->domain, local->code, _("Could not write “%s”: %s"), path, local->message);
      return FALSE;
    }
  return TRUE;
}

static GBytes *
render (HkReport       *report,
        HkReportFormat  format,
        gboolean        embed_audio,
        GError        **error)
{
  switch (format)
    {
    case HK_REPORT_FORMAT_PDF:
      return hk_report_pdf_render (report, error);
    case HK_REPORT_FORMAT_HTML:
      {
        g_autoptr(GBytes) audio = NULL;
        char *html;

        if (embed_audio)
          {
            g_autofree char *call = hk_session_get_call_path (hk_report_get_session (report));
            g_autoptr(GMappedFile) mapped = g_mapped_file_new (call, FALSE, error);

            if (mapped == NULL)
              return NULL;
            audio = g_mapped_file_get_bytes (mapped);
          }
        html = hk_report_to_html_full (report, audio);
        return g_bytes_new_take (html, strlen (html));
      }
    case HK_REPORT_FORMAT_CSV:
      {
        char *csv = hk_report_to_csv (report);

        return g_bytes_new_take (csv, strlen (csv));
      }
    case HK_REPORT_FORMAT_JSON:
    case HK_N_REPORT_FORMATS:
    default:
      {
        g_autoptr(JsonNode) root = hk_report_to_json (report);
        char *json = hk_json_write (root, TRUE);

        return g_bytes_new_take (json, strlen (json));
      }
    }
}

/**
 * hk_report_export_session:
 * @lang: (nullable): the report's language, one of the content
 *   languages; %NULL for the window's (and the checklist in the
 *   session's)
 * @embed_audio: for HTML, carry the call in the page as a player
 * @path: where to write it
 *
 * Writes one session's report.
 *
 * Returns: %TRUE when written
 */
gboolean
hk_report_export_session (HkSession       *session,
                          HkReportFormat   format,
                          const char      *lang,
                          gboolean         embed_audio,
                          const char      *path,
                          GCancellable    *cancellable,
                          GError         **error)
{
  g_autoptr(HkCatalog) catalog = NULL;
  g_autoptr(HkReport) report = NULL;
  g_autoptr(GBytes) bytes = NULL;
  HkCatalog *before = NULL;
  gboolean ok = FALSE;

  g_return_val_if_fail (HK_IS_SESSION (session), FALSE);
  g_return_val_if_fail (format < HK_N_REPORT_FORMATS, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (!use_language (lang, &catalog, &before, error))
    return FALSE;

  report = hk_report_new_in (session, lang, error);
  if (report != NULL)
    hk_report_find_other_round (report);
  if (report != NULL && !g_cancellable_set_error_if_cancelled (cancellable, error))
    bytes = render (report, format, embed_audio, error);
  if (bytes != NULL && !g_cancellable_set_error_if_cancelled (cancellable, error))
    ok = write_bytes (path, bytes, error);

  if (catalog != NULL)
    hk_i18n_use (before);
  return ok;
}

/**
 * hk_report_export_class:
 * @folders: (element-type utf8): session folders
 * @format: %HK_REPORT_FORMAT_PDF or %HK_REPORT_FORMAT_CSV
 * @lang: (nullable): as for hk_report_export_session()
 * @n_exported: (out) (optional): sessions in the report
 * @n_skipped: (out) (optional): sessions listed as skipped, with why
 *
 * Writes one report over many sessions. A session that cannot be read
 * or has no analysis is listed as skipped and the rest go in; it fails
 * only when none could.
 *
 * Returns: %TRUE when written
 */
gboolean
hk_report_export_class (GPtrArray            *folders,
                        HkReportFormat        format,
                        const char           *lang,
                        const char           *path,
                        HkReportProgressFunc  progress,
                        gpointer              progress_data,
                        guint                *n_exported,
                        guint                *n_skipped,
                        GCancellable         *cancellable,
                        GError              **error)
{
  g_autoptr(HkCatalog) catalog = NULL;
  g_autoptr(HkClassReport) report = NULL;
  g_autoptr(GBytes) bytes = NULL;
  HkCatalog *before = NULL;
  gboolean ok = FALSE;

  g_return_val_if_fail (folders != NULL, FALSE);
  g_return_val_if_fail (format == HK_REPORT_FORMAT_PDF || format == HK_REPORT_FORMAT_CSV, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (!use_language (lang, &catalog, &before, error))
    return FALSE;

  report = hk_class_report_new ();
  hk_class_report_set_language (report, lang);
  for (guint i = 0; i < folders->len; i++)
    {
      const char *folder = g_ptr_array_index (folders, i);
      g_autofree char *name = g_path_get_basename (folder);
      g_autoptr(GError) local = NULL;
      g_autoptr(HkSession) session = NULL;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        goto out;
      if (progress != NULL)
        progress (i, folders->len, name, progress_data);
      session = hk_session_load (folder, &local);
      if (session == NULL)
        hk_class_report_add_skipped (report, name, local->message);
      else
        hk_class_report_add_session (report, session, NULL);
    }
  if (progress != NULL)
    progress (folders->len, folders->len, NULL, progress_data);

  if (hk_class_report_get_n_exported (report) == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("None of the chosen calls could be reported on; each is damaged or was never analysed"));
      goto out;
    }

  if (format == HK_REPORT_FORMAT_PDF)
    bytes = hk_report_pdf_render_class (report, error);
  else
    {
      char *csv = hk_class_report_to_csv (report);

      bytes = g_bytes_new_take (csv, strlen (csv));
    }
  if (bytes != NULL && !g_cancellable_set_error_if_cancelled (cancellable, error))
    ok = write_bytes (path, bytes, error);

  if (n_exported != NULL)
    *n_exported = hk_class_report_get_n_exported (report);
  if (n_skipped != NULL)
    *n_skipped = hk_class_report_get_n_entries (report) - hk_class_report_get_n_exported (report);

out:
  if (catalog != NULL)
    hk_i18n_use (before);
  return ok;
}
