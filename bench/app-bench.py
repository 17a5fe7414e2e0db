#!/usr/bin/python3
"""app-bench.py --app PATH --db PATH [--runs K] — start-up and Buku Poin
figures of the desktop app against a database (issue 9).

Runs the app K times (default 3) with BSN_BENCH=1 BSN_BENCH_QUIT=1: it
opens the database, paints its first frame, opens Buku Poin, waits for the
count, scrolls to the last row and quits, printing "bsn-bench key=value"
lines on stderr (src/app/bsn-window.c, bsn-ledger-page.c,
bsn-application.c). Prints one JSON object with the medians and every
sample.

Each run gets a fresh copy of the database (opening read-write may migrate
it) and its own temporary XDG_DATA_HOME, XDG_CONFIG_HOME and
XDG_CACHE_HOME, with settings in memory, so neither the given file nor the
user's settings are touched. So each run is the day's first start; the
app's daily backup starts 30 s after opening, after a run has ended
(--skip-daily-backup makes sure it is never due). The
copy was just written (and synced before the app starts), so the figures
are for a warm page cache.
Buku Poin is opened --open-after-ms after the first frame, once the main
loop is idle; 0 opens it at the first frame, amid the other pages' reads.

Run it inside `dbus-run-session -- xvfb-run -a` with GSK_RENDERER=cairo;
without DISPLAY it starts that session itself.
"""

import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

REEXEC_MARK = "BSN_APP_BENCH_SESSION"
# What the app prints, and the JSON key of each median.
MEDIANS = {
    "first-frame-ms": "first_frame_ms",
    "ledger-open-ms": "ledger_open_ms",
    "ledger-jump-ms": "ledger_jump_ms",
    "vm-hwm-kb": "rss_kb",
}


def reexec_in_session():
    """Starts this script again in its own D-Bus session and X server."""
    if shutil.which("dbus-run-session") is None or shutil.which("xvfb-run") is None:
        sys.exit("app-bench: no DISPLAY, and dbus-run-session or xvfb-run is missing")
    env = dict(os.environ, GSK_RENDERER=os.environ.get("GSK_RENDERER", "cairo"))
    env[REEXEC_MARK] = "1"
    # -noreset: Xvfb would restart when its last client leaves, between runs.
    argv = ["dbus-run-session", "--", "xvfb-run", "-a",
            "-s", "-screen 0 1280x800x24 -nolisten tcp -noreset",
            "/usr/bin/python3", os.path.abspath(__file__)] + sys.argv[1:]
    os.execvpe(argv[0], argv, env)


def schema_dir_for(app):
    """The build's compiled settings schema, beside an uninstalled app."""
    build = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(app))))
    data = os.path.join(build, "data")
    return data if os.path.exists(os.path.join(data, "gschemas.compiled")) else None


def parse_bench_lines(text):
    """{"first-frame-ms": 123.4, ...} from the app's stderr. A "rows="
    after a ledger figure becomes e.g. "ledger-open-rows"."""
    figures = {}
    for line in text.splitlines():
        pairs = [p.partition("=") for p in line.split()[1:]] if line.startswith("bsn-bench ") else []
        for key, _, value in pairs:
            if key == "rows":
                key = pairs[0][0].replace("-ms", "-rows")
            try:
                figures[key] = float(value)
            except ValueError:
                pass
    return figures


def run_once(args, schema_dir):
    with tempfile.TemporaryDirectory(prefix="bsn-app-bench.") as tmp:
        db = os.path.join(tmp, "bench.db")
        shutil.copyfile(args.db, db)
        for suffix in ("-wal", "-shm"):
            if os.path.exists(args.db + suffix):
                shutil.copyfile(args.db + suffix, db + suffix)
        # The copy is ours, not the user's: its dirty pages (427 MB at 1M)
        # are written back before the clock starts, so the app's own syncs
        # do not wait for them.
        os.sync()
        env = dict(os.environ)
        for name in ("DATA", "CONFIG", "CACHE"):
            path = os.path.join(tmp, name.lower())
            os.mkdir(path)
            env["XDG_%s_HOME" % name] = path
        if args.skip_daily_backup:
            # The name bsn_backup_daily() looks for (local date).
            backups = os.path.join(tmp, "data", "bsn-loyalty", "cadangan")
            os.makedirs(backups)
            open(os.path.join(backups, time.strftime("bsn-loyalty-%Y-%m-%d.db")), "w").close()
        env.update(BSN_BENCH="1", BSN_BENCH_QUIT="1", BSN_DB=db,
                   BSN_BENCH_OPEN_AFTER_MS=str(args.open_after_ms),
                   GSETTINGS_BACKEND="memory", GDK_BACKEND="x11")
        env.setdefault("GSK_RENDERER", "cairo")
        if schema_dir is not None:
            env["GSETTINGS_SCHEMA_DIR"] = schema_dir
        started = time.monotonic()
        proc = subprocess.Popen([args.app, db], env=env, stdin=subprocess.DEVNULL,
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                text=True, start_new_session=True)
        try:
            _, err = proc.communicate(timeout=args.timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            _, err = proc.communicate()
            err += "\napp-bench: timed out after %d s\n" % args.timeout
        figures = parse_bench_lines(err)
        figures["wall-ms"] = round((time.monotonic() - started) * 1000.0, 1)
        missing = [key for key in MEDIANS if key not in figures]
        if proc.returncode != 0 or missing:
            tail = "\n".join(err.strip().splitlines()[-15:])
            raise RuntimeError("exit %s, missing %s:\n%s" % (proc.returncode, missing, tail))
        return figures


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--app", required=True, help="the built bsn-loyalty")
    parser.add_argument("--db", required=True, help="the database (copied, never changed)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--open-after-ms", type=int, default=2000,
                        help="open Buku Poin this long after the first frame, once the "
                             "main loop is idle (0: at the first frame, while the other "
                             "pages are still reading)")
    parser.add_argument("--skip-daily-backup", action="store_true",
                        help="start as if today's automatic backup were made already "
                             "(by default each run is the day's first start and copies "
                             "the database in the background)")
    parser.add_argument("--timeout", type=int, default=180, help="seconds per run")
    args = parser.parse_args()

    if not os.environ.get("DISPLAY") and not os.environ.get(REEXEC_MARK):
        reexec_in_session()
    if not os.access(args.app, os.X_OK):
        sys.exit("app-bench: %s is not an executable" % args.app)
    if not os.path.isfile(args.db):
        sys.exit("app-bench: %s does not exist" % args.db)

    samples = {}
    errors = []
    load_before = os.getloadavg()
    for i in range(args.runs):
        try:
            figures = run_once(args, schema_dir_for(args.app))
        except RuntimeError as e:
            errors.append("run %d: %s" % (i + 1, e))
            print("app-bench: run %d failed: %s" % (i + 1, e), file=sys.stderr)
            continue
        for key, value in figures.items():
            samples.setdefault(key, []).append(value)

    result = {}
    for key, name in MEDIANS.items():
        values = samples.get(key, [])
        result[name] = statistics.median(values) if values else None
    result["runs"] = args.runs
    result["open_after_ms"] = args.open_after_ms
    result["daily_backup"] = not args.skip_daily_backup
    result["samples"] = samples
    result["machine"] = {
        "cpus": os.cpu_count(),
        "loadavg_before": [round(x, 2) for x in load_before],
        "loadavg_after": [round(x, 2) for x in os.getloadavg()],
        "db_bytes": os.path.getsize(args.db),
        "gsk_renderer": os.environ.get("GSK_RENDERER", "cairo"),
    }
    if errors:
        result["errors"] = errors
    print(json.dumps(result, indent=2))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
