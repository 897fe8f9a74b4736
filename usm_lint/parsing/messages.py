"""Plain-words descriptions of tokens and of what the parser expected.

A syntax error must read like advice to a non-programmer ("expected `{`
after the process name `Recover`, found the end of the line"), never like a
Lark exception. These helpers turn terminal names into such words.
"""

from __future__ import annotations

import re

from lark import Token

from usm_lint.parsing.lexer import BAD_CHAR, BAD_LONG_STRING, BAD_STRING

SEP = "_SEP"
END = "$END"

# Keywords that open a declaration at the top level.
DECLARATIONS = {"MODEL": "model", "PROCESS": "process", "WORKFLOW": "workflow",
                "ROLE": "role", "TOOL": "tool", "PRACTICE": "practice"}

# Which block accepts each statement keyword, to say where a misplaced one belongs.
STATEMENT_HOMES: dict[str, tuple[str, ...]] = {
    "title": ("model",), "processes": ("model",), "flow": ("model",),
    "executes": ("model",), "code": ("process",), "alias": ("process",),
    "purpose": ("process", "subprocess"), "trigger": ("process", "subprocess", "workflow"),
    "output": ("process", "subprocess"), "unit": ("process", "subprocess"),
    "activity": ("process",), "subprocess": ("process",), "control": ("process",),
    "activities": ("subprocess",), "measure": ("control",), "norm": ("control",),
    "report": ("control",), "plan": ("control",), "template": ("workflow",),
    "kind": ("workflow",), "step": ("workflow",), "framework": ("practice",),
    "realised-by": ("practice",), "condition": ("practice",), "map": ("practice",),
}

# Every keyword's terminal name ("realised-by" -> REALISED_BY).
KEYWORDS = frozenset(
    [w.upper().replace("-", "_") for w in STATEMENT_HOMES] + list(DECLARATIONS)
)

BAD_ESCAPE = re.compile(r"\\[^\"\\nt]")
"""An escape a quoted text does not allow (only `\\"`, `\\\\`, `\\n`, `\\t`)."""

_LINE_MARK = "(line "


def opened_at(label: str, line: int) -> str:
    """`label` with the line its block opens on (`placement.names_a_place`
    finds it, as it finds every line a message names)."""
    return f"{label} {_LINE_MARK}{line})"


_PUNCTUATION = {"LBRACE": "`{`", "RBRACE": "`}`", "COMMA": "`,`", "DOT": "`.`",
                "ARROW": "`->`", "DIAMOND": "`◊`"}


def is_keyword(token_type: str) -> bool:
    return token_type in KEYWORDS


def quote_text(value: str, limit: int = 30) -> str:
    one_line = value.replace("\r", "").replace("\n", " ")
    return one_line if len(one_line) <= limit else one_line[: limit - 1] + "…"


_SHOWN_RUN = 12
"""Characters of a run of stray ones a message quotes."""


def describe_token(token: Token) -> str:
    """What was found, as a reader would name it."""
    kind = token.type
    if kind == END:
        return "the end of the file"
    if kind == SEP:
        return "`;`" if str(token).startswith(";") else "the end of the line"
    if kind in ("STRING", "LONG_STRING"):
        return f"the text {quote_text(str(token))}"
    if kind == BAD_CHAR:
        run = str(token)
        shown = "".join(c if c.isprintable() else f"U+{ord(c):04X}" for c in run[:_SHOWN_RUN])
        more = "…" if len(run) > _SHOWN_RUN else ""
        return f"the character{'s' * (len(run) > 1)} `{shown}{more}`"
    if kind in _PUNCTUATION:
        return _PUNCTUATION[kind]
    return f"`{token}`"


def describe_expected(expected: set[str]) -> str:
    """What would have been accepted, in words, most useful first."""
    words: list[str] = []
    if "ID" in expected:
        words.append("a name")
    if "STRING" in expected:
        words.append("a quoted text")
    statements = sorted(k.lower().replace("_", "-") for k in expected
                        if is_keyword(k) and "ID" not in expected)
    if statements:
        words.append("a statement (" + ", ".join(statements) + ")")
    for kind, shown in _PUNCTUATION.items():
        if kind in expected and kind != "DIAMOND":
            words.append(shown)
    if SEP in expected:
        words.append("the end of the statement")
    if END in expected:
        words.append("the end of the file")
    if len(words) <= 1:
        return words[0] if words else "something else"
    return ", ".join(words[:-1]) + " or " + words[-1]


def describe_previous(tokens: list[Token], index: int) -> str:
    """The context before token `index`: "the process name `Recover`"."""
    prev = tokens[index - 1]
    if is_keyword(prev.type) or prev.type == "ID":
        before = tokens[index - 2] if index >= 2 else None
        if before is not None and (before.type in DECLARATIONS
                                   or before.type == "SUBPROCESS"):
            return f"the {before!s} name `{prev}`"
        return f"`{prev}`"
    return describe_token(prev)


def error_message(tokens: list[Token], i: int, expected: set[str], start: int,
                  blocks: list[tuple[str, str, int, int]]) -> str:
    """What is wrong at token `i`, whose statement starts at `start`, in
    the open `blocks`, where the parser `expected` other tokens."""
    token = tokens[i]
    value = str(token)
    if token.type == BAD_LONG_STRING:
        return 'unterminated triple-quoted text: it needs a closing `"""`'
    if token.type == BAD_STRING:
        escape = BAD_ESCAPE.search(value)
        if escape and value.endswith('"') and len(value) > 1:
            return (f"invalid escape `{escape.group()}` in a quoted text: only "
                    '`\\"`, `\\\\`, `\\n` and `\\t` are allowed')
        return ('unterminated string: a quoted text must close with `"` on the same '
                'line (use `"""` for text over several lines)')
    if token.type == BAD_CHAR:
        return f"unexpected {describe_token(token).removeprefix('the ')}"
    found = describe_token(token)
    if start == i:
        return statement_message(token, found, blocks)
    if expected <= {SEP, "RBRACE", END}:
        return (f"unexpected {found} after {describe_previous(tokens, i)}: "
                "a statement ends at the end of the line or at `;`")
    context = i - 1 if tokens[i - 1].type == SEP and i > 1 else i
    if context != i and token.type in DECLARATIONS and (
            (token.column or 0) <= (tokens[start].column or 0)):
        # A header with no block, then the next declaration (`process X`, then
        # `process Y {`): which one follows is not this statement's business,
        # and the language server, parsing a declaration alone, cannot know it.
        found = "the next declaration"
    return (f"expected {describe_expected(expected)} after "
            f"{describe_previous(tokens, context)}, found {found}")


def statement_message(token: Token, found: str,
                      blocks: list[tuple[str, str, int, int]]) -> str:
    """An error on the first token of a statement: the wrong statement here."""
    if not blocks:
        if token.type == "RBRACE":
            return "unmatched `}`: there is no open block to close"
        homes = STATEMENT_HOMES.get(str(token)) if is_keyword(
            token.type) else None
        if homes:
            return (f"`{token}` cannot stand at the top level: it belongs in a "
                    f"`{homes[0]}` block")
        return ("expected a declaration (model, process, workflow, role, tool or "
                f"practice), found {found}")
    kind, name, _line, _col = blocks[-1]
    where = f"{kind} `{name}`" if name else f"a `{kind}` block"
    homes = STATEMENT_HOMES.get(str(token)) if is_keyword(
        token.type) else None
    if homes and kind not in homes:
        return f"`{token}` cannot stand in {where}: it belongs in a `{homes[0]}` block"
    allowed = sorted(k for k, h in STATEMENT_HOMES.items() if kind in h)
    return (f"{found} cannot start a statement in {where}; expected one of "
            f"{', '.join(allowed)}, or `}}`")
