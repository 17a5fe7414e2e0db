/* bsn-quota.c — minimum purchase quotas (see bsn-quota.h). */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "bsn-audit.h"
#include "bsn-auth.h"
#include "bsn-error.h"
#include "bsn-money.h"
#include "bsn-quota.h"
#include "bsn-tiers.h"

/* The slot rules need only the day's opening and hours of @store. */
static BsnStoreDay
store_day_hours (const BsnStore *store)
{
  return (BsnStoreDay) { .opening_sec = store->opening_sec, .hours = store->hours };
}

gint
bsn_store_slot_at (const BsnStore *store,
                   BsnTime         at)
{
  BsnStoreDay day = store_day_hours (store);

  return bsn_store_day_slot_at (&day, at);
}

BsnTime
bsn_store_slot_start (const BsnStore *store,
                      BsnTime         day_start,
                      gint            slot)
{
  BsnStoreDay day = store_day_hours (store);

  return bsn_store_day_slot_start (&day, day_start, slot);
}

gboolean
bsn_quota_set (BsnDb   *db,
               gint64   store_id,
               gint64   day,
               gint     slot,
               gint64   min_purchase_rp,
               GError **error)
{
  g_autofree char *subject = NULL;
  g_autofree char *after = NULL;
  BsnStmt *stmt;

  if (min_purchase_rp < 0)
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID, _("Kuota belanja minimal tidak boleh negatif"));
      return FALSE;
    }
  if (slot < 0 || slot > BSN_LELANG_SLOTS)
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID, _("Slot harus I sampai X"));
      return FALSE;
    }
  if (!bsn_db_begin (db, TRUE, error))
    return FALSE;
  subject = g_strdup_printf ("#%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT "/%d", store_id, day, slot);
  after = bsn_audit_json ("min_purchase_rp", BSN_AUDIT_INT, min_purchase_rp, NULL);
  if (!bsn_auth_require (db, BSN_PERM_QUOTAS, error)
      || !bsn_audit_record (db, "quota.set", subject, NULL, after, error))
    goto fail;
  stmt = bsn_db_prepare (db,
                         "INSERT INTO quotas (store_id, day, slot, min_purchase_rp) VALUES (?1, ?2, ?3, ?4) "
                         "ON CONFLICT (store_id, day, slot) DO UPDATE SET min_purchase_rp = excluded.min_purchase_rp",
                         error);
  if (stmt == NULL)
    goto fail;
  bsn_stmt_bind_int64 (stmt, 1, store_id);
  bsn_stmt_bind_int64 (stmt, 2, day);
  bsn_stmt_bind_int (stmt, 3, slot);
  bsn_stmt_bind_int64 (stmt, 4, min_purchase_rp);
  if (!bsn_db_step_done (db, stmt, _("Menyimpan kuota"), error))
    goto fail;
  return bsn_db_commit (db, error);

fail:
  bsn_db_rollback (db);
  return FALSE;
}

gboolean
bsn_quota_min_purchase_at (BsnDb          *db,
                           const BsnStore *store,
                           BsnTime         at,
                           gint64         *out_rp,
                           GError        **error)
{
  BsnStoreDayPlace place;

  return bsn_store_place_at (db, store, at, &place, NULL, error)
         && bsn_quota_min_purchase_in_slot (db, store, place.day, place.slot, out_rp, error);
}

gboolean
bsn_quota_min_purchase_in_slot (BsnDb          *db,
                                const BsnStore *store,
                                gint64          day,
                                gint            slot,
                                gint64         *out_rp,
                                GError        **error)
{
  /* The slot's own quota wins over the day's, which wins over the
   * store's default. */
  BsnStmt *stmt;
  int rc;

  /* Two primary-key lookups: "slot IN (0, ?3) ORDER BY slot" built a
   * temporary table per receipt, 13 % of an import's time. */
  stmt = bsn_db_prepare (db,
                         "SELECT coalesce ((SELECT min_purchase_rp FROM quotas "
                         "                  WHERE store_id = ?1 AND day = ?2 AND slot = ?3), "
                         "                 (SELECT min_purchase_rp FROM quotas "
                         "                  WHERE store_id = ?1 AND day = ?2 AND slot = 0))",
                         error);
  if (stmt == NULL)
    return FALSE;
  bsn_stmt_bind_int64 (stmt, 1, store->id);
  bsn_stmt_bind_int64 (stmt, 2, day);
  bsn_stmt_bind_int (stmt, 3, slot);
  rc = bsn_stmt_step (stmt);
  *out_rp = rc == BSN_ROW && !bsn_stmt_column_is_null (stmt, 0)
              ? bsn_stmt_column_int64 (stmt, 0) : store->min_purchase_rp;
  bsn_stmt_reset (stmt);
  if (rc != BSN_ROW && rc != BSN_DONE)
    {
      bsn_db_set_error (db, error, _("Membaca kuota"));
      return FALSE;
    }
  return TRUE;
}

gboolean
bsn_quota_day_min_purchases (BsnDb          *db,
                             const BsnStore *store,
                             gint64          day,
                             gint64          out_rp[BSN_QUOTA_MAX_SLOT + 1],
                             GError        **error)
{
  gint64 own[BSN_QUOTA_MAX_SLOT + 1];
  BsnStmt *stmt;
  BsnStep rc;

  for (guint i = 0; i <= BSN_QUOTA_MAX_SLOT; i++)
    own[i] = -1;
  stmt = bsn_db_prepare (db, "SELECT slot, min_purchase_rp FROM quotas WHERE store_id = ?1 AND day = ?2", error);
  if (stmt == NULL)
    return FALSE;
  bsn_stmt_bind_int64 (stmt, 1, store->id);
  bsn_stmt_bind_int64 (stmt, 2, day);
  while ((rc = bsn_stmt_step (stmt)) == BSN_ROW)
    {
      gint64 slot = bsn_stmt_column_int64 (stmt, 0);

      if (slot >= 0 && slot <= BSN_QUOTA_MAX_SLOT)
        own[slot] = bsn_stmt_column_int64 (stmt, 1);
    }
  bsn_stmt_reset (stmt);
  if (rc != BSN_DONE)
    {
      bsn_db_set_error (db, error, _("Membaca kuota"));
      return FALSE;
    }
  /* The slot's own quota wins over the day's (slot 0), which wins over
   * the store's default. */
  for (guint i = 0; i <= BSN_QUOTA_MAX_SLOT; i++)
    out_rp[i] = own[i] >= 0 ? own[i] : own[0] >= 0 ? own[0] : store->min_purchase_rp;
  return TRUE;
}

gboolean
bsn_day_plan_get (BsnDb          *db,
                  const BsnStore *store,
                  gint64          day,
                  BsnDayPlan     *out,
                  GError        **error)
{
  BsnStmt *stmt = bsn_db_prepare (db,
                                       "SELECT opening_sec, hours, coalesce(slot_recipients, -1), "
                                       "coalesce(daily_budget_rp, -1) FROM day_plans WHERE store_id = ?1 AND day = ?2",
                                       error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  bsn_stmt_bind_int64 (stmt, 1, store->id);
  bsn_stmt_bind_int64 (stmt, 2, day);
  rc = bsn_stmt_step (stmt);
  out->planned = rc == BSN_ROW;
  out->opening_sec = out->planned ? bsn_stmt_column_int (stmt, 0) : store->opening_sec;
  out->hours = out->planned ? bsn_stmt_column_int (stmt, 1) : store->hours;
  out->slot_recipients = out->planned ? bsn_stmt_column_int64 (stmt, 2) : -1;
  out->daily_budget_rp = out->planned ? bsn_stmt_column_int64 (stmt, 3) : -1;
  bsn_stmt_reset (stmt);
  if (rc != BSN_ROW && rc != BSN_DONE)
    {
      bsn_db_set_error (db, error, _("Membaca rencana harian"));
      return FALSE;
    }
  return TRUE;
}

BsnStoreDay
bsn_store_day_from_plan (const BsnStore   *store,
                         const BsnDayPlan *plan)
{
  return (BsnStoreDay) {
    .band = store->band,
    .tier = store->tier,
    .schemes = store->schemes,
    .opening_sec = plan->opening_sec,
    .hours = plan->hours,
    .margin_bp = store->margin_bp,
    .active = store->active,
  };
}

gboolean
bsn_store_place_at (BsnDb            *db,
                    const BsnStore   *store,
                    BsnTime           at,
                    BsnStoreDayPlace *out_place,
                    BsnDayPlan       *out_plan,
                    GError          **error)
{
  gint64 day = bsn_time_day (at);
  BsnDayPlan plans[2];
  BsnStoreDay days[2];

  for (guint i = 0; i < 2; i++)
    {
      if (!bsn_day_plan_get (db, store, day - 1 + i, &plans[i], error))
        return FALSE;
      days[i] = bsn_store_day_from_plan (store, &plans[i]);
    }
  *out_place = bsn_store_day_place (&days[0], &days[1], at);
  if (out_plan != NULL)
    *out_plan = plans[out_place->day == day ? 1 : 0];
  return TRUE;
}

gboolean
bsn_store_day_bounds (BsnDb          *db,
                      const BsnStore *store,
                      gint64          day,
                      BsnTime        *out_start,
                      BsnTime        *out_end,
                      GError        **error)
{
  BsnStoreDay days[3];

  for (guint i = 0; i < 3; i++)
    {
      BsnDayPlan plan;
      if (!bsn_day_plan_get (db, store, day - 1 + i, &plan, error))
        return FALSE;
      days[i] = bsn_store_day_from_plan (store, &plan);
    }
  *out_start = bsn_store_day_first_second (&days[0], &days[1], day);
  *out_end = bsn_store_day_first_second (&days[1], &days[2], day + 1);
  return TRUE;
}

BsnStore *
bsn_store_for_day (BsnDb          *db,
                   const BsnStore *store,
                   BsnTime         at,
                   GError        **error)
{
  BsnStoreDayPlace place;
  BsnDayPlan plan;
  BsnStore *copy;

  if (!bsn_store_place_at (db, store, at, &place, &plan, error))
    return NULL;
  copy = bsn_store_copy (store);
  copy->opening_sec = plan.opening_sec;
  copy->hours = plan.hours;
  return copy;
}

/* Makes sure the store-day has a plan row, seeded from the store. */
static gboolean
ensure_plan (BsnDb   *db,
             gint64   store_id,
             gint64   day,
             GError **error)
{
  BsnStmt *stmt = bsn_db_prepare (db,
                                       "INSERT INTO day_plans (store_id, day, opening_sec, hours) "
                                       "SELECT id, ?2, opening_sec, hours FROM stores WHERE id = ?1 "
                                       "ON CONFLICT (store_id, day) DO NOTHING",
                                       error);
  if (stmt == NULL)
    return FALSE;
  bsn_stmt_bind_int64 (stmt, 1, store_id);
  bsn_stmt_bind_int64 (stmt, 2, day);
  return bsn_db_step_done (db, stmt, _("Menyimpan rencana harian"), error);
}

static gboolean
update_plan (BsnDb      *db,
             const char *action,
             const char *sql,
             gint64      store_id,
             gint64      day,
             gint64      a,
             gint64      b,
             GError    **error)
{
  BsnStmt *stmt;

  if (!bsn_db_begin (db, TRUE, error))
    return FALSE;
  if (!bsn_auth_require (db, BSN_PERM_QUOTAS, error) || !ensure_plan (db, store_id, day, error)
      || (stmt = bsn_db_prepare (db, sql, error)) == NULL)
    goto fail;
  bsn_stmt_bind_int64 (stmt, 1, store_id);
  bsn_stmt_bind_int64 (stmt, 2, day);
  bsn_stmt_bind_int64 (stmt, 3, a);
  bsn_stmt_bind_int64 (stmt, 4, b);
  if (!bsn_db_step_done (db, stmt, _("Menyimpan rencana harian"), error))
    goto fail;
  {
    g_autofree char *subject = g_strdup_printf ("#%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT, store_id, day);
    g_autofree char *after = bsn_audit_json ("a", BSN_AUDIT_INT, a, "b", BSN_AUDIT_INT, b, NULL);
    if (!bsn_audit_record (db, action, subject, NULL, after, error))
      goto fail;
  }
  return bsn_db_commit (db, error);

fail:
  bsn_db_rollback (db);
  return FALSE;
}

gboolean
bsn_day_plan_set_caps (BsnDb   *db,
                       gint64   store_id,
                       gint64   day,
                       gint64   slot_recipients,
                       gint64   daily_budget_rp,
                       GError **error)
{
  return update_plan (db, "quota.caps",
                      "UPDATE day_plans SET "
                      "slot_recipients = CASE WHEN ?3 < 0 THEN slot_recipients ELSE ?3 END, "
                      "daily_budget_rp = CASE WHEN ?4 < 0 THEN daily_budget_rp ELSE ?4 END "
                      "WHERE store_id = ?1 AND day = ?2",
                      store_id, day, slot_recipients, daily_budget_rp, error);
}

gboolean
bsn_day_plan_clear_caps (BsnDb   *db,
                         gint64   store_id,
                         gint64   day,
                         GError **error)
{
  /* Its own action: "0 per slot, Rp0 a day" would read as a cap of zero. */
  return update_plan (db, "quota.caps-clear",
                      "UPDATE day_plans SET slot_recipients = NULL, daily_budget_rp = NULL "
                      "WHERE store_id = ?1 AND day = ?2 AND ?3 = ?4",
                      store_id, day, 0, 0, error);
}

gboolean
bsn_day_plan_set_hours (BsnDb   *db,
                        gint64   store_id,
                        gint64   day,
                        gint     opening_sec,
                        gint     hours,
                        GError **error)
{
  if (opening_sec < 0 || opening_sec >= BSN_SECONDS_PER_DAY || hours < 1 || hours > 24)
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID, _("Jam buka harus 00:00–23:59 dan lama buka 1 sampai 24 jam"));
      return FALSE;
    }
  return update_plan (db, "quota.hours", "UPDATE day_plans SET opening_sec = ?3, hours = ?4 WHERE store_id = ?1 AND day = ?2",
                      store_id, day, opening_sec, hours, error);
}

void
bsn_stock_line_free (BsnStockLine *line)
{
  if (line == NULL)
    return;
  g_free (line->item);
  g_free (line->unit);
  g_free (line);
}

gboolean
bsn_qty_parse (const char *text,
               gint64     *out_milli,
               GError    **error)
{
  gint64 whole = 0, frac = 0;
  gint frac_digits = 0;
  gboolean any = FALSE, in_frac = FALSE;
  const char *p = text ? text : "";

  while (*p == ' ')
    p++;
  for (; *p; p++)
    {
      if (g_ascii_isdigit (*p))
        {
          any = TRUE;
          if (in_frac)
            {
              if (++frac_digits > 3)
                goto bad;
              frac = frac * 10 + (*p - '0');
            }
          else if ((whole = whole * 10 + (*p - '0')) > G_MAXINT64 / 10000)
            goto bad;
        }
      else if ((*p == ',' || *p == '.') && !in_frac && any)
        in_frac = TRUE;
      else if (*p == ' ')
        {
          while (*p == ' ')
            p++;
          if (*p)
            goto bad;
          break;
        }
      else
        goto bad;
    }
  if (!any)
    goto bad;
  while (frac_digits++ < 3)
    frac *= 10;
  *out_milli = whole * 1000 + frac;
  if (*out_milli <= 0)
    goto bad;
  return TRUE;

bad:
  g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID,
               _("“%s” bukan jumlah barang yang sah: tulis angka lebih dari nol, paling banyak tiga angka di belakang koma"),
               text ? text : "");
  return FALSE;
}

char *
bsn_qty_format (gint64 milli)
{
  gint64 frac = milli % 1000;
  char buf[8];
  int n;

  if (frac == 0)
    return g_strdup_printf ("%" G_GINT64_FORMAT, milli / 1000);
  n = g_snprintf (buf, sizeof buf, "%03" G_GINT64_FORMAT, frac);
  while (n > 0 && buf[n - 1] == '0')
    buf[--n] = '\0';
  return g_strdup_printf ("%" G_GINT64_FORMAT ",%s", milli / 1000, buf);
}

gboolean
bsn_stock_set (BsnDb              *db,
               gint64              store_id,
               gint64              day,
               const BsnStockLine *line,
               GError            **error)
{
  BsnStmt *stmt;

  if (!bsn_name_validate (line->item, _("barang"), error) || !bsn_name_validate (line->unit, _("satuan"), error))
    return FALSE;
  if (line->qty_milli <= 0 || line->unit_price_rp < 0 || line->unit_price_rp > 1000000000000)
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID, _("Jumlah barang harus lebih dari nol dan harga tidak negatif"));
      return FALSE;
    }
  if (!bsn_db_begin (db, TRUE, error))
    return FALSE;
  if (!bsn_auth_require (db, BSN_PERM_QUOTAS, error) || !ensure_plan (db, store_id, day, error))
    goto fail;
  {
    g_autofree char *subject = g_strdup_printf ("#%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT, store_id, day);
    g_autofree char *after = bsn_audit_json ("item", BSN_AUDIT_STR, line->item, "qty_milli", BSN_AUDIT_INT,
                                             line->qty_milli, "unit", BSN_AUDIT_STR, line->unit, "unit_price_rp",
                                             BSN_AUDIT_INT, line->unit_price_rp, NULL);
    if (!bsn_audit_record (db, "quota.stock", subject, NULL, after, error))
      goto fail;
  }
  stmt = bsn_db_prepare (db,
                         "INSERT INTO stock_lines (store_id, day, item, qty_milli, unit, unit_price_rp, perishable) "
                         "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (store_id, day, item) DO UPDATE SET "
                         "qty_milli = excluded.qty_milli, unit = excluded.unit, "
                         "unit_price_rp = excluded.unit_price_rp, perishable = excluded.perishable",
                         error);
  if (stmt == NULL)
    goto fail;
  bsn_stmt_bind_int64 (stmt, 1, store_id);
  bsn_stmt_bind_int64 (stmt, 2, day);
  bsn_stmt_bind_text (stmt, 3, line->item);
  bsn_stmt_bind_int64 (stmt, 4, line->qty_milli);
  bsn_stmt_bind_text (stmt, 5, line->unit);
  bsn_stmt_bind_int64 (stmt, 6, line->unit_price_rp);
  bsn_stmt_bind_int (stmt, 7, line->perishable ? 1 : 0);
  if (!bsn_db_step_done (db, stmt, _("Menyimpan stok"), error))
    goto fail;
  return bsn_db_commit (db, error);

fail:
  bsn_db_rollback (db);
  return FALSE;
}

gboolean
bsn_stock_remove (BsnDb      *db,
                  gint64      store_id,
                  gint64      day,
                  const char *item,
                  GError    **error)
{
  BsnStmt *stmt;
  g_autofree char *subject = NULL;
  g_autofree char *before = NULL;

  /* The line and its audit row go together, as adding one does. */
  if (!bsn_db_begin (db, TRUE, error))
    return FALSE;
  if (!bsn_auth_require (db, BSN_PERM_QUOTAS, error)
      || (stmt = bsn_db_prepare (db, "DELETE FROM stock_lines WHERE store_id = ?1 AND day = ?2 AND item = ?3",
                                 error)) == NULL)
    goto fail;
  bsn_stmt_bind_int64 (stmt, 1, store_id);
  bsn_stmt_bind_int64 (stmt, 2, day);
  bsn_stmt_bind_text (stmt, 3, item);
  if (!bsn_db_step_done (db, stmt, _("Menghapus stok"), error))
    goto fail;
  if (bsn_db_changes (db) == 0)
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_NOT_FOUND, _("Barang “%s” tidak ada di stok hari itu"), item);
      goto fail;
    }
  subject = g_strdup_printf ("#%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT, store_id, day);
  before = bsn_audit_json ("item", BSN_AUDIT_STR, item, NULL);
  if (!bsn_audit_record (db, "quota.stock-remove", subject, before, NULL, error))
    goto fail;
  return bsn_db_commit (db, error);

fail:
  bsn_db_rollback (db);
  return FALSE;
}

GPtrArray *
bsn_stock_list (BsnDb   *db,
                gint64   store_id,
                gint64   day,
                GError **error)
{
  BsnStmt *stmt = bsn_db_prepare (db,
                                       "SELECT item, qty_milli, unit, unit_price_rp, perishable FROM stock_lines "
                                       "WHERE store_id = ?1 AND day = ?2 ORDER BY item",
                                       error);
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) bsn_stock_line_free);
  BsnStep rc;

  if (stmt == NULL)
    return NULL;
  bsn_stmt_bind_int64 (stmt, 1, store_id);
  bsn_stmt_bind_int64 (stmt, 2, day);
  while ((rc = bsn_stmt_step (stmt)) == BSN_ROW)
    {
      BsnStockLine *l = g_new0 (BsnStockLine, 1);
      l->item = g_strdup (bsn_stmt_column_text (stmt, 0));
      l->qty_milli = bsn_stmt_column_int64 (stmt, 1);
      l->unit = g_strdup (bsn_stmt_column_text (stmt, 2));
      l->unit_price_rp = bsn_stmt_column_int64 (stmt, 3);
      l->perishable = bsn_stmt_column_int (stmt, 4) != 0;
      g_ptr_array_add (list, l);
    }
  /* Stock missing would lower the slots' targets. */
  if (!bsn_db_scan_ended (db, stmt, rc, _("Membaca rencana harian"), error))
    return NULL;
  return g_steal_pointer (&list);
}

gboolean
bsn_day_plan_copy (BsnDb   *db,
                   gint64   store_id,
                   gint64   day,
                   guint    n_days,
                   GError **error)
{
  static const char *const steps[] = {
    "DELETE FROM day_plans WHERE store_id = ?1 AND day = ?2",
    "DELETE FROM stock_lines WHERE store_id = ?1 AND day = ?2",
    "DELETE FROM quotas WHERE store_id = ?1 AND day = ?2",
    ("INSERT INTO day_plans (store_id, day, opening_sec, hours, slot_recipients, daily_budget_rp) "
     "SELECT store_id, ?2, opening_sec, hours, slot_recipients, daily_budget_rp FROM day_plans "
     "WHERE store_id = ?1 AND day = ?3"),
    ("INSERT INTO stock_lines (store_id, day, item, qty_milli, unit, unit_price_rp, perishable) "
     "SELECT store_id, ?2, item, qty_milli, unit, unit_price_rp, perishable FROM stock_lines "
     "WHERE store_id = ?1 AND day = ?3"),
    ("INSERT INTO quotas (store_id, day, slot, min_purchase_rp) "
     "SELECT store_id, ?2, slot, min_purchase_rp FROM quotas WHERE store_id = ?1 AND day = ?3"),
  };

  if (n_days == 0 || n_days > 366)
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID, _("Salin ke 1 sampai 366 hari berikutnya"));
      return FALSE;
    }
  if (!bsn_db_begin (db, TRUE, error))
    return FALSE;
  if (!bsn_auth_require (db, BSN_PERM_QUOTAS, error))
    goto fail;
  {
    g_autofree char *subject = g_strdup_printf ("#%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT, store_id, day);
    g_autofree char *after = bsn_audit_json ("days", BSN_AUDIT_INT, (gint64) n_days, NULL);
    if (!bsn_audit_record (db, "quota.copy", subject, NULL, after, error))
      goto fail;
  }
  for (guint d = 1; d <= n_days; d++)
    for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
      {
        BsnStmt *stmt = bsn_db_prepare (db, steps[i], error);
        if (stmt == NULL)
          goto fail;
        bsn_stmt_bind_int64 (stmt, 1, store_id);
        bsn_stmt_bind_int64 (stmt, 2, day + d);
        if (bsn_stmt_param_count (stmt) >= 3)
          bsn_stmt_bind_int64 (stmt, 3, day);
        if (!bsn_db_step_done (db, stmt, _("Menyalin rencana harian"), error))
          goto fail;
      }
  return bsn_db_commit (db, error);

fail:
  bsn_db_rollback (db);
  return FALSE;
}

void
bsn_day_status_free (BsnDayStatus *status)
{
  if (status == NULL)
    return;
  g_free (status->unit);
  g_free (status);
}

BsnDayStatus *
bsn_day_status (BsnDb   *db,
                gint64   store_id,
                gint64   day,
                GError **error)
{
  g_autoptr(BsnDayStatus) st = g_new0 (BsnDayStatus, 1);
  g_autoptr(BsnStore) store = bsn_auth_require (db, BSN_PERM_READ_FINANCE, error) ? bsn_store_get (db, store_id, error)
                                                                                   : NULL;
  g_autoptr(BsnStore) today = NULL;
  g_autoptr(GPtrArray) stock = NULL;
  BsnTime day_start = day * BSN_SECONDS_PER_DAY;
  BsnTime first, last;
  gint64 assigned = 0, qty_assigned = 0, sold = 0;
  gboolean one_unit = TRUE;
  BsnStmt *stmt;
  BsnStep rc;

  if (store == NULL || !bsn_day_plan_get (db, store, day, &st->plan, error))
    return NULL;
  today = bsn_store_copy (store);
  today->opening_sec = st->plan.opening_sec;
  today->hours = st->plan.hours;
  stock = bsn_stock_list (db, store_id, day, error);
  if (stock == NULL)
    return NULL;
  for (guint i = 0; i < stock->len; i++)
    {
      BsnStockLine *l = g_ptr_array_index (stock, i);
      st->stock_rp += (gint64) ((__int128) l->qty_milli * l->unit_price_rp / 1000);
      st->stock_qty_milli += l->qty_milli;
      if (st->unit == NULL)
        st->unit = g_strdup (l->unit);
      else if (g_strcmp0 (st->unit, l->unit) != 0)
        one_unit = FALSE;
    }
  if (!one_unit)
    {
      g_clear_pointer (&st->unit, g_free);
      st->stock_qty_milli = 0;
    }

  if (!bsn_store_day_bounds (db, store, day, &first, &last, error))
    return NULL;
  for (gint slot = 1; slot <= BSN_LELANG_SLOTS; slot++)
    {
      BsnSlotStatus *s = &st->slots[slot - 1];
      s->slot = slot;
      s->start = bsn_store_slot_start (today, day_start, slot);
      s->end = slot < BSN_LELANG_SLOTS ? bsn_store_slot_start (today, day_start, slot + 1)
                                       : day_start + today->opening_sec + (gint64) today->hours * 3600;
      /* The target spreads the stock evenly; the remainder goes to slot X
       * so the targets add up to the stock. */
      s->target_rp = slot < BSN_LELANG_SLOTS ? st->stock_rp / BSN_LELANG_SLOTS : st->stock_rp - assigned;
      s->target_qty_milli = slot < BSN_LELANG_SLOTS ? st->stock_qty_milli / BSN_LELANG_SLOTS
                                                    : st->stock_qty_milli - qty_assigned;
      assigned += s->target_rp;
      qty_assigned += s->target_qty_milli;
      if (!bsn_quota_min_purchase_in_slot (db, store, day, slot, &s->quota_rp, error))
        return NULL;
    }

  stmt = bsn_db_prepare (db,
                         "SELECT at, amount_rp, value_rp, capped FROM receipts "
                         "WHERE store_id = ?1 AND at >= ?2 AND at < ?3",
                         error);
  if (stmt == NULL)
    return NULL;
  bsn_stmt_bind_int64 (stmt, 1, store_id);
  /* The receipts of the store-day (DOMAIN.md §4.2): those after
   * midnight of a night that crosses it, not those before the opening
   * that still belong to the night before. */
  bsn_stmt_bind_int64 (stmt, 2, first);
  bsn_stmt_bind_int64 (stmt, 3, last);
  while ((rc = bsn_stmt_step (stmt)) == BSN_ROW)
    {
      BsnTime at = bsn_stmt_column_int64 (stmt, 0);
      gint64 amount = bsn_stmt_column_int64 (stmt, 1);
      gint64 value = bsn_stmt_column_int64 (stmt, 2);
      gint slot = 0;

      for (gint i = 0; i < BSN_LELANG_SLOTS; i++)
        if (at >= st->slots[i].start && at < st->slots[i].end)
          slot = i + 1;
      if (slot == 0)
        {
          st->outside_rp += amount;
          st->sales_rp += amount;
          st->reward_rp += value;
          continue;
        }
      BsnSlotStatus *s = &st->slots[slot - 1];
      s->sales_rp += amount;
      s->receipts++;
      s->rewarded += value > 0;
      s->reward_rp += value;
      s->capped += bsn_stmt_column_int (stmt, 3) != 0;
      st->sales_rp += amount;
      st->reward_rp += value;
    }
  if (!bsn_db_scan_ended (db, stmt, rc, _("Membaca struk"), error))
    return NULL;

  for (gint i = 0; i < BSN_LELANG_SLOTS; i++)
    {
      sold += st->slots[i].sales_rp;
      st->slots[i].stock_left_rp = MAX (st->stock_rp - sold, 0);
    }
  st->unsold_rp = MAX (st->stock_rp - st->sales_rp, 0);
  return g_steal_pointer (&st);
}
