"""Small BPMN documents for the tests, and reading a span back out of a text."""

from __future__ import annotations

from pathlib import Path

from usm_lint.model import Span

MODEL = "http://www.omg.org/spec/BPMN/20100524/MODEL"
SAMPLES = Path(__file__).parent / "data" / "bpmn-miwg"


def definitions(body: str, prefix: str = "bpmn", extra: str = "") -> str:
    """A BPMN 2.0 document around `body`, its namespace bound to `prefix` ("" for the
    default namespace)."""
    bind = f"xmlns:{prefix}" if prefix else "xmlns"
    tag = f"{prefix}:definitions" if prefix else "definitions"
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<{tag} {bind}="{MODEL}"{extra} '
            f'id="defs">\n{body}</{tag}>\n')


def spanned(text: str, span: Span) -> str:
    """The text a span covers (lines by LF, columns in code points)."""
    lines = text.split("\n")
    start = sum(len(line) + 1 for line in lines[:span.line - 1]) + span.column - 1
    end = sum(len(line) + 1 for line in lines[:span.end_line - 1]) + span.end_column - 1
    return text[start:end]
