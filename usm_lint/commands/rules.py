"""`usm-lint rules` (the table) and `usm-lint rule CODE|NAME` (one rule's doc)."""

from __future__ import annotations

import json
import sys

from usm_lint.registry import RULES, lookup
from usm_lint.rule import describe, rule_url


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


def run_rule(code: str) -> int:
    rule = lookup(code)
    if rule is None:
        print(f"usm-lint: unknown rule `{code}` (see `usm-lint rules`)", file=sys.stderr)
        return 2
    sys.stdout.write(describe(rule))
    return 0
