/* bsn-db-schema-check.c — the schema objects a database must have (see
 * bsn-db-schema-check.h). */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "bsn-db-schema-check.h"
#include "bsn-error.h"

#define MAX_SCHEMA_PROBLEMS 20

G_GNUC_PRINTF (2, 3)
static void
add_problem (GPtrArray  *problems,
             const char *format,
             ...)
{
  va_list args;

  if (problems->len >= MAX_SCHEMA_PROBLEMS)
    return;
  va_start (args, format);
  g_ptr_array_add (problems, g_strdup_vprintf (format, args));
  va_end (args);
}

typedef struct
{
  char *type;
  char *name;
  char *sql;   /* triggers and views only */
} SchemaObject;

static void
schema_object_free (gpointer data)
{
  SchemaObject *o = data;

  g_free (o->type);
  g_free (o->name);
  g_free (o->sql);
  g_free (o);
}

/* The objects of @db's schema, by "type name". */
static GHashTable *
read_objects (BsnDb   *db,
              GError **error)
{
  g_autoptr(GHashTable) objects = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, schema_object_free);
  const char *sql = bsn_db_get_engine (db) == BSN_ENGINE_SQLITE
    ? "SELECT type, name, CASE WHEN type IN ('trigger','view') THEN sql END FROM sqlite_master "
      "WHERE name NOT LIKE 'sqlite\\_stat%' ESCAPE '\\'"
    : "SELECT 'table', tablename, NULL FROM pg_tables WHERE schemaname = current_schema () "
      "UNION ALL SELECT 'view', viewname, NULL FROM pg_views WHERE schemaname = current_schema () "
      "UNION ALL SELECT 'trigger', t.tgname || ' ON ' || c.relname, "
      "  CASE WHEN t.tgfoid = 'bsn_refuse_change'::regproc THEN 'refuse' "
      "       ELSE 'calls ' || t.tgfoid::regproc::text END "
      "  FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
      " WHERE NOT t.tgisinternal AND c.relnamespace = current_schema ()::regnamespace";
  BsnStmt *stmt = bsn_db_prepare (db, sql, error);
  BsnStep rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = bsn_stmt_step (stmt)) == BSN_ROW)
    {
      SchemaObject *o = g_new0 (SchemaObject, 1);

      o->type = g_strdup (bsn_stmt_column_text (stmt, 0));
      o->name = g_strdup (bsn_stmt_column_text (stmt, 1));
      o->sql = g_strdup (bsn_stmt_column_text (stmt, 2));
      g_hash_table_replace (objects, g_strdup_printf ("%s %s", o->type, o->name), o);
    }
  bsn_stmt_reset (stmt);
  if (rc != BSN_DONE)
    {
      bsn_db_set_error (db, error, _("Membaca skema basis data"));
      return NULL;
    }
  return g_steal_pointer (&objects);
}

/* PostgreSQL: the tables and append-only triggers of the current version
 * (bsn-db-schema-pg.c). Every trigger there calls bsn_refuse_change. */
static const char *const pg_tables[] = {
  "bsn_schema", "meta", "stores", "customers", "accounts", "postings", "legs", "tier_versions", "tier_rates",
  "quotas", "receipts", "receipt_parts", "bonus_rules", "bonus_grants", "day_plans", "stock_lines", "lots",
  "lot_events", "reserve_policies", "reserve_events", "vouchers", "voucher_funding", "redemptions", "users",
  "audit", "chain", "expiry_policies", "point_expiries",
};
static const char *const pg_append_only[] = {
  "postings", "legs", "tier_versions", "tier_rates", "receipts", "lots", "lot_events", "audit", "chain",
  "expiry_policies", "point_expiries",
};
/* Version 14: the tables whose writes notify other desktops (bsn-db-watch.h). */
static const char *const pg_notifying[] = {
  "postings", "receipts", "vouchers", "redemptions", "tier_versions", "lots", "lot_events", "stores",
  "customers", "quotas", "day_plans", "stock_lines", "bonus_rules", "reserve_events", "users",
};
/* Version 24: tables whose references are checked per statement, and
 * the tables they refer to that are not append-only. */
static const char *const pg_checking_references[] = { "legs", "receipts", "receipt_parts", "postings" };
static const char *const pg_referenced[] = { "accounts", "customers", "stores" };

static GHashTable *
expected_pg_objects (void)
{
  GHashTable *objects = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, schema_object_free);

#define ADD(t, n, s) G_STMT_START {                                           \
    SchemaObject *o = g_new0 (SchemaObject, 1);                                \
    o->type = g_strdup (t);                                                    \
    o->name = (n);                                                             \
    o->sql = g_strdup (s);                                                     \
    g_hash_table_replace (objects, g_strdup_printf ("%s %s", o->type, o->name), o); \
  } G_STMT_END
  for (guint i = 0; i < G_N_ELEMENTS (pg_tables); i++)
    ADD ("table", g_strdup (pg_tables[i]), NULL);
  for (guint i = 0; i < G_N_ELEMENTS (pg_append_only); i++)
    {
      const char *t = pg_append_only[i];
      ADD ("trigger", g_strdup_printf ("%s_no_update ON %s", t, t), "refuse");
      ADD ("trigger", g_strdup_printf ("%s_no_delete ON %s", t, t), "refuse");
      ADD ("trigger", g_strdup_printf ("%s_no_truncate ON %s", t, t), "refuse");
    }
  for (guint i = 0; i < G_N_ELEMENTS (pg_notifying); i++)
    ADD ("trigger", g_strdup_printf ("%s_notify ON %s", pg_notifying[i], pg_notifying[i]),
         "calls bsn_notify_change");
  /* Version 15: the audit actor is the session user; every posting
   * balances (checked per posting since version 23). */
  ADD ("trigger", g_strdup ("audit_actor ON audit"), "calls bsn_audit_actor");
  ADD ("trigger", g_strdup ("postings_balance ON postings"), "calls bsn_posting_balanced");
  ADD ("trigger", g_strdup ("vouchers_no_update ON vouchers"), "refuse");
  ADD ("trigger", g_strdup ("redemptions_no_change ON redemptions"), "refuse");
  ADD ("trigger", g_strdup ("redemptions_no_delete ON redemptions"), "refuse");
  ADD ("trigger", g_strdup ("redemptions_no_truncate ON redemptions"), "refuse");
  /* Version 18: a reserve event switches its store. */
  ADD ("trigger", g_strdup ("reserve_events_store ON reserve_events"), "calls bsn_reserve_event_store");
  /* Version 19: the server moves the balances of new legs' accounts. */
  ADD ("trigger", g_strdup ("legs_move_balances ON legs"), "calls bsn_legs_move_balances");
  /* Version 20: a counter posting stands on its row; legs come with it. */
  ADD ("trigger", g_strdup ("postings_backed ON postings"), "calls bsn_posting_backed_check");
  ADD ("trigger", g_strdup ("legs_with_posting ON legs"), "calls bsn_leg_with_posting");
  /* Version 21: a receipt's value within the tables in force. */
  ADD ("trigger", g_strdup ("receipts_within_tables ON receipts"), "calls bsn_receipt_within_tables_check");
  /* Version 24: the busiest tables' references checked per statement,
   * their parents kept while referred to. */
  for (guint i = 0; i < G_N_ELEMENTS (pg_checking_references); i++)
    {
      const char *t = pg_checking_references[i];
      g_autofree char *calls = g_strdup_printf ("calls bsn_%s_references", t);

      ADD ("trigger", g_strdup_printf ("%s_references ON %s", t, t), calls);
    }
  for (guint i = 0; i < G_N_ELEMENTS (pg_referenced); i++)
    ADD ("trigger", g_strdup_printf ("%s_referenced ON %s", pg_referenced[i], pg_referenced[i]),
         "calls bsn_referenced_check");
  ADD ("trigger", g_strdup ("accounts_no_truncate ON accounts"), "refuse");
#undef ADD
  return objects;
}

/* SQLite: the objects of a fresh database migrated to @version, read once
 * per version and process. */
static GHashTable *
expected_sqlite_objects (int       version,
                         GError  **error)
{
  static GMutex lock;
  static GHashTable *by_version;
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&lock);
  GHashTable *objects;

  if (by_version == NULL)
    by_version = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, (GDestroyNotify) g_hash_table_unref);
  objects = g_hash_table_lookup (by_version, GINT_TO_POINTER (version));
  if (objects == NULL)
    {
      g_autoptr(BsnDb) fresh = bsn_db_open_at_version (":memory:", version, error);

      if (fresh == NULL || (objects = read_objects (fresh, error)) == NULL)
        return NULL;
      g_hash_table_insert (by_version, GINT_TO_POINTER (version), objects);
    }
  return g_hash_table_ref (objects);
}

static const char *
type_label (const char *type)
{
  if (g_strcmp0 (type, "table") == 0)
    return _("tabel");
  if (g_strcmp0 (type, "index") == 0)
    return _("indeks");
  if (g_strcmp0 (type, "trigger") == 0)
    return _("pemicu");
  return _("view");
}

gboolean
bsn_db_check_schema_objects (BsnDb      *db,
                             GPtrArray  *problems,
                             gboolean   *out_foreign,
                             GError    **error)
{
  g_autoptr(GHashTable) actual = NULL;
  g_autoptr(GHashTable) expected = NULL;
  g_autoptr(GList) keys = NULL;
  gboolean sqlite = bsn_db_get_engine (db) == BSN_ENGINE_SQLITE;
  int version = 0;
  GHashTableIter iter;
  gpointer key, value;

  if (out_foreign != NULL)
    *out_foreign = FALSE;
  /* A version that could not be read is an error, not version 0 (whose
   * schema is empty: every object would be named foreign). */
  if ((actual = read_objects (db, error)) == NULL || !bsn_db_read_user_version (db, &version, error))
    return FALSE;
  if (sqlite)
    expected = expected_sqlite_objects (version, error);
  else if (version == bsn_db_schema_version ())
    expected = expected_pg_objects ();
  else
    return TRUE;   /* an older PostgreSQL schema: migrated on the next open */
  if (expected == NULL)
    return FALSE;
  /* Sorted, so the same file always names the same first difference. */
  keys = g_list_sort (g_hash_table_get_keys (actual), (GCompareFunc) g_strcmp0);
  for (GList *l = keys; l != NULL; l = l->next)
    {
      SchemaObject *a = g_hash_table_lookup (actual, l->data);
      SchemaObject *e = g_hash_table_lookup (expected, l->data);
      gboolean active = g_strcmp0 (a->type, "trigger") == 0 || g_strcmp0 (a->type, "view") == 0;

      /* On PostgreSQL only tables, views and triggers are compared. */
      if (!sqlite && g_strcmp0 (a->type, "index") == 0)
        continue;
      if (e == NULL)
        add_problem (problems, _("Skema memuat %s asing “%s”"), type_label (a->type), a->name);
      else if (active && g_strcmp0 (a->sql, e->sql) != 0)
        add_problem (problems, _("Skema: %s “%s” telah diubah"), type_label (a->type), a->name);
      else
        continue;
      if (active && out_foreign != NULL)
        *out_foreign = TRUE;
    }
  g_hash_table_iter_init (&iter, expected);
  g_clear_pointer (&keys, g_list_free);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (!g_hash_table_contains (actual, key))
      keys = g_list_prepend (keys, key);
  keys = g_list_sort (keys, (GCompareFunc) g_strcmp0);
  for (GList *l = keys; l != NULL; l = l->next)
    {
      SchemaObject *e = g_hash_table_lookup (expected, l->data);
      add_problem (problems, _("Skema kehilangan %s “%s”"), type_label (e->type), e->name);
    }
  return TRUE;
}
