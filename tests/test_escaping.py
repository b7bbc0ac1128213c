"""Hostile text in front matter comes out escaped everywhere; bodies are never templates."""

from __future__ import annotations

import json
import re

from backstory import build

from .helpers import BASIC_SITE, copy_site, keep_as_typed

HOSTILE = '"><script>alert(1)</script>'


def test_hostile_front_matter_is_escaped_on_every_page(tmp_path):
    site = copy_site(BASIC_SITE, tmp_path / "src")
    (site / "site.yaml").write_text(f"title: '{HOSTILE}'\ndescription: '{HOSTILE}'\nauthor: '{HOSTILE}'\n")
    actor = site / "content/actors/ada-lovelace.md"
    text = actor.read_text()
    text = text.replace("name: Ada Lovelace", f"name: '{HOSTILE}'")
    text = text.replace("role: Analyst", f"role: '{HOSTILE}'")
    text = text.replace("summary: A mathematician who wrote the first published program.",
                        f"summary: '{HOSTILE}'")
    text += "\n{{ 7*7 }} {% raw %} {{ config.items() }}\n"
    actor.write_text(text)
    out = tmp_path / "out"
    build(site, out)
    pages = list(out.rglob("*.html"))
    assert len(pages) == 21  # the search page, and the seven embeds
    for page in pages:
        html = page.read_text()
        assert "<script>alert(1)" not in html, page  # the 404 page has a <script> of its own
    home = (out / "index.html").read_text()
    assert "<title>&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;</title>" in home
    assert 'content="&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"' in home
    profile = (out / "actors/ada-lovelace/index.html").read_text()
    assert "<p>{{ 7*7 }} {% raw %} {{ config.items() }}</p>" in profile


def test_hostile_text_stays_inside_the_hover_card_data(tmp_path):
    # Text that would end the <script> element, or open a comment that swallows its end tag.
    hostile = "</script><script>alert(1)</script><!-- <script> & -->"
    site = copy_site(BASIC_SITE, tmp_path / "src")
    actor = site / "content/actors/ada-lovelace.md"
    actor.write_text(actor.read_text().replace(
        "summary: A mathematician who wrote the first published program.",
        f"summary: {json.dumps(hostile)}"))
    keep_as_typed(site)  # the hostile text arrives whole, its `--` not made a dash
    out = tmp_path / "out"
    build(site, out)
    html = (out / "articles/first-program/index.html").read_text()
    found = re.search(r'<script type="application/json" id="backstory-cards">(.*?)</script>', html,
                      re.DOTALL)
    data = found.group(1)
    assert "<" not in data and ">" not in data and "&" not in data
    cards = json.loads(data)
    assert cards["../../actors/ada-lovelace/index.html"]["summary"] == hostile


def test_hostile_text_stays_escaped_in_feeds_and_sitemap(tmp_path):
    import xml.etree.ElementTree as ET

    hostile = "</title><script>alert(1)</script> ]]> & <![CDATA[ x"
    site = copy_site(BASIC_SITE, tmp_path / "src")
    (site / "site.yaml").write_text(f"title: {json.dumps(hostile)}\nauthor: {json.dumps(hostile)}\n"
                                    f"description: {json.dumps(hostile)}\n")
    article = site / "content/articles/first-program.md"
    text = article.read_text()
    text = text.replace('title: "The first program: <em>not</em> what you think"',
                        f"title: {json.dumps(hostile)}")
    text = text.replace("summary: How a set of notes became a landmark.",
                        f"summary: {json.dumps(hostile)}")
    article.write_text(text + "\nA body with ]]> and </content> & <script>x</script>\n")
    out = tmp_path / "out"
    build(site, out, base_url="https://example.org/")
    atom = "{http://www.w3.org/2005/Atom}"
    for name in ("feed.xml", "events/feed.xml", "sitemap.xml"):
        raw = (out / name).read_text()
        assert "<script>" not in raw and "</title><" not in raw
        ET.fromstring(raw)  # well-formed despite it all
    feed = ET.parse(out / "feed.xml").getroot()
    assert feed.findtext(f"{atom}title") == hostile
    assert feed.findtext(f"{atom}author/{atom}name") == hostile
    entry = feed.find(f"{atom}entry")
    assert entry.findtext(f"{atom}title") == hostile
    assert entry.findtext(f"{atom}summary") == hostile
    # The body's raw HTML passes through (raw_html: true), escaped once as type="html" text.
    assert "<script>x</script>" in entry.findtext(f"{atom}content")
