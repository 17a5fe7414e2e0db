/* bsn-slot-object.h — one slot (I…X) of a store-day in the Kuota Harian
 * table (DOMAIN.md §5).
 *
 * Holds the slot's status from bsn_day_status() as display strings, so the
 * column view binds labels to properties. The page keeps the same ten
 * objects and updates them in place on every refresh: a quota being typed
 * into a cell keeps its focus when the 30-second refresh comes.
 */
#pragma once

#include <glib-object.h>

#include "bsn-quota.h"

G_BEGIN_DECLS

#define BSN_TYPE_SLOT_OBJECT (bsn_slot_object_get_type ())

G_DECLARE_FINAL_TYPE (BsnSlotObject, bsn_slot_object, BSN, SLOT_OBJECT, GObject)

BsnSlotObject *bsn_slot_object_new (gint slot);

/* @own_quota_rp: the slot's own quota, or -1 when it follows the day. */
void bsn_slot_object_update (BsnSlotObject       *self,
                             const BsnSlotStatus *status,
                             gint64               own_quota_rp);

gint bsn_slot_object_get_slot (BsnSlotObject *self);
gint64 bsn_slot_object_get_quota_rp (BsnSlotObject *self);
gboolean bsn_slot_object_get_quota_own (BsnSlotObject *self);
/* "Rp200.000": the quota in force, as typed into the cell. */
const char *bsn_slot_object_get_quota (BsnSlotObject *self);

G_END_DECLS
