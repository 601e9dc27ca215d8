/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hk-voice"

#include "config.h"

#include "hk-voice.h"

G_DEFINE_BOXED_TYPE (HkVoice, hk_voice, hk_voice_copy, hk_voice_free)

HkVoice *
hk_voice_new (const char *variant,
              int         rate,
              int         pitch)
{
  HkVoice *voice = g_new0 (HkVoice, 1);

  voice->variant = g_strdup (variant);
  voice->rate = CLAMP (rate, HK_VOICE_RATE_MIN, HK_VOICE_RATE_MAX);
  voice->pitch = CLAMP (pitch, HK_VOICE_PITCH_MIN, HK_VOICE_PITCH_MAX);

  return voice;
}

HkVoice *
hk_voice_copy (const HkVoice *voice)
{
  g_return_val_if_fail (voice != NULL, NULL);

  return hk_voice_new (voice->variant, voice->rate, voice->pitch);
}

void
hk_voice_free (HkVoice *voice)
{
  if (voice == NULL)
    return;

  g_free (voice->variant);
  g_free (voice);
}

/**
 * hk_voice_variant_is_valid:
 *
 * A variant names a file in espeak-ng's voices/!v folder, so only a plain
 * word is allowed: 1-32 letters, digits, `-` or `_`.
 */
gboolean
hk_voice_variant_is_valid (const char *variant)
{
  gsize n = 0;

  if (variant == NULL)
    return FALSE;

  for (const char *p = variant; *p; p++, n++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
      return FALSE;

  return n >= 1 && n <= 32;
}

/**
 * hk_voice_espeak_name:
 * @lang: the practice language
 *
 * Returns: (transfer full): the name espeak-ng takes, such as `it+f2`.
 */
char *
hk_voice_espeak_name (const HkVoice *voice,
                      const char    *lang)
{
  g_return_val_if_fail (voice != NULL, NULL);
  g_return_val_if_fail (lang != NULL, NULL);

  if (voice->variant == NULL)
    return g_ascii_strdown (lang, -1);

  return g_strdup_printf ("%s+%s", lang, voice->variant);
}
