/* bsn-quota.c — minimum purchase quotas (see bsn-quota.h). */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "bsn-error.h"
#include "bsn-quota.h"
#include "bsn-tiers.h"

gint
bsn_store_slot_at (const BsnStore *store,
                   BsnTime         at)
{
  gint64 open_len = (gint64) store->hours * 3600;
  gint64 offset = ((gint64) bsn_time_second_of_day (at) - store->opening_sec + BSN_SECONDS_PER_DAY)
                  % BSN_SECONDS_PER_DAY;

  if (offset >= open_len)
    return 0;
  return (gint) (offset * BSN_LELANG_SLOTS / open_len) + 1;
}

gboolean
bsn_quota_set (BsnDb   *db,
               gint64   store_id,
               gint64   day,
               gint     slot,
               gint64   min_purchase_rp,
               GError **error)
{
  sqlite3_stmt *stmt;

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
  stmt = bsn_db_prepare (db,
                         "INSERT INTO quotas (store_id, day, slot, min_purchase_rp) VALUES (?1, ?2, ?3, ?4) "
                         "ON CONFLICT (store_id, day, slot) DO UPDATE SET min_purchase_rp = excluded.min_purchase_rp",
                         error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, store_id);
  sqlite3_bind_int64 (stmt, 2, day);
  sqlite3_bind_int (stmt, 3, slot);
  sqlite3_bind_int64 (stmt, 4, min_purchase_rp);
  return bsn_db_step_done (db, stmt, _("Menyimpan kuota"), error);
}

gboolean
bsn_quota_min_purchase_at (BsnDb          *db,
                           const BsnStore *store,
                           BsnTime         at,
                           gint64         *out_rp,
                           GError        **error)
{
  /* The slot's own quota wins over the day's, which wins over the
   * store's default. */
  sqlite3_stmt *stmt = bsn_db_prepare (db,
                                       "SELECT min_purchase_rp FROM quotas WHERE store_id = ?1 AND day = ?2 "
                                       "AND slot IN (0, ?3) ORDER BY slot DESC LIMIT 1",
                                       error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, store->id);
  sqlite3_bind_int64 (stmt, 2, bsn_time_day (at));
  sqlite3_bind_int (stmt, 3, bsn_store_slot_at (store, at));
  rc = sqlite3_step (stmt);
  *out_rp = rc == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : store->min_purchase_rp;
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      bsn_error_set_sqlite (error, bsn_db_get_handle (db), _("Membaca kuota"));
      return FALSE;
    }
  return TRUE;
}
