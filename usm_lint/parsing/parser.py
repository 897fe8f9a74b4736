"""Parse one file's text into a `File` node: lex, then drive the LALR parser
with error recovery (recovery.py), then gather the declarations."""

from __future__ import annotations

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
from usm_lint.parsing.recovery import Driver


@dataclass(frozen=True)
class ParseResult:
    file: File
    findings: list[Finding]
    tokens: Sequence[Token]


@dataclass(frozen=True)
class _Tables:
    """What every parse shares: the lexer, the LALR tables and how a rule's
    callback is made for a builder."""

    lark: Lark
    start: ParserState[Any]
    """The state a parse starts from (its lexer is never used: tokens are fed)."""
    rules: ParseTreeBuilder

    def state_for(self, builder: ModelBuilder) -> ParserState[Any]:
        """A fresh parser state whose rules build with `builder`."""
        callbacks: dict[str, Any] = self.rules.create_callback(  # type: ignore[no-untyped-call]
            builder)
        conf = self.start.parse_conf
        return ParserState(ParseConf(conf.parse_table, callbacks, conf.start),
                           self.start.lexer)


@cache
def _tables() -> _Tables:
    """The pre-built LALR parser shipped in the package; built from the grammar
    instead (~40 ms) when another Lark version saved it."""
    if build.saved_with() != lark_version:
        lark = build.fresh_parser()
    else:
        with resources.files("usm_lint.grammar").joinpath(build.PARSER_FILE).open("rb") as handle:
            lark = Lark.load(handle)
    rules = ParseTreeBuilder(lark.rules, Tree)  # type: ignore[no-untyped-call]
    return _Tables(lark, lark.parse_interactive().parser_state, rules)


@without_collector
def parse(text: str, path: str) -> ParseResult:
    """Each parse has its own builder and parser state (only the tables are
    shared), so parses may run at once in several threads."""
    tables = _tables()
    builder = ModelBuilder(path)
    tokens = tokenize(tables.lark.parser.lexer, text)
    driver = Driver(tables.state_for(builder), text, path, tokens)
    declarations = driver.run()
    findings = driver.findings + builder.findings
    return ParseResult(_file(path, declarations, tokens, text), findings, tokens)


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
