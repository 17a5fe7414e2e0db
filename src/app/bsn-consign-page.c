/* bsn-consign-page.c — Titip Jual (see bsn-consign-page.h). */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "bsn-consign-page.h"
#include "bsn-db-task.h"
#include "bsn-lot-actions.h"
#include "bsn-lot-dialog.h"
#include "bsn-lot-info.h"
#include "bsn-lot-row.h"
#include "bsn-offer-dialog.h"
#include "bsn-store.h"
#include "bsn-window.h"
#include "bsn-wrap-box.h"

struct _BsnConsignPage
{
  GtkWidget      parent_instance;

  char          *path;
  GCancellable  *cancellable;
  GPtrArray     *stores;           /* BsnStore */
  GArray        *store_ids;        /* gint64 per dropdown position; 0 = all */
  gboolean       updating_stores;
  GPtrArray     *lots;             /* BsnLotInfo on screen */
  guint          generation;
  gboolean       loaded;
  gboolean       busy;             /* an answer dialog is open */

  GtkDropDown   *store_dropdown;
  GtkLabel      *summary_label;
  GtkLabel      *error_label;
  GtkStack      *view_stack;
  AdwStatusPage *empty_page;
  GtkWidget     *attention_section;
  GtkListBox    *attention_list;
  GtkWidget     *selling_section;
  GtkListBox    *selling_list;
  GtkWidget     *done_section;
  GtkListBox    *done_list;
};

G_DEFINE_FINAL_TYPE (BsnConsignPage, bsn_consign_page, GTK_TYPE_WIDGET)

static void reload_lots (BsnConsignPage *self);

static gint64
today (void)
{
  return bsn_time_day (bsn_time_now ());
}

static void
show_error (BsnConsignPage *self,
            const char     *message)
{
  gtk_label_set_label (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
show_toast (BsnConsignPage *self,
            const char     *message)
{
  BsnWindow *window = BSN_WINDOW (gtk_widget_get_ancestor (GTK_WIDGET (self), BSN_TYPE_WINDOW));

  if (window != NULL)
    bsn_window_show_toast (window, message);
}

/* ---- The store filter ---- */

static gint64
selected_store_id (BsnConsignPage *self)
{
  guint pos = gtk_drop_down_get_selected (self->store_dropdown);

  if (self->store_ids == NULL || pos == GTK_INVALID_LIST_POSITION || pos >= self->store_ids->len)
    return 0;
  return g_array_index (self->store_ids, gint64, pos);
}

static const BsnStore *
store_by_id (BsnConsignPage *self,
             gint64          id)
{
  for (guint i = 0; self->stores != NULL && i < self->stores->len; i++)
    if (((BsnStore *) g_ptr_array_index (self->stores, i))->id == id)
      return g_ptr_array_index (self->stores, i);
  return NULL;
}

static void
list_stores_done (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  BsnConsignPage *self = BSN_CONSIGN_PAGE (object);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) stores = bsn_db_task_finish (result, &error);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  gint64 keep = selected_store_id (self), all = 0;
  guint selected = 0;

  if (stores == NULL)
    {
      if (!bsn_db_task_error_is_cancelled (error))
        show_error (self, error->message);
      return;
    }
  g_array_set_size (self->store_ids, 0);
  gtk_string_list_append (names, _("Semua toko"));
  g_array_append_val (self->store_ids, all);
  /* Only stores that take part in titip jual: induk and who sells for them. */
  for (guint i = 0; i < stores->len; i++)
    {
      const BsnStore *s = g_ptr_array_index (stores, i);
      g_autofree char *label = NULL;

      if (s->role == BSN_ROLE_TOKO && s->parent_id == 0)
        continue;
      label = g_strdup_printf ("%s — %s (%s)", s->code, s->name,
                               s->role == BSN_ROLE_INDUK ? _("induk") : s->role == BSN_ROLE_ANAK ? _("anak") : _("toko"));
      gtk_string_list_append (names, label);
      g_array_append_val (self->store_ids, s->id);
      if (s->id == keep)
        selected = self->store_ids->len - 1;
    }
  g_clear_pointer (&self->stores, g_ptr_array_unref);
  self->stores = g_steal_pointer (&stores);
  self->updating_stores = TRUE;
  gtk_drop_down_set_model (self->store_dropdown, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->store_dropdown, selected);
  self->updating_stores = FALSE;
  reload_lots (self);
}

static void
reload_stores (BsnConsignPage *self)
{
  if (self->path == NULL)
    return;
  bsn_db_task_run (self, self->path, BSN_DB_TASK_READ, bsn_db_task_list_stores, NULL, NULL,
                   (GDestroyNotify) g_ptr_array_unref, self->cancellable, list_stores_done, NULL);
}

static void
on_store_selected (BsnConsignPage *self)
{
  if (!self->updating_stores)
    reload_lots (self);
}

/* ---- The lots ---- */

typedef struct
{
  gint64 store_id;
  gint64 day;
} ListRequest;

static gpointer
list_lots_thread (BsnDb        *db,
                  gpointer      data,
                  GCancellable *cancellable,
                  GError      **error)
{
  const ListRequest *request = data;
  g_autoptr(GPtrArray) lots = bsn_lot_list (db, request->store_id, error);
  g_autoptr(GPtrArray) infos = NULL;

  if (lots == NULL)
    return NULL;
  infos = g_ptr_array_new_full (lots->len, (GDestroyNotify) bsn_lot_info_free);
  for (guint i = 0; i < lots->len; i++)
    {
      BsnLot *lot = g_ptr_array_index (lots, i);
      BsnLotStatus status;

      if (g_cancellable_set_error_if_cancelled (cancellable, error)
          || !bsn_lot_status (db, lot->id, request->day, &status, error))
        return NULL;
      g_ptr_array_add (infos, bsn_lot_info_new (g_steal_pointer (&g_ptr_array_index (lots, i)), &status,
                                                request->day));
    }
  g_ptr_array_sort (infos, bsn_lot_info_compare);
  return g_steal_pointer (&infos);
}

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static char *
summary_text (GPtrArray *lots)
{
  guint offers = 0, returns = 0, soon = 0, selling = 0, done = 0;
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < lots->len; i++)
    {
      const BsnLotInfo *info = g_ptr_array_index (lots, i);

      switch (bsn_lot_info_group (info))
        {
        case BSN_LOT_GROUP_ATTENTION:
          if (info->status.stage == BSN_STAGE_OFFERED)
            offers++;
          else if (info->status.stage == BSN_STAGE_RETURN_DUE)
            returns++;
          else
            soon++;
          break;
        case BSN_LOT_GROUP_SELLING:
          selling++;
          break;
        default:
          done++;
        }
    }
  if (offers > 0)
    g_string_append_printf (s, _("%u menunggu jawaban"), offers);
  if (returns > 0)
    g_string_append_printf (s, _("%s%u wajib dikembalikan"), s->len > 0 ? " · " : "", returns);
  if (soon > 0)
    g_string_append_printf (s, _("%s%u turun harga dalam %d hari"), s->len > 0 ? " · " : "", soon, BSN_LOT_SOON_DAYS);
  if (selling > 0)
    g_string_append_printf (s, _("%s%u sedang dijual"), s->len > 0 ? " · " : "", selling);
  if (done > 0)
    g_string_append_printf (s, _("%s%u selesai"), s->len > 0 ? " · " : "", done);
  return g_string_free (s, FALSE);
}

static void
apply_lots (BsnConsignPage *self,
            GPtrArray      *lots)
{
  const BsnStore *filter = store_by_id (self, selected_store_id (self));
  gboolean answer_here = filter != NULL && filter->role != BSN_ROLE_INDUK;
  GtkListBox *lists[] = { self->attention_list, self->selling_list, self->done_list };
  GtkWidget *sections[] = { self->attention_section, self->selling_section, self->done_section };
  guint counts[3] = { 0, 0, 0 };
  g_autofree char *summary = summary_text (lots);

  for (guint i = 0; i < G_N_ELEMENTS (lists); i++)
    clear_list (lists[i]);
  for (guint i = 0; i < lots->len; i++)
    {
      const BsnLotInfo *info = g_ptr_array_index (lots, i);
      BsnLotGroup group = bsn_lot_info_group (info);

      gtk_list_box_append (lists[group], bsn_lot_row_new (info, answer_here));
      counts[group]++;
    }
  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    gtk_widget_set_visible (sections[i], counts[i] > 0);
  gtk_label_set_label (self->summary_label, summary);

  if (lots->len == 0)
    {
      if (filter != NULL)
        {
          g_autofree char *title = g_strdup_printf (_("Belum ada titipan untuk %s"), filter->code);
          adw_status_page_set_title (self->empty_page, title);
        }
      else
        adw_status_page_set_title (self->empty_page, _("Belum ada titipan"));
    }
  gtk_stack_set_visible_child_name (self->view_stack, lots->len > 0 ? "list" : "empty");
  g_clear_pointer (&self->lots, g_ptr_array_unref);
  self->lots = g_ptr_array_ref (lots);
  self->loaded = TRUE;
}

static void
list_lots_done (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  BsnConsignPage *self = BSN_CONSIGN_PAGE (object);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) lots = bsn_db_task_finish (result, &error);

  if (GPOINTER_TO_UINT (user_data) != self->generation)
    return;
  if (lots == NULL)
    {
      if (!bsn_db_task_error_is_cancelled (error))
        show_error (self, error->message);
      return;
    }
  show_error (self, NULL);
  apply_lots (self, lots);
}

static void
reload_lots (BsnConsignPage *self)
{
  ListRequest *request;

  if (self->path == NULL)
    return;
  request = g_new0 (ListRequest, 1);
  request->store_id = selected_store_id (self);
  request->day = today ();
  self->generation++;
  if (!self->loaded)
    gtk_stack_set_visible_child_name (self->view_stack, "loading");
  bsn_db_task_run (self, self->path, BSN_DB_TASK_READ, list_lots_thread, request, g_free,
                   (GDestroyNotify) g_ptr_array_unref, self->cancellable, list_lots_done,
                   GUINT_TO_POINTER (self->generation));
}

static const BsnLotInfo *
lot_by_id (BsnConsignPage *self,
           gint64          id)
{
  for (guint i = 0; self->lots != NULL && i < self->lots->len; i++)
    {
      const BsnLotInfo *info = g_ptr_array_index (self->lots, i);
      if (info->lot->id == id)
        return info;
    }
  return NULL;
}

/* ---- Opening a lot, offering one ---- */

static void
on_lot_changed (BsnConsignPage *self)
{
  reload_lots (self);
}

static void
open_lot (BsnConsignPage   *self,
          const BsnLotInfo *info)
{
  BsnLotDialog *dialog;

  if (self->path == NULL || info == NULL)
    return;
  dialog = bsn_lot_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), self->path, info);
  g_signal_connect_object (dialog, "changed", G_CALLBACK (on_lot_changed), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_row_activated (BsnConsignPage *self,
                  GtkListBoxRow  *row)
{
  if (BSN_IS_LOT_ROW (row))
    open_lot (self, bsn_lot_row_get_info (BSN_LOT_ROW (row)));
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  BsnConsignPage *self = BSN_CONSIGN_PAGE (widget);

  open_lot (self, lot_by_id (self, g_variant_get_int64 (param)));
}

static void
on_offer_saved (BsnConsignPage *self,
                gint64          lot_id)
{
  g_autofree char *message = g_strdup_printf (_("Titipan #%" G_GINT64_FORMAT " ditawarkan"), lot_id);

  show_toast (self, message);
  reload_lots (self);
}

static void
offer_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  BsnConsignPage *self = BSN_CONSIGN_PAGE (widget);
  const BsnStore *filter = store_by_id (self, selected_store_id (self));
  gint64 induk = 0;
  BsnOfferDialog *dialog;

  if (self->path == NULL || self->stores == NULL)
    return;
  /* Seen from an induk or one of its anak, that induk offers. */
  if (filter != NULL)
    induk = filter->role == BSN_ROLE_INDUK ? filter->id : filter->parent_id;
  dialog = bsn_offer_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), self->path, self->stores, induk);
  g_signal_connect_object (dialog, "saved", G_CALLBACK (on_offer_saved), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- The anak's answer from the list ---- */

static void
answer_done (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  BsnConsignPage *self = BSN_CONSIGN_PAGE (object);
  g_autoptr(GError) error = NULL;
  g_autofree char *message = bsn_lot_action_finish (result, &error);

  self->busy = FALSE;
  if (message == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, error->message);
      return;
    }
  show_toast (self, message);
  reload_lots (self);
}

static void
answer_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  BsnConsignPage *self = BSN_CONSIGN_PAGE (widget);
  const BsnLotInfo *info = lot_by_id (self, g_variant_get_int64 (param));
  BsnLotAction action = g_str_equal (action_name, "consign.accept") ? BSN_LOT_ACTION_ACCEPT
                        : g_str_equal (action_name, "consign.reduce") ? BSN_LOT_ACTION_REDUCE
                        : BSN_LOT_ACTION_REJECT;

  if (info == NULL || self->busy)
    return;
  self->busy = TRUE;
  bsn_lot_action_run (widget, self->path, info, action, answer_done, NULL);
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  reload_lots (BSN_CONSIGN_PAGE (widget));
}

/* ---- GObject ---- */

static void
bsn_consign_page_map (GtkWidget *widget)
{
  BsnConsignPage *self = BSN_CONSIGN_PAGE (widget);

  GTK_WIDGET_CLASS (bsn_consign_page_parent_class)->map (widget);
  /* Stages move with the date and sales come from elsewhere. */
  if (self->loaded)
    reload_lots (self);
}

static void
bsn_consign_page_dispose (GObject *object)
{
  BsnConsignPage *self = (BsnConsignPage *) object;
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), BSN_TYPE_CONSIGN_PAGE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->stores, g_ptr_array_unref);
  g_clear_pointer (&self->store_ids, g_array_unref);
  g_clear_pointer (&self->lots, g_ptr_array_unref);

  G_OBJECT_CLASS (bsn_consign_page_parent_class)->dispose (object);
}

static void
bsn_consign_page_finalize (GObject *object)
{
  BsnConsignPage *self = (BsnConsignPage *) object;

  g_free (self->path);

  G_OBJECT_CLASS (bsn_consign_page_parent_class)->finalize (object);
}

static void
bsn_consign_page_class_init (BsnConsignPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bsn_consign_page_dispose;
  object_class->finalize = bsn_consign_page_finalize;
  widget_class->map = bsn_consign_page_map;

  g_type_ensure (BSN_TYPE_WRAP_BOX);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/bsn/Loyalty/bsn-consign-page.ui");
  gtk_widget_class_bind_template_child (widget_class, BsnConsignPage, store_dropdown);
  gtk_widget_class_bind_template_child (widget_class, BsnConsignPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, BsnConsignPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, BsnConsignPage, view_stack);
  gtk_widget_class_bind_template_child (widget_class, BsnConsignPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, BsnConsignPage, attention_section);
  gtk_widget_class_bind_template_child (widget_class, BsnConsignPage, attention_list);
  gtk_widget_class_bind_template_child (widget_class, BsnConsignPage, selling_section);
  gtk_widget_class_bind_template_child (widget_class, BsnConsignPage, selling_list);
  gtk_widget_class_bind_template_child (widget_class, BsnConsignPage, done_section);
  gtk_widget_class_bind_template_child (widget_class, BsnConsignPage, done_list);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);

  gtk_widget_class_install_action (widget_class, "consign.offer", NULL, offer_action);
  gtk_widget_class_install_action (widget_class, "consign.open", "x", open_action);
  gtk_widget_class_install_action (widget_class, "consign.accept", "x", answer_action);
  gtk_widget_class_install_action (widget_class, "consign.reduce", "x", answer_action);
  gtk_widget_class_install_action (widget_class, "consign.reject", "x", answer_action);
  gtk_widget_class_install_action (widget_class, "consign.reload", NULL, reload_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "consign.offer", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "consign.reload", NULL);
}

static void
bsn_consign_page_init (BsnConsignPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->store_ids = g_array_new (FALSE, TRUE, sizeof (gint64));
  g_signal_connect_object (self->store_dropdown, "notify::selected", G_CALLBACK (on_store_selected), self,
                           G_CONNECT_SWAPPED);
}

void
bsn_consign_page_set_path (BsnConsignPage *self,
                           const char     *path)
{
  g_return_if_fail (BSN_IS_CONSIGN_PAGE (self));

  if (g_strcmp0 (self->path, path) == 0)
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_free (self->path);
  self->path = g_strdup (path);
  self->loaded = FALSE;
  self->updating_stores = TRUE;
  gtk_drop_down_set_selected (self->store_dropdown, 0);
  self->updating_stores = FALSE;
  reload_stores (self);
}

void
bsn_consign_page_reload (BsnConsignPage *self)
{
  g_return_if_fail (BSN_IS_CONSIGN_PAGE (self));

  reload_stores (self);
}
