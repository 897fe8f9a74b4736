"""The documentation site (docs/, MkDocs): generated pages current, every link a
finding gives a page of the site, the site builds strictly (issue #16)."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from usm_lint import DOCS_URL
from usm_lint.registry import RULES
from usm_lint.rule import rule_url

ROOT = Path(__file__).parents[1]


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("docs_generate", ROOT / "docs" / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_generated_pages_are_current() -> None:
    for path, text in _generator().pages().items():
        assert path.read_text("utf-8") == text, f"{path} is stale: run `python docs/generate.py`"


def test_a_rule_page_holds_the_rules_examples() -> None:
    page = (ROOT / "docs" / "rules" / "C0203.md").read_text("utf-8")
    rule = next(r for r in RULES if r.code == "C0203")
    assert rule.failing is not None and rule.failing.strip() in page
    assert rule.summary in page and rule.rationale in page


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("site")
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d",
                          str(target)], cwd=ROOT, capture_output=True, text=True, check=False,
                         env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"})
    assert run.returncode == 0, run.stderr
    return target


def test_every_url_a_finding_links_to_is_a_page_of_the_site(site: Path) -> None:
    for rule in RULES:
        url = rule_url(rule.code)
        assert url.startswith(DOCS_URL)
        page = site / url.removeprefix(DOCS_URL).strip("/") / "index.html"
        assert page.is_file(), url
        assert rule.name in page.read_text("utf-8")


def test_the_readme_links_into_the_repository_only(site: Path) -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    for target in re.findall(r"\]\((?!https?://)([^)#]+)", readme):
        assert (ROOT / target).exists(), target
    assert "LANGUAGE.md" not in readme and "RULES.md" not in readme
    assert "in the specification" not in readme
