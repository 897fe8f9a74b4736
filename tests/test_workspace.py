"""Workspace discovery, file reading (E004/E005) and name resolution (E002/E003)."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Run, write

PROC = 'process {name} {{\n    activity a "Register the wish"\n}}\n'


def codes(run: Run) -> list[tuple[str, str, int]]:
    return [(f["file"], f["code"], f["line"]) for f in run.json()]


def test_config_folders_are_separate_workspaces(tmp_path: Path, cli: Callable[..., Run]) -> None:
    write(tmp_path, {
        "a/usm-lint.toml": "",
        "a/x.usm": PROC.format(name="P"),
        "b/usm-lint.toml": "",
        "b/y.usm": PROC.format(name="P"),  # same name, other workspace: no E003
    })
    run = cli("check", ".", "--format", "json", "--select", "E", cwd=tmp_path)
    assert run.code == 0, run.out
    assert run.json() == []


def test_names_resolve_across_files_and_duplicates_are_e003(
        tmp_path: Path, cli: Callable[..., Run]) -> None:
    write(tmp_path, {
        "usm-lint.toml": "",
        "a.usm": 'model M {\n    processes P\n}\n',
        "b.usm": PROC.format(name="P"),
        "c.usm": PROC.format(name="P"),
    })
    run = cli("check", "--format", "json", "--select", "E", cwd=tmp_path)
    (dup,) = run.json()
    assert (dup["file"], dup["code"], dup["line"]) == ("c.usm", "E003", 1)
    assert dup["related"][0]["file"] == "b.usm"


def test_pair_finding_sits_at_the_earlier_place_when_only_it_is_reported(
        tmp_path: Path, cli: Callable[..., Run]) -> None:
    write(tmp_path, {"usm-lint.toml": "", "b.usm": PROC.format(name="P"),
                     "c.usm": PROC.format(name="P")})
    run = cli("check", "b.usm", "--format", "json", "--select", "E", cwd=tmp_path)
    assert codes(run) == [("b.usm", "E003", 1)]
    assert run.json()[0]["related"][0]["file"] == "c.usm"


def test_unknown_reference_suggests_a_close_name(tmp_path: Path, cli: Callable[..., Run]) -> None:
    write(tmp_path, {"usm-lint.toml": "", "m.usm":
                     'model M {\n    processes Recovr\n}\nprocess Recover {\n}\n'
                     'workflow W {\n    step Recover.registr\n}\n'})
    run = cli("check", "--format", "json", "--select", "E", cwd=tmp_path)
    assert [f["message"] for f in run.json()] == [
        "unknown process `Recovr`; did you mean `Recover`?",
        "unknown activity `registr` in process `Recover`",
    ]


def test_named_file_reports_only_it_but_sees_the_workspace(
        tmp_path: Path, cli: Callable[..., Run]) -> None:
    write(tmp_path, {"usm-lint.toml": "",
                     "model.usm": 'model M {\n    processes P, Q\n}\n',
                     "p.usm": PROC.format(name="P"),
                     "broken.usm": "process {\n"})
    run = cli("check", "model.usm", "--format", "json", "--select", "E", cwd=tmp_path)
    assert codes(run) == [("model.usm", "E002", 2)]  # Q unknown; P found in p.usm
    assert "broken.usm (not reported)" in run.err


def test_skips_hidden_node_modules_gitignored_and_excluded(
        tmp_path: Path, cli: Callable[..., Run]) -> None:
    write(tmp_path, {
        "usm-lint.toml": 'exclude = ["legacy/"]\n',
        ".git/HEAD": "",
        ".gitignore": "generated/\n",
        "ok.usm": PROC.format(name="P"),
        ".hidden/h.usm": "junk {",
        "node_modules/n.usm": "junk {",
        "generated/g.usm": "junk {",
        "legacy/l.usm": "junk {",
    })
    run = cli("check", "--show-files", cwd=tmp_path)
    assert "ok.usm" in run.out
    for skipped in ("h.usm", "n.usm", "g.usm", "l.usm"):
        assert skipped not in run.out
    named = cli("check", "legacy/l.usm", "--format", "json", cwd=tmp_path)
    assert [f["code"] for f in named.json()] == ["E001"]
    forced = cli("check", "legacy/l.usm", "--force-exclude", cwd=tmp_path)
    assert forced.code == 0 and "no model files" in forced.err


def test_outside_cwd_the_named_folder_is_the_root(tmp_path: Path, cli: Callable[..., Run]) -> None:
    write(tmp_path, {"models/p.usm": PROC.format(name="P"), "here/.keep": ""})
    run = cli("check", str(tmp_path / "models"), "--show-files", cwd=tmp_path / "here")
    assert f"workspace {tmp_path / 'models'}" in run.out


def test_symlinked_duplicates_are_read_once(tmp_path: Path, cli: Callable[..., Run]) -> None:
    write(tmp_path, {"usm-lint.toml": "", "real/p.usm": PROC.format(name="P")})
    (tmp_path / "link").symlink_to(tmp_path / "real")
    run = cli("check", "--format", "json", "--select", "E", cwd=tmp_path)
    assert run.json() == []


def test_directory_loop_is_e004(tmp_path: Path, cli: Callable[..., Run]) -> None:
    write(tmp_path, {"usm-lint.toml": "", "d/p.usm": PROC.format(name="P")})
    (tmp_path / "d" / "loop").symlink_to(tmp_path / "d")
    run = cli("check", "--format", "json", "--select", "E", cwd=tmp_path)
    assert [f["code"] for f in run.json()] == ["E004"]
    assert "loop" in run.json()[0]["message"]


def test_missing_path_is_e004_exit_1(tmp_path: Path, cli: Callable[..., Run]) -> None:
    run = cli("check", "nope.usm", "--format", "json", cwd=tmp_path)
    assert run.code == 1
    (finding,) = run.json()
    assert (finding["code"], finding["line"], finding["column"]) == ("E004", 1, 1)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads everything")
def test_unreadable_file_is_e004(tmp_path: Path, cli: Callable[..., Run]) -> None:
    write(tmp_path, {"p.usm": PROC.format(name="P")})
    (tmp_path / "p.usm").chmod(0)
    run = cli("check", "p.usm", "--format", "json", cwd=tmp_path)
    assert [f["code"] for f in run.json()] == ["E004"]


def test_fifo_is_refused_without_hanging(tmp_path: Path, cli: Callable[..., Run]) -> None:
    os.mkfifo(tmp_path / "pipe.usm")
    run = cli("check", "pipe.usm", "--format", "json", cwd=tmp_path)
    assert [f["code"] for f in run.json()] == ["E004"]


@pytest.mark.parametrize(("content", "line", "column"), [
    (b"process A {\n  code \x00X\n}\n", 2, 8),
    (b"process A {\n  purpose \"caf\xe9\"\n}\n", 2, 15),
    ("process A {}".encode("utf-16"), 1, 1),
])
def test_bad_encodings_are_e005(tmp_path: Path, cli: Callable[..., Run], content: bytes,
                                line: int, column: int) -> None:
    write(tmp_path, {"p.usm": content})
    run = cli("check", "p.usm", "--format", "json", cwd=tmp_path)
    (finding,) = run.json()
    assert (finding["code"], finding["line"], finding["column"]) == ("E005", line, column)


def test_bom_crlf_and_empty_files_are_fine(tmp_path: Path, cli: Callable[..., Run]) -> None:
    write(tmp_path, {"a.usm": b"\xef\xbb\xbfprocess A {\r\n  code X\r\n}\r\n", "b.usm": b""})
    run = cli("check", "--format", "json", "--select", "E", cwd=tmp_path)
    assert run.json() == []


def test_oversized_file_is_e005_before_reading(tmp_path: Path, cli: Callable[..., Run]) -> None:
    write(tmp_path, {"usm-lint.toml": "max-file-bytes = 100\n", "big.usm": "#" * 500})
    run = cli("check", "--format", "json", cwd=tmp_path)
    (finding,) = run.json()
    assert finding["code"] == "E005" and "max-file-bytes" in finding["message"]
