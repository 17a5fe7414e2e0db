#!/usr/bin/python3
"""The app driven by keys alone: signing in, the sidebar, the shortcuts.

Run by run-ui-test.sh (see there for the environment). The CLI fills
BSN_DB with the demo network and the owner "sri" before the app starts,
so it opens with the login dialog.

  Masuk     the name field has the focus when the dialog opens; the name
            is typed, Enter moves to the password; a wrong password and
            Enter leave the dialog open with its message on screen, inside
            the dialog (screenshot ui-keyboard-1-salah.png); the right
            password typed, then Enter from the name field signs in.
  Tab       for every section: its sidebar row focused, Tab puts the focus
            on a widget inside that section's page and the section stays
            the one selected (Tab used to walk the sidebar, switching the
            page at every step).
  Ctrl+N    Ctrl+1 … Ctrl+9, Ctrl+0 and Ctrl+U each select their section
            and put the focus inside its page, on the widget Tab from the
            sidebar reached (the page's first), not the one after the
            widget last focused there (screenshot ui-keyboard-2-pintasan.png).

Keys are typed with xdotool (XTest): Xvfb runs without a window manager,
so the test gives the dialog, then the main window, the X input focus
itself (xdotool windowfocus, XSetInputFocus). Where the focus is comes
from the app's focus events, except for the text of an entry row, for
which GTK 4.8 sends none: there the proof is where typed keys land.
"""

import argparse
import importlib.util
import os
import re
import shutil
import subprocess
import sys
import time

import gi
gi.require_version("Atspi", "2.0")
from gi.repository import Atspi, GLib  # noqa: E402

import pyatspi  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
HARD_TIMEOUT = 190  # twelve sections (Simulasi)
USER = "sri"
PASSWORD = "kata-sandi-sri"

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

# Sidebar label, page type, shortcut key (keysym name) — sidebar order.
SECTIONS = [
    ("Dasbor", "BsnDashboardPage", "1"),
    ("Catat Transaksi", "BsnReceiptPage", "2"),
    ("Impor Penjualan", "BsnImportPage", "3"),
    ("Tabel Tingkat", "BsnTiersPage", "4"),
    ("Kuota Harian", "BsnQuotaPage", "5"),
    ("Titip Jual", "BsnConsignPage", "6"),
    ("Bagi Hasil & Laporan", "BsnReportPage", "7"),
    ("Buku Poin", "BsnLedgerPage", "8"),
    ("Toko & Pelanggan", "BsnRegistryPage", "9"),
    ("Voucher", "BsnVoucherPage", "0"),
    ("Pengguna & Audit", "BsnUsersPage", "u"),
    ("Simulasi", "BsnSimPage", "m"),
]


def log(message):
    print(f"[ui-keyboard {time.monotonic() - START:5.1f}s] {message}", flush=True)


def shot(name):
    smoke.screenshot(os.path.join(OUT, name))


def prepare():
    os.makedirs(os.path.dirname(os.environ["BSN_DB"]), exist_ok=True)
    cli("demo")
    cli("user", "add", "--name", USER, "--role", "pemilik", env={"BSN_NEW_PASSWORD": PASSWORD})
    log(f"database prepared with the demo network and the owner {USER!r}")


# ---- Keys and focus ----

class FocusWatch:
    """The last accessible that said it took the focus."""

    def __init__(self):
        self.focused = None
        self.listener = Atspi.EventListener.new(self._on_event)
        self.listener.register("object:state-changed:focused")

    def _on_event(self, event):
        if event.detail1 == 1:
            self.focused = event.source

    def pump(self, seconds=0.3):
        deadline = time.monotonic() + seconds
        context = GLib.MainContext.default()
        while time.monotonic() < deadline:
            while context.iteration(False):
                pass
            time.sleep(0.02)

    def wait(self, what, probe, timeout=8):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.pump(0.1)
            try:
                if self.focused is not None and probe(self.focused):
                    return self.focused
            except Exception:  # the tree changes under our feet
                pass
        raise Failure(f"timed out after {timeout} s waiting for the focus {what}; "
                      f"it is on {describe(self.focused)}")


def describe(acc):
    if acc is None:
        return "nothing"
    try:
        path = []
        node = acc
        while node is not None and len(path) < 12:
            path.append(f"{node.getRoleName()} '{node.name or ''}'")
            if node.getRoleName() == "frame":
                break
            node = node.parent
        return " ‹ ".join(path)
    except Exception as error:
        return f"(gone: {error})"


def xdotool(*args):
    """xdotool with @args; its output, stripped. Raises Failure when it
    fails."""
    try:
        done = subprocess.run(["xdotool", *args], capture_output=True, text=True, timeout=15)
    except subprocess.TimeoutExpired:
        raise Failure(f"xdotool {' '.join(args)} took longer than 15 s")
    if done.returncode != 0:
        raise Failure(f"xdotool {' '.join(args)} failed ({done.returncode}): {done.stderr.strip()}")
    return done.stdout.strip()


def focus_window(app, frame):
    """Gives the X keyboard focus to @frame's toplevel. Xvfb runs without a
    window manager: nobody focuses a new window, so keys typed (XTest)
    would go nowhere, and the window's state never becomes active.
    XSetInputFocus (xdotool windowfocus) needs no window manager; the
    window is found by the app's _NET_WM_PID and @frame's title."""
    title = frame.name
    pid = app.get_process_id()
    pattern = "^" + re.escape(title) + "$"
    def search():
        found = subprocess.run(["xdotool", "search", "--onlyvisible", "--pid", str(pid), "--name", pattern],
                               capture_output=True, text=True)
        return found.stdout.split() if found.returncode == 0 else None
    wid = wait_for(f"the X window '{title}' of process {pid}", search, 10)[-1]
    xdotool("windowfocus", "--sync", wid)
    wait_for(f"the X focus on '{title}' ({wid})", lambda: xdotool("getwindowfocus") == wid, 5)
    # GTK learns of the focus from the FocusIn event: the window turns
    # active (GTK 4.8 says so in the tree).
    wait_for(f"'{title}' active", lambda: frame.getState().contains(pyatspi.STATE_ACTIVE), 5)
    log(f"X focus on '{title}' (window {wid})")
    return wid


def click(wid, acc, what):
    """A click in the middle of @acc, in the X window @wid (GTK 4.8
    refuses AT-SPI's GrabFocus, and a click is what focuses a list row)."""
    box = acc.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
    if box.width <= 0 or box.height <= 0:
        raise Failure(f"{what} has no size on screen")
    xdotool("mousemove", "--window", wid, str(box.x + box.width // 2), str(box.y + box.height // 2))
    xdotool("click", "1")
    log(f"clicked {what}")


def press(name, control=False):
    xdotool("key", "--clearmodifiers", ("ctrl+" if control else "") + name)
    log(f"pressed {'Ctrl+' if control else ''}{name}")


def type_text(text):
    xdotool("type", "--delay", "30", text)


def inside(acc, ancestor_name, stop_role="frame"):
    node = acc
    while node is not None:
        if node.name == ancestor_name:
            return True
        if node.getRoleName() == stop_role:
            return False
        node = node.parent
    return False


# ---- The tree ----

def window(app, name):
    for i in range(app.childCount):
        child = app.getChildAtIndex(i)
        if child is not None and role(child) == "frame" and child.name == name:
            return child
    return None


def text_of(acc):
    try:
        text = acc.queryText()
        return text.getText(0, text.characterCount)
    except Exception:  # no text interface, or gone
        return ""


def text_field(root, title):
    return find(root, lambda a: role(a) == "text" and a.name == title)


def selected_section(app):
    rows = smoke.sidebar(app)
    selection = rows.querySelection()
    for i in range(rows.childCount):
        if selection.isChildSelected(i):
            return rows.getChildAtIndex(i).name
    return None


def sidebar_row(app, label):
    rows = smoke.sidebar(app)
    for i in range(rows.childCount):
        row = rows.getChildAtIndex(i)
        if row.name == label:
            return i, row
    raise Failure(f"no sidebar row named '{label}' (rows need an accessible name)")


# ---- The steps ----

def check_error_visible(app, dialog):
    error = wait_for("the wrong password's message in the dialog",
                     lambda: find(dialog, lambda a: role(a) in ("label", "alert")
                                  and "sandi" in (a.name or "").lower()
                                  and a.name != "Kata sandi"
                                  and "Masukkan nama pengguna" not in a.name), 15)
    log(f"the dialog says {error.name!r}")
    time.sleep(0.5)
    frame = dialog.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
    box = error.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
    log(f"message at {box.x},{box.y} {box.width}x{box.height}; dialog {frame.width}x{frame.height}")
    shot("ui-keyboard-1-salah.png")
    if box.width <= 0 or box.height <= 0 or box.y < 0 or box.y + box.height > frame.height \
            or box.x < 0 or box.x + box.width > frame.width:
        raise Failure(f"the message {error.name!r} is outside the visible dialog "
                      f"(at {box.x},{box.y} {box.width}x{box.height} in {frame.width}x{frame.height})")
    if window(app, "Masuk") is None:
        raise Failure("the dialog closed on a wrong password")


def typed_into(field, label, keys, expected, why):
    """Types @keys and waits for @field's text to become @expected: the
    proof that the focus is in @field (GTK 4.8 sends no focus event for
    the text inside an entry row, nor for the focus a window has when it
    becomes active). A password field's text is its masked characters:
    @expected is then the number of them."""
    type_text(keys)
    if isinstance(expected, int):
        wait_for(f"{expected} characters typed into '{label}' ({why})",
                 lambda: field.queryText().characterCount == expected, 5)
    else:
        wait_for(f"{expected!r} typed into '{label}' ({why})", lambda: text_of(field) == expected, 5)
    log(f"the focus is on '{label}': the keys typed landed there")


def sign_in(app, watch):
    dialog = wait_for("the login dialog 'Masuk'", lambda: window(app, "Masuk"), 30)
    name = wait_for("the name field", lambda: text_field(dialog, "Nama pengguna"), 10)
    password = wait_for("the password field", lambda: text_field(dialog, "Kata sandi"), 10)
    focus_window(app, dialog)
    typed_into(name, "Nama pengguna", USER, USER, "the focus is there when the dialog opens")
    press("Return")
    wrong = "bukan-sandinya"
    typed_into(password, "Kata sandi", wrong, len(wrong), "Enter in the name field with no password moves there")
    if text_of(name) != USER:
        raise Failure(f"the password went into the name field: {text_of(name)!r}")
    press("Return")
    check_error_visible(app, dialog)
    typed_into(password, "Kata sandi", PASSWORD, len(PASSWORD),
               "emptied and focused after the wrong password")
    press("shift+Tab")
    press("End")  # the keyboard focus selected the name
    typed_into(name, "Nama pengguna", "x", USER + "x", "Shift+Tab from the password")
    press("BackSpace")
    wait_for(f"'Nama pengguna' back to {USER!r}", lambda: text_of(name) == USER, 5)
    press("Return")
    wait_for("the login dialog to close after Enter in the name field", lambda: window(app, "Masuk") is None, 15)
    log(f"signed in as {USER} by keys")


def focus_row(app, wid, watch, label):
    """Clicks the sidebar row @label: its section opens and the row takes
    the focus."""
    _, row = sidebar_row(app, label)
    click(wid, row, f"the sidebar row '{label}'")
    watch.wait(f"on the sidebar row '{label}'", lambda f: f.name == label and role(f) == "list item")
    wait_for(f"the section '{label}' selected", lambda: selected_section(app) == label, 10)


MARK = "qz"


def focus_in_page(app, watch, page_type, why):
    """Waits for the focus inside the page @page_type; returns what is
    focused, as "role 'name'". The focus event names it, except for the
    text inside an entry row, of which GTK 4.8 sends none: then the keys
    typed must land in a text field of the page (and are erased)."""
    try:
        focused = watch.wait(f"inside {page_type} {why}", lambda f: inside(f, page_type), 3)
        return f"{role(focused)} '{focused.name}'"
    except Failure as no_event:
        page = smoke.page(app, page_type)
        type_text(MARK)
        try:
            field = wait_for(f"{MARK!r} typed into a text field of {page_type}",
                             lambda: find(page, lambda a: role(a) in ("text", "password text", "entry")
                                          and MARK in text_of(a)), 5)
        except Failure:
            raise no_event
        for _ in MARK:
            press("BackSpace")
        wait_for(f"{MARK!r} erased", lambda: MARK not in text_of(field), 5)
        return f"{role(field)} '{field.name}' (the typed keys landed there)"


def tab_from_sidebar(app, wid, watch):
    """Returns, for every section, where Tab put the focus."""
    firsts = {}
    for label, page_type, _ in SECTIONS:
        focus_row(app, wid, watch, label)
        wait_for(f"the page {page_type}", lambda: smoke.page(app, page_type), 15)
        time.sleep(0.3)
        press("Tab")
        focused = focus_in_page(app, watch, page_type, "after Tab from its sidebar row")
        section = wait_for("the sidebar's selected row", lambda: selected_section(app), 5)
        if section != label:
            raise Failure(f"Tab from the sidebar row '{label}' switched the section to '{section}'")
        log(f"Tab from '{label}' went to {focused} in its page")
        firsts[label] = focused
    return firsts


def shortcuts(app, wid, watch, firsts):
    # Start from the sidebar, so that the keys must move the focus away.
    focus_row(app, wid, watch, "Dasbor")
    # Ctrl+U before Ctrl+0: Voucher's page starts at a text field, and
    # in a text field GTK 4.8 keeps Ctrl+U for itself (it erases to the
    # start of the line), before the window's shortcut sees it.
    order = SECTIONS[1:9] + SECTIONS[10:] + SECTIONS[9:10] + SECTIONS[:1]
    for label, page_type, key in order:
        press(key, control=True)
        wait_for(f"the section '{label}' after Ctrl+{key}", lambda: selected_section(app) == label, 10)
        focused = focus_in_page(app, watch, page_type, f"after Ctrl+{key}")
        log(f"Ctrl+{key}: '{label}', focus on {focused}")
        # The page's first widget every time, not the one after the
        # widget that had the focus when the page was last left.
        if focused != firsts[label]:
            raise Failure(f"Ctrl+{key} put the focus on {focused}, Tab from the sidebar on {firsts[label]}")
    shot("ui-keyboard-2-pintasan.png")


def run():
    watch = FocusWatch()
    app = wait_for("the app to appear on the accessibility bus", smoke.find_app, 30)
    sign_in(app, watch)
    wait_for("the window to open the database", lambda: smoke.database_open(app), 20)
    wait_for("Dasbor", lambda: smoke.page(app, "BsnDashboardPage"), 10)
    wid = focus_window(app, wait_for("the main window", lambda: window(app, smoke.window_title(app)), 5))
    firsts = tab_from_sidebar(app, wid, watch)
    shortcuts(app, wid, watch, firsts)


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
    if not os.environ.get("BSN_CLI"):
        print("FAIL: BSN_CLI is not set (run through run-ui-test.sh)", file=sys.stderr)
        return 1
    return smoke.drive("ui-keyboard", args.app, OUT, HARD_TIMEOUT, run, prepare=prepare, log=log)


if __name__ == "__main__":
    sys.exit(main())
