"""Replaying an unchanged check: what the last identical run printed, without the work.

A `check` run again with nothing changed prints what the last such run
printed and exits as it did, having imported nothing but the standard
library (the rules, Lark and pydantic take longer to import than a warm
check takes to hash its files and print its stored findings).

*The same run* is the same command line, folder, environment, terminals,
user and groups (what a user may read decides what is read) and installed
code (`cache_keys.code_digest`, taken before the checker is imported).
*Nothing changed* is judged on every path the run looked at, as it was
before the run read it (`watch`): each folder discovery listed (adding,
removing or renaming a file in it changes the folder's times), each model
file and symbolic link in it, and each configuration, `.gitignore` and
`.git` probed, present or absent. Each is compared by type, device, inode,
size, and modification and change times: a write changes the change time,
which no tool can set back. A run whose inputs changed in the two seconds
before it is not recorded, lest an edit within one tick of a coarse file
system clock keep every time. Anything else, a missing, damaged or foreign
record included, is a miss, and the check runs.

Only a run that prints a text or JSON report and changes nothing is
recorded or replayed: not `--no-cache`, `--fix`, `--diff`, `--unsafe-fixes`,
`--add-suppressions`, `--output` or standard input, nor any abbreviation
of them, nor the CI formats, whose paths depend on what git says. Records
live in the cache folder (`--cache-dir`, else `$USM_LINT_CACHE_DIR`, else
the nearest `.usm_lint_cache` at or above the current folder, up to the
first folder holding a configuration or `.git`), only in one the user owns
and no one else may write (the user's private group aside), as
`replay-<key>.json`: one per command line,
folder and environment, each replaced by the next run, the oldest removed
beyond the last `_KEPT`. The output is replayed in the order it was written,
standard output and standard error interleaved as they were.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
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
# Variables a shell changes between two runs of the same command in the same place,
# and the one the command sets for itself once the replay is past (launch.py): a
# record is keyed before it, written after it.
_VOLATILE = frozenset({"_", "OLDPWD", "PWD", "SHLVL", "PYDANTIC_DISABLE_PLUGINS"})
_RACY_NS = 2_000_000_000
"""Inputs changed this close before a run make it unrecorded (see above)."""
_KEPT = 32
"""Records kept per cache folder: each environment and command line has one."""
_LARGEST = 256 << 20
"""A record larger than this is not read (a check's report is far smaller)."""
# The formats replayed: the CI formats' paths are relative to the git
# repository's top, which git decides from its own settings.
_REPLAYED_FORMATS = ("text", "json")
_CONFIGS = ("usm-lint.toml", "pyproject.toml", ".git")
"""Files that make a folder a workspace's or a repository's root."""

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


def abbreviates(argument: str, option: str) -> bool:
    """Whether a command-line argument names `option`, in full or by a prefix
    (argparse accepts any unambiguous prefix of a long option), `=value` or not."""
    name = argument.split("=", 1)[0]
    return name.startswith("--") and len(name) > 2 and option.startswith(name)


def _replayable(argv: Sequence[str]) -> bool:
    """Whether a command line is a `check` that prints a text or JSON report and
    writes nothing (`usm-lint` alone is `usm-lint check .`)."""
    if not hasattr(os, "geteuid"):
        return False  # no owner to check a cache folder against (Windows)
    if argv and (argv[0] in _COMMANDS or argv[0] in ("-h", "--help", "--version")):
        return False
    for at, argument in enumerate(argv):
        option = argument.split("=", 1)[0]
        if argument == "-" or any(abbreviates(argument, refused) for refused in _REFUSED):
            return False
        if argument.startswith("-") and not argument.startswith("--") and (
                "o" in argument or "h" in argument):
            return False  # `-o FILE` or `-h`, alone or among other short options
        if option.startswith("--ca") and abbreviates(argument, "--cache-dir") and (
                option != "--cache-dir"):
            return False  # `--cache-dir` abbreviated: its folder would be misread
        if option.startswith("--fo") and abbreviates(argument, "--format") and _value(
                argv, at) not in _REPLAYED_FORMATS:
            return False
        if argument == "--help":
            return False
    return True


def _value(argv: Sequence[str], at: int) -> str | None:
    """The value of the option at `at` (`--x=v` or `--x v`)."""
    if "=" in argv[at]:
        return argv[at].split("=", 1)[1]
    return argv[at + 1] if at + 1 < len(argv) else None


def _key(argv: Sequence[str]) -> str:
    environment = sorted((k, v) for k, v in os.environ.items() if k not in _VOLATILE)
    material = [_FORMAT, code_digest(), list(argv), os.getcwd(), environment,
                sys.stdout.isatty(), sys.stderr.isatty(), sys.version, _who()]
    return hashlib.sha256(json.dumps(material).encode("utf-8", "surrogatepass")).hexdigest()


def _who() -> list[Any]:
    """The user, groups and capabilities a run reads files as."""
    who: list[Any] = [os.getuid(), os.geteuid(), os.getgid(), os.getegid(),
                      sorted(os.getgroups())]
    try:
        with open("/proc/self/status", encoding="ascii", errors="replace") as status:
            who += [line for line in status if line.startswith("Cap")]
    except OSError:
        pass  # not Linux: the ids say it
    return who


def _option_value(argv: Sequence[str], name: str) -> str | None:
    """The option's last value, as argparse takes it."""
    found = None
    for at, argument in enumerate(argv):
        if argument == name or argument.startswith(name + "="):
            found = _value(argv, at)
    return found


def _folder(argv: Sequence[str]) -> str | None:
    """Where this run's record is kept, if anywhere: a folder the user owns and
    no one else may write (another user's record could say anything)."""
    named = _option_value(argv, "--cache-dir") or os.environ.get(ENVIRONMENT)
    if named:
        return _own(os.path.abspath(named))
    here = os.getcwd()
    while True:
        candidate = os.path.join(here, FOLDER)
        if os.path.lexists(candidate):
            return _own(candidate)
        if any(os.path.lexists(os.path.join(here, name)) for name in _CONFIGS) or (
                os.path.dirname(here) == here):
            return None  # a workspace's or a repository's root holds no cache folder
        here = os.path.dirname(here)


def _own(path: str) -> str | None:
    """`path` if it is a real folder (not a link) of this user that only they
    may write: no one else, and no group but the user's own private group
    (where the umask is 002, every folder a user makes is group-writable)."""
    try:
        info = os.lstat(path)
    except OSError:
        return None
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.geteuid() or (
            info.st_mode & stat.S_IWOTH):
        return None
    return path if not info.st_mode & stat.S_IWGRP or _private_group(info.st_gid) else None


def _private_group(gid: int) -> bool:
    """Whether a group is the user's own: named after them, no other members."""
    import grp
    import pwd

    try:
        group = grp.getgrgid(gid)
        return group.gr_name == pwd.getpwuid(os.geteuid()).pw_name and not group.gr_mem
    except KeyError:
        return False


def _record_path(argv: Sequence[str]) -> tuple[str, str] | None:
    """Where this run's record is kept, and its key."""
    folder = _folder(argv)
    if folder is None:
        return None
    key = _key(argv)
    return os.path.join(folder, f"replay-{key}.json"), key


def _safely(function: Any, *arguments: Any) -> Any:
    """`function(*arguments)`, or None where the folder, the streams or the
    package cannot be read (a deleted current folder, a closed standard output)."""
    try:
        return function(*arguments)
    except (OSError, ValueError, AttributeError):
        return None


def replay(argv: Sequence[str]) -> int | None:
    """Print what the last identical run printed and give its exit code, when
    nothing it read has changed; None otherwise (then the check runs)."""
    try:
        if not _replayable(argv):
            return None
        code_digest()  # taken before the checker is imported: the code this run will run
        found = _record_path(argv)
        if found is None:
            return None
        path, key = found
        info = os.lstat(path)
        if not stat.S_ISREG(info.st_mode) or info.st_uid != os.geteuid() or (
                info.st_size > _LARGEST):
            return None  # a regular file of ours: a FIFO would block, a link lead away
        with open(path, "rb") as handle:
            record: Any = json.loads(handle.read())
        watched = record["watched"]
        # A record names its key (one copied under another name stands for no
        # other run) and what its run looked at (a run always looks at something).
        if record["key"] != key or not watched or any(
                _state(name) != state for name, state in watched.items()):
            return None
        output, code = record["output"], record["exit"]
        if type(code) is not int or code not in (0, 1) or not all(
                stream in ("out", "err") and isinstance(text, str) for stream, text in output):
            return None
    except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError,
            MemoryError):
        return None
    _write(output)
    return code


def _write(output: list[list[str]]) -> None:
    """Write what a run wrote, in its order (flushed at each change of stream)."""
    last = None
    for stream, text in output:
        target = sys.stdout if stream == "out" else sys.stderr
        if last is not None and last is not target:
            last.flush()
        target.write(text)
        last = target
    sys.stdout.flush()
    sys.stderr.flush()


class _Copy:
    """A text stream that writes through and keeps what it wrote, in `written`
    (shared by standard output and standard error, to keep their order)."""

    def __init__(self, stream: TextIO, name: str, written: list[list[str]]) -> None:
        self.stream = stream
        self.name = name
        self.written = written
        self.failed = False
        """Whether a write failed (a closed pipe): the run printed less than it says."""

    def write(self, text: str) -> int:
        self.written.append([self.name, text])
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
        self.written: list[list[str]] = []
        self.out = _Copy(sys.stdout, "out", self.written)
        self.err = _Copy(sys.stderr, "err", self.written)
        # The key is taken now: the code read later is the code this run runs.
        self.found = _safely(_record_path, argv)

    @classmethod
    def start(cls, argv: Sequence[str]) -> Recording | None:
        """Begin recording a run that may be replayed, or None."""
        global _watched
        if not _replayable(argv) or sys.stdout is None or sys.stderr is None:
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
        for copy in (self.out, self.err):
            try:
                copy.stream.flush()  # a closed pipe fails here when the stream is buffered
            except (OSError, ValueError):
                copy.failed = True
        if (code not in (0, 1) or not watched or self.out.failed or self.err.failed
                or self._racy(watched)):
            return
        try:
            found = self.found or _safely(_record_path, self.argv)  # the cache folder is new
            if found is None:
                return
            path, key = found
            record = {"key": key, "watched": watched, "output": self.written, "exit": code}
            from usm_lint.fileio import write_atomic

            write_atomic(path, json.dumps(record).encode(), durable=False)
            _prune(os.path.dirname(path))
        except (OSError, ValueError, AttributeError):
            pass  # a read-only or full cache folder: the next run checks again

    def _racy(self, watched: dict[str, State]) -> bool:
        """Whether an input changed within `_RACY_NS` before the run."""
        return any(state is not None and max(state[2], state[7], state[8]) > self.started
                   - _RACY_NS for state in watched.values())


_RECORD_NAME = re.compile(r"replay-[0-9a-f]{64}\.json")


def _prune(folder: str) -> None:
    """Remove the oldest records beyond `_KEPT` (only files named as records are:
    a folder named with `--cache-dir` may hold anything)."""
    records = []
    with os.scandir(folder) as listing:
        for entry in listing:
            if _RECORD_NAME.fullmatch(entry.name):
                records.append((entry.stat(follow_symlinks=False).st_mtime_ns, entry.path))
    for _, path in sorted(records)[:-_KEPT]:
        os.unlink(path)
