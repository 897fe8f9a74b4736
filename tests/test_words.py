"""The word layer: tables generated from lemminflect, agreeing with it, cheap at run time."""

from __future__ import annotations

import json
import random
import re
import subprocess
import sys
import tomllib
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from usm_lint.rules import words
from usm_lint.rules.words.tables import parse_list, read_data

ROOT = Path(__file__).parents[1]
TABLES = ROOT / "rules" / "data" / "words.json"
LEMMAS = ROOT / "rules" / "data" / "lemmas.tsv"
LISTS = ("roles", "tools", "means", "uncountable", "execution_verbs", "customer_words",
         "conditions", "nominalisations", "stopwords", "never_verbs", "verbs", "places",
         "organisations", "kept_words", "domain_nouns")
USM_VERBS = {"Agree", "Change", "Recover", "Operate", "Improve"}


@cache
def _tables() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(TABLES.read_text("utf-8"))
    return data


@cache
def _lemmas() -> dict[str, str]:
    lines = LEMMAS.read_text("utf-8").splitlines()[1:]
    return dict(line.split("\t") for line in lines)


@cache
def _lemminflect() -> tuple[dict[str, dict[str, tuple[str, ...]]],
                            dict[str, dict[str, tuple[str, ...]]]]:
    from lemminflect import Inflections, Lemmatizer

    return Inflections()._getInflDict(), Lemmatizer()._getLemmaDict()


def _lemminflect_verb(word: str) -> bool:
    from lemminflect import getAllInflections

    return "VB" in getAllInflections(word, upos="VERB")


def _vocabulary() -> list[str]:
    return sorted(w for w in _lemminflect()[1] if re.fullmatch(r"[a-z]+", w))


# --- the generated tables -------------------------------------------------------------


def test_regenerating_gives_the_same_file() -> None:
    from usm_lint.rules.words.build import build

    assert build() == (TABLES.read_text("utf-8"), LEMMAS.read_text("utf-8")), (
        "run `python -m usm_lint.rules.words.build`")


def test_the_file_is_sorted_one_entry_per_line_with_its_source() -> None:
    text = TABLES.read_text("utf-8")
    tables = _tables()
    assert len(text.encode()) < 2_000_000
    assert text == json.dumps(tables, indent=0, sort_keys=True, ensure_ascii=False) + "\n"
    assert "lemminflect 0.2.3" in tables["_source"]
    assert tables["verbs"] == sorted(set(tables["verbs"]))
    header, *lines = LEMMAS.read_text("utf-8").splitlines()
    assert header.startswith("# word\tlemma") and "lemminflect 0.2.3" in header
    assert lines == sorted(lines) and all(line.count("\t") == 1 for line in lines)
    assert all(form != lemma for form, lemma in _lemmas().items())
    # what the checker reads is what the file says
    assert words.tables.tables().lemmas == _lemmas()


def test_verbs_are_lemminflects_base_forms_plus_the_domain_verbs() -> None:
    inflections, _ = _lemminflect()
    known = {w for w, forms in inflections.items() if "VB" in forms
             and re.fullmatch(r"[a-z][a-z0-9]*(?:['-][a-z0-9]+)*", w)}
    domain = set(words.load_list("verbs"))
    assert not domain & known  # the build refuses those
    assert set(_tables()["verbs"]) == known | domain


def test_can_be_verb_agrees_with_lemminflect_on_random_words() -> None:
    never = set(words.load_list("never_verbs"))
    domain = set(words.load_list("verbs"))
    for word in random.Random(7).sample(_vocabulary(), 400):
        expected = (_lemminflect_verb(word) or _lemminflect_verb(words.spelling(word))
                    or word in domain) and word not in never
        assert words.can_be_verb(word) is expected, word


def test_lemmas_agree_with_lemminflect_on_random_words() -> None:
    from lemminflect import getAllLemmas

    table = _lemmas()
    forms = sorted(table)
    for form in random.Random(8).sample(forms, 400):
        readings = getAllLemmas(form)
        if readings:  # domain verbs' forms are not in lemminflect
            assert any(table[form] in lemmas for lemmas in readings.values()), form
            # a noun or verb that is a lemma itself keeps itself
            assert not any(form in lemmas for upos, lemmas in readings.items()
                           if upos != "ADJ"), form
        assert words.lemma(form) == words.spelling(table[form]), form
    for word in random.Random(9).sample(_vocabulary(), 400):
        readings = {lemma for lemmas in getAllLemmas(word).values() for lemma in lemmas}
        if len(readings) == 1:  # unambiguous: exactly lemminflect's lemma
            assert words.lemma(word) == words.spelling(readings.pop()), word


# --- verbs and verb phrases -----------------------------------------------------------


@pytest.mark.parametrize("text", [
    "Register the wish", "Recover", "Plan maintenance", "Report critical incidents",
    "Record incoming calls", "Change existing contracts", "Analyse the cause",
    "Analyze the cause", "Prioritise the disruption by its impact", "Change",
    "Back up the database", "Reboot the server", "Onboard the new user",
    "Follow-up the complaint", "Re-open the ticket", "Double-check the fix",
    "E-mail the customer", "Do the impact analysis", "Have the change approved",
    "register, classify and prioritise the incident", "  Register the wish.",
])
def test_verb_phrases(text: str) -> None:
    assert words.is_verb_phrase(text), text


@pytest.mark.parametrize("text", [
    "Incident registration", "The desk logs the call", "Registering the wish",
    "Logging of incidents", "Change of the agreement", "Monitoring of events",
    "A call is logged", "Can be closed",
    "Must approve the change", "Over the limit", "It is logged", "", "...",
    "Evaluation of the change", "Capacity planning", "Problem analysis",
    "Self-service registration", "Roll-out of the release", "Follow-up of complaints",
])
def test_not_verb_phrases(text: str) -> None:
    assert not words.is_verb_phrase(text), text


def test_a_noun_that_can_be_a_verb_reads_as_a_noun_where_it_is_one() -> None:
    # "service" is a verb in 8% of its uses: before a nominalisation, a compound's
    # head or alone it reads as the noun; before an object it stays a verb.
    assert not words.is_verb_phrase("Service registration")
    assert not words.is_verb_phrase("Service desk agent categorises the incident")
    assert not words.is_verb_phrase("Service")
    assert words.is_verb_phrase("Service the printer")


@pytest.mark.parametrize("word", [
    "the", "a", "an", "this", "each", "every", "our", "their", "it", "they", "who",
    "can", "could", "must", "should", "will", "may", "shall", "would",
])
def test_closed_class_words_are_never_verbs(word: str) -> None:
    assert not words.can_be_verb(word)
    assert not words.can_be_verb(word.upper())


@pytest.mark.parametrize("word", [
    "registering", "logging", "monitoring", "planning", "handling", "reporting",
    "incident", "registration", "management", "fulfilment", "desk", "logs", "registered",
])
def test_gerunds_nouns_and_inflected_forms_are_not_base_verbs(word: str) -> None:
    assert not words.can_be_verb(word)


def test_base_form_verbs_including_nouns_that_are_verbs() -> None:
    for word in ("register", "change", "record", "plan", "report", "log", "process",
                 "service", "recover", "agree", "operate", "improve", "be", "do", "have",
                 "formalise", "formalize", "prioritise", "categorise", "reboot", "RECOVER"):
        assert words.can_be_verb(word), word


def test_config_verbs_win() -> None:
    assert words.can_be_verb("triagify", extra_verbs={"triagify"})
    assert not words.can_be_verb("service", not_verbs={"service"})
    assert not words.is_verb_phrase("Service the request", not_verbs={"service"})
    assert words.is_verb_phrase("Triagify the call", extra_verbs={"triagify"})


# --- words and identifiers ------------------------------------------------------------


@pytest.mark.parametrize(("name", "expected"), [
    ("IncidentManagement", ["incident", "management"]),
    ("service_level-management", ["service", "level", "management"]),
    ("ITServiceManagement", ["it", "service", "management"]),
    ("Recover", ["recover"]),
    ("recover", ["recover"]),
    ("CMDBUpdate", ["cmdb", "update"]),
    ("ManageSLAs", ["manage", "slas"]),
    ("Operate2", ["operate", "2"]),
])
def test_split_identifier(name: str, expected: list[str]) -> None:
    assert words.split_identifier(name) == expected


def test_words_of_a_text() -> None:
    assert words.words("Send the update by e-mail!") == ["send", "the", "update", "by", "e-mail"]
    assert words.words("The customer's wish; the desk\u2019s call") == [
        "the", "customer", "wish", "the", "desk", "call"]
    assert words.words("Restart 24/7 in the café") == ["restart", "24", "7", "in", "the", "café"]
    assert words.words("  --  ") == []


# --- lemmas, spellings, normalised texts ----------------------------------------------


@pytest.mark.parametrize(("form", "lemma"), [
    ("registers", "register"), ("incidents", "incident"), ("recorded", "record"),
    ("Registering", "register"), ("calls", "call"), ("criteria", "criterion"),
    ("analysed", "analyze"), ("was", "be"), ("meetings", "meeting"), ("meeting", "meeting"),
    ("findings", "finding"), ("data", "data"), ("routing", "route"), ("rebooted", "reboot"),
    ("registered", "register"), ("re-registered", "re-register"),
    ("kubernetes", "kubernetes"), ("Unknownword", "unknownword"),
    # an agent noun the tables lack, in the plural; a short word keeps its "s"
    ("approvers", "approver"), ("escalators", "escalator"), ("errs", "err"),
])
def test_lemmas(form: str, lemma: str) -> None:
    assert words.lemma(form) == lemma


@pytest.mark.parametrize(("british", "american"), [
    ("formalise", "formalize"), ("analyse", "analyze"), ("organisation", "organization"),
    ("fulfilment", "fulfillment"), ("fulfil", "fulfill"), ("catalogue", "catalog"),
    ("prioritise", "prioritize"), ("prioritised", "prioritized"), ("colour", "color"),
    ("behaviour", "behavior"), ("centre", "center"), ("licence", "license"),
    ("modelling", "modeling"), ("cancelled", "canceled"), ("travelled", "traveled"),
    ("programme", "program"), ("judgement", "judgment"), ("enrolment", "enrollment"),
    ("practise", "practice"), ("defence", "defense"), ("labelled", "labeled"),
    ("organisations", "organizations"), ("categorising", "categorizing"),
])
def test_british_and_american_spellings_are_one_word(british: str, american: str) -> None:
    assert words.spelling(british) == american
    assert words.lemma(british) == words.lemma(american)
    assert words.lemma(british.capitalize()) == words.lemma(american)


@pytest.mark.parametrize(("one", "other"), [
    ("filled", "filed"), ("filling", "filing"), ("willing", "wiling"), ("polling", "poling"),
    ("tilled", "tiled"), ("prise", "prize"), ("expertise", "expertize"), ("four", "for"),
    ("tour", "tor"), ("tire", "tier"), ("timbre", "timber"), ("advertise", "advertize"),
    ("exercise", "exercize"), ("supervise", "supervize"), ("controlled", "controled"),
])
def test_different_words_are_never_respelled(one: str, other: str) -> None:
    assert words.spelling(one) == one
    assert words.lemma(one) != words.lemma(other) or one == "controlled"


def test_the_spelling_map_joins_known_words_only_and_settles() -> None:
    _, lemma_table = _lemminflect()
    spellings = _tables()["spellings"]
    for british, american in spellings.items():
        assert british in lemma_table and american in lemma_table, (british, american)
        assert american not in spellings, american  # no chains
    assert spellings["controled"] == "controlled"  # American doubles after stress


def test_unknown_words_are_never_respelled() -> None:
    for word in ("colourise", "kubernetesise", "xyzour", "centreline"):
        assert words.spelling(word) == word


def test_normalise() -> None:
    assert words.normalise("Register the requests!") == ("register", "request")
    assert words.normalise("Log the call", {"log": "register"}) == ("register", "call")
    assert words.normalise("Plan the meetings") == words.normalise("plan a meeting")
    assert words.normalise("Analyse the behaviour") == words.normalise("analyze behavior")
    assert words.normalise("The call is logged by it") == ("call", "log")
    assert words.normalise("Check the change before deployment") != words.normalise(
        "Check the change after deployment")


# --- the vocabulary files -------------------------------------------------------------


def _header(name: str) -> str:
    return read_data(name).split("\n", 1)[0]


@pytest.mark.parametrize("name", LISTS)
def test_vocabulary_files_parse(name: str) -> None:
    assert _header(f"{name}.txt").startswith("# "), "a header says what the list is for"
    items = words.load_list(name)
    assert len(items) == len(set(items)), "no duplicates"
    assert all(item == item.strip() and "#" not in item for item in items)
    if name not in ("places", "organisations", "domain_nouns"):  # short by nature
        assert len(items) >= 10, name
    if name != "conditions":
        assert all(item == item.lower() for item in items), name


def test_parse_list_comments() -> None:
    assert parse_list("# header\n\nemail  # a channel\n  phone\n#x\n") == ("email", "phone")


def test_every_list_names_the_rule_that_reads_it() -> None:
    for name in LISTS:
        header = read_data(f"{name}.txt").split("\n\n", 1)[0]
        assert re.search(r"C\d{4}", header), name


def test_condition_patterns() -> None:
    patterns = [re.compile(p, re.IGNORECASE) for p in words.load_list("conditions")]

    def condition(text: str) -> bool:
        return any(p.search(text) for p in patterns)

    for text in ("Resolve the incident within 4 hours", "Review capacity every month",
                 "Run the nightly backup", "Report weekly", "Restart at 9:00",
                 "Call back before Friday", "Close by the end of the month", "24/7",
                 "Work during office hours", "Meet in the Amsterdam office",
                 "Restart the servers in the Amsterdam data centre", "Repair on site",
                 "Handle 50 tickets", "Serve more than 100 users", "Keep 99.9 % available",
                 "Approve changes above EUR 10,000", "Check twice a year", "on Mondays",
                 "at 10 am", "in the night shift", "within 2 working days"):
        assert condition(text), text
    for text in ("Register the disruption", "Publish the notice on the website",
                 "Merge the fix in the release branch", "Load the data in the data warehouse",
                 "Agree with the customer which services are delivered at which service levels",
                 "Record the agreed deadline", "Decide the recovery action",
                 "Monitor the delivered services against the agreed levels"):
        assert not condition(text), text


def test_built_in_condition_patterns_capture_no_group() -> None:
    """C0401 joins them into the one search that rules out most texts, which a
    capturing group makes twice as slow (rules/data/conditions.txt says so)."""
    capturing = [p for p in words.load_list("conditions") if re.compile(p).groups]
    assert capturing == []


def test_practice_names() -> None:
    names = dict(words.load_practice_names())
    assert names["incident management"] == "Recover"
    assert names["change management"] == names["change enablement"] == "Change"
    for name in ("service level management", "contract management", "relationship management"):
        assert names[name] == "Agree"
    assert names["operations management"] == names["request fulfilment"] == "Operate"
    assert names["continual improvement"] == names["improvement management"] == "Improve"
    assert set(names.values()) <= USM_VERBS
    assert all(name == name.lower() for name in names)
    assert set(tomllib.loads(read_data("practice_names.toml"))) == {"names"}


def test_vocabularies_judge_words_as_the_rules_need() -> None:
    roles = {" ".join(map(words.lemma, words.words(r))) for r in words.load_list("roles")}
    customer = set(words.load_list("customer_words"))
    assert not roles & {"customer", "client", "user", "consumer", "requester"}
    assert "customer" in customer and "service" in customer
    assert all(" " not in w for w in customer), "the rules read customer words one by one"
    tools = {" ".join(map(words.lemma, words.words(t))) for t in words.load_list("tools")}
    assert not tools & roles, "no word is both a who and a how"
    for verb in words.load_list("execution_verbs"):
        assert " " not in verb and words.can_be_verb(verb), verb
    assert "restore" in words.load_list("execution_verbs")
    for noun in ("information", "support", "quality"):
        assert noun in words.load_list("uncountable")
    assert "service" not in words.load_list("uncountable")
    nominal = {words.lemma(n) for n in words.load_list("nominalisations")}
    assert {"management", "fulfillment", "enablement", "administration"} <= nominal
    assert not nominal & {"plan", "monitor", "report", "log", "register"}, \
        "a nominalisation's lemma must not be a plain process verb"
    stop = set(words.load_list("stopwords"))
    assert not stop & set(words.load_list("kept_words")), "a kept word is never dropped"
    never = set(words.load_list("never_verbs"))
    assert {w for w in stop if words.can_be_verb(w)} <= {
        "be", "do", "have", "get", "so", "then", "as", "via", "toward", "towards",
        "but", "whilst", "yours", "hers"} - never


# --- run time -------------------------------------------------------------------------


def test_run_time_does_not_import_lemminflect() -> None:
    code = ("import sys; from usm_lint.rules.words import can_be_verb, lemma, normalise; "
            "can_be_verb('register'); lemma('analysed'); normalise('Log the calls'); "
            "print('lemminflect' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == "False"
