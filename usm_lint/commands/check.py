"""`usm-lint check [PATHS]`: lint, fix, report, and choose the exit code."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import Counter
from functools import partial
from pathlib import Path

from usm_lint.commands.output import display_path, emit, note
from usm_lint.config import ConfigError, load_config
from usm_lint.discovery import BPMN_SUFFIX, SUFFIX, WorkspaceSpec
from usm_lint.findings import Finding, Severity
from usm_lint.fixes import applicable, apply_fixes
from usm_lint.lint import LintResult, Overrides, lint_paths
from usm_lint.loader import LoadOptions
from usm_lint.registry import BY_CODE, RULES
from usm_lint.report import Report, renderer
from usm_lint.source import Layout, read_source, read_stdin


def _show_files(result: LintResult) -> str:
    lines = []
    for spec in result.workspaces:
        config = spec.config_path or "(no config: defaults)"
        lines.append(f"workspace {spec.root} (config: {config})")
        for file in spec.files:
            marker = "*" if file in spec.reported else " "
            lines.append(f"  {marker} {Path(file).relative_to(spec.root).as_posix()}")
    lines.append("(* = reported)")
    return "\n".join(lines) + "\n"


def _show_settings(result: LintResult, overrides: Overrides) -> str:
    """Each workspace's effective settings, and where each value came from."""
    shown = []
    cli_keys = {"select"} if overrides.select is not None else set()
    cli_keys |= {"extend_select"} if overrides.extend_select else set()
    cli_keys |= {"ignore"} if overrides.ignore else set()
    for spec in result.workspaces:
        from_file = (load_config(spec.config_path).model_fields_set
                     if spec.config_path else set())
        values = spec.config.model_dump(mode="json", by_alias=True)
        settings = {}
        for field, info in type(spec.config).model_fields.items():
            alias = info.alias or field
            origin = ("command line" if field in cli_keys
                      else str(spec.config_path) if field in from_file else "default")
            settings[alias] = {"value": values[alias], "from": origin}
        shown.append({"root": str(spec.root), "config": str(spec.config_path or ""),
                      "settings": settings})
    return json.dumps(shown, indent=2) + "\n"


def _statistics(findings: list[Finding], fmt: str) -> str:
    """Findings counted per rule, most first: a table, or JSON (`--format json`)."""
    counts = Counter((f.code, f.name) for f in findings)
    fixable = Counter(f.code for f in findings if f.fix is not None)
    rows = sorted(counts.items(), key=lambda item: (-item[1], item[0][0]))
    if fmt == "json":
        return json.dumps([{"code": code, "name": name, "count": count,
                            "fixable": fixable[code]} for (code, name), count in rows],
                          indent=2) + "\n"
    return "".join(f"{count:6d}  {code}  {name}{'  [*]' if fixable[code] else ''}\n"
                   for (code, name), count in rows)


def named_files_refused(paths: list[str], force: bool) -> list[str]:
    """Named files that are no model (`README.md`), unless `--force`."""
    if force:
        return []
    return [p for p in paths if p != "-" and os.path.isfile(p)
            and not p.endswith((SUFFIX, BPMN_SUFFIX))]


def _max_bytes(result: LintResult) -> int:
    return max((s.config.max_file_bytes for s in result.workspaces), default=5_000_000)


def _reported(workspaces: list[WorkspaceSpec]) -> set[str]:
    return {f for spec in workspaces for f in spec.reported}


STDIN_NAME = "stdin.usm"
"""The file standard input stands for when `-` has no `--stdin-filename`."""


def run_check(args: argparse.Namespace, color: bool) -> int:
    cwd = Path.cwd()
    overrides = Overrides(args.select, args.extend_select, args.ignore)
    if _arguments_refused(args):
        return 2
    paths, buffers = _with_stdin(args, cwd)
    config_file = Path(args.config).absolute() if args.config else None
    # Standard input without a name is text from nowhere: a model of its own
    # (with the settings of the configuration found from here), not one more
    # file of the folder the user stands in.
    alone = set() if args.stdin_filename else set(buffers)
    lint = partial(lint_paths, paths, RULES, cwd, overrides, args.force_exclude,
                   config_file=config_file, load=_load_options(args), alone=alone)
    try:
        result = lint(buffers)
        if args.verbose and not args.quiet:
            _say_what_is_checked(result, cwd)
        if args.show_files:
            emit(_show_files(result), None)
            return 0
        if args.show_settings:
            emit(_show_settings(result, overrides), None)
            return 0
        unwritten = 0
        fixing_asked = args.fix or args.diff or args.unsafe_fixes
        if fixing_asked and not args.stdin_filename:
            from usm_lint.commands import fixing  # a plain check never needs the parser here

            relint = lambda fixed: lint({**buffers, **fixed})  # noqa: E731
            result, changes = fixing.fix_files(result, relint, args.unsafe_fixes,
                                               _max_bytes(result))
            if args.diff:
                emit(fixing.diff(changes, cwd), None)
                if not changes and not args.unsafe_fixes and (
                        held := len(applicable(result.findings, unsafe=True))):
                    # ruff's wording: a silent empty diff would hide them
                    note(f"no fix would be made ({held} available with `--unsafe-fixes`)")
                return 1 if changes else 0
            unwritten = fixing.write(changes, result.workspaces)
            if len(changes) > unwritten:
                note(f"fixed {len(changes) - unwritten} file(s)")
        if args.add_suppressions:
            return max(_add_suppressions(result), 2 if unwritten else 0)
    except ConfigError as error:
        note(f"configuration error: {error}")
        return 2
    status = _report(args, result, cwd, color)
    return 2 if unwritten else status  # a file the user asked to fix was not written


def _arguments_refused(args: argparse.Namespace) -> bool:
    """Whether the arguments ask for what cannot be done, said in a message:
    then nothing is read, not even standard input, and the exit code is 2."""
    refused = named_files_refused(list(args.paths), args.force)
    if refused:
        note(f"{', '.join(refused)}: not a model file (.usm or .bpmn); name model files or "
             "folders, or use --force to check a file as a .usm model")
        return True
    if args.statistics and args.format not in ("text", "json"):
        note(f"--statistics prints text or json, not {args.format}")
        return True
    return False


def _with_stdin(args: argparse.Namespace, cwd: Path) -> tuple[list[str], dict[str, bytes]]:
    """The paths to check, and the text read from standard input by the path of
    the file it stands for: `--stdin-filename` (checked in that file's
    workspace, as an editor's buffer is), else `stdin.usm` in the current
    folder (where its findings are placed)."""
    paths = list(args.paths)
    buffers: dict[str, bytes] = {}
    if args.stdin_filename or "-" in paths:
        stdin_name = args.stdin_filename or STDIN_NAME
        stdin_path = str((cwd / stdin_name).absolute())
        buffers[stdin_path] = read_stdin()
        paths = [stdin_name if p == "-" else p for p in paths]
        if paths == ["."]:  # `.`, the default, with `--stdin-filename`: that file alone
            paths = [stdin_name]
    return paths, buffers


def _load_options(args: argparse.Namespace) -> LoadOptions:
    """How workspaces are loaded: the cache and the parsing processes."""
    return LoadOptions(cache=not args.no_cache,
                       cache_dir=Path(args.cache_dir).absolute() if args.cache_dir else None,
                       jobs=args.jobs)


def _say_what_is_checked(result: LintResult, cwd: Path) -> None:
    for spec in result.workspaces:
        config = spec.config_path or "no config file: the defaults"
        note(f"workspace {display_path(str(spec.root), cwd)} ({config}): {len(spec.files)} model "
             f"file(s), {len(spec.reported)} reported")


def _add_suppressions(result: LintResult) -> int:
    from usm_lint.commands import fixing
    from usm_lint.engine.suppressions import suppression_fixes

    texts: dict[str, str] = {}
    layouts: dict[str, Layout] = {}
    for path in _reported(result.workspaces):
        if path.endswith(BPMN_SUFFIX):
            continue  # a comment would have to go inside the XML: BPMN files are never written
        # The text the findings came from: written only if the file still holds it.
        source = result.read.get(path) or read_source(path, _max_bytes(result))
        if source.text is not None:
            texts[path], layouts[path] = source.text, source.layout
    fixed, count = apply_fixes(texts, suppression_fixes(result.findings, texts))
    changes = {p: (texts[p], t, layouts[p]) for p, t in fixed.items() if t != texts[p]}
    failed = fixing.write(changes, result.workspaces)
    if failed:
        note(f"{failed} file(s) not written: their suppression comments were not added")
        return 2
    note(f"added {count} suppression comment(s) in {len(changes)} file(s)")
    return 0


def _bpmn_hint(paths: list[str]) -> str:
    """Why a folder of BPMN models gave nothing: they are read only when asked."""
    for path in paths:
        try:
            # The first one found ends the walk; only a run that found no model walks it all.
            if Path(path).is_dir() and any(Path(path).rglob(f"*{BPMN_SUFFIX}")):
                return (f" (it holds {BPMN_SUFFIX} files: set `bpmn = true` in usm-lint.toml, "
                        "or name a file, to read them)")
        except OSError:  # an unreadable folder says nothing more here
            continue
    return ""


def _report(args: argparse.Namespace, result: LintResult, cwd: Path, color: bool) -> int:
    if not args.quiet:
        for skipped in result.skipped:
            note(f"note: {skipped}")
    if not result.workspaces and not result.findings:
        note("warning: no model files found in " + ", ".join(args.paths) + _bpmn_hint(args.paths))
        return 0
    layout = args.output_format or (
        "full" if sys.stdout.isatty() and not args.output else "concise")
    report = Report(result.findings, result.files_checked, cwd, BY_CODE,
                    color and not args.output, full=layout == "full", summary=not args.quiet)
    if args.statistics:
        emit(_statistics(result.findings, args.format), args.output)
    else:
        emit(renderer(args.format)(report), args.output)
    if not args.quiet:
        for file in result.notes:
            note(f"note: {display_path(file, cwd)} (not reported) has read or syntax errors; what "
                 "parsed of it is in the model")
    if args.exit_zero:
        return 0
    fail_on = Severity.parse(args.fail_on)
    return 1 if any(f.severity >= fail_on for f in result.findings) else 0
