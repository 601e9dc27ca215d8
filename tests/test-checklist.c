/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The reflection checklist: the shipped file complete in every language,
 * items chosen for the call's category and techniques, and the evidence
 * read from a call whose timing is known, in every language. */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "hk-checklist.h"
#include "hk-lang.h"

static HkChecklist *
shipped (void)
{
  g_autoptr(GError) error = NULL;
  HkChecklist *c = hk_checklist_get_default (&error);

  g_assert_no_error (error);
  g_assert_nonnull (c);
  return c;
}

/* A customer and a trainee: three rushed answers (at 0:07, 0:41 and
 * 1:12), an interruption at 1:25, and one answer that gives room. */
static HkCallAnalysis *
fixture (void)
{
  g_autoptr(HkThresholds) th = hk_thresholds_new ();
  HkSegments *c = hk_segments_new ();
  HkSegments *t = hk_segments_new ();

  hk_segments_add (c, 0.0, 6.9);
  hk_segments_add (t, 7.0, 10.0);
  hk_segments_add (c, 11.0, 40.9);
  hk_segments_add (t, 41.0, 44.0);
  hk_segments_add (c, 45.0, 71.9);
  hk_segments_add (t, 72.0, 75.0);
  hk_segments_add (c, 80.0, 90.0);
  hk_segments_add (t, 85.0, 87.0);
  hk_segments_add (t, 91.0, 94.0);
  return hk_call_analysis_new (95.0, c, t, NULL, NULL, th);
}

static const HkChecklistItem *
find (GPtrArray  *items,
      const char *id)
{
  for (guint i = 0; i < items->len; i++)
    if (g_str_equal (((HkChecklistItem *) g_ptr_array_index (items, i))->id, id))
      return g_ptr_array_index (items, i);
  return NULL;
}

static void
test_shipped_complete (void)
{
  HkChecklist *c = shipped ();

  g_assert_cmpuint (hk_checklist_get_n_items (c), >=, 14);
  for (const char * const *l = hk_lang_content_languages (); *l; l++)
    {
      g_autoptr(GPtrArray) items = hk_checklist_build (c, "complaint", NULL, NULL, *l);
      g_autoptr(GPtrArray) questions = hk_checklist_get_questions (c, *l);

      g_assert_cmpuint (items->len, >, 0);
      g_assert_cmpuint (questions->len, >=, 3);
      for (guint i = 0; i < items->len; i++)
        {
          const HkChecklistItem *item = g_ptr_array_index (items, i);

          g_assert_nonnull (item->question);
          g_assert_null (strchr (item->question, '{'));
        }
    }
}

/* Taking one language out of one text makes the file fail, naming both. */
static void
test_missing_language_fails (void)
{
  g_autofree char *path = hk_checklist_default_path ();
  g_autofree char *text = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("hearken-checklist-XXXXXX", NULL);
  g_autofree char *broken = g_build_filename (tmp, "listening.json", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(HkChecklist) c = NULL;
  char *nl;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  /* The first Dutch text is the first item's question. */
  nl = strstr (text, "\"nl\":");
  g_assert_nonnull (nl);
  memcpy (nl, "\"xx\"", 4);
  g_assert_true (g_file_set_contents (broken, text, -1, NULL));

  c = hk_checklist_new_from_file (broken, &error);
  g_assert_null (c);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, "let-finish"));
  g_assert_nonnull (strstr (error->message, "“nl”"));
  g_remove (broken);
  g_rmdir (tmp);
}

static void
test_items_for_category (void)
{
  HkChecklist *c = shipped ();
  g_autoptr(GPtrArray) complaint = hk_checklist_build (c, "complaint", NULL, NULL, "en");
  g_autoptr(GPtrArray) sales = hk_checklist_build (c, "sales", NULL, NULL, "en");
  const char *invited[] = { "paraphrase", NULL };
  g_autoptr(GPtrArray) sales_paraphrase = hk_checklist_build (c, "sales", invited, NULL, "en");

  /* A complaint asks about feelings; a sale about open questions. */
  g_assert_nonnull (find (complaint, "acknowledge-emotion"));
  g_assert_null (find (complaint, "open-question"));
  g_assert_nonnull (find (sales, "open-question"));
  g_assert_nonnull (find (sales, "tailor-solution"));
  g_assert_null (find (sales, "acknowledge-emotion"));
  /* Every call is asked whether the customer could finish. */
  g_assert_nonnull (find (complaint, "let-finish"));
  g_assert_nonnull (find (sales, "let-finish"));
  /* A technique the turns invite brings its item along. */
  g_assert_null (find (sales, "paraphrase"));
  g_assert_nonnull (find (sales_paraphrase, "paraphrase"));
  /* Without an analysis, no evidence and no suggestion. */
  g_assert_null (find (complaint, "let-finish")->evidence);
  g_assert_cmpint (find (complaint, "let-finish")->suggestion, ==, HK_ANSWER_NONE);
}

static void
test_evidence (void)
{
  HkChecklist *c = shipped ();
  g_autoptr(HkCallAnalysis) a = fixture ();
  g_autoptr(GPtrArray) items = hk_checklist_build (c, "complaint", NULL, a, "en");
  const HkChecklistItem *rushed = find (items, "wait-before-answering");
  const HkChecklistItem *finish = find (items, "let-finish");
  const HkChecklistItem *sounds = find (items, "backchannel");

  g_assert_cmpstr (rushed->evidence, ==,
                   "You started within 0.3 s of the customer stopping 3 times: 0:07, 0:41, 1:12.");
  g_assert_cmpuint (rushed->times->len, ==, 3);
  g_assert_cmpfloat_with_epsilon (g_array_index (rushed->times, double, 1), 41.0, 0.001);
  g_assert_cmpint (rushed->suggestion, ==, HK_ANSWER_NO);

  g_assert_cmpstr (finish->evidence, ==, "You came in while the customer was still talking once: 1:25.");
  g_assert_cmpint (finish->suggestion, ==, HK_ANSWER_PARTLY);

  g_assert_cmpstr (sounds->evidence, ==, "No listening sounds were heard while the customer spoke.");
  g_assert_cmpuint (sounds->times->len, ==, 0);
  g_assert_cmpint (sounds->suggestion, ==, HK_ANSWER_NO);

  /* Questions the call cannot measure carry no evidence. */
  g_assert_null (find (items, "acknowledge-emotion")->evidence);
}

/* The same evidence in every language: the moments, the count in the
 * right plural, numbers in the language's own style. */
static void
test_evidence_languages (void)
{
  HkChecklist *c = shipped ();
  g_autoptr(HkCallAnalysis) a = fixture ();

  for (const char * const *l = hk_lang_content_languages (); *l; l++)
    {
      g_autoptr(GPtrArray) items = hk_checklist_build (c, "complaint", NULL, a, *l);
      const HkChecklistItem *rushed = find (items, "wait-before-answering");
      const HkChecklistItem *finish = find (items, "let-finish");
      g_autoptr(GPtrArray) en = hk_checklist_build (c, "complaint", NULL, NULL, "en");

      g_test_message ("%s: %s", *l, rushed->evidence);
      g_assert_nonnull (strstr (rushed->evidence, "0:07, 0:41, 1:12"));
      g_assert_nonnull (strstr (rushed->evidence, g_str_equal (*l, "en") ? "0.3" : "0,3"));
      g_assert_nonnull (strstr (rushed->evidence, "3"));
      g_assert_null (strchr (rushed->evidence, '{'));
      g_assert_nonnull (strstr (finish->evidence, "1:25"));
      g_assert_null (strchr (finish->evidence, '{'));
      /* Written in the language, not English. */
      if (!g_str_equal (*l, "en"))
        g_assert_cmpstr (find (items, "summarise")->question, !=, find (en, "summarise")->question);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Checklist/shipped-complete", test_shipped_complete);
  g_test_add_func ("/Checklist/missing-language-fails", test_missing_language_fails);
  g_test_add_func ("/Checklist/items-for-category", test_items_for_category);
  g_test_add_func ("/Checklist/evidence", test_evidence);
  g_test_add_func ("/Checklist/evidence-languages", test_evidence_languages);

  return g_test_run ();
}
