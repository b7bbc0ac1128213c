"""Every relationship map of the example, the Suez story, a generated corpus and a generated
site too large for its overview to draw whole, checked as geometry on the SVG the build wrote
(mapgeometry.py), every rule on every map. The checker is itself checked on pictures that break
each rule."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from backstory import build
from backstory.pictures.labels import Label
from backstory.pictures.network import Edge, Node
from backstory.pictures.svg import render_svg

from .helpers import FIXTURES, REPO, copy_site
from .mapgeometry import maps_in, problems

pytestmark = pytest.mark.slow  # every map of four whole sites, a generated corpus among them

SITES = ["example", "suez", "corpus", "dense"]


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> dict[str, Path]:
    from benchmarks.corpus import write_corpus

    root = tmp_path_factory.mktemp("geometry")
    write_corpus(root / "corpus-src", articles=120)
    write_corpus(root / "dense-src", articles=600)  # over 60 actors and events: the overview chooses
    sources = {"example": REPO, "suez": copy_site(FIXTURES / "sites" / "suez", root / "suez-src"),
               "corpus": root / "corpus-src", "dense": root / "dense-src"}
    outs = {}
    for name, source in sources.items():
        outs[name] = root / name
        build(source, outs[name])
    return outs


def _maps(out: Path):
    for page in sorted(out.rglob("index.html")):
        html = page.read_text(encoding="utf-8")
        for svg in maps_in(html):
            yield page.relative_to(out).as_posix(), html, svg


@pytest.mark.parametrize("name", SITES)
def test_no_map_says_anything_untrue(sites, name):
    """Every rule, on every map: nothing clipped, no line through a node it does not join, no
    name over a name, a shape or a line, no name nearer another node than its own, every arrow
    with time."""
    checked, wrong = 0, []
    for page, _, svg in _maps(sites[name]):
        checked += 1
        wrong += [(page, what, which) for what, which in problems(svg)]
    assert checked > 15 and wrong == []


@pytest.mark.parametrize("name", SITES)
def test_every_node_is_named_or_numbered_and_the_caption_gives_each_number(sites, name):
    unnamed = drawn = 0
    for page, html, svg in _maps(sites[name]):
        nodes = re.findall(r'data-node="([^"]+)"><title>([^<]*)</title>', svg)
        texts = dict(re.findall(r'data-node="([^"]+)"><title>[^<]*</title><[^>]*>(<text.*?</text>)?', svg))
        numbers = re.findall(r'relmap-number" text-anchor="\w+"><tspan[^>]*>(\d+)<', svg)
        drawn += len(nodes)
        unnamed += sum(not texts.get(node) for node, _ in nodes)
        if numbers:  # each number once, and the caption names every one of them, in order
            caption = re.search(r'<p class="relmap-numbers">(.*?)</p>', html, re.S).group(1)
            assert sorted(map(int, numbers)) == list(range(1, len(numbers) + 1)), page
            assert re.findall(r"<b>(\d+)</b>", caption) == [str(k) for k in range(1, len(numbers) + 1)]
    # The three stories name every node; the dense overview leaves at most one in ten to its
    # tooltip (measured: 4 of 60).
    assert drawn > 100 and (unnamed == 0 if name != "dense" else unnamed <= drawn // 10), unnamed


def test_a_dense_site_gets_a_readable_overview_and_every_node_one_choice_away(sites):
    html = (sites["dense"] / "map" / "index.html").read_text(encoding="utf-8")
    wide = maps_in(html)[0]
    assert wide.count('class="relmap-node ') == 60
    assert "Showing the 60 most connected of" in html and "relmap-scrolls" not in html
    options = re.findall(r'<option value="([^"]+)"( data-href="([^"]+)")?>', html)
    elsewhere = [(slug, href) for slug, _, href in options if href]
    assert len(options) > 60 and len(options) - len(elsewhere) == 60
    for slug, href in elsewhere:  # its own page, at its map
        assert href.endswith("#map-title") and f"/{slug}/" in href
        page = (sites["dense"] / "map" / href.split("#")[0]).resolve()
        page = page / "index.html" if page.is_dir() else page
        assert 'id="map-title"' in page.read_text(encoding="utf-8")


def draw(nodes, edges, positions, labels, width=300.0, height=200.0, focus=None) -> str:
    return render_svg(nodes, edges, positions, labels, title="t", width=width, height=height,
                      focus=focus, styled=False)


NODES = [Node("a", "A", "event", "/a/"), Node("b", "B", "event", "/b/"), Node("p", "P", "person", "/p/")]


def test_the_checker_sees_each_kind_of_untruth():
    fine = draw(NODES, [Edge("a", "b", "led_to")], {"a": (50, 100), "b": (250, 100), "p": (150, 30)},
                {"a": Label(50, 110, "middle", ("A",)), "b": None, "p": None})
    assert problems(fine) == []
    backwards = draw(NODES, [Edge("b", "a", "led_to")], {"a": (50, 100), "b": (250, 100), "p": (150, 30)},
                     {"a": None, "b": None, "p": None})
    assert ("backwards", "b -> a") in problems(backwards)
    through = draw(NODES, [Edge("a", "b", "led_to")], {"a": (50, 100), "b": (250, 100), "p": (150, 100)},
                   {"a": None, "b": None, "p": None})
    assert ("edge through node", "a-b through p") in problems(through)
    clipped = draw(NODES, [], {"a": (5, 100), "b": (250, 100), "p": (150, 30)},
                   {"a": Label(5, 110, "end", ("A long name",)), "b": None, "p": None})
    assert ("clipped", "a") in problems(clipped) and ("clipped", "label a") in problems(clipped)
    crowded = draw(NODES, [], {"a": (100, 100), "b": (200, 100), "p": (150, 30)},
                   {"a": Label(100, 95, "start", ("Alphabet soup",)), "b": Label(110, 95, "start", ("Beta",)),
                    "p": Label(150, 100, "middle", ("P",))})
    assert ("labels overlap", "a / b") in problems(crowded)
    assert ("label on shape", "a on b") in problems(crowded)
