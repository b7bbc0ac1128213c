"""Whole output trees, file by file: the example, the second story (suez) and a generated
1,000-article corpus build to exactly the files whose digests are in tests/fixtures/outputs/.

A change that should not change what readers get (a refactor, a speed-up) must leave these
manifests untouched; one that should, changes them, and the diff of a manifest names every file
it changed, for a person to review. Pagefind's bundle is left out: its bytes change with
Pagefind's version, not ours (it is checked for what it indexed in tests/unit/test_search.py).

Regenerate with BACKSTORY_REGEN=1, then read the diff before committing it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from backstory import build
from backstory.output.search import SEARCH_DIR
from benchmarks.corpus import write_corpus

from .helpers import FIXTURES, REPO, copy_site, tree_digest

pytestmark = pytest.mark.slow  # whole builds of three sites, one of 1,000 articles

MANIFESTS = FIXTURES / "outputs"


def _example(into: Path) -> Path:
    return REPO


def _suez(into: Path) -> Path:
    return copy_site(FIXTURES / "sites" / "suez", into / "suez")


def _corpus(into: Path) -> Path:
    write_corpus(into / "corpus", 1000, seed=2023)
    return into / "corpus"


SITES = {"example": _example, "suez": _suez, "corpus-1000": _corpus}


def manifest(out: Path) -> str:
    """`<sha256>  <path>` for every file of the output but the search bundle, sorted by path."""
    digests = tree_digest(out)
    assert any(name.startswith(SEARCH_DIR + "/") for name in digests), "no search bundle"
    return "".join(f"{digest}  {name}\n" for name, digest in sorted(digests.items())
                   if not name.startswith(SEARCH_DIR + "/"))


@pytest.mark.parametrize("name", sorted(SITES))
def test_the_whole_output_is_the_reviewed_one(name, tmp_path):
    source = SITES[name](tmp_path)
    built = manifest(build(source, tmp_path / "out", jobs=2).out)
    kept = MANIFESTS / f"{name}.txt"
    if os.environ.get("BACKSTORY_REGEN"):
        kept.write_text(built, encoding="utf-8")
    expected = kept.read_text(encoding="utf-8")
    changed = sorted(set(built.splitlines()) ^ set(expected.splitlines()))
    assert built == expected, (
        f"{len(changed)} lines of {kept.relative_to(REPO)} differ, e.g. {changed[:6]}; if the "
        "change is meant, regenerate with BACKSTORY_REGEN=1 and review the manifest's diff")


def test_a_changed_byte_is_caught(tmp_path):
    """The manifest reads every byte: one flipped in one page changes its line and no other."""
    out = build(_suez(tmp_path), tmp_path / "out").out
    before = manifest(out).splitlines()
    page = out / "actors" / "index.html"
    page.write_bytes(page.read_bytes().replace(b"</body>", b"</body> "))
    after = manifest(out).splitlines()
    assert [line for line in after if line not in before] == [
        line for line in after if line.endswith("  actors/index.html")]
    assert len(after) == len(before)
