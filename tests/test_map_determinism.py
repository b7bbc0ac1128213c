"""The same content gives byte-identical maps, whatever the hash seed (set and dict order), whether
laid out afresh or served from the layout's memo; a rename changes labels, never positions."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from backstory import build
from backstory.pictures.layout import _arranged

from .helpers import BASIC_SITE, REPO, copy_site

MAP_PAGES = ("map/index.html", "actors/ada-lovelace/index.html", "events/engine-remembered/index.html")
# Each node of a drawn map: its slug and its shape, which carries its position.
NODE_SHAPE = re.compile(r'data-node="([^"]+)"><title>[^<]*</title>(<(?:circle|rect|polygon) [^>]*>)')


@pytest.mark.slow  # builds in subprocesses, one per hash seed
def test_maps_are_byte_identical_across_builds_and_hash_seeds(tmp_path):
    site = copy_site(BASIC_SITE, tmp_path / "src")
    outputs = []
    for seed in ("0", "1", "4242"):
        out = tmp_path / f"out-{seed}"
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(REPO)}
        # Built twice in one process: the second build's overview (the one force layout) comes
        # from the layout memo.
        subprocess.run([sys.executable, "-c", "from backstory import build; "
                        "from backstory.pictures.layout import _arranged; "
                        f"build({str(site)!r}, {str(out)!r}); build({str(site)!r}, {str(out)!r} + '-again'); "
                        "assert _arranged.cache_info().hits >= 1"], check=True, env=env, cwd=tmp_path)
        outputs.append({page: (out / page).read_bytes() for page in MAP_PAGES})
        again = tmp_path / f"out-{seed}-again"
        assert {page: (again / page).read_bytes() for page in MAP_PAGES} == outputs[-1]
    assert b"<svg" in outputs[0]["map/index.html"]
    assert outputs[0] == outputs[1] == outputs[2]


def shapes(page: str) -> list[tuple[str, str]]:
    return NODE_SHAPE.findall(page)  # /map/ draws two maps, wide and tall: both are compared


def test_renaming_an_actor_relabels_the_maps_and_moves_no_node(tmp_path):
    site = copy_site(BASIC_SITE, tmp_path / "src")
    _arranged.cache_clear()
    build(site, tmp_path / "before")
    ada = site / "content/actors/ada-lovelace.md"
    ada.write_text(ada.read_text(encoding="utf-8").replace(
        "name: Ada Lovelace", "name: Augusta Ada King, Countess of Lovelace"), encoding="utf-8")
    _arranged.cache_clear()  # laid out afresh: positions come from the structure alone
    build(site, tmp_path / "after")
    for page in MAP_PAGES:
        before = (tmp_path / "before" / page).read_text(encoding="utf-8")
        after = (tmp_path / "after" / page).read_text(encoding="utf-8")
        assert "Countess of Lovelace" in after and "Countess of Lovelace" not in before
        assert len(shapes(before)) >= 3 and shapes(after) == shapes(before), page
