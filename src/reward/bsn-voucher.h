/* bsn-voucher.h — vouchers and cross-store redemption (DOMAIN.md §7).
 *
 * A customer turns points into a voucher of a chosen value. Its code is
 * random (80 bits from the operating system), written in Crockford base 32
 * in groups — "BSN-7K2Q-M9XD-4RTA-H8CW-5" — and ends with Crockford's
 * check symbol (the code as a number modulo 37), so any one mistyped
 * character and any swap of two neighbours is caught before any lookup. Codes are case-insensitive and read O as 0, I and L as 1.
 *
 * The voucher is backed by the reserves of the stores where the customer
 * earned the points, in proportion to the points each store still backs
 * for that customer; points from opening balances are backed by the
 * network.
 *
 * A voucher is redeemed whole, once, at any active store (refused: partial
 * use — the cashier takes the voucher against a purchase of at least its
 * value). Redemption pays the redeeming store from the pool: its reserve is
 * credited with the value. The settlement statement of a period nets, per
 * pair of stores, what the backing stores owed the redeeming ones.
 */
#pragma once

#include "bsn-db.h"
#include "bsn-time.h"

G_BEGIN_DECLS

/* Checks a code's form and check character without touching the database;
 * writes the canonical form (upper case, O→0, I/L→1) to @out_canonical. */
gboolean bsn_voucher_code_check (const char *code, char **out_canonical, GError **error);

/* A fresh random code. (transfer full) */
char *bsn_voucher_code_new (void);

typedef struct
{
  gint64   id;
  char    *code;
  char    *customer_code;
  gint64   value_rp;
  BsnTime  issued_at;
  BsnTime  valid_until;   /* 0 = no limit */
  gboolean redeemed;
  char    *redeemed_store;
  BsnTime  redeemed_at;
} BsnVoucher;

void bsn_voucher_free (BsnVoucher *voucher);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsnVoucher, bsn_voucher_free)

/* Converts @value_rp of the customer's points into a voucher. */
BsnVoucher *bsn_voucher_issue (BsnDb *db, gint64 customer_id, gint64 value_rp, BsnTime at, gint valid_days,
                               GError **error);

typedef struct
{
  gboolean valid;
  gint64   value_rp;
  char    *reason;        /* why not, in Indonesian; NULL when valid */
  char    *code;          /* canonical */
} BsnVoucherCheck;

void bsn_voucher_check_clear (BsnVoucherCheck *check);

/* Verifies a code at @at: form and check digit, exists, not used, not
 * expired. Never an error for a bad code: valid FALSE with the reason. */
gboolean bsn_voucher_check (BsnDb *db, const char *code, BsnTime at, BsnVoucherCheck *out, GError **error);

/* Redeems the voucher at @store_id, exactly once (BSN_ERROR_REFUSED with
 * the reason otherwise; a mistyped code is BSN_ERROR_INVALID). */
gboolean bsn_voucher_redeem (BsnDb *db, const char *code, gint64 store_id, BsnTime at, gint64 *out_value_rp,
                             GError **error);

BsnVoucher *bsn_voucher_get (BsnDb *db, const char *code, GError **error);
/* A customer's vouchers, newest first. (element-type BsnVoucher) */
GPtrArray *bsn_voucher_list (BsnDb *db, gint64 customer_id, GError **error);

typedef struct
{
  gint64 from_store;
  gint64 to_store;
  char  *from_code;
  char  *to_code;
  gint64 amount_rp;
} BsnSettlementLine;

void bsn_settlement_line_free (BsnSettlementLine *line);

/* Redemptions in [@from, @to) netted per pair of stores: from_store owes
 * to_store amount_rp. (element-type BsnSettlementLine) (transfer full) */
GPtrArray *bsn_voucher_settlement (BsnDb *db, BsnTime from, BsnTime to, GError **error);

G_END_DECLS
