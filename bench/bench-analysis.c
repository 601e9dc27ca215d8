/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Prints how fast the analysis runs on a generated one-hour two-party
 * call, and how much memory it takes. Figures only: it never fails on a
 * slow machine.
 *
 *   1. the engine alone (voice activity, leak, voice metrics, peaks,
 *      markers), fed from memory;
 *   2. decoding plus analysis of the same hour as Ogg/Opus, by running
 *      `hearken-cli analyze`, whose CPU time and peak memory are read
 *      from the kernel when it exits.
 *
 * usage: bench-analysis [HEARKEN-CLI [SECONDS]] */
#include "config.h"

#include <espeak-ng/speak_lib.h>
#include <glib/gstdio.h>
#include <gst/app/gstappsrc.h>
#include <gst/gst.h>
#include <math.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <fcntl.h>
#include <unistd.h>

#include "hk-call-analyzer.h"
#include "hk-test-speech.h"
#include "hk-vad.h"

#define BLOCK_SECONDS 60

static double
cpu_seconds (void)
{
  return (double) clock () / CLOCKS_PER_SEC;
}

/* One minute of call, customer left and trainee right: lines spoken by
 * espeak-ng in turn, a backchannel, light noise and a little leak. */
static float *
make_block (void)
{
  static const char *lines[] = {
    "I have been waiting for a refund for three weeks now.",
    "I understand, that is a long wait. Let me find your order.",
    "It was a blue jacket, ordered online on the second of May.",
    "Thank you. I can see it here, the refund was approved yesterday.",
    "So when will the money be back on my card?",
    "Within three working days. I will send you an email to confirm.",
  };
  gsize n = BLOCK_SECONDS * HK_VAD_RATE;
  float *x = g_new0 (float, 2 * n);
  GRand *rand = g_rand_new_with_seed (5);
  double at = 0.5;

  for (guint i = 0; at < BLOCK_SECONDS - 6.0; i++)
    {
      guint party = i % 2;
      gsize len;
      g_autofree float *line = hk_test_speak (party ? "en+f3" : "en", 170, lines[i % G_N_ELEMENTS (lines)], &len);
      gsize first = (gsize) (at * HK_VAD_RATE);

      for (gsize k = 0; k < len && first + k < n; k++)
        x[2 * (first + k) + party] += line[k];
      at += (double) len / HK_VAD_RATE + g_rand_double_range (rand, 0.1, 2.0);
    }

  for (gsize k = 0; k < n; k++)
    {
      x[2 * k] += (float) g_rand_double_range (rand, -0.003, 0.003);
      x[2 * k + 1] += (float) g_rand_double_range (rand, -0.003, 0.003) + 0.05f * x[2 * k];
    }

  g_rand_free (rand);
  return x;
}

static double
bench_engine (const float *block,
              guint        blocks)
{
  g_autoptr(HkThresholds) th = hk_thresholds_new ();
  g_autoptr(HkCallAnalyzer) an = hk_call_analyzer_new (2, th);
  g_autoptr(HkCallAnalysis) a = NULL;
  g_autoptr(HkPeaks) peaks = NULL;
  const gsize chunk = 4096;
  gsize n = BLOCK_SECONDS * HK_VAD_RATE;
  double start = cpu_seconds (), cpu;

  for (guint b = 0; b < blocks; b++)
    for (gsize i = 0; i < n; i += chunk)
      hk_call_analyzer_feed_interleaved (an, block + 2 * i, MIN (chunk, n - i));
  a = hk_call_analyzer_finish (an, &peaks);
  cpu = cpu_seconds () - start;

  g_print ("engine alone: %u s of two-party audio in %.2f s of CPU: %.0fx real time "
           "(%u + %u segments, %u markers)\n",
           blocks * BLOCK_SECONDS, cpu, blocks * BLOCK_SECONDS / MAX (cpu, 1e-9),
           hk_segments_get_n (hk_call_analysis_get_segments (a, HK_PARTY_CUSTOMER)),
           hk_segments_get_n (hk_call_analysis_get_segments (a, HK_PARTY_TRAINEE)),
           hk_call_analysis_get_markers (a)->len);
  return cpu;
}

/* Writes the hour as Ogg/Opus, as the recorder would. */
static void
encode_ogg (const float *block,
            guint        blocks,
            const char  *path)
{
  g_autofree char *desc = g_strdup_printf ("appsrc name=src format=time ! audioconvert ! "
                                           "audioresample ! opusenc bitrate=64000 ! oggmux ! "
                                           "filesink location=\"%s\"", path);
  g_autoptr(GstElement) pipeline = gst_parse_launch (desc, NULL);
  g_autoptr(GstElement) src = gst_bin_get_by_name (GST_BIN (pipeline), "src");
  g_autoptr(GstCaps) caps = gst_caps_new_simple ("audio/x-raw", "format", G_TYPE_STRING, "F32LE",
                                                 "rate", G_TYPE_INT, HK_VAD_RATE,
                                                 "channels", G_TYPE_INT, 2,
                                                 "layout", G_TYPE_STRING, "interleaved", NULL);
  g_autoptr(GstBus) bus = gst_element_get_bus (pipeline);
  g_autoptr(GstMessage) msg = NULL;
  gsize n = BLOCK_SECONDS * HK_VAD_RATE;
  guint64 offset = 0;

  g_object_set (src, "caps", caps, "block", TRUE, "max-bytes", (guint64) 1 << 20, NULL);
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  for (guint b = 0; b < blocks; b++)
    for (gsize i = 0; i < n; i += HK_VAD_RATE)
      {
        gsize frames = MIN ((gsize) HK_VAD_RATE, n - i);
        GstBuffer *buf = gst_buffer_new_memdup (block + 2 * i, frames * 2 * sizeof (float));

        GST_BUFFER_PTS (buf) = gst_util_uint64_scale (offset, GST_SECOND, HK_VAD_RATE);
        GST_BUFFER_DURATION (buf) = gst_util_uint64_scale (frames, GST_SECOND, HK_VAD_RATE);
        offset += frames;
        gst_app_src_push_buffer (GST_APP_SRC (src), buf);
      }
  gst_app_src_end_of_stream (GST_APP_SRC (src));
  msg = gst_bus_timed_pop_filtered (bus, GST_CLOCK_TIME_NONE, GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  gst_element_set_state (pipeline, GST_STATE_NULL);
}

static void
bench_cli (const char *cli,
           const char *ogg,
           guint       seconds)
{
  struct rusage usage;
  int status;
  pid_t pid = fork ();
  double cpu;

  if (pid == 0)
    {
      int null = open ("/dev/null", O_WRONLY);

      dup2 (null, STDOUT_FILENO);
      execl (cli, cli, "analyze", "--json", ogg, NULL);
      _exit (127);
    }
  g_assert (pid > 0);
  g_assert (wait4 (pid, &status, 0, &usage) == pid);
  if (!WIFEXITED (status) || WEXITSTATUS (status) != 0)
    {
      g_printerr ("hearken-cli analyze failed with status %d\n", status);
      return;
    }

  cpu = usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 + usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
  g_print ("decode + analysis (hearken-cli analyze, Ogg/Opus): %u s in %.2f s of CPU: %.0fx real time\n",
           seconds, cpu, seconds / MAX (cpu, 1e-9));
  g_print ("peak memory of hearken-cli analyze on the %u s call: %.1f MB\n", seconds, usage.ru_maxrss / 1024.0);
}

int
main (int    argc,
      char **argv)
{
  const char *cli = argc > 1 ? argv[1] : NULL;
  guint seconds = argc > 2 ? (guint) g_ascii_strtoull (argv[2], NULL, 10) : 3600;
  guint blocks = MAX (seconds / BLOCK_SECONDS, 1);
  g_autofree float *block = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *ogg = NULL;

  gst_init (&argc, &argv);
  block = make_block ();
  bench_engine (block, blocks);

  if (cli == NULL)
    return 0;

  dir = g_dir_make_tmp ("hearken-bench-XXXXXX", NULL);
  ogg = g_build_filename (dir, "call.ogg", NULL);
  encode_ogg (block, blocks, ogg);
  bench_cli (cli, ogg, blocks * BLOCK_SECONDS);
  g_unlink (ogg);
  g_rmdir (dir);
  return 0;
}
