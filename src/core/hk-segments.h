/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * HkSegment:
 * @start: seconds from the start of the call
 * @end: seconds, after @start
 *
 * A stretch of one party's speech.
 */
typedef struct {
  double start;
  double end;
} HkSegment;

/* Speech segments of one party, sorted and never overlapping. */
typedef GArray HkSegments;

HkSegments *hk_segments_new        (void);
void        hk_segments_add        (HkSegments *self,
                                    double      start,
                                    double      end);
void        hk_segments_tidy       (HkSegments *self,
                                    double      bridge,
                                    double      min_length);
guint       hk_segments_get_n      (const HkSegments *self);
const HkSegment *hk_segments_get   (const HkSegments *self,
                                    guint       i);
double      hk_segments_total      (const HkSegments *self);
HkSegments *hk_segments_union      (const HkSegments *a,
                                    const HkSegments *b);
gboolean    hk_segments_covers     (const HkSegments *self,
                                    double      time,
                                    guint      *index);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HkSegments, g_array_unref)

G_END_DECLS
