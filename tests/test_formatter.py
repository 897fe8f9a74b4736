"""The formatter: the golden layout, each layout rule, line ends and BOM,
syntax errors, and properties over generated valid sources."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from tests.conftest import Run, write
from tests.strategies import usm_sources
from usm_lint.formatter import FormatError, format_text
from usm_lint.model import File
from usm_lint.parsing.parser import parse

GOLDEN = Path(__file__).parent / "golden"
# Generated sources are a few hundred characters; 100 examples per property
# keep this file around 10 s.
PROPERTIES = settings(max_examples=100, deadline=None,
                      suppress_health_check=[HealthCheck.too_slow])


def without_spans(file_node: File) -> Any:
    """A file's model as plain data, with every position dropped.

    `span` and `activities_span` keys go, a block's `statements` (spans by
    keyword) keep only their keywords, and comments keep only their text,
    less trailing whitespace (the one change the formatter makes to them).
    """
    def strip(value: Any) -> Any:
        if isinstance(value, dict):
            return {key: sorted(item) if key == "statements" else strip(item)
                    for key, item in value.items() if key not in ("span", "activities_span")}
        if isinstance(value, list | tuple):
            return [strip(item) for item in value]
        return value

    data = file_node.model_dump()
    data["comments"] = [comment["text"].rstrip() for comment in data["comments"]]
    return strip(data)


def model_of(text: str) -> Any:
    return without_spans(parse(text, "m.usm").file)


# ---- the golden file --------------------------------------------------------
def test_golden_layout() -> None:
    source = (GOLDEN / "format_input.usm").read_text("utf-8")
    expected = (GOLDEN / "format_expected.usm").read_text("utf-8")
    assert parse(source, "in.usm").findings == []
    assert format_text(source) == expected
    assert format_text(expected) == expected
    assert model_of(expected) == model_of(source)


# ---- one rule at a time -------------------------------------------------------
RULES = {
    "spacing": ("model M { flow   A->B ,C\nprocesses A ,B }",
                "model M {\n    flow A -> B, C\n    processes A, B\n}\n"),
    "semicolons and one-line blocks": (
        'process P { code C; unit U ;subprocess S {activities a,b}; control {} }',
        "process P {\n    code C\n    unit U\n    subprocess S {\n        activities a, b\n"
        "    }\n    control {\n    }\n}\n"),
    "qualified names and the marker": (
        'workflow W { step P . a }\nprocess P { activity a◊"x"; purpose ◊  """y""" }',
        'workflow W {\n    step P.a\n}\n\nprocess P {\n    activity a ◊ "x"\n'
        '    purpose ◊ """y"""\n}\n'),
    "Allman brace": ("process P\n\n{\n  code C\n}", "process P {\n    code C\n}\n"),
    "Allman brace with comments": (
        "process P  # one\n# two\n{  # three\n  code C\n}",
        "process P {  # one\n    # two\n    # three\n    code C\n}\n"),
    "Allman brace with a comment after it": (
        "process P\n{   # here\n  code C\n}", "process P {  # here\n    code C\n}\n"),
    "continued list": (
        "model M {\nprocesses A,   # first\n\n  # own\nB,C,\n  D\n}",
        "model M {\n    processes A,  # first\n        # own\n        B, C,\n        D\n}\n"),
    "comments": (
        "# head   \nrole R \"r\"#tail\t\n  # own line\nprocess P {\n code C;  # after ;\n"
        "      # last\n}   # end",
        '# head\nrole R "r"  #tail\n\n# own line\nprocess P {\n    code C  # after ;\n'
        "    # last\n}  # end\n"),
    "blank lines": (
        "\n\n# top\n\n\nrole R \"r\"\n# about T\nrole T \"t\"\nprocess P {\n\n\n code C\n\n\n"
        " unit U\n ;\n alias \"a\"\n\n}\n\n\n",
        '# top\n\nrole R "r"\n\n# about T\nrole T "t"\n\nprocess P {\n    code C\n\n'
        '    unit U\n    alias "a"\n}\n'),
    "strings as written": (
        'role R "a\\"b\\\\c\\n\\t  ◊  "\ntool T """  x  \n\ty  """',
        'role R "a\\"b\\\\c\\n\\t  ◊  "\n\ntool T """  x  \n\ty  """\n'),
}


@pytest.mark.parametrize("rule", sorted(RULES))
def test_layout_rule(rule: str) -> None:
    source, expected = RULES[rule]
    assert parse(source, "m.usm").findings == []
    assert format_text(source) == expected
    assert format_text(expected) == expected
    assert model_of(expected) == model_of(source)


# ---- line ends, BOM, empty files -------------------------------------------------
def test_crlf_is_kept_throughout() -> None:
    text = 'role R "r"\r\nprocess P {\n  output """a\nb"""\r\n}'
    assert format_text(text) == ('role R "r"\r\n\r\nprocess P {\r\n    output """a\r\nb"""'
                                 '\r\n}\r\n')
    assert model_of(format_text(text)) == model_of(text)


def test_the_first_line_decides_the_line_end() -> None:
    assert format_text('role R "r"\nrole T "t"\r\n') == 'role R "r"\n\nrole T "t"\n'
    assert format_text('\r\nrole R "r"\n') == 'role R "r"\r\n'
    assert format_text('role R "r"') == 'role R "r"\n'  # one line: LF


def test_bom_is_kept() -> None:
    text = '\ufeffrole R "r"\r\nrole T "t"\r\n'
    assert format_text(text) == '\ufeffrole R "r"\r\n\r\nrole T "t"\r\n'
    assert format_text("\ufeff\n") == "\ufeff"


@pytest.mark.parametrize("text", ["", "\n\n", " \t\r\n  \r\n", ";\n;"])
def test_empty_file_formats_to_nothing(text: str) -> None:
    assert format_text(text) == ""


# ---- errors --------------------------------------------------------------------
def test_syntax_errors_refuse() -> None:
    first = r"^1 syntax error, the first at line 2, column 9: expected a name after `process`"
    with pytest.raises(FormatError, match=first):
        format_text("role R \"r\"\nprocess {\n")
    with pytest.raises(FormatError) as error:
        format_text('role R "a\\x"\nrole T "unterminated\n')
    assert str(error.value).startswith("2 syntax errors") and "\n" not in str(error.value)


def test_other_errors_still_format() -> None:
    # A repeated single statement (E003) is the linter's business, not a syntax error.
    assert format_text("process P { code A; code B }") == (
        "process P {\n    code A\n    code B\n}\n")


def test_comment_on_the_unterminated_last_line() -> None:
    assert format_text('role R "r"\n# end') == 'role R "r"\n\n# end\n'


def test_semicolon_in_a_comment_on_the_unterminated_last_line() -> None:
    assert format_text('role R "r"  # a; b') == 'role R "r"  # a; b\n'


# ---- properties over generated sources --------------------------------------------
@PROPERTIES
@given(usm_sources())
def test_generated_sources_are_valid(source: str) -> None:
    assert parse(source, "g.usm").findings == []


@PROPERTIES
@given(usm_sources())
def test_format_is_idempotent(source: str) -> None:
    once = format_text(source)
    assert format_text(once) == once


@PROPERTIES
@given(usm_sources())
def test_format_keeps_the_model(source: str) -> None:
    assert model_of(format_text(source)) == model_of(source)


@PROPERTIES
@given(usm_sources())
def test_format_keeps_every_comment(source: str) -> None:
    formatted = format_text(source)
    for comment in parse(source, "g.usm").file.comments:
        assert comment.text.rstrip() in formatted


@PROPERTIES
@given(usm_sources())
def test_output_layout(source: str) -> None:
    """One line end throughout and at the end; no trailing blanks, tabs or
    blank-line runs; indentation in steps of 4 (outside triple-quoted strings)."""
    formatted = format_text(source)
    if not formatted:
        return
    newline = "\r\n" if re.match(r"[^\n]*\r\n", source) else "\n"
    assert formatted.endswith(newline) and not formatted.endswith(newline * 2)
    flat = _without_long_strings(formatted)
    lines = flat[: -len(newline)].split(newline)
    assert "\n" not in "".join(lines) and "\r" not in "".join(lines)
    for index, line in enumerate(lines):
        assert line == line.rstrip(), line
        indent = len(line) - len(line.lstrip(" "))
        assert indent % 4 == 0 and not line[indent:].startswith("\t"), line
        if not line:
            assert lines[index - 1] and lines[index + 1], "a blank-line run"
            assert not lines[index - 1].endswith("{") or "#" in lines[index - 1]
            assert not lines[index + 1].lstrip().startswith("}")


def _without_long_strings(text: str) -> str:
    """`text` with each triple-quoted string (kept as written) replaced by `""`."""
    out, end = [], 0
    for token in parse(text, "f.usm").tokens:
        if token.type == "LONG_STRING":
            out += [text[end:token.start_pos], '""']
            end = token.end_pos or 0
    return "".join(out) + text[end:]


# ---- the command ---------------------------------------------------------------
def test_format_command_writes_checks_and_diffs(tmp_path: Path,
                                                cli: Callable[..., Run]) -> None:
    write(tmp_path, {"a.usm": "role   R \"r\"\n", "b.usm": "process {\n"})
    check = cli("format", "--check", cwd=tmp_path)
    assert check.code == 1 and "would reformat a.usm" in check.out
    assert check.out.splitlines()[-1] == "1 file would be reformatted, 1 file not formatted"
    assert "b.usm: not formatted" in check.err  # with why
    broken = cli("format", "b.usm", cwd=tmp_path)
    assert broken.code == 1 and broken.out.splitlines()[-1] == "1 file not formatted"
    missing = cli("format", "nowhere.usm", "b.usm", cwd=tmp_path)  # a path not there counts
    assert missing.code == 1 and missing.out.splitlines()[-1] == "2 files not formatted"
    diff = cli("format", "--diff", "a.usm", cwd=tmp_path)
    assert "-role   R" in diff.out and "+role R" in diff.out
    assert diff.err.strip() == "1 file would be reformatted"  # stdout is only the patch
    assert (tmp_path / "a.usm").read_text() == "role   R \"r\"\n"
    done = cli("format", "a.usm", cwd=tmp_path)
    assert done.code == 0 and (tmp_path / "a.usm").read_text() == 'role R "r"\n'
    assert done.out.splitlines()[-1] == "1 file reformatted"
    again = cli("format", "--check", "a.usm", cwd=tmp_path)
    assert again.code == 0 and again.out == "1 file already formatted\n"
    assert (tmp_path / "b.usm").read_text() == "process {\n"
