"""`usm-lint convert FILE.bpmn`: USM text that re-parses to the same processes."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from xml.sax.saxutils import quoteattr

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.bpmn_helpers import SAMPLES, definitions
from tests.conftest import Run, write
from usm_lint.bpmn.convert import convert
from usm_lint.bpmn.importer import import_bpmn
from usm_lint.formatter import format_text
from usm_lint.model import File
from usm_lint.parsing.parser import parse


def converted(text: str, name: str = "model.bpmn") -> tuple[File, str]:
    file, problems = import_bpmn(text, name)
    assert problems == []
    return file, convert(file, name).text


def reparsed(usm: str) -> File:
    result = parse(usm, "converted.usm")
    assert result.findings == []
    return result.file


def same_processes(bpmn: File, usm: File) -> None:
    assert len(usm.processes) == len(bpmn.processes)
    for original, written in zip(bpmn.processes, usm.processes, strict=True):
        assert [(a.name.value, a.text.value) for a in written.activities] == [
            (a.name.value, a.text.value) for a in original.activities]
        assert written.alias is None or written.alias.value == original.name.value


@pytest.mark.parametrize("path", sorted(SAMPLES.glob("*.bpmn")), ids=lambda p: p.name)
def test_every_sample_converts_to_usm_that_parses_to_its_processes(path: Path) -> None:
    bpmn, usm = converted(path.read_text("utf-8"), path.name)
    same_processes(bpmn, reparsed(usm))
    assert format_text(usm) == usm  # already in canonical layout


def test_what_usm_leaves_out_is_a_comment_at_its_place() -> None:
    _, usm = converted((SAMPLES / "C.1.0.bpmn").read_text("utf-8"))
    lines = usm.splitlines()
    approve = lines.index('    activity approve_invoice "Approve Invoice"')
    assert lines[approve - 4:approve] == [
        '    # who: lane "Approver"',
        '    # who: potential owner "Approver"',
        '    # who: assignee "${approver}"',
        '    # how: form "app:approveInvoice.jsf"',
    ]
    # A lane of several activities, and a timer of no activity, open their process.
    assert '    # who: lane "Accountant" (prepare_bank_transfer, archive_invoice)' in lines
    team = lines.index("process Team-Assistant {")
    assert lines[team + 1] == '    # condition: timer "7 days"'
    engine = lines.index("process BpmnMiwgTestCaseC10 {")
    assert lines[engine + 1] == '    alias "BPMN MIWG Test Case C.1.0"'


def test_a_process_named_by_its_id_gets_no_alias() -> None:
    _, usm = converted(definitions('  <bpmn:process id="WFP-6-1">\n'
                                   '    <bpmn:task id="t" name="Do the work"/>\n'
                                   '  </bpmn:process>\n'))
    assert "process WFP-6-1 {\n    activity do_the_work \"Do the work\"\n}\n" in usm
    assert "alias" not in usm


def test_the_converted_text_reads_as_the_bpmn_did(
        tmp_path: Path, cli: Callable[..., Run]) -> None:
    """The word rules judge the names alike, in BPMN and in the converted text."""
    write(tmp_path, {"usm-lint.toml": ""})
    (tmp_path / "c.bpmn").write_text((SAMPLES / "C.2.0.bpmn").read_text("utf-8"), "utf-8")
    run = cli("convert", "c.bpmn", "--output", "c.usm", cwd=tmp_path)
    assert run.code == 0 and run.out == ""

    def judged(name: str) -> list[tuple[str, str]]:
        found = cli("check", name, "--select", "C0201,C0203,C0902", "--format", "json",
                    "--no-cache", cwd=tmp_path).json()
        return sorted((f["code"], re.sub(r"`[^`]*`", "``", f["message"])) for f in found)

    assert judged("c.usm") == judged("c.bpmn") != []


def test_convert_prints_the_text_and_a_summary(
        tmp_path: Path, cli: Callable[..., Run]) -> None:
    (tmp_path / "c.bpmn").write_text((SAMPLES / "C.3.0.bpmn").read_text("utf-8"), "utf-8")
    run = cli("convert", "c.bpmn", cwd=tmp_path)
    assert run.code == 0
    assert run.out.startswith("# Converted from c.bpmn by `usm-lint convert`")
    assert "process FridgeRepairProcess {" in run.out
    assert run.err.splitlines() == [
        "usm-lint: converted 1 process(es) with 5 activities from c.bpmn; written as "
        "comments (they belong in practices): who: potential owner (1); condition: boundary "
        "timer (1); events, gateways, flows and pools drawn closed (external parties) have "
        "no USM statement"]


def test_convert_of_a_broken_or_missing_file_says_why_and_prints_nothing(
        tmp_path: Path, cli: Callable[..., Run]) -> None:
    write(tmp_path, {"broken.bpmn": definitions("  <bpmn:process id='p'>\n")})
    run = cli("convert", "broken.bpmn", cwd=tmp_path)
    assert (run.code, run.out) == (1, "")
    assert run.err.startswith("usm-lint: broken.bpmn:4:3: E001 the file is not well-formed")
    missing = cli("convert", "nowhere.bpmn", cwd=tmp_path)
    assert (missing.code, missing.out) == (1, "")
    assert "E004" in missing.err


NAMES = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=30)


@settings(max_examples=80, deadline=None)
@given(process=NAMES, tasks=st.lists(NAMES, max_size=6), owner=NAMES)
def test_any_names_convert_to_text_that_parses_to_them(
        process: str, tasks: list[str], owner: str) -> None:
    body = f"  <bpmn:process id='p' name={quoteattr(process)}>\n"
    for number, task in enumerate(tasks):
        body += (f"    <bpmn:userTask id='t{number}' name={quoteattr(task)}>"
                 f"<bpmn:potentialOwner name={quoteattr(owner)}/></bpmn:userTask>\n")
    body += "  </bpmn:process>\n"
    bpmn, usm = converted(definitions(body))
    written = reparsed(usm)
    same_processes(bpmn, written)
    assert len(written.comments) == 4 + len(tasks)  # the header, one owner per task
