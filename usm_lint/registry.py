"""The registry: every rule usm-lint knows, in the order it reports them.

`RULES` lists the `E` rules of the core first, then the checks of the rule
pack (usm_lint/rules/), then U001. Kept out of the pack's `__init__`, so that
importing one rule module or helper does not load every rule.
tests/test_rule_examples.py checks that every rule defined is listed here.
"""

from __future__ import annotations

from usm_lint.engine.suppressions import U001
from usm_lint.error_rules import ERROR_RULES
from usm_lint.rule import Rule
from usm_lint.rules import (
    c01_what,
    c02_verb,
    c03_countable,
    c04_conditions,
    c05_purpose,
    c06_subprocesses,
    c07_model,
    c08_practices,
    c09_once,
    c10_control,
    f_frameworks,
    w_workflows,
)

RULES: tuple[Rule, ...] = (
    *ERROR_RULES,
    c01_what.no_actor_in_process,
    c01_what.no_means_in_process,
    c01_what.process_without_activities,
    c02_verb.process_name_not_verb,
    c02_verb.process_name_nominalized,
    c02_verb.activity_not_verb_phrase,
    c02_verb.placeholder_name,
    c02_verb.text_not_english,
    c03_countable.process_not_countable,
    c03_countable.unit_not_countable,
    c03_countable.missing_trigger_or_output,
    c04_conditions.practical_condition_in_process,
    c05_purpose.process_without_purpose,
    c05_purpose.purpose_not_customer_relevant,
    c05_purpose.duplicate_purpose,
    c06_subprocesses.subprocess_foreign_activity,
    c06_subprocesses.subprocess_overlap,
    c06_subprocesses.subprocess_changes_process,
    c06_subprocesses.subprocess_incomplete,
    c07_model.missing_model,
    c07_model.process_not_in_model,
    c07_model.isolated_process,
    c07_model.multiple_models,
    c08_practices.practice_map_outside_model,
    c08_practices.unused_activity,
    c08_practices.practice_not_realised,
    c09_once.duplicate_activity,
    c09_once.similar_activity,
    c09_once.execution_outside_operate,
    c10_control.process_without_control,
    c10_control.control_without_measure,
    w_workflows.unknown_template,
    w_workflows.wrong_kind,
    w_workflows.wrong_entry_process,
    w_workflows.wrong_exit_process,
    w_workflows.handoff_not_in_model,
    w_workflows.fragment_out_of_order,
    w_workflows.repeated_step,
    w_workflows.empty_workflow,
    f_frameworks.unknown_framework_practice,
    f_frameworks.practice_role_or_tool_unknown,
    U001,
)

BY_CODE: dict[str, Rule] = {rule.code: rule for rule in RULES}
BY_NAME: dict[str, Rule] = {rule.name: rule for rule in RULES}


def lookup(code_or_name: str) -> Rule | None:
    return BY_CODE.get(code_or_name.upper()) or BY_NAME.get(code_or_name.lower())
