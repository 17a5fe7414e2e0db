/* bsn-db.c — connections, statement cache, transactions, migrations; the
 * SQLite engine, and the dispatch to the PostgreSQL engine (bsn-db-pg.c). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>
#include <unistd.h>

#include "bsn-db-pg.h"
#include "bsn-db-schema-pg.h"
#include "bsn-db-schema.h"
#include "bsn-db.h"
#include "bsn-db-chain.h"
#include "bsn-error.h"

struct _BsnStmt
{
  sqlite3_stmt *lite;          /* the SQLite engine's statement, or NULL */
  BsnPgStmt    *pg;            /* the PostgreSQL engine's, or NULL */
  BsnDb        *db;            /* its connection (SQLite: see note_lost) */
};

struct _BsnDb
{
  gatomicrefcount ref;
  sqlite3        *sqlite;      /* the SQLite engine, or NULL */
  BsnPg          *pg;          /* the PostgreSQL engine, or NULL */
  char           *path;
  GHashTable     *stmts;       /* SQL text → CachedStmt */
  GHashTable     *stmts_by_address; /* the caller's SQL pointer → CachedStmt */
  guint           depth;       /* transaction nesting level */
  gboolean        readonly;
  gboolean        created;     /* this connection created the schema */
  gboolean        bare;        /* a copy's target: the schema without its seed rows */
  /* Batch mode (bsn_db_begin_batch): inner levels are not savepoints; an
   * inner rollback after writes poisons the batch, whose commit then
   * fails and undoes everything. */
  gboolean        batch;
  gboolean        poisoned;
  /* SQLite rolled the transaction back by itself (a disk full, an I/O or
   * memory error in a statement): what the caller runs until it commits
   * or rolls back goes into a transaction of its own, never committed,
   * not one statement at a time into the file (see note_lost). */
  gboolean        lost;
  gboolean        pipeline;    /* PostgreSQL: a batch's writes are sent ahead */
  GHashTable     *batch_caches;/* name → (gint64 → value), bsn_db_batch_cache */
  GArray         *deferred;    /* Deferred: counted runs, bsn_db_batch_defer */
  GArray         *marks;       /* total_changes at each inner begin */
  /* The schema has the hash chain (bsn-db-chain.h): the outermost commit
   * of a transaction that wrote seals what it wrote. */
  gboolean        chained;
  /* A book left below version 17 (bsn_db_open_at_version) seals its
   * hashes in hex, as its release did; later ones in base64. */
  gboolean        chain_hex;
  /* The server schema's version, asked once per connection (-1: not
   * yet; a migration on this connection asks again). */
  int             pg_version;
  gint64          begin_changes; /* total_changes when the outermost level began */
  char           *actor;       /* the signed-in user (bsn-auth.h), or NULL */
  int             actor_role;
  GHashTable     *profile;     /* SQL text → SqlProfile, with BSN_SQL_PROFILE */
  GPtrArray      *keep;        /* statement texts built at run time, freed last */
};

/* BSN_SQL_PROFILE=1 in the environment: every statement's runs and time
 * are summed and printed to stderr, slowest first, when the connection
 * closes. A developer's tool for finding where an import spends its time. */
typedef struct
{
  guint64 runs;
  guint64 ns;
} SqlProfile;

static int
profile_trace (unsigned  type,
               void     *user_data,
               void     *p,
               void     *x)
{
  BsnDb *db = user_data;
  const char *sql = sqlite3_sql (p);
  SqlProfile *entry;

  if (type != SQLITE_TRACE_PROFILE || sql == NULL)
    return 0;
  entry = g_hash_table_lookup (db->profile, sql);
  if (entry == NULL)
    {
      entry = g_new0 (SqlProfile, 1);
      g_hash_table_insert (db->profile, g_strdup (sql), entry);
    }
  entry->runs++;
  entry->ns += *(sqlite3_int64 *) x;
  return 0;
}

static int
compare_profile (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  GHashTable *profile = user_data;
  const SqlProfile *pa = g_hash_table_lookup (profile, *(const char * const *) a);
  const SqlProfile *pb = g_hash_table_lookup (profile, *(const char * const *) b);

  return pa->ns < pb->ns ? 1 : pa->ns > pb->ns ? -1 : 0;
}

static void
print_profile (GHashTable *profile)
{
  g_autoptr(GPtrArray) keys = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key;
  guint64 total = 0;

  g_hash_table_iter_init (&iter, profile);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (keys, key);

  g_ptr_array_sort_with_data (keys, compare_profile, profile);
  for (guint i = 0; i < keys->len; i++)
    total += ((SqlProfile *) g_hash_table_lookup (profile, keys->pdata[i]))->ns;
  g_printerr ("bsn-sql-profile: %.1f ms in %u statements\n", total / 1e6, keys->len);
  for (guint i = 0; i < keys->len && i < 40; i++)
    {
      const SqlProfile *entry = g_hash_table_lookup (profile, keys->pdata[i]);
      g_autofree char *one_line = g_strdup (keys->pdata[i]);

      g_strdelimit (one_line, "\n", ' ');
      g_printerr ("%9.1f ms %8" G_GUINT64_FORMAT " runs %7.2f us  %s\n", entry->ns / 1e6, entry->runs,
                  entry->runs > 0 ? entry->ns / 1e3 / entry->runs : 0.0, g_strchug (one_line));
    }
}

/* Addresses remembered for bsn_db_prepare before the map starts over. */
#define MAX_STMT_ADDRESSES 4096

/* The SQLite VFS new connections use: NULL for the default; the fault
 * injection tests set their failing VFS here. */
static const char *test_vfs;

void
bsn_db_set_vfs_for_testing (const char *vfs)
{
  test_vfs = vfs;
}

/* How often BEGIN IMMEDIATE is retried past the busy timeout before the
 * error reaches the user: two processes awarding at once should wait for
 * each other, not fail. */
#define BUSY_TIMEOUT_MS 5000
#define BEGIN_RETRIES   6

int
bsn_db_schema_version (void)
{
  guint n;
  const BsnMigration *m = bsn_db_schema_migrations (&n);

  return m[n - 1].version;
}

/* A prepared statement and its SQL text, which is the key in db->stmts. */
typedef struct
{
  char    *sql;
  BsnStmt  stmt;
} CachedStmt;

static void
cached_stmt_free (gpointer data)
{
  CachedStmt *cached = data;

  if (cached->stmt.lite != NULL)
    sqlite3_finalize (cached->stmt.lite);
  if (cached->stmt.pg != NULL)
    bsn_pg_stmt_free (cached->stmt.pg);
  g_free (cached->sql);
  g_free (cached);
}

/* ---- Statements ---- */

void
bsn_stmt_bind_int64 (BsnStmt *stmt,
                     int      index,
                     gint64   value)
{
  if (G_LIKELY (stmt->lite != NULL))
    sqlite3_bind_int64 (stmt->lite, index, value);
  else
    bsn_pg_stmt_bind_int64 (stmt->pg, index, value);
}

void
bsn_stmt_bind_int (BsnStmt *stmt,
                   int      index,
                   int      value)
{
  if (G_LIKELY (stmt->lite != NULL))
    sqlite3_bind_int (stmt->lite, index, value);
  else
    bsn_pg_stmt_bind_int64 (stmt->pg, index, value);
}

void
bsn_stmt_bind_text (BsnStmt    *stmt,
                    int         index,
                    const char *text)
{
  if (G_LIKELY (stmt->lite != NULL))
    sqlite3_bind_text (stmt->lite, index, text, -1, SQLITE_STATIC);
  else
    bsn_pg_stmt_bind_text (stmt->pg, index, text);
}

void
bsn_stmt_bind_text_copy (BsnStmt    *stmt,
                         int         index,
                         const char *text)
{
  if (G_LIKELY (stmt->lite != NULL))
    sqlite3_bind_text (stmt->lite, index, text, -1, SQLITE_TRANSIENT);
  else
    bsn_pg_stmt_bind_text (stmt->pg, index, text);
}

void
bsn_stmt_bind_null (BsnStmt *stmt,
                    int      index)
{
  if (G_LIKELY (stmt->lite != NULL))
    sqlite3_bind_null (stmt->lite, index);
  else
    bsn_pg_stmt_bind_text (stmt->pg, index, NULL);
}

int
bsn_stmt_param_count (BsnStmt *stmt)
{
  if (G_LIKELY (stmt->lite != NULL))
    return sqlite3_bind_parameter_count (stmt->lite);
  return bsn_pg_stmt_param_count (stmt->pg);
}

/* After a failed step: when SQLite rolled back the transaction the caller
 * still holds, a new one takes its place, so the statements the caller
 * may yet run before it sees the error are not each committed as they
 * go; its commit then fails, its rollback undoes them. */
static void
note_lost (BsnDb *db)
{
  if (db->depth == 0 || db->lost || !sqlite3_get_autocommit (db->sqlite))
    return;
  db->lost = TRUE;
  sqlite3_exec (db->sqlite, "BEGIN", NULL, NULL, NULL);
}

BsnStep
bsn_stmt_step (BsnStmt *stmt)
{
  if (G_LIKELY (stmt->lite != NULL))
    {
      int rc = sqlite3_step (stmt->lite);

      if (G_LIKELY (rc == SQLITE_ROW))
        return BSN_ROW;
      if (G_LIKELY (rc == SQLITE_DONE))
        return BSN_DONE;
      note_lost (stmt->db);
      return BSN_STEP_FAILED;
    }
  return bsn_pg_stmt_step (stmt->pg);
}

gint64
bsn_stmt_column_int64 (BsnStmt *stmt,
                       int      column)
{
  if (G_LIKELY (stmt->lite != NULL))
    return sqlite3_column_int64 (stmt->lite, column);
  return bsn_pg_stmt_column_int64 (stmt->pg, column);
}

int
bsn_stmt_column_int (BsnStmt *stmt,
                     int      column)
{
  if (G_LIKELY (stmt->lite != NULL))
    return sqlite3_column_int (stmt->lite, column);
  return (int) bsn_pg_stmt_column_int64 (stmt->pg, column);
}

const char *
bsn_stmt_column_text (BsnStmt *stmt,
                      int      column)
{
  if (G_LIKELY (stmt->lite != NULL))
    return (const char *) sqlite3_column_text (stmt->lite, column);
  return bsn_pg_stmt_column_text (stmt->pg, column);
}

gboolean
bsn_stmt_column_is_null (BsnStmt *stmt,
                         int      column)
{
  if (G_LIKELY (stmt->lite != NULL))
    return sqlite3_column_type (stmt->lite, column) == SQLITE_NULL;
  return bsn_pg_stmt_column_is_null (stmt->pg, column);
}

void
bsn_stmt_read_row (BsnStmt     *stmt,
                   const char  *types,
                   gint64      *ints,
                   const char **texts,
                   gsize       *lens,
                   gboolean    *nulls)
{
  for (int c = 0; types[c] != '\0'; c++)
    {
      if (G_LIKELY (stmt->lite != NULL))
        {
          /* The value is the statement's own (unprotected): read here,
           * on the connection's one thread, before the next step. */
          sqlite3_value *value = sqlite3_column_value (stmt->lite, c);

          nulls[c] = sqlite3_value_type (value) == SQLITE_NULL;
          if (nulls[c])
            continue;
          if (types[c] == 'i')
            ints[c] = sqlite3_value_int64 (value);
          else
            {
              /* Up to the first NUL, as everywhere a text is read. */
              texts[c] = (const char *) sqlite3_value_text (value);
              if (texts[c] == NULL)
                texts[c] = "";
              lens[c] = strlen (texts[c]);
            }
          continue;
        }
      nulls[c] = bsn_pg_stmt_column_is_null (stmt->pg, c);
      if (nulls[c])
        continue;
      if (types[c] == 'i')
        ints[c] = bsn_pg_stmt_column_int64 (stmt->pg, c);
      else
        {
          texts[c] = bsn_pg_stmt_column_text (stmt->pg, c);
          lens[c] = strlen (texts[c]);
        }
    }
}

BsnValueType
bsn_stmt_column_type (BsnStmt *stmt,
                      int      column)
{
  if (G_LIKELY (stmt->lite != NULL))
    switch (sqlite3_column_type (stmt->lite, column))
      {
      case SQLITE_NULL:
        return BSN_VALUE_NULL;
      case SQLITE_INTEGER:
        return BSN_VALUE_INTEGER;
      default:
        return BSN_VALUE_TEXT;
      }
  return bsn_pg_stmt_column_type (stmt->pg, column);
}

int
bsn_stmt_column_count (BsnStmt *stmt)
{
  if (G_LIKELY (stmt->lite != NULL))
    return sqlite3_column_count (stmt->lite);
  return bsn_pg_stmt_column_count (stmt->pg);
}

void
bsn_stmt_reset (BsnStmt *stmt)
{
  if (G_LIKELY (stmt->lite != NULL))
    sqlite3_reset (stmt->lite);
  else
    bsn_pg_stmt_reset (stmt->pg);
}

gint64
bsn_db_last_insert_id (BsnDb *db)
{
  if (db->sqlite != NULL)
    return sqlite3_last_insert_rowid (db->sqlite);
  return bsn_pg_last_insert_id (db->pg);
}

gint64
bsn_db_changes (BsnDb *db)
{
  if (db->sqlite != NULL)
    return sqlite3_changes64 (db->sqlite);
  return bsn_pg_changes (db->pg);
}

void
bsn_db_set_error (BsnDb      *db,
                  GError    **error,
                  const char *what)
{
  if (db->pg != NULL)
    bsn_pg_set_error (db->pg, error, what);
  else
    bsn_error_set_sqlite (error, db->sqlite, what);
}

gboolean
bsn_db_scan_ended (BsnDb      *db,
                   BsnStmt    *stmt,
                   BsnStep     rc,
                   const char *what,
                   GError    **error)
{
  if (rc == BSN_DONE || rc == BSN_ROW)
    {
      bsn_stmt_reset (stmt);
      return TRUE;
    }
  /* The error is read before the reset clears it. */
  bsn_db_set_error (db, error, what);
  bsn_stmt_reset (stmt);
  return FALSE;
}

static gboolean
exec_sql (BsnDb      *db,
          const char *sql,
          const char *what,
          GError    **error)
{
  if (db->pg != NULL)
    return bsn_pg_exec (db->pg, sql, what, error);
  if (sqlite3_exec (db->sqlite, sql, NULL, NULL, NULL) != SQLITE_OK)
    {
      bsn_error_set_sqlite (error, db->sqlite, what);
      return FALSE;
    }
  return TRUE;
}

gboolean
bsn_db_exec (BsnDb      *db,
             const char *sql,
             GError    **error)
{
  return exec_sql (db, sql, _("Perintah basis data"), error);
}

/* The first column of @sql's first row into *@out: BSN_ROW when there is
 * one and it is not NULL, BSN_DONE when not, BSN_STEP_FAILED with @error
 * set (@what naming the work) when the read fails. */
static BsnStep
first_int (BsnDb      *db,
           const char *sql,
           const char *what,
           gint64     *out,
           GError    **error)
{
  BsnStmt *stmt = bsn_db_prepare (db, sql, error);
  BsnStep rc;

  if (stmt == NULL)
    return BSN_STEP_FAILED;
  rc = bsn_stmt_step (stmt);
  if (rc == BSN_ROW && bsn_stmt_column_is_null (stmt, 0))
    rc = BSN_DONE;
  else if (rc == BSN_ROW)
    *out = bsn_stmt_column_int64 (stmt, 0);
  else if (rc == BSN_STEP_FAILED && error != NULL)
    bsn_db_set_error (db, error, what);
  bsn_stmt_reset (stmt);
  return rc;
}

gint64
bsn_db_query_int (BsnDb      *db,
                  const char *sql,
                  gint64      fallback)
{
  gint64 v = fallback;

  return first_int (db, sql, NULL, &v, NULL) == BSN_ROW ? v : fallback;
}

gboolean
bsn_db_read_int (BsnDb      *db,
                 const char *sql,
                 const char *what,
                 gint64     *out,
                 GError    **error)
{
  *out = 0;
  return first_int (db, sql, what, out, error) != BSN_STEP_FAILED;
}

BsnStmt *
bsn_db_prepare (BsnDb      *db,
                const char *sql,
                GError    **error)
{
  /* Callers pass string literals, so the address finds the statement
   * without hashing the whole text (that hashing was 7 % of an import);
   * the text is still compared, since an address can be reused. */
  CachedStmt *cached = g_hash_table_lookup (db->stmts_by_address, sql);
  sqlite3_stmt *stmt;

  if (cached == NULL || strcmp (cached->sql, sql) != 0)
    {
      cached = g_hash_table_lookup (db->stmts, sql);
      if (cached != NULL)
        {
          if (g_hash_table_size (db->stmts_by_address) > MAX_STMT_ADDRESSES)
            g_hash_table_remove_all (db->stmts_by_address);
          g_hash_table_insert (db->stmts_by_address, (gpointer) sql, cached);
        }
    }
  if (cached != NULL)
    {
      if (G_LIKELY (cached->stmt.lite != NULL))
        {
          sqlite3_reset (cached->stmt.lite);
          sqlite3_clear_bindings (cached->stmt.lite);
        }
      else
        bsn_pg_stmt_clear (cached->stmt.pg);
      return &cached->stmt;
    }

  cached = g_new0 (CachedStmt, 1);
  if (db->pg != NULL)
    {
      if ((cached->stmt.pg = bsn_pg_stmt_new (db->pg, sql, error)) == NULL)
        {
          g_free (cached);
          return NULL;
        }
    }
  else if (sqlite3_prepare_v3 (db->sqlite, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
    {
      bsn_error_set_sqlite (error, db->sqlite, _("Menyiapkan perintah basis data"));
      g_warning ("prepare failed: %s — %s", sqlite3_errmsg (db->sqlite), sql);
      g_free (cached);
      return NULL;
    }
  else
    {
      cached->stmt.lite = stmt;
      cached->stmt.db = db;
    }
  cached->sql = g_strdup (sql);
  g_hash_table_insert (db->stmts, cached->sql, cached);
  if (g_hash_table_size (db->stmts_by_address) > MAX_STMT_ADDRESSES)
    g_hash_table_remove_all (db->stmts_by_address);
  g_hash_table_insert (db->stmts_by_address, (gpointer) sql, cached);
  return &cached->stmt;
}

BsnStmt *
bsn_db_prepare_scan (BsnDb      *db,
                     const char *sql,
                     GError    **error)
{
  BsnStmt *stmt = bsn_db_prepare (db, sql, error);

  if (stmt != NULL && stmt->pg != NULL)
    bsn_pg_stmt_set_scan (stmt->pg);
  return stmt;
}

gboolean
bsn_db_step_done (BsnDb      *db,
                  BsnStmt    *stmt,
                  const char *what,
                  GError    **error)
{
  BsnStep rc;

  /* A batch's writes on PostgreSQL go in the pipeline: no round trip. */
  if (db->pg != NULL && db->batch && db->pipeline)
    switch (bsn_pg_stmt_send (stmt->pg))
      {
      case 1:
        return TRUE;
      case 0:
        bsn_db_set_error (db, error, what);
        return FALSE;
      default:
        break;
      }
  rc = bsn_stmt_step (stmt);
  bsn_stmt_reset (stmt);
  if (rc == BSN_STEP_FAILED)
    {
      bsn_db_set_error (db, error, what);
      return FALSE;
    }
  return TRUE;
}

/* The engine's count of rows changed since the connection opened. */
static gint64
total_changes (BsnDb *db)
{
  if (db->pg != NULL)
    return bsn_pg_total_changes (db->pg);
  return sqlite3_total_changes64 (db->sqlite);
}

/* Opens the outermost level. SQLite's BEGIN IMMEDIATE takes the write lock
 * at once; on PostgreSQL the engine takes a transaction-scoped lock that
 * every writer takes, so decisions that depend on what was read (caps,
 * budgets, single redemption) see no concurrent writer either. */
static gboolean
begin_outer (BsnDb    *db,
             gboolean  immediate,
             GError  **error)
{
  const char *sql = immediate && !db->readonly ? "BEGIN IMMEDIATE" : "BEGIN";
  int rc = SQLITE_BUSY;

  if (db->pg != NULL)
    return bsn_pg_begin (db->pg, immediate && !db->readonly, error);
  for (int attempt = 0; attempt < BEGIN_RETRIES && (rc & 0xff) == SQLITE_BUSY; attempt++)
    rc = sqlite3_exec (db->sqlite, sql, NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      bsn_error_set_sqlite (error, db->sqlite, _("Memulai transaksi"));
      return FALSE;
    }
  return TRUE;
}

/* A snapshot's name as the server gives it (hex digits and dashes): it
 * is written into SET TRANSACTION SNAPSHOT, which takes no parameter. */
static gboolean
snapshot_name_valid (const char *name)
{
  if (name == NULL || *name == '\0' || strlen (name) > 64)
    return FALSE;
  for (const char *p = name; *p != '\0'; p++)
    if (!g_ascii_isxdigit (*p) && *p != '-')
      return FALSE;
  return TRUE;
}

gboolean
bsn_db_begin_read (BsnDb      *db,
                   const char *snapshot,
                   GError    **error)
{
  g_autofree char *set = NULL;

  if (db->pg == NULL || db->depth > 0)
    return bsn_db_begin (db, FALSE, error);
  if (snapshot != NULL && !snapshot_name_valid (snapshot))
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID, _("Nama snapshot basis data tidak sah"));
      return FALSE;
    }
  if (!bsn_db_begin (db, FALSE, error))
    return FALSE;
  /* Before the transaction's first query, as the server requires. */
  set = snapshot != NULL
          ? g_strdup_printf ("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY; "
                             "SET TRANSACTION SNAPSHOT '%s'", snapshot)
          : g_strdup ("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
  if (!exec_sql (db, set, _("Memulai transaksi baca"), error))
    {
      bsn_db_rollback (db);
      return FALSE;
    }
  bsn_pg_note_read (db->pg, TRUE);
  return TRUE;
}

char *
bsn_db_export_snapshot (BsnDb *db)
{
  BsnStmt *stmt;
  char *name = NULL;

  if (db->pg == NULL || db->depth == 0)
    return NULL;
  stmt = bsn_db_prepare (db, "SELECT pg_export_snapshot ()", NULL);
  if (stmt == NULL)
    return NULL;
  if (bsn_stmt_step (stmt) == BSN_ROW)
    name = g_strdup (bsn_stmt_column_text (stmt, 0));
  bsn_stmt_reset (stmt);
  if (!snapshot_name_valid (name))
    g_clear_pointer (&name, g_free);
  return name;
}

gboolean
bsn_db_begin (BsnDb    *db,
              gboolean  immediate,
              GError  **error)
{
  if (db->depth == 0)
    {
      if (!begin_outer (db, immediate, error))
        return FALSE;
      db->begin_changes = total_changes (db);
    }
  else if (db->batch)
    {
      gint64 mark = db->pg != NULL ? (gint64) bsn_pg_write_mark (db->pg) : total_changes (db);
      g_array_append_val (db->marks, mark);
    }
  else
    {
      char sql[32];
      /* A scan's cursor opened inside a savepoint would end when the
       * savepoint is rolled back to: from here on this transaction reads
       * its scans whole. */
      if (db->pg != NULL)
        bsn_pg_note_read (db->pg, FALSE);
      g_snprintf (sql, sizeof sql, "SAVEPOINT s%u", db->depth);
      if (!exec_sql (db, sql, _("Memulai transaksi"), error))
        return FALSE;
    }
  db->depth++;
  return TRUE;
}

/* A counter's statement a batch runs at its commit (bsn_db_batch_defer). */
typedef struct
{
  const char *sql_times;
  gint64      id;
  gint64      times;
} Deferred;

static void
drop_batch_caches (BsnDb *db)
{
  if (db->batch_caches != NULL)
    g_hash_table_remove_all (db->batch_caches);
  if (db->deferred != NULL)
    g_array_set_size (db->deferred, 0);
}

/* A batch on PostgreSQL that sends its writes ahead: what it reads can
 * be kept (bsn_db_batch_cache) and its counters' runs counted
 * (bsn_db_batch_defer). */
static gboolean
batch_keeps_reads (BsnDb *db)
{
  return db->pg != NULL && db->batch && db->pipeline && db->depth > 0;
}

gboolean
bsn_db_batch_defer (BsnDb      *db,
                    const char *sql_times,
                    gint64      id)
{
  Deferred d = { sql_times, id, 1 };

  if (!batch_keeps_reads (db))
    return FALSE;
  if (db->deferred == NULL)
    db->deferred = g_array_new (FALSE, FALSE, sizeof (Deferred));
  bsn_pg_note_write (db->pg);
  for (guint i = 0; i < db->deferred->len; i++)
    {
      Deferred *known = &g_array_index (db->deferred, Deferred, i);

      if (known->sql_times == sql_times && known->id == id)
        {
          known->times++;
          return TRUE;
        }
    }
  g_array_append_val (db->deferred, d);
  return TRUE;
}

/* Runs what the batch counted (bsn_db_batch_defer), before its commit. */
static gboolean
run_deferred (BsnDb   *db,
              GError **error)
{
  g_autoptr(GArray) runs = g_steal_pointer (&db->deferred);

  for (guint i = 0; runs != NULL && i < runs->len; i++)
    {
      const Deferred *d = &g_array_index (runs, Deferred, i);
      BsnStmt *stmt = bsn_db_prepare (db, d->sql_times, error);
      BsnStep rc;

      if (stmt == NULL)
        return FALSE;
      bsn_stmt_bind_int64 (stmt, 1, d->id);
      bsn_stmt_bind_int64 (stmt, 2, d->times);
      while ((rc = bsn_stmt_step (stmt)) == BSN_ROW)
        ;
      bsn_stmt_reset (stmt);
      if (rc != BSN_DONE)
        {
          bsn_db_set_error (db, error, _("Menyimpan penghitung"));
          return FALSE;
        }
    }
  return TRUE;
}

GHashTable *
bsn_db_batch_cache (BsnDb      *db,
                    const char *name)
{
  GHashTable *table;

  if (!batch_keeps_reads (db))
    return NULL;
  if (db->batch_caches == NULL)
    db->batch_caches = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                              (GDestroyNotify) g_hash_table_unref);
  table = g_hash_table_lookup (db->batch_caches, name);
  if (table == NULL)
    {
      table = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
      g_hash_table_insert (db->batch_caches, g_strdup (name), table);
    }
  return table;
}

char *
bsn_db_id_array (const gint64 *ids,
                 guint         n,
                 GHashTable   *known)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GString) array = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    {
      if (ids[i] <= 0 || (known != NULL && g_hash_table_contains (known, &ids[i]))
          || !g_hash_table_add (seen, (gpointer) &ids[i]))
        continue;
      g_string_append_printf (array, "%c%" G_GINT64_FORMAT, array->len > 0 ? ',' : '{', ids[i]);
    }
  if (array->len == 0)
    return NULL;
  g_string_append_c (array, '}');
  return g_string_free (g_steal_pointer (&array), FALSE);
}

gboolean
bsn_db_begin_batch (BsnDb   *db,
                    GError **error)
{
  g_return_val_if_fail (db->depth == 0, FALSE);

  if (!bsn_db_begin (db, TRUE, error))
    return FALSE;
  db->batch = TRUE;
  db->poisoned = FALSE;
  drop_batch_caches (db);
  g_array_set_size (db->marks, 0);
  return TRUE;
}

/* SQLite rolls a whole transaction back by itself after some errors
 * (SQLITE_FULL, SQLITE_IOERR …); a PostgreSQL transaction in which a
 * statement failed can only be rolled back. Either way every level above
 * is lost. Asked inside a transaction only (commit, an inner rollback). */
static gboolean
transaction_lost (BsnDb *db)
{
  if (db->pg != NULL)
    return bsn_pg_transaction_failed (db->pg);
  return db->lost || sqlite3_get_autocommit (db->sqlite);
}

static void
rollback_outer (BsnDb *db)
{
  if (db->pg != NULL)
    bsn_pg_exec (db->pg, "ROLLBACK", NULL, NULL);
  else if (!sqlite3_get_autocommit (db->sqlite))
    sqlite3_exec (db->sqlite, "ROLLBACK", NULL, NULL, NULL);
  db->lost = FALSE;
}

static gboolean
commit_outer (BsnDb   *db,
              GError **error)
{
  int rc = SQLITE_BUSY;

  if (db->pg != NULL)
    {
      if (bsn_pg_exec (db->pg, "COMMIT", _("Menyimpan transaksi"), error))
        return TRUE;
      rollback_outer (db);
      return FALSE;
    }
  for (int attempt = 0; attempt < BEGIN_RETRIES && (rc & 0xff) == SQLITE_BUSY; attempt++)
    rc = sqlite3_exec (db->sqlite, "COMMIT", NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      bsn_error_set_sqlite (error, db->sqlite, _("Menyimpan transaksi"));
      /* A failed COMMIT leaves the transaction open: undo it, so the
       * database stays exactly as it was before. */
      rollback_outer (db);
      return FALSE;
    }
  return TRUE;
}

gboolean
bsn_db_commit (BsnDb   *db,
               GError **error)
{
  g_return_val_if_fail (db->depth > 0, FALSE);

  /* An inner level of a batch on PostgreSQL does not wait for the writes
   * sent ahead: the batch's commit does (a failure there loses it all). */
  if (db->pg != NULL && db->batch && db->depth > 1)
    {
      g_array_set_size (db->marks, db->marks->len - 1);
      db->depth--;
      return TRUE;
    }
  if (transaction_lost (db))
    {
      if (db->pg != NULL && db->depth == 1 && bsn_pg_pipeline_failed (db->pg))
        {
          bsn_pg_set_error (db->pg, error, _("Menyimpan transaksi"));
          rollback_outer (db);
          db->depth = 0;
          db->batch = FALSE;
          return FALSE;
        }
      if (db->pg != NULL && db->depth == 1)
        rollback_outer (db);
      else if (db->pg != NULL)
        {
          /* The innermost level failed: the outer levels decide. */
          bsn_db_rollback (db);
          g_set_error (error, BSN_ERROR, BSN_ERROR_IO,
                       _("Transaksi dibatalkan oleh basis data; tidak ada perubahan yang disimpan"));
          return FALSE;
        }
      db->depth--;
      if (db->depth == 0)
        {
          db->batch = FALSE;
          if (db->pg == NULL)
            rollback_outer (db);
        }
      g_set_error (error, BSN_ERROR, BSN_ERROR_IO,
                   _("Transaksi dibatalkan oleh basis data; tidak ada perubahan yang disimpan"));
      return FALSE;
    }
  if (db->depth == 1 && db->poisoned)
    {
      bsn_db_rollback (db);
      g_set_error (error, BSN_ERROR, BSN_ERROR_IO,
                   _("Sebagian pekerjaan gagal di tengah jalan; seluruh kelompok dibatalkan"));
      return FALSE;
    }
  if (db->depth == 1 && db->deferred != NULL && db->deferred->len > 0 && !run_deferred (db, error))
    {
      bsn_db_rollback (db);
      return FALSE;
    }
  /* One place seals every write: whatever a transaction appended to the
   * history joins the chain in the same commit. */
  if (db->depth == 1 && db->chained && !db->readonly && total_changes (db) != db->begin_changes
      && !bsn_db_chain_seal (db, error))
    {
      bsn_db_rollback (db);
      return FALSE;
    }
  if (db->depth == 1)
    {
      drop_batch_caches (db);
      if (!commit_outer (db, error))
        {
          db->depth = 0;
          db->batch = FALSE;
          return FALSE;
        }
      db->batch = FALSE;
    }
  else if (db->batch)
    g_array_set_size (db->marks, db->marks->len - 1);
  else
    {
      char sql[32];
      g_snprintf (sql, sizeof sql, "RELEASE s%u", db->depth - 1);
      if (!exec_sql (db, sql, _("Menyimpan transaksi"), error))
        {
          db->depth--;
          return FALSE;
        }
    }
  db->depth--;
  return TRUE;
}

void
bsn_db_rollback (BsnDb *db)
{
  g_return_if_fail (db->depth > 0);

  if (db->batch && db->depth > 1)
    {
      gint64 mark = g_array_index (db->marks, gint64, db->marks->len - 1);
      if (db->pg != NULL ? bsn_pg_changed_since (db->pg, (guint64) mark) : mark != total_changes (db))
        db->poisoned = TRUE;
      g_array_set_size (db->marks, db->marks->len - 1);
      /* The runs counted before this level stand: the server's rows take
       * them now, before the caches that know them go. */
      if (!db->poisoned && db->deferred != NULL && db->deferred->len > 0 && !run_deferred (db, NULL))
        db->poisoned = TRUE;
    }
  else if (db->depth == 1)
    rollback_outer (db);
  else if (db->pg != NULL || !transaction_lost (db))
    {
      char sql[64];
      g_snprintf (sql, sizeof sql, "ROLLBACK TO s%u; RELEASE s%u", db->depth - 1, db->depth - 1);
      exec_sql (db, sql, _("Membatalkan transaksi"), NULL);
    }
  drop_batch_caches (db);
  db->depth--;
  if (db->depth == 0)
    db->batch = FALSE;
}

/* A page the receipts' indexes touch in many batches is copied into the
 * database once per checkpoint, not once per batch (1M receipts: 91 s ->
 * 69 s with a checkpoint every 64 MiB instead of SQLite's 4 MiB). */
#define BULK_CHECKPOINT_PAGES    16384
#define DEFAULT_CHECKPOINT_PAGES 1000   /* SQLite's own default */

void
bsn_db_set_bulk (BsnDb    *db,
                 gboolean  bulk)
{
  if (db->sqlite != NULL)
    sqlite3_wal_autocheckpoint (db->sqlite, bulk ? BULK_CHECKPOINT_PAGES : DEFAULT_CHECKPOINT_PAGES);
}

gboolean
bsn_db_in_transaction (BsnDb *db)
{
  return db->depth > 0;
}

gboolean
bsn_db_read_user_version (BsnDb   *db,
                          int     *out,
                          GError **error)
{
  gint64 value = 0;

  *out = 0;
  if (db->pg != NULL)
    {
      if (bsn_pg_read_schema_version (db->pg, out))
        return TRUE;
      bsn_pg_set_error (db->pg, error, _("Membaca versi basis data"));
      return FALSE;
    }
  if (!bsn_db_read_int (db, "PRAGMA user_version", _("Membaca versi basis data"), &value, error))
    return FALSE;
  *out = (int) value;
  return TRUE;
}

int
bsn_db_get_user_version (BsnDb *db)
{
  if (db->pg != NULL)
    return bsn_pg_schema_version (db->pg);
  return (int) bsn_db_query_int (db, "PRAGMA user_version", 0);
}

void
bsn_db_set_cache_kib (BsnDb *db,
                      int    kib)
{
  char sql[64];

  g_return_if_fail (db != NULL && kib > 0);

  if (db->sqlite == NULL)
    return;
  /* A PRAGMA takes no parameters; the value is an int printed here. */
  g_snprintf (sql, sizeof sql, "PRAGMA cache_size = -%d", kib);
  sqlite3_exec (db->sqlite, sql, NULL, NULL, NULL);
}

static gboolean
is_fresh (BsnDb *db)
{
  if (db->pg != NULL)
    return bsn_pg_is_empty (db->pg);
  return bsn_db_query_int (db, "SELECT count(*) FROM sqlite_schema", 0) == 0;
}

static gint64
application_id (BsnDb   *db,
                GError **error)
{
  BsnStmt *stmt;
  gint64 app_id;

  if (db->pg != NULL)
    return bsn_pg_application_id (db->pg, error);
  /* The first read of a file that is not SQLite fails here. */
  if ((stmt = bsn_db_prepare (db, "PRAGMA application_id", error)) == NULL)
    return -1;
  if (bsn_stmt_step (stmt) != BSN_ROW)
    {
      bsn_db_set_error (db, error, _("Membuka basis data"));
      bsn_stmt_reset (stmt);
      return -1;
    }
  app_id = bsn_stmt_column_int64 (stmt, 0);
  bsn_stmt_reset (stmt);
  return app_id;
}

static gboolean
check_identity (BsnDb   *db,
                GError **error)
{
  g_autoptr(GError) local = NULL;
  gint64 app_id = application_id (db, &local);
  int version;

  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  if (is_fresh (db))
    return TRUE;
  if (app_id != BSN_DB_APPLICATION_ID)
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_SCHEMA,
                   _("“%s” bukan basis data BSN Loyalty; berkas tidak diubah"), bsn_db_get_path (db));
      return FALSE;
    }
  version = bsn_db_get_user_version (db);
  if (version > bsn_db_schema_version ())
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_SCHEMA,
                   _("“%s” dibuat oleh versi BSN Loyalty yang lebih baru (skema %d, versi ini mengenal sampai %d). "
                     "Perbarui aplikasi; berkas tidak diubah."),
                   bsn_db_get_path (db), version, bsn_db_schema_version ());
      return FALSE;
    }
  return TRUE;
}

static gboolean
record_version (BsnDb   *db,
                int      version,
                GError **error)
{
  char sql[96];

  if (db->pg != NULL)
    {
      db->pg_version = -1;
      return bsn_pg_set_schema_version (db->pg, version, BSN_DB_APPLICATION_ID, error);
    }
  g_snprintf (sql, sizeof sql, "PRAGMA user_version = %d; PRAGMA application_id = %d;",
              version, BSN_DB_APPLICATION_ID);
  return exec_sql (db, sql, _("Memperbarui skema basis data"), error);
}

static gboolean
migrate (BsnDb   *db,
         int      target,
         GError **error)
{
  guint n;
  const BsnMigration *steps = db->pg != NULL ? bsn_db_schema_pg_migrations (&n)
                                             : bsn_db_schema_migrations (&n);
  int current = bsn_db_get_user_version (db);

  if (current == 0 && target > 0)
    db->created = TRUE;
  for (guint i = 0; i < n; i++)
    {
      if (steps[i].version <= current || steps[i].version > target)
        continue;
      if (!bsn_db_begin (db, TRUE, error))
        return FALSE;
      if (!exec_sql (db, steps[i].sql, _("Memperbarui skema basis data"), error)
          || (steps[i].install != NULL && !db->bare && !steps[i].install (db, error))
          || !record_version (db, steps[i].version, error))
        {
          bsn_db_rollback (db);
          return FALSE;
        }
      if (!bsn_db_commit (db, error))
        return FALSE;
    }
  return TRUE;
}

/* The file is made owner-only before SQLite touches it: it holds the
 * network's money. SQLite gives -wal and -shm the same permissions. */
static gboolean
create_private_file (const char *path,
                     GError    **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  int fd;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   _("Folder “%s” tidak dapat dibuat: %s"), dir, g_strerror (saved));
      return FALSE;
    }
  fd = g_open (path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0600);
  if (fd < 0 && errno != EEXIST)
    {
      int saved = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   _("Berkas “%s” tidak dapat dibuat: %s"), path, g_strerror (saved));
      return FALSE;
    }
  if (fd >= 0)
    close (fd);
  return TRUE;
}

/* Once per process, before SQLite's first use: no memory statistics
 * (every allocation would take a global mutex to count itself; nothing
 * here reads them). Fails harmlessly when SQLite is already in use. */
static void
configure_sqlite (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      sqlite3_config (SQLITE_CONFIG_MEMSTATUS, 0);
      g_once_init_leave (&done, 1);
    }
}

/* Anything that starts like a PostgreSQL URI is one: a mistyped URI
 * ("postgresql:/db") must be refused, never created as a file. */
gboolean
bsn_db_location_is_server (const char *location)
{
  return location != NULL
         && (g_ascii_strncasecmp (location, "postgresql:", 11) == 0
             || g_ascii_strncasecmp (location, "postgres:", 9) == 0);
}

static BsnDb *
connection_new (const char     *path,
                BsnDbOpenFlags  flags)
{
  BsnDb *db = g_new0 (BsnDb, 1);

  g_atomic_ref_count_init (&db->ref);
  db->path = g_strdup (path);
  db->stmts = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, cached_stmt_free);
  db->stmts_by_address = g_hash_table_new (g_direct_hash, g_direct_equal);
  db->marks = g_array_new (FALSE, FALSE, sizeof (gint64));
  db->keep = g_ptr_array_new_with_free_func (g_free);
  db->actor_role = -1;
  db->pg_version = -1;
  db->readonly = (flags & BSN_DB_OPEN_READONLY) != 0;
  db->bare = (flags & BSN_DB_OPEN_EMPTY) != 0;
  return db;
}

static BsnDb *
open_server (const char     *uri,
             const char     *user,
             const char     *password,
             BsnDbOpenFlags  flags,
             GError        **error)
{
  g_autoptr(BsnDb) db = connection_new (uri, flags);

  if (!g_str_has_prefix (uri, "postgresql://") && !g_str_has_prefix (uri, "postgres://"))
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID,
                   _("“%s” bukan alamat PostgreSQL yang sah: tulis postgresql://[pengguna@]host/basisdata "
                     "atau postgresql:///basisdata?host=/folder/soket"), uri);
      return NULL;
    }
  if ((db->pg = bsn_pg_connect (uri, user, password, db->readonly, error)) == NULL)
    return NULL;
  /* BSN_PG_PIPELINE=0: every statement waits for its answer (to compare). */
  db->pipeline = g_strcmp0 (g_getenv ("BSN_PG_PIPELINE"), "0") != 0;
  if (!check_identity (db, error))
    return NULL;
  if ((flags & BSN_DB_OPEN_EMPTY) != 0 && !bsn_pg_is_empty (db->pg))
    {
      g_autofree char *shown = bsn_db_location_for_display (uri);

      g_set_error (error, BSN_ERROR, BSN_ERROR_REFUSED,
                   _("Basis data “%s” tidak kosong; pindahkan hanya ke basis data PostgreSQL yang baru dan kosong"),
                   shown);
      return NULL;
    }
  return g_steal_pointer (&db);
}

/* SQLite reads a WAL database only with its WAL index (-shm) beside it, and
 * cannot create one in a folder it may not write: a read-only connection
 * there, with no -wal or -shm left over, opens the file as immutable
 * (read-only media: nobody writes it). Returns the URI to open, or NULL. */
static char *
immutable_uri_for (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  g_autofree char *escaped = NULL;

  if (access (dir, W_OK) == 0 || g_file_test (wal, G_FILE_TEST_EXISTS) || g_file_test (shm, G_FILE_TEST_EXISTS))
    return NULL;
  escaped = g_uri_escape_string (path, "/", FALSE);
  return g_strconcat ("file:", escaped, "?mode=ro&immutable=1", NULL);
}

static BsnDb *
open_connection (const char     *path,
                 const char     *user,
                 const char     *password,
                 BsnDbOpenFlags  flags,
                 GError        **error)
{
  g_autoptr(BsnDb) db = NULL;
  g_autofree char *uri = NULL;
  gboolean memory = g_strcmp0 (path, ":memory:") == 0;
  int oflags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE;

  if (bsn_db_location_is_server (path))
    return open_server (path, user, password, flags, error);
  db = connection_new (path, flags);

  if (db->readonly)
    oflags |= SQLITE_OPEN_READONLY;
  else
    oflags |= SQLITE_OPEN_READWRITE;

  if (!memory && !db->readonly)
    {
      if ((flags & BSN_DB_OPEN_CREATE) != 0)
        {
          if (!create_private_file (path, error))
            return NULL;
        }
      else if (!g_file_test (path, G_FILE_TEST_EXISTS))
        {
          g_set_error (error, BSN_ERROR, BSN_ERROR_NOT_FOUND,
                       _("Basis data “%s” tidak ada. Buat dulu dengan perintah init."), path);
          return NULL;
        }
    }

  if (db->readonly && !memory && (uri = immutable_uri_for (path)) != NULL)
    oflags |= SQLITE_OPEN_URI;
  configure_sqlite ();
  if (sqlite3_open_v2 (uri ? uri : path, &db->sqlite, oflags, test_vfs) != SQLITE_OK)
    {
      bsn_error_set_sqlite (error, db->sqlite, _("Membuka basis data"));
      return NULL;
    }
  sqlite3_extended_result_codes (db->sqlite, 1);
  sqlite3_busy_timeout (db->sqlite, BUSY_TIMEOUT_MS);
  if (g_getenv ("BSN_SQL_PROFILE") != NULL)
    {
      db->profile = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      sqlite3_trace_v2 (db->sqlite, SQLITE_TRACE_PROFILE, profile_trace, db);
    }

  if (!check_identity (db, error))
    return NULL;
  if ((flags & BSN_DB_OPEN_EMPTY) != 0 && !is_fresh (db))
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_REFUSED,
                   _("Basis data “%s” tidak kosong; pindahkan hanya ke basis data yang baru dan kosong"), path);
      return NULL;
    }
  if (!exec_sql (db,
                 "PRAGMA foreign_keys = ON;"
                 "PRAGMA synchronous = FULL;"
                 "PRAGMA trusted_schema = OFF;"
                 /* Savepoint journals and sorts stay in memory, and a
                  * batch of receipts fits the page cache (32 MiB). */
                 "PRAGMA temp_store = MEMORY;"
                 "PRAGMA cache_size = -32768;",
                 _("Membuka basis data"), error))
    return NULL;
  if (!db->readonly && !memory
      && !exec_sql (db, "PRAGMA journal_mode = WAL;", _("Membuka basis data"), error))
    return NULL;

  return g_steal_pointer (&db);
}

/* A database whose triggers or views are not exactly ours is refused
 * before anything runs on it: a planted trigger would act on the next
 * write (rewrite the audit, promote a user). Missing objects and foreign
 * tables or indexes do no harm by themselves: `verify` names them. A
 * read-only connection (verify, a restore's candidate) is never refused
 * here: its callers check and report. */
static gboolean
refuse_foreign_objects (BsnDb   *db,
                        GError **error)
{
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  gboolean foreign = FALSE;

  if (is_fresh (db) || bsn_db_get_user_version (db) == 0)
    return TRUE;
  if (!bsn_db_check_schema_objects (db, problems, &foreign, error))
    return FALSE;
  if (foreign)
    {
      g_autofree char *shown = bsn_db_location_for_display (bsn_db_get_path (db));
      g_autofree char *list = NULL;

      g_ptr_array_add (problems, NULL);
      list = g_strjoinv ("; ", (char **) problems->pdata);
      g_set_error (error, BSN_ERROR, BSN_ERROR_TAMPERED,
                   _("“%s” berisi pemicu atau view yang tidak dibuat oleh BSN Loyalty, jadi tidak dibuka "
                     "(berkas tidak diubah): %s. Periksa dengan verify dan pulihkan cadangan yang sehat."),
                   shown, list);
      return FALSE;
    }
  return TRUE;
}

BsnDb *
bsn_db_open (const char     *path,
             BsnDbOpenFlags  flags,
             GError        **error)
{
  return bsn_db_open_as (path, NULL, NULL, flags, error);
}

BsnDb *
bsn_db_open_as (const char     *path,
                const char     *user,
                const char     *password,
                BsnDbOpenFlags  flags,
                GError        **error)
{
  g_autoptr(BsnDb) db = open_connection (path, user, password, flags, error);
  int version;

  if (db == NULL)
    return NULL;
  if (!db->readonly && !refuse_foreign_objects (db, error))
    return NULL;
  if (!db->readonly && (db->pg == NULL || (flags & BSN_DB_OPEN_CREATE) != 0 || !is_fresh (db))
      && !migrate (db, bsn_db_schema_version (), error))
    return NULL;
  /* Read once, checked: a failed read is not an empty database, and a
   * connection that took it for an old one would seal nothing. */
  if (!bsn_db_read_user_version (db, &version, error))
    return NULL;
  if (version == 0)
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_SCHEMA,
                   _("“%s” masih kosong; buat dulu dengan perintah init"), path);
      return NULL;
    }
  db->chained = !db->bare && version >= BSN_DB_CHAIN_VERSION;
  if (db->pg != NULL)
    db->pg_version = version;
  return g_steal_pointer (&db);
}

BsnDb *
bsn_db_open_at_version (const char *path,
                        int         version,
                        GError    **error)
{
  g_autoptr(BsnDb) db = open_connection (path, NULL, NULL, BSN_DB_OPEN_CREATE, error);

  if (db == NULL)
    return NULL;
  db->chain_hex = version < BSN_DB_CHAIN_COMPACT_VERSION;
  if (!migrate (db, version, error))
    return NULL;
  /* Writes are sealed as that version's release sealed them. */
  db->chained = !db->bare && version >= BSN_DB_CHAIN_VERSION;
  return g_steal_pointer (&db);
}

gboolean
bsn_db_chain_stores_hex (BsnDb *db)
{
  return db->chain_hex;
}

BsnDb *
bsn_db_ref (BsnDb *db)
{
  g_atomic_ref_count_inc (&db->ref);
  return db;
}

void
bsn_db_unref (BsnDb *db)
{
  if (db == NULL || !g_atomic_ref_count_dec (&db->ref))
    return;
  while (db->depth > 0)
    bsn_db_rollback (db);
  g_clear_pointer (&db->stmts_by_address, g_hash_table_destroy);
  g_clear_pointer (&db->stmts, g_hash_table_destroy);
  g_clear_pointer (&db->marks, g_array_unref);
  if (db->profile != NULL)
    print_profile (db->profile);
  g_clear_pointer (&db->profile, g_hash_table_destroy);
  g_free (db->actor);
  if (db->sqlite != NULL)
    sqlite3_close_v2 (db->sqlite);
  g_clear_pointer (&db->pg, bsn_pg_free);
  g_clear_pointer (&db->batch_caches, g_hash_table_destroy);
  g_clear_pointer (&db->deferred, g_array_unref);
  g_clear_pointer (&db->keep, g_ptr_array_unref);
  g_free (db->path);
  g_free (db);
}

void
bsn_db_set_actor (BsnDb      *db,
                  const char *name,
                  int         role)
{
  g_free (db->actor);
  db->actor = g_strdup (name);
  db->actor_role = name ? role : -1;
}

const char *
bsn_db_get_actor (BsnDb *db,
                  int   *out_role)
{
  if (out_role)
    *out_role = db->actor ? db->actor_role : -1;
  return db->actor;
}

BsnPg *
bsn_db_get_pg (BsnDb *db)
{
  return db->pg;
}

const char *
bsn_db_get_path (BsnDb *db)
{
  return db->path;
}

gboolean
bsn_db_get_created (BsnDb *db)
{
  return db->created;
}

char *
bsn_db_location_for_display (const char *location)
{
  g_autoptr(GRegex) userinfo = NULL;
  g_autoptr(GRegex) param = NULL;
  g_autofree char *step = NULL;

  if (!bsn_db_location_is_server (location))
    return g_strdup (location);
  /* postgresql://user:secret@host/db → postgresql://user@host/db, and a
   * password=… parameter goes too. */
  userinfo = g_regex_new ("^(postgres(?:ql)?://[^/@:?]*):[^/@?]*@", 0, 0, NULL);
  param = g_regex_new ("([?&])password=[^&]*&?", 0, 0, NULL);
  step = g_regex_replace (userinfo, location, -1, 0, "\\1@", 0, NULL);
  return g_regex_replace (param, step, -1, 0, "\\1", 0, NULL);
}

struct _BsnCopy
{
  BsnDb     *db;
  BsnPgCopy *pg;               /* COPY … FROM STDIN on PostgreSQL */
  BsnStmt   *insert;           /* an INSERT in SQLite */
  char      *sql;              /* its text, alive as long as the cache */
  guint      n_columns;
};

BsnCopy *
bsn_db_copy_begin (BsnDb      *db,
                   const char *table,
                   GPtrArray  *columns,
                   GError    **error)
{
  g_autoptr(GString) names = g_string_new (NULL);
  g_autoptr(GString) params = g_string_new (NULL);
  BsnCopy *copy = g_new0 (BsnCopy, 1);

  copy->db = db;
  copy->n_columns = columns->len;
  for (guint i = 0; i < columns->len; i++)
    {
      g_string_append_printf (names, "%s\"%s\"", i > 0 ? ", " : "", (char *) columns->pdata[i]);
      g_string_append_printf (params, "%s?%u", i > 0 ? ", " : "", i + 1);
    }
  if (db->pg != NULL)
    copy->pg = bsn_pg_copy_begin (db->pg, table, names->str, error);
  else
    {
      /* The text is kept in the cache's own copy; the statement stays
       * cached for the connection's life, as every other one. */
      copy->sql = g_strdup_printf ("INSERT INTO \"%s\" (%s) VALUES (%s)", table, names->str, params->str);
      copy->insert = bsn_db_prepare (db, copy->sql, error);
    }
  if (copy->pg == NULL && copy->insert == NULL)
    {
      g_free (copy->sql);
      g_free (copy);
      return NULL;
    }
  return copy;
}

gboolean
bsn_copy_add_row (BsnCopy  *copy,
                  BsnStmt  *from,
                  GError  **error)
{
  if (copy->pg != NULL)
    {
      const char *values[64];
      guint n = MIN (copy->n_columns, G_N_ELEMENTS (values));

      for (guint c = 0; c < n; c++)
        values[c] = bsn_stmt_column_is_null (from, c) ? NULL : bsn_stmt_column_text (from, c);
      return bsn_pg_copy_row (copy->pg, values, n, error);
    }
  for (guint c = 0; c < copy->n_columns; c++)
    switch (bsn_stmt_column_type (from, c))
      {
      case BSN_VALUE_NULL:
        bsn_stmt_bind_null (copy->insert, c + 1);
        break;
      case BSN_VALUE_INTEGER:
        bsn_stmt_bind_int64 (copy->insert, c + 1, bsn_stmt_column_int64 (from, c));
        break;
      case BSN_VALUE_TEXT:
      default:
        bsn_stmt_bind_text_copy (copy->insert, c + 1, bsn_stmt_column_text (from, c));
        break;
      }
  return bsn_db_step_done (copy->db, copy->insert, _("Menulis ke tujuan"), error);
}

gboolean
bsn_copy_end (BsnCopy  *copy,
              GError  **error)
{
  gboolean ok = TRUE;

  if (copy->pg != NULL)
    ok = bsn_pg_copy_end (copy->pg, error);
  /* The statement's text must outlive the cache that found it by address:
   * it is handed to the connection, freed with it. */
  if (copy->sql != NULL)
    g_ptr_array_add (copy->db->keep, copy->sql);
  g_free (copy);
  return ok;
}

gboolean
bsn_db_reset_identities (BsnDb   *db,
                         GError **error)
{
  if (db->pg == NULL)
    return TRUE;
  return bsn_pg_reset_identities (db->pg, error);
}

struct sqlite3 *
bsn_db_get_sqlite (BsnDb *db)
{
  return db->sqlite;
}

BsnEngine
bsn_db_get_engine (BsnDb *db)
{
  return db->pg != NULL ? BSN_ENGINE_POSTGRESQL : BSN_ENGINE_SQLITE;
}

gboolean
bsn_db_server_schema_at_least (BsnDb *db,
                               int    version)
{
  if (db->pg == NULL)
    return FALSE;
  /* Asked once per connection: on PostgreSQL each ask is a round trip
   * that sends the writes a batch holds, and the schema's version does
   * not change under an open connection but by its own migration. */
  if (db->pg_version < 0)
    {
      int read;

      /* A failed read is not kept (it would pass for version 0 for the
       * connection's life); the transaction it failed in is lost anyway. */
      if (!bsn_pg_read_schema_version (db->pg, &read))
        return FALSE;
      db->pg_version = read;
    }
  return db->pg_version >= version;
}

gboolean
bsn_db_server_moves_balances (BsnDb *db)
{
  return bsn_db_server_schema_at_least (db, BSN_PG_SERVER_BALANCES_VERSION);
}

char *
bsn_db_default_path (void)
{
  const char *env = g_getenv ("BSN_DB");

  if (env != NULL && *env != '\0')
    return g_strdup (env);
  return g_build_filename (g_get_user_data_dir (), "bsn-loyalty", "bsn-loyalty.db", NULL);
}

gboolean
bsn_db_check_integrity (BsnDb   *db,
                        gboolean full,
                        GError **error)
{
  BsnStmt *stmt;
  g_autofree char *first = NULL;

  if (db->pg != NULL)
    return TRUE;
  if ((stmt = bsn_db_prepare (db, full ? "PRAGMA integrity_check" : "PRAGMA quick_check", error)) == NULL)
    return FALSE;
  if (bsn_stmt_step (stmt) == BSN_ROW)
    first = g_strdup (bsn_stmt_column_text (stmt, 0));
  bsn_stmt_reset (stmt);
  if (g_strcmp0 (first, "ok") != 0)
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_CORRUPT,
                   _("Basis data rusak: %s"), first ? first : sqlite3_errmsg (db->sqlite));
      return FALSE;
    }
  return TRUE;
}

char *
bsn_db_get_meta (BsnDb      *db,
                 const char *key)
{
  BsnStmt *stmt = bsn_db_prepare (db, "SELECT value FROM meta WHERE key = ?1", NULL);
  char *value = NULL;

  if (stmt == NULL)
    return NULL;
  bsn_stmt_bind_text (stmt, 1, key);
  if (bsn_stmt_step (stmt) == BSN_ROW)
    value = g_strdup (bsn_stmt_column_text (stmt, 0));
  bsn_stmt_reset (stmt);
  return value;
}

gboolean
bsn_db_set_meta (BsnDb      *db,
                 const char *key,
                 const char *value,
                 GError    **error)
{
  BsnStmt *stmt = bsn_db_prepare (db,
                                  "INSERT INTO meta (key, value) VALUES (?1, ?2) "
                                  "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                                  error);
  if (stmt == NULL)
    return FALSE;
  bsn_stmt_bind_text (stmt, 1, key);
  bsn_stmt_bind_text (stmt, 2, value);
  return bsn_db_step_done (db, stmt, _("Menyimpan pengaturan"), error);
}
