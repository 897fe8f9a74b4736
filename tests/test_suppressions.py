"""Suppression comments and U001 (RULES.md "Suppressions")."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.conftest import Run, write

BAD = 'process Recover {\n    activity a "Incident registration"%s\n}\n'


def run(cli: Callable[..., Run], root: Path, text: str, *select: str) -> list[dict[str, Any]]:
    write(root, {"usm-lint.toml": "", "p.usm": text})
    result = cli("check", "p.usm", "--format", "json", "--select", ",".join(select or (
        "C0203", "U001")), cwd=root)
    found: list[dict[str, Any]] = result.json()
    return found


def test_end_of_line_by_code_name_or_prefix(tmp_path: Path, cli: Callable[..., Run]) -> None:
    for codes in ("C0203", "activity-not-verb-phrase", "C02", "C0101, C0203"):
        found = run(cli, tmp_path, BAD % f"  # usm-lint: disable={codes} -- legacy wording",
                    "C0203")
        assert found == [], codes


def test_own_line_covers_the_next_statement_or_block(tmp_path: Path,
                                                     cli: Callable[..., Run]) -> None:
    text = ('# usm-lint: disable=C0203\nprocess Recover {\n'
            '    activity a "Incident registration"\n}\n'
            'process Agree {\n    activity b "Agreement registration"\n}\n')
    found = run(cli, tmp_path, text, "C0203")
    assert [f["line"] for f in found] == [6]


def test_disable_file(tmp_path: Path, cli: Callable[..., Run]) -> None:
    assert run(cli, tmp_path, "# usm-lint: disable-file=C0203\n" + BAD % "", "C0203") == []


def test_e_codes_cannot_be_suppressed(tmp_path: Path, cli: Callable[..., Run]) -> None:
    text = 'process A {  # usm-lint: disable=E001\n    code X Y\n}\n'
    assert [f["code"] for f in run(cli, tmp_path, text, "E")] == ["E001"]


def test_unused_and_unknown_suppressions_are_u001_with_a_safe_fix(
        tmp_path: Path, cli: Callable[..., Run]) -> None:
    text = ('process Recover {  # usm-lint: disable=C0101\n'
            '    # usm-lint: disable=X123\n'
            '    activity a "Register the call"\n}\n')
    found = run(cli, tmp_path, text)
    assert [(f["code"], f["line"], f["severity"]) for f in found] == [
        ("U001", 1, "info"), ("U001", 2, "info")]
    assert "silences nothing for `C0101`" in found[0]["message"]
    assert "unknown code `X123`" in found[1]["message"]
    own_line = found[1]["fix"]["edits"][0]
    assert (own_line["line"], own_line["column"], own_line["end_line"],
            own_line["end_column"], own_line["text"]) == (2, 1, 3, 1, "")


def test_pair_finding_is_silenced_at_either_place(tmp_path: Path,
                                                  cli: Callable[..., Run]) -> None:
    text = ('process Recover {\n    activity a "Register the request"  '
            '# usm-lint: disable=C0901\n}\n'
            'process Agree {\n    activity b "Register the requests"\n}\n')
    assert run(cli, tmp_path, text, "C0901") == []
