#!/usr/bin/env bash
# check-po.sh SRCDIR — po/id.po is complete: every file with translatable
# strings is in POTFILES, every message of the sources is in id.po, and
# none is untranslated or fuzzy.
set -euo pipefail
cd "$1"
fail=0
for f in $(git ls-files -- 'src/*.c' 'src/*.h' 2>/dev/null | xargs grep -l -E '\b(N?_|C_|NC_)\s*\(' || true) \
         $(git ls-files -- 'src/*.ui' 'data/*.ui' 2>/dev/null | xargs grep -l 'translatable="yes"' || true); do
  grep -qx "$f" po/POTFILES || { echo "po/POTFILES lacks $f"; fail=1; }
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
xgettext --from-code=UTF-8 --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
  --keyword=g_dngettext:2,3 --keyword=ngettext:1,2 --files-from=po/POTFILES --directory=. -o "$tmp/now.pot"
stats=$(msgmerge --quiet --no-fuzzy-matching po/id.po "$tmp/now.pot" -o - | msgfmt --check --statistics -o /dev/null - 2>&1)
echo "id.po: $stats"
case "$stats" in
  *untranslated*|*fuzzy*) echo "po/id.po is not 100 % translated: run build-aux/update-po.sh"; fail=1 ;;
esac
exit $fail
