"""A BPMN file's XML read safely into a light tree of elements with positions.

expat through defusedxml's SAX driver, with its protections on and DTDs
refused outright: a BPMN file needs no DOCTYPE, and a DTD is how entity
expansion bombs and external entities (files, the network) get in. Elements of
the diagram interchange namespaces (shapes, edges, bounds) are dropped as they
are read: nothing of the model lives there, and they are most of a file.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from xml.sax import InputSource, SAXParseException
from xml.sax.handler import ContentHandler, feature_namespaces
from xml.sax.xmlreader import AttributesNSImpl, Locator

from defusedxml import DefusedXmlException, DTDForbidden, EntitiesForbidden
from defusedxml.expatreader import DefusedExpatParser

from usm_lint.bpmn.positions import Positions
from usm_lint.bpmn.vocabulary import DIAGRAM_NAMESPACES

MAX_DEPTH = 200
"""Elements nest no deeper in any real model; deeper is refused, not recursed into."""


class ReadError(Exception):
    """A file that cannot be read as a BPMN model: what is wrong, and where (an offset)."""

    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset


@dataclass(eq=False)
class Element:
    namespace: str
    name: str
    """The local name (`task` whatever prefix the file binds to BPMN's namespace)."""
    attributes: dict[tuple[str, str], str]
    """(namespace, local name) -> value; namespace "" for unprefixed attributes."""
    start: int
    """Offset of the start tag's `<`."""
    end: int = 0
    """Offset one past the element (its end tag's `>`)."""
    text: str = ""
    """The character data directly inside it."""
    children: list[Element] = field(default_factory=list)

    def get(self, name: str) -> str | None:
        """An unprefixed attribute's value (BPMN's own attributes are unprefixed)."""
        return self.attributes.get(("", name))

    def foreign(self) -> Iterator[tuple[str, str]]:
        """(local name, value) of the attributes in other namespaces (tool extensions)."""
        for (namespace, name), value in self.attributes.items():
            if namespace:
                yield name, value

    def walk(self) -> Iterator[Element]:
        """This element and every element below it, in document order."""
        stack = [self]
        while stack:
            element = stack.pop()
            yield element
            stack.extend(reversed(element.children))


class _TreeBuilder(ContentHandler):
    def __init__(self, positions: Positions) -> None:
        super().__init__()
        self.positions = positions
        self.locator: Locator | None = None
        self.root: Element | None = None
        self.open: list[Element] = []
        self.texts: list[list[str]] = []
        self.skipped = 0
        """Depth inside a dropped (diagram) element."""

    def setDocumentLocator(self, locator: Locator) -> None:
        self.locator = locator

    def here(self) -> tuple[int, int]:
        """The parser's position: 1-based line, 0-based column."""
        if self.locator is None:
            return 1, 0
        return self.locator.getLineNumber() or 1, self.locator.getColumnNumber() or 0

    def startElementNS(self, name: tuple[str | None, str], qname: str | None,
                       attrs: AttributesNSImpl) -> None:
        namespace = name[0] or ""
        if self.skipped or namespace in DIAGRAM_NAMESPACES:
            self.skipped += 1
            return
        if len(self.open) >= MAX_DEPTH:
            raise ReadError(f"elements nest more than {MAX_DEPTH} deep",
                            self.positions.offset(*self.here()))
        attributes = {(uri or "", local): value for (uri, local), value in attrs.items()}
        element = Element(namespace, name[1], attributes, self.positions.offset(*self.here()))
        if self.open:
            self.open[-1].children.append(element)
        else:
            self.root = element
        self.open.append(element)
        self.texts.append([])

    def endElementNS(self, name: tuple[str | None, str], qname: str | None) -> None:
        if self.skipped:
            self.skipped -= 1
            return
        element = self.open.pop()
        element.text = "".join(self.texts.pop())
        end = self.positions.offset(*self.here())
        if self.positions.text.startswith("</", end):
            close = self.positions.text.find(">", end)
            end = close + 1 if close >= 0 else end
        element.end = max(end, element.start + 1)

    def characters(self, content: str) -> None:
        if not self.skipped and self.texts:
            self.texts[-1].append(content)


_IN_WORDS = {
    "no element found": "the file ends before its XML is complete",
    "mismatched tag": "an end tag does not match the element it closes",
    "not well-formed (invalid token)": "a character XML does not allow here",
    "unclosed token": "a tag or an attribute value is not closed",
    "junk after document element": "there is more after the root element's end",
    "undefined entity": "an entity (`&...;`) XML does not define",
    "duplicate attribute": "an attribute is written twice in one tag",
    "unbound prefix": "a namespace prefix that no `xmlns:` declares",
    "XML or text declaration not at start of entity":
        "the `<?xml ...?>` declaration is not at the very start",
}
"""expat's messages that a non-programmer would not read, in words."""


def _refused(error: DefusedXmlException) -> str:
    if isinstance(error, DTDForbidden):
        return ("a DOCTYPE declaration is not allowed in a BPMN file (usm-lint refuses DTDs: "
                "they can expand entities without bound or read other files)")
    if isinstance(error, EntitiesForbidden):
        return "entity declarations are not allowed in a BPMN file"
    return "references to external files or addresses are not allowed in a BPMN file"


# A namespace declaration's value: expat separates a namespace from a local
# name with a space, so a namespace with one in it (IBM Process Designer's
# `.../ext/ Process Designer`) would make a well-formed file an error.
_NAMESPACE_DECLARATION = re.compile(
    r"""((?<=\s)xmlns(?::[\w.-]+)?\s*=\s*)("[^"<]*"|'[^'<]*')""")
# Every blank Python knows (XML reads a tab or line end in a value as a
# space; `str.split`, which splits the names expat reports, also splits at a
# no-break space): each becomes "␣" (U+2423), a blank to neither.
_BLANK = re.compile(r"\s")


def _without_spaced_namespaces(text: str) -> str:
    """The text with the blanks inside namespace declarations' values made
    "␣": the same length, so every offset still points where it did; a
    character no real namespace name holds, so two names stay two; and
    BPMN's own namespaces, the ones read, have no blank."""
    return _NAMESPACE_DECLARATION.sub(lambda m: m.group(1) + _BLANK.sub("\u2423", m.group(2)),
                                      text)


def read_xml(positions: Positions) -> Element:
    """The element tree of the text; ReadError when it is not well-formed or refused."""
    parser = DefusedExpatParser(forbid_dtd=True, forbid_entities=True, forbid_external=True)
    parser.setFeature(feature_namespaces, True)
    builder = _TreeBuilder(positions)
    parser.setContentHandler(builder)
    source = InputSource()
    source.setCharacterStream(io.StringIO(_without_spaced_namespaces(positions.text)))
    try:
        parser.parse(source)
    except SAXParseException as error:
        where = positions.offset(error.getLineNumber() or 1, error.getColumnNumber() or 0)
        said = _IN_WORDS.get(error.getMessage(), error.getMessage())
        raise ReadError(f"the file is not well-formed XML: {said}", where) from None
    except DefusedXmlException as error:
        where = positions.offset(*builder.here())
        if isinstance(error, DTDForbidden):  # expat reports it inside: point at its start
            where = max(0, positions.text.rfind("<!DOCTYPE", 0, where + 1))
        raise ReadError(_refused(error), where) from None
    if builder.root is None:
        raise ReadError("not a BPMN 2.0 model: the file has no `definitions` element", 0)
    return builder.root
