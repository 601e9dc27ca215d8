/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hearken-cli report --pdf/--html and class-report, on sessions made
 * here: the PDF read back with poppler-utils, the HTML and the class CSV
 * parsed. */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "hk-call-analysis.h"
#include "hk-figures.h"
#include "hk-scenario-loader.h"
#include "hk-session.h"
#include "hk-test-util.h"

/* Czech content, with markup characters in the title, as a trainer's
 * shared scenario may have. */
static const char scenario_json[] =
  "{ \"id\": \"test-reklamace\", \"version\": 1, \"category\": \"complaint\", \"sector\": \"telecom\",\n"
  "  \"difficulty\": 1,\n"
  "  \"persona\": { \"name\": \"Paní Dvořáková\", \"mood\": \"calm\", \"about\": { \"en\": \"A caller.\" } },\n"
  "  \"title\": { \"en\": \"A wrong bill\", \"cs\": \"Špatné vyúčtování <i>&</i> spol.\" },\n"
  "  \"brief\": { \"en\": \"Find out what is wrong.\" }, \"tips\": { \"en\": [\"Listen.\"] },\n"
  "  \"turns\": [\n"
  "    { \"text\": { \"en\": \"My bill is wrong.\", \"cs\": \"Moje vyúčtování je špatně.\" },\n"
  "      \"techniques\": [\"full-attention\"], \"examples\": { \"en\": \"Let me look.\" } },\n"
  "    { \"text\": { \"en\": \"Thank you.\", \"cs\": \"Děkuji, nashledanou.\" }, \"techniques\": [\"summarise\"],\n"
  "      \"examples\": { \"en\": \"Goodbye.\" } } ] }\n";

/* Bytes standing in for call.ogg: the HTML embeds what the file holds. */
static const char call_bytes[] = "OggS\0\2fake call for the report test\xff\xfe";

static int
run_cli (const char * const *args,
         char              **out,
         char              **err)
{
  return hk_test_run_cli (NULL, args, out, err);
}

/* The number of pages pdfinfo finds. */
static guint
pdf_pages (const char *pdf)
{
  g_autofree char *program = g_find_program_in_path ("pdfinfo");
  const char *argv[] = { program, pdf, NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *info = NULL;
  const char *pages;
  int status = 0;

  if (program == NULL)
    g_error ("pdfinfo is missing: install poppler-utils (setup.sh test does)");
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                               &info, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  pages = strstr (info, "\nPages:");
  g_assert_nonnull (pages);
  return (guint) g_ascii_strtoull (pages + strlen ("\nPages:"), NULL, 10);
}

/* The PDF's text as pdftotext reads it, its lines joined so a phrase
 * that wrapped is still found. */
static char *
pdf_text_joined (const char *pdf)
{
  g_autofree char *program = g_find_program_in_path ("pdftotext");
  const char *argv[] = { program, "-enc", "UTF-8", pdf, "-", NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;
  int status = 0;

  if (program == NULL)
    g_error ("pdftotext is missing: install poppler-utils (setup.sh test does)");
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                               &out, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_test_message ("pdftotext:\n%s", out);
  lines = g_strsplit (out, "\n", -1);
  return g_strjoinv (" ", lines);
}

/* An analysed session: the customer's two lines, an interruption at
 * 1:25, the trainee @trainee (or none), two trainer's comments, and
 * notes holding markup; @long_note makes one note run over pages. */
static char *
make_session (const char *dir,
              const char *name,
              const char *trainee,
              gboolean    long_note)
{
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(HkScenario) scenario = hk_scenario_load_data (scenario_json, strlen (scenario_json),
                                                         "test", dir, problems);
  g_autofree char *folder = g_build_filename (dir, name, NULL);
  g_autoptr(HkSession) session = NULL;
  g_autoptr(HkThresholds) th = hk_thresholds_new ();
  g_autoptr(HkCallAnalysis) a = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) reflection = NULL;
  g_autoptr(GString) note = g_string_new ("Skočila jsem do řeči <script>alert(1)</script>, \"promiňte\".");
  HkSegments *c = hk_segments_new ();
  HkSegments *t = hk_segments_new ();

  g_assert_nonnull (scenario);
  session = hk_session_new (folder, scenario, "cs", "solo");
  hk_segments_add (c, 0.0, 6.9);
  hk_segments_add (t, 7.0, 10.0);
  hk_segments_add (c, 11.0, 40.9);
  hk_segments_add (t, 41.0, 44.0);
  hk_segments_add (c, 80.0, 90.0);
  hk_segments_add (t, 85.0, 87.0);
  a = hk_call_analysis_new (95.0, c, t, NULL, NULL, th);
  hk_session_set_analysis (session, hk_call_analysis_to_json (a));
  hk_session_add_turn (session, 0, 0.0, 6.9);
  hk_session_add_turn (session, 1, 11.0, 40.9);
  hk_session_set_trainee (session, trainee);
  hk_session_add_comment (session, 85.0, 85.0, "Tady jste skočila do řeči <b>pozor</b>");
  hk_session_add_comment (session, 41.0, 44.0, "Pěkná odpověď & klidný tón");

  if (long_note)
    {
      for (guint i = 0; i < 400; i++)
        g_string_append_printf (note, " Věta číslo %u o tom, jak jsem poslouchala zákaznici.", i);
      g_string_append (note, " KONEC-POZNÁMKY");
    }
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "language");
  json_builder_add_string_value (b, "cs");
  json_builder_set_member_name (b, "answers");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "let-finish");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "answer");
  json_builder_add_string_value (b, "partly");
  json_builder_set_member_name (b, "note");
  json_builder_add_string_value (b, note->str);
  json_builder_end_object (b);
  json_builder_end_object (b);
  json_builder_set_member_name (b, "notes");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "customer-need");
  json_builder_add_string_value (b, "A <b>refund</b>, fast");
  json_builder_end_object (b);
  json_builder_end_object (b);
  reflection = json_builder_get_root (b);
  hk_session_set_reflection (session, json_node_copy (reflection));

  hk_session_set_state (session, HK_SESSION_COMPLETE);
  g_assert_true (hk_session_save (session, NULL));
  return g_steal_pointer (&folder);
}

/* A session whose session.json is cut off in the middle. */
static char *
make_damaged (const char *dir,
              const char *name)
{
  g_autofree char *folder = g_build_filename (dir, name, NULL);
  g_autofree char *json = g_build_filename (folder, "session.json", NULL);

  g_assert_cmpint (g_mkdir_with_parents (folder, 0755), ==, 0);
  g_assert_true (g_file_set_contents (json, "{\"format\": 1, \"state\": \"compl", -1, NULL));
  return g_steal_pointer (&folder);
}

/* A session that was recorded but never analysed. */
static char *
make_unanalysed (const char *dir,
                 const char *name)
{
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(HkScenario) scenario = hk_scenario_load_data (scenario_json, strlen (scenario_json),
                                                         "test", dir, problems);
  g_autofree char *folder = g_build_filename (dir, name, NULL);
  g_autoptr(HkSession) session = hk_session_new (folder, scenario, "cs", "solo");

  hk_session_set_trainee (session, "Petr Svoboda");
  hk_session_set_problem (session, "No audio of this call could be read");
  hk_session_set_state (session, HK_SESSION_COMPLETE);
  g_assert_true (hk_session_save (session, NULL));
  return g_steal_pointer (&folder);
}

static void
test_pdf_session (void)
{
  g_autofree char *dir = g_dir_make_tmp ("hearken-pdf-XXXXXX", NULL);
  g_autofree char *folder = make_session (dir, "2026-11-28T10-00-00_test-reklamace", "Jana Nováková", TRUE);
  g_autofree char *pdf = g_build_filename (dir, "report.pdf", NULL);
  const char *args[] = { "report", folder, "--pdf", pdf, NULL };
  g_autofree char *out = NULL, *err = NULL, *text = NULL, *last = NULL;
  guint pages;

  g_assert_cmpint (run_cli (args, &out, &err), ==, 0);
  g_assert_cmpstr (err, ==, "");

  /* The long note flows over pages rather than being cut. */
  pages = pdf_pages (pdf);
  g_assert_cmpuint (pages, >=, 3);
  text = pdf_text_joined (pdf);
  g_assert_nonnull (strstr (text, "Jana Nováková"));
  g_assert_nonnull (strstr (text, "Špatné vyúčtování <i>&</i> spol."));
  g_assert_nonnull (strstr (text, "Čeština"));
  g_assert_nonnull (strstr (text, "2026-"));
  g_assert_nonnull (strstr (text, "Interruptions"));
  g_assert_nonnull (strstr (text, "Mean response gap"));
  g_assert_nonnull (strstr (text, "Moje vyúčtování je špatně."));
  /* Comments, with their times, printed as typed. */
  g_assert_nonnull (strstr (text, "Tady jste skočila do řeči <b>pozor</b>"));
  g_assert_nonnull (strstr (text, "1:25"));
  g_assert_nonnull (strstr (text, "0:41–0:44"));
  g_assert_nonnull (strstr (text, "Pěkná odpověď & klidný tón"));
  /* Notes: markup prints literally, and nothing of the long one is lost. */
  g_assert_nonnull (strstr (text, "A <b>refund</b>, fast"));
  g_assert_nonnull (strstr (text, "<script>alert(1)</script>"));
  g_assert_nonnull (strstr (text, "Věta číslo 399"));
  g_assert_nonnull (strstr (text, "KONEC-POZNÁMKY"));
  last = g_strdup_printf ("Page %u of %u", pages, pages);
  g_assert_nonnull (strstr (text, last));
  g_assert_nonnull (strstr (text, "Page 1 of"));

  hk_test_remove_tree (dir);
}

/* A report in another language than the session's and the user's: the
 * report's words and its checklist in Italian, the command's own
 * messages still in the user's language; a language Hearken does not
 * write is refused before anything is written. */
static void
test_language (void)
{
  g_autofree char *dir = g_dir_make_tmp ("hearken-lang-XXXXXX", NULL);
  g_autofree char *folder = make_session (dir, "2026-11-28T10-00-00_test-lingua", "Jana Nováková", FALSE);
  g_autofree char *pdf = g_build_filename (dir, "report.pdf", NULL);
  g_autofree char *html = g_build_filename (dir, "report.html", NULL);
  g_autofree char *csv = g_build_filename (dir, "class.csv", NULL);
  const char *args[] = { "report", folder, "--lang", "it", "--pdf", pdf, "--html", html, NULL };
  const char *bad[] = { "report", folder, "--lang", "xx", "--pdf", pdf, NULL };
  const char *missing[] = { "report", "no-such-session", "--lang", "it", "--pdf", pdf, NULL };
  const char *class_args[] = { "class-report", folder, "--lang", "it", "--csv", csv, NULL };
  g_autofree char *out = NULL, *err = NULL, *text = NULL, *page = NULL;

  g_assert_cmpint (run_cli (args, &out, &err), ==, 0);
  text = pdf_text_joined (pdf);
  g_assert_nonnull (strstr (text, "La tua quota di parola"));
  g_assert_nonnull (strstr (text, "Hai lasciato che il cliente finisse ogni pensiero prima di parlare?"));
  g_assert_null (strstr (text, "Your share of the talking"));
  g_assert_true (g_file_get_contents (html, &page, NULL, NULL));
  g_assert_nonnull (strstr (page, "<html lang=\"it\""));
  g_assert_nonnull (strstr (page, "La tua quota di parola"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_cli (bad, &out, &err), ==, 2);
  g_assert_nonnull (strstr (err, "“xx” is not a language Hearken writes; choose one of en nl it cs de fr es"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* The user's language for what went wrong. */
  g_assert_cmpint (run_cli (missing, &out, &err), ==, 1);
  g_assert_nonnull (strstr (err, "hearken-cli report: "));
  g_assert_null (strstr (err, "La "));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_cli (class_args, &out, &err), ==, 0);
  g_assert_true (g_file_test (csv, G_FILE_TEST_EXISTS));

  hk_test_remove_tree (dir);
}

static void
test_pdf_unnamed (void)
{
  g_autofree char *dir = g_dir_make_tmp ("hearken-pdf-XXXXXX", NULL);
  g_autofree char *folder = make_session (dir, "2026-11-28T10-00-00_test-reklamace", NULL, FALSE);
  g_autofree char *pdf = g_build_filename (dir, "report.pdf", NULL);
  g_autofree char *out = NULL, *err = NULL, *text = NULL;
  g_autofree char *before = NULL, *after = NULL;
  gsize before_len, after_len;

  /* An existing file is replaced whole. */
  g_assert_true (g_file_set_contents (pdf, "old", -1, NULL));
  {
    const char *args[] = { "report", folder, "--pdf", pdf, NULL };

    g_assert_cmpint (run_cli (args, &out, &err), ==, 0);
  }
  g_assert_cmpuint (pdf_pages (pdf), ==, 2);
  text = pdf_text_joined (pdf);
  g_assert_nonnull (strstr (text, "Trainee not named"));
  g_assert_true (g_file_get_contents (pdf, &before, &before_len, NULL));
  g_assert_true (g_str_has_prefix (before, "%PDF-"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* A session that cannot be reported on leaves the old PDF alone. */
  {
    g_autofree char *bad = make_damaged (dir, "broken");
    const char *args[] = { "report", bad, "--pdf", pdf, NULL };

    g_assert_cmpint (run_cli (args, &out, &err), ==, 1);
    g_assert_nonnull (strstr (err, "is damaged"));
    g_assert_null (strchr (strchr (err, '\n') + 1, '\n'));
  }
  g_assert_true (g_file_get_contents (pdf, &after, &after_len, NULL));
  g_assert_cmpmem (before, before_len, after, after_len);

  hk_test_remove_tree (dir);
}

/* The page as a browser's parser reads it (libxml2's HTML parser):
 * @xpath evaluated, its result as text. */
static char *
html_xpath (const char *path,
            const char *xpath)
{
  g_autofree char *program = g_find_program_in_path ("xmllint");
  const char *argv[] = { program, "--html", "--xpath", xpath, path, NULL };
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  g_autofree char *err = NULL;
  int status = 0;

  if (program == NULL)
    g_error ("xmllint is missing: install libxml2-utils (setup.sh test does)");
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               &out, &err, &status, &error));
  g_assert_no_error (error);
  /* The parser finds nothing amiss in the page but elements newer than
   * it knows (HTML 4: no svg, no audio). */
  {
    g_auto(GStrv) lines = g_strsplit (err, "\n", -1);

    for (guint i = 0; lines[i] != NULL; i++)
      if (strstr (lines[i], "parser error") != NULL)
        g_assert_true (g_regex_match_simple ("parser error : Tag (svg|rect|text|g|title|audio) invalid$",
                                             lines[i], 0, 0));
  }
  return out;
}

static void
test_html (void)
{
  g_autofree char *dir = g_dir_make_tmp ("hearken-html-XXXXXX", NULL);
  g_autofree char *folder = make_session (dir, "2026-11-28T10-00-00_test-reklamace", "Jana <Nováková>", FALSE);
  g_autofree char *html_path = g_build_filename (dir, "report.html", NULL);
  g_autofree char *call = g_build_filename (folder, "call.ogg", NULL);
  g_autofree char *out = NULL, *err = NULL, *html = NULL;
  g_autofree char *encoded = g_base64_encode ((const guchar *) call_bytes, sizeof call_bytes - 1);
  g_autofree char *src = g_strdup_printf ("<audio controls preload=\"metadata\" src=\"data:audio/ogg;base64,%s\">",
                                          encoded);

  /* Without the call, --embed-audio says so and writes nothing. */
  {
    const char *args[] = { "report", folder, "--html", html_path, "--embed-audio", NULL };

    g_assert_cmpint (run_cli (args, &out, &err), ==, 1);
    g_assert_nonnull (strstr (err, "leave out --embed-audio"));
    g_assert_false (g_file_test (html_path, G_FILE_TEST_EXISTS));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }
  {
    const char *args[] = { "report", folder, "--embed-audio", NULL };

    g_assert_cmpint (run_cli (args, &out, &err), ==, 2);
    g_assert_nonnull (strstr (err, "add --html OUT"));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }

  g_assert_true (g_file_set_contents (call, call_bytes, sizeof call_bytes - 1, NULL));
  {
    const char *args[] = { "report", folder, "--html", html_path, "--embed-audio", NULL };

    g_assert_cmpint (run_cli (args, &out, &err), ==, 0);
  }
  g_assert_true (g_file_get_contents (html_path, &html, NULL, NULL));
  g_assert_true (g_str_has_prefix (html, "<!DOCTYPE html>"));
  /* Header: the trainee, escaped. */
  g_assert_nonnull (strstr (html, "<p class=\"trainee\">Jana &lt;Nováková&gt;</p>"));
  g_assert_null (strstr (html, "<Nováková>"));
  g_assert_nonnull (strstr (html, "Špatné vyúčtování &lt;i&gt;&amp;&lt;/i&gt; spol."));
  /* The call line by line. */
  g_assert_nonnull (strstr (html, "<table class=\"turns\">"));
  g_assert_nonnull (strstr (html, "<td>Moje vyúčtování je špatně.</td>"));
  g_assert_nonnull (strstr (html, "<td>Děkuji, nashledanou.</td>"));
  /* The comments with their times, escaped, and as pins on the lanes. */
  g_assert_nonnull (strstr (html, "<td>1:25</td><td>Tady jste skočila do řeči &lt;b&gt;pozor&lt;/b&gt;</td>"));
  g_assert_nonnull (strstr (html, "<td>0:41–0:44</td><td>Pěkná odpověď &amp; klidný tón</td>"));
  g_assert_nonnull (strstr (html, "<title>2: Tady jste skočila do řeči &lt;b&gt;pozor&lt;/b&gt;</title>"));
  g_assert_null (strstr (html, "<b>pozor"));
  g_assert_null (strstr (html, "<script>"));
  /* Parsed, the page holds the texts as typed and no element a note or a
   * name could have slipped in. */
  {
    g_autofree char *elements = html_xpath (html_path, "count(//script|//iframe|//i|//b[not(@style)])");
    g_autofree char *trainee = html_xpath (html_path, "string(//p[@class='trainee'])");
    g_autofree char *cells = html_xpath (html_path, "string(//td[contains(., 'pozor')])");

    g_assert_cmpstr (elements, ==, "0\n");
    g_assert_cmpstr (trainee, ==, "Jana <Nováková>\n");
    g_assert_cmpstr (cells, ==, "Tady jste skočila do řeči <b>pozor</b>\n");
  }
  /* The call itself, as the file holds it. */
  g_assert_nonnull (strstr (html, src));
  g_clear_pointer (&html, g_free);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Not asked for, not embedded. */
  {
    const char *args[] = { "report", folder, "--html", html_path, NULL };

    g_assert_cmpint (run_cli (args, &out, &err), ==, 0);
  }
  g_assert_true (g_file_get_contents (html_path, &html, NULL, NULL));
  g_assert_null (strstr (html, "<audio"));
  g_assert_nonnull (strstr (html, "<table class=\"turns\">"));

  hk_test_remove_tree (dir);
}

/* RFC 4180: quoted fields may hold commas, doubled quotes and line
 * breaks. Returns the rows, each a GStrv. */
static GPtrArray *
parse_csv (const char *text)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(GPtrArray) row = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) field = g_string_new (NULL);
  const char *p = text;

  while (*p != '\0')
    {
      if (*p == '"')
        {
          for (p++; *p != '\0'; p++)
            {
              if (*p == '"' && p[1] == '"')
                g_string_append_c (field, '"'), p++;
              else if (*p == '"')
                break;
              else
                g_string_append_c (field, *p);
            }
          g_assert_cmpint (*p, ==, '"');
          p++;
        }
      else if (*p == ',')
        {
          g_ptr_array_add (row, g_strdup (field->str));
          g_string_truncate (field, 0);
          p++;
        }
      else if (*p == '\r' && p[1] == '\n')
        {
          g_ptr_array_add (row, g_strdup (field->str));
          g_string_truncate (field, 0);
          g_ptr_array_add (row, NULL);
          g_ptr_array_add (rows, g_ptr_array_steal (row, NULL));
          row = g_ptr_array_new_with_free_func (g_free);
          p += 2;
        }
      else
        {
          g_assert_cmpint (*p, !=, '\n');
          g_string_append_c (field, *p++);
        }
    }
  g_assert_cmpuint (row->len, ==, 0);
  return rows;
}

static guint
column (char       **header,
        const char  *name)
{
  for (guint i = 0; header[i]; i++)
    if (g_str_equal (header[i], name))
      return i;
  g_assert_not_reached ();
}

static void
test_class_report (void)
{
  g_autofree char *dir = g_dir_make_tmp ("hearken-class-XXXXXX", NULL);
  g_autofree char *jana = make_session (dir, "2026-11-28T10-00-00_test-reklamace", "Jana Nováková", FALSE);
  g_autofree char *karel = make_session (dir, "2026-11-28T11-00-00_test-reklamace", "Karel Dvořák", FALSE);
  g_autofree char *broken = make_damaged (dir, "2026-11-28T12-00-00_broken");
  g_autofree char *silent = make_unanalysed (dir, "2026-11-28T13-00-00_test-reklamace");
  g_autofree char *pdf = g_build_filename (dir, "class.pdf", NULL);
  g_autofree char *csv_path = g_build_filename (dir, "class.csv", NULL);
  /* One by its folder, the others by name in --dir; one not there at all. */
  const char *args[] = { "class-report", "--dir", dir, "--pdf", pdf, "--csv", csv_path,
                         jana, "2026-11-28T12-00-00_broken", "2026-11-28T11-00-00_test-reklamace",
                         silent, "no-such-session", NULL };
  g_autofree char *out = NULL, *err = NULL, *csv = NULL, *text = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_auto(GStrv) warnings = NULL;
  char **header, **row;
  guint status, reason, trainee, share, gap, interruptions, state;

  g_assert_cmpint (run_cli (args, &out, &err), ==, 0);
  /* One warning line a session left out. */
  warnings = g_strsplit (err, "\n", -1);
  g_assert_cmpuint (g_strv_length (warnings), ==, 4);
  g_assert_true (g_str_has_prefix (warnings[0], "hearken-cli class-report: leaving out “2026-11-28T12-00-00_broken”: "));
  g_assert_nonnull (strstr (warnings[0], "is damaged"));
  g_assert_nonnull (strstr (warnings[1], "has no analysis to report on (No audio of this call could be read)"));
  g_assert_nonnull (strstr (warnings[2], "There is no session “no-such-session”"));
  g_assert_cmpstr (warnings[3], ==, "");

  /* The CSV: a header and a row a session, in the order given. */
  g_assert_true (g_file_get_contents (csv_path, &csv, NULL, NULL));
  rows = parse_csv (csv);
  g_assert_cmpuint (rows->len, ==, 6);
  header = g_ptr_array_index (rows, 0);
  g_assert_cmpstr (header[0], ==, "session");
  status = column (header, "status");
  reason = column (header, "reason");
  trainee = column (header, "trainee");
  share = column (header, "talk-share");
  gap = column (header, "mean-response-gap");
  interruptions = column (header, "interruptions");
  state = column (header, "state");
  g_assert_cmpuint (g_strv_length (header), ==, 17);
  for (guint i = 1; i < rows->len; i++)
    g_assert_cmpuint (g_strv_length (g_ptr_array_index (rows, i)), ==, 17);

  row = g_ptr_array_index (rows, 1);
  g_assert_cmpstr (row[0], ==, "2026-11-28T10-00-00_test-reklamace");
  g_assert_cmpstr (row[trainee], ==, "Jana Nováková");
  g_assert_cmpstr (row[column (header, "title")], ==, "Špatné vyúčtování <i>&</i> spol.");
  g_assert_cmpstr (row[column (header, "language")], ==, "cs");
  g_assert_cmpstr (row[column (header, "duration")], ==, "95.0");
  g_assert_cmpstr (row[status], ==, "exported");
  g_assert_cmpstr (row[reason], ==, "");
  g_assert_cmpstr (row[interruptions], ==, "1");
  g_assert_cmpfloat (g_ascii_strtod (row[share], NULL), >, 0.0);
  g_assert_cmpfloat (g_ascii_strtod (row[share], NULL), <, 1.0);
  g_assert_cmpfloat (g_ascii_strtod (row[gap], NULL), >, 0.0);

  row = g_ptr_array_index (rows, 2);
  g_assert_cmpstr (row[0], ==, "2026-11-28T12-00-00_broken");
  g_assert_cmpstr (row[status], ==, "skipped");
  g_assert_nonnull (strstr (row[reason], "is damaged"));
  g_assert_cmpstr (row[share], ==, "");

  row = g_ptr_array_index (rows, 3);
  g_assert_cmpstr (row[trainee], ==, "Karel Dvořák");
  g_assert_cmpstr (row[status], ==, "exported");

  row = g_ptr_array_index (rows, 4);
  g_assert_cmpstr (row[trainee], ==, "Petr Svoboda");
  g_assert_cmpstr (row[state], ==, "complete");
  g_assert_cmpstr (row[status], ==, "skipped");
  g_assert_nonnull (strstr (row[reason], "No audio of this call could be read"));

  row = g_ptr_array_index (rows, 5);
  g_assert_cmpstr (row[0], ==, "no-such-session");
  g_assert_cmpstr (row[status], ==, "skipped");
  g_assert_nonnull (strstr (row[reason], "There is no session"));

  /* The PDF: the summary with the sessions left out, then a report for
   * each of the two others, from a page of its own. */
  g_assert_cmpuint (pdf_pages (pdf), >=, 5);
  text = pdf_text_joined (pdf);
  g_assert_nonnull (strstr (text, "Class Report"));
  g_assert_nonnull (strstr (text, "Sessions: 5; reported on: 2; left out: 3"));
  g_assert_nonnull (strstr (text, "Left out:"));
  g_assert_nonnull (strstr (text, "2026-11-28T12-00-00_broken"));
  g_assert_nonnull (strstr (text, "Petr Svoboda"));
  g_assert_nonnull (strstr (text, "Karel Dvořák"));
  g_assert_nonnull (strstr (text, "Jana Nováková — Špatné vyúčtování"));
  g_assert_nonnull (strstr (text, "Tady jste skočila do řeči <b>pozor</b>"));

  hk_test_remove_tree (dir);
}

static void
test_class_report_nothing (void)
{
  g_autofree char *dir = g_dir_make_tmp ("hearken-class-XXXXXX", NULL);
  g_autofree char *broken = make_damaged (dir, "broken");
  g_autofree char *pdf = g_build_filename (dir, "class.pdf", NULL);
  g_autofree char *csv = g_build_filename (dir, "class.csv", NULL);
  g_autofree char *out = NULL, *err = NULL;

  {
    const char *args[] = { "class-report", broken, "--pdf", pdf, "--csv", csv, NULL };

    g_assert_cmpint (run_cli (args, &out, &err), ==, 1);
  }
  g_assert_nonnull (strstr (err, "leaving out"));
  g_assert_nonnull (strstr (err, "no session could be reported on; nothing was written"));
  g_assert_false (g_file_test (pdf, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (csv, G_FILE_TEST_EXISTS));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  {
    const char *args[] = { "class-report", broken, NULL };

    g_assert_cmpint (run_cli (args, &out, &err), ==, 2);
    g_assert_nonnull (strstr (err, "choose at least one of --pdf and --csv"));
  }
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  {
    const char *args[] = { "class-report", "--pdf", pdf, NULL };

    g_assert_cmpint (run_cli (args, &out, &err), ==, 2);
    g_assert_nonnull (strstr (err, "name at least one session"));
  }

  hk_test_remove_tree (dir);
}

/* A pair round, analysed: @answered is partner B, who answered, and
 * @interrupts says whether they cut into the customer's second line. */
static char *
make_round (const char *dir,
            const char *name,
            const char *pair_id,
            guint       round,
            const char *played,
            const char *answered,
            gboolean    interrupts)
{
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(HkScenario) scenario = hk_scenario_load_data (scenario_json, strlen (scenario_json),
                                                         "test", dir, problems);
  g_autofree char *folder = g_build_filename (dir, name, NULL);
  g_autoptr(HkSession) session = hk_session_new (folder, scenario, "en", "pair");
  g_autoptr(HkThresholds) th = hk_thresholds_new ();
  g_autoptr(HkCallAnalysis) a = NULL;
  HkSegments *c = hk_segments_new ();
  HkSegments *t = hk_segments_new ();

  hk_segments_add (c, 0.0, 6.9);
  hk_segments_add (t, 7.6, 10.0);
  hk_segments_add (c, 11.0, 30.0);
  hk_segments_add (t, interrupts ? 25.0 : 31.0, interrupts ? 29.0 : 35.0);
  a = hk_call_analysis_new (40.0, c, t, NULL, NULL, th);
  hk_session_set_analysis (session, hk_call_analysis_to_json (a));
  hk_session_set_pair (session, pair_id, round, played, answered, FALSE);
  hk_session_set_state (session, HK_SESSION_COMPLETE);
  g_assert_true (hk_session_save (session, NULL));
  return g_steal_pointer (&folder);
}

/* A pair round's report shows both rounds side by side once the other
 * round is beside it, each under the name of who answered in it. */
static void
test_pair_rounds (void)
{
  g_autofree char *dir = g_dir_make_tmp ("hearken-rounds-XXXXXX", NULL);
  g_autofree char *one = make_round (dir, "2026-11-28T10-00-00_test-reklamace", "2026-11-28T10-00-00_test-reklamace",
                                     1, "Jan", "Eva", TRUE);
  g_autofree char *two = NULL;
  g_autofree char *html_path = g_build_filename (dir, "round.html", NULL);
  g_autofree char *pdf_path = g_build_filename (dir, "round.pdf", NULL);
  g_autofree char *json_path = g_build_filename (dir, "round.json", NULL);
  g_autofree char *out = NULL, *err = NULL, *heading = NULL, *cells = NULL, *text = NULL, *json = NULL;

  /* Round one alone: nothing to compare yet. */
  {
    const char *args[] = { "report", one, "--html", html_path, NULL };

    g_assert_cmpint (run_cli (args, &out, &err), ==, 0);
    heading = html_xpath (html_path, "//h2[text()='Both Rounds']");
    g_assert_true (heading == NULL || *heading == '\0');
    g_clear_pointer (&heading, g_free);
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }

  two = make_round (dir, "2026-11-28T10-20-00_test-reklamace", "2026-11-28T10-00-00_test-reklamace",
                    2, "Eva", "Jan", FALSE);
  {
    const char *args[] = { "report", two, "--html", html_path, "--pdf", pdf_path, "--json", json_path, NULL };

    g_assert_cmpint (run_cli (args, &out, &err), ==, 0);
  }

  /* Round one on the left, whichever round the report is of. */
  heading = html_xpath (html_path, "string(//table[@class='rounds']//tr[1])");
  g_assert_nonnull (strstr (heading, "Round 1: Eva answered"));
  g_assert_nonnull (strstr (heading, "Round 2: Jan answered"));
  g_assert_true (strstr (heading, "Round 1") < strstr (heading, "Round 2"));
  /* Eva cut in, Jan did not: one interruption against none. */
  cells = html_xpath (html_path, "string(//table[@class='rounds']//tr[th='Interruptions'])");
  g_assert_true (g_regex_match_simple ("Interruptions\\s*1 · Worth a look\\s*0 · Within the norm", cells, 0, 0));

  text = pdf_text_joined (pdf_path);
  g_assert_nonnull (strstr (text, "Both Rounds"));
  g_assert_nonnull (strstr (text, "Round 1: Eva answered"));
  g_assert_nonnull (strstr (text, "Round 2: Jan answered"));

  g_assert_true (g_file_get_contents (json_path, &json, NULL, NULL));
  {
    g_autoptr(JsonParser) parser = json_parser_new ();
    JsonObject *other;

    g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
    other = json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)), "other-round");
    g_assert_nonnull (other);
    g_assert_cmpstr (json_object_get_string_member (other, "session"), ==, "2026-11-28T10-00-00_test-reklamace");
    g_assert_cmpint (json_object_get_int_member (other, "round"), ==, 1);
    g_assert_cmpstr (json_object_get_string_member (other, "trainee"), ==, "Eva");
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (other, "figures")), ==, HK_N_FIGURES);
  }

  hk_test_remove_tree (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/Report/pdf/session", test_pdf_session);
  g_test_add_func ("/Report/pdf/unnamed-and-replaced", test_pdf_unnamed);
  g_test_add_func ("/Report/language", test_language);
  g_test_add_func ("/Report/html/turns-comments-audio", test_html);
  g_test_add_func ("/Report/pair/both-rounds", test_pair_rounds);
  g_test_add_func ("/Report/class/skips-damaged", test_class_report);
  g_test_add_func ("/Report/class/nothing-to-report", test_class_report_nothing);

  return g_test_run ();
}
