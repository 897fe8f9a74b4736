"""Positions: the core's 1-based code points <-> the LSP's 0-based code units.

The core (LANGUAGE.md "Lexical") counts lines from 1 and columns from 1 in
Unicode code points, on the text without its BOM; an end points one past the
last character. The LSP counts both from 0, and columns in the code units of
the negotiated position encoding: UTF-16 unless the client offers another
(`general.positionEncodings`). Lines end at `\\n` (a `\\r` before it belongs
to the line end, never to a column an editor can reach).
"""

from __future__ import annotations

from bisect import bisect_right
from functools import cached_property
from itertools import accumulate

from lsprotocol.types import Position, Range

from usm_lint.model import Span

BOM = "\ufeff"
UTF8 = "utf-8"
UTF16 = "utf-16"
UTF32 = "utf-32"


def units(char: str, encoding: str = UTF16) -> int:
    """How many code units one code point takes in `encoding`."""
    point = ord(char)
    if encoding == UTF32:
        return 1
    if encoding == UTF8:
        return 1 if point < 0x80 else 2 if point < 0x800 else 3 if point < 0x10000 else 4
    return 2 if point > 0xFFFF else 1


def width(text: str, encoding: str = UTF16) -> int:
    """The length of `text` in code units (`units` summed, at the codec's speed:
    every diagnostic's range takes two)."""
    if encoding == UTF32 or text.isascii():
        return len(text)
    if encoding == UTF8:
        return len(text.encode("utf-8", "surrogatepass"))
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


class LineIndex:
    """One text's line starts, for converting between offsets and positions.

    A BOM at the start of `text` (some editors keep it in the buffer) is not
    counted by the core's columns on line 1, but is by the editor's.
    """

    def __init__(self, text: str, encoding: str = UTF16) -> None:
        self.text = text
        self.encoding = encoding
        self.bom = 1 if text.startswith(BOM) else 0
        self.lines = text.split("\n")
        """Each line's text, a `\r` before its `\n` included."""

    @cached_property
    def starts(self) -> list[int]:
        """Each line's offset (made on first use: a check only compares lines)."""
        return list(accumulate((len(line) + 1 for line in self.lines[:-1]), initial=0))

    # ---- lines ----------------------------------------------------------
    @property
    def line_count(self) -> int:
        return len(self.lines)

    def line_text(self, line: int) -> str | None:
        """The text of 1-based `line`, a `\r` at its end included (None past the text)."""
        return self.lines[line - 1] if 1 <= line <= len(self.lines) else None

    def line_end(self, line0: int) -> int:
        """The offset where 0-based line `line0`'s content ends (before `\\r\\n`)."""
        if line0 + 1 < len(self.starts):
            end = self.starts[line0 + 1] - 1
            if end > self.starts[line0] and self.text[end - 1] == "\r":
                end -= 1
            return end
        end = len(self.text)
        if end > self.starts[line0] and self.text[end - 1] == "\r":
            end -= 1
        return end

    # ---- the core's positions ------------------------------------------
    def offset(self, line: int, column: int) -> int:
        """The offset of a 1-based code-point position, clamped into the text."""
        if line < 1:
            return 0
        if line > len(self.starts):
            return len(self.text)
        start = self.starts[line - 1]
        shift = self.bom if line == 1 else 0
        return min(start + max(column - 1 + shift, 0), self.line_end(line - 1))

    def core_position(self, offset: int) -> tuple[int, int]:
        """The 1-based (line, column) of an offset."""
        offset = max(0, min(offset, len(self.text)))
        line0 = bisect_right(self.starts, offset) - 1
        column = offset - self.starts[line0] + 1
        if line0 == 0:
            column = max(1, column - self.bom)
        return line0 + 1, column

    # ---- the LSP's positions --------------------------------------------
    def position(self, offset: int) -> Position:
        """The LSP position of an offset."""
        offset = max(0, min(offset, len(self.text)))
        line0 = bisect_right(self.starts, offset) - 1
        offset = min(offset, max(self.line_end(line0), self.starts[line0]))
        return Position(line0, width(self.text[self.starts[line0]:offset], self.encoding))

    def lsp_offset(self, position: Position) -> int:
        """The offset of an LSP position, clamped to its line (as the LSP asks)."""
        if position.line >= len(self.starts):
            return len(self.text)
        start = self.starts[position.line]
        end = self.line_end(position.line)
        if self.encoding == UTF32:
            return min(start + position.character, end)
        remaining = position.character
        index = start
        while index < end and remaining > 0:
            remaining -= units(self.text[index], self.encoding)
            index += 1
        return index

    # ---- conversions both ways -------------------------------------------
    def to_lsp(self, line: int, column: int) -> Position:
        return self.position(self.offset(line, column))

    def from_lsp(self, position: Position) -> tuple[int, int]:
        return self.core_position(self.lsp_offset(position))

    def range(self, span: Span) -> Range:
        start = self.offset(span.line, span.column)
        end = max(start, self.offset(span.end_line, span.end_column))
        return Range(self.position(start), self.position(end))

    def whole(self) -> Range:
        """The range of the whole text."""
        return Range(Position(0, 0), self.position(len(self.text)))


def to_lsp(text: str, line: int, column: int, encoding: str = UTF16) -> Position:
    """The LSP position of the core's (line, column) in `text`."""
    return LineIndex(text, encoding).to_lsp(line, column)


def from_lsp(text: str, position: Position, encoding: str = UTF16) -> tuple[int, int]:
    """The core's (line, column) of an LSP position in `text`."""
    return LineIndex(text, encoding).from_lsp(position)


def contains(span: Span, line: int, column: int) -> bool:
    """Whether a 1-based position lies in `span`, its end included (a cursor
    just after a name is on that name)."""
    return (span.line, span.column) <= (line, column) <= (span.end_line, span.end_column)
