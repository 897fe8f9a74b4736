"""Move parsed nodes, tokens and findings up or down by whole lines.

After a line is added or removed, every declaration below it reads as before,
lines apart: the incremental parser moves their earlier parse instead of
parsing them again (usm_lint/parsing/incremental.py), which costs a fraction
of a parse. Only line numbers move: columns, texts and offsets within a line
stay. Line numbers live in spans and in a comment's `covers`; anything else
is copied as it is, and tests/test_incremental.py checks the result against
a whole parse.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from usm_lint.findings import Edit, Finding, Related
from usm_lint.model import Comment, Node, Span

if TYPE_CHECKING:  # Lark is imported only to parse: a cached check never needs it
    from lark import Token

_new = object.__new__
_set = object.__setattr__


_PLAIN = frozenset({str, bool, int, float, type(None)})
"""Types of values that hold no line (texts, flags, columns)."""


def moved(value: Any, lines: int) -> Any:
    """`value` (a node, or a tuple or dict of them) `lines` lines further down."""
    kind = type(value)  # dispatched on the exact type: this runs once per value
    if kind is Span:
        return Span(value.file, value.line + lines, value.column, value.end_line + lines,
                    value.end_column)
    if kind is tuple:
        return tuple([moved(item, lines) for item in value])
    if kind in _PLAIN:
        return value
    if kind is dict:
        return {key: moved(item, lines) for key, item in value.items()}
    if not isinstance(value, Node):
        return value  # an enum
    fields = value.__dict__.copy()
    for name in _SPOTS.get(kind) or _spots(kind):
        item = fields[name]
        if item is not None:
            fields[name] = moved(item, lines)
    if kind is Comment:  # (0, 0): it covers no statement
        fields["covers"] = tuple([line + lines if line else 0 for line in fields["covers"]])
    return _node(kind, fields, value.__pydantic_fields_set__)


def _node(kind: type[Node], fields: dict[str, Any], fields_set: set[str]) -> Node:
    """A node as `Node.make` builds it: the same fields, set as they were."""
    node = _new(kind)
    _set(node, "__dict__", fields)
    _set(node, "__pydantic_fields_set__", fields_set)
    _set(node, "__pydantic_extra__", None)
    _set(node, "__pydantic_private__", None)
    return node


_SPOTS: dict[type[Node], tuple[str, ...]] = {}
"""Each node type's fields that may hold a line (`_spots`)."""


def _spots(kind: type[Node]) -> tuple[str, ...]:
    """The fields of a node type that may hold a line: all but the plain ones
    (copying those as they are is what makes moving cheap)."""
    spots = _SPOTS[kind] = tuple(name for name, info in kind.model_fields.items()
                                 if info.annotation not in _PLAIN)
    return spots


def moved_token(token: Token, lines: int) -> Token:
    """A token `lines` lines further down. Its offsets count from the text its
    chunk was parsed in, which starts with one newline per line before the
    chunk: they move as far."""
    return type(token)(
        token.type, token.value, None if token.start_pos is None else token.start_pos + lines,
        None if token.line is None else token.line + lines, token.column,
        None if token.end_line is None else token.end_line + lines, token.end_column,
        None if token.end_pos is None else token.end_pos + lines)


def moved_finding(finding: Finding, lines: int) -> Finding:
    """A finding about a declaration that was moved `lines` lines down (only
    its spans move: one whose message names a line is judged afresh instead,
    `placement.names_a_place`)."""
    fix = finding.fix
    return replace(
        finding, span=moved(finding.span, lines),
        related=tuple(Related(moved(r.span, lines), r.message) for r in finding.related),
        fix=None if fix is None else replace(fix, edits=tuple(
            Edit(moved(edit.span, lines), edit.text) for edit in fix.edits)))
