"""`usm-lint rules` (the table) and `usm-lint rule CODE|NAME` (one rule's doc)."""

from __future__ import annotations

import json
import sys

from usm_lint.report import rule_url
from usm_lint.rule import Rule
from usm_lint.rules import RULES, lookup


def run_rules(fmt: str) -> int:
    if fmt == "json":
        rows = [{"code": r.code, "name": r.name, "severity": r.severity.label,
                 "topic": r.topic, "summary": r.summary, "fixable": r.fixable,
                 "url": rule_url(r.code)} for r in RULES]
        sys.stdout.write(json.dumps(rows, indent=2) + "\n")
        return 0
    width = max(len(r.name) for r in RULES)
    sys.stdout.write(f"{'code':6} {'name':{width}} {'severity':8} fix  topic\n")
    for r in RULES:
        fix = "yes" if r.fixable else "   "
        sys.stdout.write(f"{r.code:6} {r.name:{width}} {r.severity.label:8} {fix}  {r.topic}\n")
    return 0


NOT_FOR_BPMN = (
    "Not applied to processes read from BPMN files: it judges structure only USM declares "
    "(a unit, a trigger and an output, a purpose, subprocesses, the model, practices, "
    "control, workflows), which a BPMN model does not have. `usm-lint convert` writes a "
    "BPMN model as USM text, to which that structure can be added."
)


def _bpmn(rule: Rule) -> str | None:
    """How the rule reads BPMN processes: as its definition says, or not at all."""
    if rule.bpmn is not None:
        return rule.bpmn
    return NOT_FOR_BPMN if rule.check is not None else None


def _indent(text: str) -> str:
    return "".join(f"    {line}" if line.strip() else line
                   for line in text.splitlines(keepends=True))


def describe(rule: Rule) -> str:
    parts = [
        f"{rule.code} {rule.name} [{rule.severity.label}]",
        f"Topic: {rule.topic}",
        "",
        "What it does",
        f"    {rule.summary}",
        "",
        "Why",
        _indent(rule.rationale),
    ]
    if rule.failing is not None:
        parts += ["", "Example (reported)", _indent(rule.failing.rstrip("\n"))]
    if rule.passing is not None:
        parts += ["", "Use instead", _indent(rule.passing.rstrip("\n"))]
    bpmn = _bpmn(rule)
    if bpmn is not None:
        parts += ["", "BPMN", _indent(bpmn)]
    parts += ["", "Fix", f"    {rule.fix or 'none'}", "", f"Docs: {rule_url(rule.code)}"]
    return "\n".join(parts) + "\n"


def run_rule(code: str) -> int:
    rule = lookup(code)
    if rule is None:
        print(f"usm-lint: unknown rule `{code}` (see `usm-lint rules`)", file=sys.stderr)
        return 2
    sys.stdout.write(describe(rule))
    return 0
