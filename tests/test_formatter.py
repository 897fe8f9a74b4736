"""`usm-lint format`: the golden layout, and properties over generated models."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings

from tests.conftest import Run, write
from tests.strategies import usm_sources
from usm_lint.commands.format import model_without_spans
from usm_lint.formatter import FormatError, format_text
from usm_lint.parsing.parser import parse

GOLDEN = Path(__file__).parent / "golden"


def test_golden_layout() -> None:
    source = (GOLDEN / "format_input.usm").read_text("utf-8")
    expected = (GOLDEN / "format_expected.usm").read_text("utf-8")
    assert format_text(source) == expected
    assert format_text(expected) == expected


def test_crlf_and_bom_are_kept() -> None:
    text = '\ufeffrole R "r"\r\nrole T "t"\r\n'
    assert format_text(text) == '\ufeffrole R "r"\r\n\r\nrole T "t"\r\n'


def test_syntax_errors_refuse() -> None:
    with pytest.raises(FormatError, match="line 1"):
        format_text("process {\n")


def test_empty_file_stays_empty() -> None:
    assert format_text("") == "" and format_text("\n\n") == ""


@settings(max_examples=200, deadline=None)
@given(usm_sources())
def test_generated_models_round_trip(source: str) -> None:
    assert [f.code for f in parse(source, "g.usm").findings if f.code == "E001"] == []
    once = format_text(source)
    assert format_text(once) == once
    assert model_without_spans(once) == model_without_spans(source)
    before = [c.text.rstrip() for c in parse(source, "g.usm").file.comments]
    after = [c.text for c in parse(once, "g.usm").file.comments]
    assert before == after


def test_format_command_writes_checks_and_diffs(tmp_path: Path,
                                                cli: Callable[..., Run]) -> None:
    write(tmp_path, {"a.usm": "role   R \"r\"\n", "b.usm": "process {\n"})
    check = cli("format", "--check", cwd=tmp_path)
    assert check.code == 1 and "would reformat a.usm" in check.out
    assert "b.usm: not formatted" in check.err
    diff = cli("format", "--diff", "a.usm", cwd=tmp_path)
    assert "-role   R" in diff.out and "+role R" in diff.out
    assert (tmp_path / "a.usm").read_text() == "role   R \"r\"\n"
    done = cli("format", "a.usm", cwd=tmp_path)
    assert done.code == 0 and (tmp_path / "a.usm").read_text() == 'role R "r"\n'
    assert cli("format", "--check", "a.usm", cwd=tmp_path).code == 0
    assert (tmp_path / "b.usm").read_text() == "process {\n"
