#!/usr/bin/env bash
# update-po.sh — regenerate po/POTFILES and po/bsn-loyalty.pot from the
# tree and merge them into every language of po/LINGUAS.
#
# The source strings are Indonesian, the product's language, so po/id.po
# is the identity catalogue (msgstr = msgid) that other languages will be
# translated from; new messages are filled with msgen and no fuzzy match
# is ever kept.
set -euo pipefail
cd "$(dirname "$0")/.."
{
  git ls-files --cached --others --exclude-standard -- 'src/*.c' 'src/*.h' | xargs grep -l -E '\b(N?_|C_|NC_|g_dngettext|ngettext)\s*\(' || true
  git ls-files --cached --others --exclude-standard -- 'src/*.ui' 'data/*.ui' | xargs grep -l 'translatable="yes"' || true
  git ls-files --cached --others --exclude-standard -- 'data/*.desktop.in' 'data/*.metainfo.xml.in' 'data/*.gschema.xml' || true
} | sort -u > po/POTFILES
xgettext --from-code=UTF-8 --add-comments --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
  --keyword=g_dngettext:2,3 --keyword=ngettext:1,2 --package-name="BSN Loyalty" \
  --files-from=po/POTFILES --directory=. --output=po/bsn-loyalty.pot
for lang in $(cat po/LINGUAS); do
  if [ -f "po/$lang.po" ]; then
    msgmerge --quiet --no-fuzzy-matching --update --backup=none "po/$lang.po" po/bsn-loyalty.pot
  else
    msginit --no-translator --locale="$lang" --input=po/bsn-loyalty.pot --output-file="po/$lang.po"
  fi
  if [ "$lang" = id ]; then
    msgen --no-wrap "po/$lang.po" -o "po/$lang.po.tmp"
    msgattrib --no-obsolete --no-wrap "po/$lang.po.tmp" -o "po/$lang.po"
    rm -f "po/$lang.po.tmp"
    python3 build-aux/fill-plurals.py "po/$lang.po"
  fi
  msgfmt --check --statistics -o /dev/null "po/$lang.po"
done
