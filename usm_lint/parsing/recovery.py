"""Feed a file's tokens to the LALR parser, recovering from syntax errors.

The whole token stream is lexed first (see lexer.py), then fed to Lark's
LALR parser state one token at a time. On an unexpected token the driver
reports one E001 in plain words (messages.py), drops the broken statement
from the parser's stacks and skips its tokens, and resumes at the next
statement or declaration:

- a block header without its `{` (`process Recover` + newline) skips the
  whole block it was meant to open, so its body does not cascade;
- a declaration keyword back at the left margin inside an open block means a
  `}` is missing: the open blocks are closed there and parsing goes on;
- junk at the top level is skipped up to the next declaration;
- anything else skips to the end of the statement.

Bookkeeping is O(1) per token (brace matches found in one pass, what is read
of the parser's value stack kept), so recovery is linear in the file.
"""

from __future__ import annotations

from collections.abc import Iterator
from copy import copy
from typing import Any, NamedTuple

from lark import Token, Tree
from lark.exceptions import UnexpectedToken
from lark.parsers.lalr_parser_state import ParserState

from usm_lint import error_rules
from usm_lint.findings import Finding
from usm_lint.model import Model, Name, Node, Practice, Process, Span, Workflow
from usm_lint.parsing import messages
from usm_lint.parsing.lexer import BAD_STRING
from usm_lint.parsing.messages import DECLARATIONS, END, SEP

BLOCK_OPENERS = frozenset({"MODEL", "PROCESS", "SUBPROCESS", "CONTROL", "WORKFLOW", "PRACTICE"})
BLOCKS: dict[str, type[Model | Process | Workflow | Practice]] = {
    "MODEL": Model, "PROCESS": Process, "WORKFLOW": Workflow, "PRACTICE": Practice}
"""The top-level blocks, by keyword: a syntax error inside one marks it
`broken`, and a skipped one still declares its name."""


def _flatten(values: list[Any]) -> Iterator[Any]:
    """The stack's values with the trees of inlined rules (`_open`) opened up."""
    for value in values:
        if isinstance(value, Tree):
            yield from _flatten(value.children)
        else:
            yield value


def _value_start(value: Any) -> tuple[int, int]:
    """Where a value on the parser's stack starts in the text."""
    if isinstance(value, Token):
        return value.line or 0, value.column or 0
    span = getattr(value, "span", None)
    if isinstance(span, Span):
        return span.line, span.column
    children = value.children if hasattr(value, "children") else value
    if isinstance(children, (list, tuple)) and children:
        return _value_start(children[0])
    return (0, 0)


class _Scan(NamedTuple):
    """What `_open_blocks` has read of the value stack up to some value."""

    blocks: tuple[tuple[str, str, int, int], ...]
    header: Token | None
    name: str

    def after(self, value: Any) -> _Scan:
        """The reading once `value` (a stack value, trees opened up) is read too.
        Lark's list rules (`__process_star_2`) hold finished statements only,
        never an open block's header or brace: they are not read, or a block
        with an error on every line would be read again at every error."""
        if isinstance(value, Tree) and str(value.data).startswith("__"):
            return self
        blocks, header, name = self.blocks, self.header, self.name
        for part in _flatten([value]):
            if isinstance(part, Token) and part.type in BLOCK_OPENERS:
                header, name = part, ""
            elif header is not None and not name and isinstance(part, Name):
                name = part.value
            elif isinstance(part, Token) and part.type == "LBRACE" and header is not None:
                blocks = (*blocks, (str(header), name, header.line or 0, header.column or 0))
                header = None
        return _Scan(blocks, header, name)


class Driver:
    def __init__(self, state: ParserState[Any], text: str, path: str, tokens: list[Token]) -> None:
        self.text = text
        self.path = path
        self.tokens = tokens
        self.findings: list[Finding] = []
        self.state = state
        self.table: dict[Any, dict[str, Any]] = self.state.parse_conf.states
        # True from an error until a real (non-separator) token is accepted;
        # an error at the end of the file in that window is a follow-on.
        self.recovering = False
        # `_open_blocks` reads the value stack, which holds every statement of
        # an open block: what it read of each value is kept (`_Scan`), so a
        # file with an error on every line costs linear time, not quadratic.
        self._scanned: list[Any] = []
        self._scans: list[_Scan] = []
        self._matches: list[int] | None = None
        self._reported: Token | None = None
        """The token of the latest error (a run of stray `}` is reported once)."""
        self.unopened: list[Node] = []
        """A top-level block skipped for its missing `{`, by its name alone and
        broken: its name is declared (a reference to it is no E002), its body unread."""

    # ---- driving --------------------------------------------------------
    def run(self) -> list[Any]:
        tokens = self.tokens
        i = 0
        last_error = -1
        while i < len(tokens):
            token = tokens[i]
            try:
                self.state.feed_token(token)
            except UnexpectedToken:
                if i == last_error:
                    # Recovery resumed at a token the parser still rejects:
                    # drop that token so the loop always moves on.
                    self.recovering = True
                    i += 1
                    continue
                last_error = i
                i = self._recover(i)
                continue
            if token.type != SEP:
                self.recovering = False
            i += 1
        return self._finish()

    def _finish(self) -> list[Any]:
        end = self._end_token()
        for _ in range(len(self.state.state_stack) + 2):
            try:
                result: list[Any] = self.state.feed_token(end, True)
                return result
            except UnexpectedToken:
                if not self.recovering:
                    self._report_end(end, self._expected())
                self.recovering = True
                self._pop_from(self._statement_start_index(len(self.tokens)))
                # Dropping an unfinished last statement may leave the parser
                # where a file can end (after the declarations before it):
                # feed the end again rather than drop those declarations too.
                if not self._accepts(END) and not self._feed_synthetic(end, ("RBRACE", SEP)):
                    break
        return []  # unreachable for this grammar; keeps the parser total

    def _end_token(self) -> Token:
        lines = self.text.split("\n")
        line, column = len(lines), len(lines[-1]) + 1
        return Token(END, "", len(self.text), line, column, line, column, len(self.text))

    # ---- parser stack helpers --------------------------------------------
    def _accepts(self, token_type: str) -> bool:
        return token_type in self.table[self.state.position]

    def _pop_from(self, index: int) -> None:
        """Drop from the parser's stacks everything from token `index` on."""
        if index >= len(self.tokens):
            return
        token = self.tokens[index]
        first = (token.line or 0, token.column or 0)
        stack, values = self.state.state_stack, self.state.value_stack
        while values and _value_start(values[-1]) >= first:
            stack.pop()
            values.pop()

    def _feed_synthetic(self, at: Token, kinds: tuple[str, ...]) -> bool:
        """Feed the first of `kinds` the parser accepts, zero-width at `at`."""
        for kind in kinds:
            if self._accepts(kind):
                self.state.feed_token(Token.new_borrow_pos(kind, "", at))
                return True
        return False

    def _open_blocks(self) -> list[tuple[str, str, int, int]]:
        """The blocks open on the stack: (kind, name, line, column) outermost first."""
        values = self.state.value_stack
        # The stack changes only at its top, and Lark never pushes a value back:
        # where a kept value is still at its place, everything below it is too,
        # so the kept prefix is found by bisection.
        low, high = 0, min(len(values), len(self._scanned))
        while low < high:
            middle = (low + high) // 2
            if values[middle] is self._scanned[middle]:
                low = middle + 1
            else:
                high = middle
        del self._scanned[low:], self._scans[low:]
        scan = self._scans[-1] if self._scans else _Scan((), None, "")
        for value in values[low:]:
            scan = scan.after(value)
            self._scanned.append(value)
            self._scans.append(scan)
        return list(scan.blocks)

    def _expected(self) -> set[str]:
        """The terminals the parser would accept now, found by trying each.

        The LALR table alone over-approximates (a reduction may be pending),
        so each candidate is fed to a copy of the state with no callbacks.
        """
        conf = copy(self.state.parse_conf)
        conf.callbacks = {}
        accepted = set()
        for kind in [k for k in self.table[self.state.position] if k.isupper()]:
            trial = ParserState(conf, self.state.lexer, list(self.state.state_stack),
                                list(self.state.value_stack))
            try:
                trial.feed_token(Token(kind, ""), kind == END)
            except UnexpectedToken:
                continue
            accepted.add(kind)
        return accepted

    # ---- recovery -------------------------------------------------------
    def _statement_start_index(self, i: int) -> int:
        """Index of the first token of the statement holding token i."""
        j = i - 1
        while j >= 0:
            kind = self.tokens[j].type
            if kind in (SEP, "LBRACE"):
                break
            if kind == "RBRACE":
                opened = self._matching_open(j)
                if opened < 0:
                    break  # a stray `}` ends what stood before it, as a separator does
                j = opened
            j -= 1
        return j + 1

    def _matching_open(self, close: int) -> int:
        """The index of the `{` the `}` at `close` closes (-1 if none does).

        A `{` is not looked for before a declaration keyword at the left
        margin: the incremental parser parses from there on alone, and
        recovery must read a declaration alike in both
        (usm_lint/parsing/incremental.py). All pairs are found in one pass, on
        first use, so a line of thousands of stray `}` costs linear time."""
        if self._matches is None:
            self._matches = [-1] * len(self.tokens)
            opened: list[int] = []
            for j, token in enumerate(self.tokens):
                if token.type in DECLARATIONS and token.column == 1:
                    opened.clear()
                elif token.type == "LBRACE":
                    opened.append(j)
                elif token.type == "RBRACE" and opened:
                    self._matches[j] = opened.pop()
        return self._matches[close]

    def _recover(self, i: int) -> int:
        return self._resume(self._resync(i))

    def _resume(self, r: int) -> int:
        """Skip separators that would follow a separator the parser already has.

        After a dropped statement the parser sits right after a `{` or a
        separator; feeding the dropped statement's separator too would read
        as the blank end of the block.
        """
        while r < len(self.tokens) and self.tokens[r].type == SEP and self._at_statement_start():
            r += 1
        return r

    def _at_statement_start(self) -> bool:
        choices = self.table[self.state.position]
        return "ID" not in choices and any(messages.is_keyword(k) for k in choices)

    def _resync(self, i: int) -> int:
        tokens = self.tokens
        expected = self._expected()
        token = tokens[i]
        waiting_for_brace = expected == {"LBRACE"} and i > 0 and tokens[i - 1].type == SEP
        # A header followed by a line end still waits for its `{` (Allman style).
        start = self._statement_start_index(i - 1 if waiting_for_brace else i)
        at_start = start == i
        blocks = self._open_blocks()

        # A declaration at or left of an open block's header column: a `}` is missing.
        if at_start and token.type in DECLARATIONS and blocks and (
                token.column or 0) <= blocks[-1][3]:
            kind, name, line, _col = blocks[-1]
            label = messages.opened_at(f"{kind} `{name}`".replace(" ``", ""), line)
            self._report(token, f"{label} is not closed: a `}}` is missing before this "
                                f"{token} declaration")
            for _ in range(2 * len(blocks) + 1):
                if self._accepts(token.type) or not self._feed_synthetic(token, ("RBRACE", SEP)):
                    break
            return i

        self._report(tokens[i - 1] if waiting_for_brace else token,
                     messages.error_message(self.tokens, i, expected, start, blocks))
        if start < i and tokens[i - 1].type == "RBRACE":
            # Junk after a complete block: the block stands, skip the junk.
            return self._skip_statement(i)
        self._pop_from(start)
        if tokens[start].type in BLOCK_OPENERS and not any(
                t.type == "LBRACE" for t in tokens[start:i]):
            end = self._skip_unopened_block(i, tokens[start])
            self._keep_unopened(start, end)
            return end
        if not self._open_blocks():
            return self._skip_to_declaration(i)
        return self._skip_statement(i)

    def _keep_unopened(self, start: int, end: int) -> None:
        """Keep a skipped top-level block (`tokens[start:end]`) by its name."""
        tokens = self.tokens
        kind = BLOCKS.get(tokens[start].type)
        if kind is None or start + 1 >= len(tokens) or self._open_blocks():
            return
        name = tokens[start + 1]
        if name.type != "ID" and not messages.is_keyword(name.type):
            return  # `process` with no name: nothing to declare
        first, last = self._token_span(tokens[start]), self._token_span(
            tokens[max(end, start + 2) - 1])
        self.unopened.append(kind.make(
            name=Name.make(value=str(name), span=self._token_span(name)), broken=True,
            span=Span(file=self.path, line=first.line, column=first.column,
                      end_line=last.end_line, end_column=last.end_column)))

    def _skip_statement(self, i: int) -> int:
        """Skip to the separator or `}` that ends the broken statement."""
        depth = 0
        for j in range(i, len(self.tokens)):
            kind = self.tokens[j].type
            if depth == 0 and kind in (SEP, "RBRACE"):
                return j
            depth += kind == "LBRACE"
            depth -= kind == "RBRACE"
        return len(self.tokens)

    def _skip_to_declaration(self, i: int) -> int:
        for j in range(i + 1, len(self.tokens)):
            if self.tokens[j].type in DECLARATIONS and self.tokens[j - 1].type == SEP:
                return j
        return len(self.tokens)

    def _skip_unopened_block(self, i: int, header: Token) -> int:
        """Skip the block a header meant to open when its `{` is missing or late."""
        tokens = self.tokens
        if tokens[i].type in DECLARATIONS and (tokens[i].column or 0) <= (header.column or 0):
            # No block follows (`process X`, then `process Y {` at its margin):
            # skipping one would swallow the next declaration and its findings.
            return i
        j = i
        while j < len(tokens) and tokens[j].type not in ("LBRACE", SEP, "RBRACE"):
            j += 1
        if j < len(tokens) and tokens[j].type == SEP and j + 1 < len(tokens) and (
                tokens[j + 1].type == "LBRACE"):
            j += 1
        depth = 1
        if j < len(tokens) and tokens[j].type == "LBRACE":
            j += 1
        while j < len(tokens):
            kind = tokens[j].type
            if kind == "LBRACE":
                depth += 1
            elif kind == "RBRACE":
                depth -= 1
                if depth == 0:
                    # A `}` left of the header belongs to an enclosing block.
                    return j if (tokens[j].column or 0) < (header.column or 0) else j + 1
            j += 1
        return j

    # ---- reporting ------------------------------------------------------
    def _report(self, token: Token, message: str) -> None:
        if self.recovering and token.type == END:
            return
        self.recovering = True
        previous = self._reported
        self._reported = token
        if (previous is not None and token.type == previous.type == "RBRACE"
                and token.line == previous.end_line and token.column == previous.end_column):
            return  # a run of stray `}` is one mistake: reported at its first
        self.findings.append(error_rules.E001.finding(self._token_span(token), message))

    def _report_end(self, end: Token, expected: set[str]) -> None:
        blocks = self._open_blocks()
        if blocks:
            kind, name, line, _col = blocks[-1]
            label = f"{kind} `{name}`" if name else kind
            message = (f"unexpected end of the file: {messages.opened_at(label, line)} needs "
                       "its closing `}`")
        else:
            message = (f"unexpected end of the file: expected "
                       f"{messages.describe_expected(expected)}")
        self.findings.append(error_rules.E001.finding(self._token_span(end), message))

    def _token_span(self, token: Token) -> Span:
        line, column = token.line or 1, token.column or 1
        if token.type == BAD_STRING and (escape := messages.BAD_ESCAPE.search(str(token))):
            column += escape.start()
            return Span(file=self.path, line=line, column=column,
                        end_line=line, end_column=column + 2)
        if token.type in (SEP, END) or token.end_line != line:
            end_line, end_column = line, column + (token.type != END)
        else:
            end_line, end_column = token.end_line or line, token.end_column or column
        return Span(file=self.path, line=line, column=column,
                    end_line=end_line, end_column=end_column)
