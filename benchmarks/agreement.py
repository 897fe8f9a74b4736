"""How far two people agree on the labelled names, next to the rules.

    python -m benchmarks agreement

The name targets of issue #15 (precision 0.97, recall 0.95) only mean
something if people reading the same names agree at least that well. A
second labeller, who read only tests/data/names/GUIDE.md, labelled the names
of two held-out sets again (tests/data/names/second/). This prints how often
the two verdicts agree (and Cohen's kappa, agreement beyond chance), where
they differ, and then each labeller's verdicts scored as if they were a
linter against the other's labels, beside usm-lint scored against each: the
distance between the rules and a second person is the distance left to go.
"""

from __future__ import annotations

import sys
from collections import Counter

from benchmarks.names import DATA, Name, Score, codes_by_name, load, score

SECOND = DATA / "second"


def pairs() -> list[tuple[Name, Name]]:
    """Each name as the first and the second labeller read it, junk left out."""
    found: list[tuple[Name, Name]] = []
    for path in sorted(SECOND.glob("*.tsv")):
        first = {(name.kind, name.text): name for name in load(DATA / path.name)}
        for name in load(path):
            other = first[(name.kind, name.text)]
            if "junk" not in (name.verdict, other.verdict):
                found.append((other, name))
    return found


def as_findings(name: Name) -> set[str]:
    """The codes a labeller's verdict amounts to."""
    codes = {"noun": {"C0201" if name.kind == "process" else "C0203"},
             "placeholder": {"C0204"}, "foreign": {"C0205"}}.get(name.verdict, set())
    return codes | ({"C0101"} if name.actor == "actor" else set())


def kappa(pairs: list[tuple[Name, Name]]) -> float:
    """Cohen's kappa of the two labellers' verdicts."""
    total = len(pairs)
    observed = sum(a.verdict == b.verdict for a, b in pairs) / total
    first, second = Counter(a.verdict for a, _ in pairs), Counter(b.verdict for _, b in pairs)
    chance = sum(first[v] * second[v] for v in first) / total ** 2
    return (observed - chance) / (1 - chance)


def show(title: str, scores: dict[str, Score]) -> None:
    print(title)
    for key, value in scores.items():
        print(f"    {key:30} {value.precision:9.3f} {value.recall:7.3f}")


def main(argv: list[str]) -> None:
    del argv  # no options
    both = pairs()
    first = [a for a, _ in both]
    second = [b for _, b in both]
    same = sum(a.verdict == b.verdict for a, b in both)
    print(f"{len(both)} names labelled twice: verdicts agree on {same} "
          f"({same / len(both):.3f}), Cohen's kappa {kappa(both):.3f}; actors agree on "
          f"{sum(a.actor == b.actor for a, b in both) / len(both):.3f}")
    differ = Counter((a.verdict, b.verdict) for a, b in both if a.verdict != b.verdict)
    print("where they differ (first -> second): " + ", ".join(
        f"{a} -> {b} {n}" for (a, b), n in differ.most_common()))
    rules = codes_by_name(first)
    print(f"{'':34} {'precision':>9} {'recall':>7}")
    show("the second labeller against the first:",
         score(first, [as_findings(b) for b in second]))
    show("usm-lint against the first labeller:", score(first, rules))
    show("usm-lint against the second labeller:", score(second, rules))


if __name__ == "__main__":
    main(sys.argv[1:])
