"""Criterion 5: a process has a unique, customer-relevant purpose."""

from __future__ import annotations

from collections.abc import Iterator

from usm_lint.findings import Hit, Severity
from usm_lint.rule import Context, rule
from usm_lint.rules.helpers.reading import content_words, lemmas, vocabulary
from usm_lint.rules.helpers.similarity import similar_pairs
from usm_lint.rules.helpers.structure import processes

TOPIC = "C05 a process has a unique, customer-relevant purpose"


@rule(
    code="C0501", name="process-without-purpose", severity=Severity.ERROR, topic=TOPIC,
    summary="A process has no `purpose`.",
    failing='process Recover {\n    activity register "Register the disruption"\n}\n',
    passing='process Recover {\n    purpose "Restore the agreed service for the customer"\n'
            '    activity register "Register the disruption"\n}\n',
    per_declaration=True,
)
def process_without_purpose(ctx: Context) -> Iterator[Hit]:
    """A process exists for a purpose that matters to the customer; it is what makes
    the process one process and not another. Without a stated purpose, neither its
    uniqueness nor its relevance can be judged."""
    for process in processes(ctx):
        if process.purpose is None and not process.broken:
            yield Hit(process.name.span,
                      f"process `{process.name.value}` has no `purpose`: say what it achieves "
                      "for the customer")


@rule(
    code="C0502", name="purpose-not-customer-relevant", severity=Severity.WARNING, topic=TOPIC,
    summary="The purpose names no customer-facing outcome.",
    failing='process Recover {\n    purpose "Keep the ticket queue short"\n}\n',
    passing='process Recover {\n    purpose "Restore the agreed service for the customer"\n}\n',
    per_declaration=True,
)
def purpose_not_customer_relevant(ctx: Context) -> Iterator[Hit]:
    """USM processes exist for the customer: each purpose says what the customer gets
    (a service, an agreement kept). A purpose that only speaks of internal matters
    (queues, tickets, efficiency) hides why the process exists."""
    words = vocabulary(ctx)
    for process in processes(ctx):
        purpose = process.purpose
        if purpose is not None and not words.customer & set(lemmas(purpose.value, words)):
            yield Hit(purpose.span,
                      f"the purpose of `{process.name.value}` names no customer-facing outcome: "
                      "say what the customer gets (a service, an agreement kept)")


@rule(
    code="C0503", name="duplicate-purpose", severity=Severity.ERROR, topic=TOPIC,
    summary="Two processes have the same or nearly the same purpose.",
    failing='process Recover {\n    purpose "Restore the agreed service for the customer"\n}\n'
            'process Repair {\n    purpose "Restore the agreed services for customers"\n}\n',
    passing='process Recover {\n    purpose "Restore the agreed service for the customer"\n}\n'
            'process Agree {\n    purpose "Agree the services the customer needs"\n}\n',
)
def duplicate_purpose(ctx: Context) -> Iterator[Hit]:
    """Each process has a unique purpose: two processes with the same purpose are one
    process described twice, and their work (and its counting) overlaps."""
    words = vocabulary(ctx)
    entries = [(process, content_words(process.purpose.value, words))
               for process in processes(ctx) if process.purpose is not None]
    threshold = ctx.config.thresholds.duplicate_purpose
    for first, second, score in similar_pairs([set(w) for _, w in entries], threshold):
        one, other = entries[first][0], entries[second][0]
        assert one.purpose is not None and other.purpose is not None
        yield ctx.pair(one.purpose.span, other.purpose.span,
                       f"processes `{one.name.value}` and `{other.name.value}` have "
                       f"{'the same' if score == 1 else 'nearly the same'} purpose "
                       f"(similarity {score:.2f}): each process has a purpose of its own",
                       "the other purpose")
