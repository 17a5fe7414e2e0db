/* bsn-ledger-pages.h — reading a big ledger a page at a time.
 *
 * Buku Poin lists postings newest first and must stay quick at a million
 * postings. Paging with OFFSET costs time in proportion to the offset, so
 * jumping to the oldest page would read the whole table on every page.
 * Instead one pass over the matching ids (an index scan, about 0.1 s for a
 * million rows) records where each page of @page_size postings begins and
 * ends; afterwards any page is one range query on the primary key (or on
 * the store or customer index), whatever its position. Unfiltered, the
 * ids are normally dense and the pages follow from count, min and max
 * without any scan.
 *
 * Postings are append-only (bsn-ledger.h), so the page bounds stay right
 * until the caller rebuilds them: postings added later have higher ids and
 * do not shift the pages already counted.
 *
 * A BsnLedgerPages is immutable once built and reference counted, so it can
 * be shared between threads; each thread reads with its own BsnDb.
 */
#pragma once

#include <gio/gio.h>

#include "bsn-ledger.h"

G_BEGIN_DECLS

typedef struct _BsnLedgerPages BsnLedgerPages;

/* Counts the postings matching @filter (NULL = all) and records the page
 * bounds. Checks @cancellable while it scans. */
BsnLedgerPages *bsn_ledger_pages_build (BsnDb                  *db,
                                        const BsnPostingFilter *filter,
                                        guint                   page_size,
                                        GCancellable           *cancellable,
                                        GError                **error);

BsnLedgerPages *bsn_ledger_pages_ref (BsnLedgerPages *pages);
void bsn_ledger_pages_unref (BsnLedgerPages *pages);

guint64 bsn_ledger_pages_get_n_postings (BsnLedgerPages *pages);
guint bsn_ledger_pages_get_n_pages (BsnLedgerPages *pages);
guint bsn_ledger_pages_get_page_size (BsnLedgerPages *pages);
const BsnPostingFilter *bsn_ledger_pages_get_filter (BsnLedgerPages *pages);
/* The id of the newest posting counted (0 when none). */
gint64 bsn_ledger_pages_get_newest_id (BsnLedgerPages *pages);

/* The postings of page @page (0 = newest), newest first: exactly the page
 * size, fewer on the last page. (element-type BsnPostingRow) (transfer full) */
GPtrArray *bsn_ledger_pages_list (BsnDb          *db,
                                  BsnLedgerPages *pages,
                                  guint           page,
                                  GError        **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsnLedgerPages, bsn_ledger_pages_unref)

G_END_DECLS
