"""The language server (`usm-lint server`), driven over stdio by pytest-lsp.

Expected LSP ranges are written out by hand (0-based lines, UTF-16 columns),
not computed with the server's own conversion, so the conversion is tested.
"""

from __future__ import annotations

import asyncio
import inspect
import json
import sys
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pygls.exceptions import JsonRpcException
from pygls.protocol import default_converter
from pygls.workspace import TextDocument
from pytest_lsp import ClientServerConfig, LanguageClient
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

from tests.conftest import write
from usm_lint.formatter import format_text

SERVER = [sys.executable, "-c", "from usm_lint.server import run_server; run_server()"]

MODEL = """\
model Acme {
    title "Acme"
    processes Recover, ChangeManagement
    flow Recover -> ChangeManagement
}
"""
RECOVER = """\
process Recover {
    code INC
    purpose "Restore the agreed service for the customer"
    trigger "a disruption"
    output "a restored service"
    unit incident  # usm-lint: disable=C0203
    activity register "Register the disruption"
    activity ship ◊ "Ship 🚀 parts to the café"
    control {
        measure "share of incidents recovered in time"
        norm "as agreed"
        report "monthly report"
    }
}
"""
CHANGE = """\
process ChangeManagement {
    code CHM
    purpose "Change the agreed service for the customer"
    trigger "a request for change"
    output "a changed service"
    unit change
    activity log "Register the disruption"
    control {
        measure "share of changes made in time"
    }
}
"""
FLOW = """\
workflow IncidentFlow {
    template incident
    trigger "a customer reports a disruption"
    step Recover.register
    step Recover.nothere
}
"""
PRACTICES = 'practice Desk { condition "café 🚀 open ◊"; realised-by Recover, Restoer }\n'
FILES = {"usm-lint.toml": "", "model.usm": MODEL, "recover.usm": RECOVER,
         "change.usm": CHANGE, "flow.usm": FLOW, "practices.usm": PRACTICES}


class Client(LanguageClient):
    """pytest-lsp's client, also keeping every publish (with its version)."""

    def __init__(self) -> None:
        super().__init__(converter_factory=default_converter)
        self.published: list[types.PublishDiagnosticsParams] = []
        self.registrations: list[types.RegistrationParams] = []
        self.server_capabilities: types.ServerCapabilities | None = None


def _publish(client: Client, params: types.PublishDiagnosticsParams) -> None:
    client.published.append(params)
    client.diagnostics[params.uri] = params.diagnostics


def _register(client: Client, params: types.RegistrationParams) -> None:
    client.registrations.append(params)


def make_client() -> Client:
    client = Client()
    register_lsp_features(client, {
        **DEFAULT_CLIENT_FEATURES,
        types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS: _publish,
        types.CLIENT_REGISTER_CAPABILITY: _register,
    })
    return client


CAPABILITIES = types.ClientCapabilities(
    general=types.GeneralClientCapabilities(
        position_encodings=[types.PositionEncodingKind.Utf16]),
    workspace=types.WorkspaceClientCapabilities(
        did_change_watched_files=types.DidChangeWatchedFilesClientCapabilities(
            dynamic_registration=True),
        workspace_folders=True),
    text_document=types.TextDocumentClientCapabilities(
        hover=types.HoverClientCapabilities(content_format=[types.MarkupKind.Markdown]),
        rename=types.RenameClientCapabilities(prepare_support=True),
        publish_diagnostics=types.PublishDiagnosticsClientCapabilities(
            related_information=True, version_support=True,
            code_description_support=True)),
)


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER, client_factory=make_client))
async def client(lsp_client: Client, tmp_path: Path) -> AsyncIterator[None]:
    root = write(tmp_path / "ws", FILES)
    lsp_client.server_capabilities = (await lsp_client.initialize_session(types.InitializeParams(
        capabilities=CAPABILITIES, root_uri=root.as_uri(),
        workspace_folders=[types.WorkspaceFolder(uri=root.as_uri(), name="ws")]))).capabilities
    yield
    await lsp_client.shutdown_session()


# ---- helpers -------------------------------------------------------------------
def uri(tmp_path: Path, name: str) -> str:
    return (tmp_path / "ws" / name).as_uri()


def open_doc(client: Client, tmp_path: Path, name: str, text: str | None = None,
             version: int = 1) -> str:
    address = uri(tmp_path, name)
    if text is None:
        text = (tmp_path / "ws" / name).read_text("utf-8")
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        types.TextDocumentItem(uri=address, language_id="usm", version=version, text=text)))
    return address


def replace_all(client: Client, address: str, text: str, version: int) -> None:
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=address, version=version),
        content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)]))


async def until(condition: Callable[[], bool], timeout: float = 10.0) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not condition():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("timed out waiting for the server")
        await asyncio.sleep(0.02)


def codes(client: Client, address: str) -> list[str]:
    return [str(d.code) for d in client.diagnostics.get(address, [])]


def cleared(client: Client, address: str) -> bool:
    return address in client.diagnostics and not client.diagnostics[address]


def find(client: Client, address: str, code: str) -> types.Diagnostic:
    return next(d for d in client.diagnostics[address] if d.code == code)


async def send_raw(client: Client, message: dict[str, object]) -> None:
    """Bytes no well-behaved client would send."""
    body = json.dumps(message).encode("utf-8")
    writer = client.protocol.writer
    assert writer is not None
    result = writer.write(f"Content-Length: {len(body)}\r\n\r\n".encode() + body)
    if inspect.isawaitable(result):
        await result


def rng(line: int, start: int, end_line: int, end: int) -> types.Range:
    return types.Range(types.Position(line, start), types.Position(end_line, end))


def apply(text: str, edits: list[types.TextEdit]) -> str:
    """Apply edits as an editor does (pygls's own UTF-16 document model)."""
    document = TextDocument("file:///x.usm", text)
    ordered = sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character),
                     reverse=True)
    for edit in ordered:
        document.apply_change(types.TextDocumentContentChangePartial(
            range=edit.range, text=edit.new_text))
    return document.source


# ---- diagnostics -----------------------------------------------------------------
@pytest.mark.asyncio
async def test_diagnostics_on_open_with_exact_utf16_ranges(client: Client,
                                                          tmp_path: Path) -> None:
    practices = open_doc(client, tmp_path, "practices.usm")
    recover = open_doc(client, tmp_path, "recover.usm")
    await until(lambda: "E002" in codes(client, practices) and "C0401" in codes(client, recover))

    # `café 🚀` before the name: é is one UTF-16 unit, 🚀 (astral) two.
    unknown = find(client, practices, "E002")
    assert unknown.range == rng(0, 65, 0, 72)
    assert "did you mean `Recover`" in unknown.message

    # `◊` before the string, `🚀` and `café` inside it.
    condition = find(client, recover, "C0401")
    assert condition.range == rng(7, 20, 7, 47)
    assert condition.severity == types.DiagnosticSeverity.Error
    assert condition.source == "usm-lint"
    assert condition.code_description is not None
    assert condition.code_description.href.endswith("/rules/C0401")

    unused = find(client, recover, "U001")
    assert unused.severity == types.DiagnosticSeverity.Information
    assert list(unused.tags or ()) == [types.DiagnosticTag.Unnecessary]

    # A pair finding names its other place, in a file that is not open.
    duplicate = find(client, recover, "C0901")
    assert duplicate.related_information is not None
    other = duplicate.related_information[0].location
    assert other.uri == uri(tmp_path, "change.usm")
    assert other.range == rng(6, 17, 6, 42)
    assert all(p.version == 1 for p in client.published if p.uri == recover)


@pytest.mark.asyncio
async def test_edits_update_diagnostics_across_open_files(client: Client,
                                                          tmp_path: Path) -> None:
    flow = open_doc(client, tmp_path, "flow.usm")
    recover = open_doc(client, tmp_path, "recover.usm")
    await until(lambda: "E002" in codes(client, flow) and recover in client.diagnostics)

    # Unsaved edits to recover.usm declare the activity flow.usm steps into.
    fixed = RECOVER.replace('    activity ship', '    activity nothere "Note the gap"\n'
                                                '    activity ship')
    for version in (2, 3, 4):  # typed quickly: only the last version is checked
        text = fixed if version == 4 else RECOVER.replace("register", f"register{version}")
        replace_all(client, recover, text, version)
    await until(lambda: any(p.uri == recover and p.version == 4 for p in client.published))
    await until(lambda: "E002" not in codes(client, flow))
    assert not [p for p in client.published if p.uri == recover and p.version in (2, 3)]
    assert (tmp_path / "ws" / "recover.usm").read_text("utf-8") == RECOVER  # never saved

    # Breaking the step again brings the finding back, at the new place.
    replace_all(client, flow, FLOW.replace("nothere", "nothere2"), 2)
    await until(lambda: "E002" in codes(client, flow))
    assert find(client, flow, "E002").range == rng(4, 17, 4, 25)


@pytest.mark.asyncio
async def test_unchanged_diagnostics_are_not_sent_again(client: Client, tmp_path: Path) -> None:
    flow = open_doc(client, tmp_path, "flow.usm")
    recover = open_doc(client, tmp_path, "recover.usm")
    await until(lambda: "E002" in codes(client, flow) and recover in client.diagnostics)
    before = [p for p in client.published if p.uri == flow]
    replace_all(client, recover, RECOVER + "# a note changes nothing in flow.usm\n", 2)
    await until(lambda: any(p.uri == recover and p.version == 2 for p in client.published))
    # flow.usm is published before recover.usm in the same check, if at all.
    assert [p for p in client.published if p.uri == flow] == before


@pytest.mark.asyncio
async def test_closing_a_file_outside_the_workspace_clears_it(client: Client,
                                                             tmp_path: Path) -> None:
    outside = write(tmp_path / "elsewhere", {"lone.usm": "process Lone {\n}\n"}) / "lone.usm"
    address = outside.as_uri()
    client.text_document_did_open(types.DidOpenTextDocumentParams(types.TextDocumentItem(
        uri=address, language_id="usm", version=1, text=outside.read_text("utf-8"))))
    await until(lambda: "C0103" in codes(client, address))
    client.text_document_did_close(types.DidCloseTextDocumentParams(
        types.TextDocumentIdentifier(uri=address)))
    await until(lambda: cleared(client, address))


@pytest.mark.asyncio
async def test_watched_files_reload_config_and_clear_deleted(client: Client,
                                                             tmp_path: Path) -> None:
    await until(lambda: bool(client.registrations))  # it asks to watch models and configs
    recover = open_doc(client, tmp_path, "recover.usm")
    change = open_doc(client, tmp_path, "change.usm")
    await until(lambda: "C0401" in codes(client, recover) and "C0202" in codes(client, change))

    # A closed file inside the workspace folder keeps being checked from disk...
    client.text_document_did_close(types.DidCloseTextDocumentParams(
        types.TextDocumentIdentifier(uri=change)))
    (tmp_path / "ws" / "usm-lint.toml").write_text('ignore = ["C0401"]\n', "utf-8")
    client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams([
        types.FileEvent(uri=uri(tmp_path, "usm-lint.toml"),
                        type=types.FileChangeType.Changed)]))
    await until(lambda: "C0401" not in codes(client, recover))
    assert "C0202" in codes(client, change)

    # ... until it is deleted.
    (tmp_path / "ws" / "change.usm").unlink()
    client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams([
        types.FileEvent(uri=change, type=types.FileChangeType.Deleted)]))
    await until(lambda: cleared(client, change))
    await until(lambda: "C0901" not in codes(client, recover))

    # A broken configuration is reported, not fatal.
    (tmp_path / "ws" / "usm-lint.toml").write_text("selct = 1\n", "utf-8")
    client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams([
        types.FileEvent(uri=uri(tmp_path, "usm-lint.toml"),
                        type=types.FileChangeType.Changed)]))
    await until(lambda: any("unknown key" in d.message
                            for d in client.diagnostics.get(recover, [])))


# ---- code actions ------------------------------------------------------------------
async def actions_for(client: Client, address: str,
                      diagnostic: types.Diagnostic) -> dict[str, types.CodeAction]:
    result = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=address), range=diagnostic.range,
        context=types.CodeActionContext(diagnostics=[diagnostic])))
    assert result is not None
    return {a.title: a for a in result if isinstance(a, types.CodeAction)}


@pytest.mark.asyncio
async def test_code_actions_apply_cleanly(client: Client, tmp_path: Path) -> None:
    recover = open_doc(client, tmp_path, "recover.usm")
    change = open_doc(client, tmp_path, "change.usm")
    await until(lambda: "U001" in codes(client, recover) and "C0202" in codes(client, change))

    # A safe fix: remove the unused suppression; the finding clears.
    actions = await actions_for(client, recover, find(client, recover, "U001"))
    remove = actions["Remove the unused suppression"]
    assert remove.kind == types.CodeActionKind.QuickFix and remove.is_preferred
    assert remove.edit is not None and remove.edit.changes is not None
    text = apply(RECOVER, remove.edit.changes[recover])
    assert "    unit incident\n" in text
    replace_all(client, recover, text, 2)
    await until(lambda: any(p.uri == recover and p.version == 2 for p in client.published))
    assert "U001" not in codes(client, recover)

    # An unsafe fix is labelled so; the rename reaches the model file too.
    actions = await actions_for(client, change, find(client, change, "C0202"))
    rename = next(a for t, a in actions.items() if t.endswith("(unsafe)"))
    assert rename.edit is not None and rename.edit.changes is not None
    assert set(rename.edit.changes) == {change, uri(tmp_path, "model.usm")}
    assert not rename.is_preferred

    # Suppressions, on the line and for the file.
    line = actions["Suppress C0202 on this line"]
    assert line.edit is not None and line.edit.changes is not None
    suppressed = apply(CHANGE, line.edit.changes[change])
    assert suppressed.startswith("process ChangeManagement {  # usm-lint: disable=C0202\n")
    whole = actions["Suppress C0202 in this file"]
    assert whole.edit is not None and whole.edit.changes is not None
    assert apply(CHANGE, whole.edit.changes[change]).startswith(
        "# usm-lint: disable-file=C0202\nprocess ChangeManagement {\n")
    replace_all(client, change, suppressed, 2)
    await until(lambda: any(p.uri == change and p.version == 2 for p in client.published))
    assert "C0202" not in codes(client, change)
    assert "U001" not in codes(client, change)


# ---- hover, navigation, outline ------------------------------------------------------
@pytest.mark.asyncio
async def test_hover_shows_the_rule_doc(client: Client, tmp_path: Path) -> None:
    recover = open_doc(client, tmp_path, "recover.usm")
    await until(lambda: "C0401" in codes(client, recover))
    on_code = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=recover),
        position=types.Position(5, 42)))  # inside `C0203` of the comment
    assert on_code is not None and isinstance(on_code.contents, types.MarkupContent)
    assert "C0203 activity-not-verb-phrase" in on_code.contents.value
    assert on_code.contents.kind == types.MarkupKind.Markdown

    on_finding = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=recover),
        position=types.Position(7, 30)))
    assert on_finding is not None and isinstance(on_finding.contents, types.MarkupContent)
    assert "C0401 practical-condition-in-process" in on_finding.contents.value

    nothing = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=recover),
        position=types.Position(1, 5)))
    assert nothing is None


@pytest.mark.asyncio
async def test_definition_and_references(client: Client, tmp_path: Path) -> None:
    flow = open_doc(client, tmp_path, "flow.usm")
    recover_uri = uri(tmp_path, "recover.usm")
    where = types.TextDocumentIdentifier(uri=flow)

    process = await client.text_document_definition_async(types.DefinitionParams(
        text_document=where, position=types.Position(3, 10)))  # step Rec|over.register
    assert process == [types.Location(recover_uri, rng(0, 8, 0, 15))]
    activity = await client.text_document_definition_async(types.DefinitionParams(
        text_document=where, position=types.Position(3, 18)))  # Recover.reg|ister
    assert activity == [types.Location(recover_uri, rng(6, 13, 6, 21))]

    found = await client.text_document_references_async(types.ReferenceParams(
        text_document=where, position=types.Position(3, 10),
        context=types.ReferenceContext(include_declaration=True)))
    assert found is not None
    places = {(Path(loc.uri).name, loc.range.start.line, loc.range.start.character)
              for loc in found}
    assert places == {("recover.usm", 0, 8), ("model.usm", 2, 14), ("model.usm", 3, 9),
                      ("flow.usm", 3, 9), ("flow.usm", 4, 9), ("practices.usm", 0, 56)}


@pytest.mark.asyncio
async def test_document_symbols(client: Client, tmp_path: Path) -> None:
    recover = open_doc(client, tmp_path, "recover.usm")
    outline = await client.text_document_document_symbol_async(types.DocumentSymbolParams(
        text_document=types.TextDocumentIdentifier(uri=recover)))
    assert outline is not None
    (process,) = outline
    assert isinstance(process, types.DocumentSymbol)
    assert (process.name, process.kind) == ("Recover", types.SymbolKind.Class)
    assert process.selection_range == rng(0, 8, 0, 15)
    assert process.range == rng(0, 0, 13, 1)
    children = [(c.name, c.kind) for c in process.children or []]
    assert children == [("register", types.SymbolKind.Method),
                        ("ship", types.SymbolKind.Method), ("control", types.SymbolKind.Struct)]


@pytest.mark.asyncio
async def test_formatting(client: Client, tmp_path: Path) -> None:
    messy = 'role   R "a 🚀 role"\ntool T "t";   process P{activity a "Do 🚀"}\n'
    address = open_doc(client, tmp_path, "messy.usm", messy)
    edits = await client.text_document_formatting_async(types.DocumentFormattingParams(
        text_document=types.TextDocumentIdentifier(uri=address),
        options=types.FormattingOptions(tab_size=4, insert_spaces=True)))
    assert edits is not None
    assert apply(messy, edits) == format_text(messy)

    replace_all(client, address, "process P {\n  activity\n", 2)
    edits = await client.text_document_formatting_async(types.DocumentFormattingParams(
        text_document=types.TextDocumentIdentifier(uri=address),
        options=types.FormattingOptions(tab_size=4, insert_spaces=True)))
    assert list(edits or ()) == []


@pytest.mark.asyncio
async def test_completion(client: Client, tmp_path: Path) -> None:
    text = FLOW.replace("    step Recover.nothere\n", "    step \n    step Recover.\n    \n")
    flow = open_doc(client, tmp_path, "flow.usm", text)

    async def labels(line: int, character: int) -> set[str]:
        result = await client.text_document_completion_async(types.CompletionParams(
            text_document=types.TextDocumentIdentifier(uri=flow),
            position=types.Position(line, character)))
        assert isinstance(result, types.CompletionList)
        return {item.label for item in result.items}

    assert await labels(4, 9) == {"Recover", "ChangeManagement"}
    assert await labels(5, 17) == {"register", "ship"}
    assert {"step", "template", "kind", "trigger"} <= await labels(6, 4)
    assert "activity" not in await labels(6, 4)


@pytest.mark.asyncio
async def test_rename_across_the_workspace(client: Client, tmp_path: Path) -> None:
    recover = open_doc(client, tmp_path, "recover.usm")
    where = types.TextDocumentIdentifier(uri=recover)
    prepared = await client.text_document_prepare_rename_async(types.PrepareRenameParams(
        text_document=where, position=types.Position(6, 15)))
    assert prepared == types.PrepareRenamePlaceholder(range=rng(6, 13, 6, 21),
                                                      placeholder="register")

    edit = await client.text_document_rename_async(types.RenameParams(
        text_document=where, position=types.Position(0, 10), new_name="Restore"))
    assert edit is not None and edit.changes is not None
    assert set(edit.changes) == {recover, *(uri(tmp_path, n) for n in (
        "model.usm", "flow.usm", "practices.usm"))}
    model = apply(MODEL, edit.changes[uri(tmp_path, "model.usm")])
    assert "processes Restore, ChangeManagement" in model
    assert "flow Restore -> ChangeManagement" in model
    assert apply(PRACTICES, edit.changes[uri(tmp_path, "practices.usm")]) == (
        'practice Desk { condition "café 🚀 open ◊"; realised-by Restore, Restoer }\n')

    with pytest.raises(JsonRpcException, match="already exists"):
        await client.text_document_rename_async(types.RenameParams(
            text_document=where, position=types.Position(0, 10),
            new_name="ChangeManagement"))
    with pytest.raises(JsonRpcException, match="not a name"):
        await client.text_document_rename_async(types.RenameParams(
            text_document=where, position=types.Position(0, 10), new_name="two words"))
    # A refusal is the answer, not a failure to log.
    assert not [m for m in client.log_messages if m.type == types.MessageType.Error]


@pytest.mark.asyncio
async def test_the_server_survives_bad_input(client: Client, tmp_path: Path) -> None:
    # A request about a document that is not open is refused, not fatal.
    with pytest.raises(JsonRpcException):
        await client.text_document_hover_async(types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri(tmp_path, "nowhere.usm")),
            position=types.Position(0, 0)))
    # Malformed notifications are logged; the server goes on.
    before = len(client.log_messages)
    await send_raw(client, {"jsonrpc": "2.0", "method": types.TEXT_DOCUMENT_DID_CHANGE,
                            "params": {"textDocument": {"uri": 3}}})
    await until(lambda: any(m.type == types.MessageType.Error
                            for m in client.log_messages[before:]))
    # Positions past the end of the text are clamped.
    recover = open_doc(client, tmp_path, "recover.usm", "\x00 not a model ◊\n")
    await until(lambda: "E005" in codes(client, recover))
    result = await client.text_document_definition_async(types.DefinitionParams(
        text_document=types.TextDocumentIdentifier(uri=recover),
        position=types.Position(99, 99)))
    assert result is None
    outline = await client.text_document_document_symbol_async(types.DocumentSymbolParams(
        text_document=types.TextDocumentIdentifier(uri=recover)))
    assert outline == []


def decode_tokens(data: list[int], legend: types.SemanticTokensLegend
                  ) -> list[tuple[int, int, int, str, list[str]]]:
    """(line, start, length, type, modifiers) of the LSP's relative encoding."""
    found, line, start = [], 0, 0
    for index in range(0, len(data), 5):
        delta_line, delta_start, length, kind, modifiers = data[index:index + 5]
        line += delta_line
        start = start + delta_start if delta_line == 0 else delta_start
        found.append((line, start, length, legend.token_types[kind],
                      [m for bit, m in enumerate(legend.token_modifiers) if modifiers >> bit & 1]))
    return found


@pytest.mark.asyncio
async def test_semantic_tokens_name_what_each_word_is(client: Client, tmp_path: Path) -> None:
    text = ('process Réparer {  # fix 🚀\n'
            '    activity report "Prüfen 🚀 the 🚀 report"\n'
            '}\n'
            'workflow W {\n    step Réparer.report\n}\n')
    address = open_doc(client, tmp_path, "semantic.usm", text)
    capabilities = client.server_capabilities
    assert capabilities is not None and capabilities.semantic_tokens_provider is not None
    legend = capabilities.semantic_tokens_provider.legend
    result = await client.text_document_semantic_tokens_full_async(types.SemanticTokensParams(
        text_document=types.TextDocumentIdentifier(uri=address)))
    assert result is not None
    tokens = decode_tokens(result.data, legend)
    assert tokens == [
        (0, 0, 7, "keyword", []), (0, 8, 7, "class", ["declaration"]),
        (0, 19, 8, "comment", []),  # "# fix 🚀": the rocket is two UTF-16 units
        (1, 4, 8, "keyword", []), (1, 13, 6, "method", ["declaration"]),  # `report` a name
        (1, 20, 25, "string", []),
        (3, 0, 8, "keyword", []), (3, 9, 1, "interface", ["declaration"]),
        (4, 4, 4, "keyword", []), (4, 9, 7, "class", []), (4, 17, 6, "method", []),
    ]
    ranged = await client.text_document_semantic_tokens_range_async(
        types.SemanticTokensRangeParams(text_document=types.TextDocumentIdentifier(uri=address),
                                        range=rng(3, 0, 4, 30)))
    assert ranged is not None
    assert decode_tokens(ranged.data, legend) == [
        (3, 0, 8, "keyword", []), (3, 9, 1, "interface", ["declaration"]),
        (4, 4, 4, "keyword", []), (4, 9, 7, "class", []), (4, 17, 6, "method", [])]
