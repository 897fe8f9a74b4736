"""The bytes a client sends, bounded before pygls reads them.

pygls reads a message's body with one `read(Content-Length)`: a header of
`Content-Length: 99999999999999` allocates that much first (a MemoryError
that ended the server), and a header line is read whole however long it is.
`BoundedInput` stands between stdin and pygls: a header line is read in
pieces of at most `LINE_LIMIT` bytes, and a body over `BODY_LIMIT` is read
and dropped a megabyte at a time, standing in for a notification nobody
handles (`$/` methods may be ignored, says the LSP), with a warning on
standard error, which editors show in the server's log.
"""

from __future__ import annotations

import json
import logging
from typing import BinaryIO

from usm_lint.config import DEFAULT_MAX_FILE_BYTES

LINE_LIMIT = 1 << 16
BODY_LIMIT = 8 * DEFAULT_MAX_FILE_BYTES
"""A `didOpen` of the largest file usm-lint reads, escaped as JSON (at worst
six bytes for one), with room to spare; larger buffers are refused anyway."""
SKIPPED = "$/usm-lint/skippedMessage"
_CHUNK = 1 << 20

logger = logging.getLogger(__name__)


class BoundedInput:
    """stdin as pygls reads it (`readline`, `read`), within the limits above."""

    def __init__(self, stream: BinaryIO, body_limit: int = BODY_LIMIT) -> None:
        self.stream = stream
        self.body_limit = body_limit

    def readline(self) -> bytes:
        return self.stream.readline(LINE_LIMIT)

    def read(self, size: int) -> bytes:
        if size <= self.body_limit:
            return self.stream.read(size)
        left = size
        while left > 0:
            chunk = self.stream.read(min(_CHUNK, left))
            if not chunk:
                break  # the client is gone: the next read ends the server
            left -= len(chunk)
        logger.warning("skipped a message of %d bytes, over the limit of %d", size,
                       self.body_limit)
        return json.dumps({"jsonrpc": "2.0", "method": SKIPPED,
                           "params": {"bytes": size}}).encode()
