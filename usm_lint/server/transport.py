"""The bytes a client sends, bounded before pygls reads them.

pygls reads a message's body with one `read(Content-Length)`: a header of
`Content-Length: 99999999999999` allocates that much first (a MemoryError
that ended the server), and a header line is read whole however long it is.
`BoundedInput` stands between stdin and pygls: a header line is read in
pieces of at most `LINE_LIMIT` bytes, and a body over `BODY_LIMIT` is read
and dropped a megabyte at a time, with a warning on standard error (which
editors show in the server's log). In its place pygls gets a `$/` message
of the same id, if it had one: a notification nobody handles (the LSP lets
`$/` ones be ignored), or a request that gets an error answer, so the
client does not wait for ever. A dropped edit leaves the buffer as it was;
a buffer that large is over `max-file-bytes` and not checked anyway.
"""

from __future__ import annotations

import json
import logging
import re
from typing import BinaryIO

from usm_lint.config import DEFAULT_MAX_FILE_BYTES

LINE_LIMIT = 1 << 16
BODY_LIMIT = 8 * DEFAULT_MAX_FILE_BYTES
"""A `didOpen` of the largest file usm-lint reads, escaped as JSON (at worst
six bytes for one), with room to spare; larger buffers are refused anyway."""
SKIPPED = "$/usm-lint/messageOverTheSizeLimit"
_CHUNK = 1 << 20
# A request's id, looked for at the start of its body (clients write it there).
_HEAD = 4096
_ID = re.compile(rb'"id"\s*:\s*(-?\d+|"(?:[^"\\]|\\.){0,200}")')

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
        head = b""
        left = size
        while left > 0:
            chunk = self.stream.read(min(_CHUNK, left))
            if not chunk:
                break  # the client is gone: the next read ends the server
            head = head or chunk[:_HEAD]
            left -= len(chunk)
        logger.warning("skipped a message of %d bytes, over the limit of %d", size,
                       self.body_limit)
        stand_in: dict[str, object] = {"jsonrpc": "2.0", "method": SKIPPED,
                                       "params": {"bytes": size}}
        request = _ID.search(head)  # a request must be answered: its id comes first
        if request is not None:
            stand_in["id"] = json.loads(request.group(1))
        return json.dumps(stand_in).encode()
