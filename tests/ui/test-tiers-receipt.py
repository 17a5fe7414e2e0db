#!/usr/bin/python3
"""Tabel Tingkat and Catat Transaksi driven through the accessibility tree.

Run by run-ui-test.sh (see there for the environment) with BSN_CLI set to
the built command-line tool. Before the app starts, the CLI fills BSN_DB
with the demo network and adds "Toko Uji Plus" (A-PLUS: stopwatch, level
Plus, minimum purchase Rp200.000), which sorts first and so is the store
Catat Transaksi starts with. The app runs with BSN_STOPWATCH_SECONDS=3 so
the countdown takes three seconds instead of 15–25. Then, in the app:

  Tabel Tingkat    the stopwatch cell "Plus · angka 5" is changed from 6 to
                   "6,5" and is marked as changed; a cell typed as "5,x" is
                   invalid (the library's message, saving disabled) until
                   it is put back. "Simpan sebagai versi baru…" opens the
                   dialog: effective from the next midnight by default,
                   saving without a reason is refused inline, then author
                   and reason are filled in and the version is saved. The
                   history lists it with author and reason, the comparison
                   shows "6 % → 6,5 %", and the CLI finds the version.
  Catat Transaksi  recording without a customer is refused inline; the
                   customer PLG-0001 is searched and chosen, Rp250.000 is
                   typed, a countdown is started and cancelled with Escape,
                   then run to the end; the lucky digit it shows decides
                   the expected award (DOMAIN.md §4.1, Plus row), and the
                   explained result "Kuota terpenuhi · Plus · angka D → R %
                   = RpV · angka dari stopwatch" and "+P poin" must appear.

Screenshots of every step go to the output directory. Exits 0 only when
all of that worked; every failure says what was missing.
"""

import argparse
import datetime
import importlib.util
import os
import re
import subprocess
import sys
import time

# Keys typed through AT-SPI are made by at-spi2-registryd on the X display.
# The session bus starts it on first use, so the bus must know the display
# before pyatspi (imported next) connects.
if os.environ.get("DISPLAY"):
    subprocess.run(["dbus-update-activation-environment", "DISPLAY", "XAUTHORITY"],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)

import pyatspi  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
HARD_TIMEOUT = 110
STOPWATCH_SECONDS = 3

# The generic helpers (waiting, searching the tree, the sidebar, screenshots)
# are the smoke test's.
_spec = importlib.util.spec_from_file_location("ui_smoke", os.path.join(HERE, "test-smoke.py"))
smoke = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(smoke)
Failure = smoke.Failure
HardTimeout = smoke.HardTimeout
find = smoke.find
find_all = smoke.find_all
role = smoke.role
set_text = smoke.set_text
wait_for = smoke.wait_for
cli = smoke.cli

START = time.monotonic()
OUT = "."

# DOMAIN.md §4.1: the Plus row of the default stopwatch table, by digit.
PLUS_RATE = {1: "2", 2: "3", 3: "4", 4: "5", 5: "6", 6: "7", 7: "8", 8: "9", 9: "10", 0: "11"}
AMOUNT_RP = 250000
AUTHOR = "Uji Otomatis"
REASON = "Uji: angka 5 level Plus naik menjadi 6,5 %"


def log(message):
    print(f"[ui-tiers-receipt {time.monotonic() - START:5.1f}s] {message}", flush=True)


def shot(name):
    smoke.screenshot(os.path.join(OUT, name))


def click(button, what):
    smoke.click(button, what, log=log)


def rupiah(value):
    return "Rp" + f"{value:,}".replace(",", ".")


def points(value):
    """Rupiah as points the Indonesian way: Rp7.500 is "7,5 poin"."""
    whole, part = divmod(value, 1000)
    return f"{whole} poin" if part == 0 else f"{whole},{part:03d}".rstrip("0") + " poin"


# ---- Preparing the database with the CLI ----

def prepare():
    os.makedirs(os.path.dirname(os.environ["BSN_DB"]), exist_ok=True)
    cli("demo")
    # Open all day, so the test passes at any hour.
    cli("store", "add", "--code", "A-PLUS", "--name", "Toko Uji Plus", "--role", "toko", "--band", "low",
        "--level", "Plus", "--scheme", "stopwatch", "--opening", "00:00", "--hours", "24",
        "--margin-bp", "1400", "--min-purchase", "Rp200.000")
    log("database prepared: demo network and store A-PLUS (Plus, stopwatch)")


# ---- Small tree helpers ----

def label_in(root, name):
    return find(root, lambda a: role(a) == "label" and a.name == name)


def label_matching(root, pattern):
    regex = re.compile(pattern)
    return find(root, lambda a: role(a) == "label" and regex.search(a.name or "") is not None)


def button_in(root, name_part):
    return find(root, lambda a: role(a) == "push button" and name_part in (a.name or ""))


def states(acc):
    return {pyatspi.stateToString(s) for s in acc.getState().getStates()}


def text_of(acc):
    text = acc.queryText()
    return text.getText(0, text.characterCount)


def app_window(app, name):
    """A top-level window of the app (the main window, a dialog) by name."""
    for i in range(app.childCount):
        child = app.getChildAtIndex(i)
        if child is not None and child.name == name:
            return child
    return None


def scroll_to_end(page):
    """Scrolls every scrollable range of @page to its end (for screenshots)."""
    for bar in find_all(page, lambda a: role(a) == "filler" and a.name == "GtkRange"):
        value = bar.queryValue()
        if value.maximumValue > value.minimumValue:
            value.currentValue = value.maximumValue


# ---- Tabel Tingkat ----

def tier_cell(page, name):
    return find(page, lambda a: role(a) == "text" and a.name == name)


def edit_cells(app):
    smoke.open_section(app, "Tabel Tingkat")
    page = wait_for("Tabel Tingkat (BsnTiersPage)", lambda: smoke.page(app, "BsnTiersPage"), 10)
    cell = wait_for("the stopwatch cell 'Plus · angka 5' reading 6",
                    lambda: (c := tier_cell(page, "Plus · angka 5")) is not None and text_of(c) == "6" and c, 15)
    save = button_in(page, "Simpan sebagai versi baru")
    if save is None or "sensitive" in states(save):
        raise Failure("'Simpan sebagai versi baru…' should be disabled before anything changed")

    set_text(cell, "6,5")
    wait_for("the changed cell to say what it was ('Diubah, semula 6 %')",
             lambda: "semula 6 %" in (cell.description or ""), 5)
    wait_for("the status 1 sel diubah", lambda: label_matching(page, r"^1 sel diubah"), 5)
    log("cell 'Plus · angka 5' changed to 6,5")

    other = tier_cell(page, "Plus · angka 4")
    set_text(other, "5,x")
    wait_for("the invalid cell to be marked with the library's message",
             lambda: "invalid" in states(other) and "5,x" in (other.description or ""), 5)
    if "sensitive" in states(save):
        raise Failure("saving must be disabled while a cell is invalid")
    log(f"invalid cell refused: {other.description!r}")
    shot("tiers-invalid.png")
    set_text(other, "5")
    wait_for("saving to be enabled again", lambda: "sensitive" in states(save), 5)
    shot("tiers-edited.png")
    return page


def save_version(app, page, has_sales=True):
    """Saves the edited draft; @has_sales: the database holds receipts of the
    last 8 weeks (the demo), else the dialog's empty sentence is expected."""
    click(button_in(page, "Simpan sebagai versi baru"), "'Simpan sebagai versi baru…'")
    dialog = wait_for("the dialog 'Simpan sebagai versi baru'",
                      lambda: app_window(app, "Simpan sebagai versi baru"), 10)
    tomorrow = (smoke.today() + datetime.timedelta(days=1)).strftime("%d/%m/%Y")   # the entry's DD/MM/YYYY
    start = wait_for("the field 'Mulai berlaku'",
                     lambda: find(dialog, lambda a: role(a) == "text" and (a.name or "").startswith("Mulai berlaku")), 5)
    if text_of(start) != f"{tomorrow} 00:00":
        raise Failure(f"the version should start at the next midnight by default, not {text_of(start)!r}")
    wait_for("the change listed in the dialog",
             lambda: find(dialog, lambda a: (a.name or "") == "Plus · angka 5: 6 % → 6,5 %"), 5)
    # Issue 21: the draft replayed over the last 8 weeks, per store, before saving.
    if has_sales:
        effect = wait_for("the draft's cost over the last 8 weeks, per store",
                          lambda: label_matching(dialog, r"^Biaya hadiah 8 minggu terakhir[^\n]*\n"
                                                         r"[^\n]+: Rp[\d.]+ → Rp[\d.]+ \([\d,]+ % → [\d,]+ % dari penjualan\)"),
                          30)
        log(f"the dialog shows the effect: {effect.name.splitlines()[1]!r} (+{len(effect.name.splitlines()) - 2} more)")
    else:
        wait_for("the dialog saying there are no sales of the last 8 weeks to replay",
                 lambda: label_matching(dialog, r"^Biaya hadiah 8 minggu terakhir[^\n]*\n"
                                                r"Belum ada penjualan dalam 8 minggu terakhir untuk dihitung\.$"), 30)
        log("the dialog says there are no sales of the last 8 weeks to replay")

    # No reason: refused inline, the dialog stays.
    click(button_in(dialog, " Simpan"), "'Simpan' without a reason")
    wait_for("the inline message that the reason is required",
             lambda: label_matching(dialog, r"^Alasan perubahan wajib diisi"), 5)
    shot("tiers-save-refused.png")

    author = find(dialog, lambda a: role(a) == "text" and a.name == "Nama pengubah")
    reason = find(dialog, lambda a: role(a) == "text" and (a.name or "").startswith("Alasan perubahan"))
    set_text(author, AUTHOR)
    set_text(reason, REASON)
    shot("tiers-save-dialog.png")
    click(button_in(dialog, " Simpan"), "'Simpan'")
    wait_for("the dialog to close after saving",
             lambda: app_window(app, "Simpan sebagai versi baru") is None, 15)
    log("version saved")


def check_history(app, page):
    row = wait_for("the new version in 'Riwayat versi' with its author and reason",
                   lambda: label_matching(page, re.escape(f"oleh {AUTHOR}") + r"\nAlasan: " + re.escape(REASON)), 15)
    log(f"history lists: {row.name!r}")
    wait_for("the new version tagged 'terjadwal'", lambda: label_in(page, "terjadwal"), 5)
    diff = wait_for("the comparison 'Plus · angka 5' 6 % → 6,5 %",
                    lambda: find(page, lambda a: role(a) == "list" and a.name == "Sel yang berbeda"), 10)
    wait_for("the changed cell in the comparison",
             lambda: label_in(diff, "Plus · angka 5") and label_in(diff, "6 % → 6,5 %"), 10)
    scroll_to_end(page)
    time.sleep(0.5)
    shot("tiers-history.png")

    versions = cli("tiers", "history", "--scheme", "stopwatch")["versions"]
    if not any(v["author"] == AUTHOR and v["reason"] == REASON for v in versions):
        raise Failure(f"the CLI does not list the saved version: {versions}")
    log("the CLI lists the saved version")


# ---- Catat Transaksi ----

def stopwatch_digit(page):
    label = label_matching(page, r"^Angka keberuntungan \d — hitung mundur selesai")
    return int(label.name.split()[2]) if label is not None else None


def record_receipt(app):
    smoke.open_section(app, "Catat Transaksi")
    page = wait_for("Catat Transaksi (BsnReceiptPage)", lambda: smoke.page(app, "BsnReceiptPage"), 10)
    wait_for("the store 'Toko Uji Plus (A-PLUS)' to be chosen",
             lambda: label_in(page, "Toko Uji Plus (A-PLUS)"), 15)

    record = button_in(page, "Catat transaksi")
    click(record, "'Catat transaksi' without a customer")
    wait_for("the inline message asking for a customer", lambda: label_matching(page, r"^Pilih pelanggan dulu"), 5)
    shot("receipt-no-customer.png")

    search = find(page, lambda a: role(a) == "entry" and a.name == "Cari pelanggan")
    set_text(search, "PLG-0001")
    choose = wait_for("the search result 'Pilih …' for PLG-0001",
                      lambda: button_in(page, "Pilih "), 10)
    click(choose, "'Pilih' on the customer found")
    wait_for("the chosen customer's code", lambda: label_matching(page, r"^PLG-0001"), 5)

    amount = find(page, lambda a: role(a) == "text" and (a.name or "").startswith("Jumlah belanja"))
    set_text(amount, "Rp250.000")

    # A countdown cancelled with Escape draws no digit.
    click(button_in(page, "Mulai stopwatch"), "'Mulai stopwatch'")
    wait_for("the countdown to run", lambda: label_matching(page, r"^Hitung mundur berjalan"), 5)
    pyatspi.Registry.generateKeyboardEvent(0xff1b, None, pyatspi.KEY_SYM)   # Escape
    wait_for("Escape to cancel the countdown", lambda: label_matching(page, r"^Pelanggan memilih lama"), 5)
    log("Escape cancelled the countdown")

    click(button_in(page, "Mulai stopwatch"), "'Mulai stopwatch' again")
    time.sleep(1.0)
    shot("receipt-countdown.png")
    # Wait for the label, not the digit: a digit of 0 is falsy to wait_for.
    wait_for("the lucky digit after the countdown",
             lambda: stopwatch_digit(page) is not None, STOPWATCH_SECONDS + 10)
    digit = stopwatch_digit(page)
    log(f"lucky digit {digit}")
    shot("receipt-digit.png")

    day = smoke.today()
    click(button_in(page, "Catat transaksi"), "'Catat transaksi'")
    rate = PLUS_RATE[digit]
    value = AMOUNT_RP * int(rate) // 100
    # The digit came from the stopwatch, and the explanation says so.
    expected = f"Kuota terpenuhi · Plus · angka {digit} → {rate} % = {rupiah(value)} · angka dari stopwatch"
    accepted = [expected]
    if digit == 5 and smoke.today() != day:
        # Past midnight the version saved above is in force.
        accepted.append(f"Kuota terpenuhi · Plus · angka 5 → 6,5 % = {rupiah(AMOUNT_RP * 65 // 1000)}"
                        " · angka dari stopwatch")
    result = wait_for(f"the explained result {expected!r}",
                      lambda: find(page, lambda a: role(a) == "label" and a.name in accepted), 15)
    earned = f"+{points(value)} · {rupiah(value)}" if result.name == expected else None
    if earned is not None and label_in(page, earned) is None:
        raise Failure(f"the points earned {earned!r} are not shown")
    wait_for("the result heading", lambda: label_matching(page, r"^Transaksi tercatat · struk "), 5)
    log(f"result: {result.name!r}, {earned!r}")
    time.sleep(0.5)
    shot("receipt-result.png")


def run():
    app = wait_for("the app to appear on the accessibility bus", smoke.find_app, 30)
    title = wait_for("the window to open the database", lambda: smoke.database_open(app), 40)
    log(f"database is open: {title!r}")
    page = edit_cells(app)
    save_version(app, page)
    check_history(app, page)
    record_receipt(app)


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
    return smoke.drive("ui-tiers-receipt", args.app, OUT, HARD_TIMEOUT, run, prepare=prepare,
                       env={"BSN_STOPWATCH_SECONDS": str(STOPWATCH_SECONDS)}, log=log)


if __name__ == "__main__":
    sys.exit(main())
