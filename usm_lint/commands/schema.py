"""`usm-lint schema`: the JSON Schema of the configuration file, for editors."""

from __future__ import annotations

import json
import sys
from typing import Any

from usm_lint.config import Config


def config_schema() -> dict[str, Any]:
    schema = Config.model_json_schema(by_alias=True)
    schema["title"] = "usm-lint configuration (usm-lint.toml or [tool.usm-lint])"
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema


def run_schema() -> int:
    sys.stdout.write(json.dumps(config_schema(), indent=2, sort_keys=True) + "\n")
    return 0
