/* bsn-tiers-page.h — Tabel Tingkat: the reward scheme tables and their
 * versions (DOMAIN.md §3, §4).
 *
 * Three grids (stopwatch, lelang waktu, voucher siaga) show the newest
 * version of each table, which owners edit in place; "Simpan sebagai
 * versi baru…" turns the changed cells into a new version with an
 * effective time, author and reason (bsn-tier-save-dialog.h). "Tampilkan
 * per tanggal" shows, read-only, the tables in force at the end of any
 * chosen day. Below the grid, the visible table's version history and a
 * comparison of two versions (bsn-tier-history.h). All reads and writes
 * run on worker threads.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define BSN_TYPE_TIERS_PAGE (bsn_tiers_page_get_type ())

G_DECLARE_FINAL_TYPE (BsnTiersPage, bsn_tiers_page, BSN, TIERS_PAGE, GtkWidget)

void bsn_tiers_page_set_path (BsnTiersPage *self,
                              const char   *path);
void bsn_tiers_page_reload (BsnTiersPage *self);

G_END_DECLS
