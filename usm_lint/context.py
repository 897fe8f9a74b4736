"""What a rule's check sees: the model, its index, the settings."""

from __future__ import annotations

from collections.abc import Callable, Container, Hashable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from usm_lint.config import Config
from usm_lint.findings import Hit, Related
from usm_lint.index import Index
from usm_lint.memory import Memory
from usm_lint.model import Node, Span, Workspace
from usm_lint.placement import place_group, place_pair, place_text

T = TypeVar("T")
_SHOWN_PLACES = 3
"""Places a group finding's message names; the rest are counted (all are `related`)."""


@dataclass
class Context:
    workspace: Workspace
    index: Index
    config: Config
    reported: Container[str] | None = None
    """The files whose findings are reported (None: all); pair rules use it
    to decide which of two places a finding sits at."""
    memory: Memory | None = None
    """What the caller keeps between checks (the language server), if anything."""
    _derived: dict[str, Any] = field(default_factory=dict, repr=False)

    def derived(self, key: str, make: Callable[[], T]) -> T:
        """What several rules derive from the model alike (every text the word
        rules read), made once per check."""
        if key not in self._derived:
            self._derived[key] = make()
        made: T = self._derived[key]
        return made

    def derived_from(self, node: Node, key: Hashable, make: Callable[[], T]) -> T:
        """What rules derive from one node: `make()` must follow from the node
        and `key` alone, as it may be kept from an earlier check."""
        return make() if self.memory is None else self.memory.derived(node, key, make)

    def pair(self, one: Span, other: Span, message: str, related_message: str) -> Hit:
        """A finding about two places, placed as RULES.md says; the message ends
        with where the other place is (`related_message` at `recover.usm:12`)."""
        at, related = place_pair(one, other, self.reported)
        where = place_text(related, self.workspace.root, at)
        return Hit(at, f"{message} ({related_message}: {where})",
                   (Related(related, related_message),))

    def group(self, spans: Sequence[Span], message: Callable[[Span], str],
              related_message: str) -> Hit:
        """One finding about a group of places, at the latest reported one;
        `message` is told which place that is, and the message ends with where
        the others are."""
        at, related = place_group(spans, self.reported)
        shown = [place_text(s, self.workspace.root, at) for s in related[:_SHOWN_PLACES]]
        more = f" and {len(related) - _SHOWN_PLACES} more" if len(related) > _SHOWN_PLACES \
            else ""
        return Hit(at, f"{message(at)} ({related_message}: {', '.join(shown)}{more})",
                   tuple(Related(s, related_message) for s in related))
