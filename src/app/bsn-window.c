/* bsn-window.c — the main window (see bsn-window.h). */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bsn-accessible.h"
#include "bsn-db.h"
#include "bsn-window-private.h"
#include "bsn-wrap-box.h"

G_DEFINE_FINAL_TYPE (BsnWindow, bsn_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_SECTION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ---- Sections ---- */

static void on_registry_changed (BsnWindow *self);
static void on_receipts_changed (BsnWindow *self);
static void set_page_path (BsnWindow  *self,
                           GtkWidget  *page,
                           const char *path);

/* Each section's page is built the first time it is shown, into the empty
 * AdwBin the stack holds for it (bsn-window.ui): building all eleven up
 * front held back the first frame by 60-100 ms (bench/app-bench.py), and
 * a page nobody opens reads nothing. */
typedef struct
{
  const char *name;
  GType     (*get_type) (void);
  gsize       offset;     /* of the page's pointer in BsnWindow */
  GCallback   changed;    /* the window's handler of the page's "changed" */
} Section;

static const Section sections[] = {
  { "dashboard", bsn_dashboard_page_get_type, G_STRUCT_OFFSET (BsnWindow, dashboard_page), NULL },
  { "receipt", bsn_receipt_page_get_type, G_STRUCT_OFFSET (BsnWindow, receipt_page),
    G_CALLBACK (on_receipts_changed) },
  { "import", bsn_import_page_get_type, G_STRUCT_OFFSET (BsnWindow, import_page),
    G_CALLBACK (on_receipts_changed) },
  { "tiers", bsn_tiers_page_get_type, G_STRUCT_OFFSET (BsnWindow, tiers_page), NULL },
  { "quota", bsn_quota_page_get_type, G_STRUCT_OFFSET (BsnWindow, quota_page), NULL },
  { "consign", bsn_consign_page_get_type, G_STRUCT_OFFSET (BsnWindow, consign_page), NULL },
  { "share", bsn_report_page_get_type, G_STRUCT_OFFSET (BsnWindow, report_page), NULL },
  { "ledger", bsn_ledger_page_get_type, G_STRUCT_OFFSET (BsnWindow, ledger_page), NULL },
  { "registry", bsn_registry_page_get_type, G_STRUCT_OFFSET (BsnWindow, registry_page),
    G_CALLBACK (on_registry_changed) },
  { "voucher", bsn_voucher_page_get_type, G_STRUCT_OFFSET (BsnWindow, voucher_page), NULL },
  { "users", bsn_users_page_get_type, G_STRUCT_OFFSET (BsnWindow, users_page), NULL },
  { "simulate", bsn_sim_page_get_type, G_STRUCT_OFFSET (BsnWindow, sim_page), NULL },
};

/* The page in @slot, one of the section stack's children, built now if
 * it was not yet. The pointer is stored with memcpy: the field has the
 * page's own type. */
static GtkWidget *
section_page (BsnWindow *self,
              GtkWidget *slot)
{
  const char *name = gtk_stack_page_get_name (gtk_stack_get_page (self->section_stack, slot));
  GtkWidget *page = adw_bin_get_child (ADW_BIN (slot));

  if (page != NULL)
    return page;
  for (gsize i = 0; i < G_N_ELEMENTS (sections); i++)
    {
      if (g_strcmp0 (sections[i].name, name) != 0)
        continue;
      page = g_object_new (sections[i].get_type (), NULL);
      memcpy (G_STRUCT_MEMBER_P (self, sections[i].offset), &page, sizeof page);
      if (sections[i].changed != NULL)
        g_signal_connect_object (page, "changed", sections[i].changed, self, G_CONNECT_SWAPPED);
      adw_bin_set_child (ADW_BIN (slot), page);
      if (self->pages_path != NULL)
        set_page_path (self, page, self->pages_path);
      return page;
    }
  g_return_val_if_reached (NULL);
}

/* Forgets the pages (they go with the window's template). */
static void
forget_section_pages (BsnWindow *self)
{
  static const gpointer none = NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (sections); i++)
    memcpy (G_STRUCT_MEMBER_P (self, sections[i].offset), &none, sizeof none);
}

static GtkListBoxRow *
sidebar_row_for (BsnWindow  *self,
                 const char *section)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->sidebar_list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_BOX_ROW (child) && g_strcmp0 (gtk_widget_get_name (child), section) == 0)
      return GTK_LIST_BOX_ROW (child);
  return NULL;
}

void
bsn_window_show_section (BsnWindow  *self,
                         const char *section)
{
  GtkWidget *child = gtk_stack_get_child_by_name (self->section_stack, section);
  GtkListBoxRow *row = sidebar_row_for (self, section);
  gboolean built;

  if (child == NULL)
    return;
  built = adw_bin_get_child (ADW_BIN (child)) != NULL;
  /* The counts may have moved (a cancelled posting, receipts imported by
   * the CLI); counting is cheap and off the main thread. A page built
   * just now reads them anyway. */
  if (section_page (self, child) == GTK_WIDGET (self->dashboard_page) && built
      && gtk_stack_get_visible_child (self->section_stack) != child)
    bsn_dashboard_page_reload (self->dashboard_page);
  gtk_stack_set_visible_child (self->section_stack, child);
  adw_window_title_set_title (self->window_title,
                              gtk_stack_page_get_title (gtk_stack_get_page (self->section_stack, child)));
  if (row != NULL && gtk_list_box_get_selected_row (self->sidebar_list) != row)
    gtk_list_box_select_row (self->sidebar_list, row);
  adw_leaflet_set_visible_child_name (self->leaflet, "content");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SECTION]);
}

gboolean
bsn_window_focus_page (BsnWindow        *self,
                       GtkDirectionType  direction)
{
  GtkWidget *slot;
  GtkWidget *focus;

  g_return_val_if_fail (BSN_IS_WINDOW (self), FALSE);

  slot = gtk_stack_get_visible_child (self->section_stack);

  if (slot == NULL)
    return FALSE;
  /* GTK remembers in every container the child that last held the focus
   * and moves on from there: a page left and shown again would take the
   * focus on the widget after the one it had. The page starts at its
   * first widget instead, as it does the first time. */
  focus = gtk_root_get_focus (GTK_ROOT (self));
  if (focus != NULL && gtk_widget_is_ancestor (focus, slot))
    gtk_window_set_focus (GTK_WINDOW (self), NULL);
  for (GtkWidget *widget = slot, *child; (child = gtk_widget_get_focus_child (widget)) != NULL; widget = child)
    gtk_widget_set_focus_child (widget, NULL);
  if (gtk_widget_child_focus (slot, direction))
    return TRUE;
  /* A page with nothing to type into or press yet (Dasbor before its
   * reserves arrive) takes the focus itself, so that the keys stay on the
   * page the user chose and a screen reader names it. */
  return gtk_widget_grab_focus (section_page (self, slot));
}

static void
on_sidebar_row_activated (BsnWindow     *self,
                          GtkListBoxRow *row)
{
  bsn_window_show_section (self, gtk_widget_get_name (GTK_WIDGET (row)));
}

/* Tab and Shift+Tab leave the sidebar for the page on screen instead of
 * walking its rows: a GtkListBox moves its cursor on Tab, and the
 * selection follows the cursor, which switched the page at every step.
 * The arrow keys still move within the sidebar. */
static gboolean
on_sidebar_key_pressed (BsnWindow             *self,
                        guint                  keyval,
                        guint                  keycode,
                        GdkModifierType        state,
                        GtkEventControllerKey *controller)
{
  gboolean backward;

  if (keyval != GDK_KEY_Tab && keyval != GDK_KEY_KP_Tab && keyval != GDK_KEY_ISO_Left_Tab)
    return FALSE;
  if ((state & (GDK_CONTROL_MASK | GDK_ALT_MASK)) != 0)
    return FALSE;
  /* Folded, the sidebar is all there is on screen. */
  if (adw_leaflet_get_folded (self->leaflet))
    return FALSE;
  backward = keyval == GDK_KEY_ISO_Left_Tab || (state & GDK_SHIFT_MASK) != 0;
  return bsn_window_focus_page (self, backward ? GTK_DIR_TAB_BACKWARD : GTK_DIR_TAB_FORWARD);
}

/* Names every sidebar row after its section (the stack page's title),
 * with its shortcut: a row is a box of an icon and a label, which GTK
 * 4.8 does not turn into a name by itself. */
static void
name_sidebar_rows (BsnWindow *self)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->sidebar_list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *slot;
      const char *keys;

      if (!GTK_IS_LIST_BOX_ROW (child))
        continue;
      slot = gtk_stack_get_child_by_name (self->section_stack, gtk_widget_get_name (child));
      if (slot == NULL)
        continue;
      keys = bsn_window_section_shortcut (gtk_widget_get_name (child));
      gtk_accessible_update_property (GTK_ACCESSIBLE (child),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      gtk_stack_page_get_title (gtk_stack_get_page (self->section_stack, slot)),
                                      -1);
      if (keys != NULL)
        gtk_accessible_update_property (GTK_ACCESSIBLE (child),
                                        GTK_ACCESSIBLE_PROPERTY_KEY_SHORTCUTS, keys,
                                        -1);
    }
}

static void
on_sidebar_row_selected (BsnWindow     *self,
                         GtkListBoxRow *row)
{
  if (row != NULL)
    bsn_window_show_section (self, gtk_widget_get_name (GTK_WIDGET (row)));
}

static void
on_leaflet_folded (BsnWindow *self)
{
  /* Folded, the sidebar is a page of its own and keeps no selection
   * highlighted; unfolded, it shows where the user is. */
  if (adw_leaflet_get_folded (self->leaflet))
    gtk_list_box_set_selection_mode (self->sidebar_list, GTK_SELECTION_NONE);
  else
    {
      const char *section = gtk_stack_get_visible_child_name (self->section_stack);
      gtk_list_box_set_selection_mode (self->sidebar_list, GTK_SELECTION_SINGLE);
      if (section != NULL)
        gtk_list_box_select_row (self->sidebar_list, sidebar_row_for (self, section));
    }
}

/* Folded, the sidebar and the page take turns on screen: the focus goes
 * with the one shown (the open section's row, or the page's first
 * widget), so that the keys act on what the user sees after Enter on a
 * row, the back button or Alt+Left, never on a widget off screen. Done
 * a moment later, and again until it takes (at most FOCUS_TRIES times):
 * AdwLeaflet moves the focus into the new child itself after it
 * notifies, and a page built just now cannot take the focus before it
 * is shown. */
#define FOCUS_TRIES 20

static gboolean
focus_leaflet_child (gpointer data)
{
  BsnWindow *self = data;
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));
  guint tries = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (self), "bsn-focus-tries")) + 1;
  GtkListBoxRow *row;

  g_object_set_data (G_OBJECT (self), "bsn-focus-tries", GUINT_TO_POINTER (tries));
  if (!adw_leaflet_get_folded (self->leaflet))
    return G_SOURCE_REMOVE;
  if (g_strcmp0 (adw_leaflet_get_visible_child_name (self->leaflet), "content") == 0)
    {
      GtkWidget *slot = gtk_stack_get_visible_child (self->section_stack);

      /* AdwLeaflet gives the focus back to the widget that had it last
       * in the content, which may be on the page left before. */
      if (slot == NULL || (focus != NULL && gtk_widget_is_ancestor (focus, slot)))
        return G_SOURCE_REMOVE;
      bsn_window_focus_page (self, GTK_DIR_TAB_FORWARD);
      focus = gtk_root_get_focus (GTK_ROOT (self));
      if (focus != NULL && (focus == slot || gtk_widget_is_ancestor (focus, slot)))
        return G_SOURCE_REMOVE;
      return tries < FOCUS_TRIES ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
    }
  row = sidebar_row_for (self, gtk_stack_get_visible_child_name (self->section_stack));
  if (row != NULL && (focus == NULL || !gtk_widget_is_ancestor (focus, GTK_WIDGET (self->sidebar_list))))
    gtk_widget_grab_focus (GTK_WIDGET (row));
  return G_SOURCE_REMOVE;
}

static void
on_leaflet_visible_child (BsnWindow *self)
{
  if (!adw_leaflet_get_folded (self->leaflet) || !gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;
  g_object_set_data (G_OBJECT (self), "bsn-focus-tries", NULL);
  g_timeout_add_full (G_PRIORITY_DEFAULT, 50, focus_leaflet_child, g_object_ref (self), g_object_unref);
}

static void
on_registry_changed (BsnWindow *self)
{
  /* New stores appear in Buku Poin's filter, new counts on Dasbor. A
   * section not built yet reads everything when it is. */
  if (self->ledger_page != NULL)
    bsn_ledger_page_reload (self->ledger_page);
  if (self->dashboard_page != NULL)
    bsn_dashboard_page_reload (self->dashboard_page);
  if (self->receipt_page != NULL)
    bsn_receipt_page_reload (self->receipt_page);
  if (self->quota_page != NULL)
    bsn_quota_page_reload (self->quota_page);
  if (self->consign_page != NULL)
    bsn_consign_page_reload (self->consign_page);
  if (self->sim_page != NULL)
    bsn_sim_page_reload (self->sim_page);
}

static void
on_receipts_changed (BsnWindow *self)
{
  /* A recorded or imported receipt posts to the ledger and counts
   * towards the day's sales. */
  if (self->ledger_page != NULL)
    bsn_ledger_page_reload (self->ledger_page);
  if (self->dashboard_page != NULL)
    bsn_dashboard_page_reload (self->dashboard_page);
  if (self->quota_page != NULL)
    bsn_quota_page_reload (self->quota_page);
}

/* ---- Opening a database ---- */

typedef struct
{
  BsnWindow        *self;
  char             *path;
  BsnDbLoadMode     mode;
  gboolean          remember;
  BsnServerRequest *server;
} OpenRequest;

static void
open_request_free (OpenRequest *req)
{
  g_object_unref (req->self);
  /* A server location may carry the password: wiped, not just freed. */
  if (req->path != NULL)
    memset (req->path, 0, strlen (req->path));
  g_free (req->path);
  g_clear_pointer (&req->server, bsn_server_request_free);
  g_free (req);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OpenRequest, open_request_free)

static void
on_load_progress (GObject *target,
                  double   fraction)
{
  BsnWindow *self = BSN_WINDOW (target);

  adw_status_page_set_title (self->loading_page, _("Menyiapkan jaringan toko contoh…"));
  adw_status_page_set_description (self->loading_page,
                                   _("Baru pertama kali dibuka: basis data diisi dengan toko dan pelanggan contoh di sekitar Bandung dan Cimahi."));
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), TRUE);
  gtk_progress_bar_set_fraction (self->progress_bar, fraction);
}

/* Points @page, one of the sections, at @path. */
static void
set_page_path (BsnWindow  *self,
               GtkWidget  *page,
               const char *path)
{
  if (page == GTK_WIDGET (self->dashboard_page))
    bsn_dashboard_page_set_path (self->dashboard_page, path);
  else if (page == GTK_WIDGET (self->ledger_page))
    bsn_ledger_page_set_path (self->ledger_page, path);
  else if (page == GTK_WIDGET (self->registry_page))
    bsn_registry_page_set_path (self->registry_page, path);
  else if (page == GTK_WIDGET (self->report_page))
    bsn_report_page_set_path (self->report_page, path);
  else if (page == GTK_WIDGET (self->receipt_page))
    bsn_receipt_page_set_path (self->receipt_page, path);
  else if (page == GTK_WIDGET (self->import_page))
    bsn_import_page_set_path (self->import_page, path);
  else if (page == GTK_WIDGET (self->tiers_page))
    bsn_tiers_page_set_path (self->tiers_page, path);
  else if (page == GTK_WIDGET (self->voucher_page))
    bsn_voucher_page_set_path (self->voucher_page, path);
  else if (page == GTK_WIDGET (self->users_page))
    bsn_users_page_set_path (self->users_page, path);
  else if (page == GTK_WIDGET (self->quota_page))
    bsn_quota_page_set_path (self->quota_page, path);
  else if (page == GTK_WIDGET (self->consign_page))
    bsn_consign_page_set_path (self->consign_page, path);
  else if (page == GTK_WIDGET (self->sim_page))
    bsn_sim_page_set_path (self->sim_page, path);
}

/* Points every section built so far at @path (a page already there
 * ignores it). */
static void
set_pages_path (BsnWindow  *self,
                const char *path)
{
  for (GtkWidget *slot = gtk_widget_get_first_child (GTK_WIDGET (self->section_stack));
       slot != NULL;
       slot = gtk_widget_get_next_sibling (slot))
    if (adw_bin_get_child (ADW_BIN (slot)) != NULL)
      set_page_path (self, adw_bin_get_child (ADW_BIN (slot)), path);
}

/* Builds the next section not built yet, one per idle turn of the main
 * loop so that input and painting come first; a page reads the database
 * once built (section_page), so Buku Poin has its count ready when the
 * user gets there. */
static gboolean
build_next_section (gpointer data)
{
  BsnWindow *self = data;

  for (GtkWidget *slot = gtk_widget_get_first_child (GTK_WIDGET (self->section_stack));
       slot != NULL;
       slot = gtk_widget_get_next_sibling (slot))
    if (adw_bin_get_child (ADW_BIN (slot)) == NULL)
      {
        section_page (self, slot);
        return G_SOURCE_CONTINUE;
      }
  self->build_source = 0;
  return G_SOURCE_REMOVE;
}

/* Points the sections built so far at @path and builds the others. */
static void
point_hidden_pages_at (BsnWindow  *self,
                       const char *path)
{
  set_pages_path (self, path);
  if (self->build_source == 0)
    self->build_source = g_idle_add_full (G_PRIORITY_LOW, build_next_section, self, NULL);
}

static void
on_pages_first_frame (BsnWindow     *self,
                      GdkFrameClock *clock)
{
  g_signal_handlers_disconnect_by_func (clock, on_pages_first_frame, self);
  point_hidden_pages_at (self, self->pages_path);
}

/* Every page reads the database as soon as it has a path, and most build
 * widgets from what they read. Those results would arrive, one after the
 * other, before the window could paint the section on screen (reading
 * results beat painting in the main loop): with a big ledger that held
 * back the first frame by a second. So only the section on screen reads
 * at once; the hidden ones are built and start once its first frame is
 * painted. */
static void
point_pages_at (BsnWindow  *self,
                const char *path)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));

  set_page_path (self, section_page (self, gtk_stack_get_visible_child (self->section_stack)), path);
  if (clock == NULL)
    {
      point_hidden_pages_at (self, path);
      return;
    }
  g_signal_handlers_disconnect_by_func (clock, on_pages_first_frame, self);
  g_signal_connect_object (clock, "after-paint", G_CALLBACK (on_pages_first_frame), self, G_CONNECT_SWAPPED);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
bsn_window_reload_pages (BsnWindow *self)
{
  if (g_strcmp0 (self->pages_path, self->path) != 0)
    {
      g_free (self->pages_path);
      self->pages_path = g_strdup (self->path);
      point_pages_at (self, self->path);
      return;
    }
  if (self->dashboard_page != NULL)
    bsn_dashboard_page_reload (self->dashboard_page);
  if (self->ledger_page != NULL)
    bsn_ledger_page_reload (self->ledger_page);
  if (self->registry_page != NULL)
    bsn_registry_page_reload (self->registry_page);
  if (self->receipt_page != NULL)
    bsn_receipt_page_reload (self->receipt_page);
  if (self->tiers_page != NULL)
    bsn_tiers_page_reload (self->tiers_page);
  if (self->report_page != NULL)
    bsn_report_page_reload (self->report_page);
  if (self->voucher_page != NULL)
    bsn_voucher_page_reload (self->voucher_page);
  if (self->users_page != NULL)
    bsn_users_page_reload (self->users_page);
  if (self->quota_page != NULL)
    bsn_quota_page_reload (self->quota_page);
  if (self->consign_page != NULL)
    bsn_consign_page_reload (self->consign_page);
}

static void
show_open_error (BsnWindow    *self,
                 const char   *path,
                 const GError *error)
{
  g_autofree char *default_path = bsn_db_default_path ();

  if (self->path != NULL)
    {
      /* The database that was open stays open. */
      GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self),
                                                  _("Basis data tidak dapat dibuka"),
                                                  error->message);
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Tutup"));
      gtk_window_present (GTK_WINDOW (dialog));
      gtk_stack_set_visible_child_name (self->main_stack, "main");
      return;
    }
  adw_status_page_set_description (self->error_page, error->message);
  gtk_widget_set_visible (GTK_WIDGET (self->default_button), g_strcmp0 (path, default_path) != 0);
  gtk_stack_set_visible_child_name (self->main_stack, "error");
}

static void
load_done (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(OpenRequest) req = user_data;
  BsnWindow *self = req->self;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *title = NULL;
  g_autofree char *shown = NULL;
  gboolean created = FALSE;

  if (!bsn_db_load_finish (result, &created, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      if (bsn_window_network_failed (self, req->path, req->server, error))
        {
          if (self->path != NULL)
            gtk_stack_set_visible_child_name (self->main_stack, "main");
          else
            {
              g_autofree char *escaped = g_markup_escape_text (error->message, -1);
              adw_status_page_set_description (self->error_page, escaped);
              gtk_stack_set_visible_child_name (self->main_stack, "error");
            }
          return;
        }
      show_open_error (self, req->path, error);
      return;
    }

  g_free (self->path);
  self->path = g_strdup (req->path);
  shown = bsn_db_location_for_display (self->path);
  /* Remembered without the password (the keyring has it). */
  if (req->remember && self->settings != NULL)
    g_settings_set_string (self->settings, "last-database", shown);

  name = bsn_window_location_title (self->path);
  adw_window_title_set_subtitle (self->window_title, name);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->window_title), shown);
  title = g_strdup_printf ("BSN Loyalty — %s", name);
  gtk_window_set_title (GTK_WINDOW (self), title);
  bsn_window_network_opened (self, req->server, bsn_db_load_take_watch (result));

  /* The pages read the file once someone may (bsn-window-session.c). */
  bsn_window_session_begin (self);
  gtk_stack_set_visible_child_name (self->main_stack, "main");

  if (created)
    {
      g_autofree char *message = NULL;

      if (req->mode == BSN_DB_LOAD_DEMO)
        message = g_strdup_printf (_("Basis data contoh “%s” dibuat"), name);
      else
        message = g_strdup_printf (_("Basis data baru “%s” dibuat"), name);
      bsn_window_show_toast (self, message);
    }
}

void
bsn_window_open_database (BsnWindow     *self,
                          const char    *path,
                          BsnDbLoadMode  mode,
                          gboolean       remember)
{
  bsn_window_open_database_for (self, path, mode, remember, NULL);
}

void
bsn_window_open_database_for (BsnWindow        *self,
                              const char       *path,
                              BsnDbLoadMode     mode,
                              gboolean          remember,
                              BsnServerRequest *server)
{
  OpenRequest *req;
  g_autofree char *shown = NULL;
  g_autofree char *escaped = NULL;

  g_return_if_fail (BSN_IS_WINDOW (self));
  g_return_if_fail (path != NULL);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  shown = bsn_db_location_for_display (path);
  /* The description is markup: a URI's "&" must be escaped. */
  escaped = g_markup_escape_text (shown, -1);
  adw_status_page_set_title (self->loading_page, bsn_db_location_is_server (path)
                                                   ? _("Menyambungkan ke server…")
                                                   : _("Membuka basis data…"));
  adw_status_page_set_description (self->loading_page, escaped);
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), FALSE);
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  gtk_stack_set_visible_child_name (self->main_stack, "loading");

  req = g_new0 (OpenRequest, 1);
  req->self = g_object_ref (self);
  req->path = g_strdup (path);
  req->mode = mode;
  req->remember = remember;
  req->server = server;
  bsn_db_load_async (path, mode, G_OBJECT (self), on_load_progress,
                     self->cancellable, load_done, req);
}

void
bsn_window_open_initial_database (BsnWindow *self)
{
  g_autofree char *last = NULL;
  g_autofree char *path = NULL;
  const char *env = g_getenv ("BSN_DB");

  g_return_if_fail (BSN_IS_WINDOW (self));

  /* BSN_DB wins over the setting; either default is filled with the demo
   * network when it does not exist yet. */
  if (self->settings != NULL && (env == NULL || *env == '\0'))
    last = g_settings_get_string (self->settings, "last-database");
  if (last != NULL && *last != '\0')
    {
      bsn_window_open_location (self, last, FALSE);
      return;
    }
  path = bsn_db_default_path ();
  /* A server is never filled with the demo network from here. */
  if (bsn_db_location_is_server (path))
    bsn_window_open_location (self, path, FALSE);
  else
    bsn_window_open_database (self, path, BSN_DB_LOAD_DEMO, FALSE);
}

const char *
bsn_window_get_path (BsnWindow *self)
{
  g_return_val_if_fail (BSN_IS_WINDOW (self), NULL);
  return self->path;
}

void
bsn_window_show_toast (BsnWindow  *self,
                       const char *message)
{
  g_return_if_fail (BSN_IS_WINDOW (self));

  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

/* ---- Window size ---- */

static void
restore_window_state (BsnWindow *self)
{
  if (self->settings == NULL)
    return;
  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}

static void
save_window_state (BsnWindow *self)
{
  int width, height;

  if (self->settings == NULL)
    return;
  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (GTK_WINDOW (self)));
}

static gboolean
bsn_window_close_request (GtkWindow *window)
{
  save_window_state (BSN_WINDOW (window));
  return GTK_WINDOW_CLASS (bsn_window_parent_class)->close_request (window);
}

/* ---- Start-up figures (BSN_BENCH=1; bench/app-bench.py) ----
 *
 * "bsn-bench key=value" lines on stderr, for people, not users: not
 * translated. Times count from the start of the process as the kernel
 * recorded it (/proc/self/stat starttime against CLOCK_BOOTTIME), so they
 * include loading the libraries. starttime is in clock ticks (10 ms at
 * USER_HZ 100) rounded down, so a figure may read up to one tick high.
 * first-paint is the window's first frame (the "Membuka basis data…"
 * page); first-frame the first one of the sidebar and Dasbor after the
 * database is open and the page on screen points at it (Dasbor's counts
 * follow from a worker). With BSN_BENCH_QUIT=1 Buku Poin is opened then,
 * or BSN_BENCH_OPEN_AFTER_MS later once the main loop is idle (the app
 * has settled), and measures itself and quits (bsn-ledger-page.c). */

static double
bench_ms_since_process_start (void)
{
  g_autofree char *stat = NULL;
  g_auto(GStrv) fields = NULL;
  struct timespec now;
  const char *comm_end;
  double start_s;

  if (!g_file_get_contents ("/proc/self/stat", &stat, NULL, NULL)
      || (comm_end = strrchr (stat, ')')) == NULL
      || clock_gettime (CLOCK_BOOTTIME, &now) != 0)
    return -1;
  /* After "pid (comm) " come the fields from 3 (state); 22 is starttime. */
  fields = g_strsplit (comm_end + 2, " ", 21);
  if (g_strv_length (fields) < 20)
    return -1;
  start_s = g_ascii_strtod (fields[19], NULL) / (double) sysconf (_SC_CLK_TCK);
  return (now.tv_sec + now.tv_nsec / 1e9 - start_s) * 1000.0;
}

static gboolean
bench_open_ledger (gpointer data)
{
  bsn_window_show_section (BSN_WINDOW (data), "ledger");
  return G_SOURCE_REMOVE;
}

/* Once the main loop has nothing more urgent to do. */
static gboolean
bench_open_ledger_later (gpointer data)
{
  g_idle_add_full (G_PRIORITY_LOW, bench_open_ledger, g_object_ref (data), g_object_unref);
  return G_SOURCE_REMOVE;
}

static void
on_bench_after_paint (BsnWindow     *self,
                      GdkFrameClock *clock)
{
  static gboolean painted;
  const char *delay = g_getenv ("BSN_BENCH_OPEN_AFTER_MS");
  int delay_ms = delay != NULL ? (int) g_ascii_strtoll (delay, NULL, 10) : 0;

  if (!painted)
    {
      painted = TRUE;
      g_printerr ("bsn-bench first-paint-ms=%.1f\n", bench_ms_since_process_start ());
    }
  if (!self->pages_loaded || g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "main") != 0)
    return;
  g_printerr ("bsn-bench first-frame-ms=%.1f\n", bench_ms_since_process_start ());
  g_signal_handlers_disconnect_by_func (clock, on_bench_after_paint, self);
  if (g_strcmp0 (g_getenv ("BSN_BENCH_QUIT"), "1") != 0)
    return;
  if (delay_ms <= 0)
    bsn_window_show_section (self, "ledger");
  else
    g_timeout_add_full (G_PRIORITY_DEFAULT, delay_ms, bench_open_ledger_later,
                        g_object_ref (self), g_object_unref);
}

static void
on_bench_realize (BsnWindow *self)
{
  g_signal_connect_object (gtk_widget_get_frame_clock (GTK_WIDGET (self)), "after-paint",
                           G_CALLBACK (on_bench_after_paint), self, G_CONNECT_SWAPPED);
}

/* ---- GObject ---- */

static void
bsn_window_dispose (GObject *object)
{
  BsnWindow *self = (BsnWindow *) object;

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->build_source, g_source_remove);
  bsn_window_network_dispose (self);
  bsn_window_session_dispose (self);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), BSN_TYPE_WINDOW);
  forget_section_pages (self);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (bsn_window_parent_class)->dispose (object);
}

static void
bsn_window_finalize (GObject *object)
{
  BsnWindow *self = (BsnWindow *) object;

  if (self->path != NULL)
    memset (self->path, 0, strlen (self->path));
  g_free (self->path);
  if (self->pages_path != NULL)
    memset (self->pages_path, 0, strlen (self->pages_path));
  g_free (self->pages_path);

  G_OBJECT_CLASS (bsn_window_parent_class)->finalize (object);
}

static void
bsn_window_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  BsnWindow *self = BSN_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SECTION:
      g_value_set_string (value, gtk_stack_get_visible_child_name (self->section_stack));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bsn_window_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  BsnWindow *self = BSN_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SECTION:
      bsn_window_show_section (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bsn_window_class_init (BsnWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = bsn_window_dispose;
  object_class->finalize = bsn_window_finalize;
  object_class->get_property = bsn_window_get_property;
  object_class->set_property = bsn_window_set_property;
  window_class->close_request = bsn_window_close_request;

  /* The visible section ("dashboard", "ledger" …); win.show-section
   * changes it. */
  properties[PROP_SECTION] =
    g_param_spec_string ("section", NULL, NULL, "dashboard",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (BSN_TYPE_WRAP_BOX);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/bsn/Loyalty/bsn-window.ui");
  gtk_widget_class_bind_template_child (widget_class, BsnWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, BsnWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, BsnWindow, loading_page);
  gtk_widget_class_bind_template_child (widget_class, BsnWindow, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, BsnWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, BsnWindow, default_button);
  gtk_widget_class_bind_template_child (widget_class, BsnWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, BsnWindow, sidebar_list);
  gtk_widget_class_bind_template_child (widget_class, BsnWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, BsnWindow, primary_menu_button);
  gtk_widget_class_bind_template_child (widget_class, BsnWindow, section_stack);
  gtk_widget_class_bind_template_child (widget_class, BsnWindow, offline_revealer);
  gtk_widget_class_bind_template_child (widget_class, BsnWindow, demo_revealer);
  gtk_widget_class_bind_template_child (widget_class, BsnWindow, firstrun_revealer);
  gtk_widget_class_bind_template_child (widget_class, BsnWindow, firstrun_data_label);
  gtk_widget_class_bind_template_child (widget_class, BsnWindow, firstrun_data_button);
  gtk_widget_class_bind_template_child (widget_class, BsnWindow, offline_label);
  gtk_widget_class_bind_template_callback (widget_class, on_sidebar_row_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_sidebar_row_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_sidebar_key_pressed);
  gtk_widget_class_bind_template_callback (widget_class, on_leaflet_folded);
  gtk_widget_class_bind_template_callback (widget_class, on_leaflet_visible_child);

  bsn_window_class_add_actions (widget_class);
  bsn_window_class_add_session_actions (widget_class);
  bsn_window_class_add_network_actions (widget_class);
}

static void
bsn_window_init (BsnWindow *self)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  bsn_accessible_name_parts_on_realize ();
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  name_sidebar_rows (self);

  /* Uninstalled without GSETTINGS_SCHEMA_DIR the app still runs; it just
   * forgets the window size and the last database. */
  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  if (schema != NULL)
    self->settings = g_settings_new (APP_ID);
  else
    g_message ("Skema GSettings %s tidak terpasang; ukuran jendela dan basis data terakhir tidak diingat", APP_ID);

  restore_window_state (self);
  bsn_window_session_init (self);
  if (g_strcmp0 (g_getenv ("BSN_BENCH"), "1") == 0)
    g_signal_connect (self, "realize", G_CALLBACK (on_bench_realize), NULL);
  bsn_window_show_section (self, "dashboard");
}

BsnWindow *
bsn_window_new (GtkApplication *application)
{
  return g_object_new (BSN_TYPE_WINDOW, "application", application, NULL);
}
