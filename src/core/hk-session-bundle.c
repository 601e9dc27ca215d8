/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hk-session-bundle"

/* A session as one file, to move it to another machine: a `.hearken`
 * bundle. It is a plain POSIX ustar archive, uncompressed (call.ogg is
 * Opus, already compressed), so `tar tf` lists it, holding in this order:
 *
 *   manifest.json  {"format": 1, "kind": "hearken-session",
 *                   "app-version": "0.1.0", "session": "<folder name>",
 *                   "members": [{"name", "size", "sha256"}, ...]}
 *   session.json   the session as saved
 *   call.ogg       the recording, when the session has one
 *
 * peaks.bin stays behind: it is a cache the review rebuilds. Nothing
 * machine-specific travels: the tar headers carry no owner (uid and gid
 * 0, no user or group name), mode 0644 and the session's start as the
 * time, so one session always makes the same bytes. session.json holds no
 * path of its own; the one text that can is `problem`, written by the
 * program from a GStreamer or GIO error ("could not open
 * /home/eva/.local/share/hearken/sessions/…/call.ogg"). In it the
 * session's folder becomes the member's bare name and the home folder
 * `~`. Device names in it ("the microphone “USB Headset” went away") are
 * kept: they explain what happened to the call and say nothing a trainer
 * should not read. Everything people wrote (notes, comments, the
 * trainee's name) is theirs and travels as written.
 *
 * Export streams the call twice, once to put its checksum in the manifest
 * that comes first and once into the archive, checking that it did not
 * change in between; memory stays at one buffer whatever the length of
 * the call. The archive is written to a hidden temporary file beside the
 * target, synced, and renamed over it only when complete.
 *
 * Import checks everything before anything lands in the sessions folder:
 * the header checksums, only the three flat member names in their order
 * and only plain files (no paths, links or devices), sizes as the manifest
 * says and within limits, SHA-256 as the manifest says, the end of the
 * archive, and that session.json loads as a session. Members are written
 * into a hidden temporary folder inside the sessions folder (which the
 * store skips), then the folder is renamed into place. A folder of the
 * same name is never written over: when it holds this very session the
 * bundle was already imported; otherwise the session gets `<id>-2`, `-3`,
 * …, as two calls in one second do. Any failure removes what was made.
 *
 * Both run in a worker thread if the caller wants: they touch no
 * GObject state besides reading the session's folder and the store's
 * directory, report bytes as GFileProgressCallback does, and stop at the
 * next buffer when the GCancellable is cancelled. */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include <sys/stat.h>

#include "hk-json-writer.h"
#include "hk-session-bundle.h"

#define BLOCK             512
#define CHUNK             (64 * 1024)
#define MAX_MANIFEST_SIZE (64 * 1024)
#define MAX_SESSION_SIZE  (G_GUINT64_CONSTANT (64) << 20)
#define MAX_ID_LENGTH     200
#define BUNDLE_KIND       "hearken-session"
#define MANIFEST_NAME     "manifest.json"
#define SESSION_NAME      "session.json"
#define CALL_NAME         "call.ogg"
/* A temporary file or folder this old is a killed export's or import's. */
#define STALE_SECONDS     3600

/* A ustar header, as POSIX lays it out: all char, so no padding. */
typedef struct {
  char name[100];
  char mode[8];
  char uid[8];
  char gid[8];
  char size[12];
  char mtime[12];
  char chksum[8];
  char typeflag;
  char linkname[100];
  char magic[6];
  char version[2];
  char uname[32];
  char gname[32];
  char devmajor[8];
  char devminor[8];
  char prefix[155];
  char pad[12];
} TarHeader;

G_STATIC_ASSERT (sizeof (TarHeader) == BLOCK);

typedef struct {
  const char *name;        /* SESSION_NAME or CALL_NAME */
  guint64     size;
  char        sha256[65];
} Member;

typedef struct {
  char   *id;
  Member  members[2];
  guint   n_members;
} Manifest;

typedef struct {
  GFileProgressCallback callback;
  gpointer              data;
  goffset               done;
  goffset               total;
} Progress;

G_DEFINE_QUARK (hk-session-bundle-error-quark, hk_session_bundle_error)

static void
progress_add (Progress *p,
              gsize     n)
{
  p->done += n;
  if (p->callback != NULL)
    p->callback (p->done, p->total, p->data);
}

static guint64
padding (guint64 size)
{
  return (BLOCK - size % BLOCK) % BLOCK;
}

static gboolean
is_cancelled (GError *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* A name from an archive, fit for a message: valid UTF-8 without
 * control characters, so a hostile name cannot garble the terminal. */
static char *
printable (const char *name)
{
  char *s = g_utf8_make_valid (name, -1);

  for (char *p = s; *p != '\0'; p++)
    if ((guchar) *p < 0x20 || *p == 0x7f)
      *p = '?';
  return s;
}

static void
clear_manifest (Manifest *m)
{
  g_clear_pointer (&m->id, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Manifest, clear_manifest)

/* Tar headers */

static void
put_octal (char    *field,
           gsize    width,
           guint64  value)
{
  /* width - 1 digits and a NUL, as POSIX writes them. */
  g_snprintf (field, width, "%0*" G_GINT64_MODIFIER "o", (int) width - 1, value);
}

static gboolean
get_octal (const char *field,
           gsize       width,
           guint64    *value)
{
  gboolean digits = FALSE;
  guint64 v = 0;
  gsize i = 0;

  while (i < width && field[i] == ' ')
    i++;
  for (; i < width && field[i] >= '0' && field[i] <= '7'; i++)
    {
      if (v > (G_MAXUINT64 >> 3))
        return FALSE;
      v = (v << 3) | (guint64) (field[i] - '0');
      digits = TRUE;
    }
  for (; i < width; i++)
    if (field[i] != '\0' && field[i] != ' ')
      return FALSE;

  *value = v;
  return digits;
}

/* The checksum counts the checksum field as spaces. Old tars summed
 * signed chars, so both sums are accepted when reading. */
static void
header_sums (const TarHeader *h,
             guint64         *unsigned_sum,
             gint64          *signed_sum)
{
  const guchar *u = (const guchar *) h;
  gsize from = G_STRUCT_OFFSET (TarHeader, chksum);
  gsize to = from + sizeof h->chksum;

  *unsigned_sum = 0;
  *signed_sum = 0;
  for (gsize i = 0; i < BLOCK; i++)
    {
      guchar c = i >= from && i < to ? ' ' : u[i];

      *unsigned_sum += c;
      *signed_sum += (signed char) c;
    }
}

static void
make_header (TarHeader  *h,
             const char *name,
             guint64     size,
             gint64      mtime)
{
  guint64 sum;
  gint64 signed_sum;

  memset (h, 0, sizeof *h);
  memcpy (h->name, name, strlen (name));
  put_octal (h->mode, sizeof h->mode, 0644);
  put_octal (h->uid, sizeof h->uid, 0);
  put_octal (h->gid, sizeof h->gid, 0);
  put_octal (h->size, sizeof h->size, size);
  put_octal (h->mtime, sizeof h->mtime, (guint64) CLAMP (mtime, 0, G_GINT64_CONSTANT (077777777777)));
  h->typeflag = '0';
  memcpy (h->magic, "ustar", 6);
  memcpy (h->version, "00", 2);

  header_sums (h, &sum, &signed_sum);
  g_snprintf (h->chksum, sizeof h->chksum, "%06" G_GINT64_MODIFIER "o", sum);
  h->chksum[7] = ' ';
}

static gboolean
is_zero_block (const void *block)
{
  const guchar *b = block;

  for (gsize i = 0; i < BLOCK; i++)
    if (b[i] != 0)
      return FALSE;
  return TRUE;
}

/* Checks a header and gives the member's full name and size. @first
 * tells a file that is no tar at all from a damaged archive. */
static gboolean
parse_header (const TarHeader  *h,
              const char       *path,
              gboolean          first,
              char            **out_name,
              guint64          *out_size,
              GError          **error)
{
  gboolean posix = memcmp (h->magic, "ustar", 6) == 0 && memcmp (h->version, "00", 2) == 0;
  gboolean gnu = memcmp (h->magic, "ustar ", 6) == 0 && memcmp (h->version, " ", 2) == 0;
  g_autofree char *name = NULL;
  g_autofree char *shown = NULL;
  guint64 stored, sum;
  gint64 signed_sum;

  if (!posix && !gnu)
    {
      if (first)
        g_set_error (error, HK_SESSION_BUNDLE_ERROR, HK_SESSION_BUNDLE_ERROR_NOT_BUNDLE,
                     _("“%s” is not a Hearken session bundle: it is not a tar archive"), path);
      else
        g_set_error (error, HK_SESSION_BUNDLE_ERROR, HK_SESSION_BUNDLE_ERROR_DAMAGED,
                     _("“%s” is damaged: a member’s header is not a tar header"), path);
      return FALSE;
    }

  header_sums (h, &sum, &signed_sum);
  if (!get_octal (h->chksum, sizeof h->chksum, &stored) ||
      (stored != sum && (gint64) stored != signed_sum))
    {
      g_set_error (error, HK_SESSION_BUNDLE_ERROR, HK_SESSION_BUNDLE_ERROR_DAMAGED,
                   _("“%s” is damaged: the checksum of a member’s header does not match"), path);
      return FALSE;
    }

  /* GNU archives use the prefix field for other things. */
  name = g_strndup (h->name, sizeof h->name);
  if (posix && h->prefix[0] != '\0')
    {
      g_autofree char *prefix = g_strndup (h->prefix, sizeof h->prefix);
      char *full = g_strconcat (prefix, "/", name, NULL);

      g_free (name);
      name = full;
    }
  shown = printable (name);

  if (h->typeflag != '0' && h->typeflag != '\0')
    {
      g_set_error (error, HK_SESSION_BUNDLE_ERROR, HK_SESSION_BUNDLE_ERROR_UNEXPECTED_MEMBER,
                   _("“%s” holds “%s”, which is not a plain file (a link, a folder or a "
                     "device); a session bundle holds only files"), path, shown);
      return FALSE;
    }

  if (!get_octal (h->size, sizeof h->size, out_size))
    {
      g_set_error (error, HK_SESSION_BUNDLE_ERROR, HK_SESSION_BUNDLE_ERROR_DAMAGED,
                   _("“%s” is damaged: the size of “%s” is not a number"), path, shown);
      return FALSE;
    }

  *out_name = g_steal_pointer (&name);
  return TRUE;
}

/* session.json without what belongs to this machine */

static char *
strip_paths (const char *text,
             const char *folder)
{
  g_autoptr(GString) s = g_string_new (text);
  g_autofree char *id = g_path_get_basename (folder);
  g_autofree char *inside = g_strconcat (folder, G_DIR_SEPARATOR_S, NULL);
  const char *home = g_get_home_dir ();

  /* …/sessions/<id>/call.ogg → call.ogg; the folder alone → its name. */
  g_string_replace (s, inside, "", 0);
  g_string_replace (s, folder, id, 0);
  if (home != NULL && strlen (home) > 1)
    {
      g_autofree char *home_inside = g_strconcat (home, G_DIR_SEPARATOR_S, NULL);

      g_string_replace (s, home_inside, "~" G_DIR_SEPARATOR_S, 0);
    }
  return g_string_free (g_steal_pointer (&s), FALSE);
}

/* session.json as it travels: the same bytes unless its `problem` names
 * a local path. NULL when it is not a JSON object. */
static GBytes *
sanitize_session_json (const char *folder,
                       const char *text,
                       gsize       length)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *absolute = g_canonicalize_filename (folder, NULL);
  JsonNode *root, *problem;
  JsonObject *o;
  g_autofree char *stripped = NULL;
  char *rewritten;

  if (length > G_MAXSSIZE || !json_parser_load_from_data (parser, text, (gssize) length, NULL))
    return NULL;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;

  o = json_node_get_object (root);
  problem = json_object_get_member (o, "problem");
  if (problem == NULL || !JSON_NODE_HOLDS_VALUE (problem) ||
      json_node_get_value_type (problem) != G_TYPE_STRING)
    return g_bytes_new (text, length);

  stripped = strip_paths (json_node_get_string (problem), absolute);
  if (g_str_equal (stripped, json_node_get_string (problem)))
    return g_bytes_new (text, length);

  /* Written as hk_session_save() writes it; members keep their order. */
  json_object_set_string_member (o, "problem", stripped);
  rewritten = hk_json_write (root, TRUE);
  return g_bytes_new_take (rewritten, strlen (rewritten));
}

static void
sha256_hex (GBytes *bytes,
            char    out[65])
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  gsize size;
  const guchar *data = g_bytes_get_data (bytes, &size);

  g_checksum_update (sum, data, (gssize) size);
  g_strlcpy (out, g_checksum_get_string (sum), 65);
}

/* Reads a whole file through @sum, a buffer at a time. */
static gboolean
hash_file (const char   *path,
           GChecksum    *sum,
           guint64      *out_size,
           Progress     *progress,
           GCancellable *cancellable,
           GError      **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) in = NULL;
  g_autofree guchar *buf = g_malloc (CHUNK);
  g_autoptr(GError) local = NULL;
  guint64 size = 0;
  gssize n;

  in = g_file_read (file, cancellable, &local);
  while (in != NULL && (n = g_input_stream_read (G_INPUT_STREAM (in), buf, CHUNK, cancellable, &local)) > 0)
    {
      g_checksum_update (sum, buf, n);
      size += (guint64) n;
      if (progress != NULL)
        progress_add (progress, (gsize) n);
    }
  if (local != NULL)
    {
      /* GIO names the file it could not open, but not one it could not read. */
      if (is_cancelled (local) || in == NULL)
        g_propagate_error (error, g_steal_pointer (&local));
      else
        g_set_error (error, local->domain, local->code, _("could not read “%s”: %s"), path, local->message);
      return FALSE;
    }

  *out_size = size;
  return TRUE;
}

/* Export */

typedef struct {
  const char *path;          /* the bundle, as the caller named it */
  char       *tmp;           /* the temporary file beside it */
  int         fd;
} Writer;

static gboolean
write_all (int          fd,
           const void  *data,
           gsize        size,
           const char  *path,
           GError     **error)
{
  const char *p = data;

  while (size > 0)
    {
      gssize n = write (fd, p, size);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved = errno;

          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                       _("could not write “%s”: %s"), path, g_strerror (saved));
          return FALSE;
        }
      p += n;
      size -= (gsize) n;
    }
  return TRUE;
}

static gboolean
write_member (Writer      *w,
              const char  *name,
              GBytes      *data,
              gint64       mtime,
              GError     **error)
{
  static const char zeros[BLOCK] = { 0 };
  TarHeader h;
  gsize size;
  const void *bytes = g_bytes_get_data (data, &size);

  make_header (&h, name, size, mtime);
  return write_all (w->fd, &h, sizeof h, w->path, error) &&
         write_all (w->fd, bytes, size, w->path, error) &&
         write_all (w->fd, zeros, padding (size), w->path, error);
}

/* The call into the archive, checked against what was hashed first. */
static gboolean
write_call (Writer       *w,
            const char   *call,
            const Member *m,
            gint64        mtime,
            Progress     *progress,
            GCancellable *cancellable,
            GError      **error)
{
  static const char zeros[BLOCK] = { 0 };
  g_autoptr(GFile) file = g_file_new_for_path (call);
  g_autoptr(GFileInputStream) in = NULL;
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree guchar *buf = g_malloc (CHUNK);
  g_autoptr(GError) local = NULL;
  guint64 left = m->size;
  TarHeader h;
  gsize got = 0;

  make_header (&h, CALL_NAME, m->size, mtime);
  if (!write_all (w->fd, &h, sizeof h, w->path, error))
    return FALSE;

  in = g_file_read (file, cancellable, &local);
  while (in != NULL && left > 0)
    {
      gsize want = (gsize) MIN (left, CHUNK);

      if (!g_input_stream_read_all (G_INPUT_STREAM (in), buf, want, &got, cancellable, &local))
        break;
      if (got < want)
        {
          g_set_error (error, HK_SESSION_BUNDLE_ERROR, HK_SESSION_BUNDLE_ERROR_CHANGED,
                       _("“%s” changed while it was exported; try again"), call);
          return FALSE;
        }
      g_checksum_update (sum, buf, (gssize) got);
      if (!write_all (w->fd, buf, got, w->path, error))
        return FALSE;
      left -= got;
      progress_add (progress, got);
    }
  /* One byte more tells a call that grew since it was hashed. */
  if (local == NULL && in != NULL)
    g_input_stream_read_all (G_INPUT_STREAM (in), buf, 1, &got, cancellable, &local);
  if (local != NULL)
    {
      if (is_cancelled (local) || in == NULL)
        g_propagate_error (error, g_steal_pointer (&local));
      else
        g_set_error (error, local->domain, local->code, _("could not read “%s”: %s"), call, local->message);
      return FALSE;
    }
  if (got > 0 || !g_str_equal (g_checksum_get_string (sum), m->sha256))
    {
      g_set_error (error, HK_SESSION_BUNDLE_ERROR, HK_SESSION_BUNDLE_ERROR_CHANGED,
                   _("“%s” changed while it was exported; try again"), call);
      return FALSE;
    }

  return write_all (w->fd, zeros, padding (m->size), w->path, error);
}

static GBytes *
manifest_json (const char   *id,
               const Member *members,
               guint         n_members)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *json = NULL;
  char *text;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "format");
  json_builder_add_int_value (b, HK_SESSION_BUNDLE_FORMAT);
  json_builder_set_member_name (b, "kind");
  json_builder_add_string_value (b, BUNDLE_KIND);
  json_builder_set_member_name (b, "app-version");
  json_builder_add_string_value (b, PACKAGE_VERSION);
  json_builder_set_member_name (b, "session");
  json_builder_add_string_value (b, id);
  json_builder_set_member_name (b, "members");
  json_builder_begin_array (b);
  for (guint i = 0; i < n_members; i++)
    {
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, members[i].name);
      json_builder_set_member_name (b, "size");
      json_builder_add_int_value (b, (gint64) members[i].size);
      json_builder_set_member_name (b, "sha256");
      json_builder_add_string_value (b, members[i].sha256);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  json = hk_json_write (root, TRUE);
  text = g_strconcat (json, "\n", NULL);
  return g_bytes_new_take (text, strlen (text));
}

static gboolean
write_bundle (Writer        *w,
              HkSession     *session,
              GBytes        *session_json,
              const char    *call,
              const Member  *members,
              guint          n_members,
              Progress      *progress,
              GCancellable  *cancellable,
              GError       **error)
{
  static const char zeros[2 * BLOCK] = { 0 };
  g_autoptr(GBytes) manifest = manifest_json (hk_session_get_id (session), members, n_members);
  GDateTime *created = hk_session_get_created (session);
  gint64 mtime = created ? g_date_time_to_unix (created) : 0;

  if (!write_member (w, MANIFEST_NAME, manifest, mtime, error) ||
      !write_member (w, SESSION_NAME, session_json, mtime, error))
    return FALSE;
  progress_add (progress, g_bytes_get_size (session_json));
  if (n_members > 1 && !write_call (w, call, &members[1], mtime, progress, cancellable, error))
    return FALSE;
  if (!write_all (w->fd, zeros, sizeof zeros, w->path, error))
    return FALSE;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  if (fsync (w->fd) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("could not write “%s”: %s"), w->path, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

/**
 * hk_session_bundle_export:
 * @session: a saved session
 * @path: the bundle to write, replaced only once the new one is complete
 * @cancellable: (nullable): to stop early, leaving nothing behind
 *
 * Writes @session as it is on disk into one `.hearken` file; see
 * hk_session_bundle_export_full().
 *
 * Returns: %TRUE when @path holds the bundle
 */
gboolean
hk_session_bundle_export (HkSession     *session,
                          const char    *path,
                          GCancellable  *cancellable,
                          GError       **error)
{
  return hk_session_bundle_export_full (session, path, NULL, NULL, cancellable, error);
}

static void
remove_temporary (const char *folder)
{
  static const char * const names[] = { SESSION_NAME, CALL_NAME };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *file = g_build_filename (folder, names[i], NULL);

      g_unlink (file);
    }
  g_rmdir (folder);
}

/* Leftovers of an export or import that was killed half-way (a
 * temporary file beside the bundle, a hidden folder among the sessions)
 * are named @prefix and six random characters. Those older than an hour
 * belong to no running export or import and are removed, so a crash
 * costs no disk space for good. */
static void
sweep_stale (const char *dir,
             const char *prefix)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = NULL;
      GStatBuf st;

      if (!g_str_has_prefix (name, prefix) || strlen (name) != strlen (prefix) + 6)
        continue;
      path = g_build_filename (dir, name, NULL);
      if (g_lstat (path, &st) != 0 || now - (gint64) st.st_mtime < STALE_SECONDS)
        continue;
      if (S_ISDIR (st.st_mode))
        remove_temporary (path);
      else if (S_ISREG (st.st_mode))
        g_unlink (path);
    }
}

/**
 * hk_session_bundle_export_full:
 * @session: a saved session, not in state recording nor damaged
 * @path: the bundle to write, replaced only once the new one is complete
 * @progress: (nullable) (scope call): told the bytes read so far and in
 *   all (the call counts twice: hashed, then copied), in the calling thread
 * @progress_data: for @progress
 * @cancellable: (nullable): to stop early, leaving nothing behind
 *
 * Writes @session's session.json (without local paths) and call.ogg, if
 * it has one, with a manifest into one ustar archive. A session without
 * a recording is exported without it. The archive is written beside
 * @path under a hidden name and renamed over @path when complete; on any
 * failure it is removed and @path is left as it was. Safe to run in a
 * worker thread while nothing changes the session.
 *
 * Returns: %TRUE when @path holds the bundle
 */
gboolean
hk_session_bundle_export_full (HkSession              *session,
                               const char             *path,
                               GFileProgressCallback   progress,
                               gpointer                progress_data,
                               GCancellable           *cancellable,
                               GError                **error)
{
  g_autofree char *json_path = NULL;
  g_autofree char *call = NULL;
  g_autofree char *raw = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autoptr(GBytes) session_json = NULL;
  g_autoptr(GError) local = NULL;
  Progress p = { progress, progress_data, 0, 0 };
  Member members[2] = { { SESSION_NAME, 0, "" }, { CALL_NAME, 0, "" } };
  guint n_members = 1;
  Writer w = { path, NULL, -1 };
  const char *id;
  gsize raw_length;
  gboolean ok;

  g_return_val_if_fail (HK_IS_SESSION (session), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  id = hk_session_get_id (session);
  switch (hk_session_get_state (session))
    {
    case HK_SESSION_RECORDING:
      g_set_error (error, HK_SESSION_BUNDLE_ERROR, HK_SESSION_BUNDLE_ERROR_NOT_EXPORTABLE,
                   _("The session “%s” cannot be exported while it is being recorded; if "
                     "Hearken stopped during the call, open Hearken or run “hearken-cli "
                     "sessions” to recover it first"), id);
      return FALSE;
    case HK_SESSION_DAMAGED:
      g_set_error (error, HK_SESSION_BUNDLE_ERROR, HK_SESSION_BUNDLE_ERROR_NOT_EXPORTABLE,
                   _("The session “%s” cannot be exported because it is damaged: %s"), id,
                   hk_session_get_problem (session) ? hk_session_get_problem (session) : "");
      return FALSE;
    case HK_SESSION_COMPLETE:
    case HK_SESSION_RECOVERED:
    default:
      break;
    }

  json_path = g_build_filename (hk_session_get_folder (session), SESSION_NAME, NULL);
  if (!g_file_get_contents (json_path, &raw, &raw_length, &local))
    goto failed;
  session_json = sanitize_session_json (hk_session_get_folder (session), raw, raw_length);
  if (session_json == NULL)
    {
      g_set_error (&local, HK_SESSION_BUNDLE_ERROR, HK_SESSION_BUNDLE_ERROR_NOT_EXPORTABLE,
                   _("“%s” is not a session file Hearken can read"), json_path);
      goto failed;
    }
  members[0].size = g_bytes_get_size (session_json);
  sha256_hex (session_json, members[0].sha256);
  p.total = (goffset) members[0].size;

  /* No recording (it failed to start, or was lost): the rest still
   * travels, as the session says. */
  call = g_build_filename (hk_session_get_folder (session), CALL_NAME, NULL);
  if (g_file_test (call, G_FILE_TEST_EXISTS))
    {
      g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
      GStatBuf st;

      if (g_stat (call, &st) == 0 && st.st_size > 0)
        p.total += 2 * (goffset) st.st_size;
      if (!hash_file (call, sum, &members[1].size, &p, cancellable, &local))
        goto failed;
      if (members[1].size > HK_SESSION_BUNDLE_MAX_CALL_SIZE)
        {
          g_set_error (&local, HK_SESSION_BUNDLE_ERROR, HK_SESSION_BUNDLE_ERROR_TOO_LARGE,
                       _("“%s” is larger than a session bundle may hold"), call);
          goto failed;
        }
      g_strlcpy (members[1].sha256, g_checksum_get_string (sum), sizeof members[1].sha256);
      n_members = 2;
      p.total = (goffset) (members[0].size + 2 * members[1].size);
    }

  dir = g_path_get_dirname (path);
  base = g_path_get_basename (path);
  {
    g_autofree char *prefix = g_strdup_printf (".%s.", base);

    sweep_stale (dir, prefix);
  }
  w.tmp = g_strdup_printf ("%s" G_DIR_SEPARATOR_S ".%s.XXXXXX", dir, base);
  w.fd = g_mkstemp_full (w.tmp, O_WRONLY | O_CLOEXEC, 0644);
  if (w.fd < 0)
    {
      int saved = errno;

      g_set_error (&local, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("could not write “%s”: %s"), path, g_strerror (saved));
      g_clear_pointer (&w.tmp, g_free);
      goto failed;
    }

  ok = write_bundle (&w, session, session_json, call, members, n_members, &p, cancellable, &local);
  if (!g_close (w.fd, ok ? &local : NULL))
    ok = FALSE;
  w.fd = -1;
  if (ok && g_rename (w.tmp, path) != 0)
    {
      int saved = errno;

      g_set_error (&local, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("could not write “%s”: %s"), path, g_strerror (saved));
      ok = FALSE;
    }
  if (!ok)
    {
      g_unlink (w.tmp);
      g_free (w.tmp);
      goto failed;
    }
  g_free (w.tmp);
  return TRUE;

failed:
  if (is_cancelled (local))
    g_propagate_error (error, g_steal_pointer (&local));
  else
    g_set_error (error, local->domain, local->code,
                 _("Could not export the session “%s” to “%s”: %s"), id, path, local->message);
  return FALSE;
}

/* Import */

typedef struct {
  const char   *path;        /* the bundle, as the caller named it */
  GInputStream *in;
  GCancellable *cancellable;
  Progress      progress;
} Reader;

static gboolean
truncated (const char  *path,
           GError     **error)
{
  g_set_error (error, HK_SESSION_BUNDLE_ERROR, HK_SESSION_BUNDLE_ERROR_DAMAGED,
               _("“%s” is damaged: it ends too early, so it may not have been copied whole"), path);
  return FALSE;
}

static gboolean
read_exact (Reader  *r,
            void    *buf,
            gsize    size,
            GError **error)
{
  g_autoptr(GError) local = NULL;
  gsize got = 0;

  if (!g_input_stream_read_all (r->in, buf, size, &got, r->cancellable, &local))
    {
      if (is_cancelled (local))
        g_propagate_error (error, g_steal_pointer (&local));
      else
        g_set_error (error, local->domain, local->code, _("Could not read “%s”: %s"), r->path, local->message);
      return FALSE;
    }
  if (got < size)
    return truncated (r->path, error);
  return TRUE;
}

static gboolean
skip_padding (Reader  *r,
              guint64  size,
              GError **error)
{
  guchar pad[BLOCK];

  return read_exact (r, pad, padding (size), error);
}

static gboolean
id_is_valid (const char *id)
{
  if (id == NULL || *id == '\0' || *id == '.' || strlen (id) > MAX_ID_LENGTH ||
      !g_utf8_validate (id, -1, NULL))
    return FALSE;
  for (const char *p = id; *p != '\0'; p++)
    if (*p == '/' || *p == '\\' || (guchar) *p < 0x20 || *p == 0x7f)
      return FALSE;
  return TRUE;
}

static gboolean
sha256_is_valid (const char *s)
{
  if (s == NULL || strlen (s) != 64)
    return FALSE;
  for (const char *p = s; *p != '\0'; p++)
    if (!g_ascii_isxdigit (*p) || g_ascii_isupper (*p))
      return FALSE;
  return TRUE;
}

/* A string member, or NULL: a hostile manifest has anything anywhere. */
static const char *
string_member (JsonObject *o,
               const char *name)
{
  JsonNode *n = o ? json_object_get_member (o, name) : NULL;

  if (n == NULL || !JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (n);
}

static gboolean
damaged_because (const char  *path,
                  const char  *what,
                  GError     **error)
{
  g_set_error (error, HK_SESSION_BUNDLE_ERROR, HK_SESSION_BUNDLE_ERROR_DAMAGED,
               _("“%s” is damaged: %s"), path, what);
  return FALSE;
}

static gboolean
parse_manifest (const char  *path,
                const char  *text,
                gsize        length,
                Manifest    *m,
                GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *o;
  JsonNode *n;
  JsonArray *members;
  gint64 format;

  if (!json_parser_load_from_data (parser, text, (gssize) length, NULL) ||
      json_parser_get_root (parser) == NULL || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return damaged_because (path, _("its manifest.json is not a JSON object"), error);
  o = json_node_get_object (json_parser_get_root (parser));

  n = json_object_get_member (o, "format");
  if (n == NULL || !JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_INT64)
    return damaged_because (path, _("its manifest.json does not give its format"), error);
  format = json_node_get_int (n);
  if (format > HK_SESSION_BUNDLE_FORMAT)
    {
      g_set_error (error, HK_SESSION_BUNDLE_ERROR, HK_SESSION_BUNDLE_ERROR_NEWER_FORMAT,
                   _("“%s” was made by a newer Hearken (bundle format %d); update Hearken to import it"),
                   path, (int) MIN (format, G_MAXINT));
      return FALSE;
    }
  if (format < 1)
    return damaged_because (path, _("its manifest.json does not give its format"), error);

  if (g_strcmp0 (string_member (o, "kind"), BUNDLE_KIND) != 0)
    {
      g_set_error (error, HK_SESSION_BUNDLE_ERROR, HK_SESSION_BUNDLE_ERROR_NOT_BUNDLE,
                   _("“%s” is not a Hearken session bundle: its manifest.json is not a session’s"), path);
      return FALSE;
    }

  m->id = g_strdup (string_member (o, "session"));
  if (!id_is_valid (m->id))
    return damaged_because (path, _("its manifest.json does not give a session name Hearken can use "
                                     "as a folder name"), error);

  n = json_object_get_member (o, "members");
  if (n == NULL || !JSON_NODE_HOLDS_ARRAY (n))
    return damaged_because (path, _("its manifest.json does not list the members"), error);
  members = json_node_get_array (n);
  if (json_array_get_length (members) < 1 || json_array_get_length (members) > 2)
    return damaged_because (path, _("its manifest.json lists neither session.json alone nor "
                                     "session.json and call.ogg"), error);

  for (guint i = 0; i < json_array_get_length (members); i++)
    {
      static const char * const expected[] = { SESSION_NAME, CALL_NAME };
      static const guint64 limits[] = { MAX_SESSION_SIZE, HK_SESSION_BUNDLE_MAX_CALL_SIZE };
      JsonNode *e = json_array_get_element (members, i);
      JsonObject *mo = JSON_NODE_HOLDS_OBJECT (e) ? json_node_get_object (e) : NULL;
      const char *name = string_member (mo, "name");
      const char *sha = string_member (mo, "sha256");
      JsonNode *size = mo ? json_object_get_member (mo, "size") : NULL;
      gint64 bytes;

      if (name == NULL || !g_str_equal (name, expected[i]))
        {
          g_autofree char *shown = printable (name ? name : "");

          g_set_error (error, HK_SESSION_BUNDLE_ERROR, HK_SESSION_BUNDLE_ERROR_UNEXPECTED_MEMBER,
                       _("The manifest.json of “%s” lists “%s” where a session bundle has %s"), path, shown, expected[i]);
          return FALSE;
        }
      if (size == NULL || !JSON_NODE_HOLDS_VALUE (size) || json_node_get_value_type (size) != G_TYPE_INT64 ||
          (bytes = json_node_get_int (size)) < 0 || !sha256_is_valid (sha))
        {
          g_autofree char *what = g_strdup_printf (_("its manifest.json gives no size or checksum for %s"),
                                                   expected[i]);

          return damaged_because (path, what, error);
        }
      if ((guint64) bytes > limits[i])
        {
          g_autofree char *size_text = g_format_size ((guint64) bytes);

          g_set_error (error, HK_SESSION_BUNDLE_ERROR, HK_SESSION_BUNDLE_ERROR_TOO_LARGE,
                       _("“%s” is too large: its %s would be %s, more than a session bundle may hold"),
                       path, expected[i], size_text);
          return FALSE;
        }
      m->members[i].name = expected[i];
      m->members[i].size = (guint64) bytes;
      g_strlcpy (m->members[i].sha256, sha, sizeof m->members[i].sha256);
      m->n_members = i + 1;
    }

  return TRUE;
}

/* Reads a member's header; its name and kind must be @expected's. */
static gboolean
read_member_header (Reader      *r,
                    const char  *expected,
                    guint64     *size,
                    GError     **error)
{
  TarHeader h;
  g_autofree char *name = NULL;

  if (!read_exact (r, &h, sizeof h, error))
    return FALSE;
  if (is_zero_block (&h))
    {
      g_set_error (error, HK_SESSION_BUNDLE_ERROR, HK_SESSION_BUNDLE_ERROR_DAMAGED,
                   _("“%s” is damaged: %s is missing"), r->path, expected);
      return FALSE;
    }
  if (!parse_header (&h, r->path, FALSE, &name, size, error))
    return FALSE;
  if (!g_str_equal (name, expected))
    {
      g_autofree char *shown = printable (name);

      g_set_error (error, HK_SESSION_BUNDLE_ERROR, HK_SESSION_BUNDLE_ERROR_UNEXPECTED_MEMBER,
                   _("“%s” holds “%s” where a session bundle has %s"),
                   r->path, shown, expected);
      return FALSE;
    }
  return TRUE;
}

/* Two zero blocks end the archive; anything else is a member too many. */
static gboolean
read_end (Reader  *r,
          GError **error)
{
  TarHeader h;
  g_autofree char *name = NULL;
  g_autofree char *shown = NULL;
  guint64 size;

  if (!read_exact (r, &h, sizeof h, error))
    return FALSE;
  if (!is_zero_block (&h))
    {
      if (!parse_header (&h, r->path, FALSE, &name, &size, error))
        return FALSE;
      shown = printable (name);
      g_set_error (error, HK_SESSION_BUNDLE_ERROR, HK_SESSION_BUNDLE_ERROR_UNEXPECTED_MEMBER,
                   _("“%s” holds “%s”, which its manifest.json does not list"),
                   r->path, shown);
      return FALSE;
    }
  if (!read_exact (r, &h, sizeof h, error))
    return FALSE;
  if (!is_zero_block (&h))
    return damaged_because (r->path, _("its end is not a tar archive’s end"), error);
  return TRUE;
}

static gboolean
close_file (int          fd,
            const char  *dest,
            gboolean     ok,
            GError     **error)
{
  int saved = 0;

  if (ok && fsync (fd) != 0)
    saved = errno;
  if (close (fd) != 0 && saved == 0)
    saved = errno;
  if (ok && saved != 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("could not write “%s”: %s"), dest, g_strerror (saved));
      return FALSE;
    }
  return ok;
}

/* Streams a member into @dest, checking its checksum. A failure to
 * write (a full disk) names the bundle as well as the file. */
static gboolean
extract_member (Reader        *r,
                const Member  *m,
                const char    *dest,
                GError       **error)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree guchar *buf = g_malloc (CHUNK);
  g_autoptr(GError) write_error = NULL;
  guint64 left = m->size;
  gboolean ok = TRUE;
  int fd;

  fd = g_open (dest, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not import “%s”: could not write “%s”: %s"), r->path, dest, g_strerror (saved));
      return FALSE;
    }

  while (ok && left > 0)
    {
      gsize want = (gsize) MIN (left, CHUNK);

      ok = read_exact (r, buf, want, error) && write_all (fd, buf, want, dest, &write_error);
      if (ok)
        {
          g_checksum_update (sum, buf, (gssize) want);
          left -= want;
          progress_add (&r->progress, want);
        }
    }
  ok = ok && skip_padding (r, m->size, error);
  if (!close_file (fd, dest, ok, &write_error) || write_error != NULL)
    {
      if (write_error != NULL)
        g_set_error (error, write_error->domain, write_error->code,
                     _("Could not import “%s”: %s"), r->path, write_error->message);
      return FALSE;
    }

  if (!g_str_equal (g_checksum_get_string (sum), m->sha256))
    {
      g_set_error (error, HK_SESSION_BUNDLE_ERROR, HK_SESSION_BUNDLE_ERROR_DAMAGED,
                   _("“%s” is damaged: %s does not match its checksum"), r->path, m->name);
      return FALSE;
    }
  return TRUE;
}

/* Whether @folder holds the session the manifest describes: the same
 * session.json as it would travel from there, and the same call. */
static gboolean
same_session (const char     *folder,
              const Manifest *m,
              GCancellable   *cancellable)
{
  g_autofree char *json_path = g_build_filename (folder, SESSION_NAME, NULL);
  g_autofree char *call = g_build_filename (folder, CALL_NAME, NULL);
  g_autofree char *raw = NULL;
  g_autoptr(GBytes) travels = NULL;
  gsize length;
  char sha[65];

  if (!g_file_get_contents (json_path, &raw, &length, NULL) ||
      (travels = sanitize_session_json (folder, raw, length)) == NULL ||
      g_bytes_get_size (travels) != m->members[0].size)
    return FALSE;
  sha256_hex (travels, sha);
  if (!g_str_equal (sha, m->members[0].sha256))
    return FALSE;

  if (m->n_members < 2)
    return !g_file_test (call, G_FILE_TEST_EXISTS);
  else
    {
      g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
      GStatBuf st;
      guint64 size;

      if (g_stat (call, &st) != 0 || (guint64) st.st_size != m->members[1].size ||
          !hash_file (call, sum, &size, NULL, cancellable, NULL))
        return FALSE;
      return g_str_equal (g_checksum_get_string (sum), m->members[1].sha256);
    }
}

/* Moves the checked session into the store under its own name or the
 * first free numbered one, unless one of those already holds it. */
static HkSessionBundleImport
place (const char      *sessions,
       const char      *tmp,
       const Manifest  *m,
       const char      *path,
       GCancellable    *cancellable,
       char           **out_id,
       GError         **error)
{
  for (guint n = 1; n < 10000; n++)
    {
      g_autofree char *id = n == 1 ? g_strdup (m->id) : g_strdup_printf ("%s-%u", m->id, n);
      g_autofree char *folder = g_build_filename (sessions, id, NULL);
      GStatBuf st;

      if (g_lstat (folder, &st) == 0)
        {
          if (S_ISDIR (st.st_mode) && same_session (folder, m, cancellable))
            {
              remove_temporary (tmp);
              if (out_id != NULL)
                *out_id = g_steal_pointer (&id);
              return HK_SESSION_BUNDLE_ALREADY_IMPORTED;
            }
          continue;
        }

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        break;

      /* rename() never replaces a folder that has anything in it, so a
       * session made meanwhile under this name is safe: try the next. */
      if (g_rename (tmp, folder) == 0)
        {
          if (out_id != NULL)
            *out_id = g_steal_pointer (&id);
          return HK_SESSION_BUNDLE_IMPORTED;
        }
      if (errno == EEXIST || errno == ENOTEMPTY || errno == ENOTDIR)
        continue;

      {
        int saved = errno;

        g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                     _("Could not import “%s” into “%s”: %s"), path, folder, g_strerror (saved));
        break;
      }
    }

  if (error != NULL && *error == NULL)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                 _("Could not import “%s”: too many sessions are named “%s”"), path, m->id);
  remove_temporary (tmp);
  return HK_SESSION_BUNDLE_IMPORT_FAILED;
}

/* Everything after the manifest: the members into @tmp, the end, the
 * session loadable. */
static gboolean
extract (Reader          *r,
         const Manifest  *m,
         const char      *tmp,
         GError         **error)
{
  g_autoptr(HkSession) session = NULL;
  g_autoptr(GError) local = NULL;

  for (guint i = 0; i < m->n_members; i++)
    {
      g_autofree char *dest = g_build_filename (tmp, m->members[i].name, NULL);
      guint64 size;

      if (!read_member_header (r, m->members[i].name, &size, error))
        return FALSE;
      if (size != m->members[i].size)
        {
          g_set_error (error, HK_SESSION_BUNDLE_ERROR, HK_SESSION_BUNDLE_ERROR_DAMAGED,
                       _("“%s” is damaged: the size of %s is not the one its manifest gives"),
                       r->path, m->members[i].name);
          return FALSE;
        }
      if (!extract_member (r, &m->members[i], dest, error))
        return FALSE;
    }
  if (!read_end (r, error))
    return FALSE;

  session = hk_session_load (tmp, &local);
  if (session == NULL)
    {
      g_autoptr(GString) why = g_string_new (local->message);
      g_autofree char *inside = g_strconcat (tmp, G_DIR_SEPARATOR_S, NULL);

      /* The temporary folder means nothing to the reader. */
      g_string_replace (why, inside, "", 0);
      g_set_error (error, HK_SESSION_BUNDLE_ERROR, HK_SESSION_BUNDLE_ERROR_DAMAGED,
                   _("“%s” holds a session Hearken cannot read: %s"), r->path, why->str);
      return FALSE;
    }
  if (hk_session_get_state (session) == HK_SESSION_RECORDING)
    return damaged_because (r->path, _("it holds a call that was still being recorded"), error);

  return !g_cancellable_set_error_if_cancelled (r->cancellable, error);
}

/**
 * hk_session_bundle_import:
 * @store: the sessions to import into
 * @path: a `.hearken` bundle
 * @cancellable: (nullable): to stop early, leaving nothing behind
 * @out_id: (out) (optional) (transfer full): the folder name the session
 *   has in @store, when imported or already there
 *
 * See hk_session_bundle_import_full().
 *
 * Returns: what happened; %HK_SESSION_BUNDLE_IMPORT_FAILED with @error set
 */
HkSessionBundleImport
hk_session_bundle_import (HkSessionStore  *store,
                          const char      *path,
                          GCancellable    *cancellable,
                          char           **out_id,
                          GError         **error)
{
  return hk_session_bundle_import_full (store, path, NULL, NULL, cancellable, out_id, error);
}

/**
 * hk_session_bundle_import_full:
 * @store: the sessions to import into
 * @path: a `.hearken` bundle
 * @progress: (nullable) (scope call): told the bytes of session.json and
 *   call.ogg extracted so far and in all, in the calling thread
 * @progress_data: for @progress
 * @cancellable: (nullable): to stop early, leaving nothing behind
 * @out_id: (out) (optional) (transfer full): the folder name the session
 *   has in @store, when imported or already there
 *
 * Checks the whole bundle, then adds its session to @store's folder: under
 * its own name, or `<name>-2`, `-3`, … when a different session has that
 * name. When @store already holds the same session, nothing is written
 * and %HK_SESSION_BUNDLE_ALREADY_IMPORTED is returned. A damaged or
 * foreign file is refused with an error naming it and saying what is
 * wrong, and nothing is left behind.
 *
 * Only the folder is touched, not @store's list, so that this may run in
 * a worker thread: call hk_session_store_reload() afterwards in the
 * thread that owns @store.
 *
 * Returns: what happened; %HK_SESSION_BUNDLE_IMPORT_FAILED with @error set
 */
HkSessionBundleImport
hk_session_bundle_import_full (HkSessionStore         *store,
                               const char             *path,
                               GFileProgressCallback   progress,
                               gpointer                progress_data,
                               GCancellable           *cancellable,
                               char                  **out_id,
                               GError                **error)
{
  g_auto(Manifest) m = { NULL };
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileInputStream) in = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) local = NULL;
  g_autofree char *manifest = NULL;
  g_autofree char *tmp = NULL;
  const char *sessions;
  Reader r = { path, NULL, cancellable, { progress, progress_data, 0, 0 } };
  TarHeader h;
  guint64 size, need, file_size = 0;
  gsize got = 0;

  g_return_val_if_fail (HK_IS_SESSION_STORE (store), HK_SESSION_BUNDLE_IMPORT_FAILED);
  g_return_val_if_fail (path != NULL, HK_SESSION_BUNDLE_IMPORT_FAILED);
  g_return_val_if_fail (error == NULL || *error == NULL, HK_SESSION_BUNDLE_IMPORT_FAILED);

  sessions = hk_session_store_get_dir (store);
  file = g_file_new_for_path (path);
  in = g_file_read (file, cancellable, &local);
  if (in != NULL)
    info = g_file_input_stream_query_info (in, G_FILE_ATTRIBUTE_STANDARD_SIZE, cancellable, &local);
  if (info == NULL)
    {
      /* GIO's own messages name the file, but not always; these do. */
      if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("“%s” does not exist"), path);
      else if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY))
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY,
                     _("“%s” is a folder, not a .hearken file"), path);
      else if (is_cancelled (local))
        g_propagate_error (error, g_steal_pointer (&local));
      else
        g_set_error (error, local->domain, local->code, _("Could not read “%s”: %s"), path, local->message);
      return HK_SESSION_BUNDLE_IMPORT_FAILED;
    }
  file_size = (guint64) g_file_info_get_size (info);
  r.in = G_INPUT_STREAM (in);

  /* The first block tells a bundle from any other file. */
  if (!g_input_stream_read_all (r.in, &h, sizeof h, &got, cancellable, &local))
    {
      if (is_cancelled (local))
        g_propagate_error (error, g_steal_pointer (&local));
      else
        g_set_error (error, local->domain, local->code, _("Could not read “%s”: %s"), path, local->message);
      return HK_SESSION_BUNDLE_IMPORT_FAILED;
    }
  if (got == 0)
    {
      g_set_error (error, HK_SESSION_BUNDLE_ERROR, HK_SESSION_BUNDLE_ERROR_NOT_BUNDLE,
                   _("“%s” is not a Hearken session bundle: it is empty"), path);
      return HK_SESSION_BUNDLE_IMPORT_FAILED;
    }
  if (got < sizeof h)
    {
      g_set_error (error, HK_SESSION_BUNDLE_ERROR, HK_SESSION_BUNDLE_ERROR_NOT_BUNDLE,
                   _("“%s” is not a Hearken session bundle: it is too short to be one"), path);
      return HK_SESSION_BUNDLE_IMPORT_FAILED;
    }
  {
    g_autofree char *name = NULL;

    if (!parse_header (&h, path, TRUE, &name, &size, error))
      return HK_SESSION_BUNDLE_IMPORT_FAILED;
    if (!g_str_equal (name, MANIFEST_NAME))
      {
        g_autofree char *shown = printable (name);

        g_set_error (error, HK_SESSION_BUNDLE_ERROR, HK_SESSION_BUNDLE_ERROR_NOT_BUNDLE,
                     _("“%s” is not a Hearken session bundle: it begins with “%s”, not manifest.json"),
                     path, shown);
        return HK_SESSION_BUNDLE_IMPORT_FAILED;
      }
  }
  if (size > MAX_MANIFEST_SIZE)
    {
      g_set_error (error, HK_SESSION_BUNDLE_ERROR, HK_SESSION_BUNDLE_ERROR_NOT_BUNDLE,
                   _("“%s” is not a Hearken session bundle: its manifest.json is too large"), path);
      return HK_SESSION_BUNDLE_IMPORT_FAILED;
    }
  manifest = g_malloc (size + 1);
  if (!read_exact (&r, manifest, size, error) || !skip_padding (&r, size, error))
    return HK_SESSION_BUNDLE_IMPORT_FAILED;
  manifest[size] = '\0';
  if (!parse_manifest (path, manifest, size, &m, error))
    return HK_SESSION_BUNDLE_IMPORT_FAILED;

  /* A file cut short is told before anything is written. */
  need = BLOCK + size + padding (size) + 2 * BLOCK;
  for (guint i = 0; i < m.n_members; i++)
    {
      need += BLOCK + m.members[i].size + padding (m.members[i].size);
      r.progress.total += (goffset) m.members[i].size;
    }
  if (file_size < need)
    {
      truncated (path, error);
      return HK_SESSION_BUNDLE_IMPORT_FAILED;
    }

  if (g_mkdir_with_parents (sessions, 0755) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not create the sessions folder “%s”: %s"), sessions, g_strerror (saved));
      return HK_SESSION_BUNDLE_IMPORT_FAILED;
    }
  /* Hidden, so the store never lists a half-made session. */
  sweep_stale (sessions, ".import-");
  tmp = g_build_filename (sessions, ".import-XXXXXX", NULL);
  if (g_mkdtemp_full (tmp, 0755) == NULL)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not import “%s” into “%s”: %s"), path, sessions, g_strerror (saved));
      return HK_SESSION_BUNDLE_IMPORT_FAILED;
    }

  if (!extract (&r, &m, tmp, error))
    {
      remove_temporary (tmp);
      return HK_SESSION_BUNDLE_IMPORT_FAILED;
    }
  g_clear_object (&in);

  return place (sessions, tmp, &m, path, cancellable, out_id, error);
}
