#!/bin/sh
# make-locale.sh LOCALE CHARMAP OUTDIR — compiles LOCALE with CHARMAP from
# the sources of Debian's `locales` package into OUTDIR, without root and
# without touching the system's locales, for LOCPATH=$(dirname OUTDIR).
# The tests run under the real id_ID.UTF-8 this way: a C locale hides the
# decimal comma that breaks files, and GLib/GTK only translate their own
# strings under a locale that exists.
set -eu

if [ $# -ne 3 ]; then
  echo "usage: $0 LOCALE CHARMAP OUTDIR" >&2
  exit 2
fi
if [ ! -f "/usr/share/i18n/locales/$1" ]; then
  echo "$0: /usr/share/i18n/locales/$1 is missing: install the locales package" >&2
  exit 1
fi
rm -rf "$3"
# localedef exits 1 when it only warned; the locale is usable if its
# categories were written.
status=0
localedef -i "$1" -f "$2" "$3" || status=$?
if [ "$status" -gt 1 ] || [ ! -f "$3/LC_NUMERIC" ] || [ ! -f "$3/LC_MESSAGES/SYS_LC_MESSAGES" ]; then
  echo "$0: localedef -i $1 -f $2 failed ($status)" >&2
  rm -rf "$3"
  exit 1
fi
