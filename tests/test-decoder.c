/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Calls read from files: the GStreamer decoder feeding the analysis, the
 * formats it reads, one file a party, and files that are not what they
 * should be. The audio is espeak-ng speech written as WAV, and encoded
 * to Ogg/Opus and FLAC by GStreamer itself. */
#include "config.h"

#include <glib/gstdio.h>
#include <gst/gst.h>
#include <math.h>

#include "hk-call-file.h"
#include "hk-decoder.h"
#include "hk-test-speech.h"
#include "hk-test-util.h"
#include "hk-vad.h"

static char *tmp_dir;
static char *stereo_wav;
static char *customer_wav;
static char *trainee_wav;

static char *
tmp_path (const char *name)
{
  return g_build_filename (tmp_dir, name, NULL);
}

/* Customer speaks from 0.5 s, the trainee answers 0.8 s after. */
static void
make_call (void)
{
  gsize nc, nt, n;
  g_autofree float *c = hk_test_speak ("en", 170, "My router has not worked since Monday.", &nc);
  g_autofree float *t = hk_test_speak ("en+f3", 170, "I am sorry to hear that; let me check.", &nt);
  g_autoptr(HkSegments) cs = hk_test_true_segments (c, nc, 0.0);
  g_autofree float *stereo = NULL;
  g_autofree float *left = NULL;
  g_autofree float *right = NULL;
  gsize c_at = (gsize) (0.5 * HK_VAD_RATE);
  gsize t_at = c_at + (gsize) ((hk_segments_get (cs, hk_segments_get_n (cs) - 1)->end + 0.8) * HK_VAD_RATE);
  g_autoptr(GError) error = NULL;

  n = t_at + nt + HK_VAD_RATE;
  stereo = g_new0 (float, 2 * n);
  left = g_new0 (float, n);
  right = g_new0 (float, n);
  for (gsize i = 0; i < nc; i++)
    left[c_at + i] = stereo[2 * (c_at + i)] = c[i];
  for (gsize i = 0; i < nt; i++)
    right[t_at + i] = stereo[2 * (t_at + i) + 1] = t[i];

  stereo_wav = tmp_path ("call.wav");
  customer_wav = tmp_path ("customer.wav");
  trainee_wav = tmp_path ("trainee.wav");
  g_assert_true (hk_test_write_wav (stereo_wav, stereo, n, 2, HK_VAD_RATE, &error));
  g_assert_true (hk_test_write_wav (customer_wav, left, n, 1, HK_VAD_RATE, &error));
  /* At another rate, as a file from elsewhere may be. */
  {
    g_autofree float *r44 = g_new (float, n * 44100 / HK_VAD_RATE);
    gsize n44 = n * 44100 / HK_VAD_RATE;

    for (gsize i = 0; i < n44; i++)
      r44[i] = right[MIN ((gsize) ((double) i * HK_VAD_RATE / 44100), n - 1)];
    g_assert_true (hk_test_write_wav (trainee_wav, r44, n44, 1, 44100, &error));
  }
  g_assert_no_error (error);
}

static gboolean
encode (const char *from,
        const char *to,
        const char *encoder)
{
  g_autofree char *desc = g_strdup_printf ("filesrc location=\"%s\" ! wavparse ! audioconvert ! "
                                           "audioresample ! %s ! filesink location=\"%s\"",
                                           from, encoder, to);
  g_autoptr(GError) error = NULL;
  g_autoptr(GstElement) pipeline = gst_parse_launch (desc, &error);
  g_autoptr(GstBus) bus = NULL;
  g_autoptr(GstMessage) msg = NULL;

  if (pipeline == NULL)
    {
      g_test_message ("cannot encode with %s: %s", encoder, error->message);
      return FALSE;
    }
  bus = gst_element_get_bus (pipeline);
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  msg = gst_bus_timed_pop_filtered (bus, 30 * GST_SECOND, GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  g_assert_nonnull (msg);
  g_assert_cmpint (GST_MESSAGE_TYPE (msg), ==, GST_MESSAGE_EOS);
  return TRUE;
}

static HkCallAnalysis *
analyse (const char      *path,
         HkCallFileFlags  flags,
         GError         **error)
{
  g_autoptr(HkThresholds) th = hk_thresholds_new ();

  return hk_call_file_analyze (path, flags, th, NULL, NULL, error);
}

static void
assert_segments_close (const HkSegments *a,
                       const HkSegments *b,
                       double            tolerance)
{
  g_assert_cmpuint (hk_segments_get_n (a), ==, hk_segments_get_n (b));
  for (guint i = 0; i < hk_segments_get_n (a); i++)
    {
      g_assert_cmpfloat (fabs (hk_segments_get (a, i)->start - hk_segments_get (b, i)->start), <=, tolerance);
      g_assert_cmpfloat (fabs (hk_segments_get (a, i)->end - hk_segments_get (b, i)->end), <=, tolerance);
    }
}

static void
test_wav (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HkCallAnalysis) a = analyse (stereo_wav, HK_CALL_FILE_NONE, &error);
  const GArray *markers;

  g_assert_no_error (error);
  g_assert_true (hk_call_analysis_has_customer (a));
  g_assert_cmpuint (hk_segments_get_n (hk_call_analysis_get_segments (a, HK_PARTY_CUSTOMER)), >=, 1);
  g_assert_cmpuint (hk_segments_get_n (hk_call_analysis_get_segments (a, HK_PARTY_TRAINEE)), >=, 1);
  markers = hk_call_analysis_get_markers (a);
  g_assert_cmpuint (markers->len, ==, 1);
  g_assert_cmpint (g_array_index (markers, HkMarker, 0).type, ==, HK_MARKER_RESPONSE_GAP);
  g_assert_cmpint (g_array_index (markers, HkMarker, 0).gap_class, ==, HK_GAP_ROOM);
  g_assert_cmpfloat_with_epsilon (g_array_index (markers, HkMarker, 0).end -
                                  g_array_index (markers, HkMarker, 0).start, 0.8, 0.06);
}

static void
test_formats (void)
{
  static const struct { const char *name, *encoder; } formats[] = {
    { "call.ogg", "opusenc bitrate=48000 ! oggmux" },
    { "call.flac", "flacenc" },
  };
  g_autoptr(HkCallAnalysis) ref = analyse (stereo_wav, HK_CALL_FILE_NONE, NULL);

  for (guint f = 0; f < G_N_ELEMENTS (formats); f++)
    {
      g_autofree char *path = tmp_path (formats[f].name);
      g_autoptr(HkCallAnalysis) a = NULL;
      g_autoptr(GError) error = NULL;

      if (!encode (stereo_wav, path, formats[f].encoder))
        {
          g_test_message ("skipping %s: no encoder", formats[f].name);
          continue;
        }
      a = analyse (path, HK_CALL_FILE_NONE, &error);
      g_assert_no_error (error);
      g_test_message ("%s: %.3f s", formats[f].name, hk_call_analysis_get_duration (a));
      g_assert_cmpfloat (fabs (hk_call_analysis_get_duration (a) - hk_call_analysis_get_duration (ref)), <, 0.1);
      /* Lossy coding moves edges a little, never a whole word. */
      for (HkParty p = HK_PARTY_CUSTOMER; p <= HK_PARTY_TRAINEE; p++)
        assert_segments_close (hk_call_analysis_get_segments (a, p), hk_call_analysis_get_segments (ref, p), 0.04);
    }
}

static void
test_mono_is_trainee (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HkCallAnalysis) a = analyse (trainee_wav, HK_CALL_FILE_NONE, &error);

  g_assert_no_error (error);
  g_assert_false (hk_call_analysis_has_customer (a));
  g_assert_cmpuint (hk_segments_get_n (hk_call_analysis_get_segments (a, HK_PARTY_TRAINEE)), >=, 1);
  g_assert_cmpuint (hk_call_analysis_count_markers (a, HK_MARKER_RESPONSE_GAP, NULL), ==, 0);
}

static void
test_one_file_a_party (void)
{
  g_autoptr(HkThresholds) th = hk_thresholds_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(HkPeaks) peaks = NULL;
  g_autoptr(HkCallAnalysis) ref = analyse (stereo_wav, HK_CALL_FILE_NONE, NULL);
  g_autoptr(HkCallAnalysis) a = hk_call_file_analyze_parties (customer_wav, trainee_wav, HK_CALL_FILE_NONE,
                                                              th, &peaks, NULL, &error);

  g_assert_no_error (error);
  g_assert_true (hk_call_analysis_has_customer (a));
  for (HkParty p = HK_PARTY_CUSTOMER; p <= HK_PARTY_TRAINEE; p++)
    assert_segments_close (hk_call_analysis_get_segments (a, p), hk_call_analysis_get_segments (ref, p), 0.03);
  g_assert_cmpuint (hk_call_analysis_count_markers (a, HK_MARKER_RESPONSE_GAP, NULL), ==, 1);
  g_assert_cmpuint (hk_peaks_get_n_channels (peaks), ==, 2);
}

static void
write_file (const char *path,
            const void *data,
            gsize       len)
{
  g_assert_true (g_file_set_contents (path, data, len, NULL));
}

static void
test_bad_files (void)
{
  g_autofree char *missing = tmp_path ("missing.wav");
  g_autofree char *empty = tmp_path ("empty.wav");
  g_autofree char *text = tmp_path ("notes.ogg");
  g_autofree char *cut_wav = tmp_path ("cut.wav");
  g_autofree char *cut_ogg = tmp_path ("cut.ogg");
  g_autofree char *ogg = tmp_path ("call.ogg");
  g_autofree char *three = tmp_path ("three.wav");
  g_autofree char *data = NULL;
  g_autofree float *x = g_new0 (float, 3 * 1600);
  gsize len;
  struct { const char *path; GQuark domain; int code; const char *says; } cases[] = {
    { missing, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "does not exist" },
    { tmp_dir, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY, "is a folder" },
    { empty, HK_DECODER_ERROR, HK_DECODER_ERROR_NOT_AUDIO, "is empty" },
    { text, HK_DECODER_ERROR, HK_DECODER_ERROR_NOT_AUDIO, "not an audio file" },
    { cut_wav, HK_DECODER_ERROR, HK_DECODER_ERROR_TRUNCATED, "cut short" },
    { cut_ogg, HK_DECODER_ERROR, HK_DECODER_ERROR_TRUNCATED, "cut short" },
    { three, HK_DECODER_ERROR, HK_DECODER_ERROR_CHANNELS, "3 channels" },
  };

  write_file (empty, "", 0);
  write_file (text, "Call notes: the customer was upset about the router.\n", 53);
  g_assert_true (g_file_get_contents (stereo_wav, &data, &len, NULL));
  write_file (cut_wav, data, len / 3);
  g_clear_pointer (&data, g_free);
  if (!g_file_test (ogg, G_FILE_TEST_EXISTS))
    g_assert_true (encode (stereo_wav, ogg, "opusenc ! oggmux"));
  g_assert_true (g_file_get_contents (ogg, &data, &len, NULL));
  write_file (cut_ogg, data, len / 2);
  g_assert_true (hk_test_write_wav (three, x, 1600, 3, HK_VAD_RATE, NULL));

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(HkCallAnalysis) a = analyse (cases[i].path, HK_CALL_FILE_NONE, &error);

      g_test_message ("%s: %s", cases[i].path, error ? error->message : "(no error)");
      g_assert_null (a);
      g_assert_error (error, cases[i].domain, cases[i].code);
      /* The message names the file and what is wrong with it. */
      g_assert_nonnull (strstr (error->message, cases[i].path));
      g_assert_nonnull (strstr (error->message, cases[i].says));
    }

  /* A recording cut short by a crash is still analysed when asked. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(HkCallAnalysis) a = analyse (cut_ogg, HK_CALL_FILE_ALLOW_SHORT, &error);

    g_assert_no_error (error);
    g_assert_cmpfloat (hk_call_analysis_get_duration (a), >, 1.0);
  }
}

static void
test_silent_file (void)
{
  g_autofree char *path = tmp_path ("silent.wav");
  g_autofree float *x = g_new0 (float, 2 * 5 * HK_VAD_RATE);
  g_autoptr(GError) error = NULL;
  g_autoptr(HkCallAnalysis) a = NULL;

  g_assert_true (hk_test_write_wav (path, x, 5 * HK_VAD_RATE, 2, HK_VAD_RATE, NULL));
  a = analyse (path, HK_CALL_FILE_NONE, &error);
  g_assert_no_error (error);
  g_assert_false (hk_call_analysis_heard_speech (a));
  g_assert_cmpuint (hk_call_analysis_get_markers (a)->len, ==, 0);
  g_assert_cmpfloat_with_epsilon (hk_call_analysis_get_duration (a), 5.0, 0.011);
}

static void
test_cancel (void)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(HkThresholds) th = hk_thresholds_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(HkCallAnalysis) a = NULL;

  g_cancellable_cancel (cancellable);
  a = hk_call_file_analyze (stereo_wav, HK_CALL_FILE_NONE, th, NULL, cancellable, &error);
  g_assert_null (a);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
test_settings_thresholds (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(HkThresholds) before = hk_call_file_default_thresholds ();
  g_autoptr(HkThresholds) after = NULL;
  g_autoptr(HkCallAnalysis) a = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpfloat (hk_thresholds_get (before, HK_THRESHOLD_LONG_GAP), ==, 3.0);

  /* The trainee's own setting decides how the 0.8 s answer reads. */
  g_settings_set_double (settings, "long-gap", 0.6);
  after = hk_call_file_default_thresholds ();
  g_assert_cmpfloat (hk_thresholds_get (after, HK_THRESHOLD_LONG_GAP), ==, 0.6);
  a = hk_call_file_analyze (stereo_wav, HK_CALL_FILE_NONE, after, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_array_index (hk_call_analysis_get_markers (a), HkMarker, 0).gap_class, ==, HK_GAP_LONG);
  g_settings_reset (settings, "long-gap");
}

static void
test_peaks_cache (void)
{
  g_autofree char *cache = tmp_path ("peaks.bin");
  g_autoptr(GError) error = NULL;
  g_autoptr(HkPeaks) first = NULL;
  g_autoptr(HkPeaks) second = NULL;
  g_autoptr(HkPeaks) third = NULL;
  g_autofree char *data = NULL;
  gboolean rebuilt = FALSE;
  float m1[64], x1[64], m2[64], x2[64];
  gsize len;

  /* No cache yet: made from the audio and saved. */
  first = hk_call_file_load_peaks (stereo_wav, cache, &rebuilt, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (rebuilt);
  g_assert_true (g_file_test (cache, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpuint (hk_peaks_get_n_channels (first), ==, 2);

  /* Then read back, the same. */
  second = hk_call_file_load_peaks (stereo_wav, cache, &rebuilt, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (rebuilt);
  hk_peaks_read (first, 1, 0.0, hk_peaks_get_duration (first), 64, m1, x1);
  hk_peaks_read (second, 1, 0.0, hk_peaks_get_duration (first), 64, m2, x2);
  g_assert_cmpmem (m1, sizeof m1, m2, sizeof m2);
  g_assert_cmpmem (x1, sizeof x1, x2, sizeof x2);

  /* Damaged: rebuilt, and the file repaired. */
  g_assert_true (g_file_get_contents (cache, &data, &len, NULL));
  data[len - 1] ^= 0xff;
  g_assert_true (g_file_set_contents (cache, data, len, NULL));
  third = hk_call_file_load_peaks (stereo_wav, cache, &rebuilt, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (rebuilt);
  g_clear_pointer (&third, hk_peaks_free);
  third = hk_call_file_load_peaks (stereo_wav, cache, &rebuilt, NULL, &error);
  g_assert_false (rebuilt);

  /* The recording changed since: stale, rebuilt. */
  {
    g_autoptr(GFile) file = g_file_new_for_path (stereo_wav);

    g_assert_true (g_file_set_attribute_uint64 (file, G_FILE_ATTRIBUTE_TIME_MODIFIED, 1000000,
                                                G_FILE_QUERY_INFO_NONE, NULL, NULL));
  }
  g_clear_pointer (&third, hk_peaks_free);
  third = hk_call_file_load_peaks (stereo_wav, cache, &rebuilt, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (rebuilt);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  gst_init (&argc, &argv);

  tmp_dir = g_dir_make_tmp ("hearken-decoder-XXXXXX", NULL);
  make_call ();

  g_test_add_func ("/Audio/decoder/wav", test_wav);
  g_test_add_func ("/Audio/decoder/formats", test_formats);
  g_test_add_func ("/Audio/decoder/mono-is-trainee", test_mono_is_trainee);
  g_test_add_func ("/Audio/decoder/one-file-a-party", test_one_file_a_party);
  g_test_add_func ("/Audio/decoder/bad-files", test_bad_files);
  g_test_add_func ("/Audio/decoder/silent", test_silent_file);
  g_test_add_func ("/Audio/decoder/cancel", test_cancel);
  g_test_add_func ("/Audio/decoder/peaks-cache", test_peaks_cache);
  g_test_add_func ("/Audio/decoder/settings-thresholds", test_settings_thresholds);

  status = g_test_run ();

  hk_test_remove_tree (tmp_dir);
  g_free (tmp_dir);
  g_free (stereo_wav);
  g_free (customer_wav);
  g_free (trainee_wav);
  return status;
}
