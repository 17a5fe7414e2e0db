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

/* Like bsn_audit_record(), naming @named as the actor when nobody is
 * signed in and the database has no users (e.g. `tiers set --author` on
 * a database without users); the signed-in user always wins. */
gboolean bsn_audit_record_by (BsnDb      *db,
                              const char *named,
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
  char  *sentence;  /* NULL until a caller fills it with bsn_audit_entry_sentence() */
} BsnAuditEntry;

void bsn_audit_entry_free (BsnAuditEntry *e);
/* Entries in [@from, @to) of UTC time (0 = unbounded), newest first,
 * optionally only one action. (element-type BsnAuditEntry) */
GPtrArray *bsn_audit_list (BsnDb *db, gint64 from, gint64 to, const char *action, GError **error);

/* The entry as one Indonesian sentence an owner can read, the actor
 * first: "Bu Sri mengubah toko Cibubur (CBB): margin 14 % → 16 %." Values
 * are in the users' units (%, Rupiah, poin, "6 Des 2026"); with @db (may
 * be NULL) ids are named (stores, lots, customers) when they still exist.
 * (transfer full) */
char *bsn_audit_entry_sentence (BsnDb *db, const BsnAuditEntry *e);

/* The audit filter in words: @action is the prefix for bsn_audit_list()
 * (NULL: everything), @label its name, marked for translation (gettext it). */
typedef struct
{
  const char *action;
  const char *label;
} BsnAuditTopic;

const BsnAuditTopic *bsn_audit_topics (guint *n_topics);

G_END_DECLS
