"""`usm-lint format [PATHS]`: canonical layout, written atomically.

Before anything is written the new text is parsed again and its model must
equal the old one (spans aside); a file with syntax errors is left untouched
and reported (exit 1). `--check` and `--diff` write nothing and exit 1 when
a file would change, as ruff's do.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from usm_lint.commands.output import display_path, note, unified_diff
from usm_lint.config import DEFAULT_MAX_FILE_BYTES, ConfigError
from usm_lint.discovery import BPMN_SUFFIX, SUFFIX, Discoverer, WorkspaceSpec
from usm_lint.fileio import replace_model_file
from usm_lint.formatter import FormatError, format_text
from usm_lint.model import File
from usm_lint.parsing.parser import parse
from usm_lint.source import BOM, Layout, Source, decode_buffer, read_source, read_stdin


def model_without_spans(text: str) -> object:
    """A file's model with positions dropped, to compare two layouts."""
    def strip(value: object) -> object:
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items()
                    if k not in ("span", "activities_span", "statements")}
        if isinstance(value, list):
            return [strip(v) for v in value]
        return value

    file: File = parse(text.removeprefix(BOM), "").file
    return strip(file.model_dump(mode="json", exclude={"comments", "path"}))


def _format_one(display: str, text: str) -> str | None:
    """The formatted text, or None (with a message) when it must not be written."""
    try:
        formatted = format_text(text)
    except FormatError as error:
        note(f"{display}: not formatted: {error}")
        return None
    if model_without_spans(formatted) != model_without_spans(text):
        note(f"{display}: not formatted: the formatted text would change the model "
             "(a formatter bug; please report it)")
        return None
    return formatted


def run_format(args: argparse.Namespace) -> int:
    refused = [p for p in args.paths if p != "-" and os.path.isfile(p)
               and not p.endswith(SUFFIX) and not args.force]
    if refused:
        note(f"{', '.join(refused)}: not a .usm file; name .usm files or folders, or use "
             "--force to format a file as .usm text")
        return 2
    if args.paths == ["-"]:
        return _format_stdin(args)
    cwd = Path.cwd()
    try:
        discovery = Discoverer(cwd, args.force_exclude).discover(args.paths)
    except ConfigError as error:
        note(f"configuration error: {error}")
        return 2
    status = 0
    for missing in discovery.missing:
        note(f"{missing.span.file}: {missing.message}")
        status = 1
    return _format_files(args, discovery.workspaces, cwd, len(discovery.missing)) or status


def _format_files(args: argparse.Namespace, workspaces: list[WorkspaceSpec], cwd: Path,
                  unread: int) -> int:
    """Format the reported USM files of each workspace; 1 when one could not be
    read or formatted, or would change under `--check` or `--diff`; 2 when one
    could not be written. `unread`: named paths that could not be read (said),
    counted with the files not formatted."""
    status = 0
    changed = unchanged = unwritten = 0
    failed = unread
    for spec in workspaces:
        for path in sorted(p for p in spec.reported if not p.endswith(BPMN_SUFFIX)):
            # BPMN files are read, never written: `usm-lint convert` makes USM text of them.
            display = display_path(path, cwd)
            texts = _read_formatted(path, display, spec.config.max_file_bytes)
            if texts is None:
                status, failed = 1, failed + 1  # said why (unreadable, syntax errors)
                continue
            text, formatted, _ = texts
            if formatted == text:
                unchanged += 1
                continue
            if _put(args, path, display, texts, spec.root):
                changed += 1
            else:
                unwritten += 1  # said so, and not counted as reformatted
    if not args.quiet:
        _summarise(args, changed, unchanged, unwritten, failed)
    if (args.check or args.diff) and changed:
        status = 1
    return 2 if unwritten else status


def _files(count: int) -> str:
    return f"{count} file{'' if count == 1 else 's'}"


def _summarise(args: argparse.Namespace, changed: int, unchanged: int, unwritten: int,
               failed: int) -> None:
    """One closing line, as ruff's formatter says it (on standard error under
    `--diff`, whose standard output is the patch)."""
    if args.check or args.diff:
        parts = [f"{_files(changed)} would be reformatted"] if changed else []
    else:
        parts = [f"{_files(changed)} reformatted"] if changed else []
    if unwritten:
        parts.append(f"{_files(unwritten)} not written")
    if failed:
        parts.append(f"{_files(failed)} not formatted")
    if unchanged or not parts:
        parts.append(f"{_files(unchanged)} already formatted" if args.check or args.diff
                     else f"{_files(unchanged)} left unchanged")
    print(", ".join(parts), file=sys.stderr if args.diff else sys.stdout)


def _format_stdin(args: argparse.Namespace) -> int:
    """`usm-lint format -`: the formatted text (or its diff) on standard output.
    Text that cannot be formatted is written back unchanged, so an editor
    piping its buffer through the formatter does not lose it."""
    text = _text_of("<stdin>", decode_buffer("<stdin>", read_stdin(), DEFAULT_MAX_FILE_BYTES))
    if text is None:
        return 1
    formatted = _format_one("<stdin>", text)
    if formatted is None:
        sys.stdout.write(text)
        return 1
    sys.stdout.write(unified_diff("<stdin>", text, formatted) if args.diff else formatted)
    return 1 if (args.check or args.diff) and formatted != text else 0


def _text_of(display: str, source: Source) -> str | None:
    """The text read, with its byte order mark put back so that formatting keeps
    it; None, with a message, when it could not be read."""
    if source.text is None:
        note(f"{display}: {source.problem.message if source.problem else 'unreadable'}")
        return None
    return (BOM if source.bom else "") + source.text


def _read_formatted(path: str, display: str, max_bytes: int
                    ) -> tuple[str, str, Layout] | None:
    """A file's text and its formatted text (each with its byte order mark), and
    how its line ends are written; None, with a message, when it cannot be
    read or must not be formatted."""
    source = read_source(path, max_bytes)
    text = _text_of(display, source)
    if text is None:
        return None
    formatted = _format_one(display, text)
    return None if formatted is None else (text, formatted, Layout(cr=source.cr))


def _put(args: argparse.Namespace, path: str, display: str, texts: tuple[str, str, Layout],
         root: Path) -> bool:
    """Show the change to a file (`--diff`), name it (`--check`) or write it
    (its text as read, and formatted); False, with a message, when it could
    not be written."""
    text, formatted, layout = texts
    if args.diff:
        sys.stdout.write(unified_diff(display, text, formatted))
    elif args.check:
        if not args.quiet:
            print(f"would reformat {display}")
    else:
        try:
            replace_model_file(path, layout.encode(text), layout.encode(formatted), root)
        except OSError as error:
            note(f"{display}: not written: {error}")
            return False
        if not args.quiet:
            print(f"reformatted {display}")
    return True
