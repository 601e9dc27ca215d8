/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "hk-application.h"

G_BEGIN_DECLS

#define HK_TYPE_WINDOW (hk_window_get_type ())

G_DECLARE_FINAL_TYPE (HkWindow, hk_window, HK, WINDOW, AdwApplicationWindow)

HkWindow *hk_window_new                 (HkApplication *application);
void      hk_window_show_scenario       (HkWindow      *self,
                                         const char    *id);
guint     hk_window_get_n_visible       (HkWindow      *self);

G_END_DECLS
