"""How usm-lint scales on adversarial inputs: time and peak memory at 1x, 2x,
4x and 8x of each shape, in fresh processes.

    python -m benchmarks scaling [--base N]

Shapes (each a file an attacker or an unlucky tool could write):

- stray braces: `process A {` then one line of n `}`;
- error lines: n activities, each followed by a line that does not parse;
- directives: n activities, each with an end-of-line suppression (a baseline);
- long string: one activity whose text is n characters long;
- error run: n characters no token starts with (`@@@...`).

The goal: linear, so each doubling costs <= 2.4x the time, and peak memory
<= 20x the input's size (above the interpreter's own).
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

SHAPES: dict[str, tuple[Callable[[int], str], int]] = {
    "stray braces": (lambda n: "process A {\n" + "}" * n + "\n", 50_000),
    "error lines": (lambda n: "process A {\n" + "".join(
        f'    activity a{i} "Register it"\n    @@ bad\n' for i in range(n)) + "}\n", 5_000),
    "directives": (lambda n: "process A {\n" + "".join(
        f'    activity a{i} "Incident registration {i}"  # usm-lint: disable=C0203\n'
        for i in range(n)) + "}\n", 2_000),
    "long string": (lambda n: 'process A {\n    activity a "' + "x" * n + '"\n}\n', 1_000_000),
    "error run": (lambda n: "process A {\n" + "@" * n + "\n}\n", 1_000_000),
}
FACTORS = (1, 2, 4, 8)


def measure(path: Path) -> tuple[float, float]:
    """Seconds and peak resident MiB of `usm-lint check` on one file, in a fresh process."""
    command = [sys.executable, "-m", "usm_lint", "check", str(path), "--no-cache",
               "--exit-zero", "-q"]
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _pid, status, usage = os.wait4(process.pid, 0)
    spent = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"usm-lint failed on {path}")
    return spent, usage.ru_maxrss / 1024


def baseline_mib(folder: Path) -> float:
    """The peak of a check of a one-line model: what every run costs whatever its input."""
    path = folder / "tiny.usm"
    path.write_text('process A {\n    activity a "Register it"\n}\n', "utf-8")
    _spent, peak = measure(path)
    path.unlink()
    return peak


def main(argv: list[str]) -> None:
    options = argparse.ArgumentParser(prog="python -m benchmarks scaling")
    options.add_argument("--base", type=float, default=1.0,
                         help="scale every shape's 1x size by this factor")
    scale = options.parse_args(argv).base
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        (folder / "usm-lint.toml").write_text("max-file-bytes = 100000000\n", "utf-8")
        floor = baseline_mib(folder)
        print(f"a check of a one-line model peaks at {floor:.0f} MiB (subtracted below)")
        print(f"{'shape':14} {'size':>9} {'input':>9} {'time':>8} {'per 2x':>7} {'peak':>8} "
              f"{'extra/input':>11}  verdict")
        for shape, (make, base) in SHAPES.items():
            previous = None
            for factor in FACTORS:
                size = int(base * scale * factor)
                path = folder / "m.usm"
                path.write_text(make(size), "utf-8")
                megabytes = path.stat().st_size / 2**20
                spent, peak = measure(path)
                ratio = spent / previous if previous else None
                extra = max(peak - floor, 0.0) / megabytes
                ok = (ratio is None or ratio <= 2.4) and extra <= 20
                print(f"{shape:14} {size:9} {megabytes:8.2f}M {spent:7.2f}s "
                      f"{f'{ratio:.2f}x' if ratio else '-':>7} {peak:7.0f}M {extra:10.1f}x  "
                      f"{'pass' if ok else 'FAIL'}")
                previous = spent


if __name__ == "__main__":
    main(sys.argv[1:])
