"""The VS Code extension (editors/vscode), tested with the pieces of VS Code that
run here: its TextMate tokenizer (vscode-textmate, through
vscode-tmgrammar-snap) over every example and a file of every construct, the
client through `tsc` against `@types/vscode`, the manifest through `vsce
package`, and the executable lookup through Node's test runner (issue #17)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from usm_lint import __version__

ROOT = Path(__file__).parents[1]
EXTENSION = ROOT / "editors" / "vscode"
GRAMMAR = EXTENSION / "syntaxes" / "usm.tmLanguage.json"


@pytest.fixture(scope="module")
def npm() -> str:
    """npm, with the extension's locked dependencies installed."""
    found = shutil.which("npm")
    assert found, "the VS Code extension is built with npm: install Node.js"
    if not (EXTENSION / "node_modules" / ".bin" / "vsce").exists():
        subprocess.run([found, "ci", "--no-audit", "--no-fund"], cwd=EXTENSION, check=True,
                       capture_output=True)
    return found


def test_the_extension_and_the_package_share_a_version() -> None:
    manifest = json.loads((EXTENSION / "package.json").read_text("utf-8"))
    lock = json.loads((EXTENSION / "package-lock.json").read_text("utf-8"))
    assert manifest["version"] == lock["version"] == __version__


def test_typecheck_unit_tests_and_grammar_snapshots_pass(npm: str) -> None:
    run = subprocess.run([npm, "test"], cwd=EXTENSION, capture_output=True, text=True,
                         check=False)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    snapshots = {p.name for p in (EXTENSION / "tests" / "grammar" / "snapshots").glob("*.snap")}
    for model in (ROOT / "examples").rglob("*.usm"):
        name = "examples__" + "__".join(model.relative_to(ROOT / "examples").parts) + ".snap"
        assert name in snapshots, f"{model} has no grammar snapshot"


def test_package_builds_a_vsix_of_the_packages_version(npm: str) -> None:
    run = subprocess.run([npm, "run", "package"], cwd=EXTENSION, capture_output=True,
                         text=True, check=False)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    vsix = EXTENSION / f"usm-lint-{__version__}.vsix"
    with zipfile.ZipFile(vsix) as archive:
        names = set(archive.namelist())
        manifest = json.loads(archive.read("extension/package.json"))
    assert {"extension/dist/extension.js", "extension/syntaxes/usm.tmLanguage.json",
            "extension/language-configuration.json", "extension/snippets/usm.json"} <= names
    assert not any(n.startswith("extension/node_modules/") for n in names)  # bundled
    contributes = manifest["contributes"]
    assert contributes["languages"][0]["extensions"] == [".usm"]
    assert contributes["grammars"][0]["scopeName"] == "source.usm"
    assert contributes["commands"][0]["title"] == "Restart server"
    assert "usm-lint.path" in contributes["configuration"]["properties"]


def test_the_grammar_knows_every_keyword_of_the_language() -> None:
    lark = (ROOT / "grammar" / "usm.lark").read_text("utf-8")
    keywords = set(re.findall(r'^[A-Z_]+: "([a-z-]+)"', lark, re.MULTILINE))
    grammar = GRAMMAR.read_text("utf-8")
    missing = {k for k in keywords if not re.search(rf"[(|]{re.escape(k)}[)|]", grammar)}
    assert not missing, missing


def test_language_configuration_comments_brackets_and_folding() -> None:
    config = json.loads((EXTENSION / "language-configuration.json").read_text("utf-8"))
    assert config["comments"]["lineComment"] == "#"
    pairs = {(p["open"], p["close"]) for p in config["autoClosingPairs"]}
    assert {("{", "}"), ('"', '"'), ('"""', '"""')} <= pairs
    assert re.search(config["folding"]["markers"]["start"], "process Recover {  # note")
    assert re.search(config["indentationRules"]["decreaseIndentPattern"], "    }")


def test_snippets_make_models_that_parse(tmp_path: Path) -> None:
    from usm_lint.parsing.parser import parse

    snippets = json.loads((EXTENSION / "snippets" / "usm.json").read_text("utf-8"))
    assert set(snippets) == {"Process", "Workflow", "Model"}
    for snippet in snippets.values():
        body = "\n".join(snippet["body"])
        # Expand as VS Code does with the defaults: ${1:x} -> x, ${2|a,b|} -> a, $0 -> "".
        text = re.sub(r"\$\{\d+\|([^,|]+)[^}]*\}", r"\1", body)
        text = re.sub(r"\$\{\d+:([^}]*)\}", r"\1", text)
        text = re.sub(r"\$\d+", "", text)
        result = parse(text, "snippet.usm")
        assert [f.code for f in result.findings] == [], text
