/* bsn-audit-sentence.c — an audit entry as a sentence its owner can read
 * (see bsn-audit.h).
 *
 * The entry keeps machine fields (action codes, ids, JSON in basis points
 * and Rupiah); the owner reads "Bu Sri mengubah toko Cibubur (CBB): margin
 * 14 % → 16 %." Values are shown in the users' units (%, Rupiah, poin, the
 * app's date format) and ids are named when the database can still name
 * them (a store's name, a lot's SKU, a customer's name). */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "bsn-audit.h"
#include "bsn-auth.h"
#include "bsn-money.h"
#include "bsn-store.h"
#include "bsn-tiers.h"

/* ---- Reading the JSON the entry keeps ---- */

static JsonObject *
parse_object (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;

  if (text == NULL || !json_parser_load_from_data (parser, text, -1, NULL))
    return NULL;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  return json_object_ref (json_node_get_object (root));
}

static const char *
obj_str (JsonObject *o,
         const char *key)
{
  JsonNode *n = o != NULL ? json_object_get_member (o, key) : NULL;

  if (n == NULL || !JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (n);
}

static gboolean
obj_has (JsonObject *o,
         const char *key)
{
  return o != NULL && json_object_has_member (o, key);
}

static gint64
obj_int (JsonObject *o,
         const char *key,
         gint64      fallback)
{
  JsonNode *n = o != NULL ? json_object_get_member (o, key) : NULL;

  if (n == NULL || !JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_INT64)
    return fallback;
  return json_node_get_int (n);
}

/* "#12" → 12; "#4/20430/3" → 4, 20430, 3. */
static guint
subject_ids (const char *subject,
             gint64      ids[3])
{
  const char *p = subject != NULL && *subject == '#' ? subject + 1 : subject;
  guint n = 0;

  ids[0] = ids[1] = ids[2] = 0;
  while (p != NULL && *p != '\0' && n < 3)
    {
      char *end = NULL;
      gint64 v = g_ascii_strtoll (p, &end, 10);
      if (end == p)
        break;
      ids[n++] = v;
      p = *end == '/' ? end + 1 : NULL;
    }
  return n;
}

/* ---- Naming what an id stands for ---- */

static char *
lookup_pair (BsnDb      *db,
             const char *sql,
             gint64      id)
{
  BsnStmt *stmt;
  char *out = NULL;

  if (db == NULL || (stmt = bsn_db_prepare (db, sql, NULL)) == NULL)
    return NULL;
  bsn_stmt_bind_int64 (stmt, 1, id);
  if (bsn_stmt_step (stmt) == BSN_ROW)
    {
      const char *a = bsn_stmt_column_text (stmt, 0);
      const char *b = bsn_stmt_column_text (stmt, 1);
      if (a != NULL && b != NULL && *b != '\0' && g_strcmp0 (a, b) != 0)
        out = g_strdup_printf ("%s (%s)", a, b);
      else if (a != NULL)
        out = g_strdup (a);
    }
  bsn_stmt_reset (stmt);
  return out;
}

static char *
store_name (BsnDb *db,
            gint64 id)
{
  char *name = lookup_pair (db, "SELECT name, code FROM stores WHERE id = ?1", id);

  return name != NULL ? name : g_strdup_printf (_("toko #%" G_GINT64_FORMAT), id);
}

static char *
customer_name (BsnDb *db,
               gint64 id)
{
  char *name = lookup_pair (db, "SELECT name, code FROM customers WHERE id = ?1", id);

  return name != NULL ? name : g_strdup_printf (_("pelanggan #%" G_GINT64_FORMAT), id);
}

static char *
lot_name (BsnDb *db,
          gint64 id)
{
  g_autofree char *sku = lookup_pair (db, "SELECT sku, NULL FROM lots WHERE id = ?1", id);

  if (sku != NULL)
    return g_strdup_printf (_("titipan #%" G_GINT64_FORMAT " (%s)"), id, sku);
  return g_strdup_printf (_("titipan #%" G_GINT64_FORMAT), id);
}

/* ---- Values in the users' units ---- */

static char *
day_text (gint64 day)
{
  return bsn_time_format_date (day * BSN_SECONDS_PER_DAY);
}

static char *
iso_text (const char *iso)
{
  BsnTime t;

  if (iso == NULL || !bsn_time_parse (iso, &t, NULL))
    return g_strdup (iso != NULL ? iso : "?");
  return bsn_time_format_datetime (t);
}

static char *
clock_text (gint64 seconds)
{
  return g_strdup_printf ("%02d.%02d", (int) (seconds / 3600), (int) (seconds / 60 % 60));
}

static char *
bp_text (gint64 bp)
{
  if (bp < 0)
    return g_strdup (_("(belum ada)"));
  return bsn_bp_format ((gint32) bp);
}

static const char *
store_role_text (const char *code)
{
  BsnStoreRole role;

  return code != NULL && bsn_store_role_parse (code, &role, NULL) ? bsn_store_role_label (role) : code;
}

static const char *
band_text (const char *code)
{
  BsnBand band;

  return code != NULL && bsn_band_parse (code, &band, NULL) ? bsn_band_label (band) : code;
}

static const char *
schemes_text (const char *code)
{
  BsnSchemes schemes;

  return code != NULL && bsn_schemes_parse (code, &schemes, NULL) ? bsn_schemes_label (schemes) : code;
}

static const char *
user_role_text (const char *code)
{
  BsnUserRole role;

  return code != NULL && bsn_user_role_parse (code, &role, NULL) ? bsn_user_role_label (role) : code;
}

static const char *
posting_kind_text (const char *kind)
{
  if (g_strcmp0 (kind, "award") == 0)
    return _("hadiah poin");
  if (g_strcmp0 (kind, "redeem") == 0 || g_strcmp0 (kind, "redemption") == 0)
    return _("penukaran");
  if (g_strcmp0 (kind, "reversal") == 0)
    return _("pembalikan");
  if (g_strcmp0 (kind, "opening") == 0)
    return _("saldo awal");
  return kind != NULL ? kind : "?";
}

/* One field of a master-data record in the users' units. */
static char *
field_value (BsnDb      *db,
             JsonObject *o,
             const char *key)
{
  if (!obj_has (o, key))
    return g_strdup ("—");
  if (g_str_equal (key, "role"))
    return g_strdup (store_role_text (obj_str (o, key)));
  if (g_str_equal (key, "band"))
    return g_strdup (band_text (obj_str (o, key)));
  if (g_str_equal (key, "scheme"))
    return g_strdup (schemes_text (obj_str (o, key)));
  if (g_str_equal (key, "parent_id"))
    return obj_int (o, key, 0) > 0 ? store_name (db, obj_int (o, key, 0)) : g_strdup (_("tidak ada"));
  if (g_str_equal (key, "opening_sec"))
    return clock_text (obj_int (o, key, 0));
  if (g_str_equal (key, "hours"))
    return g_strdup_printf (_("%" G_GINT64_FORMAT " jam"), obj_int (o, key, 0));
  if (g_str_equal (key, "margin_bp"))
    return bp_text (obj_int (o, key, 0));
  if (g_str_equal (key, "min_purchase_rp"))
    return bsn_money_format (obj_int (o, key, 0));
  if (g_str_equal (key, "active"))
    return g_strdup (obj_int (o, key, 0) ? _("aktif") : _("nonaktif"));
  if (obj_str (o, key) != NULL)
    return g_strdup (obj_str (o, key));
  return g_strdup_printf ("%" G_GINT64_FORMAT, obj_int (o, key, 0));
}

typedef struct
{
  const char *key;
  const char *label;
} FieldLabel;

/* "nama Toko A → Toko B; margin 14 % → 16 %", only what changed. */
static char *
record_changes (BsnDb            *db,
                JsonObject       *before,
                JsonObject       *after,
                const FieldLabel *fields)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (const FieldLabel *f = fields; f->key != NULL; f++)
    {
      g_autofree char *a = field_value (db, before, f->key);
      g_autofree char *b = field_value (db, after, f->key);
      if (g_strcmp0 (a, b) == 0)
        continue;
      if (out->len > 0)
        g_string_append (out, "; ");
      g_string_append_printf (out, "%s %s → %s", _(f->label), a, b);
    }
  if (out->len == 0)
    g_string_append (out, _("tanpa perubahan isian"));
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static const FieldLabel store_fields[] = {
  { "code", N_("kode") },
  { "name", N_("nama") },
  { "role", N_("peran") },
  { "parent_id", N_("induk") },
  { "band", N_("kelompok keuntungan") },
  { "tier", N_("tingkat") },
  { "scheme", N_("skema") },
  { "opening_sec", N_("jam buka") },
  { "hours", N_("lama buka") },
  { "margin_bp", N_("margin") },
  { "min_purchase_rp", N_("belanja minimum") },
  { "active", N_("status") },
  { NULL, NULL }
};

static const FieldLabel customer_fields[] = {
  { "code", N_("kode") },
  { "name", N_("nama") },
  { "phone", N_("telepon") },
  { NULL, NULL }
};

/* ---- Tier table versions ---- */

static char *
tier_cell_name (BsnScheme   scheme,
                const char *band_code,
                gint64      tier,
                gint64      key)
{
  BsnBand band;
  gboolean one_band = band_code != NULL && bsn_band_parse (band_code, &band, NULL);

  /* A row written by an older or foreign program: say the numbers. */
  if ((scheme != BSN_SCHEME_SIAGA && (tier < 1 || tier > 3)) || (scheme == BSN_SCHEME_LELANG && (key < 1 || key > BSN_LELANG_SLOTS)))
    return g_strdup_printf (_("tingkat %" G_GINT64_FORMAT " kunci %" G_GINT64_FORMAT), tier, key);
  switch (scheme)
    {
    case BSN_SCHEME_STOPWATCH:
      if (one_band)
        return g_strdup_printf (_("%s angka %" G_GINT64_FORMAT), bsn_level_name_stopwatch (band, (gint) tier), key);
      return g_strdup_printf (_("tingkat %" G_GINT64_FORMAT " angka %" G_GINT64_FORMAT), tier, key);
    case BSN_SCHEME_LELANG:
      if (one_band)
        return g_strdup_printf (_("%s slot %s (%s)"), bsn_level_name_lelang ((gint) tier),
                                bsn_slot_to_roman ((gint) key), bsn_band_label (band));
      return g_strdup_printf (_("%s slot %s"), bsn_level_name_lelang ((gint) tier), bsn_slot_to_roman ((gint) key));
    default:
      return g_strdup_printf (_("ambang %" G_GINT64_FORMAT " poin status"), key);
    }
}

static char *
tiers_sentence (const char *actor,
                const char *subject,
                const char *after_text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GString) cells = g_string_new (NULL);
  g_autofree char *from = NULL;
  JsonObject *after = NULL;
  JsonArray *list = NULL;
  BsnScheme scheme;

  if (!bsn_scheme_parse (subject, &scheme, NULL))
    scheme = BSN_SCHEME_STOPWATCH;
  if (after_text != NULL && json_parser_load_from_data (parser, after_text, -1, NULL)
      && JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    after = json_node_get_object (json_parser_get_root (parser));
  if (after != NULL && json_object_has_member (after, "cells")
      && JSON_NODE_HOLDS_ARRAY (json_object_get_member (after, "cells")))
    list = json_object_get_array_member (after, "cells");
  from = iso_text (obj_str (after, "effective_from"));
  for (guint i = 0; list != NULL && i < json_array_get_length (list); i++)
    {
      JsonNode *node = json_array_get_element (list, i);
      JsonObject *c = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      g_autofree char *name = NULL, *a = NULL, *b = NULL;
      if (c == NULL)
        continue;
      name = tier_cell_name (scheme, obj_str (c, "band"), obj_int (c, "tier", 0), obj_int (c, "key", 0));
      a = bp_text (obj_int (c, "from_bp", -1));
      b = bp_text (obj_int (c, "to_bp", -1));
      g_string_append_printf (cells, "%s%s %s → %s", cells->len ? "; " : "", name, a, b);
    }
  return g_strdup_printf (_("%s membuat versi baru tabel %s yang berlaku sejak %s: %s."), actor,
                          bsn_scheme_label (scheme), from, cells->len ? cells->str : _("tanpa sel berubah"));
}

/* ---- The sentence ---- */

static char *
store_day_sentence (BsnDb              *db,
                    const BsnAuditEntry *e,
                    const char          *actor,
                    JsonObject          *before,
                    JsonObject          *after)
{
  gint64 ids[3];
  guint n = subject_ids (e->subject, ids);
  g_autofree char *store = store_name (db, ids[0]);
  g_autofree char *day = n >= 2 ? day_text (ids[1]) : g_strdup ("?");

  if (g_str_equal (e->action, "quota.set"))
    {
      g_autofree char *rp = bsn_money_format (obj_int (after, "min_purchase_rp", 0));
      if (n >= 3 && ids[2] > 0 && ids[2] <= BSN_LELANG_SLOTS)
        return g_strdup_printf (_("%s menetapkan belanja minimum %s untuk slot %s di %s pada %s."), actor, rp,
                                bsn_slot_to_roman ((gint) ids[2]), store, day);
      return g_strdup_printf (_("%s menetapkan belanja minimum %s untuk semua slot di %s pada %s."), actor, rp,
                              store, day);
    }
  if (g_str_equal (e->action, "quota.hours"))
    {
      g_autofree char *opening = clock_text (obj_int (after, "a", 0));
      return g_strdup_printf (_("%s menetapkan jam buka %s pada %s: mulai %s selama %" G_GINT64_FORMAT " jam."),
                              actor, store, day, opening, obj_int (after, "b", 0));
    }
  if (g_str_equal (e->action, "quota.caps"))
    {
      gint64 slot = obj_int (after, "a", -1), budget = obj_int (after, "b", -1);
      g_autofree char *slot_text = slot >= 0 ? g_strdup_printf (_("%" G_GINT64_FORMAT " penerima per slot"), slot)
                                             : g_strdup (_("penerima per slot tetap"));
      g_autofree char *rp = bsn_money_format (budget);
      g_autofree char *budget_text = budget >= 0 ? g_strdup_printf (_("anggaran harian %s"), rp)
                                                 : g_strdup (_("anggaran harian tetap"));
      return g_strdup_printf (_("%s menetapkan batas %s pada %s: %s, %s."), actor, store, day, slot_text,
                              budget_text);
    }
  if (g_str_equal (e->action, "quota.caps-clear"))
    return g_strdup_printf (_("%s menghapus batas %s pada %s: tanpa batas penerima per slot dan anggaran harian."),
                            actor, store, day);
  if (g_str_equal (e->action, "quota.stock-remove"))
    {
      const char *item = obj_str (before, "item");
      return g_strdup_printf (_("%s menghapus %s dari rencana stok %s pada %s."), actor, item != NULL ? item : "?",
                              store, day);
    }
  if (g_str_equal (e->action, "quota.stock"))
    {
      gint64 milli = obj_int (after, "qty_milli", 0);
      g_autofree char *price = bsn_money_format (obj_int (after, "unit_price_rp", 0));
      g_autofree char *qty = milli % 1000 == 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, milli / 1000)
                                               : g_strdup_printf ("%" G_GINT64_FORMAT ",%03" G_GINT64_FORMAT,
                                                                  milli / 1000, milli % 1000);
      /* "1,500" reads as one and a half; drop the trailing zeros. */
      while (strchr (qty, ',') != NULL && g_str_has_suffix (qty, "0"))
        qty[strlen (qty) - 1] = '\0';
      return g_strdup_printf (_("%s menambah rencana stok %s pada %s: %s %s %s @ %s."), actor, store, day,
                              obj_str (after, "item") ? obj_str (after, "item") : "?", qty,
                              obj_str (after, "unit") ? obj_str (after, "unit") : "", price);
    }
  return g_strdup_printf (_("%s menyalin rencana harian %s pada %s ke %" G_GINT64_FORMAT " hari berikutnya."), actor,
                          store, day, obj_int (after, "days", 0));
}

static char *
consign_sentence (BsnDb               *db,
                  const BsnAuditEntry *e,
                  const char          *actor,
                  JsonObject          *after)
{
  gint64 ids[3];
  g_autofree char *lot = (subject_ids (e->subject, ids), lot_name (db, ids[0]));
  const char *reason = obj_str (after, "reason");
  gint64 qty = obj_int (after, "qty", 0);
  g_autofree char *rp = bsn_money_format (obj_int (after, "amount_rp", 0));

  if (g_str_equal (e->action, "consign.offer"))
    {
      g_autofree char *cost = bsn_money_format (obj_int (after, "cost_rp", 0));
      g_autofree char *price = bsn_money_format (obj_int (after, "price_rp", 0));
      return g_strdup_printf (_("%s mencatat tawaran titip jual #%" G_GINT64_FORMAT ": %s, %" G_GINT64_FORMAT
                                " unit, modal pokok %s, harga jual %s."),
                              actor, ids[0], obj_str (after, "sku") ? obj_str (after, "sku") : "?", qty, cost, price);
    }
  if (g_str_equal (e->action, "consign.accept"))
    return g_strdup_printf (_("%s menerima %s sebanyak %" G_GINT64_FORMAT " unit."), actor, lot, qty);
  if (g_str_equal (e->action, "consign.reduce"))
    return g_strdup_printf (_("%s menerima sebagian %s: %" G_GINT64_FORMAT " unit."), actor, lot, qty);
  if (g_str_equal (e->action, "consign.reject"))
    return g_strdup_printf (_("%s menolak %s. Alasan: %s."), actor, lot, reason ? reason : "—");
  if (g_str_equal (e->action, "consign.reprice"))
    return g_strdup_printf (_("%s mengubah modal pokok %s menjadi %s. Alasan: %s."), actor, lot, rp,
                            reason ? reason : "—");
  if (g_str_equal (e->action, "consign.over_capacity_override"))
    return g_strdup_printf (_("%s menetapkan %s melebihi kapasitas jual anak; anak menanggung %s biaya "
                              "pengembalian. Alasan: %s."),
                            actor, lot, rp, reason ? reason : "—");
  return g_strdup_printf (_("%s mencatat retur %s: %" G_GINT64_FORMAT " unit, kompensasi induk %s."), actor, lot, qty,
                          rp);
}

static char *
people_sentence (BsnDb               *db,
                 const BsnAuditEntry *e,
                 const char          *actor,
                 JsonObject          *before,
                 JsonObject          *after)
{
  const char *subject = e->subject != NULL ? e->subject : "?";

  if (g_str_equal (e->action, "user.add"))
    return g_strdup_printf (_("%s menambah pengguna %s dengan peran %s."), actor, subject,
                            user_role_text (obj_str (after, "role")));
  if (g_str_equal (e->action, "user.password"))
    return g_strdup_printf (_("%s mengganti kata sandi pengguna %s."), actor, subject);
  if (g_str_equal (e->action, "user.role"))
    return g_strdup_printf (_("%s mengubah peran pengguna %s: %s → %s."), actor, subject,
                            user_role_text (obj_str (before, "role")), user_role_text (obj_str (after, "role")));
  if (g_str_equal (e->action, "user.enable"))
    return g_strdup_printf (_("%s mengaktifkan kembali pengguna %s."), actor, subject);
  if (g_str_equal (e->action, "user.disable"))
    return g_strdup_printf (_("%s menonaktifkan pengguna %s."), actor, subject);
  if (g_str_equal (e->action, "customer.add"))
    return g_strdup_printf (_("%s menambah pelanggan %s (%s)."), actor, obj_str (after, "name") ? obj_str (after, "name") : "?",
                            subject);
  {
    g_autofree char *changes = record_changes (db, before, after, customer_fields);
    const char *name = obj_str (after, "name");
    g_autofree char *who = name != NULL ? g_strdup_printf ("%s (%s)", name, subject) : g_strdup (subject);
    return g_strdup_printf (_("%s mengubah pelanggan %s: %s."), actor, who, changes);
  }
}

static char *
store_sentence (BsnDb               *db,
                const BsnAuditEntry *e,
                const char          *actor,
                JsonObject          *before,
                JsonObject          *after)
{
  if (g_str_equal (e->action, "store.add"))
    return g_strdup_printf (_("%s menambah toko %s (%s) sebagai %s."), actor,
                            obj_str (after, "name") ? obj_str (after, "name") : "?", e->subject ? e->subject : "?",
                            store_role_text (obj_str (after, "role")));
  if (g_str_equal (e->action, "store.active"))
    {
      gint64 ids[3];
      g_autofree char *store = (subject_ids (e->subject, ids), store_name (db, ids[0]));
      return g_strdup_printf (obj_int (after, "active", 0) ? _("%s mengaktifkan toko %s.") : _("%s menonaktifkan toko %s."),
                              actor, store);
    }
  {
    g_autofree char *changes = record_changes (db, before, after, store_fields);
    const char *name = obj_str (after, "name");
    g_autofree char *store = name != NULL && g_strcmp0 (name, e->subject) != 0
                               ? g_strdup_printf ("%s (%s)", name, e->subject ? e->subject : "?")
                               : g_strdup (e->subject ? e->subject : "?");
    return g_strdup_printf (_("%s mengubah toko %s: %s."), actor, store, changes);
  }
}

static char *
ledger_sentence (BsnDb               *db,
                 const BsnAuditEntry *e,
                 const char          *actor,
                 JsonObject          *before,
                 JsonObject          *after)
{
  gint64 ids[3];

  subject_ids (e->subject, ids);
  if (g_str_equal (e->action, "ledger.opening"))
    {
      g_autofree char *customer = customer_name (db, ids[0]);
      g_autofree char *points = bsn_points_format (obj_int (after, "points_rp", 0));
      return g_strdup_printf (_("%s mencatat saldo awal %s untuk pelanggan %s."), actor, points, customer);
    }
  if (g_str_equal (e->action, "ledger.reverse"))
    {
      g_autofree char *rp = bsn_money_format (obj_int (before, "amount_rp", 0));
      const char *reason = obj_str (after, "reason");
      if (obj_int (after, "reversal", 0) <= 0)
        return g_strdup_printf (_("%s membatalkan posting #%" G_GINT64_FORMAT " (%s, %s). Alasan: %s."), actor, ids[0],
                                posting_kind_text (obj_str (before, "kind")), rp, reason ? reason : "—");
      return g_strdup_printf (_("%s membatalkan posting #%" G_GINT64_FORMAT " (%s, %s) dengan posting pembalik #%"
                                G_GINT64_FORMAT ". Alasan: %s."),
                              actor, ids[0], posting_kind_text (obj_str (before, "kind")), rp,
                              obj_int (after, "reversal", 0), reason ? reason : "—");
    }
  {
    g_autofree char *at = iso_text (obj_str (after, "at"));
    g_autofree char *clock = iso_text (obj_str (after, "clock"));
    return g_strdup_printf (_("%s mencatat posting #%" G_GINT64_FORMAT " (%s) bertanggal mundur %s, "
                              "saat jam menunjukkan %s."),
                            actor, obj_int (after, "posting", ids[0]), posting_kind_text (obj_str (after, "kind")), at,
                            clock);
  }
}

static char *
bonus_sentence (const BsnAuditEntry *e,
                const char          *actor,
                JsonObject          *after)
{
  g_autofree char *rate = NULL, *p = NULL, *r = NULL, *b = NULL;

  if (g_str_equal (e->action, "bonus.end"))
    return g_strdup_printf (_("%s mengakhiri aturan bonus %s."), actor, e->subject ? e->subject : "?");
  rate = bp_text (obj_int (after, "rate_bp", 0));
  p = bp_text (obj_int (after, "produsen_bp", 0));
  r = bp_text (obj_int (after, "ritel_bp", 0));
  b = bp_text (obj_int (after, "bsn_bp", 0));
  return g_strdup_printf (_("%s menambah aturan bonus %s (%s): %s, ditanggung produsen %s, ritel %s, BSN %s."), actor,
                          e->subject ? e->subject : "?", obj_str (after, "kind") ? obj_str (after, "kind") : "?", rate,
                          p, r, b);
}

static char *
reserve_sentence (BsnDb               *db,
                  const BsnAuditEntry *e,
                  const char          *actor,
                  JsonObject          *after)
{
  gint64 ids[3];
  g_autofree char *store = (subject_ids (e->subject, ids), store_name (db, ids[0]));

  if (g_strcmp0 (obj_str (after, "method"), "days") == 0)
    return g_strdup_printf (_("%s menetapkan cadangan poin %s: rata-rata hadiah %" G_GINT64_FORMAT " hari terakhir."),
                            actor, store, obj_int (after, "days", 0));
  return g_strdup_printf (_("%s menetapkan cadangan poin %s: %" G_GINT64_FORMAT " pelanggan × %" G_GINT64_FORMAT
                            " poin."),
                          actor, store, obj_int (after, "customers", 0), obj_int (after, "avg_points", 0));
}

char *
bsn_audit_entry_sentence (BsnDb               *db,
                          const BsnAuditEntry *e)
{
  g_autoptr(JsonObject) before = NULL;
  g_autoptr(JsonObject) after = NULL;
  const char *actor;
  const char *action;

  g_return_val_if_fail (e != NULL, NULL);

  actor = e->user != NULL && *e->user != '\0' ? e->user : _("sistem");
  action = e->action != NULL ? e->action : "";
  if (g_str_equal (action, "tiers.version"))
    return tiers_sentence (actor, e->subject, e->after);
  before = parse_object (e->before);
  after = parse_object (e->after);
  if (g_str_has_prefix (action, "quota."))
    return store_day_sentence (db, e, actor, before, after);
  if (g_str_has_prefix (action, "consign."))
    return consign_sentence (db, e, actor, after);
  if (g_str_has_prefix (action, "user.") || g_str_has_prefix (action, "customer."))
    return people_sentence (db, e, actor, before, after);
  if (g_str_has_prefix (action, "store."))
    return store_sentence (db, e, actor, before, after);
  if (g_str_has_prefix (action, "ledger.") || g_str_equal (action, "posting.backdated"))
    return ledger_sentence (db, e, actor, before, after);
  if (g_str_has_prefix (action, "bonus."))
    return bonus_sentence (e, actor, after);
  if (g_str_equal (action, "reserve.policy"))
    return reserve_sentence (db, e, actor, after);
  if (g_str_equal (action, "backup"))
    return g_strdup_printf (_("%s membuat cadangan basis data ke %s."), actor, e->subject ? e->subject : "?");
  if (g_str_equal (action, "restore"))
    return g_strdup_printf (_("%s memulihkan basis data dari %s."), actor, e->subject ? e->subject : "?");
  return g_strdup_printf (_("%s mencatat %s pada %s."), actor, action, e->subject ? e->subject : "?");
}

/* The filter's words: what an owner looks for, mapped to the action
 * prefixes bsn_audit_list() filters on. */
static const BsnAuditTopic topics[] = {
  { NULL, N_("Semua perubahan") },
  { "tiers", N_("Tabel tarif") },
  { "store", N_("Toko") },
  { "customer", N_("Pelanggan") },
  { "user", N_("Pengguna") },
  { "consign", N_("Titip jual") },
  { "quota", N_("Kuota harian") },
  { "ledger", N_("Koreksi buku poin") },
  { "posting", N_("Posting bertanggal mundur") },
  { "bonus", N_("Aturan bonus") },
  { "reserve", N_("Cadangan poin") },
  { "backup", N_("Pencadangan") },
  { "restore", N_("Pemulihan") },
};

const BsnAuditTopic *
bsn_audit_topics (guint *n_topics)
{
  *n_topics = G_N_ELEMENTS (topics);
  return topics;
}
