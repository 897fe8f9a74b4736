"""The one core the CLI and the server drive: paths -> workspaces -> findings."""

from __future__ import annotations

import difflib
from collections.abc import Container, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from usm_lint.cache import Cache, WorkspaceResult
from usm_lint.config import Config, ConfigError
from usm_lint.discovery import Discoverer, WorkspaceSpec
from usm_lint.engine.runner import FileCheck, check_workspace
from usm_lint.engine.selection import unknown_selectors
from usm_lint.findings import Finding
from usm_lint.gc_pause import without_collector
from usm_lint.loader import DEFAULT_LOAD, LoadOptions, load_workspace, read_sources
from usm_lint.memory import Memory
from usm_lint.rule import Rule
from usm_lint.source import Source


@dataclass(frozen=True)
class Overrides:
    """Command-line settings that replace or extend each workspace's config."""

    select: list[str] | None = None
    extend_select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)

    def apply(self, config: Config) -> Config:
        update: dict[str, object] = {}
        if self.select is not None:
            update["select"] = self.select
        if self.extend_select:
            update["extend_select"] = [*config.extend_select, *self.extend_select]
        if self.ignore:
            update["ignore"] = [*config.ignore, *self.ignore]
        return config.model_copy(update=update) if update else config


@dataclass
class LintResult:
    findings: list[Finding]
    files_checked: int
    workspaces: list[WorkspaceSpec]
    notes: list[str]
    """One line per workspace file with problems that is not reported."""
    skipped: list[str] = field(default_factory=list)
    """One note per folder that could not be read."""
    read: dict[str, Source] = field(default_factory=dict)
    """What each reported file held when it was checked: fixes edit that text,
    and are written only if the file still holds it."""


def validate_selectors(config: Config, rules: Sequence[Rule], where: str) -> None:
    """Every rule selector of the config names a rule; the error names its key."""
    by_key: dict[str, list[str]] = {
        "select": list(config.select or ()), "extend-select": config.extend_select,
        "ignore": config.ignore, "severity": list(config.severity),
        **{f"per-file-ignores.{glob}": codes
           for glob, codes in config.per_file_ignores.items()}}
    problems = []
    for key, selectors in by_key.items():
        for selector in unknown_selectors(selectors, rules):
            known = [r.code for r in rules] + [r.name for r in rules]
            close = difflib.get_close_matches(selector, known, n=1, cutoff=0.6)
            hint = f" (did you mean `{close[0]}`?)" if close else ""
            shown = f"--{key}" if where == "command line" else key
            problems.append(f"{where}: `{shown}`: unknown rule code or name `{selector}`{hint}")
    if problems:
        raise ConfigError("\n".join(problems))
    for code in config.severity:
        if code.upper().startswith("E"):
            raise ConfigError(f"{where}: `severity.{code}`: E rules are always errors")


@without_collector
def lint_paths(paths: Sequence[str], rules: Sequence[Rule], cwd: Path,
               overrides: Overrides = Overrides(), force_exclude: bool = False,
               buffers: Mapping[str, bytes] | None = None,
               config_file: Path | None = None,
               load: LoadOptions = DEFAULT_LOAD,
               memory: Memory | None = None, alone: Container[str] = ()) -> LintResult:
    """Check every workspace the paths touch; report only the named files.

    `buffers` replace files' contents (stdin, fixes in progress, editor
    buffers); `config_file` replaces each workspace's own configuration;
    `memory` keeps findings from one call to the next (the server); the
    buffers in `alone` are each checked as a model of their own.
    """
    validate_selectors(Config(select=overrides.select, extend_select=overrides.extend_select,
                              ignore=overrides.ignore), rules, "command line")
    discovery = Discoverer(cwd, force_exclude, config_file).discover(list(paths), buffers, alone)
    findings = list(discovery.missing)
    notes: list[str] = []
    files_checked = 0
    read: dict[str, Source] = {}
    for spec in discovery.workspaces:
        where = str(spec.config_path) if spec.config_path else "command line"
        spec.config = overrides.apply(spec.config)
        validate_selectors(spec.config, rules, where)
        sources = read_sources(spec, buffers)
        read.update((path, sources[path]) for path in spec.reported if path in sources)
        result = _check(spec, rules, buffers, load, memory, sources)
        findings.extend(result.findings)
        files_checked += len(spec.reported)
        notes.extend(file for file in result.noted if file not in notes)
    if len(discovery.workspaces) > 1 or discovery.missing:  # one workspace's come sorted
        findings.sort(key=Finding.sort_key)
    return LintResult(findings, files_checked, discovery.workspaces, notes, discovery.skipped,
                      read)


def _settings(spec: WorkspaceSpec, rules: Sequence[Rule]) -> list[str]:
    """What a workspace's findings depend on besides the files' texts."""
    return [str(spec.root), str(spec.config_path), spec.config.model_dump_json(),
            ",".join(rule.code for rule in rules), *sorted(spec.reported)]


def _texts(sources: dict[str, Source]) -> list[str]:
    """Every file's path and text, or why it could not be read."""
    texts: list[str] = []
    for path, source in sources.items():
        problem = source.problem
        texts += [path, f"\0{problem.message}" if problem else source.text or ""]
    return texts


def _check(spec: WorkspaceSpec, rules: Sequence[Rule], buffers: Mapping[str, bytes] | None,
           load: LoadOptions, memory: Memory | None, sources: dict[str, Source]
           ) -> WorkspaceResult:
    """One workspace's findings (its files' `sources`): from the cache when no
    input changed."""
    cache = Cache.at(spec.root, load.cache_dir) if load.cache else None
    key = cache.result_key(_settings(spec, rules), _texts(sources)) if cache else None
    stored = cache.get_result(key) if cache and key else None
    if stored is not None:
        return stored
    base = spec.config_path.parent if spec.config_path else spec.root
    file_check = FileCheck(tuple(rules), spec.config, base, frozenset(spec.reported))
    loaded = load_workspace(spec, buffers, load, sources, file_check)
    noted = sorted({problem.span.file for problem in loaded.findings
                    if problem.span.file not in spec.reported})
    result = WorkspaceResult(check_workspace(loaded, rules, spec.reported, memory), noted)
    if cache is not None and key is not None:
        cache.put_result(key, result)
    return result
