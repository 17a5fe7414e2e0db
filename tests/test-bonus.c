/* test-bonus.c — the rules of program bonuses (DOMAIN.md §4.5): the size
 * each kind allows, who funds it, fixed-point kinds, and ending a rule;
 * every refusal with its Indonesian message and its code. */
#include "config.h"

#include <string.h>

#include "bsn-audit.h"
#include "bsn-bonus.h"
#include "bsn-error.h"
#include "bsn-test-util.h"

static BsnTime
at (const char *iso)
{
  BsnTime t = 0;
  g_assert_true (bsn_time_parse (iso, &t, NULL));
  return t;
}

static BsnBonusRule *
rule (const char *code,
      const char *kind,
      gint32      rate_bp,
      gint64      points_rp)
{
  BsnBonusRule *r = bsn_bonus_rule_new ();

  r->code = g_strdup (code);
  r->name = g_strdup (code != NULL ? "Bonus uji" : NULL);
  r->kind = g_strdup (kind);
  r->rate_bp = rate_bp;
  r->points_rp = points_rp;
  r->produsen_bp = 5000;
  r->ritel_bp = 3000;
  r->bsn_bp = 2000;
  r->valid_from = at ("2026-11-01T00:00:00");
  return r;
}

static void
assert_refused (BsnDb        *db,
                BsnBonusRule *r,
                gint          code,
                const char   *message)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (bsn_bonus_rule_add (db, r, &error));
  g_assert_error (error, BSN_ERROR, code);
  g_assert_cmpstr (error->message, ==, message);
}

static guint
rule_count (BsnDb *db)
{
  g_autoptr(GPtrArray) list = bsn_bonus_rule_list (db, NULL);

  g_assert_nonnull (list);
  return list != NULL ? list->len : G_MAXUINT;
}

/* Each kind's range, both ends included; "up to N %" kinds start above 0. */
static void
test_rate_ranges (void)
{
  static const struct { const char *kind; gint32 bp; gboolean ok; const char *message; } cases[] = {
    { "surprise_goods", 2000, TRUE, NULL },
    { "surprise_goods", 3000, TRUE, NULL },
    { "surprise_goods", 1999, FALSE,
      "Besar Bonus Surprise Barang Langsung 19,99 % di luar batas: harus antara 20 % dan 30 % dari belanja" },
    { "surprise_goods", 3001, FALSE,
      "Besar Bonus Surprise Barang Langsung 30,01 % di luar batas: harus antara 20 % dan 30 % dari belanja" },
    { "surprise_points", 1, TRUE, NULL },
    { "surprise_points", 0, FALSE,
      "Besar Bonus Surprise Poin Voucher 0 % di luar batas: harus lebih dari 0 % dan paling banyak 30 % dari "
      "belanja" },
    { "siaga", 100, TRUE, NULL },
    { "siaga", 500, TRUE, NULL },
    { "siaga", 50, FALSE, "Besar Bonus Poin Siaga 0,5 % di luar batas: harus antara 1 % dan 5 % dari belanja" },
    { "stopwatch", 1001, FALSE,
      "Besar Bonus Poin Stopwatch 10,01 % di luar batas: harus antara 1 % dan 10 % dari belanja" },
    { "lelang", 1500, TRUE, NULL },
    { "lelang", 1501, FALSE,
      "Besar Bonus Poin Lelang Waktu 15,01 % di luar batas: harus lebih dari 0 % dan paling banyak 15 % dari "
      "belanja" },
    { "registration", 0, TRUE, NULL },
    { "referral", 1, FALSE,
      "Besar Bonus Poin Referral 0,01 % di luar batas: harus lebih dari 0 % dan paling banyak 0 % dari belanja" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      gboolean ok = bsn_bonus_rate_validate (cases[i].kind, cases[i].bp, &error);
      g_assert_cmpint (ok, ==, cases[i].ok);
      if (cases[i].ok)
        g_assert_no_error (error);
      else
        {
          g_assert_error (error, BSN_ERROR, BSN_ERROR_REFUSED);
          g_assert_cmpstr (error->message, ==, cases[i].message);
        }
    }
}

static void
test_kinds (void)
{
  g_autoptr(GError) error = NULL;
  gint32 lo = -1, hi = -1;

  g_assert_true (bsn_bonus_kind_valid ("referral"));
  g_assert_false (bsn_bonus_kind_valid ("cashback"));
  g_assert_false (bsn_bonus_kind_valid (NULL));
  g_assert_cmpstr (bsn_bonus_kind_label ("siaga"), ==, "Bonus Poin Siaga");
  /* A kind this version does not know is named by its code. */
  g_assert_cmpstr (bsn_bonus_kind_label ("cashback"), ==, "cashback");
  g_assert_true (bsn_bonus_kind_range ("stopwatch", &lo, &hi));
  g_assert_cmpint (lo, ==, 100);
  g_assert_cmpint (hi, ==, 1000);
  g_assert_false (bsn_bonus_kind_range ("cashback", &lo, &hi));
  g_assert_cmpint (lo, ==, 100);

  g_assert_false (bsn_bonus_rate_validate ("cashback", 100, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==,
                   "Jenis bonus “cashback” tidak dikenal: pilih surprise_goods, surprise_points, siaga, stopwatch, "
                   "lelang, registration atau referral");
  g_clear_error (&error);
  g_assert_false (bsn_bonus_rate_validate (NULL, 100, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==,
                   "Jenis bonus “” tidak dikenal: pilih surprise_goods, surprise_points, siaga, stopwatch, "
                   "lelang, registration atau referral");
}

/* Adding a rule: every refusal leaves no rule behind. */
static void
test_add_refusals (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  g_autoptr(BsnBonusRule) no_code = rule ("", "siaga", 200, 0);
  g_autoptr(BsnBonusRule) bad_code = rule ("SIAGA 1", "siaga", 200, 0);
  g_autoptr(BsnBonusRule) no_name = rule ("SIAGA1", "siaga", 200, 0);
  g_autoptr(BsnBonusRule) big = rule ("SIAGA1", "siaga", 600, 0);
  g_autoptr(BsnBonusRule) unknown = rule ("X1", "cashback", 600, 0);
  g_autoptr(BsnBonusRule) rate_with_points = rule ("SW1", "stopwatch", 200, 5000);
  g_autoptr(BsnBonusRule) reg_no_points = rule ("REG9", "registration", 0, 0);
  g_autoptr(BsnBonusRule) reg_negative = rule ("REG9", "registration", 0, -1000);
  g_autoptr(BsnBonusRule) reg_too_many = rule ("REG9", "registration", 0, 1000001);
  g_autoptr(BsnBonusRule) split = rule ("SIAGA1", "siaga", 200, 0);
  g_autoptr(BsnBonusRule) negative_share = rule ("SIAGA1", "siaga", 200, 0);
  g_autoptr(BsnBonusRule) every0 = rule ("SIAGA1", "siaga", 200, 0);
  g_autoptr(BsnBonusRule) min_negative = rule ("SIAGA1", "siaga", 200, 0);
  g_autoptr(BsnBonusRule) ends_first = rule ("SIAGA1", "siaga", 200, 0);
  g_autoptr(BsnBonusRule) ends_at_start = rule ("SIAGA1", "siaga", 200, 0);
  g_autoptr(BsnBonusRule) good = rule ("SIAGA1", "siaga", 200, 0);
  g_autoptr(BsnBonusRule) again = rule ("SIAGA1", "lelang", 200, 0);
  g_autoptr(BsnBonusRule) reg_max = rule (NULL, "registration", 0, 1000000);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GPtrArray) audit = NULL;

  assert_refused (t->db, no_code, BSN_ERROR_INVALID, "Kode bonus wajib diisi");
  assert_refused (t->db, bad_code, BSN_ERROR_INVALID,
                  "Kode bonus “SIAGA 1” hanya boleh berisi huruf, angka, “-” dan “_”");
  g_free (no_name->name);
  no_name->name = g_strdup ("");
  assert_refused (t->db, no_name, BSN_ERROR_INVALID, "Nama bonus wajib diisi");
  assert_refused (t->db, big, BSN_ERROR_REFUSED,
                  "Besar Bonus Poin Siaga 6 % di luar batas: harus antara 1 % dan 5 % dari belanja");
  assert_refused (t->db, unknown, BSN_ERROR_INVALID,
                  "Jenis bonus “cashback” tidak dikenal: pilih surprise_goods, surprise_points, siaga, stopwatch, "
                  "lelang, registration atau referral");
  assert_refused (t->db, rate_with_points, BSN_ERROR_REFUSED,
                  "Bonus Poin Stopwatch dihitung dari belanja (--rate), bukan poin tetap");
  assert_refused (t->db, reg_no_points, BSN_ERROR_REFUSED,
                  "Bonus Poin Pendaftaran memberi poin tetap: --points 1 sampai 1000 poin");
  assert_refused (t->db, reg_negative, BSN_ERROR_REFUSED,
                  "Bonus Poin Pendaftaran memberi poin tetap: --points 1 sampai 1000 poin");
  assert_refused (t->db, reg_too_many, BSN_ERROR_REFUSED,
                  "Bonus Poin Pendaftaran memberi poin tetap: --points 1 sampai 1000 poin");
  split->bsn_bp = 1999;
  assert_refused (t->db, split, BSN_ERROR_INVALID, "Pembagian dana produsen, ritel dan BSN harus berjumlah 100 %");
  negative_share->produsen_bp = -1000;
  negative_share->ritel_bp = 9000;
  negative_share->bsn_bp = 2000;
  assert_refused (t->db, negative_share, BSN_ERROR_INVALID,
                  "Pembagian dana produsen, ritel dan BSN harus berjumlah 100 %");
  every0->every_nth = 0;
  assert_refused (t->db, every0, BSN_ERROR_INVALID, "Syarat bonus tidak sah");
  min_negative->min_amount_rp = -1;
  assert_refused (t->db, min_negative, BSN_ERROR_INVALID, "Syarat bonus tidak sah");
  ends_first->valid_to = at ("2026-10-31T23:59:59");
  assert_refused (t->db, ends_first, BSN_ERROR_INVALID, "Syarat bonus tidak sah");
  ends_at_start->valid_to = ends_at_start->valid_from;
  assert_refused (t->db, ends_at_start, BSN_ERROR_INVALID, "Syarat bonus tidak sah");
  g_assert_cmpuint (rule_count (t->db), ==, 0);

  good->min_amount_rp = 50000;
  good->every_nth = 3;
  good->valid_to = at ("2026-12-01T00:00:00");
  g_assert_true (bsn_bonus_rule_add (t->db, good, &error));
  g_assert_no_error (error);
  g_assert_cmpint (good->id, >, 0);
  assert_refused (t->db, again, BSN_ERROR_EXISTS, "Kode bonus “SIAGA1” sudah dipakai");

  /* A fixed-point kind without a code or a name gets both; 1000 poin is
   * the most it may give. */
  g_assert_true (bsn_bonus_rule_add (t->db, reg_max, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (reg_max->code, ==, "REG-2");
  g_assert_cmpstr (reg_max->name, ==, "Bonus Poin Pendaftaran");

  list = bsn_bonus_rule_list (t->db, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
  {
    BsnBonusRule *r0 = list->pdata[0], *r1 = list->pdata[1];
    g_assert_cmpstr (r0->code, ==, "REG-2");
    g_assert_cmpstr (r0->kind, ==, "registration");
    g_assert_cmpint (r0->points_rp, ==, 1000000);
    g_assert_cmpint (r0->rate_bp, ==, 0);
    g_assert_cmpint (r0->valid_to, ==, 0);
    g_assert_cmpstr (r1->code, ==, "SIAGA1");
    g_assert_cmpstr (r1->name, ==, "Bonus uji");
    g_assert_cmpint (r1->rate_bp, ==, 200);
    g_assert_cmpint (r1->produsen_bp, ==, 5000);
    g_assert_cmpint (r1->ritel_bp, ==, 3000);
    g_assert_cmpint (r1->bsn_bp, ==, 2000);
    g_assert_cmpint (r1->store_id, ==, 0);
    g_assert_cmpint (r1->min_amount_rp, ==, 50000);
    g_assert_cmpint (r1->every_nth, ==, 3);
    g_assert_cmpint (r1->valid_from, ==, at ("2026-11-01T00:00:00"));
    g_assert_cmpint (r1->valid_to, ==, at ("2026-12-01T00:00:00"));
    g_assert_true (r1->active);
  }
  /* Only the two rules added are in the audit trail. */
  audit = bsn_audit_list (t->db, 0, 0, "bonus.add", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (audit->len, ==, 2);
  g_assert_cmpstr (((BsnAuditEntry *) audit->pdata[0])->subject, ==, "REG-2");
  g_assert_cmpstr (((BsnAuditEntry *) audit->pdata[1])->subject, ==, "SIAGA1");
}

/* Ending a rule: only one still in force at that time, after its start. */
static void
test_end (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  g_autoptr(BsnBonusRule) r = rule ("SW1", "stopwatch", 200, 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GPtrArray) audit = NULL;

  g_assert_true (bsn_bonus_rule_add (t->db, r, &error));
  g_assert_no_error (error);

  g_assert_false (bsn_bonus_rule_end (t->db, "TIDAKADA", at ("2026-11-15T00:00:00"), &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==, "Tidak ada aturan bonus “TIDAKADA” yang masih berlaku pada waktu itu");
  g_clear_error (&error);
  /* Not before or at its start. */
  g_assert_false (bsn_bonus_rule_end (t->db, "SW1", at ("2026-11-01T00:00:00"), &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==, "Tidak ada aturan bonus “SW1” yang masih berlaku pada waktu itu");
  g_clear_error (&error);

  g_assert_true (bsn_bonus_rule_end (t->db, "SW1", at ("2026-11-15T00:00:00"), &error));
  g_assert_no_error (error);
  /* Ended earlier again: the end moves back; later: it has ended. */
  g_assert_true (bsn_bonus_rule_end (t->db, "SW1", at ("2026-11-10T00:00:00"), &error));
  g_assert_no_error (error);
  g_assert_false (bsn_bonus_rule_end (t->db, "SW1", at ("2026-11-10T00:00:00"), &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (bsn_bonus_rule_end (t->db, "SW1", at ("2026-11-20T00:00:00"), &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_NOT_FOUND);
  g_clear_error (&error);

  list = bsn_bonus_rule_list (t->db, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpint (((BsnBonusRule *) list->pdata[0])->valid_to, ==, at ("2026-11-10T00:00:00"));

  /* The trail holds the two ends that happened, not the refused ones. */
  audit = bsn_audit_list (t->db, 0, 0, "bonus.end", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (audit->len, ==, 2);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/bonus/rate-ranges", test_rate_ranges);
  g_test_add_func ("/bonus/kinds", test_kinds);
  g_test_add_func ("/bonus/add-refusals", test_add_refusals);
  g_test_add_func ("/bonus/end", test_end);
  return g_test_run ();
}
