"""`backstory schema`: the front-matter rules as JSON Schema give the build's verdicts.

Front matter is read as a JSON tool reads it (check-jsonschema's way): YAML 1.1 as PyYAML reads
it, but timestamps kept as the text written, keys made text. Each file is then checked against
its folder's schema with `jsonschema`, and the verdict compared with what the build's front-matter
reader (parse_source) says of the same file under the same site.yaml.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import jsonschema
import pytest
import yaml

from backstory.content.config import load_config
from backstory.content.frontmatter import parse_source
from backstory.content.frontmatter_schema import front_matter_schema
from backstory.content.sources import SourceFile
from backstory.errors import Diagnostics
from backstory.text.markdown import make_parser

from .helpers import BASIC_SITE, FIXTURES, REPO, copy_site, originals, run_cli

SUEZ = FIXTURES / "sites" / "suez"
INVALID = FIXTURES / "invalid"


class _JsonishLoader(yaml.SafeLoader):
    """PyYAML's safe loader with timestamps left as the text written: JSON has no dates."""


_JsonishLoader.add_constructor("tag:yaml.org,2002:timestamp",
                               yaml.SafeLoader.yaml_constructors["tag:yaml.org,2002:str"])


def _keys_as_text(value):
    if isinstance(value, dict):
        return {str(key): _keys_as_text(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_keys_as_text(item) for item in value]
    return value


def front_matter_as_json(text: str):
    """The front matter of a content file as a JSON tool sees it; raises ValueError when there
    is none, yaml.YAMLError when it is no YAML."""
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        raise ValueError("no front matter")
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None)
    if end is None:
        raise ValueError("front matter not closed")
    data = yaml.load("\n".join(lines[1:end]), Loader=_JsonishLoader)  # noqa: S506 - a safe loader
    return _keys_as_text({} if data is None else data)


def schema_accepts(schema: dict, content_type: str, text: str) -> bool:
    try:
        data = front_matter_as_json(text)
    except (ValueError, yaml.YAMLError):
        return False
    validator = jsonschema.Draft202012Validator({"$defs": schema["$defs"],
                                                 "$ref": f"#/$defs/{content_type}"})
    return validator.is_valid(json.loads(json.dumps(data)))  # only what JSON can hold


def build_accepts(site: Path, relative: str, text: str) -> bool:
    """Whether the build's reader of front matter finds no problem in `text`, as content/`relative`
    of `site` (with its site.yaml)."""
    diagnostics = Diagnostics()
    config = load_config(site, diagnostics)
    assert not diagnostics.has_errors
    file = SourceFile(path=site / "content" / relative, shown=f"content/{relative}",
                      type=relative.split("/")[0], slug=Path(relative).stem, text=text, digest="")
    parse_source(file, make_parser(), diagnostics, config)
    return not diagnostics.has_errors


def site_schema(site: Path) -> dict:
    diagnostics = Diagnostics()
    return front_matter_schema(load_config(site, diagnostics))


# Every file of the two explainers validates -------------------------------------------------

EXPLAINER_FILES = [(site, path.relative_to(site / "content").as_posix())
                   for site in (REPO, SUEZ) for path in originals(site / "content", recursive=True)]


@pytest.mark.parametrize(("site", "relative"), EXPLAINER_FILES,
                         ids=[f"{'example' if site == REPO else site.name}/{relative}"
                              for site, relative in EXPLAINER_FILES])
def test_every_front_matter_of_the_explainers_validates(site, relative):
    text = (site / "content" / relative).read_text(encoding="utf-8")
    assert build_accepts(site, relative, text)
    assert schema_accepts(site_schema(site), relative.split("/")[0], text)


def test_the_explainers_have_files_of_every_type():
    assert {relative.split("/")[0] for _, relative in EXPLAINER_FILES} == {
        "actors", "events", "articles", "places"}
    assert len(EXPLAINER_FILES) >= 50


# The broken sites of tests/fixtures/invalid: the same verdict, file by file ---------------------

# Files whose front matter is what is wrong (the case's expected.txt names them).
REJECTED_FOR_FRONT_MATTER = [
    ("bad-coordinates", "places/london.md"), ("bad-coordinates", "places/paris.md"),
    ("bad-coordinates", "places/south-pole.md"), ("bad-coordinates", "places/sydney.md"),
    ("broken-pictures", "articles/pictures.md"), ("broken-pictures", "events/engine-remembered.md"),
    ("curly-quotes", "actors/royal-society.md"), ("curly-quotes", "events/engine-remembered.md"),
    ("every-problem-at-once", "actors/royal-society.md"),
    ("every-problem-at-once", "events/analytical-engine-notes.md"),
    ("many-errors", "actors/royal-society.md"), ("many-errors", "events/engine-remembered.md"),
    ("missing-required-field", "actors/royal-society.md"), ("place-fields", "places/london.md"),
    ("unknown-actor-kind", "actors/royal-society.md"), ("unsafe-image", "actors/charles-babbage.md"),
    ("unsafe-image", "actors/royal-society.md"), ("wrong-type-date", "events/engine-remembered.md"),
    ("wrong-type-list", "actors/royal-society.md"),
]
# Every file in a content type's folder of a broken site (misplaced-file's content/people/ is not),
# but translations (`x.ru.md`): the schema is of originals; a translation is checked against its own.
FIXTURE_FILES = [(path.relative_to(INVALID).parts[0], path.relative_to(INVALID).as_posix().split(
    "/content/", 1)[1]) for path in sorted(INVALID.glob("*/content/*/*.md"))
    if path.parent.name in ("actors", "events", "articles", "places") and "." not in path.stem]


@pytest.mark.parametrize(("case", "relative"), REJECTED_FOR_FRONT_MATTER)
def test_a_front_matter_the_build_rejects_the_schema_rejects(case, relative):
    text = (INVALID / case / "content" / relative).read_text(encoding="utf-8")
    expected = (INVALID / case / "expected.txt").read_text(encoding="utf-8")
    assert f"\ncontent/{relative}:" in "\n" + expected  # the build's own report names it
    assert not build_accepts(BASIC_SITE, relative, text)
    assert not schema_accepts(site_schema(BASIC_SITE), relative.split("/")[0], text)


@pytest.mark.parametrize(("case", "relative"), FIXTURE_FILES, ids=[f"{c}/{r}" for c, r in FIXTURE_FILES])
def test_every_fixture_file_gets_the_same_verdict_from_both(case, relative):
    site = INVALID / case if (INVALID / case / "site.yaml").is_file() else BASIC_SITE
    text = (INVALID / case / "content" / relative).read_text(encoding="utf-8", errors="replace")
    built = build_accepts(site, relative, text)
    assert schema_accepts(site_schema(site), relative.split("/")[0], text) == built
    assert built == ((case, relative) not in REJECTED_FOR_FRONT_MATTER) or not _loads(text)


def _loads(text: str) -> bool:
    try:
        front_matter_as_json(text)
    except (ValueError, yaml.YAMLError):
        return False
    return True


# Front matters of our own: each accepted or rejected by both -----------------------------------

MINIMAL = {
    "actors": {"name": "Ada Lovelace", "kind": "person", "summary": "A mathematician."},
    "events": {"title": "The notes appear", "date": "1843-09-01", "summary": "In print."},
    "articles": {"title": "The first program", "date": "2024-01-15", "summary": "How."},
    "places": {"name": "London", "summary": "A city."},
}


def _front_matter(content_type: str, changes: dict[str, str | None]) -> str:
    """A minimal valid front matter of the type with `changes` (YAML of each value; None removes
    the field) made to it."""
    fields = {**MINIMAL[content_type], **changes}
    lines = [f"{key}: {value}" if "\n" not in value else f"{key}:\n{value}"
             for key, value in fields.items() if value is not None]
    return "---\n" + "\n".join(lines) + "\n---\nBody.\n"


ACCEPTED_DATES = ["1994", "c. 1994", "circa 2020-08", "C.2020-08", "2020-08", "2024-02-29", "2000-02-29",
                  "2023-06-24 09:30", "2023-06-24T09:30", "2023-06-24 09:30 +03:00", "2023-06-24 09:30Z",
                  "2023-06-24 09:30 UTC", "2023-06-24 09:30 Europe/Moscow", "2023-06-24 09:30 +0300",
                  "2023-06-24 09:30 -18:00", "2023-06-24 morning", "2023-06-24 Evening",
                  "c. 2023-06-24 night", "2023-06-24 09:30:00", "2023-06-24T09:30:00+03:00",
                  "2023-06-24 9:30:00", "2023-6-4 09:30:00 Z", "2023-06-24 09:30:00.000", "'2023-06-24'",
                  "'0999'"]
REJECTED_DATES = ["994", "0570", "10000", "0000", "2023-02-29", "1900-02-29", "2023-13-01", "2023-06-31",
                  "2023-6-24", "24 June 2023", "November 1991", "24/06/2023", "2023-06-24 25:00",
                  "2023-06-24 09:60", "2023-06-24 9:30", "2023-06-24 09:30:15", "2023-06-24 09:30:00.5",
                  "2023-06-24 +03:00", "2023-06-24 09:30 +19:00", "2023-06-24 09:30 +03:75",
                  "2023-06-24 noon", "2023-06-24 Z", "true", "2023.5", "''", "[2023]", "c.", "about 1994"]


def _case_id(case) -> str:
    site, content_type, changes, _ = case
    changed = ",".join(f"{key}={value}" for key, value in changes.items())[:80]
    return f"{'example' if site == REPO else site.name}-{content_type}-{changed}"


CASES = [
    *[(BASIC_SITE, "events", {"date": value}, True) for value in ACCEPTED_DATES],
    *[(BASIC_SITE, "events", {"date": value}, False) for value in REJECTED_DATES],
    *[(BASIC_SITE, "articles", {"updated": value}, True) for value in ("2024-02", "~", "2024-03-01 evening")],
    (BASIC_SITE, "events", {"title": None}, False),  # a required field missing
    (BASIC_SITE, "articles", {"date": None}, False),
    (BASIC_SITE, "actors", {"kind": None}, False),
    (BASIC_SITE, "places", {"summary": "''"}, False),  # a required field empty
    (BASIC_SITE, "actors", {"name": "5"}, False),  # wrong types
    (BASIC_SITE, "events", {"title": "2023"}, False),
    (BASIC_SITE, "events", {"draft": "'yes'"}, False),
    (BASIC_SITE, "events", {"draft": "yes"}, True),  # YAML 1.1: true
    (BASIC_SITE, "events", {"autolink": "~"}, False),
    (BASIC_SITE, "actors", {"aliases": "The Countess"}, False),
    (BASIC_SITE, "actors", {"aliases": "[Ada, 1815]"}, True),
    (BASIC_SITE, "actors", {"aliases": "[Ada, '']"}, False),
    (BASIC_SITE, "actors", {"role": "''", "country": "~"}, True),
    (BASIC_SITE, "events", {"title": '"Notes\\x01"'}, False),  # a control character
    (BASIC_SITE, "events", {"titel": "Typo"}, False),  # an unknown field
    (BASIC_SITE, "places", {"title": "London"}, False),
    (BASIC_SITE, "actors", {"kind": "robot"}, False),  # an unknown kind
    (BASIC_SITE, "actors", {"kind": "ship"}, False),
    (SUEZ, "actors", {"kind": "ship", "built": "2018"}, True),  # a kind of the site's own
    (SUEZ, "actors", {"kind": "ship", "born": "2018"}, False),
    (BASIC_SITE, "actors", {"kind": "organization", "founded": "1660"}, True),
    (BASIC_SITE, "actors", {"kind": "organization", "born": "1660"}, False),
    (BASIC_SITE, "actors", {"kind": "person", "born": "1815-12-10", "died": "1852"}, True),
    (BASIC_SITE, "actors", {"image": "/images/ada.jpg"}, True),  # a portrait takes the name as alt
    (BASIC_SITE, "events", {"image": "/images/notes.jpg"}, False),  # any other picture needs alt
    (BASIC_SITE, "events", {"image": "''"}, True),
    (BASIC_SITE, "events", {"image": "{src: /images/notes.jpg, alt: ''}"}, True),
    (BASIC_SITE, "events", {"image": "{src: images/a:b.jpg, alt: Notes, credit: Desk, "
                                     "credit_url: 'https://example.org/'}"}, True),
    (BASIC_SITE, "events", {"image": "{src: 'https://example.org/x.jpg', alt: Notes}"}, True),
    (BASIC_SITE, "events", {"image": "{src: /images/notes.jpg}"}, False),
    (BASIC_SITE, "events", {"image": "{src: /images/notes.jpg, alt: ' '}"}, False),
    (BASIC_SITE, "events", {"image": "{alt: Notes}"}, False),
    (BASIC_SITE, "events", {"image": "{src: /images/notes.jpg, alt: Notes, credits: Desk}"}, False),
    (BASIC_SITE, "events", {"image": "{src: x.jpg, alt: N, credit_url: 'https://example.org/'}"}, False),
    *[(BASIC_SITE, "actors", {"image": value}, False) for value in (
        "'javascript:alert(1)'", "../x.jpg", "'C:/x.jpg'", "//cdn.example.org/x.jpg", "'x.jpg?v=1'",
        "images/", "'images\\\\x.jpg'", "'ftp://example.org/x.jpg'", "'https:///x.jpg'", "5")],
    (BASIC_SITE, "actors", {"links": "{Wikipedia: 'https://en.wikipedia.org/wiki/Ada_Lovelace'}"}, True),
    (BASIC_SITE, "actors", {"links": "{Archive: 'ftp://example.org/'}"}, False),
    (BASIC_SITE, "actors", {"links": "'https://example.org/'"}, False),
    (BASIC_SITE, "actors", {"links": "{Home: ~}"}, False),
    (BASIC_SITE, "events", {"sources": "[Just a title, {title: T, url: 'https://x.org/', date: 2023-06}]"},
     True),
    (BASIC_SITE, "events", {"sources": "[{publisher: Reuters}]"}, False),
    (BASIC_SITE, "events", {"sources": "[{title: T, pages: 3}]"}, False),
    (BASIC_SITE, "events", {"sources": "[{title: T, date: June 2023}]"}, False),
    (BASIC_SITE, "events", {"sources": "A report"}, False),
    (REPO, "articles", {"tags": "[belarus, wagner]"}, True),
    (REPO, "articles", {"tags": "[belarus, belarus]"}, False),
    (REPO, "articles", {"tags": "[belarsu]"}, False),
    (BASIC_SITE, "articles", {"tags": "[belarus]"}, False),  # the site defines no tags
    (SUEZ, "articles", {"series": "six-days", "type": "in-numbers"}, True),
    (SUEZ, "articles", {"series": "seven-days"}, False),
    (BASIC_SITE, "articles", {"type": "analysis"}, True),
    (BASIC_SITE, "articles", {"type": "essay"}, False),
    (BASIC_SITE, "events", {"actors": "[ada-lovelace: author, charles-babbage]"}, True),
    (BASIC_SITE, "events", {"actors": "[ada-lovelace: 5]"}, False),
    (BASIC_SITE, "events", {"actors": "ada-lovelace"}, False),
    (BASIC_SITE, "events", {"led_to": "[engine-remembered, engine-remembered]"}, False),
    (BASIC_SITE, "events", {"led_to": "[[engine-remembered]]"}, False),
    (BASIC_SITE, "places", {"kind": "city", "coordinates": "[51.5, -0.12]", "within": "england"}, True),
    (BASIC_SITE, "places", {"coordinates": "{latitude: 51.5, longitude: -0.12}"}, True),
    (BASIC_SITE, "places", {"kind": "cty"}, False),
    (BASIC_SITE, "places", {"coordinates": "[91, 0]"}, False),
    (BASIC_SITE, "places", {"coordinates": "[1, 2, 3]"}, False),
    (BASIC_SITE, "places", {"coordinates": "'51.5, -0.12'"}, False),
    (BASIC_SITE, "places", {"coordinates": "{lat: 51.5, longitude: -0.12}"}, False),
    (BASIC_SITE, "places", {"within": "Great Britain"}, False),
]


@pytest.mark.parametrize("case", CASES, ids=[_case_id(case) for case in CASES])
def test_a_front_matter_gets_the_same_verdict_from_the_schema_and_the_build(case):
    site, content_type, changes, accepted = case
    text = _front_matter(content_type, changes)
    relative = f"{content_type}/case.md"
    assert build_accepts(site, relative, text) is accepted
    assert schema_accepts(site_schema(site), content_type, text) is accepted


# The command ------------------------------------------------------------------------------------


def test_the_command_writes_a_valid_draft_2020_12_schema_of_the_sites_rules(tmp_path, capsys):
    out = tmp_path / "front-matter.schema.json"
    code, stdout, err = run_cli(["schema", "--source", str(SUEZ), "--out", str(out)], capsys)
    assert (code, stdout, err) == (0, "", "")
    schema = json.loads(out.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)  # also compiles every pattern
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema == site_schema(SUEZ)
    actors = schema["$defs"]["actors"]
    assert actors["properties"]["kind"]["enum"] == ["person", "organization", "state", "media", "ship",
                                                    "court"]
    assert actors["required"] == ["name", "kind", "summary"]
    assert {"built", "scrapped", "established", "abolished"} <= set(actors["properties"])


def test_the_command_prints_the_same_bytes_every_time_with_sorted_keys(tmp_path, capsys):
    out = tmp_path / "schema.json"
    _, first, _ = run_cli(["schema", "--source", str(SUEZ)], capsys)
    _, second, _ = run_cli(["schema", "--source", str(SUEZ)], capsys)
    run_cli(["schema", "--source", str(SUEZ), "--out", str(out)], capsys)
    assert first == second == out.read_text(encoding="utf-8") and first.endswith("}\n")
    assert first == json.dumps(json.loads(first), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def test_one_types_schema_checks_a_front_matter_on_its_own(capsys):
    code, stdout, _ = run_cli(["schema", "--source", str(BASIC_SITE), "--type", "events"], capsys)
    schema = json.loads(stdout)
    assert code == 0 and schema["$ref"] == "#/$defs/events"
    validator = jsonschema.Draft202012Validator(schema)
    good = front_matter_as_json(_front_matter("events", {}))
    assert validator.is_valid(good)
    assert [error.message for error in validator.iter_errors({**good, "date": "24 June 2023"})] != []
    # One error for one mistake, saying what is wrong
    assert [error.message for error in validator.iter_errors({**good, "title": ["A", "B"]})] == [
        "['A', 'B'] is not of type 'string'"]
    assert not validator.is_valid(front_matter_as_json(_front_matter("actors", {})))


def test_a_broken_site_yaml_is_reported_and_nothing_is_written(tmp_path, capsys):
    site = copy_site(BASIC_SITE, tmp_path / "site")
    (site / "site.yaml").write_text("title: T\nkinds:\n  Ship: {}\n", encoding="utf-8")
    out = tmp_path / "schema.json"
    code, stdout, err = run_cli(["schema", "--source", str(site), "--out", str(out)], capsys)
    assert (code, stdout) == (1, "") and not out.exists()
    assert err.startswith("site.yaml:3:3: error: kind name 'Ship' must be lowercase letters")
    assert err.endswith("no schema written\n")
    code, _, err = run_cli(["schema", "--source", str(tmp_path / "nowhere")], capsys)
    assert code == 1 and err.startswith(f"{tmp_path / 'nowhere'}:1:1: error: no such folder")


# Editors check patterns with JavaScript's RegExp ----------------------------------------------


def _patterns(schema) -> list[str]:
    if isinstance(schema, dict):
        found = [schema["pattern"]] if isinstance(schema.get("pattern"), str) else []
        return found + [p for value in schema.values() for p in _patterns(value)]
    if isinstance(schema, list):
        return [p for value in schema for p in _patterns(value)]
    return []


@pytest.mark.skipif(shutil.which("node") is None, reason="needs Node.js")
def test_every_pattern_reads_the_same_in_javascript_as_in_python():
    """Draft 2020-12 patterns are ECMA-262 regular expressions: an editor (the YAML extension of
    VS Code, ajv) must give each date the verdict jsonschema gives it."""
    schema = site_schema(REPO)
    patterns = sorted(set(_patterns(schema)))
    samples = [yaml.load(f"x: {value}", Loader=_JsonishLoader)["x"]  # noqa: S506 - a safe loader
               for value in ACCEPTED_DATES + REJECTED_DATES]
    samples = [sample for sample in samples if isinstance(sample, str)] + ["a\x01b", " ", "https://x.org/"]
    script = ("const [patterns, samples] = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
              "console.log(JSON.stringify(patterns.map(p => samples.map(s => new RegExp(p, 'u').test(s)))));")
    result = subprocess.run(["node", "-e", script], input=json.dumps([patterns, samples]),
                            capture_output=True, text=True, check=True, timeout=60)
    assert json.loads(result.stdout) == [[re.search(p, s) is not None for s in samples] for p in patterns]
    assert len(patterns) >= 8


def test_every_example_in_the_schema_is_a_value_its_field_takes():
    """Editors offer `examples` as values to insert: each must pass its own field's rules."""
    schema = site_schema(SUEZ)
    checked = 0
    for content_type in ("actors", "events", "articles", "places"):
        for name, field in schema["$defs"][content_type]["properties"].items():
            field_only = {"$defs": schema["$defs"], **{k: v for k, v in field.items() if k != "examples"}}
            for example in field.get("examples", []):
                if name in ("tags", "series"):  # the table's examples name the example site's
                    continue
                assert jsonschema.Draft202012Validator(field_only).is_valid(example), (name, example)
                checked += 1
    assert checked > 40
