"""The HTML report: one self-contained file for process owners and auditors.

No script, stylesheet, font or image comes from outside (a Content Security
Policy in the page says so to the browser too), so it opens offline from
disk and prints as it shows. It reads without JavaScript; a few inline lines
only filter the findings by severity.
"""

from __future__ import annotations

import os
from html import escape
from itertools import pairwise
from pathlib import Path

from usm_lint import __version__
from usm_lint.findings import Finding, Severity
from usm_lint.framework_coverage import Coverage
from usm_lint.overview.layout import lay_out
from usm_lint.overview.summary import CRITERIA, MODEL_ROW, Overview
from usm_lint.overview.svg import render
from usm_lint.report.text_format import source_lines
from usm_lint.rule import rule_url

MAX_DRAWN = 300
"""Processes beyond which the map is not drawn (a layered layout of a dense
graph that size takes minutes; `usm-lint graph` writes it for Graphviz)."""

STYLE = """
:root { --error: #b3261e; --warning: #8a5a00; --info: #0b57d0; --pass: #146c2e; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1d1d1f;
       margin: 0 auto; max-width: 1200px; padding: 0 24px 48px; }
h1 { font-size: 26px; margin: 24px 0 4px; } h2 { margin-top: 36px; border-bottom: 1px solid #ddd; }
.lead { color: #555; margin: 0 0 16px; }
nav a { margin-right: 14px; }
.cards { display: flex; flex-wrap: wrap; gap: 12px; }
.card { border: 1px solid #ddd; border-radius: 8px; padding: 10px 16px; min-width: 110px; }
.card b { display: block; font-size: 24px; }
.card.error b { color: var(--error); } .card.warning b { color: var(--warning); }
.card.info b { color: var(--info); } .card.ok b { color: var(--pass); }
table { border-collapse: collapse; margin: 8px 0; }
th, td { border: 1px solid #ddd; padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f4f4f6; }
table.matrix td, table.matrix th.criterion { text-align: center; min-width: 38px; }
table.matrix th.criterion small { display: block; font-weight: normal; font-size: 11px;
                                  color: #555; max-width: 84px; margin: 0 auto; }
.verdict { font-size: 16px; }
td.pass { color: var(--pass); } td.fail a { font-weight: bold; }
td.fail.error a { color: var(--error); } td.fail.warning a { color: var(--warning); }
td.fail.info a { color: var(--info); }
.graph rect { fill: #eef3fb; stroke: #4a6fa5; stroke-width: 1.3; }
.graph .executes rect { fill: #e6f4ea; stroke: #146c2e; stroke-width: 2; }
.graph text { font: 13px system-ui, sans-serif; fill: #1d1d1f; }
.scroll { overflow-x: auto; }
.finding { border-left: 4px solid #999; padding: 4px 12px; margin: 10px 0; }
.finding.error { border-color: var(--error); } .finding.warning { border-color: var(--warning); }
.finding.info { border-color: var(--info); }
.badge { font-size: 12px; padding: 1px 6px; border-radius: 4px; color: white; }
.badge.error { background: var(--error); } .badge.warning { background: var(--warning); }
.badge.info { background: var(--info); }
pre.source { background: #f6f8fa; padding: 6px 10px; overflow-x: auto; margin: 4px 0; }
pre.source mark { background: #ffe08a; }
.yes { color: var(--pass); } .no { color: var(--error); }
.filters label { margin-right: 12px; }
body.hide-error .finding.error, body.hide-warning .finding.warning,
body.hide-info .finding.info { display: none; }
@media print { nav, .filters { display: none; } .finding { break-inside: avoid; }
               h2 { break-after: avoid; } a { color: inherit; text-decoration: none; } }
"""

FILTER = """
for (const box of document.querySelectorAll(".filters input")) {
  box.addEventListener("change", () =>
    document.body.classList.toggle("hide-" + box.value, !box.checked));
}
"""

SEVERITIES = (Severity.ERROR, Severity.WARNING, Severity.INFO)
SHOWN_LINES = 3
DEFAULT_LIMIT = 1000
"""Findings shown in full by default: past that the page grows faster than anyone reads."""


def _shown(path: str, root: str) -> str:
    try:
        return Path(os.path.relpath(path, root)).as_posix()
    except ValueError:
        return path


def _anchor(row: str, column: str) -> str:
    return "f-" + "".join(c if c.isalnum() else "-" for c in f"{row}-{column}")


def verdict(view: Overview, passing: int) -> str:
    """The summary in one sentence, for whoever reads no further."""
    counts = view.by_severity()
    total = len(view.processes)
    if not view.findings:
        return f"All {total} processes meet every criterion usm-lint checks."
    found = ", ".join(f"{counts[s]} {s.label}{'s' * (counts[s] != 1 and s != Severity.INFO)}"
                      for s in SEVERITIES if counts[s])
    return (f"{passing} of {total} process{'es' * (total != 1)} meet every criterion; "
            f"{found} are listed below, by process, with what to change.")


def _summary(view: Overview) -> str:
    counts = view.by_severity()
    failing = {row for (row, _column) in view.matrix()}
    passing = sum(1 for row in view.processes if row not in failing)
    cards = [("processes", len(view.processes), ""), ("activities", view.activities, ""),
             ("workflows", view.workflows, ""),
             ("processes passing every criterion", passing, "ok")]
    cards += [(f"{s.label}s" if s != Severity.INFO else "info", counts[s], s.label)
              for s in SEVERITIES]
    body = "".join(f'<div class="card {css}"><b>{value}</b>{escape(label)}</div>'
                   for label, value, css in cards)
    said = escape(verdict(view, passing))
    return (f'<section id="summary"><h2>Summary</h2><p class="verdict">{said}</p>'
            f'<div class="cards">{body}</div></section>')


def _matrix(view: Overview) -> str:
    cells = view.matrix()
    worst: dict[tuple[str, str], Severity] = {}
    for index, finding in enumerate(view.findings):
        column = next((c for c, _ in CRITERIA if finding.code.startswith(c)), None)
        if column is not None:
            key = (view.owner[index], column)
            worst[key] = max(worst.get(key, Severity.INFO), finding.severity)
    head = "".join(f'<th class="criterion" title="{escape(what)}">{code}<small>'
                   f"{escape(what)}</small></th>" for code, what in CRITERIA)
    rows = []
    for row in view.rows:
        tds = []
        for code, what in CRITERIA:
            count = cells.get((row, code))
            if count:
                tds.append(f'<td class="fail {worst[(row, code)].label}">'
                           f'<a href="#{_anchor(row, code)}" title="{escape(what)}: {count} '
                           f'finding{"s" * (count != 1)}">{count}</a></td>')
            else:
                tds.append(f'<td class="pass" title="{escape(what)}: passes">✓</td>')
        rows.append(f"<tr><th>{escape(row)}</th>{''.join(tds)}</tr>")
    return ('<section id="matrix"><h2>Conformance</h2><p class="lead">Each process against '
            "the ten USM design criteria, workflows (W) and frameworks (F): ✓ passes, a "
            "number counts the findings (follow it to them).</p>"
            f'<div class="scroll"><table class="matrix"><tr><th>process</th>{head}</tr>'
            f"{''.join(rows)}</table></div></section>")


def _map(view: Overview) -> str:
    drawn = view.diagram
    if not drawn.processes:
        return ('<section id="map"><h2>Process map</h2><p>The model declares no process.</p>'
                "</section>")
    if len(drawn.processes) > MAX_DRAWN:
        return (f'<section id="map"><h2>Process map</h2><p>{len(drawn.processes)} processes are '
                "more than this page draws; <code>usm-lint graph --format dot</code> writes "
                "the map for Graphviz.</p></section>")
    nodes = [(name, [name, *([alias] if alias else [])]) for name, alias in drawn.processes]
    drawing = lay_out(nodes, drawn.flows)
    classes = {drawn.executes: "executes"} if drawn.executes else {}
    note = (f"<p class=\"lead\">Green: <b>{escape(drawn.executes)}</b>, where execution "
            "happens.</p>" if drawn.executes else "")
    return (f'<section id="map"><h2>Process map</h2>{note}<div class="scroll">'
            f'{render(drawing, f"Process map of {drawn.title}", "arrow-map", classes)}'
            "</div></section>")


def _workflows(view: Overview) -> str:
    if not view.diagram.workflows:
        return ""
    parts = ['<section id="workflows"><h2>Workflows</h2><p class="lead">Each workflow '
             "as the path of its steps through the processes.</p>"]
    for number, workflow in enumerate(view.diagram.workflows):
        keys = [f"{i}" for i in range(len(workflow.fragments))]
        nodes = [(key, [fragment.process, *fragment.activities])
                 for key, fragment in zip(keys, workflow.fragments, strict=True)]
        drawing = lay_out(nodes, list(pairwise(keys)))
        template = f" ({escape(workflow.template)})" if workflow.template else ""
        svg = render(drawing, f"Workflow {workflow.name}", f"arrow-w{number}")
        parts.append(f"<h3>{escape(workflow.name)}{template}</h3>"
                     f'<div class="scroll">{svg}</div>')
    return "".join(parts) + "</section>"


def _source(finding: Finding) -> str:
    lines = source_lines(finding.span.file)
    span = finding.span
    if not 1 <= span.line <= len(lines):
        return ""
    shown = []
    last = min(span.end_line, span.line + SHOWN_LINES - 1, len(lines))
    for number in range(span.line, last + 1):
        text = lines[number - 1]
        start = span.column - 1 if number == span.line else 0
        end = span.end_column - 1 if number == span.end_line else len(text)
        start, end = min(start, len(text)), max(min(end, len(text)), start)
        shown.append(f"{number:>4} | {escape(text[:start])}<mark>{escape(text[start:end])}"
                     f"</mark>{escape(text[end:])}")
    return f'<pre class="source">{chr(10).join(shown)}</pre>'


def _findings(view: Overview, limit: int) -> str:
    if not view.findings:
        return ('<section id="findings"><h2>Findings</h2><p>No findings: the model meets '
                "every criterion usm-lint checks.</p></section>")
    parts = ['<section id="findings"><h2>Findings</h2><p class="filters">Show: '
             + "".join(f'<label><input type="checkbox" value="{s.label}" checked> '
                       f"{s.label}</label>" for s in SEVERITIES) + "</p>"]
    anchored: set[str] = set()
    shown = 0
    for row, files in view.grouped().items():
        if shown >= limit:
            break
        title = "The model, workflows and practices" if row == MODEL_ROW else f"Process {row}"
        parts.append(f"<h3>{escape(title)}</h3>")
        for file, findings in files.items():
            parts.append(f"<h4>{escape(_shown(file, view.root))}</h4>")
            for finding in findings:
                if shown >= limit:
                    break
                shown += 1
                column = next((c for c, _ in CRITERIA if finding.code.startswith(c)), "")
                anchor = _anchor(row, column)
                attribute = f' id="{anchor}"' if column and anchor not in anchored else ""
                anchored.add(anchor)
                where = f"{_shown(file, view.root)}:{finding.span.line}:{finding.span.column}"
                parts.append(
                    f'<article class="finding {finding.severity.label}"{attribute}>'
                    f'<span class="badge {finding.severity.label}">{finding.severity.label}'
                    f'</span> <a href="{escape(rule_url(finding.code))}">{finding.code} '
                    f"{escape(finding.name)}</a> · {escape(where)}"
                    f"<p>{escape(finding.message)}</p>{_source(finding)}</article>")
    if len(view.findings) > shown:
        parts.append(f"<p>And {len(view.findings) - shown} more findings: this page shows the "
                     f"first {shown} (<code>--max-findings</code>); <code>usm-lint check</code> "
                     "lists them all.</p>")
    return "".join(parts) + "</section>"


def _coverage_table(coverage: Coverage) -> str:
    rows = "".join(
        f"<tr><td>{escape(row.entry.label)}</td>"
        f"<td class=\"{'yes' if row.realised else 'no'}\">{'yes' if row.realised else 'no'}"
        f"</td><td>{escape(', '.join(row.processes) or '-')}</td></tr>" for row in coverage.rows)
    parts = "".join(f"<p>{realised}/{total} realised of {escape(description)}.</p>"
                    for description, realised, total in coverage.subsets())
    return (f"<h3>{escape(coverage.framework)}: {coverage.realised}/{coverage.total} realised "
            f"({coverage.percent:.1f}%)</h3>{parts}<table><tr><th>practice or process</th>"
            f"<th>realised</th><th>through</th></tr>{rows}</table>")


def _coverage(view: Overview) -> str:
    if not view.coverage:
        return ""
    tables = "".join(_coverage_table(c) for c in view.coverage)
    return ('<section id="coverage"><h2>Framework coverage</h2><p class="lead">Every '
            "practice or process of each framework the model's practices claim, and the "
            f"USM processes that realise it.</p>{tables}</section>")


def render_html(view: Overview, limit: int = DEFAULT_LIMIT) -> str:
    """The page; at most `limit` findings are shown in full (the matrix counts all)."""
    title = escape(view.title)
    sections = [_summary(view), _matrix(view), _map(view), _workflows(view),
                _findings(view, limit), _coverage(view)]
    links = [("summary", "Summary"), ("matrix", "Conformance"), ("map", "Process map")]
    links += [("workflows", "Workflows")] if view.diagram.workflows else []
    links += [("findings", "Findings")]
    links += [("coverage", "Framework coverage")] if view.coverage else []
    nav = "".join(f'<a href="#{anchor}">{text}</a>' for anchor, text in links)
    return (
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
        "style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">"
        f"<title>{title}: USM conformance report</title><style>{STYLE}</style></head>"
        f"<body><header><h1>{title}</h1><p class=\"lead\">USM conformance report of "
        f"<code>{escape(view.shown_root)}</code>, by usm-lint {__version__}</p><nav>{nav}</nav>"
        f"</header><main>{''.join(sections)}</main><script>{FILTER}</script></body></html>\n")
