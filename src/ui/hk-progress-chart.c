/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hk-progress-chart"

/* One figure over the trainee's calls, drawn by the app: a value axis
 * with round steps, a time axis with dates, the norm as a shaded band,
 * and each call a dot on a line. Calls whose figure is unknown leave a
 * gap. The points are also told to screen readers, as text. */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "hk-progress-chart.h"

#define MARGIN_LEFT   56.0
#define MARGIN_RIGHT  16.0
#define MARGIN_TOP    16.0
#define MARGIN_BOTTOM 40.0
#define DOT           4.0

struct _HkProgressChart
{
  GtkWidget  parent_instance;

  GArray    *points;       /* HkProgressPoint, oldest first */
  char      *title;
  char      *unit;         /* after a value, such as " s" */
  int        decimals;
  double     norm_low;     /* NAN for none */
  double     norm_high;
};

G_DEFINE_FINAL_TYPE (HkProgressChart, hk_progress_chart, GTK_TYPE_WIDGET)

static char *
format_value (HkProgressChart *self,
              double           value)
{
  return g_strdup_printf ("%.*f%s", self->decimals, value, self->unit);
}

static double
nice_step (double range)
{
  double raw = range / 4.0;
  double mag = pow (10.0, floor (log10 (raw)));
  double norm = raw / mag;

  return (norm <= 1.0 ? 1.0 : norm <= 2.0 ? 2.0 : norm <= 5.0 ? 5.0 : 10.0) * mag;
}

static void
value_range (HkProgressChart *self,
             double          *lo,
             double          *hi)
{
  *lo = G_MAXDOUBLE;
  *hi = -G_MAXDOUBLE;
  for (guint i = 0; i < self->points->len; i++)
    {
      double v = g_array_index (self->points, HkProgressPoint, i).value;

      if (isnan (v))
        continue;
      *lo = MIN (*lo, v);
      *hi = MAX (*hi, v);
    }
  if (!isnan (self->norm_low))
    *lo = MIN (*lo, self->norm_low), *hi = MAX (*hi, self->norm_low);
  if (!isnan (self->norm_high))
    *lo = MIN (*lo, self->norm_high), *hi = MAX (*hi, self->norm_high);
  if (*lo > *hi)
    *lo = 0.0, *hi = 1.0;
  *lo = MIN (*lo, 0.0);
  if (*hi - *lo < 1e-9)
    *hi = *lo + 1.0;
}

static void
draw_text (GtkWidget     *widget,
           GtkSnapshot   *snapshot,
           const char    *text,
           double         x,
           double         y,
           double         xalign,
           const GdkRGBA *colour)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, text);
  int w, h;

  pango_layout_get_pixel_size (layout, &w, &h);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT ((float) (x - w * xalign), (float) (y - h / 2.0)));
  gtk_snapshot_append_layout (snapshot, layout, colour);
  gtk_snapshot_restore (snapshot);
}

static void
hk_progress_chart_snapshot (GtkWidget   *widget,
                            GtkSnapshot *snapshot)
{
  HkProgressChart *self = HK_PROGRESS_CHART (widget);
  double width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  double plot_w = width - MARGIN_LEFT - MARGIN_RIGHT, plot_h = height - MARGIN_TOP - MARGIN_BOTTOM;
  GdkRGBA fg, dim, grid, accent = { 0.21f, 0.52f, 0.89f, 1.0f }, band = { 0.18f, 0.66f, 0.33f, 0.12f };
  double lo, hi, step;
  gint64 t0, t1;
  cairo_t *cr;
  gboolean pen = FALSE;

  if (self->points->len == 0 || plot_w <= 10 || plot_h <= 10)
    return;

  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  dim = fg, dim.alpha = 0.6f;
  grid = fg, grid.alpha = 0.12f;

  value_range (self, &lo, &hi);
  step = nice_step (hi - lo);
  /* Whole numbers are counted in whole steps. */
  if (self->decimals == 0)
    step = MAX (step, 1.0);
  lo = floor (lo / step) * step;
  hi = ceil (hi / step) * step;
  t0 = g_array_index (self->points, HkProgressPoint, 0).when;
  t1 = g_array_index (self->points, HkProgressPoint, self->points->len - 1).when;

#define X_OF(t) (MARGIN_LEFT + (t1 > t0 ? (double) ((t) - t0) / (double) (t1 - t0) * plot_w : plot_w / 2.0))
#define Y_OF(v) (MARGIN_TOP + plot_h - ((v) - lo) / (hi - lo) * plot_h)

  /* The norm, as a band. */
  if (!isnan (self->norm_low) || !isnan (self->norm_high))
    {
      double a = Y_OF (isnan (self->norm_high) ? hi : self->norm_high);
      double b = Y_OF (isnan (self->norm_low) ? lo : self->norm_low);

      gtk_snapshot_append_color (snapshot, &band, &GRAPHENE_RECT_INIT (MARGIN_LEFT, a, plot_w, b - a));
    }

  /* The value axis: grid lines with their values. */
  for (double v = lo; v <= hi + step / 2.0; v += step)
    {
      g_autofree char *label = format_value (self, v);
      double y = Y_OF (v);

      gtk_snapshot_append_color (snapshot, &grid, &GRAPHENE_RECT_INIT (MARGIN_LEFT, y, plot_w, 1));
      draw_text (widget, snapshot, label, MARGIN_LEFT - 6, y, 1.0, &dim);
    }

  /* The time axis: the first and last dates, and some between. */
  {
    guint n_labels = MIN (self->points->len, (guint) MAX (plot_w / 110.0, 2.0));

    gtk_snapshot_append_color (snapshot, &dim, &GRAPHENE_RECT_INIT (MARGIN_LEFT, MARGIN_TOP + plot_h, plot_w, 1));
    for (guint k = 0; k < n_labels; k++)
      {
        guint i = n_labels > 1 ? k * (self->points->len - 1) / (n_labels - 1) : 0;
        gint64 when = g_array_index (self->points, HkProgressPoint, i).when;
        g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (when);
        /* Calls of one day or two are told apart by the hour. */
        g_autofree char *label = t1 - t0 < 2 * 24 * 3600
          ? g_date_time_format (dt, "%H:%M")
          /* Translators: a date on the progress chart's axis, as strftime
           * formats it, e.g. “24 Nov” */
          : g_date_time_format (dt, _("%e %b"));
        double x = X_OF (when);

        gtk_snapshot_append_color (snapshot, &dim, &GRAPHENE_RECT_INIT (x, MARGIN_TOP + plot_h, 1, 5));
        draw_text (widget, snapshot, g_strstrip (label), x, MARGIN_TOP + plot_h + 18,
                   k == 0 ? 0.0 : k == n_labels - 1 ? 1.0 : 0.5, &dim);
      }
  }

  /* The line and the dots. */
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  cairo_set_line_width (cr, 2.0);
  gdk_cairo_set_source_rgba (cr, &accent);
  for (guint i = 0; i < self->points->len; i++)
    {
      const HkProgressPoint *p = &g_array_index (self->points, HkProgressPoint, i);

      if (isnan (p->value))
        {
          pen = FALSE;
          continue;
        }
      if (pen)
        cairo_line_to (cr, X_OF (p->when), Y_OF (p->value));
      else
        cairo_move_to (cr, X_OF (p->when), Y_OF (p->value));
      pen = TRUE;
    }
  cairo_stroke (cr);
  for (guint i = 0; i < self->points->len; i++)
    {
      const HkProgressPoint *p = &g_array_index (self->points, HkProgressPoint, i);

      if (isnan (p->value))
        continue;
      cairo_arc (cr, X_OF (p->when), Y_OF (p->value), DOT, 0, 2 * G_PI);
      cairo_fill (cr);
    }
  cairo_destroy (cr);

#undef X_OF
#undef Y_OF
}

static void
hk_progress_chart_measure (GtkWidget      *widget,
                           GtkOrientation  orientation,
                           int             for_size,
                           int            *minimum,
                           int            *natural,
                           int            *minimum_baseline,
                           int            *natural_baseline)
{
  *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? 240 : 160;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 600 : 240;
}

static void
describe (HkProgressChart *self)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < self->points->len; i++)
    {
      const HkProgressPoint *p = &g_array_index (self->points, HkProgressPoint, i);
      g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (p->when);
      g_autofree char *date = g_date_time_format (dt, "%x");
      g_autofree char *value = isnan (p->value) ? g_strdup ("—") : format_value (self, p->value);

      g_string_append_printf (text, "%s%s: %s", i ? "; " : "", date, value);
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, self->title ? self->title : "",
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text->str, -1);
  g_string_free (text, TRUE);
}

static void
hk_progress_chart_finalize (GObject *object)
{
  HkProgressChart *self = HK_PROGRESS_CHART (object);

  g_clear_pointer (&self->points, g_array_unref);
  g_free (self->title);
  g_free (self->unit);

  G_OBJECT_CLASS (hk_progress_chart_parent_class)->finalize (object);
}

static void
hk_progress_chart_class_init (HkProgressChartClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = hk_progress_chart_finalize;
  widget_class->snapshot = hk_progress_chart_snapshot;
  widget_class->measure = hk_progress_chart_measure;
  gtk_widget_class_set_css_name (widget_class, "progress-chart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
hk_progress_chart_init (HkProgressChart *self)
{
  self->points = g_array_new (FALSE, FALSE, sizeof (HkProgressPoint));
  self->unit = g_strdup ("");
  self->decimals = 1;
  self->norm_low = self->norm_high = NAN;
}

GtkWidget *
hk_progress_chart_new (void)
{
  return g_object_new (HK_TYPE_PROGRESS_CHART, NULL);
}

/**
 * hk_progress_chart_set_points:
 * @points: (element-type HkProgressPoint): the calls, oldest first
 * @title: what is charted, for screen readers
 * @unit: written after each value, such as “ s”
 * @decimals: digits after the point
 * @norm_low: the norm's lower edge, or NAN
 * @norm_high: the norm's upper edge, or NAN
 */
void
hk_progress_chart_set_points (HkProgressChart *self,
                              const GArray    *points,
                              const char      *title,
                              const char      *unit,
                              int              decimals,
                              double           norm_low,
                              double           norm_high)
{
  g_return_if_fail (HK_IS_PROGRESS_CHART (self));

  g_array_set_size (self->points, 0);
  if (points != NULL)
    g_array_append_vals (self->points, points->data, points->len);
  g_free (self->title);
  self->title = g_strdup (title);
  g_free (self->unit);
  self->unit = g_strdup (unit ? unit : "");
  self->decimals = CLAMP (decimals, 0, 3);
  self->norm_low = norm_low;
  self->norm_high = norm_high;
  describe (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

guint
hk_progress_chart_get_n_points (HkProgressChart *self)
{
  g_return_val_if_fail (HK_IS_PROGRESS_CHART (self), 0);
  return self->points->len;
}
