"""The map's colours for kinds a site defines: each distinct and readable in light and dark.

The four default kinds and events are coloured by the default stylesheet (layouts/assets/
style.css, --map-<kind>); a kind a site adds takes its own colour or the next of PALETTE, and
kind_style() writes the CSS that gives it, for the page's <head>.
"""

from __future__ import annotations

from collections.abc import Iterable

# The default stylesheet's page colours, light and dark: what a shape must stand out from.
PAPER = {"light": "#fbfaf7", "dark": "#15171a"}
# Non-text contrast WCAG 2.1 asks of a graphic's parts (1.4.11).
MIN_CONTRAST = 3.0
# (light, dark) pairs unlike the defaults' blue, green, ochre, violet and red, each 5:1 or more
# on its paper (tests/unit/test_kinds.py measures them).
PALETTE = (("#00707a", "#4fd1d9"), ("#9c2a78", "#f08fd0"), ("#5c6b00", "#b8cc4a"),
           ("#7a4a2a", "#d9a27a"), ("#5f5f5f", "#b5b5b5"), ("#b34a00", "#ffa060"),
           ("#4338ca", "#a5a8ff"), ("#c2185b", "#ff8ab0"))
DEFAULT_NAMES = ("person", "organization", "state", "media")


def luminance(colour: str) -> float:
    """Relative luminance of #rrggbb, as WCAG defines it."""
    channels = (int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5))
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def contrast_problem(colour: str, scheme: str) -> str | None:
    """Why `colour` cannot fill a map shape on the `scheme` ("light", "dark") page, or None."""
    ratio = contrast(colour, PAPER[scheme])
    if ratio >= MIN_CONTRAST:
        return None
    return (f"{colour} stands out {ratio:.1f}:1 from the {scheme} page ({PAPER[scheme]}); a map "
            f"shape needs {MIN_CONTRAST:g}:1")


def kind_colours(kinds: Iterable) -> dict[str, tuple[str, str]]:
    """(light, dark) of each kind the stylesheet does not colour: its own, or the palette's next."""
    kinds = list(kinds)
    taken = {kind.colour for kind in kinds if kind.colour is not None}
    spare = [pair for pair in PALETTE if pair not in taken] or list(PALETTE)  # a site's own first
    colours, next_spare = {}, 0
    for kind in kinds:
        if kind.colour is not None:
            colours[kind.name] = kind.colour
        elif kind.name not in DEFAULT_NAMES:
            colours[kind.name] = spare[next_spare % len(spare)]  # past eight, shapes tell them apart
            next_spare += 1
    return colours


def kind_style(kinds: Iterable) -> str:
    """The CSS that colours those kinds, light and dark, through --map-<kind> as the defaults
    are (a site's own stylesheet may set them); "" when the stylesheet colours every kind."""
    colours = kind_colours(kinds)
    if not colours:
        return ""
    light = ";".join(f"--map-{name}:{pair[0]}" for name, pair in colours.items())
    dark = ";".join(f"--map-{name}:{pair[1]}" for name, pair in colours.items())
    fills = "".join(f".relmap-{name} .relmap-shape{{fill:var(--map-{name})}}" for name in colours)
    return f":root{{{light}}}@media (prefers-color-scheme:dark){{:root{{{dark}}}}}{fills}"
