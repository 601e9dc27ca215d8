/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hk-class-report"

/* A report over a class: many sessions, each one's report, and those
 * that could not be reported on with the reason, so a batch with one
 * damaged session still exports the rest and says what it left out.
 * Here the list and its CSV (one row a session); the PDF is drawn from
 * it in src/report. */

#include "config.h"

#include <math.h>

#include "hk-class-report.h"
#include "hk-figures.h"

typedef struct {
  char      *name;
  HkSession *session;   /* NULL when it could not be read */
  HkReport  *report;    /* NULL when skipped */
  char      *reason;    /* why it was skipped, or NULL */
} Entry;

struct _HkClassReport
{
  GObject  parent_instance;

  GArray  *entries;     /* Entry */
  char    *lang;        /* the checklist's language, or NULL for each session's */
};

G_DEFINE_FINAL_TYPE (HkClassReport, hk_class_report, G_TYPE_OBJECT)

static void
entry_clear (gpointer data)
{
  Entry *e = data;

  g_clear_pointer (&e->name, g_free);
  g_clear_object (&e->session);
  g_clear_object (&e->report);
  g_clear_pointer (&e->reason, g_free);
}

static const Entry *
get_entry (HkClassReport *self,
           guint          i)
{
  g_return_val_if_fail (HK_IS_CLASS_REPORT (self), NULL);
  g_return_val_if_fail (i < self->entries->len, NULL);

  return &g_array_index (self->entries, Entry, i);
}

static void
hk_class_report_finalize (GObject *object)
{
  HkClassReport *self = HK_CLASS_REPORT (object);

  g_clear_pointer (&self->entries, g_array_unref);
  g_clear_pointer (&self->lang, g_free);

  G_OBJECT_CLASS (hk_class_report_parent_class)->finalize (object);
}

static void
hk_class_report_class_init (HkClassReportClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = hk_class_report_finalize;
}

static void
hk_class_report_init (HkClassReport *self)
{
  self->entries = g_array_new (FALSE, TRUE, sizeof (Entry));
  g_array_set_clear_func (self->entries, entry_clear);
}

/**
 * hk_class_report_new:
 *
 * Returns: (transfer full): an empty class report
 */
HkClassReport *
hk_class_report_new (void)
{
  return g_object_new (HK_TYPE_CLASS_REPORT, NULL);
}

/**
 * hk_class_report_add_session:
 * @session: a session of the class
 *
 * Adds @session's report; a session that cannot be reported on (no
 * analysis) is kept as skipped, with the reason.
 *
 * Returns: %TRUE when the session will be exported
 */
gboolean
hk_class_report_add_session (HkClassReport  *self,
                             HkSession      *session,
                             GError        **error)
{
  g_autoptr(GError) local = NULL;
  Entry e = { NULL };

  g_return_val_if_fail (HK_IS_CLASS_REPORT (self), FALSE);
  g_return_val_if_fail (HK_IS_SESSION (session), FALSE);

  e.name = g_strdup (hk_session_get_id (session));
  e.session = g_object_ref (session);
  e.report = hk_report_new_in (session, self->lang, &local);
  if (e.report == NULL)
    e.reason = g_strdup (local->message);
  g_array_append_val (self->entries, e);

  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  return TRUE;
}

/**
 * hk_class_report_set_language:
 * @lang: (nullable): the language of every session's checklist; %NULL
 *   for each session's own
 *
 * Takes effect for the sessions added after.
 */
void
hk_class_report_set_language (HkClassReport *self,
                              const char    *lang)
{
  g_return_if_fail (HK_IS_CLASS_REPORT (self));

  g_free (self->lang);
  self->lang = g_strdup (lang);
}

/**
 * hk_class_report_add_skipped:
 * @name: the session as the trainer named it: its id or folder
 * @reason: why it could not be read, for the trainer
 *
 * Lists a session that could not even be loaded, so the class report
 * says what it left out.
 */
void
hk_class_report_add_skipped (HkClassReport *self,
                             const char    *name,
                             const char    *reason)
{
  Entry e = { NULL };

  g_return_if_fail (HK_IS_CLASS_REPORT (self));
  g_return_if_fail (name != NULL);
  g_return_if_fail (reason != NULL);

  e.name = g_path_get_basename (name);
  e.reason = g_strdup (reason);
  g_array_append_val (self->entries, e);
}

/**
 * hk_class_report_get_n_entries:
 *
 * Returns: how many sessions were added, skipped ones included
 */
guint
hk_class_report_get_n_entries (HkClassReport *self)
{
  g_return_val_if_fail (HK_IS_CLASS_REPORT (self), 0);
  return self->entries->len;
}

/**
 * hk_class_report_get_n_exported:
 *
 * Returns: how many sessions have a report
 */
guint
hk_class_report_get_n_exported (HkClassReport *self)
{
  guint n = 0;

  g_return_val_if_fail (HK_IS_CLASS_REPORT (self), 0);

  for (guint i = 0; i < self->entries->len; i++)
    if (g_array_index (self->entries, Entry, i).report != NULL)
      n++;
  return n;
}

/**
 * hk_class_report_get_name:
 *
 * Returns: entry @i's session id, or the name it was given when it could
 *   not be read
 */
const char *
hk_class_report_get_name (HkClassReport *self,
                          guint          i)
{
  const Entry *e = get_entry (self, i);

  return e != NULL ? e->name : NULL;
}

/**
 * hk_class_report_get_session:
 *
 * Returns: (transfer none) (nullable): entry @i's session, or %NULL when
 *   it could not be read
 */
HkSession *
hk_class_report_get_session (HkClassReport *self,
                             guint          i)
{
  const Entry *e = get_entry (self, i);

  return e != NULL ? e->session : NULL;
}

/**
 * hk_class_report_get_report:
 *
 * Returns: (transfer none) (nullable): entry @i's report, or %NULL when
 *   it was skipped
 */
HkReport *
hk_class_report_get_report (HkClassReport *self,
                            guint          i)
{
  const Entry *e = get_entry (self, i);

  return e != NULL ? e->report : NULL;
}

/**
 * hk_class_report_get_skip_reason:
 *
 * Returns: (nullable): why entry @i was skipped, or %NULL when it has a
 *   report
 */
const char *
hk_class_report_get_skip_reason (HkClassReport *self,
                                 guint          i)
{
  const Entry *e = get_entry (self, i);

  return e != NULL ? e->reason : NULL;
}

static void
append_number (GString    *out,
               const char *format,
               double      value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (isnan (value))
    {
      hk_report_append_csv_field (out, "", FALSE);
      return;
    }
  g_ascii_formatd (buf, sizeof buf, format, value);
  hk_report_append_csv_field (out, buf, FALSE);
}

/**
 * hk_class_report_to_csv:
 *
 * One row a session, in the order they were added, a header row first:
 * who, what, when, the state and length of the call, the seven figures as
 * numbers (a share 0-1, seconds, counts, syllables a second, semitones;
 * empty when the call does not tell), and whether it was exported or
 * skipped and why. RFC 4180, numbers with a point whatever the locale.
 *
 * Returns: (transfer full): the CSV
 */
char *
hk_class_report_to_csv (HkClassReport *self)
{
  static const char * const head[] = {
    "session", "trainee", "scenario", "title", "language", "created", "state", "duration",
  };
  static const char * const formats[HK_N_FIGURES] = {
    "%.3f", "%.2f", "%.0f", "%.0f", "%.0f", "%.2f", "%.2f",
  };
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (HK_IS_CLASS_REPORT (self), NULL);

  for (guint i = 0; i < G_N_ELEMENTS (head); i++)
    hk_report_append_csv_field (out, head[i], FALSE);
  for (HkFigure f = 0; f < HK_N_FIGURES; f++)
    hk_report_append_csv_field (out, hk_figure_id (f), FALSE);
  hk_report_append_csv_field (out, "status", FALSE);
  hk_report_append_csv_field (out, "reason", TRUE);

  for (guint i = 0; i < self->entries->len; i++)
    {
      const Entry *e = &g_array_index (self->entries, Entry, i);
      g_autofree char *created = NULL;

      hk_report_append_csv_field (out, e->name, FALSE);
      if (e->session != NULL)
        {
          created = g_date_time_format_iso8601 (hk_session_get_created (e->session));
          hk_report_append_csv_field (out, hk_session_get_trainee (e->session), FALSE);
          hk_report_append_csv_field (out, hk_session_get_scenario_id (e->session), FALSE);
          hk_report_append_csv_field (out, hk_session_get_title (e->session), FALSE);
          hk_report_append_csv_field (out, hk_session_get_language (e->session), FALSE);
          hk_report_append_csv_field (out, created, FALSE);
          hk_report_append_csv_field (out, hk_session_state_id (hk_session_get_state (e->session)), FALSE);
        }
      else
        for (guint k = 0; k < 6; k++)
          hk_report_append_csv_field (out, NULL, FALSE);

      if (e->report != NULL)
        {
          HkCallAnalysis *analysis = hk_report_get_analysis (e->report);
          HkFigureValue figures[HK_N_FIGURES];

          append_number (out, "%.1f", hk_call_analysis_get_duration (analysis));
          hk_figures_measure (analysis, figures);
          for (HkFigure f = 0; f < HK_N_FIGURES; f++)
            append_number (out, formats[f], figures[f].value);
          hk_report_append_csv_field (out, "exported", FALSE);
          hk_report_append_csv_field (out, NULL, TRUE);
        }
      else
        {
          for (guint k = 0; k < 1 + HK_N_FIGURES; k++)
            hk_report_append_csv_field (out, NULL, FALSE);
          hk_report_append_csv_field (out, "skipped", FALSE);
          hk_report_append_csv_field (out, e->reason, TRUE);
        }
    }
  return g_string_free (out, FALSE);
}
