"""Criterion 1: a process is a *what*: activities, not who does them or how."""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

from usm_lint.findings import Hit, Severity
from usm_lint.rule import Case, Context, rule
from usm_lint.rules import words as lexicon
from usm_lint.rules.helpers.reading import (
    Phrase,
    Words,
    find_phrase,
    find_phrases,
    lemmas,
    memoised_per_text,
    phrase_index,
    quoted,
    readings,
    verb_reading,
    vocabulary,
)
from usm_lint.rules.helpers.structure import processes, stated

TOPIC = "C01 a process is a what, not a who or a how"
# What C0101's and C0102's messages say after naming the who or the how.
_NOT_WHO = ("a process says what happens, not who does it; name roles in a practice "
            "(`practice ... { role ... }`)")
_NOT_HOW = ("a process says what happens, not by which means; name tools in a practice "
            "(`practice ... { tool ... }`)")


@rule(
    code="C0103", name="process-without-activities", severity=Severity.ERROR, topic=TOPIC,
    summary="A process declares no activity.",
    failing='process Recover {\n    purpose "Restore the agreed service"\n}\n',
    passing='process Recover {\n    activity register "Register the disruption"\n}\n',
    bpmn="Reports a BPMN process with no task, call activity or sub-process (events and "
         "gateways are not activities).",
)
def process_without_activities(ctx: Context) -> Iterator[Hit]:
    """A USM process is made only of activities: it is what happens, successively.
    A process without activities describes nothing that can be done, counted or
    steered."""
    for process in processes(ctx):
        if not process.activities and not process.broken:
            yield Hit(process.name.span,
                      f"process `{process.name.value}` declares no activity: a process is what "
                      "happens, step by step; list its activities "
                      '(`activity register "Register the ..."`)')


def _declared(ctx: Context, kind: str) -> tuple[Phrase, ...]:
    """Declared roles or tools as phrases: their label and their split name."""
    table = ctx.index.roles if kind == "role" else ctx.index.tools
    phrases: list[Phrase] = []
    for node in table.values():
        phrases.append(tuple(lexicon.lemma(w) for w in lexicon.words(node.label.value)))
        phrases.append(tuple(lexicon.lemma(w) for w in lexicon.split_identifier(
            node.name.value)))
    return tuple(phrases)


_indexed = lru_cache(maxsize=64)(phrase_index)
"""The declared phrases' index, built once while they stay the same."""


# The text rules below are memoised per text, vocabulary and declared phrases:
# a model repeats many texts, and between two checks of an edited file (the
# language server) few texts change.
@memoised_per_text
def _who_in(text: str, words: Words, declared: tuple[Phrase, ...],
            activity: bool = False) -> str | None:
    """The who a text names as the one who acts, as written, if any; a
    label before the name is no part of it ("Task: Assign approver").
    `activity`: the text is an activity's, read as an instruction as C0203
    reads it ("Contact Project Leader": the leader is contacted)."""
    text = lexicon.without_labels(text) or text
    lemmatised = tuple(lemmas(text, words))
    raw = tuple(lexicon.words(text))
    remark: int | None = None
    for index, listed in ((_indexed(declared), False), (words.roles, True)):
        for found in find_phrases(lemmatised, index):
            if not listed and set(lemmatised[found]) <= words.customer:
                continue  # a role declared for the customer ("Key user"): never a who
            if found.stop - found.start == 1 and _verb_form(raw[found.start],
                                                            lemmatised[found.start]):
                continue  # a verb's form, not the role noun: "On-boarding" is no board
            if remark is None:
                # Where a remark in brackets at the end starts ("Review leave request
                # (clerk)"); asked only of a text that names a role, as few do.
                remark = len(lexicon.words(lexicon.without_remark(text)))
            if (_performer(raw, found, remark) if found.start >= remark
                    else _acts(raw, found, words, activity)):
                return quoted(text, found)
    return None


def _verb_form(word: str, lemma: str) -> bool:
    """Whether a word is a verb's -ing or -ed form of its lemma ("boarding" of
    "board"), which a role, a noun, never is."""
    return word != lemma and word.endswith(("ing", "ed")) and not lemma.endswith(("ing", "ed"))


def _performer(raw: Phrase, found: slice, remark: int) -> bool:
    """Whether a who in a remark at the end names who does the work, as a
    lane would ("Score payment (Expert)", "Approve comments (supervisor
    approved)"), not whom it goes to ("Send reminder (to the manager)")."""
    return not {"to", "for", "cc", "via"} & set(raw[remark:found.start])


def _acts(raw: Phrase, found: slice, words: Words, activity: bool) -> bool:
    """Whether the who at `found` performs the work: an agent ("approved by the
    manager"), the subject of a sentence ("The desk logs the call"), or the
    whole of a noun phrase ("Service desk", "Manager approval"); not the object
    or recipient of the leading verb ("Assign approver", "Inform the
    supervisor", "Escalate to the manager")."""
    start: int = found.start
    before = raw[max(0, start - 2):start]
    if "by" in before:
        return True
    if ("to" in before or "at" in before) and found.stop >= len(raw):
        # a recipient or where the work waits: "Package deliver to the courier",
        # "Pending at checker"; not "Prior to manager approval"
        return False
    reading = verb_reading(raw, words, activity)
    if reading.verb:
        return start <= reading.at
    if start > 0 and raw[0].endswith("ing") and lexicon.verb_of(raw[0]) is not None:
        return False  # a gerund acts on what follows it: "Hiring a developer"
    finite = lexicon.finite_verb_at(raw, words.verbs, words.not_verbs)
    if finite is None:
        return not _only_qualifies(raw, found, words)
    return start < finite  # after a sentence's verb: its object


def _only_qualifies(raw: Phrase, found: slice, words: Words) -> bool:
    """Whether a who in a noun phrase only qualifies a thing: before a noun
    that is neither an action it does ("Manager approval", "Doctor
    examination") nor its process ("Sales process"), or after "of" ("Credit
    record of other bank"). English compounds end in their head: in "Bank
    scoring system" and "Payroll setup" the who is not the head."""
    if "of" in raw[max(0, found.start - 3):found.start]:
        return True
    if found.stop >= len(raw):
        return False
    if lexicon.lemma(raw[-1]) in _SYSTEMS and not _LINKS & set(raw[found.stop:-1]):
        # a system named after its users, the head of the who's noun phrase:
        # "Bank Scoring System", "Agent portal"; not "Manager approval in the system"
        return True
    after = lexicon.lemma(raw[found.stop])
    # An action (a nominalisation, a gerund or a word used mostly as a verb:
    # "Manager decision", "Agent review cycle"; not "Firm details", "Bank account"),
    # a number or letter ("Agent 2", "Company A"), or a word English lacks
    # ("Team-Assistenz") leaves the who acting.
    return not (after in words.nominalisations or after in lexicon.PROCESS_WORDS
                or after in _WORK_PLACES
                or lexicon.verb_of(after) is not None
                or lexicon.mostly_verb(after, words.verbs, words.not_verbs)
                or len(after) == 1 or any(c.isdigit() for c in after)
                or not lexicon.is_known(after))


def _place_named(name: str, words: Words) -> str | None:
    """The place a process is named after, as a BPMN pool is ("Hotel",
    "Emergency Room", "Electronic Store"): the business that works there.
    Only a whole name of one or two words that is no verb phrase: in an
    activity's text a place is where the work goes ("Book hotel", "Hospital
    visit")."""
    lemmatised = tuple(lemmas(name, words))
    if not (0 < len(lemmatised) <= 2
            and (lemmatised[-1] in _PLACES or lemmatised in _PLACES_OF_TWO)):
        return None
    raw = tuple(lexicon.words(name))
    # Not a place the work acts on: "Close Office", "Open Shop".
    return None if len(raw) > 1 and verb_reading(raw, words).verb else name


# Places a pool, so a process, is named after (labelled real names: "Hotel",
# "HOSPITAL", "Office", "Shop", "Store", "Electronic Store", "Emergency Room").
_PLACES = frozenset({"hotel", "hospital", "office", "shop", "store", "clinic", "pharmacy",
                     "warehouse", "factory", "airport", "webshop", "supermarket", "garage",
                     "library", "laboratory"})
_PLACES_OF_TWO = frozenset({("emergency", "room"), ("post", "office"), ("web", "shop")})
# Heads of a name that names a system, whatever words before it name its users.
_SYSTEMS = frozenset({"system", "service", "api", "app", "platform", "portal",
                      "engine", "software", "database", "bot", "tool", "module"})
# Words that end a noun phrase before another: what follows one heads no compound.
_LINKS = frozenset({"in", "on", "at", "via", "through", "into", "to", "for", "from", "with",
                    "by", "of", "the", "a", "an", "and", "or"})
# Where a who's work waits: "Manager task", "Admin queue" name who does it.
_WORK_PLACES = frozenset({"task", "queue", "inbox", "worklist"})


@memoised_per_text
def _how_in(text: str, words: Words, declared: tuple[Phrase, ...]) -> str | None:
    """The how a text names, as written, if any."""
    lemmatised = tuple(lemmas(text, words))
    found = (find_phrase(lemmatised, _indexed(declared)) or find_phrase(lemmatised, words.tools)
             or _means(tuple(lexicon.words(text)), words))
    return quoted(text, found) if found else None


@rule(
    code="C0101", name="no-actor-in-process", severity=Severity.ERROR, topic=TOPIC,
    summary="A process's or activity's text names a who (a role).",
    failing='process Recover {\n    activity register "The service desk registers the call"\n}\n',
    passing='process Recover {\n    activity assign "Assign the call to an analyst"\n}\n',
    bpmn="Reads a BPMN process's name and its activities' names as it reads USM text, and "
         "reports every named lane, performer and potential owner (of an activity or of the "
         "process) and every engine assignee or candidate (Camunda, Activiti, Flowable, "
         "Zeebe): they say who does the work. USM's own material says it: swimlanes fail "
         "criterion 1. A lane named for software (\"Banking System\", \"Automated\") is "
         "C0102's, and a placeholder lane (\"Lane 1\") names no one.",
    cases=(
        # A role that receives the work is part of what happens (issue #15).
        Case.activity("Assign approver", reported=False),
        Case.activity("Inform Supervisor", reported=False),
        Case.activity("Notify responsible department", reported=False),
        Case.activity("Approval by the service desk", at=(2, 16)),
        # A pool named after an organisation is a who; one acted on is not.
        Case.process("CreditCardCompany"), Case.activity("Notify the bank", reported=False),
        Case.activity("Hiring a developer", reported=False),  # a gerund acts on it
        # In a noun phrase the who acts when it heads it or does the action after it;
        # not when it qualifies a thing or follows "of" (real names, held-out 5 and 6).
        Case.activity("Manager decision"), Case.process("BankingSystem", reported=False),
        Case.activity("Credit record of other bank", reported=False),
        # An activity's text is an instruction: its first word is read as C0203
        # reads it ("contact" is mostly a noun in general English).
        Case.activity("Contact Project Leader", reported=False),
        Case.activity("Maker Review"),
        # A pool named after a trade: the business that does the work.
        Case.process("PizzaRestaurant"), Case.activity("Call the restaurant", reported=False),
        Case.activity("Escalation to the service desk", reported=False),  # a recipient
        Case.process("BankAccount", reported=False),  # the bank's account: it qualifies
        Case.activity("Manager task"),  # where the manager's work waits
        Case.activity("Legal review"), Case.activity("Check legal requirements", reported=False),
        # A who in a remark at the end says who does it, as a lane would.
        Case.activity("Review leave request (clerk)"),
        Case.activity("Send reminder (to the manager)", reported=False),
        Case.process("CustomerService"),  # the department, not the customer
        Case.process("CustomerOnBoardingApplication", reported=False),  # boarding: no board
        # A pool named after a place: the business that works there.
        Case.process("EmergencyRoom"), Case.process("CloseOffice", reported=False),
    ),
)
def no_actor_in_process(ctx: Context) -> Iterator[Hit]:
    """A process describes what happens, not who does it: roles, teams and departments
    belong to practices and organisations, which change more often than the work.
    Naming them in a process ties the process to today's organisation chart. A role
    that only receives the work ("Assign an approver", "Inform the supervisor") is
    part of what happens; one that does it (the subject, "by the manager", or a
    name that is a department) is a who. (The customer is never an actor here:
    USM processes exist for the customer.)"""
    words = vocabulary(ctx)
    declared = _declared(ctx, "role")
    for reading in readings(ctx):
        found = _who_in(reading.text, words, declared, reading.field == "activity") or (
            _place_named(reading.text, words) if reading.field == "name" else None)
        if found:
            yield Hit(reading.span,
                      f"{reading.what} of `{reading.process.name.value}` names a who "
                      f"(\"{found}\"): {_NOT_WHO}")
    for process, detail in stated(ctx, "who"):
        if detail.kind == "lane" and (_system_lane(detail.text.value)
                                      or _placeholder_lane(detail.text.value)):
            continue  # a lane for software is C0102's; "Lane 1" names no one
        names = "name" if detail.kind.endswith("s") else "names"  # "candidate groups"
        yield Hit(detail.text.span,
                  f"the {detail.kind} \"{detail.text.value}\" of `{process.name.value}` {names} "
                  f"a who: {_NOT_WHO}")


# "Customer Service" heads a department, not a system, when it names a lane.
_SYSTEM_LANES = _SYSTEMS - {"service"} | {"automation"}
_AUTOMATED = frozenset({"automated", "automatic"})
_LANE_WORDS = frozenset({"lane", "pool", "participant", "swimlane"})


def _system_lane(name: str) -> bool:
    """Whether a lane is software's, not a who's: its name is headed by a
    system word ("Banking System", "Process Engine", "Automation"; not
    "Automation Team", people) or says the work is automated ("Automated
    Agent")."""
    parts = lexicon.words(name)
    return bool(parts) and (lexicon.lemma(parts[-1]) in _SYSTEM_LANES
                            or not _AUTOMATED.isdisjoint(parts))


def _placeholder_lane(name: str) -> bool:
    """Whether a lane's name is a tool's default, which names no one ("Lane 1",
    "Pool A"); not an engine's word for a role ("User")."""
    return lexicon.is_placeholder(name) and not _LANE_WORDS.isdisjoint(
        lexicon.lemma(w) for w in lexicon.words(name))


@rule(
    code="C0102", name="no-means-in-process", severity=Severity.ERROR, topic=TOPIC,
    summary="A process's or activity's text names a how (a tool, channel or means).",
    failing='process Recover {\n    activity notify "Send the update by email"\n}\n',
    passing='process Recover {\n    activity notify "Inform the customer of the recovery"\n}\n',
    bpmn="Reads a BPMN process's name and its activities' names as it reads USM text, and "
         "reports every service task and script task (software does them: their "
         "implementation or script is quoted) and every engine implementation (a class, an "
         "expression, a delegate expression, an external task topic, a connector, a job type, "
         "a form, a decision), naming the activity, and every lane named for software "
         "(\"Banking System\", \"Automated Agent\"). The `implementation` attribute of other "
         "tasks is not read: tools write their defaults there.",
)
def no_means_in_process(ctx: Context) -> Iterator[Hit]:
    """A process describes what happens, not how: tools, channels and means (email, a
    portal, "using X") are choices of a practice and change with technology. A
    process that names them must change whenever the tools do."""
    words = vocabulary(ctx)
    declared = _declared(ctx, "tool")
    for reading in readings(ctx):
        found = _how_in(reading.text, words, declared)
        if found:
            yield Hit(reading.span,
                      f"{reading.what} of `{reading.process.name.value}` names a how "
                      f"(\"{found}\"): {_NOT_HOW}")
    for process, detail in stated(ctx, "who"):
        if detail.kind == "lane" and _system_lane(detail.text.value):
            yield Hit(detail.text.span,
                      f"the lane \"{detail.text.value}\" of `{process.name.value}` is software's, "
                      f"a how: {_NOT_HOW}")
    for process, detail in stated(ctx, "how"):
        of = (f"activity `{detail.activities[0]}` of `{process.name.value}`" if detail.activities
              else f"`{process.name.value}`")
        # A service task that says no implementation is itself the how (its
        # text is its name, which names the work, not the means).
        said = (f"{of} is a service task (software does it), a how"
                if detail.kind == "service task" else
                f"the {detail.kind} \"{detail.text.value}\" of {of} names a how")
        yield Hit(detail.text.span,
                  f"{said}: {_NOT_HOW}")


def _means(text: Phrase, words: Words) -> slice | None:
    """A means phrase ("using", "via", "by means of") followed by something."""
    return find_phrase(text[:-1], words.means)
