"""The rule pack: every rule usm-lint knows, with its data files.

Installed as `usm_lint.rules`. `RULES` lists the `E` rules of the core first,
then the checks of the pack, each defined in one place (see usm_lint/rule.py).
"""

from __future__ import annotations

from usm_lint.errors import ERROR_RULES
from usm_lint.rule import Rule

RULES: tuple[Rule, ...] = (*ERROR_RULES,)

BY_CODE: dict[str, Rule] = {rule.code: rule for rule in RULES}
BY_NAME: dict[str, Rule] = {rule.name: rule for rule in RULES}


def lookup(code_or_name: str) -> Rule | None:
    return BY_CODE.get(code_or_name.upper()) or BY_NAME.get(code_or_name.lower())
