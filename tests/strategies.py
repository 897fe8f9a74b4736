"""Hypothesis strategies for valid USM source text (LANGUAGE.md).

"Valid" means `parse(text, path)` reports no finding at all: no syntax error
(E001) and no repeated single statement (E003 inside a block). Names are
drawn at random, so references need not resolve (E002) and names may repeat
across a workspace; these strategies exercise syntax and layout, not the
meaning of a model. The text has no BOM (the parser takes BOM-less text).

What is covered:

- every statement of every block (model, process, subprocess, control,
  workflow, practice) and the top-level `role` and `tool`;
- keywords used as names (`activity report ...`, `unit plan`, `role tool`);
- one-line strings with any unicode text and the escapes `\\"` `\\\\` `\\n`
  `\\t`, triple-quoted strings over several lines, the `◊` marker wherever
  the grammar allows it;
- comments on their own line and at the end of a statement (`#`, `;`, `"`
  and `{` inside them, trailing blanks);
- `;` separators, one-line blocks (`{ activities a, b }`), empty blocks,
  Allman-style braces (also with comments before the `{`), lists continued
  after a trailing comma (with comments and blank lines in the break);
- random but valid spacing and indentation (tabs too), blank lines holding
  blanks, LF, CRLF or mixed line ends, with or without a final line end.

Public: `names`, `strings`, `long_strings`, `texts`, `marked_texts`,
`comments`, `declarations` and `usm_sources` (whole files).
"""

from __future__ import annotations

from hypothesis import strategies as st

KEYWORDS = (
    "model", "title", "processes", "flow", "executes", "process", "code", "alias",
    "purpose", "trigger", "output", "unit", "activity", "subprocess", "activities",
    "control", "measure", "norm", "report", "plan", "workflow", "template", "kind",
    "step", "role", "tool", "practice", "framework", "realised-by", "condition", "map",
)

# Blanks between two tokens that need none (one side is punctuation or a
# string) and between two that need one (two words).
_GAP = st.sampled_from(["", " ", " ", "  ", "\t", " \t "])
_SPACE = st.sampled_from([" ", " ", " ", "  ", "\t", " \t"])
_INDENT_UNITS = st.sampled_from(["    ", "  ", "\t", "", "   "])

_ID = st.from_regex(r"[A-Za-z_](?:[A-Za-z0-9_-]{0,8}[A-Za-z0-9_])?", fullmatch=True)
# Any printable text: no surrogates (not UTF-8) and no control characters (E005).
_CHARS = st.characters(blacklist_categories=("Cs", "Cc"))
_STRING_CHARS = st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters='"\\')


def names() -> st.SearchStrategy[str]:
    """Identifiers, and keywords standing where a name is expected."""
    return st.one_of(_ID, _ID, st.sampled_from(KEYWORDS))


def strings() -> st.SearchStrategy[str]:
    """A one-line quoted string: unicode text, tabs, `◊` and the four escapes."""
    part = st.one_of(st.text(_STRING_CHARS, min_size=1, max_size=8),
                     st.sampled_from(['\\"', "\\\\", "\\n", "\\t", "\t", "◊", "#", ";"]))
    return st.lists(part, max_size=5).map(lambda parts: '"' + "".join(parts) + '"')


def _long_body(parts: list[str]) -> str:
    body = "".join(parts)
    while '"""' in body:
        body = body.replace('"""', '""')
    # A `"` right before the closing quotes would close the string early.
    return body + " " if body.endswith('"') else body


def long_strings() -> st.SearchStrategy[str]:
    """A triple-quoted string, its text taken as written (line breaks, `\\`, quotes)."""
    part = st.one_of(st.text(st.characters(blacklist_categories=("Cs", "Cc"),
                                           blacklist_characters='"'), min_size=1, max_size=8),
                     st.sampled_from(["\n", "\n", '"', '""', "\\n", "\t", "  \n", "#"]))
    return st.lists(part, max_size=6).map(lambda parts: '"""' + _long_body(parts) + '"""')


def texts() -> st.SearchStrategy[str]:
    """A string statement's text: mostly one-line strings, sometimes triple-quoted."""
    return st.one_of(strings(), strings(), strings(), long_strings())


@st.composite
def marked_texts(draw: st.DrawFn) -> str:
    """A text that may carry the `◊` marker (activity, purpose, trigger, output)."""
    if draw(st.booleans()):
        return "◊" + draw(_GAP) + draw(texts())
    return draw(texts())


def comments() -> st.SearchStrategy[str]:
    """A comment from `#` to the end of its line (the line end not included)."""
    body = st.one_of(st.text(_CHARS, max_size=12),
                     st.sampled_from([" usm-lint: disable=C0203 -- legacy", " {;} ", "#"]))
    return st.tuples(body, st.sampled_from(["", "", " ", " \t"])).map(
        lambda t: "#" + t[0] + t[1])


# ---- layout pieces ---------------------------------------------------------
@st.composite
def _line_break(draw: st.DrawFn, indent: str) -> str:
    """The end of a line and what may follow before the next token: a trailing
    comment, blank lines (holding blanks, or a lone `;`) and own-line comments."""
    out = draw(_GAP)
    if draw(st.integers(0, 3)) == 0:
        out += draw(comments())
    out += "\n"
    for _ in range(draw(st.integers(0, 3))):
        kind = draw(st.integers(0, 3))
        if kind == 0:
            out += draw(st.sampled_from(["", "  ", "\t", " ; "])) + "\n"
        elif kind == 1:
            out += draw(st.sampled_from([indent, "", indent + " "])) + draw(comments()) + "\n"
    return out + indent


@st.composite
def _separator(draw: st.DrawFn, indent: str) -> str:
    """What ends a statement: a line break (see above) or `;` on the same line."""
    choice = draw(st.integers(0, 4))
    if choice == 0:
        return draw(_GAP) + draw(st.sampled_from([";", ";;", "; ;"])) + draw(_GAP)
    if choice == 1:
        return draw(_GAP) + ";" + draw(_line_break(indent))
    return draw(_line_break(indent))


@st.composite
def _name_list(draw: st.DrawFn, indent: str) -> str:
    """`a, b, c`, sometimes continued on the next line after a trailing comma."""
    items = draw(st.lists(names(), min_size=1, max_size=4))
    out = items[0]
    for item in items[1:]:
        out += draw(_GAP) + ","
        choice = draw(st.integers(0, 5))
        if choice == 0:
            out += draw(_line_break(indent + "        "))
        elif choice == 1:
            out += draw(_GAP) + ";" + draw(_GAP)  # `a,;b`: a separator may follow the comma
        else:
            out += draw(_GAP)
        out += item
    return out


@st.composite
def _qualified(draw: st.DrawFn) -> str:
    return draw(names()) + draw(_GAP) + "." + draw(_GAP) + draw(names())


@st.composite
def _block(draw: st.DrawFn, header: str, body: list[str], indent: str, inner: str) -> str:
    """`header { body }` laid out at random: one-line, Allman, empty, ..."""
    # One time in six Allman style: `{` on a line of its own, maybe after comments.
    allman = draw(st.integers(0, 5)) == 0
    out = header + draw(_line_break(indent) if allman else _GAP) + "{"
    if not body:  # `{}`, `{ }` or `{` and `}` on lines of their own
        return out + draw(st.one_of(_GAP, _line_break(indent))) + "}"
    one_line = draw(st.booleans())
    out += draw(_GAP) if one_line else draw(_line_break(inner))
    for index, statement in enumerate(body):
        out += statement
        if index < len(body) - 1:
            out += draw(_GAP) + ";" + draw(_GAP) if one_line else draw(_separator(inner))
    if one_line:
        return out + draw(_GAP) + "}"
    return out + draw(st.sampled_from(["", ";"])) + draw(_line_break(indent)) + "}"


def _statements(draw: st.DrawFn, single: list[str], repeated: list[str],
                max_size: int) -> list[str]:
    """Statement keywords for one block: each single one at most once, in any order."""
    chosen = [k for k in single if draw(st.booleans())]
    if repeated:
        chosen += draw(st.lists(st.sampled_from(repeated), max_size=max_size))
    return draw(st.permutations(chosen))


@st.composite
def _statement(draw: st.DrawFn, keyword: str, indent: str, unit: str) -> str:
    """One statement starting with `keyword`, written at indentation `indent`."""
    space = draw(_SPACE)
    if keyword in ("title", "alias", "measure", "norm", "report", "plan", "condition"):
        return keyword + draw(_GAP) + draw(texts())
    if keyword in ("purpose", "trigger", "output"):
        return keyword + draw(_GAP) + draw(marked_texts())
    if keyword in ("code", "unit", "executes", "template", "role", "tool"):
        return keyword + space + draw(names())
    if keyword in ("processes", "activities", "realised-by"):
        return keyword + space + draw(_name_list(indent))
    if keyword == "flow":
        return (keyword + space + draw(names()) + draw(_GAP) + "->" + draw(_GAP)
                + draw(_name_list(indent)))
    if keyword == "activity":
        return keyword + space + draw(names()) + draw(_GAP) + draw(marked_texts())
    if keyword == "kind":
        return keyword + space + draw(st.sampled_from(["reactive", "proactive"]))
    if keyword == "step":
        return keyword + space + draw(_qualified())
    if keyword == "framework":
        return keyword + space + draw(names()) + draw(_GAP) + draw(texts())
    if keyword == "map":
        return (keyword + draw(_GAP) + draw(texts()) + draw(_GAP) + "->" + draw(_GAP)
                + draw(_qualified()))
    inner = indent + unit
    if keyword == "control":
        body = _statements(draw, [], ["measure", "norm", "report", "plan"], 4)
        return draw(_block("control", [draw(_statement(k, inner, unit)) for k in body],
                           indent, inner))
    assert keyword == "subprocess", keyword
    body = _statements(draw, ["activities", "purpose", "trigger", "output", "unit"], [], 0)
    return draw(_block("subprocess" + space + draw(names()),
                       [draw(_statement(k, inner, unit)) for k in body], indent, inner))


# Per block: the statements it may hold once, and those it may repeat.
_BLOCKS: dict[str, tuple[list[str], list[str]]] = {
    "model": (["title", "processes", "executes"], ["flow"]),
    "process": (["code", "alias", "purpose", "trigger", "output", "unit", "control"],
                ["activity", "subprocess"]),
    "workflow": (["template", "kind", "trigger"], ["step"]),
    "practice": ([], ["framework", "realised-by", "role", "tool", "condition", "map"]),
}


@st.composite
def declarations(draw: st.DrawFn, max_statements: int = 4) -> str:
    """One top-level declaration (LF line ends, at the left margin)."""
    kind = draw(st.sampled_from(["model", "process", "workflow", "practice", "role", "tool"]))
    header = kind + draw(_SPACE) + draw(names())
    if kind in ("role", "tool"):
        return header + draw(_GAP) + draw(texts())
    unit = draw(_INDENT_UNITS)
    single, repeated = _BLOCKS[kind]
    body = _statements(draw, single, repeated, max_statements)
    return draw(_block(header, [draw(_statement(k, unit, unit)) for k in body], "", unit))


@st.composite
def usm_sources(draw: st.DrawFn, max_declarations: int = 4, max_statements: int = 4) -> str:
    """A whole valid `.usm` file (no BOM; LF, CRLF or mixed line ends)."""
    decls = draw(st.lists(declarations(max_statements), max_size=max_declarations))
    text = draw(st.sampled_from(["", "", "\n", ";\n", "\n\n"]))
    if draw(st.booleans()):
        text += draw(comments()) + "\n" + draw(st.sampled_from(["", "\n"]))
    for index, decl in enumerate(decls):
        text += decl
        if index < len(decls) - 1:
            text += draw(_separator(""))
    ending = draw(st.integers(0, 3))
    if ending == 1 and decls:
        # A last comment with no final line end, trailing or on a line of its own.
        text += draw(st.sampled_from([draw(_GAP), "\n"])) + draw(comments())
    elif ending == 2:
        text += draw(_line_break(""))
    elif ending == 3:
        text += "\n"
    return _line_ends(draw, text)


def _line_ends(draw: st.DrawFn, text: str) -> str:
    """LF as written, CRLF throughout, or a mix (also inside triple-quoted strings)."""
    mode = draw(st.sampled_from(["lf", "crlf", "mixed"]))
    if mode == "lf":
        return text
    if mode == "crlf":
        return text.replace("\n", "\r\n")
    pieces = text.split("\n")
    ends = draw(st.lists(st.sampled_from(["\n", "\r\n"]), min_size=len(pieces) - 1,
                         max_size=len(pieces) - 1))
    return pieces[0] + "".join(end + piece for end, piece in zip(ends, pieces[1:], strict=True))
