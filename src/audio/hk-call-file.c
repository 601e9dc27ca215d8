/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hk-call-file"

/* Analysis of calls on disk: the decoder streams a file into the
 * analyzer, chunk by chunk, so nothing holds the whole call. */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "hk-call-analyzer.h"
#include "hk-call-file.h"
#include "hk-decoder.h"

typedef struct {
  const HkThresholds *thresholds;
  HkCallAnalyzer     *analyzer;
  guint               channel;   /* G_MAXUINT: feed all channels as they come */
} Feed;

static void
feed_cb (const float *samples,
         gsize        n_frames,
         guint        n_channels,
         gpointer     user_data)
{
  Feed *feed = user_data;

  if (feed->channel != G_MAXUINT)
    {
      hk_call_analyzer_feed (feed->analyzer, feed->channel, samples, n_frames);
      return;
    }

  if (feed->analyzer == NULL)
    feed->analyzer = hk_call_analyzer_new (n_channels, feed->thresholds);
  hk_call_analyzer_feed_interleaved (feed->analyzer, samples, n_frames);
}

/**
 * hk_call_file_analyze:
 * @path: a recording: stereo with the customer on the left and the trainee
 *   on the right, or mono with the trainee alone
 * @flags: how to take a file cut short
 * @thresholds: the thresholds to judge markers by
 * @peaks: (out) (optional) (transfer full): the waveform summary
 * @cancellable: (nullable): to stop early
 *
 * Returns: (transfer full) (nullable): the analysis, or %NULL with @error
 *   set when the file cannot be read
 */
HkCallAnalysis *
hk_call_file_analyze (const char         *path,
                      HkCallFileFlags     flags,
                      const HkThresholds *thresholds,
                      HkPeaks           **peaks,
                      GCancellable       *cancellable,
                      GError            **error)
{
  g_autoptr(HkDecoder) decoder = NULL;
  g_autoptr(HkCallAnalyzer) analyzer = NULL;
  Feed feed = { thresholds, NULL, G_MAXUINT };
  gboolean ok;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (thresholds != NULL, NULL);

  decoder = hk_decoder_new (path);
  hk_decoder_set_allow_short (decoder, (flags & HK_CALL_FILE_ALLOW_SHORT) != 0);
  ok = hk_decoder_run (decoder, feed_cb, &feed, cancellable, error);
  analyzer = feed.analyzer;
  if (!ok)
    return NULL;

  return hk_call_analyzer_finish (analyzer, peaks);
}

/**
 * hk_call_file_analyze_parties:
 * @customer_path: the customer's (or partner A's) audio
 * @trainee_path: the trainee's (or partner B's), on the same timeline
 * @flags: how to take a file cut short
 * @thresholds: the thresholds to judge markers by
 * @peaks: (out) (optional) (transfer full): the waveform summary
 * @cancellable: (nullable): to stop early
 *
 * Analyses a call kept as one file a party; each is mixed to mono.
 *
 * Returns: (transfer full) (nullable): the analysis
 */
HkCallAnalysis *
hk_call_file_analyze_parties (const char         *customer_path,
                              const char         *trainee_path,
                              HkCallFileFlags     flags,
                              const HkThresholds *thresholds,
                              HkPeaks           **peaks,
                              GCancellable       *cancellable,
                              GError            **error)
{
  g_autoptr(HkCallAnalyzer) analyzer = NULL;
  const char *paths[2] = { customer_path, trainee_path };

  g_return_val_if_fail (customer_path != NULL, NULL);
  g_return_val_if_fail (trainee_path != NULL, NULL);
  g_return_val_if_fail (thresholds != NULL, NULL);

  analyzer = hk_call_analyzer_new (2, thresholds);
  for (guint c = 0; c < 2; c++)
    {
      g_autoptr(HkDecoder) decoder = hk_decoder_new (paths[c]);
      Feed feed = { thresholds, analyzer, c };

      hk_decoder_set_mono (decoder, TRUE);
      hk_decoder_set_allow_short (decoder, (flags & HK_CALL_FILE_ALLOW_SHORT) != 0);
      if (!hk_decoder_run (decoder, feed_cb, &feed, cancellable, error))
        return NULL;
    }

  return hk_call_analyzer_finish (analyzer, peaks);
}

typedef struct {
  HkPeaks *peaks;
} PeaksFeed;

static void
peaks_cb (const float *samples,
          gsize        n_frames,
          guint        n_channels,
          gpointer     user_data)
{
  PeaksFeed *feed = user_data;

  float one[1024];

  if (feed->peaks == NULL)
    feed->peaks = hk_peaks_new (n_channels);
  for (guint c = 0; c < n_channels; c++)
    for (gsize i = 0; i < n_frames; i += G_N_ELEMENTS (one))
      {
        gsize n = MIN (G_N_ELEMENTS (one), n_frames - i);

        for (gsize k = 0; k < n; k++)
          one[k] = samples[(i + k) * n_channels + c];
        hk_peaks_add (feed->peaks, c, one, n);
      }
}

/**
 * hk_call_file_load_peaks:
 * @path: the recording
 * @peaks_path: its waveform cache, such as a session's peaks.bin
 * @rebuilt: (out) (optional): set to whether the cache had to be rebuilt
 * @cancellable: (nullable): to stop early
 *
 * Reads the cached waveform summary of a recording, or, when the cache is
 * missing, from another version, of another recording or damaged, makes
 * it again from the audio and saves it. A cache that cannot be saved is
 * not an error: the summary is still returned.
 *
 * Returns: (transfer full) (nullable): the summary
 */
HkPeaks *
hk_call_file_load_peaks (const char   *path,
                         const char   *peaks_path,
                         gboolean     *rebuilt,
                         GCancellable *cancellable,
                         GError      **error)
{
  g_autoptr(HkDecoder) decoder = NULL;
  g_autoptr(GError) local = NULL;
  HkPeaksStamp stamp;
  HkPeaks *peaks;
  PeaksFeed feed = { NULL };

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (peaks_path != NULL, NULL);

  if (rebuilt != NULL)
    *rebuilt = FALSE;
  if (!hk_peaks_stamp_for_file (path, &stamp, error))
    return NULL;

  peaks = hk_peaks_load (peaks_path, &stamp, &local);
  if (peaks != NULL)
    return peaks;
  if (!g_error_matches (local, G_FILE_ERROR, G_FILE_ERROR_NOENT))
    g_debug ("%s", local->message);
  g_clear_error (&local);

  /* A recording still being written or cut by a crash is drawn as far as
   * it goes. */
  decoder = hk_decoder_new (path);
  hk_decoder_set_allow_short (decoder, TRUE);
  if (!hk_decoder_run (decoder, peaks_cb, &feed, cancellable, error))
    {
      g_clear_pointer (&feed.peaks, hk_peaks_free);
      return NULL;
    }
  hk_peaks_finish (feed.peaks);

  if (!hk_peaks_save (feed.peaks, peaks_path, &stamp, &local))
    g_warning ("Could not save the waveform cache: %s", local->message);
  if (rebuilt != NULL)
    *rebuilt = TRUE;
  return feed.peaks;
}

/**
 * hk_call_file_default_thresholds:
 *
 * Returns: (transfer full): the trainee's thresholds from the settings,
 *   or the defaults where Hearken's settings schema is not installed
 */
HkThresholds *
hk_call_file_default_thresholds (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettings) settings = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  if (schema == NULL || !g_settings_schema_has_key (schema, hk_threshold_key (0)))
    return hk_thresholds_new ();

  settings = g_settings_new_full (schema, NULL, NULL);
  return hk_thresholds_new_from_settings (settings);
}

/**
 * hk_call_file_analyze_session:
 * @session: a session whose call.ogg is written
 * @state: the state to leave it in: complete, or recovered
 * @cancellable: (nullable): to stop early
 *
 * Analyses the session's recording with the thresholds of the scenario
 * as it was, the trainee's settings elsewhere, keeps the result in session.json and saves it. A recording cut
 * short (a crash, a lost device) is analysed as far as it goes; one with
 * no audio at all leaves the session without analysis and says why.
 *
 * Returns: %TRUE when session.json was saved
 */
gboolean
hk_call_file_analyze_session (HkSession      *session,
                              HkSessionState  state,
                              GCancellable   *cancellable,
                              GError        **error)
{
  g_autofree char *call = NULL;
  g_autoptr(HkThresholds) th = hk_call_file_default_thresholds ();
  g_autoptr(HkCallAnalysis) analysis = NULL;
  g_autoptr(HkPeaks) peaks = NULL;
  g_autoptr(GError) local = NULL;

  g_return_val_if_fail (HK_IS_SESSION (session), FALSE);

  hk_thresholds_override (th, hk_session_get_thresholds (session));
  call = hk_session_get_call_path (session);
  analysis = hk_call_file_analyze (call, HK_CALL_FILE_ALLOW_SHORT, th, &peaks, cancellable, &local);
  if (analysis != NULL)
    {
      g_autofree char *peaks_path = hk_session_get_peaks_path (session);
      g_autoptr(GError) cache_error = NULL;
      HkPeaksStamp stamp;

      hk_session_set_analysis (session, hk_call_analysis_to_json (analysis));
      hk_session_set_duration (session, hk_call_analysis_get_duration (analysis));
      /* The waveform came with the analysis: keep it, so the review
       * opens without decoding the call again. */
      if (peaks != NULL &&
          (!hk_peaks_stamp_for_file (call, &stamp, &cache_error) ||
           !hk_peaks_save (peaks, peaks_path, &stamp, &cache_error)))
        g_warning ("Could not save the waveform cache: %s", cache_error->message);
    }
  else if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  else if (hk_session_get_problem (session) == NULL)
    {
      g_autofree char *problem = g_strdup_printf (_("No audio of this call could be read: %s"), local->message);

      hk_session_set_problem (session, problem);
    }

  hk_session_set_state (session, state);
  return hk_session_save (session, error);
}

/**
 * hk_call_file_recover_sessions:
 * @store: the sessions
 *
 * Recovers every session left in state recording when Hearken stopped
 * without closing it: the audio that reached the disk is kept and
 * analysed, and the session marked recovered.
 *
 * Returns: how many sessions were recovered
 */
guint
hk_call_file_recover_sessions (HkSessionStore *store)
{
  g_autoptr(GPtrArray) unfinished = NULL;
  guint n = 0;

  g_return_val_if_fail (HK_IS_SESSION_STORE (store), 0);

  unfinished = hk_session_store_get_unfinished (store);
  for (guint i = 0; i < unfinished->len; i++)
    {
      HkSession *session = g_ptr_array_index (unfinished, i);
      g_autoptr(GError) error = NULL;

      if (hk_session_get_problem (session) == NULL)
        hk_session_set_problem (session, _("Hearken stopped during this call; the recording is kept as far as it got."));
      if (hk_call_file_analyze_session (session, HK_SESSION_RECOVERED, NULL, &error))
        n++;
      else
        g_warning ("Could not recover %s: %s", hk_session_get_id (session), error->message);
    }
  return n;
}
