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

#define MAX_PROBLEMS 100

/* The batch caches (bsn_db_batch_cache) of customers' account ids and of
 * accounts' states (AccountState). */
#define CUSTOMER_ACCOUNTS "ledger.customer_accounts"
#define ACCOUNT_STATES    "ledger.accounts"

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

  if (known != NULL)
    return *known;
  if ((stmt = bsn_db_prepare (db, select_sql, error)) == NULL)
    return 0;
  bsn_stmt_bind_int64 (stmt, 1, owner_id);
  if (bsn_stmt_step (stmt) == BSN_ROW)
    id = bsn_stmt_column_int64 (stmt, 0);
  bsn_stmt_reset (stmt);
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
   * (one per kind; keyed by the kind's place in this list). */
  static const char *const cached_kinds[] = { "produsen", "bsn" };
  GHashTable *cache = bsn_db_batch_cache (db, "ledger.system_accounts");
  BsnStmt *stmt;
  gint64 id = 0, slot = -1;

  for (guint i = 0; i < G_N_ELEMENTS (cached_kinds); i++)
    if (g_strcmp0 (kind, cached_kinds[i]) == 0)
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
  if (bsn_stmt_step (stmt) == BSN_ROW)
    id = bsn_stmt_column_int64 (stmt, 0);
  bsn_stmt_reset (stmt);
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

static gint64
posting_by_key (BsnDb      *db,
                const char *key)
{
  BsnStmt *stmt = bsn_db_prepare (db, "SELECT id FROM postings WHERE idem_key = ?1", NULL);
  gint64 id = 0;

  if (stmt == NULL)
    return 0;
  bsn_stmt_bind_text (stmt, 1, key);
  if (bsn_stmt_step (stmt) == BSN_ROW)
    id = bsn_stmt_column_int64 (stmt, 0);
  bsn_stmt_reset (stmt);
  return id;
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

gboolean
bsn_ledger_prefetch_customers (BsnDb        *db,
                               const gint64 *customer_ids,
                               guint         n,
                               GError      **error)
{
  GHashTable *ids = bsn_db_batch_cache (db, CUSTOMER_ACCOUNTS);
  GHashTable *states = bsn_db_batch_cache (db, ACCOUNT_STATES);
  g_autoptr(GHashTable) seen = NULL;
  g_autoptr(GString) array = NULL;
  BsnStmt *stmt;
  int rc;

  if (ids == NULL || states == NULL)
    return TRUE;
  seen = g_hash_table_new (g_int64_hash, g_int64_equal);
  array = g_string_new (NULL);
  for (guint i = 0; i < n; i++)
    {
      if (customer_ids[i] <= 0 || g_hash_table_contains (ids, &customer_ids[i])
          || !g_hash_table_add (seen, (gpointer) &customer_ids[i]))
        continue;
      g_string_append_printf (array, "%c%" G_GINT64_FORMAT, array->len > 0 ? ',' : '{', customer_ids[i]);
    }
  if (array->len == 0)
    return TRUE;
  g_string_append_c (array, '}');
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
  bsn_stmt_bind_text (stmt, 1, array->str);
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
      if (bsn_stmt_step (stmt) == BSN_ROW)
        {
          customer = bsn_stmt_column_int (stmt, 0) != 0;
          balance = MIN (bsn_stmt_column_int64 (stmt, 1), bsn_stmt_column_int64 (stmt, 2));
        }
      bsn_stmt_reset (stmt);
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
      id = posting_by_key (db, spec->idem_key);
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
  while (bsn_stmt_step (stmt) == BSN_ROW)
    {
      previous++;
      if (bsn_stmt_column_is_null (stmt, 2))
        {
          standing_id = bsn_stmt_column_int64 (stmt, 0);
          standing_amount = bsn_stmt_column_int64 (stmt, 1);
        }
    }
  bsn_stmt_reset (stmt);

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
  while (bsn_stmt_step (stmt) == BSN_ROW)
    {
      BsnLeg leg = {
        bsn_stmt_column_int64 (stmt, 0),
        -bsn_stmt_column_int64 (stmt, 1),
        -bsn_stmt_column_int64 (stmt, 2),
      };
      g_array_append_val (legs, leg);
    }
  bsn_stmt_reset (stmt);

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
  bsn_stmt_reset (stmt);
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
  BsnStmt *stmt = bsn_db_prepare (db,
                                  "SELECT CASE WHEN EXISTS (SELECT 1 FROM legs WHERE account_id = ?1 "
                                  "AND at >= ?2 AND earned_rp != 0) THEN 1 ELSE 0 END",
                                  error);
  gboolean later;
  AccountState *st;
  int rc;

  if (stmt == NULL || !cached_account (db, account_id, &st, error))
    return FALSE;
  if (st != NULL)
    {
      /* The batch knows the account's latest status leg. */
      if (!st->earned || st->last_earned < at)
        {
          *out_status_rp = st->status_rp;
          return TRUE;
        }
      later = TRUE;
    }
  else
    {
      bsn_stmt_bind_int64 (stmt, 1, account_id);
      bsn_stmt_bind_int64 (stmt, 2, at);
      rc = bsn_stmt_step (stmt);
      later = rc == BSN_ROW && bsn_stmt_column_int (stmt, 0) != 0;
      bsn_stmt_reset (stmt);
      if (rc != BSN_ROW)
        {
          bsn_db_set_error (db, error, _("Membaca poin status"));
          return FALSE;
        }
    }
  if (!later)
    return bsn_ledger_account_balance (db, account_id, NULL, out_status_rp, error);

  stmt = bsn_db_prepare (db,
                         "SELECT coalesce (sum (earned_rp), 0) FROM legs "
                         "WHERE account_id = ?1 AND at < ?2 AND earned_rp != 0",
                         error);
  if (stmt == NULL)
    return FALSE;
  bsn_stmt_bind_int64 (stmt, 1, account_id);
  bsn_stmt_bind_int64 (stmt, 2, at);
  rc = bsn_stmt_step (stmt);
  *out_status_rp = rc == BSN_ROW ? bsn_stmt_column_int64 (stmt, 0) : 0;
  bsn_stmt_reset (stmt);
  if (rc != BSN_ROW)
    {
      bsn_db_set_error (db, error, _("Membaca poin status"));
      return FALSE;
    }
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

  if (stmt == NULL)
    return NULL;
  bsn_stmt_bind_int64 (stmt, 1, posting_id);
  while (bsn_stmt_step (stmt) == BSN_ROW)
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
  bsn_stmt_reset (stmt);
  return g_steal_pointer (&rows);
}

/* ---- Verification ---- */

void
bsn_verify_report_free (BsnVerifyReport *report)
{
  if (report == NULL)
    return;
  g_clear_pointer (&report->problems, g_ptr_array_unref);
  g_free (report);
}

G_GNUC_PRINTF (2, 3)
static void
problem (BsnVerifyReport *report,
         const char      *format,
         ...)
{
  va_list args;

  report->ok = FALSE;
  if (report->problems->len >= MAX_PROBLEMS)
    return;
  va_start (args, format);
  g_ptr_array_add (report->problems, g_strdup_vprintf (format, args));
  va_end (args);
}

typedef struct
{
  gint64   balance;
  gint64   status;
  gint64   sum_amount;
  gint64   sum_earned;
  gboolean exists;
  gboolean customer;
} AccountCheck;

static gboolean
load_accounts (BsnDb   *db,
               GArray  *accounts,
               GError **error)
{
  BsnStmt *stmt = bsn_db_prepare_scan (db, "SELECT id, kind = 'customer', balance_rp, status_rp FROM accounts",
                                            error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = bsn_stmt_step (stmt)) == BSN_ROW)
    {
      gint64 id = bsn_stmt_column_int64 (stmt, 0);
      AccountCheck *a;

      if (id < 0 || id > G_MAXINT32)
        continue;
      if ((guint) id >= accounts->len)
        g_array_set_size (accounts, (guint) id + 1);
      a = &g_array_index (accounts, AccountCheck, id);
      a->exists = TRUE;
      a->customer = bsn_stmt_column_int (stmt, 1) != 0;
      a->balance = bsn_stmt_column_int64 (stmt, 2);
      a->status = bsn_stmt_column_int64 (stmt, 3);
    }
  bsn_stmt_reset (stmt);
  if (rc != BSN_DONE)
    {
      bsn_db_set_error (db, error, _("Memeriksa buku poin"));
      return FALSE;
    }
  return TRUE;
}

/* The legs summed per posting and per account as they come, in posting
 * order. */
typedef struct
{
  GArray          *accounts;
  GArray          *negative_earned;
  BsnVerifyReport *report;
  gint64           current;
  gint64           sum;
  guint            legs_in_posting;
  guint            undated;   /* legs found with another time than their posting's */
} LegSums;

/* A posting's amount and time, indexed by id (amount G_MININT64: no
 * posting). */
typedef struct
{
  gint64 amount;
  gint64 at;
} PostingFacts;

/* Each leg carries its posting's time (schema version 11): status points
 * as of a time (bsn_ledger_status_before) read it. FALSE when this leg's
 * differs, named at most 100 times (the caller names a posting once). */
static gboolean
leg_dated (LegSums *s,
           gint64   posting,
           gint64   leg_at,
           gint64   posting_at)
{
  if (leg_at == posting_at)
    return TRUE;
  if (s->undated++ < 100)
    problem (s->report, _("Kaki posting #%" G_GINT64_FORMAT " tidak bertanggal sama dengan postingnya"), posting);
  return FALSE;
}

static void
end_posting (LegSums *s)
{
  if (s->current != 0 && s->sum != 0)
    problem (s->report, _("Posting #%" G_GINT64_FORMAT " tidak seimbang (selisih %" G_GINT64_FORMAT ")"),
             s->current, s->sum);
  if (s->current != 0 && s->legs_in_posting < 2)
    problem (s->report, _("Posting #%" G_GINT64_FORMAT " hanya punya satu kaki"), s->current);
}

static void
sum_leg (LegSums *s,
         gint64   posting,
         gint64   account,
         gint64   amount,
         gint64   earned)
{
  AccountCheck *a;

  if (posting != s->current)
    {
      end_posting (s);
      s->current = posting;
      s->sum = 0;
      s->legs_in_posting = 0;
      s->report->postings++;
    }
  s->sum += amount;
  s->legs_in_posting++;
  s->report->legs++;

  if (account < 0 || (guint64) account >= s->accounts->len
      || !g_array_index (s->accounts, AccountCheck, account).exists)
    {
      problem (s->report, _("Posting #%" G_GINT64_FORMAT " memakai akun #%" G_GINT64_FORMAT " yang tidak ada"),
               posting, account);
      return;
    }
  a = &g_array_index (s->accounts, AccountCheck, account);
  a->sum_amount += amount;
  a->sum_earned += earned;
  if (earned != 0 && !a->customer)
    problem (s->report, _("Posting #%" G_GINT64_FORMAT " memberi poin status ke akun bukan pelanggan"), posting);
  if (earned < 0)
    g_array_append_val (s->negative_earned, posting);
}

/* One pass over every leg, in posting order (the table's primary key):
 * per-posting sums and per-account totals together. The order is asked
 * for: PostgreSQL returns an updated row where it now lies, so a leg
 * edited in place would count its posting twice. */
static gboolean
scan_legs (BsnDb           *db,
           GArray          *accounts,
           GArray          *negative_earned,
           const GArray    *postings,
           BsnVerifyReport *report,
           GError         **error)
{
  gboolean dated = bsn_db_get_user_version (db) >= 11;
  BsnStmt *stmt = bsn_db_prepare_scan (db,
                                       dated ? "SELECT posting_id, account_id, amount_rp, earned_rp, at FROM legs "
                                               "ORDER BY posting_id, account_id"
                                             : "SELECT posting_id, account_id, amount_rp, earned_rp FROM legs "
                                               "ORDER BY posting_id, account_id",
                                       error);
  LegSums sums = { accounts, negative_earned, report, 0, 0, 0, 0 };
  gint64 undated = 0;   /* the last posting named for its legs' time */
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = bsn_stmt_step (stmt)) == BSN_ROW)
    {
      gint64 posting = bsn_stmt_column_int64 (stmt, 0);

      sum_leg (&sums, posting, bsn_stmt_column_int64 (stmt, 1), bsn_stmt_column_int64 (stmt, 2),
               bsn_stmt_column_int64 (stmt, 3));
      /* A leg whose posting is gone is named by the count of postings. */
      if (dated && posting != undated && posting > 0 && (guint64) posting < postings->len
          && g_array_index (postings, PostingFacts, posting).amount != G_MININT64
          && !leg_dated (&sums, posting, bsn_stmt_column_int64 (stmt, 4),
                         g_array_index (postings, PostingFacts, posting).at))
        undated = posting;
    }
  bsn_stmt_reset (stmt);
  if (rc != BSN_DONE)
    {
      bsn_db_set_error (db, error, _("Memeriksa buku poin"));
      return FALSE;
    }
  end_posting (&sums);
  return TRUE;
}

static void
check_accounts (GArray          *accounts,
                BsnVerifyReport *report)
{
  for (guint i = 0; i < accounts->len; i++)
    {
      AccountCheck *a = &g_array_index (accounts, AccountCheck, i);

      if (!a->exists)
        continue;
      report->accounts++;
      if (a->balance != a->sum_amount)
        problem (report, _("Saldo akun #%u tercatat %" G_GINT64_FORMAT " tetapi jumlah kakinya %" G_GINT64_FORMAT),
                 i, a->balance, a->sum_amount);
      if (a->status != a->sum_earned)
        problem (report, _("Poin status akun #%u tercatat %" G_GINT64_FORMAT " tetapi jumlah kakinya %" G_GINT64_FORMAT),
                 i, a->status, a->sum_earned);
      if (a->customer && (a->balance < 0 || a->status < 0))
        problem (report, _("Akun pelanggan #%u bersaldo negatif"), i);
    }
}

/* @total: the postings read in this snapshot (each pass reads them all,
 * in id order, before it ends). */
static gboolean
check_postings (BsnDb           *db,
                GArray          *negative_earned,
                gint64           total,
                BsnVerifyReport *report,
                GError         **error)
{
  BsnStmt *stmt;

  if ((guint64) total != report->postings)
    problem (report, _("%" G_GINT64_FORMAT " posting tercatat tetapi hanya %" G_GUINT64_FORMAT " yang punya kaki"),
             total, report->postings);

  /* Status points fall only when an earning is reversed. */
  stmt = bsn_db_prepare (db, "SELECT reverses_id FROM postings WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < negative_earned->len; i++)
    {
      gint64 id = g_array_index (negative_earned, gint64, i);
      gboolean reversal = FALSE;

      bsn_stmt_reset (stmt);
      bsn_stmt_bind_int64 (stmt, 1, id);
      if (bsn_stmt_step (stmt) == BSN_ROW)
        reversal = !bsn_stmt_column_is_null (stmt, 0);
      if (!reversal)
        problem (report, _("Posting #%" G_GINT64_FORMAT " menurunkan poin status padahal bukan pembatalan"), id);
    }
  bsn_stmt_reset (stmt);

  /* A reversal mirrors its original leg by leg. */
  stmt = bsn_db_prepare (db,
                         "SELECT r.id FROM postings r WHERE r.reverses_id IS NOT NULL AND ("
                         " (SELECT count(*) FROM legs WHERE posting_id = r.id) !="
                         " (SELECT count(*) FROM legs WHERE posting_id = r.reverses_id)"
                         " OR EXISTS (SELECT 1 FROM legs lr LEFT JOIN legs lo"
                         "   ON lo.posting_id = r.reverses_id AND lo.account_id = lr.account_id"
                         "   WHERE lr.posting_id = r.id AND (lo.amount_rp IS NULL"
                         "     OR lo.amount_rp != -lr.amount_rp OR lo.earned_rp != -lr.earned_rp)))",
                         error);
  if (stmt == NULL)
    return FALSE;
  while (bsn_stmt_step (stmt) == BSN_ROW)
    problem (report, _("Pembatalan #%" G_GINT64_FORMAT " tidak mencerminkan posting aslinya"),
             (gint64) bsn_stmt_column_int64 (stmt, 0));
  bsn_stmt_reset (stmt);

  /* Outstanding vouchers are exactly what the clearing account holds, and
   * each voucher's funding adds up to its value. */
  {
    gint64 clearing = bsn_db_query_int (db, "SELECT balance_rp FROM accounts WHERE id = 1", 0);
    gint64 outstanding = bsn_db_query_int (db,
                                           "SELECT coalesce(sum(value_rp), 0) FROM vouchers v "
                                           "WHERE NOT EXISTS (SELECT 1 FROM redemptions r WHERE r.voucher_id = v.id)",
                                           0);
    if (clearing != outstanding)
      problem (report, _("Akun kliring %" G_GINT64_FORMAT " tidak sama dengan voucher beredar %" G_GINT64_FORMAT),
               clearing, outstanding);
  }
  stmt = bsn_db_prepare (db,
                         "SELECT v.code FROM vouchers v WHERE v.value_rp != "
                         "(SELECT coalesce(sum(amount_rp), 0) FROM voucher_funding WHERE voucher_id = v.id)",
                         error);
  if (stmt == NULL)
    return FALSE;
  while (bsn_stmt_step (stmt) == BSN_ROW)
    problem (report, _("Pendanaan voucher %s tidak sama dengan nilainya"), bsn_stmt_column_text (stmt, 0));
  bsn_stmt_reset (stmt);

  /* Consignment quantities are conserved: accepted = sold + remaining +
   * returned, with nothing sold or returned beyond what was accepted. */
  stmt = bsn_db_prepare (db,
                         "SELECT lot_id FROM lot_events GROUP BY lot_id HAVING "
                         "coalesce(sum(CASE WHEN kind = 'sale' THEN qty END), 0) "
                         "+ coalesce(sum(CASE WHEN kind = 'return' THEN qty END), 0) "
                         "> coalesce(sum(CASE WHEN kind = 'accept' THEN qty END), 0) "
                         "OR sum(CASE WHEN kind = 'accept' THEN 1 ELSE 0 END) > 1 "
                         "OR sum(CASE WHEN kind = 'return' THEN 1 ELSE 0 END) > 1",
                         error);
  if (stmt == NULL)
    return FALSE;
  while (bsn_stmt_step (stmt) == BSN_ROW)
    problem (report, _("Jumlah barang titipan #%" G_GINT64_FORMAT " tidak seimbang"),
             (gint64) bsn_stmt_column_int64 (stmt, 0));
  bsn_stmt_reset (stmt);
  return TRUE;
}

/* The amount and time of every posting, PostingFacts indexed by id, and
 * how many there are in @total. */
static GArray *
load_postings (BsnDb   *db,
               gint64  *total,
               GError **error)
{
  BsnStmt *stmt = bsn_db_prepare_scan (db, "SELECT id, amount_rp, at FROM postings ORDER BY id", error);
  g_autoptr(GArray) postings = g_array_new (FALSE, FALSE, sizeof (PostingFacts));
  const PostingFacts none = { G_MININT64, 0 };
  int rc;

  *total = 0;
  if (stmt == NULL)
    return NULL;
  while ((rc = bsn_stmt_step (stmt)) == BSN_ROW)
    {
      gint64 id = bsn_stmt_column_int64 (stmt, 0);

      ++*total;
      if (id < 0 || id > G_MAXINT32)
        continue;
      while (postings->len <= (guint) id)
        g_array_append_val (postings, none);
      g_array_index (postings, PostingFacts, id) = (PostingFacts) { bsn_stmt_column_int64 (stmt, 1),
                                                                    bsn_stmt_column_int64 (stmt, 2) };
    }
  bsn_stmt_reset (stmt);
  if (rc != BSN_DONE)
    {
      bsn_db_set_error (db, error, _("Memeriksa buku poin"));
      return NULL;
    }
  return g_steal_pointer (&postings);
}

/* Each customer's first receipt time (the award keeps it on the customer)
 * equals the earliest of the customer's receipts, @firsts indexed by
 * customer id (G_MAXINT64: none). */
static gboolean
check_first_receipts (BsnDb           *db,
                      GArray          *firsts,
                      BsnVerifyReport *report,
                      GError         **error)
{
  BsnStmt *stmt = bsn_db_prepare_scan (db, "SELECT id, code, coalesce(first_receipt_at, ?1) FROM customers",
                                            error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  bsn_stmt_bind_int64 (stmt, 1, G_MAXINT64);
  while ((rc = bsn_stmt_step (stmt)) == BSN_ROW)
    {
      gint64 id = bsn_stmt_column_int64 (stmt, 0);
      gint64 first = G_MAXINT64;

      if (id >= 0 && id < (gint64) firsts->len)
        first = g_array_index (firsts, gint64, id);
      if (bsn_stmt_column_int64 (stmt, 2) != first)
        problem (report, _("Pelanggan %s: waktu struk pertamanya tidak cocok dengan struk-struknya"),
                 bsn_stmt_column_text (stmt, 1));
    }
  bsn_stmt_reset (stmt);
  if (rc != BSN_DONE)
    {
      bsn_db_set_error (db, error, _("Memeriksa buku poin"));
      return FALSE;
    }
  return TRUE;
}

/* What a receipt says its award posting holds, kept by posting id. */
typedef struct
{
  gint64 value;
  gint64 receipt_id;   /* 0: no receipt names this posting */
} Claim;

/* The receipts checked as they come, in id order, their parts read
 * beside them (a second scan in receipt order, merged here). */
typedef struct _ClaimWindow ClaimWindow;

typedef struct
{
  GArray          *claims;   /* NULL: the claims go to @window */
  GArray          *firsts;   /* each customer's earliest receipt, by customer id (G_MAXINT64: none) */
  BsnVerifyReport *report;
  BsnStmt         *parts;
  int              parts_rc;
  ClaimWindow     *window;
} ReceiptClaims;

static void window_claim (ClaimWindow *w, gint64 posting, gint64 value, gint64 receipt_id, const char *name);

static void
claim_receipt (ReceiptClaims *rc,
               gint64         id,
               const char    *name,
               gint64         customer,
               gint64         at,
               gint64         value,
               gint64         posting)
{
  const gint64 never = G_MAXINT64;
  const Claim nobody = { 0, 0 };
  gint64 parts_sum = 0;
  gboolean claimable = posting > 0 && posting <= G_MAXINT32;

  if (customer >= 0 && customer <= G_MAXINT32)
    {
      while (rc->firsts->len <= (guint) customer)
        g_array_append_val (rc->firsts, never);
      if (at < g_array_index (rc->firsts, gint64, customer))
        g_array_index (rc->firsts, gint64, customer) = at;
    }

  /* Parts of receipts that do not exist are skipped (the foreign key
   * keeps them out). */
  while (rc->parts_rc == BSN_ROW && bsn_stmt_column_int64 (rc->parts, 0) < id)
    rc->parts_rc = bsn_stmt_step (rc->parts);
  while (rc->parts_rc == BSN_ROW && bsn_stmt_column_int64 (rc->parts, 0) == id)
    {
      parts_sum += bsn_stmt_column_int64 (rc->parts, 1);
      rc->parts_rc = bsn_stmt_step (rc->parts);
    }
  if (rc->window != NULL)
    {
      /* A rewarded receipt names a posting; whether it is its own alone
       * and holds the value, the window tells. */
      if ((value > 0) != (posting != 0) || (posting != 0 && !claimable) || parts_sum != value)
        problem (rc->report, _("Struk %s tidak cocok dengan posting poinnya"), name);
      else if (claimable)
        window_claim (rc->window, posting, value, id, name);
      return;
    }
  if (claimable)
    while (rc->claims->len <= (guint) posting)
      g_array_append_val (rc->claims, nobody);
  /* A rewarded receipt names exactly one posting of its own. */
  if ((value > 0) != (posting != 0) || (posting != 0 && !claimable) || parts_sum != value
      || (claimable && g_array_index (rc->claims, Claim, posting).receipt_id != 0))
    problem (rc->report, _("Struk %s tidak cocok dengan posting poinnya"), name);
  else if (claimable)
    g_array_index (rc->claims, Claim, posting) = (Claim) { value, id };
}

static gboolean
open_parts (BsnDb         *db,
            ReceiptClaims *rc,
            GError       **error)
{
  rc->parts = bsn_db_prepare_scan (db, "SELECT receipt_id, value_rp FROM receipt_parts ORDER BY receipt_id", error);
  if (rc->parts == NULL)
    return FALSE;
  rc->parts_rc = bsn_stmt_step (rc->parts);
  return TRUE;
}

/* Every rewarded receipt names an award posting and its value is the sum
 * of its parts; each customer's first receipt time is the earliest of its
 * receipts. The receipts and their parts are two scans in id order merged
 * here, not a join (a million receipts take a third of the time). What
 * each receipt says of its posting goes into @claims, checked against the
 * postings by match_claims(). */
static gboolean
scan_receipts (BsnDb           *db,
               GArray          *claims,
               BsnVerifyReport *report,
               GError         **error)
{
  g_autoptr(GArray) firsts = g_array_new (FALSE, FALSE, sizeof (gint64));
  ReceiptClaims rc = { claims, firsts, report, NULL, 0, NULL };
  BsnStmt *receipts;
  int step;

  receipts = bsn_db_prepare_scan (db,
                                  "SELECT id, receipt, value_rp, coalesce(posting_id, 0), customer_id, at "
                                  "FROM receipts ORDER BY id",
                                  error);
  if (receipts == NULL)
    return FALSE;
  if (!open_parts (db, &rc, error))
    {
      bsn_stmt_reset (receipts);
      return FALSE;
    }
  while ((step = bsn_stmt_step (receipts)) == BSN_ROW)
    claim_receipt (&rc, bsn_stmt_column_int64 (receipts, 0), bsn_stmt_column_text (receipts, 1),
                   bsn_stmt_column_int64 (receipts, 4), bsn_stmt_column_int64 (receipts, 5),
                   bsn_stmt_column_int64 (receipts, 2), bsn_stmt_column_int64 (receipts, 3));
  bsn_stmt_reset (receipts);
  bsn_stmt_reset (rc.parts);
  if (step != BSN_DONE || (rc.parts_rc != BSN_DONE && rc.parts_rc != BSN_ROW))
    {
      bsn_db_set_error (db, error, _("Memeriksa buku poin"));
      return FALSE;
    }
  return check_first_receipts (db, firsts, report, error);
}

/* Each claimed posting exists and holds exactly the receipt's value. */
static void
match_claims (BsnDb           *db,
              GArray          *claims,
              GArray          *postings,
              BsnVerifyReport *report)
{
  for (guint p = 0; p < claims->len; p++)
    {
      const Claim *c = &g_array_index (claims, Claim, p);
      g_autofree char *name = NULL;
      BsnStmt *stmt;

      if (c->receipt_id == 0
          || (p < postings->len && g_array_index (postings, PostingFacts, p).amount == c->value))
        continue;
      stmt = bsn_db_prepare (db, "SELECT receipt FROM receipts WHERE id = ?1", NULL);
      if (stmt != NULL)
        {
          bsn_stmt_bind_int64 (stmt, 1, c->receipt_id);
          if (bsn_stmt_step (stmt) == BSN_ROW)
            name = g_strdup (bsn_stmt_column_text (stmt, 0));
          bsn_stmt_reset (stmt);
        }
      if (name == NULL)
        name = g_strdup_printf ("#%" G_GINT64_FORMAT, c->receipt_id);
      problem (report, _("Struk %s tidak cocok dengan posting poinnya"), name);
    }
}

/* The receipt check on one connection, with the @postings read in the
 * same snapshot. */
static gboolean
check_receipts (BsnDb           *db,
                GArray          *postings,
                BsnVerifyReport *report,
                GError         **error)
{
  g_autoptr(GArray) claims = g_array_new (FALSE, FALSE, sizeof (Claim));

  if (!scan_receipts (db, claims, report, error))
    return FALSE;
  match_claims (db, claims, postings, report);
  return TRUE;
}

/* The newest posting and receipt of this connection's snapshot. */
typedef struct
{
  gint64 posting;
  gint64 receipt;
} SnapshotEnds;

static SnapshotEnds
snapshot_ends (BsnDb *db)
{
  return (SnapshotEnds) {
    bsn_db_query_int (db, "SELECT coalesce(max(id), 0) FROM postings", -1),
    bsn_db_query_int (db, "SELECT coalesce(max(id), 0) FROM receipts", -1),
  };
}

/* The receipts scanned on their own connection and thread while this one
 * reads the postings and scans the legs. The receipts' claims are
 * matched with the postings' amounts only when both snapshots hold the same
 * postings and receipts: both are append-only with growing ids, so equal
 * newest ids mean equal rows. Otherwise (someone committed in between)
 * the receipts are scanned again here. */
typedef struct
{
  char            *path;
  char            *snapshot;  /* PostgreSQL: the snapshot to read in */
  BsnVerifyReport *report;
  GArray          *claims;
  SnapshotEnds     ends;
  GError          *error;
} ReceiptCheck;

static gpointer
receipt_check_thread (gpointer data)
{
  ReceiptCheck *rc = data;
  g_autoptr(BsnDb) db = bsn_db_open (rc->path, BSN_DB_OPEN_READONLY, &rc->error);

  if (db == NULL)
    return NULL;
  if (!bsn_db_begin_read (db, rc->snapshot, &rc->error))
    return NULL;
  if (scan_receipts (db, rc->claims, rc->report, &rc->error))
    rc->ends = snapshot_ends (db);
  bsn_db_rollback (db);
  return NULL;
}

/* Joins the receipt thread inside this connection's read transaction and
 * finishes the receipt check with its results, or alone when they do not
 * fit this snapshot. */
static gboolean
finish_receipts (BsnDb           *db,
                 GThread         *thread,
                 ReceiptCheck    *beside,
                 GArray          *postings,
                 BsnVerifyReport *report,
                 GError         **error)
{
  SnapshotEnds ends = snapshot_ends (db);

  g_thread_join (thread);
  /* A second connection that could not read (a file it may not open), or
   * a snapshot with other rows: the receipts are read here after all. */
  if (beside->error != NULL || ends.posting < 0 || ends.receipt < 0
      || beside->ends.posting != ends.posting || beside->ends.receipt != ends.receipt)
    return check_receipts (db, postings, report, error);
  for (guint i = 0; i < beside->report->problems->len; i++)
    problem (report, "%s", (const char *) g_ptr_array_index (beside->report->problems, i));
  match_claims (db, beside->claims, postings, report);
  return TRUE;
}

static gboolean
can_read_beside (BsnDb *db)
{
  const char *path = bsn_db_get_path (db);
  BsnStmt *stmt;
  gboolean wal = FALSE;

  /* This connection sees only committed data when it has no transaction
   * open. A PostgreSQL server lets a second connection read in this
   * one's snapshot (bsn_db_export_snapshot); of SQLite, only a file in
   * WAL mode lets a second reader in beside this one. */
  if (path == NULL || *path == '\0' || bsn_db_in_transaction (db))
    return FALSE;
  if (bsn_db_get_engine (db) == BSN_ENGINE_POSTGRESQL)
    return TRUE;
  if (g_strcmp0 (path, ":memory:") == 0)
    return FALSE;
  stmt = bsn_db_prepare (db, "PRAGMA journal_mode", NULL);
  if (stmt == NULL)
    return FALSE;
  if (bsn_stmt_step (stmt) == BSN_ROW)
    wal = g_ascii_strcasecmp (bsn_stmt_column_text (stmt, 0), "wal") == 0;
  bsn_stmt_reset (stmt);
  return wal;
}

BsnVerifyReport *
bsn_ledger_verify (BsnDb   *db,
                   GError **error)
{
  g_autoptr(BsnVerifyReport) report = g_new0 (BsnVerifyReport, 1);
  g_autoptr(GArray) accounts = g_array_new (FALSE, TRUE, sizeof (AccountCheck));
  g_autoptr(GArray) negative_earned = g_array_new (FALSE, FALSE, sizeof (gint64));
  gboolean ok;

  ReceiptCheck beside = { 0 };
  GThread *thread = NULL;

  report->ok = TRUE;
  report->problems = g_ptr_array_new_with_free_func (g_free);

  if (can_read_beside (db))
    {
      beside.path = g_strdup (bsn_db_get_path (db));
      beside.report = g_new0 (BsnVerifyReport, 1);
      beside.report->ok = TRUE;
      beside.report->problems = g_ptr_array_new_with_free_func (g_free);
      beside.claims = g_array_new (FALSE, FALSE, sizeof (Claim));
    }
  /* SQLite's second reader starts at once (the snapshots are compared
   * after); PostgreSQL's reads in this transaction's snapshot, once
   * there is one. */
  if (beside.path != NULL && bsn_db_get_engine (db) == BSN_ENGINE_SQLITE)
    thread = g_thread_try_new ("bsn-verify", receipt_check_thread, &beside, NULL);

  /* One read transaction: a consistent snapshot even while others write. */
  ok = bsn_db_begin_read (db, NULL, error);
  if (ok && beside.path != NULL && bsn_db_get_engine (db) == BSN_ENGINE_POSTGRESQL
      && (beside.snapshot = bsn_db_export_snapshot (db)) != NULL)
    thread = g_thread_try_new ("bsn-verify", receipt_check_thread, &beside, NULL);
  if (ok)
    {
      /* The postings first: the legs are checked against their times. */
      gint64 total = 0;
      g_autoptr(GArray) postings = NULL;

      ok = load_accounts (db, accounts, error) && (postings = load_postings (db, &total, error)) != NULL
           && scan_legs (db, accounts, negative_earned, postings, report, error)
           && check_postings (db, negative_earned, total, report, error);
      if (thread != NULL && ok)
        {
          ok = finish_receipts (db, thread, &beside, postings, report, error);
          thread = NULL;
        }
      else if (ok)
        ok = check_receipts (db, postings, report, error);
      bsn_db_rollback (db);
    }
  if (thread != NULL)
    g_thread_join (thread);
  g_clear_error (&beside.error);
  g_clear_pointer (&beside.report, bsn_verify_report_free);
  g_clear_pointer (&beside.claims, g_array_unref);
  g_free (beside.path);
  g_free (beside.snapshot);
  if (!ok)
    return NULL;
  check_accounts (accounts, report);
  return g_steal_pointer (&report);
}

/* ---- Claims matched as the postings pass (bounded memory) ----
 *
 * In the pass shared with the chain check the postings and the receipts
 * arrive in id order, each receipt soon after its award posting (both are
 * sealed by the same commit). Each claim is matched with its posting
 * there and then: the postings not yet claimed wait in a window, the
 * claims that come before their posting wait in a short list, and one bit
 * a posting id remembers which postings were claimed (a second claim is a
 * receipt that is not its posting's own). What falls outside (a window
 * overflowing, claims out of order, as a book sealed whole by the version
 * 13 step has them) is checked at the end, one primary-key read each.
 * Ten million receipts keep a few MiB instead of a claim and an amount
 * for every posting id. */

#define WINDOW_MAX   (1u << 18)   /* postings waiting for their claim */
#define PENDING_MAX  (1u << 16)   /* claims waiting for their posting */

typedef struct
{
  gint64 id;
  gint64 amount;
} WaitingPosting;

typedef struct
{
  gint64 posting;
  gint64 value;
  gint64 receipt_id;
} WaitingClaim;

struct _ClaimWindow
{
  BsnVerifyReport *report;
  GArray          *postings;   /* WaitingPosting, from @head on, in id order */
  guint            head;
  GArray          *pending;    /* WaitingClaim: posting not handed yet */
  GArray          *later;      /* WaitingClaim: read back at the end */
  GByteArray      *claimed;    /* a bit a posting id */
  gint64           last_posting;
};

static ClaimWindow *
window_new (BsnVerifyReport *report)
{
  ClaimWindow *w = g_new0 (ClaimWindow, 1);

  w->report = report;
  w->postings = g_array_new (FALSE, FALSE, sizeof (WaitingPosting));
  w->pending = g_array_new (FALSE, FALSE, sizeof (WaitingClaim));
  w->later = g_array_new (FALSE, FALSE, sizeof (WaitingClaim));
  w->claimed = g_byte_array_new ();
  return w;
}

static void
window_free (ClaimWindow *w)
{
  if (w == NULL)
    return;
  g_array_unref (w->postings);
  g_array_unref (w->pending);
  g_array_unref (w->later);
  g_byte_array_unref (w->claimed);
  g_free (w);
}

static void
window_mismatch (ClaimWindow *w,
                 const char  *name)
{
  problem (w->report, _("Struk %s tidak cocok dengan posting poinnya"), name);
}

static void
window_posting (ClaimWindow *w,
                gint64       id,
                gint64       amount)
{
  WaitingPosting p = { id, amount };

  w->last_posting = MAX (w->last_posting, id);
  for (guint i = 0; i < w->pending->len; i++)
    {
      const WaitingClaim *c = &g_array_index (w->pending, WaitingClaim, i);

      if (c->posting != id)
        continue;
      if (c->value != amount)
        g_array_append_val (w->later, *c);   /* named at the end, by its receipt */
      g_array_remove_index_fast (w->pending, i);
      return;
    }
  if (w->postings->len - w->head >= WINDOW_MAX)
    w->head++;   /* a claim for it, if any, is read back at the end */
  if (w->head > 0 && w->head >= w->postings->len / 2)
    {
      g_array_remove_range (w->postings, 0, w->head);
      w->head = 0;
    }
  g_array_append_val (w->postings, p);
}

static void
window_claim (ClaimWindow *w,
              gint64       posting,
              gint64       value,
              gint64       receipt_id,
              const char  *name)
{
  WaitingClaim c = { posting, value, receipt_id };
  guint byte = (guint) (posting >> 3);
  guint8 bit = (guint8) (1u << (posting & 7));

  if (w->claimed->len <= byte)
    {
      guint from = w->claimed->len;

      g_byte_array_set_size (w->claimed, MAX (byte + 1, from * 2));
      memset (w->claimed->data + from, 0, w->claimed->len - from);
    }
  if (w->claimed->data[byte] & bit)
    {
      window_mismatch (w, name);   /* a second receipt names the posting */
      return;
    }
  w->claimed->data[byte] |= bit;

  if (posting > w->last_posting)
    {
      if (w->pending->len < PENDING_MAX)
        g_array_append_val (w->pending, c);
      else
        g_array_append_val (w->later, c);
      return;
    }
  /* The postings before it were not claimed in order: a claim for one of
   * them comes out of order and is read back at the end. */
  while (w->head < w->postings->len && g_array_index (w->postings, WaitingPosting, w->head).id < posting)
    w->head++;
  if (w->head < w->postings->len && g_array_index (w->postings, WaitingPosting, w->head).id == posting)
    {
      if (g_array_index (w->postings, WaitingPosting, w->head).amount != value)
        window_mismatch (w, name);
      w->head++;
      return;
    }
  g_array_append_val (w->later, c);
}

/* The claims left: each read back by its posting's primary key. */
static void
window_finish (ClaimWindow *w,
               BsnDb       *db)
{
  BsnStmt *amount_stmt;

  g_array_append_vals (w->later, w->pending->data, w->pending->len);
  g_array_set_size (w->pending, 0);
  if (w->later->len == 0)
    return;
  amount_stmt = bsn_db_prepare (db, "SELECT amount_rp FROM postings WHERE id = ?1", NULL);
  for (guint i = 0; i < w->later->len; i++)
    {
      const WaitingClaim *c = &g_array_index (w->later, WaitingClaim, i);
      gboolean ok = FALSE;
      g_autofree char *name = NULL;
      BsnStmt *stmt;

      if (amount_stmt != NULL)
        {
          bsn_stmt_bind_int64 (amount_stmt, 1, c->posting);
          ok = bsn_stmt_step (amount_stmt) == BSN_ROW && bsn_stmt_column_int64 (amount_stmt, 0) == c->value;
          bsn_stmt_reset (amount_stmt);
        }
      if (ok)
        continue;
      stmt = bsn_db_prepare (db, "SELECT receipt FROM receipts WHERE id = ?1", NULL);
      if (stmt != NULL)
        {
          bsn_stmt_bind_int64 (stmt, 1, c->receipt_id);
          if (bsn_stmt_step (stmt) == BSN_ROW)
            name = g_strdup (bsn_stmt_column_text (stmt, 0));
          bsn_stmt_reset (stmt);
        }
      if (name == NULL)
        name = g_strdup_printf ("#%" G_GINT64_FORMAT, c->receipt_id);
      window_mismatch (w, name);
    }
}

/* ---- The pass shared with the chain check ---- */

struct _BsnLedgerScan
{
  BsnDb           *db;
  BsnVerifyReport *report;
  LegSums          legs;
  ReceiptClaims    receipts;
  gint64           posting_id;   /* the last posting handed on, and its time */
  gint64           posting_at;
  gint64           postings;     /* how many were handed on */
};

static void
scan_free (BsnLedgerScan *scan)
{
  if (scan->receipts.parts != NULL)
    bsn_stmt_reset (scan->receipts.parts);
  g_clear_pointer (&scan->report, bsn_verify_report_free);
  g_clear_pointer (&scan->legs.accounts, g_array_unref);
  g_clear_pointer (&scan->legs.negative_earned, g_array_unref);
  g_clear_pointer (&scan->receipts.firsts, g_array_unref);
  g_clear_pointer (&scan->receipts.window, window_free);
  g_free (scan);
}

BsnLedgerScan *
bsn_ledger_scan_new (BsnDb   *db,
                     GError **error)
{
  BsnLedgerScan *scan = g_new0 (BsnLedgerScan, 1);

  scan->db = db;
  scan->report = g_new0 (BsnVerifyReport, 1);
  scan->report->ok = TRUE;
  scan->report->problems = g_ptr_array_new_with_free_func (g_free);
  scan->legs = (LegSums) { g_array_new (FALSE, TRUE, sizeof (AccountCheck)),
                           g_array_new (FALSE, FALSE, sizeof (gint64)), scan->report, 0, 0, 0, 0 };
  scan->receipts = (ReceiptClaims) { NULL, g_array_new (FALSE, FALSE, sizeof (gint64)), scan->report, NULL, 0,
                                     window_new (scan->report) };
  if (!load_accounts (db, scan->legs.accounts, error) || !open_parts (db, &scan->receipts, error))
    {
      scan_free (scan);
      return NULL;
    }
  return scan;
}

void
bsn_ledger_scan_posting (gpointer data,
                         gint64   id,
                         gint64   at,
                         gint64   amount_rp)
{
  BsnLedgerScan *scan = data;

  scan->postings++;
  scan->posting_id = id;
  scan->posting_at = at;
  if (id < 0 || id > G_MAXINT32)
    return;
  window_posting (scan->receipts.window, id, amount_rp);
}

void
bsn_ledger_scan_leg (gpointer data,
                     gint64   posting_id,
                     gint64   account_id,
                     gint64   amount_rp,
                     gint64   earned_rp,
                     gint64   at)
{
  BsnLedgerScan *scan = data;

  sum_leg (&scan->legs, posting_id, account_id, amount_rp, earned_rp);
  /* A leg whose posting is gone is named by the count of postings. */
  if (posting_id == scan->posting_id && !leg_dated (&scan->legs, posting_id, at, scan->posting_at))
    scan->posting_id = 0;   /* once per posting */
}

void
bsn_ledger_scan_receipt (gpointer    data,
                         gint64      id,
                         const char *receipt,
                         gint64      customer_id,
                         gint64      at,
                         gint64      value_rp,
                         gint64      posting_id)
{
  BsnLedgerScan *scan = data;

  claim_receipt (&scan->receipts, id, receipt, customer_id, at, value_rp, posting_id);
}

BsnVerifyReport *
bsn_ledger_scan_finish (BsnLedgerScan *scan,
                        GError       **error)
{
  BsnVerifyReport *report = NULL;
  gboolean ok;

  end_posting (&scan->legs);
  bsn_stmt_reset (scan->receipts.parts);
  ok = scan->receipts.parts_rc == BSN_DONE || scan->receipts.parts_rc == BSN_ROW;
  scan->receipts.parts = NULL;
  if (!ok)
    bsn_db_set_error (scan->db, error, _("Memeriksa buku poin"));
  ok = ok && check_postings (scan->db, scan->legs.negative_earned, scan->postings, scan->report, error)
       && check_first_receipts (scan->db, scan->receipts.firsts, scan->report, error);
  if (ok)
    {
      window_finish (scan->receipts.window, scan->db);
      check_accounts (scan->legs.accounts, scan->report);
      report = g_steal_pointer (&scan->report);
    }
  scan_free (scan);
  return report;
}
