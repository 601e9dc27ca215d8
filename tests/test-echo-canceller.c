/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>

#include "hk-call-analyzer.h"
#include "hk-echo-canceller.h"
#include "hk-test-speech.h"
#include "hk-vad.h"

#define RATE HK_VAD_RATE

/* A call as a trainee on speakers has it: the customer's lines (the
 * reference), the microphone hearing them back through a room after a
 * sound server's delay, and the trainee's own answers, one of them
 * talking over the customer. */
typedef struct {
  gsize       n;
  float      *reference;
  float      *trainee;       /* the trainee's voice alone, as the microphone hears it */
  float      *microphone;
  float      *headset;       /* the same without the echo, as a headset hears it */
  double      lead;          /* seconds of the connecting sound, not recorded */
  HkSegments *customer_truth;
  HkSegments *trainee_truth;
} Call;

static void
call_free (Call *call)
{
  g_free (call->reference);
  g_free (call->trainee);
  g_free (call->microphone);
  g_free (call->headset);
  g_clear_pointer (&call->customer_truth, g_array_unref);
  g_clear_pointer (&call->trainee_truth, g_array_unref);
  g_free (call);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Call, call_free)

static void
place (float       *into,
       gsize        n,
       const float *x,
       gsize        nx,
       double       at,
       double       gain)
{
  gsize first = (gsize) (at * RATE);

  for (gsize i = 0; i < nx && first + i < n; i++)
    into[first + i] += (float) (gain * x[i]);
}

/* @delay: seconds from the reference to the microphone; @echo_gain: the
 * direct path's gain, 0 for a headset; @connecting: whether the call
 * starts with the recorder's connecting sound. */
static Call *
build_call (double   delay,
            double   echo_gain,
            gboolean connecting)
{
  static const char *customer[] = {
    "I ordered a washing machine three weeks ago and it still has not arrived.",
    "Nobody called me back, although I was promised a call on Monday.",
    "So what are you going to do about it, and when will it finally come?",
  };
  static const char *trainee[] = {
    "I am sorry to hear that.",
    "I understand, that must be frustrating.",
    "Let me check the order for you right now.",
  };
  static const double customer_at[] = { 0.5, 6.5, 13.0 };
  /* The last answer starts while the customer is still speaking. */
  static const double trainee_at[] = { 5.0, 11.3, 15.0 };
  g_autoptr(Call) call = g_new0 (Call, 1);
  GRand *rand = g_rand_new_with_seed (77);
  double room[1200] = { 0 };

  if (connecting)
    {
      gsize n_sound;
      g_autofree float *sound = hk_echo_canceller_make_connecting_sound (&n_sound);

      call->lead = (double) n_sound / RATE;
      call->n = (gsize) ((20 + call->lead) * RATE);
      call->reference = g_new0 (float, call->n);
      memcpy (call->reference, sound, n_sound * sizeof (float));
    }
  else
    {
      call->n = 20 * RATE;
      call->reference = g_new0 (float, call->n);
    }
  call->trainee = g_new0 (float, call->n);
  call->microphone = g_new0 (float, call->n);
  call->headset = g_new0 (float, call->n);
  call->customer_truth = hk_segments_new ();
  call->trainee_truth = hk_segments_new ();

  for (guint i = 0; i < G_N_ELEMENTS (customer); i++)
    {
      gsize n_line, n_answer;
      g_autofree float *line = hk_test_speak ("en+f3", 165, customer[i], &n_line);
      g_autofree float *answer = hk_test_speak ("en+m3", 165, trainee[i], &n_answer);
      g_autoptr(HkSegments) line_truth = hk_test_true_segments (line, n_line, call->lead + customer_at[i]);
      g_autoptr(HkSegments) answer_truth = hk_test_true_segments (answer, n_answer, call->lead + trainee_at[i]);

      place (call->reference, call->n, line, n_line, call->lead + customer_at[i], 0.5);
      place (call->trainee, call->n, answer, n_answer, call->lead + trainee_at[i], 0.4);
      for (guint s = 0; s < hk_segments_get_n (line_truth); s++)
        hk_segments_add (call->customer_truth, hk_segments_get (line_truth, s)->start,
                         hk_segments_get (line_truth, s)->end);
      for (guint s = 0; s < hk_segments_get_n (answer_truth); s++)
        hk_segments_add (call->trainee_truth, hk_segments_get (answer_truth, s)->start,
                         hk_segments_get (answer_truth, s)->end);
    }
  g_assert_cmpfloat (hk_segments_get (call->trainee_truth, hk_segments_get_n (call->trainee_truth) - 1)->start,
                     <, hk_segments_get (call->customer_truth, hk_segments_get_n (call->customer_truth) - 1)->end);

  /* A small room: the direct sound, then reflections dying away over
   * 75 ms. */
  room[0] = echo_gain;
  for (guint i = 16; i < G_N_ELEMENTS (room); i++)
    room[i] = echo_gain * 0.12 * exp (-(double) i / 250.0) * g_rand_double_range (rand, -1.0, 1.0);

  for (gsize i = 0; i < call->n; i++)
    {
      double echo = 0.0;
      gint64 t = (gint64) i - (gint64) (delay * RATE);

      if (echo_gain > 0.0)
        for (guint k = 0; k < G_N_ELEMENTS (room); k++)
          if (t - (gint64) k >= 0)
            echo += room[k] * call->reference[t - k];
      /* A quiet room heard by a laptop microphone: hiss at about -55 dBFS. */
      call->headset[i] = (float) (call->trainee[i] + 0.003 * g_rand_double_range (rand, -1.0, 1.0));
      call->microphone[i] = (float) (echo + call->headset[i]);
    }

  g_rand_free (rand);
  for (guint i = 0; g_test_verbose () && i < hk_segments_get_n (call->trainee_truth); i++)
    g_test_message ("trainee spoke %.2f-%.2f", hk_segments_get (call->trainee_truth, i)->start,
                    hk_segments_get (call->trainee_truth, i)->end);
  return g_steal_pointer (&call);
}

/* Runs the canceller over the call in uneven chunks, as a microphone
 * delivers them, and returns its output back in step with the input. */
static float *
cancel (const Call       *call,
        HkEchoCanceller **out_canceller)
{
  g_autoptr(HkEchoCanceller) ec = hk_echo_canceller_new ();
  guint latency = hk_echo_canceller_get_latency (ec);
  g_autofree float *raw = g_new0 (float, call->n + latency);
  g_autofree float *zeros = g_new0 (float, latency);
  float *out = g_new0 (float, call->n);
  static const gsize chunks[] = { 160, 441, 1024, 37, 800 };
  gsize pos = 0;

  for (guint c = 0; pos < call->n; c++)
    {
      gsize n = MIN (chunks[c % G_N_ELEMENTS (chunks)], call->n - pos);

      hk_echo_canceller_process (ec, call->reference + pos, call->microphone + pos, n, raw + pos);
      pos += n;
    }
  hk_echo_canceller_process (ec, zeros, zeros, latency, raw + call->n);
  memcpy (out, raw + latency, call->n * sizeof (float));

  if (out_canceller != NULL)
    *out_canceller = g_steal_pointer (&ec);
  return out;
}

static double
energy (const float *x,
        gsize        from,
        gsize        to)
{
  double e = 0.0;

  for (gsize i = from; i < to; i++)
    e += (double) x[i] * x[i];
  return e;
}

static gboolean
inside (const HkSegments *segments,
        double            t,
        double            margin)
{
  for (guint i = 0; i < hk_segments_get_n (segments); i++)
    {
      const HkSegment *s = hk_segments_get (segments, i);

      if (t >= s->start - margin && t < s->end + margin)
        return TRUE;
    }
  return FALSE;
}

/* How much quieter the echo comes out, over the stretches where only the
 * customer speaks, from @after seconds on. */
static double
echo_reduction (const Call  *call,
                const float *out,
                double       delay,
                double       after)
{
  double in = 0.0, left = 0.0;

  for (gsize f = (gsize) (after * RATE) / 160; (f + 1) * 160 <= call->n; f++)
    {
      double t = (double) f * 160 / RATE;

      /* The echo is heard from the line's start plus the delay, and its
       * reverberation a little after the line. */
      if (inside (call->customer_truth, t - delay, 0.1) && !inside (call->trainee_truth, t, 0.1))
        {
          in += energy (call->microphone, f * 160, (f + 1) * 160);
          left += energy (out, f * 160, (f + 1) * 160);
        }
    }
  g_assert_cmpfloat (in, >, 0.0);
  return 10.0 * log10 (in / MAX (left, 1e-12));
}

static HkCallAnalysis *
analyse (const Call  *call,
         const float *trainee_channel)
{
  g_autoptr(HkThresholds) th = hk_thresholds_new ();
  g_autoptr(HkCallAnalyzer) analyzer = hk_call_analyzer_new (2, th);
  g_autofree float *both = g_new (float, 2 * call->n);
  gsize first = (gsize) (call->lead * RATE);

  /* The recording starts once the connecting sound is over. */
  for (gsize i = first; i < call->n; i++)
    {
      both[2 * (i - first)] = call->reference[i];
      both[2 * (i - first) + 1] = trainee_channel[i];
    }
  hk_call_analyzer_feed_interleaved (analyzer, both, call->n - first);
  return hk_call_analyzer_finish (analyzer, NULL);
}

/* Seconds of trainee speech found where the trainee said nothing, from
 * @from seconds on. */
static double
false_trainee_speech (const Call     *call,
                      HkCallAnalysis *analysis,
                      double          from)
{
  const HkSegments *found = hk_call_analysis_get_segments (analysis, HK_PARTY_TRAINEE);
  double wrong = 0.0;

  for (guint i = 0; i < hk_segments_get_n (found); i++)
    {
      const HkSegment *s = hk_segments_get (found, i);

      for (double t = MAX (call->lead + s->start, from); t < call->lead + s->end; t += 0.01)
        if (!inside (call->trainee_truth, t, 0.06))
          wrong += 0.01;
    }
  if (g_test_verbose ())
    for (guint i = 0; i < hk_segments_get_n (found); i++)
      g_test_message ("trainee heard %.2f-%.2f", hk_segments_get (found, i)->start, hk_segments_get (found, i)->end);
  return wrong;
}

/* Trainee segments, from @from seconds on, with no true trainee speech
 * in them at all: speech made up from the echo. */
static guint
invented_segments (const Call     *call,
                   HkCallAnalysis *analysis,
                   double          from)
{
  const HkSegments *found = hk_call_analysis_get_segments (analysis, HK_PARTY_TRAINEE);
  guint invented = 0;

  for (guint i = 0; i < hk_segments_get_n (found); i++)
    {
      const HkSegment *s = hk_segments_get (found, i);
      gboolean real = FALSE;

      for (double t = call->lead + s->start; t < call->lead + s->end && !real; t += 0.01)
        real = inside (call->trainee_truth, t, 0.0);
      invented += !real && call->lead + s->start >= from;
    }
  return invented;
}

/* Whether two analyses found the same markers, type by type, from
 * @from seconds on. */
static void
assert_same_markers (HkCallAnalysis *a,
                     HkCallAnalysis *b,
                     double          from)
{
  for (guint i = 0; g_test_verbose () && i < hk_call_analysis_get_markers (a)->len; i++)
    g_test_message ("with the canceller: %s %.2f-%.2f", hk_marker_type_id (g_array_index (hk_call_analysis_get_markers (a), HkMarker, i).type),
                    g_array_index (hk_call_analysis_get_markers (a), HkMarker, i).start, g_array_index (hk_call_analysis_get_markers (a), HkMarker, i).end);
  for (guint i = 0; g_test_verbose () && i < hk_call_analysis_get_markers (b)->len; i++)
    g_test_message ("through a headset: %s %.2f-%.2f", hk_marker_type_id (g_array_index (hk_call_analysis_get_markers (b), HkMarker, i).type),
                    g_array_index (hk_call_analysis_get_markers (b), HkMarker, i).start, g_array_index (hk_call_analysis_get_markers (b), HkMarker, i).end);
  for (HkMarkerType t = 0; t < HK_N_MARKER_TYPES; t++)
    {
      guint na = 0, nb = 0;
      const GArray *ma = hk_call_analysis_get_markers (a), *mb = hk_call_analysis_get_markers (b);

      for (guint i = 0; i < ma->len; i++)
        na += g_array_index (ma, HkMarker, i).type == t && g_array_index (ma, HkMarker, i).start >= from;
      for (guint i = 0; i < mb->len; i++)
        nb += g_array_index (mb, HkMarker, i).type == t && g_array_index (mb, HkMarker, i).start >= from;
      g_assert_cmpuint (na, ==, nb);
    }
}

static gboolean
overlap_found_at (HkCallAnalysis *analysis,
                  double          t)
{
  const GArray *markers = hk_call_analysis_get_markers (analysis);

  for (guint i = 0; i < markers->len; i++)
    {
      const HkMarker *m = &g_array_index (markers, HkMarker, i);

      if ((m->type == HK_MARKER_INTERRUPTION || m->type == HK_MARKER_BACKCHANNEL) && fabs (m->start - t) < 0.1)
        return TRUE;
    }
  return FALSE;
}

static double
trainee_kept (const Call  *call,
              const float *out)
{
  double in = 0.0, kept = 0.0;

  for (gsize f = 3 * RATE / 160; (f + 1) * 160 <= call->n; f++)
    if (inside (call->trainee_truth, (double) f * 160 / RATE, 0.0))
      {
        in += energy (call->trainee, f * 160, (f + 1) * 160);
        kept += energy (out, f * 160, (f + 1) * 160);
      }
  return 10.0 * log10 (kept / in);
}

static void
test_loud_echo (void)
{
  g_autoptr(Call) call = build_call (0.180, 0.8, FALSE);
  g_autoptr(HkEchoCanceller) ec = NULL;
  g_autofree float *out = cancel (call, &ec);
  g_autoptr(HkCallAnalysis) before = analyse (call, call->microphone);
  g_autoptr(HkCallAnalysis) after = analyse (call, out);
  /* The same call heard through a headset: what the detector makes of
   * the trainee and the room's noise alone. */
  g_autoptr(HkCallAnalysis) control = analyse (call, call->headset);
  double reduction = echo_reduction (call, out, 0.180, 3.0);
  /* The customer's first words reach the microphone at 0.68 s. */
  double first_echo = 0.68;

  g_test_message ("echo 180 ms, 2 dB down, first call: found at %.4f s, %.1f dB taken out; "
                  "false trainee speech %.2f s before, %.2f s after (%.2f s of it in the first 1.5 s), "
                  "%.2f s through a headset",
                  hk_echo_canceller_get_delay (ec), reduction, false_trainee_speech (call, before, 0.0),
                  false_trainee_speech (call, after, 0.0),
                  false_trainee_speech (call, after, 0.0) - false_trainee_speech (call, after, first_echo + 1.5),
                  false_trainee_speech (call, control, 0.0));

  /* The delay is found to the sample, or near it. */
  g_assert_cmpfloat (fabs (hk_echo_canceller_get_delay (ec) - 0.180), <, 0.002);
  g_assert_cmpfloat (reduction, >=, 25.0);

  /* Without the canceller the echo passes for the trainee talking over
   * the customer. With it, only the first moments of the first echo,
   * before its delay is known and the filter has proved it, may still
   * pass. */
  g_assert_cmpfloat (false_trainee_speech (call, before, 0.0), >, 3.0);
  g_assert_cmpuint (invented_segments (call, after, first_echo + 1.5), ==, 0);
  assert_same_markers (after, control, first_echo + 1.5);

  /* The trainee's answers come through, the one over the customer too. */
  g_assert_cmpfloat (fabs (trainee_kept (call, out)), <, 2.0);
}

static void
test_connecting (void)
{
  static const double delays[] = { 0.180, 0.430, 0.012 };

  for (guint i = 0; i < G_N_ELEMENTS (delays); i++)
    {
      g_autoptr(Call) call = build_call (delays[i], i == 1 ? 0.5 : 0.8, TRUE);
      g_autoptr(HkEchoCanceller) ec = NULL;
      g_autofree float *out = cancel (call, &ec);
      g_autoptr(HkCallAnalysis) after = analyse (call, out);
      g_autoptr(HkCallAnalysis) before = analyse (call, call->microphone);
      g_autoptr(HkCallAnalysis) control = analyse (call, call->headset);
      double reduction = echo_reduction (call, out, delays[i], call->lead);

      g_test_message ("echo %.0f ms after a %.1f s connecting sound: found at %.4f s, %.1f dB taken out, "
                      "trainee kept within %.2f dB, false trainee speech %.2f s before, %.2f s after "
                      "(%.2f s through a headset)",
                      1000.0 * delays[i], call->lead, hk_echo_canceller_get_delay (ec), reduction,
                      trainee_kept (call, out), false_trainee_speech (call, before, 0.0),
                      false_trainee_speech (call, after, 0.0), false_trainee_speech (call, control, 0.0));
      g_assert_cmpfloat (fabs (hk_echo_canceller_get_delay (ec) - delays[i]), <, 0.002);
      g_assert_cmpfloat (reduction, >=, 20.0);
      g_assert_cmpfloat (false_trainee_speech (call, before, 0.0), >, 3.0);

      /* From the customer's first word on, nothing is made up: the
       * same markers as through a headset. */
      g_assert_cmpuint (invented_segments (call, after, 0.0), ==, 0);
      assert_same_markers (after, control, 0.0);
      /* Edges may move where a fading word meets the echo's residue. */
      g_assert_cmpfloat (false_trainee_speech (call, after, 0.0), <,
                         false_trainee_speech (call, control, 0.0) + 0.3);
      g_assert_true (overlap_found_at (after, 15.0));
      g_assert_cmpfloat (fabs (trainee_kept (call, out)), <, 2.0);
    }
}

static void
test_headset (void)
{
  g_autoptr(Call) call = build_call (0.0, 0.0, FALSE);
  g_autoptr(HkEchoCanceller) ec = NULL;
  g_autofree float *out = cancel (call, &ec);
  double diff = 0.0, total = 0.0;

  /* Nothing to cancel: the trainee's voice passes untouched. */
  for (gsize i = 0; i < call->n; i++)
    {
      diff += ((double) out[i] - call->microphone[i]) * ((double) out[i] - call->microphone[i]);
      total += (double) call->microphone[i] * call->microphone[i];
    }
  g_test_message ("headset: output differs from the microphone by %.1f dB", 10.0 * log10 (diff / total + 1e-20));
  g_assert_cmpfloat (diff, <, total * 0.01);
  g_assert_cmpfloat (hk_echo_canceller_get_delay (ec), <, 0.0);
}

static void
test_bad_input (void)
{
  g_autoptr(HkEchoCanceller) ec = hk_echo_canceller_new ();
  g_autofree float *ref = g_new (float, 4 * RATE);
  g_autofree float *mic = g_new (float, 4 * RATE);
  g_autofree float *out = g_new (float, 4 * RATE);

  /* NaN, infinities, full-scale squares and silence, in turn. */
  for (gsize i = 0; i < 4 * RATE; i++)
    {
      ref[i] = (i / 800) % 2 ? 1.0f : -1.0f;
      mic[i] = i < RATE ? NAN : i < 2 * RATE ? (float) INFINITY : i < 3 * RATE ? ref[i] : 0.0f;
    }
  hk_echo_canceller_process (ec, ref, mic, 4 * RATE, out);
  hk_echo_canceller_process (ec, mic, ref, 4 * RATE, out);
  for (gsize i = 0; i < 4 * RATE; i++)
    g_assert_true (isfinite (out[i]));
  hk_echo_canceller_process (ec, NULL, NULL, 0, NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/EchoCanceller/loud-echo", test_loud_echo);
  g_test_add_func ("/EchoCanceller/connecting", test_connecting);
  g_test_add_func ("/EchoCanceller/headset", test_headset);
  g_test_add_func ("/EchoCanceller/bad-input", test_bad_input);

  return g_test_run ();
}
