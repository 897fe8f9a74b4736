"""GitHub Actions workflow commands: one annotation per finding.

`::error file=P,line=L,endLine=L2,col=C,endColumn=C2,title=CODE::message`
(`::warning` for warnings, `::notice` for infos), with GitHub's escaping.
"""

from __future__ import annotations

from usm_lint.findings import Finding, Severity
from usm_lint.report import Report
from usm_lint.report.paths import located, repo_root

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    """A command's message: `%`, CR and LF (as @actions/core escapes them)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A property value: the message escapes plus `:` and `,`."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(f: Finding, relative: str) -> str:
    span = f.span
    properties = (("file", relative), ("line", str(span.line)), ("endLine", str(span.end_line)),
                  ("col", str(span.column)), ("endColumn", str(span.end_column)),
                  ("title", f.code))
    joined = ",".join(f"{key}={escape_property(value)}" for key, value in properties)
    return f"::{COMMANDS[f.severity]} {joined}::{escape_data(f.message)}"


def render(report: Report) -> str:
    if not report.findings:
        return ""
    root = repo_root(report.cwd)
    return "".join(command(f, relative) + "\n"
                   for relative, f in located(report, root, display=True))
