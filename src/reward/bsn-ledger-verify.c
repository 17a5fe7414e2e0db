/* bsn-ledger-verify.c — the ledger's own check (see bsn-ledger.h):
 * bsn_ledger_verify() recomputes every posting's balance, every account's
 * balance and status points, the receipts' claims on their award postings
 * and the conservation of consigned goods from the rows, in one read
 * snapshot (DOMAIN.md §6: every posting balances, balances are the sum of
 * their legs); bsn_ledger_scan_*() do the same checks on the rows the hash
 * chain's check reads (bsn-chain.c), in one pass. */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "bsn-ledger.h"

#define MAX_PROBLEMS 100

void
bsn_verify_report_free (BsnVerifyReport *report)
{
  if (report == NULL)
    return;
  g_clear_pointer (&report->problems, g_ptr_array_unref);
  g_free (report);
}

G_GNUC_PRINTF (2, 3)
static void
problem (BsnVerifyReport *report,
         const char      *format,
         ...)
{
  va_list args;

  report->ok = FALSE;
  if (report->problems->len >= MAX_PROBLEMS)
    return;
  va_start (args, format);
  g_ptr_array_add (report->problems, g_strdup_vprintf (format, args));
  va_end (args);
}

/* Ends a scan of @stmt: reset, and FALSE with @error set unless its rows
 * ran to their end (@rc, the last step's). */
static gboolean
scan_ended (BsnDb    *db,
            BsnStmt  *stmt,
            int       rc,
            GError  **error)
{
  bsn_stmt_reset (stmt);
  if (rc == BSN_DONE)
    return TRUE;
  bsn_db_set_error (db, error, _("Memeriksa buku poin"));
  return FALSE;
}

typedef struct
{
  gint64   balance;
  gint64   status;
  gint64   sum_amount;
  gint64   sum_earned;
  gboolean exists;
  gboolean customer;
} AccountCheck;

static gboolean
load_accounts (BsnDb   *db,
               GArray  *accounts,
               GError **error)
{
  BsnStmt *stmt = bsn_db_prepare_scan (db, "SELECT id, kind = 'customer', balance_rp, status_rp FROM accounts",
                                            error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = bsn_stmt_step (stmt)) == BSN_ROW)
    {
      gint64 id = bsn_stmt_column_int64 (stmt, 0);
      AccountCheck *a;

      if (id < 0 || id > G_MAXINT32)
        continue;
      if ((guint) id >= accounts->len)
        g_array_set_size (accounts, (guint) id + 1);
      a = &g_array_index (accounts, AccountCheck, id);
      a->exists = TRUE;
      a->customer = bsn_stmt_column_int (stmt, 1) != 0;
      a->balance = bsn_stmt_column_int64 (stmt, 2);
      a->status = bsn_stmt_column_int64 (stmt, 3);
    }
  return scan_ended (db, stmt, rc, error);
}

/* The legs summed per posting and per account as they come, in posting
 * order. */
typedef struct
{
  GArray          *accounts;
  GArray          *negative_earned;
  BsnVerifyReport *report;
  gint64           current;
  gint64           sum;
  guint            legs_in_posting;
  guint            undated;   /* legs found with another time than their posting's */
} LegSums;

/* A posting's amount and time, indexed by id (amount G_MININT64: no
 * posting). */
typedef struct
{
  gint64 amount;
  gint64 at;
} PostingFacts;

/* Each leg carries its posting's time (schema version 11): status points
 * as of a time (bsn_ledger_status_before) read it. FALSE when this leg's
 * differs, named at most 100 times (the caller names a posting once). */
static gboolean
leg_dated (LegSums *s,
           gint64   posting,
           gint64   leg_at,
           gint64   posting_at)
{
  if (leg_at == posting_at)
    return TRUE;
  if (s->undated++ < 100)
    problem (s->report, _("Kaki posting #%" G_GINT64_FORMAT " tidak bertanggal sama dengan postingnya"), posting);
  return FALSE;
}

static void
end_posting (LegSums *s)
{
  if (s->current != 0 && s->sum != 0)
    problem (s->report, _("Posting #%" G_GINT64_FORMAT " tidak seimbang (selisih %" G_GINT64_FORMAT ")"),
             s->current, s->sum);
  if (s->current != 0 && s->legs_in_posting < 2)
    problem (s->report, _("Posting #%" G_GINT64_FORMAT " hanya punya satu kaki"), s->current);
}

static void
sum_leg (LegSums *s,
         gint64   posting,
         gint64   account,
         gint64   amount,
         gint64   earned)
{
  AccountCheck *a;

  if (posting != s->current)
    {
      end_posting (s);
      s->current = posting;
      s->sum = 0;
      s->legs_in_posting = 0;
      s->report->postings++;
    }
  s->sum += amount;
  s->legs_in_posting++;
  s->report->legs++;

  if (account < 0 || (guint64) account >= s->accounts->len
      || !g_array_index (s->accounts, AccountCheck, account).exists)
    {
      problem (s->report, _("Posting #%" G_GINT64_FORMAT " memakai akun #%" G_GINT64_FORMAT " yang tidak ada"),
               posting, account);
      return;
    }
  a = &g_array_index (s->accounts, AccountCheck, account);
  a->sum_amount += amount;
  a->sum_earned += earned;
  if (earned != 0 && !a->customer)
    problem (s->report, _("Posting #%" G_GINT64_FORMAT " memberi poin status ke akun bukan pelanggan"), posting);
  if (earned < 0)
    g_array_append_val (s->negative_earned, posting);
}

/* One pass over every leg, in posting order (the table's primary key):
 * per-posting sums and per-account totals together. The order is asked
 * for: PostgreSQL returns an updated row where it now lies, so a leg
 * edited in place would count its posting twice. */
static gboolean
scan_legs (BsnDb           *db,
           GArray          *accounts,
           GArray          *negative_earned,
           const GArray    *postings,
           BsnVerifyReport *report,
           GError         **error)
{
  gboolean dated = bsn_db_get_user_version (db) >= 11;
  BsnStmt *stmt = bsn_db_prepare_scan (db,
                                       dated ? "SELECT posting_id, account_id, amount_rp, earned_rp, at FROM legs "
                                               "ORDER BY posting_id, account_id"
                                             : "SELECT posting_id, account_id, amount_rp, earned_rp FROM legs "
                                               "ORDER BY posting_id, account_id",
                                       error);
  LegSums sums = { accounts, negative_earned, report, 0, 0, 0, 0 };
  gint64 undated = 0;   /* the last posting named for its legs' time */
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = bsn_stmt_step (stmt)) == BSN_ROW)
    {
      gint64 posting = bsn_stmt_column_int64 (stmt, 0);

      sum_leg (&sums, posting, bsn_stmt_column_int64 (stmt, 1), bsn_stmt_column_int64 (stmt, 2),
               bsn_stmt_column_int64 (stmt, 3));
      /* A leg whose posting is gone is named by the count of postings. */
      if (dated && posting != undated && posting > 0 && (guint64) posting < postings->len
          && g_array_index (postings, PostingFacts, posting).amount != G_MININT64
          && !leg_dated (&sums, posting, bsn_stmt_column_int64 (stmt, 4),
                         g_array_index (postings, PostingFacts, posting).at))
        undated = posting;
    }
  if (!scan_ended (db, stmt, rc, error))
    return FALSE;
  end_posting (&sums);
  return TRUE;
}

static void
check_accounts (GArray          *accounts,
                BsnVerifyReport *report)
{
  for (guint i = 0; i < accounts->len; i++)
    {
      AccountCheck *a = &g_array_index (accounts, AccountCheck, i);

      if (!a->exists)
        continue;
      report->accounts++;
      if (a->balance != a->sum_amount)
        problem (report, _("Saldo akun #%u tercatat %" G_GINT64_FORMAT " tetapi jumlah kakinya %" G_GINT64_FORMAT),
                 i, a->balance, a->sum_amount);
      if (a->status != a->sum_earned)
        problem (report, _("Poin status akun #%u tercatat %" G_GINT64_FORMAT " tetapi jumlah kakinya %" G_GINT64_FORMAT),
                 i, a->status, a->sum_earned);
      if (a->customer && (a->balance < 0 || a->status < 0))
        problem (report, _("Akun pelanggan #%u bersaldo negatif"), i);
    }
}

/* What a query of check_postings() finds: each row a problem. */
typedef enum
{
  FOUND_REVERSAL,   /* reversal ids */
  FOUND_FUNDING,    /* voucher codes */
  FOUND_LOT,        /* lot ids */
} Found;

/* Names each row @sql finds; FALSE with @error set when the query fails,
 * so a failed read is never taken for a book without problems. */
static gboolean
name_rows (BsnDb           *db,
           const char      *sql,
           Found            found,
           BsnVerifyReport *report,
           GError         **error)
{
  BsnStmt *stmt = bsn_db_prepare (db, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = bsn_stmt_step (stmt)) == BSN_ROW)
    switch (found)
      {
      case FOUND_REVERSAL:
        problem (report, _("Pembatalan #%" G_GINT64_FORMAT " tidak mencerminkan posting aslinya"),
                 (gint64) bsn_stmt_column_int64 (stmt, 0));
        break;
      case FOUND_FUNDING:
        problem (report, _("Pendanaan voucher %s tidak sama dengan nilainya"), bsn_stmt_column_text (stmt, 0));
        break;
      case FOUND_LOT:
      default:
        problem (report, _("Jumlah barang titipan #%" G_GINT64_FORMAT " tidak seimbang"),
                 (gint64) bsn_stmt_column_int64 (stmt, 0));
        break;
      }
  return scan_ended (db, stmt, rc, error);
}

/* @total: the postings read in this snapshot (each pass reads them all,
 * in id order, before it ends). */
static gboolean
check_postings (BsnDb           *db,
                GArray          *negative_earned,
                gint64           total,
                BsnVerifyReport *report,
                GError         **error)
{
  BsnStmt *stmt;

  if ((guint64) total != report->postings)
    problem (report, _("%" G_GINT64_FORMAT " posting tercatat tetapi hanya %" G_GUINT64_FORMAT " yang punya kaki"),
             total, report->postings);

  /* Status points fall only when an earning is reversed. */
  stmt = bsn_db_prepare (db, "SELECT reverses_id FROM postings WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < negative_earned->len; i++)
    {
      gint64 id = g_array_index (negative_earned, gint64, i);
      gboolean reversal = FALSE;
      int rc;

      bsn_stmt_reset (stmt);
      bsn_stmt_bind_int64 (stmt, 1, id);
      if ((rc = bsn_stmt_step (stmt)) == BSN_ROW)
        reversal = !bsn_stmt_column_is_null (stmt, 0);
      else if (!scan_ended (db, stmt, rc, error))
        return FALSE;
      if (!reversal)
        problem (report, _("Posting #%" G_GINT64_FORMAT " menurunkan poin status padahal bukan pembatalan"), id);
    }
  bsn_stmt_reset (stmt);

  /* A reversal mirrors its original leg by leg. */
  if (!name_rows (db,
                  "SELECT r.id FROM postings r WHERE r.reverses_id IS NOT NULL AND ("
                  " (SELECT count(*) FROM legs WHERE posting_id = r.id) !="
                  " (SELECT count(*) FROM legs WHERE posting_id = r.reverses_id)"
                  " OR EXISTS (SELECT 1 FROM legs lr LEFT JOIN legs lo"
                  "   ON lo.posting_id = r.reverses_id AND lo.account_id = lr.account_id"
                  "   WHERE lr.posting_id = r.id AND (lo.amount_rp IS NULL"
                  "     OR lo.amount_rp != -lr.amount_rp OR lo.earned_rp != -lr.earned_rp)))",
                  FOUND_REVERSAL, report, error))
    return FALSE;

  /* Outstanding vouchers are exactly what the clearing account holds, and
   * each voucher's funding adds up to its value. */
  {
    gint64 clearing = 0, outstanding = 0;

    if (!bsn_db_read_int (db, "SELECT balance_rp FROM accounts WHERE id = 1", _("Memeriksa buku poin"), &clearing,
                          error)
        || !bsn_db_read_int (db,
                             "SELECT coalesce(sum(value_rp), 0) FROM vouchers v "
                             "WHERE NOT EXISTS (SELECT 1 FROM redemptions r WHERE r.voucher_id = v.id)",
                             _("Memeriksa buku poin"), &outstanding, error))
      return FALSE;
    if (clearing != outstanding)
      problem (report, _("Akun kliring %" G_GINT64_FORMAT " tidak sama dengan voucher beredar %" G_GINT64_FORMAT),
               clearing, outstanding);
  }
  if (!name_rows (db,
                  "SELECT v.code FROM vouchers v WHERE v.value_rp != "
                  "(SELECT coalesce(sum(amount_rp), 0) FROM voucher_funding WHERE voucher_id = v.id)",
                  FOUND_FUNDING, report, error))
    return FALSE;

  /* Consignment quantities are conserved: accepted = sold + remaining +
   * returned, with nothing sold or returned beyond what was accepted. */
  return name_rows (db,
                    "SELECT lot_id FROM lot_events GROUP BY lot_id HAVING "
                    "coalesce(sum(CASE WHEN kind = 'sale' THEN qty END), 0) "
                    "+ coalesce(sum(CASE WHEN kind = 'return' THEN qty END), 0) "
                    "> coalesce(sum(CASE WHEN kind = 'accept' THEN qty END), 0) "
                    "OR sum(CASE WHEN kind = 'accept' THEN 1 ELSE 0 END) > 1 "
                    "OR sum(CASE WHEN kind = 'return' THEN 1 ELSE 0 END) > 1",
                    FOUND_LOT, report, error);
}

/* The amount and time of every posting, PostingFacts indexed by id, and
 * how many there are in @total. */
static GArray *
load_postings (BsnDb   *db,
               gint64  *total,
               GError **error)
{
  BsnStmt *stmt = bsn_db_prepare_scan (db, "SELECT id, amount_rp, at FROM postings ORDER BY id", error);
  g_autoptr(GArray) postings = g_array_new (FALSE, FALSE, sizeof (PostingFacts));
  const PostingFacts none = { G_MININT64, 0 };
  int rc;

  *total = 0;
  if (stmt == NULL)
    return NULL;
  while ((rc = bsn_stmt_step (stmt)) == BSN_ROW)
    {
      gint64 id = bsn_stmt_column_int64 (stmt, 0);

      ++*total;
      if (id < 0 || id > G_MAXINT32)
        continue;
      while (postings->len <= (guint) id)
        g_array_append_val (postings, none);
      g_array_index (postings, PostingFacts, id) = (PostingFacts) { bsn_stmt_column_int64 (stmt, 1),
                                                                    bsn_stmt_column_int64 (stmt, 2) };
    }
  if (!scan_ended (db, stmt, rc, error))
    return NULL;
  return g_steal_pointer (&postings);
}

/* Each customer's first receipt time (the award keeps it on the customer)
 * equals the earliest of the customer's receipts, @firsts indexed by
 * customer id (G_MAXINT64: none). */
static gboolean
check_first_receipts (BsnDb           *db,
                      GArray          *firsts,
                      BsnVerifyReport *report,
                      GError         **error)
{
  BsnStmt *stmt = bsn_db_prepare_scan (db, "SELECT id, code, coalesce(first_receipt_at, ?1) FROM customers",
                                            error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  bsn_stmt_bind_int64 (stmt, 1, G_MAXINT64);
  while ((rc = bsn_stmt_step (stmt)) == BSN_ROW)
    {
      gint64 id = bsn_stmt_column_int64 (stmt, 0);
      gint64 first = G_MAXINT64;

      if (id >= 0 && id < (gint64) firsts->len)
        first = g_array_index (firsts, gint64, id);
      if (bsn_stmt_column_int64 (stmt, 2) != first)
        problem (report, _("Pelanggan %s: waktu struk pertamanya tidak cocok dengan struk-struknya"),
                 bsn_stmt_column_text (stmt, 1));
    }
  return scan_ended (db, stmt, rc, error);
}

/* What a receipt says its award posting holds, kept by posting id. */
typedef struct
{
  gint64 value;
  gint64 receipt_id;   /* 0: no receipt names this posting */
} Claim;

/* The receipts checked as they come, in id order, their parts read
 * beside them (a second scan in receipt order, merged here). */
typedef struct _ClaimWindow ClaimWindow;

typedef struct
{
  GArray          *claims;   /* NULL: the claims go to @window */
  GArray          *firsts;   /* each customer's earliest receipt, by customer id (G_MAXINT64: none) */
  BsnVerifyReport *report;
  BsnStmt         *parts;
  int              parts_rc;
  ClaimWindow     *window;
  BsnDb           *db;
  GError          *parts_error;   /* why the parts' scan failed, read when it did */
} ReceiptClaims;

static void window_claim (ClaimWindow *w, gint64 posting, gint64 value, gint64 receipt_id, const char *name);

/* Steps the parts' scan. A failed step's error is read there and then:
 * the connection runs other statements (the chain's rows) before the
 * scan's end is checked, and they would leave "not an error". */
static void
step_parts (ReceiptClaims *rc)
{
  rc->parts_rc = bsn_stmt_step (rc->parts);
  if (rc->parts_rc != BSN_ROW && rc->parts_rc != BSN_DONE)
    bsn_db_set_error (rc->db, &rc->parts_error, _("Memeriksa buku poin"));
}

static void
claim_receipt (ReceiptClaims *rc,
               gint64         id,
               const char    *name,
               gint64         customer,
               gint64         at,
               gint64         value,
               gint64         posting)
{
  const gint64 never = G_MAXINT64;
  const Claim nobody = { 0, 0 };
  gint64 parts_sum = 0;
  gboolean claimable = posting > 0 && posting <= G_MAXINT32;

  if (customer >= 0 && customer <= G_MAXINT32)
    {
      while (rc->firsts->len <= (guint) customer)
        g_array_append_val (rc->firsts, never);
      if (at < g_array_index (rc->firsts, gint64, customer))
        g_array_index (rc->firsts, gint64, customer) = at;
    }

  /* Parts of receipts that do not exist are skipped (the foreign key
   * keeps them out). */
  while (rc->parts_rc == BSN_ROW && bsn_stmt_column_int64 (rc->parts, 0) < id)
    step_parts (rc);
  while (rc->parts_rc == BSN_ROW && bsn_stmt_column_int64 (rc->parts, 0) == id)
    {
      parts_sum += bsn_stmt_column_int64 (rc->parts, 1);
      step_parts (rc);
    }
  if (rc->window != NULL)
    {
      /* A rewarded receipt names a posting; whether it is its own alone
       * and holds the value, the window tells. */
      if ((value > 0) != (posting != 0) || (posting != 0 && !claimable) || parts_sum != value)
        problem (rc->report, _("Struk %s tidak cocok dengan posting poinnya"), name);
      else if (claimable)
        window_claim (rc->window, posting, value, id, name);
      return;
    }
  if (claimable)
    while (rc->claims->len <= (guint) posting)
      g_array_append_val (rc->claims, nobody);
  /* A rewarded receipt names exactly one posting of its own. */
  if ((value > 0) != (posting != 0) || (posting != 0 && !claimable) || parts_sum != value
      || (claimable && g_array_index (rc->claims, Claim, posting).receipt_id != 0))
    problem (rc->report, _("Struk %s tidak cocok dengan posting poinnya"), name);
  else if (claimable)
    g_array_index (rc->claims, Claim, posting) = (Claim) { value, id };
}

static gboolean
open_parts (BsnDb         *db,
            ReceiptClaims *rc,
            GError       **error)
{
  rc->parts = bsn_db_prepare_scan (db, "SELECT receipt_id, value_rp FROM receipt_parts ORDER BY receipt_id", error);
  if (rc->parts == NULL)
    return FALSE;
  rc->db = db;
  step_parts (rc);
  return TRUE;
}

/* Every rewarded receipt names an award posting and its value is the sum
 * of its parts; each customer's first receipt time is the earliest of its
 * receipts. The receipts and their parts are two scans in id order merged
 * here, not a join (a million receipts take a third of the time). What
 * each receipt says of its posting goes into @claims, checked against the
 * postings by match_claims(). */
static gboolean
scan_receipts (BsnDb           *db,
               GArray          *claims,
               BsnVerifyReport *report,
               GError         **error)
{
  g_autoptr(GArray) firsts = g_array_new (FALSE, FALSE, sizeof (gint64));
  ReceiptClaims rc = { claims, firsts, report, NULL, 0, NULL };
  BsnStmt *receipts;
  gboolean ok;
  int step;

  receipts = bsn_db_prepare_scan (db,
                                  "SELECT id, receipt, value_rp, coalesce(posting_id, 0), customer_id, at "
                                  "FROM receipts ORDER BY id",
                                  error);
  if (receipts == NULL)
    return FALSE;
  if (!open_parts (db, &rc, error))
    {
      bsn_stmt_reset (receipts);
      return FALSE;
    }
  while ((step = bsn_stmt_step (receipts)) == BSN_ROW)
    claim_receipt (&rc, bsn_stmt_column_int64 (receipts, 0), bsn_stmt_column_text (receipts, 1),
                   bsn_stmt_column_int64 (receipts, 4), bsn_stmt_column_int64 (receipts, 5),
                   bsn_stmt_column_int64 (receipts, 2), bsn_stmt_column_int64 (receipts, 3));
  /* The error is read before the resets clear it. */
  ok = step == BSN_DONE && rc.parts_error == NULL;
  if (step != BSN_DONE)
    bsn_db_set_error (db, error, _("Memeriksa buku poin"));
  else if (rc.parts_error != NULL)
    g_propagate_error (error, g_steal_pointer (&rc.parts_error));
  g_clear_error (&rc.parts_error);
  bsn_stmt_reset (receipts);
  bsn_stmt_reset (rc.parts);
  return ok && check_first_receipts (db, firsts, report, error);
}

/* Each claimed posting exists and holds exactly the receipt's value. */
static void
match_claims (BsnDb           *db,
              GArray          *claims,
              GArray          *postings,
              BsnVerifyReport *report)
{
  for (guint p = 0; p < claims->len; p++)
    {
      const Claim *c = &g_array_index (claims, Claim, p);
      g_autofree char *name = NULL;
      BsnStmt *stmt;

      if (c->receipt_id == 0
          || (p < postings->len && g_array_index (postings, PostingFacts, p).amount == c->value))
        continue;
      stmt = bsn_db_prepare (db, "SELECT receipt FROM receipts WHERE id = ?1", NULL);
      if (stmt != NULL)
        {
          bsn_stmt_bind_int64 (stmt, 1, c->receipt_id);
          if (bsn_stmt_step (stmt) == BSN_ROW)
            name = g_strdup (bsn_stmt_column_text (stmt, 0));
          bsn_stmt_reset (stmt);
        }
      if (name == NULL)
        name = g_strdup_printf ("#%" G_GINT64_FORMAT, c->receipt_id);
      problem (report, _("Struk %s tidak cocok dengan posting poinnya"), name);
    }
}

/* The receipt check on one connection, with the @postings read in the
 * same snapshot. */
static gboolean
check_receipts (BsnDb           *db,
                GArray          *postings,
                BsnVerifyReport *report,
                GError         **error)
{
  g_autoptr(GArray) claims = g_array_new (FALSE, FALSE, sizeof (Claim));

  if (!scan_receipts (db, claims, report, error))
    return FALSE;
  match_claims (db, claims, postings, report);
  return TRUE;
}

/* The newest posting and receipt of this connection's snapshot. */
typedef struct
{
  gint64 posting;
  gint64 receipt;
} SnapshotEnds;

static SnapshotEnds
snapshot_ends (BsnDb *db)
{
  return (SnapshotEnds) {
    bsn_db_query_int (db, "SELECT coalesce(max(id), 0) FROM postings", -1),
    bsn_db_query_int (db, "SELECT coalesce(max(id), 0) FROM receipts", -1),
  };
}

/* The receipts scanned on their own connection and thread while this one
 * reads the postings and scans the legs. The receipts' claims are
 * matched with the postings' amounts only when both snapshots hold the same
 * postings and receipts: both are append-only with growing ids, so equal
 * newest ids mean equal rows. Otherwise (someone committed in between)
 * the receipts are scanned again here. */
typedef struct
{
  char            *path;
  char            *snapshot;  /* PostgreSQL: the snapshot to read in */
  BsnVerifyReport *report;
  GArray          *claims;
  SnapshotEnds     ends;
  GError          *error;
} ReceiptCheck;

static gpointer
receipt_check_thread (gpointer data)
{
  ReceiptCheck *rc = data;
  g_autoptr(BsnDb) db = bsn_db_open (rc->path, BSN_DB_OPEN_READONLY, &rc->error);

  if (db == NULL)
    return NULL;
  if (!bsn_db_begin_read (db, rc->snapshot, &rc->error))
    return NULL;
  if (scan_receipts (db, rc->claims, rc->report, &rc->error))
    rc->ends = snapshot_ends (db);
  bsn_db_rollback (db);
  return NULL;
}

/* Joins the receipt thread inside this connection's read transaction and
 * finishes the receipt check with its results, or alone when they do not
 * fit this snapshot. */
static gboolean
finish_receipts (BsnDb           *db,
                 GThread         *thread,
                 ReceiptCheck    *beside,
                 GArray          *postings,
                 BsnVerifyReport *report,
                 GError         **error)
{
  SnapshotEnds ends = snapshot_ends (db);

  g_thread_join (thread);
  /* A second connection that could not read (a file it may not open), or
   * a snapshot with other rows: the receipts are read here after all. */
  if (beside->error != NULL || ends.posting < 0 || ends.receipt < 0
      || beside->ends.posting != ends.posting || beside->ends.receipt != ends.receipt)
    return check_receipts (db, postings, report, error);
  for (guint i = 0; i < beside->report->problems->len; i++)
    problem (report, "%s", (const char *) g_ptr_array_index (beside->report->problems, i));
  match_claims (db, beside->claims, postings, report);
  return TRUE;
}

static gboolean
can_read_beside (BsnDb *db)
{
  const char *path = bsn_db_get_path (db);
  BsnStmt *stmt;
  gboolean wal = FALSE;

  /* This connection sees only committed data when it has no transaction
   * open. A PostgreSQL server lets a second connection read in this
   * one's snapshot (bsn_db_export_snapshot); of SQLite, only a file in
   * WAL mode lets a second reader in beside this one. */
  if (path == NULL || *path == '\0' || bsn_db_in_transaction (db))
    return FALSE;
  if (bsn_db_get_engine (db) == BSN_ENGINE_POSTGRESQL)
    return TRUE;
  if (g_strcmp0 (path, ":memory:") == 0)
    return FALSE;
  stmt = bsn_db_prepare (db, "PRAGMA journal_mode", NULL);
  if (stmt == NULL)
    return FALSE;
  if (bsn_stmt_step (stmt) == BSN_ROW)
    wal = g_ascii_strcasecmp (bsn_stmt_column_text (stmt, 0), "wal") == 0;
  bsn_stmt_reset (stmt);
  return wal;
}

BsnVerifyReport *
bsn_ledger_verify (BsnDb   *db,
                   GError **error)
{
  g_autoptr(BsnVerifyReport) report = g_new0 (BsnVerifyReport, 1);
  g_autoptr(GArray) accounts = g_array_new (FALSE, TRUE, sizeof (AccountCheck));
  g_autoptr(GArray) negative_earned = g_array_new (FALSE, FALSE, sizeof (gint64));
  gboolean ok;

  ReceiptCheck beside = { 0 };
  GThread *thread = NULL;

  report->ok = TRUE;
  report->problems = g_ptr_array_new_with_free_func (g_free);

  if (can_read_beside (db))
    {
      beside.path = g_strdup (bsn_db_get_path (db));
      beside.report = g_new0 (BsnVerifyReport, 1);
      beside.report->ok = TRUE;
      beside.report->problems = g_ptr_array_new_with_free_func (g_free);
      beside.claims = g_array_new (FALSE, FALSE, sizeof (Claim));
    }
  /* SQLite's second reader starts at once (the snapshots are compared
   * after); PostgreSQL's reads in this transaction's snapshot, once
   * there is one. */
  if (beside.path != NULL && bsn_db_get_engine (db) == BSN_ENGINE_SQLITE)
    thread = g_thread_try_new ("bsn-verify", receipt_check_thread, &beside, NULL);

  /* One read transaction: a consistent snapshot even while others write. */
  ok = bsn_db_begin_read (db, NULL, error);
  if (ok && beside.path != NULL && bsn_db_get_engine (db) == BSN_ENGINE_POSTGRESQL
      && (beside.snapshot = bsn_db_export_snapshot (db)) != NULL)
    thread = g_thread_try_new ("bsn-verify", receipt_check_thread, &beside, NULL);
  if (ok)
    {
      /* The postings first: the legs are checked against their times. */
      gint64 total = 0;
      g_autoptr(GArray) postings = NULL;

      ok = load_accounts (db, accounts, error) && (postings = load_postings (db, &total, error)) != NULL
           && scan_legs (db, accounts, negative_earned, postings, report, error)
           && check_postings (db, negative_earned, total, report, error);
      if (thread != NULL && ok)
        {
          ok = finish_receipts (db, thread, &beside, postings, report, error);
          thread = NULL;
        }
      else if (ok)
        ok = check_receipts (db, postings, report, error);
      bsn_db_rollback (db);
    }
  if (thread != NULL)
    g_thread_join (thread);
  g_clear_error (&beside.error);
  g_clear_pointer (&beside.report, bsn_verify_report_free);
  g_clear_pointer (&beside.claims, g_array_unref);
  g_free (beside.path);
  g_free (beside.snapshot);
  if (!ok)
    return NULL;
  check_accounts (accounts, report);
  return g_steal_pointer (&report);
}

/* ---- Claims matched as the postings pass (bounded memory) ----
 *
 * In the pass shared with the chain check the postings and the receipts
 * arrive in id order, each receipt soon after its award posting (both are
 * sealed by the same commit). Each claim is matched with its posting
 * there and then: the postings not yet claimed wait in a window, the
 * claims that come before their posting wait in a short list, and one bit
 * a posting id remembers which postings were claimed (a second claim is a
 * receipt that is not its posting's own). What falls outside (a window
 * overflowing, claims out of order, as a book sealed whole by the version
 * 13 step has them) is checked at the end, one primary-key read each.
 * Ten million receipts keep a few MiB instead of a claim and an amount
 * for every posting id. */

#define WINDOW_MAX   (1u << 18)   /* postings waiting for their claim */
#define PENDING_MAX  (1u << 16)   /* claims waiting for their posting */

typedef struct
{
  gint64 id;
  gint64 amount;
} WaitingPosting;

typedef struct
{
  gint64 posting;
  gint64 value;
  gint64 receipt_id;
} WaitingClaim;

struct _ClaimWindow
{
  BsnVerifyReport *report;
  GArray          *postings;   /* WaitingPosting, from @head on, in id order */
  guint            head;
  GArray          *pending;    /* WaitingClaim: posting not handed yet */
  GArray          *later;      /* WaitingClaim: read back at the end */
  GByteArray      *claimed;    /* a bit a posting id */
  gint64           last_posting;
};

static ClaimWindow *
window_new (BsnVerifyReport *report)
{
  ClaimWindow *w = g_new0 (ClaimWindow, 1);

  w->report = report;
  w->postings = g_array_new (FALSE, FALSE, sizeof (WaitingPosting));
  w->pending = g_array_new (FALSE, FALSE, sizeof (WaitingClaim));
  w->later = g_array_new (FALSE, FALSE, sizeof (WaitingClaim));
  w->claimed = g_byte_array_new ();
  return w;
}

/* Called by g_clear_pointer (): never with NULL. */
static void
window_free (ClaimWindow *w)
{
  g_array_unref (w->postings);
  g_array_unref (w->pending);
  g_array_unref (w->later);
  g_byte_array_unref (w->claimed);
  g_free (w);
}

static void
window_mismatch (ClaimWindow *w,
                 const char  *name)
{
  problem (w->report, _("Struk %s tidak cocok dengan posting poinnya"), name);
}

static void
window_posting (ClaimWindow *w,
                gint64       id,
                gint64       amount)
{
  WaitingPosting p = { id, amount };

  w->last_posting = MAX (w->last_posting, id);
  for (guint i = 0; i < w->pending->len; i++)
    {
      const WaitingClaim *c = &g_array_index (w->pending, WaitingClaim, i);

      if (c->posting != id)
        continue;
      if (c->value != amount)
        g_array_append_val (w->later, *c);   /* named at the end, by its receipt */
      g_array_remove_index_fast (w->pending, i);
      return;
    }
  if (w->postings->len - w->head >= WINDOW_MAX)
    w->head++;   /* a claim for it, if any, is read back at the end */
  if (w->head > 0 && w->head >= w->postings->len / 2)
    {
      g_array_remove_range (w->postings, 0, w->head);
      w->head = 0;
    }
  g_array_append_val (w->postings, p);
}

static void
window_claim (ClaimWindow *w,
              gint64       posting,
              gint64       value,
              gint64       receipt_id,
              const char  *name)
{
  WaitingClaim c = { posting, value, receipt_id };
  guint byte = (guint) (posting >> 3);
  guint8 bit = (guint8) (1u << (posting & 7));

  if (w->claimed->len <= byte)
    {
      guint from = w->claimed->len;

      g_byte_array_set_size (w->claimed, MAX (byte + 1, from * 2));
      memset (w->claimed->data + from, 0, w->claimed->len - from);
    }
  if (w->claimed->data[byte] & bit)
    {
      window_mismatch (w, name);   /* a second receipt names the posting */
      return;
    }
  w->claimed->data[byte] |= bit;

  if (posting > w->last_posting)
    {
      if (w->pending->len < PENDING_MAX)
        g_array_append_val (w->pending, c);
      else
        g_array_append_val (w->later, c);
      return;
    }
  /* The postings before it were not claimed in order: a claim for one of
   * them comes out of order and is read back at the end. */
  while (w->head < w->postings->len && g_array_index (w->postings, WaitingPosting, w->head).id < posting)
    w->head++;
  if (w->head < w->postings->len && g_array_index (w->postings, WaitingPosting, w->head).id == posting)
    {
      if (g_array_index (w->postings, WaitingPosting, w->head).amount != value)
        window_mismatch (w, name);
      w->head++;
      return;
    }
  g_array_append_val (w->later, c);
}

/* The claims left: each read back by its posting's primary key. */
static void
window_finish (ClaimWindow *w,
               BsnDb       *db)
{
  BsnStmt *amount_stmt;

  g_array_append_vals (w->later, w->pending->data, w->pending->len);
  g_array_set_size (w->pending, 0);
  if (w->later->len == 0)
    return;
  amount_stmt = bsn_db_prepare (db, "SELECT amount_rp FROM postings WHERE id = ?1", NULL);
  for (guint i = 0; i < w->later->len; i++)
    {
      const WaitingClaim *c = &g_array_index (w->later, WaitingClaim, i);
      gboolean ok = FALSE;
      g_autofree char *name = NULL;
      BsnStmt *stmt;

      if (amount_stmt != NULL)
        {
          bsn_stmt_bind_int64 (amount_stmt, 1, c->posting);
          ok = bsn_stmt_step (amount_stmt) == BSN_ROW && bsn_stmt_column_int64 (amount_stmt, 0) == c->value;
          bsn_stmt_reset (amount_stmt);
        }
      if (ok)
        continue;
      stmt = bsn_db_prepare (db, "SELECT receipt FROM receipts WHERE id = ?1", NULL);
      if (stmt != NULL)
        {
          bsn_stmt_bind_int64 (stmt, 1, c->receipt_id);
          if (bsn_stmt_step (stmt) == BSN_ROW)
            name = g_strdup (bsn_stmt_column_text (stmt, 0));
          bsn_stmt_reset (stmt);
        }
      if (name == NULL)
        name = g_strdup_printf ("#%" G_GINT64_FORMAT, c->receipt_id);
      window_mismatch (w, name);
    }
}

/* ---- The pass shared with the chain check ---- */

struct _BsnLedgerScan
{
  BsnDb           *db;
  BsnVerifyReport *report;
  LegSums          legs;
  ReceiptClaims    receipts;
  gint64           posting_id;   /* the last posting handed on, and its time */
  gint64           posting_at;
  gint64           postings;     /* how many were handed on */
};

/* The parts' scan is reset already: bsn_ledger_scan_new () fails before
 * it opens, bsn_ledger_scan_finish () resets it. */
static void
scan_free (BsnLedgerScan *scan)
{
  g_clear_pointer (&scan->report, bsn_verify_report_free);
  g_clear_pointer (&scan->legs.accounts, g_array_unref);
  g_clear_pointer (&scan->legs.negative_earned, g_array_unref);
  g_clear_pointer (&scan->receipts.firsts, g_array_unref);
  g_clear_pointer (&scan->receipts.window, window_free);
  g_clear_error (&scan->receipts.parts_error);
  g_free (scan);
}

BsnLedgerScan *
bsn_ledger_scan_new (BsnDb   *db,
                     GError **error)
{
  BsnLedgerScan *scan = g_new0 (BsnLedgerScan, 1);

  scan->db = db;
  scan->report = g_new0 (BsnVerifyReport, 1);
  scan->report->ok = TRUE;
  scan->report->problems = g_ptr_array_new_with_free_func (g_free);
  scan->legs = (LegSums) { g_array_new (FALSE, TRUE, sizeof (AccountCheck)),
                           g_array_new (FALSE, FALSE, sizeof (gint64)), scan->report, 0, 0, 0, 0 };
  scan->receipts = (ReceiptClaims) { NULL, g_array_new (FALSE, FALSE, sizeof (gint64)), scan->report, NULL, 0,
                                     window_new (scan->report) };
  if (!load_accounts (db, scan->legs.accounts, error) || !open_parts (db, &scan->receipts, error))
    {
      scan_free (scan);
      return NULL;
    }
  return scan;
}

void
bsn_ledger_scan_posting (gpointer data,
                         gint64   id,
                         gint64   at,
                         gint64   amount_rp)
{
  BsnLedgerScan *scan = data;

  scan->postings++;
  scan->posting_id = id;
  scan->posting_at = at;
  if (id < 0 || id > G_MAXINT32)
    return;
  window_posting (scan->receipts.window, id, amount_rp);
}

void
bsn_ledger_scan_leg (gpointer data,
                     gint64   posting_id,
                     gint64   account_id,
                     gint64   amount_rp,
                     gint64   earned_rp,
                     gint64   at)
{
  BsnLedgerScan *scan = data;

  sum_leg (&scan->legs, posting_id, account_id, amount_rp, earned_rp);
  /* A leg whose posting is gone is named by the count of postings. */
  if (posting_id == scan->posting_id && !leg_dated (&scan->legs, posting_id, at, scan->posting_at))
    scan->posting_id = 0;   /* once per posting */
}

void
bsn_ledger_scan_receipt (gpointer    data,
                         gint64      id,
                         const char *receipt,
                         gint64      customer_id,
                         gint64      at,
                         gint64      value_rp,
                         gint64      posting_id)
{
  BsnLedgerScan *scan = data;

  claim_receipt (&scan->receipts, id, receipt, customer_id, at, value_rp, posting_id);
}

BsnVerifyReport *
bsn_ledger_scan_finish (BsnLedgerScan *scan,
                        GError       **error)
{
  BsnVerifyReport *report = NULL;
  gboolean ok;

  end_posting (&scan->legs);
  /* The parts' scan failed when step_parts () read why. */
  ok = scan->receipts.parts_error == NULL;
  if (!ok)
    g_propagate_error (error, g_steal_pointer (&scan->receipts.parts_error));
  bsn_stmt_reset (scan->receipts.parts);
  scan->receipts.parts = NULL;
  ok = ok && check_postings (scan->db, scan->legs.negative_earned, scan->postings, scan->report, error)
       && check_first_receipts (scan->db, scan->receipts.firsts, scan->report, error);
  if (ok)
    {
      window_finish (scan->receipts.window, scan->db);
      check_accounts (scan->legs.accounts, scan->report);
      report = g_steal_pointer (&scan->report);
    }
  scan_free (scan);
  return report;
}
