"""A short soak of the language server: a few hundred random edits and
requests over stdio (benchmarks/soak.py; the full 10,000 edits run with
`python -m benchmarks.soak`)."""

from __future__ import annotations

import asyncio
from pathlib import Path

from benchmarks.soak import soak


def test_the_server_survives_random_edits(tmp_path: Path) -> None:
    report = asyncio.run(soak(300, seed=5, folder=tmp_path))
    assert report.edits == 300
    assert report.requests >= 40 and report.answered == report.requests
    assert report.failures_logged == []
    assert report.mismatches == {}  # the last diagnostics are the CLI's for the last texts
    assert len(report.rss_mib) >= 7 and report.peak_rss_mib < 400
