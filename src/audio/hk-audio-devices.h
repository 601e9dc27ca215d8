/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * HkAudioDevice:
 * @name: what `--input` and `--output` take (for PulseAudio, the
 *   device's internal name)
 * @description: what people call it
 * @input: a microphone rather than a speaker
 * @is_default: the system's choice
 */
typedef struct {
  char     *name;
  char     *description;
  gboolean  input;
  gboolean  is_default;
} HkAudioDevice;

void       hk_audio_device_free  (HkAudioDevice *device);
GPtrArray *hk_audio_devices_list (void);
char      *hk_audio_device_source_description (const char *device);
char      *hk_audio_device_sink_description   (const char *device);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HkAudioDevice, hk_audio_device_free)

G_END_DECLS
