"""The canonical layout of a `.usm` file (`usm-lint format`).

Works on the token stream, not the model, so statement order and every
comment survive exactly. Layout: 4-space indentation per open block, one
statement per line, one space between tokens (none around `.` or before `,`),
trailing comments two spaces after their statement, one blank line between
top-level declarations, at most one inside blocks (none after `{` or before
`}`), the first line's line end and a BOM kept. Lists continued after a comma
keep their line break, indented one level deeper.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lark import Token

from usm_lint.parsing.messages import SEP
from usm_lint.parsing.parser import parse
from usm_lint.source import BOM

INDENT = "    "
_SEP_PART = re.compile(r"(#[^\r\n]*)|(\r?\n)|(;)")
_NO_SPACE_BEFORE = frozenset({"COMMA", "DOT"})


class FormatError(Exception):
    """The text has syntax errors; it is left as it is."""


@dataclass
class _Line:
    depth: int
    text: str = ""
    blank: bool = False
    ends_declaration: bool = False
    """A top-level declaration ends on this line: a blank line follows it."""


@dataclass
class _Layout:
    lines: list[_Line] = field(default_factory=list)
    current: list[str] = field(default_factory=list)
    depth: int = 0
    current_depth: int = 0
    previous: str | None = None
    """The type of the last token on the current line (for spacing)."""
    continuation: bool = False
    opens_block: bool = False

    def flush(self, comment: str = "") -> None:
        if not self.current:
            if comment:
                self.lines.append(_Line(self.depth, comment))
            return
        text = "".join(self.current) + (f"  {comment}" if comment else "")
        closing_top = self.current == ["}"] and self.current_depth == 0
        ends = closing_top or (self.current_depth == 0 and not self.opens_block
                               and not self.continuation)
        self.lines.append(_Line(self.current_depth, text, ends_declaration=ends))
        self.current = []
        self.previous = None
        self.opens_block = False

    def add(self, token: Token) -> None:
        if self.opens_block:
            self.flush()  # a one-line block: its body goes on lines of its own
        if not self.current:
            self.current_depth = self.depth + (1 if self.continuation else 0)
        elif not (token.type in _NO_SPACE_BEFORE or self.previous == "DOT"):
            self.current.append(" ")
        self.current.append(str(token))
        self.previous = token.type

    def open_block(self) -> None:
        self.current.append(" {" if self.current else "{")
        self.depth += 1
        self.continuation = False
        self.opens_block = True

    def close_block(self) -> None:
        self.flush()
        self.depth -= 1
        self.continuation = False
        self.current_depth = self.depth
        self.current = ["}"]

    def separator(self, value: str, after_comma: bool) -> None:
        parts = [m for m in _SEP_PART.finditer(value)]
        trailing = ""
        if parts and parts[0].group(1) is not None and self.current:
            trailing = parts[0].group(1).rstrip()
            parts = parts[1:]
        self.flush(trailing)
        self.continuation = after_comma
        newlines = 0
        for part in parts:
            if part.group(1) is not None:
                if newlines > 1:
                    self.lines.append(_Line(self.depth, blank=True))
                self.lines.append(_Line(self.depth + (1 if after_comma else 0),
                                        part.group(1).rstrip()))
                newlines = 0
            elif part.group(2) is not None:
                newlines += 1
            else:
                newlines = min(newlines, 1)
        if newlines > 1:
            self.lines.append(_Line(self.depth, blank=True))


def _reorder(tokens: list[Token]) -> list[Token]:
    """Move an Allman-style `{` up to its header, merging the separators around it."""
    out: list[Token] = []
    for token in tokens:
        if token.type == "LBRACE" and out and out[-1].type == SEP:
            sep = out.pop()
            out.append(token)
            out.append(sep)
        elif token.type == SEP and out and out[-1].type == SEP:
            out[-1] = Token(SEP, str(out[-1]) + str(token))
        else:
            out.append(token)
    return out


def _tidy(lines: list[_Line]) -> list[_Line]:
    """Blank lines: one after each declaration, at most one elsewhere, none at the
    edges of a block or of the file."""
    out: list[_Line] = []
    for line in lines:
        if line.blank:
            if out and not out[-1].blank and not out[-1].text.endswith("{"):
                out.append(line)
            continue
        if line.text == "}" and out and out[-1].blank:
            out.pop()
        if out and out[-1].ends_declaration and not out[-1].blank:
            out.append(_Line(0, blank=True))
        out.append(line)
    while out and out[-1].blank:
        out.pop()
    return out


def format_text(text: str) -> str:
    """The canonical layout of `text` (which may start with a BOM)."""
    bom = text.startswith(BOM)
    body = text.removeprefix(BOM)
    result = parse(body, "<format>")
    errors = [f for f in result.findings if f.code == "E001"]
    if errors:
        first = errors[0].span
        raise FormatError(f"{len(errors)} syntax error(s), the first at line {first.line}, "
                          f"column {first.column}: {errors[0].message}")
    newline = "\r\n" if re.match(r"[^\n]*\r\n", body) else "\n"
    layout = _Layout()
    previous_type = ""
    for token in _reorder(result.tokens):
        if token.type == SEP:
            layout.separator(str(token), previous_type == "COMMA")
        elif token.type == "LBRACE":
            layout.open_block()
        elif token.type == "RBRACE":
            layout.close_block()
        else:
            layout.add(token)
        previous_type = token.type
    layout.flush()
    lines = _tidy(layout.lines)
    if not lines:
        return BOM if bom else ""
    rendered = newline.join("" if line.blank else INDENT * line.depth + line.text
                            for line in lines)
    return (BOM if bom else "") + rendered + newline
