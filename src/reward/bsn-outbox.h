/* bsn-outbox.h — work recorded while the server cannot be reached.
 *
 * A desktop of a network (a PostgreSQL server, bsn-db.h) that loses its
 * line keeps the store working: awards of receipts and titip jual sales
 * are queued here as commands (their name and arguments, not copies of
 * rows) and replayed in order through the library's own functions, so
 * the server's rules (caps, budgets, duplicates, what remains of a lot)
 * decide them when the line is back, exactly as if they had been entered
 * then. Voucher redemptions are never queued: that a voucher is used only
 * once is certain only at the server (issue 20).
 *
 * The outbox is a small file per server under the user's data folder,
 * owner-only, one line per event ("queued", "sending", "sent", "refused"),
 * each line written and synced before the call returns: a crash loses no
 * queued command, and a line cut short by one is ignored.
 *
 * Nothing is posted twice: an award is idempotent by (store, receipt
 * number), and the outbox gives every award a receipt number when it is
 * queued. A lot sale is not idempotent; one whose replay was cut off
 * between the server's commit and the "sent" line is not sent again but
 * shown as refused, asking the user to check the lot.
 */
#pragma once

#include "bsn-award-rules.h"
#include "bsn-db.h"

G_BEGIN_DECLS

typedef struct _BsnOutbox BsnOutbox;

typedef enum
{
  BSN_OUTBOX_PENDING,  /* "menunggu dikirim" */
  BSN_OUTBOX_SENT,
  BSN_OUTBOX_REFUSED,  /* the server's rules refused it: see reason */
} BsnOutboxState;

typedef struct
{
  gint64          id;         /* 1, 2 … in the order queued */
  char           *command;    /* "award" or "lot.sell" */
  GVariant       *args;       /* a{sv} */
  gint64          queued_at;  /* Unix seconds of the machine */
  BsnOutboxState  state;
  gboolean        sending;    /* a replay started and did not finish */
  char           *reason;     /* why the server refused, or NULL */
  char           *summary;    /* "Struk R-12 · Rp250.000", for the list */
} BsnOutboxEntry;

void bsn_outbox_entry_free (BsnOutboxEntry *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsnOutboxEntry, bsn_outbox_entry_free)

/* The outbox file of the server @location (its password ignored), under
 * $XDG_DATA_HOME/bsn-loyalty/. (transfer full) */
char *bsn_outbox_path_for (const char *location);

/* Opens (creating, 0600) the outbox at @path. */
BsnOutbox *bsn_outbox_open (const char *path, GError **error);
void bsn_outbox_free (BsnOutbox *outbox);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsnOutbox, bsn_outbox_free)

/* Queues the award of @receipt (its store and customer ids as on the
 * server). A receipt without a number gets one ("OFF-…"), so that the
 * replay is idempotent. *@out_id is the entry's id. */
gboolean bsn_outbox_queue_award (BsnOutbox        *outbox,
                                 const BsnReceipt *receipt,
                                 gint64           *out_id,
                                 GError          **error);

/* Queues a titip jual sale (bsn_lot_sell()'s arguments). */
gboolean bsn_outbox_queue_lot_sale (BsnOutbox *outbox,
                                    gint64     lot_id,
                                    gint64     qty,
                                    gint64     day,
                                    gint64     customer_id,
                                    gint64    *out_id,
                                    GError   **error);

/* Every entry, oldest first. (element-type BsnOutboxEntry) (transfer full) */
GPtrArray *bsn_outbox_list (BsnOutbox *outbox, GError **error);
/* How many entries wait to be sent. */
guint bsn_outbox_count_pending (BsnOutbox *outbox);

/* Sends the pending entries to @db in order, each through the library
 * (bsn_award_receipt(), bsn_lot_sell()) in its own transaction. An entry
 * the rules refuse is marked refused with the reason and the replay goes
 * on; a fault of the line or the server (BSN_ERROR_OFFLINE, _IO, _BUSY)
 * stops it with @error set, the entry still pending. *@out_sent counts
 * the entries sent now; @out_refused (may be NULL) gets those refused now
 * (element-type BsnOutboxEntry). */
gboolean bsn_outbox_replay (BsnOutbox  *outbox,
                            BsnDb      *db,
                            guint      *out_sent,
                            GPtrArray **out_refused,
                            GError    **error);

/* Forgets sent and refused entries (after the user has seen them). */
gboolean bsn_outbox_clear_done (BsnOutbox *outbox, GError **error);

G_END_DECLS
