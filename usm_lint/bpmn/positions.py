"""Where things are in a BPMN file's text: parser positions to offsets, offsets to spans.

expat reports where an element starts as a line and a 0-based column in code
points, counting CR, LF and CRLF as line ends. Spans number lines by LF
(LANGUAGE.md "Positions"); the two agree on LF and CRLF files. Attribute
values are found by scanning the start tag, which expat does not report.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from usm_lint.model import Span

_PARSER_LINE_END = re.compile(r"\r\n?|\n")
_START_TAG = re.compile(r"""<[^\s/>]+(?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*\s*/?>""")
_ATTRIBUTE = re.compile(r"""([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")


class Positions:
    """Offsets into one file's text, and the spans they make."""

    def __init__(self, path: str, text: str) -> None:
        self.path = path
        self.text = text
        self._parser_lines = [0, *(m.end() for m in _PARSER_LINE_END.finditer(text))]
        self._lines = [0, *(m.end() for m in re.finditer("\n", text))]

    def offset(self, line: int, column: int) -> int:
        """The offset of the parser's position (1-based line, 0-based column)."""
        start = self._parser_lines[max(0, min(line, len(self._parser_lines)) - 1)]
        return min(start + column, len(self.text))

    def point(self, offset: int) -> tuple[int, int]:
        """The 1-based line and column of an offset."""
        line = bisect_right(self._lines, offset)
        return line, offset - self._lines[line - 1] + 1

    def span(self, start: int, end: int) -> Span:
        line, column = self.point(start)
        end_line, end_column = self.point(max(start, end))
        return Span(file=self.path, line=line, column=column, end_line=end_line,
                    end_column=end_column)

    def tag_end(self, start: int) -> int:
        """Where the start tag beginning at `start` ends (one past its `>`)."""
        match = _START_TAG.match(self.text, start)
        return match.end() if match else start

    def attribute(self, start: int, name: str, prefixed: bool = False) -> tuple[int, int] | None:
        """The offsets of an attribute's value (inside its quotes) in the start tag at
        `start`: `name` as written, or with any namespace prefix (`camunda:name`)."""
        end = self.tag_end(start)
        for match in _ATTRIBUTE.finditer(self.text, start, end):
            written = match.group(1)
            if written == name or (prefixed and written.endswith(":" + name)):
                group = 2 if match.group(2) is not None else 3
                return match.start(group), match.end(group)
        return None
