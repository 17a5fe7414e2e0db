/* bsn-ledger-pages.c — reading a big ledger a page at a time (see
 * bsn-ledger-pages.h). */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "bsn-auth.h"
#include "bsn-error.h"
#include "bsn-ledger-filter.h"
#include "bsn-ledger-pages.h"

/* How many rows the scan reads between two looks at the cancellable. */
#define CANCEL_CHECK_ROWS 65536

struct _BsnLedgerPages
{
  BsnPostingFilter filter;
  guint            page_size;
  guint64          n_postings;
  guint            n_pages;
  /* Per page: the id of its newest and of its oldest posting. NULL when
   * the ids are dense (below). */
  GArray          *bounds;
  /* Unfiltered, postings normally have every id from min to max (they are
   * never deleted, and a rolled-back insert leaves no gap in an INTEGER
   * PRIMARY KEY): then page k starts at max_id - k × page_size and no
   * scan is needed. */
  gint64           min_id;
  gint64           max_id;
};

typedef struct
{
  gint64 newest_id;
  gint64 oldest_id;
} PageBounds;

static void
pages_clear (gpointer data)
{
  BsnLedgerPages *pages = data;

  g_clear_pointer (&pages->bounds, g_array_unref);
}

static gboolean
filter_is_empty (const BsnPostingFilter *filter)
{
  return filter->store_id == 0 && filter->customer_id == 0 && filter->from == 0 && filter->to == 0;
}

/* The dense case: count (SQLite answers from its smallest index) and the
 * two ends of the rowid, three quick lookups instead of a scan. */
static gboolean
try_dense (BsnDb          *db,
           BsnLedgerPages *pages)
{
  gint64 count = bsn_db_query_int (db, "SELECT count(*) FROM postings", -1);
  gint64 min_id = bsn_db_query_int (db, "SELECT min(id) FROM postings", -1);
  gint64 max_id = bsn_db_query_int (db, "SELECT max(id) FROM postings", -1);

  if (count < 0 || (count > 0 && (min_id < 0 || max_id < 0 || max_id - min_id + 1 != count)))
    return FALSE;
  pages->n_postings = (guint64) count;
  pages->n_pages = (guint) ((pages->n_postings + pages->page_size - 1) / pages->page_size);
  pages->min_id = min_id;
  pages->max_id = max_id;
  return TRUE;
}

BsnLedgerPages *
bsn_ledger_pages_build (BsnDb                  *db,
                        const BsnPostingFilter *filter,
                        guint                   page_size,
                        GCancellable           *cancellable,
                        GError                **error)
{
  g_autoptr(BsnLedgerPages) pages = NULL;
  g_autofree char *where = NULL;
  g_autofree char *sql = NULL;
  BsnStmt *stmt;
  PageBounds current = { 0, 0 };
  guint64 n = 0;
  int rc;

  g_return_val_if_fail (page_size > 0, NULL);
  if (!bsn_auth_require (db, BSN_PERM_READ_FINANCE, error))
    return NULL;

  pages = g_atomic_rc_box_new0 (BsnLedgerPages);
  if (filter != NULL)
    pages->filter = *filter;
  pages->page_size = page_size;
  if (filter_is_empty (&pages->filter) && try_dense (db, pages))
    return g_steal_pointer (&pages);
  pages->bounds = g_array_new (FALSE, FALSE, sizeof (PageBounds));

  where = bsn_posting_filter_sql (&pages->filter, TRUE);
  sql = g_strconcat ("SELECT p.id FROM postings p", where, " ORDER BY p.id DESC", NULL);
  stmt = bsn_db_prepare (db, sql, error);
  if (stmt == NULL)
    return NULL;
  bsn_posting_filter_bind (stmt, &pages->filter);

  while ((rc = bsn_stmt_step (stmt)) == BSN_ROW)
    {
      gint64 id = bsn_stmt_column_int64 (stmt, 0);

      if (n % page_size == 0)
        current.newest_id = id;
      current.oldest_id = id;
      n++;
      if (n % page_size == 0)
        g_array_append_val (pages->bounds, current);
      if (n % CANCEL_CHECK_ROWS == 0 && g_cancellable_is_cancelled (cancellable))
        {
          bsn_stmt_reset (stmt);
          g_set_error (error, BSN_ERROR, BSN_ERROR_CANCELLED, _("Dibatalkan"));
          return NULL;
        }
    }
  bsn_stmt_reset (stmt);
  if (rc != BSN_DONE)
    {
      bsn_db_set_error (db, error, _("Menghitung posting"));
      return NULL;
    }
  if (n % page_size != 0)
    g_array_append_val (pages->bounds, current);
  pages->n_postings = n;
  pages->n_pages = pages->bounds->len;
  return g_steal_pointer (&pages);
}

BsnLedgerPages *
bsn_ledger_pages_ref (BsnLedgerPages *pages)
{
  return g_atomic_rc_box_acquire (pages);
}

void
bsn_ledger_pages_unref (BsnLedgerPages *pages)
{
  if (pages != NULL)
    g_atomic_rc_box_release_full (pages, pages_clear);
}

guint64
bsn_ledger_pages_get_n_postings (BsnLedgerPages *pages)
{
  return pages->n_postings;
}

guint
bsn_ledger_pages_get_n_pages (BsnLedgerPages *pages)
{
  return pages->n_pages;
}

guint
bsn_ledger_pages_get_page_size (BsnLedgerPages *pages)
{
  return pages->page_size;
}

const BsnPostingFilter *
bsn_ledger_pages_get_filter (BsnLedgerPages *pages)
{
  return &pages->filter;
}

gint64
bsn_ledger_pages_get_newest_id (BsnLedgerPages *pages)
{
  if (pages->n_postings == 0)
    return 0;
  if (pages->bounds == NULL)
    return pages->max_id;
  return g_array_index (pages->bounds, PageBounds, 0).newest_id;
}

GPtrArray *
bsn_ledger_pages_list (BsnDb          *db,
                       BsnLedgerPages *pages,
                       guint           page,
                       GError        **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) bsn_posting_row_free);
  g_autofree char *where = NULL;
  g_autofree char *sql = NULL;
  PageBounds b;
  BsnStmt *stmt;
  int rc;

  if (page >= pages->n_pages)
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_NOT_FOUND,
                   _("Halaman %u buku poin tidak ada"), page + 1);
      return NULL;
    }
  if (pages->bounds != NULL)
    b = g_array_index (pages->bounds, PageBounds, page);
  else
    {
      b.newest_id = pages->max_id - (gint64) page * pages->page_size;
      b.oldest_id = MAX (b.newest_id - (gint64) pages->page_size + 1, pages->min_id);
    }

  /* A page is a narrow id range: walking the dates of the whole range
   * instead would sort far more rows than the page holds. */
  where = bsn_posting_filter_sql (&pages->filter, FALSE);
  sql = g_strconcat (
    "SELECT p.id, p.at, p.kind, s.code, c.code, c.name, p.amount_rp, p.memo, p.reverses_id, r.id "
    "FROM postings p LEFT JOIN stores s ON s.id = p.store_id "
    "LEFT JOIN customers c ON c.id = p.customer_id "
    "LEFT JOIN postings r ON r.reverses_id = p.id",
    where, " AND p.id BETWEEN ?5 AND ?6 ORDER BY p.id DESC", NULL);
  stmt = bsn_db_prepare (db, sql, error);
  if (stmt == NULL)
    return NULL;
  bsn_posting_filter_bind (stmt, &pages->filter);
  bsn_stmt_bind_int64 (stmt, 5, b.oldest_id);
  bsn_stmt_bind_int64 (stmt, 6, b.newest_id);

  while ((rc = bsn_stmt_step (stmt)) == BSN_ROW)
    {
      BsnPostingRow *row = g_new0 (BsnPostingRow, 1);

      row->id = bsn_stmt_column_int64 (stmt, 0);
      row->at = bsn_stmt_column_int64 (stmt, 1);
      row->kind = g_strdup (bsn_stmt_column_text (stmt, 2));
      row->store_code = g_strdup (bsn_stmt_column_text (stmt, 3));
      row->customer_code = g_strdup (bsn_stmt_column_text (stmt, 4));
      row->customer_name = g_strdup (bsn_stmt_column_text (stmt, 5));
      row->amount_rp = bsn_stmt_column_int64 (stmt, 6);
      row->memo = g_strdup (bsn_stmt_column_text (stmt, 7));
      row->reverses_id = bsn_stmt_column_int64 (stmt, 8);
      row->reversed_by = bsn_stmt_column_int64 (stmt, 9);
      g_ptr_array_add (rows, row);
    }
  bsn_stmt_reset (stmt);
  if (rc != BSN_DONE)
    {
      bsn_db_set_error (db, error, _("Membaca buku poin"));
      return NULL;
    }
  return g_steal_pointer (&rows);
}
