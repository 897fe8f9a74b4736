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
    nodes = [child for child in container.children
             if child.namespace == MODEL and child.name != "sequenceFlow"
             and (child.get("id") or child.name in ACTIVITIES)]
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
    ready = [index for index, count in enumerate(leading) if count == 0]
    heapq.heapify(ready)
    reached: list[int] = []
    """Nodes a placed node leads to: where a loop is entered when only loops are left."""
    placed = [False] * len(nodes)
    order: list[Element] = []
    next_in_document = 0
    while len(order) < len(nodes):
        if not ready:
            while reached and placed[reached[0]]:
                heapq.heappop(reached)
            if reached:
                heapq.heappush(ready, heapq.heappop(reached))
            else:  # a loop nothing leads into: enter it at its first node
                while placed[next_in_document]:
                    next_in_document += 1
                heapq.heappush(ready, next_in_document)
        index = heapq.heappop(ready)
        if placed[index]:
            continue
        placed[index] = True
        order.append(nodes[index])
        for after in following[index]:
            leading[after] -= 1
            if not placed[after]:
                heapq.heappush(ready if leading[after] == 0 else reached, after)
    return order


def activities_in_order(container: Element) -> list[Element]:
    """The activities of a process (or sub-process) at every depth, in flow order."""
    found: list[Element] = []
    for node in _flow_order(container):
        if node.name in ACTIVITIES:
            found.append(node)
            if node.name in CONTAINERS:
                found.extend(activities_in_order(node))
    return found
