#!/usr/bin/python3
"""The app driven by keys alone: signing in, the sidebar, the shortcuts.

Run by run-ui-test.sh (see there for the environment). The CLI fills
BSN_DB with the demo network and the owner "sri" before the app starts,
so it opens with the login dialog. Keys are sent through AT-SPI (XTest
under Xvfb); where the focus is comes from the focus events the app
sends.

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
            and put the focus inside its page.
"""

import argparse
import importlib.util
import os
import sys
import time

import gi
gi.require_version("Atspi", "2.0")
from gi.repository import Atspi, GLib  # noqa: E402

import pyatspi  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
HARD_TIMEOUT = 170
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
]
CONTROL_MASK = 1 << 2


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


def keysym(name):
    return {"Tab": 0xff09, "Return": 0xff0d}.get(name) or ord(name)


def press(name, control=False):
    if control:
        Atspi.generate_keyboard_event(CONTROL_MASK, None, Atspi.KeySynthType.LOCKMODIFIERS)
    try:
        Atspi.generate_keyboard_event(keysym(name), None, Atspi.KeySynthType.SYM)
    finally:
        if control:
            Atspi.generate_keyboard_event(CONTROL_MASK, None, Atspi.KeySynthType.UNLOCKMODIFIERS)
    log(f"pressed {'Ctrl+' if control else ''}{name}")


def type_text(text):
    """One key per character (ASCII keysyms are the characters' codes;
    KeySynthType.STRING fails under Xvfb's keymap)."""
    for char in text:
        Atspi.generate_keyboard_event(ord(char), None, Atspi.KeySynthType.SYM)


def point_at(frame):
    """Xvfb has no window manager: the keys go to the window under the
    pointer. Windows open at the screen's origin there, so the pointer
    goes to a point inside @frame's size from the origin."""
    box = frame.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
    Atspi.generate_mouse_event(max(box.width // 2, 1), max(box.height // 2, 1), "abs")
    time.sleep(0.3)


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

def wrong_password_shown(app, dialog):
    """A wrong password, given through the tree: the message must lie
    inside the dialog as it is on screen."""
    text_field(dialog, "Nama pengguna").queryEditableText().setTextContents(USER)
    text_field(dialog, "Kata sandi").queryEditableText().setTextContents("bukan-sandinya")
    button = find(dialog, lambda a: role(a) == "push button" and "Masuk" in (a.name or ""))
    smoke.click(button, "'Masuk' with a wrong password", log=log)
    check_error_visible(app, dialog)


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


def sign_in(app, watch):
    dialog = wait_for("the login dialog 'Masuk'", lambda: window(app, "Masuk"), 30)
    # GTK 4.8 sends no focus event or state for the focus a window has
    # when it becomes active, so the proof is where the typed keys land.
    name = wait_for("the name field", lambda: text_field(dialog, "Nama pengguna"), 10)
    wrong_password_shown(app, dialog)
    name.queryEditableText().setTextContents("")
    point_at(dialog)
    time.sleep(0.5)
    type_text(USER)
    wait_for(f"{USER!r} typed into 'Nama pengguna' (the focus is there when the dialog opens)",
             lambda: name.queryText().getText(0, -1) == USER, 5)
    log("the name field has the focus: the typed name landed there")
    press("Return")
    watch.wait("on 'Kata sandi' after Enter in the name field with no password",
               lambda f: f.name == "Kata sandi")
    type_text("bukan-sandinya")
    press("Return")
    check_error_visible(app, dialog)
    watch.wait("back on 'Kata sandi' after the wrong password", lambda f: f.name == "Kata sandi")
    type_text(PASSWORD)
    name.queryComponent().grabFocus()
    watch.wait("on 'Nama pengguna' again", lambda f: f.name == "Nama pengguna")
    press("Return")
    wait_for("the login dialog to close after Enter in the name field", lambda: window(app, "Masuk") is None, 15)
    log(f"signed in as {USER} by keys")


def tab_from_sidebar(app, watch):
    for label, page_type, _ in SECTIONS:
        smoke.open_section(app, label)
        wait_for(f"the page {page_type}", lambda: smoke.page(app, page_type), 15)
        time.sleep(0.3)
        index, row = sidebar_row(app, label)
        row.queryComponent().grabFocus()
        watch.wait(f"on the sidebar row '{label}'", lambda f: f.name == label and role(f) == "list item")
        press("Tab")
        focused = watch.wait(f"inside {page_type} after Tab from its sidebar row",
                             lambda f: inside(f, page_type))
        section = selected_section(app)
        if section != label:
            raise Failure(f"Tab from the sidebar row '{label}' switched the section to '{section}'")
        log(f"Tab from '{label}' went to {role(focused)} '{focused.name}' in its page")


def shortcuts(app, watch):
    # Start from the sidebar, so that the keys must move the focus away.
    _, row = sidebar_row(app, "Dasbor")
    smoke.open_section(app, "Dasbor")
    row.queryComponent().grabFocus()
    order = SECTIONS[1:] + SECTIONS[:1]
    for label, page_type, key in order:
        press(key, control=True)
        wait_for(f"the section '{label}' after Ctrl+{key}", lambda: selected_section(app) == label, 10)
        focused = watch.wait(f"inside {page_type} after Ctrl+{key}", lambda f: inside(f, page_type))
        log(f"Ctrl+{key}: '{label}', focus on {role(focused)} '{focused.name}'")
    shot("ui-keyboard-2-pintasan.png")


def run():
    watch = FocusWatch()
    app = wait_for("the app to appear on the accessibility bus", smoke.find_app, 30)
    sign_in(app, watch)
    wait_for("the window to open the database", lambda: smoke.database_open(app), 20)
    wait_for("Dasbor", lambda: smoke.page(app, "BsnDashboardPage"), 10)
    point_at(wait_for("the main window", lambda: window(app, smoke.window_title(app)), 5))
    tab_from_sidebar(app, watch)
    shortcuts(app, watch)


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
    return smoke.drive("ui-keyboard", args.app, OUT, HARD_TIMEOUT, run, prepare=prepare, log=log)


if __name__ == "__main__":
    sys.exit(main())
