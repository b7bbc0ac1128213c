"""Front matter: splitting it from the body, and each type's fields, with every problem in place.

Line numbers are lines of the file: the opening `---` is line 1, the first field line 2.
"""

from __future__ import annotations

import pytest

from backstory.content.datefields import FORMS
from backstory.content.frontmatter import Split, split_front_matter
from backstory.content.model import Actor, Article, Event, Position, Ref, Source
from backstory.content.when import UNKNOWN, When
from backstory.errors import ERROR, Diagnostics


def where(diagnostic) -> tuple:
    """What a test pins down about one diagnostic: place, message and hint."""
    return (diagnostic.path, diagnostic.line, diagnostic.column, diagnostic.message, diagnostic.hint)


def only(diagnostics) -> tuple:
    assert len(diagnostics) == 1, [d.format() for d in diagnostics]
    assert diagnostics[0].severity == ERROR
    return where(diagnostics[0])


def split(source_file, text: str):
    diagnostics = Diagnostics()
    result = split_front_matter(source_file("articles/a.md", text), diagnostics)
    return result, diagnostics.sorted()


# Splitting --------------------------------------------------------------------------------------


def test_split_gives_the_yaml_and_the_body_with_their_first_lines(source_file):
    result, problems = split(source_file, "---\ntitle: T\ndate: 2023-06-24\n---\nFirst line.\n\nMore.\n")
    assert problems == []
    assert result == Split(yaml="title: T\ndate: 2023-06-24", yaml_first_line=2,
                           body="First line.\n\nMore.\n", body_first_line=5)


def test_split_accepts_dots_as_the_closing_line_and_spaces_after_fences(source_file):
    result, problems = split(source_file, "--- \ntitle: T\n...\nBody\n")
    assert problems == []
    assert (result.yaml, result.body, result.body_first_line) == ("title: T", "Body\n", 4)


def test_empty_front_matter_splits_and_the_body_starts_on_line_3(source_file):
    result, problems = split(source_file, "---\n---\nBody\n")
    assert problems == [] and (result.yaml, result.body, result.body_first_line) == ("", "Body\n", 3)


def test_only_the_first_closing_line_ends_the_front_matter(source_file):
    result, _ = split(source_file, "---\ntitle: T\n---\nIntro\n\n---\n\nAfter a rule\n")
    assert result.body == "Intro\n\n---\n\nAfter a rule\n" and result.body_first_line == 4


@pytest.mark.parametrize("text", ["title: T\n---\n", "\n---\ntitle: T\n---\n", "Just prose.\n", ""])
def test_missing_front_matter(source_file, text):
    result, problems = split(source_file, text)
    assert result is None
    assert only(problems) == (
        "content/articles/a.md", 1, 1, "missing front matter",
        "start the file with a line ---, then fields such as `title: ...`, then another line ---")
    assert problems[0].source_line == text.split("\n")[0]


def test_unterminated_front_matter(source_file):
    result, problems = split(source_file, "---\ntitle: T\ndate: 2023-06-24\n\nBody without a fence\n")
    assert result is None
    assert only(problems) == ("content/articles/a.md", 1, 1, "front matter is not closed",
                              "add a line --- after the last field, before the body")


def test_toml_front_matter_is_refused_with_a_hint(source_file):
    result, problems = split(source_file, "+++\ntitle = 'T'\n+++\nBody\n")
    assert result is None
    assert only(problems) == ("content/articles/a.md", 1, 1, "TOML front matter (+++) is not supported",
                              "write the fields as YAML between two lines of ---")


# Valid records ----------------------------------------------------------------------------------

ACTOR = """\
---
name: Alexander   Lukashenko
kind: person
summary: President of Belarus since 1994.
aliases: [Lukashenko, "Batka"]
role: President of Belarus
born: 1954-08-30
country: Belarus
image: images/lukashenko.jpg
links:
  Wikipedia: https://en.wikipedia.org/wiki/Alexander_Lukashenko
  Official site: " http://president.gov.by/ "
---
He rules [[belarus]].
"""


def test_valid_actor(parse):
    record, problems = parse("actors/alexander-lukashenko.md", ACTOR)
    assert problems == []
    assert isinstance(record, Actor)
    path = "content/actors/alexander-lukashenko.md"
    assert (record.slug, record.path, record.type) == ("alexander-lukashenko", path, "actors")
    assert record.name == "Alexander Lukashenko"  # runs of spaces fold to one
    assert (record.kind, record.summary) == ("person", "President of Belarus since 1994.")
    assert record.aliases == ("Lukashenko", "Batka")
    assert (record.role, record.country, record.image.src) == ("President of Belarus", "Belarus",
                                                               "images/lukashenko.jpg")
    assert record.image.alt == "Alexander Lukashenko"  # a portrait as text shows whom it names
    assert record.began == When(1954, 8, 30)
    assert record.links == (("Wikipedia", "https://en.wikipedia.org/wiki/Alexander_Lukashenko"),
                            ("Official site", "http://president.gov.by/"))
    assert record.draft is False
    assert record.body.source == "He rules [[belarus]].\n" and record.body.first_line == 14
    assert record.body.links == (Ref("belarus", Position(path, 14, 10), "body"),)


def test_an_actor_founded_in_a_bare_year_is_known_to_the_year(parse):
    record, problems = parse("actors/x.md", "---\nname: X\nkind: state\nsummary: S\nfounded: 1991\n---\n")
    assert problems == [] and record.began == When(1991) and record.kind == "state"


EVENT = """\
---
title: Lukashenko brokers an end to the mutiny
date: 2023-06-24
end: 2023-06-25
place: Belarus and Russia
summary: "He brokered a deal."
aliases: ["Lukashenko's mediation"]
actors:
  - alexander-lukashenko: mediator
  - yevgeny-prigozhin
  - vladimir-putin:
led_to:
  - wagner-turns-back
sources:
  - Belta report
  - title: Deal reached
    publisher: Belta
    url: https://example.org/deal
    date: 2023-06-24
draft: true
---
Body.
"""


def test_valid_event(parse):
    record, problems = parse("events/lukashenko-mediation.md", EVENT)
    assert problems == []
    assert isinstance(record, Event)
    path = "content/events/lukashenko-mediation.md"
    assert (record.title, record.date, record.end) == ("Lukashenko brokers an end to the mutiny",
                                                        When(2023, 6, 24), When(2023, 6, 25))
    assert (record.place, record.summary, record.aliases) == ("Belarus and Russia", "He brokered a deal.",
                                                              ("Lukashenko's mediation",))
    assert record.actors == (
        Ref("alexander-lukashenko", Position(path, 9, 5), "actors", "mediator", "actors"),
        Ref("yevgeny-prigozhin", Position(path, 10, 5), "actors", None, "actors"),
        Ref("vladimir-putin", Position(path, 11, 5), "actors", None, "actors"),
    )
    assert record.led_to == (Ref("wagner-turns-back", Position(path, 13, 5), "led_to", None, "events"),)
    assert record.sources == (
        Source("Belta report"),
        Source("Deal reached", "Belta", "https://example.org/deal", When(2023, 6, 24)),
    )
    assert record.draft is True and record.body.first_line == 22


ARTICLE = """\
---
title: How the mutiny ended
date: 2023-06-26
updated: 2023-06-27T10:30:00
summary: An explainer.
actors: [alexander-lukashenko]
events:
  - lukashenko-mediation
tags: [belarus, 2023]
---
# Heading

See [[wagner-mutiny|the mutiny]].
"""


def test_valid_article(parse):
    record, problems = parse("articles/how-it-ended.md", ARTICLE)
    assert problems == []
    assert isinstance(record, Article)
    path = "content/articles/how-it-ended.md"
    # `updated: 2023-06-27T10:30:00` keeps its time of day (it was once dropped without a word).
    assert (record.title, record.date, record.updated) == ("How the mutiny ended", When(2023, 6, 26),
                                                           When(2023, 6, 27, 10 * 60 + 30))
    assert record.actors == (Ref("alexander-lukashenko", Position(path, 6, 10), "actors", None, "actors"),)
    assert record.events == (Ref("lukashenko-mediation", Position(path, 8, 5), "events", None, "events"),)
    assert record.tags == ("belarus", "2023")
    assert record.body.links == (Ref("wagner-mutiny", Position(path, 13, 5), "body"),)
    assert [r.target for r in record.refs] == ["alexander-lukashenko", "lukashenko-mediation",
                                               "wagner-mutiny"]


def test_yaml_one_point_one_booleans_count_as_a_draft_flag(parse):
    record, problems = parse("actors/x.md", "---\nname: X\nkind: media\nsummary: S\ndraft: yes\n---\n")
    assert problems == [] and record.draft is True


# Problems, each where it stands -----------------------------------------------------------------


def test_missing_required_field(parse):
    record, problems = parse("actors/belta.md", "---\nname: Belta\nkind: media\n---\n")
    assert (record.name, record.kind, record.summary) == ("Belta", "media", "")  # the good fields stay
    assert only(problems) == ("content/actors/belta.md", 1, 1, "missing required field 'summary'",
                              "add a line such as `summary: One sentence.` to the front matter")
    assert problems[0].source_line == "---"


def test_every_missing_required_field_of_an_event(parse):
    record, problems = parse("events/e.md", "---\nplace: Minsk\n---\n")
    assert (record.title, record.date, record.place) == ("", UNKNOWN, "Minsk")
    assert [(d.line, d.column, d.message) for d in problems] == [
        (1, 1, "missing required field 'date'"),
        (1, 1, "missing required field 'summary'"),
        (1, 1, "missing required field 'title'"),
    ]
    assert problems[0].hint == "add a line such as `date: 2023-06-24` to the front matter"


def test_empty_required_field(parse):
    _, problems = parse("actors/x.md", "---\nname: X\nkind: person\nsummary: '  '\n---\n")
    assert only(problems) == ("content/actors/x.md", 4, 10, "'summary' is empty",
                              "write it as `summary: One sentence.`")


def test_an_empty_date_is_no_date_and_an_empty_required_one_is_reported(parse):
    """A browser form (Decap CMS, docs/cms.md) writes a date field typed in and cleared as ""."""
    record, problems = parse("events/e.md", "---\ntitle: T\ndate: 2023-06-24\nend: ''\nsummary: S\n---\n")
    assert problems == [] and record.end is None
    _, problems = parse("events/e.md", '---\ntitle: T\ndate: ""\nsummary: S\n---\n')
    assert only(problems) == ("content/events/e.md", 3, 7, "'date' is empty",
                              "write it as `date: 2023-06-24`")


def test_number_as_title_gets_a_hint_to_quote_it(parse):
    _, problems = parse("events/e.md", "---\ntitle: 1984\ndate: 2023-06-24\nsummary: S\n---\n")
    assert only(problems) == ("content/events/e.md", 2, 8, "'title' must be text, not a number",
                              'quote it: title: "1984"')
    assert problems[0].source_line == "title: 1984"


def test_list_as_text_field_has_no_quoting_hint(parse):
    _, problems = parse("events/e.md", "---\ntitle: [a, b]\ndate: 2023-06-24\nsummary: S\n---\n")
    assert only(problems) == ("content/events/e.md", 2, 8, "'title' must be text, not a list", None)


def test_date_that_is_not_a_date(parse):
    _, problems = parse("events/e.md", "---\ntitle: T\ndate: June 24\nsummary: S\n---\n")
    assert only(problems) == ("content/events/e.md", 3, 7,
                              "'date' must be a date like 2023-06-24, not 'June 24'",
                              f"write one of: {FORMS}")


def test_quoted_iso_date_is_accepted(parse):
    record, problems = parse("events/e.md", "---\ntitle: T\ndate: ' 2023-06-24'\nsummary: S\n---\n")
    assert problems == [] and record.date == When(2023, 6, 24)


def test_impossible_calendar_date_is_reported_not_a_crash(parse):
    _, problems = parse("events/e.md", "---\ntitle: T\ndate: 2023-02-30\nsummary: S\n---\n")
    assert [(d.line, d.column) for d in problems] == [(3, 7)]


def test_aliases_given_as_text_instead_of_a_list(parse):
    _, problems = parse("actors/x.md", "---\nname: X\nkind: person\nsummary: S\naliases: Batka\n---\n")
    assert only(problems) == ("content/actors/x.md", 5, 10, "'aliases' must be a list, not text",
                              "write it as `aliases: [Batka]`")


def test_actors_given_as_text_instead_of_a_list(parse):
    _, problems = parse("events/e.md", "---\ntitle: T\ndate: 2023-06-24\nsummary: S\n"
                                       "actors: wagner-group\n---\n")
    assert only(problems) == ("content/events/e.md", 5, 9, "'actors' must be a list of slugs, not text",
                              "write one per line, e.g.\n    actors:\n      - wagner-group")


def test_list_items_of_the_wrong_kind_are_reported_one_by_one(parse):
    _, problems = parse("articles/a.md", "---\ntitle: T\ndate: 2023-06-24\nsummary: S\n"
                                         "tags: [a, [b], true]\n---\n")
    assert [where(d) for d in problems] == [
        ("content/articles/a.md", 5, 11, "each of 'tags' must be text, not a list", None),
        ("content/articles/a.md", 5, 16, "each of 'tags' must be text, not true/false", None),
    ]


def test_unknown_field_with_did_you_mean(parse):
    _, problems = parse("events/e.md", "---\ntitel: T\ndate: 2023-06-24\nsummary: S\n---\n")
    assert [where(d) for d in problems] == [
        ("content/events/e.md", 1, 1, "missing required field 'title'",
         "add a line such as `title: The Wagner mutiny` to the front matter"),
        ("content/events/e.md", 2, 1, "unknown field 'titel' for events", "did you mean 'title'?"),
    ]


def test_title_on_an_actor_points_to_name(parse):
    _, problems = parse("actors/x.md", "---\nname: X\nkind: person\nsummary: S\n  \ntitle: X\n---\n")
    assert only(problems) == ("content/actors/x.md", 6, 1, "unknown field 'title' for actors",
                              "actors have a 'name', not a 'title'")


def test_name_on_an_article_points_to_title(parse):
    _, problems = parse("articles/a.md", "---\ntitle: T\nname: T\ndate: 2023-06-24\nsummary: S\n---\n")
    assert only(problems) == ("content/articles/a.md", 3, 1, "unknown field 'name' for articles",
                              "articles have a 'title', not a 'name'")


def test_unknown_field_with_nothing_close_lists_the_fields(parse):
    _, problems = parse("actors/x.md", "---\nname: X\nkind: person\nsummary: S\nzzz: 1\n---\n")
    assert only(problems)[3:] == ("unknown field 'zzz' for actors",
                                  "actors take: name, kind, summary, aliases, forms, role, born, died, "
                                  "founded, dissolved, country, image, links, sort_name, draft, autolink")


def test_unknown_actor_kind(parse):
    _, problems = parse("actors/x.md", "---\nname: X\nkind: organisation\nsummary: S\n---\n")
    assert only(problems) == ("content/actors/x.md", 3, 7, "unknown actor kind 'organisation'",
                              "did you mean 'organization'?")


def test_unknown_actor_kind_with_nothing_close_lists_the_kinds(parse):
    _, problems = parse("actors/x.md", "---\nname: X\nkind: band\nsummary: S\n---\n")
    assert only(problems)[3:] == ("unknown actor kind 'band'",
                                  "kinds are: person, organization, state, media; a site adds its own "
                                  "in site.yaml under `kinds:` (see docs/writing.md, Kinds of actor)")


def test_end_before_date(parse):
    _, problems = parse("events/e.md", "---\ntitle: T\ndate: 2023-06-24\nend: 2023-06-23\nsummary: S\n---\n")
    assert only(problems) == ("content/events/e.md", 4, 6,
                              "'end' (2023-06-23) is before 'date' (2023-06-24)", "swap the two dates")


def test_updated_before_date(parse):
    _, problems = parse("articles/a.md", "---\ntitle: T\ndate: 2023-06-24\nupdated: 2023-06-01\n"
                                         "summary: S\n---\n")
    assert only(problems)[1:4] == (4, 10, "'updated' (2023-06-01) is before 'date' (2023-06-24)")


def test_duplicate_entries_in_lists(parse):
    record, problems = parse("events/e.md", "---\ntitle: T\ndate: 2023-06-24\nsummary: S\nactors:\n"
                                            "  - a: mediator\n  - b\n  - a\nled_to: [x, x]\n---\n")
    assert [r.target for r in record.refs] == ["a", "b", "x"]  # each once, still checked
    assert [where(d) for d in problems] == [
        ("content/events/e.md", 8, 5, "'a' is listed twice in 'actors'", "remove one of them"),
        ("content/events/e.md", 9, 13, "'x' is listed twice in 'led_to'", "remove one of them"),
    ]


def test_role_syntax_is_for_event_actors_only(parse):
    _, problems = parse("articles/a.md", "---\ntitle: T\ndate: 2023-06-24\nsummary: S\n"
                                         "actors:\n  - a: mediator\n---\n")
    assert only(problems) == ("content/articles/a.md", 6, 5, "each of 'actors' must be a slug",
                              "for example `- wagner-mutiny`")


def test_led_to_takes_no_roles(parse):
    _, problems = parse("events/e.md", "---\ntitle: T\ndate: 2023-06-24\nsummary: S\n"
                                       "led_to:\n  - x: because\n---\n")
    assert only(problems)[1:4] == (6, 5, "each of 'led_to' must be a slug")


def test_role_must_be_text_and_one_slug_per_entry(parse):
    _, problems = parse("events/e.md", "---\ntitle: T\ndate: 2023-06-24\nsummary: S\nactors:\n"
                                       "  - a: 5\n  - {b: x, c: y}\n  - 7\n---\n")
    assert [where(d) for d in problems] == [
        ("content/events/e.md", 6, 8, "the role of 'a' must be text", None),
        ("content/events/e.md", 7, 5, "each of 'actors' must be a slug or `slug: role`",
         "for example `- alexander-lukashenko: mediator`"),
        ("content/events/e.md", 8, 5, "each of 'actors' must be a slug or `slug: role`",
         "for example `- alexander-lukashenko: mediator`"),
    ]


def test_sources_with_and_without_url(parse):
    record, problems = parse("events/e.md", "---\ntitle: T\ndate: 2023-06-24\nsummary: S\nsources:\n"
                                            "  - '  Belta,   24 June  '\n"
                                            "  - title: Interview\n    publisher: TV\n"
                                            "  - title: Report\n    url: https://example.org/r\n---\n")
    assert problems == []
    assert record.sources == (Source("Belta, 24 June"), Source("Interview", "TV"),
                              Source("Report", None, "https://example.org/r"))


def test_source_problems_are_reported_at_the_source(parse):
    _, problems = parse("events/e.md", "---\ntitle: T\ndate: 2023-06-24\nsummary: S\nsources:\n"
                                       "  - title: Report\n    url: example.org/r\n    pubisher: P\n"
                                       "    date: last week\n  - 5\n---\n")
    assert [where(d) for d in problems] == [
        ("content/events/e.md", 7, 10, "links must be http:// or https:// URLs",
         "write the whole address, e.g. https://en.wikipedia.org/wiki/Belarus"),
        ("content/events/e.md", 8, 5, "unknown source field 'pubisher'", "did you mean 'publisher'?"),
        ("content/events/e.md", 9, 11, "'date' must be a date like 2023-06-24, not 'last week'",
         f"write one of: {FORMS}"),
        ("content/events/e.md", 10, 5, "a source must be a title or a mapping with a title", None),
    ]


def test_source_without_title_is_reported_at_the_source(parse):
    _, problems = parse("events/e.md", "---\ntitle: T\ndate: 2023-06-24\nsummary: S\nsources:\n"
                                       "  - publisher: Belta\n    url: https://example.org/\n---\n")
    assert [(d.line, d.column) for d in problems] == [(6, 5)]
    assert "source" in problems[0].message


@pytest.mark.parametrize("url", ["ftp://example.org/", "javascript:alert(1)", "www.example.org", "42"])
def test_links_must_be_http_urls(parse, url):
    _, problems = parse("actors/x.md", f"---\nname: X\nkind: person\nsummary: S\nlinks:\n"
                                       f"  Good: https://example.org/\n  Site: {url}\n---\n")
    assert only(problems) == ("content/actors/x.md", 7, 9, "links must be http:// or https:// URLs",
                              "write the whole address, e.g. https://en.wikipedia.org/wiki/Belarus")


def test_links_must_be_a_mapping(parse):
    _, problems = parse("actors/x.md", "---\nname: X\nkind: person\nsummary: S\n"
                                       "links: [https://example.org/]\n---\n")
    assert only(problems)[1:4] == (5, 8, "'links' must map a label to a URL")


@pytest.mark.parametrize("value", ["'yes'", "1", "[true]"])
def test_draft_must_be_true_or_false(parse, value):
    record, problems = parse("actors/x.md", f"---\nname: X\nkind: person\nsummary: S\ndraft: {value}\n---\n")
    assert record.draft is False
    assert only(problems) == ("content/actors/x.md", 5, 8, "'draft' must be true or false", None)


def test_all_problems_of_a_file_are_reported_in_one_parse(parse):
    text = ("---\ntitle: 1984\ndate: June 24\nsummary: S\nactors: wagner\nled_to:\n  - a\n  - a\n"
            "sources:\n  - title: R\n    url: ftp://x\nplase: Minsk\ndraft: maybe\n---\n")
    record, problems = parse("events/e.md", text)
    assert [r.target for r in record.refs] == ["a"]  # what could be read, for reference checks
    assert [(d.line, d.column, d.message) for d in problems] == [
        (2, 8, "'title' must be text, not a number"),
        (3, 7, "'date' must be a date like 2023-06-24, not 'June 24'"),
        (5, 9, "'actors' must be a list of slugs, not text"),
        (8, 5, "'a' is listed twice in 'led_to'"),
        (11, 10, "links must be http:// or https:// URLs"),
        (12, 1, "unknown field 'plase' for events"),
        (13, 8, "'draft' must be true or false"),
    ]
    lines = text.split("\n")
    assert all(d.source_line == lines[d.line - 1] for d in problems)


def test_yaml_syntax_errors_are_placed_in_the_file(parse):
    _, problems = parse("events/e.md", "---\ntitle: T\nsummary: Minsk: a refuge\n---\n")
    assert only(problems) == ("content/events/e.md", 3, 15,
                              "invalid YAML: mapping values are not allowed in this context",
                              'a value containing \': \' must be quoted: summary: "Minsk: a refuge"')
    assert problems[0].source_line == "summary: Minsk: a refuge"


def test_duplicate_key_is_placed_in_the_file(parse):
    _, problems = parse("events/e.md", "---\ntitle: T\ndate: 2023-06-24\ntitle: U\n---\n")
    assert only(problems) == ("content/events/e.md", 4, 1, "duplicate key 'title'",
                              "each key may appear once; remove one")


def test_unsafe_tag_is_placed_in_the_file(parse):
    _, problems = parse("actors/x.md", "---\nname: X\nkind: !!python/object/apply:os.system ['id']\n---\n")
    assert only(problems)[1:4] == (3, 7, "YAML tag '!!python/object/apply:os.system' is not allowed: "
                                         "front matter is data, never code")


def test_front_matter_must_be_a_mapping(parse):
    record, problems = parse("actors/x.md", "---\n- name: X\n---\n")
    assert record is None
    assert only(problems) == ("content/actors/x.md", 2, 1,
                              "front matter must be fields such as `title: ...`", "found a list instead")


def test_empty_front_matter_reports_the_required_fields(parse):
    record, problems = parse("actors/x.md", "---\n---\nBody\n")
    assert record.name == "" and record.body.source == "Body\n"
    assert [d.message for d in problems] == ["missing required field 'kind'",
                                             "missing required field 'name'",
                                             "missing required field 'summary'"]


@pytest.mark.parametrize(("written", "kind"), [("off", "true/false"), ("1.10", "a number")])
def test_quoting_hint_repeats_what_was_written(parse, written, kind):
    _, problems = parse("events/e.md", f"---\ntitle: {written}\ndate: 2023-06-24\nsummary: S\n---\n")
    assert only(problems)[3:] == (f"'title' must be text, not {kind}", f'quote it: title: "{written}"')


def test_empty_list_entry_says_it_is_empty(parse):
    _, problems = parse("actors/x.md", "---\nname: X\nkind: person\nsummary: S\naliases: [Batka, '']\n---\n")
    line, column, message = only(problems)[1:4]
    assert (line, column) == (5, 18)
    assert "empty" in message and "not text" not in message


# A file with problems still gives its record, for its references to be checked ---------------


def test_a_record_with_bad_fields_keeps_its_good_fields_and_references(parse):
    record, problems = parse("events/e.md", "---\ntitle: T\ndate: 2023-02-30\nsummary: S\nactors:\n"
                                            "  - prigozin: leader\nled_to: [a, b, c]\n---\nSee [[d]].\n")
    assert [(d.line, d.message) for d in problems] == [
        (3, "'date' is not a day of the calendar: 2023-02-30 (day is out of range for month)")]
    assert problems[0].hint == "check the month and the day"
    assert record.date == UNKNOWN and record.title == "T"
    assert [(r.target, r.field) for r in record.refs] == [
        ("prigozin", "actors"), ("a", "led_to"), ("b", "led_to"), ("c", "led_to"), ("d", "body")]


def test_a_file_that_is_not_yaml_gives_no_record(parse):
    record, problems = parse("events/e.md", "---\ntitle: T: U\n---\n[[d]]\n")
    assert record is None and len(problems) == 1


# image: a file under static/ or an http(s) URL -------------------------------------------------


@pytest.mark.parametrize("image", ["images/lukashenko.jpg", "/images/lukashenko.jpg", "portrait.png",
                                   "https://upload.example.org/x.jpg", "http://example.org/a/b.jpg?w=200"])
def test_image_takes_a_static_path_or_an_http_url(parse, image):
    record, problems = parse("actors/x.md",
                             f"---\nname: X\nkind: person\nsummary: S\nimage: '{image}'\n---\n")
    assert problems == [] and record.image.src == image.lstrip("/")


IMAGE_HINT = ("write `image: /images/portrait.jpg` for static/images/portrait.jpg, or a whole URL such as "
              "`image: https://example.org/portrait.jpg`")


@pytest.mark.parametrize(("image", "problem"), [
    ("file:///etc/passwd", "'file:' addresses are not allowed"),
    ("javascript:alert(1)", "'javascript:' addresses are not allowed"),
    ("JavaScript:alert(1)", "'JavaScript:' addresses are not allowed"),
    ("data:image/png;base64,iVBORw0KGgo=", "'data:' addresses are not allowed"),
    ("ftp://example.org/x.jpg", "'ftp:' addresses are not allowed"),
    ("c:/photos/x.jpg", "'c:' addresses are not allowed"),
    ("//evil.example/x.jpg", "a path cannot start with // (a browser reads it as another site)"),
    ("images\\\\x.jpg", "a path uses / between folders, not \\"),
    ("../secrets/x.jpg", "a path cannot go up with .."),
    ("images/../../x.jpg", "a path cannot go up with .."),
    ("images/x.jpg?v=2", "a path names a file: no ? or #"),
    ("images/", "a path names a file, not a folder"),
    ("images/a://b.jpg", "a path cannot contain ://"),
    ("https://", "it must start with https:// or http://"),
])
def test_image_refuses_every_other_form_at_the_field(parse, image, problem):
    record, problems = parse("actors/x.md",
                             f'---\nname: X\nkind: person\nsummary: S\nimage: "{image}"\n---\n')
    assert only(problems) == ("content/actors/x.md", 5, 8,
                              f"'image' must be a file under static/ or an http(s) URL: {problem}",
                              IMAGE_HINT)
    assert record.image is None


# Curly quotes, control characters, odd YAML values -----------------------------------------------


def test_a_list_entry_in_curly_quotes_is_taken_for_quoted_text(parse):
    _, problems = parse("actors/x.md", "---\nname: X\nkind: person\nsummary: S\naliases:\n"
                                       "  - “PMC: Wagner”\n  - Wagner\n---\n")
    assert only(problems) == ("content/actors/x.md", 6, 5, "curly quotes (“ ” ‘ ’ „ « ») are not YAML quotes",
                              'use straight quotes " or \': - "PMC: Wagner"')


def test_a_source_in_curly_quotes_is_taken_for_quoted_text(parse):
    _, problems = parse("events/e.md", "---\ntitle: T\ndate: 2023-06-24\nsummary: S\nsources:\n"
                                       "  - „Belta: the deal“\n---\n")
    assert only(problems)[1:] == (6, 5, "curly quotes (“ ” ‘ ’ „ « ») are not YAML quotes",
                                  'use straight quotes " or \': - "Belta: the deal"')


def test_curly_quotes_around_plain_text_are_kept_as_typography(parse):
    record, problems = parse("events/e.md", "---\ntitle: “Refloated”\ndate: 2023-06-24\nsummary: S\n---\n")
    assert problems == [] and record.title == "“Refloated”"


@pytest.mark.parametrize("field", ["title: \"a\\x07b\"", "aliases: [\"a\\x1bb\"]", "sources: [\"\\x7f\"]"])
def test_an_invisible_control_character_in_text_is_reported(parse, field):
    _, problems = parse("events/e.md", f"---\ntitle: T\ndate: 2023-06-24\nsummary: S\n{field}\n---\n"
                        .replace("title: T\n", "" if field.startswith("title") else "title: T\n"))
    assert len(problems) == 1 and "invisible control character U+00" in problems[0].message


def test_every_field_of_a_source_is_checked_even_without_a_usable_title(parse):
    _, problems = parse("events/e.md", "---\ntitle: T\ndate: 2023-06-24\nsummary: S\nsources:\n"
                                       "  - title: [x]\n    url: {a: b}\n    date: .inf\n---\n")
    assert [(d.line, d.message) for d in problems] == [
        (6, "'title' must be text, not a list"),
        (7, "links must be http:// or https:// URLs"),
        (8, "'date' must be a date like 2023-06-24, not 'inf'"),
    ]


def test_a_slug_that_is_not_text_is_reported_as_such(parse):
    _, problems = parse("events/e.md", "---\ntitle: T\ndate: 2023-06-24\nsummary: S\nactors:\n"
                                       "  - 2023-01-01: leader\n---\n")
    assert only(problems)[3] == "each of 'actors' must be a slug or `slug: role`"


ODD_VALUES = ["99999999999999999999999999999999999999", "-1e400", ".inf", "-.inf", ".nan",
              "[[a, [b]], {c: d}]", "{a: {b: [c]}}", "2023-06-24", "2023-06-24T10:00:00Z", "2023-02-30",
              "!!binary aGVsbG8=", "null",
              "true", "''", "!!set {a, b}", "!!omap [a: 1, b: 2]", "!!pairs [a: 1]", "0x1F", "[2023-06-24]",
              "{2023-06-24: x}", "[null]", "[~, '']", "[{1: [x]}]", "{true: x}", "[[]]", "[{}]", "{}", "[]",
              '"\\x07"', "[{title: [x], url: {a: b}, date: .inf, publisher: [1]}]", "{.inf: x}",
              "“a” b", "[!!binary aGVsbG8=]", "{x: !!set {a}}"]
FIELDS = {"actors": (("name", "X"), ("kind", "person"), ("summary", "S"), ("aliases", None),
                     ("role", None), ("born", None), ("country", None), ("image", None), ("links", None),
                     ("draft", None), ("autolink", None)),
          "events": (("title", "T"), ("date", "2023-06-24"), ("end", None), ("place", None),
                     ("summary", "S"), ("aliases", None), ("actors", None), ("led_to", None),
                     ("sources", None), ("draft", None), ("autolink", None)),
          "articles": (("title", "T"), ("date", "2023-06-24"), ("updated", None), ("summary", "S"),
                       ("actors", None), ("events", None), ("tags", None), ("sources", None),
                       ("draft", None), ("autolink", None), ("type", None), ("series", None),
                       ("updates", None))}
# What a message may never say: Python's names for things an author wrote.
PYTHON_WORDS = ("NoneType", "bytes", "tuple", "frozenset", " set,", "dict", "Traceback", "object at 0x")


@pytest.mark.parametrize("folder", sorted(FIELDS))
def test_odd_yaml_values_in_every_field_are_problems_in_words_never_crashes(parse, folder):
    for field, _ in FIELDS[folder]:
        for odd in ODD_VALUES:
            fields = "".join(f"{key}: {odd if key == field else value}\n"
                             for key, value in FIELDS[folder] if value is not None or key == field)
            text = f"---\n{fields}---\nBody.\n"
            record, problems = parse(f"{folder}/x.md", text)  # no exception: that is the test
            for d in problems:
                shown = d.format()
                assert d.line >= 1 and d.column >= 1 and d.message, shown
                assert not any(word in shown for word in PYTHON_WORDS), shown
            if record is not None:
                assert all(isinstance(text, str) for text, _ in getattr(record, "name_places", ()))


def test_a_number_yaml_read_otherwise_is_no_year(parse):
    """YAML 1.1 reads 0570 as octal (376) and 9:30 as minutes (570): neither is a year."""
    for written, number in (("0570", 376), ("9:30", 570)):
        record, problems = parse("events/e.md", f"---\ntitle: T\ndate: {written}\nsummary: S\n---\n")
        [(line, column, message, hint)] = [(d.line, d.column, d.message, d.hint) for d in problems]
        assert (line, column) == (3, 7)
        assert message == f"'date' must be a date like 2023-06-24, not '{written}'"
        assert f"YAML reads {written} as the number {number}" in hint and "quotes" in hint
    record, problems = parse("actors/x.md", "---\nname: X\nkind: person\nsummary: S\nborn: 1954\n---\n")
    assert problems == [] and record.began == When(1954)
