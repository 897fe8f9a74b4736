"""What cache entries are keyed by, importable without the heavy modules:
the cache folder's name and the digest of the installed code. The replay of
an unchanged check (usm_lint/replay.py) reads them before anything else."""

from __future__ import annotations

import hashlib
import importlib.util
import os
from functools import cache

from usm_lint import __version__

FOLDER = ".usm_lint_cache"
ENVIRONMENT = "USM_LINT_CACHE_DIR"
_CODE_SUFFIXES = (".py", ".lark", ".pickle", ".sha256", ".txt", ".toml", ".json", ".tsv")
# The libraries whose behaviour decides a result: an upgrade replaces their files.
_LIBRARIES = ("lark", "pydantic", "pydantic_core", "regex", "pathspec", "defusedxml")


@cache
def code_digest() -> str:
    """The version and the size and time of every file of the package (the rule
    pack and its data included) and of the libraries' entry modules: cheap to
    take, and changed by any edit or upgrade."""
    package = os.path.dirname(os.path.abspath(__file__))
    material = [__version__, *(_library(name) for name in _LIBRARIES)]
    # followlinks: in a checkout, usm_lint/rules and usm_lint/grammar are links.
    for folder, dirs, files in os.walk(package, followlinks=True):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            if name.endswith(_CODE_SUFFIXES):
                try:
                    info = os.stat(os.path.join(folder, name))
                except OSError:  # a dangling link, such as an editor's lock file
                    material.append(f"{folder}/{name}:-")
                    continue
                material.append(f"{folder}/{name}:{info.st_size}:{info.st_mtime_ns}")
    return hashlib.sha256("\0".join(material).encode()).hexdigest()


def _library(name: str) -> str:
    """Where a library's entry module is, its size and time (found, not imported)."""
    try:
        spec = importlib.util.find_spec(name)
        origin = spec.origin if spec is not None else None
        info = os.stat(origin) if origin else None
    except (ImportError, ValueError, OSError):
        return f"{name}:-"
    return f"{name}:{origin}:{info.st_size}:{info.st_mtime_ns}" if info else f"{name}:-"
