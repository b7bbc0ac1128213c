"""Pieces shared by pages (fragments.py): each page comes out as if it had made them itself."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from backstory.pages.fragments import Fragments, cached
from backstory.pages.maps import page_map
from backstory.pages.render import render_page
from backstory.pages.urls import Urls
from backstory.pages.views import Views
from backstory.pipeline.builder import Builder
from backstory.pipeline.rendering import plan
from benchmarks.corpus import write_corpus
from tests.helpers import REPO, copy_site

pytestmark = pytest.mark.slow  # whole sites loaded and rendered several times over


@pytest.fixture(scope="module")
def loaded_sites(tmp_path_factory):
    corpus = tmp_path_factory.mktemp("corpus")
    write_corpus(corpus, 120)
    example = copy_site(REPO, tmp_path_factory.mktemp("example") / "site")
    found = []
    for source in (corpus, example):
        builder = Builder(source, jobs=1)
        loaded = builder.load()
        found.append((builder, loaded, list(plan(loaded, builder.source).values())))
    return found


def rendered(builder, loaded, specs, fragments):
    return {spec.output: render_page(loaded.env, spec, loaded.site, loaded.config,
                                     builder.source, loaded.assets, fragments)
            for spec in specs}


@pytest.mark.parametrize("site", [0, 1], ids=["corpus", "example"])
def test_pages_are_the_same_with_shared_pieces_in_any_order(loaded_sites, site):
    builder, loaded, specs = loaded_sites[site]
    alone = rendered(builder, loaded, specs, None)
    shuffled = specs[:]
    random.Random(7).shuffle(shuffled)
    for order in (specs, shuffled, specs[::-1]):
        shared = Fragments()
        together = rendered(builder, loaded, order, shared)
        assert shared._made, "no piece was shared: the test shows nothing"
        for output, page in alone.items():
            # The HTML, the cards it ships and what it read (its deps): all as made alone.
            assert together[output].html == page.html, output
            assert together[output].touched == page.touched, output


def test_a_piece_that_reads_other_records_gives_each_page_those_reads(tmp_path):
    # An event's entry that names its participants and measures its body: what the piece
    # reads beyond its argument, some pages have read before it and some have not.
    site = tmp_path / "site"
    write_corpus(site, 80)
    lists = (REPO / "layouts" / "partials" / "lists.html").read_text()
    entry = '<a class="entity-name" href="{{ event.url }}"{{ event.lang_attribute }}>{{ event.title }}</a>'
    assert entry in lists
    write_layouts(site, {"partials/lists.html": lists.replace(entry, entry + (
        "{% for p in event.participants %}<a href='{{ p.actor.url }}'>{{ p.actor.name }}</a>"
        "{% endfor %}{{ event.body|length }}"))})
    # Some pages read an event's body before its entry: the piece, if made there, must
    # still say that it reads the body, for the pages that never read it themselves.
    article = (REPO / "layouts" / "article.html").read_text()
    item = "{{ cached(event_item, event) }}"
    assert item in article
    write_layouts(site, {"article.html": article.replace(item, (
        "{% if article.slug.endswith('1') %}{{ event.body|length }}{% endif %}" + item))})
    builder = Builder(site, jobs=1)
    loaded = builder.load()
    specs = list(plan(loaded, builder.source).values())
    alone = rendered(builder, loaded, specs, None)
    for order in (specs, specs[::-1]):
        together = rendered(builder, loaded, order, Fragments())
        for output, page in alone.items():
            assert together[output].touched == page.touched, output
            assert together[output].html == page.html, output  # cards of the linked actors


def test_a_piece_made_after_the_page_read_its_record_still_notes_that_read(loaded_sites):
    builder, loaded, specs = loaded_sites[0]
    macro = loaded.env.from_string(
        "{% macro sized(e) %}{{ e.title }} {{ e.body|length }}{% endmacro %}").module.sized
    event = next(spec.slug for spec in specs if spec.layout == "event.html")
    shared = Fragments()
    pages = [Views(loaded.site, loaded.config, Urls(loaded.config, f"articles/a{n}/"), shared,
                   map_of=page_map)
             for n in range(2)]
    first = pages[0].of(event)
    assert first.body  # this page read the body before it asked for the piece
    assert cached(macro, first) == cached(macro, pages[1].of(event))
    assert f"body:{event}" in pages[1].touched  # the second page only read it through the piece
    assert len(shared._made) == 1


def test_a_piece_is_made_once_per_depth_and_reused(loaded_sites):
    builder, loaded, specs = loaded_sites[0]
    shared = Fragments()
    asked, made = [], []
    original = shared.keyed  # what piece() and cached() both come to

    def counting(views, key, make):
        asked.append(key)

        def counted():
            made.append(key)
            return make()
        return original(views, key, counted)

    shared.keyed = counting
    rendered(builder, loaded, specs, shared)
    assert {"card" if "card" in key else "macro" for key in asked} == {"macro", "card"}
    assert len(made) == len(set(made)) == len(shared._made)  # once per depth and key
    assert len(asked) > 3 * len(made)  # and reused: here each piece about five times


def write_layouts(site: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = site / "layouts" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def test_cached_needs_a_macro_and_says_so(tmp_path):
    site = copy_site(REPO, tmp_path / "site")
    write_layouts(site, {"article.html": "{% extends 'base.html' %}{% block main %}"
                                         "{{ cached(article.title, article) }}{% endblock %}"})
    builder = Builder(site, jobs=1)
    loaded = builder.load()
    spec = next(s for s in plan(loaded, builder.source).values() if s.layout == "article.html")
    problem = render_page(loaded.env, spec, loaded.site, loaded.config, site, loaded.assets,
                          Fragments())
    assert "cached() takes a macro, then its arguments; got str" in problem.message
    assert problem.path.endswith("article.html") and problem.line == 1


def test_a_macro_that_cannot_be_keyed_or_calls_back_is_made_each_time(tmp_path):
    site = copy_site(REPO, tmp_path / "site")
    write_layouts(site, {"article.html": (
        "{% extends 'base.html' %}"
        "{% macro shown(a, things) %}<b>{{ a.title }} {{ things|join(',') }}</b>{% endmacro %}"
        "{% macro framed(a) %}<i>{{ caller() }}</i>{% endmacro %}"
        "{% block main %}{{ cached(shown, article, [article.slug, 'x']) }}"
        "{% call cached(framed, article) %}{{ article.slug }}{% endcall %}{% endblock %}")})
    builder = Builder(site, jobs=1)
    loaded = builder.load()
    specs = [s for s in plan(loaded, builder.source).values() if s.layout == "article.html"]
    shared = Fragments()
    pages = rendered(builder, loaded, specs, shared)
    assert not shared._made  # a list argument has no key; a call block has a caller
    for spec in specs:
        slug = spec.slug
        title = loaded.site.get(slug).title
        html = pages[spec.output].html
        assert f"<b>{title} {slug},x</b>".replace("'", "&#39;") in html
        assert f"<i>{slug}</i>" in html
