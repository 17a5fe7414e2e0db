/* bsn-consign.c — titip jual (see bsn-consign.h). */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "bsn-consign.h"
#include "bsn-audit.h"
#include "bsn-auth.h"
#include "bsn-error.h"
#include "bsn-ledger.h"
#include "bsn-money.h"
#include "bsn-store.h"

/* The induk's compensation: 15 % of the Tahap III reduction. */
#define COMPENSATION_BP 1500
/* The anak's share of the return cost when it over-asked. */
#define OVER_CAPACITY_BP 5000

static gboolean finish (BsnDb *db, gboolean ok, GError **error);

const char *
bsn_stage_to_string (BsnStage stage)
{
  static const char *const names[] = { "offered", "normal", "I", "II", "III", "return_due", "returned", "rejected" };
  return names[stage];
}

const char *
bsn_stage_label (BsnStage stage)
{
  switch (stage)
    {
    case BSN_STAGE_OFFERED: return _("Ditawarkan");
    case BSN_STAGE_NORMAL: return _("Harga normal");
    case BSN_STAGE_I: return _("Tahap I (−10 %)");
    case BSN_STAGE_II: return _("Tahap II (−20 %)");
    case BSN_STAGE_III: return _("Tahap III (−30 %)");
    case BSN_STAGE_RETURN_DUE: return _("Wajib dikembalikan");
    case BSN_STAGE_RETURNED: return _("Sudah dikembalikan");
    default: return _("Ditolak");
    }
}

gint32
bsn_stage_markdown_bp (BsnStage stage)
{
  switch (stage)
    {
    case BSN_STAGE_I: return 1000;
    case BSN_STAGE_II: return 2000;
    case BSN_STAGE_III: return 3000;
    default: return 0;
    }
}

static BsnStage
stage_from_string (const char *s)
{
  for (BsnStage st = BSN_STAGE_OFFERED; st <= BSN_STAGE_REJECTED; st++)
    if (g_strcmp0 (s, bsn_stage_to_string (st)) == 0)
      return st;
  return BSN_STAGE_OFFERED;
}

BsnLot *
bsn_lot_new (void)
{
  BsnLot *l = g_new0 (BsnLot, 1);

  l->scheme = 'A';
  l->marketing_owner_bp = 5000;
  l->capacity = -1;
  return l;
}

void
bsn_lot_free (BsnLot *lot)
{
  if (lot == NULL)
    return;
  g_free (lot->induk_code);
  g_free (lot->anak_code);
  g_free (lot->sku);
  g_free (lot->name);
  g_free (lot);
}

void
bsn_lot_event_free (BsnLotEvent *e)
{
  if (e == NULL)
    return;
  g_free (e->kind);
  g_free (e->stage);
  g_free (e->reason);
  g_free (e);
}

void
bsn_settlement_free (BsnSettlement *s)
{
  if (s == NULL)
    return;
  g_clear_pointer (&s->sales, g_array_unref);
  g_free (s);
}

void
bsn_share_split (char    scheme,
                 gint64  profit_rp,
                 gint64 *induk,
                 gint64 *produsen,
                 gint64 *anak)
{
  /* DOMAIN.md §9: the parts are floored, the remainder goes to the anak. */
  const gint32 a[3] = { 4000, 0, 6000 };
  const gint32 b[3] = { 2500, 4000, 3500 };
  gint64 parts[3];

  bsn_money_split (profit_rp, scheme == 'B' ? b : a, 3, 2, parts);
  *induk = parts[0];
  *produsen = parts[1];
  *anak = parts[2];
}

static gboolean
validate_lot (BsnDb        *db,
              const BsnLot *lot,
              GError      **error)
{
  g_autoptr(BsnStore) induk = NULL;
  g_autoptr(BsnStore) anak = NULL;

  if (!bsn_code_validate (lot->sku, _("barang (SKU)"), error) || !bsn_name_validate (lot->name, _("barang"), error))
    return FALSE;
  if (lot->qty <= 0 || lot->qty > 100000000)
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID, _("Jumlah barang titipan harus 1 sampai 100.000.000"));
      return FALSE;
    }
  if (lot->cost_rp < 0 || lot->price_rp <= 0 || lot->price_rp > 1000000000000)
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID,
                   _("Modal pokok tidak boleh negatif dan harga jual harus lebih dari nol"));
      return FALSE;
    }
  if (lot->cost_rp > lot->price_rp)
    {
      g_autofree char *cost = bsn_money_format (lot->cost_rp);
      g_autofree char *price = bsn_money_format (lot->price_rp);
      g_set_error (error, BSN_ERROR, BSN_ERROR_REFUSED,
                   _("Modal pokok %s lebih tinggi dari harga jual yang disepakati %s"), cost, price);
      return FALSE;
    }
  if (lot->period_days <= 0 || lot->stage_days[0] <= 0 || lot->stage_days[1] <= 0 || lot->stage_days[2] <= 0
      || lot->period_days > 3650 || lot->stage_days[0] > 3650 || lot->stage_days[1] > 3650 || lot->stage_days[2] > 3650)
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID,
                   _("Masa jual dan lama tiap tahap harus 1 sampai 3650 hari"));
      return FALSE;
    }
  if (lot->scheme != 'A' && lot->scheme != 'B')
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID, _("Skema kemitraan harus A atau B"));
      return FALSE;
    }
  if (lot->marketing_owner_bp < 0 || lot->marketing_owner_bp > 10000 || lot->bonus_bp < 0 || lot->bonus_bp > 3000)
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID,
                   _("Bagian biaya pemasaran harus 0–100 %% dan bonus poin 0–30 %%"));
      return FALSE;
    }
  if (lot->capacity < -1 || lot->capacity > 100000000)
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID, _("Kapasitas jual anak cabang harus 0 sampai 100.000.000 unit"));
      return FALSE;
    }
  if ((induk = bsn_store_get (db, lot->induk_id, error)) == NULL || (anak = bsn_store_get (db, lot->anak_id, error)) == NULL)
    return FALSE;
  if (induk->role != BSN_ROLE_INDUK)
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID, _("Toko %s bukan induk cabang; hanya induk yang menitipkan barang"),
                   induk->code);
      return FALSE;
    }
  if (anak->role == BSN_ROLE_INDUK || anak->id == induk->id)
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID, _("Barang dititipkan ke anak cabang atau toko, bukan ke %s"),
                   anak->code);
      return FALSE;
    }
  return TRUE;
}

/* The capacity the anak showed: units of the same SKU it sold in its
 * latest accepted lot of the same whole length (normal period and the
 * three stages) offered on or before this one. */
static gboolean
capacity_from_previous (BsnDb   *db,
                        BsnLot  *lot,
                        GError **error)
{
  BsnStmt *stmt = bsn_db_prepare (db,
                                  "SELECT l.id, coalesce ((SELECT sum (e.qty) FROM lot_events e "
                                  "  WHERE e.lot_id = l.id AND e.kind = 'sale'), 0) "
                                  "FROM lots l WHERE l.anak_id = ?1 AND l.sku = ?2 AND l.offered_day <= ?3 "
                                  "AND l.period_days + l.stage1_days + l.stage2_days + l.stage3_days = ?4 "
                                  "AND EXISTS (SELECT 1 FROM lot_events a WHERE a.lot_id = l.id AND a.kind = 'accept') "
                                  "ORDER BY l.offered_day DESC, l.id DESC LIMIT 1",
                                  error);
  BsnStep rc;

  if (stmt == NULL)
    return FALSE;
  bsn_stmt_bind_int64 (stmt, 1, lot->anak_id);
  bsn_stmt_bind_text (stmt, 2, lot->sku);
  bsn_stmt_bind_int64 (stmt, 3, lot->offered_day);
  bsn_stmt_bind_int64 (stmt, 4, (gint64) lot->period_days + lot->stage_days[0] + lot->stage_days[1]
                                  + lot->stage_days[2]);
  if ((rc = bsn_stmt_step (stmt)) == BSN_ROW)
    {
      lot->capacity_lot_id = bsn_stmt_column_int64 (stmt, 0);
      lot->capacity = bsn_stmt_column_int64 (stmt, 1);
    }
  /* An unread history is not one without a previous lot. */
  return bsn_db_scan_ended (db, stmt, rc, _("Membaca titipan"), error);
}

static gboolean
insert_lot (BsnDb        *db,
            const BsnLot *lot,
            GError      **error)
{
  BsnStmt *stmt;
  char scheme[2] = { lot->scheme, 0 };

  stmt = bsn_db_prepare (db,
                         "INSERT INTO lots (induk_id, anak_id, sku, name, qty, cost_rp, price_rp, offered_day, "
                         "period_days, stage1_days, stage2_days, stage3_days, scheme, marketing_owner_bp, bonus_bp, "
                         "capacity, capacity_lot_id, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, "
                         "?11, ?12, ?13, ?14, ?15, ?16, ?17, unixepoch())",
                         error);
  if (stmt == NULL)
    return FALSE;
  bsn_stmt_bind_int64 (stmt, 1, lot->induk_id);
  bsn_stmt_bind_int64 (stmt, 2, lot->anak_id);
  bsn_stmt_bind_text (stmt, 3, lot->sku);
  bsn_stmt_bind_text (stmt, 4, lot->name);
  bsn_stmt_bind_int64 (stmt, 5, lot->qty);
  bsn_stmt_bind_int64 (stmt, 6, lot->cost_rp);
  bsn_stmt_bind_int64 (stmt, 7, lot->price_rp);
  bsn_stmt_bind_int64 (stmt, 8, lot->offered_day);
  bsn_stmt_bind_int (stmt, 9, lot->period_days);
  bsn_stmt_bind_int (stmt, 10, lot->stage_days[0]);
  bsn_stmt_bind_int (stmt, 11, lot->stage_days[1]);
  bsn_stmt_bind_int (stmt, 12, lot->stage_days[2]);
  bsn_stmt_bind_text_copy (stmt, 13, scheme);
  bsn_stmt_bind_int (stmt, 14, lot->marketing_owner_bp);
  bsn_stmt_bind_int (stmt, 15, lot->bonus_bp);
  /* NULL capacity: none known; NULL capacity_lot_id: stated (or none). */
  if (lot->capacity >= 0)
    bsn_stmt_bind_int64 (stmt, 16, lot->capacity);
  if (lot->capacity_lot_id > 0)
    bsn_stmt_bind_int64 (stmt, 17, lot->capacity_lot_id);
  return bsn_db_step_done (db, stmt, _("Menyimpan titipan"), error);
}

gboolean
bsn_lot_offer (BsnDb   *db,
               BsnLot  *lot,
               GError **error)
{
  char scheme[2] = { lot->scheme, 0 };
  g_autofree char *subject = NULL;
  g_autofree char *after = NULL;
  gboolean ok;

  if (!bsn_auth_require (db, BSN_PERM_CONSIGN, error) || !validate_lot (db, lot, error))
    return FALSE;
  if (!bsn_db_begin (db, TRUE, error))
    return FALSE;
  lot->capacity_lot_id = 0;
  if (lot->capacity < 0 && !capacity_from_previous (db, lot, error))
    return finish (db, FALSE, error);
  if (!insert_lot (db, lot, error))
    return finish (db, FALSE, error);
  lot->id = bsn_db_last_insert_id (db);
  subject = g_strdup_printf ("#%" G_GINT64_FORMAT, lot->id);
  after = bsn_audit_json ("sku", BSN_AUDIT_STR, lot->sku, "qty", BSN_AUDIT_INT, lot->qty,
                          "cost_rp", BSN_AUDIT_INT, lot->cost_rp, "price_rp", BSN_AUDIT_INT,
                          lot->price_rp, "scheme", BSN_AUDIT_STR, scheme, "capacity", BSN_AUDIT_INT,
                          lot->capacity, NULL);
  ok = bsn_audit_record (db, "consign.offer", subject, NULL, after, error);
  return finish (db, ok, error);
}

gboolean
bsn_lot_is_over_capacity (const BsnLot *lot)
{
  return lot->capacity >= 0 && lot->accepted > lot->capacity;
}

#define LOT_COLUMNS "l.id, l.induk_id, l.anak_id, i.code, a.code, l.sku, l.name, l.qty, l.cost_rp, l.price_rp, " \
                    "l.offered_day, l.period_days, l.stage1_days, l.stage2_days, l.stage3_days, l.scheme, " \
                    "l.marketing_owner_bp, l.bonus_bp, coalesce (l.capacity, -1), coalesce (l.capacity_lot_id, 0), " \
                    "coalesce ((SELECT max (e.qty) FROM lot_events e WHERE e.lot_id = l.id AND e.kind = 'accept'), 0)"
#define LOT_FROM " FROM lots l JOIN stores i ON i.id = l.induk_id JOIN stores a ON a.id = l.anak_id "

static BsnLot *
lot_from_row (BsnStmt *stmt)
{
  BsnLot *l = bsn_lot_new ();

  l->id = bsn_stmt_column_int64 (stmt, 0);
  l->induk_id = bsn_stmt_column_int64 (stmt, 1);
  l->anak_id = bsn_stmt_column_int64 (stmt, 2);
  l->induk_code = g_strdup (bsn_stmt_column_text (stmt, 3));
  l->anak_code = g_strdup (bsn_stmt_column_text (stmt, 4));
  l->sku = g_strdup (bsn_stmt_column_text (stmt, 5));
  l->name = g_strdup (bsn_stmt_column_text (stmt, 6));
  l->qty = bsn_stmt_column_int64 (stmt, 7);
  l->cost_rp = bsn_stmt_column_int64 (stmt, 8);
  l->price_rp = bsn_stmt_column_int64 (stmt, 9);
  l->offered_day = bsn_stmt_column_int64 (stmt, 10);
  l->period_days = bsn_stmt_column_int (stmt, 11);
  l->stage_days[0] = bsn_stmt_column_int (stmt, 12);
  l->stage_days[1] = bsn_stmt_column_int (stmt, 13);
  l->stage_days[2] = bsn_stmt_column_int (stmt, 14);
  l->scheme = (bsn_stmt_column_text (stmt, 15))[0];
  l->marketing_owner_bp = bsn_stmt_column_int (stmt, 16);
  l->bonus_bp = bsn_stmt_column_int (stmt, 17);
  l->capacity = bsn_stmt_column_int64 (stmt, 18);
  l->capacity_lot_id = bsn_stmt_column_int64 (stmt, 19);
  l->accepted = bsn_stmt_column_int64 (stmt, 20);
  return l;
}

BsnLot *
bsn_lot_get (BsnDb   *db,
             gint64   id,
             GError **error)
{
  BsnStmt *stmt = bsn_db_prepare (db, "SELECT " LOT_COLUMNS LOT_FROM "WHERE l.id = ?1", error);
  BsnLot *lot = NULL;
  BsnStep rc;

  if (stmt == NULL)
    return NULL;
  bsn_stmt_bind_int64 (stmt, 1, id);
  if ((rc = bsn_stmt_step (stmt)) == BSN_ROW)
    lot = lot_from_row (stmt);
  if (!bsn_db_scan_ended (db, stmt, rc, _("Membaca titipan"), error))
    {
      bsn_lot_free (lot);
      return NULL;
    }
  if (lot == NULL)
    g_set_error (error, BSN_ERROR, BSN_ERROR_NOT_FOUND, _("Titipan #%" G_GINT64_FORMAT " tidak ada"), id);
  return lot;
}

GPtrArray *
bsn_lot_list (BsnDb   *db,
              gint64   store_id,
              GError **error)
{
  BsnStmt *stmt = !bsn_auth_require (db, BSN_PERM_READ_FINANCE, error) ? NULL : bsn_db_prepare (db,
                                       "SELECT " LOT_COLUMNS LOT_FROM
                                       "WHERE ?1 = 0 OR l.induk_id = ?1 OR l.anak_id = ?1 ORDER BY l.id DESC",
                                       error);
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) bsn_lot_free);
  BsnStep rc;

  if (stmt == NULL)
    return NULL;
  bsn_stmt_bind_int64 (stmt, 1, store_id);
  while ((rc = bsn_stmt_step (stmt)) == BSN_ROW)
    g_ptr_array_add (list, lot_from_row (stmt));
  if (!bsn_db_scan_ended (db, stmt, rc, _("Membaca titipan"), error))
    return NULL;
  return g_steal_pointer (&list);
}

/* What the events say so far. */
typedef struct
{
  gboolean decided;
  gboolean rejected;
  gboolean returned;
  gint64   accepted;
  gint64   accept_day;
  gint64   sold;
  gint64   returned_qty;
  gint64   return_day;
  gint64   revenue;
} LotState;

static gboolean
load_state (BsnDb    *db,
            gint64    lot_id,
            LotState *st,
            GError  **error)
{
  BsnStmt *stmt = bsn_db_prepare (db, "SELECT kind, day, qty, amount_rp FROM lot_events WHERE lot_id = ?1 "
                                           "ORDER BY id",
                                       error);
  BsnStep rc;

  memset (st, 0, sizeof *st);
  if (stmt == NULL)
    return FALSE;
  bsn_stmt_bind_int64 (stmt, 1, lot_id);
  while ((rc = bsn_stmt_step (stmt)) == BSN_ROW)
    {
      const char *kind = bsn_stmt_column_text (stmt, 0);
      gint64 day = bsn_stmt_column_int64 (stmt, 1), qty = bsn_stmt_column_int64 (stmt, 2);

      if (g_str_equal (kind, "accept"))
        st->decided = TRUE, st->accepted = qty, st->accept_day = day;
      else if (g_str_equal (kind, "reject"))
        st->decided = TRUE, st->rejected = TRUE;
      else if (g_str_equal (kind, "sale"))
        st->sold += qty, st->revenue += bsn_stmt_column_int64 (stmt, 3);
      else if (g_str_equal (kind, "return"))
        st->returned = TRUE, st->returned_qty = qty, st->return_day = day;
    }
  /* Events missing would let a lot sell more than it holds. */
  return bsn_db_scan_ended (db, stmt, rc, _("Membaca titipan"), error);
}

/* The stage a lot's dates give for @day, and the first day of the next. */
static BsnStage
dated_stage (const BsnLot *lot,
             gint64        day,
             gint64       *next_day)
{
  gint64 d = day - lot->offered_day;
  gint64 end = lot->period_days;

  *next_day = 0;
  if (d < 0)
    return BSN_STAGE_OFFERED;
  if (d < end)
    {
      *next_day = lot->offered_day + end;
      return BSN_STAGE_NORMAL;
    }
  for (gint i = 0; i < 3; i++)
    {
      end += lot->stage_days[i];
      if (d < end)
        {
          *next_day = lot->offered_day + end;
          return BSN_STAGE_I + i;
        }
    }
  return BSN_STAGE_RETURN_DUE;
}

static gint64
stage_price (const BsnLot *lot,
             BsnStage      stage)
{
  return lot->price_rp - bsn_money_apply_bp (lot->price_rp, bsn_stage_markdown_bp (stage));
}

void
bsn_lot_stage_prices (const BsnLot    *lot,
                      gint64           cost_rp,
                      BsnLotStagePrice out[3])
{
  static const BsnStage stages[3] = { BSN_STAGE_I, BSN_STAGE_II, BSN_STAGE_III };

  for (guint i = 0; i < 3; i++)
    {
      out[i].stage = stages[i];
      out[i].price_rp = stage_price (lot, stages[i]);
      out[i].below_cost = out[i].price_rp < cost_rp;
    }
}

static gboolean
cost_at (BsnDb        *db,
         const BsnLot *lot,
         gint64        day,
         gint64       *out,
         GError      **error)
{
  BsnStmt *stmt = bsn_db_prepare (db,
                                       "SELECT cost_rp FROM lot_events WHERE lot_id = ?1 AND kind = 'reprice' "
                                       "AND day <= ?2 ORDER BY day DESC, id DESC LIMIT 1",
                                       error);
  BsnStep rc;

  if (stmt == NULL)
    return FALSE;
  bsn_stmt_bind_int64 (stmt, 1, lot->id);
  bsn_stmt_bind_int64 (stmt, 2, day);
  rc = bsn_stmt_step (stmt);
  *out = rc == BSN_ROW ? bsn_stmt_column_int64 (stmt, 0) : lot->cost_rp;
  /* The cost before a reprice is not the cost when the reprice was unread. */
  return bsn_db_scan_ended (db, stmt, rc, _("Membaca titipan"), error);
}

gboolean
bsn_lot_status (BsnDb        *db,
                gint64        lot_id,
                gint64        day,
                BsnLotStatus *out,
                GError      **error)
{
  g_autoptr(BsnLot) lot = bsn_auth_require (db, BSN_PERM_READ_FINANCE, error) ? bsn_lot_get (db, lot_id, error) : NULL;
  LotState st;

  if (lot == NULL || !load_state (db, lot_id, &st, error))
    return FALSE;
  memset (out, 0, sizeof *out);
  out->offered = lot->qty;
  out->accepted = st.accepted;
  out->sold = st.sold;
  out->returned = st.returned_qty;
  out->remaining = st.accepted - st.sold - st.returned_qty;
  out->revenue_rp = st.revenue;
  out->capacity = lot->capacity;
  out->over_capacity = bsn_lot_is_over_capacity (lot);
  if (!cost_at (db, lot, day, &out->cost_rp, error))
    return FALSE;
  bsn_lot_stage_prices (lot, out->cost_rp, out->stages);
  if (st.rejected)
    out->stage = BSN_STAGE_REJECTED;
  else if (st.returned && day >= st.return_day)
    out->stage = BSN_STAGE_RETURNED;
  else if (!st.decided)
    out->stage = BSN_STAGE_OFFERED;
  else
    {
      out->stage = dated_stage (lot, day, &out->stage_ends_day);
      out->unit_price_rp = out->stage >= BSN_STAGE_NORMAL && out->stage <= BSN_STAGE_III ? stage_price (lot, out->stage) : 0;
    }
  return TRUE;
}

static gboolean
insert_event (BsnDb      *db,
              gint64      lot_id,
              const char *kind,
              gint64      day,
              gint64      qty,
              const char *stage,
              gint64      unit_price,
              gint64      amount,
              gint64      cost,
              gint64      anak_rp,
              gint64      induk_rp,
              gint        flag,
              const char *reason,
              gint64      customer_id,
              GError    **error)
{
  BsnStmt *stmt = bsn_db_prepare (db,
                                       "INSERT INTO lot_events (lot_id, kind, day, qty, stage, unit_price_rp, amount_rp, "
                                       "cost_rp, anak_rp, induk_rp, flag, reason, customer_id, created_at) "
                                       "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, unixepoch())",
                                       error);
  if (stmt == NULL)
    return FALSE;
  bsn_stmt_bind_int64 (stmt, 1, lot_id);
  bsn_stmt_bind_text (stmt, 2, kind);
  bsn_stmt_bind_int64 (stmt, 3, day);
  bsn_stmt_bind_int64 (stmt, 4, qty);
  if (stage)
    bsn_stmt_bind_text (stmt, 5, stage);
  bsn_stmt_bind_int64 (stmt, 6, unit_price);
  bsn_stmt_bind_int64 (stmt, 7, amount);
  bsn_stmt_bind_int64 (stmt, 8, cost);
  bsn_stmt_bind_int64 (stmt, 9, anak_rp);
  bsn_stmt_bind_int64 (stmt, 10, induk_rp);
  bsn_stmt_bind_int (stmt, 11, flag);
  bsn_stmt_bind_text (stmt, 12, reason ? reason : "");
  if (customer_id)
    bsn_stmt_bind_int64 (stmt, 13, customer_id);
  return bsn_db_step_done (db, stmt, _("Mencatat riwayat titipan"), error);
}

static gboolean
refuse (GError    **error,
        BsnErrorCode code,
        const char *format,
        ...) G_GNUC_PRINTF (3, 4);

static gboolean
refuse (GError     **error,
        BsnErrorCode code,
        const char  *format,
        ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, BSN_ERROR, code, message);
  return FALSE;
}

/* Opens the write transaction and loads the lot and its state. */
static BsnLot *
begin_lot (BsnDb    *db,
           gint64    lot_id,
           LotState *st,
           GError  **error)
{
  BsnLot *lot;

  if (!bsn_db_begin (db, TRUE, error))
    return NULL;
  lot = bsn_auth_require (db, BSN_PERM_CONSIGN, error) ? bsn_lot_get (db, lot_id, error) : NULL;
  if (lot == NULL || !load_state (db, lot_id, st, error))
    {
      bsn_lot_free (lot);
      bsn_db_rollback (db);
      return NULL;
    }
  return lot;
}

/* Consignment decisions go to the audit trail with the lot's event. */
static gboolean
audit_lot (BsnDb      *db,
           gint64      lot_id,
           const char *action,
           gint64      qty,
           gint64      amount,
           const char *reason,
           GError    **error)
{
  g_autofree char *subject = g_strdup_printf ("#%" G_GINT64_FORMAT, lot_id);
  g_autofree char *after = bsn_audit_json ("qty", BSN_AUDIT_INT, qty, "amount_rp", BSN_AUDIT_INT, amount, "reason",
                                           BSN_AUDIT_STR, reason, NULL);
  return bsn_audit_record (db, action, subject, NULL, after, error);
}

static gboolean
finish (BsnDb   *db,
        gboolean ok,
        GError **error)
{
  if (!ok)
    {
      bsn_db_rollback (db);
      return FALSE;
    }
  return bsn_db_commit (db, error);
}

gboolean
bsn_lot_accept (BsnDb   *db,
                gint64   lot_id,
                gint64   qty,
                gint64   day,
                GError **error)
{
  LotState st;
  g_autoptr(BsnLot) lot = begin_lot (db, lot_id, &st, error);
  gboolean ok;

  if (lot == NULL)
    return FALSE;
  if (qty == 0)
    qty = lot->qty;
  if (st.decided)
    ok = refuse (error, BSN_ERROR_REFUSED, _("Titipan #%" G_GINT64_FORMAT " sudah %s"), lot_id,
                 st.rejected ? _("ditolak") : _("diterima"));
  else if (qty < 0 || qty > lot->qty)
    ok = refuse (error, BSN_ERROR_INVALID, _("Jumlah diterima harus 1 sampai %" G_GINT64_FORMAT " (yang ditawarkan)"),
                 lot->qty);
  else if (day < lot->offered_day)
    ok = refuse (error, BSN_ERROR_INVALID, _("Titipan tidak bisa diterima sebelum tanggal penawaran"));
  else
    ok = insert_event (db, lot_id, "accept", day, qty, NULL, 0, 0, 0, 0, 0, qty < lot->qty, NULL, 0, error)
         && audit_lot (db, lot_id, qty < lot->qty ? "consign.reduce" : "consign.accept", qty, 0, NULL, error);
  return finish (db, ok, error);
}

gboolean
bsn_lot_reject (BsnDb      *db,
                gint64      lot_id,
                const char *reason,
                gint64      day,
                GError    **error)
{
  LotState st;
  g_autoptr(BsnLot) lot = NULL;
  g_autofree char *trimmed = g_strstrip (g_strdup (reason ? reason : ""));
  gboolean ok;

  if (*trimmed == '\0')
    return refuse (error, BSN_ERROR_INVALID, _("Alasan penolakan wajib diisi"));
  lot = begin_lot (db, lot_id, &st, error);
  if (lot == NULL)
    return FALSE;
  if (st.decided)
    ok = refuse (error, BSN_ERROR_REFUSED, _("Titipan #%" G_GINT64_FORMAT " sudah %s"), lot_id,
                 st.rejected ? _("ditolak") : _("diterima"));
  else
    ok = insert_event (db, lot_id, "reject", day, 0, NULL, 0, 0, 0, 0, 0, 0, trimmed, 0, error)
         && audit_lot (db, lot_id, "consign.reject", 0, 0, trimmed, error);
  return finish (db, ok, error);
}

static gboolean
post_lot_bonus (BsnDb        *db,
                const BsnLot *lot,
                gint64        customer_id,
                gint64        amount,
                gint64        day,
                gint64        event_id,
                gint64       *out_bonus,
                GError      **error)
{
  g_autofree char *key = g_strdup_printf ("lot-bonus:%" G_GINT64_FORMAT, event_id);
  gint64 value = bsn_money_apply_bp (amount, lot->bonus_bp);
  gint64 customer, reserve;
  BsnLeg legs[2];
  BsnPostingSpec spec = { .idem_key = key, .kind = "bonus", .at = day * BSN_SECONDS_PER_DAY,
                          .store_id = lot->anak_id, .customer_id = customer_id, .amount_rp = value,
                          .memo = lot->name };

  *out_bonus = value;
  if (value == 0)
    return TRUE;
  /* The owner of the goods funds the extra points on its consigned SKU. */
  if ((customer = bsn_ledger_customer_account (db, customer_id, error)) == 0
      || (reserve = bsn_ledger_reserve_account (db, lot->induk_id, error)) == 0)
    return FALSE;
  legs[0] = (BsnLeg) { customer, value, value };
  legs[1] = (BsnLeg) { reserve, -value, 0 };
  return bsn_ledger_post (db, &spec, legs, 2, NULL, NULL, error);
}

gboolean
bsn_lot_sell (BsnDb      *db,
              gint64      lot_id,
              gint64      qty,
              gint64      day,
              gint64      customer_id,
              BsnLotSale *out,
              GError    **error)
{
  LotState st;
  g_autoptr(BsnLot) lot = begin_lot (db, lot_id, &st, error);
  gint64 next, remaining, cost = 0;
  BsnStage stage;
  gboolean ok = FALSE;

  if (lot == NULL)
    return FALSE;
  memset (out, 0, sizeof *out);
  remaining = st.accepted - st.sold - st.returned_qty;
  stage = dated_stage (lot, day, &next);
  if (qty <= 0)
    refuse (error, BSN_ERROR_INVALID, _("Jumlah terjual harus lebih dari nol"));
  else if (st.rejected)
    refuse (error, BSN_ERROR_REFUSED, _("Titipan #%" G_GINT64_FORMAT " ditolak; tidak ada yang bisa dijual"), lot_id);
  else if (!st.decided)
    refuse (error, BSN_ERROR_REFUSED, _("Titipan #%" G_GINT64_FORMAT " belum diterima anak cabang"), lot_id);
  else if (day < lot->offered_day)
    refuse (error, BSN_ERROR_INVALID, _("Tanggal penjualan sebelum tanggal penawaran"));
  else if (day < st.accept_day)
    refuse (error, BSN_ERROR_INVALID, _("Tanggal penjualan sebelum titipan diterima"));
  else if (st.returned)
    refuse (error, BSN_ERROR_REFUSED, _("Titipan #%" G_GINT64_FORMAT " sudah dikembalikan"), lot_id);
  else if (stage == BSN_STAGE_RETURN_DUE)
    refuse (error, BSN_ERROR_REFUSED, _("Masa jual titipan #%" G_GINT64_FORMAT " sudah habis (lewat Tahap III); "
                                       "barang wajib dikembalikan ke induk"), lot_id);
  else if (qty > remaining)
    refuse (error, BSN_ERROR_REFUSED, _("Hanya tersisa %" G_GINT64_FORMAT " unit; tidak bisa menjual %" G_GINT64_FORMAT),
            remaining, qty);
  else if (cost_at (db, lot, day, &cost, error))
    {
      g_autofree char *stage_name = g_strdup (bsn_stage_to_string (stage));
      out->stage = stage;
      out->unit_price_rp = stage_price (lot, stage);
      out->amount_rp = out->unit_price_rp * qty;
      out->cost_rp = cost;
      ok = insert_event (db, lot_id, "sale", day, qty, stage_name, out->unit_price_rp, out->amount_rp, cost, 0, 0, 0,
                         NULL, customer_id, error);
      if (ok && customer_id && lot->bonus_bp > 0)
        ok = post_lot_bonus (db, lot, customer_id, out->amount_rp, day,
                             bsn_db_last_insert_id (db), &out->bonus_rp, error);
    }
  return finish (db, ok, error);
}

gboolean
bsn_lot_reprice (BsnDb      *db,
                 gint64      lot_id,
                 gint64      cost_rp,
                 gint64      day,
                 const char *reason,
                 GError    **error)
{
  LotState st;
  g_autoptr(BsnLot) lot = NULL;
  g_autofree char *trimmed = g_strstrip (g_strdup (reason ? reason : ""));
  gboolean ok;

  if (*trimmed == '\0')
    return refuse (error, BSN_ERROR_INVALID, _("Alasan penyesuaian modal pokok wajib diisi"));
  if (cost_rp < 0)
    return refuse (error, BSN_ERROR_INVALID, _("Modal pokok tidak boleh negatif"));
  lot = begin_lot (db, lot_id, &st, error);
  if (lot == NULL)
    return FALSE;
  if (st.rejected || st.returned)
    ok = refuse (error, BSN_ERROR_REFUSED, _("Titipan #%" G_GINT64_FORMAT " sudah selesai"), lot_id);
  else if (day < lot->offered_day)
    ok = refuse (error, BSN_ERROR_INVALID, _("Tanggal penyesuaian sebelum tanggal penawaran"));
  else
    ok = insert_event (db, lot_id, "reprice", day, 0, NULL, 0, 0, cost_rp, 0, 0, 0, trimmed, 0, error)
         && audit_lot (db, lot_id, "consign.reprice", 0, cost_rp, trimmed, error);
  return finish (db, ok, error);
}

gboolean
bsn_lot_add_marketing (BsnDb      *db,
                       gint64      lot_id,
                       gint64      amount_rp,
                       gint64      day,
                       const char *reason,
                       GError    **error)
{
  LotState st;
  g_autoptr(BsnLot) lot = NULL;
  gint64 induk;
  gboolean ok;

  if (amount_rp <= 0)
    return refuse (error, BSN_ERROR_INVALID, _("Biaya pemasaran harus lebih dari nol"));
  lot = begin_lot (db, lot_id, &st, error);
  if (lot == NULL)
    return FALSE;
  induk = bsn_money_apply_bp (amount_rp, lot->marketing_owner_bp);
  ok = insert_event (db, lot_id, "marketing", day, 0, NULL, 0, amount_rp, 0, amount_rp - induk, induk, 0, reason, 0,
                     error);
  return finish (db, ok, error);
}

gboolean
bsn_lot_return (BsnDb        *db,
                gint64        lot_id,
                gint64        day,
                const char   *override_reason,
                gint64        return_cost_rp,
                BsnLotReturn *out,
                GError      **error)
{
  LotState st;
  g_autoptr(BsnLot) lot = NULL;
  g_autofree char *reason = override_reason ? g_strstrip (g_strdup (override_reason)) : NULL;
  gboolean ok = FALSE;

  if (reason && *reason == '\0')
    return refuse (error, BSN_ERROR_INVALID, _("Alasan menetapkan anak melebihi kapasitas wajib diisi"));
  lot = begin_lot (db, lot_id, &st, error);
  if (lot == NULL)
    return FALSE;
  memset (out, 0, sizeof *out);
  if (return_cost_rp < 0)
    refuse (error, BSN_ERROR_INVALID, _("Biaya pengembalian tidak boleh negatif"));
  else if (!st.decided || st.rejected)
    refuse (error, BSN_ERROR_REFUSED, _("Titipan #%" G_GINT64_FORMAT " tidak pernah diterima; tidak ada yang dikembalikan"),
            lot_id);
  else if (st.returned)
    refuse (error, BSN_ERROR_REFUSED, _("Titipan #%" G_GINT64_FORMAT " sudah dikembalikan"), lot_id);
  else if (day < st.accept_day)
    refuse (error, BSN_ERROR_INVALID, _("Tanggal pengembalian sebelum titipan diterima"));
  else
    {
      gint64 reduction = bsn_money_apply_bp (lot->price_rp, bsn_stage_markdown_bp (BSN_STAGE_III));

      out->returned = st.accepted - st.sold;
      out->return_cost_rp = return_cost_rp;
      out->overridden = reason != NULL;
      out->over_capacity = bsn_lot_is_over_capacity (lot) || out->overridden;
      out->return_cost_anak_rp = out->over_capacity ? bsn_money_apply_bp (return_cost_rp, OVER_CAPACITY_BP) : 0;
      out->induk_compensation_rp = bsn_money_apply_bp (reduction * out->returned, COMPENSATION_BP);
      ok = insert_event (db, lot_id, "return", day, out->returned, NULL, 0, return_cost_rp, 0,
                         out->return_cost_anak_rp, out->induk_compensation_rp, out->over_capacity, reason, 0, error)
           && audit_lot (db, lot_id, "consign.return", out->returned, out->induk_compensation_rp, NULL, error)
           && (reason == NULL
               || audit_lot (db, lot_id, "consign.over_capacity_override", out->returned, out->return_cost_anak_rp,
                             reason, error));
    }
  return finish (db, ok, error);
}

GPtrArray *
bsn_lot_events (BsnDb   *db,
                gint64   lot_id,
                GError **error)
{
  BsnStmt *stmt = !bsn_auth_require (db, BSN_PERM_READ_FINANCE, error) ? NULL : bsn_db_prepare (db,
                                       "SELECT id, kind, day, qty, stage, unit_price_rp, amount_rp, cost_rp, reason "
                                       "FROM lot_events WHERE lot_id = ?1 ORDER BY day, id",
                                       error);
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) bsn_lot_event_free);
  BsnStep rc;

  if (stmt == NULL)
    return NULL;
  bsn_stmt_bind_int64 (stmt, 1, lot_id);
  while ((rc = bsn_stmt_step (stmt)) == BSN_ROW)
    {
      BsnLotEvent *e = g_new0 (BsnLotEvent, 1);
      e->id = bsn_stmt_column_int64 (stmt, 0);
      e->kind = g_strdup (bsn_stmt_column_text (stmt, 1));
      e->day = bsn_stmt_column_int64 (stmt, 2);
      e->qty = bsn_stmt_column_int64 (stmt, 3);
      e->stage = g_strdup (bsn_stmt_column_text (stmt, 4));
      e->unit_price_rp = bsn_stmt_column_int64 (stmt, 5);
      e->amount_rp = bsn_stmt_column_int64 (stmt, 6);
      e->cost_rp = bsn_stmt_column_int64 (stmt, 7);
      e->reason = g_strdup (bsn_stmt_column_text (stmt, 8));
      g_ptr_array_add (list, e);
    }
  if (!bsn_db_scan_ended (db, stmt, rc, _("Membaca titipan"), error))
    return NULL;
  return g_steal_pointer (&list);
}

BsnSettlement *
bsn_lot_settle (BsnDb   *db,
                gint64   lot_id,
                GError **error)
{
  g_autoptr(BsnSettlement) s = g_new0 (BsnSettlement, 1);
  g_autoptr(BsnLot) lot = NULL;
  BsnStmt *stmt;
  LotState st;
  BsnStep rc;

  if (!bsn_db_begin_read (db, NULL, error))
    return NULL;
  if (!bsn_auth_require (db, BSN_PERM_READ_FINANCE, error))
    goto fail;
  lot = bsn_lot_get (db, lot_id, error);
  if (lot == NULL || !load_state (db, lot_id, &st, error))
    goto fail;
  s->sales = g_array_new (FALSE, FALSE, sizeof (BsnLotSaleLine));
  stmt = bsn_db_prepare (db,
                         "SELECT id, kind, day, qty, stage, unit_price_rp, amount_rp, cost_rp, anak_rp, induk_rp "
                         "FROM lot_events WHERE lot_id = ?1 ORDER BY id",
                         error);
  if (stmt == NULL)
    goto fail;
  bsn_stmt_bind_int64 (stmt, 1, lot_id);
  while ((rc = bsn_stmt_step (stmt)) == BSN_ROW)
    {
      const char *kind = bsn_stmt_column_text (stmt, 1);

      if (g_str_equal (kind, "sale"))
        {
          BsnLotSaleLine line = {
            bsn_stmt_column_int64 (stmt, 0), bsn_stmt_column_int64 (stmt, 2),
            stage_from_string (bsn_stmt_column_text (stmt, 4)), bsn_stmt_column_int64 (stmt, 3),
            bsn_stmt_column_int64 (stmt, 5), bsn_stmt_column_int64 (stmt, 6),
            bsn_stmt_column_int64 (stmt, 3) * bsn_stmt_column_int64 (stmt, 7),
          };
          s->revenue_rp += line.amount_rp;
          s->cost_rp += line.cost_rp;
          g_array_append_val (s->sales, line);
        }
      else if (g_str_equal (kind, "marketing"))
        {
          s->marketing_rp += bsn_stmt_column_int64 (stmt, 6);
          s->marketing_anak_rp += bsn_stmt_column_int64 (stmt, 8);
          s->marketing_induk_rp += bsn_stmt_column_int64 (stmt, 9);
        }
      else if (g_str_equal (kind, "return"))
        {
          s->return_cost_anak_rp += bsn_stmt_column_int64 (stmt, 8);
          s->induk_compensation_rp += bsn_stmt_column_int64 (stmt, 9);
        }
    }
  /* A settlement of part of the events would pay the wrong amounts. */
  if (!bsn_db_scan_ended (db, stmt, rc, _("Membaca titipan"), error))
    goto fail;
  bsn_db_rollback (db);

  s->profit_rp = s->revenue_rp - s->cost_rp;
  bsn_share_split (lot->scheme, s->profit_rp, &s->induk_rp, &s->produsen_rp, &s->anak_rp);
  s->anak_pays_induk_rp = s->cost_rp + s->induk_rp + s->induk_compensation_rp + s->return_cost_anak_rp;
  s->closed = st.rejected || st.returned || (st.decided && st.sold == st.accepted);
  return g_steal_pointer (&s);

fail:
  bsn_db_rollback (db);
  return NULL;
}
