/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hk-call-recorder"

/* A call, played and recorded, in two pipelines:
 *
 *   the call:    appsrc (the customer's lines) ─ speaker
 *                microphone ─ appsink (16 kHz)
 *   the writer:  appsrc (customer, trainee) ─ opusenc ─ oggmux ─ call.ogg
 *
 * Each line is pushed with timestamps a little in the future, and the
 * speaker plays it at those times. Every buffer the microphone delivers
 * carries the running time it was captured at; the writer receives it as
 * channel 1, with channel 0 made from the lines scheduled at that same
 * running time. So channel 0 is the customer as played and channel 1 the
 * trainee, on one timeline, by construction rather than by a mixer's
 * timeout. The writer pipeline is separate so that a lost device leaves
 * it to close call.ogg properly, and a full disk stops the call cleanly.
 * Ogg pages go out at least every half second, unbuffered: a crash loses
 * at most that and leaves a playable file.
 *
 * The call moves turn by turn on the main thread: play a line, listen,
 * and go on once the trainee has answered and then kept quiet for a
 * while (1.5 s unless set), or when asked to. Listening runs the analysis
 * engine live on both channels, so the customer leaking from the
 * speakers is not taken for an answer. */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <gst/app/gstappsink.h>
#include <gst/app/gstappsrc.h>
#include <gst/gst.h>
#include <math.h>
#include <string.h>

#include "hk-call-analyzer.h"
#include "hk-call-recorder.h"
#include "hk-decoder.h"
#include "hk-speech-synth.h"
#include "hk-vad.h"

#define RATE          HK_VAD_RATE
/* A line starts this far ahead of now, so every buffer of it reaches the
 * speaker and the recording before its time. */
#define LEAD          (250 * GST_MSECOND)
#define TICK_MS       20
#define ENDING_GRACE  2              /* seconds for the sources to end */
#define CHUNK         1600           /* 100 ms buffers of the customer */

typedef struct {
  float *samples;
  gsize  n;
} Line;

typedef struct {
  gint64 start;   /* in samples of running time */
  guint  line;
} Scheduled;

struct _HkCallRecorder
{
  GObject         parent_instance;

  HkSession      *session;
  HkScenario     *scenario;
  char           *source_desc;
  char           *sink_desc;
  double          advance_silence;

  GstElement     *pipeline;
  GstElement     *customer;
  GstElement     *writer;
  GstElement     *record;
  guint           writer_watch;
  gboolean        writer_closing;
  guint           bus_watch;
  guint           tick;

  GArray         *lines;         /* Line, one a turn */
  double          voice_speed;   /* times each turn's own rate */
  gint64          ending_at;     /* samples, when the call was asked to end */
  GstElement     *mic;           /* the microphone's element, when it is PulseAudio's */
  char           *device_note;
  guint           ticks;
  gboolean        prepared;
  HkCallPhase     phase;
  int             turn;
  gint64          line_end;      /* samples of running time */
  gint64          playout;       /* samples from a timestamp to the speaker */
  gboolean        heard;
  gboolean        next_requested;
  double          elapsed;
  GError         *error;

  /* Shared with the streaming thread that listens. */
  GMutex          lock;
  GArray         *schedule;      /* Scheduled */
  HkCallAnalyzer *live;
  double          level;
  gboolean        trainee_speaking;
  gint64          trainee_last;  /* samples: the end of the last speech heard */
  gint64          mic_position;  /* samples */
  gint64          written;       /* samples sent to the writer */
  float          *scratch;       /* the listening thread's buffers */
  gsize           scratch_len;
  gboolean        mic_ended;
};

G_DEFINE_FINAL_TYPE (HkCallRecorder, hk_call_recorder, G_TYPE_OBJECT)

G_DEFINE_QUARK (hk-call-recorder-error-quark, hk_call_recorder_error)

enum {
  PROP_0,
  PROP_PHASE,
  PROP_TURN,
  PROP_ELAPSED,
  PROP_INPUT_LEVEL,
  PROP_TRAINEE_SPEAKING,
  PROP_CUSTOMER_SPEAKING,
  PROP_DEVICE_NOTE,
  N_PROPS
};

enum {
  FINISHED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
line_clear (gpointer data)
{
  g_free (((Line *) data)->samples);
}

static void
teardown (HkCallRecorder *self)
{
  g_clear_handle_id (&self->tick, g_source_remove);
  g_clear_handle_id (&self->bus_watch, g_source_remove);
  g_clear_handle_id (&self->writer_watch, g_source_remove);
  if (self->pipeline != NULL)
    gst_element_set_state (self->pipeline, GST_STATE_NULL);
  if (self->writer != NULL)
    gst_element_set_state (self->writer, GST_STATE_NULL);
  g_clear_object (&self->customer);
  g_clear_object (&self->mic);
  g_clear_object (&self->record);
  g_clear_object (&self->pipeline);
  g_clear_object (&self->writer);
}

static void
hk_call_recorder_dispose (GObject *object)
{
  HkCallRecorder *self = HK_CALL_RECORDER (object);

  teardown (self);
  g_clear_object (&self->session);
  g_clear_object (&self->scenario);

  G_OBJECT_CLASS (hk_call_recorder_parent_class)->dispose (object);
}

static void
hk_call_recorder_finalize (GObject *object)
{
  HkCallRecorder *self = HK_CALL_RECORDER (object);

  g_free (self->source_desc);
  g_free (self->sink_desc);
  g_free (self->device_note);
  g_clear_pointer (&self->lines, g_array_unref);
  g_clear_pointer (&self->schedule, g_array_unref);
  g_clear_pointer (&self->live, hk_call_analyzer_free);
  g_free (self->scratch);
  g_clear_error (&self->error);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (hk_call_recorder_parent_class)->finalize (object);
}

static void
hk_call_recorder_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  HkCallRecorder *self = HK_CALL_RECORDER (object);

  switch (prop_id)
    {
    case PROP_PHASE:
      g_value_set_int (value, self->phase);
      break;
    case PROP_TURN:
      g_value_set_int (value, self->turn);
      break;
    case PROP_ELAPSED:
      g_value_set_double (value, hk_call_recorder_get_elapsed (self));
      break;
    case PROP_INPUT_LEVEL:
      g_value_set_double (value, hk_call_recorder_get_input_level (self));
      break;
    case PROP_TRAINEE_SPEAKING:
      g_value_set_boolean (value, hk_call_recorder_get_trainee_speaking (self));
      break;
    case PROP_CUSTOMER_SPEAKING:
      g_value_set_boolean (value, hk_call_recorder_get_customer_speaking (self));
      break;
    case PROP_DEVICE_NOTE:
      g_value_set_string (value, self->device_note);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hk_call_recorder_class_init (HkCallRecorderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = hk_call_recorder_dispose;
  object_class->finalize = hk_call_recorder_finalize;
  object_class->get_property = hk_call_recorder_get_property;

  properties[PROP_PHASE] =
    g_param_spec_int ("phase", NULL, NULL, HK_CALL_PHASE_IDLE, HK_CALL_PHASE_DONE, HK_CALL_PHASE_IDLE,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TURN] =
    g_param_spec_int ("turn", NULL, NULL, -1, G_MAXINT, -1,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ELAPSED] =
    g_param_spec_double ("elapsed", NULL, NULL, 0.0, G_MAXDOUBLE, 0.0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_INPUT_LEVEL] =
    g_param_spec_double ("input-level", NULL, NULL, -G_MAXDOUBLE, 0.0, -120.0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TRAINEE_SPEAKING] =
    g_param_spec_boolean ("trainee-speaking", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CUSTOMER_SPEAKING] =
    g_param_spec_boolean ("customer-speaking", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * HkCallRecorder:device-note:
   *
   * Set when the chosen microphone went away during the call and the
   * sound server carried on with another: which, so the trainee knows.
   */
  properties[PROP_DEVICE_NOTE] =
    g_param_spec_string ("device-note", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * HkCallRecorder::finished:
   *
   * The call is over and call.ogg closed; hk_call_recorder_get_error()
   * says whether it ended early, and why.
   */
  signals[FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
hk_call_recorder_init (HkCallRecorder *self)
{
  g_mutex_init (&self->lock);
  self->voice_speed = 1.0;
  self->lines = g_array_new (FALSE, TRUE, sizeof (Line));
  g_array_set_clear_func (self->lines, line_clear);
  self->schedule = g_array_new (FALSE, FALSE, sizeof (Scheduled));
  self->advance_silence = HK_CALL_RECORDER_ADVANCE_SILENCE;
  self->turn = -1;
  self->level = -120.0;
}

/**
 * hk_call_recorder_new:
 * @session: the session to record into, in state recording
 * @scenario: what the customer says
 *
 * Returns: (transfer full): a recorder; hk_call_recorder_start() begins
 */
HkCallRecorder *
hk_call_recorder_new (HkSession  *session,
                      HkScenario *scenario)
{
  HkCallRecorder *self;

  g_return_val_if_fail (HK_IS_SESSION (session), NULL);
  g_return_val_if_fail (HK_IS_SCENARIO (scenario), NULL);

  self = g_object_new (HK_TYPE_CALL_RECORDER, NULL);
  self->session = g_object_ref (session);
  self->scenario = g_object_ref (scenario);
  return self;
}

/**
 * hk_call_recorder_set_source:
 * @description: (nullable): a GStreamer description standing in for the
 *   microphone, such as a file played in real time; %NULL for the
 *   system's default input
 */
void
hk_call_recorder_set_source (HkCallRecorder *self,
                             const char     *description)
{
  g_return_if_fail (HK_IS_CALL_RECORDER (self));
  g_free (self->source_desc);
  self->source_desc = g_strdup (description);
}

/**
 * hk_call_recorder_set_sink:
 * @description: (nullable): a GStreamer description standing in for the
 *   speaker, such as `fakesink sync=true`; %NULL for the default output
 */
void
hk_call_recorder_set_sink (HkCallRecorder *self,
                           const char     *description)
{
  g_return_if_fail (HK_IS_CALL_RECORDER (self));
  g_free (self->sink_desc);
  self->sink_desc = g_strdup (description);
}

/**
 * hk_call_recorder_set_advance_silence:
 *
 * How long the trainee stays quiet after answering before the customer
 * goes on.
 */
void
hk_call_recorder_set_advance_silence (HkCallRecorder *self,
                                      double          seconds)
{
  g_return_if_fail (HK_IS_CALL_RECORDER (self));
  self->advance_silence = CLAMP (seconds, 0.3, 30.0);
}

static void
append_cb (const float *samples,
           gsize        n_frames,
           guint        n_channels,
           gpointer     user_data)
{
  g_array_append_vals (user_data, samples, n_frames);
}

/* Every line is ready before the call starts, so none is late: a clip
 * recorded for the practice language, or espeak-ng speaking the text. */
static gboolean
prepare_lines (HkCallRecorder *self,
               GError        **error)
{
  const char *lang = hk_session_get_language (self->session);

  for (guint i = 0; i < hk_scenario_get_n_turns (self->scenario); i++)
    {
      HkScenarioTurn *turn = hk_scenario_get_turn (self->scenario, i);
      const char *clip = hk_scenario_turn_get_audio (turn, lang);
      Line line = { NULL, 0 };

      if (clip != NULL)
        {
          g_autoptr(HkDecoder) decoder = hk_decoder_new (clip);
          GArray *pcm = g_array_new (FALSE, FALSE, sizeof (float));
          g_autoptr(GError) local = NULL;

          hk_decoder_set_mono (decoder, TRUE);
          if (hk_decoder_run (decoder, append_cb, pcm, NULL, &local))
            {
              line.n = pcm->len;
              line.samples = (float *) g_array_free (pcm, FALSE);
            }
          else
            {
              /* The text is still there: speak it rather than stop. */
              g_warning ("Clip of turn %u unusable, speaking the text instead: %s", i + 1, local->message);
              g_array_free (pcm, TRUE);
            }
        }

      if (line.samples == NULL)
        {
          g_autoptr(GError) local = NULL;

          g_autoptr(HkVoice) voice = hk_voice_copy (hk_scenario_turn_get_voice (turn));

          voice->rate = CLAMP ((int) round (voice->rate * self->voice_speed),
                               HK_VOICE_RATE_MIN, HK_VOICE_RATE_MAX);
          line.samples = hk_speech_synth_speak_turn (voice, lang,
                                                     hk_scenario_turn_get_text (turn, lang, NULL),
                                                     &line.n, &local);
          if (line.samples == NULL)
            {
              g_set_error (error, HK_CALL_RECORDER_ERROR, HK_CALL_RECORDER_ERROR_VOICE,
                           _("The customer cannot speak: %s"), local->message);
              return FALSE;
            }
        }
      g_array_append_val (self->lines, line);
    }

  return TRUE;
}

/**
 * hk_call_recorder_set_voice_speed:
 * @factor: 0.5 to 2, times each turn's own speaking rate
 *
 * Slows the synthetic customer down for learners, or speeds them up.
 * Takes effect at the next hk_call_recorder_prepare().
 */
void
hk_call_recorder_set_voice_speed (HkCallRecorder *self,
                                  double          factor)
{
  g_return_if_fail (HK_IS_CALL_RECORDER (self));
  g_return_if_fail (self->pipeline == NULL);

  self->voice_speed = CLAMP (factor, 0.5, 2.0);
}

/**
 * hk_call_recorder_prepare:
 *
 * Speaks or decodes every customer line ahead of the call. This is the
 * slow part of starting a call, so a window calls it from a worker
 * thread; hk_call_recorder_start() calls it when nobody has.
 *
 * Returns: %TRUE when every line is ready
 */
gboolean
hk_call_recorder_prepare (HkCallRecorder *self,
                          GError        **error)
{
  g_return_val_if_fail (HK_IS_CALL_RECORDER (self), FALSE);
  g_return_val_if_fail (self->pipeline == NULL, FALSE);

  if (self->prepared)
    return TRUE;
  if (!gst_is_initialized () && !gst_init_check (NULL, NULL, error))
    return FALSE;
  g_array_set_size (self->lines, 0);
  if (!prepare_lines (self, error))
    return FALSE;
  self->prepared = TRUE;
  return TRUE;
}

static GstClockTime
running_time (HkCallRecorder *self)
{
  g_autoptr(GstClock) clock = gst_element_get_clock (self->pipeline);

  if (clock == NULL)
    return 0;
  return gst_clock_get_time (clock) - gst_element_get_base_time (self->pipeline);
}

static gint64
to_samples (GstClockTime t)
{
  return (gint64) gst_util_uint64_scale_round (t, RATE, GST_SECOND);
}

static void
set_phase (HkCallRecorder *self,
           HkCallPhase     phase)
{
  if (self->phase == phase)
    return;
  self->phase = phase;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PHASE]);
}

/* Pushes line @index to play @LEAD from now, and notes it in the session. */
static void
play_line (HkCallRecorder *self,
           guint           index)
{
  const Line *line = &g_array_index (self->lines, Line, index);
  GstClockTime start = running_time (self) + LEAD;
  gint64 first = to_samples (start);
  Scheduled entry = { first + self->playout, index };

  g_mutex_lock (&self->lock);
  g_array_append_val (self->schedule, entry);
  g_mutex_unlock (&self->lock);

  for (gsize i = 0; i < line->n; i += CHUNK)
    {
      gsize n = MIN (CHUNK, line->n - i);
      GstBuffer *buf = gst_buffer_new_memdup (line->samples + i, n * sizeof (float));

      GST_BUFFER_PTS (buf) = gst_util_uint64_scale (first + (gint64) i, GST_SECOND, RATE);
      GST_BUFFER_DURATION (buf) = gst_util_uint64_scale (n, GST_SECOND, RATE);
      gst_app_src_push_buffer (GST_APP_SRC (self->customer), buf);
    }

  self->turn = (int) index;
  first += self->playout;
  self->line_end = first + (gint64) line->n;
  self->heard = FALSE;
  self->next_requested = FALSE;
  hk_session_add_turn (self->session, index, (double) first / RATE, (double) self->line_end / RATE);
  set_phase (self, HK_CALL_PHASE_SPEAKING);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TURN]);
}

/* Stops the call and has the writer close call.ogg with a proper last
 * page; #HkCallRecorder::finished follows when it is written. */
static void
close_writer (HkCallRecorder *self)
{
  if (self->writer_closing || self->record == NULL)
    return;
  self->writer_closing = TRUE;
  set_phase (self, HK_CALL_PHASE_ENDING);
  g_clear_handle_id (&self->tick, g_source_remove);
  if (self->pipeline != NULL)
    gst_element_set_state (self->pipeline, GST_STATE_NULL);
  gst_app_src_end_of_stream (GST_APP_SRC (self->record));
}

static void
end_call (HkCallRecorder *self)
{
  if (self->phase >= HK_CALL_PHASE_ENDING)
    return;

  set_phase (self, HK_CALL_PHASE_ENDING);
  self->ending_at = to_samples (running_time (self));
  /* Every source ends its stream, so the last words heard are written;
   * then the writer closes the file. */
  gst_element_send_event (self->pipeline, gst_event_new_eos ());
}

static void
finish (HkCallRecorder *self)
{
  hk_session_set_duration (self->session, (double) self->written / RATE);
  teardown (self);
  set_phase (self, HK_CALL_PHASE_DONE);
  g_signal_emit (self, signals[FINISHED], 0);
}

static gboolean
is_pulse_source (const GValue *value,
                 gpointer      user_data)
{
  GstElement *e = g_value_get_object (value);
  GstElementFactory *f = gst_element_get_factory (e);

  return f != NULL && g_str_equal (gst_plugin_feature_get_name (GST_PLUGIN_FEATURE (f)), "pulsesrc") ? 0 : 1;
}

static GstElement *
find_pulse_source (GstElement *pipeline)
{
  g_autoptr(GstIterator) it = gst_bin_iterate_recurse (GST_BIN (pipeline));
  g_auto(GValue) found = G_VALUE_INIT;

  if (gst_iterator_find_custom (it, (GCompareFunc) is_pulse_source, &found, NULL))
    return g_value_dup_object (&found);
  return NULL;
}

/* A sound server moves a call whose microphone was unplugged to another
 * one rather than ending it; the call goes on, and the trainee is told. */
static void
check_microphone (HkCallRecorder *self)
{
  g_autofree char *wanted = NULL;
  g_autofree char *current = NULL;

  if (self->mic == NULL || self->device_note != NULL)
    return;
  g_object_get (self->mic, "device", &wanted, "current-device", &current, NULL);
  if (wanted == NULL || *wanted == '\0' || current == NULL || *current == '\0' ||
      g_str_equal (wanted, current))
    return;

  /* Translators: two microphones' names */
  self->device_note = g_strdup_printf (_("The microphone “%s” went away; the call goes on with “%s”."),
                                       wanted, current);
  g_message ("%s", self->device_note);
  if (hk_session_get_problem (self->session) == NULL)
    hk_session_set_problem (self->session, self->device_note);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEVICE_NOTE]);
}

static gboolean
tick_cb (gpointer user_data)
{
  HkCallRecorder *self = user_data;
  gint64 now = to_samples (running_time (self));
  gboolean speaking, mic_ended;
  gint64 last, heard_until;

  g_mutex_lock (&self->lock);
  speaking = self->trainee_speaking;
  last = self->trainee_last;
  heard_until = self->mic_position;
  mic_ended = self->mic_ended;
  g_mutex_unlock (&self->lock);

  self->elapsed = (double) now / RATE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ELAPSED]);
  if (++self->ticks % 25 == 0)
    check_microphone (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INPUT_LEVEL]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRAINEE_SPEAKING]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CUSTOMER_SPEAKING]);

  /* The trainee's stand-in ran out, or the call was ended and all that
   * was heard has reached the writer: close the file. */
  if (mic_ended)
    {
      close_writer (self);
      return G_SOURCE_REMOVE;
    }

  switch (self->phase)
    {
    case HK_CALL_PHASE_IDLE:
      {
        /* A live pipeline plays each buffer its latency after its
         * timestamp: that is when the customer is heard. */
        GstQuery *q = gst_query_new_latency ();
        gboolean live = FALSE;
        GstClockTime min = 0, max = 0;

        if (gst_element_query (self->pipeline, q))
          gst_query_parse_latency (q, &live, &min, &max);
        gst_query_unref (q);
        self->playout = live && GST_CLOCK_TIME_IS_VALID (min) ? to_samples (min) : 0;
        g_debug ("the customer is heard %" GST_TIME_FORMAT " after the timestamps", GST_TIME_ARGS (min));
      }
      if (self->lines->len == 0)
        end_call (self);
      else
        play_line (self, 0);
      break;

    case HK_CALL_PHASE_SPEAKING:
      if (now >= self->line_end)
        set_phase (self, HK_CALL_PHASE_LISTENING);
      break;

    case HK_CALL_PHASE_LISTENING:
      /* An answer counts once it is heard after the line ended; then the
       * trainee's silence, as far as the microphone has been heard, must
       * last the set time. */
      if (last > self->line_end)
        self->heard = TRUE;
      if (self->next_requested ||
          (self->heard && !speaking && heard_until - last >= (gint64) (self->advance_silence * RATE)))
        {
          if (self->turn + 1 < (int) self->lines->len)
            play_line (self, self->turn + 1);
          else
            end_call (self);
        }
      break;

    case HK_CALL_PHASE_ENDING:
      /* A source that never passes the end of stream on (one stopped
       * before it started streaming, a stalled device) must not hold
       * the call open: close with what has arrived. */
      if (now - self->ending_at > (gint64) ENDING_GRACE * RATE)
        {
          g_debug ("the microphone did not end its stream; closing the recording");
          close_writer (self);
          return G_SOURCE_REMOVE;
        }
      break;

    case HK_CALL_PHASE_DONE:
    default:
      break;
    }

  return G_SOURCE_CONTINUE;
}

/* Which part failed, for a message a trainee can act on. */
static void
set_pipeline_error (HkCallRecorder *self,
                    GstMessage     *msg)
{
  g_autoptr(GError) gst_error = NULL;
  g_autofree char *debug = NULL;
  GstObject *src = GST_MESSAGE_SRC (msg);
  g_autofree char *name = gst_object_get_name (src);

  gst_message_parse_error (msg, &gst_error, &debug);
  g_debug ("%s: %s (%s)", name, gst_error->message, debug ? debug : "");

  if (g_strcmp0 (name, "hkfile") == 0)
    {
      if (g_error_matches (gst_error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_NO_SPACE_LEFT))
        g_set_error (&self->error, HK_CALL_RECORDER_ERROR, HK_CALL_RECORDER_ERROR_DISK,
                     _("The disk is full, so the call stopped. What was recorded until then is kept."));
      else
        g_set_error (&self->error, HK_CALL_RECORDER_ERROR, HK_CALL_RECORDER_ERROR_DISK,
                     _("The recording could not be written, so the call stopped (%s). What was "
                       "recorded until then is kept."), gst_error->message);
    }
  else if (GST_IS_ELEMENT (src) && GST_ELEMENT (src)->numsinkpads == 0 && g_strcmp0 (name, "customer") != 0)
    g_set_error (&self->error, HK_CALL_RECORDER_ERROR, HK_CALL_RECORDER_ERROR_INPUT,
                 _("The microphone stopped working during the call (%s). What was recorded until "
                   "then is kept; check the input device in the settings."), gst_error->message);
  else if (GST_IS_ELEMENT (src) && GST_ELEMENT (src)->numsrcpads == 0)
    g_set_error (&self->error, HK_CALL_RECORDER_ERROR, HK_CALL_RECORDER_ERROR_OUTPUT,
                 _("The speaker or headset stopped working during the call (%s). What was "
                   "recorded until then is kept; check the output device in the settings."),
                 gst_error->message);
  else
    g_set_error (&self->error, HK_CALL_RECORDER_ERROR, HK_CALL_RECORDER_ERROR_PIPELINE,
                 _("The call stopped because of an audio problem (%s). What was recorded until "
                   "then is kept."), gst_error->message);
}

static gboolean
bus_cb (GstBus     *bus,
        GstMessage *msg,
        gpointer    user_data)
{
  HkCallRecorder *self = user_data;

  switch (GST_MESSAGE_TYPE (msg))
    {
    case GST_MESSAGE_EOS:
      close_writer (self);
      break;

    case GST_MESSAGE_ERROR:
      if (self->error == NULL)
        set_pipeline_error (self, msg);
      /* What was heard is written; the file is closed properly. */
      close_writer (self);
      break;

    case GST_MESSAGE_STATE_CHANGED:
      if (GST_MESSAGE_SRC (msg) == GST_OBJECT (self->pipeline))
        {
          GstState state;

          gst_message_parse_state_changed (msg, NULL, &state, NULL);
          if (state == GST_STATE_PLAYING && self->tick == 0 && !self->writer_closing)
            self->tick = g_timeout_add (TICK_MS, tick_cb, self);
        }
      break;

    default:
      break;
    }

  return G_SOURCE_CONTINUE;
}

static gboolean
writer_bus_cb (GstBus     *bus,
               GstMessage *msg,
               gpointer    user_data)
{
  HkCallRecorder *self = user_data;

  switch (GST_MESSAGE_TYPE (msg))
    {
    case GST_MESSAGE_EOS:
      finish (self);
      return G_SOURCE_REMOVE;

    case GST_MESSAGE_ERROR:
      if (self->error == NULL)
        set_pipeline_error (self, msg);
      /* The pages already on disk are a playable Ogg file. */
      finish (self);
      return G_SOURCE_REMOVE;

    default:
      return G_SOURCE_CONTINUE;
    }
}

/* The customer's samples scheduled for [@first, @first + @n). */
static void
customer_reference (HkCallRecorder *self,
                    gint64          first,
                    gsize           n,
                    float          *out)
{
  memset (out, 0, n * sizeof (float));
  for (guint s = 0; s < self->schedule->len; s++)
    {
      const Scheduled *e = &g_array_index (self->schedule, Scheduled, s);
      const Line *line = &g_array_index (self->lines, Line, e->line);
      gint64 from = MAX (first, e->start);
      gint64 to = MIN (first + (gint64) n, e->start + (gint64) line->n);

      for (gint64 t = from; t < to; t++)
        out[t - first] = line->samples[t - e->start];
    }
}

/* Sends frames captured at @first (samples of running time) to the
 * writer, filling any gap with silence so the file's time is the call's. */
static void
write_frames (HkCallRecorder *self,
              gint64          first,
              const float    *frames,
              gsize           n)
{
  gsize skip = 0;
  GstBuffer *buf;

  if (first > self->written)
    {
      gsize gap = (gsize) (first - self->written);
      GstBuffer *silence = gst_buffer_new_allocate (NULL, gap * 2 * sizeof (float), NULL);

      gst_buffer_memset (silence, 0, 0, gap * 2 * sizeof (float));
      GST_BUFFER_PTS (silence) = gst_util_uint64_scale (self->written, GST_SECOND, RATE);
      GST_BUFFER_DURATION (silence) = gst_util_uint64_scale (gap, GST_SECOND, RATE);
      gst_app_src_push_buffer (GST_APP_SRC (self->record), silence);
      self->written = first;
    }
  else if (first < self->written)
    skip = MIN ((gsize) (self->written - first), n);

  if (skip == n)
    return;
  buf = gst_buffer_new_memdup (frames + 2 * skip, (n - skip) * 2 * sizeof (float));
  GST_BUFFER_PTS (buf) = gst_util_uint64_scale (self->written, GST_SECOND, RATE);
  GST_BUFFER_DURATION (buf) = gst_util_uint64_scale (n - skip, GST_SECOND, RATE);
  gst_app_src_push_buffer (GST_APP_SRC (self->record), buf);
  self->written += (gint64) (n - skip);
}

static GstFlowReturn
new_sample_cb (GstAppSink *sink,
               gpointer    user_data)
{
  HkCallRecorder *self = user_data;
  g_autoptr(GstSample) sample = gst_app_sink_pull_sample (sink);
  GstBuffer *buf = sample ? gst_sample_get_buffer (sample) : NULL;
  GstMapInfo map;
  gsize n;
  gint64 first;
  float *both, *ref;
  double energy = 0.0;

  if (buf == NULL || !gst_buffer_map (buf, &map, GST_MAP_READ))
    return GST_FLOW_OK;

  n = map.size / sizeof (float);
  first = GST_BUFFER_PTS_IS_VALID (buf) ? to_samples (GST_BUFFER_PTS (buf)) : self->mic_position;
  /* Reused from buffer to buffer: this runs every 10 ms or so. */
  if (self->scratch_len < n)
    {
      self->scratch = g_renew (float, self->scratch, 3 * n);
      self->scratch_len = n;
    }
  both = self->scratch;
  ref = self->scratch + 2 * n;

  g_mutex_lock (&self->lock);
  customer_reference (self, first, n, ref);
  for (gsize i = 0; i < n; i++)
    {
      float x = ((const float *) map.data)[i];

      both[2 * i] = ref[i];
      both[2 * i + 1] = x;
      energy += (double) x * x;
    }
  hk_call_analyzer_feed_interleaved (self->live, both, n);
  self->trainee_speaking = hk_call_analyzer_is_speaking (self->live, 1);
  self->mic_position = first + (gint64) n;
  if (self->trainee_speaking)
    self->trainee_last = self->mic_position;
  self->level = n > 0 ? 10.0 * log10 (energy / n + 1e-12) : -120.0;
  g_mutex_unlock (&self->lock);

  gst_buffer_unmap (buf, &map);
  write_frames (self, first, both, n);
  return GST_FLOW_OK;
}

static void
eos_cb (GstAppSink *sink,
        gpointer    user_data)
{
  HkCallRecorder *self = user_data;

  g_mutex_lock (&self->lock);
  self->mic_ended = TRUE;
  g_mutex_unlock (&self->lock);
}

static char *
call_description (HkCallRecorder *self)
{
  const char *source = self->source_desc ? self->source_desc : "autoaudiosrc";
  const char *sink = self->sink_desc ? self->sink_desc : "autoaudiosink";

  return g_strdup_printf (
    "appsrc name=customer is-live=true format=time "
    "  caps=audio/x-raw,format=F32LE,rate=%d,channels=1,layout=interleaved "
    "  ! audioconvert ! audioresample ! %s "
    "%s ! queue ! audioconvert ! audioresample "
    "  ! audio/x-raw,format=F32LE,rate=%d,channels=1,layout=interleaved "
    "  ! appsink name=listen sync=false",
    RATE, sink, source, RATE);
}

static char *
writer_description (const char *location)
{
  g_autofree char *quoted = g_strescape (location, NULL);

  return g_strdup_printf (
    "appsrc name=record format=time "
    "  caps=audio/x-raw,format=F32LE,rate=%d,channels=2,layout=interleaved,channel-mask=(bitmask)0x3 "
    "  ! audioconvert ! opusenc bitrate=64000 "
    "  ! oggmux max-page-delay=500000000 max-delay=500000000 "
    "  ! filesink name=hkfile location=\"%s\" buffer-mode=unbuffered",
    RATE, quoted);
}

static GstElement *
launch (const char *description,
        GError    **error)
{
  g_autoptr(GError) local = NULL;
  GstElement *pipeline = gst_parse_launch_full (description, NULL, GST_PARSE_FLAG_FATAL_ERRORS, &local);

  if (pipeline == NULL)
    {
      g_set_error (error, HK_CALL_RECORDER_ERROR, HK_CALL_RECORDER_ERROR_PIPELINE,
                   _("The audio devices could not be set up: %s"), local->message);
      return NULL;
    }
  return gst_object_ref_sink (pipeline);
}

/**
 * hk_call_recorder_start:
 *
 * Prepares the customer's lines, opens the devices and starts the call;
 * the rest happens in the main loop, until #HkCallRecorder::finished.
 *
 * Returns: %TRUE when the call has started
 */
gboolean
hk_call_recorder_start (HkCallRecorder *self,
                        GError        **error)
{
  g_autofree char *location = NULL;
  g_autofree char *desc = NULL;
  g_autoptr(GError) local = NULL;
  g_autoptr(GstElement) listen = NULL;
  g_autoptr(HkThresholds) th = hk_thresholds_new ();
  g_autoptr(GstBus) bus = NULL;
  GstAppSinkCallbacks callbacks = { 0 };

  g_return_val_if_fail (HK_IS_CALL_RECORDER (self), FALSE);
  g_return_val_if_fail (self->pipeline == NULL, FALSE);

  callbacks.eos = eos_cb;
  callbacks.new_sample = new_sample_cb;
  if (!hk_call_recorder_prepare (self, error))
    return FALSE;

  location = hk_session_get_call_path (self->session);
  if (!hk_session_save (self->session, error))
    return FALSE;

  desc = writer_description (location);
  self->writer = launch (desc, error);
  if (self->writer == NULL)
    return FALSE;
  g_free (desc);
  desc = call_description (self);
  self->pipeline = launch (desc, error);
  if (self->pipeline == NULL)
    {
      teardown (self);
      return FALSE;
    }

  self->record = gst_bin_get_by_name (GST_BIN (self->writer), "record");
  g_object_set (self->record, "max-bytes", (guint64) 0, "block", FALSE, NULL);
  self->customer = gst_bin_get_by_name (GST_BIN (self->pipeline), "customer");
  self->mic = find_pulse_source (self->pipeline);
  g_object_set (self->customer, "max-bytes", (guint64) 0, "block", FALSE, NULL);
  listen = gst_bin_get_by_name (GST_BIN (self->pipeline), "listen");
  gst_app_sink_set_callbacks (GST_APP_SINK (listen), &callbacks, self, NULL);
  self->live = hk_call_analyzer_new (2, th);

  bus = gst_element_get_bus (self->writer);
  self->writer_watch = gst_bus_add_watch (bus, writer_bus_cb, self);
  g_clear_object (&bus);
  bus = gst_element_get_bus (self->pipeline);
  self->bus_watch = gst_bus_add_watch (bus, bus_cb, self);

  if (gst_element_set_state (self->writer, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    {
      g_autoptr(GstBus) wbus = gst_element_get_bus (self->writer);
      g_autoptr(GstMessage) msg = gst_bus_pop_filtered (wbus, GST_MESSAGE_ERROR);

      if (msg != NULL)
        set_pipeline_error (self, msg);
      teardown (self);
      if (self->error != NULL)
        g_propagate_error (error, g_steal_pointer (&self->error));
      else
        g_set_error (error, HK_CALL_RECORDER_ERROR, HK_CALL_RECORDER_ERROR_DISK,
                     _("The recording could not be started in “%s”"), location);
      return FALSE;
    }

  /* A moment of silence from the customer lets the speaker's sink
   * preroll, so the pipeline reaches PLAYING and the call can start. */
  {
    gsize n = RATE / 10;
    g_autofree float *zeros = g_new0 (float, n);
    GstBuffer *buf = gst_buffer_new_memdup (zeros, n * sizeof (float));

    GST_BUFFER_PTS (buf) = 0;
    GST_BUFFER_DURATION (buf) = gst_util_uint64_scale (n, GST_SECOND, RATE);
    gst_app_src_push_buffer (GST_APP_SRC (self->customer), buf);
  }

  if (gst_element_set_state (self->pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    {
      g_autoptr(GstMessage) msg = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);

      if (msg != NULL)
        set_pipeline_error (self, msg);
      teardown (self);
      if (self->error != NULL)
        g_propagate_error (error, g_steal_pointer (&self->error));
      else
        g_set_error (error, HK_CALL_RECORDER_ERROR, HK_CALL_RECORDER_ERROR_INPUT,
                     _("The microphone or the speaker could not be opened; check the audio devices"));
      return FALSE;
    }

  return TRUE;
}

/**
 * hk_call_recorder_next:
 *
 * The trainee has finished: go on to the customer's next line at once
 * (after the current line, if it is still playing).
 */
void
hk_call_recorder_next (HkCallRecorder *self)
{
  g_return_if_fail (HK_IS_CALL_RECORDER (self));
  self->next_requested = TRUE;
  if (self->phase == HK_CALL_PHASE_LISTENING)
    tick_cb (self);
}

/**
 * hk_call_recorder_stop:
 *
 * Ends the call now, closing the recording properly.
 */
void
hk_call_recorder_stop (HkCallRecorder *self)
{
  g_return_if_fail (HK_IS_CALL_RECORDER (self));
  if (self->pipeline != NULL)
    end_call (self);
}

HkCallPhase
hk_call_recorder_get_phase (HkCallRecorder *self)
{
  g_return_val_if_fail (HK_IS_CALL_RECORDER (self), HK_CALL_PHASE_DONE);
  return self->phase;
}

/**
 * hk_call_recorder_get_turn:
 *
 * Returns: the customer's current turn, or -1 before the first
 */
int
hk_call_recorder_get_turn (HkCallRecorder *self)
{
  g_return_val_if_fail (HK_IS_CALL_RECORDER (self), -1);
  return self->turn;
}

/**
 * hk_call_recorder_get_elapsed:
 *
 * Returns: seconds since the call began
 */
double
hk_call_recorder_get_elapsed (HkCallRecorder *self)
{
  g_return_val_if_fail (HK_IS_CALL_RECORDER (self), 0.0);
  return self->elapsed;
}

/**
 * hk_call_recorder_get_input_level:
 *
 * Returns: the microphone's level just now, dBFS
 */
double
hk_call_recorder_get_input_level (HkCallRecorder *self)
{
  double level;

  g_return_val_if_fail (HK_IS_CALL_RECORDER (self), -120.0);
  g_mutex_lock (&self->lock);
  level = self->level;
  g_mutex_unlock (&self->lock);
  return level;
}

gboolean
hk_call_recorder_get_trainee_speaking (HkCallRecorder *self)
{
  gboolean speaking;

  g_return_val_if_fail (HK_IS_CALL_RECORDER (self), FALSE);
  g_mutex_lock (&self->lock);
  speaking = self->trainee_speaking;
  g_mutex_unlock (&self->lock);
  return speaking;
}

gboolean
hk_call_recorder_get_customer_speaking (HkCallRecorder *self)
{
  g_return_val_if_fail (HK_IS_CALL_RECORDER (self), FALSE);
  return self->phase == HK_CALL_PHASE_SPEAKING;
}

/**
 * hk_call_recorder_get_error:
 *
 * Returns: (nullable): why the call ended early, once finished
 */
const GError *
hk_call_recorder_get_error (HkCallRecorder *self)
{
  g_return_val_if_fail (HK_IS_CALL_RECORDER (self), NULL);
  return self->error;
}

/**
 * hk_call_recorder_get_device_note:
 *
 * Returns: (nullable): a sentence for the trainee when the chosen
 *   microphone went away and the call went on with another
 */
const char *
hk_call_recorder_get_device_note (HkCallRecorder *self)
{
  g_return_val_if_fail (HK_IS_CALL_RECORDER (self), NULL);
  return self->device_note;
}
