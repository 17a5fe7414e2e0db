/* bsn-chain.h — the whole book checked, and its fingerprint.
 *
 * `verify` is three checks on one read-only connection: the ledger's
 * invariants (bsn-ledger.h), the schema's objects against those this
 * version creates, and the hash chain of the history (bsn-db-chain.h),
 * which names the first entry edited, inserted or deleted outside the
 * application. The chain's head and length are the book's fingerprint
 * ("Sidik buku: 3f2a…c91 @ 48.211"), printed on reports and backups: a
 * witness of the history at that moment, checked later with
 * bsn_chain_check_book()'s @witness.
 */
#pragma once

#include "bsn-db.h"
#include "bsn-db-chain.h"   /* bsn_chain_fingerprint (), bsn_chain_parse_witness () */
#include "bsn-ledger.h"

G_BEGIN_DECLS

typedef struct
{
  gboolean         ok;           /* ledger, schema and chain all sound */
  BsnVerifyReport *ledger;
  GPtrArray       *problems;     /* (element-type utf8): the schema's, then the chain's */
  char            *head;         /* hex */
  guint64          entries;
  gboolean         witness_ok;   /* with a witness */
} BsnBookCheck;

void bsn_book_check_free (BsnBookCheck *check);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsnBookCheck, bsn_book_check_free)

/* Checks everything; @witness ("HEX@N", may be NULL) is compared with the
 * recomputed chain. NULL only when the database could not be read or the
 * witness is malformed. */
BsnBookCheck *bsn_chain_check_book (BsnDb *db, const char *witness, GError **error);

/* The fingerprint line of @db as it is now. (transfer full) */
char *bsn_chain_fingerprint_of (BsnDb *db, GError **error);

G_END_DECLS
