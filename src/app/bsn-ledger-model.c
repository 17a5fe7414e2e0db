/* bsn-ledger-model.c — Buku Poin as a lazily paged GListModel (see
 * bsn-ledger-model.h). */
#include "config.h"

#include <gio/gio.h>

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

  guint             count_generation;
  GCancellable     *cancellable;
  gint64            count_started_us;
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

static void
page_fill (Page      *page,
           GPtrArray *objects)
{
  for (guint i = 0; i < page->items->len && i < objects->len; i++)
    {
      g_clear_object (&g_ptr_array_index (page->items, i));
      g_ptr_array_index (page->items, i) = g_object_ref (g_ptr_array_index (objects, i));
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

  g_list_model_items_changed (G_LIST_MODEL (self),
                              ticket->index * BSN_LEDGER_MODEL_PAGE_SIZE,
                              page->items->len, page->items->len);
  pump_pending (self);
}

static void
start_page_load (BsnLedgerModel *self,
                 guint           index)
{
  PageRequest *req = g_new0 (PageRequest, 1);
  LoadTicket *ticket = g_new0 (LoadTicket, 1);

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

/* ---- Counting ---- */

typedef struct
{
  BsnPostingFilter filter;
} CountRequest;

typedef struct
{
  BsnLedgerPages *pages;
  GPtrArray      *first_page;  /* BsnPostingObject, or NULL when empty */
} CountResult;

static void
count_result_free (gpointer data)
{
  CountResult *res = data;

  g_clear_pointer (&res->pages, bsn_ledger_pages_unref);
  g_clear_pointer (&res->first_page, g_ptr_array_unref);
  g_free (res);
}

/* Counts, and reads the first page in the same trip: the newest postings
 * are what the user looks at first. */
static gpointer
count_thread (BsnDb        *db,
              gpointer      data,
              GCancellable *cancellable,
              GError      **error)
{
  CountRequest *req = data;
  CountResult *res = g_new0 (CountResult, 1);
  g_autoptr(GPtrArray) rows = NULL;

  res->pages = bsn_ledger_pages_build (db, &req->filter, BSN_LEDGER_MODEL_PAGE_SIZE,
                                       cancellable, error);
  if (res->pages == NULL)
    {
      count_result_free (res);
      return NULL;
    }
  if (bsn_ledger_pages_get_n_pages (res->pages) > 0)
    {
      rows = bsn_ledger_pages_list (db, res->pages, 0, error);
      if (rows == NULL)
        {
          count_result_free (res);
          return NULL;
        }
      res->first_page = objects_from_rows (rows);
    }
  return res;
}

/* Replaces every row: the old pages, the cache and the pending reads. */
static void
install_pages (BsnLedgerModel *self,
               BsnLedgerPages *pages,
               GPtrArray      *first_page)
{
  guint old_n = self->n_items;

  g_clear_pointer (&self->pages, bsn_ledger_pages_unref);
  self->pages = pages;
  g_hash_table_remove_all (self->cache);
  g_queue_clear (&self->pending);
  self->n_running = 0;
  self->n_items = pages != NULL ? (guint) MIN (bsn_ledger_pages_get_n_postings (pages), G_MAXUINT) : 0;

  if (first_page != NULL && self->n_items > 0)
    {
      Page *page = page_new (0, page_n_rows (self, 0));

      page_fill (page, first_page);
      page->used = ++self->tick;
      g_hash_table_insert (self->cache, GUINT_TO_POINTER (0), page);
    }

  if (old_n != 0 || self->n_items != 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, self->n_items);
  if (old_n != self->n_items)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

static void
count_done (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  BsnLedgerModel *self = BSN_LEDGER_MODEL (object);
  guint generation = GPOINTER_TO_UINT (user_data);
  g_autoptr(GError) error = NULL;
  CountResult *res;

  res = bsn_db_task_finish (result, &error);
  if (generation != self->count_generation)
    {
      g_clear_pointer (&res, count_result_free);
      return;
    }

  set_loading (self, FALSE);
  if (res == NULL)
    {
      if (bsn_db_task_error_is_cancelled (error))
        return;
      g_warning ("Buku poin: %s", error->message);
      set_error_message (self, error->message);
      install_pages (self, NULL, NULL);
      return;
    }

  g_debug ("%" G_GUINT64_FORMAT " postings counted, %u pages, in %.1f ms",
           bsn_ledger_pages_get_n_postings (res->pages),
           bsn_ledger_pages_get_n_pages (res->pages),
           (g_get_monotonic_time () - self->count_started_us) / 1000.0);

  set_error_message (self, NULL);
  install_pages (self, g_steal_pointer (&res->pages), res->first_page);
  count_result_free (res);
  if (!self->ready)
    {
      self->ready = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READY]);
    }
}

void
bsn_ledger_model_reload (BsnLedgerModel *self)
{
  CountRequest *req;

  g_return_if_fail (BSN_IS_LEDGER_MODEL (self));

  self->count_generation++;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  if (self->path == NULL)
    {
      set_loading (self, FALSE);
      install_pages (self, NULL, NULL);
      return;
    }

  req = g_new0 (CountRequest, 1);
  req->filter = self->filter;
  self->count_started_us = g_get_monotonic_time ();
  set_loading (self, TRUE);
  bsn_db_task_run (self, self->path, BSN_DB_TASK_READ,
                   count_thread, req, g_free, count_result_free,
                   self->cancellable,
                   count_done, GUINT_TO_POINTER (self->count_generation));
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
  if (self->ready)
    {
      self->ready = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READY]);
    }
  bsn_ledger_model_reload (self);
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
  bsn_ledger_model_reload (self);
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
