"""The configuration file: finding it, reading it, validating it.

`usm-lint.toml` (keys at the top level) or `[tool.usm-lint]` in
`pyproject.toml`; when a folder has both, `usm-lint.toml` wins. Every key of
RULES.md's table is modelled here; unknown keys and wrong types are errors
naming the file and the key (exit 2).
"""

from __future__ import annotations

import difflib
import re
import tomllib
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from usm_lint.replay import watch

CONFIG_FILE = "usm-lint.toml"
PYPROJECT = "pyproject.toml"
SeverityName = Literal["error", "warning", "info"]
DEFAULT_MAX_FILE_BYTES = 5_000_000


class ConfigError(Exception):
    """A configuration that cannot be used; the message names file and key."""


MAX_REPEAT = 1000
"""The most times a configured condition pattern may repeat anything, counts
of nested groups multiplied (`(a{10}){100}` repeats 1,000 times)."""
# The pieces that matter to counting, read as `regex` reads them: an escape as
# a pair (`\{9}` is a brace, `\\{9}` a count), a character class and a
# comment as one piece, parentheses, and a count.
_PIECES = re.compile(r"\\.|\[\^?\]?(?:\\.|[^\]])*\]|\(\?#[^)]*\)|(\()|(\))"
                     r"|\{([0-9]*),?([0-9]*)\}", re.DOTALL)


def _largest_repeat(pattern: str) -> int:
    """How many times a pattern repeats anything at most, nested counts
    multiplied; whitespace is ignored, as verbose mode (`(?x)a{ 5000 }`) does."""
    stack = [1]  # the largest repeat inside each open group
    largest, closed = 1, 0  # `closed`: the group just closed, which a count repeats
    for piece in _PIECES.finditer("".join(pattern.split())):
        opened, shut, low, high = piece.groups()
        if opened:
            stack.append(1)
        elif shut:
            closed = stack.pop() if len(stack) > 1 else 1
            stack[-1] = max(stack[-1], closed)
            continue
        elif low or high:
            count = max(MAX_REPEAT + 1 if len(n) > 9 else int(n) for n in (low, high) if n)
            repeat = count * (closed or 1)
            stack[-1] = max(stack[-1], repeat)
            largest = max(largest, repeat)
        closed = 0
    return max(largest, *stack)


def _kebab(name: str) -> str:
    return name.replace("_", "-")


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", alias_generator=_kebab,
                              populate_by_name=True, frozen=True)


class Thresholds(_Section):
    duplicate_purpose: float = Field(0.8, ge=0.0, le=1.0)
    similar_activity: float = Field(0.5, ge=0.0, le=1.0)


class Vocabulary(_Section):
    """Each list replaces the built-in one; its `extend-` twin adds to it."""

    verbs: list[str] | None = None
    extend_verbs: list[str] = []
    not_verbs: list[str] | None = None
    extend_not_verbs: list[str] = []
    roles: list[str] | None = None
    extend_roles: list[str] = []
    tools: list[str] | None = None
    extend_tools: list[str] = []
    means: list[str] | None = None
    extend_means: list[str] = []
    customer_words: list[str] | None = None
    extend_customer_words: list[str] = []
    organisations: list[str] | None = None
    extend_organisations: list[str] = []
    places: list[str] | None = None
    extend_places: list[str] = []
    conditions: list[str] | None = None
    extend_conditions: list[str] = []
    uncountable: list[str] | None = None
    extend_uncountable: list[str] = []
    execution_verbs: list[str] | None = None
    extend_execution_verbs: list[str] = []
    nominalisations: list[str] | None = None
    extend_nominalisations: list[str] = []
    synonyms: list[list[str]] | None = None
    extend_synonyms: list[list[str]] = []
    practice_names: dict[str, str] | None = None
    extend_practice_names: dict[str, str] = {}

    @field_validator("conditions", "extend_conditions")
    @classmethod
    def _regular_expressions(cls, patterns: list[str] | None) -> list[str] | None:
        if not patterns:
            return patterns
        # Compiled as they are searched (rules/helpers/patterns.py): with `regex`,
        # which refuses some patterns `re` reads ("a{" is a literal to `re`).
        import regex

        for pattern in patterns:
            repeat = _largest_repeat(pattern)
            if repeat > MAX_REPEAT:
                # `regex` builds such a pattern in memory: "a{7777776}" took 2 GB
                # to compile (found by the config fuzzer), "(a{1000}){1000}" more.
                said = f"{repeat:,} times" if repeat < 10**12 else "beyond measure"
                raise ValueError(f"{pattern!r} repeats {said}; a condition pattern may "
                                 f"repeat at most {MAX_REPEAT:,} times, nested counts "
                                 "multiplied")
            try:
                regex.compile(pattern, regex.IGNORECASE)
            except regex.error as error:
                raise ValueError(f"not a regular expression: {pattern!r} ({error})") from None
            except Exception as error:  # regex 2026.5.9 raises KeyError for "(?V0V1)"
                # (found by the config fuzzer): whatever `regex` cannot build,
                # the user hears about as a configuration error, not a crash.
                raise ValueError(f"not a regular expression `regex` can build: {pattern!r} "
                                 f"({type(error).__name__}{f': {error}' if str(error) else ''})"
                                 ) from None
        return patterns

    def merged(self, key: str, builtin: tuple[str, ...]) -> tuple[str, ...]:
        """The effective list `key`: replaced or built in, then extended."""
        base = getattr(self, key)
        extra = getattr(self, f"extend_{key}")
        return tuple(builtin if base is None else base) + tuple(extra)


class Template(_Section):
    kind: Literal["reactive", "proactive"]
    entry: str
    exit: list[str]


class Config(_Section):
    select: list[str] | None = None
    extend_select: list[str] = []
    ignore: list[str] = []
    severity: dict[str, SeverityName] = {}
    per_file_ignores: dict[str, list[str]] = {}
    exclude: list[str] = []
    bpmn: bool = False
    language: str = Field("en", pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]+)*$")
    """The model's language (an ISO 639 code): the English word rules judge
    names only where it is `en`, and then only the texts that read as English."""
    max_file_bytes: int = Field(DEFAULT_MAX_FILE_BYTES, gt=0)
    thresholds: Thresholds = Thresholds()
    vocabulary: Vocabulary = Vocabulary()
    templates: dict[str, Template] = {}

    @field_validator("exclude")
    @classmethod
    def _gitignore_patterns(cls, patterns: list[str]) -> list[str]:
        if not patterns:
            return patterns
        import pathspec  # only for a configuration that excludes something

        for pattern in patterns:
            try:
                pathspec.GitIgnoreSpec.from_lines([pattern])
            except ValueError as error:
                raise ValueError(f"not a .gitignore pattern: {pattern!r} ({error})") from None
        return patterns


def _is_file(path: Path) -> bool:
    """`Path.is_file`, False where the folder cannot be searched (it raises there)."""
    try:
        return path.is_file()
    except OSError:
        return False


def find_config(folder: Path) -> Path | None:
    """The config file that makes `folder` a workspace root, if any."""
    own = folder / CONFIG_FILE
    watch(own)
    watch(folder / PYPROJECT)
    if _is_file(own):
        return own
    pyproject = folder / PYPROJECT
    if _is_file(pyproject):
        try:
            with pyproject.open("rb") as handle:
                data = tomllib.load(handle)
        except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError, RecursionError):
            return None  # not ours to judge: it may belong to another tool
        if isinstance(data.get("tool"), dict) and "usm-lint" in data["tool"]:
            return pyproject
    return None


def misnamed_table(folder: Path) -> str | None:
    """A warning when `folder`'s pyproject.toml configures usm-lint under
    `[tool.usm_lint]`, which is not read: the table is `[tool.usm-lint]`."""
    pyproject = folder / PYPROJECT
    watch(pyproject)
    if not _is_file(pyproject):
        return None
    try:
        with pyproject.open("rb") as handle:
            tool = tomllib.load(handle).get("tool")
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError, RecursionError):
        return None
    if isinstance(tool, dict) and "usm_lint" in tool and "usm-lint" not in tool:
        return (f"{pyproject}: `[tool.usm_lint]` is not read; usm-lint's table is "
                "`[tool.usm-lint]` (with a hyphen)")
    return None


def load_config(path: Path) -> Config:
    watch(path)
    try:
        raw = path.read_bytes()
        data = tomllib.loads(raw.decode("utf-8"))
    except OSError as error:
        raise ConfigError(f"{path}: cannot read the configuration: {error.strerror}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: not valid TOML: {error}") from None
    except RecursionError:
        raise ConfigError(f"{path}: not valid TOML: nested too deeply") from None
    if path.name == PYPROJECT:
        data = data.get("tool", {}).get("usm-lint", {})
        if not isinstance(data, dict):
            raise ConfigError(f"{path}: `[tool.usm-lint]` must be a table")
    try:
        return Config.model_validate(data)
    except ValidationError as error:
        text = raw.decode("utf-8")
        table = "tool.usm-lint" if path.name == PYPROJECT else ""
        raise ConfigError(_describe(path, error, text, table)) from None


def _describe(path: Path, error: ValidationError, text: str, table: str) -> str:
    lines = []
    for problem in error.errors():
        loc = [str(part) for part in problem["loc"]]
        key = ".".join(loc) or "(top level)"
        message = problem["msg"].removeprefix("Value error, ")  # our validators' own words
        if problem["type"] == "extra_forbidden":
            known = _keys_of(loc[:-1])
            close = difflib.get_close_matches(loc[-1], known, n=1, cutoff=0.6)
            hint = f"; did you mean `{close[0]}`?" if close else ""
            message = f"unknown key{hint} (known keys here: {', '.join(known)})"
        where = _line_of(text, [*([table] if table else []), *loc])
        lines.append(f"{path}{where}: `{key}`: {message}")
    return "\n".join(lines)


def _keys_of(loc: list[str]) -> list[str]:
    """The keys the config allows at `loc` (a table's path), as written in TOML."""
    model: type[BaseModel] = Config
    for part in loc:
        field = model.model_fields.get(part.replace("-", "_"))
        annotation: object = field.annotation if field is not None else None
        if not (isinstance(annotation, type) and issubclass(annotation, BaseModel)):
            return []
        model = annotation
    return [info.alias or name for name, info in model.model_fields.items()]


def _line_of(text: str, loc: list[str]) -> str:
    """`:LINE:COLUMN` of the key at `loc` in TOML text, when it can be found (a key
    in a table is looked for after the table's header)."""
    if not loc:
        return ""
    *tables, key = loc
    start = 0
    if tables:
        header = re.search(rf"^\s*\[\s*{re.escape('.'.join(tables))}\s*\]", text, re.MULTILINE)
        if header is None:
            inline = re.search(rf"^\s*{re.escape(tables[-1])}\s*=", text, re.MULTILINE)
            if inline is None:
                return ""
            header = inline
        start = header.end()
    found = re.compile(rf"^(\s*)[\"']?{re.escape(key)}[\"']?\s*=", re.MULTILINE).search(text, start)
    if found is None:
        return ""
    line = text.count("\n", 0, found.start()) + 1
    return f":{line}:{len(found.group(1)) + 1}"
