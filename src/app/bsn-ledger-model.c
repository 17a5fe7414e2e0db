/* bsn-ledger-model.c — Buku Poin as a lazily paged GListModel (see
 * bsn-ledger-model.h). */
#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "bsn-db-task.h"
#include "bsn-ledger-model.h"
#include "bsn-ledger-pages.h"
#include "bsn-posting-object.h"

/* About sixteen screens of rows, a few hundred kilobytes. */
#define MAX_CACHED_PAGES  16
/* Two readers at once: the page on screen and the one next to it. */
#define MAX_RUNNING_LOADS 2
/* Requests beyond this many, oldest first, were for rows scrolled past. */
#define MAX_PENDING_LOADS 64

typedef struct
{
  guint      index;
  guint64    used;          /* LRU tick of the last get_item() */
  gboolean   loaded;
  gboolean   failed;
  gint64     requested_us;
  GPtrArray *items;         /* BsnPostingObject; NULL slots until asked for */
} Page;

struct _BsnLedgerModel
{
  GObject           parent_instance;

  char             *path;
  BsnPostingFilter  filter;

  BsnLedgerPages   *pages;       /* bounds of the rows shown; NULL = none */
  guint             n_items;
  GHashTable       *cache;       /* page index → Page */
  guint64           tick;
  GQueue            pending;     /* page indexes, newest request first */
  guint             n_running;

  guint             generation;    /* of the current filter and path */
  gboolean          counted;       /* the count of this generation is in */
  gboolean          provisional;   /* only the newest page, count pending */
  GCancellable     *cancellable;
  gint64            reload_us;
  gboolean          loading;
  gboolean          ready;
  char             *error_message;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (BsnLedgerModel, bsn_ledger_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_N_ITEMS,
  PROP_LOADING,
  PROP_READY,
  PROP_ERROR_MESSAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ---- Pages ---- */

static Page *
page_new (guint index,
          guint n_rows)
{
  Page *page = g_new0 (Page, 1);

  page->index = index;
  page->items = g_ptr_array_new_full (n_rows, g_object_unref);
  g_ptr_array_set_size (page->items, n_rows);
  page->requested_us = g_get_monotonic_time ();
  return page;
}

static void
page_free (gpointer data)
{
  Page *page = data;

  g_ptr_array_unref (page->items);
  g_free (page);
}

static guint
page_n_rows (BsnLedgerModel *self,
             guint           index)
{
  guint first = index * BSN_LEDGER_MODEL_PAGE_SIZE;

  return MIN (BSN_LEDGER_MODEL_PAGE_SIZE, self->n_items - first);
}

/* Puts the rows read into @page. Rows handed out already are placeholder
 * objects the view has bound to widgets: they are filled in place and
 * notify, so the view only redraws their labels. Replacing them through
 * items-changed would make the view destroy and rebuild every row widget
 * of the page, which costs far more than reading the page. */
static void
page_fill (Page      *page,
           GPtrArray *objects)
{
  for (guint i = 0; i < page->items->len && i < objects->len; i++)
    {
      BsnPostingObject *loaded = g_ptr_array_index (objects, i);
      BsnPostingObject *slot = g_ptr_array_index (page->items, i);

      if (slot == NULL)
        g_ptr_array_index (page->items, i) = g_object_ref (loaded);
      else if (bsn_posting_object_is_placeholder (slot))
        bsn_posting_object_fill_from (slot, loaded);
    }
  page->loaded = TRUE;
  page->failed = FALSE;
}

/* Drops the least recently used loaded pages beyond the cache size. Rows
 * still on screen keep their objects (the view holds a reference). */
static void
cache_evict (BsnLedgerModel *self)
{
  while (g_hash_table_size (self->cache) > MAX_CACHED_PAGES)
    {
      GHashTableIter iter;
      Page *page, *oldest = NULL;

      g_hash_table_iter_init (&iter, self->cache);
      while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &page))
        if (page->loaded && (oldest == NULL || page->used < oldest->used))
          oldest = page;
      if (oldest == NULL)
        break;
      g_hash_table_remove (self->cache, GUINT_TO_POINTER (oldest->index));
    }
}

static void
set_error_message (BsnLedgerModel *self,
                   const char     *message)
{
  if (g_strcmp0 (self->error_message, message) == 0)
    return;
  g_free (self->error_message);
  self->error_message = g_strdup (message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR_MESSAGE]);
}

static void
set_loading (BsnLedgerModel *self,
             gboolean        loading)
{
  if (self->loading == loading)
    return;
  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

/* ---- Reading one page ---- */

typedef struct
{
  BsnLedgerPages *pages;
  guint           index;
} PageRequest;

static void
page_request_free (gpointer data)
{
  PageRequest *req = data;

  bsn_ledger_pages_unref (req->pages);
  g_free (req);
}

static GPtrArray *
objects_from_rows (GPtrArray *rows)
{
  GPtrArray *objects = g_ptr_array_new_full (rows->len, g_object_unref);

  for (guint i = 0; i < rows->len; i++)
    g_ptr_array_add (objects, bsn_posting_object_new (g_ptr_array_index (rows, i)));
  return objects;
}

static gpointer
load_page_thread (BsnDb        *db,
                  gpointer      data,
                  GCancellable *cancellable,
                  GError      **error)
{
  PageRequest *req = data;
  gint64 start = g_get_monotonic_time ();
  g_autoptr(GPtrArray) rows = bsn_ledger_pages_list (db, req->pages, req->index, error);
  GPtrArray *objects;

  if (rows == NULL)
    return NULL;
  objects = objects_from_rows (rows);
  g_debug ("page %u read in %.1f ms", req->index, (g_get_monotonic_time () - start) / 1000.0);
  return objects;
}

static void pump_pending (BsnLedgerModel *self);

/* What load_page_done() needs to know: which page, of which count. */
typedef struct
{
  BsnLedgerPages *pages;
  guint           index;
} LoadTicket;

static void
load_ticket_free (LoadTicket *ticket)
{
  bsn_ledger_pages_unref (ticket->pages);
  g_free (ticket);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LoadTicket, load_ticket_free)

static void
load_page_done (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  BsnLedgerModel *self = BSN_LEDGER_MODEL (object);
  g_autoptr(LoadTicket) ticket = user_data;
  g_autoptr(GPtrArray) objects = NULL;
  g_autoptr(GError) error = NULL;
  Page *page;

  objects = bsn_db_task_finish (result, &error);
  if (ticket->pages != self->pages)
    return;  /* the filter changed meanwhile */

  self->n_running--;
  page = g_hash_table_lookup (self->cache, GUINT_TO_POINTER (ticket->index));

  if (objects == NULL)
    {
      if (!bsn_db_task_error_is_cancelled (error))
        {
          g_warning ("Buku poin, halaman %u: %s", ticket->index, error->message);
          set_error_message (self, error->message);
          if (page != NULL)
            page->failed = TRUE;
        }
      pump_pending (self);
      return;
    }

  if (page == NULL)
    {
      page = page_new (ticket->index, page_n_rows (self, ticket->index));
      g_hash_table_insert (self->cache, GUINT_TO_POINTER (ticket->index), page);
    }
  g_debug ("page %u (%u rows) ready %.1f ms after it was asked for",
           ticket->index, objects->len,
           (g_get_monotonic_time () - page->requested_us) / 1000.0);
  page_fill (page, objects);
  page->used = ++self->tick;
  cache_evict (self);
  pump_pending (self);
}

static void
start_page_load (BsnLedgerModel *self,
                 guint           index)
{
  PageRequest *req;
  LoadTicket *ticket;

  if (self->pages == NULL)
    return;  /* only the newest page is known until the count is in */
  req = g_new0 (PageRequest, 1);
  ticket = g_new0 (LoadTicket, 1);
  req->pages = bsn_ledger_pages_ref (self->pages);
  req->index = index;
  ticket->pages = bsn_ledger_pages_ref (self->pages);
  ticket->index = index;
  self->n_running++;
  bsn_db_task_run (self, self->path, BSN_DB_TASK_READ,
                   load_page_thread, req, page_request_free,
                   (GDestroyNotify) g_ptr_array_unref,
                   self->cancellable,
                   load_page_done, ticket);
}

static void
pump_pending (BsnLedgerModel *self)
{
  while (self->n_running < MAX_RUNNING_LOADS && !g_queue_is_empty (&self->pending))
    {
      guint index = GPOINTER_TO_UINT (g_queue_pop_head (&self->pending));
      Page *page = g_hash_table_lookup (self->cache, GUINT_TO_POINTER (index));

      if (page == NULL || page->loaded)
        continue;
      start_page_load (self, index);
    }
}

static void
request_page (BsnLedgerModel *self,
              guint           index)
{
  g_queue_push_head (&self->pending, GUINT_TO_POINTER (index));
  /* Forget requests for rows long scrolled past; if they come back on
   * screen, get_item() asks again because their page left the cache. */
  while (g_queue_get_length (&self->pending) > MAX_PENDING_LOADS)
    {
      guint old = GPOINTER_TO_UINT (g_queue_pop_tail (&self->pending));
      Page *page = g_hash_table_lookup (self->cache, GUINT_TO_POINTER (old));

      if (page != NULL && !page->loaded)
        g_hash_table_remove (self->cache, GUINT_TO_POINTER (old));
    }
  pump_pending (self);
}

/* ---- Counting, and the newest page first ---- */

/* Counting a big ledger from a cold disk takes a moment, while its newest
 * page is one short query. So a new filter (or database) shows that page
 * as soon as it is read, as a model of one page; when the count arrives
 * the rest is appended behind it. A plain reload instead keeps the rows on
 * screen until the count is in, so the view keeps its place. */

static gpointer
count_thread (BsnDb        *db,
              gpointer      data,
              GCancellable *cancellable,
              GError      **error)
{
  BsnPostingFilter *filter = data;

  return bsn_ledger_pages_build (db, filter, BSN_LEDGER_MODEL_PAGE_SIZE, cancellable, error);
}

static gpointer
newest_thread (BsnDb        *db,
               gpointer      data,
               GCancellable *cancellable,
               GError      **error)
{
  BsnPostingFilter *filter = data;
  g_autoptr(GPtrArray) rows = bsn_ledger_list_postings (db, filter, 0, BSN_LEDGER_MODEL_PAGE_SIZE, error);

  if (rows == NULL)
    return NULL;
  return objects_from_rows (rows);
}

static void
set_ready (BsnLedgerModel *self)
{
  if (self->ready)
    return;
  self->ready = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READY]);
}

/* Replaces every row: the pages, the cache and the pending reads. With
 * @first_page the model holds just that page until pages are counted. */
static void
install_pages (BsnLedgerModel *self,
               BsnLedgerPages *pages,
               GPtrArray      *first_page)
{
  guint old_n = self->n_items;
  guint new_n;

  if (pages != NULL)
    new_n = (guint) MIN (bsn_ledger_pages_get_n_postings (pages), G_MAXUINT);
  else
    new_n = first_page != NULL ? first_page->len : 0;

  /* Emptied and refilled in two signals, not one: GTK 4.8's list views,
   * given one change that removes rows and adds others, look up every
   * added item for a row widget to reuse, which here would ask for every
   * page of the ledger. The model is in each signal's final state. */
  g_clear_pointer (&self->pages, bsn_ledger_pages_unref);
  g_hash_table_remove_all (self->cache);
  g_queue_clear (&self->pending);
  self->n_running = 0;
  self->n_items = 0;
  if (old_n != 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, 0);

  self->pages = pages;
  self->n_items = new_n;
  if (first_page != NULL && new_n > 0)
    {
      Page *page = page_new (0, page_n_rows (self, 0));

      page_fill (page, first_page);
      page->used = ++self->tick;
      g_hash_table_insert (self->cache, GUINT_TO_POINTER (0), page);
    }
  if (new_n != 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, 0, new_n);
  if (old_n != new_n)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

static void
newest_done (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  BsnLedgerModel *self = BSN_LEDGER_MODEL (object);
  guint generation = GPOINTER_TO_UINT (user_data);
  g_autoptr(GPtrArray) objects = NULL;
  g_autoptr(GError) error = NULL;

  objects = bsn_db_task_finish (result, &error);
  /* Too late (the count won) or failed: the count reports errors. */
  if (generation != self->generation || self->counted || objects == NULL)
    return;

  g_debug ("newest page (%u rows) shown %.1f ms after the reload",
           objects->len, (g_get_monotonic_time () - self->reload_us) / 1000.0);
  install_pages (self, NULL, objects);
  self->provisional = TRUE;
  set_ready (self);
}

/* The count agrees with the page on screen when that page begins with the
 * newest posting counted and is complete. */
static gboolean
provisional_page_fits (BsnLedgerModel *self,
                       BsnLedgerPages *pages)
{
  Page *page = g_hash_table_lookup (self->cache, GUINT_TO_POINTER (0));
  guint64 n = bsn_ledger_pages_get_n_postings (pages);
  BsnPostingObject *first;

  if (!self->provisional || page == NULL || page->items->len == 0)
    return FALSE;
  first = g_ptr_array_index (page->items, 0);
  return first != NULL
      && bsn_posting_object_get_id (first) == bsn_ledger_pages_get_newest_id (pages)
      && page->items->len == MIN (n, BSN_LEDGER_MODEL_PAGE_SIZE);
}

static void
count_done (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  BsnLedgerModel *self = BSN_LEDGER_MODEL (object);
  guint generation = GPOINTER_TO_UINT (user_data);
  g_autoptr(GError) error = NULL;
  BsnLedgerPages *pages;

  pages = bsn_db_task_finish (result, &error);
  if (generation != self->generation)
    {
      g_clear_pointer (&pages, bsn_ledger_pages_unref);
      return;
    }

  self->counted = TRUE;
  set_loading (self, FALSE);
  if (pages == NULL)
    {
      if (bsn_db_task_error_is_cancelled (error))
        return;
      g_warning ("Buku poin: %s", error->message);
      set_error_message (self, error->message);
      install_pages (self, NULL, NULL);
      return;
    }

  g_debug ("%" G_GUINT64_FORMAT " postings counted, %u pages, %.1f ms after the reload",
           bsn_ledger_pages_get_n_postings (pages), bsn_ledger_pages_get_n_pages (pages),
           (g_get_monotonic_time () - self->reload_us) / 1000.0);
  set_error_message (self, NULL);

  if (provisional_page_fits (self, pages))
    {
      /* Keep the page on screen and its widgets; append the rest. */
      guint old_n = self->n_items;

      self->pages = pages;
      self->n_items = (guint) MIN (bsn_ledger_pages_get_n_postings (pages), G_MAXUINT);
      if (self->n_items > old_n)
        {
          g_list_model_items_changed (G_LIST_MODEL (self), old_n, 0, self->n_items - old_n);
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
        }
    }
  else
    install_pages (self, pages, NULL);
  self->provisional = FALSE;
  set_ready (self);
}

static void
reload (BsnLedgerModel *self,
        gboolean        keep_rows)
{
  self->generation++;
  self->counted = FALSE;
  self->provisional = FALSE;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  if (self->path == NULL)
    {
      set_loading (self, FALSE);
      install_pages (self, NULL, NULL);
      return;
    }

  self->reload_us = g_get_monotonic_time ();
  set_loading (self, TRUE);
  if (!keep_rows)
    bsn_db_task_run (self, self->path, BSN_DB_TASK_READ,
                     newest_thread, g_memdup2 (&self->filter, sizeof self->filter), g_free,
                     (GDestroyNotify) g_ptr_array_unref, self->cancellable,
                     newest_done, GUINT_TO_POINTER (self->generation));
  bsn_db_task_run (self, self->path, BSN_DB_TASK_READ,
                   count_thread, g_memdup2 (&self->filter, sizeof self->filter), g_free,
                   (GDestroyNotify) bsn_ledger_pages_unref, self->cancellable,
                   count_done, GUINT_TO_POINTER (self->generation));
}

void
bsn_ledger_model_reload (BsnLedgerModel *self)
{
  g_return_if_fail (BSN_IS_LEDGER_MODEL (self));

  reload (self, TRUE);
}

/* ---- GListModel ---- */

static GType
bsn_ledger_model_get_item_type (GListModel *model)
{
  return BSN_TYPE_POSTING_OBJECT;
}

static guint
bsn_ledger_model_get_n_items (GListModel *model)
{
  return BSN_LEDGER_MODEL (model)->n_items;
}

static gpointer
bsn_ledger_model_get_item (GListModel *model,
                           guint       position)
{
  BsnLedgerModel *self = BSN_LEDGER_MODEL (model);
  guint index = position / BSN_LEDGER_MODEL_PAGE_SIZE;
  guint offset = position % BSN_LEDGER_MODEL_PAGE_SIZE;
  gpointer *slot;
  Page *page;

  if (position >= self->n_items)
    return NULL;

  page = g_hash_table_lookup (self->cache, GUINT_TO_POINTER (index));
  if (page == NULL)
    {
      page = page_new (index, page_n_rows (self, index));
      g_hash_table_insert (self->cache, GUINT_TO_POINTER (index), page);
      request_page (self, index);
    }
  page->used = ++self->tick;

  slot = &g_ptr_array_index (page->items, offset);
  if (*slot == NULL)
    *slot = bsn_posting_object_new_placeholder ();
  return g_object_ref (*slot);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = bsn_ledger_model_get_item_type;
  iface->get_n_items = bsn_ledger_model_get_n_items;
  iface->get_item = bsn_ledger_model_get_item;
}

/* ---- GObject ---- */

static void
bsn_ledger_model_dispose (GObject *object)
{
  BsnLedgerModel *self = (BsnLedgerModel *) object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_queue_clear (&self->pending);
  g_clear_pointer (&self->cache, g_hash_table_unref);
  g_clear_pointer (&self->pages, bsn_ledger_pages_unref);

  G_OBJECT_CLASS (bsn_ledger_model_parent_class)->dispose (object);
}

static void
bsn_ledger_model_finalize (GObject *object)
{
  BsnLedgerModel *self = (BsnLedgerModel *) object;

  g_free (self->path);
  g_free (self->error_message);

  G_OBJECT_CLASS (bsn_ledger_model_parent_class)->finalize (object);
}

static void
bsn_ledger_model_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  BsnLedgerModel *self = BSN_LEDGER_MODEL (object);

  switch (prop_id)
    {
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->n_items);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    case PROP_READY:
      g_value_set_boolean (value, self->ready);
      break;
    case PROP_ERROR_MESSAGE:
      g_value_set_string (value, self->error_message);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bsn_ledger_model_class_init (BsnLedgerModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bsn_ledger_model_dispose;
  object_class->finalize = bsn_ledger_model_finalize;
  object_class->get_property = bsn_ledger_model_get_property;

  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_READY] =
    g_param_spec_boolean ("ready", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ERROR_MESSAGE] =
    g_param_spec_string ("error-message", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bsn_ledger_model_init (BsnLedgerModel *self)
{
  self->cache = g_hash_table_new_full (NULL, NULL, NULL, page_free);
  self->cancellable = g_cancellable_new ();
  g_queue_init (&self->pending);
}

BsnLedgerModel *
bsn_ledger_model_new (void)
{
  return g_object_new (BSN_TYPE_LEDGER_MODEL, NULL);
}

void
bsn_ledger_model_set_path (BsnLedgerModel *self,
                           const char     *path)
{
  g_return_if_fail (BSN_IS_LEDGER_MODEL (self));

  if (g_strcmp0 (self->path, path) == 0)
    return;
  g_free (self->path);
  self->path = g_strdup (path);
  /* Stores and customers are another database's: start unfiltered. */
  memset (&self->filter, 0, sizeof self->filter);
  if (self->ready)
    {
      self->ready = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READY]);
    }
  reload (self, FALSE);
}

const char *
bsn_ledger_model_get_path (BsnLedgerModel *self)
{
  g_return_val_if_fail (BSN_IS_LEDGER_MODEL (self), NULL);
  return self->path;
}

void
bsn_ledger_model_set_filter (BsnLedgerModel         *self,
                             const BsnPostingFilter *filter)
{
  BsnPostingFilter none = { 0 };

  g_return_if_fail (BSN_IS_LEDGER_MODEL (self));

  self->filter = filter != NULL ? *filter : none;
  reload (self, FALSE);
}

gboolean
bsn_ledger_model_get_loading (BsnLedgerModel *self)
{
  g_return_val_if_fail (BSN_IS_LEDGER_MODEL (self), FALSE);
  return self->loading;
}

gboolean
bsn_ledger_model_get_ready (BsnLedgerModel *self)
{
  g_return_val_if_fail (BSN_IS_LEDGER_MODEL (self), FALSE);
  return self->ready;
}

const char *
bsn_ledger_model_get_error_message (BsnLedgerModel *self)
{
  g_return_val_if_fail (BSN_IS_LEDGER_MODEL (self), NULL);
  return self->error_message;
}
