"""The `usm-lint` command line: argument parsing, dispatch, exit codes.

Exit codes (RULES.md): 0 clean, 1 findings at or above `--fail-on` (or a
file `format --check` would change), 2 usage, configuration or internal
error. An unexpected exception is caught once, here.
"""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from collections.abc import Sequence

from usm_lint import __version__
from usm_lint.report import FORMATS

COMMANDS = ("check", "format", "rules", "rule", "dump", "schema", "coverage", "graph",
            "convert", "server")
ISSUES_URL = "https://github.com/usm-lint/usm-lint/issues"


def _selectors(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--quiet", "-q", action="store_true", help="print findings only")
    parser.add_argument("--verbose", "-v", action="store_true",
                        help="more detail (and tracebacks of internal errors)")
    parser.add_argument("--color", choices=("auto", "always", "never"), default="auto")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="usm-lint", description="Check USM process models against the ten design criteria.")
    parser.add_argument("--version", action="version", version=f"usm-lint {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    check = sub.add_parser("check", help="check models (the default command)")
    check.add_argument("paths", nargs="*", default=["."])
    check.add_argument("--format", choices=FORMATS, default="text")
    check.add_argument("--output", "-o", metavar="FILE", help="write the report to FILE")
    check.add_argument("--select", type=_selectors, help="only these codes, names or prefixes")
    check.add_argument("--extend-select", type=_selectors, default=[])
    check.add_argument("--ignore", type=_selectors, default=[])
    check.add_argument("--fail-on", choices=("error", "warning", "info"), default="warning")
    check.add_argument("--exit-zero", action="store_true", help="exit 0 even with findings")
    check.add_argument("--statistics", action="store_true", help="count findings per rule")
    check.add_argument("--show-files", action="store_true",
                       help="print each workspace root, its config and its files")
    check.add_argument("--force-exclude", action="store_true",
                       help="apply `exclude` to files named on the command line too")
    check.add_argument("--fix", action="store_true", help="apply safe fixes")
    check.add_argument("--unsafe-fixes", action="store_true",
                       help="apply unsafe fixes too (with --fix or --diff)")
    check.add_argument("--diff", action="store_true",
                       help="show what the fixes would change, write nothing")
    check.add_argument("--add-suppressions", action="store_true",
                       help="add end-of-line suppressions for every finding (a baseline)")
    check.add_argument("--stdin-filename", metavar="PATH",
                       help="read the text of PATH from stdin (for editor integrations)")
    check.add_argument("--config", metavar="FILE", help="use this configuration file")
    check.add_argument("--no-cache", action="store_true", help="do not read or write the cache")
    check.add_argument("--cache-dir", metavar="DIR",
                       help="cache folder (default: .usm_lint_cache/ at each workspace root; "
                            "or $USM_LINT_CACHE_DIR)")
    check.add_argument("--jobs", "-j", type=int, default=0, metavar="N",
                       help="parse with N processes (default: all cores for large workspaces)")
    check.add_argument("--show-settings", action="store_true",
                       help="print the effective configuration and where each value comes from")
    _common(check)

    fmt = sub.add_parser("format", help="lay models out canonically")
    fmt.add_argument("paths", nargs="*", default=["."])
    fmt.add_argument("--check", action="store_true", help="exit 1 if a file would change")
    fmt.add_argument("--diff", action="store_true", help="show the changes, write nothing")
    fmt.add_argument("--force-exclude", action="store_true")
    _common(fmt)

    rules = sub.add_parser("rules", help="list the rules")
    rules.add_argument("--format", choices=("text", "json"), default="text")
    rule = sub.add_parser("rule", help="explain one rule")
    rule.add_argument("code", metavar="CODE|NAME")

    dump = sub.add_parser("dump", help="print the model as JSON")
    dump.add_argument("path")
    sub.add_parser("schema", help="print the JSON Schema of the configuration file")

    coverage = sub.add_parser("coverage", help="which practices of a framework the model realises")
    coverage.add_argument("paths", nargs="*", default=["."])
    coverage.add_argument("--framework", required=True, metavar="ITIL4|ITILv3|FitSM|COBIT2019")
    coverage.add_argument("--format", choices=("text", "json"), default="text")
    coverage.add_argument("--fail-under", type=float, metavar="PERCENT",
                          help="exit 1 when fewer than PERCENT of the practices are realised")

    graph = sub.add_parser("graph", help="draw the model's processes, flows and workflows")
    graph.add_argument("path")
    graph.add_argument("--format", choices=("mermaid", "dot"), default="mermaid")
    graph.add_argument("--workflow", metavar="NAME", help="draw only this workflow")
    convert = sub.add_parser("convert", help="print a BPMN model as .usm text")
    convert.add_argument("path", metavar="FILE.bpmn")
    convert.add_argument("--output", "-o", metavar="FILE", help="write the text to FILE")
    sub.add_parser("server", help="run the language server (LSP over stdio)")
    return parser


def _use_color(choice: str) -> bool:
    if choice != "auto":
        return choice == "always"
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return sys.stdout.isatty()


def run(argv: Sequence[str]) -> int:
    args_list = list(argv)
    if not args_list or (args_list[0] not in COMMANDS and args_list[0] not in (
            "-h", "--help", "--version")):
        args_list.insert(0, "check")
    args = build_parser().parse_args(args_list)
    if args.command == "check":
        from usm_lint.commands.check import run_check

        return run_check(args, _use_color(args.color))
    if args.command == "format":
        from usm_lint.commands.format import run_format

        return run_format(args)
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
    verbose = "--verbose" in arguments or "-v" in arguments
    try:
        return run(arguments)
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


def entry() -> None:
    sys.exit(main())
