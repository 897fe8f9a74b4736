"""The parse cache and parallel parsing change nothing but speed."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from tests.conftest import Run, imported_by_check, write
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


def test_unchanged_workspace_is_answered_without_parsing(tmp_path: Path) -> None:
    import subprocess
    import sys

    root = _copy_handbook(tmp_path)
    check = [sys.executable, "-c",
             "import sys; from usm_lint.cli import main; sys.argv[0] = 'usm-lint'; "
             "code = main()\n"
             "print('PARSED' if 'lark' in sys.modules else 'CACHED', file=sys.stderr)\n"
             "sys.exit(code)", "check", "--format", "json"]
    cold = subprocess.run(check, cwd=root, capture_output=True, text=True, check=False)
    warm = subprocess.run(check, cwd=root, capture_output=True, text=True, check=False)
    assert cold.stderr.strip().endswith("PARSED")
    assert warm.stderr.strip().endswith("CACHED")
    assert warm.stdout == cold.stdout and warm.returncode == cold.returncode == 1


def test_an_edit_selection_or_config_change_is_never_served_stale(
        tmp_path: Path, cli: Callable[..., Run]) -> None:
    root = _copy_handbook(tmp_path)
    before = cli("check", "--format", "json", cwd=root).json()
    assert any(f["code"] == "C0101" for f in before)
    assert cli("check", "--format", "json", "--ignore", "C01", cwd=root).json() == [
        f for f in before if not f["code"].startswith("C01")]
    (root / "usm-lint.toml").write_text(
        'ignore = ["C0101"]\n' + (root / "usm-lint.toml").read_text("utf-8"), "utf-8")
    assert not any(f["code"] == "C0101" for f in cli("check", "--format", "json",
                                                         cwd=root).json())
    target = root / "desk.usm"
    target.write_text(target.read_text("utf-8") + "\nprocess {\n", "utf-8")
    after = cli("check", "--format", "json", cwd=root).json()
    assert any(f["code"] == "E001" and f["file"] == "desk.usm" for f in after)
    only = cli("check", "--format", "json", "desk.usm", cwd=root).json()
    assert {f["file"] for f in only} == {"desk.usm"}


def test_per_declaration_rules_find_what_they_find_in_the_whole_workspace() -> None:
    """`Rule.per_declaration` is honest: judging each file alone (the CLI) and
    each declaration alone (the server) find exactly what judging the whole
    workspace finds (on every example model)."""
    from dataclasses import replace

    from usm_lint.discovery import Discoverer
    from usm_lint.engine.runner import check_workspace
    from usm_lint.loader import load_workspace
    from usm_lint.memory import Memory
    from usm_lint.registry import RULES

    examples = Path(__file__).parents[1] / "examples"
    local = [rule for rule in RULES if rule.per_declaration]
    assert {rule.code for rule in local} >= {"C0401", "C0203", "C1001"}
    whole = [replace(rule, per_declaration=False) for rule in RULES]
    codes: set[str] = set()
    for spec in Discoverer(examples, False, None).discover([str(examples)]).workspaces:
        loaded = load_workspace(spec)
        per_file = check_workspace(loaded, RULES, spec.reported)
        assert per_file == check_workspace(loaded, whole, spec.reported), spec.root
        memory = Memory()
        for _again in range(2):  # judged, then kept
            assert per_file == check_workspace(loaded, RULES, spec.reported, memory)
        codes |= {f.code for f in per_file}
    assert len(codes & {rule.code for rule in local}) >= 8  # the comparison is not vacuous


def test_rules_travel_to_worker_processes_by_reference() -> None:
    import pickle

    from usm_lint.registry import RULES

    for rule in RULES:
        assert pickle.loads(pickle.dumps(rule)) == rule


def test_a_small_check_starts_no_process_pool(tmp_path: Path) -> None:
    """A one-file run (pre-commit) neither starts workers nor imports their machinery."""
    write(tmp_path, {"m.usm": 'role Agent "Service desk agent"\n'})
    assert imported_by_check(tmp_path, "m.usm",
                             ("multiprocessing", "concurrent.futures.process")) == []
