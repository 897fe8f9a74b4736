"""Word judgements for the rules (RULES.md "Reading text").

Morphology comes from tables generated from lemminflect
(`rules/data/words.json`, see build.py: `python -m usm_lint.rules.words.build`):
reading them costs a few milliseconds where importing lemminflect costs
~0.3 s, so lemminflect is needed only to build and test the tables. The
vocabularies (roles, tools, means, ...) are reviewable lists in `rules/data/`,
read with `load_list`.

- tokens: `words`, `split_identifier`
- lexicon: `spelling`, `lemma`, `can_be_verb`
- phrases: `is_verb_phrase`, `normalise`
- tables: `load_list`, `load_practice_names`, `parse_list`
"""

from __future__ import annotations

from usm_lint.rules.words.lexicon import can_be_verb, lemma, spelling
from usm_lint.rules.words.phrases import is_verb_phrase, normalise
from usm_lint.rules.words.tables import load_list, load_practice_names, parse_list
from usm_lint.rules.words.tokens import split_identifier, words

__all__ = [
    "can_be_verb",
    "is_verb_phrase",
    "lemma",
    "load_list",
    "load_practice_names",
    "normalise",
    "parse_list",
    "spelling",
    "split_identifier",
    "words",
]
