"""A real editor client: headless neovim attaches `usm-lint server`.

The diagnostics neovim receives must match the CLI's findings for the same
file (codes and lines; neovim 0.7 reports 0-based byte columns).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).parents[1] / "examples"
INIT = Path(__file__).parent / "editor" / "init.lua"


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("nvim") is None,
                    reason="neovim is not installed (.ci/run installs it with apt-get)")
def test_neovim_receives_the_cli_findings(tmp_path: Path) -> None:
    root = tmp_path / "handbook"
    shutil.copytree(EXAMPLES / "handbook", root,
                    ignore=shutil.ignore_patterns(".usm_lint_cache"))
    target = root / "incident.usm"
    out = tmp_path / "diagnostics.json"
    env = {**os.environ, "USM_PYTHON": sys.executable, "USM_ROOT": str(root),
           "USM_FILE": str(target), "USM_OUT": str(out)}
    for folder in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        env[folder] = str(tmp_path / folder)
    subprocess.run(["nvim", "--headless", "-i", "NONE", "-u", str(INIT)], env=env, cwd=root,
                   timeout=90, check=True, capture_output=True)
    from_editor = json.loads(out.read_text("utf-8"))
    cli = subprocess.run([sys.executable, "-m", "usm_lint", "check", "incident.usm",
                          "--format", "json", "--no-cache"], cwd=root, capture_output=True,
                         text=True, check=False)
    expected = json.loads(cli.stdout)
    assert expected, "the example has findings"
    assert sorted((d["code"], d["lnum"] + 1) for d in from_editor) == sorted(
        (f["code"], f["line"]) for f in expected)
    lines = target.read_text("utf-8").split("\n")
    for finding in expected:
        byte_col = len(lines[finding["line"] - 1][: finding["column"] - 1].encode("utf-8"))
        assert {"code": finding["code"], "lnum": finding["line"] - 1,
                "col": byte_col} in from_editor
