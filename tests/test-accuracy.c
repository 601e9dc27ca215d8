/* SPDX-License-Identifier: GPL-3.0-or-later */
/* How right the markers are, measured against calls whose true timing is
 * known. Each call is built from lines spoken by espeak-ng, customer and
 * trainee in one language, placed with chosen gaps, a backchannel, a
 * hesitation, a long gap, an interruption and dead air. The truth is the
 * speech in the clean lines; the detector hears them mixed with noise at
 * 30, 20 and 10 dB SNR, with the customer bleeding into the trainee's
 * microphone at -20 dB. Markers are matched one by one: same type, party
 * and class, and their boundaries compared. */
#include "config.h"

#include <math.h>

#include "hk-call-analyzer.h"
#include "hk-test-speech.h"
#include "hk-vad.h"

#define BLEED_GAIN  0.1     /* -20 dB */
#define BLEED_DELAY 0.012   /* seconds: speaker to microphone */

typedef struct {
  const char *lang;
  const char *customer[5];
  const char *trainee[6];   /* T1, T2a, T2b, T3, T4, T5 */
  const char *backchannel;
} Script;

static const Script scripts[] = {
  { "en",
    { "Hello, my new router stopped working on Monday morning.",
      "I already restarted it three times and the light keeps blinking orange all day long.",
      "Nobody called me back, although I was promised a call yesterday.",
      "I work from home, and without the internet I am losing money every single day.",
      "Will anyone come today?" },
    { "I am sorry to hear that.", "So the light blinks orange.", "Let me look at your line.",
      "I understand how frustrating that is.", "A technician can come this afternoon.",
      "Yes, between two and four." },
    "yes" },
  { "it",
    { "Buongiorno, il mio nuovo router non funziona da lunedì mattina.",
      "Ho già provato a riavviarlo tre volte e la luce continua a lampeggiare arancione.",
      "Nessuno mi ha richiamato, anche se me lo avevano promesso ieri.",
      "Lavoro da casa e senza internet perdo soldi ogni giorno.",
      "Viene qualcuno oggi?" },
    { "Mi dispiace molto.", "Quindi la luce lampeggia arancione.", "Controllo subito la sua linea.",
      "Capisco quanto sia frustrante.", "Un tecnico può venire oggi pomeriggio.",
      "Sì, tra le due e le quattro." },
    "sì" },
  { "cs",
    { "Dobrý den, můj nový router od pondělního rána nefunguje.",
      "Už jsem ho třikrát restartoval a světlo pořád bliká oranžově celý den.",
      "Nikdo mi nezavolal zpátky, i když mi to včera slíbili.",
      "Pracuji z domova a bez internetu každý den přicházím o peníze.",
      "Přijde dnes někdo?" },
    { "To je mi líto.", "Takže světlo bliká oranžově.", "Podívám se na vaši linku.",
      "Chápu, jak je to nepříjemné.", "Technik může přijít dnes odpoledne.",
      "Ano, mezi druhou a čtvrtou." },
    "ano" },
  { "de",
    { "Guten Tag, mein neuer Router funktioniert seit Montagmorgen nicht mehr.",
      "Ich habe ihn schon dreimal neu gestartet und das Licht blinkt den ganzen Tag orange.",
      "Niemand hat mich zurückgerufen, obwohl man es mir gestern versprochen hat.",
      "Ich arbeite von zu Hause und ohne Internet verliere ich jeden Tag Geld.",
      "Kommt heute noch jemand?" },
    { "Das tut mir leid.", "Das Licht blinkt also orange.", "Ich sehe mir Ihre Leitung an.",
      "Ich verstehe, wie ärgerlich das ist.", "Ein Techniker kann heute Nachmittag kommen.",
      "Ja, zwischen zwei und vier." },
    "ja" },
  { "nl",
    { "Goedemorgen, mijn nieuwe router doet het sinds maandagochtend niet meer.",
      "Ik heb hem al drie keer opnieuw opgestart en het lampje blijft de hele dag oranje knipperen.",
      "Niemand heeft me teruggebeld, terwijl dat gisteren was beloofd.",
      "Ik werk thuis en zonder internet verlies ik elke dag geld.",
      "Komt er vandaag iemand?" },
    { "Wat vervelend voor u.", "Het lampje knippert dus oranje.", "Ik bekijk uw lijn even.",
      "Ik begrijp hoe frustrerend dat is.", "Een monteur kan vanmiddag komen.",
      "Ja, tussen twee en vier." },
    "ja" },
  { "fr",
    { "Bonjour, mon nouveau routeur ne marche plus depuis lundi matin.",
      "Je l'ai déjà redémarré trois fois et le voyant clignote en orange toute la journée.",
      "Personne ne m'a rappelé, alors qu'on me l'avait promis hier.",
      "Je travaille à la maison et sans internet je perds de l'argent chaque jour.",
      "Quelqu'un viendra aujourd'hui?" },
    { "Je suis désolé de l'apprendre.", "Donc le voyant clignote en orange.", "Je regarde votre ligne.",
      "Je comprends que ce soit pénible.", "Un technicien peut venir cet après-midi.",
      "Oui, entre deux et quatre heures." },
    "oui" },
  { "es",
    { "Buenos días, mi nuevo router no funciona desde el lunes por la mañana.",
      "Ya lo he reiniciado tres veces y la luz sigue parpadeando en naranja todo el día.",
      "Nadie me ha llamado, aunque ayer me lo prometieron.",
      "Trabajo desde casa y sin internet pierdo dinero cada día.",
      "¿Vendrá alguien hoy?" },
    { "Lo siento mucho.", "Entonces la luz parpadea en naranja.", "Voy a mirar su línea.",
      "Entiendo lo frustrante que es.", "Un técnico puede ir esta tarde.",
      "Sí, entre las dos y las cuatro." },
    "sí" },
};

typedef struct {
  float  *samples;
  gsize   n;
  double  lead;      /* seconds of silence before the speech starts */
  double  length;    /* seconds from the first to the last speech */
} Line;

typedef struct {
  gsize       n;
  float      *clean[2];       /* customer, trainee */
  HkSegments *truth[2];
} Call;

static Line
speak (const char *voice,
       int         wpm,
       const char *text)
{
  Line line = { NULL, 0, 0.0, 0.0 };
  g_autoptr(HkSegments) segs = NULL;

  line.samples = hk_test_speak (voice, wpm, text, &line.n);
  segs = hk_test_true_segments (line.samples, line.n, 0.0);
  g_assert_cmpuint (hk_segments_get_n (segs), >, 0);
  line.lead = hk_segments_get (segs, 0)->start;
  line.length = hk_segments_get (segs, hk_segments_get_n (segs) - 1)->end - line.lead;
  return line;
}

/* Places @line so its speech starts at @at; returns where it ends. */
static double
place (Call       *call,
       guint       party,
       const Line *line,
       double      at)
{
  gssize first = (gssize) llround ((at - line->lead) * HK_VAD_RATE);
  g_autoptr(HkSegments) segs = NULL;

  g_assert_cmpint (first, >=, 0);
  g_assert_cmpuint ((gsize) first + line->n, <=, call->n);
  for (gsize i = 0; i < line->n; i++)
    call->clean[party][first + i] += line->samples[i];

  segs = hk_test_true_segments (line->samples, line->n, (double) first / HK_VAD_RATE);
  for (guint i = 0; i < hk_segments_get_n (segs); i++)
    hk_segments_add (call->truth[party], hk_segments_get (segs, i)->start, hk_segments_get (segs, i)->end);

  return at + line->length;
}

static Call *
build_call (const Script *s)
{
  g_autofree char *cv = g_strdup (s->lang);
  g_autofree char *tv = g_strdup_printf ("%s+f3", s->lang);
  Line c[5], t[6], bc;
  Call *call = g_new0 (Call, 1);
  double at, end_c2, bc_at;

  for (guint i = 0; i < 5; i++)
    c[i] = speak (cv, 165, s->customer[i]);
  for (guint i = 0; i < 6; i++)
    t[i] = speak (tv, 175, s->trainee[i]);
  bc = speak (tv, 175, s->backchannel);

  call->n = 120 * HK_VAD_RATE;
  for (guint p = 0; p < 2; p++)
    {
      call->clean[p] = g_new0 (float, call->n);
      call->truth[p] = hk_segments_new ();
    }

  at = place (call, 0, &c[0], 0.5);
  at = place (call, 1, &t[0], at + 0.15);                 /* rushed */
  end_c2 = place (call, 0, &c[1], at + 0.8);
  bc_at = end_c2 - c[1].length + 1.2;                     /* inside the customer's turn */
  place (call, 1, &bc, bc_at);
  at = place (call, 1, &t[1], end_c2 + 1.0);              /* gave room */
  at = place (call, 1, &t[2], at + 2.0);                  /* hesitation */
  at = place (call, 0, &c[2], at + 0.7);
  at = place (call, 1, &t[3], at + 3.6);                  /* long */
  at = place (call, 0, &c[3], at + 0.6);
  at = MAX (at, place (call, 1, &t[4], at - 1.5));        /* interruption */
  at = place (call, 0, &c[4], at + 6.0);                  /* after dead air */
  at = place (call, 1, &t[5], at + 0.5);

  call->n = (gsize) ((at + 1.0) * HK_VAD_RATE);
  for (guint p = 0; p < 2; p++)
    hk_segments_tidy (call->truth[p], HK_VAD_BRIDGE, HK_VAD_MIN_SPEECH);

  for (guint i = 0; i < 5; i++)
    g_free (c[i].samples);
  for (guint i = 0; i < 6; i++)
    g_free (t[i].samples);
  g_free (bc.samples);
  return call;
}

static void
call_free (Call *call)
{
  for (guint p = 0; p < 2; p++)
    {
      g_free (call->clean[p]);
      g_array_unref (call->truth[p]);
    }
  g_free (call);
}

/* Noise of several kinds, one a call: hiss, pink noise, a fan's rumble
 * with mains hum, and hiss with clicks. Unit power before scaling. */
static void
make_noise (float *out,
            gsize  n,
            guint  kind,
            GRand *rand)
{
  double b0 = 0, b1 = 0, b2 = 0, lp = 0, power = 0.0;

  for (gsize i = 0; i < n; i++)
    {
      double w = g_rand_double_range (rand, -1.0, 1.0);
      double t = (double) i / HK_VAD_RATE;
      double v;

      switch (kind % 4)
        {
        case 0:
          v = w;
          break;
        case 1:
          b0 = 0.99765 * b0 + w * 0.0990460;
          b1 = 0.96300 * b1 + w * 0.2965164;
          b2 = 0.57000 * b2 + w * 1.0526913;
          v = b0 + b1 + b2 + w * 0.1848;
          break;
        case 2:
          lp += 0.02 * (w - lp);
          v = 8.0 * lp + 0.5 * sin (2.0 * G_PI * 50.0 * t) + 0.25 * sin (2.0 * G_PI * 150.0 * t);
          break;
        default:
          v = w;
          break;
        }
      out[i] = (float) v;
      power += v * v;
    }

  power /= MAX (n, 1);
  for (gsize i = 0; i < n; i++)
    out[i] /= (float) sqrt (power);

  /* Clicks: a few sharp ticks, as from a mouse or a cable. */
  if (kind % 4 == 3)
    for (gsize at = HK_VAD_RATE * 3; at + 40 < n; at += HK_VAD_RATE * 7)
      for (gsize i = 0; i < 40; i++)
        out[at + i] += (float) (i % 2 ? 30.0 : -30.0) * (float) exp (-(double) i / 8.0);
}

static HkCallAnalysis *
analyse_noisy (Call  *call,
               double snr_db,
               guint  kind,
               GRand *rand)
{
  g_autoptr(HkThresholds) th = hk_thresholds_new ();
  g_autoptr(HkCallAnalyzer) analyzer = hk_call_analyzer_new (2, th);
  g_autofree float *mix = g_new (float, call->n * 2);
  g_autofree float *noise = g_new (float, call->n);
  gsize delay = (gsize) (BLEED_DELAY * HK_VAD_RATE);

  for (guint p = 0; p < 2; p++)
    {
      double level = sqrt (hk_test_speech_power (call->clean[p], call->n) / pow (10.0, snr_db / 10.0));

      make_noise (noise, call->n, kind + p, rand);
      for (gsize i = 0; i < call->n; i++)
        {
          double v = call->clean[p][i] + level * noise[i];

          if (p == 1 && i >= delay)
            v += BLEED_GAIN * call->clean[0][i - delay];
          mix[2 * i + p] = (float) v;
        }
    }

  /* Fed in uneven chunks, as a decoder would. */
  for (gsize i = 0; i < call->n;)
    {
      /* MIN() evaluates twice: draw the size first. */
      gsize want = (gsize) g_rand_int_range (rand, 1, 4096);
      gsize chunk = MIN (want, call->n - i);

      hk_call_analyzer_feed_interleaved (analyzer, mix + 2 * i, chunk);
      i += chunk;
    }

  return hk_call_analyzer_finish (analyzer, NULL);
}

typedef struct {
  guint   n_true;
  guint   n_found;
  guint   n_matched;
  GArray *errors;    /* double: seconds, each boundary of each match */
  guint   missed[HK_N_MARKER_TYPES];
  guint   spurious[HK_N_MARKER_TYPES];
} Score;

static gboolean
same_kind (const HkMarker *a,
           const HkMarker *b)
{
  return a->type == b->type && a->party == b->party && a->gap_class == b->gap_class;
}

static void
score_markers (Score        *score,
               const GArray *truth,
               const GArray *found,
               const char   *what)
{
  g_autofree gboolean *used = g_new0 (gboolean, found->len + 1);

  for (guint i = 0; i < truth->len; i++)
    {
      const HkMarker *t = &g_array_index (truth, HkMarker, i);
      double best = G_MAXDOUBLE;
      guint best_j = G_MAXUINT;

      for (guint j = 0; j < found->len; j++)
        {
          const HkMarker *f = &g_array_index (found, HkMarker, j);
          double cost = fabs (f->start - t->start) + fabs (f->end - t->end);

          if (used[j] || !same_kind (t, f) || f->start > t->end + 0.25 || f->end < t->start - 0.25)
            continue;
          if (cost < best)
            {
              best = cost;
              best_j = j;
            }
        }

      if (best_j == G_MAXUINT)
        {
          score->missed[t->type]++;
          g_test_message ("%s: missed %s %s %.2f-%.2f", what, hk_marker_type_id (t->type),
                          t->gap_class ? hk_gap_class_id (t->gap_class) : "", t->start, t->end);
          continue;
        }

      used[best_j] = TRUE;
      score->n_matched++;
      {
        const HkMarker *f = &g_array_index (found, HkMarker, best_j);
        double e1 = fabs (f->start - t->start), e2 = fabs (f->end - t->end);

        g_array_append_val (score->errors, e1);
        g_array_append_val (score->errors, e2);
        if (MAX (e1, e2) > 0.05)
          g_test_message ("%s: %s %.3f-%.3f found at %.3f-%.3f", what, hk_marker_type_id (t->type),
                          t->start, t->end, f->start, f->end);
      }
    }

  for (guint j = 0; j < found->len; j++)
    if (!used[j])
      {
        const HkMarker *f = &g_array_index (found, HkMarker, j);

        score->spurious[f->type]++;
        g_test_message ("%s: spurious %s %s %.2f-%.2f", what, hk_marker_type_id (f->type),
                        f->gap_class ? hk_gap_class_id (f->gap_class) : "", f->start, f->end);
      }

  score->n_true += truth->len;
  score->n_found += found->len;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static void
check_truth_has_every_marker (const GArray *truth,
                              const char   *lang)
{
  guint seen[HK_N_MARKER_TYPES] = { 0 };
  guint gaps[4] = { 0 };

  for (guint i = 0; i < truth->len; i++)
    {
      const HkMarker *m = &g_array_index (truth, HkMarker, i);

      seen[m->type]++;
      gaps[m->gap_class]++;
    }
  for (HkMarkerType t = 0; t < HK_N_MARKER_TYPES; t++)
    if (seen[t] == 0)
      g_error ("the %s call has no true %s marker; the script no longer makes one", lang,
               hk_marker_type_id (t));
  g_assert_cmpuint (gaps[HK_GAP_RUSHED], >=, 1);
  g_assert_cmpuint (gaps[HK_GAP_ROOM], >=, 1);
  g_assert_cmpuint (gaps[HK_GAP_LONG], >=, 1);
}

static void
test_accuracy (void)
{
  static const double snrs[] = { 30.0, 20.0, 10.0 };
  g_autoptr(HkThresholds) th = hk_thresholds_new ();
  g_autoptr(GPtrArray) calls = g_ptr_array_new_with_free_func ((GDestroyNotify) call_free);
  g_autoptr(GPtrArray) truths = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  /* HK_ACCURACY_SEED draws other noise, to see how much the figures
   * depend on this one draw. */
  const char *seed = g_getenv ("HK_ACCURACY_SEED");
  GRand *rand = g_rand_new_with_seed (seed ? (guint32) g_ascii_strtoull (seed, NULL, 10) : 20261128);

  for (guint s = 0; s < G_N_ELEMENTS (scripts); s++)
    {
      Call *call = build_call (&scripts[s]);
      GArray *truth = hk_markers_detect (call->truth[0], call->truth[1], th);

      check_truth_has_every_marker (truth, scripts[s].lang);
      g_ptr_array_add (calls, call);
      g_ptr_array_add (truths, truth);
    }

  g_print ("# %-6s %6s %6s %9s %10s %12s %10s %11s %12s\n", "SNR", "true", "found", "recall", "precision",
           "median (ms)", "p95 (ms)", "worst (ms)", "within 50 ms");
  for (guint k = 0; k < G_N_ELEMENTS (snrs); k++)
    {
      Score score = { 0 };
      double recall, precision, median, p95, worst;
      guint within = 0;

      score.errors = g_array_new (FALSE, FALSE, sizeof (double));
      for (guint s = 0; s < calls->len; s++)
        {
          g_autoptr(HkCallAnalysis) analysis = analyse_noisy (calls->pdata[s], snrs[k], s, rand);
          g_autofree char *what = g_strdup_printf ("%s at %.0f dB", scripts[s].lang, snrs[k]);

          score_markers (&score, truths->pdata[s], hk_call_analysis_get_markers (analysis), what);
        }

      g_array_sort (score.errors, compare_doubles);
      recall = (double) score.n_matched / MAX (score.n_true, 1);
      precision = (double) score.n_matched / MAX (score.n_found, 1);
      median = score.errors->len ? g_array_index (score.errors, double, score.errors->len / 2) : 0.0;
      p95 = score.errors->len ? g_array_index (score.errors, double, score.errors->len * 95 / 100) : 0.0;
      worst = score.errors->len ? g_array_index (score.errors, double, score.errors->len - 1) : 0.0;
      for (guint i = 0; i < score.errors->len; i++)
        within += g_array_index (score.errors, double, i) <= 0.0505;
      g_print ("# %3.0f dB %6u %6u %9.3f %10.3f %12.0f %10.0f %11.0f %11.1f%%\n", snrs[k], score.n_true,
               score.n_found, recall, precision, 1000.0 * median, 1000.0 * p95, 1000.0 * worst,
               100.0 * within / MAX (score.errors->len, 1));

      /* From 20 dB up: markers found and not invented, and their
       * boundaries within 50 ms, each at the 0.95 the issue sets for
       * recall. The few boundaries beyond are word endings that lie under
       * the noise or the other voice's leak, heard by no one (see the
       * README); none may be more than 100 ms off. */
      if (snrs[k] >= 20.0 && g_getenv ("HK_ACCURACY_REPORT") == NULL)
        {
          g_assert_cmpfloat (recall, >=, 0.95);
          g_assert_cmpfloat (precision, >=, 0.95);
          g_assert_cmpfloat (median, <=, 0.030);
          g_assert_cmpfloat ((double) within / MAX (score.errors->len, 1), >=, 0.95);
          g_assert_cmpfloat (worst, <=, 0.100);
        }
      g_array_unref (score.errors);
    }

  g_rand_free (rand);
}

/* Speaking rate and pitch on real speech: espeak-ng says the same line
 * slowly and fast, in a low and a high voice. */
static void
test_voice_metrics (void)
{
  const char *text = "I understand that the router has stopped working, and I will send a technician "
                     "to your home this afternoon between two and four.";
  double rates[2], pitch[2];
  int wpm[2] = { 130, 230 };

  for (guint v = 0; v < 2; v++)
    {
      gsize n;
      g_autofree float *x = hk_test_speak (v == 0 ? "en" : "en+f3", wpm[v], text, &n);
      g_autoptr(HkThresholds) th = hk_thresholds_new ();
      g_autoptr(HkCallAnalyzer) an = hk_call_analyzer_new (1, th);
      g_autoptr(HkCallAnalysis) a = NULL;
      const HkVoiceMetrics *m;

      hk_call_analyzer_feed (an, 0, x, n);
      a = hk_call_analyzer_finish (an, NULL);
      m = hk_call_analysis_get_metrics (a, HK_PARTY_TRAINEE);
      rates[v] = m->speaking_rate;
      pitch[v] = m->pitch_median;
      g_print ("# %s at %d words a minute: %.1f syllables/s of speech, pitch %.0f Hz, spread %.1f st, %.1f dBFS\n",
               v == 0 ? "en" : "en+f3", wpm[v], m->speaking_rate, m->pitch_median, m->pitch_spread,
               m->loudness);
      /* 36 syllables; people speak 3 to 7 a second. */
      g_assert_cmpfloat (m->speaking_rate, >, 2.5);
      g_assert_cmpfloat (m->speaking_rate, <, 9.0);
      /* Intonation moves a few semitones; octave errors would show as more. */
      g_assert_cmpfloat (m->pitch_spread, >, 1.0);
      g_assert_cmpfloat (m->pitch_spread, <, 8.0);
    }

  g_assert_cmpfloat (rates[1], >, 1.25 * rates[0]);
  g_assert_cmpfloat (pitch[0], <, 150.0);
  g_assert_cmpfloat (pitch[1], >, 1.4 * pitch[0]);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/accuracy/espeak-calls", test_accuracy);
  g_test_add_func ("/accuracy/voice-metrics", test_voice_metrics);

  return g_test_run ();
}
