"""The canonical layout of a `.usm` file (`usm-lint format`).

The formatter reads the token stream, not the model: the model has sorted a
block's statements into fields and has no comments in place, while the
tokens still hold every statement in order and every comment (inside the
separator tokens, see grammar/usm.lark). The layout:

- 4 spaces of indentation per open `{`; `{` on its header's line;
- one statement per line (`;` and one-line blocks are broken up);
- one space between tokens, none around `.` and none before `,`;
- a list continued after a trailing comma keeps its line break, one level
  deeper than its statement;
- an own-line comment stays on its own line, a trailing one stays after its
  statement, two spaces before the `#`;
- one blank line between top-level declarations (a comment directly above a
  declaration stays attached to it); elsewhere runs of blank lines become one,
  and none follows a `{` or precedes a `}`;
- the BOM and the first line's line end are kept; the text ends with one
  line end.

Triple-quoted strings are copied as written, except that their line breaks
follow the file's line end like every other line break (the model reads
CRLF in them as LF, so their value is unchanged).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum
from typing import NamedTuple

from lark import Token

from usm_lint.parsing.messages import SEP
from usm_lint.parsing.parser import parse
from usm_lint.source import BOM

INDENT = "    "
_COMMENT = re.compile(r"#[^\r\n]*")
_LINE_BREAK = re.compile(r"\r?\n")
_NO_SPACE_BEFORE = frozenset({"COMMA", "DOT"})
_NO_SPACE_AFTER = frozenset({"DOT"})


class FormatError(Exception):
    """The text has syntax errors; it has no canonical layout and stays as it is."""


class _Tok(NamedTuple):
    type: str
    value: str


class _Kind(Enum):
    CODE = "code"
    COMMENT = "comment"
    BLANK = "blank"


@dataclass(frozen=True)
class _Line:
    kind: _Kind
    depth: int = 0
    text: str = ""
    opens: bool = False
    """Ends with `{`: no blank line may follow."""
    closes: bool = False
    """Starts with `}`: no blank line may precede."""
    ends_declaration: bool = False
    """A top-level declaration ends here: a blank line must follow."""


_BLANK = _Line(_Kind.BLANK)


class _Layout:
    """Lays tokens out into lines; blank lines are settled later by `_tidy`."""

    def __init__(self) -> None:
        self.lines: list[_Line] = []
        self.depth = 0
        self.continued = False
        """The next line continues a list after a trailing comma."""
        self._words: list[str] = []
        self._line_depth = 0
        self._previous = ""
        self._opens = False
        self._closes = False

    def token(self, tok: _Tok) -> None:
        if tok.type == "LBRACE":
            self._words.append(" {" if self._words else "{")
            self._opens = True
            self.depth += 1
            self.continued = False
            return
        if tok.type == "RBRACE":
            self.end_line()
            self.depth -= 1
            self.continued = False
            self._words, self._line_depth, self._closes = ["}"], self.depth, True
            return
        if self._opens or self._closes:
            # A one-line block (`{ activities a }`) or `}` followed by more:
            # the next statement goes on a line of its own.
            self.end_line()
        if not self._words:
            self._line_depth = self.depth + self.continued
        elif tok.type not in _NO_SPACE_BEFORE and self._previous not in _NO_SPACE_AFTER:
            self._words.append(" ")
        self._words.append(tok.value)
        self._previous = tok.type

    def end_line(self, comment: str = "") -> None:
        if not self._words:
            return
        text = "".join(self._words) + (f"  {comment}" if comment else "")
        # At depth 0 only headers (which open), `}` and role/tool lines occur.
        ends = self._line_depth == 0 and not self._opens
        self.lines.append(_Line(_Kind.CODE, self._line_depth, text, self._opens,
                                self._closes, ends))
        self._words, self._previous = [], ""
        self._opens = self._closes = False

    def separator(self, value: str, after_comma: bool) -> None:
        """A separator: line breaks, `;`, comments and blank lines between statements.

        Its first segment is the rest of the previous token's line (a comment
        there trails that statement); each later segment starts on a new line.
        """
        first, *rest = _LINE_BREAK.split(value)
        trailing = _COMMENT.search(first)
        own_line = trailing is not None and not self._words  # a comment opening the file
        self.end_line(trailing.group().rstrip() if trailing and not own_line else "")
        self.continued = after_comma
        depth = self.depth + after_comma
        if trailing and own_line:
            self.lines.append(_Line(_Kind.COMMENT, depth, trailing.group().rstrip()))
        for index, segment in enumerate(rest):
            comment = _COMMENT.search(segment)
            if comment:
                self.lines.append(_Line(_Kind.COMMENT, depth, comment.group().rstrip()))
            elif index < len(rest) - 1 and not segment.strip(" \t") and not after_comma:
                # A whole line of blanks (a line holding only `;` is not one);
                # blank lines inside a continued list are dropped.
                self.lines.append(_BLANK)


def _merged(tokens: Iterable[Token]) -> list[_Tok]:
    """The tokens with an Allman-style `{` moved up to its header.

    The separator between the header and the `{` is dropped, unless it holds
    comments: then it follows the `{` (so they stay in order, in the block)
    and is merged with the separator after the `{`.
    """
    out: list[_Tok] = []
    for token in tokens:
        tok = _Tok(token.type, str(token))
        if tok.type == "LBRACE" and out and out[-1].type == SEP:
            before = out.pop()
            out.append(tok)
            if "#" in before.value:
                out.append(before)
        elif tok.type == SEP and out and out[-1].type == SEP:
            # Also two separators in a row, as in a comment-only file ending
            # without a line end (`\n# note`).
            out[-1] = _Tok(SEP, out[-1].value + tok.value)
        else:
            out.append(tok)
    return out


def _tidy(lines: list[_Line]) -> list[_Line]:
    """Settle blank lines: one after a declaration, at most one elsewhere,
    none after `{`, before `}` or at either end of the file."""
    out: list[_Line] = []
    for line in lines:
        if line.kind is _Kind.BLANK:
            if out and out[-1].kind is not _Kind.BLANK and not out[-1].opens:
                out.append(line)
            continue
        if line.closes and out and out[-1].kind is _Kind.BLANK:
            out.pop()
        if out and out[-1].ends_declaration:
            out.append(_BLANK)
        out.append(line)
    while out and out[-1].kind is _Kind.BLANK:
        out.pop()
    return out


def _render(line: _Line, newline: str) -> str:
    if line.kind is _Kind.BLANK:
        return ""
    text = line.text
    # Only a triple-quoted string holds line breaks. One holding a lone CR is
    # left as written: rewriting `\r\r\n` as `\r\n` would change its value.
    if "\n" in text and "\r" not in text.replace("\r\n", ""):
        text = _LINE_BREAK.sub(newline, text)
    return INDENT * line.depth + text


def _line_end(text: str) -> str:
    """The first line's line end: CRLF or LF (LF for a single line)."""
    first = text.find("\n")
    return "\r\n" if first > 0 and text[first - 1] == "\r" else "\n"


def format_text(text: str) -> str:
    """The canonical layout of a whole file's text (which may start with a BOM).

    Raises FormatError when the text has syntax errors (E001).
    """
    bom = BOM if text.startswith(BOM) else ""
    body = text[len(bom):]
    result = parse(body, "<format>")
    errors = [f for f in result.findings if f.code == "E001"]
    if errors:
        first = errors[0]
        message = " ".join(first.message.splitlines())
        plural = "s" if len(errors) > 1 else ""
        raise FormatError(f"{len(errors)} syntax error{plural}, the first at line "
                          f"{first.span.line}, column {first.span.column}: {message}")
    layout = _Layout()
    previous = ""
    for tok in _merged(result.tokens):
        if tok.type == SEP:
            layout.separator(tok.value, previous == "COMMA")
        else:
            layout.token(tok)
        previous = tok.type
    layout.end_line()
    lines = _tidy(layout.lines)
    if not lines:
        return bom
    newline = _line_end(body)
    return bom + newline.join(_render(line, newline) for line in lines) + newline
