#!/usr/bin/env bash
# run-fuzz.sh [SECONDS] — a bounded libFuzzer run of every target (the
# soak). Builds the library with clang and coverage instrumentation in
# _build-fuzz, then fuzzes each target for SECONDS (default 60), starting
# from tests/fuzz/corpus/TARGET; new interesting inputs go to
# _build-fuzz/corpus/TARGET (commit the few worth replaying in CI). Crashes
# land in _build-fuzz/crashes; add the reproducer to the corpus once fixed.
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-60}
if [ ! -f _build-fuzz/build.ninja ]; then
  CC=clang meson setup _build-fuzz -Dapp=false -Db_sanitize=address,undefined -Db_lundef=false \
    -Dc_args=-fsanitize=fuzzer-no-link >/dev/null
fi
ninja -C _build-fuzz src/reward/libbsnreward.a tests/libbsntestutil.a >/dev/null
mkdir -p _build-fuzz/crashes _build-fuzz/corpus/parse _build-fuzz/corpus/voucher _build-fuzz/corpus/import \
  _build-fuzz/corpus/tiers
flags=$(pkg-config --cflags --libs glib-2.0 gio-2.0 sqlite3 xlsxwriter libsodium)
for target in parse voucher import tiers; do
  clang -O1 -g -fsanitize=fuzzer,address,undefined -I_build-fuzz -Isrc/reward -Itests \
    tests/fuzz/fuzz-$target.c _build-fuzz/tests/libbsntestutil.a _build-fuzz/src/reward/libbsnreward.a \
    $flags -lm -o _build-fuzz/fuzz-$target
  echo "fuzz-$target: $seconds s"
  _build-fuzz/fuzz-$target -max_total_time="$seconds" -max_len=65536 -artifact_prefix=_build-fuzz/crashes/ \
    _build-fuzz/corpus/$target tests/fuzz/corpus/$target 2>&1 | grep -E "^(#[0-9]+ +DONE|Done|==.*ERROR|SUMMARY)" || true
done
