/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define HK_TYPE_INPUT_METER (hk_input_meter_get_type ())

G_DECLARE_FINAL_TYPE (HkInputMeter, hk_input_meter, HK, INPUT_METER, GObject)

HkInputMeter *hk_input_meter_new       (const char   *source_description);
gboolean      hk_input_meter_start     (HkInputMeter *self,
                                        GError      **error);
void          hk_input_meter_stop      (HkInputMeter *self);
double        hk_input_meter_get_level (HkInputMeter *self);
double        hk_input_meter_get_loudest (HkInputMeter *self);
const GError *hk_input_meter_get_error (HkInputMeter *self);

G_END_DECLS
