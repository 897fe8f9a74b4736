"""Comments, and the lines a suppression directive in each would cover.

Comments live inside separator tokens (see grammar/usm.lark). A comment at
the end of a statement covers that statement's lines (a triple-quoted text or
a continued list spans several); a comment on a line of its own covers the
next statement, and the whole block when that statement opens one.
"""

from __future__ import annotations

import re

from lark import Token

from usm_lint.model import Comment, Span
from usm_lint.parsing.messages import SEP

_COMMENT = re.compile(r"#[^\r\n]*")


def _own_statement(tokens: list[Token], sep: int) -> tuple[int, int]:
    """Lines of the statement that ends at separator `sep`."""
    end = sep - 1
    if end < 0:
        return (0, 0)
    last_line = tokens[end].end_line or 0
    if tokens[end].type == "RBRACE":
        return (tokens[end].line or 0, last_line)
    start = end
    while start > 0 and tokens[start - 1].type not in (SEP, "LBRACE", "RBRACE"):
        start -= 1
    return (tokens[start].line or 0, last_line)


def _next_statement(tokens: list[Token], sep: int) -> tuple[int, int]:
    """Lines of the statement after separator `sep`, with its block if it opens one."""
    first = sep + 1
    if first >= len(tokens) or tokens[first].type == "RBRACE":
        return (0, 0)
    depth = 0
    last = first
    for index in range(first, len(tokens)):
        kind = tokens[index].type
        if kind == "LBRACE":
            depth += 1
        elif kind == "RBRACE":
            if depth == 0:
                break
            depth -= 1
        elif kind == SEP and depth == 0 and not (
                index + 1 < len(tokens) and tokens[index + 1].type == "LBRACE"):
            break
        last = index
    return (tokens[first].line or 0, tokens[last].end_line or 0)


def comments(tokens: list[Token], text: str, path: str) -> list[Comment]:
    found = []
    for index, token in enumerate(tokens):
        if token.type != SEP or "#" not in token:
            continue
        for match in _COMMENT.finditer(str(token)):
            start = (token.start_pos or 0) + match.start()
            line_start = text.rfind("\n", 0, start) + 1
            line = (token.line or 0) + str(token).count("\n", 0, match.start())
            column = start - line_start + 1
            span = Span(file=path, line=line, column=column, end_line=line,
                        end_column=column + len(match.group()))
            own_line = not text[line_start:start].strip()
            covers = (_next_statement(tokens, index) if own_line
                      else _own_statement(tokens, index))
            before = text[line_start:start]
            space = len(before) - len(before.rstrip(" \t"))
            found.append(Comment.make(text=match.group(), span=span,
                                      own_line=own_line, space_before=space,
                                      covers=covers))
    return found
