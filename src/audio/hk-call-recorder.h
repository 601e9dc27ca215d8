/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "hk-scenario.h"
#include "hk-session.h"

G_BEGIN_DECLS

#define HK_CALL_RECORDER_ERROR (hk_call_recorder_error_quark ())

typedef enum {
  HK_CALL_RECORDER_ERROR_PIPELINE,
  HK_CALL_RECORDER_ERROR_INPUT,
  HK_CALL_RECORDER_ERROR_OUTPUT,
  HK_CALL_RECORDER_ERROR_DISK,
  HK_CALL_RECORDER_ERROR_VOICE,
} HkCallRecorderError;

typedef enum {
  HK_CALL_PHASE_IDLE,
  HK_CALL_PHASE_SPEAKING,    /* the customer's line is playing */
  HK_CALL_PHASE_LISTENING,   /* waiting for the trainee to answer; in a
                              * pair call without the synthetic voice,
                              * the whole of each turn */
  HK_CALL_PHASE_ENDING,      /* the recording is being closed */
  HK_CALL_PHASE_DONE,
} HkCallPhase;

#define HK_CALL_RECORDER_ADVANCE_SILENCE 1.5

#define HK_TYPE_CALL_RECORDER (hk_call_recorder_get_type ())

G_DECLARE_FINAL_TYPE (HkCallRecorder, hk_call_recorder, HK, CALL_RECORDER, GObject)

GQuark          hk_call_recorder_error_quark      (void);

HkCallRecorder *hk_call_recorder_new              (HkSession      *session,
                                                   HkScenario     *scenario);
void            hk_call_recorder_set_source       (HkCallRecorder *self,
                                                   const char     *description);
void            hk_call_recorder_set_sink         (HkCallRecorder *self,
                                                   const char     *description);
void            hk_call_recorder_set_echo_cancellation (HkCallRecorder *self,
                                                        gboolean        enabled);
double          hk_call_recorder_get_echo_delay (HkCallRecorder *self);
void            hk_call_recorder_set_advance_silence (HkCallRecorder *self,
                                                   double          seconds);
void            hk_call_recorder_set_voice_speed  (HkCallRecorder *self,
                                                   double          factor);
void            hk_call_recorder_set_pair_sources (HkCallRecorder *self,
                                                   const char     *source_a,
                                                   const char     *source_b);
void            hk_call_recorder_set_stereo_source (HkCallRecorder *self,
                                                   const char     *description);
void            hk_call_recorder_set_swap         (HkCallRecorder *self,
                                                   gboolean        swap);
void            hk_call_recorder_set_pair_advance (HkCallRecorder *self,
                                                   double          seconds);
gboolean        hk_call_recorder_is_pair          (HkCallRecorder *self);
gboolean        hk_call_recorder_prepare          (HkCallRecorder *self,
                                                   GError        **error);
gboolean        hk_call_recorder_start            (HkCallRecorder *self,
                                                   GError        **error);
void            hk_call_recorder_next             (HkCallRecorder *self);
void            hk_call_recorder_stop             (HkCallRecorder *self);

HkCallPhase     hk_call_recorder_get_phase        (HkCallRecorder *self);
int             hk_call_recorder_get_turn         (HkCallRecorder *self);
double          hk_call_recorder_get_elapsed      (HkCallRecorder *self);
double          hk_call_recorder_get_input_level  (HkCallRecorder *self);
gboolean        hk_call_recorder_get_trainee_speaking  (HkCallRecorder *self);
gboolean        hk_call_recorder_get_customer_speaking (HkCallRecorder *self);
double          hk_call_recorder_get_partner_level (HkCallRecorder *self,
                                                   HkPartner       partner);
gboolean        hk_call_recorder_get_partner_speaking (HkCallRecorder *self,
                                                   HkPartner       partner);
const char     *hk_call_recorder_get_device_note (HkCallRecorder *self);
const GError   *hk_call_recorder_get_error        (HkCallRecorder *self);

G_END_DECLS
