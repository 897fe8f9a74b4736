"""The package finds its grammar and rules when installed, with no checkout."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest
from lark import Lark

from tests.test_parser import FULL
from usm_lint import DOCS_URL
from usm_lint.parsing.build import DIGEST_FILE, PARSER_FILE, fresh_parser, grammar_digest

ROOT = Path(__file__).parents[1]


def test_shipped_parser_tables_match_the_grammar() -> None:
    stored = (ROOT / "grammar" / DIGEST_FILE).read_text("utf-8").strip()
    assert stored == grammar_digest(), "run `python -m usm_lint.parsing.build`"


def test_shipped_parser_parses_like_a_fresh_build() -> None:
    with (ROOT / "grammar" / PARSER_FILE).open("rb") as handle:
        shipped = Lark.load(handle)
    fresh = fresh_parser()
    corpus = [FULL, *(p.read_text("utf-8") for p in sorted((ROOT / "examples").rglob("*.usm")))]
    for text in corpus:
        assert shipped.parse(text) == fresh.parse(text)


def test_docs_url_matches_pyproject() -> None:
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    assert project["urls"]["Documentation"] == DOCS_URL


@pytest.mark.slow
def test_wheel_installs_and_runs_from_another_folder(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation",
                    "--outdir", str(dist), str(ROOT)], check=True, capture_output=True)
    (wheel,) = dist.glob("*.whl")
    env_dir = tmp_path / "venv"
    venv.create(env_dir, system_site_packages=False, with_pip=False)
    python = env_dir / "bin" / "python"
    # The dependencies (and pip) come from the environment running the tests,
    # a venv or not; its `.pth` files (the editable install) stay unread.
    ask = "import sysconfig; print(sysconfig.get_paths()['purelib'])"
    site = subprocess.run([python, "-c", ask], capture_output=True, text=True,
                          check=True).stdout.strip()
    outer = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    Path(site, "outer.pth").write_text("\n".join(sorted(outer)) + "\n", "utf-8")
    subprocess.run([python, "-m", "pip", "install", "--no-deps", "--force-reinstall",
                    "--no-index", str(wheel)], check=True, capture_output=True)
    work = tmp_path / "elsewhere"
    work.mkdir()
    (work / "m.usm").write_text("process Recover {\n    code INC extra\n}\n", "utf-8")
    done = subprocess.run([python, "-c", "import usm_lint, sys; print(usm_lint.__file__)"],
                          cwd=work, capture_output=True, text=True, check=True)
    assert str(ROOT) not in done.stdout  # the wheel's copy, not the checkout
    done = subprocess.run([env_dir / "bin" / "usm-lint", "check", "m.usm"], cwd=work,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 1, done.stderr
    assert "m.usm:2:14: E001" in done.stdout
    rules = subprocess.run([env_dir / "bin" / "usm-lint", "rules"], cwd=work,
                           capture_output=True, text=True, check=True)
    assert "E001" in rules.stdout
    # The language server is in the default install: no extra, and it answers.
    metadata = subprocess.run([python, "-c", "from importlib.metadata import requires; "
                               "print(requires('usm-lint'))"],
                              capture_output=True, text=True, check=True).stdout
    assert "'pygls<3,>=2'" in metadata or "'pygls>=2,<3'" in metadata, metadata
    served = asyncio.run(_served_diagnostics([str(env_dir / "bin" / "usm-lint"), "server"],
                                             work, work / "m.usm"))
    cli = subprocess.run([env_dir / "bin" / "usm-lint", "check", "m.usm", "--format", "json"],
                         cwd=work, capture_output=True, text=True, check=False)
    assert served == sorted((f["code"], f["line"] - 1) for f in json.loads(cli.stdout))


async def _served_diagnostics(command: list[str], root: Path, path: Path
                              ) -> list[tuple[str, int]]:
    """The codes and 0-based lines a server publishes for a file it opens."""
    from benchmarks.lsp import Client

    client = await Client.start(command, root)
    try:
        client.open(path.as_uri(), path.read_text("utf-8"))
        published = await client.publish_of(path.as_uri(), 1)
        return sorted((d["code"], d["range"]["start"]["line"]) for d in published.diagnostics)
    finally:
        await client.stop()


def test_a_check_never_imports_the_language_server(tmp_path: Path) -> None:
    """pygls is a default dependency, yet a pre-commit run must not pay for it."""
    from tests.conftest import imported_by_check, write

    write(tmp_path, {"m.usm": 'process Recover {\n    activity a "Register the call"\n}\n'})
    assert imported_by_check(tmp_path, "m.usm", ("pygls", "lsprotocol", "usm_lint.server")) == []


def test_tables_saved_by_another_lark_are_rebuilt_from_the_grammar(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Lark's saved format is its own: with another version the shipped tables
    are not loaded, the parser is built from usm.lark instead."""
    from usm_lint.parsing import build, parser

    text = FULL
    expected = parser.parse(text, "m.usm").file.model_dump(mode="json")
    loaded: list[str] = []
    monkeypatch.setattr(build, "saved_with", lambda: "0.0.0-another")
    monkeypatch.setattr(parser.Lark, "load", lambda *a, **k: loaded.append("pickle"))
    parser._tables.cache_clear()
    parser._lark.cache_clear()
    try:
        assert parser.parse(text, "m.usm").file.model_dump(mode="json") == expected
        assert loaded == []  # never touched the saved tables
    finally:
        parser._tables.cache_clear()
        parser._lark.cache_clear()


def test_the_saved_tables_record_the_lark_that_saved_them() -> None:
    import lark

    from usm_lint.parsing import build

    assert build.saved_with() == lark.__version__, "run `python -m usm_lint.parsing.build`"


def test_the_import_boundaries_hold() -> None:
    """The contracts in pyproject.toml: front ends over the core, rules on the
    rule API only, and no import cycle between sibling modules (the one that
    ran context -> resolve -> errors -> rule -> context is gone)."""
    beside = Path(sys.executable).with_name("lint-imports")  # the venv's, activated or not
    command = str(beside) if beside.exists() else "lint-imports"
    run = subprocess.run([command, "--no-cache"], cwd=ROOT, capture_output=True,
                         text=True, check=False)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "3 kept, 0 broken" in run.stdout


def test_a_check_does_not_scan_for_pydantic_plugins(tmp_path: Path) -> None:
    """Pydantic's plugin scan reads every installed distribution's entry points
    (~7 ms with this machine's 160 packages); the command turns it off with
    pydantic's documented variable, unless the user set it."""
    (tmp_path / "m.usm").write_text('process Recover {\n    activity a "Register it"\n}\n',
                                    "utf-8")
    probe = ("import os, sys\n"
             "from usm_lint.launch import entry\n"
             "sys.argv = ['usm-lint', 'check', '--no-cache', '--exit-zero', '-q', 'm.usm']\n"
             "try:\n"
             "    entry()\n"
             "finally:\n"
             "    print(os.environ.get('PYDANTIC_DISABLE_PLUGINS'), file=sys.stderr)\n")
    environment = {k: v for k, v in os.environ.items() if k != "PYDANTIC_DISABLE_PLUGINS"}
    for chosen, seen in ((None, "__all__"), ("logfire", "logfire")):
        done = subprocess.run(
            [sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True,
            check=False,
            env=environment if chosen is None else {**environment,
                                                    "PYDANTIC_DISABLE_PLUGINS": chosen})
        assert (done.returncode, done.stderr.strip()) == (0, seen)
