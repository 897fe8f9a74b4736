"""Applying fixes to texts: edits by code-point position, never overlapping.

A fix is applied whole or not at all; a fix whose edits overlap an edit
already taken waits for the next round (the caller re-checks and repeats).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from usm_lint.findings import Edit, Finding, Fix


def offsets(text: str) -> list[int]:
    """The offset of each line's first character (lines are 1-based)."""
    starts = [0]
    for index, char in enumerate(text):
        if char == "\n":
            starts.append(index + 1)
    return starts


def _offset(starts: list[int], line: int, column: int, length: int) -> int:
    if line > len(starts):
        return length
    return min(starts[line - 1] + column - 1, length)


def applicable(findings: Iterable[Finding], unsafe: bool) -> list[Fix]:
    allowed = ("safe", "unsafe") if unsafe else ("safe",)
    return [f.fix for f in findings if f.fix is not None and f.fix.applicability in allowed]


def apply_fixes(texts: dict[str, str], fixes: list[Fix]) -> tuple[dict[str, str], int]:
    """The texts with every non-conflicting fix applied, and how many were applied."""
    taken: dict[str, list[tuple[int, int]]] = defaultdict(list)
    chosen: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    starts = {file: offsets(text) for file, text in texts.items()}
    applied = 0
    for fix in fixes:
        planned = []
        for edit in fix.edits:
            text = texts.get(edit.span.file)
            if text is None:
                break
            planned.append((edit, _range(starts[edit.span.file], len(text), edit)))
        else:
            if all(not _overlaps(rng, taken[e.span.file]) for e, rng in planned):
                for edit, (start, end) in planned:
                    taken[edit.span.file].append((start, end))
                    chosen[edit.span.file].append((start, end, edit.text))
                applied += 1
    result = dict(texts)
    for file, edits in chosen.items():
        text = result[file]
        for start, end, replacement in sorted(edits, reverse=True):
            text = text[:start] + replacement + text[end:]
        result[file] = text
    return result, applied


def _range(starts: list[int], length: int, edit: Edit) -> tuple[int, int]:
    span = edit.span
    return (_offset(starts, span.line, span.column, length),
            _offset(starts, span.end_line, span.end_column, length))


def _overlaps(new: tuple[int, int], existing: list[tuple[int, int]]) -> bool:
    start, end = new
    return any((start < e_end and s_start < end) or start == s_start
               for s_start, e_end in existing)
