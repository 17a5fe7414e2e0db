/* bsn-posting-object.h — one row of Buku Poin as a GObject.
 *
 * Wraps a BsnPostingRow with the texts the columns show, formatted once
 * (on the worker thread that read the page, so scrolling costs the main
 * thread nothing). A placeholder stands in for a row whose page is still
 * being read: it says "Memuat…" and has id 0 until the page arrives and
 * fills it in place.
 */
#pragma once

#include <glib-object.h>

#include "bsn-ledger.h"

G_BEGIN_DECLS

#define BSN_TYPE_POSTING_OBJECT (bsn_posting_object_get_type ())

G_DECLARE_FINAL_TYPE (BsnPostingObject, bsn_posting_object, BSN, POSTING_OBJECT, GObject)

/* Takes the fields of @row. */
BsnPostingObject *bsn_posting_object_new (const BsnPostingRow *row);
BsnPostingObject *bsn_posting_object_new_placeholder (void);
/* Gives placeholder @self the contents of @loaded and notifies every
 * property. Main thread only: @self may be bound to widgets. */
void bsn_posting_object_fill_from (BsnPostingObject *self,
                                   BsnPostingObject *loaded);

gboolean bsn_posting_object_is_placeholder (BsnPostingObject *self);
gint64 bsn_posting_object_get_id (BsnPostingObject *self);
gint64 bsn_posting_object_get_amount (BsnPostingObject *self);
gint64 bsn_posting_object_get_reverses_id (BsnPostingObject *self);
gint64 bsn_posting_object_get_reversed_by (BsnPostingObject *self);
const char *bsn_posting_object_get_kind (BsnPostingObject *self);
const char *bsn_posting_object_get_number_text (BsnPostingObject *self);
const char *bsn_posting_object_get_time_text (BsnPostingObject *self);
const char *bsn_posting_object_get_kind_text (BsnPostingObject *self);
const char *bsn_posting_object_get_store_text (BsnPostingObject *self);
const char *bsn_posting_object_get_customer_text (BsnPostingObject *self);
const char *bsn_posting_object_get_amount_text (BsnPostingObject *self);
const char *bsn_posting_object_get_memo_text (BsnPostingObject *self);

/* "12.345": a posting number the Indonesian way. (transfer full) */
char *bsn_posting_number_format (gint64 id);

G_END_DECLS
