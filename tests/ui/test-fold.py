#!/usr/bin/python3
"""Every page folds the same way, and each page's main action is on screen.

Run by run-ui-test.sh (see there for the environment), twice: at
BSN_UI_SCREEN=800x600 and at 1366x768 (tests/ui/meson.build). The CLI
fills BSN_DB with the demo network and no user, so the window opens with
both strips that used to hold it wide: "Langkah pertama: buat pemilik"
and "Data contoh".

The window has one fold rule (bsn-window.ui): it folds when it is
narrower than FOLD_WIDTH, whatever the page. Every section is opened in
sidebar order, by keys when folded (Home, Down…, Enter on the sidebar;
Alt+Left back) and by a click on its row otherwise, and on each page:

  - the fold state is the expected one, the same on every page: folded,
    the back button "Kembali ke daftar bagian" is on screen and the
    sidebar "Bagian" is not; unfolded, the other way round;
  - folded, Enter on a row puts the focus inside the page, and Alt+Left
    puts it back on that row;
  - the page fits the width it is given: the section scroller shows no
    horizontal scrollbar (a page that cannot shrink would need one);
  - at 1366x768, the page's main action (its suggested-action button, or
    the search field of Buku Poin) is showing and wholly inside the
    window;
  - a screenshot ui-fold-WxH-NN-PAGE.png of the screen is saved.
"""

import argparse
import importlib.util
import os
import shutil
import sys
import time

import pyatspi

HERE = os.path.dirname(os.path.abspath(__file__))
HARD_TIMEOUT = 170

# bsn-window.ui: the sidebar (230), its line (1) and the content's
# width-request (600).
FOLD_WIDTH = 831


def load(name, file):
    spec = importlib.util.spec_from_file_location(name, os.path.join(HERE, file))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


smoke = load("ui_smoke", "test-smoke.py")
keys = load("ui_keyboard", "test-keyboard.py")
Failure = smoke.Failure
find = smoke.find
role = smoke.role
wait_for = smoke.wait_for
cli = smoke.cli

START = time.monotonic()
OUT = "."

# Sidebar label, page type, the names its main action may have (the
# first one showing counts; None: the page is read only).
SECTIONS = [
    ("Dasbor", "BsnDashboardPage", None),
    ("Catat Transaksi", "BsnReceiptPage", ["Catat transaksi"]),
    ("Impor Penjualan", "BsnImportPage", ["Pilih berkas CSV…"]),
    ("Tabel Tingkat", "BsnTiersPage", ["Simpan sebagai versi baru…"]),
    ("Kuota Harian", "BsnQuotaPage", ["Tambah stok…", "Hari ini"]),  # a day with a plan has no add button on screen
    ("Titip Jual", "BsnConsignPage", ["Tawarkan titipan…"]),
    ("Bagi Hasil & Laporan", "BsnReportPage", ["Ekspor…"]),
    ("Buku Poin", "BsnLedgerPage", ["Kode pelanggan"]),
    ("Toko & Pelanggan", "BsnRegistryPage", ["Tambah toko", "Tambah pelanggan"]),
    ("Voucher", "BsnVoucherPage", ["Terbitkan voucher"]),
    ("Pengguna & Audit", "BsnUsersPage", ["Tambah pengguna…"]),
    ("Simulasi", "BsnSimPage", ["Hitung"]),
]
ACTION_ROLES = {"push button", "toggle button", "text", "entry"}
BACK = "Kembali ke daftar bagian"
CHROME = {}


def log(message):
    print(f"[ui-fold {time.monotonic() - START:5.1f}s] {message}", flush=True)


keys.log = log


def named(acc, wanted):
    """GTK 4.8 names a button with a mnemonic "_Label Label": the label
    as written, then as shown."""
    name = acc.name or ""
    return name == wanted or name.endswith(" " + wanted)


def screen_size():
    width, height = os.environ.get("BSN_UI_SCREEN", "1280x800").split("x")
    return int(width), int(height)


def prepare():
    os.makedirs(os.path.dirname(os.environ["BSN_DB"]), exist_ok=True)
    cli("demo")
    log("database prepared: the demo network, no user yet")


def extents(acc):
    try:
        return acc.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
    except Exception:  # no component, or gone
        return None


def on_screen(acc, frame):
    """@acc is VISIBLE, has a size and lies wholly inside @frame."""
    if acc is None or not acc.getState().contains(pyatspi.STATE_VISIBLE):
        return False
    box, win = extents(acc), extents(frame)
    if box is None or win is None or box.width <= 0 or box.height <= 0:
        return False
    return box.x >= 0 and box.y >= 0 and box.x + box.width <= win.width and box.y + box.height <= win.height


def fold_state(app, frame, page):
    """Whether the back button is shown, and whether the sidebar is beside
    @page. GTK 4.8 clears VISIBLE on a hidden widget (the back button is
    bound to the leaflet's "folded"), but it says nothing of a widget
    that AdwLeaflet left off screen, which keeps its last extents: the
    sidebar counts as shown when the page on screen starts to its right."""
    if not CHROME:  # found once: a walk of the whole window is slow
        CHROME["back"] = find(frame, lambda a: role(a) == "push button" and named(a, BACK))
        CHROME["sidebar"] = smoke.sidebar(app)
    back = CHROME["back"]
    side, box = extents(CHROME["sidebar"]), extents(page)
    return {"back button": back is not None and on_screen(back, frame),
            "sidebar": side is not None and box is not None and side.width > 0
            and side.x + side.width <= box.x}


def section_scroller(page):
    node = page.parent
    while node is not None and role(node) != "frame":
        if role(node) == "scroll pane":
            return node
        node = node.parent
    return None


def horizontal_scrollbar(page):
    """The section scroller's horizontal scrollbar when it is showing."""
    scroller = section_scroller(page)
    if scroller is None:
        raise Failure(f"{page.name} is not inside the section scroller")
    for i in range(scroller.childCount):
        bar = scroller.getChildAtIndex(i)
        if bar is None or role(bar) != "scroll bar" or not bar.getState().contains(pyatspi.STATE_VISIBLE):
            continue
        box = extents(bar)
        if box is not None and box.width > box.height > 0:
            return bar
    return None


def row_focused(app, label, why):
    """Waits for the sidebar row @label to hold the focus (its state: the
    focus may already have been there, with no event)."""
    _, row = keys.sidebar_row(app, label)
    wait_for(f"the focus on the sidebar row '{label}' {why}",
             lambda: row.getState().contains(pyatspi.STATE_FOCUSED), 8)


def open_folded(app, watch, index, label, page_type):
    """From the sidebar, by keys: Home, Down to the row, Enter."""
    watch.focused = None
    keys.press("Home")
    for _ in range(index):
        keys.press("Down")
    row_focused(app, label, "after Home and Down")
    keys.press("Return")


def back_to_sidebar(app, frame, watch, label):
    keys.xdotool("key", "--clearmodifiers", "alt+Left")
    row_focused(app, label, "after Alt+Left")


def main_action(page, frame, names):
    def showing():
        return find(page, lambda a: role(a) in ACTION_ROLES and any(named(a, n) for n in names)
                    and on_screen(a, frame))
    try:
        return wait_for(f"one of {names} on screen", showing, 10)
    except Failure:
        present = find(page, lambda a: role(a) in ACTION_ROLES and any(named(a, n) for n in names))
        where = extents(present) if present is not None else None
        box = f" at {where.x},{where.y} {where.width}x{where.height}" if where is not None else ""
        win = extents(frame)
        raise Failure(f"{page.name}: its main action {names} is not wholly inside the "
                      f"{win.width}x{win.height} window{box}")


def run():
    width, height = screen_size()
    folded = width < FOLD_WIDTH
    expected = {"back button": folded, "sidebar": not folded}
    watch = keys.FocusWatch()
    app = wait_for("the app to appear on the accessibility bus", smoke.find_app, 30)
    wait_for("the window to open the database", lambda: smoke.database_open(app), 40)
    frame = wait_for("the main window", lambda: keys.window(app, smoke.window_title(app)), 5)
    wait_for("the first-run strip", lambda: find(frame, lambda a: role(a) == "push button"
                                                 and named(a, "Buat pemilik…") and on_screen(a, frame)), 20)
    wid = keys.focus_window(app, frame)
    win = extents(frame)
    log(f"screen {width}x{height}, window {win.width}x{win.height}; "
        f"expected {'folded' if folded else 'not folded'}")
    if win.width > width or win.height > height:
        raise Failure(f"the {win.width}x{win.height} window is larger than the {width}x{height} screen")
    if folded:
        # It opens on Dasbor; back to the sidebar, focus on Dasbor's row.
        back_to_sidebar(app, frame, watch, "Dasbor")
    for index, (label, page_type, names) in enumerate(SECTIONS):
        if folded:
            open_folded(app, watch, index, label, page_type)
        else:
            keys.focus_row(app, wid, watch, label)
        page = wait_for(f"the page {page_type} on screen",
                        lambda: find(frame, lambda a: a.name == page_type and (extents(a) or win).width > 0
                                     and a.getState().contains(pyatspi.STATE_VISIBLE)), 15)
        time.sleep(1.0)  # what the page reads arrives
        if folded:
            # A page built now (Pengguna & Audit reads the audit trail)
            # may hold the app for a moment: the focus is looked at once
            # the page is on screen.
            focused = keys.focus_in_page(app, watch, page_type, "after Enter on its row")
            log(f"Enter on '{label}': the focus is on {focused} in its page")
        try:
            wait_for(f"the fold state {expected} on {label}", lambda: fold_state(app, frame, page) == expected, 5)
        except Failure:
            raise Failure(f"{label}: {fold_state(app, frame, page)} at {width}x{height}, expected {expected}")
        log(f"{label}: {expected}")
        bar = horizontal_scrollbar(page)
        shot = f"ui-fold-{width}x{height}-{index + 1:02d}-{page_type}.png"
        smoke.screenshot(os.path.join(OUT, shot))
        if bar is not None:
            raise Failure(f"{label} is wider than the {win.width}x{win.height} window gives it: "
                          f"the section scroller shows a horizontal scrollbar ({shot})")
        if names is not None and not folded:
            action = main_action(page, frame, names)
            box = extents(action)
            log(f"{label}: its main action '{action.name}' at {box.x},{box.y} {box.width}x{box.height}")
        if folded:
            back_to_sidebar(app, frame, watch, label)
    log(f"{len(SECTIONS)} pages, {'all folded' if folded else 'none folded'} at {width}x{height}")


def main():
    global OUT
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--app", required=True, help="path of the built bsn-loyalty")
    parser.add_argument("--output-dir", required=True, help="where the screenshots go")
    args = parser.parse_args()
    OUT = args.output_dir
    if shutil.which("xdotool") is None:
        print("SKIP: xdotool is not installed (quickstart installs it)", file=sys.stderr)
        return 77
    width, height = screen_size()
    return smoke.drive(f"ui-fold-{width}x{height}", args.app, OUT, HARD_TIMEOUT, run, prepare=prepare, log=log)


if __name__ == "__main__":
    sys.exit(main())
