/* bsn-auth.h — users, roles and permissions.
 *
 * Four roles: pemilik (owner: everything), manajer induk (stores, quotas,
 * consignment decisions, receipts, vouchers), pembukuan (bookkeeper: reads
 * and exports, reserves, corrections, backups) and kasir (cashier: receipts,
 * customers, vouchers). Passwords are hashed with Argon2id (libsodium).
 *
 * Permissions are enforced here, in the library: every write entry point
 * calls bsn_auth_require() against the user signed in on its connection.
 * A database without users is open (first run); the first user must be a
 * pemilik, and from then on every change, and every read of personal or
 * financial data (customers and phones, balances, postings, vouchers,
 * settlement, reserves, quotas' sales, consignment), needs a signed-in,
 * active user. The role is read again from the users table on every check,
 * so disabling or demoting a user takes effect on open sessions too.
 *
 * The clock is evidence: a kasir may record a time (a receipt's, a
 * redemption's, a voucher's issue) at most BSN_AUTH_CLOCK_TOLERANCE away
 * from bsn_time_now(); the other roles may record any time, and the posting
 * carries it in its memo ("dicatat mundur oleh …") with an audit entry
 * "posting.backdated" naming who did it (bsn_ledger_post()).
 */
#pragma once

#include "bsn-db.h"
#include "bsn-time.h"

G_BEGIN_DECLS

typedef enum
{
  BSN_ROLE_PEMILIK,
  BSN_ROLE_MANAJER,
  BSN_ROLE_PEMBUKUAN,
  BSN_ROLE_KASIR,
} BsnUserRole;

typedef enum
{
  BSN_PERM_READ,          /* look at anything */
  BSN_PERM_TIERS,         /* tier tables, program bonuses */
  BSN_PERM_STORES,        /* store master data */
  BSN_PERM_CUSTOMERS,     /* customer master data */
  BSN_PERM_QUOTAS,        /* daily plans, quotas, caps, stock */
  BSN_PERM_CONSIGN,       /* consignment decisions */
  BSN_PERM_RECEIPTS,      /* record and import receipts */
  BSN_PERM_LEDGER,        /* opening balances and reversals */
  BSN_PERM_RESERVES,      /* reserve deposits, withdrawals, policies */
  BSN_PERM_VOUCHERS,      /* issue and redeem vouchers */
  BSN_PERM_REPORTS,       /* reports and exports */
  BSN_PERM_USERS,         /* add users, change roles */
  BSN_PERM_BACKUP,
  BSN_PERM_RESTORE,
  BSN_PERM_ADMIN,         /* demo data */
  BSN_PERM_READ_PERSONAL, /* customer names and phones */
  BSN_PERM_READ_FINANCE,  /* balances, postings, vouchers, settlement, reserves, sales */
} BsnPermission;

/* Seconds a kasir's recorded time may lie from the machine clock. */
#define BSN_AUTH_CLOCK_TOLERANCE (10 * 60)

const char *bsn_user_role_to_string (BsnUserRole role);   /* "pemilik" … */
const char *bsn_user_role_label (BsnUserRole role);       /* "Pemilik" … */
gboolean bsn_user_role_parse (const char *text, BsnUserRole *out, GError **error);
gboolean bsn_user_role_can (BsnUserRole role, BsnPermission perm);

/* FALSE with BSN_ERROR_REFUSED when the signed-in user may not. */
gboolean bsn_auth_require (BsnDb *db, BsnPermission perm, GError **error);

gboolean bsn_auth_has_users (BsnDb *db);

/* Checks the password and signs the user in on @db. On a PostgreSQL
 * server with logins (bsn-server.h) the server checked the password when
 * the connection opened (bsn_db_open_as()): @name must then be the
 * connection's login, and @password is not looked at. */
gboolean bsn_auth_login (BsnDb *db, const char *name, const char *password, GError **error);
/* On a server with logins, signs in the user the connection's login is
 * (whoever the URI or PGUSER named); elsewhere, and for the server's
 * administrator, does nothing. */
gboolean bsn_auth_login_session (BsnDb *db, GError **error);

/* Adds a user (the first must be a pemilik; later ones need
 * BSN_PERM_USERS). Passwords: at least 8 characters. */
gboolean bsn_auth_add_user (BsnDb *db, const char *name, BsnUserRole role, const char *password, GError **error);
gboolean bsn_auth_set_password (BsnDb *db, const char *name, const char *password, GError **error);

/* The owner changes a user's role or switches the user off and on; the
 * last active pemilik can be neither demoted nor disabled. A disabled user
 * cannot sign in, and a session already open is refused from its next
 * check on. Audited as user.role, user.disable and user.enable; a change
 * to what already holds is no change and writes nothing. */
gboolean bsn_auth_set_role (BsnDb *db, const char *name, BsnUserRole role, GError **error);
gboolean bsn_auth_set_active (BsnDb *db, const char *name, gboolean active, GError **error);

/* The clock rule for a time @at the signed-in user records. FALSE with
 * BSN_ERROR_REFUSED for a kasir more than BSN_AUTH_CLOCK_TOLERANCE away
 * from bsn_time_now(); *@out_moved (may be NULL) is TRUE when another role
 * records such a time. No signed-in user (a database without users): no
 * rule. */
gboolean bsn_auth_check_clock (BsnDb *db, BsnTime at, gboolean *out_moved, GError **error);

typedef struct
{
  char       *name;
  BsnUserRole role;
  gboolean    active;
} BsnUser;

void bsn_user_free (BsnUser *user);
/* (element-type BsnUser) (transfer full) */
GPtrArray *bsn_auth_list_users (BsnDb *db, GError **error);

G_END_DECLS
