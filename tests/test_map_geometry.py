"""Every relationship map of the example, the Suez story and a generated corpus, checked as
geometry on the SVG the build wrote (mapgeometry.py): nothing clipped by the picture's bounds, and
every arrow pointing the way time runs. The checker is itself checked on pictures that break
each rule."""

from __future__ import annotations

from pathlib import Path

import pytest

from backstory import build
from backstory.pictures.labels import Label
from backstory.pictures.network import Edge, Node
from backstory.pictures.svg import render_svg

from .helpers import FIXTURES, REPO, copy_site
from .mapgeometry import maps_in, problems

ALWAYS = ("clipped", "backwards")  # what no map may ever show


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> dict[str, Path]:
    from benchmarks.corpus import write_corpus

    root = tmp_path_factory.mktemp("geometry")
    write_corpus(root / "corpus-src", articles=120)
    sources = {"example": REPO, "suez": copy_site(FIXTURES / "sites" / "suez", root / "suez-src"),
               "corpus": root / "corpus-src"}
    outs = {}
    for name, source in sources.items():
        outs[name] = root / name
        build(source, outs[name])
    return outs


@pytest.mark.parametrize("name", ["example", "suez", "corpus"])
def test_no_map_is_clipped_and_every_arrow_runs_with_time(sites, name):
    checked, wrong = 0, []
    for page in sorted(sites[name].rglob("index.html")):
        for svg in maps_in(page.read_text(encoding="utf-8")):
            checked += 1
            wrong += [(page.relative_to(sites[name]).as_posix(), what, which)
                      for what, which in problems(svg) if what in ALWAYS]
    assert checked > 15 and wrong == []


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
