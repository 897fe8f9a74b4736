"""The command line as a new user meets it (issue #16): each test is what a user
types and what a well-made tool answers, run as a real subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import write

ROOT = Path(__file__).parents[1]
GOOD = ('process Recover {\n    purpose "Restore the agreed service for the customer"\n'
        '    activity register "Register the disruption"\n}\n')


def usm(*args: str, cwd: Path, stdin: str | None = None,
        env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "usm_lint", *args], cwd=cwd, input=stdin,
                          capture_output=True, text=True, check=False,
                          env={**os.environ, **(env or {})})


# ---- 1. the workspace is where the config is, else what you named -----------------------

def test_files_where_you_stand_do_not_join_another_folders_model(tmp_path: Path) -> None:
    write(tmp_path, {"stray.usm": GOOD, "models/a.usm": GOOD})
    run = usm("check", "models/a.usm", "--format", "json", "--select", "E", cwd=tmp_path)
    assert run.returncode == 0, run.stdout + run.stderr
    assert json.loads(run.stdout) == []  # stray.usm's Recover is no second declaration
    run = usm("check", "models", "--show-files", cwd=tmp_path)
    assert "stray.usm" not in run.stdout and "a.usm" in run.stdout


def test_a_config_above_makes_the_workspace(tmp_path: Path) -> None:
    write(tmp_path, {"usm-lint.toml": "", "a.usm": GOOD, "sub/b.usm": GOOD})
    run = usm("check", "sub/b.usm", "--format", "json", "--select", "E003", cwd=tmp_path)
    (finding,) = json.loads(run.stdout)
    assert finding["code"] == "E003" and "(the other declaration: a.usm:1)" in finding["message"]


# ---- 2. text output like ruff's full format ----------------------------------------------

def test_full_output_shows_source_related_places_and_fixes(tmp_path: Path) -> None:
    write(tmp_path, {"usm-lint.toml": "", "a.usm": GOOD,
                     "b.usm": GOOD + "# usm-lint: disable=C0401\n"})
    run = usm("check", ".", "--output-format", "full", "--select", "E003,U001",
              cwd=tmp_path)
    out = run.stdout
    assert "b.usm:1:9: E003 [error] process `Recover` is declared twice (the other " \
           "declaration: a.usm:1) (duplicate-declaration)" in out
    assert "1 | process Recover {\n  |         ^^^^^^^" in out
    assert "  = the other declaration of process `Recover`: a.usm:1:9" in out
    assert "U001 [info] [*]" in out
    assert "[*] 1 fixable with `--fix`." in out


def test_concise_output_keeps_one_line_per_finding(tmp_path: Path) -> None:
    write(tmp_path, {"a.usm": 'process Recover {\n    activity a "Incident registration"\n}\n'})
    run = usm("check", "a.usm", "--select", "C0203", "--output-format", "concise",
              cwd=tmp_path)
    lines = run.stdout.splitlines()
    assert lines[0].startswith("a.usm:2:16: C0203 [warning] activity `a`")
    assert lines[1] == "Found 1 warning in 1 file."


# ---- 3. commands ---------------------------------------------------------------------------

def test_a_mistyped_command_is_a_usage_error_with_a_suggestion(tmp_path: Path) -> None:
    write(tmp_path, {"ws/a.usm": GOOD})
    run = usm("chek", "ws", cwd=tmp_path)
    assert run.returncode == 2
    assert "unknown command `chek`; did you mean `check`?" in run.stderr
    assert run.stdout == ""  # nothing was checked


def test_options_may_stand_before_the_command_and_between_paths(tmp_path: Path) -> None:
    """As ruff and git read them: `usm-lint -q check x`, `check a --no-cache b`."""
    bad = 'process Recover {\n    activity a "Incident registration"\n}\n'
    write(tmp_path, {"a.usm": bad, "b.usm": bad.replace("Recover", "Change")})
    run = usm("--format", "json", "check", "a.usm", "--select", "C0203", cwd=tmp_path)
    assert [f["file"] for f in json.loads(run.stdout)] == ["a.usm"]
    run = usm("check", "a.usm", "--select", "C0203", "--format", "json", "b.usm",
              cwd=tmp_path)
    assert sorted(f["file"] for f in json.loads(run.stdout)) == ["a.usm", "b.usm"]
    run = usm("-q", "chek", cwd=tmp_path)  # a mistyped command after an option
    assert run.returncode == 2 and "did you mean `check`?" in run.stderr
    run = usm("check", "a.usm", "--bogus", "b.usm", cwd=tmp_path)
    assert run.returncode == 2 and "unrecognized arguments: --bogus" in run.stderr
    # an option's prefix takes its value as the option does
    run = usm("--form", "json", "--sel", "C0203", "a.usm", cwd=tmp_path)
    assert [f["file"] for f in json.loads(run.stdout)] == ["a.usm"]
    # after `--` every argument is a path; the version before a command is the program's
    run = usm("--", "format", cwd=tmp_path)
    assert "format:1:1: E004" in run.stdout and a_text(tmp_path) == bad
    run = usm("--version", "check", cwd=tmp_path)
    assert run.returncode == 0 and run.stdout.startswith("usm-lint ")


def a_text(root: Path) -> str:
    return (root / "a.usm").read_text("utf-8")


def test_an_option_takes_a_value_in_every_command_that_has_it_or_in_none() -> None:
    """What lets options stand before the command: one table says whether
    each takes a value, whichever command follows."""
    from usm_lint.cli import _subcommands, build_parser

    takes: dict[str, set[bool]] = {}
    for command in _subcommands(build_parser()).values():
        for option, action in command._option_string_actions.items():
            takes.setdefault(option, set()).add(action.nargs != 0)
    assert takes and all(len(kinds) == 1 for kinds in takes.values()), takes


def test_a_mistyped_option_gets_its_command_usage_and_a_suggestion(tmp_path: Path) -> None:
    write(tmp_path, {"ws/a.usm": GOOD})
    run = usm("check", "--selct", "C01", "ws", cwd=tmp_path)
    assert run.returncode == 2 and run.stdout == ""
    assert run.stderr.startswith("usage: usm-lint check ")
    assert "unrecognized arguments: --selct; did you mean `--select`?" in run.stderr
    run = usm("format", "--chek", "ws", cwd=tmp_path)
    assert run.returncode == 2 and "did you mean `--check`?" in run.stderr
    run = usm("--bogus", "ws", cwd=tmp_path)  # nothing close: no guess
    assert run.returncode == 2 and run.stderr.rstrip().endswith("unrecognized arguments: --bogus")


def test_a_folder_of_bpmn_files_alone_says_how_to_read_them(tmp_path: Path) -> None:
    write(tmp_path, {"m/a.bpmn": "<definitions/>"})
    run = usm("check", "m", cwd=tmp_path)
    assert run.returncode == 0
    assert "set `bpmn = true` in usm-lint.toml, or name a file" in run.stderr


def test_a_dash_reads_standard_input(tmp_path: Path) -> None:
    text = 'process Recover {\n    activity a "Incident registration"\n}\n'
    run = usm("check", "-", "--stdin-filename", "r.usm", "--select", "C0203",
              "--format", "json", cwd=tmp_path, stdin=text)
    (finding,) = json.loads(run.stdout)
    assert finding["file"] == "r.usm" and finding["code"] == "C0203"
    run = usm("check", "-", "--select", "C0203", "--format", "json", cwd=tmp_path, stdin=text)
    assert [f["code"] for f in json.loads(run.stdout)] == ["C0203"]


def test_standard_input_without_a_name_joins_no_folder(tmp_path: Path) -> None:
    """Text from nowhere is a model of its own: the files where the user stands
    do not make it a duplicate; named, it takes that file's place."""
    text = 'process Recover {\n    activity a "Register the incident"\n}\n'
    write(tmp_path, {"m.usm": text, "usm-lint.toml": 'ignore = ["C05"]\n'})
    run = usm("check", "-", "--select", "E,C05", "--format", "json", cwd=tmp_path, stdin=text)
    assert json.loads(run.stdout) == []  # no E003 against m.usm; the config's ignore holds
    run = usm("check", "--stdin-filename", "other.usm", "--select", "E", "--format", "json",
              cwd=tmp_path, stdin=text)
    assert [f["code"] for f in json.loads(run.stdout)] == ["E003"]  # beside m.usm


def test_format_check_and_diff_exit_1_when_a_file_would_change(tmp_path: Path) -> None:
    write(tmp_path, {"a.usm": "process Recover {\nactivity a \"Register it\"\n}\n"})
    assert usm("format", "--check", "a.usm", cwd=tmp_path).returncode == 1
    diff = usm("format", "--diff", "a.usm", cwd=tmp_path)
    assert diff.returncode == 1 and "+    activity a" in diff.stdout
    assert usm("format", "a.usm", cwd=tmp_path).returncode == 0
    assert usm("format", "--diff", "a.usm", cwd=tmp_path).returncode == 0


def test_statistics_have_a_json_form(tmp_path: Path) -> None:
    write(tmp_path, {"a.usm": 'process Recover {\n    activity a "Incident registration"\n}\n'})
    run = usm("check", "a.usm", "--statistics", "--format", "json", cwd=tmp_path)
    rows = json.loads(run.stdout)
    assert {"code": "C0203", "name": "activity-not-verb-phrase", "count": 1,
            "fixable": 0} in rows
    run = usm("check", "a.usm", "--statistics", "--format", "sarif", cwd=tmp_path)
    assert run.returncode == 2 and "--statistics prints text or json" in run.stderr


def test_repeated_select_options_add_up(tmp_path: Path) -> None:
    write(tmp_path, {"a.usm": 'process Recover {\n    activity a "Incident registration"\n}\n'})
    run = usm("check", "a.usm", "--select", "C0203", "--select", "C0301", "--format", "json",
              cwd=tmp_path)
    assert sorted(f["code"] for f in json.loads(run.stdout)) == ["C0203", "C0301"]


def test_coverage_fail_under_is_a_percentage_and_says_what_fell_short(tmp_path: Path) -> None:
    gaps = ROOT / "examples" / "gaps"
    run = usm("coverage", str(gaps), "--framework", "ITIL4", "--fail-under", "80", cwd=tmp_path)
    assert run.returncode == 1
    assert "ITIL4 coverage 8.8% (3/34) is below --fail-under 80%" in run.stderr
    run = usm("coverage", str(gaps), "--framework", "ITIL4", "--fail-under", "120", cwd=tmp_path)
    assert run.returncode == 2 and "a percentage is 0 to 100" in run.stderr


def test_files_that_are_not_models_are_refused_unless_forced(tmp_path: Path) -> None:
    write(tmp_path, {"README.md": "# Notes\n", "model.txt": GOOD})
    run = usm("check", "README.md", cwd=tmp_path)
    assert run.returncode == 2 and "not a model file (.usm or .bpmn)" in run.stderr
    run = usm("check", "model.txt", "--force", "--select", "E", cwd=tmp_path)
    assert run.returncode == 0, run.stderr


def test_convert_and_graph_say_what_they_expect(tmp_path: Path) -> None:
    reference = ROOT / "examples" / "reference"
    run = usm("convert", str(reference / "model.usm"), cwd=tmp_path)
    assert run.returncode == 2 and "convert expects a .bpmn file" in run.stderr
    run = usm("graph", str(reference), "--workflow", "Nope", cwd=tmp_path)
    assert run.returncode == 2
    assert "the model's workflows: Complaint, Improvement, Incident" in run.stderr


# ---- init -----------------------------------------------------------------------------------

@pytest.mark.parametrize("minimal", [False, True])
def test_init_writes_a_model_that_passes_and_never_overwrites(tmp_path: Path,
                                                              minimal: bool) -> None:
    args = ["init", "--minimal"] if minimal else ["init"]
    assert usm(*args, cwd=tmp_path).returncode == 0
    check = usm("check", "--fail-on", "info", "--format", "json", cwd=tmp_path)
    assert check.returncode == 0 and json.loads(check.stdout) == []
    text = (tmp_path / "model.usm").read_text("utf-8")
    if not minimal:
        assert "processes Agree, Change, Recover, Operate, Improve" in text
        workflows = (tmp_path / "workflows.usm").read_text("utf-8")
        for template in ("wish", "rfc", "incident", "service-request", "complaint",
                         "improvement", "preventive-action", "optimization"):
            assert f"template {template}\n" in workflows
    assert usm("format", "--check", ".", cwd=tmp_path).returncode == 0
    again = usm(*args, cwd=tmp_path)
    assert again.returncode == 2 and "never overwrites" in again.stderr
    assert (tmp_path / "model.usm").read_text("utf-8") == text


# ---- 5. configuration errors -----------------------------------------------------------------

def test_config_errors_suggest_locate_and_list(tmp_path: Path) -> None:
    write(tmp_path, {"usm-lint.toml": 'language = "en"\nselcet = ["C"]\n', "a.usm": GOOD})
    run = usm("check", "a.usm", cwd=tmp_path)
    assert run.returncode == 2
    assert "usm-lint.toml:2:1: `selcet`: unknown key; did you mean `select`?" in run.stderr
    assert "known keys here: select, extend-select" in run.stderr
    write(tmp_path, {"usm-lint.toml": 'ignore = ["C0999", "procss-name-not-verb"]\n'})
    run = usm("check", "a.usm", cwd=tmp_path)
    assert "`ignore`: unknown rule code or name `procss-name-not-verb` (did you mean " \
           "`process-name-not-verb`?)" in run.stderr
    assert "`ignore`: unknown rule code or name `C0999`" in run.stderr


def test_an_underscored_pyproject_table_is_pointed_out(tmp_path: Path) -> None:
    write(tmp_path, {"pyproject.toml": '[tool.usm_lint]\nselect = ["E"]\n', "a.usm": GOOD})
    run = usm("check", "a.usm", cwd=tmp_path)
    assert "`[tool.usm_lint]` is not read; usm-lint's table is `[tool.usm-lint]`" in run.stderr


# ---- 6. help -------------------------------------------------------------------------------------

def test_every_option_has_help_and_help_ends_with_the_exit_codes(tmp_path: Path) -> None:
    from usm_lint.cli import COMMANDS, build_parser

    parser = build_parser()
    subparsers = next(a for a in parser._actions if a.dest == "command").choices
    for command in COMMANDS:
        for action in subparsers[command]._actions:
            assert action.help, f"{command} {action.dest} has no help"
    for command in ("check", "format", "coverage"):
        out = usm(command, "--help", cwd=tmp_path).stdout
        assert out.rstrip().endswith("2  usage, configuration or internal error, or a file that "
                                     "could not be\n     written (format, --fix, "
                                     "--add-suppressions)"), command
    report = usm("report", "--help", cwd=tmp_path).stdout
    assert "it does not gate" in report and "--fail-on" not in report
    check = usm("check", "--help", cwd=tmp_path).stdout
    assert "--fail-on {error,warning,info}" in check and "(default: warning)" in check
    assert "default install" in usm("server", "--help", cwd=tmp_path).stdout


def test_verbose_says_what_is_checked(tmp_path: Path) -> None:
    write(tmp_path, {"usm-lint.toml": "", "a.usm": GOOD})
    run = usm("check", "a.usm", "-v", "--select", "E", cwd=tmp_path)
    assert "workspace . (" in run.stderr and "1 model file(s), 1 reported" in run.stderr


# ---- 9. duplicates, once and where they are ---------------------------------------------------

def test_a_repeated_list_entry_is_one_finding_at_the_repeat(tmp_path: Path) -> None:
    write(tmp_path, {"m.usm": "model M {\n    processes Recover, Recover\n}\n" + GOOD})
    run = usm("check", "m.usm", "--format", "json", "--select", "E,C07", cwd=tmp_path)
    found = [(f["code"], f["line"], f["column"]) for f in json.loads(run.stdout)]
    assert found == [("E006", 2, 24)]  # and no C0703 (one process), let alone two


def test_a_duplicated_activity_is_e003_only(tmp_path: Path) -> None:
    text = ('process Recover {\n    activity a "Register the call"\n'
            '    activity a "Register the call"\n}\n')
    write(tmp_path, {"m.usm": text})
    run = usm("check", "m.usm", "--format", "json", "--select", "E,C09", cwd=tmp_path)
    assert [f["code"] for f in json.loads(run.stdout)] == ["E003"]


def test_a_second_model_says_where_the_first_is(tmp_path: Path) -> None:
    write(tmp_path, {"usm-lint.toml": "", "a.usm": "model Shop {\n    processes Recover\n}\n",
                     "b.usm": "model Shop {\n    processes Recover\n}\n" + GOOD})
    run = usm("check", ".", "--format", "json", "--select", "C0704", cwd=tmp_path)
    (finding,) = json.loads(run.stdout)
    assert finding["file"] == "b.usm" and "(the other model: a.usm:1)" in finding["message"]


def test_the_examples_are_formatted(tmp_path: Path) -> None:
    run = usm("format", "--check", str(ROOT / "examples"), cwd=tmp_path)
    assert run.returncode == 0, run.stdout
