#!/usr/bin/python3
"""The point ledger as a plain-text accounting journal (hledger / ledger-cli).

    /usr/bin/python3 bench/journal.py DB N OUT.journal

Writes the first N postings of the database (by id) as transactions that
both hledger and ledger-cli read: one account per customer
(Liabilities:Poin:C000123), one per store reserve (Assets:Cadangan:TK-SRI),
and the network's clearing, opening-balance and fund accounts. Our legs are
"+ = credit to the account"; a journal's amounts are "+ = debit", so the
sign flips. Amounts are whole Rupiah without a commodity. Status points
(earned_rp) have no place in a journal and are left out.

Prints one JSON object: the transactions and postings (legs) written and a
customer code to look up.
"""
import datetime
import json
import sqlite3
import sys

FIXED = {
    "clearing": "Assets:Kliring jaringan",
    "equity": "Equity:Saldo awal",
    "produsen": "Equity:Dana produsen",
    "bsn": "Equity:Dana program BSN",
}
EPOCH = datetime.date(1970, 1, 1)


def account_name(kind, customer, store):
    if kind == "customer":
        return f"Liabilities:Poin:{customer}"
    if kind == "reserve":
        return f"Assets:Cadangan:{store}"
    return FIXED.get(kind, f"Equity:{kind}")


def main():
    if len(sys.argv) != 4:
        sys.exit("usage: journal.py DB N OUT.journal")
    db = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
    limit = int(sys.argv[2])
    accounts = {
        aid: account_name(kind, ccode, scode)
        for aid, kind, ccode, scode in db.execute(
            "SELECT a.id, a.kind, c.code, s.code FROM accounts a "
            "LEFT JOIN customers c ON c.id = a.customer_id "
            "LEFT JOIN stores s ON s.id = a.store_id")
    }
    rows = db.execute(
        "SELECT p.id, p.at, p.kind, p.memo, l.account_id, l.amount_rp "
        "FROM (SELECT * FROM postings ORDER BY id LIMIT ?) p "
        "JOIN legs l ON l.posting_id = p.id ORDER BY p.id, l.account_id", (limit,))

    transactions = legs = 0
    customer = None
    current = None
    with open(sys.argv[3], "w", encoding="utf-8") as out:
        for pid, at, kind, memo, account_id, amount in rows:
            if pid != current:
                current = pid
                transactions += 1
                day = EPOCH + datetime.timedelta(days=at // 86400)
                note = memo.replace("\n", " ").replace(";", ",")
                out.write(f"\n{day.isoformat()} {kind} #{pid}  ; {note}\n")
            name = accounts[account_id]
            if customer is None and name.startswith("Liabilities:Poin:"):
                customer = name.rsplit(":", 1)[1]
            out.write(f"    {name}  {-amount}\n")
            legs += 1
    print(json.dumps({"transactions": transactions, "postings": legs, "customer": customer}))


if __name__ == "__main__":
    main()
