/* bsn-award-rules.c — the award decision (see bsn-award-rules.h). */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "bsn-award-rules.h"
#include "bsn-error.h"
#include "bsn-money.h"

#define MAX_RECEIPT_LEN 64

gint
bsn_award_digit_from_clock (gint seconds_of_day)
{
  return (seconds_of_day % 60) % 10;
}

gboolean
bsn_award_rules_stopwatch_digit (BsnTime at,
                                 gint    end_seconds,
                                 gint   *out_digit,
                                 GError **error)
{
  gint start = bsn_time_second_of_day (at);
  gint after = ((end_seconds - start) % BSN_SECONDS_PER_DAY + BSN_SECONDS_PER_DAY) % BSN_SECONDS_PER_DAY;

  if (end_seconds < 0 || end_seconds >= BSN_SECONDS_PER_DAY || after > BSN_STOPWATCH_WINDOW_SECONDS)
    {
      g_autofree char *when = bsn_time_format_iso (at);
      g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID,
                   _("Stopwatch berhenti pukul %02d:%02d:%02d, padahal harus antara waktu struk (%s) dan %d menit "
                     "sesudahnya"),
                   ABS (end_seconds) / 3600 % 100, ABS (end_seconds) / 60 % 60, ABS (end_seconds) % 60, when,
                   BSN_STOPWATCH_WINDOW_SECONDS / 60);
      return FALSE;
    }
  *out_digit = bsn_award_digit_from_clock (end_seconds);
  return TRUE;
}

gboolean
bsn_award_rules_check_not_ahead (BsnTime at,
                                 BsnTime now,
                                 GError **error)
{
  if (at - now > BSN_RECEIPT_AHEAD_SECONDS)
    {
      g_autofree char *when = bsn_time_format_iso (at);
      g_autofree char *clock = bsn_time_format_iso (now);
      g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID,
                   _("Waktu struk %s lebih dari satu hari sesudah jam komputer (%s)"), when, clock);
      return FALSE;
    }
  return TRUE;
}

static gboolean
validate_number (const char *receipt,
                 GError    **error)
{
  gsize len = strlen (receipt);

  if (len == 0 || len > MAX_RECEIPT_LEN || !g_utf8_validate (receipt, -1, NULL))
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID,
                   _("Nomor struk harus 1 sampai %d karakter"), MAX_RECEIPT_LEN);
      return FALSE;
    }
  for (const char *p = receipt; *p; p++)
    if ((guchar) *p < 0x20 || *p == 0x7f)
      {
        g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID, _("Nomor struk berisi karakter kendali"));
        return FALSE;
      }
  return TRUE;
}

gboolean
bsn_award_rules_validate (const BsnReceipt *r,
                          GError          **error)
{
  if (r->amount_rp <= 0)
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID, _("Jumlah belanja harus lebih dari nol"));
      return FALSE;
    }
  if (r->amount_rp > BSN_MAX_RECEIPT_RP)
    {
      g_autofree char *max = bsn_money_format (BSN_MAX_RECEIPT_RP);
      g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID,
                   _("Jumlah belanja lebih dari %s tidak masuk akal untuk satu struk"), max);
      return FALSE;
    }
  if (r->perishable_rp > r->amount_rp)
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID,
                   _("Bagian barang mudah rusak tidak boleh melebihi jumlah belanja"));
      return FALSE;
    }
  if (r->perishable_rp < -1)
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID, _("Bagian barang mudah rusak tidak boleh negatif"));
      return FALSE;
    }
  if (r->digit < -1 || r->digit > 9)
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID, _("Angka keberuntungan harus 0 sampai 9"));
      return FALSE;
    }
  return r->receipt == NULL || validate_number (r->receipt, error);
}

gboolean
bsn_award_rules_split (const BsnReceipt  *r,
                       const BsnStoreDay *store,
                       gint64             quota_rp,
                       BsnAwardSplit     *out,
                       GError           **error)
{
  gboolean runs_stopwatch = (store->schemes & BSN_SCHEMES_STOPWATCH) != 0;
  gboolean runs_lelang = (store->schemes & BSN_SCHEMES_LELANG) != 0;
  gint64 perishable, durable;

  memset (out, 0, sizeof *out);
  out->quota_met = r->amount_rp >= quota_rp;
  out->slot = bsn_store_day_slot_at (store, r->at);
  if (!out->quota_met)
    {
      out->needs[BSN_SCHEME_SIAGA] = TRUE;
      return TRUE;
    }

  /* Unspecified perishables: a lelang-only store sells perishables. */
  perishable = r->perishable_rp >= 0 ? r->perishable_rp : (runs_stopwatch ? 0 : r->amount_rp);
  durable = r->amount_rp - perishable;
  if (runs_stopwatch)
    out->stopwatch_rp += durable;
  else
    out->lelang_rp += durable;
  if (runs_lelang)
    out->lelang_rp += perishable;
  else
    out->stopwatch_rp += perishable;
  /* Outside opening hours lelang waktu gives nothing (§4.2). */
  if (out->slot == 0)
    out->lelang_rp = 0;

  if (out->stopwatch_rp > 0 && r->digit < 0)
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID,
                   _("Angka keberuntungan wajib untuk barang tahan lama di toko dengan stopwatch "
                     "(--digit atau --stopwatch-end)"));
      return FALSE;
    }
  out->needs[BSN_SCHEME_STOPWATCH] = out->stopwatch_rp > 0;
  out->needs[BSN_SCHEME_LELANG] = out->lelang_rp > 0;
  return TRUE;
}

static gint32
rate_of (const BsnTierTable *t,
         const BsnStoreDay  *store,
         gint                key)
{
  gint32 rate = 0;

  bsn_tier_table_lookup (t, store->band, store->tier, key, &rate);
  return rate;
}

gboolean
bsn_award_rules_slot_cap_window (const BsnStoreDay  *store,
                                 const BsnTierTable *lelang,
                                 BsnTime             at,
                                 gint                slot,
                                 gint64              slot_recipients,
                                 BsnTime            *out_start,
                                 BsnTime            *out_end,
                                 gint32             *out_first_bp)
{
  if (slot_recipients < 0 || slot <= 1)
    return FALSE;
  *out_first_bp = rate_of (lelang, store, 1);
  if (rate_of (lelang, store, slot) <= *out_first_bp)
    return FALSE;
  /* The slot of the store-day in which the store opened: one that began
   * before midnight started the day before (§4.2). */
  bsn_store_day_slot_window (store, at, slot, out_start, out_end);
  return TRUE;
}

static void
add_part (BsnAwardDecision   *d,
          BsnScheme           scheme,
          gint64              base,
          gint                key,
          gint32              rate,
          const BsnTierTable *table)
{
  BsnAwardPart *p = &d->parts[d->n_parts++];

  p->scheme = scheme;
  p->base_rp = base;
  p->key = key;
  p->rate_bp = rate;
  p->value_rp = bsn_money_apply_bp (base, rate);
  p->tier_version = table->version.id;
}

gboolean
bsn_award_rules_cut_to_budget (BsnAwardPart *parts,
                               guint         n_parts,
                               gint64        budget_rp,
                               gint64        used_rp)
{
  gint64 total = 0, excess;

  for (guint i = 0; i < n_parts; i++)
    total += parts[i].value_rp;
  excess = total - MAX (budget_rp - used_rp, 0);
  if (excess <= 0)
    return FALSE;
  for (gint i = (gint) n_parts - 1; i >= 0 && excess > 0; i--)
    {
      gint64 cut = MIN (excess, parts[i].value_rp);
      parts[i].value_rp -= cut;
      excess -= cut;
    }
  return TRUE;
}

/* The table the split needs for @scheme; NULL when the caller left it out. */
static const BsnTierTable *
needed_table (const BsnAwardInput *in,
              BsnScheme            scheme,
              GError             **error)
{
  if (in->tables[scheme] == NULL)
    g_set_error_literal (error, BSN_ERROR, BSN_ERROR_INVALID, _("Tabel tarif yang berlaku tidak diberikan"));
  return in->tables[scheme];
}

gboolean
bsn_award_rules_decide (const BsnAwardInput *in,
                        BsnAwardDecision    *out,
                        GError             **error)
{
  const BsnReceipt *r = in->receipt;
  const BsnStoreDay *store = in->store;
  const BsnTierTable *t;
  BsnAwardSplit split;

  memset (out, 0, sizeof *out);
  if (!store->active)
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_REFUSED, _("Toko nonaktif: tidak dapat memberi poin baru"));
      return FALSE;
    }
  if (!bsn_award_rules_split (r, store, in->quota_rp, &split, error))
    return FALSE;
  out->quota_met = split.quota_met;
  out->slot = split.slot;
  out->digit = r->digit;

  if (split.needs[BSN_SCHEME_SIAGA])
    {
      if ((t = needed_table (in, BSN_SCHEME_SIAGA, error)) == NULL)
        return FALSE;
      add_part (out, BSN_SCHEME_SIAGA, r->amount_rp, bsn_tier_table_siaga_threshold (t, in->status_rp),
                bsn_tier_table_siaga_rate (t, in->status_rp), t);
    }
  if (split.needs[BSN_SCHEME_STOPWATCH])
    {
      if ((t = needed_table (in, BSN_SCHEME_STOPWATCH, error)) == NULL)
        return FALSE;
      add_part (out, BSN_SCHEME_STOPWATCH, split.stopwatch_rp, r->digit, rate_of (t, store, r->digit), t);
    }
  if (split.needs[BSN_SCHEME_LELANG])
    {
      gint32 rate, first;
      BsnTime start, end;

      if ((t = needed_table (in, BSN_SCHEME_LELANG, error)) == NULL)
        return FALSE;
      rate = rate_of (t, store, split.slot);
      /* The slot cap (§5): past N receipts above the slot-I rate, the
       * slot-I rate applies. */
      if (bsn_award_rules_slot_cap_window (store, t, r->at, split.slot, in->slot_recipients, &start, &end, &first)
          && in->slot_above >= in->slot_recipients)
        {
          rate = first;
          out->capped = TRUE;
        }
      add_part (out, BSN_SCHEME_LELANG, split.lelang_rp, split.slot, rate, t);
    }
  if (in->daily_budget_rp >= 0
      && bsn_award_rules_cut_to_budget (out->parts, out->n_parts, in->daily_budget_rp, in->budget_used_rp))
    out->capped = TRUE;
  return TRUE;
}
