/* bsn-customer.h — the network's customers.
 *
 * A customer is known to every store of the network (points earned in one
 * store are spent in any other, DOMAIN.md §1). Adding a customer opens the
 * customer's point account in the ledger.
 */
#pragma once

#include "bsn-db.h"

G_BEGIN_DECLS

typedef struct
{
  gint64  id;
  char   *code;
  char   *name;
  char   *phone;   /* "" when unknown */
} BsnCustomer;

BsnCustomer *bsn_customer_new (void);
BsnCustomer *bsn_customer_copy (const BsnCustomer *customer);
void bsn_customer_free (BsnCustomer *customer);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsnCustomer, bsn_customer_free)

gboolean bsn_customer_validate (const BsnCustomer *customer, GError **error);
gboolean bsn_customer_add (BsnDb *db, BsnCustomer *customer, GError **error);
/* Adds @customer, brought by the customer @referrer_code (issue 17 §5): the
 * referral bonus then goes to the referrer at the new customer's first
 * receipt. A customer cannot refer themself (BSN_ERROR_REFUSED); an
 * unknown referrer is BSN_ERROR_NOT_FOUND. Audited with the customer. */
gboolean bsn_customer_add_referred (BsnDb *db, BsnCustomer *customer, const char *referrer_code, GError **error);
/* Records who referred customer @customer_id; refused when someone already
 * did, or for the customer themself. */
gboolean bsn_customer_set_referrer (BsnDb *db, gint64 customer_id, const char *referrer_code, GError **error);
gboolean bsn_customer_update (BsnDb *db, const BsnCustomer *customer, GError **error);
BsnCustomer *bsn_customer_get (BsnDb *db, gint64 id, GError **error);
BsnCustomer *bsn_customer_find (BsnDb *db, const char *code, GError **error);
/* Customers whose code, name or phone contains @query (all when NULL or
 * empty), ordered by code, at most @limit (0 = no limit).
 * (element-type BsnCustomer) (transfer full) */
GPtrArray *bsn_customer_search (BsnDb *db, const char *query, guint limit, GError **error);
/* How many customers there are: *@out, FALSE with @error set when they
 * cannot be counted. */
gboolean bsn_customer_read_count (BsnDb *db, gint64 *out, GError **error);
/* The same for a display only: 0 when they cannot be counted. */
gint64 bsn_customer_count (BsnDb *db);

G_END_DECLS
