/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _HkChannelMerger HkChannelMerger;

/**
 * HkChannelMergerFunc:
 * @frames: @n_frames interleaved frames, one sample a channel
 * @first: the position of the first frame, in samples of running time
 *
 * Receives the merged call, in order and without gaps.
 */
typedef void (*HkChannelMergerFunc) (const float *frames,
                                     gsize        n_frames,
                                     gint64       first,
                                     gpointer     user_data);

HkChannelMerger *hk_channel_merger_new          (guint                n_channels,
                                                 gint64               max_wait,
                                                 HkChannelMergerFunc  func,
                                                 gpointer             user_data);
void             hk_channel_merger_free         (HkChannelMerger     *self);
void             hk_channel_merger_set_jitter   (HkChannelMerger     *self,
                                                 gint64               samples);
void             hk_channel_merger_push         (HkChannelMerger     *self,
                                                 guint                channel,
                                                 gint64               first,
                                                 const float         *samples,
                                                 gsize                n_samples);
void             hk_channel_merger_end          (HkChannelMerger     *self,
                                                 guint                channel);
gboolean         hk_channel_merger_all_ended    (HkChannelMerger     *self);
void             hk_channel_merger_flush        (HkChannelMerger     *self);
gint64           hk_channel_merger_get_position (HkChannelMerger     *self);
gint64           hk_channel_merger_get_heard    (HkChannelMerger     *self,
                                                 guint                channel);
gint64           hk_channel_merger_get_filled   (HkChannelMerger     *self,
                                                 guint                channel);
gint64           hk_channel_merger_get_late     (HkChannelMerger     *self,
                                                 guint                channel);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HkChannelMerger, hk_channel_merger_free)

G_END_DECLS
