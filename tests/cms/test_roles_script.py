"""roles.js, Backstory's widget for an event's actors with roles, run under Node on the values
Decap holds (Immutable), without a browser: what the form shows for each way a file writes its
actors, and what a save writes back. The browser test (tests/browser/test_cms.py) drives it in Decap."""

from __future__ import annotations

from .scripts import run_probe


def run(*cases: dict) -> list[dict]:
    return run_probe("roles_probe.js", *cases)


def row(slug: str, role: str = "") -> dict:
    return {"page_slug": slug, "page_role": role}


def test_each_actor_is_a_row_with_its_role_and_an_untouched_list_is_saved_as_read():
    written = ["yevgeny-prigozhin", {"wagner-group": "mutinying force"}, {"kremlin": None}]
    [result] = run({"value": written})
    assert result["rows"] == [row("yevgeny-prigozhin"), row("wagner-group", "mutinying force"),
                              row("kremlin")]
    assert result["saved"] == written  # nothing changed in the form: nothing rewritten
    assert "fields" in result["fields"] and "field" not in result["fields"]


def test_rows_are_saved_as_an_author_writes_them():
    edit = [row("yevgeny-prigozhin", " leader "), row("belta"), {}, row(""),
            {"page_slug": "wagner-group"}]
    [result] = run({"value": [], "edit": edit})
    assert result["saved"] == [{"yevgeny-prigozhin": "leader"}, "belta", "wagner-group"]


def test_what_the_build_refuses_is_still_not_lost():
    # Several actors in one item fail the build; the form shows each, and a save keeps them all.
    [result] = run({"value": [{"a": "one", "b": "two"}, 7]})
    assert result["rows"] == [row("a", "one"), row("b", "two"), row("7")]
    [saved] = run({"value": [], "edit": result["rows"]})
    assert saved["saved"] == [{"a": "one"}, {"b": "two"}, "7"]


def test_a_new_page_has_no_actors_until_one_is_added():
    [result] = run({"value": None})
    assert result["rows"] is None and result["saved"] is None
