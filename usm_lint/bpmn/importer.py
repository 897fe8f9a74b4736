"""A `.bpmn` file's text -> a `File` of the USM model, or an E001 saying why not.

The loader calls this for `.bpmn` files (usm_lint/loader.py) as it calls
the parser for `.usm` files; reading bytes into text (E004, E005) is shared.
"""

from __future__ import annotations

from usm_lint import error_rules
from usm_lint.bpmn.mapping import map_processes
from usm_lint.bpmn.positions import Positions
from usm_lint.bpmn.reader import ReadError, read_xml
from usm_lint.findings import Finding
from usm_lint.model import File


def import_bpmn(text: str, path: str) -> tuple[File, list[Finding]]:
    positions = Positions(path, text)
    try:
        processes = map_processes(read_xml(positions), positions)
    except ReadError as error:
        span = positions.span(error.offset, min(error.offset + 1, len(text)))
        return File(path=path), [error_rules.E001.finding(span, error.message)]
    return File(path=path, processes=processes), []
