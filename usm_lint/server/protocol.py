"""pygls's protocol, with the two changes the server needs, fenced.

Both reach into pygls's private API (`_check_handler_result`,
`_request_futures`, `_send_data`, `_converter`, `_include_headers`,
`_report_server_error`), so they are made only on the pygls versions they
were written and tested against (`TESTED`); on any other the server runs on
stock pygls behaviour, which is correct, only slower and keeping more memory.

- pygls 2.1 files the future of a generator handler (its own `didOpen`,
  `didChange`, ... that run ours) under a fresh id, and drops it only for
  requests: about 1 KB kept per edit, for as long as the server runs. The
  override forgets each one once handled.
- pygls answers nothing to a request whose parameters do not fit the method
  (it logs them and goes on), so the client waits for ever; JSON-RPC asks for
  an "invalid params" error answer, which the override sends. Nor does it
  answer a message that is not JSON, where JSON-RPC asks for a "parse error"
  answer with a null id (`answer_unreadable`).
- pygls drops a request that comes after `shutdown`; the LSP asks for an
  "invalid request" error answer, which the override sends.
- A large file's diagnostics are most of what the server sends (some 700 KB
  for a file with a few thousand findings), and after an edit most are the
  ones sent before: `Converted` keeps each one's JSON text, and
  `publishDiagnostics` is written from those pieces instead of encoding the
  whole message again (tests check it reads as pygls's own encoding).
"""

from __future__ import annotations

import asyncio
import inspect
import json
from collections.abc import Callable
from concurrent.futures import Future
from importlib.metadata import version
from typing import Any

from lsprotocol import types
from pygls.exceptions import JsonRpcException, JsonRpcInternalError, JsonRpcInvalidRequest
from pygls.protocol import LanguageServerProtocol

from usm_lint.server.diagnostics import Converted

TESTED = ("2.0.", "2.1.")
"""The pygls releases whose private API the overrides below were tested with."""
FENCED = version("pygls").startswith(TESTED)
"""Whether the installed pygls is one of them (the overrides are made only then)."""


def publish_body(message: types.PublishDiagnosticsNotification, converted: Converted,
                 plain: Callable[[Any], Any]) -> str:
    """The JSON text of a `publishDiagnostics` notification (ASCII, like
    pygls's: its frame counts characters as bytes)."""
    params = message.params
    head: dict[str, Any] = {"uri": params.uri}
    if params.version is not None:
        head["version"] = params.version
    opening = json.dumps({"method": message.method, "jsonrpc": message.jsonrpc,
                          "params": head})
    pieces = ", ".join(converted.json(d, plain) for d in params.diagnostics)
    return f'{opening[:-2]}, "diagnostics": [{pieces}]}}}}'


class Protocol(LanguageServerProtocol):
    """pygls's protocol; on a tested pygls, forgetting each notification once
    handled, and sending diagnostics as JSON made once per diagnostic."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.converted: Converted | None = None
        """Set by the server: the diagnostics it keeps, and their JSON."""
        self._writing: set[asyncio.Future[None]] = set()

    def answer_unreadable(self, error: ValueError) -> None:
        """JSON-RPC's answer to a message that is not JSON: a parse error with
        a null id (which pygls's encoder would leave out). Stock pygls sends
        nothing, and neither does this on an untested pygls."""
        if FENCED:
            self._write(json.dumps({"jsonrpc": "2.0", "id": None, "error": {
                "code": -32700, "message": f"Parse error: {error}"}}))

    if FENCED:
        def _check_handler_result(self, future: Future[Any]) -> None:
            super()._check_handler_result(future)
            done = [key for key, pending in self._request_futures.items() if pending is future]
            for key in done:
                del self._request_futures[key]

        def handle_message(self, message: Any) -> None:
            # After `shutdown`, the LSP asks for an "invalid request" error to
            # every request but `exit`; pygls drops them (the client waits).
            method = getattr(message, "method", None)
            request_id = getattr(message, "id", None)
            if (getattr(self._server, "shut_down", False) and method and method != types.EXIT
                    and request_id is not None):
                self._send_response(request_id, error=JsonRpcInvalidRequest(
                    "the server is shut down: after `shutdown`, only `exit`").to_response_error())
                return
            super().handle_message(message)

        def structure_message(self, data: dict[str, Any]) -> Any:
            try:
                return super().structure_message(data)
            except JsonRpcException as error:
                if "method" in data and isinstance(data.get("id"), int | str):
                    self._send_response(data["id"], error=error.to_response_error())
                raise

        def _send_data(self, data: Any) -> None:
            if self.converted is None or not isinstance(
                    data, types.PublishDiagnosticsNotification):
                super()._send_data(data)
                return
            try:
                self._write(publish_body(data, self.converted, self._converter.unstructure))
            except BrokenPipeError:
                raise
            except Exception as error:  # as pygls does for what it sends itself
                self._server._report_server_error(error, JsonRpcInternalError)

        def _write(self, body: str) -> None:
            """Send a JSON body, framed as pygls frames its own messages."""
            if self.writer is None:
                return
            header = (f"Content-Length: {len(body)}\r\n"
                      f"Content-Type: {self.CONTENT_TYPE}; charset={self.CHARSET}\r\n\r\n"
                      if self._include_headers else "")
            written = self.writer.write((header + body).encode(self.CHARSET))
            if inspect.isawaitable(written):  # a websocket's writer
                task = asyncio.ensure_future(written)
                self._writing.add(task)
                task.add_done_callback(self._writing.discard)
