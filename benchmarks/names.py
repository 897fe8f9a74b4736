"""Accuracy of the name rules on real, labelled names.

    python -m benchmarks names [--show-errors]

Reads tests/data/names/ (real process and activity names from public BPMN
models, labelled by people who never saw the rules: names.tsv, the set the
rules were developed on; heldout.tsv, engine test fixtures collected after
the rules were written, whose errors then guided one round of changes;
heldout2.tsv, business models collected and labelled blind after that round,
measured once untouched and then used as the held-out set; heldout3.tsv,
likewise one round later; heldout4.tsv to heldout20.tsv, each measured
once untouched and then tuned on; heldout21.tsv, the blind set, collected
and labelled blind and measured at its round's start and end, never read
for errors), checks each name as
a BPMN model of its own, and prints each rule's precision and recall against
the labels: C0201/C0202 on process names, C0203 on activity texts, C0204 on
both, C0205 (not English) on both, C0101 on both (a who that acts), and
whether a noun or placeholder gets any C020x finding at all. Names labelled
junk are left out. A placeholder or a foreign name counts against a
verb rule that reports it: it should be C0204's or C0205's.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import quoteattr

DATA = Path(__file__).parents[1] / "tests" / "data" / "names"
SETS = {"development": DATA / "names.tsv", "held-out": DATA / "heldout.tsv",
        "held-out 2": DATA / "heldout2.tsv", "held-out 3": DATA / "heldout3.tsv",
        "held-out 4": DATA / "heldout4.tsv", "held-out 5": DATA / "heldout5.tsv",
        "held-out 6": DATA / "heldout6.tsv", "held-out 7": DATA / "heldout7.tsv",
        "held-out 8": DATA / "heldout8.tsv", "held-out 9": DATA / "heldout9.tsv",
        "held-out 10": DATA / "heldout10.tsv", "held-out 11": DATA / "heldout11.tsv",
        "held-out 12": DATA / "heldout12.tsv", "held-out 13": DATA / "heldout13.tsv",
        "held-out 14": DATA / "heldout14.tsv", "held-out 15": DATA / "heldout15.tsv",
        "held-out 16": DATA / "heldout16.tsv", "held-out 17": DATA / "heldout17.tsv",
        "held-out 18": DATA / "heldout18.tsv", "held-out 19": DATA / "heldout19.tsv",
        "held-out 20": DATA / "heldout20.tsv", "held-out 21": DATA / "heldout21.tsv",
        "held-out 22": DATA / "heldout22.tsv", "blind": DATA / "heldout23.tsv"}
FILLER_PROCESS = "Handle work {index}"  # unique: each labelled text judged in a process of its own
FILLER_TASK = "Register the item"
BPMN = """<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="x">
<process id="p" name={process}>
<task id="t" name={task}/>
</process>
</definitions>
"""
PROCESS_LINE, TASK_LINE = 3, 4
# Targets from issue #15.
TARGETS = {"C0201/C0202 process names": (0.97, 0.95), "C0203 activity texts": (0.97, 0.95),
           "C0204 placeholders": (0.97, 0.95), "C0101 who acts": (0.90, None)}


@dataclass(frozen=True)
class Name:
    kind: str
    text: str
    verdict: str
    actor: str
    source: str


def load(path: Path) -> list[Name]:
    names = []
    for line in path.read_text("utf-8").splitlines():
        if line and not line.startswith("#"):
            kind, text, verdict, actor, source, _licence, _note = line.split("\t")
            names.append(Name(kind, text, verdict, actor, source))
    return names


@dataclass
class Score:
    true_positive: int = 0
    false_positive: int = 0
    false_negative: int = 0
    misses: list[str] = field(default_factory=list)
    false_alarms: list[str] = field(default_factory=list)

    def add(self, label: bool, found: bool, what: str) -> None:
        if label and found:
            self.true_positive += 1
        elif found:
            self.false_positive += 1
            self.false_alarms.append(what)
        elif label:
            self.false_negative += 1
            self.misses.append(what)

    @property
    def precision(self) -> float:
        found = self.true_positive + self.false_positive
        return self.true_positive / found if found else 1.0

    @property
    def recall(self) -> float:
        labelled = self.true_positive + self.false_negative
        return self.true_positive / labelled if labelled else 1.0


def codes_by_name(names: list[Name]) -> list[set[str]]:
    """The codes each name gets on its own line, each name a BPMN model of its own."""
    from usm_lint.lint import lint_paths
    from usm_lint.registry import RULES

    with tempfile.TemporaryDirectory() as temp:
        root = Path(temp)
        (root / "usm-lint.toml").write_text("bpmn = true\n", encoding="utf-8")
        for index, name in enumerate(names):
            process, task = ((name.text, FILLER_TASK) if name.kind == "process"
                             else (FILLER_PROCESS.format(index=index), name.text))
            (root / f"n{index:04}.bpmn").write_text(
                BPMN.format(process=quoteattr(process), task=quoteattr(task)), encoding="utf-8")
        result = lint_paths([str(root)], RULES, root)
        found: list[set[str]] = [set() for _ in names]
        for finding in result.findings:
            index = int(Path(finding.span.file).stem[1:])
            line = PROCESS_LINE if names[index].kind == "process" else TASK_LINE
            if finding.span.line == line or finding.code == "C0205":
                found[index].add(finding.code)
        return found


def score(names: list[Name], found: list[set[str]]) -> dict[str, Score]:
    scores = {key: Score() for key in (*TARGETS, "C0205 not English", "any C020x on a non-verb")}
    for name, codes in zip(names, found, strict=True):
        if name.verdict == "junk":
            continue
        what = f"{name.kind}: {name.text!r} ({name.verdict}, {name.actor}) -> {sorted(codes)}"
        if name.kind == "process":
            scores["C0201/C0202 process names"].add(
                name.verdict == "noun", bool(codes & {"C0201", "C0202"}), what)
        else:
            scores["C0203 activity texts"].add(name.verdict == "noun", "C0203" in codes, what)
        scores["C0204 placeholders"].add(name.verdict == "placeholder", "C0204" in codes, what)
        scores["C0205 not English"].add(name.verdict == "foreign", "C0205" in codes, what)
        scores["C0101 who acts"].add(name.actor == "actor", "C0101" in codes, what)
        if name.verdict != "foreign":  # the measure: is a bad name reported at all?
            scores["any C020x on a non-verb"].add(
                name.verdict in ("noun", "placeholder"),
                bool(codes & {"C0201", "C0202", "C0203", "C0204"}), what)
    return scores


def main(argv: list[str]) -> None:
    options = argparse.ArgumentParser(prog="python -m benchmarks names")
    options.add_argument("--show-errors", action="store_true",
                         help="list every miss and false alarm")
    options.add_argument("--set", choices=[*SETS, "all"], default="all",
                         help="which labelled set to score (default: each in turn)")
    parsed = options.parse_args(argv)
    for label, path in SETS.items():
        if parsed.set in (label, "all"):
            report(label, load(path), parsed.show_errors)
    if parsed.set == "all":  # pooled: the figure least moved by one set's quirks
        report("all sets together:", [n for path in SETS.values() for n in load(path)], False)


def report(label: str, names: list[Name], show: bool) -> None:
    scores = score(names, codes_by_name(names))
    junk = sum(n.verdict == "junk" for n in names)
    title = label if label.endswith(":") else f"{label} set:"
    print(f"{title} {len(names)} labelled names ({junk} junk left out)")
    print(f"{'rule':28} {'precision':>9} {'recall':>7} {'TP':>4} {'FP':>4} {'FN':>4}  target")
    for key, result in scores.items():
        precision, recall = TARGETS.get(key, (None, None))
        target = " ".join(f"{what} >= {value}" for what, value in (("P", precision), ("R", recall))
                          if value is not None)
        print(f"{key:28} {result.precision:9.3f} {result.recall:7.3f} {result.true_positive:4} "
              f"{result.false_positive:4} {result.false_negative:4}  {target}")
        if show:
            for what in result.misses:
                print(f"    miss  {what}")
            for what in result.false_alarms:
                print(f"    alarm {what}")


if __name__ == "__main__":
    main(sys.argv[1:])
