/* bsn-ledger-model.h — Buku Poin as a lazily paged GListModel.
 *
 * The model holds no more of the ledger than a few pages. Counting (and
 * recording the page bounds, bsn-ledger-page.h) and reading each page run
 * on worker threads with their own read-only connection; the main thread
 * never touches SQLite. get_item() of a row whose page is not in the cache
 * returns a "Memuat…" placeholder and asks for the page; when the page
 * arrives, the placeholders handed out are filled in place (they notify
 * their properties, so the view keeps its row widgets and only redraws
 * the labels). Pages asked for last
 * are read first (the ones on screen), and the least recently used pages
 * are dropped beyond a small cache.
 *
 * Changing the filter or reloading keeps the old rows on screen until the
 * new count is known, then replaces everything in one items-changed.
 */
#pragma once

#include <gio/gio.h>

#include "bsn-ledger.h"

G_BEGIN_DECLS

#define BSN_TYPE_LEDGER_MODEL (bsn_ledger_model_get_type ())

G_DECLARE_FINAL_TYPE (BsnLedgerModel, bsn_ledger_model, BSN, LEDGER_MODEL, GObject)

#define BSN_LEDGER_MODEL_PAGE_SIZE 200

BsnLedgerModel *bsn_ledger_model_new (void);

/* The database to read; NULL empties the model. Clears the filter and
 * reloads. */
void bsn_ledger_model_set_path (BsnLedgerModel *self,
                                const char     *path);
const char *bsn_ledger_model_get_path (BsnLedgerModel *self);

/* Reloads with @filter (NULL = every posting). */
void bsn_ledger_model_set_filter (BsnLedgerModel         *self,
                                  const BsnPostingFilter *filter);
void bsn_ledger_model_reload (BsnLedgerModel *self);

/* TRUE while the postings are being counted. */
gboolean bsn_ledger_model_get_loading (BsnLedgerModel *self);
/* TRUE once a count has arrived for the current filter. */
gboolean bsn_ledger_model_get_ready (BsnLedgerModel *self);
/* The last read error (Indonesian), or NULL. */
const char *bsn_ledger_model_get_error_message (BsnLedgerModel *self);

G_END_DECLS
