"""Pictures in a built site: one address from the site root that works from any page, from disk
and under a base path; figures with caption and credit; variants made once and never again;
lead images in social cards; the preview picking up a new picture."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote

import pytest
from PIL import Image

from backstory import build
from backstory.output.write import LiveOutput
from backstory.pictures import raster
from backstory.pipeline.builder import Builder

from .helpers import BASIC_SITE, copy_site, run_cli

ARTICLE = "content/articles/first-program.md"
BASE = "https://example.org/suez/"
LEAD = """image:
  src: /images/engine.jpg
  alt: A drawing of the engine
  caption: The Analytical Engine, as drawn for these notes.
  credit: "Drawing: Example desk"
  credit_url: https://example.org/desk
"""
BODY = """
![Plan of the mill](/images/plan.png "The mill, from above")
Credit: Graphic: Example desk

The notes are [in one file](/files/notes.txt#page=2).
"""


@pytest.fixture
def site(tmp_path) -> Path:
    site = copy_site(BASIC_SITE, tmp_path / "src")
    images = site / "static/images"
    images.mkdir(parents=True)
    Image.new("RGB", (2000, 1200), "darkslateblue").save(images / "engine.jpg", quality=85)
    Image.new("RGB", (700, 400), "lightyellow").save(images / "plan.png")
    Image.new("RGB", (300, 300), "gray").save(images / "ada.webp")
    (site / "static/files").mkdir()
    (site / "static/files/notes.txt").write_text("Notes.\n", encoding="utf-8")
    article = site / ARTICLE
    text = article.read_text(encoding="utf-8")
    article.write_text(text.replace("\nsummary:", "\n" + LEAD + "summary:", 1) + BODY, encoding="utf-8")
    actor = site / "content/actors/ada-lovelace.md"
    actor.write_text(actor.read_text(encoding="utf-8").replace(
        "role: Analyst", "role: Analyst\nimage: /images/ada.webp"), encoding="utf-8")
    return site


def page(out: Path, path: str) -> str:
    return (out / path / "index.html").read_text(encoding="utf-8")


def addresses(html: str) -> list[str]:
    """Every src and every address of every srcset in a page's pictures."""
    found = re.findall(r'<(?:img|source)[^>]*?\ssrc="([^"]+)"', html)
    for srcset in re.findall(r'srcset="([^"]+)"', html):
        found += [entry.split(" ")[0] for entry in srcset.split(", ")]
    return found


def test_from_disk_every_picture_address_is_a_file_relative_to_its_page(site, tmp_path):
    out = build(site, tmp_path / "out", jobs=1).out
    for path in ("articles/first-program", "actors", "actors/ada-lovelace", "events/analytical-engine-notes"):
        found = addresses(page(out, path))
        assert found, path
        for address in found:
            assert not address.startswith("/"), (path, address)
            assert (out / path / unquote(address)).resolve().is_file(), (path, address)
    html = page(out, "articles/first-program")
    assert 'href="../../files/notes.txt#page=2"' in html
    # The originals are published as they are; the variants only in the output.
    assert (out / "images/engine.jpg").read_bytes() == (site / "static/images/engine.jpg").read_bytes()
    originals = sorted(p.name for p in (site / "static/images").iterdir())
    assert originals == ["ada.webp", "engine.jpg", "plan.png"]


def test_under_a_base_path_every_address_is_under_it(site, tmp_path):
    out = build(site, tmp_path / "out", jobs=1, base_url=BASE).out
    for path in ("articles/first-program", "actors", "actors/ada-lovelace"):
        for address in addresses(page(out, path)):
            assert address.startswith("/suez/"), (path, address)
            assert (out / address.removeprefix("/suez/")).is_file(), address
    assert 'href="/suez/files/notes.txt#page=2"' in page(out, "articles/first-program")


def test_lead_image_and_body_figure(site, tmp_path):
    out = build(site, tmp_path / "out", jobs=1).out
    html = page(out, "articles/first-program")
    lead = html.split('<figure class="figure lead">', 1)[1].split("</figure>", 1)[0]
    assert '<source type="image/webp" srcset="../../assets/pictures/engine.' in lead
    assert re.search(r'srcset="[^"]*480w, [^"]*960w, [^"]*1600w"', lead)
    assert ('src="../../images/engine.jpg" srcset="../../assets/pictures/engine.' in lead
            and '../../images/engine.jpg 2000w"' in lead)
    assert 'width="2000" height="1200" alt="A drawing of the engine" loading="eager"' in lead
    assert ('<figcaption><span class="figure-caption">The Analytical Engine, as drawn for these notes.'
            '</span> <span class="figure-credit"><a href="https://example.org/desk" rel="external">'
            "Drawing: Example desk</a></span></figcaption>") in lead
    body = html.split('<figure class="figure">', 1)[1].split("</figure>", 1)[0]
    assert 'width="700" height="400" alt="Plan of the mill" loading="lazy"' in body
    assert ('<figcaption><span class="figure-caption">The mill, from above</span> '
            '<span class="figure-credit">Graphic: Example desk</span>') in body
    # The who's who: a small picture beside the name (its name is right there: no alt text).
    actors = page(out, "actors")
    assert re.search(r'<img src="../images/ada.webp" width="300" height="300" alt="" '
                     r'class="entity-thumbnail" loading="lazy"', actors)


def test_social_cards_show_the_lead_image_only_with_a_base_url(site, tmp_path):
    html = page(build(site, tmp_path / "published", jobs=1, base_url=BASE).out, "articles/first-program")
    assert '<meta property="og:image" content="https://example.org/suez/images/engine.jpg">' in html
    assert '<meta property="og:image:alt" content="A drawing of the engine">' in html
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    assert '"image": "https://example.org/suez/images/engine.jpg"' in html  # JSON-LD
    html = page(build(site, tmp_path / "disk", jobs=1).out, "articles/first-program")
    assert "og:image" not in html and 'content="summary"' in html


def test_a_warm_build_resizes_nothing_it_resized_before(site, tmp_path, monkeypatch, capsys):
    made = []
    real = raster.make_variants
    monkeypatch.setattr(raster, "make_variants", lambda *args: made.append(args[0].name) or real(*args))
    first = ["build", "--source", str(site), "--out", str(tmp_path / "out"), "--jobs", "1"]
    assert run_cli(first, capsys)[0] == 0
    assert sorted(made) == ["ada.webp", "engine.jpg", "plan.png"]
    files = {p.relative_to(tmp_path / "out").as_posix(): p.read_bytes()
             for p in (tmp_path / "out").rglob("*") if p.is_file()}
    made.clear()
    assert run_cli(first, capsys)[0] == 0  # warm, from the build cache
    assert made == []
    assert {p.relative_to(tmp_path / "out").as_posix(): p.read_bytes()
            for p in (tmp_path / "out").rglob("*") if p.is_file()} == files
    # A build that keeps no cache makes them again, in a store of its own that it deletes: the
    # site's store of pictures is as it was.
    store = site / ".backstory/pictures"
    before = sorted(p.relative_to(store).as_posix() for p in store.rglob("*"))
    assert run_cli(first + ["--no-cache", "--out", str(tmp_path / "plain")], capsys)[0] == 0
    assert build(site, tmp_path / "elsewhere", jobs=1).pages > 0
    assert sorted(made) == ["ada.webp", "ada.webp", "engine.jpg", "engine.jpg", "plan.png", "plan.png"]
    assert sorted(p.relative_to(store).as_posix() for p in store.rglob("*")) == before
    made.clear()
    # A picture changed is read again, and its old variants leave the output.
    Image.new("RGB", (900, 500), "tomato").save(site / "static/images/plan.png")
    assert run_cli(first, capsys)[0] == 0
    assert made == ["plan.png"]
    names = sorted(p.name for p in (tmp_path / "out/assets/pictures").iterdir() if "plan" in p.name)
    assert len(names) == 3 and all(".480." in n or ".900." in n for n in names)


def test_the_preview_reads_a_picture_an_edit_names_for_the_first_time(site, tmp_path):
    preview = Builder(site, base_url="", hash_assets=False, jobs=1)
    output = LiveOutput(tmp_path / "preview")
    preview.update(output)
    Image.new("RGB", (1000, 500), "seagreen").save(site / "static/images/route.png")
    event = site / "content/events/analytical-engine-notes.md"
    event.write_text(event.read_text(encoding="utf-8") + "\n![The route](/images/route.png)\n",
                     encoding="utf-8")
    result = preview.update(output, {"content/events/analytical-engine-notes.md"})
    assert any(name.startswith("assets/pictures/route.") for name in result.written)
    html = page(tmp_path / "preview", "events/analytical-engine-notes")
    for address in addresses(html):
        assert (tmp_path / "preview/events/analytical-engine-notes" / address).resolve().is_file()


def test_a_file_name_with_a_space_and_a_comma_is_one_address(site, tmp_path, capsys):
    Image.new("RGB", (1200, 600), "crimson").save(site / "static/images/my photo,1.jpg")
    article = site / ARTICLE
    article.write_text(article.read_text(encoding="utf-8")
                       + "\n![A red block](/images/my%20photo,1.jpg)\n", encoding="utf-8")
    out = tmp_path / "out"
    assert build(site, out, jobs=1).pages > 0
    html = page(out, "articles/first-program")
    found = [a for a in addresses(html) if "photo" in a]
    assert found and all(" " not in a and "," not in a for a in found)  # srcset stays parseable
    for address in found:
        assert (out / "articles/first-program" / unquote(address)).resolve().is_file(), address
    assert run_cli(["check", "--source", str(site)], capsys)[0] == 0
