"""The definition of a rule: everything about it sits in one `Rule` value.

`usm-lint rules`, `usm-lint rule CODE`, SARIF metadata, the docs pages and
the example tests are all generated from these fields.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

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

    @property
    def fixable(self) -> bool:
        return self.fix is not None

    def finding(self, span: Span, message: str,
                related: tuple[Related, ...] = ()) -> Finding:
        """A finding at this rule's default severity (used for the E rules)."""
        return Finding(self.code, self.name, self.severity, span, message, related)


def rule(*, code: str, name: str, severity: Severity, topic: str, summary: str,
         failing: str, passing: str, fix: str | None = None,
         bpmn: str | None = None) -> Callable[[Check], Rule]:
    """Define a rule from its check function; the docstring is its rationale."""

    def define(check: Check) -> Rule:
        rationale = " ".join((check.__doc__ or "").split())
        return Rule(code, name, severity, topic, summary, rationale, failing, passing,
                    fix, check, bpmn)

    return define


def matches(selector: str, rule: Rule) -> bool:
    """Whether a selector (a code, a code prefix or a name) picks `rule`."""
    return rule.code.startswith(selector.upper()) or selector.lower() == rule.name
