/* test-faults.c — disk faults: a VFS that makes the k-th write or sync
 * fail with SQLITE_FULL or SQLITE_IOERR, for every k over an operation.
 * Each operation either completes (and the ledger verifies) or leaves the
 * database exactly as it was, with a clear message. */
#include <sqlite3.h>
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "bsn-award.h"
#include "bsn-error.h"
#include "bsn-import.h"
#include "bsn-ledger.h"
#include "bsn-test-util.h"
#include "bsn-voucher.h"

/* ---- The failing VFS: a shim over the default one ---- */

typedef struct
{
  sqlite3_file        base;
  sqlite3_file       *real;
} FaultFile;

static sqlite3_vfs *real_vfs;
static sqlite3_vfs fault_vfs;
static sqlite3_io_methods fault_methods;
static gint64 countdown = -1;    /* fail when it reaches zero; -1 = never */
static int fault_code = SQLITE_FULL;
static gboolean fault_fired;

static gboolean
should_fail (void)
{
  if (countdown < 0)
    return FALSE;
  if (countdown-- == 0)
    {
      fault_fired = TRUE;
      return TRUE;
    }
  return FALSE;
}

static int
f_close (sqlite3_file *f)
{
  FaultFile *ff = (FaultFile *) f;
  int rc = ff->real->pMethods ? ff->real->pMethods->xClose (ff->real) : SQLITE_OK;
  sqlite3_free (ff->real);
  return rc;
}

static int
f_read (sqlite3_file *f, void *buf, int n, sqlite3_int64 off)
{
  FaultFile *ff = (FaultFile *) f;
  return ff->real->pMethods->xRead (ff->real, buf, n, off);
}

static int
f_write (sqlite3_file *f, const void *buf, int n, sqlite3_int64 off)
{
  FaultFile *ff = (FaultFile *) f;
  if (should_fail ())
    return fault_code == SQLITE_FULL ? SQLITE_FULL : SQLITE_IOERR_WRITE;
  return ff->real->pMethods->xWrite (ff->real, buf, n, off);
}

static int
f_truncate (sqlite3_file *f, sqlite3_int64 size)
{
  FaultFile *ff = (FaultFile *) f;
  if (should_fail ())
    return SQLITE_IOERR_TRUNCATE;
  return ff->real->pMethods->xTruncate (ff->real, size);
}

static int
f_sync (sqlite3_file *f, int flags)
{
  FaultFile *ff = (FaultFile *) f;
  if (should_fail ())
    return SQLITE_IOERR_FSYNC;
  return ff->real->pMethods->xSync (ff->real, flags);
}

#define PASS(name, sig, call) \
  static int f_##name sig { FaultFile *ff = (FaultFile *) f; return ff->real->pMethods->x##call; }

PASS (size, (sqlite3_file *f, sqlite3_int64 *s), FileSize (ff->real, s))
PASS (lock, (sqlite3_file *f, int l), Lock (ff->real, l))
PASS (unlock, (sqlite3_file *f, int l), Unlock (ff->real, l))
PASS (check, (sqlite3_file *f, int *r), CheckReservedLock (ff->real, r))
PASS (control, (sqlite3_file *f, int op, void *a), FileControl (ff->real, op, a))
PASS (sector, (sqlite3_file *f), SectorSize (ff->real))
PASS (dev, (sqlite3_file *f), DeviceCharacteristics (ff->real))
PASS (shm_map, (sqlite3_file *f, int p, int sz, int e, void volatile **out), ShmMap (ff->real, p, sz, e, out))
PASS (shm_lock, (sqlite3_file *f, int o, int n, int fl), ShmLock (ff->real, o, n, fl))
PASS (shm_unmap, (sqlite3_file *f, int d), ShmUnmap (ff->real, d))

static void
f_barrier (sqlite3_file *f)
{
  FaultFile *ff = (FaultFile *) f;
  ff->real->pMethods->xShmBarrier (ff->real);
}

static int
f_open (sqlite3_vfs *vfs, const char *name, sqlite3_file *f, int flags, int *out_flags)
{
  FaultFile *ff = (FaultFile *) f;
  int rc;

  ff->real = sqlite3_malloc (real_vfs->szOsFile);
  memset (ff->real, 0, real_vfs->szOsFile);
  rc = real_vfs->xOpen (real_vfs, name, ff->real, flags, out_flags);
  ff->base.pMethods = rc == SQLITE_OK ? &fault_methods : NULL;
  if (rc != SQLITE_OK)
    {
      sqlite3_free (ff->real);
      ff->real = NULL;
    }
  return rc;
}

static void
install_fault_vfs (void)
{
  real_vfs = sqlite3_vfs_find (NULL);
  fault_methods = (sqlite3_io_methods) {
    .iVersion = 2, .xClose = f_close, .xRead = f_read, .xWrite = f_write, .xTruncate = f_truncate,
    .xSync = f_sync, .xFileSize = f_size, .xLock = f_lock, .xUnlock = f_unlock, .xCheckReservedLock = f_check,
    .xFileControl = f_control, .xSectorSize = f_sector, .xDeviceCharacteristics = f_dev, .xShmMap = f_shm_map,
    .xShmLock = f_shm_lock, .xShmBarrier = f_barrier, .xShmUnmap = f_shm_unmap,
  };
  fault_vfs = *real_vfs;
  fault_vfs.zName = "bsn-fault";
  fault_vfs.szOsFile = sizeof (FaultFile);
  fault_vfs.xOpen = f_open;
  fault_vfs.pNext = NULL;
  g_assert_cmpint (sqlite3_vfs_register (&fault_vfs, 0), ==, SQLITE_OK);
}

/* ---- The checks ---- */

/* Everything the database says, as one digest. */
static char *
content_digest (const char *path)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  const char *tables[] = { "stores", "customers", "accounts", "postings", "legs", "receipts", "receipt_parts",
                           "vouchers", "voucher_funding", "redemptions", "audit" };
  sqlite3 *raw = NULL;

  g_assert_cmpint (sqlite3_open (path, &raw), ==, SQLITE_OK);
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT * FROM %s ORDER BY 1, 2", tables[i]);
      sqlite3_stmt *stmt = NULL;
      g_assert_cmpint (sqlite3_prepare_v2 (raw, sql, -1, &stmt, NULL), ==, SQLITE_OK);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        for (int c = 0; c < sqlite3_column_count (stmt); c++)
          {
            const char *v = (const char *) sqlite3_column_text (stmt, c);
            g_checksum_update (sum, (const guchar *) (v ? v : "\\N"), -1);
            g_checksum_update (sum, (const guchar *) "|", 1);
          }
      sqlite3_finalize (stmt);
    }
  sqlite3_close (raw);
  return g_strdup (g_checksum_get_string (sum));
}

typedef gboolean (*Operation) (BsnDb *db, gpointer data, GError **error);

typedef struct
{
  BsnTestDb  *t;
  gint64      store;
  gint64      customer;
  const char *csv;
  char       *voucher;
} Ctx;

static gboolean
op_award (BsnDb *db, gpointer data, GError **error)
{
  Ctx *c = data;
  BsnReceipt r = { "F1", c->store, c->customer, 250000, 1795300934, 5, -1 };
  g_autoptr(BsnAward) a = bsn_award_receipt (db, NULL, &r, error);
  return a != NULL;
}

static gboolean
op_import (BsnDb *db, gpointer data, GError **error)
{
  Ctx *c = data;
  g_autoptr(BsnImportResult) res = bsn_import_sales (db, c->csv, NULL, NULL, NULL, error);
  return res != NULL;
}

static gboolean
op_redeem (BsnDb *db, gpointer data, GError **error)
{
  Ctx *c = data;
  return bsn_voucher_redeem (db, c->voucher, c->store, 1795300999, NULL, error);
}

/* Runs @op with the k-th write failing, for k = 0, 1, 2 … until it
 * succeeds without a fault; returns how many faults were tried. */
static guint
every_fault (Ctx *ctx, Operation op, int code)
{
  g_autofree char *before = NULL;
  g_autofree char *copy = g_build_filename (ctx->t->dir, "work.db", NULL);
  guint k;

  /* A settled file to restart from each time. */
  g_assert_cmpint (bsn_test_raw_exec (ctx->t->db, "PRAGMA wal_checkpoint(TRUNCATE)"), ==, SQLITE_OK);
  before = content_digest (ctx->t->path);
  for (k = 0; k < 10000; k++)
    {
      g_autofree char *data = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(BsnDb) db = NULL;
      gsize len;
      gboolean ok;

      g_assert_true (g_file_get_contents (ctx->t->path, &data, &len, NULL));
      g_assert_true (g_file_set_contents (copy, data, (gssize) len, NULL));
      {
        g_autofree char *wal = g_strconcat (copy, "-wal", NULL);
        g_autofree char *shm = g_strconcat (copy, "-shm", NULL);
        g_unlink (wal);
        g_unlink (shm);
      }
      bsn_db_set_vfs_for_testing ("bsn-fault");
      db = bsn_db_open (copy, BSN_DB_OPEN_DEFAULT, &error);
      g_assert_no_error (error);
      countdown = k;
      fault_code = code;
      fault_fired = FALSE;
      ok = op (db, ctx, &error);
      countdown = -1;
      g_clear_pointer (&db, bsn_db_unref);
      bsn_db_set_vfs_for_testing (NULL);

      if (!fault_fired)
        {
          g_assert_true (ok);
          break;
        }
      if (ok)
        {
          /* The fault hit after the commit point (e.g. a checkpoint): the
           * work is done and must verify. */
          g_autoptr(BsnDb) check = bsn_db_open (copy, BSN_DB_OPEN_DEFAULT, NULL);
          g_autoptr(BsnVerifyReport) v = bsn_ledger_verify (check, NULL);
          g_assert_true (v->ok);
          g_assert_true (bsn_db_check_integrity (check, TRUE, NULL));
        }
      else
        {
          g_autofree char *after = content_digest (copy);
          g_assert_nonnull (error);
          g_assert_true (error->message[0] != '\0');
          /* Failed: exactly as before. */
          if (g_strcmp0 (before, after) != 0)
            g_error ("fault %u (%d) changed the database: %s", k, code, error->message);
          {
            g_autoptr(BsnDb) check = bsn_db_open (copy, BSN_DB_OPEN_DEFAULT, NULL);
            g_assert_true (bsn_db_check_integrity (check, TRUE, NULL));
          }
        }
    }
  return k;
}

static Ctx *
ctx_new (void)
{
  Ctx *c = g_new0 (Ctx, 1);
  g_autoptr(BsnVoucher) v = NULL;
  g_autoptr(GError) error = NULL;
  char *csv;

  c->t = bsn_test_db_new ();
  c->store = bsn_test_add_store (c->t->db, "TK", BSN_ROLE_TOKO, NULL, BSN_BAND_LOW, "Plus", BSN_SCHEMES_STOPWATCH);
  c->customer = bsn_test_add_customer (c->t->db, "C1", "Siti");
  g_assert_true (bsn_ledger_post_opening (c->t->db, c->customer, 50000, 0, NULL, NULL, NULL));
  v = bsn_voucher_issue (c->t->db, c->customer, 10000, 1795300000, 0, &error);
  g_assert_no_error (error);
  c->voucher = g_strdup (v->code);
  csv = g_build_filename (c->t->dir, "sales.csv", NULL);
  {
    g_autoptr(GString) s = g_string_new ("receipt,store,customer,amount,at,digit\n");
    for (int i = 0; i < 300; i++)
      g_string_append_printf (s, "I%d,TK,C1,%d,2026-11-22T10:%02d:00,%d\n", i, 100000 + i, i % 60, i % 10);
    g_assert_true (g_file_set_contents (csv, s->str, -1, NULL));
  }
  c->csv = csv;
  return c;
}

static void
ctx_free (Ctx *c)
{
  g_free ((char *) c->csv);
  g_free (c->voucher);
  bsn_test_db_free (c->t);
  g_free (c);
}

/* The faults are injected below SQLite (its VFS): a PostgreSQL server's
 * disk is the server's to fail. */
#define FAULTS_SQLITE_ONLY "SQLite only: disk faults injected through an SQLite VFS"

static void
test_award_every_fault (void)
{
  Ctx *c;

  if (bsn_test_skip_on_pg (FAULTS_SQLITE_ONLY))
    return;
  c = ctx_new ();
  g_assert_cmpuint (every_fault (c, op_award, SQLITE_FULL), >, 2);
  g_assert_cmpuint (every_fault (c, op_award, SQLITE_IOERR), >, 2);
  ctx_free (c);
}

static void
test_import_every_fault (void)
{
  Ctx *c;

  if (bsn_test_skip_on_pg (FAULTS_SQLITE_ONLY))
    return;
  c = ctx_new ();
  g_assert_cmpuint (every_fault (c, op_import, SQLITE_FULL), >, 2);
  g_assert_cmpuint (every_fault (c, op_import, SQLITE_IOERR), >, 2);
  ctx_free (c);
}

static void
test_redeem_every_fault (void)
{
  Ctx *c;

  if (bsn_test_skip_on_pg (FAULTS_SQLITE_ONLY))
    return;
  c = ctx_new ();
  g_assert_cmpuint (every_fault (c, op_redeem, SQLITE_FULL), >, 2);
  g_assert_cmpuint (every_fault (c, op_redeem, SQLITE_IOERR), >, 2);
  ctx_free (c);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  install_fault_vfs ();
  g_test_add_func ("/faults/award/every-write", test_award_every_fault);
  g_test_add_func ("/faults/import/every-write", test_import_every_fault);
  g_test_add_func ("/faults/voucher-redeem/every-write", test_redeem_every_fault);
  return g_test_run ();
}
