"""The workflow rules (W001-W008), templates from data and config, role lookup.

The rules run through the real pipeline (discovery, parsing, resolution,
selection, suppressions) with the core rule pack plus this module's rules,
so the tests hold before and after they are registered in `RULES`.
"""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest

from tests.conftest import lint_with, write
from usm_lint.config import ConfigError, Template, load_config
from usm_lint.context import Context
from usm_lint.discovery import Discoverer
from usm_lint.engine.runner import check_workspace
from usm_lint.findings import Finding, Severity
from usm_lint.loader import load_workspace
from usm_lint.registry import RULES
from usm_lint.resolve import resolve
from usm_lint.rule import Rule
from usm_lint.rules import w_workflows
from usm_lint.rules.helpers import templates


def rules_of(module: ModuleType) -> list[Rule]:
    return [value for value in vars(module).values() if isinstance(value, Rule)]


W_RULES = rules_of(w_workflows)
ALL = (*RULES, *(r for r in W_RULES if r.code not in {c.code for c in RULES}))


def lint(root: Path, files: dict[str, str], config: str = "") -> list[Finding]:
    return lint_with(root, files, ALL, config)


def context(root: Path, files: dict[str, str], config: str = "") -> Context:
    write(root, {"usm-lint.toml": config, **files})
    spec = Discoverer(root).discover([str(root)]).workspaces[0]
    loaded = load_workspace(spec)
    index, _ = resolve(loaded.model)
    return Context(loaded.model, index, spec.config)


def where(findings: list[Finding], prefix: str = "W") -> list[tuple[str, int, int]]:
    return [(f.code, f.span.line, f.span.column) for f in findings
            if f.code.startswith(prefix)]


def only(findings: list[Finding], prefix: str = "W") -> list[Finding]:
    return [f for f in findings if f.code.startswith(prefix)]


def codes(findings: list[Finding], prefix: str = "W") -> list[str]:
    return [f.code for f in findings if f.code.startswith(prefix)]


PROCESSES = """\
process Agree {
    code CTM
    activity capture "Capture the wish of the customer"
    activity offer "Draft an offer"
    activity sign "Sign the agreement"
}

process Change {
    code CHM
    activity register "Register the change"
    activity build "Build the change"
    activity accept "Accept the change"
}

process Operate {
    code OPS
    activity deploy "Deploy the change"
    activity close "Close the operation"
}
"""

MODEL = """\
model Acme {
    processes Agree, Change, Operate
    flow Agree -> Change
    flow Change -> Operate
}
"""


def workflow(*steps: str, template: str = "wish", kind: str | None = "reactive",
             name: str = "Wish") -> str:
    lines = [f"    template {template}\n"] if template else []
    lines += [f"    kind {kind}\n"] if kind else []
    lines += [f"    step {step}\n" for step in steps]
    return f"workflow {name} {{\n{''.join(lines)}}}\n"


def model_with(*flows: str, executes: str | None = None,
               processes: str = "Agree, Change, Operate") -> str:
    body = "".join(f"    flow {flow}\n" for flow in flows)
    body += f"    executes {executes}\n" if executes else ""
    return f"model Acme {{\n    processes {processes}\n{body}}}\n"


GOOD_WISH = workflow("Agree.capture", "Agree.sign", "Change.register", "Change.build")


# ---- the documented examples ------------------------------------------------------

@pytest.mark.parametrize("rule", W_RULES, ids=lambda r: r.code)
def test_examples(rule: Rule, tmp_path: Path) -> None:
    assert rule.summary and rule.rationale and rule.failing and rule.passing
    assert rule.code in codes(lint(tmp_path / "failing", {"example.usm": rule.failing}))
    assert rule.code not in codes(lint(tmp_path / "passing", {"example.usm": rule.passing}))


def test_codes_names_and_severities_are_as_specified() -> None:
    table = {r.code: (r.name, r.severity) for r in W_RULES}
    assert table == {
        "W001": ("unknown-template", Severity.ERROR),
        "W002": ("wrong-kind", Severity.ERROR),
        "W003": ("wrong-entry-process", Severity.ERROR),
        "W004": ("wrong-exit-process", Severity.WARNING),
        "W005": ("handoff-not-in-model", Severity.ERROR),
        "W006": ("fragment-out-of-order", Severity.WARNING),
        "W007": ("repeated-step", Severity.ERROR),
        "W008": ("empty-workflow", Severity.ERROR),
    }


def test_a_good_workflow_is_clean(tmp_path: Path) -> None:
    assert codes(lint(tmp_path, {"m.usm": MODEL + PROCESSES, "w.usm": GOOD_WISH})) == []


# ---- templates ----------------------------------------------------------------------

def test_builtin_templates_are_the_eight_of_the_spec() -> None:
    table = {name: (t.kind, t.entry, t.exit)
             for name, t in templates.builtin_templates().items()}
    assert table == {
        "wish": ("reactive", "Agree", ["Change"]),
        "rfc": ("reactive", "Change", ["Operate"]),
        "incident": ("reactive", "Recover", ["Operate", "Change"]),
        "service-request": ("reactive", "Operate", ["Operate"]),
        "complaint": ("reactive", "Agree", ["Change"]),
        "improvement": ("proactive", "Improve", ["Change", "Operate", "Agree"]),
        "preventive-action": ("proactive", "Improve", ["Change", "Operate", "Agree"]),
        "optimization": ("proactive", "Improve", ["Change", "Operate", "Agree"]),
    }


def test_w001_sits_at_the_template_statement_and_suggests(tmp_path: Path) -> None:
    found = lint(tmp_path, {"m.usm": MODEL + PROCESSES,
                            "w.usm": GOOD_WISH.replace("template wish", "template wsh")})
    assert where(found) == [("W001", 2, 5)]
    assert "did you mean `wish`?" in only(found)[0].message
    assert "[templates.NAME]" in only(found)[0].message


def test_unknown_template_skips_the_template_checks(tmp_path: Path) -> None:
    text = workflow("Operate.close", "Agree.capture", template="custom", kind="proactive")
    assert codes(lint(tmp_path, {"m.usm": MODEL + PROCESSES, "w.usm": text})) == [
        "W001", "W005"]


def test_no_template_no_template_checks(tmp_path: Path) -> None:
    text = workflow("Operate.close", template="", kind="proactive")
    assert codes(lint(tmp_path, {"m.usm": MODEL + PROCESSES, "w.usm": text})) == []


def test_config_adds_a_template(tmp_path: Path) -> None:
    config = ('[templates.major-incident]\nkind = "reactive"\nentry = "Change"\n'
              'exit = ["Operate"]\n')
    text = workflow("Change.register", "Operate.deploy", template="major-incident")
    assert codes(lint(tmp_path, {"m.usm": MODEL + PROCESSES, "w.usm": text}, config)) == []
    assert codes(lint(tmp_path / "plain", {"m.usm": MODEL + PROCESSES, "w.usm": text})) == [
        "W001"]


def test_config_overrides_a_builtin_template(tmp_path: Path) -> None:
    # This organisation's wishes start in Change and end in Operate, proactively.
    config = '[templates.wish]\nkind = "proactive"\nentry = "Change"\nexit = ["Operate"]\n'
    files = {"m.usm": MODEL + PROCESSES}
    custom = workflow("Change.register", "Operate.deploy", kind="proactive")
    assert codes(lint(tmp_path / "a", {**files, "w.usm": custom}, config)) == []
    assert codes(lint(tmp_path / "b", {**files, "w.usm": GOOD_WISH}, config)) == [
        "W002", "W003", "W004"]
    assert codes(lint(tmp_path / "c", {**files, "w.usm": custom})) == ["W002", "W003", "W004"]


def test_config_templates_are_validated() -> None:
    with pytest.raises(ValueError):
        Template.model_validate({"kind": "sometimes", "entry": "Agree", "exit": []})


def test_config_template_with_unknown_key_is_a_config_error(tmp_path: Path) -> None:
    path = tmp_path / "usm-lint.toml"
    path.write_text('[templates.wish]\nkind = "reactive"\nentry = "Agree"\nexit = []\n'
                    'start = "x"\n')
    with pytest.raises(ConfigError, match=r"templates\.wish\.start"):
        load_config(path)


# ---- W002 -------------------------------------------------------------------------

def test_w002_sits_at_the_kind_statement(tmp_path: Path) -> None:
    text = GOOD_WISH.replace("kind reactive", "kind proactive")
    found = lint(tmp_path, {"m.usm": MODEL + PROCESSES, "w.usm": text})
    assert where(found) == [("W002", 3, 5)]
    assert "template `wish` is reactive" in only(found)[0].message


def test_no_kind_is_not_w002(tmp_path: Path) -> None:
    text = workflow("Agree.capture", "Change.register", kind=None)
    assert codes(lint(tmp_path, {"m.usm": MODEL + PROCESSES, "w.usm": text})) == []


@pytest.mark.parametrize(("template", "kind"), [
    ("wish", "reactive"), ("rfc", "reactive"), ("incident", "reactive"),
    ("service-request", "reactive"), ("complaint", "reactive"),
    ("improvement", "proactive"), ("preventive-action", "proactive"),
    ("optimization", "proactive")])
def test_kinds_of_the_templates(tmp_path: Path, template: str, kind: str) -> None:
    other = "proactive" if kind == "reactive" else "reactive"
    right = workflow(template=template, kind=kind)
    wrong = workflow(template=template, kind=other)
    assert "W002" not in codes(lint(tmp_path / "a", {"w.usm": right}))
    assert "W002" in codes(lint(tmp_path / "b", {"w.usm": wrong}))


# ---- W003 / W004: entry and exit, role lookup ---------------------------------------

def test_w003_at_the_first_step_and_w004_at_the_last(tmp_path: Path) -> None:
    text = workflow("Change.register", "Change.build", "Operate.deploy", "Agree.capture")
    found = lint(tmp_path, {"m.usm": model_with("Agree -> Change", "Change -> Operate",
                                                "Operate -> Agree") + PROCESSES,
                            "w.usm": text})
    assert where(found) == [("W003", 4, 5), ("W004", 7, 5)]
    assert "template `wish` enters the model through Agree" in only(found)[0].message
    assert "template `wish` ends in Change" in only(found)[1].message


def test_the_order_of_steps_decides_entry_and_exit(tmp_path: Path) -> None:
    files = {"m.usm": model_with("Agree -> Change", "Change -> Agree") + PROCESSES}
    reversed_wish = workflow("Change.register", "Agree.capture")
    assert codes(lint(tmp_path / "a", {**files, "w.usm": reversed_wish})) == ["W003", "W004"]
    wish = workflow("Agree.capture", "Change.register")
    assert codes(lint(tmp_path / "b", {**files, "w.usm": wish})) == []


def test_incident_may_end_in_operate_or_change(tmp_path: Path) -> None:
    recover = 'process Recover {\n    activity register "Register the disruption"\n}\n'
    files = {"m.usm": model_with("Recover -> Operate", "Recover -> Change",
                                 processes="Recover, Change, Operate") + PROCESSES + recover}
    for number, last in enumerate(("Operate.deploy", "Change.register")):
        text = workflow("Recover.register", last, template="incident")
        assert codes(lint(tmp_path / str(number), {**files, "w.usm": text})) == []
    text = workflow("Recover.register", template="incident")
    found = lint(tmp_path / "x", {**files, "w.usm": text})
    assert codes(found) == ["W004"]
    assert "template `incident` ends in Operate or Change" in only(found)[0].message


def test_roles_are_found_by_code(tmp_path: Path) -> None:
    renamed = (PROCESSES.replace("process Agree", "process Contract")
               .replace("process Change", "process Modify"))
    files = {"m.usm": model_with("Contract -> Modify", processes="Contract, Modify, Operate")
             + renamed,
             "w.usm": workflow("Contract.capture", "Modify.register")}
    assert codes(lint(tmp_path / "a", files)) == []
    uncoded = renamed.replace("    code CTM\n", "")
    found = lint(tmp_path / "b", {**files, "m.usm": files["m.usm"].replace(renamed, uncoded)})
    assert codes(found) == ["W003"]
    assert "no process of the model plays Agree (named `Agree` or with `code CTM`" in (
        only(found)[0].message)


def test_name_wins_over_code(tmp_path: Path) -> None:
    # `Agree` by name plays Agree even when another process has code CTM.
    swapped = PROCESSES.replace("code CTM", "code XXX").replace("code CHM", "code CTM")
    files = {"m.usm": MODEL + swapped, "w.usm": GOOD_WISH}
    assert codes(lint(tmp_path, files)) == []


def test_operate_is_the_executes_process(tmp_path: Path) -> None:
    deliver = ('process Deliver {\n    activity receive "Receive the request"\n'
               '    activity close "Close the request"\n}\n')
    processes = "Agree, Change, Operate, Deliver"
    request = workflow("Deliver.receive", "Deliver.close", template="service-request")
    files = {"m.usm": model_with("Agree -> Change", "Change -> Operate", "Change -> Deliver",
                                 executes="Deliver", processes=processes) + PROCESSES + deliver}
    assert codes(lint(tmp_path / "a", {**files, "w.usm": request})) == []
    in_operate = workflow("Operate.deploy", "Operate.close", template="service-request")
    found = lint(tmp_path / "b", {**files, "w.usm": in_operate})
    assert codes(found) == ["W003", "W004"]
    assert "(here `Deliver`)" in only(found)[0].message
    # Without `executes`, the process named Operate plays Operate.
    files["m.usm"] = files["m.usm"].replace("    executes Deliver\n", "")
    assert codes(lint(tmp_path / "c", {**files, "w.usm": in_operate})) == []
    assert codes(lint(tmp_path / "d", {**files, "w.usm": request})) == ["W003", "W004"]


def test_role_process_helper(tmp_path: Path) -> None:
    files = {"m.usm": model_with(executes="Operate") + PROCESSES.replace(
        "process Change", "process Modify")}
    ctx = context(tmp_path, files)
    agree, change, operate = (templates.role_process(ctx, role)
                              for role in ("Agree", "Change", "Operate"))
    assert agree is not None and agree.name.value == "Agree"
    assert change is not None and change.name.value == "Modify"  # by code CHM
    assert operate is not None and operate.name.value == "Operate"
    assert templates.role_process(ctx, "Recover") is None
    assert templates.role_process(ctx, "OPS") is operate  # a role given as a code


def test_one_step_workflow_can_be_both_w003_and_w004(tmp_path: Path) -> None:
    found = lint(tmp_path, {"m.usm": MODEL + PROCESSES, "w.usm": workflow("Operate.close")})
    assert where(found) == [("W003", 4, 5), ("W004", 4, 5)]


# ---- W005 ---------------------------------------------------------------------------

def test_w005_at_the_step_entering_the_other_process(tmp_path: Path) -> None:
    text = workflow("Agree.capture", "Agree.sign", "Change.register", "Operate.deploy",
                    "Change.accept", template="rfc")
    found = lint(tmp_path, {"m.usm": MODEL + PROCESSES, "w.usm": text})
    assert [w for w in where(found) if w[0] == "W005"] == [("W005", 8, 5)]
    assert any("no `flow Operate -> Change`" in f.message for f in only(found))


def test_flows_with_several_targets_count(tmp_path: Path) -> None:
    files = {"m.usm": model_with("Agree -> Change, Operate") + PROCESSES,
             "w.usm": workflow("Agree.capture", "Operate.deploy", "Operate.close",
                               template="improvement", kind="proactive")}
    assert "W005" not in codes(lint(tmp_path, files))


def test_flow_direction_matters(tmp_path: Path) -> None:
    files = {"m.usm": model_with("Change -> Agree") + PROCESSES, "w.usm": GOOD_WISH}
    assert codes(lint(tmp_path, files)) == ["W005"]


def test_no_model_no_w005(tmp_path: Path) -> None:
    assert "W005" not in codes(lint(tmp_path, {"p.usm": PROCESSES, "w.usm": GOOD_WISH}))


# ---- W006 / W007 --------------------------------------------------------------------

def test_w006_backwards_within_one_process(tmp_path: Path) -> None:
    text = workflow("Agree.sign", "Agree.capture", "Change.register")
    found = lint(tmp_path, {"m.usm": MODEL + PROCESSES, "w.usm": text})
    assert where(found) == [("W006", 5, 5)]
    assert "process `Agree` does `capture` before `sign`" in only(found)[0].message


def test_skipping_forward_is_fine_and_separate_fragments_are_not_compared(
        tmp_path: Path) -> None:
    # Agree.sign then (after Change) Agree.capture: not consecutive, so not W006.
    text = workflow("Agree.capture", "Agree.sign", "Change.build", "Agree.offer",
                    "Change.register")
    files = {"m.usm": model_with("Agree -> Change", "Change -> Agree") + PROCESSES,
             "w.usm": text}
    assert codes(lint(tmp_path, files)) == []


def test_w007_at_the_repeated_step(tmp_path: Path) -> None:
    text = workflow("Agree.capture", "Agree.sign", "Change.register", "Change.build",
                    "Change.register")
    found = lint(tmp_path, {"m.usm": MODEL + PROCESSES, "w.usm": text})
    assert where(found) == [("W007", 8, 5)]
    assert "(first at line 6)" in only(found)[0].message
    assert only(found)[0].related == ()


def test_w007_replaces_w006_on_the_same_step(tmp_path: Path) -> None:
    # Step 3 passes `capture` again and goes backwards: W007 only.
    text = workflow("Agree.capture", "Agree.sign", "Agree.capture", "Change.register")
    found = lint(tmp_path, {"m.usm": MODEL + PROCESSES, "w.usm": text})
    assert where(found) == [("W007", 6, 5)]
    # Step 3 repeats `offer` (W007); step 4 goes backwards (`capture` after `offer`): W006.
    text = workflow("Agree.offer", "Agree.sign", "Agree.offer", "Agree.capture",
                    "Change.register")
    found = lint(tmp_path / "b", {"m.usm": MODEL + PROCESSES, "w.usm": text})
    assert where(found) == [("W007", 6, 5), ("W006", 7, 5)]


def test_immediate_repetition_is_w007_only(tmp_path: Path) -> None:
    text = workflow("Agree.capture", "Agree.capture", "Change.register")
    found = lint(tmp_path, {"m.usm": MODEL + PROCESSES, "w.usm": text})
    assert where(found) == [("W007", 5, 5)]


def test_each_repetition_is_reported(tmp_path: Path) -> None:
    text = workflow("Agree.capture", "Change.register", "Agree.capture", "Change.register",
                    "Agree.capture", "Change.build")
    files = {"m.usm": model_with("Agree -> Change", "Change -> Agree") + PROCESSES,
             "w.usm": text}
    assert where(lint(tmp_path, files)) == [("W007", 6, 5), ("W007", 7, 5), ("W007", 8, 5)]


# ---- W008 ---------------------------------------------------------------------------

def test_w008_at_the_workflow_name(tmp_path: Path) -> None:
    found = lint(tmp_path, {"m.usm": MODEL + PROCESSES, "w.usm": workflow(name="Empty")})
    assert where(found) == [("W008", 1, 10)]
    assert "`Empty` has no step" in only(found)[0].message


# ---- unknown names are E002 only ----------------------------------------------------

def test_unknown_steps_are_e002_only(tmp_path: Path) -> None:
    text = workflow("Nowhere.capture", "Agree.missing", "Agree.sign", "Change.nothing")
    found = lint(tmp_path, {"m.usm": MODEL + PROCESSES, "w.usm": text})
    assert codes(found, "E") == ["E002", "E002", "E002"]
    assert codes(found) == []


def test_unknown_step_breaks_the_chain(tmp_path: Path) -> None:
    # Agree.sign, <unknown>, Agree.capture: not consecutive known steps, no W006.
    text = workflow("Agree.sign", "Agree.nothing", "Agree.capture", "Change.register")
    assert codes(lint(tmp_path, {"m.usm": MODEL + PROCESSES, "w.usm": text})) == []


# ---- the pipeline: severity config and suppressions ---------------------------------

def test_suppression_and_severity_config(tmp_path: Path) -> None:
    text = GOOD_WISH.replace("step Change.register",
                             "step Change.register  # usm-lint: disable=W005 -- known gap")
    files = {"m.usm": model_with() + PROCESSES, "w.usm": text}
    assert codes(lint(tmp_path, files)) == []
    found = lint(tmp_path / "b", {"m.usm": model_with() + PROCESSES, "w.usm": GOOD_WISH},
                 '[severity]\nW005 = "warning"\n')
    assert [(f.code, f.severity) for f in found if f.code[0] == "W"] == [
        ("W005", Severity.WARNING)]


def test_reference_example_has_no_workflow_findings() -> None:
    reference = Path(__file__).parents[1] / "examples" / "reference"
    if not (reference / "workflows.usm").exists():
        pytest.skip("no reference workflows yet")
    spec = Discoverer(reference).discover([str(reference)]).workspaces[0]
    found = check_workspace(load_workspace(spec), ALL, spec.reported)
    assert codes(found) == []
    assert len(resolve(load_workspace(spec).model)[0].workflows) == 8
