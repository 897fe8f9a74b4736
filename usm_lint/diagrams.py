"""The model as a diagram (`usm-lint graph`, the report's process map).

The model's processes (nodes) and flows (edges), and each workflow as a path
through them: one subgraph per workflow (or only the one `--workflow`
names), holding one node per fragment (consecutive steps in one process)
joined in the order the workflow passes them. Without a `model` block, the
declared processes are drawn with no flows.

Mermaid: `flowchart LR`; node ids are made of letters, digits and `_` only
(and never a Mermaid keyword); labels are quoted, with `"`, `#`, `<`, `>`
written as entity codes. Dot: a `digraph` with every id and label quoted and
escaped; workflows are `cluster_` subgraphs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import pairwise

from usm_lint.index import Index
from usm_lint.model import Workflow


@dataclass
class Fragment:
    process: str
    activities: list[str]


@dataclass
class WorkflowPath:
    name: str
    template: str | None
    fragments: list[Fragment]


@dataclass
class Diagram:
    """What is drawn, independent of the output syntax."""

    title: str
    processes: list[tuple[str, str | None]]
    """(name, alias) of each process, in model order."""
    flows: list[tuple[str, str]]
    executes: str | None
    workflows: list[WorkflowPath] = field(default_factory=list)


def fragments(workflow: Workflow) -> list[Fragment]:
    """The workflow's steps grouped into runs of consecutive steps in one process."""
    found: list[Fragment] = []
    for step in workflow.steps:
        process, activity = step.ref.process.value, step.ref.activity.value
        if found and found[-1].process == process:
            found[-1].activities.append(activity)
        else:
            found.append(Fragment(process, [activity]))
    return found


def diagram(index: Index, only: str | None = None) -> Diagram:
    model = index.models[0] if index.models else None
    names = ([n.value for n in model.processes] if model is not None
             else list(index.processes))
    names = list(dict.fromkeys(names))
    processes = []
    for name in names:
        declared = index.processes.get(name)
        alias = declared.alias.value if declared is not None and declared.alias else None
        processes.append((name, alias))
    flows: list[tuple[str, str]] = []
    if model is not None:
        for flow in model.flows:
            for target in flow.targets:
                edge = (flow.source.value, target.value)
                if edge not in flows:
                    flows.append(edge)
    title = (model.title.value if model is not None and model.title is not None
             else model.name.value if model is not None else "USM model")
    executes = (model.executes.value if model is not None and model.executes is not None
                else None)
    paths = [WorkflowPath(w.name.value, w.template.value if w.template else None, fragments(w))
             for w in index.workflows.values() if only is None or w.name.value == only]
    return Diagram(title, processes, flows, executes, paths)


# ---- mermaid ----------------------------------------------------------------

_MERMAID_KEYWORDS = frozenset({"end", "graph", "flowchart", "subgraph", "direction", "click",
                               "style", "classdef", "class", "linkstyle", "call", "href"})


class _Ids:
    """Safe, unique node ids for arbitrary names."""

    def __init__(self) -> None:
        self._given: dict[str, str] = {}
        self._used: set[str] = set()

    def __call__(self, prefix: str, name: str) -> str:
        key = f"{prefix}\0{name}"
        if key not in self._given:
            base = prefix + "_" + (re.sub(r"[^A-Za-z0-9_]", "_", name) or "x")
            candidate, n = base, 1
            while candidate in self._used or candidate.lower() in _MERMAID_KEYWORDS:
                n += 1
                candidate = f"{base}_{n}"
            self._used.add(candidate)
            self._given[key] = candidate
        return self._given[key]


def mermaid_escape(text: str) -> str:
    """Text for inside a quoted Mermaid label: one line, with `#`, `"`, `<`, `>`
    and backticks (which would start a markdown string) as entity codes."""
    text = " ".join(text.split())  # no line breaks inside a statement
    for char, entity in (("#", "#35;"), ('"', "#quot;"), ("<", "#lt;"), (">", "#gt;"),
                         ("`", "#96;")):
        text = text.replace(char, entity)
    return text


def mermaid_label(text: str) -> str:
    """A Mermaid label in double quotes, with its special characters as entities."""
    return f'"{mermaid_escape(text)}"'


def _comment(text: str) -> str:
    return " ".join(text.split())


def render_mermaid(diagram: Diagram) -> str:
    ids = _Ids()
    lines = ["flowchart LR", f"    %% {_comment(diagram.title)}"]
    for name, alias in diagram.processes:
        label = mermaid_escape(name) + (f"<br/>({mermaid_escape(alias)})" if alias else "")
        shape = ('(["', '"])') if name == diagram.executes else ('["', '"]')
        lines.append(f"    {ids('p', name)}{shape[0]}{label}{shape[1]}")
    for source, target in diagram.flows:
        lines.append(f"    {ids('p', source)} --> {ids('p', target)}")
    for number, path in enumerate(diagram.workflows, 1):
        title = path.name + (f" ({path.template})" if path.template else "")
        graph_id = ids("w", f"{number}_{path.name}")
        lines.append(f"    subgraph {graph_id} [{mermaid_label(title)}]")
        lines.append("        direction LR")
        nodes = []
        for index, fragment in enumerate(path.fragments, 1):
            node = f"{graph_id}_{index}"
            nodes.append(node)
            label = f"{fragment.process}: {', '.join(fragment.activities)}"
            lines.append(f"        {node}[{mermaid_label(label)}]")
        for before, after in pairwise(nodes):
            lines.append(f"        {before} --> {after}")
        lines.append("    end")
    return "\n".join(lines) + "\n"


# ---- dot --------------------------------------------------------------------

def dot_string(text: str) -> str:
    """A Graphviz double-quoted string: backslashes and quotes escaped, line
    breaks as `\\n`."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    escaped = escaped.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")
    return f'"{escaped}"'


def render_dot(diagram: Diagram) -> str:
    lines = [f"digraph {dot_string(diagram.title)} {{",
             "    rankdir=LR;",
             f"    label={dot_string(diagram.title)};",
             "    labelloc=t;",
             '    fontname="Helvetica";',
             '    node [shape=box, style=rounded, fontname="Helvetica"];',
             '    edge [fontname="Helvetica"];']
    for name, alias in diagram.processes:
        label = f"{name}\n({alias})" if alias else name
        extra = ", peripheries=2" if name == diagram.executes else ""
        lines.append(f"    {dot_string('process ' + name)} [label={dot_string(label)}{extra}];")
    for source, target in diagram.flows:
        lines.append(f"    {dot_string('process ' + source)} -> "
                     f"{dot_string('process ' + target)};")
    for number, path in enumerate(diagram.workflows, 1):
        title = path.name + (f" ({path.template})" if path.template else "")
        lines.append(f"    subgraph {dot_string(f'cluster_{number}_{path.name}')} {{")
        lines.append(f"        label={dot_string(title)};")
        lines.append("        style=dashed;")
        nodes = []
        for index, fragment in enumerate(path.fragments, 1):
            node = dot_string(f"workflow {path.name} {index}")
            nodes.append(node)
            label = f"{fragment.process}\n{', '.join(fragment.activities)}"
            lines.append(f"        {node} [label={dot_string(label)}];")
        for before, after in pairwise(nodes):
            lines.append(f"        {before} -> {after};")
        lines.append("    }")
    lines.append("}")
    return "\n".join(lines) + "\n"
