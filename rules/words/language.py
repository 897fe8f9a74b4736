"""Is a text English? The English word rules judge English text only.

A text is not English when at least half of its words (numbers, ids and
the function words English shares with its neighbours, "an", "den", "no",
aside) are unknown to the English vocabulary and it shows a mark of another
language: a letter English does not use ("prüfen", "Réévaluer"), a common
word of a neighbouring language ("la", "der", "pour"), a German or Dutch
word ending ("absagen", "Bewerbung"), a long compound ("Abrechnungsprozess")
or a common word of a neighbouring language that English lacks ("Rolle",
"Gast", "richiesta"); or when most of its words, three or more, are unknown
("Sprawdzenie wolnego miejsca"); or when its first or last word, where
English puts the verb and the head, is unknown with a German or Dutch
ending or a letter no English loanword carries ("Kennzeichnung Major
Incident"). The vocabulary is rules/data/english_words.txt (from wordfreq,
without the words more common in a neighbouring language: "die", "und"),
the built-in word lists, the lemma tables and the verb list; the
marks are rules/data/foreign_words.txt (the neighbours' most common words)
and rules/data/foreign_vocabulary.txt (their common words). So "Bewerbung
prüfen", "Termin absagen", "Réévaluer la demande", "Rolle" and "Verifica
richiesta" are not English; "Reboot the srv01 host", "Camunda Forms
Quickstart" (names the vocabulary lacks, but no other language's marks) and
"asdasd" are.
"""

from __future__ import annotations

from functools import cache, lru_cache

from usm_lint.rules.words.lexicon import can_be_verb, lemma
from usm_lint.rules.words.tables import load_list, parse_list, read_data, stopwords
from usm_lint.rules.words.usage import english_words

# The built-in vocabularies are English too ("helpdesk", "servicenow").
_VOCABULARIES = ("roles", "tools", "means", "customer_words", "organisations", "places",
                 "uncountable", "nominalisations", "head_nouns")
# Endings of German and Dutch infinitives and nouns, in words English lacks.
_GERMANIC_ENDINGS = ("en", "eln", "ern", "ung", "heit", "keit", "schaft", "ieren", "ität",
                     "ikation")
# German and Dutch join nouns into one long word ("Verzeichnisablage").
_COMPOUND_LENGTH = 12
# Long English words the vocabulary lacks end like English words ("instantiating").
# Not -al, -ic or -ist, which German compounds end in too ("Kundenportal",
# "Bearbeitungsfrist").
_ENGLISH_ENDINGS = ("ing", "ed", "tion", "ment", "ness", "able", "ity", "ize", "ise", "ate", "ive",
                    "ous", "ary", "ful", "less", "ism")


@cache
def _vocabulary() -> frozenset[str]:
    return english_words() | frozenset(
        word for name in _VOCABULARIES for item in load_list(name)
        for word in item.lower().split())


@cache
def _foreign() -> frozenset[str]:
    return frozenset(parse_list(read_data("foreign_words.txt")))


@cache
def _foreign_vocabulary() -> frozenset[str]:
    # 70,000 lines with no comment after the header: split, not parse_list.
    lines = read_data("foreign_vocabulary.txt").split("\n")
    return frozenset(w for w in lines if w and not w.startswith("#"))


def _foreign_word(word: str) -> bool:
    """Whether an unknown word is a neighbouring language's common word, whole
    or in each part of a hyphenated compound ("Vertrags-management")."""
    parts = [p for p in word.split("-") if p and not is_known(p)]
    return bool(parts) and all(p in _foreign_vocabulary() for p in parts)


# English inflections the lemma tables may not list for a rare word
# ("instantiating"), and what may restore its stem.
_INFLECTIONS = (("ing", ("", "e")), ("ed", ("", "e")), ("es", ("",)), ("s", ("",)),
                ("er", ("", "e")), ("ers", ("", "e")))


def is_english_word(word: str) -> bool:
    """Whether a lower-case word is in the English vocabulary as written or as
    its lemma (no guessing at inflections, as `is_known` does)."""
    if can_be_verb(word):
        return True  # decided without loading the vocabulary: most first words are verbs
    english = _vocabulary()
    return word in english or lemma(word) in english


def is_known(word: str) -> bool:
    """Whether a lower-case word is English to the vocabulary ("approver", "servicenow")."""
    english = _vocabulary()
    if word in english or lemma(word) in english or word in stopwords() or can_be_verb(word):
        return True
    for suffix, endings in _INFLECTIONS:
        stem = word[: -len(suffix)]
        if word.endswith(suffix) and len(stem) > 2 and any(
                stem + end in english or can_be_verb(stem + end) for end in endings):
            return True
    return "-" in word and all(is_known(part) for part in word.split("-") if part)


def _shaped(word: str) -> bool:
    """Whether an unknown word is shaped like another language's: a letter
    English does not use, a German or Dutch ending, a long compound, or it is
    one of that language's common words."""
    return (not word.isascii() or _foreign_word(word)
            # a hyphen joins words, each short ("auto-approve")
            or (max(map(len, word.split("-"))) >= _COMPOUND_LENGTH
                and not word.endswith(_ENGLISH_ENDINGS))
            or _germanic(word))


def _germanic(word: str) -> bool:
    return len(word) > 4 and word.endswith(_GERMANIC_ENDINGS)


@lru_cache(maxsize=1 << 14)
def is_english(parts: tuple[str, ...]) -> bool:
    """Whether lower-case words read as English: not when most are unknown and
    one shows another language's marks, or half are and one is shaped like
    another language's word (a two-letter word alone is too weak a mark
    there: "EU Bank")."""
    # English's function words are other languages' too ("an", "den", "no", "de"):
    # no evidence either way.
    stop = stopwords()
    counted = [w for w in parts if not any(c.isdigit() for c in w) and w not in stop]
    unknown = [w for w in counted if not is_known(w)]
    if len(unknown) * 2 > len(counted):
        # Three words English lacks are a language of their own, marked or not
        # ("Sprawdzenie wolnego miejsca").
        # Fewer may be names ("Camunda Forms Quickstart", "Veracode SAST"), unless
        # every word is one English lacks and none is short ("Rozlicz klienta").
        whole = len(unknown) == len(counted) >= 2 and all(len(w) >= 5 for w in unknown)
        return len(unknown) < 3 and not whole and not any(
            _shaped(w) or w in _foreign() for w in unknown)
    if len(unknown) * 2 == len(counted):
        return not any(_shaped(w) for w in unknown)
    # Fewer unknown words, but one of them stands where an English phrase has
    # its verb or its head and has a letter no English loanword has or a German
    # or Dutch ending: English terms inside another language's phrase
    # ("Kennzeichnung Major Incident", "User API İşlemi"). Not a long word, a
    # neighbour's common word or a French accent alone: product and company
    # names and loanwords look so ("Hardwarerental", "Huawei", "café").
    ends = {counted[0], counted[-1]} if counted else set()
    return not any(w in ends and (_germanic(w) or _unborrowed(w)) for w in unknown)


def _unborrowed(word: str) -> bool:
    """Whether a word has a letter English never borrows with a word ("ü",
    "ß", "ğ"; not the "é" of "café")."""
    return any(c in "äöüßåøæ" or ord(c) > 0xFF for c in word)
