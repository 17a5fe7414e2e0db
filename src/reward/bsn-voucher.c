/* bsn-voucher.c — vouchers, redemption and settlement (see bsn-voucher.h). */
#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <string.h>
#include <stdio.h>
#include <sys/random.h>

#include "bsn-customer.h"
#include "bsn-audit.h"
#include "bsn-auth.h"
#include "bsn-error.h"
#include "bsn-expiry.h"
#include "bsn-ledger.h"
#include "bsn-money.h"
#include "bsn-store.h"
#include "bsn-voucher.h"

#define CODE_CHARS 16   /* 80 random bits */

static const char alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

static gint
char_value (char c)
{
  c = g_ascii_toupper (c);
  if (c == 'O')
    c = '0';
  if (c == 'I' || c == 'L')
    c = '1';
  for (gint i = 0; i < 32; i++)
    if (alphabet[i] == c)
      return i;
  return -1;
}

/* Crockford's check symbol: the code read as a base-32 number, modulo
 * the prime 37. It catches every single wrong character and every swap of
 * two neighbours. Values 32–36 are written * ~ $ = U. */
static const char check_symbols[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ*~$=U";

static gint
check_value (const gint *values,
             gsize       n)
{
  gint r = 0;

  for (gsize i = 0; i < n; i++)
    r = (r * 32 + values[i]) % 37;
  return r;
}

static gint
check_symbol_value (char c)
{
  c = g_ascii_toupper (c);
  if (c == 'U' || c == '*' || c == '~' || c == '$' || c == '=')
    return (gint) (strchr (check_symbols, c) - check_symbols);
  return char_value (c);
}

static char *
format_code (const gint *values)
{
  GString *s = g_string_new ("BSN");

  for (gint i = 0; i < CODE_CHARS; i++)
    {
      if (i % 4 == 0)
        g_string_append_c (s, '-');
      g_string_append_c (s, alphabet[values[i]]);
    }
  g_string_append_c (s, '-');
  g_string_append_c (s, check_symbols[check_value (values, CODE_CHARS)]);
  return g_string_free (s, FALSE);
}

char *
bsn_voucher_code_new (void)
{
  guint8 bytes[CODE_CHARS];
  gint values[CODE_CHARS];
  gsize got = 0;

  while (got < sizeof bytes)
    {
      ssize_t n = getrandom (bytes + got, sizeof bytes - got, 0);
      if (n < 0 && errno != EINTR)
        g_error ("getrandom failed: %s", g_strerror (errno));
      if (n > 0)
        got += (gsize) n;
    }
  for (gint i = 0; i < CODE_CHARS; i++)
    values[i] = bytes[i] % 32;   /* 256 is a multiple of 32: no bias */
  return format_code (values);
}

gboolean
bsn_voucher_code_check (const char *code,
                        char      **out_canonical,
                        GError    **error)
{
  gint values[CODE_CHARS + 1];
  gsize n = 0;
  const char *p = code ? code : "";

  while (*p == ' ')
    p++;
  if (g_ascii_strncasecmp (p, "BSN", 3) == 0)
    p += 3;
  for (; *p; p++)
    {
      gint v;
      if (*p == '-' || *p == ' ')
        continue;
      v = n == CODE_CHARS ? check_symbol_value (*p) : char_value (*p);
      if (v < 0 || n >= G_N_ELEMENTS (values))
        {
          g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID,
                       _("Kode voucher tidak sah: periksa kembali (%d huruf/angka sesudah BSN)"), CODE_CHARS + 1);
          return FALSE;
        }
      values[n++] = v;
    }
  if (n != CODE_CHARS + 1)
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID,
                   _("Kode voucher tidak sah: periksa kembali (%d huruf/angka sesudah BSN)"), CODE_CHARS + 1);
      return FALSE;
    }
  if (check_value (values, CODE_CHARS) != values[CODE_CHARS])
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID,
                   _("Kode voucher salah ketik: angka pemeriksa tidak cocok"));
      return FALSE;
    }
  if (out_canonical)
    *out_canonical = format_code (values);
  return TRUE;
}

void
bsn_voucher_free (BsnVoucher *v)
{
  if (v == NULL)
    return;
  g_free (v->code);
  g_free (v->customer_code);
  g_free (v->redeemed_store);
  g_free (v);
}

void
bsn_voucher_check_clear (BsnVoucherCheck *check)
{
  g_clear_pointer (&check->reason, g_free);
  g_clear_pointer (&check->code, g_free);
}

void
bsn_settlement_line_free (BsnSettlementLine *line)
{
  if (line == NULL)
    return;
  g_free (line->from_code);
  g_free (line->to_code);
  g_free (line);
}

typedef struct
{
  gint64 store_id;
  gint64 outstanding;
} Backing;

/* What each store still backs of the customer's points. */
static GArray *
store_backing (BsnDb   *db,
               gint64   customer_id,
               gint64   account,
               GError **error)
{
  g_autoptr(GArray) list = g_array_new (FALSE, FALSE, sizeof (Backing));
  BsnStmt *stmt = bsn_db_prepare (db,
                                       "SELECT a.store_id, -sum(l.amount_rp) FROM legs c "
                                       "JOIN legs l ON l.posting_id = c.posting_id "
                                       "JOIN accounts a ON a.id = l.account_id AND a.kind = 'reserve' "
                                       "WHERE c.account_id = ?1 GROUP BY a.store_id",
                                       error);
  BsnStep rc;

  if (stmt == NULL)
    return NULL;
  bsn_stmt_bind_int64 (stmt, 1, account);
  while ((rc = bsn_stmt_step (stmt)) == BSN_ROW)
    {
      Backing b = { bsn_stmt_column_int64 (stmt, 0), bsn_stmt_column_int64 (stmt, 1) };
      g_array_append_val (list, b);
    }
  /* A voucher funded from part of the backing would charge the wrong stores. */
  if (!bsn_db_scan_ended (db, stmt, rc, _("Membaca buku poin"), error))
    return NULL;

  stmt = bsn_db_prepare (db,
                         "SELECT f.store_id, sum(f.amount_rp) FROM voucher_funding f "
                         "JOIN vouchers v ON v.id = f.voucher_id WHERE v.customer_id = ?1 AND f.store_id IS NOT NULL "
                         "GROUP BY f.store_id",
                         error);
  if (stmt == NULL)
    return NULL;
  bsn_stmt_bind_int64 (stmt, 1, customer_id);
  while ((rc = bsn_stmt_step (stmt)) == BSN_ROW)
    {
      gint64 store = bsn_stmt_column_int64 (stmt, 0), used = bsn_stmt_column_int64 (stmt, 1);
      for (guint i = 0; i < list->len; i++)
        if (g_array_index (list, Backing, i).store_id == store)
          g_array_index (list, Backing, i).outstanding -= used;
    }
  if (!bsn_db_scan_ended (db, stmt, rc, _("Membaca voucher"), error))
    return NULL;
  for (guint i = list->len; i-- > 0;)
    if (g_array_index (list, Backing, i).outstanding <= 0)
      g_array_remove_index (list, i);
  return g_steal_pointer (&list);
}

static gboolean
insert_funding (BsnDb   *db,
                gint64   voucher_id,
                gint64   store_id,
                gint64   amount,
                GError **error)
{
  BsnStmt *stmt;

  if (amount <= 0)
    return TRUE;
  stmt = bsn_db_prepare (db, "INSERT INTO voucher_funding (voucher_id, store_id, amount_rp) VALUES (?1, ?2, ?3)", error);
  if (stmt == NULL)
    return FALSE;
  bsn_stmt_bind_int64 (stmt, 1, voucher_id);
  if (store_id)
    bsn_stmt_bind_int64 (stmt, 2, store_id);
  bsn_stmt_bind_int64 (stmt, 3, amount);
  return bsn_db_step_done (db, stmt, _("Mencatat pendanaan voucher"), error);
}

/* Splits @value over the backing stores in proportion to what each backs;
 * what no store backs (opening balances) is the network's. */
static gboolean
allocate_funding (BsnDb   *db,
                  gint64   voucher_id,
                  GArray  *backing,
                  gint64   value,
                  GError **error)
{
  gint64 total = 0, covered, assigned = 0;
  guint largest = 0;

  for (guint i = 0; i < backing->len; i++)
    {
      total += g_array_index (backing, Backing, i).outstanding;
      if (g_array_index (backing, Backing, i).outstanding > g_array_index (backing, Backing, largest).outstanding)
        largest = i;
    }
  covered = MIN (value, total);
  for (guint i = 0; i < backing->len && covered > 0; i++)
    {
      Backing *b = &g_array_index (backing, Backing, i);
      gint64 share = (gint64) ((__int128) covered * b->outstanding / total);
      if (i == largest)
        continue;
      if (!insert_funding (db, voucher_id, b->store_id, share, error))
        return FALSE;
      assigned += share;
    }
  if (covered > 0 && !insert_funding (db, voucher_id, g_array_index (backing, Backing, largest).store_id,
                                      covered - assigned, error))
    return FALSE;
  return insert_funding (db, voucher_id, 0, value - covered, error);
}

BsnVoucher *
bsn_voucher_issue (BsnDb   *db,
                   gint64   customer_id,
                   gint64   value_rp,
                   BsnTime  at,
                   gint     valid_days,
                   GError **error)
{
  g_autoptr(BsnVoucher) v = g_new0 (BsnVoucher, 1);
  g_autoptr(BsnCustomer) c = NULL;
  g_autoptr(GArray) backing = NULL;
  g_autofree char *key = NULL;
  gint64 account, balance = 0, posting = 0;
  BsnPostingSpec spec = { 0 };
  BsnLeg legs[2];
  BsnStmt *stmt;

  if (value_rp <= 0 || value_rp > 1000000000000)
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID, _("Nilai voucher harus lebih dari nol"));
      return NULL;
    }
  if (valid_days < 0 || valid_days > 3650)
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID, _("Masa berlaku voucher 0 sampai 3650 hari"));
      return NULL;
    }
  if (!bsn_db_begin (db, TRUE, error))
    return NULL;
  if (!bsn_auth_require (db, BSN_PERM_VOUCHERS, error) || !bsn_auth_check_clock (db, at, NULL, error)
      || (c = bsn_customer_get (db, customer_id, error)) == NULL
      /* Points whose time has come are gone before a voucher counts them. */
      || !bsn_expiry_run_customer (db, customer_id, at, NULL, NULL, error)
      || (account = bsn_ledger_customer_account (db, customer_id, error)) == 0
      || !bsn_ledger_account_balance (db, account, &balance, NULL, error))
    goto fail;
  if (balance < value_rp)
    {
      g_autofree char *have = bsn_points_format (balance);
      g_autofree char *want = bsn_points_format (value_rp);
      g_set_error (error, BSN_ERROR, BSN_ERROR_REFUSED,
                   _("Poin %s tidak cukup: punya %s, voucher perlu %s"), c->code, have, want);
      goto fail;
    }
  backing = store_backing (db, customer_id, account, error);
  if (backing == NULL)
    goto fail;

  v->code = bsn_voucher_code_new ();
  v->customer_code = g_strdup (c->code);
  v->value_rp = value_rp;
  v->issued_at = at;
  v->valid_until = valid_days > 0 ? at + (gint64) valid_days * BSN_SECONDS_PER_DAY : 0;
  key = g_strconcat ("voucher:", v->code, NULL);
  spec.idem_key = key;
  spec.kind = "voucher";
  spec.at = at;
  spec.customer_id = customer_id;
  spec.amount_rp = value_rp;
  spec.memo = v->code;
  /* Points become an outstanding voucher, held by the clearing account. */
  legs[0] = (BsnLeg) { account, -value_rp, 0 };
  legs[1] = (BsnLeg) { BSN_ACCOUNT_CLEARING, value_rp, 0 };
  if (!bsn_ledger_post (db, &spec, legs, 2, &posting, NULL, error))
    goto fail;
  stmt = bsn_db_prepare (db,
                         "INSERT INTO vouchers (code, customer_id, value_rp, issued_at, valid_until, posting_id) "
                         "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                         error);
  if (stmt == NULL)
    goto fail;
  bsn_stmt_bind_text (stmt, 1, v->code);
  bsn_stmt_bind_int64 (stmt, 2, customer_id);
  bsn_stmt_bind_int64 (stmt, 3, value_rp);
  bsn_stmt_bind_int64 (stmt, 4, at);
  if (v->valid_until)
    bsn_stmt_bind_int64 (stmt, 5, v->valid_until);
  bsn_stmt_bind_int64 (stmt, 6, posting);
  if (!bsn_db_step_done (db, stmt, _("Menyimpan voucher"), error))
    goto fail;
  v->id = bsn_db_last_insert_id (db);
  if (!allocate_funding (db, v->id, backing, value_rp, error))
    goto fail;
  if (!bsn_db_commit (db, error))
    return NULL;
  return g_steal_pointer (&v);

fail:
  bsn_db_rollback (db);
  return NULL;
}

BsnVoucher *
bsn_voucher_get (BsnDb      *db,
                 const char *code,
                 GError    **error)
{
  g_autofree char *canonical = NULL;
  BsnStmt *stmt;
  BsnVoucher *v = NULL;
  BsnStep rc;

  if (!bsn_voucher_code_check (code, &canonical, error))
    return NULL;
  stmt = bsn_db_prepare (db,
                         "SELECT v.id, v.code, c.code, v.value_rp, v.issued_at, coalesce(v.valid_until, 0), "
                         "r.id IS NOT NULL, s.code, coalesce(r.at, 0) FROM vouchers v "
                         "JOIN customers c ON c.id = v.customer_id LEFT JOIN redemptions r ON r.voucher_id = v.id "
                         "LEFT JOIN stores s ON s.id = r.store_id WHERE v.code = ?1",
                         error);
  if (stmt == NULL)
    return NULL;
  bsn_stmt_bind_text (stmt, 1, canonical);
  if ((rc = bsn_stmt_step (stmt)) == BSN_ROW)
    {
      v = g_new0 (BsnVoucher, 1);
      v->id = bsn_stmt_column_int64 (stmt, 0);
      v->code = g_strdup (bsn_stmt_column_text (stmt, 1));
      v->customer_code = g_strdup (bsn_stmt_column_text (stmt, 2));
      v->value_rp = bsn_stmt_column_int64 (stmt, 3);
      v->issued_at = bsn_stmt_column_int64 (stmt, 4);
      v->valid_until = bsn_stmt_column_int64 (stmt, 5);
      v->redeemed = bsn_stmt_column_int (stmt, 6) != 0;
      v->redeemed_store = g_strdup (bsn_stmt_column_text (stmt, 7));
      v->redeemed_at = bsn_stmt_column_int64 (stmt, 8);
    }
  /* A failed read is a storage error, not an unknown voucher. */
  if (!bsn_db_scan_ended (db, stmt, rc, _("Membaca voucher"), error))
    {
      bsn_voucher_free (v);
      return NULL;
    }
  if (v == NULL)
    g_set_error (error, BSN_ERROR, BSN_ERROR_NOT_FOUND, _("Voucher %s tidak terdaftar"), canonical);
  return v;
}

GPtrArray *
bsn_voucher_list (BsnDb   *db,
                  gint64   customer_id,
                  GError **error)
{
  BsnStmt *stmt = bsn_db_prepare (db, "SELECT code FROM vouchers WHERE customer_id = ?1 ORDER BY id DESC", error);
  g_autoptr(GPtrArray) codes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) bsn_voucher_free);
  BsnStep rc;

  if (stmt == NULL)
    return NULL;
  bsn_stmt_bind_int64 (stmt, 1, customer_id);
  while ((rc = bsn_stmt_step (stmt)) == BSN_ROW)
    g_ptr_array_add (codes, g_strdup (bsn_stmt_column_text (stmt, 0)));
  if (!bsn_db_scan_ended (db, stmt, rc, _("Membaca voucher"), error))
    return NULL;
  for (guint i = 0; i < codes->len; i++)
    {
      BsnVoucher *v = bsn_voucher_get (db, g_ptr_array_index (codes, i), error);
      if (v == NULL)
        return NULL;
      g_ptr_array_add (list, v);
    }
  return g_steal_pointer (&list);
}

gboolean
bsn_voucher_check (BsnDb           *db,
                   const char      *code,
                   BsnTime          at,
                   BsnVoucherCheck *out,
                   GError         **error)
{
  g_autoptr(GError) local = NULL;
  g_autoptr(BsnVoucher) v = NULL;

  memset (out, 0, sizeof *out);
  if (!bsn_auth_require (db, BSN_PERM_READ_FINANCE, error))
    return FALSE;
  v = bsn_voucher_get (db, code, &local);
  if (v == NULL)
    {
      if (local->domain != BSN_ERROR || (local->code != BSN_ERROR_INVALID && local->code != BSN_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      out->reason = g_strdup (local->message);
      return TRUE;
    }
  out->code = g_strdup (v->code);
  out->value_rp = v->value_rp;
  if (v->redeemed)
    {
      g_autofree char *when = bsn_time_format_datetime (v->redeemed_at);
      out->reason = g_strdup_printf (_("Voucher sudah dipakai di %s pada %s"), v->redeemed_store, when);
    }
  else if (v->valid_until && at >= v->valid_until)
    {
      g_autofree char *when = bsn_time_format_date (v->valid_until);
      out->reason = g_strdup_printf (_("Voucher kedaluwarsa sejak %s"), when);
    }
  else if (at < v->issued_at)
    out->reason = g_strdup (_("Voucher belum diterbitkan pada waktu itu"));
  else
    out->valid = TRUE;
  return TRUE;
}

gboolean
bsn_voucher_redeem (BsnDb      *db,
                    const char *code,
                    gint64      store_id,
                    BsnTime     at,
                    gint64     *out_value_rp,
                    GError    **error)
{
  BsnVoucherCheck check;
  g_autoptr(BsnStore) store = NULL;
  g_autofree char *key = NULL;
  gint64 reserve, posting = 0;
  BsnPostingSpec spec = { 0 };
  BsnLeg legs[2];
  BsnStmt *stmt;

  /* A mistyped code is caught before the database is asked. */
  if (!bsn_voucher_code_check (code, NULL, error))
    return FALSE;
  /* IMMEDIATE: the check and the redemption are one decision; a second
   * cashier waits and then sees the voucher used. */
  if (!bsn_db_begin (db, TRUE, error))
    return FALSE;
  if (!bsn_auth_require (db, BSN_PERM_VOUCHERS, error) || !bsn_auth_check_clock (db, at, NULL, error))
    goto fail;
  if ((store = bsn_store_get (db, store_id, error)) == NULL || !bsn_voucher_check (db, code, at, &check, error))
    goto fail;
  if (!store->active)
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_REFUSED, _("Toko %s nonaktif dan tidak dapat menerima voucher"),
                   store->code);
      bsn_voucher_check_clear (&check);
      goto fail;
    }
  if (!check.valid)
    {
      g_set_error_literal (error, BSN_ERROR, BSN_ERROR_REFUSED, check.reason);
      bsn_voucher_check_clear (&check);
      goto fail;
    }
  reserve = bsn_ledger_reserve_account (db, store_id, error);
  if (reserve == 0)
    {
      bsn_voucher_check_clear (&check);
      goto fail;
    }
  key = g_strconcat ("redeem:", check.code, NULL);
  spec.idem_key = key;
  spec.kind = "redemption";
  spec.at = at;
  spec.store_id = store_id;
  spec.amount_rp = check.value_rp;
  spec.memo = check.code;
  /* The pool pays the redeeming store: its reserve is credited. */
  legs[0] = (BsnLeg) { BSN_ACCOUNT_CLEARING, -check.value_rp, 0 };
  legs[1] = (BsnLeg) { reserve, check.value_rp, 0 };
  if (out_value_rp)
    *out_value_rp = check.value_rp;
  if (!bsn_ledger_post (db, &spec, legs, 2, &posting, NULL, error))
    {
      bsn_voucher_check_clear (&check);
      goto fail;
    }
  stmt = bsn_db_prepare (db,
                         "INSERT INTO redemptions (voucher_id, store_id, at, posting_id) "
                         "SELECT id, ?2, ?3, ?4 FROM vouchers WHERE code = ?1",
                         error);
  if (stmt == NULL)
    {
      bsn_voucher_check_clear (&check);
      goto fail;
    }
  bsn_stmt_bind_text_copy (stmt, 1, check.code);
  bsn_stmt_bind_int64 (stmt, 2, store_id);
  bsn_stmt_bind_int64 (stmt, 3, at);
  bsn_stmt_bind_int64 (stmt, 4, posting);
  bsn_voucher_check_clear (&check);
  if (!bsn_db_step_done (db, stmt, _("Mencatat penukaran voucher"), error))
    goto fail;
  return bsn_db_commit (db, error);

fail:
  bsn_db_rollback (db);
  return FALSE;
}

GPtrArray *
bsn_voucher_settlement (BsnDb   *db,
                        BsnTime  from,
                        BsnTime  to,
                        GError **error)
{
  g_autoptr(GHashTable) owes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func ((GDestroyNotify) bsn_settlement_line_free);
  g_autoptr(GList) keys = NULL;
  BsnStep rc;
  BsnStmt *stmt = !bsn_auth_require (db, BSN_PERM_READ_FINANCE, error) ? NULL : bsn_db_prepare (db,
                                       "SELECT f.store_id, r.store_id, sum(f.amount_rp) FROM redemptions r "
                                       "JOIN voucher_funding f ON f.voucher_id = r.voucher_id "
                                       "WHERE r.at >= ?1 AND r.at < ?2 AND f.store_id IS NOT NULL "
                                       "AND f.store_id != r.store_id GROUP BY f.store_id, r.store_id",
                                       error);
  if (stmt == NULL)
    return NULL;
  bsn_stmt_bind_int64 (stmt, 1, from);
  bsn_stmt_bind_int64 (stmt, 2, to);
  while ((rc = bsn_stmt_step (stmt)) == BSN_ROW)
    {
      gint64 x = bsn_stmt_column_int64 (stmt, 0), y = bsn_stmt_column_int64 (stmt, 1);
      gint64 amount = bsn_stmt_column_int64 (stmt, 2);
      /* Keyed by the pair in ascending order; the sign says who owes. */
      g_autofree char *key = g_strdup_printf ("%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT, MIN (x, y), MAX (x, y));
      gint64 *net = g_hash_table_lookup (owes, key);
      if (net == NULL)
        {
          net = g_new0 (gint64, 1);
          g_hash_table_insert (owes, g_strdup (key), net);
        }
      *net += x < y ? amount : -amount;
    }
  /* A settlement with pairs missing would under-pay stores. */
  if (!bsn_db_scan_ended (db, stmt, rc, _("Membaca voucher"), error))
    return NULL;

  keys = g_hash_table_get_keys (owes);
  keys = g_list_sort (keys, (GCompareFunc) g_strcmp0);
  for (GList *l = keys; l; l = l->next)
    {
      gint64 net = *(gint64 *) g_hash_table_lookup (owes, l->data);
      gint64 a = 0, b = 0;
      BsnSettlementLine *line;
      g_autoptr(BsnStore) sa = NULL;
      g_autoptr(BsnStore) sb = NULL;

      if (net == 0 || sscanf (l->data, "%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT, &a, &b) != 2)
        continue;
      if ((sa = bsn_store_get (db, a, error)) == NULL || (sb = bsn_store_get (db, b, error)) == NULL)
        return NULL;
      line = g_new0 (BsnSettlementLine, 1);
      line->from_store = net > 0 ? a : b;
      line->to_store = net > 0 ? b : a;
      line->from_code = g_strdup (net > 0 ? sa->code : sb->code);
      line->to_code = g_strdup (net > 0 ? sb->code : sa->code);
      line->amount_rp = net > 0 ? net : -net;
      g_ptr_array_add (lines, line);
    }
  return g_steal_pointer (&lines);
}
