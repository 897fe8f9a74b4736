"""The server's pieces without a client: positions, documents, completion,
the failure guard, what the worker keeps between checks. Expected UTF-16
columns are counted by hand."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lsprotocol.types import (
    Diagnostic,
    Position,
    PublishDiagnosticsNotification,
    PublishDiagnosticsParams,
    Range,
    TextDocumentContentChangePartial,
    TextDocumentContentChangeWholeDocument,
)
from pygls.exceptions import JsonRpcInvalidParams
from pygls.protocol import default_converter

from usm_lint.cache import ParseEntry
from usm_lint.findings import Finding, Related, Severity
from usm_lint.model import Span
from usm_lint.parsing.parser import parse
from usm_lint.server.completion import block_at, complete
from usm_lint.server.diagnostics import Converted
from usm_lint.server.documents import Document, Documents, Texts, path_of, uri_of
from usm_lint.server.handlers import guarded
from usm_lint.server.parses import Parses
from usm_lint.server.positions import (
    UTF8,
    UTF16,
    UTF32,
    LineIndex,
    from_lsp,
    to_lsp,
    units,
    width,
)
from usm_lint.server.protocol import FENCED, publish_body
from usm_lint.server.server import create_server

# Column (1-based code points) of `x` on the second line: after ◊ (U+25CA,
# one UTF-16 unit, three UTF-8 bytes), é (one unit, two bytes) and 🚀
# (U+1F680, astral: two UTF-16 units, four UTF-8 bytes).
TEXT = 'role R "r"\n  ◊ café 🚀 x\n'
X = (2, 12)


def test_ascii_is_the_same_minus_one() -> None:
    assert to_lsp("abc\ndef\n", 2, 3) == Position(1, 2)
    assert from_lsp("abc\ndef\n", Position(1, 2)) == (2, 3)


def test_utf16_counts_astral_characters_twice() -> None:
    assert TEXT.splitlines()[1][X[1] - 1] == "x"
    assert to_lsp(TEXT, *X) == Position(1, 12)
    assert to_lsp(TEXT, *X, encoding=UTF32) == Position(1, 11)
    assert to_lsp(TEXT, *X, encoding=UTF8) == Position(1, 17)
    for encoding in (UTF8, UTF16, UTF32):
        assert from_lsp(TEXT, to_lsp(TEXT, *X, encoding=encoding), encoding) == X


def test_a_position_inside_a_surrogate_pair_moves_past_it() -> None:
    # UTF-16 column 10 is the middle of 🚀 (columns 9 and 10): no code point starts there.
    assert from_lsp(TEXT, Position(1, 10)) == (2, 11)


def test_ranges_have_exclusive_ends() -> None:
    lines = LineIndex(TEXT)
    span = Span(file="f", line=2, column=10, end_line=2, end_column=13)  # `🚀 x`
    assert lines.range(span) == Range(Position(1, 9), Position(1, 13))


def test_positions_are_clamped() -> None:
    lines = LineIndex("ab\r\ncd")
    assert lines.to_lsp(1, 99) == Position(0, 2)  # never between \r and \n
    assert lines.to_lsp(9, 1) == Position(1, 2)
    assert lines.from_lsp(Position(0, 99)) == (1, 3)
    assert lines.from_lsp(Position(7, 0)) == (2, 3)
    assert lines.whole() == Range(Position(0, 0), Position(1, 2))


def test_a_bom_in_the_buffer_shifts_line_one() -> None:
    # The core counts columns without the BOM; the editor's buffer holds it.
    lines = LineIndex("\ufeffrole R\nrole T\n")
    assert lines.to_lsp(1, 6) == Position(0, 6)
    assert lines.from_lsp(Position(0, 6)) == (1, 6)
    assert lines.to_lsp(2, 6) == Position(1, 5)


def test_incremental_changes_use_utf16_ranges() -> None:
    documents = Documents()
    uri = uri_of("/tmp/w/a.usm")
    assert path_of(uri) == "/tmp/w/a.usm"
    documents.open(uri, 1, TEXT)
    # Replace `x` (UTF-16 column 12 on line 1) with `yes`.
    changed = documents.change(uri, 2, [TextDocumentContentChangePartial(
        range=Range(Position(1, 12), Position(1, 13)), text="yes")])
    assert changed is not None and changed.text == 'role R "r"\n  ◊ café 🚀 yes\n'
    whole = documents.change(uri, 3, [TextDocumentContentChangeWholeDocument(text="")])
    assert whole is not None and (whole.text, whole.version) == ("", 3)
    assert documents.open("untitled:1", 1, "x") is None
    assert documents.open(uri_of("/tmp/w/notes.txt"), 1, "x") is None


def test_completion_knows_the_block() -> None:
    text = "process P {\n    activity a \"Do\"\n    \n}\n"
    tokens = parse(text, "t").tokens
    assert block_at(tokens, 3, 5) == "process"
    assert block_at(tokens, 4, 2) is None
    labels = {item.label for item in complete("    ", tokens, 3, 5, None)}
    assert {"activity", "purpose", "subprocess", "control"} <= labels
    assert "step" not in labels
    assert complete('    activity a "Do ', tokens, 2, 20, None) == []
    assert complete("    # step ", tokens, 3, 12, None) == []


def test_a_failing_handler_is_logged_and_answers_nothing(
        monkeypatch: pytest.MonkeyPatch) -> None:
    server = create_server()
    logged: list[str] = []
    monkeypatch.setattr(server, "log", lambda message, kind=None: logged.append(message))

    def broken(params: object) -> str:
        raise ValueError("boom")

    async def broken_async(params: object) -> str:
        raise ValueError("async boom")

    assert guarded(server, broken)(None) is None
    assert asyncio.run(guarded(server, broken_async)(None)) is None
    assert "broken failed" in logged[0] and "ValueError: boom" in logged[0]
    assert "async boom" in logged[1]
    server.worker.shutdown()


@given(st.text(st.characters(blacklist_categories=())),  # lone surrogates too
       st.sampled_from([UTF8, UTF16, UTF32]))
def test_width_counts_code_units(text: str, encoding: str) -> None:
    assert width(text, encoding) == sum(units(char, encoding) for char in text)


def finding_at(line: int, column: int) -> Finding:
    span = Span(file="/w/a.usm", line=line, column=column, end_line=line, end_column=column + 1)
    return Finding("C0401", "practical-condition-in-process", Severity.ERROR, span, "m")


def test_diagnostics_are_reused_while_their_lines_are_unchanged() -> None:
    converted = Converted()
    before = Texts({"/w/a.usm": Document("file:///w/a.usm", "/w/a.usm", 1, "ab\ncd\n")})
    first, second = converted.diagnostics("/w/a.usm", [finding_at(1, 2), finding_at(2, 2)],
                                          before)
    # `é` typed on line 1: line 2's diagnostic is the same object, line 1's is new.
    after = Texts({"/w/a.usm": Document("file:///w/a.usm", "/w/a.usm", 2, "éab\ncd\n")})
    again, same = converted.diagnostics("/w/a.usm", [finding_at(1, 2), finding_at(2, 2)],
                                        after)
    assert same is second and again is not first
    assert again.range == Range(Position(0, 1), Position(0, 2))
    # A finding past the end of the text is converted, clamped, and not kept.
    (past,) = converted.diagnostics("/w/a.usm", [finding_at(9, 1)], after)
    assert past.range.start == Position(2, 0)
    converted.retain(set())
    (fresh,) = converted.diagnostics("/w/a.usm", [finding_at(2, 2)], after)
    assert fresh is not same and fresh == same


def test_open_documents_are_parsed_incrementally_other_files_kept_by_text(
        tmp_path: Path) -> None:
    parses = Parses()
    opened, closed = str(tmp_path / "open.usm"), str(tmp_path / "closed.usm")
    parses.follow({opened})
    entry = parses.get(opened, "process P {\n}\n")
    assert entry is not None and entry.file == parse("process P {\n}\n", opened).file
    assert parses.get(closed, "role R \"r\"\n") is None  # not parsed yet: the loader parses
    kept = ParseEntry.model_construct(file=parse("role R \"r\"\n", closed).file, findings=[])
    parses.put(closed, "role R \"r\"\n", kept)
    assert parses.get(closed, "role R \"r\"\n") is kept
    assert parses.get(closed, "role S \"s\"\n") is None  # changed on disk
    parses.forget(tmp_path, [opened])  # deleted from the workspace
    assert parses.get(closed, "role R \"r\"\n") is None
    parses.follow(set())  # closed in the editor: parsed whole again, then kept
    assert parses.get(opened, "process P {\n}\n") is None


@given(st.lists(st.sampled_from(["ab", "cd", "é◊x", "", "ab"]), min_size=3, max_size=8),
       st.integers(0, 3), st.integers(-2, 3))
def test_diagnostics_moved_with_their_lines_equal_fresh_ones(
        lines: list[str], at: int, added: int) -> None:
    """Below a line added or removed, a kept diagnostic moves with its line
    (`é◊` before a column: its UTF-16 character stays right)."""
    def texts(lines: list[str]) -> Texts:
        return Texts({"/w/a.usm": Document("file:///w/a.usm", "/w/a.usm", 1,
                                           "\n".join(lines) + "\n")})

    def findings(lines: list[str]) -> list[Finding]:
        return [finding_at(n, 3) for n in range(1, len(lines) + 1)]

    plain = default_converter().unstructure
    converted = Converted()
    for made in converted.diagnostics("/w/a.usm", findings(lines), texts(lines)):
        converted.json(made, plain)  # sent: moved ones share this text
    # `added` lines inserted at line `at`, or as many removed there.
    edited = lines[:at] + ["new"] * added + lines[at - min(added, 0):]
    kept = converted.diagnostics("/w/a.usm", findings(edited), texts(edited))
    fresh = Converted().diagnostics("/w/a.usm", findings(edited), texts(edited))
    assert kept == fresh
    assert [json.loads(converted.json(d, plain)) for d in kept] == [plain(d) for d in fresh]


def test_a_kept_diagnostic_is_turned_into_json_once() -> None:
    converted = Converted()
    texts = Texts({"/w/a.usm": Document("file:///w/a.usm", "/w/a.usm", 1, "ab\ncd\n")})
    plain = default_converter().unstructure

    made: list[Diagnostic] = []

    def counted(diagnostic: Diagnostic) -> Any:
        made.append(diagnostic)
        return plain(diagnostic)

    def piece(diagnostics: list[Diagnostic]) -> str:
        return converted.json(diagnostics[0], counted)

    diagnostics = converted.diagnostics("/w/a.usm", [finding_at(2, 2)], texts)
    first = piece(diagnostics)
    assert json.loads(first) == plain(diagnostics[0])
    assert json.loads(first)["range"] == {"start": {"line": 1, "character": 1},
                                          "end": {"line": 1, "character": 2}}
    assert piece(diagnostics) == first and len(made) == 1
    below = Texts({"/w/a.usm": Document("file:///w/a.usm", "/w/a.usm", 2, "new\nab\ncd\n")})
    moved = converted.diagnostics("/w/a.usm", [finding_at(3, 2)], below)
    assert moved[0] is not diagnostics[0]  # moved one line down, its JSON but the range kept
    assert json.loads(piece(moved)) == plain(moved[0]) and len(made) == 1
    assert json.loads(piece(moved))["range"]["start"] == {"line": 2, "character": 1}
    converted.diagnostics("/w/a.usm", [], texts)  # the finding is gone: so is its JSON
    assert piece(diagnostics) == first and len(made) == 2


@pytest.mark.parametrize("version", [None, 7])
def test_published_diagnostics_read_as_pyglss_own_encoding(version: int | None) -> None:
    converted = Converted()
    text = "process P {\n    activity é \"Act ◊ \\\" quoted\"\n}\n"
    texts = Texts({"/w/a.usm": Document("file:///w/a%20b.usm", "/w/a.usm", 1, text)})
    span = Span(file="/w/a.usm", line=2, column=16, end_line=2, end_column=31)
    paired = Finding("C0901", "duplicate-activity", Severity.WARNING, span,
                     'activity `é` says "Act ◊ \\" quoted"',
                     (Related(finding_at(1, 9).span, "the other — activity"),))
    findings = [finding_at(2, 5), paired, finding_at(3, 1)]
    diagnostics = converted.diagnostics("/w/a.usm", findings, texts)
    message = PublishDiagnosticsNotification(params=PublishDiagnosticsParams(
        uri="file:///w/a%20b.usm", diagnostics=diagnostics, version=version))
    pygls = default_converter()
    body = publish_body(message, converted, pygls.unstructure)
    assert body.isascii()  # the frame counts characters as bytes
    assert json.loads(body) == json.loads(json.dumps(pygls.unstructure(message)))
    empty = PublishDiagnosticsNotification(params=PublishDiagnosticsParams(
        uri="file:///w/a.usm", diagnostics=[]))
    assert json.loads(publish_body(empty, converted, pygls.unstructure)) == json.loads(
        json.dumps(pygls.unstructure(empty)))


class Sink:
    """Where the server's messages go when no client reads them."""

    def __init__(self) -> None:
        self.sent: list[bytes] = []

    def write(self, data: bytes) -> None:
        self.sent.append(data)


def test_handled_notifications_are_forgotten(tmp_path: Path) -> None:
    # pygls 2.1 keeps a future per notification unless the protocol drops it.
    uri = (tmp_path / "a.usm").as_uri()
    messages: list[dict[str, Any]] = [
        {"id": 1, "method": "initialize", "params": {"capabilities": {},
                                                     "rootUri": tmp_path.as_uri()}},
        {"method": "initialized", "params": {}},
        {"method": "textDocument/didOpen", "params": {"textDocument": {
            "uri": uri, "languageId": "usm", "version": 1, "text": 'role R "r"\n'}}},
        *({"method": "textDocument/didChange", "params": {
            "textDocument": {"uri": uri, "version": version},
            "contentChanges": [{"text": f'role R{version} "r"\n'}]}}
          for version in range(2, 52)),
    ]

    async def handle() -> int:
        server = create_server()
        server.stopping = True  # no checks: only the protocol's bookkeeping
        server.protocol.set_writer(Sink())
        for message in messages:
            server.protocol.handle_message(
                server.protocol.structure_message({"jsonrpc": "2.0", **message}))
        await asyncio.sleep(0)
        server.worker.shutdown()
        assert server.documents.get(uri) is not None
        assert server.documents.by_path()[str(tmp_path / "a.usm")].version == 51
        return len(server.protocol._request_futures)

    assert asyncio.run(handle()) == 0


@pytest.mark.skipif(not FENCED, reason="stock pygls answers nothing (an untested pygls release)")
def test_a_request_with_wrong_params_gets_an_error_answer() -> None:
    # Found by tests/fuzz_harnesses.py lsp: pygls logged the request and
    # answered nothing, so the client waited for ever.
    server = create_server()
    sink = Sink()
    server.protocol.set_writer(sink)
    request = {"jsonrpc": "2.0", "id": 7, "method": "textDocument/completion",
               "params": {"textDocument": {"uri": "file:///a.usm"},
                          "position": {"line": 0, "character": 0},
                          "context": {"includeDeclaration": True}}}
    with pytest.raises(JsonRpcInvalidParams):  # still logged, as pygls does
        server.protocol.structure_message(request)
    server.worker.shutdown()
    answer = json.loads(b"".join(sink.sent).split(b"\r\n\r\n", 1)[1])
    assert answer["id"] == 7 and answer["error"]["code"] == -32602


def test_pygls_overrides_are_made_only_on_tested_versions(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib
    import importlib.metadata

    import usm_lint.server.protocol as protocol

    # The installed pygls is one the overrides were tested with, so the
    # tests above exercised them...
    assert protocol.FENCED
    assert "_send_data" in vars(protocol.Protocol)
    # ...and on any other release the protocol is stock pygls's.
    monkeypatch.setattr(importlib.metadata, "version", lambda name: "9.0.0")
    try:
        fallback = importlib.reload(protocol)
        assert not fallback.FENCED
        assert "_send_data" not in vars(fallback.Protocol)
        assert "_check_handler_result" not in vars(fallback.Protocol)
    finally:
        monkeypatch.undo()
        importlib.reload(protocol)


@pytest.mark.skipif(not FENCED, reason="stock pygls answers nothing (an untested pygls release)")
def test_a_message_that_is_not_json_gets_a_parse_error_with_a_null_id() -> None:
    # Found by tests/fuzz_harnesses.py lsp: pygls logged it and answered nothing.
    from pygls.exceptions import JsonRpcException

    server = create_server()
    sink = Sink()
    server.protocol.set_writer(sink)
    try:
        json.loads(b"{not json")
    except json.JSONDecodeError as error:
        server.report_server_error(error, JsonRpcException)  # what pygls's reader calls
    server.worker.shutdown()
    frames = [json.loads(frame.split(b"\r\n\r\n", 1)[1]) for frame in sink.sent]
    answers = [f for f in frames if "error" in f]
    assert answers and answers[0]["id"] is None and answers[0]["error"]["code"] == -32700
