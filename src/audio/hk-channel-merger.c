/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hk-channel-merger"

/* Puts the microphones of a pair call side by side on one timeline.
 *
 * Each input arrives on its own streaming thread, in buffers that carry
 * the running time they were captured at. A buffer is placed by that
 * time, never by how much came before it, so a source that starts late,
 * drops buffers or skips ahead leaves silence where it sent nothing and
 * its next sound lands where it belongs: one channel cannot slide against
 * the other. The merged call goes out once every input has been heard up
 * to a point, or, when an input lags (a stalled device, one that never
 * started), once another is @max_wait ahead of it; whatever the laggard
 * sends for a stretch already gone out is dropped and counted. Memory
 * holds at most @max_wait and a buffer of each input.
 *
 * Inputs timestamped on arrival jitter by a few milliseconds from buffer
 * to buffer; within the jitter allowed (hk_channel_merger_set_jitter())
 * a buffer is taken to follow on from the one before, so that the jitter
 * does not punch holes of silence into a voice or cut bits out of it.
 *
 * Not thread-safe: the caller holds a lock around every call. */

#include "config.h"

#include <string.h>

#include "hk-channel-merger.h"

/* The most frames handed out at once, so that a long stretch of silence
 * (a source whose first buffer comes late) does not need one long
 * buffer. */
#define MAX_CHUNK 16384

typedef struct {
  GArray   *pending;   /* float, from the merger's position on */
  gint64    heard;     /* the end of the furthest sample received */
  gint64    filled;    /* frames of silence in its place, in gaps or before it started */
  gint64    late;      /* samples dropped for coming after their time went out */
  gboolean  started;
  gboolean  ended;
} Input;

struct _HkChannelMerger
{
  guint                n_channels;
  gint64               max_wait;
  HkChannelMergerFunc  func;
  gpointer             user_data;
  gint64               position;   /* frames handed out */
  gint64               jitter;
  Input               *inputs;
  float               *frames;
  gsize                frames_len;
};

/**
 * hk_channel_merger_new:
 * @n_channels: how many inputs, each a channel of the result
 * @max_wait: samples by which one input may run ahead of a silent one
 *   before the silent one's stretch is given up as silence
 * @func: receives the merged frames
 *
 * Returns: (transfer full): a merger at position 0
 */
HkChannelMerger *
hk_channel_merger_new (guint               n_channels,
                       gint64              max_wait,
                       HkChannelMergerFunc func,
                       gpointer            user_data)
{
  HkChannelMerger *self;

  g_return_val_if_fail (n_channels > 0, NULL);
  g_return_val_if_fail (func != NULL, NULL);

  self = g_new0 (HkChannelMerger, 1);
  self->n_channels = n_channels;
  self->max_wait = MAX (max_wait, 0);
  self->func = func;
  self->user_data = user_data;
  self->inputs = g_new0 (Input, n_channels);
  for (guint c = 0; c < n_channels; c++)
    self->inputs[c].pending = g_array_new (FALSE, TRUE, sizeof (float));
  return self;
}

void
hk_channel_merger_free (HkChannelMerger *self)
{
  if (self == NULL)
    return;
  for (guint c = 0; c < self->n_channels; c++)
    g_array_unref (self->inputs[c].pending);
  g_free (self->inputs);
  g_free (self->frames);
  g_free (self);
}

/**
 * hk_channel_merger_set_jitter:
 * @samples: how far a buffer may start from where the input's previous
 *   one ended and still be taken to follow on from it; 0 (the default)
 *   places every buffer by its own time
 */
void
hk_channel_merger_set_jitter (HkChannelMerger *self,
                              gint64           samples)
{
  g_return_if_fail (self != NULL);
  self->jitter = MAX (samples, 0);
}

/* Hands out every frame before @until, silence where an input sent
 * nothing. */
static void
emit_until (HkChannelMerger *self,
            gint64           until)
{
  while (self->position < until)
    {
      gsize n = (gsize) MIN (until - self->position, MAX_CHUNK);

      if (self->frames_len < n)
        {
          self->frames = g_renew (float, self->frames, n * self->n_channels);
          self->frames_len = n;
        }
      for (guint c = 0; c < self->n_channels; c++)
        {
          GArray *pending = self->inputs[c].pending;
          gsize have = MIN (n, pending->len);
          const float *from = (const float *) pending->data;

          for (gsize i = 0; i < have; i++)
            self->frames[i * self->n_channels + c] = from[i];
          for (gsize i = have; i < n; i++)
            self->frames[i * self->n_channels + c] = 0.0f;
          self->inputs[c].filled += (gint64) (n - have);
          g_array_remove_range (pending, 0, have);
        }
      self->func (self->frames, n, self->position, self->user_data);
      self->position += (gint64) n;
    }
}

/* Goes as far as every input still open has been heard, or as far as
 * the furthest input less the wait. */
static void
drain (HkChannelMerger *self)
{
  gint64 least = G_MAXINT64;
  gint64 most = self->position;
  gboolean open = FALSE;

  for (guint c = 0; c < self->n_channels; c++)
    {
      most = MAX (most, self->inputs[c].heard);
      if (!self->inputs[c].ended)
        {
          least = MIN (least, self->inputs[c].heard);
          open = TRUE;
        }
    }
  emit_until (self, open ? MIN (most, MAX (least, most - self->max_wait)) : most);
}

/**
 * hk_channel_merger_push:
 * @channel: which input
 * @first: the running time of the first sample, in samples
 * @samples: (array length=n_samples): the input's samples
 *
 * Places samples on the timeline at @first and hands out what is now
 * complete. Samples for a stretch already handed out are dropped; a
 * later buffer at the same place replaces an earlier one.
 */
void
hk_channel_merger_push (HkChannelMerger *self,
                        guint            channel,
                        gint64           first,
                        const float     *samples,
                        gsize            n_samples)
{
  Input *in;
  gint64 end, skip, offset;

  g_return_if_fail (self != NULL);
  g_return_if_fail (channel < self->n_channels);

  in = &self->inputs[channel];
  if (in->ended || n_samples == 0)
    return;
  if (in->started && ABS (first - in->heard) <= self->jitter)
    first = in->heard;
  in->started = TRUE;

  end = first + (gint64) n_samples;
  skip = first < self->position ? MIN (self->position - first, (gint64) n_samples) : 0;
  in->late += skip;
  if (end <= self->position)
    {
      in->heard = MAX (in->heard, end);
      drain (self);
      return;
    }

  offset = first + skip - self->position;
  /* A gap since its last buffer, still ahead: silence, counted now. */
  if (first + skip > MAX (in->heard, self->position))
    in->filled += first + skip - MAX (in->heard, self->position);
  if ((gint64) in->pending->len < offset + ((gint64) n_samples - skip))
    g_array_set_size (in->pending, (guint) (offset + ((gint64) n_samples - skip)));
  memcpy ((float *) in->pending->data + offset, samples + skip, ((gsize) n_samples - (gsize) skip) * sizeof (float));
  in->heard = MAX (in->heard, end);
  drain (self);
}

/**
 * hk_channel_merger_end:
 *
 * @channel's input has ended: it is waited for no more, and the frames
 * the others have are handed out with silence in its place.
 */
void
hk_channel_merger_end (HkChannelMerger *self,
                       guint            channel)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (channel < self->n_channels);

  self->inputs[channel].ended = TRUE;
  drain (self);
}

/**
 * hk_channel_merger_all_ended:
 *
 * Returns: whether every input has ended
 */
gboolean
hk_channel_merger_all_ended (HkChannelMerger *self)
{
  g_return_val_if_fail (self != NULL, TRUE);

  for (guint c = 0; c < self->n_channels; c++)
    if (!self->inputs[c].ended)
      return FALSE;
  return TRUE;
}

/**
 * hk_channel_merger_flush:
 *
 * Hands out everything received, as far as the furthest input, silence
 * where the others sent nothing: the call is over.
 */
void
hk_channel_merger_flush (HkChannelMerger *self)
{
  gint64 most;

  g_return_if_fail (self != NULL);

  most = self->position;
  for (guint c = 0; c < self->n_channels; c++)
    most = MAX (most, self->inputs[c].heard);
  emit_until (self, most);
}

/**
 * hk_channel_merger_get_position:
 *
 * Returns: how many frames have been handed out
 */
gint64
hk_channel_merger_get_position (HkChannelMerger *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->position;
}

/**
 * hk_channel_merger_get_heard:
 *
 * Returns: the end of the furthest sample @channel has sent, in
 *   samples of running time
 */
gint64
hk_channel_merger_get_heard (HkChannelMerger *self,
                             guint            channel)
{
  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (channel < self->n_channels, 0);
  return self->inputs[channel].heard;
}

/**
 * hk_channel_merger_get_filled:
 *
 * Returns: how many frames of silence stand in for @channel's input
 *   where it sent nothing (before it started, in a gap, after it
 *   stalled), those still held included
 */
gint64
hk_channel_merger_get_filled (HkChannelMerger *self,
                              guint            channel)
{
  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (channel < self->n_channels, 0);
  return self->inputs[channel].filled;
}

/**
 * hk_channel_merger_get_late:
 *
 * Returns: how many samples of @channel were dropped because they came
 *   after their stretch had been handed out
 */
gint64
hk_channel_merger_get_late (HkChannelMerger *self,
                            guint            channel)
{
  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (channel < self->n_channels, 0);
  return self->inputs[channel].late;
}
