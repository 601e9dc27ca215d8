/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Prints how fast the analysis engine runs on a generated two-party call
 * of one hour: voice activity for both channels and the markers. Figures
 * only; never fails on a slow machine. */
#include "config.h"

#include <math.h>
#include <time.h>

#include "hk-markers.h"
#include "hk-vad.h"

static double
cpu_seconds (void)
{
  return (double) clock () / CLOCKS_PER_SEC;
}

int
main (int    argc,
      char **argv)
{
  const double seconds = argc > 1 ? g_ascii_strtod (argv[1], NULL) : 3600.0;
  const gsize chunk = HK_VAD_RATE;   /* one second at a time, as a decoder feeds */
  g_autofree float *a = g_new (float, chunk);
  g_autofree float *b = g_new (float, chunk);
  g_autoptr(HkVad) vad_a = hk_vad_new ();
  g_autoptr(HkVad) vad_b = hk_vad_new ();
  g_autoptr(HkSegments) sa = NULL;
  g_autoptr(HkSegments) sb = NULL;
  g_autoptr(GArray) markers = NULL;
  g_autoptr(HkThresholds) th = hk_thresholds_new ();
  GRand *rand = g_rand_new_with_seed (1);
  double start, engine = 0.0;

  for (gsize s = 0; s < (gsize) seconds; s++)
    {
      /* Parties take turns of about 6 s; a little noise throughout. */
      gboolean a_talks = (s / 6) % 2 == 0;

      for (gsize i = 0; i < chunk; i++)
        {
          double t = s + (double) i / HK_VAD_RATE;
          double voice = 0.05 * sin (2.0 * G_PI * 150.0 * t) * (0.7 + 0.3 * sin (2.0 * G_PI * 4.0 * t));
          double noise = 0.002 * (2.0 * g_rand_double (rand) - 1.0);

          a[i] = (float) ((a_talks ? voice : 0.0) + noise);
          b[i] = (float) ((a_talks ? 0.0 : voice) + noise);
        }

      start = cpu_seconds ();
      hk_vad_feed (vad_a, a, chunk);
      hk_vad_feed (vad_b, b, chunk);
      engine += cpu_seconds () - start;
    }

  start = cpu_seconds ();
  sa = hk_vad_finish (vad_a);
  sb = hk_vad_finish (vad_b);
  markers = hk_markers_detect (sa, sb, th);
  engine += cpu_seconds () - start;

  g_print ("analysis engine: %.0f s of two-party audio in %.2f s of CPU: %.0fx real time "
           "(%u + %u segments, %u markers)\n",
           seconds, engine, seconds / MAX (engine, 1e-9),
           hk_segments_get_n (sa), hk_segments_get_n (sb), markers->len);

  g_rand_free (rand);
  return 0;
}
