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


def tokenize(lexer: Lexer, text: str) -> list[Token]:
    """Every token of `text` (whitespace dropped, separators kept)."""
    thread = LexerThread.from_text(lexer, text)
    tokens: list[Token] = []
    while True:
        try:
            tokens.extend(thread.lex(None))  # type: ignore[no-untyped-call]
            return tokens
        except UnexpectedCharacters:
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
