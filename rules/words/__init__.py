"""Word judgements for the rules (RULES.md "Reading text").

Morphology comes from tables generated from lemminflect (`rules/data/words.json`
and `lemmas.tsv`, see build.py: `python -m usm_lint.rules.words.build`):
reading them costs a few milliseconds where importing lemminflect costs
~0.3 s, so lemminflect is needed only to build and test the tables. The
vocabularies (roles, tools, means, ...) are reviewable lists in `rules/data/`,
read with `load_list`.

- tokens: `words`, `split_identifier`, `identifier_parts`
- lexicon: `spelling`, `lemma`, `can_be_verb`
- phrases: `read_words`, `read_verb_phrase`, `is_verb_phrase`, `text_words`,
  `normalise`, `without_remark`, `without_labels`, `without_variables`, `after_label`,
  `VerbReading`,
  `PROCESS_WORDS`, `EXERCISES`, `AUXILIARIES`, `shouts_auxiliary`, `is_participle`,
  `mostly_verb`
- usage: measured verb use (`usage`), noun compounds
- placeholders: `is_placeholder`, `is_generated_id`, `ends_in_element`
- language: `is_english`, `is_known`
- tables: `load_list`, `load_practice_names`, `parse_list`
"""

from __future__ import annotations

from usm_lint.rules.words.language import is_english, is_known
from usm_lint.rules.words.lexicon import can_be_verb, lemma, spelling, verb_of
from usm_lint.rules.words.phrases import (
    AUXILIARIES,
    EXERCISES,
    PROCESS_WORDS,
    VerbReading,
    after_label,
    finite_verb_at,
    is_participle,
    is_verb_phrase,
    leading_at,
    mostly_verb,
    normalise,
    read_verb_phrase,
    read_words,
    shouts_auxiliary,
    text_words,
    without_labels,
    without_remark,
    without_variables,
)
from usm_lint.rules.words.placeholders import ends_in_element, is_generated_id, is_placeholder
from usm_lint.rules.words.tables import load_list, load_practice_names, parse_list
from usm_lint.rules.words.tokens import identifier_parts, split_identifier, words

__all__ = [
    "AUXILIARIES",
    "EXERCISES",
    "PROCESS_WORDS",
    "VerbReading",
    "after_label",
    "can_be_verb",
    "ends_in_element",
    "finite_verb_at",
    "identifier_parts",
    "is_english",
    "is_generated_id",
    "is_known",
    "is_participle",
    "is_placeholder",
    "is_verb_phrase",
    "leading_at",
    "lemma",
    "load_list",
    "load_practice_names",
    "mostly_verb",
    "normalise",
    "parse_list",
    "read_verb_phrase",
    "read_words",
    "shouts_auxiliary",
    "spelling",
    "split_identifier",
    "text_words",
    "verb_of",
    "without_labels",
    "without_remark",
    "without_variables",
    "words",
]
