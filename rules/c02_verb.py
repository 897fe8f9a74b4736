"""Criterion 2: a process reads as a verb; its activities are verb phrases."""

from __future__ import annotations

from collections.abc import Iterator

from usm_lint.engine.context import Context
from usm_lint.findings import Edit, Fix, Hit, Severity
from usm_lint.model import Name, Process, Span
from usm_lint.rule import rule
from usm_lint.rules import words as lexicon
from usm_lint.rules.reading import Words, is_verb, is_verb_phrase, name_words, vocabulary
from usm_lint.rules.structure import processes

TOPIC = "C02 a process reads as a verb"
BPMN_NAME = ("The name of a BPMN process is its `name`, else its pool's (the participant that "
             "references it), else its id, so an unnamed process is reported: name it with a "
             "verb. The name is free text, read word by word.")


def _nominalised(process: Process, words: Words) -> tuple[str, str] | None:
    """(suggested name, why) when the name is a practice-style noun phrase."""
    parts = name_words(process.name)
    lemmas = tuple(lexicon.lemma(w) for w in parts)
    known = words.practice_names.get(lemmas)
    if known:
        return known, "a practice name"
    # "Control" or "Provision" alone are verbs; "CapacityManagement" is a noun phrase.
    single_verb = len(parts) == 1 and is_verb(parts[0], words)
    if lemmas and lemmas[-1] in words.nominalisations and not single_verb:
        object_words = parts[:-1] or ["work"]
        return "Manage" + "".join(w.capitalize() for w in object_words), "a noun phrase"
    return None


def _rename_fix(ctx: Context, process: Process, new: str) -> Fix | None:
    """Rename the process and every reference to it; keep the old name as alias."""
    if new in ctx.index.processes or process.bpmn is not None:
        return None
    old = process.name.value
    spans: list[Span] = [process.name.span]
    for model in ctx.index.models:
        refs: list[Name] = [*model.processes, *(n for f in model.flows
                                                for n in (f.source, *f.targets))]
        if model.executes is not None:
            refs.append(model.executes)
        spans += [n.span for n in refs if n.value == old]
    for workflow in ctx.index.workflows.values():
        spans += [s.ref.process.span for s in workflow.steps if s.ref.process.value == old]
    for practice in ctx.index.practices.values():
        spans += [n.span for n in practice.realised_by if n.value == old]
        spans += [m.target.process.span for m in practice.maps
                  if m.target.process.value == old]
    edits = [Edit(span, new) for span in spans]
    one_line = process.span.line == process.span.end_line
    if process.alias is None and not one_line:
        label = " ".join(w.capitalize() if i == 0 else w
                         for i, w in enumerate(name_words(process.name)))
        line = process.name.span.line + 1
        at = Span(file=process.name.span.file, line=line, column=1, end_line=line,
                  end_column=1)
        edits.append(Edit(at, f'    alias "{label}"\n'))
    return Fix("unsafe", tuple(edits), f"Rename `{old}` to `{new}`")


@rule(
    code="C0201", name="process-name-not-verb", severity=Severity.ERROR, topic=TOPIC,
    summary="The process name does not start with a verb.",
    failing='process IncidentHandlingDesk {\n    activity a "Register the disruption"\n}\n',
    passing='process Recover {\n    activity a "Register the disruption"\n}\n',
    bpmn=BPMN_NAME,
    per_declaration=True,
)
def process_name_not_verb(ctx: Context) -> Iterator[Hit]:
    """A process is something that happens, so its name is a verb: Agree, Change,
    Recover, Operate, Improve. A noun names a thing, a department or a practice,
    none of which can be counted as runs."""
    words = vocabulary(ctx)
    for process in processes(ctx):
        parts = name_words(process.name)
        if parts and not is_verb(parts[0], words) and _nominalised(process, words) is None:
            yield Hit(process.name.span,
                      f"process name `{process.name.value}` does not start with a verb: a "
                      "process is something that happens; name it with a verb (Agree, Change, "
                      "Recover, Operate, Improve, ...)")


@rule(
    code="C0202", name="process-name-nominalized", severity=Severity.ERROR, topic=TOPIC,
    summary="The process name is a practice-style noun phrase (\"Incident Management\").",
    failing='process IncidentManagement {\n    activity a "Register the disruption"\n}\n',
    passing='process Recover {\n    alias "Incident Management"\n'
            '    activity a "Register the disruption"\n}\n',
    fix="Unsafe: renames the process to the suggested verb and every reference to it in the "
        "workspace (which may touch other files), and keeps the old name as `alias`. Only "
        "offered when the suggested name is free, and never for a BPMN process (usm-lint does "
        "not edit BPMN files).",
    bpmn=BPMN_NAME,
)
def process_name_nominalized(ctx: Context) -> Iterator[Hit]:
    """Practice names ("Incident Management", "Service Level Management") mix people,
    process and technology; a USM process is the verb behind them (Recover,
    Agree). The practice-style name is kept as the process's `alias`."""
    words = vocabulary(ctx)
    for process in processes(ctx):
        found = _nominalised(process, words)
        if found is None:
            continue
        suggestion, why = found
        label = " ".join(name_words(process.name)).title()
        yield Hit(process.name.span,
                  f"'{label}' is {why}; a process is a verb: rename it {suggestion} and keep "
                  "the old name as `alias`", fix=_rename_fix(ctx, process, suggestion))


def _verb_candidates(word: str) -> list[str]:
    """Verbs a nominalisation may come from; the lexicon decides which exist."""
    if word.endswith("ation"):
        stem = word[:-5]  # registration, creation, validation, classification
        return [stem, stem + "e", stem + "ate", stem[:-1] + "er", stem[:-2] + "y"]
    if word.endswith("ment"):
        return [word[:-4]]  # management -> manage
    if word.endswith("ing"):
        stem = word[:-3]  # monitoring, logging, planning
        return [stem, stem + "e", stem[:-1]]
    return []


def _suggest(text: str, words: Words) -> str:
    """A verb phrase for the text, when the lexicon finds its verb:
    "Incident registration" -> "Register the incident",
    "The service desk logs the call" -> "Log the call"."""
    parts = lexicon.words(text)
    if parts and parts[0] in ("the", "a", "an", "our", "each"):
        # A sentence with a subject: its verb is the first inflected one.
        for index, word in enumerate(parts[1:], start=1):
            verb = lexicon.lemma(word)
            if verb != word and is_verb(verb, words) and not word.endswith("ing"):
                return " ".join([verb.capitalize(), *parts[index + 1:]])
    for index, word in enumerate(parts):
        for verb in _verb_candidates(word):
            if len(verb) > 2 and is_verb(verb, words):
                rest = [w for i, w in enumerate(parts)
                        if i != index and w not in ("of", "the", "a", "an")]
                obj = " ".join(rest)
                return f"{verb.capitalize()} the {obj}" if obj else verb.capitalize()
    return "<Verb> the <object>"


@rule(
    code="C0203", name="activity-not-verb-phrase", severity=Severity.WARNING, topic=TOPIC,
    summary="An activity's text is not a verb phrase.",
    failing='process Recover {\n    activity register "Incident registration"\n}\n',
    passing='process Recover {\n    activity register "Register the incident"\n}\n',
    bpmn="Reads the name of every BPMN task, call activity and sub-process (its line breaks "
         "as spaces); an activity without a name is not reported.",
    per_declaration=True,
)
def activity_not_verb_phrase(ctx: Context) -> Iterator[Hit]:
    """An activity is something done: its text starts with a verb in the imperative
    ("Register the incident"). Nouns ("Incident registration"), gerunds
    ("Registering") and sentences with a subject ("The desk logs the call") hide
    the action or name who does it."""
    words = vocabulary(ctx)
    for process in processes(ctx):
        for activity in process.activities:
            text = activity.text.value
            if lexicon.words(text) and not is_verb_phrase(text, words):
                yield Hit(activity.text.span,
                          f"activity `{activity.name.value}` of `{process.name.value}` is not a "
                          f"verb phrase: start it with a verb (\"{_suggest(text, words)}\")")
