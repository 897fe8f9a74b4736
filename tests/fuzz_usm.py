"""Coverage-guided fuzzing of loader + parser/BPMN importer + rules with atheris.

Run (atheris from PyPI), seeding the corpus with the examples and the BPMN samples:

    mkdir -p /tmp/corpus
    cp --backup=numbered examples/*/*.usm tests/data/bpmn-miwg/*.bpmn /tmp/corpus/
    python tests/fuzz_usm.py /tmp/corpus -max_total_time=600 -rss_limit_mb=4096

An input that starts with `<` is checked as a `.bpmn` file of a workspace with
`bpmn = true`, any other as a `.usm` file. Any crash found goes into
tests/fuzz_regressions/ and is replayed by tests/test_hostile.py.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import atheris

with atheris.instrument_imports():
    from usm_lint.bpmn import importer
    from usm_lint.lint import lint_paths
    from usm_lint.parsing import parser
    from usm_lint.rules import RULES
    from usm_lint.workspace import LoadOptions

_INSTRUMENTED = (importer, parser)  # imported for their coverage, reached through lint_paths
_NO_CACHE = LoadOptions(cache=False)


def one_input(data: bytes) -> None:
    bpmn = data.lstrip().startswith(b"<")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / ("fuzz.bpmn" if bpmn else "fuzz.usm")
        (Path(folder) / "usm-lint.toml").write_text("bpmn = true\n" if bpmn else "")
        path.write_bytes(data)
        lint_paths([str(path)], RULES, Path(folder), load=_NO_CACHE)


def main() -> None:
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
