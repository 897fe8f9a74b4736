"""Pre-build the LALR parser from `grammar/usm.lark` into `grammar/parser.pickle`.

Building the LALR tables costs ~40 ms; loading the saved tables ~3 ms, and
every pre-commit run pays it. Lark's `cache=True` would write into the system
temp folder, so the tables ship in the package instead. Run after editing the
grammar: `python -m usm_lint.parsing.build` (a test fails while they differ).
"""

from __future__ import annotations

import io
from importlib import resources
from pathlib import Path

from lark import Lark

GRAMMAR_FILE = "usm.lark"


def build() -> bytes:
    grammar = resources.files("usm_lint.grammar").joinpath(GRAMMAR_FILE).read_text("utf-8")
    lark = Lark(grammar, parser="lalr", lexer="basic", maybe_placeholders=False)
    buffer = io.BytesIO()
    lark.save(buffer)
    return buffer.getvalue()


def main() -> None:
    from usm_lint.parsing.parser import PARSER_FILE

    target = Path(str(resources.files("usm_lint.grammar").joinpath(PARSER_FILE)))
    target.write_bytes(build())
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
