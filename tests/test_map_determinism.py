"""The same content gives byte-identical maps, whatever the hash seed (set and dict order)."""

from __future__ import annotations

import os
import subprocess
import sys

from .helpers import BASIC_SITE, REPO, copy_site

MAP_PAGES = ("map/index.html", "actors/ada-lovelace/index.html", "events/engine-remembered/index.html")


def test_maps_are_byte_identical_across_builds_and_hash_seeds(tmp_path):
    site = copy_site(BASIC_SITE, tmp_path / "src")
    outputs = []
    for seed in ("0", "1", "4242"):
        out = tmp_path / f"out-{seed}"
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(REPO)}
        subprocess.run([sys.executable, "-c", f"from backstory import build; build({str(site)!r}, "
                        f"{str(out)!r})"], check=True, env=env, cwd=tmp_path)
        outputs.append({page: (out / page).read_bytes() for page in MAP_PAGES})
    assert b"<svg" in outputs[0]["map/index.html"]
    assert outputs[0] == outputs[1] == outputs[2]
