"""Judgements about a text: is it a verb phrase, and its words for comparisons."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from functools import lru_cache

from usm_lint.rules.words.lexicon import can_be_verb, lemma
from usm_lint.rules.words.tables import stopwords
from usm_lint.rules.words.tokens import words


def is_verb_phrase(text: str, extra_verbs: Collection[str] = frozenset(),
                   not_verbs: Collection[str] = frozenset()) -> bool:
    """RULES.md "Reading text": the first word can be a base-form verb and the
    second is not "of". "Register the wish", "Plan maintenance", "Recover" are;
    "Incident registration", "The desk logs the call", "Registering the wish"
    and "Change of the agreement" are not."""
    parts = words(text)
    if not parts or (len(parts) > 1 and parts[1] == "of"):
        return False
    return can_be_verb(parts[0], extra_verbs, not_verbs)


def normalise(text: str, synonyms: Mapping[str, str] | None = None) -> tuple[str, ...]:
    """RULES.md "Comparing texts": the lemmas of a text's words, lower case, without
    punctuation, articles and stop words, each synonym mapped to its group's word
    ("Register the requests!" -> ("register", "request"))."""
    content = _content_lemmas(text)
    return tuple(synonyms.get(w, w) for w in content) if synonyms else content


@lru_cache(maxsize=1 << 16)
def _content_lemmas(text: str) -> tuple[str, ...]:
    # Two rules (C0901, C0902) compare every activity text: normalise each once.
    stop = stopwords()
    result = []
    for word in words(text):
        if word in stop:
            continue
        base = lemma(word)
        if base not in stop:
            result.append(base)
    return tuple(result)
