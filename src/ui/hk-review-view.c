/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hk-review-view"

/* The replay of a call: the two-lane waveform with its markers, the
 * player, the list of markers with what each means, the key figures
 * against their norms and the call turn by turn. A trainer comments on a
 * moment or a span; comments sit in the list among the markers, by time,
 * and as numbered pins on the waveform, and are saved in the session.
 *
 * Opening is quick at any length: the analysis is rebuilt from
 * session.json and the waveform read from its peaks cache, in a worker
 * thread; only a session without either decodes the call. */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>

#include "hk-call-file.h"
#include "hk-figures.h"
#include "hk-lang.h"
#include "hk-review-view.h"
#include "hk-rounds-dialog.h"
#include "hk-waveform.h"

/* Seconds played before and after a marker's span. */
#define CONTEXT 0.75
/* Left and Right move the playhead this far. */
#define SEEK_STEP 5.0

static const double rates[] = { 0.5, 0.75, 1.0, 1.25, 1.5, 2.0 };

struct _HkReviewView
{
  GtkWidget       parent_instance;

  HkApplication  *application;
  HkSession      *session;
  HkCallAnalysis *analysis;
  HkCallPlayer   *player;
  GCancellable   *cancellable;
  GtkCssProvider *badge_css;

  GtkStack       *stack;
  GtkSpinner     *spinner;
  AdwStatusPage  *error_page;
  GtkLabel       *title_label;
  GtkLabel       *subtitle_label;
  GtkLabel       *problem_label;
  HkWaveform     *waveform;
  GtkButton      *play_button;
  GtkLabel       *position_label;
  GtkDropDown    *rate_dropdown;
  GtkFlowBox     *legend_box;
  GtkFlowBox     *cards_box;
  GtkColumnView  *turns_view;
  GArray         *turn_rows;     /* HkTurnSummary, one a customer line */
  GListStore     *turn_items;    /* one a customer line, from row_items */
  GHashTable     *bound_cells;   /* GtkListItem → its column, while bound */
  GtkSingleSelection *marker_selection;
  GListStore     *marker_items;  /* one a row of the list, from row_items */
  GPtrArray      *row_keys;      /* that row's key, see row_key () */
  GHashTable     *bound_rows;    /* GtkListItem, while bound */
  GPtrArray      *row_items;     /* GObject, the same one for a position */
  GtkLabel       *markers_title;
  GtkStack       *markers_stack;
  AdwStatusPage  *markers_empty;
  GtkListView    *marker_list;
  GtkWidget      *swap_roles_button;
  GtkWidget      *compare_rounds_button;
};

G_DEFINE_FINAL_TYPE (HkReviewView, hk_review_view, GTK_TYPE_WIDGET)

enum {
  TRY_AGAIN,
  SWAP_ROLES,
  LOADED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* “1:07.4”: minutes, seconds and tenths, as the waveform is read. */
static char *
format_time (double seconds)
{
  int tenths = (int) round (MAX (seconds, 0.0) * 10.0);

  return g_strdup_printf ("%d:%02d.%d", tenths / 600, (tenths / 10) % 60, tenths % 10);
}

static void
clear_flow_box (GtkWidget *container)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (container)) != NULL)
    {
      gtk_flow_box_remove (GTK_FLOW_BOX (container), child);
    }
}

static GtkWidget *
marker_badge (HkMarkerType type)
{
  g_autofree char *letter = hk_waveform_get_marker_letter (type);
  g_autofree char *klass = g_strdup_printf ("marker-%s", hk_marker_type_id (type));
  GtkWidget *badge = gtk_label_new (letter);

  gtk_widget_add_css_class (badge, "marker-badge");
  gtk_widget_add_css_class (badge, klass);
  gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
  return badge;
}

/* The badges take the waveform's own colours. */
static void
load_badge_css (HkReviewView *self)
{
  GString *css = g_string_new (NULL);

  for (HkMarkerType t = 0; t < HK_N_MARKER_TYPES; t++)
    {
      GdkRGBA c;
      g_autofree char *colour = NULL;

      hk_waveform_get_marker_colour (t, &c);
      colour = gdk_rgba_to_string (&c);
      g_string_append_printf (css, ".marker-badge.marker-%s { background-color: %s; }\n",
                              hk_marker_type_id (t), colour);
    }

  {
    GdkRGBA c;
    g_autofree char *colour = NULL;

    hk_waveform_get_comment_colour (&c);
    colour = gdk_rgba_to_string (&c);
    g_string_append_printf (css, ".marker-badge.marker-comment { background-color: %s; }\n", colour);
  }

  self->badge_css = gtk_css_provider_new ();
  gtk_css_provider_load_from_data (self->badge_css, css->str, (gssize) css->len);
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (self->badge_css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  g_string_free (css, TRUE);
}

static void
fill_legend (HkReviewView *self)
{
  clear_flow_box (GTK_WIDGET (self->legend_box));
  for (HkMarkerType t = 0; t < HK_N_MARKER_TYPES; t++)
    {
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

      gtk_box_append (GTK_BOX (box), marker_badge (t));
      gtk_box_append (GTK_BOX (box), gtk_label_new (hk_marker_type_label (t)));
      gtk_flow_box_append (self->legend_box, box);
    }
}

static const HkMarker *
marker_at (HkReviewView *self,
           int           index)
{
  const GArray *markers = hk_call_analysis_get_markers (self->analysis);

  return index >= 0 && (guint) index < markers->len ? &g_array_index (markers, HkMarker, index) : NULL;
}

/* The list holds the markers and the trainer's comments together, by
 * time. Each row has a key: “m” and a marker's index, or “c” and a
 * comment's id. */
static const char *
row_key (HkReviewView *self,
         guint         position)
{
  if (self->row_keys == NULL || position >= self->row_keys->len)
    return NULL;
  return g_ptr_array_index (self->row_keys, position);
}

/* Gives @store @n items, the same object at each position from one call
 * to the next. When a list's items change, GTK 4.8 keeps the row of an
 * item that is still in it, so the rows in use are kept and filled
 * again (fill_markers (), fill_turns ()) instead of some 200 being made
 * anew each time a call opens or a comment changes. */
static void
set_n_items (HkReviewView *self,
             GListStore   *store,
             guint         n)
{
  while (self->row_items->len < n)
    g_ptr_array_add (self->row_items, g_object_new (G_TYPE_OBJECT, NULL));
  g_list_store_splice (store, 0, g_list_model_get_n_items (G_LIST_MODEL (store)), self->row_items->pdata, n);
}

static void
forget_item_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                GHashTable               *bound)
{
  g_hash_table_remove (bound, item);
}

/* The rows that were bound before set_n_items () and are still: kept
 * with their old contents. */
static GPtrArray *
bound_items (GHashTable *bound)
{
  GPtrArray *items = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer item;

  g_hash_table_iter_init (&iter, bound);
  while (g_hash_table_iter_next (&iter, &item, NULL))
    g_ptr_array_add (items, item);
  return items;
}

static int
row_marker_index (HkReviewView *self,
                  guint         position)
{
  const char *key = row_key (self, position);

  return key != NULL && key[0] == 'm' ? atoi (key + 1) : -1;
}

static const HkSessionComment *
row_comment (HkReviewView *self,
             guint         position)
{
  const char *key = row_key (self, position);

  return key != NULL && key[0] == 'c' ? hk_session_find_comment (self->session, key + 1) : NULL;
}

/* A comment's number, as its pin on the waveform shows it. */
static guint
comment_number (HkReviewView           *self,
                const HkSessionComment *comment)
{
  const GArray *comments = hk_session_get_comments (self->session);

  for (guint i = 0; i < comments->len; i++)
    if (&g_array_index (comments, HkSessionComment, i) == comment)
      return i + 1;
  return 0;
}

static gboolean
row_span (HkReviewView *self,
          guint         position,
          double       *start,
          double       *end)
{
  const HkMarker *m = self->analysis ? marker_at (self, row_marker_index (self, position)) : NULL;
  const HkSessionComment *c = m == NULL && self->session ? row_comment (self, position) : NULL;

  if (m != NULL)
    {
      *start = m->start;
      *end = m->end;
      return TRUE;
    }
  if (c != NULL)
    {
      *start = c->start;
      *end = c->end;
      return TRUE;
    }
  return FALSE;
}

static gboolean
is_pair (HkReviewView *self)
{
  return g_strcmp0 (hk_session_get_mode (self->session), "pair") == 0;
}

/* A row's parts, where marker_setup_cb () puts them in its grid. */
enum {
  ROW_BADGE,
  ROW_TITLE,
  ROW_LENGTH,
  ROW_MEANING,
  ROW_BUTTONS,
};

static GtkWidget *
row_part (GtkWidget *row,
          guint      part)
{
  static const int places[][2] = {
    [ROW_BADGE] = { 0, 0 },
    [ROW_TITLE] = { 1, 0 },
    [ROW_LENGTH] = { 2, 0 },
    [ROW_MEANING] = { 1, 1 },
    [ROW_BUTTONS] = { 3, 0 },
  };

  return gtk_grid_get_child_at (GTK_GRID (row), places[part][0], places[part][1]);
}

/* A line cut short shows in full when hovered. It is left out of the
 * accessible description, which would repeat what the row's label says. */
static gboolean
ellipsized_query_tooltip_cb (GtkLabel   *label,
                             int         x,
                             int         y,
                             gboolean    keyboard,
                             GtkTooltip *tooltip)
{
  if (!pango_layout_is_ellipsized (gtk_label_get_layout (label)))
    return FALSE;
  gtk_tooltip_set_text (tooltip, gtk_label_get_text (label));
  return TRUE;
}

static GtkWidget *
one_line_label (const char         *style,
                PangoEllipsizeMode  ellipsize)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_label_set_ellipsize (GTK_LABEL (label), ellipsize);
  gtk_widget_add_css_class (label, style);
  gtk_widget_set_has_tooltip (label, TRUE);
  g_signal_connect (label, "query-tooltip", G_CALLBACK (ellipsized_query_tooltip_cb), NULL);
  return label;
}

/* Rows are made only for the markers in sight (GTK 4.8 keeps some 200
 * of them), so each is kept small and quick to measure: one grid, no
 * label that wraps — a wrapping label's height depends on its width,
 * and measuring that for every row took most of the time an hour's
 * review took to open. The model holds each marker's index; the row is
 * filled from the analysis.
 *
 *   badge  title             length  [comment buttons]
 *          meaning, on one line
 *
 * The selected row alone shows its meaning whole, over as many lines as
 * it takes, so a marker reached by keyboard is read in full.
 */
static void
item_selected_cb (GtkListItem *item)
{
  GtkWidget *row = gtk_list_item_get_child (item);
  gboolean whole = gtk_list_item_get_selected (item);
  GtkLabel *meaning;

  if (row == NULL)
    return;
  meaning = GTK_LABEL (row_part (row, ROW_MEANING));
  gtk_label_set_wrap (meaning, whole);
  gtk_label_set_ellipsize (meaning, whole ? PANGO_ELLIPSIZE_NONE : PANGO_ELLIPSIZE_END);
}

static void
marker_setup_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 HkReviewView             *self)
{
  GtkWidget *row = gtk_grid_new ();
  GtkWidget *badge = gtk_label_new (NULL);
  /* A title too long for the pane loses its middle, so the time at its
   * end stays in sight. */
  GtkWidget *title = one_line_label ("heading", PANGO_ELLIPSIZE_MIDDLE);
  GtkWidget *length = gtk_label_new (NULL);
  GtkWidget *meaning = one_line_label ("dim-label", PANGO_ELLIPSIZE_END);

  gtk_widget_add_css_class (badge, "marker-badge");
  gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
  gtk_widget_set_hexpand (title, TRUE);
  gtk_widget_add_css_class (length, "dim-label");
  gtk_widget_add_css_class (length, "numeric");
  gtk_grid_set_column_spacing (GTK_GRID (row), 12);
  gtk_grid_set_row_spacing (GTK_GRID (row), 2);
  gtk_grid_attach (GTK_GRID (row), badge, 0, 0, 1, 2);
  gtk_grid_attach (GTK_GRID (row), title, 1, 0, 1, 1);
  gtk_grid_attach (GTK_GRID (row), length, 2, 0, 1, 1);
  gtk_grid_attach (GTK_GRID (row), meaning, 1, 1, 2, 1);
  gtk_widget_set_margin_top (row, 6);
  gtk_widget_set_margin_bottom (row, 6);
  gtk_list_item_set_child (item, row);
  g_signal_connect (item, "notify::selected", G_CALLBACK (item_selected_cb), NULL);
}

/* Edit and remove, made the first time a row shows a comment: hundreds
 * of marker rows need no buttons, and making them would slow the list. */
static GtkWidget *
comment_buttons (GtkWidget *row)
{
  GtkWidget *buttons = row_part (row, ROW_BUTTONS);
  GtkWidget *edit, *remove;

  if (buttons != NULL)
    return buttons;
  buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  gtk_widget_set_valign (buttons, GTK_ALIGN_CENTER);
  edit = gtk_button_new_from_icon_name ("document-edit-symbolic");
  remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
  gtk_widget_add_css_class (edit, "flat");
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_tooltip_text (edit, _("Edit Comment"));
  gtk_widget_set_tooltip_text (remove, _("Remove Comment"));
  /* Their actions are set with the comment's id, when bound. */
  g_object_set_data (G_OBJECT (edit), "hk-action", (gpointer) "review.edit-comment");
  g_object_set_data (G_OBJECT (remove), "hk-action", (gpointer) "review.remove-comment");
  gtk_box_append (GTK_BOX (buttons), edit);
  gtk_box_append (GTK_BOX (buttons), remove);
  gtk_grid_attach (GTK_GRID (row), buttons, 3, 0, 1, 2);
  return buttons;
}

static void
comment_bind (HkReviewView           *self,
              GtkWidget              *row,
              const HkSessionComment *c)
{
  GtkWidget *badge = row_part (row, ROW_BADGE);
  GtkWidget *buttons = comment_buttons (row);
  g_autofree char *number = g_strdup_printf ("%u", comment_number (self, c));
  g_autofree char *start = format_time (c->start);
  g_autofree char *heading = NULL;
  g_autofree char *accessible = NULL;

  if (c->end > c->start)
    {
      g_autofree char *end = format_time (c->end);

      /* Translators: a trainer's comment on a span, e.g. “Comment · 0:07.1–0:09.4” */
      heading = g_strdup_printf (_("Comment · %s–%s"), start, end);
    }
  else
    /* Translators: a trainer's comment on a moment, e.g. “Comment · 0:07.1” */
    heading = g_strdup_printf (_("Comment · %s"), start);

  gtk_label_set_text (GTK_LABEL (badge), number);
  gtk_widget_set_css_classes (badge, (const char *[]) { "marker-badge", "marker-comment", NULL });
  gtk_label_set_text (GTK_LABEL (row_part (row, ROW_TITLE)), heading);
  /* The span is in the title already. */
  gtk_widget_set_visible (row_part (row, ROW_LENGTH), FALSE);
  /* Plain text: a comment is never read as markup. */
  gtk_label_set_text (GTK_LABEL (row_part (row, ROW_MEANING)), c->text);
  gtk_widget_set_visible (buttons, TRUE);
  for (GtkWidget *b = gtk_widget_get_first_child (buttons); b != NULL; b = gtk_widget_get_next_sibling (b))
    {
      gtk_actionable_set_action_target (GTK_ACTIONABLE (b), "s", c->id);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (b), g_object_get_data (G_OBJECT (b), "hk-action"));
    }

  accessible = g_strdup_printf ("%s. %s", heading, c->text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
}

static void
marker_bind_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                HkReviewView             *self)
{
  GtkWidget *row = gtk_list_item_get_child (item);
  GtkWidget *badge = row_part (row, ROW_BADGE);
  GtkWidget *buttons = row_part (row, ROW_BUTTONS);
  GtkWidget *length = row_part (row, ROW_LENGTH);
  guint position = gtk_list_item_get_position (item);
  const HkMarker *m = self->analysis ? marker_at (self, row_marker_index (self, position)) : NULL;
  const HkSessionComment *c = NULL;
  g_autofree char *letter = NULL;
  g_autofree char *klass = NULL;
  g_autofree char *start = NULL;
  g_autofree char *span = NULL;
  g_autofree char *sentence = NULL;
  g_autofree char *heading = NULL;
  g_autofree char *accessible = NULL;

  g_hash_table_add (self->bound_rows, item);
  if (m == NULL)
    {
      if (self->session != NULL && (c = row_comment (self, position)) != NULL)
        comment_bind (self, row, c);
      return;
    }

  /* A row that showed a comment before. */
  if (buttons != NULL && gtk_widget_get_visible (buttons))
    {
      gtk_widget_set_visible (buttons, FALSE);
      for (GtkWidget *b = gtk_widget_get_first_child (buttons); b != NULL; b = gtk_widget_get_next_sibling (b))
        gtk_actionable_set_action_name (GTK_ACTIONABLE (b), NULL);
    }
  letter = hk_waveform_get_marker_letter (m->type);
  klass = g_strdup_printf ("marker-%s", hk_marker_type_id (m->type));
  start = format_time (m->start);
  /* Translators: seconds, e.g. “4.2 s” */
  span = g_strdup_printf (_("%.1f s"), m->end - m->start);
  sentence = hk_marker_describe (m, is_pair (self));
  if (m->gap_class != HK_GAP_NONE)
    /* Translators: marker type, its class and when, e.g. “Response gap, rushed · 0:07.1” */
    heading = g_strdup_printf (_("%s, %s · %s"), hk_marker_type_label (m->type),
                               hk_gap_class_label (m->gap_class), start);
  else
    /* Translators: marker type and when, e.g. “Interruption · 0:41.3” */
    heading = g_strdup_printf (_("%s · %s"), hk_marker_type_label (m->type), start);

  gtk_label_set_text (GTK_LABEL (badge), letter);
  gtk_widget_set_css_classes (badge, (const char *[]) { "marker-badge", klass, NULL });
  gtk_label_set_text (GTK_LABEL (row_part (row, ROW_TITLE)), heading);
  /* The meaning says how long too, but may be cut short before it. */
  gtk_label_set_text (GTK_LABEL (length), span);
  gtk_widget_set_visible (length, TRUE);
  gtk_label_set_text (GTK_LABEL (row_part (row, ROW_MEANING)), sentence);

  /* Read out as one sentence: what, when, and what it means. */
  accessible = g_strdup_printf ("%s. %s", heading, sentence);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
}

static GPtrArray *
rows_keys (HkReviewView *self)
{
  const GArray *markers = hk_call_analysis_get_markers (self->analysis);
  const GArray *comments = hk_session_get_comments (self->session);
  GPtrArray *keys = g_ptr_array_new_full (markers->len + comments->len, g_free);
  guint m = 0, c = 0;

  while (m < markers->len || c < comments->len)
    {
      if (c >= comments->len ||
          (m < markers->len &&
           g_array_index (markers, HkMarker, m).start <= g_array_index (comments, HkSessionComment, c).start))
        g_ptr_array_add (keys, g_strdup_printf ("m%u", m++));
      else
        g_ptr_array_add (keys, g_strconcat ("c", g_array_index (comments, HkSessionComment, c++).id, NULL));
    }
  return keys;
}

static void
fill_markers (HkReviewView *self)
{
  const GArray *markers = hk_call_analysis_get_markers (self->analysis);
  g_autofree char *title = NULL;
  g_autoptr(GPtrArray) kept = bound_items (self->bound_rows);
  guint n_rows;

  g_clear_pointer (&self->row_keys, g_ptr_array_unref);
  self->row_keys = rows_keys (self);
  n_rows = self->row_keys->len;
  set_n_items (self, self->marker_items, n_rows);
  for (guint i = 0; i < kept->len; i++)
    if (g_hash_table_contains (self->bound_rows, kept->pdata[i]))
      marker_bind_cb (NULL, kept->pdata[i], self);
  gtk_single_selection_set_selected (self->marker_selection, GTK_INVALID_LIST_POSITION);
  hk_waveform_set_comments (self->waveform, hk_session_get_comments (self->session));

  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u Pause or Overlap", "%u Pauses and Overlaps",
                                        markers->len),
                           markers->len);
  gtk_label_set_text (self->markers_title, title);
  adw_status_page_set_description (self->markers_empty,
                                   hk_call_analysis_heard_speech (self->analysis)
                                     ? _("No pause or overlap passed a threshold in this call.")
                                     : _("No speech was heard in this recording. Check the microphone "
                                         "and its level in the system’s sound settings."));
  gtk_stack_set_visible_child_name (self->markers_stack, n_rows > 0 ? "list" : "empty");
}

static GtkWidget *
figure_card (const HkFigureValue *value,
             const HkThresholds  *thresholds)
{
  GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *name = gtk_label_new (hk_figure_label (value->figure));
  g_autofree char *text = hk_figure_format (value);
  g_autofree char *norm = hk_figure_norm (value->figure, thresholds);
  GtkWidget *number = gtk_label_new (text);
  GtkWidget *norm_label = gtk_label_new (norm);
  GtkWidget *verdict_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  const char *verdict = hk_verdict_label (value->verdict);
  const char *style = hk_verdict_style_class (value->verdict);
  g_autofree char *accessible = NULL;

  if (style != NULL)
    gtk_widget_add_css_class (card, style);
  gtk_label_set_xalign (GTK_LABEL (name), 0.0f);
  gtk_label_set_wrap (GTK_LABEL (name), TRUE);
  gtk_widget_add_css_class (name, "caption-heading");
  gtk_label_set_xalign (GTK_LABEL (number), 0.0f);
  gtk_widget_add_css_class (number, "figure-value");
  gtk_label_set_xalign (GTK_LABEL (norm_label), 0.0f);
  gtk_label_set_wrap (GTK_LABEL (norm_label), TRUE);
  gtk_widget_add_css_class (norm_label, "caption");
  gtk_widget_add_css_class (norm_label, "dim-label");
  gtk_box_append (GTK_BOX (verdict_box), gtk_image_new_from_icon_name (hk_verdict_icon_name (value->verdict)));
  gtk_box_append (GTK_BOX (verdict_box), gtk_label_new (verdict));
  gtk_widget_add_css_class (verdict_box, "caption");

  gtk_box_append (GTK_BOX (card), name);
  gtk_box_append (GTK_BOX (card), number);
  gtk_box_append (GTK_BOX (card), verdict_box);
  gtk_box_append (GTK_BOX (card), norm_label);
  gtk_widget_add_css_class (card, "card");
  gtk_widget_add_css_class (card, "figure-card");

  accessible = g_strdup_printf ("%s: %s. %s. %s", hk_figure_label (value->figure), text, verdict, norm);
  gtk_accessible_update_property (GTK_ACCESSIBLE (card), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  return card;
}

static void
fill_cards (HkReviewView *self)
{
  HkFigureValue values[HK_N_FIGURES];

  clear_flow_box (GTK_WIDGET (self->cards_box));
  hk_figures_measure (self->analysis, values);
  for (HkFigure f = 0; f < HK_N_FIGURES; f++)
    gtk_flow_box_append (self->cards_box,
                         figure_card (&values[f], hk_call_analysis_get_thresholds (self->analysis)));
}

enum {
  TURN_LINE,
  TURN_GAP,
  TURN_INTERRUPTIONS,
  TURN_BACKCHANNELS,
  TURN_ANSWER,
  N_TURN_COLUMNS
};

static char *
turn_cell_text (HkReviewView *self,
                guint         row,
                guint         column)
{
  const HkTurnSummary *s = &g_array_index (self->turn_rows, HkTurnSummary, row);
  const HkSessionTurn *t = &g_array_index (hk_session_get_turns (self->session), HkSessionTurn, row);

  switch (column)
    {
    case TURN_LINE:
      {
        g_autofree char *when = format_time (t->start);

        /* Translators: a customer line's number and when it began, e.g. “2 (0:12.5)” */
        return g_strdup_printf (_("%u (%s)"), t->index + 1, when);
      }
    case TURN_GAP:
      if (isnan (s->gap))
        return g_strdup (s->interruptions > 0 ? _("came in early") : _("no answer"));
      /* Translators: a gap in seconds and how it reads, e.g. “0.2 s, rushed” */
      return g_strdup_printf (_("%.1f s, %s"), s->gap, hk_gap_class_label (s->gap_class));
    case TURN_INTERRUPTIONS:
      return g_strdup_printf ("%u", s->interruptions);
    case TURN_BACKCHANNELS:
      return g_strdup_printf ("%u", s->backchannels);
    case TURN_ANSWER:
    default:
      /* Translators: seconds, e.g. “4.2 s” */
      return g_strdup_printf (_("%.1f s"), s->answer_time);
    }
}

static void
turn_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               HkReviewView             *self)
{
  GtkWidget *label = gtk_label_new (NULL);
  guint column = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (factory), "column"));

  gtk_label_set_xalign (GTK_LABEL (label), column == TURN_LINE ? 0.0f : 1.0f);
  gtk_widget_add_css_class (label, "numeric");
  gtk_list_item_set_child (item, label);
}

static void
turn_cell_bind (HkReviewView *self,
                GtkListItem  *item,
                guint         column)
{
  guint row = gtk_list_item_get_position (item);
  g_autofree char *text = NULL;

  g_hash_table_insert (self->bound_cells, item, GUINT_TO_POINTER (column));
  if (self->turn_rows == NULL || row >= self->turn_rows->len)
    return;
  text = turn_cell_text (self, row, column);
  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)), text);
}

static void
turn_bind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              HkReviewView             *self)
{
  turn_cell_bind (self, item, GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (factory), "column")));
}

static void
add_turn_columns (HkReviewView *self)
{
  const char *titles[N_TURN_COLUMNS] = {
    _("Customer’s line"), _("Gap before your answer"), _("Interruptions"),
    _("Listening sounds"), _("Your answer"),
  };

  for (guint c = 0; c < N_TURN_COLUMNS; c++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      GtkColumnViewColumn *column;

      g_object_set_data (G_OBJECT (factory), "column", GUINT_TO_POINTER (c));
      g_signal_connect (factory, "setup", G_CALLBACK (turn_setup_cb), self);
      g_signal_connect (factory, "bind", G_CALLBACK (turn_bind_cb), self);
      g_signal_connect (factory, "unbind", G_CALLBACK (forget_item_cb), self->bound_cells);
      g_signal_connect (factory, "teardown", G_CALLBACK (forget_item_cb), self->bound_cells);
      column = gtk_column_view_column_new (titles[c], factory);
      gtk_column_view_column_set_expand (column, c == TURN_LINE || c == TURN_GAP);
      gtk_column_view_append_column (self->turns_view, column);
      g_object_unref (column);
    }
}

static void
fill_turns (HkReviewView *self)
{
  const GArray *turns = hk_session_get_turns (self->session);
  g_autoptr(HkSegments) lines = hk_segments_new ();
  g_autoptr(GPtrArray) kept = bound_items (self->bound_cells);

  for (guint i = 0; i < turns->len; i++)
    {
      const HkSessionTurn *t = &g_array_index (turns, HkSessionTurn, i);

      hk_segments_add (lines, t->start, t->end);
    }
  g_clear_pointer (&self->turn_rows, g_array_unref);
  self->turn_rows = hk_call_analysis_summarise_turns (self->analysis, lines);

  set_n_items (self, self->turn_items, self->turn_rows->len);
  for (guint i = 0; i < kept->len; i++)
    {
      gpointer column;

      if (g_hash_table_lookup_extended (self->bound_cells, kept->pdata[i], NULL, &column))
        turn_cell_bind (self, kept->pdata[i], GPOINTER_TO_UINT (column));
    }
}

static void
update_position (HkReviewView *self)
{
  double position = self->player ? hk_call_player_get_position (self->player) : 0.0;
  double duration = hk_call_analysis_get_duration (self->analysis);
  g_autofree char *now = format_time (position);
  g_autofree char *total = format_time (duration);
  /* Translators: playback position and length, e.g. “0:12.5 / 1:45.0” */
  g_autofree char *text = g_strdup_printf (_("%s / %s"), now, total);
  double start = hk_waveform_get_visible_start (self->waveform);
  double length = hk_waveform_get_visible_length (self->waveform);

  gtk_label_set_text (self->position_label, text);
  hk_waveform_set_position (self->waveform, position);

  /* The view follows the playhead when playing takes it out of sight. */
  if (self->player != NULL && hk_call_player_get_playing (self->player) &&
      (position < start || position > start + length))
    hk_waveform_set_view (self->waveform, position - length * 0.1, length);
}

static void
playing_cb (HkReviewView *self)
{
  gboolean playing = hk_call_player_get_playing (self->player);

  gtk_button_set_icon_name (self->play_button, playing ? "media-playback-pause-symbolic"
                                                       : "media-playback-start-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->play_button), playing ? _("Pause (Space)") : _("Play (Space)"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->play_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  playing ? _("Pause") : _("Play"), -1);
}

static void
player_failed_cb (HkReviewView *self)
{
  const GError *error = hk_call_player_get_error (self->player);

  gtk_label_set_text (self->problem_label, error->message);
  gtk_widget_set_visible (GTK_WIDGET (self->problem_label), TRUE);
}

static void
waveform_seek_cb (HkReviewView *self,
                  double        seconds)
{
  if (self->player != NULL)
    hk_call_player_seek (self->player, seconds);
}

static void
rate_changed_cb (HkReviewView *self)
{
  guint i = gtk_drop_down_get_selected (self->rate_dropdown);

  if (self->player != NULL && i < G_N_ELEMENTS (rates))
    hk_call_player_set_rate (self->player, rates[i]);
}

/* Shows a marker or a comment with room around it, zooming in when it is
 * lost in a long view, and plays it with a little before and after. */
static void
play_row (HkReviewView *self,
          guint         position)
{
  double start, end, length;

  if (!row_span (self, position, &start, &end))
    return;

  length = hk_waveform_get_visible_length (self->waveform);
  if (length > 30.0 || end - start > length)
    length = MAX (10.0, (end - start) * 3.0);
  hk_waveform_set_view (self->waveform, (start + end) / 2.0 - length / 2.0, length);

  /* A moment plays on a little, so the trainer hears what was meant. */
  if (self->player != NULL)
    hk_call_player_play_span (self->player, MAX (start - CONTEXT, 0.0),
                              end > start ? end + CONTEXT : start + 4.0);
}

static void
marker_activated_cb (HkReviewView *self,
                     guint         position)
{
  play_row (self, position);
}

static void
marker_selected_cb (HkReviewView *self)
{
  guint position = gtk_single_selection_get_selected (self->marker_selection);
  double start, end;

  if (position == GTK_INVALID_LIST_POSITION || !row_span (self, position, &start, &end))
    return;
  if (self->player != NULL && !hk_call_player_get_playing (self->player))
    hk_call_player_seek (self->player, start);
  hk_waveform_set_position (self->waveform, start);
}

/* Actions */

static void
play_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  HkReviewView *self = HK_REVIEW_VIEW (widget);

  if (self->player == NULL)
    return;
  if (hk_call_player_get_playing (self->player))
    hk_call_player_pause (self->player);
  else
    hk_call_player_play (self->player);
}

static void
seek_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  HkReviewView *self = HK_REVIEW_VIEW (widget);
  double step = g_variant_get_double (parameter);
  double to;

  if (self->player == NULL)
    return;
  to = CLAMP (hk_call_player_get_position (self->player) + step, 0.0,
              hk_call_analysis_get_duration (self->analysis));
  hk_call_player_seek (self->player, to);
  update_position (self);
}

static void
step_marker_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  HkReviewView *self = HK_REVIEW_VIEW (widget);
  int step = g_variant_get_int32 (parameter);
  guint selected = gtk_single_selection_get_selected (self->marker_selection);
  GListModel *rows = gtk_single_selection_get_model (self->marker_selection);
  int n = self->analysis && rows ? (int) g_list_model_get_n_items (rows) : 0;
  int index;

  if (n == 0)
    return;
  if (selected != GTK_INVALID_LIST_POSITION)
    index = CLAMP ((int) selected + step, 0, n - 1);
  else
    index = step > 0 ? 0 : n - 1;

  gtk_single_selection_set_selected (self->marker_selection, (guint) index);
  gtk_widget_activate_action (GTK_WIDGET (self->marker_list), "list.scroll-to-item", "u", (guint) index);
  play_row (self, (guint) index);
}

static void
zoom_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  HkReviewView *self = HK_REVIEW_VIEW (widget);
  double position = hk_waveform_get_position (self->waveform);
  double start = hk_waveform_get_visible_start (self->waveform);
  double length = hk_waveform_get_visible_length (self->waveform);
  /* Zoom about the playhead when it is in sight, else about the middle. */
  double anchor = position >= start && position <= start + length ? position : start + length / 2.0;

  if (g_str_equal (action_name, "review.fit"))
    hk_waveform_fit (self->waveform);
  else
    hk_waveform_zoom (self->waveform, g_str_equal (action_name, "review.zoom-in") ? 0.5 : 2.0, anchor);
}

static void
try_again_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  HkReviewView *self = HK_REVIEW_VIEW (widget);

  if (self->player != NULL)
    hk_call_player_pause (self->player);
  g_signal_emit (self, signals[TRY_AGAIN], 0);
}

static void
swap_roles_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  HkReviewView *self = HK_REVIEW_VIEW (widget);

  if (self->player != NULL)
    hk_call_player_pause (self->player);
  g_signal_emit (self, signals[SWAP_ROLES], 0);
}

/* The other round of this pair session, or NULL. */
static HkSession *
other_round (HkReviewView *self)
{
  if (self->session == NULL || self->application == NULL || !hk_session_is_pair (self->session))
    return NULL;
  return hk_session_store_find_other_round (hk_application_get_sessions (self->application), self->session);
}

static void
compare_rounds_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  HkReviewView *self = HK_REVIEW_VIEW (widget);
  HkSession *other = other_round (self);
  HkRoundsDialog *dialog;

  if (other == NULL)
    return;
  dialog = hk_rounds_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), self->session, other);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Comments */

/* Saves the session with its comments and shows them. A session that
 * cannot be written keeps the comment in memory and says why. */
static void
comments_changed (HkReviewView *self,
                  const char   *select_id)
{
  g_autoptr(GError) error = NULL;
  GListModel *rows;

  fill_markers (self);
  rows = gtk_single_selection_get_model (self->marker_selection);
  for (guint i = 0; select_id != NULL && rows != NULL && i < g_list_model_get_n_items (rows); i++)
    {
      const char *key = row_key (self, i);

      if (key[0] == 'c' && g_str_equal (key + 1, select_id))
        {
          gtk_single_selection_set_selected (self->marker_selection, i);
          gtk_widget_activate_action (GTK_WIDGET (self->marker_list), "list.scroll-to-item", "u", i);
          break;
        }
    }

  if (!hk_session_save (self->session, &error))
    {
      GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                                  _("The Comment Was Not Saved"), NULL);

      adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                      _("%s\n\nIt stays here until Hearken closes; free some space or "
                                        "check the folder’s permissions, then change any comment to try again."),
                                      error->message);
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
    }
}

typedef struct {
  HkReviewView  *self;
  char          *id;       /* NULL for a new comment */
  GtkTextBuffer *buffer;
  GtkSpinButton *from;
  GtkSpinButton *to;
} CommentEdit;

static void
comment_edit_free (gpointer data)
{
  CommentEdit *e = data;

  g_object_unref (e->self);
  g_free (e->id);
  g_free (e);
}

static char *
buffer_text (GtkTextBuffer *buffer)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return g_strstrip (gtk_text_buffer_get_text (buffer, &start, &end, FALSE));
}

static void
comment_text_changed_cb (GtkTextBuffer    *buffer,
                         AdwMessageDialog *dialog)
{
  g_autofree char *text = buffer_text (buffer);

  adw_message_dialog_set_response_enabled (dialog, "save", *text != '\0');
}

static void
comment_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     CommentEdit      *e)
{
  g_autofree char *text = NULL;
  g_autofree char *id = NULL;

  if (!g_str_equal (response, "save") || e->self->session == NULL)
    return;

  text = buffer_text (e->buffer);
  if (*text == '\0')
    return;
  if (e->id != NULL)
    {
      if (!hk_session_edit_comment (e->self->session, e->id, text))
        return;
      id = g_strdup (e->id);
    }
  else
    {
      double from = gtk_spin_button_get_value (e->from);
      double to = gtk_spin_button_get_value (e->to);

      id = g_strdup (hk_session_add_comment (e->self->session, from, MAX (from, to), text));
    }
  comments_changed (e->self, id);
}

/* From and to, in seconds of the call: a moment when they are equal. */
static GtkWidget *
time_spin (double value,
           double duration)
{
  GtkWidget *spin = gtk_spin_button_new_with_range (0.0, MAX (duration, 0.1), 0.1);

  gtk_spin_button_set_digits (GTK_SPIN_BUTTON (spin), 1);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), value);
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  return spin;
}

static void
open_comment_dialog (HkReviewView           *self,
                     const HkSessionComment *editing,
                     double                  start,
                     double                  end)
{
  GtkWidget *dialog, *box, *scroller, *view;
  CommentEdit *e = g_new0 (CommentEdit, 1);

  e->self = g_object_ref (self);
  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                   editing ? _("Edit Comment") : _("Add a Comment"), NULL);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  view = gtk_text_view_new ();
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (view), 8);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (view), 8);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (view), 8);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (view), 8);
  gtk_accessible_update_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Comment"), -1);
  e->buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), view);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scroller), 96);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_add_css_class (scroller, "card");
  gtk_box_append (GTK_BOX (box), scroller);

  if (editing != NULL)
    {
      g_autofree char *when = format_time (editing->start);

      e->id = g_strdup (editing->id);
      gtk_text_buffer_set_text (e->buffer, editing->text, -1);
      adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog), _("On the call at %s"), when);
    }
  else
    {
      double duration = hk_call_analysis_get_duration (self->analysis);
      GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      GtkWidget *from_label = gtk_label_new_with_mnemonic (_("_From"));
      GtkWidget *to_label = gtk_label_new_with_mnemonic (_("_To"));
      GtkWidget *unit = gtk_label_new (_("seconds"));

      e->from = GTK_SPIN_BUTTON (time_spin (start, duration));
      e->to = GTK_SPIN_BUTTON (time_spin (end, duration));
      gtk_label_set_mnemonic_widget (GTK_LABEL (from_label), GTK_WIDGET (e->from));
      gtk_label_set_mnemonic_widget (GTK_LABEL (to_label), GTK_WIDGET (e->to));
      gtk_box_append (GTK_BOX (row), from_label);
      gtk_box_append (GTK_BOX (row), GTK_WIDGET (e->from));
      gtk_box_append (GTK_BOX (row), to_label);
      gtk_box_append (GTK_BOX (row), GTK_WIDGET (e->to));
      gtk_box_append (GTK_BOX (row), unit);
      gtk_widget_set_halign (row, GTK_ALIGN_CENTER);
      gtk_box_append (GTK_BOX (box), row);
      adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog),
                                   end > start ? _("On the span of the selected marker. Set From and To "
                                                   "alike to point at one moment.")
                                               : _("At the playhead. Set To later than From to comment on a span."));
    }

  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "save", editing ? _("_Save") : _("_Add"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "save");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  comment_text_changed_cb (e->buffer, ADW_MESSAGE_DIALOG (dialog));
  g_signal_connect (e->buffer, "changed", G_CALLBACK (comment_text_changed_cb), dialog);
  g_object_set_data_full (G_OBJECT (dialog), "hk-comment-edit", e, comment_edit_free);
  g_signal_connect (dialog, "response", G_CALLBACK (comment_response_cb), e);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (view);
}

static void
add_comment_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  HkReviewView *self = HK_REVIEW_VIEW (widget);
  guint selected = gtk_single_selection_get_selected (self->marker_selection);
  const HkMarker *m;
  double at;

  if (self->analysis == NULL)
    return;
  if (self->player != NULL)
    hk_call_player_pause (self->player);

  /* On the selected marker's span, or else at the playhead. */
  m = selected != GTK_INVALID_LIST_POSITION ? marker_at (self, row_marker_index (self, selected)) : NULL;
  if (m != NULL)
    open_comment_dialog (self, NULL, m->start, m->end);
  else
    {
      at = self->player ? hk_call_player_get_position (self->player) : hk_waveform_get_position (self->waveform);
      open_comment_dialog (self, NULL, at, at);
    }
}

static void
edit_comment_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  HkReviewView *self = HK_REVIEW_VIEW (widget);
  const HkSessionComment *c = self->session ? hk_session_find_comment (self->session, g_variant_get_string (parameter, NULL))
                                            : NULL;

  if (c != NULL)
    open_comment_dialog (self, c, c->start, c->end);
}

static void
remove_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    HkReviewView     *self)
{
  const char *id = g_object_get_data (G_OBJECT (dialog), "hk-comment-id");

  if (g_str_equal (response, "remove") && self->session != NULL &&
      hk_session_remove_comment (self->session, id))
    comments_changed (self, NULL);
}

static void
remove_comment_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  HkReviewView *self = HK_REVIEW_VIEW (widget);
  const char *id = g_variant_get_string (parameter, NULL);
  const HkSessionComment *c = self->session ? hk_session_find_comment (self->session, id) : NULL;
  GtkWidget *dialog;

  if (c == NULL)
    return;
  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                   _("Remove This Comment?"), NULL);
  /* The comment as written, never as markup. */
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog), c->text);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "remove", _("_Remove"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "hk-comment-id", g_strdup (id), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (remove_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Loading */

typedef struct {
  HkCallAnalysis *analysis;
  HkPeaks        *peaks;
} Loaded;

static void
loaded_free (gpointer data)
{
  Loaded *l = data;

  g_clear_object (&l->analysis);
  g_clear_pointer (&l->peaks, hk_peaks_free);
  g_free (l);
}

static void
load_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  HkSession *session = task_data;
  g_autofree char *call = hk_session_get_call_path (session);
  g_autofree char *peaks_path = hk_session_get_peaks_path (session);
  JsonNode *stored = hk_session_get_analysis (session);
  Loaded *l = g_new0 (Loaded, 1);
  GError *error = NULL;

  if (!g_file_test (call, G_FILE_TEST_IS_REGULAR))
    {
      loaded_free (l);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                               _("Its recording, “%s”, is missing. It may have been moved or "
                                 "deleted; put it back to replay this call."), call);
      return;
    }

  if (stored != NULL)
    l->analysis = hk_call_analysis_new_from_json (stored);
  if (l->analysis == NULL)
    {
      g_autoptr(HkThresholds) th = hk_call_file_default_thresholds ();

      hk_thresholds_override (th, hk_session_get_thresholds (session));
      l->analysis = hk_call_file_analyze (call, HK_CALL_FILE_ALLOW_SHORT, th, NULL, cancellable, &error);
      if (l->analysis == NULL)
        {
          loaded_free (l);
          g_task_return_error (task, error);
          return;
        }
    }

  l->peaks = hk_call_file_load_peaks (call, peaks_path, NULL, cancellable, &error);
  if (l->peaks == NULL)
    {
      loaded_free (l);
      g_task_return_error (task, error);
      return;
    }

  g_task_return_pointer (task, l, loaded_free);
}

static void
loaded_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  HkReviewView *self = HK_REVIEW_VIEW (source);
  g_autoptr(GError) error = NULL;
  g_autofree char *call = NULL;
  g_autofree char *sink = NULL;
  g_autofree char *date = NULL;
  g_autofree char *subtitle = NULL;
  Loaded *l = g_task_propagate_pointer (G_TASK (result), &error);
  const GArray *turns;

  gtk_spinner_set_spinning (self->spinner, FALSE);
  if (l == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
      return;
    }

  self->analysis = g_steal_pointer (&l->analysis);

  gtk_label_set_text (self->title_label, hk_session_get_title (self->session));
  date = g_date_time_format (hk_session_get_created (self->session), "%x %X");
  /* Translators: when, in which language, and the state of a session,
   * e.g. “24/11/26 14:05:09 · English · Complete” */
  subtitle = g_strdup_printf (_("%s · %s · %s"), date,
                              hk_lang_endonym (hk_session_get_language (self->session)),
                              hk_session_state_label (hk_session_get_state (self->session)));
  if (hk_session_is_pair (self->session))
    {
      /* Translators: a pair round, e.g. “Round 1: Jan answered, Eva played the customer · …” */
      char *named = g_strdup_printf (_("Round %u: %s answered, %s played the customer · %s"),
                                     hk_session_get_round (self->session),
                                     hk_session_get_partner (self->session, HK_PARTNER_B) ?: _("Partner B"),
                                     hk_session_get_partner (self->session, HK_PARTNER_A) ?: _("Partner A"),
                                     subtitle);

      g_free (subtitle);
      subtitle = named;
    }
  else if (hk_session_get_trainee (self->session) != NULL)
    {
      /* Translators: who answered, then the line above, e.g. “Eva Nováková · 24/11/26 14:05:09 · …” */
      char *named = g_strdup_printf (_("%s · %s"), hk_session_get_trainee (self->session), subtitle);

      g_free (subtitle);
      subtitle = named;
    }
  gtk_label_set_text (self->subtitle_label, subtitle);
  gtk_label_set_text (self->problem_label, hk_session_get_problem (self->session) ?: "");
  gtk_widget_set_visible (GTK_WIDGET (self->problem_label), hk_session_get_problem (self->session) != NULL);

  hk_waveform_set_pair (self->waveform, is_pair (self));
  /* After round one, a pair swaps roles; after round two, both are done. */
  gtk_widget_set_visible (self->swap_roles_button,
                          hk_session_is_pair (self->session) && hk_session_get_round (self->session) == 1);
  /* Once both rounds are in, they can be seen side by side. */
  gtk_widget_set_visible (self->compare_rounds_button, other_round (self) != NULL);
  /* The waveform keeps the peaks. */
  hk_waveform_set_call (self->waveform, g_steal_pointer (&l->peaks), self->analysis);
  loaded_free (l);
  turns = hk_session_get_turns (self->session);
  hk_waveform_set_turns (self->waveform, turns);
  hk_waveform_fit (self->waveform);

  fill_legend (self);
  fill_markers (self);
  fill_cards (self);
  fill_turns (self);
  /* The rows are kept from the last call, but not where it was scrolled. */
  gtk_adjustment_set_value (gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->marker_list)), 0.0);
  gtk_adjustment_set_value (gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->turns_view)), 0.0);

  call = hk_session_get_call_path (self->session);
  sink = hk_application_dup_sink_description (self->application);
  self->player = hk_call_player_new (call, sink, &error);
  if (self->player == NULL)
    {
      gtk_label_set_text (self->problem_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->problem_label), TRUE);
    }
  else
    {
      g_signal_connect_object (self->player, "notify::position", G_CALLBACK (update_position), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->player, "notify::playing", G_CALLBACK (playing_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->player, "failed", G_CALLBACK (player_failed_cb), self, G_CONNECT_SWAPPED);
      rate_changed_cb (self);
    }
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "review.play", self->player != NULL);
  update_position (self);
  gtk_stack_set_visible_child_name (self->stack, "review");
  gtk_widget_grab_focus (GTK_WIDGET (self->waveform));
  g_signal_emit (self, signals[LOADED], 0);
}

static void
hk_review_view_dispose (GObject *object)
{
  HkReviewView *self = HK_REVIEW_VIEW (object);

  hk_review_view_unload (self);
  if (self->badge_css != NULL)
    gtk_style_context_remove_provider_for_display (gdk_display_get_default (),
                                                   GTK_STYLE_PROVIDER (self->badge_css));
  g_clear_object (&self->badge_css);
  g_clear_pointer (&self->turn_rows, g_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), HK_TYPE_REVIEW_VIEW);
  /* After the lists, whose rows leave these as they go. */
  g_clear_pointer (&self->bound_rows, g_hash_table_unref);
  g_clear_pointer (&self->bound_cells, g_hash_table_unref);
  g_clear_object (&self->marker_selection);
  g_clear_object (&self->marker_items);
  g_clear_object (&self->turn_items);
  g_clear_pointer (&self->row_items, g_ptr_array_unref);
  g_clear_object (&self->application);

  G_OBJECT_CLASS (hk_review_view_parent_class)->dispose (object);
}

static void
hk_review_view_class_init (HkReviewViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hk_review_view_dispose;

  /**
   * HkReviewView::try-again:
   *
   * The trainee wants to practise the same scenario afresh.
   */
  signals[TRY_AGAIN] = g_signal_new ("try-again", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * HkReviewView::swap-roles:
   *
   * A pair wants its second round, the partner who answered now
   * playing the customer.
   */
  signals[SWAP_ROLES] = g_signal_new ("swap-roles", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                      0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * HkReviewView::loaded:
   *
   * The session's analysis is loaded and shown.
   */
  signals[LOADED] = g_signal_new ("loaded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (HK_TYPE_WAVEFORM);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/hk-review-view.ui");
  gtk_widget_class_bind_template_child (widget_class, HkReviewView, stack);
  gtk_widget_class_bind_template_child (widget_class, HkReviewView, spinner);
  gtk_widget_class_bind_template_child (widget_class, HkReviewView, error_page);
  gtk_widget_class_bind_template_child (widget_class, HkReviewView, title_label);
  gtk_widget_class_bind_template_child (widget_class, HkReviewView, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, HkReviewView, problem_label);
  gtk_widget_class_bind_template_child (widget_class, HkReviewView, waveform);
  gtk_widget_class_bind_template_child (widget_class, HkReviewView, play_button);
  gtk_widget_class_bind_template_child (widget_class, HkReviewView, position_label);
  gtk_widget_class_bind_template_child (widget_class, HkReviewView, rate_dropdown);
  gtk_widget_class_bind_template_child (widget_class, HkReviewView, legend_box);
  gtk_widget_class_bind_template_child (widget_class, HkReviewView, cards_box);
  gtk_widget_class_bind_template_child (widget_class, HkReviewView, turns_view);
  gtk_widget_class_bind_template_child (widget_class, HkReviewView, markers_title);
  gtk_widget_class_bind_template_child (widget_class, HkReviewView, markers_stack);
  gtk_widget_class_bind_template_child (widget_class, HkReviewView, markers_empty);
  gtk_widget_class_bind_template_child (widget_class, HkReviewView, marker_list);
  gtk_widget_class_bind_template_child (widget_class, HkReviewView, swap_roles_button);
  gtk_widget_class_bind_template_child (widget_class, HkReviewView, compare_rounds_button);
  gtk_widget_class_bind_template_callback (widget_class, rate_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, marker_activated_cb);

  gtk_widget_class_install_action (widget_class, "review.play", NULL, play_action);
  gtk_widget_class_install_action (widget_class, "review.seek", "d", seek_action);
  gtk_widget_class_install_action (widget_class, "review.step-marker", "i", step_marker_action);
  gtk_widget_class_install_action (widget_class, "review.zoom-in", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "review.zoom-out", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "review.fit", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "review.try-again", NULL, try_again_action);
  gtk_widget_class_install_action (widget_class, "review.swap-roles", NULL, swap_roles_action);
  gtk_widget_class_install_action (widget_class, "review.compare-rounds", NULL, compare_rounds_action);
  gtk_widget_class_install_action (widget_class, "review.add-comment", NULL, add_comment_action);
  gtk_widget_class_install_action (widget_class, "review.edit-comment", "s", edit_comment_action);
  gtk_widget_class_install_action (widget_class, "review.remove-comment", "s", remove_comment_action);

  gtk_widget_class_set_css_name (widget_class, "review-view");
}

static void
add_shortcut (GtkShortcutController *controller,
              guint                  key,
              const char            *action,
              GVariant              *parameter)
{
  GtkShortcut *shortcut = gtk_shortcut_new (gtk_keyval_trigger_new (key, 0),
                                            gtk_named_action_new (action));

  if (parameter != NULL)
    gtk_shortcut_set_arguments (shortcut, parameter);
  gtk_shortcut_controller_add_shortcut (controller, shortcut);
}

static void
hk_review_view_init (HkReviewView *self)
{
  GtkEventController *keys = gtk_shortcut_controller_new ();
  GtkShortcutController *sc = GTK_SHORTCUT_CONTROLLER (keys);

  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkNoSelection) turns = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  load_badge_css (self);

  self->row_items = g_ptr_array_new_with_free_func (g_object_unref);
  self->bound_rows = g_hash_table_new (NULL, NULL);
  self->bound_cells = g_hash_table_new (NULL, NULL);
  self->marker_items = g_list_store_new (G_TYPE_OBJECT);
  self->turn_items = g_list_store_new (G_TYPE_OBJECT);
  self->marker_selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->marker_items)));
  gtk_single_selection_set_autoselect (self->marker_selection, FALSE);
  gtk_single_selection_set_can_unselect (self->marker_selection, TRUE);
  g_signal_connect_object (self->marker_selection, "notify::selected",
                           G_CALLBACK (marker_selected_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect (factory, "setup", G_CALLBACK (marker_setup_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (marker_bind_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (forget_item_cb), self->bound_rows);
  g_signal_connect (factory, "teardown", G_CALLBACK (forget_item_cb), self->bound_rows);
  gtk_list_view_set_factory (self->marker_list, factory);
  g_object_unref (factory);
  gtk_list_view_set_model (self->marker_list, GTK_SELECTION_MODEL (self->marker_selection));
  add_turn_columns (self);
  turns = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->turn_items)));
  gtk_column_view_set_model (self->turns_view, GTK_SELECTION_MODEL (turns));

  /* Caught before the focused widget sees them, so Space plays and N
   * moves on whether the waveform, a button or a marker has focus. */
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  add_shortcut (sc, GDK_KEY_space, "review.play", NULL);
  add_shortcut (sc, GDK_KEY_Left, "review.seek", g_variant_new_double (-SEEK_STEP));
  add_shortcut (sc, GDK_KEY_Right, "review.seek", g_variant_new_double (SEEK_STEP));
  add_shortcut (sc, GDK_KEY_n, "review.step-marker", g_variant_new_int32 (1));
  add_shortcut (sc, GDK_KEY_p, "review.step-marker", g_variant_new_int32 (-1));
  add_shortcut (sc, GDK_KEY_plus, "review.zoom-in", NULL);
  add_shortcut (sc, GDK_KEY_equal, "review.zoom-in", NULL);
  add_shortcut (sc, GDK_KEY_KP_Add, "review.zoom-in", NULL);
  add_shortcut (sc, GDK_KEY_minus, "review.zoom-out", NULL);
  add_shortcut (sc, GDK_KEY_KP_Subtract, "review.zoom-out", NULL);
  add_shortcut (sc, GDK_KEY_0, "review.fit", NULL);
  add_shortcut (sc, GDK_KEY_c, "review.add-comment", NULL);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);

  g_signal_connect_object (self->waveform, "seek", G_CALLBACK (waveform_seek_cb), self, G_CONNECT_SWAPPED);
}

/**
 * hk_review_view_load:
 * @application: where the settings and devices come from
 * @session: the session to replay
 *
 * Shows @session, loading it in a worker thread.
 */
void
hk_review_view_load (HkReviewView  *self,
                     HkApplication *application,
                     HkSession     *session)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (HK_IS_REVIEW_VIEW (self));
  g_return_if_fail (HK_IS_SESSION (session));

  hk_review_view_unload (self);
  g_set_object (&self->application, application);
  self->session = g_object_ref (session);
  self->cancellable = g_cancellable_new ();

  gtk_spinner_set_spinning (self->spinner, TRUE);
  /* At once: fading the last call's review out would draw it all again
   * for nothing (some 70 ms on a software renderer, in the way of
   * showing this one) and show a call that is no longer the one open. */
  gtk_stack_set_visible_child_full (self->stack, "loading", GTK_STACK_TRANSITION_TYPE_NONE);
  task = g_task_new (self, self->cancellable, loaded_cb, NULL);
  g_task_set_task_data (task, g_object_ref (session), g_object_unref);
  g_task_run_in_thread (task, load_thread);
}

/**
 * hk_review_view_unload:
 *
 * Stops playing and lets go of the session.
 */
void
hk_review_view_unload (HkReviewView *self)
{
  g_return_if_fail (HK_IS_REVIEW_VIEW (self));

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->player != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->player, self);
      hk_call_player_pause (self->player);
      g_clear_object (&self->player);
    }
  if (self->waveform != NULL)
    hk_waveform_set_call (self->waveform, NULL, NULL);
  /* The rows stay, for the next call to fill; one bound meanwhile finds
   * no keys or turns and is left as it is. */
  g_clear_pointer (&self->row_keys, g_ptr_array_unref);
  g_clear_pointer (&self->turn_rows, g_array_unref);
  g_clear_object (&self->analysis);
  g_clear_object (&self->session);
}

/**
 * hk_review_view_get_session:
 *
 * Returns: (transfer none) (nullable): the session shown
 */
HkSession *
hk_review_view_get_session (HkReviewView *self)
{
  g_return_val_if_fail (HK_IS_REVIEW_VIEW (self), NULL);
  return self->session;
}

/**
 * hk_review_view_get_analysis:
 *
 * Returns: (transfer none) (nullable): the analysis shown, once loaded
 */
HkCallAnalysis *
hk_review_view_get_analysis (HkReviewView *self)
{
  g_return_val_if_fail (HK_IS_REVIEW_VIEW (self), NULL);
  return self->analysis;
}

/**
 * hk_review_view_get_player:
 *
 * Returns: (transfer none) (nullable): the player, once loaded
 */
HkCallPlayer *
hk_review_view_get_player (HkReviewView *self)
{
  g_return_val_if_fail (HK_IS_REVIEW_VIEW (self), NULL);
  return self->player;
}

/**
 * hk_review_view_get_selected_marker:
 *
 * Returns: the index of the selected marker, or -1
 */
int
hk_review_view_get_selected_marker (HkReviewView *self)
{
  guint selected;

  g_return_val_if_fail (HK_IS_REVIEW_VIEW (self), -1);

  selected = gtk_single_selection_get_selected (self->marker_selection);
  return selected != GTK_INVALID_LIST_POSITION ? row_marker_index (self, selected) : -1;
}

/**
 * hk_review_view_is_ready:
 *
 * Returns: whether a session is loaded and shown
 */
gboolean
hk_review_view_is_ready (HkReviewView *self)
{
  g_return_val_if_fail (HK_IS_REVIEW_VIEW (self), FALSE);
  return self->analysis != NULL;
}

/**
 * hk_review_view_play_moment:
 * @seconds: a moment of the call
 *
 * Shows @seconds on the waveform and plays from just before it.
 */
void
hk_review_view_play_moment (HkReviewView *self,
                            double        seconds)
{
  double length;

  g_return_if_fail (HK_IS_REVIEW_VIEW (self));

  if (self->analysis == NULL)
    return;
  length = MIN (hk_waveform_get_visible_length (self->waveform), 20.0);
  hk_waveform_set_view (self->waveform, seconds - length / 3.0, length);
  hk_waveform_set_position (self->waveform, seconds);
  if (self->player != NULL)
    hk_call_player_play_span (self->player, MAX (seconds - CONTEXT, 0.0), seconds + 4.0);
}
