"""Edge cases of the criteria rules, beyond each rule's documented examples."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Run, codes_of, lint_files, write

EXAMPLES = Path(__file__).parents[1] / "examples"


check = lint_files
codes = codes_of


def process(name: str, *activities: str, extra: str = "") -> str:
    body = "".join(f'    activity a{i} "{text}"\n' for i, text in enumerate(activities))
    return f"process {name} {{\n{extra}{body}}}\n"


@pytest.mark.parametrize(("name", "suggestion"), [
    ("IncidentManagement", "Recover"),
    ("service_level-management", "Agree"),
    ("CapacityManagement", "ManageCapacity"),
])
def test_practice_style_names_are_c0202_not_c0201(
        tmp_path: Path, cli: Callable[..., Run], name: str, suggestion: str) -> None:
    found = check(cli, tmp_path, {"p.usm": process(name, "Register the call")},
                  "--select", "C02")
    assert codes(found) == ["C0202"]
    assert f"rename it {suggestion}" in found[0]["message"]
    assert found[0]["fix"]["applicability"] == "unsafe"


@pytest.mark.parametrize("name", ["Change", "Recover", "Agree", "Operate", "Improve"])
def test_verb_names_pass(tmp_path: Path, cli: Callable[..., Run], name: str) -> None:
    assert check(cli, tmp_path, {"p.usm": process(name, "Register the call")},
                 "--select", "C02") == []


@pytest.mark.parametrize("text", ["Incident registration", "Monitoring of events",
                                  "The desk logs the call", "Registering the wish",
                                  "Logging of incidents", "Change of the agreement"])
def test_not_verb_phrases(tmp_path: Path, cli: Callable[..., Run], text: str) -> None:
    assert codes(check(cli, tmp_path, {"p.usm": process("Recover", text)},
                       "--select", "C0203")) == ["C0203"]


@pytest.mark.parametrize("text", ["Plan maintenance", "Report critical incidents",
                                  "Record incoming calls", "Change existing contracts",
                                  "Register the wish", "Recover"])
def test_verb_phrases_pass(tmp_path: Path, cli: Callable[..., Run], text: str) -> None:
    assert check(cli, tmp_path, {"p.usm": process("Recover", text)}, "--select", "C0203") == []


@pytest.mark.parametrize(("text", "suggested"), [
    ("Incident registration", "Register the incident"),
    # a statement: the participle's verb, the subject as its object
    ("Order is failed", "Fail the order"),
    ("The request has been approved by the manager", "Approve the request"),
    ("Order is ready", "<Verb> the <object>"),
    ("Order is not approved", "<Verb> the <object>"),
    ("Customer has questions", "<Verb> the <object>"),  # a plural noun, not a participle
])
def test_c0203_suggests_the_verb(tmp_path: Path, cli: Callable[..., Run], text: str,
                                 suggested: str) -> None:
    (finding,) = check(cli, tmp_path, {"p.usm": process("Recover", text)}, "--select", "C0203")
    assert f'"{suggested}"' in finding["message"]


def test_customer_is_not_an_actor_and_roles_match_whole_phrases(
        tmp_path: Path, cli: Callable[..., Run]) -> None:
    files = {"p.usm": 'role ServiceDeskAgent "Service desk agent"\n'
                      + process("Recover", "Agree the service with the customer",
                                "Inform the service desk agent",
                                "The service desk agent restores the service")}
    found = check(cli, tmp_path, files, "--select", "C0101")
    # The agent informed is the object of "Inform"; the one restoring acts.
    assert [f["line"] for f in found] == [5]


def test_alias_and_control_are_not_read(tmp_path: Path, cli: Callable[..., Run]) -> None:
    extra = ('    alias "Incident management by the service desk"\n'
             '    control {\n        report "monthly report by the team via email"\n    }\n')
    files = {"p.usm": process("Recover", "Register the call", extra=extra)}
    assert check(cli, tmp_path, files, "--select", "C01,C04") == []


def test_means_conditions_and_marked_text(tmp_path: Path, cli: Callable[..., Run]) -> None:
    files = {"p.usm": process("Recover", "Send the update by email", "Notify the customer using "
                              "the portal", "Resolve the incident within 4 hours",
                              "Review the capacity every month",
                              extra='    purpose ◊ "Restore the service for the customer"\n')}
    found = check(cli, tmp_path, files, "--select", "C0102,C0401")
    assert [(f["code"], f["line"]) for f in found] == [
        ("C0401", 2), ("C0102", 3), ("C0102", 4), ("C0401", 5), ("C0401", 6)]


def test_cross_file_duplicates_when_one_file_is_named(
        tmp_path: Path, cli: Callable[..., Run]) -> None:
    files = {"a.usm": process("Recover", "Register the request"),
             "b.usm": process("Agree", "Register the requests")}
    found = check(cli, tmp_path, files, "a.usm", "--select", "C0901")
    assert [(f["file"], f["code"]) for f in found] == [("a.usm", "C0901")]
    assert found[0]["related"][0]["file"] == "b.usm"
    found = check(cli, tmp_path, files, "b.usm", "--select", "C0901")
    assert [(f["file"], f["related"][0]["file"]) for f in found] == [("b.usm", "a.usm")]


def test_similar_activity_not_reported_twice_with_a_duplicate(
        tmp_path: Path, cli: Callable[..., Run]) -> None:
    files = {"a.usm": process("Recover", "Register the incident")
             + process("Agree", "Register the incidents")}
    assert codes(check(cli, tmp_path, files, "--select", "C09")) == ["C0901"]


def test_execution_verbs_only_without_an_executing_process_do_nothing(
        tmp_path: Path, cli: Callable[..., Run]) -> None:
    files = {"a.usm": process("Change", "Deploy the release")}
    assert check(cli, tmp_path, files, "--select", "C0903") == []
    files = {"a.usm": process("Change", "Deploy the release")
             + process("Run", "Plan the work", extra="    code OPS\n")}
    assert codes(check(cli, tmp_path, files, "--select", "C0903")) == ["C0903"]


def test_c0202_fix_renames_every_reference_and_adds_alias(
        tmp_path: Path, cli: Callable[..., Run]) -> None:
    files = {"m.usm": "model M {\n    processes IncidentManagement\n}\n",
             "p.usm": process("IncidentManagement", "Register the call"),
             "w.usm": "workflow W {\n    step IncidentManagement.a0\n}\n"}
    (finding,) = check(cli, tmp_path, files, "--select", "C0202")
    edits = finding["fix"]["edits"]
    assert {(e["file"], e["text"]) for e in edits} == {
        ("p.usm", "Recover"), ("m.usm", "Recover"), ("w.usm", "Recover"),
        ("p.usm", '    alias "Incident management"\n')}


def test_reference_model_has_no_errors_or_warnings(cli: Callable[..., Run]) -> None:
    reference = EXAMPLES / "reference"
    if not reference.exists():
        pytest.skip("no reference example yet")
    run = cli("check", str(reference), "--format", "json", cwd=EXAMPLES.parent)
    assert [(f["file"], f["line"], f["code"], f["message"]) for f in run.json()
            if f["severity"] != "info"] == []
    assert run.code == 0


def test_handbook_examples_trip_every_criteria_rule(cli: Callable[..., Run]) -> None:
    from usm_lint.registry import RULES

    run = cli("check", str(EXAMPLES), "--format", "json", cwd=EXAMPLES.parent)
    found = {f["code"] for f in run.json()}
    criteria = {r.code for r in RULES if r.code.startswith("C") and not r.code.startswith("C08")}
    assert criteria - found == set()
    assert not any(f["code"] in ("E001", "E002") for f in run.json())


def test_config_vocabulary_extends_and_replaces(tmp_path: Path, cli: Callable[..., Run]) -> None:
    text = process("Recover", "The dispatcher asks", "Call Globex Corp", "Log the call")
    write(tmp_path, {"usm-lint.toml": '[vocabulary]\nextend-roles = ["dispatcher"]\n'
                                      'organisations = ["Globex Corp"]\n',
                     "p.usm": text})
    run = cli("check", "p.usm", "--format", "json", "--select", "C0101,C0401", cwd=tmp_path)
    assert [(f["code"], f["line"]) for f in run.json()] == [("C0101", 2), ("C0401", 3)]
    write(tmp_path, {"usm-lint.toml": '[vocabulary]\nroles = ["caller"]\n'})
    run = cli("check", "p.usm", "--format", "json", "--select", "C0101", cwd=tmp_path)
    assert run.json() == []  # "dispatcher" no longer a role word; "desk" etc. replaced


def test_synonyms_make_duplicates(tmp_path: Path, cli: Callable[..., Run]) -> None:
    files = {"usm-lint.toml": '[vocabulary]\nsynonyms = [["register", "record", "log"]]\n',
             "p.usm": process("Recover", "Register the call") + process("Agree", "Log the call")}
    write(tmp_path, files)
    run = cli("check", "--format", "json", "--select", "C0901", cwd=tmp_path)
    assert [f["code"] for f in run.json()] == ["C0901"]


@pytest.mark.parametrize(("name", "unit", "expected"), [
    ("Change", "change", []), ("Control", "change", ["C0201"]),
    ("Provision", "request", ["C0201"]),
    ("Recover", "support-request", []), ("Recover", "support", ["C0302"]),
])
def test_single_verb_names_and_unit_head_nouns(tmp_path: Path, cli: Callable[..., Run],
                                                name: str, unit: str,
                                                expected: list[str]) -> None:
    text = process(name, "Register the call", extra=f"    unit {unit}\n")
    assert codes(check(cli, tmp_path, {"p.usm": text}, "--select", "C02,C0302")) == expected


@pytest.mark.parametrize(("patterns", "text"), [
    # a back-reference, which combining the patterns would renumber
    ([r"\b(\w+) and \1\b"], "Register calls and calls"),
    # one group name used twice: the patterns cannot be combined
    ([r"(?P<w>ship) it", r"(?P<w>pack) it"], "Pack it"),
    # plain: combined with the built-in ones
    ([r"\bon demand\b"], "Restore service on demand"),
])
def test_configured_condition_patterns_are_found_however_they_combine(
        tmp_path: Path, cli: Callable[..., Run], patterns: list[str], text: str) -> None:
    listed = ", ".join(f"'''{p}'''" for p in patterns)
    found = check(cli, tmp_path, {"a.usm": process("Recover", text)}, ".", "--select", "C0401",
                  config=f"[vocabulary]\nextend-conditions = [{listed}]\n")
    assert codes(found) == ["C0401"], found
