/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>
#include <gio/gio.h>
#include <pango/pangocairo.h>

G_BEGIN_DECLS

/* A4 in PostScript points. */
#define HK_PDF_PAGE_WIDTH  595.276
#define HK_PDF_PAGE_HEIGHT 841.890

typedef enum {
  HK_PDF_FONT_BODY,
  HK_PDF_FONT_BOLD,
  HK_PDF_FONT_SMALL,
  HK_PDF_FONT_SMALL_BOLD,
  HK_PDF_FONT_TINY_BOLD,
  HK_PDF_FONT_HEADING,
  HK_PDF_FONT_SUBTITLE,
  HK_PDF_FONT_TITLE,
  HK_PDF_N_FONTS
} HkPdfFont;

typedef struct _HkPdfWriter HkPdfWriter;

/* Called when a row flows onto a new page, to repeat a table's header. */
typedef void (*HkPdfPageFunc) (HkPdfWriter *writer,
                               gpointer     user_data);

/**
 * HkPdfCell:
 * @layout: the cell's text, already given its width
 * @x: its left edge, from the left margin
 *
 * One cell of a row that flows over pages.
 */
typedef struct {
  PangoLayout *layout;
  double       x;
} HkPdfCell;

HkPdfWriter  *hk_pdf_writer_new          (guint          n_pages);
void          hk_pdf_writer_free         (HkPdfWriter   *self);
GBytes       *hk_pdf_writer_finish       (HkPdfWriter   *self,
                                          guint         *n_pages,
                                          GError       **error);

void          hk_pdf_writer_set_title    (HkPdfWriter   *self,
                                          const char    *title);
void          hk_pdf_writer_set_footer   (HkPdfWriter   *self,
                                          const char    *text);
void          hk_pdf_writer_add_outline  (HkPdfWriter   *self,
                                          const char    *name);

cairo_t      *hk_pdf_writer_get_cairo    (HkPdfWriter   *self);
double        hk_pdf_writer_get_left     (HkPdfWriter   *self);
double        hk_pdf_writer_get_width    (HkPdfWriter   *self);
double        hk_pdf_writer_get_y        (HkPdfWriter   *self);
void          hk_pdf_writer_advance      (HkPdfWriter   *self,
                                          double         dy);
void          hk_pdf_writer_take         (HkPdfWriter   *self,
                                          double         height);
guint         hk_pdf_writer_get_page     (HkPdfWriter   *self);

void          hk_pdf_writer_new_page     (HkPdfWriter   *self);
gboolean      hk_pdf_writer_ensure_space (HkPdfWriter   *self,
                                          double         height);

PangoLayout  *hk_pdf_writer_layout       (HkPdfWriter   *self,
                                          HkPdfFont      font,
                                          double         width);
double        hk_pdf_layout_height       (PangoLayout   *layout);
double        hk_pdf_layout_width        (PangoLayout   *layout);
void          hk_pdf_writer_show_layout  (HkPdfWriter   *self,
                                          PangoLayout   *layout,
                                          double         x,
                                          double         y);

void          hk_pdf_writer_heading      (HkPdfWriter   *self,
                                          const char    *text);
void          hk_pdf_writer_text         (HkPdfWriter   *self,
                                          HkPdfFont      font,
                                          const char    *text);
void          hk_pdf_writer_markup       (HkPdfWriter   *self,
                                          HkPdfFont      font,
                                          const char    *markup);
void          hk_pdf_writer_row          (HkPdfWriter   *self,
                                          const HkPdfCell *cells,
                                          guint          n_cells,
                                          double         padding,
                                          gboolean       rule,
                                          HkPdfPageFunc  page_func,
                                          gpointer       user_data);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HkPdfWriter, hk_pdf_writer_free)

G_END_DECLS
