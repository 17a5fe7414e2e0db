#!/usr/bin/python3
"""Bagi Hasil & Laporan through the accessibility tree.

Run by run-ui-test.sh (see there for the environment). The CLI fills a
demo database first; the app then opens "Bagi Hasil & Laporan", shows the
bagi hasil report for the last six weeks (the demo's data), and the test
checks that the "Total per pihak" table shows the producer's share the CLI
computes for the same period. The period typed is one whose figures differ
from those of the page's opening period ("Bulan ini"), on any date, and it
is typed without Enter: the page must apply what it shows. It exports the report to xlsx and the
ledger of the period to xlsx through the save dialog, which opens in
BSN_EXPORT_DIR (a temporary folder set here), and checks both files.
Screenshots go to the output directory.
"""

import argparse
import datetime
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
import time

# The session bus starts the accessibility bus on first use, so it must
# know the display before pyatspi (imported by the smoke module) connects.
if os.environ.get("DISPLAY"):
    subprocess.run(["dbus-update-activation-environment", "DISPLAY", "XAUTHORITY"],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)

HERE = os.path.dirname(os.path.abspath(__file__))
HARD_TIMEOUT = 150

_spec = importlib.util.spec_from_file_location("ui_smoke", os.path.join(HERE, "test-smoke.py"))
smoke = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(smoke)
Failure = smoke.Failure
HardTimeout = smoke.HardTimeout
find = smoke.find
role = smoke.role
wait_for = smoke.wait_for
cli = smoke.cli
pyatspi = smoke.pyatspi

START = time.monotonic()
OUT = "."


def log(message):
    print(f"[ui-report {time.monotonic() - START:5.1f}s] {message}", flush=True)


def shot(name):
    smoke.screenshot(os.path.join(OUT, name))


def click(button, what):
    smoke.click(button, what, log=log)


def rupiah(value):
    """bsn_money_format: Rp with '.' between thousands, '-' before."""
    sign = "-" if value < 0 else ""
    return f"{sign}Rp{abs(value):,}".replace(",", ".")


def parties_from_cli(period_from, period_to, folder):
    """The CLI's "Total per pihak": its column headers and rows."""
    path = os.path.join(folder, "cli-bagi-hasil.json")
    cli("report", "bagi-hasil", "--from", period_from, "--to", period_to, "--format", "json", "-o", path)
    with open(path, encoding="utf-8") as f:
        report = json.load(f)
    os.unlink(path)
    section = next(s for s in report["sections"] if s["name"] == "Total per pihak")
    return [c["header"] for c in section["columns"]], section["rows"]


def expected_producer_share(period_from, period_to, folder):
    _, rows = parties_from_cli(period_from, period_to, folder)
    row = next(r for r in rows if r[0] == "Produsen")
    return rupiah(row[1])


def report_is_empty(period_from, period_to, folder):
    """The page shows its empty state when no figure of the period is
    non-zero (e.g. "Bulan ini" on the first of a month at midnight)."""
    path = os.path.join(folder, "cli-bagi-hasil.json")
    cli("report", "bagi-hasil", "--from", period_from, "--to", period_to, "--format", "json", "-o", path)
    with open(path) as f:
        report = json.load(f)
    os.unlink(path)
    return all(not isinstance(cell, (int, float)) or cell == 0
               for section in report["sections"] for row in section["rows"] for cell in row)


def choose_period(today, folder):
    """The page opens on "Bulan ini" (the 1st of this month to today). A
    period to type must give other figures than that one, or a page that
    ignores the typed dates would still pass."""
    this_month = (today.replace(day=1).isoformat(), today.isoformat())
    shown = expected_producer_share(*this_month, folder)
    candidates = [(today - datetime.timedelta(days=42), today),
                  (today - datetime.timedelta(days=42), today - datetime.timedelta(days=10)),
                  (today - datetime.timedelta(days=20), today - datetime.timedelta(days=1))]
    for start, end in candidates:
        value = expected_producer_share(start.isoformat(), end.isoformat(), folder)
        if value != shown:
            return this_month, shown, (start.isoformat(), end.isoformat()), value
    raise Failure(f"no period with other figures than {this_month} ({shown}) in the demo")


# ---- Tree helpers ----

def label_in(root, name):
    return find(root, lambda a: role(a) == "label" and a.name == name)


def button_in(root, name):
    # GTK 4.8 names a mnemonic button "_Simpan Simpan" unless it has an
    # accessible label of its own (ours do; the file chooser's do not).
    return find(root, lambda a: role(a) == "push button"
                and (a.name == name or (a.name or "").endswith(" " + name)))


def app_window(app, name):
    for i in range(app.childCount):
        child = app.getChildAtIndex(i)
        if child is not None and child.name == name:
            return child
    return None


def set_entry(page, name, text):
    entry = find(page, lambda a: role(a) == "text" and a.name == name)
    if entry is None:
        raise Failure(f"no date field '{name}'")
    return smoke.set_text(entry, text)


def save_in_dialog(app, title):
    dialog = wait_for(f"the save dialog '{title}'", lambda: app_window(app, title), 10)
    time.sleep(0.5)
    shot("report-save-dialog.png")
    click(wait_for("the 'Simpan' button", lambda: button_in(dialog, "Simpan"), 5), f"'Simpan' in '{title}'")
    wait_for(f"the save dialog '{title}' to close", lambda: app_window(app, title) is None, 10)


def toast_label(app, predicate):
    """A label of a toast: the other pages and the tables are skipped, the
    tree is too big to walk whole before a toast goes away."""
    return find(app, lambda a: role(a) == "label" and predicate(a.name or ""),
                skip=lambda a: role(a) in ("tree table", "table", "list")
                or ((a.name or "").startswith("Bsn") and a.name.endswith("Page")))


def extents(acc):
    try:
        e = acc.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
        return e.x, e.y, e.width, e.height
    except Exception:  # no Component interface: nothing to measure
        return None


def check_parties_table(page, table, headers, rows):
    """Every party row of the CLI's report is on screen, whole: each
    party's name and its net figure ("Bersih", the chart's number) are
    labels of the table, showing, and inside the table's own area (a
    table that scrolled inside itself would hold them out of sight, or not
    at all)."""
    if headers[-1] != "Bersih":
        raise Failure(f"the CLI's 'Total per pihak' does not end with 'Bersih': {headers}")
    if label_in(table, "Bersih") is None:
        raise Failure("no column 'Bersih' in 'Total per pihak' on screen")
    box = extents(table)
    for row in rows:
        for text in (row[0], rupiah(row[-1])):
            label = label_in(table, text)
            if label is None:
                raise Failure(f"'{text}' (party {row[0]}) is not in 'Total per pihak' on screen")
            states = label.getState()
            if not states.contains(pyatspi.STATE_VISIBLE):
                raise Failure(f"'{text}' (party {row[0]}) is in 'Total per pihak' but not visible"
                              f" ({[str(x) for x in states.getStates()]})")
            where = extents(label)
            if box and where and box[3] > 0 and not (box[1] <= where[1] and where[1] + where[3] <= box[1] + box[3]):
                raise Failure(f"'{text}' lies outside the table 'Total per pihak' ({where} not in {box}):"
                              " the table is cut off")
    log(f"'Total per pihak' shows all {len(rows)} parties and their net figures: "
        + ", ".join(f"{r[0]} {rupiah(r[-1])}" for r in rows)
        + (f"; table {box[2]}x{box[3]} px" if box else ""))


def wheel_scrolls_page(page, table):
    """The mouse wheel over a table moves the page (the table does not
    catch it)."""
    box = extents(table)
    if not box or box[2] <= 0:
        log("no extents over AT-SPI: the wheel check is skipped")
        return
    x, y = box[0] + box[2] // 2, box[1] + min(box[3] // 2, 20)
    for _ in range(3):
        pyatspi.Registry.generateMouseEvent(x, y, "b4c")   # wheel up: back to the top
    time.sleep(0.5)
    top = extents(table)[1]
    for _ in range(3):
        pyatspi.Registry.generateMouseEvent(x, y, "b5c")   # wheel down, over the table
    try:
        wait_for("the page to scroll under the wheel", lambda: extents(table)[1] < top or None, 3)
        log(f"the wheel over the table scrolled the page ({top} -> {extents(table)[1]})")
    except Failure:
        # at-spi's synthesized wheel does not always reach an Xvfb display.
        log("the synthesized wheel did not arrive; the page is scrolled by focus instead")


def written(folder, prefix):
    for name in os.listdir(folder):
        path = os.path.join(folder, name)
        if name.startswith(prefix) and name.endswith(".xlsx") and os.path.getsize(path) > 0:
            with open(path, "rb") as f:
                if f.read(2) == b"PK":
                    return path
    return None


# ---- The test ----

def run(folder):
    today = smoke.today()
    this_month, shown, (period_from, period_to), producer = choose_period(today, folder)
    log(f"the CLI gives Produsen {shown} for {this_month[0]} … {this_month[1]}"
        f" and {producer} for {period_from} … {period_to}")

    app = wait_for("the app to appear on the accessibility bus", smoke.find_app, 30)
    title = wait_for("the window to open the database", lambda: smoke.database_open(app), 40)
    log(f"database is open: {title!r}")
    smoke.open_section(app, "Bagi Hasil & Laporan")
    page = wait_for("the report page (BsnReportPage)", lambda: smoke.page(app, "BsnReportPage"), 10)
    wait_for("the report kind 'Bagi hasil'", lambda: label_in(page, "Bagi hasil"), 10)

    def parties():
        return find(page, lambda a: role(a) == "tree table" and a.name == "Total per pihak")

    if report_is_empty(*this_month, folder):
        wait_for("the empty state of 'Bulan ini'",
                 lambda: find(page, lambda a: a.name == "Tidak ada data pada periode ini"), 15)
        log("'Bulan ini' has no figures yet: the empty state shows")
    else:
        table = wait_for("the table 'Total per pihak'", parties, 15)
        wait_for(f"this month's producer share {shown} in 'Total per pihak'",
                 lambda: label_in(table, shown), 10)
        log(f"'Bulan ini' shows Produsen {shown}")

    # Typed, no Enter: the figures must follow what the fields show.
    set_entry(page, "Dari tanggal", period_from)
    set_entry(page, "Sampai tanggal", period_to[:-1])
    export = button_in(page, "Ekspor…")
    wait_for("the export to be disabled while the period is half typed",
             lambda: not export.getState().contains(pyatspi.STATE_SENSITIVE), 5)
    set_entry(page, "Sampai tanggal", period_to)
    log(f"period typed: {period_from} … {period_to}")

    # The tables are built anew for the new period: look each time.
    def in_parties(text):
        table = parties()
        return table is not None and label_in(table, text)

    wait_for(f"the producer's share {producer} in 'Total per pihak'", lambda: in_parties(producer), 15)
    log(f"'Total per pihak' shows Produsen {producer}")
    time.sleep(1.0)
    shot("report-bagi-hasil.png")
    headers, rows = parties_from_cli(period_from, period_to, folder)
    check_parties_table(page, parties(), headers, rows)
    first = find(page, lambda a: role(a) == "tree table" and a.name == "Per titipan")
    if first is None:
        raise Failure("no table 'Per titipan'")
    wheel_scrolls_page(page, first)
    time.sleep(0.5)
    shot("report-bagi-hasil-scrolled.png")
    # Focus on the last net figure (a selectable label) scrolls the page to
    # the bottom table, shown whole.
    _, rows = parties_from_cli(period_from, period_to, folder)
    last = label_in(parties(), rupiah(rows[-1][-1]))
    try:
        last.queryComponent().grabFocus()
        time.sleep(0.8)
        shot("report-bagi-hasil-bottom.png")
    except Exception as e:  # GTK 4.8 has no Component.GrabFocus
        log(f"could not focus the last net figure ({e}); run with BSN_UI_SCREEN=1366x1800 to see every table")

    wait_for("the export to be enabled again",
             lambda: button_in(page, "Ekspor…").getState().contains(pyatspi.STATE_SENSITIVE), 10)
    click(button_in(page, "Ekspor…"), "'Ekspor…'")
    save_in_dialog(app, "Ekspor laporan")
    path = wait_for("the report's xlsx in BSN_EXPORT_DIR", lambda: written(folder, "bagi-hasil-"), 20)
    log(f"report written to {path}")
    wait_for("the toast 'Laporan disimpan: …'",
             lambda: toast_label(app, lambda n: n.startswith("Laporan disimpan:")), 10)
    time.sleep(0.5)
    shot("report-exported.png")

    click(button_in(page, "Ekspor buku poin…"), "'Ekspor buku poin…'")
    save_in_dialog(app, "Ekspor buku poin")
    path = wait_for("the ledger's xlsx in BSN_EXPORT_DIR", lambda: written(folder, "buku-poin-"), 60)
    log(f"ledger written to {path}")
    wait_for("the toast '… kaki posting disimpan: …'",
             lambda: toast_label(app, lambda n: "kaki posting disimpan" in n), 30)
    time.sleep(0.5)
    shot("report-ledger-exported.png")


def main():
    global OUT
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--app", required=True, help="path of the built bsn-loyalty")
    parser.add_argument("--output-dir", required=True, help="where the screenshots go")
    args = parser.parse_args()
    OUT = args.output_dir
    if not os.environ.get("BSN_CLI"):
        print("FAIL: BSN_CLI is not set (run through run-ui-test.sh)", file=sys.stderr)
        return 1

    def prepare():
        os.makedirs(os.path.dirname(os.environ["BSN_DB"]), exist_ok=True)
        cli("demo")
        log("demo database prepared")

    with tempfile.TemporaryDirectory(prefix="bsn-export-") as folder:
        return smoke.drive("ui-report", args.app, OUT, HARD_TIMEOUT, lambda: run(folder), prepare=prepare,
                           env={"BSN_EXPORT_DIR": folder}, log=log)


if __name__ == "__main__":
    sys.exit(main())
