/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define HK_TYPE_VOICE (hk_voice_get_type ())

#define HK_VOICE_RATE_MIN      80
#define HK_VOICE_RATE_MAX      450
#define HK_VOICE_RATE_DEFAULT  175
#define HK_VOICE_PITCH_MIN     0
#define HK_VOICE_PITCH_MAX     99
#define HK_VOICE_PITCH_DEFAULT 50

/**
 * HkVoice:
 * @variant: (nullable): an espeak-ng voice variant such as `f2`, or %NULL
 *   for the language's plain voice
 * @rate: words per minute
 * @pitch: base pitch, 0-99
 *
 * How espeak-ng speaks a customer turn; the language comes from the
 * practice language, so one voice serves all translations.
 */
typedef struct {
  char *variant;
  int   rate;
  int   pitch;
} HkVoice;

GType    hk_voice_get_type          (void) G_GNUC_CONST;
HkVoice *hk_voice_new               (const char    *variant,
                                     int            rate,
                                     int            pitch);
HkVoice *hk_voice_copy              (const HkVoice *voice);
void     hk_voice_free              (HkVoice       *voice);
gboolean hk_voice_variant_is_valid  (const char    *variant);
char    *hk_voice_espeak_name       (const HkVoice *voice,
                                     const char    *lang);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HkVoice, hk_voice_free)

G_END_DECLS
