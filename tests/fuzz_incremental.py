"""Differential fuzzing of the incremental parser against the whole parse.

Run (atheris from PyPI), seeding the corpus with the examples:

    mkdir -p /tmp/corpus-incremental
    cp --backup=numbered examples/*/*.usm /tmp/corpus-incremental/
    python tests/fuzz_incremental.py /tmp/corpus-incremental -max_total_time=600

An input is a text, then (after a NUL byte) the bytes that choose a run of
edits of it: where each falls, how much it removes and what it inserts. After
each edit the incremental parse must equal a whole parse of the same text, as
tests/test_incremental.py asserts on hypothesis's edits; an input where they
differ raises, and its minimal form belongs in that test.
"""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports():
    from usm_lint.findings import Finding
    from usm_lint.parsing.incremental import IncrementalParser
    from usm_lint.parsing.parser import ParseResult, parse

# What an edit inserts besides random text: what opens, closes or hides a chunk.
_PIECES = ["{", "}", '"', '"""', "#", "\n", "\r\n", "process X {\n", "\n}\n", '\nrole R "r"\n']


def _tokens(result: ParseResult) -> list[tuple[object, ...]]:
    return [(t.type, str(t), t.line, t.column, t.end_line, t.end_column)
            for t in result.tokens if t.type != "_SEP"]


def _same(result: ParseResult, whole: ParseResult) -> bool:
    return (result.file == whole.file
            and result.findings == sorted(whole.findings, key=Finding.sort_key)
            and _tokens(result) == _tokens(whole))


def one_input(data: bytes) -> None:
    text_bytes, _, choices = data.partition(b"\0")
    text = text_bytes.decode("utf-8", "replace")
    edits = atheris.FuzzedDataProvider(choices)
    parser = IncrementalParser("fuzz.usm")
    for _ in range(8):
        if not _same(parser.parse(text), parse(text, "fuzz.usm")):
            raise AssertionError(f"the incremental parse differs on {text!r}")
        if edits.remaining_bytes() == 0:
            return
        at = edits.ConsumeIntInRange(0, len(text))
        removed = edits.ConsumeIntInRange(0, 8)
        inserted = (_PIECES[edits.ConsumeIntInRange(0, len(_PIECES) - 1)]
                    if edits.ConsumeBool() else edits.ConsumeUnicodeNoSurrogates(6))
        text = text[:at] + inserted + text[at + removed:]


def main() -> None:
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
