"""Soak the language server with random edits (issue 8).

    python -m benchmarks.soak [--edits 10000] [--seed N]

Runs `usm-lint server` over stdio on a copy of examples/reference, opens two
of its files and types into them: random insertions (braces, quotes, triple
quotes, comments, line ends, keywords, whole declarations, non-ASCII text
with astral characters), deletions and replacements, so the text is valid
at times and broken most of the time, and is reset to its original now and
then. Every few edits it asks something (hover, completion, outline,
definition, references, code actions, formatting, rename) and waits for the
answer; every few more it waits for the diagnostics of the latest version.

It fails unless every request is answered, no handler fails (the server logs
a failure to the client), and the last diagnostics of each file are the CLI
core's findings for its last text. It prints the server's peak memory, and
its resident memory along the way (bounded: it does not grow with edits).
tests/test_server_soak.py runs a short version.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.lsp import Client, ResponseError, lsp_position, replacement
from usm_lint.findings import Finding
from usm_lint.lint import lint_paths
from usm_lint.loader import LoadOptions
from usm_lint.registry import RULES

EXAMPLE = Path(__file__).parents[1] / "examples" / "reference"
OPENED = ("recover.usm", "workflows.usm")
SERVER = [sys.executable, "-m", "usm_lint", "server"]
PIECES = ["{", "}", '"', '"""', "#", ";", "\n", "\n", "\r\n", ",", "->", ".", "◊", "\\",
          " ", "\t", "é", "🚀", "process", "role", "practice", "activity", "step ",
          "Recover.", "x", "\n}\n", "process X {\n", '\nrole R "r"\n',
          "# usm-lint: disable=C0203\n", '    activity a "Register the request"\n',
          '\nworkflow W {\n    template rfc\n    step Recover.register\n}\n']
WORDS = ["Register", "the", "café", "request", "🚀", "Ship", "◊", "via", "email", "daily"]
REQUESTS = ("textDocument/hover", "textDocument/completion", "textDocument/documentSymbol",
            "textDocument/definition", "textDocument/references", "textDocument/codeAction",
            "textDocument/formatting", "textDocument/rename")


@dataclass
class Report:
    edits: int = 0
    requests: int = 0
    answered: int = 0
    refused: int = 0
    """Answered with an error (a rename to a taken name, say): still answered."""
    slowest_answer: float = 0.0
    rss_mib: list[tuple[int, float]] = field(default_factory=list)
    """(edits so far, resident memory) along the way."""
    peak_rss_mib: float = 0.0
    failures_logged: list[str] = field(default_factory=list)
    mismatches: dict[str, tuple[list[Any], list[Any]]] = field(default_factory=dict)
    """Files whose last diagnostics are not the CLI's: (server's, CLI's)."""
    seconds: float = 0.0


def _snap(text: str, offset: int) -> int:
    """An offset that does not fall between the `\\r` and `\\n` of a line end."""
    return offset - 1 if 0 < offset < len(text) and text[offset - 1:offset + 1] == "\r\n" \
        else offset


def random_edit(rng: random.Random, text: str, original: str) -> tuple[int, int, str]:
    """(start, end, new text): a replacement of text[start:end]."""
    if len(text) > 3 * len(original) + 1000 or rng.random() < 0.01:
        return 0, len(text), original
    start = _snap(text, rng.randrange(len(text) + 1))
    if rng.random() < 0.3:  # at a line start: the left margin matters to the parser
        start = text.rfind("\n", 0, start) + 1
    kind = rng.random()
    end = start
    if kind < 0.25:
        end = _snap(text, min(len(text), start + rng.choice([1, 1, 2, 5, 30])))
        return start, end, ""
    if kind < 0.4:
        end = _snap(text, min(len(text), start + rng.randrange(1, 10)))
        return start, end, " ".join(rng.sample(WORDS, rng.randrange(1, 4)))
    return start, end, rng.choice(PIECES)


def _params(method: str, uri: str, text: str, rng: random.Random) -> dict[str, Any]:
    document = {"textDocument": {"uri": uri}}
    where = lsp_position(text, _snap(text, rng.randrange(len(text) + 1)))
    if method == "textDocument/documentSymbol":
        return document
    if method == "textDocument/formatting":
        return {**document, "options": {"tabSize": 4, "insertSpaces": True}}
    if method == "textDocument/codeAction":
        return {**document, "range": {"start": where, "end": where},
                "context": {"diagnostics": []}}
    if method == "textDocument/references":
        return {**document, "position": where, "context": {"includeDeclaration": True}}
    if method == "textDocument/rename":
        return {**document, "position": where, "newName": rng.choice(["Renamed", "two words"])}
    return {**document, "position": where}


def cli_diagnostics(root: Path, texts: dict[str, str]) -> dict[str, list[Any]]:
    """The CLI core's findings for these unsaved texts, as LSP ranges."""
    buffers = {path: text.encode("utf-8") for path, text in texts.items()}
    linted = lint_paths(list(texts), RULES, root, buffers=buffers,
                        load=LoadOptions(cache=False))
    found: dict[str, list[Any]] = {path: [] for path in texts}
    for finding in linted.findings:
        found[finding.span.file].append(_core(finding, texts[finding.span.file]))
    return {path: sorted(items) for path, items in found.items()}


def _core(finding: Finding, text: str) -> tuple[Any, ...]:
    span = finding.span
    return (finding.code, finding.message, *_lsp(text, span.line, span.column),
            *_lsp(text, span.end_line, span.end_column))


def _lsp(text: str, line: int, column: int) -> tuple[int, int]:
    """The LSP position of a core position (1-based code points), clamped to
    its line as LSP positions are (never between `\\r` and `\\n`)."""
    lines = text.split("\n")
    line_text = lines[line - 1].removesuffix("\r")
    return line - 1, len(line_text[:column - 1].encode("utf-16-le")) // 2


def _served(diagnostic: dict[str, Any]) -> tuple[Any, ...]:
    start, end = diagnostic["range"]["start"], diagnostic["range"]["end"]
    return (diagnostic["code"], diagnostic["message"], start["line"], start["character"],
            end["line"], end["character"])


def _resident_mib(client: Client) -> float:
    status = Path(f"/proc/{client.process.pid}/status").read_text()
    line = next(row for row in status.splitlines() if row.startswith("VmRSS:"))
    return int(line.split()[1]) / 1024


async def soak(edits: int, seed: int, folder: Path, request_every: int = 7,
               wait_every: int = 40) -> Report:
    root = folder / "reference"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns(".usm_lint_cache"))
    rng = random.Random(seed)
    report = Report()
    started = time.perf_counter()
    client = await Client.start(SERVER, root)
    paths = [str(root / name) for name in OPENED]
    originals = {path: Path(path).read_text("utf-8") for path in paths}
    texts = dict(originals)
    versions = dict.fromkeys(paths, 1)
    try:
        for path in paths:
            client.open(Path(path).as_uri(), texts[path])
        for number in range(1, edits + 1):
            path = rng.choice(paths)
            start, end, new = random_edit(rng, texts[path], originals[path])
            versions[path] += 1
            client.change(Path(path).as_uri(), versions[path],
                          [replacement(texts[path], start, end, new)])
            texts[path] = texts[path][:start] + new + texts[path][end:]
            report.edits = number
            if number % request_every == 0:
                await _ask(client, rng, path, texts[path], report)
            if number % wait_every == 0 or number == edits:
                for each in paths:
                    await client.publish_of(Path(each).as_uri(), versions[each])
                report.rss_mib.append((number, _resident_mib(client)))
        # A round trip after the last versions' diagnostics: everything the
        # server published before answering it has arrived.
        await client.request("textDocument/documentSymbol",
                             {"textDocument": {"uri": Path(paths[0]).as_uri()}})
        expected = cli_diagnostics(root, texts)
        for path in paths:
            last = client.published[Path(path).as_uri()][-1]
            served = sorted(_served(d) for d in last.diagnostics)
            if last.version != versions[path] or served != expected[path]:
                report.mismatches[path] = (served, expected[path])
        report.peak_rss_mib = client.peak_rss_mib()
        report.failures_logged = list(client.errors_logged)
    finally:
        await client.stop()
    report.seconds = time.perf_counter() - started
    return report


async def _ask(client: Client, rng: random.Random, path: str, text: str,
               report: Report) -> None:
    method = rng.choice(REQUESTS)
    report.requests += 1
    asked = time.perf_counter()
    try:
        await client.request(method, _params(method, Path(path).as_uri(), text, rng))
    except ResponseError:
        report.refused += 1
    report.answered += 1
    report.slowest_answer = max(report.slowest_answer, time.perf_counter() - asked)


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    options.add_argument("--edits", type=int, default=10_000)
    options.add_argument("--seed", type=int, default=8)
    args = options.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        report = asyncio.run(soak(args.edits, args.seed, Path(folder)))
    print(f"edits sent              {report.edits} in {report.seconds:.0f} s")
    print(f"requests answered       {report.answered} of {report.requests} "
          f"({report.refused} refused, as a bad rename is); slowest {report.slowest_answer:.2f} s")
    print(f"handler failures logged {len(report.failures_logged)}")
    for failure in report.failures_logged[:3]:
        print("   ", failure.splitlines()[-1])
    print(f"last diagnostics        {'as the CLI finds' if not report.mismatches else 'DIFFER'}"
          f" ({', '.join(Path(p).name for p in report.mismatches) or 'both files'})")
    print(f"peak RSS                {report.peak_rss_mib:.0f} MiB")
    marks = report.rss_mib[:: max(1, len(report.rss_mib) // 5)] + report.rss_mib[-1:]
    print("resident memory         " + ", ".join(f"{mib:.0f} MiB after {n}" for n, mib in marks))
    ok = report.answered == report.requests and not report.failures_logged and (
        not report.mismatches)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
