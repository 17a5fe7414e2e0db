/* bsn-ledger.c — the point ledger (see bsn-ledger.h). */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "bsn-audit.h"
#include "bsn-auth.h"
#include "bsn-error.h"
#include "bsn-ledger.h"
#include "bsn-ledger-filter.h"
#include "bsn-money.h"

/* The batch caches (bsn_db_batch_cache) of customers' account ids and of
 * accounts' states (AccountState). */
#define CUSTOMER_ACCOUNTS "ledger.customer_accounts"
#define ACCOUNT_STATES    "ledger.accounts"
/* The system accounts a PostgreSQL batch keeps the ids of, keyed by their
 * place in this list (bsn_ledger_system_account). */
static const char *const cached_system_kinds[] = { "produsen", "bsn" };

/* The account of @owner_id, opened when missing. A PostgreSQL batch
 * keeps the ids it read or made in its cache @cache_name (a rollback
 * drops the cache with the rows). */
static gint64
account_lookup_or_create (BsnDb      *db,
                          const char *cache_name,
                          const char *select_sql,
                          const char *insert_sql,
                          gint64      owner_id,
                          GError    **error)
{
  GHashTable *ids = bsn_db_batch_cache (db, cache_name);
  gint64 *known = ids != NULL ? g_hash_table_lookup (ids, &owner_id) : NULL;
  BsnStmt *stmt;
  gint64 id = 0;
  BsnStep rc;

  if (known != NULL)
    return *known;
  if ((stmt = bsn_db_prepare (db, select_sql, error)) == NULL)
    return 0;
  bsn_stmt_bind_int64 (stmt, 1, owner_id);
  if ((rc = bsn_stmt_step (stmt)) == BSN_ROW)
    id = bsn_stmt_column_int64 (stmt, 0);
  /* A failed read is not a missing account: no second one is opened. */
  if (!bsn_db_scan_ended (db, stmt, rc, _("Membaca akun buku poin"), error))
    return 0;
  if (id == 0)
    {
      if ((stmt = bsn_db_prepare (db, insert_sql, error)) == NULL)
        return 0;
      bsn_stmt_bind_int64 (stmt, 1, owner_id);
      if (!bsn_db_step_done (db, stmt, _("Membuka akun buku poin"), error))
        return 0;
      id = bsn_db_last_insert_id (db);
    }
  if (id != 0 && ids != NULL)
    g_hash_table_insert (ids, g_memdup2 (&owner_id, sizeof owner_id), g_memdup2 (&id, sizeof id));
  return id;
}

gint64
bsn_ledger_system_account (BsnDb      *db,
                           const char *kind,
                           GError    **error)
{
  /* A PostgreSQL batch keeps the ids of the co-funding accounts it read
   * (one per kind; keyed by the kind's place in cached_system_kinds). */
  GHashTable *cache = bsn_db_batch_cache (db, "ledger.system_accounts");
  BsnStmt *stmt;
  gint64 id = 0, slot = -1;
  BsnStep rc;

  for (guint i = 0; i < G_N_ELEMENTS (cached_system_kinds); i++)
    if (g_strcmp0 (kind, cached_system_kinds[i]) == 0)
      slot = i;
  if (cache != NULL && slot >= 0)
    {
      gint64 *known = g_hash_table_lookup (cache, &slot);

      if (known != NULL)
        return *known;
    }
  stmt = bsn_db_prepare (db, "SELECT id FROM accounts WHERE kind = ?1", error);
  if (stmt == NULL)
    return 0;
  bsn_stmt_bind_text (stmt, 1, kind);
  if ((rc = bsn_stmt_step (stmt)) == BSN_ROW)
    id = bsn_stmt_column_int64 (stmt, 0);
  if (!bsn_db_scan_ended (db, stmt, rc, _("Membaca akun buku poin"), error))
    return 0;
  if (id == 0)
    g_set_error (error, BSN_ERROR, BSN_ERROR_NOT_FOUND, _("Akun %s tidak ada"), kind);
  else if (cache != NULL && slot >= 0)
    g_hash_table_insert (cache, g_memdup2 (&slot, sizeof slot), g_memdup2 (&id, sizeof id));
  return id;
}

gint64
bsn_ledger_customer_account (BsnDb   *db,
                             gint64   customer_id,
                             GError **error)
{
  return account_lookup_or_create (db, CUSTOMER_ACCOUNTS,
                                   "SELECT id FROM accounts WHERE customer_id = ?1",
                                   "INSERT INTO accounts (kind, customer_id) VALUES ('customer', ?1)",
                                   customer_id, error);
}

gint64
bsn_ledger_reserve_account (BsnDb   *db,
                            gint64   store_id,
                            GError **error)
{
  return account_lookup_or_create (db, "ledger.reserve_accounts",
                                   "SELECT id FROM accounts WHERE store_id = ?1 AND kind = 'reserve'",
                                   "INSERT INTO accounts (kind, store_id) VALUES ('reserve', ?1)",
                                   store_id, error);
}

static gboolean
check_legs (const BsnPostingSpec *spec,
            const BsnLeg         *legs,
            guint                 n_legs,
            GError              **error)
{
  gint64 sum = 0;

  if (spec->idem_key == NULL || *spec->idem_key == '\0' || spec->kind == NULL)
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID, _("Posting tanpa kunci atau jenis"));
      return FALSE;
    }
  if (n_legs < 2)
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_UNBALANCED,
                   _("Posting “%s” perlu sedikitnya dua kaki"), spec->idem_key);
      return FALSE;
    }
  for (guint i = 0; i < n_legs; i++)
    {
      if (__builtin_add_overflow (sum, legs[i].amount_rp, &sum))
        {
          g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID,
                       _("Posting “%s”: jumlah terlalu besar"), spec->idem_key);
          return FALSE;
        }
      for (guint j = 0; j < i; j++)
        if (legs[j].account_id == legs[i].account_id)
          {
            g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID,
                         _("Posting “%s” menyebut akun yang sama dua kali"), spec->idem_key);
            return FALSE;
          }
    }
  if (sum != 0)
    {
      g_autofree char *diff = bsn_money_format (sum);
      g_set_error (error, BSN_ERROR, BSN_ERROR_UNBALANCED,
                   _("Posting “%s” tidak seimbang: selisih %s"), spec->idem_key, diff);
      return FALSE;
    }
  return TRUE;
}

/* *@out_id the posting recorded under @key (0 when none); FALSE when it
 * cannot be read. */
static gboolean
posting_by_key (BsnDb      *db,
                const char *key,
                gint64     *out_id,
                GError    **error)
{
  BsnStmt *stmt = bsn_db_prepare (db, "SELECT id FROM postings WHERE idem_key = ?1", error);
  BsnStep rc;

  *out_id = 0;
  if (stmt == NULL)
    return FALSE;
  bsn_stmt_bind_text (stmt, 1, key);
  if ((rc = bsn_stmt_step (stmt)) == BSN_ROW)
    *out_id = bsn_stmt_column_int64 (stmt, 0);
  return bsn_db_scan_ended (db, stmt, rc, _("Membaca posting"), error);
}

/* An account as a PostgreSQL batch has read it (bsn_db_batch_cache):
 * the balances move with every leg posted in the batch. */
typedef struct
{
  gboolean customer;
  gint64   balance_rp;
  gint64   status_rp;
  gboolean earned;        /* a leg with status points exists … */
  BsnTime  last_earned;   /* … and the latest is at this time */
} AccountState;

/* An account's state from the columns @first … @first + 3 of @stmt:
 * balance, status points, and the latest earning's time (NULL: none). */
static AccountState *
account_state_read (BsnStmt  *stmt,
                    int       first,
                    gboolean  customer)
{
  AccountState *st = g_new0 (AccountState, 1);

  st->customer = customer;
  st->balance_rp = bsn_stmt_column_int64 (stmt, first);
  st->status_rp = bsn_stmt_column_int64 (stmt, first + 1);
  st->earned = !bsn_stmt_column_is_null (stmt, first + 2);
  st->last_earned = bsn_stmt_column_int64 (stmt, first + 2);
  return st;
}

/* The batch's copy of an account: *@out NULL when there is no batch cache
 * (SQLite, no batch) or no such account (the caller reads as ever). */
static gboolean
cached_account (BsnDb         *db,
                gint64         account_id,
                AccountState **out,
                GError       **error)
{
  GHashTable *cache = bsn_db_batch_cache (db, ACCOUNT_STATES);
  AccountState *st;
  BsnStmt *stmt;
  int rc;

  *out = NULL;
  if (cache == NULL)
    return TRUE;
  if ((*out = g_hash_table_lookup (cache, &account_id)) != NULL)
    return TRUE;
  stmt = bsn_db_prepare (db,
                         "SELECT kind = 'customer', balance_rp, status_rp, "
                         "(SELECT max (at) FROM legs WHERE account_id = ?1 AND earned_rp != 0) "
                         "FROM accounts WHERE id = ?1",
                         error);
  if (stmt == NULL)
    return FALSE;
  bsn_stmt_bind_int64 (stmt, 1, account_id);
  rc = bsn_stmt_step (stmt);
  if (rc == BSN_ROW)
    {
      st = account_state_read (stmt, 1, bsn_stmt_column_int (stmt, 0) != 0);
      g_hash_table_insert (cache, g_memdup2 (&account_id, sizeof account_id), st);
      *out = st;
    }
  bsn_stmt_reset (stmt);
  if (rc == BSN_STEP_FAILED)
    {
      bsn_db_set_error (db, error, _("Membaca saldo"));
      return FALSE;
    }
  return TRUE;
}

/* Once per batch, every account that is not a customer's (the stores'
 * reserves and the few system accounts, one per store and kind): their ids
 * and states, as account_lookup_or_create, bsn_ledger_system_account and
 * cached_account keep them. Each was read where a posting first needed it,
 * mid-batch, and a read of accounts sends every row held back first (the
 * legs move balances): 400 more flushes in a 100k import. */
static gboolean
prefetch_other_accounts (BsnDb   *db,
                         GError **error)
{
  GHashTable *loaded = bsn_db_batch_cache (db, "ledger.others_loaded");
  GHashTable *states = bsn_db_batch_cache (db, ACCOUNT_STATES);
  GHashTable *reserves = bsn_db_batch_cache (db, "ledger.reserve_accounts");
  GHashTable *systems = bsn_db_batch_cache (db, "ledger.system_accounts");
  const gint64 marker = 0;
  BsnStmt *stmt;
  BsnStep rc;

  if (loaded == NULL || states == NULL || reserves == NULL || systems == NULL
      || g_hash_table_contains (loaded, &marker))
    return TRUE;
  stmt = bsn_db_prepare (db,
                         "SELECT a.id, a.kind, coalesce (a.store_id, 0), a.balance_rp, a.status_rp, "
                         "(SELECT max (at) FROM legs WHERE account_id = a.id AND earned_rp != 0) "
                         "FROM accounts a WHERE a.kind <> 'customer'",
                         error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = bsn_stmt_step (stmt)) == BSN_ROW)
    {
      gint64 id = bsn_stmt_column_int64 (stmt, 0), store_id = bsn_stmt_column_int64 (stmt, 2);
      const char *kind = bsn_stmt_column_text (stmt, 1);

      if (!g_hash_table_contains (states, &id))
        g_hash_table_insert (states, g_memdup2 (&id, sizeof id), account_state_read (stmt, 3, FALSE));
      if (g_strcmp0 (kind, "reserve") == 0)
        g_hash_table_insert (reserves, g_memdup2 (&store_id, sizeof store_id), g_memdup2 (&id, sizeof id));
      for (gint64 slot = 0; slot < (gint64) G_N_ELEMENTS (cached_system_kinds); slot++)
        if (g_strcmp0 (kind, cached_system_kinds[slot]) == 0)
          g_hash_table_insert (systems, g_memdup2 (&slot, sizeof slot), g_memdup2 (&id, sizeof id));
    }
  bsn_stmt_reset (stmt);
  if (rc != BSN_DONE)
    {
      bsn_db_set_error (db, error, _("Membaca saldo"));
      return FALSE;
    }
  g_hash_table_insert (loaded, g_memdup2 (&marker, sizeof marker), g_memdup2 (&marker, sizeof marker));
  return TRUE;
}

gboolean
bsn_ledger_prefetch_customers (BsnDb        *db,
                               const gint64 *customer_ids,
                               guint         n,
                               GError      **error)
{
  GHashTable *ids = bsn_db_batch_cache (db, CUSTOMER_ACCOUNTS);
  GHashTable *states = bsn_db_batch_cache (db, ACCOUNT_STATES);
  g_autofree char *array = NULL;
  BsnStmt *stmt;
  int rc;

  if (ids == NULL || states == NULL)
    return TRUE;
  if (!prefetch_other_accounts (db, error))
    return FALSE;
  if ((array = bsn_db_id_array (customer_ids, n, ids)) == NULL)
    return TRUE;
  /* PostgreSQL only (an array): what cached_account reads, for every
   * customer of a read-ahead at once. A customer without an account yet
   * is left out (the award makes it). */
  stmt = bsn_db_prepare (db,
                         "SELECT a.customer_id, a.id, a.balance_rp, a.status_rp, "
                         "(SELECT max (at) FROM legs WHERE account_id = a.id AND earned_rp != 0) "
                         "FROM accounts a WHERE a.customer_id = ANY (?1::bigint[])",
                         error);
  if (stmt == NULL)
    return FALSE;
  bsn_stmt_bind_text (stmt, 1, array);
  while ((rc = bsn_stmt_step (stmt)) == BSN_ROW)
    {
      gint64 customer_id = bsn_stmt_column_int64 (stmt, 0);
      gint64 account_id = bsn_stmt_column_int64 (stmt, 1);

      g_hash_table_insert (ids, g_memdup2 (&customer_id, sizeof customer_id),
                           g_memdup2 (&account_id, sizeof account_id));
      if (!g_hash_table_contains (states, &account_id))
        g_hash_table_insert (states, g_memdup2 (&account_id, sizeof account_id),
                             account_state_read (stmt, 2, TRUE));
    }
  bsn_stmt_reset (stmt);
  if (rc != BSN_DONE)
    {
      bsn_db_set_error (db, error, _("Membaca saldo"));
      return FALSE;
    }
  return TRUE;
}

/* Moves the balance of a leg's account: every leg goes through
 * bsn_ledger_post, so balances always equal the sum of their legs
 * (checked by bsn_ledger_verify). On PostgreSQL from version 19 the
 * server moves them itself when the legs are inserted (a trigger on legs,
 * bsn-db-schema-pg.c; no app login may write them), so only a batch's
 * copy moves here. */
static gboolean
move_balance (BsnDb        *db,
              const BsnLeg *leg,
              BsnTime       at,
              GError      **error)
{
  GHashTable *cache = bsn_db_batch_cache (db, ACCOUNT_STATES);
  AccountState *st = cache != NULL ? g_hash_table_lookup (cache, &leg->account_id) : NULL;

  if (st != NULL)
    {
      st->balance_rp += leg->amount_rp;
      st->status_rp += leg->earned_rp;
      if (leg->earned_rp != 0)
        {
          st->last_earned = st->earned ? MAX (st->last_earned, at) : at;
          st->earned = TRUE;
        }
    }
  if (bsn_db_server_moves_balances (db))
    return TRUE;
  {
  BsnStmt *stmt = bsn_db_prepare (db,
                                       "UPDATE accounts SET balance_rp = balance_rp + ?2, status_rp = status_rp + ?3 "
                                       "WHERE id = ?1",
                                       error);

  if (stmt == NULL)
    return FALSE;
  bsn_stmt_bind_int64 (stmt, 1, leg->account_id);
  bsn_stmt_bind_int64 (stmt, 2, leg->amount_rp);
  bsn_stmt_bind_int64 (stmt, 3, leg->earned_rp);
  return bsn_db_step_done (db, stmt, _("Mencatat kaki posting"), error);
  }
}

/* A customer never holds negative points: checked after the legs moved,
 * inside the same transaction, so a refused posting leaves no trace. */
static gboolean
check_no_overdraft (BsnDb        *db,
                    const BsnLeg *legs,
                    guint         n_legs,
                    GError      **error)
{
  for (guint i = 0; i < n_legs; i++)
    {
      BsnStmt *stmt;
      gint64 balance = 0;
      gboolean customer = FALSE;
      BsnStep rc;

      AccountState *st;

      if (legs[i].amount_rp >= 0 && legs[i].earned_rp >= 0)
        continue;
      if (!cached_account (db, legs[i].account_id, &st, error))
        return FALSE;
      if (st != NULL)
        {
          if (st->customer && MIN (st->balance_rp, st->status_rp) < 0)
            {
              g_set_error (error, BSN_ERROR, BSN_ERROR_REFUSED,
                           _("Poin pelanggan tidak cukup: saldo akan menjadi negatif"));
              return FALSE;
            }
          continue;
        }
      stmt = bsn_db_prepare (db, "SELECT kind = 'customer', balance_rp, status_rp FROM accounts WHERE id = ?1",
                             error);
      if (stmt == NULL)
        return FALSE;
      bsn_stmt_bind_int64 (stmt, 1, legs[i].account_id);
      if ((rc = bsn_stmt_step (stmt)) == BSN_ROW)
        {
          customer = bsn_stmt_column_int (stmt, 0) != 0;
          balance = MIN (bsn_stmt_column_int64 (stmt, 1), bsn_stmt_column_int64 (stmt, 2));
        }
      /* An unread balance is not one that stays above zero. */
      if (!bsn_db_scan_ended (db, stmt, rc, _("Membaca saldo"), error))
        return FALSE;
      if (customer && balance < 0)
        {
          g_set_error (error, BSN_ERROR, BSN_ERROR_REFUSED,
                       _("Poin pelanggan tidak cukup: saldo akan menjadi negatif"));
          return FALSE;
        }
    }
  return TRUE;
}

/* "… [dicatat mundur oleh sri pada 2026-12-06T11:50:00]": the memo of a
 * posting whose time lies away from the clock, with who recorded it. */
static char *
moved_memo (BsnDb                *db,
            const BsnPostingSpec *spec)
{
  g_autofree char *clock = bsn_time_format_iso (bsn_time_now ());
  const char *actor = bsn_db_get_actor (db, NULL);
  g_autofree char *note = spec->at < bsn_time_now ()
                            ? g_strdup_printf (_("[dicatat mundur oleh %s pada %s]"), actor, clock)
                            : g_strdup_printf (_("[dicatat maju oleh %s pada %s]"), actor, clock);

  if (spec->memo == NULL || spec->memo[0] == '\0')
    return g_steal_pointer (&note);
  return g_strdup_printf ("%s %s", spec->memo, note);
}

/* The audit entry of a moved time: "posting.backdated" by the signed-in
 * user, subject the posting id, after {posting, kind, at, clock}. */
static gboolean
audit_moved (BsnDb                *db,
             const BsnPostingSpec *spec,
             gint64                id,
             GError              **error)
{
  g_autofree char *subject = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  g_autofree char *at = bsn_time_format_iso (spec->at);
  g_autofree char *clock = bsn_time_format_iso (bsn_time_now ());
  g_autofree char *after = bsn_audit_json ("posting", BSN_AUDIT_INT, id, "kind", BSN_AUDIT_STR, spec->kind, "at",
                                           BSN_AUDIT_STR, at, "clock", BSN_AUDIT_STR, clock, NULL);

  return bsn_audit_record (db, "posting.backdated", subject, NULL, after, error);
}

gboolean
bsn_ledger_post (BsnDb                *db,
                 const BsnPostingSpec *spec,
                 const BsnLeg         *legs,
                 guint                 n_legs,
                 gint64               *out_id,
                 gboolean             *out_duplicate,
                 GError              **error)
{
  BsnStmt *stmt;
  gint64 id;
  gboolean moved = FALSE;
  gboolean known_new;
  g_autofree char *memo = NULL;

  if (out_duplicate)
    *out_duplicate = FALSE;
  if (!check_legs (spec, legs, n_legs, error))
    return FALSE;
  /* The clock rule (bsn-auth.h): a kasir's time is the machine's; another
   * role's time away from it is written into the posting's memo. */
  if (!bsn_auth_check_clock (db, spec->at, &moved, error))
    return FALSE;
  memo = moved ? moved_memo (db, spec) : g_strdup (spec->memo ? spec->memo : "");
  /* SQLite answers changes() at once: only PostgreSQL takes the shortcut. */
  known_new = spec->key_is_new && bsn_db_get_engine (db) == BSN_ENGINE_POSTGRESQL;
  if (!bsn_db_begin (db, TRUE, error))
    return FALSE;

  stmt = known_new ? bsn_db_prepare (db,
                                     "INSERT INTO postings (idem_key, kind, at, store_id, customer_id, amount_rp, "
                                     "memo, reverses_id, created_at) "
                                     "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, unixepoch())",
                                     error)
                   : bsn_db_prepare (db,
                                     "INSERT INTO postings (idem_key, kind, at, store_id, customer_id, amount_rp, "
                                     "memo, reverses_id, created_at) "
                                     "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, unixepoch()) "
                                     "ON CONFLICT (idem_key) DO NOTHING",
                                     error);
  if (stmt == NULL)
    goto fail;
  bsn_stmt_bind_text (stmt, 1, spec->idem_key);
  bsn_stmt_bind_text (stmt, 2, spec->kind);
  bsn_stmt_bind_int64 (stmt, 3, spec->at);
  if (spec->store_id)
    bsn_stmt_bind_int64 (stmt, 4, spec->store_id);
  if (spec->customer_id)
    bsn_stmt_bind_int64 (stmt, 5, spec->customer_id);
  bsn_stmt_bind_int64 (stmt, 6, spec->amount_rp);
  bsn_stmt_bind_text (stmt, 7, memo);
  if (spec->reverses_id)
    bsn_stmt_bind_int64 (stmt, 8, spec->reverses_id);
  if (!bsn_db_step_done (db, stmt, _("Mencatat posting"), error))
    goto fail;

  if (!known_new && bsn_db_changes (db) == 0)
    {
      if (!posting_by_key (db, spec->idem_key, &id, error))
        goto fail;
      bsn_db_rollback (db);
      if (out_id)
        *out_id = id;
      if (out_duplicate)
        *out_duplicate = TRUE;
      return TRUE;
    }
  id = bsn_db_last_insert_id (db);

  stmt = bsn_db_prepare (db,
                         "INSERT INTO legs (posting_id, account_id, amount_rp, earned_rp, at) VALUES (?1, ?2, ?3, ?4, ?5)",
                         error);
  if (stmt == NULL)
    goto fail;
  for (guint i = 0; i < n_legs; i++)
    {
      bsn_stmt_reset (stmt);
      bsn_stmt_bind_int64 (stmt, 1, id);
      bsn_stmt_bind_int64 (stmt, 2, legs[i].account_id);
      bsn_stmt_bind_int64 (stmt, 3, legs[i].amount_rp);
      bsn_stmt_bind_int64 (stmt, 4, legs[i].earned_rp);
      bsn_stmt_bind_int64 (stmt, 5, spec->at);
      if (!bsn_db_step_done (db, stmt, _("Mencatat kaki posting"), error)
          || !move_balance (db, &legs[i], spec->at, error))
        goto fail;
    }
  if (!check_no_overdraft (db, legs, n_legs, error))
    goto fail;
  if (moved && !audit_moved (db, spec, id, error))
    goto fail;
  if (!bsn_db_commit (db, error))
    return FALSE;
  if (out_id)
    *out_id = id;
  return TRUE;

fail:
  bsn_db_rollback (db);
  return FALSE;
}

gboolean
bsn_ledger_post_opening (BsnDb    *db,
                         gint64    customer_id,
                         gint64    points_rp,
                         BsnTime   at,
                         gint64   *out_id,
                         gboolean *out_duplicate,
                         GError  **error)
{
  BsnStmt *stmt;
  gint64 account, standing_id = 0, standing_amount = 0, previous = 0;
  g_autofree char *key = NULL;
  BsnPostingSpec spec = { 0 };
  BsnLeg legs[2];
  gboolean ok;
  BsnStep rc;

  if (points_rp <= 0)
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID, _("Saldo awal harus lebih dari nol poin"));
      return FALSE;
    }
  if (!bsn_db_begin (db, TRUE, error))
    return FALSE;
  if (!bsn_auth_require (db, BSN_PERM_LEDGER, error))
    goto fail;
  account = bsn_ledger_customer_account (db, customer_id, error);
  if (account == 0)
    goto fail;

  /* The standing (not reversed) opening, and how many there ever were. */
  stmt = bsn_db_prepare (db,
                         "SELECT p.id, p.amount_rp, r.id FROM postings p "
                         "LEFT JOIN postings r ON r.reverses_id = p.id "
                         "WHERE p.id IN (SELECT posting_id FROM legs WHERE account_id = ?1) "
                         "AND p.kind = 'opening' ORDER BY p.id",
                         error);
  if (stmt == NULL)
    goto fail;
  bsn_stmt_bind_int64 (stmt, 1, account);
  while ((rc = bsn_stmt_step (stmt)) == BSN_ROW)
    {
      previous++;
      if (bsn_stmt_column_is_null (stmt, 2))
        {
          standing_id = bsn_stmt_column_int64 (stmt, 0);
          standing_amount = bsn_stmt_column_int64 (stmt, 1);
        }
    }
  if (!bsn_db_scan_ended (db, stmt, rc, _("Membaca saldo awal"), error))
    goto fail;

  if (standing_id != 0)
    {
      bsn_db_rollback (db);
      if (standing_amount == points_rp)
        {
          if (out_id)
            *out_id = standing_id;
          if (out_duplicate)
            *out_duplicate = TRUE;
          return TRUE;
        }
      g_autofree char *pts = bsn_points_format (standing_amount);
      g_set_error (error, BSN_ERROR, BSN_ERROR_REFUSED,
                   _("Pelanggan ini sudah punya saldo awal %s (posting #%" G_GINT64_FORMAT "); "
                     "batalkan dulu posting itu bila jumlahnya salah"),
                   pts, standing_id);
      return FALSE;
    }

  key = g_strdup_printf ("opening:%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT, customer_id, previous + 1);
  spec.idem_key = key;
  spec.kind = "opening";
  spec.at = at;
  spec.customer_id = customer_id;
  spec.amount_rp = points_rp;
  spec.memo = _("Saldo awal");
  legs[0] = (BsnLeg) { account, points_rp, points_rp };
  legs[1] = (BsnLeg) { BSN_ACCOUNT_EQUITY, -points_rp, 0 };
  ok = bsn_ledger_post (db, &spec, legs, 2, out_id, out_duplicate, error);
  if (!ok)
    goto fail;
  {
    g_autofree char *subject = g_strdup_printf ("#%" G_GINT64_FORMAT, customer_id);
    g_autofree char *after = bsn_audit_json ("points_rp", BSN_AUDIT_INT, points_rp, NULL);
    if (!bsn_audit_record (db, "ledger.opening", subject, NULL, after, error))
      goto fail;
  }
  return bsn_db_commit (db, error);

fail:
  bsn_db_rollback (db);
  return FALSE;
}

gboolean
bsn_ledger_reverse (BsnDb      *db,
                    gint64      posting_id,
                    const char *reason,
                    BsnTime     at,
                    gint64     *out_id,
                    GError    **error)
{
  BsnStmt *stmt;
  g_autoptr(GArray) legs = g_array_new (FALSE, FALSE, sizeof (BsnLeg));
  g_autofree char *key = NULL;
  g_autofree char *kind = NULL;
  BsnPostingSpec spec = { 0 };
  gint64 reverses = 0, reversed_by = 0;
  gboolean duplicate = FALSE;
  int rc;

  g_autofree char *trimmed = g_strstrip (g_strdup (reason ? reason : ""));

  if (*trimmed == '\0')
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID, _("Alasan pembatalan wajib diisi"));
      return FALSE;
    }
  if (!bsn_db_begin (db, TRUE, error))
    return FALSE;
  if (!bsn_auth_require (db, BSN_PERM_LEDGER, error))
    goto fail;

  stmt = bsn_db_prepare (db,
                         "SELECT p.kind, p.store_id, p.customer_id, p.amount_rp, p.reverses_id, r.id "
                         "FROM postings p LEFT JOIN postings r ON r.reverses_id = p.id WHERE p.id = ?1",
                         error);
  if (stmt == NULL)
    goto fail;
  bsn_stmt_bind_int64 (stmt, 1, posting_id);
  rc = bsn_stmt_step (stmt);
  if (rc == BSN_ROW)
    {
      kind = g_strdup (bsn_stmt_column_text (stmt, 0));
      spec.store_id = bsn_stmt_column_int64 (stmt, 1);
      spec.customer_id = bsn_stmt_column_int64 (stmt, 2);
      spec.amount_rp = bsn_stmt_column_int64 (stmt, 3);
      reverses = bsn_stmt_column_int64 (stmt, 4);
      reversed_by = bsn_stmt_column_int64 (stmt, 5);
    }
  bsn_stmt_reset (stmt);
  if (rc != BSN_ROW)
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_NOT_FOUND,
                   _("Posting #%" G_GINT64_FORMAT " tidak ada"), posting_id);
      goto fail;
    }
  if (reverses != 0)
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_REFUSED,
                   _("Posting #%" G_GINT64_FORMAT " adalah pembatalan; pembatalan tidak dapat dibatalkan lagi"),
                   posting_id);
      goto fail;
    }
  if (reversed_by != 0)
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_REFUSED,
                   _("Posting #%" G_GINT64_FORMAT " sudah dibatalkan oleh posting #%" G_GINT64_FORMAT),
                   posting_id, reversed_by);
      goto fail;
    }

  stmt = bsn_db_prepare (db, "SELECT account_id, amount_rp, earned_rp FROM legs WHERE posting_id = ?1", error);
  if (stmt == NULL)
    goto fail;
  bsn_stmt_bind_int64 (stmt, 1, posting_id);
  while ((rc = bsn_stmt_step (stmt)) == BSN_ROW)
    {
      BsnLeg leg = {
        bsn_stmt_column_int64 (stmt, 0),
        -bsn_stmt_column_int64 (stmt, 1),
        -bsn_stmt_column_int64 (stmt, 2),
      };
      g_array_append_val (legs, leg);
    }
  /* A reversal of part of the legs would not undo the posting. */
  if (!bsn_db_scan_ended (db, stmt, rc, _("Membaca buku poin"), error))
    goto fail;

  key = g_strdup_printf ("reverse:%" G_GINT64_FORMAT, posting_id);
  spec.idem_key = key;
  spec.kind = "reversal";
  spec.at = at;
  spec.memo = reason;
  spec.reverses_id = posting_id;
  if (!bsn_ledger_post (db, &spec, (BsnLeg *) legs->data, legs->len, out_id, &duplicate, error))
    goto fail;
  {
    g_autofree char *subject = g_strdup_printf ("#%" G_GINT64_FORMAT, posting_id);
    g_autofree char *before = bsn_audit_json ("kind", BSN_AUDIT_STR, kind, "amount_rp", BSN_AUDIT_INT, spec.amount_rp,
                                              NULL);
    g_autofree char *after = bsn_audit_json ("reversal", BSN_AUDIT_INT, out_id ? *out_id : 0, "reason", BSN_AUDIT_STR,
                                             reason, NULL);
    if (!bsn_audit_record (db, "ledger.reverse", subject, before, after, error))
      goto fail;
  }
  return bsn_db_commit (db, error);

fail:
  bsn_db_rollback (db);
  return FALSE;
}

gboolean
bsn_ledger_account_balance (BsnDb   *db,
                            gint64   account_id,
                            gint64  *out_balance_rp,
                            gint64  *out_status_rp,
                            GError **error)
{
  BsnStmt *stmt;
  AccountState *st;
  int rc;

  if (!cached_account (db, account_id, &st, error))
    return FALSE;
  if (st != NULL)
    {
      if (out_balance_rp)
        *out_balance_rp = st->balance_rp;
      if (out_status_rp)
        *out_status_rp = st->status_rp;
      return TRUE;
    }
  stmt = bsn_db_prepare (db, "SELECT balance_rp, status_rp FROM accounts WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  bsn_stmt_bind_int64 (stmt, 1, account_id);
  rc = bsn_stmt_step (stmt);
  if (rc == BSN_ROW)
    {
      if (out_balance_rp)
        *out_balance_rp = bsn_stmt_column_int64 (stmt, 0);
      if (out_status_rp)
        *out_status_rp = bsn_stmt_column_int64 (stmt, 1);
    }
  /* A failed read is a storage error, not a missing account. */
  if (!bsn_db_scan_ended (db, stmt, rc, _("Membaca saldo"), error))
    return FALSE;
  if (rc != BSN_ROW)
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_NOT_FOUND,
                   _("Akun #%" G_GINT64_FORMAT " tidak ada"), account_id);
      return FALSE;
    }
  return TRUE;
}

gboolean
bsn_ledger_status_before (BsnDb   *db,
                          gint64   account_id,
                          BsnTime  at,
                          gint64  *out_status_rp,
                          GError **error)
{
  /* The status points earned at or after @at, taken from the account's
   * total (which is the sum of all its legs' earned points, checked by
   * verify): a back-dated receipt reads the few legs after it, not the
   * whole history before it (a customer with 400 000 receipts: 2.7 ms a
   * receipt, against one index probe now). */
  BsnStmt *stmt = bsn_db_prepare (db,
                                  "SELECT coalesce (sum (earned_rp), 0) FROM legs "
                                  "WHERE account_id = ?1 AND at >= ?2 AND earned_rp != 0",
                                  error);
  AccountState *st;
  gint64 later_rp, status_rp = 0;
  int rc;

  if (stmt == NULL || !cached_account (db, account_id, &st, error))
    return FALSE;
  /* The batch knows the account's latest status leg. */
  if (st != NULL && (!st->earned || st->last_earned < at))
    {
      *out_status_rp = st->status_rp;
      return TRUE;
    }
  bsn_stmt_bind_int64 (stmt, 1, account_id);
  bsn_stmt_bind_int64 (stmt, 2, at);
  rc = bsn_stmt_step (stmt);
  later_rp = rc == BSN_ROW ? bsn_stmt_column_int64 (stmt, 0) : 0;
  bsn_stmt_reset (stmt);
  if (rc != BSN_ROW)
    {
      bsn_db_set_error (db, error, _("Membaca poin status"));
      return FALSE;
    }
  if (!bsn_ledger_account_balance (db, account_id, NULL, &status_rp, error))
    return FALSE;
  *out_status_rp = status_rp - later_rp;
  return TRUE;
}

gboolean
bsn_ledger_customer_balance (BsnDb   *db,
                             gint64   customer_id,
                             gint64  *out_balance_rp,
                             gint64  *out_status_rp,
                             GError **error)
{
  BsnStmt *stmt;
  int rc;

  if (!bsn_auth_require (db, BSN_PERM_READ_FINANCE, error))
    return FALSE;
  stmt = bsn_db_prepare (db, "SELECT balance_rp, status_rp FROM accounts WHERE customer_id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  bsn_stmt_bind_int64 (stmt, 1, customer_id);
  rc = bsn_stmt_step (stmt);
  if (out_balance_rp)
    *out_balance_rp = rc == BSN_ROW ? bsn_stmt_column_int64 (stmt, 0) : 0;
  if (out_status_rp)
    *out_status_rp = rc == BSN_ROW ? bsn_stmt_column_int64 (stmt, 1) : 0;
  bsn_stmt_reset (stmt);
  if (rc != BSN_ROW && rc != BSN_DONE)
    {
      bsn_db_set_error (db, error, _("Membaca saldo"));
      return FALSE;
    }
  return TRUE;
}

/* ---- Reading postings ---- */

void
bsn_posting_row_free (BsnPostingRow *row)
{
  if (row == NULL)
    return;
  g_free (row->kind);
  g_free (row->store_code);
  g_free (row->customer_code);
  g_free (row->customer_name);
  g_free (row->memo);
  g_free (row);
}

const char *
bsn_posting_kind_label (const char *kind)
{
  static const struct { const char *kind; const char *label; } labels[] = {
    { "opening", N_("Saldo awal") },
    { "award", N_("Perolehan poin") },
    { "bonus", N_("Bonus program") },
    { "reversal", N_("Pembatalan") },
    { "deposit", N_("Setoran cadangan") },
    { "withdrawal", N_("Penarikan cadangan") },
    { "voucher", N_("Penerbitan voucher") },
    { "redemption", N_("Penukaran voucher") },
    { "settlement", N_("Penyelesaian antartoko") },
    { "expiry", N_("Poin kedaluwarsa") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_strcmp0 (kind, labels[i].kind) == 0)
      return _(labels[i].label);
  return kind;
}

char *
bsn_posting_filter_sql (const BsnPostingFilter *filter,
                        gboolean                date_index)
{
  gboolean narrowed = filter != NULL && (filter->store_id != 0 || filter->customer_id != 0);
  const char *at = date_index && !narrowed ? "p.at" : "+p.at";
  GString *w = g_string_new (" WHERE 1 = 1");

  if (filter == NULL)
    return g_string_free (w, FALSE);
  if (filter->store_id)
    g_string_append (w, " AND p.store_id = ?1");
  if (filter->customer_id)
    g_string_append (w, " AND p.id IN (SELECT l.posting_id FROM legs l WHERE l.account_id = "
                        "(SELECT a.id FROM accounts a WHERE a.customer_id = ?2))");
  if (filter->from)
    g_string_append_printf (w, " AND %s >= ?3", at);
  if (filter->to)
    g_string_append_printf (w, " AND %s < ?4", at);
  return g_string_free (w, FALSE);
}

void
bsn_posting_filter_bind (BsnStmt                *stmt,
                         const BsnPostingFilter *filter)
{
  if (filter == NULL)
    return;
  if (filter->store_id)
    bsn_stmt_bind_int64 (stmt, 1, filter->store_id);
  if (filter->customer_id)
    bsn_stmt_bind_int64 (stmt, 2, filter->customer_id);
  if (filter->from)
    bsn_stmt_bind_int64 (stmt, 3, filter->from);
  if (filter->to)
    bsn_stmt_bind_int64 (stmt, 4, filter->to);
}

gboolean
bsn_ledger_count_postings (BsnDb                  *db,
                           const BsnPostingFilter *filter,
                           guint64                *out_count,
                           GError                **error)
{
  g_autofree char *where = bsn_posting_filter_sql (filter, TRUE);
  g_autofree char *sql = g_strconcat ("SELECT count(*) FROM postings p", where, NULL);
  BsnStmt *stmt = bsn_db_prepare (db, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  bsn_posting_filter_bind (stmt, filter);
  rc = bsn_stmt_step (stmt);
  if (rc == BSN_ROW)
    *out_count = (guint64) bsn_stmt_column_int64 (stmt, 0);
  bsn_stmt_reset (stmt);
  if (rc != BSN_ROW)
    {
      bsn_db_set_error (db, error, _("Menghitung posting"));
      return FALSE;
    }
  return TRUE;
}

GPtrArray *
bsn_ledger_list_postings (BsnDb                  *db,
                          const BsnPostingFilter *filter,
                          guint64                 offset,
                          guint                   limit,
                          GError                **error)
{
  g_autofree char *where = bsn_posting_filter_sql (filter, TRUE);
  g_autofree char *sql = g_strconcat (
    "SELECT p.id, p.at, p.kind, s.code, c.code, c.name, p.amount_rp, p.memo, p.reverses_id, r.id "
    "FROM postings p LEFT JOIN stores s ON s.id = p.store_id "
    "LEFT JOIN customers c ON c.id = p.customer_id "
    "LEFT JOIN postings r ON r.reverses_id = p.id",
    where, " ORDER BY p.id DESC LIMIT ?5 OFFSET ?6", NULL);
  BsnStmt *stmt;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) bsn_posting_row_free);
  int rc;

  if (!bsn_auth_require (db, BSN_PERM_READ_FINANCE, error) || (stmt = bsn_db_prepare (db, sql, error)) == NULL)
    return NULL;
  bsn_posting_filter_bind (stmt, filter);
  bsn_stmt_bind_int64 (stmt, 5, limit);
  bsn_stmt_bind_int64 (stmt, 6, (gint64) offset);
  while ((rc = bsn_stmt_step (stmt)) == BSN_ROW)
    {
      BsnPostingRow *row = g_new0 (BsnPostingRow, 1);
      row->id = bsn_stmt_column_int64 (stmt, 0);
      row->at = bsn_stmt_column_int64 (stmt, 1);
      row->kind = g_strdup (bsn_stmt_column_text (stmt, 2));
      row->store_code = g_strdup (bsn_stmt_column_text (stmt, 3));
      row->customer_code = g_strdup (bsn_stmt_column_text (stmt, 4));
      row->customer_name = g_strdup (bsn_stmt_column_text (stmt, 5));
      row->amount_rp = bsn_stmt_column_int64 (stmt, 6);
      row->memo = g_strdup (bsn_stmt_column_text (stmt, 7));
      row->reverses_id = bsn_stmt_column_int64 (stmt, 8);
      row->reversed_by = bsn_stmt_column_int64 (stmt, 9);
      g_ptr_array_add (rows, row);
    }
  bsn_stmt_reset (stmt);
  if (rc != BSN_DONE)
    {
      bsn_db_set_error (db, error, _("Membaca buku poin"));
      return NULL;
    }
  return g_steal_pointer (&rows);
}

void
bsn_leg_row_free (BsnLegRow *row)
{
  if (row == NULL)
    return;
  g_free (row->account_label);
  g_free (row);
}

GPtrArray *
bsn_ledger_list_legs (BsnDb   *db,
                      gint64   posting_id,
                      GError **error)
{
  BsnStmt *stmt = !bsn_auth_require (db, BSN_PERM_READ_FINANCE, error) ? NULL : bsn_db_prepare (db,
                                       "SELECT l.account_id, a.kind, c.code, s.code, l.amount_rp, l.earned_rp "
                                       "FROM legs l JOIN accounts a ON a.id = l.account_id "
                                       "LEFT JOIN customers c ON c.id = a.customer_id "
                                       "LEFT JOIN stores s ON s.id = a.store_id "
                                       "WHERE l.posting_id = ?1 ORDER BY l.account_id",
                                       error);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) bsn_leg_row_free);
  BsnStep rc;

  if (stmt == NULL)
    return NULL;
  bsn_stmt_bind_int64 (stmt, 1, posting_id);
  while ((rc = bsn_stmt_step (stmt)) == BSN_ROW)
    {
      BsnLegRow *row = g_new0 (BsnLegRow, 1);
      const char *kind = bsn_stmt_column_text (stmt, 1);

      row->account_id = bsn_stmt_column_int64 (stmt, 0);
      if (g_strcmp0 (kind, "customer") == 0)
        row->account_label = g_strdup_printf (_("Pelanggan %s"), bsn_stmt_column_text (stmt, 2));
      else if (g_strcmp0 (kind, "reserve") == 0)
        row->account_label = g_strdup_printf (_("Cadangan %s"), bsn_stmt_column_text (stmt, 3));
      else if (g_strcmp0 (kind, "clearing") == 0)
        row->account_label = g_strdup (_("Kliring jaringan"));
      else if (g_strcmp0 (kind, "produsen") == 0)
        row->account_label = g_strdup (_("Dana produsen"));
      else if (g_strcmp0 (kind, "bsn") == 0)
        row->account_label = g_strdup (_("Dana program BSN"));
      else
        row->account_label = g_strdup (_("Saldo awal (ekuitas)"));
      row->amount_rp = bsn_stmt_column_int64 (stmt, 4);
      row->earned_rp = bsn_stmt_column_int64 (stmt, 5);
      g_ptr_array_add (rows, row);
    }
  /* Legs missing would show a posting that does not sum to zero. */
  if (!bsn_db_scan_ended (db, stmt, rc, _("Membaca buku poin"), error))
    return NULL;
  return g_steal_pointer (&rows);
}
