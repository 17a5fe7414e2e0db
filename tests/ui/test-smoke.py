#!/usr/bin/python3
"""Smoke test of the BSN Loyalty app through the accessibility tree.

Run by run-ui-test.sh inside dbus-run-session and xvfb-run (see there for
the environment). Starts the built app on a fresh demo database, waits for
its window, opens Buku Poin and looks for real ledger rows, opens Toko &
Pelanggan and looks for the demo store "Induk Bandung Raya", and saves a
screenshot. Exits 0 only when all of that worked; every failure says what
was missing. Uses the system Python (/usr/bin/python3), where pyatspi is.
"""

import argparse
import datetime
import json
import os
import signal
import subprocess
import sys
import time
from collections import deque

import pyatspi

HARD_TIMEOUT = 60        # seconds for the whole test
APP_NAME = "bsn-loyalty"


class Failure(Exception):
    pass


class HardTimeout(BaseException):
    """Raised by SIGALRM; not an Exception, so no retry loop swallows it."""


def log(message):
    print(f"[ui-smoke {time.monotonic() - START:5.1f}s] {message}", flush=True)


_STARTED = time.monotonic()


def now():
    """The app's clock (bsn_time_now): $BSN_NOW when set, running on from
    the test's start, else this machine's (which faketime may move)."""
    moved = os.environ.get("BSN_NOW")
    if moved:
        start = datetime.datetime.fromisoformat(moved)
        return start + datetime.timedelta(seconds=time.monotonic() - _STARTED)
    return datetime.datetime.now()


def today():
    return now().date()


def wait_for(what, probe, timeout, interval=0.25):
    """Calls probe() until it returns something truthy, or fails."""
    deadline = time.monotonic() + timeout
    last_error = None
    while time.monotonic() < deadline:
        try:
            result = probe()
            if result:
                return result
        except Exception as error:  # the tree changes under our feet
            last_error = error
        time.sleep(interval)
    detail = f" (last error: {last_error})" if last_error else ""
    raise Failure(f"timed out after {timeout} s waiting for {what}{detail}")


def find_app():
    desktop = pyatspi.Registry.getDesktop(0)
    for i in range(desktop.childCount):
        child = desktop.getChildAtIndex(i)
        if child is not None and child.name == APP_NAME:
            return child
    return None


def role(acc):
    return acc.getRoleName()


def find(root, predicate, skip=None):
    """Breadth-first search. Every node costs a D-Bus round trip and the
    window holds thousands (hidden stack pages are in the tree too), so the
    shallow landmarks are found first and @skip prunes big subtrees."""
    queue = deque([root])
    while queue:
        node = queue.popleft()
        try:
            count = node.childCount
        except Exception:  # a node gone while we walk (a page reloaded its rows)
            continue
        for i in range(count):
            try:
                child = node.getChildAtIndex(i)
                if child is None:
                    continue
                if predicate(child):
                    return child
            except Exception:  # the same, one child at a time
                continue
            if skip is None or not skip(child):
                queue.append(child)
    return None


def find_all(root, predicate, limit=None):
    found = []
    queue = deque([root])
    while queue:
        node = queue.popleft()
        for i in range(node.childCount):
            child = node.getChildAtIndex(i)
            if child is None:
                continue
            if predicate(child):
                found.append(child)
                if limit is not None and len(found) >= limit:
                    return found
            queue.append(child)
    return found


def sidebar(app):
    return find(app, lambda a: role(a) == "list" and a.name == "Bagian")


def page(app, class_name):
    """A page of the section stack, by its type name (its accessible name)."""
    return find(app, lambda a: a.name == class_name)


def open_section(app, label):
    """Selects the sidebar row whose label is @label."""
    rows = sidebar(app)
    if rows is None:
        raise Failure("the sidebar list 'Bagian' is not in the accessibility tree")
    for i in range(rows.childCount):
        row = rows.getChildAtIndex(i)
        if find(row, lambda a: role(a) == "label" and a.name == label):
            if not rows.querySelection().selectChild(i):
                raise Failure(f"could not select the sidebar row '{label}'")
            log(f"opened section '{label}'")
            return
    raise Failure(f"no sidebar row labelled '{label}'")


def window_title(app):
    """The window title; it names the database once it is open."""
    for i in range(app.childCount):
        child = app.getChildAtIndex(i)
        if child is not None and role(child) == "frame":
            return child.name
    return None


def database_open(app):
    title = window_title(app)
    return title if title and " — " in title else None


def ledger_rows(app, n_rows=12):
    """Loaded cells of the first rows of Buku Poin: a demo customer code or
    an opening balance (placeholders say "Memuat…" instead)."""
    ledger = page(app, "BsnLedgerPage")
    if ledger is None:
        return None
    table = find(ledger, lambda a: role(a) == "tree table" and a.name == "Buku poin")
    if table is None:
        return None
    rows = find(table, lambda a: role(a) == "list")
    if rows is None:
        return None
    cells = []
    for i in range(min(rows.childCount, n_rows)):
        row = rows.getChildAtIndex(i)
        cells += find_all(row, lambda a: role(a) == "label"
                          and (a.name.startswith("PLG-0") or a.name == "Saldo awal"))
    return cells


def filter_by_customer(app, output_dir):
    """Buku Poin filtered by one customer (found through the legs on the
    customer's account) shows the customer's card and as many postings as
    the CLI's `ledger list --customer` counts, every loaded row that
    customer's."""
    # A customer cell reads "PLG-0016 · Ujang Susanti".
    code = next(c.name.split(" · ")[0] for c in ledger_rows(app) if c.name.startswith("PLG-0"))
    total = cli("ledger", "list", "--customer", code, "--limit", "1")["total"]
    ledger = page(app, "BsnLedgerPage")
    entry = find(ledger, lambda a: a.name == "Kode pelanggan" and role(a) in ("entry", "text"))
    if entry is None:
        raise Failure("no 'Kode pelanggan' entry in Buku Poin")
    set_text(entry, code)
    log(f"customer filter set to {code!r}; the CLI counts {total} postings")
    count = f"{total:,}".replace(",", ".") + " posting"
    wait_for(f"the count label '{count}'",
             lambda: find(ledger, lambda a: role(a) == "label" and a.name == count), 15)
    wait_for(f"the customer card '{code} · …'",
             lambda: find(ledger, lambda a: role(a) == "label" and (a.name or "").startswith(code + " · ")), 10)
    rows = wait_for("the filtered rows", lambda: ledger_rows(app), 10)
    others = [c.name for c in rows if c.name.startswith("PLG-0") and c.name.split(" · ")[0] != code]
    if others:
        raise Failure(f"rows of other customers under the filter {code!r}: {others[:3]}")
    log(f"Buku Poin shows {count} of {code}, {len(rows)} loaded cells all theirs")
    time.sleep(0.5)
    screenshot(os.path.join(output_dir, "ui-smoke-buku-poin-customer.png"))


def screenshot(path):
    result = subprocess.run(["import", "-window", "root", path],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if result.returncode != 0:
        raise Failure(f"screenshot failed: {result.stdout.strip()}")
    log(f"screenshot saved to {path}")


def run(args):
    app = wait_for("the app to appear on the accessibility bus", find_app, 30)
    log("app is on the accessibility bus")

    # First run: the demo database is created (with a progress bar); the
    # title names the file once it is open.
    title = wait_for("the window to open the database (title 'BSN Loyalty — FILE')",
                     lambda: database_open(app), 40)
    log(f"database is open: {title!r}")

    open_section(app, "Buku Poin")
    rows = wait_for("ledger rows (a demo customer code 'PLG-0…' or 'Saldo awal') in Buku Poin",
                    lambda: ledger_rows(app), 20)
    log(f"Buku Poin shows {len(rows)} matching cells, e.g. {rows[0].name!r}")
    time.sleep(0.5)  # let the rows reach the screen
    os.makedirs(args.output_dir, exist_ok=True)
    screenshot(os.path.join(args.output_dir, "ui-smoke-buku-poin.png"))
    filter_by_customer(app, args.output_dir)

    open_section(app, "Toko & Pelanggan")

    def store_row():
        registry = page(app, "BsnRegistryPage")
        if registry is None:
            return None
        return find(registry, lambda a: role(a) == "label" and a.name == "Induk Bandung Raya",
                    skip=lambda a: a.name == "Daftar pelanggan")

    store = wait_for("the demo store 'Induk Bandung Raya' in Toko & Pelanggan", store_row, 15)
    log(f"found store row {store.name!r}")
    time.sleep(1.0)  # let the last frame reach the screen

    os.makedirs(args.output_dir, exist_ok=True)
    screenshot(os.path.join(args.output_dir, "ui-smoke.png"))


# ---- Shared by the other UI tests (they load this file as a module) ----

def set_text(entry, text):
    """Sets the text of @entry, or of the text field inside it (a
    GtkSearchEntry or GtkPasswordEntry shows as a container); returns the
    field that took it."""
    editable = entry
    if "EditableText" not in entry.get_interfaces() and entry.childCount > 0:
        editable = find(entry, lambda a: role(a) == "text") or entry
    editable.queryEditableText().setTextContents(text)
    return editable


def cli(*args, env=None):
    """The built CLI (BSN_CLI) on the test's database (BSN_DB), with --json;
    its JSON answer, or Failure."""
    command = [os.environ["BSN_CLI"], "--db", os.environ["BSN_DB"], "--json", *args]
    result = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, **(env or {})})
    if result.returncode != 0:
        raise Failure(f"CLI {' '.join(args)} failed ({result.returncode}): {result.stderr.strip()}")
    return json.loads(result.stdout) if result.stdout.strip() else {}


def click(button, what, log=log):
    """Presses @button through its "click" action."""
    if button is None:
        raise Failure(f"no button {what}")
    action = button.queryAction()
    for i in range(action.nActions):
        if action.getName(i) == "click":
            action.doAction(i)
            log(f"clicked {what}")
            return
    raise Failure(f"the button {what} has no click action")


def drive(name, app, output_dir, hard_timeout, run, prepare=None, env=None, log=log):
    """One UI test from start to end: prepare() (the database, before the
    app opens it), the app started with @env added (its output kept in
    OUTPUT_DIR/NAME-app.log), run() driving it, all within @hard_timeout
    seconds. Prints PASS, or FAIL with the reason and a screenshot
    NAME-failure.png; returns the exit status."""
    def on_alarm(signum, frame):
        raise HardTimeout()

    os.makedirs(output_dir, exist_ok=True)
    signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(hard_timeout)
    app_log = os.path.join(output_dir, f"{name}-app.log")
    proc = None
    status = 1
    try:
        log(f"database {os.environ.get('BSN_DB', '(default)')}")
        if prepare is not None:
            prepare()
        with open(app_log, "w") as out:
            proc = subprocess.Popen([app], stdout=out, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})})
        run()
        if proc.poll() is not None:
            raise Failure(f"the app exited early with status {proc.returncode}")
        log("PASS")
        status = 0
    except (Failure, HardTimeout) as failure:
        if isinstance(failure, HardTimeout):
            failure = f"hard timeout: the test took longer than {hard_timeout} s"
        print(f"FAIL: {failure}", file=sys.stderr, flush=True)
        try:
            screenshot(os.path.join(output_dir, f"{name}-failure.png"))
        except Exception as error:
            print(f"(no failure screenshot: {error})", file=sys.stderr)
    finally:
        signal.alarm(0)
        if proc is not None and proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                proc.kill()
        if os.path.exists(app_log):
            with open(app_log) as out:
                text = out.read().strip()
            if text:
                print(f"--- app output ({app_log}) ---\n{text}", file=sys.stderr)
    return status


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--app", required=True, help="path of the built bsn-loyalty")
    parser.add_argument("--output-dir", required=True, help="where the screenshot goes")
    args = parser.parse_args()
    return drive("ui-smoke", args.app, args.output_dir, HARD_TIMEOUT, lambda: run(args))


START = time.monotonic()

if __name__ == "__main__":
    sys.exit(main())
