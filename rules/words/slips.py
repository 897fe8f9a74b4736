"""Typing slips: words one letter away from a known word."""

from __future__ import annotations

from collections.abc import Iterable, Iterator


def is_slip(word: str, known: str) -> bool:
    """Whether `word` is `known` with one letter dropped, added or changed, or
    two neighbours swapped (a Damerau-Levenshtein distance of one)."""
    if word == known or abs(len(word) - len(known)) > 1:
        return False
    if len(word) == len(known):
        diffs = [i for i, (a, b) in enumerate(zip(word, known, strict=True)) if a != b]
        return len(diffs) == 1 or (len(diffs) == 2 and diffs[1] == diffs[0] + 1
                                   and word[diffs[0]] == known[diffs[1]]
                                   and word[diffs[1]] == known[diffs[0]])
    short, long = sorted((word, known), key=len)
    return any(long[:i] + long[i + 1:] == short for i in range(len(long)))


def slips(word: str, known: Iterable[str]) -> Iterator[str]:
    """The known words `word` is a slip of, in the order given."""
    return (candidate for candidate in known if is_slip(word, candidate))
