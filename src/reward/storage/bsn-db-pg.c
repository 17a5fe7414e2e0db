/* bsn-db-pg.c — the PostgreSQL engine (see bsn-db-pg.h). */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <errno.h>
#include <libpq-fe.h>
#include <poll.h>
#include <string.h>

#include "bsn-db-pg.h"
#include "bsn-error.h"

/* Type oids of the values the library binds. */
#define OID_BOOL    16
#define OID_NAME    19
#define OID_INT8    20
#define OID_INT2    21
#define OID_INT4    23
#define OID_TEXT    25
#define OID_VARCHAR 1043

/* Every writer takes this transaction-scoped advisory lock ('BSNL' and the
 * schema: networks in other schemas of one server do not wait for it). */
#define WRITER_LOCK_KEY 0x42534E4C

struct _BsnPg
{
  PGconn     *conn;
  guint       next_name;       /* server-side statement names s1, s2 … */
  gint64      last_insert_id;
  gint64      changes;
  gint64      total_changes;
  char       *error_state;     /* SQLSTATE of the last failure */
  char       *error_message;
  GHashTable *identity_tables; /* tables with an identity id, or NULL */
  /* Pipeline mode (batches only, bsn_pg_stmt_send): statements sent and
   * not yet answered, read back at the next sync. */
  gboolean    in_pipeline;
  GArray     *pending;         /* Pending */
  gboolean    pipeline_failed; /* a sent statement failed: the batch is lost */
  gboolean    insert_id_known; /* last_insert_id is that of the last INSERT */
  guint64     seq;             /* statements run or sent so far */
  guint64     last_changed_seq;/* the seq of the last one that changed rows */
  GHashTable *trips;           /* BSN_PG_TRIPS=1: what → round trips */
  GHashTable *id_blocks;       /* table → IdBlock: ids reserved from its sequence */
  /* A batch's writes held back (bsn_pg_stmt_send), sent at the next sync
   * or read: the rows of one INSERT as one statement. */
  GPtrArray  *held;            /* Held* in the order they are to run */
  guint       n_held;          /* rows held */
  GHashTable *refs;            /* "table\treferenced" of every foreign key, or NULL */
  guint64     txn;             /* transactions begun on this connection */
  guint64     read_txn;        /* the one begun as a read (bsn_pg_note_read), else 0 */
  BsnPgStmt  *inflight;        /* a scan whose next chunk was asked for, not yet read */
};

/* Ids drawn from a table's identity sequence, a block at a time. */
typedef struct
{
  GArray *ids;                 /* gint64, reserved and unused */
  guint   next;
  guint   size;                /* the next block's size */
} IdBlock;

#define ID_BLOCK_FIRST 16
#define ID_BLOCK_MAX   1000

static void
id_block_free (gpointer data)
{
  IdBlock *b = data;

  g_array_unref (b->ids);
  g_free (b);
}

/* BSN_PG_TRIPS=1: counts the round trips by what caused them, printed to
 * stderr when the connection closes (a developer's tool, as
 * BSN_SQL_PROFILE is for SQLite). */
static void
count_trip (BsnPg      *pg,
            const char *what)
{
  if (pg->trips != NULL)
    g_hash_table_insert (pg->trips, g_strdup (what),
                         GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (pg->trips, what)) + 1));
}

/* Counts (BSN_PG_TRIPS) what made the rows held back go out: "FLUSH BY "
 * @why @sql. Nothing when none is held. */
static void
count_flush (BsnPg      *pg,
             const char *why,
             const char *sql)
{
  g_autofree char *what = NULL;

  if (pg->trips == NULL || pg->held->len == 0)
    return;
  what = g_strconcat ("FLUSH BY ", why, sql, NULL);
  count_trip (pg, what);
}

/* A statement sent in the pipeline, its answer not yet read. */
typedef struct
{
  BsnPgStmt *keep;             /* a read: its result goes to this statement */
  gboolean   returns_id;       /* an INSERT … RETURNING id whose id is wanted */
  guint64    seq;
} Pending;

/* Statements sent before the answers are read in any case. */
#define MAX_PENDING 2000
/* Rows held back before they are sent in any case. */
#define MAX_HELD 8000

/* One server-side statement per set of parameter types. */
typedef struct
{
  char *types;                 /* 'i' int8, 't' text, 'n' null, per param */
  char *name;
  /* A read whose every column is an integer, a boolean or text: its rows
   * come in binary (no number written out by the server and parsed back
   * here; a large scan such as verify's sends hundreds of thousands). */
  gboolean binary;
} Prepared;

struct _BsnPgStmt
{
  BsnPg     *pg;
  char      *sql;              /* translated */
  char      *insert_table;     /* an INSERT's table, or NULL */
  gboolean   returns_id;       /* RETURNING id added to an INSERT */
  gboolean   is_write;         /* an INSERT, UPDATE or DELETE: may be sent ahead */
  char      *id_sql;           /* the INSERT with its id as parameter n_params + 1 */
  GPtrArray *id_prepared;      /* Prepared* of id_sql */
  int        n_params;
  char     **values;           /* owned text of each value, NULL = SQL NULL */
  char      *types;            /* as in Prepared, n_params long */
  char      *used;             /* 1 for each parameter the SQL refers to */
  GPtrArray *prepared;         /* Prepared* */
  PGresult  *result;
  int        row;              /* the current row, -1 before the first */
  char     **scratch;          /* binary rows: the current row's numbers as text, per column */
  int        n_scratch;
  /* How a batch's write of this statement may be held back:
   * 'I' an INSERT … VALUES whose rows are written together,
   * 'U' an UPDATE sent later, one by one, 0 sent at once. */
  char       hold;
  char      *table;            /* the table written ('I', 'U') */
  char      *multi_head;       /* 'I': "INSERT INTO t (id, a, b)" */
  char      *multi_values;     /* 'I': the VALUES list, "$3, $1, $2" */
  /* A scan (bsn_pg_stmt_set_scan): in a read transaction its rows come
   * from a cursor, SCAN_CHUNK at a time, instead of all at once. */
  gboolean   scan;
  char      *cursor;           /* the open cursor, or NULL */
  guint64    cursor_txn;       /* the transaction it belongs to */
  gboolean   cursor_more;      /* the chunk read was full: there may be more */
  int        cursor_format;    /* the result format its chunks are asked in */
  PGresult  *next_chunk;       /* the next chunk, read ahead, or NULL */
  /* What the result holds, read once per result (a scan reads each
   * column of hundreds of thousands of rows): */
  int        n_rows;
  int        n_fields;
  char      *kinds;            /* per column: BINARY_* or 0 (text) */
  int        n_kinds;
};

/* How a binary column is read (the columns asked in text are 0). */
enum
{
  BINARY_OTHER = 1,            /* text, varchar, name: as they are */
  BINARY_BOOL,
  BINARY_INT2,
  BINARY_INT4,
  BINARY_INT8,
};

/* Rows fetched at a time from a scan's cursor: memory stays bounded
 * (a million legs would otherwise be one result of hundreds of MiB) and
 * the chunk being read stays in the processor's cache. */
#define SCAN_CHUNK 8192

/* The rows of one statement held back, in the order they were sent. */
typedef struct
{
  BsnPgStmt *stmt;
  GPtrArray *rows;             /* HeldRow* */
  char      *types;            /* 'I': each parameter's type over the rows */
} Held;

typedef struct
{
  char   **values;             /* n values, NULL = SQL NULL: into text */
  char    *text;               /* the values, one allocation for the row */
  int      n;
  char    *types;
  const char *name;            /* 'U': the prepared statement */
  guint64  seq;
} HeldRow;

static void
held_row_free (gpointer data)
{
  HeldRow *row = data;

  g_free (row->values);
  g_free (row->text);
  g_free (row->types);
  g_free (row);
}

static void
held_free (gpointer data)
{
  Held *held = data;

  g_ptr_array_unref (held->rows);
  g_free (held->types);
  g_free (held);
}

/* ---- Errors ---- */

static void
remember_error (BsnPg          *pg,
                const PGresult *result)
{
  const char *state = result != NULL ? PQresultErrorField (result, PG_DIAG_SQLSTATE) : NULL;
  const char *message = result != NULL ? PQresultErrorField (result, PG_DIAG_MESSAGE_PRIMARY) : NULL;

  /* In a transaction that already failed, every later statement fails
   * with 25P02; the first failure is the one worth reporting. */
  if (g_strcmp0 (state, "25P02") == 0 && pg->error_state != NULL)
    return;
  g_free (pg->error_state);
  g_free (pg->error_message);
  pg->error_state = g_strdup (state != NULL ? state : "08000");
  pg->error_message = g_strdup (message != NULL ? message : PQerrorMessage (pg->conn));
  g_strchomp (pg->error_message);
}

void
bsn_pg_set_error (BsnPg      *pg,
                  GError    **error,
                  const char *what)
{
  const char *state = pg->error_state != NULL ? pg->error_state : "";
  const char *message = pg->error_message != NULL ? pg->error_message : "";

  if (pg->pipeline_failed && !g_str_has_prefix (state, "40") && !g_str_equal (state, "55P03"))
    /* A statement sent ahead failed: not the fault of the row being
     * worked on now, and the whole batch is lost. */
    g_set_error (error, BSN_ERROR, BSN_ERROR_IO,
                 _("%s: perintah sebelumnya ditolak basis data; seluruh kelompok dibatalkan (%s)"), what, message);
  else if (g_str_equal (state, "23505"))
    g_set_error (error, BSN_ERROR, BSN_ERROR_EXISTS, _("%s: data yang sama sudah ada (%s)"), what, message);
  else if (g_str_equal (state, "40001") || g_str_equal (state, "40P01") || g_str_equal (state, "55P03"))
    g_set_error (error, BSN_ERROR, BSN_ERROR_BUSY,
                 _("%s: basis data sedang dipakai proses lain, coba lagi (%s)"), what, message);
  else if (g_str_has_prefix (state, "08") || g_str_has_prefix (state, "57P")
           || PQstatus (pg->conn) != CONNECTION_OK)
    g_set_error (error, BSN_ERROR, BSN_ERROR_OFFLINE,
                 _("%s: sambungan ke server terputus; periksa jaringan lalu coba lagi (%s)"), what, message);
  else if (g_str_equal (state, "42501"))
    g_set_error (error, BSN_ERROR, BSN_ERROR_REFUSED,
                 _("%s: pengguna ini tidak berhak melakukan tindakan ini di server (%s)"), what, message);
  else
    g_set_error (error, BSN_ERROR, BSN_ERROR_IO, _("%s: kesalahan basis data (%s)"), what, message);
}

/* ---- Connection ---- */

/* How long a connection may take before the server counts as unreachable
 * (a host that is off answers nothing: TCP alone would wait minutes). */
#define CONNECT_TIMEOUT_US (15 * G_USEC_PER_SEC)

/* Connects without blocking past the deadline. Verbose errors put the
 * server's SQLSTATE in the message ("FATAL:  28P01: …"): libpq has no
 * other way to tell it for a refused connection. (transfer full); NULL
 * only when out of memory. *@out_timed_out says the deadline passed. */
static PGconn *
connect_with_deadline (const char *const *keywords,
                       const char *const *values,
                       gboolean          *out_timed_out)
{
  PGconn *conn = PQconnectStartParams (keywords, values, 1);
  PostgresPollingStatusType status = PGRES_POLLING_WRITING;
  gint64 deadline = g_get_monotonic_time () + CONNECT_TIMEOUT_US;

  *out_timed_out = FALSE;
  if (conn == NULL || PQstatus (conn) == CONNECTION_BAD)
    return conn;
  PQsetErrorVerbosity (conn, PQERRORS_VERBOSE);
  while (status != PGRES_POLLING_OK && status != PGRES_POLLING_FAILED)
    {
      struct pollfd fd = { PQsocket (conn), status == PGRES_POLLING_READING ? POLLIN : POLLOUT, 0 };
      gint64 left_ms = (deadline - g_get_monotonic_time ()) / 1000;
      int ready;

      if (left_ms <= 0)
        {
          *out_timed_out = TRUE;
          break;
        }
      ready = poll (&fd, 1, (int) MIN (left_ms, G_MAXINT));
      if (ready < 0 && errno == EINTR)
        continue;
      if (ready == 0)
        {
          *out_timed_out = TRUE;
          break;
        }
      status = PQconnectPoll (conn);
    }
  PQsetErrorVerbosity (conn, PQERRORS_DEFAULT);
  return conn;
}

/* The SQLSTATE a verbose connection error names ("FATAL:  28P01: …"), or "". */
static const char *
connect_error_state (const char *message)
{
  static const char *const states[] = { "28P01", "28000", "3D000", "42501", "53300", "57P03" };

  for (guint i = 0; i < G_N_ELEMENTS (states); i++)
    {
      g_autofree char *needle = g_strconcat (states[i], ":", NULL);

      if (strstr (message, needle) != NULL)
        return states[i];
    }
  return "";
}

/* The first line of a libpq message without the severity and SQLSTATE
 * (what a support person may want to read). (transfer full) */
static char *
connect_error_detail (const char *message)
{
  g_auto(GStrv) lines = g_strsplit (message, "\n", 2);
  const char *line = lines[0] != NULL ? lines[0] : "";
  const char *failed = g_strrstr (line, "failed: ");
  const char *colon;

  if (failed != NULL)
    line = failed + strlen ("failed: ");
  /* "FATAL:  28000: …" → "…" */
  for (int i = 0; i < 2 && (colon = strstr (line, ": ")) != NULL && colon - line <= 8; i++)
    line = colon + 2;
  return g_strstrip (g_strdup (line));
}

/* Words a shop owner understands for a connection the server or the line
 * refused (bsn-db-pg.h). */
void
bsn_pg_set_connect_error (GError     **error,
                          const char  *message,
                          const char  *host,
                          const char  *user,
                          const char  *dbname,
                          gboolean     needs_password,
                          gboolean     timed_out)
{
  const char *state = connect_error_state (message);
  g_autofree char *detail = connect_error_detail (message);
  g_autofree char *lower = g_ascii_strdown (message, -1);

  if (host == NULL || *host == '\0' || *host == '/')
    host = _("komputer ini");
  if (strstr (message, "not permitted to log in") != NULL)
    g_set_error (error, BSN_ERROR, BSN_ERROR_LOGIN,
                 _("Login %s belum atau tidak lagi boleh masuk ke server: pemilik memberi kata sandi baru "
                   "(user passwd --name %s) atau mengaktifkannya (user enable)"),
                 user, user);
  else if (g_str_equal (state, "28P01") || needs_password
      || strstr (lower, "password authentication failed") != NULL)
    g_set_error (error, BSN_ERROR, BSN_ERROR_LOGIN,
                 _("Kata sandi salah, atau belum diisi, untuk pengguna “%s” di server %s. "
                   "Periksa kata sandinya lalu coba lagi."),
                 user, host);
  else if (g_str_equal (state, "28000"))
    g_set_error (error, BSN_ERROR, BSN_ERROR_LOGIN,
                 _("Server %s tidak menerima pengguna “%s” dari komputer ini. "
                   "Periksa nama penggunanya, atau minta pengelola server mengizinkannya (rincian: %s)."),
                 host, user, detail);
  else if (g_str_equal (state, "3D000"))
    g_set_error (error, BSN_ERROR, BSN_ERROR_NOT_FOUND,
                 _("Basis data “%s” tidak ada di server %s. Periksa nama basis datanya."),
                 dbname, host);
  else if (g_str_equal (state, "42501"))
    g_set_error (error, BSN_ERROR, BSN_ERROR_REFUSED,
                 _("Pengguna “%s” tidak berhak membuka basis data “%s” di server %s."),
                 user, dbname, host);
  else if (strstr (lower, "certificate") != NULL || strstr (lower, "ssl") != NULL
           || strstr (lower, "tls") != NULL)
    g_set_error (error, BSN_ERROR, BSN_ERROR_OFFLINE,
                 _("Sambungan aman ke server %s gagal: sertifikat server tidak dapat dipercaya "
                   "atau server tidak memakai TLS. Periksa mode TLS, atau minta pengelola server "
                   "memasang sertifikatnya (rincian: %s)."),
                 host, detail);
  else if (timed_out)
    g_set_error (error, BSN_ERROR, BSN_ERROR_OFFLINE,
                 _("Server %s tidak menjawab dalam %d detik. Periksa jaringan (kabel atau Wi-Fi) "
                   "dan bahwa komputer server menyala."),
                 host, (int) (CONNECT_TIMEOUT_US / G_USEC_PER_SEC));
  else
    g_set_error (error, BSN_ERROR, BSN_ERROR_OFFLINE,
                 _("Server %s tidak dapat dihubungi. Periksa jaringan (kabel atau Wi-Fi), "
                   "alamat dan port server, dan bahwa PostgreSQL berjalan di sana (rincian: %s)."),
                 host, detail);
}

BsnPg *
bsn_pg_connect (const char *uri,
                const char *user,
                const char *password,
                gboolean    readonly,
                GError    **error)
{
  /* With expand_dbname the URI is read first and the later keywords
   * override what it says: the login is @user whatever the URI names. */
  const char *keywords[] = { "dbname", "user", "password", NULL };
  const char *values[] = { uri, user, password, NULL };
  BsnPg *pg = g_new0 (BsnPg, 1);
  gboolean timed_out = FALSE;

  if (user == NULL)
    keywords[1] = NULL;
  else if (password == NULL)
    keywords[2] = NULL;
  pg->next_name = 1;
  pg->pending = g_array_new (FALSE, FALSE, sizeof (Pending));
  pg->id_blocks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, id_block_free);
  pg->held = g_ptr_array_new_with_free_func (held_free);
  if (g_strcmp0 (g_getenv ("BSN_PG_TRIPS"), "1") == 0)
    pg->trips = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  pg->conn = connect_with_deadline (keywords, values, &timed_out);
  if (pg->conn == NULL)
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_IO, _("Memori tidak cukup untuk menghubungi server"));
      bsn_pg_free (pg);
      return NULL;
    }
  if (PQstatus (pg->conn) != CONNECTION_OK || timed_out)
    {
      bsn_pg_set_connect_error (error, PQerrorMessage (pg->conn), PQhost (pg->conn),
                                PQuser (pg->conn), PQdb (pg->conn),
                                PQconnectionNeedsPassword (pg->conn), timed_out);
      bsn_pg_free (pg);
      return NULL;
    }
  if (!bsn_pg_exec (pg,
                    "SET client_encoding = 'UTF8'; SET client_min_messages = warning;",
                    _("Membuka basis data"), error)
      || (readonly && !bsn_pg_exec (pg, "SET default_transaction_read_only = on",
                                    _("Membuka basis data"), error)))
    {
      bsn_pg_free (pg);
      return NULL;
    }
  return pg;
}

char *
bsn_pg_encrypt_password (BsnPg      *pg,
                         const char *user,
                         const char *password,
                         GError    **error)
{
  char *verifier = PQencryptPasswordConn (pg->conn, password, user, "scram-sha-256");
  char *copy;

  if (verifier == NULL)
    {
      g_autofree char *message = g_strdup (PQerrorMessage (pg->conn));

      g_set_error (error, BSN_ERROR, BSN_ERROR_IO, _("Kata sandi tidak dapat diamankan: %s"), g_strchomp (message));
      return NULL;
    }
  copy = g_strdup (verifier);
  PQfreemem (verifier);
  return copy;
}

void
bsn_pg_free (BsnPg *pg)
{
  if (pg == NULL)
    return;
  if (pg->conn != NULL)
    PQfinish (pg->conn);
  g_clear_pointer (&pg->identity_tables, g_hash_table_destroy);
  g_array_unref (pg->pending);
  g_hash_table_destroy (pg->id_blocks);
  g_ptr_array_unref (pg->held);
  g_clear_pointer (&pg->refs, g_hash_table_destroy);
  if (pg->trips != NULL)
    {
      GHashTableIter iter;
      gpointer key, value;

      g_hash_table_iter_init (&iter, pg->trips);
      while (g_hash_table_iter_next (&iter, &key, &value))
        g_printerr ("%8u  %s\n", GPOINTER_TO_UINT (value), (const char *) key);
      g_hash_table_destroy (pg->trips);
    }
  g_free (pg->error_state);
  g_free (pg->error_message);
  g_free (pg);
}

static void
count_changes_at (BsnPg    *pg,
                  PGresult *result,
                  guint64   seq)
{
  const char *tuples = PQcmdTuples (result);

  pg->changes = tuples != NULL && *tuples != '\0' ? g_ascii_strtoll (tuples, NULL, 10) : 0;
  pg->total_changes += pg->changes;
  if (pg->changes > 0)
    pg->last_changed_seq = MAX (pg->last_changed_seq, seq);
}

static void
count_changes (BsnPg    *pg,
               PGresult *result)
{
  count_changes_at (pg, result, ++pg->seq);
}

/* ---- Scans read ahead ---- */

/* Reads the answer to the chunk a scan asked for ahead into that scan,
 * before anything else is sent on the connection. */
static void
settle_inflight (BsnPg *pg)
{
  BsnPgStmt *stmt = pg->inflight;
  PGresult *result;

  if (stmt == NULL)
    return;
  pg->inflight = NULL;
  while ((result = PQgetResult (pg->conn)) != NULL)
    {
      if (stmt->next_chunk == NULL)
        stmt->next_chunk = result;
      else
        PQclear (result);
    }
}

/* ---- Pipeline ---- */

static gboolean
enter_pipeline (BsnPg *pg)
{
  if (pg->in_pipeline)
    return TRUE;
  settle_inflight (pg);
  if (PQenterPipelineMode (pg->conn) != 1)
    {
      remember_error (pg, NULL);
      return FALSE;
    }
  pg->in_pipeline = TRUE;
  return TRUE;
}

/* Sends one statement in the pipeline: a prepared one (@name) or @sql. */
static gboolean
send_in_pipeline (BsnPg             *pg,
                  const char        *name,
                  const char        *sql,
                  int                n,
                  const char *const *values,
                  guint64            seq)
{
  Pending p = { NULL, FALSE, seq };
  int sent = name != NULL ? PQsendQueryPrepared (pg->conn, name, n, values, NULL, NULL, 0)
                          : PQsendQueryParams (pg->conn, sql, n, NULL, values, NULL, NULL, 0);

  if (sent != 1)
    {
      remember_error (pg, NULL);
      pg->pipeline_failed = TRUE;
      return FALSE;
    }
  g_array_append_val (pg->pending, p);
  return TRUE;
}

/* Appends @value to an array literal's elements: a number as it is
 * (@type 'i'), text quoted with its quotes and backslashes escaped. */
static void
array_element (GString    *out,
               const char *value,
               char        type)
{
  if (value == NULL)
    {
      g_string_append (out, "NULL");
      return;
    }
  if (type == 'i')
    {
      g_string_append (out, value);
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = value; *p != '\0';)
    {
      gsize plain = strcspn (p, "\"\\");

      g_string_append_len (out, p, plain);
      p += plain;
      if (*p == '\0')
        break;
      g_string_append_c (out, '\\');
      g_string_append_c (out, *p++);
    }
  g_string_append_c (out, '"');
}

/* The rows of @held as one statement: "INSERT INTO t (id, a, b) SELECT
 * u.p3, u.p1, u.p2 FROM unnest ($1::bigint[], $2::text[], $3::bigint[])
 * AS u (p1, p2, p3)", each parameter an array of the rows' values (a
 * parameter NULL in every row is written NULL). The server writes them in
 * one statement: its foreign keys, triggers and constraints checked as for
 * single rows, its statement trigger fired once. */
static int
send_rows (BsnPg *pg,
           Held  *held)
{
  BsnPgStmt *stmt = held->stmt;
  HeldRow *last = g_ptr_array_index (held->rows, held->rows->len - 1);
  int n = last->n;
  g_autoptr(GString) sql = g_string_new (stmt->multi_head);
  g_autoptr(GString) from = g_string_new (" FROM unnest (");
  g_autoptr(GString) names = g_string_new (") AS u (");
  g_autoptr(GPtrArray) arrays = g_ptr_array_new_with_free_func (g_free);

  for (int k = 1; k <= n; k++)
    {
      g_autoptr(GString) array = NULL;

      if (held->types[k - 1] == 'n' || (k <= stmt->n_params && stmt->used[k - 1] != '1'))
        continue;
      array = g_string_sized_new (held->rows->len * 12 + 2);
      g_string_append_c (array, '{');
      for (guint r = 0; r < held->rows->len; r++)
        {
          HeldRow *row = g_ptr_array_index (held->rows, r);

          if (r > 0)
            g_string_append_c (array, ',');
          array_element (array, row->values[k - 1], held->types[k - 1]);
        }
      g_string_append_c (array, '}');
      g_ptr_array_add (arrays, g_string_free (g_steal_pointer (&array), FALSE));
      g_string_append_printf (from, "%s$%u::%s[]", arrays->len > 1 ? ", " : "", arrays->len,
                              held->types[k - 1] == 'i' ? "bigint" : "text");
      g_string_append_printf (names, "%sp%d", arrays->len > 1 ? ", " : "", k);
    }
  if (arrays->len == 0)
    return -1; /* every value NULL: nothing to unnest, sent row by row */
  g_string_append (sql, " SELECT ");
  for (const char *p = stmt->multi_values; *p != '\0'; p++)
    {
      if (*p == '\'')
        {
          const char *end = p + 1;

          while (*end != '\0' && !(*end == '\'' && end[1] != '\''))
            end += *end == '\'' ? 2 : 1;
          g_string_append_len (sql, p, end - p + (*end != '\0'));
          if (*end == '\0')
            break;
          p = end;
        }
      else if (*p == '$' && g_ascii_isdigit (p[1]))
        {
          int k = 0;

          while (g_ascii_isdigit (p[1]))
            k = k * 10 + (*++p - '0');
          if (k >= 1 && k <= n && held->types[k - 1] != 'n')
            g_string_append_printf (sql, "u.p%d", k);
          else
            g_string_append (sql, "NULL");
        }
      else
        g_string_append_c (sql, *p);
    }
  g_string_append (sql, from->str);
  g_string_append (sql, names->str);
  g_string_append_c (sql, ')');
  return send_in_pipeline (pg, NULL, sql->str, arrays->len, (const char *const *) arrays->pdata, last->seq) ? 1 : 0;
}

/* Sends every row held back, in order: an INSERT's rows together, an
 * UPDATE's one by one. */
static void
send_held (BsnPg *pg)
{
  g_autoptr(GPtrArray) held = NULL;

  if (pg->held->len == 0)
    return;
  held = g_steal_pointer (&pg->held);
  pg->held = g_ptr_array_new_with_free_func (held_free);
  pg->n_held = 0;
  if (!enter_pipeline (pg))
    {
      pg->pipeline_failed = TRUE;
      return;
    }
  for (guint i = 0; i < held->len && !pg->pipeline_failed; i++)
    {
      Held *h = g_ptr_array_index (held, i);
      gboolean together = h->stmt->hold == 'I' && h->rows->len > 1 && send_rows (pg, h) >= 0;

      count_trip (pg, together ? "rows held (one statement)" : "rows held (each)");
      if (!together)
        for (guint r = 0; r < h->rows->len && !pg->pipeline_failed; r++)
          {
            HeldRow *row = g_ptr_array_index (h->rows, r);

            send_in_pipeline (pg, row->name, NULL, row->n, (const char *const *) row->values, row->seq);
          }
    }
}

/* Reads the answers of every statement sent in the pipeline and leaves
 * pipeline mode. The first failure is remembered (and the batch is then
 * lost: bsn_pg_pipeline_failed); FALSE when there was one. */
static gboolean
pipeline_sync_held (BsnPg    *pg,
                    gboolean  with_held)
{
  guint next = 0;
  gboolean ok = TRUE;

  settle_inflight (pg);
  if (with_held)
    {
      count_flush (pg, "SYNC", "");
      send_held (pg);
    }
  if (!pg->in_pipeline)
    return !pg->pipeline_failed;
  if (PQpipelineSync (pg->conn) != 1)
    {
      remember_error (pg, NULL);
      pg->pipeline_failed = TRUE;
      ok = FALSE;
    }
  else
    for (count_trip (pg, "sync");;)
      {
        PGresult *result = PQgetResult (pg->conn);
        ExecStatusType status;
        Pending *p;

        if (result == NULL)
          {
            /* The end of one statement's answers; none at all when the
             * connection is gone. */
            if (PQstatus (pg->conn) != CONNECTION_OK)
              {
                remember_error (pg, NULL);
                ok = FALSE;
                break;
              }
            next++;
            continue;
          }
        status = PQresultStatus (result);
        if (status == PGRES_PIPELINE_SYNC)
          {
            PQclear (result);
            break;
          }
        p = next < pg->pending->len ? &g_array_index (pg->pending, Pending, next) : NULL;
        if (status == PGRES_PIPELINE_ABORTED)
          ok = FALSE;
        else if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
          {
            remember_error (pg, result);
            ok = FALSE;
          }
        else if (p != NULL && p->keep != NULL)
          {
            /* A read sent behind the writes: its caller reads the rows. */
            g_clear_pointer (&p->keep->result, PQclear);
            p->keep->result = result;
            p->keep = NULL;
            continue;
          }
        else
          {
            count_changes_at (pg, result, p != NULL ? p->seq : ++pg->seq);
            if (p != NULL && p->returns_id && PQntuples (result) > 0)
              {
                pg->last_insert_id = g_ascii_strtoll (PQgetvalue (result, 0, 0), NULL, 10);
                pg->insert_id_known = TRUE;
              }
          }
        PQclear (result);
      }
  g_array_set_size (pg->pending, 0);
  if (PQexitPipelineMode (pg->conn) != 1)
    {
      remember_error (pg, NULL);
      ok = FALSE;
    }
  pg->in_pipeline = FALSE;
  if (!ok)
    pg->pipeline_failed = TRUE;
  return ok;
}

static gboolean
pipeline_sync (BsnPg *pg)
{
  return pipeline_sync_held (pg, TRUE);
}

gboolean
bsn_pg_pipeline_failed (BsnPg *pg)
{
  pipeline_sync (pg);
  return pg->pipeline_failed;
}

guint64
bsn_pg_write_mark (BsnPg *pg)
{
  return pg->seq + 1;
}

void
bsn_pg_note_write (BsnPg *pg)
{
  pg->last_changed_seq = ++pg->seq;
}

gboolean
bsn_pg_changed_since (BsnPg   *pg,
                      guint64  mark)
{
  pipeline_sync (pg);
  return pg->pipeline_failed || pg->last_changed_seq >= mark;
}

gboolean
bsn_pg_exec (BsnPg      *pg,
             const char *sql,
             const char *what,
             GError    **error)
{
  PGresult *result;
  ExecStatusType status;
  gboolean ok;

  pipeline_sync (pg);
  result = PQexec (pg->conn, sql);
  status = PQresultStatus (result);
  ok = status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;

  if (ok)
    count_changes (pg, result);
  else
    {
      remember_error (pg, result);
      if (what != NULL)
        bsn_pg_set_error (pg, error, what);
    }
  PQclear (result);
  return ok;
}

gboolean
bsn_pg_begin (BsnPg    *pg,
              gboolean  write_lock,
              GError  **error)
{
  g_autofree char *sql = write_lock
    ? g_strdup_printf ("BEGIN; SELECT pg_advisory_xact_lock (%d, hashtext (current_schema ()))", WRITER_LOCK_KEY)
    : g_strdup ("BEGIN");

  pipeline_sync (pg);
  pg->txn++;
  g_clear_pointer (&pg->error_state, g_free);
  pg->pipeline_failed = FALSE;
  /* Ids reserved by an earlier transaction are not used in this one: the
   * chain seals each table's rows after the last id it sealed, so a row of
   * this transaction must never get an id below one committed before it
   * (an id drawn by nextval () in between would otherwise pass the rest of
   * an old block, and those rows would stay unsealed). */
  g_hash_table_remove_all (pg->id_blocks);
  return bsn_pg_exec (pg, sql, _("Memulai transaksi"), error);
}

/* @read: the transaction just begun is a read one (bsn_db_begin_read),
 * whose scans may use cursors; FALSE: not any more (a savepoint). */
void
bsn_pg_note_read (BsnPg    *pg,
                  gboolean  read)
{
  pg->read_txn = read ? pg->txn : 0;
}

gboolean
bsn_pg_transaction_failed (BsnPg *pg)
{
  PGTransactionStatusType status;

  pipeline_sync (pg);
  status = PQtransactionStatus (pg->conn);
  return pg->pipeline_failed || status == PQTRANS_INERROR || status == PQTRANS_UNKNOWN;
}

/* Reads one value of a query without parameters: NULL when it failed or
 * returned no row. (transfer full) */
static char *
query_text (BsnPg      *pg,
            const char *sql)
{
  PGresult *result;
  char *value = NULL;

  pipeline_sync (pg);
  result = PQexec (pg->conn, sql);
  if (PQresultStatus (result) == PGRES_TUPLES_OK && PQntuples (result) > 0 && !PQgetisnull (result, 0, 0))
    value = g_strdup (PQgetvalue (result, 0, 0));
  else if (PQresultStatus (result) != PGRES_TUPLES_OK)
    remember_error (pg, result);
  PQclear (result);
  return value;
}

/* Reads one value of a query without parameters into *@out (NULL when
 * the query returned no row or NULL): FALSE when the query failed. */
static gboolean
query_checked (BsnPg      *pg,
               const char *sql,
               char      **out)
{
  PGresult *result;
  gboolean ok;

  *out = NULL;
  pipeline_sync (pg);
  result = PQexec (pg->conn, sql);
  ok = PQresultStatus (result) == PGRES_TUPLES_OK;
  if (ok && PQntuples (result) > 0 && !PQgetisnull (result, 0, 0))
    *out = g_strdup (PQgetvalue (result, 0, 0));
  else if (!ok)
    remember_error (pg, result);
  PQclear (result);
  return ok;
}

static gboolean
has_schema_table (BsnPg *pg)
{
  g_autofree char *found = query_text (pg, "SELECT to_regclass ('bsn_schema')::text");

  return found != NULL;
}

gboolean
bsn_pg_read_schema_version (BsnPg *pg,
                            int   *out)
{
  g_autofree char *found = NULL;
  g_autofree char *version = NULL;

  *out = 0;
  if (!query_checked (pg, "SELECT to_regclass ('bsn_schema')::text", &found))
    return FALSE;
  if (found == NULL)
    return TRUE;
  if (!query_checked (pg, "SELECT max (version) FROM bsn_schema", &version))
    return FALSE;
  *out = version != NULL ? (int) g_ascii_strtoll (version, NULL, 10) : 0;
  return TRUE;
}

int
bsn_pg_schema_version (BsnPg *pg)
{
  int version;

  return bsn_pg_read_schema_version (pg, &version) ? version : 0;
}

gint64
bsn_pg_application_id (BsnPg   *pg,
                       GError **error)
{
  g_autofree char *id = NULL;

  if (!has_schema_table (pg))
    return 0;
  id = query_text (pg, "SELECT max (application_id) FROM bsn_schema");
  return id != NULL ? g_ascii_strtoll (id, NULL, 10) : 0;
}

gboolean
bsn_pg_is_empty (BsnPg *pg)
{
  g_autofree char *n = query_text (pg,
                                   "SELECT count (*) FROM pg_catalog.pg_class c "
                                   "JOIN pg_catalog.pg_namespace s ON s.oid = c.relnamespace "
                                   "WHERE s.nspname = current_schema () AND c.relkind IN ('r', 'v', 'S')");

  return n != NULL && g_str_equal (n, "0");
}

gboolean
bsn_pg_set_schema_version (BsnPg   *pg,
                           int      version,
                           gint64   application_id,
                           GError **error)
{
  g_autofree char *sql = g_strdup_printf ("DELETE FROM bsn_schema; "
                                          "INSERT INTO bsn_schema (version, application_id) "
                                          "VALUES (%d, %" G_GINT64_FORMAT ")",
                                          version, application_id);

  /* The tables may have changed: learn their identity columns again. */
  g_clear_pointer (&pg->identity_tables, g_hash_table_destroy);
  g_hash_table_remove_all (pg->id_blocks);
  return bsn_pg_exec (pg, sql, _("Memperbarui skema basis data"), error);
}

/* The tables whose id is an identity column: an INSERT into one of them
 * returns the new id (SQLite's last_insert_rowid). */
static GHashTable *
identity_tables (BsnPg   *pg,
                 GError **error)
{
  PGresult *result;
  GHashTable *tables;

  if (pg->identity_tables != NULL)
    return pg->identity_tables;
  pipeline_sync (pg);
  result = PQexec (pg->conn,
                   "SELECT table_name FROM information_schema.columns "
                   "WHERE table_schema = current_schema () AND column_name = 'id' AND is_identity = 'YES'");
  if (PQresultStatus (result) != PGRES_TUPLES_OK)
    {
      /* Not kept: an empty set would leave every later INSERT of this
       * connection without its new row's id. */
      remember_error (pg, result);
      PQclear (result);
      bsn_pg_set_error (pg, error, _("Membaca struktur basis data"));
      return NULL;
    }
  tables = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (int i = 0; i < PQntuples (result); i++)
    g_hash_table_add (tables, g_strdup (PQgetvalue (result, i, 0)));
  PQclear (result);
  pg->identity_tables = tables;
  return tables;
}

/* ---- The dialect ---- */

static gboolean
word_at (const char *p,
         const char *word)
{
  gsize n = strlen (word);

  return g_ascii_strncasecmp (p, word, n) == 0 && !g_ascii_isalnum (p[n]) && p[n] != '_';
}

static const char *
skip_space (const char *p)
{
  while (g_ascii_isspace (*p))
    p++;
  return p;
}

static char *
translate (const char *sql,
           int        *out_params,
           char      **out_insert_table,
           GString    *used)
{
  GString *out = g_string_sized_new (strlen (sql) + 32);
  const char *p = skip_space (sql);
  gboolean or_ignore = FALSE;
  int max_param = 0;

  *out_insert_table = NULL;
  if (word_at (p, "INSERT"))
    {
      const char *q = skip_space (p + 6);
      const char *name;

      if (word_at (q, "OR"))
        {
          const char *r = skip_space (skip_space (q + 2));

          if (word_at (r, "IGNORE"))
            {
              or_ignore = TRUE;
              g_string_append (out, "INSERT ");
              p = skip_space (r + 6);
              q = p;
            }
        }
      if (word_at (q, "INTO"))
        {
          name = skip_space (q + 4);
          q = name;
          while (g_ascii_isalnum (*q) || *q == '_')
            q++;
          *out_insert_table = g_strndup (name, q - name);
        }
    }

  for (; *p != '\0'; p++)
    {
      if (*p == '\'')
        {
          /* A string literal is copied as it is ('' inside it too). */
          const char *end = p + 1;

          while (*end != '\0' && !(*end == '\'' && end[1] != '\''))
            end += *end == '\'' ? 2 : 1;
          g_string_append_len (out, p, end - p + (*end != '\0'));
          if (*end == '\0')
            break;
          p = end;
        }
      else if (*p == '?' && g_ascii_isdigit (p[1]))
        {
          int n = 0;

          p++;
          while (g_ascii_isdigit (*p))
            n = n * 10 + (*p++ - '0');
          p--;
          max_param = MAX (max_param, n);
          g_string_append_printf (out, "$%d", n);
          /* ?0 names no parameter (numbers start at 1 on both engines). */
          if (used != NULL && n > 0)
            {
              while (used->len < (gsize) n)
                g_string_append_c (used, '0');
              used->str[n - 1] = '1';
            }
        }
      else
        g_string_append_c (out, *p);
    }

  /* A statement's trailing ';' and white space go before what is added. */
  while (out->len > 0 && (g_ascii_isspace (out->str[out->len - 1]) || out->str[out->len - 1] == ';'))
    g_string_truncate (out, out->len - 1);
  if (or_ignore)
    g_string_append (out, " ON CONFLICT DO NOTHING");
  *out_params = max_param;
  return g_string_free (out, FALSE);
}

char *
bsn_pg_translate (const char *sql,
                  int        *out_params,
                  char      **out_insert_table)
{
  return translate (sql, out_params, out_insert_table, NULL);
}

/* ---- Statements ---- */

static void
prepared_free (gpointer data)
{
  Prepared *prepared = data;

  g_free (prepared->types);
  g_free (prepared->name);
  g_free (prepared);
}

/* "INSERT INTO t (a, b) VALUES ($1, $2) …" → "INSERT INTO t (id, a, b)
 * VALUES ($3, $1, $2) …" with $3 = @n_params + 1; NULL for any other
 * shape (or one that names the id itself). Only for a statement
 * translate() found the table of (its insert_table): @sql begins with
 * "INSERT INTO". (transfer full) */
static char *
with_id_column (const char *sql,
                int         n_params)
{
  const char *p = skip_space (skip_space (skip_space (sql) + 6) + 4);
  const char *cols, *close, *values;
  g_autofree char *list = NULL;
  g_auto(GStrv) names = NULL;

  while (g_ascii_isalnum (*p) || *p == '_')
    p++;
  cols = skip_space (p);
  if (*cols != '(' || (close = strchr (cols, ')')) == NULL)
    return NULL;
  list = g_strndup (cols + 1, close - cols - 1);
  names = g_strsplit (list, ",", -1);
  for (guint i = 0; names[i] != NULL; i++)
    if (g_ascii_strcasecmp (g_strstrip (names[i]), "id") == 0)
      return NULL;
  values = skip_space (close + 1);
  if (!word_at (values, "VALUES"))
    return NULL;
  values = skip_space (values + 6);
  if (*values != '(')
    return NULL;
  return g_strdup_printf ("%.*sid, %.*s$%d, %s", (int) (cols + 1 - sql), sql, (int) (values + 1 - (cols + 1)),
                          cols + 1, n_params + 1, values + 1);
}

/* How a batch may hold back this statement's writes (BsnPgStmt.hold). Only
 * statements that read no other row than the one they write: an INSERT …
 * VALUES (no SELECT, ON CONFLICT or RETURNING but the id drawn here), an
 * UPDATE of one table without a subquery. */
static void
plan_hold (BsnPgStmt  *stmt,
           const char *head)
{
  if (strstr (stmt->sql, "SELECT") != NULL || strstr (stmt->sql, "select") != NULL)
    return;
  if (word_at (head, "INSERT") && stmt->insert_table != NULL)
    {
      const char *sql = stmt->id_sql != NULL ? stmt->id_sql : stmt->returns_id ? NULL : stmt->sql;
      const char *values, *p;
      int depth = 0;

      if (sql == NULL || strstr (sql, "ON CONFLICT") != NULL || strstr (sql, "RETURNING") != NULL)
        return;
      /* The VALUES list: after the column list's ')' */
      if ((p = strchr (sql, ')')) == NULL)
        return;
      values = skip_space (p + 1);
      if (!word_at (values, "VALUES"))
        return;
      values = skip_space (values + 6);
      if (*values != '(')
        return;
      for (p = values; *p != '\0'; p++)
        {
          if (*p == '\'')
            {
              p++;
              while (*p != '\0' && !(*p == '\'' && p[1] != '\''))
                p += *p == '\'' ? 2 : 1;
              if (*p == '\0')
                return;
            }
          else if (*p == '(')
            depth++;
          else if (*p == ')' && --depth == 0)
            break;
        }
      if (*p != ')' || *skip_space (p + 1) != '\0')
        return;
      stmt->multi_head = g_strndup (sql, values - sql);
      g_strchomp (stmt->multi_head);
      /* "INSERT INTO t (…) VALUES" → "INSERT INTO t (…)" */
      stmt->multi_head[strlen (stmt->multi_head) - 6] = '\0';
      stmt->multi_values = g_strndup (values + 1, p - values - 1);
      stmt->table = g_strdup (stmt->insert_table);
      stmt->hold = 'I';
    }
  else if (word_at (head, "UPDATE") && strstr (stmt->sql, "RETURNING") == NULL
           && strstr (stmt->sql, "FROM") == NULL && strstr (stmt->sql, "from") == NULL)
    {
      const char *name = skip_space (head + 6), *end = name;

      while (g_ascii_isalnum (*end) || *end == '_')
        end++;
      if (end == name)
        return;
      stmt->table = g_strndup (name, end - name);
      stmt->hold = 'U';
    }
}

BsnPgStmt *
bsn_pg_stmt_new (BsnPg       *pg,
                 const char  *sql,
                 GError     **error)
{
  GHashTable *identity = NULL;
  BsnPgStmt *stmt;

  g_autoptr(GString) used = NULL;

  /* An INSERT into a table with an identity id returns the new row's. */
  if (word_at (skip_space (sql), "INSERT") && (identity = identity_tables (pg, error)) == NULL)
    return NULL;
  stmt = g_new0 (BsnPgStmt, 1);
  used = g_string_new (NULL);
  stmt->pg = pg;
  /* translate() marks each parameter up to the highest: @used is as
   * long as the parameters are many. */
  stmt->sql = translate (sql, &stmt->n_params, &stmt->insert_table, used);
  stmt->used = g_string_free (g_steal_pointer (&used), FALSE);
  if (stmt->insert_table != NULL && strstr (stmt->sql, "RETURNING") == NULL && identity != NULL
      && g_hash_table_contains (identity, stmt->insert_table))
    {
      char *with_id = g_strconcat (stmt->sql, " RETURNING id", NULL);

      /* Not with ON CONFLICT: an id drawn for a row that is not written
       * would pass for the new row's. */
      if (strstr (stmt->sql, "ON CONFLICT") == NULL)
        stmt->id_sql = with_id_column (stmt->sql, stmt->n_params);
      if (stmt->id_sql != NULL)
        stmt->id_prepared = g_ptr_array_new_with_free_func (prepared_free);
      g_free (stmt->sql);
      stmt->sql = with_id;
      stmt->returns_id = TRUE;
    }
  {
    const char *head = skip_space (stmt->sql);

    stmt->is_write = word_at (head, "INSERT") || word_at (head, "UPDATE") || word_at (head, "DELETE");
    if (g_strcmp0 (g_getenv ("BSN_PG_HOLD"), "0") != 0)
      plan_hold (stmt, head);
  }
  stmt->values = g_new0 (char *, stmt->n_params + 2);
  stmt->types = g_strnfill (stmt->n_params, 'n');
  stmt->prepared = g_ptr_array_new_with_free_func (prepared_free);
  stmt->row = -1;
  return stmt;
}

void
bsn_pg_stmt_free (BsnPgStmt *stmt)
{
  if (stmt == NULL)
    return;
  if (stmt->pg->held->len > 0)
    send_held (stmt->pg);
  bsn_pg_stmt_reset (stmt);
  bsn_pg_stmt_clear (stmt);
  g_free (stmt->table);
  g_free (stmt->multi_head);
  g_free (stmt->multi_values);
  g_ptr_array_unref (stmt->prepared);
  g_clear_pointer (&stmt->id_prepared, g_ptr_array_unref);
  g_free (stmt->id_sql);
  g_free (stmt->values);
  g_free (stmt->scratch);
  g_free (stmt->kinds);
  g_free (stmt->types);
  g_free (stmt->used);
  g_free (stmt->sql);
  g_free (stmt->insert_table);
  g_free (stmt);
}

void
bsn_pg_stmt_clear (BsnPgStmt *stmt)
{
  bsn_pg_stmt_reset (stmt);
  for (int i = 0; i < stmt->n_params; i++)
    {
      g_clear_pointer (&stmt->values[i], g_free);
      stmt->types[i] = 'n';
    }
}

static void
bind (BsnPgStmt *stmt,
      int        index,
      char      *value,
      char       type)
{
  if (index < 1 || index > stmt->n_params)
    {
      g_free (value);
      return;
    }
  g_free (stmt->values[index - 1]);
  stmt->values[index - 1] = value;
  stmt->types[index - 1] = value != NULL ? type : 'n';
}

void
bsn_pg_stmt_bind_int64 (BsnPgStmt *stmt,
                        int        index,
                        gint64     value)
{
  bind (stmt, index, g_strdup_printf ("%" G_GINT64_FORMAT, value), 'i');
}

void
bsn_pg_stmt_bind_text (BsnPgStmt  *stmt,
                       int         index,
                       const char *text)
{
  bind (stmt, index, g_strdup (text), 't');
}

int
bsn_pg_stmt_param_count (BsnPgStmt *stmt)
{
  return stmt->n_params;
}

/* The server's type of each parameter. (transfer full) */
static Oid *
param_oids (BsnPgStmt  *stmt,
            const char *types,
            int         n_params)
{
  Oid *oids = g_new0 (Oid, n_params + 1);

  for (int i = 0; i < n_params; i++)
    /* A NULL's type comes from where the SQL uses it; a parameter the SQL
     * never mentions (a filter left out) must still have one. */
    oids[i] = types[i] == 'i' ? OID_INT8
              : types[i] == 't' || (i < stmt->n_params && stmt->used[i] == '0') ? OID_TEXT : 0;
  return oids;
}

/* The server-side statement of @sql for @types, prepared on first use. */
static const char *
prepared_name_of (BsnPgStmt  *stmt,
                  GPtrArray  *list,
                  const char *sql,
                  const char *types,
                  int         n_params)
{
  g_autofree Oid *oids = NULL;
  Prepared *prepared;
  PGresult *result;

  for (guint i = 0; i < list->len; i++)
    {
      prepared = g_ptr_array_index (list, i);
      if (g_str_equal (prepared->types, types))
        return prepared->name;
    }
  oids = param_oids (stmt, types, n_params);
  /* Preparing waits for the server: not in the pipeline. */
  pipeline_sync (stmt->pg);
  prepared = g_new0 (Prepared, 1);
  prepared->types = g_strdup (types);
  prepared->name = g_strdup_printf ("bsn_%u", stmt->pg->next_name++);
  count_trip (stmt->pg, "prepare");
  result = PQprepare (stmt->pg->conn, prepared->name, sql, n_params, oids);
  if (PQresultStatus (result) != PGRES_COMMAND_OK)
    {
      remember_error (stmt->pg, result);
      PQclear (result);
      prepared_free (prepared);
      return NULL;
    }
  PQclear (result);
  if (!stmt->is_write && list == stmt->prepared)
    {
      /* What its rows hold, asked once per statement and connection. */
      count_trip (stmt->pg, "describe");
      result = PQdescribePrepared (stmt->pg->conn, prepared->name);
      if (PQresultStatus (result) == PGRES_COMMAND_OK && PQnfields (result) > 0)
        {
          prepared->binary = TRUE;
          for (int i = 0; i < PQnfields (result); i++)
            switch (PQftype (result, i))
              {
              case OID_BOOL:
              case OID_INT2:
              case OID_INT4:
              case OID_INT8:
              case OID_TEXT:
              case OID_VARCHAR:
              case OID_NAME:
                break;
              default:
                prepared->binary = FALSE;
              }
        }
      PQclear (result);
    }
  g_ptr_array_add (list, prepared);
  return prepared->name;
}

/* 1 when the rows of @stmt prepared as @name come in binary, else 0. */
static int
result_format (BsnPgStmt  *stmt,
               const char *name)
{
  for (guint i = 0; i < stmt->prepared->len; i++)
    {
      Prepared *prepared = g_ptr_array_index (stmt->prepared, i);

      if (prepared->name == name)
        return prepared->binary ? 1 : 0;
    }
  return 0;
}

/* Reads what stmt->result holds (each new result, before its first row). */
static void
describe_result (BsnPgStmt *stmt)
{
  stmt->n_rows = stmt->result != NULL ? PQntuples (stmt->result) : 0;
  stmt->n_fields = stmt->result != NULL ? PQnfields (stmt->result) : 0;
  if (stmt->n_kinds < stmt->n_fields)
    {
      g_free (stmt->kinds);
      stmt->kinds = g_new (char, stmt->n_fields);
      stmt->n_kinds = stmt->n_fields;
    }
  for (int i = 0; i < stmt->n_fields; i++)
    {
      if (PQfformat (stmt->result, i) != 1)
        stmt->kinds[i] = 0;
      else
        switch (PQftype (stmt->result, i))
          {
          case OID_BOOL:
            stmt->kinds[i] = BINARY_BOOL;
            break;
          case OID_INT2:
            stmt->kinds[i] = BINARY_INT2;
            break;
          case OID_INT4:
            stmt->kinds[i] = BINARY_INT4;
            break;
          case OID_INT8:
            stmt->kinds[i] = BINARY_INT8;
            break;
          default:
            stmt->kinds[i] = BINARY_OTHER;
          }
    }
}

static void
clear_scratch (BsnPgStmt *stmt)
{
  for (int i = 0; i < stmt->n_scratch; i++)
    g_clear_pointer (&stmt->scratch[i], g_free);
}

static const char *
prepared_name (BsnPgStmt *stmt)
{
  return prepared_name_of (stmt, stmt->prepared, stmt->sql, stmt->types, stmt->n_params);
}

/* The next id of @table's sequence, from the block reserved (0 when the
 * block could not be read). */
static gint64
next_id (BsnPg      *pg,
         const char *table)
{
  IdBlock *b = g_hash_table_lookup (pg->id_blocks, table);

  if (b == NULL)
    {
      b = g_new0 (IdBlock, 1);
      b->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
      b->size = ID_BLOCK_FIRST;
      g_hash_table_insert (pg->id_blocks, g_strdup (table), b);
    }
  if (b->next >= b->ids->len)
    {
      g_autofree char *sql = NULL;
      PGresult *result;

      /* What was sent is answered first (PQexec runs outside the
       * pipeline); what is held stays held: drawing ids reads no table. */
      pipeline_sync_held (pg, FALSE);
      g_array_set_size (b->ids, 0);
      b->next = 0;
      /* The sequence looked up once (a sub-query: 0.5 µs an id), not
       * once per id as an argument of nextval (4.6 µs an id). */
      sql = g_strdup_printf ("SELECT nextval ((SELECT pg_get_serial_sequence ('%s', 'id')::regclass)) "
                             "FROM generate_series (1, %u)",
                             table, b->size);
      count_trip (pg, "id block");
      result = PQexec (pg->conn, sql);
      if (PQresultStatus (result) == PGRES_TUPLES_OK)
        for (int i = 0; i < PQntuples (result); i++)
          {
            gint64 id = g_ascii_strtoll (PQgetvalue (result, i, 0), NULL, 10);
            g_array_append_val (b->ids, id);
          }
      else
        remember_error (pg, result);
      PQclear (result);
      b->size = MIN (b->size * 4, ID_BLOCK_MAX);
      if (b->ids->len == 0)
        return 0;
    }
  return g_array_index (b->ids, gint64, b->next++);
}

/* The references between tables, read once: "table\treferenced". The
 * foreign keys, and the references schema 24 checks once per statement
 * instead (bsn-db-schema-pg.c, "Version 24"): a row must still reach the
 * server after the rows it refers to. */
static gboolean
load_refs (BsnPg *pg)
{
  PGresult *result;

  if (pg->refs != NULL)
    return TRUE;
  pipeline_sync (pg);
  count_trip (pg, "foreign keys");
  result = PQexec (pg->conn,
                   "SELECT c.relname, f.relname FROM pg_catalog.pg_constraint k"
                   " JOIN pg_catalog.pg_class c ON c.oid = k.conrelid"
                   " JOIN pg_catalog.pg_class f ON f.oid = k.confrelid WHERE k.contype = 'f'"
                   " UNION SELECT * FROM (VALUES ('legs', 'postings'), ('legs', 'accounts'),"
                   "   ('receipts', 'stores'), ('receipts', 'customers'), ('receipts', 'tier_versions'),"
                   "   ('receipts', 'postings'), ('receipt_parts', 'receipts'), ('receipt_parts', 'tier_versions'),"
                   "   ('postings', 'stores'), ('postings', 'customers')) AS r (tbl, referenced)");
  if (PQresultStatus (result) != PGRES_TUPLES_OK)
    {
      PQclear (result);
      return FALSE;
    }
  pg->refs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (int i = 0; i < PQntuples (result); i++)
    g_hash_table_add (pg->refs, g_strconcat (PQgetvalue (result, i, 0), "\t", PQgetvalue (result, i, 1), NULL));
  PQclear (result);
  return TRUE;
}

/* Whether a row of @stmt may run before the rows held of @earlier (sent
 * before it): not when both write the same table (their order counts),
 * nor when @earlier inserts rows @stmt's table refers to. */
static gboolean
may_pass (BsnPg     *pg,
          BsnPgStmt *stmt,
          BsnPgStmt *earlier)
{
  g_autofree char *key = NULL;

  if (g_str_equal (stmt->table, earlier->table))
    return FALSE;
  if (earlier->hold != 'I')
    return TRUE;
  key = g_strconcat (stmt->table, "\t", earlier->table, NULL);
  return !g_hash_table_contains (pg->refs, key);
}

/* @types merged into @into when no parameter has two types. */
static gboolean
merge_types (char       *into,
             const char *types)
{
  for (int i = 0; into[i] != '\0'; i++)
    if (into[i] != types[i] && into[i] != 'n' && types[i] != 'n')
      return FALSE;
  for (int i = 0; into[i] != '\0'; i++)
    if (into[i] == 'n')
      into[i] = types[i];
  return TRUE;
}

/* Holds the values bound to @stmt (@n of them, prepared as @name) back
 * until the next sync or read: with the rows of the same statement held
 * before when no write held since must run first, else after everything
 * held. FALSE when it must be sent now. */
static gboolean
hold_row (BsnPgStmt  *stmt,
          const char *name,
          int         n)
{
  BsnPg *pg = stmt->pg;
  g_autofree char *types = NULL;
  HeldRow *row;
  Held *into = NULL;

  if (stmt->hold == 0 || !load_refs (pg))
    return FALSE;
  types = g_strnfill (n, 'i');
  memcpy (types, stmt->types, MIN (n, stmt->n_params));
  for (guint i = pg->held->len; i-- > 0;)
    {
      Held *h = g_ptr_array_index (pg->held, i);

      if (h->stmt == stmt)
        {
          if (stmt->hold == 'U' || merge_types (h->types, types))
            into = h;
          break;
        }
      if (!may_pass (pg, stmt, h->stmt))
        break;
    }
  if (into == NULL)
    {
      into = g_new0 (Held, 1);
      into->stmt = stmt;
      into->rows = g_ptr_array_new_with_free_func (held_row_free);
      into->types = g_strdup (types);
      g_ptr_array_add (pg->held, into);
    }
  row = g_new0 (HeldRow, 1);
  row->n = n;
  row->values = g_new0 (char *, n);
  {
    gsize size = 0, at = 0;

    for (int i = 0; i < n; i++)
      size += stmt->values[i] != NULL ? strlen (stmt->values[i]) + 1 : 0;
    row->text = g_malloc (MAX (size, 1));
    for (int i = 0; i < n; i++)
      if (stmt->values[i] != NULL)
        {
          gsize len = strlen (stmt->values[i]) + 1;

          row->values[i] = memcpy (row->text + at, stmt->values[i], len);
          at += len;
        }
  }
  row->types = g_steal_pointer (&types);
  row->name = name;
  row->seq = ++pg->seq;
  g_ptr_array_add (into->rows, row);
  pg->n_held++;
  return TRUE;
}

static gboolean
names_table (const char *sql,
             const char *table)
{
  gsize n = strlen (table);

  for (const char *p = strstr (sql, table); p != NULL; p = strstr (p + 1, table))
    if ((p == sql || !(g_ascii_isalnum (p[-1]) || p[-1] == '_'))
        && !(g_ascii_isalnum (p[n]) || p[n] == '_'))
      return TRUE;
  return FALSE;
}

/* The table the schema's triggers write when rows go into @table
 * (bsn-db-schema-pg.c): a leg moves its account's balance (version 19), a
 * reserve event switches its store (version 18). NULL for the others. */
static const char *
written_through (const char *table)
{
  if (g_str_equal (table, "legs"))
    return "accounts";
  if (g_str_equal (table, "reserve_events"))
    return "stores";
  return NULL;
}

/* Whether @sql names a table some held row writes, itself or through a
 * trigger (a read that does not can run before them: it sees the same
 * rows either way). */
static gboolean
names_held_table (BsnPg      *pg,
                  const char *sql)
{
  for (guint i = 0; i < pg->held->len; i++)
    {
      const char *table = ((Held *) g_ptr_array_index (pg->held, i))->stmt->table;
      const char *also = written_through (table);

      if (names_table (sql, table) || (also != NULL && names_table (sql, also)))
        return TRUE;
    }
  return FALSE;
}

/* Sends @stmt in the pipeline without waiting for its answer: 1 when it
 * was sent, 0 when it failed (the batch is then lost), -1 when it is not a
 * write and must be stepped. */
int
bsn_pg_stmt_send (BsnPgStmt *stmt)
{
  BsnPg *pg = stmt->pg;
  const char *name;
  Pending p = { 0 };

  g_autofree char *id_types = NULL;
  gint64 id = 0;

  if (!stmt->is_write)
    return -1;
  if (stmt->id_sql != NULL)
    {
      /* An INSERT that returns its id: the id is drawn here and sent. */
      if ((id = next_id (pg, stmt->insert_table)) == 0)
        return 0;
      id_types = g_strconcat (stmt->types, "i", NULL);
      name = prepared_name_of (stmt, stmt->id_prepared, stmt->id_sql, id_types, stmt->n_params + 1);
      stmt->values[stmt->n_params] = g_strdup_printf ("%" G_GINT64_FORMAT, id);
    }
  else
    name = prepared_name (stmt);
  if (name == NULL)
    {
      g_clear_pointer (&stmt->values[stmt->n_params], g_free);
      return 0;
    }
  if (hold_row (stmt, name, stmt->n_params + (id != 0)))
    {
      g_clear_pointer (&stmt->values[stmt->n_params], g_free);
      if (id != 0)
        {
          pg->last_insert_id = id;
          pg->insert_id_known = TRUE;
        }
      if (pg->n_held >= MAX_HELD)
        pipeline_sync (pg);
      return 1;
    }
  /* What was held runs before. */
  count_flush (pg, "WRITE ", stmt->sql);
  send_held (pg);
  if (!pg->in_pipeline)
    {
      settle_inflight (pg);
      if (PQenterPipelineMode (pg->conn) != 1)
        {
          remember_error (pg, NULL);
          g_clear_pointer (&stmt->values[stmt->n_params], g_free);
          return 0;
        }
      pg->in_pipeline = TRUE;
    }
  if (PQsendQueryPrepared (pg->conn, name, stmt->n_params + (id != 0), (const char *const *) stmt->values, NULL,
                           NULL, 0) != 1)
    {
      g_clear_pointer (&stmt->values[stmt->n_params], g_free);
      remember_error (pg, NULL);
      pg->pipeline_failed = TRUE;
      pipeline_sync (pg);
      return 0;
    }
  g_clear_pointer (&stmt->values[stmt->n_params], g_free);
  p.returns_id = stmt->returns_id && id == 0;
  p.seq = ++pg->seq;
  g_array_append_val (pg->pending, p);
  if (id != 0)
    {
      pg->last_insert_id = id;
      pg->insert_id_known = TRUE;
    }
  else if (stmt->returns_id)
    pg->insert_id_known = FALSE;
  if (pg->pending->len >= MAX_PENDING)
    pipeline_sync (pg);
  return 1;
}

void
bsn_pg_stmt_set_scan (BsnPgStmt *stmt)
{
  stmt->scan = !stmt->is_write && !stmt->returns_id;
}

/* Whether @stmt's rows may come from a cursor now: a scan, in the read
 * transaction this connection is in (a cursor lives until its
 * transaction ends, and a read one has no savepoint rolled back to close
 * it under us), nothing sent ahead. */
static gboolean
may_use_cursor (BsnPgStmt *stmt)
{
  BsnPg *pg = stmt->pg;

  return stmt->scan && pg->read_txn != 0 && pg->read_txn == pg->txn && !pg->in_pipeline && pg->held->len == 0
         && PQtransactionStatus (pg->conn) == PQTRANS_INTRANS;
}

/* Asks for @stmt's next chunk without waiting: the server reads it
 * while this side goes through the one it has. */
static void
ask_next_chunk (BsnPgStmt *stmt)
{
  BsnPg *pg = stmt->pg;
  g_autofree char *sql = g_strdup_printf ("FETCH FORWARD %d FROM %s", SCAN_CHUNK, stmt->cursor);

  settle_inflight (pg);
  count_trip (pg, "scan chunk");
  if (PQsendQueryParams (pg->conn, sql, 0, NULL, NULL, NULL, NULL, stmt->cursor_format) == 1)
    pg->inflight = stmt;
}

/* The next chunk of @stmt's cursor into stmt->result (the one read
 * ahead, else asked for now), and the one after it asked for. */
static gboolean
fetch_chunk (BsnPgStmt *stmt)
{
  BsnPg *pg = stmt->pg;

  g_clear_pointer (&stmt->result, PQclear);
  if (stmt->next_chunk == NULL && pg->inflight != stmt)
    ask_next_chunk (stmt);
  if (pg->inflight == stmt)
    settle_inflight (pg);
  stmt->result = g_steal_pointer (&stmt->next_chunk);
  if (PQresultStatus (stmt->result) != PGRES_TUPLES_OK)
    {
      /* Also no answer at all (the connection is gone). */
      remember_error (pg, stmt->result);
      g_clear_pointer (&stmt->result, PQclear);
      stmt->cursor_more = FALSE;
      return FALSE;
    }
  stmt->cursor_more = PQntuples (stmt->result) == SCAN_CHUNK;
  stmt->row = -1;
  if (stmt->cursor_more)
    ask_next_chunk (stmt);
  return TRUE;
}

/* Opens a cursor on @stmt's query with its parameters and reads the
 * first chunk. */
static gboolean
open_cursor (BsnPgStmt *stmt)
{
  BsnPg *pg = stmt->pg;
  const char *name = prepared_name (stmt);   /* what its rows hold, asked once */
  g_autofree Oid *oids = NULL;
  g_autofree char *sql = NULL;
  PGresult *result;
  gboolean ok;

  if (name == NULL)
    return FALSE;
  settle_inflight (pg);
  stmt->cursor_format = result_format (stmt, name);
  stmt->cursor = g_strdup_printf ("bsn_cur_%u", pg->next_name++);
  stmt->cursor_txn = pg->txn;
  sql = g_strdup_printf ("DECLARE %s NO SCROLL CURSOR FOR %s", stmt->cursor, stmt->sql);
  oids = param_oids (stmt, stmt->types, stmt->n_params);
  count_trip (pg, "scan cursor");
  result = PQexecParams (pg->conn, sql, stmt->n_params, oids, (const char *const *) stmt->values, NULL, NULL, 0);
  ok = PQresultStatus (result) == PGRES_COMMAND_OK;
  if (!ok)
    {
      remember_error (pg, result);
      g_clear_pointer (&stmt->cursor, g_free);
    }
  PQclear (result);
  return ok && fetch_chunk (stmt);
}

/* Closes @stmt's cursor if it was left before its end in the transaction
 * still open (a cursor ends with its transaction; one at its end holds
 * nothing). */
static void
close_cursor (BsnPgStmt *stmt)
{
  BsnPg *pg = stmt->pg;
  gboolean more = stmt->cursor_more;

  if (pg->inflight == stmt)
    settle_inflight (pg);
  if (stmt->next_chunk != NULL)
    {
      more = more && PQntuples (stmt->next_chunk) == SCAN_CHUNK;
      g_clear_pointer (&stmt->next_chunk, PQclear);
    }
  if (stmt->cursor == NULL)
    return;
  if (more && stmt->cursor_txn == pg->txn && !pg->in_pipeline
      && PQtransactionStatus (pg->conn) == PQTRANS_INTRANS)
    {
      g_autofree char *sql = g_strdup_printf ("CLOSE %s", stmt->cursor);

      count_trip (pg, "scan close");
      settle_inflight (pg);
      PQclear (PQexec (pg->conn, sql));
    }
  g_clear_pointer (&stmt->cursor, g_free);
  stmt->cursor_more = FALSE;
}

BsnStep
bsn_pg_stmt_step (BsnPgStmt *stmt)
{
  BsnPg *pg = stmt->pg;

  if (stmt->result == NULL && may_use_cursor (stmt))
    {
      if (!open_cursor (stmt))
        return BSN_STEP_FAILED;
    }
  else if (stmt->result == NULL)
    {
      const char *name = prepared_name (stmt);
      ExecStatusType status;
      guint64 seq;
      gboolean with_held;

      if (name == NULL)
        return BSN_STEP_FAILED;
      /* A read sees every write held back of the tables it names (or
       * that a schema function it calls may read); the others stay held
       * for a statement of many rows later. */
      with_held = stmt->is_write || names_held_table (pg, stmt->sql) || strstr (stmt->sql, "bsn_") != NULL;
      if (with_held)
        {
          count_flush (pg, "", stmt->sql);
          send_held (pg);
        }
      if (pg->in_pipeline)
        {
          /* Behind the statements sent before it: one round trip for all. */
          Pending p = { stmt, FALSE, ++pg->seq };

          seq = p.seq;
          if (PQsendQueryPrepared (pg->conn, name, stmt->n_params, (const char *const *) stmt->values, NULL, NULL,
                                   result_format (stmt, name)) != 1)
            {
              remember_error (pg, NULL);
              pg->pipeline_failed = TRUE;
              pipeline_sync (pg);
              return BSN_STEP_FAILED;
            }
          g_array_append_val (pg->pending, p);
          count_trip (pg, stmt->sql);
          pipeline_sync_held (pg, with_held);
          if (stmt->result == NULL)
            return BSN_STEP_FAILED;
        }
      else
        {
          seq = ++pg->seq;
          count_trip (pg, stmt->sql);
          settle_inflight (pg);
          stmt->result = PQexecPrepared (pg->conn, name, stmt->n_params,
                                         (const char *const *) stmt->values, NULL, NULL,
                                         result_format (stmt, name));
        }
      status = PQresultStatus (stmt->result);
      if (status == PGRES_COMMAND_OK)
        {
          count_changes_at (pg, stmt->result, seq);
          return BSN_DONE;
        }
      if (status != PGRES_TUPLES_OK)
        {
          remember_error (pg, stmt->result);
          g_clear_pointer (&stmt->result, PQclear);
          return BSN_STEP_FAILED;
        }
      if (stmt->returns_id)
        {
          /* The caller asked for an INSERT: it sees no row, only the id. */
          count_changes_at (pg, stmt->result, seq);
          if (PQntuples (stmt->result) > 0)
            {
              pg->last_insert_id = g_ascii_strtoll (PQgetvalue (stmt->result, 0, 0), NULL, 10);
              pg->insert_id_known = TRUE;
            }
          return BSN_DONE;
        }
      if (stmt->insert_table != NULL || g_ascii_strncasecmp (PQcmdStatus (stmt->result), "SELECT", 6) != 0)
        count_changes_at (pg, stmt->result, seq);
      stmt->row = -1;
    }
  if (stmt->returns_id)
    return BSN_DONE;
  clear_scratch (stmt);
  stmt->row++;
  if (stmt->row == 0)
    describe_result (stmt);
  if (stmt->row >= stmt->n_rows && stmt->cursor != NULL && stmt->cursor_more)
    {
      if (!fetch_chunk (stmt))
        return BSN_STEP_FAILED;
      stmt->row = 0;
      describe_result (stmt);
    }
  return stmt->row < stmt->n_rows ? BSN_ROW : BSN_DONE;
}

static inline gboolean
has_value (BsnPgStmt *stmt,
           int        column)
{
  return stmt->result != NULL && stmt->row >= 0 && stmt->row < stmt->n_rows && column >= 0
         && column < stmt->n_fields && !PQgetisnull (stmt->result, stmt->row, column);
}

/* A binary integer or boolean column's value; FALSE for another kind. */
static inline gboolean
binary_number (BsnPgStmt *stmt,
               int        column,
               gint64    *out)
{
  char kind = stmt->kinds[column];
  const guint8 *v;
  int len;
  guint64 n = 0;

  if (kind == 0 || kind == BINARY_OTHER)
    return FALSE;
  v = (const guint8 *) PQgetvalue (stmt->result, stmt->row, column);
  len = PQgetlength (stmt->result, stmt->row, column);
  if (kind == BINARY_BOOL)
    {
      *out = len == 1 && v[0] != 0;
      return TRUE;
    }
  /* Big-endian two's complement of 2, 4 or 8 bytes. */
  if (len != 2 && len != 4 && len != 8)
    return FALSE;
  for (int i = 0; i < len; i++)
    n = (n << 8) | v[i];
  if (len < 8 && (v[0] & 0x80) != 0)
    n |= G_MAXUINT64 << (len * 8);
  *out = (gint64) n;
  return TRUE;
}

gint64
bsn_pg_stmt_column_int64 (BsnPgStmt *stmt,
                          int        column)
{
  const char *text;
  gint64 n;

  if (!has_value (stmt, column))
    return 0;
  if (binary_number (stmt, column, &n))
    return n;
  text = PQgetvalue (stmt->result, stmt->row, column);
  /* A comparison in a select list is a boolean here, an integer in SQLite. */
  if (text[0] == 't' && text[1] == '\0')
    return 1;
  if (text[0] == 'f' && text[1] == '\0')
    return 0;
  return g_ascii_strtoll (text, NULL, 10);
}

const char *
bsn_pg_stmt_column_text (BsnPgStmt *stmt,
                         int        column)
{
  gint64 n;

  if (!has_value (stmt, column))
    return NULL;
  if (binary_number (stmt, column, &n))
    {
      /* As the text format writes it, kept until the next row. */
      if (stmt->scratch == NULL || stmt->n_scratch < PQnfields (stmt->result))
        {
          clear_scratch (stmt);
          g_free (stmt->scratch);
          stmt->n_scratch = PQnfields (stmt->result);
          stmt->scratch = g_new0 (char *, stmt->n_scratch);
        }
      g_free (stmt->scratch[column]);
      stmt->scratch[column] = stmt->kinds[column] == BINARY_BOOL ? g_strdup (n ? "t" : "f")
                              : g_strdup_printf ("%" G_GINT64_FORMAT, n);
      return stmt->scratch[column];
    }
  return PQgetvalue (stmt->result, stmt->row, column);
}

gboolean
bsn_pg_stmt_column_is_null (BsnPgStmt *stmt,
                            int        column)
{
  return !has_value (stmt, column);
}

BsnValueType
bsn_pg_stmt_column_type (BsnPgStmt *stmt,
                         int        column)
{
  if (!has_value (stmt, column))
    return BSN_VALUE_NULL;
  switch (PQftype (stmt->result, column))
    {
    case OID_INT8:
    case 21:   /* int2 */
    case 23:   /* int4 */
      return BSN_VALUE_INTEGER;
    default:
      return BSN_VALUE_TEXT;
    }
}

int
bsn_pg_stmt_column_count (BsnPgStmt *stmt)
{
  return stmt->result != NULL ? PQnfields (stmt->result) : 0;
}

/* ---- COPY ---- */

struct _BsnPgCopy
{
  BsnPg   *pg;
  GString *chunk;
  gboolean failed;
};

/* Bytes gathered before they go to the server. */
#define COPY_CHUNK (256 * 1024)

BsnPgCopy *
bsn_pg_copy_begin (BsnPg      *pg,
                   const char *table,
                   const char *columns,
                   GError    **error)
{
  g_autofree char *sql = g_strdup_printf ("COPY \"%s\" (%s) FROM STDIN", table, columns);
  PGresult *result;
  BsnPgCopy *copy;

  pipeline_sync (pg);
  result = PQexec (pg->conn, sql);
  if (PQresultStatus (result) != PGRES_COPY_IN)
    {
      remember_error (pg, result);
      PQclear (result);
      bsn_pg_set_error (pg, error, _("Menulis ke tujuan"));
      return NULL;
    }
  PQclear (result);
  copy = g_new0 (BsnPgCopy, 1);
  copy->pg = pg;
  copy->chunk = g_string_sized_new (COPY_CHUNK + 4096);
  return copy;
}

static gboolean
copy_flush (BsnPgCopy *copy)
{
  if (copy->chunk->len > 0 && PQputCopyData (copy->pg->conn, copy->chunk->str, (int) copy->chunk->len) != 1)
    copy->failed = TRUE;
  g_string_truncate (copy->chunk, 0);
  return !copy->failed;
}

gboolean
bsn_pg_copy_row (BsnPgCopy         *copy,
                 const char *const *values,
                 guint              n,
                 GError           **error)
{
  for (guint c = 0; c < n; c++)
    {
      if (c > 0)
        g_string_append_c (copy->chunk, '\t');
      if (values[c] == NULL)
        {
          g_string_append (copy->chunk, "\\N");
          continue;
        }
      /* COPY's text format: backslash, tab, newline and carriage return
       * are escaped; everything else goes as it is. */
      for (const char *p = values[c]; *p != '\0'; p++)
        switch (*p)
          {
          case '\\':
            g_string_append (copy->chunk, "\\\\");
            break;
          case '\t':
            g_string_append (copy->chunk, "\\t");
            break;
          case '\n':
            g_string_append (copy->chunk, "\\n");
            break;
          case '\r':
            g_string_append (copy->chunk, "\\r");
            break;
          default:
            g_string_append_c (copy->chunk, *p);
          }
    }
  g_string_append_c (copy->chunk, '\n');
  if (copy->chunk->len >= COPY_CHUNK && !copy_flush (copy))
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_IO, _("Menulis ke tujuan: %s"), PQerrorMessage (copy->pg->conn));
      return FALSE;
    }
  return TRUE;
}

gboolean
bsn_pg_copy_end (BsnPgCopy *copy,
                 GError   **error)
{
  BsnPg *pg = copy->pg;
  gboolean ok = copy_flush (copy);
  PGresult *result;

  ok = PQputCopyEnd (pg->conn, ok ? NULL : "dibatalkan") == 1 && ok;
  while ((result = PQgetResult (pg->conn)) != NULL)
    {
      if (PQresultStatus (result) != PGRES_COMMAND_OK)
        {
          remember_error (pg, result);
          ok = FALSE;
        }
      else
        count_changes (pg, result);
      PQclear (result);
    }
  if (!ok)
    bsn_pg_set_error (pg, error, _("Menulis ke tujuan"));
  g_string_free (copy->chunk, TRUE);
  g_free (copy);
  return ok;
}

gboolean
bsn_pg_reset_identities (BsnPg   *pg,
                         GError **error)
{
  g_hash_table_remove_all (pg->id_blocks);
  return bsn_pg_exec (pg,
                      "DO $$ DECLARE r record; BEGIN "
                      "FOR r IN SELECT table_name FROM information_schema.columns "
                      "WHERE table_schema = current_schema () AND column_name = 'id' AND is_identity = 'YES' LOOP "
                      "EXECUTE format ('SELECT setval (pg_get_serial_sequence (%L, ''id''), "
                      "coalesce (max (id), 0) + 1, false) FROM %I', r.table_name, r.table_name); "
                      "END LOOP; END $$",
                      _("Menyetel ulang nomor urut"), error);
}

void
bsn_pg_stmt_reset (BsnPgStmt *stmt)
{
  close_cursor (stmt);
  g_clear_pointer (&stmt->result, PQclear);
  clear_scratch (stmt);
  stmt->row = -1;
}

gint64
bsn_pg_last_insert_id (BsnPg *pg)
{
  if (!pg->insert_id_known && pg->in_pipeline)
    {
      count_trip (pg, "last_insert_id");
      pipeline_sync (pg);
    }
  return pg->last_insert_id;
}

gint64
bsn_pg_changes (BsnPg *pg)
{
  if (pg->in_pipeline)
    count_trip (pg, "changes");
  pipeline_sync (pg);
  return pg->changes;
}

gint64
bsn_pg_total_changes (BsnPg *pg)
{
  pipeline_sync (pg);
  return pg->total_changes;
}
