"""Text that is safe to show: what a report prints of paths and messages.

A file name may hold bytes that are not UTF-8 (Python carries them as
surrogates), control characters (a newline in a name would start a fake
finding in line-oriented output) and bidirectional controls (which reorder
what a terminal or browser shows). Each is written as an escape instead:
`caf\\xe9.usm`, `a\\nb`, `\\u202e`. Text without any of them is returned as it
is (the common case costs one search).
"""

from __future__ import annotations

import re

_UNSAFE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e"
                     "\u2066-\u2069\ud800-\udfff]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:
        return f"\\x{code - 0xDC00:02x}"  # a byte os.fsdecode could not decode
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


# In a message a line end is the reporter's to render (JSON, GitHub and GitLab
# escape it; findings' own messages are one line).
_UNSAFE_TEXT = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e"
                          "\u2066-\u2069\ud800-\udfff]")


def shown(text: str) -> str:
    """A path: undecodable bytes, controls (but tab) and bidi controls escaped."""
    return _UNSAFE.sub(_escape, text) if _UNSAFE.search(text) else text


def shown_text(text: str) -> str:
    """A message: as `shown`, but line ends are kept."""
    return _UNSAFE_TEXT.sub(_escape, text) if _UNSAFE_TEXT.search(text) else text
