/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Real speech for tests and benchmarks: lines spoken by espeak-ng at
 * 16 kHz, the true extent of speech in a clean signal, and WAV files. */
#include "config.h"

#include <math.h>
#include <string.h>

#include "hk-speech-synth.h"
#include "hk-test-speech.h"
#include "hk-vad.h"

/* Speech is what lies within this many dB of a line's loudest 10 ms,
 * some 30 dB under its average level: a more generous truth than Praat's
 * silence detector, which stops 25 dB down, so faint word endings count. */
#define TRUE_RANGE_DB 35.0

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
  g_autoptr(GError) error = NULL;
  float *x = hk_speech_synth_speak (voice, words_per_minute, HK_VOICE_PITCH_DEFAULT, text, n_samples, &error);

  g_assert_no_error (error);
  return x;
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

/**
 * hk_test_answer_call:
 * @scenario: the call to answer
 * @lang: the practice language
 * @gaps: seconds from the end of each customer line to the answer;
 *   negative to come in that long before the line ends
 * @n_gaps: how many; turns past them answer after 0.8 s
 * @path: where to write the WAV
 * @answer_at: (out caller-allocates) (optional): where each answer was
 *   placed, @n_gaps of them
 *
 * Writes a trainee who answers every line of @scenario with its example
 * answer, spoken by another voice, timed as the recorder will play the
 * lines: each line follows the previous answer by the advance silence.
 */
void
hk_test_answer_call (HkScenario   *scenario,
                     const char   *lang,
                     const double *gaps,
                     guint         n_gaps,
                     const char   *path,
                     double       *answer_at)
{
  /* The first line starts after the pipeline's start-up and the lead;
   * the next ones after the trainee's silence, the detector's hangover,
   * a tick and the lead. */
  const double first_start = 0.45, after_answer = 1.5 + 0.15 + 0.25;
  GArray *out = g_array_new (FALSE, TRUE, sizeof (float));
  double t = first_start;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < hk_scenario_get_n_turns (scenario); i++)
    {
      HkScenarioTurn *turn = hk_scenario_get_turn (scenario, i);
      gsize n_line, n_answer;
      g_autofree float *line = hk_speech_synth_speak_turn (hk_scenario_turn_get_voice (turn), lang,
                                                           hk_scenario_turn_get_text (turn, lang, NULL),
                                                           &n_line, &error);
      const char *example = hk_scenario_turn_get_example (turn, lang, NULL);
      g_autofree float *answer = hk_test_speak ("en+m3", 170, example ? example : "I see.", &n_answer);
      g_autoptr(HkSegments) line_segs = NULL;
      g_autoptr(HkSegments) answer_segs = NULL;
      double line_end, gap, lead, start;
      gsize first;

      g_assert_no_error (error);
      line_segs = hk_test_true_segments (line, n_line, t);
      answer_segs = hk_test_true_segments (answer, n_answer, 0.0);
      line_end = hk_segments_get (line_segs, hk_segments_get_n (line_segs) - 1)->end;
      gap = i < n_gaps ? gaps[i] : 0.8;
      lead = hk_segments_get (answer_segs, 0)->start;
      start = line_end + gap;
      if (answer_at != NULL && i < n_gaps)
        answer_at[i] = start;

      first = (gsize) ((start - lead) * HK_VAD_RATE);
      if (out->len < first + n_answer)
        g_array_set_size (out, first + n_answer);
      for (gsize k = 0; k < n_answer; k++)
        g_array_index (out, float, first + k) += answer[k];

      /* The recorder goes on once the answer has ended and the trainee
       * has been silent; an answer that began early still ends late. */
      t = MAX (start - lead + hk_segments_get (answer_segs, hk_segments_get_n (answer_segs) - 1)->end,
               t + (double) n_line / HK_VAD_RATE) + after_answer;
    }

  /* Silence after the last answer, so the call ends by its own flow. */
  g_array_set_size (out, out->len + 4 * HK_VAD_RATE);
  g_assert_true (hk_test_write_wav (path, (float *) out->data, out->len, 1, HK_VAD_RATE, NULL));
  g_array_free (out, TRUE);
}
