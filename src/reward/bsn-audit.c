/* bsn-audit.c — the audit trail (see bsn-audit.h). */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "bsn-audit.h"
#include "bsn-auth.h"
#include "bsn-error.h"

static void
json_escape (GString    *out,
             const char *s)
{
  g_string_append_c (out, '"');
  for (const char *p = s ? s : ""; *p; p++)
    {
      guchar c = (guchar) *p;
      if (c == '"' || c == '\\')
        g_string_append_printf (out, "\\%c", c);
      else if (c < 0x20)
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_c (out, (char) c);
    }
  g_string_append_c (out, '"');
}

char *
bsn_audit_json (const char *first_key,
                ...)
{
  GString *out = g_string_new ("{");
  const char *key = first_key;
  va_list ap;

  va_start (ap, first_key);
  while (key != NULL)
    {
      BsnAuditType type = va_arg (ap, BsnAuditType);
      if (out->len > 1)
        g_string_append_c (out, ',');
      json_escape (out, key);
      g_string_append_c (out, ':');
      if (type == BSN_AUDIT_INT)
        g_string_append_printf (out, "%" G_GINT64_FORMAT, va_arg (ap, gint64));
      else
        {
          const char *v = va_arg (ap, const char *);
          if (v)
            json_escape (out, v);
          else
            g_string_append (out, "null");
        }
      key = va_arg (ap, const char *);
    }
  va_end (ap);
  g_string_append_c (out, '}');
  return g_string_free (out, FALSE);
}

static gboolean
insert_audit (BsnDb      *db,
              const char *action,
              const char *subject,
              const char *before,
              const char *after,
              GError    **error)
{
  return bsn_audit_record_by (db, NULL, action, subject, before, after, error);
}

gboolean
bsn_audit_record_by (BsnDb      *db,
                     const char *named,
                     const char *action,
                     const char *subject,
                     const char *before,
                     const char *after,
                     GError    **error)
{
  const char *actor = bsn_db_get_actor (db, NULL);
  if (actor == NULL && !bsn_auth_has_users (db))
    actor = named;
  BsnStmt *stmt = bsn_db_prepare (db,
                                       "INSERT INTO audit (at, \"user\", action, subject, before, after) "
                                       "VALUES (unixepoch(), ?1, ?2, ?3, ?4, ?5)",
                                       error);
  if (stmt == NULL)
    return FALSE;
  bsn_stmt_bind_text (stmt, 1, actor ? actor : "sistem");
  bsn_stmt_bind_text (stmt, 2, action);
  bsn_stmt_bind_text (stmt, 3, subject ? subject : "");
  if (before)
    bsn_stmt_bind_text (stmt, 4, before);
  if (after)
    bsn_stmt_bind_text (stmt, 5, after);
  return bsn_db_step_done (db, stmt, _("Mencatat jejak audit"), error);
}

gboolean
bsn_audit_record (BsnDb      *db,
                  const char *action,
                  const char *subject,
                  const char *before,
                  const char *after,
                  GError    **error)
{
  /* Outside a transaction the row gets one of its own, whose commit seals
   * it into the book's chain (bsn-db-chain.h). */
  if (bsn_db_in_transaction (db))
    return insert_audit (db, action, subject, before, after, error);
  if (!bsn_db_begin (db, TRUE, error))
    return FALSE;
  if (!insert_audit (db, action, subject, before, after, error))
    {
      bsn_db_rollback (db);
      return FALSE;
    }
  return bsn_db_commit (db, error);
}

void
bsn_audit_entry_free (BsnAuditEntry *e)
{
  if (e == NULL)
    return;
  g_free (e->user);
  g_free (e->action);
  g_free (e->subject);
  g_free (e->before);
  g_free (e->after);
  g_free (e->sentence);
  g_free (e);
}

GPtrArray *
bsn_audit_list (BsnDb      *db,
                gint64      from,
                gint64      to,
                const char *action,
                GError    **error)
{
  BsnStmt *stmt = !bsn_auth_require (db, BSN_PERM_READ, error) ? NULL : bsn_db_prepare (db,
                                       "SELECT id, at, \"user\", action, subject, before, after FROM audit "
                                       "WHERE (?1 = 0 OR at >= ?1) AND (?2 = 0 OR at < ?2) "
                                       "AND (CAST (?3 AS TEXT) IS NULL OR action = ?3 OR action LIKE ?3 || '.%') "
                                       "ORDER BY id DESC",
                                       error);
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) bsn_audit_entry_free);
  BsnStep rc;

  if (stmt == NULL)
    return NULL;
  bsn_stmt_bind_int64 (stmt, 1, from);
  bsn_stmt_bind_int64 (stmt, 2, to);
  if (action)
    bsn_stmt_bind_text (stmt, 3, action);
  while ((rc = bsn_stmt_step (stmt)) == BSN_ROW)
    {
      BsnAuditEntry *e = g_new0 (BsnAuditEntry, 1);
      e->id = bsn_stmt_column_int64 (stmt, 0);
      e->at = bsn_stmt_column_int64 (stmt, 1);
      e->user = g_strdup (bsn_stmt_column_text (stmt, 2));
      e->action = g_strdup (bsn_stmt_column_text (stmt, 3));
      e->subject = g_strdup (bsn_stmt_column_text (stmt, 4));
      e->before = g_strdup (bsn_stmt_column_text (stmt, 5));
      e->after = g_strdup (bsn_stmt_column_text (stmt, 6));
      g_ptr_array_add (list, e);
    }
  if (!bsn_db_scan_ended (db, stmt, rc, _("Membaca jejak audit"), error))
    return NULL;
  return g_steal_pointer (&list);
}
