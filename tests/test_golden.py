"""Golden test: the basic fixture site builds to exactly the reviewed pages in expected/.

Assets are compared with the default layouts' own files rather than kept twice. The search
bundle is Pagefind's output, whose bytes change with Pagefind's version rather than with ours:
it is checked for what it indexed (here and in tests/unit/test_search.py), not byte for byte.

Regenerate with BACKSTORY_REGEN=1, then read the diff before committing it.
"""

from __future__ import annotations

import json
import os
import shutil

from backstory import build
from backstory.output.search import SEARCH_DIR

from .helpers import BASIC_SITE, REPO, copy_site, plain_assets, tree_digest

EXPECTED = BASIC_SITE / "expected"


def test_basic_site_matches_expected_output(tmp_path):
    site = copy_site(BASIC_SITE, tmp_path / "src")
    out = tmp_path / "out"
    build(site, out)
    assert (out / "assets/style.css").read_bytes() == (REPO / "layouts/assets/style.css").read_bytes()
    # Each asset also under its hashed name, which pages link; pages are compared with plain
    # names, so a stylesheet edit does not rewrite every expected page.
    for copy in (out / "assets").iterdir():
        plain = plain_assets(f"assets/{copy.name}")
        assert (out / plain).read_bytes() == copy.read_bytes(), copy.name
    shutil.rmtree(out / "assets")
    for page in out.rglob("*.html"):
        page.write_text(plain_assets(page.read_text(encoding="utf-8")), encoding="utf-8")
    # The 404 page carries the stylesheet inline (docs/layouts.md, "The 404 page"): checked against the
    # asset here, so that a stylesheet edit does not rewrite the expected page either.
    not_found = (out / "404.html").read_text(encoding="utf-8")
    style = (REPO / "layouts/assets/style.css").read_text(encoding="utf-8").replace("</", "<\\/")
    assert f"<style>{style}</style>" in not_found
    (out / "404.html").write_text(not_found.replace(style, "/* assets/style.css */"), encoding="utf-8")
    entry = json.loads((out / SEARCH_DIR / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert entry["languages"]["en"]["page_count"] == 6  # 3 actors, 2 events, 1 article
    shutil.rmtree(out / SEARCH_DIR)
    if os.environ.get("BACKSTORY_REGEN"):
        shutil.rmtree(EXPECTED, ignore_errors=True)
        shutil.copytree(out, EXPECTED)
    built, expected = tree_digest(out), tree_digest(EXPECTED)
    assert sorted(built) == sorted(expected)
    for name in sorted(built):
        assert (out / name).read_bytes() == (EXPECTED / name).read_bytes(), f"{name} differs"
