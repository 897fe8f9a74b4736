"""What the server keeps between checks: an edit re-judges only the declarations
it touched, and nothing kept goes stale."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.strategies import usm_sources
from tests.test_incremental import BASES, edit, versions
from usm_lint.context import Context
from usm_lint.findings import Edit, Finding, Fix, Hit, Related, Severity
from usm_lint.lint import lint_paths
from usm_lint.loader import LoadOptions
from usm_lint.memory import Memory
from usm_lint.model import Span
from usm_lint.moving import moved_finding
from usm_lint.registry import RULES
from usm_lint.rule import rule
from usm_lint.server.parses import Parses

TEXT = "".join(f'process P{n} {{\n    activity act "Act within {n} days"\n}}\n\n'
               for n in range(4))

judged: list[str] = []


@rule(code="X0001", name="records-what-it-judges", severity=Severity.INFO, topic="test",
      summary="Reports every process, recording it.", failing="", passing="",
      per_declaration=True)
def records(ctx: Context) -> Iterator[Hit]:
    """Test rule."""
    for process in ctx.index.processes.values():
        judged.append(process.name.value)
        yield Hit(process.name.span, f"judged {process.name.value}")


def _check(path: Path, text: str, parses: Parses, memory: Memory | None,
           rules: tuple[object, ...] = (records,)) -> list[Finding]:
    linted = lint_paths([str(path)], rules, path.parent,  # type: ignore[arg-type]
                        buffers={str(path): text.encode()},
                        load=LoadOptions(cache=False, jobs=1, known=parses),
                        memory=memory)
    return linted.findings  # compared whole: spans, related places, fixes


def _short(findings: list[Finding]) -> list[tuple[str, int, str]]:
    return [(f.code, f.span.line, f.message) for f in findings]


def test_an_edit_rejudges_only_the_declaration_it_touched(tmp_path: Path) -> None:
    path = tmp_path / "model.usm"
    parses, memory = Parses(), Memory()
    parses.follow([str(path)])
    judged.clear()
    first = _check(path, TEXT, parses, memory)
    assert judged == ["P0", "P1", "P2", "P3"]
    judged.clear()
    edited = TEXT.replace("within 2 days", "within 5 days")
    again = _check(path, edited, parses, memory)
    assert judged == ["P2"]
    assert again == first
    # A renamed process is a new declaration: judged afresh, the message follows.
    judged.clear()
    renamed = _check(path, edited.replace("P1 {", "Q1 {"), parses, memory)
    assert judged == ["Q1"]
    assert ("X0001", 5, "judged Q1") in _short(renamed)


def test_a_new_line_moves_the_findings_of_the_declarations_below(tmp_path: Path) -> None:
    path = tmp_path / "model.usm"
    parses = Parses()
    memory = Memory(parses.moved_from)
    parses.follow([str(path)])
    _check(path, TEXT, parses, memory)
    judged.clear()
    added = TEXT.replace("process P0 {\n", 'process P0 {\n    activity new "Act"\n')
    moved = _check(path, added, parses, memory)
    assert judged == ["P0"]  # the others moved one line down, not judged again
    assert moved == _check(path, added, Parses(), None)
    assert ("X0001", 6, "judged P1") in _short(moved)


def test_kept_judgements_equal_a_fresh_check_after_edits(tmp_path: Path) -> None:
    path = tmp_path / "model.usm"
    parses = Parses()
    memory = Memory(parses.moved_from)
    parses.follow([str(path)])
    text = TEXT
    for old, new in (("within 1 days", "within 1 hours"), ("act ", "run "),
                     ("process P3 {", "process P3 {\n    unit incident"),
                     ('"Act within 0 days"', '"Act'), ('"Act', '"Act within 0 days"')):
        text = text.replace(old, new, 1)
        kept = _check(path, text, parses, memory, RULES)
        assert kept == _check(path, text, Parses(), None, RULES), (old, new)


def test_a_repeated_declaration_is_judged_like_any_other(tmp_path: Path) -> None:
    """The file's index holds only the first `P1`; the second is judged by
    itself, in the CLI as in the server."""
    path = tmp_path / "model.usm"
    text = TEXT + "process P1 {\n}\n"
    parses = Parses()
    parses.follow([str(path)])
    fresh = _check(path, text, Parses(), None)
    assert ("X0001", 17, "judged P1") in _short(fresh)
    assert _check(path, text, parses, Memory(parses.moved_from)) == fresh


def test_changed_settings_are_judged_afresh(tmp_path: Path) -> None:
    path = tmp_path / "model.usm"
    parses, memory = Parses(), Memory()
    parses.follow([str(path)])
    _check(path, TEXT, parses, memory)
    judged.clear()
    (tmp_path / "usm-lint.toml").write_text('[severity]\nX0001 = "warning"\n')
    _check(path, TEXT, parses, memory)
    assert judged == ["P0", "P1", "P2", "P3"]


def test_a_finding_that_names_a_line_is_judged_again_once_moved(tmp_path: Path) -> None:
    # Found by the test below: C0602 names the other subprocess's line in its
    # message, which moving the finding's spans would leave stale.
    path = tmp_path / "model.usm"
    text = ("# Recover\n\nprocess Recover {\n    activity a \"Register the call\"\n"
            "    subprocess One {\n        activities a\n    }\n"
            "    subprocess Two {\n        activities a\n    }\n}\n")
    parses = Parses()
    memory = Memory(parses.moved_from)
    parses.follow([str(path)])
    for before in ("", "{", "{practice A#\n{}\n{"):  # the last moves `Recover` 2 lines
        kept = _check(path, before + text, parses, memory, RULES)
        assert kept == _check(path, before + text, Parses(), None, RULES)
    overlap = [f for f in kept if f.code == "C0602"]
    assert overlap and all(f"line {f.related[0].span.line})" in f.message for f in overlap)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(versions())
def test_a_check_with_memory_equals_a_fresh_check_after_random_edits(texts: list[str]) -> None:
    """Kept findings and derived values never go stale: after each edit of a
    valid or example text (broken ones too), the server's check equals the CLI's."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "model.usm"
        parses = Parses()
        memory = Memory(parses.moved_from)
        parses.follow([str(path)])
        for text in texts:
            kept = _check(path, text, parses, memory, RULES)
            assert kept == _check(path, text, Parses(), None, RULES)


@st.composite
def two_files(draw: st.DrawFn) -> list[tuple[str, str]]:
    """Two files' texts (often from one base: the same names declared in
    both), then what random edits of either make of them."""
    base = st.one_of(st.sampled_from(BASES), usm_sources(max_declarations=4))
    texts = [draw(base), draw(base)]
    steps = [(texts[0], texts[1])]
    for _ in range(draw(st.integers(1, 8))):
        which = draw(st.integers(0, 1))
        texts[which] = draw(edit(texts[which]))
        steps.append((texts[0], texts[1]))
    return steps


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(two_files())
def test_two_files_checked_with_memory_equal_fresh_checks(steps: list[tuple[str, str]]) -> None:
    """Across files too (duplicates, references, cross-file rules), what is
    kept never goes stale."""
    with tempfile.TemporaryDirectory() as folder:
        paths = [str(Path(folder) / "a.usm"), str(Path(folder) / "b.usm")]
        parses = Parses()
        memory = Memory(parses.moved_from)
        parses.follow(paths)

        def check(texts: tuple[str, str], parses: Parses, memory: Memory | None) -> list[Finding]:
            return lint_paths(paths, RULES, Path(folder),
                              buffers={p: t.encode() for p, t in zip(paths, texts, strict=True)},
                              load=LoadOptions(cache=False, jobs=1, known=parses),
                              memory=memory).findings

        for texts in steps:
            assert check(texts, parses, memory) == check(texts, Parses(), None)


def test_a_moved_finding_moves_every_place_it_names() -> None:
    def at(line: int) -> Span:
        return Span(file="m.usm", line=line, column=2, end_line=line + 1, end_column=4)

    def finding(line: int) -> Finding:
        return Finding("X0001", "x", Severity.INFO, at(line), "m", (Related(at(line + 2), "r"),),
                       Fix("safe", (Edit(at(line + 4), "t"),), "f"))

    assert moved_finding(finding(3), 2) == finding(5)
    assert moved_finding(finding(5), -2) == finding(3)
