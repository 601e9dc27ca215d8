/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "hk-session.h"

G_BEGIN_DECLS

#define HK_TYPE_ROUNDS_DIALOG (hk_rounds_dialog_get_type ())

G_DECLARE_FINAL_TYPE (HkRoundsDialog, hk_rounds_dialog, HK, ROUNDS_DIALOG, AdwWindow)

HkRoundsDialog *hk_rounds_dialog_new (GtkWindow *parent,
                                      HkSession *round_a,
                                      HkSession *round_b);

G_END_DECLS
