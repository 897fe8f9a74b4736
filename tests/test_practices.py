"""Criterion 8 (C0801-C0803) and the framework rules (F001, F002), catalogues.

Run through the real pipeline with the core rule pack plus these rules, so
the tests hold before and after they are registered in `RULES`.
"""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest

from tests.conftest import lint_with
from usm_lint.discovery import Discoverer
from usm_lint.engine.runner import check_workspace
from usm_lint.findings import Finding, Severity
from usm_lint.loader import load_workspace
from usm_lint.registry import RULES
from usm_lint.rule import Rule
from usm_lint.rules import c08_practices, f_frameworks
from usm_lint.rules.helpers import catalogues


def rules_of(module: ModuleType) -> list[Rule]:
    return [value for value in vars(module).values() if isinstance(value, Rule)]


MINE = [*rules_of(c08_practices), *rules_of(f_frameworks)]
ALL = (*RULES, *(r for r in MINE if r.code not in {c.code for c in RULES}))


def lint(root: Path, files: dict[str, str], config: str = "") -> list[Finding]:
    return lint_with(root, files, ALL, config)


def only(findings: list[Finding], *prefixes: str) -> list[Finding]:
    return [f for f in findings if f.code.startswith(prefixes or ("C08", "F"))]


def where(findings: list[Finding], *prefixes: str) -> list[tuple[str, int, int]]:
    return [(f.code, f.span.line, f.span.column) for f in only(findings, *prefixes)]


def codes(findings: list[Finding], *prefixes: str) -> list[str]:
    return [f.code for f in only(findings, *prefixes)]


MODEL = "model Acme {\n    processes Recover, Operate\n    flow Recover -> Operate\n}\n"
PROCESSES = """\
process Recover {
    activity register "Register the disruption"
    activity decide "Decide the recovery action"
}

process Operate {
    activity restore "Restore the service"
}

process Legacy {
    activity log "Log the call"
}
"""
WORKFLOW = ("workflow Incident {\n    template incident\n    kind reactive\n"
            "    step Recover.register\n    step Recover.decide\n    step Operate.restore\n}\n")


def practice(*lines: str, name: str = "IncidentManagement") -> str:
    return f"practice {name} {{\n" + "".join(f"    {line}\n" for line in lines) + "}\n"


# ---- the documented examples ------------------------------------------------------

@pytest.mark.parametrize("rule", MINE, ids=lambda r: r.code)
def test_examples(rule: Rule, tmp_path: Path) -> None:
    assert rule.summary and rule.rationale and rule.failing and rule.passing
    assert rule.code in codes(lint(tmp_path / "failing", {"example.usm": rule.failing}))
    assert rule.code not in codes(lint(tmp_path / "passing", {"example.usm": rule.passing}))


def test_codes_names_and_severities_are_as_specified() -> None:
    assert {r.code: (r.name, r.severity) for r in MINE} == {
        "C0801": ("practice-map-outside-model", Severity.ERROR),
        "C0802": ("unused-activity", Severity.INFO),
        "C0803": ("practice-not-realised", Severity.ERROR),
        "F001": ("unknown-framework-practice", Severity.WARNING),
        "F002": ("practice-role-or-tool-unknown", Severity.ERROR),
    }


# ---- C0801 --------------------------------------------------------------------------

def test_c0801_at_the_map_statement(tmp_path: Path) -> None:
    text = practice("realised-by Recover", 'map "Log the call" -> Legacy.log')
    found = lint(tmp_path, {"m.usm": MODEL + PROCESSES, "w.usm": WORKFLOW, "p.usm": text})
    assert where(found) == [("C0801", 3, 5)]
    assert "process `Legacy` is not in model `Acme`" in only(found)[0].message


def test_c0801_not_for_unknown_names_or_without_a_model(tmp_path: Path) -> None:
    text = practice("realised-by Recover", 'map "Log the call" -> Nowhere.log',
                    'map "Log it" -> Recover.nothing')
    found = lint(tmp_path, {"m.usm": MODEL + PROCESSES, "w.usm": WORKFLOW, "p.usm": text})
    assert codes(found, "E") == ["E002", "E002"]
    assert codes(found, "C0801") == []
    text = practice("realised-by Recover", 'map "Log the call" -> Legacy.log')
    found = lint(tmp_path / "b", {"m.usm": PROCESSES, "w.usm": WORKFLOW, "p.usm": text})
    assert "C0801" not in codes(found)


# ---- C0802 --------------------------------------------------------------------------

def test_c0802_at_the_activity_text(tmp_path: Path) -> None:
    found = lint(tmp_path, {"m.usm": MODEL + PROCESSES, "w.usm": WORKFLOW})
    assert where(found, "C0802") == [("C0802", 15, 18)]  # Legacy.log
    assert only(found, "C0802")[0].severity is Severity.INFO
    assert only(found, "C0802")[0].span.end_column == 32


def test_c0802_a_practice_map_or_a_step_uses_an_activity(tmp_path: Path) -> None:
    partial = WORKFLOW.replace("    step Recover.decide\n", "")
    found = lint(tmp_path, {"m.usm": MODEL + PROCESSES, "w.usm": partial})
    assert where(found, "C0802") == [("C0802", 7, 21), ("C0802", 15, 18)]
    text = practice("realised-by Recover", 'map "Decide" -> Recover.decide')
    found = lint(tmp_path / "b", {"m.usm": MODEL + PROCESSES.replace(
        "process Legacy {\n    activity log \"Log the call\"\n}\n", ""),
        "w.usm": partial, "p.usm": text})
    assert codes(found, "C0802") == []


# ---- C0803 --------------------------------------------------------------------------

def test_c0803_without_realised_by_at_the_practice_name(tmp_path: Path) -> None:
    text = practice('framework ITIL4 "Incident management"')
    found = lint(tmp_path, {"m.usm": MODEL + PROCESSES, "p.usm": text})
    assert where(found, "C0803") == [("C0803", 1, 10)]
    assert "names no process that realises it" in only(found, "C0803")[0].message


def test_c0803_at_the_process_outside_the_model(tmp_path: Path) -> None:
    text = practice("realised-by Recover, Legacy")
    found = lint(tmp_path, {"m.usm": MODEL + PROCESSES, "p.usm": text})
    assert where(found, "C0803") == [("C0803", 2, 26)]
    assert "`Legacy`, which is not in model `Acme`" in only(found, "C0803")[0].message


def test_c0803_unknown_names_are_e002_and_no_model_means_no_model_check(
        tmp_path: Path) -> None:
    found = lint(tmp_path, {"m.usm": MODEL + PROCESSES,
                            "p.usm": practice("realised-by Recover, Nothing")})
    assert codes(found, "C0803") == []
    assert codes(found, "E002") == ["E002"]
    found = lint(tmp_path / "b", {"m.usm": PROCESSES,
                                  "p.usm": practice("realised-by Legacy")})
    assert codes(found, "C0803") == []


def test_c0803_names_a_declaration_of_another_kind(tmp_path: Path) -> None:
    files = {"m.usm": MODEL + PROCESSES + 'role Agent "Service desk agent"\n',
             "p.usm": practice("realised-by Recover, Agent")}
    found = only(lint(tmp_path, files), "C0803")
    assert [(f.span.line, f.span.column) for f in found] == [(2, 26)]
    assert "`Agent`, which is a role, not a process" in found[0].message


# ---- F001 and the catalogues ---------------------------------------------------------

@pytest.mark.parametrize(("framework", "count"), [
    ("ITIL4", 34), ("ITILv3", 26), ("FitSM", 14), ("COBIT2019", 40)])
def test_catalogue_sizes(framework: str, count: int) -> None:
    found = catalogues.catalogue(framework)
    assert found is not None
    assert len(found.entries) == count
    assert len({catalogues.key(e.name) for e in found.entries}) == count


def test_cobit_entries_have_ids() -> None:
    found = catalogues.catalogue("COBIT2019")
    assert found is not None
    ids = [e.id for e in found.entries]
    assert ids[0] == "EDM01" and ids[-1] == "MEA04" and len(set(ids)) == 40
    assert catalogues.lookup("COBIT2019", "APO09") == catalogues.Entry(
        "Managed service agreements", "APO09")


@pytest.mark.parametrize(("framework", "written", "name"), [
    ("ITIL4", "Service level management", "Service level management"),
    ("ITIL4", "SERVICE LEVEL MANAGEMENT", "Service level management"),
    ("itil4", "incident management", "Incident management"),
    ("ITIL4", "Measurement & reporting", "Measurement and reporting"),
    ("ITIL4", "Organisational change management", "Organizational change management"),
    ("ITIL4", "Service catalog management", "Service catalogue management"),
    ("ITIL4", "Monitoring and event-management", "Monitoring and event management"),
    ("ITILv3", "Seven step improvement process", "Seven-step improvement process"),
    ("FitSM", "Incident & service request management",
     "Incident and service request management"),
    ("COBIT2019", "APO09", "Managed service agreements"),
    ("COBIT2019", "apo09 Managed service agreements", "Managed service agreements"),
    ("COBIT2019", "APO09 - Managed service agreements", "Managed service agreements"),
    ("COBIT2019", "Managed I and T management framework", "Managed I&T management framework"),
])
def test_match_is_tolerant(framework: str, written: str, name: str) -> None:
    assert catalogues.match(framework, written) == name


@pytest.mark.parametrize(("framework", "written"), [
    ("ITIL4", "Request fulfilment"),  # ITIL v3, not ITIL 4
    ("ITIL4", "Service level"),
    ("ITILv3", "Change enablement"),
    ("ITILv3", "Organisational change management"),
    ("COBIT2019", "APO99"),
    ("Custom", "Incident management"),  # no catalogue
])
def test_no_match(framework: str, written: str) -> None:
    assert catalogues.match(framework, written) is None


@pytest.mark.parametrize(("framework", "written", "suggestion"), [
    ("ITIL4", "Service level managment", "Service level management"),
    ("ITIL4", "Incident managment", "Incident management"),
    ("ITIL4", "Change enablment", "Change enablement"),
    ("ITILv3", "Release management", "Release and deployment management"),
    ("COBIT2019", "Managed service agreement", "Managed service agreements"),
    ("COBIT2019", "APO09 Managed service agrements", "APO09 Managed service agreements"),
    ("FitSM", "Service portfolio managment", "Service portfolio management"),
    ("ITILv3", "Request fulfillment", "Request fulfilment"),
    ("ITIL4", "Quantum teleportation", None),
])
def test_closest(framework: str, written: str, suggestion: str | None) -> None:
    assert catalogues.closest(framework, written) == suggestion


def test_f001_suggests_at_the_claimed_name(tmp_path: Path) -> None:
    text = practice('framework ITIL4 "Service level managment"', "realised-by Recover")
    found = lint(tmp_path, {"m.usm": MODEL + PROCESSES, "p.usm": text})
    assert where(found, "F") == [("F001", 2, 21)]
    message = only(found, "F")[0].message
    assert 'did you mean "Service level management"?' in message
    assert "an ITIL4 practice" in message


def test_f001_without_a_close_name_points_at_coverage(tmp_path: Path) -> None:
    text = practice('framework FitSM "Quantum teleportation"', "realised-by Recover")
    found = only(lint(tmp_path, {"m.usm": MODEL + PROCESSES, "p.usm": text}), "F")
    assert [f.code for f in found] == ["F001"]
    assert "usm-lint coverage --framework FitSM" in found[0].message


def test_f001_checks_each_claim_and_skips_other_frameworks(tmp_path: Path) -> None:
    text = practice('framework ITIL4 "Incident management"',
                    'framework ITILv3 "Incident management"',
                    'framework COBIT2019 "DSS02 Managed service requests and incidents"',
                    'framework Custom "Whatever we call it"',
                    'framework ITIL4 "Incident handling"',
                    "realised-by Recover")
    found = lint(tmp_path, {"m.usm": MODEL + PROCESSES, "p.usm": text})
    assert where(found, "F") == [("F001", 6, 21)]


# ---- F002 ---------------------------------------------------------------------------

def test_f002_role_or_tool_of_another_kind(tmp_path: Path) -> None:
    declarations = 'role Agent "Service desk agent"\ntool ServiceNow "ServiceNow"\n'
    text = practice("realised-by Recover", "role ServiceNow", "tool Recover", "role Agent",
                    "tool ServiceNow")
    found = lint(tmp_path, {"m.usm": MODEL + PROCESSES + declarations, "p.usm": text})
    assert where(found, "F") == [("F002", 3, 10), ("F002", 4, 10)]
    messages = [f.message for f in only(found, "F")]
    assert "`ServiceNow` is a tool" in messages[0]
    assert "`Recover` is a process" in messages[1]
    assert codes(found, "E") == []


def test_f002_undeclared_is_e002_only(tmp_path: Path) -> None:
    text = practice("realised-by Recover", "role Nobody", "tool Nothing")
    found = lint(tmp_path, {"m.usm": MODEL + PROCESSES, "p.usm": text})
    assert codes(found, "F") == []
    assert codes(found, "E") == ["E002", "E002"]


def test_reference_example_has_no_practice_findings() -> None:
    reference = Path(__file__).parents[1] / "examples" / "reference"
    if not (reference / "practices.usm").exists():
        pytest.skip("no reference practices yet")
    spec = Discoverer(reference).discover([str(reference)]).workspaces[0]
    found = check_workspace(load_workspace(spec), ALL, spec.reported)
    assert [(f.code, f.message) for f in only(found, "C0801", "C0803", "F")] == []
