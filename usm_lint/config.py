"""The configuration file: finding it, reading it, validating it.

`usm-lint.toml` (keys at the top level) or `[tool.usm-lint]` in
`pyproject.toml`; when a folder has both, `usm-lint.toml` wins. Every key of
RULES.md's table is modelled here; unknown keys and wrong types are errors
naming the file and the key (exit 2).
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

CONFIG_FILE = "usm-lint.toml"
PYPROJECT = "pyproject.toml"
SeverityName = Literal["error", "warning", "info"]


class ConfigError(Exception):
    """A configuration that cannot be used; the message names file and key."""


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
        for pattern in patterns or ():
            try:
                re.compile(pattern)
            except re.error as error:
                raise ValueError(f"not a regular expression: {pattern!r} ({error})") from None
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
    max_file_bytes: int = Field(5_000_000, gt=0)
    thresholds: Thresholds = Thresholds()
    vocabulary: Vocabulary = Vocabulary()
    templates: dict[str, Template] = {}


def find_config(folder: Path) -> Path | None:
    """The config file that makes `folder` a workspace root, if any."""
    own = folder / CONFIG_FILE
    if own.is_file():
        return own
    pyproject = folder / PYPROJECT
    if pyproject.is_file():
        try:
            with pyproject.open("rb") as handle:
                data = tomllib.load(handle)
        except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError, RecursionError):
            return None  # not ours to judge: it may belong to another tool
        if isinstance(data.get("tool"), dict) and "usm-lint" in data["tool"]:
            return pyproject
    return None


def load_config(path: Path) -> Config:
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
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
        raise ConfigError(_describe(path, error)) from None


def _describe(path: Path, error: ValidationError) -> str:
    lines = []
    for problem in error.errors():
        key = ".".join(str(part) for part in problem["loc"]) or "(top level)"
        message = problem["msg"]
        if problem["type"] == "extra_forbidden":
            message = "unknown key"
        lines.append(f"{path}: `{key}`: {message}")
    return "\n".join(lines)
