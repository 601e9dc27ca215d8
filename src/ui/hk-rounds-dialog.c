/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hk-rounds-dialog"

/* A pair's two rounds side by side: each partner answered once, so the
 * key figures of round one are one partner's listening and those of
 * round two the other's. Each figure has its row, each round its column,
 * with the verdict against the norm in words and an icon, so colour is
 * never the only sign. A round without an analysis says so. */

#include "config.h"

#include <glib/gi18n.h>

#include "hk-figures.h"
#include "hk-report.h"
#include "hk-rounds-dialog.h"

struct _HkRoundsDialog
{
  AdwWindow  parent_instance;

  GtkLabel  *intro_label;
  GtkGrid   *grid;
};

G_DEFINE_FINAL_TYPE (HkRoundsDialog, hk_rounds_dialog, ADW_TYPE_WINDOW)

static GtkWidget *
figure_cell (const HkFigureValue *value,
             const char          *round,
             gboolean             analysed)
{
  GtkWidget *cell = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *verdict_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  g_autofree char *text = analysed ? hk_figure_format (value) : g_strdup (_("Not analysed"));
  g_autofree char *accessible = NULL;
  GtkWidget *number = gtk_label_new (text);
  HkVerdict judged = analysed ? value->verdict : HK_VERDICT_UNKNOWN;
  const char *verdict = hk_verdict_label (judged);
  const char *style = hk_verdict_style_class (judged);

  if (style != NULL)
    gtk_widget_add_css_class (cell, style);
  gtk_label_set_xalign (GTK_LABEL (number), 0.0f);
  gtk_widget_add_css_class (number, "title-4");
  gtk_box_append (GTK_BOX (cell), number);
  gtk_box_append (GTK_BOX (verdict_box), gtk_image_new_from_icon_name (hk_verdict_icon_name (judged)));
  gtk_box_append (GTK_BOX (verdict_box), gtk_label_new (verdict));
  gtk_widget_add_css_class (verdict_box, "caption");
  gtk_box_append (GTK_BOX (cell), verdict_box);
  gtk_widget_set_hexpand (cell, TRUE);

  /* Translators: read to screen readers for one cell, e.g.
   * “Round 1: Jan answered. Talk share: 38 %. Within the norm” */
  accessible = g_strdup_printf (_("%s. %s: %s. %s"), round, hk_figure_label (value->figure), text, verdict);
  gtk_accessible_update_property (GTK_ACCESSIBLE (cell), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  return cell;
}

static void
fill (HkRoundsDialog *self,
      HkSession      *rounds[2])
{
  HkFigureValue values[2][HK_N_FIGURES];
  HkCallAnalysis *analyses[2] = { NULL, NULL };
  char *titles[2] = { NULL, NULL };
  const HkThresholds *thresholds = NULL;

  for (guint r = 0; r < 2; r++)
    {
      JsonNode *stored = hk_session_get_analysis (rounds[r]);
      GtkWidget *heading;

      if (stored != NULL)
        analyses[r] = hk_call_analysis_new_from_json (stored);
      if (analyses[r] != NULL)
        {
          hk_figures_measure (analyses[r], values[r]);
          thresholds = thresholds ? thresholds : hk_call_analysis_get_thresholds (analyses[r]);
        }
      else
        for (HkFigure f = 0; f < HK_N_FIGURES; f++)
          values[r][f] = (HkFigureValue) { f, NAN, HK_VERDICT_UNKNOWN };

      titles[r] = hk_report_round_title (rounds[r]);
      heading = gtk_label_new (titles[r]);
      gtk_label_set_xalign (GTK_LABEL (heading), 0.0f);
      gtk_label_set_wrap (GTK_LABEL (heading), TRUE);
      gtk_widget_add_css_class (heading, "heading");
      gtk_grid_attach (self->grid, heading, 1 + (int) r, 0, 1, 1);
    }

  for (HkFigure f = 0; f < HK_N_FIGURES; f++)
    {
      GtkWidget *name_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
      GtkWidget *name = gtk_label_new (hk_figure_label (f));

      gtk_label_set_xalign (GTK_LABEL (name), 0.0f);
      gtk_label_set_wrap (GTK_LABEL (name), TRUE);
      gtk_widget_add_css_class (name, "caption-heading");
      gtk_box_append (GTK_BOX (name_box), name);
      if (thresholds != NULL)
        {
          g_autofree char *norm_text = hk_figure_norm (f, thresholds);
          GtkWidget *norm = gtk_label_new (norm_text);

          gtk_label_set_xalign (GTK_LABEL (norm), 0.0f);
          gtk_label_set_wrap (GTK_LABEL (norm), TRUE);
          gtk_label_set_max_width_chars (GTK_LABEL (norm), 28);
          gtk_widget_add_css_class (norm, "caption");
          gtk_widget_add_css_class (norm, "dim-label");
          gtk_box_append (GTK_BOX (name_box), norm);
        }
      gtk_grid_attach (self->grid, name_box, 0, 1 + (int) f, 1, 1);
      for (guint r = 0; r < 2; r++)
        gtk_grid_attach (self->grid, figure_cell (&values[r][f], titles[r], analyses[r] != NULL),
                         1 + (int) r, 1 + (int) f, 1, 1);
    }

  for (guint r = 0; r < 2; r++)
    {
      g_clear_object (&analyses[r]);
      g_free (titles[r]);
    }
}

static void
hk_rounds_dialog_class_init (HkRoundsDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/hk-rounds-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, HkRoundsDialog, intro_label);
  gtk_widget_class_bind_template_child (widget_class, HkRoundsDialog, grid);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
hk_rounds_dialog_init (HkRoundsDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * hk_rounds_dialog_new:
 * @round_a: one round of a pair session
 * @round_b: the other round
 *
 * Returns: (transfer full): a window showing the two rounds side by side,
 *   round one on the left
 */
HkRoundsDialog *
hk_rounds_dialog_new (GtkWindow *parent,
                      HkSession *round_a,
                      HkSession *round_b)
{
  HkRoundsDialog *self;
  HkSession *rounds[2];
  g_autofree char *intro = NULL;

  g_return_val_if_fail (HK_IS_SESSION (round_a), NULL);
  g_return_val_if_fail (HK_IS_SESSION (round_b), NULL);

  self = g_object_new (HK_TYPE_ROUNDS_DIALOG, "transient-for", parent, NULL);
  rounds[0] = hk_session_get_round (round_a) <= hk_session_get_round (round_b) ? round_a : round_b;
  rounds[1] = rounds[0] == round_a ? round_b : round_a;
  /* Translators: the scenario's title */
  intro = g_strdup_printf (_("“%s”, practised in pairs: each partner answered the customer once. "
                             "Each column is the listening of the partner who answered in that round."),
                           hk_session_get_title (rounds[0]));
  gtk_label_set_text (self->intro_label, intro);
  fill (self, rounds);
  return self;
}
