"""Build model nodes while Lark parses (its `transformer=` option).

Each callback receives the children of one grammar rule (tokens and the
nodes built for sub-rules) and returns a node. Building during the parse
avoids a parse tree altogether. A repeated single statement (two `purpose`
lines in one process) is reported here as E003, since only the block knows
which statements it has already seen.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from lark import Token, Transformer

from usm_lint import error_rules
from usm_lint.findings import Finding, Related
from usm_lint.model import (
    Activity,
    Control,
    Flow,
    FrameworkClaim,
    Model,
    Name,
    Practice,
    PracticeMap,
    Process,
    Ref,
    Role,
    Span,
    Step,
    Subprocess,
    Text,
    Tool,
    Workflow,
)

_ESCAPES = {'\\"': '"', "\\\\": "\\", "\\n": "\n", "\\t": "\t"}


class Stmt(NamedTuple):
    """One statement of a block: its keyword, its value, its whole span."""

    keyword: str
    value: Any
    span: Span


# Statements a block may hold once (LANGUAGE.md); the key is the model field.
_SINGLE = {
    "model": {"title", "processes", "executes"},
    "process": {"code", "alias", "purpose", "trigger", "output", "unit", "control"},
    "subprocess": {"activities", "purpose", "trigger", "output", "unit"},
    "workflow": {"template", "kind", "trigger"},
}


def unescape(raw: str) -> str:
    if raw.startswith('"""'):
        return raw[3:-3].replace("\r\n", "\n")
    body = raw[1:-1]
    if "\\" not in body:
        return body
    out: list[str] = []
    i = 0
    while i < len(body):
        if body[i] == "\\":
            out.append(_ESCAPES[body[i : i + 2]])
            i += 2
        else:
            out.append(body[i])
            i += 1
    return "".join(out)


def _start(item: Token | Any) -> tuple[int, int]:
    if isinstance(item, tuple):  # a name list
        return _start(item[0])
    if isinstance(item, Token):
        return item.line or 0, item.column or 0
    span: Span = item.span
    return span.line, span.column


def _end(item: Token | Any) -> tuple[int, int]:
    if isinstance(item, tuple):  # a name list
        return _end(item[-1])
    if isinstance(item, Token):
        return item.end_line or 0, item.end_column or 0
    span: Span = item.span
    return span.end_line, span.end_column


def _statement_spans(children: list[Any]) -> dict[str, Span]:
    """Each statement keyword's first span (a repeated one is E003 already)."""
    return {s.keyword: s.span for s in reversed(children) if isinstance(s, Stmt)}


class ModelBuilder(Transformer[Token, Any]):
    """The parse callbacks (one builder per thread, usm_lint/parsing/parser.py):
    `begin(path)` before each file's parse."""

    def __init__(self) -> None:
        super().__init__()
        self.path = ""
        self.findings: list[Finding] = []

    def begin(self, path: str) -> None:
        self.path = path
        self.findings = []

    def _span(self, first: Token | Any, last: Token | Any) -> Span:
        line, column = _start(first)
        end_line, end_column = _end(last)
        return Span(file=self.path, line=line, column=column,
                    end_line=end_line, end_column=end_column)

    def _stmt(self, children: list[Any], value: Any) -> Stmt:
        return Stmt(str(children[0]), value, self._span(children[0], children[-1]))

    def _fields(self, block: str, statements: list[Any]) -> dict[str, Any]:
        """Sort a block's statements into fields; report repeated singles."""
        single = _SINGLE.get(block, set())
        seen: dict[str, Stmt] = {}
        fields: dict[str, Any] = {}
        for stmt in statements:
            if not isinstance(stmt, Stmt):
                continue
            key = stmt.keyword.replace("-", "_")
            if stmt.keyword in single:
                first = seen.get(stmt.keyword)
                if first is not None:
                    self.findings.append(error_rules.E003.finding(
                        stmt.span,
                        f"`{stmt.keyword}` is given twice in this {block}; "
                        "it may appear once (the first one counts)",
                        (Related(first.span, f"first `{stmt.keyword}`"),),
                    ))
                    continue
                seen[stmt.keyword] = stmt
                fields[key] = stmt.value
            else:
                fields.setdefault(key, []).append(stmt.value)
        return fields

    # ---- leaves ---------------------------------------------------------
    def name(self, children: list[Token]) -> Name:
        token = children[0]
        return Name.make(value=str(token), span=self._span(token, token))

    def text(self, children: list[Token]) -> Text:
        token = children[0]
        return Text.make(value=unescape(str(token)),
                         span=self._span(token, token), marked=False)

    def marked_text(self, children: list[Any]) -> Text:
        text: Text = children[-1]
        if len(children) == 1:
            return text
        return Text.make(value=text.value, span=text.span, marked=True)

    def name_list(self, children: list[Any]) -> tuple[Name, ...]:
        return tuple(c for c in children if isinstance(c, Name))

    def qualified(self, children: list[Any]) -> Ref:
        process, _dot, activity = children
        return Ref.make(process=process, activity=activity,
                        span=self._span(process, activity))

    # ---- statements -------------------------------------------------------
    def _value_stmt(self, children: list[Any]) -> Stmt:
        return self._stmt(children, children[-1])

    title = alias = purpose = trigger = output = unit = code = _value_stmt
    executes = processes = template = _value_stmt
    measure = norm = report = plan = condition = _value_stmt
    realised_by = practice_role = practice_tool = _value_stmt

    def kind(self, children: list[Any]) -> Stmt:
        value: Name = children[-1]
        if value.value not in ("reactive", "proactive"):
            self.findings.append(error_rules.E001.finding(
                value.span,
                f"expected `reactive` or `proactive` after `kind`, found `{value.value}`",
            ))
        return self._stmt(children, value)

    def flow(self, children: list[Any]) -> Stmt:
        _kw, source, _arrow, targets = children
        span = self._span(children[0], targets[-1])
        return Stmt("flow", Flow.make(source=source, targets=targets,
                                      span=span), span)

    def activity(self, children: list[Any]) -> Stmt:
        _kw, name, text = children
        span = self._span(children[0], text)
        return Stmt("activity", Activity.make(name=name, text=text,
                                              span=span), span)

    def activities(self, children: list[Any]) -> Stmt:
        return self._stmt(children, (children[-1], self._span(children[0], children[-1])))

    def step(self, children: list[Any]) -> Stmt:
        span = self._span(children[0], children[-1])
        return Stmt("step", Step.make(ref=children[-1], span=span), span)

    def framework(self, children: list[Any]) -> Stmt:
        _kw, framework, practice = children
        span = self._span(children[0], practice)
        return Stmt("framework", FrameworkClaim.make(
            framework=framework, practice=practice, span=span), span)

    def map(self, children: list[Any]) -> Stmt:
        _kw, text, _arrow, target = children
        span = self._span(children[0], target)
        return Stmt("map", PracticeMap.make(text=text, target=target,
                                            span=span), span)

    # ---- blocks -----------------------------------------------------------
    def control(self, children: list[Any]) -> Stmt:
        fields = self._fields("control", children)
        span = self._span(children[0], children[-1])
        node = Control.make(
            measures=tuple(fields.get("measure", ())),
            norms=tuple(fields.get("norm", ())),
            reports=tuple(fields.get("report", ())),
            plans=tuple(fields.get("plan", ())),
            span=span,
        )
        return Stmt("control", node, span)

    def subprocess(self, children: list[Any]) -> Stmt:
        fields = self._fields("subprocess", children[2:])
        listed = fields.pop("activities", None)
        span = self._span(children[0], children[-1])
        node = Subprocess.make(
            name=children[1],
            activities=listed[0] if listed else (),
            activities_span=listed[1] if listed else None,
            purpose=fields.get("purpose"), trigger=fields.get("trigger"),
            output=fields.get("output"), unit=fields.get("unit"),
            statements=_statement_spans(children),
            span=span,
        )
        return Stmt("subprocess", node, span)

    def model(self, children: list[Any]) -> Model:
        fields = self._fields("model", children[2:])
        return Model.make(
            name=children[1], title=fields.get("title"),
            processes=fields.get("processes", ()),
            flows=tuple(fields.get("flow", ())), executes=fields.get("executes"),
            span=self._span(children[0], children[-1]),
        )

    def process(self, children: list[Any]) -> Process:
        fields = self._fields("process", children[2:])
        return Process.make(
            name=children[1], code=fields.get("code"), alias=fields.get("alias"),
            purpose=fields.get("purpose"), trigger=fields.get("trigger"),
            output=fields.get("output"), unit=fields.get("unit"),
            activities=tuple(fields.get("activity", ())),
            subprocesses=tuple(fields.get("subprocess", ())),
            control=fields.get("control"),
            span=self._span(children[0], children[-1]),
        )

    def workflow(self, children: list[Any]) -> Workflow:
        fields = self._fields("workflow", children[2:])
        return Workflow.make(
            name=children[1], template=fields.get("template"), kind=fields.get("kind"),
            trigger=fields.get("trigger"), steps=tuple(fields.get("step", ())),
            statements=_statement_spans(children),
            span=self._span(children[0], children[-1]),
        )

    def practice(self, children: list[Any]) -> Practice:
        fields = self._fields("practice", children[2:])
        return Practice.make(
            name=children[1],
            frameworks=tuple(fields.get("framework", ())),
            realised_by=tuple(n for names in fields.get("realised_by", ()) for n in names),
            roles=tuple(fields.get("role", ())),
            tools=tuple(fields.get("tool", ())),
            conditions=tuple(fields.get("condition", ())),
            maps=tuple(fields.get("map", ())),
            span=self._span(children[0], children[-1]),
        )

    def role(self, children: list[Any]) -> Role:
        return Role.make(name=children[1], label=children[2],
                         span=self._span(children[0], children[2]))

    def tool(self, children: list[Any]) -> Tool:
        return Tool.make(name=children[1], label=children[2],
                         span=self._span(children[0], children[2]))

    def start(self, children: list[Any]) -> list[Any]:
        return children
