"""Every rule's documented examples: the failing one reports it, the passing one not."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Run, codes_of, lint_text
from usm_lint.registry import RULES
from usm_lint.rule import Case, Rule

WITH_EXAMPLES = [r for r in RULES if r.failing is not None]


def codes_for(cli: Callable[..., Run], root: Path, text: str) -> list[str]:
    return codes_of(lint_text(cli, root, text))


def test_every_rule_documents_itself() -> None:
    for rule in RULES:
        assert rule.summary and rule.rationale and rule.topic, rule.code
        if rule.code != "E004":
            assert rule.failing is not None and rule.passing is not None, rule.code


@pytest.mark.parametrize("rule", WITH_EXAMPLES, ids=lambda r: r.code)
def test_failing_example_reports_the_rule(rule: Rule, tmp_path: Path,
                                          cli: Callable[..., Run]) -> None:
    assert rule.failing is not None
    assert rule.code in codes_for(cli, tmp_path, rule.failing)


@pytest.mark.parametrize("rule", WITH_EXAMPLES, ids=lambda r: r.code)
def test_passing_example_does_not(rule: Rule, tmp_path: Path, cli: Callable[..., Run]) -> None:
    assert rule.passing is not None
    assert rule.code not in codes_for(cli, tmp_path, rule.passing)


CASES = [(rule, case) for rule in RULES for case in rule.cases]


@pytest.mark.parametrize(("rule", "case"), CASES,
                         ids=[f"{rule.code}-{i}" for i, (rule, _) in enumerate(CASES)])
def test_each_case_gives_what_it_says(rule: Rule, case: Case, tmp_path: Path,
                                      cli: Callable[..., Run]) -> None:
    found = [f for f in lint_text(cli, tmp_path, case.text, "--select", rule.code)
             if f["code"] == rule.code]
    assert bool(found) == case.reported, (case.text, found)
    if case.at is not None:
        assert (found[0]["line"], found[0]["column"]) == case.at
    if case.fixed is not None:
        assert rule.fixable
        cli("check", "m.usm", "--fix", "--unsafe-fixes", "--no-cache", "--select", rule.code,
            cwd=tmp_path)
        assert (tmp_path / "m.usm").read_text(encoding="utf-8") == case.fixed


def test_cases_are_used() -> None:
    # The mechanism is tested only while some rule carries cases of each kind.
    kinds = {("reported", c.reported) for _, c in CASES}
    assert kinds == {("reported", True), ("reported", False)}
    assert any(c.at for _, c in CASES) and any(c.fixed for _, c in CASES)


def test_every_rule_defined_is_registered_once() -> None:
    """A rule defined with `@rule` but left out of RULES would pass every other
    test and never run: find every Rule in the rule pack and the core."""
    import importlib
    import pkgutil

    import usm_lint.rules as pack
    from usm_lint.rule import Rule

    defined: dict[str, Rule] = {}
    modules = [f"usm_lint.rules.{m.name}" for m in pkgutil.iter_modules(pack.__path__)]
    for name in [*modules, "usm_lint.error_rules", "usm_lint.engine.suppressions"]:
        module = importlib.import_module(name)
        for value in vars(module).values():
            if isinstance(value, Rule) and (value.check is None
                                            or value.check.__module__ == name):
                defined[f"{name}:{value.code}"] = value
    registered = set(RULES)
    missing = sorted(key for key, rule in defined.items() if rule not in registered)
    assert missing == [], f"defined but not in RULES (usm_lint/registry.py): {missing}"
    codes = [rule.code for rule in RULES]
    names = [rule.name for rule in RULES]
    assert len(codes) == len(set(codes)) and len(names) == len(set(names))
