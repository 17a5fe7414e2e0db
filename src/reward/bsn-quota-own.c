/* bsn-quota-own.c — the quotas a store-day sets itself (see bsn-quota-own.h). */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "bsn-error.h"
#include "bsn-quota-own.h"
#include "bsn-tiers.h"

gboolean
bsn_quota_own_get (BsnDb       *db,
                   gint64       store_id,
                   gint64       day,
                   BsnQuotaOwn *out,
                   GError     **error)
{
  BsnStmt *stmt = bsn_db_prepare (db,
                                       "SELECT slot, min_purchase_rp FROM quotas WHERE store_id = ?1 AND day = ?2",
                                       error);
  int rc;

  out->day_rp = -1;
  for (guint i = 0; i < G_N_ELEMENTS (out->slot_rp); i++)
    out->slot_rp[i] = -1;
  if (stmt == NULL)
    return FALSE;
  bsn_stmt_bind_int64 (stmt, 1, store_id);
  bsn_stmt_bind_int64 (stmt, 2, day);
  while ((rc = bsn_stmt_step (stmt)) == BSN_ROW)
    {
      gint slot = bsn_stmt_column_int (stmt, 0);
      gint64 rp = bsn_stmt_column_int64 (stmt, 1);

      if (slot == 0)
        out->day_rp = rp;
      else if (slot >= 1 && slot <= BSN_LELANG_SLOTS)
        out->slot_rp[slot - 1] = rp;
    }
  bsn_stmt_reset (stmt);
  if (rc != BSN_DONE)
    {
      bsn_db_set_error (db, error, _("Membaca kuota"));
      return FALSE;
    }
  return TRUE;
}

gboolean
bsn_quota_clear (BsnDb   *db,
                 gint64   store_id,
                 gint64   day,
                 gint     slot,
                 GError **error)
{
  BsnStmt *stmt;

  if (slot < 0 || slot > BSN_LELANG_SLOTS)
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID, _("Slot harus I sampai X"));
      return FALSE;
    }
  stmt = bsn_db_prepare (db, "DELETE FROM quotas WHERE store_id = ?1 AND day = ?2 AND slot = ?3", error);
  if (stmt == NULL)
    return FALSE;
  bsn_stmt_bind_int64 (stmt, 1, store_id);
  bsn_stmt_bind_int64 (stmt, 2, day);
  bsn_stmt_bind_int (stmt, 3, slot);
  return bsn_db_step_done (db, stmt, _("Menghapus kuota"), error);
}
