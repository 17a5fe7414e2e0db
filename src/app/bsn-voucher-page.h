/* bsn-voucher-page.h — Voucher (DOMAIN.md §7).
 *
 * Issuing a voucher from a customer's points (with a printable voucher
 * and its QR code), checking a code before taking it as payment,
 * redeeming it at a store, and the settlement statement between stores
 * for a period, exportable to CSV. All library work on worker threads.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define BSN_TYPE_VOUCHER_PAGE (bsn_voucher_page_get_type ())

G_DECLARE_FINAL_TYPE (BsnVoucherPage, bsn_voucher_page, BSN, VOUCHER_PAGE, GtkWidget)

void bsn_voucher_page_set_path (BsnVoucherPage *self,
                                const char     *path);
void bsn_voucher_page_reload (BsnVoucherPage *self);

G_END_DECLS
