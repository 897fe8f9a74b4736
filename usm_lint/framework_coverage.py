"""Which framework practices a model realises (`usm-lint coverage`, the report).

USM claims that every practice of ITIL 4 (34), ITIL v3 (26), COBIT (COBIT 5's
29 management processes; COBIT 2019's 40 objectives), FitSM (14), ASL 2 (26),
BiSL (23) and ISO/IEC 20000-1 (21) is realised through its processes; the
coverage of one catalogue lets a user prove it for their own model. For each
catalogue entry it holds the model's practices that claim it (`framework
ITIL4 "Incident management"`, matched exactly as the catalogue compares
names: a name F001 only recognises fuzzily does not count) and the processes
realising them. An entry is realised when some practice claiming it names,
in `realised-by`, a declared process that is in the model (any declared
process when the workspace has no model).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from usm_lint.index import Index
from usm_lint.model import Practice
from usm_lint.rules.helpers import catalogues


@dataclass
class Claim:
    practice: Practice
    processes: list[str]
    """The claiming practice's realising processes that count (declared, in the model)."""


@dataclass
class Row:
    entry: catalogues.Entry
    claims: list[Claim] = field(default_factory=list)

    @property
    def processes(self) -> list[str]:
        seen: dict[str, None] = {}
        for claim in self.claims:
            seen.update(dict.fromkeys(claim.processes))
        return list(seen)

    @property
    def realised(self) -> bool:
        return bool(self.processes)


@dataclass
class Unmatched:
    """A claim on the framework whose name is not the catalogue's (F001)."""

    practice: Practice
    name: str
    suggestion: str | None


@dataclass
class Coverage:
    framework: str
    root: str
    rows: list[Row]
    unmatched: list[Unmatched]

    @property
    def realised(self) -> int:
        return sum(row.realised for row in self.rows)

    @property
    def total(self) -> int:
        return len(self.rows)

    @property
    def percent(self) -> float:
        return 100.0 * self.realised / self.total if self.total else 100.0

    def subsets(self) -> list[tuple[str, int, int]]:
        """(description, realised, total) of each part of the catalogue coverage
        reports beside the whole (COBIT 5's 29 management processes)."""
        found = catalogues.SUBSETS.get(self.framework)
        if found is None:
            return []
        description, prefixes = found
        rows = [r for r in self.rows if (r.entry.id or "").startswith(prefixes)]
        return [(description, sum(r.realised for r in rows), len(rows))]

    def below(self, fail_under: float) -> bool:
        # Compare exactly: realised / total < fail_under / 100.
        return self.realised * 100 < fail_under * self.total


def measure(index: Index, framework: str, root: str) -> Coverage:
    """The coverage of `framework`'s catalogue by the model in `index`."""
    found = catalogues.catalogue(framework)
    assert found is not None
    rows = {entry: Row(entry) for entry in found.entries}
    in_model = ({n.value for model in index.models[:1] for n in model.processes}
                if index.models else None)
    unmatched: list[Unmatched] = []
    for practice in index.practices.values():
        processes = [n.value for n in practice.realised_by
                     if n.value in index.processes and (in_model is None or n.value in in_model)]
        for claim in practice.frameworks:
            if catalogues.canonical(claim.framework.value) != found.framework:
                continue
            entry = catalogues.lookup(found.framework, claim.practice.value)
            if entry is None:
                unmatched.append(Unmatched(practice, claim.practice.value,
                                           catalogues.closest(found.framework,
                                                              claim.practice.value)))
            elif all(c.practice is not practice for c in rows[entry].claims):
                rows[entry].claims.append(Claim(practice, processes))
    return Coverage(found.framework, root, list(rows.values()), unmatched)
