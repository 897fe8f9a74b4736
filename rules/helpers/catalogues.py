"""Framework catalogues: the practices and processes a `framework` claim may name.

Data files in `rules/data/` (one entry per line, `#` comments): ITIL 4's 34
practices, ITIL v3's 26 processes, FitSM's 14 processes, COBIT 2019's 40
objectives and COBIT 5's 37 processes (`ID<TAB>Name`), ASL 2's 26 and BiSL's
23 processes, and the 21 service management processes of ISO/IEC
20000-1:2018 clause 8 (`CLAUSE<TAB>Title`). Each file cites its source in
its header. Matching is case-insensitive and tolerant of
"&" for "and", of hyphens and punctuation, and of British and American
spellings ("Organisational change management"). Other framework ids have no
catalogue, and no check.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from usm_lint.rules import words as lexicon

FRAMEWORKS: dict[str, str] = {
    "ITIL4": "itil4.txt",
    "ITILv3": "itilv3.txt",
    "FitSM": "fitsm.txt",
    "COBIT2019": "cobit2019.txt",
    "COBIT5": "cobit5.txt",
    "ASL2": "asl2.txt",
    "BiSL": "bisl.txt",
    "ISO20000": "iso20000.txt",
}
"""The framework ids with a catalogue (as claims spell them) -> data file."""

SUBSETS: dict[str, tuple[str, tuple[str, ...]]] = {
    "COBIT5": ("APO, BAI and DSS (the 29 management processes USM realises)",
               ("APO", "BAI", "DSS")),
}
"""Parts of a catalogue that coverage reports beside the whole: a description
and the id prefixes of its entries."""

_WORD = re.compile(r"[a-z0-9]+")
_ID = re.compile(r"[a-z]{3}[0-9]{2}|[0-9]+ [0-9]+ [0-9]+")
_COMMENT = re.compile(r"\s+#.*$")


@dataclass(frozen=True)
class Entry:
    """One practice, process or objective of a framework."""

    name: str
    id: str | None = None

    @property
    def label(self) -> str:
        """The entry as shown: "APO09 Managed service agreements", or the name."""
        return f"{self.id} {self.name}" if self.id else self.name


@dataclass(frozen=True)
class Catalogue:
    framework: str
    entries: tuple[Entry, ...]
    by_key: dict[str, Entry]
    """Normalised spellings (name; and for COBIT id and "id name") -> entry."""


def canonical(framework: str) -> str | None:
    """The catalogued framework id a claim names ("itil4" -> "ITIL4"), or None."""
    lowered = framework.lower()
    return next((f for f in FRAMEWORKS if f.lower() == lowered), None)


def _spelling(word: str) -> str:
    """The American spelling from the word table, also of a word the table only
    knows without an "-al" or "-s" ending ("organisational" -> "organizational")."""
    american = lexicon.spelling(word)
    if american != word:
        return american
    for ending in ("al", "s"):
        stem = word[:-len(ending)]
        if word.endswith(ending) and lexicon.spelling(stem) != stem:
            return lexicon.spelling(stem) + ending
    return word


def key(text: str) -> str:
    """A name as compared: lower case, "&" = "and", hyphens and punctuation
    are spaces, British spellings as American ones."""
    spaced = text.lower().replace("&", " and ")
    return " ".join(_spelling(w) for w in _WORD.findall(spaced))


def _score(wanted: str, candidate: str) -> float:
    """How close two keys are: difflib's character ratio, averaged with how many
    words of each are (nearly) in the other, so that a missing word weighs more
    than a shared ending ("Release management" is closer to "Release and
    deployment management" than to "Problem management")."""
    ratio = difflib.SequenceMatcher(None, wanted, candidate).ratio()
    ours, theirs = wanted.split(), candidate.split()
    if not ours or not theirs:
        return ratio

    def found(words: list[str], others: list[str]) -> float:
        return sum(any(difflib.SequenceMatcher(None, w, o).ratio() >= 0.8 for o in others)
                   for w in words) / len(words)

    return (ratio + (found(ours, theirs) + found(theirs, ours)) / 2) / 2


@cache
def catalogue(framework: str) -> Catalogue | None:
    """The catalogue of `framework` (any case), None for other framework ids."""
    name = canonical(framework)
    if name is None:
        return None
    text = resources.files("usm_lint.rules").joinpath("data", FRAMEWORKS[name]).read_text(
        "utf-8")
    entries: list[Entry] = []
    by_key: dict[str, Entry] = {}
    for raw in text.splitlines():
        line = _COMMENT.sub("", raw)
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if "\t" in line:
            ident, title = (part.strip() for part in line.split("\t", 1))
            entry = Entry(title, ident)
            by_key.setdefault(key(ident), entry)
            by_key.setdefault(key(entry.label), entry)
        else:
            entry = Entry(line.strip())
        by_key.setdefault(key(entry.name), entry)
        entries.append(entry)
    return Catalogue(name, tuple(entries), by_key)


def lookup(framework: str, name: str) -> Entry | None:
    """The catalogue entry `name` names exactly (as `key` compares), if any."""
    found = catalogue(framework)
    return None if found is None else found.by_key.get(key(name))


def match(framework: str, name: str) -> str | None:
    """The exact catalogue name `name` stands for, or None (also for frameworks
    without a catalogue)."""
    entry = lookup(framework, name)
    return None if entry is None else entry.name


def closest(framework: str, name: str, cutoff: float = 0.6) -> str | None:
    """The catalogue name closest to `name` (see `_score`), for "did you mean";
    the "ID Name" form for COBIT when the claim starts with an id."""
    found = catalogue(framework)
    if found is None:
        return None
    wanted = key(name)
    with_id = bool(_ID.match(wanted))
    shown = {key(e.label if with_id else e.name): (e.label if with_id else e.name)
             for e in found.entries}
    best = max(shown, key=lambda candidate: _score(wanted, candidate))
    return shown[best] if _score(wanted, best) >= cutoff else None
