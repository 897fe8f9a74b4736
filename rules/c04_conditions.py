"""Criterion 4: a process does not depend on practical conditions."""

from __future__ import annotations

import re
from collections.abc import Iterator

from usm_lint.findings import Hit, Severity
from usm_lint.rule import Context, rule
from usm_lint.rules.helpers.patterns import bounded_search
from usm_lint.rules.helpers.reading import (
    Reading,
    Words,
    find_phrase,
    lemmas,
    memoised_per_text,
    quoted,
    readings,
    vocabulary,
)
from usm_lint.rules.helpers.structure import stated

TOPIC = "C04 a process does not depend on practical conditions"


def _condition(reading: Reading, words: Words) -> str | None:
    """What practical condition the text holds, in words, if any."""
    if reading.marked:
        return "a condition its author marked with `◊`"
    return _condition_in(reading.text, words)


@memoised_per_text
def _condition_in(text: str, words: Words) -> str | None:
    # Memoised: some 40 pattern searches per text are most of this rule's cost,
    # and between two checks of an edited file (the server) few texts change.
    quick = words.condition_filter
    ruled_out = quick is not None and quick.search(text.lower()) is None
    for pattern, lower in zip(words.conditions, words.lower_conditions, strict=True):
        if ruled_out and lower:
            continue  # cannot match: no lower-case pattern matches the lowered text
        match = (bounded_search(pattern, text) if pattern in words.configured_conditions
                 else re.search(pattern, text, re.IGNORECASE))
        if match:
            return f'"{match.group().strip()}"'
    lemmatised = tuple(lemmas(text, words))
    found = find_phrase(lemmatised, words.organisations) or find_phrase(lemmatised, words.places)
    return f"\"{quoted(text, found)}\"" if found else None


@rule(
    code="C0401", name="practical-condition-in-process", severity=Severity.ERROR, topic=TOPIC,
    summary="Process or activity text holds a practical condition (a time, a place, ...).",
    failing='process Recover {\n    activity resolve "Resolve the incident within 4 hours"\n}\n',
    passing='process Recover {\n    activity resolve "Resolve the incident"\n}\n',
    bpmn="Reads a BPMN process's name and its activities' names as it reads USM text, and "
         "reports every timer (a timer start event, a timer catch event, a boundary timer; "
         "its name is quoted with its time expression, else that expression alone, such as "
         "`PT2H`): a timer is a "
         "duration, a date or a cycle.",
    per_declaration=True,
)
def practical_condition_in_process(ctx: Context) -> Iterator[Hit]:
    """Durations, deadlines, frequencies, times, places, volumes and named suppliers
    are practical conditions: they change with agreements and circumstances while
    the process stays the same. They belong in a practice (`condition "..."`)
    or in the service agreement, not in the process."""
    words = vocabulary(ctx)
    for reading in readings(ctx):
        found = _condition(reading, words)
        if found:
            yield Hit(reading.span,
                      f"{reading.what} of `{reading.process.name.value}` holds a practical "
                      f"condition ({found}): a process does not depend on conditions; put them "
                      "in a practice (`condition \"...\"`) or the service agreement")
    for process, detail in stated(ctx, "conditions"):
        yield Hit(detail.text.span,
                  f"the {detail.kind} \"{detail.text.value}\" of `{process.name.value}` is a "
                  "practical condition: a process does not depend on conditions; put them in a "
                  "practice (`condition \"...\"`) or the service agreement")
