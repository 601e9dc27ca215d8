/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "hk-voice.h"

G_BEGIN_DECLS

#define HK_SPEECH_SYNTH_ERROR (hk_speech_synth_error_quark ())

typedef enum {
  HK_SPEECH_SYNTH_ERROR_NO_VOICE,
  HK_SPEECH_SYNTH_ERROR_FAILED,
} HkSpeechSynthError;

GQuark  hk_speech_synth_error_quark (void);
GStrv   hk_speech_synth_list_languages (GError  **error);
float  *hk_speech_synth_speak       (const char    *espeak_voice,
                                     int            words_per_minute,
                                     int            pitch,
                                     const char    *text,
                                     gsize         *n_samples,
                                     GError       **error);
float  *hk_speech_synth_speak_turn  (const HkVoice *voice,
                                     const char    *lang,
                                     const char    *text,
                                     gsize         *n_samples,
                                     GError       **error);

G_END_DECLS
