/* SPDX-License-Identifier: GPL-3.0-or-later */
/* .hearken bundles: a session exported and imported whole, byte for byte;
 * a second import seen as such; a different session of the same name
 * kept apart; damaged and hostile bundles refused with a message and
 * nothing left behind; exports that fail or are cancelled leaving the
 * target as it was. The call's bytes are random: core never decodes it. */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <utime.h>

#include "hk-scenario-loader.h"
#include "hk-session-bundle.h"
#include "hk-session-store.h"
#include "hk-test-util.h"

#define SESSION_ID "2026-11-28T10-00-00_test-two-lines"
#define CALL_SIZE  (300 * 1024 + 17)

static char *tmp_dir;

static char *
tmp_path (const char *name)
{
  return g_build_filename (tmp_dir, name, NULL);
}

static GBytes *
random_bytes (gsize   n,
              guint32 seed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  guchar *data = g_malloc (n);

  for (gsize i = 0; i < n; i++)
    data[i] = (guchar) g_rand_int_range (rand, 0, 256);
  return g_bytes_new_take (data, n);
}

static GBytes *
read_bytes (const char *path)
{
  char *data = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &data, &length, NULL));
  return g_bytes_new_take (data, length);
}

static void
write_bytes (const char *path,
             GBytes     *bytes)
{
  g_assert_true (g_file_set_contents (path, g_bytes_get_data (bytes, NULL), (gssize) g_bytes_get_size (bytes), NULL));
}

static void
assert_same_file (const char *a,
                  const char *b)
{
  g_autoptr(GBytes) ba = read_bytes (a);
  g_autoptr(GBytes) bb = read_bytes (b);

  g_assert_true (g_bytes_equal (ba, bb));
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* Every name in @dir, hidden ones too, sorted and joined by spaces. */
static char *
entries (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    g_ptr_array_add (names, (gpointer) name);
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  return g_strjoinv (" ", (char **) names->pdata);
}

/* A complete session in @store_dir/@id, with a call of @call_size random
 * bytes (none when 0) and a waveform cache that must not travel. */
static HkSession *
make_session (const char *store_dir,
              const char *id,
              const char *trainee,
              gsize       call_size,
              guint32     seed)
{
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(HkScenario) scenario = hk_scenario_load_data (hk_test_scenario_json, strlen (hk_test_scenario_json),
                                                         "test", tmp_dir, problems);
  g_autofree char *folder = g_build_filename (store_dir, id, NULL);
  HkSession *session = hk_session_new (folder, scenario, "en", "solo");

  hk_session_set_trainee (session, trainee);
  hk_session_add_turn (session, 0, 0.5, 2.5);
  hk_session_set_duration (session, 9.5);
  hk_session_add_comment (session, 1.0, 2.0, "Good <b>pause</b>");
  hk_session_set_state (session, HK_SESSION_COMPLETE);
  g_assert_true (hk_session_save (session, NULL));

  if (call_size > 0)
    {
      g_autofree char *call = hk_session_get_call_path (session);
      g_autoptr(GBytes) bytes = random_bytes (call_size, seed);

      write_bytes (call, bytes);
    }
  {
    g_autofree char *peaks = hk_session_get_peaks_path (session);

    g_assert_true (g_file_set_contents (peaks, "HKPEAKS cache", -1, NULL));
  }
  return session;
}

typedef struct {
  guint   calls;
  goffset done;
  goffset total;
  gboolean went_back;
  GCancellable *cancel_at_second;
} Seen;

static void
progress_cb (goffset  done,
             goffset  total,
             gpointer data)
{
  Seen *seen = data;

  if (done < seen->done)
    seen->went_back = TRUE;
  seen->calls++;
  seen->done = done;
  seen->total = total;
  if (seen->cancel_at_second != NULL && seen->calls == 2)
    g_cancellable_cancel (seen->cancel_at_second);
}

static char *
run_tar (const char *option,
         const char *path)
{
  g_autofree char *tar = g_find_program_in_path ("tar");
  const char *argv[] = { tar, option, path, NULL };
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int status;

  if (tar == NULL)
    return NULL;
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               &out, &err, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_cmpstr (err, ==, "");
  return out;
}

static void
test_round_trip (void)
{
  g_autofree char *a = tmp_path ("round-a");
  g_autofree char *b = tmp_path ("round-b");
  g_autofree char *bundle = tmp_path ("round.hearken");
  g_autofree char *again = tmp_path ("round-again.hearken");
  g_autoptr(HkSession) session = make_session (a, SESSION_ID, "Eva Nováková", CALL_SIZE, 1);
  g_autoptr(HkSessionStore) store = hk_session_store_new (b);
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *listing = NULL;
  g_autofree char *names = NULL;
  g_autofree char *json_a = g_build_filename (a, SESSION_ID, "session.json", NULL);
  g_autofree char *json_b = g_build_filename (b, SESSION_ID, "session.json", NULL);
  g_autofree char *call_a = g_build_filename (a, SESSION_ID, "call.ogg", NULL);
  g_autofree char *call_b = g_build_filename (b, SESSION_ID, "call.ogg", NULL);
  g_autofree char *peaks_b = g_build_filename (b, SESSION_ID, "peaks.bin", NULL);
  Seen seen = { 0 };
  HkSession *back;
  GStatBuf st;

  g_assert_true (hk_session_bundle_export_full (session, bundle, progress_cb, &seen, NULL, &error));
  g_assert_no_error (error);
  /* The call is read twice: for the manifest's checksum, then copied. */
  g_assert_cmpuint (seen.calls, >, 2);
  g_assert_false (seen.went_back);
  g_assert_cmpint (seen.done, ==, seen.total);
  g_assert_cmpint (g_stat (json_a, &st), ==, 0);
  g_assert_cmpint (seen.total, ==, st.st_size + 2 * CALL_SIZE);

  /* A plain tar: the manifest first, no cache, no folder. */
  listing = run_tar ("tf", bundle);
  if (listing != NULL)
    g_assert_cmpstr (listing, ==, "manifest.json\nsession.json\ncall.ogg\n");
  else
    g_test_message ("tar is not installed; the listing is not checked");

  /* The same session makes the same bytes. */
  g_assert_true (hk_session_bundle_export (session, again, NULL, &error));
  g_assert_no_error (error);
  assert_same_file (bundle, again);

  memset (&seen, 0, sizeof seen);
  g_assert_cmpint (hk_session_bundle_import_full (store, bundle, progress_cb, &seen, NULL, &id, &error), ==,
                   HK_SESSION_BUNDLE_IMPORTED);
  g_assert_no_error (error);
  g_assert_cmpstr (id, ==, SESSION_ID);
  g_assert_cmpint (seen.done, ==, seen.total);
  g_assert_cmpint (seen.total, ==, st.st_size + CALL_SIZE);

  assert_same_file (json_a, json_b);
  assert_same_file (call_a, call_b);
  g_assert_false (g_file_test (peaks_b, G_FILE_TEST_EXISTS));
  names = entries (b);
  g_assert_cmpstr (names, ==, SESSION_ID);
  g_clear_pointer (&names, g_free);
  {
    g_autofree char *folder = g_build_filename (b, SESSION_ID, NULL);

    names = entries (folder);
    g_assert_cmpstr (names, ==, "call.ogg session.json");
  }

  /* The store lists it once reloaded, as the window does. */
  g_assert_null (hk_session_store_lookup (store, SESSION_ID));
  hk_session_store_reload (store);
  back = hk_session_store_lookup (store, SESSION_ID);
  g_assert_nonnull (back);
  g_assert_cmpint (hk_session_get_state (back), ==, HK_SESSION_COMPLETE);
  g_assert_cmpstr (hk_session_get_trainee (back), ==, "Eva Nováková");
  g_assert_cmpuint (hk_session_get_comments (back)->len, ==, 1);
}

static void
test_already_imported (void)
{
  g_autofree char *a = tmp_path ("twice-a");
  g_autofree char *b = tmp_path ("twice-b");
  g_autofree char *bundle = tmp_path ("twice.hearken");
  g_autoptr(HkSession) session = make_session (a, SESSION_ID, NULL, 4096, 2);
  g_autoptr(HkSessionStore) store = hk_session_store_new (b);
  g_autoptr(HkSessionStore) origin = hk_session_store_new (a);
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *names = NULL;

  g_assert_true (hk_session_bundle_export (session, bundle, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (hk_session_bundle_import (store, bundle, NULL, &id, &error), ==, HK_SESSION_BUNDLE_IMPORTED);
  g_assert_no_error (error);
  g_clear_pointer (&id, g_free);

  g_assert_cmpint (hk_session_bundle_import (store, bundle, NULL, &id, &error), ==,
                   HK_SESSION_BUNDLE_ALREADY_IMPORTED);
  g_assert_no_error (error);
  g_assert_cmpstr (id, ==, SESSION_ID);
  names = entries (b);
  g_assert_cmpstr (names, ==, SESSION_ID);
  g_clear_pointer (&id, g_free);

  /* Back into the store it came from: it is there already. */
  g_assert_cmpint (hk_session_bundle_import (origin, bundle, NULL, &id, &error), ==,
                   HK_SESSION_BUNDLE_ALREADY_IMPORTED);
  g_assert_no_error (error);
  g_assert_cmpstr (id, ==, SESSION_ID);
  g_clear_pointer (&names, g_free);
  names = entries (a);
  g_assert_cmpstr (names, ==, SESSION_ID);
}

/* A different session under the same name is never written over. */
static void
test_name_taken (void)
{
  g_autofree char *a = tmp_path ("clash-a");
  g_autofree char *b = tmp_path ("clash-b");
  g_autofree char *bundle = tmp_path ("clash.hearken");
  g_autofree char *other_bundle = tmp_path ("clash-other.hearken");
  g_autoptr(HkSession) session = make_session (a, SESSION_ID, "Anna", 8000, 3);
  g_autoptr(HkSession) other = make_session (b, SESSION_ID, "Bert", 8000, 4);
  g_autoptr(HkSessionStore) store = hk_session_store_new (b);
  g_autoptr(GError) error = NULL;
  g_autofree char *json_b = g_build_filename (b, SESSION_ID, "session.json", NULL);
  g_autofree char *call_b = g_build_filename (b, SESSION_ID, "call.ogg", NULL);
  g_autofree char *json_a = g_build_filename (a, SESSION_ID, "session.json", NULL);
  g_autofree char *json_2 = g_build_filename (b, SESSION_ID "-2", "session.json", NULL);
  g_autofree char *call_a = g_build_filename (a, SESSION_ID, "call.ogg", NULL);
  g_autofree char *call_2 = g_build_filename (b, SESSION_ID "-2", "call.ogg", NULL);
  g_autoptr(GBytes) json_before = read_bytes (json_b);
  g_autoptr(GBytes) call_before = read_bytes (call_b);
  g_autoptr(GBytes) json_after = NULL;
  g_autoptr(GBytes) call_after = NULL;
  g_autofree char *id = NULL;
  g_autofree char *names = NULL;

  g_assert_true (hk_session_bundle_export (session, bundle, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (hk_session_bundle_import (store, bundle, NULL, &id, &error), ==, HK_SESSION_BUNDLE_IMPORTED);
  g_assert_no_error (error);
  g_assert_cmpstr (id, ==, SESSION_ID "-2");
  assert_same_file (json_a, json_2);
  assert_same_file (call_a, call_2);

  json_after = read_bytes (json_b);
  call_after = read_bytes (call_b);
  g_assert_true (g_bytes_equal (json_before, json_after));
  g_assert_true (g_bytes_equal (call_before, call_after));

  /* Again: found under the number it was given. */
  g_clear_pointer (&id, g_free);
  g_assert_cmpint (hk_session_bundle_import (store, bundle, NULL, &id, &error), ==,
                   HK_SESSION_BUNDLE_ALREADY_IMPORTED);
  g_assert_cmpstr (id, ==, SESSION_ID "-2");

  /* Only the call differs: still another session. */
  g_clear_pointer (&id, g_free);
  {
    g_autoptr(GBytes) noise = random_bytes (8000, 5);

    write_bytes (call_a, noise);
  }
  g_assert_true (hk_session_bundle_export (session, other_bundle, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (hk_session_bundle_import (store, other_bundle, NULL, &id, &error), ==,
                   HK_SESSION_BUNDLE_IMPORTED);
  g_assert_cmpstr (id, ==, SESSION_ID "-3");
  names = entries (b);
  g_assert_cmpstr (names, ==, SESSION_ID " " SESSION_ID "-2 " SESSION_ID "-3");
  g_assert_nonnull (other);
}

/* Hand-made archives, to damage one thing at a time. */

typedef struct {
  const char *name;
  GBytes     *data;
  char        typeflag;
} TarMember;

static void
put_octal (char   *field,
           gsize   width,
           guint64 value)
{
  g_snprintf (field, width, "%0*" G_GINT64_MODIFIER "o", (int) width - 1, value);
}

static void
append_member (GByteArray      *out,
               const TarMember *m)
{
  guchar h[512] = { 0 };
  gsize size = m->data ? g_bytes_get_size (m->data) : 0;
  guint sum = 0;
  static const guchar zeros[512] = { 0 };

  memcpy (h, m->name, MIN (strlen (m->name), 100));
  put_octal ((char *) h + 100, 8, 0644);
  put_octal ((char *) h + 108, 8, 0);
  put_octal ((char *) h + 116, 8, 0);
  put_octal ((char *) h + 124, 12, size);
  put_octal ((char *) h + 136, 12, 0);
  h[156] = (guchar) m->typeflag;
  if (m->typeflag == '2')
    memcpy (h + 157, "/etc/passwd", 11);
  memcpy (h + 257, "ustar", 6);
  memcpy (h + 263, "00", 2);
  memset (h + 148, ' ', 8);
  for (guint i = 0; i < 512; i++)
    sum += h[i];
  g_snprintf ((char *) h + 148, 8, "%06o", sum);
  h[155] = ' ';

  g_byte_array_append (out, h, 512);
  if (size > 0)
    {
      g_byte_array_append (out, g_bytes_get_data (m->data, NULL), (guint) size);
      g_byte_array_append (out, zeros, (guint) ((512 - size % 512) % 512));
    }
}

static char *
sha256 (GBytes *bytes)
{
  return g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
}

/* A manifest for @session_json and @call (nullable), as Hearken writes one. */
static GBytes *
manifest_for (const char *id,
              const char *call_name,
              GBytes     *session_json,
              GBytes     *call,
              int         format)
{
  g_autofree char *s1 = sha256 (session_json);
  g_autofree char *s2 = call ? sha256 (call) : NULL;
  g_autofree char *call_part = call
    ? g_strdup_printf (", {\"name\": \"%s\", \"size\": %" G_GSIZE_FORMAT ", \"sha256\": \"%s\"}",
                       call_name, g_bytes_get_size (call), s2)
    : g_strdup ("");
  char *text = g_strdup_printf ("{\"format\": %d, \"kind\": \"hearken-session\", \"app-version\": \"0.1.0\", "
                                "\"session\": \"%s\", \"members\": [{\"name\": \"session.json\", "
                                "\"size\": %" G_GSIZE_FORMAT ", \"sha256\": \"%s\"}%s]}\n",
                                format, id, g_bytes_get_size (session_json), s1, call_part);

  return g_bytes_new_take (text, strlen (text));
}

static void
write_tar (const char      *path,
           const TarMember *members,
           guint            n)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();
  static const guchar zeros[1024] = { 0 };

  for (guint i = 0; i < n; i++)
    append_member (out, &members[i]);
  g_byte_array_append (out, zeros, sizeof zeros);
  g_assert_true (g_file_set_contents (path, (const char *) out->data, out->len, NULL));
}

typedef struct {
  const char *name;
  int         code;
  const char *says;
} Refusal;

static void
assert_refused (const char    *bundle,
                const Refusal *expected)
{
  g_autofree char *store_dir = tmp_path ("refused-store");
  g_autoptr(HkSessionStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *names = NULL;
  g_autofree char *evil = tmp_path ("evil");

  g_assert_cmpint (g_mkdir_with_parents (store_dir, 0755), ==, 0);
  store = hk_session_store_new (store_dir);
  g_assert_cmpint (hk_session_bundle_import (store, bundle, NULL, &id, &error), ==,
                   HK_SESSION_BUNDLE_IMPORT_FAILED);
  g_assert_nonnull (error);
  g_test_message ("%s: %s", expected->name, error->message);
  g_assert_null (id);
  g_assert_true (error->domain == HK_SESSION_BUNDLE_ERROR);
  g_assert_cmpint (error->code, ==, expected->code);
  g_assert_nonnull (strstr (error->message, bundle));
  g_assert_nonnull (strstr (error->message, expected->says));

  /* Nothing left, not even a hidden temporary folder, and nothing
   * written outside. */
  names = entries (store_dir);
  g_assert_cmpstr (names, ==, "");
  g_assert_false (g_file_test (evil, G_FILE_TEST_EXISTS));
  g_rmdir (store_dir);
}

static void
test_damaged (void)
{
  g_autofree char *a = tmp_path ("damaged-a");
  g_autofree char *good = tmp_path ("good.hearken");
  g_autofree char *bad = tmp_path ("bad.hearken");
  g_autoptr(HkSession) session = make_session (a, SESSION_ID, NULL, CALL_SIZE, 6);
  g_autofree char *json_path = g_build_filename (a, SESSION_ID, "session.json", NULL);
  g_autofree char *call_path = g_build_filename (a, SESSION_ID, "call.ogg", NULL);
  g_autoptr(GBytes) session_json = read_bytes (json_path);
  g_autoptr(GBytes) call = read_bytes (call_path);
  g_autoptr(GBytes) bundle = NULL;
  g_autoptr(GBytes) manifest = manifest_for (SESSION_ID, "call.ogg", session_json, call, 1);
  g_autoptr(GBytes) evil = g_bytes_new_static ("pwned\n", 6);
  g_autoptr(GError) error = NULL;
  gsize size;
  const guchar *data;

  g_assert_true (hk_session_bundle_export (session, good, NULL, &error));
  g_assert_no_error (error);
  bundle = read_bytes (good);
  data = g_bytes_get_data (bundle, &size);

  /* Not bundles at all. */
  {
    static const Refusal r = { "empty", HK_SESSION_BUNDLE_ERROR_NOT_BUNDLE, "it is empty" };

    g_assert_true (g_file_set_contents (bad, "", 0, NULL));
    assert_refused (bad, &r);
  }
  {
    static const Refusal r = { "short text", HK_SESSION_BUNDLE_ERROR_NOT_BUNDLE, "too short" };

    g_assert_true (g_file_set_contents (bad, "hello", -1, NULL));
    assert_refused (bad, &r);
  }
  {
    static const Refusal r = { "not tar", HK_SESSION_BUNDLE_ERROR_NOT_BUNDLE, "not a tar archive" };
    g_autoptr(GBytes) noise = random_bytes (5000, 7);

    write_bytes (bad, noise);
    assert_refused (bad, &r);
  }
  {
    static const Refusal r = { "other tar", HK_SESSION_BUNDLE_ERROR_NOT_BUNDLE, "begins with “notes.txt”" };
    const TarMember m[] = { { "notes.txt", evil, '0' } };

    write_tar (bad, m, G_N_ELEMENTS (m));
    assert_refused (bad, &r);
  }

  /* Cut short: in the call, and just before the end. */
  {
    static const Refusal r = { "truncated", HK_SESSION_BUNDLE_ERROR_DAMAGED, "ends too early" };

    g_assert_true (g_file_set_contents (bad, (const char *) data, (gssize) (size / 2), NULL));
    assert_refused (bad, &r);
    g_assert_true (g_file_set_contents (bad, (const char *) data, (gssize) (size - 600), NULL));
    assert_refused (bad, &r);
  }

  /* One byte changed. */
  {
    static const Refusal in_call = { "flipped in call", HK_SESSION_BUNDLE_ERROR_DAMAGED,
                                     "call.ogg does not match its checksum" };
    static const Refusal in_json = { "flipped in session.json", HK_SESSION_BUNDLE_ERROR_DAMAGED,
                                     "session.json does not match its checksum" };
    static const Refusal in_header = { "flipped in a header", HK_SESSION_BUNDLE_ERROR_DAMAGED,
                                       "checksum of a member’s header" };
    g_autofree guchar *copy = g_memdup2 (data, size);
    gsize call_at = size - 1024 - ((CALL_SIZE + 511) / 512) * 512;
    gsize json_header_at = 512 + ((g_bytes_get_size (manifest) + 511) / 512) * 512;

    g_assert_cmpmem (copy + call_at, 16, g_bytes_get_data (call, NULL), 16);
    copy[call_at + 1000] ^= 0x40;
    g_assert_true (g_file_set_contents (bad, (const char *) copy, (gssize) size, NULL));
    assert_refused (bad, &in_call);
    copy[call_at + 1000] ^= 0x40;

    g_assert_cmpmem (copy + json_header_at, 12, "session.json", 12);
    copy[json_header_at + 512 + 3] ^= 0x01;
    g_assert_true (g_file_set_contents (bad, (const char *) copy, (gssize) size, NULL));
    assert_refused (bad, &in_json);
    copy[json_header_at + 512 + 3] ^= 0x01;

    copy[json_header_at + 1] = 'E';
    g_assert_true (g_file_set_contents (bad, (const char *) copy, (gssize) size, NULL));
    assert_refused (bad, &in_header);
  }

  /* Names and kinds a bundle never holds. */
  {
    static const Refusal r = { "../evil for call.ogg", HK_SESSION_BUNDLE_ERROR_UNEXPECTED_MEMBER, "“../evil”" };
    g_autoptr(GBytes) m2 = manifest_for (SESSION_ID, "call.ogg", session_json, evil, 1);
    const TarMember m[] = { { "manifest.json", m2, '0' }, { "session.json", session_json, '0' },
                            { "../evil", evil, '0' } };

    write_tar (bad, m, G_N_ELEMENTS (m));
    assert_refused (bad, &r);
  }
  {
    static const Refusal r = { "../evil after", HK_SESSION_BUNDLE_ERROR_UNEXPECTED_MEMBER, "“../evil”" };
    const TarMember m[] = { { "manifest.json", manifest, '0' }, { "session.json", session_json, '0' },
                            { "call.ogg", call, '0' }, { "../evil", evil, '0' } };

    write_tar (bad, m, G_N_ELEMENTS (m));
    assert_refused (bad, &r);
  }
  {
    g_autofree char *absolute = tmp_path ("evil");
    Refusal r = { "absolute path", HK_SESSION_BUNDLE_ERROR_UNEXPECTED_MEMBER, absolute };
    const TarMember m[] = { { "manifest.json", manifest, '0' }, { "session.json", session_json, '0' },
                            { "call.ogg", call, '0' }, { absolute, evil, '0' } };

    write_tar (bad, m, G_N_ELEMENTS (m));
    assert_refused (bad, &r);
  }
  {
    static const Refusal r = { "symlink", HK_SESSION_BUNDLE_ERROR_UNEXPECTED_MEMBER, "not a plain file" };
    g_autoptr(GBytes) m2 = manifest_for (SESSION_ID, "call.ogg", session_json, evil, 1);
    const TarMember m[] = { { "manifest.json", m2, '0' }, { "session.json", session_json, '0' },
                            { "call.ogg", evil, '2' } };

    write_tar (bad, m, G_N_ELEMENTS (m));
    assert_refused (bad, &r);
  }
  {
    static const Refusal r = { "device", HK_SESSION_BUNDLE_ERROR_UNEXPECTED_MEMBER, "not a plain file" };
    g_autoptr(GBytes) m2 = manifest_for (SESSION_ID, "call.ogg", session_json, evil, 1);
    const TarMember m[] = { { "manifest.json", m2, '0' }, { "session.json", session_json, '0' },
                            { "call.ogg", evil, '3' } };

    write_tar (bad, m, G_N_ELEMENTS (m));
    assert_refused (bad, &r);
  }
  {
    static const Refusal r = { "manifest lists ../evil", HK_SESSION_BUNDLE_ERROR_UNEXPECTED_MEMBER, "“../evil”" };
    g_autoptr(GBytes) m2 = manifest_for (SESSION_ID, "../evil", session_json, evil, 1);
    const TarMember m[] = { { "manifest.json", m2, '0' }, { "session.json", session_json, '0' },
                            { "../evil", evil, '0' } };

    write_tar (bad, m, G_N_ELEMENTS (m));
    assert_refused (bad, &r);
  }
  {
    static const Refusal r = { "session named ../x", HK_SESSION_BUNDLE_ERROR_DAMAGED, "folder name" };
    g_autoptr(GBytes) m2 = manifest_for ("../evil", "call.ogg", session_json, call, 1);
    const TarMember m[] = { { "manifest.json", m2, '0' }, { "session.json", session_json, '0' },
                            { "call.ogg", call, '0' } };

    write_tar (bad, m, G_N_ELEMENTS (m));
    assert_refused (bad, &r);
  }

  /* Well-formed, but not what the manifest says, or not a session. */
  {
    static const Refusal r = { "size", HK_SESSION_BUNDLE_ERROR_DAMAGED, "size of call.ogg" };
    g_autoptr(GBytes) shorter = g_bytes_new_from_bytes (call, 0, CALL_SIZE - 1);
    const TarMember m[] = { { "manifest.json", manifest, '0' }, { "session.json", session_json, '0' },
                            { "call.ogg", shorter, '0' } };

    write_tar (bad, m, G_N_ELEMENTS (m));
    /* Padding makes up the byte, so the file is long enough. */
    assert_refused (bad, &r);
  }
  {
    static const Refusal r = { "not a session", HK_SESSION_BUNDLE_ERROR_DAMAGED, "session Hearken cannot read" };
    g_autoptr(GBytes) nonsense = g_bytes_new_static ("{\"format\": 1}", 13);
    g_autoptr(GBytes) m2 = manifest_for (SESSION_ID, "call.ogg", nonsense, call, 1);
    const TarMember m[] = { { "manifest.json", m2, '0' }, { "session.json", nonsense, '0' },
                            { "call.ogg", call, '0' } };

    write_tar (bad, m, G_N_ELEMENTS (m));
    assert_refused (bad, &r);
  }
  {
    static const Refusal r = { "newer", HK_SESSION_BUNDLE_ERROR_NEWER_FORMAT, "newer Hearken" };
    g_autoptr(GBytes) m2 = manifest_for (SESSION_ID, "call.ogg", session_json, call, 2);
    const TarMember m[] = { { "manifest.json", m2, '0' }, { "session.json", session_json, '0' },
                            { "call.ogg", call, '0' } };

    write_tar (bad, m, G_N_ELEMENTS (m));
    assert_refused (bad, &r);
  }

  /* The hand-made writer itself makes importable bundles. */
  {
    g_autofree char *store_dir = tmp_path ("hand-made");
    g_autoptr(HkSessionStore) store = hk_session_store_new (store_dir);
    g_autofree char *id = NULL;
    const TarMember m[] = { { "manifest.json", manifest, '0' }, { "session.json", session_json, '0' },
                            { "call.ogg", call, '0' } };

    write_tar (bad, m, G_N_ELEMENTS (m));
    g_assert_cmpint (hk_session_bundle_import (store, bad, NULL, &id, &error), ==, HK_SESSION_BUNDLE_IMPORTED);
    g_assert_no_error (error);
    g_assert_cmpstr (id, ==, SESSION_ID);
  }
}

static void
test_no_audio (void)
{
  g_autofree char *a = tmp_path ("silent-a");
  g_autofree char *b = tmp_path ("silent-b");
  g_autofree char *bundle = tmp_path ("silent.hearken");
  g_autoptr(HkSession) session = make_session (a, SESSION_ID, NULL, 0, 0);
  g_autoptr(HkSessionStore) store = hk_session_store_new (b);
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *listing = NULL;
  g_autofree char *names = NULL;
  g_autofree char *folder = g_build_filename (b, SESSION_ID, NULL);

  g_assert_true (hk_session_bundle_export (session, bundle, NULL, &error));
  g_assert_no_error (error);
  listing = run_tar ("tf", bundle);
  if (listing != NULL)
    g_assert_cmpstr (listing, ==, "manifest.json\nsession.json\n");

  g_assert_cmpint (hk_session_bundle_import (store, bundle, NULL, &id, &error), ==, HK_SESSION_BUNDLE_IMPORTED);
  g_assert_no_error (error);
  names = entries (folder);
  g_assert_cmpstr (names, ==, "session.json");
}

/* session.json travels without this machine's paths. */
static void
test_local_paths (void)
{
  g_autofree char *a = tmp_path ("paths-a");
  g_autofree char *b = tmp_path ("paths-b");
  g_autofree char *bundle = tmp_path ("paths.hearken");
  g_autoptr(HkSession) session = make_session (a, SESSION_ID, NULL, 2000, 8);
  g_autoptr(HkSessionStore) origin = hk_session_store_new (a);
  g_autoptr(HkSessionStore) store = hk_session_store_new (b);
  g_autoptr(GError) error = NULL;
  g_autofree char *call = hk_session_get_call_path (session);
  g_autofree char *problem = g_strdup_printf ("The recording could not be started in “%s”; see %s/notes.txt",
                                              call, g_get_home_dir ());
  g_autofree char *id = NULL;
  g_autofree char *text = NULL;
  g_autofree char *json_b = g_build_filename (b, SESSION_ID, "session.json", NULL);
  g_autofree char *folder_b = g_build_filename (b, SESSION_ID, NULL);
  g_autoptr(HkSession) back = NULL;

  hk_session_set_problem (session, problem);
  g_assert_true (hk_session_save (session, NULL));

  g_assert_true (hk_session_bundle_export (session, bundle, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (hk_session_bundle_import (store, bundle, NULL, &id, &error), ==, HK_SESSION_BUNDLE_IMPORTED);
  g_assert_no_error (error);

  g_assert_true (g_file_get_contents (json_b, &text, NULL, NULL));
  g_assert_null (strstr (text, a));
  g_assert_null (strstr (text, g_get_home_dir ()));
  back = hk_session_load (folder_b, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (hk_session_get_problem (back), ==,
                   "The recording could not be started in “call.ogg”; see ~/notes.txt");
  g_assert_cmpstr (hk_session_get_trainee (back), ==, hk_session_get_trainee (session));

  /* The session it came from counts as the same session. */
  g_clear_pointer (&id, g_free);
  g_assert_cmpint (hk_session_bundle_import (origin, bundle, NULL, &id, &error), ==,
                   HK_SESSION_BUNDLE_ALREADY_IMPORTED);
  g_assert_cmpstr (id, ==, SESSION_ID);
}

/* A failed export leaves the file it would have replaced as it was, and
 * no temporary file beside it. */
static void
test_export_fails (void)
{
  g_autofree char *a = tmp_path ("fail-a");
  g_autofree char *out_dir = tmp_path ("fail-out");
  g_autofree char *target = g_build_filename (out_dir, "kept.hearken", NULL);
  g_autoptr(HkSession) session = make_session (a, SESSION_ID, NULL, 2000, 9);
  g_autofree char *call = hk_session_get_call_path (session);
  g_autofree char *json = g_build_filename (hk_session_get_folder (session), "session.json", NULL);
  g_autofree char *text = NULL;
  g_autofree char *names = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (out_dir, 0755), ==, 0);
  g_assert_true (g_file_set_contents (target, "an older bundle", -1, NULL));

  /* The call cannot be read. */
  g_assert_cmpint (g_unlink (call), ==, 0);
  g_assert_cmpint (g_mkdir (call, 0755), ==, 0);
  g_assert_false (hk_session_bundle_export (session, target, NULL, &error));
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, target));
  g_assert_nonnull (strstr (error->message, call));
  g_clear_error (&error);
  g_assert_true (g_file_get_contents (target, &text, NULL, NULL));
  g_assert_cmpstr (text, ==, "an older bundle");
  names = entries (out_dir);
  g_assert_cmpstr (names, ==, "kept.hearken");
  g_rmdir (call);

  /* session.json is gone. */
  g_assert_cmpint (g_unlink (json), ==, 0);
  g_assert_false (hk_session_bundle_export (session, target, NULL, &error));
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, SESSION_ID));
  g_clear_error (&error);
  g_clear_pointer (&text, g_free);
  g_assert_true (g_file_get_contents (target, &text, NULL, NULL));
  g_assert_cmpstr (text, ==, "an older bundle");
  g_clear_pointer (&names, g_free);
  names = entries (out_dir);
  g_assert_cmpstr (names, ==, "kept.hearken");

  /* Into a folder that does not exist. */
  g_assert_true (hk_session_save (session, NULL));
  {
    g_autofree char *nowhere = g_build_filename (out_dir, "missing", "x.hearken", NULL);

    g_assert_false (hk_session_bundle_export (session, nowhere, NULL, &error));
    g_assert_nonnull (error);
    g_assert_nonnull (strstr (error->message, nowhere));
    g_clear_error (&error);
  }

  /* A call still being recorded. */
  hk_session_set_state (session, HK_SESSION_RECORDING);
  g_assert_false (hk_session_bundle_export (session, target, NULL, &error));
  g_assert_error (error, HK_SESSION_BUNDLE_ERROR, HK_SESSION_BUNDLE_ERROR_NOT_EXPORTABLE);
  g_clear_error (&error);
  {
    g_autoptr(HkSession) damaged = hk_session_new_damaged (hk_session_get_folder (session), "unreadable");

    g_assert_false (hk_session_bundle_export (damaged, target, NULL, &error));
    g_assert_error (error, HK_SESSION_BUNDLE_ERROR, HK_SESSION_BUNDLE_ERROR_NOT_EXPORTABLE);
    g_assert_nonnull (strstr (error->message, "unreadable"));
    g_clear_error (&error);
  }
  g_clear_pointer (&text, g_free);
  g_assert_true (g_file_get_contents (target, &text, NULL, NULL));
  g_assert_cmpstr (text, ==, "an older bundle");
}

static void
test_cancel (void)
{
  g_autofree char *a = tmp_path ("cancel-a");
  g_autofree char *b = tmp_path ("cancel-b");
  g_autofree char *out_dir = tmp_path ("cancel-out");
  g_autofree char *target = g_build_filename (out_dir, "kept.hearken", NULL);
  g_autofree char *bundle = tmp_path ("cancel.hearken");
  g_autoptr(HkSession) session = make_session (a, SESSION_ID, NULL, CALL_SIZE, 10);
  g_autoptr(HkSessionStore) store = hk_session_store_new (b);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *names = NULL;
  g_autofree char *id = NULL;

  g_assert_cmpint (g_mkdir_with_parents (out_dir, 0755), ==, 0);
  g_assert_true (g_file_set_contents (target, "an older bundle", -1, NULL));

  /* Export: cancelled while the call is read. */
  {
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    Seen seen = { 0 };

    seen.cancel_at_second = cancellable;
    g_assert_false (hk_session_bundle_export_full (session, target, progress_cb, &seen, cancellable, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_clear_error (&error);
    g_assert_true (g_file_get_contents (target, &text, NULL, NULL));
    g_assert_cmpstr (text, ==, "an older bundle");
    names = entries (out_dir);
    g_assert_cmpstr (names, ==, "kept.hearken");
  }
  /* Cancelled before it starts. */
  {
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();

    g_cancellable_cancel (cancellable);
    g_assert_false (hk_session_bundle_export (session, bundle, cancellable, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_clear_error (&error);
    g_assert_false (g_file_test (bundle, G_FILE_TEST_EXISTS));
  }

  /* Import: cancelled while the call is extracted. */
  g_assert_true (hk_session_bundle_export (session, bundle, NULL, &error));
  g_assert_no_error (error);
  {
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    Seen seen = { 0 };

    seen.cancel_at_second = cancellable;
    g_assert_cmpint (hk_session_bundle_import_full (store, bundle, progress_cb, &seen, cancellable, &id, &error),
                     ==, HK_SESSION_BUNDLE_IMPORT_FAILED);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_clear_error (&error);
    g_assert_null (id);
    g_clear_pointer (&names, g_free);
    names = entries (b);
    g_assert_cmpstr (names, ==, "");
  }

  /* Not cancelled, it goes through. */
  g_assert_cmpint (hk_session_bundle_import (store, bundle, NULL, &id, &error), ==, HK_SESSION_BUNDLE_IMPORTED);
  g_assert_no_error (error);
}

/* Makes @path, a file or a folder holding a session.json, as if left
 * @age seconds ago by an export or import that was killed. */
static void
leave_behind (const char *path,
              gboolean    folder,
              gint64      age)
{
  g_autofree char *json = g_build_filename (path, "session.json", NULL);
  struct utimbuf times;

  if (folder)
    {
      g_assert_cmpint (g_mkdir_with_parents (path, 0755), ==, 0);
      g_assert_true (g_file_set_contents (json, "{", -1, NULL));
    }
  else
    g_assert_true (g_file_set_contents (path, "half a bundle", -1, NULL));
  times.actime = times.modtime = (time_t) (g_get_real_time () / G_USEC_PER_SEC - age);
  g_assert_cmpint (g_utime (path, &times), ==, 0);
}

static void
test_stale_temporaries (void)
{
  g_autofree char *a = tmp_path ("stale-a");
  g_autofree char *b = tmp_path ("stale-b");
  g_autofree char *bundle = tmp_path ("stale.hearken");
  g_autofree char *old_export = tmp_path (".stale.hearken.Ab3dE9");
  g_autofree char *new_export = tmp_path (".stale.hearken.Zz9yX8");
  g_autofree char *other = tmp_path (".stale.hearken.notmine");
  g_autofree char *old_import = g_build_filename (b, ".import-q1W2e3", NULL);
  g_autofree char *new_import = g_build_filename (b, ".import-r4T5y6", NULL);
  g_autoptr(HkSession) session = make_session (a, SESSION_ID, "Eva", CALL_SIZE, 7);
  g_autoptr(HkSessionStore) store = hk_session_store_new (b);
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  /* Killed two hours ago, and one running now in another window. */
  leave_behind (old_export, FALSE, 7200);
  leave_behind (new_export, FALSE, 60);
  leave_behind (other, FALSE, 7200);
  leave_behind (old_import, TRUE, 7200);
  leave_behind (new_import, TRUE, 60);

  g_assert_true (hk_session_bundle_export (session, bundle, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (old_export, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (new_export, G_FILE_TEST_EXISTS));
  /* Not a name an export makes: not ours to remove. */
  g_assert_true (g_file_test (other, G_FILE_TEST_EXISTS));

  g_assert_cmpint (hk_session_bundle_import (store, bundle, NULL, &id, &error), ==, HK_SESSION_BUNDLE_IMPORTED);
  g_assert_no_error (error);
  g_assert_false (g_file_test (old_import, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (new_import, G_FILE_TEST_EXISTS));
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  tmp_dir = g_dir_make_tmp ("hearken-bundle-XXXXXX", NULL);

  g_test_add_func ("/Bundle/round-trip", test_round_trip);
  g_test_add_func ("/Bundle/import/already-imported", test_already_imported);
  g_test_add_func ("/Bundle/import/name-taken", test_name_taken);
  g_test_add_func ("/Bundle/import/damaged", test_damaged);
  g_test_add_func ("/Bundle/no-audio", test_no_audio);
  g_test_add_func ("/Bundle/export/local-paths", test_local_paths);
  g_test_add_func ("/Bundle/export/fails", test_export_fails);
  g_test_add_func ("/Bundle/cancel", test_cancel);
  g_test_add_func ("/Bundle/stale-temporaries", test_stale_temporaries);

  status = g_test_run ();
  hk_test_remove_tree (tmp_dir);
  g_free (tmp_dir);
  return status;
}
