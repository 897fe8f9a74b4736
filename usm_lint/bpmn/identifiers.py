"""USM identifiers made from BPMN names, which are free text.

LANGUAGE.md's identifiers are ASCII letters, digits, `_` and inner `-`:
accents are folded ("klären" -> "klaren"), other characters end a word.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

_WORD = re.compile(r"[A-Za-z0-9]+")
IDENTIFIER = re.compile(r"[A-Za-z_]([A-Za-z0-9_-]*[A-Za-z0-9_])?")


def _words(text: str) -> list[str]:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _WORD.findall(folded)


def snake(text: str, fallback: str) -> str:
    """`Approve Invoice` -> `approve_invoice` (`fallback` when no word is left)."""
    words = _words(text) or _words(fallback) or ["activity"]
    name = "_".join(word.lower() for word in words)
    return name if not name[0].isdigit() else "_" + name


def camel(text: str, fallback: str) -> str:
    """`Fridge Repair Process` -> `FridgeRepairProcess`; an identifier stays as it is."""
    if IDENTIFIER.fullmatch(text):
        return text
    words = _words(text) or _words(fallback) or ["Process"]
    # An acronym reads as one word again when the identifier is split: BPMN -> Bpmn.
    name = "".join(word.capitalize() if word.isupper() else word[0].upper() + word[1:]
                   for word in words)
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
