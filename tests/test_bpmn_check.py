"""Checking BPMN models: which files join a model, which rules apply, the findings."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.bpmn_helpers import SAMPLES, definitions
from tests.conftest import Run, imported_by_check, write
from usm_lint.registry import RULES, lookup
from usm_lint.rule import describe

READ_IN_BPMN = {"C0101", "C0102", "C0103", "C0201", "C0202", "C0203", "C0204", "C0205", "C0401",
                "C0901",
                "C0902"}

INVOICES = definitions("""\
  <bpmn:process id="invoices" name="Invoice Management">
    <bpmn:laneSet id="ls">
      <bpmn:lane id="l" name="Accounts payable clerk">
        <bpmn:flowNodeRef>a</bpmn:flowNodeRef></bpmn:lane>
    </bpmn:laneSet>
    <bpmn:task id="a" name="Register the invoice"/>
    <bpmn:task id="b" name="Approval of the invoice"/>
    <bpmn:serviceTask id="c" name="Archive the invoice"/>
    <bpmn:boundaryEvent id="t" name="within 3 days" attachedToRef="b">
      <bpmn:timerEventDefinition id="td"/>
    </bpmn:boundaryEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="a" targetRef="b"/>
    <bpmn:sequenceFlow id="f2" sourceRef="b" targetRef="c"/>
  </bpmn:process>
  <bpmn:process id="empty" name="Pay the supplier"/>
""")

USM = ('model Acme {\n    processes Recover\n}\n\n'
       'process Recover {\n    activity register "Register the invoice"\n}\n')


def findings(run: Run) -> list[tuple[str, int, str]]:
    return [(f["file"], f["line"], f["code"]) for f in run.json()]


def check(cli: Callable[..., Run], root: Path, *paths: str) -> list[dict[str, Any]]:
    run = cli("check", *(paths or (".",)), "--format", "json", "--fail-on", "info",
              "--no-cache", cwd=root)
    assert run.code in (0, 1), run.err
    assert "internal error" not in run.err
    result: list[dict[str, Any]] = run.json()
    return result


# ---- which files join a model -------------------------------------------------------------


def test_bpmn_files_join_a_workspace_whose_config_says_so(
        tmp_path: Path, cli: Callable[..., Run]) -> None:
    write(tmp_path, {"usm-lint.toml": "bpmn = true\n", "acme.usm": USM,
                     "flows/invoices.bpmn": INVOICES})
    found = check(cli, tmp_path)
    # One model: the BPMN activity duplicates the USM one (C0901, at the later file).
    duplicate = next(f for f in found if f["code"] == "C0901")
    assert duplicate["file"] == "flows/invoices.bpmn"
    assert duplicate["related"][0]["file"] == "acme.usm"
    shown = cli("check", "--show-files", cwd=tmp_path).out
    assert "* flows/invoices.bpmn" in shown and "* acme.usm" in shown


def test_without_the_setting_bpmn_files_are_not_part_of_the_model(
        tmp_path: Path, cli: Callable[..., Run]) -> None:
    write(tmp_path, {"usm-lint.toml": "", "acme.usm": USM, "invoices.bpmn": INVOICES})
    assert {f["file"] for f in check(cli, tmp_path)} <= {"acme.usm"}
    assert "invoices.bpmn" not in cli("check", "--show-files", cwd=tmp_path).out


def test_a_bpmn_file_named_outside_such_a_workspace_is_a_model_of_its_own(
        tmp_path: Path, cli: Callable[..., Run]) -> None:
    write(tmp_path, {"usm-lint.toml": 'ignore = ["C0902"]\n', "acme.usm": USM,
                     "invoices.bpmn": INVOICES})
    own = check(cli, tmp_path, "invoices.bpmn")
    assert {f["file"] for f in own} == {"invoices.bpmn"}
    assert "C0901" not in {f["code"] for f in own}  # it does not see acme.usm
    both = check(cli, tmp_path, "invoices.bpmn", "acme.usm")
    assert {f["file"] for f in both} == {"invoices.bpmn", "acme.usm"}
    assert "C0901" not in {f["code"] for f in both}
    # The workspace's config still applies to it.
    write(tmp_path, {"usm-lint.toml": 'ignore = ["C01"]\n'})
    assert not {f["code"] for f in check(cli, tmp_path, "invoices.bpmn")} & {"C0101", "C0102"}


def test_stdin_with_a_bpmn_file_name_is_read_as_bpmn(
        tmp_path: Path, cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    write(tmp_path, {"usm-lint.toml": ""})
    stdin = io.TextIOWrapper(io.BytesIO(INVOICES.encode("utf-8")))
    monkeypatch.setattr(sys, "stdin", stdin)
    run = cli("check", "--stdin-filename", "invoices.bpmn", "--format", "json", cwd=tmp_path)
    assert ("invoices.bpmn", 5, "C0101") in findings(run)


# ---- which rules apply --------------------------------------------------------------------


def test_only_the_rules_that_read_bpmn_judge_bpmn_processes(
        tmp_path: Path, cli: Callable[..., Run]) -> None:
    write(tmp_path, {"usm-lint.toml": "bpmn = true\n", "invoices.bpmn": INVOICES})
    codes = {f["code"] for f in check(cli, tmp_path)}
    # No C0701 (no model), C0301 (no unit), C0501, C1001, C0802, ... for BPMN processes.
    assert codes == {"C0101", "C0102", "C0103", "C0202", "C0203", "C0401"}
    assert codes <= READ_IN_BPMN


def test_in_a_mixed_workspace_usm_rules_judge_the_usm_processes_only(
        tmp_path: Path, cli: Callable[..., Run]) -> None:
    write(tmp_path, {"usm-lint.toml": "bpmn = true\n", "invoices.bpmn": INVOICES,
                     "acme.usm": USM + 'process Operate {\n    activity run "Run the work"\n}\n'})
    found = check(cli, tmp_path)
    by_code = {(f["file"], f["code"]) for f in found}
    assert ("acme.usm", "C0702") in by_code  # Operate is not in the model
    assert ("acme.usm", "C0301") in by_code
    assert not {code for file, code in by_code if file == "invoices.bpmn"} - READ_IN_BPMN


def test_every_rule_says_how_it_reads_bpmn() -> None:
    for rule in RULES:
        doc = describe(rule)
        if rule.code in READ_IN_BPMN:
            assert rule.bpmn and "\nBPMN\n    " + rule.bpmn[:40] in doc, rule.code
        elif rule.check is not None:
            assert "Not applied to processes read from BPMN files" in doc, rule.code
    assert "DOCTYPE" in describe(lookup("E001"))  # type: ignore[arg-type]


def test_the_rule_command_shows_the_bpmn_section(cli: Callable[..., Run]) -> None:
    assert "lane" in cli("rule", "C0101").out.split("\nBPMN\n")[1]
    assert "Not applied" in cli("rule", "process-without-control").out


# ---- the findings on the sample models, as judged ------------------------------------------


def sample(cli: Callable[..., Run], tmp_path: Path, name: str) -> list[dict[str, Any]]:
    """One sample checked as a model of its own (the C.3.0 exports never meet)."""
    shutil.copy(SAMPLES / name, tmp_path / name)
    write(tmp_path, {"usm-lint.toml": ""})
    return check(cli, tmp_path, name)


def at(found: list[dict[str, Any]], code: str) -> list[int]:
    return sorted(f["line"] for f in found if f["code"] == code)


@pytest.mark.parametrize("name", sorted(p.name for p in SAMPLES.glob("*.bpmn")))
def test_every_sample_checks_with_only_the_bpmn_rules(
        name: str, tmp_path: Path, cli: Callable[..., Run]) -> None:
    codes = {f["code"] for f in sample(cli, tmp_path, name)}
    assert codes and codes <= READ_IN_BPMN


def test_invoice_handling_lanes_owners_forms_and_the_timer(
        tmp_path: Path, cli: Callable[..., Run]) -> None:
    found = sample(cli, tmp_path, "C.1.0.bpmn")
    # Lanes Approver, Team Assistant, Accountant; potential owners; engine assignees.
    lanes = [f for f in found if f["code"] == "C0101" and "lane" in f["message"]]
    assert [(f["line"], f["column"]) for f in lanes] == [(373, 33), (384, 38), (398, 35)]
    assert {f["line"] for f in found if "potential owner" in f["message"]} == {
        432, 472, 496, 556}
    assert at(found, "C0102") == [411, 451, 476, 536, 570]  # four forms, one delegate
    assert at(found, "C0401") == [252]  # "7 days"
    # "Rechnung klären" is German: the English verb rules leave it alone and say so
    # once; "Approve Invoice", "Scan Invoice", "Prepare Bank Transfer" and the rest
    # are verb phrases.
    assert at(found, "C0203") == []
    assert at(found, "C0205") == [476]
    # The pool process "Team-Assistant" names a who, and repeats "Assign approver" of
    # the engine's process.
    assert 81 in at(found, "C0101")
    assert at(found, "C0901") == [451]


def test_a_noun_task_name_is_flagged_and_verb_task_names_are_not(
        tmp_path: Path, cli: Callable[..., Run]) -> None:
    found = sample(cli, tmp_path, "C.2.0.bpmn")
    flagged = [f for f in found if f["code"] == "C0203"]
    assert [f["message"].split("`")[1] for f in flagged] == ["checkout"]
    # Pools named after organisations (Carrier, Credit Card Company); lanes Picker and Packager.
    assert at(found, "C0101") == [15, 16, 145, 150]
    # Pools named Carrier, Credit Card Company (a noun compound, though "credit"
    # can be a verb), Customer, Amazon do not read as verbs.
    assert at(found, "C0201") == [15, 16, 17, 18]


def test_the_signavio_export_names_two_tasks_as_nouns(
        tmp_path: Path, cli: Callable[..., Run]) -> None:
    found = sample(cli, tmp_path, "C.3.0-signavio-export.bpmn")
    assert at(found, "C0203") == [48, 57]  # "Premium repair (...)"
    original = sample(cli, tmp_path, "C.3.0.bpmn")
    assert at(original, "C0203") == []
    assert at(original, "C0401") == [422]  # the "2 hours" boundary timer
    assert at(original, "C0101") == [95]  # the potential owner


def test_the_c30_model_and_an_export_in_one_workspace_duplicate_every_task(
        tmp_path: Path, cli: Callable[..., Run]) -> None:
    """Why the tests keep them apart."""
    for name in ("C.3.0.bpmn", "C.3.0-signavio-export.bpmn"):
        shutil.copy(SAMPLES / name, tmp_path / name)
    write(tmp_path, {"usm-lint.toml": "bpmn = true\n"})
    assert len([f for f in check(cli, tmp_path) if f["code"] == "C0901"]) == 3


def test_a_lane_for_software_is_a_how_and_a_placeholder_lane_names_no_one(
        tmp_path: Path, cli: Callable[..., Run]) -> None:
    lanes = "".join(f'<lane id="l{i}" name="{name}"><flowNodeRef>t{i}</flowNodeRef></lane>'
                    for i, name in enumerate(["Banking System", "Automated Agent", "Lane 1",
                                              "Customer Service", "User", "Automation Team"]))
    tasks = "".join(f'<task id="t{i}" name="Register the claim {i}"/>' for i in range(6))
    bpmn = definitions(f'<process id="p" name="Handle claims"><laneSet id="s">{lanes}'
                       f'</laneSet>{tasks}</process>\n', prefix="")
    write(tmp_path, {"usm-lint.toml": "bpmn = true\n", "m.bpmn": bpmn})
    found = [(f["code"], f["message"].split('"')[1]) for f in check(cli, tmp_path)
             if f["code"] in ("C0101", "C0102")]
    assert sorted(found) == [("C0101", "Automation Team"), ("C0101", "Customer Service"),
                             ("C0101", "User"), ("C0102", "Automated Agent"),
                             ("C0102", "Banking System")]


def test_two_files_processes_labelled_alike_are_two_processes(
        tmp_path: Path, cli: Callable[..., Run]) -> None:
    """An id is a BPMN process's identity, its name a label, across files as
    within one: no E003, and both are judged (two versions of one drawing
    duplicate their work, which C0901 says, naming the later one's file, as
    the index, the report and the graph do)."""
    version = definitions('<process id="Process_1" name="Handle claim">\n'
                          '<task id="t" name="Assess the claim"/>\n</process>\n', prefix="")
    write(tmp_path, {"usm-lint.toml": "bpmn = true\n", "v1.bpmn": version, "v2.bpmn": version})
    found = check(cli, tmp_path)
    assert [(f["file"], f["code"]) for f in found] == [("v2.bpmn", "C0901")]
    assert "`Handle claim.assess_the_claim` and `Handle claim (v2.bpmn).assess_the_claim`" in (
        found[0]["message"])


def test_files_of_one_name_in_several_folders_are_told_apart_by_their_paths(
        tmp_path: Path, cli: Callable[..., Run]) -> None:
    version = definitions('<process id="Process_1" name="Handle claim">\n'
                          '<task id="t" name="Assess the claim"/>\n</process>\n', prefix="")
    write(tmp_path, {"usm-lint.toml": "bpmn = true\n", "a/model.bpmn": version,
                     "b/model.bpmn": version, "c/model.bpmn": version})
    found = check(cli, tmp_path)
    assert [(f["file"], f["code"]) for f in found] == [("b/model.bpmn", "C0901"),
                                                       ("c/model.bpmn", "C0901")]
    for folder, finding in zip("bc", found, strict=True):
        assert finding["message"].startswith(
            f"activities `Handle claim.assess_the_claim` and `Handle claim ({folder}/model.bpmn)"
            ".assess_the_claim` say the same")


def test_two_processes_of_one_file_with_one_name_and_no_id_are_declared_twice(
        tmp_path: Path, cli: Callable[..., Run]) -> None:
    """Within a file, an id tells two processes apart; with none there is only the name."""
    bpmn = definitions('<process name="Shop"><task id="t1" name="Pack the order"/></process>\n'
                       '<process name="Shop"><task id="t2" name="Ship the order"/></process>\n',
                       prefix="")
    write(tmp_path, {"usm-lint.toml": "bpmn = true\n", "m.bpmn": bpmn})
    assert "E003" in [f["code"] for f in check(cli, tmp_path)]


def test_a_usm_process_and_a_bpmn_process_named_alike_are_declared_twice(
        tmp_path: Path, cli: Callable[..., Run]) -> None:
    bpmn = definitions('<process id="p" name="Recover">\n'
                       '<task id="t" name="Restore the service"/>\n</process>\n', prefix="")
    write(tmp_path, {"usm-lint.toml": "bpmn = true\n", "a.usm": USM, "b.bpmn": bpmn})
    assert ("b.bpmn", "E003") in [(f["file"], f["code"]) for f in check(cli, tmp_path)]


# ---- what usm-lint never does to a BPMN file ------------------------------------------------


def test_bpmn_files_are_never_written(tmp_path: Path, cli: Callable[..., Run]) -> None:
    write(tmp_path, {"usm-lint.toml": "bpmn = true\n", "invoices.bpmn": INVOICES})
    run = cli("check", ".", "--fix", "--unsafe-fixes", "--no-cache", cwd=tmp_path)
    assert run.code == 1
    assert cli("check", ".", "--add-suppressions", "--no-cache", cwd=tmp_path).code == 0
    assert cli("format", ".", cwd=tmp_path).code == 0
    assert (tmp_path / "invoices.bpmn").read_text("utf-8") == INVOICES
    nominalised = [f for f in check(cli, tmp_path) if f["code"] == "C0202"]
    assert nominalised and nominalised[0]["fix"] is None


def test_dump_shows_the_bpmn_facts(tmp_path: Path, cli: Callable[..., Run]) -> None:
    write(tmp_path, {"invoices.bpmn": INVOICES})
    run = cli("dump", "invoices.bpmn", cwd=tmp_path)
    assert run.code == 0
    (process, _empty) = run.json()[0]["files"][0]["processes"]
    assert process["bpmn"]["who"][0]["text"]["value"] == "Accounts payable clerk"
    assert [a["name"]["value"] for a in process["activities"]] == [
        "register_the_invoice", "approval_of_the_invoice", "archive_the_invoice"]


def test_checking_usm_files_does_not_load_the_xml_reader(tmp_path: Path) -> None:
    xml = ("defusedxml", "usm_lint.bpmn", "xml.sax")
    write(tmp_path, {"usm-lint.toml": "bpmn = true\n", "acme.usm": USM})
    assert imported_by_check(tmp_path, "acme.usm", xml) == []
    write(tmp_path, {"invoices.bpmn": INVOICES})
    assert "defusedxml" in imported_by_check(tmp_path, "invoices.bpmn", xml)


def test_the_package_ships_the_importer_and_its_xml_dependency() -> None:
    import tomllib

    project = tomllib.loads((Path(__file__).parents[1] / "pyproject.toml").read_text("utf-8"))
    assert "usm_lint.bpmn" in project["tool"]["setuptools"]["packages"]
    assert any(d.startswith("defusedxml") for d in project["project"]["dependencies"])


def test_the_bpmn_example_reports_what_its_readme_says(cli: Callable[..., Run]) -> None:
    example = Path(__file__).parents[1] / "examples" / "bpmn"
    found = check(cli, example.parent, "bpmn")
    lines = {code: sorted(f["line"] for f in found if f["code"] == code)
             for code in {f["code"] for f in found}}
    # Lanes and the candidate group (the engineer escalated to and the manager informed
    # only receive the work); the e-mail and the external-task topic; the timer;
    # "Incident Management"; "Incident categorisation".
    assert lines == {"C0101": [8, 17, 27], "C0102": [55, 55], "C0401": [63],
                     "C0202": [6], "C0203": [31]}
