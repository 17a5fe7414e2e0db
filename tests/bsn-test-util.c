/* bsn-test-util.c — fixtures shared by the library tests. */
#include <sqlite3.h>
#include "config.h"

#include <glib/gstdio.h>

#include "bsn-test-util.h"

BsnTestDb *
bsn_test_db_new (void)
{
  BsnTestDb *t = g_new0 (BsnTestDb, 1);
  g_autoptr(GError) error = NULL;

  t->dir = g_dir_make_tmp ("bsn-test-XXXXXX", &error);
  g_assert_no_error (error);
  t->path = g_build_filename (t->dir, "test.db", NULL);
  t->db = bsn_db_open (t->path, BSN_DB_OPEN_CREATE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (t->db);
  return t;
}

void
bsn_test_db_free (BsnTestDb *t)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (t == NULL)
    return;
  g_clear_pointer (&t->db, bsn_db_unref);
  dir = g_dir_open (t->dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *p = g_build_filename (t->dir, name, NULL);
      g_unlink (p);
    }
  g_rmdir (t->dir);
  g_free (t->dir);
  g_free (t->path);
  g_free (t);
}

gint64
bsn_test_add_store (BsnDb        *db,
                    const char   *code,
                    BsnStoreRole  role,
                    const char   *parent_code,
                    BsnBand       band,
                    const char   *level,
                    BsnSchemes    schemes)
{
  g_autoptr(BsnStore) s = bsn_store_new ();
  g_autoptr(GError) error = NULL;

  s->code = g_strdup (code);
  s->name = g_strdup_printf ("Toko %s", code);
  s->role = role;
  s->band = band;
  s->margin_bp = bsn_band_default_margin_bp (band);
  s->schemes = schemes;
  g_assert_true (bsn_level_parse (level, band, &s->tier, &error));
  if (parent_code != NULL)
    {
      g_autoptr(BsnStore) p = bsn_store_find (db, parent_code, &error);
      g_assert_no_error (error);
      s->parent_id = p->id;
    }
  g_assert_true (bsn_store_add (db, s, &error));
  g_assert_no_error (error);
  return s->id;
}

gint64
bsn_test_add_customer (BsnDb      *db,
                       const char *code,
                       const char *name)
{
  g_autoptr(BsnCustomer) c = bsn_customer_new ();
  g_autoptr(GError) error = NULL;

  c->code = g_strdup (code);
  c->name = g_strdup (name);
  g_assert_true (bsn_customer_add (db, c, &error));
  g_assert_no_error (error);
  return c->id;
}

int
bsn_test_raw_exec (BsnDb      *db,
                   const char *sql)
{
  return sqlite3_exec (bsn_db_get_sqlite (db), sql, NULL, NULL, NULL) & 0xff;
}
