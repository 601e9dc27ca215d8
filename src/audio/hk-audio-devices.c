/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hk-audio-devices"

/* The microphones and speakers GStreamer's device monitor sees. */

#include "config.h"

#include <gst/gst.h>

#include "hk-audio-devices.h"

void
hk_audio_device_free (HkAudioDevice *device)
{
  if (device == NULL)
    return;
  g_free (device->name);
  g_free (device->description);
  g_free (device);
}

static char *
device_name (GstDevice *device)
{
  g_autoptr(GstStructure) props = gst_device_get_properties (device);
  char *name = NULL;

  /* PulseAudio's element takes the internal name as device=. */
  if (g_object_class_find_property (G_OBJECT_GET_CLASS (device), "internal-name") != NULL)
    g_object_get (device, "internal-name", &name, NULL);
  if (name == NULL && props != NULL)
    name = g_strdup (gst_structure_get_string (props, "device.name"));
  return name;
}

/**
 * hk_audio_devices_list:
 *
 * Returns: (transfer container) (element-type HkAudioDevice): inputs,
 *   then outputs, as found now
 */
GPtrArray *
hk_audio_devices_list (void)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) hk_audio_device_free);
  g_autoptr(GstDeviceMonitor) monitor = NULL;
  GList *devices;

  if (!gst_is_initialized () && !gst_init_check (NULL, NULL, NULL))
    return out;

  monitor = gst_device_monitor_new ();
  gst_device_monitor_add_filter (monitor, "Audio/Source", NULL);
  gst_device_monitor_add_filter (monitor, "Audio/Sink", NULL);
  if (!gst_device_monitor_start (monitor))
    return out;

  devices = gst_device_monitor_get_devices (monitor);
  for (GList *l = devices; l != NULL; l = l->next)
    {
      GstDevice *device = l->data;
      g_autoptr(GstStructure) props = gst_device_get_properties (device);
      HkAudioDevice *d = g_new0 (HkAudioDevice, 1);

      d->name = device_name (device);
      d->description = gst_device_get_display_name (device);
      d->input = gst_device_has_classes (device, "Audio/Source");
      if (props != NULL)
        gst_structure_get_boolean (props, "is-default", &d->is_default);
      if (d->name == NULL)
        d->name = g_strdup (d->description);
      g_ptr_array_add (out, d);
    }
  g_list_free_full (devices, gst_object_unref);
  gst_device_monitor_stop (monitor);

  /* Inputs first. */
  for (guint i = 0, k = 0; i < out->len; i++)
    if (((HkAudioDevice *) out->pdata[i])->input)
      {
        gpointer tmp = out->pdata[k];

        out->pdata[k++] = out->pdata[i];
        out->pdata[i] = tmp;
      }
  return out;
}

static char *
element_for_device (const char *element,
                    const char *device)
{
  g_autofree char *quoted = NULL;

  if (device == NULL || *device == '\0')
    return NULL;
  quoted = g_strescape (device, NULL);
  return g_strdup_printf ("%s device=\"%s\"", element, quoted);
}

/**
 * hk_audio_device_source_description:
 * @device: (nullable): a microphone's name as listed, or %NULL or empty
 *   for the system's default
 *
 * Returns: (transfer full) (nullable): a GStreamer description that
 *   captures from @device, or %NULL for the default source
 */
char *
hk_audio_device_source_description (const char *device)
{
  return element_for_device ("pulsesrc", device);
}

/**
 * hk_audio_device_sink_description:
 * @device: (nullable): a speaker's name as listed, or %NULL or empty for
 *   the system's default
 *
 * Returns: (transfer full) (nullable): a GStreamer description that plays
 *   to @device, or %NULL for the default sink
 */
char *
hk_audio_device_sink_description (const char *device)
{
  return element_for_device ("pulsesink", device);
}
