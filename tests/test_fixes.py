"""--fix, --unsafe-fixes, --diff, --add-suppressions, --stdin-filename, --config,
--show-settings."""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import Run, write
from tests.strategies import usm_sources
from usm_lint.cli import main
from usm_lint.parsing.parser import parse

RENAME = ('process IncidentManagement {  # usm-lint: disable=C0101\n'
          '    activity a "Incident registration"\n}\n')
FLOW = 'workflow W {\n    step IncidentManagement.a\n}\n'


def test_fix_applies_safe_fixes_only_and_reports_the_rest(
        tmp_path: Path, cli: Callable[..., Run]) -> None:
    write(tmp_path, {"usm-lint.toml": "", "p.usm": RENAME})
    run = cli("check", "--select", "C0202,U001", "--fix", "--format", "json", cwd=tmp_path)
    assert [f["code"] for f in run.json()] == ["C0202"]  # unsafe: not applied, still reported
    assert (tmp_path / "p.usm").read_text() == RENAME.replace(
        "  # usm-lint: disable=C0101", "")


def test_unsafe_rename_touches_every_reference_and_lists_other_files(
        tmp_path: Path, cli: Callable[..., Run]) -> None:
    write(tmp_path, {"usm-lint.toml": "", "p.usm": RENAME, "w.usm": FLOW})
    run = cli("check", "p.usm", "--select", "C0202", "--fix", "--unsafe-fixes", cwd=tmp_path)
    assert run.code == 0
    assert (tmp_path / "w.usm").read_text() == FLOW.replace("IncidentManagement", "Recover")
    assert 'alias "Incident management"' in (tmp_path / "p.usm").read_text()
    assert "w.usm (a workspace-wide rename)" in run.err


def test_two_practices_of_one_process_are_to_merge_not_both_renamed(
        tmp_path: Path, cli: Callable[..., Run]) -> None:
    """Renaming both to Recover would declare Recover twice: a fix never adds an error."""
    problem = RENAME.replace("IncidentManagement", "ProblemManagement")
    write(tmp_path, {"usm-lint.toml": "", "i.usm": RENAME, "p.usm": problem})
    run = cli("check", "--select", "C0202", "--fix", "--unsafe-fixes", "--format", "json",
              cwd=tmp_path)
    messages = [f["message"] for f in run.json()]
    assert [m.split(": ", 1)[1] for m in messages] == [
        "it is Recover, as `ProblemManagement` is: merge them into one process Recover",
        "it is Recover, as `IncidentManagement` is: merge them into one process Recover"]
    assert (tmp_path / "i.usm").read_text() == RENAME  # nothing renamed
    assert (tmp_path / "p.usm").read_text() == problem


def test_a_suggested_name_already_declared_is_a_merge_not_a_rename(
        tmp_path: Path, cli: Callable[..., Run]) -> None:
    recover = 'process Recover {\n    activity b "Restore the service"\n}\n'
    write(tmp_path, {"usm-lint.toml": "", "i.usm": RENAME, "r.usm": recover})
    run = cli("check", "--select", "C0202", "--fix", "--unsafe-fixes", "--format", "json",
              cwd=tmp_path)
    (finding,) = run.json()
    assert finding["message"].endswith(
        "it is Recover, as the declared `Recover` is: merge them into one process Recover")
    assert (tmp_path / "i.usm").read_text() == RENAME


def test_a_renamed_process_keeps_its_acronyms_in_its_alias(
        tmp_path: Path, cli: Callable[..., Run]) -> None:
    write(tmp_path, {"usm-lint.toml": "",
                     "p.usm": RENAME.replace("IncidentManagement", "ITOperationsManagement")})
    run = cli("check", "--select", "C0202", "--fix", "--unsafe-fixes", cwd=tmp_path)
    assert run.code == 0
    assert 'alias "IT operations management"' in (tmp_path / "p.usm").read_text()


def test_diff_shows_without_writing(tmp_path: Path, cli: Callable[..., Run]) -> None:
    write(tmp_path, {"usm-lint.toml": "", "p.usm": RENAME})
    run = cli("check", "--select", "C0202", "--diff", "--unsafe-fixes", cwd=tmp_path)
    assert run.code == 1 and "+process Recover {" in run.out
    assert (tmp_path / "p.usm").read_text() == RENAME
    # without `--unsafe-fixes` the diff is empty, and says why
    run = cli("check", "--select", "C0202", "--diff", cwd=tmp_path)
    assert run.code == 0 and run.out == ""
    assert "no fix would be made (1 available with `--unsafe-fixes`)" in run.err


def test_add_suppressions_is_a_baseline_and_idempotent(
        tmp_path: Path, cli: Callable[..., Run]) -> None:
    write(tmp_path, {"usm-lint.toml": "", "p.usm": RENAME})
    assert cli("check", "--add-suppressions", cwd=tmp_path).code == 0
    once = (tmp_path / "p.usm").read_text()
    assert cli("check", "--add-suppressions", cwd=tmp_path).code == 0
    assert (tmp_path / "p.usm").read_text() == once
    assert cli("check", cwd=tmp_path).code == 0


@settings(max_examples=60, deadline=None)
@given(usm_sources(), st.booleans())
def test_fix_output_parses_keeps_comments_and_is_idempotent(source: str, unsafe: bool) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "m.usm"
        (Path(folder) / "usm-lint.toml").write_text("")
        path.write_bytes(source.encode("utf-8"))
        args = ["check", str(path), "--fix", "--exit-zero", "--format", "json"]
        args += ["--unsafe-fixes"] if unsafe else []
        out = io.StringIO()
        sys.stdout, saved = out, sys.stdout
        try:
            assert main(args) == 0
            once = path.read_text("utf-8")
            assert main(args) == 0
        finally:
            sys.stdout = saved
        assert path.read_text("utf-8") == once
    assert not [f for f in parse(once, "m").findings if f.code == "E001"]
    kept = {c.text for c in parse(once, "m").file.comments}
    for comment in parse(source, "m").file.comments:
        assert comment.text in kept or "usm-lint:" in comment.text


def test_stdin_filename_replaces_the_file(tmp_path: Path, cli: Callable[..., Run],
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, {"usm-lint.toml": "", "p.usm": 'role R "r"\n'})
    stdin = io.TextIOWrapper(io.BytesIO(b"process {\n"))
    monkeypatch.setattr(sys, "stdin", stdin)
    run = cli("check", "--stdin-filename", "p.usm", "--format", "json", cwd=tmp_path)
    assert [(f["file"], f["code"]) for f in run.json()] == [("p.usm", "E001")]


def test_config_option_and_show_settings(tmp_path: Path, cli: Callable[..., Run]) -> None:
    write(tmp_path, {"usm-lint.toml": 'ignore = ["C0203"]\n', "other.toml": "bpmn = true\n",
                     "p.usm": 'role R "r"\n'})
    run = cli("check", "--show-settings", "--select", "C", cwd=tmp_path)
    (workspace,) = json.loads(run.out)
    settings_ = workspace["settings"]
    assert settings_["ignore"] == {"value": ["C0203"], "from": str(tmp_path / "usm-lint.toml")}
    assert settings_["select"]["from"] == "command line"
    assert settings_["bpmn"] == {"value": False, "from": "default"}
    run = cli("check", "--show-settings", "--config", "other.toml", cwd=tmp_path)
    assert json.loads(run.out)[0]["settings"]["bpmn"]["value"] is True
