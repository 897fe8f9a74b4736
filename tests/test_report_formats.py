"""The CI output formats: sarif, github, junit and gitlab (RULES.md, output contract).

SARIF and JUnit are validated against the official schemas, copied into
tests/schemas/ so that a clean clone (the CI) has them.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from lxml import etree

from usm_lint import DOCS_URL, __version__
from usm_lint.cli import main
from usm_lint.findings import Finding, Related, Severity
from usm_lint.model import Span
from usm_lint.registry import BY_CODE
from usm_lint.report import (
    FORMATS,
    Report,
    github_format,
    gitlab_format,
    junit_format,
    renderer,
    sarif_format,
)
from usm_lint.report.paths import repo_relative, repo_root
from usm_lint.rule import rule_url

SCHEMAS = Path(__file__).parent / "schemas"

RECOVER = """\
process Recover {
    purpose "Restore the agreed service for the customer"
    activity register "Incident registration"
}
"""
OPERATE = """\
process Operate {
    purpose "Restore the agreed service for the customer"
}
"""
ODD = 'process Odd {  # usm-lint: disable=C0203\n    activity a "Register the call"\n}\n'
TRICKY = 'activity "a:b, c" is 100% done\nsee the handbook'


@pytest.fixture(autouse=True)
def _no_enclosing_repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """tmp_path is not in a git repository (even if the temp folder is)."""
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))


def span(file: Path, line: int, column: int, end_line: int, end_column: int) -> Span:
    return Span(file=str(file), line=line, column=column, end_line=end_line,
                end_column=end_column)


def workspace(root: Path, shift: int = 0) -> list[Finding]:
    """Three model files under root/models and findings in them; `shift`
    blank lines are added at the top of recover.usm (and its spans moved)."""
    models = root / "models"
    models.mkdir(parents=True, exist_ok=True)
    recover, operate, odd = models / "recover.usm", models / "operate.usm", models / "odd,name.usm"
    recover.write_text("\n" * shift + RECOVER, encoding="utf-8")
    operate.write_text(OPERATE, encoding="utf-8")
    odd.write_text(ODD, encoding="utf-8")
    return [
        Finding("C0503", "duplicate-purpose", Severity.ERROR,
                span(recover, 2 + shift, 13, 2 + shift, 58),
                "the purpose of `Recover` repeats the purpose of `Operate`",
                (Related(span(operate, 2, 13, 2, 58), "`Operate` states it first"),)),
        Finding("C0203", "activity-not-verb-phrase", Severity.WARNING,
                span(recover, 3 + shift, 23, 3 + shift, 46), TRICKY),
        Finding("U001", "unused-suppression", Severity.INFO, span(odd, 1, 18, 1, 45),
                "`disable=C0203` suppresses nothing"),
    ]


def make_report(root: Path, findings: list[Finding], files_checked: int = 3) -> Report:
    return Report(findings, files_checked, root, BY_CODE)


@pytest.fixture
def report(tmp_path: Path) -> Report:
    return make_report(tmp_path, workspace(tmp_path))


# --- repository root and paths ---------------------------------------------------------


def test_repo_root_falls_back_to_cwd_outside_git(tmp_path: Path) -> None:
    assert repo_root(tmp_path) == tmp_path


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_repo_root_is_gits_top_level(tmp_path: Path) -> None:
    repository = tmp_path / "repo"
    (repository / "sub" / "deeper").mkdir(parents=True)
    subprocess.run(["git", "init", "-q", str(repository)], check=True)
    root = repo_root(repository / "sub" / "deeper")
    assert root.resolve() == repository.resolve()
    file = repository / "sub" / "deeper" / "m.usm"
    assert repo_relative(str(file), root) == "sub/deeper/m.usm"


def test_repo_relative_uses_slashes_and_resolves_links(tmp_path: Path) -> None:
    real = tmp_path / "real"
    (real / "a" / "b").mkdir(parents=True)
    assert repo_relative(str(real / "a" / "b" / "m.usm"), real) == "a/b/m.usm"
    link = tmp_path / "link"
    try:
        link.symlink_to(real, target_is_directory=True)
    except OSError:
        pytest.skip("no symbolic links here")
    # git reports the resolved root; findings carry the path as reached.
    assert repo_relative(str(link / "a" / "m.usm"), real) == "a/m.usm"
    assert repo_relative(str(tmp_path / "elsewhere.usm"), real) == "../elsewhere.usm"


def test_every_format_is_importable(report: Report) -> None:
    assert {"sarif", "github", "junit", "gitlab"} <= set(FORMATS)
    for name in FORMATS:
        assert isinstance(renderer(name)(report), str)


# --- sarif ------------------------------------------------------------------------------


def validate_sarif(log: Any) -> None:
    schema = json.loads((SCHEMAS / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    validator_class = jsonschema.validators.validator_for(schema)
    assert validator_class is jsonschema.Draft4Validator  # the schema's own draft
    validator_class.check_schema(schema)
    validator = validator_class(schema, format_checker=validator_class.FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors)


def sarif(report: Report) -> dict[str, Any]:
    log: dict[str, Any] = json.loads(sarif_format.render(report))
    validate_sarif(log)
    return log


def test_sarif_is_valid_with_one_run(report: Report) -> None:
    log = sarif(report)
    assert log["version"] == "2.1.0"
    assert len(log["runs"]) == 1
    run = log["runs"][0]
    assert run["columnKind"] == "unicodeCodePoints"
    root_uri = run["originalUriBaseIds"]["%SRCROOT%"]["uri"]
    assert root_uri == report.cwd.as_uri() + "/"
    driver = run["tool"]["driver"]
    assert driver["name"] == "usm-lint"
    assert driver["version"] == __version__
    assert driver["informationUri"] == DOCS_URL


def test_sarif_lists_every_rule(report: Report) -> None:
    rules = sarif(report)["runs"][0]["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == list(BY_CODE)
    levels = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
    for descriptor, rule in zip(rules, BY_CODE.values(), strict=True):
        assert descriptor["name"] == rule.name
        assert descriptor["shortDescription"]["text"] == rule.summary
        assert descriptor["fullDescription"]["text"]
        assert rule.summary in descriptor["help"]["text"]
        assert descriptor["helpUri"] == rule_url(rule.code)
        assert descriptor["defaultConfiguration"]["level"] == levels[rule.severity]
    assert {r["defaultConfiguration"]["level"] for r in rules} == {"error", "warning", "note"}


def test_sarif_results(report: Report) -> None:
    run = sarif(report)["runs"][0]
    rules, results = run["tool"]["driver"]["rules"], run["results"]
    # Sorted by path: models/odd,name.usm before models/recover.usm.
    assert [r["ruleId"] for r in results] == ["U001", "C0503", "C0203"]
    assert [r["level"] for r in results] == ["note", "error", "warning"]
    for result in results:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert len(result["locations"]) == 1
        assert result["partialFingerprints"]["primaryLocationLineHash"]
    odd, duplicate, tricky = results
    location = duplicate["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "models/recover.usm", "uriBaseId": "%SRCROOT%"}
    assert location["region"] == {"startLine": 2, "startColumn": 13, "endLine": 2,
                                  "endColumn": 58}
    assert duplicate["relatedLocations"] == [{
        "id": 0,
        "message": {"text": "`Operate` states it first"},
        "physicalLocation": {
            "artifactLocation": {"uri": "models/operate.usm", "uriBaseId": "%SRCROOT%"},
            "region": {"startLine": 2, "startColumn": 13, "endLine": 2, "endColumn": 58}},
    }]
    assert tricky["message"]["text"] == TRICKY
    assert "relatedLocations" not in tricky
    # A file name is a URI reference: the comma is percent-encoded.
    assert odd["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == (
        "models/odd%2Cname.usm")


def test_sarif_fingerprints_survive_lines_added_above(tmp_path: Path) -> None:
    before = sarif(make_report(tmp_path / "a", workspace(tmp_path / "a")))
    after = sarif(make_report(tmp_path / "b", workspace(tmp_path / "b", shift=3)))
    hashes = [[r["partialFingerprints"]["primaryLocationLineHash"]
               for r in log["runs"][0]["results"]] for log in (before, after)]
    assert hashes[0] == hashes[1]
    assert len(set(hashes[0])) == 3
    lines = [r["locations"][0]["physicalLocation"]["region"]["startLine"]
             for r in after["runs"][0]["results"]]
    assert lines == [1, 5, 6]


def test_sarif_identical_findings_get_distinct_fingerprints(tmp_path: Path) -> None:
    first = workspace(tmp_path)[0]
    report = make_report(tmp_path, [first, first])
    results = sarif(report)["runs"][0]["results"]
    hashes = [r["partialFingerprints"]["primaryLocationLineHash"] for r in results]
    assert hashes[0] != hashes[1]
    assert hashes[0].split(":")[0] == hashes[1].split(":")[0]


def test_sarif_without_findings_is_valid(tmp_path: Path) -> None:
    run = sarif(make_report(tmp_path, [], 0))["runs"][0]
    assert run["results"] == []
    assert len(run["tool"]["driver"]["rules"]) == len(BY_CODE)


# --- github -----------------------------------------------------------------------------


def test_github_workflow_commands(report: Report) -> None:
    assert github_format.render(report).splitlines() == [
        "::notice file=models/odd%2Cname.usm,line=1,endLine=1,col=18,endColumn=45,"
        "title=U001::`disable=C0203` suppresses nothing",
        "::error file=models/recover.usm,line=2,endLine=2,col=13,endColumn=58,"
        "title=C0503::the purpose of `Recover` repeats the purpose of `Operate`",
        "::warning file=models/recover.usm,line=3,endLine=3,col=23,endColumn=46,"
        'title=C0203::activity "a:b, c" is 100%25 done%0Asee the handbook',
    ]


def test_github_escaping() -> None:
    assert github_format.escape_data("50% a:b, c\r\nd") == "50%25 a:b, c%0D%0Ad"
    assert github_format.escape_property("50% a:b, c\r\nd") == "50%25 a%3Ab%2C c%0D%0Ad"
    # `%` first: an escape is not escaped again.
    assert github_format.escape_data("%0A") == "%250A"


def test_github_without_findings_prints_nothing(tmp_path: Path) -> None:
    assert github_format.render(make_report(tmp_path, [], 1)) == ""


# --- junit ------------------------------------------------------------------------------


def junit(report: Report) -> Any:
    schema = etree.XMLSchema(etree.parse(str(SCHEMAS / "junit-10.xsd")))
    text = junit_format.render(report)
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    document = etree.fromstring(text.encode("utf-8"))
    schema.assertValid(document)
    return document


def test_junit_is_valid_with_a_testcase_per_file(report: Report) -> None:
    root = junit(report)
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    assert len(suites) == 1
    suite = suites[0]
    assert suite.get("name") == "usm-lint"
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("2", "2", "0")
    cases = suite.findall("testcase")
    assert [c.get("name") for c in cases] == ["models/odd,name.usm", "models/recover.usm"]
    assert {c.get("classname") for c in cases} == {"usm-lint"}
    failures = [c.findall("failure") for c in cases]
    assert [len(f) for f in failures] == [1, 1]
    recover = failures[1][0]
    assert recover.get("type") == "usm-lint"
    assert recover.get("message") == "1 error, 1 warning"
    assert failures[0][0].get("message") == "1 info"
    assert recover.text == (
        "models/recover.usm:2:13: C0503 [error] the purpose of `Recover` repeats the purpose"
        " of `Operate`\n"
        f"models/recover.usm:3:23: C0203 [warning] {TRICKY}")


def test_junit_escapes_markup_and_shows_controls_escaped(tmp_path: Path) -> None:
    # Every report shows a control character as an escape (usm_lint/report/escape.py),
    # so nothing reaches the XML that it cannot hold.
    finding = workspace(tmp_path)[0]
    odd = Finding(finding.code, finding.name, finding.severity, finding.span,
                  'a <tag> & "quotes" ]]> and a \x01 control')
    failure = junit(make_report(tmp_path, [odd])).find("testsuite/testcase/failure")
    assert failure.text.endswith('a <tag> & "quotes" ]]> and a \\x01 control')


def test_junit_without_findings_is_one_passing_testcase(tmp_path: Path) -> None:
    root = junit(make_report(tmp_path, [], 4))
    cases = root.findall("testsuite/testcase")
    assert [(c.get("name"), c.get("classname")) for c in cases] == [("usm-lint", "usm-lint")]
    assert list(cases[0]) == []
    suite = root.find("testsuite")
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("1", "0", "0")


# --- gitlab -----------------------------------------------------------------------------


def gitlab(report: Report) -> list[dict[str, Any]]:
    text = gitlab_format.render(report)
    assert not text.startswith("\ufeff")
    issues: list[dict[str, Any]] = json.loads(text)
    for issue in issues:
        assert set(issue) == {"description", "check_name", "fingerprint", "severity", "location"}
        assert set(issue["location"]) == {"path", "lines"}
        assert set(issue["location"]["lines"]) == {"begin"}
        int(issue["fingerprint"], 16)
    return issues


def test_gitlab_code_quality(report: Report) -> None:
    issues = gitlab(report)
    assert [(i["check_name"], i["severity"], i["location"]["path"], i["location"]["lines"]["begin"])
            for i in issues] == [
        ("U001", "info", "models/odd,name.usm", 1),
        ("C0503", "major", "models/recover.usm", 2),
        ("C0203", "minor", "models/recover.usm", 3),
    ]
    assert issues[2]["description"] == TRICKY
    assert len({i["fingerprint"] for i in issues}) == 3


def test_gitlab_fingerprints(tmp_path: Path) -> None:
    before = gitlab(make_report(tmp_path / "a", workspace(tmp_path / "a")))
    after = gitlab(make_report(tmp_path / "b", workspace(tmp_path / "b", shift=3)))
    assert [i["location"]["lines"]["begin"] for i in after] == [1, 5, 6]
    assert [i["fingerprint"] for i in before] == [i["fingerprint"] for i in after]
    first = workspace(tmp_path / "c")[0]
    twice = gitlab(make_report(tmp_path / "c", [first, first]))
    assert twice[0]["fingerprint"] != twice[1]["fingerprint"]


def test_gitlab_without_findings_is_an_empty_array(tmp_path: Path) -> None:
    assert gitlab_format.render(make_report(tmp_path, [], 1)) == "[]\n"


# --- end to end -------------------------------------------------------------------------


def test_check_prints_valid_sarif(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    failing = BY_CODE["C0203"].failing
    assert failing is not None
    (tmp_path / "models").mkdir()
    (tmp_path / "models" / "recover.usm").write_text(failing, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code = main(["check", "models/recover.usm", "--format", "sarif"])
    captured = capsys.readouterr()
    if code == 2 and "invalid choice" in captured.err:
        pytest.skip("the command line does not offer --format sarif yet")
    assert code == 1, captured.err
    log = json.loads(captured.out)
    validate_sarif(log)
    run = log["runs"][0]
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == Path.cwd().as_uri() + "/"
    assert "C0203" in {r["ruleId"] for r in run["results"]}
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            for r in run["results"]}
    assert uris == {"models/recover.usm"}
