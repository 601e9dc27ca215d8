/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hk-markers"

/* From two parties' speech segments to the markers of DESIGN.md. Like
 * Heldner & Edlund's pauses, gaps and overlaps, everything hinges on who
 * holds the floor: a trainee's short "uh-huh" inside a customer turn that
 * goes on is a backchannel and leaves the floor with the customer; speech
 * that makes the customer stop takes the floor and is an interruption.
 * Cost is linear in the number of segments. */

#include "config.h"

#include "hk-i18n.h"

#include "hk-markers.h"

typedef struct {
  HkSegment seg;
  HkParty   party;
} Floor;

static void
add (GArray      *markers,
     HkMarkerType type,
     double       start,
     double       end,
     HkParty      party,
     HkGapClass   klass)
{
  HkMarker m = { type, start, end, party, klass };

  g_array_append_val (markers, m);
}

static int
compare_markers (gconstpointer a,
                 gconstpointer b)
{
  const HkMarker *ma = a, *mb = b;

  if (ma->start != mb->start)
    return ma->start < mb->start ? -1 : 1;
  return (int) ma->type - (int) mb->type;
}

static int
compare_floors (gconstpointer a,
                gconstpointer b)
{
  const Floor *fa = a, *fb = b;

  if (fa->seg.start != fb->seg.start)
    return fa->seg.start < fb->seg.start ? -1 : 1;
  return (int) fa->party - (int) fb->party;
}

static HkGapClass
classify_gap (double              gap,
              const HkThresholds *th)
{
  if (gap < hk_thresholds_get (th, HK_THRESHOLD_RUSHED_GAP))
    return HK_GAP_RUSHED;
  if (gap <= hk_thresholds_get (th, HK_THRESHOLD_LONG_GAP))
    return HK_GAP_ROOM;
  return HK_GAP_LONG;
}

static void
detect_overtalk (const HkSegments *a,
                 const HkSegments *b,
                 GArray           *markers)
{
  guint i = 0, j = 0;

  while (i < hk_segments_get_n (a) && j < hk_segments_get_n (b))
    {
      const HkSegment *x = hk_segments_get (a, i);
      const HkSegment *y = hk_segments_get (b, j);
      double start = MAX (x->start, y->start);
      double end = MIN (x->end, y->end);

      if (end - start >= HK_OVERTALK_MIN)
        add (markers, HK_MARKER_OVERTALK, start, end, HK_PARTY_BOTH, HK_GAP_NONE);

      if (x->end < y->end)
        i++;
      else
        j++;
    }
}

static void
detect_dead_air (const HkSegments   *a,
                 const HkSegments   *b,
                 const HkThresholds *th,
                 GArray             *markers)
{
  double limit = hk_thresholds_get (th, HK_THRESHOLD_DEAD_AIR);
  double last_end = -1.0;
  guint i = 0, j = 0;

  /* Walk both lists in time order; silence before the first word and
   * after the last is the call being set up or hung up, not dead air. */
  while (i < hk_segments_get_n (a) || j < hk_segments_get_n (b))
    {
      const HkSegment *next;

      if (j >= hk_segments_get_n (b) ||
          (i < hk_segments_get_n (a) && hk_segments_get (a, i)->start <= hk_segments_get (b, j)->start))
        next = hk_segments_get (a, i++);
      else
        next = hk_segments_get (b, j++);

      if (last_end >= 0.0 && next->start - last_end >= limit)
        add (markers, HK_MARKER_DEAD_AIR, last_end, next->start, HK_PARTY_BOTH, HK_GAP_NONE);
      last_end = MAX (last_end, next->end);
    }
}

/* Every stretch of speech that holds the floor, in time order. A trainee
 * segment that starts while the customer speaks is a backchannel or an
 * interruption; backchannels leave the floor where it was and are only
 * noted in @markers, when given. */
static GArray *
collect_floors (const HkSegments   *cust,
                const HkSegments   *trainee,
                const HkThresholds *thresholds,
                GArray             *markers)
{
  GArray *floors = g_array_new (FALSE, FALSE, sizeof (Floor));
  double backchannel_max = hk_thresholds_get (thresholds, HK_THRESHOLD_BACKCHANNEL_MAX);
  double interruption_overlap = hk_thresholds_get (thresholds, HK_THRESHOLD_INTERRUPTION_OVERLAP);

  for (guint i = 0; i < hk_segments_get_n (cust); i++)
    {
      Floor f = { *hk_segments_get (cust, i), HK_PARTY_CUSTOMER };

      g_array_append_val (floors, f);
    }

  for (guint i = 0; i < hk_segments_get_n (trainee); i++)
    {
      const HkSegment *t = hk_segments_get (trainee, i);
      Floor f = { *t, HK_PARTY_TRAINEE };
      guint ci;

      if (hk_segments_covers (cust, t->start, &ci))
        {
          const HkSegment *c = hk_segments_get (cust, ci);
          double overlap = MIN (t->end, c->end) - t->start;
          gboolean customer_goes_on = c->end > t->end;

          if (customer_goes_on && t->end - t->start < backchannel_max)
            {
              if (markers != NULL)
                add (markers, HK_MARKER_BACKCHANNEL, t->start, t->end, HK_PARTY_TRAINEE, HK_GAP_NONE);
              continue;
            }
          if (markers != NULL &&
              (overlap >= interruption_overlap || c->end - t->start <= HK_INTERRUPTION_YIELD))
            add (markers, HK_MARKER_INTERRUPTION, t->start, MIN (t->end, c->end),
                 HK_PARTY_TRAINEE, HK_GAP_NONE);
        }

      g_array_append_val (floors, f);
    }

  g_array_sort (floors, compare_floors);
  return floors;
}

/**
 * hk_markers_detect:
 * @customer: (nullable): the customer's (or partner A's) segments; %NULL
 *   for a recording of the trainee alone, which yields pauses only
 * @trainee: the trainee's (or partner B's) segments
 * @thresholds: the thresholds in force
 *
 * Returns: (transfer full) (element-type HkMarker): the markers in time
 *   order; free with g_array_unref()
 */
GArray *
hk_markers_detect (const HkSegments   *customer,
                   const HkSegments   *trainee,
                   const HkThresholds *thresholds)
{
  GArray *markers = g_array_new (FALSE, FALSE, sizeof (HkMarker));
  g_autoptr(GArray) floors = NULL;
  g_autoptr(HkSegments) empty = hk_segments_new ();
  const HkSegments *cust = customer ? customer : empty;
  double hesitation;

  g_return_val_if_fail (trainee != NULL, markers);
  g_return_val_if_fail (thresholds != NULL, markers);

  hesitation = hk_thresholds_get (thresholds, HK_THRESHOLD_HESITATION);
  floors = collect_floors (cust, trainee, thresholds, markers);

  /* Turns are runs of floor-taking speech by one party. */
  for (guint i = 0; i < floors->len;)
    {
      HkParty party = g_array_index (floors, Floor, i).party;
      double turn_end = g_array_index (floors, Floor, i).seg.end;
      guint j = i + 1;

      for (; j < floors->len && g_array_index (floors, Floor, j).party == party; j++)
        {
          const Floor *f = &g_array_index (floors, Floor, j);

          if (party == HK_PARTY_TRAINEE && f->seg.start - turn_end >= hesitation)
            add (markers, HK_MARKER_HESITATION, turn_end, f->seg.start, HK_PARTY_TRAINEE, HK_GAP_NONE);
          turn_end = MAX (turn_end, f->seg.end);
        }

      if (party == HK_PARTY_CUSTOMER && j < floors->len)
        {
          double gap = g_array_index (floors, Floor, j).seg.start - turn_end;

          /* A negative gap means the trainee came in early: that is the
           * interruption already marked, not a response gap. */
          if (gap >= 0.0)
            add (markers, HK_MARKER_RESPONSE_GAP, turn_end, turn_end + gap,
                 HK_PARTY_TRAINEE, classify_gap (gap, thresholds));
        }

      i = j;
    }

  detect_dead_air (cust, trainee, thresholds, markers);
  detect_overtalk (cust, trainee, markers);

  g_array_sort (markers, compare_markers);
  return markers;
}

/**
 * hk_markers_find_turns:
 * @customer: (nullable): as for hk_markers_detect()
 * @trainee: as for hk_markers_detect()
 * @thresholds: the thresholds in force
 *
 * A turn is a run of one party's floor-taking speech: it ends when the
 * other party takes the floor, or at a silence long enough to be dead
 * air. Backchannels take no turn.
 *
 * Returns: (transfer full) (element-type HkTurn): the turns in time order
 */
GArray *
hk_markers_find_turns (const HkSegments   *customer,
                       const HkSegments   *trainee,
                       const HkThresholds *thresholds)
{
  GArray *turns = g_array_new (FALSE, FALSE, sizeof (HkTurn));
  g_autoptr(GArray) floors = NULL;
  g_autoptr(HkSegments) empty = hk_segments_new ();
  double dead_air;

  g_return_val_if_fail (trainee != NULL, turns);
  g_return_val_if_fail (thresholds != NULL, turns);

  dead_air = hk_thresholds_get (thresholds, HK_THRESHOLD_DEAD_AIR);
  floors = collect_floors (customer ? customer : empty, trainee, thresholds, NULL);

  for (guint i = 0; i < floors->len; i++)
    {
      const Floor *f = &g_array_index (floors, Floor, i);
      HkTurn *last = turns->len > 0 ? &g_array_index (turns, HkTurn, turns->len - 1) : NULL;

      if (last != NULL && last->party == f->party && f->seg.start - last->end < dead_air)
        last->end = MAX (last->end, f->seg.end);
      else
        {
          HkTurn t = { f->party, f->seg.start, f->seg.end };

          g_array_append_val (turns, t);
        }
    }

  return turns;
}

const char *
hk_marker_type_id (HkMarkerType type)
{
  static const char * const ids[] = {
    [HK_MARKER_RESPONSE_GAP] = "response-gap",
    [HK_MARKER_HESITATION] = "hesitation",
    [HK_MARKER_DEAD_AIR] = "dead-air",
    [HK_MARKER_BACKCHANNEL] = "backchannel",
    [HK_MARKER_INTERRUPTION] = "interruption",
    [HK_MARKER_OVERTALK] = "overtalk",
  };

  g_return_val_if_fail (type <= HK_MARKER_OVERTALK, NULL);
  return ids[type];
}

const char *
hk_party_id (HkParty party)
{
  static const char * const ids[] = { "customer", "trainee", "both" };

  g_return_val_if_fail (party <= HK_PARTY_BOTH, NULL);
  return ids[party];
}

const char *
hk_gap_class_id (HkGapClass klass)
{
  static const char * const ids[] = { NULL, "rushed", "room", "long" };

  g_return_val_if_fail (klass <= HK_GAP_LONG, NULL);
  return ids[klass];
}

/**
 * hk_marker_type_label:
 *
 * Returns: the marker type as trainees read it, translated
 */
const char *
hk_marker_type_label (HkMarkerType type)
{
  static const char * const labels[] = {
    [HK_MARKER_RESPONSE_GAP] = N_("Response gap"),
    [HK_MARKER_HESITATION] = N_("Hesitation"),
    [HK_MARKER_DEAD_AIR] = N_("Dead air"),
    [HK_MARKER_BACKCHANNEL] = N_("Backchannel"),
    [HK_MARKER_INTERRUPTION] = N_("Interruption"),
    [HK_MARKER_OVERTALK] = N_("Overtalk"),
  };

  g_return_val_if_fail (type < HK_N_MARKER_TYPES, NULL);
  return _(labels[type]);
}

/**
 * hk_gap_class_label:
 *
 * Returns: (nullable): how a response gap reads, translated
 */
const char *
hk_gap_class_label (HkGapClass klass)
{
  switch (klass)
    {
    case HK_GAP_RUSHED:
      /* TRANSLATORS: a response gap so short the customer may feel cut off */
      return _("rushed");
    case HK_GAP_ROOM:
      /* TRANSLATORS: a response gap that gave the customer room */
      return _("gave room");
    case HK_GAP_LONG:
      /* TRANSLATORS: a response gap so long it may feel like dead air */
      return _("long");
    case HK_GAP_NONE:
    default:
      return NULL;
    }
}

/**
 * hk_party_label:
 * @pair: whether two trainees practise together (partner A and B)
 *
 * Returns: the party as people name it, translated
 */
const char *
hk_party_label (HkParty  party,
                gboolean pair)
{
  switch (party)
    {
    case HK_PARTY_CUSTOMER:
      return pair ? _("Partner A") : _("Customer");
    case HK_PARTY_TRAINEE:
      return pair ? _("Partner B") : _("Trainee");
    case HK_PARTY_BOTH:
    default:
      return _("Both");
    }
}

/**
 * hk_marker_describe:
 * @marker: a marker
 * @pair: whether two trainees practised (partner A and B)
 *
 * Returns: (transfer full): what the marker means for the trainee, in one
 *   translated sentence, such as “You answered 0.1 s after the customer
 *   stopped: rushed.”
 */
char *
hk_marker_describe (const HkMarker *marker,
                    gboolean        pair)
{
  double length;

  g_return_val_if_fail (marker != NULL, NULL);

  length = marker->end - marker->start;
  switch (marker->type)
    {
    case HK_MARKER_RESPONSE_GAP:
      if (pair)
        return g_strdup_printf (_("Partner B answered %.1f s after partner A stopped (%s)."), length,
                                hk_gap_class_label (marker->gap_class));
      switch (marker->gap_class)
        {
        case HK_GAP_RUSHED:
          return g_strdup_printf (_("You answered %.1f s after the customer stopped: rushed, so they may "
                                    "feel cut off."), length);
        case HK_GAP_LONG:
          return g_strdup_printf (_("You took %.1f s to answer: a silence this long can feel like dead air."),
                                  length);
        case HK_GAP_ROOM:
        case HK_GAP_NONE:
        default:
          return g_strdup_printf (_("You answered %.1f s after the customer stopped, giving them room."),
                                  length);
        }
    case HK_MARKER_HESITATION:
      return pair ? g_strdup_printf (_("Partner B paused %.1f s in the middle of an answer."), length)
                  : g_strdup_printf (_("You paused %.1f s in the middle of your answer."), length);
    case HK_MARKER_DEAD_AIR:
      return g_strdup_printf (_("Nobody spoke for %.1f s."), length);
    case HK_MARKER_BACKCHANNEL:
      return pair ? g_strdup_printf (_("Partner B said something short (%.1f s) and let partner A go on: "
                                       "a sign of listening."), length)
                  : g_strdup_printf (_("You said something short (%.1f s) and let the customer go on: "
                                       "a sign of listening."), length);
    case HK_MARKER_INTERRUPTION:
      return pair ? g_strdup_printf (_("Partner B started while partner A was still speaking and "
                                       "talked over them for %.1f s."), length)
                  : g_strdup_printf (_("You started while the customer was still speaking and talked "
                                       "over them for %.1f s."), length);
    case HK_MARKER_OVERTALK:
    default:
      return g_strdup_printf (_("Both spoke at once for %.1f s."), length);
    }
}
