"""Incremental updates render only what a change affects and match a clean build byte for byte."""

from __future__ import annotations

import os
import re
import shutil

import pytest
from PIL import Image

from backstory import BuildFailed, build
from backstory.output.search import SEARCH_DIR
from backstory.output.state import STATE_DIR
from backstory.output.write import LiveOutput
from backstory.pages.render import default_layouts_dir
from backstory.pipeline.builder import Builder

from .helpers import BASIC_SITE, copy_site, tree_digest

pytestmark = pytest.mark.slow  # each change is built twice: incrementally and clean


class Session:
    """A site, a Builder kept across changes (as the dev server keeps one), and its output.

    With `told`, each update is told which files changed, as the watcher tells the dev server,
    so edits in place take the fast path; without, the Builder finds changes itself.
    """

    def __init__(self, tmp_path, told: bool, base_url: str | None = None, hashed: bool = False):
        self.tmp, self.told, self.base_url, self.hashed = tmp_path, told, base_url, hashed
        self.site = copy_site(BASIC_SITE, tmp_path / "src")
        # Like the preview's Builder, asset names carry no hash unless asked.
        self.builder = Builder(self.site, base_url=base_url, hash_assets=hashed)
        self.live = LiveOutput(tmp_path / "live")
        first = self.builder.update(self.live)
        # 14 pages, 7 embeds, timeline.json, graph.json and search/names.json; stylesheet,
        # icon, timeline.js, timescale.js, cards.js, search.js, suggest.js, map.js, embed.js
        # (and each of those nine again under its hashed name); with a base_url two feeds,
        # the sitemap, robots
        assert len(first.written) == 33 + (9 if hashed else 0) + (4 if base_url else 0)
        self.check_matches_clean_build()
        self.sources = {p: d for p, d in tree_digest(self.site).items()
                        if not p.startswith(STATE_DIR + "/")}  # the clean builds' records

    def edit(self, relative: str, old: str, new: str) -> None:
        path = self.site / relative
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {relative}"
        path.write_text(text.replace(old, new), encoding="utf-8")

    def changed(self) -> set[str]:
        """What a watcher would report: every path added, removed or modified since last time."""
        now = {p: d for p, d in tree_digest(self.site).items() if not p.startswith(STATE_DIR + "/")}
        paths = {p for p in now.keys() | self.sources.keys() if now.get(p) != self.sources.get(p)}
        self.sources = now
        return paths if self.told else set()

    def update(self):
        result = self.builder.update(self.live, self.changed())
        self.check_matches_clean_build()
        return result

    def check_matches_clean_build(self) -> None:
        clean = self.tmp / "clean"
        shutil.rmtree(clean, ignore_errors=True)
        build(self.site, clean, base_url=self.base_url, hash_assets=self.hashed)
        # The search bundle is not an update's to write: a preview's BackgroundIndexer makes it
        # (test_serve.py compares that with a clean build).
        expected = {name: digest for name, digest in tree_digest(clean).items()
                    if not name.startswith(f"{SEARCH_DIR}/")}
        assert tree_digest(self.live.root) == expected


@pytest.fixture(params=["told", "scan"])
def session(tmp_path, request) -> Session:
    return Session(tmp_path, told=request.param == "told")


@pytest.fixture(params=["told", "scan"])
def published(tmp_path, request) -> Session:
    """A site with a base_url: it has feeds, a sitemap and robots.txt."""
    return Session(tmp_path, told=request.param == "told", base_url="https://example.org/x/")


FEEDS = {"feed.xml", "events/feed.xml", "sitemap.xml"}


def test_article_title_edit_updates_the_feed_and_sitemap(published):
    published.edit("content/articles/first-program.md", "<em>not</em> what you think",
                   "what it was")
    written = set(published.update().written)
    assert {"feed.xml", "sitemap.xml"} <= written and "events/feed.xml" not in written


def test_article_date_and_updated_edit_updates_the_feed_and_sitemap(published):
    published.edit("content/articles/first-program.md", "date: 2024-01-15",
                   "date: 2024-01-10\nupdated: 2024-02-01")
    written = set(published.update().written)
    assert {"feed.xml", "sitemap.xml"} <= written
    assert "2024-02-01T00:00:00Z" in (published.live.root / "feed.xml").read_text()


def test_article_body_edit_updates_the_feed(published):
    published.edit("content/articles/first-program.md", "annotated a paper", "translated a paper")
    written = set(published.update().written)
    # index.html: the front page shows the newest article's opening paragraph.
    assert written == {"articles/first-program/index.html", "feed.xml", "index.html"}


def test_event_date_edit_updates_the_events_feed_and_sitemap(published):
    published.edit("content/events/engine-remembered.md", "date: 1991-11-29", "date: 1840-01-01")
    written = set(published.update().written)
    assert {"events/feed.xml", "sitemap.xml"} <= written


def test_new_article_joins_the_feed_and_sitemap(published):
    (published.site / "content/articles/second.md").write_text(
        "---\ntitle: Second\ndate: 2025-01-01\nsummary: More.\n---\nText.\n")
    written = set(published.update().written)
    assert FEEDS - {"events/feed.xml"} <= written
    os.remove(published.site / "content/articles/second.md")
    assert "articles/second/index.html" in published.update().removed


def test_own_robots_txt_replaces_the_built_one_and_back(published):
    (published.site / "static").mkdir()
    (published.site / "static/robots.txt").write_text("User-agent: *\nDisallow: /\n")
    result = published.update()
    assert result.written == ["robots.txt"] and result.removed == []
    os.remove(published.site / "static/robots.txt")
    result = published.update()
    assert result.written == ["robots.txt"] and result.removed == []


def test_nothing_changed_renders_nothing(session):
    result = session.update()
    assert result.written == [] and result.removed == []


def test_article_body_edit_renders_that_article_and_the_front_page_it_leads(session):
    session.edit("content/articles/first-program.md", "annotated a paper", "translated a paper")
    result = session.update()
    # The front page opens with the newest article's first paragraph; no other page shows a body.
    assert result.written == ["articles/first-program/index.html", "index.html"]
    assert result.patched == session.told


def test_article_summary_edit_renders_the_pages_that_show_it(session):
    session.edit("content/articles/first-program.md", "How a set of notes became a landmark.",
                 "Why the notes matter.")
    assert set(session.update().written) == {
        "articles/first-program/index.html", "articles/index.html", "index.html",
        "actors/ada-lovelace/index.html", "actors/charles-babbage/index.html",
        "actors/royal-society/index.html", "events/analytical-engine-notes/index.html",
        "graph.json",  # which lists every article (its title, date and references)
        "search/names.json",  # which lists every article's title
        # re-rendered as their full pages are (what the records read), though they show no article
        "embed/actors/ada-lovelace/index.html", "embed/events/analytical-engine-notes/index.html"}


def test_actor_rename_renders_every_page_that_shows_the_name(session):
    session.edit("content/actors/charles-babbage.md", "name: Charles Babbage", "name: C. Babbage")
    result = session.update()
    assert result.patched == session.told
    written = set(result.written)
    assert "articles/first-program/index.html" in written  # its [[charles-babbage]] link text
    assert "events/engine-remembered/index.html" in written
    assert "actors/index.html" in written and "index.html" in written
    assert "search/names.json" in written  # "Did you mean C. Babbage?"
    assert "404.html" not in written and "articles/index.html" not in written


def test_a_new_alias_links_it_in_other_bodies_and_adds_the_mention(session):
    session.edit("content/actors/royal-society.md", "name: Royal Society",
                 "name: Royal Society\naliases: [Engineers]")
    result = session.update()
    assert result.patched == session.told
    written = set(result.written)
    assert "events/engine-remembered/index.html" in written  # "Engineers" is a link now
    assert "actors/royal-society/index.html" in written  # and "also mentioned on" it
    page = (session.live.root / "events/engine-remembered/index.html").read_text(encoding="utf-8")
    assert 'href="../../actors/royal-society/index.html">Engineers</a>' in page


def test_actor_summary_edit_renders_the_pages_whose_hover_cards_show_it(session):
    session.edit("content/actors/ada-lovelace.md",
                 "summary: A mathematician who wrote the first published program.",
                 "summary: A mathematician and writer.")
    result = session.update()  # the update equals a clean build: checked in update()
    assert result.patched == session.told
    # Charles Babbage's page shows Ada only as a name under "mentioned on"; her card has more.
    page = (session.live.root / "actors/charles-babbage/index.html").read_text()
    assert "actors/charles-babbage/index.html" in result.written
    assert page.count("A mathematician and writer.") == 1


def test_new_reference_updates_the_page_it_points_to(session):
    session.edit("content/events/engine-remembered.md", "  - charles-babbage: designer",
                 "  - charles-babbage: designer\n  - royal-society: host")
    result = session.update()
    assert result.patched == session.told
    written = set(result.written)
    assert {"actors/royal-society/index.html", "events/engine-remembered/index.html"} <= written


def test_added_and_deleted_pages(session):
    (session.site / "content/actors/grace-hopper.md").write_text(
        "---\nname: Grace Hopper\nkind: person\nsummary: A computer scientist.\n---\n"
        "She read [[ada-lovelace]].\n", encoding="utf-8")
    result = session.update()
    assert "actors/grace-hopper/index.html" in result.written
    assert "actors/ada-lovelace/index.html" in result.written  # a new "mentioned on"
    os.remove(session.site / "content/actors/grace-hopper.md")
    result = session.update()
    assert result.removed == ["actors/grace-hopper/index.html", "embed/actors/grace-hopper/index.html"]
    assert not (session.live.root / "actors/grace-hopper").exists()


def test_renamed_file_moves_its_page(session):
    session.edit("content/events/analytical-engine-notes.md", "led_to: [engine-remembered]\n", "")
    os.rename(session.site / "content/events/engine-remembered.md",
              session.site / "content/events/engine-rebuilt.md")
    result = session.update()
    assert "events/engine-rebuilt/index.html" in result.written
    assert result.removed == ["embed/events/engine-remembered/index.html",
                              "events/engine-remembered/index.html"]


def test_layout_edit_renders_the_pages_that_use_it(session):
    (session.site / "layouts").mkdir()
    shutil.copyfile(default_layouts_dir() / "event.html", session.site / "layouts/event.html")
    session.edit("layouts/event.html", '{{ t("event.who_was_there") }}</h2>', "Who took part</h2>")
    assert set(session.update().written) == {"events/analytical-engine-notes/index.html",
                                             "events/engine-remembered/index.html"}


def test_partial_edit_renders_every_page_that_imports_it(session):
    (session.site / "layouts/partials").mkdir(parents=True)
    shutil.copyfile(default_layouts_dir() / "partials/lists.html",
                    session.site / "layouts/partials/lists.html")
    session.edit("layouts/partials/lists.html", 'class="entity-summary"', 'class="entity-summary x"')
    written = set(session.update().written)
    assert "actors/index.html" in written and "articles/first-program/index.html" in written
    assert "404.html" not in written


def test_a_stylesheet_change_with_hashed_names_renames_it_in_every_page(tmp_path):
    session = Session(tmp_path, told=True, hashed=True)
    old = {p.name for p in (session.live.root / "assets").glob("style.*.css")}
    (session.site / "layouts/assets").mkdir(parents=True)
    (session.site / "layouts/assets/style.css").write_text("body { color: red }\n")
    result = session.update()  # equals a clean hashed build: checked in update()
    assert not result.styles_only  # a new name: the pages must link it
    assert "index.html" in result.written and "actors/ada-lovelace/index.html" in result.written
    new = {p.name for p in (session.live.root / "assets").glob("style.*.css")}
    assert len(old) == len(new) == 1 and old != new
    assert [f"assets/{name}" for name in old] == result.removed


def test_stylesheet_change_is_styles_only(session):
    (session.site / "layouts/assets").mkdir(parents=True)
    (session.site / "layouts/assets/style.css").write_text("body { color: red }\n")
    result = session.update()
    # The 404 page carries the stylesheet inline; every other page swaps it in.
    assert result.written == ["404.html", "assets/style.css"] and result.styles_only


def test_static_files_come_and_go(session):
    (session.site / "static").mkdir()
    (session.site / "static/robots.txt").write_text("User-agent: *\n")
    assert session.update().written == ["robots.txt"]
    os.remove(session.site / "static/robots.txt")
    assert session.update().removed == ["robots.txt"]


def test_site_settings_change_renders_everything(session):
    (session.site / "site.yaml").write_text("title: Renamed\n")
    # every page and embed, timeline.json, graph.json and search/names.json
    assert len(session.update().written) == 24


def test_error_keeps_the_last_good_output_and_the_fix_catches_up(session):
    before = tree_digest(session.live.root)
    session.edit("content/actors/ada-lovelace.md", "kind: person", "kind: [")
    with pytest.raises(BuildFailed) as failed:
        session.builder.update(session.live)
    assert failed.value.diagnostics[0].path == "content/actors/ada-lovelace.md"
    assert tree_digest(session.live.root) == before
    session.edit("content/actors/ada-lovelace.md", "kind: [", "kind: organization")
    session.edit("content/actors/ada-lovelace.md", "born:", "founded:")  # an organization's name for it
    result = session.update()
    assert not result.patched  # after an error the full path reports every remaining problem
    written = set(result.written)
    assert "actors/index.html" in written and "actors/ada-lovelace/index.html" in written


def test_layout_error_keeps_the_last_good_output(session):
    (session.site / "layouts").mkdir()
    (session.site / "layouts/actor.html").write_text("{% extends 'base.html' %}{% block main %}{{ x }")
    before = tree_digest(session.live.root)
    with pytest.raises(BuildFailed):
        session.builder.update(session.live)
    assert tree_digest(session.live.root) == before
    (session.site / "layouts/actor.html").unlink()
    assert session.update().written == []


def test_event_date_change_reorders_every_timeline(session):
    session.edit("content/events/engine-remembered.md", "date: 1991-11-29\nend: 1991-12-01",
                 "date: 1800-01-01")
    session.edit("content/events/analytical-engine-notes.md", "led_to: [engine-remembered]\n", "")
    result = session.update()
    assert "events/index.html" in result.written and "actors/charles-babbage/index.html" in result.written


def test_event_moving_between_two_others_renders_their_before_and_after(session):
    (session.site / "content/events/engine-built.md").write_text(
        "---\ntitle: The engine is built\ndate: 2000-01-01\nsummary: Built.\n---\n", encoding="utf-8")
    session.update()
    # Now between the other two: their own fingerprints stay, only their neighbours change.
    session.edit("content/events/engine-built.md", "date: 2000-01-01", "date: 1900-01-01")
    result = session.update()
    assert result.patched == session.told
    assert {"events/analytical-engine-notes/index.html", "events/engine-remembered/index.html",
            "events/engine-built/index.html", "timeline/index.html"} <= set(result.written)


def test_removed_reference_updates_the_page_it_pointed_to(session):
    session.edit("content/articles/first-program.md", "The [[royal-society]] is mentioned too.", "")
    result = session.update()
    assert result.patched == session.told
    assert "actors/royal-society/index.html" in result.written


def test_several_edits_at_once(session):
    session.edit("content/articles/first-program.md", "annotated", "read")
    session.edit("content/actors/royal-society.md", "A learned society in London.", "A society.")
    session.edit("content/events/engine-remembered.md", "summary: A working", "summary: One working")
    result = session.update()
    assert result.patched == session.told
    assert {"articles/first-program/index.html", "actors/royal-society/index.html",
            "events/engine-remembered/index.html", "events/index.html"} <= set(result.written)


def test_new_warning_takes_the_full_path_and_is_reported(session):
    session.edit("content/events/engine-remembered.md", "summary:",
                 "led_to: [analytical-engine-notes]\nsummary:")
    result = session.update()
    assert not result.patched
    assert [w.message for w in result.warnings] == [
        "'analytical-engine-notes' (1843-09-01) is earlier than this event (1991-11-29)"]


def test_actor_rename_redraws_every_map_that_shows_the_actor(session):
    # The small maps read their neighbours' names: views.touched must say so, or live preview
    # would leave the old name on a neighbour's map (the clean-build comparison would catch it).
    session.edit("content/actors/ada-lovelace.md", "name: Ada Lovelace", "name: Augusta Ada King")
    written = set(session.update().written)
    assert "map/index.html" in written
    drawn_on = {page for page in written if "Augusta Ada King</tspan>" in
                (session.live.root / page).read_text(encoding="utf-8")}
    assert "map/index.html" in drawn_on and "actors/ada-lovelace/index.html" in drawn_on
    assert {"events/analytical-engine-notes/index.html", "events/engine-remembered/index.html",
            "actors/charles-babbage/index.html"} <= drawn_on  # and its neighbours' maps


def timeline_order(session: Session) -> list[str]:
    html = (session.live.root / "timeline/index.html").read_text(encoding="utf-8")
    return re.findall(r'id="event-([\w-]+)"', html)


def add_event(session: Session, slug: str, date: str, led_to: str = "[]") -> None:
    (session.site / f"content/events/{slug}.md").write_text(
        f"---\ntitle: {slug}\ndate: {date}\nsummary: S.\nled_to: {led_to}\n---\nText.\n", encoding="utf-8")


def test_reordering_a_causes_led_to_reorders_its_day_as_a_clean_build_does(session):
    add_event(session, "tugs-arrive", "2021-03-28", "[ship-refloated, canal-reopens]")
    add_event(session, "ship-refloated", "2021-03-29")
    add_event(session, "canal-reopens", "2021-03-29")
    session.update()
    assert timeline_order(session)[-2:] == ["ship-refloated", "canal-reopens"]
    session.edit("content/events/tugs-arrive.md", "[ship-refloated, canal-reopens]",
                 "[canal-reopens, ship-refloated]")
    result = session.update()  # compared with a clean build
    assert result.patched == session.told
    assert timeline_order(session)[-2:] == ["canal-reopens", "ship-refloated"]
    assert {"timeline/index.html", "events/index.html", "events/tugs-arrive/index.html",
            "events/ship-refloated/index.html", "events/canal-reopens/index.html"} <= set(result.written)


def test_an_articles_events_list_reorders_a_day_without_causes(session):
    add_event(session, "b-morning", "2021-03-29")
    add_event(session, "a-evening", "2021-03-29")
    session.update()
    assert timeline_order(session)[-2:] == ["a-evening", "b-morning"]  # nothing else to go by
    session.edit("content/articles/first-program.md", "events: [analytical-engine-notes]",
                 "events: [analytical-engine-notes, b-morning, a-evening]")
    result = session.update()
    assert result.patched == session.told
    assert timeline_order(session)[-2:] == ["b-morning", "a-evening"]


def test_an_edit_that_breaks_an_anchor_is_reported_and_undoing_it_clears_it(session):
    before = tree_digest(session.live.root)
    # charles-babbage.md links to [[first-program#background]].
    session.edit("content/articles/first-program.md", "## Background", "## Context")
    with pytest.raises(BuildFailed) as failed:
        session.builder.update(session.live, session.changed())
    assert [(d.path, d.line, d.column, d.message) for d in failed.value.diagnostics] == [
        ("content/actors/charles-babbage.md", 8, 6, "no anchor '#background' on 'first-program'")]
    assert tree_digest(session.live.root) == before
    session.edit("content/articles/first-program.md", "## Context", "## Background")
    assert session.update().written == []


def test_an_image_is_an_error_until_its_file_is_there(session):
    session.edit("content/articles/first-program.md", "The [[royal-society]] is mentioned too.",
                 "The [[royal-society]] is mentioned too.\n\n![The engine](../../images/engine.png)")
    with pytest.raises(BuildFailed) as failed:
        session.builder.update(session.live, session.changed())
    assert [d.message for d in failed.value.diagnostics] == [
        "image '../../images/engine.png' names nothing in the site: from this page it is /images/engine.png"]
    (session.site / "static/images").mkdir(parents=True)
    Image.new("RGB", (8, 6), "white").save(session.site / "static/images/engine.png")
    written = set(session.update().written)
    assert {"articles/first-program/index.html", "images/engine.png"} <= written


def test_a_message_catalogue_added_and_edited_rewords_every_page(session):
    """layouts/messages/*.yaml are read like layouts: a new catalogue or an edited message
    changes the words of every page that says it (pages/words.py)."""
    messages = session.site / "layouts" / "messages"
    messages.mkdir(parents=True, exist_ok=True)
    (messages / "en.yaml").write_text("timeline: Chronology\n", encoding="utf-8")
    written = set(session.update().written)
    assert {"index.html", "actors/ada-lovelace/index.html", "timeline/index.html"} <= written
    assert ">Chronology</a>" in (session.live.root / "index.html").read_text(encoding="utf-8")
    session.edit("layouts/messages/en.yaml", "Chronology", "Time line")
    session.update()
    assert ">Time line</a>" in (session.live.root / "actors/index.html").read_text(encoding="utf-8")
