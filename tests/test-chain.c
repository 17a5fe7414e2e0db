/* test-chain.c — the book's hash chain, the schema check and a restore
 * that trusts nothing (issue 18 §1, §2). Each attack is the one the
 * security pass made with sqlite3 on the file: SQL run beside the
 * application (bsn_test_raw_exec), which on PostgreSQL is a second
 * connection to the same schema. */
#include <sqlite3.h>
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "bsn-auth.h"
#include "bsn-award.h"
#include "bsn-backup.h"
#include "bsn-chain.h"
#include "bsn-error.h"
#include "bsn-ledger.h"
#include "bsn-store.h"
#include "bsn-time.h"
#include "bsn-test-util.h"

typedef struct
{
  BsnTestDb *t;
  gint64     store;
  gint64     reserve;
  gint64     customer;
  gint64     account;
  gint64     posting[3];   /* R-1, R-2, R-3 */
} Fixture;

static gint64
post_award (Fixture    *f,
            const char *key,
            gint64      value)
{
  BsnPostingSpec spec = { .idem_key = key, .kind = "award", .at = 1000, .store_id = f->store,
                          .customer_id = f->customer, .amount_rp = value };
  BsnLeg legs[] = { { f->account, value, value }, { f->reserve, -value, 0 } };
  g_autoptr(GError) error = NULL;
  gint64 id = 0;
  gboolean dup = FALSE;

  g_assert_true (bsn_ledger_post (f->t->db, &spec, legs, 2, &id, &dup, &error));
  g_assert_no_error (error);
  return id;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->t = bsn_test_db_new ();
  f->store = bsn_test_add_store (f->t->db, "TK01", BSN_ROLE_TOKO, NULL, BSN_BAND_LOW, "Plus", BSN_SCHEMES_BOTH);
  f->reserve = bsn_ledger_reserve_account (f->t->db, f->store, NULL);
  f->customer = bsn_test_add_customer (f->t->db, "C001", "Siti Suryani");
  f->account = bsn_ledger_customer_account (f->t->db, f->customer, NULL);
  f->posting[0] = post_award (f, "R-1", 1500);
  f->posting[1] = post_award (f, "R-2", 2500);
  f->posting[2] = post_award (f, "R-3", 4000);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  bsn_test_db_free (f->t);
}

/* The whole check; its problems joined in one line. */
static BsnBookCheck *
check_book (BsnDb      *db,
            const char *witness,
            char      **out_problems)
{
  g_autoptr(GError) error = NULL;
  BsnBookCheck *check = bsn_chain_check_book (db, witness, &error);
  g_autoptr(GPtrArray) all = g_ptr_array_new ();

  g_assert_no_error (error);
  g_assert_nonnull (check);
  for (guint i = 0; i < check->problems->len; i++)
    g_ptr_array_add (all, g_ptr_array_index (check->problems, i));
  for (guint i = 0; i < check->ledger->problems->len; i++)
    g_ptr_array_add (all, g_ptr_array_index (check->ledger->problems, i));
  g_ptr_array_add (all, NULL);
  *out_problems = g_strjoinv ("\n", (char **) all->pdata);
  g_test_message ("problems: %s", *out_problems);
  return check;
}

static void
assert_clean (BsnDb *db)
{
  g_autofree char *problems = NULL;
  g_autoptr(BsnBookCheck) check = check_book (db, NULL, &problems);

  g_assert_cmpstr (problems, ==, "");
  g_assert_true (check->ok);
}

/* The first problem names @needle. */
static void
assert_first_problem (BsnDb      *db,
                      const char *needle)
{
  g_autofree char *problems = NULL;
  g_autoptr(BsnBookCheck) check = check_book (db, NULL, &problems);

  g_assert_false (check->ok);
  g_assert_nonnull (strstr (problems, needle));
}

static void
test_sealed_on_commit (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *problems = NULL;
  g_autoptr(BsnBookCheck) check = check_book (f->t->db, NULL, &problems);
  g_autofree char *head = NULL;
  guint64 entries = 0;

  g_assert_cmpstr (problems, ==, "");
  g_assert_true (check->ok);
  /* The default tier tables (4 versions), three postings and the audit
   * rows of the store and the customer. */
  g_assert_cmpint (bsn_db_query_int (f->t->db, "SELECT count(*) FROM chain WHERE kind = 't'", -1), ==, 4);
  g_assert_cmpint (bsn_db_query_int (f->t->db, "SELECT count(*) FROM chain WHERE kind = 'p'", -1), ==, 3);
  g_assert_cmpint (bsn_db_query_int (f->t->db, "SELECT count(*) FROM chain WHERE kind = 'a'", -1), ==, 2);
  g_assert_cmpuint (check->entries, ==, 4 + 3 + 2);
  g_assert_cmpuint (strlen (check->head), ==, 64);
  g_assert_true (bsn_db_chain_head (f->t->db, &head, &entries, NULL));
  g_assert_cmpstr (head, ==, check->head);
  g_assert_cmpuint (entries, ==, 9);
}

/* An old fingerprint stays true after later writes; another hash, or the
 * same hash at another length, is false. */
static void
test_witness (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *problems = NULL;
  g_autoptr(BsnBookCheck) then = check_book (f->t->db, NULL, &problems);
  g_autofree char *full = g_strdup_printf ("%s@%" G_GUINT64_FORMAT, then->head, then->entries);
  g_autofree char *line = bsn_chain_fingerprint (then->head, then->entries);
  g_autofree char *wrong = g_strdup_printf ("%s@%" G_GUINT64_FORMAT, then->head, then->entries - 1);
  g_autofree char *abbreviated = g_strdup_printf ("%.4s…%s@%" G_GUINT64_FORMAT, then->head, then->head + 61,
                                                  then->entries);
  g_autoptr(GError) error = NULL;

  g_autofree char *expected = g_strdup_printf ("Sidik buku: %.4s…%s @ 9", then->head, then->head + 61);

  g_assert_cmpstr (line, ==, expected);
  post_award (f, "R-4", 100);
  post_award (f, "R-5", 200);
  for (guint i = 0; i < 2; i++)
    {
      const char *witness = i == 0 ? full : abbreviated;
      g_autofree char *p = NULL;
      g_autoptr(BsnBookCheck) now = check_book (f->t->db, witness, &p);

      g_assert_true (now->ok);
      g_assert_true (now->witness_ok);
      g_assert_cmpuint (now->entries, ==, 11);
      g_assert_cmpstr (now->head, !=, then->head);
    }
  {
    g_autofree char *p = NULL;
    g_autoptr(BsnBookCheck) now = check_book (f->t->db, wrong, &p);
    g_assert_false (now->witness_ok);
  }
  {
    g_autofree char *p = NULL;
    g_autoptr(BsnBookCheck) now = check_book (f->t->db, line, &p);  /* the printed line, pasted */
    g_assert_true (now->witness_ok);
  }
  g_assert_null (bsn_chain_check_book (f->t->db, "bukan-saksi", &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_INVALID);
}

/* The posting's amount and both legs ×10, balances fixed to match. */
static void
test_attack_times_ten (Fixture       *f,
                       gconstpointer  data)
{
  assert_clean (f->t->db);
  g_assert_true (bsn_test_drop_trigger (f->t->db, "postings_no_update"));
  g_assert_true (bsn_test_drop_trigger (f->t->db, "legs_no_update"));
  g_assert_cmpint (bsn_test_raw_exec (f->t->db,
                                      "UPDATE postings SET amount_rp = amount_rp * 10 WHERE idem_key = 'R-2';"
                                      "UPDATE legs SET amount_rp = amount_rp * 10, earned_rp = earned_rp * 10 "
                                      " WHERE posting_id = (SELECT id FROM postings WHERE idem_key = 'R-2');"
                                      "UPDATE accounts SET balance_rp = (SELECT sum(amount_rp) FROM legs l "
                                      "  WHERE l.account_id = accounts.id),"
                                      "  status_rp = (SELECT sum(earned_rp) FROM legs l WHERE l.account_id = accounts.id)"
                                      " WHERE id IN (SELECT account_id FROM legs);"), ==, SQLITE_OK);
  {
    g_autofree char *needle = g_strdup_printf ("Posting #%" G_GINT64_FORMAT " diubah setelah dicatat", f->posting[1]);
    assert_first_problem (f->t->db, needle);
  }
}

/* Only the stated amount ×10: verify names the posting whose amount is not
 * what its legs move. */
static void
test_attack_stated_amount (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *sql = g_strdup_printf ("UPDATE postings SET amount_rp = amount_rp * 10 WHERE id = %" G_GINT64_FORMAT,
                                          f->posting[0]);
  g_autofree char *needle = g_strdup_printf ("Posting #%" G_GINT64_FORMAT " menyatakan 15000 tetapi kakinya memindahkan 1500",
                                             f->posting[0]);

  g_assert_true (bsn_test_drop_trigger (f->t->db, "postings_no_update"));
  g_assert_cmpint (bsn_test_raw_exec (f->t->db, sql), ==, SQLITE_OK);
  assert_first_problem (f->t->db, needle);
}

/* A whole posting deleted, balances fixed. */
static void
test_attack_deleted_posting (Fixture       *f,
                             gconstpointer  data)
{
  g_autofree char *sql = g_strdup_printf ("DELETE FROM legs WHERE posting_id = %1$" G_GINT64_FORMAT ";"
                                          "DELETE FROM postings WHERE id = %1$" G_GINT64_FORMAT ";"
                                          "UPDATE accounts SET balance_rp = coalesce((SELECT sum(amount_rp) FROM legs l "
                                          "  WHERE l.account_id = accounts.id), 0),"
                                          "  status_rp = coalesce((SELECT sum(earned_rp) FROM legs l "
                                          "  WHERE l.account_id = accounts.id), 0);", f->posting[2]);
  g_autofree char *needle = g_strdup_printf ("Posting #%" G_GINT64_FORMAT " sudah dihapus", f->posting[2]);

  g_assert_true (bsn_test_drop_trigger (f->t->db, "postings_no_delete"));
  g_assert_true (bsn_test_drop_trigger (f->t->db, "legs_no_delete"));
  g_assert_cmpint (bsn_test_raw_exec (f->t->db, sql), ==, SQLITE_OK);
  assert_first_problem (f->t->db, needle);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char *const *) a, *(const char *const *) b);
}

/* `verify` reads the ledger once, beside the chain (bsn_ledger_scan_*):
 * it finds exactly what bsn_ledger_verify() finds on its own. */
static void
test_one_pass_same_ledger_problems (Fixture       *f,
                                    gconstpointer  data)
{
  g_autofree char *sql = g_strdup_printf ("UPDATE accounts SET balance_rp = balance_rp + 7 WHERE id = %1$" G_GINT64_FORMAT ";"
                                          "UPDATE legs SET at = at + 1 WHERE posting_id = %2$" G_GINT64_FORMAT ";"
                                          "UPDATE legs SET amount_rp = amount_rp + 5 WHERE posting_id = %3$" G_GINT64_FORMAT
                                          " AND account_id = %1$" G_GINT64_FORMAT ";",
                                          f->account, f->posting[1], f->posting[0]);
  g_autofree char *problems = NULL;
  g_autoptr(BsnBookCheck) check = NULL;
  g_autoptr(BsnVerifyReport) alone = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) mine = g_ptr_array_new ();
  g_autoptr(GPtrArray) theirs = g_ptr_array_new ();
  const char *expected[] = { "Saldo akun #", "Kaki posting #", "tidak seimbang (selisih 5)" };

  g_assert_true (bsn_test_drop_trigger (f->t->db, "legs_no_update"));
  g_assert_cmpint (bsn_test_raw_exec (f->t->db, sql), ==, SQLITE_OK);
  check = check_book (f->t->db, NULL, &problems);
  alone = bsn_ledger_verify (f->t->db, &error);
  g_assert_no_error (error);
  g_assert_false (check->ledger->ok);
  g_assert_false (alone->ok);
  g_assert_cmpuint (check->ledger->postings, ==, alone->postings);
  g_assert_cmpuint (check->ledger->legs, ==, alone->legs);
  g_assert_cmpuint (check->ledger->accounts, ==, alone->accounts);
  for (guint i = 0; i < check->ledger->problems->len; i++)
    g_ptr_array_add (mine, g_ptr_array_index (check->ledger->problems, i));
  for (guint i = 0; i < alone->problems->len; i++)
    g_ptr_array_add (theirs, g_ptr_array_index (alone->problems, i));
  g_ptr_array_sort (mine, compare_strings);
  g_ptr_array_sort (theirs, compare_strings);
  g_assert_cmpuint (mine->len, ==, theirs->len);
  for (guint i = 0; i < mine->len; i++)
    g_assert_cmpstr (g_ptr_array_index (mine, i), ==, g_ptr_array_index (theirs, i));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_nonnull (strstr (problems, expected[i]));
}

/* Audit rows rewritten, or deleted (the next id reused: no gap). */
static void
test_attack_audit (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (bsn_ledger_post_opening (f->t->db, f->customer, 700, 100, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (bsn_db_query_int (f->t->db, "SELECT count(*) FROM audit", 0), ==, 3);
  assert_clean (f->t->db);
  g_assert_true (bsn_test_drop_trigger (f->t->db, "audit_no_update"));
  g_assert_cmpint (bsn_test_raw_exec (f->t->db, "UPDATE audit SET \"user\" = 'orang lain'"), ==, SQLITE_OK);
  assert_first_problem (f->t->db, "Catatan audit #1 diubah setelah dicatat");
}

static void
test_attack_audit_deleted (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (bsn_ledger_post_opening (f->t->db, f->customer, 700, 100, NULL, NULL, &error));
  g_assert_true (bsn_test_drop_trigger (f->t->db, "audit_no_delete"));
  g_assert_cmpint (bsn_test_raw_exec (f->t->db, "DELETE FROM audit"), ==, SQLITE_OK);
  assert_first_problem (f->t->db, "Catatan audit #1 sudah dihapus");
}

/* UPDATE users SET role = 'pemilik' for a kasir: named, and not sealed by
 * the next write; the owner's own change through the application is. */
static void
test_attack_role (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (bsn_auth_add_user (f->t->db, "pemilik1", BSN_ROLE_PEMILIK, "rahasia-123", &error));
  g_assert_true (bsn_auth_login (f->t->db, "pemilik1", "rahasia-123", &error));
  g_assert_true (bsn_auth_add_user (f->t->db, "kasir1", BSN_ROLE_KASIR, "rahasia-456", &error));
  g_assert_true (bsn_auth_add_user (f->t->db, "kasir2", BSN_ROLE_KASIR, "rahasia-789", &error));
  g_assert_no_error (error);
  assert_clean (f->t->db);
  g_assert_true (bsn_auth_set_role (f->t->db, "kasir2", BSN_ROLE_MANAJER, &error));
  g_assert_no_error (error);
  assert_clean (f->t->db);

  g_assert_cmpint (bsn_test_raw_exec (f->t->db, "UPDATE users SET role = 'pemilik' WHERE name = 'kasir1'"), ==,
                   SQLITE_OK);
  assert_first_problem (f->t->db, "Pengguna “kasir1” diubah di luar aplikasi");
  post_award (f, "R-9", 900);
  g_assert_true (bsn_auth_set_active (f->t->db, "kasir2", FALSE, &error));
  g_assert_no_error (error);
  assert_first_problem (f->t->db, "Pengguna “kasir1” diubah di luar aplikasi");
}

/* A dropped append-only trigger is named by verify (and a normal open,
 * which does not refuse a missing one, still works). */
static void
test_attack_dropped_trigger (Fixture       *f,
                             gconstpointer  data)
{
  g_assert_true (bsn_test_drop_trigger (f->t->db, "legs_no_delete"));
  assert_first_problem (f->t->db, "Skema kehilangan pemicu “legs_no_delete");
}

/* A planted trigger: a normal open refuses the database (exit 3), verify
 * opens it read-only and names it. */
static void
test_attack_planted_trigger (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BsnDb) again = NULL;
  g_autoptr(BsnDb) reader = NULL;

  const char *plant = bsn_db_get_engine (f->t->db) == BSN_ENGINE_SQLITE
    ? "CREATE TRIGGER audit_eraser AFTER INSERT ON audit BEGIN"
      "  UPDATE users SET role = 'pemilik';"
      "END"
    : "CREATE TRIGGER audit_eraser AFTER INSERT ON audit FOR EACH ROW"
      "  EXECUTE FUNCTION bsn_refuse_change ('x')";

  g_assert_cmpint (bsn_test_raw_exec (f->t->db, plant), ==, SQLITE_OK);
  again = bsn_db_open (f->t->path, BSN_DB_OPEN_DEFAULT, &error);
  g_assert_null (again);
  g_assert_error (error, BSN_ERROR, BSN_ERROR_TAMPERED);
  g_assert_cmpint (bsn_error_exit_code (error), ==, 3);
  g_assert_nonnull (strstr (error->message, "audit_eraser"));
  g_clear_error (&error);
  reader = bsn_db_open (f->t->path, BSN_DB_OPEN_READONLY, &error);
  g_assert_no_error (error);
  assert_first_problem (reader, "pemicu asing “audit_eraser");
}

/* A planted view (a view can call functions and read every table): a
 * normal open refuses it, verify names it; an extra table is named but
 * does not refuse the open. */
static void
test_attack_planted_view (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BsnDb) again = NULL;
  g_autoptr(BsnDb) reader = NULL;

  g_assert_cmpint (bsn_test_raw_exec (f->t->db, "CREATE VIEW spy AS SELECT name, pw_hash FROM users"), ==, SQLITE_OK);
  again = bsn_db_open (f->t->path, BSN_DB_OPEN_DEFAULT, &error);
  g_assert_null (again);
  g_assert_error (error, BSN_ERROR, BSN_ERROR_TAMPERED);
  g_assert_nonnull (strstr (error->message, "spy"));
  g_clear_error (&error);
  reader = bsn_db_open (f->t->path, BSN_DB_OPEN_READONLY, &error);
  g_assert_no_error (error);
  assert_first_problem (reader, "Skema memuat view asing “spy”");
  g_clear_pointer (&reader, bsn_db_unref);

  g_assert_cmpint (bsn_test_raw_exec (f->t->db, "DROP VIEW spy; CREATE TABLE catatan_lain (x INTEGER)"), ==, SQLITE_OK);
  again = bsn_db_open (f->t->path, BSN_DB_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_nonnull (again);
  assert_first_problem (again, "Skema memuat tabel asing “catatan_lain”");
}

/* ---- Restore (SQLite files) ---- */

static char *
make_backup (Fixture    *f,
             const char *name)
{
  char *path = g_build_filename (f->t->dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (bsn_backup_to (f->t->db, path, &error));
  g_assert_no_error (error);
  return path;
}

static void
assert_restore_refused (Fixture    *f,
                        const char *backup,
                        const char *reason,
                        const char *needle)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *head = NULL, *after = NULL;
  guint64 entries = 0, entries_after = 0;

  g_assert_true (bsn_db_chain_head (f->t->db, &head, &entries, NULL));
  g_assert_false (bsn_backup_restore_older (f->t->db, backup, reason, NULL, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_TAMPERED);
  g_assert_cmpint (bsn_error_exit_code (error), ==, 3);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, needle));
  /* The live book is untouched. */
  g_assert_true (bsn_db_chain_head (f->t->db, &after, &entries_after, NULL));
  g_assert_cmpstr (after, ==, head);
  g_assert_cmpuint (entries_after, ==, entries);
}

static void
test_restore_planted_trigger (Fixture       *f,
                              gconstpointer  data)
{
  g_autofree char *backup = NULL;

  if (bsn_test_skip_on_pg ("SQLite only: restore copies a file"))
    return;
  backup = make_backup (f, "cadangan.db");
  g_assert_cmpint (bsn_test_raw_exec_at (backup,
                                         "CREATE TRIGGER promote AFTER INSERT ON postings BEGIN"
                                         "  UPDATE users SET role = 'pemilik';"
                                         "END"), ==, SQLITE_OK);
  assert_restore_refused (f, backup, NULL, "pemicu asing “promote”");
}

static void
test_restore_edited_chain (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *backup = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *needle = NULL;

  if (bsn_test_skip_on_pg ("SQLite only: restore copies a file"))
    return;
  backup = make_backup (f, "cadangan.db");
  sql = g_strdup_printf ("DROP TRIGGER legs_no_update;"
                         "UPDATE legs SET earned_rp = earned_rp * 10 WHERE posting_id = %" G_GINT64_FORMAT ";", f->posting[0]);
  needle = g_strdup_printf ("Posting #%" G_GINT64_FORMAT " diubah setelah dicatat", f->posting[0]);
  g_assert_cmpint (bsn_test_raw_exec_at (backup, sql), ==, SQLITE_OK);
  g_assert_cmpint (bsn_test_raw_exec_at (backup,
                                         "UPDATE accounts SET status_rp = (SELECT sum(earned_rp) FROM legs l "
                                         " WHERE l.account_id = accounts.id) WHERE kind = 'customer';"
                                         "CREATE TRIGGER legs_no_update BEFORE UPDATE ON legs BEGIN"
                                         "  SELECT RAISE(ABORT, 'legs are append-only');"
                                         "END;"), ==, SQLITE_OK);
  assert_restore_refused (f, backup, NULL, needle);
}

/* A backup older than the live book: refused without a reason, restored
 * with one, and the reason is in the restore's audit entry. */
static void
test_restore_older (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *backup = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *head = NULL;
  guint64 entries = 0;

  if (bsn_test_skip_on_pg ("SQLite only: restore copies a file"))
    return;
  backup = make_backup (f, "cadangan.db");
  post_award (f, "R-10", 1000);
  assert_restore_refused (f, backup, NULL, "lebih lama dari buku yang sekarang");
  g_assert_true (bsn_backup_restore_older (f->t->db, backup, "salah input kemarin", NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (bsn_db_query_int (f->t->db, "SELECT count(*) FROM postings WHERE idem_key = 'R-10'", -1), ==, 0);
  g_assert_cmpint (bsn_db_query_int (f->t->db,
                                     "SELECT count(*) FROM audit WHERE action = 'restore' "
                                     "AND after LIKE '%salah input kemarin%'", -1), ==, 1);
  assert_clean (f->t->db);
  g_assert_true (bsn_db_chain_head (f->t->db, &head, &entries, NULL));
  g_assert_cmpuint (entries, >, 0);
}

/* The stored hash of posting R-2's entry rewritten: to another entry's
 * hash, or to the same hash spelled otherwise (the last base64 digit's
 * unused bits set, which decodes to the same bytes). Either is an edit
 * of the chain, named at that entry. */
static void
test_attack_stored_hash (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *select = g_strdup_printf ("SELECT seq FROM chain WHERE kind = 'p' AND ref_id = %" G_GINT64_FORMAT,
                                             f->posting[1]);
  gint64 seq = bsn_db_query_int (f->t->db, select, -1);
  g_autofree char *needle = g_strdup_printf ("Entri rantai %" G_GINT64_FORMAT ": Posting #%" G_GINT64_FORMAT
                                             " diubah setelah dicatat", seq, f->posting[1]);
  static const char digits[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  g_autofree char *stored = NULL;
  BsnStmt *stmt;

  g_assert_cmpint (seq, >, 1);
  stmt = bsn_db_prepare (f->t->db, "SELECT hash FROM chain WHERE seq = ?1", NULL);
  g_assert_nonnull (stmt);
  bsn_stmt_bind_int64 (stmt, 1, seq);
  g_assert_cmpint (bsn_stmt_step (stmt), ==, BSN_ROW);
  stored = g_strdup (bsn_stmt_column_text (stmt, 0));
  bsn_stmt_reset (stmt);
  /* Sealed at version 17: base64, 44 characters. */
  g_assert_cmpuint (strlen (stored), ==, 44);
  assert_clean (f->t->db);
  g_assert_true (bsn_test_drop_trigger (f->t->db, "chain_no_update"));

  for (int attack = 0; attack < 2; attack++)
    {
      g_autofree char *sql = NULL;

      if (attack == 0)
        sql = g_strdup_printf ("UPDATE chain SET hash = (SELECT hash FROM chain c WHERE c.seq = 1) "
                               "WHERE seq = %" G_GINT64_FORMAT, seq);
      else
        {
          g_autofree char *respelled = g_strdup (stored);
          const char *at = strchr (digits, respelled[42]);

          g_assert_nonnull (at);
          respelled[42] = digits[(at - digits) ^ 1];
          sql = g_strdup_printf ("UPDATE chain SET hash = '%s' WHERE seq = %" G_GINT64_FORMAT, respelled, seq);
        }
      g_assert_cmpint (bsn_test_raw_exec (f->t->db, sql), ==, SQLITE_OK);
      assert_first_problem (f->t->db, needle);
    }
}

/* A database of version 11 with data migrates with verify clean before
 * and after, every entry sealed by the migration. */
static void
test_migrate_seals_history (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BsnDb) old = NULL;
  g_autoptr(BsnDb) db = NULL;
  g_autoptr(BsnVerifyReport) before = NULL;

  if (bsn_test_skip_on_pg ("SQLite only: a file left at schema 11"))
    return;
  dir = g_dir_make_tmp ("bsn-chain-XXXXXX", NULL);
  path = g_build_filename (dir, "lama.db", NULL);
  old = bsn_db_open_at_version (path, 11, &error);
  g_assert_no_error (error);
  g_assert_cmpint (bsn_test_raw_exec (old,
                                      "INSERT INTO customers (id, code, name, created_at) VALUES (10, 'C1', 'Ani', 0);"
                                      "INSERT INTO accounts (id, kind, customer_id, balance_rp, status_rp) "
                                      "  VALUES (10, 'customer', 10, 500, 500);"
                                      "UPDATE accounts SET balance_rp = -500 WHERE id = 2;"
                                      "INSERT INTO postings (id, idem_key, kind, at, customer_id, amount_rp, created_at) "
                                      "  VALUES (1, 'opening:C1:1', 'opening', 0, 10, 500, 0);"
                                      "INSERT INTO legs (posting_id, account_id, amount_rp, earned_rp, at) "
                                      "  VALUES (1, 10, 500, 500, 0), (1, 2, -500, 0, 0);"
                                      "INSERT INTO audit (at, \"user\", action, subject) VALUES (0, 'sistem', 'x', 'y');"),
                   ==, SQLITE_OK);
  before = bsn_ledger_verify (old, &error);
  g_assert_no_error (error);
  g_assert_true (before->ok);
  g_clear_pointer (&old, bsn_db_unref);

  db = bsn_db_open (path, BSN_DB_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpint (bsn_db_get_user_version (db), ==, bsn_db_schema_version ());
  assert_clean (db);
  /* 4 tier versions, 1 posting, 1 audit row. */
  g_assert_cmpint (bsn_db_query_int (db, "SELECT count(*) FROM chain", -1), ==, 6);
  g_clear_pointer (&db, bsn_db_unref);
  g_unlink (path);
  {
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (path, "-shm", NULL);
    g_unlink (wal);
    g_unlink (shm);
  }
  g_rmdir (dir);
}

/* Awards receipt @number of @store (Rp250.000 at 10:00 on 22 November
 * 2026, digit 5); its explanation. (transfer full) */
static char *
award_receipt (BsnDb      *db,
               gint64      store,
               gint64      customer,
               const char *number)
{
  BsnTime when = 0;
  g_autoptr(GError) error = NULL;
  BsnAward *a;
  char *explanation;

  g_assert_true (bsn_time_parse ("2026-11-22T10:00:00", &when, NULL));
  {
    BsnReceipt r = { number, store, customer, 250000, when, 5, -1 };
    a = bsn_award_receipt (db, NULL, &r, &error);
  }
  g_assert_no_error (error);
  g_assert_nonnull (a);
  g_assert_cmpint (a->value_rp, >, 0);
  explanation = g_strdup (a->explanation);
  bsn_award_free (a);
  return explanation;
}

/* Every posting, receipt and audit row sealed exactly once. */
static void
assert_sealed_once (BsnDb *db)
{
  g_assert_cmpint (bsn_db_query_int (db, "SELECT count(*) FROM chain WHERE kind = 'p'", -1), ==,
                   bsn_db_query_int (db, "SELECT count(*) FROM postings", -2));
  g_assert_cmpint (bsn_db_query_int (db, "SELECT count(*) FROM chain WHERE kind = 'r'", -1), ==,
                   bsn_db_query_int (db, "SELECT count(*) FROM receipts", -2));
  g_assert_cmpint (bsn_db_query_int (db, "SELECT count(*) FROM chain WHERE kind = 'a'", -1), ==,
                   bsn_db_query_int (db, "SELECT count(*) FROM audit", -2));
}

/* The receipts' claims on their award postings, matched as the one pass
 * goes (bounded memory: a window of postings and a bit a posting id),
 * give the same problems as the ledger verify alone, whose claims are an
 * array by posting id: a posting's stated amount edited under its
 * receipt (S-2), a receipt pointed at another receipt's posting (S-3), a
 * receipt pointed back at a posting far behind the pass, with another
 * amount (S-4). S-1 stays clean. */
static void
test_one_pass_receipt_claims (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(BsnStore) s = bsn_store_get (f->t->db, f->store, NULL);
  g_autofree char *problems = NULL;
  g_autofree char *sql = NULL;
  g_autoptr(BsnBookCheck) check = NULL;
  g_autoptr(BsnBookCheck) inside = NULL;
  g_autofree char *problems_inside = NULL;
  g_autoptr(BsnVerifyReport) alone = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) mine = g_ptr_array_new ();
  g_autoptr(GPtrArray) theirs = g_ptr_array_new ();
  const char *numbers[] = { "S-1", "S-2", "S-3", "S-4" };
  gint64 posting[G_N_ELEMENTS (numbers)];

  s->opening_sec = 7 * 3600;
  g_assert_true (bsn_store_update (f->t->db, s, NULL));
  for (guint i = 0; i < G_N_ELEMENTS (numbers); i++)
    {
      g_autofree char *q = g_strdup_printf ("SELECT posting_id FROM receipts WHERE receipt = '%s'", numbers[i]);

      g_free (award_receipt (f->t->db, f->store, f->customer, numbers[i]));
      posting[i] = bsn_db_query_int (f->t->db, q, -1);
      g_assert_cmpint (posting[i], >, f->posting[2]);
    }
  assert_clean (f->t->db);

  sql = g_strdup_printf ("UPDATE postings SET amount_rp = amount_rp + 1 WHERE id = %" G_GINT64_FORMAT ";"
                         "UPDATE receipts SET posting_id = %" G_GINT64_FORMAT " WHERE receipt = 'S-3';"
                         "UPDATE receipts SET posting_id = %" G_GINT64_FORMAT " WHERE receipt = 'S-4';",
                         posting[1], posting[0], f->posting[0]);
  g_assert_true (bsn_test_drop_trigger (f->t->db, "postings_no_update"));
  g_assert_true (bsn_test_drop_trigger (f->t->db, "receipts_no_update"));
  g_assert_cmpint (bsn_test_raw_exec (f->t->db, sql), ==, SQLITE_OK);
  check = check_book (f->t->db, NULL, &problems);
  alone = bsn_ledger_verify (f->t->db, &error);
  g_assert_no_error (error);
  g_assert_false (check->ledger->ok);
  g_assert_false (alone->ok);
  for (guint i = 0; i < check->ledger->problems->len; i++)
    g_ptr_array_add (mine, g_ptr_array_index (check->ledger->problems, i));
  for (guint i = 0; i < alone->problems->len; i++)
    g_ptr_array_add (theirs, g_ptr_array_index (alone->problems, i));
  g_ptr_array_sort (mine, compare_strings);
  g_ptr_array_sort (theirs, compare_strings);
  g_assert_cmpuint (mine->len, ==, theirs->len);
  for (guint i = 0; i < mine->len; i++)
    g_assert_cmpstr (g_ptr_array_index (mine, i), ==, g_ptr_array_index (theirs, i));
  g_assert_null (strstr (problems, "Struk S-1 "));
  for (guint i = 1; i < G_N_ELEMENTS (numbers); i++)
    {
      g_autofree char *named = g_strdup_printf ("Struk %s tidak cocok dengan posting poinnya", numbers[i]);

      g_assert_nonnull (strstr (problems, named));
    }

  /* Inside a transaction already open the receipts are read on this
   * connection, beside the other tables: the same problems. */
  g_assert_true (bsn_db_begin_read (f->t->db, NULL, &error));
  g_assert_no_error (error);
  inside = check_book (f->t->db, NULL, &problems_inside);
  bsn_db_rollback (f->t->db);
  g_assert_cmpstr (problems_inside, ==, problems);
  g_assert_cmpuint (inside->ledger->problems->len, ==, check->ledger->problems->len);
}

/* Version 17 keeps the chain's index for its rare kinds only (issue 22):
 * a book of version 16 with receipts migrates with the same fingerprint,
 * balances and explanations and verify clean, and the next writes are
 * sealed once each (the last sealed posting and receipt are found from
 * the chain's end). On both engines. */
static void
test_migrate_compact_index (void)
{
  g_autofree char *dir = g_dir_make_tmp ("bsn-chain-XXXXXX", NULL);
  g_autofree char *location = bsn_test_location_new (dir, "v16.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *head = NULL;
  g_autofree char *explanation = NULL;
  guint64 entries = 0;
  gint64 store, customer, balance = 0, status = 0;

  {
    g_autoptr(BsnDb) old = bsn_db_open_at_version (location, 16, &error);
    g_autoptr(BsnStore) s = NULL;

    g_assert_no_error (error);
    g_assert_cmpint (bsn_db_get_user_version (old), ==, 16);
    store = bsn_test_add_store (old, "TK01", BSN_ROLE_TOKO, NULL, BSN_BAND_LOW, "Plus", BSN_SCHEMES_STOPWATCH);
    s = bsn_store_get (old, store, NULL);
    s->opening_sec = 7 * 3600;
    g_assert_true (bsn_store_update (old, s, NULL));
    customer = bsn_test_add_customer (old, "C001", "Siti Suryani");
    g_free (award_receipt (old, store, customer, "R-1"));
    explanation = award_receipt (old, store, customer, "R-2");
    assert_clean (old);
    assert_sealed_once (old);
    /* Sealed as version 16 did: hex. */
    g_assert_cmpint (bsn_db_query_int (old, "SELECT count(*) FROM chain WHERE length(hash) <> 64", -1), ==, 0);
    g_assert_true (bsn_db_chain_head (old, &head, &entries, NULL));
    g_assert_true (bsn_ledger_customer_balance (old, customer, &balance, &status, &error));
    g_assert_no_error (error);
  }
  {
    g_autoptr(BsnDb) db = bsn_db_open (location, BSN_DB_OPEN_DEFAULT, &error);
    g_autoptr(BsnAward) again = NULL;
    g_autofree char *head_after = NULL;
    g_autofree char *third = NULL;
    guint64 entries_after = 0;
    gint64 balance_after = 0, status_after = 0;

    g_assert_no_error (error);
    g_assert_cmpint (bsn_db_get_user_version (db), ==, bsn_db_schema_version ());
    assert_clean (db);
    g_assert_true (bsn_db_chain_head (db, &head_after, &entries_after, NULL));
    g_assert_cmpstr (head_after, ==, head);
    g_assert_cmpuint (entries_after, ==, entries);
    g_assert_true (bsn_ledger_customer_balance (db, customer, &balance_after, &status_after, &error));
    g_assert_cmpint (balance_after, ==, balance);
    g_assert_cmpint (status_after, ==, status);
    again = bsn_award_get (db, store, "R-2", &error);
    g_assert_no_error (error);
    g_assert_cmpstr (again->explanation, ==, explanation);

    third = award_receipt (db, store, customer, "R-3");
    g_assert_cmpstr (third, ==, explanation);
    assert_sealed_once (db);
    assert_clean (db);
    g_clear_pointer (&head_after, g_free);
    g_assert_true (bsn_db_chain_head (db, &head_after, &entries_after, NULL));
    /* R-3's posting and receipt, in base64 after the hex ones. */
    g_assert_cmpuint (entries_after, ==, entries + 2);
    g_assert_cmpint (bsn_db_query_int (db, "SELECT count(*) FROM chain WHERE length(hash) = 44", -1), ==, 2);
  }
  if (bsn_test_pg_uri () == NULL)
    {
      g_autofree char *wal = g_strconcat (location, "-wal", NULL);
      g_autofree char *shm = g_strconcat (location, "-shm", NULL);

      g_unlink (location);
      g_unlink (wal);
      g_unlink (shm);
    }
  g_rmdir (dir);
}

/* The problems about postings, in the order verify names them. */
static GPtrArray *
posting_problems (BsnBookCheck *check)
{
  GPtrArray *found = g_ptr_array_new ();

  for (guint i = 0; i < check->problems->len; i++)
    if (strstr (g_ptr_array_index (check->problems, i), "Posting #") != NULL)
      g_ptr_array_add (found, g_ptr_array_index (check->problems, i));
  return found;
}

#define MANY_POSTINGS 2200

/* More entries than one block of the hashing thread (2048): problems
 * found while reading (a stated amount, a deleted posting) and found by
 * the hash come out in the chain's order, across blocks, and at most 20
 * are named, the first ones. */
static void
test_attack_many_blocks (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree gint64 *ids = g_new0 (gint64, MANY_POSTINGS);
  g_autoptr(GError) error = NULL;
  g_autoptr(BsnBookCheck) check = NULL;
  g_autoptr(BsnBookCheck) capped = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GPtrArray) first = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *stated = NULL, *edited = NULL, *deleted = NULL, *memo = NULL;
  g_autofree char *problems = NULL;

  g_assert_true (bsn_db_begin (f->t->db, TRUE, &error));
  g_assert_no_error (error);
  for (int i = 0; i < MANY_POSTINGS; i++)
    {
      g_autofree char *key = g_strdup_printf ("M-%d", i);

      ids[i] = post_award (f, key, 100 + i);
    }
  g_assert_true (bsn_db_commit (f->t->db, &error));
  g_assert_no_error (error);
  check = check_book (f->t->db, NULL, &problems);
  g_assert_true (check->ok);
  g_clear_pointer (&check, bsn_book_check_free);
  g_clear_pointer (&problems, g_free);

  g_assert_true (bsn_test_drop_trigger (f->t->db, "postings_no_update"));
  g_assert_true (bsn_test_drop_trigger (f->t->db, "postings_no_delete"));
  g_assert_true (bsn_test_drop_trigger (f->t->db, "legs_no_delete"));
  sql = g_strdup_printf ("UPDATE postings SET amount_rp = amount_rp * 10 WHERE id = %" G_GINT64_FORMAT ";"
                         "DELETE FROM legs WHERE posting_id = %" G_GINT64_FORMAT ";"
                         "DELETE FROM postings WHERE id = %" G_GINT64_FORMAT ";"
                         "UPDATE postings SET memo = 'diubah' WHERE id = %" G_GINT64_FORMAT ";",
                         ids[10], ids[2100], ids[2100], ids[2150]);
  g_assert_cmpint (bsn_test_raw_exec (f->t->db, sql), ==, SQLITE_OK);
  check = check_book (f->t->db, NULL, &problems);
  g_assert_false (check->ok);
  found = posting_problems (check);
  stated = g_strdup_printf ("Posting #%" G_GINT64_FORMAT " menyatakan %d tetapi kakinya memindahkan %d",
                            ids[10], (100 + 10) * 10, 100 + 10);
  edited = g_strdup_printf (": Posting #%" G_GINT64_FORMAT " diubah setelah dicatat", ids[10]);
  deleted = g_strdup_printf (": Posting #%" G_GINT64_FORMAT " sudah dihapus", ids[2100]);
  memo = g_strdup_printf (": Posting #%" G_GINT64_FORMAT " diubah setelah dicatat", ids[2150]);
  g_assert_cmpuint (found->len, ==, 4);
  g_assert_cmpstr (g_ptr_array_index (found, 0), ==, stated);
  g_assert_true (g_str_has_suffix (g_ptr_array_index (found, 1), edited));
  g_assert_true (g_str_has_suffix (g_ptr_array_index (found, 2), deleted));
  g_assert_true (g_str_has_suffix (g_ptr_array_index (found, 3), memo));

  /* Every posting edited: the first twenty problems named, the
   * entries in order. */
  g_assert_cmpint (bsn_test_raw_exec (f->t->db, "UPDATE postings SET memo = 'semua'"), ==, SQLITE_OK);
  capped = bsn_chain_check_book (f->t->db, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (capped->problems->len, ==, 20);
  first = g_ptr_array_new ();
  for (guint i = 0; i < capped->problems->len; i++)
    if (g_str_has_prefix (g_ptr_array_index (capped->problems, i), "Entri rantai "))
      g_ptr_array_add (first, g_ptr_array_index (capped->problems, i));
  g_assert_cmpuint (first->len, >, 10);
  {
    g_autofree char *needle = g_strdup_printf (": Posting #%" G_GINT64_FORMAT " diubah setelah dicatat", f->posting[0]);

    g_assert_true (g_str_has_suffix (g_ptr_array_index (first, 0), needle));
  }
  for (guint i = 1; i < first->len; i++)
    g_assert_cmpint (g_ascii_strtoll ((const char *) g_ptr_array_index (first, i) + strlen ("Entri rantai "), NULL, 10),
                     >, g_ascii_strtoll ((const char *) g_ptr_array_index (first, i - 1) + strlen ("Entri rantai "),
                                         NULL, 10));
}

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  ADD ("/chain/sealed-on-commit", test_sealed_on_commit);
  ADD ("/chain/witness", test_witness);
  ADD ("/chain/attack/times-ten", test_attack_times_ten);
  ADD ("/chain/attack/stated-amount", test_attack_stated_amount);
  ADD ("/chain/attack/deleted-posting", test_attack_deleted_posting);
  ADD ("/chain/attack/many-blocks", test_attack_many_blocks);
  ADD ("/chain/one-pass/same-ledger-problems", test_one_pass_same_ledger_problems);
  ADD ("/chain/one-pass/receipt-claims", test_one_pass_receipt_claims);
  ADD ("/chain/attack/stored-hash", test_attack_stored_hash);
  ADD ("/chain/attack/audit-rewritten", test_attack_audit);
  ADD ("/chain/attack/audit-deleted", test_attack_audit_deleted);
  ADD ("/chain/attack/role-escalation", test_attack_role);
  ADD ("/chain/attack/dropped-trigger", test_attack_dropped_trigger);
  ADD ("/chain/attack/planted-trigger", test_attack_planted_trigger);
  ADD ("/chain/restore/planted-trigger", test_restore_planted_trigger);
  ADD ("/chain/attack/planted-view", test_attack_planted_view);
  ADD ("/chain/restore/edited-chain", test_restore_edited_chain);
  ADD ("/chain/restore/older", test_restore_older);
  g_test_add_func ("/chain/migrate/seals-history", test_migrate_seals_history);
  g_test_add_func ("/chain/migrate/compact-index", test_migrate_compact_index);
  return g_test_run ();
}
