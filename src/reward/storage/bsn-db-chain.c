/* bsn-db-chain.c — the book's hash chain and schema check (see bsn-db-chain.h). */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "bsn-db-chain.h"
#include "bsn-error.h"

#ifdef HAVE_NETTLE
#include <nettle/sha2.h>
#endif

#define HASH_LEN 32

/* One kind of chained entry: its rows in id order after ?1 (column 0 the
 * id), the columns' types ('i' integer, 't' text), and optionally the
 * rows that belong to it (column 0 the owner's id, ordered by it). */
typedef struct
{
  char        kind;
  const char *label;
  const char *rows_sql;
  const char *rows_types;
  const char *subs_sql;
  const char *subs_types;
} ChainKind;

#define USER_TYPES "ittit"
#define POSTING_AMOUNT 6   /* postings.amount_rp in the 'p' rows */
#define USER_KIND  2   /* kinds[USER_KIND] */
#define POSTING_KIND 3
#define RECEIPT_KIND 4

static const ChainKind kinds[] = {
  { 't', N_("Versi tabel tingkat"),
    "SELECT id, scheme, name, effective_from, author, reason, created_at FROM tier_versions "
    "WHERE id > ?1 ORDER BY id", "ittitti",
    "SELECT version_id, band, tier, key, rate_bp FROM tier_rates WHERE version_id > ?1 "
    "ORDER BY version_id, band, tier, key", "itiii" },
  { 'b', N_("Aturan bonus"),
    "SELECT id, code, name, kind, rate_bp, produsen_bp, ritel_bp, bsn_bp, store_id, min_amount_rp, every_nth, "
    "valid_from, created_at FROM bonus_rules WHERE id > ?1 ORDER BY id", "itttiiiiiiiii",
    NULL, NULL },
  { 'u', N_("Pengguna"),
    "SELECT id, name, role, active, pw_hash FROM users WHERE id > ?1 ORDER BY id", USER_TYPES,
    NULL, NULL },
  { 'p', N_("Posting"),
    "SELECT id, idem_key, kind, at, store_id, customer_id, amount_rp, memo, reverses_id, created_at "
    "FROM postings WHERE id > ?1 ORDER BY id", "ittiiiitii",
    "SELECT posting_id, account_id, amount_rp, earned_rp, at FROM legs WHERE posting_id > ?1 "
    "ORDER BY posting_id, account_id", "iiiii" },
  { 'r', N_("Struk"),
    "SELECT id, receipt, store_id, customer_id, at, amount_rp, perishable_rp, digit, scheme, rate_bp, value_rp, "
    "tier_version_id, posting_id FROM receipts WHERE id > ?1 ORDER BY id", "itiiiiiitiiii",
    NULL, NULL },
  { 'a', N_("Catatan audit"),
    "SELECT id, at, \"user\", action, subject, before, after FROM audit WHERE id > ?1 ORDER BY id", "iittttt",
    NULL, NULL },
};

static const ChainKind *
kind_for (char kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (kinds[i].kind == kind)
      return &kinds[i];
  return NULL;
}

/* ---- Hashing ----
 *
 * Two million entries at a million receipts: the hashing is most of the
 * chain check's time. An entry is gathered into a buffer and handed to
 * SHA-256 in a few large pieces (a call per column costs more than the
 * column), Nettle's SHA-256 when the build has it (3× GLib's here), the
 * same digests either way. */

#define HASHER_BUFFER 512

typedef struct
{
#ifdef HAVE_NETTLE
  struct sha256_ctx ctx;
#else
  GChecksum        *sum;
#endif
  /* When set, the bytes fed are collected there instead of hashed: the
   * chain check hashes them on another thread (see "The hashing
   * thread"). */
  GByteArray       *collect;
  gsize             len;
  guint8            buf[HASHER_BUFFER];
} Hasher;

static void
hasher_init (Hasher *h)
{
#ifdef HAVE_NETTLE
  sha256_init (&h->ctx);
#else
  h->sum = g_checksum_new (G_CHECKSUM_SHA256);
#endif
  h->collect = NULL;
  h->len = 0;
}

static void
hasher_clear (Hasher *h)
{
#ifndef HAVE_NETTLE
  g_clear_pointer (&h->sum, g_checksum_free);
#endif
}

static void
hasher_flush (Hasher *h)
{
  if (h->len == 0)
    return;
  if (h->collect != NULL)
    g_byte_array_append (h->collect, h->buf, (guint) h->len);
  else
    {
#ifdef HAVE_NETTLE
      sha256_update (&h->ctx, h->len, h->buf);
#else
      g_checksum_update (h->sum, h->buf, h->len);
#endif
    }
  h->len = 0;
}

static void
hash_bytes (Hasher       *h,
            const guint8 *data,
            gsize         len)
{
  if (h->len + len > HASHER_BUFFER)
    {
      hasher_flush (h);
      if (len > HASHER_BUFFER)
        {
          if (h->collect != NULL)
            {
              g_byte_array_append (h->collect, data, (guint) len);
              return;
            }
#ifdef HAVE_NETTLE
          sha256_update (&h->ctx, len, data);
#else
          g_checksum_update (h->sum, data, len);
#endif
          return;
        }
    }
  memcpy (h->buf + h->len, data, len);
  h->len += len;
}

/* The digest so far; @h starts again empty. */
static void
finish (Hasher *h,
        guint8  out[HASH_LEN])
{
  hasher_flush (h);
#ifdef HAVE_NETTLE
  sha256_digest (&h->ctx, HASH_LEN, out);
#else
  {
    gsize len = HASH_LEN;

    g_checksum_get_digest (h->sum, out, &len);
    g_checksum_reset (h->sum);
  }
#endif
}

static inline void
feed_int (Hasher *h,
          gint64  value)
{
  guint8 *bytes;

  if (h->len + 9 > HASHER_BUFFER)
    hasher_flush (h);
  bytes = h->buf + h->len;
  bytes[0] = 'i';
  for (int i = 0; i < 8; i++)
    bytes[1 + i] = (guint8) ((guint64) value >> (8 * i));
  h->len += 9;
}

static void
feed_text (Hasher     *h,
           const char *text,
           gsize       len)
{
  guint8 head[5] = { 't' };

  for (int i = 0; i < 4; i++)
    head[1 + i] = (guint8) (len >> (8 * i));
  hash_bytes (h, head, sizeof head);
  hash_bytes (h, (const guint8 *) text, len);
}

/* Columns @from.. of the current row, by their types. */
static void
feed_row (Hasher     *h,
          BsnStmt    *stmt,
          int         from,
          const char *types)
{
  for (int c = from; types[c] != '\0'; c++)
    {
      if (bsn_stmt_column_is_null (stmt, c))
        hash_bytes (h, (const guint8 *) "n", 1);
      else if (types[c] == 'i')
        feed_int (h, bsn_stmt_column_int64 (stmt, c));
      else
        {
          const char *text = bsn_stmt_column_text (stmt, c);

          feed_text (h, text, strlen (text));
        }
    }
}

/* An entry's hash starts with the previous entry's, its kind and id; its
 * content follows (the row's columns, or for a user, whose row changes
 * in place, the content hash stored with the entry). One hash per entry:
 * a million receipts are two million entries. */
static void
link_start (Hasher       *h,
            const guint8  prev[HASH_LEN],
            char          kind,
            gint64        ref_id)
{
  hash_bytes (h, prev, HASH_LEN);
  hash_bytes (h, (const guint8 *) &kind, 1);
  feed_int (h, ref_id);
}

/* What follows the previous hash (the check hashes it elsewhere). */
static void
link_rest (Hasher *h,
           char    kind,
           gint64  ref_id)
{
  hash_bytes (h, (const guint8 *) &kind, 1);
  feed_int (h, ref_id);
}

static void
to_hex (const guint8 raw[HASH_LEN],
        char         hex[2 * HASH_LEN + 1])
{
  static const char digits[] = "0123456789abcdef";

  for (int i = 0; i < HASH_LEN; i++)
    {
      hex[2 * i] = digits[raw[i] >> 4];
      hex[2 * i + 1] = digits[raw[i] & 15];
    }
  hex[2 * HASH_LEN] = '\0';
}

/* @hex: 2 × HASH_LEN characters (from_stored () checked). */
static gboolean
from_hex (const char *hex,
          guint8      raw[HASH_LEN])
{
  for (int i = 0; i < HASH_LEN; i++)
    {
      int hi = g_ascii_xdigit_value (hex[2 * i]), lo = g_ascii_xdigit_value (hex[2 * i + 1]);
      if (hi < 0 || lo < 0)
        return FALSE;
      raw[i] = (guint8) (hi << 4 | lo);
    }
  return TRUE;
}

/* The stored form of a hash (schema version 17, issue 22): base64, 44
 * characters where hex took 64, two entries a receipt. Entries sealed
 * before keep their hex; both forms are read, each only in its canonical
 * spelling, so a stored hash has one text whatever its form. */
#define STORED_LEN 44

/* No allocation: verify spells two million hashes at 1M receipts. */
static void
to_stored (const guint8 raw[HASH_LEN],
           char         stored[STORED_LEN + 1])
{
  char out[STORED_LEN + 8];
  gint state = 0, save = 0;
  gsize len;

  len = g_base64_encode_step (raw, HASH_LEN, FALSE, out, &state, &save);
  len += g_base64_encode_close (FALSE, out + len, &state, &save);
  g_assert (len == STORED_LEN);
  memcpy (stored, out, STORED_LEN);
  stored[STORED_LEN] = '\0';
}

static gboolean
from_stored (const char *stored,
             guint8      raw[HASH_LEN])
{
  char again[STORED_LEN + 1];
  g_autofree guchar *bytes = NULL;
  gsize len = 0;

  if (stored == NULL)
    return FALSE;
  if (strlen (stored) == 2 * HASH_LEN)
    return from_hex (stored, raw);
  if (strlen (stored) != STORED_LEN)
    return FALSE;
  bytes = g_base64_decode (stored, &len);
  if (len != HASH_LEN)
    return FALSE;
  to_stored (bytes, again);
  if (strcmp (again, stored) != 0)
    return FALSE;
  memcpy (raw, bytes, HASH_LEN);
  return TRUE;
}

static void
write_stored (const guint8  raw[HASH_LEN],
              char         *out)
{
  to_stored (raw, out);
}

static void
write_hex (const guint8  raw[HASH_LEN],
           char         *out)
{
  to_hex (raw, out);
}

/* Whether @stored (either form) spells @raw: no decoding on the common
 * path. */
static gboolean
stored_equals (const char   *stored,
               const guint8  raw[HASH_LEN])
{
  char mine[2 * HASH_LEN + 1];

  if (stored == NULL)
    return FALSE;
  if (strlen (stored) == STORED_LEN)
    to_stored (raw, mine);
  else
    to_hex (raw, mine);
  return strcmp (stored, mine) == 0;
}

/* ---- Cursors over one kind's rows ---- */

/* A row's columns, each read once when the row is stepped to (the hash,
 * the hand-on and the cursor all use them: at 1M receipts the reads of
 * the same columns again were a sixth of the check). */
#define MAX_COLUMNS 16

typedef struct
{
  gint64      i[MAX_COLUMNS];
  const char *t[MAX_COLUMNS];
  gsize       len[MAX_COLUMNS];
  gboolean    null[MAX_COLUMNS];
} Row;

static void
row_read (Row        *row,
          BsnStmt    *stmt,
          const char *types)
{
  bsn_stmt_read_row (stmt, types, row->i, row->t, row->len, row->null);
}

/* Columns @from.. of @row, by their types, as feed_row feeds them. */
static void
feed_read_row (Hasher     *h,
               const Row  *row,
               int         from,
               const char *types)
{
  for (int c = from; types[c] != '\0'; c++)
    {
      if (row->null[c])
        hash_bytes (h, (const guint8 *) "n", 1);
      else if (types[c] == 'i')
        feed_int (h, row->i[c]);
      else
        feed_text (h, row->t[c], row->len[c]);
    }
}

typedef struct
{
  const ChainKind *kind;
  BsnStmt         *rows;
  BsnStmt         *subs;
  BsnStep          rows_rc;
  BsnStep          subs_rc;
  const Row       *row;          /* the current row's columns, when rows_rc is BSN_ROW */
  Row              own;          /* where they are read, unless read beside */
  const Row       *sub;          /* the current sub-row's, when subs_rc is BSN_ROW */
  Row              own_sub;      /* where they are read, unless read beside */
  struct _Beside  *beside;       /* the rows read on another connection, or NULL */
  struct _Beside  *subs_beside;  /* the sub-rows read on another one, or NULL */
  gboolean         with_subs;    /* the kind has sub-rows */
  /* A posting's stated amount and the sum of its positive legs, from the
   * last row taken. */
  gint64           stated_rp;
  gint64           legs_rp;
  /* Where the rows read go on (the check's, for the ledger), or NULL. */
  const BsnChainRows *rows_to;
} Cursor;

/* Column numbers in kinds[]'s SQL of what BsnChainRows hands on. */
enum { P_AT = 3, P_AMOUNT = 6 };
enum { L_ACCOUNT = 1, L_AMOUNT = 2, L_EARNED = 3, L_AT = 4 };
enum { R_NAME = 1, R_CUSTOMER = 3, R_AT = 4, R_VALUE = 10, R_POSTING = 12 };

static void
hand_on_row (Cursor *cursor)
{
  const BsnChainRows *to = cursor->rows_to;
  const Row *r = cursor->row;

  if (to == NULL)
    return;
  if (cursor->kind->kind == 'p' && to->posting != NULL)
    to->posting (to->data, r->i[0], r->null[P_AT] ? 0 : r->i[P_AT], r->null[P_AMOUNT] ? 0 : r->i[P_AMOUNT]);
  else if (cursor->kind->kind == 'r' && to->receipt != NULL)
    to->receipt (to->data, r->i[0], r->null[R_NAME] ? NULL : r->t[R_NAME],
                 r->null[R_CUSTOMER] ? 0 : r->i[R_CUSTOMER], r->null[R_AT] ? 0 : r->i[R_AT],
                 r->null[R_VALUE] ? 0 : r->i[R_VALUE], r->null[R_POSTING] ? 0 : r->i[R_POSTING]);
}

static void
hand_on_sub (Cursor *cursor)
{
  const BsnChainRows *to = cursor->rows_to;
  const Row *l = cursor->sub;

  if (to != NULL && cursor->kind->kind == 'p' && to->leg != NULL)
    to->leg (to->data, l->i[0], l->null[L_ACCOUNT] ? 0 : l->i[L_ACCOUNT], l->null[L_AMOUNT] ? 0 : l->i[L_AMOUNT],
             l->null[L_EARNED] ? 0 : l->i[L_EARNED], l->null[L_AT] ? 0 : l->i[L_AT]);
}

/* ---- Rows read beside ----
 *
 * `verify` on a SQLite file in WAL mode (or on a PostgreSQL server, in
 * its snapshot) reads the three large tables -- receipts, postings, legs:
 * 3.5 million rows at 1M receipts -- each on a connection and thread of
 * its own, and takes them here in blocks, in order, exactly as its own
 * cursor would give them; this thread walks the chain. A second snapshot
 * is used only when it holds the same rows as this one (see ends_sql).
 * Otherwise, or when the second connection cannot read, the table is
 * read here. At 1M receipts on two cores: the whole verify 1.5-2.3 s
 * against 1.8-2.4 s with the receipts alone read beside (BENCHMARKS.md);
 * three page caches of BESIDE_CACHE_KIB. */

#define BESIDE_ROWS   1024
#define BESIDE_BLOCKS 4

/* Two snapshots hold the same rows when each table read beside has the
 * same newest row in both: every table the check reads is append-only
 * with growing ids (or, for the legs, their posting's), and every write
 * of the application appends to the chain. Each is one index lookup. */
static const char *const ends_sql[] = {
  "SELECT coalesce(max(id), 0) FROM receipts",
  "SELECT coalesce(max(seq), 0) FROM chain",
  "SELECT coalesce(max(id), 0) FROM postings",
  "SELECT coalesce(max(posting_id), 0) FROM legs",
};
#define N_ENDS G_N_ELEMENTS (ends_sql)

/* A read beside holds a small page cache of its own: it reads its table
 * once, in order, and the file's pages are in the system's cache. */
#define BESIDE_CACHE_KIB 2048

typedef struct
{
  guint       n;
  guint       next;
  gboolean    last;           /* the thread's last block: @rc ends the rows */
  BsnStep     rc;
  GByteArray *text;
  Row         rows[BESIDE_ROWS];
  guint       off[BESIDE_ROWS][MAX_COLUMNS];
} RowBlock;

struct _Beside
{
  char            *path;
  char            *snapshot;    /* PostgreSQL: the snapshot to read in */
  const char      *sql;         /* the rows, ?1 bound to 0 */
  const char      *types;
  GAsyncQueue     *full;
  GAsyncQueue     *empty;
  GThread         *thread;
  GPtrArray       *blocks;
  RowBlock        *current;
  gint             stop;        /* atomic: the rows are not wanted */
  /* the second snapshot's newest rows (ENDS), -1 where it could not
   * read */
  gint64           ends[N_ENDS];
};
typedef struct _Beside Beside;

static gint64
newest (BsnDb      *db,
        const char *sql)
{
  return bsn_db_query_int (db, sql, -1);
}


static void
beside_copy (RowBlock   *b,
             const Row  *row,
             const char *types)
{
  Row *to = &b->rows[b->n];

  for (int c = 0; types[c] != '\0'; c++)
    {
      to->null[c] = row->null[c];
      if (row->null[c])
        continue;
      if (types[c] == 'i')
        to->i[c] = row->i[c];
      else
        {
          b->off[b->n][c] = b->text->len;
          to->len[c] = row->len[c];
          g_byte_array_append (b->text, (const guint8 *) row->t[c], (guint) row->len[c] + 1);
        }
    }
  b->n++;
}

/* The texts' places, once the block's text no longer moves. */
static void
beside_seal_block (RowBlock   *b,
                   const char *types)
{
  for (guint r = 0; r < b->n; r++)
    for (int c = 0; types[c] != '\0'; c++)
      if (types[c] != 'i' && !b->rows[r].null[c])
        b->rows[r].t[c] = (const char *) b->text->data + b->off[r][c];
}

static RowBlock *
beside_take_empty (Beside *bs)
{
  RowBlock *b = g_async_queue_pop (bs->empty);

  b->n = b->next = 0;
  b->last = FALSE;
  b->rc = BSN_ROW;
  g_byte_array_set_size (b->text, 0);
  return b;
}

static gpointer
beside_thread (gpointer data)
{
  Beside *bs = data;
  g_autoptr(BsnDb) db = bsn_db_open (bs->path, BSN_DB_OPEN_READONLY, NULL);
  RowBlock *b = beside_take_empty (bs);
  BsnStmt *stmt = NULL;
  Row row;

  b->last = TRUE;
  b->rc = BSN_STEP_FAILED;
  if (db == NULL || !bsn_db_begin_read (db, bs->snapshot, NULL))
    {
      /* The first block says it could not read. */
      g_async_queue_push (bs->full, b);
      return NULL;
    }
  bsn_db_set_cache_kib (db, BESIDE_CACHE_KIB);
  for (guint i = 0; i < N_ENDS; i++)
    bs->ends[i] = newest (db, ends_sql[i]);
  /* The first block, empty, says the snapshot is there. */
  b->last = FALSE;
  g_async_queue_push (bs->full, b);
  b = beside_take_empty (bs);
  /* Rows that could not be read (a prepare that failed) end failed. */
  b->rc = BSN_STEP_FAILED;
  if (!g_atomic_int_get (&bs->stop) && (stmt = bsn_db_prepare_scan (db, bs->sql, NULL)) != NULL)
    {
      bsn_stmt_bind_int64 (stmt, 1, 0);
      while ((b->rc = bsn_stmt_step (stmt)) == BSN_ROW)
        {
          row_read (&row, stmt, bs->types);
          beside_copy (b, &row, bs->types);
          if (b->n < BESIDE_ROWS)
            continue;
          beside_seal_block (b, bs->types);
          g_async_queue_push (bs->full, b);
          if (g_atomic_int_get (&bs->stop))
            {
              b = beside_take_empty (bs);
              b->rc = BSN_STEP_FAILED;
              break;
            }
          b = beside_take_empty (bs);
        }
      bsn_stmt_reset (stmt);
    }
  beside_seal_block (b, bs->types);
  b->last = TRUE;
  bsn_db_rollback (db);
  g_async_queue_push (bs->full, b);
  return NULL;
}

/* Waits for the thread's last block: the rows left unread. */
static void
beside_stop (Beside *bs)
{
  RowBlock *b = bs->current;

  g_atomic_int_set (&bs->stop, 1);
  while (b == NULL || !b->last)
    {
      if (b != NULL)
        g_async_queue_push (bs->empty, b);
      b = g_async_queue_pop (bs->full);
    }
  bs->current = NULL;
  g_thread_join (bs->thread);
  bs->thread = NULL;
}

static void
beside_free (Beside *bs)
{
  if (bs == NULL)
    return;
  if (bs->thread != NULL)
    beside_stop (bs);
  g_async_queue_unref (bs->full);
  g_async_queue_unref (bs->empty);
  g_ptr_array_unref (bs->blocks);
  g_free (bs->path);
  g_free (bs->snapshot);
  g_free (bs);
}

static void
row_block_free (gpointer data)
{
  RowBlock *b = data;

  g_byte_array_unref (b->text);
  g_free (b);
}

/* The rows of @sql (?1 bound to 0; columns of @types) read beside @db,
 * or NULL when they are to be read here. Inside @db's read transaction. */
static Beside *
beside_start (BsnDb      *db,
              const char *sql,
              const char *types)
{
  const char *path = bsn_db_get_path (db);
  g_autofree char *snapshot = NULL;
  Beside *bs;
  BsnStmt *stmt;
  gboolean wal = FALSE;
  RowBlock *first;

  if (path == NULL || *path == '\0')
    return NULL;
  if (bsn_db_get_engine (db) == BSN_ENGINE_POSTGRESQL)
    {
      /* A second connection reads in this transaction's snapshot. */
      if ((snapshot = bsn_db_export_snapshot (db)) == NULL)
        return NULL;
    }
  else
    {
      if (g_strcmp0 (path, ":memory:") == 0 || g_str_has_prefix (path, "file:"))
        return NULL;
      if ((stmt = bsn_db_prepare (db, "PRAGMA journal_mode", NULL)) == NULL)
        return NULL;
      if (bsn_stmt_step (stmt) == BSN_ROW)
        wal = g_ascii_strcasecmp (bsn_stmt_column_text (stmt, 0), "wal") == 0;
      bsn_stmt_reset (stmt);
      if (!wal)
        return NULL;
    }
  bs = g_new0 (Beside, 1);
  bs->path = g_strdup (path);
  bs->snapshot = g_steal_pointer (&snapshot);
  bs->sql = sql;
  bs->types = types;
  bs->full = g_async_queue_new ();
  bs->empty = g_async_queue_new ();
  bs->blocks = g_ptr_array_new_with_free_func (row_block_free);
  for (guint i = 0; i < BESIDE_BLOCKS; i++)
    {
      RowBlock *b = g_new0 (RowBlock, 1);

      b->text = g_byte_array_sized_new (BESIDE_ROWS * 32);
      g_ptr_array_add (bs->blocks, b);
      g_async_queue_push (bs->empty, b);
    }
  bs->thread = g_thread_try_new ("bsn-chain-read", beside_thread, bs, NULL);
  if (bs->thread == NULL)
    {
      beside_free (bs);
      return NULL;
    }
  first = g_async_queue_pop (bs->full);
  bs->current = first;
  if (first->last)
    {
      beside_free (bs);
      return NULL;
    }
  for (guint i = 0; i < N_ENDS; i++)
    if (bs->ends[i] < 0 || bs->ends[i] != newest (db, ends_sql[i]))
      {
        beside_free (bs);
        return NULL;
      }
  return bs;
}

/* The next row read beside: BSN_ROW with *@row set, or how the rows
 * ended. */
static BsnStep
beside_next (Beside     *bs,
             const Row **row)
{
  for (;;)
    {
      RowBlock *b = bs->current;

      if (b != NULL && b->next < b->n)
        {
          *row = &b->rows[b->next++];
          return BSN_ROW;
        }
      if (b != NULL && b->last)
        return b->rc;
      if (b != NULL)
        g_async_queue_push (bs->empty, b);
      bs->current = g_async_queue_pop (bs->full);
    }
}

static void
step_rows (Cursor *cursor)
{
  if (cursor->beside != NULL)
    {
      cursor->rows_rc = beside_next (cursor->beside, &cursor->row);
      return;
    }
  cursor->rows_rc = bsn_stmt_step (cursor->rows);
  if (cursor->rows_rc == BSN_ROW)
    row_read (&cursor->own, cursor->rows, cursor->kind->rows_types);
  cursor->row = &cursor->own;
}

static void
step_subs (Cursor *cursor)
{
  if (cursor->subs_beside != NULL)
    {
      cursor->subs_rc = beside_next (cursor->subs_beside, &cursor->sub);
      return;
    }
  cursor->subs_rc = bsn_stmt_step (cursor->subs);
  if (cursor->subs_rc == BSN_ROW)
    row_read (&cursor->own_sub, cursor->subs, cursor->kind->subs_types);
  cursor->sub = &cursor->own_sub;
}

/* The current sub-row's owner. */
static gint64
sub_owner (Cursor *cursor)
{
  return cursor->sub->null[0] ? 0 : cursor->sub->i[0];
}

/* @beside, @subs_beside: the rows, the sub-rows read on another
 * connection (after 0), or NULL. */
static gboolean
cursor_open_beside (BsnDb           *db,
                    const ChainKind *kind,
                    gint64           after,
                    Beside          *beside,
                    Beside          *subs_beside,
                    Cursor          *cursor,
                    GError         **error)
{
  g_assert (strlen (kind->rows_types) <= MAX_COLUMNS
            && (kind->subs_types == NULL || strlen (kind->subs_types) <= MAX_COLUMNS));
  g_assert ((beside == NULL && subs_beside == NULL) || after == 0);
  g_assert (subs_beside == NULL || kind->subs_sql != NULL);
  memset (cursor, 0, sizeof *cursor);
  cursor->kind = kind;
  cursor->row = &cursor->own;
  cursor->sub = &cursor->own_sub;
  cursor->beside = beside;
  cursor->subs_beside = subs_beside;
  cursor->with_subs = kind->subs_sql != NULL;
  if (beside == NULL)
    {
      if ((cursor->rows = bsn_db_prepare_scan (db, kind->rows_sql, error)) == NULL)
        return FALSE;
      bsn_stmt_bind_int64 (cursor->rows, 1, after);
    }
  if (cursor->with_subs && subs_beside == NULL)
    {
      if ((cursor->subs = bsn_db_prepare_scan (db, kind->subs_sql, error)) == NULL)
        {
          if (cursor->rows != NULL)
            bsn_stmt_reset (cursor->rows);
          cursor->rows = NULL;
          return FALSE;
        }
      bsn_stmt_bind_int64 (cursor->subs, 1, after);
    }
  if (cursor->with_subs)
    step_subs (cursor);
  step_rows (cursor);
  return TRUE;
}

static gboolean
cursor_open (BsnDb           *db,
             const ChainKind *kind,
             gint64           after,
             Cursor          *cursor,
             GError         **error)
{
  return cursor_open_beside (db, kind, after, NULL, NULL, cursor, error);
}

static void
cursor_close (Cursor *cursor)
{
  if (cursor->rows != NULL)
    bsn_stmt_reset (cursor->rows);
  if (cursor->subs != NULL)
    bsn_stmt_reset (cursor->subs);
  cursor->rows = cursor->subs = NULL;
}

static gboolean
cursor_failed (Cursor *cursor)
{
  return cursor->rows_rc == BSN_STEP_FAILED || (cursor->with_subs && cursor->subs_rc == BSN_STEP_FAILED);
}

static gboolean
cursor_has_row (Cursor *cursor)
{
  return cursor->rows_rc == BSN_ROW;
}

static gint64
cursor_id (Cursor *cursor)
{
  return cursor->row->null[0] ? 0 : cursor->row->i[0];
}

/* Feeds the current row with its sub-rows into @sum; moves on. */
static void
cursor_take (Cursor *cursor,
             Hasher *sum)
{
  gint64 id = cursor_id (cursor);

  /* Legs of postings never taken (deleted, or skipped as unsealed) go
   * on before this posting. */
  while (cursor->with_subs && cursor->subs_rc == BSN_ROW && sub_owner (cursor) < id)
    {
      hand_on_sub (cursor);
      step_subs (cursor);
    }
  hand_on_row (cursor);
  feed_read_row (sum, cursor->row, 0, cursor->kind->rows_types);
  cursor->stated_rp = cursor->kind->kind == 'p' && !cursor->row->null[POSTING_AMOUNT]
                      ? cursor->row->i[POSTING_AMOUNT] : 0;
  cursor->legs_rp = 0;
  if (cursor->with_subs)
    {
      while (cursor->subs_rc == BSN_ROW && sub_owner (cursor) == id)
        {
          hand_on_sub (cursor);
          feed_read_row (sum, cursor->sub, 1, cursor->kind->subs_types);
          if (!cursor->sub->null[2] && cursor->sub->i[2] > 0)
            cursor->legs_rp += cursor->sub->i[2];
          step_subs (cursor);
        }
    }
  step_rows (cursor);
}

/* Moves past the current row (its sub-rows are skipped by the next take). */
static void
cursor_skip (Cursor *cursor)
{
  while (cursor->with_subs && cursor->subs_rc == BSN_ROW
         && sub_owner (cursor) < cursor_id (cursor))
    {
      hand_on_sub (cursor);
      step_subs (cursor);
    }
  hand_on_row (cursor);
  step_rows (cursor);
}

/* The sub-rows left after the last entry's rows (skip_unsealed () named
 * and handed on those), handed on. */
static void
cursor_drain (Cursor *cursor)
{
  while (cursor->with_subs && cursor->subs_rc == BSN_ROW)
    {
      hand_on_sub (cursor);
      step_subs (cursor);
    }
}

/* ---- Sealing ---- */

typedef struct
{
  BsnDb     *db;
  Hasher    *sum;
  gint64     seq;
  guint8     prev[HASH_LEN];
  /* to_stored, or to_hex for a book left below version 17 */
  void     (*write) (const guint8 raw[HASH_LEN], char *out);
} Sealer;

/* Appends the entry whose hash @s->sum holds (after link_start and the
 * content); @content is the user's content hash, NULL for other kinds. */
static gboolean
append_entry (Sealer       *s,
              char          kind,
              gint64        ref_id,
              const guint8 *content,
              GError      **error)
{
  BsnStmt *stmt = bsn_db_prepare (s->db,
                                  "INSERT INTO chain (seq, kind, ref_id, content_hash, hash) "
                                  "VALUES (?1, ?2, ?3, ?4, ?5)",
                                  error);
  char kind_text[2] = { kind, '\0' };
  char content_text[2 * HASH_LEN + 1], hash_text[2 * HASH_LEN + 1];
  guint8 hash[HASH_LEN];

  if (stmt == NULL)
    return FALSE;
  finish (s->sum, hash);
  content_text[0] = '\0';
  if (content != NULL)
    s->write (content, content_text);
  s->write (hash, hash_text);
  bsn_stmt_bind_int64 (stmt, 1, s->seq + 1);
  bsn_stmt_bind_text (stmt, 2, kind_text);
  bsn_stmt_bind_int64 (stmt, 3, ref_id);
  bsn_stmt_bind_text (stmt, 4, content_text);
  bsn_stmt_bind_text (stmt, 5, hash_text);
  if (!bsn_db_step_done (s->db, stmt, _("Menyegel buku"), error))
    return FALSE;
  s->seq++;
  memcpy (s->prev, hash, HASH_LEN);
  return TRUE;
}

static gint64
last_sealed (BsnDb   *db,
             char     kind,
             GError **error)
{
  /* A kind's entries are sealed in id order: its last entry holds its
   * largest id. Postings and receipts have no index by kind (version 17)
   * and are found walking back from the chain's end, past at most the
   * rest of one seal; the rare kinds through the index. (A book sealed
   * whole by the version 13 step has every receipt's entry after every
   * posting's: its seals walk back over them, a scan of the chain, until
   * its next posting is sealed.) */
  gboolean indexed = kind != 'p' && kind != 'r';
  BsnStmt *stmt = bsn_db_prepare (db,
                                  indexed ? "SELECT coalesce(max(ref_id), 0) FROM chain "
                                            "WHERE " BSN_CHAIN_INDEXED_KINDS " AND kind = ?1"
                                          : "SELECT ref_id FROM chain WHERE kind = ?1 ORDER BY seq DESC LIMIT 1",
                                  error);
  char kind_text[2] = { kind, '\0' };
  gint64 last = -1;
  BsnStep rc;

  if (stmt == NULL)
    return -1;
  bsn_stmt_bind_text (stmt, 1, kind_text);
  rc = bsn_stmt_step (stmt);
  if (rc == BSN_ROW)
    last = bsn_stmt_column_int64 (stmt, 0);
  else if (rc == BSN_DONE && !indexed)
    last = 0;
  else
    bsn_db_set_error (db, error, _("Menyegel buku"));
  bsn_stmt_reset (stmt);
  return last;
}

static gboolean
seal_kind (Sealer          *s,
           const ChainKind *kind,
           GError         **error)
{
  gint64 after = last_sealed (s->db, kind->kind, error);
  Cursor cursor;
  gboolean ok = TRUE;

  if (after < 0 || !cursor_open (s->db, kind, after, &cursor, error))
    return FALSE;
  while (ok && cursor_has_row (&cursor))
    {
      gint64 id = cursor_id (&cursor);

      if (kind->kind == 'u')
        {
          guint8 content[HASH_LEN];

          feed_row (s->sum, cursor.rows, 0, kind->rows_types);
          finish (s->sum, content);
          cursor_skip (&cursor);
          link_start (s->sum, s->prev, kind->kind, id);
          hash_bytes (s->sum, content, HASH_LEN);
          ok = append_entry (s, kind->kind, id, content, error);
          continue;
        }
      link_start (s->sum, s->prev, kind->kind, id);
      cursor_take (&cursor, s->sum);
      ok = append_entry (s, kind->kind, id, NULL, error);
    }
  if (ok && cursor_failed (&cursor))
    {
      bsn_db_set_error (s->db, error, _("Menyegel buku"));
      ok = FALSE;
    }
  cursor_close (&cursor);
  return ok;
}

/* The latest content hash sealed for user @id, or FALSE when none. */
static gboolean
latest_user_content (BsnDb  *db,
                     gint64  id,
                     guint8  out[HASH_LEN])
{
  BsnStmt *stmt = bsn_db_prepare (db,
                                  "SELECT content_hash FROM chain WHERE " BSN_CHAIN_INDEXED_KINDS " AND kind = 'u' "
                                  "AND ref_id = ?1 "
                                  "ORDER BY seq DESC LIMIT 1",
                                  NULL);
  gboolean found = FALSE;

  if (stmt == NULL)
    return FALSE;
  bsn_stmt_bind_int64 (stmt, 1, id);
  if (bsn_stmt_step (stmt) == BSN_ROW)
    found = from_stored (bsn_stmt_column_text (stmt, 0), out);
  bsn_stmt_reset (stmt);
  return found;
}

/* Users change in place (role, active, password): a change is sealed when
 * the same transaction audits it ("user.*" with the user as subject), so
 * an edit made outside the application is never sealed by the next
 * write, and verify names it. */
static gboolean
seal_user_changes (Sealer  *s,
                   gint64   audit_after,
                   GError **error)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  BsnStmt *stmt = bsn_db_prepare (s->db,
                                  "SELECT DISTINCT subject FROM audit WHERE id > ?1 AND action LIKE 'user.%'",
                                  error);

  if (stmt == NULL)
    return FALSE;
  bsn_stmt_bind_int64 (stmt, 1, audit_after);
  while (bsn_stmt_step (stmt) == BSN_ROW)
    g_ptr_array_add (names, g_strdup (bsn_stmt_column_text (stmt, 0)));
  bsn_stmt_reset (stmt);
  for (guint i = 0; i < names->len; i++)
    {
      guint8 content[HASH_LEN], sealed[HASH_LEN];
      gint64 id;

      stmt = bsn_db_prepare (s->db, "SELECT id, name, role, active, pw_hash FROM users WHERE name = ?1", error);
      if (stmt == NULL)
        return FALSE;
      bsn_stmt_bind_text (stmt, 1, g_ptr_array_index (names, i));
      if (bsn_stmt_step (stmt) != BSN_ROW)
        {
          bsn_stmt_reset (stmt);
          continue;
        }
      id = bsn_stmt_column_int64 (stmt, 0);
      feed_row (s->sum, stmt, 0, USER_TYPES);
      finish (s->sum, content);
      bsn_stmt_reset (stmt);
      if (latest_user_content (s->db, id, sealed) && memcmp (sealed, content, HASH_LEN) == 0)
        continue;
      link_start (s->sum, s->prev, 'u', id);
      hash_bytes (s->sum, content, HASH_LEN);
      if (!append_entry (s, 'u', id, content, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
bsn_db_chain_seal (BsnDb   *db,
                   GError **error)
{
  Sealer s = { db, NULL, 0, { 0 }, NULL };
  BsnStmt *stmt;
  BsnStep rc;
  gint64 audit_after;
  gboolean ok = TRUE;

  stmt = bsn_db_prepare (db, "SELECT seq, hash FROM chain ORDER BY seq DESC LIMIT 1", error);
  if (stmt == NULL)
    return FALSE;
  if ((rc = bsn_stmt_step (stmt)) == BSN_ROW)
    {
      s.seq = bsn_stmt_column_int64 (stmt, 0);
      if (!from_stored (bsn_stmt_column_text (stmt, 1), s.prev))
        memset (s.prev, 0, HASH_LEN);
    }
  /* A failed read is not an empty chain: the seal would start it again. */
  if (!bsn_db_scan_ended (db, stmt, rc, _("Menyegel buku"), error))
    return FALSE;
  if ((audit_after = last_sealed (db, 'a', error)) < 0)
    return FALSE;
  s.write = bsn_db_chain_stores_hex (db) ? write_hex : write_stored;
  s.sum = g_new (Hasher, 1);
  hasher_init (s.sum);
  for (guint i = 0; ok && i < G_N_ELEMENTS (kinds); i++)
    {
      if (kinds[i].kind == 'p')
        ok = seal_user_changes (&s, audit_after, error);
      ok = ok && seal_kind (&s, &kinds[i], error);
    }
  hasher_clear (s.sum);
  g_free (s.sum);
  return ok;
}

/* ---- Checking ---- */

void
bsn_chain_check_free (BsnChainCheck *check)
{
  if (check == NULL)
    return;
  g_free (check->head);
  g_free (check);
}

#define MAX_CHAIN_PROBLEMS 20

G_GNUC_PRINTF (2, 3)
static void
add_problem (GPtrArray  *problems,
             const char *format,
             ...)
{
  va_list args;

  if (problems->len >= MAX_CHAIN_PROBLEMS)
    return;
  va_start (args, format);
  g_ptr_array_add (problems, g_strdup_vprintf (format, args));
  va_end (args);
}

/* Whether @hex (full, or "abcd…xyz" / "abcd...xyz") names @head. */
static gboolean
witness_matches (const char *hex,
                 const char *head)
{
  const char *ellipsis = strstr (hex, "…");
  gsize skip = 3;
  g_autofree char *prefix = NULL;
  const char *suffix;

  if (ellipsis == NULL)
    {
      ellipsis = strstr (hex, "...");
      skip = 3;
    }
  if (ellipsis == NULL)
    return g_ascii_strcasecmp (hex, head) == 0;
  prefix = g_strndup (hex, ellipsis - hex);
  suffix = ellipsis + skip;
  return *prefix != '\0' && *suffix != '\0'
         && g_ascii_strncasecmp (head, prefix, strlen (prefix)) == 0
         && strlen (suffix) <= strlen (head)
         && g_ascii_strcasecmp (head + strlen (head) - strlen (suffix), suffix) == 0;
}

/* ---- The hashing thread ----
 *
 * The check reads on this thread and hashes on another: at 1M receipts
 * it reads two million entries with their rows, and their SHA-256 and
 * the stored hashes' spelling were a fifth of its time on the one core.
 * Each chain entry read becomes a job: the bytes its hash takes after the
 * previous hash (kind, id, content: what link_start and cursor_take feed
 * the sealer), its stored hash, and the problems found while reading it.
 * Jobs go to the hashing thread in blocks, in order, and come back in
 * order; the hashing thread keeps the previous hash as the walk always
 * did (the recomputed hash when it matches the stored one, else the
 * stored one decoded), so every digest is the one computed before and the
 * problems are named in the same order, with the same words. Without a
 * thread the blocks are hashed here, the same way. */

#define BLOCK_JOBS       2048
#define BLOCKS_IN_FLIGHT 4

typedef struct
{
  gint64   seq;
  gint64   ordinal;             /* its place in the chain, from 1 */
  gint64   ref_id;
  guint    off;                 /* its bytes in the block's */
  guint    len;
  guint    k;                   /* kinds[k] */
  gboolean hashed;              /* FALSE when found bad while reading */
  gint64   bad_at;              /* then mark_bad()'s argument */
  gboolean stored_ok;           /* the stored hash is in @stored (NULL or longer fits nothing) */
  char     stored[2 * HASH_LEN + 1];
  /* set by the hashing */
  gboolean match;
  gboolean undecodable;         /* the stored hash reads as no hash */
  guint8   after[HASH_LEN];     /* the previous hash for the next entry */
} Job;

typedef struct
{
  guint       n;
  GByteArray *bytes;
  GArray     *note_jobs;        /* guint: the job each note goes before */
  GPtrArray  *notes;
  Job         jobs[BLOCK_JOBS];
} Block;

typedef struct
{
  GAsyncQueue *todo;
  GAsyncQueue *done;
  GThread     *thread;
  Hasher       sum;
  guint8       prev[HASH_LEN];
} Hashing;

static Block *
block_new (void)
{
  Block *b = g_new (Block, 1);

  b->n = 0;
  b->bytes = g_byte_array_sized_new (BLOCK_JOBS * 256);
  b->note_jobs = g_array_new (FALSE, FALSE, sizeof (guint));
  b->notes = g_ptr_array_new_with_free_func (g_free);
  return b;
}

static void
block_free (gpointer data)
{
  Block *b = data;

  g_byte_array_unref (b->bytes);
  g_array_unref (b->note_jobs);
  g_ptr_array_unref (b->notes);
  g_free (b);
}

static void
hash_block (Hashing *hs,
            Block   *b)
{
  for (guint i = 0; i < b->n; i++)
    {
      Job *job = &b->jobs[i];
      const char *stored = job->stored_ok ? job->stored : NULL;
      guint8 actual[HASH_LEN];

      job->match = FALSE;
      job->undecodable = FALSE;
      if (job->hashed)
        {
          hash_bytes (&hs->sum, hs->prev, HASH_LEN);
          hash_bytes (&hs->sum, b->bytes->data + job->off, job->len);
          finish (&hs->sum, actual);
          job->match = stored_equals (stored, actual);
        }
      /* The stored hash is the one recomputed: no decoding. */
      if (job->match)
        memcpy (hs->prev, actual, HASH_LEN);
      else if (!from_stored (stored, hs->prev))
        {
          job->undecodable = TRUE;
          memset (hs->prev, 0, HASH_LEN);
        }
      memcpy (job->after, hs->prev, HASH_LEN);
    }
}

static gpointer
hashing_thread (gpointer data)
{
  Hashing *hs = data;
  gpointer b;

  /* The Hashing itself is the end. */
  while ((b = g_async_queue_pop (hs->todo)) != hs)
    {
      hash_block (hs, b);
      g_async_queue_push (hs->done, b);
    }
  return NULL;
}

typedef struct
{
  Hasher     *sum;
  Cursor      cursors[G_N_ELEMENTS (kinds)];
  GHashTable *users;       /* user id → latest sealed content hash (32 bytes) */
  GPtrArray  *problems;
  gint64      first_bad;   /* seq of the first bad entry, 0 when none */
  /* the hashing */
  Hashing     hashing;
  Block      *block;       /* being filled */
  GPtrArray  *spare;       /* blocks hashed and named, to fill again */
  GPtrArray  *blocks;      /* all of them */
  guint       in_flight;
  guint       pending_notes;
  const char *witness_hex;
  guint64     witness_entries;
  char       *witness_at;
  guint8      head[HASH_LEN];
} Checker;

static void
mark_bad (Checker *c,
          gint64   seq)
{
  if (c->first_bad == 0)
    c->first_bad = seq;
}

/* A problem found while reading: named with its entry's, in the chain's
 * order, once the entry is hashed; at once outside the walk. */
G_GNUC_PRINTF (2, 3)
static void
note (Checker    *c,
      const char *format,
      ...)
{
  va_list args;
  guint job;

  /* Its place is after every problem named or waiting: past the limit,
   * it would be dropped. */
  if (c->problems->len + c->pending_notes >= MAX_CHAIN_PROBLEMS)
    return;
  va_start (args, format);
  if (c->block == NULL)
    g_ptr_array_add (c->problems, g_strdup_vprintf (format, args));
  else
    {
      job = c->block->n - 1;
      g_ptr_array_add (c->block->notes, g_strdup_vprintf (format, args));
      g_array_append_val (c->block->note_jobs, job);
      c->pending_notes++;
    }
  va_end (args);
}

/* Names a hashed block's problems, in order, and keeps its hashes. */
static void
retire_block (Checker *c,
              Block   *b)
{
  guint next_note = 0;

  for (guint i = 0; i < b->n; i++)
    {
      Job *job = &b->jobs[i];

      for (; next_note < b->notes->len && g_array_index (b->note_jobs, guint, next_note) == i; next_note++)
        {
          add_problem (c->problems, "%s", (const char *) g_ptr_array_index (b->notes, next_note));
          c->pending_notes--;
        }
      if (job->hashed && !job->match)
        {
          /* Translated only for a problem: gettext takes a lock. */
          if (kinds[job->k].kind == 'u')
            add_problem (c->problems, _("Rantai putus di entri %" G_GINT64_FORMAT " (%s #%" G_GINT64_FORMAT ")"),
                         job->seq, _(kinds[job->k].label), job->ref_id);
          else
            add_problem (c->problems,
                         _("Entri rantai %" G_GINT64_FORMAT ": %s #%" G_GINT64_FORMAT " diubah setelah dicatat"),
                         job->seq, _(kinds[job->k].label), job->ref_id);
          mark_bad (c, job->seq);
        }
      else if (!job->hashed)
        mark_bad (c, job->bad_at);
      if (!job->match && job->undecodable)
        {
          add_problem (c->problems, _("Entri rantai %" G_GINT64_FORMAT " rusak atau tidak berurutan"), job->seq);
          mark_bad (c, job->ordinal);
        }
      if (c->witness_hex != NULL && (guint64) job->ordinal == c->witness_entries)
        {
          char hex[2 * HASH_LEN + 1];

          to_hex (job->after, hex);
          g_free (c->witness_at);
          c->witness_at = g_strdup (hex);
        }
      memcpy (c->head, job->after, HASH_LEN);
    }
  b->n = 0;
  g_byte_array_set_size (b->bytes, 0);
  g_array_set_size (b->note_jobs, 0);
  g_ptr_array_set_size (b->notes, 0);
  g_ptr_array_add (c->spare, b);
}

static void
retire_done (Checker *c,
             gboolean wait)
{
  Block *b;

  while (c->in_flight > 0
         && (b = wait ? g_async_queue_pop (c->hashing.done) : g_async_queue_try_pop (c->hashing.done)) != NULL)
    {
      c->in_flight--;
      retire_block (c, b);
      wait = FALSE;
    }
}

/* Hands the block being filled to the hashing. */
static void
submit_block (Checker *c)
{
  Block *b = c->block;

  c->block = NULL;
  c->sum->collect = NULL;
  if (b == NULL)
    return;
  if (c->hashing.thread == NULL)
    {
      hash_block (&c->hashing, b);
      retire_block (c, b);
      return;
    }
  g_async_queue_push (c->hashing.todo, b);
  c->in_flight++;
  retire_done (c, FALSE);
}

/* A new entry, read from the chain row whose stored hash is @stored. */
static Job *
job_begin (Checker    *c,
           gint64      seq,
           gint64      ordinal,
           gint64      ref_id,
           guint       k,
           const char *stored)
{
  gsize len = stored != NULL ? strlen (stored) : 0;
  Job *job;

  if (c->block != NULL && c->block->n == BLOCK_JOBS)
    submit_block (c);
  if (c->block == NULL)
    {
      if (c->spare->len == 0 && c->blocks->len >= BLOCKS_IN_FLIGHT)
        retire_done (c, TRUE);
      if (c->spare->len > 0)
        c->block = g_ptr_array_steal_index_fast (c->spare, c->spare->len - 1);
      else
        {
          c->block = block_new ();
          g_ptr_array_add (c->blocks, c->block);
        }
      c->sum->collect = c->block->bytes;
    }
  job = &c->block->jobs[c->block->n++];
  job->seq = seq;
  job->ordinal = ordinal;
  job->ref_id = ref_id;
  job->k = k;
  job->off = c->block->bytes->len;
  job->len = 0;
  job->hashed = FALSE;
  job->bad_at = 0;
  job->stored_ok = stored != NULL && len <= 2 * HASH_LEN;
  if (job->stored_ok)
    memcpy (job->stored, stored, len + 1);
  return job;
}

/* The entry's bytes are all read: it is to be hashed. */
static void
job_end (Checker *c,
         Job     *job)
{
  hasher_flush (c->sum);
  job->len = c->block->bytes->len - job->off;
  job->hashed = TRUE;
}

static void
hashing_start (Checker *c)
{
  hasher_init (&c->hashing.sum);
  c->spare = g_ptr_array_new ();
  c->blocks = g_ptr_array_new_with_free_func (block_free);
  c->hashing.todo = g_async_queue_new ();
  c->hashing.done = g_async_queue_new ();
  c->hashing.thread = g_thread_try_new ("bsn-chain-hash", hashing_thread, &c->hashing, NULL);
}

/* Every block hashed and named. */
static void
hashing_drain (Checker *c)
{
  submit_block (c);
  while (c->in_flight > 0)
    retire_done (c, TRUE);
}

static void
hashing_stop (Checker *c)
{
  hashing_drain (c);
  if (c->hashing.thread != NULL)
    {
      g_async_queue_push (c->hashing.todo, &c->hashing);
      g_thread_join (c->hashing.thread);
      c->hashing.thread = NULL;
    }
  g_async_queue_unref (c->hashing.todo);
  g_async_queue_unref (c->hashing.done);
  hasher_clear (&c->hashing.sum);
  g_ptr_array_unref (c->spare);
  g_ptr_array_unref (c->blocks);
  g_free (c->witness_at);
}

/* Rows of @k's table before @ref_id, or every row left after the last
 * entry (@to_end: whatever its id, the largest there is too), were never
 * sealed: inserted outside the application. */
static void
skip_unsealed (Checker *c,
               guint    k,
               gint64   ref_id,
               gboolean to_end)
{
  Cursor *cursor = &c->cursors[k];

  while (cursor_has_row (cursor) && (to_end || cursor_id (cursor) < ref_id))
    {
      note (c, _("%s #%" G_GINT64_FORMAT " tidak tercatat di rantai (ditambahkan di luar aplikasi)"),
            _(kinds[k].label), cursor_id (cursor));
      cursor_skip (cursor);
    }
}

/* Entry @seq of kind @k at @ref_id: the row as it is now read into @job,
 * to be hashed after the stored previous hash and compared with the
 * stored hash. */
static void
read_entry (Checker    *c,
            Job        *job,
            guint       k,
            gint64      seq,
            gint64      ref_id,
            const char *content_stored)
{
  Cursor *cursor = &c->cursors[k];
  /* Translated only for a problem: gettext takes a lock, and this runs
   * for each of two million entries. */
  const char *label = kinds[k].label;

  if (kinds[k].kind == 'u')
    {
      guint8 content[HASH_LEN];

      if (!from_stored (content_stored, content))
        {
          note (c, _("Entri rantai %" G_GINT64_FORMAT " rusak atau tidak berurutan"), seq);
          job->bad_at = seq;
          return;
        }
      link_rest (c->sum, kinds[k].kind, ref_id);
      hash_bytes (c->sum, content, HASH_LEN);
      g_hash_table_replace (c->users, g_memdup2 (&ref_id, sizeof ref_id), g_memdup2 (content, HASH_LEN));
      job_end (c, job);
      return;
    }
  skip_unsealed (c, k, ref_id, FALSE);
  if (!cursor_has_row (cursor) || cursor_id (cursor) > ref_id)
    {
      note (c, _("Entri rantai %" G_GINT64_FORMAT ": %s #%" G_GINT64_FORMAT " sudah dihapus"),
            seq, _(label), ref_id);
      job->bad_at = seq;
      return;
    }
  link_rest (c->sum, kinds[k].kind, ref_id);
  cursor_take (cursor, c->sum);
  /* A posting states the amount its legs move: the sum of its positive
   * legs (a reversal states its original's amount). */
  if (kinds[k].kind == 'p' && ABS (cursor->stated_rp) != cursor->legs_rp)
    note (c, _("Posting #%" G_GINT64_FORMAT " menyatakan %" G_GINT64_FORMAT
               " tetapi kakinya memindahkan %" G_GINT64_FORMAT),
          ref_id, cursor->stated_rp, cursor->legs_rp);
  job_end (c, job);
}

/* Every user as it is now against its latest sealed form. */
static void
check_users (BsnDb   *db,
             Checker *c)
{
  Cursor cursor;

  if (!cursor_open (db, &kinds[USER_KIND], 0, &cursor, NULL))
    return;
  while (cursor_has_row (&cursor))
    {
      gint64 id = cursor_id (&cursor);
      g_autofree char *name = g_strdup (bsn_stmt_column_text (cursor.rows, 1));
      const guint8 *sealed = g_hash_table_lookup (c->users, &id);
      guint8 actual[HASH_LEN];

      cursor_take (&cursor, c->sum);
      finish (c->sum, actual);
      if (sealed == NULL)
        add_problem (c->problems, _("Pengguna “%s” tidak tercatat di rantai (ditambahkan di luar aplikasi)"), name);
      else if (memcmp (sealed, actual, HASH_LEN) != 0)
        add_problem (c->problems, _("Pengguna “%s” diubah di luar aplikasi (peran, status atau kata sandi)"), name);
      g_hash_table_remove (c->users, &id);
    }
  cursor_close (&cursor);
  if (g_hash_table_size (c->users) > 0)
    add_problem (c->problems, _("%u pengguna tercatat di rantai sudah dihapus"), g_hash_table_size (c->users));
}

/* Each entry's hash is recomputed from the stored hash before it: every
 * link that holds, from the first, is the chain recomputed from the
 * start; a link that fails names its entry, and the walk goes on from the
 * stored hash so the next entries are checked on their own. */
static gboolean
walk_chain (BsnDb         *db,
            Checker       *c,
            BsnChainCheck *check,
            GError       **error)
{
  BsnStmt *stmt = bsn_db_prepare_scan (db, "SELECT seq, kind, ref_id, content_hash, hash FROM chain ORDER BY seq",
                                       error);
  char hex[2 * HASH_LEN + 1];
  BsnStep rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = bsn_stmt_step (stmt)) == BSN_ROW)
    {
      gint64 seq = bsn_stmt_column_int64 (stmt, 0);
      const char *kind_text = bsn_stmt_column_text (stmt, 1);
      gint64 ref_id = bsn_stmt_column_int64 (stmt, 2);
      const ChainKind *kind = kind_for (kind_text ? kind_text[0] : 0);
      Job *job;

      check->entries++;
      job = job_begin (c, seq, (gint64) check->entries, ref_id, kind != NULL ? (guint) (kind - kinds) : 0,
                       bsn_stmt_column_text (stmt, 4));
      if (kind == NULL || seq != (gint64) check->entries)
        {
          note (c, _("Entri rantai %" G_GINT64_FORMAT " rusak atau tidak berurutan"), seq);
          job->bad_at = (gint64) check->entries;
        }
      else
        read_entry (c, job, (guint) (kind - kinds), seq, ref_id, bsn_stmt_column_text (stmt, 3));
    }
  bsn_stmt_reset (stmt);
  hashing_drain (c);
  if (rc != BSN_DONE)
    {
      bsn_db_set_error (db, error, _("Memeriksa rantai buku"));
      return FALSE;
    }
  to_hex (c->head, hex);
  check->head = g_strdup (hex);
  if (c->witness_hex != NULL && c->witness_entries == 0)
    {
      g_free (c->witness_at);
      c->witness_at = g_strnfill (2 * HASH_LEN, '0');
    }
  /* A witness holds when the first N entries still hash to it: every one
   * of them checked, and the hash at N the one witnessed. */
  check->witness_ok = c->witness_at != NULL && witness_matches (c->witness_hex, c->witness_at)
                      && (c->first_bad == 0 || (guint64) c->first_bad > c->witness_entries);
  return TRUE;
}

BsnChainCheck *
bsn_db_chain_check (BsnDb      *db,
                    const char *witness_hex,
                    guint64     witness_entries,
                    GPtrArray  *problems,
                    GError    **error)
{
  return bsn_db_chain_check_rows (db, witness_hex, witness_entries, problems, NULL, error);
}

BsnChainCheck *
bsn_db_chain_check_rows (BsnDb              *db,
                         const char         *witness_hex,
                         guint64             witness_entries,
                         GPtrArray          *problems,
                         const BsnChainRows *rows,
                         GError            **error)
{
  g_autoptr(BsnChainCheck) check = g_new0 (BsnChainCheck, 1);
  Checker c = { 0 };
  gboolean ok = TRUE;
  guint opened = 0;
  Beside *receipts = NULL, *postings = NULL, *legs = NULL;

  c.sum = g_new (Hasher, 1);
  hasher_init (c.sum);
  c.users = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  c.problems = problems;
  c.witness_hex = witness_hex;
  c.witness_entries = witness_entries;
  hashing_start (&c);
  /* verify's own read transaction: the three large tables may be read
   * beside it, each on a connection and thread of its own (at 1M
   * receipts, the reading was most of this thread's time). */
  if (rows != NULL && rows->read_beside)
    {
      const ChainKind *p = &kinds[POSTING_KIND], *r = &kinds[RECEIPT_KIND];

      g_assert (p->kind == 'p' && r->kind == 'r');

      receipts = beside_start (db, r->rows_sql, r->rows_types);
      postings = beside_start (db, p->rows_sql, p->rows_types);
      legs = beside_start (db, p->subs_sql, p->subs_types);
    }
  for (; ok && opened < G_N_ELEMENTS (kinds); opened++)
    {
      char k = kinds[opened].kind;

      ok = cursor_open_beside (db, &kinds[opened], 0, k == 'r' ? receipts : k == 'p' ? postings : NULL,
                               k == 'p' ? legs : NULL, &c.cursors[opened], error);
      c.cursors[opened].rows_to = rows;
    }
  if (ok)
    ok = walk_chain (db, &c, check, error);
  hashing_stop (&c);
  for (guint k = 0; ok && k < G_N_ELEMENTS (kinds); k++)
    {
      if (kinds[k].kind != 'u')
        {
          skip_unsealed (&c, k, 0, TRUE);
          cursor_drain (&c.cursors[k]);
        }
      if (cursor_failed (&c.cursors[k]))
        {
          bsn_db_set_error (db, error, _("Memeriksa rantai buku"));
          ok = FALSE;
        }
    }
  for (guint k = 0; k < opened; k++)
    cursor_close (&c.cursors[k]);
  beside_free (receipts);
  beside_free (postings);
  beside_free (legs);
  if (ok)
    check_users (db, &c);
  g_hash_table_unref (c.users);
  hasher_clear (c.sum);
  g_free (c.sum);
  if (!ok)
    return NULL;
  return g_steal_pointer (&check);
}

gboolean
bsn_db_chain_head (BsnDb    *db,
                   char    **out_head,
                   guint64  *out_entries,
                   GError  **error)
{
  BsnStmt *stmt = bsn_db_prepare (db, "SELECT seq, hash FROM chain ORDER BY seq DESC LIMIT 1", error);
  BsnStep rc;

  if (stmt == NULL)
    return FALSE;
  *out_head = NULL;
  *out_entries = 0;
  rc = bsn_stmt_step (stmt);
  if (rc == BSN_ROW)
    {
      guint8 raw[HASH_LEN];
      char hex[2 * HASH_LEN + 1];

      *out_entries = (guint64) bsn_stmt_column_int64 (stmt, 0);
      /* The fingerprint is hex whatever the stored form; a stored hash
       * that reads as neither is shown as it is (verify names it). */
      if (from_stored (bsn_stmt_column_text (stmt, 1), raw))
        {
          to_hex (raw, hex);
          *out_head = g_strdup (hex);
        }
      else
        *out_head = g_strdup (bsn_stmt_column_text (stmt, 1));
    }
  bsn_stmt_reset (stmt);
  if (rc == BSN_STEP_FAILED)
    {
      bsn_db_set_error (db, error, _("Membaca sidik buku"));
      return FALSE;
    }
  if (*out_head == NULL)
    *out_head = g_strnfill (2 * HASH_LEN, '0');
  return TRUE;
}

char *
bsn_chain_fingerprint (const char *head,
                       guint64     entries)
{
  g_autofree char *digits = g_strdup_printf ("%" G_GUINT64_FORMAT, entries);
  GString *grouped = g_string_new (NULL);
  gsize len = strlen (digits);
  g_autofree char *count = NULL;

  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append_c (grouped, '.');
      g_string_append_c (grouped, digits[i]);
    }
  count = g_string_free (grouped, FALSE);
  /* TRANSLATORS: the book's fingerprint: the start and end of the chain's
   * head hash, then the number of entries. */
  return g_strdup_printf (_("Sidik buku: %.4s…%s @ %s"), head, strlen (head) > 3 ? head + strlen (head) - 3 : head,
                          count);
}

gboolean
bsn_chain_parse_witness (const char *text,
                         char      **out_hex,
                         guint64    *out_entries,
                         GError    **error)
{
  const char *at = text ? strrchr (text, '@') : NULL;
  g_autofree char *hex = NULL;
  GString *digits = g_string_new (NULL);
  g_autofree char *number = NULL;
  gboolean ok;

  for (const char *p = at ? at + 1 : ""; *p; p++)
    {
      if (g_ascii_isdigit (*p))
        g_string_append_c (digits, *p);
      else if (*p != '.' && *p != ' ' && *p != ',')
        {
          g_string_truncate (digits, 0);
          break;
        }
    }
  number = g_string_free (digits, FALSE);
  if (at != NULL)
    hex = g_strstrip (g_strndup (text, at - text));
  if (hex != NULL && g_str_has_prefix (hex, _("Sidik buku:")))
    {
      char *rest = g_strdup (g_strstrip (hex + strlen (_("Sidik buku:"))));
      g_free (hex);
      hex = rest;
    }
  ok = at != NULL && *number != '\0' && hex != NULL && *hex != '\0' && strlen (number) <= 18;
  for (const char *p = hex; ok && *p; p++)
    if (!g_ascii_isxdigit (*p) && *p != '.' && !g_str_has_prefix (p, "…") && (guchar) *p < 0x80)
      ok = FALSE;
  if (!ok)
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID,
                   _("Saksi “%s” tidak sah: tulis HEX@JUMLAH, misalnya 3f2a…c91@48211"), text ? text : "");
      return FALSE;
    }
  *out_hex = g_steal_pointer (&hex);
  *out_entries = g_ascii_strtoull (number, NULL, 10);
  return TRUE;
}
