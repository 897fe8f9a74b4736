"""Trust under hostile input (issue #19), one table per numbered point: the user's
action, and the answer a trusted tool gives (its message, its exit code, the
files it leaves alone). Run as real processes; the permission cases also as an
unprivileged user, since root reads everything."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Run, write
from usm_lint.parsing.parser import parse

BAD_NAME = os.fsdecode(b"caf\xe9.usm")  # a name that is not UTF-8
PROCESS = 'process Recover {\n    activity a "Incident registration"\n}\n'


# Root reads everything: without the capabilities that let it (setpriv), root
# meets file permissions as any user does.
UNPRIVILEGED = ["setpriv", "--bounding-set=-dac_override,-dac_read_search",
                "--inh-caps=-dac_override,-dac_read_search"]


def usm(*args: str, cwd: Path, stdin: bytes | None = None,
        unprivileged: bool = False) -> subprocess.CompletedProcess[bytes]:
    command = [sys.executable, "-m", "usm_lint", *args]
    if unprivileged and os.geteuid() == 0:
        command = [*UNPRIVILEGED, *command]
    return subprocess.run(command, cwd=cwd, input=stdin, capture_output=True, check=False,
                          timeout=120)


def clean(run: subprocess.CompletedProcess[bytes]) -> None:
    """No traceback, no internal error, and output that is UTF-8 text."""
    for stream in (run.stdout, run.stderr):
        text = stream.decode("utf-8")  # raises on invalid UTF-8
        assert "Traceback" not in text and "internal error" not in text, text


# ---- 1. a file name that is not UTF-8 ------------------------------------------------------

@pytest.mark.parametrize("args", [
    ["--output-format", "concise"], ["--no-cache", "--output-format", "full"],
    ["--format", "json"], ["--format", "sarif"], ["--format", "github"],
    ["--format", "gitlab"], ["--format", "junit"], ["--jobs", "2", "--no-cache"],
])
def test_a_file_name_that_is_not_utf8_is_shown_escaped(tmp_path: Path, args: list[str]) -> None:
    (tmp_path / "usm-lint.toml").write_text("", "utf-8")
    (tmp_path / BAD_NAME).write_text(PROCESS, "utf-8")
    (tmp_path / "ok.usm").write_text("role R \"x\"\n", "utf-8")
    for _ in range(2):  # the second run reads what the first cached
        run = usm("check", ".", "--select", "C0203", *args, cwd=tmp_path)
        clean(run)
        assert run.returncode == 1
        out = run.stdout.decode("utf-8")
        assert "C0203" in out
        # escaped (a JSON string escapes the backslash again), or a SARIF URI
        assert any(shown in out for shown in ("caf\\xe9.usm", "caf\\\\xe9.usm", "caf%E9.usm"))
    json_run = usm("check", ".", "--select", "C0203", "--format", "json", cwd=tmp_path)
    (finding,) = json.loads(json_run.stdout)
    assert finding["file"] == "caf\\xe9.usm"


def test_a_file_name_cannot_forge_a_finding(tmp_path: Path) -> None:
    forged = "a\nfake.usm:1:1: E001 [error] forged.usm"
    (tmp_path / forged).write_text(PROCESS, "utf-8")
    run = usm("check", ".", "--select", "C0203", "--output-format", "concise", cwd=tmp_path)
    clean(run)
    lines = run.stdout.decode("utf-8").splitlines()
    assert lines[0].startswith("a\\x0afake.usm:1:1: E001 [error] forged.usm:2:16: C0203")
    assert len(lines) == 2  # the finding and the summary: no line of its own for the fake


# ---- 2. --output to whatever is there ---------------------------------------------------------

def test_output_to_special_files_writes_without_replacing(tmp_path: Path) -> None:
    (tmp_path / "m.usm").write_text(PROCESS, "utf-8")
    run = usm("check", "m.usm", "--select", "C0203", "--format", "json", "--output",
              "/dev/null", cwd=tmp_path)
    clean(run)
    assert run.returncode == 1 and stat.S_ISCHR(os.stat("/dev/null").st_mode)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = subprocess.Popen(["cat", str(fifo)], stdout=subprocess.PIPE)
    run = usm("check", "m.usm", "--select", "C0203", "--format", "json", "--output", str(fifo),
              cwd=tmp_path)
    got, _ = reader.communicate(timeout=30)
    clean(run)
    assert stat.S_ISFIFO(os.stat(fifo).st_mode) and json.loads(got)[0]["code"] == "C0203"


@pytest.mark.parametrize(("target", "code", "said"), [
    ("missing/folder/out.json", 1, None),  # the folders are made
    (".", 2, "is a folder; name the file to write"),
    ("/dev/full", 2, "No space left on device"),
])
def test_output_targets_get_a_clear_answer(tmp_path: Path, target: str, code: int,
                                           said: str | None) -> None:
    (tmp_path / "m.usm").write_text(PROCESS, "utf-8")
    run = usm("check", "m.usm", "--select", "C0203", "--format", "json", "--output", target,
              cwd=tmp_path)
    clean(run)
    assert run.returncode == code, run.stderr
    if said is None:
        assert json.loads((tmp_path / target).read_text("utf-8"))[0]["code"] == "C0203"
    else:
        assert said in run.stderr.decode("utf-8")


# ---- 3. and 4. suppressions and recovery stay linear ----------------------------------------
# Their time is measured by `python -m benchmarks scaling`; here, that the indexed
# suppressions still silence exactly what they did and recovery reports as before.

def test_a_baseline_of_thousands_silences_every_finding(tmp_path: Path) -> None:
    body = "".join(f'    activity a{i} "Incident registration {i}"  # usm-lint: disable=C0203\n'
                   for i in range(3000))
    (tmp_path / "m.usm").write_text(f"process Recover {{\n{body}}}\n", "utf-8")
    run = usm("check", "m.usm", "--select", "C0203,U001", "--format", "json", cwd=tmp_path)
    assert json.loads(run.stdout) == []


def test_a_run_of_stray_braces_is_one_finding() -> None:
    result = parse("process A {\n" + "}" * 5000 + "\n", "m.usm")
    assert len(result.findings) == 1 and result.findings[0].span.column == 2
    # spaced, a finding for each of the first few and one for the rest (was one per
    # brace), in little memory
    text = "process A {\n" + "} " * 500_000 + "\n"
    tracemalloc.start()
    findings = parse(text, "m.usm").findings
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 20 * len(text), peak
    assert len(findings) <= 4 and findings[0].span.column == 3
    assert "unexpected `}` after `}`" in findings[0].message


# ---- 5. memory ----------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    'process A {\n    activity a "' + "x" * 2_000_000 + '"\n}\n',
    "process A {\n" + "@" * 2_000_000 + "\n}\n",
    'process A {\n    activity a """' + "y" * 2_000_000 + '"""\n}\n',
    "process A {\n" + "}" * 1_000_000 + "\n",  # a few tokens, not a million
])
def test_long_strings_and_runs_cost_little_memory_per_character(text: str) -> None:
    tracemalloc.start()
    result = parse(text, "m.usm")
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 20 * len(text), peak  # it was ~150 bytes per character
    assert len(result.findings) <= 1


def test_standard_input_is_bounded_by_max_file_bytes(tmp_path: Path) -> None:
    (tmp_path / "usm-lint.toml").write_text("max-file-bytes = 1000\n", "utf-8")
    run = usm("check", "-", "--stdin-filename", "x.usm", "--format", "json", cwd=tmp_path,
              stdin=b"# " + b"x" * 5000 + b"\n")
    clean(run)
    (finding,) = json.loads(run.stdout)
    assert finding["code"] == "E005" and "over `max-file-bytes` (1000)" in finding["message"]


def test_a_huge_max_file_bytes_reads_the_file_as_it_is(tmp_path: Path) -> None:
    # Found by tests/fuzz_harnesses.py config: one read of max-file-bytes + 1
    # bytes allocated that much first (a MemoryError, an internal error).
    (tmp_path / "usm-lint.toml").write_text(f"max-file-bytes = {2 ** 62}\n", "utf-8")
    (tmp_path / "m.usm").write_text('role R "r"\n', "utf-8")
    run = usm("check", "m.usm", "--format", "json", cwd=tmp_path)
    clean(run)
    assert run.returncode == 0 and json.loads(run.stdout) == []


# ---- 8. control, C1 and bidi characters reach no output raw ---------------------------------

@pytest.mark.parametrize("output", ["text", "github", "json", "sarif", "gitlab", "junit"])
def test_escape_sequences_in_names_and_texts_reach_no_output_raw(tmp_path: Path,
                                                                 output: str) -> None:
    (tmp_path / "usm-lint.toml").write_text("", "utf-8")
    # A file name that would clear the screen and plant an OSC 8 link; a text
    # with a C1 control (CSI) and a right-to-left override.
    (tmp_path / "x\x1b[2J\x1b]8;;https:evil\x1b\\y.usm").write_text(
        'process Recover {\n    activity a "Task\x9b 1\u202e"\n}\n', "utf-8")
    run = usm("check", ".", "--select", "C0204", "--format", output, "--no-cache",
              cwd=tmp_path)
    clean(run)
    out = run.stdout.decode("utf-8")
    assert run.returncode == 1 and "C0204" in out
    assert not any(c in out for c in ("\x1b", "\x9b", "\u202e")), out


def test_a_file_name_in_the_diff_of_fixes_is_shown_escaped(tmp_path: Path) -> None:
    (tmp_path / "usm-lint.toml").write_text("", "utf-8")
    (tmp_path / "x\x1b[2Jy.usm").write_text(
        'process IncidentManagement {\n    activity a "Register the incident"\n}\n', "utf-8")
    run = usm("check", ".", "--select", "C0202", "--diff", "--unsafe-fixes", "--no-cache",
              cwd=tmp_path)
    clean(run)
    out = run.stdout.decode("utf-8")
    assert "+process Recover {" in out and "\x1b" not in out, out


# ---- 12. configured patterns that backtrack ------------------------------------------------

def test_a_catastrophic_condition_pattern_does_not_hang_the_check(tmp_path: Path) -> None:
    # The pattern took 46 s on a 30-character text with `re` (a
    # subprocess timeout of 120 s guards the run; this is not a timing test).
    (tmp_path / "usm-lint.toml").write_text(
        '[vocabulary]\nextend-conditions = ["(\\\\w+\\\\s?)+;"]\n', "utf-8")
    (tmp_path / "m.usm").write_text(
        'process Recover {\n    activity a "Register the incident for the customer now"\n}\n')
    run = usm("check", "m.usm", "--select", "C0401", cwd=tmp_path)
    clean(run)
    assert run.returncode == 0, run.stdout


def test_a_configured_pattern_that_runs_too_long_is_a_configuration_error(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli: Callable[..., Run]) -> None:
    from usm_lint.rules.helpers import patterns

    monkeypatch.setattr(patterns, "SECONDS", 1e-9)  # every search runs too long
    write(tmp_path, {"usm-lint.toml": '[vocabulary]\nextend-conditions = ["(\\\\w+\\\\s?)+;"]\n',
                     "m.usm": 'process Recover {\n    activity a "' + "word " * 2000 + '"\n}\n'})
    run = cli("check", "m.usm", "--select", "C0401", "--no-cache", cwd=tmp_path)
    assert run.code == 2 and "backtracks catastrophically" in run.err, run.err


def test_a_configured_pattern_that_runs_out_of_memory_is_a_configuration_error(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # Found by the config fuzzer: `{\x1a(?L:f)},\x0e{,g30(gl()?0)o\x06{{MS+#Pn|(?0)z`
    # (a recursive `regex` pattern) filled the memory before its time was up.
    from usm_lint.config import ConfigError
    from usm_lint.rules.helpers import patterns

    class Exhausting:
        def search(self, text: str, timeout: float) -> None:
            raise MemoryError

    monkeypatch.setattr(patterns, "_compiled", lambda pattern: Exhausting())
    with pytest.raises(ConfigError, match="ran out of memory on the text 'recover'"):
        patterns.bounded_search("(?0)z", "recover")


@pytest.mark.parametrize(("pattern", "ok"), [
    ("T{7777776}77", False),  # found by the config fuzzer: 2 GB to compile
    ("q{,2000}", False), ("a{2,1001}", False),
    ("x" + "\\" * 4 + "{99999}", False),  # an escaped backslash, repeated
    # nested counts multiply; verbose mode reads a count with spaces in it
    ("((a{100}){100}){100}", False), ("(?x)a{ 7777 }", False),
    ("a{2,5}b", True), ("x\\\\{99999}", True),  # an escaped brace is no count
    ("[{5000}]", True), ("(?#{5000})a", True), ("(\\\\d{1,2}[:.]){2}", True),
])
def test_a_configured_pattern_that_repeats_without_measure_is_refused_before_it_is_built(
        tmp_path: Path, cli: Callable[..., Run], pattern: str, ok: bool) -> None:
    write(tmp_path, {"usm-lint.toml": f'[vocabulary]\nextend-conditions = ["{pattern}"]\n',
                     "m.usm": PROCESS})
    run = cli("check", "m.usm", "--select", "C0401", "--no-cache", cwd=tmp_path)
    if ok:
        assert run.code in (0, 1), run.err
    else:
        assert run.code == 2 and "may repeat at most 1,000 times" in run.err, run.err
        assert "internal error" not in run.err


def test_a_configured_pattern_regex_fails_on_otherwise_is_a_configuration_error(
        tmp_path: Path, cli: Callable[..., Run]) -> None:
    """Found by the config fuzzer: `regex` raises KeyError, not regex.error, for
    two version flags at once."""
    write(tmp_path, {"usm-lint.toml": '[vocabulary]\nextend-conditions = ["(?V0V1)a"]\n',
                     "m.usm": PROCESS})
    run = cli("check", "m.usm", "--no-cache", cwd=tmp_path)
    assert run.code == 2 and "not a regular expression `regex` can build" in run.err, run.err
    assert "internal error" not in run.err


# ---- 6. folders that cannot be read ----------------------------------------------------

@pytest.mark.parametrize("mode", [0o000, 0o644])  # unreadable; listable but unsearchable
def test_a_folder_that_cannot_be_read_is_skipped_with_a_note(tmp_path: Path, mode: int) -> None:
    if os.geteuid() == 0 and shutil.which("setpriv") is None:
        pytest.skip("needs setpriv to drop root's right to read everything")
    (tmp_path / "usm-lint.toml").write_text("", "utf-8")
    (tmp_path / "a.usm").write_text(PROCESS, "utf-8")
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "b.usm").write_text(PROCESS, "utf-8")
    locked.chmod(mode)
    try:
        run = usm("check", ".", "--select", "C0203", "--format", "json", "--no-cache",
                  cwd=tmp_path, unprivileged=True)
        clean(run)
        assert run.returncode == 1
        found = {(f["file"], f["code"]) for f in json.loads(run.stdout)}
        assert ("a.usm", "C0203") in found
        if mode == 0o000:
            assert "locked: skipped, the folder cannot be read" in run.stderr.decode("utf-8")
        else:  # its files are listed, and each says it cannot be read
            assert ("locked/b.usm", "E004") in found
        run = usm("check", "a.usm", "--select", "C0203", "--format", "json", cwd=tmp_path,
                  unprivileged=True)  # naming another file: still no internal error
        clean(run)
        assert [f["file"] for f in json.loads(run.stdout)] == ["a.usm"]
    finally:
        locked.chmod(0o755)


# ---- 9. a cache folder someone else can write -----------------------------------------------

def _entries(cache: Path) -> list[Path]:
    return sorted(p for p in cache.rglob("*.json"))


@pytest.mark.parametrize("plant", ["foreign entry", "entry of another file", "fifo", "link"])
def test_a_planted_cache_entry_is_a_miss(tmp_path: Path, plant: str) -> None:
    (tmp_path / "m.usm").write_text(PROCESS, "utf-8")
    cache = tmp_path / "shared-cache"
    env = {**os.environ, "USM_LINT_CACHE_DIR": str(cache)}

    def check() -> subprocess.CompletedProcess[bytes]:
        return subprocess.run([sys.executable, "-m", "usm_lint", "check", "m.usm", "--select",
                               "C0203", "--format", "json"], cwd=tmp_path, env=env,
                              capture_output=True, check=False, timeout=60)

    first = check()
    assert json.loads(first.stdout)[0]["code"] == "C0203" and _entries(cache)
    for entry in _entries(cache):
        entry.unlink()
        if plant == "foreign entry":  # another file's entry: no findings at all
            entry.write_text('{"file":{"path":"/etc/passwd"},"findings":[]}', "utf-8")
        elif plant == "entry of another file":  # under this key, but for another file
            entry.write_text(entry.stem + '\n{"file":{"path":"/etc/passwd"},"findings":[]}',
                             "utf-8")
        elif plant == "fifo":  # reading it would wait for a writer forever
            os.mkfifo(entry)
        else:
            entry.symlink_to("/etc/passwd")
    again = check()  # the subprocess timeout guards the FIFO
    clean(again)
    assert again.returncode == 1 and json.loads(again.stdout) == json.loads(first.stdout)


# ---- 10. a run killed with SIGKILL ------------------------------------------------------------

def _children(pid: int) -> list[int]:
    found = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True,
                           text=True, check=False).stdout
    return [int(p) for p in found.split()]


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(") ")[1][0]
    except (OSError, IndexError):
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads /proc")
def test_killing_a_run_ends_its_parsing_workers(tmp_path: Path) -> None:
    import time

    body = "".join(f'    activity a{i} "Register the incident {i}"\n' for i in range(60))
    for n in range(600):
        (tmp_path / f"p{n}.usm").write_text(f"process Recover{n} {{\n{body}}}\n", "utf-8")
    run = subprocess.Popen([sys.executable, "-m", "usm_lint", "check", ".", "--jobs", "2",
                            "--no-cache", "--format", "json"], cwd=tmp_path,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers: list[int] = []
    deadline = time.monotonic() + 60
    while len(workers) < 2 and time.monotonic() < deadline and run.poll() is None:
        time.sleep(0.05)
        workers = _children(run.pid)
    assert len(workers) >= 2, "the run ended before its workers could be seen"
    run.kill()
    run.wait()
    deadline = time.monotonic() + 10
    while any(_alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    left = [w for w in workers if _alive(w)]
    for pid in left:
        os.kill(pid, 9)
    assert not left, "parsing workers outlived their killed parent"


# ---- 7. writes stay in the workspace and harm no file ------------------------------------------

# Each command that writes finds work in it: a layout to format, an unused
# suppression to remove (--fix), a finding to suppress (--add-suppressions).
UNFORMATTED = ('process Recover {\n  activity a "Incident registration"\n'
               '  activity b "Register the disruption"  # usm-lint: disable=C0203\n}\n')
WRITES = [["format", "."], ["check", ".", "--fix", "--select", "C0203,U001"],
          ["check", ".", "--add-suppressions", "--select", "C0203"],
          ["check", ".", "--fix", "--add-suppressions", "--select", "C0203,U001"]]


def test_writes_never_follow_a_linked_folder_out_of_the_workspace(tmp_path: Path) -> None:
    (tmp_path / "outside").mkdir()
    victim = tmp_path / "outside" / "victim.usm"
    victim.write_text(UNFORMATTED, "utf-8")
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "usm-lint.toml").write_text("", "utf-8")
    (repo / "models").symlink_to("../outside")
    for args in WRITES:
        run = usm(*args, cwd=repo)
        clean(run)
        assert run.returncode == 2, (args, run.stdout, run.stderr)
        assert "out of the workspace" in run.stderr.decode("utf-8")
        assert victim.read_text("utf-8") == UNFORMATTED


@pytest.mark.parametrize("unprivileged", [False, True])
def test_a_read_only_file_is_left_alone(tmp_path: Path, unprivileged: bool) -> None:
    if unprivileged and os.geteuid() == 0 and shutil.which("setpriv") is None:
        pytest.skip("needs setpriv to drop root's right to write everything")
    (tmp_path / "usm-lint.toml").write_text("", "utf-8")
    model = tmp_path / "m.usm"
    model.write_text(UNFORMATTED, "utf-8")
    model.chmod(0o444)
    for args in WRITES:
        run = usm(*args, cwd=tmp_path, unprivileged=unprivileged)
        clean(run)
        said = run.stderr.decode("utf-8")
        assert run.returncode == 2 and "it is read-only" in said, args
        assert "fixed 1 file" not in said and "added 1 suppression" not in said  # point 15
        assert model.read_text("utf-8") == UNFORMATTED
        assert stat.S_IMODE(model.stat().st_mode) == 0o444


def test_a_file_with_hard_links_is_not_split(tmp_path: Path) -> None:
    (tmp_path / "usm-lint.toml").write_text("", "utf-8")
    model = tmp_path / "m.usm"
    model.write_text(UNFORMATTED, "utf-8")
    os.link(model, tmp_path / "twin.usm.bak")
    run = usm("format", "m.usm", cwd=tmp_path)
    clean(run)
    assert run.returncode == 2 and "2 hard links" in run.stderr.decode("utf-8")
    assert model.stat().st_ino == (tmp_path / "twin.usm.bak").stat().st_ino
    assert model.read_text("utf-8") == UNFORMATTED


@pytest.mark.skipif(os.geteuid() != 0, reason="only root can give a file to another user")
def test_a_file_keeps_its_owner_and_mode(tmp_path: Path) -> None:
    (tmp_path / "usm-lint.toml").write_text("", "utf-8")
    model = tmp_path / "m.usm"
    model.write_text(UNFORMATTED, "utf-8")
    os.chown(model, 4321, 4322)
    model.chmod(0o640)
    run = usm("format", "m.usm", cwd=tmp_path)
    clean(run)
    assert run.returncode == 0 and model.read_text("utf-8") != UNFORMATTED
    info = model.stat()
    assert (info.st_uid, info.st_gid, stat.S_IMODE(info.st_mode)) == (4321, 4322, 0o640)


def test_a_file_changed_since_it_was_read_is_not_replaced(tmp_path: Path) -> None:
    from usm_lint.fileio import replace_model_file

    model = tmp_path / "m.usm"
    model.write_text("edited by someone else\n", "utf-8")
    with pytest.raises(OSError, match="changed since usm-lint read it"):
        replace_model_file(str(model), b"what usm-lint read\n", b"new\n", tmp_path)
    assert model.read_text("utf-8") == "edited by someone else\n"
    replace_model_file(str(model), b"edited by someone else\n", b"new\n", tmp_path)
    assert model.read_text("utf-8") == "new\n"


def test_format_and_fix_at_once_lose_no_update(tmp_path: Path) -> None:
    """Both runs read every file, then write: whatever one writes first, the
    other must find the file changed and say so, not write over it."""
    (tmp_path / "usm-lint.toml").write_text("", "utf-8")
    for n in range(150):
        (tmp_path / f"m{n}.usm").write_text(UNFORMATTED.replace("Recover", f"Recover{n}"))
    command = [sys.executable, "-m", "usm_lint"]
    runs = [subprocess.Popen([*command, *args], cwd=tmp_path,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            for args in WRITES[:2]]
    outputs = [run.communicate(timeout=300) for run in runs]
    refused = b"".join(err for _, err in outputs).decode("utf-8")
    assert "Traceback" not in refused
    for n in range(150):
        text = (tmp_path / f"m{n}.usm").read_text("utf-8")
        formatted, fixed = '    activity a "' in text, "disable" not in text
        # A change not in the file was refused, and the refusal named the file.
        assert (formatted and fixed) or f"m{n}.usm: " in refused, (n, text, refused)


def test_a_file_edited_between_check_and_fix_keeps_the_edit(tmp_path: Path) -> None:
    """The fixes' positions come from the text checked: applied to a newer text
    they would land anywhere, so that file is not written."""
    from usm_lint.commands import fixing
    from usm_lint.lint import lint_paths
    from usm_lint.registry import RULES

    (tmp_path / "usm-lint.toml").write_text("", "utf-8")
    model = tmp_path / "m.usm"
    model.write_text(UNFORMATTED, "utf-8")
    checked = lint_paths([str(model)], RULES, tmp_path)
    edited = "# edited in an editor meanwhile\n" + UNFORMATTED
    model.write_text(edited, "utf-8")
    _, changes = fixing.fix_files(
        checked, lambda fixed: lint_paths([str(model)], RULES, tmp_path, buffers=fixed),
        unsafe=False, max_bytes=1 << 20)
    assert changes  # the unused suppression's removal, on the text checked
    assert fixing.write(changes, checked.workspaces) == 1
    assert model.read_text("utf-8") == edited


@pytest.mark.parametrize("method", ["fork", "forkserver", "spawn"])
def test_parsing_workers_run_under_every_start_method(tmp_path: Path, method: str) -> None:
    """A worker watches the process that started it: under forkserver that is
    not the run (Python 3.14's default on Linux), and must not end it."""
    for n in range(8):
        (tmp_path / f"p{n}.usm").write_text(PROCESS.replace("Recover", f"Recover{n}"), "utf-8")
    program = ("import multiprocessing, sys\n"
               "if __name__ == '__main__':\n"
               f"    multiprocessing.set_start_method({method!r})\n"
               "    from usm_lint.cli import main\n"
               "    sys.argv = ['usm-lint', 'check', '.', '--jobs', '2', '--no-cache',\n"
               "                '--select', 'C0203', '--format', 'json']\n"
               "    sys.exit(main())\n")
    (tmp_path / "run.py").write_text(program, "utf-8")
    run = subprocess.run([sys.executable, "run.py"], cwd=tmp_path, capture_output=True,
                         check=False, timeout=120)
    clean(run)
    assert run.returncode == 1 and len(json.loads(run.stdout)) == 8, run.stderr


# ---- 13. the language server answers per the protocol ------------------------------------------

def _frame(message: dict[str, object]) -> bytes:
    body = json.dumps(message).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def _answers(out: bytes) -> dict[object, dict[str, object]]:
    """The responses in a server's output, by id."""
    found: dict[object, dict[str, object]] = {}
    while out:
        head, _, rest = out.partition(b"\r\n\r\n")
        length = int(head.split(b"Content-Length: ")[1].split(b"\r\n")[0])
        message, out = json.loads(rest[:length]), rest[length:]
        if "id" in message and "method" not in message:
            found[message["id"]] = message
    return found


def _serve(stream: bytes) -> tuple[int, dict[object, dict[str, object]], str]:
    run = subprocess.run([sys.executable, "-m", "usm_lint", "server"], input=stream,
                         capture_output=True, check=False, timeout=120)
    return run.returncode, _answers(run.stdout), run.stderr.decode("utf-8")


INITIALIZE = _frame({"jsonrpc": "2.0", "id": 1, "method": "initialize",
                     "params": {"capabilities": {}}})
HOVER = {"jsonrpc": "2.0", "method": "textDocument/hover", "params": {
    "textDocument": {"uri": "file:///x.usm"}, "position": {"line": 0, "character": 0}}}


SHUTDOWN_THEN_EXIT = (_frame({"jsonrpc": "2.0", "id": 2, "method": "shutdown"})
                     + _frame({"jsonrpc": "2.0", "method": "exit"}))
STREAMS = {  # what the client sends after `initialize`: the exit code, the ids answered
    # A body too large to hold is skipped, and the server goes on.
    "an impossible Content-Length": (lambda: b"Content-Length: 99999999999999\r\n\r\n{}",
                                     1, {1}),
    "a body over the limit, then shutdown": (
        lambda: b"Content-Length: 50000000\r\n\r\n" + b" " * 50_000_000 + SHUTDOWN_THEN_EXIT,
        0, {1, 2}),
    "a header line of 10 MB": (lambda: b"X" * 10_000_000 + b"\r\n" + SHUTDOWN_THEN_EXIT,
                               0, {1, 2}),
    # A request over the limit is still answered (an error), not left waiting.
    "a request over the limit": (lambda: (
        lambda body: b"Content-Length: %d\r\n\r\n" % len(body) + body + SHUTDOWN_THEN_EXIT)(
            json.dumps({**HOVER, "id": 9, "pad": "x" * 45_000_000}).encode()), 0, {1, 2, 9}),
    # After shutdown every request but exit gets an error answer.
    "a request after shutdown": (
        lambda: (_frame({"jsonrpc": "2.0", "id": 2, "method": "shutdown"})
                 + _frame({**HOVER, "id": 3}) + _frame({"jsonrpc": "2.0", "method": "exit"})),
        0, {1, 2, 3}),
    # exit without shutdown: exit code 1, as the protocol says.
    "exit without shutdown": (lambda: _frame({"jsonrpc": "2.0", "method": "exit"}), 1, {1}),
}


@pytest.mark.parametrize("case", list(STREAMS))
def test_the_server_answers_per_the_protocol(case: str) -> None:
    stream, code, answered = STREAMS[case]
    returncode, answers, err = _serve(INITIALIZE + stream())
    assert "Traceback" not in err and "internal error" not in err, err
    assert returncode == code and set(answers) == answered, (answers, err)
    if 3 in answers:
        assert answers[3]["error"]["code"] == -32600  # type: ignore[index]
    if 9 in answers:
        assert "messageOverTheSizeLimit" in answers[9]["error"]["message"]  # type: ignore[index]


# ---- 14. every well-formed BPMN file is read ----------------------------------------------------

def _bpmn(body: str, head: str = "", declaration: str = '<?xml version="1.0" encoding="UTF-8"?>'
          ) -> str:
    return (f'{declaration}\n<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" '
            f'{head} id="d" targetNamespace="x">\n{body}\n</definitions>\n')


TASK_PROCESS = ('<process id="p" name="Handle claims"><task id="t" name="Incident registration"/>'
                '</process>')
BPMN_CASES = {
    # IBM Process Designer declares a namespace with a space in it.
    "a namespace with a space": (
        _bpmn(TASK_PROCESS, 'xmlns:ibm="http://www.ibm.com/xmlns/prod/bpm/bpmn/ext/ Process '
                            'Designer"').encode(),
        [("C0203", "activity `incident_registration`")]),
    # Blanks str.split knows and XML does not (it split the names expat reports).
    "a namespace with other blanks, in use": (
        _bpmn(TASK_PROCESS.replace('<task id="t"', '<task q:x="1" id="t"'),
              'xmlns:q="urn:a\u3000b\u00a0c\nd"').encode(),
        [("C0203", "activity `incident_registration`")]),
    "ISO-8859-1, as declared": (
        _bpmn(TASK_PROCESS.replace("registration", "registration at the café"),
              declaration='<?xml version="1.0" encoding="ISO-8859-1"?>').encode("latin-1"),
        [("C0203", "activity `incident_registration_at_the_café`")]),
    # In BPMN an id is identity and a name a label: two pools named alike are two processes.
    "two pools with one label": (_bpmn(
        '<collaboration id="c"><participant id="a" name="Shop" processRef="p1"/>'
        '<participant id="b" name="Shop" processRef="p2"/></collaboration>'
        '<process id="p1"><task id="t1" name="Register the order"/></process>'
        '<process id="p2"><task id="t2" name="Ship the order"/></process>').encode(),
        [("C0201", "`Shop`"), ("C0201", "`Shop (p2)`")]),
    # A service task with no `implementation`, or BPMN's defaults written out by a
    # tool, which say no more: the task itself is the how.
    **{f"a service task with BPMN's default implementation {default}": (_bpmn(
        '<process id="p" name="Handle claims"><serviceTask id="t" name="Register the claim" '
        f'implementation="{default}"/></process>').encode(),
        [("C0102", 'activity `register_the_claim` of `Handle claims` is a service task')])
       for default in ("##WebService", "##unspecified")},
    "a service task with no implementation": (_bpmn(
        '<process id="p" name="Handle claims"><serviceTask id="t" name="Register the claim"/>'
        '</process>').encode(),
        [("C0102", 'activity `register_the_claim` of `Handle claims` is a service task')]),
}


@pytest.mark.parametrize("case", list(BPMN_CASES))
def test_well_formed_bpmn_is_read(tmp_path: Path, case: str) -> None:
    data, expected = BPMN_CASES[case]
    (tmp_path / "usm-lint.toml").write_text("bpmn = true\n", "utf-8")
    (tmp_path / "m.bpmn").write_bytes(data)
    run = usm("check", "m.bpmn", "--select", "E,C0102,C0201,C0203", "--format", "json",
              "--no-cache", cwd=tmp_path)
    clean(run)
    found = [(f["code"], f["message"]) for f in json.loads(run.stdout)]
    assert len(found) == len(expected), found
    for (code, said), (want_code, want_said) in zip(found, expected, strict=True):
        assert code == want_code and want_said in said, found


# ---- 15. minor: line ends, encodings, wording --------------------------------------------------

def test_lines_ended_by_cr_alone_are_lines(tmp_path: Path) -> None:
    (tmp_path / "usm-lint.toml").write_text("", "utf-8")
    text = 'process Recover {\r  activity a "Incident registration"\r}\r'
    (tmp_path / "m.usm").write_bytes(text.encode())
    run = usm("check", "m.usm", "--select", "E,C0203", "--format", "json", cwd=tmp_path)
    clean(run)
    (finding,) = json.loads(run.stdout)
    assert (finding["code"], finding["line"]) == ("C0203", 2)
    run = usm("format", "m.usm", cwd=tmp_path)
    clean(run)
    assert (tmp_path / "m.usm").read_bytes() == text.replace("  ", "    ").encode()  # CR kept


@pytest.mark.parametrize(("encoding", "said"), [("utf-32", "UTF-32"), ("utf-16", "UTF-16")])
def test_a_usm_file_in_another_unicode_encoding_is_named_rightly(
        tmp_path: Path, encoding: str, said: str) -> None:
    (tmp_path / "m.usm").write_bytes('role R "r"\n'.encode(encoding))
    run = usm("check", "m.usm", "--format", "json", cwd=tmp_path)
    clean(run)
    (finding,) = json.loads(run.stdout)
    assert finding["message"] == f"the file is {said} text; save it as UTF-8"


def test_a_configuration_above_the_repository_is_not_adopted(tmp_path: Path) -> None:
    (tmp_path / "usm-lint.toml").write_text('ignore = ["C0203"]\n', "utf-8")  # not ours
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / ".git").mkdir()
    (repo / "m.usm").write_text(PROCESS, "utf-8")
    run = usm("check", "m.usm", "--select", "C0203", "--format", "json", cwd=repo)
    clean(run)
    assert [f["code"] for f in json.loads(run.stdout)] == ["C0203"]


def test_exclude_patterns_are_compiled_once(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    import pathspec

    from usm_lint.config import Config
    from usm_lint.discovery import WorkspaceSpec, _exclusion, excluded

    spec = WorkspaceSpec(tmp_path, None, Config(exclude=[f"gen-{n}/" for n in range(2000)]))
    compiled = []  # counted after the configuration, which checks each pattern once
    real = pathspec.GitIgnoreSpec.from_lines
    monkeypatch.setattr(pathspec.GitIgnoreSpec, "from_lines",
                        lambda lines: compiled.append(1) or real(lines))
    _exclusion.cache_clear()
    found = [excluded(spec, tmp_path / f"gen-{n % 5}" / f"m{n}.usm") for n in range(200)]
    assert all(found) and len(compiled) == 1


# ---- 11. a header without its `{`: tests/test_parser.py, the header cases.


def test_an_editor_buffer_with_lines_ended_by_cr_alone_reads_as_lines() -> None:
    from lsprotocol import types

    from usm_lint.server.documents import Documents

    documents = Documents()
    opened = documents.open("file:///w/m.usm", 1, 'process Recover {\r  activity a "x"\r}\r')
    assert opened is not None and opened.text.count("\n") == 3 and "\r" not in opened.text
    edit = types.TextDocumentContentChangePartial(
        range=types.Range(types.Position(1, 0), types.Position(1, 0)), text='  activity b "y"\r')
    changed = documents.change("file:///w/m.usm", 2, [edit])
    assert changed is not None
    assert changed.text.splitlines()[1:3] == ['  activity b "y"', '  activity a "x"']


@pytest.mark.parametrize(("declared", "readable"), [
    ("punycode", False), ("undefined", False), ("unicode_escape", False), ("KLINGON", False),
    ("US-ASCII", True),  # UTF-8 text labelled ASCII, as tools often write it
    ("windows-1252", True), ("Shift_JIS", True)])
def test_a_bpmn_file_is_read_only_in_a_text_encoding(declared: str, readable: bool) -> None:
    from usm_lint.source import decode

    source = decode("m.bpmn", f'<?xml version="1.0" encoding="{declared}"?>\n'
                              '<definitions name="Café"/>'.encode())
    if readable:
        assert source.text is not None and source.problem is None
    else:
        assert source.problem is not None and f"encoding {declared}, which usm-lint does not " \
            "read" in source.problem.message


def test_a_lone_cr_among_lf_lines_stays_as_written() -> None:
    """Normalised, such a file could not be written back byte for byte (a
    fix or format would then be refused for ever as "changed since read")."""
    from usm_lint.source import decode

    source = decode("m.usm", b'process R {\r\n    activity a "x"\r}\n')
    assert source.text == 'process R {\r\n    activity a "x"\r}\n' and not source.cr


def test_a_changing_configuration_does_not_keep_every_vocabulary() -> None:
    """A server whose user keeps editing the configuration (or the config
    fuzzer, whose memory grew without end) keeps a few vocabularies, and the
    judgements memoised with the others go with them."""
    import gc
    import weakref

    from usm_lint.config import Vocabulary
    from usm_lint.rules.c01_what import _who_in
    from usm_lint.rules.helpers.reading import _build

    kept = []
    for n in range(40):
        words = _build(Vocabulary(extend_roles=[f"role{n}"]))
        _who_in(f"The role{n} approves the request", words, ())
        kept.append(weakref.ref(words))
    del words
    gc.collect()
    assert sum(ref() is not None for ref in kept) <= 8
