/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hk-waveform"

/* The call as two lanes, the customer above and the trainee below (or
 * the trainee alone), drawn from the multi-resolution peaks so any zoom of
 * an hour costs the same: one column a pixel. Speech is shaded, markers
 * are spans in their type's colour with a letter and their length (so
 * colour is not the only signal), the customer's turns are numbered, and
 * a playhead follows playback; a trainer's comments are numbered pins,
 * with a bar along the top for a span. Click to seek, Ctrl+scroll or pinch to
 * zoom about the pointer, scroll to move, +, - and 0 on the keyboard. */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "hk-session.h"
#include "hk-waveform.h"

#define MIN_LENGTH  1.0     /* seconds: the closest zoom */
#define STRIP       5.0     /* height of a marker's coloured edge */
#define MERGE_GAP   4.0     /* pixels between spans of a type drawn as one */
#define DENSE_LENGTH 600.0  /* seconds in view above which spans are edges only */

struct _HkWaveform
{
  GtkWidget       parent_instance;

  HkPeaks        *peaks;
  HkCallAnalysis *analysis;
  GArray         *turns;
  GArray         *comments;      /* double pairs: start, end */
  gboolean        pair;

  double          duration;
  double          position;
  double          start;
  double          length;
  double          pointer_x;
  double          pinch_length;

  float          *mins;
  float          *maxs;
  guint           n_columns;
};

G_DEFINE_FINAL_TYPE (HkWaveform, hk_waveform, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_POSITION,
  PROP_VISIBLE_START,
  PROP_VISIBLE_LENGTH,
  N_PROPS
};

enum {
  SEEK,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Colours that read in light and dark styles alike. */
static const GdkRGBA marker_colours[HK_N_MARKER_TYPES] = {
  [HK_MARKER_RESPONSE_GAP] = { 0.21, 0.52, 0.89, 1.0 },
  [HK_MARKER_HESITATION] = { 0.90, 0.57, 0.09, 1.0 },
  [HK_MARKER_DEAD_AIR] = { 0.47, 0.47, 0.47, 1.0 },
  [HK_MARKER_BACKCHANNEL] = { 0.18, 0.66, 0.33, 1.0 },
  [HK_MARKER_INTERRUPTION] = { 0.88, 0.11, 0.14, 1.0 },
  [HK_MARKER_OVERTALK] = { 0.57, 0.25, 0.67, 1.0 },
};

static const GdkRGBA comment_colour = { 0.60, 0.42, 0.27, 1.0 };

/* TRANSLATORS: six ASCII letters tagging the marker types on the waveform:
 * response Gap, Hesitation, Dead air, Backchannel, Interruption, Overtalk */
static const char *marker_letters = N_("GHDBIO");

static void
clamp_view (HkWaveform *self)
{
  double length = CLAMP (self->length, MIN (MIN_LENGTH, MAX (self->duration, 0.01)), MAX (self->duration, 0.01));
  double start = CLAMP (self->start, 0.0, MAX (self->duration - length, 0.0));

  if (length != self->length)
    {
      self->length = length;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VISIBLE_LENGTH]);
    }
  if (start != self->start)
    {
      self->start = start;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VISIBLE_START]);
    }
}

static double
x_of (HkWaveform *self,
      double      t,
      int         width)
{
  return (t - self->start) / self->length * width;
}

static void
describe (HkWaveform *self)
{
  g_autofree char *description = NULL;
  guint n = self->analysis ? hk_call_analysis_get_markers (self->analysis)->len : 0;

  description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "%s above, %s below; %u marker",
                                              "%s above, %s below; %u markers", n),
                                 hk_party_label (HK_PARTY_CUSTOMER, self->pair),
                                 hk_party_label (HK_PARTY_TRAINEE, self->pair), n);
  if (self->comments != NULL && self->comments->len > 0)
    {
      guint c = self->comments->len / 2;
      char *with = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s; %u comment", "%s; %u comments", c),
                                    description, c);

      g_free (description);
      description = with;
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Waveform of the call"),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
}

/* A colour as premultiplied RGBA bytes. */
static guint32
premultiplied (const GdkRGBA *c,
               float          alpha)
{
  guint8 px[4] = {
    (guint8) lrintf (CLAMP (c->red, 0.0f, 1.0f) * alpha * 255.0f),
    (guint8) lrintf (CLAMP (c->green, 0.0f, 1.0f) * alpha * 255.0f),
    (guint8) lrintf (CLAMP (c->blue, 0.0f, 1.0f) * alpha * 255.0f),
    (guint8) lrintf (alpha * 255.0f),
  };
  guint32 v;

  memcpy (&v, px, sizeof v);
  return v;
}

/* One lane, its speech shaded and its wave over it, drawn here into one
 * image rather than as a rectangle per pixel column: a renderer without
 * a graphics card (llvmpipe) spends most of a frame setting up thousands
 * of small rectangles, and one image of any content costs it the same.
 * The image has a pixel per device pixel, so it stays sharp at any
 * scale. */
static void
draw_lane (HkWaveform  *self,
           GtkSnapshot *snapshot,
           guint        channel,
           HkParty      party,
           float        top,
           float        height,
           int          width,
           const GdkRGBA *fg)
{
  const HkSegments *segs = self->analysis ? hk_call_analysis_get_segments (self->analysis, party) : NULL;
  int scale = gtk_widget_get_scale_factor (GTK_WIDGET (self));
  guint w = self->n_columns;
  guint h = (guint) MAX (lrintf (height * scale), 1);
  float mid = h / 2.0f, half = h / 2.0f * 0.9f;
  guint32 shade = premultiplied (fg, 0.08f), wave = premultiplied (fg, 0.85f);
  guint32 both = premultiplied (fg, 0.85f + 0.08f * 0.15f);
  g_autofree guint8 *shaded = g_malloc0 (w);
  g_autofree gint16 *from = g_new (gint16, w);
  g_autofree gint16 *to = g_new (gint16, w);
  guint32 *pixels = g_new (guint32, (gsize) w * h);
  gboolean has_wave;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GdkTexture) texture = NULL;

  /* Where the party speaks. */
  for (guint i = 0; segs != NULL && i < hk_segments_get_n (segs); i++)
    {
      const HkSegment *seg = hk_segments_get (segs, i);
      double x0, x1;

      if (seg->end < self->start || seg->start > self->start + self->length)
        continue;
      x0 = MAX (x_of (self, seg->start, (int) w), 0.0);
      x1 = MAX (MIN (x_of (self, seg->end, (int) w), w), x0 + 1.0);
      memset (shaded + (guint) x0, 1, MIN ((guint) ceil (x1), w) - (guint) x0);
    }

  has_wave = self->peaks != NULL && channel < hk_peaks_get_n_channels (self->peaks);
  if (has_wave)
    hk_peaks_read (self->peaks, channel, self->start, self->start + self->length,
                   w, self->mins, self->maxs);
  for (guint x = 0; x < w; x++)
    {
      float y0 = has_wave ? mid - self->maxs[x] * half : 1.0f;
      float y1 = has_wave ? mid - self->mins[x] * half : 0.0f;

      if (has_wave && y1 - y0 < 1.0f)
        y1 = y0 + 1.0f;
      from[x] = (gint16) CLAMP (lrintf (y0), 0, (long) h);
      to[x] = (gint16) CLAMP (lrintf (y1), 0, (long) h);
    }

  for (guint y = 0; y < h; y++)
    {
      guint32 *row = pixels + (gsize) y * w;

      for (guint x = 0; x < w; x++)
        {
          if ((gint16) y >= from[x] && (gint16) y < to[x])
            row[x] = shaded[x] ? both : wave;
          else
            row[x] = shaded[x] ? shade : 0;
        }
    }

  bytes = g_bytes_new_take (pixels, (gsize) w * h * sizeof (guint32));
  texture = gdk_memory_texture_new ((int) w, (int) h, GDK_MEMORY_R8G8B8A8_PREMULTIPLIED, bytes,
                                    w * sizeof (guint32));
  gtk_snapshot_append_texture (snapshot, texture, &GRAPHENE_RECT_INIT (0, top, width, height));
}

static void
draw_text (HkWaveform    *self,
           GtkSnapshot   *snapshot,
           const char    *text,
           float          x,
           float          y,
           const GdkRGBA *colour)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);

  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, y));
  gtk_snapshot_append_layout (snapshot, layout, colour);
  gtk_snapshot_restore (snapshot);
}

typedef struct {
  double x0, x1;     /* pixels; x1 < 0 when empty */
  float  top, height;
} Run;

static void
flush_run (GArray *rects,
           Run    *run)
{
  if (run->x1 < 0.0)
    return;
  g_array_append_val (rects, *run);
  run->x1 = -1.0;
}

static void
draw_markers (HkWaveform  *self,
              GtkSnapshot *snapshot,
              float        lane_height,
              gboolean     two_lanes,
              int          width)
{
  const GArray *markers = hk_call_analysis_get_markers (self->analysis);
  const char *letters = _(marker_letters);
  /* Spans of one type on one lane that touch within a few pixels are
   * drawn as one, and all spans of a colour one after another, so the
   * renderer draws a whole hour's hundreds of markers in a few batches. */
  Run runs[HK_N_MARKER_TYPES][3];
  GArray *rects[HK_N_MARKER_TYPES];
  /* Labels go on top of the spans, so they are drawn last. */
  g_autoptr(GArray) labels = g_array_new (FALSE, FALSE, sizeof (guint));

  for (guint t = 0; t < HK_N_MARKER_TYPES; t++)
    {
      rects[t] = g_array_new (FALSE, FALSE, sizeof (Run));
      for (guint l = 0; l < 3; l++)
        runs[t][l].x1 = -1.0;
    }

  for (guint i = 0; i < markers->len; i++)
    {
      const HkMarker *m = &g_array_index (markers, HkMarker, i);
      double x0, x1;
      float top, height;
      guint lane;
      Run *run;

      if (m->end < self->start || m->start > self->start + self->length)
        continue;
      x0 = MAX (x_of (self, m->start, width), 0.0);
      x1 = MIN (x_of (self, m->end, width), width);
      if (x1 - x0 < 2.0)
        x1 = x0 + 2.0;

      /* On the lane of whose behaviour it marks; both lanes for both. */
      if (!two_lanes || m->party == HK_PARTY_BOTH)
        top = 0.0f, height = two_lanes ? 2.0f * lane_height : lane_height, lane = 2;
      else if (m->party == HK_PARTY_CUSTOMER)
        top = 0.0f, height = lane_height, lane = 0;
      else
        top = lane_height, height = lane_height, lane = 1;

      run = &runs[m->type][lane];
      if (run->x1 >= 0.0 && x0 <= run->x1 + MERGE_GAP)
        run->x1 = MAX (run->x1, x1);
      else
        {
          flush_run (rects[m->type], run);
          *run = (Run) { x0, x1, top, height };
        }

      if (x1 - x0 >= 40.0 && strlen (letters) == HK_N_MARKER_TYPES)
        g_array_append_val (labels, i);
    }

  for (guint t = 0; t < HK_N_MARKER_TYPES; t++)
    {
      GdkRGBA span = marker_colours[t];

      for (guint l = 0; l < 3; l++)
        flush_run (rects[t], &runs[t][l]);
      span.alpha = 0.22f;
      /* Zoomed out past ten minutes, hundreds of markers would shade
       * over one another and the speech beneath them: only their
       * coloured edges are drawn, and zooming in shows the spans. */
      for (guint k = 0; self->length <= DENSE_LENGTH && k < rects[t]->len; k++)
        {
          const Run *r = &g_array_index (rects[t], Run, k);

          gtk_snapshot_append_color (snapshot, &span, &GRAPHENE_RECT_INIT (r->x0, r->top, r->x1 - r->x0, r->height));
        }
      for (guint k = 0; k < rects[t]->len; k++)
        {
          const Run *r = &g_array_index (rects[t], Run, k);

          gtk_snapshot_append_color (snapshot, &marker_colours[t],
                                     &GRAPHENE_RECT_INIT (r->x0, r->top, r->x1 - r->x0, STRIP));
        }
      g_array_unref (rects[t]);
    }

  for (guint k = 0; k < labels->len; k++)
    {
      const HkMarker *m = &g_array_index (markers, HkMarker, g_array_index (labels, guint, k));
      g_autofree char *label = g_strdup_printf ("%c %.1f", letters[m->type], m->end - m->start);
      float top = two_lanes && m->party == HK_PARTY_TRAINEE ? lane_height : 0.0f;

      draw_text (self, snapshot, label, (float) MAX (x_of (self, m->start, width), 0.0) + 3.0f,
                 top + STRIP + 1.0f, &marker_colours[m->type]);
    }
}

/* Each comment a numbered pin where it points, across both lanes, and a
 * bar along the top as long as its span. */
static void
draw_comments (HkWaveform  *self,
               GtkSnapshot *snapshot,
               int          width,
               int          height)
{
  GdkRGBA band = comment_colour, white = { 1.0, 1.0, 1.0, 1.0 };

  band.alpha = 0.45f;
  for (guint i = 0; self->comments != NULL && i + 1 < self->comments->len; i += 2)
    {
      double start = g_array_index (self->comments, double, i);
      double end = g_array_index (self->comments, double, i + 1);
      double x0 = x_of (self, start, width), x1 = x_of (self, end, width);
      g_autofree char *number = NULL;
      g_autoptr(PangoLayout) layout = NULL;
      int text_w, text_h;

      if (x1 < 0.0 || x0 > width)
        continue;
      if (x1 - x0 >= 1.0)
        gtk_snapshot_append_color (snapshot, &band,
                                   &GRAPHENE_RECT_INIT (MAX (x0, 0.0), 0, MIN (x1, width) - MAX (x0, 0.0), 4));
      if (x0 < 0.0)
        continue;
      number = g_strdup_printf ("%u", i / 2 + 1);
      layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), number);
      pango_layout_get_pixel_size (layout, &text_w, &text_h);
      gtk_snapshot_append_color (snapshot, &comment_colour, &GRAPHENE_RECT_INIT (x0, 0, 2, height));
      gtk_snapshot_append_color (snapshot, &comment_colour,
                                 &GRAPHENE_RECT_INIT (x0, 0, text_w + 8, text_h + 2));
      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x0 + 4, 1));
      gtk_snapshot_append_layout (snapshot, layout, &white);
      gtk_snapshot_restore (snapshot);
    }
}

static void
hk_waveform_snapshot (GtkWidget   *widget,
                      GtkSnapshot *snapshot)
{
  HkWaveform *self = HK_WAVEFORM (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  gboolean two_lanes = self->analysis == NULL || hk_call_analysis_has_customer (self->analysis);
  float lane_height = two_lanes ? height / 2.0f : (float) height;
  GdkRGBA fg, divider, playhead = { 0.21f, 0.52f, 0.89f, 1.0f };

  if (width <= 0 || height <= 0 || self->duration <= 0.0)
    return;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  G_GNUC_END_IGNORE_DEPRECATIONS
  divider = fg;
  divider.alpha = 0.25f;

  if ((guint) (width * gtk_widget_get_scale_factor (widget)) != self->n_columns)
    {
      self->n_columns = (guint) (width * gtk_widget_get_scale_factor (widget));
      self->mins = g_renew (float, self->mins, self->n_columns);
      self->maxs = g_renew (float, self->maxs, self->n_columns);
    }

  if (two_lanes)
    {
      draw_lane (self, snapshot, 0, HK_PARTY_CUSTOMER, 0.0f, lane_height, width, &fg);
      draw_lane (self, snapshot, 1, HK_PARTY_TRAINEE, lane_height, lane_height, width, &fg);
      gtk_snapshot_append_color (snapshot, &divider, &GRAPHENE_RECT_INIT (0, lane_height, width, 1));
    }
  else
    draw_lane (self, snapshot, 0, HK_PARTY_TRAINEE, 0.0f, lane_height, width, &fg);

  if (self->analysis != NULL)
    draw_markers (self, snapshot, lane_height, two_lanes, width);

  /* The customer's turns, numbered where each began; zoomed far out,
   * only as many as there is room for, so numbers never pile up. */
  {
    double next_line = -G_MAXDOUBLE, next_label = -G_MAXDOUBLE;

    for (guint i = 0; self->turns != NULL && i < self->turns->len; i++)
      {
        const HkSessionTurn *t = &g_array_index (self->turns, HkSessionTurn, i);
        double x = x_of (self, t->start, width);
        g_autofree char *label = NULL;

        if (x < 0.0 || x > width || x < next_line)
          continue;
        gtk_snapshot_append_color (snapshot, &divider, &GRAPHENE_RECT_INIT (x, 0, 1, lane_height));
        next_line = x + 12.0;
        if (x < next_label)
          continue;
        label = g_strdup_printf ("%u", t->index + 1);
        draw_text (self, snapshot, label, (float) x + 2.0f, lane_height - 18.0f, &fg);
        /* Room for a number of this size and a gap. */
        next_label = x + 8.0 * (strlen (label) + 1);
      }
  }

  draw_comments (self, snapshot, width, height);

  if (self->position >= self->start && self->position <= self->start + self->length)
    gtk_snapshot_append_color (snapshot, &playhead,
                               &GRAPHENE_RECT_INIT (x_of (self, self->position, width) - 1.0, 0, 2, height));
}

static void
hk_waveform_measure (GtkWidget      *widget,
                     GtkOrientation  orientation,
                     int             for_size,
                     int            *minimum,
                     int            *natural,
                     int            *minimum_baseline,
                     int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    *minimum = 100, *natural = 600;
  else
    *minimum = 80, *natural = 180;
}

static void
pressed_cb (GtkGestureClick *gesture,
            int              n_press,
            double           x,
            double           y,
            HkWaveform      *self)
{
  double t;

  gtk_widget_grab_focus (GTK_WIDGET (self));
  if (self->duration <= 0.0)
    return;
  t = hk_waveform_get_time_at (self, x);
  hk_waveform_set_position (self, t);
  g_signal_emit (self, signals[SEEK], 0, t);
}

static void
motion_cb (GtkEventControllerMotion *controller,
           double                    x,
           double                    y,
           HkWaveform               *self)
{
  self->pointer_x = x;
}

static gboolean
scroll_cb (GtkEventControllerScroll *controller,
           double                    dx,
           double                    dy,
           HkWaveform               *self)
{
  GdkModifierType mods = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller));

  if (mods & GDK_CONTROL_MASK)
    hk_waveform_zoom (self, dy > 0 ? 1.25 : 0.8, hk_waveform_get_time_at (self, self->pointer_x));
  else
    hk_waveform_set_view (self, self->start + (dx != 0.0 ? dx : dy) * self->length * 0.1, self->length);
  return TRUE;
}

static void
pinch_begin_cb (GtkGesture       *gesture,
                GdkEventSequence *sequence,
                HkWaveform       *self)
{
  self->pinch_length = self->length;
}

static void
pinch_cb (GtkGestureZoom *gesture,
          double          scale,
          HkWaveform     *self)
{
  double x = 0.0, y = 0.0, anchor;

  gtk_gesture_get_bounding_box_center (GTK_GESTURE (gesture), &x, &y);
  anchor = hk_waveform_get_time_at (self, x);
  hk_waveform_zoom (self, self->pinch_length / MAX (scale, 0.01) / self->length, anchor);
}

static void
zoom_in_action (GtkWidget  *widget,
                const char *name,
                GVariant   *param)
{
  HkWaveform *self = HK_WAVEFORM (widget);

  hk_waveform_zoom (self, 0.5, self->start + self->length / 2.0);
}

static void
zoom_out_action (GtkWidget  *widget,
                 const char *name,
                 GVariant   *param)
{
  HkWaveform *self = HK_WAVEFORM (widget);

  hk_waveform_zoom (self, 2.0, self->start + self->length / 2.0);
}

static void
fit_action (GtkWidget  *widget,
            const char *name,
            GVariant   *param)
{
  hk_waveform_fit (HK_WAVEFORM (widget));
}

static void
hk_waveform_finalize (GObject *object)
{
  HkWaveform *self = HK_WAVEFORM (object);

  g_clear_pointer (&self->peaks, hk_peaks_free);
  g_clear_object (&self->analysis);
  g_clear_pointer (&self->turns, g_array_unref);
  g_clear_pointer (&self->comments, g_array_unref);
  g_free (self->mins);
  g_free (self->maxs);

  G_OBJECT_CLASS (hk_waveform_parent_class)->finalize (object);
}

static void
hk_waveform_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  HkWaveform *self = HK_WAVEFORM (object);

  switch (prop_id)
    {
    case PROP_POSITION:
      g_value_set_double (value, self->position);
      break;
    case PROP_VISIBLE_START:
      g_value_set_double (value, self->start);
      break;
    case PROP_VISIBLE_LENGTH:
      g_value_set_double (value, self->length);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hk_waveform_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  HkWaveform *self = HK_WAVEFORM (object);

  switch (prop_id)
    {
    case PROP_POSITION:
      hk_waveform_set_position (self, g_value_get_double (value));
      break;
    case PROP_VISIBLE_START:
      hk_waveform_set_view (self, g_value_get_double (value), self->length);
      break;
    case PROP_VISIBLE_LENGTH:
      hk_waveform_set_view (self, self->start, g_value_get_double (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hk_waveform_class_init (HkWaveformClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = hk_waveform_finalize;
  object_class->get_property = hk_waveform_get_property;
  object_class->set_property = hk_waveform_set_property;
  widget_class->snapshot = hk_waveform_snapshot;
  widget_class->measure = hk_waveform_measure;

  properties[PROP_POSITION] =
    g_param_spec_double ("position", NULL, NULL, 0.0, G_MAXDOUBLE, 0.0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_VISIBLE_START] =
    g_param_spec_double ("visible-start", NULL, NULL, 0.0, G_MAXDOUBLE, 0.0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_VISIBLE_LENGTH] =
    g_param_spec_double ("visible-length", NULL, NULL, 0.0, G_MAXDOUBLE, 0.0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * HkWaveform::seek:
   * @seconds: where the trainee clicked
   */
  signals[SEEK] = g_signal_new ("seek", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_DOUBLE);

  gtk_widget_class_install_action (widget_class, "waveform.zoom-in", NULL, zoom_in_action);
  gtk_widget_class_install_action (widget_class, "waveform.zoom-out", NULL, zoom_out_action);
  gtk_widget_class_install_action (widget_class, "waveform.fit", NULL, fit_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, 0, "waveform.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, 0, "waveform.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, 0, "waveform.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, 0, "waveform.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, 0, "waveform.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, 0, "waveform.fit", NULL);

  gtk_widget_class_set_css_name (widget_class, "waveform");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
hk_waveform_init (HkWaveform *self)
{
  GtkGesture *click = gtk_gesture_click_new ();
  GtkGesture *pinch = gtk_gesture_zoom_new ();
  GtkEventController *scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES);
  GtkEventController *motion = gtk_event_controller_motion_new ();

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);

  g_signal_connect (click, "pressed", G_CALLBACK (pressed_cb), self);
  g_signal_connect (pinch, "begin", G_CALLBACK (pinch_begin_cb), self);
  g_signal_connect (pinch, "scale-changed", G_CALLBACK (pinch_cb), self);
  g_signal_connect (scroll, "scroll", G_CALLBACK (scroll_cb), self);
  g_signal_connect (motion, "motion", G_CALLBACK (motion_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (pinch));
  gtk_widget_add_controller (GTK_WIDGET (self), scroll);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);

  describe (self);
}

GtkWidget *
hk_waveform_new (void)
{
  return g_object_new (HK_TYPE_WAVEFORM, NULL);
}

/**
 * hk_waveform_set_call:
 * @peaks: (transfer full) (nullable): the waveform summary
 * @analysis: (nullable): the segments and markers to draw
 *
 * Shows a call, fitted to the width.
 */
void
hk_waveform_set_call (HkWaveform     *self,
                      HkPeaks        *peaks,
                      HkCallAnalysis *analysis)
{
  g_return_if_fail (HK_IS_WAVEFORM (self));

  g_clear_pointer (&self->peaks, hk_peaks_free);
  self->peaks = peaks;
  g_set_object (&self->analysis, analysis);

  self->duration = 0.0;
  if (peaks != NULL)
    self->duration = hk_peaks_get_duration (peaks);
  if (analysis != NULL)
    self->duration = MAX (self->duration, hk_call_analysis_get_duration (analysis));

  describe (self);
  hk_waveform_fit (self);
}

/**
 * hk_waveform_set_turns:
 * @turns: (nullable) (element-type HkSessionTurn): the customer's turns
 */
void
hk_waveform_set_turns (HkWaveform   *self,
                       const GArray *turns)
{
  g_return_if_fail (HK_IS_WAVEFORM (self));

  g_clear_pointer (&self->turns, g_array_unref);
  if (turns != NULL)
    {
      self->turns = g_array_sized_new (FALSE, FALSE, sizeof (HkSessionTurn), turns->len);
      g_array_append_vals (self->turns, turns->data, turns->len);
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * hk_waveform_set_comments:
 * @comments: (nullable) (element-type HkSessionComment): a trainer's
 *   comments, in order of time; numbered on the waveform in that order
 */
void
hk_waveform_set_comments (HkWaveform   *self,
                          const GArray *comments)
{
  g_return_if_fail (HK_IS_WAVEFORM (self));

  g_clear_pointer (&self->comments, g_array_unref);
  if (comments != NULL && comments->len > 0)
    {
      self->comments = g_array_sized_new (FALSE, FALSE, sizeof (double), 2 * comments->len);
      for (guint i = 0; i < comments->len; i++)
        {
          const HkSessionComment *c = &g_array_index (comments, HkSessionComment, i);

          g_array_append_val (self->comments, c->start);
          g_array_append_val (self->comments, c->end);
        }
    }
  describe (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * hk_waveform_set_pair:
 *
 * Whether two trainees practised, named partner A and B.
 */
void
hk_waveform_set_pair (HkWaveform *self,
                      gboolean    pair)
{
  g_return_if_fail (HK_IS_WAVEFORM (self));

  self->pair = !!pair;
  describe (self);
}

double
hk_waveform_get_duration (HkWaveform *self)
{
  g_return_val_if_fail (HK_IS_WAVEFORM (self), 0.0);
  return self->duration;
}

double
hk_waveform_get_position (HkWaveform *self)
{
  g_return_val_if_fail (HK_IS_WAVEFORM (self), 0.0);
  return self->position;
}

/**
 * hk_waveform_set_position:
 *
 * Moves the playhead, scrolling to keep it in view.
 */
void
hk_waveform_set_position (HkWaveform *self,
                          double      seconds)
{
  g_return_if_fail (HK_IS_WAVEFORM (self));

  seconds = CLAMP (seconds, 0.0, self->duration);
  if (seconds == self->position)
    return;
  self->position = seconds;
  if (seconds < self->start || seconds > self->start + self->length)
    hk_waveform_set_view (self, seconds - self->length * 0.1, self->length);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POSITION]);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

double
hk_waveform_get_visible_start (HkWaveform *self)
{
  g_return_val_if_fail (HK_IS_WAVEFORM (self), 0.0);
  return self->start;
}

double
hk_waveform_get_visible_length (HkWaveform *self)
{
  g_return_val_if_fail (HK_IS_WAVEFORM (self), 0.0);
  return self->length;
}

/**
 * hk_waveform_set_view:
 * @start: seconds at the left edge
 * @length: seconds across the width
 *
 * Shows a stretch of the call, kept within it.
 */
void
hk_waveform_set_view (HkWaveform *self,
                      double      start,
                      double      length)
{
  g_return_if_fail (HK_IS_WAVEFORM (self));

  if (length != self->length)
    {
      self->length = length;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VISIBLE_LENGTH]);
    }
  if (start != self->start)
    {
      self->start = start;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VISIBLE_START]);
    }
  clamp_view (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * hk_waveform_zoom:
 * @factor: below 1 to zoom in, above 1 to zoom out
 * @anchor: the time that stays where it is on screen
 */
void
hk_waveform_zoom (HkWaveform *self,
                  double      factor,
                  double      anchor)
{
  double share, length;

  g_return_if_fail (HK_IS_WAVEFORM (self));
  g_return_if_fail (factor > 0.0);

  share = self->length > 0.0 ? (anchor - self->start) / self->length : 0.5;
  length = CLAMP (self->length * factor, MIN (MIN_LENGTH, self->duration), self->duration);
  hk_waveform_set_view (self, anchor - share * length, length);
}

/**
 * hk_waveform_fit:
 *
 * Shows the whole call.
 */
void
hk_waveform_fit (HkWaveform *self)
{
  g_return_if_fail (HK_IS_WAVEFORM (self));
  hk_waveform_set_view (self, 0.0, self->duration);
}

/**
 * hk_waveform_get_time_at:
 * @x: pixels from the widget's left edge
 *
 * Returns: the time shown there, within the call
 */
double
hk_waveform_get_time_at (HkWaveform *self,
                         double      x)
{
  int width;

  g_return_val_if_fail (HK_IS_WAVEFORM (self), 0.0);

  width = gtk_widget_get_width (GTK_WIDGET (self));
  if (width <= 0)
    return self->start;
  return CLAMP (self->start + x / width * self->length, 0.0, self->duration);
}

/**
 * hk_waveform_get_marker_colour:
 * @type: a marker type
 * @colour: (out): where to put its colour
 *
 * The colour @type is drawn in, so legends and lists can match it.
 */
void
hk_waveform_get_marker_colour (HkMarkerType  type,
                               GdkRGBA      *colour)
{
  g_return_if_fail (type < HK_N_MARKER_TYPES);
  *colour = marker_colours[type];
}

/**
 * hk_waveform_get_marker_letter:
 * @type: a marker type
 *
 * Returns: (transfer full): the translated letter that tags @type on
 *   the waveform
 */
char *
hk_waveform_get_marker_letter (HkMarkerType type)
{
  const char *letters = _(marker_letters);

  g_return_val_if_fail (type < HK_N_MARKER_TYPES, NULL);
  if (strlen (letters) < HK_N_MARKER_TYPES)
    letters = marker_letters;
  return g_strndup (letters + type, 1);
}

/**
 * hk_waveform_get_comment_colour:
 *
 * The colour of a trainer's comment pins, for a legend or a badge.
 */
void
hk_waveform_get_comment_colour (GdkRGBA *colour)
{
  g_return_if_fail (colour != NULL);

  *colour = comment_colour;
}
