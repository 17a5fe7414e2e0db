/* bsn-award.c — receipt → reward (see bsn-award.h). */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "bsn-award.h"
#include "bsn-bonus.h"
#include "bsn-audit.h"
#include "bsn-auth.h"
#include "bsn-error.h"
#include "bsn-ledger.h"
#include "bsn-money.h"
#include "bsn-quota.h"
#include "bsn-reserve.h"
#include "bsn-store.h"

/* What an award reads of its store; read once per cache, i.e. once per
 * write transaction, where nobody else can change it. Only the award's
 * own reserve check changes the reserve part, and it rereads it then. */
typedef struct
{
  BsnStore        *store;
  gint64           reserve_account;
  gboolean         reserve_known;  /* reserve below is read */
  BsnReserveStatus reserve;        /* its balance_rp is not kept: read afresh */
} StoreEntry;

/* A store's plan for a day (slot -1), or the quota of one of its slots
 * that day: in the cache, its own key. */
typedef struct
{
  gint64      store_id;
  gint64      day;
  gint        slot;
  BsnDayPlan  plan;
  gint64      quota_rp;
} DayEntry;

static guint
day_entry_hash (gconstpointer p)
{
  const DayEntry *e = p;

  return (guint) (e->store_id * 1000003 + e->day * 31 + e->slot);
}

static gboolean
day_entry_equal (gconstpointer a,
                 gconstpointer b)
{
  const DayEntry *x = a, *y = b;

  return x->store_id == y->store_id && x->day == y->day && x->slot == y->slot;
}

struct _BsnAwardCache
{
  GHashTable   *stores;        /* id → StoreEntry */
  GHashTable   *days;          /* set of DayEntry: day plans and slot quotas */
  GHashTable   *accounts;      /* customer id → account id */
  GPtrArray    *bonus_rules;   /* the active rules, NULL until read */
  gboolean      authorized;    /* the permission check passed */
  BsnTierTable *tables[3];     /* the last table used per family … */
  BsnTime       until[3];      /* … and when the next version starts (0 = never) */
  /* "store id:receipt" of receipts bsn_award_cache_prefetch() found not
   * stored yet (PostgreSQL only), each taken out when looked up. */
  GHashTable   *absent;
};

static void
store_entry_free (gpointer data)
{
  StoreEntry *e = data;

  bsn_store_free (e->store);
  bsn_reserve_status_clear (&e->reserve);
  g_free (e);
}

BsnAwardCache *
bsn_award_cache_new (void)
{
  BsnAwardCache *cache = g_new0 (BsnAwardCache, 1);

  cache->stores = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, store_entry_free);
  cache->accounts = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  cache->days = g_hash_table_new_full (day_entry_hash, day_entry_equal, g_free, NULL);
  return cache;
}

void
bsn_award_cache_free (BsnAwardCache *cache)
{
  if (cache == NULL)
    return;
  g_hash_table_destroy (cache->stores);
  g_hash_table_destroy (cache->accounts);
  g_hash_table_destroy (cache->days);
  g_clear_pointer (&cache->bonus_rules, g_ptr_array_unref);
  g_clear_pointer (&cache->absent, g_hash_table_destroy);
  for (guint i = 0; i < G_N_ELEMENTS (cache->tables); i++)
    bsn_tier_table_free (cache->tables[i]);
  g_free (cache);
}

/* The store with its reserve account; the store row (and so its active
 * flag) is read afresh for each new cache. */
static StoreEntry *
cached_store (BsnDb         *db,
              BsnAwardCache *cache,
              gint64         id,
              GError       **error)
{
  StoreEntry *e = g_hash_table_lookup (cache->stores, &id);
  g_autoptr(BsnStore) store = NULL;
  gint64 reserve;

  if (e != NULL)
    return e;
  store = bsn_store_get (db, id, error);
  if (store == NULL)
    return NULL;
  reserve = bsn_ledger_reserve_account (db, id, error);
  if (reserve == 0)
    return NULL;
  e = g_new0 (StoreEntry, 1);
  e->store = g_steal_pointer (&store);
  e->reserve_account = reserve;
  g_hash_table_insert (cache->stores, g_memdup2 (&id, sizeof id), e);
  return e;
}

static gint64
cached_customer_account (BsnDb         *db,
                         BsnAwardCache *cache,
                         gint64         customer_id,
                         GError       **error)
{
  gint64 *account = g_hash_table_lookup (cache->accounts, &customer_id);
  gint64 id;

  if (account != NULL)
    return *account;
  id = bsn_ledger_customer_account (db, customer_id, error);
  if (id != 0)
    g_hash_table_insert (cache->accounts, g_memdup2 (&customer_id, sizeof customer_id), g_memdup2 (&id, sizeof id));
  return id;
}

static const BsnTierTable *
cached_table (BsnDb         *db,
              BsnAwardCache *cache,
              BsnScheme      scheme,
              BsnTime        at,
              GError       **error)
{
  BsnTierTable *t = cache->tables[scheme];
  BsnStmt *stmt;
  BsnStep rc;

  if (t != NULL && at >= t->version.effective_from && (cache->until[scheme] == 0 || at < cache->until[scheme]))
    return t;
  g_clear_pointer (&cache->tables[scheme], bsn_tier_table_free);
  t = bsn_tiers_table_at (db, scheme, at, error);
  if (t == NULL)
    return NULL;
  stmt = bsn_db_prepare (db, "SELECT min(effective_from) FROM tier_versions WHERE scheme = ?1 AND effective_from > ?2",
                         error);
  if (stmt == NULL)
    {
      bsn_tier_table_free (t);
      return NULL;
    }
  bsn_stmt_bind_text (stmt, 1, bsn_scheme_to_string (scheme));
  bsn_stmt_bind_int64 (stmt, 2, t->version.effective_from);
  rc = bsn_stmt_step (stmt);
  cache->until[scheme] = rc == BSN_ROW ? bsn_stmt_column_int64 (stmt, 0) : 0;
  /* 0 is "no later version": the table would serve every later receipt. */
  if (!bsn_db_scan_ended (db, stmt, rc, _("Membaca tabel tingkat"), error))
    {
      bsn_tier_table_free (t);
      return NULL;
    }
  cache->tables[scheme] = t;
  return t;
}

void
bsn_award_free (BsnAward *award)
{
  if (award == NULL)
    return;
  g_free (award->receipt);
  g_free (award->store_code);
  g_free (award->customer_code);
  g_free (award->explanation);
  g_free (award->digit_source);
  g_clear_pointer (&award->bonuses, g_ptr_array_unref);
  g_free (award);
}

/* The cached entry with @probe's key, or NULL. */
static const DayEntry *
find_day (BsnAwardCache  *cache,
          const DayEntry *probe)
{
  return g_hash_table_lookup (cache->days, probe);
}

/* Keeps a copy of @entry in @cache (every award has one: the caller's or
 * bsn_award_receipt()'s own); returns what to read. */
static const DayEntry *
keep_day (BsnAwardCache  *cache,
          const DayEntry *entry)
{
  DayEntry *copy = g_memdup2 (entry, sizeof *entry);

  g_hash_table_add (cache->days, copy);
  return copy;
}

/* The day's plan of @store, read once per batch (nobody else can change it
 * inside the batch's transaction). */
static gboolean
cached_day_plan (BsnDb          *db,
                 BsnAwardCache  *cache,
                 const BsnStore *store,
                 gint64          day,
                 BsnDayPlan     *out,
                 GError        **error)
{
  DayEntry probe = { .store_id = store->id, .day = day, .slot = -1 };
  const DayEntry *e = find_day (cache, &probe);

  if (e == NULL)
    {
      if (!bsn_day_plan_get (db, store, day, &probe.plan, error))
        return FALSE;
      e = keep_day (cache, &probe);
    }
  *out = e->plan;
  return TRUE;
}

/* The minimum purchase of slot @slot of store-day @day, read once per
 * store-day and batch: every slot's at once (a round trip each on
 * PostgreSQL: 3 500 of them in a 100k import, one per slot). */
static gboolean
cached_min_purchase (BsnDb          *db,
                     BsnAwardCache  *cache,
                     const BsnStore *store,
                     gint64          day,
                     gint            slot,
                     gint64         *out_rp,
                     GError        **error)
{
  DayEntry probe = { .store_id = store->id, .day = day, .slot = slot };
  const DayEntry *e = find_day (cache, &probe);

  /* @slot is a place's: 0 … BSN_LELANG_SLOTS (= BSN_QUOTA_MAX_SLOT). */
  if (e == NULL)
    {
      gint64 slots[BSN_QUOTA_MAX_SLOT + 1];

      if (!bsn_quota_day_min_purchases (db, store, day, slots, error))
        return FALSE;
      for (gint i = 0; i <= BSN_QUOTA_MAX_SLOT; i++)
        {
          DayEntry each = { .store_id = store->id, .day = day, .slot = i, .quota_rp = slots[i] };

          if (find_day (cache, &each) == NULL)
            keep_day (cache, &each);
        }
      e = find_day (cache, &probe);
    }
  *out_rp = e->quota_rp;
  return TRUE;
}

/* The store as it opens on calendar day @day, from its cached plan. */
static gboolean
cached_store_day (BsnDb          *db,
                  BsnAwardCache  *cache,
                  const BsnStore *store,
                  gint64          day,
                  BsnDayPlan     *out_plan,
                  BsnStoreDay    *out,
                  GError        **error)
{
  if (!cached_day_plan (db, cache, store, day, out_plan, error))
    return FALSE;
  *out = bsn_store_day_from_plan (store, out_plan);
  return TRUE;
}

/* How many receipts of [start, end) got a lelang rate above @first_bp:
 * what the slot cap (DOMAIN.md §5) counts. Read inside the award's write
 * transaction, so concurrent cashiers cannot both be the N-th. */
static gboolean
count_slot_above (BsnDb    *db,
                  gint64    store_id,
                  BsnTime   start,
                  BsnTime   end,
                  gint32    first_bp,
                  gint64   *out,
                  GError  **error)
{
  BsnStmt *stmt = bsn_db_prepare (db,
                                  "SELECT count(*) FROM receipts r JOIN receipt_parts p ON p.receipt_id = r.id "
                                  "WHERE r.store_id = ?1 AND r.at >= ?2 AND r.at < ?3 AND p.scheme = 'lelang' "
                                  "AND p.rate_bp > ?4",
                                  error);
  BsnStep rc;

  if (stmt == NULL)
    return FALSE;
  bsn_stmt_bind_int64 (stmt, 1, store_id);
  bsn_stmt_bind_int64 (stmt, 2, start);
  bsn_stmt_bind_int64 (stmt, 3, end);
  bsn_stmt_bind_int (stmt, 4, first_bp);
  rc = bsn_stmt_step (stmt);
  *out = rc == BSN_ROW ? bsn_stmt_column_int64 (stmt, 0) : 0;
  return bsn_db_scan_ended (db, stmt, rc, _("Membaca struk"), error);
}

/* The reward value a store gave so far in [@start, @end), its store-day
 * (bsn_store_day_first_second): what the daily budget (DOMAIN.md §5)
 * counts. */
static gboolean
sum_budget_used (BsnDb    *db,
                 gint64    store_id,
                 BsnTime   start,
                 BsnTime   end,
                 gint64   *out,
                 GError  **error)
{
  BsnStmt *stmt = bsn_db_prepare (db,
                                  "SELECT coalesce(sum(value_rp), 0) FROM receipts "
                                  "WHERE store_id = ?1 AND at >= ?2 AND at < ?3",
                                  error);
  BsnStep rc;

  if (stmt == NULL)
    return FALSE;
  bsn_stmt_bind_int64 (stmt, 1, store_id);
  bsn_stmt_bind_int64 (stmt, 2, start);
  bsn_stmt_bind_int64 (stmt, 3, end);
  rc = bsn_stmt_step (stmt);
  *out = rc == BSN_ROW ? bsn_stmt_column_int64 (stmt, 0) : 0;
  /* An unread budget is not an unused one. */
  return bsn_db_scan_ended (db, stmt, rc, _("Membaca struk"), error);
}

/* Gathers what the award rules read (rules/bsn-award-rules.h), each only
 * when this receipt needs it, asks them, and copies the decision into @a.
 * Writes nothing. The receipt's store-day and slot come from the one rule
 * that places it (bsn_store_day_place, DOMAIN.md §4.2); the day plan,
 * the quota (day, slot), the slot cap and the daily budget are those of
 * that store-day, which may have opened the calendar day before. */
static gboolean
decide (BsnDb            *db,
        BsnAwardCache    *cache,
        const BsnStore   *store,
        const BsnReceipt *r,
        BsnAward         *a,
        GError          **error)
{
  gint64 day = bsn_time_day (r->at);
  BsnStoreDay prev, same, today;
  BsnDayPlan prev_plan, same_plan, plan;
  BsnStoreDayPlace place;
  BsnAwardSplit split;
  BsnAwardDecision d;
  BsnAwardInput in = {
    .receipt = r,
    .store = &today,
    .status_rp = a->status_before_rp,
  };

  if (!cached_store_day (db, cache, store, day - 1, &prev_plan, &prev, error)
      || !cached_store_day (db, cache, store, day, &same_plan, &same, error))
    return FALSE;
  place = bsn_store_day_place (&prev, &same, r->at);
  plan = place.day == day ? same_plan : prev_plan;
  today = place.day == day ? same : prev;
  if (place.day == day)
    today.day_before = &prev;
  if (!cached_min_purchase (db, cache, store, place.day, place.slot, &in.quota_rp, error))
    return FALSE;
  if (!bsn_award_rules_split (r, &today, in.quota_rp, &split, error))
    return FALSE;
  for (guint s = 0; s < G_N_ELEMENTS (split.needs); s++)
    if (split.needs[s] && (in.tables[s] = cached_table (db, cache, (BsnScheme) s, r->at, error)) == NULL)
      return FALSE;

  in.slot_recipients = plan.slot_recipients;
  if (split.needs[BSN_SCHEME_LELANG])
    {
      BsnTime start, end;
      gint32 first;

      if (bsn_award_rules_slot_cap_window (&today, in.tables[BSN_SCHEME_LELANG], r->at, split.slot,
                                           plan.slot_recipients, &start, &end, &first)
          && !count_slot_above (db, store->id, start, end, first, &in.slot_above, error))
        return FALSE;
    }
  in.daily_budget_rp = plan.daily_budget_rp;
  if (plan.daily_budget_rp >= 0)
    {
      BsnStoreDay before, after;
      BsnDayPlan unused;
      BsnTime start, end;

      /* The neighbouring store-days decide where this one starts and ends. */
      if (!cached_store_day (db, cache, store, place.day - 1, &unused, &before, error)
          || !cached_store_day (db, cache, store, place.day + 1, &unused, &after, error))
        return FALSE;
      start = bsn_store_day_first_second (&before, &today, place.day);
      end = bsn_store_day_first_second (&today, &after, place.day + 1);
      if (!sum_budget_used (db, store->id, start, end, &in.budget_used_rp, error))
        return FALSE;
    }

  if (!bsn_award_rules_decide (&in, &d, error))
    return FALSE;
  a->quota_rp = in.quota_rp;
  a->quota_met = d.quota_met;
  a->slot = d.slot;
  a->digit = d.digit;
  a->capped = d.capped;
  a->n_parts = d.n_parts;
  memcpy (a->parts, d.parts, sizeof d.parts);
  return TRUE;
}

static void
summarize (BsnAward       *a,
           const BsnStore *store)
{
  GString *s = g_string_new (NULL);
  const BsnAwardPart *main = NULL;

  a->value_rp = 0;
  for (guint i = 0; i < a->n_parts; i++)
    {
      a->value_rp += a->parts[i].value_rp;
      if (main == NULL || a->parts[i].base_rp > main->base_rp)
        main = &a->parts[i];
    }
  a->scheme = main ? bsn_scheme_to_string (main->scheme) : "none";
  a->rate_bp = main ? main->rate_bp : 0;
  a->tier_version = main ? main->tier_version : 0;

  if (a->quota_met)
    g_string_append (s, _("Kuota terpenuhi"));
  else
    {
      g_autofree char *amount = bsn_money_format (a->amount_rp);
      g_autofree char *quota = bsn_money_format (a->quota_rp);
      g_string_append_printf (s, _("Kuota belum terpenuhi (%s dari %s)"), amount, quota);
    }
  if (a->n_parts == 0)
    g_string_append_printf (s, " · %s", _("di luar jam buka, tidak ada poin lelang waktu"));
  for (guint i = 0; i < a->n_parts; i++)
    {
      const BsnAwardPart *p = &a->parts[i];
      g_autofree char *rate = bsn_bp_format (p->rate_bp);
      g_autofree char *value = bsn_money_format (p->value_rp);
      g_autofree char *base = bsn_money_format (p->base_rp);
      const char *level = p->scheme == BSN_SCHEME_STOPWATCH ? bsn_level_name_stopwatch (store->band, store->tier)
                                                            : bsn_level_name_lelang (store->tier);

      if (a->n_parts > 1)
        g_string_append_printf (s, " · %s", base);
      if (p->scheme == BSN_SCHEME_STOPWATCH)
        g_string_append_printf (s, _(" · %s · angka %d → %s = %s"), level, p->key, rate, value);
      else if (p->scheme == BSN_SCHEME_LELANG)
        g_string_append_printf (s, _(" · %s · slot %s → %s = %s"), level, bsn_slot_to_roman (p->key), rate, value);
      else
        {
          g_autofree char *status = bsn_points_format (a->status_before_rp);
          g_string_append_printf (s, _(" · voucher siaga, poin status %s → %s = %s"), status, rate, value);
        }
    }
  if (a->capped)
    g_string_append (s, _(" · dibatasi batas harian toko"));
  g_free (a->explanation);
  a->explanation = g_string_free (s, FALSE);
}

/* Where the lucky digit came from (issue 17 §6): the stopwatch that ran
 * out, or typed by hand; said in the award and in its posting's memo. */
static void
note_digit_source (BsnAward         *a,
                   const BsnReceipt *r)
{
  gboolean stopwatch = g_strcmp0 (r->digit_source, "stopwatch") == 0;
  char *explanation;

  if (r->digit < 0 || r->digit_source == NULL)
    return;
  a->digit_source = g_strdup (stopwatch ? "stopwatch" : "manual");
  explanation = g_strconcat (a->explanation ? a->explanation : "",
                             stopwatch ? _(" · angka dari stopwatch") : _(" · angka diketik manual"), NULL);
  g_free (a->explanation);
  a->explanation = explanation;
}

static gboolean
post_award (BsnDb            *db,
            const StoreEntry *entry,
            gint64            customer_id,
            gint64            customer_account,
            BsnAward         *a,
            GError          **error)
{
  g_autofree char *key = bsn_award_receipt_key (entry->store->id, a->receipt);
  const BsnStore *store = entry->store;
  gint64 reserve = entry->reserve_account;
  BsnPostingSpec spec = { 0 };
  BsnLeg legs[2];

  if (a->value_rp == 0)
    return TRUE;
  spec.idem_key = key;
  spec.kind = "award";
  spec.at = a->at;
  spec.store_id = store->id;
  spec.customer_id = customer_id;
  spec.amount_rp = a->value_rp;
  spec.memo = a->explanation;
  /* bsn_award_receipt found no receipt with this number, under the lock. */
  spec.key_is_new = TRUE;
  legs[0] = (BsnLeg) { customer_account, a->value_rp, a->value_rp };
  legs[1] = (BsnLeg) { reserve, -a->value_rp, 0 };
  return bsn_ledger_post (db, &spec, legs, 2, &a->posting_id, NULL, error);
}

/* The customer's first receipt ever (the report's "new customers"): a
 * lookup in the small customers table, written only when this receipt is
 * earlier than any before it (an import need not be in time order). */
static gboolean
note_first_receipt (BsnDb            *db,
                    const BsnReceipt *r,
                    GError          **error)
{
  /* A PostgreSQL batch keeps, per customer, the earliest time it wrote:
   * the customer's first receipt is no later than that, so a receipt at
   * or after it would change nothing and costs no statement. */
  GHashTable *sent = bsn_db_batch_cache (db, "award.first_receipt");
  gint64 *bound = sent != NULL ? g_hash_table_lookup (sent, &r->customer_id) : NULL;
  BsnStmt *stmt;

  if (bound != NULL && *bound <= r->at)
    return TRUE;
  stmt = bsn_db_prepare (db,
                         "UPDATE customers SET first_receipt_at = ?2 "
                         "WHERE id = ?1 AND (first_receipt_at IS NULL OR first_receipt_at > ?2)",
                         error);
  if (stmt == NULL)
    return FALSE;
  bsn_stmt_bind_int64 (stmt, 1, r->customer_id);
  bsn_stmt_bind_int64 (stmt, 2, r->at);
  if (!bsn_db_step_done (db, stmt, _("Mencatat struk"), error))
    return FALSE;
  if (sent != NULL)
    g_hash_table_insert (sent, g_memdup2 (&r->customer_id, sizeof r->customer_id),
                         g_memdup2 (&r->at, sizeof r->at));
  return TRUE;
}

/* Whether the customer has no receipt yet, and who referred them. */
static gboolean
first_receipt_of (BsnDb    *db,
                  gint64    customer_id,
                  gboolean *out_first,
                  gint64   *out_referrer,
                  GError  **error)
{
  BsnStmt *stmt = bsn_db_prepare (db, "SELECT first_receipt_at IS NULL, coalesce(referred_by, 0) FROM customers "
                                      "WHERE id = ?1", error);
  BsnStep rc;

  if (stmt == NULL)
    return FALSE;
  bsn_stmt_bind_int64 (stmt, 1, customer_id);
  if ((rc = bsn_stmt_step (stmt)) == BSN_ROW)
    {
      *out_first = bsn_stmt_column_int (stmt, 0) != 0;
      *out_referrer = bsn_stmt_column_int64 (stmt, 1);
    }
  return bsn_db_scan_ended (db, stmt, rc, _("Membaca pelanggan"), error);
}

static gint64
insert_receipt (BsnDb            *db,
                const BsnReceipt *r,
                const BsnAward   *a,
                GError          **error)
{
  BsnStmt *stmt = bsn_db_prepare (db,
                                       "INSERT INTO receipts (receipt, store_id, customer_id, at, amount_rp, "
                                       "perishable_rp, digit, quota_rp, quota_met, status_before_rp, scheme, rate_bp, "
                                       "value_rp, capped, tier_version_id, posting_id, digit_source) "
                                       "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
                                       error);
  gint64 id;

  if (stmt == NULL)
    return 0;
  bsn_stmt_bind_text (stmt, 1, a->receipt);
  bsn_stmt_bind_int64 (stmt, 2, r->store_id);
  bsn_stmt_bind_int64 (stmt, 3, r->customer_id);
  bsn_stmt_bind_int64 (stmt, 4, r->at);
  bsn_stmt_bind_int64 (stmt, 5, r->amount_rp);
  bsn_stmt_bind_int64 (stmt, 6, MAX (r->perishable_rp, 0));
  if (r->digit >= 0)
    bsn_stmt_bind_int (stmt, 7, r->digit);
  if (a->digit_source != NULL)
    bsn_stmt_bind_text (stmt, 17, a->digit_source);
  bsn_stmt_bind_int64 (stmt, 8, a->quota_rp);
  bsn_stmt_bind_int (stmt, 9, a->quota_met);
  bsn_stmt_bind_int64 (stmt, 10, a->status_before_rp);
  bsn_stmt_bind_text (stmt, 11, a->scheme);
  bsn_stmt_bind_int (stmt, 12, a->rate_bp);
  bsn_stmt_bind_int64 (stmt, 13, a->value_rp);
  bsn_stmt_bind_int (stmt, 14, a->capped);
  if (a->tier_version)
    bsn_stmt_bind_int64 (stmt, 15, a->tier_version);
  if (a->posting_id)
    bsn_stmt_bind_int64 (stmt, 16, a->posting_id);
  if (!bsn_db_step_done (db, stmt, _("Mencatat struk"), error))
    return 0;
  id = bsn_db_last_insert_id (db);

  stmt = bsn_db_prepare (db,
                         "INSERT INTO receipt_parts (receipt_id, scheme, base_rp, key, rate_bp, value_rp, "
                         "tier_version_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                         error);
  if (stmt == NULL)
    return 0;
  for (guint i = 0; i < a->n_parts; i++)
    {
      const BsnAwardPart *p = &a->parts[i];
      bsn_stmt_reset (stmt);
      bsn_stmt_bind_int64 (stmt, 1, id);
      bsn_stmt_bind_text (stmt, 2, bsn_scheme_to_string (p->scheme));
      bsn_stmt_bind_int64 (stmt, 3, p->base_rp);
      bsn_stmt_bind_int (stmt, 4, p->key);
      bsn_stmt_bind_int (stmt, 5, p->rate_bp);
      bsn_stmt_bind_int64 (stmt, 6, p->value_rp);
      bsn_stmt_bind_int64 (stmt, 7, p->tier_version);
      if (!bsn_db_step_done (db, stmt, _("Mencatat struk"), error))
        return 0;
    }
  return id;
}

char *
bsn_award_receipt_key (gint64      store_id,
                       const char *receipt)
{
  return g_strdup_printf ("receipt@%" G_GINT64_FORMAT ":%s", store_id, receipt);
}

static char *
absent_key (gint64      store_id,
            const char *receipt)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT ":%s", store_id, receipt);
}

/* @text as an element of a PostgreSQL array literal: quoted, with '"'
 * and '\\' escaped. */
static void
append_array_element (GString    *array,
                      const char *text)
{
  g_string_append_c (array, array->len > 0 ? ',' : '{');
  g_string_append_c (array, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_c (array, '\\');
      g_string_append_c (array, *p);
    }
  g_string_append_c (array, '"');
}

/* The first receipt each of @rows' customers has stored, kept as the
 * bound note_first_receipt() compares with: a receipt at or after it
 * changes nothing and sends no UPDATE (20 000 of them, one per customer
 * and batch, in a 100k import before). PostgreSQL batches only. */
static gboolean
seed_first_receipts (BsnDb        *db,
                     const gint64 *customer_ids,
                     guint         n,
                     GError      **error)
{
  GHashTable *bounds = bsn_db_batch_cache (db, "award.first_receipt");
  g_autofree char *ids = NULL;
  BsnStmt *stmt;
  BsnStep rc;

  if (bounds == NULL || (ids = bsn_db_id_array (customer_ids, n, bounds)) == NULL)
    return TRUE;
  stmt = bsn_db_prepare (db,
                         "SELECT id, first_receipt_at FROM customers "
                         "WHERE id = ANY (?1::bigint[]) AND first_receipt_at IS NOT NULL",
                         error);
  if (stmt == NULL)
    return FALSE;
  bsn_stmt_bind_text (stmt, 1, ids);
  while ((rc = bsn_stmt_step (stmt)) == BSN_ROW)
    {
      gint64 id = bsn_stmt_column_int64 (stmt, 0), at = bsn_stmt_column_int64 (stmt, 1);

      g_hash_table_insert (bounds, g_memdup2 (&id, sizeof id), g_memdup2 (&at, sizeof at));
    }
  bsn_stmt_reset (stmt);
  if (rc != BSN_DONE)
    {
      bsn_db_set_error (db, error, _("Membaca pelanggan"));
      return FALSE;
    }
  return TRUE;
}

gboolean
bsn_award_cache_prefetch (BsnDb            *db,
                          BsnAwardCache    *cache,
                          const BsnReceipt *rows,
                          guint             n,
                          GError          **error)
{
  g_autoptr(GString) stores = g_string_new (NULL);
  g_autoptr(GString) receipts = g_string_new (NULL);
  g_autoptr(GArray) customers = NULL;
  BsnStmt *stmt;
  int rc;

  /* A lookup costs SQLite no round trip; and only what was read inside
   * the writer's transaction stays true until its end. */
  if (bsn_db_get_engine (db) != BSN_ENGINE_POSTGRESQL || !bsn_db_in_transaction (db))
    return TRUE;
  /* The customers' accounts, read once for the rows' awards. */
  customers = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n);
  for (guint i = 0; i < n; i++)
    g_array_append_val (customers, rows[i].customer_id);
  if (!bsn_ledger_prefetch_customers (db, (const gint64 *) (gpointer) customers->data, customers->len, error)
      || !seed_first_receipts (db, (const gint64 *) (gpointer) customers->data, customers->len, error))
    return FALSE;
  if (cache->absent == NULL)
    cache->absent = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *number = NULL;

      if (rows[i].receipt == NULL)
        continue;
      number = g_strdup_printf ("%" G_GINT64_FORMAT, rows[i].store_id);
      append_array_element (stores, number);
      append_array_element (receipts, rows[i].receipt);
      g_hash_table_add (cache->absent, absent_key (rows[i].store_id, rows[i].receipt));
    }
  if (stores->len == 0)
    return TRUE;
  g_string_append_c (stores, '}');
  g_string_append_c (receipts, '}');
  /* PostgreSQL only (arrays): the receipts of @rows that are stored. */
  stmt = bsn_db_prepare (db,
                         "SELECT r.store_id, r.receipt FROM unnest (?1::bigint[], ?2::text[]) AS k (store_id, receipt) "
                         "JOIN receipts r ON r.store_id = k.store_id AND r.receipt = k.receipt",
                         error);
  if (stmt == NULL)
    {
      g_hash_table_remove_all (cache->absent);
      return FALSE;
    }
  bsn_stmt_bind_text (stmt, 1, stores->str);
  bsn_stmt_bind_text (stmt, 2, receipts->str);
  while ((rc = bsn_stmt_step (stmt)) == BSN_ROW)
    {
      g_autofree char *key = absent_key (bsn_stmt_column_int64 (stmt, 0), bsn_stmt_column_text (stmt, 1));

      g_hash_table_remove (cache->absent, key);
    }
  bsn_stmt_reset (stmt);
  if (rc != BSN_DONE)
    {
      g_hash_table_remove_all (cache->absent);
      bsn_db_set_error (db, error, _("Membaca struk"));
      return FALSE;
    }
  return TRUE;
}

/* The stored receipt of this store with this number: *out_id 0 when
 * there is none. */
static gboolean
find_receipt (BsnDb         *db,
              BsnAwardCache *cache,
              gint64         store_id,
              const char    *receipt,
              gint64        *out_id,
              BsnReceipt    *out,
              GError       **error)
{
  BsnStmt *stmt;
  int rc;

  *out_id = 0;
  if (cache->absent != NULL && g_hash_table_size (cache->absent) > 0)
    {
      g_autofree char *key = absent_key (store_id, receipt);

      /* Known not stored when prefetched; taken out, since the award
       * about to run may store it. */
      if (g_hash_table_remove (cache->absent, key))
        return TRUE;
    }
  stmt = bsn_db_prepare (db,
                         "SELECT id, store_id, customer_id, amount_rp, at, perishable_rp, "
                         "coalesce(digit, -1) FROM receipts WHERE store_id = ?1 AND receipt = ?2",
                         error);
  if (stmt == NULL)
    return FALSE;
  bsn_stmt_bind_int64 (stmt, 1, store_id);
  bsn_stmt_bind_text (stmt, 2, receipt);
  rc = bsn_stmt_step (stmt);
  if (rc == BSN_ROW)
    {
      *out_id = bsn_stmt_column_int64 (stmt, 0);
      out->store_id = bsn_stmt_column_int64 (stmt, 1);
      out->customer_id = bsn_stmt_column_int64 (stmt, 2);
      out->amount_rp = bsn_stmt_column_int64 (stmt, 3);
      out->at = bsn_stmt_column_int64 (stmt, 4);
      out->perishable_rp = bsn_stmt_column_int64 (stmt, 5);
      out->digit = bsn_stmt_column_int (stmt, 6);
    }
  bsn_stmt_reset (stmt);
  if (rc != BSN_ROW && rc != BSN_DONE)
    {
      bsn_db_set_error (db, error, _("Membaca struk"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
same_receipt (const BsnReceipt *stored,
              const BsnReceipt *r)
{
  return stored->store_id == r->store_id && stored->customer_id == r->customer_id
         && stored->amount_rp == r->amount_rp && stored->at == r->at
         && stored->perishable_rp == MAX (r->perishable_rp, 0) && stored->digit == r->digit;
}

/* bsn_reserve_check after an award, without its reads while nothing can
 * have changed: the reserve state read earlier in this cache's transaction
 * with the balance of now says whether the check could act. When it could
 * (or the state cannot be reused) the full check runs and the state is
 * read again. */
static gboolean
check_reserve (BsnDb      *db,
               StoreEntry *e,
               BsnTime     at,
               GError    **error)
{
  BsnReserveStatus *st = &e->reserve;

  if (e->reserve_known && !bsn_reserve_required_moves (st))
    {
      if (!bsn_ledger_account_balance (db, e->reserve_account, &st->balance_rp, NULL, error))
        return FALSE;
      if (!bsn_reserve_can_warn (st))
        return TRUE;
    }
  if (!bsn_reserve_check_after_award (db, e->store->id, at, error))
    return FALSE;
  bsn_reserve_status_clear (st);
  e->reserve_known = FALSE;
  if (!bsn_reserve_status (db, e->store->id, at, st, error))
    return FALSE;
  e->reserve_known = TRUE;
  e->store->active = st->active;
  return TRUE;
}

BsnAward *
bsn_award_receipt (BsnDb            *db,
                   BsnAwardCache    *cache,
                   const BsnReceipt *r,
                   GError          **error)
{
  g_autoptr(BsnAwardCache) own_cache = NULL;
  g_autoptr(BsnAward) a = NULL;
  const BsnStore *store;
  StoreEntry *entry;
  BsnReceipt stored = { 0 };
  gint64 existing = 0, account, receipt_id, referrer = 0;
  gboolean first = FALSE;

  if (!bsn_award_rules_validate (r, error) || !bsn_award_rules_check_not_ahead (r->at, bsn_time_now (), error))
    return NULL;
  if (cache == NULL)
    cache = own_cache = bsn_award_cache_new ();

  a = g_new0 (BsnAward, 1);
  if (r->receipt != NULL)
    a->receipt = g_strdup (r->receipt);
  else
    {
      g_autofree char *uuid = g_uuid_string_random ();
      a->receipt = g_strconcat ("TRX-", uuid, NULL);
    }
  a->amount_rp = r->amount_rp;
  a->at = r->at;
  a->bonuses = g_ptr_array_new_with_free_func (bsn_bonus_grant_free);

  if (!bsn_db_begin (db, TRUE, error))
    return NULL;
  if (!cache->authorized && !bsn_auth_require (db, BSN_PERM_RECEIPTS, error))
    goto fail;
  cache->authorized = TRUE;
  if (!find_receipt (db, cache, r->store_id, a->receipt, &existing, &stored, error))
    goto fail;
  if (existing != 0)
    {
      bsn_db_rollback (db);
      if (!same_receipt (&stored, r))
        {
          g_set_error (error, BSN_ERROR, BSN_ERROR_REFUSED,
                       _("Nomor struk %s sudah dipakai untuk transaksi lain"), a->receipt);
          return NULL;
        }
      BsnAward *dup = bsn_award_get (db, r->store_id, a->receipt, error);
      if (dup != NULL)
        dup->duplicate = TRUE;
      return dup;
    }
  if (!bsn_auth_check_clock (db, r->at, NULL, error))
    goto fail;

  entry = cached_store (db, cache, r->store_id, error);
  if (entry == NULL)
    goto fail;
  store = entry->store;
  /* The cache's store row was read in this transaction, and the reserve
   * rule, the one thing that switches a store off during an import,
   * updates it (check_reserve). */
  if (!store->active)
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_REFUSED,
                   _("Toko %s nonaktif: tidak dapat memberi poin baru"), store->code);
      goto fail;
    }
  account = cached_customer_account (db, cache, r->customer_id, error);
  /* Status points as of the receipt's time (DOMAIN.md §4.3), not of its
   * entry: a back-dated receipt sees only what was earned before it. */
  if (account == 0 || !bsn_ledger_status_before (db, account, r->at, &a->status_before_rp, error))
    goto fail;
  a->store_code = g_strdup (store->code);

  if (!decide (db, cache, store, r, a, error))
    goto fail;
  summarize (a, store);
  note_digit_source (a, r);
  if (!post_award (db, entry, r->customer_id, account, a, error))
    goto fail;
  receipt_id = insert_receipt (db, r, a, error);
  if (receipt_id == 0)
    goto fail;
  if (cache->bonus_rules == NULL)
    {
      cache->bonus_rules = bsn_bonus_active_rules (db, error);
      if (cache->bonus_rules == NULL)
        goto fail;
    }
  /* Registration and referral bonuses come with the customer's first
   * receipt (read before this receipt is noted as theirs). */
  if (bsn_bonus_rules_have_first_receipt (cache->bonus_rules)
      && !first_receipt_of (db, r->customer_id, &first, &referrer, error))
    goto fail;
  if (!note_first_receipt (db, r, error))
    goto fail;
  if (!bsn_bonus_apply (db, cache->bonus_rules, receipt_id, a->receipt, store->id, r->customer_id, r->amount_rp, r->at, a->scheme,
                        a->n_parts ? a->parts[0].base_rp : 0, a->bonuses, error))
    goto fail;
  if (first && !bsn_bonus_apply_first_receipt (db, cache->bonus_rules, receipt_id, a->receipt, store->id,
                                               r->customer_id, referrer, r->at, a->bonuses, error))
    goto fail;
  /* The award drew on the store's reserve: warn (and at the third warning
   * deactivate) when it is low (DOMAIN.md §6). */
  if (!check_reserve (db, entry, r->at, error))
    goto fail;
  if (!bsn_db_commit (db, error))
    return NULL;
  return g_steal_pointer (&a);

fail:
  bsn_db_rollback (db);
  return NULL;
}

BsnAward *
bsn_award_get (BsnDb      *db,
               gint64      store_id,
               const char *receipt,
               GError    **error)
{
  BsnStmt *stmt = bsn_db_prepare (db,
                                       "SELECT r.id, s.code, c.code, r.amount_rp, r.at, r.quota_rp, r.quota_met, "
                                       "r.status_before_rp, r.scheme, r.rate_bp, r.value_rp, r.capped, "
                                       "coalesce(r.tier_version_id, 0), coalesce(r.posting_id, 0), "
                                       "coalesce(r.digit, -1), r.store_id, r.digit_source "
                                       "FROM receipts r JOIN stores s ON s.id = r.store_id "
                                       "JOIN customers c ON c.id = r.customer_id WHERE r.store_id = ?1 AND r.receipt = ?2",
                                       error);
  g_autoptr(BsnAward) a = NULL;
  g_autoptr(BsnStore) store = NULL;
  gint64 id;
  int rc;

  if (stmt == NULL)
    return NULL;
  bsn_stmt_bind_int64 (stmt, 1, store_id);
  bsn_stmt_bind_text (stmt, 2, receipt);
  rc = bsn_stmt_step (stmt);
  if (rc != BSN_ROW)
    {
      /* A failed read is a storage error, not a missing receipt. */
      if (bsn_db_scan_ended (db, stmt, rc, _("Membaca struk"), error))
        g_set_error (error, BSN_ERROR, BSN_ERROR_NOT_FOUND, _("Struk %s tidak ada"), receipt);
      return NULL;
    }
  a = g_new0 (BsnAward, 1);
  a->bonuses = g_ptr_array_new_with_free_func (bsn_bonus_grant_free);
  a->receipt = g_strdup (receipt);
  id = bsn_stmt_column_int64 (stmt, 0);
  a->store_code = g_strdup (bsn_stmt_column_text (stmt, 1));
  a->customer_code = g_strdup (bsn_stmt_column_text (stmt, 2));
  a->amount_rp = bsn_stmt_column_int64 (stmt, 3);
  a->at = bsn_stmt_column_int64 (stmt, 4);
  a->quota_rp = bsn_stmt_column_int64 (stmt, 5);
  a->quota_met = bsn_stmt_column_int (stmt, 6);
  a->status_before_rp = bsn_stmt_column_int64 (stmt, 7);
  a->capped = bsn_stmt_column_int (stmt, 11);
  a->posting_id = bsn_stmt_column_int64 (stmt, 13);
  a->digit = bsn_stmt_column_int (stmt, 14);
  if (!bsn_stmt_column_is_null (stmt, 16))
    a->digit_source = g_strdup (bsn_stmt_column_text (stmt, 16));
  bsn_stmt_reset (stmt);

  stmt = bsn_db_prepare (db,
                         "SELECT scheme, base_rp, key, rate_bp, value_rp, tier_version_id FROM receipt_parts "
                         "WHERE receipt_id = ?1",
                         error);
  if (stmt == NULL)
    return NULL;
  bsn_stmt_bind_int64 (stmt, 1, id);
  while ((rc = bsn_stmt_step (stmt)) == BSN_ROW && a->n_parts < G_N_ELEMENTS (a->parts))
    {
      BsnAwardPart *p = &a->parts[a->n_parts++];
      bsn_scheme_parse (bsn_stmt_column_text (stmt, 0), &p->scheme, NULL);
      p->base_rp = bsn_stmt_column_int64 (stmt, 1);
      p->key = bsn_stmt_column_int (stmt, 2);
      p->rate_bp = bsn_stmt_column_int (stmt, 3);
      p->value_rp = bsn_stmt_column_int64 (stmt, 4);
      p->tier_version = bsn_stmt_column_int64 (stmt, 5);
    }
  if (!bsn_db_scan_ended (db, stmt, rc, _("Membaca struk"), error))
    return NULL;

  stmt = bsn_db_prepare (db,
                         "SELECT g.rule_id, b.code, b.kind, g.value_rp, g.produsen_rp, g.ritel_rp, g.bsn_rp "
                         "FROM bonus_grants g JOIN bonus_rules b ON b.id = g.rule_id WHERE g.receipt_id = ?1 "
                         "ORDER BY g.id",
                         error);
  if (stmt == NULL)
    return NULL;
  bsn_stmt_bind_int64 (stmt, 1, id);
  while ((rc = bsn_stmt_step (stmt)) == BSN_ROW)
    {
      BsnBonusGrant *g = g_new0 (BsnBonusGrant, 1);
      g->rule_id = bsn_stmt_column_int64 (stmt, 0);
      g->rule_code = g_strdup (bsn_stmt_column_text (stmt, 1));
      g->kind = g_strdup (bsn_stmt_column_text (stmt, 2));
      g->value_rp = bsn_stmt_column_int64 (stmt, 3);
      g->produsen_rp = bsn_stmt_column_int64 (stmt, 4);
      g->ritel_rp = bsn_stmt_column_int64 (stmt, 5);
      g->bsn_rp = bsn_stmt_column_int64 (stmt, 6);
      g_ptr_array_add (a->bonuses, g);
    }
  if (!bsn_db_scan_ended (db, stmt, rc, _("Membaca bonus yang diberikan"), error))
    return NULL;

  store = bsn_store_get (db, store_id, error);
  if (store == NULL)
    return NULL;
  {
    BsnStoreDayPlace place;
    if (!bsn_store_place_at (db, store, a->at, &place, NULL, error))
      return NULL;
    a->slot = place.slot;
  }
  summarize (a, store);
  return g_steal_pointer (&a);
}
