/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define HK_PITCH_MIN_HZ  60.0
#define HK_PITCH_MAX_HZ 400.0

typedef struct _HkPitchTracker HkPitchTracker;

HkPitchTracker *hk_pitch_tracker_new      (void);
void            hk_pitch_tracker_free     (HkPitchTracker *self);
void            hk_pitch_tracker_push     (HkPitchTracker *self,
                                           const float    *samples,
                                           gsize           n_samples);
double          hk_pitch_tracker_estimate (HkPitchTracker *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HkPitchTracker, hk_pitch_tracker_free)

G_END_DECLS
