"""entryguard.js, Backstory's check before Decap saves, run under Node: a save goes on when the
entry is the one the address names, and is refused, saying why, when Decap's form still holds
another (tests/browser/test_cms_address.py shows how that happens)."""

from __future__ import annotations

from .scripts import run_probe

BELTA = {"collection": "actors", "slug": "belta", "newRecord": False}


def test_the_entry_the_address_names_is_saved():
    new = {"collection": "actors", "slug": "", "newRecord": True}
    assert run_probe("guard_probe.js",
                     {"hash": "#/collections/actors/entries/belta", "entry": BELTA},
                     {"hash": "#/collections/actors/new", "entry": new},
                     {"hash": "#/collections/actors/new?name=x", "entry": new},
                     {"hash": "#/workflow", "entry": BELTA}) == ["", "", "", ""]


def test_an_entry_the_address_does_not_name_is_refused():
    other, new, moved = run_probe("guard_probe.js",
                                  {"hash": "#/collections/events/entries/wagner-mutiny", "entry": BELTA},
                                  {"hash": "#/collections/actors/entries/belta",
                                   "entry": {"collection": "actors", "newRecord": True}},
                                  {"hash": "#/collections/actors/new", "entry": BELTA})
    assert other.startswith("Not saved: the address names events/wagner-mutiny, but the form holds "
                            "actors/belta")
    assert "Reload the page" in other
    assert "the form holds actors/new" in new and "the address names actors/new" in moved
