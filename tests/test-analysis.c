/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The analysis engine end to end on generated audio: pitch, speaking rate
 * and loudness, the call analyzer's results and their JSON, label and
 * TextGrid forms, the waveform summary and its cache file, and buffers
 * that would break a careless engine. */
#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "hk-call-analyzer.h"
#include "hk-figures.h"
#include "hk-json-writer.h"
#include "hk-peaks.h"
#include "hk-pitch-tracker.h"
#include "hk-vad.h"
#include "hk-voice-meter.h"

#define RATE HK_VAD_RATE

static void
test_pitch_tones (void)
{
  static const double freqs[] = { 85.0, 120.0, 150.0, 220.0, 310.0, 390.0 };

  for (guint f = 0; f < G_N_ELEMENTS (freqs); f++)
    {
      g_autoptr(HkPitchTracker) pt = hk_pitch_tracker_new ();
      g_autofree float *x = g_new (float, RATE / 2);
      double hz;

      /* A voice-like tone: the fundamental and two weaker harmonics. */
      for (guint i = 0; i < RATE / 2; i++)
        {
          double t = (double) i / RATE;

          x[i] = (float) (0.3 * sin (2 * G_PI * freqs[f] * t) + 0.15 * sin (4 * G_PI * freqs[f] * t)
                          + 0.1 * sin (6 * G_PI * freqs[f] * t));
        }
      hk_pitch_tracker_push (pt, x, RATE / 2);
      hz = hk_pitch_tracker_estimate (pt);
      g_test_message ("%.0f Hz estimated as %.1f Hz", freqs[f], hz);
      g_assert_cmpfloat (fabs (hz - freqs[f]) / freqs[f], <, 0.02);
    }
}

static void
test_pitch_unvoiced (void)
{
  g_autoptr(HkPitchTracker) pt = hk_pitch_tracker_new ();
  g_autofree float *x = g_new0 (float, RATE);
  GRand *rand = g_rand_new_with_seed (3);

  /* Silence and hiss have no pitch. */
  hk_pitch_tracker_push (pt, x, RATE);
  g_assert_cmpfloat (hk_pitch_tracker_estimate (pt), ==, 0.0);
  for (guint i = 0; i < RATE; i++)
    x[i] = (float) g_rand_double_range (rand, -0.3, 0.3);
  hk_pitch_tracker_push (pt, x, RATE);
  g_assert_cmpfloat (hk_pitch_tracker_estimate (pt), ==, 0.0);
  g_rand_free (rand);
}

/* A train of voiced "syllables": a tone whose loudness swells and fades
 * @rate times a second. */
static float *
syllables (double  seconds,
           double  rate,
           double  hz,
           double  amplitude,
           gsize  *n)
{
  float *x;

  *n = (gsize) (seconds * RATE);
  x = g_new (float, *n);
  for (gsize i = 0; i < *n; i++)
    {
      double t = (double) i / RATE;
      double env = 0.5 - 0.5 * cos (2 * G_PI * rate * t);

      x[i] = (float) (amplitude * env * env * (sin (2 * G_PI * hz * t) + 0.4 * sin (4 * G_PI * hz * t)));
    }
  return x;
}

static void
test_voice_meter (void)
{
  static const double rates[] = { 3.0, 4.5, 6.0 };

  for (guint r = 0; r < G_N_ELEMENTS (rates); r++)
    {
      g_autoptr(HkVoiceMeter) meter = hk_voice_meter_new ();
      HkVoiceMetrics m = { 0 };
      gsize n;
      g_autofree float *x = syllables (10.0, rates[r], 140.0, 0.2, &n);

      for (gsize i = 0; i + HK_VAD_FRAME <= n; i += HK_VAD_FRAME)
        hk_voice_meter_frame (meter, x + i, TRUE);
      hk_voice_meter_measure (meter, &m);

      g_test_message ("%.1f syllables/s measured as %.2f; pitch %.1f Hz, spread %.2f st, %.1f dBFS",
                      rates[r], m.speaking_rate, m.pitch_median, m.pitch_spread, m.loudness);
      g_assert_cmpfloat (fabs (m.speaking_rate - rates[r]), <, 0.35);
      g_assert_cmpfloat (fabs (m.pitch_median - 140.0), <, 3.0);
      /* One steady pitch: a monotone. */
      g_assert_cmpfloat (m.pitch_spread, <, 1.0);
      g_assert_cmpfloat (m.loudness, >, -30.0);
      g_assert_cmpfloat (m.loudness, <, -15.0);
    }
}

static void
test_voice_meter_silence (void)
{
  g_autoptr(HkVoiceMeter) meter = hk_voice_meter_new ();
  float frame[HK_VAD_FRAME] = { 0 };
  HkVoiceMetrics m = { 0 };

  for (guint i = 0; i < 300; i++)
    hk_voice_meter_frame (meter, frame, FALSE);
  hk_voice_meter_measure (meter, &m);
  g_assert_cmpfloat (m.speaking_rate, ==, 0.0);
  g_assert_cmpfloat (m.pitch_median, ==, 0.0);
  g_assert_true (isinf (m.loudness) && m.loudness < 0);
}

/* Two parties taking turns, as tones of different pitch. */
static HkCallAnalysis *
analyse_turns (HkPeaks **peaks)
{
  g_autoptr(HkThresholds) th = hk_thresholds_new ();
  g_autoptr(HkCallAnalyzer) an = hk_call_analyzer_new (2, th);
  const gsize n = 12 * RATE;
  g_autofree float *x = g_new0 (float, 2 * n);
  GRand *rand = g_rand_new_with_seed (7);

  for (gsize i = 0; i < n; i++)
    {
      double t = (double) i / RATE;
      double env = 0.5 - 0.5 * cos (2 * G_PI * 4.0 * t);

      /* Customer 1-4 s, trainee 4.2-6 s (rushed), customer 7-9 s,
       * trainee 10-11 s (gave room); faint noise throughout. */
      if ((t >= 1.0 && t < 4.0) || (t >= 7.0 && t < 9.0))
        x[2 * i] = (float) (0.2 * (0.3 + env) * sin (2 * G_PI * 110.0 * t));
      if ((t >= 4.2 && t < 6.0) || (t >= 10.0 && t < 11.0))
        x[2 * i + 1] = (float) (0.2 * (0.3 + env) * sin (2 * G_PI * 220.0 * t));
      x[2 * i] += (float) g_rand_double_range (rand, -1e-3, 1e-3);
      x[2 * i + 1] += (float) g_rand_double_range (rand, -1e-3, 1e-3);
    }

  for (gsize i = 0; i < n; i += 1000)
    hk_call_analyzer_feed_interleaved (an, x + 2 * i, MIN (1000, n - i));

  g_rand_free (rand);
  return hk_call_analyzer_finish (an, peaks);
}

static void
test_call_analysis (void)
{
  g_autoptr(HkPeaks) peaks = NULL;
  g_autoptr(HkCallAnalysis) a = analyse_turns (&peaks);
  const HkSegments *c = hk_call_analysis_get_segments (a, HK_PARTY_CUSTOMER);
  const HkSegments *t = hk_call_analysis_get_segments (a, HK_PARTY_TRAINEE);
  const HkVoiceMetrics *cm = hk_call_analysis_get_metrics (a, HK_PARTY_CUSTOMER);
  const HkVoiceMetrics *tm = hk_call_analysis_get_metrics (a, HK_PARTY_TRAINEE);
  const GArray *markers = hk_call_analysis_get_markers (a);
  double total;

  g_assert_true (hk_call_analysis_has_customer (a));
  g_assert_true (hk_call_analysis_heard_speech (a));
  g_assert_cmpfloat_with_epsilon (hk_call_analysis_get_duration (a), 12.0, 0.011);
  g_assert_cmpuint (hk_segments_get_n (c), ==, 2);
  g_assert_cmpuint (hk_segments_get_n (t), ==, 2);
  g_assert_cmpfloat_with_epsilon (hk_segments_get (c, 0)->start, 1.0, 0.06);
  g_assert_cmpfloat_with_epsilon (hk_segments_get (t, 0)->start, 4.2, 0.06);

  g_assert_cmpuint (cm->n_turns, ==, 2);
  g_assert_cmpuint (tm->n_turns, ==, 2);
  g_assert_cmpfloat_with_epsilon (cm->talk_time, 5.0, 0.15);
  g_assert_cmpfloat_with_epsilon (tm->talk_time, 2.8, 0.15);
  g_assert_cmpfloat_with_epsilon (cm->longest_turn, 3.0, 0.1);
  g_assert_cmpfloat_with_epsilon (cm->talk_ratio, 5.0 / 12.0, 0.02);
  g_assert_cmpfloat_with_epsilon (cm->pitch_median, 110.0, 3.0);
  g_assert_cmpfloat_with_epsilon (tm->pitch_median, 220.0, 5.0);
  g_assert_cmpfloat_with_epsilon (hk_call_analysis_get_non_talk_time (a), 12.0 - 7.8, 0.2);

  g_assert_cmpuint (markers->len, ==, 2);
  g_assert_cmpint (g_array_index (markers, HkMarker, 0).type, ==, HK_MARKER_RESPONSE_GAP);
  g_assert_cmpint (g_array_index (markers, HkMarker, 0).gap_class, ==, HK_GAP_RUSHED);
  g_assert_cmpint (g_array_index (markers, HkMarker, 1).gap_class, ==, HK_GAP_ROOM);
  g_assert_cmpuint (hk_call_analysis_count_markers (a, HK_MARKER_RESPONSE_GAP, &total), ==, 2);
  g_assert_cmpfloat_with_epsilon (total, 0.2 + 1.0, 0.1);

  g_assert_nonnull (peaks);
  g_assert_cmpuint (hk_peaks_get_n_channels (peaks), ==, 2);
  g_assert_cmpfloat_with_epsilon (hk_peaks_get_duration (peaks), 12.0, 0.01);
}

static void
test_turn_summaries (void)
{
  g_autoptr(HkCallAnalysis) a = analyse_turns (NULL);
  g_autoptr(HkSegments) lines = hk_segments_new ();
  g_autoptr(GArray) turns = NULL;
  const HkTurnSummary *t0, *t1;
  g_autofree char *text = NULL;

  hk_segments_add (lines, 1.0, 4.0);
  hk_segments_add (lines, 7.0, 9.0);
  turns = hk_call_analysis_summarise_turns (a, lines);
  g_assert_cmpuint (turns->len, ==, 2);
  t0 = &g_array_index (turns, HkTurnSummary, 0);
  t1 = &g_array_index (turns, HkTurnSummary, 1);
  g_assert_cmpfloat_with_epsilon (t0->gap, 0.2, 0.06);
  g_assert_cmpint (t0->gap_class, ==, HK_GAP_RUSHED);
  g_assert_cmpfloat_with_epsilon (t0->answer_time, 1.8, 0.1);
  g_assert_cmpuint (t0->interruptions, ==, 0);
  g_assert_cmpfloat_with_epsilon (t1->gap, 1.0, 0.06);
  g_assert_cmpint (t1->gap_class, ==, HK_GAP_ROOM);
  g_assert_cmpfloat_with_epsilon (t1->answer_time, 1.0, 0.1);

  /* And what the first gap means, in a sentence. */
  text = hk_marker_describe (&g_array_index (hk_call_analysis_get_markers (a), HkMarker, 0), FALSE);
  g_assert_true (g_str_has_prefix (text, "You answered 0.2 s after the customer stopped: rushed"));
}

static void
test_figures (void)
{
  g_autoptr(HkCallAnalysis) a = analyse_turns (NULL);
  HkFigureValue f[HK_N_FIGURES];
  g_autofree char *share = NULL;
  g_autofree char *norm = NULL;

  hk_figures_measure (a, f);
  /* 2.8 s of the trainee's against 5 s of the customer's. */
  g_assert_cmpfloat_with_epsilon (f[HK_FIGURE_TALK_SHARE].value, 2.8 / 7.8, 0.02);
  g_assert_cmpint (f[HK_FIGURE_TALK_SHARE].verdict, ==, HK_VERDICT_WITHIN);
  g_assert_cmpfloat_with_epsilon (f[HK_FIGURE_MEAN_GAP].value, 0.6, 0.06);
  g_assert_cmpint (f[HK_FIGURE_MEAN_GAP].verdict, ==, HK_VERDICT_WITHIN);
  g_assert_cmpfloat (f[HK_FIGURE_INTERRUPTIONS].value, ==, 0);
  g_assert_cmpint (f[HK_FIGURE_INTERRUPTIONS].verdict, ==, HK_VERDICT_WITHIN);
  /* No “mm” while the customer spoke. */
  g_assert_cmpint (f[HK_FIGURE_BACKCHANNELS].verdict, ==, HK_VERDICT_OUTSIDE);
  g_assert_cmpint (f[HK_FIGURE_PITCH_SPREAD].verdict, !=, HK_VERDICT_UNKNOWN);

  share = hk_figure_format (&f[HK_FIGURE_TALK_SHARE]);
  g_assert_cmpstr (share, ==, "36 %");
  norm = hk_figure_norm (HK_FIGURE_MEAN_GAP, hk_call_analysis_get_thresholds (a));
  g_assert_nonnull (strstr (norm, "0.3 s"));
  g_assert_nonnull (strstr (norm, "3.0 s"));
  for (HkFigure i = 0; i < HK_N_FIGURES; i++)
    g_assert_nonnull (hk_figure_label (i));
}

static void
test_marker_sentences (void)
{
  for (HkMarkerType type = 0; type < HK_N_MARKER_TYPES; type++)
    for (HkGapClass klass = HK_GAP_NONE; klass <= HK_GAP_LONG; klass++)
      for (gboolean pair = FALSE; pair <= TRUE; pair++)
        {
          HkMarker m = { type, 2.0, 3.5, HK_PARTY_TRAINEE, type == HK_MARKER_RESPONSE_GAP ? klass : HK_GAP_NONE };
          g_autofree char *text = hk_marker_describe (&m, pair);

          /* A whole sentence, with the length in it. */
          g_assert_nonnull (strstr (text, "1.5 s"));
          g_assert_true (g_str_has_suffix (text, "."));
          if (pair && type != HK_MARKER_DEAD_AIR && type != HK_MARKER_OVERTALK)
            g_assert_nonnull (strstr (text, "artner"));
        }
}

static void
test_json (void)
{
  g_autoptr(HkCallAnalysis) a = analyse_turns (NULL);
  g_autoptr(JsonNode) root = hk_call_analysis_to_json (a);
  g_autofree char *text = hk_json_write (root, TRUE);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *o, *parties, *customer, *metrics, *marker;
  JsonArray *segs, *markers;

  /* The printed text parses back, and has the documented shape. */
  g_assert_true (json_parser_load_from_data (parser, text, -1, &error));
  g_assert_no_error (error);
  o = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (o, "duration"), 12.0, 0.011);
  g_assert_cmpstr (json_object_get_string_member (o, "mode"), ==, "two-party");
  parties = json_object_get_object_member (o, "parties");
  customer = json_object_get_object_member (parties, "customer");
  g_assert_true (json_object_has_member (parties, "trainee"));
  segs = json_object_get_array_member (customer, "segments");
  g_assert_cmpuint (json_array_get_length (segs), ==, 2);
  g_assert_cmpuint (json_array_get_length (json_array_get_array_element (segs, 0)), ==, 2);
  metrics = json_object_get_object_member (customer, "metrics");
  for (const char * const *k = (const char *[]) { "talk-time", "talk-ratio", "turns", "mean-turn",
                                                   "longest-turn", "speaking-rate", "pitch-median-hz",
                                                   "pitch-spread-st", "loudness-dbfs", NULL }; *k; k++)
    g_assert_true (json_object_has_member (metrics, *k));
  markers = json_object_get_array_member (o, "markers");
  g_assert_cmpuint (json_array_get_length (markers), ==, 2);
  marker = json_array_get_object_element (markers, 0);
  g_assert_cmpstr (json_object_get_string_member (marker, "type"), ==, "response-gap");
  g_assert_cmpstr (json_object_get_string_member (marker, "party"), ==, "trainee");
  g_assert_cmpstr (json_object_get_string_member (marker, "class"), ==, "rushed");
  g_assert_cmpfloat (json_object_get_double_member (marker, "end"), >, json_object_get_double_member (marker, "start"));
  g_assert_cmpfloat (json_object_get_double_member (json_object_get_object_member (o, "settings"), "long-gap"), ==, 3.0);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (
                     json_object_get_object_member (o, "summary"), "response-gap"), "count"), ==, 2);

  /* Three decimals at most, never json-glib's seventeen digits. */
  g_assert_null (strstr (text, "99999"));
  g_assert_null (strstr (text, "00001"));
}

static void
test_json_round_trip (void)
{
  g_autoptr(HkCallAnalysis) a = analyse_turns (NULL);
  g_autoptr(JsonNode) root = hk_call_analysis_to_json (a);
  g_autoptr(HkCallAnalysis) b = hk_call_analysis_new_from_json (root);
  g_autoptr(JsonNode) again = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *first = hk_json_write (root, FALSE);
  g_autofree char *second = NULL;

  /* What session.json keeps rebuilds the same analysis without audio. */
  g_assert_nonnull (b);
  again = hk_call_analysis_to_json (b);
  second = hk_json_write (again, FALSE);
  g_assert_cmpstr (first, ==, second);
  g_assert_cmpuint (hk_call_analysis_get_markers (b)->len, ==, 2);
  g_assert_cmpfloat (hk_call_analysis_get_metrics (b, HK_PARTY_TRAINEE)->pitch_median, >, 200.0);

  /* Anything else is refused, not half-read. */
  for (const char * const *bad = (const char *[]) {
         "[]", "{}", "{\"duration\": 3}", "{\"duration\": -1, \"parties\": {\"trainee\": {\"segments\": []}}}",
         "{\"duration\": 3, \"parties\": {\"trainee\": {\"segments\": [[2, 1]]}}}",
         "{\"duration\": 3, \"parties\": {\"trainee\": {\"segments\": [[1, \"x\"]]}}}",
         "{\"duration\": 3, \"parties\": {\"trainee\": {\"segments\": [{}]}}}",
         NULL }; *bad; bad++)
    {
      g_autoptr(HkCallAnalysis) none = NULL;

      g_assert_true (json_parser_load_from_data (parser, *bad, -1, NULL));
      none = hk_call_analysis_new_from_json (json_parser_get_root (parser));
      g_assert_null (none);
    }
}

static void
test_json_writer (void)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "a");
  json_builder_add_double_value (b, 7.13);
  json_builder_set_member_name (b, "b");
  json_builder_add_double_value (b, -0.0001);
  json_builder_set_member_name (b, "quote \"here\"\n");
  json_builder_add_string_value (b, "tab\tand \\ and \x01");
  json_builder_set_member_name (b, "inf");
  json_builder_add_double_value (b, -INFINITY);
  json_builder_set_member_name (b, "n");
  json_builder_add_int_value (b, 42);
  json_builder_set_member_name (b, "t");
  json_builder_add_boolean_value (b, TRUE);
  json_builder_end_object (b);
  root = json_builder_get_root (b);

  text = hk_json_write (root, FALSE);
  g_assert_cmpstr (text, ==,
                   "{\"a\":7.13,\"b\":0,\"quote \\\"here\\\"\\n\":\"tab\\tand \\\\ and \\u0001\","
                   "\"inf\":null,\"n\":42,\"t\":true}");
}

static void
test_labels_and_textgrid (void)
{
  g_autoptr(HkThresholds) th = hk_thresholds_new ();
  HkSegments *c = hk_segments_new ();
  HkSegments *t = hk_segments_new ();
  g_autoptr(HkCallAnalysis) a = NULL;
  g_autofree char *labels = NULL;
  g_autofree char *grid = NULL;
  g_auto(GStrv) lines = NULL;

  /* The trainee cuts in: interruption and overtalk overlap in time. */
  hk_segments_add (c, 0.5, 4.0);
  hk_segments_add (t, 3.0, 6.0);
  a = hk_call_analysis_new (8.0, c, t, NULL, NULL, th);

  labels = hk_call_analysis_to_labels (a);
  lines = g_strsplit (labels, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 3);
  g_assert_cmpstr (lines[0], ==, "3.000000\t4.000000\tinterruption trainee");
  g_assert_cmpstr (lines[1], ==, "3.000000\t4.000000\tovertalk both");

  grid = hk_call_analysis_to_textgrid (a);
  g_assert_true (g_str_has_prefix (grid, "File type = \"ooTextFile\"\nObject class = \"TextGrid\"\n"));
  g_assert_nonnull (strstr (grid, "size = 3\n"));
  g_assert_nonnull (strstr (grid, "name = \"customer\""));
  g_assert_nonnull (strstr (grid, "name = \"trainee\""));
  g_assert_nonnull (strstr (grid, "name = \"markers\""));
  /* Overlapping markers share one interval of the markers tier. */
  g_assert_nonnull (strstr (grid, "text = \"interruption + overtalk\""));
  /* Every tier covers the call: customer silence, speech, silence. */
  g_assert_nonnull (strstr (grid, "xmin = 4.000000\n            xmax = 8.000000\n            text = \"\""));
}

static void
test_trainee_only (void)
{
  g_autoptr(HkThresholds) th = hk_thresholds_new ();
  g_autoptr(HkCallAnalyzer) an = hk_call_analyzer_new (1, th);
  g_autoptr(HkCallAnalysis) a = NULL;
  g_autoptr(JsonNode) root = NULL;
  gsize n;
  g_autofree float *x = syllables (3.0, 4.0, 200.0, 0.2, &n);
  g_autofree float *gap = g_new0 (float, 2 * RATE);

  /* Speech, two seconds of silence, speech again: a hesitation. */
  hk_call_analyzer_feed (an, 0, x, n);
  hk_call_analyzer_feed (an, 0, gap, 2 * RATE);
  hk_call_analyzer_feed (an, 0, x, n);
  a = hk_call_analyzer_finish (an, NULL);

  g_assert_false (hk_call_analysis_has_customer (a));
  g_assert_null (hk_call_analysis_get_segments (a, HK_PARTY_CUSTOMER));
  g_assert_null (hk_call_analysis_get_metrics (a, HK_PARTY_CUSTOMER));
  g_assert_cmpuint (hk_call_analysis_count_markers (a, HK_MARKER_HESITATION, NULL), ==, 1);
  g_assert_cmpuint (hk_call_analysis_count_markers (a, HK_MARKER_RESPONSE_GAP, NULL), ==, 0);
  g_assert_cmpuint (hk_call_analysis_get_metrics (a, HK_PARTY_TRAINEE)->n_turns, ==, 1);

  root = hk_call_analysis_to_json (a);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (root), "mode"), ==, "trainee-only");
  g_assert_false (json_object_has_member (json_object_get_object_member (json_node_get_object (root), "parties"),
                                          "customer"));
}

/* Buffers a broken decoder or a hostile file could produce. */
static void
test_pathological (void)
{
  g_autoptr(HkThresholds) th = hk_thresholds_new ();
  const gsize n = 5 * RATE;
  g_autofree float *x = g_new (float, 2 * n);
  GRand *rand = g_rand_new_with_seed (11);

  for (guint kind = 0; kind < 6; kind++)
    {
      g_autoptr(HkCallAnalyzer) an = hk_call_analyzer_new (2, th);
      g_autoptr(HkCallAnalysis) a = NULL;
      g_autoptr(HkPeaks) peaks = NULL;
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *text = NULL;

      for (gsize i = 0; i < 2 * n; i++)
        switch (kind)
          {
          case 0: x[i] = 0.0f; break;
          case 1: x[i] = (i / 80) % 2 ? 1.0f : -1.0f; break;          /* full-scale square */
          case 2: x[i] = NAN; break;
          case 3: x[i] = i % 3 ? INFINITY : -INFINITY; break;
          case 4: x[i] = (float) g_rand_double_range (rand, -1e6, 1e6); break;
          default: x[i] = i % 7 ? NAN : (float) g_rand_double_range (rand, -1, 1); break;
          }

      /* Odd chunk sizes, down to nothing at all. */
      for (gsize i = 0; i < n;)
        {
          /* MIN() evaluates twice: draw the size first. */
          gsize want = (gsize) g_rand_int_range (rand, 0, 777);
          gsize chunk = MIN (want, n - i);

          hk_call_analyzer_feed_interleaved (an, x + 2 * i, chunk);
          i += chunk;
        }
      a = hk_call_analyzer_finish (an, &peaks);
      root = hk_call_analysis_to_json (a);
      text = hk_json_write (root, FALSE);
      g_assert_nonnull (text);
      g_assert_cmpfloat_with_epsilon (hk_call_analysis_get_duration (a), 5.0, 0.011);
      if (kind == 0 || kind == 2 || kind == 3)
        g_assert_false (hk_call_analysis_heard_speech (a));
    }

  g_rand_free (rand);
}

static void
test_peaks_levels (void)
{
  g_autoptr(HkPeaks) p = hk_peaks_new (1);
  const gsize n = 10 * RATE + 123;
  g_autofree float *x = g_new (float, n);
  float mins[4], maxs[4];

  /* A ramp from -1 to 1: each stretch's extremes are known. */
  for (gsize i = 0; i < n; i++)
    x[i] = (float) (-1.0 + 2.0 * i / (n - 1));
  hk_peaks_add (p, 0, x, 1000);
  hk_peaks_add (p, 0, x + 1000, n - 1000);
  hk_peaks_finish (p);

  g_assert_cmpuint (hk_peaks_get_n_samples (p, 0), ==, n);
  for (guint l = 0; l < HK_PEAKS_N_LEVELS; l++)
    g_assert_cmpuint (hk_peaks_get_n_buckets (p, 0, l), ==,
                      (n + hk_peaks_get_bucket_size (l) - 1) / hk_peaks_get_bucket_size (l));

  /* Four columns over the whole call read from the coarsest level. */
  hk_peaks_read (p, 0, 0.0, (double) n / RATE, 4, mins, maxs);
  g_assert_cmpfloat_with_epsilon (mins[0], -1.0, 1e-3);
  g_assert_cmpfloat_with_epsilon (maxs[3], 1.0, 1e-3);
  for (guint c = 0; c < 4; c++)
    g_assert_cmpfloat (mins[c], <=, maxs[c]);
  /* Bucket edges may round outwards, never inwards. */
  g_assert_cmpfloat (maxs[1], >=, 0.0 - 1e-3);

  /* A close zoom reads fine buckets. */
  hk_peaks_read (p, 0, 5.0, 5.064, 4, mins, maxs);
  for (guint c = 0; c < 4; c++)
    {
      double mid = -1.0 + 2.0 * (5.0 + 0.016 * c + 0.008) * RATE / (n - 1);

      g_assert_cmpfloat (mins[c], <=, mid + 1e-3);
      g_assert_cmpfloat (maxs[c], >=, mid - 1e-3);
      g_assert_cmpfloat (maxs[c] - mins[c], <, 0.01);
    }

  /* Past the end is silence. */
  hk_peaks_read (p, 0, 100.0, 200.0, 4, mins, maxs);
  g_assert_cmpfloat (mins[0], ==, 0.0);
  g_assert_cmpfloat (maxs[3], ==, 0.0);
}

static void
test_peaks_file (void)
{
  g_autofree char *dir = g_dir_make_tmp ("hearken-peaks-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "peaks.bin", NULL);
  g_autoptr(HkPeaks) p = hk_peaks_new (2);
  g_autoptr(HkPeaks) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree float *x = g_new (float, 3 * RATE);
  g_autofree char *data = NULL;
  HkPeaksStamp stamp = { 1234, 5678 };
  HkPeaksStamp other = { 1234, 5679 };
  float m1[50], x1[50], m2[50], x2[50];
  gsize len;

  for (gsize i = 0; i < 3 * RATE; i++)
    x[i] = (float) sin (i * 0.01) * (float) i / (3 * RATE);
  hk_peaks_add (p, 0, x, 3 * RATE);
  hk_peaks_add (p, 1, x, RATE);
  hk_peaks_finish (p);

  g_assert_true (hk_peaks_save (p, path, &stamp, &error));
  g_assert_no_error (error);

  back = hk_peaks_load (path, &stamp, &error);
  g_assert_no_error (error);
  g_assert_nonnull (back);
  g_assert_cmpuint (hk_peaks_get_n_samples (back, 1), ==, RATE);
  for (guint ch = 0; ch < 2; ch++)
    {
      hk_peaks_read (p, ch, 0.0, 3.0, 50, m1, x1);
      hk_peaks_read (back, ch, 0.0, 3.0, 50, m2, x2);
      g_assert_cmpmem (m1, sizeof m1, m2, sizeof m2);
      g_assert_cmpmem (x1, sizeof x1, x2, sizeof x2);
    }
  g_clear_pointer (&back, hk_peaks_free);

  /* Another recording: stale. */
  g_assert_null (hk_peaks_load (path, &other, &error));
  g_assert_error (error, HK_PEAKS_ERROR, HK_PEAKS_ERROR_STALE);
  g_clear_error (&error);

  g_assert_true (g_file_get_contents (path, &data, &len, NULL));

  /* One flipped bit anywhere: damaged. */
  data[len / 2] ^= 0x10;
  g_assert_true (g_file_set_contents (path, data, len, NULL));
  g_assert_null (hk_peaks_load (path, &stamp, &error));
  g_assert_error (error, HK_PEAKS_ERROR, HK_PEAKS_ERROR_DAMAGED);
  g_clear_error (&error);
  data[len / 2] ^= 0x10;

  /* Torn write: damaged. */
  g_assert_true (g_file_set_contents (path, data, len - 100, NULL));
  g_assert_null (hk_peaks_load (path, &stamp, &error));
  g_assert_error (error, HK_PEAKS_ERROR, HK_PEAKS_ERROR_DAMAGED);
  g_clear_error (&error);

  /* From a future version. */
  data[8] = 99;
  g_assert_true (g_file_set_contents (path, data, len, NULL));
  g_assert_null (hk_peaks_load (path, &stamp, &error));
  g_assert_error (error, HK_PEAKS_ERROR, HK_PEAKS_ERROR_VERSION);
  g_clear_error (&error);

  /* Not a cache at all, and no file. */
  g_assert_true (g_file_set_contents (path, "hello", 5, NULL));
  g_assert_null (hk_peaks_load (path, &stamp, &error));
  g_assert_error (error, HK_PEAKS_ERROR, HK_PEAKS_ERROR_DAMAGED);
  g_clear_error (&error);
  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_null (hk_peaks_load (path, &stamp, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_clear_error (&error);

  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Analysis/pitch/tones", test_pitch_tones);
  g_test_add_func ("/Analysis/pitch/unvoiced", test_pitch_unvoiced);
  g_test_add_func ("/Analysis/voice-meter/syllables", test_voice_meter);
  g_test_add_func ("/Analysis/voice-meter/silence", test_voice_meter_silence);
  g_test_add_func ("/Analysis/call/two-party", test_call_analysis);
  g_test_add_func ("/Analysis/call/json", test_json);
  g_test_add_func ("/Analysis/call/figures", test_figures);
  g_test_add_func ("/Analysis/call/json-round-trip", test_json_round_trip);
  g_test_add_func ("/Analysis/call/turn-summaries", test_turn_summaries);
  g_test_add_func ("/Analysis/call/marker-sentences", test_marker_sentences);
  g_test_add_func ("/Analysis/call/json-writer", test_json_writer);
  g_test_add_func ("/Analysis/call/labels-and-textgrid", test_labels_and_textgrid);
  g_test_add_func ("/Analysis/call/trainee-only", test_trainee_only);
  g_test_add_func ("/Analysis/call/pathological", test_pathological);
  g_test_add_func ("/Analysis/peaks/levels", test_peaks_levels);
  g_test_add_func ("/Analysis/peaks/file", test_peaks_file);

  return g_test_run ();
}
