#!/usr/bin/env bash
# soak.sh [KILLS] [FUZZ_SECONDS] — the long reliability run, on demand
# (CI runs the short versions in `./quickstart test`):
#   1. crash injection: 100 000 receipts, KILLS (default 500) kill -9 at
#      random moments, integrity_check + verify after each, the finished
#      import equal to a clean run;
#   2. two concurrent writers (as in CI);
#   3. every fuzz target for FUZZ_SECONDS (default 600) each.
# Exits non-zero when any part fails; the TAP of each part is printed.
set -euo pipefail
cd "$(dirname "$0")/.."
kills=${1:-500}
fuzz_seconds=${2:-600}

if [ ! -f _build/build.ninja ]; then
  meson setup _build >/dev/null
fi
ninja -C _build src/cli/bsn-loyalty-cli >/dev/null
cli=_build/src/cli/bsn-loyalty-cli
work=$(mktemp -d "${TMPDIR:-/tmp}/bsn-soak-XXXXXX")
trap 'rm -rf "$work"' EXIT

echo "# crash injection: 100 000 receipts, $kills kills"
python3 tests/reliability/crash-inject.py "$cli" "$work/crash" --receipts 100000 --kills "$kills" \
  | tee "$work/crash.tap"
echo "# concurrent writers"
python3 tests/reliability/concurrent.py "$cli" "$work/concurrent" | tee "$work/concurrent.tap"
echo "# fuzzing, $fuzz_seconds s per target"
tests/fuzz/run-fuzz.sh "$fuzz_seconds" | tee "$work/fuzz.log"

if grep -q '^not ok' "$work/crash.tap" "$work/concurrent.tap" \
   || grep -qE '==.*ERROR|SUMMARY: .*Sanitizer' "$work/fuzz.log" \
   || [ -n "$(ls -A _build-fuzz/crashes 2>/dev/null)" ]; then
  echo "soak: FAILED"
  exit 1
fi
echo "soak: passed ($kills kills, $fuzz_seconds s of fuzzing per target)"
