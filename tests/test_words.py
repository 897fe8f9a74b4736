"""The word tables: generated from lemminflect, agreeing with it, cheap at run time."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

import pytest

from usm_lint.rules import words

ROOT = Path(__file__).parents[1]
TABLES = ROOT / "rules" / "data" / "words.json"


def test_regenerating_gives_the_same_file() -> None:
    from usm_lint.rules.words.build import build

    assert build() == TABLES.read_text("utf-8")


def test_tables_agree_with_lemminflect() -> None:
    from lemminflect import getAllInflections, getAllLemmas

    tables = json.loads(TABLES.read_text("utf-8"))
    sample = random.Random(7).sample(tables["verbs"], 300)
    for verb in sample:
        assert "VB" in getAllInflections(verb, upos="VERB"), verb
    forms = random.Random(8).sample(sorted(tables["lemmas"]), 300)
    for form in forms:
        readings = getAllLemmas(form)
        assert any(tables["lemmas"][form] in lemmas for lemmas in readings.values()), form


@pytest.mark.parametrize(("name", "expected"), [
    ("IncidentManagement", ["incident", "management"]),
    ("service_level-management", ["service", "level", "management"]),
    ("ITServiceManagement", ["it", "service", "management"]),
    ("Recover", ["recover"]),
])
def test_split_identifier(name: str, expected: list[str]) -> None:
    assert words.split_identifier(name) == expected


@pytest.mark.parametrize(("text", "verb_phrase"), [
    ("Register the wish", True), ("Recover", True), ("Plan maintenance", True),
    ("Report critical incidents", True), ("Record incoming calls", True),
    ("Change existing contracts", True), ("Analyse the cause", True),
    ("Incident registration", False), ("The desk logs the call", False),
    ("Registering the wish", False), ("Logging of incidents", False),
    ("Change of the agreement", False), ("Monitoring of events", False),
])
def test_verb_phrases(text: str, verb_phrase: bool) -> None:
    assert words.is_verb_phrase(text) is verb_phrase


@pytest.mark.parametrize(("british", "american"), [
    ("formalise", "formalize"), ("analyse", "analyze"), ("organisation", "organization"),
    ("catalogue", "catalog"), ("prioritised", "prioritized")])
def test_british_and_american_spellings_are_one_word(british: str, american: str) -> None:
    assert words.lemma(british) == words.lemma(american)


def test_lemmas_and_normalised_texts() -> None:
    assert words.lemma("incidents") == "incident"
    assert words.lemma("registers") == "register"
    assert words.normalise("Register the requests!") == ("register", "request")
    assert words.normalise("Log the call", {"log": "register"}) == ("register", "call")


def test_data_files_parse() -> None:
    for name in ("roles", "tools", "means", "uncountable", "execution_verbs",
                 "customer_words", "conditions", "nominalisations", "stopwords"):
        assert words.load_list(name), name
    assert dict(words.load_practice_names())["incident management"] == "Recover"


def test_run_time_does_not_import_lemminflect() -> None:
    code = ("import sys; from usm_lint.rules.words import can_be_verb; "
            "can_be_verb('register'); print('lemminflect' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == "False"
