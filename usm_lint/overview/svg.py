"""A laid-out graph as inline SVG: boxes with their labels, arrows between.

Everything is escaped and sized in the SVG itself (no stylesheet, font or
script from outside), so the drawing shows the same in a browser, in print
and in a file opened from disk.
"""

from __future__ import annotations

from html import escape

from usm_lint.overview.layout import LINE_HEIGHT, PADDING, Drawing

MARKER = ('<defs><marker id="{id}" viewBox="0 0 10 10" refX="10" refY="5" '
          'markerWidth="7" markerHeight="7" orient="auto-start-reverse">'
          '<path d="M 0 0 L 10 5 L 0 10 z" fill="#555"/></marker></defs>')


def _clip(x1: float, y1: float, x2: float, y2: float, w: float, h: float
          ) -> tuple[float, float]:
    """Where the segment from (x1, y1) to a box centred at (x2, y2) meets the box."""
    dx, dy = x2 - x1, y2 - y1
    if dx == 0 and dy == 0:
        return x2, y2
    scale = min((w / 2) / abs(dx) if dx else float("inf"),
                (h / 2) / abs(dy) if dy else float("inf"))
    return x2 - dx * scale, y2 - dy * scale


def render(drawing: Drawing, label: str, marker_id: str,
           classes: dict[str, str] | None = None) -> str:
    """The SVG of a drawing; `classes` gives some boxes a CSS class (the
    executing process), `label` is the drawing's accessible name."""
    classes = classes or {}
    boxes = {box.key: box for box in drawing.boxes}
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{escape(label)}" '
             f'width="{drawing.width:.0f}" height="{drawing.height:.0f}" '
             f'viewBox="0 0 {drawing.width:.0f} {drawing.height:.0f}" class="graph">',
             MARKER.format(id=marker_id)]
    for line in drawing.lines:
        points = list(line.points)
        target, source = boxes[line.target], boxes[line.source]
        if len(points) >= 2:
            points[-1] = _clip(*points[-2], target.x, target.y, target.w, target.h)
            points[0] = _clip(*points[1], source.x, source.y, source.w, source.h)
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        parts.append(f'<polyline points="{path}" fill="none" stroke="#555" stroke-width="1.4" '
                     f'marker-end="url(#{marker_id})"/>')
    for box in drawing.boxes:
        left, top = box.x - box.w / 2, box.y - box.h / 2
        css = classes.get(box.key, "node")
        parts.append(f'<g class="{css}"><title>{escape(" ".join(box.lines))}</title>'
                     f'<rect x="{left:.1f}" y="{top:.1f}" width="{box.w:.1f}" '
                     f'height="{box.h:.1f}" rx="6"/>')
        for number, text in enumerate(box.lines):
            y = top + PADDING + LINE_HEIGHT * (number + 0.8)
            weight = ' font-weight="bold"' if number == 0 else ""
            parts.append(f'<text x="{box.x:.1f}" y="{y:.1f}" text-anchor="middle"{weight}>'
                         f'{escape(text)}</text>')
        parts.append("</g>")
    parts.append("</svg>")
    return "".join(parts)
