"""Where a finding about two places sits (RULES.md "Where a finding sits").

At the later place (files in path order, then by line), unless only the
earlier one's file is reported: then at the earlier one. The other place
becomes the finding's `related` entry. A finding about a group of places
(C0902's similar activities) sits at the latest place of a reported file.
"""

from __future__ import annotations

import re
from collections.abc import Container, Sequence
from pathlib import PurePath

from usm_lint.model import Span


def order(span: Span) -> tuple[str, int, int]:
    return (span.file, span.line, span.column)


def place_pair(one: Span, other: Span, reported: Container[str] | None) -> tuple[Span, Span]:
    """(where the finding sits, the related place) for a pair of places."""
    earlier, later = sorted((one, other), key=order)
    if reported is not None and later.file not in reported and earlier.file in reported:
        return earlier, later
    return later, earlier


def place_group(spans: Sequence[Span], reported: Container[str] | None
                ) -> tuple[Span, tuple[Span, ...]]:
    """(where the finding sits, the related places) for a group of places: the
    latest place of a reported file, the others related."""
    ordered = sorted(spans, key=order)
    candidates = [s for s in ordered if reported is None or s.file in reported] or ordered
    at = candidates[-1]
    return at, tuple(s for s in ordered if s is not at)


_SAME_FILE_PLACE = re.compile(r"\bline \d")


def names_a_place(message: str) -> bool:
    """Whether a message names a line of its own file (as `place_text` and a
    syntax error's `opened_at` write one): moved lines down, the message
    would name the wrong one. A text that merely looks like one answers yes,
    which is safe: the finding is made again."""
    return _SAME_FILE_PLACE.search(message) is not None


def place_text(span: Span, root: str, at: Span) -> str:
    """Where a place is, for the message of a finding at `at`: `line 12` in the
    same file, else its file relative to the workspace root and its line
    (`recover.usm:12`)."""
    if span.file == at.file:
        return f"line {span.line}"
    return f"{shown_path(span.file, root)}:{span.line}"


def shown_path(path: str, root: str) -> str:
    """A file as messages show it: relative to the workspace root when under it."""
    try:
        return PurePath(path).relative_to(root).as_posix()
    except ValueError:
        return PurePath(path).as_posix()
