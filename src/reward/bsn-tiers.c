/* bsn-tiers.c — scheme tables and their versions (see bsn-tiers.h). */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "bsn-audit.h"
#include "bsn-auth.h"
#include "bsn-error.h"
#include "bsn-money.h"
#include "bsn-tiers.h"

const char *
bsn_scheme_to_string (BsnScheme scheme)
{
  switch (scheme)
    {
    case BSN_SCHEME_STOPWATCH: return "stopwatch";
    case BSN_SCHEME_LELANG: return "lelang";
    default: return "siaga";
    }
}

const char *
bsn_scheme_label (BsnScheme scheme)
{
  switch (scheme)
    {
    case BSN_SCHEME_STOPWATCH: return _("Stopwatch");
    case BSN_SCHEME_LELANG: return _("Lelang waktu");
    default: return _("Voucher siaga");
    }
}

gboolean
bsn_scheme_parse (const char *text,
                  BsnScheme  *out,
                  GError    **error)
{
  for (BsnScheme s = BSN_SCHEME_STOPWATCH; s <= BSN_SCHEME_SIAGA; s++)
    if (g_strcmp0 (text, bsn_scheme_to_string (s)) == 0)
      {
        *out = s;
        return TRUE;
      }
  g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID,
               _("Skema “%s” tidak dikenal: pilih stopwatch, lelang atau siaga"), text ? text : "");
  return FALSE;
}

static const char *const romans[] = { "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X" };

const char *
bsn_slot_to_roman (gint slot)
{
  g_return_val_if_fail (slot >= 1 && slot <= BSN_LELANG_SLOTS, "?");
  return romans[slot - 1];
}

gboolean
bsn_slot_parse (const char *text,
                gint       *out_slot,
                GError    **error)
{
  gint64 n;

  for (gint i = 0; i < BSN_LELANG_SLOTS; i++)
    if (g_ascii_strcasecmp (text ? text : "", romans[i]) == 0)
      {
        *out_slot = i + 1;
        return TRUE;
      }
  if (text && g_ascii_string_to_signed (text, 10, 1, BSN_LELANG_SLOTS, &n, NULL))
    {
      *out_slot = (gint) n;
      return TRUE;
    }
  g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID,
               _("Slot “%s” tidak dikenal: pilih I sampai X"), text ? text : "");
  return FALSE;
}

static const char *
band_column (BsnScheme scheme,
             BsnBand   band)
{
  return scheme == BSN_SCHEME_SIAGA ? "all" : bsn_band_to_string (band);
}

#define VERSION_COLUMNS "id, scheme, name, effective_from, author, reason, created_at"

static void
version_from_row (BsnStmt        *stmt,
                  BsnTierVersion *v)
{
  v->id = bsn_stmt_column_int64 (stmt, 0);
  bsn_scheme_parse (bsn_stmt_column_text (stmt, 1), &v->scheme, NULL);
  v->name = g_strdup (bsn_stmt_column_text (stmt, 2));
  v->effective_from = bsn_stmt_column_int64 (stmt, 3);
  v->author = g_strdup (bsn_stmt_column_text (stmt, 4));
  v->reason = g_strdup (bsn_stmt_column_text (stmt, 5));
  v->created_at = bsn_stmt_column_int64 (stmt, 6);
}

static gboolean
load_rates (BsnDb        *db,
            BsnTierTable *table,
            GError      **error)
{
  BsnStmt *stmt = bsn_db_prepare (db,
                                       "SELECT band, tier, key, rate_bp FROM tier_rates WHERE version_id = ?1 "
                                       "ORDER BY band DESC, tier, key",
                                       error);
  BsnStep rc;

  if (stmt == NULL)
    return FALSE;
  bsn_stmt_bind_int64 (stmt, 1, table->version.id);
  while ((rc = bsn_stmt_step (stmt)) == BSN_ROW)
    {
      BsnTierRate r = { 0 };
      if (g_strcmp0 (bsn_stmt_column_text (stmt, 0), "high") == 0)
        r.band = BSN_BAND_HIGH;
      r.tier = bsn_stmt_column_int (stmt, 1);
      r.key = bsn_stmt_column_int (stmt, 2);
      r.rate_bp = bsn_stmt_column_int (stmt, 3);
      g_array_append_val (table->rates, r);
    }
  /* A table read in part would award at 0 % what it does not hold. */
  return bsn_db_scan_ended (db, stmt, rc, _("Membaca tabel tingkat"), error);
}

static BsnTierTable *
table_from_query (BsnDb        *db,
                  BsnStmt *stmt,
                  const char   *missing,
                  GError      **error)
{
  g_autoptr(BsnTierTable) table = g_new0 (BsnTierTable, 1);
  int rc = bsn_stmt_step (stmt);

  if (rc == BSN_ROW)
    version_from_row (stmt, &table->version);
  bsn_stmt_reset (stmt);
  if (rc != BSN_ROW)
    {
      if (rc == BSN_DONE)
        g_set_error_literal (error, BSN_ERROR, BSN_ERROR_NOT_FOUND, missing);
      else
        bsn_db_set_error (db, error, _("Membaca tabel tingkat"));
      return NULL;
    }
  table->rates = g_array_new (FALSE, FALSE, sizeof (BsnTierRate));
  if (!load_rates (db, table, error))
    return NULL;
  return g_steal_pointer (&table);
}

BsnTierTable *
bsn_tiers_table_at (BsnDb    *db,
                    BsnScheme scheme,
                    BsnTime   at,
                    GError  **error)
{
  BsnStmt *stmt = bsn_db_prepare (db,
                                       "SELECT " VERSION_COLUMNS " FROM tier_versions "
                                       "WHERE scheme = ?1 AND effective_from <= ?2 "
                                       "ORDER BY effective_from DESC, id DESC LIMIT 1",
                                       error);
  g_autofree char *when = NULL;
  g_autofree char *missing = NULL;

  if (stmt == NULL)
    return NULL;
  bsn_stmt_bind_text (stmt, 1, bsn_scheme_to_string (scheme));
  bsn_stmt_bind_int64 (stmt, 2, at);
  when = bsn_time_format_date (at);
  missing = g_strdup_printf (_("Belum ada tabel %s yang berlaku pada %s"), bsn_scheme_label (scheme), when);
  return table_from_query (db, stmt, missing, error);
}

BsnTierTable *
bsn_tiers_table_get (BsnDb   *db,
                     gint64   version_id,
                     GError **error)
{
  BsnStmt *stmt = bsn_db_prepare (db, "SELECT " VERSION_COLUMNS " FROM tier_versions WHERE id = ?1", error);
  g_autofree char *missing = NULL;

  if (stmt == NULL)
    return NULL;
  bsn_stmt_bind_int64 (stmt, 1, version_id);
  missing = g_strdup_printf (_("Versi tabel #%" G_GINT64_FORMAT " tidak ada"), version_id);
  return table_from_query (db, stmt, missing, error);
}

static const char *
level_name (BsnScheme scheme,
            BsnBand   band,
            gint      tier)
{
  if (scheme == BSN_SCHEME_STOPWATCH)
    return bsn_level_name_stopwatch (band, tier);
  if (scheme == BSN_SCHEME_LELANG)
    return bsn_level_name_lelang (tier);
  return _("semua level");
}

/* Checks one store against one table. */
static gboolean
check_margin (const BsnTierTable *table,
              const BsnStore     *store,
              GPtrArray          *warnings,
              GError            **error)
{
  gint32 top = bsn_tier_table_top_rate (table, store->band, store->tier);
  g_autofree char *rate = bsn_bp_format (top);
  g_autofree char *margin = bsn_bp_format (store->margin_bp);
  const char *level = level_name (table->version.scheme, store->band, store->tier);

  if (top > store->margin_bp)
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_REFUSED,
                   _("%s level %s memberi sampai %s, melebihi margin toko %s (%s)"),
                   bsn_scheme_label (table->version.scheme), level, rate, store->code, margin);
      return FALSE;
    }
  if (warnings != NULL && (gint64) top * BSN_BP_100_PERCENT > (gint64) store->margin_bp * BSN_MARGIN_WARN_BP)
    g_ptr_array_add (warnings,
                     g_strdup_printf (_("%s level %s memberi sampai %s, di atas 70 %% margin toko %s (%s)"),
                                      bsn_scheme_label (table->version.scheme), level, rate, store->code,
                                      margin));
  return TRUE;
}

static gboolean
store_runs (const BsnStore *store,
            BsnScheme       scheme)
{
  if (scheme == BSN_SCHEME_STOPWATCH)
    return (store->schemes & BSN_SCHEMES_STOPWATCH) != 0;
  if (scheme == BSN_SCHEME_LELANG)
    return (store->schemes & BSN_SCHEMES_LELANG) != 0;
  return TRUE;
}

gboolean
bsn_tiers_check_store_margin (BsnDb          *db,
                              const BsnStore *store,
                              BsnTime         at,
                              GPtrArray      *warnings,
                              GError        **error)
{
  for (BsnScheme s = BSN_SCHEME_STOPWATCH; s <= BSN_SCHEME_SIAGA; s++)
    {
      g_autoptr(BsnTierTable) table = NULL;
      g_autoptr(GError) local = NULL;

      if (!store_runs (store, s))
        continue;
      table = bsn_tiers_table_at (db, s, at, &local);
      if (table == NULL)
        {
          if (g_error_matches (local, BSN_ERROR, BSN_ERROR_NOT_FOUND))
            continue;
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      if (!check_margin (table, store, warnings, error))
        return FALSE;
    }
  return TRUE;
}

static gint64
insert_version (BsnDb      *db,
                BsnScheme   scheme,
                const char *name,
                BsnTime     from,
                const char *author,
                const char *reason,
                GError    **error)
{
  BsnStmt *stmt = bsn_db_prepare (db,
                                       "INSERT INTO tier_versions (scheme, name, effective_from, author, reason, "
                                       "created_at) VALUES (?1, ?2, ?3, ?4, ?5, unixepoch())",
                                       error);
  if (stmt == NULL)
    return 0;
  bsn_stmt_bind_text (stmt, 1, bsn_scheme_to_string (scheme));
  bsn_stmt_bind_text (stmt, 2, name);
  bsn_stmt_bind_int64 (stmt, 3, from);
  bsn_stmt_bind_text (stmt, 4, author);
  bsn_stmt_bind_text (stmt, 5, reason);
  if (!bsn_db_step_done (db, stmt, _("Menyimpan versi tabel"), error))
    return 0;
  return bsn_db_last_insert_id (db);
}

static gboolean
insert_rate (BsnDb       *db,
             gint64       version,
             BsnScheme    scheme,
             BsnTierRate *r,
             GError     **error)
{
  BsnStmt *stmt = bsn_db_prepare (db,
                                       "INSERT INTO tier_rates (version_id, band, tier, key, rate_bp) "
                                       "VALUES (?1, ?2, ?3, ?4, ?5)",
                                       error);
  if (stmt == NULL)
    return FALSE;
  bsn_stmt_bind_int64 (stmt, 1, version);
  bsn_stmt_bind_text (stmt, 2, band_column (scheme, r->band));
  bsn_stmt_bind_int (stmt, 3, scheme == BSN_SCHEME_SIAGA ? 0 : r->tier);
  bsn_stmt_bind_int (stmt, 4, r->key);
  bsn_stmt_bind_int (stmt, 5, r->rate_bp);
  return bsn_db_step_done (db, stmt, _("Menyimpan tarif"), error);
}

static gboolean
validate_edit (BsnScheme          scheme,
               const BsnTierEdit *e,
               GError           **error)
{
  if (e->rate_bp < 0 || e->rate_bp > BSN_BP_100_PERCENT)
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID, _("Tarif harus 0 sampai 100 %%"));
      return FALSE;
    }
  if (scheme != BSN_SCHEME_SIAGA && (e->tier < 1 || e->tier > 3))
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID, _("Level harus salah satu dari tiga level"));
      return FALSE;
    }
  if (scheme == BSN_SCHEME_STOPWATCH && (e->key < 0 || e->key > 9))
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID, _("Angka keberuntungan harus 0 sampai 9"));
      return FALSE;
    }
  if (scheme == BSN_SCHEME_LELANG && (e->key < 1 || e->key > BSN_LELANG_SLOTS))
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID, _("Slot harus I sampai X"));
      return FALSE;
    }
  if (scheme == BSN_SCHEME_SIAGA && (e->key < 0 || e->key > 10000000))
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID, _("Ambang poin status harus 0 sampai 10.000.000"));
      return FALSE;
    }
  return TRUE;
}

static void
apply_edit (GArray            *rates,
            BsnScheme          scheme,
            const BsnTierEdit *e,
            BsnBand            band)
{
  for (guint i = 0; i < rates->len; i++)
    {
      BsnTierRate *r = &g_array_index (rates, BsnTierRate, i);
      if (r->key == e->key && (scheme == BSN_SCHEME_SIAGA || (r->band == band && r->tier == e->tier)))
        {
          r->rate_bp = e->rate_bp;
          return;
        }
    }
  /* A new cell: only siaga grows (a new threshold); the grids are full. */
  {
    BsnTierRate r = { band, scheme == BSN_SCHEME_SIAGA ? 0 : e->tier, e->key, e->rate_bp };
    g_array_append_val (rates, r);
  }
}

void
bsn_tiers_apply_edits (GArray            *rates,
                       BsnScheme          scheme,
                       const BsnTierEdit *edits,
                       guint              n_edits)
{
  for (guint i = 0; i < n_edits; i++)
    {
      if (scheme == BSN_SCHEME_LELANG && edits[i].all_bands)
        {
          apply_edit (rates, scheme, &edits[i], BSN_BAND_LOW);
          apply_edit (rates, scheme, &edits[i], BSN_BAND_HIGH);
        }
      else
        apply_edit (rates, scheme, &edits[i], edits[i].band);
    }
}

static gboolean
history_would_change (BsnDb    *db,
                      BsnScheme scheme,
                      BsnTime   from,
                      GError  **error)
{
  BsnStmt *stmt = bsn_db_prepare (db,
                                       "SELECT max(r.at) FROM receipts r JOIN receipt_parts p ON p.receipt_id = r.id "
                                       "WHERE p.scheme = ?1 AND r.at >= ?2",
                                       error);
  BsnTime last = 0;
  gboolean found = FALSE;

  if (stmt == NULL)
    return TRUE;
  bsn_stmt_bind_text (stmt, 1, bsn_scheme_to_string (scheme));
  bsn_stmt_bind_int64 (stmt, 2, from);
  if (bsn_stmt_step (stmt) == BSN_ROW && !bsn_stmt_column_is_null (stmt, 0))
    {
      found = TRUE;
      last = bsn_stmt_column_int64 (stmt, 0);
    }
  bsn_stmt_reset (stmt);
  if (found)
    {
      g_autofree char *when = bsn_time_format_iso (last);
      g_set_error (error, BSN_ERROR, BSN_ERROR_REFUSED,
                   _("Sudah ada transaksi %s yang dihitung sampai %s; riwayat tidak boleh berubah, "
                     "pilih waktu mulai berlaku sesudahnya"),
                   bsn_scheme_label (scheme), when);
    }
  return found;
}

static gboolean
check_all_stores (BsnDb              *db,
                  const BsnTierTable *table,
                  GPtrArray          *warnings,
                  GError            **error)
{
  g_autoptr(GPtrArray) stores = bsn_store_list (db, error);

  if (stores == NULL)
    return FALSE;
  for (guint i = 0; i < stores->len; i++)
    {
      BsnStore *s = g_ptr_array_index (stores, i);
      if (s->active && store_runs (s, table->version.scheme) && !check_margin (table, s, warnings, error))
        return FALSE;
    }
  return TRUE;
}

/* The table in force (@base) with @edits applied. */
static BsnTierTable *
draft_table (const BsnTierTable *base,
             BsnScheme           scheme,
             const BsnTierEdit  *edits,
             guint               n_edits)
{
  BsnTierTable *draft = g_new0 (BsnTierTable, 1);

  draft->version.scheme = scheme;
  draft->rates = g_array_copy (base->rates);
  bsn_tiers_apply_edits (draft->rates, scheme, edits, n_edits);
  return draft;
}

gboolean
bsn_tiers_check_edit (BsnDb             *db,
                      BsnScheme          scheme,
                      const BsnTierEdit *edits,
                      guint              n_edits,
                      BsnTime            from,
                      GPtrArray         *warnings,
                      GError           **error)
{
  g_autoptr(BsnTierTable) base = NULL;
  g_autoptr(BsnTierTable) draft = NULL;

  for (guint i = 0; i < n_edits; i++)
    if (!validate_edit (scheme, &edits[i], error))
      return FALSE;
  if ((base = bsn_tiers_table_at (db, scheme, from, error)) == NULL)
    return FALSE;
  draft = draft_table (base, scheme, edits, n_edits);
  return check_all_stores (db, draft, warnings, error);
}

gint64
bsn_tiers_edit (BsnDb             *db,
                BsnScheme          scheme,
                const BsnTierEdit *edits,
                guint              n_edits,
                BsnTime            from,
                const char        *author,
                const char        *reason,
                GPtrArray         *warnings,
                GError           **error)
{
  g_autoptr(BsnTierTable) base = NULL;
  g_autoptr(BsnTierTable) draft = NULL;
  g_autofree char *reason_trimmed = g_strstrip (g_strdup (reason ? reason : ""));
  g_autofree char *when = NULL;
  g_autofree char *name = NULL;
  const char *typed_author = NULL;
  gint64 version = 0, later;

  if (n_edits == 0)
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID, _("Tidak ada tarif yang diubah"));
      return 0;
    }
  if (*reason_trimmed == '\0')
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID, _("Alasan perubahan tabel wajib diisi"));
      return 0;
    }
  for (guint i = 0; i < n_edits; i++)
    if (!validate_edit (scheme, &edits[i], error))
      return 0;

  if (!bsn_db_begin (db, TRUE, error))
    return 0;
  if (!bsn_auth_require (db, BSN_PERM_TIERS, error) || history_would_change (db, scheme, from, error))
    goto fail;
  base = bsn_tiers_table_at (db, scheme, from, error);
  if (base == NULL)
    goto fail;

  /* The draft is the base with the edits: check it before writing. */
  draft = draft_table (base, scheme, edits, n_edits);
  if (!check_all_stores (db, draft, warnings, error))
    goto fail;

  /* Once the database has users, the signed-in user is the author: a typed
   * name must not stand in for the person who actually changed the table.
   * Without users the caller's name is all there is. */
  if (bsn_auth_has_users (db) && bsn_db_get_actor (db, NULL) != NULL)
    author = bsn_db_get_actor (db, NULL);
  else
    typed_author = author != NULL && *author != '\0' ? author : NULL;
  when = bsn_time_format_datetime (from);
  name = g_strdup_printf (_("Perubahan %s"), when);
  /* An empty name is no name: the version is the owner's, as without one. */
  version = insert_version (db, scheme, name, from, author != NULL && *author != '\0' ? author : _("pemilik"),
                            reason_trimmed, error);
  if (version == 0)
    goto fail;
  for (guint i = 0; i < draft->rates->len; i++)
    if (!insert_rate (db, version, scheme, &g_array_index (draft->rates, BsnTierRate, i), error))
      goto fail;

  later = 0;
  {
    BsnStmt *stmt = bsn_db_prepare (db,
                                         "SELECT min(effective_from) FROM tier_versions "
                                         "WHERE scheme = ?1 AND effective_from > ?2",
                                         error);
    if (stmt == NULL)
      goto fail;
    bsn_stmt_bind_text (stmt, 1, bsn_scheme_to_string (scheme));
    bsn_stmt_bind_int64 (stmt, 2, from);
    if (bsn_stmt_step (stmt) == BSN_ROW)
      later = bsn_stmt_column_int64 (stmt, 0);
    bsn_stmt_reset (stmt);
  }
  {
    g_autoptr(GString) changes = g_string_new ("[");
    g_autofree char *after = NULL;
    g_autofree char *before_json = NULL;
    g_autofree char *iso = bsn_time_format_iso (from);
    for (guint i = 0; i < n_edits; i++)
      {
        gint32 old = -1;
        bsn_tier_table_lookup (base, edits[i].band, edits[i].tier, edits[i].key, &old);
        g_string_append_printf (changes, "%s{\"band\":\"%s\",\"tier\":%d,\"key\":%d,\"from_bp\":%d,\"to_bp\":%d}",
                                i ? "," : "", edits[i].all_bands ? "both" : bsn_band_to_string (edits[i].band),
                                edits[i].tier, edits[i].key, old, edits[i].rate_bp);
      }
    g_string_append_c (changes, ']');
    before_json = bsn_audit_json ("version", BSN_AUDIT_INT, base->version.id, NULL);
    after = g_strdup_printf ("{\"version\":%" G_GINT64_FORMAT ",\"effective_from\":\"%s\",\"cells\":%s}", version, iso,
                             changes->str);
    if (!bsn_audit_record_by (db, typed_author, "tiers.version", bsn_scheme_to_string (scheme), before_json, after,
                              error))
      goto fail;
  }
  if (later != 0 && warnings != NULL)
    {
      g_autofree char *until = bsn_time_format_datetime (later);
      g_ptr_array_add (warnings, g_strdup_printf (_("Versi ini hanya berlaku sampai %s, saat versi berikutnya "
                                                    "yang sudah dijadwalkan mulai berlaku"), until));
    }
  if (!bsn_db_commit (db, error))
    return 0;
  return version;

fail:
  bsn_db_rollback (db);
  return 0;
}

static gboolean
parse_cell (BsnScheme    scheme,
            char       **f,
            BsnTierEdit *e,
            GError     **error)
{
  gint64 n;

  if (scheme != BSN_SCHEME_SIAGA)
    {
      if (g_strcmp0 (f[0], "both") == 0)
        e->all_bands = TRUE;
      else if (!bsn_band_parse (f[0], &e->band, error))
        return FALSE;
      if (scheme == BSN_SCHEME_STOPWATCH)
        {
          gboolean found = FALSE;
          for (gint b = 0; b < 2 && !found; b++)
            for (gint t = 1; t <= 3 && !found; t++)
              if (g_ascii_strcasecmp (f[1], bsn_level_name_stopwatch (b ? BSN_BAND_HIGH : BSN_BAND_LOW, t)) == 0)
                {
                  found = TRUE;
                  e->band = b ? BSN_BAND_HIGH : BSN_BAND_LOW;
                  e->all_bands = FALSE;
                  e->tier = t;
                }
          if (!found)
            {
              g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID, _("level stopwatch “%s” tidak dikenal"), f[1]);
              return FALSE;
            }
        }
      else if (!bsn_level_parse (f[1], e->band, &e->tier, error))
        return FALSE;
    }
  if (scheme == BSN_SCHEME_LELANG)
    {
      if (!bsn_slot_parse (f[2], &e->key, error))
        return FALSE;
    }
  else if (!g_ascii_string_to_signed (f[2], 10, 0, scheme == BSN_SCHEME_STOPWATCH ? 9 : 10000000, &n, NULL))
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID, _("kunci “%s” bukan angka yang sah"), f[2]);
      return FALSE;
    }
  else
    e->key = (gint) n;
  return bsn_bp_parse (f[3], &e->rate_bp, error) && validate_edit (scheme, e, error);
}

GArray *
bsn_tiers_parse_csv (BsnScheme   scheme,
                     const char *text,
                     gsize       len,
                     GError    **error)
{
  g_autoptr(GArray) edits = g_array_new (FALSE, TRUE, sizeof (BsnTierEdit));
  g_autofree char *copy = g_strndup (text, len);
  g_auto(GStrv) lines = NULL;
  char sep;

  if (!g_utf8_validate (copy, -1, NULL))
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID, _("Berkas tabel bukan teks UTF-8"));
      return NULL;
    }
  lines = g_strsplit (copy, "\n", -1);
  sep = lines[0] && strchr (lines[0], ';') && !strchr (lines[0], ',') ? ';' : ',';
  if (lines[0] == NULL || !g_str_has_prefix (g_strstrip (lines[0]) + (g_str_has_prefix (lines[0], "\xEF\xBB\xBF") ? 3 : 0),
                                              sep == ',' ? "band,level,key,rate" : "band;level;key;rate"))
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID, _("Baris judul tabel harus band,level,key,rate"));
      return NULL;
    }
  for (guint i = 1; lines[i] != NULL; i++)
    {
      char sepstr[2] = { sep, 0 };
      g_auto(GStrv) f = NULL;
      g_autoptr(GError) local = NULL;
      BsnTierEdit e = { 0 };

      g_strstrip (lines[i]);
      if (lines[i][0] == '\0')
        continue;
      f = g_strsplit (lines[i], sepstr, -1);
      if (g_strv_length (f) != 4)
        {
          g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID, _("baris %u: perlu empat kolom"), i + 1);
          return NULL;
        }
      for (guint k = 0; k < 4; k++)
        g_strstrip (f[k]);
      if (!parse_cell (scheme, f, &e, &local))
        {
          g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID, _("baris %u: %s"), i + 1, local->message);
          return NULL;
        }
      g_array_append_val (edits, e);
    }
  if (edits->len == 0)
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID, _("Berkas tabel tidak berisi tarif"));
      return NULL;
    }
  return g_steal_pointer (&edits);
}

GPtrArray *
bsn_tiers_history (BsnDb   *db,
                   gint     scheme,
                   GError **error)
{
  BsnStmt *stmt = bsn_db_prepare (db,
                                       "SELECT " VERSION_COLUMNS " FROM tier_versions "
                                       "WHERE ?1 = '' OR scheme = ?1 ORDER BY scheme, effective_from, id",
                                       error);
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) bsn_tier_version_free);
  BsnStep rc;

  if (stmt == NULL)
    return NULL;
  bsn_stmt_bind_text (stmt, 1, scheme < 0 ? "" : bsn_scheme_to_string ((BsnScheme) scheme));
  while ((rc = bsn_stmt_step (stmt)) == BSN_ROW)
    {
      BsnTierVersion *v = g_new0 (BsnTierVersion, 1);
      version_from_row (stmt, v);
      g_ptr_array_add (list, v);
    }
  if (!bsn_db_scan_ended (db, stmt, rc, _("Membaca tabel tingkat"), error))
    return NULL;
  return g_steal_pointer (&list);
}

/* One default table of DOMAIN.md §4 (rules/bsn-tier-table.h) as a
 * version of its own, its cells in the table's order. */
static gboolean
install_default (BsnDb     *db,
                 BsnScheme  scheme,
                 BsnTime    at,
                 GError   **error)
{
  g_autoptr(BsnTierTable) t = bsn_tier_table_new_default (scheme, at);
  gint64 version = insert_version (db, scheme, t->version.name, t->version.effective_from, "BSN",
                                   _("Tabel bawaan dari dokumen program"), error);

  if (version == 0)
    return FALSE;
  for (guint i = 0; i < t->rates->len; i++)
    if (!insert_rate (db, version, scheme, &g_array_index (t->rates, BsnTierRate, i), error))
      return FALSE;
  return TRUE;
}

gboolean
bsn_tiers_install_defaults (BsnDb   *db,
                            GError **error)
{
  if (bsn_db_query_int (db, "SELECT count(*) FROM tier_versions", 0) > 0)
    return TRUE;
  return install_default (db, BSN_SCHEME_STOPWATCH, 0, error)
         && install_default (db, BSN_SCHEME_LELANG, 0, error)
         && install_default (db, BSN_SCHEME_LELANG, BSN_TIERS_REKOMENDASI_FROM, error)
         && install_default (db, BSN_SCHEME_SIAGA, 0, error);
}
