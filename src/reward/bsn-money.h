/* bsn-money.h — Rupiah, basis points and points (DOMAIN.md §2).
 *
 * Money is whole Rupiah in a signed 64-bit integer, never floating point.
 * Rates are basis points (1 % = 100 bp). 1 poin = Rp1.000, so the ledger
 * keeps Rupiah and points are only a way of showing them.
 *
 * Parsing follows Indonesian writing: "Rp1.250.000" ('.' groups thousands,
 * ',' starts the decimals), "3,5 %". Garbage is refused with a message that
 * says what was wrong and where.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define BSN_RP_PER_POINT 1000
#define BSN_BP_100_PERCENT 10000

/* Parses an amount of Rupiah: "Rp1.250.000", "1.250.000", "1250000",
 * "Rp 1.250.000,00", "-Rp500". Thousands groups must be of three digits;
 * decimals, if any, must be zero (Rupiah has no cents). */
gboolean bsn_money_parse (const char *text, gint64 *out_rp, GError **error);

/* Like bsn_money_parse() but refuses negative amounts. */
gboolean bsn_money_parse_nonneg (const char *text, gint64 *out_rp, GError **error);

/* "Rp1.250.000", "-Rp500", "Rp0". (transfer full) */
char *bsn_money_format (gint64 rp);

/* Parses a percentage into basis points: "3,5 %", "3,5%", "3.5", "6", "0,25".
 * At most two decimals, between 0 and 100 %. */
gboolean bsn_bp_parse (const char *text, gint32 *out_bp, GError **error);

/* "3,5 %", "6 %", "0,25 %". (transfer full) */
char *bsn_bp_format (gint32 bp);

/* Parses points ("15", "2,25") into Rupiah (1 poin = Rp1.000). */
gboolean bsn_points_parse (const char *text, gint64 *out_rp, GError **error);

/* "15 poin", "2,25 poin" for Rp15.000 and Rp2.250. (transfer full) */
char *bsn_points_format (gint64 rp);

/* floor(amount × bp / 10 000) for amount ≥ 0 and 0 ≤ bp, without overflow. */
gint64 bsn_money_apply_bp (gint64 amount_rp, gint32 bp);

/* Splits @total_rp into @n parts by @parts_bp (which sum to 10 000); each
 * part is floored and the remainder goes to part @remainder_to, so the parts
 * always add up to the whole (DOMAIN.md §9). */
void bsn_money_split (gint64        total_rp,
                      const gint32 *parts_bp,
                      guint         n,
                      guint         remainder_to,
                      gint64       *out_parts);

G_END_DECLS
