"""`usm-lint report [PATHS] -o FILE`: the model's conformance as a page.

HTML for `.html` (one self-contained file), Markdown for `.md` (CI summaries
and pull requests), or either on stdout with `--format`. The workspace,
configuration and suppressions are `check`'s. It reports, it does not gate:
exit 0 unless the model cannot be read (2).
"""

from __future__ import annotations

import sys
from pathlib import Path

from usm_lint.commands.one_model import load_one_model
from usm_lint.commands.output import emit, note
from usm_lint.lint import Overrides
from usm_lint.overview.summary import overview
from usm_lint.registry import RULES

FORMATS = ("html", "markdown")
SUFFIXES = {".html": "html", ".htm": "html", ".md": "markdown", ".markdown": "markdown"}


def run_report(paths: list[str], output: str | None, fmt: str | None, limit: int | None,
               overrides: Overrides) -> int:
    if fmt is None:
        if output is None:
            note("report: say which format (--format html or markdown), or name the file "
                 "to write (-o report.html or report.md)")
            return 2
        fmt = SUFFIXES.get(Path(output).suffix.lower())
        if fmt is None:
            note(f"report: {output}: write .html or .md, or say --format html|markdown")
            return 2
    if paths == ["-"]:
        note("report: the report judges a workspace on disk; name its folder or files")
        return 2
    model = load_one_model(paths, "report shows", RULES, overrides)
    if model is None:
        return 2
    root, cwd = model.root, Path.cwd()
    shown = root.relative_to(cwd).as_posix() if root.is_relative_to(cwd) else str(root)
    view = overview(model.index, model.findings, str(root), shown or ".")
    if fmt == "html":
        from usm_lint.overview import html_page  # grandalf only for HTML

        text = html_page.render_html(view, html_page.DEFAULT_LIMIT if limit is None else limit)
    else:
        from usm_lint.overview import markdown_page

        text = markdown_page.render_markdown(
            view, markdown_page.DEFAULT_LIMIT if limit is None else limit)
    emit(text, output)
    if output is not None:
        print(f"wrote {output}", file=sys.stderr)
    return 0
