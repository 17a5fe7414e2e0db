#!/usr/bin/python3
"""Simulasi driven through the accessibility tree (issue 21).

Run by run-ui-test.sh (see there for the environment) with BSN_CLI set to
the built command-line tool. The CLI fills BSN_DB with the demo network
(receipts of the last weeks). Then, in the app, at 1366x768:

  Simulasi   the section opens with Ctrl+M's row; the stopwatch cell
             "Plus · angka 5" of the table in force is changed from 6 to 9
             (a draft, not saved); "Hitung" replays the last 8 weeks off
             the main loop; per-store rows appear ("KODE: penjualan Rp…,
             biaya hadiah Rp… → Rp… (… % → … % dari penjualan), margin
             minimum aman 8 %, Aman|Di bawah aman") with the total, and the
             chart of daily cost before/after has its text alternative
             ("N hari: biaya hadiah Rp… → Rp…; …").
  Empty      a period without sales says "Belum ada penjualan dalam periode
             ini untuk dihitung."
  Store      the store dialog of "Induk Bandung Raya": another level is
             picked with the keyboard and the dialog says what it would
             have cost over the last 8 weeks ("Biaya hadiah 8 minggu
             terakhir di level ini: Rp… → Rp… (… % → … % dari penjualan)").

Screenshots of every step go to the output directory. Exits 0 only when
all of that worked; every failure says what was missing.
"""

import argparse
import importlib.util
import os
import re
import subprocess
import sys
import time

if os.environ.get("DISPLAY"):
    subprocess.run(["dbus-update-activation-environment", "DISPLAY", "XAUTHORITY"],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)

import pyatspi  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
HARD_TIMEOUT = 150

_spec = importlib.util.spec_from_file_location("ui_smoke", os.path.join(HERE, "test-smoke.py"))
smoke = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(smoke)
Failure = smoke.Failure
find = smoke.find
find_all = smoke.find_all
role = smoke.role
set_text = smoke.set_text
wait_for = smoke.wait_for
cli = smoke.cli

START = time.monotonic()
OUT = "."

ROW = re.compile(r"^[^:]+: penjualan Rp[\d.]+, biaya hadiah Rp[\d.]+ → Rp[\d.]+ "
                 r"\([\d,]+ % → [\d,]+ % dari penjualan\), margin minimum aman [\d,]+ %, (Aman|Di bawah aman)$")


def log(message):
    print(f"[ui-simulate {time.monotonic() - START:5.1f}s] {message}", flush=True)


def shot(name):
    smoke.screenshot(os.path.join(OUT, name))


def prepare():
    os.makedirs(os.path.dirname(os.environ["BSN_DB"]), exist_ok=True)
    cli("demo")
    log("database prepared: demo network")


def text_of(acc):
    text = acc.queryText()
    return text.getText(0, text.characterCount)


def button_in(root, name_part):
    return find(root, lambda a: role(a) == "push button" and name_part in (a.name or ""))


def scroll_to_end(page):
    """Scrolls every scrollable range of @page to its end (for screenshots)."""
    for bar in find_all(page, lambda a: role(a) == "filler" and a.name == "GtkRange"):
        value = bar.queryValue()
        if value.maximumValue > value.minimumValue:
            value.currentValue = value.maximumValue


def simulate(app):
    smoke.open_section(app, "Simulasi")
    page = wait_for("Simulasi (BsnSimPage)", lambda: smoke.page(app, "BsnSimPage"), 10)
    wait_for("the empty state before Hitung",
             lambda: find(page, lambda a: role(a) == "label" and a.name == "Pilih perubahan lalu tekan Hitung."), 5)
    expiry = wait_for("the choice 'Masa berlaku poin' (the expiry policy as a change)",
                      lambda: find(page, lambda a: a.name == "Masa berlaku poin" and role(a) != "label"), 5)
    log(f"expiry policy choice: {role(expiry)} {expiry.name!r}")
    cell = wait_for("the stopwatch cell 'Plus · angka 5' reading 6",
                    lambda: (c := find(page, lambda a: role(a) == "text" and a.name == "Plus · angka 5")) is not None
                    and text_of(c) == "6" and c, 15)
    set_text(cell, "9")
    wait_for("the changed cell to say what it was", lambda: "semula 6 %" in (cell.description or ""), 5)
    log("draft: 'Plus · angka 5' 6 → 9 (not saved)")
    shot("simulate-draft.png")
    smoke.click(button_in(page, "Hitung"), "'Hitung'", log=log)
    rows = wait_for("per-store rows of the replay",
                    lambda: (r := find_all(page, lambda a: ROW.match(a.name or "") is not None)) and r, 60)
    chart = wait_for("the chart with its text alternative",
                     lambda: find(page, lambda a: role(a) == "image"
                                  and (a.name or "").startswith("Grafik biaya hadiah harian")
                                  and re.match(r"^\d+ hari: biaya hadiah Rp[\d.]+ → Rp[\d.]+;", a.description or "")),
                     60)
    total = wait_for("the total", lambda: find(page, lambda a: role(a) == "label"
                                               and (a.name or "").startswith("Semua toko: biaya hadiah")), 10)
    rows = find_all(page, lambda a: ROW.match(a.name or "") is not None)
    log(f"{len(rows)} store rows, e.g. {rows[0].name!r}")
    log(f"total: {total.name!r}")
    log(f"chart: {chart.description[:160]!r}…")
    m = re.match(r"^Semua toko: biaya hadiah Rp([\d.]+) → Rp([\d.]+)", total.name)
    before, after = (int(x.replace(".", "")) for x in m.groups())
    if after <= before:
        raise Failure(f"a higher Plus rate should cost more: {total.name!r}")
    scroll_to_end(page)
    time.sleep(0.5)
    shot("simulate-result.png")
    return page


def empty_period(page):
    entries = find_all(page, lambda a: role(a) == "text" and (a.name or "").endswith("tanggal"))
    names = {e.name: e for e in entries}
    if "Dari tanggal" not in names or "Sampai tanggal" not in names:
        raise Failure(f"the date fields 'Dari tanggal' and 'Sampai tanggal' are missing: {list(names)}")
    set_text(names["Dari tanggal"], "01/01/2001")
    set_text(names["Sampai tanggal"], "31/01/2001")
    smoke.click(button_in(page, "Hitung"), "'Hitung' on January 2001", log=log)
    wait_for("the empty state of a period without sales",
             lambda: find(page, lambda a: role(a) == "label"
                          and a.name == "Belum ada penjualan dalam periode ini untuk dihitung."), 30)
    log("a period without sales: empty state shown")
    shot("simulate-empty.png")


EFFECT = re.compile(r"Biaya hadiah 8 minggu terakhir di level ini: Rp[\d.]+ → Rp[\d.]+ "
                    r"\([\d,]+ % → [\d,]+ % dari penjualan\)")


def store_level_effect(app):
    """The store dialog: another level replayed over the last 8 weeks."""
    smoke.open_section(app, "Toko & Pelanggan")
    registry = wait_for("Toko & Pelanggan (BsnRegistryPage)", lambda: smoke.page(app, "BsnRegistryPage"), 10)
    edit = wait_for("the button 'Ubah toko Induk Bandung Raya'",
                    lambda: button_in(registry, "Ubah toko Induk Bandung Raya"), 15)
    smoke.click(edit, "'Ubah toko Induk Bandung Raya'", log=log)
    def dialog():
        for i in range(app.childCount):
            window = app.getChildAtIndex(i)
            if window is not None and not (window.name or "").startswith("BSN Loyalty"):
                return window
        return None

    window = wait_for("the store dialog", dialog, 15)
    log(f"store dialog: {window.name!r}")
    def level_row():
        label = find(window, lambda a: role(a) == "label" and (a.name or "") == "Level")
        row = label
        while row is not None and role(row) not in ("combo box", "list item", "push button"):
            row = row.parent
        return row

    level = wait_for("the store dialog's level row", level_row, 15)
    log(f"level row: role {role(level)!r}, name {level.name!r}")
    # An AdwComboRow offers no action through AT-SPI in libadwaita 1.2:
    # clicked with the pointer, as a person would, and so is the level in
    # the list it opens.
    box = level.queryComponent().getExtents(pyatspi.DESKTOP_COORDS)
    pyatspi.Registry.generateMouseEvent(box.x + box.width // 2, box.y + box.height // 2, "b1c")
    time.sleep(2.0)
    shot("simulate-store-level-list.png")
    # The list's items are not placed on the screen through AT-SPI (the
    # popover is a surface of its own): the third, "Plus / Platinum", sits
    # below the row's right end, three item heights (34 px) down.
    pyatspi.Registry.generateMouseEvent(box.x + box.width - 40, box.y + box.height + 84, "b1c")
    log("chose 'Plus / Platinum' (was 'Standard / Gold')")
    effect = wait_for("the level change's cost over the last 8 weeks",
                      lambda: find(window, lambda a: EFFECT.search(a.name or "") is not None
                                   or EFFECT.search(a.description or "") is not None), 60)
    log(f"the store dialog says: {(effect.name if EFFECT.search(effect.name or '') else effect.description)!r}")
    time.sleep(0.5)
    shot("simulate-store-level.png")


def run():
    app = wait_for("the app to appear on the accessibility bus", smoke.find_app, 30)
    title = wait_for("the window to open the database", lambda: smoke.database_open(app), 40)
    log(f"database is open: {title!r}")
    page = simulate(app)
    empty_period(page)
    store_level_effect(app)


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
    return smoke.drive("ui-simulate", args.app, OUT, HARD_TIMEOUT, run, prepare=prepare, log=log)


if __name__ == "__main__":
    sys.exit(main())
