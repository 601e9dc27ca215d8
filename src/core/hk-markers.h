/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "hk-segments.h"
#include "hk-thresholds.h"

G_BEGIN_DECLS

typedef enum {
  HK_MARKER_RESPONSE_GAP,
  HK_MARKER_HESITATION,
  HK_MARKER_DEAD_AIR,
  HK_MARKER_BACKCHANNEL,
  HK_MARKER_INTERRUPTION,
  HK_MARKER_OVERTALK,
  HK_N_MARKER_TYPES
} HkMarkerType;

typedef enum {
  HK_PARTY_CUSTOMER,
  HK_PARTY_TRAINEE,
  HK_PARTY_BOTH,
} HkParty;

typedef enum {
  HK_GAP_NONE,
  HK_GAP_RUSHED,
  HK_GAP_ROOM,
  HK_GAP_LONG,
} HkGapClass;

/**
 * HkMarker:
 * @type: what happened
 * @start: seconds
 * @end: seconds
 * @party: whose behaviour it marks
 * @gap_class: for response gaps, how the gap reads; otherwise %HK_GAP_NONE
 */
typedef struct {
  HkMarkerType type;
  double       start;
  double       end;
  HkParty      party;
  HkGapClass   gap_class;
} HkMarker;

/**
 * HkTurn:
 * @party: who holds the floor
 * @start: seconds
 * @end: seconds
 */
typedef struct {
  HkParty party;
  double  start;
  double  end;
} HkTurn;

/* Both parties speak at once for at least this long: overtalk. */
#define HK_OVERTALK_MIN 0.2
/* A customer who stops this soon after the trainee starts was cut off. */
#define HK_INTERRUPTION_YIELD 1.0

GArray     *hk_markers_detect      (const HkSegments   *customer,
                                    const HkSegments   *trainee,
                                    const HkThresholds *thresholds);
GArray     *hk_markers_find_turns  (const HkSegments   *customer,
                                    const HkSegments   *trainee,
                                    const HkThresholds *thresholds);
const char *hk_marker_type_id      (HkMarkerType        type);
const char *hk_party_id            (HkParty             party);
const char *hk_gap_class_id        (HkGapClass          klass);
const char *hk_marker_type_label   (HkMarkerType        type);
const char *hk_gap_class_label     (HkGapClass          klass);
const char *hk_party_label         (HkParty             party,
                                    gboolean            pair);
char       *hk_marker_describe     (const HkMarker     *marker,
                                    gboolean            pair);

G_END_DECLS
