/* bsn-customer-object.c — a customer as a GObject (see
 * bsn-customer-object.h). */
#include "config.h"

#include "bsn-customer-object.h"

struct _BsnCustomerObject
{
  GObject      parent_instance;
  BsnCustomer *customer;
};

G_DEFINE_FINAL_TYPE (BsnCustomerObject, bsn_customer_object, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CODE,
  PROP_NAME,
  PROP_PHONE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
bsn_customer_object_finalize (GObject *object)
{
  BsnCustomerObject *self = (BsnCustomerObject *) object;

  g_clear_pointer (&self->customer, bsn_customer_free);

  G_OBJECT_CLASS (bsn_customer_object_parent_class)->finalize (object);
}

static void
bsn_customer_object_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  BsnCustomerObject *self = BSN_CUSTOMER_OBJECT (object);

  switch (prop_id)
    {
    case PROP_CODE:
      g_value_set_string (value, self->customer->code);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->customer->name);
      break;
    case PROP_PHONE:
      g_value_set_string (value, self->customer->phone != NULL && *self->customer->phone != '\0'
                                 ? self->customer->phone : "—");
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bsn_customer_object_class_init (BsnCustomerObjectClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = bsn_customer_object_finalize;
  object_class->get_property = bsn_customer_object_get_property;

  properties[PROP_CODE] =
    g_param_spec_string ("code", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_PHONE] =
    g_param_spec_string ("phone", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bsn_customer_object_init (BsnCustomerObject *self)
{
}

BsnCustomerObject *
bsn_customer_object_new (BsnCustomer *customer)
{
  BsnCustomerObject *self;

  g_return_val_if_fail (customer != NULL, NULL);

  self = g_object_new (BSN_TYPE_CUSTOMER_OBJECT, NULL);
  self->customer = customer;
  return self;
}

const BsnCustomer *
bsn_customer_object_get_customer (BsnCustomerObject *self)
{
  g_return_val_if_fail (BSN_IS_CUSTOMER_OBJECT (self), NULL);
  return self->customer;
}
