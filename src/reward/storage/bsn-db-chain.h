/* bsn-db-chain.h — the book's hash chain and the schema it must have.
 *
 * Every entry of the history (a tier version with its rates, a bonus
 * rule, a user as created and after each audited change, a posting with
 * its legs, a receipt with its claim, an audit row) is sealed into the
 * append-only table chain(seq, kind, ref_id, content_hash, hash):
 * content_hash is the SHA-256 of the entry's columns, hash the SHA-256 of
 * the previous entry's hash, the kind, the id and the content hash
 * (stored in base64 from version 17, in hex before; the fingerprint is
 * hex whatever the stored form). The seal runs in the storage layer's
 * commit path, inside every write transaction, for the entries newer than
 * the last sealed one of each kind, in id order: a bulk import seals once
 * per batch. Databases from before version 13 are sealed by the
 * migration.
 *
 * The last hash is the book's fingerprint ("Sidik buku"): a report or a
 * backup that prints it witnesses the history at that moment. Whoever can
 * write the file can also recompute a whole chain: the chain makes any
 * edit evident against a fingerprint kept elsewhere, and any edit made
 * without recomputing it evident to `verify` alone.
 *
 * The schema check is bsn-db-schema-check.h's.
 */
#pragma once

#include <glib.h>

#include "bsn-db.h"
#include "bsn-db-schema-check.h"

G_BEGIN_DECLS

/* The schema version that added the chain. */
#define BSN_DB_CHAIN_VERSION 13

/* The kinds the chain's index covers (schema version 17): the rare ones.
 * Postings and receipts, two entries a receipt, are found from the end. */
#define BSN_CHAIN_INDEXED_KINDS "kind IN ('t', 'b', 'u', 'a')"

/* The schema version whose chain stores its hashes in base64 (44
 * characters) rather than hex (64); entries sealed in hex stay so. */
#define BSN_DB_CHAIN_COMPACT_VERSION 17

/* Whether @db seals in hex: a book opened at a version before
 * BSN_DB_CHAIN_COMPACT_VERSION (bsn_db_open_at_version, for tests). */
gboolean bsn_db_chain_stores_hex (BsnDb *db);

/* Appends the entries written since the last seal. Inside a write
 * transaction. */
gboolean bsn_db_chain_seal (BsnDb *db, GError **error);

typedef struct
{
  guint64    entries;
  char      *head;        /* recomputed hash of the last entry, hex (64 zeros when empty) */
  gboolean   witness_ok;  /* when a witness was given */
} BsnChainCheck;

void bsn_chain_check_free (BsnChainCheck *check);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsnChainCheck, bsn_chain_check_free)

/* Recomputes every content hash and the chain, appending to @problems one
 * line per bad entry (the first named first). With @witness_hex, also
 * whether the first @witness_entries entries hash to it (a full hex, or an
 * abbreviation "3f2a…c91" matched by its two ends). NULL only when the
 * database could not be read. Inside a read transaction for a consistent
 * snapshot. */
BsnChainCheck *bsn_db_chain_check (BsnDb      *db,
                                   const char *witness_hex,
                                   guint64     witness_entries,
                                   GPtrArray  *problems,
                                   GError    **error);

/* What the chain check reads of the ledger, handed on row by row so that
 * `verify` reads each posting, leg and receipt once for both checks
 * (bsn-chain.h). Every row of the three tables is handed on exactly
 * once, sealed or not, postings and legs in id order with a posting
 * before its legs, receipts in id order. */
typedef struct
{
  gpointer data;
  void   (*posting) (gpointer data, gint64 id, gint64 at, gint64 amount_rp);
  void   (*leg)     (gpointer data, gint64 posting_id, gint64 account_id, gint64 amount_rp, gint64 earned_rp,
                     gint64 at);
  /* @posting_id 0 when the receipt names none */
  void   (*receipt) (gpointer data, gint64 id, const char *receipt, gint64 customer_id, gint64 at,
                     gint64 value_rp, gint64 posting_id);
  /* The read transaction is the caller's own, with nothing written in it:
   * a SQLite file in WAL mode may then be read partly on a second
   * connection and thread (the same rows, handed on the same way). */
  gboolean read_beside;
} BsnChainRows;

/* bsn_db_chain_check () handing every ledger row to @rows (may be NULL). */
BsnChainCheck *bsn_db_chain_check_rows (BsnDb              *db,
                                        const char         *witness_hex,
                                        guint64             witness_entries,
                                        GPtrArray          *problems,
                                        const BsnChainRows *rows,
                                        GError            **error);

/* The stored head and number of entries (one indexed read). (transfer full) */
gboolean bsn_db_chain_head (BsnDb *db, char **out_head, guint64 *out_entries, GError **error);

/* "Sidik buku: 3f2a…c91 @ 48.211". (transfer full) */
char *bsn_chain_fingerprint (const char *head, guint64 entries);

/* Parses "HEX@N" (N may carry thousands separators; HEX may be the
 * abbreviation of a fingerprint). */
gboolean bsn_chain_parse_witness (const char *text, char **out_hex, guint64 *out_entries, GError **error);


G_END_DECLS
