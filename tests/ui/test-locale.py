#!/usr/bin/python3
"""The toolkit's own windows speak Indonesian when the app runs from the
build tree under id_ID.UTF-8.

Run by run-ui-test.sh (see there for the environment); meson gives it
LOCPATH, the build tree's generated id_ID.UTF-8 (tests/locale), and the
app alone starts under LC_ALL=id_ID.UTF-8. GLib, GTK and libadwaita
translate their strings only when the app's own catalogue is found, which
from the build tree means bsn_locale_init() bound it to _build/po. Then:

  About      app.about (activated over D-Bus, as a launcher would) opens
             libadwaita's About window: its title "Tentang" and its rows
             "Apa yang Baru" and "Hukum" (libadwaita.mo), no "What’s New".
  Open file  app.open-database opens GTK's file chooser (no portal on the
             test bus): its sidebar has "Lokasi Lain" (gtk40.mo), not
             "Other Locations".

Exits 0 only when all of that worked; every failure says what was missing.
"""

import argparse
import importlib.util
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
HARD_TIMEOUT = 90
APP_ID = "org.bsn.Loyalty"

_spec = importlib.util.spec_from_file_location("ui_smoke", os.path.join(HERE, "test-smoke.py"))
smoke = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(smoke)
Failure = smoke.Failure
find = smoke.find
role = smoke.role
wait_for = smoke.wait_for

START = time.monotonic()
OUT = "."


def log(message):
    print(f"[ui-locale {time.monotonic() - START:5.1f}s] {message}", flush=True)


def activate(action):
    """Activates app.@action through the application's D-Bus actions."""
    result = subprocess.run(["gdbus", "call", "--session", "--dest", APP_ID, "--object-path", "/org/bsn/Loyalty",
                             "--method", "org.gtk.Actions.Activate", action, "[]", "{}"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if result.returncode != 0:
        raise Failure(f"could not activate app.{action}: {result.stdout.strip()}")
    log(f"activated app.{action}")


def top_level(app, name):
    for i in range(app.childCount):
        child = app.getChildAtIndex(i)
        if child is not None and child.name == name:
            return child
    return None


def labelled(root, text):
    return find(root, lambda a: a.name == text and role(a) in ("label", "push button", "list item", "heading"))


def run():
    app = wait_for("the app to appear on the accessibility bus", smoke.find_app, 30)
    title = wait_for("the window to open the database", lambda: smoke.database_open(app), 40)
    log(f"database is open: {title!r}")

    activate("about")
    about = wait_for("libadwaita's About window titled 'Tentang'", lambda: top_level(app, "Tentang"), 15)
    for text in ("Apa yang Baru", "Hukum"):
        wait_for(f"'{text}' in the About window", lambda: labelled(about, text), 10)
        log(f"About window shows {text!r}")
    if labelled(about, "What’s New") is not None:
        raise Failure("the About window still says 'What’s New'")
    smoke.screenshot(os.path.join(OUT, "ui-locale-about.png"))

    activate("open-database")
    chooser = wait_for("the file chooser 'Buka basis data'",
                       lambda: top_level(app, "Buka basis data"), 15)
    wait_for("'Lokasi Lain' in the file chooser", lambda: labelled(chooser, "Lokasi Lain"), 10)
    log("the file chooser shows 'Lokasi Lain'")
    if labelled(chooser, "Other Locations") is not None:
        raise Failure("the file chooser still says 'Other Locations'")
    time.sleep(0.5)
    smoke.screenshot(os.path.join(OUT, "ui-locale-file-chooser.png"))


def main():
    global OUT
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--app", required=True, help="path of the built bsn-loyalty")
    parser.add_argument("--output-dir", required=True, help="where the screenshots go")
    args = parser.parse_args()
    OUT = args.output_dir
    if not os.path.isdir(os.path.join(os.environ.get("LOCPATH", ""), "id_ID.UTF-8")):
        print("FAIL: LOCPATH does not hold the generated id_ID.UTF-8 (tests/locale)", file=sys.stderr)
        return 1
    return smoke.drive("ui-locale", args.app, OUT, HARD_TIMEOUT, run, env={"LC_ALL": "id_ID.UTF-8"}, log=log)


if __name__ == "__main__":
    sys.exit(main())
