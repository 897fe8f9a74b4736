"""Completion: statement keywords for the block the cursor is in, process
names where a process is named (`step`, `processes`, `flow`, ...), activity
names after `Process.`, roles and tools in practices, and the fixed values of
`kind`, `template` and `framework`."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from lark import Token
from lsprotocol.types import CompletionItem, CompletionItemKind

from usm_lint.identifiers import WORD_PATTERN
from usm_lint.index import Index
from usm_lint.parsing.messages import DECLARATIONS, SEP, STATEMENT_HOMES
from usm_lint.rules.helpers import catalogues

TEMPLATES = ("wish", "rfc", "incident", "service-request", "complaint", "improvement",
             "preventive-action", "optimization")
KINDS = ("reactive", "proactive")
FRAMEWORKS = tuple(catalogues.FRAMEWORKS)

_WORD = WORD_PATTERN
_QUALIFIED = re.compile(rf"(?<![\w-])(?P<process>{_WORD})\.(?P<part>[\w-]*)$")
_STATEMENT = re.compile(r"^\s*(?P<part>[\w-]*)$")
_PROCESS_LIST = re.compile(
    rf"^\s*(?:(?:processes|realised-by|executes)\s+|flow\s+(?:{_WORD}\s*->\s*)?)"
    rf"(?:{_WORD}\s*,\s*)*(?P<part>[\w-]*)$")
_STEP = re.compile(r"^\s*step\s+(?P<part>[\w-]*)$")
_MAP = re.compile(r'^\s*map\s+"(?:[^"\\]|\\.)*"\s*->\s*(?P<part>[\w-]*)$')
_AFTER = re.compile(r"^\s*(?P<keyword>kind|template|framework|role|tool|unit)\s+"
                    r"(?P<part>[\w-]*)$")


def block_at(tokens: Sequence[Token], line: int, column: int) -> str | None:
    """The kind of the innermost block open at (line, column): `process`,
    `control`, ...; None at the top level."""
    stack: list[str] = []
    statement_start: Token | None = None
    for token in tokens:
        if (token.line or 0, token.column or 0) >= (line, column):
            break
        if token.type == "LBRACE":
            stack.append(str(statement_start).lower() if statement_start is not None else "")
            statement_start = None
        elif token.type == "RBRACE":
            if stack:
                stack.pop()
            statement_start = None
        elif token.type == SEP:
            statement_start = None
        elif statement_start is None:
            statement_start = token
    return stack[-1] if stack else None


def keywords_for(block: str | None) -> list[str]:
    if block is None:
        return sorted(DECLARATIONS.values())
    found = {keyword for keyword, homes in STATEMENT_HOMES.items() if block in homes}
    if block == "practice":
        found |= {"role", "tool"}
    return sorted(found)


def _items(names: Iterable[str], kind: CompletionItemKind,
           details: dict[str, str] | None = None) -> list[CompletionItem]:
    return [CompletionItem(label=name, kind=kind,
                           detail=(details or {}).get(name)) for name in sorted(set(names))]


def complete(prefix: str, tokens: Sequence[Token], line: int, column: int,
             index: Index | None) -> list[CompletionItem]:
    """Completions for the text `prefix` before the cursor on its line."""
    if _inside_comment_or_string(prefix):
        return []
    if match := _QUALIFIED.search(prefix):
        return _activity_items(match["process"], index)
    block = block_at(tokens, line, column)
    if _names_process(prefix, block):
        processes = sorted(index.processes) if index is not None else []
        return _items(processes, CompletionItemKind.Class)
    if match := _AFTER.match(prefix):
        return _value_items(match["keyword"], block, index)
    if _STATEMENT.match(prefix):
        return _items(keywords_for(block), CompletionItemKind.Keyword)
    return []


def _activity_items(process: str, index: Index | None) -> list[CompletionItem]:
    """The activities of `process` after `Process.`, each with its text as
    detail: an activity's name is a short id, its text says what it does."""
    if index is None:
        return []
    activities = index.activities.get(process, {})
    return _items(activities, CompletionItemKind.Method,
                  {name: a.text.value for name, a in activities.items()})


def _names_process(prefix: str, block: str | None) -> bool:
    """Whether the cursor is where a process is named: after `step` or a `map`
    arrow, or in a process list (`processes`, `realised-by`, `executes`,
    `flow`) inside a model or a practice, the blocks those statements are in."""
    return bool(_STEP.match(prefix) or _MAP.match(prefix) or (
        _PROCESS_LIST.match(prefix) and block in ("model", "practice")))


def _value_items(keyword: str, block: str | None, index: Index | None
                 ) -> list[CompletionItem]:
    """The values after `keyword`, offered only in the block the statement
    belongs to: fixed values, or the roles and tools the workspace knows."""
    if keyword == "kind" and block == "workflow":
        return _items(KINDS, CompletionItemKind.EnumMember)
    if keyword == "template" and block == "workflow":
        return _items(TEMPLATES, CompletionItemKind.EnumMember)
    if keyword == "framework" and block == "practice":
        return _items(FRAMEWORKS, CompletionItemKind.EnumMember)
    if keyword == "role" and block == "practice" and index is not None:
        return _items(index.roles, CompletionItemKind.Variable)
    if keyword == "tool" and block == "practice" and index is not None:
        return _items(index.tools, CompletionItemKind.Variable)
    return []


def _inside_comment_or_string(prefix: str) -> bool:
    quoted = False
    index = 0
    while index < len(prefix):
        char = prefix[index]
        if quoted and char == "\\":
            index += 2
            continue
        if char == '"':
            quoted = not quoted
        elif char == "#" and not quoted:
            return True
        index += 1
    return quoted
