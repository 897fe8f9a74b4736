"""Plain-words descriptions of tokens and of what the parser expected.

A syntax error must read like advice to a non-programmer ("expected `{`
after the process name `Recover`, found the end of the line"), never like a
Lark exception. These helpers turn terminal names into such words.
"""

from __future__ import annotations

from lark import Token

from usm_lint.parsing.lexer import BAD_CHAR

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

_LINE_MARK = "(line "


def opened_at(label: str, line: int) -> str:
    """`label` with the line its block opens on: every message that names a
    line names it so, and `names_a_line` finds it."""
    return f"{label} {_LINE_MARK}{line})"


def names_a_line(message: str) -> bool:
    """Whether a message names a line (were it moved, the message would be
    wrong); a text that merely looks like one answers yes, which is safe."""
    return _LINE_MARK in message


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
