/* bsn-voucher-print.c — a voucher on screen and on paper (see
 * bsn-voucher-print.h). */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <qrencode.h>

#include "bsn-voucher-print.h"

#define QR_QUIET_MODULES 4

BsnVoucherTicket *
bsn_voucher_ticket_copy (const BsnVoucherTicket *ticket)
{
  BsnVoucherTicket *copy = g_new0 (BsnVoucherTicket, 1);

  copy->code = g_strdup (ticket->code);
  copy->value = g_strdup (ticket->value);
  copy->customer = g_strdup (ticket->customer);
  copy->validity = g_strdup (ticket->validity);
  return copy;
}

void
bsn_voucher_ticket_free (BsnVoucherTicket *ticket)
{
  if (ticket == NULL)
    return;
  g_free (ticket->code);
  g_free (ticket->value);
  g_free (ticket->customer);
  g_free (ticket->validity);
  g_free (ticket);
}

gboolean
bsn_voucher_qr_draw (cairo_t    *cr,
                     const char *text,
                     double      x,
                     double      y,
                     double      size)
{
  QRcode *qr;
  double module;
  int n;

  if (text == NULL || *text == '\0')
    return FALSE;
  /* Level M survives a creased or smudged voucher; the code is plain
   * ASCII, so 8-bit mode with the case kept. */
  qr = QRcode_encodeString (text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
  if (qr == NULL)
    return FALSE;
  n = qr->width + 2 * QR_QUIET_MODULES;
  module = size / n;
  cairo_save (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_rectangle (cr, x, y, size, size);
  cairo_fill (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);
  for (int row = 0; row < qr->width; row++)
    for (int col = 0; col < qr->width; col++)
      if (qr->data[row * qr->width + col] & 1)
        cairo_rectangle (cr, x + (col + QR_QUIET_MODULES) * module, y + (row + QR_QUIET_MODULES) * module,
                         module, module);
  /* Filling all squares as one path leaves no hairlines between them. */
  cairo_fill (cr);
  cairo_restore (cr);
  QRcode_free (qr);
  return TRUE;
}

/* ---- BsnVoucherQr ---- */

struct _BsnVoucherQr
{
  GtkWidget  parent_instance;
  char      *text;
};

G_DEFINE_FINAL_TYPE (BsnVoucherQr, bsn_voucher_qr, GTK_TYPE_WIDGET)

static void
bsn_voucher_qr_snapshot (GtkWidget   *widget,
                         GtkSnapshot *snapshot)
{
  BsnVoucherQr *self = BSN_VOUCHER_QR (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  double size = MIN (width, height);
  cairo_t *cr;

  if (self->text == NULL || size <= 0)
    return;
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  bsn_voucher_qr_draw (cr, self->text, (width - size) / 2, (height - size) / 2, size);
  cairo_destroy (cr);
}

static void
bsn_voucher_qr_measure (GtkWidget      *widget,
                        GtkOrientation  orientation,
                        int             for_size,
                        int            *minimum,
                        int            *natural,
                        int            *minimum_baseline,
                        int            *natural_baseline)
{
  *minimum = 120;
  *natural = 160;
}

static void
bsn_voucher_qr_finalize (GObject *object)
{
  g_free (BSN_VOUCHER_QR (object)->text);
  G_OBJECT_CLASS (bsn_voucher_qr_parent_class)->finalize (object);
}

static void
bsn_voucher_qr_class_init (BsnVoucherQrClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = bsn_voucher_qr_finalize;
  widget_class->snapshot = bsn_voucher_qr_snapshot;
  widget_class->measure = bsn_voucher_qr_measure;
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
bsn_voucher_qr_init (BsnVoucherQr *self)
{
}

void
bsn_voucher_qr_set_text (BsnVoucherQr *self,
                         const char   *text)
{
  g_autofree char *label = NULL;

  g_return_if_fail (BSN_IS_VOUCHER_QR (self));

  g_free (self->text);
  self->text = g_strdup (text);
  label = g_strdup_printf (_("Kode QR voucher %s"), text ? text : "");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* ---- Printing ---- */

static double
draw_text (cairo_t              *cr,
           GtkPrintContext      *context,
           const char           *text,
           const char           *font,
           double                x,
           double                y,
           double                width)
{
  g_autoptr(PangoLayout) layout = gtk_print_context_create_pango_layout (context);
  PangoFontDescription *desc = pango_font_description_from_string (font);
  int w, h;

  pango_layout_set_font_description (layout, desc);
  pango_font_description_free (desc);
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_text (layout, text, -1);
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
  pango_layout_get_size (layout, &w, &h);
  return y + (double) h / PANGO_SCALE;
}

static void
on_draw_page (GtkPrintOperation *operation,
              GtkPrintContext   *context,
              int                page_nr,
              BsnVoucherTicket  *ticket)
{
  cairo_t *cr = gtk_print_context_get_cairo_context (context);
  double width = MIN (gtk_print_context_get_width (context), 420);
  double qr = 150, y = 0, text_width = width - qr - 24;

  /* A voucher-sized card at the top of the page, to cut out. */
  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_set_line_width (cr, 1);
  cairo_rectangle (cr, 0.5, 0.5, width - 1, qr + 60);
  cairo_stroke (cr);
  y = draw_text (cr, context, _("Voucher BSN Loyalty"), "Sans Bold 12", 12, 12, text_width);
  y = draw_text (cr, context, ticket->value, "Sans Bold 24", 12, y + 4, text_width);
  y = draw_text (cr, context, ticket->code, "Monospace Bold 13", 12, y + 8, text_width);
  y = draw_text (cr, context, ticket->customer, "Sans 10", 12, y + 8, text_width);
  draw_text (cr, context, ticket->validity, "Sans 10", 12, y + 2, text_width);
  draw_text (cr, context, _("Tunjukkan kode ini di toko BSN mana pun. Dipakai sekali, utuh."), "Sans Italic 8", 12,
             qr + 36, width - 24);
  bsn_voucher_qr_draw (cr, ticket->code, width - qr - 12, 12, qr);
}

void
bsn_voucher_print (GtkWindow              *parent,
                   const BsnVoucherTicket *ticket)
{
  g_autoptr(GtkPrintOperation) operation = gtk_print_operation_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *job = g_strdup_printf ("Voucher %s", ticket->code);

  gtk_print_operation_set_job_name (operation, job);
  gtk_print_operation_set_n_pages (operation, 1);
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_embed_page_setup (operation, TRUE);
  g_signal_connect_data (operation, "draw-page", G_CALLBACK (on_draw_page), bsn_voucher_ticket_copy (ticket),
                         (GClosureNotify) (void (*) (void)) bsn_voucher_ticket_free, 0);
  if (gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG, parent, &error)
      == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      GtkWidget *dialog = adw_message_dialog_new (parent, _("Voucher tidak tercetak"), error->message);
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Tutup"));
      gtk_window_present (GTK_WINDOW (dialog));
    }
}
