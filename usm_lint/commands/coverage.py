"""`usm-lint coverage [PATHS] --framework ITIL4`: which framework practices a model realises.

USM claims that every practice of ITIL 4 (34), ITIL v3 (26), COBIT (COBIT 5's
29 management processes; COBIT 2019's 40 objectives), FitSM (14), ASL 2 (26),
BiSL (23) and ISO/IEC 20000-1 (21) is realised through its processes; this command
lets a user prove it for their own model. For each catalogue entry it shows
the model's practices that claim it (`framework ITIL4 "Incident
management"`, matched exactly as the catalogue compares names: a name F001
only recognises fuzzily does not count) and the processes realising them.
An entry is realised when some practice claiming it names, in
`realised-by`, a declared process that is in the model (any declared
process when the workspace has no model). Coverage judges one model: paths
that touch several workspaces are a usage error (exit 2).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from usm_lint.commands.one_model import load_one_model
from usm_lint.commands.output import note
from usm_lint.framework_coverage import Coverage, measure
from usm_lint.rules.helpers import catalogues


def _relative(path: str) -> str:
    try:
        return Path(path).relative_to(Path.cwd()).as_posix() or "."
    except ValueError:
        return Path(path).as_posix()


def render_text(coverage: Coverage) -> str:
    header = ("id", "practice") if any(r.entry.id for r in coverage.rows) else ("", "practice")
    table = [(row.entry.id or "", row.entry.name,
              ", ".join(c.practice.name.value for c in row.claims) or "-",
              ", ".join(row.processes) or "-",
              "yes" if row.realised else "no")
             for row in coverage.rows]
    heading = (*header, "claimed by", "realised through", "realised")
    widths = [max(len(str(line[i])) for line in (heading, *table)) for i in range(5)]
    first = 0 if header[0] else 1
    lines = [f"{coverage.framework} coverage of {_relative(coverage.root)}", ""]
    for line in (heading, *table):
        cells = [str(line[i]).ljust(widths[i]) for i in range(first, 5)]
        lines.append("  ".join(cells).rstrip())
    if coverage.unmatched:
        lines += ["", f"not counted (not {coverage.framework} catalogue names, see F001):"]
        for item in coverage.unmatched:
            hint = f" (did you mean \"{item.suggestion}\"?)" if item.suggestion else ""
            lines.append(f"  practice `{item.practice.name.value}`: \"{item.name}\"{hint}")
    lines += ["", f"{coverage.realised}/{coverage.total} realised ({coverage.percent:.1f}%)"]
    lines += [f"{realised}/{total} realised of {description}"
              for description, realised, total in coverage.subsets()]
    return "\n".join(lines) + "\n"


def render_json(coverage: Coverage) -> str:
    entries: list[dict[str, Any]] = [
        {"id": row.entry.id, "name": row.entry.name,
         "practices": [c.practice.name.value for c in row.claims],
         "processes": row.processes, "realised": row.realised}
        for row in coverage.rows]
    unmatched = [{"practice": u.practice.name.value, "name": u.name,
                  "suggestion": u.suggestion} for u in coverage.unmatched]
    document = {"framework": coverage.framework, "root": _relative(coverage.root),
                "entries": entries, "unmatched": unmatched,
                "realised": coverage.realised, "total": coverage.total,
                "percent": round(coverage.percent, 1),
                "subsets": [{"description": d, "realised": r, "total": t}
                            for d, r, t in coverage.subsets()]}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def run_coverage(paths: list[str], framework: str, fmt: str, fail_under: float | None) -> int:
    """Print the coverage table (or JSON); 1 below `fail_under` percent, 2 on
    usage or configuration errors, else 0."""
    chosen = catalogues.canonical(framework)
    if chosen is None:
        note(f"unknown framework `{framework}`; coverage knows "
             f"{', '.join(catalogues.FRAMEWORKS)}")
        return 2
    if fmt not in ("text", "json"):
        note(f"unknown format `{fmt}`; use text or json")
        return 2
    model = load_one_model(list(paths) or ["."], "coverage judges")
    if model is None:
        return 2
    index, root = model.index, str(model.root)
    coverage = measure(index, chosen, root)
    sys.stdout.write(render_json(coverage) if fmt == "json" else render_text(coverage))
    sys.stdout.flush()
    if fail_under is not None and coverage.below(fail_under):
        note(f"{chosen} coverage {coverage.percent:.1f}% ({coverage.realised}/{coverage.total}"
             f") is below --fail-under {fail_under:g}%")
        return 1
    return 0
