"""Judgements about one word: its spelling, its lemma, whether it can be a verb."""

from __future__ import annotations

from collections.abc import Collection
from functools import lru_cache

from usm_lint.rules.words.tables import never_verbs, tables

# A hyphenated word is a verb when it is a verb without its hyphen ("re-open"),
# when a verb takes a particle ("follow-up", "sign-off"), or when a prefix
# qualifies a verb ("re-register", "pre-approve", "double-check").
_PARTICLES = frozenset({"up", "down", "out", "off", "on", "in", "over", "back", "through",
                        "away"})
_PREFIXES = frozenset({"re", "pre", "de", "un", "co", "dis", "mis", "over", "under", "out",
                       "cross", "double"})


def spelling(word: str) -> str:
    """One spelling for British and American variants (the American one):
    "organisation" -> "organization". Words lemminflect does not know stay."""
    return tables().spellings.get(word, word)


@lru_cache(maxsize=1 << 16)
def lemma(word: str) -> str:
    """The lemma of a word, lower case and in American spelling: "registers" ->
    "register", "analysed" -> "analyze", "findings" -> "finding". A word that is
    itself a lemma keeps itself ("meeting", "planning"); an unknown word is
    returned lower-cased (a hyphenated one with its last part lemmatised, an
    agent noun in the plural without its "s": "approvers")."""
    word = word.lower().replace("\u2019", "'")
    lemmas = tables().lemmas
    found = lemmas.get(word) or lemmas.get(spelling(word))
    if found is None and "-" in word:
        head, _, last = word.rpartition("-")
        found = f"{head}-{lemmas.get(last, last)}"
    if found is None and word.endswith(("ers", "ors")) and len(word) > 5:
        found = word[:-1]  # an agent noun the tables lack, in the plural ("approvers")
    return spelling(found or word)


def verbs() -> frozenset[str]:
    """Every word that can be a base-form verb."""
    return tables().verbs


def _known_verb(word: str) -> bool:
    verbs = tables().verbs
    return word in verbs or spelling(word) in verbs


def can_be_verb(word: str, extra_verbs: Collection[str] = frozenset(),
                not_verbs: Collection[str] = frozenset()) -> bool:
    """Whether `word` can be a verb in its base form, the imperative ("register",
    "change", "prioritise"); not a gerund ("registering"), an inflected form
    ("logs") or a closed-class word ("the", "can"). `extra_verbs` and
    `not_verbs` (config `[vocabulary] verbs`, `not-verbs`) win."""
    word = word.lower().replace("\u2019", "'")
    if word in not_verbs or spelling(word) in not_verbs:
        return False
    if word in extra_verbs or spelling(word) in extra_verbs:
        return True
    if word in never_verbs():
        return False
    if _known_verb(word):
        return True
    if "-" in word:
        first, _, rest = word.partition("-")
        return (_known_verb(word.replace("-", ""))
                or (rest in _PARTICLES and _known_verb(first))
                or (first in _PREFIXES and "-" not in rest and _known_verb(rest)))
    return False


# Nominalisations whose verb no suffix rule finds.
_IRREGULAR_NOUNS = {
    "maintenance": "maintain", "analysis": "analyze", "entry": "enter", "diagnosis": "diagnose",
    "resolution": "resolve", "acquisition": "acquire", "description": "describe",
    "subscription": "subscribe", "production": "produce", "reduction": "reduce",
    "introduction": "introduce", "decision": "decide", "revision": "revise",
    "extension": "extend", "submission": "submit", "permission": "permit",
    "admission": "admit", "transmission": "transmit", "conclusion": "conclude",
    "inclusion": "include", "exclusion": "exclude", "provision": "provide",
    "expansion": "expand", "suspension": "suspend", "response": "respond",
    "failure": "fail", "sale": "sell", "growth": "grow", "assurance": "assure",
    "governance": "govern", "delivery": "deliver", "recovery": "recover",
    "discovery": "discover", "closure": "close", "departure": "depart",
    "fulfilment": "fulfil", "fulfillment": "fulfill", "payment": "pay",
}
# Suffix -> what may replace it to give the verb, tried in order.
_NOUN_SUFFIXES = (
    ("ication", ("y",)), ("isation", ("ise", "ize")), ("ization", ("ize",)),
    ("ation", ("", "e", "ate")), ("ition", ("", "e")), ("ution", ("ute", "ve")),
    ("tion", ("te", "")), ("ment", ("",)), ("ance", ("", "e")), ("ence", ("", "e")),
    ("ing", ("", "e", "-")), ("al", ("", "e", "-")), ("ure", ("e",)), ("ery", ("er",)),
    ("ysis", ("yze", "yse")),
)


def verb_of(noun: str) -> str | None:
    """The verb a nominalisation or gerund is made from, when the lexicon knows
    it: "approval" -> "approve", "handling" -> "handle", "registration" ->
    "register", "classification" -> "classify", "planning" -> "plan"."""
    noun = noun.lower()
    if noun in _IRREGULAR_NOUNS:
        return _IRREGULAR_NOUNS[noun]
    if _known_verb(noun):
        return None  # a verb itself: "signal" is not made from "sign", nor "total" from "tote"
    for suffix, replacements in _NOUN_SUFFIXES:
        if not noun.endswith(suffix) or len(noun) - len(suffix) < 2:
            continue
        stem = noun[: -len(suffix)]
        for replacement in replacements:
            if replacement == "-":  # a doubled consonant: planning -> plan
                candidate = stem[:-1] if len(stem) > 2 and stem[-1] == stem[-2] else ""
            else:
                candidate = stem + replacement
            if len(candidate) > 2 and _known_verb(candidate):
                return candidate
        if suffix == "ation" and _known_verb(stem[:-1] + "er"):
            return stem[:-1] + "er"  # registration -> register
    return None
