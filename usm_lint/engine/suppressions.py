"""Suppression comments (RULES.md "Suppressions") and U001 for unused ones.

`# usm-lint: disable=CODES` covers the lines its comment covers (see
usm_lint/parsing/comments.py); `disable-file=CODES` the whole file. CODES are
codes, names or prefixes; text after ` -- ` is a free justification. E codes
cannot be suppressed. A pair finding is silenced by a directive at either place.
`suppression_fixes` writes the directives (`check --add-suppressions`, the
server's "suppress on this line").
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from usm_lint.findings import Edit, Finding, Fix, Severity
from usm_lint.model import Comment, Span, Workspace
from usm_lint.rule import Rule, matches

if TYPE_CHECKING:
    from lark import Token

DIRECTIVE = re.compile(
    r"usm-lint:\s*(?P<kind>disable-file|disable)\s*=\s*(?P<codes>[^#]*?)\s*(?:\s--\s.*)?$")

U001 = Rule(
    code="U001",
    name="unused-suppression",
    severity=Severity.INFO,
    topic="U  suppressions",
    summary="A suppression silenced nothing or names an unknown code.",
    rationale=(
        "A suppression that no longer silences anything hides the next real finding at "
        "that place and misleads readers about the model. Remove it (as ruff's RUF100)."
    ),
    failing='process Recover {  # usm-lint: disable=C0203\n'
            '    activity a "Register the call"\n}\n',
    passing='process Recover {\n    activity a "Incident registration"  '
            '# usm-lint: disable=C0203 -- legacy wording\n}\n',
    fix="Safe: removes the directive's comment (its whole line when it stands alone).",
)


@dataclass
class Directive:
    comment: Comment
    whole_file: bool
    selectors: tuple[str, ...]
    used: set[str] = field(default_factory=set)

    def covers(self, span: Span) -> bool:
        if span.file != self.comment.span.file:
            return False
        first, last = self.comment.covers
        return self.whole_file or first <= span.line <= last

    def silences(self, finding: Finding) -> bool:
        picked = [s for s in self.selectors
                  if finding.code.startswith(s.upper()) or s.lower() == finding.name]
        if not picked:
            return False
        self.used.update(picked)
        return True


def directives(workspace: Workspace) -> list[Directive]:
    found = []
    for file in workspace.files:
        for comment in file.comments:
            match = DIRECTIVE.search(comment.text)
            if match:
                selectors = tuple(s.strip() for s in match["codes"].split(",") if s.strip())
                found.append(Directive(comment, match["kind"] == "disable-file", selectors))
    return found


class _Index:
    """The directives by file and by the lines they cover, so that each finding
    asks only the few that can cover it (a baseline holds one per finding)."""

    WIDE = 200
    """Lines beyond which a directive is kept in its file's short list of wide
    ones (a block's) instead of under each of its lines."""

    def __init__(self, found: list[Directive]) -> None:
        self.by_line: dict[tuple[str, int], list[Directive]] = defaultdict(list)
        self.wide: dict[str, list[Directive]] = defaultdict(list)
        for directive in found:
            file = directive.comment.span.file
            first, last = directive.comment.covers
            if directive.whole_file or last - first > self.WIDE:
                self.wide[file].append(directive)
            else:
                for line in range(first, last + 1):
                    self.by_line[(file, line)].append(directive)

    def covering(self, span: Span) -> Iterator[Directive]:
        yield from self.by_line.get((span.file, span.line), ())
        yield from (d for d in self.wide.get(span.file, ()) if d.covers(span))


def apply(findings: Iterable[Finding], found: list[Directive]) -> list[Finding]:
    """The findings no directive silences (E findings always stay)."""
    if not found:
        return list(findings)
    index = _Index(found)
    kept = []
    for finding in findings:
        places = [finding.span, *(r.span for r in finding.related)]
        silenced = not finding.code.startswith("E") and any(
            d.silences(finding) for place in places for d in index.covering(place))
        if not silenced:
            kept.append(finding)
    return kept


def _removal(comment: Comment) -> Edit:
    span = comment.span
    if comment.own_line:
        whole_line = Span(file=span.file, line=span.line, column=1, end_line=span.line + 1,
                          end_column=1)
        return Edit(whole_line, "")
    with_blanks = Span(file=span.file, line=span.line, column=span.column - comment.space_before,
                       end_line=span.end_line, end_column=span.end_column)
    return Edit(with_blanks, "")


def unused(found: list[Directive], rules: Sequence[Rule]) -> list[Finding]:
    """U001 for directives that silenced nothing or name unknown codes."""
    findings = []
    for directive in found:
        unknown = [s for s in directive.selectors
                   if not any(matches(s, rule) for rule in rules)]
        idle = [s for s in directive.selectors if s not in directive.used and s not in unknown]
        if not unknown and not idle:
            continue
        parts = []
        if unknown:
            parts.append("names unknown code " + ", ".join(f"`{s}`" for s in unknown))
        if idle:
            parts.append("silences nothing for " + ", ".join(f"`{s}`" for s in idle))
        fix = None
        if len(unknown) + len(idle) == len(directive.selectors):
            fix = Fix("safe", (_removal(directive.comment),), "Remove the unused suppression")
        findings.append(Finding(U001.code, U001.name, U001.severity, directive.comment.span,
                                "this suppression " + " and ".join(parts), (), fix))
    return findings


def suppression_fixes(findings: list[Finding], texts: dict[str, str]) -> list[Fix]:
    """End-of-line `usm-lint: disable=` directives for every finding (a baseline)."""
    from usm_lint.parsing.parser import parse  # a plain check never loads the parser here

    by_line: dict[tuple[str, int], set[str]] = {}
    parsed = {}
    for finding in findings:
        path = finding.span.file
        if finding.code.startswith(("E", "U")) or path not in texts:
            continue
        if path not in parsed:
            parsed[path] = parse(texts[path], path)
        line = _statement_end_line(parsed[path].tokens, finding.span.line)
        by_line.setdefault((path, line), set()).add(finding.code)
    fixes = []
    for (path, line), codes in sorted(by_line.items()):
        content = texts[path].split("\n")[line - 1].rstrip("\r")
        column = len(content) + 1
        comment = next((c for c in parsed[path].file.comments if c.span.line == line), None)
        match = DIRECTIVE.search(comment.text) if comment else None
        if comment is not None and match and match["kind"] == "disable":
            # Extend the directive already there: one comment holds one directive.
            column = comment.span.column + match.end("codes")
            text = "," + ",".join(sorted(codes))
        else:
            directive = "usm-lint: disable=" + ",".join(sorted(codes))
            text = f"  {directive}" if comment else f"  # {directive}"
        at = Span(file=path, line=line, column=column, end_line=line, end_column=column)
        fixes.append(Fix("safe", (Edit(at, text),), "Add a suppression"))
    return fixes


def _statement_end_line(tokens: Sequence[Token], line: int) -> int:
    """The line where the statement holding `line` ends (a directive there covers it)."""
    from usm_lint.parsing.messages import SEP  # imports lark

    for token in tokens:
        if token.type == SEP and (token.line or 0) >= line:
            return token.line or line
    return line
