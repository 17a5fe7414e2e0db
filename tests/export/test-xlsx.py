#!/usr/bin/python3
"""Reads the bookkeepers' xlsx back as their tools do.

openpyxl checks headers, number formats, frozen header rows, autofilters,
SUM formulas and the notes sheet; LibreOffice (the bookkeepers' client)
opens the workbook with formula recalculation forced on and exports every
sheet to CSV, and the recomputed totals must equal the library's figures.
Every workbook the CLI writes (report bagi-hasil/program/kpi, export
ledger) is written under the locale the test runs in — id_ID.UTF-8 from
tests/locale, whose decimal comma must never reach the XML — and each of
its XML parts is checked for numbers written with a comma.
Prints TAP. Usage: test-xlsx.py CLI WORKDIR
"""
import csv
import datetime
import glob
import json
import locale
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile

CLI, WORK = sys.argv[1], sys.argv[2]
os.makedirs(WORK, exist_ok=True)
DB = os.path.join(WORK, "export.db")
results = []


def check(name, cond, detail=""):
    results.append((name, bool(cond), detail))


def finish():
    print(f"1..{len(results)}")
    for i, (name, ok, detail) in enumerate(results, 1):
        print(f"{'ok' if ok else 'not ok'} {i} {name}" + ("" if ok else f" # {detail}"))
    sys.exit(0 if all(ok for _, ok, _ in results) else 1)


def cli(*args):
    out = subprocess.run([CLI, "--db", DB, "--json", *args], capture_output=True, encoding="utf-8")
    if out.returncode != 0:
        raise SystemExit(f"cli {args} failed: {out.stdout} {out.stderr}")
    return json.loads(out.stdout)


# The CLI inherits this process's environment: it must be a real
# Indonesian locale, or the decimal-comma checks below prove nothing.
try:
    check("locale/indonesian", locale.setlocale(locale.LC_ALL, "").startswith("id_ID")
          and locale.localeconv()["decimal_point"] == ",", os.environ.get("LC_ALL"))
except locale.Error as e:
    check("locale/indonesian", False, f"{e} (LC_ALL={os.environ.get('LC_ALL')} LOCPATH={os.environ.get('LOCPATH')})")
finally:
    locale.setlocale(locale.LC_ALL, "C")

for f in glob.glob(DB + "*"):
    os.remove(f)
cli("demo", "--seed", "7", "--customers", "60", "--days", "14")
xlsx = os.path.join(WORK, "bagi-hasil.xlsx")
rep = cli("report", "bagi-hasil", "--from", "2000-01-01", "--to", "2100-12-31", "--format", "xlsx", "-o", xlsx)
program = os.path.join(WORK, "program.xlsx")
prog = cli("report", "program", "--from", "2000-01-01", "--to", "2100-12-31", "--format", "xlsx", "-o", program)
ledger = os.path.join(WORK, "ledger.xlsx")
led = cli("export", "ledger", "--from", "2000-01-01", "--to", "2100-12-31", "-o", ledger, "--rows-per-sheet", "1000")
# Without --from/--to the export covers every leg.
everything = cli("export", "ledger", "-o", os.path.join(WORK, "everything.xlsx"))
kpi = os.path.join(WORK, "kpi.xlsx")
cli("report", "kpi", "--from", "2000-01-01", "--to", "2100-12-31", "--format", "xlsx", "-o", kpi)
workbooks = [xlsx, program, ledger, os.path.join(WORK, "everything.xlsx"), kpi]
# The same report as json: the figures the workbook must hold.
rep_json_path = os.path.join(WORK, "bagi-hasil.json")
cli("report", "bagi-hasil", "--from", "2000-01-01", "--to", "2100-12-31", "--format", "json", "-o", rep_json_path)
with open(rep_json_path, encoding="utf-8") as f:
    rep_json = json.load(f)

# A number in an XML part: an attribute value or a cell's <v>. With the
# decimal comma they read "12,7109375" (widths, margins, values).
COMMA_NUMBER = re.compile(r'="-?[0-9]+,[0-9]+"|<v>-?[0-9]+,[0-9]+</v>')
for path in workbooks:
    name = os.path.basename(path)
    with zipfile.ZipFile(path) as z:
        parts = [p for p in z.namelist() if p.endswith(".xml") or p.endswith(".rels")]
        bad = {}
        numbers = 0
        for part in parts:
            text = z.read(part).decode("utf-8")
            numbers += len(re.findall(r'="-?[0-9]+\.[0-9]+"|<v>-?[0-9]+\.[0-9]+</v>', text))
            found = COMMA_NUMBER.findall(text)
            if found:
                bad[part] = found[:3]
    check(f"xml/{name}/no-decimal-comma", not bad and len(parts) >= 8, bad or parts)
    # The check above saw decimals written with '.', so it looked at the
    # right kind of text (every sheet has its widths and margins).
    check(f"xml/{name}/decimal-points-seen", numbers > 0, numbers)

try:
    import openpyxl
except ImportError:
    print("1..0 # SKIP python3-openpyxl is not installed")
    sys.exit(77)

for path in workbooks:
    try:
        opened = openpyxl.load_workbook(path)
        check(f"openpyxl/{os.path.basename(path)}/opens", len(opened.sheetnames) > 0, opened.sheetnames)
        opened.close()
    except Exception as e:  # openpyxl refused the file: report it, go on
        check(f"openpyxl/{os.path.basename(path)}/opens", False, repr(e))
if not all(ok for _, ok, _ in results):
    finish()  # the checks below would only repeat openpyxl's refusal

# A report's sheet: title (row 1), period and store (row 2), a blank row,
# the column headers (row 4), the rows, the totals.
HEADER = 4
MONTHS = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
          "November", "Desember"]


def period_text(first, last):
    """bsn_time_format_period for the days first..last (ISO dates)."""
    y1, m1, d1 = (int(x) for x in first.split("-"))
    y2, m2, d2 = (int(x) for x in last.split("-"))
    if (y1, m1, d1) == (y2, m2, d2):
        return f"{d1} {MONTHS[m1 - 1]} {y1}"
    if (y1, m1) == (y2, m2):
        return f"{d1}\u2013{d2} {MONTHS[m2 - 1]} {y2}"
    if y1 == y2:
        return f"{d1} {MONTHS[m1 - 1]} \u2013 {d2} {MONTHS[m2 - 1]} {y2}"
    return f"{d1} {MONTHS[m1 - 1]} {y1} \u2013 {d2} {MONTHS[m2 - 1]} {y2}"


# A short period of the demo's, in the Indonesian form, for the title rows.
recent = os.path.join(WORK, "bagi-hasil-recent.xlsx")
recent_json = os.path.join(WORK, "bagi-hasil-recent.json")
r_from = (datetime.date.today() - datetime.timedelta(days=20)).isoformat()
r_to = datetime.date.today().isoformat()
cli("report", "bagi-hasil", "--from", r_from, "--to", r_to, "--format", "xlsx", "-o", recent)
cli("report", "bagi-hasil", "--from", r_from, "--to", r_to, "--format", "json", "-o", recent_json)
with open(recent_json, encoding="utf-8") as f:
    recent_rep = json.load(f)
period = period_text(recent_rep["from"], recent_rep["to"])
rw = openpyxl.load_workbook(recent)
for name in rw.sheetnames:
    sheet = rw[name]
    title, line = sheet.cell(row=1, column=1).value or "", sheet.cell(row=2, column=1).value or ""
    check(f"xlsx/print/{name}/title-rows", title.startswith("Laporan Bagi Hasil") and name in title
          and line == f"Periode: {period} · Toko: Semua toko", (title, line, period))
    check(f"xlsx/print/{name}/no-iso-dates", not re.search(r"\d{4}-\d{2}-\d{2}", title + line + (sheet.oddHeader.center.text or "")),
          (title, line))
    check(f"xlsx/print/{name}/landscape", sheet.page_setup.orientation == "landscape", sheet.page_setup.orientation)
    # fitToWidth left out means 1, the default of ECMA-376 (libxlsxwriter
    # writes only fitToHeight="0": as many pages down as it takes).
    check(f"xlsx/print/{name}/fit-to-width", sheet.sheet_properties.pageSetUpPr.fitToPage
          and (sheet.page_setup.fitToWidth or 1) == 1 and sheet.page_setup.fitToHeight == 0,
          (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight))
    check(f"xlsx/print/{name}/repeat-header-row", sheet.print_title_rows in (f"{HEADER}:{HEADER}", f"${HEADER}:${HEADER}"), sheet.print_title_rows)
    check(f"xlsx/print/{name}/page-header", sheet.oddHeader.center.text == period
          and "Laporan Bagi Hasil" in (sheet.oddHeader.left.text or "")
          and sheet.oddHeader.right.text == "Semua toko",
          (sheet.oddHeader.left.text, sheet.oddHeader.center.text, sheet.oddHeader.right.text))

wb = openpyxl.load_workbook(xlsx)
# The net per party, the chart's figure, is a column of "Total per pihak"
# with the library's values (json), each row's share + compensation − bonus.
pp = wb["Total per pihak"]
pp_headers = [c.value for c in pp[HEADER]]
pp_json = next(s for s in rep_json["sections"] if s["name"] == "Total per pihak")
net_ok = pp_headers == ["Pihak", "Bagian laba titip jual", "Kompensasi retur", "Biaya bonus ditanggung", "Bersih"]
for i, row in enumerate(pp_json["rows"]):
    cells = [c.value for c in pp[HEADER + 1 + i]]
    net_ok = net_ok and cells == row and len(row) == 5 and row[4] == row[1] + row[2] - row[3]
check("xlsx/net-per-party", net_ok and len(pp_json["rows"]) == 5, (pp_headers, pp_json["rows"]))
check("xlsx/net-per-party-nonzero", any(r[4] != 0 for r in pp_json["rows"]), pp_json["rows"])
check("xlsx/sheets", wb.sheetnames[:4] == ["Per titipan", "Per cabang", "Biaya bonus", "Total per pihak"]
      and wb.sheetnames[-1] == "Catatan", wb.sheetnames)
ws = wb["Per titipan"]
headers = [c.value for c in ws[HEADER]]
check("xlsx/indonesian-headers", headers[:3] == ["Titipan", "SKU", "Barang"] and "Pendapatan" in headers, headers)
check("xlsx/frozen-header", ws.freeze_panes == f"A{HEADER + 1}", ws.freeze_panes)
check("xlsx/autofilter", ws.auto_filter.ref is not None and ws.auto_filter.ref.startswith(f"A{HEADER}:"),
      ws.auto_filter.ref)
col = headers.index("Pendapatan") + 1
last = ws.max_row
check("xlsx/money-format", "Rp" in ws.cell(row=HEADER + 1, column=col).number_format,
      ws.cell(row=HEADER + 1, column=col).number_format)
formula = ws.cell(row=last, column=col).value
check("xlsx/sum-formula", isinstance(formula, str) and formula.startswith("=SUM("), formula)
check("xlsx/totals-label", ws.cell(row=last, column=1).value == "Total", ws.cell(row=last, column=1).value)
notes = {r[0].value: r[1].value for r in wb["Catatan"].iter_rows(min_row=HEADER + 1)}
check("xlsx/notes", "Periode" in notes and "Dibuat pada" in notes and "Pembagian laba" in notes, list(notes))
pw = openpyxl.load_workbook(program)["Biaya program per toko"]
ph = [c.value for c in pw[HEADER]]
check("xlsx/percent-format", "%" in pw.cell(row=HEADER + 1, column=ph.index("Biaya % penjualan") + 1).number_format)
check("xlsx/ledger-no-period-is-everything", everything["rows"] == led["rows"] and led["rows"] > 0,
      (everything["rows"], led["rows"]))
lw = openpyxl.load_workbook(ledger, read_only=True)
check("xlsx/ledger-rollover", len(lw.sheetnames) == (led["rows"] + 999) // 1000 and lw.sheetnames[1] == "Buku Poin (2)",
      (led["rows"], lw.sheetnames))
# Issue 18: the book's fingerprint on every printed page of the ledger.
lf = openpyxl.load_workbook(ledger)
footers = [lf[name].oddFooter.left.text or "" for name in lf.sheetnames]
check("xlsx/ledger-fingerprint-footer",
      all(re.fullmatch(r"Sidik buku: [0-9a-f]{4}…[0-9a-f]{3,4} @ [\d.]+", f) for f in footers),
      footers[:2])

# LibreOffice: recalculate everything on load, export each sheet, compare.
soffice = shutil.which("soffice") or shutil.which("libreoffice")
if soffice is None:
    results.append(("libreoffice/recomputed-totals # SKIP libreoffice is not installed", True, ""))
else:
    profile = tempfile.mkdtemp(prefix="bsn-lo-")
    os.makedirs(os.path.join(profile, "user"), exist_ok=True)
    with open(os.path.join(profile, "user", "registrymodifications.xcu"), "w") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n'
                '<oor:items xmlns:oor="http://openoffice.org/2001/registry" '
                'xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n'
                '<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" '
                'oor:op="fuse"><value>0</value></prop></item>\n</oor:items>\n')
    outdir = os.path.join(WORK, "lo")
    os.makedirs(outdir, exist_ok=True)
    # 59 = ';' separator, 34 = '"', 76 = UTF-8; -1 = every sheet.
    run = subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to",
                          'csv:Text - txt - csv (StarCalc):59,34,76,1,,0,false,true,false,false,false,-1',
                          "--outdir", outdir, xlsx], capture_output=True, text=True, timeout=180)
    sheets = glob.glob(os.path.join(outdir, "bagi-hasil-Per titipan.csv"))
    check("libreoffice/converted", run.returncode == 0 and sheets, run.stderr[-300:])
    if sheets:
        with open(sheets[0], encoding="utf-8") as f:
            rows = list(csv.reader(f, delimiter=";"))
        totals = rows[-1]
        expected = rep_json["sections"][0]["totals"]
        ok = True
        for name, value in expected.items():
            got = totals[rows[HEADER - 1].index(name)]
            digits = "".join(ch for ch in got if ch.isdigit() or ch == "-")
            if int(digits or 0) != value:
                ok = False
                check(f"libreoffice/total {name}", False, f"{got} != {value}")
        check("libreoffice/recomputed-totals-equal-library", ok)
    shutil.rmtree(profile, ignore_errors=True)

# A name a spreadsheet would run as a formula is stored as text in xlsx
# (CSV writes it with a leading apostrophe: /report/export/csv-formula-injection).
DB = os.path.join(WORK, "formula.db")
for f in glob.glob(DB + "*"):
    os.remove(f)
cli("init")
cli("store", "add", "--code", "TK", "--name", '=HYPERLINK("http://x")', "--role", "toko", "--band", "low",
    "--level", "Plus", "--scheme", "stopwatch", "--opening", "07:00")
cli("customer", "add", "--code", "C1", "--name", "@Siti")
cli("award", "--store", "TK", "--customer", "C1", "--amount", "250000", "--at", "2026-11-22T14:22:14",
    "--digit", "5", "--receipt", "R1")
formula_xlsx = os.path.join(WORK, "formula.xlsx")
cli("report", "program", "--from", "2026-11-01", "--to", "2026-11-30", "--format", "xlsx", "-o", formula_xlsx)
cells = [c for ws in openpyxl.load_workbook(formula_xlsx) for row in ws.iter_rows() for c in row
         if c.value == '=HYPERLINK("http://x")']
check("xlsx/formula-like-text-is-text", len(cells) >= 1 and all(c.data_type == "s" for c in cells),
      [(c.coordinate, c.data_type) for c in cells])

finish()
