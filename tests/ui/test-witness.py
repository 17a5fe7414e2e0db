#!/usr/bin/python3
"""An old fingerprint checked on Dasbor, driven through the accessibility tree.

Run by run-ui-test.sh (see there for the environment). Before the app
starts, the command-line tool fills BSN_DB with the demo network, makes a
backup and keeps the fingerprint it prints ("Sidik buku: 3f2a…c91 @ 1.234"),
then saves a new tier version, so the book has grown since that fingerprint
was printed. Then, in the app:

  Dasbor    the "Sidik buku" row shows the book's fingerprint as it is now
            (the one `verify` prints).
  Benar     "Periksa sidik lama…" opens the dialog; the backup's
            fingerprint pasted there and checked answers "Cocok" with the
            sentence that the history up to it is unchanged.
  Salah     the same fingerprint with its first four hex digits changed is
            refused: "Tidak cocok" and the sentence that the history is NOT
            the same.

Screenshots of every step go to the output directory. Exits 0 only when
all of that worked; every failure says what was missing.
"""

import argparse
import importlib.util
import os
import re
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
OLD = {}

DIALOG_TITLE = "Periksa sidik buku lama"
ENTRY_TITLE = "Sidik buku (HEX@JUMLAH)"
SAME = "Riwayat buku sampai sidik itu tidak berubah sejak sidik itu dicetak."
NOT_SAME = re.compile(r"Riwayat buku sampai sidik itu TIDAK sama dengan saat sidik itu dicetak: .*")


def log(message):
    print(f"[ui-witness {time.monotonic() - START:5.1f}s] {message}", flush=True)


def shot(name):
    smoke.screenshot(os.path.join(OUT, name))


def prepare():
    os.makedirs(os.path.dirname(os.environ["BSN_DB"]), exist_ok=True)
    cli("demo")
    backup = os.path.join(tempfile.mkdtemp(prefix="bsn-ui-witness-"), "cadangan.db")
    made = cli("backup", "-o", backup)
    OLD["line"] = made["fingerprint"]
    OLD["entries"] = made["entries"]
    cli("tiers", "set", "--scheme", "siaga", "--threshold-points", "1000", "--rate-bp", "300",
        "--from", "2030-01-01T00:00:00", "--reason", "Uji sidik buku", "--author", "Uji")
    now = cli("verify")
    if now["entries"] <= OLD["entries"]:
        raise Failure(f"the book did not grow after the backup: {OLD['entries']} → {now['entries']}")
    OLD["now"] = now
    log(f"backup fingerprint {OLD['line']!r}; the book has {now['entries']} entries now")


def wrong_line(line):
    """The same fingerprint with the first four hex digits of its head changed."""
    match = re.match(r"(Sidik buku: )([0-9a-f]{4})(.*)", line)
    if match is None:
        raise Failure(f"the backup's fingerprint does not read 'Sidik buku: HEX…': {line!r}")
    other = "0000" if match.group(2) != "0000" else "ffff"
    return match.group(1) + other + match.group(3)


# ---- The tree ----

def dialog_with_label(app, text):
    """A top-level window other than the main one, named @text or showing
    a text reading @text (an AdwMessageDialog's heading)."""
    for i in range(app.childCount):
        child = app.getChildAtIndex(i)
        if child is None or (child.name or "").startswith("BSN Loyalty"):
            continue
        if child.name == text or find(child, lambda a: a.name == text) is not None:
            return child
    return None


def label_matching(root, pattern):
    rx = re.compile(pattern) if isinstance(pattern, str) else pattern
    return find(root, lambda a: role(a) == "label" and rx.fullmatch(a.name or "") is not None)


def button(root, label):
    return find(root, lambda a: role(a) == "push button"
                and find(a, lambda b: role(b) == "label" and b.name == label) is not None)


def press(root, label):
    b = wait_for(f"the button '{label}'", lambda: button(root, label), 10)
    b.queryAction().doAction(0)
    log(f"pressed '{label}'")


# ---- The steps ----

def check(app, dashboard, line, heading, sentence, name):
    press(dashboard, "Periksa sidik lama…")
    try:
        dialog = wait_for(f"the dialog '{DIALOG_TITLE}'", lambda: dialog_with_label(app, DIALOG_TITLE), 10)
    except Failure:
        for i in range(app.childCount):
            child = app.getChildAtIndex(i)
            log(f"top-level {i}: {role(child)!r} {child.name!r}")
        raise
    entry = wait_for(f"the entry row '{ENTRY_TITLE}'",
                     lambda: find(dialog, lambda a: role(a) == "text" and a.name == ENTRY_TITLE), 10)
    if not entry.queryEditableText().setTextContents(line):
        raise Failure(f"could not type into '{ENTRY_TITLE}'")
    log(f"typed {line!r}")
    shot(f"ui-witness-{name}-1-isi.png")
    press(dialog, "Periksa")
    answer = wait_for(f"the answer '{heading}'", lambda: dialog_with_label(app, heading), 30)
    said = wait_for("its sentence", lambda: label_matching(answer, sentence), 5)
    log(f"the app says {heading!r}: {said.name!r}")
    time.sleep(0.5)
    shot(f"ui-witness-{name}-2-jawab.png")
    press(answer, "Tutup")
    wait_for(f"the answer '{heading}' to close", lambda: dialog_with_label(app, heading) is None, 10)


def run():
    app = wait_for("the app to appear on the accessibility bus", smoke.find_app, 30)
    dashboard = wait_for("Dasbor", lambda: smoke.page(app, "BsnDashboardPage"), 30)
    now = OLD["now"]
    entries = f"{now['entries']:,}".replace(",", ".")
    shown = f"Sidik buku: {now['head'][:4]}…{now['head'][-3:]} @ {entries}"
    wait_for(f"the fingerprint {shown!r} on Dasbor",
             lambda: find(dashboard, lambda a: a.name == shown), 20)
    log(f"Dasbor shows {shown!r}")
    time.sleep(0.5)
    shot("ui-witness-0-dasbor.png")
    check(app, dashboard, OLD["line"], "Cocok", re.compile(re.escape(SAME)), "benar")
    check(app, dashboard, wrong_line(OLD["line"]), "Tidak cocok", NOT_SAME, "salah")


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
    return smoke.drive("ui-witness", args.app, OUT, HARD_TIMEOUT, run, prepare=prepare, log=log)


if __name__ == "__main__":
    sys.exit(main())
