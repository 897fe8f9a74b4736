"""Exit codes, the output contract, configuration errors, the other commands."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Run, write
from usm_lint import DOCS_URL

BROKEN = 'process A {\n    code INC extra\n}\n'
KEYS = {"file", "line", "column", "end_line", "end_column", "code", "name", "severity",
        "message", "url", "related", "fix"}


def test_json_output_contract(tmp_path: Path, cli: Callable[..., Run]) -> None:
    write(tmp_path, {"sub/b.usm": BROKEN, "a.usm": "process P {\n}\nprocess P {\n}\n"})
    run = cli("check", "--format", "json", "--select", "E", cwd=tmp_path)
    assert run.code == 1
    data = run.json()
    assert all(set(item) == KEYS for item in data)
    assert [(d["file"], d["code"]) for d in data] == [("a.usm", "E003"), ("sub/b.usm", "E001")]
    first = data[0]
    assert first["url"] == f"{DOCS_URL}/rules/E003"
    assert first["related"] == [{"file": "a.usm", "line": 1, "column": 9,
                                 "message": "the other declaration of process `P`"}]
    assert first["severity"] == "error" and first["fix"] is None
    assert (first["line"], first["column"], first["end_line"], first["end_column"]) == (3, 9, 3, 10)


def test_text_output_and_summary(tmp_path: Path, cli: Callable[..., Run]) -> None:
    write(tmp_path, {"b.usm": BROKEN})
    run = cli("check", "b.usm", "--color", "never", "--select", "E", cwd=tmp_path)
    assert run.out.splitlines() == [
        "b.usm:2:14: E001 [error] unexpected `extra` after `INC`: a statement ends at the end "
        "of the line or at `;`",
        "Found 1 error in 1 file.",
    ]
    assert cli("check", "b.usm", "--color", "always", cwd=tmp_path).out.startswith("\033[1m")


def test_bare_paths_mean_check_and_clean_is_exit_0(tmp_path: Path, cli: Callable[..., Run]) -> None:
    write(tmp_path, {"ok.usm": "role R \"r\"\n"})
    run = cli("ok.usm", "--select", "E", cwd=tmp_path)
    assert run.code == 0 and "All checks passed (1 file)." in run.out


def test_no_files_is_a_warning_exit_0(tmp_path: Path, cli: Callable[..., Run]) -> None:
    run = cli("check", cwd=tmp_path)
    assert run.code == 0 and "no model files" in run.err


@pytest.mark.parametrize(("config", "fragment"), [
    ("selec = ['C']\n", "`selec`: unknown key"),
    ("max-file-bytes = 'big'\n", "`max-file-bytes`"),
    ("[thresholds]\nsimilar-activity = 2\n", "`thresholds.similar-activity`"),
    ("select = ['X999']\n", "`select`: unknown rule code or name `X999`"),
    ("[vocabulary]\nconditions = ['(']\n", "`vocabulary.conditions`: not a regular expression"),
    # found by tests/fuzz_harnesses.py config: `re` reads "{e" as text, `regex`
    # (which searches configured patterns) as the start of a fuzzy match
    ("[vocabulary]\nextend-conditions = ['a {e']\n", "not a regular expression: 'a {e'"),
    # found by tests/fuzz_harnesses.py config: an internal error in discovery
    ("exclude = ['a\\']\n", "`exclude`: not a .gitignore pattern: 'a\\\\'"),
    ("this is not toml", "not valid TOML"),
])
def test_config_errors_exit_2_naming_file_and_key(
        tmp_path: Path, cli: Callable[..., Run], config: str, fragment: str) -> None:
    write(tmp_path, {"usm-lint.toml": config, "a.usm": ""})
    run = cli("check", cwd=tmp_path)
    assert run.code == 2
    assert "usm-lint.toml" in run.err and fragment in run.err


def test_pyproject_table_is_a_config_and_usm_lint_toml_wins(
        tmp_path: Path, cli: Callable[..., Run]) -> None:
    write(tmp_path, {"pyproject.toml": "[tool.usm-lint]\nbogus = 1\n", "a.usm": ""})
    assert cli("check", cwd=tmp_path).code == 2
    write(tmp_path, {"usm-lint.toml": ""})
    assert cli("check", cwd=tmp_path).code == 0


def test_unknown_selector_on_the_command_line_is_exit_2(
        tmp_path: Path, cli: Callable[..., Run]) -> None:
    write(tmp_path, {"a.usm": ""})
    run = cli("check", "--select", "Q1", cwd=tmp_path)
    assert run.code == 2 and "Q1" in run.err


def test_fail_on_and_exit_zero(tmp_path: Path, cli: Callable[..., Run]) -> None:
    write(tmp_path, {"b.usm": BROKEN})
    assert cli("check", "--exit-zero", cwd=tmp_path).code == 0
    assert cli("check", "--fail-on", "error", cwd=tmp_path).code == 1


def test_usage_error_is_exit_2(cli: Callable[..., Run]) -> None:
    assert cli("check", "--format", "yaml").code == 2


def test_internal_error_is_one_line_exit_2(monkeypatch: pytest.MonkeyPatch,
                                           cli: Callable[..., Run], tmp_path: Path) -> None:
    def explode(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr("usm_lint.commands.check.lint_paths", explode)
    run = cli("check", cwd=tmp_path)
    assert run.code == 2
    assert run.err.splitlines()[0] == "usm-lint: internal error: RuntimeError: boom"
    assert "Traceback" not in run.err
    assert "Traceback" in cli("check", "--verbose", cwd=tmp_path).err


def test_version_and_module_entry_point() -> None:
    done = subprocess.run([sys.executable, "-m", "usm_lint", "--version"],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0 and done.stdout.startswith("usm-lint ")


def test_rules_and_rule(cli: Callable[..., Run]) -> None:
    rows = json.loads(cli("rules", "--format", "json").out)
    assert {"E001", "E005"} <= {r["code"] for r in rows}
    doc = cli("rule", "syntax-error")
    assert doc.code == 0 and doc.out.startswith("E001 syntax-error [error]")
    assert cli("rule", "nope").code == 2


def test_dump_prints_the_model_with_spans(tmp_path: Path, cli: Callable[..., Run]) -> None:
    write(tmp_path, {"p.usm": 'process P {\n    code X\n}\n'})
    run = cli("dump", "p.usm", cwd=tmp_path)
    (workspace,) = json.loads(run.out)
    (file,) = workspace["files"]
    assert file["processes"][0]["code"]["value"] == "X"
    assert file["processes"][0]["span"]["end_line"] == 3
