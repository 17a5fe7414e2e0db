/* bsn-ledger-filter.h — the SQL of a BsnPostingFilter, shared by the
 * library's posting queries (bsn-ledger.c, bsn-ledger-pages.c). Not for
 * the app or the CLI: they pass a BsnPostingFilter.
 *
 * The conditions are on postings "p" with the parameters ?1 store, ?2
 * customer, ?3 from, ?4 to. A customer's postings are the ones with a leg
 * on the customer's account, read from the legs' account index (every
 * posting that names a customer moves that customer's points; schema v9
 * dropped the postings' own customer index).
 */
#pragma once

#include <sqlite3.h>

#include "bsn-ledger.h"

G_BEGIN_DECLS

/* " WHERE …" for @filter (NULL = every posting). With @date_index the
 * dates may use their index, but only when there is no store or customer:
 * their index narrows far better than a date range over the whole
 * network. Without it the dates are written "+p.at", which keeps SQLite
 * off the date index (for queries over a narrow id range). */
char *bsn_posting_filter_sql (const BsnPostingFilter *filter,
                              gboolean                date_index);

/* Binds @filter's values (NULL = none) to a statement built on the SQL of
 * bsn_posting_filter_sql(). */
void bsn_posting_filter_bind (BsnStmt                *stmt,
                              const BsnPostingFilter *filter);

G_END_DECLS
