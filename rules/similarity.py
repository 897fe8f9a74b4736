"""Near-duplicate detection without comparing all pairs.

An inverted index from word to the sets that hold it finds, for each set,
only the earlier sets sharing a word with it and how many words they share;
Jaccard similarity follows from the counts. The cost grows with the number
of shared words, not with the square of the number of sets.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence


def similar_pairs(sets: Sequence[set[str]], threshold: float
                  ) -> Iterator[tuple[int, int, float]]:
    """(earlier index, later index, Jaccard) for pairs at or above `threshold`."""
    holders: dict[str, list[int]] = defaultdict(list)
    for index, words in enumerate(sets):
        shared: dict[int, int] = defaultdict(int)
        for word in words:
            for earlier in holders[word]:
                shared[earlier] += 1
        for earlier, count in sorted(shared.items()):
            union = len(words) + len(sets[earlier]) - count
            score = count / union if union else 1.0
            if score >= threshold:
                yield earlier, index, score
        for word in words:
            holders[word].append(index)
