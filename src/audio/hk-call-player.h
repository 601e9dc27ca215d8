/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define HK_CALL_PLAYER_RATE_MIN 0.5
#define HK_CALL_PLAYER_RATE_MAX 2.0

#define HK_TYPE_CALL_PLAYER (hk_call_player_get_type ())

G_DECLARE_FINAL_TYPE (HkCallPlayer, hk_call_player, HK, CALL_PLAYER, GObject)

HkCallPlayer *hk_call_player_new          (const char   *path,
                                           const char   *sink_description,
                                           GError      **error);
void          hk_call_player_play         (HkCallPlayer *self);
void          hk_call_player_pause        (HkCallPlayer *self);
gboolean      hk_call_player_seek         (HkCallPlayer *self,
                                           double        seconds);
gboolean      hk_call_player_play_span    (HkCallPlayer *self,
                                           double        start,
                                           double        end);
gboolean      hk_call_player_set_rate     (HkCallPlayer *self,
                                           double        rate);
double        hk_call_player_get_rate     (HkCallPlayer *self);
double        hk_call_player_get_position (HkCallPlayer *self);
double        hk_call_player_get_duration (HkCallPlayer *self);
gboolean      hk_call_player_get_playing  (HkCallPlayer *self);
const GError *hk_call_player_get_error    (HkCallPlayer *self);
gboolean      hk_call_player_wait_ready   (HkCallPlayer *self,
                                           GError      **error);

G_END_DECLS
