"""The definition of a rule: everything about it sits in one `Rule` value.

`usm-lint rules`, `usm-lint rule CODE` (`describe`, also the server's hover),
SARIF metadata, the docs pages and the example tests are all generated from
these fields.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from usm_lint import DOCS_URL
from usm_lint.context import Context
from usm_lint.findings import Finding, Hit, Related, Severity
from usm_lint.model import Span

__all__ = ["NOT_FOR_BPMN", "Case", "Check", "Context", "Hit", "Rule", "describe", "matches", "rule",
           "rule_url"]
"""The rule API: a rule module imports what it needs from here, never from
the engine."""

Check = Callable[[Context], Iterable[Hit]]


@dataclass(frozen=True)
class Case:
    """One more example of what a rule reports or lets pass, run as a test
    (tests/test_rule_examples.py) beside `failing` and `passing`."""

    text: str
    """A whole file's text (`m.usm`)."""
    reported: bool = True
    at: tuple[int, int] | None = None
    """Where the (first) finding starts: line and column, from 1."""
    fixed: str | None = None
    """The text after `usm-lint check --fix --unsafe-fixes`, for a rule with a fix."""

    @classmethod
    def activity(cls, text: str, reported: bool = True,
                 at: tuple[int, int] | None = None) -> Case:
        """A case of one activity's text, in process `Recover` (line 2, column 16)."""
        return cls(f'process Recover {{\n    activity a "{text}"\n}}\n', reported, at)

    @classmethod
    def process(cls, name: str, reported: bool = True,
                at: tuple[int, int] | None = None) -> Case:
        """A case of one process name (line 1, column 9)."""
        return cls(f'process {name} {{\n    activity a "Register the disruption"\n}}\n',
                   reported, at)


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: Severity
    topic: str
    """The criterion or area the rule serves ("C01 a process is a what")."""
    summary: str
    rationale: str
    failing: str | None
    """A model the rule reports (run as a test); None only where no text can
    show it (E004 is about paths)."""
    passing: str | None
    fix: str | None = None
    """What the fix does and why it is safe or unsafe; None without a fix."""
    check: Check | None = None
    """None for the E rules, which the loader and resolver report."""
    bpmn: str | None = None
    """How the rule reads processes imported from BPMN files. None: a check does not
    judge them, since it judges structure only USM declares (usm_lint/engine/scope.py)."""
    per_declaration: bool = False
    """Whether what the check finds in a top-level declaration follows from that
    declaration alone (and the settings), so also what it finds in a file from
    that file alone: the engine then judges each reported file by itself (the
    parsing workers of a large workspace do it beside the parse), and the
    language server each declaration, keeping the findings of those an edit
    left alone (usm_lint/memory.py)."""
    cases: tuple[Case, ...] = ()
    """Further examples, each with what it must give (a practitioner's verdict
    on a real name, an exact position, a fix's result)."""

    def __reduce__(self) -> str | tuple[Any, ...]:
        # Sent to a worker process by reference: the module of a rule's check holds
        # the rule under the check's name (the `rule` decorator replaced it).
        if self.check is None:
            return super().__reduce__()
        return _defined, (self.check.__module__, self.check.__name__)

    @property
    def fixable(self) -> bool:
        return self.fix is not None

    def finding(self, span: Span, message: str,
                related: tuple[Related, ...] = ()) -> Finding:
        """A finding at this rule's default severity (used for the E rules)."""
        return Finding(self.code, self.name, self.severity, span, message, related)


def rule(*, code: str, name: str, severity: Severity, topic: str, summary: str,
         failing: str, passing: str, fix: str | None = None,
         bpmn: str | None = None, per_declaration: bool = False,
         cases: tuple[Case, ...] = ()) -> Callable[[Check], Rule]:
    """Define a rule from its check function; the docstring is its rationale."""

    def define(check: Check) -> Rule:
        rationale = " ".join((check.__doc__ or "").split())
        return Rule(code, name, severity, topic, summary, rationale, failing, passing,
                    fix, check, bpmn, per_declaration, cases)

    return define


def _defined(module: str, name: str) -> Rule:
    found: Rule = getattr(importlib.import_module(module), name)
    return found


def rule_url(code: str) -> str:
    """Where the documentation of the rule `code` is published."""
    return f"{DOCS_URL}/rules/{code}"


def matches(selector: str, rule: Rule) -> bool:
    """Whether a selector (a code, a code prefix or a name) picks `rule`."""
    return rule.code.startswith(selector.upper()) or selector.lower() == rule.name


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
    """A rule's documentation as text (`usm-lint rule CODE`, the server's hover)."""
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
