/* test-simulate.c — replaying a period with changes (bsn-simulate.h,
 * issue 21): "no change" costs what the period recorded, to the Rupiah, with
 * quotas, caps, siaga status points and bonuses in play; a draft table costs
 * what importing the same receipts under that table costs; a store-day past
 * midnight and the period's edges. */
#include "config.h"

#include <string.h>

#include "bsn-auth.h"
#include "bsn-award.h"
#include "bsn-bonus.h"
#include "bsn-customer.h"
#include "bsn-error.h"
#include "bsn-expiry.h"
#include "bsn-money.h"
#include "bsn-quota.h"
#include "bsn-simulate.h"
#include "bsn-test-util.h"
#include "bsn-tiers.h"

/* The period: store-days 10–12 March 2026. */
#define DAY(d) ((BsnTime) (bsn_time_from_ymd_hms (2026, 3, (d), 0, 0, 0)))

typedef struct
{
  gint64 cost_rp[32];        /* by the receipt's store-day of March */
  gint64 sales_rp[32];
  guint  capped, siaga, bonuses;
} Recorded;

static gint64
add_store (BsnDb      *db,
           const char *code,
           BsnBand     band,
           const char *level,
           BsnSchemes  schemes,
           gint        opening_hour,
           gint64      quota_rp)
{
  gint64 id = bsn_test_add_store (db, code, BSN_ROLE_TOKO, NULL, band, level, schemes);
  g_autoptr(BsnStore) s = bsn_store_get (db, id, NULL);

  s->opening_sec = opening_hour * 3600;
  s->hours = 10;
  s->min_purchase_rp = quota_rp;
  g_assert_true (bsn_store_update (db, s, NULL));
  return id;
}

static void
add_bonus (BsnDb      *db,
           const char *code,
           const char *kind,
           gint32      rate_bp,
           gint32      produsen_bp,
           gint32      ritel_bp,
           gint        every)
{
  g_autoptr(BsnBonusRule) r = bsn_bonus_rule_new ();
  g_autoptr(GError) error = NULL;

  r->code = g_strdup (code);
  r->name = g_strdup (code);
  r->kind = g_strdup (kind);
  r->rate_bp = rate_bp;
  r->produsen_bp = produsen_bp;
  r->ritel_bp = ritel_bp;
  r->bsn_bp = BSN_BP_100_PERCENT - produsen_bp - ritel_bp;
  r->every_nth = every;
  g_assert_true (bsn_bonus_rule_add (db, r, &error));
  g_assert_no_error (error);
}

/* A registration or referral rule: @points_rp on a first receipt. */
static void
add_fixed_bonus (BsnDb      *db,
                 const char *code,
                 const char *kind,
                 gint64      points_rp,
                 gint32      ritel_bp)
{
  g_autoptr(BsnBonusRule) r = bsn_bonus_rule_new ();
  g_autoptr(GError) error = NULL;

  r->code = g_strdup (code);
  r->name = g_strdup (code);
  r->kind = g_strdup (kind);
  r->points_rp = points_rp;
  r->produsen_bp = 0;
  r->ritel_bp = ritel_bp;
  r->bsn_bp = BSN_BP_100_PERCENT - ritel_bp;
  r->every_nth = 1;
  g_assert_true (bsn_bonus_rule_add (db, r, &error));
  g_assert_no_error (error);
}

/* The draft cells of each scheme (margins: low band 14 %, high 20 %). */
static GArray *
draft_edits (BsnScheme scheme)
{
  GArray *edits = g_array_new (FALSE, TRUE, sizeof (BsnTierEdit));
  BsnTierEdit e[2] = { 0 };

  switch (scheme)
    {
    case BSN_SCHEME_STOPWATCH:
      e[0] = (BsnTierEdit) { .band = BSN_BAND_LOW, .tier = 2, .key = 7, .rate_bp = 900 };
      e[1] = (BsnTierEdit) { .band = BSN_BAND_LOW, .tier = 2, .key = 3, .rate_bp = 700 };
      break;
    case BSN_SCHEME_LELANG:
      /* Slot I of Premium up to 5 %: the slot cap no longer bites. */
      e[0] = (BsnTierEdit) { .band = BSN_BAND_HIGH, .tier = 1, .key = 1, .rate_bp = 500 };
      e[1] = (BsnTierEdit) { .band = BSN_BAND_LOW, .tier = 2, .key = 8, .rate_bp = 800 };
      break;
    case BSN_SCHEME_SIAGA:
      e[0] = (BsnTierEdit) { .key = 50, .rate_bp = 300 };
      e[1] = (BsnTierEdit) { .key = 150, .rate_bp = 400 };
      break;
    }
  g_array_append_vals (edits, e, 2);
  return edits;
}

static guint32
next (guint32 *seed)
{
  *seed = *seed * 1103515245u + 12345u;
  return (*seed >> 8) & 0xffffff;
}

/* Builds the network and records the same receipts every time: store TA
 * (low band, Standard, both schemes, opens 20:00 for 10 hours: its
 * store-days cross midnight, quota Rp100.000) and TB (high band, Premium,
 * lelang only, opens 07:00, quota Rp50.000, Rp150.000 in slot III on the
 * 10th); a daily budget on TA's 11th, a slot cap of 2 on TB's 10th–12th;
 * three bonus rules (one every 3rd receipt, one for siaga, one for
 * lelang). With @draft, that scheme's draft cells are in force from the
 * period's first midnight before any receipt is recorded. */
static void
populate (BsnDb     *db,
          gint       draft,
          Recorded  *rec)
{
  gint64 ta = add_store (db, "TA", BSN_BAND_LOW, "Standard", BSN_SCHEMES_BOTH, 20, 100000);
  gint64 tb = add_store (db, "TB", BSN_BAND_HIGH, "Premium", BSN_SCHEMES_LELANG, 7, 50000);
  gint64 customers[5];
  g_autoptr(BsnAwardCache) cache = bsn_award_cache_new ();
  g_autoptr(BsnStore) sa = bsn_store_get (db, ta, NULL);
  g_autoptr(BsnStore) sb = bsn_store_get (db, tb, NULL);
  guint32 seed = 2126;
  guint n = 0;

  memset (rec, 0, sizeof *rec);
  for (guint i = 0; i < G_N_ELEMENTS (customers); i++)
    {
      g_autofree char *code = g_strdup_printf ("C%u", i + 1);
      customers[i] = bsn_test_add_customer (db, code, code);
    }
  g_assert_true (bsn_day_plan_set_caps (db, ta, bsn_time_day (DAY (11)), -1, 20000, NULL));
  for (gint d = 10; d <= 12; d++)
    g_assert_true (bsn_day_plan_set_caps (db, tb, bsn_time_day (DAY (d)), 2, -1, NULL));
  g_assert_true (bsn_quota_set (db, tb, bsn_time_day (DAY (10)), 3, 150000, NULL));
  add_bonus (db, "SP3", "surprise_points", 500, 4500, 3500, 3);
  add_bonus (db, "SIA", "siaga", 300, 0, 10000, 1);
  add_bonus (db, "LEL", "lelang", 1000, 0, 5000, 1);
  /* First-receipt bonuses: every customer here is new; C2 was brought by C1. */
  add_fixed_bonus (db, "REG", "registration", 5000, 6000);
  add_fixed_bonus (db, "REF", "referral", 10000, 5000);
  g_assert_true (bsn_customer_set_referrer (db, customers[1], "C1", NULL));
  if (draft >= 0)
    {
      g_autoptr(GArray) edits = draft_edits ((BsnScheme) draft);
      g_autoptr(GError) error = NULL;
      g_assert_cmpint (bsn_tiers_edit (db, (BsnScheme) draft, (BsnTierEdit *) (gpointer) edits->data, edits->len,
                                       DAY (10), "uji", "simulasi", NULL, &error), >, 0);
      g_assert_no_error (error);
    }

  /* Calendar days 8–13 March, 24 receipts a day, not in time order. */
  for (gint d = 8; d <= 13; d++)
    for (guint i = 0; i < 24; i++)
      {
        gboolean on_a = next (&seed) % 2 == 0;
        guint32 spread = next (&seed);
        /* Mostly in the opening hours: TB's first four slots, TA's night. */
        gint sec = spread % 4 == 0 ? (gint) (spread / 4 % BSN_SECONDS_PER_DAY)
                   : on_a          ? (gint) ((20 * 3600 + spread / 4 % (10 * 3600)) % BSN_SECONDS_PER_DAY)
                                   : (gint) (7 * 3600 + spread / 4 % (4 * 3600));
        guint32 pick = next (&seed) % 20;
        gint64 amount = pick == 0 ? 30000000 : 20000 + (gint64) (next (&seed) % 380) * 1000;
        BsnReceipt r = { 0 };
        g_autofree char *number = g_strdup_printf ("R%03u", ++n);
        g_autoptr(BsnAward) a = NULL;
        g_autoptr(GError) error = NULL;
        BsnStoreDayPlace place;

        /* TA's store-day of the 9th runs to 06:00 on the 10th: none of
         * those (the draft's table is in force from midnight), but the
         * 13th only before 06:00 (the 12th's store-day) and at 21:00. */
        if (on_a && d == 10 && sec < 6 * 3600)
          sec += 6 * 3600;
        if (d == 13)
          sec = on_a ? (i % 6 == 5 ? 21 * 3600 : sec % (6 * 3600)) : 10 * 3600 + (gint) i;
        r.receipt = number;
        r.store_id = on_a ? ta : tb;
        r.customer_id = customers[next (&seed) % G_N_ELEMENTS (customers)];
        r.amount_rp = amount;
        r.at = DAY (d) + sec;
        r.digit = (gint) (next (&seed) % 10);
        r.perishable_rp = next (&seed) % 3 == 0 ? -1 : amount / 2;
        a = bsn_award_receipt (db, cache, &r, &error);
        g_assert_no_error (error);
        g_assert_nonnull (a);
        g_assert_true (bsn_store_place_at (db, on_a ? sa : sb, r.at, &place, NULL, NULL));
        g_assert_true (place.day >= bsn_time_day (DAY (1)) && place.day < bsn_time_day (DAY (1)) + 31);
        {
          gint dd = (gint) (place.day - bsn_time_day (DAY (1))) + 1;
          rec->sales_rp[dd] += amount;
          rec->cost_rp[dd] += a->value_rp;
          for (guint g = 0; g < a->bonuses->len; g++)
            rec->cost_rp[dd] += ((BsnBonusGrant *) g_ptr_array_index (a->bonuses, g))->ritel_rp;
          if (dd >= 10 && dd <= 12)
            {
              rec->capped += a->capped;
              rec->siaga += g_strcmp0 (a->scheme, "siaga") == 0;
              rec->bonuses += a->bonuses->len;
            }
        }
      }
}

static BsnSimResult *
simulate (BsnDb     *db,
          gint       from,
          gint       to,
          gint       draft)
{
  g_autoptr(GArray) edits = draft >= 0 ? draft_edits ((BsnScheme) draft) : NULL;
  BsnSimRequest req = { .from_day = bsn_time_day (DAY (from)), .to_day = bsn_time_day (DAY (to)) };
  g_autoptr(GError) error = NULL;
  BsnSimResult *result;

  if (draft >= 0)
    {
      req.has_draft = TRUE;
      req.draft_scheme = (BsnScheme) draft;
      req.draft_edits = edits;
    }
  result = bsn_simulate (db, &req, &error);
  g_assert_no_error (error);
  g_assert_nonnull (result);
  return result;
}

static gint64
period (const gint64 *by_day,
        gint          from,
        gint          to)
{
  gint64 sum = 0;

  for (gint d = from; d <= to; d++)
    sum += by_day[d];
  return sum;
}

/* "No change" replays to exactly what was recorded, per store-day range. */
static void
test_no_change_is_recorded_cost (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  g_autoptr(BsnSimResult) r = NULL;
  Recorded rec;

  populate (t->db, -1, &rec);
  /* Everything the rule set has is in play in the period. */
  g_assert_cmpuint (rec.capped, >, 0);
  g_assert_cmpuint (rec.siaga, >, 0);
  g_assert_cmpuint (rec.bonuses, >, 0);

  r = simulate (t->db, 10, 12, -1);
  g_assert_cmpuint (r->stores->len, ==, 2);
  g_assert_cmpint (r->total.sales_rp, ==, period (rec.sales_rp, 10, 12));
  g_assert_cmpint (r->total.cost_rp, ==, period (rec.cost_rp, 10, 12));
  g_assert_cmpint (r->total.cost_draft_rp, ==, r->total.cost_rp);
  g_assert_cmpint (r->total.cost_draft_pct_bp, ==, r->total.cost_pct_bp);
  g_assert_cmpint (r->total.cost_pct_bp, ==, r->total.cost_rp * 10000 / r->total.sales_rp);
  g_assert_cmpint (r->total.margin_min_bp, ==, 800);
  g_test_message ("period cost %" G_GINT64_FORMAT " of sales %" G_GINT64_FORMAT, r->total.cost_rp,
                  r->total.sales_rp);
  for (guint i = 0; i < r->stores->len; i++)
    {
      BsnSimStore *s = g_ptr_array_index (r->stores, i);
      g_assert_cmpint (s->cost_rp, ==, s->cost_draft_rp);
      /* Margin after the program (14 %/20 % less well under 1 %) ≥ 8 %. */
      g_assert_true (s->safe);
      g_assert_cmpint (s->margin_min_bp, ==, 800);
    }
  g_assert_cmpstr (((BsnSimStore *) g_ptr_array_index (r->stores, 0))->store, ==, "TA");

  /* Any other range too: one day, the edges. */
  for (gint from = 8; from <= 13; from++)
    for (gint to = from; to <= 13; to++)
      {
        g_autoptr(BsnSimResult) one = simulate (t->db, from, to, -1);
        g_assert_cmpint (one->total.cost_rp, ==, period (rec.cost_rp, from, to));
        g_assert_cmpint (one->total.sales_rp, ==, period (rec.sales_rp, from, to));
        g_assert_cmpint (one->total.cost_draft_rp, ==, one->total.cost_rp);
      }
}

/* A draft table costs what importing the same receipts under it costs:
 * two databases, for each scheme. */
static void
test_draft_is_import_with_table (void)
{
  for (gint scheme = BSN_SCHEME_STOPWATCH; scheme <= BSN_SCHEME_SIAGA; scheme++)
    {
      g_autoptr(BsnTestDb) now = bsn_test_db_new ();
      g_autoptr(BsnTestDb) copy = bsn_test_db_new ();
      g_autoptr(BsnSimResult) r = NULL;
      g_autoptr(BsnSimResult) actual = NULL;
      Recorded rec, rec_draft;

      populate (now->db, -1, &rec);
      populate (copy->db, scheme, &rec_draft);
      r = simulate (now->db, 10, 12, scheme);
      g_assert_cmpint (r->total.cost_rp, ==, period (rec.cost_rp, 10, 12));
      g_assert_cmpint (r->total.cost_draft_rp, ==, period (rec_draft.cost_rp, 10, 12));
      g_test_message ("%s: cost %" G_GINT64_FORMAT " → %" G_GINT64_FORMAT, bsn_scheme_to_string (scheme),
                      r->total.cost_rp, r->total.cost_draft_rp);
      g_assert_cmpint (r->total.cost_draft_rp, !=, r->total.cost_rp);
      /* And the copy's own "no change" is its record. */
      actual = simulate (copy->db, 10, 12, -1);
      g_assert_cmpint (actual->total.cost_rp, ==, r->total.cost_draft_rp);
      for (guint i = 0; i < r->stores->len; i++)
        {
          BsnSimStore *s = g_ptr_array_index (r->stores, i);
          BsnSimStore *c = g_ptr_array_index (actual->stores, i);
          g_assert_cmpstr (s->store, ==, c->store);
          g_assert_cmpint (s->cost_draft_rp, ==, c->cost_rp);
        }
    }
}

/* A lelang-only store records receipts without a lucky digit; switched to
 * stopwatch (or both) later, the period still replays, each such receipt
 * as the lelang receipt it was decided as: "no change" costs what was
 * recorded, where the replay used to stop at the first one ("Angka
 * keberuntungan wajib …"). */
static void
test_store_switched_to_stopwatch (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  gint64 tl = add_store (t->db, "TL", BSN_BAND_HIGH, "Premium", BSN_SCHEMES_LELANG, 7, 50000);
  gint64 c = bsn_test_add_customer (t->db, "C1", "Siti");
  g_autoptr(BsnAwardCache) cache = bsn_award_cache_new ();
  const BsnSchemes now[] = { BSN_SCHEMES_STOPWATCH, BSN_SCHEMES_BOTH };
  gint64 recorded = 0, sales = 0;

  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *number = g_strdup_printf ("L%u", i + 1);
      BsnReceipt r = { .receipt = number, .store_id = tl, .customer_id = c, .digit = -1 };
      g_autoptr(BsnAward) a = NULL;
      g_autoptr(GError) error = NULL;

      r.amount_rp = 100000 + 50000 * (gint64) i;
      r.perishable_rp = i % 2 == 0 ? -1 : 40000;
      r.at = DAY (10) + 8 * 3600 + (BsnTime) i * 1800;
      a = bsn_award_receipt (t->db, cache, &r, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (a->scheme, ==, "lelang");
      g_assert_cmpint (a->value_rp, >, 0);
      recorded += a->value_rp;
      sales += r.amount_rp;
    }
  for (guint k = 0; k < G_N_ELEMENTS (now); k++)
    {
      g_autoptr(BsnStore) s = bsn_store_get (t->db, tl, NULL);
      g_autoptr(BsnSimResult) r = NULL;
      BsnSimStore *st;

      s->schemes = now[k];
      g_assert_true (bsn_store_update (t->db, s, NULL));
      r = simulate (t->db, 10, 10, -1);
      g_assert_cmpuint (r->stores->len, ==, 1);
      st = g_ptr_array_index (r->stores, 0);
      g_assert_cmpint (st->sales_rp, ==, sales);
      g_assert_cmpint (st->cost_rp, ==, recorded);
      g_assert_cmpint (st->cost_draft_rp, ==, recorded);
    }
}

/* A level change is the store's rates at that level; a name of the other
 * band moves the store to it. */
static void
test_level_change (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  g_autoptr(GArray) levels = g_array_new (FALSE, TRUE, sizeof (BsnSimLevel));
  g_autoptr(BsnSimResult) r = NULL;
  g_autoptr(GError) error = NULL;
  BsnSimRequest req = { .from_day = bsn_time_day (DAY (10)), .to_day = bsn_time_day (DAY (12)) };
  BsnSimLevel l;
  Recorded rec;

  populate (t->db, -1, &rec);
  g_assert_true (bsn_sim_level_parse (t->db, "TA=Pro", &l, &error));
  g_assert_no_error (error);
  g_assert_cmpint (l.band, ==, BSN_BAND_HIGH);
  g_assert_cmpint (l.tier, ==, 3);
  g_array_append_val (levels, l);
  g_assert_false (bsn_sim_level_parse (t->db, "TA", &l, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_INVALID);
  req.levels = levels;
  r = bsn_simulate (t->db, &req, NULL);
  g_assert_nonnull (r);
  /* TA at Pro gives more; TB is unchanged. */
  g_assert_cmpint (((BsnSimStore *) g_ptr_array_index (r->stores, 0))->cost_draft_rp, >,
                   ((BsnSimStore *) g_ptr_array_index (r->stores, 0))->cost_rp);
  g_assert_cmpint (((BsnSimStore *) g_ptr_array_index (r->stores, 1))->cost_draft_rp, ==,
                   ((BsnSimStore *) g_ptr_array_index (r->stores, 1))->cost_rp);
}

/* A bonus file adds rules to the draft only, counted from the period. */
static void
test_bonus_file (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  g_autoptr(BsnSimResult) base = NULL, r = NULL;
  g_autoptr(GPtrArray) rules = NULL;
  g_autoptr(GError) error = NULL;
  const char *csv = "kind,rate,funding,store,min_amount,every\n"
                    "surprise_points;10;0/100/0;TB;;1\n";
  const char *bad = "kind,rate,funding,store,min_amount,every\nsurprise_points,40,0/100/0,,,1\n";
  BsnSimRequest req = { .from_day = bsn_time_day (DAY (10)), .to_day = bsn_time_day (DAY (12)) };
  Recorded rec;

  populate (t->db, -1, &rec);
  rules = bsn_sim_parse_bonus_csv (t->db, csv, strlen (csv), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rules->len, ==, 1);
  g_assert_null (bsn_sim_parse_bonus_csv (t->db, bad, strlen (bad), &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_REFUSED);
  g_assert_nonnull (strstr (error->message, "Baris 2"));
  base = simulate (t->db, 10, 12, -1);
  req.bonus_rules = rules;
  r = bsn_simulate (t->db, &req, NULL);
  g_assert_nonnull (r);
  /* 10 % of TB's sales, all to the store (each receipt floored). */
  {
    BsnSimStore *tb = g_ptr_array_index (r->stores, 1);
    BsnSimStore *ta = g_ptr_array_index (r->stores, 0);
    g_assert_cmpint (tb->cost_draft_rp - tb->cost_rp, ==, tb->sales_rp / 10);
    g_assert_cmpint (ta->cost_draft_rp, ==, ta->cost_rp);
  }
}

static void
keep_partial (BsnSimResult *snapshot,
              gpointer      data)
{
  g_ptr_array_add (data, snapshot);
}

/* The first stores' results as they arrive: a snapshot every n receipts,
 * each store in it with what was replayed of it so far, never more than
 * the final figures. On test_days' database (populated once: the suite
 * runs long under the sanitizers). */
static void
check_partial (BsnDb *db)
{
  g_autoptr(GPtrArray) snapshots = g_ptr_array_new_with_free_func ((GDestroyNotify) bsn_sim_result_free);
  g_autoptr(BsnSimResult) r = NULL;
  BsnSimRequest req = { .from_day = bsn_time_day (DAY (10)), .to_day = bsn_time_day (DAY (12)) };
  gint64 last_receipts = 0;

  req.partial = keep_partial;
  req.partial_data = snapshots;
  req.partial_every = 10;
  r = bsn_simulate (db, &req, NULL);
  g_assert_nonnull (r);
  /* The window (10–13 March, 96 receipts) read 10 at a time. */
  g_assert_cmpuint (snapshots->len, ==, 9);
  for (guint i = 0; i < snapshots->len; i++)
    {
      BsnSimResult *s = g_ptr_array_index (snapshots, i);
      gint64 receipts = 0;

      g_assert_cmpuint (s->stores->len, >=, 1);
      g_assert_cmpuint (s->stores->len, <=, 2);
      g_assert_cmpuint (s->days->len, ==, 0);
      for (guint j = 0; j < s->stores->len; j++)
        {
          BsnSimStore *st = g_ptr_array_index (s->stores, j);
          BsnSimStore *fin = g_ptr_array_index (r->stores, g_strcmp0 (st->store, "TA") == 0 ? 0 : 1);

          g_assert_cmpstr (st->store, ==, fin->store);
          g_assert_cmpint (st->receipts, >, 0);
          g_assert_cmpint (st->receipts, <=, fin->receipts);
          g_assert_cmpint (st->cost_rp, <=, fin->cost_rp);
          g_assert_cmpint (st->sales_rp, <=, fin->sales_rp);
          if (st->sales_rp > 0)
            g_assert_cmpint (st->cost_pct_bp, ==, st->cost_rp * 10000 / st->sales_rp);
          receipts += st->receipts;
        }
      g_assert_cmpint (receipts, >=, last_receipts);
      last_receipts = receipts;
    }
  g_assert_cmpint (last_receipts, <=, r->total.receipts);
}

/* The chart's days: each day of the period in order, every store added
 * up, days without receipts included; "no change" is each store-day's
 * record, a draft each store-day's cost under that table. */
static void
test_days (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  g_autoptr(BsnTestDb) copy = bsn_test_db_new ();
  g_autoptr(BsnSimResult) r = NULL;
  g_autoptr(BsnSimResult) wide = NULL;
  Recorded rec, rec_draft;
  gint64 sum = 0;

  populate (t->db, -1, &rec);
  populate (copy->db, BSN_SCHEME_STOPWATCH, &rec_draft);
  r = simulate (t->db, 10, 12, BSN_SCHEME_STOPWATCH);
  g_assert_cmpuint (r->days->len, ==, 3);
  for (guint i = 0; i < r->days->len; i++)
    {
      const BsnSimDay *d = &g_array_index (r->days, BsnSimDay, i);

      g_assert_cmpint (d->day, ==, bsn_time_day (DAY (10 + (gint) i)));
      g_assert_cmpint (d->sales_rp, ==, rec.sales_rp[10 + i]);
      g_assert_cmpint (d->cost_rp, ==, rec.cost_rp[10 + i]);
      g_assert_cmpint (d->cost_draft_rp, ==, rec_draft.cost_rp[10 + i]);
      g_assert_cmpint (d->receipts, >, 0);
      sum += d->cost_draft_rp;
    }
  g_assert_cmpint (sum, ==, r->total.cost_draft_rp);
  /* The fixture's figures, pinned: on the 11th TA's daily budget is
   * spent either way, so the draft costs the same that day. */
  g_assert_cmpint (g_array_index (r->days, BsnSimDay, 1).sales_rp, ==, 64607000);
  g_assert_cmpint (g_array_index (r->days, BsnSimDay, 1).cost_rp, ==, 5026298);
  g_assert_cmpint (g_array_index (r->days, BsnSimDay, 1).cost_draft_rp, ==, 5026298);
  g_assert_cmpint (r->total.cost_rp, ==, 11132659);
  g_assert_cmpint (r->total.cost_draft_rp, ==, 11182939);

  /* 1–20 March: the days outside the receipts are there, at zero. */
  wide = simulate (t->db, 1, 20, -1);
  g_assert_cmpuint (wide->days->len, ==, 20);
  g_assert_cmpint (g_array_index (wide->days, BsnSimDay, 0).day, ==, bsn_time_day (DAY (1)));
  g_assert_cmpint (g_array_index (wide->days, BsnSimDay, 19).day, ==, bsn_time_day (DAY (20)));
  g_assert_cmpint (g_array_index (wide->days, BsnSimDay, 0).receipts, ==, 0);
  g_assert_cmpint (g_array_index (wide->days, BsnSimDay, 0).cost_rp, ==, 0);
  g_assert_cmpint (g_array_index (wide->days, BsnSimDay, 19).sales_rp, ==, 0);
  for (gint d = 9; d <= 12; d++)
    g_assert_cmpint (g_array_index (wide->days, BsnSimDay, d - 1).cost_rp, ==, rec.cost_rp[d]);

  check_partial (t->db);
}

static void
note_progress (guint64  done,
               guint64  total,
               gpointer data)
{
  guint64 *last = data;

  g_assert_cmpuint (done, <=, total);
  last[0] = done;
  last[1] = total;
}

/* Like the reports: once there are users, a kasir may not simulate, the
 * bookkeeper may. */
static void
test_needs_reports_permission (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  g_autoptr(BsnSimResult) refused = NULL, allowed = NULL;
  g_autoptr(GError) error = NULL;
  BsnSimRequest req = { .from_day = bsn_time_day (DAY (10)), .to_day = bsn_time_day (DAY (12)) };
  guint64 last[2] = { 0, 0 };
  Recorded rec;

  populate (t->db, -1, &rec);
  g_assert_true (bsn_auth_add_user (t->db, "sri", BSN_ROLE_PEMILIK, "rahasia-pemilik", NULL));
  g_assert_true (bsn_auth_login (t->db, "sri", "rahasia-pemilik", NULL));
  g_assert_true (bsn_auth_add_user (t->db, "bagus", BSN_ROLE_PEMBUKUAN, "rahasia-pembukuan", NULL));
  g_assert_true (bsn_auth_add_user (t->db, "kiki", BSN_ROLE_KASIR, "rahasia-kasir", NULL));
  g_assert_true (bsn_auth_login (t->db, "kiki", "rahasia-kasir", NULL));
  refused = bsn_simulate (t->db, &req, &error);
  g_assert_null (refused);
  g_assert_error (error, BSN_ERROR, BSN_ERROR_REFUSED);
  g_assert_true (bsn_auth_login (t->db, "bagus", "rahasia-pembukuan", NULL));
  req.progress = note_progress;
  req.progress_data = last;
  allowed = bsn_simulate (t->db, &req, NULL);
  g_assert_nonnull (allowed);
  /* The last report: every receipt of the window read. */
  g_assert_cmpuint (last[0], ==, last[1]);
  g_assert_cmpuint (last[0], >, 0);
  g_assert_cmpint (allowed->total.cost_rp, ==, period (rec.cost_rp, 10, 12));
  /* Cancelled (the app's cancel button): nothing but the error. */
  {
    g_autoptr(GCancellable) cancel = g_cancellable_new ();
    g_autoptr(GError) cancelled = NULL;

    g_cancellable_cancel (cancel);
    req.cancellable = cancel;
    g_assert_null (bsn_simulate (t->db, &req, &cancelled));
    g_assert_error (cancelled, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  }
}

/* One award of 10 January 2026 10:00 at TE (stopwatch, funded by the
 * store's reserve), never spent; its value. With @policy_months > 0 the
 * policy of that many months is in force from 1 January and the expiry
 * run has posted its expiry (10 February 10:00 for one month). */
static gint64
expiry_book (BsnDb *db,
             gint   policy_months)
{
  g_autoptr(GError) error = NULL;
  gint64 store = add_store (db, "TE", BSN_BAND_LOW, "Plus", BSN_SCHEMES_STOPWATCH, 7, 0);
  gint64 customer = bsn_test_add_customer (db, "C1", "Siti");
  BsnReceipt r = { "E-1", store, customer, 250000, bsn_time_from_ymd_hms (2026, 1, 10, 10, 0, 0), 5, -1 };
  BsnAward *a;
  gint64 value;
  guint posted = 0;
  gint64 expired = 0;

  if (policy_months > 0)
    {
      g_assert_true (bsn_expiry_set (db, policy_months, bsn_time_from_ymd_hms (2026, 1, 1, 0, 0, 0), "Uji", NULL,
                                     &error));
      g_assert_no_error (error);
    }
  a = bsn_award_receipt (db, NULL, &r, &error);
  g_assert_no_error (error);
  value = a->value_rp;
  bsn_award_free (a);
  g_assert_cmpint (value, ==, 15000);   /* Plus · angka 5: 6 % of Rp250.000 */
  if (policy_months > 0)
    {
      g_assert_true (bsn_expiry_run (db, bsn_time_from_ymd_hms (2026, 3, 1, 0, 0, 0), &posted, &expired, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (posted, ==, 1);
      g_assert_cmpint (expired, ==, value);
    }
  return value;
}

static BsnSimResult *
simulate_expiry (BsnDb *db,
                 gint   months)
{
  BsnSimRequest req = { .from_day = bsn_time_day (bsn_time_from_ymd_hms (2026, 2, 1, 0, 0, 0)),
                        .to_day = bsn_time_day (bsn_time_from_ymd_hms (2026, 2, 28, 0, 0, 0)),
                        .has_expiry = months >= 0, .expiry_months = MAX (months, 0) };
  g_autoptr(GError) error = NULL;
  BsnSimResult *result = bsn_simulate (db, &req, &error);

  g_assert_no_error (error);
  g_assert_nonnull (result);
  g_assert_cmpuint (result->stores->len, ==, 1);
  return result;
}

/* The expiry policy as a change (issue 21): February 2026 has no
 * receipts; the January award's Rp15.000 expire on 10 February under a
 * one-month policy and go back to the store. Without a policy recorded, a
 * draft of one month gives them back in the period (cost −Rp15.000, on 10
 * February in the chart); with the one-month policy recorded and its
 * expiry posted, the same draft changes nothing, "never" takes the return
 * away (+Rp15.000), and no change keeps the recorded return. */
static void
test_expiry_change (void)
{
  /* 10 February: the period's tenth day. */
  const guint feb10 = 9;

  {
    g_autoptr(BsnTestDb) t = bsn_test_db_new ();
    gint64 value = expiry_book (t->db, 0);
    g_autoptr(BsnSimResult) draft = simulate_expiry (t->db, 1);
    g_autoptr(BsnSimResult) none = simulate_expiry (t->db, -1);
    const BsnSimStore *s = g_ptr_array_index (draft->stores, 0);

    g_assert_cmpint (s->cost_rp, ==, 0);
    g_assert_cmpint (s->expired_rp, ==, 0);
    g_assert_cmpint (s->expired_draft_rp, ==, value);
    g_assert_cmpint (s->cost_draft_rp, ==, -value);
    g_assert_cmpint (draft->total.expired_draft_rp, ==, value);
    g_assert_cmpint (draft->total.cost_draft_rp, ==, -value);
    g_assert_cmpint (g_array_index (draft->days, BsnSimDay, feb10).cost_draft_rp, ==, -value);
    g_assert_cmpint (g_array_index (draft->days, BsnSimDay, feb10 - 1).cost_draft_rp, ==, 0);
    s = g_ptr_array_index (none->stores, 0);
    g_assert_cmpint (s->expired_draft_rp, ==, 0);
    g_assert_cmpint (s->cost_draft_rp, ==, 0);
  }
  {
    g_autoptr(BsnTestDb) t = bsn_test_db_new ();
    gint64 value = expiry_book (t->db, 1);
    g_autoptr(BsnSimResult) same = simulate_expiry (t->db, 1);
    g_autoptr(BsnSimResult) never = simulate_expiry (t->db, 0);
    g_autoptr(BsnSimResult) none = simulate_expiry (t->db, -1);
    const BsnSimStore *s = g_ptr_array_index (same->stores, 0);

    g_assert_cmpint (s->expired_rp, ==, value);
    g_assert_cmpint (s->expired_draft_rp, ==, value);
    g_assert_cmpint (s->cost_draft_rp, ==, s->cost_rp);
    g_assert_cmpint (g_array_index (same->days, BsnSimDay, feb10).cost_draft_rp, ==, 0);
    s = g_ptr_array_index (never->stores, 0);
    g_assert_cmpint (s->expired_draft_rp, ==, 0);
    g_assert_cmpint (s->cost_draft_rp, ==, s->cost_rp + value);
    g_assert_cmpint (g_array_index (never->days, BsnSimDay, feb10).cost_draft_rp, ==, value);
    s = g_ptr_array_index (none->stores, 0);
    g_assert_cmpint (s->expired_rp, ==, value);
    g_assert_cmpint (s->expired_draft_rp, ==, value);
    g_assert_cmpint (s->cost_draft_rp, ==, s->cost_rp);
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/simulate/no-change-is-recorded-cost", test_no_change_is_recorded_cost);
  g_test_add_func ("/simulate/draft-is-import-with-table", test_draft_is_import_with_table);
  g_test_add_func ("/simulate/level-change", test_level_change);
  g_test_add_func ("/simulate/store-switched-to-stopwatch", test_store_switched_to_stopwatch);
  g_test_add_func ("/simulate/bonus-file", test_bonus_file);
  g_test_add_func ("/simulate/days-and-partial", test_days);
  g_test_add_func ("/simulate/needs-reports-permission", test_needs_reports_permission);
  g_test_add_func ("/simulate/expiry-change", test_expiry_change);
  return g_test_run ();
}
