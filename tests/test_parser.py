"""The grammar, the model it builds, and syntax errors with recovery."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path

import pytest

from tests.conftest import Run, codes_of, lint_text
from usm_lint.parsing.parser import parse

SPEC = Path(__file__).parents[1] / "examples"
FULL = '''\
# a comment
model Acme {
    title "Acme"
    processes Agree, Recover,
        Operate
    flow Recover -> Operate, Agree
    executes Operate
}

process Recover {
    code INC
    alias "Incident Management"
    purpose ◊ "Restore the agreed service for the customer"
    trigger "a disruption"
    output """a restored
service"""
    unit incident
    activity register "Register the \\"disruption\\""   # trailing
    activity report "Report the outcome"
    subprocess Intake { activities register; purpose "x" }
    control {
        measure "share recovered"
        norm "as agreed"
        report "monthly"
        plan "yearly"
    }
}

workflow IncidentFlow {
    template incident
    kind reactive
    trigger "a call"
    step Recover.register; step Recover.report
}

role Agent "Service desk agent"
tool Snow "ServiceNow"

practice IncidentManagement {
    framework ITIL4 "Incident management"
    framework FitSM "Incident and service request management"
    realised-by Recover, Operate
    role Agent
    tool Snow
    condition "24/7"
    map "Log the incident" -> Recover.register
}
'''


def messages(text: str) -> list[tuple[int, int, str]]:
    return [(f.span.line, f.span.column, f.message) for f in parse(text, "t.usm").findings]


def test_every_statement_kind_builds_the_model() -> None:
    result = parse(FULL, "t.usm")
    assert result.findings == []
    file = result.file
    (model,) = file.models
    assert [n.value for n in model.processes] == ["Agree", "Recover", "Operate"]
    assert [t.value for t in model.flows[0].targets] == ["Operate", "Agree"]
    assert model.executes is not None and model.executes.value == "Operate"
    (process,) = file.processes
    assert process.code is not None and process.code.value == "INC"
    assert process.purpose is not None and process.purpose.marked
    assert process.output is not None and process.output.value == "a restored\nservice"
    assert [a.name.value for a in process.activities] == ["register", "report"]
    assert process.activities[0].text.value == 'Register the "disruption"'
    (sub,) = process.subprocesses
    assert [n.value for n in sub.activities] == ["register"]
    assert sub.purpose is not None and sub.purpose.value == "x"
    assert process.control is not None
    assert [t.value for t in process.control.reports] == ["monthly"]
    (workflow,) = file.workflows
    assert [s.ref.activity.value for s in workflow.steps] == ["register", "report"]
    assert workflow.kind is not None and workflow.kind.value == "reactive"
    (practice,) = file.practices
    assert len(practice.frameworks) == 2
    assert practice.maps[0].target.process.value == "Recover"
    assert [r.name.value for r in file.roles] == ["Agent"]
    assert [c.text for c in file.comments] == ["# a comment", "# trailing"]
    assert file.comments[0].own_line and not file.comments[1].own_line


def test_spans_are_one_based_code_points_with_exclusive_end() -> None:
    result = parse('process Recover {\n    activity a ◊ "Réparer"\n}\n', "t.usm")
    process = result.file.processes[0]
    assert asdict(process.name.span) == {
        "file": "t.usm", "line": 1, "column": 9, "end_line": 1, "end_column": 16}
    text = process.activities[0].text
    assert (text.span.line, text.span.column, text.span.end_column) == (2, 18, 27)
    assert process.span.end_line == 3 and process.span.end_column == 2


def test_keywords_are_names_where_a_name_is_expected() -> None:
    result = parse('process report {\n    activity plan "Plan the work"\n'
                   '    activity activity "Act"\n}\n', "t.usm")
    assert result.findings == []
    assert [a.name.value for a in result.file.processes[0].activities] == ["plan", "activity"]


def test_one_line_blocks_semicolons_crlf_and_allman_braces() -> None:
    text = 'process A\r\n{ code X; unit u }\r\nrole R "r"'
    result = parse(text, "t.usm")
    assert result.findings == []
    assert result.file.processes[0].unit is not None


@pytest.mark.parametrize(("text", "expected"), [
    ('process Recover\n    code INC\n}\n',
     [(1, 16, "expected `{` after the process name `Recover`, found `code`")],),
    ('practice I\nprocess X {\n    activity a "Register it"\n}\n',
     [(1, 11, "expected `{` after the practice name `I`, found the next declaration")]),
    ('process A {\n    purpose "Restore the\n}\n',
     [(2, 13, "unterminated string: a quoted text must close with `\"` on the same line "
              "(use `\"\"\"` for text over several lines)")]),
    ('process A {\n    purpose """open\n', [(2, 13, 'unterminated triple-quoted text: it '
                                                 'needs a closing `"""`')]),
    ('process A {\n    purpose "a\\qb"\n}\n',
     [(2, 15, "invalid escape `\\q` in a quoted text: only `\\\"`, `\\\\`, `\\n` and `\\t` "
              "are allowed")]),
    ('process A {\n    code X\n', [(3, 1, "unexpected end of the file: process `A` (line 1) "
                                         "needs its closing `}`")]),
    ('process A {\n    code X\nprocess B {\n}\n',
     [(3, 1, "process `A` (line 1) is not closed: a `}` is missing before this process "
             "declaration")]),
    ('process A {\n    colour red\n}\n',
     [(2, 5, "`colour` cannot start a statement in process `A`; expected one of activity, alias, "
             "code, control, output, purpose, subprocess, trigger, unit, or `}`")]),
    ('process A {\n    "oops"\n}\n',  # not "unknown statement the text" (issue #19)
     [(2, 5, 'the text "oops" cannot start a statement in process `A`; expected one of '
             "activity, alias, code, control, output, purpose, subprocess, trigger, unit, "
             "or `}`")]),
    ('process A {\n    measure "m"\n}\n',
     [(2, 5, "`measure` cannot stand in process `A`: it belongs in a `control` block")]),
    ('activity a "x"\n', [(1, 1, "`activity` cannot stand at the top level: it belongs in a "
                                  "`process` block")]),
    ('}\nrole R "r"\n', [(1, 1, "unmatched `}`: there is no open block to close")]),
    ('process A {\n    code INC extra\n}\n',
     [(2, 14, "unexpected `extra` after `INC`: a statement ends at the end of the line or "
              "at `;`")]),
    ('process A {\n    purpose oops\n}\n',
     [(2, 13, "expected a quoted text after `purpose`, found `oops`")]),
    ('process A $ {\n}\n', [(1, 11, "unexpected character `$`")]),
    ('workflow W {\n    kind sometimes\n}\n',
     [(2, 10, "expected `reactive` or `proactive` after `kind`, found `sometimes`")]),
    ('model M {\n    flow A -> \n}\n',
     [(2, 15, "expected a name after `->`, found the end of the line")]),
])
def test_syntax_errors_are_plain_words_at_exact_positions(
        text: str, expected: list[tuple[int, int, str]]) -> None:
    assert messages(text) == expected


@pytest.mark.parametrize(("text", "processes", "roles"), [
    ("process A {\n}\nrole", ["A"], []),
    ("process A {\n}\nrole R", ["A"], []),
    ('role R "r"\nprocess X', [], ["R"]),
    ('process A {\n}\nrole R "r"\nprocess', ["A"], ["R"]),
])
def test_an_unfinished_last_declaration_keeps_the_declarations_before_it(
        text: str, processes: list[str], roles: list[str]) -> None:
    """What is typed at the end of a file is one error; the rest of the file
    stays checked (in the editor, all its findings would vanish otherwise)."""
    result = parse(text, "m.usm")
    assert [p.name.value for p in result.file.processes] == processes
    assert [r.name.value for r in result.file.roles] == roles
    assert len(result.findings) == 1
    assert result.findings[0].message.startswith("unexpected end of the file")


def test_messages_never_leak_lark_internals() -> None:
    for text in ('process {', 'model M { processes , }', 'step', '"', 'process A { map }'):
        for _line, _col, message in messages(text):
            assert not re.search(r"Token\(|\$END|_SEP|LBRACE|UnexpectedToken", message)


def test_three_independent_typos_give_three_errors_and_keep_the_rest() -> None:
    text = ('process Recover {\n'
            '    code INC extra\n'          # typo 1
            '    activity register "Register the disruption"\n'
            '    purpose Restore\n'         # typo 2
            '}\n'
            'process Operate\n'             # typo 3: no {
            '    activity execute "Execute the work"\n'
            '}\n'
            'role Agent "Agent"\n')
    result = parse(text, "t.usm")
    assert [f.code for f in result.findings] == ["E001"] * 3
    assert [f.span.line for f in result.findings] == [2, 4, 6]
    process = result.file.processes[0]
    assert [a.name.value for a in process.activities] == ["register"]
    assert [r.name.value for r in result.file.roles] == ["Agent"]


def test_a_missing_brace_does_not_cascade_over_the_block() -> None:
    text = 'process A {\n    control\n    activity x "y"\n}\nprocess B {\n}\n'
    result = parse(text, "t.usm")
    assert len(result.findings) == 1
    assert [p.name.value for p in result.file.processes] == ["A", "B"]


def test_a_stray_brace_ends_the_statement_before_it() -> None:
    """After `workflow }` (a header whose block is a stray `}`), the next
    error's statement starts after that `}`: recovery no longer reaches back
    to the file's first `workflow` and skips the rest as its block."""
    text = "workflow}\nworkflow}tool\nprocess\tN {\n}\nrole R \"r\"\n"
    result = parse(text, "t.usm")
    assert [f.span.line for f in result.findings] == [1, 2, 2]
    assert [p.name.value for p in result.file.processes] == ["N"]
    assert [r.name.value for r in result.file.roles] == ["R"]


def test_repeated_single_statement_is_e003_pointing_at_the_first() -> None:
    result = parse('process A {\n    code X\n    code Y\n}\n', "t.usm")
    (finding,) = result.findings
    assert finding.code == "E003" and finding.span.line == 3
    assert finding.related[0].span.line == 2
    assert result.file.processes[0].code is not None
    assert result.file.processes[0].code.value == "X"


def test_empty_and_comment_only_files_are_fine() -> None:
    assert parse("", "t.usm").findings == []
    assert parse("# only a comment", "t.usm").findings == []
    assert parse("\n\n;\n", "t.usm").findings == []


def test_the_spec_example_parses_cleanly() -> None:
    spec = (Path(__file__).parents[2] / "shared" / "spec" / "LANGUAGE.md")
    if not spec.exists():
        pytest.skip("the shared spec is not beside this checkout")
    block = re.search(r"```usm\n(.*?)```", spec.read_text("utf-8"), re.S)
    assert block is not None
    assert parse(block.group(1), "spec.usm").findings == []


def test_parses_in_several_threads_at_once_equal_parses_one_by_one() -> None:
    # Each parse has its own builder and parser state (only Lark's tables are
    # shared), so the server may parse off its main thread.
    from concurrent.futures import ThreadPoolExecutor

    texts = [FULL.replace("Recover", f"Recover{i}") + "junk {\n" * (i % 3) for i in range(24)]
    alone = [parse(text, f"m{i}.usm") for i, text in enumerate(texts)]
    with ThreadPoolExecutor(8) as pool:
        together = list(pool.map(parse, texts, [f"m{i}.usm" for i in range(24)]))
    for one, other in zip(alone, together, strict=True):
        assert other.file == one.file and other.findings == one.findings


def test_nodes_share_their_fields_set_and_a_copy_does_not_change_the_others() -> None:
    # Node.make shares one set of given fields per combination (half a node's
    # memory); pydantic's model_copy copies it before it adds to it.
    from usm_lint.model import Name, Span

    span = Span(file="a.usm", line=1, column=1, end_line=1, end_column=2)
    one = Name.make(value="a", span=span)
    other = Name.make(value="b", span=span)
    assert one.__pydantic_fields_set__ is other.__pydantic_fields_set__
    moved = one.model_copy(update={"value": "c"})
    assert (moved.value, one.value, other.value) == ("c", "a", "b")
    assert one.model_fields_set == other.model_fields_set == {"value", "span"}


def test_a_span_has_slots_and_round_trips_through_json_as_an_object() -> None:
    # Spans are most of the model's objects: slots, no field dict (issue #19).
    from usm_lint.model import Name, Span

    span = Span(file="a.usm", line=1, column=2, end_line=1, end_column=3)
    assert not hasattr(span, "__dict__")
    name = Name.make(value="a", span=span)
    dumped = name.model_dump(mode="json")
    assert dumped == {"value": "a", "span": {"file": "a.usm", "line": 1, "column": 2,
                                             "end_line": 1, "end_column": 3}}
    assert Name.model_validate_json(name.model_dump_json()) == name


@pytest.mark.parametrize("header", ["process X", "practice P", "role R"])
def test_a_header_without_its_block_does_not_swallow_the_next_declaration(header: str) -> None:
    # Issue #19, point 11: the next declaration's findings vanished with it.
    text = f'{header}\nprocess Recover {{\n    activity a "Register the call"\n}}\n'
    result = parse(text, "m.usm")
    assert [f.code for f in result.findings] == ["E001"]
    kept = [p for p in result.file.processes if p.name.value == "Recover"]
    assert len(kept) == 1 and not kept[0].broken
    # the header still declares its name, broken (a reference to it is no E002)
    declared = [d for field in ("processes", "practices")
                for d in getattr(result.file, field) if d.name.value in ("X", "P")]
    assert [(d.name.value, d.broken) for d in declared] == (
        [] if header == "role R" else [(header[-1], True)])


def test_a_block_without_its_brace_still_declares_its_name(tmp_path: Path,
                                                           cli: Callable[..., Run]) -> None:
    """`process Operate` and its body with no `{`: the body is skipped, but
    the workflow's step and the model's flow name a process that is there."""
    text = _WHOLE.replace("process Operate {", "process Operate", 1)
    assert codes_of(lint_text(cli, tmp_path, text, "--select", "E,C07,W")) == ["E001"]


_WHOLE = ('model Acme {\n    processes Recover, Operate\n    flow Recover -> Operate\n}\n\n'
          'process Operate {\n    purpose "Deliver the service to the customer"\n'
          '    unit delivery\n    trigger "a request"\n    output "a delivered service"\n'
          '    activity deliver "Deliver the service"\n'
          '    control {\n        measure "share delivered in time"\n    }\n}\n\n'
          'process Recover {\n    purpose "Restore the service for the customer"\n'
          '    unit incident\n    trigger "a disruption"\n    output "a restored service"\n'
          '    activity register "Register the incident"\n'
          '    control {\n        measure "share of incidents recovered in time"\n    }\n}\n\n'
          'workflow Fix {\n    template incident\n    kind reactive\n'
          '    step Recover.register\n    step Operate.deliver\n}\n\n'
          'practice IncidentManagement {\n    realised-by Recover\n'
          '    map "Log the incident" -> Recover.register\n}\n')


@pytest.mark.parametrize(("line", "code"), [
    ('    purpose "Restore the service for the customer"', "C0501"),
    ("    unit incident", "C0301"),
    ('    trigger "a disruption"', "C0303"),
    ('    activity register "Register the incident"', "C0103"),
    ('        measure "share of incidents recovered in time"', "C1002"),
    ("    flow Recover -> Operate", "C0703"),
    ("    flow Recover -> Operate", "W005"),
    ("    processes Recover, Operate", "C0702"),
    ("    step Recover.register", "W003"),
    ("    realised-by Recover", "C0803"),
    ("    step Operate.deliver", "C0802"),
])
def test_a_statement_that_broke_is_unread_not_missing(tmp_path: Path,
                                                      cli: Callable[..., Run],
                                                      line: str, code: str) -> None:
    """The statement a syntax error skipped is not reported missing (E001 says
    what is wrong); removed outright, it is."""
    assert line in _WHOLE
    broken = lint_text(cli, tmp_path, _WHOLE.replace(line, line + " @@", 1))
    assert "E001" in codes_of(broken) and code not in codes_of(broken)
    removed = lint_text(cli, tmp_path, _WHOLE.replace(line + "\n", "", 1))
    assert code in codes_of(removed)


def test_a_reference_into_a_broken_process_is_not_unknown(tmp_path: Path,
                                                           cli: Callable[..., Run]) -> None:
    line = '    activity register "Register the incident"'
    broken = lint_text(cli, tmp_path, _WHOLE.replace(line, line + " @@", 1), "--select", "E")
    assert codes_of(broken) == ["E001"]
    removed = lint_text(cli, tmp_path, _WHOLE.replace(line + "\n", "", 1), "--select", "E")
    assert codes_of(removed) == ["E002", "E002"]  # the step and the practice map


def test_a_block_with_a_syntax_error_is_marked_broken_and_only_it() -> None:
    text = 'process Recover {\n    unit incident @@\n}\n\nprocess Operate {\n    unit order\n}\n'
    result = parse(text, "m.usm")
    assert [p.broken for p in result.file.processes] == [True, False]
    assert not parse(text.replace(" @@", ""), "m.usm").file.processes[0].broken
    # a block left open is broken; the declaration after it, where the error
    # is placed, is not
    unclosed = 'process A {\n    unit u\n\nprocess B {\n    unit v\n}\n'
    assert [p.broken for p in parse(unclosed, "m.usm").file.processes] == [True, False]
