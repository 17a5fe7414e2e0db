/* bsn-simulate.c — replay a period with changes (see bsn-simulate.h). */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "bsn-auth.h"
#include "bsn-award-rules.h"
#include "bsn-error.h"
#include "bsn-expiry-rules.h"
#include "bsn-money.h"
#include "bsn-quota.h"
#include "bsn-report.h"
#include "bsn-simulate.h"
#include "bsn-store.h"

/* The two replays: as recorded, and with the changes. */
enum { BASE, DRAFT, N_RUNS };

/* Keys of the per-store-day counters: slot -1 is the day's budget used. */
typedef struct
{
  gint64 store_id;
  gint64 day;
  gint   slot;
} DayKey;

static guint
day_key_hash (gconstpointer p)
{
  const DayKey *k = p;

  return (guint) (k->store_id * 1000003 + k->day * 31 + k->slot);
}

static gboolean
day_key_equal (gconstpointer a,
               gconstpointer b)
{
  const DayKey *x = a, *y = b;

  return x->store_id == y->store_id && x->day == y->day && x->slot == y->slot;
}

/* A slot's lelang rates so far: rate → how many receipts got it. */
typedef struct
{
  gint32 rate_bp;
  gint64 count;
} RateCount;

/* A replayed receipt that earned another amount than recorded. */
typedef struct
{
  BsnTime at;
  gint64  delta_rp;
} Earned;

/* A customer's Earned list, with its sum and latest time: a receipt dated
 * after all of them (the usual, time-ordered case) adds the sum. */
typedef struct
{
  GArray *list;
  gint64  sum_rp;
  BsnTime latest;
} EarnedList;

static void
earned_list_free (gpointer data)
{
  EarnedList *e = data;

  g_array_unref (e->list);
  g_free (e);
}

typedef struct
{
  BsnTierTable *table;
  BsnTime       until;        /* 0 = never */
} TableSlot;

typedef struct
{
  GHashTable *budget;         /* DayKey (slot -1) → gint64 used */
  GHashTable *slots;          /* DayKey → GArray of RateCount */
  GHashTable *earned;         /* customer id → GArray of Earned */
  GHashTable *nth;            /* bonus file rule index → gint64 count */
  BsnTierTable *tables[3];    /* the draft's tables (the base's for BASE) */
  gint64        table_ids[3]; /* the base version they were made from */
} Run;

typedef struct
{
  BsnStore    *store;
  BsnSimStore *out;
  gboolean     moved;         /* a level change applies */
  BsnBand      band;
  gint         tier;
} StoreEntry;

/* A store-day's plan, or a slot's quota (slot ≥ 0). */
typedef struct
{
  DayKey     key;
  BsnDayPlan plan;
  gint64     quota_rp;
} DayEntry;

typedef struct
{
  BsnDb               *db;
  const BsnSimRequest *req;
  GHashTable          *stores;   /* id → StoreEntry */
  GHashTable          *days;     /* DayKey → DayEntry */
  GHashTable          *granted;  /* "receipt:rule" of every-n-th grants */
  GHashTable          *first_receipt_rp; /* receipt id → store's share of its
                                          * registration and referral bonuses */
  GPtrArray           *rules;    /* active rules */
  TableSlot            base[3];
  Run                  runs[N_RUNS];
  GArray              *days_out; /* BsnSimDay, one per day of the period */
} Sim;

typedef struct
{
  gint64  id;
  gint64  store_id;
  gint64  customer_id;
  gint64  recorded_rp;       /* the reward value recorded */
  BsnReceipt r;
  gint64  status_rp;         /* as the engine saw it */
} Row;

void
bsn_sim_result_free (BsnSimResult *result)
{
  if (result == NULL)
    return;
  g_ptr_array_unref (result->stores);
  g_clear_pointer (&result->days, g_array_unref);
  g_free (result);
}

static void
sim_store_free (gpointer data)
{
  BsnSimStore *s = data;

  g_free (s->store);
  g_free (s);
}

static void
store_entry_free (gpointer data)
{
  StoreEntry *e = data;

  bsn_store_free (e->store);
  if (e->out != NULL)
    sim_store_free (e->out);
  g_free (e);
}

static void
run_init (Run *run)
{
  run->budget = g_hash_table_new_full (day_key_hash, day_key_equal, g_free, g_free);
  run->slots = g_hash_table_new_full (day_key_hash, day_key_equal, g_free, (GDestroyNotify) g_array_unref);
  run->earned = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, earned_list_free);
  run->nth = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_free);
}

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->budget, g_hash_table_destroy);
  g_clear_pointer (&run->slots, g_hash_table_destroy);
  g_clear_pointer (&run->earned, g_hash_table_destroy);
  g_clear_pointer (&run->nth, g_hash_table_destroy);
  for (guint i = 0; i < 3; i++)
    g_clear_pointer (&run->tables[i], bsn_tier_table_free);
}

static void
sim_clear (Sim *sim)
{
  g_clear_pointer (&sim->stores, g_hash_table_destroy);
  g_clear_pointer (&sim->days, g_hash_table_destroy);
  g_clear_pointer (&sim->granted, g_hash_table_destroy);
  g_clear_pointer (&sim->first_receipt_rp, g_hash_table_destroy);
  g_clear_pointer (&sim->rules, g_ptr_array_unref);
  g_clear_pointer (&sim->days_out, g_array_unref);
  for (guint i = 0; i < 3; i++)
    g_clear_pointer (&sim->base[i].table, bsn_tier_table_free);
  for (guint i = 0; i < N_RUNS; i++)
    run_clear (&sim->runs[i]);
}

static StoreEntry *
sim_store (Sim     *sim,
           gint64   id,
           GError **error)
{
  StoreEntry *e = g_hash_table_lookup (sim->stores, &id);
  BsnStore *store;

  if (e != NULL)
    return e;
  store = bsn_store_get (sim->db, id, error);
  if (store == NULL)
    return NULL;
  e = g_new0 (StoreEntry, 1);
  e->store = store;
  e->band = store->band;
  e->tier = store->tier;
  if (sim->req->levels != NULL)
    for (guint i = 0; i < sim->req->levels->len; i++)
      {
        const BsnSimLevel *l = &g_array_index (sim->req->levels, BsnSimLevel, i);
        if (l->store_id == id)
          {
            e->moved = TRUE;
            e->band = l->band;
            e->tier = l->tier;
          }
      }
  e->out = g_new0 (BsnSimStore, 1);
  e->out->store_id = id;
  e->out->store = g_strdup (store->code);
  e->out->margin_bp = store->margin_bp;
  e->out->margin_min_bp = BSN_MARGIN_MIN_AMAN_BP;
  g_hash_table_insert (sim->stores, g_memdup2 (&id, sizeof id), e);
  return e;
}

/* The day plan (@slot -1) or a slot's quota, read once per replay. */
static const DayEntry *
sim_day (Sim            *sim,
         const BsnStore *store,
         gint64          day,
         gint            slot,
         GError        **error)
{
  DayKey key = { store->id, day, slot };
  DayEntry *e = g_hash_table_lookup (sim->days, &key);
  DayEntry fresh = { .key = key };

  if (e != NULL)
    return e;
  if (slot < 0 ? !bsn_day_plan_get (sim->db, store, day, &fresh.plan, error)
               : !bsn_quota_min_purchase_in_slot (sim->db, store, day, slot, &fresh.quota_rp, error))
    return NULL;
  e = g_memdup2 (&fresh, sizeof fresh);
  g_hash_table_insert (sim->days, &e->key, e);
  return e;
}

static gboolean
sim_store_day (Sim            *sim,
               const BsnStore *store,
               gint64          day,
               BsnDayPlan     *out_plan,
               BsnStoreDay    *out,
               GError        **error)
{
  const DayEntry *e = sim_day (sim, store, day, -1, error);

  if (e == NULL)
    return FALSE;
  *out_plan = e->plan;
  *out = bsn_store_day_from_plan (store, &e->plan);
  /* The receipt was recorded, so its store was active then. */
  out->active = TRUE;
  return TRUE;
}

/* The table of @scheme in force at @at, as bsn-award.c's cache finds it,
 * and the draft made from it. */
static gboolean
sim_tables (Sim       *sim,
            BsnScheme  scheme,
            BsnTime    at,
            GError   **error)
{
  TableSlot *t = &sim->base[scheme];
  BsnStmt *stmt;
  BsnStep rc;

  if (t->table != NULL && at >= t->table->version.effective_from && (t->until == 0 || at < t->until))
    return TRUE;
  g_clear_pointer (&t->table, bsn_tier_table_free);
  t->table = bsn_tiers_table_at (sim->db, scheme, at, error);
  if (t->table == NULL)
    return FALSE;
  stmt = bsn_db_prepare (sim->db, "SELECT min(effective_from) FROM tier_versions WHERE scheme = ?1 AND effective_from > ?2",
                         error);
  if (stmt == NULL)
    return FALSE;
  bsn_stmt_bind_text (stmt, 1, bsn_scheme_to_string (scheme));
  bsn_stmt_bind_int64 (stmt, 2, t->table->version.effective_from);
  rc = bsn_stmt_step (stmt);
  t->until = rc == BSN_ROW ? bsn_stmt_column_int64 (stmt, 0) : 0;
  /* A failed read is not "no later version": the table would be kept
   * past its end. */
  if (!bsn_db_scan_ended (sim->db, stmt, rc, _("Membaca tabel tingkat"), error))
    return FALSE;

  for (guint i = 0; i < N_RUNS; i++)
    {
      Run *run = &sim->runs[i];
      BsnTierTable *copy = g_new0 (BsnTierTable, 1);

      g_clear_pointer (&run->tables[scheme], bsn_tier_table_free);
      copy->version = t->table->version;
      copy->version.name = g_strdup (t->table->version.name);
      copy->version.author = g_strdup (t->table->version.author);
      copy->version.reason = g_strdup (t->table->version.reason);
      copy->rates = g_array_copy (t->table->rates);
      if (i == DRAFT && sim->req->has_draft && sim->req->draft_scheme == scheme && sim->req->draft_edits != NULL)
        bsn_tiers_apply_edits (copy->rates, scheme, (const BsnTierEdit *) (gpointer) sim->req->draft_edits->data,
                               sim->req->draft_edits->len);
      run->tables[scheme] = copy;
    }
  return TRUE;
}

static gint64
slot_above (Run          *run,
            const DayKey *key,
            gint32        first_bp)
{
  GArray *rates = g_hash_table_lookup (run->slots, key);
  gint64 n = 0;

  for (guint i = 0; rates != NULL && i < rates->len; i++)
    if (g_array_index (rates, RateCount, i).rate_bp > first_bp)
      n += g_array_index (rates, RateCount, i).count;
  return n;
}

static void
note_slot_rate (Run          *run,
                const DayKey *key,
                gint32        rate_bp)
{
  GArray *rates = g_hash_table_lookup (run->slots, key);
  RateCount fresh = { rate_bp, 1 };

  if (rates == NULL)
    {
      rates = g_array_new (FALSE, FALSE, sizeof (RateCount));
      g_hash_table_insert (run->slots, g_memdup2 (key, sizeof *key), rates);
    }
  for (guint i = 0; i < rates->len; i++)
    if (g_array_index (rates, RateCount, i).rate_bp == rate_bp)
      {
        g_array_index (rates, RateCount, i).count++;
        return;
      }
  g_array_append_val (rates, fresh);
}

static gint64 *
budget_used (Run          *run,
             const DayKey *key)
{
  gint64 *used = g_hash_table_lookup (run->budget, key);

  if (used == NULL)
    {
      used = g_new0 (gint64, 1);
      g_hash_table_insert (run->budget, g_memdup2 (key, sizeof *key), used);
    }
  return used;
}

/* The status points of @row in @run: what the engine saw, moved by what
 * this replay earned differently on the customer's receipts before it. */
static gint64
status_of (Run       *run,
           const Row *row)
{
  EarnedList *e = g_hash_table_lookup (run->earned, &row->customer_id);
  gint64 status = row->status_rp;

  if (e != NULL && row->r.at > e->latest)
    status += e->sum_rp;
  else
    for (guint i = 0; e != NULL && i < e->list->len; i++)
      if (g_array_index (e->list, Earned, i).at < row->r.at)
        status += g_array_index (e->list, Earned, i).delta_rp;
  return MAX (status, 0);
}

static void
note_earned (Run       *run,
             const Row *row,
             gint64     delta_rp)
{
  EarnedList *list;
  Earned e = { row->r.at, delta_rp };

  if (delta_rp == 0)
    return;
  list = g_hash_table_lookup (run->earned, &row->customer_id);
  if (list == NULL)
    {
      list = g_new0 (EarnedList, 1);
      list->list = g_array_new (FALSE, FALSE, sizeof (Earned));
      list->latest = G_MININT64;
      g_hash_table_insert (run->earned, g_memdup2 (&row->customer_id, sizeof row->customer_id), list);
    }
  g_array_append_val (list->list, e);
  list->sum_rp += delta_rp;
  list->latest = MAX (list->latest, row->r.at);
}

/* One rule's bonus on a receipt: adds the store's share to *cost and
 * what the customer earns to *earned. */
static void
apply_bonus (const BsnBonusRule *rule,
             gint64              base_rp,
             gint64             *cost,
             gint64             *earned)
{
  const gint32 split_bp[3] = { rule->produsen_bp, rule->ritel_bp, rule->bsn_bp };
  gint64 value = bsn_money_apply_bp (base_rp, rule->rate_bp);
  gint64 parts[3];

  if (value == 0)
    return;
  /* As bsn-bonus.c's grant: rounding remainders fall to the store. */
  bsn_money_split (value, split_bp, 3, 1, parts);
  *cost += parts[1];
  if (g_strcmp0 (rule->kind, "surprise_goods") != 0)
    *earned += value;
}

static gboolean
is_nth_granted (Sim                *sim,
                const Row          *row,
                const BsnBonusRule *rule)
{
  char key[48];

  g_snprintf (key, sizeof key, "%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT, row->id, rule->id);
  return g_hash_table_contains (sim->granted, key);
}

/* The bonuses of a receipt rewarded by @scheme whose first part's base is
 * @scheme_base_rp, in the order bsn_bonus_apply() grants them. */
static void
replay_bonuses (Sim        *sim,
                Run        *run,
                gboolean    with_file,
                const Row  *row,
                const char *scheme,
                gint64      scheme_base_rp,
                gint64     *cost,
                gint64     *earned)
{
  const GPtrArray *extra = with_file ? sim->req->bonus_rules : NULL;
  gint64 base;

  for (guint i = 0; i < sim->rules->len; i++)
    {
      const BsnBonusRule *rule = g_ptr_array_index (sim->rules, i);

      if (!bsn_bonus_rule_matches (rule, row->store_id, row->r.amount_rp, row->r.at)
          || !bsn_bonus_rule_base (rule, scheme, row->r.amount_rp, scheme_base_rp, &base))
        continue;
      if (rule->every_nth > 1 && !is_nth_granted (sim, row, rule))
        continue;
      apply_bonus (rule, base, cost, earned);
    }
  for (guint i = 0; extra != NULL && i < extra->len; i++)
    {
      const BsnBonusRule *rule = g_ptr_array_index (extra, i);
      gint64 *n;

      if (!bsn_bonus_rule_matches (rule, row->store_id, row->r.amount_rp, row->r.at)
          || !bsn_bonus_rule_base (rule, scheme, row->r.amount_rp, scheme_base_rp, &base))
        continue;
      if (rule->every_nth > 1)
        {
          n = g_hash_table_lookup (run->nth, GUINT_TO_POINTER (i + 1));
          if (n == NULL)
            {
              n = g_new0 (gint64, 1);
              g_hash_table_insert (run->nth, GUINT_TO_POINTER (i + 1), n);
            }
          if (++*n % rule->every_nth != 0)
            continue;
        }
      apply_bonus (rule, base, cost, earned);
    }
}

/* What one replay decides for a receipt already placed (@today, @plan,
 * @place, @quota_rp are the engine's): its cost and status earnings. */
static gboolean
replay_run (Sim               *sim,
            Run               *run,
            gboolean           draft,
            const Row         *row,
            const BsnStoreDay *today,
            const BsnDayPlan  *plan,
            BsnStoreDayPlace   place,
            gint64             quota_rp,
            const BsnAwardSplit *split,
            gint64            *out_cost,
            GError           **error)
{
  BsnAwardInput in = {
    .receipt = &row->r,
    .store = today,
    .quota_rp = quota_rp,
    .slot_recipients = plan->slot_recipients,
    .daily_budget_rp = plan->daily_budget_rp,
  };
  DayKey budget_key = { row->store_id, place.day, -1 };
  DayKey slot_key = { row->store_id, place.day, split->slot };
  BsnAwardDecision d;
  const BsnAwardPart *main = NULL;
  gint64 value = 0, cost, earned;
  gint64 *used = NULL;

  for (guint s = 0; s < G_N_ELEMENTS (split->needs); s++)
    if (split->needs[s])
      in.tables[s] = run->tables[s];
  if (split->needs[BSN_SCHEME_SIAGA])
    in.status_rp = status_of (run, row);
  if (split->needs[BSN_SCHEME_LELANG])
    {
      BsnTime start, end;
      gint32 first;

      if (bsn_award_rules_slot_cap_window (today, in.tables[BSN_SCHEME_LELANG], row->r.at, split->slot,
                                           plan->slot_recipients, &start, &end, &first))
        in.slot_above = slot_above (run, &slot_key, first);
    }
  if (plan->daily_budget_rp >= 0)
    {
      used = budget_used (run, &budget_key);
      in.budget_used_rp = *used;
    }
  if (!bsn_award_rules_decide (&in, &d, error))
    return FALSE;

  for (guint i = 0; i < d.n_parts; i++)
    {
      value += d.parts[i].value_rp;
      if (main == NULL || d.parts[i].base_rp > main->base_rp)
        main = &d.parts[i];
      if (d.parts[i].scheme == BSN_SCHEME_LELANG)
        note_slot_rate (run, &slot_key, d.parts[i].rate_bp);
    }
  if (used != NULL)
    *used += value;
  cost = earned = value;
  replay_bonuses (sim, run, draft, row, main ? bsn_scheme_to_string (main->scheme) : "none",
                  d.n_parts ? d.parts[0].base_rp : 0, &cost, &earned);
  /* The record earned the same bonuses (they do not depend on a table or
   * a level), so the base replay's earnings are the record's. */
  note_earned (run, row, value - row->recorded_rp);
  *out_cost = cost;
  return TRUE;
}

static gboolean
replay_row (Sim       *sim,
            const Row *row,
            GError   **error)
{
  gint64 day = bsn_time_day (row->r.at);
  StoreEntry *e = sim_store (sim, row->store_id, error);
  BsnStoreDay prev, same, today, moved;
  BsnDayPlan prev_plan, same_plan, plan;
  BsnStoreDayPlace place;
  BsnAwardSplit split;
  const DayEntry *quota;
  gint64 cost[N_RUNS];

  if (e == NULL || !sim_store_day (sim, e->store, day - 1, &prev_plan, &prev, error)
      || !sim_store_day (sim, e->store, day, &same_plan, &same, error))
    return FALSE;
  place = bsn_store_day_place (&prev, &same, row->r.at);
  if (place.day < sim->req->from_day || place.day > sim->req->to_day)
    return TRUE;
  plan = place.day == day ? same_plan : prev_plan;
  today = place.day == day ? same : prev;
  if (place.day == day)
    today.day_before = &prev;
  /* A receipt recorded without a lucky digit was decided when its store
   * ran no stopwatch (the engine refuses one for a stopwatch store's
   * durable goods): a store switched to stopwatch since replays it as the
   * lelang-only store it was, not as a receipt it would now refuse. */
  if (row->r.digit < 0)
    today.schemes = BSN_SCHEMES_LELANG;
  if ((quota = sim_day (sim, e->store, place.day, place.slot, error)) == NULL
      || !bsn_award_rules_split (&row->r, &today, quota->quota_rp, &split, error))
    return FALSE;
  for (guint s = 0; s < G_N_ELEMENTS (split.needs); s++)
    if (split.needs[s] && !sim_tables (sim, (BsnScheme) s, row->r.at, error))
      return FALSE;

  moved = today;
  moved.band = e->band;
  moved.tier = e->tier;
  if (!replay_run (sim, &sim->runs[BASE], FALSE, row, &today, &plan, place, quota->quota_rp, &split, &cost[BASE],
                   error)
      || !replay_run (sim, &sim->runs[DRAFT], TRUE, row, &moved, &plan, place, quota->quota_rp, &split,
                      &cost[DRAFT], error))
    return FALSE;
  /* Registration and referral bonuses (DOMAIN.md §4.5) come with a
   * customer's first awarded receipt, a fixed number of points whatever
   * the table or the level: the same cost in both replays, as recorded. */
  {
    const gint64 *first = g_hash_table_lookup (sim->first_receipt_rp, &row->id);

    if (first != NULL)
      for (guint i = 0; i < N_RUNS; i++)
        cost[i] += *first;
  }
  e->out->receipts++;
  e->out->sales_rp += row->r.amount_rp;
  e->out->cost_rp += cost[BASE];
  e->out->cost_draft_rp += cost[DRAFT];
  {
    BsnSimDay *d = &g_array_index (sim->days_out, BsnSimDay, place.day - sim->req->from_day);

    d->receipts++;
    d->sales_rp += row->r.amount_rp;
    d->cost_rp += cost[BASE];
    d->cost_draft_rp += cost[DRAFT];
  }
  return TRUE;
}

/* The receipts that may belong to the period's store-days: those of its
 * calendar days and of the next one (a store-day may run past midnight). */
#define RECEIPT_COLUMNS                                                                                      \
  "SELECT id, store_id, customer_id, at, amount_rp, perishable_rp, coalesce(digit, -1), status_before_rp, " \
  "value_rp FROM receipts WHERE at >= ?1 AND at < ?2 "

static gboolean
read_granted (Sim     *sim,
              BsnTime  from,
              BsnTime  to,
              GError **error)
{
  BsnStmt *stmt = bsn_db_prepare (sim->db,
                                  "SELECT g.receipt_id, g.rule_id FROM bonus_grants g "
                                  "JOIN bonus_rules b ON b.id = g.rule_id JOIN receipts r ON r.id = g.receipt_id "
                                  "WHERE b.every_nth > 1 AND r.at >= ?1 AND r.at < ?2",
                                  error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  bsn_stmt_bind_int64 (stmt, 1, from);
  bsn_stmt_bind_int64 (stmt, 2, to);
  while ((rc = bsn_stmt_step (stmt)) == BSN_ROW)
    g_hash_table_add (sim->granted, g_strdup_printf ("%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT,
                                                     bsn_stmt_column_int64 (stmt, 0),
                                                     bsn_stmt_column_int64 (stmt, 1)));
  bsn_stmt_reset (stmt);
  if (rc != BSN_DONE)
    {
      bsn_db_set_error (sim->db, error, _("Membaca bonus yang diberikan"));
      return FALSE;
    }
  stmt = bsn_db_prepare (sim->db,
                         "SELECT g.receipt_id, sum(g.ritel_rp) FROM bonus_grants g "
                         "JOIN bonus_rules b ON b.id = g.rule_id JOIN receipts r ON r.id = g.receipt_id "
                         "WHERE b.kind IN ('registration', 'referral') AND r.at >= ?1 AND r.at < ?2 "
                         "GROUP BY g.receipt_id",
                         error);
  if (stmt == NULL)
    return FALSE;
  bsn_stmt_bind_int64 (stmt, 1, from);
  bsn_stmt_bind_int64 (stmt, 2, to);
  while ((rc = bsn_stmt_step (stmt)) == BSN_ROW)
    {
      gint64 receipt_id = bsn_stmt_column_int64 (stmt, 0);
      gint64 ritel_rp = bsn_stmt_column_int64 (stmt, 1);

      g_hash_table_insert (sim->first_receipt_rp, g_memdup2 (&receipt_id, sizeof receipt_id),
                           g_memdup2 (&ritel_rp, sizeof ritel_rp));
    }
  bsn_stmt_reset (stmt);
  if (rc != BSN_DONE)
    {
      bsn_db_set_error (sim->db, error, _("Membaca bonus yang diberikan"));
      return FALSE;
    }
  return TRUE;
}

/* How many receipts the window holds (of every store: a bound for the
 * progress bar, not the period's count). */
static gboolean
count_window (Sim     *sim,
              BsnTime  from,
              BsnTime  to,
              guint64 *out,
              GError **error)
{
  BsnStmt *stmt = bsn_db_prepare (sim->db, "SELECT count(*) FROM receipts WHERE at >= ?1 AND at < ?2", error);
  BsnStep rc;

  if (stmt == NULL)
    return FALSE;
  bsn_stmt_bind_int64 (stmt, 1, from);
  bsn_stmt_bind_int64 (stmt, 2, to);
  rc = bsn_stmt_step (stmt);
  *out = rc == BSN_ROW ? (guint64) bsn_stmt_column_int64 (stmt, 0) : 0;
  return bsn_db_scan_ended (sim->db, stmt, rc, _("Membaca struk"), error);
}

static BsnSimResult *snapshot (Sim *sim);

/* Streams the receipts; a statement of their own, so the reads each
 * replay makes (plans, quotas, tables) do not reset it. */
static gboolean
replay_all (Sim     *sim,
            BsnTime  from,
            BsnTime  to,
            GError **error)
{
  BsnStmt *stmt;
  guint64 n = 0, total = 0;
  guint64 partial_every = sim->req->partial_every ? sim->req->partial_every : BSN_SIM_PARTIAL_EVERY;
  int rc;

  if (g_cancellable_set_error_if_cancelled (sim->req->cancellable, error)
      || (sim->req->progress != NULL && !count_window (sim, from, to, &total, error)))
    return FALSE;
  stmt = bsn_db_prepare_scan (sim->db,
                              sim->req->store_id ? RECEIPT_COLUMNS "AND store_id = ?3 ORDER BY id"
                                                 : RECEIPT_COLUMNS "ORDER BY id",
                              error);
  if (stmt == NULL)
    return FALSE;
  bsn_stmt_bind_int64 (stmt, 1, from);
  bsn_stmt_bind_int64 (stmt, 2, to);
  if (sim->req->store_id)
    bsn_stmt_bind_int64 (stmt, 3, sim->req->store_id);
  while ((rc = bsn_stmt_step (stmt)) == BSN_ROW)
    {
      Row row = { 0 };

      row.id = bsn_stmt_column_int64 (stmt, 0);
      row.store_id = row.r.store_id = bsn_stmt_column_int64 (stmt, 1);
      row.customer_id = row.r.customer_id = bsn_stmt_column_int64 (stmt, 2);
      row.r.at = bsn_stmt_column_int64 (stmt, 3);
      row.r.amount_rp = bsn_stmt_column_int64 (stmt, 4);
      row.r.perishable_rp = bsn_stmt_column_int64 (stmt, 5);
      row.r.digit = bsn_stmt_column_int (stmt, 6);
      row.status_rp = bsn_stmt_column_int64 (stmt, 7);
      row.recorded_rp = bsn_stmt_column_int64 (stmt, 8);
      if (!replay_row (sim, &row, error))
        {
          bsn_stmt_reset (stmt);
          return FALSE;
        }
      if (++n % partial_every == 0 && sim->req->partial != NULL)
        sim->req->partial (snapshot (sim), sim->req->partial_data);
      if (n % 4096 != 0)
        continue;
      if (g_cancellable_set_error_if_cancelled (sim->req->cancellable, error))
        {
          bsn_stmt_reset (stmt);
          return FALSE;
        }
      if (sim->req->progress != NULL)
        sim->req->progress (n, MAX (total, n), sim->req->progress_data);
    }
  bsn_stmt_reset (stmt);
  if (rc != BSN_DONE)
    {
      bsn_db_set_error (sim->db, error, _("Membaca struk"));
      return FALSE;
    }
  if (sim->req->progress != NULL)
    sim->req->progress (n, n, sim->req->progress_data);
  return TRUE;
}

/* ---- The expiry policy as a change ---- */

/* A lot of the draft replay: its store and the part of it the store's
 * reserve funded. */
typedef struct
{
  gint64 store_id;
  gint64 amount_rp;
} LotInfo;

typedef struct
{
  Sim        *sim;
  GHashTable *lots;     /* posting id → LotInfo */
  BsnStmt    *funded;   /* the part of a posting its store's reserve funded */
  GError     *error;    /* the first read of @funded that failed */
} DraftExpiry;

static void
add_expired (Sim     *sim,
             gint64   store_id,
             BsnTime  at,
             gint64   value_rp,
             gboolean draft)
{
  StoreEntry *e = g_hash_table_lookup (sim->stores, &store_id);
  gint64 day = bsn_time_day (at);

  if (e == NULL || value_rp == 0 || day < sim->req->from_day || day > sim->req->to_day)
    return;   /* a store out of scope, or outside the period */
  if (draft)
    e->out->expired_draft_rp += value_rp;
  else
    e->out->expired_rp += value_rp;
  if (sim->req->has_expiry)
    g_array_index (sim->days_out, BsnSimDay, day - sim->req->from_day).cost_draft_rp += draft ? -value_rp : value_rp;
}

static void
on_draft_closure (const BsnPointLot *lot,
                  gint64             amount_rp,
                  gpointer           data)
{
  DraftExpiry *d = data;
  const LotInfo *info = g_hash_table_lookup (d->lots, &lot->lot_id);
  gint64 day = bsn_time_day (lot->expires_at), funded = 0;
  BsnStep rc;

  if (info == NULL || info->amount_rp <= 0 || day < d->sim->req->from_day || day > d->sim->req->to_day
      || g_hash_table_lookup (d->sim->stores, &info->store_id) == NULL)
    return;
  /* Read for the lots that expire in the period only. */
  if (d->error != NULL)
    return;
  bsn_stmt_bind_int64 (d->funded, 1, lot->lot_id);
  bsn_stmt_bind_int64 (d->funded, 2, info->store_id);
  rc = bsn_stmt_step (d->funded);
  if (rc == BSN_ROW)
    funded = bsn_stmt_column_int64 (d->funded, 0);
  /* A failed read is not "funded by others": the run fails instead. */
  if (!bsn_db_scan_ended (d->sim->db, d->funded, rc, _("Menghitung poin hangus"), &d->error))
    return;
  add_expired (d->sim, info->store_id, lot->expires_at,
               (gint64) ((__int128) amount_rp * funded / info->amount_rp), TRUE);
}

/* The recorded expiry postings of the period: the store's reserve legs. */
static gboolean
recorded_expiries (Sim     *sim,
                   BsnTime  until,
                   GError **error)
{
  BsnStmt *stmt = bsn_db_prepare (sim->db,
                                  "SELECT a.store_id, p.at, l.amount_rp FROM postings p "
                                  "JOIN legs l ON l.posting_id = p.id JOIN accounts a ON a.id = l.account_id "
                                  "WHERE p.kind = 'expiry' AND a.kind = 'reserve' AND p.at >= ?1 AND p.at < ?2",
                                  error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  bsn_stmt_bind_int64 (stmt, 1, sim->req->from_day * BSN_SECONDS_PER_DAY);
  bsn_stmt_bind_int64 (stmt, 2, until);
  while ((rc = bsn_stmt_step (stmt)) == BSN_ROW)
    add_expired (sim, bsn_stmt_column_int64 (stmt, 0), bsn_stmt_column_int64 (stmt, 1),
                 bsn_stmt_column_int64 (stmt, 2), FALSE);
  bsn_stmt_reset (stmt);
  if (rc != BSN_DONE)
    {
      bsn_db_set_error (sim->db, error, _("Menghitung poin hangus"));
      return FALSE;
    }
  return TRUE;
}

static gint
by_time (gconstpointer a,
         gconstpointer b)
{
  const BsnPointEvent *x = a, *y = b;

  if (x->at != y->at)
    return x->at < y->at ? -1 : 1;
  return x->lot_id < y->lot_id ? -1 : x->lot_id > y->lot_id;
}

static void
replay_customer (DraftExpiry *d,
                 GArray      *events,
                 BsnTime      until)
{
  /* Read in posting order (the legs' index); replayed in time order. */
  g_array_sort (events, by_time);
  if (events->len > 0)
    bsn_expiry_rules_closures ((const BsnPointEvent *) events->data, events->len, until, on_draft_closure, d);
  g_array_set_size (events, 0);
  g_hash_table_remove_all (d->lots);
}

/* Every customer's point history up to @until (exclusive) replayed with
 * the draft policy, the recorded expiries left out. */
static gboolean
draft_expiries (Sim     *sim,
                BsnTime  until,
                GError **error)
{
  BsnStmt *stmt = bsn_db_prepare_scan (sim->db,
                                       "SELECT l.account_id, p.id, p.kind, p.at, l.amount_rp, coalesce(p.reverses_id, 0), "
                                       "  coalesce(p.store_id, 0) "
                                       "FROM legs l JOIN accounts a ON a.id = l.account_id "
                                       "JOIN postings p ON p.id = l.posting_id "
                                       "WHERE a.kind = 'customer' AND l.amount_rp <> 0 AND p.kind <> 'expiry' AND p.at < ?1 "
                                       "ORDER BY l.account_id, l.posting_id",
                                       error);
  g_autoptr(GArray) events = g_array_new (FALSE, FALSE, sizeof (BsnPointEvent));
  DraftExpiry d = { sim, g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free), NULL, NULL };
  gint64 account = 0;
  guint64 rows = 0;
  int rc;

  if (stmt == NULL
      || (d.funded = bsn_db_prepare (sim->db,
                                     "SELECT -sum(r.amount_rp) FROM legs r JOIN accounts ra ON ra.id = r.account_id "
                                     "WHERE r.posting_id = ?1 AND ra.kind = 'reserve' AND ra.store_id = ?2 "
                                     "AND r.amount_rp < 0",
                                     error)) == NULL)
    {
      if (stmt != NULL)
        bsn_stmt_reset (stmt);
      g_hash_table_unref (d.lots);
      return FALSE;
    }
  bsn_stmt_bind_int64 (stmt, 1, until);
  while ((rc = bsn_stmt_step (stmt)) == BSN_ROW)
    {
      gint64 id = bsn_stmt_column_int64 (stmt, 1), amount = bsn_stmt_column_int64 (stmt, 4);
      const char *kind = bsn_stmt_column_text (stmt, 2);
      BsnPointEvent e = { BSN_POINT_SPEND, bsn_stmt_column_int64 (stmt, 3), ABS (amount), id, 0 };

      if (bsn_stmt_column_int64 (stmt, 0) != account)
        {
          replay_customer (&d, events, until - 1);
          account = bsn_stmt_column_int64 (stmt, 0);
        }
      if (amount > 0)
        {
          e.kind = BSN_POINT_EARN;
          if (sim->req->expiry_months > 0 && (g_strcmp0 (kind, "award") == 0 || g_strcmp0 (kind, "bonus") == 0))
            {
              LotInfo *info = g_new (LotInfo, 1);

              e.expires_at = bsn_expiry_add_months (e.at, sim->req->expiry_months);
              info->store_id = bsn_stmt_column_int64 (stmt, 6);
              info->amount_rp = amount;
              g_hash_table_insert (d.lots, g_memdup2 (&id, sizeof id), info);
            }
        }
      else if (bsn_stmt_column_int64 (stmt, 5) != 0)
        {
          e.kind = BSN_POINT_REVERSE;
          e.lot_id = bsn_stmt_column_int64 (stmt, 5);
        }
      g_array_append_val (events, e);
      if (++rows % 65536 == 0 && g_cancellable_is_cancelled (sim->req->cancellable))
        break;
    }
  replay_customer (&d, events, until - 1);
  bsn_stmt_reset (stmt);
  g_hash_table_unref (d.lots);
  if (d.error != NULL)
    {
      g_propagate_error (error, d.error);
      return FALSE;
    }
  if (g_cancellable_set_error_if_cancelled (sim->req->cancellable, error))
    return FALSE;
  if (rc != BSN_DONE && rc != BSN_ROW)
    {
      bsn_db_set_error (sim->db, error, _("Menghitung poin hangus"));
      return FALSE;
    }
  return TRUE;
}

/* The expiry change (has_expiry): the expired points of the period, as
 * recorded and under the draft, and the draft cost net of them. */
static gboolean
apply_expiry (Sim     *sim,
              GError **error)
{
  BsnTime until = (sim->req->to_day + 1) * BSN_SECONDS_PER_DAY;
  GHashTableIter iter;
  StoreEntry *e;

  if (!recorded_expiries (sim, until, error))
    return FALSE;
  if (sim->req->has_expiry)
    {
      if (!draft_expiries (sim, until, error))
        return FALSE;
    }
  else
    {
      /* No change: the draft keeps what was recorded. */
      g_hash_table_iter_init (&iter, sim->stores);
      while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &e))
        e->out->expired_draft_rp = e->out->expired_rp;
      return TRUE;
    }
  g_hash_table_iter_init (&iter, sim->stores);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &e))
    e->out->cost_draft_rp += e->out->expired_rp - e->out->expired_draft_rp;
  return TRUE;
}

static void
finish (BsnSimStore *s)
{
  if (s->sales_rp > 0)
    {
      s->cost_pct_bp = (gint64) ((__int128) s->cost_rp * BSN_BP_100_PERCENT / s->sales_rp);
      s->cost_draft_pct_bp = (gint64) ((__int128) s->cost_draft_rp * BSN_BP_100_PERCENT / s->sales_rp);
    }
  s->safe = (gint64) s->margin_bp - s->cost_draft_pct_bp >= s->margin_min_bp;
}

static gint
by_code (gconstpointer a,
         gconstpointer b)
{
  const BsnSimStore *x = *(BsnSimStore *const *) a, *y = *(BsnSimStore *const *) b;

  return g_strcmp0 (x->store, y->store);
}

/* Every store in scope gets a row, even without receipts. */
static gboolean
add_scope (Sim     *sim,
           GError **error)
{
  g_autoptr(GPtrArray) list = NULL;

  if (sim->req->store_id != 0)
    return sim_store (sim, sim->req->store_id, error) != NULL;
  if ((list = bsn_store_list (sim->db, error)) == NULL)
    return FALSE;
  for (guint i = 0; i < list->len; i++)
    if (sim_store (sim, ((BsnStore *) g_ptr_array_index (list, i))->id, error) == NULL)
      return FALSE;
  return TRUE;
}

static BsnSimStore *
sim_store_copy (const BsnSimStore *s)
{
  BsnSimStore *copy = g_memdup2 (s, sizeof *s);

  copy->store = g_strdup (s->store);
  return copy;
}

/* The stores that have receipts so far, each finished on what it has. */
static BsnSimResult *
snapshot (Sim *sim)
{
  BsnSimResult *result = g_new0 (BsnSimResult, 1);
  GHashTableIter iter;
  StoreEntry *e;

  result->stores = g_ptr_array_new_with_free_func (sim_store_free);
  result->days = g_array_new (FALSE, TRUE, sizeof (BsnSimDay));
  result->total.margin_min_bp = BSN_MARGIN_MIN_AMAN_BP;
  g_hash_table_iter_init (&iter, sim->stores);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &e))
    if (e->out->receipts > 0)
      {
        BsnSimStore *s = sim_store_copy (e->out);

        finish (s);
        g_ptr_array_add (result->stores, s);
      }
  g_ptr_array_sort (result->stores, by_code);
  return result;
}

static BsnSimResult *
collect (Sim *sim)
{
  BsnSimResult *result = g_new0 (BsnSimResult, 1);
  GHashTableIter iter;
  StoreEntry *e;

  result->stores = g_ptr_array_new_with_free_func (sim_store_free);
  result->total.margin_min_bp = BSN_MARGIN_MIN_AMAN_BP;
  result->total.safe = TRUE;
  g_hash_table_iter_init (&iter, sim->stores);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &e))
    {
      finish (e->out);
      result->total.sales_rp += e->out->sales_rp;
      result->total.cost_rp += e->out->cost_rp;
      result->total.cost_draft_rp += e->out->cost_draft_rp;
      result->total.expired_rp += e->out->expired_rp;
      result->total.expired_draft_rp += e->out->expired_draft_rp;
      result->total.receipts += e->out->receipts;
      result->total.safe = result->total.safe && e->out->safe;
      g_ptr_array_add (result->stores, g_steal_pointer (&e->out));
    }
  g_ptr_array_sort (result->stores, by_code);
  result->days = g_steal_pointer (&sim->days_out);
  if (result->total.sales_rp > 0)
    {
      result->total.cost_pct_bp = (gint64) ((__int128) result->total.cost_rp * BSN_BP_100_PERCENT
                                            / result->total.sales_rp);
      result->total.cost_draft_pct_bp = (gint64) ((__int128) result->total.cost_draft_rp * BSN_BP_100_PERCENT
                                                  / result->total.sales_rp);
    }
  return result;
}

BsnSimResult *
bsn_simulate (BsnDb               *db,
              const BsnSimRequest *req,
              GError             **error)
{
  Sim sim = { .db = db, .req = req };
  BsnTime from = req->from_day * BSN_SECONDS_PER_DAY;
  /* A store-day may run past midnight (at most 24 hours from its opening). */
  BsnTime to = (req->to_day + 2) * BSN_SECONDS_PER_DAY;
  BsnSimResult *result = NULL;

  if (req->to_day < req->from_day)
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID, _("--to tidak boleh sebelum --from"));
      return NULL;
    }
  sim.stores = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, store_entry_free);
  sim.days = g_hash_table_new_full (day_key_hash, day_key_equal, NULL, g_free);
  sim.granted = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  sim.first_receipt_rp = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  sim.days_out = g_array_sized_new (FALSE, TRUE, sizeof (BsnSimDay), (guint) (req->to_day - req->from_day + 1));
  for (gint64 day = req->from_day; day <= req->to_day; day++)
    {
      BsnSimDay d = { .day = day };

      g_array_append_val (sim.days_out, d);
    }
  for (guint i = 0; i < N_RUNS; i++)
    run_init (&sim.runs[i]);

  if (!bsn_db_begin_read (db, NULL, error))
    goto out;
  if (bsn_auth_require (db, BSN_PERM_REPORTS, error) && (sim.rules = bsn_bonus_active_rules (db, error)) != NULL
      && add_scope (&sim, error) && read_granted (&sim, from, to, error) && replay_all (&sim, from, to, error)
      && apply_expiry (&sim, error))
    result = collect (&sim);
  bsn_db_rollback (db);

out:
  sim_clear (&sim);
  return result;
}
