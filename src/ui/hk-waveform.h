/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "hk-call-analysis.h"
#include "hk-peaks.h"

G_BEGIN_DECLS

#define HK_TYPE_WAVEFORM (hk_waveform_get_type ())

G_DECLARE_FINAL_TYPE (HkWaveform, hk_waveform, HK, WAVEFORM, GtkWidget)

GtkWidget *hk_waveform_new               (void);
void       hk_waveform_set_call          (HkWaveform     *self,
                                          HkPeaks        *peaks,
                                          HkCallAnalysis *analysis);
void       hk_waveform_set_turns         (HkWaveform     *self,
                                          const GArray   *turns);
void       hk_waveform_set_comments      (HkWaveform     *self,
                                          const GArray   *comments);
void       hk_waveform_set_pair          (HkWaveform     *self,
                                          gboolean        pair);
double     hk_waveform_get_duration      (HkWaveform     *self);
double     hk_waveform_get_position      (HkWaveform     *self);
void       hk_waveform_set_position      (HkWaveform     *self,
                                          double          seconds);
double     hk_waveform_get_visible_start (HkWaveform     *self);
double     hk_waveform_get_visible_length (HkWaveform    *self);
void       hk_waveform_set_view          (HkWaveform     *self,
                                          double          start,
                                          double          length);
void       hk_waveform_zoom              (HkWaveform     *self,
                                          double          factor,
                                          double          anchor);
void       hk_waveform_fit               (HkWaveform     *self);
double     hk_waveform_get_time_at       (HkWaveform     *self,
                                          double          x);

void       hk_waveform_get_marker_colour (HkMarkerType    type,
                                          GdkRGBA        *colour);
char      *hk_waveform_get_marker_letter (HkMarkerType    type);
void       hk_waveform_get_comment_colour (GdkRGBA       *colour);

G_END_DECLS
