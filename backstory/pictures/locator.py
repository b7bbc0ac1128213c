"""A locator map as geometry: an equirectangular frame round a place and its neighbours, where
each point goes, a graticule, a scale bar, and where each name goes without covering another.

Plain data in (latitudes and longitudes, names), positions out; locatorsvg.py draws them. There
is no map data here (no coastline, no border): only the points the site itself gives.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

EARTH_KM = 6371.0088  # mean radius
KM_PER_DEGREE = math.pi * EARTH_KM / 180
WIDTH, HEIGHT = 400.0, 260.0
MARGIN, BOTTOM = 8.0, 22.0  # the plate's inset; the strip under it holds longitudes
MIN_SPAN = 1.6  # degrees of latitude the frame shows at least: a city alone is not a blur
PAD = 0.18  # of the spots' extent, added round it
FONT, SMALL_FONT = 12.0, 10.0
FOCUS_RADIUS, OTHER_RADIUS = 6.0, 3.5
_STEPS = (0.05, 0.1, 0.2, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 15.0, 30.0, 45.0)
# Where a name may go round its point, in order of preference: (dx, dy) of the box's side
# nearest the point, as multiples of the gap; anchor as SVG reads it.
_SPOTS = ((1, 0, "start"), (-1, 0, "end"), (0, -1, "middle"), (0, 1, "middle"),
          (1, -1, "start"), (-1, -1, "end"), (1, 1, "start"), (-1, 1, "end"))


@dataclass(frozen=True, slots=True)
class LocatorWords:
    """What the map writes, in the page's language: a graticule's degrees, from the number as
    Python writes it ("53", "0.5") and its hemisphere ("N", "S", "E", "W"; "" at 0), and the
    scale bar's distance, from its kilometres."""

    degrees: Callable[[str, str], str]
    scale: Callable[[float], str]


ENGLISH_LOCATOR = LocatorWords(lambda shown, side: f"{shown}°" + (f" {side}" if side else ""),
                               lambda km: f"{km:g} km")


@dataclass(frozen=True, slots=True)
class Spot:
    """A place to mark: an id (its slug), its name, where it is."""

    id: str
    label: str
    latitude: float
    longitude: float


@dataclass(frozen=True, slots=True)
class Box:
    left: float
    top: float
    right: float
    bottom: float

    def overlaps(self, other: Box) -> bool:
        return (self.left < other.right and other.left < self.right
                and self.top < other.bottom and other.top < self.bottom)

    def inside(self, outer: Box) -> bool:
        return (outer.left <= self.left and self.right <= outer.right
                and outer.top <= self.top and self.bottom <= outer.bottom)


@dataclass(frozen=True, slots=True)
class Frame:
    """An equirectangular projection of a box of the earth onto the plate: x grows east by
    cos(centre latitude) times what y grows south, so shapes near the centre keep their look.
    Longitudes are read round `centre_longitude`, so a frame may cross the 180th meridian."""

    north: float
    west: float  # may be below -180 or the east above 180: unwrapped round the centre
    scale: float  # pixels per degree of latitude
    squeeze: float  # cos(centre latitude): a degree of longitude is this much of one of latitude
    centre_longitude: float
    plate: Box

    def unwrap(self, longitude: float) -> float:
        return self.centre_longitude + (longitude - self.centre_longitude + 180) % 360 - 180

    def project(self, latitude: float, longitude: float) -> tuple[float, float]:
        x = self.plate.left + (self.unwrap(longitude) - self.west) * self.scale * self.squeeze
        return x, self.plate.top + (self.north - latitude) * self.scale

    def unproject(self, x: float, y: float) -> tuple[float, float]:
        longitude = self.west + (x - self.plate.left) / (self.scale * self.squeeze)
        return self.north - (y - self.plate.top) / self.scale, (longitude + 180) % 360 - 180

    @property
    def south(self) -> float:
        return self.north - (self.plate.bottom - self.plate.top) / self.scale

    @property
    def east(self) -> float:
        return self.west + (self.plate.right - self.plate.left) / (self.scale * self.squeeze)


@dataclass(frozen=True, slots=True)
class Point:
    id: str
    x: float
    y: float
    radius: float
    focus: bool


@dataclass(frozen=True, slots=True)
class Name:
    """A point's name as placed: x as `anchor` reads it, the baseline y, and its box."""

    id: str
    text: str
    x: float
    y: float
    anchor: str
    box: Box
    focus: bool


@dataclass(frozen=True, slots=True)
class Graticule:
    """A parallel (`horizontal`) or meridian at `degrees`, at `at` on its axis, labelled."""

    degrees: float
    horizontal: bool
    at: float
    text: str
    label: Name | None  # None where the name would cover another


@dataclass(frozen=True, slots=True)
class ScaleBar:
    x: float
    y: float
    length: float  # pixels
    km: float
    box: Box  # the bar and its text
    text: str  # its distance in words: `100 km`


@dataclass(frozen=True, slots=True)
class Locator:
    frame: Frame
    width: float
    height: float
    points: tuple[Point, ...]  # the focus first
    names: tuple[Name, ...]  # a name per point that has room for one
    graticule: tuple[Graticule, ...]
    scale: ScaleBar


def text_width(text: str, font: float) -> float:
    """An estimate of the width of `text` in the map's sans-serif: wide enough to keep clear."""
    return len(text) * font * 0.58 + 2


def frame_round(spots: Sequence[Spot], width: float = WIDTH, height: float = HEIGHT) -> Frame:
    """The frame that holds every spot with room round it, centred on them, at least MIN_SPAN
    high, stretched along one axis to fill the plate."""
    plate = Box(MARGIN, MARGIN, width - MARGIN, height - BOTTOM)
    centre_longitude = spots[0].longitude
    longitudes = [centre_longitude + (s.longitude - centre_longitude + 180) % 360 - 180 for s in spots]
    latitudes = [s.latitude for s in spots]
    south, north = min(latitudes), max(latitudes)
    mid = (south + north) / 2
    squeeze = max(math.cos(math.radians(mid)), 0.05)
    west, east = min(longitudes), max(longitudes)
    tall = max((north - south) * (1 + 2 * PAD), MIN_SPAN)
    wide = max((east - west) * squeeze * (1 + 2 * PAD), MIN_SPAN)  # in degrees of latitude
    aspect = (plate.right - plate.left) / (plate.bottom - plate.top)
    tall, wide = max(tall, wide / aspect), max(wide, tall * aspect)
    scale = (plate.bottom - plate.top) / tall
    middle = ((west + east) / 2 + 180) % 360 - 180  # the frame's longitudes unwrap round it
    return Frame(mid + tall / 2, middle - wide / squeeze / 2, scale, squeeze, middle, plate)


def locate(focus: Spot, others: Sequence[Spot], width: float = WIDTH,
           height: float = HEIGHT, words: LocatorWords = ENGLISH_LOCATOR) -> Locator:
    """The map of `focus` among `others` (in the order their names should get room), its
    degrees and scale written in `words`."""
    frame = frame_round([focus, *others], width, height)
    points = [Point(s.id, *frame.project(s.latitude, s.longitude),
                    FOCUS_RADIUS if s is focus else OTHER_RADIUS, s is focus)
              for s in (focus, *others)]
    bar = _scale_bar(frame, words)
    graticule = _graticule(frame, bar.box, words)
    taken = [g.label.box for g in graticule if g.label is not None] + [bar.box]
    taken += [Box(p.x - p.radius - 1, p.y - p.radius - 1, p.x + p.radius + 1, p.y + p.radius + 1)
              for p in points]
    names = []
    for point, spot in zip(points, (focus, *others), strict=True):
        name = _place_name(point, spot.label, frame.plate, taken)
        if name is not None:
            names.append(name)
            taken.append(name.box)
    return Locator(frame, width, height, tuple(points), tuple(names), tuple(graticule), bar)


def _place_name(point: Point, text: str, plate: Box, taken: list[Box]) -> Name | None:
    """The first spot round the point where the name fits on the plate over nothing else;
    None when there is none (the name is then in the link's tooltip and the page's text)."""
    font = FONT if point.focus else SMALL_FONT + 1
    width, gap = text_width(text, font * (1.05 if point.focus else 1)), point.radius + 3
    own = Box(point.x - point.radius - 1, point.y - point.radius - 1,
              point.x + point.radius + 1, point.y + point.radius + 1)
    for dx, dy, anchor in _SPOTS:
        left = point.x + gap if dx > 0 else point.x - gap - width if dx < 0 else point.x - width / 2
        top = (point.y - font / 2 - 1 if dy == 0 else
               point.y - gap - font - 2 if dy < 0 else point.y + gap - 1)
        box = Box(left, top, left + width, top + font + 3)
        if box.inside(plate) and not any(box.overlaps(other) for other in taken if other != own):
            x = left if anchor == "start" else left + width if anchor == "end" else left + width / 2
            return Name(point.id, text, x, top + font * 0.85 + 1, anchor, box, point.focus)
    return None


def _graticule(frame: Frame, keep_clear: Box, words: LocatorWords) -> list[Graticule]:
    """Parallels and meridians at round steps, two to five across each way, each named at one
    edge of the plate unless its name would cover `keep_clear` (the scale bar) or another."""
    plate = frame.plate
    lines: list[Graticule] = []
    taken = [keep_clear]
    for horizontal, low, high, plus, minus in ((True, max(frame.south, -90), min(frame.north, 90), "N", "S"),
                                                (False, frame.west, frame.east, "E", "W")):
        step = next((s for s in _STEPS if (high - low) / s <= 5), _STEPS[-1])
        degrees = math.ceil(low / step) * step
        while degrees < high:
            if horizontal:
                at = frame.project(degrees, frame.centre_longitude)[1]
                text = _degrees(degrees, step, plus, minus, words)
                width = text_width(text, SMALL_FONT)
                box = Box(plate.left + 2, at - SMALL_FONT - 3, plate.left + 2 + width, at - 1)
                name = Name(f"lat:{text}", text, box.left, at - 3, "start", box, False)
            else:
                at = plate.left + (degrees - frame.west) * frame.scale * frame.squeeze
                text = _degrees((degrees + 180) % 360 - 180, step, plus, minus, words)
                width = text_width(text, SMALL_FONT)
                box = Box(at - width / 2, plate.bottom + 3, at + width / 2,
                          plate.bottom + 5 + SMALL_FONT)
                name = Name(f"lon:{text}", text, at, plate.bottom + 3 + SMALL_FONT, "middle", box,
                            False)
            low_end, high_end = (plate.top, plate.bottom) if horizontal else (plate.left, plate.right)
            if low_end + 1 < at < high_end - 1:
                outer = Box(0, plate.top, frame.plate.right + MARGIN, plate.bottom + BOTTOM)
                fits = box.inside(outer) and not any(box.overlaps(other) for other in taken)
                if fits:
                    taken.append(box)
                lines.append(Graticule(degrees, horizontal, at, text, name if fits else None))
            degrees = round(degrees + step, 6)
    return lines


def _degrees(value: float, step: float, plus: str, minus: str, words: LocatorWords) -> str:
    decimals = 0 if step >= 1 else 1 if step * 10 == int(step * 10) else 2
    shown = f"{abs(value):.{decimals}f}"
    return words.degrees(shown, "" if float(shown) == 0 else plus if value > 0 else minus)


def _scale_bar(frame: Frame, words: LocatorWords) -> ScaleBar:
    """A bar of a round number of kilometres, about a fifth of the plate, in its lower left
    corner: true along the frame's middle parallel (equirectangular keeps it there)."""
    plate = frame.plate
    per_km = frame.scale / KM_PER_DEGREE
    target = (plate.right - plate.left) / 5 / per_km
    magnitude = 10 ** math.floor(math.log10(target))
    km = max((m * magnitude for m in (1, 2, 5, 10) if m * magnitude <= target), default=magnitude)
    length = km * per_km
    x, y = plate.left + 8, plate.bottom - 8
    text = words.scale(km)
    text_right = x + max(length, text_width(text, SMALL_FONT))
    return ScaleBar(x, y, length, km, Box(x - 2, y - SMALL_FONT - 6, text_right + 2, y + 4), text)


def distance_km(a: Spot, b: Spot) -> float:
    """Great-circle distance (haversine) between two spots."""
    p1, p2 = math.radians(a.latitude), math.radians(b.latitude)
    dp, dl = p2 - p1, math.radians(b.longitude - a.longitude)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_KM * math.asin(min(1.0, math.sqrt(h)))


COMPASS_POINTS = ("north", "north-east", "east", "south-east", "south", "south-west", "west", "north-west")


def direction(a: Spot, b: Spot) -> str:
    """Which way `b` lies from `a`, as one of eight compass points (initial bearing)."""
    p1, p2 = math.radians(a.latitude), math.radians(b.latitude)
    dl = math.radians(b.longitude - a.longitude)
    across = math.cos(p1) * math.sin(p2) - math.sin(p1) * math.cos(p2) * math.cos(dl)
    bearing = math.degrees(math.atan2(math.sin(dl) * math.cos(p2), across))
    return COMPASS_POINTS[round((bearing % 360) / 45) % 8]
