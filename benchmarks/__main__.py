"""Run the benchmarks and print figures with ratios side by side.

    python -m benchmarks            # full sizes (a few minutes)
    python -m benchmarks --quick    # small sizes, a smoke test
    python -m benchmarks names      # the name rules' precision and recall (benchmarks/names.py)
    python -m benchmarks agreement  # two labellers' agreement, beside the rules (agreement.py)
    python -m benchmarks scaling    # time and memory on adversarial inputs (benchmarks/scaling.py)

Each figure runs whole fresh processes in the same run and reports the median
of several runs; ratios are what to compare (this machine is noisy).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.generate import workspace, yaml_twin

GRAMMAR = Path(__file__).parents[1] / "grammar" / "usm.lark"
BARE_PARSE = """
import sys
from pathlib import Path
from lark import Lark
parser = Lark(Path(sys.argv[1]).read_text(), parser="lalr", lexer="basic",
              propagate_positions=True)
for path in sorted(Path(sys.argv[2]).glob("*.usm")):
    parser.parse(path.read_text())
"""


# Runs keep Python's bytecode caches, as every user's do: where the environment
# turns them off (PYTHONDONTWRITEBYTECODE), each run would compile usm-lint's
# modules again (installed packages come compiled), some 100 ms of a start-up.
ENV = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}


def timed(command: list[str], runs: int, cwd: Path | None = None) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        done = subprocess.run(command, cwd=cwd, capture_output=True, check=False, env=ENV)
        times.append(time.perf_counter() - started)
        if done.returncode not in (0, 1):
            raise SystemExit(f"{' '.join(command)} failed: {done.stderr.decode()[-500:]}")
    return statistics.median(times)


def usm(*args: str) -> list[str]:
    return [sys.executable, "-m", "usm_lint", "check", "--quiet", *args]


def row(name: str, ours: float, base: float | None, target: str, ok: bool | None) -> str:
    ratio = f"{ours / base:6.2f}x" if base else "     -"
    base_text = f"{base:8.3f}s" if base else "        -"
    verdict = "-" if ok is None else ("pass" if ok else "FAIL")
    return f"{name:34} {ours:8.3f}s {base_text} {ratio}  {target:14} {verdict}"


def main() -> None:
    if sys.argv[1:2] == ["names"]:
        from benchmarks import names

        names.main(sys.argv[2:])
        return
    if sys.argv[1:2] == ["agreement"]:
        from benchmarks import agreement

        agreement.main(sys.argv[2:])
        return
    if sys.argv[1:2] == ["scaling"]:
        from benchmarks import scaling

        scaling.main(sys.argv[2:])
        return
    options = argparse.ArgumentParser()
    options.add_argument("--quick", action="store_true")
    quick = options.parse_args().quick
    runs = 3 if quick else 5
    size = 100 if quick else 1000
    rows = []
    with tempfile.TemporaryDirectory() as temp:
        root = Path(temp)
        big = workspace(root / "big", size, activities=10)
        timed(usm(".", "--no-cache", "--exit-zero", "--select", "ALL"), 1, big)  # bytecode
        ours = timed(usm(".", "--no-cache", "--exit-zero", "--select", "ALL"), runs, big)
        bare = timed([sys.executable, "-c", BARE_PARSE, str(GRAMMAR), str(big)], runs)
        rows.append(row(f"parse floor ({size} processes)", ours, bare, "<= 1.3x",
                        ours / bare <= 1.3))
        page = root / "report.html"
        command = [sys.executable, "-m", "usm_lint", "report", ".", "-o", str(page)]
        timed(command, 1, big)  # bytecode
        reported = timed(command, runs, big)
        checked = timed(usm(".", "--no-cache", "--exit-zero"), runs, big)
        rows.append(row(f"report: HTML vs check ({size} proc.)", reported, checked, "<= 2x",
                        reported / checked <= 2))
        megabytes = page.stat().st_size / 1e6
        rows.append(f"{'report: HTML size':34} {megabytes:8.2f} MB {'':9} {'':7}  "
                    f"{'<= 5 MB':14} {'pass' if megabytes <= 5 else 'FAIL'}")
        if shutil.which("yamllint"):
            yaml = yaml_twin(big, root / "big.yaml")
            peer = timed(["yamllint", "-d", "relaxed", str(yaml)], runs)
            rows.append(row("peer: yamllint on the YAML twin", ours, peer, "<= 0.25x",
                            ours / peer <= 0.25))
        else:
            rows.append("peer: yamllint not installed (pip install yamllint)")
        small = workspace(root / "small", 1, activities=5)
        start = timed(usm("model.usm", "--no-cache", "--exit-zero"), runs + 4, small)
        imports = timed([sys.executable, "-c", "import lark, pydantic"], runs + 4)
        rows.append(row("start-up (one small file)", start, imports, "<= 2x", start / imports <= 2))
        previous = None
        for activities in ([1000, 10000] if quick else [1000, 10000, 100000]):
            folder = workspace(root / f"scale{activities}", activities // 10, activities=10)
            repeats = 1 if activities >= 100000 else runs
            spent = timed(usm(".", "--no-cache", "--exit-zero"), repeats, folder)
            ok = None if previous is None else spent / previous <= 12
            rows.append(row(f"scaling: {activities} activities", spent, previous,
                            "<= 12x per 10x", ok))
            previous = spent
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        rows.append(f"{'memory: peak RSS of the runs':34} {peak:8.0f} MiB")
        files = workspace(root / "files", size, activities=6, per_file=True)
        timed(usm(".", "--exit-zero"), 1, files)  # fill the cache
        # As a user's next check comes: after the files settled (a run whose inputs
        # changed in the last two seconds is not recorded for a replay, usm_lint/replay.py).
        time.sleep(2.5)
        timed(usm(".", "--exit-zero"), 1, files)
        warm = timed(usm(".", "--exit-zero"), runs, files)
        cold = timed(usm(".", "--exit-zero", "--no-cache"), runs, files)
        rows.append(row(f"cache: warm vs cold ({size} files)", warm, cold, "<= 0.1x",
                        warm / cold <= 0.1))
        parallel = timed(usm(".", "--exit-zero", "--no-cache", "--jobs", "2"), runs, files)
        single = timed(usm(".", "--exit-zero", "--no-cache", "--jobs", "1"), runs, files)
        rows.append(row(f"parallel: 2 workers vs 1 ({size} files)", parallel, single, "<= 0.65x",
                        parallel / single <= 0.65))
    print(f"{'figure':34} {'usm-lint':>9} {'baseline':>9} {'ratio':>7}  {'target':14} result")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
