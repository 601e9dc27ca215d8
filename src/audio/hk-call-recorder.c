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
 * at most that and leaves a playable file; session.json is rewritten as
 * each turn begins, so the call is recovered with its turns too.
 *
 * The call moves turn by turn on the main thread: play a line, listen,
 * and go on once the trainee has answered and then kept quiet for a
 * while (1.5 s unless set), or when asked to. Listening runs the analysis
 * engine live on both channels, so the customer leaking from the
 * speakers is not taken for an answer.
 *
 * A pair call (hk_call_recorder_set_pair_sources() or
 * hk_call_recorder_set_stereo_source()) records two trainees instead:
 *
 *   the call:    partner A's microphone ─ appsink ┐
 *                partner B's microphone ─ appsink ┴ (or one stereo input)
 *                [appsrc (the lines) ─ speaker, when the voice is chosen]
 *   the writer:  as above, partner A on channel 0 and B on channel 1
 *
 * Each input is placed on the timeline by its buffers' running time, by
 * an HkChannelMerger: one that starts late or drops buffers leaves
 * silence there, never a shift of one voice against the other, and one
 * that stalls is waited for half a second at most. With the synthetic
 * voice (hk_session_set_pair()), the lines are played as in a solo call
 * and written into channel 0 with partner A's microphone, so A may keep
 * quiet. Partner A moves the script on (hk_call_recorder_next()); the
 * call never moves on by itself when someone pauses, unless asked with
 * hk_call_recorder_set_pair_advance(), for a call run unattended. A turn
 * starts when it is moved to (when its line starts, with the voice) and
 * ends where partner A's last speech before the next turn ends, as the
 * live detector heard it: that is the customer's line that the listener
 * answered, and the gap to the answer is measured from there. */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <gst/app/gstappsink.h>
#include <gst/app/gstappsrc.h>
#include <gst/audio/gstaudiobasesink.h>
#include <gst/audio/gstaudiobasesrc.h>
#include <gst/gst.h>
#include <math.h>
#include <string.h>

#include "hk-call-analyzer.h"
#include "hk-call-recorder.h"
#include "hk-channel-merger.h"
#include "hk-decoder.h"
#include "hk-echo-canceller.h"
#include "hk-speech-synth.h"
#include "hk-vad.h"

#define RATE          HK_VAD_RATE
/* A line starts this far ahead of now, so every buffer of it reaches the
 * speaker and the recording before its time. */
#define LEAD          (250 * GST_MSECOND)
#define TICK_MS       20
#define ENDING_GRACE  2              /* seconds for the sources to end */
/* The customer's stream is fed 20 ms at a time, silence between lines,
 * as the speaker takes it. */
#define FEED_CHUNK    (RATE / 50)
#define FEED_AHEAD    (RATE / 2)
/* How far one partner's input may run ahead of a silent one before the
 * silent one's stretch is written as silence. With Ogg pages every half
 * second, a crash still loses about a second at most. */
#define PAIR_MAX_WAIT (RATE / 2)
/* Inputs timestamped on arrival jitter by a few ms; within this much a
 * buffer follows on from the one before, as audioresample allows. */
#define PAIR_JITTER   (RATE / 32)
#define SILENT        -120.0
/* The connecting sound, in the schedule in place of a line. */
#define CONNECTING    G_MAXUINT
/* Audio missing from the microphone for longer than this starts the echo
 * canceller afresh rather than being made up with silence. */
#define MAX_MIC_GAP   RATE
/* Within this many samples, a microphone buffer's timestamp is taken to
 * follow on from the last. */
#define MIC_JITTER    (RATE / 20)
/* The canceller is handed the customer this far ahead of the microphone:
 * an echo heard a hair early (resamplers differ in their delays) would
 * otherwise fall before the start of its filter, which cannot cancel
 * what comes before what causes it. */
#define ECHO_MARGIN   (RATE / 100)
/* The pause between the connecting sound and the customer's first word,
 * as when someone picks up. */
#define PICK_UP       (RATE * 3 / 10)
/* The speaker settles in its first second or two, longer on a busy
 * machine: a sound server still filling its buffer plays nothing, and
 * the delay grows as fast as time passes, with pauses of up to half a
 * second on the way. The customer's first line waits until the delay
 * has held within PLAYOUT_TOLERANCE for SETTLED, or for MAX_SETTLE at
 * most, for a speaker whose clock never holds. */
#define PLAYOUT_TOLERANCE (RATE / 500)
#define SETTLED       RATE
#define MAX_SETTLE    (RATE * 8)

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
  GPtrArray      *mics;          /* the microphones' elements that are PulseAudio's */
  char           *device_note;
  guint           ticks;
  gboolean        prepared;
  HkCallPhase     phase;
  int             turn;
  gint64          line_end;      /* samples of running time */
  gint64          latency;       /* samples: the pipeline's latency */
  GstElement     *speaker;       /* the audio sink, when there is one */
  gint64          settled_since; /* running time when the playout last moved */
  gint64          connecting_end; /* the connecting sound's end, as timestamped */
  gboolean        heard;
  gboolean        next_requested;
  double          elapsed;
  GError         *error;
  gboolean        starting;      /* in hk_call_recorder_start() */

  /* Echo cancellation, for a solo call on speakers: a connecting sound
   * opens the call, and the recording starts (origin) when it ends. */
  gboolean        echo_cancel;
  float          *connecting;
  gsize           n_connecting;
  gboolean        connected;     /* the connecting sound is under way */
  gint64          origin;        /* samples of running time at the recording's start */

  /* Shared with the streaming thread that listens. */
  GMutex          lock;
  GArray         *schedule;      /* Scheduled */
  gint64          feed_next;     /* the next sample the feeder hands on */
  gint64          playout;       /* samples from a timestamp to when it is heard */
  HkCallAnalyzer *live;
  double          level;
  gboolean        trainee_speaking;
  gint64          trainee_last;  /* samples: the end of the last speech heard */
  gint64          mic_position;  /* samples */
  gint64          written;       /* samples sent to the writer */
  float          *scratch;       /* the listening thread's buffers */
  gsize           scratch_len;
  gboolean        mic_ended;
  HkEchoCanceller *canceller;
  gint64          canceller_next; /* the microphone sample it expects next, or -1 */

  /* A pair call. Inputs are in the order given (A's, then B's, or the
   * left and right of one stereo input); input i is written to channel
   * i, or to the other one when swapped. Channels are partners. */
  gboolean        pair;
  gboolean        stereo;
  gboolean        swap;
  gboolean        voice;         /* the lines are played too */
  char           *pair_desc[2];  /* by input; only [0] when stereo */
  double          pair_advance;  /* seconds of silence; 0: partner A advances */
  GPtrArray      *branches[2];   /* each input's elements, from its appsink up */
  GArray         *turn_starts;   /* gint64 samples, one a turn begun */
  gint64          turn_start;    /* samples */

  /* Shared with the streaming threads, under the lock. */
  HkChannelMerger *merger;
  double          levels[2];     /* by partner */
  gboolean        speaking[2];
  gint64          last[2];       /* samples: the end of each one's last speech heard */
  gint64          run_start;     /* samples: partner A speaking since, or -1 */
  HkSegments     *speech_a;      /* partner A's speech as heard live, seconds */
  float          *merged;        /* the merged frames as written */
  gsize           merged_len;
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
  PROP_LEVEL_A,
  PROP_LEVEL_B,
  PROP_PARTNER_A_SPEAKING,
  PROP_PARTNER_B_SPEAKING,
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
  g_mutex_lock (&self->lock);
  g_clear_object (&self->speaker);
  g_mutex_unlock (&self->lock);
  g_ptr_array_set_size (self->mics, 0);
  g_clear_pointer (&self->branches[0], g_ptr_array_unref);
  g_clear_pointer (&self->branches[1], g_ptr_array_unref);
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
  g_free (self->pair_desc[0]);
  g_free (self->pair_desc[1]);
  g_clear_pointer (&self->mics, g_ptr_array_unref);
  g_clear_pointer (&self->turn_starts, g_array_unref);
  g_clear_pointer (&self->merger, hk_channel_merger_free);
  g_clear_pointer (&self->speech_a, g_array_unref);
  g_free (self->merged);
  g_clear_pointer (&self->lines, g_array_unref);
  g_clear_pointer (&self->schedule, g_array_unref);
  g_clear_pointer (&self->live, hk_call_analyzer_free);
  g_free (self->scratch);
  g_free (self->connecting);
  g_clear_pointer (&self->canceller, hk_echo_canceller_free);
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
    case PROP_LEVEL_A:
    case PROP_LEVEL_B:
      g_value_set_double (value, hk_call_recorder_get_partner_level (self, prop_id == PROP_LEVEL_B));
      break;
    case PROP_PARTNER_A_SPEAKING:
    case PROP_PARTNER_B_SPEAKING:
      g_value_set_boolean (value, hk_call_recorder_get_partner_speaking (self, prop_id == PROP_PARTNER_B_SPEAKING));
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
  /**
   * HkCallRecorder:level-a:
   *
   * In a pair call, partner A's input level just now, dBFS; notified
   * as often as #HkCallRecorder:input-level. #HkCallRecorder:level-b is
   * partner B's.
   */
  properties[PROP_LEVEL_A] =
    g_param_spec_double ("level-a", NULL, NULL, -G_MAXDOUBLE, 0.0, SILENT,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LEVEL_B] =
    g_param_spec_double ("level-b", NULL, NULL, -G_MAXDOUBLE, 0.0, SILENT,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * HkCallRecorder:partner-a-speaking:
   *
   * In a pair call, whether partner A (with the synthetic voice: A or
   * the voice) is speaking just now, as the live detector hears it.
   * #HkCallRecorder:partner-b-speaking is partner B's.
   */
  properties[PROP_PARTNER_A_SPEAKING] =
    g_param_spec_boolean ("partner-a-speaking", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PARTNER_B_SPEAKING] =
    g_param_spec_boolean ("partner-b-speaking", NULL, NULL, FALSE,
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
  self->level = SILENT;
  self->mics = g_ptr_array_new_with_free_func (gst_object_unref);
  self->turn_starts = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->levels[0] = self->levels[1] = SILENT;
  self->run_start = -1;
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

/**
 * hk_call_recorder_set_echo_cancellation:
 * @enabled: whether to take the customer's voice out of the microphone
 *
 * For a trainee on speakers rather than a headset: the microphone hears
 * the customer too, and without this the customer's voice would pass for
 * the trainee talking over them. The call then opens with a second of
 * connecting sound, from which the canceller learns the room before the
 * customer's first word; the recording starts after it. A headset's
 * microphone passes through untouched. Solo calls only; off unless set.
 * Set before hk_call_recorder_start().
 */
void
hk_call_recorder_set_echo_cancellation (HkCallRecorder *self,
                                        gboolean        enabled)
{
  g_return_if_fail (HK_IS_CALL_RECORDER (self));
  self->echo_cancel = enabled;
}

/* Where the canceller found the echo, from the customer's channel;
 * negative when it found none. Called with the lock held. */
static double
echo_delay (HkCallRecorder *self)
{
  double delay = hk_echo_canceller_get_delay (self->canceller);

  /* A hair early is at once, as far as anyone can hear. */
  return delay < 0.0 ? delay : MAX (delay - (double) ECHO_MARGIN / RATE, 0.0);
}

/**
 * hk_call_recorder_get_echo_delay:
 *
 * Where the echo canceller found the customer's voice in the
 * microphone: how long after the customer's channel the speaker is
 * heard, device buffers included.
 *
 * Returns: seconds, or a negative number when no echo was heard (a
 *   headset) or echo cancellation is off
 */
double
hk_call_recorder_get_echo_delay (HkCallRecorder *self)
{
  double delay;

  g_return_val_if_fail (HK_IS_CALL_RECORDER (self), -1.0);

  if (self->canceller == NULL)
    return -1.0;
  g_mutex_lock (&self->lock);
  delay = echo_delay (self);
  g_mutex_unlock (&self->lock);
  return delay;
}

/**
 * hk_call_recorder_set_pair_sources:
 * @source_a: (nullable): a GStreamer description of partner A's
 *   microphone (hk_audio_device_source_description()), or a stand-in
 *   such as a file played in real time; %NULL for the default input
 * @source_b: (nullable): partner B's, likewise
 *
 * Makes this a pair call: partner A, who plays the customer, is written
 * to channel 0 and partner B, who answers, to channel 1 (the other way
 * round when hk_call_recorder_set_swap() says they are crossed). Whether
 * the synthetic voice speaks the lines too is the session's
 * (hk_session_set_pair()). Set before hk_call_recorder_prepare().
 */
void
hk_call_recorder_set_pair_sources (HkCallRecorder *self,
                                   const char     *source_a,
                                   const char     *source_b)
{
  g_return_if_fail (HK_IS_CALL_RECORDER (self));
  g_return_if_fail (self->pipeline == NULL);

  self->pair = TRUE;
  self->stereo = FALSE;
  g_free (self->pair_desc[0]);
  g_free (self->pair_desc[1]);
  self->pair_desc[0] = g_strdup (source_a);
  self->pair_desc[1] = g_strdup (source_b);
}

/**
 * hk_call_recorder_set_stereo_source:
 * @description: (nullable): a GStreamer description of one stereo input
 *   with partner A on the left and partner B on the right; %NULL for the
 *   default input
 *
 * Makes this a pair call on the two channels of one input, as
 * hk_call_recorder_set_pair_sources() does on two.
 */
void
hk_call_recorder_set_stereo_source (HkCallRecorder *self,
                                    const char     *description)
{
  g_return_if_fail (HK_IS_CALL_RECORDER (self));
  g_return_if_fail (self->pipeline == NULL);

  self->pair = TRUE;
  self->stereo = TRUE;
  g_free (self->pair_desc[0]);
  g_clear_pointer (&self->pair_desc[1], g_free);
  self->pair_desc[0] = g_strdup (description);
}

/**
 * hk_call_recorder_set_swap:
 * @swap: whether the inputs are crossed
 *
 * In a pair call, exchanges which input is whose: the first source (or
 * the left channel) becomes partner B's, the second (or the right)
 * partner A's. For the swap button of the check before the call.
 */
void
hk_call_recorder_set_swap (HkCallRecorder *self,
                           gboolean        swap)
{
  g_return_if_fail (HK_IS_CALL_RECORDER (self));
  g_return_if_fail (self->pipeline == NULL);

  self->swap = !!swap;
}

/**
 * hk_call_recorder_set_pair_advance:
 * @seconds: 0 to leave it to partner A (the default), or how long both
 *   partners must be silent, after partner A has spoken in the turn,
 *   before the call moves on
 *
 * In a pair call, partner A moves the script on with
 * hk_call_recorder_next(); this moves it on by itself as well, for a
 * call run unattended (`hearken-cli practice --pair --advance-after`).
 */
void
hk_call_recorder_set_pair_advance (HkCallRecorder *self,
                                   double          seconds)
{
  g_return_if_fail (HK_IS_CALL_RECORDER (self));

  self->pair_advance = seconds > 0.0 ? CLAMP (seconds, 0.3, 60.0) : 0.0;
}

/**
 * hk_call_recorder_is_pair:
 *
 * Returns: whether this records a pair call
 */
gboolean
hk_call_recorder_is_pair (HkCallRecorder *self)
{
  g_return_val_if_fail (HK_IS_CALL_RECORDER (self), FALSE);

  return self->pair;
}

/* A pair call without the synthetic voice has no lines to make. */
static gboolean
speaks_lines (HkCallRecorder *self)
{
  return !self->pair || hk_session_get_customer_voice (self->session);
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
 * thread; hk_call_recorder_start() calls it when nobody has. A pair
 * call without the synthetic voice has nothing to prepare.
 *
 * Returns: %TRUE when every line is ready
 */
gboolean
hk_call_recorder_prepare (HkCallRecorder *self,
                          GError        **error)
{
  g_return_val_if_fail (HK_IS_CALL_RECORDER (self), FALSE);
  g_return_val_if_fail (self->pipeline == NULL, FALSE);

  if (!gst_is_initialized () && !gst_init_check (NULL, NULL, error))
    return FALSE;
  if (self->prepared || !speaks_lines (self))
    return TRUE;
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

/* Where a sound starting now can go in the customer's stream: @LEAD
 * ahead, and never into what the feeder has already handed on. In
 * samples of running time, as timestamped (not yet as heard). */
static gint64
next_start (HkCallRecorder *self)
{
  gint64 first = to_samples (running_time (self) + LEAD);

  return MAX (first, self->feed_next + FEED_CHUNK);
}

/* Schedules the connecting sound; the recording will start where it
 * ends. */
static void
play_connecting (HkCallRecorder *self)
{
  Scheduled entry;

  g_mutex_lock (&self->lock);
  entry.start = next_start (self);
  entry.line = CONNECTING;
  g_array_append_val (self->schedule, entry);
  g_mutex_unlock (&self->lock);
  self->connecting_end = entry.start + (gint64) self->n_connecting;
  self->connected = TRUE;
}

/* Schedules line @index for the feeder, and notes it in the session. */
static void
play_line (HkCallRecorder *self,
           guint           index)
{
  const Line *line = &g_array_index (self->lines, Line, index);
  Scheduled entry;
  gint64 first;

  g_mutex_lock (&self->lock);
  first = next_start (self);
  entry.start = first;
  entry.line = index;
  g_array_append_val (self->schedule, entry);
  /* Where it will be heard, as far as the speaker says now; the
   * recording starts shortly before the first line after a connecting
   * sound. */
  first += self->playout;
  if (self->connected && index == 0 && !self->pair)
    self->origin = MIN (self->connecting_end + self->playout, first - PICK_UP);
  g_mutex_unlock (&self->lock);

  self->turn = (int) index;
  self->line_end = first + (gint64) line->n;
  self->heard = FALSE;
  self->next_requested = FALSE;
  self->turn_start = first;
  /* A pair call's turns are written at the end, when A's speech in
   * each is known. */
  if (self->pair)
    g_array_append_val (self->turn_starts, first);
  else
    hk_session_add_turn (self->session, index, (double) (first - self->origin) / RATE,
                         (double) (self->line_end - self->origin) / RATE);
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
  /* The streaming threads have stopped: what one partner said while the
   * other's input lagged is written too. */
  if (self->merger != NULL)
    {
      g_mutex_lock (&self->lock);
      hk_channel_merger_flush (self->merger);
      g_mutex_unlock (&self->lock);
    }
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

/* Each pair turn ends where partner A last spoke before the next began:
 * the line the listener answered. A turn in which A said nothing ends
 * where it started. */
static void
add_pair_turns (HkCallRecorder *self,
                gboolean        final)
{
  g_autoptr(HkSegments) speech = NULL;

  g_mutex_lock (&self->lock);
  if (final)
    {
      if (self->run_start >= 0)
        hk_segments_add (self->speech_a, (double) self->run_start / RATE, (double) self->last[HK_PARTNER_A] / RATE);
      self->run_start = -1;
      hk_segments_tidy (self->speech_a, HK_VAD_BRIDGE, HK_VAD_MIN_SPEECH);
    }
  /* While the call goes on, A's speech so far, the stretch under way
   * included, without closing it. */
  speech = g_array_copy (self->speech_a);
  if (!final && self->run_start >= 0)
    hk_segments_add (speech, (double) self->run_start / RATE, (double) self->last[HK_PARTNER_A] / RATE);

  hk_session_clear_turns (self->session);

  for (guint i = 0; i < self->turn_starts->len; i++)
    {
      double start = (double) g_array_index (self->turn_starts, gint64, i) / RATE;
      double next = i + 1 < self->turn_starts->len
                    ? (double) g_array_index (self->turn_starts, gint64, i + 1) / RATE
                    : (double) self->written / RATE;
      double end = start;

      for (guint k = 0; k < hk_segments_get_n (speech); k++)
        {
          const HkSegment *seg = hk_segments_get (speech, k);

          if (seg->start < next && seg->end > start)
            end = MAX (end, MIN (seg->end, next));
        }
      hk_session_add_turn (self->session, i, start, end);
    }
  g_mutex_unlock (&self->lock);
}

/* Writes the turns so far into session.json, so that a call cut short
 * by a crash is recovered with its turns, not its audio alone. */
static void
save_progress (HkCallRecorder *self)
{
  g_autoptr(GError) error = NULL;

  if (self->pair)
    add_pair_turns (self, FALSE);
  if (!hk_session_save (self->session, &error))
    g_warning ("Could not save the call's progress: %s", error->message);
}

static void
finish (HkCallRecorder *self)
{
  if (self->pair)
    add_pair_turns (self, TRUE);
  hk_session_set_duration (self->session, (double) self->written / RATE);
  if (self->canceller != NULL)
    hk_session_set_echo_delay (self->session, echo_delay (self));
  teardown (self);
  set_phase (self, HK_CALL_PHASE_DONE);
  g_signal_emit (self, signals[FINISHED], 0);
}

static void
add_pulse_source (const GValue *value,
                  gpointer      user_data)
{
  GstElement *e = g_value_get_object (value);
  GstElementFactory *f = gst_element_get_factory (e);

  if (f != NULL && g_str_equal (gst_plugin_feature_get_name (GST_PLUGIN_FEATURE (f)), "pulsesrc"))
    g_ptr_array_add (user_data, gst_object_ref (e));
}

/* Every microphone of the call that is PulseAudio's: one, or two in a
 * pair call. */
static void
find_pulse_sources (GstElement *pipeline,
                    GPtrArray  *out)
{
  g_autoptr(GstIterator) it = gst_bin_iterate_recurse (GST_BIN (pipeline));

  while (gst_iterator_foreach (it, add_pulse_source, out) == GST_ITERATOR_RESYNC)
    {
      g_ptr_array_set_size (out, 0);
      gst_iterator_resync (it);
    }
}

/* In a pair call on two inputs, whose input @src is part of: the
 * partner, or -1. */
static int
input_partner (HkCallRecorder *self,
               GstObject      *src)
{
  if (!self->pair || self->stereo)
    return -1;
  for (guint i = 0; i < 2; i++)
    for (guint k = 0; self->branches[i] != NULL && k < self->branches[i]->len; k++)
      {
        GstObject *e = g_ptr_array_index (self->branches[i], k);

        if (src == e || gst_object_has_as_ancestor (src, e))
          return (int) (i ^ (guint) self->swap);
      }
  return -1;
}

/* A sound server moves a call whose microphone was unplugged to another
 * one rather than ending it; the call goes on, and the trainee is told. */
static void
check_microphone (HkCallRecorder *self,
                  GstElement     *mic)
{
  g_autofree char *wanted = NULL;
  g_autofree char *current = NULL;

  if (self->device_note != NULL)
    return;
  g_object_get (mic, "device", &wanted, "current-device", &current, NULL);
  if (wanted == NULL || *wanted == '\0' || current == NULL || *current == '\0' ||
      g_str_equal (wanted, current))
    return;

  /* In a pair call, whose: that channel may now hear someone else. */
  switch (input_partner (self, GST_OBJECT (mic)))
    {
    case HK_PARTNER_A:
      /* Translators: two microphones' names */
      self->device_note = g_strdup_printf (_("Partner A’s microphone “%s” went away; the call goes on "
                                             "with “%s”."), wanted, current);
      break;
    case HK_PARTNER_B:
      /* Translators: two microphones' names */
      self->device_note = g_strdup_printf (_("Partner B’s microphone “%s” went away; the call goes on "
                                             "with “%s”."), wanted, current);
      break;
    default:
      /* Translators: two microphones' names */
      self->device_note = g_strdup_printf (_("The microphone “%s” went away; the call goes on with “%s”."),
                                           wanted, current);
      break;
    }
  g_message ("%s", self->device_note);
  if (hk_session_get_problem (self->session) == NULL)
    hk_session_set_problem (self->session, self->device_note);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEVICE_NOTE]);
}

/* Shows pair turn @index: its line plays, with the synthetic voice, or
 * partner A reads it from the screen from now on. */
static void
start_pair_turn (HkCallRecorder *self,
                 guint           index)
{
  if (self->voice)
    {
      play_line (self, index);
      return;
    }

  self->turn = (int) index;
  self->turn_start = to_samples (running_time (self));
  self->next_requested = FALSE;
  g_array_append_val (self->turn_starts, self->turn_start);
  set_phase (self, HK_CALL_PHASE_LISTENING);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TURN]);
}

/* Whether a pair call moves on by itself: asked to, partner A has spoken
 * in this turn, and then both have been quiet, as far as the call has
 * been heard, for the set time. */
static gboolean
pair_should_advance (HkCallRecorder *self)
{
  gboolean quiet;
  gint64 last_a, since, heard;

  if (self->pair_advance <= 0.0)
    return FALSE;

  g_mutex_lock (&self->lock);
  quiet = !self->speaking[HK_PARTNER_A] && !self->speaking[HK_PARTNER_B];
  last_a = self->last[HK_PARTNER_A];
  since = MAX (self->last[HK_PARTNER_A], self->last[HK_PARTNER_B]);
  heard = self->written;
  g_mutex_unlock (&self->lock);

  return quiet && last_a > self->turn_start && heard - since >= (gint64) (self->pair_advance * RATE);
}

static void
notify_pair_values (HkCallRecorder *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LEVEL_A]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LEVEL_B]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PARTNER_A_SPEAKING]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PARTNER_B_SPEAKING]);
}

/* Moves the call to turn @index, and keeps the turns so far on disk. */
static void
begin_turn (HkCallRecorder *self,
            guint           index)
{
  if (self->pair)
    start_pair_turn (self, index);
  else
    play_line (self, index);
  save_progress (self);
}

/* When what the feeder hands on is heard: the pipeline's latency, and
 * however far the speaker's own clock, the samples it has really
 * played, runs behind the pipeline's. Sound servers buffer more than
 * they report while a stream starts, and a virtual speaker was heard
 * 0.5 to 1.4 s late, steadily so once settled; the recording places
 * the customer where they were heard, not where they were sent.
 *
 * Measured until the first sound is scheduled, then held: from there
 * the speaker plays sample after sample, and the two clocks' readings
 * still wander by a few milliseconds a second as the sound server
 * smooths them, which following would shift the echo under the echo
 * canceller's filter for nothing. */
static void
measure_playout (HkCallRecorder *self,
                 gint64          now)
{
  g_autoptr(GstClock) clock = NULL;
  g_autoptr(GstClock) own = NULL;
  g_autoptr(GstElement) speaker = NULL;
  gint64 playout = self->latency;

  if (self->schedule->len > 0)
    return;
  g_mutex_lock (&self->lock);
  speaker = self->speaker != NULL ? gst_object_ref (self->speaker) : NULL;
  g_mutex_unlock (&self->lock);
  if (speaker != NULL)
    own = gst_element_provide_clock (speaker);
  clock = gst_element_get_clock (self->pipeline);
  if (own != NULL && clock != NULL && own != clock)
    {
      GstClockTime ours = gst_clock_get_time (clock);
      GstClockTime theirs = gst_clock_get_time (own);

      if (GST_CLOCK_TIME_IS_VALID (ours) && GST_CLOCK_TIME_IS_VALID (theirs) && ours > theirs)
        playout += to_samples (ours - theirs);
    }

  g_mutex_lock (&self->lock);
  if (ABS (playout - self->playout) > PLAYOUT_TOLERANCE)
    {
      g_debug ("the speaker plays %.1f ms after the timestamps", 1000.0 * playout / RATE);
      self->playout = playout;
      self->settled_since = now;
    }
  g_mutex_unlock (&self->lock);
}

static gboolean
tick_cb (gpointer user_data)
{
  HkCallRecorder *self = user_data;
  gint64 now = to_samples (running_time (self));
  gboolean speaking, mic_ended;
  gint64 last, heard_until;
  int n_turns = self->pair ? (int) hk_scenario_get_n_turns (self->scenario) : (int) self->lines->len;

  g_mutex_lock (&self->lock);
  speaking = self->trainee_speaking;
  last = self->trainee_last;
  heard_until = self->mic_position;
  mic_ended = self->mic_ended;
  g_mutex_unlock (&self->lock);

  self->elapsed = (double) MAX (now - self->origin, 0) / RATE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ELAPSED]);
  if (++self->ticks % 25 == 0)
    for (guint i = 0; i < self->mics->len; i++)
      check_microphone (self, g_ptr_array_index (self->mics, i));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INPUT_LEVEL]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRAINEE_SPEAKING]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CUSTOMER_SPEAKING]);
  if (self->pair)
    notify_pair_values (self);

  /* The trainee's stand-in ran out (in a pair call, both partners'),
   * or the call was ended and all that was heard has reached the
   * writer: close the file. */
  if (mic_ended)
    {
      close_writer (self);
      return G_SOURCE_REMOVE;
    }

  measure_playout (self, now);

  switch (self->phase)
    {
    case HK_CALL_PHASE_IDLE:
      {
        /* A live pipeline plays each buffer its latency after its
         * timestamp, or would if the speaker kept to it. */
        GstQuery *q = gst_query_new_latency ();
        gboolean live = FALSE;
        GstClockTime min = 0, max = 0;

        if (gst_element_query (self->pipeline, q))
          gst_query_parse_latency (q, &live, &min, &max);
        gst_query_unref (q);
        self->latency = live && GST_CLOCK_TIME_IS_VALID (min) ? to_samples (min) : 0;
      }
      if (n_turns == 0)
        end_call (self);
      else if (self->pair)
        begin_turn (self, 0);
      else if (self->speaker != NULL && now - self->settled_since < SETTLED && now < MAX_SETTLE)
        break;
      /* The canceller learns the room from a speaker that has settled. */
      else if (self->canceller != NULL && !self->connected)
        play_connecting (self);
      else if (!self->connected || now + to_samples (LEAD) >= self->connecting_end + PICK_UP)
        {
          g_debug ("the customer is heard %.0f ms after the timestamps",
                   1000.0 * self->playout / RATE);
          begin_turn (self, 0);
        }
      break;

    case HK_CALL_PHASE_SPEAKING:
      if (now >= self->line_end)
        set_phase (self, HK_CALL_PHASE_LISTENING);
      break;

    case HK_CALL_PHASE_LISTENING:
      if (self->pair)
        {
          /* Partner A moves the script on; pauses never end a turn
           * unless an unattended call asked for it. */
          if (self->next_requested || pair_should_advance (self))
            {
              if (self->turn + 1 < n_turns)
                begin_turn (self, (guint) self->turn + 1);
              else
                end_call (self);
            }
          break;
        }

      /* An answer counts once it is heard after the line ended; then the
       * trainee's silence, as far as the microphone has been heard, must
       * last the set time. */
      if (last > self->line_end)
        self->heard = TRUE;
      if (self->next_requested ||
          (self->heard && !speaking && heard_until - last >= (gint64) (self->advance_silence * RATE)))
        {
          if (self->turn + 1 < n_turns)
            begin_turn (self, (guint) self->turn + 1);
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
  int partner = input_partner (self, src);
  gboolean opening = self->starting;

  /* An input that never sent a sound did not stop: it did not open. */
  if (partner >= 0 && self->merger != NULL)
    {
      g_mutex_lock (&self->lock);
      opening |= hk_channel_merger_get_heard (self->merger, (guint) partner) == 0;
      g_mutex_unlock (&self->lock);
    }

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
  else if (partner == HK_PARTNER_A && opening)
    g_set_error (&self->error, HK_CALL_RECORDER_ERROR, HK_CALL_RECORDER_ERROR_INPUT,
                 _("Partner A’s microphone could not be opened (%s). Check the input devices "
                   "before the call."), gst_error->message);
  else if (partner == HK_PARTNER_B && opening)
    g_set_error (&self->error, HK_CALL_RECORDER_ERROR, HK_CALL_RECORDER_ERROR_INPUT,
                 _("Partner B’s microphone could not be opened (%s). Check the input devices "
                   "before the call."), gst_error->message);
  else if (partner == HK_PARTNER_A)
    g_set_error (&self->error, HK_CALL_RECORDER_ERROR, HK_CALL_RECORDER_ERROR_INPUT,
                 _("Partner A’s microphone stopped working during the call (%s). What was "
                   "recorded until then is kept; check the input devices."), gst_error->message);
  else if (partner == HK_PARTNER_B)
    g_set_error (&self->error, HK_CALL_RECORDER_ERROR, HK_CALL_RECORDER_ERROR_INPUT,
                 _("Partner B’s microphone stopped working during the call (%s). What was "
                   "recorded until then is kept; check the input devices."), gst_error->message);
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

/* What the feeder hands on in [@first, @first + @n), in samples as
 * timestamped: the customer's lines, and with @connecting the connecting
 * sound too, which the echo canceller must know of but the recording
 * leaves out. Called with the lock held. */
static void
scheduled_sound (HkCallRecorder *self,
                    gint64          first,
                    gsize           n,
                    gboolean        connecting,
                    float          *out)
{
  memset (out, 0, n * sizeof (float));
  for (guint s = 0; s < self->schedule->len; s++)
    {
      const Scheduled *e = &g_array_index (self->schedule, Scheduled, s);
      const float *samples;
      gsize len;
      gint64 from, to;

      if (e->line == CONNECTING)
        {
          if (!connecting)
            continue;
          samples = self->connecting;
          len = self->n_connecting;
        }
      else
        {
          samples = g_array_index (self->lines, Line, e->line).samples;
          len = g_array_index (self->lines, Line, e->line).n;
        }
      from = MAX (first, e->start);
      to = MIN (first + (gint64) n, e->start + (gint64) len);
      for (gint64 t = from; t < to; t++)
        out[t - first] = samples[t - e->start];
    }
}

/* The customer as heard in [@first, @first + @n) of running time. */
static void
customer_reference (HkCallRecorder *self,
                    gint64          first,
                    gsize           n,
                    gboolean        connecting,
                    float          *out)
{
  scheduled_sound (self, first - self->playout, n, connecting, out);
}

/* The customer's stream, on the speaker's streaming thread: the next
 * 20 ms of what is scheduled, silence where nothing is, in one unbroken
 * line. A stream with gaps between lines would have the speaker find
 * its place again at each line, and through a sound server that moved
 * the customer by up to 700 ms from line to line; fed without a break
 * and left to run at its own pace, it is heard a steady time after its
 * timestamps, which an echo canceller can follow. */
static void
feed_cb (GstAppSrc *src,
         guint      length,
         gpointer   user_data)
{
  HkCallRecorder *self = user_data;
  float samples[FEED_CHUNK];
  GstBuffer *buf;
  gint64 first;

  /* A sink that does not keep time (fakesink without sync) would take
   * all it is given at once: never run more than FEED_AHEAD ahead. */
  if (self->pipeline != NULL && GST_STATE (self->pipeline) == GST_STATE_PLAYING)
    {
      gint64 ahead = self->feed_next - to_samples (running_time (self)) - FEED_AHEAD;

      if (ahead > 0)
        g_usleep ((gulong) (MIN (ahead, FEED_CHUNK) * G_USEC_PER_SEC / RATE));
    }

  g_mutex_lock (&self->lock);
  first = self->feed_next;
  scheduled_sound (self, first, FEED_CHUNK, TRUE, samples);
  self->feed_next += FEED_CHUNK;
  g_mutex_unlock (&self->lock);

  buf = gst_buffer_new_memdup (samples, sizeof samples);
  GST_BUFFER_PTS (buf) = gst_util_uint64_scale (first, GST_SECOND, RATE);
  GST_BUFFER_DURATION (buf) = gst_util_uint64_scale (FEED_CHUNK, GST_SECOND, RATE);
  gst_app_src_push_buffer (src, buf);
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

  /* The connecting sound before the origin is not part of the call. */
  first -= self->origin;
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

static double
level_of (const float *x,
          gsize        n)
{
  double energy = 0.0;

  for (gsize i = 0; i < n; i++)
    energy += (double) x[i] * x[i];
  return n > 0 ? 10.0 * log10 (energy / n + 1e-12) : SILENT;
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
  const float *mic;
  float *both, *ref, *played, *cleaned;
  double level;

  if (buf == NULL || !gst_buffer_map (buf, &map, GST_MAP_READ))
    return GST_FLOW_OK;

  n = map.size / sizeof (float);
  mic = (const float *) map.data;
  first = GST_BUFFER_PTS_IS_VALID (buf) ? to_samples (GST_BUFFER_PTS (buf)) : self->mic_position;
  /* Reused from buffer to buffer: this runs every 10 ms or so. */
  if (self->scratch_len < n)
    {
      self->scratch = g_renew (float, self->scratch, 5 * n);
      self->scratch_len = n;
    }
  both = self->scratch;
  ref = self->scratch + 2 * n;
  played = self->scratch + 3 * n;
  cleaned = self->scratch + 4 * n;

  /* What the microphone hears, echo and all. */
  level = level_of (mic, n);

  g_mutex_lock (&self->lock);
  if (self->canceller != NULL)
    {
      /* The canceller needs the microphone's samples in an unbroken
       * line with what the speaker played, counted sample by sample:
       * timestamps taken on arrival jitter by a few milliseconds, and
       * following them would shift the echo back and forth under the
       * filter. Only a real gap, audio lost, is made up with silence,
       * and a long one starts the canceller afresh. */
      if (self->canceller_next < 0 || first - self->canceller_next < -MIC_JITTER)
        self->canceller_next = first;
      else if (first - self->canceller_next > MAX_MIC_GAP)
        {
          hk_echo_canceller_free (self->canceller);
          self->canceller = hk_echo_canceller_new ();
          self->canceller_next = first;
        }
      else if (first - self->canceller_next > MIC_JITTER)
        {
          gsize gap = (gsize) (first - self->canceller_next);
          g_autofree float *silence = g_new0 (float, gap);
          g_autofree float *heard = g_new (float, gap);
          g_autofree float *out = g_new (float, gap);

          customer_reference (self, self->canceller_next + ECHO_MARGIN, gap, TRUE, heard);
          hk_echo_canceller_process (self->canceller, heard, silence, gap, out);
          self->canceller_next = first;
        }
      customer_reference (self, self->canceller_next + ECHO_MARGIN, n, TRUE, played);
      hk_echo_canceller_process (self->canceller, played, mic, n, cleaned);
      self->canceller_next += (gint64) n;
      /* What comes out lags what went in. */
      first -= hk_echo_canceller_get_latency (self->canceller);
      mic = cleaned;
    }
  customer_reference (self, first, n, FALSE, ref);
  for (gsize i = 0; i < n; i++)
    {
      both[2 * i] = ref[i];
      both[2 * i + 1] = mic[i];
    }
  /* The connecting sound is not part of the call: the live detector
   * starts with the recording. */
  if (first + (gint64) n > self->origin)
    hk_call_analyzer_feed_interleaved (self->live, both, n);
  self->trainee_speaking = hk_call_analyzer_is_speaking (self->live, 1);
  self->mic_position = first + (gint64) n;
  if (self->trainee_speaking)
    self->trainee_last = self->mic_position;
  self->level = level;
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

/* Runs the live detector over merged frames, a 10 ms frame at a time,
 * for whether each partner speaks now, where each last spoke, and
 * partner A's speech, by which the turns end. */
static void
listen_pair (HkCallRecorder *self,
             const float    *frames,
             gsize           n,
             gint64          first)
{
  gsize i = 0;

  while (i < n)
    {
      gsize k = MIN ((gsize) (HK_VAD_FRAME - (first + (gint64) i) % HK_VAD_FRAME), n - i);
      gint64 end;

      hk_call_analyzer_feed_interleaved (self->live, frames + 2 * i, k);
      i += k;
      end = first + (gint64) i;
      if (end % HK_VAD_FRAME != 0)
        continue;

      for (guint c = 0; c < 2; c++)
        {
          self->speaking[c] = hk_call_analyzer_is_speaking (self->live, c);
          if (self->speaking[c])
            self->last[c] = end;
        }
      if (self->speaking[HK_PARTNER_A] && self->run_start < 0)
        self->run_start = end - HK_VAD_FRAME;
      else if (!self->speaking[HK_PARTNER_A] && self->run_start >= 0)
        {
          hk_segments_add (self->speech_a, (double) self->run_start / RATE,
                           (double) self->last[HK_PARTNER_A] / RATE);
          self->run_start = -1;
        }
    }
  self->trainee_speaking = self->speaking[HK_PARTNER_B];
}

/* The merger's output, in order and without gaps, under the lock: the
 * lines played are added to partner A's channel, then it is heard and
 * written. */
static void
merged_cb (const float *frames,
           gsize        n,
           gint64       first,
           gpointer     user_data)
{
  HkCallRecorder *self = user_data;
  GstBuffer *buf = gst_buffer_new_allocate (NULL, n * 2 * sizeof (float), NULL);
  GstMapInfo map;
  float *out;

  gst_buffer_map (buf, &map, GST_MAP_WRITE);
  out = (float *) map.data;
  memcpy (out, frames, n * 2 * sizeof (float));
  if (self->voice)
    {
      if (self->merged_len < n)
        {
          self->merged = g_renew (float, self->merged, n);
          self->merged_len = n;
        }
      customer_reference (self, first, n, FALSE, self->merged);
      for (gsize i = 0; i < n; i++)
        out[2 * i] += self->merged[i];
    }
  listen_pair (self, out, n, first);
  gst_buffer_unmap (buf, &map);

  GST_BUFFER_PTS (buf) = gst_util_uint64_scale (first, GST_SECOND, RATE);
  GST_BUFFER_DURATION (buf) = gst_util_uint64_scale (n, GST_SECOND, RATE);
  gst_app_src_push_buffer (GST_APP_SRC (self->record), buf);
  self->written = first + (gint64) n;
  self->mic_position = self->written;
}

/* Where a buffer belongs on the call's timeline: its running time, so
 * that a late start or a lost buffer shows as silence, not a shift. */
static gint64
buffer_position (GstSample *sample,
                 GstBuffer *buf,
                 gint64     fallback)
{
  const GstSegment *segment = gst_sample_get_segment (sample);
  guint64 t;

  if (!GST_BUFFER_PTS_IS_VALID (buf) || segment == NULL || segment->format != GST_FORMAT_TIME)
    return fallback;
  t = gst_segment_to_running_time (segment, GST_FORMAT_TIME, GST_BUFFER_PTS (buf));
  return GST_CLOCK_TIME_IS_VALID (t) ? to_samples (t) : fallback;
}


/* A buffer of input @input: one partner's microphone, or with one stereo
 * input both partners, left and right. */
static GstFlowReturn
pair_sample (HkCallRecorder *self,
             GstAppSink     *sink,
             guint           input)
{
  g_autoptr(GstSample) sample = gst_app_sink_pull_sample (sink);
  GstBuffer *buf = sample ? gst_sample_get_buffer (sample) : NULL;
  guint channel = input ^ (guint) self->swap;
  GstMapInfo map;
  const float *x;

  if (buf == NULL || !gst_buffer_map (buf, &map, GST_MAP_READ))
    return GST_FLOW_OK;
  x = (const float *) map.data;

  if (self->stereo)
    {
      gsize n = map.size / (2 * sizeof (float));
      g_autofree float *left = g_new (float, MAX (n, 1));
      g_autofree float *right = g_new (float, MAX (n, 1));
      gint64 first;

      for (gsize i = 0; i < n; i++)
        {
          left[i] = x[2 * i];
          right[i] = x[2 * i + 1];
        }
      g_mutex_lock (&self->lock);
      first = buffer_position (sample, buf, hk_channel_merger_get_heard (self->merger, 0));
      self->levels[self->swap ? 1 : 0] = level_of (left, n);
      self->levels[self->swap ? 0 : 1] = level_of (right, n);
      hk_channel_merger_push (self->merger, self->swap ? 1 : 0, first, left, n);
      hk_channel_merger_push (self->merger, self->swap ? 0 : 1, first, right, n);
      g_mutex_unlock (&self->lock);
    }
  else
    {
      gsize n = map.size / sizeof (float);
      gint64 first;

      g_mutex_lock (&self->lock);
      first = buffer_position (sample, buf, hk_channel_merger_get_heard (self->merger, channel));

      self->levels[channel] = level_of (x, n);
      hk_channel_merger_push (self->merger, channel, first, x, n);
      g_mutex_unlock (&self->lock);
    }

  gst_buffer_unmap (buf, &map);
  return GST_FLOW_OK;
}

static GstFlowReturn
sample_a_cb (GstAppSink *sink,
             gpointer    user_data)
{
  return pair_sample (user_data, sink, 0);
}

static GstFlowReturn
sample_b_cb (GstAppSink *sink,
             gpointer    user_data)
{
  return pair_sample (user_data, sink, 1);
}

/* An input ended: it is waited for no more; once both have, the call is
 * over and the rest is written. */
static void
pair_eos (HkCallRecorder *self,
          guint           input)
{
  g_mutex_lock (&self->lock);
  if (self->stereo)
    {
      hk_channel_merger_end (self->merger, 0);
      hk_channel_merger_end (self->merger, 1);
    }
  else
    hk_channel_merger_end (self->merger, input ^ (guint) self->swap);
  if (hk_channel_merger_all_ended (self->merger))
    {
      hk_channel_merger_flush (self->merger);
      self->mic_ended = TRUE;
    }
  g_mutex_unlock (&self->lock);
}

static void
eos_a_cb (GstAppSink *sink,
          gpointer    user_data)
{
  pair_eos (user_data, 0);
}

static void
eos_b_cb (GstAppSink *sink,
          gpointer    user_data)
{
  pair_eos (user_data, 1);
}

/* The elements an appsink's stream comes through, up to its source, to
 * tell whose input an error came from. */
static GPtrArray *
upstream_branch (GstElement *sink)
{
  GPtrArray *branch = g_ptr_array_new_with_free_func (gst_object_unref);
  GstElement *e = gst_object_ref (sink);

  for (guint step = 0; e != NULL && step < 64; step++)
    {
      GstPad *pad = e->sinkpads != NULL ? e->sinkpads->data : NULL;
      g_autoptr(GstPad) peer = pad != NULL ? gst_pad_get_peer (pad) : NULL;

      g_ptr_array_add (branch, e);
      e = peer != NULL ? gst_pad_get_parent_element (peer) : NULL;
    }
  g_clear_object (&e);
  return branch;
}

/* Two sound cards, or two record streams of one server, each count
 * their samples from when they opened, and a stream may open with audio
 * from before: placed by sample count, the two voices came out 70 to 450
 * ms apart through virtual devices. Placed by when each buffer arrived,
 * less the latency its device reports, they are within about 10 ms. So
 * the inputs of a pair call are timestamped that way, and none of them
 * drives the pipeline's clock. */
static void
slave_input (GstElement *element,
             gboolean    retimestamp)
{
  if (!GST_IS_AUDIO_BASE_SRC (element))
    return;
  g_object_set (element, "provide-clock", FALSE, NULL);
  if (retimestamp)
    g_object_set (element, "slave-method", GST_AUDIO_BASE_SRC_SLAVE_RE_TIMESTAMP, NULL);
}

static void
slave_each_cb (const GValue *value,
               gpointer      user_data)
{
  slave_input (g_value_get_object (value), GPOINTER_TO_INT (user_data));
}

/* Sources that bins such as autoaudiosrc make later, too. */
static void
deep_element_added_cb (GstBin     *bin,
                       GstBin     *sub_bin,
                       GstElement *element,
                       gpointer    user_data)
{
  slave_input (element, GPOINTER_TO_INT (user_data));
}

/* The speaker runs at its own pace (see feed_cb()), and its own clock
 * says how far behind the pipeline's it plays (measure_playout()). */
static void
free_run (HkCallRecorder *self,
          GstElement     *element)
{
  if (!GST_IS_AUDIO_BASE_SINK (element))
    return;
  g_object_set (element, "slave-method", GST_AUDIO_BASE_SINK_SLAVE_NONE, NULL);
  g_mutex_lock (&self->lock);
  if (self->speaker == NULL)
    self->speaker = gst_object_ref (element);
  g_mutex_unlock (&self->lock);
}

static void
free_run_cb (const GValue *value,
             gpointer      user_data)
{
  free_run (user_data, g_value_get_object (value));
}

/* Sinks that bins such as autoaudiosink make later, too. */
static void
free_run_element_added_cb (GstBin     *bin,
                           GstBin     *sub_bin,
                           GstElement *element,
                           gpointer    user_data)
{
  free_run (user_data, element);
}

static void
free_run_speaker (HkCallRecorder *self)
{
  g_autoptr(GstIterator) it = gst_bin_iterate_recurse (GST_BIN (self->pipeline));

  while (gst_iterator_foreach (it, free_run_cb, self) == GST_ITERATOR_RESYNC)
    gst_iterator_resync (it);
  g_signal_connect (self->pipeline, "deep-element-added", G_CALLBACK (free_run_element_added_cb), self);
}

static void
slave_inputs (GstElement *pipeline,
              gboolean    retimestamp)
{
  g_autoptr(GstIterator) it = gst_bin_iterate_recurse (GST_BIN (pipeline));

  while (gst_iterator_foreach (it, slave_each_cb, GINT_TO_POINTER (retimestamp)) == GST_ITERATOR_RESYNC)
    gst_iterator_resync (it);
  g_signal_connect (pipeline, "deep-element-added", G_CALLBACK (deep_element_added_cb),
                    GINT_TO_POINTER (retimestamp));
}

static void
connect_pair (HkCallRecorder *self)
{
  GstAppSinkCallbacks callbacks[2] = { { 0 }, { 0 } };
  const char *names[2] = { "listen-a", "listen-b" };

  callbacks[0].new_sample = sample_a_cb;
  callbacks[0].eos = eos_a_cb;
  callbacks[1].new_sample = sample_b_cb;
  callbacks[1].eos = eos_b_cb;
  for (guint i = 0; i < (self->stereo ? 1u : 2u); i++)
    {
      g_autoptr(GstElement) listen = gst_bin_get_by_name (GST_BIN (self->pipeline), names[i]);

      gst_app_sink_set_callbacks (GST_APP_SINK (listen), &callbacks[i], self, NULL);
      g_clear_pointer (&self->branches[i], g_ptr_array_unref);
      self->branches[i] = upstream_branch (listen);
    }
  /* One stereo input is in step with itself: it needs no new timestamps. */
  slave_inputs (self->pipeline, !self->stereo);
}

static char *
pair_description (HkCallRecorder *self)
{
  const char *sink = self->sink_desc ? self->sink_desc : "autoaudiosink";
  GString *desc = g_string_new (NULL);

  if (self->voice)
    g_string_append_printf (desc,
      "appsrc name=customer is-live=true format=time "
      "  caps=audio/x-raw,format=F32LE,rate=%d,channels=1,layout=interleaved "
      "  ! audioconvert ! audioresample ! %s ",
      RATE, sink);
  if (self->stereo)
    g_string_append_printf (desc,
      "%s ! queue ! audioconvert ! audioresample "
      "  ! audio/x-raw,format=F32LE,rate=%d,channels=2,layout=interleaved "
      "  ! appsink name=listen-a sync=false ",
      self->pair_desc[0] ? self->pair_desc[0] : "autoaudiosrc", RATE);
  else
    for (guint i = 0; i < 2; i++)
      g_string_append_printf (desc,
        "%s ! queue ! audioconvert ! audioresample "
        "  ! audio/x-raw,format=F32LE,rate=%d,channels=1,layout=interleaved "
        "  ! appsink name=listen-%c sync=false ",
        self->pair_desc[i] ? self->pair_desc[i] : "autoaudiosrc", RATE, 'a' + i);
  return g_string_free (desc, FALSE);
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
  self->voice = self->pair && hk_session_get_customer_voice (self->session);
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
  desc = self->pair ? pair_description (self) : call_description (self);
  self->pipeline = launch (desc, error);
  if (self->pipeline == NULL)
    {
      teardown (self);
      return FALSE;
    }

  self->record = gst_bin_get_by_name (GST_BIN (self->writer), "record");
  g_object_set (self->record, "max-bytes", (guint64) 0, "block", FALSE, NULL);
  /* A pair call without the synthetic voice plays nothing. */
  self->customer = gst_bin_get_by_name (GST_BIN (self->pipeline), "customer");
  find_pulse_sources (self->pipeline, self->mics);
  if (self->customer != NULL)
    {
      /* A few chunks queued at most: the feeder keeps pace with the
       * speaker, never far ahead of what a new line may change. */
      g_object_set (self->customer, "max-bytes", (guint64) (3 * FEED_CHUNK * sizeof (float)),
                    "block", FALSE, NULL);
      free_run_speaker (self);
    }
  g_clear_pointer (&self->live, hk_call_analyzer_free);
  self->live = hk_call_analyzer_new (2, th);
  g_clear_pointer (&self->canceller, hk_echo_canceller_free);
  self->canceller_next = -1;
  self->origin = 0;
  self->connected = FALSE;
  self->latency = self->playout = self->settled_since = 0;
  if (self->echo_cancel && !self->pair && self->customer != NULL)
    {
      self->canceller = hk_echo_canceller_new ();
      /* Nothing is recorded until the connecting sound has been played
       * and the origin is known. */
      self->origin = G_MAXINT64 / 2;
      if (self->connecting == NULL)
        self->connecting = hk_echo_canceller_make_connecting_sound (&self->n_connecting);
    }
  if (self->pair)
    {
      g_clear_pointer (&self->merger, hk_channel_merger_free);
      self->merger = hk_channel_merger_new (2, PAIR_MAX_WAIT, merged_cb, self);
      hk_channel_merger_set_jitter (self->merger, PAIR_JITTER);
      g_clear_pointer (&self->speech_a, g_array_unref);
      self->speech_a = hk_segments_new ();
      g_array_set_size (self->turn_starts, 0);
      connect_pair (self);
    }
  else
    {
      listen = gst_bin_get_by_name (GST_BIN (self->pipeline), "listen");
      gst_app_sink_set_callbacks (GST_APP_SINK (listen), &callbacks, self, NULL);
    }

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

  /* The feeder's first silence lets the speaker's sink preroll, so the
   * pipeline reaches PLAYING and the call can start. */
  if (self->customer != NULL)
    {
      GstAppSrcCallbacks feeder = { 0 };

      feeder.need_data = feed_cb;
      self->feed_next = 0;
      gst_app_src_set_callbacks (GST_APP_SRC (self->customer), &feeder, self, NULL);
    }

  if (gst_element_set_state (self->pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    {
      g_autoptr(GstMessage) msg = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);

      self->starting = TRUE;
      if (msg != NULL)
        set_pipeline_error (self, msg);
      self->starting = FALSE;
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
 * (after the current line, if it is still playing). In a pair call,
 * partner A moves on to the next line of the script. After the last
 * line, the call ends.
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
 * Returns: the microphone's level just now, dBFS; in a pair call the
 *   louder partner's
 */
double
hk_call_recorder_get_input_level (HkCallRecorder *self)
{
  double level;

  g_return_val_if_fail (HK_IS_CALL_RECORDER (self), SILENT);
  g_mutex_lock (&self->lock);
  level = self->pair ? MAX (self->levels[0], self->levels[1]) : self->level;
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

/**
 * hk_call_recorder_get_customer_speaking:
 *
 * Returns: whether the customer's line is playing; in a pair call also
 *   whether partner A is speaking
 */
gboolean
hk_call_recorder_get_customer_speaking (HkCallRecorder *self)
{
  g_return_val_if_fail (HK_IS_CALL_RECORDER (self), FALSE);

  /* From when the line is heard, not when it was handed to the speaker. */
  if (self->phase == HK_CALL_PHASE_SPEAKING && self->pipeline != NULL &&
      to_samples (running_time (self)) >= self->turn_start)
    return TRUE;
  return self->pair && hk_call_recorder_get_partner_speaking (self, HK_PARTNER_A);
}

/**
 * hk_call_recorder_get_partner_level:
 * @partner: whose input
 *
 * Returns: in a pair call, the level of @partner's input just now, dBFS
 *   (swapped inputs taken into account); -120 in a solo call
 */
double
hk_call_recorder_get_partner_level (HkCallRecorder *self,
                                    HkPartner       partner)
{
  double level;

  g_return_val_if_fail (HK_IS_CALL_RECORDER (self), SILENT);
  g_return_val_if_fail (partner == HK_PARTNER_A || partner == HK_PARTNER_B, SILENT);

  g_mutex_lock (&self->lock);
  level = self->levels[partner];
  g_mutex_unlock (&self->lock);
  return level;
}

/**
 * hk_call_recorder_get_partner_speaking:
 * @partner: who
 *
 * Returns: in a pair call, whether @partner is speaking just now, as the
 *   live detector hears the call (a few tens of milliseconds behind);
 *   with the synthetic voice, partner A's channel holds the voice too
 */
gboolean
hk_call_recorder_get_partner_speaking (HkCallRecorder *self,
                                       HkPartner       partner)
{
  gboolean speaking;

  g_return_val_if_fail (HK_IS_CALL_RECORDER (self), FALSE);
  g_return_val_if_fail (partner == HK_PARTNER_A || partner == HK_PARTNER_B, FALSE);

  g_mutex_lock (&self->lock);
  speaking = self->speaking[partner];
  g_mutex_unlock (&self->lock);
  return speaking;
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
