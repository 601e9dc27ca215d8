/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define HK_PEAKS_FILE_VERSION 1
#define HK_PEAKS_N_LEVELS     3

#define HK_PEAKS_ERROR (hk_peaks_error_quark ())

typedef enum {
  HK_PEAKS_ERROR_DAMAGED,
  HK_PEAKS_ERROR_VERSION,
  HK_PEAKS_ERROR_STALE,
} HkPeaksError;

/**
 * HkPeaksStamp:
 * @size: the audio file's size in bytes
 * @mtime: its modification time, microseconds since the epoch
 *
 * What the summary was made from; a summary of another file, or of the
 * same file since changed, is stale.
 */
typedef struct {
  guint64 size;
  gint64  mtime;
} HkPeaksStamp;

typedef struct _HkPeaks HkPeaks;

GQuark    hk_peaks_error_quark     (void);

HkPeaks  *hk_peaks_new             (guint               n_channels);
void      hk_peaks_free            (HkPeaks            *self);
void      hk_peaks_add             (HkPeaks            *self,
                                    guint               channel,
                                    const float        *samples,
                                    gsize               n_samples);
void      hk_peaks_finish          (HkPeaks            *self);

guint     hk_peaks_get_n_channels  (const HkPeaks      *self);
guint64   hk_peaks_get_n_samples   (const HkPeaks      *self,
                                    guint               channel);
double    hk_peaks_get_duration    (const HkPeaks      *self);
guint     hk_peaks_get_bucket_size (guint               level);
gsize     hk_peaks_get_n_buckets   (const HkPeaks      *self,
                                    guint               channel,
                                    guint               level);
void      hk_peaks_read            (const HkPeaks      *self,
                                    guint               channel,
                                    double              start,
                                    double              end,
                                    guint               n_columns,
                                    float              *mins,
                                    float              *maxs);

gboolean  hk_peaks_save            (const HkPeaks      *self,
                                    const char         *path,
                                    const HkPeaksStamp *stamp,
                                    GError            **error);
HkPeaks  *hk_peaks_load            (const char         *path,
                                    const HkPeaksStamp *stamp,
                                    GError            **error);
gboolean  hk_peaks_stamp_for_file  (const char         *path,
                                    HkPeaksStamp       *stamp,
                                    GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HkPeaks, hk_peaks_free)

G_END_DECLS
