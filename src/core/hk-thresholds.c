/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hk-thresholds"

#include "config.h"

#include "hk-thresholds.h"

struct _HkThresholds {
  double value[HK_N_THRESHOLDS];
  guint  set_mask;
};

static const struct {
  const char *key;
  double      def;
  double      min;
  double      max;
} table[HK_N_THRESHOLDS] = {
  [HK_THRESHOLD_RUSHED_GAP] = { "rushed-gap", 0.3, 0.05, 2.0 },
  [HK_THRESHOLD_LONG_GAP] = { "long-gap", 3.0, 0.5, 30.0 },
  [HK_THRESHOLD_HESITATION] = { "hesitation", 1.5, 0.3, 30.0 },
  [HK_THRESHOLD_DEAD_AIR] = { "dead-air", 5.0, 1.0, 60.0 },
  [HK_THRESHOLD_BACKCHANNEL_MAX] = { "backchannel-max", 1.0, 0.2, 5.0 },
  [HK_THRESHOLD_INTERRUPTION_OVERLAP] = { "interruption-overlap", 0.5, 0.1, 5.0 },
};

G_DEFINE_BOXED_TYPE (HkThresholds, hk_thresholds, hk_thresholds_copy, hk_thresholds_free)

HkThresholds *
hk_thresholds_new (void)
{
  HkThresholds *self = g_new0 (HkThresholds, 1);

  for (guint i = 0; i < HK_N_THRESHOLDS; i++)
    self->value[i] = table[i].def;

  return self;
}

HkThresholds *
hk_thresholds_copy (const HkThresholds *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_memdup2 (self, sizeof *self);
}

void
hk_thresholds_free (HkThresholds *self)
{
  g_free (self);
}

double
hk_thresholds_get (const HkThresholds *self,
                   HkThreshold         which)
{
  g_return_val_if_fail (self != NULL, 0.0);
  g_return_val_if_fail (which < HK_N_THRESHOLDS, 0.0);

  return self->value[which];
}

gboolean
hk_thresholds_is_set (const HkThresholds *self,
                      HkThreshold         which)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (which < HK_N_THRESHOLDS, FALSE);

  return (self->set_mask & (1u << which)) != 0;
}

/**
 * hk_thresholds_set:
 *
 * Sets @which, clamped to its allowed range.
 */
void
hk_thresholds_set (HkThresholds *self,
                   HkThreshold   which,
                   double        seconds)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (which < HK_N_THRESHOLDS);

  self->value[which] = CLAMP (seconds, table[which].min, table[which].max);
  self->set_mask |= 1u << which;
}

gboolean
hk_thresholds_is_empty (const HkThresholds *self)
{
  g_return_val_if_fail (self != NULL, TRUE);

  return self->set_mask == 0;
}

/**
 * hk_thresholds_override:
 *
 * Copies into @self every threshold that @overrides sets.
 */
void
hk_thresholds_override (HkThresholds       *self,
                        const HkThresholds *overrides)
{
  g_return_if_fail (self != NULL);

  if (overrides == NULL)
    return;

  for (guint i = 0; i < HK_N_THRESHOLDS; i++)
    if (overrides->set_mask & (1u << i))
      hk_thresholds_set (self, i, overrides->value[i]);
}

const char *
hk_threshold_key (HkThreshold which)
{
  g_return_val_if_fail (which < HK_N_THRESHOLDS, NULL);

  return table[which].key;
}

gboolean
hk_threshold_from_key (const char  *key,
                       HkThreshold *out)
{
  for (guint i = 0; i < HK_N_THRESHOLDS; i++)
    if (g_strcmp0 (table[i].key, key) == 0)
      {
        *out = i;
        return TRUE;
      }

  return FALSE;
}

double
hk_threshold_default (HkThreshold which)
{
  g_return_val_if_fail (which < HK_N_THRESHOLDS, 0.0);

  return table[which].def;
}

double
hk_threshold_min (HkThreshold which)
{
  g_return_val_if_fail (which < HK_N_THRESHOLDS, 0.0);

  return table[which].min;
}

double
hk_threshold_max (HkThreshold which)
{
  g_return_val_if_fail (which < HK_N_THRESHOLDS, 0.0);

  return table[which].max;
}

/**
 * hk_thresholds_new_from_settings:
 * @settings: settings of the schema io.github.hearken.Hearken
 *
 * Returns: (transfer full): the trainee's thresholds, every one set
 */
HkThresholds *
hk_thresholds_new_from_settings (GSettings *settings)
{
  HkThresholds *self = hk_thresholds_new ();

  g_return_val_if_fail (G_IS_SETTINGS (settings), self);

  for (HkThreshold t = 0; t < HK_N_THRESHOLDS; t++)
    hk_thresholds_set (self, t, g_settings_get_double (settings, hk_threshold_key (t)));
  return self;
}
