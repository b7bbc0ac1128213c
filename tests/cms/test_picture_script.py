"""picture.js, Backstory's widget for `image:`, run under Node on the values Decap holds: what the
form shows for a picture written as text or as a mapping, and what a save writes back. The
browser tests (tests/browser/test_cms_pictures.py) drive it in Decap."""

from __future__ import annotations

from .scripts import run_probe

PORTRAIT = {"text_form": True, "text_alt_from": "name"}
MAPPING = {"src": "/images/belta.png", "alt": "Belta's logo", "caption": "The agency's mark",
           "credit": "Belta", "credit_url": "https://eng.belta.by/"}


def run(*cases: dict) -> list[dict]:
    return run_probe("picture_probe.js", *cases)


def test_an_untouched_picture_is_saved_exactly_as_read():
    cases = [{"value": "/images/belta.png", "field": PORTRAIT}, {"value": MAPPING, "field": PORTRAIT},
             {"value": {"src": "/images/x.jpg", "alt": "", "extra": 1}}, {"value": None}]
    results = run(*cases)
    assert [result["saved"].get("image") for result in results] == [case["value"] for case in cases]


def test_the_form_shows_text_as_the_src_and_a_mapping_part_by_part():
    text, mapping = run({"value": "/images/belta.png", "field": PORTRAIT}, {"value": MAPPING})
    assert text["shown"]["src"] == "/images/belta.png" and "alt" not in text["shown"]
    assert {key: mapping["shown"][key] for key in MAPPING} == MAPPING


def test_text_stays_text_when_only_the_src_changes():
    [result] = run({"value": "/images/old.png", "field": PORTRAIT, "edits": [["src", "/images/new.png"]]})
    assert result["saved"]["image"] == "/images/new.png"


def test_a_portrait_given_a_credit_becomes_a_mapping_with_the_name_as_its_alt_text():
    [result] = run({"value": "/images/belta.png", "field": PORTRAIT, "data": {"name": "Belta"},
                    "edits": [["credit", "Belta"]]})
    assert result["saved"]["image"] == {"src": "/images/belta.png", "alt": "Belta", "credit": "Belta"}


def test_a_mapping_stays_a_mapping_in_the_order_an_author_writes_it():
    [result] = run({"value": {"credit": "Someone", "src": "/images/x.jpg", "alt": "A logo"},
                    "field": PORTRAIT, "edits": [["credit", "Someone else"], ["caption", ""]]})
    assert list(result["saved"]["image"].items()) == [
        ("src", "/images/x.jpg"), ("alt", "A logo"), ("credit", "Someone else")]
    [only_src] = run({"value": {"src": "/images/x.jpg", "alt": "A logo"}, "field": PORTRAIT,
                      "edits": [["alt", "Logo"]]})
    assert only_src["saved"]["image"] == {"src": "/images/x.jpg", "alt": "Logo"}


def test_an_emptied_alt_is_decorative_and_empty_parts_are_dropped():
    [result] = run({"value": MAPPING, "edits": [["alt", ""], ["caption", ""], ["credit_url", " "]]})
    assert result["saved"]["image"] == {"src": "/images/belta.png", "alt": "", "credit": "Belta"}


def test_a_new_picture_is_text_for_a_portrait_and_a_mapping_for_an_image():
    portrait, image = run({"value": None, "field": PORTRAIT, "edits": [["src", "/images/a.png"]]},
                          {"value": None, "edits": [["src", "/images/a.png"], ["alt", "A"]]})
    assert portrait["saved"]["image"] == "/images/a.png"
    assert image["saved"]["image"] == {"src": "/images/a.png", "alt": "A"}


def test_a_picture_emptied_in_the_form_is_left_out():
    [result] = run({"value": "/images/a.png", "field": PORTRAIT, "edits": [["src", ""]]})
    assert "image" not in result["saved"]


def test_an_image_written_as_text_where_a_mapping_is_needed_becomes_one_when_edited():
    [result] = run({"value": "/images/a.png", "edits": [["alt", "What it shows"]]})
    assert result["saved"]["image"] == {"src": "/images/a.png", "alt": "What it shows"}
