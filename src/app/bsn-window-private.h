/* bsn-window-private.h — what bsn-window.c and bsn-window-actions.c share. */
#pragma once

#include "bsn-consign-page.h"
#include "bsn-dashboard-page.h"
#include "bsn-import-page.h"
#include "bsn-ledger-page.h"
#include "bsn-quota-page.h"
#include "bsn-receipt-page.h"
#include "bsn-registry-page.h"
#include "bsn-report-page.h"
#include "bsn-sim-page.h"
#include "bsn-tiers-page.h"
#include "bsn-users-page.h"
#include "bsn-voucher-page.h"
#include "bsn-db-server.h"
#include "bsn-db-watch.h"
#include "bsn-window.h"

G_BEGIN_DECLS

struct _BsnWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;      /* NULL when the schema is not installed */
  char                 *path;
  GCancellable         *cancellable;   /* of the database being opened */
  GtkFileChooserNative *chooser;

  AdwToastOverlay      *toast_overlay;
  GtkStack             *main_stack;
  AdwStatusPage        *loading_page;
  GtkProgressBar       *progress_bar;
  AdwStatusPage        *error_page;
  GtkButton            *default_button;
  AdwLeaflet           *leaflet;
  GtkListBox           *sidebar_list;
  AdwWindowTitle       *window_title;
  GtkMenuButton        *primary_menu_button;
  GtkStack             *section_stack;
  /* The sections' pages: NULL until first shown (bsn-window.c). */
  BsnDashboardPage     *dashboard_page;
  BsnLedgerPage        *ledger_page;
  BsnRegistryPage      *registry_page;
  BsnReportPage        *report_page;
  BsnReceiptPage       *receipt_page;
  BsnImportPage        *import_page;
  BsnTiersPage         *tiers_page;
  BsnVoucherPage       *voucher_page;
  BsnUsersPage         *users_page;
  BsnSimPage           *sim_page;
  BsnQuotaPage         *quota_page;
  BsnConsignPage       *consign_page;
  guint                 build_source;  /* builds the hidden sections */

  /* Signing in and locking (bsn-window-session.c). */
  GtkWidget            *login_dialog;
  char                 *pages_path;    /* the file the pages show */
  gint64                last_input;    /* monotonic µs */
  guint                 idle_source;
  guint                 daily_backup_source;
  gboolean              has_users;
  gboolean              pages_loaded;
  gboolean              first_run_skipped; /* for this database, this time */
  /* The strips above the sections (bsn-window.ui). */
  GtkRevealer          *demo_revealer;
  GtkRevealer          *firstrun_revealer;
  GtkLabel             *firstrun_data_label;
  GtkButton            *firstrun_data_button;

  /* A network server (bsn-window-network.c). */
  BsnDbWatch           *watch;         /* NULL for a file */
  GHashTable           *changed_tables;
  guint                 reload_source;
  GtkRevealer          *offline_revealer;
  GtkLabel             *offline_label;
  guint                 outbox_pending;
  gboolean              replaying;
  guint                 replay_tries;
  guint                 replay_source;
};

/* What opening a server brings along (bsn-window-network.c). */
typedef struct
{
  GWeakRef          dialog;            /* the BsnServerDialog that asked, or none */
  BsnServerAddress *address;
  char             *password;          /* NULL: none typed */
  gboolean          remember_password;
} BsnServerRequest;

void bsn_server_request_free (BsnServerRequest *request);

/* bsn_window_open_database() for a server: @server (transfer full,
 * nullable) says who asked. */
void bsn_window_open_database_for (BsnWindow        *self,
                                   const char       *path,
                                   BsnDbLoadMode     mode,
                                   gboolean          remember,
                                   BsnServerRequest *server);
/* After opening: starts @watch (transfer full, NULL for a file),
 * remembers the server and its password, closes the dialog. */
void bsn_window_network_opened (BsnWindow        *self,
                                BsnServerRequest *server,
                                BsnDbWatch       *watch);
/* Opening a server failed: TRUE when the dialog shows why. */
gboolean bsn_window_network_failed (BsnWindow        *self,
                                    const char       *path,
                                    BsnServerRequest *server,
                                    const GError     *error);
/* "sri @ toko.lan/bsn" for a server, the file's name otherwise. (transfer full) */
char *bsn_window_location_title (const char *path);
void bsn_window_class_add_network_actions (GtkWidgetClass *widget_class);
void bsn_window_network_dispose (BsnWindow *self);

void bsn_window_class_add_actions (GtkWidgetClass *widget_class);
/* The keys of @section's shortcut in the ARIA notation ("Control+1"), or NULL. */
const char *bsn_window_section_shortcut (const char *section);
/* Moves the focus into the visible section's page: its first (or, going
 * backward, last) focusable widget, or the page itself. */
gboolean bsn_window_focus_page (BsnWindow        *self,
                                GtkDirectionType  direction);
void bsn_window_show_section (BsnWindow  *self,
                              const char *section);
/* Points the pages at the open database, or reads it again (a restore). */
void bsn_window_reload_pages (BsnWindow *self);

void bsn_window_class_add_session_actions (GtkWidgetClass *widget_class);
void bsn_window_session_init (BsnWindow *self);
void bsn_window_session_begin (BsnWindow *self);
void bsn_window_session_dispose (BsnWindow *self);
void bsn_window_backup_daily (BsnWindow *self);

G_END_DECLS
