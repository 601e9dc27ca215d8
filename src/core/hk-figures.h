/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "hk-call-analysis.h"

G_BEGIN_DECLS

/* The key figures of a call, each judged against a norm for a listener. */
typedef enum {
  HK_FIGURE_TALK_SHARE,
  HK_FIGURE_MEAN_GAP,
  HK_FIGURE_INTERRUPTIONS,
  HK_FIGURE_BACKCHANNELS,
  HK_FIGURE_HESITATIONS,
  HK_FIGURE_SPEAKING_RATE,
  HK_FIGURE_PITCH_SPREAD,
  HK_N_FIGURES
} HkFigure;

typedef enum {
  HK_VERDICT_UNKNOWN,   /* the call does not tell */
  HK_VERDICT_WITHIN,    /* inside the norm */
  HK_VERDICT_OUTSIDE,   /* worth a look */
} HkVerdict;

/**
 * HkFigureValue:
 * @figure: which figure
 * @value: in the figure's unit (a share 0-1, seconds, a count,
 *   syllables a second, semitones); NAN when unknown
 * @verdict: how it compares with the norm
 */
typedef struct {
  HkFigure  figure;
  double    value;
  HkVerdict verdict;
} HkFigureValue;

/* Norms for a trainee who listens well. */
#define HK_NORM_TALK_SHARE_MAX    0.5
#define HK_NORM_HESITATIONS_MAX   2
#define HK_NORM_RATE_MIN          3.0
#define HK_NORM_RATE_MAX          5.5
#define HK_NORM_PITCH_SPREAD_MIN  4.0

void        hk_figures_measure       (HkCallAnalysis      *analysis,
                                      HkFigureValue        out[HK_N_FIGURES]);
const char *hk_figure_id             (HkFigure             figure);
const char *hk_figure_label          (HkFigure             figure);
char       *hk_figure_format         (const HkFigureValue *value);
char       *hk_figure_norm           (HkFigure             figure,
                                      const HkThresholds  *thresholds);
const char *hk_verdict_label         (HkVerdict            verdict);
const char *hk_verdict_icon_name     (HkVerdict            verdict);
const char *hk_verdict_style_class   (HkVerdict            verdict);

G_END_DECLS
