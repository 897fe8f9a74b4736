"""The Markdown report, for CI summaries and pull-request comments: the counts
and the conformance matrix as tables, the process map as a Mermaid block
(GitHub renders it), and the findings as a table of at most `limit` rows."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

from usm_lint import __version__
from usm_lint.diagrams import render_mermaid
from usm_lint.findings import Severity
from usm_lint.overview.summary import CRITERIA, Overview
from usm_lint.rule import rule_url

DEFAULT_LIMIT = 50
SEVERITIES = (Severity.ERROR, Severity.WARNING, Severity.INFO)


def cell(text: str) -> str:
    """Text for a table cell: one line, pipes escaped."""
    return " ".join(text.split()).replace("|", "\\|")


def _shown(path: str, root: str) -> str:
    try:
        return Path(os.path.relpath(path, root)).as_posix()
    except ValueError:
        return path


def render_markdown(view: Overview, limit: int = DEFAULT_LIMIT) -> str:
    counts = view.by_severity()
    cells = view.matrix()
    lines = [f"# {cell(view.title)}: USM conformance report", "",
             f"usm-lint {__version__} on `{cell(view.shown_root)}`", "",
             "| processes | activities | workflows | errors | warnings | info |",
             "| ---: | ---: | ---: | ---: | ---: | ---: |",
             f"| {len(view.processes)} | {view.activities} | {view.workflows} | "
             + " | ".join(str(counts[s]) for s in SEVERITIES) + " |", "",
             "## Conformance", "",
             "| process | " + " | ".join(code for code, _ in CRITERIA) + " |",
             "| --- | " + " | ".join(":---:" for _ in CRITERIA) + " |"]
    for row in view.rows:
        marks = [str(cells[(row, code)]) if (row, code) in cells else "✓" for code, _ in CRITERIA]
        lines.append(f"| {cell(row)} | " + " | ".join(marks) + " |")
    lines += ["", "✓ passes; a number counts the findings. "
              + "; ".join(f"{code} {what}" for code, what in CRITERIA) + ".", ""]
    if view.diagram.processes:
        lines += ["## Process map", "", "```mermaid",
                  render_mermaid(replace(view.diagram, workflows=[])).rstrip("\n"), "```", ""]
    lines += ["## Findings", ""]
    if not view.findings:
        lines += ["No findings: the model meets every criterion usm-lint checks.", ""]
    else:
        lines += ["| where | rule | severity | message |", "| --- | --- | --- | --- |"]
        for finding in view.findings[:limit]:
            where = f"{_shown(finding.span.file, view.root)}:{finding.span.line}"
            lines.append(f"| `{cell(where)}` | [{finding.code}]({rule_url(finding.code)}) "
                         f"{cell(finding.name)} | {finding.severity.label} | "
                         f"{cell(finding.message)} |")
        if len(view.findings) > limit:
            lines += ["", f"and {len(view.findings) - limit} more "
                          "(`usm-lint check` lists them all)."]
        lines.append("")
    if view.coverage:
        lines += ["## Framework coverage", "", "| framework | realised | of | % |",
                  "| --- | ---: | ---: | ---: |"]
        lines += [f"| {c.framework} | {c.realised} | {c.total} | {c.percent:.1f} |"
                  for c in view.coverage]
        lines.append("")
    return "\n".join(lines)
