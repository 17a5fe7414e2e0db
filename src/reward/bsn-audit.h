/* bsn-audit.h — the audit trail: who changed which rule or master data,
 * when, from what to what. Append-only like the ledger (triggers refuse
 * UPDATE and DELETE). Entries are written inside the transaction of the
 * change they record, so there is no change without its entry. */
#pragma once

#include "bsn-db.h"
#include "bsn-time.h"

G_BEGIN_DECLS

/* Records @action on @subject by the signed-in user (or "sistem").
 * @before and @after are JSON text or NULL. */
gboolean bsn_audit_record (BsnDb      *db,
                           const char *action,
                           const char *subject,
                           const char *before,
                           const char *after,
                           GError    **error);

/* A small JSON object builder for before/after: bsn_audit_json ("key",
 * BSN_AUDIT_STR, "v", "n", BSN_AUDIT_INT, (gint64) 5, NULL). */
typedef enum { BSN_AUDIT_STR, BSN_AUDIT_INT } BsnAuditType;
char *bsn_audit_json (const char *first_key, ...) G_GNUC_NULL_TERMINATED;

typedef struct
{
  gint64 id;
  gint64 at;        /* UTC Unix time */
  char  *user;
  char  *action;
  char  *subject;
  char  *before;
  char  *after;
} BsnAuditEntry;

void bsn_audit_entry_free (BsnAuditEntry *e);
/* Entries in [@from, @to) of UTC time (0 = unbounded), newest first,
 * optionally only one action. (element-type BsnAuditEntry) */
GPtrArray *bsn_audit_list (BsnDb *db, gint64 from, gint64 to, const char *action, GError **error);

G_END_DECLS
