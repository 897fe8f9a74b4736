"""The requests: code actions, hover, navigation and rename, symbols, semantic
tokens, formatting and completion, each answered from the open documents (the
parse in the worker) and what was last published (state.py)."""

from __future__ import annotations

from lsprotocol import types
from pygls.exceptions import JsonRpcInvalidParams

from usm_lint.formatter import FormatError, format_text
from usm_lint.server import actions, completion, hover, semantic, symbols
from usm_lint.server.diagnostics import location
from usm_lint.server.documents import Document, Texts
from usm_lint.server.handlers import feature
from usm_lint.server.navigation import RENAMABLE, Navigation, Occurrence, RenameError
from usm_lint.server.positions import LineIndex
from usm_lint.server.state import UsmLanguageServer


class LanguageFeatures:
    def __init__(self, server: UsmLanguageServer) -> None:
        self.server = server

    # ---- helpers --------------------------------------------------------------
    def document(self, uri: str) -> Document:
        document = self.server.documents.get(uri)
        if document is None:
            raise JsonRpcInvalidParams(f"the document is not open: {uri}")
        return document

    def cursor(self, document: Document, position: types.Position) -> tuple[int, int]:
        return LineIndex(document.text, self.server.encoding).from_lsp(position)

    def markdown(self) -> bool:
        text = self.server.client_capabilities.text_document
        formats = text.hover.content_format if text and text.hover else None
        return formats is None or types.MarkupKind.Markdown in formats

    async def occurrence_at(self, document: Document, position: types.Position
                            ) -> tuple[Occurrence, Navigation, Texts] | None:
        server = self.server
        line, column = self.cursor(document, position)
        found = await server.job(server.models.navigation, document.path, server.snapshot())
        if found is None:
            return None
        navigation, texts = found
        occurrence = navigation.at(document.path, line, column)
        return (occurrence, navigation, texts) if occurrence is not None else None

    async def semantic_pieces(self, uri: str) -> tuple[list[semantic.Piece], LineIndex]:
        document = self.document(uri)
        parsed = await self.server.parsed(document)
        lines = LineIndex(document.text, self.server.encoding)
        return semantic.pieces(parsed.file, parsed.tokens, lines), lines

    # ---- code actions and hover -----------------------------------------------
    async def code_action(self, params: types.CodeActionParams
                          ) -> list[types.CodeAction] | None:
        server = self.server
        document = self.document(params.text_document.uri)
        published = server.current(document.path)
        if published is None:
            return None
        report = published.report
        only = [str(getattr(k, "value", k)) for k in params.context.only or ()] or None
        file = (await server.parsed(document)).file
        return await server.job(actions.code_actions, document.path, report.findings,
                                report.diagnostics, published.texts, file, params.range,
                                only, server.documents.by_path())

    async def show_hover(self, params: types.HoverParams) -> types.Hover | None:
        document = self.document(params.text_document.uri)
        line, column = self.cursor(document, params.position)
        markdown = self.markdown()
        file = (await self.server.parsed(document)).file
        selector = hover.selector_at(file, line, column)
        text = hover.selector_doc(selector, markdown) if selector else None
        if text is None:
            published = self.server.current(document.path)
            if published is not None:
                here = types.Range(params.position, params.position)
                found = [f for f, d in zip(published.report.findings,
                                           published.report.diagnostics, strict=True)
                         if actions.overlaps(d.range, here)]
                text = hover.findings_doc(found, markdown)
        if text is None:
            return None
        kind = types.MarkupKind.Markdown if markdown else types.MarkupKind.PlainText
        return types.Hover(contents=types.MarkupContent(kind=kind, value=text))

    # ---- navigation and rename ------------------------------------------------
    async def definition(self, params: types.DefinitionParams
                         ) -> list[types.Location] | None:
        found = await self.occurrence_at(self.document(params.text_document.uri),
                                         params.position)
        if found is None:
            return None
        occurrence, navigation, texts = found
        declarations = navigation.declarations(occurrence.key)
        return [location(texts, o.name.span) for o in declarations] or None

    async def references(self, params: types.ReferenceParams) -> list[types.Location] | None:
        found = await self.occurrence_at(self.document(params.text_document.uri),
                                         params.position)
        if found is None:
            return None
        occurrence, navigation, texts = found
        every = navigation.references(occurrence.key, params.context.include_declaration)
        return [location(texts, o.name.span) for o in every]

    async def prepare_rename(self, params: types.PrepareRenameParams
                             ) -> types.PrepareRenamePlaceholder | None:
        document = self.document(params.text_document.uri)
        found = await self.occurrence_at(document, params.position)
        if found is None or found[0].kind not in RENAMABLE:
            return None
        occurrence = found[0]
        span = occurrence.name.span
        return types.PrepareRenamePlaceholder(
            range=LineIndex(document.text, self.server.encoding).range(span),
            placeholder=occurrence.name.value)

    async def rename(self, params: types.RenameParams) -> types.WorkspaceEdit | None:
        found = await self.occurrence_at(self.document(params.text_document.uri),
                                         params.position)
        if found is None:
            return None
        occurrence, navigation, texts = found
        try:
            every = navigation.renaming(occurrence, params.new_name)
        except RenameError as error:
            raise JsonRpcInvalidParams(str(error)) from None
        changes: dict[str, list[types.TextEdit]] = {}
        for each in every:
            path = each.name.span.file
            changes.setdefault(texts.uri(path), []).append(
                types.TextEdit(texts.lines(path).range(each.name.span), params.new_name))
        return types.WorkspaceEdit(changes=changes)

    # ---- symbols and semantic tokens ------------------------------------------
    async def document_symbol(self, params: types.DocumentSymbolParams
                              ) -> list[types.DocumentSymbol]:
        document = self.document(params.text_document.uri)
        file = (await self.server.parsed(document)).file
        return symbols.document_symbols(file, LineIndex(document.text, self.server.encoding))

    async def semantic_tokens(self, params: types.SemanticTokensParams
                              ) -> types.SemanticTokens:
        found, lines = await self.semantic_pieces(params.text_document.uri)
        return types.SemanticTokens(data=semantic.encode(found, lines))

    async def semantic_tokens_range(self, params: types.SemanticTokensRangeParams
                                    ) -> types.SemanticTokens:
        found, lines = await self.semantic_pieces(params.text_document.uri)
        return types.SemanticTokens(data=semantic.encode(
            found, lines, params.range.start.line + 1, params.range.end.line + 1))

    # ---- formatting and completion --------------------------------------------
    async def formatting(self, params: types.DocumentFormattingParams) -> list[types.TextEdit]:
        server = self.server
        document = self.document(params.text_document.uri)
        try:
            formatted = await server.job(format_text, document.text)
        except FormatError as error:
            server.log(f"usm-lint: {document.path} not formatted: {error}",
                       types.MessageType.Info)
            return []
        if formatted == document.text:
            return []
        whole = LineIndex(document.text, server.encoding).whole()
        return [types.TextEdit(whole, formatted)]

    async def complete(self, params: types.CompletionParams) -> types.CompletionList:
        server = self.server
        document = self.document(params.text_document.uri)
        lines = LineIndex(document.text, server.encoding)
        offset = lines.lsp_offset(params.position)
        line, column = lines.core_position(offset)
        prefix = document.text[lines.starts[params.position.line]:offset] if (
            params.position.line < lines.line_count) else ""
        tokens = (await server.parsed(document)).tokens
        found = await server.job(server.models.navigation, document.path, server.snapshot(),
                                 fresh=False)
        index = found[0].index if found is not None else None
        items = completion.complete(prefix, tokens, line, column, index)
        return types.CompletionList(is_incomplete=False, items=items)


def register(server: UsmLanguageServer) -> None:
    handlers = LanguageFeatures(server)
    feature(server, types.TEXT_DOCUMENT_CODE_ACTION, handlers.code_action,
            types.CodeActionOptions(
                code_action_kinds=[types.CodeActionKind.QuickFix, actions.FIX_ALL]))
    feature(server, types.TEXT_DOCUMENT_HOVER, handlers.show_hover)
    feature(server, types.TEXT_DOCUMENT_DEFINITION, handlers.definition)
    feature(server, types.TEXT_DOCUMENT_REFERENCES, handlers.references)
    feature(server, types.TEXT_DOCUMENT_PREPARE_RENAME, handlers.prepare_rename)
    feature(server, types.TEXT_DOCUMENT_RENAME, handlers.rename)
    feature(server, types.TEXT_DOCUMENT_DOCUMENT_SYMBOL, handlers.document_symbol)
    feature(server, types.TEXT_DOCUMENT_SEMANTIC_TOKENS_FULL, handlers.semantic_tokens,
            semantic.LEGEND)
    feature(server, types.TEXT_DOCUMENT_SEMANTIC_TOKENS_RANGE, handlers.semantic_tokens_range,
            semantic.LEGEND)
    feature(server, types.TEXT_DOCUMENT_FORMATTING, handlers.formatting)
    feature(server, types.TEXT_DOCUMENT_COMPLETION, handlers.complete,
            types.CompletionOptions(trigger_characters=["."]))
