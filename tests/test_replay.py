"""The replay of an unchanged check (usm_lint/replay.py): the same output and
exit code as the run it recorded, without importing the checker, and a miss
whenever anything the run read may have changed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import write
from usm_lint import replay
from usm_lint.cache_keys import FOLDER

# The command, run through the installed entry point, then what it imported of
# the checker's heavy dependencies (on standard error, after its own output).
LAUNCH = """
import sys
from usm_lint.launch import entry
try:
    entry()
except SystemExit as done:
    code = done.code
light = ("usm_lint", "usm_lint.launch", "usm_lint.replay", "usm_lint.cache_keys",
         "usm_lint.streams")
heavy = sorted(m for m in sys.modules if m.split(".")[0] in ("pydantic", "lark", "usm_lint")
               and m not in light)
print("IMPORTED", heavy, file=sys.stderr)
sys.exit(code)
"""
MODEL = ('process Recover {\n    activity log "Register the call"\n'
         '    activity fix "Restore the service"\n}\n')
# "Register the call" and "Call registration" have the same length: an edit that
# keeps a file's size.
SAME_SIZE = MODEL.replace("Register the call", "Call registration")


def launch(root: Path, *args: str, merged: bool = False) -> tuple[str, list[str], int]:
    """Standard output (`merged`: with standard error), the heavy modules
    imported, and the exit code."""
    done = subprocess.run([sys.executable, "-c", LAUNCH, "check", *args], cwd=root,
                          stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT if merged else subprocess.PIPE,
                          text=True, check=False)
    lines = (done.stdout if merged else done.stderr).splitlines()
    imported = [line for line in lines if line.startswith("IMPORTED")]
    output = "".join(line + "\n" for line in done.stdout.splitlines()
                     if not line.startswith("IMPORTED"))
    return output, imported, done.returncode


def settled() -> None:
    """Wait until the inputs are older than the racy window: only then is a run recorded."""
    time.sleep(replay._RACY_NS / 1e9 + 0.2)


def recorded(root: Path, *args: str, merged: bool = False) -> tuple[str, int]:
    """A recorded run's output and exit code. The first run in a workspace
    creates its cache folder, which changes the workspace folder's times:
    the run after it is the one recorded."""
    launch(root, *(args or (".",)))
    settled()
    output, imported, code = launch(root, *(args or (".",)), merged=merged)
    assert imported != ["IMPORTED []"] and len(records(root)) == 1
    return output, code


def records(root: Path) -> list[Path]:
    return sorted((root / FOLDER).glob("replay-*.json"))


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    operate = 'process Operate {\n    activity a "Deliver the service"\n}\n'
    write(tmp_path, {"usm-lint.toml": "", "recover.usm": MODEL, "sub/operate.usm": operate})
    return tmp_path


def test_an_unchanged_check_is_replayed_without_importing_the_checker(workspace: Path) -> None:
    first, code = recorded(workspace)
    second, imported, replayed = launch(workspace, ".")
    assert (second, replayed) == (first, code)
    assert imported == ["IMPORTED []"]
    assert "C0802" in second  # a finding, replayed with its exit code
    other, imported, _ = launch(workspace, ".", "--format", "json")
    assert imported != ["IMPORTED []"]  # another command line is another run
    assert json.loads(other)


def edit_in_place(root: Path) -> None:
    (root / "recover.usm").write_text(SAME_SIZE, "utf-8")


def add_a_file(root: Path) -> None:
    write(root, {"new.usm": 'process Change {\n    activity a "Task 1"\n}\n'})


def add_a_folder_with_a_file(root: Path) -> None:
    write(root, {"new/new.usm": 'process Change {\n    activity a "Task 1"\n}\n'})


def add_a_file_to_a_folder_below(root: Path) -> None:
    write(root, {"sub/new.usm": 'process Change {\n    activity a "Task 1"\n}\n'})


def change_the_configuration(root: Path) -> None:
    write(root, {"usm-lint.toml": 'ignore = ["C0802"]\n'})


def ignore_the_model_in_git(root: Path) -> None:
    write(root, {".git/HEAD": "ref: refs/heads/main\n", ".gitignore": "recover.usm\n"})


def remove_the_model(root: Path) -> None:
    (root / "recover.usm").unlink()


@pytest.mark.parametrize("change", [
    edit_in_place, add_a_file, add_a_folder_with_a_file, add_a_file_to_a_folder_below,
    change_the_configuration,
    ignore_the_model_in_git, remove_the_model,
])
def test_any_change_to_what_the_run_read_is_a_miss(workspace: Path,
                                                   change: Callable[[Path], None]) -> None:
    recorded(workspace)
    change(workspace)
    after, imported, code = launch(workspace, ".")
    truth = subprocess.run([sys.executable, "-m", "usm_lint", "check", ".", "--no-cache"],
                           cwd=workspace, capture_output=True, text=True, check=False)
    assert imported != ["IMPORTED []"]
    assert (after, code) == (truth.stdout, truth.returncode)


def test_standard_output_and_error_are_replayed_in_their_order(workspace: Path) -> None:
    """The report, then the note on a file of the workspace that does not parse."""
    write(workspace, {"sub/bad.usm": "process Bad {\n    activity\n"})
    first, code = recorded(workspace, "recover.usm", merged=True)
    assert first.index("recover.usm") < first.index("bad.usm")
    again, imported, again_code = launch(workspace, "recover.usm", merged=True)
    assert (again, again_code, imported) == (first, code, ["IMPORTED []"])


def test_a_cache_folder_others_may_write_is_not_used(workspace: Path) -> None:
    """Another user could write a record there that says anything."""
    recorded(workspace)
    (workspace / FOLDER).chmod(0o777)
    launch(workspace, ".")
    settled()
    for record in records(workspace):
        record.unlink()
    launch(workspace, ".")
    assert records(workspace) == []
    _, imported, _ = launch(workspace, ".")
    assert imported != ["IMPORTED []"]


def test_a_replay_that_cannot_write_says_so(workspace: Path) -> None:
    recorded(workspace)
    with open("/dev/full", "w") as full:
        done = subprocess.run([sys.executable, "-c", LAUNCH, "check", "."], cwd=workspace,
                              stdout=full, stderr=subprocess.PIPE, text=True, check=False)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "cannot write the report: No space left on device" in done.stderr
    assert "IMPORTED []" in done.stderr  # it was the replay that could not write


def test_a_run_whose_reader_went_away_is_not_recorded(workspace: Path) -> None:
    """With buffered output a closed pipe fails at the last flush, not at a write:
    recorded, its exit code would be replayed to the next reader."""
    recorded(workspace)
    for record in records(workspace):
        record.unlink()
    environment = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    for run in range(2):  # the checker's run, then (unrecorded) the same again
        reader_gone = subprocess.Popen([sys.executable, "-m", "usm_lint", "check", "."],
                                       cwd=workspace, stdout=subprocess.PIPE,
                                       stderr=subprocess.PIPE, env=environment)
        assert reader_gone.stdout is not None and reader_gone.stderr is not None
        reader_gone.stdout.close()
        said = reader_gone.stderr.read()
        # As a reader gone is answered everywhere: exit 1, nothing said.
        assert (reader_gone.wait(timeout=60), said, run) == (1, b"", run)
        assert records(workspace) == []


def test_a_cache_folder_of_the_users_own_group_is_used(workspace: Path) -> None:
    """Where the umask is 002 a user's folders are writable by their private group."""
    import grp
    import pwd

    group = grp.getgrgid(os.getegid())
    if group.gr_name != pwd.getpwuid(os.geteuid()).pw_name or group.gr_mem:
        pytest.skip("the user's group is not a private group")
    first, code = recorded(workspace)
    (workspace / FOLDER).chmod(0o775)
    again, imported, again_code = launch(workspace, ".")
    assert (again, again_code, imported) == (first, code, ["IMPORTED []"])


def test_pruning_keeps_the_newest_records_and_nothing_else(tmp_path: Path) -> None:
    for n in range(replay._KEPT + 5):
        record = tmp_path / f"replay-{n:064x}.json"
        record.write_text("{}", "utf-8")
        os.utime(record, ns=(n * 10**9, n * 10**9))
    (tmp_path / "replay-session-1.json").write_text("mine", "utf-8")
    replay._prune(str(tmp_path))
    kept = sorted(p.name for p in tmp_path.iterdir())
    assert len(kept) == replay._KEPT + 1 and "replay-session-1.json" in kept
    assert f"replay-{0:064x}.json" not in kept and f"replay-{replay._KEPT + 4:064x}.json" in kept


def test_the_commands_it_never_replays_are_the_other_commands() -> None:
    from usm_lint.cli import COMMANDS

    assert set(replay._COMMANDS) == set(COMMANDS) - {"check"}
    # and those whose runs need no code digest are commands too (or help)
    from usm_lint import launch

    assert launch._UNCACHED - {"-h", "--help", "--version"} < set(replay._COMMANDS)


def test_a_link_whose_target_appears_is_a_miss(workspace: Path) -> None:
    """A dangling link's target can appear without a change to the link's folder."""
    outside = workspace.parent / f"{workspace.name}-outside"
    outside.mkdir()
    (workspace / "shared").symlink_to(outside / "shared")
    recorded(workspace)
    write(outside, {"shared/x.usm": 'process Shared {\n    activity a "Task 1"\n}\n'})
    after, imported, _ = launch(workspace, ".")
    assert imported != ["IMPORTED []"] and "shared/x.usm" in after


def test_a_run_right_after_an_edit_is_not_recorded(workspace: Path) -> None:
    """An edit in the same tick of a coarse clock could keep every time."""
    recorded(workspace)
    for record in records(workspace):
        record.unlink()
    edit_in_place(workspace)
    launch(workspace, ".")
    assert records(workspace) == []


def test_a_damaged_or_foreign_record_is_a_miss(workspace: Path) -> None:
    first, code = recorded(workspace)
    (record,) = records(workspace)
    kept = json.loads(record.read_text("utf-8"))
    forged = {**kept, "output": [["out", "forged\n"]], "exit": 0}
    for damage in (b"{", b"[]", {**kept, "output": 1}, {**kept, "output": [["out", 1]]},
                   {**kept, "output": [["elsewhere", "x"]]}, {**kept, "exit": 7},
                   {**kept, "exit": True}, {**forged, "key": "another run's"},
                   {**forged, "watched": {}}):
        record.write_bytes(damage if isinstance(damage, bytes) else json.dumps(damage).encode())
        again, imported, again_code = launch(workspace, ".")
        assert (again, again_code) == (first, code) and imported != ["IMPORTED []"]
    record.unlink()
    os.mkfifo(record)  # a FIFO in its place is not read (the read would block)
    again, _, again_code = launch(workspace, ".")
    assert (again, again_code) == (first, code)


@pytest.mark.parametrize(("argv", "replayable"), [
    (["check", "."], True), ([".", "--format", "json"], True), (["model.usm"], True),
    (["check", "--fix"], False), (["check", "--fi"], False), (["check", "--diff"], False),
    (["check", "--add-suppressions"], False), (["check", "--add"], False),
    (["check", "--no-cache"], False), (["check", "--no-c"], False),
    (["check", "-o", "out.txt"], False), (["check", "-qo", "out.txt"], False),
    (["check", "--output=out.txt"], False), (["check", "-"], False),
    (["check", "--stdin-filename", "a.usm"], False), (["format", "."], False),
    (["report", "."], False), (["--help"], False), (["check", "-h"], False), ([], True),
    (["check", "-qh"], False), (["check", "--format", "sarif"], False),
    (["check", "--format=github"], False), (["check", "--form", "junit"], False),
    (["check", "--format", "json"], True), (["check", "--cache", "x"], False),
    (["check", "--ca", "x"], False), (["check", "--cac=x"], False),
    (["check", "--cache-dir", "x"], True),
])
def test_only_a_check_that_prints_and_writes_nothing_is_replayed(argv: list[str],
                                                                 replayable: bool) -> None:
    assert replay._replayable(argv) is replayable


@pytest.mark.parametrize(("args", "hashed"), [
    (("check", "."), True), ((".",), True), (("format", "--check", "."), False),
    (("check", "--no-cache", "."), False), (("check", "--no-ca", "."), False),
    (("rules",), False)])
def test_the_package_is_hashed_only_for_a_run_that_may_use_the_cache(
        workspace: Path, args: tuple[str, ...], hashed: bool) -> None:
    """Hashing the package's files (for the cache's keys) costs a few
    milliseconds that a formatter run in a pre-commit hook need not pay."""
    script = ("import sys, usm_lint.cache_keys as keys\n"
              "taken = keys.code_digest\n"
              "def digest():\n"
              "    print('HASHED', file=sys.stderr)\n"
              "    return taken()\n"
              "keys.code_digest = digest\n"
              "from usm_lint.launch import entry\n"
              "try:\n"
              "    entry()\n"
              "except SystemExit:\n"
              "    pass\n")
    done = subprocess.run([sys.executable, "-c", script, *args], cwd=workspace,
                          capture_output=True, text=True, check=False)
    assert ("HASHED" in done.stderr) is hashed, done.stderr
