"""Replaying an unchanged check: what the last identical run printed, without the work.

A `check` run again with nothing changed prints what the last such run
printed and exits as it did, having imported nothing but the standard
library (the rules, Lark and pydantic take longer to import than a warm
check takes to hash its files and print its stored findings).

*The same run* is the same command line, folder, environment, terminal
(whether standard output and standard error are one) and installed code
(`cache_keys.code_digest`). *Nothing changed* is judged on every path the
run looked at, as it was before the run read it (`watch`): each folder
discovery listed (adding, removing or renaming a file in it changes the
folder's times), each model file, and each configuration, `.gitignore` and
`.git` probed, present or absent. Each is compared by type, device, inode,
size, and modification and change times: a write changes the change time,
which no tool can set back. A run whose inputs changed in the two seconds
before it is not recorded, lest an edit within one tick of a coarse file
system clock keep every time. Anything else, a missing, damaged or foreign
record included, is a miss, and the check runs.

Only a run that prints its report and changes nothing is recorded or
replayed: not `--no-cache`, `--fix`, `--diff`, `--unsafe-fixes`,
`--add-suppressions`, `--output` or standard input, nor any abbreviation
of them. Records live in the cache folder (`--cache-dir`, else
`$USM_LINT_CACHE_DIR`, else the nearest `.usm_lint_cache` at or above the
current folder, within its git repository) as `replay-<key>.json`, one per
command line, folder and environment, each replaced by the next run.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import sys
import time
from collections.abc import Sequence
from typing import Any, TextIO

from usm_lint.cache_keys import ENVIRONMENT, FOLDER, code_digest

_FORMAT = 1
"""The record layout's version, part of its key."""
# Options of `check` that write files, read standard input or skip the cache.
_REFUSED = ("--no-cache", "--fix", "--diff", "--unsafe-fixes", "--add-suppressions", "--output",
            "--stdin-filename")
_COMMANDS = ("format", "init", "report", "rules", "rule", "dump", "schema", "coverage", "graph",
             "convert", "server")
# Variables a shell changes between two runs of the same command in the same place.
_VOLATILE = frozenset({"_", "OLDPWD", "PWD", "SHLVL"})
_RACY_NS = 2_000_000_000
"""Inputs changed this close before a run make it unrecorded (see above)."""

State = list[int] | None
_watched: dict[str, State] | None = None
"""The paths a recorded run looked at and their states, or None when not recording."""


def watch(path: str | os.PathLike[str]) -> None:
    """Note a path a check is about to read or probe, with its state now."""
    if _watched is not None:
        name = os.fspath(path)
        if name not in _watched:
            _watched[name] = _state(name)


def _state(path: str) -> State:
    try:
        link = os.lstat(path)
    except (OSError, ValueError):
        return None
    try:
        target = os.stat(path)
    except (OSError, ValueError):
        target = link  # a dangling link: the link itself
    return [link.st_mode, link.st_ino, link.st_ctime_ns, target.st_mode, target.st_dev,
            target.st_ino, target.st_size, target.st_mtime_ns, target.st_ctime_ns]


def _replayable(argv: Sequence[str]) -> bool:
    """Whether a command line is a `check` that prints its report and writes nothing."""
    if not argv or argv[0] in _COMMANDS or argv[0] in ("-h", "--help", "--version"):
        return False
    for argument in argv:
        option = argument.split("=", 1)[0]
        if argument == "-" or (option.startswith("--") and len(option) > 2 and any(
                refused.startswith(option) for refused in _REFUSED)):
            return False  # argparse accepts any unambiguous prefix of an option
        if argument.startswith("-") and not argument.startswith("--") and "o" in argument:
            return False  # `-o FILE`, alone or among other short options
        if argument in ("-h", "--help"):
            return False
    return True


def _key(argv: Sequence[str]) -> str:
    environment = sorted((k, v) for k, v in os.environ.items() if k not in _VOLATILE)
    material = [_FORMAT, code_digest(), list(argv), os.getcwd(), environment,
                sys.stdout.isatty(), sys.stderr.isatty(), sys.version]
    return hashlib.sha256(json.dumps(material).encode("utf-8", "surrogatepass")).hexdigest()


def _option_value(argv: Sequence[str], name: str) -> str | None:
    for at, argument in enumerate(argv):
        if argument == name and at + 1 < len(argv):
            return argv[at + 1]
        if argument.startswith(name + "="):
            return argument[len(name) + 1:]
    return None


def _folder(argv: Sequence[str]) -> str | None:
    """Where this run's record is kept, if anywhere."""
    named = _option_value(argv, "--cache-dir") or os.environ.get(ENVIRONMENT)
    if named:
        return os.path.abspath(named)
    here = os.getcwd()
    while True:
        candidate = os.path.join(here, FOLDER)
        if os.path.isdir(candidate) and not os.path.islink(candidate):
            return candidate
        if os.path.lexists(os.path.join(here, ".git")) or os.path.dirname(here) == here:
            return None
        here = os.path.dirname(here)


def _record_path(argv: Sequence[str]) -> tuple[str, str] | None:
    """Where this run's record is kept, and its key."""
    folder = _folder(argv)
    if folder is None:
        return None
    key = _key(argv)
    return os.path.join(folder, f"replay-{key}.json"), key


def replay(argv: Sequence[str]) -> int | None:
    """Print what the last identical run printed and give its exit code, when
    nothing it read has changed; None otherwise (then the check runs)."""
    try:
        if not _replayable(argv):
            return None
        found = _record_path(argv)
        if found is None:
            return None
        path, key = found
        if not stat.S_ISREG(os.lstat(path).st_mode):
            return None  # read only from a regular file: a FIFO would block, a link lead away
        with open(path, "rb") as handle:
            record: Any = json.loads(handle.read())
        watched = record["watched"]
        # A record names its key (one copied under another name stands for no
        # other run) and what its run looked at (a run always looks at something).
        if record["key"] != key or not watched or any(
                _state(name) != state for name, state in watched.items()):
            return None
        out, err, code = record["stdout"], record["stderr"], record["exit"]
        if not (isinstance(out, str) and isinstance(err, str) and code in (0, 1)):
            return None
    except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
        return None
    sys.stderr.write(err)
    sys.stdout.write(out)
    sys.stdout.flush()
    return int(code)


class _Copy:
    """A text stream that writes through and keeps what it wrote."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.parts: list[str] = []
        self.failed = False
        """Whether a write failed (a closed pipe): the run printed less than it says."""

    def write(self, text: str) -> int:
        self.parts.append(text)
        try:
            return self.stream.write(text)
        except BaseException:
            self.failed = True
            raise

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)


class Recording:
    """One run being recorded: `start` before it, `finish` after it."""

    def __init__(self, argv: Sequence[str]) -> None:
        self.argv = list(argv)
        self.started = time.time_ns()
        self.out = _Copy(sys.stdout)
        self.err = _Copy(sys.stderr)

    @classmethod
    def start(cls, argv: Sequence[str]) -> Recording | None:
        """Begin recording a run that may be replayed, or None."""
        global _watched
        if not _replayable(argv):
            return None
        recording = cls(argv)
        _watched = {}
        sys.stdout, sys.stderr = recording.out, recording.err
        return recording

    def finish(self, code: int) -> None:
        """Stop recording and keep the record, when the run may be replayed."""
        global _watched
        watched, _watched = _watched or {}, None
        sys.stdout, sys.stderr = self.out.stream, self.err.stream
        if (code not in (0, 1) or not watched or self.out.failed or self.err.failed
                or self._racy(watched)):
            return
        try:
            found = _record_path(self.argv)
            if found is None:
                return
            path, key = found
            record = {"key": key, "watched": watched, "stdout": "".join(self.out.parts),
                      "stderr": "".join(self.err.parts), "exit": code}
            from usm_lint.fileio import write_atomic

            write_atomic(path, json.dumps(record).encode(), durable=False)
        except (OSError, ValueError, AttributeError):
            pass  # a read-only or full cache folder: the next run checks again

    def _racy(self, watched: dict[str, State]) -> bool:
        return any(state is not None and max(state[2], state[7], state[8]) > self.started
                   - _RACY_NS for state in watched.values())
