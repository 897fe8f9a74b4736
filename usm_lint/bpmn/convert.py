"""A file imported from BPMN -> the equivalent `.usm` text (`usm-lint convert`).

Processes and their activities become USM statements. What USM keeps out of
processes (the who, the how, practical conditions) becomes comments where the
BPMN model had it: above the one activity it concerns, else at the top of the
process. Events, gateways and flows have no USM statement. The text parses to
the imported processes, and `usm-lint format` leaves it as it is (tested).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from usm_lint.bpmn.identifiers import camel, unique
from usm_lint.model import Detail, File, Process

FACETS = (("who", "who"), ("how", "how"), ("conditions", "condition"))
"""BpmnFacts fields, and the word that starts their comments."""

HEADER = """\
# Converted from {source} by `usm-lint convert`: its processes and their
# activities. The who (lanes, performers), the how (implementations, forms,
# scripts) and practical conditions (timers) of the BPMN model are kept as
# comments where it had them: in USM they belong in practices.
"""


@dataclass(frozen=True)
class Conversion:
    text: str
    processes: int
    activities: int
    left_out: Counter[tuple[str, str]]
    """(facet word, kind) -> how many were written as comments."""

    def summary(self, source: str) -> str:
        said = (f"converted {self.processes} process(es) with {self.activities} "
                f"activities from {source}")
        groups = []
        for _, word in FACETS:
            counts = [f"{kind} ({count})" for (facet, kind), count in self.left_out.items()
                      if facet == word]
            if counts:
                groups.append(f"{word}: {', '.join(counts)}")
        if groups:
            said += "; written as comments (they belong in practices): " + "; ".join(groups)
        return said + ("; events, gateways, flows and pools drawn closed (external parties) "
                       "have no USM statement")


def _string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _comment(word: str, detail: Detail, with_activities: bool) -> str:
    line = f"# {word}: {detail.kind} {_string(detail.text.value)}"
    if with_activities and detail.activities:
        line += " (" + ", ".join(detail.activities) + ")"
    return line


def _process(process: Process, identifier: str, left_out: Counter[tuple[str, str]]
             ) -> list[str]:
    lines = [f"process {identifier} {{"]
    facts = process.bpmn
    if process.name.value != identifier and (facts is None
                                             or process.name.value != facts.element_id):
        lines.append(f"    alias {_string(process.name.value)}")
    above: dict[str, list[str]] = {}
    for field, word in FACETS:
        for detail in getattr(facts, field) if facts is not None else ():
            left_out[word, detail.kind] += 1
            if len(detail.activities) == 1:
                above.setdefault(detail.activities[0], []).append(_comment(word, detail, False))
            else:
                lines.append("    " + _comment(word, detail, True))
    for activity in process.activities:
        lines.extend("    " + comment for comment in above.get(activity.name.value, ()))
        lines.append(f"    activity {activity.name.value} {_string(activity.text.value)}")
    lines.append("}")
    return lines


def convert(file: File, source: str) -> Conversion:
    """`source`: how the header names the BPMN file."""
    identifiers = unique(camel(p.name.value, p.bpmn.element_id if p.bpmn else "")
                         for p in file.processes)
    left_out: Counter[tuple[str, str]] = Counter()
    blocks = ["\n".join(_process(p, identifier, left_out))
              for p, identifier in zip(file.processes, identifiers, strict=True)]
    text = "\n\n".join([HEADER.format(source=source).rstrip("\n"), *blocks]) + "\n"
    return Conversion(text, len(file.processes),
                      sum(len(p.activities) for p in file.processes), left_out)
