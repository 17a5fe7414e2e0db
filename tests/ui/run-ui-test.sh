#!/bin/sh
# run-ui-test.sh BUILD_DIR [OUTPUT_DIR [SCRIPT]] — runs SCRIPT (default
# test-smoke.py, beside this file) against the
# app built in BUILD_DIR, in a throwaway session: its own D-Bus session bus
# (the accessibility bus is activated on it), an Xvfb display, a fresh
# temporary data directory (so the demo database is created on first run)
# and the build's compiled settings schema. The screenshot and the app's
# output go to OUTPUT_DIR (default BUILD_DIR/tests/ui). BSN_CLI names the
# built command-line tool, for scripts that prepare data before the app
# starts.
#
# BSN_UI_SCREEN=WIDTHxHEIGHT (e.g. 1366x768) sets the screen's size, and
# the window opens filling it (no window manager runs to maximize it:
# the window-width/-height defaults are overridden for this run only);
# the default is a 1280x800 screen with the window at its usual size.
set -eu

if [ $# -lt 1 ]; then
  echo "usage: $0 BUILD_DIR [OUTPUT_DIR [SCRIPT]]" >&2
  exit 2
fi

build=$(cd "$1" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
out=${2:-$build/tests/ui}
script=$here/${3:-test-smoke.py}
mkdir -p "$out"
out=$(cd "$out" && pwd)

app=$build/src/app/bsn-loyalty
if [ ! -x "$app" ]; then
  echo "FAIL: $app is not built" >&2
  exit 1
fi
for tool in dbus-run-session xvfb-run import; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "SKIP: $tool is not installed" >&2
    exit 77
  fi
done
if ! /usr/bin/python3 -c 'import pyatspi' 2>/dev/null; then
  echo "SKIP: /usr/bin/python3 has no pyatspi (python3-pyatspi)" >&2
  exit 77
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/bsn-ui-test.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
mkdir -p "$tmp/data" "$tmp/config" "$tmp/cache" "$tmp/runtime"
chmod 700 "$tmp/runtime"

export XDG_DATA_HOME="$tmp/data"
export XDG_CONFIG_HOME="$tmp/config"
export XDG_CACHE_HOME="$tmp/cache"
export XDG_RUNTIME_DIR="$tmp/runtime"
export BSN_DB="$tmp/data/bsn-loyalty/bsn-loyalty.db"
export BSN_CLI="$build/src/cli/bsn-loyalty-cli"
export GSETTINGS_SCHEMA_DIR="$build/data"
export GSETTINGS_BACKEND=memory
export GSK_RENDERER=cairo
export GTK_A11Y=atspi
export NO_AT_BRIDGE=0
export GDK_BACKEND=x11
export LC_ALL=C.UTF-8

screen=1280x800
if [ -n "${BSN_UI_SCREEN:-}" ]; then
  case $BSN_UI_SCREEN in
    *[!0-9x]* | x* | *x | *x*x*) echo "FAIL: BSN_UI_SCREEN=$BSN_UI_SCREEN is not WIDTHxHEIGHT" >&2; exit 1 ;;
  esac
  screen=$BSN_UI_SCREEN
  mkdir -p "$tmp/schemas"
  cp "$here/../../data/org.bsn.Loyalty.gschema.xml" "$tmp/schemas/"
  printf '[org.bsn.Loyalty]\nwindow-width=%s\nwindow-height=%s\n' "${screen%x*}" "${screen#*x}" \
    > "$tmp/schemas/zz-ui-test.gschema.override"
  glib-compile-schemas "$tmp/schemas"
  export GSETTINGS_SCHEMA_DIR="$tmp/schemas"
fi
unset DISPLAY WAYLAND_DISPLAY DBUS_SESSION_BUS_ADDRESS AT_SPI_BUS_ADDRESS

# xvfb-run -a takes the first free display from -n on; UI tests of other
# build directories may start at the same moment, so each starts its
# search somewhere else. -noreset: Xvfb would otherwise restart whenever
# its last client leaves (a screenshot, libatspi reading the root window)
# and refuse the app that connects in that moment.
exec dbus-run-session -- \
  xvfb-run -a -n $((100 + $$ % 800)) -s "-screen 0 ${screen}x24 -nolisten tcp -noreset" \
  /usr/bin/python3 "$script" --app "$app" --output-dir "$out"
