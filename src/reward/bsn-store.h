/* bsn-store.h — the network's stores (DOMAIN.md §1, §3).
 *
 * Roles: induk cabang (parent branch, distributor, owns and consigns goods),
 * anak cabang (child branch, sells consigned goods; its parent is an induk)
 * and toko (an independent member store, optionally under an induk).
 *
 * Level: a store picks a rank 1..3 inside its margin band. The rank is
 * named per scheme: Basic/Standard/Plus (keuntungan < 15 %) or
 * Premium/Elite/Pro (≥ 15 %) for the stopwatch, Silver/Gold/Platinum for
 * lelang waktu. Any of these names is accepted; it must fit the band.
 * The band and scheme values, and the store as it opens on one day, are
 * the rules' (rules/bsn-store-day.h).
 */
#pragma once

#include "bsn-db.h"
#include "bsn-store-day.h"
#include "bsn-time.h"

G_BEGIN_DECLS

typedef enum
{
  BSN_ROLE_INDUK,
  BSN_ROLE_ANAK,
  BSN_ROLE_TOKO,
} BsnStoreRole;

typedef struct
{
  gint64        id;
  char         *code;
  char         *name;
  BsnStoreRole  role;
  gint64        parent_id;        /* 0 = none */
  char         *parent_code;      /* filled by reads; NULL = none */
  BsnBand       band;
  gint          tier;             /* 1..3 */
  BsnSchemes    schemes;
  gint          opening_sec;      /* seconds after midnight */
  gint          hours;            /* opening hours, 10 by default */
  gint32        margin_bp;        /* the store's average margin */
  gint64        min_purchase_rp;  /* default minimum purchase quota */
  gboolean      active;
} BsnStore;

BsnStore *bsn_store_new (void);
BsnStore *bsn_store_copy (const BsnStore *store);
void bsn_store_free (BsnStore *store);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsnStore, bsn_store_free)

const char *bsn_store_role_to_string (BsnStoreRole role);    /* "induk" … */
const char *bsn_store_role_label (BsnStoreRole role);        /* "Induk cabang" … */
gboolean bsn_store_role_parse (const char *text, BsnStoreRole *out, GError **error);
const char *bsn_band_to_string (BsnBand band);               /* "low" | "high" */
const char *bsn_band_label (BsnBand band);                   /* "Keuntungan < 15 %" */
gboolean bsn_band_parse (const char *text, BsnBand *out, GError **error);
/* The margin assumed when a store does not state its own: 14 % for the
 * band below 15 %, 20 % above. */
gint32 bsn_band_default_margin_bp (BsnBand band);
const char *bsn_schemes_to_string (BsnSchemes schemes);      /* "stopwatch" | "lelang" | "both" */
const char *bsn_schemes_label (BsnSchemes schemes);
gboolean bsn_schemes_parse (const char *text, BsnSchemes *out, GError **error);

/* The level's name for the stopwatch ("Plus") or lelang waktu ("Platinum"). */
const char *bsn_level_name_stopwatch (BsnBand band, gint tier);
const char *bsn_level_name_lelang (gint tier);
/* The name shown for a store: the stopwatch name when it runs the stopwatch. */
const char *bsn_store_level_name (const BsnStore *store);
/* Any level name (case-insensitive) → tier, checked against @band. */
gboolean bsn_level_parse (const char *text, BsnBand band, gint *out_tier, GError **error);

/* Checks every field (code, name, parent role, hours …) without touching
 * the database beyond looking up the parent. */
gboolean bsn_store_validate (BsnDb *db, const BsnStore *store, GError **error);

/* Adds @store (its id is set) and opens its reserve account. */
gboolean bsn_store_add (BsnDb *db, BsnStore *store, GError **error);
/* Saves every field of an existing store (found by id); the code may change
 * as long as it stays unique. */
gboolean bsn_store_update (BsnDb *db, const BsnStore *store, GError **error);

/* Switches a store on or off (the reserve rule uses this). */
/* The store as JSON, for the audit trail. (transfer full) */
char *bsn_store_to_json (const BsnStore *store);
gboolean bsn_store_set_active (BsnDb *db, gint64 id, gboolean active, GError **error);

BsnStore *bsn_store_get (BsnDb *db, gint64 id, GError **error);
BsnStore *bsn_store_find (BsnDb *db, const char *code, GError **error);
/* Every store, ordered by code. (element-type BsnStore) (transfer full) */
GPtrArray *bsn_store_list (BsnDb *db, GError **error);
/* How many stores there are: *@out, FALSE with @error set when they
 * cannot be counted. */
gboolean bsn_store_read_count (BsnDb *db, gint64 *out, GError **error);
/* The same for a display only: 0 when they cannot be counted. */
gint64 bsn_store_count (BsnDb *db);

/* Code rule shared with customers: 1–32 letters, digits, '-' or '_'. */
gboolean bsn_code_validate (const char *code, const char *what, GError **error);
/* Name rule: non-empty valid UTF-8 of at most 200 characters, no control
 * characters. */
gboolean bsn_name_validate (const char *name, const char *what, GError **error);

G_END_DECLS
