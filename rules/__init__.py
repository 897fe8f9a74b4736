"""The rule pack: every rule usm-lint knows, with its data files.

Installed as `usm_lint.rules`. `RULES` lists the `E` rules of the core first,
then the checks of the pack, each defined in one place (see usm_lint/rule.py).
"""

from __future__ import annotations

from usm_lint.errors import ERROR_RULES
from usm_lint.rule import Rule
from usm_lint.rules import c01_what, c03_countable, c06_subprocesses, c07_model, c10_control

RULES: tuple[Rule, ...] = (
    *ERROR_RULES,
    c01_what.process_without_activities,
    c03_countable.process_not_countable,
    c03_countable.missing_trigger_or_output,
    c06_subprocesses.subprocess_foreign_activity,
    c06_subprocesses.subprocess_overlap,
    c06_subprocesses.subprocess_changes_process,
    c06_subprocesses.subprocess_incomplete,
    c07_model.missing_model,
    c07_model.process_not_in_model,
    c07_model.isolated_process,
    c07_model.multiple_models,
    c10_control.process_without_control,
    c10_control.control_without_measure,
)

BY_CODE: dict[str, Rule] = {rule.code: rule for rule in RULES}
BY_NAME: dict[str, Rule] = {rule.name: rule for rule in RULES}


def lookup(code_or_name: str) -> Rule | None:
    return BY_CODE.get(code_or_name.upper()) or BY_NAME.get(code_or_name.lower())
