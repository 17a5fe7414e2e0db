/* bsn-auth.c — users, roles and permissions (see bsn-auth.h). */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <sodium.h>
#include <string.h>

#include "bsn-audit.h"
#include "bsn-auth.h"
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
  if (role == BSN_ROLE_PEMILIK || perm == BSN_PERM_READ)
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

gboolean
bsn_auth_has_users (BsnDb *db)
{
  return bsn_db_query_int (db, "SELECT EXISTS (SELECT 1 FROM users)", 0) != 0;
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
    default: return _("melihat data");
    }
}

gboolean
bsn_auth_require (BsnDb        *db,
                  BsnPermission perm,
                  GError      **error)
{
  int role = -1;
  const char *actor = bsn_db_get_actor (db, &role);

  if (!bsn_auth_has_users (db))
    return TRUE;
  if (actor == NULL)
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_REFUSED,
                   _("Basis data ini memakai pengguna: masuk dulu (--user dan kata sandi) untuk %s"),
                   perm_label (perm));
      return FALSE;
    }
  if (!bsn_user_role_can ((BsnUserRole) role, perm))
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_REFUSED, _("%s (%s) tidak berhak %s"), actor,
                   bsn_user_role_label ((BsnUserRole) role), perm_label (perm));
      return FALSE;
    }
  return TRUE;
}

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

gboolean
bsn_auth_login (BsnDb      *db,
                const char *name,
                const char *password,
                GError    **error)
{
  BsnStmt *stmt = bsn_db_prepare (db, "SELECT name, role, pw_hash, active FROM users WHERE name = ?1", error);
  g_autofree char *hash = NULL;
  g_autofree char *canonical = NULL;
  BsnUserRole role = BSN_ROLE_KASIR;
  gboolean active = FALSE;

  if (stmt == NULL || !sodium_ready (error))
    return FALSE;
  bsn_stmt_bind_text (stmt, 1, name ? name : "");
  if (bsn_stmt_step (stmt) == BSN_ROW)
    {
      canonical = g_strdup (bsn_stmt_column_text (stmt, 0));
      bsn_user_role_parse (bsn_stmt_column_text (stmt, 1), &role, NULL);
      hash = g_strdup (bsn_stmt_column_text (stmt, 2));
      active = bsn_stmt_column_int (stmt, 3) != 0;
    }
  bsn_stmt_reset (stmt);
  /* One message for an unknown name and a wrong password. */
  if (hash == NULL || password == NULL || crypto_pwhash_str_verify (hash, password, strlen (password)) != 0)
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

static char *
hash_password (const char *password,
               GError    **error)
{
  char out[crypto_pwhash_STRBYTES];

  if (!sodium_ready (error))
    return NULL;
  if (password == NULL || g_utf8_strlen (password, -1) < 8)
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID, _("Kata sandi paling sedikit 8 karakter"));
      return NULL;
    }
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
  if ((hash = hash_password (password, error)) == NULL)
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
  if ((hash = hash_password (password, error)) == NULL || !bsn_db_begin (db, TRUE, error))
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
      g_set_error (error, BSN_ERROR, BSN_ERROR_NOT_FOUND, _("Pengguna %s tidak ada"), name);
      goto fail;
    }
  if (!bsn_audit_record (db, "user.password", name, NULL, NULL, error))
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
  BsnStmt *stmt = bsn_db_prepare (db, "SELECT name, role, active FROM users ORDER BY name", error);
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) bsn_user_free);

  if (stmt == NULL)
    return NULL;
  while (bsn_stmt_step (stmt) == BSN_ROW)
    {
      BsnUser *u = g_new0 (BsnUser, 1);
      u->name = g_strdup (bsn_stmt_column_text (stmt, 0));
      bsn_user_role_parse (bsn_stmt_column_text (stmt, 1), &u->role, NULL);
      u->active = bsn_stmt_column_int (stmt, 2) != 0;
      g_ptr_array_add (list, u);
    }
  bsn_stmt_reset (stmt);
  return g_steal_pointer (&list);
}
