"""Searching with the patterns a configuration adds (`[vocabulary] conditions`).

The built-in patterns are known to run in linear time; a configured one may
backtrack catastrophically (`(\\w+\\s?)+;` takes minutes on a 30-character
text). So configured patterns are searched with the `regex` package, which
stops a search after a time limit, and a pattern that reaches it is a
configuration error naming the pattern and the text, not a check that hangs.
The package is imported only when a configuration has such patterns.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any

from usm_lint.config import ConfigError

if TYPE_CHECKING:
    import regex

SECONDS = 0.5
"""Time allowed to one search: a sound pattern takes microseconds on a text."""


# Bounded: a server whose configuration keeps changing must not keep every
# pattern it ever read.
@lru_cache(maxsize=1024)
def _compiled(pattern: str) -> regex.Pattern[str]:
    import regex

    compiled: regex.Pattern[str] = regex.compile(pattern, regex.IGNORECASE)
    return compiled


def bounded_search(pattern: str, text: str) -> Any:
    """`pattern`'s first match in `text` (case-insensitive), or None; a
    ConfigError when the search takes longer than `SECONDS` or runs out of
    memory."""
    try:
        return _compiled(pattern).search(text, timeout=SECONDS)
    except (MemoryError, RecursionError):
        # `regex` patterns may recurse (`(?0)`, `(?R)`): one that never ends
        # its recursion fills the memory (found by the config fuzzer).
        raise ConfigError(
            f"`[vocabulary]` condition pattern {pattern!r} ran out of memory on the text "
            f"{text[:80]!r}: it recurses without end or repeats without bound; rewrite it "
            "as a plain pattern") from None
    except TimeoutError:
        raise ConfigError(
            f"`[vocabulary]` condition pattern {pattern!r} took over {SECONDS} s on the text "
            f"{text[:80]!r}: it backtracks catastrophically (a repeated group whose parts "
            "can match the same characters in many ways, such as `(\\w+\\s?)+`); rewrite it "
            "so that each character can be matched one way") from None
