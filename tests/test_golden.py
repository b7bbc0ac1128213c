"""Golden test: the basic fixture site builds to exactly the reviewed pages in expected/.

Assets are compared with the default layouts' own files rather than kept twice.

Regenerate with BACKSTORY_REGEN=1, then read the diff before committing it.
"""

from __future__ import annotations

import os
import shutil

from backstory import build

from .helpers import BASIC_SITE, REPO, copy_site, tree_digest

EXPECTED = BASIC_SITE / "expected"


def test_basic_site_matches_expected_output(tmp_path):
    site = copy_site(BASIC_SITE, tmp_path / "src")
    out = tmp_path / "out"
    build(site, out)
    (out / ".backstory-manifest.json").unlink()
    assert (out / "assets/style.css").read_bytes() == (REPO / "layouts/assets/style.css").read_bytes()
    shutil.rmtree(out / "assets")
    if os.environ.get("BACKSTORY_REGEN"):
        shutil.rmtree(EXPECTED, ignore_errors=True)
        shutil.copytree(out, EXPECTED)
    built, expected = tree_digest(out), tree_digest(EXPECTED)
    assert sorted(built) == sorted(expected)
    for name in sorted(built):
        assert (out / name).read_bytes() == (EXPECTED / name).read_bytes(), f"{name} differs"
