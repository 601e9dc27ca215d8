/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hk-cli"

/* hearken-cli: the headless side of Hearken, for trainers' batches and for
 * tests. Each command is a function taking its own arguments. */

#include "config.h"

#include <glib-unix.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <unistd.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "hk-audio-devices.h"
#include "hk-class-report.h"
#include "hk-report.h"
#include "hk-report-pdf.h"
#include "hk-call-file.h"
#include "hk-call-recorder.h"
#include "hk-session-bundle.h"
#include "hk-session-store.h"
#include "hk-cli.h"
/* The CLI's own messages stay in the user's language. */
#define HK_I18N_API_ONLY
#include "hk-i18n.h"
#include "hk-json-writer.h"
#include "hk-lang.h"
#include "hk-scenario-library.h"
#include "hk-scenario-loader.h"
#include "hk-vocab.h"

typedef int (*CommandFunc) (int argc, char **argv);

static void
print_problem (HkScenarioProblem *problem,
               FILE              *out)
{
  g_autofree char *line = hk_scenario_problem_to_string (problem);

  fprintf (out, "%s\n", line);
}

/* Parses a command's options; on a mistake prints it, prefixed with the
 * command, and returns FALSE (the caller exits with status 2). */
static gboolean
parse_options (const char         *command,
               GOptionContext     *context,
               const GOptionEntry *entries,
               const char         *summary,
               int                *argc,
               char             ***argv)
{
  g_autoptr(GError) error = NULL;

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (summary != NULL)
    g_option_context_set_summary (context, summary);
  if (!g_option_context_parse (context, argc, argv, &error))
    {
      g_printerr ("hearken-cli %s: %s\n", command, error->message);
      return FALSE;
    }
  return TRUE;
}

static int
command_validate (int    argc,
                  char **argv)
{
  gboolean strict = FALSE;
  gboolean all_languages = FALSE;
  gboolean quiet = FALSE;
  const GOptionEntry entries[] = {
    { "strict", 0, 0, G_OPTION_ARG_NONE, &strict,
      N_("Treat warnings as errors"), NULL },
    { "all-languages", 0, 0, G_OPTION_ARG_NONE, &all_languages,
      N_("Require every text in all of en nl it cs de fr es, as shipped scenarios have"), NULL },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet,
      N_("Print problems only, not the summary"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("FILE… — check scenario files"));
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  guint n_bad = 0;

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
                                _("Each problem is printed as FILE:LINE:COLUMN: message. "
                                  "The exit status is 1 when any file has errors."));
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("hearken-cli validate: %s\n", error->message);
      return 2;
    }
  if (argc < 2)
    {
      g_printerr ("%s\n", _("hearken-cli validate: name at least one scenario file, "
                            "for example: hearken-cli validate my-scenario.json"));
      return 2;
    }

  for (int i = 1; i < argc; i++)
    {
      g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_object_unref);
      g_autoptr(HkScenario) scenario = hk_scenario_load_file (argv[i], NULL, FALSE, problems);
      gboolean bad;

      if (scenario != NULL)
        {
          const char *id = hk_scenario_get_id (scenario);
          const char *first = g_hash_table_lookup (ids, id);

          if (first != NULL)
            {
              g_autofree char *message =
                g_strdup_printf (_("the id “%s” is already used by %s; each scenario needs "
                                   "its own id"), id, first);

              g_ptr_array_add (problems,
                               hk_scenario_problem_new (HK_SEVERITY_ERROR, argv[i], 0, 0,
                                                        "id", message));
            }
          else
            g_hash_table_insert (ids, g_strdup (id), g_strdup (argv[i]));

          if (all_languages)
            {
              const char * const *have = hk_scenario_get_languages (scenario);

              for (const char * const *l = hk_lang_content_languages (); *l; l++)
                {
                  g_autofree char *message = NULL;

                  if (g_strv_contains (have, *l))
                    continue;
                  message = g_strdup_printf (_("some texts are missing in %s (%s)"),
                                             hk_lang_endonym (*l), *l);
                  g_ptr_array_add (problems,
                                   hk_scenario_problem_new (HK_SEVERITY_ERROR, argv[i], 0, 0,
                                                            NULL, message));
                }
            }
        }

      for (guint j = 0; j < problems->len; j++)
        print_problem (g_ptr_array_index (problems, j), stdout);

      bad = hk_scenario_problems_have_errors (problems) || (strict && problems->len > 0);
      if (bad)
        n_bad++;
    }

  fflush (stdout);
  if (!quiet)
    {
      if (n_bad == 0)
        g_printerr (g_dngettext (GETTEXT_PACKAGE, "%d file checked, no errors\n",
                                 "%d files checked, no errors\n", argc - 1), argc - 1);
      else
        g_printerr (g_dngettext (GETTEXT_PACKAGE, "%u of %d files has errors\n",
                                 "%u of %d files have errors\n", n_bad), n_bad, argc - 1);
    }

  return n_bad > 0 ? 1 : 0;
}

static HkScenarioLibrary *
load_library (void)
{
  g_autofree char *builtin = hk_scenario_library_default_builtin_dir ();
  g_autofree char *user = hk_scenario_library_default_user_dir ();
  HkScenarioLibrary *library = hk_scenario_library_new (builtin, user);
  GListModel *problems;

  hk_scenario_library_reload (library);

  problems = hk_scenario_library_get_problems (library);
  for (guint i = 0; i < g_list_model_get_n_items (problems); i++)
    {
      g_autoptr(HkScenarioProblem) p = g_list_model_get_item (problems, i);

      /* Warnings are for validate; here only what keeps a scenario out. */
      if (hk_scenario_problem_get_severity (p) == HK_SEVERITY_ERROR)
        print_problem (p, stderr);
    }
  if (g_list_model_get_n_items (G_LIST_MODEL (library)) == 0)
    g_printerr (_("No scenarios found in %s or %s. Is Hearken installed, or is "
                  "HEARKEN_DATA_DIR set to its data folder?\n"), builtin, user);

  return library;
}

static void
print_json (JsonBuilder *builder)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  g_autofree char *text = NULL;

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);
  fputs (text, stdout);
  fputc ('\n', stdout);
}

static void
add_scenario_json (JsonBuilder *b,
                   HkScenario  *s,
                   const char  *lang)
{
  HkPersona *persona = hk_scenario_get_persona (s);
  const char *used = NULL;
  const char *title = hk_scenario_get_title (s, lang, &used);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_string_value (b, hk_scenario_get_id (s));
  json_builder_set_member_name (b, "version");
  json_builder_add_int_value (b, hk_scenario_get_version (s));
  json_builder_set_member_name (b, "category");
  json_builder_add_string_value (b, hk_scenario_get_category (s));
  json_builder_set_member_name (b, "sector");
  json_builder_add_string_value (b, hk_scenario_get_sector (s));
  json_builder_set_member_name (b, "difficulty");
  json_builder_add_int_value (b, hk_scenario_get_difficulty (s));
  json_builder_set_member_name (b, "title");
  json_builder_add_string_value (b, title);
  json_builder_set_member_name (b, "language");
  json_builder_add_string_value (b, used);
  json_builder_set_member_name (b, "persona");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, hk_persona_get_name (persona));
  json_builder_set_member_name (b, "mood");
  json_builder_add_string_value (b, hk_persona_get_mood (persona));
  json_builder_end_object (b);
  json_builder_set_member_name (b, "turns");
  json_builder_add_int_value (b, hk_scenario_get_n_turns (s));
  json_builder_set_member_name (b, "languages");
  json_builder_begin_array (b);
  for (const char * const *l = hk_scenario_get_languages (s); *l; l++)
    json_builder_add_string_value (b, *l);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "builtin");
  json_builder_add_boolean_value (b, hk_scenario_get_builtin (s));
  json_builder_set_member_name (b, "path");
  json_builder_add_string_value (b, hk_scenario_get_path (s));
  json_builder_end_object (b);
}

static int
command_list (int    argc,
              char **argv)
{
  g_autofree char *lang = NULL;
  g_autofree char *category = NULL;
  gboolean as_json = FALSE;
  const GOptionEntry entries[] = {
    { "lang", 'l', 0, G_OPTION_ARG_STRING, &lang,
      N_("Show titles in this language (en, nl, it, cs, de, fr, es)"), N_("CODE") },
    { "category", 'c', 0, G_OPTION_ARG_STRING, &category,
      N_("Only scenarios of this category"), N_("CATEGORY") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json,
      N_("Print JSON instead of a table"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("— list the scenario library"));
  g_autoptr(GError) error = NULL;
  g_autoptr(HkScenarioLibrary) library = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  guint n;

  if (!parse_options ("list", context, entries, NULL, &argc, &argv))
    return 2;
  if (argc > 1)
    {
      g_printerr (_("hearken-cli list: unexpected argument “%s”\n"), argv[1]);
      return 2;
    }
  if (lang == NULL)
    lang = hk_lang_from_locale ();
  else if (!hk_lang_code_is_valid (lang))
    {
      g_printerr (_("hearken-cli list: “%s” is not a language code; use one such as en, "
                    "it or cs\n"), lang);
      return 2;
    }
  if (category != NULL && !hk_vocab_contains (HK_VOCAB_CATEGORY, category))
    {
      g_autofree char *allowed = hk_vocab_join_ids (HK_VOCAB_CATEGORY);

      g_printerr (_("hearken-cli list: unknown category “%s”; use one of: %s\n"),
                  category, allowed);
      return 2;
    }

  library = load_library ();
  n = g_list_model_get_n_items (G_LIST_MODEL (library));

  json_builder_begin_array (builder);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(HkScenario) s = g_list_model_get_item (G_LIST_MODEL (library), i);
      const char *used = NULL;
      const char *title;

      if (category != NULL && !g_str_equal (category, hk_scenario_get_category (s)))
        continue;

      if (as_json)
        {
          add_scenario_json (builder, s, lang);
          continue;
        }

      title = hk_scenario_get_title (s, lang, &used);
      g_print ("%-44s  %-22s  %-10s  %2u  %s%s\n",
               hk_scenario_get_id (s),
               hk_vocab_label (HK_VOCAB_CATEGORY, hk_scenario_get_category (s)),
               hk_difficulty_label (hk_scenario_get_difficulty (s)),
               hk_scenario_get_n_turns (s),
               title,
               g_strcmp0 (used, lang) == 0 ? "" : " [en]");
    }
  json_builder_end_array (builder);

  if (as_json)
    print_json (builder);

  return 0;
}

static gboolean
parse_setting (const char    *option_name,
               const char    *value,
               gpointer       data,
               GError       **error)
{
  HkThresholds *thresholds = data;
  g_auto(GStrv) parts = g_strsplit (value, "=", 2);
  HkThreshold which;
  char *end = NULL;
  double seconds;

  if (parts[0] == NULL || parts[1] == NULL || !hk_threshold_from_key (g_strstrip (parts[0]), &which))
    {
      g_autoptr(GString) keys = g_string_new (NULL);

      for (HkThreshold t = 0; t < HK_N_THRESHOLDS; t++)
        g_string_append_printf (keys, "%s%s", t > 0 ? ", " : "", hk_threshold_key (t));
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("“%s” is not KEY=SECONDS with KEY one of: %s"), value, keys->str);
      return FALSE;
    }

  seconds = g_ascii_strtod (parts[1], &end);
  if (end == parts[1] || *end != '\0' || !isfinite (seconds) ||
      seconds < hk_threshold_min (which) || seconds > hk_threshold_max (which))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("%s must be a number of seconds from %g to %g, not “%s”"),
                   parts[0], hk_threshold_min (which), hk_threshold_max (which), parts[1]);
      return FALSE;
    }

  hk_thresholds_set (thresholds, which, seconds);
  return TRUE;
}

static char *
format_seconds (double seconds)
{
  /* TRANSLATORS: a duration in seconds, as in "4.2 s" */
  return g_strdup_printf (_("%.1f s"), seconds);
}

static void
print_metric_row (const char *label,
                  char       *customer,
                  char       *trainee)
{
  g_print ("  %-20s %16s %16s\n", label, customer ? customer : "", trainee ? trainee : "");
  g_free (customer);
  g_free (trainee);
}

static char *
metric_text (const HkVoiceMetrics *m,
             guint                 which)
{
  if (m == NULL)
    return NULL;

  switch (which)
    {
    case 0: return format_seconds (m->talk_time);
    case 1: return g_strdup_printf ("%.0f %%", 100.0 * m->talk_ratio);
    case 2: return g_strdup_printf ("%u", m->n_turns);
    case 3: return format_seconds (m->mean_turn);
    case 4: return format_seconds (m->longest_turn);
    /* TRANSLATORS: speaking rate in syllables a second */
    case 5: return g_strdup_printf (_("%.1f syl/s"), m->speaking_rate);
    case 6: return m->pitch_median > 0.0 ? g_strdup_printf (_("%.0f Hz"), m->pitch_median) : g_strdup ("–");
    /* TRANSLATORS: a pitch range in semitones */
    case 7: return m->pitch_median > 0.0 ? g_strdup_printf (_("%.1f st"), m->pitch_spread) : g_strdup ("–");
    case 8: return isfinite (m->loudness) ? g_strdup_printf (_("%.1f dBFS"), m->loudness) : g_strdup ("–");
    default: g_assert_not_reached ();
    }
}

static void
print_analysis_table (HkCallAnalysis *analysis,
                      const char     *name)
{
  const HkVoiceMetrics *cm = hk_call_analysis_get_metrics (analysis, HK_PARTY_CUSTOMER);
  const HkVoiceMetrics *tm = hk_call_analysis_get_metrics (analysis, HK_PARTY_TRAINEE);
  const GArray *markers = hk_call_analysis_get_markers (analysis);
  g_autofree char *duration = format_seconds (hk_call_analysis_get_duration (analysis));
  g_autofree char *non_talk = format_seconds (hk_call_analysis_get_non_talk_time (analysis));
  const char *labels[] = {
    N_("Talk time"), N_("Talk ratio"), N_("Turns"), N_("Mean turn"), N_("Longest turn"),
    N_("Speaking rate"), N_("Pitch median"), N_("Pitch spread"), N_("Loudness"),
  };

  if (cm != NULL)
    g_print (_("%s: %s, customer and trainee\n"), name, duration);
  else
    g_print (_("%s: %s, one channel: the trainee alone, so only pauses and hesitations are marked\n"),
             name, duration);

  if (!hk_call_analysis_heard_speech (analysis))
    {
      g_print ("%s\n", _("Heard no speech: the recording is silent or too quiet to analyse."));
      return;
    }

  g_print ("\n  %-20s %16s %16s\n", "", cm ? hk_party_label (HK_PARTY_CUSTOMER, FALSE) : "",
           hk_party_label (HK_PARTY_TRAINEE, FALSE));
  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    print_metric_row (_(labels[i]), metric_text (cm, i), metric_text (tm, i));
  g_print ("  %-20s %16s\n", _("Non-talk time"), non_talk);

  g_print ("\n%s\n", _("Markers"));
  if (markers->len == 0)
    g_print ("  %s\n", _("None"));
  for (guint i = 0; i < markers->len; i++)
    {
      const HkMarker *m = &g_array_index (markers, HkMarker, i);
      g_autofree char *what = m->gap_class != HK_GAP_NONE
        ? g_strdup_printf ("%s (%s)", hk_marker_type_label (m->type), hk_gap_class_label (m->gap_class))
        : g_strdup (hk_marker_type_label (m->type));

      g_autofree char *meaning = hk_marker_describe (m, FALSE);

      g_print ("  %8.2f – %8.2f  %-30s %s\n", m->start, m->end, what,
               hk_party_label (m->party, FALSE));
      g_print ("  %21s  %s\n", "", meaning);
    }

  g_print ("\n%s\n", _("Summary"));
  for (HkMarkerType t = 0; t < HK_N_MARKER_TYPES; t++)
    {
      double total;
      guint n = hk_call_analysis_count_markers (analysis, t, &total);
      g_autofree char *time = format_seconds (total);

      if (n > 0)
        g_print ("  %-20s %4u  %s\n", hk_marker_type_label (t), n, time);
    }
}

/* Writes @length bytes (-1: up to the NUL) atomically: an existing
 * file is replaced only by a complete new one. */
static gboolean
write_output_data (const char *path,
                   const char *data,
                   gssize      length,
                   GError    **error)
{
  g_autoptr(GError) local = NULL;

  if (g_file_set_contents_full (path, data, length, G_FILE_SET_CONTENTS_CONSISTENT, 0644, &local))
    return TRUE;

  g_set_error (error, local->domain, local->code,
               _("could not write “%s”: %s"), path, local->message);
  return FALSE;
}

static gboolean
write_output (const char *path,
              const char *text,
              GError    **error)
{
  return write_output_data (path, text, -1, error);
}

static gboolean
write_output_bytes (const char *path,
                    GBytes     *bytes,
                    GError    **error)
{
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);

  return write_output_data (path, data, (gssize) size, error);
}

static int
command_analyze (int    argc,
                 char **argv)
{
  g_autoptr(HkThresholds) thresholds = hk_call_file_default_thresholds ();
  g_autofree char *customer = NULL;
  g_autofree char *trainee = NULL;
  g_autofree char *labels = NULL;
  g_autofree char *textgrid = NULL;
  g_autofree char *peaks_path = NULL;
  gboolean as_json = FALSE;
  gboolean allow_short = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json,
      N_("Print JSON instead of a table"), NULL },
    { "allow-truncated", 0, 0, G_OPTION_ARG_NONE, &allow_short,
      N_("Analyse what a cut-short file holds, such as a call recovered after a crash"), NULL },
    { "labels", 0, 0, G_OPTION_ARG_FILENAME, &labels,
      N_("Write the markers as an Audacity label track"), N_("OUT.txt") },
    { "textgrid", 0, 0, G_OPTION_ARG_FILENAME, &textgrid,
      N_("Write a Praat TextGrid: a tier for each party and one for the markers"), N_("OUT.TextGrid") },
    { "customer", 0, 0, G_OPTION_ARG_FILENAME, &customer,
      N_("The customer’s (or partner A’s) audio, when each party has a file"), N_("FILE") },
    { "trainee", 0, 0, G_OPTION_ARG_FILENAME, &trainee,
      N_("The trainee’s (or partner B’s) audio, when each party has a file"), N_("FILE") },
    { "set", 's', 0, G_OPTION_ARG_CALLBACK, parse_setting,
      N_("Change a threshold, such as --set long-gap=4"), N_("KEY=SECONDS") },
    { "peaks", 0, 0, G_OPTION_ARG_FILENAME, &peaks_path,
      N_("Write the waveform summary"), N_("OUT.bin") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("[CALL] — find pauses, overlaps and voice metrics in a recorded call"));
  g_autoptr(GOptionGroup) group = g_option_group_new ("analyze", "", "", thresholds, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(HkCallAnalysis) analysis = NULL;
  g_autoptr(HkPeaks) peaks = NULL;
  const char *name;

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_group_set_translation_domain (group, GETTEXT_PACKAGE);
  g_option_group_add_entries (group, entries);
  g_option_context_set_main_group (context, g_steal_pointer (&group));
  g_option_context_set_summary (context,
                                _("CALL is stereo with the customer on the left and the trainee on "
                                  "the right, or mono with the trainee alone. Any format GStreamer "
                                  "reads will do: Ogg, Opus, FLAC, WAV, MP3. Times are in seconds.\n"
                                  "The exit status is 1 when the audio cannot be read."));
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("hearken-cli analyze: %s\n", error->message);
      return 2;
    }

  if ((customer == NULL) != (trainee == NULL))
    {
      g_printerr ("%s\n", _("hearken-cli analyze: give both --customer and --trainee, or one CALL"));
      return 2;
    }
  if ((customer != NULL && argc != 1) || (customer == NULL && argc != 2))
    {
      g_printerr ("%s\n", _("hearken-cli analyze: give one CALL file, or --customer and --trainee"));
      return 2;
    }

  if (customer != NULL)
    {
      analysis = hk_call_file_analyze_parties (customer, trainee,
                                               allow_short ? HK_CALL_FILE_ALLOW_SHORT : HK_CALL_FILE_NONE,
                                               thresholds,
                                               peaks_path ? &peaks : NULL, NULL, &error);
      name = trainee;
    }
  else
    {
      analysis = hk_call_file_analyze (argv[1],
                                       allow_short ? HK_CALL_FILE_ALLOW_SHORT : HK_CALL_FILE_NONE,
                                       thresholds, peaks_path ? &peaks : NULL, NULL, &error);
      name = argv[1];
    }

  if (analysis == NULL)
    {
      g_printerr ("hearken-cli analyze: %s\n", error->message);
      return 1;
    }

  if (as_json)
    {
      g_autoptr(JsonNode) root = hk_call_analysis_to_json (analysis);
      g_autofree char *text = hk_json_write (root, TRUE);

      g_print ("%s\n", text);
      if (!hk_call_analysis_heard_speech (analysis))
        g_printerr ("hearken-cli analyze: %s\n", _("heard no speech: the recording is silent or too quiet to analyse"));
    }
  else
    print_analysis_table (analysis, name);

  if (labels != NULL)
    {
      g_autofree char *text = hk_call_analysis_to_labels (analysis);

      if (!write_output (labels, text, &error))
        goto failed;
    }
  if (textgrid != NULL)
    {
      g_autofree char *text = hk_call_analysis_to_textgrid (analysis);

      if (!write_output (textgrid, text, &error))
        goto failed;
    }
  if (peaks_path != NULL)
    {
      HkPeaksStamp stamp = { 0, 0 };

      if (!hk_peaks_stamp_for_file (customer ? customer : argv[1], &stamp, &error) ||
          !hk_peaks_save (peaks, peaks_path, &stamp, &error))
        goto failed;
    }

  return 0;

failed:
  g_printerr ("hearken-cli analyze: %s\n", error->message);
  return 1;
}

typedef struct {
  GMainLoop      *loop;
  HkCallRecorder *recorder;
  gboolean        verbose;
  HkSession      *session;
  guint           n_lines;
  guint           stdin_watch;
} Practice;

/* practice --pair: two trainees, partner A playing the customer. */
typedef struct {
  gboolean  pair;
  char     *partner[2];
  char     *input[2];
  char     *source[2];
  char     *stereo_input;
  char     *stereo_source;
  gboolean  swap;
  gboolean  customer_voice;
  int       round;
  char     *pair_id;
  double    advance_after;
} PairOptions;

static void
pair_options_clear (PairOptions *o)
{
  for (guint i = 0; i < 2; i++)
    {
      g_free (o->partner[i]);
      g_free (o->input[i]);
      g_free (o->source[i]);
    }
  g_free (o->stereo_input);
  g_free (o->stereo_source);
  g_free (o->pair_id);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PairOptions, pair_options_clear)

static gboolean
blank (const char *s)
{
  while (s != NULL && g_ascii_isspace (*s))
    s++;
  return s == NULL || *s == '\0';
}

/* Says what is wrong with the pair options on stderr. */
static gboolean
check_pair_options (const PairOptions *o,
                    gboolean           solo_options)
{
  gboolean two = o->input[0] || o->source[0] || o->input[1] || o->source[1];
  gboolean stereo = o->stereo_input || o->stereo_source;

  if (!o->pair)
    {
      if (two || stereo || o->partner[0] || o->partner[1] || o->swap || o->customer_voice ||
          o->round != 1 || o->pair_id || o->advance_after != 0.0)
        {
          g_printerr ("%s\n", _("hearken-cli practice: --partner-a, --input-a and the other pair options "
                                "need --pair"));
          return FALSE;
        }
      return TRUE;
    }

  if (solo_options)
    {
      g_printerr ("%s\n", _("hearken-cli practice: a pair call takes --input-a and --input-b (or "
                            "--stereo-input) rather than --input or --source, and --partner-b rather "
                            "than --trainee"));
      return FALSE;
    }
  if (blank (o->partner[0]) || blank (o->partner[1]))
    {
      g_printerr ("%s\n", _("hearken-cli practice: a pair call needs both names: --partner-a (who "
                            "plays the customer) and --partner-b (who answers)"));
      return FALSE;
    }
  if ((o->input[0] && o->source[0]) || (o->input[1] && o->source[1]) ||
      (o->stereo_input && o->stereo_source))
    {
      g_printerr ("%s\n", _("hearken-cli practice: give a device or a description, not both"));
      return FALSE;
    }
  if (two && stereo)
    {
      g_printerr ("%s\n", _("hearken-cli practice: give two inputs or one stereo input, not both"));
      return FALSE;
    }
  if (!stereo && (!(o->input[0] || o->source[0]) || !(o->input[1] || o->source[1])))
    {
      g_printerr ("%s\n", _("hearken-cli practice: a pair call needs an input for each partner: "
                            "--input-a and --input-b, or --stereo-input (or their --source "
                            "stand-ins)"));
      return FALSE;
    }
  if (o->round != 1 && o->round != 2)
    {
      g_printerr ("%s\n", _("hearken-cli practice: --round is 1 or 2"));
      return FALSE;
    }
  if (o->round == 2 && blank (o->pair_id))
    {
      g_printerr ("%s\n", _("hearken-cli practice: round 2 goes on with a pair session: give "
                            "--pair-id, as round 1 printed it"));
      return FALSE;
    }
  if (o->advance_after < 0.0)
    {
      g_printerr ("%s\n", _("hearken-cli practice: --advance-after takes seconds, or 0 to advance "
                            "with Enter only"));
      return FALSE;
    }
  return TRUE;
}

static char *
pair_input (const char *device,
            const char *description)
{
  return device != NULL ? hk_audio_device_source_description (device) : g_strdup (description);
}

/* Partner A moves on to the next line with Enter. */
static gboolean
stdin_cb (int          fd,
          GIOCondition condition,
          gpointer     user_data)
{
  Practice *p = user_data;
  char buf[256];
  gssize n = read (fd, buf, sizeof buf);

  if (n <= 0)
    {
      /* No terminal, or it closed: the call goes on without it. */
      p->stdin_watch = 0;
      return G_SOURCE_REMOVE;
    }
  for (gssize i = 0; i < n; i++)
    if (buf[i] == '\n')
      hk_call_recorder_next (p->recorder);
  return G_SOURCE_CONTINUE;
}

static void
finished_cb (HkCallRecorder *recorder,
             Practice       *p)
{
  g_main_loop_quit (p->loop);
}

static void
turn_cb (HkCallRecorder *recorder,
         GParamSpec     *pspec,
         Practice       *p)
{
  int turn = hk_call_recorder_get_turn (recorder);

  if (turn < 0)
    return;
  if (!hk_call_recorder_is_pair (recorder))
    {
      g_printerr (_("Customer, turn %d\n"), turn + 1);
      return;
    }

  /* Partner A reads the line from here. */
  g_printerr (_("Partner A, line %d of %u: %s\n"), turn + 1, p->n_lines,
              hk_session_get_turn_text (p->session, (guint) turn));
  if (p->stdin_watch != 0)
    g_printerr ("%s\n", (guint) turn + 1 < p->n_lines ? _("(Enter: the next line)") : _("(Enter: end the call)"));
}

static gboolean
interrupt_cb (gpointer user_data)
{
  Practice *p = user_data;

  /* A first Ctrl+C ends the call properly; the recording is kept. */
  hk_call_recorder_stop (p->recorder);
  return G_SOURCE_CONTINUE;
}

static int
command_practice (int    argc,
                  char **argv)
{
  g_autofree char *lang = NULL;
  g_autofree char *source = NULL;
  g_autofree char *sink = NULL;
  g_autofree char *input = NULL;
  g_autofree char *output = NULL;
  g_autofree char *out_dir = NULL;
  g_autofree char *trainee = NULL;
  double silence = HK_CALL_RECORDER_ADVANCE_SILENCE;
  gboolean no_echo_cancel = FALSE, echo_cancel = FALSE;
  g_auto(PairOptions) pair = { .round = 1 };
  const GOptionEntry entries[] = {
    { "lang", 'l', 0, G_OPTION_ARG_STRING, &lang,
      N_("Practise in this language (en, nl, it, cs, de, fr, es)"), N_("CODE") },
    { "trainee", 0, 0, G_OPTION_ARG_STRING, &trainee,
      N_("Write this name into the session as who answered"), N_("NAME") },
    { "input", 0, 0, G_OPTION_ARG_STRING, &input,
      N_("Record from this PulseAudio input device"), N_("DEVICE") },
    { "output", 0, 0, G_OPTION_ARG_STRING, &output,
      N_("Play the customer on this PulseAudio output device"), N_("DEVICE") },
    { "source", 0, 0, G_OPTION_ARG_STRING, &source,
      N_("A GStreamer description in place of the microphone"), N_("DESCRIPTION") },
    { "sink", 0, 0, G_OPTION_ARG_STRING, &sink,
      N_("A GStreamer description in place of the speaker, such as “fakesink sync=true”"), N_("DESCRIPTION") },
    { "out", 'o', 0, G_OPTION_ARG_FILENAME, &out_dir,
      N_("Keep the session in this folder instead of the usual one"), N_("DIR") },
    { "advance-silence", 0, 0, G_OPTION_ARG_DOUBLE, &silence,
      N_("Seconds of silence after an answer before the customer goes on"), N_("SECONDS") },
    { "echo-cancel", 0, 0, G_OPTION_ARG_NONE, &echo_cancel,
      N_("Cancel the echo of the speakers even when --source stands in for the microphone"), NULL },
    { "no-echo-cancel", 0, 0, G_OPTION_ARG_NONE, &no_echo_cancel,
      N_("Keep the customer’s voice in the microphone; without this, a solo call on a real microphone "
         "opens with a second of connecting sound and cancels the echo of the speakers"), NULL },
    { "pair", 0, 0, G_OPTION_ARG_NONE, &pair.pair,
      N_("Two trainees: partner A plays the customer, partner B answers"), NULL },
    { "partner-a", 0, 0, G_OPTION_ARG_STRING, &pair.partner[0],
      N_("Pair: who plays the customer in this round"), N_("NAME") },
    { "partner-b", 0, 0, G_OPTION_ARG_STRING, &pair.partner[1],
      N_("Pair: who answers in this round, written into the session as its trainee"), N_("NAME") },
    { "input-a", 0, 0, G_OPTION_ARG_STRING, &pair.input[0],
      N_("Pair: record partner A from this PulseAudio input device"), N_("DEVICE") },
    { "input-b", 0, 0, G_OPTION_ARG_STRING, &pair.input[1],
      N_("Pair: record partner B from this PulseAudio input device"), N_("DEVICE") },
    { "stereo-input", 0, 0, G_OPTION_ARG_STRING, &pair.stereo_input,
      N_("Pair: record both from this stereo input device, partner A on the left"), N_("DEVICE") },
    { "source-a", 0, 0, G_OPTION_ARG_STRING, &pair.source[0],
      N_("Pair: a GStreamer description in place of partner A’s microphone"), N_("DESCRIPTION") },
    { "source-b", 0, 0, G_OPTION_ARG_STRING, &pair.source[1],
      N_("Pair: a GStreamer description in place of partner B’s microphone"), N_("DESCRIPTION") },
    { "stereo-source", 0, 0, G_OPTION_ARG_STRING, &pair.stereo_source,
      N_("Pair: a stereo GStreamer description in place of the stereo input"), N_("DESCRIPTION") },
    { "swap", 0, 0, G_OPTION_ARG_NONE, &pair.swap,
      N_("Pair: the inputs are crossed; partner A is on the second (or right) one"), NULL },
    { "customer-voice", 0, 0, G_OPTION_ARG_NONE, &pair.customer_voice,
      N_("Pair: the synthetic voice speaks the customer’s lines too"), NULL },
    { "round", 0, 0, G_OPTION_ARG_INT, &pair.round,
      N_("Pair: round 1, or 2 with the roles swapped"), N_("N") },
    { "pair-id", 0, 0, G_OPTION_ARG_STRING, &pair.pair_id,
      N_("Pair: the pair session round 2 belongs to, as round 1 printed it"), N_("ID") },
    { "advance-after", 0, 0, G_OPTION_ARG_DOUBLE, &pair.advance_after,
      N_("Pair: go to the next line once partner A has spoken and both have been silent this long "
         "(Enter always does)"), N_("SECONDS") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("SCENARIO — practise a call without the window"));
  g_autoptr(GError) error = NULL;
  g_autoptr(HkScenarioLibrary) library = NULL;
  g_autoptr(HkSessionStore) store = NULL;
  g_autoptr(HkSession) session = NULL;
  g_autoptr(HkCallRecorder) recorder = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autofree char *folder = NULL;
  HkScenario *scenario;
  Practice p = { NULL };
  const GError *call_error;
  guint sigint, sigterm;

  g_option_context_set_description (context,
                                    _("Pair mode (--pair): two trainees at one workstation. Partner A "
                                      "plays the customer, reading each line as it is printed here, and "
                                      "partner B answers. Each voice is recorded on its own channel, from "
                                      "two inputs (--input-a, --input-b) or the two channels of one stereo "
                                      "input (--stereo-input, partner A on the left); --swap if they are "
                                      "crossed. Press Enter when partner A goes on to the next line; with "
                                      "--advance-after the call also goes on by itself once partner A has "
                                      "spoken and both have been silent that long. Round 1 prints its pair "
                                      "id; for round 2, swap the names and give --round 2 --pair-id ID. "
                                      "Each round's results are partner B's."));
  if (!parse_options ("practice", context, entries,
                      _("Runs a whole call on the audio devices: the customer speaks each "
                        "line, you answer, and the call moves on after you fall silent. "
                        "Ctrl+C ends the call early and keeps it. When a --source ends, "
                        "the call ends. Prints where the session was saved."),
                      &argc, &argv))
    return 2;
  if (argc != 2)
    {
      g_printerr ("%s\n", _("hearken-cli practice: give one scenario id; “hearken-cli list” shows them"));
      return 2;
    }
  if ((source && input) || (sink && output))
    {
      g_printerr ("%s\n", _("hearken-cli practice: give a device or a description, not both"));
      return 2;
    }
  if (!check_pair_options (&pair, source || input || trainee))
    return 2;
  if (pair.pair_id != NULL)
    g_strstrip (pair.pair_id);
  if (lang == NULL)
    lang = hk_lang_from_locale ();
  else if (!hk_lang_code_is_valid (lang))
    {
      g_printerr (_("hearken-cli practice: “%s” is not a language code; use one such as en, "
                    "it or cs\n"), lang);
      return 2;
    }

  library = load_library ();
  scenario = hk_scenario_library_lookup (library, argv[1]);
  if (scenario == NULL)
    {
      g_printerr (_("hearken-cli practice: there is no scenario “%s”; “hearken-cli list” shows them\n"),
                  argv[1]);
      return 1;
    }

  store = hk_session_store_new (out_dir);
  hk_call_file_recover_sessions (store);
  session = hk_session_store_create (store, scenario, lang, pair.pair ? "pair" : "solo", &error);
  if (session == NULL)
    {
      g_printerr ("hearken-cli practice: %s\n", error->message);
      return 1;
    }
  hk_session_set_trainee (session, trainee);

  recorder = hk_call_recorder_new (session, scenario);
  /* A stand-in for the microphone has no room to learn. */
  hk_call_recorder_set_echo_cancellation (recorder, !no_echo_cancel && (source == NULL || echo_cancel));
  if (input != NULL)
    source = hk_audio_device_source_description (input);
  if (output != NULL)
    sink = hk_audio_device_sink_description (output);
  hk_call_recorder_set_source (recorder, source);
  hk_call_recorder_set_sink (recorder, sink);
  hk_call_recorder_set_advance_silence (recorder, silence);

  if (pair.pair)
    {
      /* Round 1 starts a pair session, named after itself. */
      const char *pair_id = pair.pair_id ? pair.pair_id : hk_session_get_id (session);

      if (pair.round == 2)
        {
          g_autoptr(GPtrArray) rounds = hk_session_store_get_pair_rounds (store, pair_id);

          if (rounds->len == 0)
            g_printerr (_("hearken-cli practice: no round of pair session “%s” is here yet; this "
                          "round starts it\n"), pair_id);
        }
      hk_session_set_pair (session, pair_id, (guint) pair.round, pair.partner[0], pair.partner[1], pair.customer_voice);
      if (pair.stereo_input || pair.stereo_source)
        {
          g_autofree char *stereo = pair_input (pair.stereo_input, pair.stereo_source);

          hk_call_recorder_set_stereo_source (recorder, stereo);
        }
      else
        {
          g_autofree char *a = pair_input (pair.input[0], pair.source[0]);
          g_autofree char *b = pair_input (pair.input[1], pair.source[1]);

          hk_call_recorder_set_pair_sources (recorder, a, b);
        }
      hk_call_recorder_set_swap (recorder, pair.swap);
      hk_call_recorder_set_pair_advance (recorder, pair.advance_after);
    }

  loop = g_main_loop_new (NULL, FALSE);
  p.loop = loop;
  p.recorder = recorder;
  p.session = session;
  p.n_lines = hk_scenario_get_n_turns (scenario);
  g_signal_connect (recorder, "finished", G_CALLBACK (finished_cb), &p);
  g_signal_connect (recorder, "notify::turn", G_CALLBACK (turn_cb), &p);
  sigint = g_unix_signal_add (SIGINT, interrupt_cb, &p);
  sigterm = g_unix_signal_add (SIGTERM, interrupt_cb, &p);

  if (!hk_call_recorder_start (recorder, &error))
    {
      hk_session_set_problem (session, error->message);
      hk_call_file_analyze_session (session, HK_SESSION_COMPLETE, NULL, NULL);
      g_printerr ("hearken-cli practice: %s\n", error->message);
      g_source_remove (sigint);
      g_source_remove (sigterm);
      return 1;
    }

  g_printerr (_("Recording into %s\n"), hk_session_get_folder (session));
  if (pair.pair)
    {
      g_printerr (_("Pair session %s, round %u: %s plays the customer, %s answers.\n"),
                  hk_session_get_pair_id (session), hk_session_get_round (session),
                  hk_session_get_partner (session, HK_PARTNER_A), hk_session_get_partner (session, HK_PARTNER_B));
      p.stdin_watch = g_unix_fd_add (STDIN_FILENO, G_IO_IN | G_IO_HUP | G_IO_ERR, stdin_cb, &p);
    }
  g_main_loop_run (loop);
  g_source_remove (sigint);
  g_source_remove (sigterm);
  g_clear_handle_id (&p.stdin_watch, g_source_remove);

  call_error = hk_call_recorder_get_error (recorder);
  if (call_error != NULL)
    {
      hk_session_set_problem (session, call_error->message);
      g_printerr ("hearken-cli practice: %s\n", call_error->message);
    }
  if (!hk_call_file_analyze_session (session, HK_SESSION_COMPLETE, NULL, &error))
    {
      g_printerr ("hearken-cli practice: %s\n", error->message);
      return 1;
    }

  if (pair.pair && hk_session_get_round (session) == 1)
    g_printerr (_("For round 2, swap the roles: --round 2 --pair-id %s\n"), hk_session_get_pair_id (session));
  g_print ("%s\n", hk_session_get_folder (session));
  return call_error != NULL ? 1 : 0;
}

static int
command_sessions (int    argc,
                  char **argv)
{
  g_autofree char *dir = NULL;
  gboolean as_json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json,
      N_("Print JSON instead of a table"), NULL },
    { "dir", 0, 0, G_OPTION_ARG_FILENAME, &dir,
      N_("Read sessions from this folder instead of the usual one"), N_("DIR") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("— list recorded sessions"));
  g_autoptr(GError) error = NULL;
  g_autoptr(HkSessionStore) store = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  guint n;

  if (!parse_options ("sessions", context, entries, NULL, &argc, &argv))
    return 2;
  if (argc > 1)
    {
      g_printerr (_("hearken-cli sessions: unexpected argument “%s”\n"), argv[1]);
      return 2;
    }

  store = hk_session_store_new (dir);
  if (hk_call_file_recover_sessions (store) > 0)
    hk_session_store_reload (store);
  n = g_list_model_get_n_items (G_LIST_MODEL (store));

  json_builder_begin_array (b);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(HkSession) session = g_list_model_get_item (G_LIST_MODEL (store), i);
      GDateTime *created = hk_session_get_created (session);
      g_autofree char *when = created ? g_date_time_format (created, "%Y-%m-%d %H:%M") : g_strdup ("");
      g_autofree char *iso = created ? g_date_time_format_iso8601 (created) : NULL;
      JsonNode *analysis = hk_session_get_analysis (session);
      JsonObject *summary = NULL;

      if (analysis != NULL && json_object_has_member (json_node_get_object (analysis), "summary"))
        summary = json_object_get_object_member (json_node_get_object (analysis), "summary");

      if (!as_json)
        {
          g_autofree char *duration = format_seconds (hk_session_get_duration (session));

          g_print ("%-16s  %-10s  %8s  %-32s  %s\n", when,
                   hk_session_state_label (hk_session_get_state (session)),
                   hk_session_get_state (session) == HK_SESSION_DAMAGED ? "" : duration,
                   hk_session_get_title (session),
                   hk_session_get_problem (session) ? hk_session_get_problem (session) : "");
          continue;
        }

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "id");
      json_builder_add_string_value (b, hk_session_get_id (session));
      json_builder_set_member_name (b, "folder");
      json_builder_add_string_value (b, hk_session_get_folder (session));
      json_builder_set_member_name (b, "state");
      json_builder_add_string_value (b, hk_session_state_id (hk_session_get_state (session)));
      if (iso != NULL)
        {
          json_builder_set_member_name (b, "created");
          json_builder_add_string_value (b, iso);
        }
      if (hk_session_get_scenario_id (session) != NULL)
        {
          json_builder_set_member_name (b, "scenario");
          json_builder_add_string_value (b, hk_session_get_scenario_id (session));
          json_builder_set_member_name (b, "language");
          json_builder_add_string_value (b, hk_session_get_language (session));
        }
      json_builder_set_member_name (b, "title");
      json_builder_add_string_value (b, hk_session_get_title (session));
      json_builder_set_member_name (b, "duration");
      json_builder_add_double_value (b, hk_session_get_duration (session));
      if (summary != NULL)
        {
          json_builder_set_member_name (b, "summary");
          json_builder_add_value (b, json_node_copy (json_object_get_member (json_node_get_object (analysis),
                                                                              "summary")));
        }
      if (hk_session_get_problem (session) != NULL)
        {
          json_builder_set_member_name (b, "problem");
          json_builder_add_string_value (b, hk_session_get_problem (session));
        }
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  if (as_json)
    {
      g_autoptr(JsonNode) root = json_builder_get_root (b);
      g_autofree char *text = hk_json_write (root, TRUE);

      g_print ("%s\n", text);
    }
  else if (n == 0)
    g_printerr (_("No sessions yet in %s\n"), hk_session_store_get_dir (store));

  return 0;
}

static int
command_devices (int    argc,
                 char **argv)
{
  gboolean as_json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json,
      N_("Print JSON instead of a table"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("— list microphones and speakers"));
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) devices = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();

  if (!parse_options ("devices", context, entries,
                      _("The NAME column is what --input and --output of “hearken-cli practice” take."),
                      &argc, &argv))
    return 2;

  devices = hk_audio_devices_list ();
  json_builder_begin_array (b);
  for (guint i = 0; i < devices->len; i++)
    {
      const HkAudioDevice *d = devices->pdata[i];

      if (!as_json)
        {
          g_print ("%-7s %s %-40s %s\n", d->input ? _("input") : _("output"), d->is_default ? "*" : " ",
                   d->name, d->description);
          continue;
        }
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, d->name);
      json_builder_set_member_name (b, "description");
      json_builder_add_string_value (b, d->description);
      json_builder_set_member_name (b, "kind");
      json_builder_add_string_value (b, d->input ? "input" : "output");
      json_builder_set_member_name (b, "default");
      json_builder_add_boolean_value (b, d->is_default);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  if (as_json)
    {
      g_autoptr(JsonNode) root = json_builder_get_root (b);
      g_autofree char *text = hk_json_write (root, TRUE);

      g_print ("%s\n", text);
    }
  else if (devices->len == 0)
    g_printerr ("%s\n", _("No microphone or speaker found; is a sound server running?"));
  return 0;
}

/* A session by its folder, or by its name among the sessions. */
static HkSession *
find_session (const char  *what,
              const char  *dir,
              GError     **error)
{
  g_autofree char *folder = NULL;

  if (g_file_test (what, G_FILE_TEST_IS_DIR))
    folder = g_strdup (what);
  else
    {
      g_autofree char *sessions = dir ? g_strdup (dir) : hk_session_store_default_dir ();

      folder = g_build_filename (sessions, what, NULL);
      if (!g_file_test (folder, G_FILE_TEST_IS_DIR))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                       _("There is no session “%s”; give a session’s folder, or a name that "
                         "“hearken-cli sessions” lists"), what);
          return NULL;
        }
    }
  return hk_session_load (folder, error);
}

static int
command_report (int    argc,
                char **argv)
{
  g_autofree char *json_out = NULL;
  g_autofree char *csv_out = NULL;
  g_autofree char *html_out = NULL;
  g_autofree char *pdf_out = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *lang = NULL;
  gboolean embed_audio = FALSE;
  const GOptionEntry entries[] = {
    { "lang", 'l', 0, G_OPTION_ARG_STRING, &lang,
      N_("Write the report in this language (en, nl, it, cs, de, fr, es)"), N_("CODE") },
    { "json", 0, 0, G_OPTION_ARG_FILENAME, &json_out, N_("Write the whole report as JSON"), N_("OUT") },
    { "csv", 0, 0, G_OPTION_ARG_FILENAME, &csv_out, N_("Write the markers as CSV"), N_("OUT") },
    { "html", 0, 0, G_OPTION_ARG_FILENAME, &html_out, N_("Write the report as one HTML page"), N_("OUT") },
    { "embed-audio", 0, 0, G_OPTION_ARG_NONE, &embed_audio,
      N_("Put the call into the HTML page, with a player"), NULL },
    { "pdf", 0, 0, G_OPTION_ARG_FILENAME, &pdf_out, N_("Write the report as a PDF to print"), N_("OUT") },
    { "dir", 0, 0, G_OPTION_ARG_FILENAME, &dir,
      N_("Find sessions in this folder instead of the usual one"), N_("DIR") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("SESSION — a trainer’s report of one session"));
  g_autoptr(GError) error = NULL;
  g_autoptr(HkSession) session = NULL;
  g_autoptr(HkReport) report = NULL;
  g_autoptr(GBytes) audio = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(HkCatalog) catalog = NULL;

  if (!parse_options ("report", context, entries, NULL, &argc, &argv))
    return 2;
  if (lang != NULL && (catalog = hk_catalog_load (lang, &error)) == NULL)
    {
      g_printerr ("hearken-cli report: %s\n", error->message);
      return 2;
    }
  if (argc != 2)
    {
      g_printerr ("%s\n", _("hearken-cli report: name one session"));
      return 2;
    }
  if (embed_audio && html_out == NULL)
    {
      g_printerr ("%s\n", _("hearken-cli report: --embed-audio puts the call into the HTML page; "
                            "add --html OUT"));
      return 2;
    }
  if (json_out == NULL && csv_out == NULL && html_out == NULL && pdf_out == NULL)
    {
      g_printerr ("%s\n", _("hearken-cli report: choose at least one of --json, --csv, --html and --pdf"));
      return 2;
    }

  session = find_session (argv[1], dir, &error);
  /* From here on, the report's words are in its language. */
  hk_i18n_use (catalog);
  if (session != NULL)
    report = hk_report_new_in (session, lang, &error);
  if (report != NULL)
    hk_report_find_other_round (report);
  if (report == NULL)
    {
      g_printerr ("hearken-cli report: %s\n", error->message);
      return 1;
    }

  /* Everything that can fail before the first file is written. */
  if (embed_audio)
    {
      g_autofree char *call = hk_session_get_call_path (session);
      g_autoptr(GMappedFile) mapped = g_mapped_file_new (call, FALSE, &error);

      if (mapped == NULL)
        {
          g_printerr (_("hearken-cli report: the call to embed cannot be read (%s); "
                        "leave out --embed-audio to write the page without it\n"), error->message);
          return 1;
        }
      audio = g_mapped_file_get_bytes (mapped);
    }
  if (pdf_out != NULL)
    {
      pdf = hk_report_pdf_render (report, &error);
      if (pdf == NULL)
        goto failed;
    }

  if (json_out != NULL)
    {
      g_autoptr(JsonNode) root = hk_report_to_json (report);
      g_autofree char *text = hk_json_write (root, TRUE);

      if (!write_output (json_out, text, &error))
        goto failed;
    }
  if (csv_out != NULL)
    {
      g_autofree char *text = hk_report_to_csv (report);

      if (!write_output (csv_out, text, &error))
        goto failed;
    }
  if (html_out != NULL)
    {
      g_autofree char *text = hk_report_to_html_full (report, audio);

      if (!write_output (html_out, text, &error))
        goto failed;
    }
  if (pdf_out != NULL && !write_output_bytes (pdf_out, pdf, &error))
    goto failed;
  return 0;

failed:
  g_printerr ("hearken-cli report: %s\n", error->message);
  return 1;
}

static int
command_class_report (int    argc,
                      char **argv)
{
  g_autofree char *csv_out = NULL;
  g_autofree char *pdf_out = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *lang = NULL;
  const GOptionEntry entries[] = {
    { "lang", 'l', 0, G_OPTION_ARG_STRING, &lang,
      N_("Write the report in this language (en, nl, it, cs, de, fr, es)"), N_("CODE") },
    { "pdf", 0, 0, G_OPTION_ARG_FILENAME, &pdf_out,
      N_("Write a summary and each session’s report as one PDF"), N_("OUT") },
    { "csv", 0, 0, G_OPTION_ARG_FILENAME, &csv_out,
      N_("Write one row a session, with its figures, as CSV"), N_("OUT") },
    { "dir", 0, 0, G_OPTION_ARG_FILENAME, &dir,
      N_("Find sessions in this folder instead of the usual one"), N_("DIR") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("SESSION… — a report over a class’s sessions"));
  g_autoptr(HkClassReport) report = hk_class_report_new ();
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(HkCatalog) catalog = NULL;

  if (!parse_options ("class-report", context, entries,
                      _("A session that cannot be read or has no analysis is left out with a warning, "
                        "and listed with the reason; the others are reported on."),
                      &argc, &argv))
    return 2;
  if (argc < 2)
    {
      g_printerr ("%s\n", _("hearken-cli class-report: name at least one session"));
      return 2;
    }
  if (csv_out == NULL && pdf_out == NULL)
    {
      g_printerr ("%s\n", _("hearken-cli class-report: choose at least one of --pdf and --csv"));
      return 2;
    }
  if (lang != NULL && (catalog = hk_catalog_load (lang, &error)) == NULL)
    {
      g_printerr ("hearken-cli class-report: %s\n", error->message);
      return 2;
    }
  hk_class_report_set_language (report, lang);

  for (int i = 1; i < argc; i++)
    {
      g_autoptr(HkSession) session = find_session (argv[i], dir, &error);

      if (session == NULL)
        hk_class_report_add_skipped (report, argv[i], error->message);
      if (session == NULL || !hk_class_report_add_session (report, session, &error))
        {
          /* Translators: a session left out of a class report, and why */
          g_printerr (_("hearken-cli class-report: leaving out “%s”: %s\n"), argv[i], error->message);
          g_clear_error (&error);
        }
    }
  if (hk_class_report_get_n_exported (report) == 0)
    {
      g_printerr ("%s\n", _("hearken-cli class-report: no session could be reported on; nothing was written"));
      return 1;
    }

  /* The messages above in the trainer's language, the report in its own. */
  hk_i18n_use (catalog);
  if (pdf_out != NULL)
    {
      pdf = hk_report_pdf_render_class (report, &error);
      if (pdf == NULL)
        goto failed;
    }
  if (csv_out != NULL)
    {
      g_autofree char *text = hk_class_report_to_csv (report);

      if (!write_output (csv_out, text, &error))
        goto failed;
    }
  if (pdf_out != NULL && !write_output_bytes (pdf_out, pdf, &error))
    goto failed;
  return 0;

failed:
  g_printerr ("hearken-cli class-report: %s\n", error->message);
  return 1;
}

/* A bundle is exported or imported in a worker thread while the main
 * loop waits, so that Ctrl+C cancels it and it leaves nothing behind. */
typedef struct {
  HkSession             *session;      /* export */
  HkSessionStore        *store;        /* import */
  const char            *path;
  HkSessionBundleImport  result;
  gboolean               ok;
  char                  *id;
  GError                *error;
} BundleJob;

static void
bundle_thread (GTask        *task,
               gpointer      source,
               gpointer      data,
               GCancellable *cancellable)
{
  BundleJob *job = data;

  if (job->session != NULL)
    job->ok = hk_session_bundle_export (job->session, job->path, cancellable, &job->error);
  else
    {
      job->result = hk_session_bundle_import (job->store, job->path, cancellable, &job->id, &job->error);
      job->ok = job->result != HK_SESSION_BUNDLE_IMPORT_FAILED;
    }
  g_task_return_boolean (task, TRUE);
}

static void
bundle_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  g_main_loop_quit (data);
}

static gboolean
cancel_cb (gpointer data)
{
  g_cancellable_cancel (data);
  return G_SOURCE_CONTINUE;
}

static void
run_bundle_job (BundleJob    *job,
                GCancellable *cancellable)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, bundle_done_cb, loop);
  guint sigint = g_unix_signal_add (SIGINT, cancel_cb, cancellable);
  guint sigterm = g_unix_signal_add (SIGTERM, cancel_cb, cancellable);

  g_task_set_task_data (task, job, NULL);
  g_task_run_in_thread (task, bundle_thread);
  g_main_loop_run (loop);
  g_source_remove (sigint);
  g_source_remove (sigterm);
}

static int
command_export (int    argc,
                char **argv)
{
  g_autofree char *out = NULL;
  g_autofree char *dir = NULL;
  const GOptionEntry entries[] = {
    { "out", 'o', 0, G_OPTION_ARG_FILENAME, &out,
      N_("Write the bundle here (a file, or a folder for SESSION.hearken in it)"), N_("FILE.hearken") },
    { "dir", 0, 0, G_OPTION_ARG_FILENAME, &dir,
      N_("Find sessions in this folder instead of the usual one"), N_("DIR") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("SESSION — write one session into a .hearken file"));
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(HkSession) session = NULL;
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  BundleJob job = { NULL };

  if (!parse_options ("export", context, entries,
                      _("The bundle holds session.json and call.ogg, to import on another "
                        "machine with “hearken-cli import”. Without --out it is SESSION.hearken "
                        "in the current folder. Prints the file written."),
                      &argc, &argv))
    return 2;
  if (argc != 2)
    {
      g_printerr ("%s\n", _("hearken-cli export: name one session"));
      return 2;
    }

  session = find_session (argv[1], dir, &error);
  if (session == NULL)
    {
      g_printerr ("hearken-cli export: %s\n", error->message);
      return 1;
    }

  name = g_strconcat (hk_session_get_id (session), HK_SESSION_BUNDLE_SUFFIX, NULL);
  if (out == NULL)
    path = g_strdup (name);
  else if (g_file_test (out, G_FILE_TEST_IS_DIR))
    path = g_build_filename (out, name, NULL);
  else
    path = g_strdup (out);

  job.session = session;
  job.path = path;
  run_bundle_job (&job, cancellable);
  if (!job.ok)
    {
      g_printerr ("hearken-cli export: %s\n", job.error->message);
      g_clear_error (&job.error);
      return 1;
    }
  g_print ("%s\n", path);
  return 0;
}

static int
command_import (int    argc,
                char **argv)
{
  g_autofree char *out_dir = NULL;
  const GOptionEntry entries[] = {
    { "out", 'o', 0, G_OPTION_ARG_FILENAME, &out_dir,
      N_("Import into this sessions folder instead of the usual one"), N_("DIR") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("FILE.hearken… — add sessions from .hearken files"));
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(HkSessionStore) store = NULL;
  guint n_refused = 0;

  if (!parse_options ("import", context, entries,
                      _("Prints a line for each file: imported as ID, already imported as ID "
                        "(the same session is there), or refused and why. A session whose "
                        "name is taken by a different one is imported as NAME-2. The exit "
                        "status is 1 when any file was refused; the others are imported."),
                      &argc, &argv))
    return 2;
  if (argc < 2)
    {
      g_printerr ("%s\n", _("hearken-cli import: name at least one .hearken file"));
      return 2;
    }

  store = hk_session_store_new (out_dir);
  for (int i = 1; i < argc && !g_cancellable_is_cancelled (cancellable); i++)
    {
      BundleJob job = { NULL };

      job.store = store;
      job.path = argv[i];
      run_bundle_job (&job, cancellable);
      switch (job.result)
        {
        case HK_SESSION_BUNDLE_IMPORTED:
          g_print (_("%s: imported as %s\n"), argv[i], job.id);
          break;
        case HK_SESSION_BUNDLE_ALREADY_IMPORTED:
          g_print (_("%s: already imported as %s\n"), argv[i], job.id);
          break;
        case HK_SESSION_BUNDLE_IMPORT_FAILED:
        default:
          if (g_error_matches (job.error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            g_print (_("%s: cancelled; nothing was imported from it\n"), argv[i]);
          else
            /* TRANSLATORS: a bundle not imported, and why */
            g_print (_("%s: refused: %s\n"), argv[i], job.error->message);
          n_refused++;
          break;
        }
      g_free (job.id);
      g_clear_error (&job.error);
    }

  return n_refused > 0 || g_cancellable_is_cancelled (cancellable) ? 1 : 0;
}

static const struct {
  const char  *name;
  CommandFunc  func;
  const char  *summary;
} commands[] = {
  { "validate", command_validate, N_("Check scenario files and report every problem") },
  { "list", command_list, N_("List the scenario library") },
  { "analyze", command_analyze, N_("Find pauses, overlaps and voice metrics in a recorded call") },
  { "practice", command_practice, N_("Practise a call on the audio devices, without the window") },
  { "sessions", command_sessions, N_("List recorded sessions") },
  { "devices", command_devices, N_("List microphones and speakers") },
  { "report", command_report, N_("Write a trainer’s report of one session: JSON, CSV, HTML or PDF") },
  { "class-report", command_class_report, N_("Write a report over many sessions: a PDF and a CSV") },
  { "export", command_export, N_("Write one session into a .hearken file, to move it to another machine") },
  { "import", command_import, N_("Add sessions from .hearken files") },
};

static void
print_usage (FILE *out)
{
  fprintf (out, "%s\n\n", _("Usage: hearken-cli COMMAND [OPTION…]"));
  fprintf (out, "%s\n", _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (out, "  %-12s %s\n", commands[i].name, _(commands[i].summary));
  fprintf (out, "\n%s\n", _("Run “hearken-cli COMMAND --help” for the options of a command."));
}

/**
 * hk_cli_run:
 *
 * Returns: the exit status: 0 on success, 1 when the input has problems,
 *   2 when the command line is wrong
 */
int
hk_cli_run (int    argc,
            char **argv)
{
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (argc < 2 || g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h") ||
      g_str_equal (argv[1], "help"))
    {
      print_usage (argc < 2 ? stderr : stdout);
      return argc < 2 ? 2 : 0;
    }

  if (g_str_equal (argv[1], "--version"))
    {
      printf ("hearken-cli %s\n", PACKAGE_VERSION);
      return 0;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (argv[1], commands[i].name))
      return commands[i].func (argc - 1, argv + 1);

  g_printerr (_("hearken-cli: unknown command “%s”\n\n"), argv[1]);
  print_usage (stderr);
  return 2;
}
