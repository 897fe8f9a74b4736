"""SARIF 2.1.0 (one run), for GitHub code scanning and other SARIF viewers.

Valid against the OASIS schema (tests/schemas/sarif-schema-2.1.0.json). Paths
are relative to the repository root, given as `%SRCROOT%`; columns count code
points, end exclusive, as SARIF's `unicodeCodePoints` column kind does.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import quote

from usm_lint import DOCS_URL, __version__
from usm_lint.findings import Finding, Severity
from usm_lint.model import Span
from usm_lint.report import Report
from usm_lint.report.paths import located, repo_relative, repo_root
from usm_lint.rule import Rule, rule_url

SCHEMA_URI = ("https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/"
              "sarif-schema-2.1.0.json")
ROOT_ID = "%SRCROOT%"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def root_uri(root: Path) -> str:
    uri = root.absolute().as_uri()
    return uri if uri.endswith("/") else uri + "/"


def _uri(relative: str) -> str:
    # A relative reference resolved against %SRCROOT%; surrogate-escaped bytes
    # of undecodable file names are percent-encoded as the bytes they were.
    return quote(relative, safe="/", errors="surrogateescape")


def _region(span: Span) -> dict[str, int]:
    start_line, start_column = max(1, span.line), max(1, span.column)
    end_line = max(start_line, span.end_line)
    end_column = max(1, span.end_column)
    if end_line == start_line:
        end_column = max(start_column, end_column)
    return {"startLine": start_line, "startColumn": start_column,
            "endLine": end_line, "endColumn": end_column}


def _physical(relative: str, span: Span) -> dict[str, Any]:
    return {"artifactLocation": {"uri": _uri(relative), "uriBaseId": ROOT_ID},
            "region": _region(span)}


def rule_descriptor(rule: Rule) -> dict[str, Any]:
    help_text = rule.summary
    if rule.rationale:
        help_text += "\n\n" + rule.rationale
    if rule.fix:
        help_text += "\n\nFix: " + rule.fix
    descriptor: dict[str, Any] = {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.rationale or rule.summary},
        "help": {"text": help_text},
        "helpUri": rule_url(rule.code),
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
    }
    if rule.topic:
        descriptor["properties"] = {"tags": [rule.topic]}
    return descriptor


class _Lines:
    """The text of a finding's line, read once per file, for fingerprints."""

    def __init__(self, cwd: Path) -> None:
        self.cwd = cwd
        self.files: dict[str, list[str]] = {}

    def line(self, file: str, number: int) -> str:
        if file not in self.files:
            try:
                with open(os.path.join(self.cwd, file), encoding="utf-8-sig",
                          errors="replace", newline="") as handle:
                    text = handle.read()
            except (OSError, ValueError):
                text = ""
            self.files[file] = text.split("\n")
        lines = self.files[file]
        return lines[number - 1].rstrip("\r") if 1 <= number <= len(lines) else ""


def line_hash(code: str, relative: str, message: str, line_text: str) -> str:
    """Stable when lines are added or removed above: no line number in it."""
    key = "\0".join((code, relative, message, " ".join(line_text.split())))
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def _result(f: Finding, relative: str, rule_index: int | None, fingerprint: str,
            root: Path, cwd: Path) -> dict[str, Any]:
    result: dict[str, Any] = {"ruleId": f.code}
    if rule_index is not None:
        result["ruleIndex"] = rule_index
    result.update({
        "level": LEVELS[f.severity],
        "message": {"text": f.message},
        "locations": [{"physicalLocation": _physical(relative, f.span)}],
        "partialFingerprints": {"primaryLocationLineHash": fingerprint},
    })
    if f.related:
        result["relatedLocations"] = [
            {"id": number,
             "message": {"text": r.message},
             "physicalLocation": _physical(
                 repo_relative(os.path.join(cwd, r.span.file), root), r.span)}
            for number, r in enumerate(f.related)]
    return result


def sarif_log(report: Report, root: Path) -> dict[str, Any]:
    rules = list(report.rules.values())
    index = {rule.code: number for number, rule in enumerate(rules)}
    lines = _Lines(report.cwd)
    seen: Counter[str] = Counter()
    results = []
    for relative, f in located(report, root):
        digest = line_hash(f.code, relative, f.message, lines.line(f.span.file, f.span.line))
        seen[digest] += 1
        results.append(_result(f, relative, index.get(f.code), f"{digest}:{seen[digest]}",
                               root, report.cwd))
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "usm-lint",
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": DOCS_URL,
                "rules": [rule_descriptor(rule) for rule in rules],
            }},
            "originalUriBaseIds": {ROOT_ID: {"uri": root_uri(root)}},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    }


def render(report: Report) -> str:
    log = sarif_log(report, repo_root(report.cwd))
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"
