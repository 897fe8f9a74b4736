"""The order of a process's activities: along its sequence flows.

Tools write BPMN elements in the order they were drawn, while USM's activity
order is the process's sequence. So the flow nodes of each process and
sub-process are sorted along the sequence flows: every node after the nodes
that lead to it (a boundary event after the activity it is attached to), ties
in document order. Where the flow is linear that is its order; a loop is
entered where the flow first leads into it. An expanded sub-process's own
activities follow it.
"""

from __future__ import annotations

import heapq

from usm_lint.bpmn.reader import Element
from usm_lint.bpmn.vocabulary import ACTIVITIES, CONTAINERS, MODEL


def _flow_order(container: Element) -> list[Element]:
    """The flow nodes directly inside `container`, in flow order."""
    nodes = _flow_nodes(container)
    following, leading = _flow_edges(container, nodes)
    return [nodes[index] for index in _sorted_along(following, leading)]


def _flow_nodes(container: Element) -> list[Element]:
    """The nodes directly inside `container`, in document order: the BPMN
    elements other than flows that have an id (flows name them by it), and
    activities even without one, which still become USM activities."""
    return [child for child in container.children
            if child.namespace == MODEL and child.name != "sequenceFlow"
            and (child.get("id") or child.name in ACTIVITIES)]


def _flow_edges(container: Element, nodes: list[Element]
                ) -> tuple[list[list[int]], list[int]]:
    """For each of `nodes` (by index): the nodes it leads to, and how many lead
    to it. A sequence flow leads from its source to its target, a boundary
    event follows the activity it is attached to; a flow to or from no node
    of the list, or from a node to itself, orders nothing."""
    position = {node.get("id"): index for index, node in enumerate(nodes) if node.get("id")}
    following: list[list[int]] = [[] for _ in nodes]
    leading = [0] * len(nodes)

    def connect(source: str | None, target: str | None) -> None:
        before, after = position.get(source), position.get(target)
        if before is not None and after is not None and before != after:
            following[before].append(after)
            leading[after] += 1

    for child in container.children:
        if child.namespace == MODEL and child.name == "sequenceFlow":
            connect(child.get("sourceRef"), child.get("targetRef"))
        elif child.namespace == MODEL and child.name == "boundaryEvent":
            connect(child.get("attachedToRef"), child.get("id"))
    return following, leading


def _sorted_along(following: list[list[int]], leading: list[int]) -> list[int]:
    """The node indexes, each after the nodes that lead to it, ties in document
    order; when only loops are left, one is entered (see `_loop_entry`).
    `leading` is counted down as nodes are placed."""
    ready = [index for index, count in enumerate(leading) if count == 0]
    heapq.heapify(ready)
    reached: list[int] = []
    """Nodes a placed node leads to: where a loop is entered when only loops are left."""
    placed = [False] * len(leading)
    order: list[int] = []
    next_in_document = 0
    while len(order) < len(leading):
        if not ready:
            entry, next_in_document = _loop_entry(reached, placed, next_in_document)
            heapq.heappush(ready, entry)
        index = heapq.heappop(ready)
        if placed[index]:
            continue
        placed[index] = True
        order.append(index)
        for after in following[index]:
            leading[after] -= 1
            if not placed[after]:
                heapq.heappush(ready if leading[after] == 0 else reached, after)
    return order


def _loop_entry(reached: list[int], placed: list[bool], next_in_document: int
                ) -> tuple[int, int]:
    """Where to go on when every node left waits on another: a loop is entered
    where the flow led into it (of the nodes in `reached` not yet placed, the
    first in the document), else, for a loop nothing leads into, at its first
    node in the document. Returns that node and where the next search for an
    unplaced node in the document starts."""
    while reached and placed[reached[0]]:
        heapq.heappop(reached)
    if reached:
        return heapq.heappop(reached), next_in_document
    while placed[next_in_document]:
        next_in_document += 1
    return next_in_document, next_in_document


def activities_in_order(container: Element) -> list[Element]:
    """The activities of a process (or sub-process) at every depth, in flow order."""
    found: list[Element] = []
    for node in _flow_order(container):
        if node.name in ACTIVITIES:
            found.append(node)
            if node.name in CONTAINERS:
                found.extend(activities_in_order(node))
    return found
