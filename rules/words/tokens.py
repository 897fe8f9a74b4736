"""Texts and identifiers into lower-case words."""

from __future__ import annotations

import re
from functools import lru_cache

# Letters and digits (any script), with apostrophes and hyphens inside a word.
_WORD = re.compile(r"[^\W_]+(?:['\u2019\-][^\W_]+)*")
_POSSESSIVE = re.compile(r"'s$")
# Acronym plurals (SLAs), acronyms before a word (ITService), words, numbers.
_IDENTIFIER_PART = re.compile(
    r"[A-Z]{2,}s(?![a-z])|[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|[0-9]+")


def words(text: str) -> list[str]:
    """The lower-case words of a text: "The desk's e-mail" -> ["the", "desk", "e-mail"].

    Hyphenated words stay whole, a typographic apostrophe reads as `'`, and a
    possessive `'s` is dropped."""
    return list(_words(text))


@lru_cache(maxsize=1 << 16)
def _words(text: str) -> tuple[str, ...]:
    # Every word rule splits the same texts: split each once.
    found = _WORD.findall(text.lower().replace("\u2019", "'"))
    return tuple(_POSSESSIVE.sub("", word) if "'" in word else word for word in found)


def split_identifier(name: str) -> list[str]:
    """`IncidentManagement` -> ["incident", "management"];
    `service_level-management` -> ["service", "level", "management"];
    `ITServiceManagement` -> ["it", "service", "management"]."""
    return [part.lower() for chunk in re.split(r"[_\-]+", name)
            for part in _IDENTIFIER_PART.findall(chunk)]
