"""Generate the documentation pages that come from the code.

    python docs/generate.py

Writes `docs/rules/index.md` and one page per rule (`docs/rules/CODE.md`) from
the rules' own metadata and examples, and the key tables of
`docs/configuration.md` (between its GENERATED markers) from the pydantic
configuration model. tests/test_docs.py fails while a page differs from what
this writes, so the site never drifts from the code.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from usm_lint.config import Config
from usm_lint.registry import RULES
from usm_lint.rule import NOT_FOR_BPMN, Rule

DOCS = Path(__file__).resolve().parent
RULE_PAGES = DOCS / "rules"
CONFIGURATION = DOCS / "configuration.md"
BEGIN, END = "<!-- GENERATED: keys -->", "<!-- END GENERATED -->"


def _example(title: str, text: str | None) -> list[str]:
    return [] if text is None else [f"## {title}", "", "```usm", text.rstrip("\n"), "```", ""]


def _cases(rule: Rule) -> list[str]:
    """The rule's further cases, each with its verdict (they run as tests)."""
    if not rule.cases:
        return []
    lines = ["## More cases", ""]
    for case in rule.cases:
        verdict = "Reported" if case.reported else "Not reported"
        if case.at is not None:
            verdict += f" (line {case.at[0]}, column {case.at[1]})"
        lines += [f"{verdict}:", "", "```usm", case.text.rstrip("\n"), "```", ""]
        if case.fixed is not None:
            lines += ["Fixed to:", "", "```usm", case.fixed.rstrip("\n"), "```", ""]
    return lines


def rule_page(rule: Rule) -> str:
    lines = [f"# {rule.code} {rule.name}", "",
             f"**Severity:** {rule.severity.label} · **Topic:** {rule.topic} · "
             f"**Fix:** {'yes' if rule.fixable else 'no'}", "",
             rule.summary, "", "## Why", "", rule.rationale, ""]
    lines += _example("Reported", rule.failing)
    lines += _example("Instead", rule.passing)
    lines += _cases(rule)
    if rule.fix:
        lines += ["## Fix", "", rule.fix, ""]
    bpmn = rule.bpmn if rule.bpmn is not None else (NOT_FOR_BPMN if rule.check else None)
    if bpmn:
        lines += ["## BPMN models", "", bpmn, ""]
    lines += ["## Configuration", "",
              f"Select or ignore it by code (`{rule.code}`), prefix (`{rule.code[:3]}`) or "
              f"name (`{rule.name}`)"
              + ("." if rule.code.startswith("E") else
                 f"; silence one place with `# usm-lint: disable={rule.code}`."), ""]
    return "\n".join(lines)


def rules_index() -> str:
    lines = ["# Rules", "",
             "Every rule usm-lint knows, generated from the rules themselves "
             "(`usm-lint rules` prints the same table, `usm-lint rule CODE` one page). "
             "E rules say the model cannot be read as written; C rules judge the ten "
             "design criteria; W rules judge workflows, F rules the frameworks practices "
             "claim, U001 unused suppressions.", "",
             "| code | name | severity | fix | what it finds |", "| --- | --- | --- | --- | --- |"]
    for rule in RULES:
        lines.append(f"| [{rule.code}]({rule.code}.md) | {rule.name} | {rule.severity.label} | "
                     f"{'yes' if rule.fixable else ''} | {_cell(rule.summary)} |")
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _type(schema: dict[str, Any]) -> str:
    if "anyOf" in schema:
        return " or ".join(_type(s) for s in schema["anyOf"] if s.get("type") != "null")
    if "$ref" in schema:
        return "table"
    kind = schema.get("type", "")
    if kind == "array":
        return f"list of {_type(schema.get('items', {}))}"
    if kind == "object":
        return "table"
    if "enum" in schema:
        return " / ".join(f"`{v}`" for v in schema["enum"])
    return str(kind)


def _default(value: Any) -> str:
    return "(built in)" if value is None else f"`{json.dumps(value)}`"


def configuration_tables() -> str:
    schema = Config.model_json_schema(by_alias=True)
    sections = [("top level", schema)]
    for name, definition in sorted(schema.get("$defs", {}).items()):
        if name in ("Thresholds", "Vocabulary"):
            sections.append((f"[{name.lower()}]", definition))
    lines = []
    for title, section in sections:
        lines += [f"### {title}", "", "| key | type | default |", "| --- | --- | --- |"]
        for key, prop in section["properties"].items():
            lines.append(f"| `{key}` | {_type(prop)} | {_default(prop.get('default'))} |")
        lines.append("")
    return "\n".join(lines)


def pages() -> dict[Path, str]:
    """Every generated page's text, by its path."""
    written = {RULE_PAGES / "index.md": rules_index()}
    written.update({RULE_PAGES / f"{rule.code}.md": rule_page(rule) for rule in RULES})
    text = CONFIGURATION.read_text("utf-8")
    head, _, rest = text.partition(BEGIN)
    _, _, tail = rest.partition(END)
    written[CONFIGURATION] = f"{head}{BEGIN}\n{configuration_tables()}{END}{tail}"
    return written


def main() -> None:
    RULE_PAGES.mkdir(exist_ok=True)
    for path, text in pages().items():
        path.write_text(text, encoding="utf-8")
    print(f"wrote {len(RULES) + 2} pages", file=sys.stderr)


if __name__ == "__main__":
    main()
