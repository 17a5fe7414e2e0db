/* bsn-auth.c — users, roles and permissions (see bsn-auth.h). */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <sodium.h>
#include <string.h>

#include "bsn-audit.h"
#include "bsn-auth.h"
#include "bsn-db-logins.h"
#include "bsn-error.h"
#include "bsn-store.h"

static const char *const role_names[] = { "pemilik", "manajer", "pembukuan", "kasir" };

const char *
bsn_user_role_to_string (BsnUserRole role)
{
  return role_names[role];
}

const char *
bsn_user_role_label (BsnUserRole role)
{
  switch (role)
    {
    case BSN_ROLE_PEMILIK: return _("Pemilik");
    case BSN_ROLE_MANAJER: return _("Manajer induk");
    case BSN_ROLE_PEMBUKUAN: return _("Pembukuan");
    default: return _("Kasir");
    }
}

gboolean
bsn_user_role_parse (const char  *text,
                     BsnUserRole *out,
                     GError     **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (role_names); i++)
    if (g_strcmp0 (text, role_names[i]) == 0)
      {
        *out = (BsnUserRole) i;
        return TRUE;
      }
  g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID,
               _("Peran “%s” tidak dikenal: pilih pemilik, manajer, pembukuan atau kasir"), text ? text : "");
  return FALSE;
}

gboolean
bsn_user_role_can (BsnUserRole   role,
                   BsnPermission perm)
{
  if (role == BSN_ROLE_PEMILIK || perm == BSN_PERM_READ || perm == BSN_PERM_READ_PERSONAL
      || perm == BSN_PERM_READ_FINANCE)
    return TRUE;
  switch (perm)
    {
    case BSN_PERM_STORES:
    case BSN_PERM_QUOTAS:
    case BSN_PERM_CONSIGN:
      return role == BSN_ROLE_MANAJER;
    case BSN_PERM_CUSTOMERS:
    case BSN_PERM_RECEIPTS:
    case BSN_PERM_VOUCHERS:
      return role == BSN_ROLE_MANAJER || role == BSN_ROLE_KASIR;
    case BSN_PERM_LEDGER:
    case BSN_PERM_RESERVES:
    case BSN_PERM_BACKUP:
      return role == BSN_ROLE_PEMBUKUAN;
    case BSN_PERM_REPORTS:
      return role == BSN_ROLE_MANAJER || role == BSN_ROLE_PEMBUKUAN;
    default:
      return FALSE;   /* tiers, users, restore, admin: the owner only */
    }
}

/* Whether the database has users (a file older than schema 6 has none);
 * FALSE with @error set when that cannot be read. */
static gboolean
users_exist (BsnDb    *db,
             gboolean *out,
             GError  **error)
{
  gint64 any = 0;

  *out = FALSE;
  if (bsn_db_get_user_version (db) < 6)
    return TRUE;
  if (!bsn_db_read_int (db, "SELECT EXISTS (SELECT 1 FROM users)", _("Membaca pengguna"), &any, error))
    return FALSE;
  *out = any != 0;
  return TRUE;
}

gboolean
bsn_auth_has_users (BsnDb *db)
{
  gboolean any = TRUE;

  /* A read that fails counts as users: the rules they bring are not
   * dropped by a failing disk. */
  if (!users_exist (db, &any, NULL))
    return TRUE;
  return any;
}

static const char *
perm_label (BsnPermission perm)
{
  switch (perm)
    {
    case BSN_PERM_TIERS: return _("mengubah tabel tingkat dan bonus");
    case BSN_PERM_STORES: return _("mengubah data toko");
    case BSN_PERM_CUSTOMERS: return _("mengubah data pelanggan");
    case BSN_PERM_QUOTAS: return _("mengubah kuota harian");
    case BSN_PERM_CONSIGN: return _("memutuskan titip jual");
    case BSN_PERM_RECEIPTS: return _("mencatat transaksi");
    case BSN_PERM_LEDGER: return _("mengoreksi buku poin");
    case BSN_PERM_RESERVES: return _("mengelola cadangan");
    case BSN_PERM_VOUCHERS: return _("menerbitkan dan menerima voucher");
    case BSN_PERM_REPORTS: return _("membuat laporan");
    case BSN_PERM_USERS: return _("mengelola pengguna");
    case BSN_PERM_BACKUP: return _("membuat cadangan basis data");
    case BSN_PERM_RESTORE: return _("memulihkan basis data");
    case BSN_PERM_ADMIN: return _("mengisi data demo");
    case BSN_PERM_READ_PERSONAL: return _("melihat data pelanggan");
    case BSN_PERM_READ_FINANCE: return _("melihat saldo, posting, voucher dan angka keuangan");
    default: return _("melihat data");
    }
}

/* The role and state the users table holds for @name now: a session
 * keeps its name, never a stale role. FALSE when there is no such user. */
static gboolean
current_role (BsnDb       *db,
              const char  *name,
              BsnUserRole *out_role,
              gboolean    *out_active)
{
  BsnStmt *stmt = bsn_db_prepare (db, "SELECT role, active FROM users WHERE name = ?1", NULL);
  gboolean found = FALSE;

  if (stmt == NULL)
    return FALSE;
  bsn_stmt_bind_text (stmt, 1, name);
  if (bsn_stmt_step (stmt) == BSN_ROW)
    {
      found = bsn_user_role_parse (bsn_stmt_column_text (stmt, 0), out_role, NULL);
      *out_active = bsn_stmt_column_int (stmt, 1) != 0;
    }
  bsn_stmt_reset (stmt);
  return found;
}

gboolean
bsn_auth_require (BsnDb        *db,
                  BsnPermission perm,
                  GError      **error)
{
  int cached = -1;
  const char *actor = bsn_db_get_actor (db, &cached);
  BsnUserRole role = BSN_ROLE_KASIR;
  gboolean active = FALSE;

  if (actor == NULL)
    {
      gboolean any = TRUE;

      /* Refused when the users cannot be read: a failing read must not
       * open what the users close. On a server with logins, its
       * administrator owns the tables: the app's rules do not bind what
       * psql would let it do anyway. */
      if (!users_exist (db, &any, error))
        return FALSE;
      if (!any || (bsn_db_has_server_logins (db) && bsn_db_is_server_admin (db)))
        return TRUE;
      g_set_error (error, BSN_ERROR, BSN_ERROR_REFUSED,
                   _("Basis data ini memakai pengguna: masuk dulu (--user dan kata sandi) untuk %s"),
                   perm_label (perm));
      return FALSE;
    }
  if (!current_role (db, actor, &role, &active) || !active)
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_REFUSED,
                   _("Pengguna %s sudah dinonaktifkan atau dihapus: masuk lagi sebagai pengguna aktif untuk %s"),
                   actor, perm_label (perm));
      return FALSE;
    }
  if (cached != (int) role)
    {
      g_autofree char *name = g_strdup (actor);

      /* Demoted or promoted since signing in: later checks on this
       * connection (the clock rule) see the role of now. */
      bsn_db_set_actor (db, name, role);
      actor = bsn_db_get_actor (db, NULL);
    }
  if (!bsn_user_role_can (role, perm))
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_REFUSED, _("%s (%s) tidak berhak %s"), actor,
                   bsn_user_role_label (role), perm_label (perm));
      return FALSE;
    }
  return TRUE;
}

gboolean
bsn_auth_check_clock (BsnDb    *db,
                      BsnTime   at,
                      gboolean *out_moved,
                      GError  **error)
{
  int role = -1;
  const char *actor = bsn_db_get_actor (db, &role);
  BsnTime now = bsn_time_now ();

  if (out_moved)
    *out_moved = FALSE;
  /* No one signed in: a database without users (the entry points refuse
   * anonymous writes to one with users before they get here, and their
   * bsn_auth_require() refreshed the role). A time at the start of today
   * is a posting dated by day (titip jual), on time today. */
  if (actor == NULL || ABS (at - now) <= BSN_AUTH_CLOCK_TOLERANCE
      || at == bsn_time_day (now) * BSN_SECONDS_PER_DAY)
    return TRUE;
  if (role == BSN_ROLE_KASIR)
    {
      g_autofree char *when = bsn_time_format_iso (at);
      g_autofree char *clock = bsn_time_format_iso (now);

      g_set_error (error, BSN_ERROR, BSN_ERROR_REFUSED,
                   _("Kasir hanya boleh mencatat waktu paling jauh %d menit dari jam komputer (%s), bukan %s; "
                     "waktu lain dicatat oleh pemilik, manajer atau pembukuan"),
                   BSN_AUTH_CLOCK_TOLERANCE / 60, clock, when);
      return FALSE;
    }
  if (out_moved)
    *out_moved = TRUE;
  return TRUE;
}

/* An Argon2id hash of a password no one knows, with the parameters
 * hash_password() uses: an unknown name is verified against it, so it takes
 * as long to refuse as a wrong password and the time does not tell which
 * names exist. */
static const char dummy_hash[crypto_pwhash_STRBYTES] =
  "$argon2id$v=19$m=65536,t=2,p=1$3zmhBo832i2zF1QBrLWirw$iZ9+V5nOMT64VMzIhXVgxWKjqyMPBlq7MmDwXDsajwk";

static gboolean
sodium_ready (GError **error)
{
  if (sodium_init () < 0)
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_IO, _("Pustaka kriptografi tidak dapat dipakai"));
      return FALSE;
    }
  return TRUE;
}

/* The row of user @name, when there is one (*@out_canonical NULL when
 * not): FALSE with @error set when it could not be read, which is no
 * answer about the user. */
static gboolean
read_user (BsnDb       *db,
           const char  *name,
           char       **out_canonical,
           BsnUserRole *out_role,
           char       **out_hash,
           gboolean    *out_active,
           GError     **error)
{
  BsnStmt *stmt = bsn_db_prepare (db, "SELECT name, role, pw_hash, active FROM users WHERE name = ?1", error);
  BsnStep rc;

  if (stmt == NULL)
    return FALSE;
  bsn_stmt_bind_text (stmt, 1, name ? name : "");
  if ((rc = bsn_stmt_step (stmt)) == BSN_ROW)
    {
      *out_canonical = g_strdup (bsn_stmt_column_text (stmt, 0));
      bsn_user_role_parse (bsn_stmt_column_text (stmt, 1), out_role, NULL);
      *out_hash = g_strdup (bsn_stmt_column_text (stmt, 2));
      *out_active = bsn_stmt_column_int (stmt, 3) != 0;
    }
  return bsn_db_scan_ended (db, stmt, rc, _("Membaca pengguna"), error);
}

/* The server checked the password when the connection opened
 * (bsn_db_open_as()): the session's login is the user, if the users table
 * knows it and it is active. */
static gboolean
login_on_server (BsnDb      *db,
                 const char *name,
                 GError    **error)
{
  g_autofree char *session = bsn_db_session_user (db);
  g_autofree char *canonical = NULL;
  g_autofree char *hash = NULL;
  BsnUserRole role = BSN_ROLE_KASIR;
  gboolean active = FALSE;

  if (name != NULL && g_strcmp0 (session, name) != 0)
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_REFUSED, _("Nama pengguna atau kata sandi salah"));
      return FALSE;
    }
  if (!read_user (db, session, &canonical, &role, &hash, &active, error))
    return FALSE;
  if (canonical == NULL)
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_REFUSED,
                   _("Login server %s bukan pengguna BSN Loyalty di basis data ini"), session ? session : "");
      return FALSE;
    }
  if (!active)
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_REFUSED, _("Pengguna %s sudah dinonaktifkan"), canonical);
      return FALSE;
    }
  bsn_db_set_actor (db, canonical, role);
  return TRUE;
}

gboolean
bsn_auth_login_session (BsnDb   *db,
                        GError **error)
{
  g_autofree char *session = NULL;

  if (!bsn_db_has_server_logins (db) || bsn_db_is_server_admin (db))
    return TRUE;
  session = bsn_db_session_user (db);
  return login_on_server (db, session, error);
}

gboolean
bsn_auth_login (BsnDb      *db,
                const char *name,
                const char *password,
                GError    **error)
{
  g_autofree char *hash = NULL;
  g_autofree char *canonical = NULL;
  BsnUserRole role = BSN_ROLE_KASIR;
  gboolean active = FALSE;

  if (!sodium_ready (error))
    return FALSE;
  if (bsn_db_has_server_logins (db))
    {
      /* The server keeps the password: it answers for it on a connection
       * of that login's own (the app's lock screen signs in again on a
       * connection opened long before, with whatever password then). */
      if (password != NULL)
        {
          g_autoptr(GError) probe_error = NULL;
          g_autoptr(BsnDb) probe = bsn_db_open_as (bsn_db_get_path (db), name, password,
                                                   BSN_DB_OPEN_READONLY, &probe_error);

          if (probe == NULL)
            {
              if (g_error_matches (probe_error, BSN_ERROR, BSN_ERROR_OFFLINE))
                g_propagate_error (error, g_steal_pointer (&probe_error));
              else
                g_set_error (error, BSN_ERROR, BSN_ERROR_REFUSED, _("Nama pengguna atau kata sandi salah"));
              return FALSE;
            }
        }
      return login_on_server (db, name, error);
    }
  if (!read_user (db, name, &canonical, &role, &hash, &active, error))
    return FALSE;
  /* One message, and one Argon2id verification, for an unknown name and a
   * wrong password. */
  if (password == NULL)
    password = "";
  if (crypto_pwhash_str_verify (hash ? hash : dummy_hash, password, strlen (password)) != 0 || hash == NULL)
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_REFUSED, _("Nama pengguna atau kata sandi salah"));
      return FALSE;
    }
  if (!active)
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_REFUSED, _("Pengguna %s sudah dinonaktifkan"), canonical);
      return FALSE;
    }
  bsn_db_set_actor (db, canonical, role);
  return TRUE;
}

static gboolean
password_long_enough (const char *password,
                      GError    **error)
{
  if (password != NULL && g_utf8_strlen (password, -1) >= 8)
    return TRUE;
  g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID, _("Kata sandi paling sedikit 8 karakter"));
  return FALSE;
}

/* Our Argon2id hash of @password; on a server with logins an empty
 * string: the server keeps the password, no hash of ours is stored. */
static char *
hash_password (BsnDb      *db,
               const char *password,
               GError    **error)
{
  char out[crypto_pwhash_STRBYTES];

  if (!sodium_ready (error) || !password_long_enough (password, error))
    return NULL;
  if (bsn_db_has_server_logins (db))
    return g_strdup ("");
  if (crypto_pwhash_str (out, password, strlen (password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                         crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_IO, _("Kata sandi tidak dapat diamankan (memori kurang)"));
      return NULL;
    }
  return g_strdup (out);
}

gboolean
bsn_auth_add_user (BsnDb      *db,
                   const char *name,
                   BsnUserRole role,
                   const char *password,
                   GError    **error)
{
  g_autofree char *hash = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GError) local = NULL;
  BsnStmt *stmt;
  gboolean first;

  if (!bsn_name_validate (name, _("pengguna"), error))
    return FALSE;
  if ((hash = hash_password (db, password, error)) == NULL)
    return FALSE;
  if (!bsn_db_begin (db, TRUE, error))
    return FALSE;
  first = !bsn_auth_has_users (db);
  if (first && role != BSN_ROLE_PEMILIK)
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_REFUSED, _("Pengguna pertama harus pemilik"));
      goto fail;
    }
  if (!first && !bsn_auth_require (db, BSN_PERM_USERS, error))
    goto fail;
  stmt = bsn_db_prepare (db, "INSERT INTO users (name, role, pw_hash, created_at) VALUES (?1, ?2, ?3, unixepoch())",
                         error);
  if (stmt == NULL)
    goto fail;
  bsn_stmt_bind_text (stmt, 1, name);
  bsn_stmt_bind_text (stmt, 2, bsn_user_role_to_string (role));
  bsn_stmt_bind_text (stmt, 3, hash);
  if (!bsn_db_step_done (db, stmt, _("Menyimpan pengguna"), &local))
    {
      if (g_error_matches (local, BSN_ERROR, BSN_ERROR_EXISTS))
        g_set_error (error, BSN_ERROR, BSN_ERROR_EXISTS, _("Nama pengguna “%s” sudah dipakai"), name);
      else
        g_propagate_error (error, g_steal_pointer (&local));
      goto fail;
    }
  if (*hash == '\0' && !bsn_db_login_add (db, name, bsn_user_role_to_string (role), password, error))
    goto fail;
  after = bsn_audit_json ("name", BSN_AUDIT_STR, name, "role", BSN_AUDIT_STR, bsn_user_role_to_string (role), NULL);
  if (!bsn_audit_record (db, "user.add", name, NULL, after, error))
    goto fail;
  if (!bsn_db_commit (db, error))
    return FALSE;
  /* The owner who creates the database is signed in at once. */
  if (first)
    bsn_db_set_actor (db, name, role);
  return TRUE;

fail:
  bsn_db_rollback (db);
  return FALSE;
}

/* Reads @name's row for a change by the owner, inside the caller's
 * transaction. */
static gboolean
user_for_change (BsnDb       *db,
                 const char  *name,
                 char       **out_canonical,
                 BsnUserRole *out_role,
                 gboolean    *out_active,
                 GError     **error)
{
  BsnStmt *stmt = bsn_db_prepare (db, "SELECT name, role, active FROM users WHERE name = ?1", error);
  gboolean found = FALSE;

  if (stmt == NULL)
    return FALSE;
  bsn_stmt_bind_text (stmt, 1, name ? name : "");
  if (bsn_stmt_step (stmt) == BSN_ROW)
    {
      found = TRUE;
      *out_canonical = g_strdup (bsn_stmt_column_text (stmt, 0));
      bsn_user_role_parse (bsn_stmt_column_text (stmt, 1), out_role, NULL);
      *out_active = bsn_stmt_column_int (stmt, 2) != 0;
    }
  bsn_stmt_reset (stmt);
  if (!found)
    g_set_error (error, BSN_ERROR, BSN_ERROR_NOT_FOUND, _("Pengguna %s tidak ada"), name ? name : "");
  return found;
}

/* On a server with logins: the server keeps the password, and a user the
 * owner gives one (a user moved from a file) may sign in from then on. */
static gboolean
set_server_password (BsnDb      *db,
                     const char *name,
                     const char *password,
                     GError    **error)
{
  g_autofree char *canonical = NULL;
  BsnUserRole role = BSN_ROLE_KASIR;
  gboolean active = FALSE;

  if (!password_long_enough (password, error) || !bsn_db_begin (db, TRUE, error))
    return FALSE;
  if (!user_for_change (db, name, &canonical, &role, &active, error)
      || !bsn_db_login_set_password (db, canonical, password, active, error)
      || !bsn_audit_record (db, "user.password", canonical, NULL, NULL, error))
    {
      bsn_db_rollback (db);
      return FALSE;
    }
  return bsn_db_commit (db, error);
}

gboolean
bsn_auth_set_password (BsnDb      *db,
                       const char *name,
                       const char *password,
                       GError    **error)
{
  g_autofree char *hash = NULL;
  const char *actor = bsn_db_get_actor (db, NULL);
  BsnStmt *stmt;

  /* Users change their own password; the owner may reset anyone's. */
  if (g_strcmp0 (actor, name) != 0 && !bsn_auth_require (db, BSN_PERM_USERS, error))
    return FALSE;
  if (bsn_db_has_server_logins (db))
    return set_server_password (db, name, password, error);
  if ((hash = hash_password (db, password, error)) == NULL || !bsn_db_begin (db, TRUE, error))
    return FALSE;
  stmt = bsn_db_prepare (db, "UPDATE users SET pw_hash = ?2 WHERE name = ?1", error);
  if (stmt == NULL)
    goto fail;
  bsn_stmt_bind_text (stmt, 1, name);
  bsn_stmt_bind_text (stmt, 2, hash);
  if (!bsn_db_step_done (db, stmt, _("Menyimpan kata sandi"), error))
    goto fail;
  if (bsn_db_changes (db) == 0)
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_NOT_FOUND, _("Pengguna %s tidak ada"), name ? name : "");
      goto fail;
    }
  if (!bsn_audit_record (db, "user.password", name, NULL, NULL, error))
    goto fail;
  return bsn_db_commit (db, error);

fail:
  bsn_db_rollback (db);
  return FALSE;
}

/* Refuses a change that would leave no active pemilik. */
static gboolean
keeps_an_owner (BsnDb      *db,
                const char *name,
                BsnUserRole role,
                gboolean    active,
                gboolean    disabling,
                GError    **error)
{
  if (role != BSN_ROLE_PEMILIK || !active
      || bsn_db_query_int (db, "SELECT count(*) FROM users WHERE role = 'pemilik' AND active <> 0", 0) > 1)
    return TRUE;
  g_set_error (error, BSN_ERROR, BSN_ERROR_REFUSED,
               disabling ? _("%s adalah pemilik aktif terakhir: tidak dapat dinonaktifkan")
                         : _("%s adalah pemilik aktif terakhir: perannya tidak dapat diturunkan"),
               name);
  return FALSE;
}

static gboolean
update_user (BsnDb      *db,
             const char *sql,
             const char *name,
             const char *text,
             gint64      value,
             GError    **error)
{
  BsnStmt *stmt = bsn_db_prepare (db, sql, error);

  if (stmt == NULL)
    return FALSE;
  bsn_stmt_bind_text (stmt, 1, name);
  if (text != NULL)
    bsn_stmt_bind_text (stmt, 2, text);
  else
    bsn_stmt_bind_int64 (stmt, 2, value);
  return bsn_db_step_done (db, stmt, _("Menyimpan pengguna"), error);
}

gboolean
bsn_auth_set_role (BsnDb      *db,
                   const char *name,
                   BsnUserRole role,
                   GError    **error)
{
  g_autofree char *canonical = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  BsnUserRole old_role = BSN_ROLE_KASIR;
  gboolean active = FALSE;

  if (!bsn_db_begin (db, TRUE, error))
    return FALSE;
  if (!bsn_auth_require (db, BSN_PERM_USERS, error)
      || !user_for_change (db, name, &canonical, &old_role, &active, error))
    goto fail;
  if (old_role == role)
    {
      bsn_db_rollback (db);
      return TRUE;
    }
  if (!keeps_an_owner (db, canonical, old_role, active, FALSE, error)
      || !update_user (db, "UPDATE users SET role = ?2 WHERE name = ?1", canonical,
                       bsn_user_role_to_string (role), 0, error)
      || (bsn_db_has_server_logins (db)
          && !bsn_db_login_set_role (db, canonical, bsn_user_role_to_string (role), error)))
    goto fail;
  before = bsn_audit_json ("role", BSN_AUDIT_STR, bsn_user_role_to_string (old_role), NULL);
  after = bsn_audit_json ("role", BSN_AUDIT_STR, bsn_user_role_to_string (role), NULL);
  if (!bsn_audit_record (db, "user.role", canonical, before, after, error))
    goto fail;
  return bsn_db_commit (db, error);

fail:
  bsn_db_rollback (db);
  return FALSE;
}

gboolean
bsn_auth_set_active (BsnDb      *db,
                     const char *name,
                     gboolean    active,
                     GError    **error)
{
  g_autofree char *canonical = NULL;
  BsnUserRole role = BSN_ROLE_KASIR;
  gboolean was_active = FALSE;

  if (!bsn_db_begin (db, TRUE, error))
    return FALSE;
  if (!bsn_auth_require (db, BSN_PERM_USERS, error)
      || !user_for_change (db, name, &canonical, &role, &was_active, error))
    goto fail;
  if (!was_active == !active)
    {
      bsn_db_rollback (db);
      return TRUE;
    }
  if ((!active && !keeps_an_owner (db, canonical, role, was_active, TRUE, error))
      || !update_user (db, "UPDATE users SET active = ?2 WHERE name = ?1", canonical, NULL, active ? 1 : 0, error)
      || (bsn_db_has_server_logins (db) && !bsn_db_login_set_active (db, canonical, active, error))
      || !bsn_audit_record (db, active ? "user.enable" : "user.disable", canonical, NULL, NULL, error))
    goto fail;
  return bsn_db_commit (db, error);

fail:
  bsn_db_rollback (db);
  return FALSE;
}

void
bsn_user_free (BsnUser *user)
{
  if (user == NULL)
    return;
  g_free (user->name);
  g_free (user);
}

GPtrArray *
bsn_auth_list_users (BsnDb   *db,
                     GError **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) bsn_user_free);
  BsnStmt *stmt;
  BsnStep rc;

  if (!bsn_auth_require (db, BSN_PERM_READ, error)
      || (stmt = bsn_db_prepare (db, "SELECT name, role, active FROM users ORDER BY name", error)) == NULL)
    return NULL;
  while ((rc = bsn_stmt_step (stmt)) == BSN_ROW)
    {
      BsnUser *u = g_new0 (BsnUser, 1);
      u->name = g_strdup (bsn_stmt_column_text (stmt, 0));
      bsn_user_role_parse (bsn_stmt_column_text (stmt, 1), &u->role, NULL);
      u->active = bsn_stmt_column_int (stmt, 2) != 0;
      g_ptr_array_add (list, u);
    }
  if (!bsn_db_scan_ended (db, stmt, rc, _("Membaca pengguna"), error))
    return NULL;
  return g_steal_pointer (&list);
}
