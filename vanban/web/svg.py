"""A citation graph drawn as SVG on the server: the cited document on top, the documents citing it
one layer below per step, ordered to keep edges from crossing (barycentre sweeps).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

BOX_W, BOX_H, GAP_X, GAP_Y, PAD = 190, 50, 22, 70, 16


@dataclass(frozen=True)
class Node:
    id: str
    label: str  # first line, e.g. the number
    sub: str  # second line, e.g. type and date
    layer: int  # 0 for the cited document, 1 for direct citers, ...
    href: str | None = None
    tooltip: str = ""


def _clip(s: str, n: int) -> str:
    return s if len(s) <= n else s[: n - 1] + "…"


def layers_by_longest_path(ids: list[str], edges: list[tuple[str, str]], root: str) -> dict[str, int]:
    """Layer of each node: 0 for the root, else one below the lowest node it cites, so that every edge
    points upwards (a plan implementing a plan sits below it). Cycles are cut after len(ids) rounds."""
    layer = {i: (0 if i == root else 1) for i in ids}
    for _ in range(len(ids)):
        changed = False
        for a, b in edges:
            if a in layer and b in layer and a != root and layer[a] <= layer[b]:
                layer[a] = layer[b] + 1
                changed = True
        if not changed:
            break
    return layer


def order_layers(nodes: list[Node], edges: list[tuple[str, str]], sweeps: int = 2) -> list[list[Node]]:
    """Nodes grouped by layer, each layer ordered by the mean position of its neighbours."""
    layers: dict[int, list[Node]] = defaultdict(list)
    for n in nodes:
        layers[n.layer].append(n)
    order = [sorted(layers[k], key=lambda n: (n.label, n.id)) for k in sorted(layers)]
    neighbours: dict[str, set[str]] = defaultdict(set)
    for a, b in edges:
        neighbours[a].add(b)
        neighbours[b].add(a)

    def reorder(layer: list[Node], ref: list[Node]) -> list[Node]:
        pos = {n.id: i for i, n in enumerate(ref)}

        def key(item: tuple[int, Node]) -> tuple[float, int]:
            i, n = item
            near = [pos[m] for m in neighbours[n.id] if m in pos]
            return (sum(near) / len(near) if near else float(i), i)

        return [n for _i, n in sorted(enumerate(layer), key=key)]

    for _ in range(sweeps):
        for k in range(1, len(order)):
            order[k] = reorder(order[k], order[k - 1])
        for k in range(len(order) - 2, -1, -1):
            order[k] = reorder(order[k], order[k + 1])
    return order


def layered_svg(nodes: list[Node], edges: list[tuple[str, str]], title: str) -> str:
    """SVG markup; every text is escaped. `edges` run from the citing node to the cited node."""
    layers = order_layers(nodes, edges)
    widest = max((len(layer) for layer in layers), default=1)
    width = PAD * 2 + widest * BOX_W + (widest - 1) * GAP_X
    height = PAD * 2 + GAP_Y / 2 + len(layers) * BOX_H + max(len(layers) - 1, 0) * GAP_Y
    where: dict[str, tuple[float, float]] = {}
    for k, layer in enumerate(layers):
        row_w = len(layer) * BOX_W + (len(layer) - 1) * GAP_X
        x0 = (width - row_w) / 2
        for i, n in enumerate(layer):
            where[n.id] = (x0 + i * (BOX_W + GAP_X), PAD + GAP_Y / 2 + k * (BOX_H + GAP_Y))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="graph" width="{width:.0f}" height="{height:.0f}" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" role="img" aria-label={quoteattr(title)}>',
        f"<title>{escape(title)}</title>",
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto">'
        '<path d="M0,0 L10,5 L0,10 z" fill="#6b7280"/></marker></defs>',
    ]
    drawn = [(a, b) for a, b in edges if a in where and b in where]
    # spread the arrowheads along the bottom of a cited box, in the order of their sources
    arriving: dict[str, list[str]] = defaultdict(list)
    for a, b in sorted(drawn, key=lambda e: where[e[0]][0]):
        arriving[b].append(a)
    for a, b in drawn:
        (ax, ay), (bx, by) = where[a], where[b]
        slot = (arriving[b].index(a) + 1) / (len(arriving[b]) + 1)
        x1, y1, x2, y2 = ax + BOX_W / 2, ay, bx + BOX_W * (0.2 + 0.6 * slot), by + BOX_H
        if ay == by:  # same layer (a citation cycle): an arc over the boxes, top to top
            y2, top = by, ay - GAP_Y / 2
            parts.append(
                f'<path class="edge" d="M{x1:.0f},{y1:.0f} C{x1:.0f},{top:.0f} {x2:.0f},{top:.0f} {x2:.0f},{y2:.0f}" '
                'fill="none" marker-end="url(#arrow)"/>'
            )
            continue
        if ay < by:  # drawn above what it cites: leave from its bottom
            y1, y2 = ay + BOX_H, by
        parts.append(f'<line class="edge" x1="{x1:.0f}" y1="{y1:.0f}" x2="{x2:.0f}" y2="{y2:.0f}" marker-end="url(#arrow)"/>')
    for n in nodes:
        x, y = where[n.id]
        box = (
            f'<g class="node{" root" if n.layer == 0 else ""}"><title>{escape(n.tooltip or n.label)}</title>'
            f'<rect x="{x:.0f}" y="{y:.0f}" width="{BOX_W}" height="{BOX_H}" rx="6"/>'
            f'<text x="{x + BOX_W / 2:.0f}" y="{y + 21:.0f}" class="label">{escape(_clip(n.label, 22))}</text>'
            f'<text x="{x + BOX_W / 2:.0f}" y="{y + 39:.0f}" class="sub">{escape(_clip(n.sub, 32))}</text></g>'
        )
        parts.append(f"<a href={quoteattr(n.href)}>{box}</a>" if n.href else box)
    parts.append("</svg>")
    return "\n".join(parts)
