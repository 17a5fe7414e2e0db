/* bsn-customer-dialog.h — adding or editing a customer.
 *
 * Code, name and phone, validated by the library (bsn_customer_validate)
 * and written on a worker thread. On an error the message appears in the
 * dialog, which stays open with everything as typed.
 */
#pragma once

#include <adwaita.h>

#include "bsn-customer.h"

G_BEGIN_DECLS

#define BSN_TYPE_CUSTOMER_DIALOG (bsn_customer_dialog_get_type ())

G_DECLARE_FINAL_TYPE (BsnCustomerDialog, bsn_customer_dialog, BSN, CUSTOMER_DIALOG, AdwWindow)

/* @customer NULL adds a new customer. Emits "saved" (the name). */
BsnCustomerDialog *bsn_customer_dialog_new (GtkWindow         *parent,
                                            const char        *path,
                                            const BsnCustomer *customer);

G_END_DECLS
