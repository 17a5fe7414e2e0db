/* bsn-report.c — bagi hasil, program and KPI reports (see bsn-report.h). */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "bsn-consign.h"
#include "bsn-audit.h"
#include "bsn-auth.h"
#include "bsn-error.h"
#include "bsn-expiry.h"
#include "bsn-money.h"
#include "bsn-chain.h"
#include "bsn-report.h"
#include "bsn-store.h"
#include "bsn-time.h"

static void
section_free (BsnReportSection *s)
{
  if (s == NULL)
    return;
  for (guint i = 0; i < s->columns->len; i++)
    g_free (g_array_index (s->columns, BsnColumn, i).header);
  g_array_unref (s->columns);
  g_ptr_array_unref (s->rows);
  g_free (s->name);
  g_free (s);
}

static void
row_free (GArray *row)
{
  for (guint i = 0; i < row->len; i++)
    g_free (g_array_index (row, BsnCell, i).text);
  g_array_unref (row);
}

void
bsn_report_free (BsnReport *report)
{
  if (report == NULL)
    return;
  g_free (report->kind);
  g_free (report->title);
  g_free (report->period);
  g_free (report->store_code);
  g_free (report->fingerprint);
  g_ptr_array_unref (report->sections);
  g_ptr_array_unref (report->notes);
  g_free (report);
}

static BsnReport *
report_new (const char *kind,
            const char *title,
            BsnTime     from,
            BsnTime     to,
            const char *store)
{
  BsnReport *r = g_new0 (BsnReport, 1);
  g_autofree char *generated = bsn_time_format_datetime (bsn_time_now ());

  r->kind = g_strdup (kind);
  r->title = g_strdup (title);
  r->from = from;
  r->to = to;
  r->period = bsn_time_format_period (from, to);
  r->store_code = g_strdup (store);
  r->sections = g_ptr_array_new_with_free_func ((GDestroyNotify) section_free);
  r->notes = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  bsn_report_add_note (r, _("Laporan"), title);
  bsn_report_add_note (r, _("Periode"), r->period);
  bsn_report_add_note (r, _("Toko"), store ? store : _("Semua toko"));
  bsn_report_add_note (r, _("Dibuat pada"), generated);
  return r;
}

BsnReportSection *
bsn_report_add_section (BsnReport  *report,
                        const char *name,
                        gboolean    totals)
{
  BsnReportSection *s = g_new0 (BsnReportSection, 1);

  s->name = g_strdup (name);
  s->columns = g_array_new (FALSE, TRUE, sizeof (BsnColumn));
  s->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) row_free);
  s->totals = totals;
  g_ptr_array_add (report->sections, s);
  return s;
}

void
bsn_section_add_column (BsnReportSection *section,
                        const char       *header,
                        BsnColumnType     type,
                        gboolean          total)
{
  bsn_section_add_keyed_column (section, NULL, header, type, total);
}

void
bsn_section_set_key (BsnReportSection *section,
                     const char       *key)
{
  section->key = key;
}

void
bsn_section_add_keyed_column (BsnReportSection *section,
                              const char       *key,
                              const char       *header,
                              BsnColumnType     type,
                              gboolean          total)
{
  BsnColumn c = { g_strdup (header), type, total, key };
  g_array_append_val (section->columns, c);
}

const BsnReportSection *
bsn_report_section (const BsnReport *report,
                    const char      *key)
{
  for (guint i = 0; i < report->sections->len; i++)
    {
      const BsnReportSection *section = g_ptr_array_index (report->sections, i);
      if (g_strcmp0 (section->key, key) == 0)
        return section;
    }
  return NULL;
}

gint
bsn_section_column (const BsnReportSection *section,
                    const char             *key)
{
  for (guint i = 0; i < section->columns->len; i++)
    if (g_strcmp0 (g_array_index (section->columns, BsnColumn, i).key, key) == 0)
      return (gint) i;
  return -1;
}

GArray *
bsn_section_add_row (BsnReportSection *section)
{
  GArray *row = g_array_new (FALSE, TRUE, sizeof (BsnCell));
  g_ptr_array_add (section->rows, row);
  return row;
}

void
bsn_row_text (GArray     *row,
              const char *text)
{
  BsnCell c = { 0, g_strdup (text) };
  g_array_append_val (row, c);
}

void
bsn_row_num (GArray *row,
             gint64  value)
{
  BsnCell c = { value, NULL };
  g_array_append_val (row, c);
}

void
bsn_report_add_note (BsnReport  *report,
                     const char *key,
                     const char *value)
{
  char **pair = g_new0 (char *, 3);
  pair[0] = g_strdup (key);
  pair[1] = g_strdup (value);
  g_ptr_array_add (report->notes, pair);
}

gint64
bsn_section_total (const BsnReportSection *section,
                   guint                   column)
{
  gint64 sum = 0;

  for (guint i = 0; i < section->rows->len; i++)
    {
      GArray *row = g_ptr_array_index (section->rows, i);
      if (column < row->len)
        sum += g_array_index (row, BsnCell, column).num;
    }
  return sum;
}

/* The stores a filter covers: the store itself and, for an induk, its
 * anak cabang. NULL = every store. */
static GHashTable *
store_scope (BsnDb      *db,
             const char *code,
             GError    **error)
{
  g_autoptr(GHashTable) scope = NULL;
  g_autoptr(BsnStore) s = NULL;
  g_autoptr(GPtrArray) all = NULL;

  if (code == NULL)
    return g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  if ((s = bsn_store_find (db, code, error)) == NULL || (all = bsn_store_list (db, error)) == NULL)
    return NULL;
  scope = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  for (guint i = 0; i < all->len; i++)
    {
      BsnStore *x = g_ptr_array_index (all, i);
      if (x->id == s->id || x->parent_id == s->id)
        g_hash_table_add (scope, g_memdup2 (&x->id, sizeof x->id));
    }
  return g_steal_pointer (&scope);
}

static gboolean
in_scope (GHashTable *scope,
          gint64      id)
{
  return g_hash_table_size (scope) == 0 || g_hash_table_contains (scope, &id);
}

typedef struct
{
  gint64 store_id;
  char  *code;
  char  *name;
  char  *role;
  gint64 profit_share;
  gint64 compensation_in;
  gint64 compensation_out;
} Branch;

static void
branch_free (Branch *b)
{
  g_free (b->code);
  g_free (b->name);
  g_free (b->role);
  g_free (b);
}

static Branch *
branch_for (GHashTable *branches,
            gint64      id,
            const char *code,
            const char *name,
            const char *role)
{
  Branch *b = g_hash_table_lookup (branches, &id);

  if (b == NULL)
    {
      b = g_new0 (Branch, 1);
      b->store_id = id;
      b->code = g_strdup (code);
      b->name = g_strdup (name);
      b->role = g_strdup (role);
      g_hash_table_insert (branches, g_memdup2 (&id, sizeof id), b);
    }
  return b;
}

static gint
compare_branches (gconstpointer a,
                  gconstpointer b)
{
  return g_strcmp0 ((*(Branch **) a)->code, (*(Branch **) b)->code);
}

BsnReport *
bsn_report_bagi_hasil (BsnDb      *db,
                       BsnTime     from,
                       BsnTime     to,
                       const char *store,
                       GError    **error)
{
  g_autoptr(BsnReport) r = report_new ("bagi-hasil", _("Laporan Bagi Hasil"), from, to, store);
  g_autoptr(GHashTable) scope = NULL;
  g_autoptr(GHashTable) branches = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                          (GDestroyNotify) branch_free);
  g_autoptr(GPtrArray) sorted = g_ptr_array_new ();
  BsnReportSection *lots, *per_branch, *bonus, *parties;

  if (!bsn_auth_require (db, BSN_PERM_REPORTS, error))
    return NULL;
  gint64 from_day = bsn_time_day (from), to_day = bsn_time_day (to);
  gint64 t_produsen = 0, t_induk = 0, t_anak = 0, comp = 0;
  gint64 b_produsen = 0, b_ritel = 0, b_bsn = 0;
  BsnStmt *stmt;
  BsnStep rc;

  /* A report without its book's fingerprint cannot be told apart from one
   * of another book: a failed read of the chain fails the report. */
  if ((r->fingerprint = bsn_chain_fingerprint_of (db, error)) == NULL
      || (scope = store_scope (db, store, error)) == NULL)
    return NULL;
  lots = bsn_report_add_section (r, _("Per titipan"), TRUE);
  bsn_section_add_column (lots, _("Titipan"), BSN_COL_INT, FALSE);
  bsn_section_add_column (lots, _("SKU"), BSN_COL_TEXT, FALSE);
  bsn_section_add_column (lots, _("Barang"), BSN_COL_TEXT, FALSE);
  bsn_section_add_column (lots, _("Induk"), BSN_COL_TEXT, FALSE);
  bsn_section_add_column (lots, _("Anak"), BSN_COL_TEXT, FALSE);
  bsn_section_add_column (lots, _("Skema"), BSN_COL_TEXT, FALSE);
  bsn_section_add_column (lots, _("Terjual"), BSN_COL_INT, TRUE);
  bsn_section_add_column (lots, _("Pendapatan"), BSN_COL_MONEY, TRUE);
  bsn_section_add_column (lots, _("Modal pokok"), BSN_COL_MONEY, TRUE);
  bsn_section_add_column (lots, _("Laba"), BSN_COL_MONEY, TRUE);
  bsn_section_add_column (lots, _("Bagian induk"), BSN_COL_MONEY, TRUE);
  bsn_section_add_column (lots, _("Bagian produsen"), BSN_COL_MONEY, TRUE);
  bsn_section_add_column (lots, _("Bagian anak"), BSN_COL_MONEY, TRUE);
  bsn_section_add_column (lots, _("Kompensasi retur"), BSN_COL_MONEY, TRUE);

  stmt = bsn_db_prepare (db,
                         "SELECT l.id, l.sku, l.name, l.induk_id, i.code, i.name, l.anak_id, a.code, a.name, l.scheme, "
                         "coalesce(sum(CASE WHEN e.kind = 'sale' THEN e.qty END), 0), "
                         "coalesce(sum(CASE WHEN e.kind = 'sale' THEN e.amount_rp END), 0), "
                         "coalesce(sum(CASE WHEN e.kind = 'sale' THEN e.qty * e.cost_rp END), 0), "
                         "coalesce(sum(CASE WHEN e.kind = 'return' THEN e.induk_rp END), 0) "
                         "FROM lots l JOIN lot_events e ON e.lot_id = l.id AND e.day >= ?1 AND e.day < ?2 "
                         "AND e.kind IN ('sale','return') JOIN stores i ON i.id = l.induk_id "
                         "JOIN stores a ON a.id = l.anak_id GROUP BY l.id, i.id, a.id ORDER BY l.id",
                         error);
  if (stmt == NULL)
    return NULL;
  bsn_stmt_bind_int64 (stmt, 1, from_day);
  bsn_stmt_bind_int64 (stmt, 2, to_day);
  while ((rc = bsn_stmt_step (stmt)) == BSN_ROW)
    {
      gint64 induk_id = bsn_stmt_column_int64 (stmt, 3), anak_id = bsn_stmt_column_int64 (stmt, 6);
      const char *scheme = bsn_stmt_column_text (stmt, 9);
      gint64 revenue = bsn_stmt_column_int64 (stmt, 11), cost = bsn_stmt_column_int64 (stmt, 12);
      gint64 compensation = bsn_stmt_column_int64 (stmt, 13);
      gint64 induk, produsen, anak;
      GArray *row;

      if (!in_scope (scope, induk_id) && !in_scope (scope, anak_id))
        continue;
      bsn_share_split (scheme[0], revenue - cost, &induk, &produsen, &anak);
      row = bsn_section_add_row (lots);
      bsn_row_num (row, bsn_stmt_column_int64 (stmt, 0));
      bsn_row_text (row, bsn_stmt_column_text (stmt, 1));
      bsn_row_text (row, bsn_stmt_column_text (stmt, 2));
      bsn_row_text (row, bsn_stmt_column_text (stmt, 4));
      bsn_row_text (row, bsn_stmt_column_text (stmt, 7));
      bsn_row_text (row, scheme);
      bsn_row_num (row, bsn_stmt_column_int64 (stmt, 10));
      bsn_row_num (row, revenue);
      bsn_row_num (row, cost);
      bsn_row_num (row, revenue - cost);
      bsn_row_num (row, induk);
      bsn_row_num (row, produsen);
      bsn_row_num (row, anak);
      bsn_row_num (row, compensation);
      t_induk += induk, t_produsen += produsen, t_anak += anak, comp += compensation;

      branch_for (branches, induk_id, bsn_stmt_column_text (stmt, 4),
                  bsn_stmt_column_text (stmt, 5), _("Induk cabang"))->profit_share += induk;
      branch_for (branches, induk_id, NULL, NULL, NULL)->compensation_in += compensation;
      branch_for (branches, anak_id, bsn_stmt_column_text (stmt, 7),
                  bsn_stmt_column_text (stmt, 8), _("Anak cabang"))->profit_share += anak;
      branch_for (branches, anak_id, NULL, NULL, NULL)->compensation_out += compensation;
    }
  if (!bsn_db_scan_ended (db, stmt, rc, _("Membaca laporan"), error))
    return NULL;

  per_branch = bsn_report_add_section (r, _("Per cabang"), TRUE);
  bsn_section_add_column (per_branch, _("Kode"), BSN_COL_TEXT, FALSE);
  bsn_section_add_column (per_branch, _("Nama"), BSN_COL_TEXT, FALSE);
  bsn_section_add_column (per_branch, _("Peran"), BSN_COL_TEXT, FALSE);
  bsn_section_add_column (per_branch, _("Bagian laba"), BSN_COL_MONEY, TRUE);
  bsn_section_add_column (per_branch, _("Kompensasi diterima"), BSN_COL_MONEY, TRUE);
  bsn_section_add_column (per_branch, _("Kompensasi dibayar"), BSN_COL_MONEY, TRUE);
  bsn_section_add_column (per_branch, _("Bersih"), BSN_COL_MONEY, TRUE);
  {
    GHashTableIter iter;
    gpointer value;
    g_hash_table_iter_init (&iter, branches);
    while (g_hash_table_iter_next (&iter, NULL, &value))
      g_ptr_array_add (sorted, value);
    g_ptr_array_sort (sorted, compare_branches);
  }
  for (guint i = 0; i < sorted->len; i++)
    {
      Branch *b = g_ptr_array_index (sorted, i);
      GArray *row = bsn_section_add_row (per_branch);
      bsn_row_text (row, b->code);
      bsn_row_text (row, b->name);
      bsn_row_text (row, b->role);
      bsn_row_num (row, b->profit_share);
      bsn_row_num (row, b->compensation_in);
      bsn_row_num (row, b->compensation_out);
      bsn_row_num (row, b->profit_share + b->compensation_in - b->compensation_out);
    }

  bonus = bsn_report_add_section (r, _("Biaya bonus"), TRUE);
  bsn_section_add_column (bonus, _("Aturan"), BSN_COL_TEXT, FALSE);
  bsn_section_add_column (bonus, _("Jenis"), BSN_COL_TEXT, FALSE);
  bsn_section_add_column (bonus, _("Pemberian"), BSN_COL_INT, TRUE);
  bsn_section_add_column (bonus, _("Nilai bonus"), BSN_COL_MONEY, TRUE);
  bsn_section_add_column (bonus, _("Produsen"), BSN_COL_MONEY, TRUE);
  bsn_section_add_column (bonus, _("Ritel"), BSN_COL_MONEY, TRUE);
  bsn_section_add_column (bonus, _("BSN"), BSN_COL_MONEY, TRUE);
  /* The period's receipts store by store (receipts_store_at), then their
   * grants: not every grant of the history. */
  stmt = bsn_db_prepare (db,
                         "SELECT b.code, b.name, r.store_id, count(*), sum(g.value_rp), sum(g.produsen_rp), "
                         "sum(g.ritel_rp), sum(g.bsn_rp) FROM stores s CROSS JOIN receipts r "
                         "CROSS JOIN bonus_grants g JOIN bonus_rules b ON b.id = g.rule_id "
                         "WHERE r.store_id = s.id AND r.at >= ?1 AND r.at < ?2 AND g.receipt_id = r.id "
                         "GROUP BY b.id, r.store_id ORDER BY b.code, r.store_id",
                         error);
  if (stmt == NULL)
    return NULL;
  bsn_stmt_bind_int64 (stmt, 1, from);
  bsn_stmt_bind_int64 (stmt, 2, to);
  {
    GArray *row = NULL;
    g_autofree char *last = NULL;
    while ((rc = bsn_stmt_step (stmt)) == BSN_ROW)
      {
        const char *code = bsn_stmt_column_text (stmt, 0);
        if (!in_scope (scope, bsn_stmt_column_int64 (stmt, 2)))
          continue;
        if (row == NULL || g_strcmp0 (last, code) != 0)
          {
            row = bsn_section_add_row (bonus);
            bsn_row_text (row, code);
            bsn_row_text (row, bsn_stmt_column_text (stmt, 1));
            for (int k = 0; k < 5; k++)
              bsn_row_num (row, 0);
            g_free (last);
            last = g_strdup (code);
          }
        for (int k = 0; k < 5; k++)
          g_array_index (row, BsnCell, 2 + k).num += bsn_stmt_column_int64 (stmt, 3 + k);
        b_produsen += bsn_stmt_column_int64 (stmt, 5);
        b_ritel += bsn_stmt_column_int64 (stmt, 6);
        b_bsn += bsn_stmt_column_int64 (stmt, 7);
      }
  }
  if (!bsn_db_scan_ended (db, stmt, rc, _("Membaca laporan"), error))
    return NULL;

  parties = bsn_report_add_section (r, _("Total per pihak"), TRUE);
  bsn_section_set_key (parties, BSN_SECTION_PARTIES);
  bsn_section_add_column (parties, _("Pihak"), BSN_COL_TEXT, FALSE);
  bsn_section_add_keyed_column (parties, BSN_COLUMN_SHARE, _("Bagian laba titip jual"), BSN_COL_MONEY, TRUE);
  bsn_section_add_keyed_column (parties, BSN_COLUMN_COMPENSATION, _("Kompensasi retur"), BSN_COL_MONEY, TRUE);
  bsn_section_add_keyed_column (parties, BSN_COLUMN_BONUS_COST, _("Biaya bonus ditanggung"), BSN_COL_MONEY, TRUE);
  /* Last, so the columns readers already knew keep their places. */
  bsn_section_add_keyed_column (parties, BSN_COLUMN_NET, _("Bersih"), BSN_COL_MONEY, TRUE);
  {
    const struct { const char *name; gint64 share, comp, bonus; } p[] = {
      { _("Produsen"), t_produsen, 0, b_produsen },
      { _("Induk cabang"), t_induk, comp, 0 },
      { _("Anak cabang"), t_anak, -comp, 0 },
      { _("Ritel (toko)"), 0, 0, b_ritel },
      { _("BSN"), 0, 0, b_bsn },
    };
    for (guint i = 0; i < G_N_ELEMENTS (p); i++)
      {
        GArray *row = bsn_section_add_row (parties);
        bsn_row_text (row, p[i].name);
        bsn_row_num (row, p[i].share);
        bsn_row_num (row, p[i].comp);
        bsn_row_num (row, p[i].bonus);
        bsn_row_num (row, p[i].share + p[i].comp - p[i].bonus);
      }
  }
  bsn_report_add_note (r, _("Pembagian laba"), _("Skema A: induk 40 %, anak 60 %. Skema B: induk 25 %, produsen 40 %, "
                                                 "anak 35 %. Dibulatkan ke rupiah, sisa pembulatan untuk anak."));
  bsn_report_add_note (r, _("Kompensasi retur"), _("15 % dari potongan harga Tahap III atas unit yang dikembalikan, "
                                                   "dibayar anak kepada induk."));
  bsn_report_add_note (r, _("Bersih per pihak"), _("bagian laba titip jual + kompensasi retur − biaya bonus ditanggung"));
  return g_steal_pointer (&r);
}

/* Runs @sql, a query by store: each row is a store id and @n_out
 * integers, with ?1 = @from and ?2 = @to (it may leave one unused); the
 * rows of one store are added up (a query may leave the grouping to this
 * function). One query for all stores: on a server that is one round
 * trip, not one per store. Returns store id → gint64[@n_out]. (transfer
 * full) */
static GHashTable *
sums_by_store (BsnDb      *db,
               const char *sql,
               BsnTime     from,
               BsnTime     to,
               guint       n_out,
               GError    **error)
{
  BsnStmt *stmt = bsn_db_prepare (db, sql, error);
  g_autoptr(GHashTable) sums = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  BsnStep rc;

  if (stmt == NULL)
    return NULL;
  bsn_stmt_bind_int64 (stmt, 1, from);
  bsn_stmt_bind_int64 (stmt, 2, to);
  while ((rc = bsn_stmt_step (stmt)) == BSN_ROW)
    {
      gint64 store_id = bsn_stmt_column_int64 (stmt, 0);
      gint64 *values = g_hash_table_lookup (sums, &store_id);

      if (values == NULL)
        {
          values = g_new0 (gint64, n_out);
          g_hash_table_insert (sums, g_memdup2 (&store_id, sizeof store_id), values);
        }
      for (guint i = 0; i < n_out; i++)
        values[i] += bsn_stmt_column_int64 (stmt, (int) i + 1);
    }
  bsn_stmt_reset (stmt);
  if (rc != BSN_DONE)
    {
      bsn_db_set_error (db, error, _("Membaca laporan"));
      return NULL;
    }
  return g_steal_pointer (&sums);
}

/* The @i-th sum of @store_id in @sums (0 when it had no row). */
static gint64
store_sum (GHashTable *sums,
           gint64      store_id,
           guint       i)
{
  const gint64 *values = g_hash_table_lookup (sums, &store_id);

  return values != NULL ? values[i] : 0;
}

BsnReport *
bsn_report_program (BsnDb      *db,
                    BsnTime     from,
                    BsnTime     to,
                    const char *store,
                    GError    **error)
{
  g_autoptr(BsnReport) r = report_new ("program", _("Laporan Biaya Program"), from, to, store);
  g_autoptr(GHashTable) scope = NULL;
  g_autoptr(GPtrArray) stores = NULL;
  g_autoptr(GHashTable) sold = NULL, bonuses = NULL, redeemed = NULL, backed = NULL, released = NULL, expired = NULL;
  BsnReportSection *s;
  gint months = 0;

  if (!bsn_auth_require (db, BSN_PERM_REPORTS, error))
    return NULL;
  if ((r->fingerprint = bsn_chain_fingerprint_of (db, error)) == NULL
      || (scope = store_scope (db, store, error)) == NULL
      || (stores = bsn_store_list (db, error)) == NULL
      || !bsn_expiry_months_at (db, to, &months, error))
    return NULL;
  s = bsn_report_add_section (r, _("Biaya program per toko"), TRUE);
  bsn_section_set_key (s, BSN_SECTION_PROGRAM);
  bsn_section_add_column (s, _("Kode"), BSN_COL_TEXT, FALSE);
  bsn_section_add_column (s, _("Nama"), BSN_COL_TEXT, FALSE);
  bsn_section_add_column (s, _("Penjualan"), BSN_COL_MONEY, TRUE);
  bsn_section_add_column (s, _("Poin diberikan"), BSN_COL_MONEY, TRUE);
  bsn_section_add_column (s, _("Bonus ditanggung toko"), BSN_COL_MONEY, TRUE);
  bsn_section_add_column (s, _("Voucher ditukar di toko"), BSN_COL_MONEY, TRUE);
  bsn_section_add_column (s, _("Poin beredar (akhir periode)"), BSN_COL_MONEY, TRUE);
  bsn_section_add_column (s, _("Kedaluwarsa"), BSN_COL_MONEY, TRUE);
  bsn_section_add_keyed_column (s, BSN_COLUMN_COST_BP, _("Biaya % penjualan"), BSN_COL_BP, FALSE);
  bsn_section_add_keyed_column (s, BSN_COLUMN_MARGIN_BP, _("Margin"), BSN_COL_BP, FALSE);
  bsn_section_add_keyed_column (s, BSN_COLUMN_MARGIN_AFTER_BP, _("Margin setelah program"), BSN_COL_BP, FALSE);
  bsn_section_add_keyed_column (s, BSN_COLUMN_MARGIN_MIN_BP, _("Margin minimum aman"), BSN_COL_BP, FALSE);
  bsn_section_add_column (s, _("Status"), BSN_COL_TEXT, FALSE);

  /* Sales: the period's receipts are found per store in receipts_store_at
   * (index only), then read in one pass over the span of their ids, which
   * is the period's part of the table when receipts come in time order (a
   * late import only widens it); summed here, as SQLite would sort them
   * for a GROUP BY. */
  sold = sums_by_store (db,
                        "WITH span AS (SELECT min(r.id) AS lo, max(r.id) AS hi FROM stores s CROSS JOIN receipts r "
                        "WHERE r.store_id = s.id AND r.at >= ?1 AND r.at < ?2) "
                        "SELECT r.store_id, r.amount_rp, r.value_rp FROM span CROSS JOIN receipts r "
                        "WHERE r.id BETWEEN span.lo AND span.hi AND r.at >= ?1 AND r.at < ?2",
                        from, to, 2, error);
  /* As in the bagi-hasil report: the period's receipts, then their grants. */
  bonuses = sold == NULL ? NULL
    : sums_by_store (db,
                     "SELECT r.store_id, coalesce(sum(g.ritel_rp), 0) FROM stores s CROSS JOIN receipts r "
                     "CROSS JOIN bonus_grants g WHERE r.store_id = s.id AND r.at >= ?1 AND r.at < ?2 "
                     "AND g.receipt_id = r.id GROUP BY r.store_id",
                     from, to, 1, error);
  redeemed = bonuses == NULL ? NULL
    : sums_by_store (db,
                     "SELECT d.store_id, coalesce(sum(v.value_rp), 0) FROM redemptions d "
                     "JOIN vouchers v ON v.id = d.voucher_id WHERE d.at >= ?1 AND d.at < ?2 GROUP BY d.store_id",
                     from, to, 1, error);
  /* Outstanding: what each store's reserve backs that no redeemed voucher
   * has released yet, up to the end of the period: minus the reserve's
   * award, bonus, reversal and expiry legs before the end. Read from
   * whichever side of the end holds less of the history (judged by the
   * postings' first and last times): the legs before the end, or the
   * reserve's kept balance less every leg at or after the end and less the
   * legs before the end of the few other postings that move a reserve
   * (deposit, withdrawal, redemption: the small postings_reserve_moves
   * index; openings and vouchers never touch a reserve). Either way one
   * statement (the balance and the legs one snapshot), its rows streamed
   * and added up by sums_by_store (no sort held in memory). */
  if (redeemed != NULL)
    {
      /* These only pick the cheaper way; a failed read picks the other,
       * which gives the same sums. */
      gint64 first = bsn_db_query_int (db, "SELECT coalesce(min(at), 0) FROM postings", 0);
      gint64 last = bsn_db_query_int (db, "SELECT coalesce(max(at), 0) FROM postings", 0);

      if (to - first <= last - to)
        backed = sums_by_store (db,
                                "SELECT ra.store_id, -l.amount_rp FROM postings p CROSS JOIN legs l "
                                "CROSS JOIN accounts ra WHERE p.at < ?2 "
                                "AND p.kind IN ('award','bonus','reversal','expiry') "
                                "AND l.posting_id = p.id AND ra.id = l.account_id AND ra.kind = 'reserve'",
                                from, to, 1, error);
      else
        backed = sums_by_store (db,
                                "SELECT a.store_id, -a.balance_rp FROM accounts a WHERE a.kind = 'reserve' "
                                "UNION ALL SELECT ra.store_id, l.amount_rp FROM postings p CROSS JOIN legs l "
                                "CROSS JOIN accounts ra WHERE p.at >= ?2 AND l.posting_id = p.id "
                                "AND ra.id = l.account_id AND ra.kind = 'reserve' "
                                "UNION ALL SELECT ra.store_id, l.amount_rp FROM postings p CROSS JOIN legs l "
                                "CROSS JOIN accounts ra "
                                "WHERE p.kind NOT IN ('award','bonus','reversal','expiry','opening','voucher') "
                                "AND p.at < ?2 AND l.posting_id = p.id AND ra.id = l.account_id "
                                "AND ra.kind = 'reserve'",
                                from, to, 1, error);
    }
  released = backed == NULL ? NULL
    : sums_by_store (db,
                     "SELECT f.store_id, coalesce(sum(f.amount_rp), 0) FROM voucher_funding f "
                     "JOIN redemptions d ON d.voucher_id = f.voucher_id WHERE d.at < ?2 GROUP BY f.store_id",
                     from, to, 1, error);
  /* Expired: what expiry postings of the period gave back to the store. */
  expired = released == NULL ? NULL
    : sums_by_store (db,
                     "SELECT a.store_id, coalesce(sum(l.amount_rp), 0) FROM legs l "
                     "JOIN postings p ON p.id = l.posting_id JOIN accounts a ON a.id = l.account_id "
                     "WHERE a.kind = 'reserve' AND p.kind = 'expiry' AND p.at >= ?1 AND p.at < ?2 "
                     "GROUP BY a.store_id",
                     from, to, 1, error);
  if (expired == NULL)
    return NULL;

  for (guint i = 0; i < stores->len; i++)
    {
      BsnStore *st = g_ptr_array_index (stores, i);
      gint64 sales, issued, bonus, cost_bp = 0, after;
      GArray *row;

      if (!in_scope (scope, st->id))
        continue;
      sales = store_sum (sold, st->id, 0);
      issued = store_sum (sold, st->id, 1);
      bonus = store_sum (bonuses, st->id, 0);

      if (sales > 0)
        cost_bp = (gint64) ((__int128) (issued + bonus) * BSN_BP_100_PERCENT / sales);
      after = st->margin_bp - cost_bp;
      row = bsn_section_add_row (s);
      bsn_row_text (row, st->code);
      bsn_row_text (row, st->name);
      bsn_row_num (row, sales);
      bsn_row_num (row, issued);
      bsn_row_num (row, bonus);
      bsn_row_num (row, store_sum (redeemed, st->id, 0));
      bsn_row_num (row, MAX (store_sum (backed, st->id, 0) - store_sum (released, st->id, 0), 0));
      bsn_row_num (row, store_sum (expired, st->id, 0));
      bsn_row_num (row, cost_bp);
      bsn_row_num (row, st->margin_bp);
      bsn_row_num (row, after);
      bsn_row_num (row, BSN_MARGIN_MIN_AMAN_BP);
      bsn_row_text (row, after < BSN_MARGIN_MIN_AMAN_BP ? _("Di bawah batas aman") : _("Aman"));
    }
  bsn_report_add_note (r, _("Biaya % penjualan"), _("(poin diberikan + bonus ditanggung toko) ÷ penjualan"));
  bsn_report_add_note (r, _("Margin setelah program"), _("margin toko − biaya % penjualan"));
  bsn_report_add_note (r, _("Margin minimum aman"), _("laba bersih minimum ÷ penjualan; 8 % bila toko tidak menetapkan"));
  if (months > 0)
    {
      g_autofree char *policy = g_strdup_printf (_("poin hangus %d bulan sesudah struk yang menghasilkannya; "
                                                   "nilai sisanya kembali ke penanggungnya"), months);
      bsn_report_add_note (r, _("Kedaluwarsa"), policy);
    }
  else
    bsn_report_add_note (r, _("Kedaluwarsa"), _("poin tidak kedaluwarsa (kebijakan jaringan: mati)"));
  return g_steal_pointer (&r);
}

/* Counts customers of the scope by how many receipts they had in
 * [@from, @to): returns active and the number with ≥ 2. */
static gboolean
customer_counts (BsnDb      *db,
                 GHashTable *scope,
                 BsnTime     from,
                 BsnTime     to,
                 gint64     *active,
                 gint64     *repeat,
                 gint64     *receipts,
                 gint64     *sales,
                 GError    **error)
{
  g_autoptr(GHashTable) per_customer = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  BsnStmt *stmt = bsn_db_prepare (db,
                                       "SELECT customer_id, store_id, amount_rp FROM receipts WHERE at >= ?1 AND at < ?2",
                                       error);
  GHashTableIter iter;
  gpointer value;
  BsnStep rc;

  *active = *repeat = *receipts = *sales = 0;
  if (stmt == NULL)
    return FALSE;
  bsn_stmt_bind_int64 (stmt, 1, from);
  bsn_stmt_bind_int64 (stmt, 2, to);
  while ((rc = bsn_stmt_step (stmt)) == BSN_ROW)
    {
      gint64 c = bsn_stmt_column_int64 (stmt, 0);
      gint64 *n;
      if (!in_scope (scope, bsn_stmt_column_int64 (stmt, 1)))
        continue;
      n = g_hash_table_lookup (per_customer, &c);
      if (n == NULL)
        {
          n = g_new0 (gint64, 1);
          g_hash_table_insert (per_customer, g_memdup2 (&c, sizeof c), n);
        }
      (*n)++;
      (*receipts)++;
      *sales += bsn_stmt_column_int64 (stmt, 2);
    }
  if (!bsn_db_scan_ended (db, stmt, rc, _("Membaca laporan"), error))
    return FALSE;
  g_hash_table_iter_init (&iter, per_customer);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      (*active)++;
      if (*(gint64 *) value >= 2)
        (*repeat)++;
    }
  return TRUE;
}

static char *
ratio_text (gint64 num,
            gint64 den)
{
  gint64 bp = den > 0 ? (gint64) ((__int128) num * BSN_BP_100_PERCENT / den) : 0;
  return bsn_bp_format ((gint32) CLAMP (bp, G_MININT32, G_MAXINT32));
}

BsnReport *
bsn_report_kpi (BsnDb      *db,
                BsnTime     from,
                BsnTime     to,
                const char *store,
                GError    **error)
{
  g_autoptr(BsnReport) r = report_new ("kpi", _("KPI Loyalitas"), from, to, store);
  g_autoptr(GHashTable) scope = NULL;
  BsnTime length = to - from;
  gint64 e, repeat, receipts, sales, s, prev_repeat, prev_receipts, prev_sales, n = 0, members, issued = 0,
    redeemed = 0;
  gint64 aov, freq_milli, clv;
  BsnReportSection *kpi, *base;
  BsnStmt *stmt;
  BsnStep rc;

  if (!bsn_auth_require (db, BSN_PERM_REPORTS, error))
    return NULL;
  if ((r->fingerprint = bsn_chain_fingerprint_of (db, error)) == NULL
      || (scope = store_scope (db, store, error)) == NULL
      || !customer_counts (db, scope, from, to, &e, &repeat, &receipts, &sales, error)
      || !customer_counts (db, scope, from - length, from, &s, &prev_repeat, &prev_receipts, &prev_sales, error))
    return NULL;

  /* New customers: their first receipt ever falls in the period. */
  stmt = bsn_db_prepare (db,
                         "SELECT count(*) FROM customers WHERE first_receipt_at >= ?1 AND first_receipt_at < ?2",
                         error);
  if (stmt == NULL)
    return NULL;
  bsn_stmt_bind_int64 (stmt, 1, from);
  bsn_stmt_bind_int64 (stmt, 2, to);
  if ((rc = bsn_stmt_step (stmt)) == BSN_ROW)
    n = bsn_stmt_column_int64 (stmt, 0);
  if (!bsn_db_scan_ended (db, stmt, rc, _("Membaca laporan"), error)
      || !bsn_db_read_int (db, "SELECT count(*) FROM customers", _("Membaca laporan"), &members, error))
    return NULL;
  stmt = bsn_db_prepare (db,
                         "SELECT (SELECT coalesce(sum(value_rp), 0) FROM receipts WHERE at >= ?1 AND at < ?2), "
                         "(SELECT coalesce(sum(v.value_rp), 0) FROM redemptions d JOIN vouchers v ON v.id = d.voucher_id "
                         " WHERE d.at >= ?1 AND d.at < ?2)",
                         error);
  if (stmt == NULL)
    return NULL;
  bsn_stmt_bind_int64 (stmt, 1, from);
  bsn_stmt_bind_int64 (stmt, 2, to);
  if ((rc = bsn_stmt_step (stmt)) == BSN_ROW)
    issued = bsn_stmt_column_int64 (stmt, 0), redeemed = bsn_stmt_column_int64 (stmt, 1);
  if (!bsn_db_scan_ended (db, stmt, rc, _("Membaca laporan"), error))
    return NULL;

  aov = receipts > 0 ? sales / receipts : 0;
  freq_milli = e > 0 ? receipts * 1000 / e : 0;
  /* CLV: AOV × purchases per month × a 12-month lifespan. */
  clv = (gint64) ((__int128) aov * freq_milli * 30 * BSN_SECONDS_PER_DAY / MAX (length, 1) * 12 / 1000);

  kpi = bsn_report_add_section (r, _("KPI"), FALSE);
  bsn_section_add_column (kpi, _("Indikator"), BSN_COL_TEXT, FALSE);
  bsn_section_add_column (kpi, _("Nilai"), BSN_COL_TEXT, FALSE);
  bsn_section_add_column (kpi, _("Rumus"), BSN_COL_TEXT, FALSE);
  {
    g_autofree char *retention = ratio_text (MAX (e - n, 0), s);
    g_autofree char *churn = s > 0 ? ratio_text (s - MIN (MAX (e - n, 0), s), s) : ratio_text (0, 0);
    g_autofree char *repeat_rate = ratio_text (repeat, e);
    g_autofree char *aov_text = bsn_money_format (aov);
    g_autofree char *freq = g_strdup_printf ("%" G_GINT64_FORMAT ",%02" G_GINT64_FORMAT, freq_milli / 1000,
                                             freq_milli % 1000 / 10);
    g_autofree char *share = ratio_text (repeat, e);
    g_autofree char *clv_text = bsn_money_format (clv);
    g_autofree char *engagement = ratio_text (e, members);
    g_autofree char *redemption = ratio_text (redeemed, issued);
    const char *rows[][3] = {
      { _("Tingkat retensi pelanggan"), retention, _("(E − N) ÷ S: E pelanggan aktif periode ini, N pelanggan baru, "
                                                      "S pelanggan aktif periode sebelumnya yang sama panjang") },
      { _("Churn"), churn, _("1 − retensi") },
      { _("Tingkat pembelian ulang"), repeat_rate, _("pelanggan dengan ≥ 2 transaksi ÷ pelanggan aktif") },
      { _("Nilai rata-rata transaksi (AOV)"), aov_text, _("penjualan ÷ jumlah transaksi") },
      { _("Frekuensi pembelian"), freq, _("transaksi ÷ pelanggan aktif, dalam periode") },
      { _("Porsi pelanggan tetap"), share, _("pelanggan dengan ≥ 2 transaksi ÷ semua pelanggan aktif") },
      { _("Nilai seumur hidup pelanggan (CLV)"), clv_text, _("AOV × frekuensi per bulan × 12 bulan") },
      { _("Keterlibatan program"), engagement, _("anggota aktif ÷ seluruh anggota") },
      { _("Tingkat penukaran"), redemption, _("nilai voucher ditukar ÷ nilai poin diberikan, dalam periode") },
    };
    for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
      {
        GArray *row = bsn_section_add_row (kpi);
        bsn_row_text (row, rows[i][0]);
        bsn_row_text (row, rows[i][1]);
        bsn_row_text (row, rows[i][2]);
        bsn_report_add_note (r, rows[i][0], rows[i][2]);
      }
  }
  base = bsn_report_add_section (r, _("Data dasar"), FALSE);
  bsn_section_add_column (base, _("Ukuran"), BSN_COL_TEXT, FALSE);
  bsn_section_add_column (base, _("Angka"), BSN_COL_INT, FALSE);
  {
    const struct { const char *name; gint64 v; } rows[] = {
      { _("Pelanggan aktif periode ini (E)"), e }, { _("Pelanggan baru (N)"), n },
      { _("Pelanggan aktif periode sebelumnya (S)"), s }, { _("Pelanggan dengan ≥ 2 transaksi"), repeat },
      { _("Transaksi"), receipts }, { _("Penjualan (Rp)"), sales }, { _("Anggota"), members },
      { _("Poin diberikan (Rp)"), issued }, { _("Voucher ditukar (Rp)"), redeemed },
    };
    for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
      {
        GArray *row = bsn_section_add_row (base);
        bsn_row_text (row, rows[i].name);
        bsn_row_num (row, rows[i].v);
      }
  }
  return g_steal_pointer (&r);
}
