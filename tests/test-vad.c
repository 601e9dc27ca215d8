/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>

#include "hk-vad.h"

typedef struct {
  double start;
  double end;
} Span;

/* A voiced, speech-like sound: harmonics of a gliding fundamental under a
 * syllable-rate envelope, at about -20 dBFS. */
static double
voice_sample (double t,
              double f0)
{
  double envelope = 0.65 + 0.35 * sin (2.0 * G_PI * 4.0 * t);
  /* The phase integrates a fundamental gliding by 8 % at 0.7 Hz. */
  double phase = 2.0 * G_PI * f0 * t - f0 * 0.08 / 0.7 * cos (2.0 * G_PI * 0.7 * t);
  double v = 0.0;

  for (int k = 1; k <= 12; k++)
    v += sin (k * phase) / k;

  return 0.05 * envelope * v;
}

/* Builds @seconds of audio with speech in @spans, white noise at @snr_db
 * below the speech level, optional 50 Hz hum and clicks. */
static float *
make_call (double      seconds,
           const Span *spans,
           guint       n_spans,
           double      snr_db,
           gboolean    hum,
           gboolean    clicks,
           gsize      *n_out)
{
  gsize n = (gsize) (seconds * HK_VAD_RATE);
  float *buf = g_new0 (float, n);
  GRand *rand = g_rand_new_with_seed (4242);
  double speech_rms = 0.05 * 0.7 * sqrt (0.5 * 1.5);
  double noise_rms = speech_rms * pow (10.0, -snr_db / 20.0);

  for (gsize i = 0; i < n; i++)
    {
      double t = (double) i / HK_VAD_RATE;
      double x = 0.0;

      for (guint s = 0; s < n_spans; s++)
        if (t >= spans[s].start && t < spans[s].end)
          x += voice_sample (t, 140.0 + 40.0 * s);

      /* Uniform noise scaled to the wanted RMS. */
      x += noise_rms * sqrt (3.0) * (2.0 * g_rand_double (rand) - 1.0);
      if (hum)
        x += 0.02 * sin (2.0 * G_PI * 50.0 * t);
      if (clicks && i % HK_VAD_RATE == 1234)
        x += 0.9;
      buf[i] = (float) x;
    }

  g_rand_free (rand);
  *n_out = n;
  return buf;
}

static HkSegments *
run_vad (const float *buf,
         gsize        n,
         gsize        chunk)
{
  g_autoptr(HkVad) vad = hk_vad_new ();

  for (gsize off = 0; off < n; off += chunk)
    hk_vad_feed (vad, buf + off, MIN (chunk, n - off));
  return hk_vad_finish (vad);
}

static void
assert_matches (HkSegments *found,
                const Span *truth,
                guint       n_truth,
                double      tolerance)
{
  for (guint i = 0; i < hk_segments_get_n (found); i++)
    g_test_message ("found %.3f-%.3f", hk_segments_get (found, i)->start, hk_segments_get (found, i)->end);
  g_assert_cmpuint (hk_segments_get_n (found), ==, n_truth);
  for (guint i = 0; i < n_truth; i++)
    {
      const HkSegment *s = hk_segments_get (found, i);

      g_test_message ("span %u: true %.3f-%.3f, found %.3f-%.3f", i,
                      truth[i].start, truth[i].end, s->start, s->end);
      g_assert_cmpfloat (fabs (s->start - truth[i].start), <=, tolerance);
      g_assert_cmpfloat (fabs (s->end - truth[i].end), <=, tolerance);
    }
}

static const Span call[] = {
  { 1.00, 3.50 },
  { 4.20, 4.80 },
  { 7.00, 12.30 },
  { 12.90, 14.00 },
};

static void
check_snr (double   snr_db,
           gboolean hum,
           gboolean clicks)
{
  gsize n;
  g_autofree float *buf = make_call (16.0, call, G_N_ELEMENTS (call), snr_db, hum, clicks, &n);
  g_autoptr(HkSegments) found = run_vad (buf, n, 1000);

  assert_matches (found, call, G_N_ELEMENTS (call), 0.05);
}

static void
test_clean (void)
{
  check_snr (40.0, FALSE, FALSE);
}

static void
test_snr_20 (void)
{
  check_snr (20.0, FALSE, FALSE);
}

static void
test_hum_and_clicks (void)
{
  check_snr (25.0, TRUE, TRUE);
}

static void
test_chunking_does_not_matter (void)
{
  gsize n;
  g_autofree float *buf = make_call (16.0, call, G_N_ELEMENTS (call), 25.0, FALSE, FALSE, &n);
  g_autoptr(HkSegments) a = run_vad (buf, n, 1);
  g_autoptr(HkSegments) b = run_vad (buf, n, 160);
  g_autoptr(HkSegments) c = run_vad (buf, n, 48000);

  g_assert_cmpuint (hk_segments_get_n (a), ==, hk_segments_get_n (b));
  g_assert_cmpuint (hk_segments_get_n (a), ==, hk_segments_get_n (c));
  for (guint i = 0; i < hk_segments_get_n (a); i++)
    {
      g_assert_cmpfloat (hk_segments_get (a, i)->start, ==, hk_segments_get (c, i)->start);
      g_assert_cmpfloat (hk_segments_get (a, i)->end, ==, hk_segments_get (b, i)->end);
    }
}

/* A word that ends in a stop: its closure is 60 ms of silence, then a
 * short, faint burst ("...bad"). The burst, some 20 dB below the vowel
 * and 6 dB above the hiss, still belongs to the word; the hiss after it
 * does not. */
static void
test_final_burst (void)
{
  static const Span word[] = { { 1.00, 2.50 } };
  const double burst_start = 2.56, burst_end = 2.62;
  double speech_rms = 0.05 * 0.7 * sqrt (0.5 * 1.5);
  double noise_rms = speech_rms * pow (10.0, -20.0 / 20.0);
  double burst_rms = noise_rms * pow (10.0, 6.0 / 20.0);
  GRand *rand = g_rand_new_with_seed (7);
  gsize n;
  g_autofree float *buf = make_call (5.0, word, 1, 20.0, FALSE, FALSE, &n);
  g_autoptr(HkSegments) found = NULL;
  const HkSegment *s;

  for (gsize i = (gsize) (burst_start * HK_VAD_RATE); i < (gsize) (burst_end * HK_VAD_RATE); i++)
    buf[i] += (float) (burst_rms * sqrt (3.0) * (2.0 * g_rand_double (rand) - 1.0));
  g_rand_free (rand);

  found = run_vad (buf, n, 333);
  g_assert_cmpuint (hk_segments_get_n (found), ==, 1);
  s = hk_segments_get (found, 0);
  g_test_message ("word 1.000-%.3f found %.3f-%.3f", burst_end, s->start, s->end);
  g_assert_cmpfloat (fabs (s->start - word[0].start), <=, 0.03);
  g_assert_cmpfloat (fabs (s->end - burst_end), <=, 0.03);
}

/* All zeros, full-scale square waves and NaN: no crash, sane output. */
static void
test_pathological (void)
{
  gsize n = 5 * HK_VAD_RATE;
  g_autofree float *buf = g_new0 (float, n);

  {
    g_autoptr(HkSegments) s = run_vad (buf, n, 4096);
    g_assert_cmpuint (hk_segments_get_n (s), ==, 0);
  }

  for (gsize i = 0; i < n; i++)
    buf[i] = (i / 40) % 2 ? 1.0f : -1.0f;
  {
    g_autoptr(HkVad) vad = hk_vad_new ();
    g_autoptr(HkSegments) s = NULL;

    hk_vad_feed (vad, buf, n);
    s = hk_vad_finish (vad);
    g_assert_cmpfloat (hk_vad_get_duration (vad), ==, 5.0);
    for (guint i = 0; i < hk_segments_get_n (s); i++)
      g_assert_cmpfloat (hk_segments_get (s, i)->end, <=, 5.0);
  }

  for (gsize i = 0; i < n; i++)
    buf[i] = i % 3 ? NAN : INFINITY;
  {
    g_autoptr(HkSegments) s = run_vad (buf, n, 777);
    g_assert_cmpuint (hk_segments_get_n (s), ==, 0);
  }

  {
    g_autoptr(HkVad) vad = hk_vad_new ();
    g_autoptr(HkSegments) s = hk_vad_finish (vad);
    g_assert_cmpuint (hk_segments_get_n (s), ==, 0);
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Analysis/vad/clean", test_clean);
  g_test_add_func ("/Analysis/vad/snr-20", test_snr_20);
  g_test_add_func ("/Analysis/vad/hum-and-clicks", test_hum_and_clicks);
  g_test_add_func ("/Analysis/vad/chunking", test_chunking_does_not_matter);
  g_test_add_func ("/Analysis/vad/final-burst", test_final_burst);
  g_test_add_func ("/Analysis/vad/pathological", test_pathological);

  return g_test_run ();
}
