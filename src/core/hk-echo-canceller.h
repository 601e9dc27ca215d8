/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define HK_ECHO_CANCELLER_BLOCK 128   /* samples at 16 kHz: 8 ms */

typedef struct _HkEchoCanceller HkEchoCanceller;

HkEchoCanceller *hk_echo_canceller_new         (void);
void             hk_echo_canceller_free        (HkEchoCanceller *self);
void             hk_echo_canceller_process     (HkEchoCanceller *self,
                                                const float     *reference,
                                                const float     *microphone,
                                                gsize            n,
                                                float           *out);
guint            hk_echo_canceller_get_latency (HkEchoCanceller *self);
double           hk_echo_canceller_get_delay   (HkEchoCanceller *self);
float           *hk_echo_canceller_make_connecting_sound (gsize *n_samples);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HkEchoCanceller, hk_echo_canceller_free)

G_END_DECLS
