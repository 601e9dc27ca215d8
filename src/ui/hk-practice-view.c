/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hk-practice-view"

/* The call itself: a microphone check the first time, then the customer
 * speaks line by line while the trainee answers, then the analysis, each
 * slow step in a worker so the window never waits on a blank screen.
 *
 * In a pair, partner A reads the customer's lines, shown large, and moves
 * on with Next; partner B answers. The check shows both levels by name,
 * with a swap when the inputs are crossed, and each voice is recorded on
 * its own channel. */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>

#include "hk-call-file.h"
#include "hk-call-recorder.h"
#include "hk-input-meter.h"
#include "hk-practice-view.h"
#include "hk-vocab.h"

/* The level bars show -60 to 0 dBFS. */
#define LEVEL_FLOOR -60.0
/* Louder than this in the check, and the trainee was heard. */
#define HEARD_LEVEL -40.0

struct _HkPracticeView
{
  GtkWidget       parent_instance;

  HkApplication  *application;
  HkScenario     *scenario;
  char           *lang;
  HkSession      *session;
  HkCallRecorder *recorder;
  HkInputMeter   *meter;
  GCancellable   *cancellable;
  gboolean        checked;       /* the microphone check was passed once */
  gboolean        discard;       /* throw the call away when it stops */

  /* A round of pair practice */
  gboolean        pair;
  char           *partner[2];    /* A plays the customer, B answers */
  char           *pair_id;       /* NULL in round one: its session's id */
  guint           round;
  gboolean        seats_crossed; /* the Swap in a check: A's input is B's seat */
  gboolean        swap;          /* this round's: the seats, and the roles swapped in round two */

  GtkStack       *stack;
  GtkLevelBar    *check_level;
  GtkLabel       *check_status;
  GtkWidget      *start_button;
  AdwStatusPage  *check_page;
  GtkWidget      *pair_check_grid;
  GtkLabel       *check_name_a;
  GtkLabel       *check_name_b;
  GtkLevelBar    *check_level_a;
  GtkLevelBar    *check_level_b;
  GtkWidget      *pair_call_grid;
  GtkLabel       *call_name_a;
  GtkLabel       *call_name_b;
  GtkLevelBar    *call_level_a;
  GtkLevelBar    *call_level_b;
  GtkWidget      *solo_level_box;
  GtkLabel       *overtalk_label;
  GtkSpinner     *busy_spinner;
  GtkLabel       *busy_label;
  AdwAvatar      *avatar;
  GtkLabel       *persona_label;
  GtkLabel       *mood_label;
  GtkLabel       *recording_label;
  GtkLabel       *turn_label;
  GtkLabel       *line_label;
  GtkLabel       *state_label;
  GtkLabel       *device_label;
  GtkRevealer    *overtalk_revealer;
  GtkLevelBar    *call_level;
  GtkWidget      *next_button;
  AdwStatusPage  *error_page;
};

G_DEFINE_FINAL_TYPE (HkPracticeView, hk_practice_view, GTK_TYPE_WIDGET)

enum {
  FINISHED,
  CLOSED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static double
level_fraction (double dbfs)
{
  return CLAMP ((dbfs - LEVEL_FLOOR) / -LEVEL_FLOOR, 0.0, 1.0);
}

static void
show_busy (HkPracticeView *self,
           const char     *text)
{
  gtk_label_set_text (self->busy_label, text);
  gtk_spinner_set_spinning (self->busy_spinner, TRUE);
  gtk_stack_set_visible_child_name (self->stack, "busy");
}

static void
update_actions (HkPracticeView *self)
{
  const char *stage = hk_practice_view_get_stage (self);
  gboolean in_call = g_str_equal (stage, "call");
  gboolean ending = self->recorder != NULL &&
                    hk_call_recorder_get_phase (self->recorder) >= HK_CALL_PHASE_ENDING;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "practice.next", in_call && !ending);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "practice.end", in_call && !ending);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "practice.cancel", in_call && !ending);
}

static void
show_stage (HkPracticeView *self,
            const char     *name)
{
  gtk_spinner_set_spinning (self->busy_spinner, g_str_equal (name, "busy"));
  gtk_stack_set_visible_child_name (self->stack, name);
  update_actions (self);
}

static void
show_error (HkPracticeView *self,
            const char     *title,
            const char     *message)
{
  adw_status_page_set_title (self->error_page, title);
  adw_status_page_set_description (self->error_page, message);
  show_stage (self, "error");
}

static void
stop_meter (HkPracticeView *self)
{
  if (self->meter == NULL)
    return;
  g_signal_handlers_disconnect_by_data (self->meter, self);
  hk_input_meter_stop (self->meter);
  g_clear_object (&self->meter);
}

static void
drop_recorder (HkPracticeView *self)
{
  if (self->recorder == NULL)
    return;
  g_signal_handlers_disconnect_by_data (self->recorder, self);
  hk_call_recorder_stop (self->recorder);
  g_clear_object (&self->recorder);
}

/* Throws away a session that holds nothing worth keeping (the call never
 * started) or that the trainee chose to discard. */
static void
discard_session (HkPracticeView *self)
{
  g_autoptr(GError) error = NULL;

  if (self->session == NULL)
    return;
  if (!hk_session_store_discard (hk_application_get_sessions (self->application), self->session, &error))
    g_warning ("Could not remove %s: %s", hk_session_get_folder (self->session), error->message);
  g_clear_object (&self->session);
}

/* The microphone check */

static void
meter_level_cb (HkPracticeView *self)
{
  double level = hk_input_meter_get_level (self->meter);

  if (self->pair)
    {
      gtk_level_bar_set_value (self->check_level_a,
                               level_fraction (hk_input_meter_get_partner_level (self->meter, HK_PARTNER_A)));
      gtk_level_bar_set_value (self->check_level_b,
                               level_fraction (hk_input_meter_get_partner_level (self->meter, HK_PARTNER_B)));
      if (hk_input_meter_get_partner_loudest (self->meter, HK_PARTNER_A) >= HEARD_LEVEL &&
          hk_input_meter_get_partner_loudest (self->meter, HK_PARTNER_B) >= HEARD_LEVEL &&
          !gtk_widget_has_css_class (GTK_WIDGET (self->check_status), "success"))
        {
          gtk_label_set_text (self->check_status, _("Both of you are heard. Start when you are ready."));
          gtk_widget_remove_css_class (GTK_WIDGET (self->check_status), "dim-label");
          gtk_widget_add_css_class (GTK_WIDGET (self->check_status), "success");
        }
      return;
    }

  gtk_level_bar_set_value (self->check_level, level_fraction (level));
  if (hk_input_meter_get_loudest (self->meter) >= HEARD_LEVEL &&
      !gtk_widget_has_css_class (GTK_WIDGET (self->check_status), "success"))
    {
      gtk_label_set_text (self->check_status, _("Your microphone hears you. Start when you are ready."));
      gtk_widget_remove_css_class (GTK_WIDGET (self->check_status), "dim-label");
      gtk_widget_add_css_class (GTK_WIDGET (self->check_status), "success");
    }
}

static void
meter_failed_cb (HkPracticeView *self)
{
  const GError *error = hk_input_meter_get_error (self->meter);

  gtk_label_set_text (self->check_status, error->message);
  gtk_widget_add_css_class (GTK_WIDGET (self->check_status), "error");
  gtk_level_bar_set_value (self->check_level, 0.0);
}

static void
show_check (HkPracticeView *self)
{
  g_autofree char *source = hk_application_dup_source_description (self->application);
  g_autoptr(GError) error = NULL;

  stop_meter (self);
  gtk_level_bar_set_value (self->check_level, 0.0);
  gtk_level_bar_set_value (self->check_level_a, 0.0);
  gtk_level_bar_set_value (self->check_level_b, 0.0);
  gtk_widget_remove_css_class (GTK_WIDGET (self->check_status), "success");
  gtk_widget_remove_css_class (GTK_WIDGET (self->check_status), "error");
  gtk_widget_add_css_class (GTK_WIDGET (self->check_status), "dim-label");
  gtk_widget_set_visible (GTK_WIDGET (self->check_level), !self->pair);
  gtk_widget_set_visible (self->pair_check_grid, self->pair);
  if (self->pair)
    {
      g_autofree char *a = NULL;
      g_autofree char *b = NULL;

      adw_status_page_set_title (self->check_page, _("Check Both Microphones"));
      adw_status_page_set_description (self->check_page,
                                       _("Each of you say a few words in turn: your own bar should move. "
                                         "If the other one moves, press Swap."));
      /* Translators: a partner's name and role, e.g. “Eva (the customer)” */
      a = g_strdup_printf (_("%s (the customer)"), self->partner[HK_PARTNER_A]);
      /* Translators: a partner's name and role, e.g. “Jan (answers)” */
      b = g_strdup_printf (_("%s (answers)"), self->partner[HK_PARTNER_B]);
      gtk_label_set_text (self->check_name_a, a);
      gtk_label_set_text (self->check_name_b, b);
      gtk_label_set_text (self->check_status, _("Listening… each of you say something."));
    }
  else
    {
      adw_status_page_set_title (self->check_page, _("Check Your Microphone"));
      adw_status_page_set_description (self->check_page,
                                       _("Say a few words: the bar should move as you speak. Wear a headset "
                                         "if you can, so the customer’s voice stays out of your microphone."));
      gtk_label_set_text (self->check_status, _("Listening… say something."));
    }
  show_stage (self, "check");

  if (self->pair)
    {
      g_autofree char *a = NULL;
      g_autofree char *b = NULL;

      hk_application_dup_pair_sources (self->application, &a, &b);
      self->meter = b != NULL ? hk_input_meter_new_pair (a, b) : hk_input_meter_new_stereo (a);
      hk_input_meter_set_swap (self->meter, self->swap);
    }
  else
    self->meter = hk_input_meter_new (source);
  g_signal_connect_object (self->meter, "notify::level", G_CALLBACK (meter_level_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->meter, "failed", G_CALLBACK (meter_failed_cb), self, G_CONNECT_SWAPPED);
  if (!hk_input_meter_start (self->meter, &error))
    {
      gtk_label_set_text (self->check_status, error->message);
      gtk_widget_remove_css_class (GTK_WIDGET (self->check_status), "dim-label");
      gtk_widget_add_css_class (GTK_WIDGET (self->check_status), "error");
    }
  gtk_widget_grab_focus (self->start_button);
}

/* During the call */

static void
elapsed_cb (HkPracticeView *self)
{
  int s = (int) hk_call_recorder_get_elapsed (self->recorder);
  /* Translators: a recording sign and the time recorded, e.g. “● REC 1:05” */
  g_autofree char *text = g_strdup_printf (_("● REC %d:%02d"), s / 60, s % 60);

  gtk_label_set_text (self->recording_label, text);
}

static void
level_cb (HkPracticeView *self)
{
  if (self->pair)
    {
      gtk_level_bar_set_value (self->call_level_a,
                               level_fraction (hk_call_recorder_get_partner_level (self->recorder, HK_PARTNER_A)));
      gtk_level_bar_set_value (self->call_level_b,
                               level_fraction (hk_call_recorder_get_partner_level (self->recorder, HK_PARTNER_B)));
      return;
    }
  gtk_level_bar_set_value (self->call_level,
                           level_fraction (hk_call_recorder_get_input_level (self->recorder)));
}

static void
speaking_cb (HkPracticeView *self)
{
  gboolean over = self->pair
    ? hk_call_recorder_get_partner_speaking (self->recorder, HK_PARTNER_A) &&
      hk_call_recorder_get_partner_speaking (self->recorder, HK_PARTNER_B)
    : hk_call_recorder_get_trainee_speaking (self->recorder) &&
      hk_call_recorder_get_customer_speaking (self->recorder);

  gtk_revealer_set_reveal_child (self->overtalk_revealer, over);
}

static void
device_note_cb (HkPracticeView *self)
{
  const char *note = hk_call_recorder_get_device_note (self->recorder);

  gtk_label_set_text (self->device_label, note ? note : "");
  gtk_widget_set_visible (GTK_WIDGET (self->device_label), note != NULL);
}

static void
phase_cb (HkPracticeView *self)
{
  const char *text = NULL;

  switch (hk_call_recorder_get_phase (self->recorder))
    {
    case HK_CALL_PHASE_IDLE:
      text = _("Connecting…");
      break;
    case HK_CALL_PHASE_SPEAKING:
      text = self->pair ? _("The customer’s voice is reading the line. Partner B, listen.")
                        : _("The customer is speaking. Listen.");
      break;
    case HK_CALL_PHASE_LISTENING:
      if (self->pair)
        {
          /* Translators: the partners' names: A, B, then A again */
          g_autofree char *both = g_strdup_printf (_("%s, read the line as the customer; %s, answer. "
                                                     "%s presses Next for the next line."),
                                                   self->partner[HK_PARTNER_A], self->partner[HK_PARTNER_B],
                                                   self->partner[HK_PARTNER_A]);

          gtk_label_set_text (self->state_label, both);
          update_actions (self);
          return;
        }
      text = _("Your turn. Answer; when you pause, the customer goes on, or press Next.");
      break;
    case HK_CALL_PHASE_ENDING:
    case HK_CALL_PHASE_DONE:
    default:
      text = _("Closing the recording…");
      break;
    }

  gtk_label_set_text (self->state_label, text);
  update_actions (self);
}

static void
turn_cb (HkPracticeView *self)
{
  int turn = hk_call_recorder_get_turn (self->recorder);
  guint n = hk_scenario_get_n_turns (self->scenario);
  HkScenarioTurn *t;
  g_autofree char *label = NULL;
  gboolean listen_only;

  if (turn < 0 || (guint) turn >= n)
    return;

  t = hk_scenario_get_turn (self->scenario, (guint) turn);
  /* Translators: e.g. “Turn 2 of 5” */
  label = g_strdup_printf (_("Turn %d of %u"), turn + 1, n);
  gtk_label_set_text (self->turn_label, label);
  gtk_label_set_text (self->mood_label, hk_vocab_label (HK_VOCAB_MOOD, hk_scenario_turn_get_mood (t)));

  /* Partner A reads the line: it is always shown to a pair. */
  listen_only = !self->pair &&
                g_settings_get_boolean (hk_application_get_settings (self->application), "listen-only");
  if (listen_only)
    gtk_label_set_text (self->line_label, _("Listen closely: the customer’s words are hidden in listen-only mode."));
  else
    gtk_label_set_text (self->line_label, hk_scenario_turn_get_text (t, self->lang, NULL));
  if (listen_only)
    gtk_widget_add_css_class (GTK_WIDGET (self->line_label), "listen-only");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->line_label), "listen-only");
}

static void
analysed_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  HkPracticeView *self = HK_PRACTICE_VIEW (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(HkSession) session = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* The recording is on disk; only its analysis could not be saved. */
      show_error (self, _("The Call Could Not Be Saved"), error->message);
      return;
    }

  session = g_steal_pointer (&self->session);
  g_signal_emit (self, signals[FINISHED], 0, session);
}

static void
analyse_thread (GTask        *task,
                gpointer      source,
                gpointer      task_data,
                GCancellable *cancellable)
{
  GError *error = NULL;

  if (hk_call_file_analyze_session (task_data, HK_SESSION_COMPLETE, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
call_finished_cb (HkPracticeView *self)
{
  const GError *error = hk_call_recorder_get_error (self->recorder);
  g_autoptr(GTask) task = NULL;

  gtk_revealer_set_reveal_child (self->overtalk_revealer, FALSE);
  if (self->discard)
    {
      drop_recorder (self);
      discard_session (self);
      g_signal_emit (self, signals[CLOSED], 0);
      return;
    }

  /* A lost microphone or a full disk ends the call early; what was
   * recorded is kept and reviewed, with the reason on the review. */
  if (error != NULL)
    hk_session_set_problem (self->session, error->message);
  drop_recorder (self);

  show_busy (self, _("Finding the pauses and overlaps…"));
  task = g_task_new (self, self->cancellable, analysed_cb, NULL);
  g_task_set_task_data (task, g_object_ref (self->session), g_object_unref);
  g_task_run_in_thread (task, analyse_thread);
}

static void
prepared_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  HkPracticeView *self = HK_PRACTICE_VIEW (source);
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error) ||
      g_cancellable_is_cancelled (self->cancellable) ||
      self->discard ||
      !hk_call_recorder_start (self->recorder, &error))
    {
      /* Nothing was recorded: nothing to keep. */
      drop_recorder (self);
      discard_session (self);
      if (error == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_signal_emit (self, signals[CLOSED], 0);
          return;
        }
      if (g_error_matches (error, HK_CALL_RECORDER_ERROR, HK_CALL_RECORDER_ERROR_VOICE))
        show_error (self, _("The Customer Cannot Speak"), error->message);
      else if (g_error_matches (error, HK_CALL_RECORDER_ERROR, HK_CALL_RECORDER_ERROR_DISK))
        show_error (self, _("The Call Cannot Be Recorded"), error->message);
      else
        show_error (self, _("No Microphone or Speaker"), error->message);
      return;
    }

  g_signal_connect_object (self->recorder, "notify::elapsed", G_CALLBACK (elapsed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->recorder, "notify::input-level", G_CALLBACK (level_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->recorder, "notify::trainee-speaking", G_CALLBACK (speaking_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->recorder, "notify::customer-speaking", G_CALLBACK (speaking_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->recorder, "notify::phase", G_CALLBACK (phase_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->recorder, "notify::device-note", G_CALLBACK (device_note_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->recorder, "notify::turn", G_CALLBACK (turn_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->recorder, "finished", G_CALLBACK (call_finished_cb), self, G_CONNECT_SWAPPED);

  gtk_label_set_text (self->turn_label, "");
  gtk_label_set_text (self->line_label, "");
  elapsed_cb (self);
  phase_cb (self);
  show_stage (self, "call");
  gtk_widget_grab_focus (self->next_button);
}

static void
prepare_thread (GTask        *task,
                gpointer      source,
                gpointer      task_data,
                GCancellable *cancellable)
{
  GError *error = NULL;

  if (hk_call_recorder_prepare (task_data, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
begin_call (HkPracticeView *self)
{
  GSettings *settings = hk_application_get_settings (self->application);
  g_autofree char *source = hk_application_dup_source_description (self->application);
  g_autofree char *sink = hk_application_dup_sink_description (self->application);
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) task = NULL;
  HkPersona *persona = hk_scenario_get_persona (self->scenario);

  stop_meter (self);
  self->checked = TRUE;
  self->discard = FALSE;

  self->session = hk_session_store_create (hk_application_get_sessions (self->application),
                                           self->scenario, self->lang, self->pair ? "pair" : "solo", &error);
  if (self->session == NULL)
    {
      show_error (self, _("The Call Cannot Be Recorded"), error->message);
      return;
    }

  if (self->pair)
    /* Round one names the pair session after itself; round two joins it. */
    hk_session_set_pair (self->session, self->pair_id ? self->pair_id : hk_session_get_id (self->session),
                         self->round, self->partner[HK_PARTNER_A], self->partner[HK_PARTNER_B],
                         g_settings_get_boolean (settings, "pair-customer-voice"));
  else
    {
      g_autofree char *trainee = g_settings_get_string (settings, "trainee-name");

      hk_session_set_trainee (self->session, trainee);
    }

  adw_avatar_set_text (self->avatar, hk_persona_get_name (persona));
  gtk_label_set_text (self->persona_label, hk_persona_get_name (persona));
  gtk_label_set_text (self->mood_label, hk_vocab_label (HK_VOCAB_MOOD, hk_persona_get_mood (persona)));
  gtk_revealer_set_reveal_child (self->overtalk_revealer, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->device_label), FALSE);
  gtk_level_bar_set_value (self->call_level, 0.0);

  gtk_widget_set_visible (self->pair_call_grid, self->pair);
  gtk_widget_set_visible (self->solo_level_box, !self->pair);
  gtk_label_set_text (self->overtalk_label, self->pair ? _("You are both talking at once")
                                                       : _("You are talking over the customer"));
  gtk_widget_set_tooltip_text (self->next_button, self->pair ? _("Partner A: on to the next line (Space)")
                                                             : _("I have answered: the customer goes on (Space)"));
  if (self->pair)
    {
      gtk_label_set_text (self->call_name_a, self->partner[HK_PARTNER_A]);
      gtk_label_set_text (self->call_name_b, self->partner[HK_PARTNER_B]);
      gtk_level_bar_set_value (self->call_level_a, 0.0);
      gtk_level_bar_set_value (self->call_level_b, 0.0);
      gtk_widget_add_css_class (GTK_WIDGET (self->line_label), "pair-line");
    }
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->line_label), "pair-line");

  self->recorder = hk_call_recorder_new (self->session, self->scenario);
  if (self->pair)
    {
      g_autofree char *a = NULL;
      g_autofree char *b = NULL;

      hk_application_dup_pair_sources (self->application, &a, &b);
      if (b != NULL)
        hk_call_recorder_set_pair_sources (self->recorder, a, b);
      else
        hk_call_recorder_set_stereo_source (self->recorder, a);
      hk_call_recorder_set_swap (self->recorder, self->swap);
    }
  else
    hk_call_recorder_set_source (self->recorder, source);
  hk_call_recorder_set_sink (self->recorder, sink);
  hk_call_recorder_set_advance_silence (self->recorder, g_settings_get_double (settings, "advance-silence"));
  hk_call_recorder_set_voice_speed (self->recorder, g_settings_get_double (settings, "voice-speed"));
  hk_call_recorder_set_echo_cancellation (self->recorder, hk_application_get_echo_cancellation (self->application));

  show_busy (self, _("The customer is about to call…"));
  task = g_task_new (self, self->cancellable, prepared_cb, NULL);
  g_task_set_task_data (task, g_object_ref (self->recorder), g_object_unref);
  g_task_run_in_thread (task, prepare_thread);
}

/* Actions */

static void
begin_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  begin_call (HK_PRACTICE_VIEW (widget));
}

static void
swap_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  HkPracticeView *self = HK_PRACTICE_VIEW (widget);

  self->seats_crossed = !self->seats_crossed;
  self->swap = self->seats_crossed != (self->round == 2);
  if (self->meter != NULL)
    hk_input_meter_set_swap (self->meter, self->swap);
}

static void
next_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  HkPracticeView *self = HK_PRACTICE_VIEW (widget);

  if (self->recorder != NULL)
    hk_call_recorder_next (self->recorder);
}

static void
end_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  HkPracticeView *self = HK_PRACTICE_VIEW (widget);

  if (self->recorder != NULL)
    hk_call_recorder_stop (self->recorder);
}

static void
discard_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     HkPracticeView   *self)
{
  if (!g_str_equal (response, "discard") || self->recorder == NULL)
    return;
  self->discard = TRUE;
  hk_call_recorder_stop (self->recorder);
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  HkPracticeView *self = HK_PRACTICE_VIEW (widget);
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)),
                                   _("Discard This Call?"),
                                   _("The recording so far will be deleted. To keep it and see "
                                     "how you listened, end the call instead."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "keep", _("_Keep Recording"),
                                    "discard", _("_Discard"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  g_signal_connect_object (dialog, "response", G_CALLBACK (discard_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
close_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  HkPracticeView *self = HK_PRACTICE_VIEW (widget);

  stop_meter (self);
  /* From the error page: a recording that could not be analysed stays
   * on disk, listed in the history; the view lets go of it. */
  drop_recorder (self);
  g_clear_object (&self->session);
  g_signal_emit (self, signals[CLOSED], 0);
}

static void
hk_practice_view_dispose (GObject *object)
{
  HkPracticeView *self = HK_PRACTICE_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  stop_meter (self);
  /* A call still running is closed properly; its session stays on disk
   * in state recording and is recovered at the next start. */
  drop_recorder (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), HK_TYPE_PRACTICE_VIEW);
  g_clear_object (&self->session);
  g_clear_object (&self->scenario);
  g_clear_object (&self->application);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->lang, g_free);
  g_clear_pointer (&self->partner[0], g_free);
  g_clear_pointer (&self->partner[1], g_free);
  g_clear_pointer (&self->pair_id, g_free);

  G_OBJECT_CLASS (hk_practice_view_parent_class)->dispose (object);
}

static void
hk_practice_view_class_init (HkPracticeViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hk_practice_view_dispose;

  /**
   * HkPracticeView::finished:
   * @session: the recorded and analysed session
   *
   * The call is over and ready to review.
   */
  signals[FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 1, HK_TYPE_SESSION);
  /**
   * HkPracticeView::closed:
   *
   * The trainee left without a call to review.
   */
  signals[CLOSED] = g_signal_new ("closed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/hk-practice-view.ui");
  gtk_widget_class_bind_template_child (widget_class, HkPracticeView, stack);
  gtk_widget_class_bind_template_child (widget_class, HkPracticeView, check_level);
  gtk_widget_class_bind_template_child (widget_class, HkPracticeView, check_status);
  gtk_widget_class_bind_template_child (widget_class, HkPracticeView, start_button);
  gtk_widget_class_bind_template_child (widget_class, HkPracticeView, busy_spinner);
  gtk_widget_class_bind_template_child (widget_class, HkPracticeView, busy_label);
  gtk_widget_class_bind_template_child (widget_class, HkPracticeView, avatar);
  gtk_widget_class_bind_template_child (widget_class, HkPracticeView, persona_label);
  gtk_widget_class_bind_template_child (widget_class, HkPracticeView, mood_label);
  gtk_widget_class_bind_template_child (widget_class, HkPracticeView, recording_label);
  gtk_widget_class_bind_template_child (widget_class, HkPracticeView, turn_label);
  gtk_widget_class_bind_template_child (widget_class, HkPracticeView, line_label);
  gtk_widget_class_bind_template_child (widget_class, HkPracticeView, state_label);
  gtk_widget_class_bind_template_child (widget_class, HkPracticeView, device_label);
  gtk_widget_class_bind_template_child (widget_class, HkPracticeView, overtalk_revealer);
  gtk_widget_class_bind_template_child (widget_class, HkPracticeView, call_level);
  gtk_widget_class_bind_template_child (widget_class, HkPracticeView, next_button);
  gtk_widget_class_bind_template_child (widget_class, HkPracticeView, error_page);
  gtk_widget_class_bind_template_child (widget_class, HkPracticeView, check_page);
  gtk_widget_class_bind_template_child (widget_class, HkPracticeView, pair_check_grid);
  gtk_widget_class_bind_template_child (widget_class, HkPracticeView, check_name_a);
  gtk_widget_class_bind_template_child (widget_class, HkPracticeView, check_name_b);
  gtk_widget_class_bind_template_child (widget_class, HkPracticeView, check_level_a);
  gtk_widget_class_bind_template_child (widget_class, HkPracticeView, check_level_b);
  gtk_widget_class_bind_template_child (widget_class, HkPracticeView, pair_call_grid);
  gtk_widget_class_bind_template_child (widget_class, HkPracticeView, call_name_a);
  gtk_widget_class_bind_template_child (widget_class, HkPracticeView, call_name_b);
  gtk_widget_class_bind_template_child (widget_class, HkPracticeView, call_level_a);
  gtk_widget_class_bind_template_child (widget_class, HkPracticeView, call_level_b);
  gtk_widget_class_bind_template_child (widget_class, HkPracticeView, solo_level_box);
  gtk_widget_class_bind_template_child (widget_class, HkPracticeView, overtalk_label);

  gtk_widget_class_install_action (widget_class, "practice.begin", NULL, begin_action);
  gtk_widget_class_install_action (widget_class, "practice.next", NULL, next_action);
  gtk_widget_class_install_action (widget_class, "practice.swap", NULL, swap_action);
  gtk_widget_class_install_action (widget_class, "practice.end", NULL, end_action);
  gtk_widget_class_install_action (widget_class, "practice.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "practice.close", NULL, close_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_space, 0, "practice.next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "practice.cancel", NULL);

  gtk_widget_class_set_css_name (widget_class, "practice-view");
}

static void
hk_practice_view_init (HkPracticeView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  update_actions (self);
}

/* What the next call is of, and where its settings come from. */
static void
take_call (HkPracticeView *self,
           HkApplication  *application,
           HkScenario     *scenario,
           const char     *lang)
{
  g_set_object (&self->application, application);
  g_set_object (&self->scenario, scenario);
  g_free (self->lang);
  self->lang = g_strdup (lang);
  g_clear_object (&self->session);
}

/**
 * hk_practice_view_start:
 * @application: where the settings, sessions and devices come from
 * @scenario: the call to practise
 * @lang: the practice language
 *
 * Starts a practice of @scenario: the microphone check the first time,
 * then the call. #HkPracticeView::finished or #HkPracticeView::closed
 * follows.
 */
void
hk_practice_view_start (HkPracticeView *self,
                        HkApplication  *application,
                        HkScenario     *scenario,
                        const char     *lang)
{
  g_return_if_fail (HK_IS_PRACTICE_VIEW (self));
  g_return_if_fail (HK_IS_SCENARIO (scenario));
  g_return_if_fail (!hk_practice_view_is_busy (self));

  take_call (self, application, scenario, lang);
  if (self->pair)
    {
      /* From a pair back to one trainee: their microphone is checked anew. */
      self->pair = FALSE;
      self->checked = FALSE;
    }

  if (self->checked)
    begin_call (self);
  else
    show_check (self);
}

/**
 * hk_practice_view_start_pair:
 * @application: where the settings, sessions and devices come from
 * @scenario: the call to practise
 * @lang: the practice language
 * @partner_a: who plays the customer, reading the lines
 * @partner_b: who answers
 * @pair_id: (nullable): the pair session round two belongs to; %NULL
 *   for round one
 * @round: 1, or 2 once the partners have swapped roles
 *
 * Starts a round of pair practice: the check of both microphones, then
 * the call. #HkPracticeView::finished or #HkPracticeView::closed follows.
 */
void
hk_practice_view_start_pair (HkPracticeView *self,
                             HkApplication  *application,
                             HkScenario     *scenario,
                             const char     *lang,
                             const char     *partner_a,
                             const char     *partner_b,
                             const char     *pair_id,
                             guint           round)
{
  g_return_if_fail (HK_IS_PRACTICE_VIEW (self));
  g_return_if_fail (HK_IS_SCENARIO (scenario));
  g_return_if_fail (partner_a != NULL && partner_b != NULL);
  g_return_if_fail (!hk_practice_view_is_busy (self));

  take_call (self, application, scenario, lang);
  self->pair = TRUE;
  g_free (self->partner[HK_PARTNER_A]);
  g_free (self->partner[HK_PARTNER_B]);
  self->partner[HK_PARTNER_A] = g_strdup (partner_a);
  self->partner[HK_PARTNER_B] = g_strdup (partner_b);
  g_free (self->pair_id);
  self->pair_id = g_strdup (pair_id);
  self->round = round;
  /* Roles swap between rounds, and with them whose input is whose. */
  self->swap = self->seats_crossed != (round == 2);

  /* Every round starts with the check: the partners have moved seats. */
  show_check (self);
}

/**
 * hk_practice_view_is_busy:
 *
 * Returns: whether a call is being prepared, recorded or analysed
 */
gboolean
hk_practice_view_is_busy (HkPracticeView *self)
{
  g_return_val_if_fail (HK_IS_PRACTICE_VIEW (self), FALSE);

  return self->recorder != NULL || self->session != NULL;
}

/**
 * hk_practice_view_get_stage:
 *
 * Returns: what the view shows: `check`, `busy`, `call` or `error`
 */
const char *
hk_practice_view_get_stage (HkPracticeView *self)
{
  g_return_val_if_fail (HK_IS_PRACTICE_VIEW (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

/**
 * hk_practice_view_get_turn:
 *
 * Returns: the customer line being played or answered, from 0; -1
 *   outside a call
 */
int
hk_practice_view_get_turn (HkPracticeView *self)
{
  g_return_val_if_fail (HK_IS_PRACTICE_VIEW (self), -1);

  return self->recorder != NULL ? hk_call_recorder_get_turn (self->recorder) : -1;
}
