"""Parse one file's text into a `File` node: lex, then drive the LALR parser
with error recovery (recovery.py), then gather the declarations."""

from __future__ import annotations

import bisect
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from lark import Lark, Token, Tree
from lark import __version__ as lark_version
from lark.parse_tree_builder import ParseTreeBuilder
from lark.parsers.lalr_parser_state import ParseConf, ParserState

from usm_lint.findings import Finding
from usm_lint.gc_pause import without_collector
from usm_lint.model import File, Model, Practice, Process, Role, Tool, Workflow
from usm_lint.parsing import build
from usm_lint.parsing.builder import ModelBuilder
from usm_lint.parsing.comments import comments
from usm_lint.parsing.lexer import tokenize
from usm_lint.parsing.recovery import BLOCKS, Driver


@dataclass(frozen=True)
class ParseResult:
    file: File
    findings: list[Finding]
    tokens: Sequence[Token]
    unopened: tuple[Any, ...] = ()
    """The declarations of `file` that are blocks skipped for a missing `{`,
    by their names alone: the parser itself read no declaration there."""


class _Tables(threading.local):
    """What the parses of one thread share: the lexer and LALR tables (shared
    by every thread), and a builder with the rules' callbacks bound to it
    (one per thread: making them costs more than a small parse)."""

    def __init__(self, lark: Lark) -> None:
        self.lark = lark
        start = lark.parse_interactive().parser_state
        self.start: ParserState[Any] = start
        """The state a parse starts from (its lexer is never used: tokens are fed)."""
        self.builder = ModelBuilder()
        rules = ParseTreeBuilder(lark.rules, Tree)  # type: ignore[no-untyped-call]
        callbacks: dict[str, Any] = rules.create_callback(  # type: ignore[no-untyped-call]
            self.builder)
        self.conf = ParseConf(start.parse_conf.parse_table, callbacks, start.parse_conf.start)

    def state_for(self, path: str) -> ParserState[Any]:
        """A fresh parser state for the file `path`, its builder made ready."""
        self.builder.begin(path)
        return ParserState(self.conf, self.start.lexer)


@cache
def _lark() -> Lark:
    """The pre-built LALR parser shipped in the package; built from the grammar
    instead (~40 ms) when another Lark version saved it."""
    if build.saved_with() != lark_version:
        return build.fresh_parser()
    with resources.files("usm_lint.grammar").joinpath(build.PARSER_FILE).open("rb") as handle:
        return Lark.load(handle)


@cache
def _tables() -> _Tables:
    # One object; `threading.local` gives each thread its own builder in it.
    return _Tables(_lark())


@without_collector
def parse(text: str, path: str) -> ParseResult:
    """Each thread parses with its own builder and parser state (only the
    tables are shared), so parses may run at once in several threads."""
    tables = _tables()
    tokens = tokenize(tables.lark.parser.lexer, text)
    driver = Driver(tables.state_for(path), text, path, tokens)
    declarations = _marked(driver.run(), driver.findings)
    if driver.unopened:  # in source order, as `File` lists declarations
        declarations = sorted([*declarations, *driver.unopened],
                              key=lambda d: (d.span.line, d.span.column))
    findings = driver.findings + tables.builder.findings
    return ParseResult(_file(path, declarations, tokens, text), findings, tokens,
                       tuple(driver.unopened))


_BLOCKS = tuple(BLOCKS.values())


def _marked(declarations: list[Any], errors: list[Finding]) -> list[Any]:
    """The declarations, each block with a syntax error inside it `broken`
    (in position order, so each block asks once: linear in the file)."""
    if not errors:
        return declarations
    starts = sorted((e.span.line, e.span.column) for e in errors)
    marked = []
    for declaration in declarations:
        if isinstance(declaration, _BLOCKS):
            span = declaration.span
            # after its start: an error placed at a declaration's first character is
            # the block before it left open ("process `A` is not closed")
            at = bisect.bisect_right(starts, (span.line, span.column))
            if at < len(starts) and starts[at] < (span.end_line, span.end_column):
                declaration = declaration.model_copy(update={"broken": True})
        marked.append(declaration)
    return marked


def _file(path: str, declarations: list[Any], tokens: list[Token], text: str) -> File:
    return File.make(
        path=path,
        models=tuple(d for d in declarations if isinstance(d, Model)),
        processes=tuple(d for d in declarations if isinstance(d, Process)),
        workflows=tuple(d for d in declarations if isinstance(d, Workflow)),
        roles=tuple(d for d in declarations if isinstance(d, Role)),
        tools=tuple(d for d in declarations if isinstance(d, Tool)),
        practices=tuple(d for d in declarations if isinstance(d, Practice)),
        comments=tuple(comments(tokens, text, path)),
    )
