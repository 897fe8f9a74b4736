"""Criterion 2: a process reads as a verb; its activities are verb phrases."""

from __future__ import annotations

import re
from collections.abc import Iterator

from usm_lint.findings import Edit, Fix, Hit, Severity
from usm_lint.model import Name, Process, Span
from usm_lint.rule import Case, Context, rule
from usm_lint.rules import words as lexicon
from usm_lint.rules.helpers.reading import (
    Phrase,
    Words,
    find_phrase,
    is_verb,
    judges_english,
    label_words,
    name_words,
    placeholder_text,
    verb_reading,
    vocabulary,
)
from usm_lint.rules.helpers.structure import processes
from usm_lint.rules.words import VerbReading, is_placeholder

TOPIC = "C02 a process reads as a verb"
BPMN_NAME = ("The name of a BPMN process is its `name`, else its pool's (the participant that "
             "references it), else its id, so an unnamed process is reported: name it with a "
             "verb. The name is free text, read word by word.")


def _nominalised(process: Process, words: Words) -> tuple[str, str] | None:
    """(suggested name, why) when the name is a practice-style noun phrase: a
    practice name ("Incident Management" -> Recover), or a name that reads as
    a noun around a nominalisation ("Loan Approval" -> ApproveLoan)."""
    parts = name_words(process.name)
    lemmas = tuple(lexicon.lemma(w) for w in parts)
    known = words.practice_names.get(lemmas)
    if known:
        return known, "a practice name"
    # "Control" or "Provision" alone are judged by C0201 as what they read as.
    if len(parts) < 2 or verb_reading(tuple(parts), words).verb:
        return None
    # "Purchase Approval Process" says it is one, "Order Fulfillment POC" an exercise
    named = lemmas[-1] in lexicon.PROCESS_WORDS or lemmas[-1] in lexicon.EXERCISES
    if named:
        parts, lemmas = parts[:-1], lemmas[:-1]
    for index, word in enumerate(lemmas):
        if word in words.nominalisations or (
                index == len(parts) - 1 and parts[index].endswith("ing")):
            verb = lexicon.verb_of(parts[index]) or (word if is_verb(word, words) else "manage")
            rest = [w for i, w in enumerate(parts) if i != index and w not in _LINKS]
            objects = rest or ([] if named else ["work"])  # "Support Process": "Support"
            return verb.capitalize() + "".join(w.capitalize() for w in objects), "a noun phrase"
    return None


# Words dropped when a noun phrase is turned round ("Management of Change").
_LINKS = frozenset({"of", "the", "a", "an", "and", "for"})


def _rename_fix(ctx: Context, process: Process, new: str) -> Fix | None:
    """Rename the process and every reference to it; keep the old name as alias."""
    if new in ctx.index.processes or process.bpmn is not None:
        return None
    old = process.name.value
    spans = [process.name.span, *_references(ctx, old)]
    edits = [Edit(span, new) for span in spans]
    alias = _alias_edit(process)
    if alias is not None:
        edits.append(alias)
    return Fix("unsafe", tuple(edits), f"Rename `{old}` to `{new}`")


def _references(ctx: Context, name: str) -> list[Span]:
    """Where the workspace names the process `name`: in models (process lists,
    flows, `executes`), workflow steps, and practices (`realised-by`, maps)."""
    spans: list[Span] = []
    for model in ctx.index.models:
        refs: list[Name] = [*model.processes, *(n for f in model.flows
                                                for n in (f.source, *f.targets))]
        if model.executes is not None:
            refs.append(model.executes)
        spans += [n.span for n in refs if n.value == name]
    for workflow in ctx.index.workflows.values():
        spans += [s.ref.process.span for s in workflow.steps if s.ref.process.value == name]
    for practice in ctx.index.practices.values():
        spans += [n.span for n in practice.realised_by if n.value == name]
        spans += [m.target.process.span for m in practice.maps
                  if m.target.process.value == name]
    return spans


def _alias_edit(process: Process) -> Edit | None:
    """An `alias` line keeping the old name, in words, as the process's label
    ("Incident Management"); None when it has an alias already or is written
    on one line, which leaves no line inside it to add one on."""
    one_line = process.span.line == process.span.end_line
    if process.alias is not None or one_line:
        return None
    label = _label(process.name, title=False)
    line = process.name.span.line + 1
    at = Span(file=process.name.span.file, line=line, column=1, end_line=line, end_column=1)
    return Edit(at, f'    alias "{label}"\n')


def _label(name: Name, title: bool) -> str:
    """A name in words for a message or an alias, its acronyms kept ("IT
    operations management"; `title`: "IT Operations Management")."""
    shown = [w if _acronym(w) or (i > 0 and w.isupper())
             else w.capitalize() if title or i == 0 else w.lower()
             for i, w in enumerate(label_words(name))]
    return " ".join(shown)


def _acronym(word: str) -> bool:
    """"IT", "SLA", and their plurals ("SLAs")."""
    letters = word[:-1] if word.endswith("s") and len(word) > 2 else word
    return len(letters) > 1 and letters.isupper()


def _judged_noun(ctx: Context, words: Words, name: str, parts: Phrase,
                 identifier: bool, activity: bool = False) -> VerbReading | None:
    """How a name reads, when the verb rules report it: not a verb phrase, not
    a placeholder (C0204 reports it) and English (C0205 notes the others).
    `parts` are its words; an identifier's are split at its capitals and
    underscores. The language is asked last: most names read as verbs, and
    a model whose names do never loads the English vocabulary."""
    if not parts or ctx.config.language != "en":
        return None
    if (placeholder_text(name, words) if activity
            else is_placeholder(name, list(parts) if identifier else None)):
        return None  # C0204's (an activity's `parts` are its text_words, as there)
    reading = _instruction(name, parts, words) if activity else verb_reading(parts, words)
    if reading.verb or not judges_english(ctx, parts):
        return None
    return reading


def _instruction(text: str, parts: Phrase, words: Words) -> VerbReading:
    """How an activity's text reads as an instruction: the work after a short
    label ("Operator: send reminder"; C0101 reads the label), an auxiliary in
    capitals an abbreviation ("Notify IS"), a question or a dotted name in
    code no instruction."""
    reading = verb_reading(parts, words, activity=True)
    if not reading.verb:
        work = lexicon.after_label(text)
        if work is not None and verb_reading(lexicon.text_words(work), words, True).verb:
            text, reading = work, VerbReading(True, "verb")
        elif reading.why in ("question", "sentence") and lexicon.shouts_auxiliary(text):
            return VerbReading(True, "verb", reading.at)
    if reading.verb and text.rstrip().endswith("?"):
        return VerbReading(False, "question", reading.at)  # "Know where to find it?"
    if reading.verb and _CODE.fullmatch(text.strip()):
        return VerbReading(False, "code", reading.at)  # "serviceAdapter.QuoteAdapter"
    return reading


_WHY = {
    "no-verb": "its first word is not a verb",
    "of": "its first word is a noun before \"of\"",
    "alone": "\"{w}\" alone reads as a noun (measured usage: mostly a noun)",
    "numbered": "\"{w}\" before a number or letter reads as a noun",
    "head": "\"{w}\" reads as a noun before \"{n}\" (a noun compound)",
    "nominal": "\"{w}\" reads as a noun before \"{n}\" (a nominalisation)",
    "compound": "\"{w} {n}\" is a noun compound",
    "event": "\"{w} {n}\" reads as an event, not an action",
    "agent": "\"{w}\" reads as a noun before \"by\"",
    "rare": "\"{w}\" is hardly ever a verb (measured usage)",
    "adjective": "\"{w}\" reads as an adjective here (measured usage: mostly one)",
    "question": "it is a question, which the gateway after the activity asks",
    "sentence": "it is a statement about \"{w}\", not an instruction",
    "code": "it names a piece of code (a dotted name), not the work it does",
    "exercise": "its last word, \"{l}\", names an exercise, not the work",
}
# A dotted name in code: an engine's bean or class the task calls.
_CODE = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+")


def why_not_verb(reading: VerbReading, parts: Phrase) -> str:
    """Why a text does not read as a verb phrase, for a message."""
    at = reading.at
    word = parts[at] if at < len(parts) else ""
    verb = lexicon.verb_of(word) if reading.why == "no-verb" else None
    if verb is not None:  # "Registration", "Reviewing": made from a verb, say which
        kind = "a gerund, a noun" if word.endswith("ing") else "a noun"
        return f"\"{word}\" is {kind} made from the verb \"{verb}\""
    return _WHY[reading.why].format(w=word, n=parts[at + 1] if at + 1 < len(parts) else "",
                                    l=parts[-1] if parts else "")


@rule(
    code="C0201", name="process-name-not-verb", severity=Severity.ERROR, topic=TOPIC,
    summary="The process name does not read as a verb.",
    failing='process PurchaseOrder {\n    activity a "Register the disruption"\n}\n',
    passing='process Recover {\n    activity a "Register the disruption"\n}\n',
    bpmn=BPMN_NAME,
    per_declaration=True,
    cases=(
        # Real process names from public BPMN models (issue #15).
        Case.process("Travel_request"), Case.process("Service_desk"),
        Case.process("Re-open-ticket", reported=False),
        Case.process("Process_1", reported=False),  # a placeholder: C0204's
        Case.process("Preoperative"),  # English, though the vocabulary lacks it
        Case.process("DocumentGeneration"),  # C0202 knows no "generation": C0201's
        Case.process("Process_PurchaseOrder"),  # the modeller's prefix, then a noun
        Case.process("process_payment", reported=False),  # snake case: words throughout
        Case.process("loan-scoring-v1"),  # a version at the end changes no reading
        Case.process("SendEmailExample"),  # an exercise's name, whatever opens it
    ),
)
def process_name_not_verb(ctx: Context) -> Iterator[Hit]:
    """A process is something that happens, so its name is a verb: Agree, Change,
    Recover, Operate, Improve. A noun names a thing, a department or a practice,
    none of which can be counted as runs. A word that can be a verb but is used
    mostly as a noun reads as one alone or before a noun ("PurchaseOrder",
    "ServiceDesk", "Process_1")."""
    words = vocabulary(ctx)
    for process in processes(ctx):
        parts = tuple(name_words(process.name))
        reading = _judged_noun(ctx, words, process.name.value, parts, identifier=True)
        if reading is None or _nominalised(process, words) is not None:
            continue
        yield Hit(process.name.span,
                  f"process name `{process.name.value}` does not read as a verb "
                  f"({why_not_verb(reading, parts)}): a process is something that happens; "
                  "name it with a verb (Agree, Change, Recover, Operate, Improve, ...)")


@rule(
    code="C0202", name="process-name-nominalized", severity=Severity.ERROR, topic=TOPIC,
    summary="The process name is a practice-style noun phrase (\"Incident Management\").",
    failing='process IncidentManagement {\n    activity a "Register the disruption"\n}\n',
    passing='process Recover {\n    alias "Incident Management"\n'
            '    activity a "Register the disruption"\n}\n',
    fix="Unsafe: renames the process to the suggested verb and every reference to it in the "
        "workspace (which may touch other files), and keeps the old name as `alias`. Only "
        "offered when the suggested name is free and no other process is suggested it (two "
        "practices one USM process plays are one process to merge, not two to rename), and "
        "never for a BPMN process (usm-lint does not edit BPMN files).",
    bpmn=BPMN_NAME,
    cases=(
        # The verb behind the noun, not a generic "Manage" (issue #15).
        Case('process LoanApproval {\n    activity a "Register the disruption"\n}\n',
             at=(1, 9), fixed='process ApproveLoan {\n    alias "Loan approval"\n'
                              '    activity a "Register the disruption"\n}\n'),
        Case('process Recover {\n    alias "Incident Management"\n'
             '    activity a "Register the disruption"\n}\n', reported=False),
        Case.process("OrderEntry"),
    ),
)
def process_name_nominalized(ctx: Context) -> Iterator[Hit]:
    """Practice names ("Incident Management", "Service Level Management") mix people,
    process and technology; a USM process is the verb behind them (Recover,
    Agree). The practice-style name is kept as the process's `alias`."""
    words = vocabulary(ctx)
    found = [(process, *suggested) for process in processes(ctx)
             if (suggested := _suggested_verb(ctx, process, words)) is not None]
    # Two practices played by one USM process ("Incident Management" and
    # "Problem Management": Recover) are one process to merge, which no
    # rename does: renaming both would declare it twice.
    for process, suggestion, why in found:
        label = _label(process.name, title=True)
        # USM processes only: a BPMN process is never renamed, so it takes no name.
        alike = [f"`{ctx.index.key_of(other)}`" for other, same, _ in found
                 if same == suggestion and other is not process and other.bpmn is None]
        if suggestion in ctx.index.processes:
            alike.insert(0, f"the declared `{suggestion}`")
        if alike:
            yield Hit(process.name.span,
                      f"'{label}' is {why}; a process is a verb: it is {suggestion}, as "
                      f"{', '.join(alike)} {'is' if len(alike) == 1 else 'are'}: merge them "
                      f"into one process {suggestion}")
        elif process.bpmn is not None:  # BPMN has no alias: the name is the label
            yield Hit(process.name.span,
                      f"'{label}' is {why}; a process is a verb: name it {suggestion}")
        else:
            yield Hit(process.name.span,
                      f"'{label}' is {why}; a process is a verb: rename it {suggestion} and keep "
                      "the old name as `alias`", fix=_rename_fix(ctx, process, suggestion))


def _suggested_verb(ctx: Context, process: Process, words: Words) -> tuple[str, str] | None:
    """The verb C0202 suggests for a process's name, and why, if it does."""
    parts = tuple(name_words(process.name))
    if (not parts or ctx.config.language != "en"
            or is_placeholder(process.name.value, list(parts))):
        return None
    found = _nominalised(process, words)
    return found if found is not None and judges_english(ctx, parts) else None


def _suggest(parts: Phrase, finite: int | None, words: Words) -> str:
    """A verb phrase for a text's words, when the lexicon finds its verb
    (`finite`: where a sentence's verb stands, if it is one):
    "Incident registration" -> "Register the incident",
    "The service desk logs the call" -> "Log the call"."""
    if finite is not None and parts[finite] in lexicon.AUXILIARIES:
        return _undo_statement(parts, finite)
    if finite is not None:  # a sentence with a subject: its verb, then what follows
        said = _without_means(lexicon.lemma(parts[finite]), parts[finite + 1:], words)
        return " ".join([said.capitalize(), *parts[finite + 1:]])
    for index, word in enumerate(parts):
        verb = lexicon.verb_of(word)
        if verb is not None and is_verb(verb, words):
            rest = [w for i, w in enumerate(parts) if i != index and w not in _LINKS]
            said = _without_means(verb, tuple(rest), words)
            obj = " ".join(rest)
            return f"{said.capitalize()} the {obj}" if obj else said.capitalize()
    return "<Verb> the <object>"


def _without_means(verb: str, after: Phrase, words: Words) -> str:
    """The verb, or one that names no channel for a verb that does ("e-mail",
    "phone", "fax"): C0102 reports a how, and a suggestion must not make one.
    A person is informed, a thing sent ("faxes the order": "Send the order")."""
    if not find_phrase((verb,), words.tools):
        return verb
    obj = tuple(lexicon.lemma(w) for w in after if w not in _LINKS)
    role = find_phrase(obj, words.roles)
    person = bool(obj) and (obj[0] in words.customer or (role is not None and role.start == 0))
    return "inform" if person else "send"


def _undo_statement(parts: Phrase, auxiliary: int) -> str:
    """A statement as an instruction: the participle's verb, the subject its
    object, without the agent ("Order is failed" -> "Fail the order", "The
    request was approved by the manager" -> "Approve the request"). A negation
    or a clause has no such instruction ("Order is not approved")."""
    subject = [w for w in parts[:auxiliary] if w not in _LINKS]
    if subject and not _CLAUSE.intersection(subject):
        for index in range(auxiliary + 1, len(parts)):
            word = parts[index]
            if word in _NEGATIONS:
                break
            if lexicon.is_participle(word) and word != "been":
                rest = parts[index + 1:]
                rest = rest[:rest.index("by")] if "by" in rest else rest  # the agent: C0101's
                return " ".join([lexicon.lemma(word).capitalize(), "the", *subject, *rest])
    return "<Verb> the <object>"


_CLAUSE = frozenset({"that", "which", "what", "who", "whom", "whose", "if", "whether", "when",
                     "where"})
_NEGATIONS = frozenset({"not", "never", "no"})


@rule(
    code="C0203", name="activity-not-verb-phrase", severity=Severity.WARNING, topic=TOPIC,
    summary="An activity's text is not a verb phrase.",
    failing='process Recover {\n    activity register "Incident registration"\n}\n',
    passing='process Recover {\n    activity register "Register the incident"\n}\n',
    bpmn="Reads the name of every BPMN task, call activity and sub-process (its line breaks "
         "as spaces); an activity without a name is not reported.",
    per_declaration=True,
    cases=(
        # Real names from public BPMN models, as a practitioner judges them (issue #15).
        Case('process Recover {\n    activity pay "Credit Card Company"\n}\n', at=(2, 18)),
        Case('process Recover {\n    activity ok "Vacation Approval"\n}\n'),
        Case('process Recover {\n    activity ok "Manually approve vacation"\n}\n',
             reported=False),
        Case('process Recover {\n    activity mail "E-mail customer"\n}\n', reported=False),
        Case.activity("Sample entry"), Case.activity("Form validation result"),
        Case.activity("Set up of buzzer and passing to the client"),  # a phrasal noun
        Case.activity("Set up the buzzer", reported=False),
        Case.activity("Lookup massmarket partner", reported=False),  # a closed phrasal verb
        Case.activity("Know where to find it?"),  # a question: the gateway's
        Case.activity("serviceAdapter.QuotePersistenceAdapter"),  # code, not work
        Case.activity("Order analyzer"),  # a noun that does the verb's work heads it
        Case.activity("Task: Approve invoice", reported=False),  # the element, then the work
        Case.activity("Verify-Student-Eligibility", reported=False),  # hyphens as spaces
        Case.activity("Operator: send reminder", reported=False),  # who (C0101's), then the work
        Case.activity("User: payment received"),  # a label, then an event
        Case.activity("Is eligible"),  # an auxiliary opens a question, not an instruction
        Case.activity("Order is failed"),  # a statement: "Fail the order"
        Case.activity("Notify IS", reported=False),  # an abbreviation, not an auxiliary
        Case.activity("Manager: approve invoice?"),  # past the label, still a question
        Case.activity("Stock availability"),  # a property of a thing
        Case.activity("Check availability", reported=False),
        Case.activity("Cleanup resources", reported=False),  # a closed phrasal verb
    ),
)
def activity_not_verb_phrase(ctx: Context) -> Iterator[Hit]:
    """An activity is something done: its text starts with a verb in the imperative
    ("Register the incident"). Nouns ("Incident registration", "Change request"),
    gerunds ("Registering"), events ("Order received") and sentences with a
    subject ("The desk logs the call") hide the action or name who does it."""
    words = vocabulary(ctx)
    for process in processes(ctx):
        for activity in process.activities:
            text = activity.text.value
            parts = lexicon.text_words(text)
            reading = _judged_noun(ctx, words, text, parts, identifier=False, activity=True)
            if reading is None:
                continue
            if reading.why == "question":
                # It asks what the gateway after it decides: no verb to lift from it.
                finite, suggestion = None, "<Verb> the <object>"
            else:
                finite = lexicon.finite_verb_at(parts, words.verbs, words.not_verbs)
                suggestion = _suggest(parts, finite, words)
            why = (f"a sentence: \"{' '.join(parts[:finite])}\" {parts[finite]}"
                   if finite is not None else why_not_verb(reading, parts))
            yield Hit(activity.text.span,
                      f"activity `{activity.name.value}` of `{process.name.value}` is not a "
                      f"verb phrase ({why}): start it with a verb (\"{suggestion}\")")


@rule(
    code="C0204", name="placeholder-name", severity=Severity.WARNING, topic=TOPIC,
    summary="A process name or activity text is a placeholder (\"Task 1\", `Process_1`).",
    failing='process Recover {\n    activity first "Task 1"\n}\n',
    passing='process Recover {\n    activity first "Register the disruption"\n}\n',
    bpmn="Reads a BPMN process's name (its pool's name, else its id, when it has none: a "
         "generated id such as `Process_0f3es7i` is reported) and every task name.",
    per_declaration=True,
    cases=(
        Case.process("Process_1", at=(1, 9)), Case.activity("Call Activity"),
        Case.activity("Collapsed Sub-Process"),
        # An element type described, not the work (real names from engine tests).
        Case.activity("ServiceTask with Implementation Modify Variable"),
        Case.process("ExpandedPoolsWithCollectionMarker"),
        Case.activity("Wait for the payment", reported=False),
        Case.activity("Register with the portal", reported=False),
        Case.process("camunda-process"),  # a product's name in a slug
        Case.process("SimpleDemo"),  # the exercise's name, with a filler
        Case.process("KanbanProcess", reported=False),  # a noun phrase: C0201's
        Case.activity('Service Task "Send the invoice"', reported=False),  # named in quotes
        Case.activity("Portal task"),  # the kind of element, not the work
        Case.activity("Review task", reported=False),  # a verb phrase: the task is the object
    ),
)
def placeholder_name(ctx: Context) -> Iterator[Hit]:
    """A modelling tool's default ("Task 1", "Call Activity", "Pool 2", `Process_1`,
    `sid-...`) or the name of the tool or the exercise (`camunda_test`,
    `SimpleDemo`) says nothing about what happens: nobody can count, steer or find
    its runs. Give it a name that says what happens: a verb for a process, a
    verb phrase for an activity."""
    words = vocabulary(ctx)
    for process in processes(ctx):
        if is_placeholder(process.name.value, name_words(process.name)):
            yield Hit(process.name.span,
                      f"process name `{process.name.value}` is a placeholder (a modelling "
                      "tool's default): give it a name that says what happens, a verb "
                      "(Agree, Change, Recover, Operate, Improve, ...)")
        for activity in process.activities:
            if placeholder_text(activity.text.value, words):
                yield Hit(activity.text.span,
                          f"activity `{activity.name.value}` of `{process.name.value}` has a "
                          f"placeholder text (\"{activity.text.value}\"): give it a text that "
                          "says what happens (\"Register the incident\")")


@rule(
    code="C0205", name="text-not-english", severity=Severity.INFO, topic=TOPIC,
    summary="The English verb rules did not judge some names of a file, which are not English.",
    failing='process Recover {\n    activity check "Bewerbung prüfen"\n}\n',
    passing='process Recover {\n    activity check "Check the application"\n}\n',
    bpmn="Counts BPMN process names and task names as it counts USM ones.",
    cases=(Case.activity("Réévaluer la demande"),
           # Common words of another language, with no letter English lacks.
           Case.activity("Verifica richiesta"), Case.process("Rolle"),
           Case.process("ValidationRegleFinancieres"),  # accents dropped
           Case.activity("Register the résumé", reported=False),
           Case.process("Chef", reported=False)),
)
def text_not_english(ctx: Context) -> Iterator[Hit]:
    """C0201, C0202 and C0203 know English verbs and nouns only, so they leave a
    name that is not English alone rather than call it a noun. This note says
    so, once per file, at the first such name: set `language` in the
    configuration to say the model is written in another language (then the
    verb rules are off and the note is silent), or translate the names."""
    if ctx.config.language != "en":
        return
    words = vocabulary(ctx)
    skipped: dict[str, list[tuple[Span, str]]] = {}
    for process in processes(ctx):
        names = [(process.name.span, process.name.value, tuple(name_words(process.name)), True)]
        names += [(a.text.span, a.text.value, lexicon.text_words(a.text.value), False)
                  for a in process.activities]
        for span, text, parts, identifier in names:
            # Only a name the verb rules would have reported was left unjudged.
            if (parts and not verb_reading(parts, words, activity=not identifier).verb
                    and not (is_placeholder(text, list(parts)) if identifier
                             else placeholder_text(text, words))
                    and not lexicon.is_english(parts)):
                skipped.setdefault(span.file, []).append((span, text))
    for found in skipped.values():
        span, first = min(found, key=lambda item: (item[0].line, item[0].column))
        count = len(found)
        yield Hit(span,
                  f"the verb rules (C0201, C0202, C0203) did not judge {count} "
                  f"name{'s' if count > 1 else ''} of this file that {'are' if count > 1 else 'is'}"
                  f" not English, such as \"{first}\": set `language` in the configuration to "
                  "the model's language, or name the work in English")
