/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "hk-class-report.h"
#include "hk-report.h"

G_BEGIN_DECLS

GBytes *hk_report_pdf_render        (HkReport       *report,
                                     GError        **error);
GBytes *hk_report_pdf_render_class  (HkClassReport  *report,
                                     GError        **error);

G_END_DECLS
