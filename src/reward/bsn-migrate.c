/* bsn-migrate.c — moving a whole network to another database (see bsn-migrate.h). */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "bsn-error.h"
#include "bsn-ledger.h"
#include "bsn-migrate.h"

/* Every table of the schema, parents before the tables that refer to them.
 * A table of the source that is not listed here stops the move: nothing
 * may be left behind silently when the schema grows. */
static const char *const tables[] = {
  "meta", "stores", "customers", "accounts", "tier_versions", "tier_rates", "postings", "legs",
  "quotas", "receipts", "receipt_parts", "bonus_rules", "bonus_grants", "day_plans", "stock_lines",
  "lots", "lot_events", "reserve_policies", "reserve_events", "vouchers", "voucher_funding",
  "redemptions", "users", "audit", "expiry_policies", "point_expiries", "chain",
};

/* Rows copied between two progress reports and two checks of the clock. */
#define PROGRESS_EVERY 2000

typedef void (*ProgressFunc) (guint64 done, guint64 total, gpointer user_data);

static void
migrate_table_free (gpointer data)
{
  BsnMigrateTable *t = data;

  g_free (t->table);
  g_free (t);
}

void
bsn_migrate_report_free (BsnMigrateReport *report)
{
  if (report == NULL)
    return;
  g_clear_pointer (&report->tables, g_ptr_array_unref);
  g_clear_pointer (&report->problems, g_ptr_array_unref);
  g_clear_pointer (&report->users, g_ptr_array_unref);
  g_free (report);
}

static gboolean
is_known_table (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    if (g_str_equal (tables[i], name))
      return TRUE;
  return FALSE;
}

/* The source's tables must all be known, and the source must be a file:
 * a server's network moves with the server's own tools. */
static gboolean
check_source_tables (BsnDb   *source,
                     GError **error)
{
  BsnStmt *stmt = bsn_db_prepare (source,
                                  "SELECT name FROM sqlite_schema WHERE type = 'table' "
                                  "AND name NOT LIKE 'sqlite_%' ORDER BY name",
                                  error);
  BsnStep rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = bsn_stmt_step (stmt)) == BSN_ROW)
    if (!is_known_table (bsn_stmt_column_text (stmt, 0)))
      {
        g_set_error (error, BSN_ERROR, BSN_ERROR_SCHEMA,
                     _("Tabel “%s” tidak dikenal oleh pemindahan ini; tidak ada yang dipindahkan"),
                     bsn_stmt_column_text (stmt, 0));
        bsn_stmt_reset (stmt);
        return FALSE;
      }
  bsn_stmt_reset (stmt);
  if (rc == BSN_STEP_FAILED)
    {
      bsn_db_set_error (source, error, _("Membaca sumber"));
      return FALSE;
    }
  return TRUE;
}

/* The columns of @table in the source, in order. (transfer full) */
static GPtrArray *
table_columns (BsnDb      *source,
               const char *table,
               GError    **error)
{
  BsnStmt *stmt = bsn_db_prepare (source, "SELECT name FROM pragma_table_info (?1) ORDER BY cid", error);
  GPtrArray *columns;
  BsnStep rc;

  if (stmt == NULL)
    return NULL;
  columns = g_ptr_array_new_with_free_func (g_free);
  bsn_stmt_bind_text (stmt, 1, table);
  while ((rc = bsn_stmt_step (stmt)) == BSN_ROW)
    g_ptr_array_add (columns, g_strdup (bsn_stmt_column_text (stmt, 0)));
  /* Columns missing would move the table without them. */
  if (!bsn_db_scan_ended (source, stmt, rc, _("Membaca skema basis data"), error))
    {
      g_ptr_array_unref (columns);
      return NULL;
    }
  if (columns->len == 0)
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_SCHEMA, _("Tabel “%s” tidak ada di sumber"), table);
      g_ptr_array_unref (columns);
      return NULL;
    }
  return columns;
}

/* The source's rows of @table in id order. The text is built from the
 * schema's own table and column names (never from data); @keep holds it as
 * long as the connection lives. When the target's server moves balances
 * itself (bsn_db_server_moves_balances), accounts arrive at zero and their
 * legs, copied after them, bring the balances (compare() then checks them
 * against the source's). */
static BsnStmt *
read_statement (BsnDb      *source,
                BsnDb      *target,
                const char *table,
                GPtrArray  *columns,
                GPtrArray  *keep,
                GError    **error)
{
  g_autoptr(GString) names = g_string_new (NULL);
  gboolean zero = g_str_equal (table, "accounts") && bsn_db_server_moves_balances (target);
  char *sql;

  for (guint i = 0; i < columns->len; i++)
    {
      const char *column = columns->pdata[i];

      if (zero && (g_str_equal (column, "balance_rp") || g_str_equal (column, "status_rp")))
        g_string_append_printf (names, "%s0", i > 0 ? ", " : "");
      else
        g_string_append_printf (names, "%s\"%s\"", i > 0 ? ", " : "", column);
    }
  sql = g_strdup_printf ("SELECT %s FROM \"%s\" ORDER BY 1", names->str, table);
  g_ptr_array_add (keep, sql);
  return bsn_db_prepare (source, sql, error);
}

static gint64
count_rows (BsnDb      *db,
            const char *table,
            GPtrArray  *keep)
{
  char *sql = g_strdup_printf ("SELECT count (*) FROM \"%s\"", table);

  g_ptr_array_add (keep, sql);
  return bsn_db_query_int (db, sql, -1);
}

static gboolean
copy_table (BsnDb        *source,
            BsnDb        *target,
            const char   *table,
            GPtrArray    *keep,
            guint64      *done,
            guint64       total,
            ProgressFunc  progress,
            gpointer      user_data,
            GError      **error)
{
  g_autoptr(GPtrArray) columns = table_columns (source, table, error);
  BsnStmt *read = columns != NULL ? read_statement (source, target, table, columns, keep, error) : NULL;
  BsnCopy *copy = read != NULL ? bsn_db_copy_begin (target, table, columns, error) : NULL;
  gboolean ok = copy != NULL;
  BsnStep rc = BSN_DONE;

  while (ok && (rc = bsn_stmt_step (read)) == BSN_ROW)
    {
      ok = bsn_copy_add_row (copy, read, error);
      if (++*done % PROGRESS_EVERY == 0 && progress != NULL)
        progress (*done, total, user_data);
    }
  if (read != NULL)
    bsn_stmt_reset (read);
  if (ok && rc == BSN_STEP_FAILED)
    {
      bsn_db_set_error (source, error, _("Membaca sumber"));
      ok = FALSE;
    }
  if (copy != NULL && !bsn_copy_end (copy, ok ? error : NULL))
    ok = FALSE;
  if (!ok)
    g_prefix_error (error, _("Tabel %s: "), table);
  return ok;
}

static gboolean
copy_all (BsnDb        *source,
          BsnDb        *target,
          GPtrArray    *keep,
          ProgressFunc  progress,
          gpointer      user_data,
          GError      **error)
{
  guint64 total = 0, done = 0;

  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      /* Counted once (MAX () would read it twice, and a second read that
       * failed would add -1). */
      gint64 rows = count_rows (source, tables[i], keep);

      total += (guint64) MAX (rows, 0);
    }
  if (!bsn_db_begin_batch (target, error))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    if (!copy_table (source, target, tables[i], keep, &done, total, progress, user_data, error))
      {
        bsn_db_rollback (target);
        return FALSE;
      }
  if (!bsn_db_reset_identities (target, error))
    {
      bsn_db_rollback (target);
      return FALSE;
    }
  if (progress != NULL)
    progress (done, total, user_data);
  return bsn_db_commit (target, error);
}

/* Every account's balance and status, in id order, as one text to
 * compare; NULL when they cannot be read. */
static char *
accounts_digest (BsnDb  *db,
                 gint64 *out_accounts)
{
  BsnStmt *stmt = bsn_db_prepare (db, "SELECT id, balance_rp, status_rp FROM accounts ORDER BY id", NULL);
  g_autoptr(GString) digest = g_string_new (NULL);
  BsnStep rc;

  *out_accounts = 0;
  if (stmt == NULL)
    return NULL;
  while ((rc = bsn_stmt_step (stmt)) == BSN_ROW)
    {
      g_string_append_printf (digest, "%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT "\n",
                              bsn_stmt_column_int64 (stmt, 0), bsn_stmt_column_int64 (stmt, 1),
                              bsn_stmt_column_int64 (stmt, 2));
      ++*out_accounts;
    }
  if (!bsn_db_scan_ended (db, stmt, rc, _("Membaca saldo"), NULL))
    return NULL;
  return g_string_free (g_steal_pointer (&digest), FALSE);
}

static GPtrArray *
moved_users (BsnDb *target)
{
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  BsnStmt *stmt = bsn_db_prepare (target, "SELECT name FROM users ORDER BY name", NULL);

  while (stmt != NULL && bsn_stmt_step (stmt) == BSN_ROW)
    g_ptr_array_add (names, g_strdup (bsn_stmt_column_text (stmt, 0)));
  if (stmt != NULL)
    bsn_stmt_reset (stmt);
  return names;
}

/* Tables of fewer rows are left to the server's own defaults: statistics
 * of an empty or near-empty table make its plans assume it stays so, and
 * a network moved before its first import then imports 100k receipts in
 * 91 s instead of 21 s. */
#define ANALYZE_MIN_ROWS 1000

/* The server's statistics and visibility map of the large tables just
 * filled: without them every scan checks each row's visibility (verify at
 * 100k right after a move: 405 ms before, 225 ms after). A failure costs
 * speed only, so it is not one of the move's. */
static void
analyze (BsnDb     *target,
         GPtrArray *keep)
{
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    if (count_rows (target, tables[i], keep) >= ANALYZE_MIN_ROWS)
      g_string_append_printf (sql, "%s%s", sql->len > 0 ? ", " : "VACUUM (ANALYZE) ", tables[i]);
  if (sql->len > 0 && !bsn_db_exec (target, sql->str, &error))
    g_debug ("VACUUM after the move: %s", error->message);
}

static gboolean
verified (BsnDb *db)
{
  g_autoptr(BsnVerifyReport) report = bsn_ledger_verify (db, NULL);

  return report != NULL && report->ok;
}

static void
compare (BsnDb            *source,
         BsnDb            *target,
         GPtrArray        *keep,
         BsnMigrateReport *report)
{
  g_autofree char *a = NULL, *b = NULL;
  gint64 n_a, n_b;

  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      BsnMigrateTable *t = g_new0 (BsnMigrateTable, 1);

      t->table = g_strdup (tables[i]);
      t->source_rows = count_rows (source, tables[i], keep);
      t->target_rows = count_rows (target, tables[i], keep);
      /* A count that failed (-1) on both sides is no match. */
      if (t->source_rows < 0 || t->target_rows < 0)
        g_ptr_array_add (report->problems, g_strdup_printf (_("tabel %s tidak dapat dihitung"), t->table));
      else if (t->source_rows != t->target_rows)
        g_ptr_array_add (report->problems,
                         g_strdup_printf (_("tabel %s: %" G_GINT64_FORMAT " baris di sumber, %" G_GINT64_FORMAT
                                            " di tujuan"), t->table, t->source_rows, t->target_rows));
      g_ptr_array_add (report->tables, t);
    }
  a = accounts_digest (source, &n_a);
  b = accounts_digest (target, &n_b);
  if (a == NULL || b == NULL)
    g_ptr_array_add (report->problems, g_strdup (_("saldo akun tidak dapat dibaca")));
  else if (g_strcmp0 (a, b) != 0)
    {
      g_auto(GStrv) la = g_strsplit (a, "\n", -1);
      g_auto(GStrv) lb = g_strsplit (b, "\n", -1);
      /* Each line ends with a newline: the last piece is empty, no account. */
      guint na = g_strv_length (la) - 1, nb = g_strv_length (lb) - 1;

      /* An account on one side only differs once. */
      for (guint i = 0; i < MAX (na, nb); i++)
        if (i >= na || i >= nb || !g_str_equal (la[i], lb[i]))
          report->accounts_differ++;
      g_ptr_array_add (report->problems,
                       g_strdup_printf (_("saldo %" G_GINT64_FORMAT " akun berbeda"), report->accounts_differ));
    }
  report->source_verified = verified (source);
  report->target_verified = verified (target);
  if (!report->source_verified)
    g_ptr_array_add (report->problems, g_strdup (_("verify gagal pada sumber")));
  if (!report->target_verified)
    g_ptr_array_add (report->problems, g_strdup (_("verify gagal pada tujuan")));
  report->ok = report->problems->len == 0;
}

BsnMigrateReport *
bsn_migrate_copy (const char   *from,
                  const char   *to,
                  ProgressFunc  progress,
                  gpointer      user_data,
                  GError      **error)
{
  /* Declared first, freed last: the statements' texts outlive both
   * connections' caches. */
  g_autoptr(GPtrArray) keep = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(BsnDb) source = NULL;
  g_autoptr(BsnDb) target = NULL;
  g_autoptr(BsnMigrateReport) report = NULL;

  if (bsn_db_location_is_server (from))
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID,
                   _("Sumber pemindahan harus berkas SQLite, bukan alamat server"));
      return NULL;
    }
  if (!bsn_db_location_is_server (to))
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID,
                   _("Tujuan pemindahan harus alamat PostgreSQL (postgresql://…), bukan berkas"));
      return NULL;
    }
  if ((source = bsn_db_open (from, BSN_DB_OPEN_DEFAULT, error)) == NULL
      || !check_source_tables (source, error))
    return NULL;
  if ((target = bsn_db_open (to, BSN_DB_OPEN_CREATE | BSN_DB_OPEN_EMPTY, error)) == NULL)
    return NULL;
  if (!copy_all (source, target, keep, progress, user_data, error))
    return NULL;
  analyze (target, keep);

  report = g_new0 (BsnMigrateReport, 1);
  report->tables = g_ptr_array_new_with_free_func (migrate_table_free);
  report->problems = g_ptr_array_new_with_free_func (g_free);
  compare (source, target, keep, report);
  report->users = moved_users (target);
  return g_steal_pointer (&report);
}
