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
#include "bsn-expiry.h"
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
#define CHUNK_SIZE (64 * 1024)
/* Rejections are listed while their reasons take less than this; later
 * ones are only counted (BsnImportResult.unlisted), so a file of millions
 * of bad rows cannot exhaust memory. A reason is cut at MAX_REASON bytes. */
#define MAX_LISTED_BYTES (4 * 1024 * 1024)
#define MAX_REASON 240

/* BSN_IMPORT_BATCH_ROWS (1 … BATCH_ROWS) makes batches smaller: for the
 * tests of what crosses a batch's commit (ids, seals), which a few dozen
 * receipts would otherwise never reach. */
static guint
batch_rows (void)
{
  const char *env = g_getenv ("BSN_IMPORT_BATCH_ROWS");
  guint64 n = env != NULL ? g_ascii_strtoull (env, NULL, 10) : 0;

  return n > 0 && n < BATCH_ROWS ? (guint) n : BATCH_ROWS;
}

enum { COL_RECEIPT, COL_STORE, COL_CUSTOMER, COL_AMOUNT, COL_AT, COL_DIGIT, COL_PERISHABLE, N_COLS };

/* The header names of each column, English and Indonesian, matched without
 * regard to case; a file may mix them. */
static const char *const column_names[N_COLS] = {
  "receipt", "store", "customer", "amount", "at", "digit", "perishable_amount",
};
static const char *const column_names_id[N_COLS] = {
  "struk", "toko", "pelanggan", "jumlah", "waktu", "angka", "bagian_segar",
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

/* A CSV reader: one record per call, quoted fields may span lines. The
 * file is read through a fixed buffer and a record keeps at most MAX_LINE
 * bytes, so memory stays flat whatever the file holds: a record that grows
 * past MAX_LINE is skipped to the end of its physical line and the next
 * record starts on the line after it. */
typedef enum
{
  RECORD_OK,
  RECORD_TOO_LONG,
  RECORD_BAD_QUOTE,
  RECORD_NUL,
  RECORD_BAD_UTF8,
} RecordStatus;

typedef struct
{
  FILE        *file;
  char        *chunk;
  gsize        chunk_len;
  gsize        chunk_pos;
  int          read_errno;  /* set when reading the file failed */
  guint64      line;        /* line number of the record just read */
  guint64      next_line;
  guint64      bytes;
  char         sep;
  GString     *field;
  RecordStatus status;
  guint        bad_field;   /* 1-based column of a NUL or invalid UTF-8 */
} Reader;

static void
reader_init (Reader *rd,
             FILE   *file,
             char    sep)
{
  memset (rd, 0, sizeof *rd);
  rd->file = file;
  rd->chunk = g_malloc (CHUNK_SIZE);
  rd->sep = sep;
  rd->next_line = 1;
  rd->field = g_string_sized_new (256);
}

static void
reader_clear (Reader *rd)
{
  g_clear_pointer (&rd->file, fclose);
  g_clear_pointer (&rd->chunk, g_free);
  if (rd->field != NULL)
    g_string_free (g_steal_pointer (&rd->field), TRUE);
}

/* The next byte of the file, or EOF (also on a read error: read_errno). */
static int
reader_getc (Reader *rd)
{
  if (rd->chunk_pos == rd->chunk_len)
    {
      rd->chunk_len = fread (rd->chunk, 1, CHUNK_SIZE, rd->file);
      rd->chunk_pos = 0;
      if (rd->chunk_len == 0)
        {
          if (ferror (rd->file) && rd->read_errno == 0)
            rd->read_errno = errno ? errno : EIO;
          return EOF;
        }
    }
  rd->bytes++;
  return (guchar) rd->chunk[rd->chunk_pos++];
}

/* Ends the current field. A NUL byte or invalid UTF-8 marks the record
 * bad (the first such field is named); the field is kept as valid UTF-8
 * so a preview can show it. */
static void
finish_field (Reader    *rd,
              GPtrArray *fields)
{
  GString *f = rd->field;

  if (g_utf8_validate_len (f->str, f->len, NULL))
    g_ptr_array_add (fields, g_strndup (f->str, f->len));
  else
    {
      if (rd->status == RECORD_OK)
        {
          rd->status = memchr (f->str, '\0', f->len) != NULL ? RECORD_NUL : RECORD_BAD_UTF8;
          rd->bad_field = fields->len + 1;
        }
      g_ptr_array_add (fields, g_utf8_make_valid (f->str, (gssize) f->len));
    }
  g_string_truncate (f, 0);
}

/* Splits the next record into @fields and sets rd->status. Returns FALSE
 * at the end of the file. */
static gboolean
read_record (Reader    *rd,
             GPtrArray *fields)
{
  gboolean in_quotes = FALSE, quote_seen = FALSE, started = FALSE;
  gsize record_len = 0;

  g_ptr_array_set_size (fields, 0);
  g_string_truncate (rd->field, 0);
  rd->status = RECORD_OK;
  rd->bad_field = 0;
  rd->line = rd->next_line;

  for (;;)
    {
      int c = reader_getc (rd);

      if (c == EOF)
        {
          if (!started)
            return FALSE;
          if (in_quotes && !quote_seen && rd->status == RECORD_OK)
            rd->status = RECORD_BAD_QUOTE;
          break;
        }
      started = TRUE;
      if (c == '\n')
        rd->next_line++;
      if (rd->status == RECORD_TOO_LONG)
        {
          if (c == '\n')
            return TRUE;
          continue;
        }
      /* A quote inside quotes either escapes a quote or closes them. */
      if (quote_seen)
        {
          quote_seen = FALSE;
          if (c == '"')
            {
              g_string_append_c (rd->field, '"');
              continue;
            }
          in_quotes = FALSE;
        }
      if (!in_quotes && c == '\n')
        break;
      if (++record_len > MAX_LINE)
        {
          rd->status = RECORD_TOO_LONG;
          g_ptr_array_set_size (fields, 0);
          g_string_truncate (rd->field, 0);
          continue;
        }
      if (in_quotes)
        {
          if (c == '"')
            quote_seen = TRUE;
          else
            g_string_append_c (rd->field, (char) c);
        }
      else if (c == '"' && rd->field->len == 0)
        in_quotes = TRUE;
      else if (c == rd->sep)
        finish_field (rd, fields);
      else if (c != '\r')
        g_string_append_c (rd->field, (char) c);
    }
  if (rd->status != RECORD_TOO_LONG)
    finish_field (rd, fields);
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
  if (!read_record (rd, fields))
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
        if (g_ascii_strcasecmp (n, column_names[c]) == 0 || g_ascii_strcasecmp (n, column_names_id[c]) == 0)
          {
            if (col[c] >= 0)
              {
                g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID,
                             _("Baris judul CSV menyebut kolom “%s” (%s) dua kali"), column_names_id[c],
                             column_names[c]);
                return FALSE;
              }
            col[c] = (gint) i;
          }
    }
  for (guint c = 0; c <= COL_AT; c++)
    if (col[c] < 0)
      {
        g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID,
                     _("Baris judul CSV tidak punya kolom “%s” (%s); yang diperlukan: "
                       "struk,toko,pelanggan,jumlah,waktu[,angka,bagian_segar] atau "
                       "receipt,store,customer,amount,at[,digit,perishable_amount]"),
                     column_names_id[c], column_names[c]);
        return FALSE;
      }
  return TRUE;
}

typedef struct
{
  GHashTable *stores;      /* code → id (0 = unknown) */
  GHashTable *customers;
} Lookup;

/* *@out_id the store's or customer's id, 0 when @code names none; FALSE
 * when it cannot be read (a storage error, not the row's). */
static gboolean
lookup_id (BsnDb      *db,
           GHashTable *table,
           const char *code,
           gboolean    store,
           gint64     *out_id,
           GError    **error)
{
  g_autoptr(GError) find_error = NULL;
  g_autoptr(BsnStore) s = NULL;
  g_autoptr(BsnCustomer) c = NULL;
  gpointer value;

  *out_id = 0;
  if (g_hash_table_lookup_extended (table, code, NULL, &value))
    {
      *out_id = GPOINTER_TO_SIZE (value) ? *(gint64 *) value : 0;
      return TRUE;
    }
  if (store && (s = bsn_store_find (db, code, &find_error)) != NULL)
    *out_id = s->id;
  else if (!store && (c = bsn_customer_find (db, code, &find_error)) != NULL)
    *out_id = c->id;
  else if (g_error_matches (find_error, BSN_ERROR, BSN_ERROR_NOT_FOUND))
    return TRUE;
  else
    {
      g_propagate_error (error, g_steal_pointer (&find_error));
      return FALSE;
    }
  g_hash_table_insert (table, g_strdup (code), g_memdup2 (out_id, sizeof *out_id));
  return TRUE;
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
  if (!lookup_id (db, lookup->stores, store, TRUE, &r->store_id, error))
    return FALSE;
  if (r->store_id == 0)
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_NOT_FOUND, _("toko “%s” tidak dikenal"), store);
      return FALSE;
    }
  if (!lookup_id (db, lookup->customers, customer, FALSE, &r->customer_id, error))
    return FALSE;
  if (r->customer_id == 0)
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_NOT_FOUND, _("pelanggan “%s” tidak dikenal"), customer);
      return FALSE;
    }
  return TRUE;
}

static void
reject (BsnImportResult *res,
        gsize           *listed_bytes,
        guint64          line,
        const char      *reason)
{
  BsnImportRejection *r;
  gsize len = strlen (reason);

  if (*listed_bytes >= MAX_LISTED_BYTES)
    {
      res->unlisted++;
      return;
    }
  r = g_new0 (BsnImportRejection, 1);
  r->line = line;
  if (len <= MAX_REASON)
    r->reason = g_strdup (reason);
  else
    {
      /* Cut at a character boundary: reasons quote the field. */
      const char *end = g_utf8_find_prev_char (reason, reason + MAX_REASON);
      g_autofree char *head = g_strndup (reason, (gsize) (end - reason));
      r->reason = g_strconcat (head, "…", NULL);
    }
  *listed_bytes += sizeof *r + strlen (r->reason) + 1;
  g_ptr_array_add (res->rejected, r);
}

/* Why a record the reader could not take whole is rejected, or NULL. */
static char *
record_problem (const Reader *rd)
{
  switch (rd->status)
    {
    case RECORD_TOO_LONG:
      return g_strdup_printf (_("baris terlalu panjang (lebih dari %u KiB)"), MAX_LINE / 1024);
    case RECORD_BAD_QUOTE:
      return g_strdup (_("tanda kutip tidak ditutup"));
    case RECORD_NUL:
      return g_strdup_printf (_("kolom ke-%u berisi byte NUL"), rd->bad_field);
    case RECORD_BAD_UTF8:
      return g_strdup_printf (_("kolom ke-%u bukan teks UTF-8 yang sah"), rd->bad_field);
    default:
      return NULL;
    }
}

static gboolean
reader_failed (const Reader *rd,
               const char   *path,
               GError      **error)
{
  if (rd->read_errno == 0)
    return FALSE;
  g_set_error (error, BSN_ERROR, BSN_ERROR_IO, _("Berkas “%s” tidak dapat dibaca: %s"), path,
               g_strerror (rd->read_errno));
  return TRUE;
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

/* A record read ahead of its award: a batch of them is looked up at once
 * (bsn_award_cache_prefetch). */
typedef struct
{
  guint64    line;
  char      *problem;   /* why the row is rejected before its award, or NULL */
  char      *receipt;
  BsnReceipt r;
} Ahead;

#define AHEAD_ROWS 1000

static void
ahead_clear (gpointer data)
{
  Ahead *row = data;

  g_free (row->problem);
  g_free (row->receipt);
}

/* Reads up to AHEAD_ROWS records into @ahead (emptied first), each parsed
 * or with the reason it is rejected; FALSE when a storage error stopped
 * the reading (a row is never rejected for what the storage failed to
 * read). */
static gboolean
read_ahead (BsnDb           *db,
            Reader          *rd,
            Lookup          *lookup,
            GPtrArray       *fields,
            const gint      *col,
            BsnImportResult *res,
            GArray          *ahead,
            GError         **error)
{
  g_array_set_size (ahead, 0);
  while (ahead->len < AHEAD_ROWS && read_record (rd, fields))
    {
      g_autoptr(GError) row_error = NULL;
      Ahead row = { 0 };

      if (rd->status == RECORD_OK && fields->len == 1 && field_empty (g_ptr_array_index (fields, 0)))
        continue;
      res->rows++;
      row.line = rd->line;
      if ((row.problem = record_problem (rd)) == NULL
          && !parse_row (db, lookup, fields, col, &row.r, &row.receipt, &row_error))
        {
          if (!is_row_error (row_error))
            {
              g_free (row.receipt);
              g_propagate_error (error, g_steal_pointer (&row_error));
              return FALSE;
            }
          row.problem = g_strdup (row_error->message);
        }
      g_array_append_val (ahead, row);
    }
  return TRUE;
}

/* The duplicate check of the rows from @from on, in one query. */
static gboolean
prefetch_ahead (BsnDb         *db,
                BsnAwardCache *cache,
                GArray        *ahead,
                guint          from,
                GError       **error)
{
  g_autoptr(GArray) rows = g_array_new (FALSE, FALSE, sizeof (BsnReceipt));

  for (guint i = from; i < ahead->len; i++)
    {
      const Ahead *row = &g_array_index (ahead, Ahead, i);

      if (row->problem == NULL)
        g_array_append_val (rows, row->r);
    }
  return bsn_award_cache_prefetch (db, cache, (const BsnReceipt *) (gpointer) rows->data, rows->len, error);
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
  g_autoptr(GArray) ahead = g_array_new (FALSE, TRUE, sizeof (Ahead));
  g_autoptr(BsnAwardCache) cache = NULL;
  Lookup lookup = { 0 };
  Reader rd = { 0 };
  FILE *file;
  GStatBuf st;
  gsize listed_bytes = 0;
  g_autoptr(GError) header_error = NULL;
  gint col[N_COLS];
  guint in_batch = 0;
  const guint max_rows = batch_rows ();
  gint64 batch_start;
  gboolean ok = FALSE;

  res->rejected = g_ptr_array_new_with_free_func (rejection_free);
  g_array_set_clear_func (ahead, ahead_clear);
  if (!bsn_auth_require (db, BSN_PERM_RECEIPTS, error))
    return NULL;
  file = fopen (path, "r");
  if (file == NULL)
    {
      int saved = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved), _("Berkas “%s” tidak dapat dibuka: %s"),
                   path, g_strerror (saved));
      return NULL;
    }
  reader_init (&rd, file, guess_separator (path));
  lookup.stores = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  lookup.customers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  if (g_stat (path, &st) != 0)
    st.st_size = 0;

  if (!read_header (&rd, fields, col, &header_error))
    {
      if (!reader_failed (&rd, path, error))
        g_propagate_error (error, g_steal_pointer (&header_error));
      goto out;
    }
  bsn_db_set_bulk (db, TRUE);
  if (!bsn_db_begin_batch (db, error))
    goto out;
  batch_start = g_get_monotonic_time ();
  cache = bsn_award_cache_new ();

  for (;;)
    {
      gboolean prefetch = TRUE;

      if (!read_ahead (db, &rd, &lookup, fields, col, res, ahead, error))
        {
          bsn_db_rollback (db);
          goto out;
        }
      if (ahead->len == 0)
        break;

      for (guint i = 0; i < ahead->len; i++)
        {
          g_autoptr(GError) row_error = NULL;
          g_autoptr(BsnAward) award = NULL;
          const Ahead *row = &g_array_index (ahead, Ahead, i);

          if (row->problem != NULL)
            {
              reject (res, &listed_bytes, row->line, row->problem);
              continue;
            }
          /* Inside the batch, whose writer lock keeps what it reads true. */
          if (prefetch && !prefetch_ahead (db, cache, ahead, i, error))
            {
              bsn_db_rollback (db);
              goto out;
            }
          prefetch = FALSE;
          award = bsn_award_receipt (db, cache, &row->r, &row_error);
          if (award == NULL)
            {
              if (!is_row_error (row_error))
                {
                  g_propagate_error (error, g_steal_pointer (&row_error));
                  bsn_db_rollback (db);
                  goto out;
                }
              reject (res, &listed_bytes, row->line, row_error->message);
              continue;
            }
          if (award->duplicate)
            res->duplicates++;
          else
            {
              res->imported++;
              res->value_rp += award->value_rp;
            }

          if (++in_batch % PROGRESS_ROWS != 0 && in_batch < max_rows)
            continue;
          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            {
              bsn_db_rollback (db);
              goto out;
            }
          if (progress)
            progress (rd.bytes, (guint64) st.st_size, user_data);
          if (in_batch >= max_rows || g_get_monotonic_time () - batch_start >= BATCH_USEC)
            {
              if (!bsn_db_commit (db, error))
                goto out;
              in_batch = 0;
              g_clear_pointer (&cache, bsn_award_cache_free);
              cache = bsn_award_cache_new ();
              if (!bsn_db_begin_batch (db, error))
                goto out;
              batch_start = g_get_monotonic_time ();
              prefetch = TRUE;
            }
        }
    }
  if (reader_failed (&rd, path, error) || g_cancellable_set_error_if_cancelled (cancellable, error))
    {
      bsn_db_rollback (db);
      goto out;
    }
  if (!bsn_db_commit (db, error))
    goto out;
  bsn_db_set_bulk (db, FALSE);
  if (!bsn_expiry_run (db, bsn_time_now (), &res->expired_postings, &res->expired_rp, error))
    goto out;
  if (progress)
    progress ((guint64) st.st_size, (guint64) st.st_size, user_data);
  ok = TRUE;

out:
  bsn_db_set_bulk (db, FALSE);
  reader_clear (&rd);
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
  FILE *file = fopen (path, "r");

  if (file == NULL)
    {
      int saved = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved), _("Berkas “%s” tidak dapat dibuka: %s"),
                   path, g_strerror (saved));
      return NULL;
    }
  reader_init (&rd, file, guess_separator (path));
  while (rows->len < max_rows)
    {
      GStrvBuilder *b;

      if (!read_record (&rd, fields))
        break;
      b = g_strv_builder_new ();
      for (guint i = 0; i < fields->len; i++)
        g_strv_builder_add (b, g_ptr_array_index (fields, i));
      g_ptr_array_add (rows, g_strv_builder_end (b));
      g_strv_builder_unref (b);
    }
  reader_clear (&rd);
  return g_steal_pointer (&rows);
}

char *
bsn_import_template_csv (const char *store,
                         const char *customer,
                         BsnTime     at)
{
  g_autofree char *when = bsn_time_format_datetime_entry (at);

  return g_strdup_printf ("struk,toko,pelanggan,jumlah,waktu,angka,bagian_segar\r\n"
                          "STR-0001,%s,%s,125000,%s,5,20000\r\n", store, customer, when);
}
