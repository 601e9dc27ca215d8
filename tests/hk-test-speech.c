/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Real speech for tests and benchmarks: lines spoken by espeak-ng at
 * 16 kHz, the true extent of speech in a clean signal, and WAV files. */
#include "config.h"

#include <espeak-ng/speak_lib.h>
#include <math.h>
#include <string.h>

#include "hk-test-speech.h"
#include "hk-vad.h"

/* Speech is what lies within this many dB of a line's loudest 10 ms,
 * some 30 dB under its average level: a more generous truth than Praat's
 * silence detector, which stops 25 dB down, so faint word endings count. */
#define TRUE_RANGE_DB 35.0

static int synth_rate;

static int
synth_cb (short       *wav,
          int          n,
          espeak_EVENT *events)
{
  GArray *out = events->user_data;

  if (wav != NULL && n > 0)
    g_array_append_vals (out, wav, n);
  return 0;
}

static void
ensure_espeak (void)
{
  if (synth_rate > 0)
    return;
  synth_rate = espeak_Initialize (AUDIO_OUTPUT_SYNCHRONOUS, 0, NULL, espeakINITIALIZE_DONT_EXIT);
  g_assert_cmpint (synth_rate, >, 0);
  espeak_SetSynthCallback (synth_cb);
}

/**
 * hk_test_speak:
 * @voice: an espeak-ng voice, such as "en" or "it+f3"
 *
 * Returns: (transfer full): the line at 16 kHz, full scale at ±1
 */
float *
hk_test_speak (const char *voice,
               int         words_per_minute,
               const char *text,
               gsize      *n_samples)
{
  g_autoptr(GArray) pcm = g_array_new (FALSE, FALSE, sizeof (short));
  double b[3], a[3], x1 = 0, x2 = 0, y1 = 0, y2 = 0;
  double w0, alpha, cw;
  float *filtered, *out;
  gsize n_in, n_out;

  ensure_espeak ();
  g_assert_cmpint (espeak_SetVoiceByName (voice), ==, EE_OK);
  espeak_SetParameter (espeakRATE, words_per_minute, 0);
  g_assert_cmpint (espeak_Synth (text, strlen (text) + 1, 0, POS_CHARACTER, 0,
                                 espeakCHARS_UTF8, NULL, pcm), ==, EE_OK);
  g_assert_cmpint (espeak_Synchronize (), ==, EE_OK);

  /* Low-pass below the new Nyquist frequency, then interpolate. */
  w0 = 2.0 * G_PI * 7000.0 / synth_rate;
  alpha = sin (w0) / (2.0 * 0.7071);
  cw = cos (w0);
  b[0] = (1.0 - cw) / 2.0; b[1] = 1.0 - cw; b[2] = b[0];
  a[0] = 1.0 + alpha; a[1] = -2.0 * cw; a[2] = 1.0 - alpha;

  n_in = pcm->len;
  filtered = g_new (float, n_in + 1);
  for (gsize i = 0; i < n_in; i++)
    {
      double x = g_array_index (pcm, short, i) / 32768.0;
      double y = (b[0] * x + b[1] * x1 + b[2] * x2 - a[1] * y1 - a[2] * y2) / a[0];

      x2 = x1; x1 = x; y2 = y1; y1 = y;
      filtered[i] = (float) y;
    }
  filtered[n_in] = 0.0f;

  n_out = (gsize) ((double) n_in * HK_VAD_RATE / synth_rate);
  out = g_new (float, MAX (n_out, 1));
  for (gsize i = 0; i < n_out; i++)
    {
      double pos = (double) i * synth_rate / HK_VAD_RATE;
      gsize k = (gsize) pos;
      double f = pos - k;

      out[i] = (float) ((1.0 - f) * filtered[k] + f * filtered[MIN (k + 1, n_in)]);
    }

  g_free (filtered);
  *n_samples = n_out;
  return out;
}

static double
frame_db (const float *x,
          gsize        n)
{
  double e = 0.0;

  for (gsize i = 0; i < n; i++)
    e += (double) x[i] * x[i];
  return 10.0 * log10 (e / MAX (n, 1) + 1e-20);
}

/**
 * hk_test_true_segments:
 * @offset: seconds at which @samples start in the call
 *
 * Where a clean line really has speech: 10 ms frames within 35 dB of its
 * loudest, with the smoothing of DESIGN.md (gaps under 200 ms bridged,
 * blips under 80 ms dropped). Independent of the detector under test.
 *
 * Returns: (transfer full): the segments
 */
HkSegments *
hk_test_true_segments (const float *samples,
                       gsize        n_samples,
                       double       offset)
{
  HkSegments *segs = hk_segments_new ();
  gsize n_frames = n_samples / HK_VAD_FRAME;
  double loudest = -200.0;
  gssize start = -1;

  for (gsize f = 0; f < n_frames; f++)
    loudest = MAX (loudest, frame_db (samples + f * HK_VAD_FRAME, HK_VAD_FRAME));

  for (gsize f = 0; f <= n_frames; f++)
    {
      gboolean on = f < n_frames && frame_db (samples + f * HK_VAD_FRAME, HK_VAD_FRAME) > loudest - TRUE_RANGE_DB;

      if (on && start < 0)
        start = (gssize) f;
      else if (!on && start >= 0)
        {
          hk_segments_add (segs, offset + (double) start * HK_VAD_FRAME / HK_VAD_RATE,
                           offset + (double) f * HK_VAD_FRAME / HK_VAD_RATE);
          start = -1;
        }
    }
  hk_segments_tidy (segs, HK_VAD_BRIDGE, HK_VAD_MIN_SPEECH);
  return segs;
}

/**
 * hk_test_speech_power:
 *
 * Returns: the mean power of the frames that hold speech
 */
double
hk_test_speech_power (const float *samples,
                      gsize        n_samples)
{
  gsize n_frames = n_samples / HK_VAD_FRAME;
  double loudest = -200.0, sum = 0.0;
  gsize n = 0;

  for (gsize f = 0; f < n_frames; f++)
    loudest = MAX (loudest, frame_db (samples + f * HK_VAD_FRAME, HK_VAD_FRAME));
  for (gsize f = 0; f < n_frames; f++)
    {
      double db = frame_db (samples + f * HK_VAD_FRAME, HK_VAD_FRAME);

      if (db > loudest - TRUE_RANGE_DB)
        {
          sum += pow (10.0, db / 10.0);
          n++;
        }
    }
  return n > 0 ? sum / n : 0.0;
}

/**
 * hk_test_write_wav:
 *
 * Writes 16-bit PCM.
 */
gboolean
hk_test_write_wav (const char  *path,
                   const float *interleaved,
                   gsize        n_frames,
                   guint        n_channels,
                   guint        rate,
                   GError     **error)
{
  gsize n = n_frames * n_channels;
  gsize data_bytes = n * 2;
  g_autofree guint8 *buf = g_malloc (44 + data_bytes);
  guint32 v32;
  guint16 v16;

#define PUT32(off, v) (v32 = GUINT32_TO_LE (v), memcpy (buf + (off), &v32, 4))
#define PUT16(off, v) (v16 = GUINT16_TO_LE (v), memcpy (buf + (off), &v16, 2))
  memcpy (buf, "RIFF", 4);
  PUT32 (4, (guint32) (36 + data_bytes));
  memcpy (buf + 8, "WAVEfmt ", 8);
  PUT32 (16, 16);
  PUT16 (20, 1);
  PUT16 (22, n_channels);
  PUT32 (24, rate);
  PUT32 (28, rate * n_channels * 2);
  PUT16 (32, n_channels * 2);
  PUT16 (34, 16);
  memcpy (buf + 36, "data", 4);
  PUT32 (40, (guint32) data_bytes);
  for (gsize i = 0; i < n; i++)
    {
      float x = isfinite (interleaved[i]) ? CLAMP (interleaved[i], -1.0f, 1.0f) : 0.0f;

      PUT16 (44 + 2 * i, (guint16) (gint16) lrintf (x * 32767.0f));
    }
#undef PUT32
#undef PUT16

  return g_file_set_contents (path, (const char *) buf, 44 + data_bytes, error);
}
