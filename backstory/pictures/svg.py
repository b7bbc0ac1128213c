"""The relationship map drawn as a static, accessible SVG string: shapes, lines and names at the
positions and label spots it is given, coloured by classes a site can theme. It decides nothing:
layout.py says where nodes go, labels.py where their names go, network.py what the map says.

The same nodes and edges, in any order, give byte-identical SVG: inputs are sorted and coordinates
are written to 1 decimal.
"""

from __future__ import annotations

import functools
import hashlib
import html
import re
from collections.abc import Iterable, Mapping

from .labels import FONT, LINE_HEIGHT, Label
from .network import ENGLISH, Edge, MapWords, Node, clean, describe
from .routes import Route, trimmed
from .shapes import KIND_SHAPES, arrow_end, extent, outline, shape_of

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # not allowed in XML 1.0
_KINDS = {"person": ("#1f4f8f", "#8db8f2"), "organization": ("#2e6f5e", "#6cc4a8"),
          "state": ("#8a5a00", "#e0b050"), "media": ("#6b4c9a", "#c4a8f0"), "event": ("#a1261d", "#f07a6a")}
_STYLE = (  # class-based defaults; a site themes the map by setting --map-* (or its own --ink/--paper)
    ".relmap{width:100%;height:auto;font:12px var(--sans,system-ui,sans-serif)}"
    ".relmap-edge{stroke:var(--map-edge,#a7a298);stroke-width:1.2;fill:none}.relmap-near{stroke-width:2}"
    ".relmap-led-to{stroke:var(--map-cause,#a1261d);stroke-width:1.8}.relmap-arrow{fill:var(--map-cause,#a1261d)}"
    ".relmap-shape{stroke:var(--map-paper,var(--paper,#fbfaf7));stroke-width:1.5}"
    + "".join(f".relmap-{k} .relmap-shape{{fill:var(--map-{k},{light})}}" for k, (light, _) in _KINDS.items())
    + ".relmap-label{fill:var(--map-ink,var(--ink,#1b1c1e));stroke:var(--map-paper,var(--paper,#fbfaf7));"
    "stroke-width:3px;stroke-linejoin:round;paint-order:stroke}"
    ".relmap-event .relmap-label{font-weight:600}.relmap-focus .relmap-label{font-weight:700}"
    ".relmap-focus .relmap-shape{stroke:var(--map-ink,var(--ink,#1b1c1e));stroke-width:3}"
    ".relmap-node:hover .relmap-label,.relmap-node:focus .relmap-label{text-decoration:underline}"
    ".relmap-node:focus-visible{outline:3px solid var(--focus,#1f6feb)}"
    "@media (prefers-color-scheme:dark){.relmap-edge{stroke:var(--map-edge,#5d6068)}"
    ".relmap-led-to{stroke:var(--map-cause,#f07a6a)}.relmap-arrow{fill:var(--map-cause,#f07a6a)}"
    + "".join(f".relmap-{k} .relmap-shape{{fill:var(--map-{k},{dark})}}" for k, (_, dark) in _KINDS.items())
    + "}"
)


def _shape(shape: str, x: float, y: float, scale: float = 1.0) -> str:
    hw, hh = extent(shape, scale)
    if shape == "circle":
        return f'<circle class="relmap-shape" cx="{x:.1f}" cy="{y:.1f}" r="{hw:g}"/>'
    if (corners := outline(shape, x, y, scale)) is not None:
        return f'<polygon class="relmap-shape" points="{" ".join(f"{a:.1f},{b:.1f}" for a, b in corners)}"/>'
    return (f'<rect class="relmap-shape" x="{x - hw:.1f}" y="{y - hh:.1f}" width="{2 * hw:g}" '
            f'height="{2 * hh:g}" rx="{3 if shape == "square" else round(hh, 1):g}"/>')


def swatch(kind: str, shape: str | None = None) -> str:
    """A node's shape (its kind's, or `shape`) or an edge's line alone, for a legend; decorative,
    as the legend names it."""
    if kind == "led_to":
        inner = ('<line class="relmap-edge relmap-led-to" x1="-13" y1="0" x2="7" y2="0"/>'
                 '<path class="relmap-arrow" d="M4,-4L13,0L4,4z"/>')
    elif kind == "participant":
        inner = '<line class="relmap-edge relmap-participant" x1="-13" y1="0" x2="13" y2="0"/>'
    else:
        inner = f'<g class="relmap-{_esc(kind)}">{_shape(shape or KIND_SHAPES.get(kind, "circle"), 0, 0)}</g>'
    return (f'<svg class="relmap-swatch" viewBox="-14 -11 28 22" width="28" height="22" '
            f'aria-hidden="true" focusable="false">{inner}</svg>')


def render_svg(nodes: Iterable[Node], edges: Iterable[Edge], positions: Mapping[str, tuple[float, float]],
               labels: Mapping[str, Label | None], *, title: str,
               routes: Mapping[tuple[str, str, str], Route] | None = None, width: float, height: float,
               focus: str | None = None, note: str = "", styled: bool = True,
               time_runs: str = "right", words: MapWords = ENGLISH) -> str:
    """The map as an inline SVG string: one link per node, in reading order (along the time axis),
    its name where `labels` (labels.place_labels) put it, or only in its tooltip; each line
    along its route (routes.py), straight where none is given.

    `styled=False` leaves out the <style> defaults, for a page whose stylesheet styles .relmap-*.
    `time_runs` ("right" or "down") says which way arrows from cause to effect point: the
    picture states it (data-time), so that a reader's tools can check it."""
    nodes, edges = clean(nodes, edges)
    by_id = {n.id: n for n in nodes}
    pos = {n.id: (round(float(positions[n.id][0]), 1), round(float(positions[n.id][1]), 1)) for n in nodes}
    # Unique per picture, so two variants of one map (wide, tall) can share a page.
    named = "\0".join([title, f"{width:g}x{height:g}", *by_id])
    uid = "relmap-" + hashlib.sha256(named.encode()).hexdigest()[:8]
    # No role: role="img" would hide the node links inside (axe: nested-interactive), and the
    # Nu checker rejects role="group" on <svg>; its own role (graphics-document) fits.
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="relmap" viewBox="0 0 {width:g} {height:g}" '
           f'width="{width:g}" height="{height:g}" data-time="{time_runs}" aria-labelledby="{uid}-title" '
           f'aria-describedby="{uid}-desc">', f'<title id="{uid}-title">{_esc(title)}</title>',
           f'<desc id="{uid}-desc">{_esc(describe(nodes, edges, focus, note, words))}</desc>',
           *([f"<style>{_STYLE}</style>"] if styled else []),
           f'<defs><marker id="{uid}-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="10" '
           'markerHeight="10" markerUnits="userSpaceOnUse" orient="auto">'
           '<path class="relmap-arrow" d="M0,1L10,5L0,9z"/></marker></defs>', '<g class="relmap-edges">']
    routes = routes or {}
    for e in sorted(edges, key=lambda e: (e.kind != "participant", e.source, e.target)):
        (x1, y1), (x2, y2) = pos[e.source], pos[e.target]
        route = routes.get((e.source, e.target, e.kind))
        controls = route.controls if route else ()
        if e.kind == "led_to":
            target = by_id[e.target]
            if controls:  # the same curve, cut where the arrowhead touches the shape
                hw, hh = extent(shape_of(target), target.scale)
                route = trimmed(route, (x2 - hw - 2, y2 - hh - 2, x2 + hw + 2, y2 + hh + 2))
                controls, (x2, y2) = route.controls, route.end
            else:
                x2, y2 = arrow_end((x1, y1), (x2, y2), shape_of(target), target.scale)
        kind = "led-to" if e.kind == "led_to" else "participant"
        near = " relmap-near" if focus in (e.source, e.target) else ""
        arrow = f' marker-end="url(#{uid}-arrow)"' if e.kind == "led_to" else ""
        # What the line says, on hover: who took part in what and as what, or what led to what.
        source, target_label = by_id[e.source].label, by_id[e.target].label
        said = (words.led_to(source, target_label) if e.kind == "led_to"
                else words.took_part(source, target_label, e.label))
        ends = f'class="relmap-edge relmap-{kind}{near}" data-ends="{_esc(e.source)} {_esc(e.target)}"'
        if controls:  # bent round the nodes it would otherwise pass through
            bend = " ".join(f"{x:.1f},{y:.1f}" for x, y in controls)
            out.append(f'<path {ends} d="M{x1:.1f},{y1:.1f}{"QC"[len(controls) - 1]}{bend} {x2:.1f},{y2:.1f}"'
                       f"{arrow}><title>{_esc(said)}</title></path>")
        else:
            out.append(f'<line {ends} x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}"{arrow}>'
                       f"<title>{_esc(said)}</title></line>")
    out.append('</g><g class="relmap-nodes">')
    along = (lambda i: (pos[i][1], pos[i][0], i)) if height > width else (lambda i: (*pos[i], i))
    for node_id in sorted(by_id, key=along):
        n, (x, y), label = by_id[node_id], pos[node_id], labels.get(node_id)
        current = ' relmap-focus" aria-current="page' if node_id == focus else ""
        tip = f"{n.label} ({n.kind_label or n.kind})" + (f": {n.detail}" if n.detail else "")
        text = ""
        if label is not None:
            text = "".join(f'<tspan x="{label.x:.1f}" y="{label.top + 0.9 * FONT + i * LINE_HEIGHT:.1f}">'
                           f"{_esc(part)}</tspan>" for i, part in enumerate(label.lines))
            number = " relmap-number" if label.numbered else ""
            text = f'<text class="relmap-label{number}" text-anchor="{label.anchor}">{text}</text>'
        out.append(f'<a href="{_esc(n.href)}" class="relmap-node relmap-{_esc(n.kind)}{current}" '
                   f'data-node="{_esc(node_id)}">'
                   f"<title>{_esc(tip)}</title>{_shape(shape_of(n), x, y, n.scale)}{text}</a>")
    return "\n".join([*out, "</g></svg>"]) + "\n"


@functools.lru_cache(maxsize=8192)  # names and ids recur on map after map
def _esc(text: str) -> str:
    return html.escape(_CONTROL.sub("", text), quote=True)
