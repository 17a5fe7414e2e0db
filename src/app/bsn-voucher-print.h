/* bsn-voucher-print.h — a voucher on screen and on paper (DOMAIN.md §7).
 *
 * BsnVoucherQr shows the QR code of a voucher code: the module matrix
 * comes from libqrencode and is drawn square by square, with the quiet
 * zone of four modules that scanners need. bsn_voucher_print() prints the
 * voucher (code in large monospace, value, customer, validity, QR code)
 * through GtkPrintOperation, so the system print dialog chooses the
 * printer or a PDF file.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef struct
{
  char *code;
  char *value;       /* "Rp25.000" */
  char *customer;    /* "PLG-0001 · Sri Wahyuni" */
  char *validity;    /* "Berlaku sampai 30 November 2026" or "Tanpa batas waktu" */
} BsnVoucherTicket;

BsnVoucherTicket *bsn_voucher_ticket_copy (const BsnVoucherTicket *ticket);
void bsn_voucher_ticket_free (BsnVoucherTicket *ticket);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsnVoucherTicket, bsn_voucher_ticket_free)

/* Draws the QR code of @text filling a @size × @size square at (@x, @y),
 * quiet zone included. FALSE when the text cannot be encoded. */
gboolean bsn_voucher_qr_draw (cairo_t    *cr,
                              const char *text,
                              double      x,
                              double      y,
                              double      size);

#define BSN_TYPE_VOUCHER_QR (bsn_voucher_qr_get_type ())

G_DECLARE_FINAL_TYPE (BsnVoucherQr, bsn_voucher_qr, BSN, VOUCHER_QR, GtkWidget)

void bsn_voucher_qr_set_text (BsnVoucherQr *self,
                              const char   *text);

/* Prints @ticket, with the print dialog over @parent. */
void bsn_voucher_print (GtkWindow              *parent,
                        const BsnVoucherTicket *ticket);

G_END_DECLS
