/* bsn-bonus.c — program bonuses and who funds them (see bsn-bonus.h). */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "bsn-award.h"
#include "bsn-bonus.h"
#include "bsn-audit.h"
#include "bsn-auth.h"
#include "bsn-error.h"
#include "bsn-ledger.h"
#include "bsn-money.h"
#include "bsn-store.h"

/* The kinds and their allowed sizes (DOMAIN §4.5), in basis points of the
 * purchase, both ends included; "up to N %" starts at 0,01 %. A size
 * outside is refused by the rules (BSN_ERROR_REFUSED, the CLI's exit 1). */
static const struct
{
  const char *kind;
  const char *label;
  gint32      min_bp;
  gint32      max_bp;
} kinds[] = {
  { "surprise_goods", N_("Bonus Surprise Barang Langsung"), 2000, 3000 },
  { "surprise_points", N_("Bonus Surprise Poin Voucher"), 1, 3000 },
  { "siaga", N_("Bonus Poin Siaga"), 100, 500 },
  { "stopwatch", N_("Bonus Poin Stopwatch"), 100, 1000 },
  { "lelang", N_("Bonus Poin Lelang Waktu"), 1, 1500 },
  /* A fixed number of points, no share of the receipt (rate 0). */
  { "registration", N_("Bonus Poin Pendaftaran"), 0, 0 },
  { "referral", N_("Bonus Poin Referral"), 0, 0 },
};

/* The most points a registration or referral bonus may give (1 000 poin). */
#define MAX_FIXED_POINTS_RP ((gint64) 1000000)

static gboolean
kind_is_fixed (const char *kind)
{
  return g_strcmp0 (kind, "registration") == 0 || g_strcmp0 (kind, "referral") == 0;
}

gboolean
bsn_bonus_kind_range (const char *kind,
                      gint32     *min_bp,
                      gint32     *max_bp)
{
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_strcmp0 (kind, kinds[i].kind) == 0)
      {
        *min_bp = kinds[i].min_bp;
        *max_bp = kinds[i].max_bp;
        return TRUE;
      }
  return FALSE;
}

gboolean
bsn_bonus_rate_validate (const char *kind,
                         gint32      rate_bp,
                         GError    **error)
{
  gint32 min_bp, max_bp;

  if (!bsn_bonus_kind_range (kind, &min_bp, &max_bp))
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID,
                   _("Jenis bonus “%s” tidak dikenal: pilih surprise_goods, surprise_points, siaga, stopwatch, "
                     "lelang, registration atau referral"),
                   kind ? kind : "");
      return FALSE;
    }
  if (rate_bp < min_bp || rate_bp > max_bp)
    {
      g_autofree char *rate = bsn_bp_format (rate_bp);
      g_autofree char *max = bsn_bp_format (max_bp);

      if (min_bp <= 1)
        g_set_error (error, BSN_ERROR, BSN_ERROR_REFUSED,
                     _("Besar %s %s di luar batas: harus lebih dari 0 %% dan paling banyak %s dari belanja"),
                     bsn_bonus_kind_label (kind), rate, max);
      else
        {
          g_autofree char *min = bsn_bp_format (min_bp);
          g_set_error (error, BSN_ERROR, BSN_ERROR_REFUSED,
                       _("Besar %s %s di luar batas: harus antara %s dan %s dari belanja"),
                       bsn_bonus_kind_label (kind), rate, min, max);
        }
      return FALSE;
    }
  return TRUE;
}

gboolean
bsn_bonus_kind_valid (const char *kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_strcmp0 (kind, kinds[i].kind) == 0)
      return TRUE;
  return FALSE;
}

const char *
bsn_bonus_kind_label (const char *kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_strcmp0 (kind, kinds[i].kind) == 0)
      return _(kinds[i].label);
  return kind;
}

BsnBonusRule *
bsn_bonus_rule_new (void)
{
  BsnBonusRule *r = g_new0 (BsnBonusRule, 1);

  r->every_nth = 1;
  r->active = TRUE;
  return r;
}

void
bsn_bonus_rule_free (BsnBonusRule *rule)
{
  if (rule == NULL)
    return;
  g_free (rule->code);
  g_free (rule->name);
  g_free (rule->kind);
  g_free (rule);
}

void
bsn_bonus_grant_free (gpointer data)
{
  BsnBonusGrant *g = data;

  if (g == NULL)
    return;
  g_free (g->rule_code);
  g_free (g->kind);
  g_free (g);
}

static gboolean
rule_add (BsnDb        *db,
          BsnBonusRule *rule,
          GError      **error)
{
  g_autoptr(GError) local = NULL;
  BsnStmt *stmt;

  if (!bsn_auth_require (db, BSN_PERM_TIERS, error))
    return FALSE;
  if (kind_is_fixed (rule->kind) && (rule->code == NULL || *rule->code == '\0'))
    {
      g_free (rule->code);
      rule->code = g_strdup_printf ("%s-%" G_GINT64_FORMAT, g_strcmp0 (rule->kind, "referral") == 0 ? "REF" : "REG",
                                    bsn_db_query_int (db, "SELECT coalesce(max(id), 0) + 1 FROM bonus_rules", 1));
    }
  if (kind_is_fixed (rule->kind) && (rule->name == NULL || *rule->name == '\0'))
    {
      g_free (rule->name);
      rule->name = g_strdup (bsn_bonus_kind_label (rule->kind));
    }
  if (!bsn_code_validate (rule->code, _("bonus"), error) || !bsn_name_validate (rule->name, _("bonus"), error))
    return FALSE;
  if (!bsn_bonus_rate_validate (rule->kind, rule->rate_bp, error))
    return FALSE;
  if (kind_is_fixed (rule->kind) != (rule->points_rp != 0) || rule->points_rp < 0
      || rule->points_rp > MAX_FIXED_POINTS_RP)
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_REFUSED,
                   kind_is_fixed (rule->kind) ? _("%s memberi poin tetap: --points 1 sampai 1000 poin")
                                              : _("%s dihitung dari belanja (--rate), bukan poin tetap"),
                   bsn_bonus_kind_label (rule->kind));
      return FALSE;
    }
  if (rule->produsen_bp < 0 || rule->ritel_bp < 0 || rule->bsn_bp < 0
      || rule->produsen_bp + rule->ritel_bp + rule->bsn_bp != BSN_BP_100_PERCENT)
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID,
                   _("Pembagian dana produsen, ritel dan BSN harus berjumlah 100 %%"));
      return FALSE;
    }
  if (rule->every_nth < 1 || rule->min_amount_rp < 0 || (rule->valid_to && rule->valid_to <= rule->valid_from))
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID, _("Syarat bonus tidak sah"));
      return FALSE;
    }
  stmt = bsn_db_prepare (db,
                         "INSERT INTO bonus_rules (code, name, kind, rate_bp, produsen_bp, ritel_bp, bsn_bp, store_id, "
                         "min_amount_rp, every_nth, valid_from, valid_to, active, created_at, points_rp) "
                         "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, 1, unixepoch(), ?13)",
                         error);
  if (stmt == NULL)
    return FALSE;
  bsn_stmt_bind_text (stmt, 1, rule->code);
  bsn_stmt_bind_text (stmt, 2, rule->name);
  bsn_stmt_bind_text (stmt, 3, rule->kind);
  bsn_stmt_bind_int (stmt, 4, rule->rate_bp);
  bsn_stmt_bind_int (stmt, 5, rule->produsen_bp);
  bsn_stmt_bind_int (stmt, 6, rule->ritel_bp);
  bsn_stmt_bind_int (stmt, 7, rule->bsn_bp);
  if (rule->store_id)
    bsn_stmt_bind_int64 (stmt, 8, rule->store_id);
  bsn_stmt_bind_int64 (stmt, 9, rule->min_amount_rp);
  bsn_stmt_bind_int (stmt, 10, rule->every_nth);
  bsn_stmt_bind_int64 (stmt, 11, rule->valid_from);
  if (rule->valid_to)
    bsn_stmt_bind_int64 (stmt, 12, rule->valid_to);
  bsn_stmt_bind_int64 (stmt, 13, rule->points_rp);
  if (!bsn_db_step_done (db, stmt, _("Menyimpan aturan bonus"), &local))
    {
      if (g_error_matches (local, BSN_ERROR, BSN_ERROR_EXISTS))
        g_set_error (error, BSN_ERROR, BSN_ERROR_EXISTS, _("Kode bonus “%s” sudah dipakai"), rule->code);
      else
        g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  rule->id = bsn_db_last_insert_id (db);
  {
    g_autofree char *after = bsn_audit_json ("kind", BSN_AUDIT_STR, rule->kind, "rate_bp", BSN_AUDIT_INT,
                                             (gint64) rule->rate_bp, "produsen_bp", BSN_AUDIT_INT,
                                             (gint64) rule->produsen_bp, "ritel_bp", BSN_AUDIT_INT,
                                             (gint64) rule->ritel_bp, "bsn_bp", BSN_AUDIT_INT, (gint64) rule->bsn_bp,
                                             "every", BSN_AUDIT_INT, (gint64) rule->every_nth, NULL);
    return bsn_audit_record (db, "bonus.add", rule->code, NULL, after, error);
  }
}

/* One transaction: the rule and its "bonus.add" audit entry together. */
gboolean
bsn_bonus_rule_add (BsnDb        *db,
                    BsnBonusRule *rule,
                    GError      **error)
{
  if (!bsn_db_begin (db, TRUE, error))
    return FALSE;
  if (!rule_add (db, rule, error))
    {
      bsn_db_rollback (db);
      return FALSE;
    }
  return bsn_db_commit (db, error);
}

gboolean
bsn_bonus_rule_end (BsnDb      *db,
                    const char *code,
                    BsnTime     at,
                    GError    **error)
{
  BsnStmt *stmt;

  /* One transaction: a refused end leaves no "bonus.end" in the trail. */
  if (!bsn_db_begin (db, TRUE, error))
    return FALSE;
  if (!bsn_auth_require (db, BSN_PERM_TIERS, error))
    goto fail;
  stmt = bsn_db_prepare (db,
                         "UPDATE bonus_rules SET valid_to = ?2 WHERE code = ?1 "
                         "AND (valid_to IS NULL OR valid_to > ?2) AND valid_from < ?2",
                         error);
  if (stmt == NULL)
    goto fail;
  bsn_stmt_bind_text (stmt, 1, code);
  bsn_stmt_bind_int64 (stmt, 2, at);
  if (!bsn_db_step_done (db, stmt, _("Mengakhiri aturan bonus"), error))
    goto fail;
  if (bsn_db_changes (db) == 0)
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_NOT_FOUND,
                   _("Tidak ada aturan bonus “%s” yang masih berlaku pada waktu itu"), code);
      goto fail;
    }
  if (!bsn_audit_record (db, "bonus.end", code, NULL, NULL, error))
    goto fail;
  return bsn_db_commit (db, error);

fail:
  bsn_db_rollback (db);
  return FALSE;
}

#define RULE_COLUMNS "id, code, name, kind, rate_bp, produsen_bp, ritel_bp, bsn_bp, coalesce(store_id, 0), " \
                     "min_amount_rp, every_nth, valid_from, coalesce(valid_to, 0), active, points_rp"

static BsnBonusRule *
rule_from_row (BsnStmt *stmt)
{
  BsnBonusRule *r = bsn_bonus_rule_new ();

  r->id = bsn_stmt_column_int64 (stmt, 0);
  r->code = g_strdup (bsn_stmt_column_text (stmt, 1));
  r->name = g_strdup (bsn_stmt_column_text (stmt, 2));
  r->kind = g_strdup (bsn_stmt_column_text (stmt, 3));
  r->rate_bp = bsn_stmt_column_int (stmt, 4);
  r->produsen_bp = bsn_stmt_column_int (stmt, 5);
  r->ritel_bp = bsn_stmt_column_int (stmt, 6);
  r->bsn_bp = bsn_stmt_column_int (stmt, 7);
  r->store_id = bsn_stmt_column_int64 (stmt, 8);
  r->min_amount_rp = bsn_stmt_column_int64 (stmt, 9);
  r->every_nth = bsn_stmt_column_int (stmt, 10);
  r->valid_from = bsn_stmt_column_int64 (stmt, 11);
  r->valid_to = bsn_stmt_column_int64 (stmt, 12);
  r->active = bsn_stmt_column_int (stmt, 13) != 0;
  r->points_rp = bsn_stmt_column_int64 (stmt, 14);
  return r;
}

/* The rules @sql (a SELECT of RULE_COLUMNS) reads. */
static GPtrArray *
read_rules (BsnDb      *db,
            const char *sql,
            GError    **error)
{
  BsnStmt *stmt = bsn_db_prepare (db, sql, error);
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) bsn_bonus_rule_free);
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = bsn_stmt_step (stmt)) == BSN_ROW)
    g_ptr_array_add (list, rule_from_row (stmt));
  bsn_stmt_reset (stmt);
  if (rc != BSN_DONE)
    {
      bsn_db_set_error (db, error, _("Membaca aturan bonus"));
      return NULL;
    }
  return g_steal_pointer (&list);
}

GPtrArray *
bsn_bonus_rule_list (BsnDb   *db,
                     GError **error)
{
  return read_rules (db, "SELECT " RULE_COLUMNS " FROM bonus_rules ORDER BY code", error);
}

/* Counts the receipts that matched the rule so far, this one included:
 * the n-th receipt of the rule's scope gets the bonus. */
static gint64
count_eligible (BsnDb              *db,
                const BsnBonusRule *rule,
                GError            **error)
{
  /* An UPDATE then a SELECT: RETURNING would build a temporary table for
   * its one row on every receipt. Both run inside the award's write
   * transaction, so no other writer comes in between. On PostgreSQL the
   * count moves through the schema's function (version 18): no kasir may
   * UPDATE bonus_rules, and so none can set a count back. */
  BsnStmt *stmt = bsn_db_prepare (db,
                                  bsn_db_get_engine (db) == BSN_ENGINE_POSTGRESQL
                                    ? "SELECT bsn_bonus_count_eligible (?1)"
                                    : "UPDATE bonus_rules SET eligible = eligible + 1 WHERE id = ?1",
                                  error);
  /* A PostgreSQL batch keeps the count it read (no one else writes). */
  GHashTable *cache = bsn_db_batch_cache (db, "bonus.eligible");
  gint64 *known = cache != NULL ? g_hash_table_lookup (cache, &rule->id) : NULL;
  gint64 n = -1;

  if (stmt == NULL)
    return -1;
  /* Known: the server's count moves once, at the batch's commit. */
  if (known != NULL
      && bsn_db_batch_defer (db,
                             bsn_db_server_schema_at_least (db, 23)
                               ? "SELECT bsn_bonus_count_eligible_by (?1, ?2)"
                               : "SELECT count (bsn_bonus_count_eligible (?1)) FROM generate_series (1, ?2)",
                             rule->id))
    return ++*known;
  bsn_stmt_bind_int64 (stmt, 1, rule->id);
  /* (A known count was deferred above: a batch that keeps its reads, the
   * only one with a cache, always defers.) */
  if (!bsn_db_step_done (db, stmt, _("Menghitung struk bonus"), error))
    return -1;
  stmt = bsn_db_prepare (db, "SELECT eligible FROM bonus_rules WHERE id = ?1", error);
  if (stmt == NULL)
    return -1;
  bsn_stmt_bind_int64 (stmt, 1, rule->id);
  if (bsn_stmt_step (stmt) == BSN_ROW)
    n = bsn_stmt_column_int64 (stmt, 0);
  else
    bsn_db_set_error (db, error, _("Menghitung struk bonus"));
  bsn_stmt_reset (stmt);
  if (n >= 0 && cache != NULL)
    g_hash_table_insert (cache, g_memdup2 (&rule->id, sizeof rule->id), g_memdup2 (&n, sizeof n));
  return n;
}

static gboolean
grant (BsnDb              *db,
       const BsnBonusRule *rule,
       gint64              receipt_id,
       const char         *receipt,
       gint64              store_id,
       gint64              customer_id,
       BsnTime             at,
       gint64              base_rp,
       GPtrArray          *grants,
       GError            **error)
{
  const gint32 split_bp[3] = { rule->produsen_bp, rule->ritel_bp, rule->bsn_bp };
  gint64 parts[3], posting = 0;
  gint64 value = rule->points_rp > 0 ? rule->points_rp : bsn_money_apply_bp (base_rp, rule->rate_bp);
  BsnBonusGrant *g;
  BsnStmt *stmt;

  if (value == 0)
    return TRUE;
  /* Rounding remainders fall to the store (ritel). */
  bsn_money_split (value, split_bp, 3, 1, parts);

  if (g_strcmp0 (rule->kind, "surprise_goods") != 0)
    {
      g_autofree char *key = g_strdup_printf ("bonus@%" G_GINT64_FORMAT ":%s:%s", store_id, receipt, rule->code);
      gint64 accounts[3], customer;
      BsnLeg legs[4];
      guint n = 0;
      /* The key names the receipt, stored by this transaction just
       * before (receipts are append-only and unique per store): no
       * posting can have it yet, so PostgreSQL need not ask. */
      BsnPostingSpec spec = { .idem_key = key, .kind = "bonus", .at = at, .store_id = store_id,
                              .customer_id = customer_id, .amount_rp = value, .memo = rule->name,
                              .key_is_new = TRUE };

      /* One lookup at a time: a failed one has set @error, and a posting
       * with account 0 would fail again over it. */
      if ((accounts[0] = bsn_ledger_system_account (db, "produsen", error)) == 0
          || (accounts[1] = bsn_ledger_reserve_account (db, store_id, error)) == 0
          || (accounts[2] = bsn_ledger_system_account (db, "bsn", error)) == 0
          || (customer = bsn_ledger_customer_account (db, customer_id, error)) == 0)
        return FALSE;
      legs[n++] = (BsnLeg) { customer, value, value };
      for (guint i = 0; i < 3; i++)
        if (parts[i] != 0)
          legs[n++] = (BsnLeg) { accounts[i], -parts[i], 0 };
      if (!bsn_ledger_post (db, &spec, legs, n, &posting, NULL, error))
        return FALSE;
    }

  stmt = bsn_db_prepare (db,
                         "INSERT INTO bonus_grants (receipt_id, rule_id, value_rp, produsen_rp, ritel_rp, bsn_rp, "
                         "posting_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                         error);
  if (stmt == NULL)
    return FALSE;
  bsn_stmt_bind_int64 (stmt, 1, receipt_id);
  bsn_stmt_bind_int64 (stmt, 2, rule->id);
  bsn_stmt_bind_int64 (stmt, 3, value);
  bsn_stmt_bind_int64 (stmt, 4, parts[0]);
  bsn_stmt_bind_int64 (stmt, 5, parts[1]);
  bsn_stmt_bind_int64 (stmt, 6, parts[2]);
  if (posting)
    bsn_stmt_bind_int64 (stmt, 7, posting);
  if (!bsn_db_step_done (db, stmt, _("Mencatat bonus"), error))
    return FALSE;

  g = g_new0 (BsnBonusGrant, 1);
  g->rule_id = rule->id;
  g->rule_code = g_strdup (rule->code);
  g->kind = g_strdup (rule->kind);
  g->value_rp = value;
  g->produsen_rp = parts[0];
  g->ritel_rp = parts[1];
  g->bsn_rp = parts[2];
  g->customer_id = customer_id;
  g_ptr_array_add (grants, g);
  return TRUE;
}

GPtrArray *
bsn_bonus_active_rules (BsnDb   *db,
                        GError **error)
{
  return read_rules (db, "SELECT " RULE_COLUMNS " FROM bonus_rules WHERE active = 1 ORDER BY id", error);
}

gboolean
bsn_bonus_rule_matches (const BsnBonusRule *rule,
                        gint64              store_id,
                        gint64              amount_rp,
                        BsnTime             at)
{
  return rule->active && rule->valid_from <= at && (rule->valid_to == 0 || rule->valid_to > at)
         && (rule->store_id == 0 || rule->store_id == store_id) && rule->min_amount_rp <= amount_rp;
}

gboolean
bsn_bonus_rule_base (const BsnBonusRule *rule,
                     const char         *scheme,
                     gint64              amount_rp,
                     gint64              scheme_base_rp,
                     gint64             *out_base_rp)
{
  gboolean surprise = g_str_has_prefix (rule->kind, "surprise_");

  if (!surprise && g_strcmp0 (rule->kind, scheme) != 0)
    return FALSE;
  *out_base_rp = surprise ? amount_rp : scheme_base_rp;
  return TRUE;
}

gboolean
bsn_bonus_apply (BsnDb           *db,
                 const GPtrArray *active_rules,
                 gint64           receipt_id,
                 const char      *receipt,
                 gint64           store_id,
                 gint64           customer_id,
                 gint64           amount_rp,
                 BsnTime          at,
                 const char      *scheme,
                 gint64           scheme_base_rp,
                 GPtrArray       *grants,
                 GError         **error)
{
  g_autoptr(GPtrArray) own = NULL;
  g_autoptr(GPtrArray) rules = g_ptr_array_new ();

  if (active_rules == NULL)
    {
      active_rules = own = bsn_bonus_active_rules (db, error);
      if (own == NULL)
        return FALSE;
    }
  for (guint i = 0; i < active_rules->len; i++)
    {
      BsnBonusRule *rule = g_ptr_array_index (active_rules, i);
      if (bsn_bonus_rule_matches (rule, store_id, amount_rp, at))
        g_ptr_array_add (rules, rule);
    }

  for (guint i = 0; i < rules->len; i++)
    {
      BsnBonusRule *rule = g_ptr_array_index (rules, i);
      gint64 base;

      if (!bsn_bonus_rule_base (rule, scheme, amount_rp, scheme_base_rp, &base))
        continue;
      if (rule->every_nth > 1)
        {
          gint64 n = count_eligible (db, rule, error);
          if (n < 0)
            return FALSE;
          if (n % rule->every_nth != 0)
            continue;
        }
      if (!grant (db, rule, receipt_id, receipt, store_id, customer_id, at, base, grants, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
bsn_bonus_rules_have_first_receipt (const GPtrArray *active_rules)
{
  for (guint i = 0; active_rules != NULL && i < active_rules->len; i++)
    if (kind_is_fixed (((BsnBonusRule *) g_ptr_array_index (active_rules, i))->kind))
      return TRUE;
  return FALSE;
}

gboolean
bsn_bonus_apply_first_receipt (BsnDb           *db,
                               const GPtrArray *active_rules,
                               gint64           receipt_id,
                               const char      *receipt,
                               gint64           store_id,
                               gint64           customer_id,
                               gint64           referrer_id,
                               BsnTime          at,
                               GPtrArray       *grants,
                               GError         **error)
{
  for (guint i = 0; i < active_rules->len; i++)
    {
      BsnBonusRule *rule = g_ptr_array_index (active_rules, i);
      gboolean registration = g_strcmp0 (rule->kind, "registration") == 0;
      gboolean referral = g_strcmp0 (rule->kind, "referral") == 0;
      gint64 beneficiary = registration ? customer_id : referrer_id;

      if ((!registration && !referral) || beneficiary == 0 || !bsn_bonus_rule_matches (rule, store_id, 0, at))
        continue;
      if (!grant (db, rule, receipt_id, receipt, store_id, beneficiary, at, 0, grants, error))
        return FALSE;
    }
  return TRUE;
}
