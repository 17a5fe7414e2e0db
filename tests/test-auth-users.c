/* test-auth-users.c — the users table's own operations: passwords, role
 * names and labels, the refusal sentence of every permission, and the
 * refusals of adding, changing and listing users (bsn-auth.h). */
#include "config.h"

#include <string.h>

#include "bsn-audit.h"
#include "bsn-auth.h"
#include "bsn-error.h"
#include "bsn-test-util.h"

static void
set_up_owner_and_kasir (BsnDb *db)
{
  g_assert_true (bsn_auth_add_user (db, "sri", BSN_ROLE_PEMILIK, "rahasia-pemilik", NULL));
  g_assert_true (bsn_auth_add_user (db, "kiki", BSN_ROLE_KASIR, "rahasia-kasir", NULL));
}

static gint64
audit_rows (BsnDb      *db,
            const char *action)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM audit WHERE action = '%s'", action);
  return bsn_db_query_int (db, sql, -1);
}

static void
test_role_names (void)
{
  const struct { BsnUserRole role; const char *name, *label; } roles[] = {
    { BSN_ROLE_PEMILIK, "pemilik", "Pemilik" },
    { BSN_ROLE_MANAJER, "manajer", "Manajer induk" },
    { BSN_ROLE_PEMBUKUAN, "pembukuan", "Pembukuan" },
    { BSN_ROLE_KASIR, "kasir", "Kasir" },
  };
  g_autoptr(GError) error = NULL;
  BsnUserRole parsed = BSN_ROLE_PEMILIK;

  for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
    {
      g_assert_cmpstr (bsn_user_role_to_string (roles[i].role), ==, roles[i].name);
      g_assert_cmpstr (bsn_user_role_label (roles[i].role), ==, roles[i].label);
      g_assert_true (bsn_user_role_parse (roles[i].name, &parsed, NULL));
      g_assert_cmpint (parsed, ==, roles[i].role);
    }
  g_assert_false (bsn_user_role_parse ("direktur", &parsed, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "“direktur”"));
  g_clear_error (&error);
  g_assert_false (bsn_user_role_parse (NULL, &parsed, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "“”"));
  g_assert_cmpint (parsed, ==, BSN_ROLE_KASIR);
}

/* A kasir is refused every owner-only permission with the sentence naming
 * what was tried; anonymous on a database with users, the same sentence
 * after "masuk dulu". */
static void
test_refusal_sentences (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  const struct { BsnPermission perm; gboolean kasir_may; const char *label; } perms[] = {
    { BSN_PERM_READ, TRUE, "melihat data" },
    { BSN_PERM_TIERS, FALSE, "mengubah tabel tingkat dan bonus" },
    { BSN_PERM_STORES, FALSE, "mengubah data toko" },
    { BSN_PERM_CUSTOMERS, TRUE, "mengubah data pelanggan" },
    { BSN_PERM_QUOTAS, FALSE, "mengubah kuota harian" },
    { BSN_PERM_CONSIGN, FALSE, "memutuskan titip jual" },
    { BSN_PERM_RECEIPTS, TRUE, "mencatat transaksi" },
    { BSN_PERM_LEDGER, FALSE, "mengoreksi buku poin" },
    { BSN_PERM_RESERVES, FALSE, "mengelola cadangan" },
    { BSN_PERM_VOUCHERS, TRUE, "menerbitkan dan menerima voucher" },
    { BSN_PERM_REPORTS, FALSE, "membuat laporan" },
    { BSN_PERM_USERS, FALSE, "mengelola pengguna" },
    { BSN_PERM_BACKUP, FALSE, "membuat cadangan basis data" },
    { BSN_PERM_RESTORE, FALSE, "memulihkan basis data" },
    { BSN_PERM_ADMIN, FALSE, "mengisi data demo" },
    { BSN_PERM_READ_PERSONAL, TRUE, "melihat data pelanggan" },
    { BSN_PERM_READ_FINANCE, TRUE, "melihat saldo, posting, voucher dan angka keuangan" },
  };

  set_up_owner_and_kasir (t->db);
  for (guint i = 0; i < G_N_ELEMENTS (perms); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *expected = g_strdup_printf ("kiki (Kasir) tidak berhak %s", perms[i].label);
      g_autofree char *anon = g_strdup_printf ("Basis data ini memakai pengguna: masuk dulu (--user dan kata sandi) "
                                               "untuk %s", perms[i].label);

      g_assert_true (bsn_auth_login (t->db, "kiki", "rahasia-kasir", NULL));
      g_assert_cmpint (bsn_auth_require (t->db, perms[i].perm, &error), ==, perms[i].kasir_may);
      g_assert_cmpint (bsn_user_role_can (BSN_ROLE_KASIR, perms[i].perm), ==, perms[i].kasir_may);
      g_assert_true (bsn_user_role_can (BSN_ROLE_PEMILIK, perms[i].perm));
      if (!perms[i].kasir_may)
        {
          g_assert_error (error, BSN_ERROR, BSN_ERROR_REFUSED);
          g_assert_cmpstr (error->message, ==, expected);
        }
      g_clear_error (&error);
      bsn_db_set_actor (t->db, NULL, -1);
      g_assert_false (bsn_auth_require (t->db, perms[i].perm, &error));
      g_assert_error (error, BSN_ERROR, BSN_ERROR_REFUSED);
      g_assert_cmpstr (error->message, ==, anon);
    }
}

/* Users change their own password; the owner resets anyone's; no one else
 * may, and an unknown name or a short password changes nothing. */
static void
test_set_password (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  g_autoptr(GError) error = NULL;

  set_up_owner_and_kasir (t->db);
  g_assert_cmpint (audit_rows (t->db, "user.password"), ==, 0);

  /* kiki, its own. */
  g_assert_true (bsn_auth_login (t->db, "kiki", "rahasia-kasir", NULL));
  g_assert_true (bsn_auth_set_password (t->db, "kiki", "sandi-baru-kiki", &error));
  g_assert_no_error (error);
  g_assert_cmpint (audit_rows (t->db, "user.password"), ==, 1);
  /* kiki, the owner's: refused. */
  g_assert_false (bsn_auth_set_password (t->db, "sri", "sandi-curian", &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_REFUSED);
  g_assert_cmpstr (error->message, ==, "kiki (Kasir) tidak berhak mengelola pengguna");
  g_clear_error (&error);
  /* Too short. */
  g_assert_false (bsn_auth_set_password (t->db, "kiki", "pendek", &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "Kata sandi paling sedikit 8 karakter");
  g_clear_error (&error);
  g_assert_false (bsn_auth_set_password (t->db, "kiki", NULL, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_INVALID);
  g_clear_error (&error);

  bsn_db_set_actor (t->db, NULL, -1);
  g_assert_false (bsn_auth_login (t->db, "kiki", "rahasia-kasir", &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_REFUSED);
  g_clear_error (&error);
  g_assert_true (bsn_auth_login (t->db, "kiki", "sandi-baru-kiki", NULL));

  /* The owner resets kiki's; an unknown name is not found. */
  g_assert_true (bsn_auth_login (t->db, "sri", "rahasia-pemilik", NULL));
  g_assert_true (bsn_auth_set_password (t->db, "kiki", "direset-pemilik", NULL));
  g_assert_false (bsn_auth_set_password (t->db, "tidakada", "sandi-siapa-saja", &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==, "Pengguna tidakada tidak ada");
  g_clear_error (&error);
  g_assert_cmpint (audit_rows (t->db, "user.password"), ==, 2);
  bsn_db_set_actor (t->db, NULL, -1);
  g_assert_true (bsn_auth_login (t->db, "kiki", "direset-pemilik", NULL));
  /* A missing password is a wrong one. */
  g_assert_false (bsn_auth_login (t->db, "kiki", NULL, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_REFUSED);
  g_assert_cmpstr (error->message, ==, "Nama pengguna atau kata sandi salah");
}

/* Adding: a taken name (whatever its case), a name the rules refuse, and a
 * user added by someone who may not. */
static void
test_add_refusals (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  g_autoptr(GError) error = NULL;

  g_assert_false (bsn_auth_add_user (t->db, "", BSN_ROLE_PEMILIK, "rahasia-pemilik", &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_INVALID);
  g_clear_error (&error);
  set_up_owner_and_kasir (t->db);
  g_assert_cmpint (audit_rows (t->db, "user.add"), ==, 2);

  g_assert_false (bsn_auth_add_user (t->db, "kiki", BSN_ROLE_KASIR, "rahasia-lain", &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_EXISTS);
  g_assert_cmpstr (error->message, ==, "Nama pengguna “kiki” sudah dipakai");
  g_clear_error (&error);

  g_assert_true (bsn_auth_login (t->db, "kiki", "rahasia-kasir", NULL));
  g_assert_false (bsn_auth_add_user (t->db, "budi", BSN_ROLE_KASIR, "rahasia-budi", &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_REFUSED);
  g_assert_cmpstr (error->message, ==, "kiki (Kasir) tidak berhak mengelola pengguna");
  g_clear_error (&error);
  g_assert_false (bsn_auth_add_user (t->db, "budi", BSN_ROLE_KASIR, "pendek", &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_cmpint (bsn_db_query_int (t->db, "SELECT count(*) FROM users", -1), ==, 2);
  g_assert_cmpint (audit_rows (t->db, "user.add"), ==, 2);
}

/* A role set to what it is already writes nothing; the list follows the
 * changes and needs a signed-in user. */
static void
test_role_unchanged_and_list (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) users = NULL;
  BsnUser *u;

  set_up_owner_and_kasir (t->db);
  g_assert_true (bsn_auth_set_role (t->db, "KIKI", BSN_ROLE_KASIR, &error));
  g_assert_no_error (error);
  g_assert_cmpint (audit_rows (t->db, "user.role"), ==, 0);
  g_assert_true (bsn_auth_set_role (t->db, "kiki", BSN_ROLE_PEMBUKUAN, NULL));
  g_assert_cmpint (audit_rows (t->db, "user.role"), ==, 1);
  g_assert_true (bsn_auth_set_active (t->db, "kiki", FALSE, NULL));
  g_assert_false (bsn_auth_set_active (t->db, "tidakada", FALSE, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_NOT_FOUND);
  g_clear_error (&error);

  users = bsn_auth_list_users (t->db, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (users->len, ==, 2);
  u = g_ptr_array_index (users, 0);
  g_assert_cmpstr (u->name, ==, "kiki");
  g_assert_cmpint (u->role, ==, BSN_ROLE_PEMBUKUAN);
  g_assert_false (u->active);
  u = g_ptr_array_index (users, 1);
  g_assert_cmpstr (u->name, ==, "sri");
  g_assert_cmpint (u->role, ==, BSN_ROLE_PEMILIK);
  g_assert_true (u->active);
  bsn_user_free (NULL);

  bsn_db_set_actor (t->db, NULL, -1);
  g_clear_pointer (&users, g_ptr_array_unref);
  users = bsn_auth_list_users (t->db, &error);
  g_assert_null (users);
  g_assert_error (error, BSN_ERROR, BSN_ERROR_REFUSED);
}

/* A session whose role the owner changed on another connection follows
 * the users table: promoted, it may at once; the clock rule sees the new
 * role too. */
static void
test_session_follows_role (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  g_autoptr(BsnDb) owner = NULL;
  g_autoptr(GError) error = NULL;
  gboolean moved = FALSE;
  int role = -1;

  set_up_owner_and_kasir (t->db);
  owner = bsn_db_open (t->path, BSN_DB_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_true (bsn_auth_login (owner, "sri", "rahasia-pemilik", NULL));
  g_assert_true (bsn_auth_login (t->db, "kiki", "rahasia-kasir", NULL));
  g_assert_false (bsn_auth_check_clock (t->db, bsn_time_now () - 3600, &moved, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_REFUSED);
  g_clear_error (&error);

  g_assert_true (bsn_auth_set_role (owner, "kiki", BSN_ROLE_MANAJER, NULL));
  g_assert_true (bsn_auth_require (t->db, BSN_PERM_STORES, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (bsn_db_get_actor (t->db, &role), ==, "kiki");
  g_assert_cmpint (role, ==, BSN_ROLE_MANAJER);
  g_assert_true (bsn_auth_check_clock (t->db, bsn_time_now () - 3600, &moved, NULL));
  g_assert_true (moved);
  g_assert_true (bsn_auth_check_clock (t->db, bsn_time_now (), &moved, NULL));
  g_assert_false (moved);
}

/* Opened read-only, the users table cannot change: each change fails with
 * an error and leaves the table as it was. */
static void
test_readonly_changes_nothing (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  g_autoptr(BsnDb) ro = NULL;
  g_autoptr(GError) error = NULL;

  set_up_owner_and_kasir (t->db);
  ro = bsn_db_open (t->path, BSN_DB_OPEN_READONLY, &error);
  g_assert_no_error (error);
  g_assert_true (bsn_auth_login (ro, "sri", "rahasia-pemilik", NULL));
  g_assert_false (bsn_auth_add_user (ro, "budi", BSN_ROLE_KASIR, "rahasia-budi", &error));
  g_assert_nonnull (error);
  g_assert_false (g_error_matches (error, BSN_ERROR, BSN_ERROR_EXISTS));
  g_clear_error (&error);
  g_assert_false (bsn_auth_set_password (ro, "kiki", "sandi-baru-kiki", &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_false (bsn_auth_set_role (ro, "kiki", BSN_ROLE_MANAJER, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_false (bsn_auth_set_active (ro, "kiki", FALSE, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  g_assert_cmpint (bsn_db_query_int (t->db, "SELECT count(*) FROM users", -1), ==, 2);
  g_assert_cmpint (bsn_db_query_int (t->db, "SELECT count(*) FROM users WHERE role = 'kasir' AND active <> 0", -1),
                   ==, 1);
  g_assert_true (bsn_auth_login (t->db, "kiki", "rahasia-kasir", NULL));
}

/* A users table renamed away under an open connection (a tampered file):
 * every user operation answers with an error, none signs anyone in. */
static void
test_users_table_gone (void)
{
  g_autoptr(BsnTestDb) t = NULL;
  g_autoptr(GError) error = NULL;

  if (bsn_test_skip_on_pg ("SQLite only: the storage layer warns of a failed prepare with SQLite's message"))
    return;
  if (!g_test_subprocess ())
    {
      /* The storage layer warns of each failed statement: in a child
       * where warnings are not fatal, its stderr checked here. */
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
      g_test_trap_assert_passed ();
      g_test_trap_assert_stderr ("*prepare failed: no such table: users*");
      return;
    }
  g_log_set_always_fatal (G_LOG_FATAL_MASK);
  t = bsn_test_db_new ();
  set_up_owner_and_kasir (t->db);
  bsn_db_set_actor (t->db, NULL, -1);
  g_assert_cmpint (bsn_test_raw_exec (t->db, "ALTER TABLE users RENAME TO users_hilang"), ==, 0);
  {
    g_autoptr(BsnDb) fresh = bsn_db_open (t->path, BSN_DB_OPEN_DEFAULT, &error);

    g_assert_no_error (error);
    g_assert_false (bsn_auth_login (fresh, "sri", "rahasia-pemilik", &error));
    g_assert_nonnull (error);
    g_assert_null (bsn_db_get_actor (fresh, NULL));
    g_clear_error (&error);
    bsn_db_set_actor (fresh, "sri", BSN_ROLE_PEMILIK);
    g_assert_false (bsn_auth_require (fresh, BSN_PERM_READ, &error));
    g_assert_error (error, BSN_ERROR, BSN_ERROR_REFUSED);
    g_assert_nonnull (strstr (error->message, "sri sudah dinonaktifkan atau dihapus"));
    g_clear_error (&error);
    g_assert_false (bsn_auth_set_password (fresh, "sri", "sandi-baru-sri", &error));
    g_assert_nonnull (error);
    g_clear_error (&error);
    g_assert_false (bsn_auth_add_user (fresh, "budi", BSN_ROLE_PEMILIK, "rahasia-budi", &error));
    g_assert_nonnull (error);
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/auth/roles/names-and-labels", test_role_names);
  g_test_add_func ("/auth/require/refusal-sentences", test_refusal_sentences);
  g_test_add_func ("/auth/users/set-password", test_set_password);
  g_test_add_func ("/auth/users/add-refusals", test_add_refusals);
  g_test_add_func ("/auth/users/role-unchanged-and-list", test_role_unchanged_and_list);
  g_test_add_func ("/auth/session/follows-role-change", test_session_follows_role);
  g_test_add_func ("/auth/users/readonly-changes-nothing", test_readonly_changes_nothing);
  g_test_add_func ("/auth/users/table-gone", test_users_table_gone);
  return g_test_run ();
}
