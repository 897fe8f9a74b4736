"""`usm-lint convert FILE.bpmn`: a BPMN model as `.usm` text, on stdout or `--output`.

What the text leaves out is said twice: as comments where it was (see
usm_lint/bpmn/convert.py) and in a one-line summary on stderr.
"""

from __future__ import annotations

import os
from pathlib import Path

from usm_lint.commands.output import display_path, emit, note
from usm_lint.config import ConfigError
from usm_lint.discovery import BPMN_SUFFIX, SUFFIX, Discoverer
from usm_lint.source import read_source


def _shown(path: Path) -> str:
    return display_path(str(path), Path.cwd())


def run_convert(name: str, output: str | None) -> int:
    path = Path(os.path.abspath(name))
    if not name.lower().endswith(BPMN_SUFFIX):
        hint = " (it is USM text already)" if name.endswith(SUFFIX) else ""
        note(f"{name}: convert expects a .bpmn file{hint}")
        return 2
    try:
        config = Discoverer(Path.cwd()).named_file(path).config
    except ConfigError as error:
        note(f"configuration error: {error}")
        return 2
    source = read_source(str(path), config.max_file_bytes)
    if source.text is None:
        problem = source.problem
        note(f"{_shown(path)}: {problem.code} {problem.message}" if problem else
             f"{_shown(path)}: cannot be read")
        return 1
    from usm_lint.bpmn.convert import convert  # only this command needs the XML reader
    from usm_lint.bpmn.importer import import_bpmn

    file, problems = import_bpmn(source.text, str(path))
    if problems:
        for problem in problems:
            note(f"{_shown(path)}:{problem.span.line}:{problem.span.column}: {problem.code} "
                 f"{problem.message}")
        return 1
    conversion = convert(file, path.name)
    emit(conversion.text, output)
    note(conversion.summary(_shown(path)))
    return 0
