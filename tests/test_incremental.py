"""The incremental parser (usm_lint/parsing/incremental.py) gives exactly
what a whole parse gives, on random edits of valid and broken texts, and
re-parses only the declarations an edit touched."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from benchmarks.generate import process_text
from tests.strategies import declarations, usm_sources
from tests.test_parser import FULL
from usm_lint.findings import Finding
from usm_lint.parsing import incremental
from usm_lint.parsing.incremental import IncrementalParser, split
from usm_lint.parsing.parser import ParseResult, parse

EXAMPLES = sorted((Path(__file__).parents[1] / "examples").rglob("*.usm"))
BASES = [FULL, *(p.read_text("utf-8") for p in EXAMPLES)]
# What edits insert: the pieces that open, close or hide declarations, and
# declarations themselves (at a line start they may keep the text valid).
PIECES = ["{", "}", '"', '"""', "#", ";", "\n", "\r\n", "\r", ",", "->", ".", "◊", "\\",
          " ", "\t", "é", "🚀", "process", "role", "tool", "practice", "model", "x",
          "process X", "process X {\n", "\nprocess X {\n", "\n}\n", '\nrole R "r"\n',
          "# usm-lint: disable=C0203\n", '    activity a "Do it"\n', '"""\nprocess Y {\n']


def tokens(result: ParseResult) -> list[tuple[str, str, int | None, int | None,
                                              int | None, int | None]]:
    """Every token but separators (at a chunk boundary one comes as two)."""
    return [(t.type, str(t), t.line, t.column, t.end_line, t.end_column)
            for t in result.tokens if t.type != "_SEP"]


def assert_same(result: ParseResult, whole: ParseResult) -> None:
    assert result.file == whole.file
    assert result.findings == sorted(whole.findings, key=Finding.sort_key)
    assert tokens(result) == tokens(whole)


@st.composite
def edit(draw: st.DrawFn, text: str) -> str:
    """`text` with one range replaced, often at a line start (the left margin)."""
    if draw(st.booleans()):
        starts = [0, *(i + 1 for i, c in enumerate(text) if c == "\n")]
        position = draw(st.sampled_from(starts))
    else:
        position = draw(st.integers(0, len(text)))
    removed = draw(st.sampled_from([0, 0, 1, 2, 6, 40]))
    inserted = draw(st.one_of(st.sampled_from(PIECES), st.just(""),
                              declarations(max_statements=2).map(lambda d: d + "\n"),
                              st.text(max_size=4)))
    return text[:position] + inserted + text[position + removed:]


@st.composite
def versions(draw: st.DrawFn) -> list[str]:
    """A valid or example text, then the texts a run of random edits makes of it."""
    text = draw(st.one_of(st.sampled_from(BASES), usm_sources(max_declarations=6)))
    texts = [text]
    for _ in range(draw(st.integers(1, 12))):
        texts.append(draw(edit(texts[-1])))
    return texts


# Found by the test: a header left without its block before the next
# declaration ("practice I", then "process X {"); parsed alone, the chunk's
# message named the sentinel declaration after it, not the file's.
HEADER_WITHOUT_BLOCK = ['role R "r"\n\npractice IncidentHandling {\n    role R\n}\n',
                        'role R "r"\n\npractice I\nprocess X {\nncidentHandling {\n'
                        '    role R\n}\n']


# Found by tests/fuzz_incremental.py: junk braces before a declaration. Runs of
# closing braces are folded by a rule local to their line; a rule counting the
# file's open braces folded them in the declaration alone but not in the file.
JUNK_BRACES = ["{{{{{{\nmodel M {\n}}}}}}}\n", "{{{{{{\nmodel M {\n} } } } } } }\n"]
# The fuzzer's (tests/fuzz_regressions/): a block skipped for its missing `{`
# is declared by its name in the file's last window, whose parse otherwise read
# no declaration (an unterminated string at the end: the whole parse's recovery
# reaches back past the window); the window must not count it as one.
SKIPPED_AT_END = json.loads((Path(__file__).parent / "fuzz_regressions"
                             / "incremental-skipped-block-at-end.json").read_text("utf-8"))


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(versions())
@example(HEADER_WITHOUT_BLOCK)
@example(JUNK_BRACES)
@example([SKIPPED_AT_END["before"], SKIPPED_AT_END["after"]])
def test_incremental_parse_equals_the_whole_parse(texts: list[str]) -> None:
    parser = IncrementalParser("m.usm")
    for text in texts:
        assert_same(parser.parse(text), parse(text, "m.usm"))


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The texts the incremental parser hands to `parse()`, from now on."""
    calls: list[str] = []

    def counting(source: str, path: str) -> ParseResult:
        calls.append(source)
        return parse(source, path)

    monkeypatch.setattr(incremental, "parse", counting)
    return calls


def test_an_edit_reparses_only_the_declaration_it_touches(parsed: list[str]) -> None:
    text = "".join(process_text(random.Random(1), i, 4) for i in range(20))
    parser = IncrementalParser("m.usm")
    parser.parse(text)
    assert len(parsed) == 20  # one chunk per process
    parsed.clear()
    edited = text.replace("service 7 as agreed", "service 7 as promised")
    assert_same(parser.parse(edited), parse(edited, "m.usm"))
    assert len(parsed) == 1
    assert "process P7 {" in parsed[0] and "process P6 " not in parsed[0]
    assert "process P8 " not in parsed[0]
    assert parser.parse(edited) is parser.parse(edited)  # the same text: no parse at all
    assert len(parsed) == 1


def test_a_declaration_left_open_is_parsed_with_the_next(parsed: list[str]) -> None:
    text = 'process A {\n    unit a\n}\nprocess B {\n    unit b\n}\nrole R "r"\n'
    broken = text.replace("    unit a\n}\n", "    unit a\n\n")  # the `}` deleted
    parser = IncrementalParser("m.usm")
    parser.parse(text)
    parsed.clear()
    result = parser.parse(broken)
    assert_same(result, parse(broken, "m.usm"))
    assert [f.message for f in result.findings] == [
        "process `A` (line 1) is not closed: a `}` is missing before this process declaration"]
    # `A` alone does not close; `A` with `B` does; the role is reused.
    assert parsed[-1].lstrip("\n").startswith("process A {") and "process B {" in parsed[-1]
    assert not any(source.lstrip("\n").startswith("role R") for source in parsed)


def test_a_new_line_moves_what_stands_below_syntax_errors_too(parsed: list[str]) -> None:
    """Below a new line every declaration reads as before, its syntax errors
    too, but for a message that names a line: that one is parsed again."""
    text = ('process A {\n    unit a\n}\nprocess B {\n    unit b b\n}\n'
            'process C {\n    unit c\n\nprocess D {\n    unit d\n}\nrole R "r"\n')
    parser = IncrementalParser("m.usm")
    parser.parse(text)
    parsed.clear()
    edited = text.replace("    unit a\n", "    unit a\n\n")
    result = parser.parse(edited)
    assert_same(result, parse(edited, "m.usm"))
    assert [f.span.line for f in result.findings] == [6, 11]
    assert "(line 8)" in result.findings[1].message
    assert "process A" in parsed[0] and all("process C" in source for source in parsed[1:])
    assert not any("process B" in source or 'role R "r"' in source for source in parsed)


@pytest.mark.parametrize("text", [
    "workflow}\nworkflow}tool\nprocess\tN{",  # a stray `}`: recovery stayed in its chunk
    "{\nworkflow}.\nworkflow S{",  # a `}` whose `{` stands in the chunk before
])
def test_recovery_reads_a_declaration_alike_alone_and_in_the_file(text: str) -> None:
    """Found by hypothesis and by tests/fuzz_incremental.py: a `}` is matched
    with its `{` only within the declaration the incremental parser parses."""
    assert_same(IncrementalParser("m.usm").parse(text), parse(text, "m.usm"))


def test_chunks_start_at_declarations_outside_strings_and_comments() -> None:
    text = ('# header\nprocess A {\n    alias """one\nprocess Hidden {\n"""\n}\n'
            '\n# about B\n  \nprocess B {\n    # process C\n}\nprocess-like x\n'
            'processes\nrole R "r"  # role\n')
    chunks = split(text)
    assert "".join(c.text for c in chunks) == text
    assert [(c.line, c.text.split("\n")[0]) for c in chunks] == [
        (0, "# header"), (6, ""), (14, 'role R "r"  # role')]
    assert chunks[1].text.startswith("\n# about B\n  \nprocess B {")


def test_an_unterminated_triple_quote_hides_the_rest() -> None:
    text = 'process A {\n    alias """open\n}\nprocess B {\n}\n'
    assert len(split(text)) == 1
    assert_same(IncrementalParser("m.usm").parse(text), parse(text, "m.usm"))


def test_a_file_ending_in_an_unfinished_declaration_is_parsed_whole() -> None:
    # The recovery at the end of a file may reach back past the last chunk,
    # which no chunk can know: the whole text is parsed.
    text = "process A {\n}\nrole"
    assert_same(IncrementalParser("m.usm").parse(text), parse(text, "m.usm"))
