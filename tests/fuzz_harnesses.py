"""Coverage-guided fuzzing with atheris: one harness per way input reaches usm-lint.

    python tests/fuzz_harnesses.py TARGET CORPUS [libFuzzer flags]

TARGET is one of:

- `check`: a `.usm` or `.bpmn` text (a `.bpmn` one when it starts with `<`)
  under a random file name (not always UTF-8), checked with the cache on and
  then again from the cache, which must give the same findings;
- `format`: the formatter round trip: a text that formats must format to
  itself again and keep its model;
- `bpmn`: the BPMN reader and importer alone, on any bytes;
- `config`: a configuration built from the input (known keys with values of
  any type, unknown keys, any TOML), loaded and, when valid, used to check a
  small model, so that its patterns run;
- `lsp`: a stream of language-server messages (opens, edits at any position,
  requests at any position, malformed frames) to one server running in this
  process; every request must be answered and nothing may fail inside.

Seed each corpus with `examples/`, `../shared/bpmn-miwg/` and
`tests/fuzz_regressions/`. libFuzzer's `-timeout=SECONDS` is the time budget
per input: a slower input is reported as a finding (a `timeout-*` file), as is
one over `-rss_limit_mb`. Minimised findings go into `tests/fuzz_regressions/`,
which tests/test_hostile.py replays. Hours and results are in docs/performance.md.
"""

from __future__ import annotations

import contextlib
import json
import os
import queue
import sys
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import atheris

# Instrumented for coverage when fuzzing; plain when a test imports the targets
# (tests/test_hostile.py runs each once, so that they cannot rot unnoticed).
with atheris.instrument_imports() if __name__ == "__main__" else contextlib.nullcontext():
    from usm_lint.bpmn.importer import import_bpmn
    from usm_lint.config import ConfigError, load_config
    from usm_lint.formatter import FormatError, format_text
    from usm_lint.lint import lint_paths
    from usm_lint.loader import LoadOptions
    from usm_lint.parsing.parser import parse
    from usm_lint.registry import RULES
    from usm_lint.server.server import create_server
    from usm_lint.source import decode

sys.path.insert(0, str(Path(__file__).parents[1]))  # the checkout, for tests.*
from tests.test_formatter import without_spans

_NAME_PIECES = ["a", "é", "\udce9", " ", "-", ".", "process", "日本", "\u202e", "\n", "x" * 40]


def _file_name(fdp: atheris.FuzzedDataProvider, suffix: str) -> str:
    """A file name from the input: any mix of plain, accented, undecodable
    (surrogate-escaped bytes), bidi-control and long pieces."""
    pieces = [_NAME_PIECES[fdp.ConsumeIntInRange(0, len(_NAME_PIECES) - 1)]
              for _ in range(fdp.ConsumeIntInRange(1, 4))]
    name = "".join(pieces).replace("/", "_").replace("\0", "_").strip() or "m"
    return name[:200] + suffix


# ---- check -------------------------------------------------------------------

def check(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    text = fdp.ConsumeBytes(fdp.ConsumeIntInRange(0, len(data)))
    bpmn = text.lstrip().startswith(b"<")
    name = _file_name(fdp, ".bpmn" if bpmn else ".usm")
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "usm-lint.toml").write_text("bpmn = true\n" if bpmn else "")
        path = os.path.join(folder, name)
        with open(os.fsencode(path), "wb") as file:
            file.write(text)
        load = LoadOptions(cache=True, cache_dir=root / ".cache", jobs=1)
        cold = lint_paths([folder], RULES, root, load=load)
        warm = lint_paths([folder], RULES, root, load=load)
        if cold.findings != warm.findings:
            raise AssertionError("the cache changed the findings")


# ---- format ------------------------------------------------------------------

def format_round_trip(data: bytes) -> None:
    text = data.decode("utf-8", "replace")
    try:
        once = format_text(text)
    except FormatError:
        return
    if format_text(once) != once:
        raise AssertionError("formatting is not idempotent")
    before = without_spans(parse(text.removeprefix("\ufeff"), "m.usm").file)
    after = without_spans(parse(once.removeprefix("\ufeff"), "m.usm").file)
    if before != after:
        raise AssertionError("formatting changed the model")


# ---- bpmn --------------------------------------------------------------------

def bpmn(data: bytes) -> None:
    source = decode("fuzz.bpmn", data)  # as the loader reads a file
    if source.text is not None:
        import_bpmn(source.text, "fuzz.bpmn")


# ---- config ------------------------------------------------------------------

_KEYS = ["select", "extend-select", "ignore", "fail-on", "include", "exclude", "bpmn",
         "language", "max-file-bytes", "per-file-ignores", "thresholds", "vocabulary",
         "templates", "practices", "selcet", "tool", "x"]
_SUBKEYS = ["verbs", "nouns", "roles", "tools", "actors", "conditions", "patterns",
            "max-activities", "similarity", "steps", "name", "*.usm", "C0201", "y"]
_MODEL = 'process Agree {\n  activity register "Register the request"\n}\n'


def _value(fdp: atheris.FuzzedDataProvider, depth: int = 0) -> Any:
    kind = fdp.ConsumeIntInRange(0, 6 if depth < 2 else 4)
    if kind == 0:
        return fdp.ConsumeBool()
    if kind == 1:
        return fdp.ConsumeInt(8)
    if kind == 2:
        return fdp.ConsumeUnicodeNoSurrogates(fdp.ConsumeIntInRange(0, 40))
    if kind == 3:
        return ["C0201", "C02", "ALL", "E", "W0101", "nope", "(a+)+$", "*"][
            fdp.ConsumeIntInRange(0, 7)]
    if kind == 4:
        return fdp.ConsumeFloat()
    if kind == 5:
        return [_value(fdp, depth + 1) for _ in range(fdp.ConsumeIntInRange(0, 3))]
    return {_SUBKEYS[fdp.ConsumeIntInRange(0, len(_SUBKEYS) - 1)]: _value(fdp, depth + 1)
            for _ in range(fdp.ConsumeIntInRange(0, 3))}


def _toml(table: dict[str, Any]) -> str:
    """TOML for a table of any values (JSON's syntax is TOML's for these, but
    for tables, which are inline; NaN and infinities are TOML's `nan`, `inf`)."""
    def render(value: Any) -> str:
        if isinstance(value, dict):
            return "{" + ", ".join(f"{json.dumps(k)} = {render(v)}"
                                   for k, v in value.items()) + "}"
        if isinstance(value, list):
            return "[" + ", ".join(render(v) for v in value) + "]"
        if isinstance(value, float) and value != value:
            return "nan"
        if value in (float("inf"), float("-inf")):
            return "inf" if value > 0 else "-inf"
        return json.dumps(value)
    return "".join(f"{json.dumps(key)} = {render(value)}\n" for key, value in table.items())


def config(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    if fdp.ConsumeIntInRange(0, 7) == 0:
        text = fdp.ConsumeBytes(len(data))  # any bytes, as a broken file is
    else:
        table = {_KEYS[fdp.ConsumeIntInRange(0, len(_KEYS) - 1)]: _value(fdp)
                 for _ in range(fdp.ConsumeIntInRange(0, 5))}
        text = _toml(table).encode("utf-8", "surrogateescape")
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "usm-lint.toml").write_bytes(text)
        (root / "m.usm").write_text(_MODEL)
        try:
            load_config(root / "usm-lint.toml")
            # Selectors are checked against the rules when they run: a
            # ConfigError here too is the answer a user gets (exit 2).
            lint_paths([folder], RULES, root, load=LoadOptions(cache=False, jobs=1))
        except ConfigError:
            return


# ---- lsp ---------------------------------------------------------------------

class _Client:
    """One server in a thread of this process, talked to over two pipes."""

    def __init__(self, root: Path) -> None:
        self.root = root
        into_server, self._to_server = os.pipe()
        self._from_server, out_of_server = os.pipe()
        self.server = create_server(debounce=0.0)
        self._writer = os.fdopen(self._to_server, "wb", buffering=0)
        threading.Thread(target=self.server.start_io,
                         args=(os.fdopen(into_server, "rb"), os.fdopen(out_of_server, "wb")),
                         daemon=True).start()
        self.answers: queue.Queue[dict[str, Any]] = queue.Queue()
        self.failures: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()
        self.next_id = 0
        self.request("initialize", {"processId": None, "rootUri": root.as_uri(),
                                    "capabilities": {}})
        self.notify("initialized", {})

    def close(self) -> None:
        """Shut the server down as a client does, so that its threads end."""
        self.request("shutdown", None)
        self.notify("exit", None)
        self._writer.close()

    def _read(self) -> None:
        stream = os.fdopen(self._from_server, "rb")
        while True:
            length = 0
            while (line := stream.readline()) not in (b"\r\n", b""):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            if not line:
                return
            message = json.loads(stream.read(length))
            params = message.get("params") or {}
            if message.get("method") == "window/logMessage" and params.get("type") == 1 \
                    and "failed:" in params.get("message", ""):
                self.failures.append(params["message"])
            if "id" in message and "method" not in message:
                self.answers.put(message)
            elif "id" in message:  # a request from the server (registerCapability)
                self.send({"jsonrpc": "2.0", "id": message["id"], "result": None})

    def send(self, message: dict[str, Any] | bytes) -> None:
        body = message if isinstance(message, bytes) else json.dumps(message).encode()
        self._writer.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)

    def notify(self, method: str, params: Any) -> None:
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def request(self, method: str, params: Any) -> dict[str, Any]:
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params})
        while True:
            try:
                answer = self.answers.get(timeout=20)
            except queue.Empty:
                raise AssertionError(f"no answer to {method} in 20 s") from None
            if answer["id"] == self.next_id:
                return answer


_CLIENT: list[_Client] = []
_REQUESTS = ["textDocument/hover", "textDocument/completion", "textDocument/definition",
             "textDocument/references", "textDocument/documentSymbol",
             "textDocument/semanticTokens/full", "textDocument/semanticTokens/range",
             "textDocument/codeAction", "textDocument/formatting", "textDocument/rename",
             "textDocument/prepareRename", "textDocument/foldingRange"]


def _position(fdp: atheris.FuzzedDataProvider) -> dict[str, int]:
    return {"line": fdp.ConsumeIntInRange(0, 60), "character": fdp.ConsumeIntInRange(0, 90)}


def _params(method: str, uri: str, fdp: atheris.FuzzedDataProvider) -> dict[str, Any]:
    start, end = _position(fdp), _position(fdp)
    params: dict[str, Any] = {"textDocument": {"uri": uri}, "position": start,
                              "range": {"start": start, "end": end},
                              "context": {"diagnostics": [], "includeDeclaration": True},
                              "options": {"tabSize": 2, "insertSpaces": True},
                              "newName": fdp.ConsumeUnicodeNoSurrogates(8)}
    return params


def lsp(data: bytes) -> None:
    if not _CLIENT:
        _CLIENT.append(_Client(Path(tempfile.mkdtemp())))
    client = _CLIENT[0]
    fdp = atheris.FuzzedDataProvider(data)
    uris = [(client.root / _file_name(fdp, ".usm")).as_uri() for _ in range(2)]
    versions = dict.fromkeys(uris, 0)
    for uri in uris:
        client.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "usm", "version": 0,
            "text": fdp.ConsumeUnicodeNoSurrogates(fdp.ConsumeIntInRange(0, 400))}})
    for _ in range(fdp.ConsumeIntInRange(0, 12)):
        uri = uris[fdp.ConsumeIntInRange(0, 1)]
        action = fdp.ConsumeIntInRange(0, 9)
        if action < 5:
            versions[uri] += 1
            change: dict[str, Any] = {"text": fdp.ConsumeUnicodeNoSurrogates(
                fdp.ConsumeIntInRange(0, 60))}
            if action:
                change["range"] = {"start": _position(fdp), "end": _position(fdp)}
            client.notify("textDocument/didChange", {
                "textDocument": {"uri": uri, "version": versions[uri]},
                "contentChanges": [change]})
        elif action < 9:
            method = _REQUESTS[fdp.ConsumeIntInRange(0, len(_REQUESTS) - 1)]
            client.request(method, _params(method, uri, fdp))
        else:  # a malformed frame: not JSON, or JSON of the wrong shape
            client.send(fdp.ConsumeBytes(fdp.ConsumeIntInRange(1, 40)) or b"{")
    client.request("textDocument/documentSymbol", {"textDocument": {"uri": uris[0]}})
    for uri in uris:
        client.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
    if client.failures:
        raise AssertionError("the server failed inside:\n" + client.failures[0])


TARGETS: dict[str, Callable[[bytes], None]] = {
    "check": check, "format": format_round_trip, "bpmn": bpmn, "config": config, "lsp": lsp}


def main() -> None:
    if len(sys.argv) < 2 or sys.argv[1] not in TARGETS:
        sys.exit(f"usage: {sys.argv[0]} {{{','.join(TARGETS)}}} CORPUS [libFuzzer flags]")
    target = TARGETS[sys.argv.pop(1)]
    atheris.Setup(sys.argv, target)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
