#!/usr/bin/env python3
"""Counts every test case of the given meson build directories (their
meson-logs/testlog.json) or meson JSON test logs, and prints the closing
line "N passed, N failed".

A TAP test counts each of its "ok"/"not ok" lines; any other test counts
once by its result. A log that is missing (a run that never happened, e.g.
the PostgreSQL pass when its server could not start) counts as one
failure and is named. Exit status 1 when anything failed or nothing ran."""
import json
import os
import re
import sys

passed = failed = skipped = 0
for build in sys.argv[1:]:
    path = build if build.endswith(".json") else f"{build}/meson-logs/testlog.json"
    if not os.path.exists(path):
        print(f"test-summary: {path} is missing: that run did not happen", file=sys.stderr)
        failed += 1
        continue
    with open(path, encoding="utf-8") as log:
        for line in log:
            test = json.loads(line)
            out = test.get("stdout") or ""
            cases = re.findall(r"^(not ok|ok)\b(.*)$", out, re.M)
            if cases:
                bad = 0
                for verdict, rest in cases:
                    if "# SKIP" in rest:
                        skipped += 1
                    elif verdict == "ok":
                        passed += 1
                    else:
                        bad += 1
                # A test binary that crashed after its last case still fails.
                if test["result"] not in ("OK", "EXPECTEDFAIL", "SKIP") and bad == 0:
                    bad = 1
                failed += bad
            elif test["result"] == "SKIP":
                skipped += 1
            elif test["result"] in ("OK", "EXPECTEDFAIL"):
                passed += 1
            else:
                failed += 1

line = f"{passed} passed, {failed} failed"
if skipped:
    line += f", {skipped} skipped"
print(line)
sys.exit(1 if failed or passed == 0 else 0)
