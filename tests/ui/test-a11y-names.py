#!/usr/bin/python3
"""Every control has an accessible name, on every page.

Run by run-ui-test.sh (see there for the environment). The CLI fills
BSN_DB with the demo network and a consignment lot (so Titip Jual has lot
rows) before the app starts. Then every section is opened in sidebar
order and, once its page has read the database, the part of the
accessibility tree on screen (the window's chrome and the visible page)
is walked:

  - every focusable node (STATE_FOCUSABLE) must have a name, and not the
    type name GTK 4.8 puts in its place ("GtkButton");
  - every image with a text alternative role (the charts of Kuota Harian
    and Bagi Hasil & Laporan) must have a name and a description.

The test fails listing each offender with its role and its path from the
window (role 'name' › role 'name' › …), so the fix is easy to find.
"""

import argparse
import importlib.util
import datetime
import os
import re
import sys
import time

import pyatspi

HERE = os.path.dirname(os.path.abspath(__file__))
HARD_TIMEOUT = 190  # twelve sections (Simulasi)

_spec = importlib.util.spec_from_file_location("ui_smoke", os.path.join(HERE, "test-smoke.py"))
smoke = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(smoke)
Failure = smoke.Failure
find = smoke.find
role = smoke.role
wait_for = smoke.wait_for
cli = smoke.cli

START = time.monotonic()
OUT = "."

# Sidebar label, page type (its accessible name), something on the page
# that says it has read the database.
SECTIONS = [
    ("Dasbor", "BsnDashboardPage", "Nonaktif"),
    ("Catat Transaksi", "BsnReceiptPage", None),
    ("Impor Penjualan", "BsnImportPage", None),
    ("Tabel Tingkat", "BsnTiersPage", None),
    ("Kuota Harian", "BsnQuotaPage", None),
    ("Titip Jual", "BsnConsignPage", "Kemeja batik"),
    ("Bagi Hasil & Laporan", "BsnReportPage", None),
    ("Buku Poin", "BsnLedgerPage", None),
    ("Toko & Pelanggan", "BsnRegistryPage", "Induk Bandung Raya"),
    ("Voucher", "BsnVoucherPage", None),
    ("Pengguna & Audit", "BsnUsersPage", None),
    ("Simulasi", "BsnSimPage", None),
]

# Roles that are focusable only as containers of named children and that
# no screen reader announces by themselves.
CONTAINER_ROLES = {"filler", "panel", "scroll pane", "viewport"}


def log(message):
    print(f"[ui-a11y-names {time.monotonic() - START:5.1f}s] {message}", flush=True)


def prepare():
    os.makedirs(os.path.dirname(os.environ["BSN_DB"]), exist_ok=True)
    cli("demo")
    day = smoke.today().isoformat()
    offered = cli("consign", "offer", "--from", "IND-BDG", "--to", "ANK-CBR", "--sku", "BAJU-01",
                  "--name", "Kemeja batik", "--qty", "100", "--cost", "Rp8.000", "--price", "Rp10.000",
                  "--offered", day, "--period-days", "14", "--stage-days", "7,7,7", "--scheme", "A")["lot"]
    cli("consign", "accept", str(offered), "--qty", "60", "--at", day)
    log(f"database prepared: the demo network and lot #{offered}")


# GTK 4.8 gives a node without a name its type name over AT-SPI
# (gtkatspicontext.c), which a screen reader then reads out: that is no
# name either.
TYPE_NAME = re.compile(r"(Gtk|Adw|Bsn)[A-Z][A-Za-z0-9]*")


def has_name(acc):
    name = (acc.name or "").strip()
    return bool(name) and TYPE_NAME.fullmatch(name) is None


def showing(acc):
    """VISIBLE, which GTK 4.8 clears on a hidden widget (not on its
    children: the walk stops at the hidden one)."""
    return acc.getState().contains(pyatspi.STATE_VISIBLE)


def describe(acc):
    return f"{role(acc)} '{acc.name or ''}'"


# The rows of a GtkListView or GtkColumnView (GtkListItemWidget): GTK 4.8
# has no API to name them (gtk_list_item_set_accessible_label is 4.12);
# a screen reader reads the cells inside, so a row whose cells have text
# counts as named by its contents.
LIST_ITEM_ROLES = {"table row", "list item", "filler"}


def named_by_contents(acc):
    return find(acc, lambda a: role(a) in ("label", "table cell", "text") and has_name(a)) is not None


def on_screen(acc):
    """GTK 4.8 sets no STATE_SHOWING; a widget in a closed revealer or
    popover still says VISIBLE, but has no size."""
    try:
        extents = acc.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
    except NotImplementedError:
        return True
    return extents.width > 0 and extents.height > 0


def unnamed(acc):
    if has_name(acc):
        return False
    if role(acc) in LIST_ITEM_ROLES and named_by_contents(acc):
        return False
    return True


PAGE_TYPES = {page_type for _, page_type, _ in SECTIONS}


def walk(root, path, offenders, seen, current):
    """Depth-first over the visible nodes under @root, skipping the pages
    of the sections other than @current (GTK 4.8 says a hidden stack page
    is VISIBLE)."""
    for i in range(root.childCount):
        child = root.getChildAtIndex(i)
        if child is None or not showing(child):
            continue
        if child.name in PAGE_TYPES and child.name != current:
            continue
        here = path + [describe(child)]
        key = " › ".join(here)
        states = child.getState()
        if (states.contains(pyatspi.STATE_FOCUSABLE) and role(child) not in CONTAINER_ROLES
                and unnamed(child) and on_screen(child) and key not in seen):
            seen.add(key)
            offenders.append(f"unnamed focusable {role(child)} at {key}")
        if role(child) in ("image", "chart") and "grafik" in (child.name or "").lower():
            if not (child.description or "").strip():
                if key not in seen:
                    seen.add(key)
                    offenders.append(f"chart without a description at {key}")
            else:
                log(f"chart {child.name!r}: {child.description!r}")
        walk(child, here, offenders, seen, current)


def main_window(app):
    for i in range(app.childCount):
        child = app.getChildAtIndex(i)
        if child is not None and role(child) == "frame" and (child.name or "").startswith("BSN Loyalty"):
            return child
    return None


def show_demo_period(page):
    """The report page opens on "Bulan ini", which has no figures (and so
    no chart) on the 1st of a month at midnight: it shows the demo's four
    weeks instead, typed into its date fields, so the chart is walked on any
    date."""
    today = smoke.today()
    for field, day in (("Dari tanggal", today - datetime.timedelta(days=27)), ("Sampai tanggal", today)):
        entry = find(page, lambda a, field=field: role(a) == "text" and a.name == field)
        if entry is None:
            raise Failure(f"no date field '{field}' on the report page")
        smoke.set_text(entry, day.isoformat())
    wait_for("the report's chart for the demo's weeks",
             lambda: find(page, lambda a: role(a) in ("image", "chart") and "grafik" in (a.name or "").lower()
                          and "kosong" not in (a.name or "").lower()), 20)


def run():
    app = wait_for("the app to appear on the accessibility bus", smoke.find_app, 30)
    wait_for("the window to open the database", lambda: smoke.database_open(app), 40)
    offenders = []
    seen = set()
    charts = 0
    for label, page_type, ready in SECTIONS:
        smoke.open_section(app, label)
        page = wait_for(f"the page {page_type}", lambda: smoke.page(app, page_type), 15)
        if ready is not None:
            wait_for(f"'{ready}' on {label}",
                     lambda: find(page, lambda a: ready in (a.name or "")), 20)
        if page_type == "BsnReportPage":
            show_demo_period(page)
        time.sleep(1.0)  # what the page reads arrives
        window = main_window(app)
        before = len(offenders)
        walk(window, [describe(window)], offenders, seen, page_type)
        charts += len(smoke.find_all(page, lambda a: "grafik" in (a.name or "").lower()
                                     and role(a) in ("image", "chart")))
        log(f"{label}: {len(offenders) - before} new offenders")
        smoke.screenshot(os.path.join(OUT, f"ui-a11y-names-{page_type}.png"))
    if charts < 2:
        offenders.append(f"expected the charts of Kuota Harian and Bagi Hasil named 'Grafik …', found {charts}")
    if offenders:
        raise Failure(f"{len(offenders)} controls without an accessible name:\n  " + "\n  ".join(offenders))
    log(f"every focusable control on the {len(SECTIONS)} pages has a name; {charts} charts described")


def main():
    global OUT
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--app", required=True, help="path of the built bsn-loyalty")
    parser.add_argument("--output-dir", required=True, help="where the screenshots go")
    args = parser.parse_args()
    OUT = args.output_dir
    return smoke.drive("ui-a11y-names", args.app, OUT, HARD_TIMEOUT, run, prepare=prepare, log=log)


if __name__ == "__main__":
    sys.exit(main())
