"""Atomic writes keep permissions and never leave a half-written file."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from usm_lint.fileio import write_atomic


def test_write_keeps_permissions(tmp_path: Path) -> None:
    target = tmp_path / "m.usm"
    target.write_text("old")
    target.chmod(0o640)
    write_atomic(str(target), b"new")
    assert target.read_bytes() == b"new"
    assert target.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["m.usm"]


def test_failed_write_leaves_the_old_file(tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "m.usm"
    target.write_text("old")

    def crash(_fd: int) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "fsync", crash)
    with pytest.raises(OSError):
        write_atomic(str(target), b"new")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["m.usm"]
