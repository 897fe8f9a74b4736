"""Paths for the CI formats: relative to the repository root, `/`-separated.

The root is git's top level (RULES.md, output contract), else the current
folder. Only the CI formats import this module, so plain `text` and `json`
runs never start a `git` process.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from usm_lint.findings import Finding
    from usm_lint.report import Report

_GIT_TIMEOUT_SECONDS = 10


def repo_root(cwd: Path) -> Path:
    """`git rev-parse --show-toplevel` run from `cwd`; `cwd` when that fails
    (not a repository, no git installed, a bare repository, a timeout)."""
    try:
        done = subprocess.run(
            ["git", "rev-parse", "--show-toplevel"], cwd=cwd, capture_output=True,
            check=False, timeout=_GIT_TIMEOUT_SECONDS)
    except (OSError, subprocess.SubprocessError):
        return cwd
    top = done.stdout.rstrip(b"\r\n")
    if done.returncode != 0 or not top:
        return cwd
    return Path(os.fsdecode(top))


def _inside(relative: str) -> bool:
    return relative != ".." and not relative.startswith(".." + os.sep) and not (
        os.path.isabs(relative))


def _relpath(file: str, root: str) -> str | None:
    try:
        return os.path.relpath(file, root)
    except ValueError:  # Windows: another drive
        return None


def repo_relative(file: str, root: Path) -> str:
    """`file` relative to `root` with `/` separators.

    git reports the root with symbolic links resolved (`/private/var/...` on
    macOS for `/var/...`), while findings carry paths as they were reached, so
    when the plain relative path leaves the root the resolved ones are tried
    (the folder first, so a linked file keeps its own name). A file outside
    the root keeps its plain relative path (with `..`), or its absolute path
    when there is none.
    """
    absolute = os.path.abspath(file)
    plain = _relpath(absolute, str(root))
    if plain is not None and _inside(plain):
        return Path(plain).as_posix()
    real_root = os.path.realpath(root)
    for candidate in (
            os.path.join(os.path.realpath(os.path.dirname(absolute)), os.path.basename(absolute)),
            os.path.realpath(absolute)):
        relative = _relpath(candidate, real_root)
        if relative is not None and _inside(relative):
            return Path(relative).as_posix()
    return Path(plain if plain is not None else absolute).as_posix()


def located(report: Report, root: Path, display: bool = False) -> list[tuple[str, Finding]]:
    """The report's findings with their root-relative paths, sorted by path,
    line, column and code (the order of the json format); `display`: the paths
    as shown (escaped), not as a URI encodes them."""
    from usm_lint.report.escape import shown

    pairs = [(repo_relative(os.path.join(report.cwd, f.span.file), root), f)
             for f in report.findings]
    if display:
        pairs = [(shown(relative), f) for relative, f in pairs]
    pairs.sort(key=lambda pair: (pair[0], pair[1].span.line, pair[1].span.column,
                                 pair[1].code))
    return pairs
