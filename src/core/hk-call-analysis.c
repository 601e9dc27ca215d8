/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hk-call-analysis"

/* What the analysis found in one call: each party's speech and voice
 * metrics, the markers, and the thresholds they were judged by. It is
 * plain data and can be written as JSON, as an Audacity label track or as
 * a Praat TextGrid, so results open in the tools researchers use. */

#include "config.h"

#include <math.h>

#include "hk-call-analysis.h"

struct _HkCallAnalysis
{
  GObject         parent_instance;

  double          duration;
  HkSegments     *segments[2];
  HkVoiceMetrics  metrics[2];
  GArray         *markers;
  HkThresholds   *thresholds;
};

G_DEFINE_FINAL_TYPE (HkCallAnalysis, hk_call_analysis, G_TYPE_OBJECT)

static void
hk_call_analysis_finalize (GObject *object)
{
  HkCallAnalysis *self = HK_CALL_ANALYSIS (object);

  g_clear_pointer (&self->segments[HK_PARTY_CUSTOMER], g_array_unref);
  g_clear_pointer (&self->segments[HK_PARTY_TRAINEE], g_array_unref);
  g_clear_pointer (&self->markers, g_array_unref);
  g_clear_pointer (&self->thresholds, hk_thresholds_free);

  G_OBJECT_CLASS (hk_call_analysis_parent_class)->finalize (object);
}

static void
hk_call_analysis_class_init (HkCallAnalysisClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = hk_call_analysis_finalize;
}

static void
hk_call_analysis_init (HkCallAnalysis *self)
{
}

static void
measure_turns (HkCallAnalysis *self,
               GArray         *turns,
               HkParty         party)
{
  HkVoiceMetrics *m = &self->metrics[party];
  double total = 0.0;

  m->talk_time = hk_segments_total (self->segments[party]);
  m->talk_ratio = self->duration > 0.0 ? MIN (m->talk_time / self->duration, 1.0) : 0.0;
  m->n_turns = 0;
  m->longest_turn = 0.0;

  for (guint i = 0; i < turns->len; i++)
    {
      const HkTurn *t = &g_array_index (turns, HkTurn, i);

      if (t->party != party)
        continue;
      m->n_turns++;
      total += t->end - t->start;
      m->longest_turn = MAX (m->longest_turn, t->end - t->start);
    }
  m->mean_turn = m->n_turns > 0 ? total / m->n_turns : 0.0;
}

/**
 * hk_call_analysis_new:
 * @duration: seconds of audio
 * @customer: (transfer full) (nullable): the customer's segments; %NULL
 *   when the recording holds the trainee alone
 * @trainee: (transfer full): the trainee's segments
 * @customer_voice: (nullable): the customer's rate, pitch and loudness
 * @trainee_voice: (nullable): the trainee's
 * @thresholds: the thresholds to judge by
 *
 * Finds the markers and turns in the segments and gathers the metrics.
 *
 * Returns: (transfer full): the analysis
 */
HkCallAnalysis *
hk_call_analysis_new (double                duration,
                      HkSegments           *customer,
                      HkSegments           *trainee,
                      const HkVoiceMetrics *customer_voice,
                      const HkVoiceMetrics *trainee_voice,
                      const HkThresholds   *thresholds)
{
  HkCallAnalysis *self;
  g_autoptr(GArray) turns = NULL;

  g_return_val_if_fail (trainee != NULL, NULL);
  g_return_val_if_fail (thresholds != NULL, NULL);

  self = g_object_new (HK_TYPE_CALL_ANALYSIS, NULL);
  self->duration = MAX (duration, 0.0);
  self->segments[HK_PARTY_CUSTOMER] = customer;
  self->segments[HK_PARTY_TRAINEE] = trainee;
  self->thresholds = hk_thresholds_copy (thresholds);
  self->markers = hk_markers_detect (customer, trainee, thresholds);

  for (guint p = HK_PARTY_CUSTOMER; p <= HK_PARTY_TRAINEE; p++)
    self->metrics[p].loudness = -INFINITY;
  if (customer_voice != NULL)
    self->metrics[HK_PARTY_CUSTOMER] = *customer_voice;
  if (trainee_voice != NULL)
    self->metrics[HK_PARTY_TRAINEE] = *trainee_voice;

  turns = hk_markers_find_turns (customer, trainee, thresholds);
  if (customer != NULL)
    measure_turns (self, turns, HK_PARTY_CUSTOMER);
  measure_turns (self, turns, HK_PARTY_TRAINEE);

  return self;
}

static double
json_number (JsonObject *o,
             const char *name,
             double      fallback)
{
  JsonNode *n = o != NULL ? json_object_get_member (o, name) : NULL;

  if (n == NULL || !JSON_NODE_HOLDS_VALUE (n))
    return fallback;
  if (json_node_get_value_type (n) == G_TYPE_DOUBLE || json_node_get_value_type (n) == G_TYPE_INT64)
    return json_node_get_double (n);
  return fallback;
}

static JsonObject *
json_object (JsonObject *o,
             const char *name)
{
  JsonNode *n = o != NULL ? json_object_get_member (o, name) : NULL;

  return n != NULL && JSON_NODE_HOLDS_OBJECT (n) ? json_node_get_object (n) : NULL;
}

static gboolean
segments_from_json (JsonObject  *party,
                    HkSegments **out)
{
  JsonNode *n = json_object_get_member (party, "segments");
  JsonArray *a;
  g_autoptr(HkSegments) segs = hk_segments_new ();
  double last = 0.0;

  if (n == NULL || !JSON_NODE_HOLDS_ARRAY (n))
    return FALSE;
  a = json_node_get_array (n);
  for (guint i = 0; i < json_array_get_length (a); i++)
    {
      JsonNode *e = json_array_get_element (a, i);
      JsonArray *pair;
      double start, end;

      if (!JSON_NODE_HOLDS_ARRAY (e) || json_array_get_length (pair = json_node_get_array (e)) != 2)
        return FALSE;
      if (!JSON_NODE_HOLDS_VALUE (json_array_get_element (pair, 0)) ||
          !JSON_NODE_HOLDS_VALUE (json_array_get_element (pair, 1)))
        return FALSE;
      start = json_node_get_double (json_array_get_element (pair, 0));
      end = json_node_get_double (json_array_get_element (pair, 1));
      if (!isfinite (start) || !isfinite (end) || start < last || end <= start)
        return FALSE;
      hk_segments_add (segs, start, end);
      last = end;
    }

  *out = g_steal_pointer (&segs);
  return TRUE;
}

static void
metrics_from_json (JsonObject     *party,
                   HkVoiceMetrics *m)
{
  JsonObject *o = json_object (party, "metrics");

  m->speaking_rate = json_number (o, "speaking-rate", 0.0);
  m->pitch_median = json_number (o, "pitch-median-hz", 0.0);
  m->pitch_spread = json_number (o, "pitch-spread-st", 0.0);
  m->loudness = json_number (o, "loudness-dbfs", -INFINITY);
}

/**
 * hk_call_analysis_new_from_json:
 * @node: what hk_call_analysis_to_json() wrote, as kept in session.json
 *
 * Rebuilds an analysis without the audio: the segments and voice
 * metrics are read back, and markers and turns found again from them, so
 * opening a long call's review costs milliseconds.
 *
 * Returns: (transfer full) (nullable): the analysis, or %NULL when @node
 *   does not hold one
 */
HkCallAnalysis *
hk_call_analysis_new_from_json (JsonNode *node)
{
  JsonObject *root, *parties, *customer, *trainee, *settings;
  g_autoptr(HkSegments) cs = NULL;
  g_autoptr(HkSegments) ts = NULL;
  g_autoptr(HkThresholds) th = hk_thresholds_new ();
  HkVoiceMetrics cm = { 0 }, tm = { 0 };
  double duration;

  g_return_val_if_fail (node != NULL, NULL);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  root = json_node_get_object (node);
  duration = json_number (root, "duration", -1.0);
  parties = json_object (root, "parties");
  trainee = json_object (parties, "trainee");
  customer = json_object (parties, "customer");
  if (duration < 0.0 || !isfinite (duration) || trainee == NULL || !segments_from_json (trainee, &ts))
    return NULL;
  if (customer != NULL && !segments_from_json (customer, &cs))
    return NULL;

  settings = json_object (root, "settings");
  for (HkThreshold t = 0; t < HK_N_THRESHOLDS; t++)
    {
      double v = json_number (settings, hk_threshold_key (t), NAN);

      if (isfinite (v) && v >= hk_threshold_min (t) && v <= hk_threshold_max (t))
        hk_thresholds_set (th, t, v);
    }

  metrics_from_json (trainee, &tm);
  if (customer != NULL)
    metrics_from_json (customer, &cm);

  return hk_call_analysis_new (duration, g_steal_pointer (&cs), g_steal_pointer (&ts),
                               customer != NULL ? &cm : NULL, &tm, th);
}

double
hk_call_analysis_get_duration (HkCallAnalysis *self)
{
  g_return_val_if_fail (HK_IS_CALL_ANALYSIS (self), 0.0);

  return self->duration;
}

/**
 * hk_call_analysis_has_customer:
 *
 * Returns: %FALSE for a recording of the trainee alone, which has pauses
 *   and hesitations but no gaps or overlaps between parties
 */
gboolean
hk_call_analysis_has_customer (HkCallAnalysis *self)
{
  g_return_val_if_fail (HK_IS_CALL_ANALYSIS (self), FALSE);

  return self->segments[HK_PARTY_CUSTOMER] != NULL;
}

/**
 * hk_call_analysis_get_segments:
 * @party: %HK_PARTY_CUSTOMER or %HK_PARTY_TRAINEE
 *
 * Returns: (transfer none) (nullable): the party's speech; %NULL for the
 *   customer of a trainee-only recording
 */
const HkSegments *
hk_call_analysis_get_segments (HkCallAnalysis *self,
                               HkParty         party)
{
  g_return_val_if_fail (HK_IS_CALL_ANALYSIS (self), NULL);
  g_return_val_if_fail (party <= HK_PARTY_TRAINEE, NULL);

  return self->segments[party];
}

/**
 * hk_call_analysis_get_metrics:
 *
 * Returns: (transfer none) (nullable): how the party spoke; %NULL for the
 *   customer of a trainee-only recording
 */
const HkVoiceMetrics *
hk_call_analysis_get_metrics (HkCallAnalysis *self,
                              HkParty         party)
{
  g_return_val_if_fail (HK_IS_CALL_ANALYSIS (self), NULL);
  g_return_val_if_fail (party <= HK_PARTY_TRAINEE, NULL);

  return self->segments[party] != NULL ? &self->metrics[party] : NULL;
}

/**
 * hk_call_analysis_get_markers:
 *
 * Returns: (transfer none) (element-type HkMarker): the markers in time order
 */
const GArray *
hk_call_analysis_get_markers (HkCallAnalysis *self)
{
  g_return_val_if_fail (HK_IS_CALL_ANALYSIS (self), NULL);

  return self->markers;
}

const HkThresholds *
hk_call_analysis_get_thresholds (HkCallAnalysis *self)
{
  g_return_val_if_fail (HK_IS_CALL_ANALYSIS (self), NULL);

  return self->thresholds;
}

/**
 * hk_call_analysis_heard_speech:
 *
 * Returns: whether anyone spoke at all
 */
gboolean
hk_call_analysis_heard_speech (HkCallAnalysis *self)
{
  g_return_val_if_fail (HK_IS_CALL_ANALYSIS (self), FALSE);

  for (guint p = HK_PARTY_CUSTOMER; p <= HK_PARTY_TRAINEE; p++)
    if (self->segments[p] != NULL && hk_segments_get_n (self->segments[p]) > 0)
      return TRUE;
  return FALSE;
}

/**
 * hk_call_analysis_get_non_talk_time:
 *
 * Returns: seconds in which neither party spoke
 */
double
hk_call_analysis_get_non_talk_time (HkCallAnalysis *self)
{
  g_autoptr(HkSegments) empty = hk_segments_new ();
  g_autoptr(HkSegments) either = NULL;

  g_return_val_if_fail (HK_IS_CALL_ANALYSIS (self), 0.0);

  either = hk_segments_union (self->segments[HK_PARTY_CUSTOMER] ? self->segments[HK_PARTY_CUSTOMER] : empty,
                              self->segments[HK_PARTY_TRAINEE]);

  return MAX (self->duration - hk_segments_total (either), 0.0);
}

/**
 * hk_call_analysis_count_markers:
 * @total_time: (out) (optional): seconds the markers of @type span
 *
 * Returns: how many markers of @type the call has
 */
guint
hk_call_analysis_count_markers (HkCallAnalysis *self,
                                HkMarkerType    type,
                                double         *total_time)
{
  guint n = 0;
  double t = 0.0;

  g_return_val_if_fail (HK_IS_CALL_ANALYSIS (self), 0);

  for (guint i = 0; i < self->markers->len; i++)
    {
      const HkMarker *m = &g_array_index (self->markers, HkMarker, i);

      if (m->type != type)
        continue;
      n++;
      t += m->end - m->start;
    }
  if (total_time != NULL)
    *total_time = t;
  return n;
}

static void
add_number (JsonBuilder *b,
            const char  *name,
            double       value,
            gboolean     known)
{
  json_builder_set_member_name (b, name);
  if (known)
    json_builder_add_double_value (b, value);
  else
    json_builder_add_null_value (b);
}

/**
 * hk_call_analysis_summarise_turns:
 * @lines: when the customer spoke each line, in order
 *
 * For a per-turn table: for each line, the gap before the answer, how
 * often the trainee cut in or signalled listening, and how long they
 * answered.
 *
 * Returns: (transfer full) (element-type HkTurnSummary): a summary a line
 */
GArray *
hk_call_analysis_summarise_turns (HkCallAnalysis   *self,
                                  const HkSegments *lines)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (HkTurnSummary));
  const HkSegments *trainee;

  g_return_val_if_fail (HK_IS_CALL_ANALYSIS (self), out);
  g_return_val_if_fail (lines != NULL, out);

  trainee = self->segments[HK_PARTY_TRAINEE];
  for (guint i = 0; i < hk_segments_get_n (lines); i++)
    {
      const HkSegment *line = hk_segments_get (lines, i);
      double next = i + 1 < hk_segments_get_n (lines) ? hk_segments_get (lines, i + 1)->start : self->duration;
      HkTurnSummary t = { i, NAN, HK_GAP_NONE, 0, 0, 0.0 };

      for (guint k = 0; k < self->markers->len; k++)
        {
          const HkMarker *m = &g_array_index (self->markers, HkMarker, k);

          /* Line times come from the session and the markers from the
           * audio: allow for the half second the two may differ by. */
          if (m->type == HK_MARKER_RESPONSE_GAP && isnan (t.gap) &&
              m->start >= line->end - 0.5 && m->start < next)
            {
              t.gap = m->end - m->start;
              t.gap_class = m->gap_class;
            }
          else if (m->type == HK_MARKER_INTERRUPTION && m->start >= line->start && m->start <= line->end)
            t.interruptions++;
          else if (m->type == HK_MARKER_BACKCHANNEL && m->start >= line->start && m->start <= line->end)
            t.backchannels++;
        }

      for (guint k = 0; k < hk_segments_get_n (trainee); k++)
        {
          const HkSegment *s = hk_segments_get (trainee, k);
          double a = MAX (s->start, line->end), b = MIN (s->end, next);

          if (b > a)
            t.answer_time += b - a;
        }

      g_array_append_val (out, t);
    }

  return out;
}

static JsonNode *
party_to_json (HkCallAnalysis *self,
               HkParty         party)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  const HkSegments *segs = self->segments[party];
  const HkVoiceMetrics *m = &self->metrics[party];

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "segments");
  json_builder_begin_array (b);
  for (guint i = 0; i < hk_segments_get_n (segs); i++)
    {
      const HkSegment *s = hk_segments_get (segs, i);

      json_builder_begin_array (b);
      json_builder_add_double_value (b, s->start);
      json_builder_add_double_value (b, s->end);
      json_builder_end_array (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "metrics");
  json_builder_begin_object (b);
  add_number (b, "talk-time", m->talk_time, TRUE);
  add_number (b, "talk-ratio", m->talk_ratio, TRUE);
  json_builder_set_member_name (b, "turns");
  json_builder_add_int_value (b, m->n_turns);
  add_number (b, "mean-turn", m->mean_turn, TRUE);
  add_number (b, "longest-turn", m->longest_turn, TRUE);
  add_number (b, "speaking-rate", m->speaking_rate, TRUE);
  /* Without voiced speech there is no pitch, and without speech no
   * loudness: null, not a made-up number. */
  add_number (b, "pitch-median-hz", m->pitch_median, m->pitch_median > 0.0);
  add_number (b, "pitch-spread-st", m->pitch_spread, m->pitch_median > 0.0);
  add_number (b, "loudness-dbfs", m->loudness, isfinite (m->loudness));
  json_builder_end_object (b);

  json_builder_end_object (b);
  return json_builder_get_root (b);
}

/**
 * hk_call_analysis_to_json:
 *
 * The shape `hearken-cli analyze --json` prints and session.json keeps:
 * duration, parties (segments and metrics), markers, a summary and the
 * settings, times in seconds.
 *
 * Returns: (transfer full): the analysis as a JSON object
 */
JsonNode *
hk_call_analysis_to_json (HkCallAnalysis *self)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  g_return_val_if_fail (HK_IS_CALL_ANALYSIS (self), NULL);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "duration");
  json_builder_add_double_value (b, self->duration);
  json_builder_set_member_name (b, "mode");
  json_builder_add_string_value (b, hk_call_analysis_has_customer (self) ? "two-party" : "trainee-only");
  json_builder_set_member_name (b, "heard-speech");
  json_builder_add_boolean_value (b, hk_call_analysis_heard_speech (self));

  json_builder_set_member_name (b, "parties");
  json_builder_begin_object (b);
  for (guint p = HK_PARTY_CUSTOMER; p <= HK_PARTY_TRAINEE; p++)
    if (self->segments[p] != NULL)
      {
        json_builder_set_member_name (b, hk_party_id (p));
        json_builder_add_value (b, party_to_json (self, p));
      }
  json_builder_end_object (b);

  json_builder_set_member_name (b, "markers");
  json_builder_begin_array (b);
  for (guint i = 0; i < self->markers->len; i++)
    {
      const HkMarker *m = &g_array_index (self->markers, HkMarker, i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "type");
      json_builder_add_string_value (b, hk_marker_type_id (m->type));
      json_builder_set_member_name (b, "start");
      json_builder_add_double_value (b, m->start);
      json_builder_set_member_name (b, "end");
      json_builder_add_double_value (b, m->end);
      json_builder_set_member_name (b, "party");
      json_builder_add_string_value (b, hk_party_id (m->party));
      if (m->gap_class != HK_GAP_NONE)
        {
          json_builder_set_member_name (b, "class");
          json_builder_add_string_value (b, hk_gap_class_id (m->gap_class));
        }
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "summary");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "non-talk-time");
  json_builder_add_double_value (b, hk_call_analysis_get_non_talk_time (self));
  for (HkMarkerType t = 0; t < HK_N_MARKER_TYPES; t++)
    {
      double total;
      guint n = hk_call_analysis_count_markers (self, t, &total);

      json_builder_set_member_name (b, hk_marker_type_id (t));
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "count");
      json_builder_add_int_value (b, n);
      json_builder_set_member_name (b, "time");
      json_builder_add_double_value (b, total);
      json_builder_end_object (b);
    }
  json_builder_end_object (b);

  json_builder_set_member_name (b, "settings");
  json_builder_begin_object (b);
  for (HkThreshold t = 0; t < HK_N_THRESHOLDS; t++)
    {
      json_builder_set_member_name (b, hk_threshold_key (t));
      json_builder_add_double_value (b, hk_thresholds_get (self->thresholds, t));
    }
  json_builder_end_object (b);

  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static char *
marker_label (const HkMarker *m)
{
  if (m->gap_class != HK_GAP_NONE)
    return g_strdup_printf ("%s (%s)", hk_marker_type_id (m->type), hk_gap_class_id (m->gap_class));
  return g_strdup (hk_marker_type_id (m->type));
}

static void
append_time (GString *out,
             double   t)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append (out, g_ascii_formatd (buf, sizeof buf, "%.6f", t));
}

/**
 * hk_call_analysis_to_labels:
 *
 * Returns: (transfer full): the markers as an Audacity label track: one
 *   line a marker, start and end in seconds and the label, tab-separated
 */
char *
hk_call_analysis_to_labels (HkCallAnalysis *self)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (HK_IS_CALL_ANALYSIS (self), NULL);

  for (guint i = 0; i < self->markers->len; i++)
    {
      const HkMarker *m = &g_array_index (self->markers, HkMarker, i);
      g_autofree char *label = marker_label (m);

      append_time (out, m->start);
      g_string_append_c (out, '\t');
      append_time (out, m->end);
      g_string_append_printf (out, "\t%s %s\n", label, hk_party_id (m->party));
    }

  return g_string_free (out, FALSE);
}

typedef struct {
  double start;
  double end;
  char  *text;
} Interval;

static void
interval_clear (gpointer data)
{
  g_free (((Interval *) data)->text);
}

static void
push_interval (GArray     *tier,
               double      start,
               double      end,
               const char *text)
{
  Interval iv = { start, end, g_strdup (text) };

  if (end - start <= 1e-9)
    {
      g_free (iv.text);
      return;
    }
  g_array_append_val (tier, iv);
}

/* Praat wants each interval tier to cover the call without gaps, so
 * silence becomes empty intervals between the labelled ones. */
static GArray *
segments_tier (const HkSegments *segs,
               double            duration)
{
  GArray *tier = g_array_new (FALSE, FALSE, sizeof (Interval));
  double t = 0.0;

  g_array_set_clear_func (tier, interval_clear);
  for (guint i = 0; i < hk_segments_get_n (segs); i++)
    {
      const HkSegment *s = hk_segments_get (segs, i);
      double start = CLAMP (s->start, t, duration);
      double end = CLAMP (s->end, start, duration);

      push_interval (tier, t, start, "");
      push_interval (tier, start, end, "speech");
      t = end;
    }
  push_interval (tier, t, duration, "");
  return tier;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* Markers may overlap (an interruption is also overtalk), which one
 * interval tier cannot show; the call is cut at every marker boundary and
 * each piece labelled with all the markers it lies in. */
static GArray *
markers_tier (HkCallAnalysis *self)
{
  GArray *tier = g_array_new (FALSE, FALSE, sizeof (Interval));
  g_autoptr(GArray) cuts = g_array_new (FALSE, FALSE, sizeof (double));
  double zero = 0.0;

  g_array_set_clear_func (tier, interval_clear);
  g_array_append_val (cuts, zero);
  g_array_append_val (cuts, self->duration);
  for (guint i = 0; i < self->markers->len; i++)
    {
      const HkMarker *m = &g_array_index (self->markers, HkMarker, i);
      double s = CLAMP (m->start, 0.0, self->duration);
      double e = CLAMP (m->end, 0.0, self->duration);

      g_array_append_val (cuts, s);
      g_array_append_val (cuts, e);
    }
  g_array_sort (cuts, compare_doubles);

  for (guint c = 0; c + 1 < cuts->len; c++)
    {
      double a = g_array_index (cuts, double, c);
      double b = g_array_index (cuts, double, c + 1);
      double mid = (a + b) / 2.0;
      g_autoptr(GString) text = g_string_new (NULL);

      if (b - a <= 1e-9)
        continue;
      for (guint i = 0; i < self->markers->len; i++)
        {
          const HkMarker *m = &g_array_index (self->markers, HkMarker, i);
          g_autofree char *label = NULL;

          if (mid < m->start || mid > m->end)
            continue;
          label = marker_label (m);
          if (text->len > 0)
            g_string_append (text, " + ");
          g_string_append (text, label);
        }
      push_interval (tier, a, b, text->str);
    }
  return tier;
}

static void
append_praat_string (GString    *out,
                     const char *s)
{
  g_string_append_c (out, '"');
  for (const char *p = s; *p != '\0'; p++)
    {
      /* Praat doubles a quote inside a string. */
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

static void
append_tier (GString    *out,
             guint       number,
             const char *name,
             GArray     *tier,
             double      duration)
{
  g_string_append_printf (out, "    item [%u]:\n", number);
  g_string_append (out, "        class = \"IntervalTier\"\n        name = ");
  append_praat_string (out, name);
  g_string_append (out, "\n        xmin = 0\n        xmax = ");
  append_time (out, duration);
  g_string_append_printf (out, "\n        intervals: size = %u\n", tier->len);
  for (guint i = 0; i < tier->len; i++)
    {
      const Interval *iv = &g_array_index (tier, Interval, i);

      g_string_append_printf (out, "        intervals [%u]:\n            xmin = ", i + 1);
      append_time (out, iv->start);
      g_string_append (out, "\n            xmax = ");
      append_time (out, iv->end);
      g_string_append (out, "\n            text = ");
      append_praat_string (out, iv->text);
      g_string_append_c (out, '\n');
    }
}

/**
 * hk_call_analysis_to_textgrid:
 *
 * Returns: (transfer full): a Praat TextGrid (long text format) with one
 *   interval tier per party and one for the markers
 */
char *
hk_call_analysis_to_textgrid (HkCallAnalysis *self)
{
  GString *out = g_string_new (NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autoptr(GPtrArray) tiers = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);

  g_return_val_if_fail (HK_IS_CALL_ANALYSIS (self), NULL);

  for (guint p = HK_PARTY_CUSTOMER; p <= HK_PARTY_TRAINEE; p++)
    if (self->segments[p] != NULL)
      {
        g_ptr_array_add (names, (gpointer) hk_party_id (p));
        g_ptr_array_add (tiers, segments_tier (self->segments[p], self->duration));
      }
  g_ptr_array_add (names, (gpointer) "markers");
  g_ptr_array_add (tiers, markers_tier (self));

  g_string_append (out, "File type = \"ooTextFile\"\nObject class = \"TextGrid\"\n\nxmin = 0\nxmax = ");
  append_time (out, self->duration);
  g_string_append_printf (out, "\ntiers? <exists>\nsize = %u\nitem []:\n", tiers->len);
  for (guint i = 0; i < tiers->len; i++)
    append_tier (out, i + 1, names->pdata[i], tiers->pdata[i], self->duration);

  return g_string_free (out, FALSE);
}
