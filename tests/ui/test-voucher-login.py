#!/usr/bin/python3
"""Signing in and the Voucher section, driven through the accessibility tree.

Run by run-ui-test.sh (see there for the environment). Before the app
starts, the command-line tool fills BSN_DB with the demo network and adds
the owner "sri", so the database is protected. Then, in the app:

  Masuk     the login dialog must come up over the window; sri signs in
            with her password typed into the dialog's rows.
  Dasbor    the reserves of the stores are listed, the demo store that the
            reserve rule deactivated with its "Nonaktif" badge.
  Voucher   a voucher of Rp25.000 is issued to the demo customer PLG-0001
            (who has over 3 000 points) found through the customer search;
            its code is read off the voucher card, checked ("Sah: Rp25.000"),
            redeemed at the first store ("Diterima: Rp25.000"), and checked
            again, which must now refuse it as used.
  Pengguna  the Pengguna & Audit section lists sri and the kasir kiki, each
            with a role dropdown and an "aktif" switch; switching kiki off
            shows "Nonaktif: tidak dapat masuk", and the CLI agrees that
            kiki is disabled. The audit trail reads as sentences naming the
            signed-in user: "sri menonaktifkan pengguna kiki." appears by
            itself after the switch, and the tier version the CLI saved with
            --author "Penulis Ketikan" is sri's, not the typed name's.

Screenshots of every step go to the output directory. Exits 0 only when
all of that worked; every failure says what was missing.
"""

import argparse
import importlib.util
import os
import re
import sys
import time

import pyatspi

HERE = os.path.dirname(os.path.abspath(__file__))
HARD_TIMEOUT = 140
USER = "sri"
PASSWORD = "kata-sandi-sri"
KASIR = "kiki"
CUSTOMER = "PLG-0001"
VALUE = "25.000"

_spec = importlib.util.spec_from_file_location("ui_smoke", os.path.join(HERE, "test-smoke.py"))
smoke = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(smoke)
Failure = smoke.Failure
HardTimeout = smoke.HardTimeout
find = smoke.find
role = smoke.role
wait_for = smoke.wait_for
cli = smoke.cli

START = time.monotonic()
OUT = "."


def log(message):
    print(f"[ui-voucher-login {time.monotonic() - START:5.1f}s] {message}", flush=True)


def shot(name):
    smoke.screenshot(os.path.join(OUT, name))


def prepare():
    os.makedirs(os.path.dirname(os.environ["BSN_DB"]), exist_ok=True)
    cli("demo")
    cli("user", "add", "--name", USER, "--role", "pemilik", env={"BSN_NEW_PASSWORD": PASSWORD})
    as_owner("user", "add", "--name", KASIR, "--role", "kasir", env={"BSN_NEW_PASSWORD": "kata-sandi-kiki"})
    as_owner("tiers", "set", "--scheme", "siaga", "--threshold-points", "1000", "--rate-bp", "300",
             "--from", "2030-01-01T00:00:00", "--reason", "Uji jejak audit", "--author", "Penulis Ketikan")
    log(f"database prepared with the demo network, the owner {USER!r} and the kasir {KASIR!r}")


def as_owner(*args, env=None):
    """The CLI signed in as the owner: a database with users needs a login
    for its personal and financial data."""
    return cli("--user", USER, *args, env={"BSN_PASSWORD": PASSWORD, **(env or {})})


# ---- The tree ----

def window(app, name):
    for i in range(app.childCount):
        child = app.getChildAtIndex(i)
        if child is not None and role(child) == "frame" and child.name == name:
            return child
    return None


def main_window(app):
    for i in range(app.childCount):
        child = app.getChildAtIndex(i)
        if child is not None and role(child) == "frame" and child.name.startswith("BSN Loyalty"):
            return child
    return None


def showing(acc):
    return acc.getState().contains(pyatspi.STATE_SHOWING)


def entry(root, title):
    """An AdwEntryRow: role 'text', named by its title, editable."""
    return find(root, lambda a: role(a) == "text" and a.name == title)


def type_into(root, title, text):
    row = wait_for(f"the entry row '{title}'", lambda: entry(root, title), 10)
    if not row.queryEditableText().setTextContents(text):
        raise Failure(f"could not type into '{title}'")


def button(root, label):
    """A button whose label child reads @label (GTK 4.8 names mnemonic
    buttons '_Label Label')."""
    return find(root, lambda a: role(a) == "push button"
                and find(a, lambda b: role(b) == "label" and b.name == label) is not None)


def press(root, label):
    b = wait_for(f"the button '{label}'", lambda: button(root, label), 10)
    b.queryAction().doAction(0)
    log(f"pressed '{label}'")


def label_matching(root, pattern):
    rx = re.compile(pattern)
    return find(root, lambda a: role(a) == "label" and rx.fullmatch(a.name or "") is not None)


# ---- The steps ----

def sign_in(app):
    dialog = wait_for("the login dialog 'Masuk'", lambda: window(app, "Masuk"), 30)
    log("login dialog is up")
    shot("ui-voucher-login-1-masuk.png")
    type_into(dialog, "Nama pengguna", USER)
    type_into(dialog, "Kata sandi", PASSWORD)
    press(dialog, "Masuk")
    wait_for("the login dialog to close", lambda: window(app, "Masuk") is None, 15)
    log(f"signed in as {USER}")


def voucher_page(app):
    return smoke.page(app, "BsnVoucherPage")


def issue(app):
    smoke.open_section(app, "Voucher")
    page = wait_for("the Voucher page", lambda: voucher_page(app), 10)
    # Points expiring within 30 days (DOMAIN.md §7): the demo has no expiry
    # policy, so the section says there are none.
    wait_for("the 'Poin segera hangus' section",
             lambda: label_matching(page, r"Poin segera hangus"), 10)
    wait_for("its empty state",
             lambda: label_matching(page, r"Tidak ada poin yang hangus dalam 30 hari"), 15)
    type_into(page, "Cari pelanggan (kode, nama atau telepon)", CUSTOMER)
    found = wait_for(f"the customer {CUSTOMER} in the search results",
                     lambda: find(page, lambda a: role(a) == "list item" and a.name.startswith(CUSTOMER)
                                 ), 15)
    results = found.parent
    for i in range(results.childCount):
        if results.getChildAtIndex(i).name == found.name:
            results.querySelection().selectChild(i)
    wait_for("the chosen customer (no more 'Belum dipilih')",
             lambda: find(page, lambda a: role(a) == "label" and a.name == "Belum dipilih") is None, 10)
    log(f"chose {found.name!r}")
    type_into(page, "Nilai voucher (Rp)", VALUE)
    type_into(page, "Masa berlaku dalam hari (kosong: tanpa batas)", "14")
    press(page, "Terbitkan voucher")
    code = wait_for("the voucher card with its code",
                    lambda: label_matching(page, r"BSN-[0-9A-Z*~$=-]+"), 15).name
    log(f"issued voucher {code}")
    wait_for("the voucher value Rp25.000 on the card", lambda: label_matching(page, r"Rp25\.000"), 5)
    time.sleep(0.5)
    shot("ui-voucher-login-2-terbit.png")
    return page, code


def check(page, code, expect):
    type_into(page, "Kode voucher", code)
    press(page, "Periksa")
    result = wait_for(f"the check result {expect!r}", lambda: label_matching(page, expect), 10)
    log(f"check says {result.name!r}")


def redeem(page):
    press(page, "Tukar di toko ini")
    result = wait_for("the redemption 'Diterima: Rp25.000'", lambda: label_matching(page, r"Diterima: Rp25\.000"), 10)
    log(f"redeem says {result.name!r}")


def run():
    app = wait_for("the app to appear on the accessibility bus", smoke.find_app, 30)
    sign_in(app)
    wait_for("the window to open the database", lambda: main_window(app), 10)
    dashboard = wait_for("Dasbor", lambda: smoke.page(app, "BsnDashboardPage"), 10)
    wait_for("the reserve list on Dasbor with the deactivated demo store's 'Nonaktif' badge",
                     lambda: find(dashboard, lambda a: role(a) == "label" and a.name == "Nonaktif"), 15)
    log("Dasbor lists the reserves, with a 'Nonaktif' store")
    time.sleep(0.5)
    shot("ui-voucher-login-0-dasbor.png")
    page, code = issue(app)
    check(page, code, r"Sah: Rp25\.000")
    shot("ui-voucher-login-3-sah.png")
    redeem(page)
    check(page, code, r"Tidak dapat dipakai")
    reason = wait_for("the reason 'sudah dipakai'",
                      lambda: find(page, lambda a: role(a) == "label" and "sudah dipakai" in (a.name or "")), 5)
    log(f"second check refuses it: {reason.name!r}")
    time.sleep(0.5)
    shot("ui-voucher-login-4-terpakai.png")
    status = as_owner("voucher", "check", code)
    if status.get("valid"):
        raise Failure(f"the CLI still finds {code} valid after the redemption: {status}")
    log(f"CLI agrees: {status.get('reason')!r}")

    smoke.open_section(app, "Pengguna & Audit")
    users = wait_for("the Pengguna & Audit page", lambda: smoke.page(app, "BsnUsersPage"), 10)
    wait_for(f"the user {USER!r} in the list of users",
             lambda: find(users, lambda a: role(a) == "label" and a.name == USER), 10)
    wait_for(f"the role dropdown of {KASIR!r}", lambda: find(users, lambda a: a.name == f"Peran {KASIR}"), 10)
    toggle = wait_for(f"the switch '{KASIR} aktif'", lambda: find(users, lambda a: a.name == f"{KASIR} aktif"), 10)
    time.sleep(0.5)
    shot("ui-voucher-login-5-pengguna.png")
    toggle.queryAction().doAction(0)
    log(f"switched {KASIR!r} off")
    wait_for(f"{KASIR!r} shown as 'Nonaktif: tidak dapat masuk'",
             lambda: find(users, lambda a: role(a) == "label" and a.name == "Nonaktif: tidak dapat masuk"), 10)
    listed = {u["name"]: u for u in as_owner("user", "list")["users"]}
    if listed[KASIR]["active"]:
        raise Failure(f"the CLI still lists {KASIR!r} as active: {listed}")
    log(f"CLI agrees: {KASIR!r} is disabled")
    sentence = f"{USER} menonaktifkan pengguna {KASIR}."
    wait_for(f"the audit sentence {sentence!r}",
             lambda: find(users, lambda a: role(a) == "label" and a.name == sentence), 10)
    log(f"the audit trail says {sentence!r}")
    tiers = wait_for("the tier version's sentence naming the signed-in user",
                     lambda: find(users, lambda a: role(a) == "label"
                                  and (a.name or "").startswith(f"{USER} membuat versi baru tabel Voucher siaga")), 10)
    log(f"the audit trail says {tiers.name!r}")
    typed = find(users, lambda a: role(a) == "label" and "Penulis Ketikan" in (a.name or ""))
    if typed is not None:
        raise Failure(f"the typed author stands in for the signed-in user: {typed.name!r}")
    time.sleep(0.5)
    shot("ui-voucher-login-6-nonaktif.png")


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
    return smoke.drive("ui-voucher-login", args.app, OUT, HARD_TIMEOUT, run, prepare=prepare, log=log)


if __name__ == "__main__":
    sys.exit(main())
