"""The `usm-lint` command line: argument parsing, dispatch, exit codes.

Exit codes (EXIT_CODES, printed at the end of every `--help`): 0 clean, 1
findings at or above `--fail-on` (or a file `format --check` or `--diff`
would change, or coverage below `--fail-under`), 2 usage, configuration or
internal error. An unexpected exception is caught once, here.
"""

from __future__ import annotations

import argparse
import difflib
import os
import sys
import traceback
from collections.abc import Sequence

from usm_lint import __version__
from usm_lint.commands.output import OutputError
from usm_lint.replay import Recording
from usm_lint.report import FORMATS
from usm_lint.streams import tolerate_undecodable_output

COMMANDS = ("check", "format", "init", "report", "rules", "rule", "dump", "schema", "coverage",
            "graph", "convert", "server")
ISSUES_URL = "https://github.com/usm-lint/usm-lint/issues"
EXIT_CODES = """\
exit codes:
  0  nothing at or above --fail-on (format: nothing to change)
  1  findings at or above --fail-on; format --check or --diff: a file would
     change; format: a file it could not read or parse; coverage: below
     --fail-under
  2  usage, configuration or internal error, or a file that could not be
     written (format, --fix, --add-suppressions)"""
REPORT_EXIT_CODES = """\
exit codes:
  0  the report was written, whatever it finds (it reports, it does not gate)
  2  usage or configuration error, or a model that cannot be read"""


class _Help(argparse.RawDescriptionHelpFormatter):
    """Help with each option's default, where it has one worth saying."""

    def _get_help_string(self, action: argparse.Action) -> str:
        text = action.help or ""
        default = action.default
        if (default not in (None, False, [], argparse.SUPPRESS) and "%(default)" not in text
                and action.option_strings):
            text += " (default: %(default)s)"
        return text


def _selectors(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def _percent(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not 0 <= value <= 100:
        raise argparse.ArgumentTypeError(f"a percentage is 0 to 100, not {text}")
    return value


def _jobs(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError("a count of processes is 0 (automatic) or more")
    return value


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--quiet", "-q", action="store_true",
                        help="print findings only: no summary, no notes")
    parser.add_argument("--verbose", "-v", action="store_true",
                        help="say which workspaces and files are checked, and print the "
                             "traceback of an internal error")
    parser.add_argument("--color", choices=("auto", "always", "never"), default="auto",
                        help="colour the output; auto: on a terminal, unless NO_COLOR is set "
                             "(FORCE_COLOR forces it)")


def _paths(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument("paths", nargs="*", default=["."], metavar="PATH",
                        help=f"files or folders to {what}; `-` reads standard input "
                             "(default: the current folder)")


def _subparser(sub: argparse._SubParsersAction[argparse.ArgumentParser], name: str,
               summary: str, description: str | None = None,
               exit_codes: str = EXIT_CODES) -> argparse.ArgumentParser:
    return sub.add_parser(name, help=summary, description=description or summary,
                          formatter_class=_Help, epilog=exit_codes)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="usm-lint", formatter_class=_Help, epilog=EXIT_CODES,
        description="Check USM process models against the ten design criteria. "
                    "`usm-lint PATH...` is `usm-lint check PATH...`.")
    parser.add_argument("--version", action="version", version=f"usm-lint {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    check = _subparser(sub, "check", "check models (the default command)")
    _paths(check, "check")
    check.add_argument("--format", choices=FORMATS, default="text",
                       help="report format: text for people, the others for CI and tools")
    check.add_argument("--output-format", choices=("full", "concise"),
                       help="text layout: full shows the source under each finding, concise "
                            "one line each (default: full on a terminal, else concise)")
    check.add_argument("--output", "-o", metavar="FILE", help="write the report to FILE")
    check.add_argument("--select", type=_selectors, action="extend", metavar="CODES",
                       help="run only these rules: codes, names or prefixes, comma-separated; "
                            "repeat to add more (default: the config's, else all)")
    check.add_argument("--extend-select", type=_selectors, action="extend", default=[],
                       metavar="CODES", help="run these rules too")
    check.add_argument("--ignore", type=_selectors, action="extend", default=[],
                       metavar="CODES", help="do not run these rules")
    check.add_argument("--fail-on", choices=("error", "warning", "info"), default="warning",
                       help="the lowest severity that makes the exit code 1")
    check.add_argument("--exit-zero", action="store_true", help="exit 0 even with findings")
    check.add_argument("--statistics", action="store_true",
                       help="count findings per rule instead of listing them (text or json)")
    check.add_argument("--show-files", action="store_true",
                       help="print each workspace root, its config and its files")
    check.add_argument("--show-settings", action="store_true",
                       help="print the effective configuration and where each value comes from")
    check.add_argument("--force-exclude", action="store_true",
                       help="apply `exclude` to files named on the command line too")
    check.add_argument("--force", action="store_true",
                       help="check a named file that is not .usm or .bpmn as a .usm model")
    check.add_argument("--fix", action="store_true", help="apply safe fixes")
    check.add_argument("--unsafe-fixes", action="store_true",
                       help="apply unsafe fixes too (with --fix or --diff)")
    check.add_argument("--diff", action="store_true",
                       help="show what the fixes would change, write nothing")
    check.add_argument("--add-suppressions", action="store_true",
                       help="add end-of-line suppressions for every finding (a baseline)")
    check.add_argument("--stdin-filename", metavar="PATH",
                       help="the path standard input stands for (`-`), for editors")
    check.add_argument("--config", metavar="FILE",
                       help="use this configuration file (default: each workspace's own)")
    check.add_argument("--no-cache", action="store_true", help="do not read or write the cache")
    check.add_argument("--cache-dir", metavar="DIR",
                       help="cache folder (default: .usm_lint_cache/ at each workspace root, "
                            "or $USM_LINT_CACHE_DIR)")
    check.add_argument("--jobs", "-j", type=_jobs, default=0, metavar="N",
                       help="parse with N processes; 0: all cores for large workspaces")
    _common(check)

    fmt = _subparser(sub, "format", "lay models out canonically",
                     "Lay .usm files out canonically, keeping comments; a file that does not "
                     "parse is left alone. Exit 1 when --check or --diff finds a file to change.")
    _paths(fmt, "format")
    fmt.add_argument("--check", action="store_true",
                     help="write nothing; list the files that would change")
    fmt.add_argument("--diff", action="store_true", help="write nothing; show the changes")
    fmt.add_argument("--force-exclude", action="store_true",
                     help="apply `exclude` to files named on the command line too")
    fmt.add_argument("--force", action="store_true",
                     help="format a named file that is not .usm")
    _common(fmt)

    init = _subparser(sub, "init", "write a configuration and a starter model",
                      "Write usm-lint.toml and a starter model that passes `usm-lint check`: "
                      "the five USM processes with their flows and the eight workflow "
                      "templates. Never overwrites a file.")
    init.add_argument("folder", nargs="?", default=".", metavar="FOLDER",
                      help="where to write (default: the current folder)")
    init.add_argument("--minimal", action="store_true", help="one process instead of five")

    report = _subparser(sub, "report", "write the model's conformance as HTML or Markdown",
                        "Write the model's conformance report: a summary, the matrix of "
                        "processes against the criteria, the process map and workflows, the "
                        "findings with their source, and framework coverage. HTML for "
                        "process owners and auditors, Markdown for CI summaries. It reports, "
                        "it does not gate: exit 0 unless the model cannot be read.",
                        exit_codes=REPORT_EXIT_CODES)
    report.add_argument("paths", nargs="*", default=["."], metavar="PATH",
                        help="the model's folder or files (default: the current folder)")
    report.add_argument("--output", "-o", metavar="FILE",
                        help="write to FILE; its ending (.html, .md) chooses the format")
    report.add_argument("--format", choices=("html", "markdown"),
                        help="the format, when writing to standard output")
    report.add_argument("--max-findings", type=_jobs, metavar="N",
                        help="show at most N findings in full, then say how many more "
                             "(default: 1000 in HTML, 50 in Markdown)")
    report.add_argument("--select", type=_selectors, action="extend", metavar="CODES",
                        help="run only these rules (as `check --select`)")
    report.add_argument("--ignore", type=_selectors, action="extend", default=[],
                        metavar="CODES", help="do not run these rules")

    rules = _subparser(sub, "rules", "list the rules")
    rules.add_argument("--format", choices=("text", "json"), default="text",
                       help="table or JSON")
    rule = _subparser(sub, "rule", "explain one rule, with its examples")
    rule.add_argument("code", metavar="CODE|NAME", help="a rule code (C0201) or name")

    dump = _subparser(sub, "dump", "print a file's model as JSON, with source spans")
    dump.add_argument("path", metavar="PATH", help="a .usm or .bpmn file")
    _subparser(sub, "schema", "print the JSON Schema of the configuration file")

    coverage = _subparser(sub, "coverage",
                          "which practices of a framework the model realises")
    _paths(coverage, "measure")
    coverage.add_argument("--framework", required=True, metavar="NAME",
                          help="the catalogue: ITIL4, ITILv3, FitSM, COBIT2019, COBIT5, ASL2, "
                               "BiSL or ISO20000")
    coverage.add_argument("--format", choices=("text", "json"), default="text",
                          help="table or JSON")
    coverage.add_argument("--fail-under", type=_percent, metavar="PERCENT",
                          help="exit 1 when fewer than PERCENT (0-100) of the practices are "
                               "realised")

    graph = _subparser(sub, "graph", "draw the model's processes, flows and workflows")
    graph.add_argument("path", metavar="PATH", help="a file or folder of the model")
    graph.add_argument("--format", choices=("mermaid", "dot"), default="mermaid",
                       help="Mermaid (GitHub renders it) or Graphviz DOT")
    graph.add_argument("--workflow", metavar="NAME", help="draw only this workflow")
    convert = _subparser(sub, "convert", "print a BPMN model as .usm text")
    convert.add_argument("path", metavar="FILE.bpmn", help="the BPMN 2.0 file to convert")
    convert.add_argument("--output", "-o", metavar="FILE",
                         help="write the text to FILE (default: standard output)")
    _subparser(sub, "server", "run the language server (LSP over stdio) for editors",
               "Run the language server over standard input and output. Editors start it "
               "themselves: VS Code through the usm-lint extension, neovim, Helix and Emacs "
               "through their LSP client (see the documentation's editor page). It is part "
               "of the default install (`pip install .` from a clone).")
    return parser


def _unknown_command(argument: str) -> str | None:
    """The message for a first argument that is no command and no path, if it is one."""
    if argument.startswith("-") or argument == "-" or os.path.lexists(argument):
        return None
    close = difflib.get_close_matches(argument, COMMANDS, n=1, cutoff=0.6)
    if not close and any(c in argument for c in "/\\.*"):
        return None  # a path that does not exist: `check` reports it (E004)
    hint = f"; did you mean `{close[0]}`?" if close else ""
    return (f"unknown command `{argument}`{hint} (commands: {', '.join(COMMANDS)}; to "
            f"check a path of that name, write `usm-lint check ./{argument}`)")


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    """The subcommands' parsers: argparse lists them in no public attribute;
    read with defaults, so a change there only loses what asks for them."""
    return next((getattr(a, "choices", None) for a in getattr(parser, "_actions", ())
                 if isinstance(a, argparse._SubParsersAction)), None) or {}


_AS_WRITTEN = frozenset({"--", "-h", "--help", "--version"})
"""Arguments that keep the ones around them as written: what follows `--` is
paths; help and the version before a command are the program's own."""


def _first_positional(parser: argparse.ArgumentParser, argv: list[str]) -> int | None:
    """Where the first argument that is no option or option value stands:
    the command, or the first path when the command is left out (options may
    stand before either: `usm-lint -q check x.usm`, `usm-lint --format json x.usm`);
    None when an argument before it is one of `_AS_WRITTEN`."""
    # An option takes a value in every command that has it, or in none (a test
    # holds the commands to it), so one table serves before the command is known.
    takes = {option: action.nargs != 0 for command in _subcommands(parser).values()
             for option, action in getattr(command, "_option_string_actions", {}).items()}
    at = 0
    while at < len(argv) and argv[at].startswith("-") and argv[at] != "-":
        if argv[at] in _AS_WRITTEN:
            return None
        at += 2 if _takes_value(argv[at], takes) else 1  # "--format json": its value too
    return at


def _takes_value(option: str, takes: dict[str, bool]) -> bool:
    """Whether an option takes the next argument as its value, the option
    matched as argparse matches it: whole, or a long one by a prefix ("--sel"
    for `--select`); `--format=json` holds its own."""
    if "=" in option:
        return False
    if option in takes:
        return takes[option]
    matches = [value for name, value in takes.items()
               if option.startswith("--") and name.startswith(option)]
    return bool(matches) and all(matches)


def _unrecognised(parser: argparse.ArgumentParser, command: str, extra: list[str]) -> None:
    """Say which arguments a command does not take, with the command's usage
    and the option meant ("--selct": did you mean `--select`?)."""
    # A command's options: argparse lists them in no public attribute; read
    # with a default, so a change there only loses the hint.
    own = _subcommands(parser).get(command, parser)
    options = list(getattr(own, "_option_string_actions", {}))
    first = next((e for e in extra if e.startswith("-")), extra[0]).split("=", 1)[0]
    # Stricter than for commands: options share their dashes ("--bogus" is no "--verbose").
    close = difflib.get_close_matches(first, options, n=1, cutoff=0.75)
    hint = f"; did you mean `{close[0]}`?" if close and first.startswith("-") else ""
    own.error(f"unrecognized arguments: {' '.join(extra)}{hint}")


def _use_color(choice: str) -> bool:
    if choice != "auto":
        return choice == "always"
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return sys.stdout.isatty()


def run(argv: Sequence[str]) -> int:
    parser = build_parser()
    args_list = list(argv)
    at = _first_positional(parser, args_list)
    if at is not None and at < len(args_list) and args_list[at] in COMMANDS:
        # argparse reads a command's options only after the command
        args_list = [args_list[at], *args_list[:at], *args_list[at + 1:]]
    elif at is not None and at < len(args_list):
        unknown = _unknown_command(args_list[at])
        if unknown:
            print(f"usm-lint: error: {unknown}", file=sys.stderr)
            return 2
    if not args_list or (args_list[0] not in COMMANDS and args_list[0] not in (
            "-h", "--help", "--version")):
        args_list.insert(0, "check")
    args, extra = parser.parse_known_args(args_list)
    if extra and isinstance(getattr(args, "paths", None), list):
        # Paths after an option (`check a.usm --no-cache b.usm`) are left over:
        # argparse ends a positional list at the first option.
        args.paths += [e for e in extra if e == "-" or not e.startswith("-")]
        extra = [e for e in extra if e != "-" and e.startswith("-")]
    if extra:
        _unrecognised(parser, args.command, extra)  # exits 2, as argparse's errors do
    if args.command == "check":
        from usm_lint.commands.check import run_check

        return run_check(args, _use_color(args.color))
    if args.command == "format":
        from usm_lint.commands.format import run_format

        return run_format(args)
    if args.command == "report":
        from usm_lint.commands.report import run_report
        from usm_lint.lint import Overrides

        return run_report(args.paths, args.output, args.format, args.max_findings,
                          Overrides(args.select, [], args.ignore))
    if args.command == "init":
        from usm_lint.commands.init import run_init

        return run_init(args.folder, args.minimal)
    if args.command in ("rules", "rule"):
        from usm_lint.commands.rules import run_rule, run_rules

        return run_rules(args.format) if args.command == "rules" else run_rule(args.code)
    if args.command == "schema":
        from usm_lint.commands.schema import run_schema

        return run_schema()
    if args.command == "coverage":
        from usm_lint.commands.coverage import run_coverage

        return run_coverage(args.paths, args.framework, args.format, args.fail_under)
    if args.command == "graph":
        from usm_lint.commands.graph import run_graph

        return run_graph(args.path, args.format, args.workflow)
    if args.command == "convert":
        from usm_lint.commands.convert import run_convert

        return run_convert(args.path, args.output)
    if args.command == "server":
        from usm_lint.server import run_server

        return run_server()
    from usm_lint.commands.dump import run_dump

    return run_dump(args.path)


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    tolerate_undecodable_output()  # also here: tests and tools call `main` directly
    recording = Recording.start(arguments)  # for a replay of the same run (replay.py)
    code = _run_guarded(arguments)
    if recording is not None:
        recording.finish(code)
    return code


def _run_guarded(arguments: list[str]) -> int:
    """`run`, with every way it can end as an exit code and a message."""
    verbose = "--verbose" in arguments or "-v" in arguments
    try:
        return run(arguments)
    except OutputError as error:
        print(f"usm-lint: {error}", file=sys.stderr)
        return 2
    except SystemExit as exit_:  # argparse: usage errors are 2, --help is 0
        return exit_.code if isinstance(exit_.code, int) else 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`usm-lint ... | head`): not an error of ours.
        sys.stderr.close()
        return 1
    except Exception as error:  # the one top-level handler RULES.md asks for
        print(f"usm-lint: internal error: {type(error).__name__}: {error}", file=sys.stderr)
        print(f"usm-lint: this is a bug; please report it at {ISSUES_URL}"
              + ("" if verbose else " (run with --verbose for details)"), file=sys.stderr)
        if verbose:
            traceback.print_exc()
        return 2

