"""Hypothesis strategies for valid USM source text.

`usm_sources()` draws whole files covering every statement kind of
LANGUAGE.md, with unicode texts, escapes, triple-quoted strings, the `◊`
marker, comments (own-line and trailing), `;` separators, one-line blocks,
lists continued after a comma, keywords used as names, random spacing, blank
lines and CRLF line ends. Reused by the formatter, fix and fuzz tests.
"""

from __future__ import annotations

from hypothesis import strategies as st

KEYWORDS = ["report", "plan", "activity", "model", "unit", "code", "step", "map", "kind"]
names = st.one_of(st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,8}", fullmatch=True),
                  st.sampled_from(KEYWORDS))
_TEXT_CHARS = st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters='"\\')
_ESCAPES = st.sampled_from(['\\"', "\\\\", "\\n", "\\t"])


@st.composite
def texts(draw: st.DrawFn) -> str:
    if draw(st.integers(0, 9)) == 0:
        body = draw(st.text(st.characters(blacklist_categories=("Cs",),
                                          blacklist_characters='"\r'), max_size=20))
        return '"""' + body + '"""'
    parts = draw(st.lists(st.one_of(st.text(_TEXT_CHARS, min_size=1, max_size=8), _ESCAPES),
                          max_size=4))
    return '"' + "".join(parts) + '"'


@st.composite
def marked(draw: st.DrawFn) -> str:
    return ("◊ " if draw(st.booleans()) else "") + draw(texts())


def name_list(draw: st.DrawFn) -> str:
    items = draw(st.lists(names, min_size=1, max_size=4))
    out = items[0]
    for item in items[1:]:
        out += ("," + draw(st.sampled_from([" ", "", "\n        "]))) + item
    return out


comments = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=12).map(
    lambda t: "# " + t.strip())


@st.composite
def statement(draw: st.DrawFn, kind: str) -> str:
    if kind == "model":
        options = [f"title {draw(texts())}", f"processes {name_list(draw)}",
                   f"flow {draw(names)} -> {name_list(draw)}", f"executes {draw(names)}"]
    elif kind == "process":
        options = [f"code {draw(names)}", f"alias {draw(texts())}",
                   f"purpose {draw(marked())}", f"trigger {draw(marked())}",
                   f"output {draw(marked())}", f"unit {draw(names)}",
                   f"activity {draw(names)} {draw(marked())}",
                   f"subprocess {draw(names)} {{ activities {name_list(draw)} }}",
                   f"control {{\n measure {draw(texts())}\n norm {draw(texts())}\n"
                   f" report {draw(texts())}; plan {draw(texts())}\n}}"]
    elif kind == "workflow":
        options = [f"template {draw(names)}",
                   f"kind {draw(st.sampled_from(['reactive', 'proactive']))}",
                   f"trigger {draw(texts())}", f"step {draw(names)}.{draw(names)}"]
    else:
        options = [f"framework {draw(names)} {draw(texts())}",
                   f"realised-by {name_list(draw)}", f"role {draw(names)}",
                   f"tool {draw(names)}", f"condition {draw(texts())}",
                   f"map {draw(texts())} -> {draw(names)}.{draw(names)}"]
    return draw(st.sampled_from(options))


@st.composite
def declaration(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["model", "process", "workflow", "practice", "role", "tool"]))
    if kind in ("role", "tool"):
        return f"{kind} {draw(names)} {draw(texts())}"
    body = draw(st.lists(statement(kind), max_size=5))
    separator = draw(st.sampled_from(["\n", "\n\n", "; ", "\n  "]))
    lines = []
    for item in body:
        if separator != "; " and draw(st.integers(0, 4)) == 0:
            lines.append(draw(comments))
        trailing = f"  {draw(comments)}" if draw(st.integers(0, 4)) == 0 else ""
        lines.append(item + (trailing if separator != "; " else ""))
    inner = separator.join(lines)
    return f"{kind} {draw(names)} {{\n{inner}\n}}" if inner else f"{kind} {draw(names)} {{}}"


@st.composite
def usm_sources(draw: st.DrawFn) -> str:
    decls = draw(st.lists(declaration(), max_size=4))
    gap = draw(st.sampled_from(["\n", "\n\n", "\n# between\n", "\n\n\n"]))
    text = gap.join(decls) + ("\n" if draw(st.booleans()) else "")
    if draw(st.booleans()):
        text = text.replace("\n", "\r\n")
    return text
