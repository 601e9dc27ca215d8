/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "hk-call-analysis.h"

G_BEGIN_DECLS

typedef enum {
  HK_ANSWER_NONE,
  HK_ANSWER_YES,
  HK_ANSWER_PARTLY,
  HK_ANSWER_NO,
} HkAnswer;

/**
 * HkChecklistItem:
 * @id: stable name, the key of its answer in session.json
 * @technique: the listening technique it asks about
 * @question: in the practice language
 * @evidence: (nullable): what the call's measurements say, in the
 *   practice language, the moments written as m:ss in the order of @times
 * @times: (element-type double): seconds of the call @evidence points at
 * @suggestion: the answer the measurements point to, or %HK_ANSWER_NONE
 *   when they do not speak to the question
 */
typedef struct {
  char     *id;
  char     *technique;
  char     *question;
  char     *evidence;
  GArray   *times;
  HkAnswer  suggestion;
} HkChecklistItem;

/**
 * HkChecklistQuestion:
 * @id: stable name, the key of its note in session.json
 * @text: in the practice language
 *
 * An open question at the end of the checklist.
 */
typedef struct {
  char *id;
  char *text;
} HkChecklistQuestion;

#define HK_TYPE_CHECKLIST (hk_checklist_get_type ())

G_DECLARE_FINAL_TYPE (HkChecklist, hk_checklist, HK, CHECKLIST, GObject)

HkChecklist *hk_checklist_new_from_file   (const char          *path,
                                           GError             **error);
HkChecklist *hk_checklist_get_default     (GError             **error);
char        *hk_checklist_default_path    (void);
guint        hk_checklist_get_n_items     (HkChecklist         *self);
GPtrArray   *hk_checklist_build           (HkChecklist         *self,
                                           const char          *category,
                                           const char * const  *techniques,
                                           HkCallAnalysis      *analysis,
                                           const char          *lang);
GPtrArray   *hk_checklist_get_questions   (HkChecklist         *self,
                                           const char          *lang);
char        *hk_checklist_format_time     (double               seconds);
double       hk_checklist_result          (JsonNode            *reflection,
                                           guint               *n_answered);

void         hk_checklist_item_free       (HkChecklistItem     *item);
void         hk_checklist_question_free   (HkChecklistQuestion *question);
const char  *hk_answer_id                 (HkAnswer             answer);
const char  *hk_answer_label              (HkAnswer             answer);
HkAnswer     hk_answer_from_id            (const char          *id);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HkChecklistItem, hk_checklist_item_free)

G_END_DECLS
