#!/usr/bin/python3
"""The app's own figures (BSN_BENCH=1, bench/app-bench.py) on a small ledger.

Run by run-ui-test.sh inside dbus-run-session and xvfb-run (BSN_CLI names
the built command-line tool). Builds a demo network plus 2 000 receipts with
make-big-ledger.sh, runs bench/app-bench.py once, opening Buku Poin at the
first frame, and checks that every figure arrived: the first frame, the
opening of Buku Poin with its rows counted, the jump to the last row and
the peak memory. The values themselves depend on the machine and are only
logged. Skips (77) without the sqlite3 shell that make-big-ledger.sh uses.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
APP_BENCH = os.path.join(HERE, "..", "..", "bench", "app-bench.py")
RECEIPTS = 2000


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--app", required=True)
    parser.add_argument("--output-dir", required=True)
    args = parser.parse_args()

    cli = os.environ.get("BSN_CLI")
    if shutil.which("sqlite3") is None or cli is None:
        print("SKIP: make-big-ledger.sh needs sqlite3 and BSN_CLI")
        return 77

    with tempfile.TemporaryDirectory(prefix="bsn-ui-bench.") as tmp:
        db = os.path.join(tmp, "ledger.db")
        subprocess.run(["sh", os.path.join(HERE, "make-big-ledger.sh"), cli, db, str(RECEIPTS)],
                       check=True, stdout=subprocess.DEVNULL)
        done = subprocess.run(["/usr/bin/python3", APP_BENCH, "--app", args.app, "--db", db,
                               "--runs", "1", "--open-after-ms", "0", "--timeout", "60"],
                              stdout=subprocess.PIPE, text=True)
    # The accessibility registry, started by the first app, may print a
    # line of its own on the same stdout.
    text = done.stdout
    result = json.loads(text[text.index("{"):]) if "{" in text else {}
    with open(os.path.join(args.output_dir, "ui-bench.json"), "w") as out:
        json.dump(result, out, indent=2)
    print(json.dumps({k: v for k, v in result.items() if k != "samples"}))

    failures = []
    if done.returncode != 0:
        failures.append(f"app-bench.py exited with {done.returncode}: {result.get('errors')}")
    for key in ("first_frame_ms", "ledger_open_ms", "ledger_jump_ms", "rss_kb"):
        if not isinstance(result.get(key), (int, float)) or result[key] <= 0:
            failures.append(f"no {key}")
    rows = result.get("samples", {}).get("ledger-jump-rows", [0])[0]
    if rows < RECEIPTS:
        failures.append(f"Buku Poin counted {rows} rows, fewer than the {RECEIPTS} receipts")
    for failure in failures:
        print("FAIL:", failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
