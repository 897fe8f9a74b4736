"""A small LSP client over stdio for the server benchmarks (latency, soak).

It speaks JSON-RPC with plain dicts, answers the server's own requests with
`null`, keeps every `publishDiagnostics` with the time it arrived, and reads
the server's peak memory from /proc (Linux). The server's stderr is drained
so that its logging can never fill the pipe and stall it.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PUBLISH = "textDocument/publishDiagnostics"
ERROR_LOG = 1
"""`MessageType.Error`: the server logs a failed handler so."""


class ResponseError(Exception):
    """The server answered a request with an error."""


@dataclass
class Publish:
    version: int | None
    diagnostics: list[dict[str, Any]]
    at: float
    """`time.perf_counter()` when its last byte was read."""


@dataclass
class Client:
    process: asyncio.subprocess.Process
    published: dict[str, list[Publish]] = field(default_factory=dict)
    errors_logged: list[str] = field(default_factory=list)
    _pending: dict[int, asyncio.Future[Any]] = field(default_factory=dict)
    _ids: itertools.count[int] = field(default_factory=itertools.count)
    _arrived: asyncio.Condition = field(default_factory=asyncio.Condition)
    _tasks: list[asyncio.Task[None]] = field(default_factory=list)

    @classmethod
    async def start(cls, command: list[str], root: Path) -> Client:
        """Start the server and initialize it with `root` as the workspace folder."""
        process = await asyncio.create_subprocess_exec(
            *command, cwd=root, stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
        client = cls(process)
        client._tasks = [asyncio.create_task(client._read()),
                         asyncio.create_task(client._drain_stderr())]
        await client.request("initialize", {
            "processId": None, "rootUri": root.as_uri(),
            "workspaceFolders": [{"uri": root.as_uri(), "name": root.name}],
            "capabilities": {"textDocument": {"publishDiagnostics": {"versionSupport": True}}},
        })
        client.notify("initialized", {})
        return client

    # ---- sending ------------------------------------------------------------
    def _send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        stdin = self.process.stdin
        assert stdin is not None
        stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)

    def notify(self, method: str, params: Any) -> None:
        self._send({"method": method, "params": params})

    async def request(self, method: str, params: Any, timeout: float = 60) -> Any:
        """The result of a request (ResponseError if the server answered an error)."""
        number = next(self._ids)
        answer = self._pending[number] = asyncio.get_running_loop().create_future()
        self._send({"id": number, "method": method, "params": params})
        try:
            return await asyncio.wait_for(answer, timeout)
        finally:
            self._pending.pop(number, None)

    # ---- receiving ----------------------------------------------------------
    async def _read(self) -> None:
        stdout = self.process.stdout
        assert stdout is not None
        while True:
            length = 0
            while (header := await stdout.readline()) not in (b"\r\n", b""):
                name, _, value = header.decode("ascii").partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            if not header:
                return  # the server is gone
            body = await stdout.readexactly(length)
            arrived = time.perf_counter()  # before decoding: that is this side's time
            await self._receive(json.loads(body), arrived)

    async def _receive(self, message: dict[str, Any], arrived: float) -> None:
        """Handle one message; `arrived` is when its last byte was read."""
        if "method" not in message:
            answer = self._pending.get(message.get("id", -1))
            if answer is not None and not answer.done():
                if "error" in message:
                    answer.set_exception(ResponseError(message["error"].get("message")))
                else:
                    answer.set_result(message.get("result"))
            return
        if "id" in message:  # the server's own request (registerCapability): accept
            self._send({"id": message["id"], "result": None})
            return
        params = message.get("params") or {}
        if message["method"] == PUBLISH:
            publish = Publish(params.get("version"), params["diagnostics"], arrived)
            self.published.setdefault(params["uri"], []).append(publish)
            async with self._arrived:
                self._arrived.notify_all()
        elif message["method"] == "window/logMessage" and params.get("type") == ERROR_LOG:
            self.errors_logged.append(params.get("message", ""))

    async def _drain_stderr(self) -> None:
        stderr = self.process.stderr
        assert stderr is not None
        while await stderr.read(65536):
            pass

    async def publish_of(self, uri: str, version: int, timeout: float = 120) -> Publish:
        """The first diagnostics published for `version` of the document."""

        def found() -> Publish | None:
            return next((p for p in self.published.get(uri, ()) if p.version == version), None)

        async with self._arrived:
            await asyncio.wait_for(self._arrived.wait_for(found), timeout)
        publish = found()
        assert publish is not None
        return publish

    # ---- documents ------------------------------------------------------------
    def open(self, uri: str, text: str, version: int = 1) -> None:
        self.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "usm", "version": version, "text": text}})

    def change(self, uri: str, version: int, changes: list[dict[str, Any]]) -> None:
        self.notify("textDocument/didChange", {
            "textDocument": {"uri": uri, "version": version}, "contentChanges": changes})

    # ---- the process ------------------------------------------------------------
    def peak_rss_mib(self) -> float:
        """The server's peak resident memory so far (VmHWM), in MiB."""
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        line = next(row for row in status.splitlines() if row.startswith("VmHWM:"))
        return int(line.split()[1]) / 1024

    async def stop(self) -> None:
        with contextlib.suppress(ResponseError, TimeoutError, ConnectionError):
            await self.request("shutdown", None, timeout=30)
            self.notify("exit", None)
        try:
            await asyncio.wait_for(self.process.wait(), 30)
        except TimeoutError:
            self.process.kill()
            await self.process.wait()
        for task in self._tasks:
            task.cancel()


def lsp_position(text: str, offset: int) -> dict[str, int]:
    """The LSP position (0-based line, UTF-16 column) of a code-point offset."""
    line_start = text.rfind("\n", 0, offset) + 1
    before = text[line_start:offset]
    return {"line": text.count("\n", 0, offset),
            "character": len(before.encode("utf-16-le")) // 2}


def replacement(text: str, start: int, end: int, new: str) -> dict[str, Any]:
    """An incremental change replacing text[start:end] with `new`."""
    return {"range": {"start": lsp_position(text, start), "end": lsp_position(text, end)},
            "text": new}
