"""Coverage-guided fuzzing of loader + parser + rules with atheris.

Run (atheris from PyPI):  python tests/fuzz_usm.py -max_total_time=600 -rss_limit_mb=4096
Any crash found goes into tests/fuzz_regressions/ and is replayed by
tests/test_hostile.py.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import atheris

with atheris.instrument_imports():
    from usm_lint.engine.runner import check_workspace
    from usm_lint.lint import lint_paths
    from usm_lint.rules import RULES
    from usm_lint.source import decode

_ = check_workspace  # instrumented with the rest of the engine


def one_input(data: bytes) -> None:
    source = decode("fuzz.usm", data)
    if source.text is None:
        return
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz.usm"
        (Path(folder) / "usm-lint.toml").write_text("")
        path.write_bytes(data)
        lint_paths([str(path)], RULES, Path(folder))


def main() -> None:
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
