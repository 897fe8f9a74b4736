"""`check --fix / --unsafe-fixes / --diff`, and writing what `--add-suppressions` adds.

Fixes are applied in memory and the workspace re-checked (the fixed texts
replace the files), up to a few rounds, so fixes that unlock others settle.
A file whose fixed text would gain a syntax error is left as it was. Only
then is anything written, atomically, BOM and line ends kept, and only where it is still
safe (fileio.replace_model_file: unchanged since read, inside the workspace).
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from pathlib import Path

from usm_lint.commands.output import display_path, note, unified_diff
from usm_lint.discovery import WorkspaceSpec
from usm_lint.fileio import replace_model_file
from usm_lint.findings import Fix
from usm_lint.fixes import applicable, apply_fixes
from usm_lint.lint import LintResult
from usm_lint.parsing.parser import parse
from usm_lint.report.escape import shown
from usm_lint.source import Layout, read_source

ROUNDS = 10
Relint = Callable[[dict[str, bytes]], LintResult]


def _errors(text: str) -> int:
    return sum(f.code == "E001" for f in parse(text, "").findings)


def _allowed(fix: Fix, reported: Collection[str]) -> bool:
    """Fixes write only the files asked for, except workspace-wide unsafe renames."""
    files = {edit.span.file for edit in fix.edits}
    return files <= set(reported) or fix.applicability == "unsafe"


def fix_files(result: LintResult, relint: Relint, unsafe: bool, max_bytes: int
              ) -> tuple[LintResult, dict[str, tuple[str, str, Layout]]]:
    """Apply fixes until none is left; (final result, path -> (old, new, how the
    file's bytes hold them))."""
    reported = {f for spec in result.workspaces for f in spec.reported}
    originals: dict[str, tuple[str, Layout]] = {}
    current: dict[str, str] = {}
    for _ in range(ROUNDS):
        fixes = [fix for fix in applicable(result.findings, unsafe) if _allowed(fix, reported)]
        if not fixes:
            break
        for fix in fixes:
            for edit in fix.edits:
                path = edit.span.file
                if path not in originals:
                    # The text the findings came from; a file outside the report
                    # (a workspace-wide rename) is read now. Either way, it is
                    # written only if the file still holds it.
                    source = result.read.get(path) or read_source(path, max_bytes)
                    if source.text is not None:
                        originals[path] = (source.text, source.layout)
                        current[path] = source.text
        fixed, count = apply_fixes(current, fixes)
        for path, text in fixed.items():
            if text != current[path] and _errors(text) > _errors(current[path]):
                note(f"{path}: a fix would break the syntax; the file is left as it was")
                fixed[path] = current[path]
        if count == 0 or fixed == current:
            break
        current = fixed
        result = relint({p: originals[p][1].encode(t) for p, t in current.items()})
    changes = {p: (originals[p][0], t, originals[p][1]) for p, t in current.items()
               if t != originals[p][0]}
    return result, changes


def diff(changes: dict[str, tuple[str, str, Layout]], cwd: Path) -> str:
    return "".join(unified_diff(display_path(path, cwd), old, new)
                   for path, (old, new, _layout) in sorted(changes.items()))


def write(changes: dict[str, tuple[str, str, Layout]], workspaces: list[WorkspaceSpec]) -> int:
    """Write each change where it is still safe (fileio.replace_model_file);
    the number of files not written, each said in a note."""
    roots = {path: spec.root for spec in workspaces for path in spec.files}
    reported = {path for spec in workspaces for path in spec.reported}
    failed = 0
    for path, (old, new, layout) in sorted(changes.items()):
        try:
            replace_model_file(path, layout.encode(old), layout.encode(new),
                               roots.get(path, Path(path).parent))
        except OSError as error:
            note(f"{shown(path)}: fixes not written: {error}")
            failed += 1
            continue
        if path not in reported:
            note(f"fixed {shown(path)} (a workspace-wide rename)")
    return failed
