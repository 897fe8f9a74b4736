"""The benchmark generator is deterministic and writes valid models."""

from __future__ import annotations

from pathlib import Path

from benchmarks.generate import workspace, yaml_twin
from usm_lint.parsing.parser import parse


def test_same_seed_same_text_and_valid(tmp_path: Path) -> None:
    one = workspace(tmp_path / "a", 20, activities=6)
    two = workspace(tmp_path / "b", 20, activities=6)
    assert (one / "model.usm").read_text() == (two / "model.usm").read_text()
    result = parse((one / "model.usm").read_text(), "model.usm")
    assert [f for f in result.findings if f.code == "E001"] == []
    assert len(result.file.processes) == 20
    assert sum(len(p.activities) for p in result.file.processes) == 120


def test_one_file_per_process_and_yaml_twin(tmp_path: Path) -> None:
    folder = workspace(tmp_path / "w", 5, per_file=True)
    assert len(list(folder.glob("p*.usm"))) == 5
    yaml = yaml_twin(folder, tmp_path / "w.yaml").read_text()
    assert yaml.count("- name: P") == 5
