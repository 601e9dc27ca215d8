/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hk-call-analyzer"

/* The streaming front of the analysis. A decoder feeds it 16 kHz float
 * samples in whatever chunks it has; each channel runs its own voice
 * activity detector, voice meter and waveform summary frame by frame, so
 * an hour of call costs the same memory as a minute, bar the segment
 * lists and the summary. With one channel the recording is the trainee
 * alone; with two, channel 0 is the customer (or partner A) and channel 1
 * the trainee (or partner B). */

#include "config.h"

#include <string.h>

#include "hk-call-analyzer.h"
#include "hk-vad.h"
#include "hk-voice-meter.h"

#define MAX_CHANNELS 2

typedef struct {
  HkVad        *vad;
  HkVoiceMeter *meter;
  float         frame[HK_VAD_FRAME];
  guint         fill;
  guint64       n_samples;
} Channel;

struct _HkCallAnalyzer
{
  guint         n_channels;
  Channel       channels[MAX_CHANNELS];
  HkPeaks      *peaks;
  HkThresholds *thresholds;
  float        *scratch;
  gsize         scratch_len;
};

/**
 * hk_call_analyzer_new:
 * @n_channels: 1 (the trainee alone) or 2 (customer, then trainee)
 * @thresholds: the thresholds to judge markers by
 *
 * Returns: (transfer full): an analyzer waiting for samples
 */
HkCallAnalyzer *
hk_call_analyzer_new (guint               n_channels,
                      const HkThresholds *thresholds)
{
  HkCallAnalyzer *self;

  g_return_val_if_fail (n_channels >= 1 && n_channels <= MAX_CHANNELS, NULL);
  g_return_val_if_fail (thresholds != NULL, NULL);

  self = g_new0 (HkCallAnalyzer, 1);
  self->n_channels = n_channels;
  self->thresholds = hk_thresholds_copy (thresholds);
  self->peaks = hk_peaks_new (n_channels);
  for (guint c = 0; c < n_channels; c++)
    {
      self->channels[c].vad = hk_vad_new ();
      self->channels[c].meter = hk_voice_meter_new ();
    }

  return self;
}

void
hk_call_analyzer_free (HkCallAnalyzer *self)
{
  if (self == NULL)
    return;

  for (guint c = 0; c < self->n_channels; c++)
    {
      g_clear_pointer (&self->channels[c].vad, hk_vad_free);
      g_clear_pointer (&self->channels[c].meter, hk_voice_meter_free);
    }
  g_clear_pointer (&self->peaks, hk_peaks_free);
  g_clear_pointer (&self->thresholds, hk_thresholds_free);
  g_free (self->scratch);
  g_free (self);
}

guint
hk_call_analyzer_get_n_channels (HkCallAnalyzer *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_channels;
}

/**
 * hk_call_analyzer_feed:
 * @channel: which channel @samples belong to
 * @samples: 16 kHz samples, full scale at -1 and 1
 *
 * Feeds one channel; channels may be fed separately, one after the other,
 * as when each party comes from a file of its own.
 */
void
hk_call_analyzer_feed (HkCallAnalyzer *self,
                       guint           channel,
                       const float    *samples,
                       gsize           n_samples)
{
  Channel *ch;

  g_return_if_fail (self != NULL);
  g_return_if_fail (channel < self->n_channels);
  g_return_if_fail (samples != NULL || n_samples == 0);

  ch = &self->channels[channel];
  hk_peaks_add (self->peaks, channel, samples, n_samples);
  ch->n_samples += n_samples;

  for (gsize i = 0; i < n_samples;)
    {
      gsize take = MIN (HK_VAD_FRAME - ch->fill, n_samples - i);

      memcpy (ch->frame + ch->fill, samples + i, take * sizeof (float));
      ch->fill += take;
      i += take;
      if (ch->fill < HK_VAD_FRAME)
        break;

      ch->fill = 0;
      hk_vad_feed (ch->vad, ch->frame, HK_VAD_FRAME);
      hk_voice_meter_frame (ch->meter, ch->frame, hk_vad_is_speaking (ch->vad));
    }
}

/**
 * hk_call_analyzer_feed_interleaved:
 * @samples: @n_frames frames of all channels, interleaved
 *
 * Feeds every channel at once, as a decoder delivers them.
 */
void
hk_call_analyzer_feed_interleaved (HkCallAnalyzer *self,
                                   const float    *samples,
                                   gsize           n_frames)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (samples != NULL || n_frames == 0);

  if (self->n_channels == 1)
    {
      hk_call_analyzer_feed (self, 0, samples, n_frames);
      return;
    }

  if (self->scratch_len < n_frames)
    {
      g_free (self->scratch);
      self->scratch = g_new (float, n_frames);
      self->scratch_len = n_frames;
    }
  for (guint c = 0; c < self->n_channels; c++)
    {
      for (gsize i = 0; i < n_frames; i++)
        self->scratch[i] = samples[i * self->n_channels + c];
      hk_call_analyzer_feed (self, c, self->scratch, n_frames);
    }
}

/**
 * hk_call_analyzer_get_position:
 *
 * Returns: seconds of audio fed so far, on the longest channel
 */
double
hk_call_analyzer_get_position (HkCallAnalyzer *self)
{
  guint64 n = 0;

  g_return_val_if_fail (self != NULL, 0.0);

  for (guint c = 0; c < self->n_channels; c++)
    n = MAX (n, self->channels[c].n_samples);
  return (double) n / HK_VAD_RATE;
}

/**
 * hk_call_analyzer_finish:
 * @peaks: (out) (optional) (transfer full): the waveform summary
 *
 * Ends the analysis once all audio is in. The analyzer is spent after.
 *
 * Returns: (transfer full): what was found
 */
HkCallAnalysis *
hk_call_analyzer_finish (HkCallAnalyzer  *self,
                         HkPeaks        **peaks)
{
  HkSegments *segments[MAX_CHANNELS] = { NULL };
  HkVoiceMetrics voice[MAX_CHANNELS] = { { 0 } };

  g_return_val_if_fail (self != NULL, NULL);

  for (guint c = 0; c < self->n_channels; c++)
    {
      segments[c] = hk_vad_finish (self->channels[c].vad);
      hk_voice_meter_measure (self->channels[c].meter, &voice[c]);
    }

  hk_peaks_finish (self->peaks);
  if (peaks != NULL)
    *peaks = g_steal_pointer (&self->peaks);

  if (self->n_channels == 1)
    return hk_call_analysis_new (hk_call_analyzer_get_position (self),
                                 NULL, segments[0], NULL, &voice[0], self->thresholds);

  return hk_call_analysis_new (hk_call_analyzer_get_position (self),
                               segments[0], segments[1], &voice[0], &voice[1],
                               self->thresholds);
}
