/* bsn-expiry.h — point expiry (DOMAIN.md §7) over the ledger.
 *
 * A network-wide policy, default off, versioned like the tier tables:
 * each version says how many calendar months earned points live, from its
 * effective time on; a version is never changed, a new one replaces it
 * (months 0 turns expiry off). The points of an earning posting (a
 * receipt's award or bonus) expire by the version in force at that
 * posting's time, exactly N months later (rules/bsn-expiry-rules.h);
 * opening balances and points given back never expire. Vouchers use the
 * oldest points first.
 *
 * Expiry is a posting, never an edit: "expiry" takes what is left of a lot
 * from the customer and gives it back to whoever funded it (the store's
 * reserve, and for a bonus the producers' pool and BSN's fund in the same
 * proportion). It is idempotent: each lot is closed once
 * (point_expiries), so running it again posts nothing new. Status points
 * are not touched (§4.3: status counts points earned).
 */
#pragma once

#include "bsn-db.h"
#include "bsn-time.h"

G_BEGIN_DECLS

/* How many months ahead a policy may say (ten years). */
#define BSN_EXPIRY_MAX_MONTHS 120

/* A new policy version: points earned from @from on expire @months
 * calendar months later (0: never). @reason is required. Refused when
 * receipts at or after @from were already rewarded (history never
 * changes). Audited as "expiry.set". Needs BSN_PERM_TIERS. */
gboolean bsn_expiry_set (BsnDb       *db,
                         gint         months,
                         BsnTime      from,
                         const char  *reason,
                         gint64      *out_version,
                         GError     **error);

/* The months of the policy in force at @at (0 when none or off). */
gboolean bsn_expiry_months_at (BsnDb   *db,
                               BsnTime  at,
                               gint    *out_months,
                               GError **error);

/* Posts every expiry due at or before @at, for every customer, in one
 * transaction; returns how many postings and what value they released.
 * Running it again for the same @at posts nothing. */
gboolean bsn_expiry_run (BsnDb   *db,
                         BsnTime  at,
                         guint   *out_postings,
                         gint64  *out_expired_rp,
                         GError **error);

/* The same for one customer (a voucher runs it before it counts points). */
gboolean bsn_expiry_run_customer (BsnDb   *db,
                                  gint64   customer_id,
                                  BsnTime  at,
                                  guint   *out_postings,
                                  gint64  *out_expired_rp,
                                  GError **error);

typedef struct
{
  BsnTime at;
  gint64  value_rp;
} BsnExpiring;

/* The customer's points that will expire after @at, grouped by expiry
 * time, oldest first (element-type BsnExpiring). Reads only. */
GArray *bsn_expiry_upcoming (BsnDb   *db,
                             gint64   customer_id,
                             BsnTime  at,
                             GError **error);

typedef struct
{
  char   *code;
  char   *name;
  char   *phone;          /* "" when none */
  gint64  expiring_rp;    /* what expires in the window */
  BsnTime expires_at;     /* the first expiry in the window */
  char   *whatsapp_url;   /* NULL without a usable phone */
} BsnExpiryReminder;

void bsn_expiry_reminder_free (BsnExpiryReminder *r);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsnExpiryReminder, bsn_expiry_reminder_free)

/* Customers with points expiring in (@at, @at + @within_days days],
 * soonest first, each with a WhatsApp link carrying the reminder
 * (element-type BsnExpiryReminder) (transfer full). */
GPtrArray *bsn_expiry_reminders (BsnDb   *db,
                                 BsnTime  at,
                                 gint     within_days,
                                 GError **error);

/* "Poin Anda senilai Rp5.000 akan hangus pada 22 Februari 2027 pukul 14.22." */
char *bsn_expiry_reminder_message (gint64 value_rp, BsnTime expires_at);

/* https://wa.me/62…?text=… for an Indonesian number written 08…, +62… or
 * 62… (spaces, dashes, dots and brackets ignored); NULL when @phone is not
 * such a number. */
char *bsn_expiry_whatsapp_url (const char *phone, const char *message);

G_END_DECLS
