"""No input reaches the internal-error handler: random bytes and mutated models."""

from __future__ import annotations

import contextlib
import io
import json
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from usm_lint.cli import main
from usm_lint.parsing.parser import parse

EXAMPLE = (Path(__file__).parent / "test_parser.py").read_text("utf-8")
SEED = EXAMPLE[EXAMPLE.index("FULL = '''") + 12: EXAMPLE.index("'''\n\n\ndef messages")]


def check_bytes(data: bytes) -> None:
    """The CLI on one file holding `data`: exit 0 or 1, never the internal error."""
    out, err = io.StringIO(), io.StringIO()
    with tempfile.TemporaryDirectory() as folder, contextlib.redirect_stdout(
            out), contextlib.redirect_stderr(err):
        (Path(folder) / "m.usm").write_bytes(data)
        code = main(["check", str(Path(folder) / "m.usm"), "--format", "json"])
    assert code in (0, 1), err.getvalue()
    assert "internal error" not in err.getvalue()
    keys = {"file", "line", "column", "end_line", "end_column", "code", "name", "severity",
            "message", "url", "related", "fix"}
    for item in json.loads(out.getvalue()):
        assert set(item) == keys
        assert (item["line"], item["column"]) <= (item["end_line"], item["end_column"])


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=400))
def test_random_bytes(data: bytes) -> None:
    check_bytes(data)


@st.composite
def mutated(draw: st.DrawFn) -> str:
    """The full example with characters deleted, inserted and swapped."""
    text = SEED
    for _ in range(draw(st.integers(1, 6))):
        position = draw(st.integers(0, len(text)))
        action = draw(st.sampled_from(["delete", "insert", "swap"]))
        if action == "delete":
            text = text[:position] + text[position + draw(st.integers(1, 12)):]
        elif action == "insert":
            text = text[:position] + draw(st.sampled_from(
                ['{', '}', '"', '"""', ';', '\n', ',', '->', '.', '◊', 'process', 'x', '#'])
            ) + text[position:]
        elif position + 1 < len(text):
            text = text[:position] + text[position + 1] + text[position] + text[position + 2:]
    return text


@settings(max_examples=300, deadline=None)
@given(mutated())
def test_mutated_models(text: str) -> None:
    result = parse(text, "m.usm")
    lines = text.split("\n")
    for finding in result.findings:
        span = finding.span
        assert 1 <= span.line <= len(lines)
        assert (span.line, span.column) <= (span.end_line, span.end_column)
        assert span.column <= len(lines[span.line - 1]) + 1
    check_bytes(text.encode("utf-8"))
