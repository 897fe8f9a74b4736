"""USM identifiers made from BPMN names, which are free text.

Identifiers are letters of any script, digits, `_` and inner `-`
(usm_lint/identifiers.py): "Rechnung klären" -> `rechnung_klären`; other
characters end a word. Text is read in Unicode's composed form (NFC), so a
name typed with combining accents gives the same identifier.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from usm_lint.identifiers import IDENTIFIER

_WORD = re.compile(r"[^\W_]+")


def _words(text: str) -> list[str]:
    return _WORD.findall(unicodedata.normalize("NFC", text))


def snake(text: str, fallback: str) -> str:
    """`Approve Invoice` -> `approve_invoice` (`fallback` when no word is left)."""
    words = _words(text) or _words(fallback) or ["activity"]
    # Lower case can add a combining mark ("İ" -> "i̇"): keep the letters only.
    name = "_".join(part for word in words for part in _WORD.findall(word.lower())) or "activity"
    return name if not name[0].isdigit() else "_" + name


def camel(text: str, fallback: str) -> str:
    """`Fridge Repair Process` -> `FridgeRepairProcess`; an identifier stays as it is."""
    if IDENTIFIER.fullmatch(text):
        return text
    words = _words(text) or _words(fallback) or ["Process"]
    # An acronym reads as one word again when the identifier is split: BPMN -> Bpmn.
    name = "".join(word.capitalize() if word.isupper() else word[0].upper() + word[1:]
                   for word in words)
    name = "".join(_WORD.findall(name)) or "Process"  # case changes can add combining marks
    return name if not name[0].isdigit() else "_" + name


def unique(names: Iterable[str]) -> list[str]:
    """The names, a repeated one numbered (`review`, `review_2`)."""
    seen: set[str] = set()
    result = []
    for name in names:
        candidate, number = name, 1
        while candidate in seen:
            number += 1
            candidate = f"{name}_{number}"
        seen.add(candidate)
        result.append(candidate)
    return result
