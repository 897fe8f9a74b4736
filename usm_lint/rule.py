"""The definition of a rule: everything about it sits in one `Rule` value.

`usm-lint rules`, `usm-lint rule CODE`, SARIF metadata, the docs pages and
the example tests are all generated from these fields.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from usm_lint.findings import Finding, Related, Severity
from usm_lint.model import Span

if TYPE_CHECKING:
    from usm_lint.engine.context import Context
    from usm_lint.findings import Hit

    Check = Callable[[Context], Iterable[Hit]]


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
    left alone (usm_lint/engine/memory.py)."""

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
         bpmn: str | None = None, per_declaration: bool = False) -> Callable[[Check], Rule]:
    """Define a rule from its check function; the docstring is its rationale."""

    def define(check: Check) -> Rule:
        rationale = " ".join((check.__doc__ or "").split())
        return Rule(code, name, severity, topic, summary, rationale, failing, passing,
                    fix, check, bpmn, per_declaration)

    return define


def _defined(module: str, name: str) -> Rule:
    found: Rule = getattr(importlib.import_module(module), name)
    return found


def matches(selector: str, rule: Rule) -> bool:
    """Whether a selector (a code, a code prefix or a name) picks `rule`."""
    return rule.code.startswith(selector.upper()) or selector.lower() == rule.name
