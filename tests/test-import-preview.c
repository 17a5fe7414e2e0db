/* test-import-preview.c — the first rows of a receipts file as the import
 * dialog previews them: the separator guessed from the first line, quoted
 * fields (separators, doubled quotes and line breaks inside), CRLF, bytes
 * that are not UTF-8 shown as U+FFFD, at most the rows asked for. */
#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>

#include "bsn-import.h"
#include "bsn-test-util.h"

static char *
write_file (const char *dir,
            const char *name,
            const char *text,
            gssize      len)
{
  char *path = g_build_filename (dir, name, NULL);

  g_assert_true (g_file_set_contents (path, text, len, NULL));
  return path;
}

static void
assert_row (GPtrArray          *rows,
            guint               i,
            const char *const  *expected)
{
  GStrv row = g_ptr_array_index (rows, i);

  g_assert_cmpuint (g_strv_length (row), ==, g_strv_length ((GStrv) expected));
  for (guint k = 0; expected[k] != NULL; k++)
    g_assert_cmpstr (row[k], ==, expected[k]);
}

static void
test_preview (void)
{
  g_autofree char *dir = g_dir_make_tmp ("bsn-preview-XXXXXX", NULL);
  const char semi[] = "toko;pelanggan;jumlah\r\n"
                      "TK;\"C;1\";\"12\"\"5\"\r\n"
                      "TK;C\xff" "2;5000\n"
                      "\"dua\nbaris\";x,y;\n"
                      "akhir";
  const char comma[] = "toko,pelanggan;catatan,jumlah\nTK,C1;x,100\n";
  g_autofree char *semi_path = write_file (dir, "a.csv", semi, sizeof semi - 1);
  g_autofree char *comma_path = write_file (dir, "b.csv", comma, sizeof comma - 1);
  g_autofree char *empty_path = write_file (dir, "c.csv", "", 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) three = bsn_import_preview (semi_path, 3, &error);
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) commas = NULL;
  g_autoptr(GPtrArray) none = NULL;
  g_autoptr(GPtrArray) zero = NULL;
  const char *const r0[] = { "toko", "pelanggan", "jumlah", NULL };
  const char *const r1[] = { "TK", "C;1", "12\"5", NULL };
  const char *const r2[] = { "TK", "C\xef\xbf\xbd" "2", "5000", NULL };
  const char *const r3[] = { "dua\nbaris", "x,y", "", NULL };
  const char *const r4[] = { "akhir", NULL };
  const char *const c0[] = { "toko", "pelanggan;catatan", "jumlah", NULL };
  const char *const c1[] = { "TK", "C1;x", "100", NULL };

  g_assert_no_error (error);
  g_assert_cmpuint (three->len, ==, 3);
  assert_row (three, 0, r0);
  assert_row (three, 1, r1);
  assert_row (three, 2, r2);

  all = bsn_import_preview (semi_path, 100, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, 5);
  assert_row (all, 3, r3);
  assert_row (all, 4, r4);

  /* A first line with both separators is read with ','. */
  commas = bsn_import_preview (comma_path, 100, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (commas->len, ==, 2);
  assert_row (commas, 0, c0);
  assert_row (commas, 1, c1);

  none = bsn_import_preview (empty_path, 100, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (none->len, ==, 0);
  zero = bsn_import_preview (semi_path, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (zero->len, ==, 0);

  g_unlink (semi_path);
  g_unlink (comma_path);
  g_unlink (empty_path);
  g_rmdir (dir);
}

static void
test_preview_missing_file (void)
{
  g_autofree char *dir = g_dir_make_tmp ("bsn-preview-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "tidak-ada.csv", NULL);
  g_autofree char *expected = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = bsn_import_preview (path, 10, &error);

  g_assert_null (rows);
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  expected = g_strdup_printf ("Berkas “%s” tidak dapat dibuka: %s", path, g_strerror (ENOENT));
  g_assert_cmpstr (error->message, ==, expected);
  g_rmdir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/import-preview/rows", test_preview);
  g_test_add_func ("/import-preview/missing-file", test_preview_missing_file);
  return g_test_run ();
}
