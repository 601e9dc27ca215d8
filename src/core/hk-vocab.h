/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The closed word lists a scenario draws from. Ids are stable (they are in
 * files); labels are translated for display. */
typedef enum {
  HK_VOCAB_CATEGORY,
  HK_VOCAB_SECTOR,
  HK_VOCAB_MOOD,
  HK_VOCAB_TECHNIQUE,
  HK_N_VOCABS
} HkVocab;

guint       hk_vocab_n_items   (HkVocab     vocab);
const char *hk_vocab_id        (HkVocab     vocab,
                                guint       position);
gboolean    hk_vocab_contains  (HkVocab     vocab,
                                const char *id);
const char *hk_vocab_label     (HkVocab     vocab,
                                const char *id);
char       *hk_vocab_join_ids  (HkVocab     vocab);

#define HK_DIFFICULTY_MIN 1
#define HK_DIFFICULTY_MAX 3

const char *hk_difficulty_label (int difficulty);

G_END_DECLS
