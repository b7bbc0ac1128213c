"""The locator map as geometry: each point where its coordinates say, names on the plate and over
nothing else, a graticule at the degrees it names, a scale bar of the length it says; and the
drawing, which writes those positions and decides nothing."""

from __future__ import annotations

import math
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from backstory.pictures.locator import (
    HEIGHT,
    KM_PER_DEGREE,
    MIN_SPAN,
    WIDTH,
    Spot,
    direction,
    distance_km,
    frame_round,
    locate,
)
from backstory.pictures.locatorsvg import render_locator

MOSCOW = Spot("moscow", "Moscow", 55.7558, 37.6173)
MINSK = Spot("minsk", "Minsk", 53.9, 27.5667)
SUEZ = [Spot("suez-canal", "Suez Canal", 30.705, 32.3442), Spot("ismailia", "Ismailia", 30.5833, 32.2667),
        Spot("port-said", "Port Said", 31.25, 32.3), Spot("suez", "Suez", 29.9667, 32.55),
        Spot("great-bitter-lake", "Great Bitter Lake", 30.3333, 32.3833)]

latitudes = st.floats(-80, 80, allow_nan=False)
longitudes = st.floats(-180, 180, allow_nan=False, exclude_max=True)


@st.composite
def neighbourhoods(draw):
    """A place and up to eight others within a few degrees of it, with names of any length."""
    lat, lon = draw(latitudes), draw(longitudes)
    spots = [Spot("focus", draw(st.text("abc XYZ", min_size=1, max_size=30)), lat, lon)]
    for n in range(draw(st.integers(0, 8))):
        spots.append(Spot(f"p{n}", draw(st.text("abc XYZ", min_size=1, max_size=24)),
                          max(-89.0, min(89.0, lat + draw(st.floats(-6, 6)))),
                          (lon + draw(st.floats(-9, 9)) + 180) % 360 - 180))
    return spots


def test_the_focus_and_its_neighbours_are_where_their_coordinates_say():
    locator = locate(MOSCOW, [MINSK])
    frame = locator.frame
    moscow, minsk = locator.points
    assert (moscow.id, moscow.focus, minsk.id, minsk.focus) == ("moscow", True, "minsk", False)
    assert frame.unproject(moscow.x, moscow.y) == pytest_approx((55.7558, 37.6173))
    assert frame.unproject(minsk.x, minsk.y) == pytest_approx((53.9, 27.5667))
    # Minsk lies west and south of Moscow: left of it and lower on the plate.
    assert minsk.x < moscow.x and minsk.y > moscow.y
    # Equirectangular round the middle parallel: a degree east is cos(latitude) of a degree north.
    per_lat = frame.project(54, 30)[1] - frame.project(55, 30)[1]
    per_lon = frame.project(55, 31)[0] - frame.project(55, 30)[0]
    assert per_lon / per_lat == approx_float(math.cos(math.radians((55.7558 + 53.9) / 2)))


@settings(max_examples=150, deadline=None)
@given(neighbourhoods())
def test_projection_round_trips_and_every_point_lies_on_the_plate(spots):
    locator = locate(spots[0], spots[1:])
    plate = locator.frame.plate
    for spot, point in zip(spots, locator.points, strict=True):
        lat, lon = locator.frame.unproject(point.x, point.y)
        assert math.isclose(lat, spot.latitude, abs_tol=1e-6)
        assert math.isclose(((lon - spot.longitude + 180) % 360) - 180, 0, abs_tol=1e-6)
        assert plate.left < point.x < plate.right and plate.top < point.y < plate.bottom


@settings(max_examples=150, deadline=None)
@given(neighbourhoods())
def test_names_stay_on_the_plate_and_cover_no_name_point_or_graticule_label(spots):
    locator = locate(spots[0], spots[1:])
    plate = locator.frame.plate
    names = list(locator.names)
    degrees = [g.label for g in locator.graticule if g.label is not None]
    for name in names:
        assert name.box.inside(plate), name
        assert not name.box.overlaps(locator.scale.box)
        for point in locator.points:
            r = point.radius
            disc = (point.x - r, point.y - r, point.x + r, point.y + r)
            assert not (name.box.left < disc[2] and disc[0] < name.box.right
                        and name.box.top < disc[3] and disc[1] < name.box.bottom), (name, point)
        assert not any(name.box.overlaps(label.box) for label in degrees)
    for i, name in enumerate(names):
        assert not any(name.box.overlaps(other.box) for other in names[i + 1:]), name
    for i, label in enumerate(degrees):
        assert not any(label.box.overlaps(other.box) for other in degrees[i + 1:]), label
        assert not label.box.overlaps(locator.scale.box)
        assert 0 <= label.box.left and label.box.right <= locator.width
        assert 0 <= label.box.top and label.box.bottom <= locator.height


def test_the_focus_is_named_first_and_a_name_without_room_is_left_out():
    crowd = [Spot(f"p{n}", f"Place number {n}", 30 + n * 0.001, 32 + n * 0.001) for n in range(8)]
    locator = locate(Spot("focus", "The place", 30, 32), crowd)
    assert locator.names[0].id == "focus" and locator.names[0].focus
    assert len(locator.names) < 9  # eight points on one spot cannot all be named beside it


def test_the_frame_holds_every_spot_with_room_and_is_never_a_blur():
    frame = frame_round(SUEZ)
    assert frame.north - frame.south >= MIN_SPAN - 1e-9
    for spot in SUEZ:
        assert frame.south < spot.latitude < frame.north and frame.west < spot.longitude < frame.east
    alone = frame_round([MOSCOW])
    assert math.isclose(alone.north - alone.south, MIN_SPAN)
    x, y = alone.project(MOSCOW.latitude, MOSCOW.longitude)
    assert math.isclose(x, WIDTH / 2) and math.isclose(y, (8 + HEIGHT - 22) / 2)  # in the middle


def test_a_frame_across_the_180th_meridian_keeps_both_sides_together():
    fiji, samoa = Spot("suva", "Suva", -18.14, 178.44), Spot("apia", "Apia", -13.83, -171.77)
    locator = locate(fiji, [samoa])
    suva, apia = locator.points
    assert apia.x > suva.x  # east of Fiji, across the date line, not across the world
    assert apia.x - suva.x < WIDTH
    assert locator.frame.unproject(apia.x, apia.y) == pytest_approx((-13.83, -171.77))
    shown = [g.text for g in locator.graticule if not g.horizontal]
    assert all(text.endswith(("E", "W")) or text == "180°" for text in shown), shown


def test_the_graticule_is_at_the_degrees_it_names():
    locator = locate(MOSCOW, [MINSK])
    frame = locator.frame
    parallels = [g for g in locator.graticule if g.horizontal]
    meridians = [g for g in locator.graticule if not g.horizontal]
    assert 2 <= len(parallels) <= 6 and 2 <= len(meridians) <= 6
    for line in parallels:
        assert math.isclose(frame.project(line.degrees, 30)[1], line.at)
        assert line.text == f"{line.degrees:.0f}° N"
    for line in meridians:
        assert math.isclose(frame.project(55, line.degrees)[0], line.at)
        assert line.text == f"{line.degrees:.0f}° E"


def test_the_scale_bar_is_as_long_as_its_kilometres_on_the_middle_parallel():
    locator = locate(SUEZ[0], SUEZ[1:])
    bar, frame = locator.scale, locator.frame
    assert bar.km in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000)
    # Along a meridian a degree is KM_PER_DEGREE: the bar covers that many pixels per degree.
    assert math.isclose(bar.length, bar.km / KM_PER_DEGREE * frame.scale)
    width = frame.plate.right - frame.plate.left
    assert width / 10 < bar.length <= width / 5


def test_distances_and_directions_read_as_a_reader_expects():
    assert 670 < distance_km(MOSCOW, MINSK) < 680
    assert direction(MOSCOW, MINSK) == "west" and direction(MINSK, MOSCOW) == "east"
    assert direction(SUEZ[3], SUEZ[2]) == "north" and direction(SUEZ[2], SUEZ[3]) == "south"
    assert distance_km(MOSCOW, MOSCOW) == 0


def test_the_drawing_writes_the_positions_and_links_the_other_places():
    locator = locate(MOSCOW, [MINSK])
    svg = render_locator(locator, title="Where Moscow is", description="Moscow & Minsk <b>",
                         hrefs={"minsk": "../minsk/index.html"},
                         tips={"moscow": "Moscow", "minsk": "Minsk: 680 km west"}, styled=False)
    assert svg == render_locator(locator, title="Where Moscow is", description="Moscow & Minsk <b>",
                                 hrefs={"minsk": "../minsk/index.html"},
                                 tips={"moscow": "Moscow", "minsk": "Minsk: 680 km west"}, styled=False)
    assert "<style>" not in svg and "Moscow &amp; Minsk &lt;b&gt;" in svg
    moscow, minsk = locator.points
    assert f'cx="{moscow.x:.1f}" cy="{moscow.y:.1f}" r="6"' in svg
    assert '<a href="../minsk/index.html" class="locmap-place" data-place="minsk">' in svg
    assert svg.count("<a ") == 1  # the page's own place is no link to itself
    assert len(re.findall(r'class="locmap-name"', svg)) == len(locator.names)
    assert "http" not in svg.replace("http://www.w3.org/2000/svg", "")  # nothing fetched


def pytest_approx(expected):
    import pytest

    return pytest.approx(expected, abs=1e-9)


def approx_float(expected):
    import pytest

    return pytest.approx(expected, rel=1e-9)
