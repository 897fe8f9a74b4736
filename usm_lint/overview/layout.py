"""Graph layout by grandalf's Sugiyama layout (layered drawing of a directed
graph, cycles broken by reversing edges), for the report's inline SVG.

Nodes get a box sized to their label; the layers run top to bottom; each
connected part of the graph is laid out by itself and the parts are set side
by side. Edges come back as polylines through the dummy nodes grandalf puts
where an edge crosses a layer, so they bend around the boxes between.
"""

from __future__ import annotations

from dataclasses import dataclass

from grandalf.graphs import Edge, Graph, Vertex
from grandalf.layouts import SugiyamaLayout

CHAR_WIDTH = 7.2
"""Pixels per character of the labels' font (13 px sans-serif), for box widths."""
LINE_HEIGHT = 16.0
PADDING = 10.0
GAP = 40.0
"""Between two parts of the graph laid out side by side."""


@dataclass
class Box:
    key: str
    lines: list[str]
    x: float = 0.0
    """The box's centre."""
    y: float = 0.0
    w: float = 0.0
    h: float = 0.0


@dataclass
class Line:
    source: str
    target: str
    points: list[tuple[float, float]]


@dataclass
class Drawing:
    boxes: list[Box]
    lines: list[Line]
    width: float
    height: float


class _View:
    """What grandalf asks of a node: its size; it sets `xy`, the centre."""

    def __init__(self, w: float, h: float) -> None:
        self.w, self.h = w, h
        self.xy = (0.0, 0.0)


class _EdgeView:
    def __init__(self) -> None:
        self.points: list[tuple[float, float]] = []

    def setpath(self, points: list[tuple[float, float]]) -> None:
        self.points = [(float(x), float(y)) for x, y in points]


def lay_out(nodes: list[tuple[str, list[str]]], edges: list[tuple[str, str]]) -> Drawing:
    """Place `nodes` (key, label lines) joined by `edges` (source key, target key)."""
    vertices = {}
    for key, label in nodes:
        vertex = Vertex(key)
        width = max((len(line) for line in label), default=1) * CHAR_WIDTH + 2 * PADDING
        vertex.view = _View(width, len(label) * LINE_HEIGHT + 2 * PADDING)
        vertices[key] = vertex
    links = []
    for source, target in edges:
        if source in vertices and target in vertices and source != target:
            link = Edge(vertices[source], vertices[target])
            link.view = _EdgeView()
            links.append(link)
    graph = Graph(list(vertices.values()), links)
    boxes: list[Box] = []
    lines: list[Line] = []
    offset = 0.0
    height = 0.0
    for part in graph.C:
        layout = SugiyamaLayout(part)
        layout.xspace, layout.yspace = 24, 48
        layout.init_all()
        layout.draw()
        left = min(v.view.xy[0] - v.view.w / 2 for v in part.sV)
        top = min(v.view.xy[1] - v.view.h / 2 for v in part.sV)
        right = max(v.view.xy[0] + v.view.w / 2 for v in part.sV)
        bottom = max(v.view.xy[1] + v.view.h / 2 for v in part.sV)
        dx, dy = offset - left + PADDING, PADDING - top
        for vertex in part.sV:
            x, y = vertex.view.xy
            boxes.append(Box(vertex.data, dict(nodes)[vertex.data], x + dx, y + dy,
                             vertex.view.w, vertex.view.h))
        for link in part.sE:
            points = link.view.points or [link.v[0].view.xy, link.v[1].view.xy]
            lines.append(Line(link.v[0].data, link.v[1].data,
                              [(x + dx, y + dy) for x, y in points]))
        offset += right - left + GAP
        height = max(height, bottom - top + 2 * PADDING)
    order = {key: position for position, (key, _) in enumerate(nodes)}
    boxes.sort(key=lambda box: order[box.key])
    return Drawing(boxes, lines, max(offset - GAP + 2 * PADDING, 0.0), height)
