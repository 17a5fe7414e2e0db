/* bsn-import.c — CSV import of sales receipts (see bsn-import.h). */
#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "bsn-award.h"
#include "bsn-customer.h"
#include "bsn-audit.h"
#include "bsn-auth.h"
#include "bsn-error.h"
#include "bsn-import.h"
#include "bsn-money.h"
#include "bsn-store.h"

/* A batch transaction ends after BATCH_ROWS receipts or BATCH_USEC,
 * whichever comes first. Every commit writes each page the batch touched
 * into the WAL, and the receipts of a batch land at random places of what
 * is ordered by customer (accounts, the legs' account index), so bigger
 * batches write less (1M receipts: 66-68 s with 4 000, 54-58 s with
 * 16 000); the time bound keeps the write lock, which
 * the app's own writers wait for, short on a slow machine. Progress and
 * cancellation are looked at every PROGRESS_ROWS receipts. */
#define BATCH_ROWS    16000
#define BATCH_USEC    G_USEC_PER_SEC
#define PROGRESS_ROWS 2000
#define MAX_LINE   (64 * 1024)

enum { COL_RECEIPT, COL_STORE, COL_CUSTOMER, COL_AMOUNT, COL_AT, COL_DIGIT, COL_PERISHABLE, N_COLS };

static const char *const column_names[N_COLS] = {
  "receipt", "store", "customer", "amount", "at", "digit", "perishable_amount",
};

void
bsn_import_result_free (BsnImportResult *result)
{
  if (result == NULL)
    return;
  g_clear_pointer (&result->rejected, g_ptr_array_unref);
  g_free (result);
}

static void
rejection_free (gpointer data)
{
  BsnImportRejection *r = data;

  g_free (r->reason);
  g_free (r);
}

/* A CSV reader: one record per call, quoted fields may span lines. */
typedef struct
{
  FILE    *file;
  char    *buf;
  size_t   cap;
  guint64  line;        /* line number of the record just read */
  guint64  next_line;
  guint64  bytes;
  char     sep;
  GString *field;
} Reader;

/* Splits the next record into @fields. Returns FALSE at end of file;
 * *@too_long is set for a record over MAX_LINE bytes (skipped). */
static gboolean
read_record (Reader    *rd,
             GPtrArray *fields,
             gboolean  *too_long,
             gboolean  *bad_quote)
{
  gboolean in_quotes = FALSE, started = FALSE;
  gsize record_len = 0;

  g_ptr_array_set_size (fields, 0);
  g_string_truncate (rd->field, 0);
  *too_long = FALSE;
  *bad_quote = FALSE;
  rd->line = rd->next_line;

  for (;;)
    {
      ssize_t n = getline (&rd->buf, &rd->cap, rd->file);
      if (n < 0)
        {
          if (!started)
            return FALSE;
          *bad_quote = in_quotes;
          break;
        }
      started = TRUE;
      rd->next_line++;
      rd->bytes += (guint64) n;
      record_len += (gsize) n;
      if (record_len > MAX_LINE)
        *too_long = TRUE;

      for (ssize_t i = 0; i < n; i++)
        {
          char c = rd->buf[i];
          if (in_quotes)
            {
              if (c == '"' && i + 1 < n && rd->buf[i + 1] == '"')
                {
                  g_string_append_c (rd->field, '"');
                  i++;
                }
              else if (c == '"')
                in_quotes = FALSE;
              else if (!*too_long)
                g_string_append_c (rd->field, c);
            }
          else if (c == '"' && rd->field->len == 0)
            in_quotes = TRUE;
          else if (c == rd->sep)
            {
              g_ptr_array_add (fields, g_strdup (rd->field->str));
              g_string_truncate (rd->field, 0);
            }
          else if (c == '\n' || c == '\r')
            ;
          else if (!*too_long)
            g_string_append_c (rd->field, c);
        }
      if (!in_quotes)
        break;
    }
  g_ptr_array_add (fields, g_strdup (rd->field->str));
  return TRUE;
}

static gboolean
field_empty (const char *s)
{
  for (; s && *s; s++)
    if (!g_ascii_isspace (*s))
      return FALSE;
  return TRUE;
}

static char *
trimmed (const char *s)
{
  return g_strstrip (g_strdup (s ? s : ""));
}

/* Maps header names to column positions. */
static gboolean
read_header (Reader    *rd,
             GPtrArray *fields,
             gint      *col,
             GError   **error)
{
  gboolean too_long, bad_quote;

  if (!read_record (rd, fields, &too_long, &bad_quote))
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID, _("Berkas CSV kosong"));
      return FALSE;
    }
  for (guint i = 0; i < N_COLS; i++)
    col[i] = -1;
  for (guint i = 0; i < fields->len; i++)
    {
      g_autofree char *name = trimmed (g_ptr_array_index (fields, i));
      const char *n = name;
      if (i == 0 && g_str_has_prefix (n, "\xEF\xBB\xBF"))
        n += 3;
      for (guint c = 0; c < N_COLS; c++)
        if (g_ascii_strcasecmp (n, column_names[c]) == 0)
          col[c] = (gint) i;
    }
  for (guint c = 0; c <= COL_AT; c++)
    if (col[c] < 0)
      {
        g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID,
                     _("Baris judul CSV tidak punya kolom “%s”; yang diperlukan: "
                       "receipt,store,customer,amount,at[,digit,perishable_amount]"),
                     column_names[c]);
        return FALSE;
      }
  return TRUE;
}

typedef struct
{
  GHashTable *stores;      /* code → id (0 = unknown) */
  GHashTable *customers;
} Lookup;

static gint64
lookup_id (BsnDb      *db,
           GHashTable *table,
           const char *code,
           gboolean    store)
{
  gpointer value;

  if (g_hash_table_lookup_extended (table, code, NULL, &value))
    return GPOINTER_TO_SIZE (value) ? *(gint64 *) value : 0;
  if (store)
    {
      g_autoptr(BsnStore) s = bsn_store_find (db, code, NULL);
      if (s == NULL)
        return 0;
      g_hash_table_insert (table, g_strdup (code), g_memdup2 (&s->id, sizeof s->id));
      return s->id;
    }
  else
    {
      g_autoptr(BsnCustomer) c = bsn_customer_find (db, code, NULL);
      if (c == NULL)
        return 0;
      g_hash_table_insert (table, g_strdup (code), g_memdup2 (&c->id, sizeof c->id));
      return c->id;
    }
}

static const char *
field_at (GPtrArray *fields,
          gint       col)
{
  return col >= 0 && (guint) col < fields->len ? g_ptr_array_index (fields, col) : "";
}

/* Turns one record into a receipt; FALSE with the reason on bad data. */
static gboolean
parse_row (BsnDb      *db,
           Lookup     *lookup,
           GPtrArray  *fields,
           const gint *col,
           BsnReceipt *r,
           char      **receipt,
           GError    **error)
{
  g_autofree char *store = trimmed (field_at (fields, col[COL_STORE]));
  g_autofree char *customer = trimmed (field_at (fields, col[COL_CUSTOMER]));
  g_autofree char *at = trimmed (field_at (fields, col[COL_AT]));
  const char *digit = field_at (fields, col[COL_DIGIT]);
  const char *perishable = field_at (fields, col[COL_PERISHABLE]);

  *receipt = trimmed (field_at (fields, col[COL_RECEIPT]));
  if (**receipt == '\0')
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID, _("nomor struk kosong"));
      return FALSE;
    }
  r->receipt = *receipt;
  if (!bsn_money_parse_nonneg (field_at (fields, col[COL_AMOUNT]), &r->amount_rp, error)
      || !bsn_time_parse (at, &r->at, error))
    return FALSE;
  r->digit = -1;
  if (!field_empty (digit))
    {
      g_autofree char *d = trimmed (digit);
      if (strlen (d) != 1 || !g_ascii_isdigit (d[0]))
        {
          g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID, _("angka keberuntungan “%s” harus satu angka 0–9"), d);
          return FALSE;
        }
      r->digit = d[0] - '0';
    }
  r->perishable_rp = -1;
  if (!field_empty (perishable) && !bsn_money_parse_nonneg (perishable, &r->perishable_rp, error))
    return FALSE;
  r->store_id = lookup_id (db, lookup->stores, store, TRUE);
  if (r->store_id == 0)
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_NOT_FOUND, _("toko “%s” tidak dikenal"), store);
      return FALSE;
    }
  r->customer_id = lookup_id (db, lookup->customers, customer, FALSE);
  if (r->customer_id == 0)
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_NOT_FOUND, _("pelanggan “%s” tidak dikenal"), customer);
      return FALSE;
    }
  return TRUE;
}

static void
reject (BsnImportResult *res,
        guint64          line,
        const char      *reason)
{
  BsnImportRejection *r = g_new0 (BsnImportRejection, 1);

  r->line = line;
  r->reason = g_strdup (reason);
  g_ptr_array_add (res->rejected, r);
}

/* Errors of the data are the row's; errors of the storage stop the run. */
static gboolean
is_row_error (const GError *error)
{
  return error->domain == BSN_ERROR
         && (error->code == BSN_ERROR_INVALID || error->code == BSN_ERROR_NOT_FOUND
             || error->code == BSN_ERROR_REFUSED || error->code == BSN_ERROR_EXISTS);
}

static char
guess_separator (const char *path)
{
  FILE *f = fopen (path, "r");
  char line[4096];
  char sep = ',';

  if (f == NULL)
    return sep;
  if (fgets (line, sizeof line, f) != NULL && strchr (line, ';') != NULL && strchr (line, ',') == NULL)
    sep = ';';
  fclose (f);
  return sep;
}

BsnImportResult *
bsn_import_sales (BsnDb          *db,
                  const char     *path,
                  BsnProgressFunc progress,
                  gpointer        user_data,
                  GCancellable   *cancellable,
                  GError        **error)
{
  g_autoptr(BsnImportResult) res = g_new0 (BsnImportResult, 1);
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(BsnAwardCache) cache = NULL;
  Lookup lookup = { 0 };
  Reader rd = { 0 };
  GStatBuf st;
  gint col[N_COLS];
  guint in_batch = 0;
  gint64 batch_start;
  gboolean ok = FALSE;

  res->rejected = g_ptr_array_new_with_free_func (rejection_free);
  if (!bsn_auth_require (db, BSN_PERM_RECEIPTS, error))
    return NULL;
  rd.file = fopen (path, "r");
  if (rd.file == NULL)
    {
      int saved = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved), _("Berkas “%s” tidak dapat dibuka: %s"),
                   path, g_strerror (saved));
      return NULL;
    }
  rd.sep = guess_separator (path);
  rd.next_line = 1;
  rd.field = g_string_new (NULL);
  lookup.stores = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  lookup.customers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  if (g_stat (path, &st) != 0)
    st.st_size = 0;

  if (!read_header (&rd, fields, col, error))
    goto out;
  bsn_db_set_bulk (db, TRUE);
  if (!bsn_db_begin_batch (db, error))
    goto out;
  batch_start = g_get_monotonic_time ();
  cache = bsn_award_cache_new ();

  for (;;)
    {
      gboolean too_long, bad_quote;
      g_autoptr(GError) row_error = NULL;
      g_autoptr(BsnAward) award = NULL;
      g_autofree char *receipt = NULL;
      BsnReceipt r = { 0 };

      if (!read_record (&rd, fields, &too_long, &bad_quote))
        break;
      if (fields->len == 1 && field_empty (g_ptr_array_index (fields, 0)))
        continue;
      res->rows++;
      if (too_long)
        {
          reject (res, rd.line, _("baris terlalu panjang (lebih dari 64 KiB)"));
          continue;
        }
      if (bad_quote)
        {
          reject (res, rd.line, _("tanda kutip tidak ditutup"));
          continue;
        }
      if (!parse_row (db, &lookup, fields, col, &r, &receipt, &row_error))
        {
          reject (res, rd.line, row_error->message);
          continue;
        }
      award = bsn_award_receipt (db, cache, &r, &row_error);
      if (award == NULL)
        {
          if (!is_row_error (row_error))
            {
              g_propagate_error (error, g_steal_pointer (&row_error));
              bsn_db_rollback (db);
              goto out;
            }
          reject (res, rd.line, row_error->message);
          continue;
        }
      if (award->duplicate)
        res->duplicates++;
      else
        {
          res->imported++;
          res->value_rp += award->value_rp;
        }

      if (++in_batch % PROGRESS_ROWS != 0)
        continue;
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          bsn_db_rollback (db);
          goto out;
        }
      if (progress)
        progress (rd.bytes, (guint64) st.st_size, user_data);
      if (in_batch >= BATCH_ROWS || g_get_monotonic_time () - batch_start >= BATCH_USEC)
        {
          if (!bsn_db_commit (db, error))
            goto out;
          in_batch = 0;
          g_clear_pointer (&cache, bsn_award_cache_free);
          cache = bsn_award_cache_new ();
          if (!bsn_db_begin_batch (db, error))
            goto out;
          batch_start = g_get_monotonic_time ();
        }
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    {
      bsn_db_rollback (db);
      goto out;
    }
  if (!bsn_db_commit (db, error))
    goto out;
  if (progress)
    progress ((guint64) st.st_size, (guint64) st.st_size, user_data);
  ok = TRUE;

out:
  bsn_db_set_bulk (db, FALSE);
  fclose (rd.file);
  free (rd.buf);
  g_string_free (rd.field, TRUE);
  g_hash_table_destroy (lookup.stores);
  g_hash_table_destroy (lookup.customers);
  return ok ? g_steal_pointer (&res) : NULL;
}

GPtrArray *
bsn_import_preview (const char *path,
                    guint       max_rows,
                    GError    **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
  Reader rd = { 0 };

  rd.file = fopen (path, "r");
  if (rd.file == NULL)
    {
      int saved = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved), _("Berkas “%s” tidak dapat dibuka: %s"),
                   path, g_strerror (saved));
      return NULL;
    }
  rd.sep = guess_separator (path);
  rd.field = g_string_new (NULL);
  while (rows->len < max_rows)
    {
      gboolean too_long, bad_quote;
      GStrvBuilder *b;

      if (!read_record (&rd, fields, &too_long, &bad_quote))
        break;
      b = g_strv_builder_new ();
      for (guint i = 0; i < fields->len; i++)
        g_strv_builder_add (b, g_ptr_array_index (fields, i));
      g_ptr_array_add (rows, g_strv_builder_end (b));
      g_strv_builder_unref (b);
    }
  fclose (rd.file);
  free (rd.buf);
  g_string_free (rd.field, TRUE);
  return g_steal_pointer (&rows);
}
