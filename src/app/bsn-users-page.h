/* bsn-users-page.h — Pengguna & Audit.
 *
 * The users of the open database with their roles (bsn-auth.h), each with
 * a role dropdown and an "Aktif" switch (the owner changes roles and
 * disables users; the last active pemilik stays), adding a user (name,
 * role, password typed twice), and the audit trail
 * (bsn-audit.h) filtered by a range of local dates and an action,
 * exportable to CSV. The library decides who may: a refusal is shown as
 * it says.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define BSN_TYPE_USERS_PAGE (bsn_users_page_get_type ())

G_DECLARE_FINAL_TYPE (BsnUsersPage, bsn_users_page, BSN, USERS_PAGE, GtkWidget)

void bsn_users_page_set_path (BsnUsersPage *self,
                              const char   *path);
void bsn_users_page_reload (BsnUsersPage *self);

G_END_DECLS
