"""`usm-lint graph PATH --format mermaid|dot [--workflow NAME]`: the model as a diagram.

How the diagram is made and written is usm_lint/diagrams.py's.
"""

from __future__ import annotations

import sys

from usm_lint.commands.one_model import load_one_model
from usm_lint.commands.output import note
from usm_lint.diagrams import diagram, render_dot, render_mermaid
from usm_lint.index import did_you_mean

FORMATS = ("mermaid", "dot")


def run_graph(path: str, fmt: str, workflow: str | None) -> int:
    """Print the diagram of PATH's model; 2 on usage or configuration errors."""
    if fmt not in FORMATS:
        note(f"unknown graph format `{fmt}`; use {' or '.join(FORMATS)}")
        return 2
    model = load_one_model([path], "graph draws")
    if model is None:
        return 2
    index = model.index
    if workflow is not None and workflow not in index.workflows:
        known = ", ".join(sorted(index.workflows)) or "none: the model declares no workflow"
        note(f"unknown workflow `{workflow}`{did_you_mean(workflow, index.workflows)} "
             f"(the model's workflows: {known})")
        return 2
    drawn = diagram(index, workflow)
    sys.stdout.write(render_mermaid(drawn) if fmt == "mermaid" else render_dot(drawn))
    sys.stdout.flush()
    return 0
