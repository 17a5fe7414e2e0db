/* bsn-ledger-page.h — Buku Poin: the point ledger, newest first.
 *
 * A GtkColumnView over BsnLedgerModel with filters by store, customer and
 * date range. With a customer filter the page also shows that customer's
 * spendable points and status points (DOMAIN.md §4.3). Activating a row
 * opens the posting with its legs, from where it can be cancelled by a
 * reversal posting (postings are never edited, bsn-ledger.h).
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define BSN_TYPE_LEDGER_PAGE (bsn_ledger_page_get_type ())

G_DECLARE_FINAL_TYPE (BsnLedgerPage, bsn_ledger_page, BSN, LEDGER_PAGE, GtkWidget)

void bsn_ledger_page_set_path (BsnLedgerPage *self,
                               const char    *path);
/* Reads everything again: stores, the customer card and the postings. */
void bsn_ledger_page_reload (BsnLedgerPage *self);
void bsn_ledger_page_focus_search (BsnLedgerPage *self);

G_END_DECLS
