/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hk-json-locator"

/* json-glib builds a tree without positions, so after it has accepted a
 * document this scanner walks the same text once and remembers where each
 * member and element starts. Problems found in the tree can then point at a
 * line and column, as a compiler would. Paths look like
 * `turns[2].text.en`. The scanner is iterative: a hostile file nested a
 * million levels deep must not exhaust the stack. */

#include "config.h"

#include <string.h>

#include "hk-json-locator.h"

struct _HkJsonLocator
{
  GHashTable *positions;   /* path -> packed (line << 32 | column) */
};

typedef struct {
  gboolean is_array;
  guint    index;
  gsize    path_len;       /* length of the container's own path */
} Frame;

typedef struct {
  const char *p;
  const char *end;
  int         line;
  int         column;
} Cursor;

static void
advance (Cursor *c)
{
  if (*c->p == '\n')
    {
      c->line++;
      c->column = 1;
    }
  else if (((guchar) *c->p & 0xC0) != 0x80)
    {
      /* Count characters, not bytes: continuation bytes do not move. */
      c->column++;
    }
  c->p++;
}

static void
skip_space (Cursor *c)
{
  while (c->p < c->end && (*c->p == ' ' || *c->p == '\t' || *c->p == '\n' || *c->p == '\r'))
    advance (c);
}

/* Reads a string at the cursor (which is on the opening quote) and returns
 * its raw contents; escapes other than \" and \\ are kept as written, which
 * is enough for member names. */
static char *
read_string (Cursor *c)
{
  GString *s = g_string_new (NULL);

  advance (c);
  while (c->p < c->end && *c->p != '"')
    {
      if (*c->p == '\\' && c->p + 1 < c->end)
        {
          advance (c);
          if (*c->p != '"' && *c->p != '\\')
            g_string_append_c (s, '\\');
        }
      g_string_append_c (s, *c->p);
      advance (c);
    }
  if (c->p < c->end)
    advance (c);

  return g_string_free (s, FALSE);
}

static void
record (HkJsonLocator *self,
        GString       *path,
        int            line,
        int            column)
{
  guint64 packed = ((guint64) line << 32) | (guint32) column;

  g_hash_table_insert (self->positions, g_strdup (path->str),
                       g_memdup2 (&packed, sizeof packed));
}

static void
begin_element (HkJsonLocator *self,
               GString       *path,
               Frame         *frame,
               Cursor        *c)
{
  g_string_truncate (path, frame->path_len);
  g_string_append_printf (path, "[%u]", frame->index);
  record (self, path, c->line, c->column);
}

/**
 * hk_json_locator_new:
 * @text: a JSON document that a parser has already accepted
 *
 * Returns: (transfer full): a locator for the members of @text
 */
HkJsonLocator *
hk_json_locator_new (const char *text,
                     gsize       length)
{
  HkJsonLocator *self = g_new0 (HkJsonLocator, 1);
  g_autoptr(GArray) stack = g_array_new (FALSE, FALSE, sizeof (Frame));
  g_autoptr(GString) path = g_string_new (NULL);
  Cursor c = { text, text + length, 1, 1 };
  gboolean expect_key = FALSE;

  self->positions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  record (self, path, 1, 1);

  while (skip_space (&c), c.p < c.end)
    {
      Frame *top = stack->len ? &g_array_index (stack, Frame, stack->len - 1) : NULL;
      char ch = *c.p;

      if (ch == '{' || ch == '[')
        {
          Frame f = { ch == '[', 0, path->len };

          advance (&c);
          g_array_append_val (stack, f);
          top = &g_array_index (stack, Frame, stack->len - 1);
          skip_space (&c);
          if (f.is_array)
            {
              if (c.p < c.end && *c.p != ']')
                begin_element (self, path, top, &c);
            }
          else
            expect_key = TRUE;
        }
      else if (ch == '}' || ch == ']')
        {
          advance (&c);
          expect_key = FALSE;
          if (top)
            {
              g_string_truncate (path, top->path_len);
              g_array_set_size (stack, stack->len - 1);
            }
        }
      else if (ch == ',')
        {
          advance (&c);
          if (top && top->is_array)
            {
              top->index++;
              skip_space (&c);
              begin_element (self, path, top, &c);
            }
          else
            expect_key = TRUE;
        }
      else if (ch == '"' && expect_key && top && !top->is_array)
        {
          int line = c.line, column = c.column;
          g_autofree char *key = read_string (&c);

          g_string_truncate (path, top->path_len);
          if (path->len > 0)
            g_string_append_c (path, '.');
          g_string_append (path, key);
          record (self, path, line, column);
          expect_key = FALSE;
        }
      else if (ch == '"')
        {
          g_free (read_string (&c));
        }
      else
        {
          /* ':' and the characters of numbers and literals */
          advance (&c);
        }
    }

  return self;
}

void
hk_json_locator_free (HkJsonLocator *self)
{
  if (self == NULL)
    return;

  g_hash_table_unref (self->positions);
  g_free (self);
}

/**
 * hk_json_locator_find:
 * @path: a member path such as `turns[2].text.en`
 *
 * Finds where @path starts. A member that is missing is reported at its
 * nearest enclosing member, which is where the user has to add it.
 *
 * Returns: %TRUE when @path itself was found
 */
gboolean
hk_json_locator_find (HkJsonLocator *self,
                      const char    *path,
                      int           *line,
                      int           *column)
{
  g_autofree char *p = g_strdup (path ? path : "");
  gboolean exact = TRUE;

  for (;;)
    {
      guint64 *packed = g_hash_table_lookup (self->positions, p);
      char *cut;

      if (packed != NULL)
        {
          *line = (int) (*packed >> 32);
          *column = (int) (*packed & 0xFFFFFFFFu);
          return exact;
        }

      exact = FALSE;
      cut = strrchr (p, '.');
      if (strrchr (p, '[') != NULL && (cut == NULL || strrchr (p, '[') > cut))
        cut = strrchr (p, '[');
      if (cut == NULL)
        {
          if (*p == '\0')
            break;
          *p = '\0';
        }
      else
        *cut = '\0';
    }

  *line = 1;
  *column = 1;
  return FALSE;
}

/**
 * hk_json_offset_to_position:
 *
 * Converts a byte offset into a 1-based line and character column.
 */
void
hk_json_offset_to_position (const char *text,
                            gsize       offset,
                            int        *line,
                            int        *column)
{
  Cursor c = { text, text + offset, 1, 1 };

  while (c.p < c.end)
    advance (&c);

  *line = c.line;
  *column = c.column;
}
