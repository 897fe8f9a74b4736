"""Workflow templates and the processes that play their roles.

The eight built-in templates are data (`rules/data/templates.toml`); config
`[templates.NAME]` replaces a built-in template of that name or adds one. A
template names process *roles* (Agree, Change, Recover, Operate, Improve);
the process playing a role in a model is found by name or by `code` (RULES.md
"Workflows, practices, suppressions"), and Operate is the model's `executes`
process when one is declared.
"""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources

from usm_lint.config import Template
from usm_lint.model import Process
from usm_lint.rule import Context
from usm_lint.rules.helpers.structure import executing_process, the_model

ROLE_CODES: dict[str, str] = {
    "Agree": "CTM",
    "Change": "CHM",
    "Recover": "INC",
    "Operate": "OPS",
    "Improve": "IMP",
}
"""The five USM process roles and the process code each goes by."""


@cache
def builtin_templates() -> dict[str, Template]:
    """The eight built-in templates, by name, in the data file's order."""
    text = resources.files("usm_lint.rules").joinpath("data", "templates.toml").read_text(
        "utf-8")
    table = tomllib.loads(text)["templates"]
    return {name: Template.model_validate(value) for name, value in table.items()}


def templates(ctx: Context) -> dict[str, Template]:
    """The effective templates: built in, replaced or extended by config."""
    if not ctx.config.templates:
        return builtin_templates()
    return {**builtin_templates(), **ctx.config.templates}


def role_process(ctx: Context, role: str) -> Process | None:
    """The process playing `role` in the workspace's model, if any.

    By name first, then by the role's code (Agree CTM, Change CHM, Recover
    INC, Operate OPS, Improve IMP; a role given as a code in config is looked
    up as one). Operate is the model's `executes` process when declared.
    """
    if role == "Operate":
        model = the_model(ctx)
        if model is not None and model.executes is not None:
            return executing_process(ctx)
    found = ctx.index.processes.get(role)
    if found is not None:
        return found
    return ctx.index.by_code.get(ROLE_CODES.get(role, role))


def describe_role(role: str) -> str:
    """How a role is found, for messages: "Agree (named `Agree` or coded `CTM`)"."""
    code = ROLE_CODES.get(role)
    how = f"named `{role}` or with `code {code}`" if code else f"named `{role}`"
    if role == "Operate":
        how += ", or the model's `executes` process"
    return f"{role} ({how})"
