"""What cache entries are keyed by, importable without the heavy modules:
the cache folder's name and the digest of the installed code. The replay of
an unchanged check (usm_lint/replay.py) reads them before anything else."""

from __future__ import annotations

import hashlib
import os
from functools import cache

from usm_lint import __version__

FOLDER = ".usm_lint_cache"
ENVIRONMENT = "USM_LINT_CACHE_DIR"
_CODE_SUFFIXES = (".py", ".lark", ".pickle", ".sha256", ".txt", ".toml", ".json")


@cache
def code_digest() -> str:
    """The version and the size and time of every file of the package (the rule
    pack and its data included): cheap to take, and changed by any edit."""
    package = os.path.dirname(os.path.abspath(__file__))
    material = [__version__]
    # followlinks: in a checkout, usm_lint/rules and usm_lint/grammar are links.
    for folder, dirs, files in os.walk(package, followlinks=True):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            if name.endswith(_CODE_SUFFIXES):
                info = os.stat(os.path.join(folder, name))
                material.append(f"{folder}/{name}:{info.st_size}:{info.st_mtime_ns}")
    return hashlib.sha256("\0".join(material).encode()).hexdigest()
