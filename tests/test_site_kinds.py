"""Kinds a site defines, as readers meet them: on the Suez story (a ship, a court, a renamed
default) and the example (the four defaults only), and every map's legend against what it draws."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from backstory import BuildFailed, build
from backstory.output.search import SEARCH_DIR
from backstory.output.write import LiveOutput
from backstory.pipeline.builder import Builder

from .helpers import BASIC_SITE, FIXTURES, REPO, copy_site, tree_digest
from .helpers import json_ld_of as json_ld
from .helpers import page_html as page

SUEZ = FIXTURES / "sites" / "suez"


@pytest.fixture(scope="module")
def suez(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("suez-kinds") / "site"
    build(copy_site(SUEZ, out.parent / "src"), out)
    return out


@pytest.fixture(scope="module")
def example(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("example-kinds") / "site"
    build(REPO, out)
    return out




def test_a_ship_is_built_not_born(suez):
    html = page(suez, "actors/ever-given")
    assert '<dt>Built</dt> <dd><time datetime="2018">2018</time></dd>' in html
    assert "Born" not in html and "Founded" not in html
    assert "· Ships</p>" in html  # the kicker names its group
    data = json_ld(html)
    assert data["@type"] == "Vehicle" and data["productionDate"] == "2018"
    assert "birthDate" not in data and "foundingDate" not in data


def test_the_whos_who_groups_by_the_sites_kinds_in_its_order(suez):
    headings = re.findall(r'<h2 id="group-\d+">([^<]*)</h2>', page(suez, "actors"))
    assert headings == ["People", "Organizations", "States", "Publications", "Ships", "Courts"]
    court = json_ld(page(suez, "actors/ismailia-economic-court"))
    assert court["@type"] == "GovernmentOrganization"


def test_each_kind_has_its_shape_and_colour_on_the_map(suez):
    html = page(suez, "map")
    ship = re.search(r'class="relmap-node relmap-ship"[^>]*><title>Ever Given \(ship\)[^<]*</title>'
                     r'<polygon class="relmap-shape" points="([^"]*)"', html)
    assert ship and len(ship.group(1).split()) == 6  # a hexagon
    court = re.search(r'class="relmap-node relmap-court"[^>]*><title>[^<]*</title>'
                      r'<polygon class="relmap-shape" points="([^"]*)"', html)
    corners = [tuple(map(float, p.split(","))) for p in court.group(1).split()]
    assert len(corners) == 3 and corners[2][1] > corners[0][1]  # a triangle pointing down
    style = re.search(r"<style>(.*?)</style>", html.split("</head>")[0]).group(1)
    assert ":root{--map-ship:#00707a;--map-court:#8a3b12}" in style  # the palette's first; its own
    assert "--map-court:#f0a070" in style.split("prefers-color-scheme:dark")[1]
    assert "--map-media" not in style  # renamed, but coloured by the stylesheet as before


def test_a_site_of_default_kinds_has_no_kind_style(example):
    assert "<style>" not in page(example, "map").split("</head>")[0]


def maps_and_legends(html: str):
    """(kinds drawn, kinds the legend names) for each map figure of a page."""
    for figure in re.findall(r'<figure class="relmap-figure.*?</figure>', html, re.S):
        drawing, legend = figure.split('<ul class="relmap-legend">')
        drawn = set(re.findall(r'class="relmap-node relmap-([a-z-]+)', drawing))
        drawn |= {"participant" for _ in re.findall(r"relmap-edge relmap-participant", drawing)[:1]}
        drawn |= {"led_to" for _ in re.findall(r"relmap-edge relmap-led-to", drawing)[:1]}
        named = set(re.findall(r'<g class="relmap-([a-z-]+)">', legend))
        named |= {"participant" for _ in re.findall(r"relmap-participant", legend)[:1]}
        named |= {"led_to" for _ in re.findall(r"relmap-led-to", legend)[:1]}
        yield drawn, named


def legends_checked(site: Path) -> int:
    """How many maps the site's pages draw, each checked: its legend names what it draws."""
    checked = 0
    for path in sorted(site.rglob("index.html")):
        for drawn, named in maps_and_legends(path.read_text(encoding="utf-8")):
            assert drawn == named, path
            checked += 1
    return checked


@pytest.mark.parametrize("which", ["example", "suez"])
def test_every_legend_names_exactly_what_its_map_draws(which, request):
    site = request.getfixturevalue(which)
    assert legends_checked(site) > 10


def test_a_change_to_the_kinds_renders_and_reads_again(tmp_path):
    site = copy_site(SUEZ, tmp_path / "src")
    builder = Builder(site)
    live = LiveOutput(tmp_path / "live")
    builder.update(live)
    settings = site / "site.yaml"
    settings.write_text(settings.read_text().replace("plural: Ships", "plural: Vessels"))
    builder.update(live, {"site.yaml"})
    assert "<h2 id=\"group-5\">Vessels</h2>" in page(live.root, "actors")
    clean = tmp_path / "clean"
    build(site, clean)
    assert tree_digest(live.root) == {k: v for k, v in tree_digest(clean).items()
                                      if not k.startswith(f"{SEARCH_DIR}/")}
    # The date names are how actors are read: renamed, the ship's `built:` is now wrong.
    settings.write_text(settings.read_text().replace("[built, scrapped]", "[launched, scrapped]"))
    shutil.rmtree(clean)
    with pytest.raises(BuildFailed) as failed:
        build(site, clean)
    report = failed.value.format()
    assert "content/actors/ever-given.md:8:1: error: unknown field 'built' for actors" in report


def test_the_generated_corpus_draws_its_kinds_and_names_them(tmp_path):
    from benchmarks.corpus import write_corpus

    write_corpus(tmp_path / "src", articles=120)
    out = tmp_path / "site"
    build(tmp_path / "src", out)
    headings = re.findall(r'<h2 id="group-\d+">([^<]*)</h2>', page(out, "actors"))
    assert headings == ["People", "Organizations", "States", "Media", "Ships", "Courts"]
    assert re.search(r"<dt>Built</dt> <dd><time", page(out, "actors/elena-abramov-4"))
    assert legends_checked(out) > 20


def test_one_mistake_in_a_kind_is_one_error_not_one_per_actor(tmp_path):
    site = copy_site(SUEZ, tmp_path / "src")
    settings = site / "site.yaml"
    settings.write_text(settings.read_text().replace("    shape: hexagon\n",
                                                     '    shape: hexagon\n    colour: "#9c2a78"\n'))
    with pytest.raises(BuildFailed) as failed:
        build(site, tmp_path / "out")
    assert [(d.path, d.message[:30]) for d in failed.value.diagnostics] == [
        ("site.yaml", "#9c2a78 stands out 2.6:1 from ")]


def test_sort_name_sets_where_lists_put_an_actor(tmp_path):
    source = copy_site(BASIC_SITE, tmp_path / "src")

    def people(out: Path) -> list[str]:
        html = (out / "actors/index.html").read_text(encoding="utf-8")
        html = html[html.index(">People<"):]
        return re.findall(r'class="entity-name"[^>]*>([^<]+)<', html[:html.index("</ul>")])

    build(source, tmp_path / "before")
    assert people(tmp_path / "before") == ["Charles Babbage", "Ada Lovelace"]  # family names
    charles = source / "content/actors/charles-babbage.md"
    charles.write_text(charles.read_text(encoding="utf-8").replace(
        "name: Charles Babbage", "name: Charles Babbage\nsort_name: Zz, as written"), encoding="utf-8")
    build(source, tmp_path / "after")
    assert people(tmp_path / "after") == ["Ada Lovelace", "Charles Babbage"]  # the name as written
