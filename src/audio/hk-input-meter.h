/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "hk-session.h"

G_BEGIN_DECLS

#define HK_TYPE_INPUT_METER (hk_input_meter_get_type ())

G_DECLARE_FINAL_TYPE (HkInputMeter, hk_input_meter, HK, INPUT_METER, GObject)

HkInputMeter *hk_input_meter_new       (const char   *source_description);
HkInputMeter *hk_input_meter_new_pair  (const char   *source_a,
                                        const char   *source_b);
HkInputMeter *hk_input_meter_new_stereo (const char  *source_description);
void          hk_input_meter_set_swap  (HkInputMeter *self,
                                        gboolean      swap);
gboolean      hk_input_meter_get_swap  (HkInputMeter *self);
double        hk_input_meter_get_partner_level   (HkInputMeter *self,
                                                  HkPartner     partner);
double        hk_input_meter_get_partner_loudest (HkInputMeter *self,
                                                  HkPartner     partner);
gboolean      hk_input_meter_start     (HkInputMeter *self,
                                        GError      **error);
void          hk_input_meter_stop      (HkInputMeter *self);
double        hk_input_meter_get_level (HkInputMeter *self);
double        hk_input_meter_get_loudest (HkInputMeter *self);
const GError *hk_input_meter_get_error (HkInputMeter *self);

G_END_DECLS
