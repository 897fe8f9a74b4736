"""Generate rules/data/words.json from lemminflect: `python -m usm_lint.rules.words.build`.

lemminflect costs ~0.3 s to import and look up, and every pre-commit run reads
process text, so the word judgements use compact tables generated here:
- `verbs`: every word lemminflect can inflect as a verb (its base forms);
- `lemmas`: inflected form -> lemma, where they differ (verb, then noun, then
  adjective readings win, in that order);
- `spellings`: British spelling -> American, only where lemminflect knows both
  words (never blind suffix rewriting).
tests/test_words.py checks that regenerating gives the same file and that the
tables agree with lemminflect.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

TARGET = Path(__file__).parents[1] / "data" / "words.json"

# (British, American) endings; a pair is kept only when both words exist.
_SPELLINGS = (("isation", "ization"), ("ise", "ize"), ("ised", "ized"), ("ises", "izes"),
              ("ising", "izing"), ("yse", "yze"), ("ysed", "yzed"), ("yses", "yzes"),
              ("ysing", "yzing"), ("our", "or"), ("ours", "ors"), ("tre", "ter"),
              ("tres", "ters"), ("lled", "led"), ("lling", "ling"), ("ogue", "og"),
              ("ogues", "ogs"), ("ence", "ense"), ("fulfil", "fulfill"),
              ("fulfilment", "fulfillment"), ("fulfils", "fulfills"))
_PRIORITY = ("VERB", "NOUN", "ADJ", "ADV", "AUX", "PROPN")


def build() -> str:
    from lemminflect import Inflections, Lemmatizer

    inflections: dict[str, dict[str, tuple[str, ...]]] = Inflections()._getInflDict()
    lemma_table: dict[str, dict[str, tuple[str, ...]]] = Lemmatizer()._getLemmaDict()
    verbs = sorted(w for w, forms in inflections.items() if "VB" in forms and w.islower())
    lemmas: dict[str, str] = {}
    for word, readings in lemma_table.items():
        if not word.islower():
            continue
        for upos in _PRIORITY:
            if readings.get(upos):
                lemma = readings[upos][0].lower()
                if lemma != word:
                    lemmas[word] = lemma
                break
    vocabulary = {w for w in lemma_table if w.islower()} | {w for w in inflections
                                                            if w.islower()}
    spellings: dict[str, str] = {}
    for word in sorted(vocabulary):
        for british, american in _SPELLINGS:
            if word.endswith(british) and len(word) > len(british) + 1:
                candidate = word[: -len(british)] + american
                if candidate in vocabulary and candidate != word:
                    spellings[word] = candidate
                    break
    tables = {"verbs": verbs, "lemmas": dict(sorted(lemmas.items())),
              "spellings": dict(sorted(spellings.items()))}
    return json.dumps(tables, separators=(",", ":"), sort_keys=True) + "\n"


def main() -> None:
    TARGET.write_text(build(), encoding="utf-8")
    print(f"wrote {TARGET} ({TARGET.stat().st_size} bytes)", file=sys.stderr)


if __name__ == "__main__":
    main()
