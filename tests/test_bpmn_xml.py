"""Malformed and hostile XML in `.bpmn` files: a clean E001 (or E005), never a traceback."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.bpmn_helpers import SAMPLES, definitions
from tests.conftest import Run, write
from usm_lint.bpmn.importer import import_bpmn
from usm_lint.bpmn.reader import MAX_DEPTH
from usm_lint.findings import Finding


def problems(text: str) -> list[Finding]:
    file, findings = import_bpmn(text, "model.bpmn")
    if findings:
        assert file.processes == ()  # reading stops: nothing half-read joins the model
    return findings


def one_error(text: str) -> Finding:
    (finding,) = problems(text)
    assert finding.code == "E001"
    return finding


# ---- malformed ------------------------------------------------------------------------------


def test_a_mismatched_tag_is_e001_at_the_end_tag() -> None:
    text = definitions('  <bpmn:process id="p">\n    <bpmn:task id="t">\n  </bpmn:process>\n')
    finding = one_error(text)
    assert (finding.span.line, finding.span.column) == (5, 5)
    assert "end tag does not match" in finding.message


def test_an_unfinished_file_is_e001_at_its_end() -> None:
    finding = one_error('<?xml version="1.0"?>\n<definitions xmlns="x">\n  <process')
    assert finding.span.line == 3
    assert "well-formed" in finding.message


def test_an_empty_file_and_plain_text_are_e001() -> None:
    assert "ends before" in one_error("").message
    usm = 'process Recover {\n    activity register "Register the call"\n}\n'
    assert one_error(usm).span.line == 1


def test_xml_that_is_not_bpmn_says_what_it_found() -> None:
    finding = one_error('<?xml version="1.0"?>\n<html><body/></html>\n')
    assert "not a BPMN 2.0 model" in finding.message and "`html`" in finding.message
    assert finding.span.line == 2
    other = one_error('<definitions xmlns="http://www.omg.org/bpmn20"/>')
    assert "namespace http://www.omg.org/bpmn20" in other.message


def test_an_unbound_prefix_is_e001() -> None:
    assert "namespace prefix" in one_error(definitions("  <x:process id='p'/>\n")).message


# ---- hostile ------------------------------------------------------------------------------

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL">
  <process id="p" name="&lol9;"><task id="t" name="&lol9;"/></process>
</definitions>
"""


def test_billion_laughs_is_refused_at_the_doctype_at_once() -> None:
    started = time.perf_counter()
    finding = one_error(BILLION_LAUGHS)
    assert time.perf_counter() - started < 1
    assert (finding.span.line, finding.span.column) == (2, 1)
    assert "DOCTYPE" in finding.message


def test_an_external_entity_is_refused_and_the_file_never_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("the password is swordfish", "utf-8")
    text = (f'<?xml version="1.0"?>\n<!DOCTYPE d [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>\n'
            '<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL">\n'
            '  <process id="p" name="&xxe;"/>\n</definitions>\n')
    finding = one_error(text)
    assert "swordfish" not in finding.message
    assert "DOCTYPE" in finding.message


def test_an_external_dtd_is_refused_without_fetching_it() -> None:
    text = ('<?xml version="1.0"?>\n<!DOCTYPE definitions SYSTEM "http://127.0.0.1:9/x.dtd">\n'
            '<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"/>\n')
    started = time.perf_counter()
    assert "DOCTYPE" in one_error(text).message
    assert time.perf_counter() - started < 1


def test_deep_nesting_is_refused_not_recursed_into() -> None:
    depth = 50_000
    text = definitions("<bpmn:process id='p'>" + "<bpmn:subProcess>" * depth
                       + "</bpmn:subProcess>" * depth + "</bpmn:process>\n")
    assert f"more than {MAX_DEPTH} deep" in one_error(text).message


def test_sub_processes_nested_just_below_the_limit_are_read() -> None:
    depth = MAX_DEPTH - 5
    text = definitions("<bpmn:process id='p'>" + "<bpmn:subProcess name='Do it'>" * depth
                       + "</bpmn:subProcess>" * depth + "</bpmn:process>\n")
    file, findings = import_bpmn(text, "deep.bpmn")
    assert findings == [] and len(file.processes[0].activities) == depth


def test_hostile_files_through_the_cli_are_clean_findings(
        tmp_path: Path, cli: Callable[..., Run]) -> None:
    write(tmp_path, {"usm-lint.toml": "bpmn = true\n", "laughs.bpmn": BILLION_LAUGHS,
                     "latin1.bpmn": "<?xml version='1.0' encoding='ISO-8859-1'?>\n"
                                    "<definitions name='Caf\xe9'/>".encode("latin-1"),
                     "utf16.bpmn": "\ufeff<definitions/>".encode("utf-16-le"),
                     "broken.bpmn": definitions("<bpmn:process id='p'>\n")})
    run = cli("check", ".", "--format", "json", "--no-cache", cwd=tmp_path)
    assert run.code == 1
    assert "Traceback" not in run.err and "internal error" not in run.err
    # ISO-8859-1 and UTF-16 are XML's too: read, and judged as XML (issue #19).
    assert sorted((f["file"], f["code"]) for f in run.json()) == [
        ("broken.bpmn", "E001"), ("latin1.bpmn", "E001"), ("laughs.bpmn", "E001"),
        ("utf16.bpmn", "E001")]
    assert all("the root element is `definitions` in no namespace" in f["message"]
               for f in run.json() if f["file"] in ("latin1.bpmn", "utf16.bpmn"))


# ---- anything at all ------------------------------------------------------------------------

SAMPLE = (SAMPLES / "C.1.0.bpmn").read_text("utf-8")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(0, len(SAMPLE)), st.integers(0, 40),
                          st.sampled_from(["", "<", ">", "/", '"', "&", "<!--", "]]>", "\n",
                                           "<bpmn:task name='x'>", "</process>", "é", "\x00"])),
                min_size=1, max_size=5))
def test_a_damaged_sample_never_raises(edits: list[tuple[int, int, str]]) -> None:
    text = SAMPLE
    for at, cut, insert in edits:
        text = text[:at] + insert + text[at + cut:]
    file, findings = import_bpmn(text, "damaged.bpmn")
    assert all(f.code == "E001" for f in findings)
    lines = text.count("\n") + 1
    spans = [f.span for f in findings] + [a.text.span for p in file.processes
                                          for a in p.activities]
    for span in spans:
        assert 1 <= span.line <= span.end_line <= lines and span.column >= 1
