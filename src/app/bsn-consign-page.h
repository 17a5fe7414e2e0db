/* bsn-consign-page.h — Titip Jual: consignment lots from induk to anak
 * cabang (DOMAIN.md §8, §9).
 *
 * Every lot with its status as of today, grouped so that what needs
 * attention comes first — offers awaiting the anak's answer, returns due,
 * lots whose next markdown stage (or return) starts within a week — then
 * what is selling, then what is done. A store filter shows one induk's or
 * one anak's lots; seen from an anak, offers carry their answer buttons.
 * Activating a lot opens its detail (bsn-lot-dialog.h); "Tawarkan
 * titipan…" opens the offer form (bsn-offer-dialog.h).
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define BSN_TYPE_CONSIGN_PAGE (bsn_consign_page_get_type ())

G_DECLARE_FINAL_TYPE (BsnConsignPage, bsn_consign_page, BSN, CONSIGN_PAGE, GtkWidget)

void bsn_consign_page_set_path (BsnConsignPage *self,
                                const char     *path);
/* Reads the stores and the lots again. */
void bsn_consign_page_reload (BsnConsignPage *self);

G_END_DECLS
