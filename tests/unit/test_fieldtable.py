"""The table of front-matter fields is what the validator reads: the fields it accepts, those it
requires, and the examples in its hints."""

from __future__ import annotations

import pytest

from backstory.content.choices import SETS, Choice, choices_of
from backstory.content.config import Config
from backstory.content.fieldtable import FIELDS, VALUES, field_names, fields_of, required_example
from backstory.content.frontmatter import parse_source
from backstory.content.kinds import DEFAULT_KINDS, Kind
from backstory.content.model import CONTENT_TYPES, PLACE_KINDS
from backstory.content.terms import Term
from backstory.errors import Diagnostics
from backstory.text.markdown import make_parser

# Tags and series the examples name, as a site.yaml would define them.
CONFIG = Config(tags=(Term("belarus", "Belarus"),), series=(Term("after-the-mutiny", "After"),))


def test_every_content_type_has_a_table_and_every_field_a_known_kind_of_value():
    assert set(FIELDS) == set(CONTENT_TYPES)
    for content_type in CONTENT_TYPES:
        specs = fields_of(content_type, DEFAULT_KINDS)
        assert len({spec.name for spec in specs}) == len(specs), content_type
        for spec in specs:
            assert spec.value in VALUES and spec.description.endswith("."), spec
            assert spec.example, spec
            assert (spec.refers_to is None) == (spec.value not in ("page", "pages", "pages with roles",
                                                                    "place")), spec
            assert (spec.choices is None) == (spec.value not in ("choice", "choices")), spec


def test_an_actors_dates_come_from_the_kinds_after_its_role():
    ship = Kind("ship", "Ship", "Ships", "Vehicle", ("built", "scrapped"), "hexagon")
    names = field_names("actors", DEFAULT_KINDS + (ship,))
    assert names[:9] == ("name", "kind", "summary", "aliases", "forms", "role", "born", "died", "founded")
    assert names[9:12] == ("dissolved", "built", "scrapped")
    born, founded = (spec for spec in fields_of("actors", DEFAULT_KINDS) if spec.name in ("born", "founded"))
    assert born.for_kinds == ("person",) and founded.for_kinds == ("organization", "state", "media")
    assert "began, for person" in born.description


@pytest.mark.parametrize("content_type", CONTENT_TYPES)
def test_an_empty_front_matter_misses_exactly_the_required_fields_with_their_examples(
        content_type, source_file):
    diagnostics = Diagnostics()
    parse_source(source_file(f"{content_type}/x.md", "---\n---\n"), make_parser(), diagnostics, CONFIG)
    missing = {d.message: d.hint for d in diagnostics.sorted()}
    expected = {f"missing required field '{spec.name}'":
                f"add a line such as `{spec.name}: {spec.example}` to the front matter"
                for spec in FIELDS[content_type] if spec.required}
    assert missing == expected
    assert all(required_example(content_type, spec.name) == (spec.example if spec.required else None)
               for spec in FIELDS[content_type])


@pytest.mark.parametrize("content_type", CONTENT_TYPES)
def test_an_unknown_field_is_answered_with_the_tables_fields(content_type, parse):
    required = "".join(f"{spec.name}: {spec.example}\n" for spec in FIELDS[content_type] if spec.required)
    _, problems = parse(f"{content_type}/x.md", f"---\n{required}zzz: 1\n---\n")
    assert [(p.message, p.hint) for p in problems] == [
        (f"unknown field 'zzz' for {content_type}",
         f"{content_type} take: {', '.join(field_names(content_type, DEFAULT_KINDS))}")]


@pytest.mark.parametrize("content_type", CONTENT_TYPES)
def test_every_example_in_the_table_is_a_value_the_validator_takes(content_type, source_file):
    """All of a type's fields at once, each at its example (a CMS shows them as such)."""
    specs = [spec for spec in fields_of(content_type, CONFIG.kinds) if not spec.for_kinds
             or "person" in spec.for_kinds]
    text = "---\n" + "".join(f"{spec.name}: {spec.example}\n" for spec in specs) + "---\n"
    diagnostics = Diagnostics()
    record = parse_source(source_file(f"{content_type}/x.md", text), make_parser(), diagnostics, CONFIG)
    assert [d.format() for d in diagnostics.sorted()] == [] and record is not None


@pytest.mark.parametrize("content_type", CONTENT_TYPES)
def test_a_default_in_the_table_is_what_the_build_takes_when_the_field_is_left_out(content_type, parse):
    required = "".join(f"{spec.name}: {spec.example}\n" for spec in FIELDS[content_type] if spec.required)
    record, problems = parse(f"{content_type}/x.md", f"---\n{required}---\n")
    assert problems == []
    defaults = {spec.name: spec.default for spec in FIELDS[content_type] if spec.default is not None}
    assert {"draft": False, "autolink": True}.items() <= defaults.items()
    attribute = {"type": "article_type"}  # the model's name where it is not the field's
    assert {name: getattr(record, attribute.get(name, name)) for name in defaults} == defaults


def test_the_choices_a_table_names_are_the_sites():
    config = Config(kinds=DEFAULT_KINDS[:1], tags=(Term("belarus", "Belarus"), Term("2023", "2023")))
    assert choices_of("kinds", config) == (Choice("person", DEFAULT_KINDS[0].label),)
    assert [choice.value for choice in choices_of("tags", config)] == ["belarus", "2023"]
    assert choices_of("series", config) == ()
    assert [choice.value for choice in choices_of("place_kinds", config)] == list(PLACE_KINDS)
    names = {spec.choices for specs in FIELDS.values() for spec in specs if spec.choices}
    assert names <= set(SETS)
    with pytest.raises(ValueError, match="no set of choices called 'colours'"):
        choices_of("colours", config)
