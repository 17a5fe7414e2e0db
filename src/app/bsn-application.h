/* bsn-application.h — the BSN Loyalty application (org.bsn.Loyalty).
 *
 * One window. `bsn-loyalty FILE` opens FILE; without it the app opens
 * BSN_DB, else the database of the last session, else the default file
 * (created with the demo network on first run). App actions: quit, about,
 * preferences, shortcuts, new-database and open-database.
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define BSN_TYPE_APPLICATION (bsn_application_get_type ())

G_DECLARE_FINAL_TYPE (BsnApplication, bsn_application, BSN, APPLICATION, AdwApplication)

BsnApplication *bsn_application_new (void);

G_END_DECLS
