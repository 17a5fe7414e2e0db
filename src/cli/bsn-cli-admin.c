/* bsn-cli-admin.c — users, the audit trail, backup and restore. */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <termios.h>
#include <unistd.h>

#include "bsn-audit.h"
#include "bsn-auth.h"
#include "bsn-backup.h"
#include "bsn-chain.h"
#include "bsn-cli.h"
#include "bsn-error.h"

/* A password from @env, else typed at the terminal without echo. */
char *
bsn_cli_read_password (const char *env,
                       const char *prompt,
                       GError    **error)
{
  const char *value = g_getenv (env);
  struct termios old, quiet;
  char line[512];
  FILE *tty;
  gboolean ok;

  if (value != NULL)
    return g_strdup (value);
  tty = fopen ("/dev/tty", "r+");
  if (tty == NULL)
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID, _("Kata sandi diperlukan: isi variabel %s"), env);
      return NULL;
    }
  fputs (prompt, tty);
  fflush (tty);
  tcgetattr (fileno (tty), &old);
  quiet = old;
  quiet.c_lflag &= ~(tcflag_t) ECHO;
  tcsetattr (fileno (tty), TCSAFLUSH, &quiet);
  ok = fgets (line, sizeof line, tty) != NULL;
  tcsetattr (fileno (tty), TCSAFLUSH, &old);
  fputs ("\n", tty);
  fclose (tty);
  if (!ok)
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID, _("Kata sandi tidak terbaca"));
      return NULL;
    }
  line[strcspn (line, "\r\n")] = '\0';
  return g_strdup (line);
}

static int
cmd_user_add (BsnCli *cli,
              int     argc,
              char  **argv)
{
  g_autofree char *name = NULL, *role = NULL, *password = NULL;
  GOptionEntry entries[] = {
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, N_("Nama pengguna"), "N" },
    { "role", 0, 0, G_OPTION_ARG_STRING, &role, N_("pemilik, manajer, pembukuan atau kasir"), "PERAN" },
    G_OPTION_ENTRY_NULL
  };
  GError *error = NULL;
  BsnUserRole r;
  BsnDb *db;
  int code = 0;

  if (!bsn_cli_parse (cli, "user add", "", entries, &argc, &argv, 0, &code)
      || !bsn_cli_require (cli, name, "--name", &code) || !bsn_cli_require (cli, role, "--role", &code))
    return code;
  if (!bsn_user_role_parse (role, &r, &error))
    return bsn_cli_fail (cli, error);
  if ((db = bsn_cli_db (cli, &code)) == NULL)
    return code;
  if ((password = bsn_cli_read_password ("BSN_NEW_PASSWORD", _("Kata sandi baru: "), &error)) == NULL
      || !bsn_auth_add_user (db, name, r, password, &error))
    return bsn_cli_fail (cli, error);
  bsn_cli_json_str (cli, "name", name);
  bsn_cli_json_str (cli, "role", role);
  bsn_cli_print (cli, _("Pengguna %s (%s) ditambahkan.\n"), name, bsn_user_role_label (r));
  return BSN_EXIT_OK;
}

static int
cmd_user_list (BsnCli *cli,
               int     argc,
               char  **argv)
{
  GOptionEntry entries[] = { G_OPTION_ENTRY_NULL };
  g_autoptr(GPtrArray) users = NULL;
  GError *error = NULL;
  BsnDb *db;
  int code = 0;

  if (!bsn_cli_parse (cli, "user list", "", entries, &argc, &argv, 0, &code) || (db = bsn_cli_db (cli, &code)) == NULL)
    return code;
  if ((users = bsn_auth_list_users (db, &error)) == NULL)
    return bsn_cli_fail (cli, error);
  json_builder_set_member_name (cli->out, "users");
  json_builder_begin_array (cli->out);
  for (guint i = 0; i < users->len; i++)
    {
      BsnUser *u = g_ptr_array_index (users, i);
      json_builder_begin_object (cli->out);
      bsn_cli_json_str (cli, "name", u->name);
      bsn_cli_json_str (cli, "role", bsn_user_role_to_string (u->role));
      bsn_cli_json_bool (cli, "active", u->active);
      json_builder_end_object (cli->out);
      bsn_cli_print (cli, "%-20s %-14s %s\n", u->name, bsn_user_role_label (u->role),
                     u->active ? _("aktif") : _("nonaktif"));
    }
  json_builder_end_array (cli->out);
  if (users->len == 0)
    bsn_cli_print (cli, _("Belum ada pengguna: basis data terbuka untuk siapa saja.\n"));
  return BSN_EXIT_OK;
}

static int
cmd_user_role (BsnCli *cli,
               int     argc,
               char  **argv)
{
  g_autofree char *name = NULL, *role = NULL;
  GOptionEntry entries[] = {
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, N_("Nama pengguna"), "N" },
    { "role", 0, 0, G_OPTION_ARG_STRING, &role, N_("pemilik, manajer, pembukuan atau kasir"), "PERAN" },
    G_OPTION_ENTRY_NULL
  };
  GError *error = NULL;
  BsnUserRole r;
  BsnDb *db;
  int code = 0;

  if (!bsn_cli_parse (cli, "user role", "", entries, &argc, &argv, 0, &code)
      || !bsn_cli_require (cli, name, "--name", &code) || !bsn_cli_require (cli, role, "--role", &code))
    return code;
  if (!bsn_user_role_parse (role, &r, &error))
    return bsn_cli_fail (cli, error);
  if ((db = bsn_cli_db (cli, &code)) == NULL)
    return code;
  if (!bsn_auth_set_role (db, name, r, &error))
    return bsn_cli_fail (cli, error);
  bsn_cli_json_str (cli, "name", name);
  bsn_cli_json_str (cli, "role", bsn_user_role_to_string (r));
  bsn_cli_print (cli, _("Peran %s sekarang %s.\n"), name, bsn_user_role_label (r));
  return BSN_EXIT_OK;
}

static int
set_user_active (BsnCli     *cli,
                 int         argc,
                 char      **argv,
                 const char *command,
                 gboolean    active)
{
  g_autofree char *name = NULL;
  GOptionEntry entries[] = {
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, N_("Nama pengguna"), "N" },
    G_OPTION_ENTRY_NULL
  };
  GError *error = NULL;
  BsnDb *db;
  int code = 0;

  if (!bsn_cli_parse (cli, command, "", entries, &argc, &argv, 0, &code)
      || !bsn_cli_require (cli, name, "--name", &code) || (db = bsn_cli_db (cli, &code)) == NULL)
    return code;
  if (!bsn_auth_set_active (db, name, active, &error))
    return bsn_cli_fail (cli, error);
  bsn_cli_json_str (cli, "name", name);
  bsn_cli_json_bool (cli, "active", active);
  bsn_cli_print (cli, active ? _("Pengguna %s aktif kembali dan dapat masuk.\n")
                             : _("Pengguna %s dinonaktifkan dan tidak dapat masuk lagi.\n"),
                 name);
  return BSN_EXIT_OK;
}

static int
cmd_user_disable (BsnCli *cli,
                  int     argc,
                  char  **argv)
{
  return set_user_active (cli, argc, argv, "user disable", FALSE);
}

static int
cmd_user_enable (BsnCli *cli,
                 int     argc,
                 char  **argv)
{
  return set_user_active (cli, argc, argv, "user enable", TRUE);
}

static int
cmd_user_passwd (BsnCli *cli,
                 int     argc,
                 char  **argv)
{
  g_autofree char *name = NULL, *password = NULL;
  GOptionEntry entries[] = {
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, N_("Nama pengguna (bawaan: diri sendiri)"), "N" },
    G_OPTION_ENTRY_NULL
  };
  GError *error = NULL;
  const char *who;
  BsnDb *db;
  int code = 0;

  if (!bsn_cli_parse (cli, "user passwd", "", entries, &argc, &argv, 0, &code) || (db = bsn_cli_db (cli, &code)) == NULL)
    return code;
  who = name ? name : bsn_db_get_actor (db, NULL);
  if (who == NULL)
    return bsn_cli_usage (cli, _("--name wajib diisi"));
  if ((password = bsn_cli_read_password ("BSN_NEW_PASSWORD", _("Kata sandi baru: "), &error)) == NULL
      || !bsn_auth_set_password (db, who, password, &error))
    return bsn_cli_fail (cli, error);
  bsn_cli_print (cli, _("Kata sandi %s diganti.\n"), who);
  return BSN_EXIT_OK;
}

static int
cmd_audit_list (BsnCli *cli,
                int     argc,
                char  **argv)
{
  g_autofree char *from = NULL, *to = NULL, *action = NULL;
  GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, N_("Sejak tanggal (termasuk)"), "TTTT-BB-HH" },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, N_("Sampai tanggal (termasuk)"), "TTTT-BB-HH" },
    { "action", 0, 0, G_OPTION_ARG_STRING, &action, N_("Hanya tindakan ini (mis. tiers, store.edit)"), "TINDAKAN" },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GPtrArray) entries_list = NULL;
  GError *error = NULL;
  gint64 f = 0, t = 0;
  BsnDb *db;
  int code = 0;

  if (!bsn_cli_parse (cli, "audit list", "", entries, &argc, &argv, 0, &code))
    return code;
  /* Audit times are real UTC instants: the dates are local days. */
  if (from || to)
    {
      BsnTime d;
      g_autoptr(GDateTime) local = NULL;
      if ((from && !bsn_date_parse (from, &d, &error)) || (to && !bsn_date_parse (to, &d, &error)))
        return bsn_cli_fail (cli, error);
      if (from)
        {
          bsn_date_parse (from, &d, NULL);
          f = d - (g_date_time_get_utc_offset (local = g_date_time_new_now_local ()) / G_TIME_SPAN_SECOND);
        }
      if (to)
        {
          g_autoptr(GDateTime) l2 = g_date_time_new_now_local ();
          bsn_date_parse (to, &d, NULL);
          t = d + BSN_SECONDS_PER_DAY - g_date_time_get_utc_offset (l2) / G_TIME_SPAN_SECOND;
        }
    }
  if ((db = bsn_cli_db (cli, &code)) == NULL)
    return code;
  if ((entries_list = bsn_audit_list (db, f, t, action, &error)) == NULL)
    return bsn_cli_fail (cli, error);
  json_builder_set_member_name (cli->out, "entries");
  json_builder_begin_array (cli->out);
  for (guint i = 0; i < entries_list->len; i++)
    {
      BsnAuditEntry *e = g_ptr_array_index (entries_list, i);
      g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (e->at);
      g_autofree char *at = g_date_time_format_iso8601 (when);
      g_autofree char *sentence = bsn_audit_entry_sentence (db, e);
      g_autofree char *shown = bsn_time_format_datetime_unix (e->at);
      json_builder_begin_object (cli->out);
      bsn_cli_json_int (cli, "id", e->id);
      bsn_cli_json_str (cli, "at", at);
      bsn_cli_json_str (cli, "user", e->user);
      bsn_cli_json_str (cli, "action", e->action);
      bsn_cli_json_str (cli, "subject", e->subject);
      bsn_cli_json_str (cli, "before", e->before);
      bsn_cli_json_str (cli, "after", e->after);
      bsn_cli_json_str (cli, "sentence", sentence);
      json_builder_end_object (cli->out);
      bsn_cli_print (cli, "%s  %s\n", shown, sentence);
    }
  json_builder_end_array (cli->out);
  if (entries_list->len == 0)
    bsn_cli_print (cli, _("Jejak audit kosong untuk saringan ini.\n"));
  return BSN_EXIT_OK;
}

/* The backup's own fingerprint (read back from the file): it witnesses
 * the history at the moment of the copy. */
static int
print_fingerprint (BsnCli     *cli,
                   const char *path)
{
  g_autofree char *head = NULL;
  g_autofree char *line = NULL;
  GError *error = NULL;
  guint64 entries = 0;

  if (!bsn_backup_read_fingerprint (path, &head, &entries, &error))
    return bsn_cli_fail (cli, error);
  line = bsn_chain_fingerprint (head, entries);
  bsn_cli_json_str (cli, "head", head);
  bsn_cli_json_int (cli, "entries", (gint64) entries);
  bsn_cli_json_str (cli, "fingerprint", line);
  bsn_cli_print (cli, "%s\n", line);
  return BSN_EXIT_OK;
}

static int
cmd_backup (BsnCli *cli,
            int     argc,
            char  **argv)
{
  g_autofree char *output = NULL, *dir = NULL, *keep = NULL;
  gboolean daily = FALSE;
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_STRING, &output, N_("Berkas cadangan"), "BERKAS" },
    { "daily", 0, 0, G_OPTION_ARG_NONE, &daily, N_("Cadangan harian dengan rotasi ke --dir"), NULL },
    { "dir", 0, 0, G_OPTION_ARG_STRING, &dir, N_("Folder cadangan harian"), "FOLDER" },
    { "keep", 0, 0, G_OPTION_ARG_STRING, &keep, N_("Simpan N cadangan terbaru (bawaan 7)"), "N" },
    G_OPTION_ENTRY_NULL
  };
  g_autofree char *made = NULL;
  GError *error = NULL;
  gint64 n = 7;
  BsnDb *db;
  int code = 0;

  if (!bsn_cli_parse (cli, "backup", "", entries, &argc, &argv, 0, &code))
    return code;
  if (!daily && !bsn_cli_require (cli, output, "-o", &code))
    return code;
  if (keep && !bsn_cli_parse_int (keep, "--keep", 1, 365, &n, &error))
    return bsn_cli_fail (cli, error);
  if ((db = bsn_cli_db (cli, &code)) == NULL)
    return code;
  if (daily)
    {
      g_autofree char *base = g_path_get_dirname (cli->db_path);
      g_autofree char *folder = dir ? g_strdup (dir) : g_build_filename (base, "cadangan", NULL);
      if (!bsn_backup_daily (db, folder, (guint) n, &made, &error))
        return bsn_cli_fail (cli, error);
      bsn_cli_json_str (cli, "output", made);
      bsn_cli_print (cli, made ? _("Cadangan harian dibuat: %s\n") : _("Cadangan hari ini sudah ada.%s\n"),
                     made ? made : "");
      return made ? print_fingerprint (cli, made) : BSN_EXIT_OK;
    }
  if (!bsn_backup_to (db, output, &error))
    return bsn_cli_fail (cli, error);
  bsn_cli_json_str (cli, "output", output);
  bsn_cli_print (cli, _("Cadangan dibuat: %s\n"), output);
  return print_fingerprint (cli, output);
}

static int
cmd_restore (BsnCli *cli,
             int     argc,
             char  **argv)
{
  gboolean older = FALSE;
  g_autofree char *reason = NULL;
  GOptionEntry entries[] = {
    { "older", 0, 0, G_OPTION_ARG_NONE, &older,
      N_("Izinkan cadangan yang lebih lama dari buku sekarang (riwayat sesudahnya dibuang; wajib --reason)"), NULL },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_("Alasan memulihkan cadangan lama (dicatat di audit)"),
      N_("TEKS") },
    G_OPTION_ENTRY_NULL
  };
  g_autofree char *safety = NULL;
  GError *error = NULL;
  BsnDb *db;
  int code = 0;

  if (!bsn_cli_parse (cli, "restore", "BERKAS", entries, &argc, &argv, 1, &code))
    return code;
  if (older && (reason == NULL || *g_strstrip (reason) == '\0'))
    return bsn_cli_usage (cli, _("--older wajib disertai --reason"));
  if (!older && reason != NULL)
    return bsn_cli_usage (cli, _("--reason hanya dipakai bersama --older"));
  if ((db = bsn_cli_db (cli, &code)) == NULL)
    return code;
  if (!bsn_backup_restore_older (db, argv[1], older ? reason : NULL, &safety, &error))
    return bsn_cli_fail (cli, error);
  bsn_cli_json_str (cli, "restored", argv[1]);
  bsn_cli_json_str (cli, "safety_copy", safety);
  bsn_cli_print (cli, _("Dipulihkan dari %s. Isi sebelumnya disimpan di %s.\n"), argv[1], safety ? safety : "-");
  return BSN_EXIT_OK;
}

const BsnCliCommand bsn_cli_admin_commands[] = {
  { "user add", N_("Tambah pengguna (kata sandi dari BSN_NEW_PASSWORD atau ditanya)"), cmd_user_add },
  { "user list", N_("Daftar pengguna"), cmd_user_list },
  { "user passwd", N_("Ganti kata sandi"), cmd_user_passwd },
  { "user role", N_("Ubah peran pengguna (pemilik saja)"), cmd_user_role },
  { "user disable", N_("Nonaktifkan pengguna: tidak dapat masuk lagi (pemilik saja)"), cmd_user_disable },
  { "user enable", N_("Aktifkan kembali pengguna (pemilik saja)"), cmd_user_enable },
  { "audit list", N_("Jejak audit perubahan aturan dan data induk"), cmd_audit_list },
  { "backup", N_("Cadangkan basis data (-o BERKAS, atau --daily)"), cmd_backup },
  { "restore", N_("Pulihkan basis data dari cadangan"), cmd_restore },
  { NULL, NULL, NULL },
};
