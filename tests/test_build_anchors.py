"""`build` reports a broken #anchor, link or image at its Markdown line, not `check` at the HTML."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from .helpers import BASIC_SITE, copy_site, run_cli

ARTICLE = "content/articles/first-program.md"
BASE = "https://example.org/suez/"


@pytest.fixture
def site(tmp_path) -> Path:
    site = copy_site(BASIC_SITE, tmp_path / "src")
    image = site / "static/images/engine.png"
    image.parent.mkdir(parents=True)
    Image.new("RGB", (8, 6), "white").save(image)
    with (site / "content/actors/ada-lovelace.md").open("a", encoding="utf-8") as actor:
        actor.write("\n## Career\n\nShe translated and annotated.\n")
    return site


def append(site: Path, relative: str, text: str) -> int:
    """Add lines to a file; the line number of the first."""
    path = site / relative
    before = path.read_text(encoding="utf-8")
    path.write_text(before + text, encoding="utf-8")
    return before.count("\n") + 1


def build(site: Path, capsys, *extra: str) -> tuple[int, str]:
    code, out, err = run_cli(["build", "--source", str(site), "--out", str(site / "site"), *extra],
                             capsys)
    assert "Traceback" not in out + err
    return code, err


def test_anchors_images_and_links_that_land_nowhere_fail_the_build_where_written(site, capsys):
    line = append(site, ARTICLE, "\nHer [[ada-lovelace#Career|career]] and [[#Background]].\n\n"
                                 "![The engine](images/engine.png) and [the notes](../../events/notes/)\n")
    code, err = build(site, capsys)
    assert code == 1
    assert f"""{ARTICLE}:{line + 1}:5: error: no anchor '#Career' on 'ada-lovelace'
  {line + 1} | Her [[ada-lovelace#Career|career]] and [[#Background]].
     |     ^
  hint: did you mean '#career'?""" in err
    assert (f"{ARTICLE}:{line + 1}:40: error: no anchor '#Background' on this page\n"
            f"  {line + 1} | Her") in err and "hint: did you mean '#background'?" in err
    assert (f"{ARTICLE}:{line + 3}:1: error: image 'images/engine.png' names nothing in the site: "
            f"from this page it is /articles/first-program/images/engine.png") in err
    assert "hint: static/images/engine.png is '/images/engine.png' from any page" in err
    assert (f"{ARTICLE}:{line + 3}:38: error: link '../../events/notes/' names nothing in the site: "
            "from this page it is /events/notes/") in err
    assert "hint: link a page as [[slug]] or [[slug#anchor]]: right from any page, and checked" in err
    assert "4 errors in 1 file" in err
    assert not (site / "site").exists()


def test_anchors_on_the_page_and_on_others_link_there(site, capsys):
    append(site, ARTICLE, "\nSee [[#background]], [[ada-lovelace#career]] and "
                          "[her career](../../actors/ada-lovelace/#career).\n\n"
                          "![The engine](../../images/engine.png)\n")
    code, err = build(site, capsys)
    assert code == 0, err
    html = (site / "site/articles/first-program/index.html").read_text(encoding="utf-8")
    assert '<a class="ref ref-articles" href="#background">Background</a>' in html
    assert 'href="../../actors/ada-lovelace/index.html#career">Ada Lovelace</a>' in html
    assert '<img src="../../images/engine.png" width="8" height="6" alt="The engine"' in html
    assert '<source type="image/webp" srcset="../../assets/pictures/engine.' in html
    assert run_cli(["check", "--source", str(site)], capsys)[0] == 0


@pytest.mark.parametrize(("address", "base_url", "problem"), [
    ("/images/engine.png", None, None),
    ("/images/engine.png", BASE, None),
    ("../../images/engine.png", BASE, None),
    ("/suez/images/engine.png", BASE, "image '/suez/images/engine.png' names nothing in the site: "
                                      "from this page it is /suez/images/engine.png"),
])
def test_an_address_from_the_root_is_read_from_the_site_root(site, capsys, address, base_url, problem):
    """`/images/x.png` is static/images/x.png whatever base_url's path: each page writes it as
    it reaches it (relative without base_url, under the base path with one)."""
    line = append(site, ARTICLE, f"\n![The engine]({address})\n")
    code, err = build(site, capsys, *(["--base-url", base_url] if base_url else []))
    if problem is None:
        assert code == 0, err
        html = (site / "site/articles/first-program/index.html").read_text(encoding="utf-8")
        written = "/suez/images/engine.png" if base_url else "../../images/engine.png"
        assert f'<img src="{written}" width="8" height="6" alt="The engine"' in html
    else:
        assert code == 1 and f"{ARTICLE}:{line + 1}:1: error: {problem}" in err
        assert "hint: static/images/engine.png is '/images/engine.png' from any page" in err


def test_an_actors_image_must_be_a_file_under_static(site, capsys):
    actor = site / "content/actors/charles-babbage.md"
    actor.write_text(actor.read_text(encoding="utf-8").replace(
        "kind: person", "kind: person\nimage: images/engin.png"), encoding="utf-8")
    code, err = build(site, capsys)
    assert code == 1
    assert ("content/actors/charles-babbage.md:4:8: error: image 'images/engin.png' is not a file "
            "under static/") in err and "hint: did you mean 'images/engine.png'?" in err


def test_a_warm_build_reports_the_anchor_an_edit_broke_and_clears_it_when_fixed(site, capsys):
    assert build(site, capsys)[0] == 0
    assert build(site, capsys)[0] == 0  # warm, from the cache
    heading = site / ARTICLE
    heading.write_text(heading.read_text(encoding="utf-8").replace("## Background", "## Context"),
                       encoding="utf-8")
    code, err = build(site, capsys)  # charles-babbage.md links to first-program#background
    assert code == 1
    assert "content/actors/charles-babbage.md:8:6: error: no anchor '#background' on 'first-program'" in err
    assert "hint: its headings' anchors: #context" in err
    heading.write_text(heading.read_text(encoding="utf-8").replace("## Context", "## Background"),
                       encoding="utf-8")
    assert build(site, capsys)[0] == 0


@pytest.mark.parametrize(("address", "problem"), [
    ("/images/engine.png", None),
    ("/suez/images/engine.png", "names nothing in the site"),
])
def test_the_preview_checks_addresses_as_the_published_site_has_them(site, address, problem):
    """The preview links relatively (base_url ""), the published site under base_url's path:
    an address from the site root means the same file to both, so the two never disagree."""
    from backstory import BuildFailed
    from backstory.output.write import LiveOutput
    from backstory.pipeline.builder import Builder

    (site / "site.yaml").write_text((site / "site.yaml").read_text(encoding="utf-8")
                                    + f"base_url: {BASE}\n", encoding="utf-8")
    append(site, ARTICLE, f"\n![The engine]({address})\n")
    preview = Builder(site, base_url="", hash_assets=False)
    output = LiveOutput(site.parent / "preview")
    if problem is None:
        preview.update(output)
        assert Builder(site).build(site.parent / "built").pages > 0
    else:
        with pytest.raises(BuildFailed) as failed:
            preview.update(output)
        assert problem in failed.value.format()
