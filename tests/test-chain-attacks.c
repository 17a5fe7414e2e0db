/* test-chain-attacks.c — more edits made beside the application, each named
 * by the book check (bsn-chain.h): a user added or deleted with SQL, an
 * audit row planted, a forged chain entry; and the witness of an empty
 * history. The attacks of issue 18's list are in test-chain.c. */
#include "config.h"

#include <string.h>

#include "bsn-auth.h"
#include "bsn-chain.h"
#include "bsn-error.h"
#include "bsn-test-util.h"

/* The problems of the whole check, joined by newlines. */
static char *
problems_of (BsnDb    *db,
             gboolean *out_ok)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BsnBookCheck) check = bsn_chain_check_book (db, NULL, &error);
  g_autoptr(GPtrArray) all = g_ptr_array_new ();

  g_assert_no_error (error);
  for (guint i = 0; i < check->problems->len; i++)
    g_ptr_array_add (all, g_ptr_array_index (check->problems, i));
  for (guint i = 0; i < check->ledger->problems->len; i++)
    g_ptr_array_add (all, g_ptr_array_index (check->ledger->problems, i));
  g_ptr_array_add (all, NULL);
  *out_ok = check->ok;
  return g_strjoinv ("\n", (char **) all->pdata);
}

static BsnTestDb *
book_with_users (void)
{
  BsnTestDb *t = bsn_test_db_new ();

  g_assert_true (bsn_auth_add_user (t->db, "sri", BSN_ROLE_PEMILIK, "rahasia-pemilik", NULL));
  g_assert_true (bsn_auth_add_user (t->db, "kiki", BSN_ROLE_KASIR, "rahasia-kasir", NULL));
  bsn_test_add_customer (t->db, "C1", "Siti");
  return t;
}

static void
test_user_planted (void)
{
  g_autoptr(BsnTestDb) t = book_with_users ();
  g_autofree char *problems = NULL;
  gboolean ok = TRUE;

  g_assert_cmpint (bsn_test_raw_exec (t->db,
                                      "INSERT INTO users (name, role, pw_hash, created_at) "
                                      "VALUES ('mallory', 'pemilik', 'x', 0)"), ==, 0);
  problems = problems_of (t->db, &ok);
  g_test_message ("problems: %s", problems);
  g_assert_false (ok);
  g_assert_nonnull (strstr (problems, "Pengguna “mallory” tidak tercatat di rantai (ditambahkan di luar aplikasi)"));
}

static void
test_user_deleted (void)
{
  g_autoptr(BsnTestDb) t = book_with_users ();
  g_autofree char *problems = NULL;
  gboolean ok = TRUE;

  g_assert_cmpint (bsn_test_raw_exec (t->db, "DELETE FROM users WHERE name = 'kiki'"), ==, 0);
  problems = problems_of (t->db, &ok);
  g_test_message ("problems: %s", problems);
  g_assert_false (ok);
  g_assert_nonnull (strstr (problems, "1 pengguna tercatat di rantai sudah dihapus"));
}

static void
test_audit_planted (void)
{
  g_autoptr(BsnTestDb) t = book_with_users ();
  g_autofree char *problems = NULL;
  gboolean ok = TRUE;

  g_assert_cmpint (bsn_test_raw_exec (t->db,
                                      "INSERT INTO audit (at, \"user\", action, subject) "
                                      "VALUES (0, 'sri', 'customer.add', 'C9')"), ==, 0);
  problems = problems_of (t->db, &ok);
  g_test_message ("problems: %s", problems);
  g_assert_false (ok);
  g_assert_nonnull (strstr (problems, "tidak tercatat di rantai (ditambahkan di luar aplikasi)"));
}

/* An entry appended to the chain by hand for an audit row already in it. */
static void
test_chain_entry_forged (void)
{
  g_autoptr(BsnTestDb) t = book_with_users ();
  g_autofree char *problems = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *fake = g_strnfill (64, 'a');
  gboolean ok = TRUE;
  gint64 next = bsn_db_query_int (t->db, "SELECT max(seq) + 1 FROM chain", -1);
  gint64 audit = bsn_db_query_int (t->db, "SELECT max(id) FROM audit", -1);

  sql = g_strdup_printf ("INSERT INTO chain (seq, kind, ref_id, content_hash, hash) "
                         "VALUES (%" G_GINT64_FORMAT ", 'a', %" G_GINT64_FORMAT ", '%s', '%s')",
                         next, audit, fake, fake);
  g_assert_cmpint (bsn_test_raw_exec (t->db, sql), ==, 0);
  problems = problems_of (t->db, &ok);
  g_test_message ("problems: %s", problems);
  g_assert_false (ok);
  /* The entry names an audit row the chain already passed. */
  {
    g_autofree char *named = g_strdup_printf ("Entri rantai %" G_GINT64_FORMAT ": Catatan audit #%" G_GINT64_FORMAT,
                                              next, audit);
    g_assert_nonnull (strstr (problems, named));
  }
}

/* A gap in the chain's numbering. */
static void
test_chain_entry_skipped (void)
{
  g_autoptr(BsnTestDb) t = book_with_users ();
  g_autofree char *problems = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *fake = g_strnfill (64, 'b');
  gboolean ok = TRUE;
  gint64 next = bsn_db_query_int (t->db, "SELECT max(seq) + 5 FROM chain", -1);

  sql = g_strdup_printf ("INSERT INTO chain (seq, kind, ref_id, content_hash, hash) "
                         "VALUES (%" G_GINT64_FORMAT ", 'a', 1, '%s', '%s')", next, fake, fake);
  g_assert_cmpint (bsn_test_raw_exec (t->db, sql), ==, 0);
  problems = problems_of (t->db, &ok);
  g_test_message ("problems: %s", problems);
  g_assert_false (ok);
  g_assert_nonnull (strstr (problems, "rusak atau tidak berurutan"));
}

/* The witness of no entries at all holds for every book. */
static void
test_empty_witness (void)
{
  g_autoptr(BsnTestDb) t = book_with_users ();
  g_autofree char *zeros = g_strnfill (64, '0');
  g_autofree char *witness = g_strconcat (zeros, "@0", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(BsnBookCheck) check = bsn_chain_check_book (t->db, witness, &error);

  g_assert_no_error (error);
  g_assert_true (check->ok);
  g_assert_true (check->witness_ok);
  g_assert_cmpuint (check->entries, >, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/chain/attack/user-planted", test_user_planted);
  g_test_add_func ("/chain/attack/user-deleted", test_user_deleted);
  g_test_add_func ("/chain/attack/audit-planted", test_audit_planted);
  g_test_add_func ("/chain/attack/entry-forged", test_chain_entry_forged);
  g_test_add_func ("/chain/attack/entry-skipped", test_chain_entry_skipped);
  g_test_add_func ("/chain/witness/empty-history", test_empty_witness);
  return g_test_run ();
}
