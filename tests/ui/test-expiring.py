#!/usr/bin/python3
"""Poin segera hangus on the Voucher page, driven through the accessibility tree.

Run by run-ui-test.sh (see there for the environment). Before the app
starts, the command-line tool fills BSN_DB with the demo network, adds two
customers (Siti with a phone number, Budi without), sets a one-month
expiry policy and awards each a receipt, all with the clock at
BSN_NOW = 10 February 2027 12:00 (issue 17 §4: "an app page lists them
with a button that opens the link; customers without a phone are listed
without a link"). The app runs with the same clock and with a fake web
browser registered for https links in its own data directory. Then:

  Voucher   "Poin segera hangus" lists Siti: Rp6.250 expiring on 10 March
            2027 11.30, with "Kirim WhatsApp"; and Budi with "Tanpa nomor
            WhatsApp" and no button.
  Kirim     pressing Siti's button opens exactly the wa.me link that
            `customer expiring` prints (the fake browser records it).

Screenshots go to the output directory. Exits 0 only when all of that
worked; every failure says what was missing.
"""

import argparse
import importlib.util
import os
import re
import stat
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
HARD_TIMEOUT = 150

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
NOW = "2027-02-10T12:00:00"
STATE = {}
SITI = "C901 · Siti Hangus"
BUDI = "C902 · Budi Tanpa Telepon"


def log(message):
    print(f"[ui-expiring {time.monotonic() - START:5.1f}s] {message}", flush=True)


def shot(name):
    smoke.screenshot(os.path.join(OUT, name))


def fake_browser():
    """A desktop file for https links in this run's XDG_DATA_HOME, whose
    program writes the link it was given to a file instead of opening it."""
    work = tempfile.mkdtemp(prefix="bsn-ui-expiring-")
    opened = os.path.join(work, "opened.txt")
    script = os.path.join(work, "browser.sh")
    with open(script, "w", encoding="utf-8") as f:
        f.write(f"#!/bin/sh\nprintf '%s\\n' \"$1\" >> '{opened}'\n")
    os.chmod(script, stat.S_IRWXU)
    apps = os.path.join(os.environ["XDG_DATA_HOME"], "applications")
    os.makedirs(apps, exist_ok=True)
    with open(os.path.join(apps, "bsn-test-browser.desktop"), "w", encoding="utf-8") as f:
        f.write("[Desktop Entry]\nType=Application\nName=Peramban uji\n"
                f"Exec={script} %u\nMimeType=x-scheme-handler/https;\nNoDisplay=true\n")
    config = os.environ["XDG_CONFIG_HOME"]
    os.makedirs(config, exist_ok=True)
    with open(os.path.join(config, "mimeapps.list"), "w", encoding="utf-8") as f:
        f.write("[Default Applications]\nx-scheme-handler/https=bsn-test-browser.desktop\n")
    return opened


def prepare():
    os.environ["BSN_NOW"] = NOW
    os.makedirs(os.path.dirname(os.environ["BSN_DB"]), exist_ok=True)
    cli("demo")
    cli("customer", "add", "--code", "C901", "--name", "Siti Hangus", "--phone", "0812-3456-7890")
    cli("customer", "add", "--code", "C902", "--name", "Budi Tanpa Telepon")
    cli("expiry", "set", "--months", "1", "--from", "2027-02-10T11:00:00", "--reason", "Uji pengingat")
    for code in ("C901", "C902"):
        cli("award", "--store", "ANK-CBR", "--customer", code, "--amount", "250000",
            "--at", "2027-02-10T11:30:00", "--receipt", f"UI-{code}")
    listed = cli("customer", "expiring", "--within-days", "30")["customers"]
    siti = [c for c in listed if c["code"] == "C901"]
    if len(siti) != 1 or siti[0]["expiring_rp"] != 6250 or not siti[0]["whatsapp_url"]:
        raise Failure(f"customer expiring does not list Siti's Rp6.250 with a link: {listed!r}")
    STATE["url"] = siti[0]["whatsapp_url"]
    STATE["opened"] = fake_browser()
    log(f"{len(listed)} customer(s) with points expiring; Siti's link {STATE['url']!r}")


# ---- The tree ----

def row(root, title):
    """An AdwActionRow: a list item whose name starts with its title."""
    return find(root, lambda a: role(a) == "list item" and (a.name or "").startswith(title))


def labelled(root, text):
    return find(root, lambda a: role(a) == "label" and a.name == text)


def whatsapp_button(root, name):
    """The row's button, named by its accessible label (GTK 4.8 adds the
    button's own text after it)."""
    label = f"Kirim pengingat WhatsApp ke {name}"
    return find(root, lambda a: role(a) == "push button"
                and ((a.name or "") == label or (a.name or "").startswith(label + " ")))


def descendants(root):
    out = []
    for i in range(root.childCount):
        child = root.getChildAtIndex(i)
        if child is not None:
            out.append(child)
            out.extend(descendants(child))
    return out


def opened_links():
    try:
        with open(STATE["opened"], encoding="utf-8") as f:
            return [line.strip() for line in f if line.strip()]
    except FileNotFoundError:
        return []


# ---- The steps ----

def run():
    app = wait_for("the app to appear on the accessibility bus", smoke.find_app, 30)
    wait_for("the main window", lambda: smoke.page(app, "BsnDashboardPage"), 30)
    smoke.open_section(app, "Voucher")
    page = wait_for("the Voucher page", lambda: smoke.page(app, "BsnVoucherPage"), 10)
    wait_for("the 'Poin segera hangus' section", lambda: labelled(page, "Poin segera hangus"), 10)
    siti = wait_for(f"the row '{SITI}'", lambda: row(page, SITI), 20)
    wait_for("Siti's amount and date", lambda: labelled(siti, "Rp6.250 hangus pada 10 Mar 2027 11.30"), 5)
    try:
        send = wait_for("Siti's 'Kirim WhatsApp' button", lambda: whatsapp_button(siti, "Siti Hangus"), 5)
    except Failure:
        for a in descendants(siti):
            log(f"  {role(a)!r} {a.name!r}")
        raise
    budi = wait_for(f"the row '{BUDI}'", lambda: row(page, BUDI), 5)
    wait_for("Budi's 'Tanpa nomor WhatsApp'", lambda: labelled(budi, "Tanpa nomor WhatsApp"), 5)
    if find(budi, lambda a: role(a) == "push button") is not None:
        raise Failure("Budi has no phone number but his row has a button")
    log("both rows are listed, a button only for Siti")
    time.sleep(0.5)
    shot("ui-expiring-1-daftar.png")
    smoke.click(send, "'Kirim WhatsApp' of Siti", log=log)
    links = wait_for("the link opened by the fake browser", opened_links, 15)
    if links != [STATE["url"]]:
        raise Failure(f"the app opened {links!r}, expected [{STATE['url']!r}]")
    if not re.fullmatch(r"https://wa\.me/6281234567890\?text=Poin%20Anda%20senilai%20Rp6\.250%20akan%20hangus"
                        r"%20pada%2010%20Mar%202027%2011\.30\.", links[0]):
        raise Failure(f"the link does not read as the reminder: {links[0]!r}")
    log(f"opened {links[0]!r}")


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
    return smoke.drive("ui-expiring", args.app, OUT, HARD_TIMEOUT, run, prepare=prepare, log=log)


if __name__ == "__main__":
    sys.exit(main())
