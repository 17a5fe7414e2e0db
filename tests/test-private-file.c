/* test-private-file.c — exports and backups are written to an owner-only
 * temporary file beside their target and renamed into place (issue 18 §4):
 * 0600 whatever the umask, a killed writer's temporary removed by the next
 * one, a live writer's kept, and every failure named with the target. */
#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "bsn-private-file.h"
#include "bsn-test-util.h"

static char *
read_all (const char *path)
{
  char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  return text;
}

static void
touch (const char *dir,
       const char *name)
{
  g_autofree char *p = g_build_filename (dir, name, NULL);

  g_assert_true (g_file_set_contents (p, "x", 1, NULL));
}

static gboolean
exists (const char *dir,
        const char *name)
{
  g_autofree char *p = g_build_filename (dir, name, NULL);

  return g_file_test (p, G_FILE_TEST_EXISTS);
}

static guint
count_entries (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  guint n = 0;

  while (d != NULL && g_dir_read_name (d) != NULL)
    n++;
  return n;
}

static void
test_write_and_commit (void)
{
  g_autofree char *dir = g_dir_make_tmp ("bsn-private-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "laporan.csv", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *tmp = NULL;
  BsnPrivateFile *f;
  GStatBuf st;
  mode_t old = umask (0);

  f = bsn_private_file_new (path, &error);
  umask (old);
  g_assert_no_error (error);
  tmp = g_strdup (bsn_private_file_get_temp_path (f));
  /* laporan.csv.XXXXXXXX.tmp beside the target. */
  g_assert_true (g_str_has_prefix (tmp, path));
  g_assert_cmpuint (strlen (tmp), ==, strlen (path) + 1 + 8 + 4);
  g_assert_true (g_str_has_suffix (tmp, ".tmp"));
  g_assert_true (bsn_private_file_write (f, "a,b\n", 4, &error));
  g_assert_true (bsn_private_file_write (f, "1,2\n", 4, &error));
  g_assert_true (bsn_private_file_write (f, "", 0, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_true (bsn_private_file_commit (f, &error));
  g_assert_no_error (error);
  bsn_private_file_free (f);

  text = read_all (path);
  g_assert_cmpstr (text, ==, "a,b\n1,2\n");
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_false (g_file_test (tmp, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_entries (dir), ==, 1);

  /* Not committed: nothing replaces the target, the temporary goes. */
  f = bsn_private_file_new (path, &error);
  g_assert_no_error (error);
  g_clear_pointer (&tmp, g_free);
  tmp = g_strdup (bsn_private_file_get_temp_path (f));
  g_assert_true (bsn_private_file_write (f, "lain", 4, &error));
  g_assert_true (g_file_test (tmp, G_FILE_TEST_EXISTS));
  bsn_private_file_free (f);
  bsn_private_file_free (NULL);
  g_assert_false (g_file_test (tmp, G_FILE_TEST_EXISTS));
  g_clear_pointer (&text, g_free);
  text = read_all (path);
  g_assert_cmpstr (text, ==, "a,b\n1,2\n");

  g_unlink (path);
  g_rmdir (dir);
}

/* Only temporaries of this target (name.8-hex-digits.tmp) whose writer is
 * gone are removed, with a journal beside them. */
static void
test_stale_temporaries (void)
{
  g_autofree char *dir = g_dir_make_tmp ("bsn-private-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "out.csv", NULL);
  g_autoptr(GError) error = NULL;
  const char *kept[] = { "out.csv.0123abcg.tmp", "out.csv.0123abcd.tmpx", "out.csv.0123abc.tmp",
                         "other.csv.0123abcd.tmp", "out.csvX0123abcd.tmp", "out.csv.0123abcd.bak" };
  BsnPrivateFile *live, *next;
  g_autofree char *live_tmp = NULL;
  g_autofree char *next_tmp = NULL;

  touch (dir, "out.csv.0123ABcd.tmp");
  touch (dir, "out.csv.0123ABcd.tmp-journal");
  for (guint i = 0; i < G_N_ELEMENTS (kept); i++)
    touch (dir, kept[i]);

  live = bsn_private_file_new (path, &error);
  g_assert_no_error (error);
  live_tmp = g_strdup (bsn_private_file_get_temp_path (live));
  g_assert_false (exists (dir, "out.csv.0123ABcd.tmp"));
  g_assert_false (exists (dir, "out.csv.0123ABcd.tmp-journal"));
  for (guint i = 0; i < G_N_ELEMENTS (kept); i++)
    g_assert_true (exists (dir, kept[i]));

  /* A second writer leaves the first one's temporary: it is locked. */
  next = bsn_private_file_new (path, &error);
  g_assert_no_error (error);
  next_tmp = g_strdup (bsn_private_file_get_temp_path (next));
  g_assert_cmpstr (next_tmp, !=, live_tmp);
  g_assert_true (g_file_test (live_tmp, G_FILE_TEST_EXISTS));
  g_assert_true (bsn_private_file_write (next, "2", 1, &error));
  g_assert_true (bsn_private_file_commit (next, &error));
  g_assert_no_error (error);
  bsn_private_file_free (next);
  bsn_private_file_free (live);
  g_assert_false (g_file_test (live_tmp, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_entries (dir), ==, G_N_ELEMENTS (kept) + 1);

  for (guint i = 0; i < G_N_ELEMENTS (kept); i++)
    {
      g_autofree char *p = g_build_filename (dir, kept[i], NULL);
      g_unlink (p);
    }
  g_unlink (path);
  g_rmdir (dir);
}

static void
test_failures (void)
{
  g_autofree char *dir = g_dir_make_tmp ("bsn-private-XXXXXX", NULL);
  g_autofree char *missing = g_build_filename (dir, "tidak-ada", "out.csv", NULL);
  g_autofree char *target_dir = g_build_filename (dir, "folder", NULL);
  g_autofree char *prefix = NULL;
  g_autoptr(GError) error = NULL;
  BsnPrivateFile *f;

  /* The folder is not there. */
  g_assert_null (bsn_private_file_new (missing, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  prefix = g_strdup_printf ("Berkas “%s” tidak dapat dibuat: ", missing);
  g_assert_true (g_str_has_prefix (error->message, prefix));
  g_assert_true (g_str_has_suffix (error->message, g_strerror (ENOENT)));
  g_clear_error (&error);
  g_clear_pointer (&prefix, g_free);

  /* The target is a folder: the rename into place fails, the target is
   * untouched and the temporary goes with the file. */
  g_assert_cmpint (g_mkdir (target_dir, 0700), ==, 0);
  f = bsn_private_file_new (target_dir, &error);
  g_assert_no_error (error);
  g_assert_true (bsn_private_file_write (f, "x", 1, &error));
  g_assert_false (bsn_private_file_commit (f, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_ISDIR);
  prefix = g_strdup_printf ("Berkas “%s” tidak dapat disimpan: ", target_dir);
  g_assert_true (g_str_has_prefix (error->message, prefix));
  bsn_private_file_free (f);
  g_assert_true (g_file_test (target_dir, G_FILE_TEST_IS_DIR));
  g_assert_cmpuint (count_entries (dir), ==, 1);

  g_rmdir (target_dir);
  g_rmdir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/private-file/write-and-commit", test_write_and_commit);
  g_test_add_func ("/private-file/stale-temporaries", test_stale_temporaries);
  g_test_add_func ("/private-file/failures", test_failures);
  return g_test_run ();
}
