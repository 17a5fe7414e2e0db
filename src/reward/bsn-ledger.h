/* bsn-ledger.h — the point ledger: double-entry and append-only.
 *
 * Accounts: one per customer (spendable points and status points), one per
 * store (its Back Up Voucher reserve, DOMAIN.md §6), the network clearing
 * account and the opening-balance (equity) account. All amounts are Rupiah
 * (1 poin = Rp1.000).
 *
 * A posting is one business event with legs that sum to zero. Postings and
 * legs are never updated or deleted (the schema's triggers refuse it); a
 * mistake is corrected by a reversal posting that references the original.
 * Each posting carries an idempotency key with a UNIQUE constraint, so
 * posting the same event twice (a re-imported receipt) changes nothing.
 *
 * Balances live on the account rows and move in the same transaction as the
 * legs, so reading one is one indexed lookup; bsn_ledger_verify() recomputes
 * them all from the legs.
 *
 * Status points (DOMAIN.md §4.3) are the points a customer has earned; a
 * redemption never lowers them. Only the reversal of an earning posting
 * (which says the earning never happened) takes them back.
 */
#pragma once

#include "bsn-db.h"
#include "bsn-time.h"

G_BEGIN_DECLS

#define BSN_ACCOUNT_CLEARING 1
#define BSN_ACCOUNT_EQUITY   2

typedef struct
{
  gint64 account_id;
  gint64 amount_rp;   /* + credit to the account, − debit */
  gint64 earned_rp;   /* status points moved (customer accounts only) */
} BsnLeg;

typedef struct
{
  const char *idem_key;    /* required: what makes this event unique */
  const char *kind;        /* "opening", "award", "reversal", "deposit" … */
  BsnTime     at;
  gint64      store_id;    /* 0 = none */
  gint64      customer_id; /* 0 = none */
  gint64      amount_rp;   /* the headline amount shown in lists */
  const char *memo;        /* NULL = "" */
  gint64      reverses_id; /* 0 = none */
  /* The caller checked, under the writer lock, that no posting has this
   * key (the award: the receipt is new). On PostgreSQL the insert then
   * does not wait to learn whether it was a duplicate; should one exist
   * after all, the unique key refuses it and the transaction fails. */
  gboolean    key_is_new;
} BsnPostingSpec;

/* Posts @spec with @legs in one transaction (nested in the caller's, if
 * any). When a posting with the same idempotency key exists, nothing is
 * written, *@out_duplicate is TRUE and *@out_id is the existing posting. */
gboolean bsn_ledger_post (BsnDb                *db,
                          const BsnPostingSpec *spec,
                          const BsnLeg         *legs,
                          guint                 n_legs,
                          gint64               *out_id,
                          gboolean             *out_duplicate,
                          GError              **error);

/* The producers' pool and BSN's program fund, which co-fund bonuses
 * (DOMAIN.md §4.5). */
gint64 bsn_ledger_system_account (BsnDb *db, const char *kind, GError **error);

/* The account of a customer / of a store's reserve (opened on demand). */
gint64 bsn_ledger_customer_account (BsnDb *db, gint64 customer_id, GError **error);
/* Inside a PostgreSQL batch (bsn_db_begin_batch), reads the accounts of
 * @customer_ids (ids, balances, status points) in one query into the
 * batch's cache, so that the awards that follow send their writes
 * without waiting for an answer per customer. Does nothing elsewhere. */
gboolean bsn_ledger_prefetch_customers (BsnDb *db, const gint64 *customer_ids, guint n, GError **error);
gint64 bsn_ledger_reserve_account (BsnDb *db, gint64 store_id, GError **error);

/* An opening balance of @points_rp for a customer, earned (it counts for
 * status). Posting the same amount again is a duplicate; a different amount
 * while an opening stands is refused: reverse the old one first. */
gboolean bsn_ledger_post_opening (BsnDb    *db,
                                  gint64    customer_id,
                                  gint64    points_rp,
                                  BsnTime   at,
                                  gint64   *out_id,
                                  gboolean *out_duplicate,
                                  GError  **error);

/* Reverses posting @posting_id: a new posting with every leg negated,
 * referencing the original. Refused for a reversal, for a posting already
 * reversed, and when it would leave a customer with negative points. */
gboolean bsn_ledger_reverse (BsnDb      *db,
                             gint64      posting_id,
                             const char *reason,
                             BsnTime     at,
                             gint64     *out_id,
                             GError    **error);

gboolean bsn_ledger_account_balance (BsnDb   *db,
                                     gint64   account_id,
                                     gint64  *out_balance_rp,
                                     gint64  *out_status_rp,
                                     GError **error);

/* The status points of customer account @account_id as of @at (DOMAIN.md
 * §4.3): the points its postings dated strictly before @at earned
 * (receipts, bonuses, opening balances; reversals of earnings subtract),
 * whatever order they were entered in. Redemptions never lower it. When
 * nothing was earned at or after @at (in-order entry, the common case) it
 * is the account's running total, one row; otherwise one range of the
 * index of earning legs by (account, time). */
gboolean bsn_ledger_status_before (BsnDb   *db,
                                   gint64   account_id,
                                   BsnTime  at,
                                   gint64  *out_status_rp,
                                   GError **error);

/* A customer's spendable points and status points, one indexed lookup. */
gboolean bsn_ledger_customer_balance (BsnDb   *db,
                                      gint64   customer_id,
                                      gint64  *out_balance_rp,
                                      gint64  *out_status_rp,
                                      GError **error);

/* ---- Reading postings (Buku Poin) ---- */

typedef struct
{
  gint64  store_id;     /* 0 = every store */
  gint64  customer_id;  /* 0 = every customer */
  BsnTime from;         /* inclusive; 0 = unbounded */
  BsnTime to;           /* exclusive; 0 = unbounded */
} BsnPostingFilter;

typedef struct
{
  gint64   id;
  BsnTime  at;
  char    *kind;
  char    *store_code;     /* NULL = none */
  char    *customer_code;  /* NULL = none */
  char    *customer_name;  /* NULL = none */
  gint64   amount_rp;
  char    *memo;
  gint64   reverses_id;    /* 0 = none */
  gint64   reversed_by;    /* 0 = not reversed */
} BsnPostingRow;

void bsn_posting_row_free (BsnPostingRow *row);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsnPostingRow, bsn_posting_row_free)

/* Indonesian label of a posting kind ("Perolehan poin" for "award" …). */
const char *bsn_posting_kind_label (const char *kind);

gboolean bsn_ledger_count_postings (BsnDb                  *db,
                                    const BsnPostingFilter *filter,
                                    guint64                *out_count,
                                    GError                **error);

/* Postings matching @filter, newest first, from position @offset.
 * (element-type BsnPostingRow) (transfer full) */
GPtrArray *bsn_ledger_list_postings (BsnDb                  *db,
                                     const BsnPostingFilter *filter,
                                     guint64                 offset,
                                     guint                   limit,
                                     GError                **error);

typedef struct
{
  gint64 account_id;
  char  *account_label;  /* "Pelanggan C001", "Cadangan TK01", "Kliring jaringan" */
  gint64 amount_rp;
  gint64 earned_rp;
} BsnLegRow;

void bsn_leg_row_free (BsnLegRow *row);
/* The legs of one posting. (element-type BsnLegRow) (transfer full) */
GPtrArray *bsn_ledger_list_legs (BsnDb *db, gint64 posting_id, GError **error);

/* ---- Verification ---- */

typedef struct
{
  gboolean   ok;
  guint64    postings;
  guint64    legs;
  guint64    accounts;
  GPtrArray *problems;   /* (element-type utf8): one line per broken invariant */
} BsnVerifyReport;

void bsn_verify_report_free (BsnVerifyReport *report);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsnVerifyReport, bsn_verify_report_free)

/* Recomputes the ledger from its legs and checks every invariant: each
 * posting has legs that sum to zero; each account's balance and status
 * equal the sum of its legs; customers never hold negative points; status
 * points fall only by a reversal; a reversal mirrors its original exactly.
 * Returns NULL only when the database could not be read. */
BsnVerifyReport *bsn_ledger_verify (BsnDb *db, GError **error);

/* The same checks fed row by row by a scan that reads the ledger anyway
 * (the hash chain's check, bsn-chain.h), so `verify` reads each posting,
 * leg and receipt once. new() and finish() inside one read transaction;
 * the three feeds are BsnChainRows' (postings and their legs in id
 * order, a posting before its legs; receipts in id order). finish()
 * frees @scan and returns what bsn_ledger_verify() would have. */
typedef struct _BsnLedgerScan BsnLedgerScan;

BsnLedgerScan   *bsn_ledger_scan_new     (BsnDb *db, GError **error);
void             bsn_ledger_scan_posting (gpointer scan, gint64 id, gint64 at, gint64 amount_rp);
void             bsn_ledger_scan_leg     (gpointer scan, gint64 posting_id, gint64 account_id, gint64 amount_rp,
                                          gint64 earned_rp, gint64 at);
void             bsn_ledger_scan_receipt (gpointer scan, gint64 id, const char *receipt, gint64 customer_id,
                                          gint64 at, gint64 value_rp, gint64 posting_id);
BsnVerifyReport *bsn_ledger_scan_finish  (BsnLedgerScan *scan, GError **error);

G_END_DECLS
