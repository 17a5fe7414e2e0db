/* bsn-server.h — a network on a PostgreSQL server: the app's roles made
 * true at the server.
 *
 * bsn_server_init() turns each role of bsn-auth.h (pemilik, manajer,
 * pembukuan, kasir) into a PostgreSQL group role (bsn-db-logins.h for the
 * names) and grants it, table by table, exactly what bsn_user_role_can()
 * allows that role: a kasir connected with psql can record receipts and
 * vouchers but cannot change tier tables, quotas, bonus rules, users or
 * reserves. No role may UPDATE or DELETE a posting, leg, receipt,
 * redemption or audit row: those privileges are never granted, so the
 * server refuses the statement even on an empty table. From then on each
 * user of the app is a login of the server (bsn_auth_add_user()).
 */
#pragma once

#include "bsn-db.h"

G_BEGIN_DECLS

typedef struct
{
  char      *prefix;     /* the groups are prefix_pemilik … */
  GPtrArray *pending;    /* (element-type utf8) users who must be given a password */
} BsnServerSetup;

void bsn_server_setup_free (BsnServerSetup *setup);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsnServerSetup, bsn_server_setup_free)

/* Run by the server's administrator (the owner of the tables) after the
 * schema exists; safe to run again. Users already in the table (a network
 * moved from a file) become logins without a password, listed in
 * ->pending: each signs in only after `user passwd --name N`. */
BsnServerSetup *bsn_server_init (BsnDb *db, GError **error);

G_END_DECLS
