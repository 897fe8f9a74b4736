"""Judgements about a text: does it read as a verb phrase, and its words for comparisons.

A text reads as a verb phrase when its first word (after leading adverbs)
can be a base-form verb and the words around it do not make it read as a
noun. Whether a word *can* be a verb says little: almost every noun can
("process", "order", "pool"). So the judgement weighs how often the word is
*used* as a verb (rules/data/verb_usage.tsv, measured on WordNet's tagged
corpus) against what follows it: an object after a determiner keeps it a
verb ("Book the hotel"); a number, a compound's head, a nominalisation or a
participle after a word used mostly as a noun make it a noun ("Pool 2",
"Change request", "Order processing", "Order received"). A word tagged
mostly as an adjective reads as one before a preposition or a gerund ("Ready
for ordering"). In an activity's text, an instruction, the verbs of
rules/data/activity_verbs.txt read as verbs whatever their general use
("Process review").
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from functools import cache, lru_cache

from usm_lint.rules.words import tokens
from usm_lint.rules.words.language import is_known
from usm_lint.rules.words.lexicon import can_be_verb, lemma, verb_of, verbs
from usm_lint.rules.words.slips import slips
from usm_lint.rules.words.tables import load_list, stopwords
from usm_lint.rules.words.tokens import words
from usm_lint.rules.words.usage import Usage, is_compound, usage

# Leading words skipped before the verb ("Please approve", "Then close").
_ADVERBS = frozenset({"please", "then", "also", "first", "next", "finally", "now", "again",
                      "just", "once", "auto"})
# Words after which the first word is a verb with its object or complement.
_OBJECT_OPENERS = frozenset({
    "the", "a", "an", "this", "that", "these", "those", "each", "every", "all", "any", "some",
    "its", "their", "his", "her", "our", "your", "my", "it", "them", "him", "us", "me",
    "to", "for", "with", "from", "in", "on", "at", "into", "about", "up", "out", "off",
    "down", "back", "over", "through", "and", "or", "if", "whether", "new", "no",
})
# Last words that make a process's name the name of an exercise, whatever
# comes before them: "Send Email Example" is an example of sending e-mail.
EXERCISES = frozenset({"example", "demo", "poc", "tutorial", "showcase", "test"})
# Words after which a noun phrase has ended, as after an object opener ("Hive
# monitoring during the season", "Request approved by the manager").
_PHRASE_ENDERS = frozenset({"by", "during", "per", "via", "after", "before", "within", "across",
                           "between", "under", "until"})
# Prefixes that say how a verb's work is done: by itself or in the background
# ("auto-assign", "self-register", "async-send-failure-email").
_SELF_ACTING = frozenset({"auto", "self", "async"})
# Prefixes split from their verb in an identifier (`Re-open-ticket`, `E-mail`).
_PREFIXES = frozenset({"re", "pre", "e", "co", "de", "un", "dis", "mis", "sub"})
# Prefixes that keep a verb a verb when glued to it ("unreserve", "reprocess").
_VERB_PREFIXES = ("re", "un", "pre", "de", "dis", "mis")
# A parenthesised remark at the end ("Invoice Handling (OMG BPMN MIWG Demo)").
_REMARK = re.compile(r"\s*\([^()]*\)\s*$")
# A code in capitals before the name, joined by `_` or `:` (a stage, a team, a
# log's event class or an element type: "W_Handle leads", "TECH: Re-Evaluate
# sentries", "SUBPROCESS_-Verify-Eligibility"), where a word in lower case
# follows: "GA_UPDATE_ADD_HWF" is an id, not a label and a name.
_LABEL = re.compile(r"\A\s*[A-Z]{1,12}(?:_+|:\s*)[-\s]*(?=[A-Za-z][a-z])")
# An element type or a step before a colon ("Task: Approve invoice", "Step 2:
# Check the order"): what the element is, not what it does.
_ELEMENT_LABEL = re.compile(
    r"\A\s*(?:(?:user|service|script|manual|send|receive|human)[\s_-]*)?"
    r"(?:task|activity|sub-?process|step|stage|phase)(?:\s*[\w.]*\d[\w.]*)?\s*:\s*(?=\S)",
    re.IGNORECASE)
# A short label and a colon before the work ("Operator: send reminder", "L2:
# Solve the case"): who or where, then what is done. Only C0203 looks past it,
# when the words after it read as a verb phrase; C0101 still reads the label.
_COLON_LABEL = re.compile(r"\A\s*[^\W\d_][\w.'&/-]*(?:\s+[\w.'&/-]+){0,2}\s*:\s+(?=[^\W\d_])")
# Inflected auxiliaries never open an instruction: "Is eligible", "Has the
# subscriber enough credit" ask or state what the gateway after them decides,
# and after a word used mostly as a noun they make a statement ("Order is
# failed"). Read in activity texts only, and not written in capitals in a text
# that has small letters: "IS" and "DID" are abbreviations there ("Notify IS").
AUXILIARIES = frozenset({"is", "are", "was", "were", "has", "does", "did"})
_SHOUTED_AUXILIARY = re.compile(r"(?<![^\W_])(?:IS|ARE|WAS|WERE|HAS|DOES|DID)(?![^\W_])")
# An outline number before the name ("10.3.3.2. Perform routine maintenance",
# "2) Check the order", "[005] Download client data", "10.Manage ride", glued
# by its dot): where the activity stands in a framework or a list, not what
# it does.
_OUTLINE = re.compile(r"\A\s*(?:(?:\d+(?:\.\d+)*\.?|\d+\)|\(\d+\)|\[\d+\])\s+"
                      r"|\d+(?:\.\d+)*\.)(?=[^\W\d])")
# Tags in brackets before the name ("[PKEncryption] [processing_task] Encrypt
# ride request", "[JIRA-123] Fix the login"): set aside when the verb is looked
# for, not when C0101 looks for a who ("[Manager] Approve invoice": a lane's name).
_TAGS = re.compile(r"\A\s*(?:\[[^\[\]]{1,40}\]\s*)+(?=[^\W\d])")

# How much verb use the first word needs, in each context, to read as a verb.
_ALONE = 0.5          # "Pool", "Invoice" alone are nouns; "Change", "Review" verbs
_BEFORE_HEAD = 0.6    # "Change request" (0.54) a noun; "Review request" (0.75) a verb
_BEFORE_NOMINAL = 0.5  # "Order processing" (0.48) a noun; "Plan maintenance" (0.53) a verb
_BEFORE_TION = 0.3    # "Loan application" (0.14) a noun; "Request information" (0.56) a verb
_TRANSITIVE = 0.35    # below it, the verb rarely takes an object: "Travel request"
_COMPOUND = 0.9       # a lexicalised compound unless the verb nearly always takes objects
_EVENT = 0.9          # "Order received" a state; "Get started" is not one
_RARE = 0.05          # "Task", "Scope", "Candidate": a verb almost never, but before its object
_ADJECTIVE = 0.8      # "Ready" (0.97), "Long" an adjective; "Clear" (0.71), "Complete" verbs
# A phrasal verb's particle: before "of", the two are a noun ("Set up of X").
_PARTICLES = frozenset({"up", "off", "out", "in", "over", "down", "back"})
PROCESS_WORDS = frozenset({"process", "workflow", "procedure"})
"""Nouns a name ends in to say it names a process ("Sales process")."""
# Object openers that open no object: a preposition follows a noun as readily
# ("Task for everyone"), a determiner or pronoun does not ("Task them", "Scope it").
_PREPOSITIONS = frozenset({"to", "for", "with", "from", "in", "on", "at", "into", "about", "up",
                           "out", "off", "down", "back", "over", "through"})


@dataclass(frozen=True)
class VerbReading:
    """How a text reads: as a verb phrase or not, and why."""

    verb: bool
    why: str
    """"verb", or what makes it read otherwise: "no-verb" (its first word cannot
    be a verb), "of" ("Change of the agreement"), "alone", "numbered", "head",
    "nominal", "compound", "event", "agent" or "rare" (the first word reads as
    a noun there), "adjective" ("Ready for ordering"), "question" (an
    auxiliary opens it: "Is eligible"), "sentence" (one follows the first
    word: "Order is failed"); C0203 also says "question" for a question mark
    ("Know where to find it?") and "code" (a dotted name in code)."""
    at: int = 0
    """The index of the leading word, after skipped adverbs."""


@cache
def _head_lists() -> tuple[frozenset[str], frozenset[str]]:
    """The head nouns, with the one-word roles ("Team assistant", "Service
    desk"), and those of them that end a name however its first word is used
    ("Order item process")."""
    heads: list[str] = []
    final: list[str] = []
    section = ""
    for item in load_list("head_nouns"):
        if item.startswith("["):
            section = item
        else:
            (final if section == "[final]" else heads).append(item)
    roles = [role for role in load_list("roles") if " " not in role]
    return (frozenset(lemma(w) for w in (*heads, *final, *roles)),
            frozenset(lemma(w) for w in final))


def _heads() -> frozenset[str]:
    return _head_lists()[0]


@cache
def nominalisations() -> frozenset[str]:
    """The lemmas of rules/data/nominalisations.txt ("approval", "management")."""
    return frozenset(lemma(w) for w in load_list("nominalisations"))


@cache
def _role_openings() -> frozenset[tuple[str, str]]:
    """The first two words of the roles of two words or more ("second line",
    "service desk"): a name opening with one is about that who."""
    pairs = (tuple(lemma(w) for w in role.split()[:2]) for role in load_list("roles"))
    return frozenset((first, second) for first, second in (p for p in pairs if len(p) == 2))


def _numbered(word: str) -> bool:
    """A number, an id or a letter ("2", "1a", "b"); not the article "a"."""
    return any(c.isdigit() for c in word) or (len(word) == 1 and word not in ("a", "i"))


def is_participle(word: str) -> bool:
    """A past participle of a verb ("received", "sent", "done"; not "questions")."""
    base = lemma(word)
    return (base != word and not word.endswith(("s", "ing")) and can_be_verb(base)
            and not can_be_verb(word))


def names_action(word: str, endings: tuple[str, ...]) -> bool:
    """Whether a word is an action named as a noun: a listed nominalisation, or
    a word with one of `endings` made from a verb ("approval", "handling")."""
    return lemma(word) in nominalisations() or (
        word.endswith(endings) and verb_of(word) is not None)


def _nominal(word: str) -> bool:
    """A nominalisation or a gerund that names an action ("approval", "handling")."""
    return names_action(word, ("ing", "al", "tion", "sion"))


def _mostly_noun(use: Usage, share: float) -> bool:
    # WordNet lists no object frame for some verbs that take one ("inform"):
    # a verb almost always used as a verb keeps its reading.
    return use.share < share or (use.share < _EVENT and use.transitive_share < _TRANSITIVE)


def mostly_verb(word: str, extra_verbs: Collection[str] = frozenset(),
                not_verbs: Collection[str] = frozenset()) -> bool:
    """Whether a word is used as a verb at least half the time (measured), or
    the configuration calls it one."""
    return can_be_verb(word, extra_verbs, not_verbs) and (
        word in extra_verbs or usage(word).share >= _ALONE)


def _objectless(use: Usage) -> bool:
    """Whether WordNet gives the verb no sense that takes an object ("react",
    "merge"; also "dial" and "populate", which IT text gives one): before a
    nominalisation or a final head it is not a verb and its object."""
    return use.objects == 0.0


@cache
def _activity_verbs() -> frozenset[str]:
    return frozenset(load_list("activity_verbs"))


def _reads_as_noun(first: str, rest: tuple[str, ...], activity: bool) -> str | None:
    """Why a word that can be a verb reads as a noun before `rest`, if it does;
    `activity`: the words are an activity's text, where the verbs of
    activity_verbs.txt are used as verbs ("Process review", "Log")."""
    use = usage(first)
    if activity and first in _activity_verbs():
        use = Usage(1.0, use.objects, use.adjective)
    if use.adjective >= _ADJECTIVE and (not rest or rest[0] in _PREPOSITIONS
                                        or rest[0].endswith("ing") or is_participle(rest[0])):
        # "Ready for ordering", "Long running"; not "Ready the server", and before
        # a noun an adjective and a verb's object read alike ("Aggregate activity")
        return "adjective"
    if not rest:
        return "alone" if use.share < _ALONE else None
    second, after = rest[0], rest[1:]
    if use.share < _RARE and (second not in _OBJECT_OPENERS or second in _PREPOSITIONS):
        return "rare"  # "Task for everyone", "Candidate users", "Lint errors"
    if second in _OBJECT_OPENERS:
        return None  # "Book the hotel", "Wait for payment"
    if second == "by":
        return "agent" if use.share < _ALONE else None  # "Payment by card"; "Review by CFO"
    if _numbered(second):
        return "numbered" if use.share < _ALONE else None  # "Pool 2", "Lane B"
    return _noun_before(first, use, second, after)


def _noun_before(first: str, use: Usage, second: str, after: tuple[str, ...]) -> str | None:
    """Why `first` reads as a noun before the noun-like word `second` (and
    `after`), if it does: it heads a compound, names an event, or stands
    before a head noun or a nominalisation."""
    if (is_compound(first, lemma(second)) or (first, lemma(second)) in _role_openings()) and (
            use.transitive_share < _COMPOUND):
        return "compound"  # "Purchase order", "Credit card company", "Second line approval"
    # A version or number at the end changes no reading ("Loan scoring v1").
    ends = (not after or after[0] in _OBJECT_OPENERS or after[0] in _PHRASE_ENDERS
            or all(_numbered(w) for w in after))
    if is_participle(second) and ends and use.share < _EVENT:
        return "event"  # "Order received", "Request approved by the manager"
    return _noun_before_head(use, second, after, ends)


def _noun_before_head(use: Usage, second: str, after: tuple[str, ...], ends: bool) -> str | None:
    """Why a word reads as a noun before a head noun or a nominalisation
    (`second`, or the name's last word), if it does; `ends`: whether the
    name ends after `second` (or an object or agent follows)."""
    return (_before_second(use, second, after, ends) or _before_suffixed(use, second, after)
            or _before_last(use, second, after))


def _before_second(use: Usage, second: str, after: tuple[str, ...], ends: bool) -> str | None:
    """A head noun or a nominalisation right after the word."""
    plural = second.endswith("s") and lemma(second) != second
    if lemma(second) in _heads() and not plural and _mostly_noun(use, _BEFORE_HEAD) and (
            ends or _numbered(after[0]) or any(lemma(w) in _heads() for w in after)):
        # "Change request", "Travel request", "Service desk"; not "Email results", nor
        # a head that only modifies the next noun ("Trigger receipt email": an object)
        return "head"
    if _nominal(second) and ends and not plural and (
            _mostly_noun(use, _BEFORE_NOMINAL) or _objectless(use)):
        return "nominal"  # "Order processing", "Vacation approval", "Merge decision"
    if lemma(second) in _head_lists()[1] and ends and _objectless(use):
        return "head"  # "React example"; "Populate form" has an object
    return None


def _before_suffixed(use: Usage, second: str, after: tuple[str, ...]) -> str | None:
    """An action or a property named by its ending after a word rarely used as
    a verb, or a nominalisation before a head noun."""
    if second.endswith(("tion", "sion", "ity", "ness")) and (not after or _numbered(after[0])) and (
            use.share < _BEFORE_TION):
        # "Loan application", "Table reservation v3"; "Loan eligibility", "Stock
        # availability"
        return "nominal" if second.endswith(("tion", "sion")) else "head"
    if _nominal(second) and len(after) == 1 and lemma(after[0]) in _heads() and (
            use.share < _BEFORE_HEAD):
        return "head"  # "Form validation result", "Order approval request"
    return None


def _before_last(use: Usage, second: str, after: tuple[str, ...]) -> str | None:
    """A name whose last word is a final head, an action or an agent noun, after
    a word used mostly as a noun and no object."""
    last = lemma(after[-1]) if after else ""
    if (last in _head_lists()[1] or (after and _nominal(after[-1]))
            or _agent_noun(after[-1] if after else second)) and use.share < _ALONE and not any(
            w in _OBJECT_OPENERS for w in after):
        # "Order item process", "Service level management", "Order analyzer"
        return "head"
    return None


def _agent_noun(word: str) -> bool:
    """Whether a word names what does a verb's work and is no verb itself
    ("processor", "scheduler", "handler"; not "order" or "register")."""
    if not word.endswith(("er", "or")) or can_be_verb(word):
        return False
    stem = word[:-2]
    # Stems of four letters or more: "user" and "error" are not made from "use" and "err".
    return any(len(verb) > 3 and can_be_verb(verb) for verb in (stem, stem + "e", word[:-1]))


def _describes(word: str, extra_verbs: Collection[str], not_verbs: Collection[str]) -> bool:
    """Whether a word is a verb in the third person that process descriptions
    open with ("Informs", "Registers"), of a verb used mostly as one."""
    base = lemma(word)
    return (word.endswith("s") and base != word and not can_be_verb(word, extra_verbs, not_verbs)
            and can_be_verb(base, extra_verbs, not_verbs) and usage(base).share >= _ALONE)


def _prefixed_verb(word: str) -> bool:
    """Whether a word English does not know is a verb mostly used as one behind
    a prefix that keeps it a verb ("unreserve", "reprocess", "preassign")."""
    stems = [word[len(prefix):] for prefix in _VERB_PREFIXES
             if word.startswith(prefix) and len(word) - len(prefix) >= 4]
    # The vocabulary (a 0.4 MB table) is asked last: most words have no such prefix.
    return bool(stems) and not is_known(word) and any(
        can_be_verb(stem) and usage(stem).share >= _ALONE for stem in stems)


def _misspelt_verb(word: str) -> bool:
    """Whether a word English does not know is one typing slip from a verb
    mostly used as one ("aprrove", "asssign", "taske"). A slip keeps the first
    letter, as typing slips nearly always do: "async" is no slip of "sync"."""
    if len(word) < 5 or not word.isalpha() or is_known(word):
        return False
    return any(usage(verb).share >= _ALONE
               for verb in slips(word, (v for v in verbs() if v[:1] == word[:1])))


def leading_at(parts: tuple[str, ...], extra_verbs: Collection[str] = frozenset(),
               not_verbs: Collection[str] = frozenset()) -> int:
    """Where the leading word stands once adverbs are skipped ("Manually
    approve": 1)."""
    at = 0
    while at < len(parts) - 1 and (parts[at] in _ADVERBS or (
            parts[at].endswith("ly") and not can_be_verb(parts[at], extra_verbs, not_verbs))):
        at += 1
    return at


def _leading(parts: tuple[str, ...], extra_verbs: Collection[str],
             not_verbs: Collection[str]) -> tuple[int, tuple[str, ...]]:
    """Where the leading word stands once adverbs are skipped, and the words
    from there, a split prefix joined again (`Re-open-ticket`: "re-open")."""
    at = leading_at(parts, extra_verbs, not_verbs)
    rest = parts[at:]
    pieces = tuple(piece for piece in rest[0].split("-") if piece)
    if len(pieces) > 1 and pieces[0] in _SELF_ACTING and mostly_verb(
            pieces[1], extra_verbs, not_verbs):
        # "Auto-approve" is approving, done by itself: the verb leads
        pieces = pieces[1:]
        rest = ("-".join(pieces), *rest[1:])
    if len(pieces) > 1 and pieces[1] not in _PARTICLES and not can_be_verb(
            rest[0], extra_verbs, not_verbs) and is_known(pieces[0]) and is_known(pieces[1]):
        # Hyphens as spaces, a slug's way of writing English ("Verify-Student-Eligibility",
        # "Check-Leave Balance"; not "Rest-Bedarf verändern"); "re-open" and "e-mail"
        # are verbs whole, and a phrasal verb's particle makes a noun ("follow-up").
        rest = (*pieces, *rest[1:])
    if len(rest) > 1 and rest[0] in _PREFIXES:
        joined = f"{rest[0]}-{rest[1]}"
        if can_be_verb(joined, extra_verbs, not_verbs) and not can_be_verb(
                rest[0], extra_verbs, not_verbs):
            rest = (joined, *rest[2:])
    return at, rest


@lru_cache(maxsize=1 << 16)
def read_words(parts: tuple[str, ...], extra_verbs: frozenset[str] = frozenset(),
               not_verbs: frozenset[str] = frozenset(), activity: bool = False) -> VerbReading:
    """How lower-case words read (a text's words, or an identifier's);
    `activity`: they are an activity's text (an instruction)."""
    if not parts:
        return VerbReading(False, "no-verb")
    at, rest = _leading(parts, extra_verbs, not_verbs)
    first = rest[0]
    if not activity and rest[-1] in EXERCISES and (
            len(rest) > 2 or (len(rest) == 2 and not mostly_verb(first, extra_verbs, not_verbs))):
        # "Send Email Example", "Order Fulfillment POC", "Rollback Example"; not
        # a verb and its object: "Run Test"
        return VerbReading(False, "exercise", at)
    statement = _statement(rest) if activity else None
    if statement is not None:
        return VerbReading(False, statement, at)
    if len(rest) > 1 and _describes(first, extra_verbs, not_verbs):
        return VerbReading(True, "verb", at)  # "Informs the chef of the order"
    if not can_be_verb(first, extra_verbs, not_verbs):
        unlisted = _unlisted_verb(first, rest[1:])
        return VerbReading(unlisted, "verb" if unlisted else "no-verb", at)
    if (len(rest) > 1 and rest[1] == "of") or (
            len(rest) > 2 and rest[1] in _PARTICLES and rest[2] == "of"):
        return VerbReading(False, "of", at)  # "Change of plan", "Set up of the buzzer"
    word = first.lower()
    if word in extra_verbs:
        return VerbReading(True, "verb", at)  # the config says it is a verb: no measuring
    why = _reads_as_noun(word, rest[1:], activity)
    return VerbReading(why is None, why or "verb", at)


def _unlisted_verb(first: str, rest: tuple[str, ...]) -> bool:
    """Whether a first word the lexicon lacks still opens a verb phrase: a verb
    with a prefix ("Unreserve scale") or a typing slip of one before English
    words ("Aprrove invoice": C0203 is no spell checker; the rest must read as
    English, or "Rechte zuweisen" would be "Recite ...")."""
    if _prefixed_verb(first) and (not rest or any(is_known(w) for w in rest)):
        return True
    return _misspelt_verb(first) and any(is_known(w) for w in rest)


def _statement(words: tuple[str, ...]) -> str | None:
    """"question" when an auxiliary opens the words ("Is eligible"), "sentence"
    when one follows a first word used mostly as a noun ("Order is failed")."""
    if words[0] in AUXILIARIES:
        return "question"
    if len(words) > 1 and words[1] in AUXILIARIES and _subject(words[0]):
        return "sentence"
    return None


def _subject(word: str) -> bool:
    """Whether a word before an auxiliary is its subject, not an instruction's
    verb ("Order is failed"; not "Check is complete")."""
    return not can_be_verb(word) or usage(word).share < _BEFORE_HEAD


def shouts_auxiliary(text: str) -> bool:
    """Whether a text with small letters writes an auxiliary in capitals: an
    abbreviation ("Notify IS", "IS review"), not a question or a statement."""
    return _SHOUTED_AUXILIARY.search(text) is not None and text.upper() != text


# Words before which an inflected verb form is an adjective ("a scheduled job").
_MODIFIER_OPENERS = frozenset({"the", "a", "an", "this", "that", "each", "every", "all", "any",
                               "some", "its", "their", "our", "your", "and", "or", "no"})


def finite_verb_at(parts: tuple[str, ...], extra_verbs: Collection[str] = frozenset(),
                   not_verbs: Collection[str] = frozenset()) -> int | None:
    """Where a sentence's inflected verb stands after its subject ("The desk
    *logs* the call", "Manager *approved* it"), if anywhere."""
    for index in range(1, len(parts)):
        word, before = parts[index], parts[index - 1]
        if word in AUXILIARIES and before not in _OBJECT_OPENERS and _subject(before):
            return index  # "Order is failed", "The request has been approved"
        base = lemma(word)
        if (base != word and word.endswith(("s", "ed")) and before not in _MODIFIER_OPENERS
                and before not in _OBJECT_OPENERS and can_be_verb(base, extra_verbs, not_verbs)):
            return index
    return None


@lru_cache(maxsize=1 << 16)
def text_words(text: str) -> tuple[str, ...]:
    """A text's words for the verb judgement: a parenthesised remark at the
    end is not part of the name ("Invoice Handling (OMG BPMN MIWG Demo)"),
    nor a label's code, an element type, an outline number, tags in brackets
    or template variables before it ("W_Handle leads", "TECH: Re-evaluate",
    "Task: Approve invoice", "10.3.3.2. Perform maintenance", "[v2] Send
    invoice"), and a camelCase chunk is split ("ApproveJohn")."""
    return tokens.text_words(_TAGS.sub("", without_labels(without_remark(text))) or text)


def without_labels(text: str) -> str:
    """A text without the label's code, the element type or the outline
    number before its name ("TECH: Re-evaluate", "Task: Approve invoice",
    "10.3.3.2. Perform maintenance"), and without an engine's template
    variables ("${carrier.name} - Fill form")."""
    text = without_variables(text)
    return _LABEL.sub("", _OUTLINE.sub("", _ELEMENT_LABEL.sub("", text)))


# An engine's template variable, filled in when the process runs: `${amount}`,
# `#{caseFile_TaskName}`, `{{ ID:process }}`.
_VARIABLE = re.compile(r"\$\{[^{}]*\}|#\{[^{}]*\}|\{\{[^{}]*\}\}")


def without_variables(text: str) -> str:
    """A text without its template variables and the punctuation they leave at
    its ends ("${carrier.name} - Fill form" is "Fill form"), or the text
    itself when it holds none. Variables nested in variables leave the outer
    one behind (`${a${b}}` is `${a }`): one pass, never a loop."""
    if "{" not in text:
        return text  # the common case, decided without a search
    named, count = _VARIABLE.subn(" ", text)
    return named.strip(" -_:,.;/|") if count else text


def after_label(text: str) -> str | None:
    """The words after a short label and a colon ("Operator: send reminder":
    "send reminder"), if the text opens with one."""
    found = _COLON_LABEL.match(text)
    return text[found.end():] if found else None


def without_remark(text: str) -> str:
    """A name without a parenthesised remark at its end ("Invoice Handling
    (OMG BPMN MIWG Demo)"), unless the remark is all there is."""
    return _REMARK.sub("", text) or text


def read_verb_phrase(text: str, extra_verbs: Collection[str] = frozenset(),
                     not_verbs: Collection[str] = frozenset()) -> VerbReading:
    """RULES.md "Reading text": how a text reads ("Register the wish": a verb;
    "Change request": a noun)."""
    return read_words(text_words(text), frozenset(extra_verbs), frozenset(not_verbs))


def is_verb_phrase(text: str, extra_verbs: Collection[str] = frozenset(),
                   not_verbs: Collection[str] = frozenset()) -> bool:
    """Whether a text reads as a verb phrase: "Register the wish", "Plan
    maintenance", "Recover", "Ship order" do; "Incident registration", "The
    desk logs the call", "Registering the wish", "Change of the agreement",
    "Change request" and "Pool" do not."""
    return read_verb_phrase(text, extra_verbs, not_verbs).verb


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
