/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hk-pdf-writer"

/* Pages of a PDF that text flows over: A4 in points, a cursor going down
 * the page, a new page when the next thing does not fit, a footer with
 * the page number on each. Text is always laid out by Pango, so any
 * script and any accent prints, and long text wraps; a row of cells
 * taller than what is left of a page is cut between two lines and goes
 * on over the next page, where a table repeats its header.
 *
 * The document is drawn into memory, so the caller can write the file
 * in one go and never leave half a PDF behind. “Page 2 of 5” needs the
 * number of pages before the first footer is drawn: a caller draws the
 * document twice, the first time only to count them. */

#include "config.h"

#include <cairo-pdf.h>

#include "hk-i18n.h"
#include "hk-pdf-writer.h"

#define MARGIN_LEFT    48.0
#define MARGIN_RIGHT   48.0
#define MARGIN_TOP     48.0
#define MARGIN_BOTTOM  62.0
#define FOOTER_BASE    (HK_PDF_PAGE_HEIGHT - 40.0)
/* A row no taller than this goes whole to the next page rather than
 * being cut: only long notes are split. */
#define KEEP_TOGETHER  120.0
#define EPSILON        0.01

struct _HkPdfWriter
{
  GByteArray           *data;
  cairo_surface_t      *surface;
  cairo_t              *cr;
  PangoContext         *context;
  PangoFontDescription *fonts[HK_PDF_N_FONTS];

  guint                 n_pages;      /* for the footer; 0 when not known */
  guint                 page;         /* from 1 */
  gboolean              page_used;
  double                y;
  char                 *footer;       /* for pages begun from now on */
  char                 *page_footer;  /* for the page being drawn */
};

static const char * const font_names[HK_PDF_N_FONTS] = {
  [HK_PDF_FONT_BODY] = "Sans 9.5",
  [HK_PDF_FONT_BOLD] = "Sans Bold 9.5",
  [HK_PDF_FONT_SMALL] = "Sans 8",
  [HK_PDF_FONT_SMALL_BOLD] = "Sans Bold 8",
  [HK_PDF_FONT_TINY_BOLD] = "Sans Bold 6.5",
  [HK_PDF_FONT_HEADING] = "Sans Bold 12.5",
  [HK_PDF_FONT_SUBTITLE] = "Sans 13",
  [HK_PDF_FONT_TITLE] = "Sans Bold 19",
};

static cairo_status_t
write_cb (void                *closure,
          const unsigned char *data,
          unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static double
bottom_limit (void)
{
  return HK_PDF_PAGE_HEIGHT - MARGIN_BOTTOM;
}

static gboolean
at_top (HkPdfWriter *self)
{
  return self->y <= MARGIN_TOP + EPSILON;
}

static void
begin_page (HkPdfWriter *self)
{
  self->y = MARGIN_TOP;
  self->page_used = FALSE;
  g_free (self->page_footer);
  self->page_footer = g_strdup (self->footer);
}

static void
draw_footer (HkPdfWriter *self)
{
  double width = hk_pdf_writer_get_width (self);
  g_autoptr(PangoLayout) left = hk_pdf_writer_layout (self, HK_PDF_FONT_SMALL, width * 0.7);
  g_autoptr(PangoLayout) right = hk_pdf_writer_layout (self, HK_PDF_FONT_SMALL, width * 0.3);
  g_autofree char *number = NULL;

  if (self->n_pages > 0)
    /* Translators: the footer of a report's page, e.g. “Page 2 of 5” */
    number = g_strdup_printf (_("Page %u of %u"), self->page, self->n_pages);
  else
    /* Translators: the footer of a report's page, e.g. “Page 2” */
    number = g_strdup_printf (_("Page %u"), self->page);

  cairo_save (self->cr);
  cairo_set_source_rgb (self->cr, 0.80, 0.80, 0.80);
  cairo_set_line_width (self->cr, 0.5);
  cairo_move_to (self->cr, MARGIN_LEFT, FOOTER_BASE - 6.0);
  cairo_line_to (self->cr, MARGIN_LEFT + width, FOOTER_BASE - 6.0);
  cairo_stroke (self->cr);

  cairo_set_source_rgb (self->cr, 0.40, 0.40, 0.40);
  pango_layout_set_ellipsize (left, PANGO_ELLIPSIZE_END);
  pango_layout_set_text (left, self->page_footer ? self->page_footer : "", -1);
  cairo_move_to (self->cr, MARGIN_LEFT, FOOTER_BASE);
  pango_cairo_show_layout (self->cr, left);

  pango_layout_set_alignment (right, PANGO_ALIGN_RIGHT);
  pango_layout_set_text (right, number, -1);
  cairo_move_to (self->cr, MARGIN_LEFT + width * 0.7, FOOTER_BASE);
  pango_cairo_show_layout (self->cr, right);
  cairo_restore (self->cr);
}

static void
end_page (HkPdfWriter *self)
{
  draw_footer (self);
  cairo_show_page (self->cr);
}

/**
 * hk_pdf_writer_new:
 * @n_pages: how many pages the document will have, for the footers; 0
 *   when not yet known
 *
 * Returns: (transfer full): a writer at the top of the first page
 */
HkPdfWriter *
hk_pdf_writer_new (guint n_pages)
{
  HkPdfWriter *self = g_new0 (HkPdfWriter, 1);
  cairo_font_options_t *options;

  self->data = g_byte_array_new ();
  self->surface = cairo_pdf_surface_create_for_stream (write_cb, self->data,
                                                       HK_PDF_PAGE_WIDTH, HK_PDF_PAGE_HEIGHT);
  cairo_pdf_surface_set_metadata (self->surface, CAIRO_PDF_METADATA_CREATOR, "Hearken " PACKAGE_VERSION);
  self->cr = cairo_create (self->surface);
  self->context = pango_cairo_create_context (self->cr);
  /* Points are the unit, and glyphs are placed as designed, not
   * snapped to a screen's pixels. */
  pango_cairo_context_set_resolution (self->context, 72.0);
  options = cairo_font_options_create ();
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (self->context, options);
  cairo_font_options_destroy (options);
  for (guint i = 0; i < HK_PDF_N_FONTS; i++)
    self->fonts[i] = pango_font_description_from_string (font_names[i]);

  self->n_pages = n_pages;
  self->page = 1;
  begin_page (self);
  return self;
}

void
hk_pdf_writer_free (HkPdfWriter *self)
{
  if (self == NULL)
    return;

  for (guint i = 0; i < HK_PDF_N_FONTS; i++)
    pango_font_description_free (self->fonts[i]);
  g_clear_object (&self->context);
  g_clear_pointer (&self->cr, cairo_destroy);
  g_clear_pointer (&self->surface, cairo_surface_destroy);
  g_clear_pointer (&self->data, g_byte_array_unref);
  g_free (self->footer);
  g_free (self->page_footer);
  g_free (self);
}

/**
 * hk_pdf_writer_finish:
 * @n_pages: (out) (optional): how many pages were drawn
 *
 * Ends the last page and the document. The writer draws nothing more.
 *
 * Returns: (transfer full) (nullable): the PDF
 */
GBytes *
hk_pdf_writer_finish (HkPdfWriter  *self,
                      guint        *n_pages,
                      GError      **error)
{
  cairo_status_t status;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (self->data != NULL, NULL);

  end_page (self);
  g_clear_pointer (&self->cr, cairo_destroy);
  cairo_surface_finish (self->surface);
  status = cairo_surface_status (self->surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Could not draw the PDF: %s"), cairo_status_to_string (status));
      return NULL;
    }
  if (n_pages != NULL)
    *n_pages = self->page;
  return g_byte_array_free_to_bytes (g_steal_pointer (&self->data));
}

/**
 * hk_pdf_writer_set_title:
 *
 * The document's title, as a PDF viewer shows it.
 */
void
hk_pdf_writer_set_title (HkPdfWriter *self,
                         const char  *title)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (title != NULL);

  cairo_pdf_surface_set_metadata (self->surface, CAIRO_PDF_METADATA_TITLE, title);
}

/**
 * hk_pdf_writer_set_footer:
 * @text: (nullable): what the footer says beside the page number
 *
 * For the current page when nothing is drawn on it yet, and the pages
 * after it.
 */
void
hk_pdf_writer_set_footer (HkPdfWriter *self,
                          const char  *text)
{
  g_return_if_fail (self != NULL);

  g_free (self->footer);
  self->footer = g_strdup (text);
  if (!self->page_used)
    {
      g_free (self->page_footer);
      self->page_footer = g_strdup (text);
    }
}

/**
 * hk_pdf_writer_add_outline:
 * @name: a bookmark's text
 *
 * Adds a bookmark to the current page, for a viewer's outline.
 */
void
hk_pdf_writer_add_outline (HkPdfWriter *self,
                           const char  *name)
{
  g_autofree char *link = NULL;

  g_return_if_fail (self != NULL);
  g_return_if_fail (name != NULL);

  link = g_strdup_printf ("page=%u", self->page);
  cairo_pdf_surface_add_outline (self->surface, CAIRO_PDF_OUTLINE_ROOT, name, link, 0);
}

cairo_t *
hk_pdf_writer_get_cairo (HkPdfWriter *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->cr;
}

double
hk_pdf_writer_get_left (HkPdfWriter *self)
{
  return MARGIN_LEFT;
}

double
hk_pdf_writer_get_width (HkPdfWriter *self)
{
  return HK_PDF_PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT;
}

double
hk_pdf_writer_get_y (HkPdfWriter *self)
{
  g_return_val_if_fail (self != NULL, 0.0);
  return self->y;
}

/**
 * hk_pdf_writer_advance:
 *
 * Moves the cursor down by @dy points, not past the page's end.
 */
void
hk_pdf_writer_advance (HkPdfWriter *self,
                       double       dy)
{
  g_return_if_fail (self != NULL);

  /* Space at the top of a page is no use. */
  if (at_top (self) && dy > 0.0)
    return;
  self->y = MIN (self->y + dy, bottom_limit ());
  self->page_used = TRUE;
}

/**
 * hk_pdf_writer_take:
 *
 * Moves the cursor below @height points of drawing the caller did at
 * it, even at the top of a page.
 */
void
hk_pdf_writer_take (HkPdfWriter *self,
                    double       height)
{
  g_return_if_fail (self != NULL);

  self->y = MIN (self->y + height, bottom_limit ());
  self->page_used = TRUE;
}

guint
hk_pdf_writer_get_page (HkPdfWriter *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->page;
}

/**
 * hk_pdf_writer_new_page:
 *
 * Goes on at the top of a new page, unless nothing is drawn on this one.
 */
void
hk_pdf_writer_new_page (HkPdfWriter *self)
{
  g_return_if_fail (self != NULL);

  if (!self->page_used)
    return;
  end_page (self);
  self->page++;
  begin_page (self);
}

/**
 * hk_pdf_writer_ensure_space:
 *
 * Starts a new page when less than @height points are left on this one.
 *
 * Returns: whether a new page was begun
 */
gboolean
hk_pdf_writer_ensure_space (HkPdfWriter *self,
                            double       height)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (self->y + height <= bottom_limit () + EPSILON || at_top (self))
    return FALSE;
  hk_pdf_writer_new_page (self);
  return TRUE;
}

/**
 * hk_pdf_writer_layout:
 * @width: where lines wrap, in points; 0 or less for no wrapping
 *
 * Returns: (transfer full): an empty layout in @font
 */
PangoLayout *
hk_pdf_writer_layout (HkPdfWriter *self,
                      HkPdfFont    font,
                      double       width)
{
  PangoLayout *layout;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (font < HK_PDF_N_FONTS, NULL);

  layout = pango_layout_new (self->context);
  pango_layout_set_font_description (layout, self->fonts[font]);
  if (width > 0.0)
    {
      pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
    }
  return layout;
}

/**
 * hk_pdf_layout_height:
 *
 * Returns: how tall @layout is, in points
 */
double
hk_pdf_layout_height (PangoLayout *layout)
{
  PangoRectangle logical;

  pango_layout_get_extents (layout, NULL, &logical);
  return (double) logical.height / PANGO_SCALE;
}

/**
 * hk_pdf_layout_width:
 *
 * Returns: how wide @layout's text is, in points
 */
double
hk_pdf_layout_width (PangoLayout *layout)
{
  PangoRectangle logical;

  pango_layout_get_extents (layout, NULL, &logical);
  return (double) logical.width / PANGO_SCALE;
}

/**
 * hk_pdf_writer_show_layout:
 * @x: from the page's left edge
 * @y: from the page's top edge
 *
 * Draws @layout where told, in the current colour, without moving the
 * cursor.
 */
void
hk_pdf_writer_show_layout (HkPdfWriter *self,
                           PangoLayout *layout,
                           double       x,
                           double       y)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (PANGO_IS_LAYOUT (layout));

  cairo_move_to (self->cr, x, y);
  pango_cairo_show_layout (self->cr, layout);
  self->page_used = TRUE;
}

/**
 * hk_pdf_writer_heading:
 *
 * A section's heading, kept on one page with what follows it.
 */
void
hk_pdf_writer_heading (HkPdfWriter *self,
                       const char  *text)
{
  g_autoptr(PangoLayout) layout = NULL;
  double height;

  g_return_if_fail (self != NULL);
  g_return_if_fail (text != NULL);

  layout = hk_pdf_writer_layout (self, HK_PDF_FONT_HEADING, hk_pdf_writer_get_width (self));
  pango_layout_set_text (layout, text, -1);
  height = hk_pdf_layout_height (layout);
  hk_pdf_writer_advance (self, 14.0);
  hk_pdf_writer_ensure_space (self, height + 90.0);
  cairo_set_source_rgb (self->cr, 0.13, 0.13, 0.13);
  hk_pdf_writer_show_layout (self, layout, MARGIN_LEFT, self->y);
  self->y += height + 3.0;
  cairo_set_source_rgb (self->cr, 0.55, 0.55, 0.55);
  cairo_set_line_width (self->cr, 0.75);
  cairo_move_to (self->cr, MARGIN_LEFT, self->y);
  cairo_line_to (self->cr, MARGIN_LEFT + hk_pdf_writer_get_width (self), self->y);
  cairo_stroke (self->cr);
  cairo_set_source_rgb (self->cr, 0.0, 0.0, 0.0);
  self->y += 6.0;
}

static void
flow_paragraph (HkPdfWriter *self,
                PangoLayout *layout)
{
  HkPdfCell cell = { layout, 0.0 };

  hk_pdf_writer_row (self, &cell, 1, 0.0, FALSE, NULL, NULL);
  hk_pdf_writer_advance (self, 4.0);
}

/**
 * hk_pdf_writer_text:
 * @text: any text; never read as markup
 *
 * A paragraph across the page, over as many pages as it needs.
 */
void
hk_pdf_writer_text (HkPdfWriter *self,
                    HkPdfFont    font,
                    const char  *text)
{
  g_autoptr(PangoLayout) layout = NULL;

  g_return_if_fail (self != NULL);

  layout = hk_pdf_writer_layout (self, font, hk_pdf_writer_get_width (self));
  pango_layout_set_text (layout, text ? text : "", -1);
  flow_paragraph (self, layout);
}

/**
 * hk_pdf_writer_markup:
 * @markup: Pango markup in which every outside text is escaped, as
 *   g_markup_printf_escaped() does
 *
 * A paragraph across the page, over as many pages as it needs.
 */
void
hk_pdf_writer_markup (HkPdfWriter *self,
                      HkPdfFont    font,
                      const char  *markup)
{
  g_autoptr(PangoLayout) layout = NULL;

  g_return_if_fail (self != NULL);
  g_return_if_fail (markup != NULL);

  layout = hk_pdf_writer_layout (self, font, hk_pdf_writer_get_width (self));
  pango_layout_set_markup (layout, markup, -1);
  flow_paragraph (self, layout);
}

typedef struct {
  GArray *bottoms;   /* double: where each line ends, from the top */
  double  height;
  double  offset;    /* drawn so far */
  double  end;       /* drawn to, on this page */
} Flow;

static void
flow_init (Flow        *flow,
           PangoLayout *layout)
{
  PangoLayoutIter *iter = pango_layout_get_iter (layout);

  flow->bottoms = g_array_new (FALSE, FALSE, sizeof (double));
  do
    {
      int y0, y1;
      double bottom;

      pango_layout_iter_get_line_yrange (iter, &y0, &y1);
      bottom = (double) y1 / PANGO_SCALE;
      g_array_append_val (flow->bottoms, bottom);
    }
  while (pango_layout_iter_next_line (iter));
  pango_layout_iter_free (iter);

  flow->height = MAX (hk_pdf_layout_height (layout),
                      g_array_index (flow->bottoms, double, flow->bottoms->len - 1));
  flow->offset = 0.0;
  flow->end = 0.0;
}

/* The furthest line end that fits in @room below what is drawn. */
static double
flow_reach (const Flow *flow,
            double      room)
{
  double end = flow->offset;

  if (flow->height - flow->offset <= room + EPSILON)
    return flow->height;
  for (guint k = 0; k < flow->bottoms->len; k++)
    {
      double b = g_array_index (flow->bottoms, double, k);

      if (b > flow->offset + EPSILON && b - flow->offset <= room + EPSILON)
        end = b;
    }
  return end;
}

/* The end of the next line, whatever the room: for a line taller than
 * a page, which is cut. */
static double
flow_next_line (const Flow *flow)
{
  for (guint k = 0; k < flow->bottoms->len; k++)
    if (g_array_index (flow->bottoms, double, k) > flow->offset + EPSILON)
      return g_array_index (flow->bottoms, double, k);
  return flow->height;
}

static void
draw_slice (HkPdfWriter     *self,
            const HkPdfCell *cell,
            const Flow      *flow,
            double           top)
{
  double x = MARGIN_LEFT + cell->x;

  if (flow->end <= flow->offset + EPSILON)
    return;
  cairo_save (self->cr);
  if (flow->offset > EPSILON || flow->end < flow->height - EPSILON)
    {
      cairo_rectangle (self->cr, x - 4.0, top, HK_PDF_PAGE_WIDTH - x + 4.0, flow->end - flow->offset);
      cairo_clip (self->cr);
    }
  cairo_move_to (self->cr, x, top - flow->offset);
  pango_cairo_show_layout (self->cr, cell->layout);
  cairo_restore (self->cr);
  self->page_used = TRUE;
}

static void
break_page (HkPdfWriter   *self,
            HkPdfPageFunc  page_func,
            gpointer       user_data)
{
  hk_pdf_writer_new_page (self);
  if (page_func != NULL)
    page_func (self, user_data);
}

/**
 * hk_pdf_writer_row:
 * @cells: (array length=n_cells): the row's cells, each a layout with
 *   its width set
 * @padding: space above and below the cells, in points
 * @rule: whether to draw a thin line under the row
 * @page_func: (nullable): called after each page break the row causes,
 *   to draw a table's header again
 *
 * Draws a row of text at the cursor and moves the cursor below it. A row
 * that does not fit on what is left of the page goes to the next one
 * whole when it is short, and is otherwise cut between lines and goes on
 * over as many pages as it needs; the current colour draws the text.
 */
void
hk_pdf_writer_row (HkPdfWriter     *self,
                   const HkPdfCell *cells,
                   guint            n_cells,
                   double           padding,
                   gboolean         rule,
                   HkPdfPageFunc    page_func,
                   gpointer         user_data)
{
  g_autofree Flow *flows = NULL;
  double total = 0.0;
  gboolean first = TRUE;
  cairo_pattern_t *source;

  g_return_if_fail (self != NULL);
  g_return_if_fail (n_cells > 0);

  /* A header drawn by @page_func changes the colour. */
  source = cairo_pattern_reference (cairo_get_source (self->cr));
  flows = g_new0 (Flow, n_cells);
  for (guint i = 0; i < n_cells; i++)
    {
      flow_init (&flows[i], cells[i].layout);
      total = MAX (total, flows[i].height);
    }

  for (;;)
    {
      double room = bottom_limit () - self->y - 2.0 * padding;
      gboolean fits = TRUE, progress = FALSE;
      double used = 0.0;

      for (guint i = 0; i < n_cells; i++)
        if (flows[i].height - flows[i].offset > room + EPSILON)
          fits = FALSE;
      if (fits)
        {
          for (guint i = 0; i < n_cells; i++)
            {
              flows[i].end = flows[i].height;
              draw_slice (self, &cells[i], &flows[i], self->y + padding);
              used = MAX (used, flows[i].height - flows[i].offset);
            }
          self->y += used + 2.0 * padding;
          break;
        }

      if (first && total + 2.0 * padding <= KEEP_TOGETHER && !at_top (self))
        {
          first = FALSE;
          break_page (self, page_func, user_data);
          cairo_set_source (self->cr, source);
          continue;
        }
      first = FALSE;

      for (guint i = 0; i < n_cells; i++)
        {
          flows[i].end = flow_reach (&flows[i], room);
          if (flows[i].end > flows[i].offset + EPSILON)
            progress = TRUE;
        }
      if (!progress && !at_top (self))
        {
          break_page (self, page_func, user_data);
          cairo_set_source (self->cr, source);
          continue;
        }
      if (!progress)
        for (guint i = 0; i < n_cells; i++)
          flows[i].end = flow_next_line (&flows[i]);

      for (guint i = 0; i < n_cells; i++)
        {
          draw_slice (self, &cells[i], &flows[i], self->y + padding);
          flows[i].offset = flows[i].end;
        }
      self->y = bottom_limit ();
      break_page (self, page_func, user_data);
      cairo_set_source (self->cr, source);
    }

  if (rule)
    {
      cairo_save (self->cr);
      cairo_set_source_rgb (self->cr, 0.85, 0.85, 0.85);
      cairo_set_line_width (self->cr, 0.5);
      cairo_move_to (self->cr, MARGIN_LEFT, self->y);
      cairo_line_to (self->cr, MARGIN_LEFT + hk_pdf_writer_get_width (self), self->y);
      cairo_stroke (self->cr);
      cairo_restore (self->cr);
    }
  cairo_set_source (self->cr, source);
  cairo_pattern_destroy (source);
  for (guint i = 0; i < n_cells; i++)
    g_array_unref (flows[i].bottoms);
}
