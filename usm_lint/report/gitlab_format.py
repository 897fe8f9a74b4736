"""GitLab Code Quality: a JSON array of issues (no BOM).

Fingerprints leave the line number out, so edits above a finding keep it;
the occurrence index among identical findings keeps two of them apart.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from typing import Any

from usm_lint.findings import Severity
from usm_lint.report import Report
from usm_lint.report.paths import located, repo_root

SEVERITIES = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}


def fingerprint(code: str, relative: str, message: str, occurrence: int) -> str:
    key = "\0".join((code, relative, message, str(occurrence)))
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


def issues(report: Report) -> list[dict[str, Any]]:
    seen: Counter[tuple[str, str, str]] = Counter()
    out = []
    for relative, f in located(report, repo_root(report.cwd), display=True):
        seen[f.code, relative, f.message] += 1
        out.append({
            "description": f.message,
            "check_name": f.code,
            "fingerprint": fingerprint(f.code, relative, f.message,
                                       seen[f.code, relative, f.message]),
            "severity": SEVERITIES[f.severity],
            "location": {"path": relative, "lines": {"begin": f.span.line}},
        })
    return out


def render(report: Report) -> str:
    return json.dumps(issues(report), indent=2, ensure_ascii=False) + "\n"
