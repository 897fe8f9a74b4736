"""The index of a workspace: every declaration by kind and name.

Built by the resolver (usm_lint/resolve.py), read by the rules, the server,
reports and commands. Kept apart from the resolver, which needs the E rules,
so that what reads the index does not load them.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field

from usm_lint.model import Activity, Model, Practice, Process, Ref, Role, Tool, Workflow


@dataclass
class Index:
    """Every declaration of a workspace by name, first declaration first (BPMN
    processes of several files labelled alike each under a key of its own)."""

    models: list[Model] = field(default_factory=list)
    processes: dict[str, Process] = field(default_factory=dict)
    workflows: dict[str, Workflow] = field(default_factory=dict)
    roles: dict[str, Role] = field(default_factory=dict)
    tools: dict[str, Tool] = field(default_factory=dict)
    practices: dict[str, Practice] = field(default_factory=dict)
    activities: dict[str, dict[str, Activity]] = field(default_factory=dict)
    """Process key (as in `processes`) -> activity name -> activity."""
    by_code: dict[str, Process] = field(default_factory=dict)
    _keys: dict[int, str] | None = field(default=None, repr=False, compare=False)

    def key_of(self, process: Process) -> str:
        """The key `processes` holds a process under: its name, or, for a BPMN
        process labelled like one of another file, its label and its file
        (`Handle claim (v2.bpmn)`), which messages show to tell them apart."""
        if self._keys is None:  # asked after resolution, when the table is whole
            self._keys = {id(p): key for key, p in self.processes.items()}
        return self._keys.get(id(process), process.name.value)

    def kind_of(self, name: str) -> str | None:
        """Which namespace declares `name`, for messages about the wrong kind."""
        for kind, table in (("process", self.processes), ("workflow", self.workflows),
                            ("role", self.roles), ("tool", self.tools),
                            ("practice", self.practices)):
            if name in table:
                return kind
        return None

    def activity(self, ref: Ref) -> Activity | None:
        return self.activities.get(ref.process.value, {}).get(ref.activity.value)


def did_you_mean(name: str, candidates: Iterable[str]) -> str:
    close = difflib.get_close_matches(name, list(candidates), n=1, cutoff=0.6)
    return f"; did you mean `{close[0]}`?" if close else ""
