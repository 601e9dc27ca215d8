/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hk-figures"

/* The handful of numbers a trainee looks at after a call, each with the
 * norm it is judged by: shared by the review's cards and the reports. */

#include "config.h"

#include <math.h>

#include "hk-figures.h"
#include "hk-i18n.h"

static const char * const ids[HK_N_FIGURES] = {
  "talk-share", "mean-response-gap", "interruptions", "backchannels",
  "hesitations", "speaking-rate", "pitch-spread",
};

static double
mean_gap (HkCallAnalysis *analysis)
{
  const GArray *markers = hk_call_analysis_get_markers (analysis);
  double total = 0.0;
  guint n = 0;

  for (guint i = 0; i < markers->len; i++)
    {
      const HkMarker *m = &g_array_index (markers, HkMarker, i);

      if (m->type == HK_MARKER_RESPONSE_GAP)
        {
          total += m->end - m->start;
          n++;
        }
    }
  return n > 0 ? total / n : NAN;
}

static HkVerdict
judge (gboolean known,
       gboolean within)
{
  if (!known)
    return HK_VERDICT_UNKNOWN;
  return within ? HK_VERDICT_WITHIN : HK_VERDICT_OUTSIDE;
}

/**
 * hk_figures_measure:
 * @out: (out caller-allocates): one value a figure, in #HkFigure order
 *
 * Reads the key figures of the trainee's side of @analysis. Figures that
 * need the customer are unknown for a recording of the trainee alone.
 */
void
hk_figures_measure (HkCallAnalysis *analysis,
                    HkFigureValue   out[HK_N_FIGURES])
{
  const HkThresholds *th;
  const HkVoiceMetrics *tm;
  gboolean customer;
  double v;

  g_return_if_fail (HK_IS_CALL_ANALYSIS (analysis));

  th = hk_call_analysis_get_thresholds (analysis);
  tm = hk_call_analysis_get_metrics (analysis, HK_PARTY_TRAINEE);
  customer = hk_call_analysis_has_customer (analysis);

  for (HkFigure f = 0; f < HK_N_FIGURES; f++)
    out[f] = (HkFigureValue) { f, NAN, HK_VERDICT_UNKNOWN };

  if (customer)
    {
      double both = tm->talk_time + hk_call_analysis_get_metrics (analysis, HK_PARTY_CUSTOMER)->talk_time;

      v = both > 0.0 ? tm->talk_time / both : NAN;
      out[HK_FIGURE_TALK_SHARE].value = v;
      out[HK_FIGURE_TALK_SHARE].verdict = judge (!isnan (v), v <= HK_NORM_TALK_SHARE_MAX);

      v = mean_gap (analysis);
      out[HK_FIGURE_MEAN_GAP].value = v;
      out[HK_FIGURE_MEAN_GAP].verdict =
        judge (!isnan (v), v >= hk_thresholds_get (th, HK_THRESHOLD_RUSHED_GAP) &&
                           v <= hk_thresholds_get (th, HK_THRESHOLD_LONG_GAP));

      v = hk_call_analysis_count_markers (analysis, HK_MARKER_INTERRUPTION, NULL);
      out[HK_FIGURE_INTERRUPTIONS].value = v;
      out[HK_FIGURE_INTERRUPTIONS].verdict = judge (TRUE, v == 0);

      v = hk_call_analysis_count_markers (analysis, HK_MARKER_BACKCHANNEL, NULL);
      out[HK_FIGURE_BACKCHANNELS].value = v;
      out[HK_FIGURE_BACKCHANNELS].verdict = judge (TRUE, v >= 1);
    }

  v = hk_call_analysis_count_markers (analysis, HK_MARKER_HESITATION, NULL);
  out[HK_FIGURE_HESITATIONS].value = v;
  out[HK_FIGURE_HESITATIONS].verdict = judge (tm->talk_time > 0.0, v <= HK_NORM_HESITATIONS_MAX);

  if (tm->talk_time > 0.0)
    {
      v = tm->speaking_rate;
      out[HK_FIGURE_SPEAKING_RATE].value = v;
      out[HK_FIGURE_SPEAKING_RATE].verdict = judge (TRUE, v >= HK_NORM_RATE_MIN && v <= HK_NORM_RATE_MAX);
    }
  if (tm->pitch_median > 0.0)
    {
      v = tm->pitch_spread;
      out[HK_FIGURE_PITCH_SPREAD].value = v;
      out[HK_FIGURE_PITCH_SPREAD].verdict = judge (TRUE, v >= HK_NORM_PITCH_SPREAD_MIN);
    }
}

/**
 * hk_figure_id:
 *
 * Returns: a stable name for @figure, for JSON and CSV
 */
const char *
hk_figure_id (HkFigure figure)
{
  g_return_val_if_fail (figure < HK_N_FIGURES, NULL);
  return ids[figure];
}

/**
 * hk_figure_label:
 *
 * Returns: the figure's name, translated
 */
const char *
hk_figure_label (HkFigure figure)
{
  switch (figure)
    {
    case HK_FIGURE_TALK_SHARE:
      return _("Your share of the talking");
    case HK_FIGURE_MEAN_GAP:
      return _("Mean response gap");
    case HK_FIGURE_INTERRUPTIONS:
      return _("Interruptions");
    case HK_FIGURE_BACKCHANNELS:
      return _("Listening sounds");
    case HK_FIGURE_HESITATIONS:
      return _("Hesitations");
    case HK_FIGURE_SPEAKING_RATE:
      return _("Speaking rate");
    case HK_FIGURE_PITCH_SPREAD:
      return _("Pitch variety");
    case HK_N_FIGURES:
    default:
      g_return_val_if_reached (NULL);
    }
}

/**
 * hk_figure_format:
 *
 * Returns: (transfer full): the value with its unit, or an em dash when
 *   the call does not tell
 */
char *
hk_figure_format (const HkFigureValue *value)
{
  g_return_val_if_fail (value != NULL, NULL);

  if (isnan (value->value))
    return g_strdup ("—");

  switch (value->figure)
    {
    case HK_FIGURE_TALK_SHARE:
      /* Translators: a percentage, e.g. “38 %”; use your language's spacing */
      return g_strdup_printf (_("%.0f %%"), value->value * 100.0);
    case HK_FIGURE_MEAN_GAP:
      /* Translators: seconds, e.g. “0.8 s” */
      return g_strdup_printf (_("%.1f s"), value->value);
    case HK_FIGURE_INTERRUPTIONS:
    case HK_FIGURE_BACKCHANNELS:
    case HK_FIGURE_HESITATIONS:
      return g_strdup_printf ("%.0f", value->value);
    case HK_FIGURE_SPEAKING_RATE:
      /* Translators: syllables a second, e.g. “4.2 syll./s” */
      return g_strdup_printf (_("%.1f syll./s"), value->value);
    case HK_FIGURE_PITCH_SPREAD:
      /* Translators: semitones, e.g. “5.1 st” */
      return g_strdup_printf (_("%.1f st"), value->value);
    case HK_N_FIGURES:
    default:
      g_return_val_if_reached (NULL);
    }
}

/**
 * hk_figure_norm:
 * @thresholds: the thresholds the call was judged by
 *
 * Returns: (transfer full): the norm in a short phrase
 */
char *
hk_figure_norm (HkFigure            figure,
                const HkThresholds *thresholds)
{
  switch (figure)
    {
    case HK_FIGURE_TALK_SHARE:
      return g_strdup_printf (_("A listener talks %.0f %% of the time or less"),
                              HK_NORM_TALK_SHARE_MAX * 100.0);
    case HK_FIGURE_MEAN_GAP:
      return g_strdup_printf (_("Between %.1f s and %.1f s gives the customer room"),
                              hk_thresholds_get (thresholds, HK_THRESHOLD_RUSHED_GAP),
                              hk_thresholds_get (thresholds, HK_THRESHOLD_LONG_GAP));
    case HK_FIGURE_INTERRUPTIONS:
      return g_strdup (_("None: let the customer finish"));
    case HK_FIGURE_BACKCHANNELS:
      return g_strdup (_("At least one “I see” or “mm” shows you follow"));
    case HK_FIGURE_HESITATIONS:
      return g_strdup_printf (hk_i18n_ngettext ("%d long pause in your answers at most",
                                           "%d long pauses in your answers at most",
                                           HK_NORM_HESITATIONS_MAX),
                              HK_NORM_HESITATIONS_MAX);
    case HK_FIGURE_SPEAKING_RATE:
      return g_strdup_printf (_("A calm, clear pace is %.1f to %.1f syllables a second"),
                              HK_NORM_RATE_MIN, HK_NORM_RATE_MAX);
    case HK_FIGURE_PITCH_SPREAD:
      return g_strdup_printf (_("%.0f semitones or more; less sounds flat"),
                              HK_NORM_PITCH_SPREAD_MIN);
    case HK_N_FIGURES:
    default:
      g_return_val_if_reached (NULL);
    }
}

/**
 * hk_verdict_label:
 *
 * Returns: (transfer none): how a figure compares with its norm, in words
 */
const char *
hk_verdict_label (HkVerdict verdict)
{
  switch (verdict)
    {
    case HK_VERDICT_WITHIN:
      return _("Within the norm");
    case HK_VERDICT_OUTSIDE:
      return _("Worth a look");
    case HK_VERDICT_UNKNOWN:
    default:
      return _("This call does not tell");
    }
}

/**
 * hk_verdict_icon_name:
 *
 * Returns: (transfer none): a symbolic icon that says the same as
 *   hk_verdict_label(), so colour is never the only sign
 */
const char *
hk_verdict_icon_name (HkVerdict verdict)
{
  switch (verdict)
    {
    case HK_VERDICT_WITHIN:
      return "emblem-ok-symbolic";
    case HK_VERDICT_OUTSIDE:
      return "dialog-warning-symbolic";
    case HK_VERDICT_UNKNOWN:
    default:
      return "dialog-question-symbolic";
    }
}

/**
 * hk_verdict_style_class:
 *
 * Returns: (transfer none) (nullable): the style class of a figure with
 *   this verdict: `within`, `outside`, or %NULL when the call does not tell
 */
const char *
hk_verdict_style_class (HkVerdict verdict)
{
  switch (verdict)
    {
    case HK_VERDICT_WITHIN:
      return "within";
    case HK_VERDICT_OUTSIDE:
      return "outside";
    case HK_VERDICT_UNKNOWN:
    default:
      return NULL;
    }
}
