/* bsn-registry-page.h — Toko & Pelanggan: the network's stores and
 * customers (DOMAIN.md §1, §3).
 *
 * Two lists, switched with a GtkStackSwitcher. Adding or editing opens a
 * dialog that validates through the library and writes on a worker
 * thread; the lists then read again. "changed" tells the window that other
 * pages (the store filter of Buku Poin, the dashboard counts) are stale.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define BSN_TYPE_REGISTRY_PAGE (bsn_registry_page_get_type ())

G_DECLARE_FINAL_TYPE (BsnRegistryPage, bsn_registry_page, BSN, REGISTRY_PAGE, GtkWidget)

void bsn_registry_page_set_path (BsnRegistryPage *self,
                                 const char      *path);
void bsn_registry_page_reload (BsnRegistryPage *self);
void bsn_registry_page_focus_search (BsnRegistryPage *self);

G_END_DECLS
