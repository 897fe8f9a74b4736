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


# Blocks nest two deep (`process { control { } }`): a run of closing braces on
# one line longer than this closes nothing more that any text can open.
_BRACES_KEPT = 4


class _Braces:
    """Folds a long run of closing braces on one line ("}}}}...", "} } } ...")
    into its first `_BRACES_KEPT` tokens and one more that spans the rest: the
    parser reports the first brace too many and skips the rest of the
    statement anyway, and 400,000 of them would be 400,000 token objects
    (some 100 MB). The rule is local to the line, so a declaration lexed alone
    (the language server's incremental parse) gets the same tokens as in its file."""

    def __init__(self, text: str, tokens: list[Token]) -> None:
        self.text = text
        self.tokens = tokens
        self.run = 0  # closing braces in the current run
        self.first: Token | None = None  # of the braces past the kept ones
        self.last: Token | None = None

    def add(self, token: Token) -> None:
        if token.type == "RBRACE":
            previous = self.last or (self.tokens[-1] if self.tokens else None)
            adjacent = (self.run and previous is not None and previous.type == "RBRACE"
                        and not self.text[previous.end_pos:token.start_pos].strip(" \t"))
            self.run = self.run + 1 if adjacent else 1
            if self.run > _BRACES_KEPT:
                self.first = self.first or token
                self.last = token
                return
        else:
            self.run = 0
        self.flush()
        self.tokens.append(token)

    def end_run(self) -> None:
        """A token the lexer did not make comes next (or none): the run ends."""
        self.flush()
        self.run = 0

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
            braces.end_run()
            return tokens
        except UnexpectedCharacters:
            braces.end_run()
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
