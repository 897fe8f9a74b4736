"""One JSON array of findings, exactly the output contract of RULES.md."""

from __future__ import annotations

import json
from typing import Any

from usm_lint.findings import Finding
from usm_lint.report import Report
from usm_lint.rule import rule_url


def finding_object(report: Report, f: Finding) -> dict[str, Any]:
    fix = None
    if f.fix is not None:
        fix = {
            "applicability": f.fix.applicability,
            "edits": [{"file": report.path(e.span.file), "line": e.span.line,
                       "column": e.span.column, "end_line": e.span.end_line,
                       "end_column": e.span.end_column, "text": e.text}
                      for e in f.fix.edits],
        }
    return {
        "file": report.path(f.span.file),
        "line": f.span.line,
        "column": f.span.column,
        "end_line": f.span.end_line,
        "end_column": f.span.end_column,
        "code": f.code,
        "name": f.name,
        "severity": f.severity.label,
        "message": f.message,
        "url": rule_url(f.code),
        "related": [{"file": report.path(r.span.file), "line": r.span.line,
                     "column": r.span.column, "message": r.message} for r in f.related],
        "fix": fix,
    }


def render(report: Report) -> str:
    objects = [finding_object(report, f) for f in report.findings]
    objects.sort(key=lambda o: (o["file"], o["line"], o["column"], o["code"]))
    return json.dumps(objects, indent=2, ensure_ascii=False) + "\n"
