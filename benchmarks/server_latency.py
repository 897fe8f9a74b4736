"""How soon the language server publishes diagnostics after an edit (issue 6).

    python -m benchmarks.server_latency [--edits N] [--lines N]

Opens a generated model of 5,000 lines in `usm-lint server` (started with
no debounce) and edits it as someone typing would: a letter typed into an
activity's text, a quote typed into one (a syntax error: its chunk closes
all the same), a new activity line. Each latency runs from sending the
change to receiving its diagnostics: it bounds the time from the end of the
debounce from above, as it also holds applying the change and the pipe both
ways. The target is the median of all edits; each kind's median is shown too,
as a new line shifts every declaration below it (their chunks are parsed
again, see usm_lint/parsing/incremental.py).

Then the same edits run through the server's steps in this process, to
show where the time goes: the incremental parse; loading and resolving the
workspace (the buffer, the kept parses; a check with no rule); the rules
(a full check with the server's kept memory, less that); the diagnostics; their JSON.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from lsprotocol.types import PublishDiagnosticsNotification, PublishDiagnosticsParams
from pygls.protocol import default_converter

from benchmarks.generate import workspace
from benchmarks.lsp import Client, replacement
from usm_lint.lint import lint_paths
from usm_lint.registry import RULES
from usm_lint.server import analysis
from usm_lint.server.analysis import Kept, Snapshot
from usm_lint.server.documents import Document, Texts, uri_of
from usm_lint.server.protocol import publish_body

TARGET_MS = 100.0
SERVER = [sys.executable, "-c",
          "from usm_lint.server.server import create_server; create_server(debounce=0).start_io()"]


@dataclass(frozen=True)
class Edit:
    kind: str
    start: int
    end: int
    text: str

    def apply(self, text: str) -> str:
        return text[:self.start] + self.text + text[self.end:]


def model(folder: Path, lines: int) -> Path:
    """A generated one-file workspace of at least `lines` lines."""
    processes = max(1, lines // 27)
    while True:
        root = workspace(folder / f"p{processes}", processes)
        path = root / "model.usm"
        if path.read_text("utf-8").count("\n") + 1 >= lines:
            return path
        processes += 1


def edits(text: str, count: int, seed: int = 6) -> Iterator[tuple[Edit, str]]:
    """Typing at random activities: (the edit, the text after it)."""
    rng = random.Random(seed)
    kinds = ["letter", "quote", "line"]
    for number in range(count):
        at = -1
        while at < 0:
            at = text.find('    activity ', rng.randrange(len(text)))
        quote = text.index('"', at) + 1 + rng.randrange(5)
        line_end = text.index("\n", at)
        kind = kinds[number % len(kinds)]
        if kind == "letter":
            edit = Edit(kind, quote, quote, rng.choice("abcdefgh"))
        elif kind == "quote":
            edit = Edit(kind, quote, quote, '"')
        else:
            edit = Edit(kind, line_end, line_end,
                        f'\n    activity typed{number} "Record the typed request"')
        text = edit.apply(text)
        yield edit, text


async def over_stdio(path: Path, count: int) -> dict[str, list[float]]:
    """Milliseconds from each change sent to its diagnostics, by kind of edit."""
    client = await Client.start(SERVER, path.parent)
    uri = path.as_uri()
    text = path.read_text("utf-8")
    client.open(uri, text)
    await client.publish_of(uri, 1)
    latencies: dict[str, list[float]] = {}
    try:
        for version, (edit, after) in enumerate(edits(text, count), start=2):
            change = replacement(text, edit.start, edit.end, edit.text)
            sent = time.perf_counter()
            client.change(uri, version, [change])
            published = await client.publish_of(uri, version)
            latencies.setdefault(edit.kind, []).append((published.at - sent) * 1000)
            text = after
    finally:
        await client.stop()
    return latencies


def in_process(path: Path, count: int) -> dict[str, list[float]]:
    """The same edits through the server's steps in this process: milliseconds
    per step."""
    kept = Kept()
    key = str(path)
    text = path.read_text("utf-8")
    plain = default_converter().unstructure
    steps: dict[str, list[float]] = {}
    snapshot = Snapshot({key: Document(uri_of(key), key, 1, text)}, frozenset({key}),
                        (path.parent,), "utf-16", 0)
    analysis.analyse(snapshot, {key}, kept)  # the parses and diagnostics of the opening
    for _edit, after in edits(text, count):
        texts = Texts({key: Document(uri_of(key), key, None, after)})
        buffers = {key: after.encode()}
        started = time.perf_counter()
        analysis.parsed(kept.parses, after, key)
        parsed = time.perf_counter()
        lint_paths([key], (), path.parent, buffers=buffers, load=analysis.load_options(
            kept.parses))
        loaded = time.perf_counter()
        linted = lint_paths([key], RULES, path.parent, buffers=buffers,
                            load=analysis.load_options(kept.parses), memory=kept.memory)
        checked = time.perf_counter()
        diagnostics = kept.diagnostics.diagnostics(key, linted.findings, texts)
        converted = time.perf_counter()
        publish_body(PublishDiagnosticsNotification(params=PublishDiagnosticsParams(
            uri=uri_of(key), diagnostics=diagnostics, version=1)), kept.diagnostics, plain)
        done = time.perf_counter()
        for step, ms in (("incremental parse", parsed - started),
                         ("load, resolve (no rule)", loaded - parsed),
                         ("the rules", checked - loaded - (loaded - parsed)),
                         ("diagnostics", converted - checked),
                         ("their JSON", done - converted)):
            steps.setdefault(step, []).append(ms * 1000)
    return steps


def median(values: list[float]) -> str:
    return f"{statistics.median(values):7.1f} ms"


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    options.add_argument("--edits", type=int, default=30)
    options.add_argument("--lines", type=int, default=5000)
    args = options.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = model(Path(folder), args.lines)
        lines = path.read_text("utf-8").count("\n") + 1
        latencies = asyncio.run(over_stdio(path, args.edits))
        steps = in_process(path, args.edits)
    every = [ms for kind in latencies.values() for ms in kind]
    print(f"server latency after an edit, {lines} lines, {len(every)} edits "
          "(change sent -> its diagnostics received, no debounce)")
    for kind, values in latencies.items():
        print(f"  {kind + ' edits':24} median {median(values)}")
    ok = statistics.median(every) <= TARGET_MS
    print(f"  {'all edits':24} median {median(every)}   target <= {TARGET_MS:.0f} ms   "
          f"{'pass' if ok else 'FAIL'}")
    print("where the time goes (the same edits, the server's steps in-process, medians):")
    for step, values in steps.items():
        print(f"  {step:24}        {median(values)}")


if __name__ == "__main__":
    main()
