/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hk-peaks"

/* A waveform summary for drawing: per channel, the lowest and highest
 * sample of each bucket, at three bucket sizes (256, 4096 and 65,536
 * samples of 16 kHz audio: 16 ms, a quarter second and four seconds), so
 * a view of any zoom reads a few thousand values, never the samples. An
 * hour of a two-party call takes under 2 MB.
 *
 * peaks.bin holds the same, little-endian, after a header naming the
 * version and the audio it was made from, and ends with a SHA-256 of all
 * that precedes it, so a torn or damaged cache is noticed and rebuilt. It
 * is a cache: the recording stays the only source of truth. */

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "hk-i18n.h"
#include "hk-peaks.h"
#include "hk-vad.h"

#define MAGIC        "HKPEAKS\n"
#define MAGIC_LEN    8
#define DIGEST_LEN   32
#define MAX_CHANNELS 8

typedef struct {
  gint16 min;
  gint16 max;
} Bucket;

typedef struct {
  GArray  *levels[HK_PEAKS_N_LEVELS];
  Bucket   pending[HK_PEAKS_N_LEVELS];
  guint    pending_n[HK_PEAKS_N_LEVELS];
  guint64  n_samples;
} Channel;

struct _HkPeaks
{
  guint    n_channels;
  Channel *channels;
};

static const guint bucket_sizes[HK_PEAKS_N_LEVELS] = { 256, 4096, 65536 };

G_DEFINE_QUARK (hk-peaks-error-quark, hk_peaks_error)

static HkPeaks *
peaks_alloc (guint n_channels)
{
  HkPeaks *self = g_new0 (HkPeaks, 1);

  self->n_channels = n_channels;
  self->channels = g_new0 (Channel, n_channels);
  for (guint c = 0; c < n_channels; c++)
    for (guint l = 0; l < HK_PEAKS_N_LEVELS; l++)
      self->channels[c].levels[l] = g_array_new (FALSE, FALSE, sizeof (Bucket));

  return self;
}

/**
 * hk_peaks_new:
 * @n_channels: 1 to 8
 *
 * Returns: (transfer full): an empty summary to feed with hk_peaks_add()
 */
HkPeaks *
hk_peaks_new (guint n_channels)
{
  g_return_val_if_fail (n_channels >= 1 && n_channels <= MAX_CHANNELS, NULL);

  return peaks_alloc (n_channels);
}

void
hk_peaks_free (HkPeaks *self)
{
  if (self == NULL)
    return;

  for (guint c = 0; c < self->n_channels; c++)
    for (guint l = 0; l < HK_PEAKS_N_LEVELS; l++)
      g_array_unref (self->channels[c].levels[l]);
  g_free (self->channels);
  g_free (self);
}

static void
merge (Bucket       *into,
       guint        *n,
       const Bucket *b)
{
  if ((*n)++ == 0)
    {
      *into = *b;
      return;
    }
  into->min = MIN (into->min, b->min);
  into->max = MAX (into->max, b->max);
}

/* Closes the pending bucket of @level and carries it up a level. */
static void
push (Channel *ch,
      guint    level)
{
  Bucket b = ch->pending[level];

  g_array_append_val (ch->levels[level], b);
  ch->pending_n[level] = 0;

  if (level + 1 < HK_PEAKS_N_LEVELS)
    {
      merge (&ch->pending[level + 1], &ch->pending_n[level + 1], &b);
      if (ch->pending_n[level + 1] == bucket_sizes[level + 1] / bucket_sizes[level])
        push (ch, level + 1);
    }
}

/**
 * hk_peaks_add:
 * @channel: which channel the samples belong to
 * @samples: 16 kHz samples, full scale at -1 and 1
 *
 * Adds the next samples of one channel, in any chunk size.
 */
void
hk_peaks_add (HkPeaks     *self,
              guint        channel,
              const float *samples,
              gsize        n_samples)
{
  Channel *ch;

  g_return_if_fail (self != NULL);
  g_return_if_fail (channel < self->n_channels);

  ch = &self->channels[channel];

  /* A bucket's extremes are found on the floats, then quantised once. */
  for (gsize i = 0; i < n_samples;)
    {
      gsize take = MIN (bucket_sizes[0] - ch->pending_n[0], n_samples - i);
      float lo = 1.0f, hi = -1.0f;
      Bucket run;

      for (gsize k = i; k < i + take; k++)
        {
          float v = samples[k];

          /* NaN fails both tests and leaves the extremes alone. */
          if (v < lo)
            lo = v;
          if (v > hi)
            hi = v;
        }
      if (lo > hi)
        lo = hi = 0.0f;
      lo = CLAMP (lo, -1.0f, 1.0f);
      hi = CLAMP (hi, -1.0f, 1.0f);
      run.min = (gint16) lrintf (lo * 32767.0f);
      run.max = (gint16) lrintf (hi * 32767.0f);

      /* A whole run counts as one merge, but as all its samples. */
      merge (&ch->pending[0], &ch->pending_n[0], &run);
      ch->pending_n[0] += (guint) take - 1;
      i += take;
      if (ch->pending_n[0] == bucket_sizes[0])
        push (ch, 0);
    }
  ch->n_samples += n_samples;
}

/**
 * hk_peaks_finish:
 *
 * Closes the last, partly filled buckets once all audio is in.
 */
void
hk_peaks_finish (HkPeaks *self)
{
  g_return_if_fail (self != NULL);

  for (guint c = 0; c < self->n_channels; c++)
    {
      Channel *ch = &self->channels[c];

      for (guint l = 0; l < HK_PEAKS_N_LEVELS; l++)
        if (ch->pending_n[l] > 0)
          {
            Bucket b = ch->pending[l];

            g_array_append_val (ch->levels[l], b);
            ch->pending_n[l] = 0;
            if (l + 1 < HK_PEAKS_N_LEVELS)
              merge (&ch->pending[l + 1], &ch->pending_n[l + 1], &b);
          }
    }
}

guint
hk_peaks_get_n_channels (const HkPeaks *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_channels;
}

guint64
hk_peaks_get_n_samples (const HkPeaks *self,
                        guint          channel)
{
  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (channel < self->n_channels, 0);

  return self->channels[channel].n_samples;
}

/**
 * hk_peaks_get_duration:
 *
 * Returns: seconds, of the longest channel
 */
double
hk_peaks_get_duration (const HkPeaks *self)
{
  guint64 n = 0;

  g_return_val_if_fail (self != NULL, 0.0);

  for (guint c = 0; c < self->n_channels; c++)
    n = MAX (n, self->channels[c].n_samples);
  return (double) n / HK_VAD_RATE;
}

guint
hk_peaks_get_bucket_size (guint level)
{
  g_return_val_if_fail (level < HK_PEAKS_N_LEVELS, 0);

  return bucket_sizes[level];
}

gsize
hk_peaks_get_n_buckets (const HkPeaks *self,
                        guint          channel,
                        guint          level)
{
  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (channel < self->n_channels, 0);
  g_return_val_if_fail (level < HK_PEAKS_N_LEVELS, 0);

  return self->channels[channel].levels[level]->len;
}

/**
 * hk_peaks_read:
 * @start: seconds
 * @end: seconds, after @start
 * @n_columns: how many columns the view has
 * @mins: (out caller-allocates) (array length=n_columns): lowest sample
 *   of each column, -1 to 1
 * @maxs: (out caller-allocates) (array length=n_columns): highest sample
 *
 * Summarises a stretch of one channel for a view @n_columns wide, from
 * the coarsest level that still gives each column its own buckets.
 * Columns past the end of the audio read as silence.
 */
void
hk_peaks_read (const HkPeaks *self,
               guint          channel,
               double         start,
               double         end,
               guint          n_columns,
               float         *mins,
               float         *maxs)
{
  const Channel *ch;
  double per_column;
  guint level = 0;
  GArray *buckets;
  guint size;

  g_return_if_fail (self != NULL);
  g_return_if_fail (channel < self->n_channels);
  g_return_if_fail (end > start);
  g_return_if_fail (mins != NULL && maxs != NULL);

  ch = &self->channels[channel];
  per_column = (end - start) * HK_VAD_RATE / MAX (n_columns, 1);
  while (level + 1 < HK_PEAKS_N_LEVELS && bucket_sizes[level + 1] <= per_column)
    level++;
  buckets = ch->levels[level];
  size = bucket_sizes[level];

  for (guint col = 0; col < n_columns; col++)
    {
      double s0 = (start * HK_VAD_RATE) + per_column * col;
      double s1 = s0 + per_column;
      gint64 b0 = (gint64) floor (s0 / size);
      gint64 b1 = (gint64) ceil (s1 / size);
      gint16 lo = G_MAXINT16, hi = G_MININT16;

      b0 = MAX (b0, 0);
      b1 = MIN (MAX (b1, b0 + 1), (gint64) buckets->len);
      for (gint64 b = b0; b < b1; b++)
        {
          const Bucket *bk = &g_array_index (buckets, Bucket, b);

          lo = MIN (lo, bk->min);
          hi = MAX (hi, bk->max);
        }
      if (lo > hi)
        lo = hi = 0;
      mins[col] = lo / 32767.0f;
      maxs[col] = hi / 32767.0f;
    }
}

static void
put_u32 (GByteArray *out,
         guint32     v)
{
  v = GUINT32_TO_LE (v);
  g_byte_array_append (out, (const guint8 *) &v, 4);
}

static void
put_u64 (GByteArray *out,
         guint64     v)
{
  v = GUINT64_TO_LE (v);
  g_byte_array_append (out, (const guint8 *) &v, 8);
}

static void
digest (const guint8 *data,
        gsize         len,
        guint8        out[DIGEST_LEN])
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  gsize out_len = DIGEST_LEN;

  g_checksum_update (sum, data, len);
  g_checksum_get_digest (sum, out, &out_len);
}

/**
 * hk_peaks_save:
 * @path: where to write, replacing what is there atomically
 * @stamp: the audio the summary was made from
 *
 * Returns: %TRUE when written
 */
gboolean
hk_peaks_save (const HkPeaks      *self,
               const char         *path,
               const HkPeaksStamp *stamp,
               GError            **error)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();
  guint8 sum[DIGEST_LEN];

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (stamp != NULL, FALSE);

  g_byte_array_append (out, (const guint8 *) MAGIC, MAGIC_LEN);
  put_u32 (out, HK_PEAKS_FILE_VERSION);
  put_u32 (out, self->n_channels);
  put_u32 (out, HK_VAD_RATE);
  put_u32 (out, HK_PEAKS_N_LEVELS);
  put_u64 (out, stamp->size);
  put_u64 (out, (guint64) stamp->mtime);

  for (guint c = 0; c < self->n_channels; c++)
    {
      const Channel *ch = &self->channels[c];

      put_u64 (out, ch->n_samples);
      for (guint l = 0; l < HK_PEAKS_N_LEVELS; l++)
        {
          put_u32 (out, bucket_sizes[l]);
          put_u64 (out, ch->levels[l]->len);
          for (guint b = 0; b < ch->levels[l]->len; b++)
            {
              const Bucket *bk = &g_array_index (ch->levels[l], Bucket, b);
              guint16 lo = GUINT16_TO_LE ((guint16) bk->min);
              guint16 hi = GUINT16_TO_LE ((guint16) bk->max);

              g_byte_array_append (out, (const guint8 *) &lo, 2);
              g_byte_array_append (out, (const guint8 *) &hi, 2);
            }
        }
    }

  digest (out->data, out->len, sum);
  g_byte_array_append (out, sum, DIGEST_LEN);

  return g_file_set_contents_full (path, (const char *) out->data, out->len,
                                   G_FILE_SET_CONTENTS_CONSISTENT, 0644, error);
}

typedef struct {
  const guint8 *p;
  gsize         left;
} Reader;

static gboolean
get_u32 (Reader  *r,
         guint32 *v)
{
  if (r->left < 4)
    return FALSE;
  memcpy (v, r->p, 4);
  *v = GUINT32_FROM_LE (*v);
  r->p += 4;
  r->left -= 4;
  return TRUE;
}

static gboolean
get_u64 (Reader  *r,
         guint64 *v)
{
  if (r->left < 8)
    return FALSE;
  memcpy (v, r->p, 8);
  *v = GUINT64_FROM_LE (*v);
  r->p += 8;
  r->left -= 8;
  return TRUE;
}

static gboolean
damaged (const char *path,
         GError    **error)
{
  g_set_error (error, HK_PEAKS_ERROR, HK_PEAKS_ERROR_DAMAGED,
               _("The waveform cache “%s” is damaged; it will be rebuilt from the recording"),
               path);
  return FALSE;
}

static gboolean
read_channel (Reader  *r,
              Channel *ch)
{
  if (!get_u64 (r, &ch->n_samples))
    return FALSE;

  for (guint l = 0; l < HK_PEAKS_N_LEVELS; l++)
    {
      guint32 size;
      guint64 n;

      if (!get_u32 (r, &size) || size != bucket_sizes[l] || !get_u64 (r, &n))
        return FALSE;
      /* The count must agree with the samples and fit in what is left. */
      if (n != (ch->n_samples + size - 1) / size || n > r->left / 4)
        return FALSE;

      g_array_set_size (ch->levels[l], n);
      for (guint64 b = 0; b < n; b++)
        {
          Bucket *bk = &g_array_index (ch->levels[l], Bucket, b);
          guint16 lo, hi;

          memcpy (&lo, r->p, 2);
          memcpy (&hi, r->p + 2, 2);
          bk->min = (gint16) GUINT16_FROM_LE (lo);
          bk->max = (gint16) GUINT16_FROM_LE (hi);
          r->p += 4;
          r->left -= 4;
        }
    }
  return TRUE;
}

/**
 * hk_peaks_load:
 * @path: a file written by hk_peaks_save()
 * @stamp: (nullable): the audio the summary must have been made from
 *
 * Reads a cached summary. A file from another version, of other audio, or
 * damaged gives an %HK_PEAKS_ERROR; the caller then rebuilds it.
 *
 * Returns: (transfer full) (nullable): the summary
 */
HkPeaks *
hk_peaks_load (const char         *path,
               const HkPeaksStamp *stamp,
               GError            **error)
{
  g_autofree char *data = NULL;
  g_autoptr(HkPeaks) self = NULL;
  gsize len;
  guint8 sum[DIGEST_LEN];
  guint32 version, n_channels, rate, n_levels;
  guint64 size, mtime;
  Reader r;

  g_return_val_if_fail (path != NULL, NULL);

  if (!g_file_get_contents (path, &data, &len, error))
    return NULL;

  if (len < MAGIC_LEN + DIGEST_LEN || memcmp (data, MAGIC, MAGIC_LEN) != 0)
    return damaged (path, error), NULL;

  r.p = (const guint8 *) data + MAGIC_LEN;
  r.left = len - MAGIC_LEN - DIGEST_LEN;
  if (!get_u32 (&r, &version))
    return damaged (path, error), NULL;
  if (version != HK_PEAKS_FILE_VERSION)
    {
      g_set_error (error, HK_PEAKS_ERROR, HK_PEAKS_ERROR_VERSION,
                   _("The waveform cache “%s” is from another version of Hearken; it will be rebuilt"),
                   path);
      return NULL;
    }

  digest ((const guint8 *) data, len - DIGEST_LEN, sum);
  if (memcmp (sum, data + len - DIGEST_LEN, DIGEST_LEN) != 0)
    return damaged (path, error), NULL;

  if (!get_u32 (&r, &n_channels) || !get_u32 (&r, &rate) || !get_u32 (&r, &n_levels) ||
      !get_u64 (&r, &size) || !get_u64 (&r, &mtime) ||
      n_channels < 1 || n_channels > MAX_CHANNELS || rate != HK_VAD_RATE ||
      n_levels != HK_PEAKS_N_LEVELS)
    return damaged (path, error), NULL;

  if (stamp != NULL && (size != stamp->size || (gint64) mtime != stamp->mtime))
    {
      g_set_error (error, HK_PEAKS_ERROR, HK_PEAKS_ERROR_STALE,
                   _("The waveform cache “%s” was made from an older recording; it will be rebuilt"),
                   path);
      return NULL;
    }

  self = peaks_alloc (n_channels);
  for (guint c = 0; c < n_channels; c++)
    if (!read_channel (&r, &self->channels[c]))
      return damaged (path, error), NULL;
  if (r.left != 0)
    return damaged (path, error), NULL;

  return g_steal_pointer (&self);
}

/**
 * hk_peaks_stamp_for_file:
 * @stamp: (out caller-allocates): the file's size and modification time
 *
 * Returns: %TRUE when the file could be looked at
 */
gboolean
hk_peaks_stamp_for_file (const char   *path,
                         HkPeaksStamp *stamp,
                         GError      **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInfo) info = NULL;

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE ","
                            G_FILE_ATTRIBUTE_TIME_MODIFIED ","
                            G_FILE_ATTRIBUTE_TIME_MODIFIED_USEC,
                            G_FILE_QUERY_INFO_NONE, NULL, error);
  if (info == NULL)
    return FALSE;

  stamp->size = (guint64) g_file_info_get_size (info);
  stamp->mtime = (gint64) g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_TIME_MODIFIED) * G_USEC_PER_SEC
                 + g_file_info_get_attribute_uint32 (info, G_FILE_ATTRIBUTE_TIME_MODIFIED_USEC);
  return TRUE;
}
