/* bsn-outbox.c — work recorded while the server cannot be reached (see
 * bsn-outbox.h). Each line of the file is one GVariant a{sv} in text form:
 *   {'id': <1>, 'event': <'queued'>, 'command': <'award'>, 'args': <{…}>, 'at': <…>}
 *   {'id': <1>, 'event': <'sending'>}
 *   {'id': <1>, 'event': <'sent'>}
 *   {'id': <1>, 'event': <'refused'>, 'reason': <'…'>}
 * An entry's state is its last event. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "bsn-award.h"
#include "bsn-consign.h"
#include "bsn-error.h"
#include "bsn-money.h"
#include "bsn-outbox.h"

struct _BsnOutbox
{
  char *path;
  int   fd;      /* open for appending; flock()ed while in use */
};

void
bsn_outbox_entry_free (BsnOutboxEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->command);
  g_clear_pointer (&entry->args, g_variant_unref);
  g_free (entry->reason);
  g_free (entry->summary);
  g_free (entry);
}

static BsnOutboxEntry *
entry_copy (const BsnOutboxEntry *entry)
{
  BsnOutboxEntry *copy = g_memdup2 (entry, sizeof *entry);

  copy->command = g_strdup (entry->command);
  copy->args = g_variant_ref (entry->args);
  copy->reason = g_strdup (entry->reason);
  copy->summary = g_strdup (entry->summary);
  return copy;
}

char *
bsn_outbox_path_for (const char *location)
{
  g_autofree char *shown = bsn_db_location_for_display (location);
  g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, shown, -1);
  g_autofree char *name = NULL;

  hash[16] = '\0';
  name = g_strdup_printf ("outbox-%s.txt", hash);
  return g_build_filename (g_get_user_data_dir (), "bsn-loyalty", name, NULL);
}

static gboolean
set_errno_error (GError    **error,
                 const char *path,
                 int         saved)
{
  g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
               _("Kotak keluar “%s” tidak dapat ditulis: %s"), path, g_strerror (saved));
  return FALSE;
}

BsnOutbox *
bsn_outbox_open (const char  *path,
                 GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  BsnOutbox *outbox;
  int fd;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      set_errno_error (error, path, errno);
      return NULL;
    }
  fd = g_open (path, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      set_errno_error (error, path, errno);
      return NULL;
    }
  outbox = g_new0 (BsnOutbox, 1);
  outbox->path = g_strdup (path);
  outbox->fd = fd;
  return outbox;
}

void
bsn_outbox_free (BsnOutbox *outbox)
{
  if (outbox == NULL)
    return;
  close (outbox->fd);
  g_free (outbox->path);
  g_free (outbox);
}

/* Two app windows on one machine share the file: one at a time. */
static void
lock (BsnOutbox *outbox)
{
  while (flock (outbox->fd, LOCK_EX) != 0 && errno == EINTR)
    ;
}

static void
unlock (BsnOutbox *outbox)
{
  flock (outbox->fd, LOCK_UN);
}

/* Appends one event and waits for the disk. */
static gboolean
append_event (BsnOutbox  *outbox,
              GVariant   *event,
              GError    **error)
{
  g_autoptr(GVariant) sunk = g_variant_ref_sink (event);
  g_autofree char *text = g_variant_print (sunk, TRUE);
  g_autofree char *line = g_strconcat (text, "\n", NULL);
  gsize len = strlen (line), done = 0;

  while (done < len)
    {
      ssize_t n = write (outbox->fd, line + done, len - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return set_errno_error (error, outbox->path, errno);
      done += (gsize) n;
    }
  if (fsync (outbox->fd) != 0)
    return set_errno_error (error, outbox->path, errno);
  return TRUE;
}

static GVariant *
state_event (gint64      id,
             const char *event,
             const char *reason)
{
  GVariantBuilder b;

  g_variant_builder_init (&b, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&b, "{sv}", "id", g_variant_new_int64 (id));
  g_variant_builder_add (&b, "{sv}", "event", g_variant_new_string (event));
  if (reason != NULL)
    g_variant_builder_add (&b, "{sv}", "reason", g_variant_new_string (reason));
  return g_variant_builder_end (&b);
}

static char *
summary_for (const char *command,
             GVariant   *args)
{
  gint64 amount = 0, qty = 0, lot = 0;
  const char *receipt = "";

  if (g_str_equal (command, "award"))
    {
      g_autofree char *money = NULL;

      g_variant_lookup (args, "receipt", "&s", &receipt);
      g_variant_lookup (args, "amount_rp", "x", &amount);
      money = bsn_money_format (amount);
      return g_strdup_printf (_("Struk %s · %s"), receipt, money);
    }
  g_variant_lookup (args, "lot_id", "x", &lot);
  g_variant_lookup (args, "qty", "x", &qty);
  return g_strdup_printf (_("Titip jual lot %" G_GINT64_FORMAT " · %" G_GINT64_FORMAT " unit"), lot, qty);
}

/* Reads the file into entries, by id; *@out_next_id is the next free id. */
static GPtrArray *
read_entries (BsnOutbox *outbox,
              gint64    *out_next_id,
              GError   **error)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) bsn_outbox_entry_free);
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  gint64 next_id = 1;

  if (!g_file_get_contents (outbox->path, &contents, NULL, error))
    return NULL;
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(GVariant) v = NULL;
      const char *event = NULL;
      BsnOutboxEntry *entry;
      gint64 id = 0;

      if (lines[i][0] == '\0')
        continue;
      /* A line cut short by a crash does not parse: it was never queued. */
      v = g_variant_parse (G_VARIANT_TYPE_VARDICT, lines[i], NULL, NULL, NULL);
      if (v == NULL || !g_variant_lookup (v, "id", "x", &id) || !g_variant_lookup (v, "event", "&s", &event))
        continue;
      next_id = MAX (next_id, id + 1);
      entry = g_hash_table_lookup (by_id, &id);
      if (g_str_equal (event, "queued"))
        {
          if (entry != NULL)
            continue;
          entry = g_new0 (BsnOutboxEntry, 1);
          entry->id = id;
          if (!g_variant_lookup (v, "command", "s", &entry->command)
              || (entry->args = g_variant_lookup_value (v, "args", G_VARIANT_TYPE_VARDICT)) == NULL)
            {
              bsn_outbox_entry_free (entry);
              continue;
            }
          g_variant_lookup (v, "at", "x", &entry->queued_at);
          entry->summary = summary_for (entry->command, entry->args);
          g_ptr_array_add (entries, entry);
          g_hash_table_insert (by_id, &entry->id, entry);
          continue;
        }
      if (entry == NULL)
        continue;
      entry->sending = g_str_equal (event, "sending");
      if (g_str_equal (event, "sent"))
        entry->state = BSN_OUTBOX_SENT;
      else if (g_str_equal (event, "refused"))
        {
          entry->state = BSN_OUTBOX_REFUSED;
          g_clear_pointer (&entry->reason, g_free);
          g_variant_lookup (v, "reason", "s", &entry->reason);
        }
      else if (g_str_equal (event, "pending"))
        entry->state = BSN_OUTBOX_PENDING;
    }
  if (out_next_id != NULL)
    *out_next_id = next_id;
  return g_steal_pointer (&entries);
}

static gboolean
queue (BsnOutbox  *outbox,
       const char *command,
       GVariant   *args,
       gint64     *out_id,
       GError    **error)
{
  g_autoptr(GVariant) sunk = g_variant_ref_sink (args);
  g_autoptr(GPtrArray) entries = NULL;
  GVariantBuilder b;
  gint64 id = 0;
  gboolean ok;

  lock (outbox);
  entries = read_entries (outbox, &id, error);
  if (entries == NULL)
    {
      unlock (outbox);
      return FALSE;
    }
  g_variant_builder_init (&b, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&b, "{sv}", "id", g_variant_new_int64 (id));
  g_variant_builder_add (&b, "{sv}", "event", g_variant_new_string ("queued"));
  g_variant_builder_add (&b, "{sv}", "command", g_variant_new_string (command));
  g_variant_builder_add (&b, "{sv}", "args", sunk);
  g_variant_builder_add (&b, "{sv}", "at", g_variant_new_int64 (g_get_real_time () / G_USEC_PER_SEC));
  ok = append_event (outbox, g_variant_builder_end (&b), error);
  unlock (outbox);
  if (ok && out_id != NULL)
    *out_id = id;
  return ok;
}

gboolean
bsn_outbox_queue_award (BsnOutbox        *outbox,
                        const BsnReceipt *receipt,
                        gint64           *out_id,
                        GError          **error)
{
  g_autofree char *number = NULL;
  GVariantBuilder b;

  g_return_val_if_fail (outbox != NULL && receipt != NULL, FALSE);

  if (receipt->receipt != NULL && *receipt->receipt != '\0')
    number = g_strdup (receipt->receipt);
  else
    {
      g_autofree char *uuid = g_uuid_string_random ();
      uuid[8] = '\0';
      number = g_strdup_printf ("OFF-%s", uuid);
    }
  g_variant_builder_init (&b, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&b, "{sv}", "receipt", g_variant_new_string (number));
  g_variant_builder_add (&b, "{sv}", "store_id", g_variant_new_int64 (receipt->store_id));
  g_variant_builder_add (&b, "{sv}", "customer_id", g_variant_new_int64 (receipt->customer_id));
  g_variant_builder_add (&b, "{sv}", "amount_rp", g_variant_new_int64 (receipt->amount_rp));
  g_variant_builder_add (&b, "{sv}", "at", g_variant_new_int64 (receipt->at));
  g_variant_builder_add (&b, "{sv}", "digit", g_variant_new_int32 (receipt->digit));
  g_variant_builder_add (&b, "{sv}", "perishable_rp", g_variant_new_int64 (receipt->perishable_rp));
  return queue (outbox, "award", g_variant_builder_end (&b), out_id, error);
}

gboolean
bsn_outbox_queue_lot_sale (BsnOutbox *outbox,
                           gint64     lot_id,
                           gint64     qty,
                           gint64     day,
                           gint64     customer_id,
                           gint64    *out_id,
                           GError   **error)
{
  GVariantBuilder b;

  g_return_val_if_fail (outbox != NULL, FALSE);

  g_variant_builder_init (&b, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&b, "{sv}", "lot_id", g_variant_new_int64 (lot_id));
  g_variant_builder_add (&b, "{sv}", "qty", g_variant_new_int64 (qty));
  g_variant_builder_add (&b, "{sv}", "day", g_variant_new_int64 (day));
  g_variant_builder_add (&b, "{sv}", "customer_id", g_variant_new_int64 (customer_id));
  return queue (outbox, "lot.sell", g_variant_builder_end (&b), out_id, error);
}

GPtrArray *
bsn_outbox_list (BsnOutbox  *outbox,
                 GError    **error)
{
  GPtrArray *entries;

  lock (outbox);
  entries = read_entries (outbox, NULL, error);
  unlock (outbox);
  return entries;
}

guint
bsn_outbox_count_pending (BsnOutbox *outbox)
{
  g_autoptr(GPtrArray) entries = bsn_outbox_list (outbox, NULL);
  guint n = 0;

  for (guint i = 0; entries != NULL && i < entries->len; i++)
    if (((BsnOutboxEntry *) entries->pdata[i])->state == BSN_OUTBOX_PENDING)
      n++;
  return n;
}

/* Runs one entry's command through the library. */
static gboolean
run_entry (BsnDb                *db,
           const BsnOutboxEntry *entry,
           GError              **error)
{
  if (g_str_equal (entry->command, "award"))
    {
      BsnReceipt r = { 0 };
      g_autoptr(BsnAward) award = NULL;

      g_variant_lookup (entry->args, "receipt", "&s", &r.receipt);
      g_variant_lookup (entry->args, "store_id", "x", &r.store_id);
      g_variant_lookup (entry->args, "customer_id", "x", &r.customer_id);
      g_variant_lookup (entry->args, "amount_rp", "x", &r.amount_rp);
      g_variant_lookup (entry->args, "at", "x", &r.at);
      g_variant_lookup (entry->args, "digit", "i", &r.digit);
      g_variant_lookup (entry->args, "perishable_rp", "x", &r.perishable_rp);
      /* A duplicate is this very receipt, sent before the "sent" line
       * reached the disk: the award exists once, as it should. */
      award = bsn_award_receipt (db, NULL, &r, error);
      return award != NULL;
    }
  if (g_str_equal (entry->command, "lot.sell"))
    {
      gint64 lot = 0, qty = 0, day = 0, customer = 0;
      BsnLotSale sale = { 0 };

      g_variant_lookup (entry->args, "lot_id", "x", &lot);
      g_variant_lookup (entry->args, "qty", "x", &qty);
      g_variant_lookup (entry->args, "day", "x", &day);
      g_variant_lookup (entry->args, "customer_id", "x", &customer);
      return bsn_lot_sell (db, lot, qty, day, customer, &sale, error);
    }
  g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID,
               _("Perintah “%s” di kotak keluar tidak dikenal"), entry->command);
  return FALSE;
}

/* The line or the server failed: try the entry again later. */
static gboolean
is_fault (const GError *error)
{
  return error->domain == BSN_ERROR
         && (error->code == BSN_ERROR_OFFLINE || error->code == BSN_ERROR_IO
             || error->code == BSN_ERROR_BUSY);
}

static gboolean
mark (BsnOutbox       *outbox,
      BsnOutboxEntry  *entry,
      const char      *event,
      const char      *reason,
      GError         **error)
{
  if (!append_event (outbox, state_event (entry->id, event, reason), error))
    return FALSE;
  g_clear_pointer (&entry->reason, g_free);
  entry->reason = g_strdup (reason);
  entry->state = g_str_equal (event, "sent") ? BSN_OUTBOX_SENT
               : g_str_equal (event, "refused") ? BSN_OUTBOX_REFUSED : BSN_OUTBOX_PENDING;
  return TRUE;
}

/* Replays one pending entry; FALSE (with @error) stops the replay. */
static gboolean
replay_entry (BsnOutbox      *outbox,
              BsnDb          *db,
              BsnOutboxEntry *entry,
              guint          *sent,
              GPtrArray      *refused,
              GError        **error)
{
  g_autoptr(GError) local = NULL;

  if (entry->sending && !g_str_equal (entry->command, "award"))
    {
      if (!mark (outbox, entry, "refused",
                 _("Pengiriman sebelumnya terputus di tengah jalan; periksa di halaman Titip Jual "
                   "apakah penjualan ini sudah tercatat, lalu catat lagi bila belum"),
                 error))
        return FALSE;
      g_ptr_array_add (refused, entry);
      return TRUE;
    }
  if (!append_event (outbox, state_event (entry->id, "sending", NULL), error))
    return FALSE;
  if (run_entry (db, entry, &local))
    {
      (*sent)++;
      return mark (outbox, entry, "sent", NULL, error);
    }
  if (is_fault (local))
    {
      /* Pending again. A lot sale whose line dropped may have been
       * committed before the answer was lost: it stays "sending", and the
       * next replay asks the user to check it rather than sell twice. */
      if (g_str_equal (entry->command, "award") || local->code != BSN_ERROR_OFFLINE)
        mark (outbox, entry, "pending", NULL, NULL);
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  if (!mark (outbox, entry, "refused", local->message, error))
    return FALSE;
  g_ptr_array_add (refused, entry);
  return TRUE;
}

gboolean
bsn_outbox_replay (BsnOutbox  *outbox,
                   BsnDb      *db,
                   guint      *out_sent,
                   GPtrArray **out_refused,
                   GError    **error)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) refused = g_ptr_array_new ();
  guint sent = 0;
  gboolean ok = TRUE;

  lock (outbox);
  entries = read_entries (outbox, NULL, error);
  if (entries == NULL)
    {
      unlock (outbox);
      return FALSE;
    }
  for (guint i = 0; ok && i < entries->len; i++)
    {
      BsnOutboxEntry *entry = entries->pdata[i];

      if (entry->state == BSN_OUTBOX_PENDING)
        ok = replay_entry (outbox, db, entry, &sent, refused, error);
    }
  unlock (outbox);
  if (out_sent != NULL)
    *out_sent = sent;
  if (out_refused != NULL)
    {
      *out_refused = g_ptr_array_new_with_free_func ((GDestroyNotify) bsn_outbox_entry_free);
      for (guint i = 0; i < refused->len; i++)
        g_ptr_array_add (*out_refused, entry_copy (refused->pdata[i]));
    }
  return ok;
}

gboolean
bsn_outbox_clear_done (BsnOutbox  *outbox,
                       GError    **error)
{
  g_autoptr(GPtrArray) entries = NULL;
  gboolean ok = TRUE;

  lock (outbox);
  entries = read_entries (outbox, NULL, error);
  if (entries == NULL)
    ok = FALSE;
  for (guint i = 0; ok && i < entries->len; i++)
    {
      BsnOutboxEntry *entry = entries->pdata[i];

      if (entry->state != BSN_OUTBOX_PENDING)
        continue;
      /* Something still waits: keep the whole history (ids stay unique). */
      unlock (outbox);
      return TRUE;
    }
  if (ok && ftruncate (outbox->fd, 0) != 0)
    ok = set_errno_error (error, outbox->path, errno);
  unlock (outbox);
  return ok;
}
