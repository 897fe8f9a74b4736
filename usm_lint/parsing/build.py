"""Pre-build the LALR parser from `grammar/usm.lark` into `grammar/parser.pickle`.

Building the LALR tables costs ~40 ms; loading the saved tables ~3 ms, and
every pre-commit run pays it. Lark's `cache=True` would write into the system
temp folder, so the tables ship in the package instead. Run after editing the
grammar: `python -m usm_lint.parsing.build` (a test fails while they differ).
"""

from __future__ import annotations

import hashlib
import io
from importlib import resources
from pathlib import Path

import lark
from lark import Lark

GRAMMAR_FILE = "usm.lark"
PARSER_FILE = "parser.pickle"
DIGEST_FILE = "parser.sha256"
VERSION_FILE = "parser.lark-version"
"""The Lark version that saved the tables: another version's may not load, or
load wrong (Lark's saved format is its own), so they are then rebuilt."""


def grammar_text() -> str:
    return resources.files("usm_lint.grammar").joinpath(GRAMMAR_FILE).read_text("utf-8")


def grammar_digest() -> str:
    """The grammar's hash, stored beside the tables built from it."""
    return hashlib.sha256(grammar_text().encode("utf-8")).hexdigest()


def fresh_parser() -> Lark:
    return Lark(grammar_text(), parser="lalr", lexer="basic", maybe_placeholders=False)


def saved_with() -> str:
    """The Lark version recorded beside the shipped tables ("" if none is)."""
    try:
        return resources.files("usm_lint.grammar").joinpath(VERSION_FILE).read_text(
            "utf-8").strip()
    except OSError:
        return ""


def build() -> bytes:
    # Lark numbers LALR states in an order that varies from run to run, so two
    # builds differ in bytes while parsing alike: freshness is checked by the
    # grammar digest and by parsing a corpus with both (tests/test_packaging.py).
    buffer = io.BytesIO()
    fresh_parser().save(buffer)
    return buffer.getvalue()


def main() -> None:
    target = Path(str(resources.files("usm_lint.grammar").joinpath(PARSER_FILE)))
    target.write_bytes(build())
    target.with_name(DIGEST_FILE).write_text(grammar_digest() + "\n", "utf-8")
    target.with_name(VERSION_FILE).write_text(lark.__version__ + "\n", "utf-8")
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
