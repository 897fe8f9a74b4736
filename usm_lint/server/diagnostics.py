"""Findings -> LSP diagnostics (severity, code, docs link, related places)."""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Iterable
from typing import Any, cast

import attrs
from lsprotocol.types import (
    CodeDescription,
    Diagnostic,
    DiagnosticRelatedInformation,
    DiagnosticSeverity,
    DiagnosticTag,
    Location,
    Position,
    Range,
)

from usm_lint.findings import Finding, Severity
from usm_lint.model import Span
from usm_lint.rule import rule_url
from usm_lint.server.documents import Texts

SOURCE = "usm-lint"

SEVERITIES = {
    Severity.ERROR: DiagnosticSeverity.Error,
    Severity.WARNING: DiagnosticSeverity.Warning,
    Severity.INFO: DiagnosticSeverity.Information,
}

Key = tuple[object, ...]
"""What a diagnostic depends on (`_key`)."""

UNNECESSARY = frozenset({"U001"})
"""Codes whose text is dead weight: editors fade it out."""


def location(texts: Texts, span: Span) -> Location:
    return Location(texts.uri(span.file), texts.lines(span.file).range(span))


def diagnostic(finding: Finding, texts: Texts) -> Diagnostic:
    related = [DiagnosticRelatedInformation(location(texts, r.span), r.message)
               for r in finding.related]
    return Diagnostic(
        range=texts.lines(finding.span.file).range(finding.span),
        message=finding.message,
        severity=SEVERITIES[finding.severity],
        code=finding.code,
        code_description=CodeDescription(href=rule_url(finding.code)),
        source=SOURCE,
        related_information=related or None,
        tags=[DiagnosticTag.Unnecessary] if finding.code in UNNECESSARY else None,
    )


def configuration_error(message: str) -> Diagnostic:
    """A configuration that cannot be used, shown at the top of each file."""
    return Diagnostic(
        range=Range(Position(0, 0), Position(0, 0)),
        message=f"usm-lint cannot check this file: {message}",
        severity=DiagnosticSeverity.Error,
        source=SOURCE,
    )


class Converted:
    """Each file's diagnostics from the last check, reused for the findings
    that come back unchanged at unchanged lines (and, below a line added or
    removed, moved with their lines): a large file has thousands, and
    converting all their positions after each edit would cost more than
    parsing the edit."""

    def __init__(self) -> None:
        self._by_file: dict[str, tuple[int, dict[Key, Diagnostic]]] = {}
        """Each file's line count and diagnostics, by what they depend on."""
        self._json: dict[int, tuple[Diagnostic, str, str]] = {}
        """The JSON text of kept diagnostics, by identity (the diagnostic itself
        is held, so its id cannot be reused): all but the range, and the whole
        (empty until sent). A moved diagnostic shares the first with the one
        it was moved from."""

    def diagnostics(self, path: str, findings: Iterable[Finding],
                    texts: Texts) -> list[Diagnostic]:
        line_count = texts.lines(path).line_count
        last_count, last = self._by_file.get(path, (line_count, {}))
        now: dict[Key, Diagnostic] = {}
        may_move = line_count != last_count  # only where lines were added or removed
        movable: dict[Key, tuple[int, Diagnostic]] | None = None
        moved_json: dict[int, tuple[Diagnostic, str, str]] = {}
        converted = []
        place = _Places(texts)
        for finding in findings:
            key = _key(finding, place, texts.encoding)
            made = last.get(key) if key is not None else None
            if made is None and may_move and key is not None and len(key) == _PLAIN_KEY:
                if movable is None:  # the first miss: index the last ones by all but lines
                    movable = {_without_lines(k): (_line(k), d) for k, d in last.items()
                               if len(k) == _PLAIN_KEY}
                found = movable.get(_without_lines(key))
                if found is not None:
                    made = _moved(found[1], finding.span.line - found[0])
                    if (text := self._json.get(id(found[1]))) and text[0] is found[1]:
                        moved_json[id(made)] = (made, text[1], "")
            if made is None:
                made = diagnostic(finding, texts)
            if key is not None:
                now[key] = made
            converted.append(made)
        self._by_file[path] = (line_count, now)
        self._keep_json(moved_json)
        return converted

    def retain(self, paths: Collection[str]) -> None:
        """Forget the files no longer published."""
        for path in [p for p in self._by_file if p not in paths]:
            del self._by_file[path]
        self._keep_json()

    def json(self, diagnostic: Diagnostic, plain: Callable[[Diagnostic], Any]) -> str:
        """A diagnostic's JSON text (from its plain form, which `plain` makes),
        made once while it is kept; that of a moved one, from the text of the
        one it was moved from.

        The event loop calls this while sending; the worker only ever replaces
        the whole table (`_keep_json`), so neither sees the other half done."""
        known = self._json.get(id(diagnostic))
        if known is not None and known[0] is diagnostic and known[2]:
            return known[2]
        if known is None or known[0] is not diagnostic:
            fields = plain(diagnostic)
            del fields["range"]
            rest = json.dumps(fields)[1:-1]
        else:
            rest = known[1]
        start, end = diagnostic.range.start, diagnostic.range.end
        made = (f'{{"range": {{"start": {{"line": {start.line}, "character": '
                f'{start.character}}}, "end": {{"line": {end.line}, "character": '
                f'{end.character}}}}}, {rest}}}')
        self._json[id(diagnostic)] = (diagnostic, rest, made)
        return made

    def _keep_json(self, moved: dict[int, tuple[Diagnostic, str, str]] | None = None) -> None:
        table = {**self._json, **(moved or {})}
        kept = (d for _lines, diagnostics in self._by_file.values() for d in diagnostics.values())
        self._json = {id(d): table[id(d)] for d in kept if id(d) in table}


def _key(finding: Finding, place: _Places, encoding: str) -> Key | None:
    """What a finding's diagnostic depends on: what it shows of the finding,
    and the address and the lines of each place it names (None if a place
    lies past the text). Plain values only:
    hashing the finding itself (its spans are pydantic models) and comparing
    it costs more than the rest of the lookup."""
    at = place(finding.span)
    if at is None:
        return None
    key: tuple[object, ...] = (finding.code, int(finding.severity), finding.message,
                               encoding, at)
    for related in finding.related:
        other = place(related.span)
        if other is None:
            return None
        key += (related.message, other)
    return key


Place = tuple[str, int, int, int, int, str, str]
"""A place a finding names: uri, line, column, end line, end column, the texts
of its first and last lines."""


class _Places:
    """The places spans name, for one conversion (each file's address and
    lines looked up once: this runs for every finding after every edit)."""

    def __init__(self, texts: Texts) -> None:
        self._texts = texts
        self._files: dict[str, tuple[str, list[str]]] = {}

    def __call__(self, span: Span) -> Place | None:
        known = self._files.get(span.file)
        if known is None:
            known = self._files[span.file] = (self._texts.uri(span.file),
                                              self._texts.lines(span.file).lines)
        uri, lines = known
        line, end_line = span.line, span.end_line
        if not (1 <= line <= len(lines) and 1 <= end_line <= len(lines)):
            return None
        return (uri, line, span.column, end_line, span.end_column, lines[line - 1],
                lines[end_line - 1])


_PLAIN_KEY = 5
"""The length of the key of a finding that names one place."""


def _line(key: Key) -> int:
    return cast(Place, key[-1])[1]


def _without_lines(key: Key) -> Key:
    """A one-place finding's key without its line numbers (its line texts stay):
    two such findings look alike wherever their lines stand, except on line 1,
    which a byte order mark may shift."""
    uri, line, column, end_line, end_column, first, last = cast(Place, key[-1])
    return (*key[:-1], uri, line == 1, column, end_line - line, end_column, first, last)


def _moved(made: Diagnostic, lines: int) -> Diagnostic:
    start, end = made.range.start, made.range.end
    return attrs.evolve(made, range=Range(Position(start.line + lines, start.character),
                                          Position(end.line + lines, end.character)))
