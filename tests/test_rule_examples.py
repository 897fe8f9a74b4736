"""Every rule's documented examples: the failing one reports it, the passing one not."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Run, write
from usm_lint.registry import RULES
from usm_lint.rule import Rule

WITH_EXAMPLES = [r for r in RULES if r.failing is not None]


def codes_for(cli: Callable[..., Run], root: Path, text: str) -> list[str]:
    write(root, {"usm-lint.toml": "", "example.usm": text})
    run = cli("check", "example.usm", "--format", "json", "--fail-on", "info", cwd=root)
    return [f["code"] for f in run.json()]


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
