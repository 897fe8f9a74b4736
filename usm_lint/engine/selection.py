"""Which rules run, at which severity, for which file (select, ignore, ...)."""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from usm_lint.config import Config
from usm_lint.findings import Finding, Severity
from usm_lint.rule import Rule, matches


def unknown_selectors(selectors: Iterable[str], rules: Sequence[Rule]) -> list[str]:
    return [s for s in selectors
            if s.upper() != "ALL" and not any(matches(s, rule) for rule in rules)]


def _picks(selectors: Iterable[str], rule: Rule) -> bool:
    return any(s.upper() == "ALL" or matches(s, rule) for s in selectors)


def _selected(config: Config, rule: Rule) -> bool:
    select = config.select if config.select is not None else ["ALL"]
    return ((_picks(select, rule) or _picks(config.extend_select, rule))
            and not _picks(config.ignore, rule))


@dataclass(frozen=True)
class Selection:
    rules: tuple[Rule, ...]
    """The selected rules that have a check."""
    config: Config
    base: Path
    """Where `per-file-ignores` globs are relative to (the config's folder)."""

    @classmethod
    def build(cls, all_rules: Sequence[Rule], config: Config, base: Path) -> Selection:
        chosen = tuple(rule for rule in all_rules
                       if rule.check is not None and _selected(config, rule))
        return cls(chosen, config, base)

    def codes(self) -> str:
        return ",".join(rule.code for rule in self.rules)

    def selects(self, rule: Rule) -> bool:
        """For rules the engine reports itself (no check), such as U001."""
        return _selected(self.config, rule)

    def severity(self, rule: Rule) -> Severity:
        override = self.config.severity.get(rule.code) or self.config.severity.get(rule.name)
        return Severity.parse(override) if override else rule.severity

    def keeps(self, finding: Finding) -> bool:
        """False for a finding a `per-file-ignores` entry drops (never an E)."""
        if finding.code.startswith("E") or not self.config.per_file_ignores:
            return True
        try:
            relative = Path(finding.span.file).relative_to(self.base).as_posix()
        except ValueError:
            relative = finding.span.file
        for pattern, selectors in self.config.per_file_ignores.items():
            applies = fnmatch.fnmatch(relative, pattern) or fnmatch.fnmatch(
                Path(relative).name, pattern)
            if applies and any(s.upper() == "ALL" or finding.code.startswith(s.upper())
                               or s.lower() == finding.name for s in selectors):
                return False
        return True
