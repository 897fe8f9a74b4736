"""`usm-lint check [PATHS]`: lint, report, and choose the exit code."""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from usm_lint.commands.output import emit, note
from usm_lint.config import ConfigError
from usm_lint.findings import Finding, Severity
from usm_lint.lint import LintResult, Overrides, lint_paths
from usm_lint.report import Report, renderer
from usm_lint.rules import BY_CODE, RULES


def _show_files(result: LintResult, cwd: Path) -> str:
    lines = []
    for spec in result.workspaces:
        config = spec.config_path or "(no config: defaults)"
        lines.append(f"workspace {spec.root} (config: {config})")
        for file in spec.files:
            marker = "*" if file in spec.reported else " "
            lines.append(f"  {marker} {Path(file).relative_to(spec.root).as_posix()}")
    lines.append("(* = reported)")
    return "\n".join(lines) + "\n"


def _statistics(findings: list[Finding]) -> str:
    counts = Counter((f.code, f.name) for f in findings)
    rows = sorted(counts.items(), key=lambda item: (-item[1], item[0][0]))
    return "".join(f"{count:6d}  {code}  {name}\n" for (code, name), count in rows)


def run_check(args: argparse.Namespace, color: bool) -> int:
    cwd = Path.cwd()
    overrides = Overrides(args.select, args.extend_select, args.ignore)
    try:
        result = lint_paths(args.paths, RULES, cwd, overrides, args.force_exclude)
    except ConfigError as error:
        note(f"configuration error: {error}")
        return 2
    if args.show_files:
        emit(_show_files(result, cwd), None)
        return 0
    if not result.workspaces and not result.findings:
        note("warning: no model files found in " + ", ".join(args.paths))
        return 0
    report = Report(result.findings, result.files_checked, cwd, BY_CODE,
                    color and not args.output)
    if args.statistics:
        emit(_statistics(result.findings), args.output)
    elif args.format == "text" and args.quiet:
        text = renderer("text")(report)
        emit("".join(text.splitlines(keepends=True)[:-1]), args.output)
    else:
        emit(renderer(args.format)(report), args.output)
    if not args.quiet:
        for file in result.notes:
            note(f"note: {Path(file).relative_to(cwd) if Path(file).is_relative_to(cwd) else file}"
                 " (not reported) has read or syntax errors; what parsed of it is in the model")
    if args.exit_zero:
        return 0
    fail_on = Severity.parse(args.fail_on)
    return 1 if any(f.severity >= fail_on for f in result.findings) else 0
