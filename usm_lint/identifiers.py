"""What an identifier is (LANGUAGE.md "Names"): a letter of any script or `_`,
then letters, digits, `_` and inner `-` ("Réparer", "störung", "service-level").

Letters are those Python's `re` calls word characters: accented letters are
written precomposed (Unicode NFC, as every editor and keyboard writes them);
combining marks (a decomposed accent, Devanagari vowel signs) are not, which
is narrower than `str.isidentifier`: the `regex` module's `\\p{XID_Continue}`
would admit them, at a tenth more on every parse.

The grammar's `ID` terminal is this pattern (tests/test_parser.py checks they
agree); the server's rename and completion, and the names made from BPMN
text, use it from here.
"""

from __future__ import annotations

import re

IDENTIFIER_PATTERN = r"[^\W\d](?:[\w-]*\w)?"
"""Python's `\\w` is Unicode: letters and digits of every script, and `_`."""
IDENTIFIER = re.compile(IDENTIFIER_PATTERN)
WORD_PATTERN = r"[^\W\d][\w-]*"
"""An identifier being typed (it may end in `-` for now)."""
