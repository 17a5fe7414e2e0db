/* bsn-customer.c — the network's customers (see bsn-customer.h). */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "bsn-customer.h"
#include "bsn-audit.h"
#include "bsn-auth.h"
#include "bsn-error.h"
#include "bsn-ledger.h"
#include "bsn-store.h"

BsnCustomer *
bsn_customer_new (void)
{
  BsnCustomer *c = g_new0 (BsnCustomer, 1);

  c->phone = g_strdup ("");
  return c;
}

BsnCustomer *
bsn_customer_copy (const BsnCustomer *customer)
{
  BsnCustomer *c = g_new0 (BsnCustomer, 1);

  c->id = customer->id;
  c->code = g_strdup (customer->code);
  c->name = g_strdup (customer->name);
  c->phone = g_strdup (customer->phone ? customer->phone : "");
  return c;
}

void
bsn_customer_free (BsnCustomer *customer)
{
  if (customer == NULL)
    return;
  g_free (customer->code);
  g_free (customer->name);
  g_free (customer->phone);
  g_free (customer);
}

gboolean
bsn_customer_validate (const BsnCustomer *customer,
                       GError           **error)
{
  const char *phone = customer->phone ? customer->phone : "";
  guint digits = 0;

  if (!bsn_code_validate (customer->code, _("pelanggan"), error)
      || !bsn_name_validate (customer->name, _("pelanggan"), error))
    return FALSE;
  for (const char *p = phone; *p; p++)
    {
      if (g_ascii_isdigit (*p))
        digits++;
      else if ((*p != '+' && *p != '-' && *p != ' ') || (*p == '+' && p != phone))
        {
          g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID,
                       _("Nomor telepon “%s” hanya boleh berisi angka, spasi, “-” dan “+” di depan"),
                       g_utf8_validate (phone, -1, NULL) ? phone : "?");
          return FALSE;
        }
    }
  if (*phone != '\0' && (digits < 6 || digits > 15))
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID,
                   _("Nomor telepon “%s” harus 6 sampai 15 angka"), phone);
      return FALSE;
    }
  return TRUE;
}

static BsnCustomer *
customer_from_row (BsnStmt *stmt)
{
  BsnCustomer *c = g_new0 (BsnCustomer, 1);

  c->id = bsn_stmt_column_int64 (stmt, 0);
  c->code = g_strdup (bsn_stmt_column_text (stmt, 1));
  c->name = g_strdup (bsn_stmt_column_text (stmt, 2));
  c->phone = g_strdup (bsn_stmt_column_text (stmt, 3));
  return c;
}

static BsnCustomer *
customer_lookup (BsnDb      *db,
                 const char *sql,
                 gint64      id,
                 const char *code,
                 GError    **error)
{
  BsnStmt *stmt = bsn_db_prepare (db, sql, error);
  BsnCustomer *c = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  if (code != NULL)
    bsn_stmt_bind_text (stmt, 1, code);
  else
    bsn_stmt_bind_int64 (stmt, 1, id);
  rc = bsn_stmt_step (stmt);
  if (rc == BSN_ROW)
    c = customer_from_row (stmt);
  else if (rc == BSN_DONE)
    {
      if (code != NULL)
        g_set_error (error, BSN_ERROR, BSN_ERROR_NOT_FOUND, _("Pelanggan “%s” tidak ada"), code);
      else
        g_set_error (error, BSN_ERROR, BSN_ERROR_NOT_FOUND,
                     _("Pelanggan #%" G_GINT64_FORMAT " tidak ada"), id);
    }
  else
    bsn_db_set_error (db, error, _("Membaca pelanggan"));
  bsn_stmt_reset (stmt);
  return c;
}

BsnCustomer *
bsn_customer_get (BsnDb   *db,
                  gint64   id,
                  GError **error)
{
  return customer_lookup (db, "SELECT id, code, name, phone FROM customers WHERE id = ?1", id, NULL, error);
}

BsnCustomer *
bsn_customer_find (BsnDb      *db,
                   const char *code,
                   GError    **error)
{
  return customer_lookup (db, "SELECT id, code, name, phone FROM customers WHERE code = ?1", 0,
                          code ? code : "", error);
}

GPtrArray *
bsn_customer_search (BsnDb      *db,
                     const char *query,
                     guint       limit,
                     GError    **error)
{
  BsnStmt *stmt = !bsn_auth_require (db, BSN_PERM_READ_PERSONAL, error) ? NULL : bsn_db_prepare (db,
                                       "SELECT id, code, name, phone FROM customers "
                                       "WHERE ?1 = '' OR instr(lower(code), lower(?1)) > 0 "
                                       "   OR instr(lower(name), lower(?1)) > 0 OR instr(phone, ?1) > 0 "
                                       "ORDER BY code LIMIT ?2",
                                       error);
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) bsn_customer_free);
  int rc;

  if (stmt == NULL)
    return NULL;
  bsn_stmt_bind_text (stmt, 1, query ? query : "");
  bsn_stmt_bind_int64 (stmt, 2, limit > 0 ? (gint64) limit : G_MAXINT64);
  while ((rc = bsn_stmt_step (stmt)) == BSN_ROW)
    g_ptr_array_add (list, customer_from_row (stmt));
  bsn_stmt_reset (stmt);
  if (rc != BSN_DONE)
    {
      bsn_db_set_error (db, error, _("Mencari pelanggan"));
      return NULL;
    }
  return g_steal_pointer (&list);
}

gboolean
bsn_customer_read_count (BsnDb   *db,
                         gint64  *out,
                         GError **error)
{
  return bsn_db_read_int (db, "SELECT count(*) FROM customers", _("Membaca pelanggan"), out, error);
}

gint64
bsn_customer_count (BsnDb *db)
{
  return bsn_db_query_int (db, "SELECT count(*) FROM customers", 0);
}

static char *
customer_json (const BsnCustomer *c)
{
  return bsn_audit_json ("code", BSN_AUDIT_STR, c->code, "name", BSN_AUDIT_STR, c->name, "phone", BSN_AUDIT_STR,
                         c->phone, NULL);
}

static gboolean
customer_code_taken (BsnDb      *db,
                     const char *code,
                     gint64      except_id)
{
  BsnStmt *stmt = bsn_db_prepare (db, "SELECT 1 FROM customers WHERE code = ?1 AND id != ?2", NULL);
  gboolean taken;

  if (stmt == NULL)
    return FALSE;
  bsn_stmt_bind_text (stmt, 1, code);
  bsn_stmt_bind_int64 (stmt, 2, except_id);
  taken = bsn_stmt_step (stmt) == BSN_ROW;
  bsn_stmt_reset (stmt);
  return taken;
}

gboolean
bsn_customer_add (BsnDb       *db,
                  BsnCustomer *customer,
                  GError     **error)
{
  BsnStmt *stmt;

  if (!bsn_customer_validate (customer, error))
    return FALSE;
  if (!bsn_db_begin (db, TRUE, error))
    return FALSE;
  if (!bsn_auth_require (db, BSN_PERM_CUSTOMERS, error))
    goto fail;
  if (customer_code_taken (db, customer->code, 0))
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_EXISTS, _("Kode pelanggan “%s” sudah dipakai"),
                   customer->code);
      goto fail;
    }
  stmt = bsn_db_prepare (db,
                         "INSERT INTO customers (code, name, phone, created_at) "
                         "VALUES (?1, ?2, ?3, unixepoch())",
                         error);
  if (stmt == NULL)
    goto fail;
  bsn_stmt_bind_text (stmt, 1, customer->code);
  bsn_stmt_bind_text (stmt, 2, customer->name);
  bsn_stmt_bind_text (stmt, 3, customer->phone ? customer->phone : "");
  if (!bsn_db_step_done (db, stmt, _("Menyimpan pelanggan"), error))
    goto fail;
  customer->id = bsn_db_last_insert_id (db);
  if (bsn_ledger_customer_account (db, customer->id, error) == 0)
    goto fail;
  {
    g_autofree char *after = customer_json (customer);
    if (!bsn_audit_record (db, "customer.add", customer->code, NULL, after, error))
      goto fail;
  }
  return bsn_db_commit (db, error);

fail:
  bsn_db_rollback (db);
  return FALSE;
}

gboolean
bsn_customer_update (BsnDb             *db,
                     const BsnCustomer *customer,
                     GError           **error)
{
  g_autoptr(BsnCustomer) existing = NULL;
  BsnStmt *stmt;

  if (!bsn_customer_validate (customer, error))
    return FALSE;
  if (!bsn_db_begin (db, TRUE, error))
    return FALSE;
  if (!bsn_auth_require (db, BSN_PERM_CUSTOMERS, error)
      || (existing = bsn_customer_get (db, customer->id, error)) == NULL)
    goto fail;
  if (customer_code_taken (db, customer->code, customer->id))
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_EXISTS, _("Kode pelanggan “%s” sudah dipakai"),
                   customer->code);
      goto fail;
    }
  stmt = bsn_db_prepare (db, "UPDATE customers SET code = ?1, name = ?2, phone = ?3 WHERE id = ?4", error);
  if (stmt == NULL)
    goto fail;
  bsn_stmt_bind_text (stmt, 1, customer->code);
  bsn_stmt_bind_text (stmt, 2, customer->name);
  bsn_stmt_bind_text (stmt, 3, customer->phone ? customer->phone : "");
  bsn_stmt_bind_int64 (stmt, 4, customer->id);
  if (!bsn_db_step_done (db, stmt, _("Menyimpan pelanggan"), error))
    goto fail;
  {
    g_autofree char *before = customer_json (existing);
    g_autofree char *after = customer_json (customer);
    if (!bsn_audit_record (db, "customer.edit", customer->code, before, after, error))
      goto fail;
  }
  return bsn_db_commit (db, error);

fail:
  bsn_db_rollback (db);
  return FALSE;
}

gboolean
bsn_customer_set_referrer (BsnDb      *db,
                           gint64      customer_id,
                           const char *referrer_code,
                           GError    **error)
{
  g_autoptr(BsnCustomer) c = NULL;
  g_autoptr(BsnCustomer) referrer = NULL;
  g_autofree char *after = NULL;
  BsnStmt *stmt;

  if (!bsn_db_begin (db, TRUE, error))
    return FALSE;
  if (!bsn_auth_require (db, BSN_PERM_CUSTOMERS, error) || (c = bsn_customer_get (db, customer_id, error)) == NULL
      || (referrer = bsn_customer_find (db, referrer_code, error)) == NULL)
    goto fail;
  if (referrer->id == c->id)
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_REFUSED, _("Pelanggan %s tidak bisa mereferensikan dirinya sendiri"),
                   c->code);
      goto fail;
    }
  stmt = bsn_db_prepare (db, "UPDATE customers SET referred_by = ?2 WHERE id = ?1 AND referred_by IS NULL", error);
  if (stmt == NULL)
    goto fail;
  bsn_stmt_bind_int64 (stmt, 1, c->id);
  bsn_stmt_bind_int64 (stmt, 2, referrer->id);
  if (!bsn_db_step_done (db, stmt, _("Menyimpan pereferensi"), error))
    goto fail;
  if (bsn_db_changes (db) != 1)
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_REFUSED, _("Pelanggan %s sudah punya pereferensi; tidak bisa diganti"),
                   c->code);
      goto fail;
    }
  after = bsn_audit_json ("referred_by", BSN_AUDIT_STR, referrer->code, NULL);
  if (!bsn_audit_record (db, "customer.referrer", c->code, NULL, after, error))
    goto fail;
  return bsn_db_commit (db, error);

fail:
  bsn_db_rollback (db);
  return FALSE;
}

gboolean
bsn_customer_add_referred (BsnDb       *db,
                           BsnCustomer *customer,
                           const char  *referrer_code,
                           GError     **error)
{
  if (g_strcmp0 (customer->code, referrer_code) == 0)
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_REFUSED, _("Pelanggan %s tidak bisa mereferensikan dirinya sendiri"),
                   customer->code);
      return FALSE;
    }
  if (!bsn_db_begin (db, TRUE, error))
    return FALSE;
  if (!bsn_customer_add (db, customer, error) || !bsn_customer_set_referrer (db, customer->id, referrer_code, error))
    {
      bsn_db_rollback (db);
      return FALSE;
    }
  return bsn_db_commit (db, error);
}
