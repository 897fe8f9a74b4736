"""`usm-lint report` (issue #18): the HTML page in a real headless Chromium (no
request leaves the file, the matrix and drawings show), the Markdown through a
Markdown parser and its Mermaid block through Mermaid itself, the GitHub
Action's steps run as the runner runs them, and the framework catalogues."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from markdown_it import MarkdownIt

from usm_lint.rules.helpers import catalogues

ROOT = Path(__file__).parents[1]
EXAMPLES = ROOT / "examples"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
BROWSER_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update",
                "--disable-sync"]
MERMAID = ROOT / "tests" / "report_tools" / "node_modules" / "mermaid" / "dist" / "mermaid.min.js"


def usm(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "usm_lint", *args], cwd=cwd,
                          capture_output=True, text=True, check=False)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's Chromium, driven by Playwright (its driver only; no download)."""
    assert Path(CHROMIUM).exists(), "install Debian's chromium (.ci/run does) to test the page"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        launched = driver.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS)
        yield launched
        launched.close()


def open_page(browser: Any, path: Path) -> tuple[Any, list[str]]:
    """The page loaded from disk, and every URL it asked for besides itself."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(path.as_uri())
    page.wait_for_load_state("networkidle")
    return page, [url for url in requests if url != path.as_uri()]


# ---- HTML ------------------------------------------------------------------------------

def test_the_reference_report_is_self_contained_and_shows_everything(
        tmp_path: Path, browser: Any) -> None:
    target = tmp_path / "reference.html"
    run = usm("report", str(EXAMPLES / "reference"), "-o", str(target), cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    page, requests = open_page(browser, target)
    assert requests == []  # no script, stylesheet, font or image from anywhere
    assert page.title() == "Meridian Shared Service Centre: USM conformance report"
    assert "All 5 processes meet every criterion" in page.inner_text("#summary")
    matrix = page.locator("table.matrix")
    assert matrix.is_visible()
    assert matrix.locator("tr").count() == 6  # a header and the five processes
    assert matrix.locator("td.pass").count() == 5 * 12
    drawings = page.locator("svg.graph")
    assert drawings.count() == 1 + 8  # the map and the eight workflows
    assert drawings.first.is_visible()
    assert drawings.first.locator("g.executes text").first.text_content() == "Operate"
    box = drawings.first.bounding_box()
    assert box is not None and box["width"] > 100 and box["height"] > 100
    coverage = page.inner_text("#coverage")
    for line in ("ITIL4: 34/34 realised", "ASL2: 26/26 realised", "BiSL: 23/23 realised",
                 "ISO20000: 21/21 realised",
                 "29/29 realised of APO, BAI and DSS"):
        assert line in coverage, line
    page.close()


def test_the_matrix_links_to_the_findings_and_the_filter_hides_them(
        tmp_path: Path, browser: Any) -> None:
    target = tmp_path / "handbook.html"
    assert usm("report", str(EXAMPLES / "handbook"), "-o", str(target),
               cwd=tmp_path).returncode == 0
    page, requests = open_page(browser, target)
    assert requests == []
    link = page.locator("table.matrix td.fail a").first
    anchor = link.get_attribute("href")
    assert anchor is not None and anchor.startswith("#f-")
    finding = page.locator(anchor)
    assert finding.count() == 1 and "finding" in (finding.get_attribute("class") or "")
    first = page.locator("article.finding.warning").first
    assert first.locator("pre.source mark").count() == 1  # the span, marked in its source
    assert first.locator("a").first.get_attribute("href", timeout=1000).startswith(
        "https://usm-lint.readthedocs.io/en/latest/rules/")
    assert first.is_visible()
    page.uncheck("input[value=warning]")
    assert not first.is_visible()
    assert page.locator("article.finding.error").first.is_visible()
    page.close()


def test_the_report_reads_without_javascript_and_escapes_the_model(
        tmp_path: Path, browser: Any) -> None:
    (tmp_path / "m.usm").write_text(
        'model M {\n    title "<script>alert(1)</script> & co"\n    processes Recover\n}\n'
        'process Recover {\n    activity a "<b>Incident</b> registration"\n}\n', "utf-8")
    page_path = tmp_path / "m.html"
    assert usm("report", "m.usm", "-o", str(page_path), cwd=tmp_path).returncode == 0
    text = page_path.read_text("utf-8")
    assert "<script>alert" not in text and "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(page_path.as_uri())
    assert page.locator("article.finding").first.is_visible()
    assert "<b>Incident</b> registration" in page.inner_text("#findings")
    context.close()


def test_the_documentation_screenshots_are_regenerated_by_the_script(tmp_path: Path) -> None:
    for example in ("reference", "gaps"):
        image = ROOT / "docs" / "images" / f"report-{example}.png"
        assert image.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", image
    script = (ROOT / "docs" / "screenshots.py").read_text("utf-8")
    assert '"report"' in script and "report-{example}.png" in script


def test_report_exit_codes_and_formats(tmp_path: Path) -> None:
    run = usm("report", str(EXAMPLES / "handbook"), "--format", "html", cwd=tmp_path)
    assert run.returncode == 0 and run.stdout.startswith("<!doctype html>")  # reports, no gate
    assert usm("report", str(EXAMPLES / "gaps"), cwd=tmp_path).returncode == 2  # no format
    run = usm("report", str(EXAMPLES / "gaps"), "-o", "r.pdf", cwd=tmp_path)
    assert run.returncode == 2 and "write .html or .md" in run.stderr
    run = usm("report", str(tmp_path / "missing"), "--format", "markdown", cwd=tmp_path)
    assert run.returncode == 2
    run = usm("report", str(EXAMPLES / "gaps"), str(EXAMPLES / "reference"), "--format",
              "markdown", cwd=tmp_path)
    assert run.returncode == 2 and "one model" in run.stderr


# ---- Markdown ----------------------------------------------------------------------------

def _markdown(tmp_path: Path, example: str, *extra: str) -> str:
    run = usm("report", str(EXAMPLES / example), "--format", "markdown", *extra, cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    return run.stdout


def test_markdown_parses_into_tables_a_mermaid_block_and_a_capped_list(tmp_path: Path) -> None:
    text = _markdown(tmp_path, "handbook", "--max-findings", "10")
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    tables = [t for t in tokens if t.type == "table_open"]
    assert len(tables) == 4  # summary, matrix, findings, framework coverage
    fences = [t for t in tokens if t.type == "fence"]
    assert [f.info for f in fences] == ["mermaid"]
    rows = [t for t in tokens if t.type == "tr_open"]
    matrix_rows = text.split("## Conformance")[1].split("## Process map")[0].count("\n| ") - 2
    assert matrix_rows == 9  # eight processes and the model row
    # The summary counts every process of the matrix, also one the model does not
    # list (ProblemManagement): it said 7 of the 8 rows.
    assert text.split("\n| ---: |")[1].split("\n")[1].startswith("| 8 | 40 |")
    coverage_rows = 1 + 1  # a header and ITIL4, the one framework the handbook claims
    assert len(rows) == 2 + (matrix_rows + 1) + 11 + coverage_rows
    total = json.loads(usm("check", str(EXAMPLES / "handbook"), "--format", "json",
                           cwd=tmp_path).stdout)
    assert f"and {len(total) - 10} more" in text
    for cell_text in re.findall(r"^\| .*\|$", text, re.MULTILINE):
        assert cell_text.count("|") - cell_text.count("\\|") in (5, 7, 14)  # columns intact


def test_the_mermaid_block_renders_in_mermaid(tmp_path: Path, browser: Any) -> None:
    npm = shutil.which("npm")
    assert npm, "the Mermaid check needs Node.js"
    if not MERMAID.exists():
        subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=MERMAID.parents[3],
                       check=True, capture_output=True)
    block = _markdown(tmp_path, "reference").split("```mermaid\n")[1].split("```")[0]
    page = browser.new_page()
    page.set_content("<html><body></body></html>")
    page.add_script_tag(path=str(MERMAID))
    result = page.evaluate(
        """async (text) => {
             mermaid.initialize({ startOnLoad: false });
             const parsed = await mermaid.parse(text);
             const { svg } = await mermaid.render("m", text);
             return [parsed !== false, svg.length];
           }""", block)
    assert result[0] is True and result[1] > 1000
    page.close()


# ---- the GitHub Action ---------------------------------------------------------------------

def _expand(text: str, values: dict[str, str]) -> str:
    return re.sub(r"\$\{\{\s*([^}]+?)\s*\}\}", lambda m: values[m.group(1)], text)


def test_the_action_checks_annotates_and_summarises(tmp_path: Path) -> None:
    """Each step's script run by bash, with the runner's variables, as GitHub runs it;
    `python` is a stand-in that records the install (the test environment keeps its
    own usm-lint)."""
    action = yaml.safe_load((ROOT / "action.yml").read_text("utf-8"))
    assert action["runs"]["using"] == "composite"
    workspace = tmp_path / "repo"
    shutil.copytree(EXAMPLES / "gaps", workspace / "models")
    shim = tmp_path / "bin"
    shim.mkdir()
    (shim / "python").write_text(f'#!/bin/sh\necho "$@" >> {tmp_path / "installed"}\n')
    (shim / "python").chmod(0o755)
    usm_lint = shutil.which("usm-lint")
    assert usm_lint is not None
    (shim / "usm-lint").symlink_to(usm_lint)
    summary, outputs = tmp_path / "summary.md", tmp_path / "outputs"
    env = {**os.environ, "PATH": f"{shim}{os.pathsep}{os.environ['PATH']}",
           "GITHUB_STEP_SUMMARY": str(summary), "GITHUB_OUTPUT": str(outputs),
           "GITHUB_WORKSPACE": str(workspace)}
    values = {f"inputs.{name}": str(spec.get("default", ""))
              for name, spec in action["inputs"].items()}
    values.update({"inputs.paths": "models", "github.action_path": str(ROOT)})
    results = []
    for step in action["runs"]["steps"]:
        if "steps.check.outputs.code" in json.dumps(step):
            code = outputs.read_text("utf-8").strip().split("=")[1]
            values["steps.check.outputs.code"] = code
        step_env = {**env, **{k: _expand(str(v), values) for k, v in step.get("env", {}).items()}}
        done = subprocess.run(["bash", "-e", "-c", step["run"]], cwd=workspace, env=step_env,
                              capture_output=True, text=True, check=False)
        results.append(done)
    install, check, report, result = results
    assert install.returncode == 0, install.stderr
    assert (tmp_path / "installed").read_text().split() == ["-m", "pip", "install", "--quiet",
                                                             str(ROOT)]
    assert "::error file=models/practices.usm" in check.stdout  # an annotation on the PR
    assert "code=1" in outputs.read_text("utf-8")
    assert report.returncode == 0
    text = summary.read_text("utf-8")
    assert text.startswith("# A small IT shop: USM conformance report")
    assert "```mermaid" in text and "| ITIL4 | 3 | 34 | 8.8 |" in text
    assert result.returncode == 1  # the job fails as `usm-lint check` does


# ---- the framework catalogues --------------------------------------------------------------

@pytest.mark.parametrize(("framework", "size"), [
    ("COBIT5", 37), ("ASL2", 26), ("BiSL", 23), ("ISO20000", 21)])
def test_the_new_catalogues_cite_their_source_and_have_their_size(framework: str,
                                                                 size: int) -> None:
    found = catalogues.catalogue(framework)
    assert found is not None and len(found.entries) == size
    text = (ROOT / "rules" / "data" / catalogues.FRAMEWORKS[framework]).read_text("utf-8")
    assert re.search(r"\(\w[^)]*(19|20)\d\d", text.split("\n\n")[0]), "the source and year"


def test_the_summary_counts_the_declared_processes(tmp_path: Path) -> None:
    """A name the model lists but nothing declares is no process (E002's)."""
    (tmp_path / "usm-lint.toml").write_text("", "utf-8")
    (tmp_path / "m.usm").write_text(
        'model M {\n    processes Recover, Ghost\n}\n'
        'process Recover {\n    activity a "Restore the service"\n}\n'
        'process Extra {\n    activity b "Register the request"\n}\n', "utf-8")
    run = usm("report", str(tmp_path), "--format", "markdown", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert run.stdout.split("\n| ---: |")[1].split("\n")[1].startswith("| 2 | 2 |")


def test_cobit5_counts_the_29_management_processes(tmp_path: Path) -> None:
    run = usm("coverage", str(EXAMPLES / "reference"), "--framework", "COBIT5", "--format",
              "json", cwd=tmp_path)
    document = json.loads(run.stdout)
    assert (document["realised"], document["total"]) == (29, 37)
    assert document["subsets"] == [{"description": "APO, BAI and DSS (the 29 management "
                                                   "processes USM realises)",
                                    "realised": 29, "total": 29}]
    assert catalogues.lookup("ISO20000", "8.6.1") == catalogues.lookup(
        "ISO20000", "Incident management")


def test_f001_knows_the_new_catalogues(tmp_path: Path) -> None:
    (tmp_path / "m.usm").write_text(
        'process Recover {\n    activity a "Register the call"\n}\n'
        'practice P {\n    framework ISO20000 "8.6.1 Incident managment"\n'
        '    framework BiSL "End user support"\n    realised-by Recover\n}\n', "utf-8")
    run = usm("check", "m.usm", "--select", "F001", "--format", "json", cwd=tmp_path)
    (finding,) = json.loads(run.stdout)
    assert "8.6.1 Incident management" in finding["message"]
