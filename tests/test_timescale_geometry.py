"""Every timeline drawn to scale in the example, the Suez story and a generated corpus, read back
from the HTML the build wrote and checked against the events' own dates: a picture is a claim.

Each mark must sit where its event's first minute falls on its segment's linear scale and be as
long as the event lasts; each tick where its minute falls, saying the time it is at; no two
labels may overlap; segments must follow one another with time running down; a view's events
are the page's events. The checker is itself checked on a drawing made wrong on purpose.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.dates import format_date as babel_date
from babel.dates import format_skeleton

from backstory import build
from backstory.content.config import load_config
from backstory.content.frontmatter import parse_source
from backstory.content.sources import SourceFile
from backstory.errors import Diagnostics
from backstory.pictures.timescale import LABEL, SHORT_MONTHS
from backstory.text.markdown import make_parser

from .helpers import FIXTURES, REPO, copy_site, originals

pytestmark = pytest.mark.slow  # every scaled timeline of three whole sites, a corpus among them

EPSILON = 0.002  # rem: positions are written to three decimals
STYLE = re.compile(r"([\w-]+):\s*([-\d.]+)")


@dataclass
class View:
    id: str
    axes: list[dict] = field(default_factory=list)
    ticks: list[dict] = field(default_factory=list)
    breaks: list[dict] = field(default_factory=list)
    marks: list[dict] = field(default_factory=list)
    entries: list[dict] = field(default_factory=list)
    height: float = 0.0


class _Reader(HTMLParser):
    """The views of a page's `.ts` figure, each element with its numbers."""

    def __init__(self):
        super().__init__()
        self.views: list[View] = []
        self.clock = None
        self._axis = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        classes = (a.get("class") or "").split()
        style = {name: float(value) for name, value in STYLE.findall(a.get("style") or "")}
        if "ts" in classes and tag == "figure":
            self.clock = int(a["data-offset"])
        elif "ts-view" in classes:
            self.views.append(View(a["id"]))
        elif "ts-strip" in classes:
            self.views[-1].height = style["height"]
        elif "ts-axis" in classes:
            self._axis = {"top": style["top"], "length": style["height"], "start": int(a["data-start"]),
                          "end": int(a["data-end"]), "unit": a["data-unit"]}
            self.views[-1].axes.append(self._axis)
        elif "ts-tick" in classes:
            self.views[-1].ticks.append({"at": self._axis["top"] + style["top"], "axis": self._axis,
                                         "minute": int(a["data-minute"]), "label": ""})
        elif "ts-break" in classes:
            self.views[-1].breaks.append({"top": style["top"], "height": style["height"],
                                          "minutes": int(a["data-minutes"])})
        elif "ts-mark" in classes:
            self.views[-1].marks.append({"event": a["data-event"], "top": style["top"],
                                         "length": style["height"], "start": int(a["data-start"]),
                                         "end": int(a["data-end"])})
        elif "ts-entry" in classes:
            self.views[-1].entries.append({"event": a["data-event"], "top": style["top"]})

    def handle_data(self, data):
        if self.views and self.views[-1].ticks and not self.views[-1].ticks[-1]["label"]:
            self.views[-1].ticks[-1]["label"] = data.strip()


def read(html: str) -> tuple[list[View], int | None]:
    reader = _Reader()
    reader.feed(html)
    return reader.views, reader.clock


def true_spans(source: Path) -> dict[str, tuple]:
    """Each event's dates, read from its source: (date, end or None)."""
    config = load_config(source, Diagnostics())
    md, found = make_parser(), {}
    for path in originals(source / "content" / "events"):
        text = path.read_text(encoding="utf-8")
        file = SourceFile(path=path, shown=path.name, type="events", slug=path.stem, text=text, digest="d")
        record = parse_source(file, md, Diagnostics(), config)
        found[record.slug] = (record.date, record.end)
    return found


def _moment(minute: int) -> dt.datetime:
    return dt.datetime.fromordinal(minute // 1440) + dt.timedelta(minutes=minute % 1440)


def problems(views: list[View], offset: int, spans: dict[str, tuple], language: str = "en") -> list[str]:
    found = []
    for view in views:
        where = view.id
        axes = sorted(view.axes, key=lambda a: a["top"])
        for before, after in zip(axes, axes[1:], strict=False):  # time runs down, segments apart
            if not (after["start"] >= before["end"] and after["top"] >= before["top"] + before["length"]):
                found.append(f"{where}: segments overlap or run backwards")
        for cut in view.breaks:
            bottom = cut["top"] + cut["height"]
            if any(a["top"] < bottom - EPSILON and cut["top"] < a["top"] + a["length"] - EPSILON
                   for a in axes):
                found.append(f"{where}: a break over a segment")
        for mark in view.marks:
            date, end = spans[mark["event"]]
            last = end or date
            start = date.span[0] - (offset if date.offset is None else 0)
            stop = last.span[1] - (offset if last.offset is None else 0)
            if (mark["start"], mark["end"]) != (start, stop):
                found.append(f"{where}: {mark['event']} claims minutes its dates do not say")
            axis = next((a for a in axes if a["start"] <= start and stop < a["end"]), None)
            if axis is None:
                found.append(f"{where}: {mark['event']} is in no segment (drawn over a break)")
                continue
            scale = axis["length"] / (axis["end"] - axis["start"])
            if abs(mark["top"] - (axis["top"] + (start - axis["start"]) * scale)) > EPSILON:
                found.append(f"{where}: {mark['event']} is not where its start falls")
            length = (stop + 1 - start) * scale if stop > start else 0.0
            if abs(mark["length"] - length) > EPSILON:
                found.append(f"{where}: {mark['event']} is not as long as it lasts")
        for tick in view.ticks:
            axis = tick["axis"]
            scale = axis["length"] / (axis["end"] - axis["start"])
            if abs(tick["at"] - (axis["top"] + (tick["minute"] - offset - axis["start"]) * scale)) > EPSILON:
                found.append(f"{where}: tick {tick['label']} is not where its time falls")
            if not axis["start"] <= tick["minute"] - offset <= axis["end"]:
                found.append(f"{where}: tick {tick['label']} outside its segment")
            if tick["label"] not in _tick_says(tick["minute"], language):
                found.append(f"{where}: tick {tick['label']} is at {_moment(tick['minute'])}")
        tops = sorted(e["top"] for e in view.entries)
        if any(b - a < LABEL - EPSILON for a, b in zip(tops, tops[1:], strict=False)):
            found.append(f"{where}: two labels overlap")
        if tops and (tops[0] < -EPSILON or tops[-1] + LABEL > view.height + EPSILON):
            found.append(f"{where}: a label outside the drawing")
        if sorted(e["event"] for e in view.entries) != sorted(m["event"] for m in view.marks):
            found.append(f"{where}: labels and marks do not match")
    return found


def _tick_says(minute: int, language: str = "en") -> set[str]:
    """What a tick at `minute` may say: its time; at midnight its day, on the 1st its month, on
    1 January its year (`2021` or `Jan 2021`); in another language, CLDR's forms of the same
    (`24 июн.`, `янв. 2021 г.`), as Babel gives them."""
    moment = _moment(minute)
    if moment.hour or moment.minute:
        return {f"{moment.hour:02}:{moment.minute:02}"}
    if not language.startswith("en"):
        said = {format_skeleton("MMMd", moment, locale=language)}
        if moment.day == 1:
            said.add(babel_date(moment, "LLL", locale=language) if moment.month != 1
                     else format_skeleton("yMMM", moment, locale=language))
            if moment.month == 1:
                said.add(str(moment.year))
        return said
    month = SHORT_MONTHS[moment.month - 1]
    said = {f"{moment.day} {month}"}
    if moment.day == 1:
        said.add(month if moment.month != 1 else f"Jan {moment.year}")
        if moment.month == 1:
            said.add(str(moment.year))
    return said


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> dict[str, tuple[Path, Path]]:
    from benchmarks.corpus import write_corpus

    root = tmp_path_factory.mktemp("timescale")
    write_corpus(root / "corpus-src", articles=300)
    sources = {"example": REPO, "suez": copy_site(FIXTURES / "sites" / "suez", root / "suez-src"),
               "corpus": root / "corpus-src"}
    outs = {}
    for name, source in sources.items():
        build(source, root / name)
        outs[name] = (source, root / name)
    return outs


@pytest.mark.parametrize("name", ["example", "suez", "corpus"])
def test_every_scaled_timeline_says_only_what_the_dates_say(sites, name):
    source, out = sites[name]
    spans = true_spans(source)
    checked, wrong = 0, []
    for page in sorted(out.rglob("index.html")):
        html = page.read_text(encoding="utf-8")
        views, offset = read(html)
        language = re.search(r'<html lang="([^"]+)"', html).group(1)  # ticks in the page's words
        if views:
            checked += len(views)
            wrong += [f"{page.relative_to(out).as_posix()}: {p}"
                      for p in problems(views, offset, spans, language)]
    assert checked > 5 and wrong == []


@pytest.mark.parametrize("name", ["example", "suez", "corpus"])
def test_the_whole_story_view_draws_every_event_once(sites, name):
    source, out = sites[name]
    html = (out / "timeline" / "index.html").read_text(encoding="utf-8")
    views, _ = read(html)
    listed = re.findall(r'class="timeline-event" id="event-([^"]+)"', html)
    assert sorted(m["event"] for m in views[0].marks) == sorted(listed) == sorted(true_spans(source))


def test_the_example_cuts_its_years_and_sees_24_june_hour_by_hour(sites):
    views, _ = read((sites["example"][1] / "timeline" / "index.html").read_text(encoding="utf-8"))
    whole, close = views[0], views[1]
    assert len(whole.breaks) == 2 and all(b["minutes"] > 365 * 1440 for b in whole.breaks)
    assert [a["unit"] for a in close.axes] == ["hour"]
    labels = [t["label"] for t in close.ticks]
    assert {"24 Jun", "06:00", "12:00", "18:00"} <= set(labels) and len(labels) >= 24


def test_the_checker_sees_each_kind_of_untruth(sites):
    source, out = sites["example"]
    spans = true_spans(source)
    views, offset = read((out / "timeline" / "index.html").read_text(encoding="utf-8"))
    assert problems(views, offset, spans) == []
    whole = views[0]
    mark = whole.marks[0]
    mark["top"] += 0.5
    assert any("not where its start falls" in p for p in problems(views, offset, spans))
    mark["top"] -= 0.5
    mark["length"] *= 2
    assert any("not as long as it lasts" in p for p in problems(views, offset, spans))
    mark["length"] /= 2
    whole.entries[1]["top"] = whole.entries[0]["top"] + 1
    assert any("two labels overlap" in p for p in problems(views, offset, spans))
    views, _ = read((out / "timeline" / "index.html").read_text(encoding="utf-8"))
    views[0].ticks[0]["label"] = "03:00"
    assert any("tick 03:00" in p for p in problems(views, offset, spans))
    views, _ = read((out / "timeline" / "index.html").read_text(encoding="utf-8"))
    slug = views[0].marks[0]["event"]
    date, end = spans[slug]
    spans[slug] = (date.__class__(date.year + 1, date.month, date.day), end)
    assert any("claims minutes" in p for p in problems(views, offset, spans))


@pytest.mark.parametrize("name", ["example", "suez", "corpus"])
def test_a_close_view_shows_something_the_whole_story_does_not(sites, name):
    """A zoom is a part of the story, or one busy day or two seen hour by hour: never the
    whole story again, only longer."""
    _, out = sites[name]
    zooms = 0
    for page in sorted(out.rglob("index.html")):
        views, _ = read(page.read_text(encoding="utf-8"))
        for close in views[1:]:
            zooms += 1
            events = {m["event"] for m in close.marks}
            whole = {m["event"] for m in views[0].marks}
            lasts = max(a["end"] for a in close.axes) - min(a["start"] for a in close.axes)
            assert events < whole or (events == whole and lasts <= 3 * 1440), (page, close.id)
    assert name == "corpus" or zooms > 0
