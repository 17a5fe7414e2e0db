/* bsn-expiry.c — point expiry over the ledger (see bsn-expiry.h,
 * DOMAIN.md §7; the rules are in rules/bsn-expiry-rules.c). */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "bsn-audit.h"
#include "bsn-auth.h"
#include "bsn-award-rules.h"
#include "bsn-customer.h"
#include "bsn-error.h"
#include "bsn-expiry-rules.h"
#include "bsn-expiry.h"
#include "bsn-ledger.h"
#include "bsn-money.h"

#include <string.h>

typedef struct
{
  BsnTime from;
  gint    months;
} Policy;

/* Every policy version, in force order (later id wins on the same time). */
static GArray *
load_policies (BsnDb   *db,
               GError **error)
{
  g_autoptr(GArray) list = g_array_new (FALSE, FALSE, sizeof (Policy));
  BsnStmt *stmt = bsn_db_prepare (db, "SELECT effective_from, months FROM expiry_policies "
                                      "ORDER BY effective_from, id", error);
  BsnStep rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = bsn_stmt_step (stmt)) == BSN_ROW)
    {
      Policy p = { bsn_stmt_column_int64 (stmt, 0), bsn_stmt_column_int (stmt, 1) };
      g_array_append_val (list, p);
    }
  /* A policy missing would expire points at the wrong time, or never. */
  if (!bsn_db_scan_ended (db, stmt, rc, _("Membaca kedaluwarsa poin"), error))
    return NULL;
  return g_steal_pointer (&list);
}

static gint
policy_months_at (GArray  *policies,
                  BsnTime  at)
{
  gint months = 0;

  for (guint i = 0; i < policies->len && g_array_index (policies, Policy, i).from <= at; i++)
    months = g_array_index (policies, Policy, i).months;
  return months;
}

gboolean
bsn_expiry_months_at (BsnDb   *db,
                      BsnTime  at,
                      gint    *out_months,
                      GError **error)
{
  g_autoptr(GArray) policies = load_policies (db, error);

  if (policies == NULL)
    return FALSE;
  *out_months = policy_months_at (policies, at);
  return TRUE;
}

gboolean
bsn_expiry_set (BsnDb      *db,
                gint        months,
                BsnTime     from,
                const char *reason,
                gint64     *out_version,
                GError    **error)
{
  g_autofree char *reason_trimmed = g_strstrip (g_strdup (reason ? reason : ""));
  g_autofree char *before = NULL, *after = NULL, *iso = bsn_time_format_iso (from);
  const char *author;
  gint old = 0;
  gint64 version;
  BsnStmt *stmt;
  BsnStep rc;

  if (months < 0 || months > BSN_EXPIRY_MAX_MONTHS)
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID, _("Masa berlaku poin 0 sampai %d bulan (0 = tidak hangus)"),
                   BSN_EXPIRY_MAX_MONTHS);
      return FALSE;
    }
  if (*reason_trimmed == '\0')
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID, _("Alasan perubahan kebijakan wajib diisi"));
      return FALSE;
    }
  if (!bsn_db_begin (db, TRUE, error))
    return FALSE;
  if (!bsn_auth_require (db, BSN_PERM_TIERS, error) || !bsn_expiry_months_at (db, from, &old, error))
    goto fail;
  stmt = bsn_db_prepare (db, "SELECT max(at) FROM receipts WHERE at >= ?1", error);
  if (stmt == NULL)
    goto fail;
  bsn_stmt_bind_int64 (stmt, 1, from);
  rc = bsn_stmt_step (stmt);
  if (rc == BSN_ROW && !bsn_stmt_column_is_null (stmt, 0))
    {
      g_autofree char *when = bsn_time_format_iso (bsn_stmt_column_int64 (stmt, 0));
      bsn_stmt_reset (stmt);
      g_set_error (error, BSN_ERROR, BSN_ERROR_REFUSED,
                   _("Sudah ada struk yang dihitung sampai %s; riwayat tidak boleh berubah, "
                     "pilih waktu mulai berlaku sesudahnya"), when);
      goto fail;
    }
  /* An unread history is not one without receipts after @from. */
  if (!bsn_db_scan_ended (db, stmt, rc, _("Membaca struk"), error))
    goto fail;
  author = bsn_db_get_actor (db, NULL);
  stmt = bsn_db_prepare (db, "INSERT INTO expiry_policies (months, effective_from, author, reason, created_at) "
                             "VALUES (?1, ?2, ?3, ?4, ?5)", error);
  if (stmt == NULL)
    goto fail;
  bsn_stmt_bind_int (stmt, 1, months);
  bsn_stmt_bind_int64 (stmt, 2, from);
  bsn_stmt_bind_text (stmt, 3, author != NULL ? author : _("sistem"));
  bsn_stmt_bind_text (stmt, 4, reason_trimmed);
  bsn_stmt_bind_int64 (stmt, 5, bsn_time_now_unix ());
  if (!bsn_db_step_done (db, stmt, _("Menyimpan kebijakan masa berlaku poin"), error))
    goto fail;
  version = bsn_db_last_insert_id (db);
  before = bsn_audit_json ("months", BSN_AUDIT_INT, (gint64) old, NULL);
  after = bsn_audit_json ("version", BSN_AUDIT_INT, version, "months", BSN_AUDIT_INT, (gint64) months,
                          "effective_from", BSN_AUDIT_STR, iso, "reason", BSN_AUDIT_STR, reason_trimmed, NULL);
  if (!bsn_audit_record (db, "expiry.set", "poin", before, after, error))
    goto fail;
  /* A commit that fails has rolled back already. */
  if (!bsn_db_commit (db, error))
    return FALSE;
  if (out_version != NULL)
    *out_version = version;
  return TRUE;

fail:
  bsn_db_rollback (db);
  return FALSE;
}

/* The customer's point events in time order (rules/bsn-expiry-rules.h):
 * an award or bonus is a lot expiring by the policy at its time; other
 * credits are lots that never expire; an expiry posting closes its lot, a
 * reversal takes back the lot it reverses; any other debit is a spending. */
static GArray *
load_events (BsnDb   *db,
             GArray  *policies,
             gint64   account,
             GError **error)
{
  g_autoptr(GArray) events = g_array_new (FALSE, FALSE, sizeof (BsnPointEvent));
  BsnStmt *stmt = bsn_db_prepare (db,
                                  "SELECT p.id, p.kind, p.at, l.amount_rp, coalesce(p.reverses_id, 0), "
                                  "  coalesce(x.lot_posting_id, 0) "
                                  "FROM legs l JOIN postings p ON p.id = l.posting_id "
                                  "LEFT JOIN point_expiries x ON x.posting_id = p.id "
                                  "WHERE l.account_id = ?1 AND l.amount_rp <> 0 ORDER BY p.at, p.id",
                                  error);
  BsnStep rc;

  if (stmt == NULL)
    return NULL;
  bsn_stmt_bind_int64 (stmt, 1, account);
  while ((rc = bsn_stmt_step (stmt)) == BSN_ROW)
    {
      gint64 id = bsn_stmt_column_int64 (stmt, 0), amount = bsn_stmt_column_int64 (stmt, 3);
      const char *kind = bsn_stmt_column_text (stmt, 1);
      BsnPointEvent e = { BSN_POINT_SPEND, bsn_stmt_column_int64 (stmt, 2), ABS (amount), id, 0 };

      if (amount > 0)
        {
          gint months = 0;
          e.kind = BSN_POINT_EARN;
          if (g_strcmp0 (kind, "award") == 0 || g_strcmp0 (kind, "bonus") == 0)
            months = policy_months_at (policies, e.at);
          e.expires_at = months > 0 ? bsn_expiry_add_months (e.at, months) : 0;
        }
      else if (bsn_stmt_column_int64 (stmt, 5) != 0)
        {
          e.kind = BSN_POINT_EXPIRED;
          e.lot_id = bsn_stmt_column_int64 (stmt, 5);
        }
      else if (bsn_stmt_column_int64 (stmt, 4) != 0)
        {
          e.kind = BSN_POINT_REVERSE;
          e.lot_id = bsn_stmt_column_int64 (stmt, 4);
        }
      g_array_append_val (events, e);
    }
  /* Spends missing would leave points to expire that were used. */
  if (!bsn_db_scan_ended (db, stmt, rc, _("Membaca buku poin"), error))
    return NULL;
  return g_steal_pointer (&events);
}

static GArray *
customer_lots (BsnDb   *db,
               GArray  *policies,
               gint64   account,
               BsnTime  until,
               GError **error)
{
  g_autoptr(GArray) events = load_events (db, policies, account, error);

  if (events == NULL)
    return NULL;
  return bsn_expiry_rules_replay ((const BsnPointEvent *) events->data, events->len, until);
}

static gboolean
record_closed (BsnDb             *db,
               gint64             customer_id,
               const BsnPointLot *lot,
               gint64             amount,
               gint64             posting_id,
               GError           **error)
{
  BsnStmt *stmt = bsn_db_prepare (db, "INSERT INTO point_expiries (lot_posting_id, customer_id, expires_at, "
                                      "amount_rp, posting_id) VALUES (?1, ?2, ?3, ?4, ?5)", error);

  if (stmt == NULL)
    return FALSE;
  bsn_stmt_bind_int64 (stmt, 1, lot->lot_id);
  bsn_stmt_bind_int64 (stmt, 2, customer_id);
  bsn_stmt_bind_int64 (stmt, 3, lot->expires_at);
  bsn_stmt_bind_int64 (stmt, 4, amount);
  if (posting_id != 0)
    bsn_stmt_bind_int64 (stmt, 5, posting_id);
  return bsn_db_step_done (db, stmt, _("Mencatat poin hangus"), error);
}

#define MAX_FUNDERS 8

/* Posts the expiry of @amount of @lot: out of the customer's account, back
 * to the accounts that funded the lot's posting, in their proportion. */
static gboolean
post_expiry (BsnDb             *db,
             gint64             customer_id,
             gint64             account,
             const BsnPointLot *lot,
             gint64             amount,
             gint64            *out_posting,
             GError           **error)
{
  g_autofree char *key = g_strdup_printf ("expiry:%" G_GINT64_FORMAT, lot->lot_id);
  g_autofree char *earned = bsn_time_format_datetime (lot->at);
  g_autofree char *memo = NULL;
  gint64 funders[MAX_FUNDERS], weights[MAX_FUNDERS], parts[MAX_FUNDERS], store_id = 0;
  BsnLeg legs[MAX_FUNDERS + 1];
  BsnPostingSpec spec = { 0 };
  guint n = 0;
  BsnStmt *stmt = bsn_db_prepare (db, "SELECT l.account_id, -l.amount_rp, coalesce(p.store_id, 0) FROM legs l "
                                      "JOIN postings p ON p.id = l.posting_id "
                                      "WHERE l.posting_id = ?1 AND l.account_id <> ?2 AND l.amount_rp < 0 "
                                      "ORDER BY l.account_id", error);
  BsnStep rc;

  if (stmt == NULL)
    return FALSE;
  bsn_stmt_bind_int64 (stmt, 1, lot->lot_id);
  bsn_stmt_bind_int64 (stmt, 2, account);
  while ((rc = bsn_stmt_step (stmt)) == BSN_ROW && n < MAX_FUNDERS)
    {
      funders[n] = bsn_stmt_column_int64 (stmt, 0);
      weights[n] = bsn_stmt_column_int64 (stmt, 1);
      store_id = bsn_stmt_column_int64 (stmt, 2);
      n++;
    }
  /* Funders missing would give the expired value to the wrong ones. */
  if (!bsn_db_scan_ended (db, stmt, rc, _("Membaca buku poin"), error))
    return FALSE;
  if (n == 0)
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_CORRUPT, _("Posting #%" G_GINT64_FORMAT " tidak punya penanggung poin"),
                   lot->lot_id);
      return FALSE;
    }
  bsn_expiry_rules_split (amount, weights, n, parts);
  legs[0] = (BsnLeg) { account, -amount, 0 };
  for (guint i = 0; i < n; i++)
    legs[i + 1] = (BsnLeg) { funders[i], parts[i], 0 };
  memo = g_strdup_printf (_("Poin dari posting #%" G_GINT64_FORMAT " (%s) hangus"), lot->lot_id, earned);
  spec.idem_key = key;
  spec.kind = "expiry";
  spec.at = lot->expires_at;
  spec.store_id = store_id;
  spec.customer_id = customer_id;
  spec.amount_rp = amount;
  spec.memo = memo;
  return bsn_ledger_post (db, &spec, legs, n + 1, out_posting, NULL, error);
}

/* Closes every lot of the customer due by @at; inside a transaction. */
static gboolean
expire_customer (BsnDb   *db,
                 GArray  *policies,
                 gint64   customer_id,
                 BsnTime  at,
                 guint   *postings,
                 gint64  *value,
                 GError **error)
{
  g_autoptr(GArray) lots = NULL;
  gint64 account = bsn_ledger_customer_account (db, customer_id, error), balance = 0;

  if (account == 0 || !bsn_ledger_account_balance (db, account, &balance, NULL, error)
      || (lots = customer_lots (db, policies, account, at, error)) == NULL)
    return FALSE;
  for (guint i = 0; i < lots->len; i++)
    {
      const BsnPointLot *lot = &g_array_index (lots, BsnPointLot, i);
      gint64 amount = MIN (bsn_expiry_rules_due (lot, at), MAX (balance, 0)), posting = 0;

      if (lot->closed || lot->expires_at == 0 || lot->expires_at > at)
        continue;
      if (amount > 0 && !post_expiry (db, customer_id, account, lot, amount, &posting, error))
        return FALSE;
      if (!record_closed (db, customer_id, lot, amount, posting, error))
        return FALSE;
      balance -= amount;
      if (amount > 0)
        {
          *postings += 1;
          *value += amount;
        }
    }
  return TRUE;
}

gboolean
bsn_expiry_run_customer (BsnDb   *db,
                         gint64   customer_id,
                         BsnTime  at,
                         guint   *out_postings,
                         gint64  *out_expired_rp,
                         GError **error)
{
  g_autoptr(GArray) policies = NULL;
  guint postings = 0;
  gint64 value = 0;

  if (!bsn_db_begin (db, TRUE, error))
    return FALSE;
  if ((policies = load_policies (db, error)) == NULL)
    goto fail;
  if (policies->len > 0 && !expire_customer (db, policies, customer_id, at, &postings, &value, error))
    goto fail;
  if (!bsn_db_commit (db, error))
    return FALSE;
  if (out_postings != NULL)
    *out_postings = postings;
  if (out_expired_rp != NULL)
    *out_expired_rp = value;
  return TRUE;

fail:
  bsn_db_rollback (db);
  return FALSE;
}

/* Customers holding a lot of an expiring policy version old enough to be
 * due by @at and not closed yet: N months are at least N × 28 days, so
 * only earnings up to @at − N × 28 days can be due. */
static GArray *
due_customers (BsnDb   *db,
               GArray  *policies,
               BsnTime  at,
               GError **error)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GArray) list = g_array_new (FALSE, FALSE, sizeof (gint64));
  BsnStmt *stmt;
  BsnStep rc;

  for (guint i = 0; i < policies->len; i++)
    {
      const Policy *p = &g_array_index (policies, Policy, i);
      BsnTime to = i + 1 < policies->len ? g_array_index (policies, Policy, i + 1).from : G_MAXINT64;
      BsnTime last = at - (BsnTime) p->months * 28 * BSN_SECONDS_PER_DAY;

      if (p->months == 0 || last < p->from)
        continue;
      stmt = bsn_db_prepare (db,
                             "SELECT DISTINCT p.customer_id FROM postings p "
                             "WHERE p.at >= ?1 AND p.at < ?2 AND p.at <= ?3 AND p.customer_id IS NOT NULL "
                             "AND (p.kind = 'award' OR p.kind = 'bonus') AND p.amount_rp > 0 "
                             "AND NOT EXISTS (SELECT 1 FROM point_expiries x WHERE x.lot_posting_id = p.id)",
                             error);
      if (stmt == NULL)
        return NULL;
      bsn_stmt_bind_int64 (stmt, 1, p->from);
      bsn_stmt_bind_int64 (stmt, 2, to);
      bsn_stmt_bind_int64 (stmt, 3, last);
      while ((rc = bsn_stmt_step (stmt)) == BSN_ROW)
        {
          gint64 id = bsn_stmt_column_int64 (stmt, 0);
          if (!g_hash_table_contains (seen, &id))
            {
              g_array_append_val (list, id);
              g_hash_table_add (seen, g_memdup2 (&id, sizeof id));
            }
        }
      /* A customer missing would keep points past their expiry. */
      if (!bsn_db_scan_ended (db, stmt, rc, _("Membaca kedaluwarsa poin"), error))
        return NULL;
    }
  return g_steal_pointer (&list);
}

gboolean
bsn_expiry_run (BsnDb   *db,
                BsnTime  at,
                guint   *out_postings,
                gint64  *out_expired_rp,
                GError **error)
{
  g_autoptr(GArray) policies = NULL;
  g_autoptr(GArray) customers = NULL;
  guint postings = 0;
  gint64 value = 0;

  if (!bsn_db_begin (db, TRUE, error))
    return FALSE;
  /* The run's time is evidence as every other write's (bsn-auth.h): a
   * kasir's is the machine clock's, pemilik, manajer and pembukuan may
   * name another, and a database without users has no such limit. */
  if (!bsn_auth_require (db, BSN_PERM_RECEIPTS, error) || !bsn_auth_check_clock (db, at, NULL, error)
      || (policies = load_policies (db, error)) == NULL
      || (customers = due_customers (db, policies, at, error)) == NULL)
    goto fail;
  for (guint i = 0; i < customers->len; i++)
    if (!expire_customer (db, policies, g_array_index (customers, gint64, i), at, &postings, &value, error))
      goto fail;
  if (!bsn_db_commit (db, error))
    return FALSE;
  if (out_postings != NULL)
    *out_postings = postings;
  if (out_expired_rp != NULL)
    *out_expired_rp = value;
  return TRUE;

fail:
  bsn_db_rollback (db);
  return FALSE;
}

/* The customer's account, without opening one (0 when none). */
static gboolean
find_account (BsnDb   *db,
              gint64   customer_id,
              gint64  *out_account,
              GError **error)
{
  BsnStmt *stmt = bsn_db_prepare (db, "SELECT id FROM accounts WHERE customer_id = ?1", error);
  BsnStep rc;

  *out_account = 0;
  if (stmt == NULL)
    return FALSE;
  bsn_stmt_bind_int64 (stmt, 1, customer_id);
  if ((rc = bsn_stmt_step (stmt)) == BSN_ROW)
    *out_account = bsn_stmt_column_int64 (stmt, 0);
  return bsn_db_scan_ended (db, stmt, rc, _("Membaca akun buku poin"), error);
}

GArray *
bsn_expiry_upcoming (BsnDb   *db,
                     gint64   customer_id,
                     BsnTime  at,
                     GError **error)
{
  g_autoptr(GArray) policies = load_policies (db, error);
  g_autoptr(GArray) lots = NULL;
  g_autoptr(GArray) out = g_array_new (FALSE, FALSE, sizeof (BsnExpiring));
  g_autoptr(GHashTable) closed = NULL;
  gint64 account;

  if (policies == NULL || !find_account (db, customer_id, &account, error))
    return NULL;
  if (account == 0)
    return g_steal_pointer (&out);
  if ((lots = customer_lots (db, policies, account, at, error)) == NULL)
    return NULL;
  /* A run for a later time (pemilik's `ledger expire --at`) may already
   * have closed a lot that is still open as of @at: it no longer expires. */
  closed = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  {
    BsnStmt *stmt = bsn_db_prepare (db, "SELECT lot_posting_id FROM point_expiries WHERE customer_id = ?1", error);

    BsnStep rc;

    if (stmt == NULL)
      return NULL;
    bsn_stmt_bind_int64 (stmt, 1, customer_id);
    while ((rc = bsn_stmt_step (stmt)) == BSN_ROW)
      {
        gint64 lot_id = bsn_stmt_column_int64 (stmt, 0);
        g_hash_table_add (closed, g_memdup2 (&lot_id, sizeof lot_id));
      }
    if (!bsn_db_scan_ended (db, stmt, rc, _("Membaca kedaluwarsa poin"), error))
      return NULL;
  }
  for (guint i = 0; i < lots->len; i++)
    {
      const BsnPointLot *lot = &g_array_index (lots, BsnPointLot, i);
      guint j;

      if (lot->closed || lot->remaining_rp <= 0 || lot->expires_at == 0 || lot->expires_at <= at
          || g_hash_table_contains (closed, &lot->lot_id))
        continue;
      for (j = 0; j < out->len && g_array_index (out, BsnExpiring, j).at < lot->expires_at; j++)
        ;
      if (j < out->len && g_array_index (out, BsnExpiring, j).at == lot->expires_at)
        g_array_index (out, BsnExpiring, j).value_rp += lot->remaining_rp;
      else
        {
          BsnExpiring e = { lot->expires_at, lot->remaining_rp };
          g_array_insert_val (out, j, e);
        }
    }
  return g_steal_pointer (&out);
}

void
bsn_expiry_reminder_free (BsnExpiryReminder *r)
{
  if (r == NULL)
    return;
  g_free (r->code);
  g_free (r->name);
  g_free (r->phone);
  g_free (r->whatsapp_url);
  g_free (r);
}

char *
bsn_expiry_reminder_message (gint64  value_rp,
                             BsnTime expires_at)
{
  g_autofree char *money = bsn_money_format (value_rp);
  g_autofree char *when = bsn_time_format_datetime (expires_at);

  return g_strdup_printf (_("Poin Anda senilai %s akan hangus pada %s."),
                          money, when);
}

char *
bsn_expiry_whatsapp_url (const char *phone,
                         const char *message)
{
  g_autoptr(GString) digits = g_string_new (NULL);
  g_autofree char *text = NULL;
  const char *p = phone, *rest;

  if (phone == NULL)
    return NULL;
  for (; *p; p++)
    {
      if (g_ascii_isdigit (*p))
        g_string_append_c (digits, *p);
      else if (*p == '+' && digits->len == 0)
        continue;
      else if (*p != ' ' && *p != '-' && *p != '.' && *p != '(' && *p != ')')
        return NULL;
    }
  if (g_str_has_prefix (digits->str, "62"))
    rest = digits->str + 2;
  else if (g_str_has_prefix (digits->str, "0"))
    rest = digits->str + 1;
  else
    return NULL;
  /* Indonesian mobile numbers: 8xx, 9 to 13 digits after the country code. */
  if (*rest != '8' || strlen (rest) < 9 || strlen (rest) > 13)
    return NULL;
  text = g_uri_escape_string (message, NULL, FALSE);
  return g_strdup_printf ("https://wa.me/62%s?text=%s", rest, text);
}

static gint
reminder_cmp (gconstpointer a,
              gconstpointer b)
{
  const BsnExpiryReminder *x = *(BsnExpiryReminder **) a, *y = *(BsnExpiryReminder **) b;

  if (x->expires_at != y->expires_at)
    return x->expires_at < y->expires_at ? -1 : 1;
  return g_strcmp0 (x->code, y->code);
}

/* Customers with an open lot of an expiring version whose expiry could
 * fall in (@at, @end]: earned between @at − N × 31 days and @end − N × 28. */
static GArray *
window_customers (BsnDb   *db,
                  GArray  *policies,
                  BsnTime  at,
                  BsnTime  end,
                  GError **error)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GArray) list = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 0; i < policies->len; i++)
    {
      const Policy *p = &g_array_index (policies, Policy, i);
      BsnTime to = i + 1 < policies->len ? g_array_index (policies, Policy, i + 1).from : G_MAXINT64;
      BsnStmt *stmt;
      BsnStep rc;

      if (p->months == 0)
        continue;
      stmt = bsn_db_prepare (db,
                             "SELECT DISTINCT p.customer_id FROM postings p "
                             "WHERE p.at >= ?1 AND p.at < ?2 AND p.at >= ?3 AND p.at <= ?4 "
                             "AND p.customer_id IS NOT NULL AND (p.kind = 'award' OR p.kind = 'bonus') "
                             "AND p.amount_rp > 0 "
                             "AND NOT EXISTS (SELECT 1 FROM point_expiries x WHERE x.lot_posting_id = p.id)",
                             error);
      if (stmt == NULL)
        return NULL;
      bsn_stmt_bind_int64 (stmt, 1, p->from);
      bsn_stmt_bind_int64 (stmt, 2, to);
      bsn_stmt_bind_int64 (stmt, 3, at - ((BsnTime) p->months * 31 + 1) * BSN_SECONDS_PER_DAY);
      bsn_stmt_bind_int64 (stmt, 4, end - (BsnTime) p->months * 28 * BSN_SECONDS_PER_DAY);
      while ((rc = bsn_stmt_step (stmt)) == BSN_ROW)
        {
          gint64 id = bsn_stmt_column_int64 (stmt, 0);
          if (!g_hash_table_contains (seen, &id))
            {
              g_array_append_val (list, id);
              g_hash_table_add (seen, g_memdup2 (&id, sizeof id));
            }
        }
      if (!bsn_db_scan_ended (db, stmt, rc, _("Membaca kedaluwarsa poin"), error))
        return NULL;
    }
  return g_steal_pointer (&list);
}

GPtrArray *
bsn_expiry_reminders (BsnDb   *db,
                      BsnTime  at,
                      gint     within_days,
                      GError **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) bsn_expiry_reminder_free);
  g_autoptr(GArray) policies = NULL;
  g_autoptr(GArray) customers = NULL;
  BsnTime end = at + (BsnTime) within_days * BSN_SECONDS_PER_DAY;

  if (within_days < 1 || within_days > 366)
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID, _("Jangka pengingat 1 sampai 366 hari"));
      return NULL;
    }
  if (!bsn_auth_require (db, BSN_PERM_READ_PERSONAL, error) || (policies = load_policies (db, error)) == NULL
      || (customers = window_customers (db, policies, at, end, error)) == NULL)
    return NULL;
  for (guint i = 0; i < customers->len; i++)
    {
      gint64 id = g_array_index (customers, gint64, i), sum = 0;
      g_autoptr(GArray) next = bsn_expiry_upcoming (db, id, at, error);
      g_autoptr(BsnCustomer) c = NULL;
      g_autofree char *message = NULL;
      BsnExpiryReminder *r;

      if (next == NULL)
        return NULL;
      for (guint j = 0; j < next->len && g_array_index (next, BsnExpiring, j).at <= end; j++)
        sum += g_array_index (next, BsnExpiring, j).value_rp;
      if (sum == 0)
        continue;
      if ((c = bsn_customer_get (db, id, error)) == NULL)
        return NULL;
      r = g_new0 (BsnExpiryReminder, 1);
      r->code = g_strdup (c->code);
      r->name = g_strdup (c->name);
      r->phone = g_strdup (c->phone ? c->phone : "");
      r->expiring_rp = sum;
      r->expires_at = g_array_index (next, BsnExpiring, 0).at;
      message = bsn_expiry_reminder_message (sum, r->expires_at);
      r->whatsapp_url = bsn_expiry_whatsapp_url (r->phone, message);
      g_ptr_array_add (out, r);
    }
  g_ptr_array_sort (out, reminder_cmp);
  return g_steal_pointer (&out);
}
