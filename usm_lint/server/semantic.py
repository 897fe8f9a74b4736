"""Semantic tokens: what each word of a file is, for editors without a grammar.

Names are coloured by what they name (a process, an activity, a role...)
wherever they stand, declared or referred to; keywords, texts, comments and
the `->` arrow by their kind. A keyword used as a name (`activity report`)
is the name. Unknown names get no token of their own (they are E002s).
Tokens are encoded as the LSP asks: five integers each, relative to the
previous token, one line at a time (a triple-quoted text becomes one token
per line).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import NamedTuple

from lark import Token
from lsprotocol.types import SemanticTokensLegend

from usm_lint.model import File, Span, Workspace
from usm_lint.parsing.messages import is_keyword
from usm_lint.server.navigation import occurrences
from usm_lint.server.positions import LineIndex

TOKEN_TYPES = ["namespace", "class", "method", "struct", "interface", "enumMember", "enum",
               "type", "keyword", "string", "comment", "operator"]
TOKEN_MODIFIERS = ["declaration"]
LEGEND = SemanticTokensLegend(token_types=TOKEN_TYPES, token_modifiers=TOKEN_MODIFIERS)

KIND_TYPES = {"model": "namespace", "process": "class", "activity": "method",
              "subprocess": "struct", "workflow": "interface", "role": "enumMember",
              "tool": "enum", "practice": "type"}
"""What each kind of name is coloured as (standard LSP token types, so every
editor's theme has a colour for it)."""
_LEXEMES = {"STRING": "string", "LONG_STRING": "string", "ARROW": "operator",
            "DIAMOND": "operator"}


class Piece(NamedTuple):
    """One token on one line: 1-based line, code-point columns, end exclusive."""

    line: int
    column: int
    end_column: int
    type: int
    modifiers: int


def _pieces(span: Span, lines: LineIndex, kind: str, modifiers: int = 0) -> Iterator[Piece]:
    """A span as tokens, one per line it covers."""
    number = TOKEN_TYPES.index(kind)
    for line in range(span.line, span.end_line + 1):
        text = lines.line_text(line) or ""
        start = span.column if line == span.line else 1
        end = span.end_column if line == span.end_line else len(text.rstrip("\r")) + 1
        if end > start:
            yield Piece(line, start, end, number, modifiers)


def _span(token: Token, path: str) -> Span:
    return Span(file=path, line=token.line or 1, column=token.column or 1,
                end_line=token.end_line or token.line or 1,
                end_column=token.end_column or token.column or 1)


def pieces(file: File, tokens: Iterable[Token], lines: LineIndex) -> list[Piece]:
    """Every token of a file, in order."""
    found: dict[tuple[int, int], Piece] = {}
    for token in tokens:
        kind = "keyword" if is_keyword(token.type) else _LEXEMES.get(token.type)
        if kind is not None:
            for piece in _pieces(_span(token, file.path), lines, kind):
                found[(piece.line, piece.column)] = piece
    for comment in file.comments:
        for piece in _pieces(comment.span, lines, "comment"):
            found[(piece.line, piece.column)] = piece
    # Names last: a keyword written as a name is the name.
    for occurrence in occurrences(Workspace.make(root="", files=(file,))):
        kind = KIND_TYPES.get(occurrence.kind)
        if kind is not None:
            for piece in _pieces(occurrence.name.span, lines, kind,
                                 1 if occurrence.declaration else 0):
                found[(piece.line, piece.column)] = piece
    return sorted(found.values())


def encode(found: Iterable[Piece], lines: LineIndex, first_line: int = 1,
           last_line: int | None = None) -> list[int]:
    """The LSP's relative encoding of the pieces on lines `first_line` to
    `last_line` (1-based), with columns in the client's position encoding."""
    data: list[int] = []
    previous_line, previous_start = 0, 0
    for piece in found:
        if piece.line < first_line or (last_line is not None and piece.line > last_line):
            continue
        start = lines.to_lsp(piece.line, piece.column)
        end = lines.to_lsp(piece.line, piece.end_column)
        line0 = start.line
        delta_line = line0 - previous_line
        delta_start = start.character - (previous_start if delta_line == 0 else 0)
        data += [delta_line, delta_start, end.character - start.character, piece.type,
                 piece.modifiers]
        previous_line, previous_start = line0, start.character
    return data
