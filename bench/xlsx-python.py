#!/usr/bin/python3
"""The ledger export as a Python user would write it.

    /usr/bin/python3 bench/xlsx-python.py DB OUT.xlsx

One SELECT through the standard sqlite3 module and XlsxWriter (Debian's
python3-xlsxwriter) in constant_memory mode, writing the same sheet as
`bsn-loyalty-cli export ledger`: the same nine columns, values, number
formats, frozen header, autofilter and roll-over to a new sheet at Excel's
row limit.
"""
import json
import sqlite3
import sys

import xlsxwriter

MAX_ROWS = 1048575  # Excel's rows less the header
HEADERS = ["Posting", "Waktu", "Jenis", "Toko", "Pelanggan", "Akun", "Jumlah",
           "Poin status", "Keterangan"]
WIDTHS = [10, 17, 20, 10, 12, 24, 16, 14, 60]
QUERY = """
SELECT p.id, p.at, p.kind, s.code, c.code, a.kind, ac.code, asx.code, l.amount_rp, l.earned_rp, p.memo
FROM postings p CROSS JOIN legs l ON l.posting_id = p.id JOIN accounts a ON a.id = l.account_id
LEFT JOIN stores s ON s.id = p.store_id LEFT JOIN customers c ON c.id = p.customer_id
LEFT JOIN customers ac ON ac.id = a.customer_id LEFT JOIN stores asx ON asx.id = a.store_id
ORDER BY p.id, l.account_id
"""


def new_sheet(wb, index, header):
    ws = wb.add_worksheet("Buku Poin" if index == 0 else f"Buku Poin ({index + 1})")
    for c, width in enumerate(WIDTHS):
        ws.set_column(c, c, width)
    for c, title in enumerate(HEADERS):
        ws.write_string(0, c, title, header)
    ws.freeze_panes(1, 0)
    return ws


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: xlsx-python.py DB OUT.xlsx")
    db = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
    wb = xlsxwriter.Workbook(sys.argv[2], {"constant_memory": True})
    header = wb.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1,
                            "text_wrap": True, "valign": "vcenter"})
    money = wb.add_format({"num_format": '"Rp"#,##0;-"Rp"#,##0'})
    date = wb.add_format({"num_format": "dd/mm/yyyy hh:mm"})

    sheet, row, rows = 0, 0, 0
    ws = new_sheet(wb, sheet, header)
    for (pid, at, kind, store, customer, akind, acust, astore,
         amount, earned, memo) in db.execute(QUERY):
        if row == MAX_ROWS:
            ws.autofilter(0, 0, row, len(HEADERS) - 1)
            sheet += 1
            ws = new_sheet(wb, sheet, header)
            row = 0
        row += 1
        if akind == "customer":
            account = f"Pelanggan {acust}"
        elif akind == "reserve":
            account = f"Cadangan {astore}"
        else:
            account = akind
        ws.write_number(row, 0, pid)
        ws.write_number(row, 1, at / 86400 + 25569.0, date)
        ws.write_string(row, 2, kind)
        if store is not None:
            ws.write_string(row, 3, store)
        if customer is not None:
            ws.write_string(row, 4, customer)
        ws.write_string(row, 5, account)
        ws.write_number(row, 6, amount, money)
        ws.write_number(row, 7, earned, money)
        ws.write_string(row, 8, memo)
        rows += 1
    ws.autofilter(0, 0, max(row, 1), len(HEADERS) - 1)
    wb.close()
    print(json.dumps({"rows": rows}))


if __name__ == "__main__":
    main()
