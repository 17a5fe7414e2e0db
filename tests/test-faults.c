/* test-faults.c — disk faults: a VFS that makes the k-th write or sync
 * fail with SQLITE_FULL or SQLITE_IOERR, for every k over an operation
 * (bsn_test_fault_every(), tests/bsn-test-util.c). Each operation either
 * completes (and the ledger verifies) or leaves the database exactly as it
 * was, with a clear message. */
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

static guint
every_fault (Ctx           *c,
             BsnTestFaultOp op,
             int            code)
{
  return bsn_test_fault_every (c->t, op, c, code, BSN_TEST_FAULT_WRITES);
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
  bsn_test_fault_vfs_install ();
  g_test_add_func ("/faults/award/every-write", test_award_every_fault);
  g_test_add_func ("/faults/import/every-write", test_import_every_fault);
  g_test_add_func ("/faults/voucher-redeem/every-write", test_redeem_every_fault);
  return g_test_run ();
}
