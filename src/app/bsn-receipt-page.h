/* bsn-receipt-page.h — Catat Transaksi: the cashier's flow for one receipt
 * (DOMAIN.md §4).
 *
 * Store, customer (searched by name, code or phone), amount, optional
 * perishable part and receipt number, then the stopwatch (bsn-stopwatch.h)
 * draws the lucky digit and "Catat transaksi" asks the reward engine
 * (bsn_award_receipt) on a worker thread. The result is explained in the
 * library's words ("Kuota terpenuhi · Plus · angka 5 → 6 % = Rp15.000")
 * with the points earned and any program bonuses. Back-office entry
 * records an older paper receipt with its own time and digit.
 *
 * Invalid input and refusals appear on the page with the field marked;
 * nothing typed is lost. After a receipt is recorded the form is ready for
 * the next customer, and "changed" tells the window the ledger moved.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define BSN_TYPE_RECEIPT_PAGE (bsn_receipt_page_get_type ())

G_DECLARE_FINAL_TYPE (BsnReceiptPage, bsn_receipt_page, BSN, RECEIPT_PAGE, GtkWidget)

void bsn_receipt_page_set_path (BsnReceiptPage *self,
                                const char     *path);
/* Reads the stores again (after Toko & Pelanggan changed them). */
void bsn_receipt_page_reload (BsnReceiptPage *self);
void bsn_receipt_page_focus_search (BsnReceiptPage *self);
void bsn_receipt_page_outbox_sent (BsnReceiptPage *self);

G_END_DECLS
