"""What a report shows, independent of HTML or Markdown: the counts, the
conformance matrix, the findings by process and file, framework coverage.

Each finding belongs to the process whose declaration holds it, else to the
process a workflow step names (a W finding at a step), else to the model as a
whole (the model block, practices, roles, tools, files that do not parse).
The matrix's columns are the ten criteria (the C rules' two-digit groups),
W (workflows) and F (frameworks); E and U findings are counted in the summary.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from usm_lint.diagrams import Diagram, diagram
from usm_lint.findings import Finding, Severity
from usm_lint.framework_coverage import Coverage, measure
from usm_lint.index import Index
from usm_lint.model import Span
from usm_lint.rules.helpers import catalogues

CRITERIA = [
    ("C01", "a what, not who or how"), ("C02", "reads as a verb"), ("C03", "countable"),
    ("C04", "no practical conditions"), ("C05", "a unique customer purpose"),
    ("C06", "identity when divided"), ("C07", "organised by a model"),
    ("C08", "the model holds every activity"), ("C09", "each activity once"),
    ("C10", "steered by process control"), ("W", "workflows"), ("F", "frameworks"),
]
"""The matrix's columns: (code prefix, what it judges)."""
MODEL_ROW = "(model)"
"""The matrix row of findings no process holds."""


def column_of(code: str) -> str | None:
    if code.startswith("C") and len(code) >= 3:
        return code[:3]
    if code[:1] in ("W", "F"):
        return code[:1]
    return None


@dataclass
class Overview:
    title: str
    root: str
    """The workspace root: file paths are shown relative to it."""
    shown_root: str
    """The root as the user named it (relative to the current folder)."""
    processes: list[str]
    """The model's processes, then the workspace's others."""
    activities: int
    workflows: int
    findings: list[Finding]
    owner: dict[int, str]
    """Each finding's row (by its position in `findings`): a process or MODEL_ROW."""
    diagram: Diagram
    coverage: list[Coverage] = field(default_factory=list)

    @property
    def rows(self) -> list[str]:
        """The matrix's rows: the processes, then any other owner of findings,
        then MODEL_ROW if it has any."""
        owners = set(self.owner.values())
        others = sorted(owners - set(self.processes) - {MODEL_ROW})
        return [*self.processes, *others, *([MODEL_ROW] if MODEL_ROW in owners else [])]

    def by_severity(self) -> Counter[Severity]:
        return Counter(f.severity for f in self.findings)

    def matrix(self) -> dict[tuple[str, str], int]:
        """(row, column) -> how many findings; a missing cell passes."""
        cells: Counter[tuple[str, str]] = Counter()
        for index, finding in enumerate(self.findings):
            column = column_of(finding.code)
            if column is not None:
                cells[(self.owner[index], column)] += 1
        return dict(cells)

    def grouped(self) -> dict[str, dict[str, list[Finding]]]:
        """Findings by row, then by file, in row order."""
        groups: dict[str, dict[str, list[Finding]]] = defaultdict(lambda: defaultdict(list))
        for index, finding in enumerate(self.findings):
            groups[self.owner[index]][finding.span.file].append(finding)
        return {row: dict(groups[row]) for row in self.rows if row in groups}


class _Places:
    """Spans that do not overlap, by file and start, each naming a process: the
    one holding a position is found by bisection (a report has thousands of
    findings and processes)."""

    def __init__(self, places: list[tuple[Span, str]]) -> None:
        self._by_file: dict[str, list[tuple[tuple[int, int], Span, str]]] = defaultdict(list)
        for span, name in places:
            self._by_file[span.file].append(((span.line, span.column), span, name))
        for entries in self._by_file.values():
            entries.sort(key=lambda entry: entry[0])
        self._starts = {file: [entry[0] for entry in entries]
                        for file, entries in self._by_file.items()}

    def holding(self, span: Span) -> str | None:
        entries = self._by_file.get(span.file)
        if not entries:
            return None
        at = bisect_right(self._starts[span.file], (span.line, span.column)) - 1
        if at < 0:
            return None
        _start, outer, name = entries[at]
        inside = (span.line, span.column) <= (outer.end_line, outer.end_column)
        return name if inside else None


def _owners(index: Index, findings: list[Finding]) -> dict[int, str]:
    processes = _Places([(p.span, name) for name, p in index.processes.items()])
    steps = _Places([(s.span, s.ref.process.value) for w in index.workflows.values()
                     for s in w.steps if s.ref.process.value in index.processes])
    return {position: processes.holding(f.span) or steps.holding(f.span) or MODEL_ROW
            for position, f in enumerate(findings)}


def claimed_frameworks(index: Index) -> list[str]:
    """The catalogued frameworks the model's practices claim, in catalogue order."""
    claimed = {catalogues.canonical(claim.framework.value)
               for practice in index.practices.values() for claim in practice.frameworks}
    return [f for f in catalogues.FRAMEWORKS if f in claimed]


def overview(index: Index, findings: list[Finding], root: str, shown_root: str) -> Overview:
    drawn = diagram(index)
    # The model's declared processes, then those declared outside it: every one
    # is a row of the matrix, and the summary counts them all (a name the model
    # lists but nothing declares is E002's, in the model's row).
    names = list(dict.fromkeys([*(name for name, _alias in drawn.processes
                                  if name in index.processes), *index.processes]))
    activities = sum(len(index.activities.get(name, {})) for name in index.processes)
    return Overview(
        title=drawn.title, root=root, shown_root=shown_root, processes=names, activities=activities,
        workflows=len(index.workflows), findings=findings, owner=_owners(index, findings),
        diagram=drawn,
        coverage=[measure(index, framework, root) for framework in claimed_frameworks(index)])
