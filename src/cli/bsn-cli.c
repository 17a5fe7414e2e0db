/* bsn-cli.c — bsn-loyalty-cli: global options, dispatch, output. */
#include "config.h"

#include <glib/gi18n.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

#include "bsn-auth.h"
#include "bsn-cli.h"
#include "bsn-db-logins.h"
#include "bsn-error.h"
#include "bsn-locale.h"

static const BsnCliCommand *const command_tables[] = {
  bsn_cli_db_commands,
  bsn_cli_registry_commands,
  bsn_cli_ledger_commands,
  bsn_cli_expiry_commands,
  bsn_cli_award_commands,
  bsn_cli_tiers_commands,
  bsn_cli_simulate_commands,
  bsn_cli_quota_commands,
  bsn_cli_consign_commands,
  bsn_cli_voucher_commands,
  bsn_cli_report_commands,
  bsn_cli_admin_commands,
};

/* A database file on read-only media, or one the user may not write (or
 * whose folder they may not write: SQLite needs it for its journal), is
 * opened read-only: reading and verify work, a write fails with exit 4. */
static BsnDbOpenFlags
open_flags_for (const char *path)
{
  g_autofree char *dir = NULL;

  if (bsn_db_location_is_server (path) || g_strcmp0 (path, ":memory:") == 0
      || !g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return BSN_DB_OPEN_DEFAULT;
  dir = g_path_get_dirname (path);
  if (access (path, W_OK) != 0 || access (dir, W_OK) != 0)
    return BSN_DB_OPEN_READONLY;
  return BSN_DB_OPEN_DEFAULT;
}

/* On a server, --user N signs in to the server as login N with
 * BSN_PASSWORD, whatever user the URI names. A database where `server
 * init` never ran has no such logins: there the URI's user connects and
 * our own password check follows (bsn_cli_sign_in()). */
static BsnDb *
open_server_as_user (BsnCli  *cli,
                     char   **out_password,
                     GError **error)
{
  g_autoptr(GError) as_user = NULL;
  BsnDb *db;

  if ((*out_password = bsn_cli_read_password ("BSN_PASSWORD", _("Kata sandi: "), error)) == NULL)
    return NULL;
  db = bsn_db_open_as (cli->db_path, cli->user, *out_password, BSN_DB_OPEN_DEFAULT, &as_user);
  if (db != NULL)
    return db;
  db = bsn_db_open (cli->db_path, BSN_DB_OPEN_DEFAULT, NULL);
  if (db != NULL && !bsn_db_has_server_logins (db))
    return db;
  g_clear_pointer (&db, bsn_db_unref);
  g_propagate_error (error, g_steal_pointer (&as_user));
  return NULL;
}

BsnDb *
bsn_cli_db (BsnCli *cli,
            int    *exit_code)
{
  g_autofree char *password = NULL;
  GError *error = NULL;
  gboolean readonly;

  if (cli->db != NULL)
    return cli->db;
  /* verify reads read-only; a missing file is reported as by every other
   * command (exit 1, "create it with init"). */
  readonly = cli->readonly
             && (bsn_db_location_is_server (cli->db_path) || g_file_test (cli->db_path, G_FILE_TEST_EXISTS));
  if (cli->user != NULL && bsn_db_location_is_server (cli->db_path))
    cli->db = open_server_as_user (cli, &password, &error);
  else
    cli->db = bsn_db_open (cli->db_path, readonly ? BSN_DB_OPEN_READONLY : open_flags_for (cli->db_path), &error);
  if (cli->db == NULL)
    {
      *exit_code = bsn_cli_fail (cli, error);
      return NULL;
    }
  if (password != NULL)
    {
      if (!bsn_auth_login (cli->db, cli->user, password, &error))
        {
          g_clear_pointer (&cli->db, bsn_db_unref);
          *exit_code = bsn_cli_fail (cli, error);
        }
      return cli->db;
    }
  if (!bsn_cli_sign_in (cli, exit_code))
    g_clear_pointer (&cli->db, bsn_db_unref);
  return cli->db;
}

gboolean
bsn_cli_sign_in (BsnCli *cli,
                 int    *exit_code)
{
  g_autofree char *password = NULL;
  GError *error = NULL;

  if (cli->user == NULL)
    {
      /* A store's PC may name its login in the URI (or PGUSER). */
      if (bsn_auth_login_session (cli->db, &error))
        return TRUE;
      *exit_code = bsn_cli_fail (cli, error);
      return FALSE;
    }
  if ((password = bsn_cli_read_password ("BSN_PASSWORD", _("Kata sandi: "), &error)) == NULL
      || !bsn_auth_login (cli->db, cli->user, password, &error))
    {
      *exit_code = bsn_cli_fail (cli, error);
      return FALSE;
    }
  return TRUE;
}

static void
report (BsnCli     *cli,
        const char *message,
        int         code)
{
  g_printerr ("bsn-loyalty-cli: %s\n", message);
  if (cli->json)
    {
      g_clear_object (&cli->out);
      cli->out = json_builder_new ();
      json_builder_begin_object (cli->out);
      bsn_cli_json_bool (cli, "ok", FALSE);
      bsn_cli_json_str (cli, "error", message);
      bsn_cli_json_str (cli, "reason", message);
      bsn_cli_json_int (cli, "exit_code", code);
    }
  cli->out_failed = TRUE;
}

int
bsn_cli_fail (BsnCli *cli,
              GError *error)
{
  int code = bsn_error_exit_code (error);

  if (error->domain == G_OPTION_ERROR)
    code = BSN_EXIT_USAGE;
  report (cli, error->message, code);
  g_error_free (error);
  return code;
}

int
bsn_cli_usage (BsnCli     *cli,
               const char *format,
               ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  report (cli, message, BSN_EXIT_USAGE);
  return BSN_EXIT_USAGE;
}

gboolean
bsn_cli_parse (BsnCli        *cli,
               const char    *command,
               const char    *parameter_string,
               GOptionEntry  *entries,
               int           *argc,
               char        ***argv,
               int            n_positional,
               int           *exit_code)
{
  g_autoptr(GOptionContext) context = g_option_context_new (parameter_string);
  g_autofree char *summary = g_strdup_printf (_("Perintah: bsn-loyalty-cli [--db BERKAS|URI] [--json] %s"), command);
  GError *error = NULL;

  g_option_context_set_summary (context, summary);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, argc, argv, &error))
    {
      *exit_code = bsn_cli_usage (cli, "%s", error->message);
      g_error_free (error);
      return FALSE;
    }
  /* (*argv)[0] is the command itself. */
  if (*argc - 1 < n_positional)
    {
      *exit_code = bsn_cli_usage (cli, _("%s: argumen kurang; lihat --help"), command);
      return FALSE;
    }
  if (*argc - 1 > n_positional)
    {
      *exit_code = bsn_cli_usage (cli, _("%s: argumen “%s” tidak dikenal"), command, (*argv)[n_positional + 1]);
      return FALSE;
    }
  return TRUE;
}

gboolean
bsn_cli_require (BsnCli     *cli,
                 const char *value,
                 const char *option,
                 int        *exit_code)
{
  if (value != NULL)
    return TRUE;
  *exit_code = bsn_cli_usage (cli, _("%s wajib diisi"), option);
  return FALSE;
}

void
bsn_cli_print (BsnCli     *cli,
               const char *format,
               ...)
{
  va_list args;

  if (cli->json)
    return;
  va_start (args, format);
  vprintf (format, args);
  va_end (args);
}

gboolean
bsn_cli_parse_int (const char *text,
                   const char *option,
                   gint64      min,
                   gint64      max,
                   gint64     *out,
                   GError    **error)
{
  gint64 v;
  g_autoptr(GError) local = NULL;

  if (!g_ascii_string_to_signed (text, 10, min, max, &v, &local))
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID,
                   _("%s: “%s” harus bilangan bulat dari %" G_GINT64_FORMAT " sampai %" G_GINT64_FORMAT),
                   option, text, min, max);
      return FALSE;
    }
  *out = v;
  return TRUE;
}

void
bsn_cli_json_int (BsnCli     *cli,
                  const char *key,
                  gint64      value)
{
  json_builder_set_member_name (cli->out, key);
  json_builder_add_int_value (cli->out, value);
}

void
bsn_cli_json_str (BsnCli     *cli,
                  const char *key,
                  const char *value)
{
  json_builder_set_member_name (cli->out, key);
  if (value != NULL)
    json_builder_add_string_value (cli->out, value);
  else
    json_builder_add_null_value (cli->out);
}

void
bsn_cli_json_bool (BsnCli     *cli,
                   const char *key,
                   gboolean    value)
{
  json_builder_set_member_name (cli->out, key);
  json_builder_add_boolean_value (cli->out, value);
}

void
bsn_cli_json_time (BsnCli     *cli,
                   const char *key,
                   BsnTime     value)
{
  g_autofree char *iso = bsn_time_format_iso (value);

  bsn_cli_json_str (cli, key, iso);
}

static const BsnCliCommand *
find_command (int    argc,
              char **argv,
              int   *n_words)
{
  /* Two-word commands ("store add") win over one-word ones ("verify"). */
  for (int words = 2; words >= 1; words--)
    {
      g_autofree char *name = NULL;

      if (argc < words)
        continue;
      name = words == 2 ? g_strdup_printf ("%s %s", argv[0], argv[1]) : g_strdup (argv[0]);
      for (guint t = 0; t < G_N_ELEMENTS (command_tables); t++)
        for (const BsnCliCommand *c = command_tables[t]; c->name != NULL; c++)
          if (g_strcmp0 (c->name, name) == 0)
            {
              *n_words = words;
              return c;
            }
    }
  return NULL;
}

static void
print_help (void)
{
  g_print (_("Pemakaian: bsn-loyalty-cli [--db BERKAS|URI] [--json] PERINTAH …\n\n"
             "BSN Loyalty dari baris perintah. Basis data bawaan: milik aplikasi\n"
             "(variabel lingkungan BSN_DB menggantinya). BERKAS adalah basis data SQLite;\n"
             "URI postgresql://… adalah server PostgreSQL jaringan toko.\n\nPerintah:\n"));
  for (guint t = 0; t < G_N_ELEMENTS (command_tables); t++)
    for (const BsnCliCommand *c = command_tables[t]; c->name != NULL; c++)
      g_print ("  %-22s %s\n", c->name, _(c->summary));
  g_print (_("\nKode keluar: 0 berhasil, 1 ditolak aturan, 2 salah pemakaian, 3 data masukan salah,\n"
             "4 gangguan penyimpanan atau sistem.\n"
             "Bantuan tiap perintah: bsn-loyalty-cli PERINTAH --help\n"));
}

/* Takes the global options out of @argv wherever they stand, so
 * "store list --json" works as well as "--json store list". */
static gboolean
take_global_options (BsnCli  *cli,
                     int     *argc,
                     char   **argv,
                     gboolean *help,
                     gboolean *version)
{
  int out = 1;

  for (int i = 1; i < *argc; i++)
    {
      const char *a = argv[i];

      if (g_strcmp0 (a, "--json") == 0)
        cli->json = TRUE;
      else if (g_strcmp0 (a, "--db") == 0)
        {
          if (i + 1 >= *argc)
            return FALSE;
          g_free (cli->db_path);
          cli->db_path = g_strdup (argv[++i]);
        }
      else if (g_str_has_prefix (a, "--db="))
        {
          g_free (cli->db_path);
          cli->db_path = g_strdup (a + 5);
        }
      else if (g_strcmp0 (a, "--user") == 0)
        {
          if (i + 1 >= *argc)
            return FALSE;
          g_free (cli->user);
          cli->user = g_strdup (argv[++i]);
        }
      else if (g_str_has_prefix (a, "--user="))
        {
          g_free (cli->user);
          cli->user = g_strdup (a + 7);
        }
      else if (out == 1 && (g_strcmp0 (a, "--help") == 0 || g_strcmp0 (a, "-h") == 0))
        *help = TRUE;
      else if (out == 1 && g_strcmp0 (a, "--version") == 0)
        *version = TRUE;
      else
        argv[out++] = argv[i];
    }
  argv[out] = NULL;
  *argc = out;
  return TRUE;
}

static void
clear_cli (BsnCli *cli)
{
  g_clear_object (&cli->out);
  g_clear_pointer (&cli->db, bsn_db_unref);
  g_clear_pointer (&cli->db_path, g_free);
  g_clear_pointer (&cli->user, g_free);
}

int
main (int    argc,
      char **argv)
{
  BsnCli cli = { 0 };
  gboolean help = FALSE, version = FALSE;
  const BsnCliCommand *command;
  int n_words = 0, code;

  bsn_locale_init ();
  /* Past the file-size limit a write fails with EFBIG (exit 4, the
   * transaction undone) instead of the signal killing us mid-write. */
  signal (SIGXFSZ, SIG_IGN);

  cli.out = json_builder_new ();
  json_builder_begin_object (cli.out);

  if (!take_global_options (&cli, &argc, argv, &help, &version))
    code = bsn_cli_usage (&cli, _("--db dan --user perlu nilai"));
  else if (version)
    {
      g_print ("bsn-loyalty-cli %s\n", PACKAGE_VERSION);
      clear_cli (&cli);
      return BSN_EXIT_OK;
    }
  else if (help || argc < 2)
    {
      print_help ();
      clear_cli (&cli);
      return help ? BSN_EXIT_OK : BSN_EXIT_USAGE;
    }
  else if ((command = find_command (argc - 1, argv + 1, &n_words)) == NULL)
    code = bsn_cli_usage (&cli, _("Perintah “%s” tidak dikenal; lihat bsn-loyalty-cli --help"), argv[1]);
  else
    {
      g_autofree char *name = g_strdup (command->name);
      int sub_argc = argc - n_words;
      char **sub_argv = argv + n_words;

      if (cli.db_path == NULL)
        cli.db_path = bsn_db_default_path ();
      /* The command sees its own name as argv[0], as GOption expects. */
      sub_argv[0] = name;
      code = command->func (&cli, sub_argc, sub_argv);
    }

  if (cli.json)
    {
      g_autoptr(JsonGenerator) gen = json_generator_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *text = NULL;

      if (!cli.out_failed)
        {
          /* "ok" is on every object, so a script can branch on one key. */
          json_builder_set_member_name (cli.out, "ok");
          json_builder_add_boolean_value (cli.out, code == BSN_EXIT_OK);
        }
      json_builder_end_object (cli.out);
      root = json_builder_get_root (cli.out);
      json_generator_set_root (gen, root);
      json_generator_set_pretty (gen, FALSE);
      text = json_generator_to_data (gen, NULL);
      g_print ("%s\n", text);
    }

  clear_cli (&cli);
  return code;
}
