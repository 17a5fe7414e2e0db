/* bsn-server.c — the app's roles as the server's privileges (see
 * bsn-server.h). */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "bsn-auth.h"
#include "bsn-db-logins.h"
#include "bsn-error.h"
#include "bsn-server.h"

/* What each permission writes. Reading is granted to every role on every
 * table by bsn_db_server_setup(); BSN_PERM_READ stands for "any role" here.
 * Column lists keep a role to the columns its work changes. No role
 * writes accounts' cached balances: the server moves them when legs are
 * inserted (version 19, bsn-db-schema-pg.c). What an
 * award does to reserves, stores and bonus rules goes through the schema
 * (version 18, bsn-db-schema-pg.c): row-level security keeps a kasir's or
 * manajer's postings, legs and reserve events to what their work writes, a
 * reserve event switches its store, bsn_bonus_count_eligible counts a
 * rule's receipts. Never listed: UPDATE or DELETE on postings, legs,
 * receipts, receipt_parts, redemptions, audit, tier_versions, tier_rates,
 * lots, lot_events, vouchers (append-only, DOMAIN.md "Buku poin"). */
typedef struct
{
  BsnPermission perm;
  const char   *privileges;
  const char   *table;
} Grant;

static const Grant grants[] = {
  { BSN_PERM_READ, "INSERT", "audit" },
  /* Every write seals its entries into the hash chain at commit
   * (bsn-db-chain.c); a forged row there breaks the chain verify checks. */
  { BSN_PERM_READ, "INSERT", "chain" },

  { BSN_PERM_CUSTOMERS, "INSERT, UPDATE", "customers" },
  { BSN_PERM_CUSTOMERS, "INSERT", "accounts" },

  { BSN_PERM_RECEIPTS, "INSERT", "receipts" },
  { BSN_PERM_RECEIPTS, "INSERT", "receipt_parts" },
  { BSN_PERM_RECEIPTS, "INSERT", "bonus_grants" },
  { BSN_PERM_RECEIPTS, "INSERT", "postings" },
  { BSN_PERM_RECEIPTS, "INSERT", "legs" },
  { BSN_PERM_RECEIPTS, "INSERT", "accounts" },
  { BSN_PERM_RECEIPTS, "INSERT", "customers" },
  { BSN_PERM_RECEIPTS, "UPDATE (first_receipt_at)", "customers" },
  /* Warnings and a store's deactivation only (row-level security). */
  { BSN_PERM_RECEIPTS, "INSERT", "reserve_events" },
  /* Points expire when receipts are imported or vouchers issued (bsn-expiry.c). */
  { BSN_PERM_RECEIPTS, "INSERT", "point_expiries" },
  { BSN_PERM_VOUCHERS, "INSERT", "point_expiries" },

  { BSN_PERM_VOUCHERS, "INSERT", "vouchers" },
  { BSN_PERM_VOUCHERS, "INSERT", "voucher_funding" },
  { BSN_PERM_VOUCHERS, "INSERT", "redemptions" },
  { BSN_PERM_VOUCHERS, "INSERT", "postings" },
  { BSN_PERM_VOUCHERS, "INSERT", "legs" },

  { BSN_PERM_STORES, "INSERT, UPDATE", "stores" },
  { BSN_PERM_STORES, "INSERT", "accounts" },

  { BSN_PERM_QUOTAS, "INSERT, UPDATE, DELETE", "quotas" },
  { BSN_PERM_QUOTAS, "INSERT, UPDATE, DELETE", "day_plans" },
  { BSN_PERM_QUOTAS, "INSERT, UPDATE, DELETE", "stock_lines" },

  { BSN_PERM_CONSIGN, "INSERT", "lots" },
  { BSN_PERM_CONSIGN, "INSERT", "lot_events" },
  { BSN_PERM_CONSIGN, "INSERT", "postings" },
  { BSN_PERM_CONSIGN, "INSERT", "legs" },
  { BSN_PERM_CONSIGN, "INSERT", "accounts" },

  { BSN_PERM_LEDGER, "INSERT", "postings" },
  { BSN_PERM_LEDGER, "INSERT", "legs" },
  { BSN_PERM_LEDGER, "INSERT", "accounts" },

  { BSN_PERM_RESERVES, "INSERT, UPDATE", "reserve_policies" },
  { BSN_PERM_RESERVES, "INSERT", "reserve_events" },
  { BSN_PERM_RESERVES, "UPDATE (active)", "stores" },
  { BSN_PERM_RESERVES, "INSERT", "postings" },
  { BSN_PERM_RESERVES, "INSERT", "legs" },
  { BSN_PERM_RESERVES, "INSERT", "accounts" },

  { BSN_PERM_TIERS, "INSERT", "tier_versions" },
  { BSN_PERM_TIERS, "INSERT", "tier_rates" },
  { BSN_PERM_TIERS, "INSERT, UPDATE", "bonus_rules" },
  { BSN_PERM_TIERS, "INSERT", "expiry_policies" },

  { BSN_PERM_USERS, "INSERT, UPDATE", "users" },

  { BSN_PERM_ADMIN, "INSERT, UPDATE", "meta" },
};

void
bsn_server_setup_free (BsnServerSetup *setup)
{
  if (setup == NULL)
    return;
  g_free (setup->prefix);
  g_clear_pointer (&setup->pending, g_ptr_array_unref);
  g_free (setup);
}

/* The users that have no password the server keeps yet: every one with a
 * hash of ours, as a file's users arrive. */
static GPtrArray *
users_with_hash (BsnDb   *db,
                 GError **error)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  BsnStmt *stmt = bsn_db_prepare (db, "SELECT name FROM users WHERE pw_hash <> '' ORDER BY name", error);
  BsnStep rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = bsn_stmt_step (stmt)) == BSN_ROW)
    g_ptr_array_add (names, g_strdup (bsn_stmt_column_text (stmt, 0)));
  /* A user missing here would keep a hash the server cannot check. */
  if (!bsn_db_scan_ended (db, stmt, rc, _("Membaca pengguna"), error))
    return NULL;
  return g_steal_pointer (&names);
}

BsnServerSetup *
bsn_server_init (BsnDb   *db,
                 GError **error)
{
  g_autoptr(BsnServerSetup) setup = g_new0 (BsnServerSetup, 1);

  if (bsn_db_get_engine (db) == BSN_ENGINE_POSTGRESQL && !bsn_db_is_server_admin (db))
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_REFUSED,
                   _("server init dijalankan oleh pengelola server (pemilik tabel), bukan login aplikasi"));
      return NULL;
    }
  if (!bsn_db_begin (db, TRUE, error))
    return NULL;
  if ((setup->pending = users_with_hash (db, error)) == NULL
      || (setup->prefix = bsn_db_server_setup (db, error)) == NULL)
    goto fail;
  for (BsnUserRole role = BSN_ROLE_PEMILIK; role <= BSN_ROLE_KASIR; role++)
    for (guint i = 0; i < G_N_ELEMENTS (grants); i++)
      if (bsn_user_role_can (role, grants[i].perm)
          && !bsn_db_server_grant (db, bsn_user_role_to_string (role), grants[i].privileges, grants[i].table,
                                   error))
        goto fail;
  if (!bsn_db_commit (db, error))
    return NULL;
  return g_steal_pointer (&setup);

fail:
  bsn_db_rollback (db);
  return NULL;
}
