"""How the word rules read text (RULES.md "Reading text").

The effective vocabulary (built-in lists from `rules/data/`, replaced or
extended by config `[vocabulary]`) is built once per configuration. Phrases
match as whole, lemmatised word sequences, never by a single word of them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache, partial
from itertools import chain
from typing import Any, NamedTuple, TypeVar, cast

from usm_lint.config import Vocabulary
from usm_lint.model import Name, Process, Span, Text
from usm_lint.rule import Context
from usm_lint.rules import words as lexicon
from usm_lint.rules.words import VerbReading, ends_in_element, is_placeholder

Phrase = tuple[str, ...]
PhraseIndex = dict[str, tuple[Phrase, ...]]
"""Phrases by their first word, longest first: a text is scanned once."""


def phrase_index(phrases: tuple[Phrase, ...]) -> PhraseIndex:
    grouped: dict[str, list[Phrase]] = {}
    for phrase in phrases:
        if phrase:
            grouped.setdefault(phrase[0], []).append(phrase)
    return {first: tuple(sorted(set(group), key=len, reverse=True))
            for first, group in grouped.items()}


@dataclass(frozen=True, eq=False)
class Words:
    """The vocabulary of one configuration, lemmatised for matching (hashed by
    identity: there is one per configuration, and rules memoise per text by it)."""

    verbs: frozenset[str]
    not_verbs: frozenset[str]
    roles: PhraseIndex
    tools: PhraseIndex
    means: PhraseIndex
    customer: frozenset[str]
    organisations: PhraseIndex
    places: PhraseIndex
    conditions: tuple[str, ...]
    """The condition patterns, searched case-insensitively. Compiled on first
    use (`re` keeps them): most never match, so most are never compiled."""
    lower_conditions: tuple[bool, ...]
    """Whether each of `conditions` is written in lower-case ASCII, so that
    `condition_filter` can rule it out."""
    configured_conditions: frozenset[str]
    """The patterns the configuration adds or puts in place of the built-in
    ones: searched with a time limit (`patterns.bounded_search`), never
    combined into `condition_filter`."""
    condition_filter: re.Pattern[str] | None
    """Those patterns as one alternation, searched case-sensitively in the
    lower-cased text: most texts hold no condition, and one search that
    fails rules all of them out (a case-insensitive search per pattern cost
    forty). None when there are none, or they do not combine."""
    uncountable: frozenset[str]
    execution_verbs: frozenset[str]
    nominalisations: frozenset[str]
    synonyms: dict[str, str]
    practice_names: dict[Phrase, str]


@lru_cache(maxsize=65536)
def _lemmas_of(text: str) -> Phrase:
    """Several rules read each text: lemmatise it once."""
    return tuple(lexicon.lemma(w) for w in lexicon.words(text))


def _phrase(text: str, synonyms: dict[str, str] | None = None) -> Phrase:
    lemmas = _lemmas_of(text)
    return tuple(synonyms.get(w, w) for w in lemmas) if synonyms else lemmas


def _phrases(items: tuple[str, ...]) -> PhraseIndex:
    return phrase_index(tuple(_phrase(i) for i in items))


_KEPT = 8
"""Vocabularies kept at a time: a configuration that keeps changing (a server
whose user edits it, a fuzzer) must not keep every one it ever had."""
_PER_VOCABULARY: list[Callable[[], None]] = []

_T = TypeVar("_T", bound=Callable[..., Any])


def memoised_per_text(function: _T) -> _T:
    """Memoise a rule's judgement of a text with a vocabulary: its caches
    hold the `Words` they were given, so they are emptied when a vocabulary
    is dropped, else they would keep every vocabulary alive."""
    cached = lru_cache(maxsize=1 << 16)(function)
    _PER_VOCABULARY.append(cached.cache_clear)
    return cast(_T, cached)


def _build(vocabulary: Vocabulary) -> Words:
    # Configs are unhashable (they hold lists); their JSON is the cache key.
    misses = _build_from.cache_info().misses
    words = _build_from(vocabulary.model_dump_json())
    info = _build_from.cache_info()
    if info.misses > misses and info.currsize == _KEPT:  # one may have been dropped
        for clear in _PER_VOCABULARY:
            clear()
    return words


@lru_cache(maxsize=_KEPT)
def _build_from(key: str) -> Words:
    vocabulary = Vocabulary.model_validate_json(key)

    def merged(key: str, data_file: str) -> tuple[str, ...]:
        return vocabulary.merged(key, lexicon.load_list(data_file))

    configured = frozenset([*(vocabulary.conditions or ()), *vocabulary.extend_conditions])
    conditions = merged("conditions", "conditions")
    # Built-in lower-case patterns: the ones `condition_filter` may rule out.
    lower = tuple(_lower_case(p) and p not in configured for p in conditions)
    synonyms: dict[str, str] = {}
    groups = [*(vocabulary.synonyms or ()), *vocabulary.extend_synonyms]
    for group in groups:
        lemmas = [lexicon.lemma(w) for w in group]
        for lemma in lemmas[1:]:
            synonyms[lemma] = lemmas[0]
    names = dict(lexicon.load_practice_names()) if vocabulary.practice_names is None else dict(
        vocabulary.practice_names)
    names.update(vocabulary.extend_practice_names)
    return Words(
        verbs=frozenset(w.lower() for w in vocabulary.merged("verbs", ())),
        not_verbs=frozenset(w.lower() for w in vocabulary.merged("not_verbs", ())),
        roles=_phrases(merged("roles", "roles")),
        tools=_phrases(merged("tools", "tools")),
        # Means phrases match as written: lemmatised, "using" would match "uses".
        means=phrase_index(tuple(tuple(lexicon.words(m)) for m in merged("means", "means"))),
        customer=frozenset(_phrase(" ".join(merged("customer_words", "customer_words")))),
        organisations=_phrases(merged("organisations", "organisations")),
        places=_phrases(merged("places", "places")),
        conditions=conditions,
        lower_conditions=lower,
        configured_conditions=configured,
        condition_filter=_alternation(tuple(p for p, low in zip(conditions, lower, strict=True)
                                            if low)),
        uncountable=frozenset(_phrase(" ".join(merged("uncountable", "uncountable")))),
        execution_verbs=frozenset(
            _phrase(" ".join(merged("execution_verbs", "execution_verbs")))),
        nominalisations=frozenset(
            _phrase(" ".join(merged("nominalisations", "nominalisations")))),
        synonyms=synonyms,
        practice_names={_phrase(k): v for k, v in names.items()},
    )


def _lower_case(pattern: str) -> bool:
    # Not `[A-Z]`, `\\S` or non-ASCII case folding: those are searched as written.
    return pattern.isascii() and pattern == pattern.lower()


_BACK_REFERENCE = re.compile(r"\\[1-9]|\(\?P=")


def _alternation(patterns: tuple[str, ...]) -> re.Pattern[str] | None:
    if not patterns or any(_BACK_REFERENCE.search(p) for p in patterns):
        return None  # none to combine, or numbered groups that combining would shift
    try:
        return re.compile("|".join(f"(?:{p})" for p in patterns))
    except re.error:  # a group name used twice: each is searched alone
        return None


def vocabulary(ctx: Context) -> Words:
    return _build(ctx.config.vocabulary)


def lemmas(text: str, words: Words) -> list[str]:
    """The lemmatised words of a text, synonyms mapped to their group's first word."""
    return list(_phrase(text, words.synonyms))


def content_words(text: str, words: Words) -> tuple[str, ...]:
    """RULES.md "Comparing texts": no punctuation, articles or stop words; lemmas."""
    return tuple(lexicon.normalise(text, words.synonyms))


def find_phrase(haystack: Phrase, phrases: PhraseIndex) -> slice | None:
    """Where the first (leftmost, then longest) phrase stands as whole words."""
    if phrases.keys().isdisjoint(haystack):
        return None  # the common case, decided in one set operation
    for start, word in enumerate(haystack):
        for phrase in phrases.get(word, ()):
            if haystack[start:start + len(phrase)] == phrase:
                return slice(start, start + len(phrase))
    return None


def find_phrases(haystack: Phrase, phrases: PhraseIndex) -> Iterator[slice]:
    """Every place a phrase stands as whole words, left to right, the longest at each."""
    if phrases.keys().isdisjoint(haystack):
        return
    start = 0
    while start < len(haystack):
        for phrase in phrases.get(haystack[start], ()):
            if haystack[start:start + len(phrase)] == phrase:
                yield slice(start, start + len(phrase))
                start += len(phrase) - 1
                break
        start += 1


def quoted(text: str, where: slice) -> str:
    """The words of `text` at `where`, as written, for a message."""
    return " ".join(lexicon.words(text)[where])


def is_verb(word: str, words: Words) -> bool:
    return lexicon.can_be_verb(word, words.verbs, words.not_verbs)


def verb_reading(parts: Phrase, words: Words, activity: bool = False) -> VerbReading:
    """How lower-case words read: as a verb phrase or not, and why; `activity`:
    they are an activity's text."""
    return lexicon.read_words(parts, words.verbs, words.not_verbs, activity)


@memoised_per_text
def placeholder_text(text: str, words: Words) -> bool:
    """Whether an activity's text is a placeholder: a tool's default, or the
    kind of element where the work should be named ("Decision task", "HR
    Task", "HelloTask"; not "Review task", a verb phrase). Memoised: C0204,
    C0901 and C0902 ask it of every activity."""
    return is_placeholder(text) or _names_element(lexicon.text_words(text), words)


def _names_element(parts: Phrase, words: Words) -> bool:
    """Whether an activity's words name the kind of element where the work
    should be: they end in one and read neither as a verb phrase nor as a
    sentence ("Requester assigns task": C0203's)."""
    return (ends_in_element(parts) and not verb_reading(parts, words, activity=True).verb
            and lexicon.finite_verb_at(parts, words.verbs, words.not_verbs) is None)


# The element-type prefix modelling tools give a process's id (`Process_1`,
# `Process_PurchaseOrder`, `PROCESS_3`): what follows it is the name. An id in
# lower-case snake case is words throughout: `process_payment` is "process payment".
_ID_PREFIX = re.compile(r"\A(?:Process_|PROCESS_|process_(?![a-z0-9]+(?:_[a-z0-9]+)*\Z))(?=[^\W_])")


def name_words(name: Name) -> list[str]:
    """A process identifier split into lower-case words (`IncidentManagement`,
    `Process_PurchaseOrder` -> purchase, order); a BPMN process's free-text
    name without a parenthesised remark at its end or template variables."""
    return [part.lower() for part in label_words(name)]


def label_words(name: Name) -> list[str]:
    """`name_words` as written, so a label made from them keeps its acronyms
    (`ITOperationsManagement` -> IT, Operations, Management)."""
    value = lexicon.without_remark(lexicon.without_variables(name.value))
    return lexicon.identifier_parts(_ID_PREFIX.sub("", value) or value)


def judges_english(ctx: Context, parts: Phrase) -> bool:
    """Whether the English verb rules judge these words: the model's language
    (config `language`) is English and they read as English."""
    return ctx.config.language == "en" and lexicon.is_english(parts)


class Reading(NamedTuple):
    """One piece of process text a word rule reads, and where it sits (a tuple:
    a check makes one per text, and a frozen dataclass costs three times as much)."""

    process: Process
    field: str
    """"name", "purpose", "trigger", "output", "unit" or "activity"."""
    text: str
    span: Span
    marked: bool = False
    activity: str = ""
    """The activity's name, for an activity's text."""

    @property
    def what(self) -> str:
        """"the name", "the purpose", "activity `register`", ... (for messages:
        made only for a finding)."""
        return f"activity `{self.activity}`" if self.activity else f"the {self.field}"


def readings(ctx: Context) -> tuple[Reading, ...]:
    """Every text the word rules read (not alias, control, workflows, practices),
    gathered once per check for all of them (and per process, once while it
    stays the same: `Context.derived_from`)."""
    return ctx.derived("readings", lambda: tuple(chain.from_iterable(
        ctx.derived_from(process, "readings", partial(_readings, process))
        for process in ctx.index.processes.values())))


def _readings(process: Process) -> tuple[Reading, ...]:
    # A generated id's pieces are no words ("sid-...-1ced3cab6538" holds no "CAB").
    found = [] if lexicon.is_generated_id(process.name.value) else [
        Reading(process, "name", " ".join(name_words(process.name)), process.name.span)]
    for field in ("purpose", "trigger", "output"):
        value: Text | None = getattr(process, field)
        if value is not None:
            found.append(Reading(process, field, value.value, value.span, value.marked))
    if process.unit is not None:
        found.append(Reading(process, "unit", process.unit.value, process.unit.span))
    found += (Reading(process, "activity", activity.text.value, activity.text.span,
                      activity.text.marked, activity.name.value)
              for activity in process.activities)
    return tuple(found)
