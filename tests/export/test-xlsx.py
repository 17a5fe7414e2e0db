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
    out = subprocess.run([CLI, "--db", DB, "--json", *args], capture_output=True, text=True)
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

wb = openpyxl.load_workbook(xlsx)
check("xlsx/sheets", wb.sheetnames[:4] == ["Per titipan", "Per cabang", "Biaya bonus", "Total per pihak"]
      and wb.sheetnames[-1] == "Catatan", wb.sheetnames)
ws = wb["Per titipan"]
headers = [c.value for c in ws[1]]
check("xlsx/indonesian-headers", headers[:3] == ["Titipan", "SKU", "Barang"] and "Pendapatan" in headers, headers)
check("xlsx/frozen-header", ws.freeze_panes == "A2", ws.freeze_panes)
check("xlsx/autofilter", ws.auto_filter.ref is not None and ws.auto_filter.ref.startswith("A1:"), ws.auto_filter.ref)
col = headers.index("Pendapatan") + 1
last = ws.max_row
check("xlsx/money-format", "Rp" in ws.cell(row=2, column=col).number_format, ws.cell(row=2, column=col).number_format)
formula = ws.cell(row=last, column=col).value
check("xlsx/sum-formula", isinstance(formula, str) and formula.startswith("=SUM("), formula)
check("xlsx/totals-label", ws.cell(row=last, column=1).value == "Total", ws.cell(row=last, column=1).value)
notes = {r[0].value: r[1].value for r in wb["Catatan"].iter_rows(min_row=2)}
check("xlsx/notes", "Periode" in notes and "Dibuat pada" in notes and "Pembagian laba" in notes, list(notes))
pw = openpyxl.load_workbook(program)["Biaya program per toko"]
ph = [c.value for c in pw[1]]
check("xlsx/percent-format", "%" in pw.cell(row=2, column=ph.index("Biaya % penjualan") + 1).number_format)
check("xlsx/ledger-no-period-is-everything", everything["rows"] == led["rows"] and led["rows"] > 0,
      (everything["rows"], led["rows"]))
lw = openpyxl.load_workbook(ledger, read_only=True)
check("xlsx/ledger-rollover", len(lw.sheetnames) == (led["rows"] + 999) // 1000 and lw.sheetnames[1] == "Buku Poin (2)",
      (led["rows"], lw.sheetnames))

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
        expected = rep["sections"][0]["totals"]
        ok = True
        for name, value in expected.items():
            got = totals[rows[0].index(name)]
            digits = "".join(ch for ch in got if ch.isdigit() or ch == "-")
            if int(digits or 0) != value:
                ok = False
                check(f"libreoffice/total {name}", False, f"{got} != {value}")
        check("libreoffice/recomputed-totals-equal-library", ok)
    shutil.rmtree(profile, ignore_errors=True)

finish()
