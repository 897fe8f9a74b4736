"""Placeholder names: a tool's default or an element type, not what happens."""

from __future__ import annotations

import re
from functools import cache, lru_cache

from usm_lint.rules.words.language import is_english, is_english_word, is_known
from usm_lint.rules.words.lexicon import lemma
from usm_lint.rules.words.phrases import names_action, read_verb_phrase, without_variables
from usm_lint.rules.words.slips import slips
from usm_lint.rules.words.tables import parse_list, read_data
from usm_lint.rules.words.tokens import split_identifier, text_words

# Ids modelling tools generate: Camunda and bpmn.io (`Process_0f3es7i`,
# `Activity_1x2y3z`, `Process_1`), Signavio (`sid-...`), Enterprise Architect
# (`EAID_...`), Bizagi and others (`_6-61`, `id-...`, UUIDs, a short prefix
# before one: `pid-f27f870d-...`, `idf0795993-...`).
_GENERATED = re.compile(
    r"(?:bpmn_)?(?:process|subproc|activity|task|subprocess|sub_process|callactivity|usertask|servicetask"
    r"|scripttask|participant|collaboration|lane|pool|flow|gateway|event|node|element|diagram"
    r"|definitions)[-_]+(?:id-?)?(?=[0-9a-z_-]*[0-9])[0-9a-z_-]*"
    r"|(?:sid|eaid|id|oid)[-_][0-9a-z_-]+"
    r"|(?:[a-z]{1,4}[-_]?)?_*[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}"
    r"|_(?=[0-9a-z_-]*[0-9])[0-9a-z_-]*",
    re.IGNORECASE)
# A token with a digit is an id or a number ("2", "a1", "0f3es7i", "1.0").
_ID = re.compile(r"[^\W_]*[0-9][^\W_]*")


_SECTIONS = ("[elements]", "[fillers]", "[tools]")


@cache
def _sections() -> dict[str, list[str]]:
    """The items of rules/data/placeholders.txt under each of its sections."""
    sections: dict[str, list[str]] = {name: [] for name in _SECTIONS}
    section = ""
    for item in parse_list(read_data("placeholders.txt")):
        if item.startswith("["):
            section = item
        else:
            sections[section].append(item)  # a KeyError is a slip in the file: its test fails
    return sections


@cache
def _lists() -> tuple[tuple[tuple[str, ...], ...], frozenset[str]]:
    """The element types, longest first, and the fillers (the tool words among them)."""
    sections = _sections()
    elements = sorted((tuple(item.split(" ")) for item in sections["[elements]"]),
                      key=len, reverse=True)
    return tuple(elements), frozenset(sections["[fillers]"]) | _tools()


@cache
def _tools() -> frozenset[str]:
    """Words that name the modelling tool, the engine or the exercise, not the work."""
    return frozenset(_sections()["[tools]"])


def _numbered(word: str) -> bool:
    return len(word) == 1 or word in _NUMBERS or _ID.fullmatch(word) is not None


@cache
def _vocabulary() -> frozenset[str]:
    elements, fillers = _lists()
    return fillers | {word for element in elements for word in element}


@cache
def _slip_targets() -> tuple[str, ...]:
    """The listed words a slip is looked for against (five letters or more)."""
    return tuple(sorted(w for w in _vocabulary() if len(w) >= 5))


@lru_cache(maxsize=1 << 14)
def _canonical(word: str) -> str | None:
    """A word as the lists spell it (its lemma, or the listed word it is a slip
    of), or None for a word of the work: an English word the lists lack, which
    no placeholder holds. Only words English does not know are looked at for
    slips, so most names are decided on their first such word."""
    vocabulary = _vocabulary()
    base = lemma(word)
    if base in vocabulary:
        return base
    if word.endswith("s") and word[:-1] in vocabulary:
        return word[:-1]  # a plural the lemma table keeps as a word of its own ("pools")
    if word in vocabulary or _numbered(word) or len(word) < 4:
        return word
    if is_english_word(word):
        return None
    return next(iter(slips(word, _slip_targets())), word)


def is_generated_id(name: str) -> bool:
    """Whether a name is an id a modelling tool generated (`Process_0f3es7i`,
    `sid-78cf...`): its pieces are no words."""
    return _GENERATED.fullmatch(name.strip()) is not None


def is_placeholder(name: str, parts: list[str] | None = None) -> bool:
    """Whether a name only holds a tool's default: an element type with
    numbers, letters or filler words ("Task 1", "Collapsed Sub-Process"),
    only those ("A", "A.1.0"), or a generated id (`Process_0f3es7i`).
    `parts` are an identifier's words (`MainProcess` -> ["main", "process"]),
    which may leave out an id's prefix (`Process_PurchaseOrder` -> purchase,
    order): then the whole id is asked too (`Process_BoundaryError`)."""
    stripped = _without_remark(name.strip())
    if parts is None:
        return _placeholder(stripped, None)
    whole = tuple(split_identifier(stripped))
    return _placeholder(stripped, tuple(parts)) or (
        whole != tuple(parts) and _placeholder(stripped, whole))


# A remark at the end, in brackets or quotes: `User Task "assigned by lane"`.
_REMARK = re.compile(r"\s*(?:\(([^()]*)\)|\"([^\"]*)\")\s*$")


def _without_remark(name: str) -> str:
    """The name without a remark at its end, unless the remark is what the
    work is called (`Service Task (Send the invoice)`)."""
    remark = _REMARK.search(name)
    if remark is None or remark.start() == 0:
        return name
    said = remark.group(1) if remark.group(1) is not None else remark.group(2)
    return name if read_verb_phrase(said).verb else name[:remark.start()]


@lru_cache(maxsize=1 << 16)
def _placeholder(stripped: str, parts: tuple[str, ...] | None) -> bool:
    # Three rules ask of every name (C0201/C0203, C0204, C0205): decide each once.
    if is_generated_id(stripped):
        return True
    named = without_variables(stripped)
    if named != stripped:
        # What is left of a name beside its template variables is judged: only
        # variables (`${variables.get('greeting')}`), variables nested in them
        # (template code) or a tool's default (`Process_{{ ID:process }}`) is a
        # placeholder, "${carrier.name} - Fill form with proposition" is not.
        return (not any(c.isalpha() for c in named) or without_variables(named) != named
                or _placeholder(named, None))
    pieces = parts if parts is not None else text_words(stripped)
    pieces = tuple(piece for word in pieces for piece in word.split("-") if piece)
    if _describes_element(pieces):
        return True
    tokens = _canonicals(pieces)
    if tokens is None:
        return False
    return _only_elements(stripped, tokens, parts is not None)


def _event_kinds(tokens: list[str], identifier: bool) -> bool:
    """Whether words name an event by its kinds: "Timer start 2", "Message end";
    in a process id also the other way round ("StartMessage", a test model of
    a message start event). A task's "StartTimer" or "Start timer" starts one."""
    named = [w for w in tokens if not _numbered(w)]
    if len(named) != 2:
        return False
    first, second = named
    return (first in _EVENT_KINDS and second in _EVENT_POINTS) or (
        identifier and first in _EVENT_POINTS and second in _EVENT_KINDS)


@lru_cache(maxsize=1 << 12)
def _unglued(word: str) -> tuple[str, ...]:
    """A lower-case word glued from listed words, as an id is written
    ("someprocess", "myprocessid"), as those words; any other word as itself.
    Asked of `_canonical`'s answers, so an English word never comes here."""
    if not _GLUED_LENGTHS[0] <= len(word) <= _GLUED_LENGTHS[1] or word in _vocabulary() or (
            not word.isalpha() or not word.islower()):
        return (word,)
    return _glued(word) or (word,)


# Glued ids are a few words long; a longer word is no id of listed words.
_GLUED_LENGTHS = (6, 40)


@lru_cache(maxsize=1 << 12)
def _glued(word: str) -> tuple[str, ...] | None:
    """The listed words (two letters or more, as the lists spell them) a word
    is glued from, if it is (memoised: each ending is tried once, so a word
    that splits many ways and fails at its end costs its length squared)."""
    vocabulary = _vocabulary()
    if (base := lemma(word)) in vocabulary:
        return (base,)
    for at in range(2, len(word) - 1):
        if word[:at] in vocabulary and (rest := _glued(word[at:])) is not None:
            return word[:at], *rest
    return None


def _only_elements(stripped: str, tokens: list[str], identifier: bool) -> bool:
    """Whether the words, as the lists spell them, are element types with
    fillers, numbers and ids, or fillers with a number or id alone;
    `identifier`: they are a process identifier's."""
    _, fillers = _lists()
    remaining = [w for w in tokens if not (w in fillers or _numbered(w))]
    if _event_kinds(tokens, identifier):
        return True
    if remaining and tokens[0] in _EVENT_VERBS and "event" not in tokens:
        return False  # a verb acting on an element: "Start old process", "End Business Process"
    if not remaining:
        # Fillers with a letter, number or id ("A", "A.1.0-export", "Two") or a
        # tool's or an exercise's name ("camunda_test", "SimpleDemo"), not
        # fillers alone ("Start"), nor a verb acting on the tool ("Start demo").
        tool = bool(tokens) and tokens[0] not in _EVENT_VERBS and any(
            w in _tools() for w in tokens)
        return tool or any(_numbered(w) for w in tokens)
    # One project's or product's name beside element types in a slug, a
    # tool's or a repository's way of naming ("digibp-process", not "Kanban Process").
    slug = stripped.islower() and not any(c.isspace() for c in stripped)
    named = [w for w in remaining if not (slug and _project_name(w))]
    if len(remaining) - len(named) > 1:
        return False
    # Or a name with only a number beside it ("mymodel1"), as a one-word slug's
    # text reads when its number is glued on.
    return _elements_only(named) if named else any(_ID.fullmatch(w) for w in tokens)


def _canonicals(pieces: tuple[str, ...]) -> list[str] | None:
    """Each word as the lists spell it, or None when one is a word of the
    work (see `_canonical`), which no placeholder holds."""
    canonicals: list[str] = []
    for piece in pieces:
        canonical = _canonical(piece)
        if canonical is None:
            return None
        canonicals += _unglued(canonical)
    return canonicals


def _project_name(word: str) -> bool:
    """Whether a word is a name no language knows ("digibp", "documania"): not
    English, not shaped like another language's word, not a form of a verb
    the vocabulary lacks ("Instantiating_Process")."""
    return (word not in _vocabulary() and not word.endswith(("ing", "ed"))
            and not is_known(word) and is_english((word,)))


def _elements_only(words: list[str]) -> bool:
    """Whether words are element types one after another ("user task", "pool")."""
    elements, _ = _lists()
    at = 0
    while at < len(words):
        for element in elements:
            if tuple(words[at:at + len(element)]) == element:
                at += len(element)
                break
        else:
            return False
    return True


# Words after which a name opening with an element type describes the
# diagram, whatever follows ("UserTask with no User or Group Assignment").
_DESCRIBING = frozenset({"with", "without", "calling"})


def _describes_element(pieces: tuple[str, ...]) -> bool:
    """Whether a name is an element type (with fillers) before a describing
    word: "Pool with Lanes", "ServiceTask with Implementation Modify
    Variable"; or before "in" and another placeholder: "Task in process B"
    (not "Event in the service calendar")."""
    lowered = [word.lower() for word in pieces]
    at = next((i for i, word in enumerate(lowered) if word in _DESCRIBING or word == "in"), 0)
    if at == 0:
        return False
    if lowered[at] == "in" and not _placeholder(" ".join(pieces[at + 1:]), None):
        return False
    head = _canonicals(pieces[:at])
    if head is None:
        return False
    _, fillers = _lists()
    named = [w for w in head if w not in fillers]
    return bool(named) and _elements_only(named)


# Fillers that name an event ("Start", "End 2", "Start Event", "Cancel Event
# Process"); before another element type they are verbs acting on it ("Cancel
# process").
_EVENT_VERBS = frozenset({"start", "end", "cancel"})
# Fillers that name where an event stands, and what triggers it ("StartMessage").
_EVENT_POINTS = frozenset({"start", "end"})
_EVENT_KINDS = frozenset({"message", "timer", "signal", "error", "escalation", "conditional",
                          "compensation", "link"})
# Fillers that name nothing but a count: alone they are a placeholder ("Two").
_NUMBERS = frozenset({"one", "two", "three", "four", "five", "first", "second", "third"})


# Endings of nouns made from verbs; "-al" is left out ("portal" is not "port").
_ACTION_ENDINGS = ("tion", "sion", "ance", "ence", "ment", "ing")


# The element types a name may end in when it tells the kind of element and
# not the work: "Decision task", "Portal task", "RandomNumberWorkItem".
_ELEMENT_HEADS = frozenset({"task", "activity"})


def ends_in_element(parts: tuple[str, ...]) -> bool:
    """Whether words end in an activity's element type after other words
    ("Decision task", "HR Task", "Never-terminated Activity", "HelloTask",
    "WSTask", "RandomNumberWorkItem"). Such a name is a placeholder unless
    it reads as a verb phrase ("Review task"), which the caller decides."""
    if not parts or not (parts[-1] in _ELEMENT_HEADS or parts[-1].endswith(("task", "item"))
                         or "-" in parts[-1]):
        return False  # the common case, decided on the last word
    pieces = [piece for word in parts for piece in word.split("-") if piece]
    # One element: "Closure tasks" are work named by its kind, as a noun phrase.
    if len(pieces) > 1 and (pieces[-1] in _ELEMENT_HEADS
                            or tuple(pieces[-2:]) == ("work", "item")):
        # An action named as a noun says what happens: "Manual acceptance task"
        # is a noun phrase (C0203's), not a placeholder.
        return not any(names_action(piece, _ACTION_ENDINGS) for piece in pieces[:-1])
    last = pieces[-1] if pieces else ""
    # A task glued to a code English does not know ("WSTask"; not "multitask").
    return len(last) > 5 and last.endswith("task") and not is_english_word(last)
