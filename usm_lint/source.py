"""Bytes on disk -> text, or an E004/E005 finding saying why not.

The checks run before anything is read whole: a FIFO or device is refused
from its `stat` (opening a FIFO would hang), an oversized file from its size.
"""

from __future__ import annotations

import codecs
import errno
import os
import re
import stat
from dataclasses import dataclass
from typing import BinaryIO

from usm_lint import error_rules
from usm_lint.findings import Finding
from usm_lint.model import Span

BOM = "\ufeff"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class Layout:
    """How a file's bytes hold its text, kept when usm-lint writes it back."""

    bom: bool = False
    cr: bool = False
    """Its lines end with CR alone (classic Mac OS): read as line ends, written back so."""

    def encode(self, text: str) -> bytes:
        if self.cr:
            text = text.replace("\n", "\r")
        return ((BOM if self.bom else "") + text).encode("utf-8")


@dataclass(frozen=True)
class Source:
    """A file's text (BOM removed, lines ended by CR alone read as ended by LF),
    or the finding that stopped reading it."""

    path: str
    text: str | None
    bom: bool = False
    problem: Finding | None = None
    cr: bool = False

    @property
    def layout(self) -> Layout:
        return Layout(self.bom, self.cr)


def at(path: str, line: int = 1, column: int = 1, length: int = 0) -> Span:
    return Span(file=path, line=line, column=column, end_line=line, end_column=column + length)


def unreadable(path: str, why: str) -> Source:
    return Source(path, None, problem=error_rules.E004.finding(at(path), f"cannot read {why}"))


def _os_reason(error: OSError) -> str:
    if error.errno == errno.ELOOP:
        return "the file: its symbolic links form a loop"
    if error.errno == errno.ENOENT:
        return "the file: it does not exist (or is a broken symbolic link)"
    if error.errno in (errno.EACCES, errno.EPERM):
        return "the file: permission denied"
    return f"the file: {error.strerror or error}"


STDIN_LIMIT = 64 * 1024 * 1024
"""Bytes read from standard input at most: `--stdin-filename x.usm < /dev/zero`
ends with a clear E005 over `max-file-bytes`, not by filling the memory."""


def _read_at_most(stream: BinaryIO, limit: int) -> bytes:
    """A stream's bytes, or its first `limit` + 1 when it is longer, read a
    megabyte at a time: a single read of `limit` + 1 allocates that much first,
    whatever the stream holds (a `max-file-bytes` of 2**62 was a MemoryError)."""
    chunks: list[bytes] = []
    size = 0
    while size <= limit:
        chunk = stream.read(min(1 << 20, limit + 1 - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def read_stdin(limit: int = STDIN_LIMIT) -> bytes:
    """Standard input, or its first `limit` + 1 bytes when it is longer."""
    import sys

    return _read_at_most(sys.stdin.buffer, limit)


def decode_buffer(path: str, data: bytes, max_bytes: int) -> Source:
    """An editor's buffer or standard input: `decode`, after the size limit
    every file on disk has (`max-file-bytes`)."""
    if len(data) > max_bytes:
        return Source(path, None, problem=error_rules.E005.finding(
            at(path), f"the text is {len(data)} bytes or more, over `max-file-bytes` "
                      f"({max_bytes}); it was not read"))
    return decode(path, data)


def read_source(path: str, max_bytes: int) -> Source:
    try:
        info = os.stat(path)
    except OSError as error:
        return unreadable(path, _os_reason(error))
    if stat.S_ISDIR(info.st_mode):
        return unreadable(path, "it: it is a folder, not a file")
    if not stat.S_ISREG(info.st_mode):
        return unreadable(path, "it: it is not a regular file (a pipe, socket or device)")
    if info.st_size > max_bytes:
        return Source(path, None, problem=error_rules.E005.finding(
            at(path), f"the file is {info.st_size} bytes, over `max-file-bytes` ({max_bytes}); "
                      "it was not read"))
    try:
        with open(path, "rb") as handle:
            # Read at most one byte more than allowed: the file may have grown.
            data = _read_at_most(handle, max_bytes)
    except OSError as error:
        return unreadable(path, _os_reason(error))
    if len(data) > max_bytes:
        return Source(path, None, problem=error_rules.E005.finding(
            at(path), f"the file is over `max-file-bytes` ({max_bytes}); it was not read"))
    return decode(path, data)


# Byte order marks of the encodings a model file might be saved in, longest first.
_BOMS = ((b"\xff\xfe\x00\x00", "UTF-32"), (b"\x00\x00\xfe\xff", "UTF-32"),
         (b"\xff\xfe", "UTF-16"), (b"\xfe\xff", "UTF-16"))
# The encoding an XML declaration names (`<?xml version="1.0" encoding="ISO-8859-1"?>`).
_XML_ENCODING = re.compile(rb"""<\?xml[^>]*?\sencoding\s*=\s*["']([A-Za-z][\w.:-]*)["']""")


def _xml_encoding(path: str, data: bytes) -> str | None:
    """The encoding a BPMN file says it is in, when not UTF-8: XML lets a file
    declare one (a byte order mark, or its declaration), and some tools write
    ISO-8859-1 or UTF-16. A `.usm` file is UTF-8, always."""
    if not path.endswith(".bpmn"):
        return None
    for mark, name in _BOMS:
        if data.startswith(mark):
            return name
    declared = _XML_ENCODING.match(data)
    name = declared.group(1).decode("ascii") if declared else "UTF-8"
    # A declaration readable as ASCII is in no UTF-16 or UTF-32 (some tools
    # write "UTF-16" over UTF-8 text): the file is read as UTF-8.
    plain = name.replace("_", "-").upper()
    return None if plain in ("UTF-8", "UTF8") or plain.startswith(("UTF-16", "UTF-32")) else name


# The encodings a BPMN file may declare: Unicode's, ISO 8859's and the
# Windows and DOS code pages, and the common East Asian ones; not Python's
# other codecs ("punycode", "unicode_escape", "rot13"), which are no encoding
# of an XML file.
_XML_ENCODINGS = frozenset({
    "utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be", "latin-1",
    "koi8-r", "koi8-u", "mac-roman", "shift_jis", "euc_jp", "iso2022_jp", "gb2312", "gbk",
    "gb18030", "big5", "euc_kr", "cp949"})


def _decode_declared(path: str, data: bytes, name: str) -> Source:
    """A BPMN file's text in the encoding it declares, or E005 saying why not."""
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        codec = ""
    if codec == "ascii":
        codec = "utf-8"  # UTF-8 extends ASCII: a file labelled ASCII is often UTF-8
    if codec != "utf-8" and codec not in _XML_ENCODINGS and not codec.startswith(
            ("iso8859-", "cp")):
        return Source(path, None, problem=error_rules.E005.finding(
            at(path, length=1), f"the file declares the encoding {name}, which usm-lint "
                                "does not read; save it as UTF-8"))
    try:
        text = data.decode(codec)
    except UnicodeError as error:
        where = f" (byte {error.start})" if isinstance(error, UnicodeDecodeError) else ""
        return Source(path, None, problem=error_rules.E005.finding(
            at(path, length=1), f"the file is not valid {name} text{where}; save it as UTF-8"))
    return _without_control(path, text.removeprefix(BOM), False)


def decode(path: str, data: bytes) -> Source:
    """UTF-8 text with an optional BOM (a BPMN file: the encoding it declares),
    and no control characters."""
    declared = _xml_encoding(path, data)
    if declared is not None:
        return _decode_declared(path, data, declared)
    for mark, name in _BOMS:
        if data.startswith(mark):
            return Source(path, None, problem=error_rules.E005.finding(
                at(path, length=1), f"the file is {name} text; save it as UTF-8"))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        before = data[: error.start].decode("utf-8", errors="replace")
        line = before.count("\n") + 1
        column = len(before) - (before.rfind("\n") + 1) + 1
        return Source(path, None, problem=error_rules.E005.finding(
            at(path, line, column, 1),
            f"the file is not valid UTF-8: byte 0x{data[error.start]:02X} at line {line}"))
    bom = text.startswith(BOM)
    return _without_control(path, text[1:] if bom else text, bom)


def _cr_only(text: str) -> bool:
    """Whether a text's lines all end with CR alone (classic Mac OS)."""
    return "\r" in text and "\n" not in text


def lines_ended_by_lf(text: str) -> str:
    """A text whose lines all end with CR alone, with LF instead (the same
    length and lines); any other text as it is."""
    return text.replace("\r", "\n") if _cr_only(text) else text


def _without_control(path: str, text: str, bom: bool) -> Source:
    """The text, its lines ended by LF or CRLF, or E005 at its first control
    character. In a file whose lines all end with CR alone, a CR ends a line,
    as editors and the LSP count lines."""
    # A file whose every line ends so (classic Mac OS) is read with LF and
    # written back with CR. In a file that also has LF, a lone CR stays what
    # it is, an error where it stands: normalised, the text could no longer be
    # written back byte for byte.
    cr = _cr_only(text)
    text = lines_ended_by_lf(text)
    control = _CONTROL.search(text)
    if control:
        before = text[: control.start()]
        line = before.count("\n") + 1
        column = control.start() - (before.rfind("\n") + 1) + 1
        return Source(path, None, bom, error_rules.E005.finding(
            at(path, line, column, 1),
            f"control character U+{ord(control.group()):04X} in the text; a model file "
            "holds only printable text, tabs and line ends"))
    return Source(path, text, bom, cr=cr)
