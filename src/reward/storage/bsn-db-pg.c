/* bsn-db-pg.c — the PostgreSQL engine (see bsn-db-pg.h). */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <libpq-fe.h>
#include <string.h>

#include "bsn-db-pg.h"
#include "bsn-error.h"

/* Type oids of the values the library binds. */
#define OID_INT8 20
#define OID_TEXT 25

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
};

/* One server-side statement per set of parameter types. */
typedef struct
{
  char *types;                 /* 'i' int8, 't' text, 'n' null, per param */
  char *name;
} Prepared;

struct _BsnPgStmt
{
  BsnPg     *pg;
  char      *sql;              /* translated */
  char      *insert_table;     /* an INSERT's table, or NULL */
  gboolean   returns_id;       /* RETURNING id added to an INSERT */
  int        n_params;
  char     **values;           /* owned text of each value, NULL = SQL NULL */
  char      *types;            /* as in Prepared, n_params long */
  char      *used;             /* 1 for each parameter the SQL refers to */
  GPtrArray *prepared;         /* Prepared* */
  PGresult  *result;
  int        row;              /* the current row, -1 before the first */
};

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

  if (g_str_equal (state, "23505"))
    g_set_error (error, BSN_ERROR, BSN_ERROR_EXISTS, _("%s: data yang sama sudah ada (%s)"), what, message);
  else if (g_str_equal (state, "40001") || g_str_equal (state, "40P01") || g_str_equal (state, "55P03"))
    g_set_error (error, BSN_ERROR, BSN_ERROR_BUSY,
                 _("%s: basis data sedang dipakai proses lain, coba lagi (%s)"), what, message);
  else if (g_str_has_prefix (state, "08") || PQstatus (pg->conn) != CONNECTION_OK)
    g_set_error (error, BSN_ERROR, BSN_ERROR_IO,
                 _("%s: server PostgreSQL tidak dapat dihubungi (%s)"), what, message);
  else if (g_str_equal (state, "42501"))
    g_set_error (error, BSN_ERROR, BSN_ERROR_REFUSED,
                 _("%s: server menolak; login ini tidak berhak (%s)"), what, message);
  else
    g_set_error (error, BSN_ERROR, BSN_ERROR_IO, _("%s: kesalahan basis data (%s)"), what, message);
}

/* ---- Connection ---- */

/* Why the server turned a login away, in words for the person at the
 * desk. */
static void
set_connect_error (PGconn     *conn,
                   const char *user,
                   GError    **error)
{
  g_autofree char *message = g_strdup (PQerrorMessage (conn));

  g_strchomp (message);
  if (strstr (message, "not permitted to log in") != NULL)
    g_set_error (error, BSN_ERROR, BSN_ERROR_REFUSED,
                 _("Login %s belum atau tidak lagi boleh masuk ke server: pemilik memberi kata sandi baru "
                   "(user passwd --name %s) atau mengaktifkannya (user enable)"),
                 PQuser (conn), PQuser (conn));
  else if (PQconnectionUsedPassword (conn) || (user != NULL && strstr (message, "authentication failed") != NULL))
    g_set_error (error, BSN_ERROR, BSN_ERROR_REFUSED, _("Nama pengguna atau kata sandi salah"));
  else
    g_set_error (error, BSN_ERROR, BSN_ERROR_IO, _("Server PostgreSQL tidak dapat dihubungi: %s"), message);
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

  if (user == NULL)
    keywords[1] = NULL;
  else if (password == NULL)
    keywords[2] = NULL;
  pg->next_name = 1;
  pg->conn = PQconnectdbParams (keywords, values, 1);
  if (PQstatus (pg->conn) != CONNECTION_OK)
    {
      set_connect_error (pg->conn, user, error);
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
  g_free (pg->error_state);
  g_free (pg->error_message);
  g_free (pg);
}

static void
count_changes (BsnPg    *pg,
               PGresult *result)
{
  const char *tuples = PQcmdTuples (result);

  pg->changes = tuples != NULL && *tuples != '\0' ? g_ascii_strtoll (tuples, NULL, 10) : 0;
  pg->total_changes += pg->changes;
}

gboolean
bsn_pg_exec (BsnPg      *pg,
             const char *sql,
             const char *what,
             GError    **error)
{
  PGresult *result = PQexec (pg->conn, sql);
  ExecStatusType status = PQresultStatus (result);
  gboolean ok = status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;

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

  g_clear_pointer (&pg->error_state, g_free);
  return bsn_pg_exec (pg, sql, _("Memulai transaksi"), error);
}

gboolean
bsn_pg_transaction_failed (BsnPg *pg)
{
  PGTransactionStatusType status = PQtransactionStatus (pg->conn);

  return status == PQTRANS_INERROR || status == PQTRANS_UNKNOWN;
}

/* Reads one value of a query without parameters: NULL when it failed or
 * returned no row. (transfer full) */
static char *
query_text (BsnPg      *pg,
            const char *sql)
{
  PGresult *result = PQexec (pg->conn, sql);
  char *value = NULL;

  if (PQresultStatus (result) == PGRES_TUPLES_OK && PQntuples (result) > 0 && !PQgetisnull (result, 0, 0))
    value = g_strdup (PQgetvalue (result, 0, 0));
  else if (PQresultStatus (result) != PGRES_TUPLES_OK)
    remember_error (pg, result);
  PQclear (result);
  return value;
}

static gboolean
has_schema_table (BsnPg *pg)
{
  g_autofree char *found = query_text (pg, "SELECT to_regclass ('bsn_schema')::text");

  return found != NULL;
}

int
bsn_pg_schema_version (BsnPg *pg)
{
  g_autofree char *version = NULL;

  if (!has_schema_table (pg))
    return 0;
  version = query_text (pg, "SELECT max (version) FROM bsn_schema");
  return version != NULL ? (int) g_ascii_strtoll (version, NULL, 10) : 0;
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
  return bsn_pg_exec (pg, sql, _("Memperbarui skema basis data"), error);
}

/* The tables whose id is an identity column: an INSERT into one of them
 * returns the new id (SQLite's last_insert_rowid). */
static GHashTable *
identity_tables (BsnPg *pg)
{
  PGresult *result;

  if (pg->identity_tables != NULL)
    return pg->identity_tables;
  pg->identity_tables = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  result = PQexec (pg->conn,
                   "SELECT table_name FROM information_schema.columns "
                   "WHERE table_schema = current_schema () AND column_name = 'id' AND is_identity = 'YES'");
  if (PQresultStatus (result) == PGRES_TUPLES_OK)
    for (int i = 0; i < PQntuples (result); i++)
      g_hash_table_add (pg->identity_tables, g_strdup (PQgetvalue (result, i, 0)));
  PQclear (result);
  return pg->identity_tables;
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
          if (used != NULL)
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

BsnPgStmt *
bsn_pg_stmt_new (BsnPg       *pg,
                 const char  *sql,
                 GError     **error)
{
  BsnPgStmt *stmt = g_new0 (BsnPgStmt, 1);

  g_autoptr(GString) used = g_string_new (NULL);

  stmt->pg = pg;
  stmt->sql = translate (sql, &stmt->n_params, &stmt->insert_table, used);
  while (used->len < (gsize) stmt->n_params)
    g_string_append_c (used, '0');
  stmt->used = g_string_free (g_steal_pointer (&used), FALSE);
  if (stmt->insert_table != NULL && strstr (stmt->sql, "RETURNING") == NULL
      && g_hash_table_contains (identity_tables (pg), stmt->insert_table))
    {
      char *with_id = g_strconcat (stmt->sql, " RETURNING id", NULL);

      g_free (stmt->sql);
      stmt->sql = with_id;
      stmt->returns_id = TRUE;
    }
  stmt->values = g_new0 (char *, stmt->n_params + 1);
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
  bsn_pg_stmt_reset (stmt);
  bsn_pg_stmt_clear (stmt);
  g_ptr_array_unref (stmt->prepared);
  g_free (stmt->values);
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

/* The server-side statement for the types bound now, prepared on first use. */
static const char *
prepared_name (BsnPgStmt *stmt)
{
  g_autofree Oid *oids = NULL;
  Prepared *prepared;
  PGresult *result;

  for (guint i = 0; i < stmt->prepared->len; i++)
    {
      prepared = g_ptr_array_index (stmt->prepared, i);
      if (g_str_equal (prepared->types, stmt->types))
        return prepared->name;
    }
  oids = g_new0 (Oid, stmt->n_params + 1);
  for (int i = 0; i < stmt->n_params; i++)
    /* A NULL's type comes from where the SQL uses it; a parameter the SQL
     * never mentions (a filter left out) must still have one. */
    oids[i] = stmt->types[i] == 'i' ? OID_INT8
              : stmt->types[i] == 't' || stmt->used[i] == '0' ? OID_TEXT : 0;
  prepared = g_new0 (Prepared, 1);
  prepared->types = g_strdup (stmt->types);
  prepared->name = g_strdup_printf ("bsn_%u", stmt->pg->next_name++);
  result = PQprepare (stmt->pg->conn, prepared->name, stmt->sql, stmt->n_params, oids);
  if (PQresultStatus (result) != PGRES_COMMAND_OK)
    {
      remember_error (stmt->pg, result);
      PQclear (result);
      prepared_free (prepared);
      return NULL;
    }
  PQclear (result);
  g_ptr_array_add (stmt->prepared, prepared);
  return prepared->name;
}

BsnStep
bsn_pg_stmt_step (BsnPgStmt *stmt)
{
  if (stmt->result == NULL)
    {
      const char *name = prepared_name (stmt);
      ExecStatusType status;

      if (name == NULL)
        return BSN_STEP_FAILED;
      stmt->result = PQexecPrepared (stmt->pg->conn, name, stmt->n_params,
                                     (const char *const *) stmt->values, NULL, NULL, 0);
      status = PQresultStatus (stmt->result);
      if (status == PGRES_COMMAND_OK)
        {
          count_changes (stmt->pg, stmt->result);
          return BSN_DONE;
        }
      if (status != PGRES_TUPLES_OK)
        {
          remember_error (stmt->pg, stmt->result);
          g_clear_pointer (&stmt->result, PQclear);
          return BSN_STEP_FAILED;
        }
      if (stmt->returns_id)
        {
          /* The caller asked for an INSERT: it sees no row, only the id. */
          count_changes (stmt->pg, stmt->result);
          if (PQntuples (stmt->result) > 0)
            stmt->pg->last_insert_id = g_ascii_strtoll (PQgetvalue (stmt->result, 0, 0), NULL, 10);
          return BSN_DONE;
        }
      if (stmt->insert_table != NULL || g_ascii_strncasecmp (PQcmdStatus (stmt->result), "SELECT", 6) != 0)
        count_changes (stmt->pg, stmt->result);
      stmt->row = -1;
    }
  if (stmt->returns_id)
    return BSN_DONE;
  stmt->row++;
  return stmt->row < PQntuples (stmt->result) ? BSN_ROW : BSN_DONE;
}

static gboolean
has_value (BsnPgStmt *stmt,
           int        column)
{
  return stmt->result != NULL && stmt->row >= 0 && stmt->row < PQntuples (stmt->result)
         && column < PQnfields (stmt->result) && !PQgetisnull (stmt->result, stmt->row, column);
}

gint64
bsn_pg_stmt_column_int64 (BsnPgStmt *stmt,
                          int        column)
{
  const char *text;

  if (!has_value (stmt, column))
    return 0;
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
  if (!has_value (stmt, column))
    return NULL;
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
  PGresult *result = PQexec (pg->conn, sql);
  BsnPgCopy *copy;

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
  g_clear_pointer (&stmt->result, PQclear);
  stmt->row = -1;
}

gint64
bsn_pg_last_insert_id (BsnPg *pg)
{
  return pg->last_insert_id;
}

gint64
bsn_pg_changes (BsnPg *pg)
{
  return pg->changes;
}

gint64
bsn_pg_total_changes (BsnPg *pg)
{
  return pg->total_changes;
}
