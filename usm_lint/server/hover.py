"""Hover: a rule's documentation, on a code in a suppression comment or on a
diagnostic (the `usm-lint rule CODE` text)."""

from __future__ import annotations

import re

from usm_lint.engine.suppressions import DIRECTIVE
from usm_lint.findings import Finding
from usm_lint.model import File
from usm_lint.registry import RULES, lookup
from usm_lint.rule import Rule, describe, matches, rule_url
from usm_lint.server.positions import contains

_SELECTOR = re.compile(r"[^,\s]+")


def selector_at(file: File, line: int, column: int) -> str | None:
    """The code (or name, or prefix) under the cursor in a suppression comment."""
    for comment in file.comments:
        if not contains(comment.span, line, column):
            continue
        match = DIRECTIVE.search(comment.text)
        if match is None:
            return None
        offset = column - comment.span.column
        for selector in _SELECTOR.finditer(match["codes"]):
            start = match.start("codes") + selector.start()
            if start <= offset <= start + len(selector.group()):
                return selector.group()
    return None


def rules_for(selector: str) -> list[Rule]:
    rule = lookup(selector)
    if rule is not None:
        return [rule]
    return [r for r in RULES if matches(selector, r)]


def rule_doc(rule: Rule, markdown: bool) -> str:
    text = describe(rule)
    if not markdown:
        return text
    return f"```text\n{text.rstrip()}\n```\n\n[{rule.code} documentation]({rule_url(rule.code)})"


def selector_doc(selector: str, markdown: bool) -> str | None:
    rules = rules_for(selector)
    if not rules:
        return f"`{selector}` is not a usm-lint rule code, name or prefix"
    if len(rules) == 1:
        return rule_doc(rules[0], markdown)
    bullet = "- " if markdown else "  "
    lines = [f"`{selector}` selects {len(rules)} rules:", ""]
    lines += [f"{bullet}{r.code} {r.name}: {r.summary}" for r in rules]
    return "\n".join(lines)


def findings_doc(findings: list[Finding], markdown: bool) -> str | None:
    parts: list[str] = []
    seen: set[str] = set()
    for finding in findings:
        rule = lookup(finding.code)
        if rule is None or finding.code in seen:
            continue
        seen.add(finding.code)
        parts.append(rule_doc(rule, markdown))
    return ("\n\n---\n\n" if markdown else "\n\n").join(parts) or None
