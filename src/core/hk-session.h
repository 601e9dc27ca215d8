/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "hk-scenario.h"

G_BEGIN_DECLS

#define HK_SESSION_FORMAT 1

typedef enum {
  HK_SESSION_RECORDING,
  HK_SESSION_COMPLETE,
  HK_SESSION_RECOVERED,
  HK_SESSION_DAMAGED,
} HkSessionState;

#define HK_SESSION_ERROR (hk_session_error_quark ())

typedef enum {
  HK_SESSION_ERROR_DAMAGED,
} HkSessionError;

/**
 * HkSessionTurn:
 * @index: the scenario turn
 * @start: when the customer began it, in seconds of the recording
 * @end: when the customer finished it
 */
typedef struct {
  guint  index;
  double start;
  double end;
} HkSessionTurn;

/**
 * HkSessionComment:
 * @id: stays the same when the comment is edited
 * @start: where it points, in seconds of the recording
 * @end: where its span ends; equal to @start for a moment
 * @text: what the trainer wrote
 */
typedef struct {
  char   *id;
  double  start;
  double  end;
  char   *text;
} HkSessionComment;

/**
 * HkPartner:
 * @HK_PARTNER_A: in a pair round, who plays the customer from the script
 * @HK_PARTNER_B: in a pair round, who answers: the round's trainee
 */
typedef enum {
  HK_PARTNER_A,
  HK_PARTNER_B,
} HkPartner;

#define HK_TYPE_SESSION (hk_session_get_type ())

G_DECLARE_FINAL_TYPE (HkSession, hk_session, HK, SESSION, GObject)

GQuark          hk_session_error_quark        (void);

HkSession      *hk_session_new                (const char     *folder,
                                               HkScenario     *scenario,
                                               const char     *lang,
                                               const char     *mode);
HkSession      *hk_session_load               (const char     *folder,
                                               GError        **error);
HkSession      *hk_session_new_damaged        (const char     *folder,
                                               const char     *problem);
gboolean        hk_session_save               (HkSession      *self,
                                               GError        **error);

const char     *hk_session_get_id             (HkSession      *self);
const char     *hk_session_get_folder         (HkSession      *self);
char           *hk_session_get_call_path      (HkSession      *self);
char           *hk_session_get_peaks_path     (HkSession      *self);
HkSessionState  hk_session_get_state          (HkSession      *self);
void            hk_session_set_state          (HkSession      *self,
                                               HkSessionState  state);
GDateTime      *hk_session_get_created        (HkSession      *self);
const char     *hk_session_get_language       (HkSession      *self);
const char     *hk_session_get_mode           (HkSession      *self);
const char     *hk_session_get_scenario_id    (HkSession      *self);
const char     *hk_session_get_title          (HkSession      *self);
const char     *hk_session_get_turn_text      (HkSession      *self,
                                               guint           index);
const HkThresholds *hk_session_get_thresholds (HkSession      *self);
double          hk_session_get_duration       (HkSession      *self);
void            hk_session_set_duration       (HkSession      *self,
                                               double          seconds);
void            hk_session_add_turn           (HkSession      *self,
                                               guint           index,
                                               double          start,
                                               double          end);
void            hk_session_clear_turns        (HkSession      *self);
const GArray   *hk_session_get_turns          (HkSession      *self);
JsonNode       *hk_session_get_analysis       (HkSession      *self);
void            hk_session_set_analysis       (HkSession      *self,
                                               JsonNode       *analysis);
const char     *hk_session_get_category       (HkSession      *self);
const char * const *hk_session_get_techniques (HkSession      *self);
JsonNode       *hk_session_get_reflection     (HkSession      *self);
void            hk_session_set_reflection     (HkSession      *self,
                                               JsonNode       *reflection);
const char     *hk_session_get_problem        (HkSession      *self);
void            hk_session_set_problem        (HkSession      *self,
                                               const char     *problem);

double          hk_session_get_echo_delay     (HkSession      *self);
void            hk_session_set_echo_delay     (HkSession      *self,
                                               double          seconds);
const char     *hk_session_get_trainee        (HkSession      *self);
void            hk_session_set_trainee        (HkSession      *self,
                                               const char     *name);
const GArray   *hk_session_get_comments       (HkSession      *self);
const HkSessionComment *hk_session_find_comment (HkSession    *self,
                                               const char     *id);
const char     *hk_session_add_comment        (HkSession      *self,
                                               double          start,
                                               double          end,
                                               const char     *text);
gboolean        hk_session_edit_comment       (HkSession      *self,
                                               const char     *id,
                                               const char     *text);
gboolean        hk_session_remove_comment     (HkSession      *self,
                                               const char     *id);

gboolean        hk_session_is_pair            (HkSession      *self);
void            hk_session_set_pair           (HkSession      *self,
                                               const char     *pair_id,
                                               guint           round,
                                               const char     *partner_a,
                                               const char     *partner_b,
                                               gboolean        customer_voice);
const char     *hk_session_get_pair_id        (HkSession      *self);
guint           hk_session_get_round          (HkSession      *self);
const char     *hk_session_get_partner        (HkSession      *self,
                                               HkPartner       partner);
gboolean        hk_session_get_customer_voice (HkSession      *self);
JsonNode       *hk_session_get_partner_feedback (HkSession    *self);
void            hk_session_set_partner_feedback (HkSession    *self,
                                               JsonNode       *feedback);

const char     *hk_session_state_id           (HkSessionState  state);
const char     *hk_session_state_label        (HkSessionState  state);
char           *hk_session_make_id            (GDateTime      *when,
                                               const char     *scenario_id);

G_END_DECLS
