#!/usr/bin/env python3
"""fill-plurals.py PO — in the identity catalogue po/id.po, give each
plural message whose msgstr[0] msgen left empty its msgid (Indonesian has
one plural form). The file must be written with --no-wrap."""
import re
import sys

path = sys.argv[1]
text = open(path, encoding="utf-8").read()
pattern = re.compile(r'^(msgid (".*")\nmsgid_plural ".*"\nmsgstr\[0\] )""$', re.M)
text, n = pattern.subn(lambda m: m.group(1) + m.group(2), text)
open(path, "w", encoding="utf-8").write(text)
print(f"{path}: {n} plural message(s) filled")
