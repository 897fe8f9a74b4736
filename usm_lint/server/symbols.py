"""The outline of one file: models, processes with their activities,
subprocesses and control, workflows with their steps, roles, tools, practices."""

from __future__ import annotations

from lsprotocol.types import DocumentSymbol, SymbolKind

from usm_lint.model import File, Name, Span
from usm_lint.server.positions import LineIndex


def _symbol(lines: LineIndex, name: str, kind: SymbolKind, span: Span, at: Span,
            detail: str | None = None,
            children: list[DocumentSymbol] | None = None) -> DocumentSymbol:
    whole = lines.range(span)
    selection = lines.range(at)
    # The selection must lie inside the range (a recovered node may be short).
    if (selection.start.line, selection.start.character) < (whole.start.line,
                                                             whole.start.character):
        whole.start = selection.start
    if (selection.end.line, selection.end.character) > (whole.end.line, whole.end.character):
        whole.end = selection.end
    return DocumentSymbol(name=name or "?", kind=kind, range=whole, selection_range=selection,
                          detail=detail, children=children)


def _named(lines: LineIndex, name: Name, kind: SymbolKind, span: Span,
           detail: str | None = None,
           children: list[DocumentSymbol] | None = None) -> DocumentSymbol:
    return _symbol(lines, name.value, kind, span, name.span, detail, children)


def document_symbols(file: File, lines: LineIndex) -> list[DocumentSymbol]:
    symbols: list[DocumentSymbol] = []
    for model in file.models:
        symbols.append(_named(lines, model.name, SymbolKind.Package, model.span,
                              model.title.value if model.title else "model"))
    for process in file.processes:
        children = [_named(lines, a.name, SymbolKind.Method, a.span, a.text.value)
                    for a in process.activities]
        children += [_named(lines, s.name, SymbolKind.Namespace, s.span, "subprocess")
                     for s in process.subprocesses]
        if process.control is not None:
            span = process.control.span
            head = Span(file=span.file, line=span.line, column=span.column,
                        end_line=span.line, end_column=span.column + len("control"))
            children.append(_symbol(lines, "control", SymbolKind.Struct, span, head))
        detail = process.code.value if process.code else "process"
        symbols.append(_named(lines, process.name, SymbolKind.Class, process.span, detail,
                              children))
    for workflow in file.workflows:
        steps = [_symbol(lines, f"{s.ref.process.value}.{s.ref.activity.value}",
                         SymbolKind.Event, s.span, s.ref.span, "step")
                 for s in workflow.steps]
        detail = workflow.template.value if workflow.template else "workflow"
        symbols.append(_named(lines, workflow.name, SymbolKind.Interface, workflow.span,
                              detail, steps))
    for role in file.roles:
        symbols.append(_named(lines, role.name, SymbolKind.Object, role.span, role.label.value))
    for tool in file.tools:
        symbols.append(_named(lines, tool.name, SymbolKind.Property, tool.span,
                              tool.label.value))
    for practice in file.practices:
        detail = ", ".join(c.framework.value for c in practice.frameworks) or "practice"
        symbols.append(_named(lines, practice.name, SymbolKind.Module, practice.span, detail))
    symbols.sort(key=lambda s: (s.range.start.line, s.range.start.character))
    return symbols
