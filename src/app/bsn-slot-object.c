/* bsn-slot-object.c — a slot of the Kuota Harian table (see bsn-slot-object.h). */
#include "config.h"

#include <glib/gi18n.h>

#include "bsn-money.h"
#include "bsn-slot-object.h"
#include "bsn-tiers.h"

struct _BsnSlotObject
{
  GObject  parent_instance;

  gint     slot;
  gint64   quota_rp;
  gboolean quota_own;
  char    *hours;
  char    *target;
  char    *sales;
  char    *quota;
  char    *rewarded;
  char    *reward;
  char    *capped;
};

G_DEFINE_FINAL_TYPE (BsnSlotObject, bsn_slot_object, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SLOT,
  PROP_ROMAN,
  PROP_HOURS,
  PROP_TARGET,
  PROP_SALES,
  PROP_QUOTA,
  PROP_QUOTA_OWN,
  PROP_REWARDED,
  PROP_REWARD,
  PROP_CAPPED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Replaces *@field with @value (taken) and notifies when it changed. */
static void
set_string (BsnSlotObject *self,
            char         **field,
            char          *value,
            guint          prop)
{
  if (g_strcmp0 (*field, value) == 0)
    {
      g_free (value);
      return;
    }
  g_free (*field);
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

void
bsn_slot_object_update (BsnSlotObject       *self,
                        const BsnSlotStatus *status,
                        gint64               own_quota_rp)
{
  g_autofree char *from = bsn_clock_format (bsn_time_second_of_day (status->start));
  g_autofree char *to = bsn_clock_format (bsn_time_second_of_day (status->end));
  gboolean own = own_quota_rp >= 0;

  g_return_if_fail (BSN_IS_SLOT_OBJECT (self));

  g_object_freeze_notify (G_OBJECT (self));
  set_string (self, &self->hours, g_strdup_printf ("%s–%s", from, to), PROP_HOURS);
  set_string (self, &self->target, bsn_money_format (status->target_rp), PROP_TARGET);
  set_string (self, &self->sales, bsn_money_format (status->sales_rp), PROP_SALES);
  self->quota_rp = status->quota_rp;
  set_string (self, &self->quota, bsn_money_format (status->quota_rp), PROP_QUOTA);
  if (self->quota_own != own)
    {
      self->quota_own = own;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUOTA_OWN]);
    }
  /* "3 dari 5": receipts that earned points of all the slot's receipts. */
  set_string (self, &self->rewarded,
              g_strdup_printf (_("%" G_GINT64_FORMAT " dari %" G_GINT64_FORMAT), status->rewarded, status->receipts),
              PROP_REWARDED);
  set_string (self, &self->reward, bsn_money_format (status->reward_rp), PROP_REWARD);
  set_string (self, &self->capped, g_strdup_printf ("%" G_GINT64_FORMAT, status->capped), PROP_CAPPED);
  g_object_thaw_notify (G_OBJECT (self));
}

gint
bsn_slot_object_get_slot (BsnSlotObject *self)
{
  g_return_val_if_fail (BSN_IS_SLOT_OBJECT (self), 0);
  return self->slot;
}

gint64
bsn_slot_object_get_quota_rp (BsnSlotObject *self)
{
  g_return_val_if_fail (BSN_IS_SLOT_OBJECT (self), 0);
  return self->quota_rp;
}

gboolean
bsn_slot_object_get_quota_own (BsnSlotObject *self)
{
  g_return_val_if_fail (BSN_IS_SLOT_OBJECT (self), FALSE);
  return self->quota_own;
}

const char *
bsn_slot_object_get_quota (BsnSlotObject *self)
{
  g_return_val_if_fail (BSN_IS_SLOT_OBJECT (self), NULL);
  return self->quota != NULL ? self->quota : "";
}

static void
bsn_slot_object_finalize (GObject *object)
{
  BsnSlotObject *self = (BsnSlotObject *) object;

  g_free (self->hours);
  g_free (self->target);
  g_free (self->sales);
  g_free (self->quota);
  g_free (self->rewarded);
  g_free (self->reward);
  g_free (self->capped);

  G_OBJECT_CLASS (bsn_slot_object_parent_class)->finalize (object);
}

static void
bsn_slot_object_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  BsnSlotObject *self = BSN_SLOT_OBJECT (object);

  switch (prop_id)
    {
    case PROP_SLOT:
      g_value_set_int (value, self->slot);
      break;
    case PROP_ROMAN:
      g_value_set_string (value, bsn_slot_to_roman (self->slot));
      break;
    case PROP_HOURS:
      g_value_set_string (value, self->hours);
      break;
    case PROP_TARGET:
      g_value_set_string (value, self->target);
      break;
    case PROP_SALES:
      g_value_set_string (value, self->sales);
      break;
    case PROP_QUOTA:
      g_value_set_string (value, self->quota);
      break;
    case PROP_QUOTA_OWN:
      g_value_set_boolean (value, self->quota_own);
      break;
    case PROP_REWARDED:
      g_value_set_string (value, self->rewarded);
      break;
    case PROP_REWARD:
      g_value_set_string (value, self->reward);
      break;
    case PROP_CAPPED:
      g_value_set_string (value, self->capped);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bsn_slot_object_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  BsnSlotObject *self = BSN_SLOT_OBJECT (object);

  switch (prop_id)
    {
    case PROP_SLOT:
      self->slot = g_value_get_int (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bsn_slot_object_class_init (BsnSlotObjectClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = bsn_slot_object_finalize;
  object_class->get_property = bsn_slot_object_get_property;
  object_class->set_property = bsn_slot_object_set_property;

  properties[PROP_SLOT] =
    g_param_spec_int ("slot", NULL, NULL, 1, 10, 1,
                      G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ROMAN] = g_param_spec_string ("roman", NULL, NULL, NULL, ro);
  properties[PROP_HOURS] = g_param_spec_string ("hours", NULL, NULL, NULL, ro);
  properties[PROP_TARGET] = g_param_spec_string ("target", NULL, NULL, NULL, ro);
  properties[PROP_SALES] = g_param_spec_string ("sales", NULL, NULL, NULL, ro);
  properties[PROP_QUOTA] = g_param_spec_string ("quota", NULL, NULL, NULL, ro);
  properties[PROP_QUOTA_OWN] = g_param_spec_boolean ("quota-own", NULL, NULL, FALSE, ro);
  properties[PROP_REWARDED] = g_param_spec_string ("rewarded", NULL, NULL, NULL, ro);
  properties[PROP_REWARD] = g_param_spec_string ("reward", NULL, NULL, NULL, ro);
  properties[PROP_CAPPED] = g_param_spec_string ("capped", NULL, NULL, NULL, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bsn_slot_object_init (BsnSlotObject *self)
{
}

BsnSlotObject *
bsn_slot_object_new (gint slot)
{
  return g_object_new (BSN_TYPE_SLOT_OBJECT, "slot", slot, NULL);
}
