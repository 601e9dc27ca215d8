/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hk-speech-synth"

/* The customer's voice: a line spoken by libespeak-ng, returned as 16 kHz
 * float samples, the rate the whole call runs at. espeak-ng speaks at
 * 22,050 Hz; the line is low-passed below 8 kHz and interpolated down.
 * espeak-ng keeps global state, so one line is spoken at a time. */

#include "config.h"

#include <espeak-ng/speak_lib.h>
#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "hk-speech-synth.h"
#include "hk-vad.h"

static GMutex lock;
static int synth_rate;

G_DEFINE_QUARK (hk-speech-synth-error-quark, hk_speech_synth_error)

static int
synth_cb (short        *wav,
          int           n,
          espeak_EVENT *events)
{
  GArray *out = events->user_data;

  if (wav != NULL && n > 0)
    g_array_append_vals (out, wav, n);
  return 0;
}

static float *
resample (const GArray *pcm,
          gsize        *n_samples)
{
  double b[3], a[3], x1 = 0, x2 = 0, y1 = 0, y2 = 0;
  double w0 = 2.0 * G_PI * 7000.0 / synth_rate;
  double alpha = sin (w0) / (2.0 * G_SQRT2 / 2.0);
  double cw = cos (w0);
  gsize n_in = pcm->len, n_out;
  g_autofree float *filtered = g_new (float, n_in + 1);
  float *out;

  b[0] = (1.0 - cw) / 2.0; b[1] = 1.0 - cw; b[2] = b[0];
  a[0] = 1.0 + alpha; a[1] = -2.0 * cw; a[2] = 1.0 - alpha;
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

  *n_samples = n_out;
  return out;
}

/* espeak-ng is started once, in synchronous mode, which runs no threads
 * of its own; a second espeak_Initialize() or another mode would start
 * threads that race with this one. Called with the lock held. */
static gboolean
ensure_started (GError **error)
{
  if (synth_rate > 0)
    return TRUE;

  synth_rate = espeak_Initialize (AUDIO_OUTPUT_SYNCHRONOUS, 0, NULL, espeakINITIALIZE_DONT_EXIT);
  if (synth_rate <= 0)
    {
      synth_rate = 0;
      g_set_error (error, HK_SPEECH_SYNTH_ERROR, HK_SPEECH_SYNTH_ERROR_FAILED,
                   _("The speech synthesiser espeak-ng could not start; install espeak-ng-data"));
      return FALSE;
    }
  return TRUE;
}

/**
 * hk_speech_synth_list_languages:
 *
 * Every language tag that some installed espeak-ng voice speaks, as
 * espeak-ng names them (such as `en-gb` or `cs`), repeats included.
 *
 * Returns: (transfer full) (nullable): the tags, or %NULL when espeak-ng
 *   cannot start
 */
GStrv
hk_speech_synth_list_languages (GError **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&lock);
  g_autoptr(GStrvBuilder) tags = g_strv_builder_new ();
  const espeak_VOICE **voices;

  if (!ensure_started (error))
    return NULL;

  voices = espeak_ListVoices (NULL);
  for (guint i = 0; voices != NULL && voices[i] != NULL; i++)
    {
      /* A list of (priority byte, language string) pairs, ended by a zero byte. */
      const char *p = voices[i]->languages;

      while (p != NULL && *p != '\0')
        {
          p++;
          g_strv_builder_add (tags, p);
          p += strlen (p) + 1;
        }
    }

  return g_strv_builder_end (tags);
}

/**
 * hk_speech_synth_speak:
 * @espeak_voice: an espeak-ng voice name, such as `it` or `en+f3`
 * @words_per_minute: speaking rate
 * @pitch: base pitch, 0 to 99
 * @text: what to say
 * @n_samples: (out): how many samples the line has
 *
 * Returns: (transfer full) (nullable): the line at 16 kHz, full scale at ±1
 */
float *
hk_speech_synth_speak (const char *espeak_voice,
                       int         words_per_minute,
                       int         pitch,
                       const char *text,
                       gsize      *n_samples,
                       GError    **error)
{
  g_autoptr(GArray) pcm = g_array_new (FALSE, FALSE, sizeof (short));
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&lock);

  g_return_val_if_fail (espeak_voice != NULL, NULL);
  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (n_samples != NULL, NULL);

  if (!ensure_started (error))
    return NULL;
  espeak_SetSynthCallback (synth_cb);

  if (espeak_SetVoiceByName (espeak_voice) != EE_OK)
    {
      g_set_error (error, HK_SPEECH_SYNTH_ERROR, HK_SPEECH_SYNTH_ERROR_NO_VOICE,
                   _("espeak-ng has no voice “%s”; install espeak-ng-data or choose another language"),
                   espeak_voice);
      return NULL;
    }
  espeak_SetParameter (espeakRATE, CLAMP (words_per_minute, HK_VOICE_RATE_MIN, HK_VOICE_RATE_MAX), 0);
  espeak_SetParameter (espeakPITCH, CLAMP (pitch, HK_VOICE_PITCH_MIN, HK_VOICE_PITCH_MAX), 0);

  if (espeak_Synth (text, strlen (text) + 1, 0, POS_CHARACTER, 0, espeakCHARS_UTF8, NULL, pcm) != EE_OK ||
      espeak_Synchronize () != EE_OK)
    {
      g_set_error (error, HK_SPEECH_SYNTH_ERROR, HK_SPEECH_SYNTH_ERROR_FAILED,
                   _("espeak-ng could not speak the line “%s”"), text);
      return NULL;
    }

  return resample (pcm, n_samples);
}

/**
 * hk_speech_synth_speak_turn:
 * @voice: (nullable): the turn's voice; %NULL for the language's plain one
 * @lang: the practice language
 *
 * Speaks a customer turn as its scenario asks.
 *
 * Returns: (transfer full) (nullable): the line at 16 kHz
 */
float *
hk_speech_synth_speak_turn (const HkVoice *voice,
                            const char    *lang,
                            const char    *text,
                            gsize         *n_samples,
                            GError       **error)
{
  g_autofree char *name = NULL;

  g_return_val_if_fail (lang != NULL, NULL);

  if (voice == NULL)
    return hk_speech_synth_speak (lang, HK_VOICE_RATE_DEFAULT, HK_VOICE_PITCH_DEFAULT, text, n_samples, error);

  name = hk_voice_espeak_name (voice, lang);
  return hk_speech_synth_speak (name, voice->rate, voice->pitch, text, n_samples, error);
}
