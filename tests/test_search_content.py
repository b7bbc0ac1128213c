"""What search reads of a build: each page's text in the index (Pagefind's fragments: the text
excerpts come from, and the metadata that is searchable but never excerpted), and
search/names.json, the names the search page offers as "Did you mean …?".

Checked on the example and on the Suez story (which has a draft that must stay out).
"""

from __future__ import annotations

import gzip
import json
import posixpath
from pathlib import Path

import pytest
import yaml

from backstory import build
from backstory.output.search import SEARCH_DIR
from backstory.pages.urls import SEARCH_NAMES_PATH
from backstory.text.markdown import make_parser
from backstory.text.typography import quotes_for, smarten

from .helpers import FIXTURES, copy_example, copy_site, originals

SUEZ = FIXTURES / "sites" / "suez"
TYPES = ("actors", "events", "places", "articles")


SITES = {"example": copy_example, "suez": lambda into: copy_site(SUEZ, into)}


@pytest.fixture(scope="module", params=sorted(SITES))
def built(request, tmp_path_factory) -> tuple[Path, Path]:
    """(source, output) of one site, built once for this module."""
    tmp = tmp_path_factory.mktemp(request.param)
    source = SITES[request.param](tmp / "src")
    build(source, tmp / "out")
    return source, tmp / "out"

ENGLISH = make_parser(True, quotes_for("en"))  # both stories are in English


def _records(source: Path, kind: str) -> dict[str, dict]:
    """Each record of a type, by slug, with its front matter (drafts too)."""
    found = {}
    for path in originals(source / "content" / kind):
        text = path.read_text(encoding="utf-8")
        front = yaml.safe_load(text.split("---", 2)[1]) or {}
        # Names and titles as readers see them: typographic apostrophes (typography.py).
        found[path.stem] = {key: smarten(value, ENGLISH) if key in ("name", "title") else value
                            for key, value in front.items()}
    return found


def _fragments(out: Path) -> dict[str, dict]:
    """Pagefind's record of each page it indexed, by the page's path under the site root."""
    found = {}
    for path in (out / SEARCH_DIR / "fragment").iterdir():
        data = json.loads(gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd"))
        found[data["url"].lstrip("/")] = data
    return found


def _names(out: Path) -> list[dict]:
    return json.loads((out / SEARCH_NAMES_PATH).read_text(encoding="utf-8"))["names"]


def test_a_profile_is_indexed_as_its_prose_and_its_facts_as_metadata(built):
    source, out = built
    fragments = _fragments(out)
    checked = 0
    for kind in ("actors", "places"):
        for slug, front in _records(source, kind).items():
            fragment = fragments[f"{kind}/{slug}/index.html"]
            content, meta = fragment["content"], fragment["meta"]
            # The text starts with the name, the line under it and the summary, then the prose;
            # nothing of the facts box, run together, is text an excerpt could show.
            assert content.startswith(f"{front['name']}. "), content[:80]
            assert front["summary"].split()[-1] in content[:len(front["summary"]) * 2]
            assert "Also called" not in content and "Elsewhere" not in content
            # Yet what the facts say is still searchable: aliases and dates are metadata.
            if front.get("aliases"):
                assert meta["aliases"] == ", ".join(front["aliases"])
                checked += 1
            if front.get("born"):
                assert f"Born {str(front['born'])[:4]}" in meta["facts"]
            if front.get("country"):
                assert f"Country {front['country']}" in meta["facts"]
            for fact in meta["facts"].split("; ") if "facts" in meta else ():
                assert fact not in content, (slug, fact)
    assert checked >= 5


def test_every_published_name_is_offered_once_with_its_aliases_and_page(built):
    source, out = built
    names = _names(out)
    expected = {}
    for kind in TYPES:
        for slug, front in _records(source, kind).items():
            if not front.get("draft"):
                expected[f"{kind}/{slug}/"] = (front.get("name") or front["title"],
                                               front.get("aliases") or None)
    offered = {}
    for entry in names:
        # Relative to names.json, so search.js finds the page from wherever the site is served.
        page = posixpath.normpath(posixpath.join("search", entry["url"]))
        assert page.endswith("/index.html") and (out / page).is_file(), entry
        offered[page.removesuffix("index.html")] = (entry["name"], entry.get("aliases"))
    assert len(offered) == len(names)  # each once
    assert offered == expected


def test_drafts_are_never_offered(built):
    source, out = built
    drafts = [(slug, front) for kind in TYPES
              for slug, front in _records(source, kind).items() if front.get("draft")]
    text = (out / SEARCH_NAMES_PATH).read_text(encoding="utf-8")
    for slug, front in drafts:
        assert f"/{slug}/" not in text and (front.get("name") or front["title"]) not in text
    if source.name == "src" and (source / "content/articles/who-was-to-blame.md").is_file():
        assert drafts and "EMBARGOED" not in text  # the Suez story's draft


def test_with_a_base_url_names_link_under_its_path(tmp_path):
    out = tmp_path / "out"
    build(copy_site(SUEZ, tmp_path / "src"), out, base_url="https://example.org/suez/")
    names = _names(out)
    assert names and all(entry["url"].startswith("/suez/") for entry in names)
    boskalis = next(entry for entry in names if entry["name"] == "Boskalis")
    assert boskalis["url"] == "/suez/actors/boskalis/"
    search_page = (out / "search/index.html").read_text(encoding="utf-8")
    assert 'data-names="/suez/search/names.json"' in search_page
    sitemap = (out / "sitemap.xml").read_text(encoding="utf-8")
    assert "names.json" not in sitemap


def test_without_search_there_are_no_names(tmp_path):
    source = copy_site(SUEZ, tmp_path / "src")
    config = source / "site.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "search: false\n", encoding="utf-8")
    build(source, tmp_path / "out")
    assert not (tmp_path / "out" / SEARCH_NAMES_PATH).exists()
