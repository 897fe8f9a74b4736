"""Criterion 9: each activity occurs only once in the model."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from functools import lru_cache, partial

from usm_lint.findings import Hit, Severity
from usm_lint.model import Activity, Process, Span
from usm_lint.rule import Context, rule
from usm_lint.rules import words as lexicon
from usm_lint.rules.helpers.reading import Words, content_words, placeholder_text, vocabulary
from usm_lint.rules.helpers.similarity import similar_pairs
from usm_lint.rules.helpers.structure import executing_process, processes
from usm_lint.rules.words.tables import kept_words

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
    # A placeholder ("Task 1") names no work, so no work twice: C0204 reports it.
    return tuple((process, activity,
                  () if placeholder_text(activity.text.value, words)
                  else content_words(activity.text.value, words),
                  leading_verb(activity.text.value, words))
                 for activity in process.activities)


def leading_verb(text: str, words: Words) -> str | None:
    """The lemma of a text's leading word, after skipped adverbs ("Immediately
    deploy the release": "deploy")."""
    parts = lexicon.text_words(text)
    if not parts:
        return None
    base = lexicon.lemma(parts[lexicon.leading_at(parts, words.verbs, words.not_verbs)])
    return words.synonyms.get(base, base)


@rule(
    code="C0901", name="duplicate-activity", severity=Severity.ERROR, topic=TOPIC,
    summary="Two activities anywhere in the model have the same normalised text.",
    failing=_TWO.format(a="Register the request", b="Register the requests"),
    passing=_TWO.format(a="Register the request", b="Agree the service level"),
    bpmn="Compares the activities of every process, BPMN and USM alike, across all the "
         "workspace's files; placeholder texts (\"Task 1\", C0204's) are not compared.",
)
def duplicate_activity(ctx: Context) -> Iterator[Hit]:
    """Each activity occurs once in the model: the same work described in two places
    is done, counted and steered twice, and the two copies drift apart."""
    words = vocabulary(ctx)
    first: dict[tuple[str, ...], tuple[Process, Activity]] = {}
    names: set[tuple[Span, str]] = set()
    for process, activity, key, _leading in _keyed(ctx, words):
        name = (process.span, activity.name.value)  # two BPMN processes may share a label
        if name in names:
            continue  # the same activity declared twice: E003's, one defect, one code
        names.add(name)
        if not key:
            continue
        if key in first:
            other_process, other = first[key]
            one, two = _shown(ctx, other_process, other), _shown(ctx, process, activity)
            yield ctx.pair(other.text.span, activity.text.span,
                           f"activities {one} and {two} say the same: each activity occurs "
                           "once in the model", "the other activity")
        else:
            first[key] = (process, activity)


@rule(
    code="C0902", name="similar-activity", severity=Severity.WARNING, topic=TOPIC,
    summary="Activities in different processes are near-duplicates.",
    failing=_TWO.format(a="Register the incident report of the service",
                        b="Register the incident report"),
    passing=_TWO.format(a="Receive the items", b="Receive and package the items"),
    bpmn="Compares the activities of every process, BPMN and USM alike, across all the "
         "workspace's files; a call activity is never compared with the process it calls, "
         "and placeholder texts (\"Task 1\", C0204's) are not compared.",
)
def similar_activity(ctx: Context) -> Iterator[Hit]:
    """Near-duplicates (same leading verb, mostly the same objects, at least two
    of them shared) in several processes usually are one activity in the wrong
    place, or one that should be shared through a workflow instead of copied.
    Each group of similar activities is one finding, at its latest member."""
    words = vocabulary(ctx)
    threshold = ctx.config.thresholds.similar_activity
    by_verb: dict[str, list[tuple[Process, Activity, tuple[str, ...]]]] = defaultdict(list)
    seen_exact: set[tuple[str, ...]] = set()
    for process, activity, key, leading in _keyed(ctx, words):
        if not key or leading is None:
            continue
        if key in seen_exact:
            continue  # C0901 reports exact duplicates
        seen_exact.add(key)
        by_verb[leading].append((process, activity, key))
    for members in by_verb.values():
        pairs = _similar_objects(tuple(key for _, _, key in members), threshold)
        groups = _groups(len(members), ((i, j) for i, j, _ in pairs
                                        if _comparable(members[i], members[j])))
        for group in groups:
            found = [members[i] for i in group]
            yield ctx.group([a.text.span for _, a, _ in found],
                            partial(_similar_message, ctx, found), "a similar activity")


Member = tuple[Process, Activity, tuple[str, ...]]


def _comparable(one: Member, other: Member) -> bool:
    """Two activities C0902 may call near-duplicates: in different processes,
    sharing at least two objects, neither a call of the other's process."""
    (p1, a1, key1), (p2, a2, key2) = one, other
    if p1.span == p2.span:
        return False  # near-duplicates within one process are for C0901
    if len(_objects(key1) & _objects(key2)) < _SHARED_OBJECTS:
        return False
    return not (_calls(p1, a1, p2) or _calls(p2, a2, p1))


# "Receive the items" and "Receive and package the items" share one object:
# the verb and one object in common are not yet the same work.
_SHARED_OBJECTS = 2


def _objects(key: tuple[str, ...]) -> frozenset[str]:
    """A normalised text's objects: its words but the leading verb and the kept
    function words."""
    return frozenset(key[1:]) - kept_words() - set(key[:1])


def _calls(process: Process, activity: Activity, other: Process) -> bool:
    """Whether `activity` is a BPMN call activity that calls `other`."""
    return (process.bpmn is not None and other.bpmn is not None
            and process.bpmn.calls.get(activity.name.value) == other.bpmn.element_id)


def _groups(size: int, pairs: Iterable[tuple[int, int]]) -> list[list[int]]:
    """The connected groups of members joined by pairs, each in member order."""
    parent = list(range(size))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    joined = False
    for i, j in pairs:
        parent[root(i)] = root(j)
        joined = True
    if not joined:
        return []
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(size):
        groups[root(i)].append(i)
    return [members for members in groups.values() if len(members) > 1]


def _shown(ctx: Context, process: Process, activity: Activity) -> str:
    """`Process.activity` for a message, the process as the index keys it (a
    BPMN process labelled like another file's with its file)."""
    return f"`{ctx.index.key_of(process)}.{activity.name.value}`"


def _similar_message(ctx: Context, found: list[Member], at: Span) -> str:
    here = next(_shown(ctx, p, a) for p, a, _ in found if a.text.span == at)
    others = [_shown(ctx, p, a) for p, a, _ in found if a.text.span != at]
    return (f"activity {here} is nearly the same as {', '.join(others)}: keep the activity "
            "in one process")


@lru_cache(maxsize=1024)
def _similar_objects(keys: tuple[tuple[str, ...], ...], threshold: float
                     ) -> tuple[tuple[int, int, float], ...]:
    """The similar pairs among texts of one leading verb, by their other words
    (memoised: an edit changes the texts of one or two verbs)."""
    return tuple(similar_pairs([set(_objects(key)) for key in keys], threshold))


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
            leading = leading_verb(activity.text.value, words)
            if leading in words.execution_verbs:
                yield Hit(activity.text.span,
                          f"activity `{activity.name.value}` of `{process.name.value}` executes "
                          f"(\"{leading}\"): execution happens only in "
                          f"`{operate.name.value}`; move it there and hand over through a flow")
