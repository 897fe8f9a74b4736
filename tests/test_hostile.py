"""Hostile and odd input: a clear answer, quickly, never a crash or a hang."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Run, write
from usm_lint.parsing.parser import parse


def codes(run: Run) -> list[str]:
    assert run.code in (0, 1), run.err
    return [f["code"] for f in run.json()]


def test_a_50_mb_file_is_refused_without_reading_it(tmp_path: Path,
                                                    cli: Callable[..., Run]) -> None:
    big = tmp_path / "big.usm"
    with big.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: nothing is written, nothing read
    started = time.monotonic()
    run = cli("check", "big.usm", "--format", "json", cwd=tmp_path)
    assert codes(run) == ["E005"]
    assert time.monotonic() - started < 2


@pytest.mark.parametrize("text", [
    'process A {\n    activity a "' + "x" * 100_000 + '"\n}\n',
    "process A " + "{" * 10_000 + "}" * 10_000,
    "process A {\n" + "subprocess S {\n" * 3_000,
    "process A {\n" + "junk junk\n" * 3_000 + "}\n",
    "model M {\r\n    title \"t\"\n}\r\n",
])
def test_pathological_texts_parse_quickly(text: str) -> None:
    started = time.monotonic()
    result = parse(text, "t.usm")
    assert time.monotonic() - started < 5
    lines = text.split("\n")
    for finding in result.findings:
        assert 1 <= finding.span.line <= len(lines)


def test_a_folder_named_like_a_model_and_odd_links(tmp_path: Path,
                                                   cli: Callable[..., Run]) -> None:
    write(tmp_path, {"usm-lint.toml": "", "dir.usm/inner.usm": 'role R "r"\n'})
    (tmp_path / "dangling.usm").symlink_to(tmp_path / "nowhere.usm")
    (tmp_path / "loop1.usm").symlink_to(tmp_path / "loop2.usm")
    (tmp_path / "loop2.usm").symlink_to(tmp_path / "loop1.usm")
    run = cli("check", "--format", "json", "--select", "E", cwd=tmp_path)
    found = sorted((f["file"], f["code"]) for f in run.json())
    assert found == [("dangling.usm", "E004"), ("loop1.usm", "E004"), ("loop2.usm", "E004")]
    assert cli("check", "dir.usm", "--select", "E", cwd=tmp_path).code == 0


def test_a_file_that_disappears_during_the_run(tmp_path: Path, cli: Callable[..., Run],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, {"usm-lint.toml": "", "a.usm": 'role R "r"\n', "b.usm": 'role T "t"\n'})
    from usm_lint import loader

    real = loader.read_source

    def vanish(path: str, max_bytes: int) -> object:
        if path.endswith("b.usm"):
            os.unlink(path)
        return real(path, max_bytes)

    monkeypatch.setattr(loader, "read_source", vanish)
    run = cli("check", "--format", "json", "--select", "E", "--no-cache", cwd=tmp_path)
    assert codes(run) == ["E004"]


def test_ten_thousand_files(tmp_path: Path, cli: Callable[..., Run]) -> None:
    files = {f"p{i}.usm": f'process P{i} {{\n    activity a "Register item {i}"\n}}\n'
             for i in range(10_000)}
    write(tmp_path, {"usm-lint.toml": "select = ['E', 'C09']\n", **files})
    run = cli("check", "--format", "json", "--no-cache", cwd=tmp_path)
    assert codes(run) == []


def test_a_toml_bomb_is_a_config_error(tmp_path: Path, cli: Callable[..., Run]) -> None:
    write(tmp_path, {"usm-lint.toml": "select = " + "[" * 50_000 + "]" * 50_000 + "\n",
                     "a.usm": ""})
    run = cli("check", cwd=tmp_path)
    assert run.code == 2 and "nested too deeply" in run.err


def test_fuzz_regressions_replay(cli: Callable[..., Run], tmp_path: Path) -> None:
    """The committed seeds and crashers (tests/fuzz_regressions/): each checks,
    formats and converts without an internal error, in seconds."""
    folder = Path(__file__).parent / "fuzz_regressions"
    cases = sorted(folder.glob("*.usm")) + sorted(folder.glob("*.bpmn"))
    assert len(cases) >= 10
    for case in cases:
        name = f"case{case.suffix}"
        write(tmp_path, {"usm-lint.toml": "bpmn = true\n", name: case.read_bytes()})
        run = cli("check", name, "--format", "json", cwd=tmp_path)
        assert run.code in (0, 1) and "internal error" not in run.err, (case.name, run.err)
        command = ("convert", name) if case.suffix == ".bpmn" else ("format", "--diff", name)
        run = cli(*command, cwd=tmp_path)
        assert run.code in (0, 1, 2) and "internal error" not in run.err, (case.name, run.err)


@pytest.mark.slow
def test_killing_format_never_leaves_a_mixed_file(tmp_path: Path) -> None:
    """SIGKILL at random moments of `format` over many files: each file is old or new."""
    old = 'process   A {\n  activity a   "Register the call"\n}\n' * 200
    rng = random.Random(3)
    for attempt in range(5):
        folder = tmp_path / f"run{attempt}"
        write(folder, {"usm-lint.toml": "", **{f"m{i}.usm": old for i in range(60)}})
        new = subprocess.run([sys.executable, "-m", "usm_lint", "format", "-"],
                             input=old.encode(), capture_output=True, check=True).stdout
        process = subprocess.Popen([sys.executable, "-m", "usm_lint", "format", "."],
                                   cwd=folder, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.2, 0.8))
        process.send_signal(signal.SIGKILL)
        process.wait()
        for path in folder.glob("*.usm"):
            assert path.read_bytes() in (old.encode(), new), path
        assert not [p for p in folder.iterdir() if p.name.startswith(".usm-lint-")
                    and p.suffix == ".tmp" and p.stat().st_size not in (0, len(new))]


def test_format_does_not_write_through_symlinks(tmp_path: Path, cli: Callable[..., Run]) -> None:
    outside = tmp_path / "outside.usm"
    outside.write_text("role   R \"r\"\n")
    write(tmp_path, {"ws/usm-lint.toml": ""})
    (tmp_path / "ws" / "link.usm").symlink_to(outside)
    run = cli("format", "link.usm", cwd=tmp_path / "ws")
    assert run.code == 2 and "it is a symbolic link" in run.err
    assert run.out == "1 file not written\n"
    assert outside.read_text() == "role   R \"r\"\n"
    assert (tmp_path / "ws" / "link.usm").is_symlink()


def test_each_fuzz_harness_runs_on_a_seed() -> None:
    """tests/fuzz_harnesses.py runs for hours outside CI; here each target
    runs once on a seed, so that a change to the code they drive cannot leave
    them broken unnoticed."""
    pytest.importorskip("atheris", reason="atheris (a test extra) installs on Linux only")
    from tests import fuzz_harnesses

    root = Path(__file__).parents[1]
    seeds = {"check": root / "examples/reference/agree.usm",
             "format": root / "tests/fuzz_regressions/error-lines.usm",
             "bpmn": root / "tests/data/bpmn-miwg/A.1.0.bpmn",
             "config": root / "examples/reference/usm-lint.toml",
             "lsp": root / "examples/reference/agree.usm"}
    assert set(seeds) == set(fuzz_harnesses.TARGETS)
    try:
        for target, seed in seeds.items():
            fuzz_harnesses.TARGETS[target](seed.read_bytes())
    finally:  # the lsp target's server in its threads, which would outlive the tests
        for client in fuzz_harnesses._CLIENT:
            client.close()
        fuzz_harnesses._CLIENT.clear()
