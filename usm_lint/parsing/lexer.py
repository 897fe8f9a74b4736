"""A total tokenizer: Lark's lexer, resumed past anything it cannot match.

Lark's basic lexer stops at the first character no terminal matches. The
recovering parser wants the whole token stream up front, so each failure
becomes one `BAD_*` token (covering an unterminated string, a string with a
bad escape, or a run of stray characters) and lexing resumes after it. The parser
never accepts a `BAD_*` token, so each one surfaces as an E001 there.
"""

from __future__ import annotations

import re

from lark import Token
from lark.exceptions import UnexpectedCharacters
from lark.lexer import Lexer, LexerThread

BAD_STRING = "BAD_STRING"
BAD_LONG_STRING = "BAD_LONG_STRING"
BAD_CHAR = "BAD_CHAR"

# The longest plausible string starting at a quote: up to its closing quote or
# the line end. Used only after STRING failed, so it holds a bad escape or
# lacks its closing quote.
# Characters no token starts with: not a letter or `_` (names), not blank, not
# one of `"{},.;#◊-` (texts, blocks, lists, references, comments, the marker,
# the arrow). Digits are among them: no name starts with one.
# Two plain character-class runs: no backtracking state per character.
_JUNK = re.compile(r'[^\w\s"{},.;#\u25ca-]+|\d+')
_BAD_STRING = re.compile(r'"[^"\\\r\n]*(?:\\.[^"\\\r\n]*)*"?')


class _Braces:
    """Counts open blocks as tokens arrive, and folds a run of closing braces
    that no block is open for ("}}}}", "} } }" on one line) into one `}`
    token: the parser reports the first one and skips the rest anyway, and
    400,000 of them would be 400,000 token objects (some 100 MB)."""

    def __init__(self, text: str, tokens: list[Token]) -> None:
        self.text = text
        self.tokens = tokens
        self.depth = 0
        self.first: Token | None = None  # of the run of unmatched braces
        self.last: Token | None = None

    def add(self, token: Token) -> None:
        if token.type == "LBRACE":
            self.depth += 1
        elif token.type == "RBRACE":
            if self.depth > 0:
                self.depth -= 1
            elif self.last is not None and not self.text[
                    self.last.end_pos:token.start_pos].strip(" \t"):
                self.last = token
                return
            else:
                self.flush()
                self.first = self.last = token
                return
        self.flush()
        self.tokens.append(token)

    def flush(self) -> None:
        first, last = self.first, self.last
        if first is None or last is None:
            return
        self.first = self.last = None
        if last is not first:
            first = Token("RBRACE", self.text[first.start_pos:last.end_pos], first.start_pos,
                          first.line, first.column, last.end_line, last.end_column, last.end_pos)
        self.tokens.append(first)


def tokenize(lexer: Lexer, text: str) -> list[Token]:
    """Every token of `text` (whitespace dropped, separators kept)."""
    thread = LexerThread.from_text(lexer, text)
    tokens: list[Token] = []
    braces = _Braces(text, tokens)
    while True:
        try:
            for token in thread.lex(None):  # type: ignore[no-untyped-call]
                braces.add(token)
            braces.flush()
            return tokens
        except UnexpectedCharacters:
            braces.flush()
            state = thread.state
            assert state is not None
            counter = state.line_ctr
            pos = counter.char_pos
            if text.startswith('"""', pos):
                kind, value = BAD_LONG_STRING, text[pos:]
            elif text[pos] == '"':
                match = _BAD_STRING.match(text, pos)
                assert match is not None
                kind, value = BAD_STRING, match.group()
            else:
                # A run of characters no token starts with is one error, not one
                # per character (5 MB of `@` would be millions of tokens).
                junk = _JUNK.match(text, pos)
                kind, value = BAD_CHAR, junk.group() if junk else text[pos]
            line, column = counter.line, counter.column
            counter.feed(value)
            tokens.append(Token(kind, value, pos, line, column,
                                counter.line, counter.column, counter.char_pos))
