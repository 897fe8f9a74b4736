"""Shared helpers: run the CLI in-process and write small workspaces."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from usm_lint.cli import main


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
