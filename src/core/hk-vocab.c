/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hk-vocab"

#include "config.h"

#include "hk-i18n.h"

#include "hk-vocab.h"

typedef struct {
  const char *id;
  const char *label;
} Word;

static const Word categories[] = {
  { "complaint", N_("Complaint") },
  { "sales", N_("Sales call") },
  { "angry-caller", N_("Angry caller") },
  { "feedback", N_("Gathering feedback") },
  { "information", N_("Information request") },
  { "unfamiliar-problem", N_("Unfamiliar problem") },
};

static const Word sectors[] = {
  { "telecom", N_("Telecom") },
  { "energy", N_("Energy") },
  { "bank", N_("Banking") },
  { "web-shop", N_("Web shop") },
  { "insurance", N_("Insurance") },
  { "travel", N_("Travel") },
  { "software", N_("Software support") },
  { "public-service", N_("Public service") },
  { "health", N_("Health care") },
  { "other", N_("Other sector") },
};

static const Word moods[] = {
  { "calm", N_("Calm") },
  { "friendly", N_("Friendly") },
  { "curious", N_("Curious") },
  { "hurried", N_("Hurried") },
  { "confused", N_("Confused") },
  { "anxious", N_("Anxious") },
  { "sceptical", N_("Sceptical") },
  { "disappointed", N_("Disappointed") },
  { "frustrated", N_("Frustrated") },
  { "angry", N_("Angry") },
  { "furious", N_("Furious") },
  { "relieved", N_("Relieved") },
};

static const Word techniques[] = {
  { "full-attention", N_("Full attention") },
  { "let-finish", N_("Let the customer finish") },
  { "wait-before-answering", N_("Wait before answering") },
  { "backchannel", N_("Encouraging sounds") },
  { "open-question", N_("Open question") },
  { "clarify", N_("Clarifying question") },
  { "paraphrase", N_("Paraphrase") },
  { "acknowledge-emotion", N_("Acknowledge the emotion") },
  { "summarise", N_("Summarise") },
  { "empathy", N_("Empathy") },
  { "withhold-judgement", N_("Withhold judgement") },
  { "tone-and-pace", N_("Tone and pace") },
  { "confirm-understanding", N_("Confirm understanding") },
  { "tailor-solution", N_("Fit the solution to the need") },
};

static const struct {
  const Word *words;
  guint n_words;
} vocabs[HK_N_VOCABS] = {
  [HK_VOCAB_CATEGORY] = { categories, G_N_ELEMENTS (categories) },
  [HK_VOCAB_SECTOR] = { sectors, G_N_ELEMENTS (sectors) },
  [HK_VOCAB_MOOD] = { moods, G_N_ELEMENTS (moods) },
  [HK_VOCAB_TECHNIQUE] = { techniques, G_N_ELEMENTS (techniques) },
};

guint
hk_vocab_n_items (HkVocab vocab)
{
  g_return_val_if_fail (vocab < HK_N_VOCABS, 0);

  return vocabs[vocab].n_words;
}

const char *
hk_vocab_id (HkVocab vocab,
             guint   position)
{
  g_return_val_if_fail (vocab < HK_N_VOCABS, NULL);
  g_return_val_if_fail (position < vocabs[vocab].n_words, NULL);

  return vocabs[vocab].words[position].id;
}

static const Word *
find_word (HkVocab     vocab,
           const char *id)
{
  if (id == NULL)
    return NULL;

  for (guint i = 0; i < vocabs[vocab].n_words; i++)
    if (g_str_equal (vocabs[vocab].words[i].id, id))
      return &vocabs[vocab].words[i];

  return NULL;
}

gboolean
hk_vocab_contains (HkVocab     vocab,
                   const char *id)
{
  g_return_val_if_fail (vocab < HK_N_VOCABS, FALSE);

  return find_word (vocab, id) != NULL;
}

/**
 * hk_vocab_label:
 *
 * Returns: (transfer none): the translated label of @id, or @id itself when
 *   the word is unknown (so nothing is ever shown blank).
 */
const char *
hk_vocab_label (HkVocab     vocab,
                const char *id)
{
  const Word *word;

  g_return_val_if_fail (vocab < HK_N_VOCABS, NULL);

  word = find_word (vocab, id);
  return word ? _(word->label) : id;
}

/**
 * hk_vocab_join_ids:
 *
 * Returns: (transfer full): the ids as a comma-separated list, for messages
 *   that tell the user what is allowed.
 */
char *
hk_vocab_join_ids (HkVocab vocab)
{
  GString *s = g_string_new (NULL);

  g_return_val_if_fail (vocab < HK_N_VOCABS, NULL);

  for (guint i = 0; i < vocabs[vocab].n_words; i++)
    {
      if (i > 0)
        g_string_append (s, ", ");
      g_string_append (s, vocabs[vocab].words[i].id);
    }

  return g_string_free (s, FALSE);
}

const char *
hk_difficulty_label (int difficulty)
{
  switch (difficulty)
    {
    case 1:
      return _("Gentle");
    case 2:
      return _("Demanding");
    case 3:
      return _("Hard");
    default:
      return _("Unknown difficulty");
    }
}
