/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "hk-application.h"

G_BEGIN_DECLS

#define HK_TYPE_PREFERENCES_WINDOW (hk_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (HkPreferencesWindow, hk_preferences_window, HK, PREFERENCES_WINDOW, AdwPreferencesWindow)

GtkWidget *hk_preferences_window_new (HkApplication *application);

G_END_DECLS
