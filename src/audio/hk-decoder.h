/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define HK_DECODER_ERROR (hk_decoder_error_quark ())

typedef enum {
  HK_DECODER_ERROR_NOT_AUDIO,
  HK_DECODER_ERROR_CHANNELS,
  HK_DECODER_ERROR_DAMAGED,
  HK_DECODER_ERROR_TRUNCATED,
} HkDecoderError;

/**
 * HkDecoderFunc:
 * @samples: @n_frames frames of 16 kHz float samples, channels interleaved
 * @n_frames: how many frames
 * @n_channels: channels a frame, the same for the whole file
 * @user_data: the data given to hk_decoder_run()
 *
 * Takes the next chunk of decoded audio.
 */
typedef void (*HkDecoderFunc) (const float *samples,
                               gsize        n_frames,
                               guint        n_channels,
                               gpointer     user_data);

#define HK_TYPE_DECODER (hk_decoder_get_type ())

G_DECLARE_FINAL_TYPE (HkDecoder, hk_decoder, HK, DECODER, GObject)

GQuark      hk_decoder_error_quark   (void);

HkDecoder  *hk_decoder_new           (const char    *path);
void        hk_decoder_set_mono      (HkDecoder     *self,
                                      gboolean       mono);
void        hk_decoder_set_allow_short (HkDecoder   *self,
                                      gboolean       allow_short);
gboolean    hk_decoder_run           (HkDecoder     *self,
                                      HkDecoderFunc  func,
                                      gpointer       user_data,
                                      GCancellable  *cancellable,
                                      GError       **error);
double      hk_decoder_get_position  (HkDecoder     *self);

G_END_DECLS
