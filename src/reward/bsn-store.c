/* bsn-store.c — the network's stores (see bsn-store.h). */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "bsn-audit.h"
#include "bsn-auth.h"
#include "bsn-error.h"
#include "bsn-ledger.h"
#include "bsn-money.h"
#include "bsn-store.h"
#include "bsn-tiers.h"

BsnStore *
bsn_store_new (void)
{
  BsnStore *s = g_new0 (BsnStore, 1);

  s->role = BSN_ROLE_TOKO;
  s->band = BSN_BAND_LOW;
  s->tier = 1;
  s->schemes = BSN_SCHEMES_BOTH;
  s->opening_sec = 7 * 3600;
  s->hours = 10;
  s->margin_bp = bsn_band_default_margin_bp (BSN_BAND_LOW);
  s->active = TRUE;
  return s;
}

BsnStore *
bsn_store_copy (const BsnStore *store)
{
  BsnStore *s = g_memdup2 (store, sizeof *store);

  s->code = g_strdup (store->code);
  s->name = g_strdup (store->name);
  s->parent_code = g_strdup (store->parent_code);
  return s;
}

void
bsn_store_free (BsnStore *store)
{
  if (store == NULL)
    return;
  g_free (store->code);
  g_free (store->name);
  g_free (store->parent_code);
  g_free (store);
}

const char *
bsn_store_role_to_string (BsnStoreRole role)
{
  switch (role)
    {
    case BSN_ROLE_INDUK: return "induk";
    case BSN_ROLE_ANAK: return "anak";
    default: return "toko";
    }
}

const char *
bsn_store_role_label (BsnStoreRole role)
{
  switch (role)
    {
    case BSN_ROLE_INDUK: return _("Induk cabang");
    case BSN_ROLE_ANAK: return _("Anak cabang");
    default: return _("Toko");
    }
}

gboolean
bsn_store_role_parse (const char   *text,
                      BsnStoreRole *out,
                      GError      **error)
{
  if (g_strcmp0 (text, "induk") == 0)
    *out = BSN_ROLE_INDUK;
  else if (g_strcmp0 (text, "anak") == 0)
    *out = BSN_ROLE_ANAK;
  else if (g_strcmp0 (text, "toko") == 0)
    *out = BSN_ROLE_TOKO;
  else
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID,
                   _("Peran “%s” tidak dikenal: pilih induk, anak atau toko"), text ? text : "");
      return FALSE;
    }
  return TRUE;
}

const char *
bsn_band_to_string (BsnBand band)
{
  return band == BSN_BAND_HIGH ? "high" : "low";
}

gint32
bsn_band_default_margin_bp (BsnBand band)
{
  return band == BSN_BAND_HIGH ? 2000 : 1400;
}

const char *
bsn_band_label (BsnBand band)
{
  return band == BSN_BAND_HIGH ? _("Keuntungan ≥ 15 %") : _("Keuntungan < 15 %");
}

gboolean
bsn_band_parse (const char *text,
                BsnBand    *out,
                GError    **error)
{
  if (g_strcmp0 (text, "low") == 0)
    *out = BSN_BAND_LOW;
  else if (g_strcmp0 (text, "high") == 0)
    *out = BSN_BAND_HIGH;
  else
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID,
                   _("Rentang keuntungan “%s” tidak dikenal: pilih low (< 15 %%) atau high (≥ 15 %%)"),
                   text ? text : "");
      return FALSE;
    }
  return TRUE;
}

const char *
bsn_schemes_to_string (BsnSchemes schemes)
{
  switch (schemes)
    {
    case BSN_SCHEMES_STOPWATCH: return "stopwatch";
    case BSN_SCHEMES_LELANG: return "lelang";
    default: return "both";
    }
}

const char *
bsn_schemes_label (BsnSchemes schemes)
{
  switch (schemes)
    {
    case BSN_SCHEMES_STOPWATCH: return _("Stopwatch");
    case BSN_SCHEMES_LELANG: return _("Lelang waktu");
    default: return _("Stopwatch dan lelang waktu");
    }
}

gboolean
bsn_schemes_parse (const char *text,
                   BsnSchemes *out,
                   GError    **error)
{
  if (g_strcmp0 (text, "stopwatch") == 0)
    *out = BSN_SCHEMES_STOPWATCH;
  else if (g_strcmp0 (text, "lelang") == 0)
    *out = BSN_SCHEMES_LELANG;
  else if (g_strcmp0 (text, "both") == 0)
    *out = BSN_SCHEMES_BOTH;
  else
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID,
                   _("Skema “%s” tidak dikenal: pilih stopwatch, lelang atau both"), text ? text : "");
      return FALSE;
    }
  return TRUE;
}

static const char *const stopwatch_low[] = { "Basic", "Standard", "Plus" };
static const char *const stopwatch_high[] = { "Premium", "Elite", "Pro" };
static const char *const lelang_levels[] = { "Silver", "Gold", "Platinum" };

const char *
bsn_level_name_stopwatch (BsnBand band,
                          gint    tier)
{
  g_return_val_if_fail (tier >= 1 && tier <= 3, "?");
  return band == BSN_BAND_HIGH ? stopwatch_high[tier - 1] : stopwatch_low[tier - 1];
}

const char *
bsn_level_name_lelang (gint tier)
{
  g_return_val_if_fail (tier >= 1 && tier <= 3, "?");
  return lelang_levels[tier - 1];
}

const char *
bsn_store_level_name (const BsnStore *store)
{
  if (store->schemes & BSN_SCHEMES_STOPWATCH)
    return bsn_level_name_stopwatch (store->band, store->tier);
  return bsn_level_name_lelang (store->tier);
}

gboolean
bsn_level_parse (const char *text,
                 BsnBand     band,
                 gint       *out_tier,
                 GError    **error)
{
  for (guint i = 0; i < 3; i++)
    {
      if (g_ascii_strcasecmp (text ? text : "", lelang_levels[i]) == 0)
        {
          *out_tier = (gint) i + 1;
          return TRUE;
        }
      if (g_ascii_strcasecmp (text ? text : "", stopwatch_low[i]) == 0)
        {
          if (band != BSN_BAND_LOW)
            {
              g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID,
                           _("Level %s hanya untuk toko dengan keuntungan < 15 %%; untuk ≥ 15 %% pilih Premium, Elite atau Pro"),
                           stopwatch_low[i]);
              return FALSE;
            }
          *out_tier = (gint) i + 1;
          return TRUE;
        }
      if (g_ascii_strcasecmp (text ? text : "", stopwatch_high[i]) == 0)
        {
          if (band != BSN_BAND_HIGH)
            {
              g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID,
                           _("Level %s hanya untuk toko dengan keuntungan ≥ 15 %%; untuk < 15 %% pilih Basic, Standard atau Plus"),
                           stopwatch_high[i]);
              return FALSE;
            }
          *out_tier = (gint) i + 1;
          return TRUE;
        }
    }
  g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID,
               _("Level “%s” tidak dikenal: pilih Basic, Standard, Plus, Premium, Elite, Pro, Silver, Gold atau Platinum"),
               text ? text : "");
  return FALSE;
}

gboolean
bsn_code_validate (const char *code,
                   const char *what,
                   GError    **error)
{
  gsize len = code ? strlen (code) : 0;

  if (len == 0)
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID, _("Kode %s wajib diisi"), what);
      return FALSE;
    }
  if (len > 32)
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID,
                   _("Kode %s terlalu panjang (%zu karakter, paling banyak 32)"), what, len);
      return FALSE;
    }
  for (const char *p = code; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
      {
        g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID,
                     _("Kode %s “%s” hanya boleh berisi huruf, angka, “-” dan “_”"), what,
                     g_utf8_validate (code, -1, NULL) ? code : "?");
        return FALSE;
      }
  return TRUE;
}

gboolean
bsn_name_validate (const char *name,
                   const char *what,
                   GError    **error)
{
  if (name == NULL || !g_utf8_validate (name, -1, NULL))
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID, _("Nama %s bukan teks UTF-8 yang sah"), what);
      return FALSE;
    }
  g_autofree char *trimmed = g_strstrip (g_strdup (name));
  if (*trimmed == '\0')
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID, _("Nama %s wajib diisi"), what);
      return FALSE;
    }
  if (g_utf8_strlen (name, -1) > 200)
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID,
                   _("Nama %s terlalu panjang (paling banyak 200 karakter)"), what);
      return FALSE;
    }
  for (const char *p = name; *p; p = g_utf8_next_char (p))
    if (g_unichar_iscntrl (g_utf8_get_char (p)))
      {
        g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID,
                     _("Nama %s berisi karakter kendali yang tidak boleh"), what);
        return FALSE;
      }
  return TRUE;
}

gboolean
bsn_store_validate (BsnDb          *db,
                    const BsnStore *store,
                    GError        **error)
{
  if (!bsn_code_validate (store->code, _("toko"), error)
      || !bsn_name_validate (store->name, _("toko"), error))
    return FALSE;
  if (store->tier < 1 || store->tier > 3)
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID, _("Level toko harus 1 sampai 3"));
      return FALSE;
    }
  if (store->hours < 1 || store->hours > 24)
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID,
                   _("Jam buka harus 1 sampai 24 jam, bukan %d"), store->hours);
      return FALSE;
    }
  if (store->opening_sec < 0 || store->opening_sec >= BSN_SECONDS_PER_DAY)
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID, _("Jam buka toko tidak sah"));
      return FALSE;
    }
  if (store->margin_bp < 0 || store->margin_bp > 10000)
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID, _("Margin toko harus 0 sampai 100 %%"));
      return FALSE;
    }
  if ((store->band == BSN_BAND_HIGH) != (store->margin_bp >= 1500))
    {
      g_autofree char *m = bsn_bp_format (store->margin_bp);
      g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID,
                   _("Margin %s tidak cocok dengan rentang keuntungan %s"), m,
                   bsn_band_label (store->band));
      return FALSE;
    }
  if (store->min_purchase_rp < 0)
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID, _("Kuota belanja minimal tidak boleh negatif"));
      return FALSE;
    }

  if (store->role == BSN_ROLE_INDUK && store->parent_id != 0)
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID, _("Induk cabang tidak punya induk di atasnya"));
      return FALSE;
    }
  if (store->role == BSN_ROLE_ANAK && store->parent_id == 0)
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID,
                   _("Anak cabang wajib punya induk cabang (--parent)"));
      return FALSE;
    }
  if (store->parent_id != 0)
    {
      g_autoptr(BsnStore) parent = bsn_store_get (db, store->parent_id, error);
      if (parent == NULL)
        return FALSE;
      if (parent->role != BSN_ROLE_INDUK)
        {
          g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID,
                       _("Toko %s bukan induk cabang, jadi tidak bisa menjadi induk"), parent->code);
          return FALSE;
        }
      if (parent->id == store->id)
        {
          g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID, _("Toko tidak bisa menjadi induk dirinya sendiri"));
          return FALSE;
        }
    }
  return TRUE;
}

#define STORE_COLUMNS \
  "s.id, s.code, s.name, s.role, s.parent_id, p.code, s.band, s.tier, s.scheme, " \
  "s.opening_sec, s.hours, s.margin_bp, s.min_purchase_rp, s.active "
#define STORE_FROM " FROM stores s LEFT JOIN stores p ON p.id = s.parent_id "

static BsnStore *
store_from_row (BsnStmt *stmt)
{
  BsnStore *s = bsn_store_new ();

  s->id = bsn_stmt_column_int64 (stmt, 0);
  s->code = g_strdup (bsn_stmt_column_text (stmt, 1));
  s->name = g_strdup (bsn_stmt_column_text (stmt, 2));
  bsn_store_role_parse (bsn_stmt_column_text (stmt, 3), &s->role, NULL);
  s->parent_id = bsn_stmt_column_int64 (stmt, 4);
  s->parent_code = g_strdup (bsn_stmt_column_text (stmt, 5));
  bsn_band_parse (bsn_stmt_column_text (stmt, 6), &s->band, NULL);
  s->tier = bsn_stmt_column_int (stmt, 7);
  bsn_schemes_parse (bsn_stmt_column_text (stmt, 8), &s->schemes, NULL);
  s->opening_sec = bsn_stmt_column_int (stmt, 9);
  s->hours = bsn_stmt_column_int (stmt, 10);
  s->margin_bp = bsn_stmt_column_int (stmt, 11);
  s->min_purchase_rp = bsn_stmt_column_int64 (stmt, 12);
  s->active = bsn_stmt_column_int (stmt, 13) != 0;
  return s;
}

static BsnStore *
store_lookup (BsnDb      *db,
              const char *sql,
              gint64      id,
              const char *code,
              GError    **error)
{
  BsnStmt *stmt = bsn_db_prepare (db, sql, error);
  BsnStore *s = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  if (code != NULL)
    bsn_stmt_bind_text (stmt, 1, code);
  else
    bsn_stmt_bind_int64 (stmt, 1, id);
  rc = bsn_stmt_step (stmt);
  if (rc == BSN_ROW)
    s = store_from_row (stmt);
  else if (rc == BSN_DONE)
    {
      if (code != NULL)
        g_set_error (error, BSN_ERROR, BSN_ERROR_NOT_FOUND, _("Toko “%s” tidak ada"), code);
      else
        g_set_error (error, BSN_ERROR, BSN_ERROR_NOT_FOUND, _("Toko #%" G_GINT64_FORMAT " tidak ada"), id);
    }
  else
    bsn_db_set_error (db, error, _("Membaca toko"));
  bsn_stmt_reset (stmt);
  return s;
}

BsnStore *
bsn_store_get (BsnDb   *db,
               gint64   id,
               GError **error)
{
  return store_lookup (db, "SELECT " STORE_COLUMNS STORE_FROM "WHERE s.id = ?1", id, NULL, error);
}

BsnStore *
bsn_store_find (BsnDb      *db,
                const char *code,
                GError    **error)
{
  return store_lookup (db, "SELECT " STORE_COLUMNS STORE_FROM "WHERE s.code = ?1", 0, code ? code : "", error);
}

GPtrArray *
bsn_store_list (BsnDb   *db,
                GError **error)
{
  BsnStmt *stmt = bsn_db_prepare (db, "SELECT " STORE_COLUMNS STORE_FROM "ORDER BY s.code", error);
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) bsn_store_free);
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = bsn_stmt_step (stmt)) == BSN_ROW)
    g_ptr_array_add (list, store_from_row (stmt));
  bsn_stmt_reset (stmt);
  if (rc != BSN_DONE)
    {
      bsn_db_set_error (db, error, _("Membaca daftar toko"));
      return NULL;
    }
  return g_steal_pointer (&list);
}

char *
bsn_store_to_json (const BsnStore *s)
{
  return bsn_audit_json ("code", BSN_AUDIT_STR, s->code, "name", BSN_AUDIT_STR, s->name,
                         "role", BSN_AUDIT_STR, bsn_store_role_to_string (s->role),
                         "parent_id", BSN_AUDIT_INT, s->parent_id, "band", BSN_AUDIT_STR, bsn_band_to_string (s->band),
                         "tier", BSN_AUDIT_INT, (gint64) s->tier, "scheme", BSN_AUDIT_STR, bsn_schemes_to_string (s->schemes),
                         "opening_sec", BSN_AUDIT_INT, (gint64) s->opening_sec, "hours", BSN_AUDIT_INT, (gint64) s->hours,
                         "margin_bp", BSN_AUDIT_INT, (gint64) s->margin_bp,
                         "min_purchase_rp", BSN_AUDIT_INT, s->min_purchase_rp, "active", BSN_AUDIT_INT, (gint64) s->active,
                         NULL);
}

gboolean
bsn_store_set_active (BsnDb   *db,
                      gint64   id,
                      gboolean active,
                      GError **error)
{
  /* No statement when the store already is so: on PostgreSQL the reserve
   * event a kasir's award records has switched it (schema 18), and a kasir
   * may not UPDATE stores. */
  BsnStmt *stmt;
  gboolean already;
  BsnStep rc;

  /* The switch and its audit row are one change: both or neither. */
  if (!bsn_db_begin (db, TRUE, error))
    return FALSE;
  if ((stmt = bsn_db_prepare (db, "SELECT active FROM stores WHERE id = ?1", error)) == NULL)
    goto fail;
  bsn_stmt_bind_int64 (stmt, 1, id);
  rc = bsn_stmt_step (stmt);
  already = rc == BSN_ROW && (bsn_stmt_column_int64 (stmt, 0) != 0) == (active != FALSE);
  if (!bsn_db_scan_ended (db, stmt, rc, _("Membaca toko"), error))
    goto fail;
  if (!already)
    {
      stmt = bsn_db_prepare (db, "UPDATE stores SET active = ?2 WHERE id = ?1", error);
      if (stmt == NULL)
        goto fail;
      bsn_stmt_bind_int64 (stmt, 1, id);
      bsn_stmt_bind_int (stmt, 2, active ? 1 : 0);
      if (!bsn_db_step_done (db, stmt, _("Menyimpan toko"), error))
        goto fail;
    }
  {
    g_autofree char *subject = g_strdup_printf ("#%" G_GINT64_FORMAT, id);
    g_autofree char *after = bsn_audit_json ("active", BSN_AUDIT_INT, (gint64) active, NULL);
    if (!bsn_audit_record (db, "store.active", subject, NULL, after, error))
      goto fail;
  }
  return bsn_db_commit (db, error);

fail:
  bsn_db_rollback (db);
  return FALSE;
}

gboolean
bsn_store_read_count (BsnDb   *db,
                      gint64  *out,
                      GError **error)
{
  return bsn_db_read_int (db, "SELECT count(*) FROM stores", _("Membaca daftar toko"), out, error);
}

gint64
bsn_store_count (BsnDb *db)
{
  return bsn_db_query_int (db, "SELECT count(*) FROM stores", 0);
}

static void
bind_store (BsnStmt        *stmt,
            const BsnStore *store)
{
  bsn_stmt_bind_text (stmt, 1, store->code);
  bsn_stmt_bind_text (stmt, 2, store->name);
  bsn_stmt_bind_text (stmt, 3, bsn_store_role_to_string (store->role));
  if (store->parent_id != 0)
    bsn_stmt_bind_int64 (stmt, 4, store->parent_id);
  else
    bsn_stmt_bind_null (stmt, 4);
  bsn_stmt_bind_text (stmt, 5, bsn_band_to_string (store->band));
  bsn_stmt_bind_int (stmt, 6, store->tier);
  bsn_stmt_bind_text (stmt, 7, bsn_schemes_to_string (store->schemes));
  bsn_stmt_bind_int (stmt, 8, store->opening_sec);
  bsn_stmt_bind_int (stmt, 9, store->hours);
  bsn_stmt_bind_int (stmt, 10, store->margin_bp);
  bsn_stmt_bind_int64 (stmt, 11, store->min_purchase_rp);
  bsn_stmt_bind_int (stmt, 12, store->active ? 1 : 0);
}

static gboolean
code_taken (BsnDb      *db,
            const char *table,
            const char *code,
            gint64      except_id)
{
  g_autofree char *sql = g_strdup_printf ("SELECT id FROM %s WHERE code = ?1 AND id != ?2", table);
  BsnStmt *stmt = bsn_db_prepare (db, sql, NULL);
  gboolean taken;

  if (stmt == NULL)
    return FALSE;
  bsn_stmt_bind_text (stmt, 1, code);
  bsn_stmt_bind_int64 (stmt, 2, except_id);
  taken = bsn_stmt_step (stmt) == BSN_ROW;
  bsn_stmt_reset (stmt);
  return taken;
}

gboolean
bsn_store_add (BsnDb    *db,
               BsnStore *store,
               GError  **error)
{
  BsnStmt *stmt;

  if (!bsn_db_begin (db, TRUE, error))
    return FALSE;
  if (!bsn_auth_require (db, BSN_PERM_STORES, error) || !bsn_store_validate (db, store, error))
    goto fail;
  if (!bsn_tiers_check_store_margin (db, store, bsn_time_now (), NULL, error))
    goto fail;
  if (code_taken (db, "stores", store->code, 0))
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_EXISTS, _("Kode toko “%s” sudah dipakai"), store->code);
      goto fail;
    }
  stmt = bsn_db_prepare (db,
                         "INSERT INTO stores (code, name, role, parent_id, band, tier, scheme, opening_sec, "
                         "hours, margin_bp, min_purchase_rp, active, created_at) "
                         "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, unixepoch())",
                         error);
  if (stmt == NULL)
    goto fail;
  bind_store (stmt, store);
  if (!bsn_db_step_done (db, stmt, _("Menyimpan toko"), error))
    goto fail;
  store->id = bsn_db_last_insert_id (db);
  if (bsn_ledger_reserve_account (db, store->id, error) == 0)
    goto fail;
  {
    g_autofree char *after = bsn_store_to_json (store);
    if (!bsn_audit_record (db, "store.add", store->code, NULL, after, error))
      goto fail;
  }
  return bsn_db_commit (db, error);

fail:
  bsn_db_rollback (db);
  return FALSE;
}

gboolean
bsn_store_update (BsnDb          *db,
                  const BsnStore *store,
                  GError        **error)
{
  g_autoptr(BsnStore) existing = NULL;
  BsnStmt *stmt;

  if (!bsn_db_begin (db, TRUE, error))
    return FALSE;
  if (!bsn_auth_require (db, BSN_PERM_STORES, error))
    goto fail;
  existing = bsn_store_get (db, store->id, error);
  if (existing == NULL || !bsn_store_validate (db, store, error))
    goto fail;
  if (!bsn_tiers_check_store_margin (db, store, bsn_time_now (), NULL, error))
    goto fail;
  if (code_taken (db, "stores", store->code, store->id))
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_EXISTS, _("Kode toko “%s” sudah dipakai"), store->code);
      goto fail;
    }
  stmt = bsn_db_prepare (db,
                         "UPDATE stores SET code = ?1, name = ?2, role = ?3, parent_id = ?4, band = ?5, "
                         "tier = ?6, scheme = ?7, opening_sec = ?8, hours = ?9, margin_bp = ?10, "
                         "min_purchase_rp = ?11, active = ?12 WHERE id = ?13",
                         error);
  if (stmt == NULL)
    goto fail;
  bind_store (stmt, store);
  bsn_stmt_bind_int64 (stmt, 13, store->id);
  if (!bsn_db_step_done (db, stmt, _("Menyimpan toko"), error))
    goto fail;
  {
    g_autofree char *before = bsn_store_to_json (existing);
    g_autofree char *after = bsn_store_to_json (store);
    if (!bsn_audit_record (db, "store.edit", store->code, before, after, error))
      goto fail;
  }
  return bsn_db_commit (db, error);

fail:
  bsn_db_rollback (db);
  return FALSE;
}
