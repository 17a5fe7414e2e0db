/* bsn-customer-object.h — a customer as a GObject, for list models. */
#pragma once

#include <glib-object.h>

#include "bsn-customer.h"

G_BEGIN_DECLS

#define BSN_TYPE_CUSTOMER_OBJECT (bsn_customer_object_get_type ())

G_DECLARE_FINAL_TYPE (BsnCustomerObject, bsn_customer_object, BSN, CUSTOMER_OBJECT, GObject)

/* Takes ownership of @customer. */
BsnCustomerObject *bsn_customer_object_new (BsnCustomer *customer);
const BsnCustomer *bsn_customer_object_get_customer (BsnCustomerObject *self);

G_END_DECLS
