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

  if (!bsn_db_begin (db, FALSE, error))
    return FALSE;
  if (!bsn_db_check_schema_objects (db, check->problems, NULL, error))
    {
      bsn_db_rollback (db);
      return FALSE;
    }
  if (bsn_db_get_user_version (db) < BSN_DB_CHAIN_VERSION)
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

/* The history checked on a connection and thread of its own while this
 * one checks the ledger: the two read the same tables, and a file lets a
 * second reader in beside the first. */
typedef struct
{
  char         *path;
  const char   *hex;
  guint64       n;
  BsnBookCheck *check;
  GError       *error;
} Beside;

static gpointer
history_thread (gpointer data)
{
  Beside *b = data;
  g_autoptr(BsnDb) db = bsn_db_open (b->path, BSN_DB_OPEN_READONLY, &b->error);

  if (db != NULL)
    check_history (db, b->hex, b->n, b->check, &b->error);
  return NULL;
}

static gboolean
can_check_beside (BsnDb *db)
{
  const char *path = bsn_db_get_path (db);

  return bsn_db_get_engine (db) == BSN_ENGINE_SQLITE && path != NULL && *path != '\0'
         && g_strcmp0 (path, ":memory:") != 0 && !bsn_db_in_transaction (db);
}

BsnBookCheck *
bsn_chain_check_book (BsnDb      *db,
                      const char *witness,
                      GError    **error)
{
  g_autoptr(BsnBookCheck) check = g_new0 (BsnBookCheck, 1);
  g_autofree char *hex = NULL;
  Beside beside = { 0 };
  GThread *thread = NULL;
  guint64 n = 0;

  if (witness != NULL && !bsn_chain_parse_witness (witness, &hex, &n, error))
    return NULL;
  check->problems = g_ptr_array_new_with_free_func (g_free);
  if (can_check_beside (db))
    {
      beside = (Beside) { g_strdup (bsn_db_get_path (db)), hex, n, check, NULL };
      thread = g_thread_try_new ("bsn-chain", history_thread, &beside, NULL);
    }
  check->ledger = bsn_ledger_verify (db, error);
  if (thread != NULL)
    g_thread_join (thread);
  g_free (beside.path);
  if (check->ledger == NULL)
    {
      g_clear_error (&beside.error);
      return NULL;
    }
  /* A second connection that could not read (a file it may not open):
   * the history is checked here after all. */
  if (beside.error != NULL)
    {
      g_clear_error (&beside.error);
      g_ptr_array_set_size (check->problems, 0);
      g_clear_pointer (&check->head, g_free);
      check->entries = 0;
      thread = NULL;
    }
  if (thread == NULL && !check_history (db, hex, n, check, error))
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

  if (bsn_db_get_user_version (db) < BSN_DB_CHAIN_VERSION)
    head = g_strnfill (64, '0');
  else if (!bsn_db_chain_head (db, &head, &entries, error))
    return NULL;
  return bsn_chain_fingerprint (head, entries);
}
