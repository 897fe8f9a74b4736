"""Where a finding about two places sits (RULES.md "Where a finding sits").

At the later place (files in path order, then by line), unless only the
earlier one's file is reported: then at the earlier one. The other place
becomes the finding's `related` entry.
"""

from __future__ import annotations

from collections.abc import Container

from usm_lint.model import Span


def order(span: Span) -> tuple[str, int, int]:
    return (span.file, span.line, span.column)


def place_pair(one: Span, other: Span, reported: Container[str] | None) -> tuple[Span, Span]:
    """(where the finding sits, the related place) for a pair of places."""
    earlier, later = sorted((one, other), key=order)
    if reported is not None and later.file not in reported and earlier.file in reported:
        return earlier, later
    return later, earlier
