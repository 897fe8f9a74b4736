"""Criterion 3: a process can be counted: a unit, a start and an end."""

from __future__ import annotations

from collections.abc import Iterator

from usm_lint.findings import Hit, Severity
from usm_lint.rule import Context, rule
from usm_lint.rules import words as lexicon
from usm_lint.rules.helpers.reading import vocabulary
from usm_lint.rules.helpers.structure import processes

TOPIC = "C03 a process can be counted"


@rule(
    code="C0301", name="process-not-countable", severity=Severity.ERROR, topic=TOPIC,
    summary="A process has no `unit`: nothing says what one run of it counts.",
    failing='process Recover {\n    activity register "Register the disruption"\n}\n',
    passing='process Recover {\n    unit incident\n'
            '    activity register "Register the disruption"\n}\n',
    per_declaration=True,
)
def process_not_countable(ctx: Context) -> Iterator[Hit]:
    """Every run of a process handles one countable thing (an incident, a change, an
    agreement). Without a unit its runs cannot be counted, so neither its volume
    nor its performance can be measured."""
    for process in processes(ctx):
        if process.unit is None and not process.broken:
            yield Hit(process.name.span,
                      f"process `{process.name.value}` has no `unit`: say what one run of it "
                      "counts (for example `unit incident`), so its runs can be counted")


@rule(
    code="C0302", name="unit-not-countable", severity=Severity.WARNING, topic=TOPIC,
    summary="The unit is a mass noun (information, support, quality, ...).",
    failing='process Recover {\n    unit support\n}\n',
    passing='process Recover {\n    unit incident\n}\n',
    per_declaration=True,
)
def unit_not_countable(ctx: Context) -> Iterator[Hit]:
    """The unit says what one run counts, so it must be something you can count: one
    incident, two changes. Mass nouns (support, information, quality) have no
    "one", so runs cannot be counted in them."""
    words = vocabulary(ctx)
    for process in processes(ctx):
        unit = process.unit
        # The head noun is the last word: `support-request` counts requests.
        head = lexicon.split_identifier(unit.value)[-1:] if unit is not None else []
        if unit is not None and head and lexicon.lemma(head[0]) in words.uncountable:
            yield Hit(unit.span,
                      f"the unit of `{process.name.value}` (`{unit.value}`) cannot be counted: "
                      "name one thing a run handles (an incident, a request, a change)")


@rule(
    code="C0303", name="missing-trigger-or-output", severity=Severity.WARNING, topic=TOPIC,
    summary="A process lacks a `trigger` or an `output`.",
    failing='process Recover {\n    unit incident\n    trigger "a disruption"\n}\n',
    passing='process Recover {\n    unit incident\n    trigger "a disruption"\n'
            '    output "a restored service"\n}\n',
    per_declaration=True,
)
def missing_trigger_or_output(ctx: Context) -> Iterator[Hit]:
    """A countable run has a start and an end: the trigger that starts one run and the
    output that ends it. Without them, where one run stops and the next begins is
    a matter of opinion."""
    for process in processes(ctx):
        missing = [word for word, value in (("trigger", process.trigger),
                                            ("output", process.output)) if value is None]
        if missing and not process.broken:
            what = " and no ".join(f"`{m}`" for m in missing)
            yield Hit(process.name.span,
                      f"process `{process.name.value}` has no {what}: a countable run has a "
                      "start (its trigger) and an end (its output)")
