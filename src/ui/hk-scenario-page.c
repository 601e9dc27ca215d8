/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hk-scenario-page"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "hk-lang.h"
#include "hk-scenario-page.h"
#include "hk-vocab.h"
#include "hk-voice-catalog.h"

struct _HkScenarioPage
{
  GtkWidget          parent_instance;

  HkScenario        *scenario;

  GtkScrolledWindow *scroller;
  GtkLabel          *title_label;
  GtkLabel          *subtitle_label;
  GtkWidget         *fallback_box;
  GtkLabel          *fallback_label;
  GtkWidget         *voice_box;
  GtkLabel          *voice_label;
  GtkLabel          *brief_label;
  AdwActionRow      *persona_row;
  AdwAvatar         *persona_avatar;
  AdwActionRow      *mood_row;
  GtkBox            *tips_box;
  AdwActionRow      *turns_row;
  AdwActionRow      *techniques_row;
  AdwActionRow      *languages_row;
  AdwActionRow      *source_row;
};

G_DEFINE_FINAL_TYPE (HkScenarioPage, hk_scenario_page, GTK_TYPE_WIDGET)

static void
clear_box (GtkBox *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (box))) != NULL)
    gtk_box_remove (box, child);
}

static char *
join_techniques (HkScenario *scenario)
{
  g_autoptr(GPtrArray) seen = g_ptr_array_new ();
  GString *s = g_string_new (NULL);

  /* In the order the call first invites them, each once. */
  for (guint i = 0; i < hk_scenario_get_n_turns (scenario); i++)
    {
      const char * const *t = hk_scenario_turn_get_techniques (hk_scenario_get_turn (scenario, i));

      for (; *t; t++)
        {
          if (g_ptr_array_find_with_equal_func (seen, *t, g_str_equal, NULL))
            continue;
          g_ptr_array_add (seen, (gpointer) *t);
          if (s->len > 0)
            /* Translators: separates items in a list such as “Paraphrase, Summarise” */
            g_string_append (s, _(", "));
          g_string_append (s, hk_vocab_label (HK_VOCAB_TECHNIQUE, *t));
        }
    }

  return g_string_free (s, FALSE);
}

/* The mood arc of the call, such as “Frustrated → Angry → Furious → Calm”,
 * so the trainee knows what is coming. */
static char *
join_moods (HkScenario *scenario)
{
  GString *s = g_string_new (hk_vocab_label (HK_VOCAB_MOOD,
                                             hk_persona_get_mood (hk_scenario_get_persona (scenario))));
  const char *last = hk_persona_get_mood (hk_scenario_get_persona (scenario));

  for (guint i = 0; i < hk_scenario_get_n_turns (scenario); i++)
    {
      const char *mood = hk_scenario_turn_get_mood (hk_scenario_get_turn (scenario, i));

      if (g_strcmp0 (mood, last) == 0)
        continue;
      g_string_append_printf (s, " → %s", hk_vocab_label (HK_VOCAB_MOOD, mood));
      last = mood;
    }

  return g_string_free (s, FALSE);
}

static char *
join_languages (HkScenario *scenario)
{
  GString *s = g_string_new (NULL);

  for (const char * const *l = hk_scenario_get_languages (scenario); *l; l++)
    {
      if (s->len > 0)
        g_string_append (s, _(", "));
      g_string_append (s, hk_lang_endonym (*l));
    }

  return g_string_free (s, FALSE);
}

static void
show_fallback (HkScenarioPage *self,
               const char     *lang)
{
  g_autofree char *text = NULL;

  switch (hk_scenario_get_coverage (self->scenario, lang))
    {
    case HK_COVERAGE_FULL:
      gtk_widget_set_visible (self->fallback_box, FALSE);
      return;
    case HK_COVERAGE_PARTIAL:
      /* Translators: %s is a language name in that language, such as “Italiano” */
      text = g_strdup_printf (_("Parts of this scenario are not yet written in %s; "
                                "they are shown in English."), hk_lang_endonym (lang));
      break;
    case HK_COVERAGE_NONE:
    default:
      text = g_strdup_printf (_("This scenario is not yet written in %s; it is shown "
                                "in English."), hk_lang_endonym (lang));
      break;
    }

  gtk_label_set_text (self->fallback_label, text);
  gtk_widget_set_visible (self->fallback_box, TRUE);
}

static void
show_voice_note (HkScenarioPage *self,
                 const char     *lang)
{
  g_autofree char *text = NULL;
  gboolean missing = !hk_voice_catalog_has_language (hk_voice_catalog_get_default (), lang);

  gtk_widget_set_visible (self->voice_box, missing);
  if (!missing)
    return;

  /* Translators: %s is a language name in that language, such as “Italiano” */
  text = g_strdup_printf (_("The speech synthesiser has no %s voice on this computer, so the "
                            "customer cannot speak this language. Install the espeak-ng-data "
                            "package to add it."), hk_lang_endonym (lang));
  gtk_label_set_text (self->voice_label, text);
}

static void
hk_scenario_page_dispose (GObject *object)
{
  HkScenarioPage *self = (HkScenarioPage *) object;

  gtk_widget_dispose_template (GTK_WIDGET (self), HK_TYPE_SCENARIO_PAGE);
  g_clear_object (&self->scenario);

  G_OBJECT_CLASS (hk_scenario_page_parent_class)->dispose (object);
}

static void
hk_scenario_page_class_init (HkScenarioPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hk_scenario_page_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/hk-scenario-page.ui");
  gtk_widget_class_bind_template_child (widget_class, HkScenarioPage, scroller);
  gtk_widget_class_bind_template_child (widget_class, HkScenarioPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, HkScenarioPage, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, HkScenarioPage, fallback_box);
  gtk_widget_class_bind_template_child (widget_class, HkScenarioPage, fallback_label);
  gtk_widget_class_bind_template_child (widget_class, HkScenarioPage, voice_box);
  gtk_widget_class_bind_template_child (widget_class, HkScenarioPage, voice_label);
  gtk_widget_class_bind_template_child (widget_class, HkScenarioPage, brief_label);
  gtk_widget_class_bind_template_child (widget_class, HkScenarioPage, persona_row);
  gtk_widget_class_bind_template_child (widget_class, HkScenarioPage, persona_avatar);
  gtk_widget_class_bind_template_child (widget_class, HkScenarioPage, mood_row);
  gtk_widget_class_bind_template_child (widget_class, HkScenarioPage, tips_box);
  gtk_widget_class_bind_template_child (widget_class, HkScenarioPage, turns_row);
  gtk_widget_class_bind_template_child (widget_class, HkScenarioPage, techniques_row);
  gtk_widget_class_bind_template_child (widget_class, HkScenarioPage, languages_row);
  gtk_widget_class_bind_template_child (widget_class, HkScenarioPage, source_row);
}

static void
hk_scenario_page_init (HkScenarioPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * hk_scenario_page_set_scenario:
 * @scenario: (nullable): the scenario to show
 * @lang: the practice language
 *
 * Shows @scenario in @lang, with a note where it falls back to English.
 * Every text from the file is set as plain text, never as markup.
 */
void
hk_scenario_page_set_scenario (HkScenarioPage *self,
                               HkScenario     *scenario,
                               const char     *lang)
{
  g_autofree char *subtitle = NULL;
  g_autofree char *turns = NULL;
  g_autofree char *techniques = NULL;
  g_autofree char *languages = NULL;
  g_autofree char *moods = NULL;
  const char * const *tips;
  HkPersona *persona;
  gboolean same;

  g_return_if_fail (HK_IS_SCENARIO_PAGE (self));
  g_return_if_fail (scenario == NULL || HK_IS_SCENARIO (scenario));

  same = scenario == self->scenario;
  g_set_object (&self->scenario, scenario);
  if (scenario == NULL)
    return;

  persona = hk_scenario_get_persona (scenario);

  gtk_label_set_text (self->title_label, hk_scenario_get_title (scenario, lang, NULL));
  /* Translators: category, business sector and difficulty of a scenario,
   * e.g. “Complaint · Banking · Demanding” */
  subtitle = g_strdup_printf (_("%s · %s · %s"),
                              hk_vocab_label (HK_VOCAB_CATEGORY, hk_scenario_get_category (scenario)),
                              hk_vocab_label (HK_VOCAB_SECTOR, hk_scenario_get_sector (scenario)),
                              hk_difficulty_label (hk_scenario_get_difficulty (scenario)));
  gtk_label_set_text (self->subtitle_label, subtitle);
  show_fallback (self, lang);
  show_voice_note (self, lang);

  gtk_label_set_text (self->brief_label, hk_scenario_get_brief (scenario, lang, NULL));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->persona_row),
                                 hk_persona_get_name (persona));
  adw_action_row_set_subtitle (self->persona_row, hk_persona_get_about (persona, lang, NULL));
  adw_avatar_set_text (self->persona_avatar, hk_persona_get_name (persona));
  moods = join_moods (scenario);
  adw_action_row_set_subtitle (self->mood_row, moods);

  clear_box (self->tips_box);
  tips = hk_scenario_get_tips (scenario, lang, NULL);
  for (guint i = 0; tips != NULL && tips[i] != NULL; i++)
    {
      g_autofree char *text = g_strdup_printf ("•  %s", tips[i]);
      GtkWidget *label = gtk_label_new (text);

      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
      gtk_widget_add_css_class (label, "tip");
      gtk_box_append (self->tips_box, label);
    }

  turns = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                        "The customer speaks %u time; you answer each time.",
                                        "The customer speaks %u times; you answer each time.",
                                        hk_scenario_get_n_turns (scenario)),
                           hk_scenario_get_n_turns (scenario));
  adw_action_row_set_subtitle (self->turns_row, turns);
  techniques = join_techniques (scenario);
  adw_action_row_set_subtitle (self->techniques_row, techniques);
  languages = join_languages (scenario);
  adw_action_row_set_subtitle (self->languages_row, languages);
  adw_action_row_set_subtitle (self->source_row,
                               hk_scenario_get_builtin (scenario)
                                 ? _("Shipped with Hearken")
                                 : hk_scenario_get_path (scenario));

  /* A new scenario starts at its top; a language switch keeps the place. */
  if (!same)
    gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0.0);
}

/**
 * hk_scenario_page_get_scenario:
 *
 * Returns: (transfer none) (nullable): the scenario shown
 */
HkScenario *
hk_scenario_page_get_scenario (HkScenarioPage *self)
{
  g_return_val_if_fail (HK_IS_SCENARIO_PAGE (self), NULL);

  return self->scenario;
}
