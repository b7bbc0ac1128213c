"""timeline.json (TimelineJS3's JSON format) and graph.json: what other tools read of a story.

Checked on the example (the repo root), the Suez story and a small generated corpus: TimelineJS's
requirements (https://timeline.knightlab.com/docs/json-format.html), dates never more precise
than the content, every edge's ends among the nodes, counts that match the site, the same bytes
from two builds, and an incremental update that matches a clean build.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from backstory import build
from backstory.content.datefields import read_when
from backstory.output.write import LiveOutput
from backstory.pipeline.builder import Builder
from benchmarks.corpus import write_corpus

from .helpers import FIXTURES, copy_example, copy_site, originals

pytestmark = pytest.mark.slow  # whole builds of three sites, then edits and rebuilds

SUEZ = FIXTURES / "sites" / "suez"
DATE_KEYS = ("year", "month", "day", "hour", "minute")
# The keys each precision of a date written in front matter allows in a TimelineJS date.
PRECISION_KEYS = {"year": 1, "month": 2, "day": 3, "part": 3, "time": 5}


def _corpus(into: Path) -> Path:
    write_corpus(into, 80)
    return into


SITES = {"example": copy_example, "suez": lambda into: copy_site(SUEZ, into), "corpus": _corpus}


@pytest.fixture(scope="module", params=sorted(SITES))
def built(request, tmp_path_factory) -> tuple[Path, Path]:
    """(source, output) of one site, built once for this module."""
    tmp = tmp_path_factory.mktemp(request.param)
    source = SITES[request.param](tmp / "src")
    build(source, tmp / "out", hash_assets=False)
    return source, tmp / "out"


def _front_matter(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    return yaml.safe_load(text.split("---", 2)[1]) or {}


def _events_written(source: Path) -> dict[str, dict]:
    """Each event's front matter by slug (its file's name), drafts left out as a build does."""
    found = {}
    for path in originals(source / "content" / "events", recursive=True):
        fields = _front_matter(path)
        if not fields.get("draft"):
            found[fields.get("slug", path.stem)] = fields
    return found


def _check_date(date: dict, written: object) -> None:
    assert isinstance(date["year"], int)
    keys = [key for key in DATE_KEYS if key in date]
    assert keys == list(DATE_KEYS[:len(keys)]), f"a date's parts skip one: {date}"
    assert set(date) <= set(DATE_KEYS) | {"display_date"}
    assert isinstance(date["display_date"], str) and date["display_date"]
    when = read_when(written)
    # Never more precise than the content (a part of a day is its day), nor less.
    assert len(keys) == PRECISION_KEYS[when.precision], (date, written)
    assert (date["year"], date.get("month"), date.get("day")) == (when.year, when.month, when.day)
    if "hour" in date:
        assert date["hour"] * 60 + date["minute"] == when.minute
    if when.approximate:
        assert date["display_date"].startswith("c. ")
    if when.part is not None:
        assert when.part in date["display_date"]


def test_timeline_json_is_timelinejs_and_says_no_more_than_the_content(built):
    source, out = built
    data = json.loads((out / "timeline.json").read_text(encoding="utf-8"))
    assert set(data) <= {"title", "events", "eras", "scale"}
    assert data["title"]["text"]["headline"]
    written = _events_written(source)
    assert [slide["unique_id"] for slide in data["events"]] and \
        sorted(slide["unique_id"] for slide in data["events"]) == sorted(written)
    for slide in data["events"]:
        fields = written[slide["unique_id"]]
        _check_date(slide["start_date"], fields["date"])
        if "end_date" in slide:
            _check_date(slide["end_date"], fields["end"])
        else:
            assert fields.get("end") in (None, fields["date"])
        assert slide["text"]["headline"].startswith("<a href=")
        assert slide["display_date"]
        page = slide["text"]["headline"].split('"')[1]
        assert (out / page).is_file(), page  # relative to the site root without a base_url
        if "media" in slide:
            assert slide["media"]["url"] and "alt" in slide["media"]
            assert (out / slide["media"]["url"]).is_file() or "://" in slide["media"]["url"]


def test_graph_json_joins_only_its_nodes_and_counts_the_site(built):
    source, out = built
    data = json.loads((out / "graph.json").read_text(encoding="utf-8"))
    ids = [node["id"] for node in data["nodes"]]
    assert len(ids) == len(set(ids))
    for edge in data["edges"]:
        assert edge["source"] in ids and edge["target"] in ids, edge
    counts = {kind: sum(node["type"] == kind for node in data["nodes"])
              for kind in ("actor", "event", "place", "article")}
    on_disk = {kind: sum(1 for _ in (out / f"{kind}s").glob("*/index.html"))
               for kind in counts}
    assert counts == on_disk
    participants = sum(len(fields.get("actors") or []) for fields in _events_written(source).values())
    assert sum(edge["type"] == "participant" for edge in data["edges"]) == participants
    for node in data["nodes"]:
        assert (out / node["url"]).is_file()


def test_thecopy_example_graph_says_what_the_story_says(tmp_path):
    out = tmp_path / "out"
    build(copy_example(tmp_path / "src"), out, hash_assets=False)
    data = json.loads((out / "graph.json").read_text(encoding="utf-8"))
    edges = {(e["source"], e["target"], e["type"]) for e in data["edges"]}
    assert ("wagner-mutiny", "putin-lukashenko-call", "led_to") in edges
    assert ("alexander-lukashenko", "lukashenko-mediation", "participant") in edges
    mutiny = next(node for node in data["nodes"] if node["id"] == "wagner-mutiny")
    assert mutiny["start"] == "2023-06-23" and mutiny["date_text"].startswith("evening of 23")
    assert "timeline.json" in (out / "timeline/index.html").read_text(encoding="utf-8")
    assert "graph.json" in (out / "map/index.html").read_text(encoding="utf-8")


def test_two_builds_are_byte_identical(tmp_path):
    source = copy_site(SUEZ, tmp_path / "src")
    build(source, tmp_path / "one", hash_assets=False)
    build(source, tmp_path / "two", hash_assets=False, jobs=1)
    for name in ("timeline.json", "graph.json"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()


def test_with_a_base_url_every_address_is_whole_and_neither_is_in_the_sitemap(tmp_path):
    source = copy_site(SUEZ, tmp_path / "src")
    out = tmp_path / "out"
    build(source, out, base_url="https://example.org/suez/", hash_assets=False)
    timeline = json.loads((out / "timeline.json").read_text(encoding="utf-8"))
    graph = json.loads((out / "graph.json").read_text(encoding="utf-8"))
    assert all('href="https://example.org/suez/events/' in s["text"]["headline"]
               for s in timeline["events"])
    assert all(s["media"]["url"].startswith("https://") for s in timeline["events"] if "media" in s)
    assert all(node["url"].startswith("https://example.org/suez/") for node in graph["nodes"])
    sitemap = (out / "sitemap.xml").read_text(encoding="utf-8")
    assert ".json" not in sitemap


def test_drafts_stay_out_unless_asked(tmp_path):
    source = copy_site(SUEZ, tmp_path / "src")
    (source / "content" / "events" / "a-draft-event.md").write_text(
        "---\ntitle: A draft event\ndate: 2021-03-25\nsummary: Not yet.\ndraft: true\n---\n",
        encoding="utf-8")
    build(source, tmp_path / "out", hash_assets=False)
    for name in ("timeline.json", "graph.json"):
        assert "a-draft-event" not in (tmp_path / "out" / name).read_text(encoding="utf-8")
    build(source, tmp_path / "drafts", hash_assets=False, drafts=True)
    for name in ("timeline.json", "graph.json"):
        assert "a-draft-event" in (tmp_path / "drafts" / name).read_text(encoding="utf-8")


def test_an_event_title_edit_updates_both_as_a_clean_build_does(tmp_path):
    source = copy_site(SUEZ, tmp_path / "src")
    builder = Builder(source, hash_assets=False)
    live = LiveOutput(tmp_path / "live")
    builder.update(live)
    event = originals(source / "content" / "events")[0]
    text = event.read_text(encoding="utf-8")
    title = _front_matter(event)["title"]
    event.write_text(text.replace(f"title: {title}", "title: A new title", 1), encoding="utf-8")
    written = set(builder.update(live).written)
    assert {"timeline.json", "graph.json"} <= written
    build(source, tmp_path / "clean", hash_assets=False)
    for name in ("timeline.json", "graph.json"):
        made = (live.root / name).read_text(encoding="utf-8")
        assert "A new title" in made
        assert made == (tmp_path / "clean" / name).read_text(encoding="utf-8")


def test_an_events_lead_image_is_its_media(tmp_path):
    source = copy_site(SUEZ, tmp_path / "src")
    event = source / "content" / "events" / "suez-canal-blockage.md"
    event.write_text(event.read_text(encoding="utf-8").replace(
        "---\n", "---\nimage:\n  src: images/claim-chart.jpg\n  alt: A chart of the claim\n"
        "  caption: What was <claimed>\n  credit: Suez Canal Authority\n"
        "  credit_url: https://example.org/sca\n", 1), encoding="utf-8")
    for base_url, address in ((None, "images/claim-chart.jpg"),
                              ("https://example.org/suez/", "https://example.org/suez/images/claim-chart.jpg")):
        out = tmp_path / f"out-{bool(base_url)}"
        build(source, out, base_url=base_url, hash_assets=False)
        slides = json.loads((out / "timeline.json").read_text(encoding="utf-8"))["events"]
        media = next(s["media"] for s in slides if s["unique_id"] == "suez-canal-blockage")
        assert media == {"url": address, "alt": "A chart of the claim",
                         "caption": "What was &lt;claimed&gt;",
                         "credit": '<a href="https://example.org/sca">Suez Canal Authority</a>'}
        assert sum("media" in s for s in slides) == 1
