"""Screenshots of the HTML report of examples/reference and examples/gaps, for
the documentation (docs/images/), taken in headless Chromium.

    python docs/screenshots.py

Needs Debian's `chromium` (or CHROMIUM=/path/to/chrome) and the Python
`playwright` package (its driver only: no browser is downloaded).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
IMAGES = ROOT / "docs" / "images"
EXAMPLES = ("reference", "gaps")
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# A browser in a container: no sandbox, no GPU, and nothing that would call out.
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def report(example: str, folder: Path) -> Path:
    target = folder / f"{example}.html"
    subprocess.run([sys.executable, "-m", "usm_lint", "report", str(ROOT / "examples" / example),
                    "-o", str(target)], check=True, capture_output=True)
    return target


def main() -> None:
    from playwright.sync_api import sync_playwright

    IMAGES.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as temp, sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900}, device_scale_factor=1)
        for example in EXAMPLES:
            page.goto(report(example, Path(temp)).as_uri())
            page.screenshot(path=str(IMAGES / f"report-{example}.png"), full_page=False)
        browser.close()
    print(f"wrote {', '.join(f'report-{e}.png' for e in EXAMPLES)} in {IMAGES}", file=sys.stderr)


if __name__ == "__main__":
    main()
