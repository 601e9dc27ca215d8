/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hk-decoder"

/* Decodes any audio file GStreamer can read (Ogg/Opus, FLAC, WAV, MP3, ...)
 * to 16 kHz float samples for the analysis, keeping the channels apart,
 * and hands them over chunk by chunk as they come: an hour of call is
 * never held in memory. The pipeline is
 *
 *   filesrc ! decodebin ! audioconvert ! audioresample ! F32LE 16 kHz ! appsink
 *
 * run synchronously in the calling thread, which is a worker thread when
 * the window asks. */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <gst/app/gstappsink.h>
#include <gst/gst.h>
#include <string.h>

#include "hk-decoder.h"
#include "hk-vad.h"

#define MAX_CHANNELS 2
/* Microseconds without a sample or a message before giving up. */
#define STALL_TIMEOUT (30 * G_USEC_PER_SEC)

struct _HkDecoder
{
  GObject   parent_instance;

  char     *path;
  gboolean  mono;
  guint     n_channels;
  guint64   n_frames;
  gint64    claimed;     /* nanoseconds the container announces; -1 unknown */
  int       source_channels;
  GstElement *convert;   /* while running */
  gboolean  allow_short;
};

G_DEFINE_FINAL_TYPE (HkDecoder, hk_decoder, G_TYPE_OBJECT)

G_DEFINE_QUARK (hk-decoder-error-quark, hk_decoder_error)

static void
hk_decoder_finalize (GObject *object)
{
  HkDecoder *self = HK_DECODER (object);

  g_free (self->path);

  G_OBJECT_CLASS (hk_decoder_parent_class)->finalize (object);
}

static void
hk_decoder_class_init (HkDecoderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = hk_decoder_finalize;
}

static void
hk_decoder_init (HkDecoder *self)
{
}

/**
 * hk_decoder_new:
 * @path: the audio file
 *
 * Returns: (transfer full): a decoder; nothing is read until hk_decoder_run()
 */
HkDecoder *
hk_decoder_new (const char *path)
{
  HkDecoder *self;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (HK_TYPE_DECODER, NULL);
  self->path = g_strdup (path);
  return self;
}

/**
 * hk_decoder_set_mono:
 * @mono: whether to mix all channels into one
 *
 * For a file that holds one party, whatever its channel layout.
 */
void
hk_decoder_set_mono (HkDecoder *self,
                     gboolean   mono)
{
  g_return_if_fail (HK_IS_DECODER (self));

  self->mono = !!mono;
}

static void
pad_added_cb (GstElement *decodebin,
              GstPad     *pad,
              gpointer    user_data)
{
  HkDecoder *self = user_data;
  g_autoptr(GstPad) sink = gst_element_get_static_pad (self->convert, "sink");
  g_autoptr(GstCaps) caps = gst_pad_get_current_caps (pad);
  const GstStructure *s;
  int channels = 0;

  if (caps == NULL)
    caps = gst_pad_query_caps (pad, NULL);
  s = gst_caps_get_structure (caps, 0);

  /* Only the first audio stream; video or a second track is left alone. */
  if (!g_str_has_prefix (gst_structure_get_name (s), "audio/") || gst_pad_is_linked (sink))
    return;

  /* More channels than two parties: refuse before converting, which
   * would only guess at their layout. */
  if (gst_structure_get_int (s, "channels", &channels) && channels > MAX_CHANNELS)
    {
      g_atomic_int_set (&self->source_channels, channels);
      return;
    }

  gst_pad_link (pad, sink);
}

/* Checks up front what GStreamer would report only vaguely. */
static gboolean
check_readable (const char *path,
                GError    **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) local = NULL;

  stream = g_file_read (file, NULL, &local);
  if (stream == NULL)
    {
      if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                     _("“%s” does not exist; check the path"), path);
      else if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY))
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY,
                     _("“%s” is a folder, not an audio file"), path);
      else if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED))
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                     _("“%s” cannot be read: permission denied; check the file’s permissions"), path);
      else
        g_set_error (error, local->domain, local->code,
                     _("“%s” cannot be read: %s"), path, local->message);
      return FALSE;
    }

  info = g_file_input_stream_query_info (stream, G_FILE_ATTRIBUTE_STANDARD_SIZE, NULL, NULL);
  if (info != NULL && g_file_info_get_size (info) == 0)
    {
      g_set_error (error, HK_DECODER_ERROR, HK_DECODER_ERROR_NOT_AUDIO,
                   _("“%s” is empty; it holds no audio"), path);
      return FALSE;
    }
  return TRUE;
}

static void
set_gst_error (HkDecoder *self,
               GError    *gst_error,
               GError   **error)
{
  if (gst_error->domain == GST_STREAM_ERROR &&
      (gst_error->code == GST_STREAM_ERROR_TYPE_NOT_FOUND ||
       gst_error->code == GST_STREAM_ERROR_WRONG_TYPE ||
       gst_error->code == GST_STREAM_ERROR_CODEC_NOT_FOUND ||
       gst_error->code == GST_STREAM_ERROR_DEMUX ||
       gst_error->code == GST_STREAM_ERROR_FORMAT) &&
      self->n_frames == 0)
    g_set_error (error, HK_DECODER_ERROR, HK_DECODER_ERROR_NOT_AUDIO,
                 _("“%s” is not an audio file Hearken can read; use Ogg, Opus, FLAC, WAV or MP3"),
                 self->path);
  else if (gst_error->domain == GST_CORE_ERROR &&
           gst_error->code == GST_CORE_ERROR_MISSING_PLUGIN)
    g_set_error (error, HK_DECODER_ERROR, HK_DECODER_ERROR_NOT_AUDIO,
                 _("“%s” needs a GStreamer plugin that is not installed: %s"),
                 self->path, gst_error->message);
  else if (self->n_frames > 0)
    g_set_error (error, HK_DECODER_ERROR, HK_DECODER_ERROR_DAMAGED,
                 _("“%s” is damaged after %.1f s of audio: %s"),
                 self->path, hk_decoder_get_position (self), gst_error->message);
  else
    g_set_error (error, HK_DECODER_ERROR, HK_DECODER_ERROR_DAMAGED,
                 _("“%s” could not be decoded: %s"), self->path, gst_error->message);
}

static void
set_cut_short (HkDecoder *self,
               double     announced,
               double     held,
               GError   **error)
{
  g_set_error (error, HK_DECODER_ERROR, HK_DECODER_ERROR_TRUNCATED,
               _("“%s” is cut short: it announces %.1f s of audio but holds %.1f s; "
                 "it was not completely written or copied"),
               self->path, announced, held);
}

static guint32
read_le32 (const guint8 *p)
{
  return (guint32) p[0] | (guint32) p[1] << 8 | (guint32) p[2] << 16 | (guint32) p[3] << 24;
}

/* GStreamer plays a WAV file cut short without a word, clipping the data
 * chunk to what is there, so the header is read here: the announced
 * length of the data against what the file holds. Streams written live
 * may announce 0 or 0xffffffff, which means unknown. */
static gboolean
check_wav_complete (HkDecoder *self,
                    GError   **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (self->path);
  g_autoptr(GFileInputStream) stream = g_file_read (file, NULL, NULL);
  g_autoptr(GFileInfo) info = NULL;
  guint8 buf[12];
  guint32 byte_rate = 0;
  goffset offset = 12, size;

  if (stream == NULL ||
      !g_input_stream_read_all (G_INPUT_STREAM (stream), buf, 12, NULL, NULL, NULL) ||
      memcmp (buf, "RIFF", 4) != 0 || memcmp (buf + 8, "WAVE", 4) != 0)
    return TRUE;
  info = g_file_input_stream_query_info (stream, G_FILE_ATTRIBUTE_STANDARD_SIZE, NULL, NULL);
  if (info == NULL)
    return TRUE;
  size = g_file_info_get_size (info);

  /* Walk the chunks up to "data"; a broken walk is left to GStreamer. */
  for (guint i = 0; i < 64 && offset + 8 <= size; i++)
    {
      guint8 head[16];
      guint32 chunk;
      gsize got;

      if (!g_seekable_seek (G_SEEKABLE (stream), offset, G_SEEK_SET, NULL, NULL) ||
          !g_input_stream_read_all (G_INPUT_STREAM (stream), head, 16, &got, NULL, NULL) || got < 8)
        return TRUE;
      chunk = read_le32 (head + 4);

      if (memcmp (head, "fmt ", 4) == 0)
        {
          guint8 fmt[16];

          if (!g_seekable_seek (G_SEEKABLE (stream), offset + 8, G_SEEK_SET, NULL, NULL) ||
              !g_input_stream_read_all (G_INPUT_STREAM (stream), fmt, 16, &got, NULL, NULL) || got < 16)
            return TRUE;
          byte_rate = read_le32 (fmt + 8);
        }
      else if (memcmp (head, "data", 4) == 0)
        {
          goffset held = size - (offset + 8);

          if (byte_rate == 0 || chunk == 0 || chunk == G_MAXUINT32 ||
              (goffset) chunk - held <= byte_rate / 2)
            return TRUE;
          set_cut_short (self, (double) chunk / byte_rate, (double) MAX (held, 0) / byte_rate, error);
          return FALSE;
        }
      offset += 8 + chunk + (chunk & 1);
    }
  return TRUE;
}

/* An Ogg stream ends with a page flagged end-of-stream; a file cut off
 * while written (a crash) or copied ends without one, or mid-page. */
static gboolean
check_ogg_complete (HkDecoder *self,
                    GError   **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (self->path);
  g_autoptr(GFileInputStream) stream = g_file_read (file, NULL, NULL);
  g_autoptr(GFileInfo) info = NULL;
  g_autofree guint8 *tail = NULL;
  guint8 head[4];
  goffset size, start;
  gsize got = 0;
  gboolean complete = FALSE;

  if (stream == NULL ||
      !g_input_stream_read_all (G_INPUT_STREAM (stream), head, 4, &got, NULL, NULL) || got < 4 ||
      memcmp (head, "OggS", 4) != 0)
    return TRUE;
  info = g_file_input_stream_query_info (stream, G_FILE_ATTRIBUTE_STANDARD_SIZE, NULL, NULL);
  if (info == NULL)
    return TRUE;
  size = g_file_info_get_size (info);

  /* A page is at most 65,307 bytes: the last one starts in the last 64 KiB. */
  start = MAX (size - 65536, 0);
  tail = g_malloc (size - start);
  if (!g_seekable_seek (G_SEEKABLE (stream), start, G_SEEK_SET, NULL, NULL) ||
      !g_input_stream_read_all (G_INPUT_STREAM (stream), tail, size - start, &got, NULL, NULL))
    return TRUE;

  for (gssize i = (gssize) got - 27; i >= 0; i--)
    {
      gsize n_segments, body = 0;

      if (memcmp (tail + i, "OggS", 4) != 0 || tail[i + 4] != 0)
        continue;
      n_segments = tail[i + 26];
      if ((gsize) i + 27 + n_segments > got)
        continue;
      for (gsize k = 0; k < n_segments; k++)
        body += tail[i + 27 + k];
      /* The last whole page must end the file and close the stream. */
      complete = (gsize) i + 27 + n_segments + body == got && (tail[i + 5] & 0x04) != 0;
      break;
    }

  if (!complete)
    {
      g_set_error (error, HK_DECODER_ERROR, HK_DECODER_ERROR_TRUNCATED,
                   _("“%s” is cut short: the recording stops without its proper end, as after "
                     "a crash or an interrupted copy"),
                   self->path);
      return FALSE;
    }
  return TRUE;
}

/* Returns FALSE, with @error set, when the bus reports an error. */
static gboolean
check_bus (HkDecoder *self,
           GstBus    *bus,
           GError   **error)
{
  g_autoptr(GstMessage) msg = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);
  g_autoptr(GError) gst_error = NULL;

  if (msg == NULL)
    return TRUE;

  gst_message_parse_error (msg, &gst_error, NULL);
  set_gst_error (self, gst_error, error);
  return FALSE;
}

static gboolean
take_sample (HkDecoder     *self,
             GstSample     *sample,
             HkDecoderFunc  func,
             gpointer       user_data,
             GError       **error)
{
  GstBuffer *buffer = gst_sample_get_buffer (sample);
  GstMapInfo map;
  gsize n_frames;

  if (self->n_channels == 0)
    {
      GstCaps *caps = gst_sample_get_caps (sample);
      int channels = 0;

      if (caps != NULL)
        gst_structure_get_int (gst_caps_get_structure (caps, 0), "channels", &channels);
      if (channels < 1 || channels > MAX_CHANNELS)
        {
          g_set_error (error, HK_DECODER_ERROR, HK_DECODER_ERROR_CHANNELS,
                       _("“%s” has %d channels; Hearken reads mono (the trainee alone) or "
                         "stereo (the customer left, the trainee right)"),
                       self->path, channels);
          return FALSE;
        }
      self->n_channels = (guint) channels;
    }

  if (buffer == NULL || !gst_buffer_map (buffer, &map, GST_MAP_READ))
    return TRUE;

  n_frames = map.size / (sizeof (float) * self->n_channels);
  if (n_frames > 0)
    func ((const float *) map.data, n_frames, self->n_channels, user_data);
  self->n_frames += n_frames;
  gst_buffer_unmap (buffer, &map);
  return TRUE;
}

/**
 * hk_decoder_run:
 * @func: (scope call): called with each chunk of samples
 * @cancellable: (nullable): to stop early
 *
 * Decodes the whole file, calling @func as audio comes.
 *
 * Returns: %TRUE when the file was decoded to its end
 */
gboolean
hk_decoder_run (HkDecoder     *self,
                HkDecoderFunc  func,
                gpointer       user_data,
                GCancellable  *cancellable,
                GError       **error)
{
  g_autoptr(GstElement) pipeline = NULL;
  g_autoptr(GstBus) bus = NULL;
  g_autoptr(GstCaps) caps = NULL;
  GstElement *src, *decode, *convert, *resample, *sink;
  gboolean ok = TRUE;
  gint64 last_progress;

  g_return_val_if_fail (HK_IS_DECODER (self), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  if (!gst_is_initialized () && !gst_init_check (NULL, NULL, error))
    return FALSE;

  if (!check_readable (self->path, error))
    return FALSE;
  if (!self->allow_short && (!check_wav_complete (self, error) || !check_ogg_complete (self, error)))
    return FALSE;

  self->n_channels = 0;
  self->n_frames = 0;
  self->claimed = -1;

  pipeline = gst_object_ref_sink (gst_pipeline_new ("hearken-decoder"));
  src = gst_element_factory_make ("filesrc", NULL);
  decode = gst_element_factory_make ("decodebin", NULL);
  convert = gst_element_factory_make ("audioconvert", NULL);
  resample = gst_element_factory_make ("audioresample", NULL);
  sink = gst_element_factory_make ("appsink", NULL);
  if (src == NULL || decode == NULL || convert == NULL || resample == NULL || sink == NULL)
    {
      g_set_error (error, HK_DECODER_ERROR, HK_DECODER_ERROR_NOT_AUDIO,
                   _("GStreamer’s base plugins are missing; install gstreamer1.0-plugins-base"));
      g_clear_object (&src);
      g_clear_object (&decode);
      g_clear_object (&convert);
      g_clear_object (&resample);
      g_clear_object (&sink);
      return FALSE;
    }

  caps = gst_caps_new_simple ("audio/x-raw",
                              "format", G_TYPE_STRING, "F32LE",
                              "rate", G_TYPE_INT, HK_VAD_RATE,
                              "layout", G_TYPE_STRING, "interleaved",
                              NULL);
  if (self->mono)
    gst_caps_set_simple (caps, "channels", G_TYPE_INT, 1, NULL);

  g_object_set (src, "location", self->path, NULL);
  /* Nothing plays this in real time: pull as fast as the decoder goes. */
  g_object_set (sink, "caps", caps, "sync", FALSE, "max-buffers", 8, "drop", FALSE, NULL);

  gst_bin_add_many (GST_BIN (pipeline), src, decode, convert, resample, sink, NULL);
  if (!gst_element_link (src, decode) || !gst_element_link_many (convert, resample, sink, NULL))
    {
      g_set_error (error, HK_DECODER_ERROR, HK_DECODER_ERROR_NOT_AUDIO,
                   _("Could not build the decoding pipeline for “%s”"), self->path);
      return FALSE;
    }
  self->convert = convert;
  self->source_channels = 0;
  g_signal_connect (decode, "pad-added", G_CALLBACK (pad_added_cb), self);

  bus = gst_element_get_bus (pipeline);
  if (gst_element_set_state (pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    ok = check_bus (self, bus, error);

  last_progress = g_get_monotonic_time ();
  while (ok)
    {
      g_autoptr(GstSample) sample = gst_app_sink_try_pull_sample (GST_APP_SINK (sink), 100 * GST_MSECOND);

      /* The stream was refused when its pad appeared; nothing will come. */
      if (g_atomic_int_get (&self->source_channels) > MAX_CHANNELS)
        {
          ok = FALSE;
          break;
        }

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          ok = FALSE;
          break;
        }
      if (sample != NULL)
        {
          ok = take_sample (self, sample, func, user_data, error) && check_bus (self, bus, error);
          last_progress = g_get_monotonic_time ();
          if (self->claimed < 0 && !gst_element_query_duration (pipeline, GST_FORMAT_TIME, &self->claimed))
            self->claimed = G_MAXINT64;
          continue;
        }
      if (!check_bus (self, bus, error))
        {
          ok = FALSE;
          break;
        }
      if (gst_app_sink_is_eos (GST_APP_SINK (sink)))
        break;
      /* GStreamer should report an end or an error; never wait forever. */
      if (g_get_monotonic_time () - last_progress > STALL_TIMEOUT)
        {
          g_set_error (error, HK_DECODER_ERROR, HK_DECODER_ERROR_DAMAGED,
                       _("“%s” could not be decoded: the decoder stopped without a word"),
                       self->path);
          ok = FALSE;
          break;
        }
    }

  gst_element_set_state (pipeline, GST_STATE_NULL);
  self->convert = NULL;

  if (self->source_channels > MAX_CHANNELS)
    {
      g_clear_error (error);
      g_set_error (error, HK_DECODER_ERROR, HK_DECODER_ERROR_CHANNELS,
                   _("“%s” has %d channels; Hearken reads mono (the trainee alone) or "
                     "stereo (the customer left, the trainee right)"),
                   self->path, self->source_channels);
      return FALSE;
    }

  if (ok && self->n_channels == 0)
    {
      g_set_error (error, HK_DECODER_ERROR, HK_DECODER_ERROR_NOT_AUDIO,
                   _("“%s” holds no audio Hearken can read"), self->path);
      ok = FALSE;
    }

  /* A header that promises more than the file holds: the file was cut
   * short while written or copied. Half a second of slack covers codec
   * padding and rounding. */
  if (ok && !self->allow_short && self->claimed > 0 && self->claimed != G_MAXINT64 &&
      (double) self->claimed / GST_SECOND - hk_decoder_get_position (self) > 0.5)
    {
      set_cut_short (self, (double) self->claimed / GST_SECOND, hk_decoder_get_position (self), error);
      ok = FALSE;
    }

  return ok;
}

/**
 * hk_decoder_set_allow_short:
 * @allow_short: whether a file shorter than it announces is fine
 *
 * For a recording recovered after a crash, whatever reached the disk is
 * the call; for a file handed in, a cut is an error worth reporting.
 */
void
hk_decoder_set_allow_short (HkDecoder *self,
                            gboolean   allow_short)
{
  g_return_if_fail (HK_IS_DECODER (self));

  self->allow_short = !!allow_short;
}

/**
 * hk_decoder_get_position:
 *
 * Returns: seconds decoded so far
 */
double
hk_decoder_get_position (HkDecoder *self)
{
  g_return_val_if_fail (HK_IS_DECODER (self), 0.0);

  return (double) self->n_frames / HK_VAD_RATE;
}
