"""Run the selected rules over a loaded workspace and collect findings.

Rules that judge a declaration by itself (`Rule.per_declaration`) run file
by file, and only on the files reported; the parsing workers of a large
workspace run them beside the parse (usm_lint/loader.py), and their
findings arrive in `LoadedWorkspace.checked`. Given `Memory` (the
language server), they run declaration by declaration instead, and only on
the declarations not judged before. Everything else judges the whole
workspace.
"""

from __future__ import annotations

from collections.abc import Container, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from usm_lint.config import Config
from usm_lint.context import Context
from usm_lint.engine import suppressions
from usm_lint.engine.scope import Scopes
from usm_lint.engine.selection import Selection
from usm_lint.findings import Finding
from usm_lint.loader import LoadedWorkspace
from usm_lint.memory import FileJudgements, Memory
from usm_lint.model import DECLARATION_FIELDS, File, Node, Workspace
from usm_lint.resolve import resolve
from usm_lint.rule import Rule


def check_workspace(loaded: LoadedWorkspace, rules: Sequence[Rule],
                    reported: Container[str] | None = None,
                    memory: Memory | None = None) -> list[Finding]:
    """All findings of the workspace, sorted; only for `reported` files if given.
    `memory` keeps findings and derived values for the next check."""
    spec = loaded.spec
    base = spec.config_path.parent if spec.config_path else spec.root
    selection = Selection.build(rules, spec.config, base)
    index, resolution = resolve(loaded.model, reported)
    scopes = Scopes(Context(loaded.model, index, spec.config, reported, memory))
    findings = [*loaded.findings, *resolution]
    _run([r for r in selection.rules if not r.per_declaration], scopes, selection, findings)
    settings = "" if memory is None else f"{spec.config.model_dump_json()}|{selection.codes()}"
    for file in loaded.model.files:
        if reported is not None and file.path not in reported:
            continue
        if memory is not None:
            findings += _check_declarations(file, selection,
                                            memory.file(file.path, settings))
        else:
            checked = loaded.checked.get(file.path)
            findings += _check_file(file, selection) if checked is None else checked
    found = suppressions.directives(loaded.model)
    findings = suppressions.apply(findings, found)
    if selection.selects(suppressions.U001):
        findings += suppressions.unused(found, rules)
    if spec.config.per_file_ignores:
        findings = [f for f in findings if selection.keeps(f)]
    kept = findings if reported is None else [f for f in findings if f.span.file in reported]
    kept.sort(key=Finding.sort_key)
    if memory is not None:
        memory.checked()
    return kept


@dataclass(frozen=True)
class FileCheck:
    """The per-file rules and their settings, as a parsing worker runs them on
    each file it parses (picklable: rules travel by reference)."""

    rules: tuple[Rule, ...]
    config: Config
    base: Path
    reported: frozenset[str] | None

    def __call__(self, file: File) -> list[Finding] | None:
        """The file's per-file findings; None for a file that is not reported."""
        if self.reported is not None and file.path not in self.reported:
            return None
        return _check_file(file, Selection.build(self.rules, self.config, self.base))


def _check_file(file: File, selection: Selection) -> list[Finding]:
    """The file's per-declaration findings. A declaration that repeats an
    earlier name is judged by itself: the file's index holds only the first,
    and each declaration is judged whatever the others (the server judges
    them one by one)."""
    firsts, repeats = _split_repeats(file)
    findings = _check_together(firsts, selection)
    for field, declaration in repeats:
        findings += _check_alone(file.path, field, declaration, selection)
    return findings


def _split_repeats(file: File) -> tuple[File, list[tuple[str, Node]]]:
    """The file without its repeated declarations, and those (by field)."""
    repeats: list[tuple[str, Node]] = []
    kept: dict[str, tuple[Node, ...]] = {}
    for field in DECLARATION_FIELDS:
        if field == "models":  # a second model is C0704's, not a repeated name
            continue
        seen: set[str] = set()
        firsts: list[Node] = []
        for declaration in getattr(file, field):
            name = declaration.name.value
            if name in seen:
                repeats.append((field, declaration))
            else:
                seen.add(name)
                firsts.append(declaration)
        kept[field] = tuple(firsts)
    if not repeats:
        return file, repeats
    return File.make(path=file.path, models=file.models, **kept), repeats


def _check_together(file: File, selection: Selection) -> list[Finding]:
    rules = [r for r in selection.rules if r.per_declaration]
    if not rules:  # nothing to resolve the file for
        return []
    workspace = Workspace.make(root="", files=(file,))
    index, _resolution = resolve(workspace, None)
    findings: list[Finding] = []
    _run(rules, Scopes(Context(workspace, index, selection.config, None)), selection, findings)
    return findings


def _check_declarations(file: File, selection: Selection,
                        judged: FileJudgements) -> list[Finding]:
    findings: list[Finding] = []
    for field in DECLARATION_FIELDS:
        for declaration in getattr(file, field):
            findings += judged.of(declaration, partial(_check_alone, file.path, field,
                                                       declaration, selection))
    return findings


def _check_alone(path: str, field: str, declaration: Node,
                 selection: Selection) -> list[Finding]:
    return _check_file(File.make(path=path, **{field: (declaration,)}), selection)


def _run(rules: Sequence[Rule], scopes: Scopes, selection: Selection,
         findings: list[Finding]) -> None:
    for rule in rules:
        assert rule.check is not None
        severity = selection.severity(rule)
        for hit in rule.check(scopes.for_rule(rule)):
            findings.append(Finding(rule.code, rule.name, severity, hit.span, hit.message,
                                    hit.related, hit.fix))
