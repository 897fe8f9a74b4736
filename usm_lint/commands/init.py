"""`usm-lint init [FOLDER]`: a configuration and a starter model that pass.

The files are package data (usm_lint/starter/): the five USM processes with
their flows and the eight workflow templates, or with `--minimal` one
process. Nothing is overwritten: if any file to write exists, nothing is
written (exit 2).
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from usm_lint.commands.output import note
from usm_lint.config import CONFIG_FILE
from usm_lint.fileio import write_atomic

FULL = {CONFIG_FILE: "usm-lint.toml", "model.usm": "model.usm",
        "workflows.usm": "workflows.usm"}
MINIMAL = {CONFIG_FILE: "usm-lint.toml", "model.usm": "minimal.usm"}


def run_init(folder: str, minimal: bool) -> int:
    target = Path(folder)
    files = MINIMAL if minimal else FULL
    existing = [name for name in files if (target / name).exists()]
    if existing:
        note(f"init: not written: {', '.join(str(target / n) for n in existing)} already "
             f"exist{'s' if len(existing) == 1 else ''}; usm-lint init never overwrites a file")
        return 2
    starter = resources.files("usm_lint").joinpath("starter")
    try:
        target.mkdir(parents=True, exist_ok=True)
        for name, template in files.items():
            write_atomic(str(target / name), starter.joinpath(template).read_bytes())
    except OSError as error:
        note(f"init: cannot write in {target}: {error.strerror or error}")
        return 2
    shown = "" if folder == "." else f" {folder}"
    note(f"wrote {', '.join(files)}; check them with `usm-lint check{shown}`")
    return 0
