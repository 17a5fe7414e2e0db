/* bsn-chain.c — the whole book checked (see bsn-chain.h). */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "bsn-chain.h"
#include "bsn-db-chain.h"
#include "bsn-error.h"

void
bsn_book_check_free (BsnBookCheck *check)
{
  if (check == NULL)
    return;
  g_clear_pointer (&check->ledger, bsn_verify_report_free);
  g_clear_pointer (&check->problems, g_ptr_array_unref);
  g_free (check->head);
  g_free (check);
}

/* The schema and the chain, in one read transaction. */
static gboolean
check_history (BsnDb        *db,
               const char   *hex,
               guint64       n,
               BsnBookCheck *check,
               GError      **error)
{
  g_autoptr(BsnChainCheck) chain = NULL;
  int version = 0;

  if (!bsn_db_begin_read (db, NULL, error))
    return FALSE;
  if (!bsn_db_check_schema_objects (db, check->problems, NULL, error))
    {
      bsn_db_rollback (db);
      return FALSE;
    }
  if (!bsn_db_read_user_version (db, &version, error))
    {
      bsn_db_rollback (db);
      return FALSE;
    }
  if (version < BSN_DB_CHAIN_VERSION)
    {
      /* An older file opened read-only: its chain is made when it is
       * opened for writing. */
      bsn_db_rollback (db);
      check->head = g_strnfill (64, '0');
      return TRUE;
    }
  chain = bsn_db_chain_check (db, hex, n, check->problems, error);
  bsn_db_rollback (db);
  if (chain == NULL)
    return FALSE;
  check->head = g_strdup (chain->head);
  check->entries = chain->entries;
  check->witness_ok = chain->witness_ok;
  return TRUE;
}

/* The ledger and the chain in one pass over the data: the chain check
 * reads every posting, leg and receipt to hash it, and hands each row on
 * to the ledger's checks (bsn_ledger_scan_*), which would otherwise read
 * them all again. One connection, one read transaction. */
static gboolean
check_in_one_pass (BsnDb        *db,
                   const char   *hex,
                   guint64       n,
                   BsnBookCheck *check,
                   GError      **error)
{
  BsnChainRows rows = { NULL, bsn_ledger_scan_posting, bsn_ledger_scan_leg, bsn_ledger_scan_receipt,
                        !bsn_db_in_transaction (db) };
  g_autoptr(BsnChainCheck) chain = NULL;
  BsnLedgerScan *scan = NULL;

  if (!bsn_db_begin_read (db, NULL, error))
    return FALSE;
  if (!bsn_db_check_schema_objects (db, check->problems, NULL, error)
      || (scan = bsn_ledger_scan_new (db, error)) == NULL)
    {
      bsn_db_rollback (db);
      return FALSE;
    }
  rows.data = scan;
  chain = bsn_db_chain_check_rows (db, hex, n, check->problems, &rows, error);
  if (chain == NULL)
    bsn_verify_report_free (bsn_ledger_scan_finish (scan, NULL));
  else
    check->ledger = bsn_ledger_scan_finish (scan, error);
  bsn_db_rollback (db);
  if (check->ledger == NULL)
    return FALSE;
  check->head = g_strdup (chain->head);
  check->entries = chain->entries;
  check->witness_ok = chain->witness_ok;
  return TRUE;
}

BsnBookCheck *
bsn_chain_check_book (BsnDb      *db,
                      const char *witness,
                      GError    **error)
{
  g_autoptr(BsnBookCheck) check = g_new0 (BsnBookCheck, 1);
  g_autofree char *hex = NULL;
  guint64 n = 0;
  int version = 0;

  if (witness != NULL && !bsn_chain_parse_witness (witness, &hex, &n, error))
    return NULL;
  check->problems = g_ptr_array_new_with_free_func (g_free);
  /* A version that could not be read is an error, not a book before the
   * chain (whose check would leave the chain out). */
  if (!bsn_db_read_user_version (db, &version, error))
    return NULL;
  if (version >= BSN_DB_CHAIN_VERSION)
    {
      if (!check_in_one_pass (db, hex, n, check, error))
        return NULL;
    }
  else if ((check->ledger = bsn_ledger_verify (db, error)) == NULL
           || !check_history (db, hex, n, check, error))
    return NULL;
  check->ok = check->ledger->ok && check->problems->len == 0;
  return g_steal_pointer (&check);
}

char *
bsn_chain_fingerprint_of (BsnDb   *db,
                          GError **error)
{
  g_autofree char *head = NULL;
  guint64 entries = 0;
  int version = 0;

  if (!bsn_db_read_user_version (db, &version, error))
    return NULL;
  if (version < BSN_DB_CHAIN_VERSION)
    head = g_strnfill (64, '0');
  else if (!bsn_db_chain_head (db, &head, &entries, error))
    return NULL;
  return bsn_chain_fingerprint (head, entries);
}
