/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hk-application"

#include "config.h"

#include <glib/gi18n.h>

#include "hk-application.h"
#include "hk-call-file.h"
#include "hk-audio-devices.h"
#include "hk-lang.h"
#include "hk-preferences-window.h"
#include "hk-window.h"

struct _HkApplication
{
  AdwApplication     parent_instance;

  GSettings         *settings;
  HkScenarioLibrary *library;
  HkSessionStore    *sessions;
  char              *practice_language;
  char              *source_override;
  char              *sink_override;
  char              *pair_override[2];   /* NULL for partner B: one stereo source */
  gboolean           pair_overridden;
};

G_DEFINE_FINAL_TYPE (HkApplication, hk_application, ADW_TYPE_APPLICATION)

enum {
  PROP_0,
  PROP_PRACTICE_LANGUAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update_practice_language (HkApplication *self)
{
  g_autofree char *wanted = g_settings_get_string (self->settings, "practice-language");
  g_autofree char *lang = NULL;

  /* An empty setting follows the desktop; so does a code typed into
   * dconf that is not a language. */
  if (*wanted == '\0' || !hk_lang_code_is_valid (wanted))
    lang = hk_lang_from_locale ();
  else
    lang = g_steal_pointer (&wanted);

  if (g_strcmp0 (lang, self->practice_language) == 0)
    return;

  g_free (self->practice_language);
  self->practice_language = g_steal_pointer (&lang);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PRACTICE_LANGUAGE]);
}

static void
update_color_scheme (HkApplication *self)
{
  static const AdwColorScheme schemes[] = {
    ADW_COLOR_SCHEME_DEFAULT,
    ADW_COLOR_SCHEME_FORCE_LIGHT,
    ADW_COLOR_SCHEME_FORCE_DARK,
  };
  guint scheme = (guint) g_settings_get_enum (self->settings, "color-scheme");

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      schemes[MIN (scheme, G_N_ELEMENTS (schemes) - 1)]);
}

static void
settings_changed_cb (HkApplication *self,
                     const char    *key,
                     GSettings     *settings)
{
  if (g_str_equal (key, "practice-language"))
    update_practice_language (self);
  else if (g_str_equal (key, "color-scheme"))
    update_color_scheme (self);
}

static void
quit_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static void
about_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  static const char *developers[] = { "The Hearken developers", NULL };

  adw_show_about_window (gtk_application_get_active_window (app),
                         "application-name", _("Hearken"),
                         "application-icon", APP_ID,
                         "version", PACKAGE_VERSION,
                         "developer-name", _("The Hearken developers"),
                         "developers", developers,
                         "comments", _("Practise active listening in role-played customer "
                                       "calls: a scripted customer speaks, you answer, and "
                                       "Hearken shows how you listened."),
                         "website", "https://github.com/hearken/hearken",
                         "issue-url", "https://github.com/hearken/hearken/issues",
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "copyright", "© 2026 The Hearken developers",
                         /* Translators: put your names here, one per line */
                         "translator-credits", _("translator-credits"),
                         NULL);
}

static void
preferences_activated (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  HkApplication *self = HK_APPLICATION (user_data);
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  GtkWidget *prefs = hk_preferences_window_new (self);

  gtk_window_set_transient_for (GTK_WINDOW (prefs), parent);
  gtk_window_present (GTK_WINDOW (prefs));
}

static const GActionEntry app_actions[] = {
  { "quit", quit_activated },
  { "preferences", preferences_activated },
  { "about", about_activated },
};

/* Calls left open by a crash are analysed as far as they got, in a
 * worker thread: decoding a long call must not hold up the window. */
static void
recover_thread (GTask        *task,
                gpointer      source,
                gpointer      task_data,
                GCancellable *cancellable)
{
  g_autoptr(HkSessionStore) store = hk_session_store_new (task_data);

  g_task_return_int (task, hk_call_file_recover_sessions (store));
}

static void
recovered_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  HkApplication *self = HK_APPLICATION (source);
  gssize n = g_task_propagate_int (G_TASK (result), NULL);

  if (n > 0)
    {
      g_message ("Recovered %" G_GSSIZE_FORMAT " call(s) cut short when Hearken last stopped", n);
      hk_session_store_reload (self->sessions);
    }
  g_application_release (G_APPLICATION (self));
}

static void
recover_sessions (HkApplication *self)
{
  g_autoptr(GPtrArray) unfinished = hk_session_store_get_unfinished (self->sessions);
  g_autoptr(GTask) task = NULL;

  if (unfinished->len == 0)
    return;

  /* Stay up until the recovered sessions are written. */
  g_application_hold (G_APPLICATION (self));
  task = g_task_new (self, NULL, recovered_cb, NULL);
  g_task_set_task_data (task, g_strdup (hk_session_store_get_dir (self->sessions)), g_free);
  g_task_run_in_thread (task, recover_thread);
}

static void
hk_application_startup (GApplication *application)
{
  HkApplication *self = HK_APPLICATION (application);
  g_autofree char *builtin = hk_scenario_library_default_builtin_dir ();
  g_autofree char *user = hk_scenario_library_default_user_dir ();
  g_autoptr(GAction) language_action = NULL;
  g_autoptr(GAction) scheme_action = NULL;
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *prefs_accels[] = { "<Control>comma", NULL };

  G_APPLICATION_CLASS (hk_application_parent_class)->startup (application);

  gtk_window_set_default_icon_name (APP_ID);

  self->settings = g_settings_new (APP_ID);
  g_signal_connect_object (self->settings, "changed",
                           G_CALLBACK (settings_changed_cb), self, G_CONNECT_SWAPPED);
  update_practice_language (self);
  update_color_scheme (self);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  language_action = g_settings_create_action (self->settings, "practice-language");
  g_action_map_add_action (G_ACTION_MAP (self), language_action);
  scheme_action = g_settings_create_action (self->settings, "color-scheme");
  g_action_map_add_action (G_ACTION_MAP (self), scheme_action);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences", prefs_accels);

  self->library = hk_scenario_library_new (builtin, user);
  hk_scenario_library_watch (self->library);
  hk_scenario_library_reload (self->library);

  self->sessions = hk_session_store_new (NULL);
  recover_sessions (self);
}

static void
hk_application_activate (GApplication *application)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (application));

  if (window == NULL)
    window = GTK_WINDOW (hk_window_new (HK_APPLICATION (application)));

  gtk_window_present (window);
}

static void
hk_application_dispose (GObject *object)
{
  HkApplication *self = (HkApplication *) object;

  g_clear_object (&self->library);
  g_clear_object (&self->sessions);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (hk_application_parent_class)->dispose (object);
}

static void
hk_application_finalize (GObject *object)
{
  HkApplication *self = (HkApplication *) object;

  g_clear_pointer (&self->practice_language, g_free);
  g_clear_pointer (&self->source_override, g_free);
  g_clear_pointer (&self->sink_override, g_free);
  g_clear_pointer (&self->pair_override[0], g_free);
  g_clear_pointer (&self->pair_override[1], g_free);

  G_OBJECT_CLASS (hk_application_parent_class)->finalize (object);
}

static void
hk_application_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  HkApplication *self = HK_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_PRACTICE_LANGUAGE:
      g_value_set_string (value, self->practice_language);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hk_application_class_init (HkApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = hk_application_dispose;
  object_class->finalize = hk_application_finalize;
  object_class->get_property = hk_application_get_property;
  app_class->startup = hk_application_startup;
  app_class->activate = hk_application_activate;

  /**
   * HkApplication:practice-language:
   *
   * The language scenarios are practised in, resolved: never empty.
   */
  properties[PROP_PRACTICE_LANGUAGE] =
    g_param_spec_string ("practice-language", NULL, NULL, HK_LANG_FALLBACK,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
hk_application_init (HkApplication *self)
{
}

HkApplication *
hk_application_new (void)
{
  return g_object_new (HK_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", RESOURCE_PREFIX,
                       NULL);
}

/**
 * hk_application_get_settings:
 *
 * Returns: (transfer none): the application's settings
 */
GSettings *
hk_application_get_settings (HkApplication *self)
{
  g_return_val_if_fail (HK_IS_APPLICATION (self), NULL);

  return self->settings;
}

/**
 * hk_application_get_sessions:
 *
 * Returns: (transfer none): the recorded sessions
 */
HkSessionStore *
hk_application_get_sessions (HkApplication *self)
{
  g_return_val_if_fail (HK_IS_APPLICATION (self), NULL);
  return self->sessions;
}

/**
 * hk_application_get_library:
 *
 * Returns: (transfer none): the scenario library, shared by all windows
 */
HkScenarioLibrary *
hk_application_get_library (HkApplication *self)
{
  g_return_val_if_fail (HK_IS_APPLICATION (self), NULL);

  return self->library;
}

const char *
hk_application_get_practice_language (HkApplication *self)
{
  g_return_val_if_fail (HK_IS_APPLICATION (self), NULL);

  return self->practice_language ? self->practice_language : HK_LANG_FALLBACK;
}

/**
 * hk_application_set_audio_override:
 * @source: (nullable): a GStreamer description to record from instead of
 *   the chosen microphone
 * @sink: (nullable): one to play to instead of the chosen speaker
 *
 * Puts a file or a test source in place of the devices, for tests and
 * demonstrations on machines without sound.
 */
void
hk_application_set_audio_override (HkApplication *self,
                                   const char    *source,
                                   const char    *sink)
{
  g_return_if_fail (HK_IS_APPLICATION (self));

  g_free (self->source_override);
  self->source_override = g_strdup (source);
  g_free (self->sink_override);
  self->sink_override = g_strdup (sink);
}

/**
 * hk_application_set_pair_override:
 * @source_a: (nullable): a GStreamer description for partner A's voice,
 *   or for both partners' as one stereo source when @source_b is %NULL;
 *   %NULL for both ends the override
 * @source_b: (nullable): one for partner B's voice
 *
 * As hk_application_set_audio_override(), for pair practice.
 */
void
hk_application_set_pair_override (HkApplication *self,
                                  const char    *source_a,
                                  const char    *source_b)
{
  g_return_if_fail (HK_IS_APPLICATION (self));

  g_free (self->pair_override[0]);
  g_free (self->pair_override[1]);
  self->pair_override[0] = g_strdup (source_a);
  self->pair_override[1] = g_strdup (source_b);
  self->pair_overridden = source_a != NULL || source_b != NULL;
}

/**
 * hk_application_dup_pair_sources:
 * @source_a: (out) (transfer full): what partner A is recorded from, or
 *   both partners when @source_b comes back %NULL
 * @source_b: (out) (transfer full) (nullable): what partner B is
 *   recorded from; %NULL for one stereo source
 *
 * The pair's inputs, as chosen in the preferences.
 */
void
hk_application_dup_pair_sources (HkApplication  *self,
                                 char          **source_a,
                                 char          **source_b)
{
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;

  g_return_if_fail (HK_IS_APPLICATION (self));

  if (self->pair_overridden)
    {
      *source_a = g_strdup (self->pair_override[0]);
      *source_b = g_strdup (self->pair_override[1]);
      return;
    }
  a = g_settings_get_string (self->settings, "pair-input-a");
  b = g_settings_get_string (self->settings, "pair-input-b");
  *source_a = hk_audio_device_source_description (a);
  /* The default device stands for itself: say so, so a pair on the
   * default input is not mistaken for one stereo source. */
  if (*source_a == NULL)
    *source_a = g_strdup ("autoaudiosrc");
  if (g_settings_get_boolean (self->settings, "pair-stereo"))
    *source_b = NULL;
  else
    {
      *source_b = hk_audio_device_source_description (b);
      if (*source_b == NULL)
        *source_b = g_strdup ("autoaudiosrc");
    }
}

/**
 * hk_application_dup_source_description:
 *
 * Returns: (transfer full) (nullable): what to record the trainee from,
 *   as a GStreamer description, or %NULL for the system's default
 */
char *
hk_application_dup_source_description (HkApplication *self)
{
  g_autofree char *device = NULL;

  g_return_val_if_fail (HK_IS_APPLICATION (self), NULL);

  if (self->source_override != NULL)
    return g_strdup (self->source_override);
  device = g_settings_get_string (self->settings, "input-device");
  return hk_audio_device_source_description (device);
}

/**
 * hk_application_get_echo_cancellation:
 *
 * Returns: whether solo calls cancel the customer's echo: as set, on a
 *   real microphone (a stand-in has no room to learn)
 */
gboolean
hk_application_get_echo_cancellation (HkApplication *self)
{
  g_return_val_if_fail (HK_IS_APPLICATION (self), FALSE);

  return self->source_override == NULL && g_settings_get_boolean (self->settings, "echo-cancellation");
}

/**
 * hk_application_dup_sink_description:
 *
 * Returns: (transfer full) (nullable): where the customer and replays
 *   play, as a GStreamer description, or %NULL for the system's default
 */
char *
hk_application_dup_sink_description (HkApplication *self)
{
  g_autofree char *device = NULL;

  g_return_val_if_fail (HK_IS_APPLICATION (self), NULL);

  if (self->sink_override != NULL)
    return g_strdup (self->sink_override);
  device = g_settings_get_string (self->settings, "output-device");
  return hk_audio_device_sink_description (device);
}
