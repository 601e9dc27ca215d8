/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hk-session-store"

/* The sessions folder as a list, newest first. Every folder in it is a
 * session; one whose session.json cannot be read is listed as damaged,
 * with what is wrong, and never deleted or written over: the recording
 * in it may be all that is left of a call. */

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>

#include "hk-i18n.h"
#include "hk-session-store.h"

struct _HkSessionStore
{
  GObject    parent_instance;

  char      *dir;
  GPtrArray *sessions;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (HkSessionStore, hk_session_store, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GType
get_item_type (GListModel *model)
{
  return HK_TYPE_SESSION;
}

static guint
get_n_items (GListModel *model)
{
  return HK_SESSION_STORE (model)->sessions->len;
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  HkSessionStore *self = HK_SESSION_STORE (model);

  if (position >= self->sessions->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->sessions, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

static void
hk_session_store_finalize (GObject *object)
{
  HkSessionStore *self = HK_SESSION_STORE (object);

  g_free (self->dir);
  g_clear_pointer (&self->sessions, g_ptr_array_unref);

  G_OBJECT_CLASS (hk_session_store_parent_class)->finalize (object);
}

static void
hk_session_store_class_init (HkSessionStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = hk_session_store_finalize;
}

static void
hk_session_store_init (HkSessionStore *self)
{
  self->sessions = g_ptr_array_new_with_free_func (g_object_unref);
}

/**
 * hk_session_store_default_dir:
 *
 * Returns: (transfer full): `$XDG_DATA_HOME/hearken/sessions`
 */
char *
hk_session_store_default_dir (void)
{
  return g_build_filename (g_get_user_data_dir (), "hearken", "sessions", NULL);
}

/**
 * hk_session_store_new:
 * @dir: (nullable): the sessions folder; %NULL for the default
 *
 * Returns: (transfer full): the store, with the sessions on disk loaded
 */
HkSessionStore *
hk_session_store_new (const char *dir)
{
  HkSessionStore *self = g_object_new (HK_TYPE_SESSION_STORE, NULL);

  self->dir = dir ? g_strdup (dir) : hk_session_store_default_dir ();
  hk_session_store_reload (self);
  return self;
}

const char *
hk_session_store_get_dir (HkSessionStore *self)
{
  g_return_val_if_fail (HK_IS_SESSION_STORE (self), NULL);
  return self->dir;
}

static int
newest_first (gconstpointer a,
              gconstpointer b)
{
  HkSession *sa = *(HkSession **) a;
  HkSession *sb = *(HkSession **) b;

  /* Folder names start with the time, so they sort as the calls did. */
  return -g_strcmp0 (hk_session_get_id (sa), hk_session_get_id (sb));
}

/**
 * hk_session_store_reload:
 *
 * Reads the sessions folder again.
 */
void
hk_session_store_reload (HkSessionStore *self)
{
  g_autoptr(GDir) dir = NULL;
  guint removed;
  const char *name;

  g_return_if_fail (HK_IS_SESSION_STORE (self));

  removed = self->sessions->len;
  g_ptr_array_set_size (self->sessions, 0);

  dir = g_dir_open (self->dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *folder = g_build_filename (self->dir, name, NULL);
      g_autoptr(GError) error = NULL;
      HkSession *session;

      if (name[0] == '.' || !g_file_test (folder, G_FILE_TEST_IS_DIR))
        continue;

      session = hk_session_load (folder, &error);
      if (session == NULL)
        session = hk_session_new_damaged (folder, error->message);
      g_ptr_array_add (self->sessions, session);
    }
  g_ptr_array_sort (self->sessions, newest_first);

  g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, self->sessions->len);
}

/**
 * hk_session_store_create:
 * @scenario: what is practised
 * @lang: the practice language
 * @mode: `solo` or `pair`
 *
 * Makes the folder and session.json of a new call, in state recording.
 *
 * Returns: (transfer full) (nullable): the session
 */
HkSession *
hk_session_store_create (HkSessionStore *self,
                         HkScenario     *scenario,
                         const char     *lang,
                         const char     *mode,
                         GError        **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *id = NULL;
  g_autofree char *folder = NULL;
  g_autoptr(HkSession) session = NULL;

  g_return_val_if_fail (HK_IS_SESSION_STORE (self), NULL);
  g_return_val_if_fail (HK_IS_SCENARIO (scenario), NULL);

  if (g_mkdir_with_parents (self->dir, 0755) != 0)
    {
      int saved = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   _("Could not create the sessions folder “%s”: %s"), self->dir, g_strerror (saved));
      return NULL;
    }

  /* Two calls in one second get a number. */
  id = hk_session_make_id (now, hk_scenario_get_id (scenario));
  folder = g_build_filename (self->dir, id, NULL);
  for (guint n = 2; g_file_test (folder, G_FILE_TEST_EXISTS); n++)
    {
      g_autofree char *numbered = g_strdup_printf ("%s-%u", id, n);

      g_free (folder);
      folder = g_build_filename (self->dir, numbered, NULL);
    }

  session = hk_session_new (folder, scenario, lang, mode);
  if (!hk_session_save (session, error))
    return NULL;

  g_ptr_array_insert (self->sessions, 0, g_object_ref (session));
  g_ptr_array_sort (self->sessions, newest_first);
  g_list_model_items_changed (G_LIST_MODEL (self), 0, self->sessions->len - 1, self->sessions->len);
  return g_steal_pointer (&session);
}

/**
 * hk_session_store_lookup:
 *
 * Returns: (transfer none) (nullable): the session whose folder is @id
 */
HkSession *
hk_session_store_lookup (HkSessionStore *self,
                         const char     *id)
{
  g_return_val_if_fail (HK_IS_SESSION_STORE (self), NULL);

  for (guint i = 0; i < self->sessions->len; i++)
    if (g_strcmp0 (hk_session_get_id (g_ptr_array_index (self->sessions, i)), id) == 0)
      return g_ptr_array_index (self->sessions, i);
  return NULL;
}

/**
 * hk_session_store_get_unfinished:
 *
 * Returns: (transfer container) (element-type HkSession): the sessions
 *   left in state recording, by a crash or a kill, to be recovered
 */
GPtrArray *
hk_session_store_get_unfinished (HkSessionStore *self)
{
  GPtrArray *out = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_val_if_fail (HK_IS_SESSION_STORE (self), out);

  for (guint i = 0; i < self->sessions->len; i++)
    if (hk_session_get_state (g_ptr_array_index (self->sessions, i)) == HK_SESSION_RECORDING)
      g_ptr_array_add (out, g_object_ref (g_ptr_array_index (self->sessions, i)));
  return out;
}

/**
 * hk_session_store_get_pair_rounds:
 * @pair_id: a pair session's id
 *
 * Returns: (transfer container) (element-type HkSession): the rounds of
 *   the pair session @pair_id, newest first; a round practised again
 *   is there once a take
 */
GPtrArray *
hk_session_store_get_pair_rounds (HkSessionStore *self,
                                  const char     *pair_id)
{
  GPtrArray *out = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_val_if_fail (HK_IS_SESSION_STORE (self), out);

  for (guint i = 0; pair_id != NULL && i < self->sessions->len; i++)
    if (g_strcmp0 (hk_session_get_pair_id (g_ptr_array_index (self->sessions, i)), pair_id) == 0)
      g_ptr_array_add (out, g_object_ref (g_ptr_array_index (self->sessions, i)));
  return out;
}

/**
 * hk_session_store_find_other_round:
 * @session: a round of a pair session
 *
 * Returns: (transfer none) (nullable): the newest take of the pair
 *   session's other round, or %NULL when there is none yet or @session
 *   is a solo call
 */
HkSession *
hk_session_store_find_other_round (HkSessionStore *self,
                                   HkSession      *session)
{
  const char *pair_id;
  guint round;

  g_return_val_if_fail (HK_IS_SESSION_STORE (self), NULL);
  g_return_val_if_fail (HK_IS_SESSION (session), NULL);

  pair_id = hk_session_get_pair_id (session);
  round = hk_session_get_round (session);
  if (pair_id == NULL || round == 0)
    return NULL;

  /* Newest first, so the first found is the latest take. */
  for (guint i = 0; i < self->sessions->len; i++)
    {
      HkSession *s = g_ptr_array_index (self->sessions, i);

      if (s != session && g_strcmp0 (hk_session_get_pair_id (s), pair_id) == 0 &&
          hk_session_get_round (s) == 3 - round)
        return s;
    }
  return NULL;
}

static gboolean
remove_tree (GFile         *file,
             GError       **error)
{
  g_autoptr(GFileEnumerator) children = NULL;

  children = g_file_enumerate_children (file, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                        G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
  if (children != NULL)
    {
      GFileInfo *info;
      GFile *child;

      while (g_file_enumerator_iterate (children, &info, &child, NULL, error) && info != NULL)
        if (!remove_tree (child, error))
          return FALSE;
    }

  return g_file_delete (file, NULL, error);
}

/**
 * hk_session_store_discard:
 * @session: a session of this store
 *
 * Deletes @session's folder and everything in it, for a call the trainee
 * chose to throw away. Callers ask the user first.
 *
 * Returns: %TRUE when the folder is gone
 */
gboolean
hk_session_store_discard (HkSessionStore *self,
                          HkSession      *session,
                          GError        **error)
{
  g_autoptr(GFile) folder = NULL;
  guint pos;

  g_return_val_if_fail (HK_IS_SESSION_STORE (self), FALSE);
  g_return_val_if_fail (HK_IS_SESSION (session), FALSE);

  folder = g_file_new_for_path (hk_session_get_folder (session));
  if (!remove_tree (folder, error))
    return FALSE;

  if (g_ptr_array_find (self->sessions, session, &pos))
    {
      g_ptr_array_remove_index (self->sessions, pos);
      g_list_model_items_changed (G_LIST_MODEL (self), pos, 1, 0);
    }
  return TRUE;
}
