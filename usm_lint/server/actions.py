"""Code actions: each fix as a quick fix, suppressions, and fix-all.

Fixes are the rules' own (`Finding.fix`); "suppress on this line" is the
edit `check --add-suppressions` makes; "suppress in this file" adds (or
extends) a `# usm-lint: disable-file=` directive at the top.
"""

from __future__ import annotations

from collections.abc import Iterable

from lsprotocol.types import (
    CodeAction,
    CodeActionKind,
    Diagnostic,
    Position,
    Range,
    TextEdit,
    WorkspaceEdit,
)

from usm_lint.engine.suppressions import DIRECTIVE, suppression_fixes
from usm_lint.findings import Edit, Finding, Fix
from usm_lint.fixes import apply_fixes
from usm_lint.model import File
from usm_lint.server.documents import Document, Texts
from usm_lint.server.positions import BOM, LineIndex

FIX_ALL = f"{CodeActionKind.SourceFixAll.value}.usm-lint"


def _key(position: Position) -> tuple[int, int]:
    return (position.line, position.character)


def overlaps(one: Range, other: Range) -> bool:
    key = _key
    return key(one.start) <= key(other.end) and key(other.start) <= key(one.end)


def suppressible(finding: Finding) -> bool:
    return not finding.code.startswith(("E", "U"))


def _current(edits: Iterable[Edit], texts: Texts, documents: dict[str, Document]) -> bool:
    """Whether every file an edit touches still holds the text the fix was made for."""
    for edit in edits:
        document = documents.get(edit.span.file)
        if document is not None and document.text != texts.text(edit.span.file):
            return False
    return True


def workspace_edit(edits: Iterable[Edit], texts: Texts) -> WorkspaceEdit:
    changes: dict[str, list[TextEdit]] = {}
    for edit in edits:
        path = edit.span.file
        changes.setdefault(texts.uri(path), []).append(
            TextEdit(texts.lines(path).range(edit.span), edit.text))
    return WorkspaceEdit(changes=changes)


def fix_action(finding: Finding, fix: Fix, diagnostic: Diagnostic, texts: Texts) -> CodeAction:
    title = fix.title or f"Fix {finding.code}"
    if fix.applicability == "unsafe":
        title += " (unsafe)"
    return CodeAction(title=title, kind=CodeActionKind.QuickFix, diagnostics=[diagnostic],
                      is_preferred=fix.applicability == "safe",
                      edit=workspace_edit(fix.edits, texts))


def suppress_line(finding: Finding, diagnostic: Diagnostic, texts: Texts) -> CodeAction | None:
    path = finding.span.file
    fixes = suppression_fixes([finding], {path: texts.text(path).removeprefix(BOM)})
    if not fixes:
        return None
    return CodeAction(title=f"Suppress {finding.code} on this line",
                      kind=CodeActionKind.QuickFix, diagnostics=[diagnostic],
                      edit=workspace_edit(fixes[0].edits, texts))


def file_directive(code: str, text: str, file: File, lines: LineIndex) -> TextEdit:
    """The edit adding `code` to the file's `disable-file` directive (a new one on top)."""
    for comment in file.comments:
        match = DIRECTIVE.search(comment.text)
        if match and match["kind"] == "disable-file":
            column = comment.span.column + match.end("codes")
            separator = "," if match["codes"] else ""
            at = lines.to_lsp(comment.span.line, column)
            return TextEdit(Range(at, at), f"{separator}{code}")
    newline = "\r\n" if "\r\n" in text else "\n"
    at = lines.to_lsp(1, 1)
    return TextEdit(Range(at, at), f"# usm-lint: disable-file={code}{newline}")


def suppress_file(finding: Finding, diagnostic: Diagnostic, texts: Texts,
                  file: File) -> CodeAction:
    path = finding.span.file
    edit = file_directive(finding.code, texts.text(path), file, texts.lines(path))
    return CodeAction(title=f"Suppress {finding.code} in this file",
                      kind=CodeActionKind.QuickFix, diagnostics=[diagnostic],
                      edit=WorkspaceEdit(changes={texts.uri(path): [edit]}))


def fix_all(path: str, findings: list[Finding], texts: Texts) -> CodeAction | None:
    """Every safe fix of this file at once (as `check --fix` does in one round)."""
    fixes = [f.fix for f in findings if f.fix is not None and f.fix.applicability == "safe"
             and all(e.span.file == path for e in f.fix.edits)]
    if not fixes:
        return None
    text = texts.text(path)
    body = text.removeprefix(BOM)
    fixed, count = apply_fixes({path: body}, fixes)
    if not count or fixed[path] == body:
        return None
    new_text = text[: len(text) - len(body)] + fixed[path]
    edit = TextEdit(texts.lines(path).whole(), new_text)
    return CodeAction(title="Apply all safe usm-lint fixes", kind=FIX_ALL,
                      edit=WorkspaceEdit(changes={texts.uri(path): [edit]}))


def wanted(kind: str, only: list[str] | None) -> bool:
    return only is None or any(kind == o or kind.startswith(o + ".") for o in only)


def code_actions(path: str, findings: list[Finding], diagnostics: list[Diagnostic],
                 texts: Texts, file: File, request: Range, only: list[str] | None,
                 documents: dict[str, Document]) -> list[CodeAction]:
    actions: list[CodeAction] = []
    if wanted(CodeActionKind.QuickFix.value, only):
        for finding, diagnostic in zip(findings, diagnostics, strict=True):
            if not overlaps(diagnostic.range, request):
                continue
            if finding.fix is not None and _current(finding.fix.edits, texts, documents):
                actions.append(fix_action(finding, finding.fix, diagnostic, texts))
            if suppressible(finding):
                line = suppress_line(finding, diagnostic, texts)
                if line is not None:
                    actions.append(line)
                actions.append(suppress_file(finding, diagnostic, texts, file))
    if wanted(FIX_ALL, only):
        everything = fix_all(path, findings, texts)
        if everything is not None:
            actions.append(everything)
    return actions
