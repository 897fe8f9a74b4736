"""`usm-lint coverage` and `usm-lint graph`, called through their `run_*` functions."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from xml.etree import ElementTree

import pytest

from tests.conftest import write
from usm_lint.commands.coverage import run_coverage
from usm_lint.commands.graph import run_graph
from usm_lint.diagrams import dot_string, mermaid_label

EXAMPLES = Path(__file__).parents[1] / "examples"

MODEL = """\
model Acme {
    title "Acme \\"Shared\\" Services #1 <main> \\\\ desk"
    processes Agree, Recover, Operate, end, service-level
    flow Agree -> Operate
    flow Recover -> Operate, end
    flow service-level -> Agree
    executes Operate
}

process Agree {
    code CTM
    alias "Contract \\"management\\" & more"
    activity capture "Capture the wish"
    activity sign "Sign the agreement"
}

process Recover {
    code INC
    activity register "Register the disruption"
    activity decide "Decide the recovery action"
}

process Operate {
    code OPS
    activity restore "Restore the service"
    activity close "Close the operation"
}

process end {
    activity stop "Stop the work"
}

process service-level {
    activity agree "Agree the levels"
}

workflow Incident {
    template incident
    kind reactive
    step Recover.register
    step Recover.decide
    step Operate.restore
    step Operate.close
}

workflow Wish {
    template wish
    step Agree.capture
    step Operate.close
    step Agree.sign
}
"""

PRACTICES = """\
practice IncidentManagement {
    framework ITIL4 "Incident management"
    framework COBIT2019 "DSS02"
    realised-by Recover, Operate
}

practice ServiceDesk {
    framework ITIL4 "service desk"
    realised-by Operate
}

practice Levels {
    framework ITIL4 "Service level managment"
    realised-by Agree
}

practice Unrealised {
    framework ITIL4 "Problem management"
}

practice OutsideTheModel {
    framework ITIL4 "Change enablement"
    realised-by Legacy
}

process Legacy {
    activity log "Log the call"
}
"""


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    write(tmp_path, {"usm-lint.toml": "", "model.usm": MODEL, "practices.usm": PRACTICES})
    monkeypatch.chdir(tmp_path)
    return tmp_path


# ---- coverage -----------------------------------------------------------------------

def test_coverage_table_and_total(workspace: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_coverage(["."], "ITIL4", "text", None) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[-1] == "2/34 realised (5.9%)"
    row = next(line for line in out.splitlines() if line.startswith("Incident management"))
    assert row.split()[2:] == ["IncidentManagement", "Recover,", "Operate", "yes"]
    # fuzzy (F001) names are listed as not counted, with the suggestion
    assert 'practice `Levels`: "Service level managment" (did you mean ' \
           '"Service level management"?)' in out
    assert "Service level management" in out


def test_coverage_json(workspace: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_coverage(["."], "itil4", "json", None) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["framework"], data["realised"], data["total"], data["percent"]) == (
        "ITIL4", 2, 34, 5.9)
    entries = {e["name"]: e for e in data["entries"]}
    assert len(entries) == 34
    assert entries["Incident management"] == {
        "id": None, "name": "Incident management", "practices": ["IncidentManagement"],
        "processes": ["Recover", "Operate"], "realised": True}
    assert entries["Service desk"]["realised"] is True
    # claimed, but no realising process in the model: not realised
    assert entries["Problem management"]["practices"] == ["Unrealised"]
    assert entries["Problem management"]["realised"] is False
    assert entries["Change enablement"]["practices"] == ["OutsideTheModel"]
    assert entries["Change enablement"]["processes"] == []
    # a name matched only fuzzily does not count
    assert entries["Service level management"]["practices"] == []
    assert data["unmatched"] == [{"practice": "Levels", "name": "Service level managment",
                                  "suggestion": "Service level management"}]


def test_coverage_cobit_ids(workspace: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_coverage(["."], "COBIT2019", "json", 2.5) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["realised"], data["total"]) == (1, 40)
    dss02 = next(e for e in data["entries"] if e["id"] == "DSS02")
    assert dss02["practices"] == ["IncidentManagement"]
    assert run_coverage(["."], "COBIT2019", "text", None) == 0
    out = capsys.readouterr().out
    assert re.search(r"^DSS02\s+Managed service requests and incidents\s+IncidentManagement",
                     out, re.MULTILINE)


@pytest.mark.parametrize(("fail_under", "code"), [
    (None, 0), (0.0, 0), (5.0, 0), (5.88, 0), (5.9, 1), (50.0, 1), (100.0, 1)])
def test_fail_under(workspace: Path, capsys: pytest.CaptureFixture[str],
                    fail_under: float | None, code: int) -> None:
    # 2/34 = 5.882...%
    assert run_coverage(["."], "ITIL4", "text", fail_under) == code


def test_fail_under_boundary_is_inclusive(workspace: Path) -> None:
    # COBIT: 1/40 is exactly 2.5%
    assert run_coverage(["."], "COBIT2019", "json", 2.5) == 0
    assert run_coverage(["."], "COBIT2019", "json", 2.5000001) == 1


def test_coverage_of_a_named_file_sees_the_whole_workspace(
        workspace: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_coverage(["model.usm"], "ITIL4", "text", None) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "2/34 realised (5.9%)"


def test_coverage_other_frameworks_are_empty(workspace: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    assert run_coverage(["."], "FitSM", "text", 1) == 1
    assert capsys.readouterr().out.splitlines()[-1] == "0/14 realised (0.0%)"
    assert run_coverage(["."], "ITILv3", "text", None) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "0/26 realised (0.0%)"


def test_coverage_usage_and_config_errors_exit_2(
        workspace: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_coverage(["."], "ITIL5", "text", None) == 2
    assert "unknown framework `ITIL5`" in capsys.readouterr().err
    assert run_coverage(["missing"], "ITIL4", "text", None) == 2
    write(workspace, {"other/usm-lint.toml": "", "other/o.usm": MODEL})
    assert run_coverage(["."], "ITIL4", "text", None) == 2
    assert "coverage judges one model" in capsys.readouterr().err
    write(workspace, {"usm-lint.toml": "colour = true\n"})
    assert run_coverage(["model.usm"], "ITIL4", "text", None) == 2
    err = capsys.readouterr().err
    assert "configuration error" in err and "colour" in err


def test_coverage_without_files_is_an_empty_model(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    assert run_coverage(["."], "ITIL4", "text", None) == 0
    captured = capsys.readouterr()
    assert "no model file matched" in captured.err
    assert captured.out.splitlines()[-1] == "0/34 realised (0.0%)"
    assert run_coverage(["."], "ITIL4", "text", 10) == 1


def test_reference_example_realises_all_34_itil4_practices(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    reference = EXAMPLES / "reference"
    if not (reference / "practices.usm").exists():
        pytest.skip("no reference practices yet")
    monkeypatch.chdir(EXAMPLES.parent)
    assert run_coverage(["examples/reference"], "ITIL4", "text", 100) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "34/34 realised (100.0%)"


# ---- graph: mermaid -------------------------------------------------------------------

_ID = r"[A-Za-z_][A-Za-z0-9_]*"
_LABEL = r'"[^"\n]*"'
MERMAID_LINE = re.compile(
    rf"^(?:flowchart LR"
    rf"|    %%[^\n]*"
    rf"|\s+(?P<node>{_ID})(?:\[{_LABEL}\]|\(\[{_LABEL}\]\))"
    rf"|\s+(?P<source>{_ID}) --> (?P<target>{_ID})"
    rf"|    subgraph (?P<subgraph>{_ID}) \[{_LABEL}\]"
    rf"|        direction LR"
    rf"|    end)$")


def mermaid_statements(text: str) -> tuple[set[str], list[tuple[str, str]], list[str]]:
    """(node ids, edges, subgraph ids) of a Mermaid flowchart; fails on any line
    that is not a well-formed statement."""
    nodes: set[str] = set()
    edges: list[tuple[str, str]] = []
    subgraphs: list[str] = []
    lines = text.splitlines()
    assert lines[0] == "flowchart LR"
    for line in lines:
        found = MERMAID_LINE.match(line)
        assert found, f"not a well-formed mermaid statement: {line!r}"
        if found["node"]:
            nodes.add(found["node"])
        if found["source"]:
            edges.append((found["source"], found["target"]))
        if found["subgraph"]:
            subgraphs.append(found["subgraph"])
    assert sum(line.strip().startswith("subgraph ") for line in lines) == sum(
        line == "    end" for line in lines)
    keywords = {"end", "subgraph", "graph", "flowchart", "direction", "style", "class"}
    assert not (nodes | set(subgraphs)) & keywords
    for source, target in edges:
        assert source in nodes and target in nodes, (source, target)
    return nodes, edges, subgraphs


def test_mermaid_processes_flows_and_workflows(
        workspace: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_graph(".", "mermaid", None) == 0
    text = capsys.readouterr().out
    nodes, edges, subgraphs = mermaid_statements(text)
    assert {"p_Agree", "p_Recover", "p_Operate", "p_service_level"} <= nodes
    assert ("p_Recover", "p_Operate") in edges and ("p_service_level", "p_Agree") in edges
    end_id = next(n for n in nodes if n.startswith("p_end"))
    assert ("p_Recover", end_id) in edges
    assert len(subgraphs) == 2
    # the executing process is drawn differently
    assert re.search(r'^    p_Operate\(\["Operate"\]\)$', text, re.MULTILINE)
    # a workflow is a path of fragments: Recover (2 steps) -> Operate (2 steps)
    assert re.search(r'\["Recover: register, decide"\]', text)
    assert re.search(r'\["Operate: restore, close"\]', text)


def test_mermaid_escapes_labels(workspace: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_graph(".", "mermaid", None) == 0
    text = capsys.readouterr().out
    assert 'p_Agree["Agree<br/>(Contract #quot;management#quot; & more)"]' in text
    assert "%% Acme \"Shared\" Services" in text  # a comment: nothing to escape but lines
    assert mermaid_label('Say "hi" <b> #1 `x`') == '"Say #quot;hi#quot; #lt;b#gt; #35;1 #96;x#96;"'
    assert mermaid_label("two\nlines") == '"two lines"'


def test_mermaid_one_workflow(workspace: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_graph(".", "mermaid", "Wish") == 0
    _nodes, _edges, subgraphs = mermaid_statements(capsys.readouterr().out)
    assert len(subgraphs) == 1 and "Wish" in subgraphs[0]
    assert run_graph(".", "mermaid", "Wsh") == 2
    assert "did you mean `Wish`?" in capsys.readouterr().err


# ---- graph: dot -----------------------------------------------------------------------

def test_dot_strings_are_escaped() -> None:
    assert dot_string('a "b" \\ c\nd') == '"a \\"b\\" \\\\ c\\nd"'


def test_dot_structure(workspace: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_graph(".", "dot", None) == 0
    text = capsys.readouterr().out
    assert text.startswith('digraph "Acme \\"Shared\\" Services #1 <main> \\\\ desk" {')
    assert '"process Recover" -> "process end";' in text
    assert '"process service-level" -> "process Agree";' in text
    assert text.count("subgraph \"cluster_") == 2
    assert '"workflow Incident 1" -> "workflow Incident 2";' in text
    assert text.rstrip().endswith("}")


def test_graph_errors(workspace: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_graph(".", "svg", None) == 2
    assert run_graph("missing", "dot", None) == 2
    write(workspace, {"other/usm-lint.toml": "", "other/o.usm": MODEL})
    assert run_graph(".", "dot", None) == 2
    assert "graph draws one model" in capsys.readouterr().err


def test_graph_without_a_model_block(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path, {"usm-lint.toml": "",
                     "p.usm": 'process Recover {\n    activity a "Register it"\n}\n'})
    monkeypatch.chdir(tmp_path)
    assert run_graph(".", "mermaid", None) == 0
    nodes, edges, _ = mermaid_statements(capsys.readouterr().out)
    assert nodes == {"p_Recover"} and edges == []


needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz `dot` missing")


def render_svg(dot_text: str) -> ElementTree.Element:
    done = subprocess.run(["dot", "-Tsvg"], input=dot_text, capture_output=True, text=True,
                          timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert "Warning" not in done.stderr and "Error" not in done.stderr, done.stderr
    return ElementTree.fromstring(done.stdout)


def svg_text(svg: ElementTree.Element) -> list[str]:
    return [t.text or "" for t in svg.iter("{http://www.w3.org/2000/svg}text")]


@needs_dot
@pytest.mark.slow
def test_dot_renders_with_graphviz(workspace: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_graph(".", "dot", None) == 0
    texts = svg_text(render_svg(capsys.readouterr().out))
    assert 'Acme "Shared" Services #1 <main> \\ desk' in texts
    assert '(Contract "management" & more)' in texts
    assert "Incident (incident)" in texts


@needs_dot
@pytest.mark.slow
def test_reference_graph_renders_to_svg(monkeypatch: pytest.MonkeyPatch,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    reference = EXAMPLES / "reference"
    if not reference.exists():
        pytest.skip("no reference example")
    monkeypatch.chdir(EXAMPLES.parent)
    assert run_graph("examples/reference", "dot", None) == 0
    svg = render_svg(capsys.readouterr().out)
    assert svg.tag == "{http://www.w3.org/2000/svg}svg"
    texts = svg_text(svg)
    for process in ("Agree", "Change", "Recover", "Operate", "Improve"):
        assert process in texts
    assert run_graph("examples/reference", "mermaid", None) == 0
    mermaid_statements(capsys.readouterr().out)
