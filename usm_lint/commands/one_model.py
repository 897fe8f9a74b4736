"""Loading the one model a command judges as a whole (coverage, graph, report)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from usm_lint.commands.output import display_path, note
from usm_lint.config import ConfigError
from usm_lint.discovery import Discoverer
from usm_lint.engine.runner import check_workspace
from usm_lint.findings import Finding
from usm_lint.index import Index
from usm_lint.lint import Overrides, validate_selectors
from usm_lint.loader import load_workspace
from usm_lint.resolve import resolve
from usm_lint.rule import Rule


@dataclass(frozen=True)
class OneModel:
    index: Index
    root: Path
    """The workspace root (the current folder when no model file matched)."""
    findings: list[Finding] = field(default_factory=list)
    """What the rules found (only when asked to check), suppressions applied."""
    files: tuple[str, ...] = ()
    """The workspace's model files."""


def _shown(path: str) -> str:
    return display_path(path, Path.cwd())


def load_one_model(paths: list[str], what: str, rules: Sequence[Rule] | None = None,
                   overrides: Overrides | None = None) -> OneModel | None:
    """The index of the single workspace `paths` name, or None (said why; exit 2).
    With `rules`, also its findings, as `check` finds them (the configuration,
    `overrides` and suppressions applied), for the files `paths` name.

    `what` completes "... judges one model" in the message when there are several.
    """
    try:
        discovery = Discoverer(Path.cwd()).discover(paths)
        for spec in discovery.workspaces:
            spec.config = (overrides or Overrides()).apply(spec.config)
            if rules is not None:
                validate_selectors(spec.config, rules, str(spec.config_path or "command line"))
    except ConfigError as error:
        note(f"configuration error: {error}")
        return None
    for missing in discovery.missing:
        note(f"{missing.span.file}: {missing.message}")
    if discovery.missing:
        return None
    workspaces = [spec for spec in discovery.workspaces if spec.files]
    if len(workspaces) > 1:
        roots = ", ".join(_shown(str(spec.root)) for spec in workspaces)
        note(f"{what} one model, but the paths hold {len(workspaces)} workspaces ({roots}); "
             "name one of them")
        return None
    if not workspaces:
        note("warning: no model file matched; the model is empty")
        return OneModel(Index(), Path.cwd())
    spec = workspaces[0]
    loaded = load_workspace(spec)
    if rules is None:
        for problem in loaded.findings:
            note(f"{_shown(problem.span.file)}:{problem.span.line}:{problem.span.column}: "
                 f"{problem.code} {problem.message}")
    index, _findings = resolve(loaded.model)
    findings = check_workspace(loaded, rules, spec.reported) if rules is not None else []
    return OneModel(index, spec.root, findings, tuple(spec.files))
