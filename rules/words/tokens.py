"""Texts and identifiers into lower-case words."""

from __future__ import annotations

import re
from functools import lru_cache

# Letters and digits (any script), with apostrophes and hyphens inside a word.
_WORD = re.compile(r"[^\W_]+(?:['\u2019\-][^\W_]+)*")
_POSSESSIVE = re.compile(r"'s$")
# Acronym plurals (SLAs), acronyms before a word (ITService), words, numbers;
# matched on an identifier's shape (`_shape`), so any script splits alike.
_IDENTIFIER_PART = re.compile(
    r"A{2,}s(?![as])|A+(?=A[as])|A?[as]+|A+|0+")


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


# A lower-case letter before a capital: a camelCase chunk ("ServiceTask", "approveJohn").
_CAMEL = re.compile(r"[^\W\d_][^\W\d_]*?[a-z][A-Z]")
_HAS_CAMEL = re.compile(r"[a-z][A-Z]")


@lru_cache(maxsize=1 << 16)
def text_words(text: str) -> tuple[str, ...]:
    """A name's words: a text's words, and a camelCase chunk split as an
    identifier is ("ServiceTask 2" -> ["service", "task", "2"])."""
    if not _HAS_CAMEL.search(text):
        return _words(text)  # the common case: one pass over the text
    return tuple(word for chunk in text.split()
                 for word in (split_identifier(chunk) if _CAMEL.match(chunk) else words(chunk)))


def split_identifier(name: str) -> list[str]:
    """`IncidentManagement` -> ["incident", "management"];
    `service_level-management` -> ["service", "level", "management"];
    `ITServiceManagement` -> ["it", "service", "management"]."""
    return [part.lower() for part in identifier_parts(name)]


def identifier_parts(name: str) -> list[str]:
    """An identifier's words as written (`ITServiceManagement` -> ["IT",
    "Service", "Management"]): a label made from them keeps its acronyms."""
    return [chunk[match.start():match.end()]
            for chunk in re.split(r"[_\-]+", name)
            for match in _IDENTIFIER_PART.finditer(_shape(chunk))]


def _shape(text: str) -> str:
    """Each character as its class: A upper case, a lower case (or a letter
    without case), 0 a digit, a space anything else (`Störung2` -> "Aaaaaaa0");
    a lower-case s stays itself, for acronym plurals (`SLAs`)."""
    return "".join("s" if c == "s" else "A" if c.isupper() else "a" if c.isalpha()
                   else "0" if c.isdigit() else " " for c in text)
