/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * HkVoiceMetrics:
 * @talk_time: seconds of speech
 * @talk_ratio: @talk_time as a share of the call, 0 to 1
 * @n_turns: turns taken (backchannels do not take a turn)
 * @mean_turn: seconds
 * @longest_turn: seconds
 * @speaking_rate: syllable nuclei per second of speech
 * @pitch_median: Hz; 0 when no voiced speech was heard
 * @pitch_spread: semitones between the 10th and 90th percentile of pitch
 * @loudness: RMS level of speech in dBFS; -INFINITY without speech
 *
 * How one party spoke.
 */
typedef struct {
  double talk_time;
  double talk_ratio;
  guint  n_turns;
  double mean_turn;
  double longest_turn;
  double speaking_rate;
  double pitch_median;
  double pitch_spread;
  double loudness;
} HkVoiceMetrics;

typedef struct _HkVoiceMeter HkVoiceMeter;

HkVoiceMeter *hk_voice_meter_new     (void);
void          hk_voice_meter_free    (HkVoiceMeter   *self);
void          hk_voice_meter_frame   (HkVoiceMeter   *self,
                                      const float    *frame,
                                      gboolean        speaking);
void          hk_voice_meter_measure (HkVoiceMeter   *self,
                                      HkVoiceMetrics *metrics);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HkVoiceMeter, hk_voice_meter_free)

G_END_DECLS
