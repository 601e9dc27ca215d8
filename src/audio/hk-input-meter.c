/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hk-input-meter"

/* The microphone check before a call: the input's level, twenty times a
 * second, from a pipeline that records nothing.
 *
 * Before a pair call it measures two inputs (two headsets, or the left
 * and right of one stereo input) side by side, so the window can show
 * which is whose: each partner speaks in turn, and if the wrong bar
 * moves, the swap button crosses them back (hk_input_meter_set_swap(),
 * then the same to hk_call_recorder_set_swap()). */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <gst/gst.h>

#include "hk-input-meter.h"

#define SILENT -120.0

typedef enum {
  MODE_ONE,
  MODE_PAIR,     /* two inputs */
  MODE_STEREO,   /* the two channels of one */
} Mode;

struct _HkInputMeter
{
  GObject     parent_instance;

  Mode        mode;
  char       *source_desc;
  char       *source_b_desc;
  gboolean    swap;
  GstElement *pipeline;
  guint       bus_watch;
  double      level;      /* dBFS, the last 50 ms */
  double      loudest;    /* dBFS, since the start */
  double      levels[2];  /* by input, in a pair: the first (or left), the second */
  double      loudests[2];
  GError     *error;
};

G_DEFINE_FINAL_TYPE (HkInputMeter, hk_input_meter, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_LEVEL,
  PROP_LOUDEST,
  PROP_LEVEL_A,
  PROP_LEVEL_B,
  PROP_LOUDEST_A,
  PROP_LOUDEST_B,
  PROP_SWAP,
  N_PROPS
};

enum {
  FAILED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
hk_input_meter_dispose (GObject *object)
{
  hk_input_meter_stop (HK_INPUT_METER (object));

  G_OBJECT_CLASS (hk_input_meter_parent_class)->dispose (object);
}

static void
hk_input_meter_finalize (GObject *object)
{
  HkInputMeter *self = HK_INPUT_METER (object);

  g_free (self->source_desc);
  g_free (self->source_b_desc);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (hk_input_meter_parent_class)->finalize (object);
}

static void
hk_input_meter_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  HkInputMeter *self = HK_INPUT_METER (object);

  switch (prop_id)
    {
    case PROP_LEVEL:
      g_value_set_double (value, self->level);
      break;
    case PROP_LOUDEST:
      g_value_set_double (value, self->loudest);
      break;
    case PROP_LEVEL_A:
    case PROP_LEVEL_B:
      g_value_set_double (value, hk_input_meter_get_partner_level (self, prop_id == PROP_LEVEL_B));
      break;
    case PROP_LOUDEST_A:
    case PROP_LOUDEST_B:
      g_value_set_double (value, hk_input_meter_get_partner_loudest (self, prop_id == PROP_LOUDEST_B));
      break;
    case PROP_SWAP:
      g_value_set_boolean (value, self->swap);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hk_input_meter_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  HkInputMeter *self = HK_INPUT_METER (object);

  switch (prop_id)
    {
    case PROP_SWAP:
      hk_input_meter_set_swap (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hk_input_meter_class_init (HkInputMeterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = hk_input_meter_dispose;
  object_class->finalize = hk_input_meter_finalize;
  object_class->get_property = hk_input_meter_get_property;
  object_class->set_property = hk_input_meter_set_property;

  properties[PROP_LEVEL] =
    g_param_spec_double ("level", NULL, NULL, SILENT, 0.0, SILENT,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOUDEST] =
    g_param_spec_double ("loudest", NULL, NULL, SILENT, 0.0, SILENT,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * HkInputMeter:level-a:
   *
   * Before a pair call, partner A's level over the last 50 ms, dBFS, the
   * swap taken into account; #HkInputMeter:level-b is partner B's, and
   * #HkInputMeter:loudest-a and #HkInputMeter:loudest-b the loudest
   * since the start.
   */
  properties[PROP_LEVEL_A] =
    g_param_spec_double ("level-a", NULL, NULL, SILENT, 0.0, SILENT,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LEVEL_B] =
    g_param_spec_double ("level-b", NULL, NULL, SILENT, 0.0, SILENT,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOUDEST_A] =
    g_param_spec_double ("loudest-a", NULL, NULL, SILENT, 0.0, SILENT,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOUDEST_B] =
    g_param_spec_double ("loudest-b", NULL, NULL, SILENT, 0.0, SILENT,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * HkInputMeter:swap:
   *
   * Whether the two inputs of a pair are crossed: the first (or left)
   * is partner B's.
   */
  properties[PROP_SWAP] =
    g_param_spec_boolean ("swap", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * HkInputMeter::failed:
   *
   * The microphone could not be opened or stopped working; see
   * hk_input_meter_get_error().
   */
  signals[FAILED] = g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
hk_input_meter_init (HkInputMeter *self)
{
  self->level = SILENT;
  self->loudest = SILENT;
  self->levels[0] = self->levels[1] = SILENT;
  self->loudests[0] = self->loudests[1] = SILENT;
}

/**
 * hk_input_meter_new:
 * @source_description: (nullable): a GStreamer description of the
 *   microphone, or %NULL for the system's default
 *
 * Returns: (transfer full): a meter, not yet listening
 */
HkInputMeter *
hk_input_meter_new (const char *source_description)
{
  HkInputMeter *self = g_object_new (HK_TYPE_INPUT_METER, NULL);

  self->source_desc = g_strdup (source_description);
  return self;
}

/**
 * hk_input_meter_new_pair:
 * @source_a: (nullable): a GStreamer description of partner A's
 *   microphone, or %NULL for the system's default
 * @source_b: (nullable): partner B's
 *
 * Returns: (transfer full): a meter of both partners' inputs, not yet
 *   listening
 */
HkInputMeter *
hk_input_meter_new_pair (const char *source_a,
                         const char *source_b)
{
  HkInputMeter *self = g_object_new (HK_TYPE_INPUT_METER, NULL);

  self->mode = MODE_PAIR;
  self->source_desc = g_strdup (source_a);
  self->source_b_desc = g_strdup (source_b);
  return self;
}

/**
 * hk_input_meter_new_stereo:
 * @source_description: (nullable): one stereo input, partner A on the
 *   left and B on the right
 *
 * Returns: (transfer full): a meter of both channels, not yet listening
 */
HkInputMeter *
hk_input_meter_new_stereo (const char *source_description)
{
  HkInputMeter *self = g_object_new (HK_TYPE_INPUT_METER, NULL);

  self->mode = MODE_STEREO;
  self->source_desc = g_strdup (source_description);
  return self;
}

static void
fail (HkInputMeter *self,
      GError       *error)
{
  g_clear_error (&self->error);
  self->error = error;
  hk_input_meter_stop (self);
  g_signal_emit (self, signals[FAILED], 0);
}

static void
notify_partners (HkInputMeter *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LEVEL_A]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LEVEL_B]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOUDEST_A]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOUDEST_B]);
}

static void
take_input_level (HkInputMeter *self,
                  guint         input,
                  double        level)
{
  self->levels[input] = CLAMP (level, SILENT, 0.0);
  self->loudests[input] = MAX (self->loudests[input], self->levels[input]);
}

/* From the level element named @name: the one of a single input, the
 * first or second input of a pair (`level-0`, `level-1`), or both
 * channels of a stereo input. */
static void
take_level (HkInputMeter       *self,
            const char         *name,
            const GstStructure *s)
{
  const GValue *peaks = gst_structure_get_value (s, "peak");
  double level = SILENT;
  double channels[2] = { SILENT, SILENT };

  /* The level element reports one peak a channel, in a GValueArray. */
  if (peaks == NULL || !G_VALUE_HOLDS_BOXED (peaks) || g_value_get_boxed (peaks) == NULL)
    return;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  {
    GValueArray *array = g_value_get_boxed (peaks);

    for (guint i = 0; i < array->n_values; i++)
      if (G_VALUE_HOLDS_DOUBLE (g_value_array_get_nth (array, i)))
        {
          double peak = g_value_get_double (g_value_array_get_nth (array, i));

          level = MAX (level, peak);
          if (i < 2)
            channels[i] = peak;
        }
  }
  G_GNUC_END_IGNORE_DEPRECATIONS

  if (self->mode == MODE_STEREO)
    {
      take_input_level (self, 0, channels[0]);
      take_input_level (self, 1, channels[1]);
      /* The overall level is the louder one's, as for one microphone. */
      level = MAX (self->levels[0], self->levels[1]);
      notify_partners (self);
    }
  else if (self->mode == MODE_PAIR)
    {
      take_input_level (self, g_strcmp0 (name, "level-1") == 0 ? 1 : 0, level);
      level = MAX (self->levels[0], self->levels[1]);
      notify_partners (self);
    }

  self->level = CLAMP (level, SILENT, 0.0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LEVEL]);
  if (self->level > self->loudest)
    {
      self->loudest = self->level;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOUDEST]);
    }
}

static gboolean
bus_cb (GstBus     *bus,
        GstMessage *msg,
        gpointer    user_data)
{
  HkInputMeter *self = user_data;

  switch (GST_MESSAGE_TYPE (msg))
    {
    case GST_MESSAGE_ELEMENT:
      if (gst_message_has_name (msg, "level"))
        {
          g_autofree char *name = gst_object_get_name (GST_MESSAGE_SRC (msg));

          take_level (self, name, gst_message_get_structure (msg));
        }
      break;

    case GST_MESSAGE_ERROR:
      {
        g_autoptr(GError) gst_error = NULL;

        gst_message_parse_error (msg, &gst_error, NULL);
        fail (self, g_error_new (G_IO_ERROR, G_IO_ERROR_FAILED,
                                 _("The microphone stopped: %s"), gst_error->message));
        return G_SOURCE_REMOVE;
      }

    case GST_MESSAGE_EOS:
      fail (self, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CLOSED,
                                       _("The microphone stopped sending sound")));
      return G_SOURCE_REMOVE;

    default:
      break;
    }

  return G_SOURCE_CONTINUE;
}

/**
 * hk_input_meter_start:
 *
 * Opens the microphone and starts measuring.
 *
 * Returns: %TRUE when the microphone is open
 */
gboolean
hk_input_meter_start (HkInputMeter *self,
                      GError      **error)
{
  g_autofree char *desc = NULL;
  g_autoptr(GError) local = NULL;
  g_autoptr(GstBus) bus = NULL;
  GstElement *pipeline;

  g_return_val_if_fail (HK_IS_INPUT_METER (self), FALSE);

  if (self->pipeline != NULL)
    return TRUE;
  if (!gst_is_initialized () && !gst_init_check (NULL, NULL, error))
    return FALSE;

  switch (self->mode)
    {
    case MODE_PAIR:
      desc = g_strdup_printf ("%s ! queue ! audioconvert ! audio/x-raw,channels=1 "
                              "! level name=level-0 interval=50000000 post-messages=true ! fakesink sync=false "
                              "%s ! queue ! audioconvert ! audio/x-raw,channels=1 "
                              "! level name=level-1 interval=50000000 post-messages=true ! fakesink sync=false",
                              self->source_desc ? self->source_desc : "autoaudiosrc",
                              self->source_b_desc ? self->source_b_desc : "autoaudiosrc");
      break;
    case MODE_STEREO:
      desc = g_strdup_printf ("%s ! queue ! audioconvert ! audio/x-raw,channels=2 "
                              "! level interval=50000000 post-messages=true ! fakesink sync=false",
                              self->source_desc ? self->source_desc : "autoaudiosrc");
      break;
    case MODE_ONE:
    default:
      desc = g_strdup_printf ("%s ! queue ! audioconvert ! level interval=50000000 post-messages=true "
                              "! fakesink sync=false",
                              self->source_desc ? self->source_desc : "autoaudiosrc");
      break;
    }
  pipeline = gst_parse_launch_full (desc, NULL, GST_PARSE_FLAG_FATAL_ERRORS, &local);
  if (pipeline == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("The microphone could not be set up: %s"), local->message);
      return FALSE;
    }
  self->pipeline = gst_object_ref_sink (pipeline);
  bus = gst_element_get_bus (self->pipeline);
  self->bus_watch = gst_bus_add_watch (bus, bus_cb, self);

  if (gst_element_set_state (self->pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    {
      g_autoptr(GstMessage) msg = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);
      g_autoptr(GError) gst_error = NULL;

      if (msg != NULL)
        gst_message_parse_error (msg, &gst_error, NULL);
      hk_input_meter_stop (self);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("No microphone could be opened (%s). Plug one in or choose another in "
                     "Preferences."),
                   gst_error != NULL ? gst_error->message : _("no details"));
      return FALSE;
    }

  return TRUE;
}

/**
 * hk_input_meter_stop:
 *
 * Closes the microphone.
 */
void
hk_input_meter_stop (HkInputMeter *self)
{
  g_return_if_fail (HK_IS_INPUT_METER (self));

  g_clear_handle_id (&self->bus_watch, g_source_remove);
  if (self->pipeline != NULL)
    {
      gst_element_set_state (self->pipeline, GST_STATE_NULL);
      g_clear_object (&self->pipeline);
    }
}

/**
 * hk_input_meter_get_level:
 *
 * Returns: the loudest sample of the last 50 ms, dBFS
 */
double
hk_input_meter_get_level (HkInputMeter *self)
{
  g_return_val_if_fail (HK_IS_INPUT_METER (self), SILENT);
  return self->level;
}

/**
 * hk_input_meter_get_loudest:
 *
 * Returns: the loudest level since the start, dBFS; tells whether the
 *   trainee's voice has reached the microphone at all
 */
double
hk_input_meter_get_loudest (HkInputMeter *self)
{
  g_return_val_if_fail (HK_IS_INPUT_METER (self), SILENT);
  return self->loudest;
}

/**
 * hk_input_meter_get_error:
 *
 * Returns: (nullable): why the meter stopped, if it failed
 */
const GError *
hk_input_meter_get_error (HkInputMeter *self)
{
  g_return_val_if_fail (HK_IS_INPUT_METER (self), NULL);
  return self->error;
}

/**
 * hk_input_meter_set_swap:
 * @swap: whether the inputs are crossed
 *
 * Before a pair call: the first input (or the left channel) is partner
 * B's and the second (or the right) partner A's. The levels change
 * sides at once.
 */
void
hk_input_meter_set_swap (HkInputMeter *self,
                         gboolean      swap)
{
  g_return_if_fail (HK_IS_INPUT_METER (self));

  swap = !!swap;
  if (self->swap == swap)
    return;
  self->swap = swap;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SWAP]);
  notify_partners (self);
}

gboolean
hk_input_meter_get_swap (HkInputMeter *self)
{
  g_return_val_if_fail (HK_IS_INPUT_METER (self), FALSE);
  return self->swap;
}

/**
 * hk_input_meter_get_partner_level:
 * @partner: whose input
 *
 * Returns: before a pair call, the loudest sample of @partner's input in
 *   the last 50 ms, dBFS, the swap taken into account
 */
double
hk_input_meter_get_partner_level (HkInputMeter *self,
                                  HkPartner     partner)
{
  g_return_val_if_fail (HK_IS_INPUT_METER (self), SILENT);
  g_return_val_if_fail (partner == HK_PARTNER_A || partner == HK_PARTNER_B, SILENT);
  return self->levels[(guint) partner ^ (guint) self->swap];
}

/**
 * hk_input_meter_get_partner_loudest:
 * @partner: whose input
 *
 * Returns: the loudest level of @partner's input since the start, dBFS:
 *   whether their voice has reached their input at all
 */
double
hk_input_meter_get_partner_loudest (HkInputMeter *self,
                                    HkPartner     partner)
{
  g_return_val_if_fail (HK_IS_INPUT_METER (self), SILENT);
  g_return_val_if_fail (partner == HK_PARTNER_A || partner == HK_PARTNER_B, SILENT);
  return self->loudests[(guint) partner ^ (guint) self->swap];
}
