"""`usm-lint dump PATH`: the model of PATH's files as JSON, spans included."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from usm_lint.commands.output import note
from usm_lint.config import ConfigError
from usm_lint.discovery import Discoverer
from usm_lint.loader import load_workspace


def run_dump(path: str) -> int:
    try:
        discovery = Discoverer(Path.cwd()).discover([path])
    except ConfigError as error:
        note(f"configuration error: {error}")
        return 2
    for missing in discovery.missing:
        note(missing.message + f": {path}")
    dumped = []
    for spec in discovery.workspaces:
        loaded = load_workspace(spec)
        for problem in loaded.findings:
            note(f"{problem.span.file}:{problem.span.line}:{problem.span.column}: "
                 f"{problem.code} {problem.message}")
        files = [f.model_dump(mode="json") for f in loaded.model.files
                 if f.path in spec.reported]
        dumped.append({"root": loaded.model.root, "files": files})
    sys.stdout.write(json.dumps(dumped, indent=2, ensure_ascii=False) + "\n")
    return 1 if discovery.missing else 0
