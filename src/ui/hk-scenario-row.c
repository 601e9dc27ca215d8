/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hk-scenario-row"

#include "config.h"

#include <glib/gi18n.h>

#include "hk-scenario-row.h"
#include "hk-vocab.h"

struct _HkScenarioRow
{
  GtkListBoxRow  parent_instance;

  HkScenario    *scenario;

  GtkLabel      *title_label;
  GtkLabel      *difficulty_label;
  GtkLabel      *category_label;
  GtkLabel      *details_label;
};

G_DEFINE_FINAL_TYPE (HkScenarioRow, hk_scenario_row, GTK_TYPE_LIST_BOX_ROW)

static void
hk_scenario_row_dispose (GObject *object)
{
  HkScenarioRow *self = (HkScenarioRow *) object;

  g_clear_object (&self->scenario);

  G_OBJECT_CLASS (hk_scenario_row_parent_class)->dispose (object);
}

static void
hk_scenario_row_class_init (HkScenarioRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hk_scenario_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/hk-scenario-row.ui");
  gtk_widget_class_bind_template_child (widget_class, HkScenarioRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, HkScenarioRow, difficulty_label);
  gtk_widget_class_bind_template_child (widget_class, HkScenarioRow, category_label);
  gtk_widget_class_bind_template_child (widget_class, HkScenarioRow, details_label);
}

static void
hk_scenario_row_init (HkScenarioRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * hk_scenario_row_new:
 * @lang: the practice language
 *
 * Returns: (transfer floating): a row showing @scenario in @lang
 */
GtkWidget *
hk_scenario_row_new (HkScenario *scenario,
                     const char *lang)
{
  HkScenarioRow *self;
  HkPersona *persona;
  g_autofree char *category = NULL;
  g_autofree char *details = NULL;
  g_autofree char *turns = NULL;
  g_autofree char *level = NULL;
  g_autofree char *accessible = NULL;
  const char *title;

  g_return_val_if_fail (HK_IS_SCENARIO (scenario), NULL);

  self = g_object_new (HK_TYPE_SCENARIO_ROW, NULL);
  self->scenario = g_object_ref (scenario);
  persona = hk_scenario_get_persona (scenario);

  title = hk_scenario_get_title (scenario, lang, NULL);
  gtk_label_set_text (self->title_label, title);

  /* Translators: a scenario's category and business sector, e.g. “Complaint · Web shop” */
  category = g_strdup_printf (_("%s · %s"),
                              hk_vocab_label (HK_VOCAB_CATEGORY, hk_scenario_get_category (scenario)),
                              hk_vocab_label (HK_VOCAB_SECTOR, hk_scenario_get_sector (scenario)));
  gtk_label_set_text (self->category_label, category);

  turns = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u turn", "%u turns",
                                        hk_scenario_get_n_turns (scenario)),
                           hk_scenario_get_n_turns (scenario));
  /* Translators: the customer's name, their mood and the number of turns,
   * e.g. “Marta Novak · Disappointed · 5 turns” */
  details = g_strdup_printf (_("%s · %s · %s"),
                             hk_persona_get_name (persona),
                             hk_vocab_label (HK_VOCAB_MOOD, hk_persona_get_mood (persona)),
                             turns);
  gtk_label_set_text (self->details_label, details);

  gtk_label_set_text (self->difficulty_label,
                      hk_difficulty_label (hk_scenario_get_difficulty (scenario)));
  level = g_strdup_printf ("level-%d", hk_scenario_get_difficulty (scenario));
  gtk_widget_add_css_class (GTK_WIDGET (self->difficulty_label), level);

  accessible = g_strdup_printf ("%s, %s, %s, %s", title, category,
                                hk_difficulty_label (hk_scenario_get_difficulty (scenario)),
                                details);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);

  return GTK_WIDGET (self);
}

/**
 * hk_scenario_row_get_scenario:
 *
 * Returns: (transfer none): the scenario the row shows
 */
HkScenario *
hk_scenario_row_get_scenario (HkScenarioRow *self)
{
  g_return_val_if_fail (HK_IS_SCENARIO_ROW (self), NULL);

  return self->scenario;
}
