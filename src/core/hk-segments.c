/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hk-segments"

#include "config.h"

#include "hk-segments.h"

/**
 * hk_segments_new:
 *
 * Returns: (transfer full): an empty list; free with g_array_unref()
 */
HkSegments *
hk_segments_new (void)
{
  return g_array_new (FALSE, FALSE, sizeof (HkSegment));
}

/**
 * hk_segments_add:
 *
 * Appends a segment; segments must come in time order. One that overlaps
 * or touches the last is merged into it. Empty or reversed spans are
 * ignored.
 */
void
hk_segments_add (HkSegments *self,
                 double      start,
                 double      end)
{
  HkSegment seg = { start, end };

  g_return_if_fail (self != NULL);

  if (!(end > start))
    return;

  if (self->len > 0)
    {
      HkSegment *last = &g_array_index (self, HkSegment, self->len - 1);

      g_return_if_fail (start >= last->start);
      if (start <= last->end)
        {
          last->end = MAX (last->end, end);
          return;
        }
    }

  g_array_append_val (self, seg);
}

/**
 * hk_segments_tidy:
 * @bridge: silences shorter than this are bridged, in seconds
 * @min_length: segments shorter than this afterwards are dropped
 *
 * Applies DESIGN.md's smoothing: gaps under 200 ms are bridged, blips
 * under 80 ms dropped. Bridging comes first, so a word broken by a short
 * stop is kept whole.
 */
void
hk_segments_tidy (HkSegments *self,
                  double      bridge,
                  double      min_length)
{
  guint out = 0;

  g_return_if_fail (self != NULL);

  for (guint i = 0; i < self->len; i++)
    {
      HkSegment seg = g_array_index (self, HkSegment, i);

      if (out > 0 && seg.start - g_array_index (self, HkSegment, out - 1).end < bridge)
        g_array_index (self, HkSegment, out - 1).end = MAX (seg.end,
                                                          g_array_index (self, HkSegment, out - 1).end);
      else
        g_array_index (self, HkSegment, out++) = seg;
    }
  g_array_set_size (self, out);

  out = 0;
  for (guint i = 0; i < self->len; i++)
    {
      HkSegment seg = g_array_index (self, HkSegment, i);

      if (seg.end - seg.start >= min_length)
        g_array_index (self, HkSegment, out++) = seg;
    }
  g_array_set_size (self, out);
}

guint
hk_segments_get_n (const HkSegments *self)
{
  return self ? self->len : 0;
}

const HkSegment *
hk_segments_get (const HkSegments *self,
                 guint             i)
{
  g_return_val_if_fail (self != NULL && i < self->len, NULL);

  return &g_array_index (self, HkSegment, i);
}

/**
 * hk_segments_total:
 *
 * Returns: the summed length of all segments, in seconds
 */
double
hk_segments_total (const HkSegments *self)
{
  double total = 0.0;

  for (guint i = 0; self != NULL && i < self->len; i++)
    total += g_array_index (self, HkSegment, i).end - g_array_index (self, HkSegment, i).start;

  return total;
}

/**
 * hk_segments_covers:
 * @index: (out) (optional): the covering segment
 *
 * Returns: whether @time lies inside a segment (start inclusive, end
 *   exclusive); a binary search, so cost grows with the log of the length
 */
gboolean
hk_segments_covers (const HkSegments *self,
                    double            time,
                    guint            *index)
{
  guint lo = 0, hi = self ? self->len : 0;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      const HkSegment *seg = &g_array_index (self, HkSegment, mid);

      if (time < seg->start)
        hi = mid;
      else if (time >= seg->end)
        lo = mid + 1;
      else
        {
          if (index)
            *index = mid;
          return TRUE;
        }
    }

  return FALSE;
}

/**
 * hk_segments_union:
 * @a: segments
 * @b: more segments
 *
 * Returns: (transfer full): the time covered by @a or @b, as segments
 */
HkSegments *
hk_segments_union (const HkSegments *a,
                   const HkSegments *b)
{
  HkSegments *out = hk_segments_new ();
  guint i = 0, j = 0;

  g_return_val_if_fail (a != NULL && b != NULL, out);

  while (i < a->len || j < b->len)
    {
      const HkSegment *next;

      if (j >= b->len || (i < a->len && hk_segments_get (a, i)->start <= hk_segments_get (b, j)->start))
        next = hk_segments_get (a, i++);
      else
        next = hk_segments_get (b, j++);
      hk_segments_add (out, next->start, next->end);
    }

  return out;
}
