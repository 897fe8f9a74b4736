"""Criterion 9: each activity occurs only once in the model."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from functools import lru_cache, partial

from usm_lint.engine.context import Context
from usm_lint.findings import Hit, Severity
from usm_lint.model import Activity, Process
from usm_lint.rule import rule
from usm_lint.rules.reading import Words, content_words, lemmas, vocabulary
from usm_lint.rules.similarity import similar_pairs
from usm_lint.rules.structure import executing_process, processes

TOPIC = "C09 each activity occurs only once"

_TWO = ('process Recover {{\n    activity register "{a}"\n}}\n'
        'process Agree {{\n    activity record "{b}"\n}}\n')


Keyed = tuple[Process, Activity, tuple[str, ...], str | None]
"""An activity with its process, its normalised text and its leading lemma."""


def _keyed(ctx: Context, words: Words) -> Iterator[Keyed]:
    for process in processes(ctx):
        yield from ctx.derived_from(process, ("activity keys", words),
                                    partial(_keys_of, process, words))


def _keys_of(process: Process, words: Words) -> tuple[Keyed, ...]:
    return tuple((process, activity, content_words(activity.text.value, words),
                  next(iter(lemmas(activity.text.value, words)), None))
                 for activity in process.activities)


@rule(
    code="C0901", name="duplicate-activity", severity=Severity.ERROR, topic=TOPIC,
    summary="Two activities anywhere in the model have the same normalised text.",
    failing=_TWO.format(a="Register the request", b="Register the requests"),
    passing=_TWO.format(a="Register the request", b="Agree the service level"),
    bpmn="Compares the activities of every process, BPMN and USM alike, across all the "
         "workspace's files.",
)
def duplicate_activity(ctx: Context) -> Iterator[Hit]:
    """Each activity occurs once in the model: the same work described in two places
    is done, counted and steered twice, and the two copies drift apart."""
    words = vocabulary(ctx)
    first: dict[tuple[str, ...], tuple[Process, Activity]] = {}
    for process, activity, key, _leading in _keyed(ctx, words):
        if not key:
            continue
        if key in first:
            other_process, other = first[key]
            yield ctx.pair(other.text.span, activity.text.span,
                           f"activities `{other_process.name.value}.{other.name.value}` and "
                           f"`{process.name.value}.{activity.name.value}` say the same: each "
                           "activity occurs once in the model", "the other activity")
        else:
            first[key] = (process, activity)


@rule(
    code="C0902", name="similar-activity", severity=Severity.WARNING, topic=TOPIC,
    summary="Two activities in different processes are near-duplicates.",
    failing=_TWO.format(a="Register the incident report", b="Register the incident"),
    passing=_TWO.format(a="Register the incident", b="Register the agreement"),
    bpmn="Compares the activities of every process, BPMN and USM alike, across all the "
         "workspace's files.",
)
def similar_activity(ctx: Context) -> Iterator[Hit]:
    """Near-duplicates (same leading verb, mostly the same objects) in two processes
    usually are one activity in the wrong place, or one that should be shared
    through a workflow instead of copied."""
    words = vocabulary(ctx)
    threshold = ctx.config.thresholds.similar_activity
    groups: dict[str, list[tuple[Process, Activity, tuple[str, ...]]]] = defaultdict(list)
    seen_exact: set[tuple[str, ...]] = set()
    for process, activity, key, leading in _keyed(ctx, words):
        if not key or leading is None:
            continue
        if key in seen_exact:
            continue  # C0901 reports exact duplicates
        seen_exact.add(key)
        groups[leading].append((process, activity, key))
    for members in groups.values():
        for i, j, score in _similar_objects(tuple(key for _, _, key in members), threshold):
            (p1, a1, _), (p2, a2, _) = members[i], members[j]
            if p1.name.value == p2.name.value:
                continue  # near-duplicates within one process are for C0901
            yield ctx.pair(a1.text.span, a2.text.span,
                           f"activities `{p1.name.value}.{a1.name.value}` and "
                           f"`{p2.name.value}.{a2.name.value}` are nearly the same "
                           f"(similarity {score:.2f}): keep the activity in one process",
                           "the similar activity")


@lru_cache(maxsize=1024)
def _similar_objects(keys: tuple[tuple[str, ...], ...], threshold: float
                     ) -> tuple[tuple[int, int, float], ...]:
    """The similar pairs among texts of one leading verb, by their other words
    (memoised: an edit changes the texts of one or two verbs)."""
    return tuple(similar_pairs([set(key) - {key[0]} for key in keys], threshold))


@rule(
    code="C0903", name="execution-outside-operate", severity=Severity.ERROR, topic=TOPIC,
    summary="An activity that executes (deploy, install, restart, ...) is outside Operate.",
    failing='model Acme {\n    processes Change, Operate\n    flow Change -> Operate\n}\n'
            'process Change {\n    activity deploy "Deploy the release"\n}\n'
            'process Operate {\n    activity run "Run the planned work"\n}\n',
    passing='model Acme {\n    processes Change, Operate\n    flow Change -> Operate\n}\n'
            'process Change {\n    activity plan "Plan the release"\n}\n'
            'process Operate {\n    activity deploy "Deploy the release"\n}\n',
)
def execution_outside_operate(ctx: Context) -> Iterator[Hit]:
    """In USM execution always happens in one process: Operate (or the model's
    `executes` process). Other processes decide, plan and agree; an execution verb
    in them duplicates Operate's work."""
    operate = executing_process(ctx)
    if operate is None:
        return
    words = vocabulary(ctx)
    for process in processes(ctx):
        if process.name.value == operate.name.value:
            continue
        for activity in process.activities:
            leading = lemmas(activity.text.value, words)[:1]
            if leading and leading[0] in words.execution_verbs:
                yield Hit(activity.text.span,
                          f"activity `{activity.name.value}` of `{process.name.value}` executes "
                          f"(\"{leading[0]}\"): execution happens only in "
                          f"`{operate.name.value}`; move it there and hand over through a flow")
