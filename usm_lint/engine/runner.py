"""Run the selected rules over a loaded workspace and collect findings."""

from __future__ import annotations

from collections.abc import Container, Sequence

from usm_lint.engine import suppressions
from usm_lint.engine.context import Context
from usm_lint.engine.scope import Scopes
from usm_lint.engine.selection import Selection
from usm_lint.findings import Finding
from usm_lint.resolve import resolve
from usm_lint.rule import Rule
from usm_lint.workspace import LoadedWorkspace


def check_workspace(loaded: LoadedWorkspace, rules: Sequence[Rule],
                    reported: Container[str] | None = None) -> list[Finding]:
    """All findings of the workspace, sorted; only for `reported` files if given."""
    spec = loaded.spec
    base = spec.config_path.parent if spec.config_path else spec.root
    selection = Selection.build(rules, spec.config, base)
    index, resolution = resolve(loaded.model, reported)
    scopes = Scopes(Context(loaded.model, index, spec.config, reported))
    findings = [*loaded.findings, *resolution]
    for rule in selection.rules:
        assert rule.check is not None
        severity = selection.severity(rule)
        for hit in rule.check(scopes.for_rule(rule)):
            findings.append(Finding(rule.code, rule.name, severity, hit.span, hit.message,
                                    hit.related, hit.fix))
    found = suppressions.directives(loaded.model)
    findings = suppressions.apply(findings, found)
    if selection.selects(suppressions.U001):
        findings += suppressions.unused(found, rules)
    kept = [f for f in findings if selection.keeps(f)
            and (reported is None or f.span.file in reported)]
    kept.sort(key=Finding.sort_key)
    return kept
