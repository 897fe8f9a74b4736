"""Near-duplicate detection without comparing all pairs: prefix filtering.

For a Jaccard threshold t, two sets can only reach t if they share a word
within short "prefixes" of their words ordered rarest first (the AllPairs /
PPJoin result): each set is indexed under its first |x| - ceil(2t/(1+t)|x|) + 1
words and probes with its first |x| - ceil(t|x|) + 1, sets taken in
increasing size. Common words ("request", "incident") then never fill the
index, so the cost stays near linear; every pair found is verified exactly,
and no pair at or above the threshold is missed.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Sequence


def _prefix(size: int, overlap: float) -> int:
    return max(1, size - math.ceil(overlap * size - 1e-9) + 1)


def jaccard(a: set[str], b: set[str]) -> float:
    union = len(a | b)
    return len(a & b) / union if union else 1.0


def similar_pairs(sets: Sequence[set[str]], threshold: float
                  ) -> list[tuple[int, int, float]]:
    """(earlier index, later index, Jaccard) for pairs at or above `threshold`,
    in index order. Empty sets pair with nothing."""
    frequency = Counter(word for words in sets for word in words)
    ordered = {i: sorted(words, key=lambda w: (frequency[w], w))
               for i, words in enumerate(sets) if words}
    index: dict[str, list[int]] = defaultdict(list)
    found = []
    for i in sorted(ordered, key=lambda k: (len(ordered[k]), k)):
        words = ordered[i]
        size = len(words)
        candidates = set()
        for word in words[:_prefix(size, threshold)]:
            for j in index[word]:
                if len(ordered[j]) >= threshold * size:
                    candidates.add(j)
        for j in candidates:
            score = jaccard(sets[i], sets[j])
            if score >= threshold:
                found.append((min(i, j), max(i, j), score))
        for word in words[:_prefix(size, 2 * threshold / (1 + threshold))]:
            index[word].append(i)
    return sorted(found)
