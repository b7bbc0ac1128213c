"""A second, hand-written explainer (the 2021 Suez Canal blockage) built with the CLI, read as a reader would:
every actor and event has its page, links run both ways, names link themselves, drafts never leak."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import pytest
import yaml
from markupsafe import escape as markup_escape

from backstory.commands.cli import main
from backstory.content.datefields import read_when
from backstory.pages.dates import format_range
from backstory.text.markdown import make_parser
from backstory.text.typography import quotes_for, smarten

from .helpers import FIXTURES, copy_site, originals, run_cli

pytestmark = pytest.mark.slow  # whole builds of the Suez story

SUEZ = FIXTURES / "sites" / "suez"
BASE_URL = "https://example.org/suez/"
DRAFT_TEXT = b"EMBARGOED-SUEZ-DRAFT-7f3a"
ZONE = "Africa/Cairo"  # the fixture's site.yaml `timezone:`
DRAFT = "who-was-to-blame"
LONG = "how-the-ever-given-blocked-the-suez-canal"
SHORT = "ever-given-in-numbers"  # autolink: false

ACTORS = {"ever-given", "suez-canal-authority", "osama-rabie", "egypt", "shoei-kisen-kaisha",
          "evergreen-marine", "bernhard-schulte-shipmanagement", "boskalis", "peter-berdowski",
          "lloyds-list", "ismailia-economic-court", "uk-pi-club"}
EVENTS = {"ever-given-runs-aground", "suez-canal-blockage", "salvage-team-called-in",
          "queue-reaches-369-ships", "stern-pulled-free", "ever-given-refloated", "canal-reopens",
          "backlog-cleared", "ever-given-seized", "claim-lowered", "settlement-announced",
          "court-lifts-seizure", "settlement-signed", "ever-given-sails"}


def escaped(text: str) -> str:
    """Text as the layouts write it: typographic quotes and dashes (typography.py, tested on
    their own in test_typography.py), then Jinja's escaping."""
    return str(markup_escape(smarten(text, make_parser(True, quotes_for("en")))))


def front_matter(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n", 2)[1])


def records(kind: str) -> dict[str, dict]:
    """Every published record of one kind in the fixture, by slug, with its front matter."""
    found = {path.stem: front_matter(path) for path in originals(SUEZ / "content" / kind)}
    return {slug: data for slug, data in found.items() if not data.get("draft")}


def participants(event: dict) -> dict[str, str | None]:
    """An event's `actors`, each a slug or {slug: role}, as slug -> role."""
    pairs = {}
    for entry in event.get("actors", []):
        slug, role = next(iter(entry.items())) if isinstance(entry, dict) else (entry, None)
        pairs[slug] = role
    return pairs


@pytest.fixture(scope="module")
def builds(tmp_path_factory) -> dict[str, Path]:
    """The fixture copied out of tests/ and built four ways with the CLI."""
    source = copy_site(SUEZ, tmp_path_factory.mktemp("suez") / "suez")
    variants = {"plain": [], "drafts": ["--drafts"], "base": ["--base-url", BASE_URL],
                "drafts-base": ["--drafts", "--base-url", BASE_URL]}
    outs = {}
    for name, flags in variants.items():
        outs[name] = source / f"out-{name}"
        assert main(["build", "--source", str(source), "--out", str(outs[name]), "--quiet", *flags]) == 0
    return outs


def page(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def section(page_html: str, title_id: str) -> str:
    """The part of a page from the heading with this id to the end of its section."""
    assert f'id="{title_id}"' in page_html, title_id
    return page_html.split(f'id="{title_id}"', 1)[1].split("</section>", 1)[0]


def prose(page_html: str) -> str:
    """A page's rendered Markdown body, without the layout's lists and sources."""
    body = page_html.split('<div class="prose">', 1)[1]
    return re.split(r'<section class="sources"|<aside', body, maxsplit=1)[0]


def link(kind: str, slug: str) -> str:
    return f'href="../../{kind}/{slug}/index.html"'


def entry_with_role(listing: str, href: str, role: str | None) -> bool:
    """Whether a list links `href` and, if a role is given, shows it right after the link."""
    if role is None:
        return href in listing
    pattern = re.escape(href) + r'[^>]*>[^<]*</a>\s*<span class="role">' + re.escape(escaped(role))
    return re.search(pattern, listing) is not None


def test_the_fixture_has_the_cast_and_events_the_story_needs():
    assert set(records("actors")) == ACTORS
    assert set(records("events")) == EVENTS
    assert set(records("articles")) == {LONG, SHORT}
    assert front_matter(SUEZ / "content" / "articles" / f"{DRAFT}.md")["draft"] is True
    assert DRAFT_TEXT in (SUEZ / "content" / "articles" / f"{DRAFT}.md").read_bytes()


def test_every_actor_event_and_article_has_a_page_headed_by_its_name(builds):
    site = builds["plain"]
    for kind, field in (("actors", "name"), ("events", "title"), ("articles", "title")):
        for slug, data in records(kind).items():
            heading = re.search(r'<h1 id="page-title"[^>]*>(.*?)</h1>', page(site, f"{kind}/{slug}"))
            assert heading and heading.group(1) == escaped(data[field]), (kind, slug)


def test_every_event_page_shows_its_dates_and_place(builds):
    site = builds["plain"]
    for slug, event in records("events").items():
        kicker = page(site, f"events/{slug}").split('class="kicker"', 1)[1].split("</p>", 1)[0]
        start = read_when(event["date"], ZONE)
        assert f'datetime="{start.isoformat()}"' in kicker, slug
        if "end" in event:  # a range, as short as it can be written
            assert format_range(start, read_when(event["end"], ZONE)) in kicker, slug
        assert escaped(event["place"]) in kicker, slug
    # Times of day are kept and shown in the site's zone (Africa/Cairo: EET in March 2021).
    blockage = page(site, "events/suez-canal-blockage").split('class="kicker"', 1)[1]
    assert "23 March, 07:40 – 29 March 2021, 19:00 EET</time>" in blockage
    assert 'datetime="2021-03-23T07:40+02:00"' in blockage
    stern = page(site, "events/stern-pulled-free").split('class="kicker"', 1)[1]
    assert "c. 29 March 2021, 04:30 EET</time>" in stern


def test_actor_pages_show_their_facts(builds):
    site = builds["plain"]
    for slug, actor in records("actors").items():
        facts = page(site, f"actors/{slug}").split('<dl class="facts"', 1)[1].split("</dl>", 1)[0]
        if "country" in actor:
            assert f"<dt>Country</dt> <dd>{escaped(actor['country'])}</dd>" in facts, slug
        for alias in actor.get("aliases", []):
            assert f'<span class="alias">{escaped(alias)}</span>' in facts, (slug, alias)
        for label, url in actor.get("links", {}).items():
            assert f'<a href="{url}" rel="external">{label}</a>' in facts, slug
    assert '<dt>Born</dt> <dd><time datetime="1955">1955</time></dd>' in page(site, "actors/osama-rabie")
    # An organization is founded, not born: its dates carry that name.
    founded = '<dt>Founded</dt> <dd><time datetime="1968">1968</time></dd>'
    assert founded in page(site, "actors/evergreen-marine")
    assert 'class="role-line"' not in page(site, "actors/egypt")  # Egypt has no role
    assert '<p class="role-line">Chairman of the Suez Canal Authority</p>' in page(site, "actors/osama-rabie")


def test_event_pages_name_who_was_there_with_their_roles(builds):
    site = builds["plain"]
    for slug, event in records("events").items():
        who = section(page(site, f"events/{slug}"), "who-title")
        for actor, role in participants(event).items():
            assert entry_with_role(who, link("actors", actor), role), (slug, actor, role)


def test_actor_pages_list_every_event_they_took_part_in_with_their_role(builds):
    site = builds["plain"]
    expected: dict[str, dict[str, str | None]] = {slug: {} for slug in ACTORS}
    for slug, event in records("events").items():
        for actor, role in participants(event).items():
            expected[actor][slug] = role
    for actor, events in expected.items():
        timeline = section(page(site, f"actors/{actor}"), "events-title")
        assert len(re.findall(r'class="entity-name" href="../../events/', timeline)) == len(events), actor
        for slug, role in events.items():
            assert entry_with_role(timeline, link("events", slug), role), (actor, slug, role)


def test_led_to_shows_on_both_events(builds):
    site = builds["plain"]
    chains = [(slug, later) for slug, event in records("events").items() for later in event.get("led_to", [])]
    assert len(chains) >= 10
    for earlier, later in chains:
        after = section(page(site, f"events/{earlier}"), "after-title")
        before = section(page(site, f"events/{later}"), "before-title")
        assert link("events", later) in after and link("events", earlier) in before, (earlier, later)


def test_timeline_puts_same_day_events_cause_first(builds):
    # Sorted by slug these would run backwards; led_to (and the articles' order, which agrees) sets them.
    order = re.findall(r'id="event-([a-z0-9-]+)"', page(builds["plain"], "timeline"))
    assert set(order) == EVENTS and len(order) == len(EVENTS)
    position = order.index
    assert position("stern-pulled-free") < position("ever-given-refloated") < position("canal-reopens")
    assert position("settlement-signed") < position("ever-given-sails")
    starts = [read_when(records("events")[slug]["date"], ZONE).key for slug in order]
    assert starts == sorted(starts)
    # 29 March by the clock: the stern in the early hours, the bow at 15:05, the canal at 19:00.
    assert position("stern-pulled-free") < position("ever-given-refloated") < position("canal-reopens")


def test_actor_pages_list_the_articles_that_name_them(builds):
    site = builds["plain"]
    long_actors = set(records("articles")[LONG]["actors"])
    short_actors = set(records("articles")[SHORT]["actors"])
    # Egypt and Lloyd's List are named only in the long article's prose, not in its front matter.
    assert {"egypt", "lloyds-list"} & long_actors == set()
    for actor in ACTORS:
        in_articles = section(page(site, f"actors/{actor}"), "articles-title")
        assert link("articles", LONG) in in_articles, actor
        assert (link("articles", SHORT) in in_articles) == (actor in short_actors), actor


def test_short_article_with_autolink_off_links_no_names(builds):
    page_html = page(builds["plain"], f"articles/{SHORT}")
    body = prose(page_html)
    assert "Lloyd’s List" in body and "Osama Rabie" in body
    assert "autolink" not in body
    assert "lloyds-list" not in page_html and "osama-rabie" not in page_html
    # Its own wiki links still work, down to a heading of the other article.
    assert f'class="ref ref-actors" {link("actors", "ever-given")}' in body
    assert 'href="../../articles/how-the-ever-given-blocked-the-suez-canal/index.html#who-pays"' in body
    assert 'id="who-pays"' in page(builds["plain"], f"articles/{LONG}")


def autolinks(body: str) -> list[tuple[str, str]]:
    return re.findall(r'<a class="ref ref-actors autolink" href="../../actors/([a-z0-9-]+)/index.html">'
                      r"(.*?)</a>", body)


def test_names_in_the_long_article_link_themselves_once(builds):
    body = prose(page(builds["plain"], f"articles/{LONG}"))
    linked = autolinks(body)
    # Names as written (its apostrophe typographic, as in the prose), in any script, with
    # their markup escaped.
    for slug, text in [("lloyds-list", "Lloyd’s List"), ("evergreen-marine", "長榮海運"),
                       ("uk-pi-club", "UK P&amp;I Club"), ("egypt", "Egypt"), ("osama-rabie", "Osama Rabie"),
                       ("suez-canal-authority", "Suez Canal Authority")]:
        assert (slug, text) in linked, slug
    # Only the first mention links: the authority is named twice, Evergreen Marine in two scripts.
    assert body.count("Suez Canal Authority") == 2 and "長榮海運</a>, Evergreen Marine in English" in body
    assert body.count("Ever Given") >= 3
    for slug in ("suez-canal-authority", "evergreen-marine", "ever-given"):
        assert body.count(link("actors", slug)) == 1, slug
    # A page wiki-linked by hand gets no automatic link as well, not even by its alias "SMIT Salvage".
    assert "SMIT Salvage" in body and f'autolink" {link("actors", "boskalis")}' not in body
    assert body.count(link("actors", "boskalis")) == 1


def test_names_link_themselves_on_event_and_actor_pages_too(builds):
    event = prose(page(builds["plain"], "events/ever-given-runs-aground"))
    assert ("suez-canal-authority", "Suez Canal Authority") in autolinks(event)
    actor = prose(page(builds["plain"], "actors/ever-given"))
    assert ("shoei-kisen-kaisha", "Shoei Kisen Kaisha") in autolinks(actor)
    assert link("actors", "ever-given") not in actor  # never a link to the page's own subject
    # The ship's page lists the actor pages whose prose links to it.
    mentioned = section(page(builds["plain"], "actors/ever-given"), "mentions-title")
    for slug in ("osama-rabie", "ismailia-economic-court", "evergreen-marine"):
        assert link("actors", slug) in mentioned, slug


def test_a_quotation_credits_its_speaker_with_a_link(builds):
    body = prose(page(builds["plain"], f"articles/{LONG}"))
    quote = body.split('<figure class="quote">', 1)[1].split("</figure>", 1)[0]
    assert "very heavy whale on the beach" in quote.split("<figcaption>")[0]
    caption = quote.split("<figcaption>", 1)[1]
    assert caption.startswith("— ") and link("actors", "peter-berdowski") in caption
    # He is named in the paragraph before, which links him too: the caption links him anyway.
    before = body.split('<figure class="quote">', 1)[0]
    assert link("actors", "peter-berdowski") in before


def test_long_article_carries_notes_tables_sources_and_dates(builds):
    page_html = page(builds["plain"], f"articles/{LONG}")
    article = records("articles")[LONG]
    body = prose(page_html)
    assert body.count("<table>") == 2
    # Names link themselves inside table cells too.
    owner = link("actors", "shoei-kisen-kaisha")
    assert f'<td><a class="ref ref-actors autolink" {owner}>Shoei Kisen Kaisha</a>, of Japan</td>' in body
    headings = [h for h in re.findall(r'<h2 id="([a-z0-9-]+)">', body) if not h.endswith("-title")]
    assert headings == ["the-ship-and-who-was-responsible-for-it", "six-days-in-the-canal", "who-pays",
                        "what-it-showed"]
    notes = section(page_html, "notes-title")
    assert len(re.findall(r'<li id="fn\d+"', notes)) == 2 and "translation is ours" in notes
    assert body.count('href="#fn1"') == 1 and body.count('href="#fn2"') == 1
    sources = section(page_html, "sources-title")
    assert len(re.findall(r"<li>", sources)) == len(article["sources"]) == 5
    for source in article["sources"]:
        assert escaped(source["title"]) in sources and escaped(source["publisher"]) in sources
    byline = page_html.split('class="byline"', 1)[1].split("</p>", 1)[0]
    assert 'datetime="2021-07-14"' in byline and 'datetime="2021-07-30"' in byline
    for tag in article["tags"]:  # each links to its page, under the label site.yaml gives it
        assert f'<a class="tag" href="../../tags/{tag}/index.html" rel="tag">' in page_html


def test_images_are_the_files_from_static(builds):
    site = builds["plain"]
    pictures = [("articles/" + LONG, "canal-sketch.svg"), ("actors/ever-given", "ever-given.svg")]
    for path, name in pictures:
        sources = re.findall(r'<img[^>]*src="([^"]+)"', page(site, path))
        assert f"../../images/{name}" in sources, path
        shipped = (site / path / f"../../images/{name}").resolve()
        assert shipped.read_bytes() == (SUEZ / "static" / "images" / name).read_bytes()
    assert ('<figure class="figure portrait">\n<img src="/suez/images/ever-given.svg" width="240" '
            'height="120" alt="Ever Given"') in page(builds["base"], "actors/ever-given")


def texts_of(site: Path) -> dict[str, bytes]:
    """Every file of an output (dotfiles too) as bytes, and gzip files (the search index) unpacked."""
    found = {}
    for path in sorted(site.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            packed = data[:2] == b"\x1f\x8b"
            found[path.relative_to(site).as_posix()] = gzip.decompress(data) if packed else data
    return found


def test_the_draft_leaks_into_no_file_without_drafts(builds):
    for name in ("plain", "base"):
        files = texts_of(builds[name])
        # The search index is read unpacked: published text is found in it, so a draft's would be.
        assert any(b"heavy whale" in data for path, data in files.items() if path.startswith("pagefind/"))
        leaks = [path for path, data in files.items() if DRAFT_TEXT in data or DRAFT.encode() in data]
        assert leaks == [], name
    assert not (builds["plain"] / "articles" / DRAFT).exists()


def test_the_draft_is_published_with_drafts(builds):
    for name in ("drafts", "drafts-base"):
        files = texts_of(builds[name])
        holding = {path for path, data in files.items() if DRAFT_TEXT in data}
        assert f"articles/{DRAFT}/index.html" in holding, name
        assert any(path.startswith("pagefind/") for path in holding), name
    assert DRAFT_TEXT in texts_of(builds["drafts-base"])["feed.xml"]
    # And it joins the lists of the actors it names.
    in_articles = section(page(builds["drafts"], "actors/bernhard-schulte-shipmanagement"), "articles-title")
    assert link("articles", DRAFT) in in_articles
    plain = section(page(builds["plain"], "actors/bernhard-schulte-shipmanagement"), "articles-title")
    assert link("articles", DRAFT) not in plain


def test_a_base_url_makes_every_link_absolute_under_it(builds):
    site = builds["base"]
    actor = page(site, "actors/osama-rabie")
    assert '<link rel="canonical" href="https://example.org/suez/actors/osama-rabie/">' in actor
    assert 'href="/suez/events/claim-lowered/"' in actor
    for path, text in texts_of(site).items():
        if path.endswith(".html"):
            stray = [href for href in re.findall(r'(?:href|src)="(/[^"]*)"', text.decode())
                     if not href.startswith("/suez/")]
            assert stray == [], path
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    for kind, slugs in (("actors", ACTORS), ("events", EVENTS), ("articles", {LONG, SHORT})):
        for slug in slugs:
            assert f"<loc>{BASE_URL}{kind}/{slug}/</loc>" in sitemap, slug
    feed = (site / "feed.xml").read_text(encoding="utf-8")
    entries = [f"{BASE_URL}articles/{LONG}/", f"{BASE_URL}articles/{SHORT}/"]  # most recently updated first
    assert re.findall(r"<id>(.*?)</id>", feed)[1:] == entries


def test_check_passes_on_a_copy(tmp_path, capsys):
    source = copy_site(SUEZ, tmp_path / "suez")
    code, out, err = run_cli(["check", "--source", str(source)], capsys)
    assert (code, err) == (0, "")
    assert "no problems" in out
    code, out, err = run_cli(["check", "--source", str(source), "--drafts", "--base-url", BASE_URL], capsys)
    assert (code, err) == (0, "")
    assert "no problems" in out
    assert not (source / "site").exists()


def test_no_name_is_linked_inside_quoted_words(builds):
    """As on the example: quoted words are the speaker's, never a place for our links."""
    checked = 0
    for file in sorted(builds["plain"].rglob("index.html")):
        for paragraph in re.findall(r"<p>(.*?)</p>", file.read_text(encoding="utf-8"), re.S):
            quoted = re.findall(r"“(.*?)”", paragraph, re.S)
            checked += len(quoted)
            assert not [q for q in quoted if "<a " in q], file
    # The story quotes a headline naming the ship, the canal and Egypt: not one is linked in it.
    article = (builds["plain"] / "articles/how-the-ever-given-blocked-the-suez-canal/index.html")
    assert "“Ever Given leaves Suez Canal after compensation deal with Egypt”" in \
        article.read_text(encoding="utf-8")
    assert checked >= 2


def test_the_who_s_who_files_people_by_family_name(builds):
    html = (builds["plain"] / "actors/index.html").read_text(encoding="utf-8")
    people = html[html.index(">People<"):]
    people = people[:people.index("</ul>")]
    names = re.findall(r'class="entity-name"[^>]*>([^<]+)<', people)
    assert names == ["Peter Berdowski", "Osama Rabie"]  # Osama before Peter by first name
