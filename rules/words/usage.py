"""Measured usage, read from the tables usage_build.py generates: how often a
word is used as a verb, whether its verb takes an object, which two-word noun
compounds are lexicalised, and which words are English.

Each table is read on first use: a model whose texts all open with a plain
verb before a determiner never reads them.
"""

from __future__ import annotations

from functools import cache, lru_cache

from usm_lint.rules.words.tables import parse_list, read_data


class Usage:
    """One word's measured use (see rules/data/verb_usage.tsv)."""

    __slots__ = ("adjective", "objects", "share")

    def __init__(self, share: float, objects: float, adjective: float = 0.0) -> None:
        self.share = share
        """Of its noun and verb uses, the share that are a verb."""
        self.objects = objects
        """Of its verb uses, the share that take a direct object."""
        self.adjective = adjective
        """Of its adjective and verb uses, the share that are an adjective
        ("ready", "long"): the noun share says nothing of those."""

    @property
    def transitive_share(self) -> float:
        """How often the word is a verb that takes an object: how likely
        "<word> <noun>" is a verb and its object rather than a compound."""
        return self.share * self.objects


# A verb nothing measured (config verbs, lemminflect's rarest words): read as a
# verb, as the word rules always have.
UNMEASURED = Usage(1.0, 1.0)


@cache
def _usage() -> dict[str, str]:
    """Word -> its row, split only when asked for: a one-file check looks up a
    handful of the 6,700 words, so the table is kept as text until then."""
    table: dict[str, str] = {}
    for line in read_data("verb_usage.tsv").splitlines():
        if line and line[0] != "#":
            word, _, rest = line.partition("\t")
            table[word] = rest
    return table


@lru_cache(maxsize=4096)
def usage(word: str) -> Usage:
    """The measured use of a word that can be a verb ("process": 0.07 a verb)."""
    table = _usage()
    found = table.get(word)
    if found is None and "-" in word:
        found = table.get(word.replace("-", ""))
    if found is None:
        return UNMEASURED
    share, objects, _basis, adjective = found.split("\t")
    return Usage(float(share), float(objects), float(adjective))


@cache
def _compounds() -> frozenset[tuple[str, str]]:
    pairs = (item.split(" ") for item in parse_list(read_data("noun_compounds.txt")))
    return frozenset((first, second) for first, second in pairs)


def is_compound(first: str, second: str) -> bool:
    """Whether "first second" is a lexicalised noun compound ("purchase order")."""
    return (first, second) in _compounds()


@cache
def english_words() -> frozenset[str]:
    # 50,000 lines with no comment after the header: split, not parse_list (a tenth
    # of the time, where a one-file check needs it for its first unusual word).
    words = frozenset(read_data("english_words.txt").split("\n"))
    return frozenset(w for w in words if w and not w.startswith("#"))
