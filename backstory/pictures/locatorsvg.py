"""A locator map drawn as a static, accessible SVG string at the positions locator.py gives:
the plate, its graticule, the scale bar, each place a link with its name. It decides nothing.

Coordinates are written to 1 decimal, so the same places give byte-identical SVG.
"""

from __future__ import annotations

import hashlib
import html
from collections.abc import Mapping

from .locator import Locator, Name

# Class-based defaults, themed by the page's stylesheet through --map-* (or --ink/--paper).
_STYLE = (
    ".locmap{width:100%;height:auto;font:12px var(--sans,system-ui,sans-serif)}"
    ".locmap-plate{fill:var(--map-plate,#f1efe9);stroke:var(--map-edge,#a7a298)}"
    ".locmap-grid{stroke:var(--map-grid,#cfcabd);stroke-width:.8;stroke-dasharray:3 3}"
    ".locmap-degrees,.locmap-scale-text{font-size:10px;fill:var(--muted,#5b5d63)}"
    ".locmap-scale{stroke:var(--map-ink,var(--ink,#1b1c1e));stroke-width:2}"
    ".locmap-point{fill:var(--map-place,#2e6f5e);"
    "stroke:var(--map-paper,var(--paper,#fbfaf7));stroke-width:1.5}"
    ".locmap-focus .locmap-point{fill:var(--map-event,#a1261d);"
    "stroke:var(--map-ink,var(--ink,#1b1c1e));stroke-width:2}"
    ".locmap-name{fill:var(--map-ink,var(--ink,#1b1c1e));stroke:var(--map-paper,var(--paper,#fbfaf7));"
    "stroke-width:3px;stroke-linejoin:round;paint-order:stroke;font-size:11px}"
    ".locmap-focus .locmap-name{font-size:12px;font-weight:700}"
    ".locmap-place:hover .locmap-name,.locmap-place:focus .locmap-name{text-decoration:underline}"
)


def render_locator(locator: Locator, *, title: str, description: str,
                   hrefs: Mapping[str, str], tips: Mapping[str, str], styled: bool = True) -> str:
    """The map as an inline SVG: each point other than the focus a link to its page (`hrefs`
    by id), its name where locator.py put it or only in its tooltip (`tips` by id).

    `styled=False` leaves out the <style> defaults, for a page whose stylesheet styles .locmap-*."""
    plate, width, height = locator.frame.plate, locator.width, locator.height
    uid = "locmap-" + hashlib.sha256(f"{title}\0{description}".encode()).hexdigest()[:8]
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="locmap" viewBox="0 0 {width:g} {height:g}" '
           f'width="{width:g}" height="{height:g}" aria-labelledby="{uid}-title" '
           f'aria-describedby="{uid}-desc">', f'<title id="{uid}-title">{_esc(title)}</title>',
           f'<desc id="{uid}-desc">{_esc(description)}</desc>',
           *([f"<style>{_STYLE}</style>"] if styled else []),
           f'<rect class="locmap-plate" x="{plate.left:.1f}" y="{plate.top:.1f}" '
           f'width="{plate.right - plate.left:.1f}" height="{plate.bottom - plate.top:.1f}"/>',
           '<g class="locmap-graticule" aria-hidden="true">']
    for line in locator.graticule:
        if line.horizontal:
            ends = f'x1="{plate.left:.1f}" y1="{line.at:.1f}" x2="{plate.right:.1f}" y2="{line.at:.1f}"'
        else:
            ends = f'x1="{line.at:.1f}" y1="{plate.top:.1f}" x2="{line.at:.1f}" y2="{plate.bottom:.1f}"'
        out.append(f'<line class="locmap-grid" {ends}/>')
        if line.label is not None:
            out.append(_text(line.label, "locmap-degrees"))
    bar = locator.scale
    out += ['</g><g class="locmap-scalebar" aria-hidden="true">',
            f'<path class="locmap-scale" d="M{bar.x:.1f},{bar.y - 4:.1f}V{bar.y:.1f}H{bar.x + bar.length:.1f}'
            f'V{bar.y - 4:.1f}" fill="none"/>',
            f'<text class="locmap-scale-text" x="{bar.x:.1f}" y="{bar.y - 6:.1f}">'
            f"{_esc(bar.text)}</text>",
            '</g><g class="locmap-places">']
    names = {name.id: name for name in locator.names}
    for point in reversed(locator.points):  # the focus last, so it is drawn over the others
        name = names.get(point.id)
        inner = (f'<title>{_esc(tips.get(point.id, ""))}</title>'
                 f'<circle class="locmap-point" cx="{point.x:.1f}" cy="{point.y:.1f}" r="{point.radius:g}"/>'
                 + (_text(name, "locmap-name") if name is not None else ""))
        if point.focus:
            out.append(f'<g class="locmap-place locmap-focus" data-place="{_esc(point.id)}">{inner}</g>')
        else:
            out.append(f'<a href="{_esc(hrefs[point.id])}" class="locmap-place" '
                       f'data-place="{_esc(point.id)}">{inner}</a>')
    return "\n".join([*out, "</g></svg>"]) + "\n"


def _text(name: Name, css: str) -> str:
    return (f'<text class="{css}" x="{name.x:.1f}" y="{name.y:.1f}" text-anchor="{name.anchor}">'
            f"{_esc(name.text)}</text>")


def _esc(text: str) -> str:
    return html.escape(text, quote=True)
