/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hk-call-player"

/* Replays a session's call, both parties as heard on the phone:
 *
 *   filesrc ! decodebin ! audioconvert ! scaletempo ! audioconvert ! audioresample ! speaker
 *
 * The position is reported 30 times a second while playing, seeks are
 * accurate to the sample, a span (a marker's) plays and stops at its end,
 * and the rate goes from half to double speed without changing the
 * voices' pitch (scaletempo stretches time, not frequency). */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <gst/gst.h>

#include "hk-call-player.h"

#define TICK_MS 33   /* 30 Hz */

struct _HkCallPlayer
{
  GObject     parent_instance;

  GstElement *pipeline;
  guint       bus_watch;
  guint       tick;
  double      rate;
  double      duration;
  gint64      span_end;    /* nanoseconds; -1 for none */
  gboolean    playing;
  gboolean    prerolled;
  GError     *error;
};

G_DEFINE_FINAL_TYPE (HkCallPlayer, hk_call_player, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_POSITION,
  PROP_DURATION,
  PROP_PLAYING,
  PROP_RATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
hk_call_player_dispose (GObject *object)
{
  HkCallPlayer *self = HK_CALL_PLAYER (object);

  g_clear_handle_id (&self->tick, g_source_remove);
  g_clear_handle_id (&self->bus_watch, g_source_remove);
  if (self->pipeline != NULL)
    gst_element_set_state (self->pipeline, GST_STATE_NULL);
  g_clear_object (&self->pipeline);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (hk_call_player_parent_class)->dispose (object);
}

static void
hk_call_player_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  HkCallPlayer *self = HK_CALL_PLAYER (object);

  switch (prop_id)
    {
    case PROP_POSITION:
      g_value_set_double (value, hk_call_player_get_position (self));
      break;
    case PROP_DURATION:
      g_value_set_double (value, self->duration);
      break;
    case PROP_PLAYING:
      g_value_set_boolean (value, self->playing);
      break;
    case PROP_RATE:
      g_value_set_double (value, self->rate);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hk_call_player_class_init (HkCallPlayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = hk_call_player_dispose;
  object_class->get_property = hk_call_player_get_property;

  properties[PROP_POSITION] =
    g_param_spec_double ("position", NULL, NULL, 0.0, G_MAXDOUBLE, 0.0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DURATION] =
    g_param_spec_double ("duration", NULL, NULL, 0.0, G_MAXDOUBLE, 0.0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PLAYING] =
    g_param_spec_boolean ("playing", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RATE] =
    g_param_spec_double ("rate", NULL, NULL, HK_CALL_PLAYER_RATE_MIN, HK_CALL_PLAYER_RATE_MAX, 1.0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * HkCallPlayer::failed:
   *
   * Playing stopped on an error, such as a speaker that went away; see
   * hk_call_player_get_error().
   */
  signals[FAILED] = g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
hk_call_player_init (HkCallPlayer *self)
{
  self->rate = 1.0;
  self->span_end = -1;
}

static void
set_playing (HkCallPlayer *self,
             gboolean      playing)
{
  if (self->playing == playing)
    return;
  self->playing = playing;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLAYING]);
}

static gboolean
tick_cb (gpointer user_data)
{
  HkCallPlayer *self = user_data;

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POSITION]);
  return G_SOURCE_CONTINUE;
}

static void
stop_ticking (HkCallPlayer *self)
{
  g_clear_handle_id (&self->tick, g_source_remove);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POSITION]);
}

static gboolean
bus_cb (GstBus     *bus,
        GstMessage *msg,
        gpointer    user_data)
{
  HkCallPlayer *self = user_data;

  switch (GST_MESSAGE_TYPE (msg))
    {
    case GST_MESSAGE_EOS:
      /* The end of the call or of a span, once the speaker has played
       * it all: stay there, paused. */
      gst_element_set_state (self->pipeline, GST_STATE_PAUSED);
      set_playing (self, FALSE);
      stop_ticking (self);
      break;

    case GST_MESSAGE_ERROR:
      {
        g_autoptr(GError) error = NULL;

        gst_message_parse_error (msg, &error, NULL);
        g_debug ("Playback failed: %s", error->message);
        gst_element_set_state (self->pipeline, GST_STATE_PAUSED);
        set_playing (self, FALSE);
        stop_ticking (self);
        g_clear_error (&self->error);
        self->error = g_error_new (G_IO_ERROR, G_IO_ERROR_FAILED,
                                   _("The call cannot be played: %s"), error->message);
        g_signal_emit (self, signals[FAILED], 0);
      }
      break;

    case GST_MESSAGE_ASYNC_DONE:
      {
        gint64 duration;

        self->prerolled = TRUE;
        if (gst_element_query_duration (self->pipeline, GST_FORMAT_TIME, &duration) &&
            (double) duration / GST_SECOND != self->duration)
          {
            self->duration = (double) duration / GST_SECOND;
            g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DURATION]);
          }
      }
      break;

    default:
      break;
    }

  return G_SOURCE_CONTINUE;
}

static void
pad_added_cb (GstElement *decodebin,
              GstPad     *pad,
              GstElement *convert)
{
  g_autoptr(GstPad) sink = gst_element_get_static_pad (convert, "sink");

  if (!gst_pad_is_linked (sink))
    gst_pad_link (pad, sink);
}

/**
 * hk_call_player_new:
 * @path: a call recording
 * @sink_description: (nullable): a GStreamer description for the output;
 *   %NULL for the default speaker
 *
 * Returns: (transfer full) (nullable): a paused player at the start
 */
HkCallPlayer *
hk_call_player_new (const char  *path,
                    const char  *sink_description,
                    GError     **error)
{
  g_autoptr(HkCallPlayer) self = NULL;
  g_autofree char *quoted = NULL;
  g_autofree char *desc = NULL;
  g_autoptr(GstElement) decode = NULL;
  g_autoptr(GstElement) convert = NULL;
  g_autoptr(GstBus) bus = NULL;
  g_autoptr(GError) local = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("“%s” does not exist; check the path"), path);
      return NULL;
    }
  if (!gst_is_initialized () && !gst_init_check (NULL, NULL, error))
    return NULL;

  self = g_object_new (HK_TYPE_CALL_PLAYER, NULL);
  quoted = g_strescape (path, NULL);
  desc = g_strdup_printf ("filesrc location=\"%s\" ! decodebin name=decode "
                          "audioconvert name=convert ! scaletempo ! audioconvert ! audioresample ! %s",
                          quoted, sink_description ? sink_description : "autoaudiosink");
  self->pipeline = gst_parse_launch_full (desc, NULL, GST_PARSE_FLAG_FATAL_ERRORS, &local);
  if (self->pipeline == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("The call cannot be played: %s"), local->message);
      return NULL;
    }
  gst_object_ref_sink (self->pipeline);

  decode = gst_bin_get_by_name (GST_BIN (self->pipeline), "decode");
  convert = gst_bin_get_by_name (GST_BIN (self->pipeline), "convert");
  g_signal_connect_object (decode, "pad-added", G_CALLBACK (pad_added_cb), convert, 0);

  bus = gst_element_get_bus (self->pipeline);
  self->bus_watch = gst_bus_add_watch (bus, bus_cb, self);
  gst_element_set_state (self->pipeline, GST_STATE_PAUSED);

  return g_steal_pointer (&self);
}

/**
 * hk_call_player_wait_ready:
 *
 * Blocks until the call is loaded and paused at its start.
 *
 * Returns: %TRUE when ready to play
 */
gboolean
hk_call_player_wait_ready (HkCallPlayer *self,
                           GError      **error)
{
  GstState state;

  g_return_val_if_fail (HK_IS_CALL_PLAYER (self), FALSE);

  if (gst_element_get_state (self->pipeline, &state, NULL, 10 * GST_SECOND) == GST_STATE_CHANGE_FAILURE)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("The call cannot be played"));
      return FALSE;
    }
  while (!self->prerolled && g_main_context_iteration (NULL, FALSE))
    ;
  return TRUE;
}

void
hk_call_player_play (HkCallPlayer *self)
{
  g_return_if_fail (HK_IS_CALL_PLAYER (self));

  /* At the end, play from the start again. */
  if (self->duration > 0.0 && hk_call_player_get_position (self) >= self->duration - 0.01)
    hk_call_player_seek (self, 0.0);
  gst_element_set_state (self->pipeline, GST_STATE_PLAYING);
  set_playing (self, TRUE);
  if (self->tick == 0)
    self->tick = g_timeout_add (TICK_MS, tick_cb, self);
}

void
hk_call_player_pause (HkCallPlayer *self)
{
  g_return_if_fail (HK_IS_CALL_PLAYER (self));

  gst_element_set_state (self->pipeline, GST_STATE_PAUSED);
  set_playing (self, FALSE);
  stop_ticking (self);
}

static gboolean
do_seek (HkCallPlayer *self,
         double        start,
         gint64        stop)
{
  gint64 from = (gint64) (MAX (start, 0.0) * GST_SECOND);
  GstSeekFlags flags = GST_SEEK_FLAG_FLUSH | GST_SEEK_FLAG_ACCURATE;
  gboolean ok;

  /* The stop is always set, to -1 (the end) when there is none: left
   * alone, a span played before would still stop a seek past it. */
  ok = gst_element_seek (self->pipeline, self->rate, GST_FORMAT_TIME, flags,
                         GST_SEEK_TYPE_SET, from,
                         GST_SEEK_TYPE_SET, stop >= 0 ? stop : -1);
  /* Wait for the flush to settle, so the position reads true at once. */
  gst_element_get_state (self->pipeline, NULL, NULL, 5 * GST_SECOND);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POSITION]);
  return ok;
}

/**
 * hk_call_player_seek:
 * @seconds: where to go
 *
 * Returns: %TRUE when the player went there
 */
gboolean
hk_call_player_seek (HkCallPlayer *self,
                     double        seconds)
{
  g_return_val_if_fail (HK_IS_CALL_PLAYER (self), FALSE);

  self->span_end = -1;
  return do_seek (self, seconds, -1);
}

/**
 * hk_call_player_play_span:
 * @start: seconds
 * @end: seconds, after @start
 *
 * Plays from @start and stops at @end, as for hearing one marker again.
 *
 * Returns: %TRUE when playing
 */
gboolean
hk_call_player_play_span (HkCallPlayer *self,
                          double        start,
                          double        end)
{
  g_return_val_if_fail (HK_IS_CALL_PLAYER (self), FALSE);
  g_return_val_if_fail (end > start, FALSE);

  self->span_end = (gint64) (end * GST_SECOND);
  if (!do_seek (self, start, self->span_end))
    return FALSE;
  gst_element_set_state (self->pipeline, GST_STATE_PLAYING);
  set_playing (self, TRUE);
  if (self->tick == 0)
    self->tick = g_timeout_add (TICK_MS, tick_cb, self);
  return TRUE;
}

/**
 * hk_call_player_set_rate:
 * @rate: 0.5 to 2
 *
 * Plays slower or faster from where it is; voices keep their pitch.
 *
 * Returns: %TRUE when the rate changed
 */
gboolean
hk_call_player_set_rate (HkCallPlayer *self,
                         double        rate)
{
  double position;

  g_return_val_if_fail (HK_IS_CALL_PLAYER (self), FALSE);

  rate = CLAMP (rate, HK_CALL_PLAYER_RATE_MIN, HK_CALL_PLAYER_RATE_MAX);
  if (rate == self->rate)
    return TRUE;
  position = hk_call_player_get_position (self);
  self->rate = rate;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RATE]);
  return do_seek (self, position, self->span_end);
}

double
hk_call_player_get_rate (HkCallPlayer *self)
{
  g_return_val_if_fail (HK_IS_CALL_PLAYER (self), 1.0);
  return self->rate;
}

/**
 * hk_call_player_get_position:
 *
 * Returns: seconds into the call
 */
double
hk_call_player_get_position (HkCallPlayer *self)
{
  gint64 position = 0;

  g_return_val_if_fail (HK_IS_CALL_PLAYER (self), 0.0);

  if (!gst_element_query_position (self->pipeline, GST_FORMAT_TIME, &position))
    return 0.0;
  return (double) position / GST_SECOND;
}

double
hk_call_player_get_duration (HkCallPlayer *self)
{
  g_return_val_if_fail (HK_IS_CALL_PLAYER (self), 0.0);
  return self->duration;
}

gboolean
hk_call_player_get_playing (HkCallPlayer *self)
{
  g_return_val_if_fail (HK_IS_CALL_PLAYER (self), FALSE);
  return self->playing;
}

/**
 * hk_call_player_get_error:
 *
 * Returns: (nullable): why playing last failed
 */
const GError *
hk_call_player_get_error (HkCallPlayer *self)
{
  g_return_val_if_fail (HK_IS_CALL_PLAYER (self), NULL);
  return self->error;
}
