"""Re-parse only the top-level declarations an edit touched.

A whole parse of a 5,000-line file costs more than an editor can wait for
after each keystroke, so the language server parses successive versions of
a file through `IncrementalParser`. The text is split into chunks at the
left margin, before each declaration keyword (outside strings, triple-quoted
strings and comments, lexed exactly as the grammar does); blank and
comment-only lines before a declaration go with it, as the comments there
describe it. Each chunk is parsed alone by `parse()` with its text preceded
by one newline per line before it, so every span is already the file's
(and, when the file declares something before the chunk, by a declaration
on line 1, `BEFORE`: the parser's state before a file's first declaration
differs, and shows in what an error message says was expected). Results
are kept by (start line, what stands before, text): an edit re-parses its
own chunk and reuses the others; one that adds or removes a line moves the
earlier parse of every chunk below it (`usm_lint/moving.py`), syntax
errors and all, unless an error's message names a line: that chunk is
parsed again.

A chunk parsed alone means what it means in the whole file only if the
whole parse enters it at the top level and leaves it there. The first chunk
is entered at the top level; whether a chunk leaves it there is tested with
a sentinel: the chunk is parsed with a one-line declaration (`AFTER`) after
it, and counts as closed when that sentinel comes out as a top-level role
at its line with no finding, node or comment reaching it. Then the parser
sat at the top level after the chunk's last separator, which is where the
whole parse stands before the next chunk's first declaration.
A chunk that is not closed (a missing `}`, a statement skipped into the
next chunk, a `role` statement of a practice written at the left margin) is
parsed together with the chunks after it, doubling the window until it
closes or reaches the end of the file (which is closed by definition).
One case is not local: when the last window yields no declaration at all,
the end of the file left a declaration unfinished, and the parser's
recovery at the end of the file may then reach back past the window (a
declaration keyword glued to the text before it, as `model Acmeworkflow`,
can leave the whole file one unfinished declaration): the whole text is
parsed instead.

The result equals the whole parse's (tests/test_incremental.py checks it on
random edits of valid and broken texts): the same `File` and comments; the
same findings, listed in position order (`Finding.sort_key`, as every
consumer sorts them; a whole parse lists syntax errors first); and the same
tokens, except that the separator before a chunk ends where the chunk starts
(the chunk's leading blank and comment lines are no token of their own), and
that `start_pos`/`end_pos` count from the text the chunk was parsed in.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from itertools import chain
from typing import Any, NamedTuple, overload

from lark import Token

from usm_lint.findings import Finding
from usm_lint.model import DECLARATION_FIELDS, File
from usm_lint.moving import moved, moved_finding, moved_token
from usm_lint.parsing.parser import ParseResult, parse
from usm_lint.placement import names_a_place

BEFORE = 'role usm-lint-chunk-start "."'
"""A declaration on line 1 standing for the declarations before a chunk."""
AFTER_NAME = "usm-lint-chunk-end"
AFTER = f'role {AFTER_NAME} "."\n'
"""The sentinel after a chunk: it parses as itself only at the top level."""
_AFTER_END_COLUMN = len(AFTER.rstrip("\n")) + 1

# Lexemes that hide declaration keywords, as the lexer reads them: a
# triple-quoted string (or an unterminated one, which runs to the end of the
# text), a one-line string closed or not, and a comment (a `#` not followed
# by a line end is a stray character, and lexing goes on after it).
_LEXEME = re.compile(
    r'"""[^"]*(?:"(?!"")[^"]*)*"""|"""[\s\S]*|"[^"\\\r\n]*(?:\\.[^"\\\r\n]*)*"?'
    r'|#[^\r\n]*(?=\r?\n|\Z)')
_DECLARATION = re.compile(  # the line end before a declaration keyword
    r"\n(?=(?:model|process|workflow|role|tool|practice)(?!-*\w))")
_TRIVIA = re.compile(r"[ \t]*(?:#[^\r\n]*)?\r?")
_FIELDS = (*DECLARATION_FIELDS, "comments")
"""The `File` fields that hold nodes in source order."""


class Chunk(NamedTuple):
    line: int
    """Lines before the chunk (0 for the first)."""
    text: str


class Place(NamedTuple):
    """Where consecutive chunks stand, as far as their parse can tell (a
    tuple: windows are looked up by it once per chunk and edit)."""

    line: int
    """Lines before the first chunk."""
    after_declaration: bool
    """Whether the file declares something before."""
    final: bool
    """Whether the last chunk ends the file."""


@dataclass(frozen=True)
class Window:
    """The parse of consecutive chunks, what stood before and after taken out."""

    nodes: dict[str, tuple[Any, ...]]
    """Each `File` field's nodes (declarations, comments)."""
    findings: list[Finding]
    parsed_tokens: list[Token]
    """The tokens as parsed, `lines` lines above where the window now stands."""
    lines: int = 0
    _moved_tokens: list[list[Token]] = field(default_factory=list, compare=False)
    skipped: int = 0
    """How many of its declarations are blocks skipped for a missing `{`."""

    def declares(self) -> bool:
        """Whether the parser read a declaration here (what changes how it reads
        the top level after; a skipped block's name alone does not)."""
        return sum(len(self.nodes[name]) for name in DECLARATION_FIELDS) > self.skipped

    def movable(self) -> bool:
        """Whether the parse reads the same elsewhere: not where a syntax
        error's message names a line."""
        return not any(names_a_place(f.message) for f in self.findings)

    def moved(self, lines: int) -> Window:
        """The same parse `lines` lines further down (for a movable window).
        Its tokens are moved when first asked for: a check never reads them."""
        return Window({name: moved(nodes, lines) for name, nodes in self.nodes.items()},
                      [moved_finding(f, lines) for f in self.findings], self.parsed_tokens,
                      self.lines + lines, skipped=self.skipped)

    def tokens(self) -> list[Token]:
        if not self.lines:
            return self.parsed_tokens
        if not self._moved_tokens:
            self._moved_tokens.append([moved_token(t, self.lines) for t in self.parsed_tokens])
        return self._moved_tokens[0]


class Tokens(Sequence[Token]):
    """The tokens of a file's windows, joined on first use (only completion
    reads them: a check after each edit never does)."""

    def __init__(self, windows: list[Window]) -> None:
        self._windows = windows
        self._joined: list[Token] | None = None

    def _all(self) -> list[Token]:
        if self._joined is None:
            self._joined = list(chain.from_iterable(w.tokens() for w in self._windows))
            self._windows = []
        return self._joined

    @overload
    def __getitem__(self, index: int) -> Token: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[Token]: ...

    def __getitem__(self, index: int | slice) -> Token | Sequence[Token]:
        return self._all()[index]

    def __len__(self) -> int:
        return len(self._all())

    def __iter__(self) -> Iterator[Token]:
        return iter(self._all())


def _multiline_lexemes(text: str) -> tuple[list[int], list[int]]:
    """Starts and ends of the lexemes that span lines (triple-quoted strings)."""
    starts: list[int] = []
    ends: list[int] = []
    position = 0
    # Only lines holding `"""` are lexed: every line start outside a
    # triple-quoted string is a token boundary, and nothing else spans lines.
    while (quotes := text.find('"""', position)) >= 0:
        line_start = max(position, text.rfind("\n", 0, quotes) + 1)
        covering = next(m for m in _LEXEME.finditer(text, line_start) if m.end() > quotes)
        if covering.start() == quotes and "\n" in covering.group():
            starts.append(quotes)
            ends.append(covering.end())
        position = covering.end()
    return starts, ends


def _inside(offset: int, starts: list[int], ends: list[int]) -> bool:
    index = bisect.bisect_right(starts, offset) - 1
    return index >= 0 and offset < ends[index]


def split(text: str) -> list[Chunk]:
    """The chunks of `text` (at least one; together they are the text)."""
    starts, ends = _multiline_lexemes(text)
    cuts = [0]
    for match in _DECLARATION.finditer(text):
        cut = match.end()
        if _inside(cut, starts, ends):
            continue
        # Blank and comment-only lines just above belong to the declaration.
        while cut > cuts[-1]:
            above = text.rfind("\n", 0, cut - 1) + 1
            if _inside(above, starts, ends) or not _TRIVIA.fullmatch(text, above, cut - 1):
                break
            cut = above
        if cut > cuts[-1]:
            cuts.append(cut)
    chunks = []
    line = 0
    for start, end in zip(cuts, [*cuts[1:], len(text)], strict=True):
        piece = text[start:end]
        chunks.append(Chunk(line, piece))
        line += piece.count("\n")
    return chunks


def _closed(file: File, findings: list[Finding], line: int) -> bool:
    """Did the sentinel at `line` parse as a top-level role that nothing reaches?"""
    if not file.roles:
        return False
    sentinel = file.roles[-1]
    span = sentinel.span
    if (sentinel.name.value, span.line, span.column, span.end_line, span.end_column) != (
            AFTER_NAME, line, 1, line, _AFTER_END_COLUMN):
        return False
    for name in _FIELDS:
        nodes = getattr(file, name)
        others = nodes[:-1] if name == "roles" else nodes
        if others and others[-1].span.end_line >= line:
            return False
    if any(c.covers[1] >= line for c in file.comments):
        return False
    return all(f.span.end_line < line and all(r.span.end_line < line for r in f.related)
               for f in findings)


def parse_window(path: str, place: Place, text: str) -> Window | None:
    """Parse consecutive chunks in their place; None if they do not close."""
    # One newline per line before, so that spans are the file's; when the
    # file has declarations before, one of them stands on line 1: the parser
    # reads the top level differently before a file's first declaration
    # (it would expect other things in an error message).
    prefix = (BEFORE if place.after_declaration else "") + "\n" * place.line
    first_line = place.line + 1
    if place.final:
        result = parse(prefix + text, path)
        last_line = None
    else:
        result = parse(prefix + text + AFTER, path)
        last_line = first_line + text.count("\n")
        if not _closed(result.file, result.findings, last_line):
            return None
    nodes = {name: getattr(result.file, name) for name in _FIELDS}
    if place.after_declaration:
        nodes["roles"] = nodes["roles"][1:]
    if last_line is not None:
        nodes["roles"] = nodes["roles"][:-1]
    end = last_line if last_line is not None else first_line + text.count("\n") + 1
    tokens = [t for t in result.tokens if first_line <= (t.line or 0) < end]
    return Window(nodes, result.findings, tokens, skipped=len(result.unopened))


class IncrementalParser:
    """Parses successive versions of one file, reusing what did not change."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._windows: dict[tuple[Place, str], Window | None] = {}
        self._movable: dict[tuple[bool, bool, str], tuple[int, Window]] = {}
        """The last version's movable windows, by all of their key
        but the line: where a line was added or removed above, they are moved."""
        self._last: tuple[str, ParseResult] | None = None
        self._moving: dict[int, tuple[Any, Any, int]] = {}
        """The declarations of this version that were moved: (the node, the
        node of the last version it was moved from, how many lines down)."""

    def parse(self, text: str) -> ParseResult:
        if self._last is not None and self._last[0] == text:
            return self._last[1]
        chunks = split(text)
        used: dict[tuple[Place, str], Window | None] = {}
        self._moving = {}
        windows: list[Window] = []
        after_declaration = False
        first = 0
        while first < len(chunks):
            size = 1
            while True:
                end = min(first + size, len(chunks))
                place = Place(chunks[first].line, after_declaration, end == len(chunks))
                joined = chunks[first].text if end == first + 1 else "".join(
                    c.text for c in chunks[first:end])
                window = self._window(place, joined, used)
                if window is not None:
                    break
                size *= 2
            windows.append(window)
            after_declaration = after_declaration or window.declares()
            first = end
        # Only this version's windows are kept: memory follows the file's size.
        self._windows = used
        self._movable = {(place.after_declaration, place.final, text): (place.line, window)
                         for (place, text), window in used.items()
                         if window is not None and window.movable()}
        if len(windows) > 1 and not windows[-1].declares():
            whole = parse(text, self.path)
            result = ParseResult(whole.file, sorted(whole.findings, key=Finding.sort_key),
                                 whole.tokens)
        else:
            result = self._assemble(windows)
        self._last = (text, result)
        return result

    def moved_from(self, declaration: Any) -> tuple[Any, int] | None:
        """The declaration of the last version this one of the latest is, moved
        (and how many lines down), if it was moved."""
        moved = self._moving.get(id(declaration))
        return (moved[1], moved[2]) if moved is not None and moved[0] is declaration else None

    def _window(self, place: Place, text: str,
                used: dict[tuple[Place, str], Window | None]) -> Window | None:
        key = (place, text)
        if key in used:
            return used[key]
        if key in self._windows:
            window = self._windows[key]
        elif (movable := self._movable.get((place.after_declaration, place.final, text))):
            line, earlier = movable
            window = earlier.moved(place.line - line)
            for name in DECLARATION_FIELDS:
                for before, after in zip(earlier.nodes[name], window.nodes[name], strict=True):
                    self._moving[id(after)] = (after, before, place.line - line)
        else:
            window = parse_window(self.path, place, text)
        used[key] = window
        return window

    def _assemble(self, windows: list[Window]) -> ParseResult:
        nodes = {name: tuple(chain.from_iterable(w.nodes[name] for w in windows))
                 for name in _FIELDS}
        file = File.make(path=self.path, **nodes)
        findings = sorted(chain.from_iterable(w.findings for w in windows),
                          key=Finding.sort_key)
        return ParseResult(file, findings, Tokens(windows))
