/* fuzz-import.c — the CSV importer on arbitrary files: rows are imported
 * or rejected with a reason, never a crash, and the ledger always
 * verifies afterwards. */
#include "config.h"

#include <glib/gstdio.h>
#include <unistd.h>

#include "bsn-customer.h"
#include "bsn-import.h"
#include "bsn-ledger.h"
#include "bsn-store.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static BsnDb *db;
static char *csv_path;

static void
set_up (void)
{
  g_autoptr(BsnStore) s = bsn_store_new ();
  g_autoptr(BsnCustomer) c = bsn_customer_new ();
  g_autofree char *dir = g_dir_make_tmp ("bsn-fuzz-XXXXXX", NULL);

  db = bsn_db_open (":memory:", BSN_DB_OPEN_CREATE, NULL);
  s->code = g_strdup ("TK");
  s->name = g_strdup ("Toko");
  s->tier = 3;
  bsn_store_add (db, s, NULL);
  c->code = g_strdup ("C1");
  c->name = g_strdup ("Siti");
  bsn_customer_add (db, c, NULL);
  csv_path = g_build_filename (dir, "fuzz.csv", NULL);
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(BsnImportResult) res = NULL;
  g_autoptr(BsnVerifyReport) v = NULL;

  if (db == NULL)
    set_up ();
  if (!g_file_set_contents (csv_path, (const char *) data, (gssize) size, NULL))
    return 0;
  res = bsn_import_sales (db, csv_path, NULL, NULL, NULL, NULL);
  if (res != NULL)
    for (guint i = 0; i < res->rejected->len; i++)
      {
        BsnImportRejection *r = g_ptr_array_index (res->rejected, i);
        if (r->reason == NULL || r->reason[0] == '\0' || r->line == 0)
          __builtin_trap ();
      }
  v = bsn_ledger_verify (db, NULL);
  if (v == NULL || !v->ok)
    __builtin_trap ();
  return 0;
}
