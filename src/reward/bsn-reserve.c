/* bsn-reserve.c — Back Up Voucher reserves (see bsn-reserve.h). */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "bsn-audit.h"
#include "bsn-auth.h"
#include "bsn-error.h"
#include "bsn-ledger.h"
#include "bsn-money.h"
#include "bsn-quota.h"
#include "bsn-reserve.h"
#include "bsn-store.h"

void
bsn_reserve_status_clear (BsnReserveStatus *status)
{
  g_clear_pointer (&status->method, g_free);
}

static gboolean write_policy (BsnDb *db, gint64 store_id, const BsnReservePolicy *policy, GError **error);

gboolean
bsn_reserve_set_policy (BsnDb                  *db,
                        gint64                  store_id,
                        const BsnReservePolicy *policy,
                        GError                **error)
{
  if (g_strcmp0 (policy->method, "customers") != 0 && g_strcmp0 (policy->method, "days") != 0)
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID, _("Cara menghitung cadangan harus customers atau days"));
      return FALSE;
    }
  if (policy->customers < 0 || policy->avg_points < 0 || policy->days < 0 || policy->customers > 10000000
      || policy->avg_points > 1000000 || policy->days > 366)
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID, _("Angka kebijakan cadangan di luar batas"));
      return FALSE;
    }
  if (!bsn_auth_require (db, BSN_PERM_RESERVES, error))
    return FALSE;
  /* The policy and its audit row: both or neither. */
  if (!bsn_db_begin (db, TRUE, error))
    return FALSE;
  if (!write_policy (db, store_id, policy, error))
    {
      bsn_db_rollback (db);
      return FALSE;
    }
  return bsn_db_commit (db, error);
}

static gboolean
write_policy (BsnDb                  *db,
              gint64                  store_id,
              const BsnReservePolicy *policy,
              GError                **error)
{
  BsnStmt *stmt;

  {
    g_autofree char *subject = g_strdup_printf ("#%" G_GINT64_FORMAT, store_id);
    g_autofree char *after = bsn_audit_json ("method", BSN_AUDIT_STR, policy->method, "customers", BSN_AUDIT_INT,
                                             policy->customers, "avg_points", BSN_AUDIT_INT, policy->avg_points,
                                             "days", BSN_AUDIT_INT, policy->days, NULL);
    if (!bsn_audit_record (db, "reserve.policy", subject, NULL, after, error))
      return FALSE;
  }
  stmt = bsn_db_prepare (db,
                         "INSERT INTO reserve_policies (store_id, method, customers, avg_points, days) "
                         "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (store_id) DO UPDATE SET method = excluded.method, "
                         "customers = excluded.customers, avg_points = excluded.avg_points, days = excluded.days",
                         error);
  if (stmt == NULL)
    return FALSE;
  bsn_stmt_bind_int64 (stmt, 1, store_id);
  bsn_stmt_bind_text (stmt, 2, policy->method);
  bsn_stmt_bind_int64 (stmt, 3, policy->customers);
  bsn_stmt_bind_int64 (stmt, 4, policy->avg_points);
  bsn_stmt_bind_int64 (stmt, 5, policy->days);
  return bsn_db_step_done (db, stmt, _("Menyimpan kebijakan cadangan"), error);
}

/* The average daily award value of @store over the 30 store-days before
 * the store-day of @at (DOMAIN.md §6 "days"): a store-day is placed by the
 * one rule of bsn-quota.h (bsn_store_place_at, bsn_store_day_bounds), so a
 * night's receipts after midnight count in the store-day that opened the
 * evening before. */
static gboolean
expected_daily_reward (BsnDb          *db,
                       const BsnStore *store,
                       BsnTime         at,
                       gint64         *out_rp,
                       GError        **error)
{
  BsnStoreDayPlace place;
  BsnTime start, end, unused;
  BsnStmt *stmt;
  BsnStep rc;

  *out_rp = 0;
  if (!bsn_store_place_at (db, store, at, &place, NULL, error)
      || !bsn_store_day_bounds (db, store, place.day - 30, &start, &unused, error)
      || !bsn_store_day_bounds (db, store, place.day, &end, &unused, error))
    return FALSE;
  stmt = bsn_db_prepare (db, "SELECT coalesce(sum(value_rp), 0) FROM receipts "
                             "WHERE store_id = ?1 AND at >= ?2 AND at < ?3", error);
  if (stmt == NULL)
    return FALSE;
  bsn_stmt_bind_int64 (stmt, 1, store->id);
  bsn_stmt_bind_int64 (stmt, 2, start);
  bsn_stmt_bind_int64 (stmt, 3, end);
  /* A failed read is not "no awards": the requirement would drop to 0. */
  if ((rc = bsn_stmt_step (stmt)) == BSN_ROW)
    *out_rp = bsn_stmt_column_int64 (stmt, 0) / 30;
  return bsn_db_scan_ended (db, stmt, rc, _("Membaca struk"), error);
}

/* bsn_reserve_status's reads; on failure @out may hold its method. */
static gboolean
read_status (BsnDb            *db,
             gint64            store_id,
             BsnTime           at,
             BsnReserveStatus *out,
             GError          **error)
{
  g_autoptr(BsnStore) store = NULL;
  BsnStmt *stmt;
  gint64 customers = 50, avg_points = 10, days = 3, account;
  gboolean policy = FALSE;
  BsnStep rc;

  if (!bsn_auth_require (db, BSN_PERM_READ_FINANCE, error) || (store = bsn_store_get (db, store_id, error)) == NULL)
    return FALSE;
  out->active = store->active;
  /* A reserve account that could not be read is that error, not account
   * #0 "not found". */
  if ((account = bsn_ledger_reserve_account (db, store_id, error)) == 0
      || !bsn_ledger_account_balance (db, account, &out->balance_rp, NULL, error))
    return FALSE;

  stmt = bsn_db_prepare (db, "SELECT method, customers, avg_points, days FROM reserve_policies WHERE store_id = ?1",
                         error);
  if (stmt == NULL)
    return FALSE;
  bsn_stmt_bind_int64 (stmt, 1, store_id);
  if ((rc = bsn_stmt_step (stmt)) == BSN_ROW)
    {
      policy = TRUE;
      out->method = g_strdup (bsn_stmt_column_text (stmt, 0));
      customers = bsn_stmt_column_int64 (stmt, 1);
      avg_points = bsn_stmt_column_int64 (stmt, 2);
      days = bsn_stmt_column_int64 (stmt, 3);
    }
  else
    out->method = g_strdup ("customers");
  /* A failed read is not "no policy": the default would set another
   * requirement. */
  if (!bsn_db_scan_ended (db, stmt, rc, _("Membaca kebijakan cadangan"), error))
    return FALSE;
  if (g_str_equal (out->method, "days"))
    {
      gint64 daily = 0;
      if (!expected_daily_reward (db, store, at, &daily, error))
        return FALSE;
      out->required_rp = days * daily;
    }
  else
    out->required_rp = customers * avg_points * BSN_RP_PER_POINT;

  /* Warnings count since the last top-up; joined = policy or deposit. */
  stmt = bsn_db_prepare (db,
                         "SELECT count(*) FROM reserve_events WHERE store_id = ?1 AND kind = 'warning' AND id > "
                         "coalesce((SELECT max(id) FROM reserve_events WHERE store_id = ?1 AND kind = 'topup'), 0)",
                         error);
  if (stmt == NULL)
    return FALSE;
  bsn_stmt_bind_int64 (stmt, 1, store_id);
  if ((rc = bsn_stmt_step (stmt)) == BSN_ROW)
    out->warnings = bsn_stmt_column_int64 (stmt, 0);
  if (!bsn_db_scan_ended (db, stmt, rc, _("Membaca kebijakan cadangan"), error))
    return FALSE;
  out->joined = policy;
  if (!out->joined)
    {
      /* Every deposit leaves a 'topup' event: a short indexed probe, not a
       * scan of the store's postings. */
      stmt = bsn_db_prepare (db, "SELECT 1 FROM reserve_events WHERE store_id = ?1 AND kind = 'topup' LIMIT 1", error);
      if (stmt == NULL)
        return FALSE;
      bsn_stmt_bind_int64 (stmt, 1, store_id);
      rc = bsn_stmt_step (stmt);
      out->joined = rc == BSN_ROW;
      if (!bsn_db_scan_ended (db, stmt, rc, _("Membaca kebijakan cadangan"), error))
        return FALSE;
    }
  return TRUE;
}

gboolean
bsn_reserve_status (BsnDb            *db,
                    gint64            store_id,
                    BsnTime           at,
                    BsnReserveStatus *out,
                    GError          **error)
{
  memset (out, 0, sizeof *out);
  if (read_status (db, store_id, at, out, error))
    return TRUE;
  /* Nothing for the caller to clear when it failed. */
  bsn_reserve_status_clear (out);
  return FALSE;
}

static gboolean
record_event (BsnDb      *db,
              gint64      store_id,
              const char *kind,
              gint64      day,
              gint64      balance,
              gint64      required,
              GError    **error)
{
  BsnStmt *stmt = bsn_db_prepare (db,
                                       "INSERT INTO reserve_events (store_id, kind, day, balance_rp, required_rp, "
                                       "created_at) VALUES (?1, ?2, ?3, ?4, ?5, unixepoch())",
                                       error);
  if (stmt == NULL)
    return FALSE;
  bsn_stmt_bind_int64 (stmt, 1, store_id);
  bsn_stmt_bind_text (stmt, 2, kind);
  bsn_stmt_bind_int64 (stmt, 3, day);
  bsn_stmt_bind_int64 (stmt, 4, balance);
  bsn_stmt_bind_int64 (stmt, 5, required);
  return bsn_db_step_done (db, stmt, _("Mencatat peringatan cadangan"), error);
}

static gboolean
set_active (BsnDb   *db,
            gint64   store_id,
            gboolean active,
            GError **error)
{
  return bsn_store_set_active (db, store_id, active, error);
}

gboolean
bsn_reserve_below_warning (const BsnReserveStatus *st)
{
  return (__int128) st->balance_rp * BSN_BP_100_PERCENT < (__int128) st->required_rp * BSN_RESERVE_WARN_BP;
}

gboolean
bsn_reserve_can_warn (const BsnReserveStatus *st)
{
  return st->joined && st->active && bsn_reserve_below_warning (st);
}

gboolean
bsn_reserve_required_moves (const BsnReserveStatus *st)
{
  return g_strcmp0 (st->method, "days") == 0;
}

gboolean
bsn_reserve_check (BsnDb   *db,
                   gint64   store_id,
                   BsnTime  at,
                   GError **error)
{
  if (!bsn_db_begin (db, TRUE, error))
    return FALSE;
  if (!bsn_auth_require (db, BSN_PERM_RESERVES, error) || !bsn_auth_check_clock (db, at, NULL, error)
      || !bsn_reserve_check_after_award (db, store_id, at, error))
    {
      bsn_db_rollback (db);
      return FALSE;
    }
  return bsn_db_commit (db, error);
}

gboolean
bsn_reserve_check_after_award (BsnDb   *db,
                               gint64   store_id,
                               BsnTime  at,
                               GError **error)
{
  BsnReserveStatus st;
  BsnStmt *stmt;
  BsnStep rc;
  gint64 day = bsn_time_day (at);
  gboolean joined, warned_today = FALSE, ok = TRUE;

  /* Stores that never joined the scheme are left alone, cheaply: this
   * runs after every award. */
  stmt = bsn_db_prepare (db,
                         "SELECT EXISTS (SELECT 1 FROM reserve_policies WHERE store_id = ?1) "
                         "OR EXISTS (SELECT 1 FROM reserve_events WHERE store_id = ?1 AND kind = 'topup')",
                         error);
  if (stmt == NULL)
    return FALSE;
  bsn_stmt_bind_int64 (stmt, 1, store_id);
  rc = bsn_stmt_step (stmt);
  joined = rc == BSN_ROW && bsn_stmt_column_int (stmt, 0) != 0;
  /* A failed read is not "never joined": the rule would be skipped. */
  if (!bsn_db_scan_ended (db, stmt, rc, _("Membaca kebijakan cadangan"), error))
    return FALSE;
  if (!joined)
    return TRUE;
  if (!bsn_reserve_status (db, store_id, at, &st, error))
    return FALSE;
  if (!bsn_reserve_can_warn (&st))
    goto out;

  stmt = bsn_db_prepare (db,
                         "SELECT 1 FROM reserve_events WHERE store_id = ?1 AND kind = 'warning' AND day = ?2 AND id > "
                         "coalesce((SELECT max(id) FROM reserve_events WHERE store_id = ?1 AND kind = 'topup'), 0)",
                         error);
  if (stmt == NULL)
    {
      ok = FALSE;
      goto out;
    }
  bsn_stmt_bind_int64 (stmt, 1, store_id);
  bsn_stmt_bind_int64 (stmt, 2, day);
  rc = bsn_stmt_step (stmt);
  warned_today = rc == BSN_ROW;
  /* A failed read is not "not warned today": a second warning would
   * bring the switch-off a day early. */
  if (!bsn_db_scan_ended (db, stmt, rc, _("Membaca kebijakan cadangan"), error))
    {
      ok = FALSE;
      goto out;
    }
  if (warned_today)
    goto out;
  ok = record_event (db, store_id, "warning", day, st.balance_rp, st.required_rp, error);
  if (ok && st.warnings + 1 >= BSN_RESERVE_MAX_WARNINGS)
    ok = record_event (db, store_id, "deactivated", day, st.balance_rp, st.required_rp, error)
         && set_active (db, store_id, FALSE, error);

out:
  bsn_reserve_status_clear (&st);
  return ok;
}

static gboolean
move_reserve (BsnDb      *db,
              gint64      store_id,
              gint64      amount_rp,
              BsnTime     at,
              gboolean    deposit,
              gint64     *out_posting,
              GError    **error)
{
  g_autofree char *key = NULL;
  gint64 reserve, balance = 0, posting = 0;
  BsnPostingSpec spec = { 0 };
  BsnLeg legs[2];

  if (amount_rp <= 0 || amount_rp > 1000000000000)
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID, _("Jumlah setoran atau penarikan harus lebih dari nol"));
      return FALSE;
    }
  if (!bsn_db_begin (db, TRUE, error))
    return FALSE;
  if (!bsn_auth_require (db, BSN_PERM_RESERVES, error))
    goto fail;
  reserve = bsn_ledger_reserve_account (db, store_id, error);
  if (reserve == 0 || !bsn_ledger_account_balance (db, reserve, &balance, NULL, error))
    goto fail;
  if (!deposit && amount_rp > balance)
    {
      g_autofree char *b = bsn_money_format (balance);
      g_set_error (error, BSN_ERROR, BSN_ERROR_REFUSED,
                   _("Cadangan hanya %s; penarikan tidak boleh membuat cadangan negatif"), b);
      goto fail;
    }
  {
    g_autofree char *uuid = g_uuid_string_random ();
    key = g_strdup_printf ("%s:%" G_GINT64_FORMAT ":%s", deposit ? "deposit" : "withdrawal", store_id, uuid);
  }
  spec.idem_key = key;
  spec.kind = deposit ? "deposit" : "withdrawal";
  spec.at = at;
  spec.store_id = store_id;
  spec.amount_rp = amount_rp;
  spec.memo = deposit ? _("Setoran cadangan Back Up Voucher") : _("Penarikan cadangan Back Up Voucher");
  /* Money enters and leaves through the equity account. */
  legs[0] = (BsnLeg) { reserve, deposit ? amount_rp : -amount_rp, 0 };
  legs[1] = (BsnLeg) { BSN_ACCOUNT_EQUITY, deposit ? -amount_rp : amount_rp, 0 };
  if (!bsn_ledger_post (db, &spec, legs, 2, &posting, NULL, error))
    goto fail;

  if (deposit)
    {
      BsnReserveStatus st;
      gboolean ok;

      if (!bsn_reserve_status (db, store_id, at, &st, error))
        goto fail;
      ok = record_event (db, store_id, "topup", bsn_time_day (at), st.balance_rp, st.required_rp, error);
      /* A top-up above the threshold brings back a store the rule had
       * switched off (not one an owner switched off by hand). */
      if (ok && !st.active && !bsn_reserve_below_warning (&st))
        {
          gint64 last = 0;
          BsnStmt *stmt = bsn_db_prepare (db,
                                               "SELECT kind = 'deactivated' FROM reserve_events WHERE store_id = ?1 "
                                               "AND kind IN ('deactivated','reactivated') ORDER BY id DESC LIMIT 1",
                                               error);
          if (stmt == NULL)
            ok = FALSE;
          else
            {
              BsnStep rc;

              bsn_stmt_bind_int64 (stmt, 1, store_id);
              if ((rc = bsn_stmt_step (stmt)) == BSN_ROW)
                last = bsn_stmt_column_int64 (stmt, 0);
              /* A failed read is not "switched off by hand": the store
               * would stay off after its top-up. */
              if (!bsn_db_scan_ended (db, stmt, rc, _("Membaca kebijakan cadangan"), error))
                ok = FALSE;
              else if (last)
                ok = record_event (db, store_id, "reactivated", bsn_time_day (at), st.balance_rp, st.required_rp,
                                   error)
                     && set_active (db, store_id, TRUE, error);
            }
        }
      bsn_reserve_status_clear (&st);
      if (!ok)
        goto fail;
    }
  if (out_posting)
    *out_posting = posting;
  return bsn_db_commit (db, error);

fail:
  bsn_db_rollback (db);
  return FALSE;
}

gboolean
bsn_reserve_deposit (BsnDb   *db,
                     gint64   store_id,
                     gint64   amount_rp,
                     BsnTime  at,
                     gint64  *out_posting,
                     GError **error)
{
  return move_reserve (db, store_id, amount_rp, at, TRUE, out_posting, error);
}

gboolean
bsn_reserve_withdraw (BsnDb   *db,
                      gint64   store_id,
                      gint64   amount_rp,
                      BsnTime  at,
                      gint64  *out_posting,
                      GError **error)
{
  return move_reserve (db, store_id, amount_rp, at, FALSE, out_posting, error);
}
