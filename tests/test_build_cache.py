"""The build cache: a build that starts from it writes exactly what a clean build writes, and a
cache that is damaged, stale or for other settings is never trusted."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from backstory import BuildFailed
from backstory.output import cache, search
from backstory.output.write import STAGING_PREFIX
from backstory.pipeline.builder import Builder
from backstory.pipeline.cached import cache_key

from .helpers import REPO, cache_folder, run_cli, tree_digest

pytestmark = pytest.mark.slow  # chains of cached builds, each compared with a clean one

ARTICLE = "content/articles/how-lukashenko-ended-the-wagner-mutiny.md"
ACTOR = "content/actors/dmitry-peskov.md"


def published(folder: Path) -> dict[str, str]:
    """The output as a host would serve it: all of it, dotfiles included (the cache and the
    record of what was written live beside the site, in .backstory/)."""
    found = tree_digest(folder)
    assert not [name for name in found if name.startswith(".") or "/." in name]
    return found


def cache_dir(out: Path) -> Path:
    """The cache of builds into out, from the site out is in (the default output, site/)."""
    return cache_folder(out.parent, out)


@pytest.fixture
def site(tmp_path) -> Path:
    source = tmp_path / "src"
    shutil.copytree(REPO / "content", source / "content")
    shutil.copytree(REPO / "static", source / "static")  # the pictures the example shows
    shutil.copy(REPO / "site.yaml", source / "site.yaml")
    return source


def build(source: Path, **settings):
    """One `backstory build`: a new Builder each time, as a new process has."""
    return Builder(source, cache=True, **settings).build()


def clean(source: Path, tmp_path: Path, **settings) -> dict[str, str]:
    out = tmp_path / "clean"
    shutil.rmtree(out, ignore_errors=True)
    Builder(source, **settings).build(out)
    return published(out)


def edit(source: Path, relative: str, old: str, new: str) -> None:
    path = source / relative
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


CHANGES = {
    "article body": lambda s: edit(s, ARTICLE, "Prigozhin", "Prigozhin himself"),
    "actor renamed": lambda s: edit(s, ACTOR, "name: Dmitry Peskov", "name: Dmitri Peskov"),
    "article added": lambda s: (s / "content/articles/later.md").write_text(
        "---\ntitle: Later\ndate: 2023-07-01\nsummary: After.\nactors: [dmitry-peskov]\n---\n"
        "Peskov spoke about [[wagner-group]] again.\n", encoding="utf-8"),
    # with its translations, which would otherwise translate nothing (an error)
    "article removed": lambda s: [path.unlink() for path in (s / ARTICLE).parent.glob(
        Path(ARTICLE).stem + ".*")],
    "layout overridden": lambda s: (s / "layouts").mkdir() or (s / "layouts/article.html").write_text(
        (REPO / "layouts/article.html").read_text(encoding="utf-8").replace(
            "{% block main %}", "{% block main %}<p>Ours.</p>", 1), encoding="utf-8"),
    "static file added": lambda s: (s / "static").mkdir(exist_ok=True) or (s / "static/notes.txt").write_text(
        "hello\n", encoding="utf-8"),
    "settings changed": lambda s: edit(s, "site.yaml", 'author: "Backstory example desk"',
                                       'author: "The example desk"'),
    "search turned off": lambda s: (s / "site.yaml").write_text(
        (s / "site.yaml").read_text(encoding="utf-8") + "search: false\n", encoding="utf-8"),
}


@pytest.mark.parametrize("pages_per_part", [search.PAGES_PER_PART, 4])  # 4: 19 pages in 5 parts
@pytest.mark.parametrize("change", list(CHANGES))
def test_a_cached_build_writes_what_a_clean_build_writes(site, tmp_path, monkeypatch, change,
                                                         pages_per_part):
    monkeypatch.setattr(search, "PAGES_PER_PART", pages_per_part)
    first = build(site)
    assert first.rewritten is None  # no cache yet: a clean build, which writes one
    assert cache.cache_path(cache_dir(first.out)).is_file()
    CHANGES[change](site)
    again = build(site)
    assert again.rewritten is not None and again.rewritten > 0  # from the cache
    assert published(again.out) == clean(site, tmp_path)
    if change == "search turned off":
        assert not (again.out / "pagefind").exists()
        (site / "site.yaml").write_text((site / "site.yaml").read_text(encoding="utf-8")
                                        .replace("search: false\n", ""), encoding="utf-8")
        assert build(site).rewritten > 0  # and back on: the index is made again
        assert published(again.out) == clean(site, tmp_path)


def test_after_a_chain_of_cached_builds_the_cache_holds_what_a_clean_one_would(site, tmp_path):
    """Each cached build saves only the shards it may have changed: after several, what each
    page read and every fingerprint are as a clean build records them, and so is the site."""
    out = build(site).out
    for change in ("article body", "actor renamed", "article added", "article removed"):
        CHANGES[change](site)
        assert build(site).rewritten > 0
        assert published(out) == clean(site, tmp_path)
    fresh = Builder(site, cache=True).build(tmp_path / "fresh").out
    key = cache_key(Builder(site, cache=True).settings)
    kept, made = cache.load(cache_dir(out), key), cache.load(cache_folder(site, fresh), key)
    assert kept is not None and made is not None

    def deps(shards):
        return {name: shard for name, shard in shards.items() if name.startswith("deps-")}

    assert deps(kept[1]) == deps(made[1])
    assert kept[0]["names"] == made[0]["names"]


def test_nothing_changed_writes_nothing(site):
    first = build(site)
    before = tree_digest(first.out)
    again = build(site)
    assert again.rewritten == 0
    assert tree_digest(again.out) == before


def test_a_failed_cached_build_keeps_the_output_and_the_cache(site, tmp_path):
    out = build(site).out
    before = tree_digest(out)
    article = site / ARTICLE
    text = article.read_text(encoding="utf-8")
    article.write_text(text + "\nSee [[nobody-at-all]].\n", encoding="utf-8")
    with pytest.raises(BuildFailed) as failed:
        build(site)
    assert "nobody-at-all" in failed.value.format()
    assert tree_digest(out) == before
    article.write_text(text, encoding="utf-8")
    assert build(site).rewritten == 0  # the cache still describes the output


def test_a_cached_build_checks_a_changed_layout_even_where_no_page_needs_it(site):
    """A warm build skips compiling layouts only when they are byte for byte the last good
    build's; a broken one fails as in a clean build, whichever pages it would render."""
    out = build(site).out
    before = tree_digest(out)
    (site / "layouts").mkdir()
    (site / "layouts/unused.html").write_text("{% if %}\n", encoding="utf-8")  # no page uses it
    with pytest.raises(BuildFailed) as failed:
        build(site)
    assert failed.value.diagnostics[0].path == "layouts/unused.html"
    assert tree_digest(out) == before


def damage_main(out: Path) -> None:
    path = cache.cache_path(cache_dir(out))
    data = bytearray(path.read_bytes())
    data[-100] ^= 0xFF
    path.write_bytes(bytes(data))


def damage_shard(out: Path) -> None:
    shard = next(p for p in sorted(cache_dir(out).iterdir()) if p.name != "build.pickle")
    shard.write_bytes(shard.read_bytes()[:-10])


def swap_shards(out: Path) -> None:
    """Two shards, each whole, in each other's place: both checksums are right, for the other."""
    a, b = sorted(p for p in cache_dir(out).iterdir() if p.name != "build.pickle")[:2]
    data = a.read_bytes()
    a.write_bytes(b.read_bytes())
    b.write_bytes(data)


DAMAGE = {
    "flipped byte": damage_main,
    "truncated shard": damage_shard,
    "swapped shards": swap_shards,
    "garbage": lambda out: cache.cache_path(cache_dir(out)).write_bytes(b"not a cache"),
    "empty": lambda out: cache.cache_path(cache_dir(out)).write_bytes(b""),
    "missing": lambda out: cache.cache_path(cache_dir(out)).unlink(),
    "page edited by hand": lambda out: (out / "index.html").write_text("<p>mine</p>"),
    "page deleted": lambda out: (out / "index.html").unlink(),
}


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_a_damaged_cache_or_output_means_a_clean_build(site, tmp_path, damage):
    out = build(site).out
    edit(site, ARTICLE, "Prigozhin", "Prigozhin himself")
    DAMAGE[damage](out)
    again = build(site)
    assert again.rewritten is None
    assert published(out) == clean(site, tmp_path)
    assert build(site).rewritten == 0  # and the fresh cache is trusted


def test_a_cache_for_other_settings_or_code_is_not_used(site, tmp_path, monkeypatch):
    build(site)
    assert build(site, drafts=True).rewritten is None
    assert build(site, drafts=True).rewritten == 0
    assert build(site, base_url="https://example.org/sub/").rewritten is None
    monkeypatch.setattr(cache, "_code_digest", lambda: b"other code")
    again = build(site, base_url="https://example.org/sub/")
    assert again.rewritten is None
    assert published(again.out) == clean(site, tmp_path, base_url="https://example.org/sub/")


def test_what_a_killed_cached_build_left_is_cleaned_up(site):
    out = build(site).out
    (out / f"{STAGING_PREFIX}0123456789ab").mkdir()
    (out / f"{STAGING_PREFIX}0123456789ab" / ".index.html.1234abcd.tmp").write_text("half")
    edit(site, ARTICLE, "Prigozhin", "Prigozhin himself")
    assert build(site).rewritten > 0
    assert not [p for p in out.iterdir() if p.name.startswith(STAGING_PREFIX)]


def test_the_cli_keeps_a_cache_unless_told_not_to(site, tmp_path, capsys):
    code, out, _ = run_cli(["build", "--source", str(site)], capsys)
    assert code == 0 and cache.cache_path(cache_dir(site / "site")).is_file()
    code, out, _ = run_cli(["build", "--source", str(site)], capsys)
    assert code == 0 and "0 written or removed, the rest as the last build left it" in out
    code, out, _ = run_cli(["build", "--source", str(site), "--out", str(tmp_path / "plain"),
                            "--no-cache"], capsys)
    assert code == 0 and "written or removed" not in out
    assert not cache.cache_path(cache_folder(site, tmp_path / "plain")).exists()


def test_a_cached_build_turns_a_static_file_into_a_folder_and_back(site, tmp_path):
    (site / "static").mkdir(exist_ok=True)
    (site / "static" / "notes").write_text("a file\n", encoding="utf-8")
    build(site)
    (site / "static" / "notes").unlink()
    (site / "static" / "notes").mkdir()
    (site / "static" / "notes" / "a.txt").write_text("in a folder\n", encoding="utf-8")
    again = build(site)
    assert again.rewritten is not None and published(again.out) == clean(site, tmp_path)
    shutil.rmtree(site / "static" / "notes")
    (site / "static" / "notes").write_text("a file again\n", encoding="utf-8")
    again = build(site)
    assert again.rewritten is not None and published(again.out) == clean(site, tmp_path)


def test_the_cache_knows_the_site_however_its_folder_is_spelled(site, tmp_path, capsys, monkeypatch):
    """`backstory build --source .` and `python build.py` (an absolute path) alternating on one
    folder: each build starts from the other's cache. The site's own layouts are what the
    spelling once reached (their digests hashed the path as given)."""
    shutil.copytree(REPO / "layouts", site / "layouts")
    (tmp_path / "link").symlink_to(site, target_is_directory=True)
    monkeypatch.chdir(site)
    code, out, err = run_cli(["build", "--source", ".", "-j", "1"], capsys)
    assert code == 0, err
    for spelling in (str(site), ".", str(tmp_path / "link"), "../src"):
        code, out, err = run_cli(["build", "--source", spelling, "-j", "1"], capsys)
        assert code == 0 and "; 0 written or removed" in out, (spelling, out, err)
