/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hk-report-pdf"

/* A session's report as a PDF for a trainer to print or file: who
 * practised what and when, the call as two lanes with its markers and the
 * trainer's comments pinned on it, the figures against their norms, the
 * call line by line, the comments, and the checklist as answered. A class
 * report puts a summary of many sessions first, the sessions it had to
 * leave out among them with the reason, then each session's report.
 *
 * Everything here reads an HkReport; nothing is measured again. Text from
 * a session or a scenario is set as plain text, or escaped where it goes
 * into markup, so a note holding “<b>” prints as typed. */

#include "config.h"

#include <math.h>
#include <string.h>

#include "hk-figures.h"
#include "hk-i18n.h"
#include "hk-lang.h"
#include "hk-pdf-writer.h"
#include "hk-report-pdf.h"

#define CELL_GAP      6.0
#define CELL_PADDING  3.0
#define MAX_COLUMNS   9

/* The review's colours, so a printed report reads like the screen. */
static const double marker_colours[HK_N_MARKER_TYPES][3] = {
  [HK_MARKER_RESPONSE_GAP] = { 0.21, 0.52, 0.89 },
  [HK_MARKER_HESITATION] = { 0.90, 0.57, 0.09 },
  [HK_MARKER_DEAD_AIR] = { 0.47, 0.47, 0.47 },
  [HK_MARKER_BACKCHANNEL] = { 0.18, 0.66, 0.33 },
  [HK_MARKER_INTERRUPTION] = { 0.88, 0.11, 0.14 },
  [HK_MARKER_OVERTALK] = { 0.57, 0.25, 0.67 },
};
static const double comment_colour[3] = { 0.60, 0.42, 0.27 };

typedef void (*DrawFunc) (HkPdfWriter *writer,
                          gpointer     data);

/* Tables */

typedef struct {
  HkPdfWriter *writer;
  guint        n;
  double       x[MAX_COLUMNS];
  double       width[MAX_COLUMNS];
  const char  *header[MAX_COLUMNS];
  gboolean     started;
  double       reserve;     /* room the first row needs under the header */
} Table;

static void
table_header_cb (HkPdfWriter *writer,
                 gpointer     user_data)
{
  Table *t = user_data;
  HkPdfCell cells[MAX_COLUMNS];
  double height = 0.0;
  cairo_t *cr;

  for (guint i = 0; i < t->n; i++)
    {
      double width = t->width[i] - CELL_GAP;

      /* A heading wraps between words; one with a word too long for its
       * column, as translations have, gets a smaller font first and is
       * broken inside the word only when that is not enough. */
      cells[i].layout = hk_pdf_writer_layout (writer, HK_PDF_FONT_SMALL_BOLD, width);
      cells[i].x = t->x[i];
      pango_layout_set_wrap (cells[i].layout, PANGO_WRAP_WORD);
      pango_layout_set_text (cells[i].layout, t->header[i] ? t->header[i] : "", -1);
      if (hk_pdf_layout_width (cells[i].layout) > width + 0.01)
        {
          g_object_unref (cells[i].layout);
          cells[i].layout = hk_pdf_writer_layout (writer, HK_PDF_FONT_TINY_BOLD, width);
          pango_layout_set_wrap (cells[i].layout, PANGO_WRAP_WORD);
          pango_layout_set_text (cells[i].layout, t->header[i], -1);
          if (hk_pdf_layout_width (cells[i].layout) > width + 0.01)
            pango_layout_set_wrap (cells[i].layout, PANGO_WRAP_WORD_CHAR);
        }
      height = MAX (height, hk_pdf_layout_height (cells[i].layout));
    }
  hk_pdf_writer_ensure_space (writer, height + 2 * CELL_PADDING + t->reserve);
  cr = hk_pdf_writer_get_cairo (writer);
  cairo_save (cr);
  cairo_set_source_rgb (cr, 0.93, 0.93, 0.93);
  cairo_rectangle (cr, hk_pdf_writer_get_left (writer) - 2.0, hk_pdf_writer_get_y (writer),
                   hk_pdf_writer_get_width (writer) + 4.0, height + 2 * CELL_PADDING);
  cairo_fill (cr);
  cairo_set_source_rgb (cr, 0.25, 0.25, 0.25);
  hk_pdf_writer_row (writer, cells, t->n, CELL_PADDING, FALSE, NULL, NULL);
  cairo_restore (cr);
  for (guint i = 0; i < t->n; i++)
    g_object_unref (cells[i].layout);
}

/* A table whose columns have these widths, as shares of the page; its
 * header is drawn with the first row, and on each page the table goes
 * on to. */
static void
table_begin (Table        *t,
             HkPdfWriter  *writer,
             guint         n,
             const double *shares,
             const char  **header)
{
  double x = 0.0, width = hk_pdf_writer_get_width (writer);

  g_assert (n <= MAX_COLUMNS);
  t->writer = writer;
  t->n = n;
  for (guint i = 0; i < n; i++)
    {
      t->x[i] = x;
      t->width[i] = shares[i] * width;
      t->header[i] = header[i];
      x += t->width[i];
    }
  t->started = FALSE;
  t->reserve = 0.0;
}

static PangoLayout *
table_cell (Table      *t,
            guint       column,
            guint       span,
            HkPdfFont   font,
            const char *text)
{
  double width = 0.0;
  PangoLayout *layout;

  for (guint i = column; i < column + span && i < t->n; i++)
    width += t->width[i];
  layout = hk_pdf_writer_layout (t->writer, font, width - CELL_GAP);
  pango_layout_set_text (layout, text ? text : "", -1);
  return layout;
}

static PangoLayout *
table_cell_markup (Table      *t,
                   guint       column,
                   guint       span,
                   HkPdfFont   font,
                   const char *markup)
{
  PangoLayout *layout = table_cell (t, column, span, font, NULL);

  pango_layout_set_markup (layout, markup, -1);
  return layout;
}

/* Draws a row of @n cells, the k-th in column @columns[k] (all columns
 * in order when @columns is NULL), a line under it when @rule, and frees
 * their layouts. */
static void
table_row_full (Table        *t,
                PangoLayout **layouts,
                guint         n,
                const guint  *columns,
                gboolean      rule)
{
  HkPdfCell cells[MAX_COLUMNS];

  g_assert (n <= MAX_COLUMNS);
  for (guint i = 0; i < n; i++)
    {
      cells[i].layout = layouts[i];
      cells[i].x = t->x[columns != NULL ? columns[i] : i];
      t->reserve = MAX (t->reserve, hk_pdf_layout_height (layouts[i]) + 2 * CELL_PADDING);
    }
  /* The header never stands alone at the foot of a page. */
  if (!t->started)
    {
      t->reserve = MIN (t->reserve, 120.0);
      table_header_cb (t->writer, t);
      t->started = TRUE;
    }
  t->reserve = 0.0;
  cairo_set_source_rgb (hk_pdf_writer_get_cairo (t->writer), 0.0, 0.0, 0.0);
  hk_pdf_writer_row (t->writer, cells, n, CELL_PADDING, rule, table_header_cb, t);
  for (guint i = 0; i < n; i++)
    g_object_unref (layouts[i]);
}

static void
table_row (Table        *t,
           PangoLayout **layouts,
           guint         n,
           const guint  *columns)
{
  table_row_full (t, layouts, n, columns, TRUE);
}

/* Texts */

static const char *
verdict_colour (HkVerdict verdict)
{
  return verdict == HK_VERDICT_WITHIN ? "#1a7f37" : verdict == HK_VERDICT_OUTSIDE ? "#9a6700" : "#666666";
}

/* A figure's value, marked when outside its norm by more than colour. */
static char *
figure_markup (const HkFigureValue *value)
{
  g_autofree char *text = hk_figure_format (value);

  if (value->verdict == HK_VERDICT_OUTSIDE)
    return g_markup_printf_escaped ("<span foreground=\"%s\" weight=\"bold\">%s ▲</span>",
                                    verdict_colour (value->verdict), text);
  return g_markup_printf_escaped ("<span foreground=\"%s\">%s</span>", verdict_colour (value->verdict), text);
}

static const char *
marker_letters (void)
{
  /* Translators: six ASCII letters tagging the marker types on the waveform:
   * response Gap, Hesitation, Dead air, Backchannel, Interruption, Overtalk */
  const char *letters = _("GHDBIO");

  return strlen (letters) == HK_N_MARKER_TYPES ? letters : "GHDBIO";
}

static char *
pin_markup (guint number)
{
  return g_strdup_printf ("<span background=\"#996b45\" foreground=\"#ffffff\" weight=\"bold\"> %u </span>",
                          number);
}

static char *
session_footer (HkSession *session)
{
  const char *trainee = hk_session_get_trainee (session);

  if (trainee == NULL)
    return g_strdup (hk_session_get_title (session));
  return g_strdup_printf ("%s — %s", trainee, hk_session_get_title (session));
}

/* The overview: two lanes */

/* Each marker type has its own hatching, so a span reads without its
 * colour too, as its letter does. */
static void
hatch (cairo_t      *cr,
       HkMarkerType  type,
       double        x,
       double        y,
       double        width,
       double        height)
{
  const double step = 3.5;

  if (type == HK_MARKER_RESPONSE_GAP)
    return;
  cairo_save (cr);
  cairo_rectangle (cr, x, y, width, height);
  cairo_clip (cr);
  cairo_set_source_rgba (cr, marker_colours[type][0], marker_colours[type][1], marker_colours[type][2], 0.6);
  cairo_set_line_width (cr, 0.4);
  for (double d = -height; d < width + height; d += step)
    {
      switch (type)
        {
        case HK_MARKER_HESITATION:
          cairo_move_to (cr, x + d, y + height);
          cairo_line_to (cr, x + d + height, y);
          break;
        case HK_MARKER_DEAD_AIR:
          if (d >= 0.0 && d < height)
            {
              cairo_move_to (cr, x, y + d);
              cairo_line_to (cr, x + width, y + d);
            }
          break;
        case HK_MARKER_BACKCHANNEL:
          if (d >= 0.0)
            {
              cairo_move_to (cr, x + d, y);
              cairo_line_to (cr, x + d, y + height);
            }
          break;
        case HK_MARKER_INTERRUPTION:
          cairo_move_to (cr, x + d, y + height);
          cairo_line_to (cr, x + d + height, y);
          cairo_move_to (cr, x + d, y);
          cairo_line_to (cr, x + d + height, y + height);
          break;
        case HK_MARKER_OVERTALK:
          cairo_move_to (cr, x + d, y);
          cairo_line_to (cr, x + d + height, y + height);
          break;
        case HK_MARKER_RESPONSE_GAP:
        case HK_N_MARKER_TYPES:
        default:
          break;
        }
    }
  cairo_stroke (cr);
  cairo_restore (cr);
}

/* A marker's span: a tint, its hatching and a strip along the top. */
static void
draw_span (cairo_t      *cr,
           HkMarkerType  type,
           double        x,
           double        y,
           double        width,
           double        height)
{
  const double *c = marker_colours[type];

  cairo_set_source_rgba (cr, c[0], c[1], c[2], 0.22);
  cairo_rectangle (cr, x, y, width, height);
  cairo_fill (cr);
  hatch (cr, type, x, y, width, height);
  cairo_set_source_rgb (cr, c[0], c[1], c[2]);
  cairo_rectangle (cr, x, y, width, 2.0);
  cairo_fill (cr);
}

/* A tag in the marker's colour, darkened to read on white. */
static void
draw_letter (HkPdfWriter  *writer,
             PangoLayout  *layout,
             HkMarkerType  type,
             double        x,
             double        y)
{
  cairo_t *cr = hk_pdf_writer_get_cairo (writer);
  const double *c = marker_colours[type];

  cairo_set_source_rgb (cr, c[0] * 0.7, c[1] * 0.7, c[2] * 0.7);
  hk_pdf_writer_show_layout (writer, layout, x, y);
}

static double
tick_step (double duration)
{
  static const double steps[] = { 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200 };

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    if (duration / steps[i] <= 8.0)
      return steps[i];
  return 14400;
}

typedef struct {
  double x;
  double y;
  double right;
} Legend;

static void
legend_item (HkPdfWriter *writer,
             Legend      *legend,
             const char  *label,
             int          kind)       /* a marker type, -1 speech, -2 a comment */
{
  cairo_t *cr = hk_pdf_writer_get_cairo (writer);
  g_autoptr(PangoLayout) text = hk_pdf_writer_layout (writer, HK_PDF_FONT_SMALL, 0);
  g_autoptr(PangoLayout) tag = hk_pdf_writer_layout (writer, HK_PDF_FONT_TINY_BOLD, 0);
  const double swatch = 16.0;
  double width;

  pango_layout_set_text (text, label, -1);
  width = swatch + 4.0 + hk_pdf_layout_width (text) + 12.0;
  if (legend->x + width > legend->right && legend->x > hk_pdf_writer_get_left (writer))
    {
      legend->x = hk_pdf_writer_get_left (writer);
      legend->y += 13.0;
    }

  if (kind >= 0)
    {
      char letter[2] = { marker_letters ()[kind], '\0' };

      draw_span (cr, kind, legend->x, legend->y + 1.0, swatch, 9.0);
      pango_layout_set_text (tag, letter, -1);
      draw_letter (writer, tag, kind, legend->x + 2.0, legend->y + 2.0);
    }
  else if (kind == -1)
    {
      cairo_set_source_rgb (cr, 0.30, 0.30, 0.30);
      cairo_rectangle (cr, legend->x, legend->y + 3.0, swatch, 5.0);
      cairo_fill (cr);
    }
  else
    {
      cairo_set_source_rgb (cr, comment_colour[0], comment_colour[1], comment_colour[2]);
      cairo_rectangle (cr, legend->x + 3.0, legend->y, 9.0, 9.5);
      cairo_fill (cr);
      cairo_set_source_rgb (cr, 1.0, 1.0, 1.0);
      pango_layout_set_text (tag, "1", -1);
      hk_pdf_writer_show_layout (writer, tag, legend->x + 5.5, legend->y + 1.0);
    }
  cairo_set_source_rgb (cr, 0.2, 0.2, 0.2);
  hk_pdf_writer_show_layout (writer, text, legend->x + swatch + 4.0, legend->y);
  legend->x += width;
}

/* The call as the review shows it: the customer's lane above the
 * trainee's, speech as bars, each marker a span with its letter, the
 * trainer's comments as numbered pins, a time axis and a legend. */
static void
draw_overview (HkPdfWriter *writer,
               HkReport    *report)
{
  HkSession *session = hk_report_get_session (report);
  HkCallAnalysis *analysis = hk_report_get_analysis (report);
  const GArray *markers = hk_call_analysis_get_markers (analysis);
  const GArray *comments = hk_session_get_comments (session);
  gboolean pair = g_strcmp0 (hk_session_get_mode (session), "pair") == 0;
  gboolean two_lanes = hk_call_analysis_has_customer (analysis);
  const double label_width = 62.0, lane = 40.0, pin_row = 20.0, axis = 14.0;
  double duration = MAX (hk_call_analysis_get_duration (analysis), 0.001);
  double left = hk_pdf_writer_get_left (writer);
  double plot_x = left + label_width, plot_w = hk_pdf_writer_get_width (writer) - label_width;
  guint n_lanes = two_lanes ? 2 : 1;
  double top, lanes_top, lanes_bottom, step;
  double letter_end[3][2] = { { -1e9, -1e9 }, { -1e9, -1e9 }, { -1e9, -1e9 } };
  g_autoptr(PangoLayout) tag = hk_pdf_writer_layout (writer, HK_PDF_FONT_TINY_BOLD, 0);
  g_autoptr(PangoLayout) small = hk_pdf_writer_layout (writer, HK_PDF_FONT_SMALL, label_width - 6.0);
  const char *letters = marker_letters ();
  Legend legend;
  cairo_t *cr;

#define X_OF(t) (plot_x + CLAMP ((t) / duration, 0.0, 1.0) * plot_w)

  hk_pdf_writer_ensure_space (writer, pin_row + n_lanes * lane + axis + 40.0);
  cr = hk_pdf_writer_get_cairo (writer);
  top = hk_pdf_writer_get_y (writer);
  lanes_top = top + pin_row;
  lanes_bottom = lanes_top + n_lanes * lane;

  /* Lanes, their names and each party's speech. */
  for (guint l = 0; l < n_lanes; l++)
    {
      HkParty party = two_lanes ? (HkParty) l : HK_PARTY_TRAINEE;
      const HkSegments *segs = hk_call_analysis_get_segments (analysis, party);
      double y = lanes_top + l * lane;

      cairo_set_source_rgb (cr, 0.96, 0.96, 0.96);
      cairo_rectangle (cr, plot_x, y, plot_w, lane - 2.0);
      cairo_fill (cr);
      cairo_set_source_rgb (cr, 0.30, 0.30, 0.30);
      for (guint i = 0; segs != NULL && i < hk_segments_get_n (segs); i++)
        {
          const HkSegment *s = hk_segments_get (segs, i);

          cairo_rectangle (cr, X_OF (s->start), y + 19.0, MAX (X_OF (s->end) - X_OF (s->start), 0.5), 16.0);
        }
      cairo_fill (cr);
      pango_layout_set_ellipsize (small, PANGO_ELLIPSIZE_END);
      pango_layout_set_alignment (small, PANGO_ALIGN_RIGHT);
      pango_layout_set_text (small, hk_party_label (party, pair), -1);
      cairo_set_source_rgb (cr, 0.25, 0.25, 0.25);
      hk_pdf_writer_show_layout (writer, small, left, y + (lane - hk_pdf_layout_height (small)) / 2.0);
    }

  /* Markers, on the lane of whose behaviour they mark; letters on top,
   * in two rows a lane so close markers keep theirs. */
  for (guint i = 0; i < markers->len; i++)
    {
      const HkMarker *m = &g_array_index (markers, HkMarker, i);
      double x0 = X_OF (m->start), x1 = MAX (X_OF (m->end), x0 + 1.5);
      guint l = !two_lanes || m->party != HK_PARTY_TRAINEE ? 0 : 1;
      double height = two_lanes && m->party == HK_PARTY_BOTH ? 2 * lane - 2.0 : lane - 2.0;

      draw_span (cr, m->type, x0, lanes_top + l * lane, x1 - x0, height);
    }
  for (guint i = 0; i < markers->len; i++)
    {
      const HkMarker *m = &g_array_index (markers, HkMarker, i);
      char letter[2] = { letters[m->type], '\0' };
      guint l = !two_lanes || m->party != HK_PARTY_TRAINEE ? 0 : 1;
      double x = X_OF (m->start) + 0.5, width;

      pango_layout_set_text (tag, letter, -1);
      width = hk_pdf_layout_width (tag);
      for (guint row = 0; row < 2; row++)
        if (x >= letter_end[l][row] + 0.5)
          {
            draw_letter (writer, tag, m->type, x, lanes_top + l * lane + 2.5 + row * 8.0);
            letter_end[l][row] = x + width;
            break;
          }
    }

  /* The trainer's comments: a line down through the lanes where each
   * points and a bar as long as its span, and above them a pin with its
   * number; comments too close for a pin each share one, “2–5”. */
  cairo_set_source_rgb (cr, comment_colour[0], comment_colour[1], comment_colour[2]);
  for (guint i = 0; i < comments->len; i++)
    {
      const HkSessionComment *c = &g_array_index (comments, HkSessionComment, i);
      double x0 = X_OF (c->start), x1 = X_OF (c->end);

      if (x1 - x0 >= 1.0)
        cairo_rectangle (cr, x0, lanes_top - 3.5, x1 - x0, 3.0);
      cairo_rectangle (cr, x0 - 0.4, lanes_top - 3.5, 0.8, lanes_bottom - lanes_top + 1.5);
    }
  cairo_fill (cr);
  for (guint i = 0, j; i < comments->len; i = j)
    {
      double x0 = X_OF (g_array_index (comments, HkSessionComment, i).start);
      double box_y = top + 4.0, width, box_x;

      for (j = i + 1;; j++)
        {
          g_autofree char *label = j - i == 1 ? g_strdup_printf ("%u", i + 1)
                                              : g_strdup_printf ("%u–%u", i + 1, j);

          pango_layout_set_text (tag, label, -1);
          width = hk_pdf_layout_width (tag) + 4.0;
          box_x = MIN (x0, plot_x + plot_w - width);
          if (j >= comments->len || X_OF (g_array_index (comments, HkSessionComment, j).start) >= box_x + width + 1.0)
            break;
        }
      cairo_set_source_rgb (cr, comment_colour[0], comment_colour[1], comment_colour[2]);
      cairo_rectangle (cr, box_x, box_y, width, 9.5);
      cairo_rectangle (cr, x0 - 0.4, box_y + 9.5, 0.8, lanes_top - 3.5 - box_y - 9.5);
      cairo_fill (cr);
      cairo_set_source_rgb (cr, 1.0, 1.0, 1.0);
      hk_pdf_writer_show_layout (writer, tag, box_x + 2.0, box_y + 1.0);
    }

  /* The time axis. */
  step = tick_step (duration);
  pango_layout_set_alignment (small, PANGO_ALIGN_LEFT);
  pango_layout_set_width (small, -1);
  for (double t = 0.0; t <= duration + 0.001; t += step)
    {
      g_autofree char *label = hk_checklist_format_time (t);
      double x = X_OF (t), width;

      pango_layout_set_text (small, label, -1);
      width = hk_pdf_layout_width (small);
      cairo_set_source_rgb (cr, 0.75, 0.75, 0.75);
      cairo_rectangle (cr, x - 0.25, lanes_bottom - 2.0, 0.5, 3.0);
      cairo_fill (cr);
      cairo_set_source_rgb (cr, 0.40, 0.40, 0.40);
      hk_pdf_writer_show_layout (writer, small, MIN (MAX (x - width / 2.0, plot_x), plot_x + plot_w - width),
                                 lanes_bottom + 1.5);
    }

  /* The legend, which names what the letters and hatching mean. */
  legend.x = left;
  legend.y = lanes_bottom + axis + 6.0;
  legend.right = left + hk_pdf_writer_get_width (writer);
  legend_item (writer, &legend, _("Speech"), -1);
  for (HkMarkerType t = 0; t < HK_N_MARKER_TYPES; t++)
    legend_item (writer, &legend, hk_marker_type_label (t), t);
  if (comments->len > 0)
    legend_item (writer, &legend, _("Trainer’s comment"), -2);
  cairo_set_source_rgb (cr, 0.0, 0.0, 0.0);

  hk_pdf_writer_take (writer, legend.y + 13.0 - top + 4.0);
#undef X_OF
}

/* The sections of a session's report */

/* @text with its spaces no-break ones, so a short phrase wraps whole. */
static char *
unbreakable (const char *text)
{
  g_auto(GStrv) words = g_strsplit (text, " ", -1);

  return g_strjoinv ("\u00a0", words);
}

static void
draw_header (HkPdfWriter *writer,
             HkReport    *report)
{
  HkSession *session = hk_report_get_session (report);
  HkCallAnalysis *analysis = hk_report_get_analysis (report);
  const char *trainee = hk_session_get_trainee (session);
  g_autofree char *date = hk_report_format_date (session);
  g_autofree char *length = hk_checklist_format_time (hk_call_analysis_get_duration (analysis));
  g_autofree char *trainee_markup = NULL;
  g_autoptr(GString) details = g_string_new (NULL);
  const char *pairs[][2] = {
    { _("Date"), date },
    { _("Language"), hk_lang_endonym (hk_session_get_language (session)) },
    { _("Length"), length },
    { _("State"), hk_session_state_label (hk_session_get_state (session)) },
  };
  cairo_t *cr = hk_pdf_writer_get_cairo (writer);

  cairo_set_source_rgb (cr, 0.40, 0.40, 0.40);
  hk_pdf_writer_text (writer, HK_PDF_FONT_SMALL, _("Hearken · Listening practice report"));

  if (trainee != NULL)
    trainee_markup = g_markup_escape_text (trainee, -1);
  else
    trainee_markup = g_markup_printf_escaped ("<span foreground=\"#777777\" style=\"italic\">%s</span>",
                                              _("Trainee not named"));
  cairo_set_source_rgb (cr, 0.0, 0.0, 0.0);
  hk_pdf_writer_markup (writer, HK_PDF_FONT_TITLE, trainee_markup);
  hk_pdf_writer_text (writer, HK_PDF_FONT_SUBTITLE, hk_session_get_title (session));

  for (guint i = 0; i < G_N_ELEMENTS (pairs); i++)
    {
      g_autofree char *label = unbreakable (pairs[i][0]);
      g_autofree char *value = unbreakable (pairs[i][1]);
      g_autofree char *pair = g_markup_printf_escaped ("<b>%s</b>\u00a0%s", label, value);

      if (i > 0)
        g_string_append (details, "      ");
      g_string_append (details, pair);
    }
  if (g_strcmp0 (hk_session_get_mode (session), "pair") == 0)
    {
      g_autofree char *pairs_label = unbreakable (_("Practised in pairs"));
      g_autofree char *mode = g_markup_printf_escaped ("      <b>%s</b>", pairs_label);

      g_string_append (details, mode);
    }
  hk_pdf_writer_markup (writer, HK_PDF_FONT_BODY, details->str);
  if (hk_session_get_problem (session) != NULL)
    {
      g_autofree char *problem = g_markup_printf_escaped ("<span foreground=\"#9a6700\" weight=\"bold\">%s</span>",
                                                          hk_session_get_problem (session));

      hk_pdf_writer_markup (writer, HK_PDF_FONT_BODY, problem);
    }
  hk_pdf_writer_advance (writer, 8.0);
}

static void
draw_comments (HkPdfWriter *writer,
               HkReport    *report)
{
  const GArray *comments = hk_session_get_comments (hk_report_get_session (report));
  const double shares[] = { 0.07, 0.15, 0.78 };
  const char *header[] = { "", _("When"), _("Comment") };
  Table t;

  if (comments->len == 0)
    return;
  hk_pdf_writer_heading (writer, _("Trainer’s Comments"));
  table_begin (&t, writer, G_N_ELEMENTS (shares), shares, header);
  for (guint i = 0; i < comments->len; i++)
    {
      const HkSessionComment *c = &g_array_index (comments, HkSessionComment, i);
      g_autofree char *pin = pin_markup (i + 1);
      g_autofree char *when = hk_report_format_comment_time (c);
      PangoLayout *cells[] = {
        table_cell_markup (&t, 0, 1, HK_PDF_FONT_SMALL, pin),
        table_cell (&t, 1, 1, HK_PDF_FONT_BODY, when),
        table_cell (&t, 2, 1, HK_PDF_FONT_BODY, c->text),
      };

      table_row (&t, cells, G_N_ELEMENTS (cells), NULL);
    }
}

static void
draw_figures (HkPdfWriter *writer,
              HkReport    *report)
{
  HkCallAnalysis *analysis = hk_report_get_analysis (report);
  const double shares[] = { 0.28, 0.14, 0.20, 0.38 };
  const char *header[] = { _("Figure"), _("Value"), _("Verdict"), _("Norm") };
  HkFigureValue figures[HK_N_FIGURES];
  Table t;

  hk_figures_measure (analysis, figures);
  hk_pdf_writer_heading (writer, _("How You Listened"));
  table_begin (&t, writer, G_N_ELEMENTS (shares), shares, header);
  for (HkFigure f = 0; f < HK_N_FIGURES; f++)
    {
      g_autofree char *value = figure_markup (&figures[f]);
      g_autofree char *norm = hk_figure_norm (f, hk_call_analysis_get_thresholds (analysis));
      g_autofree char *verdict = g_markup_printf_escaped ("<span foreground=\"%s\">%s</span>",
                                                          verdict_colour (figures[f].verdict),
                                                          hk_verdict_label (figures[f].verdict));
      PangoLayout *cells[] = {
        table_cell (&t, 0, 1, HK_PDF_FONT_BOLD, hk_figure_label (f)),
        table_cell_markup (&t, 1, 1, HK_PDF_FONT_BODY, value),
        table_cell_markup (&t, 2, 1, HK_PDF_FONT_BODY, verdict),
        table_cell (&t, 3, 1, HK_PDF_FONT_SMALL, norm),
      };

      table_row (&t, cells, G_N_ELEMENTS (cells), NULL);
    }
}

/* A pair's two rounds side by side, figure by figure. */
static void
draw_rounds (HkPdfWriter *writer,
             HkReport    *report)
{
  const double shares[] = { 0.34, 0.33, 0.33 };
  HkSession *rounds[2];
  HkCallAnalysis *analyses[2];
  HkFigureValue figures[2][HK_N_FIGURES];
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  const char *header[3];
  Table t;

  if (!hk_report_get_rounds (report, rounds, analyses))
    return;
  first = hk_report_round_title (rounds[0]);
  second = hk_report_round_title (rounds[1]);
  header[0] = _("Figure");
  header[1] = first;
  header[2] = second;
  hk_figures_measure (analyses[0], figures[0]);
  hk_figures_measure (analyses[1], figures[1]);

  hk_pdf_writer_heading (writer, _("Both Rounds"));
  table_begin (&t, writer, G_N_ELEMENTS (shares), shares, header);
  for (HkFigure f = 0; f < HK_N_FIGURES; f++)
    {
      char *cell[2];
      PangoLayout *cells[3];

      /* Each round's value, and its verdict in words beneath. */
      for (guint r = 0; r < 2; r++)
        {
          g_autofree char *value = figure_markup (&figures[r][f]);
          g_autofree char *verdict = g_markup_escape_text (hk_verdict_label (figures[r][f].verdict), -1);

          cell[r] = g_strdup_printf ("%s\n<span foreground=\"%s\">%s</span>", value,
                                     verdict_colour (figures[r][f].verdict), verdict);
        }
      cells[0] = table_cell (&t, 0, 1, HK_PDF_FONT_BOLD, hk_figure_label (f));
      cells[1] = table_cell_markup (&t, 1, 1, HK_PDF_FONT_BODY, cell[0]);
      cells[2] = table_cell_markup (&t, 2, 1, HK_PDF_FONT_BODY, cell[1]);
      table_row (&t, cells, G_N_ELEMENTS (cells), NULL);
      g_free (cell[0]);
      g_free (cell[1]);
    }
}

static void
draw_turns (HkPdfWriter *writer,
            HkReport    *report)
{
  HkSession *session = hk_report_get_session (report);
  const GArray *turns = hk_report_get_turns (report);
  const GArray *session_turns = hk_session_get_turns (session);
  const double shares[] = { 0.06, 0.07, 0.32, 0.15, 0.15, 0.13, 0.12 };
  const char *header[] = {
    _("Line"), _("At"), _("What the customer said"), _("Response gap"),
    _("Interruptions"), _("Listening sounds"), _("Your answer"),
  };
  Table t;

  hk_pdf_writer_heading (writer, _("The Call Line by Line"));
  if (turns->len == 0)
    {
      hk_pdf_writer_text (writer, HK_PDF_FONT_BODY, _("No customer line was timed in this call."));
      return;
    }
  table_begin (&t, writer, G_N_ELEMENTS (shares), shares, header);
  for (guint i = 0; i < turns->len && i < session_turns->len; i++)
    {
      const HkTurnSummary *ts = &g_array_index (turns, HkTurnSummary, i);
      const HkSessionTurn *st = &g_array_index (session_turns, HkSessionTurn, i);
      g_autofree char *line = g_strdup_printf ("%u", st->index + 1);
      g_autofree char *at = hk_checklist_format_time (st->start);
      g_autofree char *gap = hk_report_format_gap (ts);
      g_autofree char *interruptions = g_strdup_printf ("%u", ts->interruptions);
      g_autofree char *backchannels = g_strdup_printf ("%u", ts->backchannels);
      /* Translators: seconds, e.g. “0.8 s” */
      g_autofree char *answer = isnan (ts->answer_time) ? g_strdup ("—") : g_strdup_printf (_("%.1f s"), ts->answer_time);
      PangoLayout *cells[] = {
        table_cell (&t, 0, 1, HK_PDF_FONT_BODY, line),
        table_cell (&t, 1, 1, HK_PDF_FONT_BODY, at),
        table_cell (&t, 2, 1, HK_PDF_FONT_BODY, hk_session_get_turn_text (session, st->index)),
        table_cell (&t, 3, 1, HK_PDF_FONT_BODY, gap),
        table_cell (&t, 4, 1, HK_PDF_FONT_BODY, interruptions),
        table_cell (&t, 5, 1, HK_PDF_FONT_BODY, backchannels),
        table_cell (&t, 6, 1, HK_PDF_FONT_BODY, answer),
      };

      table_row (&t, cells, G_N_ELEMENTS (cells), NULL);
    }
}

static void
draw_checklist (HkPdfWriter *writer,
                HkReport    *report)
{
  HkSession *session = hk_report_get_session (report);
  GPtrArray *items = hk_report_get_items (report);
  GPtrArray *questions = hk_report_get_questions (report);
  const double shares[] = { 0.05, 0.70, 0.25 };
  const char *header[] = { "", _("Question"), _("Answer") };
  guint answered = 0;
  double result = hk_checklist_result (hk_session_get_reflection (session), &answered);
  Table t;

  hk_pdf_writer_heading (writer, _("How Did You Listen?"));
  if (answered == 0)
    hk_pdf_writer_text (writer, HK_PDF_FONT_BODY, _("The trainee has not answered the checklist."));
  else
    {
      /* Translators: the checklist's result; “answered” counts the
       * questions answered */
      g_autofree char *line = g_strdup_printf (_("Result: %.0f %% (answered: %u; yes counts whole, partly half)"),
                                               result * 100.0, answered);

      hk_pdf_writer_text (writer, HK_PDF_FONT_BODY, line);
    }
  hk_pdf_writer_advance (writer, 2.0);

  table_begin (&t, writer, G_N_ELEMENTS (shares), shares, header);
  for (guint i = 0; i < items->len; i++)
    {
      const HkChecklistItem *item = g_ptr_array_index (items, i);
      const char *note = NULL;
      HkAnswer answer = hk_report_get_answer (report, item->id, &note);
      g_autofree char *question = NULL;
      g_autoptr(GString) answer_markup = g_string_new (NULL);

      if (item->evidence != NULL)
        question = g_markup_printf_escaped ("%s\n<span size=\"small\" foreground=\"#555555\">%s</span>",
                                            item->question, item->evidence);
      else
        question = g_markup_escape_text (item->question, -1);
      if (answer != HK_ANSWER_NONE)
        {
          g_autofree char *a = g_markup_printf_escaped ("<b>%s</b>", hk_answer_label (answer));

          g_string_append (answer_markup, a);
        }
      else
        g_string_append (answer_markup, "—");
      if (item->suggestion != HK_ANSWER_NONE)
        {
          /* Translators: under the trainee's answer: what the measurements point to */
          g_autofree char *suggested = g_strdup_printf (_("suggested: %s"), hk_answer_label (item->suggestion));
          g_autofree char *s = g_markup_printf_escaped ("\n<span size=\"small\" foreground=\"#555555\">%s</span>",
                                                        suggested);

          g_string_append (answer_markup, s);
        }

      {
        g_autofree char *number = g_strdup_printf ("%u", i + 1);
        PangoLayout *cells[] = {
          table_cell (&t, 0, 1, HK_PDF_FONT_BODY, number),
          table_cell_markup (&t, 1, 1, HK_PDF_FONT_BODY, question),
          table_cell_markup (&t, 2, 1, HK_PDF_FONT_BODY, answer_markup->str),
        };

        table_row_full (&t, cells, G_N_ELEMENTS (cells), NULL, note == NULL || *note == '\0');
      }
      /* The trainee's note under its question, as wide as the page
       * allows, since notes can be long. */
      if (note != NULL && *note != '\0')
        {
          const guint columns[] = { 1 };
          g_autofree char *markup = g_markup_printf_escaped ("<span foreground=\"#555555\">%s</span> %s",
                                                             _("Note:"), note);
          PangoLayout *cells[] = { table_cell_markup (&t, 1, 2, HK_PDF_FONT_BODY, markup) };

          table_row_full (&t, cells, G_N_ELEMENTS (cells), columns, TRUE);
        }
    }

  for (guint i = 0; i < questions->len; i++)
    {
      const HkChecklistQuestion *q = g_ptr_array_index (questions, i);
      const char *text = hk_report_get_note (report, q->id);

      if (text == NULL || *text == '\0')
        continue;
      hk_pdf_writer_advance (writer, 8.0);
      hk_pdf_writer_ensure_space (writer, 40.0);
      hk_pdf_writer_text (writer, HK_PDF_FONT_BOLD, q->text);
      hk_pdf_writer_text (writer, HK_PDF_FONT_BODY, text);
    }
}

/* A pair round: how the call felt to the partner who played the customer. */
static void
draw_partner_feedback (HkPdfWriter *writer,
                       HkReport    *report)
{
  g_autoptr(GPtrArray) rows = hk_report_get_partner_feedback (report);
  const double shares[] = { 0.30, 0.70 };
  const char *header[] = { "", "" };
  Table t;

  if (rows == NULL)
    return;
  hk_pdf_writer_heading (writer, _("How It Felt to the Customer"));
  table_begin (&t, writer, G_N_ELEMENTS (shares), shares, header);
  for (guint i = 0; i + 1 < rows->len; i += 2)
    {
      PangoLayout *cells[] = {
        table_cell (&t, 0, 1, HK_PDF_FONT_BOLD, g_ptr_array_index (rows, i)),
        table_cell (&t, 1, 1, HK_PDF_FONT_BODY, g_ptr_array_index (rows, i + 1)),
      };

      table_row (&t, cells, G_N_ELEMENTS (cells), NULL);
    }
}

static void
draw_session (HkPdfWriter *writer,
              HkReport    *report)
{
  draw_header (writer, report);
  draw_overview (writer, report);
  draw_comments (writer, report);
  draw_partner_feedback (writer, report);
  draw_figures (writer, report);
  draw_rounds (writer, report);
  draw_turns (writer, report);
  draw_checklist (writer, report);
}

static void
draw_one_cb (HkPdfWriter *writer,
             gpointer     data)
{
  HkReport *report = data;
  g_autofree char *footer = session_footer (hk_report_get_session (report));

  hk_pdf_writer_set_footer (writer, footer);
  draw_session (writer, report);
}

/* The class report */

static void
draw_summary (HkPdfWriter   *writer,
              HkClassReport *klass)
{
  static const HkFigure key[] = {
    HK_FIGURE_TALK_SHARE, HK_FIGURE_MEAN_GAP, HK_FIGURE_INTERRUPTIONS, HK_FIGURE_BACKCHANNELS,
  };
  const double shares[] = { 0.04, 0.16, 0.19, 0.13, 0.12, 0.12, 0.12, 0.12 };
  const char *header[G_N_ELEMENTS (shares)] = { "#", _("Trainee"), _("Scenario"), _("Date") };
  guint n = hk_class_report_get_n_entries (klass);
  guint exported = hk_class_report_get_n_exported (klass);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *written = g_date_time_format (now, "%Y-%m-%d %H:%M");
  g_autofree char *counts = NULL;
  g_autofree char *when = NULL;
  Table t;

  for (guint k = 0; k < G_N_ELEMENTS (key); k++)
    header[4 + k] = hk_figure_label (key[k]);

  cairo_set_source_rgb (hk_pdf_writer_get_cairo (writer), 0.40, 0.40, 0.40);
  hk_pdf_writer_text (writer, HK_PDF_FONT_SMALL, _("Hearken · Listening practice report"));
  cairo_set_source_rgb (hk_pdf_writer_get_cairo (writer), 0.0, 0.0, 0.0);
  hk_pdf_writer_text (writer, HK_PDF_FONT_TITLE, _("Class Report"));
  /* Translators: when a class report was made, e.g. “Written 2026-11-28 10:00” */
  when = g_strdup_printf (_("Written %s"), written);
  hk_pdf_writer_text (writer, HK_PDF_FONT_BODY, when);
  /* Translators: how many sessions a class report covers */
  counts = g_strdup_printf (_("Sessions: %u; reported on: %u; left out: %u"), n, exported, n - exported);
  hk_pdf_writer_text (writer, HK_PDF_FONT_BODY, counts);
  hk_pdf_writer_advance (writer, 8.0);

  hk_pdf_writer_heading (writer, _("Summary"));
  table_begin (&t, writer, G_N_ELEMENTS (shares), shares, header);
  for (guint i = 0; i < n; i++)
    {
      HkSession *session = hk_class_report_get_session (klass, i);
      HkReport *report = hk_class_report_get_report (klass, i);
      g_autofree char *number = g_strdup_printf ("%u", i + 1);
      g_autofree char *date = session != NULL ? hk_report_format_date (session) : NULL;
      g_autofree char *trainee = NULL;
      PangoLayout *cells[MAX_COLUMNS];
      guint c = 0;

      if (session != NULL && hk_session_get_trainee (session) != NULL)
        trainee = g_markup_escape_text (hk_session_get_trainee (session), -1);
      else
        trainee = g_markup_printf_escaped ("<span foreground=\"#777777\" style=\"italic\">%s</span>",
                                           _("Trainee not named"));
      cells[c++] = table_cell (&t, 0, 1, HK_PDF_FONT_SMALL, number);
      cells[c++] = table_cell_markup (&t, 1, 1, HK_PDF_FONT_SMALL, session != NULL ? trainee : "");
      cells[c++] = table_cell (&t, 2, 1, HK_PDF_FONT_SMALL,
                               session != NULL ? hk_session_get_title (session) : hk_class_report_get_name (klass, i));
      cells[c++] = table_cell (&t, 3, 1, HK_PDF_FONT_SMALL, date);
      if (report != NULL)
        {
          HkFigureValue figures[HK_N_FIGURES];

          hk_figures_measure (hk_report_get_analysis (report), figures);
          for (guint k = 0; k < G_N_ELEMENTS (key); k++)
            {
              g_autofree char *value = figure_markup (&figures[key[k]]);

              cells[c++] = table_cell_markup (&t, 4 + k, 1, HK_PDF_FONT_SMALL, value);
            }
          table_row (&t, cells, c, NULL);
        }
      else
        {
          const guint columns[] = { 0, 1, 2, 3, 4 };
          /* Translators: in a class report, a session that could not be
           * reported on, and why */
          g_autofree char *skipped = g_markup_printf_escaped ("<span foreground=\"#9a6700\"><b>%s</b> %s</span>",
                                                              _("Left out:"),
                                                              hk_class_report_get_skip_reason (klass, i));

          cells[c++] = table_cell_markup (&t, 4, G_N_ELEMENTS (key), HK_PDF_FONT_SMALL, skipped);
          table_row (&t, cells, c, columns);
        }
    }
  hk_pdf_writer_advance (writer, 4.0);
  cairo_set_source_rgb (hk_pdf_writer_get_cairo (writer), 0.40, 0.40, 0.40);
  hk_pdf_writer_text (writer, HK_PDF_FONT_SMALL, _("▲ marks a figure outside its norm; each session’s "
                                                   "report follows, with the norms."));
  cairo_set_source_rgb (hk_pdf_writer_get_cairo (writer), 0.0, 0.0, 0.0);
}

static void
draw_class_cb (HkPdfWriter *writer,
               gpointer     data)
{
  HkClassReport *klass = data;

  hk_pdf_writer_set_footer (writer, _("Class report"));
  hk_pdf_writer_add_outline (writer, _("Summary"));
  draw_summary (writer, klass);
  for (guint i = 0; i < hk_class_report_get_n_entries (klass); i++)
    {
      HkReport *report = hk_class_report_get_report (klass, i);
      g_autofree char *footer = NULL;

      if (report == NULL)
        continue;
      footer = session_footer (hk_report_get_session (report));
      hk_pdf_writer_set_footer (writer, footer);
      hk_pdf_writer_new_page (writer);
      hk_pdf_writer_add_outline (writer, footer);
      draw_session (writer, report);
    }
}

/* Draws the document twice: first to count its pages, then with “of N”
 * in each footer. */
static GBytes *
render (DrawFunc     draw,
        gpointer     data,
        const char  *title,
        GError     **error)
{
  g_autoptr(HkPdfWriter) counting = hk_pdf_writer_new (0);
  g_autoptr(HkPdfWriter) writer = NULL;
  g_autoptr(GBytes) draft = NULL;
  guint n_pages = 0;

  draw (counting, data);
  draft = hk_pdf_writer_finish (counting, &n_pages, error);
  if (draft == NULL)
    return NULL;

  writer = hk_pdf_writer_new (n_pages);
  hk_pdf_writer_set_title (writer, title);
  draw (writer, data);
  return hk_pdf_writer_finish (writer, NULL, error);
}

/**
 * hk_report_pdf_render:
 * @report: a session's report
 *
 * Draws the report as an A4 PDF, in memory, so it can be written to its
 * file in one go.
 *
 * Returns: (transfer full) (nullable): the PDF
 */
GBytes *
hk_report_pdf_render (HkReport  *report,
                      GError   **error)
{
  g_autofree char *title = NULL;

  g_return_val_if_fail (HK_IS_REPORT (report), NULL);

  title = session_footer (hk_report_get_session (report));
  return render (draw_one_cb, report, title, error);
}

/**
 * hk_report_pdf_render_class:
 * @report: a class report with at least one session reported on
 *
 * Draws the class report as an A4 PDF, in memory: a summary of every
 * session, those left out with the reason, then each session's report
 * from a new page, each one a bookmark.
 *
 * Returns: (transfer full) (nullable): the PDF
 */
GBytes *
hk_report_pdf_render_class (HkClassReport  *report,
                            GError        **error)
{
  g_return_val_if_fail (HK_IS_CLASS_REPORT (report), NULL);

  return render (draw_class_cb, report, _("Class report"), error);
}
