"""Search: the bundle a build writes, its safety, its settings, and its errors for people."""

from __future__ import annotations

import contextlib
import gzip
import json
import time
from pathlib import Path

import pytest

from backstory import BuildFailed, build
from backstory.content.config import Config
from backstory.output import pagefind, search
from backstory.output.search import PARTS_FILE, SEARCH_DIR, Bundle
from backstory.output.write import STAGING_PREFIX, LiveOutput
from backstory.pipeline.builder import Builder
from backstory.preview.background_search import BackgroundIndexer
from tests.helpers import BASIC_SITE, copy_site, manifest_of, run_cli, tree_digest


@pytest.fixture
def site(tmp_path) -> Path:
    return copy_site(BASIC_SITE, tmp_path / "src")


def _entry(out: Path) -> dict:
    return json.loads((out / SEARCH_DIR / "pagefind-entry.json").read_text(encoding="utf-8"))


def test_build_writes_the_bundle_through_the_manifest(site, tmp_path):
    out = tmp_path / "out"
    build(site, out)
    assert _entry(out)["languages"]["en"]["page_count"] == 6  # actors, events, articles only
    bundle = sorted(p.relative_to(out).as_posix() for p in (out / SEARCH_DIR).rglob("*")
                    if p.is_file())
    manifest = manifest_of(site, out)
    assert bundle and set(bundle) <= set(manifest)
    assert all(p.resolve().is_relative_to(out.resolve()) for p in out.rglob("*"))
    assert {"pagefind/pagefind.js", "pagefind/wasm.en.pagefind"} <= set(bundle)
    assert not [name for name in bundle if "-ui." in name or "playground" in name]
    assert any(name.startswith("pagefind/fragment/") for name in bundle)
    search_page = (out / "search/index.html").read_text(encoding="utf-8")
    assert 'data-bundle="../pagefind/pagefind.js"' in search_page
    home = (out / "index.html").read_text(encoding="utf-8")
    assert '<form class="site-search" role="search" action="search/index.html" method="get">' in home


def test_result_urls_follow_the_link_style(site, tmp_path):
    """Relative sites link to index.html, as all their links do; a base_url site does not."""
    build(site, tmp_path / "relative")
    build(site, tmp_path / "absolute", base_url="https://example.org/explainer/")
    fragments = {}
    for name in ("relative", "absolute"):
        texts = [gzip.decompress(p.read_bytes()).decode("utf-8", "replace")
                 for p in (tmp_path / name / SEARCH_DIR / "fragment").iterdir()]
        fragments[name] = "\n".join(texts)
    assert '"/actors/ada-lovelace/index.html"' in fragments["relative"]
    assert '"/actors/ada-lovelace/"' in fragments["absolute"]
    page = (tmp_path / "absolute/search/index.html").read_text(encoding="utf-8")
    assert 'data-bundle="/explainer/pagefind/pagefind.js" data-root="/explainer/"' in page


def test_the_index_is_the_same_build_after_build(site, tmp_path):
    build(site, tmp_path / "a")
    build(site, tmp_path / "b")
    assert tree_digest(tmp_path / "a") == tree_digest(tmp_path / "b")


def test_search_false_leaves_search_out(site, tmp_path):
    (site / "site.yaml").write_text((site / "site.yaml").read_text() + "search: false\n")
    out = tmp_path / "out"
    build(site, out)
    assert not (out / SEARCH_DIR).exists() and not (out / "search").exists()
    assert "site-search" not in (out / "index.html").read_text(encoding="utf-8")


def test_search_setting_must_be_true_or_false(site, tmp_path):
    (site / "site.yaml").write_text((site / "site.yaml").read_text() + "search: sometimes\n")
    with pytest.raises(BuildFailed) as failed:
        build(site, tmp_path / "out")
    [problem] = failed.value.diagnostics
    assert (problem.path, problem.message) == ("site.yaml", "'search' must be `true` or `false`")
    assert problem.line == len((site / "site.yaml").read_text().splitlines())


@pytest.mark.parametrize("binary, message", [
    ("/nonexistent/pagefind", "search needs the Pagefind binary, which was not found"),
    ("/bin/false", "the Pagefind binary stopped while indexing"),
])
def test_a_missing_or_failing_binary_is_an_error_and_keeps_the_last_output(
        site, tmp_path, monkeypatch, capsys, binary, message):
    out = tmp_path / "out"
    build(site, out)
    before = tree_digest(out)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", binary)
    started = time.perf_counter()
    code, stdout, stderr = run_cli(["build", "--source", str(site), "--out", str(out)], capsys)
    assert time.perf_counter() - started < 30  # an error, not a hang
    assert code == 1 and "Traceback" not in stdout + stderr
    assert f"site.yaml:1:1: error: {message}" in stdout + stderr
    assert "hint: " in stdout + stderr and "search: false" in stdout + stderr
    assert tree_digest(out) == before


def test_bundle_paths_that_would_leave_the_output_are_refused(site, tmp_path, monkeypatch):
    def bundle(folder: Path, config: Config) -> Bundle:
        (folder / "made.js").write_text("x")
        return Bundle({"../escaped.js": folder / "made.js", "pagefind/ok.js": folder / "made.js"})

    monkeypatch.setattr("backstory.pipeline.cold.build_index", bundle)
    with pytest.raises(BuildFailed) as failed:
        build(site, tmp_path / "out")
    assert "unsafe output path '../escaped.js'" in failed.value.diagnostics[0].message
    assert not (tmp_path / "escaped.js").exists() and not (tmp_path / "out").exists()


def test_a_static_file_cannot_replace_the_bundle(site, tmp_path):
    (site / "static/pagefind").mkdir(parents=True)
    (site / "static/pagefind/pagefind.js").write_text("// mine")
    with pytest.raises(BuildFailed) as failed:
        build(site, tmp_path / "out")
    assert failed.value.diagnostics[0].message == "pagefind/pagefind.js is also written by the build"


def test_updates_do_not_index_and_stay_fast(site, tmp_path):
    builder = Builder(site)
    live = LiveOutput(tmp_path / "live")
    builder.update(live)
    article = site / "content/articles/first-program.md"
    article.write_text(article.read_text().replace("annotated a paper", "translated a paper"))
    result = builder.update(live, {"content/articles/first-program.md"})
    # The front page shows the newest article's opening paragraph: it is written again too.
    assert result.patched and result.written == ["articles/first-program/index.html", "index.html"]
    assert result.seconds < 0.1
    assert not (live.root / SEARCH_DIR).exists()  # the preview's BackgroundIndexer's job


def test_background_indexer_keeps_two_runs_and_drops_the_bundle_when_search_is_off(site, tmp_path):
    builder = Builder(site)
    live = LiveOutput(tmp_path / "live")
    builder.update(live)
    said: list[str] = []
    indexer = BackgroundIndexer(live, said.append)
    try:
        def fragments() -> set[str]:
            return {p.name for p in (live.root / SEARCH_DIR / "fragment").iterdir()}

        indexer.request(builder.search_config)
        assert indexer.wait_idle()
        first = fragments()
        assert _entry(live.root)["languages"]["en"]["page_count"] == 6 and said == []
        for word in ("translated", "rewrote"):
            article = site / "content/articles/first-program.md"
            text = article.read_text()
            article.write_text(text.replace("annotated", word).replace("translated", word))
            builder.update(live, {"content/articles/first-program.md"})
            indexer.request(builder.search_config)
            assert indexer.wait_idle()
            if word == "translated":
                second = fragments()
                assert first < second  # the old run's fragments stay for pages opened before
        assert not (first - second) & fragments()  # two runs back: gone
        indexer.request(Config(search=False))
        assert indexer.wait_idle()
        assert not (live.root / SEARCH_DIR).exists()
    finally:
        indexer.close()


def test_the_previews_indexer_runs_at_the_lowest_priority(site, tmp_path, monkeypatch):
    import os
    import threading

    from backstory.output import search

    out = tmp_path / "out"
    build(site, out)
    lowered = []
    real = os.setpriority
    monkeypatch.setattr(os, "setpriority", lambda *args: (lowered.append(args), real(*args)))
    config = Builder(site).load().config
    search.build_index(out, config).close()
    assert lowered == []  # a build's own index: as fast as it can
    with search.build_index(out, config, stop=threading.Event()) as bundle:  # the preview's
        assert [args[0::2] for args in lowered] == [(os.PRIO_PROCESS, 19)]
        assert "pagefind/pagefind-entry.json" in bundle.files
    assert not list(out.glob(f"{STAGING_PREFIX}*"))  # closed: its scratch folder is gone


PAGES = ["actors/ada-lovelace/index.html", "actors/charles-babbage/index.html",
         "actors/royal-society/index.html", "articles/first-program/index.html",
         "events/analytical-engine-notes/index.html", "events/engine-remembered/index.html"]


def _fragment_urls(folder: Path) -> list[str]:
    texts = [gzip.decompress(p.read_bytes()).decode() for p in folder.glob("*.pf_fragment")]
    return [json.loads(text.removeprefix("pagefind_dcd"))["url"] for text in texts]


def test_a_big_site_is_indexed_in_parts_that_hold_each_page_once(site, tmp_path, monkeypatch):
    monkeypatch.setattr(search, "PAGES_PER_PART", 2)
    out = tmp_path / "out"
    build(site, out)
    parts = json.loads((out / SEARCH_DIR / PARTS_FILE).read_text(encoding="utf-8"))
    assert parts["parts"] == ["part-1/", "part-2/"]
    folders = [out / SEARCH_DIR, out / SEARCH_DIR / "part-1", out / SEARCH_DIR / "part-2"]
    urls = [_fragment_urls(folder / "fragment") for folder in folders]
    counts = [json.loads((folder / "pagefind-entry.json").read_text())["languages"]["en"]["page_count"]
              for folder in folders]
    assert counts == [len(u) for u in urls] == [2, 2, 2]
    assert sorted(sum(urls, [])) == sorted(f"/{page}" for page in PAGES)  # each page once
    assert (out / SEARCH_DIR / "pagefind.js").is_file()  # the first part's script searches all
    later = [p.relative_to(folders[1]).as_posix() for p in folders[1].rglob("*") if p.is_file()]
    assert not [name for name in later if name.endswith((".js", ".pagefind"))]
    manifest = set(manifest_of(site, out))
    assert {f"{SEARCH_DIR}/part-1/{name}" for name in later} <= manifest


def test_the_index_is_moved_into_place_not_copied(site, tmp_path, monkeypatch):
    """Pagefind's files are moved out of the scratch folder (search.py says why): what is
    removed with it holds none of the index, and no scratch folder is left in the output."""
    monkeypatch.setattr(search, "PAGES_PER_PART", 2)
    left: list[str] = []
    close = Bundle.close

    def closing(bundle: Bundle) -> None:
        left.extend(p.name for p in bundle.scratch.rglob("*") if p.is_file())
        close(bundle)

    monkeypatch.setattr(Bundle, "close", closing)
    out = tmp_path / "out"
    Builder(site, cache=True).build(out)
    assert "pagefind.yml" in left and "pagefind.js" in left  # a later part's script stays behind
    assert not [name for name in left if name.endswith((".pf_fragment", ".pf_index", ".pf_meta"))]
    assert not [name for name in left if name in ("pagefind-entry.json", PARTS_FILE)]
    assert len(list((out / SEARCH_DIR).rglob("*.pf_fragment"))) == len(PAGES)
    article = site / "content/articles/first-program.md"
    article.write_text(article.read_text().replace("annotated a paper", "translated a paper"))
    assert Builder(site, cache=True).build(out).rewritten is not None  # warm: through LiveOutput
    assert not list(out.glob(f"{STAGING_PREFIX}*"))
    fragments = "\n".join(gzip.decompress(p.read_bytes()).decode()
                          for p in (out / SEARCH_DIR).rglob("*.pf_fragment"))
    assert "translated a paper" in fragments and "annotated a paper" not in fragments


def _parts_indexed(monkeypatch) -> list[int]:
    """The numbers of the parts Pagefind runs for, from now on, as they start."""
    indexed: list[int] = []
    real = search._index_part
    monkeypatch.setattr(search, "_index_part", lambda binary, folder, options, number, *rest: (
        indexed.append(number), real(binary, folder, options, number, *rest))[1])
    return indexed


@contextlib.contextmanager
def _previews_index(site: Path, tmp_path: Path):
    """A preview's output and its BackgroundIndexer, after the first build and its index."""
    builder = Builder(site)
    live = LiveOutput(tmp_path / "live")
    first = builder.update(live)
    indexer = BackgroundIndexer(live, print)
    try:
        indexer.request(builder.search_config, first.written)
        assert indexer.wait_idle()
        yield builder, live, indexer
    finally:
        indexer.close()


def test_an_edit_indexes_again_only_the_part_that_holds_its_page(site, tmp_path, monkeypatch):
    monkeypatch.setattr(search, "PAGES_PER_PART", 2)
    indexed = _parts_indexed(monkeypatch)
    out = tmp_path / "out"
    Builder(site, cache=True).build(out)
    assert sorted(indexed) == [0, 1, 2]
    part = search._part_number("articles/first-program/index.html", 3)
    before = tree_digest(out / SEARCH_DIR)
    article = site / "content/articles/first-program.md"
    article.write_text(article.read_text().replace("annotated a paper", "translated a paper"))
    indexed.clear()
    result = Builder(site, cache=True).build(out)
    assert result.rewritten is not None and indexed == [part]  # warm, and one part indexed
    after = tree_digest(out / SEARCH_DIR)
    moved = {name for name in before.keys() | after.keys() if before.get(name) != after.get(name)}
    assert moved and all(search.part_of(f"{SEARCH_DIR}/{name}") in (part, None) for name in moved)
    clean = tmp_path / "clean"
    build(site, clean)
    assert tree_digest(clean / SEARCH_DIR) == after  # as a clean build indexes it

    # Parts made by another Pagefind are not mixed with this one's: all are made again.
    monkeypatch.setattr(pagefind, "version_of", lambda binary: "0.0.1")
    article.write_text(article.read_text().replace("translated a paper", "annotated a paper"))
    indexed.clear()
    Builder(site, cache=True).build(out)
    assert sorted(indexed) == [0, 1, 2]


def test_the_previews_indexer_indexes_again_only_the_parts_of_changed_pages(
        site, tmp_path, monkeypatch):
    monkeypatch.setattr(search, "PAGES_PER_PART", 2)
    indexed = _parts_indexed(monkeypatch)
    with _previews_index(site, tmp_path) as (builder, live, indexer):
        assert sorted(indexed) == [0, 1, 2]
        article = site / "content/articles/first-program.md"
        article.write_text(article.read_text().replace("annotated a paper", "translated a paper"))
        result = builder.update(live, {"content/articles/first-program.md"})
        indexed.clear()
        indexer.request(builder.search_config, result.written)
        assert indexer.wait_idle()
        assert indexed == [search._part_number("articles/first-program/index.html", 3)]
        fragments = "\n".join(gzip.decompress(p.read_bytes()).decode()
                              for p in (live.root / SEARCH_DIR).rglob("*.pf_fragment"))
        assert "translated a paper" in fragments
        indexed.clear()
        indexer.request(builder.search_config)  # nothing said of what changed: everything
        assert indexer.wait_idle() and sorted(indexed) == [0, 1, 2]


def test_a_run_that_changes_no_file_keeps_the_previews_bundle(site, tmp_path):
    """A page written again with the same text: its part comes out byte for byte as it was, so
    nothing is written, and the bundle stays (it is not search turned off)."""
    with _previews_index(site, tmp_path) as (builder, live, indexer):
        before = tree_digest(live.root / SEARCH_DIR)
        indexer.request(builder.search_config, ["articles/first-program/index.html"])
        assert indexer.wait_idle()
        assert tree_digest(live.root / SEARCH_DIR) == before


def test_an_actors_facts_are_searchable_words_but_not_its_text(site, tmp_path):
    """The facts box is metadata, which Pagefind searches but never quotes: as text, a result's
    excerpt was "Born 10 December 1815 Country United Kingdom Also called Ada", not the profile.
    Each fact's words stay apart (once they ran together, "1815CountryUnited", unfindable)."""
    out = tmp_path / "out"
    build(site, out)
    texts = [gzip.decompress(p.read_bytes()).decode().removeprefix("pagefind_dcd")
             for p in (out / SEARCH_DIR / "fragment").glob("*.pf_fragment")]
    [ada] = [json.loads(text) for text in texts if "ada-lovelace" in text[:80]]
    assert ada["meta"]["facts"] == "Born 10 December 1815; Country United Kingdom"
    assert ada["meta"]["aliases"].startswith("Ada, ")
    assert ada["content"].endswith("Ada worked with Charles Babbage on the notes.")
    assert "Also called" not in ada["content"] and "1815" not in ada["content"]


def test_results_carry_the_date_each_page_shows(site, tmp_path):
    """An event's or article's result says when, as its page does; an actor's does not."""
    out = tmp_path / "out"
    build(site, out)
    texts = [json.loads(gzip.decompress(p.read_bytes()).decode().removeprefix("pagefind_dcd"))
             for p in (out / SEARCH_DIR / "fragment").glob("*.pf_fragment")]
    when = {data["url"].split("/")[-2]: data["meta"].get("when") for data in texts}
    assert when["analytical-engine-notes"] == "1 September 1843"
    assert when["engine-remembered"] == "29 November – 1 December 1991"
    assert when["first-program"] == "15 January 2024"
    assert when["ada-lovelace"] is None
    # Meta only: the date is not indexed as words of the page a second time.
    [notes] = [data["content"] for data in texts if "analytical-engine-notes" in data["url"]]
    assert "1 September 1843" not in notes


def test_a_bundle_is_put_in_place_fragments_first_and_the_list_of_parts_last():
    """A browser that reads a new entry file, or the new list of parts, finds what they name."""
    names = ["pagefind/parts.json", "pagefind/pagefind-entry.json", "pagefind/fragment/a.pf_fragment",
             "pagefind/part-1/pagefind-entry.json", "pagefind/part-1/fragment/b.pf_fragment"]
    bundle = Bundle({name: Path("/scratch") / name for name in names})
    order = [name for name, made in bundle.in_order() if made == Path("/scratch") / name]
    assert order[:2] == ["pagefind/fragment/a.pf_fragment", "pagefind/part-1/fragment/b.pf_fragment"]
    assert set(order[2:4]) == {"pagefind/pagefind-entry.json", "pagefind/part-1/pagefind-entry.json"}
    assert order[4:] == ["pagefind/parts.json"]


def test_closing_a_preview_stops_its_indexer_at_once(site, tmp_path):
    """A preview closed while Pagefind runs stops it, rather than wait for it (up to 15 s): the
    indexer gets a Pagefind that would take a minute."""
    slow = tmp_path / "slow-pagefind"
    slow.write_text("#!/bin/sh\nsleep 60\n", encoding="utf-8")
    slow.chmod(0o755)
    output = LiveOutput(tmp_path / "live")
    build(site, tmp_path / "built")
    for page in (tmp_path / "built").rglob("index.html"):
        output.write(page.relative_to(tmp_path / "built").as_posix(), page.read_bytes())
    said: list[str] = []
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PAGEFIND_BINARY_PATH", str(slow))
        indexer = BackgroundIndexer(output, said.append)
        indexer.request(Config(search=True))
        time.sleep(0.5)  # Pagefind is running
        started = time.monotonic()
        indexer.close()
        assert time.monotonic() - started < 5 and not indexer._thread.is_alive()
    assert said == []  # stopping is not a problem to report
    assert not list((tmp_path / "live").glob(f"{STAGING_PREFIX}*"))
