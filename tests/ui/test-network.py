#!/usr/bin/python3
"""Two desktops on one network server, driven through the accessibility tree.

Run by run-ui-test.sh (see there for the environment). The test starts its
own PostgreSQL server (tests/pg/pg-server.sh, a Unix socket in a temporary
folder), creates a network there with the CLI (two stores, a customer with
points, a voucher), and starts two instances of the app on it
(BSN_APP_NON_UNIQUE=1, BSN_DB the server's location), A and B:

  Sambungkan  A opens "Sambungkan ke server jaringan" (Ctrl+Shift+O); the
              dialog is filled with a server nobody answers at (127.0.0.1,
              port 1) and must say so in words ("tidak dapat dihubungi"),
              then is closed. Screenshots at 1366x768.
  Header      both windows name the server's user and database.
  Voucher     B checks the voucher ("Sah: Rp20.000"); A redeems it; B's
              check must turn to "Tidak dapat dipakai" by itself, within
              the 2 s the issue asks (measured), without a click in B.
  Tingkat     A saves a tier version (Tabel Tingkat, as ui-tiers-receipt
              does); B's "Riwayat versi" must list it by itself, within
              the same 2 s (measured).
  Offline     the server stops: both windows show the banner; a voucher
              redemption in A is refused with "Voucher hanya dapat dipakai
              saat tersambung ke server"; A records an award of Rp250.000
              for C001 (the stopwatch run first), which waits in the outbox
              ("Menunggu dikirim", the banner counts it); the server starts
              again, the banner goes, and the receipt is on the server
              exactly once (CLI), B's Buku Poin showing it by itself.
  Terakhir    B connects through the dialog to the same server (its
              socket folder, port 5432, bsn, postgres); the dialog opened
              again lists "postgres @ localhost:5432/bsn" under the recent
              connections, and its "Pakai" fills the form.

Exits 0 only when all of that worked; every failure says what was missing.
"""

import argparse
import importlib.util
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

if os.environ.get("DISPLAY"):
    subprocess.run(["dbus-update-activation-environment", "DISPLAY", "XAUTHORITY"],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)

import pyatspi  # noqa: E402,F401

HERE = os.path.dirname(os.path.abspath(__file__))
PG_SERVER = os.path.join(HERE, "..", "pg", "pg-server.sh")
HARD_TIMEOUT = 270
LIVE_LIMIT_S = 2.0
STOPWATCH_SECONDS = 3
AMOUNT_RP = 250000


def load(name, file):
    spec = importlib.util.spec_from_file_location(name, os.path.join(HERE, file))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


smoke = load("ui_smoke", "test-smoke.py")
tiers = load("ui_tiers", "test-tiers-receipt.py")
Failure = smoke.Failure
HardTimeout = smoke.HardTimeout
find = smoke.find
role = smoke.role
wait_for = smoke.wait_for

START = time.monotonic()
OUT = "."
PG_DIR = None
procs = []


def log(message):
    print(f"[ui-network {time.monotonic() - START:5.1f}s] {message}", flush=True)


def shot(name):
    smoke.screenshot(os.path.join(OUT, name))


def pg(*args):
    done = subprocess.run([PG_SERVER, *args], capture_output=True, text=True, timeout=120)
    if done.returncode != 0:
        raise Failure(f"pg-server.sh {' '.join(args)} failed: {done.stderr.strip() or done.stdout.strip()}")
    return done.stdout.strip()


def psql(uri, sql):
    candidates = [shutil.which("psql")] + sorted(
        os.path.join("/usr/lib/postgresql", v, "bin", "psql") for v in os.listdir("/usr/lib/postgresql"))
    exe = next(c for c in candidates if c and os.access(c, os.X_OK))
    done = subprocess.run([exe, uri, "-v", "ON_ERROR_STOP=1", "-c", sql], capture_output=True, text=True)
    if done.returncode != 0:
        raise Failure(f"psql {sql!r} failed: {done.stderr.strip()}")


def prepare():
    """A server of our own with a small network: stores TA and TB, the
    customer C001 with 300 points, a voucher of Rp20.000."""
    global PG_DIR
    PG_DIR = tempfile.mkdtemp(prefix="bsn-ui-pg-")
    pg("start", PG_DIR)
    base = pg("uri", PG_DIR)
    psql(base, "CREATE DATABASE bsn")
    os.environ["BSN_DB"] = base.replace("/postgres?", "/bsn?", 1)
    cli = smoke.cli
    cli("init")
    for code, name in (("TA", "Toko Sembako Bu Sri"), ("TB", "Warung Pak Budi")):
        cli("store", "add", "--code", code, "--name", name, "--role", "toko", "--band", "low",
            "--level", "Plus", "--scheme", "stopwatch", "--opening", "07:00")
    cli("customer", "add", "--code", "C001", "--name", "Siti Suryani", "--phone", "0812-3456-7890")
    cli("ledger", "opening", "--customer", "C001", "--points", "300")
    code = cli("voucher", "issue", "--customer", "C001", "--value", "20000", "--valid-days", "14")["code"]
    log(f"server {os.environ['BSN_DB']} has the network and voucher {code}")
    return code


def start_app(name):
    out = open(os.path.join(OUT, f"ui-network-{name}-app.log"), "w")
    # BSN_UI_GDB=1: under gdb, its backtrace in the app's log (debugging).
    wrapper = ["gdb", "-batch", "-ex", "run", "-ex", "bt", "--args"] if os.environ.get("BSN_UI_GDB") else []
    proc = subprocess.Popen([*wrapper, ARGS.app], stdout=out, stderr=subprocess.STDOUT,
                            env={**os.environ, "BSN_APP_NON_UNIQUE": "1",
                                 "BSN_STOPWATCH_SECONDS": str(STOPWATCH_SECONDS)})
    procs.append(proc)
    return proc


def apps():
    desktop = pyatspi.Registry.getDesktop(0)
    found = []
    for i in range(desktop.childCount):
        child = desktop.getChildAtIndex(i)
        if child is not None and child.name == smoke.APP_NAME:
            found.append(child)
    return found


def app_of(proc):
    for app in apps():
        try:
            if app.get_process_id() == proc.pid:
                return app
        except Exception:
            pass
    return None


def xdotool(*args):
    done = subprocess.run(["xdotool", *args], capture_output=True, text=True, timeout=15)
    if done.returncode != 0:
        raise Failure(f"xdotool {' '.join(args)} failed: {done.stderr.strip()}")
    return done.stdout.strip()


def focus_window(proc):
    wid = wait_for("the app's X window", lambda: subprocess.run(
        ["xdotool", "search", "--onlyvisible", "--pid", str(proc.pid), "--name", "BSN Loyalty"],
        capture_output=True, text=True).stdout.split(), 10)[0]
    xdotool("windowfocus", "--sync", wid)


def label_matching(root, pattern):
    rx = re.compile(pattern)
    return find(root, lambda a: role(a) == "label" and rx.fullmatch(a.name or "") is not None)


def entry(root, title):
    return find(root, lambda a: role(a) == "text" and a.name == title)


def type_into(root, title, text):
    row = wait_for(f"the entry row '{title}'", lambda: entry(root, title), 10)
    if not row.queryEditableText().setTextContents(text):
        raise Failure(f"could not type into '{title}'")


def button(root, label):
    return find(root, lambda a: role(a) == "push button"
                and find(a, lambda b: role(b) == "label" and b.name == label) is not None)


def press(root, label):
    b = wait_for(f"the button '{label}'", lambda: button(root, label), 10)
    b.queryAction().doAction(0)
    log(f"pressed '{label}'")


def window(app, name):
    for i in range(app.childCount):
        child = app.getChildAtIndex(i)
        if child is not None and child.name == name:
            return child
    return None


# ---- The steps ----

def open_dialog(app, proc):
    dialog = None
    for attempt in range(4):
        # Without a window manager the X focus may not have reached the
        # window yet when the keys go out: try again.
        focus_window(proc)
        xdotool("key", "--clearmodifiers", "ctrl+shift+o")
        try:
            dialog = wait_for("the dialog 'Sambungkan ke server jaringan'",
                              lambda: window(app, "Sambungkan ke server jaringan"), 4)
            break
        except Failure:
            if attempt == 3:
                raise
    log("the connect dialog is up")
    return dialog


def connect_dialog(app_a, proc_a):
    dialog = open_dialog(app_a, proc_a)
    for title in ("Alamat server", "Port", "Basis data", "Keamanan sambungan (TLS)",
                  "Nama pengguna", "Kata sandi"):
        wait_for(f"the row '{title}'", lambda: find(dialog, lambda a: a.name == title), 5)
    type_into(dialog, "Alamat server", "127.0.0.1")
    type_into(dialog, "Port", "1")
    type_into(dialog, "Basis data", "bsn")
    type_into(dialog, "Nama pengguna", "sri")
    time.sleep(0.5)
    shot("ui-network-1-sambungkan.png")
    press(dialog, "Sambungkan")
    said = wait_for("the dialog saying the server cannot be reached",
                    lambda: label_matching(dialog, r"Server 127\.0\.0\.1 tidak dapat dihubungi\..*"), 30)
    log(f"dialog says {said.name!r}")
    time.sleep(0.5)
    shot("ui-network-2-tidak-terhubung.png")
    press(dialog, "Batal")
    wait_for("the dialog to close", lambda: window(app_a, "Sambungkan ke server jaringan") is None, 10)


def voucher_page(app):
    smoke.open_section(app, "Voucher")
    return wait_for("the Voucher page", lambda: smoke.page(app, "BsnVoucherPage"), 10)


def live_voucher(app_a, app_b, code):
    page_b = voucher_page(app_b)
    type_into(page_b, "Kode voucher", code)
    press(page_b, "Periksa")
    wait_for("B: 'Sah: Rp20.000'", lambda: label_matching(page_b, r"Sah: Rp20\.000"), 15)
    log("B sees the voucher valid")

    page_a = voucher_page(app_a)
    type_into(page_a, "Kode voucher", code)
    press(page_a, "Tukar di toko ini")
    wait_for("A: 'Diterima: Rp20.000'", lambda: label_matching(page_a, r"Diterima: Rp20\.000"), 15)
    redeemed = time.monotonic()
    log("A redeemed it")
    wait_for("B to show the voucher used, by itself",
             lambda: label_matching(page_b, r"Tidak dapat dipakai"), 10, interval=0.05)
    took = time.monotonic() - redeemed
    log(f"B shows it used {took:.2f} s after A's redemption (limit {LIVE_LIMIT_S} s)")
    time.sleep(0.3)
    shot("ui-network-3-voucher-b.png")
    if took > LIVE_LIMIT_S:
        raise Failure(f"B took {took:.2f} s to show the redemption, more than {LIVE_LIMIT_S} s")
    return page_a


def live_tiers(app_a, app_b):
    smoke.open_section(app_b, "Tabel Tingkat")
    page_b = wait_for("B: Tabel Tingkat", lambda: smoke.page(app_b, "BsnTiersPage"), 10)
    tiers.OUT = OUT
    page_a = tiers.edit_cells(app_a)
    tiers.save_version(app_a, page_a, has_sales=False)   # the network has no receipts yet
    saved = time.monotonic()
    wait_for("B's 'Riwayat versi' to list A's version, by itself",
             lambda: label_matching(page_b, ".*" + re.escape(f"oleh {tiers.AUTHOR}") + r"\nAlasan: "
                                    + re.escape(tiers.REASON)), 10, interval=0.1)
    took = time.monotonic() - saved
    log(f"B lists the new version {took:.2f} s after A saved it (limit {LIVE_LIMIT_S} s)")
    time.sleep(0.3)
    shot("ui-network-4-tingkat-b.png")
    if took > LIVE_LIMIT_S:
        raise Failure(f"B took {took:.2f} s to list A's tier version, more than {LIVE_LIMIT_S} s")


def banner_shown(app):
    """The banner's label holds its message only while it is shown."""
    return label_matching(app, r"Tidak tersambung ke server; mencoba lagi otomatis\..*") is not None


def offline(app_a, app_b, page_a, code):
    receipt_page = prepare_receipt(app_a)
    pg("stop", PG_DIR)
    log("server stopped")
    for name, app in (("A", app_a), ("B", app_b)):
        wait_for(f"{name}: the banner 'Tidak tersambung ke server'", lambda: banner_shown(app), 20)
    log("both windows show the banner")
    smoke.open_section(app_a, "Voucher")
    type_into(page_a, "Kode voucher", code)
    press(page_a, "Tukar di toko ini")
    wait_for("A: the refusal while offline",
             lambda: label_matching(page_a, r"Voucher hanya dapat dipakai saat tersambung ke server"), 10)
    log("A refuses a redemption while offline")
    time.sleep(0.3)
    shot("ui-network-5-offline.png")
    record_offline(app_a, receipt_page)
    pg("resume", PG_DIR)
    log("server started again")
    for name, app in (("A", app_a), ("B", app_b)):
        wait_for(f"{name}: the banner to go", lambda: not banner_shown(app), 40)
    log("both windows are connected again")
    receipts = wait_for("the queued receipt on the server", lambda: server_receipts() or None, 20)
    time.sleep(2)  # a second replay (B, a retry) must not post it again
    receipts = server_receipts()
    if len(receipts) != 1 or not (receipts[0].get("memo") or "").startswith("Kuota terpenuhi · Plus · angka"):
        raise Failure(f"the server should hold the queued award once, not {receipts}")
    log(f"the server holds the queued award once: {receipts[0].get('memo')!r}")
    verify = smoke.cli("verify")
    if not verify.get("ok"):
        raise Failure(f"verify after the replay: {verify}")
    time.sleep(0.5)
    shot("ui-network-7-terkirim.png")


def server_receipts():
    rows = smoke.cli("ledger", "list", "--customer", "C001").get("postings", [])
    return [r for r in rows if r.get("kind") == "award"]


def prepare_receipt(app_a):
    """The cashier has the customer and the amount in the form when the
    line drops (finding a customer needs the server)."""
    smoke.open_section(app_a, "Catat Transaksi")
    page = wait_for("Catat Transaksi", lambda: smoke.page(app_a, "BsnReceiptPage"), 10)
    search = wait_for("the customer search", lambda: find(
        page, lambda a: role(a) == "entry" and a.name == "Cari pelanggan"), 10)
    smoke.set_text(search, "C001")
    choose = wait_for("the search result 'Pilih …' for C001", lambda: tiers.button_in(page, "Pilih "), 10)
    tiers.click(choose, "'Pilih' on the customer found")
    amount = wait_for("the amount row", lambda: find(
        page, lambda a: role(a) == "text" and (a.name or "").startswith("Jumlah belanja")), 10)
    smoke.set_text(amount, "Rp250.000")
    return page


def record_offline(app_a, page):
    smoke.open_section(app_a, "Catat Transaksi")
    tiers.click(tiers.button_in(page, "Mulai stopwatch"), "'Mulai stopwatch'")
    wait_for("the lucky digit after the countdown",
             lambda: tiers.stopwatch_digit(page) is not None, STOPWATCH_SECONDS + 10)
    tiers.click(tiers.button_in(page, "Catat transaksi"), "'Catat transaksi'")
    waiting = wait_for("A: 'Menunggu dikirim · Struk OFF-… · Rp250.000'",
                       lambda: label_matching(page, r"Menunggu dikirim · Struk OFF-\w+ · Rp250\.000"), 15)
    log(f"A says {waiting.name!r}")
    wait_for("the banner to count it ('1 catatan menunggu dikirim')",
             lambda: label_matching(app_a, r"Tidak tersambung ke server.*1 catatan menunggu dikirim\."), 10)
    time.sleep(0.3)
    shot("ui-network-6-menunggu.png")


def field_text(dialog, title):
    row = entry(dialog, title)
    if row is None:
        return None
    try:
        text = row.queryText()
        return text.getText(0, text.characterCount)
    except Exception:
        return None


def recent_connection(app_b, proc_b):
    """B connects through the dialog to the same server; the dialog then
    lists it under the recent connections, and its "Pakai" fills the form."""
    dialog = open_dialog(app_b, proc_b)
    for title, value in (("Alamat server", PG_DIR), ("Port", "5432"), ("Basis data", "bsn"),
                         ("Nama pengguna", "postgres")):
        type_into(dialog, title, value)
    press(dialog, "Sambungkan")
    wait_for("B: the dialog to close after connecting", lambda: window(app_b, "Sambungkan ke server jaringan") is None,
             30)
    title = wait_for("B: the window to name the server it connected to",
                     lambda: (t := smoke.window_title(app_b)) and "postgres @ localhost:5432/bsn" in t and t, 30)
    log(f"B connected through the dialog: {title!r}")
    dialog = open_dialog(app_b, proc_b)
    row = wait_for("the recent connection 'postgres @ localhost:5432/bsn'",
                   lambda: find(dialog, lambda a: (a.name or "").startswith("postgres @ localhost:5432/bsn")), 10)
    log(f"the dialog lists the recent connection {row.name!r}")
    time.sleep(0.3)
    shot("ui-network-8-terakhir.png")
    type_into(dialog, "Alamat server", "")
    type_into(dialog, "Basis data", "")
    press(dialog, "Pakai")
    wait_for("choosing it fills the server's address and database",
             lambda: field_text(dialog, "Alamat server") == PG_DIR and field_text(dialog, "Basis data") == "bsn", 10)
    log("choosing it filled the form")
    press(dialog, "Batal")
    wait_for("the dialog to close", lambda: window(app_b, "Sambungkan ke server jaringan") is None, 10)


def run(code):
    proc_a = start_app("a")
    proc_b = start_app("b")
    app_a = wait_for("app A on the accessibility bus", lambda: app_of(proc_a), 30)
    app_b = wait_for("app B on the accessibility bus", lambda: app_of(proc_b), 30)
    for name, app in (("A", app_a), ("B", app_b)):
        title = wait_for(f"{name}: the window to name the server's user and database",
                         lambda: (t := smoke.window_title(app)) and "postgres @ " in t and "/bsn" in t and t, 60)
        log(f"{name}: {title!r}")
    shot("ui-network-0-dua-desktop.png")
    connect_dialog(app_a, proc_a)
    page_a = live_voucher(app_a, app_b, code)
    live_tiers(app_a, app_b)
    offline(app_a, app_b, page_a, code)
    recent_connection(app_b, proc_b)
    for name, proc in (("A", proc_a), ("B", proc_b)):
        if proc.poll() is not None:
            raise Failure(f"app {name} exited early with status {proc.returncode}")


def main():
    global OUT, ARGS
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--app", required=True, help="path of the built bsn-loyalty")
    parser.add_argument("--output-dir", required=True, help="where the screenshots go")
    ARGS = parser.parse_args()
    OUT = ARGS.output_dir
    os.makedirs(OUT, exist_ok=True)
    if shutil.which("xdotool") is None:
        print("SKIP: xdotool is not installed (quickstart installs it)", file=sys.stderr)
        return 77
    status = 1

    def on_alarm(signum, frame):
        raise HardTimeout()

    import signal
    signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(HARD_TIMEOUT)
    try:
        code = prepare()
        run(code)
        log("PASS")
        status = 0
    except (Failure, HardTimeout) as failure:
        if isinstance(failure, HardTimeout):
            failure = f"hard timeout: the test took longer than {HARD_TIMEOUT} s"
        print(f"FAIL: {failure}", file=sys.stderr, flush=True)
        try:
            shot("ui-network-failure.png")
        except Exception as error:
            print(f"(no failure screenshot: {error})", file=sys.stderr)
    finally:
        signal.alarm(0)
        for proc in procs:
            if proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    proc.kill()
        if PG_DIR is not None:
            subprocess.run([PG_SERVER, "stop", PG_DIR], capture_output=True)
            shutil.rmtree(PG_DIR, ignore_errors=True)
        for name in ("a", "b"):
            path = os.path.join(OUT, f"ui-network-{name}-app.log")
            if os.path.exists(path):
                text = open(path).read().strip()
                if text:
                    print(f"--- app {name} output ---\n{text}", file=sys.stderr)
    return status


if __name__ == "__main__":
    sys.exit(main())
