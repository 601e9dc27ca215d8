/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hk-preferences-window"

/* Devices, the customer's voice and the analysis thresholds; every
 * control is bound to its GSettings key, so changes apply at once. */

#include "config.h"

#include <glib/gi18n.h>

#include "hk-audio-devices.h"
#include "hk-preferences-window.h"
#include "hk-thresholds.h"

struct _HkPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  GSettings            *settings;
  GPtrArray            *inputs;    /* device names; index 0 is the default */
  GPtrArray            *outputs;

  AdwEntryRow          *trainee_row;
  AdwComboRow          *input_row;
  AdwComboRow          *output_row;
  AdwComboRow          *pair_a_row;
  AdwComboRow          *pair_b_row;
  GtkSwitch            *pair_stereo;
  GtkSwitch            *pair_voice;
  GPtrArray            *pair_inputs[2];
  GtkSpinButton        *voice_speed;
  GtkSwitch            *listen_only;
  GtkSwitch            *echo_cancellation;
  GtkSpinButton        *advance_silence;
  AdwPreferencesGroup  *thresholds_group;
};

G_DEFINE_FINAL_TYPE (HkPreferencesWindow, hk_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static const char *
threshold_title (HkThreshold which)
{
  switch (which)
    {
    case HK_THRESHOLD_RUSHED_GAP:
      return _("Rushed answer");
    case HK_THRESHOLD_LONG_GAP:
      return _("Long answer gap");
    case HK_THRESHOLD_HESITATION:
      return _("Hesitation");
    case HK_THRESHOLD_DEAD_AIR:
      return _("Dead air");
    case HK_THRESHOLD_BACKCHANNEL_MAX:
      return _("Longest listening sound");
    case HK_THRESHOLD_INTERRUPTION_OVERLAP:
      return _("Interruption");
    case HK_N_THRESHOLDS:
    default:
      g_return_val_if_reached (NULL);
    }
}

static const char *
threshold_meaning (HkThreshold which)
{
  switch (which)
    {
    case HK_THRESHOLD_RUSHED_GAP:
      return _("Answering sooner than this after the customer stops is rushed");
    case HK_THRESHOLD_LONG_GAP:
      return _("A wait longer than this before answering is long");
    case HK_THRESHOLD_HESITATION:
      return _("Silence at least this long inside your own turn");
    case HK_THRESHOLD_DEAD_AIR:
      return _("Both silent at least this long");
    case HK_THRESHOLD_BACKCHANNEL_MAX:
      return _("“Mm”, “I see” while the customer talks, up to this long");
    case HK_THRESHOLD_INTERRUPTION_OVERLAP:
      return _("Talking over the customer at least this long");
    case HK_N_THRESHOLDS:
    default:
      g_return_val_if_reached (NULL);
    }
}

static void
add_threshold_rows (HkPreferencesWindow *self)
{
  for (HkThreshold t = 0; t < HK_N_THRESHOLDS; t++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *spin = gtk_spin_button_new_with_range (hk_threshold_min (t), hk_threshold_max (t), 0.05);
      /* Translators: the meaning of a threshold and its default value,
       * e.g. “… is rushed (default 0.3 s)” */
      g_autofree char *subtitle = g_strdup_printf (_("%s (default %.2g s)"),
                                                   threshold_meaning (t), hk_threshold_default (t));

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), threshold_title (t));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_spin_button_set_digits (GTK_SPIN_BUTTON (spin), 2);
      gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
      gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      threshold_title (t), -1);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), spin);
      g_settings_bind (self->settings, hk_threshold_key (t),
                       gtk_spin_button_get_adjustment (GTK_SPIN_BUTTON (spin)), "value",
                       G_SETTINGS_BIND_DEFAULT);
      adw_preferences_group_add (self->thresholds_group, row);
    }
}

static void
reset_clicked_cb (HkPreferencesWindow *self)
{
  for (HkThreshold t = 0; t < HK_N_THRESHOLDS; t++)
    g_settings_reset (self->settings, hk_threshold_key (t));
}

/* Fills a combo row with the system's default and every device of one
 * kind, and keeps the chosen one in @key; a device that is not plugged
 * in now stays chosen and listed, so choosing is never lost by unplugging. */
static void
fill_devices (HkPreferencesWindow *self,
              AdwComboRow         *row,
              GPtrArray           *names,
              GPtrArray           *devices,
              gboolean             input,
              const char          *key)
{
  g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);
  g_autofree char *chosen = g_settings_get_string (self->settings, key);
  guint selected = 0;

  gtk_string_list_append (list, _("System default"));
  g_ptr_array_add (names, g_strdup (""));
  for (guint i = 0; i < devices->len; i++)
    {
      HkAudioDevice *d = g_ptr_array_index (devices, i);

      if (d->input != input || d->name == NULL)
        continue;
      if (g_strcmp0 (d->name, chosen) == 0)
        selected = names->len;
      gtk_string_list_append (list, d->description ? d->description : d->name);
      g_ptr_array_add (names, g_strdup (d->name));
    }

  if (*chosen != '\0' && selected == 0)
    {
      /* Translators: %s is a device's name; it is not connected now */
      g_autofree char *text = g_strdup_printf (_("%s (not connected)"), chosen);

      selected = names->len;
      gtk_string_list_append (list, text);
      g_ptr_array_add (names, g_strdup (chosen));
    }

  adw_combo_row_set_model (row, G_LIST_MODEL (list));
  adw_combo_row_set_selected (row, selected);
}

/* The row's chosen device goes into the key and list kept on the row. */
static void
device_selected_cb (HkPreferencesWindow *self,
                    GParamSpec          *pspec,
                    AdwComboRow         *row)
{
  GPtrArray *names = g_object_get_data (G_OBJECT (row), "hk-names");
  const char *key = g_object_get_data (G_OBJECT (row), "hk-key");
  guint pos = adw_combo_row_get_selected (row);

  if (names != NULL && pos < names->len)
    g_settings_set_string (self->settings, key, g_ptr_array_index (names, pos));
}

static void
watch_devices (HkPreferencesWindow *self,
               AdwComboRow         *row,
               GPtrArray           *names,
               GPtrArray           *devices,
               gboolean             input,
               const char          *key)
{
  fill_devices (self, row, names, devices, input, key);
  g_object_set_data (G_OBJECT (row), "hk-names", names);
  g_object_set_data (G_OBJECT (row), "hk-key", (gpointer) key);
  g_signal_connect_object (row, "notify::selected", G_CALLBACK (device_selected_cb), self, G_CONNECT_SWAPPED);
}

static void
hk_preferences_window_dispose (GObject *object)
{
  HkPreferencesWindow *self = HK_PREFERENCES_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), HK_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->inputs, g_ptr_array_unref);
  g_clear_pointer (&self->outputs, g_ptr_array_unref);
  g_clear_pointer (&self->pair_inputs[0], g_ptr_array_unref);
  g_clear_pointer (&self->pair_inputs[1], g_ptr_array_unref);

  G_OBJECT_CLASS (hk_preferences_window_parent_class)->dispose (object);
}

static void
hk_preferences_window_class_init (HkPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hk_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/hk-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, HkPreferencesWindow, trainee_row);
  gtk_widget_class_bind_template_child (widget_class, HkPreferencesWindow, input_row);
  gtk_widget_class_bind_template_child (widget_class, HkPreferencesWindow, output_row);
  gtk_widget_class_bind_template_child (widget_class, HkPreferencesWindow, pair_a_row);
  gtk_widget_class_bind_template_child (widget_class, HkPreferencesWindow, pair_b_row);
  gtk_widget_class_bind_template_child (widget_class, HkPreferencesWindow, pair_stereo);
  gtk_widget_class_bind_template_child (widget_class, HkPreferencesWindow, pair_voice);
  gtk_widget_class_bind_template_child (widget_class, HkPreferencesWindow, voice_speed);
  gtk_widget_class_bind_template_child (widget_class, HkPreferencesWindow, listen_only);
  gtk_widget_class_bind_template_child (widget_class, HkPreferencesWindow, echo_cancellation);
  gtk_widget_class_bind_template_child (widget_class, HkPreferencesWindow, advance_silence);
  gtk_widget_class_bind_template_child (widget_class, HkPreferencesWindow, thresholds_group);
  gtk_widget_class_bind_template_callback (widget_class, reset_clicked_cb);
}

static void
hk_preferences_window_init (HkPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->inputs = g_ptr_array_new_with_free_func (g_free);
  self->outputs = g_ptr_array_new_with_free_func (g_free);
  self->pair_inputs[0] = g_ptr_array_new_with_free_func (g_free);
  self->pair_inputs[1] = g_ptr_array_new_with_free_func (g_free);
}

/**
 * hk_preferences_window_new:
 *
 * Returns: (transfer floating): the preferences of @application
 */
GtkWidget *
hk_preferences_window_new (HkApplication *application)
{
  HkPreferencesWindow *self = g_object_new (HK_TYPE_PREFERENCES_WINDOW, NULL);
  g_autoptr(GPtrArray) devices = hk_audio_devices_list ();

  self->settings = g_object_ref (hk_application_get_settings (application));

  watch_devices (self, self->input_row, self->inputs, devices, TRUE, "input-device");
  watch_devices (self, self->output_row, self->outputs, devices, FALSE, "output-device");
  watch_devices (self, self->pair_a_row, self->pair_inputs[0], devices, TRUE, "pair-input-a");
  watch_devices (self, self->pair_b_row, self->pair_inputs[1], devices, TRUE, "pair-input-b");
  g_settings_bind (self->settings, "pair-stereo", self->pair_stereo, "active", G_SETTINGS_BIND_DEFAULT);
  /* With one stereo input, partner B has no microphone of their own. */
  g_settings_bind (self->settings, "pair-stereo", self->pair_b_row, "sensitive",
                   G_SETTINGS_BIND_GET | G_SETTINGS_BIND_INVERT_BOOLEAN);
  g_settings_bind (self->settings, "pair-customer-voice", self->pair_voice, "active", G_SETTINGS_BIND_DEFAULT);

  g_settings_bind (self->settings, "voice-speed",
                   gtk_spin_button_get_adjustment (self->voice_speed), "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "trainee-name", self->trainee_row, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "listen-only", self->listen_only, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "echo-cancellation", self->echo_cancellation, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "advance-silence",
                   gtk_spin_button_get_adjustment (self->advance_silence), "value", G_SETTINGS_BIND_DEFAULT);
  add_threshold_rows (self);

  return GTK_WIDGET (self);
}
