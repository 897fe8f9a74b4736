"""Generate `rules/data/words.json` and `rules/data/lemmas.tsv` from lemminflect.

Run `python -m usm_lint.rules.words.build`
after upgrading lemminflect or editing `rules/data/verbs.txt`. lemminflect costs
~0.3 s to import and look up, and every pre-commit run reads process text, so
the linter reads these compact tables instead (lemminflect is needed only here
and in the tests). The file holds:

- `verbs`: every word lemminflect can inflect as a verb (its base forms, VB),
  plus the IT verbs of `verbs.txt` that lemminflect does not know (reboot, ...);
- `lemmas` (in lemmas.tsv, one `form<TAB>lemma` per line: it is most of the
  data, and read as plain lines it loads in a third of the time JSON takes,
  which every one-file check pays): word -> lemma, only where they differ. A word that is itself a
  noun or verb lemma keeps itself ("meeting", "planning", "data"), so a noun
  and its plural agree ("findings" -> "finding"); otherwise its verb, then
  noun, adjective and adverb reading wins ("registers" -> "register",
  "incidents" -> "incident", "registered" -> "register");
- `spellings`: British -> American spelling, for pairs that lemminflect knows
  BOTH words of, from systematic candidates (ise/ize, isation/ization, yse/yze,
  our/or, re/er, ogue/og, ence/ense, l/ll, ...) between two lemmas of a common
  word class, spread to their inflections through lemminflect's own inflection
  tables, plus the l-doubling variants lemminflect lists for one verb
  (travelled/traveled). Never blind suffix rewriting: an unknown word is never
  respelled. A few known false friends are excluded below.

tests/test_words.py checks that regenerating gives the same file and that the
tables agree with lemminflect.
"""

from __future__ import annotations

import importlib.metadata
import json
import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from usm_lint.rules.words.tables import parse_list

DATA = Path(__file__).resolve().parents[1] / "data"
TARGET = DATA / "words.json"
LEMMAS = DATA / "lemmas.tsv"
DOMAIN_VERBS = DATA / "verbs.txt"

Table = dict[str, dict[str, tuple[str, ...]]]

# A word the linter can read (see tokens.py): lower case, internal ' and -.
_READABLE = re.compile(r"[a-z][a-z0-9]*(?:['-][a-z0-9]+)*")

# POS readings in the order they win when a word is not itself a lemma.
_PRIORITY = ("VERB", "NOUN", "ADJ", "ADV", "AUX")
_CLASSES = {"NN": "noun", "NNS": "noun", "VB": "verb", "JJ": "adj", "RB": "adv"}

# (British, American) endings of lemmas; the stem before them keeps >= 2 letters.
_ENDINGS = (
    ("isation", "ization"), ("isational", "izational"), ("ise", "ize"), ("iser", "izer"),
    ("isable", "izable"), ("yse", "yze"), ("yser", "yzer"),
    ("our", "or"), ("ourite", "orite"), ("ourable", "orable"), ("ourful", "orful"),
    ("ourless", "orless"), ("ourer", "orer"), ("ourist", "orist"),
    ("tre", "ter"), ("bre", "ber"), ("gre", "ger"), ("chre", "cher"), ("vre", "ver"),
    ("ogue", "og"), ("ence", "ense"),
    ("il", "ill"), ("ol", "oll"), ("al", "all"), ("lment", "llment"),
    ("dgement", "dgment"), ("amme", "am"),
)
# Pairs no ending covers; both words must be known to lemminflect.
_IRREGULAR = (
    ("practise", "practice"), ("ageing", "aging"), ("grey", "gray"), ("plough", "plow"),
    ("mould", "mold"), ("manoeuvre", "maneuver"), ("sceptic", "skeptic"),
    ("sceptical", "skeptical"), ("scepticism", "skepticism"), ("cosy", "cozy"),
    ("aluminium", "aluminum"), ("enquire", "inquire"), ("enquiry", "inquiry"),
    ("artefact", "artifact"), ("jewellery", "jewelry"), ("speciality", "specialty"),
)
# Candidates that are two different words, or an -ise that American English
# keeps (advertise, comprise, exercise, supervise, surprise, ...).
_NOT_VARIANTS = frozenset({
    "advertise", "advertiser", "apprise", "comprise", "compromise", "enterprise",
    "excise", "exercise", "exerciser", "expertise", "merchandise", "merchandiser", "prise",
    "supervise", "surprise", "timbre", "chastise", "franchise", "franchiser", "devise",
    "revise", "reviser", "improvise", "televise", "despise", "disguise", "surmise",
    "premise", "circumcise", "incise", "demise", "treatise", "reprise", "promise",
    "appraiser", "riser", "miser", "poiser", "cruiser", "bruiser", "improvisation",
})
# Where lemminflect lists two lemmas for a reading and the first is the rare
# word, the lemma of IT texts (each must be one of lemminflect's readings).
_LEMMA_CHOICES = {"routing": "route", "routed": "route"}
# Verbs whose last syllable is stressed: American English doubles their l too.
_STRESSED_LAST = frozenset({"control", "patrol", "compel", "expel", "propel", "repel",
                            "excel", "dispel", "impel", "rebel", "extol", "annul"})


def _readable(word: str) -> bool:
    return _READABLE.fullmatch(word) is not None


def _classes(entry: dict[str, tuple[str, ...]]) -> set[str]:
    return {_CLASSES[tag] for tag in entry if tag in _CLASSES}


def _lemma_pairs(inflections: Table) -> Iterator[tuple[str, str]]:
    """(British, American) lemmas: an ending pair between two known lemmas of a
    common word class, or an irregular pair."""
    lemmas = {w: e for w, e in inflections.items() if _readable(w)}
    irregular = {british for british, _ in _IRREGULAR}
    for word in sorted(lemmas):
        if word in _NOT_VARIANTS or word in irregular:
            continue
        for british, american in _ENDINGS:
            if not word.endswith(british) or len(word) < len(british) + 2:
                continue
            candidate = word[: -len(british)] + american
            if candidate in lemmas and _classes(lemmas[word]) & _classes(lemmas[candidate]):
                yield word, candidate
    for british, american in _IRREGULAR:
        if british not in lemmas or american not in lemmas:
            raise SystemExit(f"lemminflect does not know {british!r} or {american!r}")
        yield british, american


def _l_doubling_pairs(inflections: Table, vocabulary: set[str]) -> Iterator[tuple[str, str]]:
    """Where lemminflect lists both a doubled-l and a single-l past of one verb
    (travelled/traveled), the British doubled forms -> the American single ones,
    for the verb's forms and the words made from it (traveller, marvellous).
    American English doubles the l after a stressed last syllable, so there
    the single-l form is the variant (controled -> controlled)."""
    for lemma in sorted(w for w in inflections if _readable(w)):
        if not {lemma + "led", lemma + "ed"} <= set(inflections[lemma].get("VBD", ())):
            continue
        for suffix in ("ed", "ing", "er", "ers", "or", "ors", "ous"):
            doubled, single = lemma + "l" + suffix, lemma + suffix
            if doubled in vocabulary and single in vocabulary:
                yield (single, doubled) if lemma in _STRESSED_LAST else (doubled, single)


def _spread(pairs: Iterable[tuple[str, str]], inflections: Table) -> dict[str, str]:
    """Each lemma pair, and its inflections tag by tag (colours -> colors)."""
    spellings: dict[str, str] = {}
    for british, american in pairs:
        spellings[british] = american
        b_entry, a_entry = inflections.get(british, {}), inflections.get(american, {})
        for tag in sorted(set(b_entry) & set(a_entry)):
            b_forms, a_forms = b_entry[tag], a_entry[tag]
            for index, form in enumerate(b_forms):
                if form in a_forms or not _readable(form):
                    continue
                spellings.setdefault(
                    form, a_forms[index] if len(a_forms) == len(b_forms) else a_forms[0])
    return spellings


def _settle(spellings: dict[str, str]) -> dict[str, str]:
    """No chains (a -> b -> c becomes a -> c) and no word mapped to itself."""
    settled = {}
    for word in spellings:
        seen, target = {word}, spellings[word]
        while target in spellings and target not in seen:
            seen.add(target)
            target = spellings[target]
        if target != word:
            settled[word] = target
    return settled


def _lemma_map(lemma_table: Table, extra: dict[str, str]) -> dict[str, str]:
    lemmas: dict[str, str] = {}
    for word, readings in lemma_table.items():
        if not _readable(word):
            continue
        if any(word == lemma.lower() for upos, lemmas_ in readings.items() if upos != "ADJ"
               for lemma in lemmas_):
            continue  # a noun or verb itself: "meeting", "data", "planning"
        for upos in _PRIORITY:
            if readings.get(upos):
                lemma = _LEMMA_CHOICES.get(word, readings[upos][0].lower())
                if lemma != word:
                    lemmas[word] = lemma
                break
    for form, lemma in extra.items():
        lemmas.setdefault(form, lemma)
    return lemmas


def build() -> tuple[str, str]:
    """The texts of words.json and lemmas.tsv (deterministic: sorted, one entry
    per line, their source and version recorded)."""
    from lemminflect import Inflections, Lemmatizer, getAllInflectionsOOV

    inflections: Table = Inflections()._getInflDict()
    lemma_table: Table = Lemmatizer()._getLemmaDict()
    verbs = {w for w, forms in inflections.items() if "VB" in forms and _readable(w)}
    domain_forms: dict[str, str] = {}
    for verb in parse_list(DOMAIN_VERBS.read_text("utf-8")):
        if verb in verbs:
            raise SystemExit(f"verbs.txt: lemminflect already knows {verb!r}; remove it")
        verbs.add(verb)
        for forms in getAllInflectionsOOV(verb, "VERB").values():
            domain_forms.update((f, verb) for f in forms if f != verb and f not in lemma_table)
    vocabulary = {w for w in lemma_table if _readable(w)}
    spellings = _settle({**_spread(_lemma_pairs(inflections), inflections),
                         **dict(_l_doubling_pairs(inflections, vocabulary))})
    source = (f"generated by python -m usm_lint.rules.words.build from lemminflect "
              f"{importlib.metadata.version('lemminflect')} and rules/data/verbs.txt")
    tables = {"_source": source, "verbs": sorted(verbs), "spellings": spellings}
    lemmas = _lemma_map(lemma_table, domain_forms)
    # One entry per line (indent=0), so that a regeneration's diff is reviewable.
    return (json.dumps(tables, indent=0, sort_keys=True, ensure_ascii=False) + "\n",
            f"# word\tlemma, where they differ; {source}\n"
            + "".join(f"{form}\t{lemmas[form]}\n" for form in sorted(lemmas)))


def main() -> None:
    for target, text in zip((TARGET, LEMMAS), build(), strict=True):
        target.write_text(text, encoding="utf-8")
        print(f"wrote {target} ({len(text.encode())} bytes)", file=sys.stderr)


if __name__ == "__main__":
    main()
