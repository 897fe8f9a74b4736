"""The pre-commit hooks, run by the real `pre-commit try-repo` on a scratch repo."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import write
from usm_lint.commands.schema import config_schema

ROOT = Path(__file__).parents[1]


def test_config_schema_file_is_current() -> None:
    shipped = json.loads((ROOT / "usm-lint.schema.json").read_text("utf-8"))
    assert shipped == config_schema(), "run `usm-lint schema > usm-lint.schema.json`"


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("pre-commit") is None, reason="pre-commit is not installed")
def test_pre_commit_hook_passes_good_and_fails_bad(tmp_path: Path) -> None:
    if not (ROOT / ".git").exists():
        pytest.skip("needs this repository's git history")
    repo = write(tmp_path / "repo", {
        "usm-lint.toml": "select = ['E']\n",
        "good.usm": 'role Agent "Service desk agent"\n',
        "bad.usm": "process Recover {\n    code INC extra\n}\n",
    })

    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)

    git("init", "-q")
    git("-c", "user.email=t@t", "-c", "user.name=t", "add", ".")
    good = subprocess.run(["pre-commit", "try-repo", str(ROOT), "usm-lint", "--files",
                           "good.usm"], cwd=repo, capture_output=True, text=True, check=False)
    assert good.returncode == 0, good.stdout + good.stderr
    bad = subprocess.run(["pre-commit", "try-repo", str(ROOT), "usm-lint", "--files",
                          "bad.usm"], cwd=repo, capture_output=True, text=True, check=False)
    assert bad.returncode == 1
    assert "bad.usm:2:14: E001" in bad.stdout
