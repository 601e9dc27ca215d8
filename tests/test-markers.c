/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>

#include "hk-markers.h"

/* Builds a segment list from pairs of seconds, ended by a negative value. */
static HkSegments *
segs (double first, ...)
{
  HkSegments *s = hk_segments_new ();
  va_list args;
  double start = first;

  va_start (args, first);
  while (start >= 0.0)
    {
      double end = va_arg (args, double);

      hk_segments_add (s, start, end);
      start = va_arg (args, double);
    }
  va_end (args);

  return s;
}

static guint
count (GArray       *markers,
       HkMarkerType  type)
{
  guint n = 0;

  for (guint i = 0; i < markers->len; i++)
    n += g_array_index (markers, HkMarker, i).type == type;
  return n;
}

static const HkMarker *
find (GArray       *markers,
      HkMarkerType  type,
      guint         nth)
{
  for (guint i = 0; i < markers->len; i++)
    if (g_array_index (markers, HkMarker, i).type == type && nth-- == 0)
      return &g_array_index (markers, HkMarker, i);
  return NULL;
}

#define assert_time(a, b) g_assert_cmpfloat_with_epsilon ((a), (b), 1e-9)

static void
test_gap_classes (void)
{
  /* Customer turns end at 5, 15 and 30; the trainee answers after 0.1, 1.2
   * and 4 seconds. */
  g_autoptr(HkSegments) c = segs (0.5, 5.0, 10.0, 15.0, 25.0, 30.0, -1.0);
  g_autoptr(HkSegments) t = segs (5.1, 9.0, 16.2, 24.0, 34.0, 38.0, -1.0);
  g_autoptr(HkThresholds) th = hk_thresholds_new ();
  g_autoptr(GArray) m = hk_markers_detect (c, t, th);
  const HkMarker *gap;

  g_assert_cmpuint (count (m, HK_MARKER_RESPONSE_GAP), ==, 3);
  gap = find (m, HK_MARKER_RESPONSE_GAP, 0);
  assert_time (gap->start, 5.0);
  assert_time (gap->end, 5.1);
  g_assert_cmpint (gap->gap_class, ==, HK_GAP_RUSHED);
  g_assert_cmpint (gap->party, ==, HK_PARTY_TRAINEE);
  g_assert_cmpint (find (m, HK_MARKER_RESPONSE_GAP, 1)->gap_class, ==, HK_GAP_ROOM);
  g_assert_cmpint (find (m, HK_MARKER_RESPONSE_GAP, 2)->gap_class, ==, HK_GAP_LONG);
  g_assert_cmpstr (hk_gap_class_id (HK_GAP_LONG), ==, "long");
  g_assert_cmpuint (count (m, HK_MARKER_INTERRUPTION), ==, 0);
  g_assert_cmpuint (count (m, HK_MARKER_DEAD_AIR), ==, 0);

  /* A scenario that allows four seconds turns the long gap into room. */
  hk_thresholds_set (th, HK_THRESHOLD_LONG_GAP, 4.0);
  {
    g_autoptr(GArray) m2 = hk_markers_detect (c, t, th);
    g_assert_cmpint (find (m2, HK_MARKER_RESPONSE_GAP, 2)->gap_class, ==, HK_GAP_ROOM);
  }
}

static void
test_backchannel_keeps_floor (void)
{
  /* "Uh-huh" of 0.4 s in the middle of a customer turn that goes on. */
  g_autoptr(HkSegments) c = segs (0.0, 8.0, -1.0);
  g_autoptr(HkSegments) t = segs (3.0, 3.4, 8.8, 12.0, -1.0);
  g_autoptr(HkThresholds) th = hk_thresholds_new ();
  g_autoptr(GArray) m = hk_markers_detect (c, t, th);
  const HkMarker *gap;

  g_assert_cmpuint (count (m, HK_MARKER_BACKCHANNEL), ==, 1);
  assert_time (find (m, HK_MARKER_BACKCHANNEL, 0)->start, 3.0);
  g_assert_cmpuint (count (m, HK_MARKER_INTERRUPTION), ==, 0);
  /* The response gap is measured from the end of the whole customer turn. */
  gap = find (m, HK_MARKER_RESPONSE_GAP, 0);
  g_assert_nonnull (gap);
  assert_time (gap->start, 8.0);
  assert_time (gap->end, 8.8);
  /* The backchannel overlaps for 0.4 s: overtalk on both lanes. */
  g_assert_cmpuint (count (m, HK_MARKER_OVERTALK), ==, 1);
}

static void
test_interruptions (void)
{
  g_autoptr(HkThresholds) th = hk_thresholds_new ();

  /* The trainee talks over the customer for 2 s while she goes on. */
  {
    g_autoptr(HkSegments) c = segs (0.0, 10.0, -1.0);
    g_autoptr(HkSegments) t = segs (4.0, 6.0, 10.5, 12.0, -1.0);
    g_autoptr(GArray) m = hk_markers_detect (c, t, th);
    const HkMarker *i = find (m, HK_MARKER_INTERRUPTION, 0);

    g_assert_nonnull (i);
    assert_time (i->start, 4.0);
    assert_time (i->end, 6.0);
    g_assert_cmpuint (count (m, HK_MARKER_BACKCHANNEL), ==, 0);
  }

  /* A short overlap, but the customer stops 0.3 s later: cut off. */
  {
    g_autoptr(HkSegments) c = segs (0.0, 5.3, -1.0);
    g_autoptr(HkSegments) t = segs (5.0, 9.0, -1.0);
    g_autoptr(GArray) m = hk_markers_detect (c, t, th);

    g_assert_cmpuint (count (m, HK_MARKER_INTERRUPTION), ==, 1);
    g_assert_cmpuint (count (m, HK_MARKER_RESPONSE_GAP), ==, 0);
    /* 0.3 s of both speaking is overtalk too. */
    g_assert_cmpuint (count (m, HK_MARKER_OVERTALK), ==, 1);
  }

  /* A 0.1 s overlap at the customer's last syllable stays under the
   * overtalk minimum but is still an interruption. */
  {
    g_autoptr(HkSegments) c = segs (0.0, 5.1, -1.0);
    g_autoptr(HkSegments) t = segs (5.0, 9.0, -1.0);
    g_autoptr(GArray) m = hk_markers_detect (c, t, th);

    g_assert_cmpuint (count (m, HK_MARKER_INTERRUPTION), ==, 1);
    g_assert_cmpuint (count (m, HK_MARKER_OVERTALK), ==, 0);
  }
}

static void
test_hesitation_and_dead_air (void)
{
  g_autoptr(HkThresholds) th = hk_thresholds_new ();
  /* Trainee turn 6-14 with a 2 s stop inside; then 6 s of silence. */
  g_autoptr(HkSegments) c = segs (0.0, 5.0, 20.0, 24.0, -1.0);
  g_autoptr(HkSegments) t = segs (6.0, 8.0, 10.0, 14.0, 25.0, 26.0, -1.0);
  g_autoptr(GArray) m = hk_markers_detect (c, t, th);
  const HkMarker *h, *d;

  g_assert_cmpuint (count (m, HK_MARKER_HESITATION), ==, 1);
  h = find (m, HK_MARKER_HESITATION, 0);
  assert_time (h->start, 8.0);
  assert_time (h->end, 10.0);
  g_assert_cmpuint (count (m, HK_MARKER_DEAD_AIR), ==, 1);
  d = find (m, HK_MARKER_DEAD_AIR, 0);
  assert_time (d->start, 14.0);
  assert_time (d->end, 20.0);
  g_assert_cmpint (d->party, ==, HK_PARTY_BOTH);

  /* The markers come in time order. */
  for (guint i = 1; i < m->len; i++)
    g_assert_cmpfloat (g_array_index (m, HkMarker, i - 1).start, <=,
                       g_array_index (m, HkMarker, i).start);
}

static void
test_trainee_only (void)
{
  g_autoptr(HkThresholds) th = hk_thresholds_new ();
  g_autoptr(HkSegments) t = segs (1.0, 3.0, 4.0, 6.0, 8.0, 9.0, 15.0, 16.0, -1.0);
  g_autoptr(GArray) m = hk_markers_detect (NULL, t, th);

  /* Pauses only: 2 s and 6 s hesitations, the second also dead air. */
  g_assert_cmpuint (count (m, HK_MARKER_HESITATION), ==, 2);
  g_assert_cmpuint (count (m, HK_MARKER_DEAD_AIR), ==, 1);
  g_assert_cmpuint (count (m, HK_MARKER_RESPONSE_GAP), ==, 0);
  g_assert_cmpuint (count (m, HK_MARKER_OVERTALK), ==, 0);
  g_assert_cmpuint (m->len, ==, 3);
}

static void
test_empty (void)
{
  g_autoptr(HkThresholds) th = hk_thresholds_new ();
  g_autoptr(HkSegments) none = hk_segments_new ();
  g_autoptr(GArray) m = hk_markers_detect (none, none, th);

  g_assert_cmpuint (m->len, ==, 0);
}

static void
test_tidy (void)
{
  /* A 150 ms stop inside a word is bridged; a 50 ms click is dropped. */
  g_autoptr(HkSegments) s = segs (1.0, 1.5, 1.65, 2.0, 3.0, 3.05, 4.0, 4.5, -1.0);

  hk_segments_tidy (s, 0.2, 0.08);
  g_assert_cmpuint (hk_segments_get_n (s), ==, 2);
  assert_time (hk_segments_get (s, 0)->start, 1.0);
  assert_time (hk_segments_get (s, 0)->end, 2.0);
  assert_time (hk_segments_get (s, 1)->start, 4.0);
  assert_time (hk_segments_total (s), 1.5);
  g_assert_true (hk_segments_covers (s, 1.7, NULL));
  g_assert_false (hk_segments_covers (s, 2.0, NULL));
  g_assert_false (hk_segments_covers (s, 3.5, NULL));

  /* Touching or overlapping additions merge. */
  hk_segments_add (s, 4.5, 5.0);
  hk_segments_add (s, 4.8, 4.9);
  hk_segments_add (s, 6.0, 6.0);
  g_assert_cmpuint (hk_segments_get_n (s), ==, 2);
  assert_time (hk_segments_get (s, 1)->end, 5.0);
}

/* Long random calls: every marker lies inside the call and in order, and
 * the work stays linear. */
static void
test_random_calls (void)
{
  g_autoptr(HkThresholds) th = hk_thresholds_new ();

  for (int round = 0; round < 20; round++)
    {
      g_autoptr(HkSegments) c = hk_segments_new ();
      g_autoptr(HkSegments) t = hk_segments_new ();
      g_autoptr(GArray) m = NULL;
      double tc = 0.0, tt = 0.0;

      for (int i = 0; i < 2000; i++)
        {
          tc += g_test_rand_double_range (0.05, 6.0);
          hk_segments_add (c, tc, tc + g_test_rand_double_range (0.05, 8.0));
          tc = g_array_index (c, HkSegment, c->len - 1).end;
          tt += g_test_rand_double_range (0.05, 6.0);
          hk_segments_add (t, tt, tt + g_test_rand_double_range (0.05, 8.0));
          tt = g_array_index (t, HkSegment, t->len - 1).end;
        }

      m = hk_markers_detect (c, t, th);
      g_assert_cmpuint (m->len, >, 0);
      for (guint i = 0; i < m->len; i++)
        {
          const HkMarker *mk = &g_array_index (m, HkMarker, i);

          g_assert_true (isfinite (mk->start) && isfinite (mk->end));
          g_assert_cmpfloat (mk->start, <=, mk->end);
          g_assert_cmpfloat (mk->end, <=, MAX (tc, tt));
          if (i > 0)
            g_assert_cmpfloat (g_array_index (m, HkMarker, i - 1).start, <=, mk->start);
        }
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Analysis/gap/classes", test_gap_classes);
  g_test_add_func ("/Analysis/backchannel/keeps-floor", test_backchannel_keeps_floor);
  g_test_add_func ("/Analysis/interruption", test_interruptions);
  g_test_add_func ("/Analysis/hesitation-and-dead-air", test_hesitation_and_dead_air);
  g_test_add_func ("/Analysis/trainee-only", test_trainee_only);
  g_test_add_func ("/Analysis/empty", test_empty);
  g_test_add_func ("/Analysis/segments/tidy", test_tidy);
  g_test_add_func ("/Analysis/random-calls", test_random_calls);

  return g_test_run ();
}
