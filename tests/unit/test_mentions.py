"""Mentions: names in prose become connections, and the first mention of each a link."""

from __future__ import annotations

import re

import pytest

from backstory.errors import Diagnostics
from backstory.text.markdown import ResolvedLink, make_parser, render_body
from backstory.text.mentions import Mentions

ACTORS = {
    "actors/alexander-lukashenko.md": "name: Alexander Lukashenko\naliases: [Lukashenko, Лукашенко]",
    "actors/yevgeny-prigozhin.md": "name: Yevgeny Prigozhin\naliases: [Prigozhin]",
    "actors/wagner-group.md": "name: Wagner group\naliases: [Wagner]",
}
EVENTS = {"events/wagner-mutiny.md": "title: The Wagner mutiny\ndate: 2023-06-23\naliases: [the mutiny]"}


@pytest.fixture
def site(parse):
    """`site(body, **front)`: an article with that body among the cast above, linked; returns
    (the article, its rendered body, diagnostics)."""

    def make(body: str, front: str = "", others: dict[str, str] | None = None, enabled: bool = True):
        records = []
        for path, fields in {**ACTORS, **EVENTS, **(others or {})}.items():
            kind = "\nkind: person" if path.startswith("actors/") else ""
            record, problems = parse(path, f"---\n{fields}{kind}\nsummary: S.\n---\nBody.\n")
            assert record is not None, problems
            records.append(record)
        article, problems = parse("articles/a.md", f"---\ntitle: A\ndate: 2023-09-25\nsummary: S.\n"
                                                   f"{front}---\n{body}")
        assert article is not None, problems
        records.append(article)
        diagnostics = Diagnostics()
        linked = Mentions().link_all(records, {r.slug: r for r in records}, enabled, diagnostics)
        article = linked[-1]

        def resolve(target: str) -> ResolvedLink:
            return ResolvedLink(f"/{target}/", target, "ref")

        return article, render_body(make_parser(), article.body, resolve), diagnostics

    return make


def links(html: str) -> list[tuple[str, str]]:
    return re.findall(r'<a class="ref autolink" href="/([^/]+)/">(.*?)</a>', html, re.S)


def test_first_mention_links_and_later_ones_stay_plain(site):
    _, html, _ = site("Alexander Lukashenko met Prigozhin. Lukashenko said so; Prigozhin agreed.\n")
    assert links(html) == [("alexander-lukashenko", "Alexander Lukashenko"),
                           ("yevgeny-prigozhin", "Prigozhin")]
    assert html.count("Lukashenko") == 2 and html.count("Prigozhin") == 2


def test_every_named_record_is_a_mention_once(site):
    article, _, _ = site("Wagner and Лукашенко. Wagner again; then the mutiny.\n")
    assert [(ref.target, ref.field) for ref in article.body.mentions] == [
        ("wagner-group", "mention"), ("alexander-lukashenko", "mention"), ("wagner-mutiny", "mention")]
    assert article.body.mentions[0].position.line == 6  # the body's first line in the file


@pytest.mark.parametrize("body", [
    "## Lukashenko in a heading\n",
    "[Lukashenko](https://example.org) in a link\n",
    "<a href='https://example.org'>Lukashenko</a> in raw HTML\n",
    "`Lukashenko` in code\n",
    "    Lukashenko in an indented code block\n",
    "```\nLukashenko in a fence\n```\n",
    "![Lukashenko](x.png) in an image\n",
    "[[wagner-mutiny|Lukashenko's mutiny]] in a wiki link\n",
    "Lukashenkoist or ALukashenko: not a word\n",
])
def test_no_link_where_a_name_is_not_prose(site, body):
    article, html, _ = site(body)
    assert links(html) == []
    assert "alexander-lukashenko" not in [ref.target for ref in article.body.mentions]


def test_a_name_across_a_line_break_links_whole(site):
    _, html, _ = site("Then Alexander\nLukashenko called.\n")
    assert links(html) == [("alexander-lukashenko", "Alexander\nLukashenko")]


def test_a_link_never_crosses_emphasis_but_the_mention_counts(site):
    article, html, _ = site("*Alexander* Lukashenko called.\n")
    assert links(html) == []
    assert [ref.target for ref in article.body.mentions] == ["alexander-lukashenko"]
    # The next mention that can be a link becomes the link.
    _, html, _ = site("*Alexander* Lukashenko called. Then Lukashenko waited.\n")
    assert links(html) == [("alexander-lukashenko", "Lukashenko")]


def test_inside_emphasis_and_tables_links_work(site):
    _, html, _ = site("A *Wagner* column.\n\n| who |\n| --- |\n| Prigozhin |\n")
    assert links(html) == [("wagner-group", "Wagner"), ("yevgeny-prigozhin", "Prigozhin")]
    assert "<em><a " in html


def test_a_page_never_links_to_itself(parse):
    records = []
    for path, fields in ACTORS.items():
        body = "Lukashenko, Alexander Lukashenko, and Wagner.\n"
        record, _ = parse(path, f"---\n{fields}\nkind: person\nsummary: S.\n---\n{body}")
        records.append(record)
    linked = Mentions().link_all(records, {r.slug: r for r in records}, True, Diagnostics())
    lukashenko = linked[0]
    assert [ref.target for ref in lukashenko.body.mentions] == ["wagner-group"]


def test_an_explicit_wiki_link_wins(site):
    _, html, _ = site("Lukashenko first, then [[alexander-lukashenko|the president]].\n")
    assert links(html) == []


def test_turned_off_per_page_and_per_site(site):
    article, html, _ = site("Lukashenko.\n", front="autolink: false\n")
    assert links(html) == [] and article.body.mentions == ()
    article, html, _ = site("Lukashenko.\n", enabled=False)
    assert links(html) == [] and article.body.mentions == ()


def test_two_records_claiming_a_name_is_an_error_in_both_files(site):
    _, _, diagnostics = site("Wagner.\n", others={
        "actors/richard-wagner.md": "name: Richard Wagner\naliases: [Wagner]"})
    found = sorted((d.path, d.line, d.message) for d in diagnostics.items)
    assert found == [
        ("content/actors/richard-wagner.md", 3, "'Wagner' also names content/actors/wagner-group.md; "
                                                "a name can link to one page only"),
        ("content/actors/wagner-group.md", 3, "'Wagner' also names content/actors/richard-wagner.md; "
                                              "a name can link to one page only"),
    ]
    assert all("autolink: false" in d.hint for d in diagnostics.items)


def test_renamed_names_rescan_only_bodies_that_contain_them(parse):
    mentions = Mentions()
    records = {}
    for path, fields in ACTORS.items():
        records[path], _ = parse(path, f"---\n{fields}\nkind: person\nsummary: S.\n---\nBody.\n")
    quiet, _ = parse("articles/quiet.md", "---\ntitle: Q\ndate: 2023-01-01\nsummary: S.\n---\nNo names.\n")
    loud, _ = parse("articles/loud.md", "---\ntitle: L\ndate: 2023-01-01\nsummary: S.\n---\nWagner PMC.\n")
    everything = [*records.values(), quiet, loud]
    first = mentions.link_all(everything, {r.slug: r for r in everything}, True, Diagnostics())
    renamed, _ = parse("actors/wagner-group.md", "---\nname: Wagner PMC\nkind: organization\n"
                                                 "summary: S.\n---\nBody.\n")
    # As a build does: the records kept as parsed (without tokens), the changed one fresh.
    everything = list(mentions.parsed().values())
    assert not any(r.body.tokens for r in everything + first)  # no build holds every token
    everything[2] = renamed
    second = mentions.link_all(everything, {r.slug: r for r in everything}, True, Diagnostics())
    assert second[3] is first[3]  # no changed name in it: the very same record
    assert second[4] is not first[4]  # read again: parsed again from its source
    assert [(m.target) for m in second[4].body.mentions] == ["wagner-group"]
    assert first[4].body.autolinks[0][2:] == (0, 0, 6, "wagner-group")  # "Wagner"
    assert second[4].body.autolinks[0][2:] == (0, 0, 10, "wagner-group")  # "Wagner PMC", whole


def test_a_quotations_speaker_is_linked_in_its_attribution(site):
    _, html, _ = site("Lukashenko spoke first.\n\n> We are done.\n>\n> — Lukashenko, 24 June\n")
    assert links(html) == [("alexander-lukashenko", "Lukashenko")] * 2
    assert '<figcaption>— <a class="ref autolink" href="/alexander-lukashenko/">Lukashenko</a>, 24 June' \
        in html
    assert html.index("<figure") < html.index("<blockquote>") < html.index("</blockquote>") \
        < html.index("<figcaption>") < html.index("</figure>")


def test_a_record_handed_over_is_kept_only_where_it_is_adopted(parse):
    """A worker process links a record and hands it over: it keeps nothing of it, and the
    round that adopts it remembers it as if linked there."""
    records = [parse(path, f"---\n{fields}\nkind: person\nsummary: S.\n---\nBody.\n")[0]
               for path, fields in ACTORS.items()]
    article, _ = parse("articles/a.md", "---\ntitle: A\ndate: 2023-01-01\nsummary: S.\n---\nWagner.\n")
    published = {r.slug: r for r in [*records, article]}
    worker, parent = Mentions(), Mentions()
    for mentions in (worker, parent):
        mentions.begin(published, True, Diagnostics())
    _, linked = worker.link(article, make_parser())
    handed = worker.hand_over(linked)
    assert worker.hand_over(linked) is None  # gone from the worker's round
    worker.end()
    assert worker.done() == {}
    parent.adopt(handed)
    parent.end(["a"])
    assert parent.done()["a"][2].body.mentions == linked.body.mentions
    assert [m.target for m in linked.body.mentions] == ["wagner-group"]


@pytest.mark.parametrize("quoted", ['"a massacre in Wagner country"', "“a massacre in Wagner country”",
                                    "«a massacre in Wagner country»", "„a massacre in Wagner country“"])
def test_no_link_inside_quoted_words_but_the_next_mention_links(site, quoted):
    article, html, _ = site(f"Lukashenko warned of {quoted}, he said. Wagner then turned back.\n")
    assert links(html) == [("alexander-lukashenko", "Lukashenko"), ("wagner-group", "Wagner")]
    assert html.index('href="/wagner-group/"') > html.index("country")  # the one after the quote
    assert "wagner-group" in {ref.target for ref in article.body.mentions}  # still a mention


def test_a_quotation_left_open_ends_with_its_paragraph(site):
    _, html, _ = site('He called it "a disaster.\n\nWagner then turned back.\n')
    assert links(html) == [("wagner-group", "Wagner")]


def test_no_link_inside_a_q_element(site):
    _, html, _ = site("He said <q>Wagner is finished</q>; Prigozhin disagreed.\n")
    assert links(html) == [("yevgeny-prigozhin", "Prigozhin")]
