"""The parse cache and parallel parsing change nothing but speed."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from tests.conftest import Run, write
from usm_lint.cache import FOLDER

EXAMPLES = Path(__file__).parents[1] / "examples" / "handbook"


def _copy_handbook(root: Path) -> Path:
    for path in EXAMPLES.iterdir():
        if path.is_file():
            write(root, {path.name: path.read_text("utf-8")})
    return root


def test_cache_gives_the_same_findings_and_is_gitignored(
        tmp_path: Path, cli: Callable[..., Run]) -> None:
    root = _copy_handbook(tmp_path)
    cold = cli("check", "--format", "json", cwd=root).json()
    assert (root / FOLDER / ".gitignore").read_text() == "*\n"
    warm = cli("check", "--format", "json", cwd=root).json()
    uncached = cli("check", "--format", "json", "--no-cache", cwd=root).json()
    assert cold == warm == uncached


def test_corrupt_or_unwritable_cache_never_fails(tmp_path: Path,
                                                 cli: Callable[..., Run]) -> None:
    root = _copy_handbook(tmp_path / "m")
    expected = cli("check", "--format", "json", "--no-cache", cwd=root).json()
    cli("check", cwd=root)
    for entry in (root / FOLDER).rglob("*.json"):
        entry.write_text("{not json")
    assert cli("check", "--format", "json", cwd=root).json() == expected
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache folder should be")
    run = cli("check", "--format", "json", "--cache-dir", str(blocked), cwd=root)
    assert run.json() == expected


def test_cache_dir_from_the_environment(tmp_path: Path, cli: Callable[..., Run],
                                        monkeypatch: object) -> None:
    root = _copy_handbook(tmp_path / "m")
    os.environ["USM_LINT_CACHE_DIR"] = str(tmp_path / "elsewhere")
    try:
        cli("check", cwd=root)
    finally:
        del os.environ["USM_LINT_CACHE_DIR"]
    assert (tmp_path / "elsewhere" / ".gitignore").exists()
    assert not (root / FOLDER).exists()


def test_parallel_parsing_gives_identical_results(tmp_path: Path,
                                                  cli: Callable[..., Run]) -> None:
    files = {f"p{i:03}.usm": f'process P{i} {{\n    activity a "Register the item {i}"\n'
                             f'    activity b "Register the item {i}"\n}}\n' for i in range(40)}
    files["broken.usm"] = "process {\n"
    write(tmp_path, {"usm-lint.toml": "", **files})
    single = cli("check", "--format", "json", "--no-cache", "--jobs", "1", cwd=tmp_path)
    double = cli("check", "--format", "json", "--no-cache", "--jobs", "2", cwd=tmp_path)
    assert single.json() == double.json()
    assert [f["code"] for f in single.json()].count("E001") == 1
