/* bsn-demo.c — the demo network (see bsn-demo.h). */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "bsn-award.h"
#include "bsn-bonus.h"
#include "bsn-consign.h"
#include "bsn-customer.h"
#include "bsn-demo.h"
#include "bsn-audit.h"
#include "bsn-auth.h"
#include "bsn-error.h"
#include "bsn-ledger.h"
#include "bsn-money.h"
#include "bsn-quota.h"
#include "bsn-reserve.h"
#include "bsn-store.h"
#include "bsn-voucher.h"


static const BsnStoreSpec demo_stores[] = {
  { "IND-BDG", "Induk Bandung Raya", BSN_ROLE_INDUK, NULL, BSN_BAND_LOW, 2, BSN_SCHEMES_BOTH, 6, 200000 },
  { "IND-CMH", "Induk Cimahi", BSN_ROLE_INDUK, NULL, BSN_BAND_HIGH, 2, BSN_SCHEMES_BOTH, 6, 150000 },
  { "ANK-DGO", "Anak Cabang Dago", BSN_ROLE_ANAK, "IND-BDG", BSN_BAND_LOW, 3, BSN_SCHEMES_BOTH, 7, 200000 },
  { "ANK-CBR", "Anak Cabang Cibiru", BSN_ROLE_ANAK, "IND-BDG", BSN_BAND_LOW, 1, BSN_SCHEMES_LELANG, 6, 100000 },
  { "ANK-LBG", "Anak Cabang Lembang (sayur)", BSN_ROLE_ANAK, "IND-CMH", BSN_BAND_LOW, 2, BSN_SCHEMES_LELANG, 5, 75000 },
  { "TK-SRI", "Toko Sembako Bu Sri", BSN_ROLE_TOKO, "IND-BDG", BSN_BAND_LOW, 2, BSN_SCHEMES_STOPWATCH, 7, 200000 },
  { "TK-GRG", "Gorengan Mang Ujang", BSN_ROLE_TOKO, NULL, BSN_BAND_HIGH, 3, BSN_SCHEMES_BOTH, 9, 50000 },
  { "TK-BUAH", "Kios Buah Segar Ceu Enok", BSN_ROLE_TOKO, "IND-CMH", BSN_BAND_HIGH, 1, BSN_SCHEMES_LELANG, 8, 100000 },
};

static const char *const given_names[] = {
  "Siti", "Budi", "Sari", "Andi", "Dewi", "Agus", "Rina", "Dedi", "Yanti", "Asep", "Euis", "Ujang",
  "Nining", "Hendra", "Lilis", "Iwan", "Wulan", "Rudi", "Tati", "Cecep", "Neng", "Dadang", "Ratna", "Eko",
};
static const char *const family_names[] = {
  "Suryani", "Hidayat", "Rahmawati", "Saputra", "Kusnadi", "Permana", "Nurhayati", "Setiawan",
  "Lestari", "Gunawan", "Wijaya", "Fitriani", "Pratama", "Maulana", "Susanti", "Kurniawan",
};

gint64
bsn_demo_add_store (BsnDb              *db,
                    const BsnStoreSpec *spec,
                    GError            **error)
{
  g_autoptr(BsnStore) s = bsn_store_new ();

  s->code = g_strdup (spec->code);
  s->name = g_strdup (spec->name);
  s->role = spec->role;
  s->band = spec->band;
  s->tier = spec->tier;
  s->schemes = spec->schemes;
  s->opening_sec = spec->opening_hour * 3600;
  s->hours = 10;
  s->margin_bp = bsn_band_default_margin_bp (spec->band);
  s->min_purchase_rp = spec->min_purchase_rp;
  if (spec->parent != NULL)
    {
      g_autoptr(BsnStore) parent = bsn_store_find (db, spec->parent, error);
      if (parent == NULL)
        return 0;
      s->parent_id = parent->id;
    }
  if (!bsn_store_add (db, s, error))
    return 0;
  return s->id;
}

static gboolean
add_stores (BsnDb   *db,
            GError **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (demo_stores); i++)
    if (bsn_demo_add_store (db, &demo_stores[i], error) == 0)
      return FALSE;
  return TRUE;
}

/* Each store's stock plan, so Kuota Harian has something to show: the
 * goods a shop of its kind lays out in a day, the same from the first day
 * of the history to a week ahead (one plan copied, so the audit trail
 * gets a handful of entries per store, not one per line and day). The
 * plans come after the receipts: the awards already made stand. */
static const BsnStockLine demo_goods[] = {
  { (char *) "Beras premium", 50000, (char *) "kg", 14000, FALSE },
  { (char *) "Minyak goreng", 24000, (char *) "liter", 18000, FALSE },
  { (char *) "Telur ayam", 15000, (char *) "kg", 28000, TRUE },
  { (char *) "Bayam", 40000, (char *) "ikat", 4000, TRUE },
  { (char *) "Pisang ambon", 12000, (char *) "sisir", 22000, TRUE },
};

static gboolean
add_day_plans (BsnDb   *db,
               GRand   *rand,
               BsnTime  start,
               guint    days,
               GError **error)
{
  gint64 first = bsn_time_day (start);

  for (guint i = 0; i < G_N_ELEMENTS (demo_stores); i++)
    {
      g_autoptr(BsnStore) store = bsn_store_find (db, demo_stores[i].code, error);
      if (store == NULL)
        return FALSE;
      for (guint k = 0; k < G_N_ELEMENTS (demo_goods); k++)
        {
          BsnStockLine line = demo_goods[k];
          /* Each shop stocks its own amounts: 60–140 % of the base. */
          line.qty_milli = line.qty_milli * g_rand_int_range (rand, 60, 141) / 100;
          if (!bsn_stock_set (db, store->id, first, &line, error))
            return FALSE;
        }
      if (!bsn_day_plan_copy (db, store->id, first, days + 7, error))
        return FALSE;
    }
  return TRUE;
}

/* A customer index skewed toward regulars: a few shop almost daily, most
 * come now and then. */
static guint
pick_customer (GRand *rand,
               guint  n)
{
  double u = g_rand_double (rand);
  return (guint) (u * u * n) % n;
}

/* Receipt amounts between Rp15.000 and about Rp600.000, most small. */
static gint64
pick_amount (GRand *rand)
{
  double u = g_rand_double (rand);
  gint64 rp = 15000 + (gint64) (u * u * 585000);
  return rp / 500 * 500;
}

/* Every store deposits its Back Up Voucher reserve, enough for the four
 * weeks of rewards; the fruit kiosk deposited too little, so the Dasbor
 * has a store in trouble to show. */
static gboolean
add_reserves (BsnDb   *db,
              BsnTime  start,
              GError **error)
{
  g_autoptr(GPtrArray) stores = bsn_store_list (db, error);

  if (stores == NULL)
    return FALSE;
  for (guint i = 0; i < stores->len; i++)
    {
      BsnStore *s = g_ptr_array_index (stores, i);
      BsnReservePolicy policy = { "customers", 60, 10, 3 };
      gint64 amount = g_str_equal (s->code, "TK-BUAH") ? 600000 : 15000000;

      if (!bsn_reserve_set_policy (db, s->id, &policy, error)
          || !bsn_reserve_deposit (db, s->id, amount, start + 5 * 3600, NULL, error))
        return FALSE;
    }
  return TRUE;
}

/* Some customers turn points into vouchers and spend them in other stores. */
static gboolean
add_vouchers (BsnDb   *db,
              GRand   *rand,
              GArray  *customer_ids,
              BsnTime  today,
              GError **error)
{
  g_autoptr(GPtrArray) stores = bsn_store_list (db, error);
  guint issued = 0;

  if (stores == NULL)
    return FALSE;
  for (guint i = 0; i < customer_ids->len && issued < 16; i++)
    {
      gint64 id = g_array_index (customer_ids, gint64, i), balance = 0;
      g_autoptr(BsnVoucher) v = NULL;
      BsnStore *s;

      if (!bsn_ledger_customer_balance (db, id, &balance, NULL, error))
        return FALSE;
      if (balance < 25000)
        continue;
      v = bsn_voucher_issue (db, id, 20000, today - 3 * BSN_SECONDS_PER_DAY + 10 * 3600 + (gint64) issued * 600, 30,
                             error);
      if (v == NULL)
        return FALSE;
      issued++;
      if (issued % 3 == 0)
        continue;   /* still in the customer's pocket */
      s = g_ptr_array_index (stores, g_rand_int_range (rand, 0, stores->len));
      if (s->active && !bsn_voucher_redeem (db, v->code, s->id,
                                            today - 2 * BSN_SECONDS_PER_DAY + 11 * 3600 + (gint64) issued * 600, NULL,
                                            error))
        return FALSE;
    }
  return TRUE;
}

typedef struct
{
  const char *induk;
  const char *anak;
  const char *sku;
  const char *name;
  gint64      qty;
  gint64      cost;
  gint64      price;
  gint        offered_days_ago;
  gint        period;
  char        scheme;
  gint64      accept;      /* 0 = still awaiting an answer */
  gboolean    returned;
} DemoLot;

static const DemoLot demo_lots[] = {
  { "IND-BDG", "ANK-DGO", "BTK-KMJ", "Kemeja batik Cirebon", 100, 80000, 100000, 40, 14, 'A', 100, TRUE },
  { "IND-BDG", "ANK-CBR", "KPI-ARB", "Kopi arabika Malabar 250 g", 60, 45000, 58000, 20, 14, 'B', 50, FALSE },
  { "IND-CMH", "ANK-LBG", "MDU-HTN", "Madu hutan 500 ml", 40, 70000, 90000, 10, 7, 'B', 40, FALSE },
  { "IND-BDG", "ANK-DGO", "SRG-TNN", "Sarung tenun Majalaya", 30, 120000, 150000, 1, 21, 'A', 0, FALSE },
};

/* Consignment lots in several stages, with their sales. */
static gboolean
add_lots (BsnDb   *db,
          GRand   *rand,
          BsnTime  today,
          GError **error)
{
  gint64 today_day = bsn_time_day (today);

  for (guint i = 0; i < G_N_ELEMENTS (demo_lots); i++)
    {
      const DemoLot *d = &demo_lots[i];
      g_autoptr(BsnLot) lot = bsn_lot_new ();
      g_autoptr(BsnStore) induk = bsn_store_find (db, d->induk, error);
      g_autoptr(BsnStore) anak = induk ? bsn_store_find (db, d->anak, error) : NULL;
      gint64 remaining;

      if (anak == NULL)
        return FALSE;
      lot->induk_id = induk->id;
      lot->anak_id = anak->id;
      lot->sku = g_strdup (d->sku);
      lot->name = g_strdup (d->name);
      lot->qty = d->qty;
      lot->cost_rp = d->cost;
      lot->price_rp = d->price;
      lot->offered_day = today_day - d->offered_days_ago;
      lot->period_days = d->period;
      lot->stage_days[0] = lot->stage_days[1] = lot->stage_days[2] = 7;
      lot->scheme = d->scheme;
      /* A lot that goes back asked for more than the anak could sell. */
      lot->capacity = d->returned ? d->accept / 2 : d->accept;
      if (!bsn_lot_offer (db, lot, error))
        return FALSE;
      if (d->accept == 0)
        continue;
      if (!bsn_lot_accept (db, lot->id, d->accept, lot->offered_day + 1, error))
        return FALSE;
      remaining = d->accept;
      for (gint64 day = lot->offered_day + 2; day < today_day && remaining > 0; day += 2)
        {
          BsnLotStatus st;
          BsnLotSale sale;
          gint64 qty = MIN (remaining, g_rand_int_range (rand, 1, 6));

          if (!bsn_lot_status (db, lot->id, day, &st, error))
            return FALSE;
          if (st.stage == BSN_STAGE_RETURN_DUE)
            break;
          if (!bsn_lot_sell (db, lot->id, qty, day, 0, &sale, error))
            return FALSE;
          remaining -= qty;
        }
      if (d->returned && remaining > 0)
        {
          BsnLotReturn r;
          if (!bsn_lot_return (db, lot->id, lot->offered_day + d->period + 21, NULL, 60000, &r, error))
            return FALSE;
        }
    }
  return TRUE;
}

static gboolean
add_bonus_rules (BsnDb   *db,
                 BsnTime  start,
                 GError **error)
{
  g_autoptr(BsnBonusRule) points = bsn_bonus_rule_new ();
  g_autoptr(BsnBonusRule) goods = bsn_bonus_rule_new ();

  points->code = g_strdup ("SURPRISE-POIN");
  points->name = g_strdup (_("Bonus Surprise Poin Voucher"));
  points->kind = g_strdup ("surprise_points");
  points->rate_bp = 1000;
  points->produsen_bp = 4500;
  points->ritel_bp = 3500;
  points->bsn_bp = 2000;
  points->every_nth = 25;
  points->min_amount_rp = 100000;
  points->valid_from = start;
  goods->code = g_strdup ("SURPRISE-BARANG");
  goods->name = g_strdup (_("Bonus Surprise Barang Langsung"));
  goods->kind = g_strdup ("surprise_goods");
  goods->rate_bp = 2000;
  goods->produsen_bp = 5000;
  goods->ritel_bp = 4000;
  goods->bsn_bp = 1000;
  goods->every_nth = 40;
  goods->min_amount_rp = 150000;
  goods->valid_from = start;
  return bsn_bonus_rule_add (db, points, error) && bsn_bonus_rule_add (db, goods, error);
}

typedef struct
{
  BsnTime   at;
  BsnStore *store;
} DemoVisit;

static gint
compare_visits (gconstpointer a,
                gconstpointer b)
{
  const DemoVisit *x = a, *y = b;
  return x->at < y->at ? -1 : x->at > y->at;
}

/* Days of receipts, each day in the order the customers came. */
static gboolean
add_receipts (BsnDb          *db,
              GRand          *rand,
              GArray         *customer_ids,
              BsnTime         start,
              guint           days,
              guint64        *done,
              guint64         total,
              BsnProgressFunc progress,
              gpointer        user_data,
              GCancellable   *cancellable,
              GError        **error)
{
  g_autoptr(GPtrArray) stores = bsn_store_list (db, error);
  g_autoptr(BsnAwardCache) cache = bsn_award_cache_new ();
  g_autoptr(GArray) visits = g_array_new (FALSE, FALSE, sizeof (DemoVisit));
  guint serial = 0;

  if (stores == NULL)
    return FALSE;
  for (guint d = 0; d < days; d++)
    {
      g_array_set_size (visits, 0);
      for (guint si = 0; si < stores->len; si++)
        {
          BsnStore *s = g_ptr_array_index (stores, si);
          guint n = (guint) g_rand_int_range (rand, 12, 36);
          for (guint i = 0; i < n; i++)
            {
              DemoVisit v = { start + (gint64) d * BSN_SECONDS_PER_DAY + s->opening_sec
                                + g_rand_int_range (rand, 0, s->hours * 3600), s };
              g_array_append_val (visits, v);
            }
        }
      g_array_sort (visits, compare_visits);

      for (guint i = 0; i < visits->len; i++)
        {
          DemoVisit *v = &g_array_index (visits, DemoVisit, i);
          g_autoptr(BsnAward) a = NULL;
          g_autoptr(GError) local = NULL;
          g_autofree char *receipt = g_strdup_printf ("%s-%06u", v->store->code, ++serial);
          BsnReceipt r = { 0 };

          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            return FALSE;
          r.receipt = receipt;
          r.store_id = v->store->id;
          r.customer_id = g_array_index (customer_ids, gint64, pick_customer (rand, customer_ids->len));
          r.amount_rp = pick_amount (rand);
          r.at = v->at;
          r.digit = g_rand_int_range (rand, 0, 10);
          r.perishable_rp = -1;
          if (v->store->schemes == BSN_SCHEMES_BOTH)
            r.perishable_rp = r.amount_rp * g_rand_int_range (rand, 0, 11) / 10;
          a = bsn_award_receipt (db, cache, &r, &local);
          /* A store the reserve rule switched off issues nothing more. */
          if (a == NULL && !g_error_matches (local, BSN_ERROR, BSN_ERROR_REFUSED))
            {
              g_propagate_error (error, g_steal_pointer (&local));
              return FALSE;
            }
          g_clear_error (&local);
          if (progress != NULL && ++*done % 64 == 0)
            progress (*done, total, user_data);
        }
    }
  return TRUE;
}

gboolean
bsn_demo_fill (BsnDb                *db,
               const BsnDemoOptions *options,
               BsnProgressFunc       progress,
               gpointer              user_data,
               GCancellable         *cancellable,
               GError              **error)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (options ? options->seed : 2026);
  guint n_customers = options && options->customers ? options->customers : 120;
  guint days = options && options->days ? options->days : 28;
  BsnTime today = options && options->today ? options->today : bsn_time_now ();
  BsnTime start = (bsn_time_day (today) - days) * BSN_SECONDS_PER_DAY;
  guint64 total = n_customers + (guint64) days * G_N_ELEMENTS (demo_stores) * 24;
  guint64 done = 0;
  g_autoptr(GArray) customer_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 stores = 0;

  if (!bsn_auth_require (db, BSN_PERM_ADMIN, error))
    return FALSE;
  /* A count that failed is not an empty database. */
  if (!bsn_store_read_count (db, &stores, error))
    return FALSE;
  if (stores > 0)
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_EXISTS,
                   _("Basis data ini sudah berisi toko; data demo hanya diisi ke basis data kosong"));
      return FALSE;
    }
  if (!bsn_db_begin_batch (db, error))
    return FALSE;
  if (!add_stores (db, error))
    goto fail;

  for (guint i = 0; i < n_customers; i++)
    {
      g_autoptr(BsnCustomer) c = bsn_customer_new ();

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        goto fail;
      c->code = g_strdup_printf ("PLG-%04u", i + 1);
      c->name = g_strdup_printf ("%s %s",
                                 given_names[g_rand_int_range (rand, 0, G_N_ELEMENTS (given_names))],
                                 family_names[g_rand_int_range (rand, 0, G_N_ELEMENTS (family_names))]);
      g_free (c->phone);
      c->phone = g_strdup_printf ("08%02d-%04d-%04d", g_rand_int_range (rand, 11, 99),
                                  g_rand_int_range (rand, 0, 10000), g_rand_int_range (rand, 0, 10000));
      if (!bsn_customer_add (db, c, error))
        goto fail;
      g_array_append_val (customer_ids, c->id);
      /* About a third of the customers carry points over from the paper
       * cards the stores used before. */
      if (g_rand_int_range (rand, 0, 3) == 0)
        {
          gint64 points = g_rand_int_range (rand, 5, 400) * (gint64) BSN_RP_PER_POINT / 2;
          if (!bsn_ledger_post_opening (db, c->id, points, start + 6 * 3600, NULL, NULL, error))
            goto fail;
        }
      if (progress != NULL && ++done % 16 == 0)
        progress (done, total, user_data);
    }
  if (!add_reserves (db, start, error) || !add_bonus_rules (db, start, error)
      || !add_receipts (db, rand, customer_ids, start, days, &done, total, progress, user_data, cancellable, error)
      || !add_vouchers (db, rand, customer_ids, bsn_time_day (today) * BSN_SECONDS_PER_DAY, error)
      || !add_lots (db, rand, today, error) || !add_day_plans (db, rand, start, days, error))
    goto fail;
  if (!bsn_db_set_meta (db, "demo", "1", error))
    goto fail;
  if (!bsn_db_commit (db, error))
    return FALSE;
  if (progress != NULL)
    progress (total, total, user_data);
  return TRUE;

fail:
  bsn_db_rollback (db);
  return FALSE;
}
