"""Shared helpers: run the CLI in-process, write small workspaces and lint them."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from usm_lint.cli import main
from usm_lint.discovery import Discoverer
from usm_lint.engine.runner import check_workspace
from usm_lint.findings import Finding
from usm_lint.loader import load_workspace
from usm_lint.rule import Rule


@dataclass
class Run:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
        ) -> Callable[..., Run]:
    """Run `usm-lint ARGS` in-process from `cwd` and capture its output."""

    def run(*args: str, cwd: Path | None = None) -> Run:
        if cwd is not None:
            monkeypatch.chdir(cwd)
        code = main(list(args))
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run


def write(root: Path, files: dict[str, str | bytes]) -> Path:
    """Create files under `root` (text or bytes) and return `root`."""
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def lint_files(cli: Callable[..., Run], root: Path, files: dict[str, str], *args: str,
               config: str = "") -> list[dict[str, Any]]:
    """Write `files` with `config` as usm-lint.toml and return the findings of
    `usm-lint check ARGS` (default: the folder) as JSON objects."""
    write(root, {"usm-lint.toml": config, **files})
    run = cli("check", *(args or (".",)), "--format", "json", "--no-cache", cwd=root)
    assert run.code in (0, 1), run.err
    found: list[dict[str, Any]] = run.json()
    return found


def lint_text(cli: Callable[..., Run], root: Path, text: str, *args: str,
              config: str = "") -> list[dict[str, Any]]:
    """The findings of one file `m.usm` holding `text` (ARGS: more options)."""
    return lint_files(cli, root, {"m.usm": text}, "m.usm", *args, config=config)


def codes_of(found: list[dict[str, Any]]) -> list[str]:
    return [f["code"] for f in found]


def lint_with(root: Path, files: dict[str, str], rules: Sequence[Rule],
              config: str = "") -> list[Finding]:
    """In-process, with a rule set of the test's own: the findings of every
    workspace under `root` after writing `files` and `config`."""
    write(root, {"usm-lint.toml": config, **files})
    findings: list[Finding] = []
    for spec in Discoverer(root).discover([str(root)]).workspaces:
        findings += check_workspace(load_workspace(spec), rules, spec.reported)
    return findings


def imported_by_check(cwd: Path, target: str, prefixes: tuple[str, ...]) -> list[str]:
    """The modules starting with `prefixes` that `usm-lint check TARGET` imports,
    in a fresh interpreter (what a one-file run, as pre-commit's, pays for)."""
    probe = (f"import json, sys; from usm_lint.cli import main; main(['check', {target!r}, "
             "'--no-cache']); print(json.dumps(sorted(m for m in sys.modules "
             f"if m.startswith({prefixes!r}))))")
    out = subprocess.run([sys.executable, "-c", probe], cwd=cwd, capture_output=True,
                         text=True, check=True).stdout
    loaded: list[str] = json.loads(out.splitlines()[-1])
    return loaded
