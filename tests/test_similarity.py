"""Prefix-filtered near-duplicate search finds exactly what all pairs would."""

from __future__ import annotations

from itertools import combinations

from hypothesis import given, settings
from hypothesis import strategies as st

from usm_lint.rules.helpers.similarity import jaccard, similar_pairs

word_sets = st.lists(st.sets(st.sampled_from("abcdefghij"), max_size=6), max_size=25)


@settings(max_examples=300, deadline=None)
@given(word_sets, st.sampled_from([0.3, 0.5, 0.8, 1.0]))
def test_same_pairs_as_brute_force(sets: list[set[str]], threshold: float) -> None:
    expected = sorted((i, j, jaccard(a, b)) for (i, a), (j, b) in combinations(enumerate(sets), 2)
                      if a and b and jaccard(a, b) >= threshold)
    assert similar_pairs(sets, threshold) == expected


def test_common_words_do_not_make_it_quadratic() -> None:
    sets = [{"item", str(i)} for i in range(20000)]
    assert similar_pairs(sets, 0.5) == []
