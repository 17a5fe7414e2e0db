/* bsn-bench-gen.c — the benchmark's data: a network database and a sales CSV.
 *
 *   bsn-bench-gen --receipts N --out DIR [--seed S]
 *
 * DIR/network.db is built through the reward library exactly as a new
 * network would be set up (bsn_db_open as `bsn-loyalty-cli init` does, then
 * stores of every role, band, level and scheme, customers with opening
 * balances carried over from paper cards, reserve deposits, a bonus rule
 * and a few titip jual lots). DIR/receipts.csv holds N receipts in the
 * import format (bsn-import.h) for those stores and customers.
 *
 * Up to LARGE_FROM receipts the network is the 16 stores below, from
 * 5 January 2026 at RECEIPTS_PER_STORE_DAY a store-day (the 10k, 100k and
 * 1M scales). Above it (the 10M scale) it is a year of a large network:
 * LARGE_STORES stores (the 16 and generated ones), the receipts spread
 * evenly over the LARGE_DAYS days that end on LARGE_LAST_DAY, so every
 * receipt lies in the past (the import refuses receipts from the future).
 *
 * Everything comes from one seeded splitmix64 stream, so the same arguments
 * always give a byte-identical CSV (the database differs only in the wall
 * clock of its audit rows). The CSV does not depend on the database: it can
 * be compared with other tools without ever opening network.db.
 */
#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "bsn-bonus.h"
#include "bsn-consign.h"
#include "bsn-customer.h"
#include "bsn-db.h"
#include "bsn-demo.h"
#include "bsn-ledger.h"
#include "bsn-reserve.h"
#include "bsn-store.h"

/* Receipts a store takes on an average day (the generator spreads them by
 * each store's weight). */
#define RECEIPTS_PER_STORE_DAY 300
/* The first business day of the data: after the switch to the
 * "Rekomendasi" lelang table (1 January 2026). */
#define START_YEAR  2026
#define START_MONTH 1
#define START_DAY   5
/* The large network (issue 22): 200 stores, a year ending 30 November
 * 2026, from this many receipts on. */
#define LARGE_FROM     1000000
#define LARGE_STORES   200
#define LARGE_DAYS     365
#define LARGE_LAST_YEAR  2026
#define LARGE_LAST_MONTH 11
#define LARGE_LAST_DAY   30

/* ---- A small deterministic PRNG (splitmix64) ---- */

typedef struct
{
  guint64 state;
} Rng;

static guint64
rng_next (Rng *rng)
{
  guint64 z = (rng->state += 0x9E3779B97F4A7C15ull);

  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

/* Uniform in [0, 1). */
static double
rng_double (Rng *rng)
{
  return (double) (rng_next (rng) >> 11) * 0x1.0p-53;
}

/* Uniform in [0, n). */
static guint64
rng_below (Rng    *rng,
           guint64 n)
{
  return (guint64) (rng_double (rng) * (double) n) % n;
}

/* ---- The network ---- */

typedef struct
{
  BsnStoreSpec spec;
  guint        weight;          /* relative number of receipts */
} BenchStore;

/* Every role, both margin bands, the three levels and the three scheme
 * choices appear; TK-WRG opens at 16:00 and closes after midnight. */
static const BenchStore bench_stores[] = {
  { { "IND-BDG", "Induk Bandung Raya", BSN_ROLE_INDUK, NULL, BSN_BAND_LOW, 2, BSN_SCHEMES_BOTH, 6, 200000 }, 14 },
  { { "IND-CMH", "Induk Cimahi", BSN_ROLE_INDUK, NULL, BSN_BAND_HIGH, 3, BSN_SCHEMES_BOTH, 6, 150000 }, 12 },
  { { "IND-GRT", "Induk Garut", BSN_ROLE_INDUK, NULL, BSN_BAND_LOW, 1, BSN_SCHEMES_STOPWATCH, 7, 100000 }, 10 },
  { { "ANK-DGO", "Anak Cabang Dago", BSN_ROLE_ANAK, "IND-BDG", BSN_BAND_LOW, 3, BSN_SCHEMES_BOTH, 7, 200000 }, 10 },
  { { "ANK-CBR", "Anak Cabang Cibiru", BSN_ROLE_ANAK, "IND-BDG", BSN_BAND_LOW, 1, BSN_SCHEMES_LELANG, 6, 100000 }, 8 },
  { { "ANK-KPO", "Anak Cabang Kopo", BSN_ROLE_ANAK, "IND-BDG", BSN_BAND_HIGH, 3, BSN_SCHEMES_LELANG, 10, 50000 }, 6 },
  { { "ANK-LBG", "Anak Cabang Lembang (sayur)", BSN_ROLE_ANAK, "IND-CMH", BSN_BAND_LOW, 2, BSN_SCHEMES_LELANG, 5, 75000 }, 9 },
  { { "ANK-SMD", "Anak Cabang Sumedang", BSN_ROLE_ANAK, "IND-CMH", BSN_BAND_HIGH, 1, BSN_SCHEMES_STOPWATCH, 8, 100000 }, 6 },
  { { "ANK-PSR", "Anak Cabang Pasar Garut", BSN_ROLE_ANAK, "IND-GRT", BSN_BAND_HIGH, 2, BSN_SCHEMES_BOTH, 8, 150000 }, 7 },
  { { "TK-SRI", "Toko Sembako Bu Sri", BSN_ROLE_TOKO, "IND-BDG", BSN_BAND_LOW, 2, BSN_SCHEMES_STOPWATCH, 7, 200000 }, 8 },
  { { "TK-GRG", "Gorengan Mang Ujang", BSN_ROLE_TOKO, NULL, BSN_BAND_HIGH, 3, BSN_SCHEMES_BOTH, 9, 50000 }, 5 },
  { { "TK-BUAH", "Kios Buah Segar Ceu Enok", BSN_ROLE_TOKO, "IND-CMH", BSN_BAND_HIGH, 1, BSN_SCHEMES_LELANG, 8, 100000 }, 5 },
  { { "TK-WRG", "Warung Malam Pak Dadang", BSN_ROLE_TOKO, NULL, BSN_BAND_LOW, 3, BSN_SCHEMES_STOPWATCH, 16, 50000 }, 4 },
  { { "TK-SYR", "Lapak Sayur Teh Euis", BSN_ROLE_TOKO, NULL, BSN_BAND_LOW, 1, BSN_SCHEMES_BOTH, 5, 75000 }, 4 },
  { { "TK-KLN", "Toko Kelontong Haji Iwan", BSN_ROLE_TOKO, "IND-GRT", BSN_BAND_HIGH, 2, BSN_SCHEMES_STOPWATCH, 10, 100000 }, 4 },
  { { "TK-MIE", "Mie Ayam Cecep", BSN_ROLE_TOKO, NULL, BSN_BAND_HIGH, 1, BSN_SCHEMES_BOTH, 11, 0 }, 3 },
};

/* The stores of this run: bench_stores, and for the large network
 * generated ones after them (every role, band, level and scheme). */
static GArray *stores;   /* BenchStore */

static const char *const town_names[] = {
  "Bandung", "Cimahi", "Garut", "Sumedang", "Tasikmalaya", "Ciamis", "Cianjur", "Sukabumi",
  "Subang", "Purwakarta", "Karawang", "Majalengka", "Kuningan", "Cirebon", "Indramayu", "Banjar",
};

static void
stores_init (guint n)
{
  stores = g_array_new (FALSE, FALSE, sizeof (BenchStore));
  g_array_append_vals (stores, bench_stores, G_N_ELEMENTS (bench_stores));
  for (guint i = G_N_ELEMENTS (bench_stores); i < n; i++)
    {
      static const char *const induk_codes[] = { "IND-BDG", "IND-CMH", "IND-GRT" };
      static const BsnSchemes schemes[] = { BSN_SCHEMES_STOPWATCH, BSN_SCHEMES_LELANG, BSN_SCHEMES_BOTH };
      gboolean anak = i % 4 == 0;
      BenchStore b = {
        { g_strdup_printf ("%s-%03u", anak ? "ANK" : "TK", i + 1),
          g_strdup_printf ("%s %s %u", anak ? "Anak Cabang" : "Toko", town_names[i % G_N_ELEMENTS (town_names)],
                           i + 1),
          anak ? BSN_ROLE_ANAK : BSN_ROLE_TOKO,
          anak || i % 3 == 0 ? induk_codes[i % G_N_ELEMENTS (induk_codes)] : NULL,
          i % 2 ? BSN_BAND_HIGH : BSN_BAND_LOW,
          (gint) (i % 3) + 1,
          schemes[(i / 2) % G_N_ELEMENTS (schemes)],
          6 + (gint) (i % 5),
          (gint64) (i % 4) * 50000 },
        3 + i % 5
      };
      g_array_append_val (stores, b);
    }
}

#define STORE(i) (&g_array_index (stores, BenchStore, (i)))

static const char *const given_names[] = {
  "Siti", "Budi", "Sari", "Andi", "Dewi", "Agus", "Rina", "Dedi", "Yanti", "Asep", "Euis", "Ujang",
  "Nining", "Hendra", "Lilis", "Iwan", "Wulan", "Rudi", "Tati", "Cecep", "Neng", "Dadang", "Ratna", "Eko",
};
static const char *const family_names[] = {
  "Suryani", "Hidayat", "Rahmawati", "Saputra", "Kusnadi", "Permana", "Nurhayati", "Setiawan",
  "Lestari", "Gunawan", "Wijaya", "Fitriani", "Pratama", "Maulana", "Susanti", "Kurniawan",
};

typedef struct
{
  const char *code;
  const char *name;
  gint64      qty;
  gint64      cost_rp;
  gint64      price_rp;
  char        scheme;
  const char *induk;
  const char *anak;
} BenchLot;

static const BenchLot bench_lots[] = {
  { "BTK-KMJ", "Kemeja batik Cirebon", 100, 80000, 100000, 'A', "IND-BDG", "ANK-DGO" },
  { "KPI-ARB", "Kopi arabika Malabar 250 g", 60, 45000, 58000, 'B', "IND-BDG", "ANK-CBR" },
  { "MDU-HTN", "Madu hutan 500 ml", 40, 70000, 90000, 'B', "IND-CMH", "ANK-LBG" },
  { "DDL-GRT", "Dodol Garut isi 20", 120, 18000, 25000, 'A', "IND-GRT", "ANK-PSR" },
};

static guint
customers_for (guint64 receipts)
{
  return (guint) MAX (200, receipts / 50);
}

static char *
customer_code (guint index)
{
  return g_strdup_printf ("C%06u", index + 1);
}

static gboolean
add_stores (BsnDb   *db,
            BsnTime  start,
            GError **error)
{
  for (guint i = 0; i < stores->len; i++)
    {
      const BenchStore *b = STORE (i);
      gint64 id = bsn_demo_add_store (db, &b->spec, error);

      if (id == 0)
        return FALSE;
      /* A reserve far above what the awards draw, so the reserve rule
       * never switches a store off in the middle of a benchmark. */
      if (!bsn_reserve_deposit (db, id, (gint64) 5000000000, start - 3600, NULL, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
add_customers (BsnDb   *db,
               Rng     *rng,
               guint    n,
               BsnTime  start,
               GError **error)
{
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BsnCustomer) c = bsn_customer_new ();

      c->code = customer_code (i);
      c->name = g_strdup_printf ("%s %s", given_names[rng_below (rng, G_N_ELEMENTS (given_names))],
                                 family_names[rng_below (rng, G_N_ELEMENTS (family_names))]);
      g_free (c->phone);
      c->phone = g_strdup_printf ("08%02u-%04u-%04u", (guint) (11 + rng_below (rng, 88)),
                                  (guint) rng_below (rng, 10000), (guint) rng_below (rng, 10000));
      if (!bsn_customer_add (db, c, error))
        return FALSE;
      /* A third carry points over from the paper cards used before. */
      if (rng_below (rng, 3) == 0
          && !bsn_ledger_post_opening (db, c->id, (gint64) (5 + rng_below (rng, 400)) * 500, start - 1800, NULL, NULL,
                                       error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
add_bonus_rule (BsnDb   *db,
                BsnTime  start,
                GError **error)
{
  g_autoptr(BsnBonusRule) rule = bsn_bonus_rule_new ();

  rule->code = g_strdup ("SURPRISE-POIN");
  rule->name = g_strdup ("Bonus Surprise Poin Voucher");
  rule->kind = g_strdup ("surprise_points");
  rule->rate_bp = 1000;
  rule->produsen_bp = 4500;
  rule->ritel_bp = 3500;
  rule->bsn_bp = 2000;
  rule->every_nth = 25;
  rule->min_amount_rp = 100000;
  rule->valid_from = start;
  return bsn_bonus_rule_add (db, rule, error);
}

/* A few titip jual lots from induk to anak, accepted and partly sold in
 * the first days (before the receipts, which do not involve them). */
static gboolean
add_lots (BsnDb   *db,
          Rng     *rng,
          BsnTime  start,
          GError **error)
{
  gint64 day0 = bsn_time_day (start) - 10;

  for (guint i = 0; i < G_N_ELEMENTS (bench_lots); i++)
    {
      const BenchLot *b = &bench_lots[i];
      g_autoptr(BsnLot) lot = bsn_lot_new ();
      g_autoptr(BsnStore) induk = bsn_store_find (db, b->induk, error);
      g_autoptr(BsnStore) anak = induk ? bsn_store_find (db, b->anak, error) : NULL;
      gint64 remaining = b->qty;

      if (anak == NULL)
        return FALSE;
      lot->induk_id = induk->id;
      lot->anak_id = anak->id;
      lot->sku = g_strdup (b->code);
      lot->name = g_strdup (b->name);
      lot->qty = b->qty;
      lot->cost_rp = b->cost_rp;
      lot->price_rp = b->price_rp;
      lot->offered_day = day0;
      lot->period_days = 14;
      lot->stage_days[0] = lot->stage_days[1] = lot->stage_days[2] = 7;
      lot->scheme = b->scheme;
      if (!bsn_lot_offer (db, lot, error) || !bsn_lot_accept (db, lot->id, 0, day0 + 1, error))
        return FALSE;
      for (gint64 day = day0 + 2; day < day0 + 10 && remaining > 0; day++)
        {
          BsnLotSale sale;
          gint64 qty = MIN (remaining, (gint64) (1 + rng_below (rng, 8)));

          if (!bsn_lot_sell (db, lot->id, qty, day, 0, &sale, error))
            return FALSE;
          remaining -= qty;
        }
    }
  return TRUE;
}

static gboolean
build_network (const char *path,
               guint64     seed,
               guint       n_customers,
               BsnTime     start,
               GError    **error)
{
  g_autoptr(BsnDb) db = NULL;
  Rng rng = { seed ^ 0x6E6574776F726Bull };

  db = bsn_db_open (path, BSN_DB_OPEN_CREATE, error);
  if (db == NULL || !bsn_db_begin_batch (db, error))
    return FALSE;
  if (!add_stores (db, start, error) || !add_customers (db, &rng, n_customers, start, error)
      || !add_bonus_rule (db, start, error) || !add_lots (db, &rng, start, error))
    {
      bsn_db_rollback (db);
      return FALSE;
    }
  return bsn_db_commit (db, error);
}

/* ---- The receipts ---- */

typedef struct
{
  BsnTime at;
  guint   store;
  guint   customer;
} Visit;

static gint
compare_visits (gconstpointer a,
                gconstpointer b)
{
  const Visit *x = a, *y = b;

  if (x->at != y->at)
    return x->at < y->at ? -1 : 1;
  return x->store < y->store ? -1 : x->store > y->store;
}

/* Cumulative weights over customer ranks 1..n with weight 1/rank^0.9: a
 * few regulars shop almost daily, the long tail now and then. */
static double *
zipf_cdf_new (guint n)
{
  double *cdf = g_new (double, n);
  double sum = 0;

  for (guint i = 0; i < n; i++)
    cdf[i] = (sum += pow ((double) (i + 1), -0.9));
  for (guint i = 0; i < n; i++)
    cdf[i] /= sum;
  return cdf;
}

static guint
zipf_pick (const double *cdf,
           guint         n,
           double        u)
{
  guint lo = 0, hi = n - 1;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      if (cdf[mid] < u)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/* Rp5.000 to Rp500.000, log-skewed toward small baskets, whole Rp500. */
static gint64
pick_amount (Rng *rng)
{
  double u = rng_double (rng);
  double rp = exp (log (5000.0) + (log (500000.0) - log (5000.0)) * u * u);

  return MAX (5000, (gint64) rp / 500 * 500);
}

static gboolean
write_receipts (const char *path,
                guint64     seed,
                guint64     n_receipts,
                guint       n_customers,
                BsnTime     start,
                guint64     per_day,
                GError    **error)
{
  g_autofree double *cdf = zipf_cdf_new (n_customers);
  g_autofree guint *perm = g_new (guint, n_customers);
  g_autofree guint *serial = g_new0 (guint, stores->len);
  g_autoptr(GArray) visits = g_array_new (FALSE, FALSE, sizeof (Visit));
  guint total_weight = 0;
  guint64 written = 0;
  Rng rng = { seed };
  FILE *f;

  /* The popular customers are scattered over the codes, not C000001… */
  for (guint i = 0; i < n_customers; i++)
    perm[i] = i;
  for (guint i = n_customers - 1; i > 0; i--)
    {
      guint j = (guint) rng_below (&rng, i + 1), t = perm[i];
      perm[i] = perm[j];
      perm[j] = t;
    }
  for (guint s = 0; s < stores->len; s++)
    total_weight += STORE (s)->weight;

  f = fopen (path, "w");
  if (f == NULL)
    {
      int saved = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved), "%s: %s", path, g_strerror (saved));
      return FALSE;
    }
  fputs ("receipt,store,customer,amount,at,digit,perishable_amount\n", f);

  for (gint64 day = 0; written < n_receipts; day++)
    {
      guint64 today = MIN (per_day, n_receipts - written);

      g_array_set_size (visits, 0);
      for (guint64 i = 0; i < today; i++)
        {
          guint pick = (guint) rng_below (&rng, total_weight), s = 0;
          Visit v;

          while (pick >= STORE (s)->weight)
            pick -= STORE (s++)->weight;
          v.store = s;
          v.at = start + day * BSN_SECONDS_PER_DAY + STORE (s)->spec.opening_hour * 3600
                 + (BsnTime) rng_below (&rng, 10 * 3600);
          v.customer = perm[zipf_pick (cdf, n_customers, rng_double (&rng))];
          g_array_append_val (visits, v);
        }
      g_array_sort (visits, compare_visits);

      for (guint i = 0; i < visits->len; i++)
        {
          const Visit *v = &g_array_index (visits, Visit, i);
          const BenchStore *b = STORE (v->store);
          g_autofree char *at = bsn_time_format_iso (v->at);
          g_autofree char *customer = customer_code (v->customer);
          gint64 amount = pick_amount (&rng);
          char digit[4] = "", perishable[32] = "";

          gint64 fresh = -1;

          /* Mixed baskets in stores that run both schemes: the perishable
           * part goes to lelang waktu. */
          if (b->spec.schemes == BSN_SCHEMES_BOTH && rng_below (&rng, 2) == 0)
            {
              fresh = amount * (gint64) rng_below (&rng, 11) / 10 / 500 * 500;
              g_snprintf (perishable, sizeof perishable, "%" G_GINT64_FORMAT, fresh);
            }
          /* The stopwatch's lucky digit comes with every receipt that has a
           * durable part in a stopwatch store (the award requires it). */
          if (b->spec.schemes & BSN_SCHEMES_STOPWATCH && fresh != amount)
            g_snprintf (digit, sizeof digit, "%u", (guint) rng_below (&rng, 10));
          fprintf (f, "%s-%07u,%s,%s,%" G_GINT64_FORMAT ",%s,%s,%s\n", b->spec.code, ++serial[v->store], b->spec.code,
                   customer, amount, at, digit, perishable);
        }
      written += today;
    }

  if (fclose (f) != 0)
    {
      int saved = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved), "%s: %s", path, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

int
main (int    argc,
      char **argv)
{
  gint64 receipts = 0, seed = 2026;
  g_autofree char *out = NULL;
  GOptionEntry entries[] = {
    { "receipts", 0, 0, G_OPTION_ARG_INT64, &receipts, "Number of receipts in receipts.csv", "N" },
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &out, "Directory for network.db and receipts.csv", "DIR" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, "Seed (same seed, same data; default 2026)", "S" },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("— benchmark data for BSN Loyalty");
  g_autoptr(GError) error = NULL;
  g_autofree char *db_path = NULL, *csv_path = NULL;
  BsnTime start = bsn_time_from_ymd_hms (START_YEAR, START_MONTH, START_DAY, 0, 0, 0);
  guint64 per_day = (guint64) RECEIPTS_PER_STORE_DAY * G_N_ELEMENTS (bench_stores);
  guint n_customers;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (receipts <= 0 || out == NULL)
    {
      g_printerr ("usage: bsn-bench-gen --receipts N --out DIR [--seed S]\n");
      return 2;
    }
  if (g_mkdir_with_parents (out, 0755) != 0)
    {
      g_printerr ("%s: %s\n", out, g_strerror (errno));
      return 1;
    }
  db_path = g_build_filename (out, "network.db", NULL);
  csv_path = g_build_filename (out, "receipts.csv", NULL);
  n_customers = customers_for ((guint64) receipts);
  if (receipts > LARGE_FROM)
    {
      stores_init (LARGE_STORES);
      per_day = ((guint64) receipts + LARGE_DAYS - 1) / LARGE_DAYS;
      start = bsn_time_from_ymd_hms (LARGE_LAST_YEAR, LARGE_LAST_MONTH, LARGE_LAST_DAY, 0, 0, 0)
              - (BsnTime) (LARGE_DAYS - 1) * BSN_SECONDS_PER_DAY;
    }
  else
    stores_init (G_N_ELEMENTS (bench_stores));

  /* A fresh network every time: the import must start from the same state. */
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *p = g_strconcat (db_path, (const char *[]){ "", "-wal", "-shm" }[i], NULL);
      g_unlink (p);
    }
  if (!build_network (db_path, (guint64) seed, n_customers, start, &error)
      || !write_receipts (csv_path, (guint64) seed, (guint64) receipts, n_customers, start, per_day, &error))
    {
      g_printerr ("bsn-bench-gen: %s\n", error->message);
      return 1;
    }
  g_print ("{\"receipts\": %" G_GINT64_FORMAT ", \"customers\": %u, \"stores\": %u, \"db\": \"%s\", \"csv\": \"%s\"}\n",
           receipts, n_customers, stores->len, db_path, csv_path);
  return 0;
}
