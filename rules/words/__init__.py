"""Word judgements for the rules, from tables generated from lemminflect.

`rules/data/words.json` (see build.py here) holds the verbs, the
lemma of each inflected form and British -> American spellings; loading it
costs a few milliseconds, where importing lemminflect costs ~0.3 s. The
vocabulary lists (`load_list`) are reviewable text files in `rules/data/`.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Mapping
from functools import cache
from importlib import resources

_WORD = re.compile(r"[a-z0-9]+(?:['\u2019-][a-z0-9]+)*")  # apostrophes, hyphens inside
_IDENTIFIER_PART = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|[0-9]+")


def _data(name: str) -> str:
    return resources.files("usm_lint.rules").joinpath("data", name).read_text("utf-8")


@cache
def _tables() -> tuple[frozenset[str], dict[str, str], dict[str, str]]:
    tables = json.loads(_data("words.json"))
    return frozenset(tables["verbs"]), tables["lemmas"], tables["spellings"]


@cache
def load_list(name: str) -> tuple[str, ...]:
    """A vocabulary file: one word or phrase per line; `#` comments, blank lines."""
    items = []
    for line in _data(f"{name}.txt").splitlines():
        item = line.split(" #", 1)[0].strip() if not line.lstrip().startswith("#") else ""
        if item:
            items.append(item)
    return tuple(items)


@cache
def load_practice_names() -> tuple[tuple[str, str], ...]:
    """Practice-style names and the USM verb each stands for."""
    table = tomllib.loads(_data("practice_names.toml"))
    return tuple((str(name), str(verb)) for name, verb in table["names"].items())


@cache
def _stopwords() -> frozenset[str]:
    return frozenset(load_list("stopwords"))


def words(text: str) -> list[str]:
    """The lower-case words of a text (hyphenated words and apostrophes kept whole)."""
    return _WORD.findall(text.lower())


def split_identifier(name: str) -> list[str]:
    """`IncidentManagement`, `service_level-management` -> lower-case words."""
    return [part.lower() for chunk in re.split(r"[_\-]+", name)
            for part in _IDENTIFIER_PART.findall(chunk)]


def spelling(word: str) -> str:
    """One spelling for British and American variants (the American one)."""
    return _tables()[2].get(word, word)


def lemma(word: str) -> str:
    word = spelling(word.lower())
    return spelling(_tables()[1].get(word, word))


def can_be_verb(word: str, extra_verbs: frozenset[str] = frozenset(),
                not_verbs: frozenset[str] = frozenset()) -> bool:
    """Whether `word` can be a verb in its base form (the imperative)."""
    word = word.lower()
    if word in not_verbs:
        return False
    if word in extra_verbs:
        return True
    if word in _stopwords():
        return False  # articles, pronouns, prepositions ("the", "by") are never verbs
    verbs = _tables()[0]
    return word in verbs or spelling(word) in verbs


def is_verb_phrase(text: str, extra_verbs: frozenset[str] = frozenset(),
                   not_verbs: frozenset[str] = frozenset()) -> bool:
    """RULES.md: starts with a base-form verb not followed by "of"."""
    parts = words(text)
    if not parts or (len(parts) > 1 and parts[1] == "of"):
        return False
    return can_be_verb(parts[0], extra_verbs, not_verbs)


def normalise(text: str, synonyms: Mapping[str, str] | None = None) -> tuple[str, ...]:
    """Content words for comparisons: no stop words, lemmatised, synonyms mapped."""
    stop = _stopwords()
    lemmas = (lemma(w) for w in words(text) if w not in stop)
    return tuple((synonyms or {}).get(w, w) for w in lemmas)
