"""`backstory cms`: the Decap configuration it makes from the site, the files it writes, and
what the build then publishes (docs/cms.md). The browser test is tests/browser/test_cms.py."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from backstory import build
from backstory.cms.admin import admin_files
from backstory.cms.decap import (
    DATE_PATTERN,
    IDENTIFIERS,
    PICTURE_WIDGET,
    ROLE_SLUG,
    ROLE_TEXT,
    ROLES_SCRIPT,
    ROLES_WIDGET,
    SCRIPTS,
    SLUG_PATTERN,
    decap_config,
    left_out,
    proxy_branch,
)
from backstory.commands.cli import main
from backstory.commands.invocation import backstory_command
from backstory.content import fieldtable
from backstory.content.config import Config, load_config
from backstory.content.model import CONTENT_TYPES
from backstory.errors import Diagnostics
from backstory.output.linkcheck import check_site
from backstory.output.search import searchable_pages
from backstory.preview.serve import SERVED_AS_BUILT

from ..helpers import copy_example

SHIP_SITE = """title: Suez
kinds:
  ship: {label: Ship, dates: [built, scrapped]}
tags:
  canal: Canal
"""


def config_of(tmp_path: Path, text: str) -> tuple[Config, list]:
    (tmp_path / "site.yaml").write_text(text, encoding="utf-8")
    diagnostics = Diagnostics()
    return load_config(tmp_path, diagnostics), diagnostics.sorted()


def fields_of(settings: dict, collection: str) -> dict[str, dict]:
    found = next(c for c in settings["collections"] if c["name"] == collection)
    return {field["name"]: field for field in found["fields"]}


@pytest.mark.parametrize("site", ["", SHIP_SITE, "series:\n  aftermath: Aftermath\n"])
def test_the_form_has_every_field_of_the_table_or_says_why_not(tmp_path, site):
    config, problems = config_of(tmp_path, site)
    assert problems == []
    settings = decap_config(config)
    assert [found["name"] for found in settings["collections"]] == list(CONTENT_TYPES)
    for content_type in CONTENT_TYPES:
        table = fieldtable.field_names(content_type, config.kinds)
        missing = left_out(content_type, config)
        assert all(missing.values()) and set(missing) <= set(table)
        # The table's fields in its order, each either in the form or left out with a reason.
        shown = [name for name in fields_of(settings, content_type) if name != "body"]
        assert shown == [name for name in table if name not in missing]
    assert set(left_out("actors", config)) == {"links", "autolink"}
    assert ("series" in left_out("articles", config)) == ("series:" not in site)


@pytest.mark.parametrize("content_type", CONTENT_TYPES)
def test_hints_and_defaults_are_the_tables(content_type):
    form = fields_of(decap_config(Config()), content_type)
    for spec in fieldtable.fields_of(content_type, Config().kinds):
        if spec.name in form:
            assert form[spec.name]["hint"].startswith(spec.description.removesuffix(".")), spec.name
            assert form[spec.name].get("default") == spec.default, spec.name
            assert form[spec.name]["required"] is spec.required, spec.name


def test_collections_are_the_content_folders_as_markdown_with_front_matter():
    settings = decap_config(Config())
    assert settings["local_backend"] is True
    assert (settings["media_folder"], settings["public_folder"]) == ("static/images", "/images")
    for found in settings["collections"]:
        name = found["name"]
        assert (found["folder"], found["extension"], found["format"]) == (f"content/{name}", "md",
                                                                          "frontmatter")
        assert found["slug"] == "{{slug}}" and found["identifier_field"] == IDENTIFIERS[name]
        required = {spec.name for spec in fieldtable.FIELDS[name] if spec.required}
        assert {f["name"] for f in found["fields"] if f["required"]} == required
        assert found["fields"][-1]["name"] == "body" and found["fields"][-1]["modes"] == ["raw"]


def test_references_are_relations_by_slug_and_the_rest_plain_text():
    events = fields_of(decap_config(Config()), "events")
    assert events["led_to"]["widget"] == "relation" and events["led_to"]["multiple"] is True
    assert events["led_to"]["collection"] == "events" and events["led_to"]["search_fields"] == ["title"]
    assert events["place"]["widget"] == "string"  # a place's slug or free text
    articles = fields_of(decap_config(Config()), "articles")
    assert articles["updates"]["multiple"] is False and articles["updates"]["collection"] == "articles"
    places = fields_of(decap_config(Config()), "places")
    assert places["within"]["widget"] == "string" and "pattern" in places["within"]  # or a state


def test_kinds_tags_and_dates_come_from_the_site(tmp_path):
    config, problems = config_of(tmp_path, SHIP_SITE)
    assert problems == []
    actors = fields_of(decap_config(config), "actors")
    assert [o["value"] for o in actors["kind"]["options"]] == ["person", "organization", "state",
                                                              "media", "ship"]
    assert "built" in actors and "scrapped" in actors and "for ship" in actors["built"]["hint"]
    assert actors["born"]["pattern"][0] == DATE_PATTERN
    articles = fields_of(decap_config(config), "articles")
    assert articles["tags"]["options"] == [{"label": "Canal", "value": "canal"}]
    assert articles["tags"]["multiple"] is True
    assert "series" not in articles  # the site has none: Decap refuses an empty select
    assert articles["type"]["default"] == "explainer"


def test_pages_with_roles_are_rows_of_a_page_and_its_role():
    actors = fields_of(decap_config(Config()), "events")["actors"]
    assert actors["widget"] == ROLES_WIDGET and "fields" not in actors  # roles.js gives them
    slug, role = actors["field"]["fields"]
    assert {key: slug[key] for key in ("name", "widget", "collection", "value_field", "multiple")} == {
        "name": ROLE_SLUG, "widget": "relation", "collection": "actors", "value_field": "{{slug}}",
        "multiple": False}
    assert slug["search_fields"] == ["name"]
    assert role["name"] == ROLE_TEXT and role["required"] is False and "default" not in role
    # A row is told from `slug: role` by its keys, which no slug can be.
    assert not re.fullmatch(SLUG_PATTERN, ROLE_SLUG) and not re.fullmatch(SLUG_PATTERN, ROLE_TEXT)
    script = admin_files(Config())[f"static/admin/{ROLES_SCRIPT}"]
    for name in (ROLES_WIDGET, ROLE_SLUG, ROLE_TEXT):
        assert f'"{name}"' in script


def test_pictures_use_the_widget_that_keeps_text_and_mappings():
    portrait = fields_of(decap_config(Config()), "actors")["image"]
    image = fields_of(decap_config(Config()), "events")["image"]
    for picture in (portrait, image):
        assert picture["widget"] == PICTURE_WIDGET
        parts = [part["name"] for part in picture["fields"]]
        assert parts == ["src", "alt", "caption", "credit", "credit_url"]
        assert picture["fields"][0]["widget"] == "image"  # Decap's media library
    # A portrait may be its address alone, whose alt text is the actor's name; an image may not.
    assert portrait["text_form"] is True and portrait["text_alt_from"] == IDENTIFIERS["actors"]
    assert "text_form" not in image
    script = admin_files(Config())["static/admin/backstory-picture.js"]
    assert f'"{PICTURE_WIDGET}"' in script and '"text_form"' in script and '"text_alt_from"' in script


def test_every_script_is_written_and_loaded_after_decap():
    files = admin_files(Config())
    page = files["static/admin/index.html"]
    for name, source in SCRIPTS.items():
        assert f"from its {source};" in files[f"static/admin/{name}"]
        assert page.index("decap-cms.js") < page.index(f'<script src="{name}"></script>')


def test_drafts_are_a_switch_and_autolink_is_left_as_written():
    events = fields_of(decap_config(Config()), "events")
    assert events["draft"]["widget"] == "boolean" and events["draft"]["default"] is False
    assert "autolink" not in events  # Decap would show it off on every page written without it
    assert "links" not in fields_of(decap_config(Config()), "actors")


@pytest.mark.parametrize("written", ["1994", "2020-08", "2023-06-24", "2023-06-24 morning",
                                     "2023-06-24 09:30", "2023-06-24T09:30", "2023-06-24 09:30:00",
                                     "2023-06-24 09:30 Europe/Moscow", "2023-06-24 09:30 +03:00",
                                     "2023-06-24 09:30 Z", "c. 1994", "circa 2020-08"])
def test_the_date_pattern_takes_every_form_backstory_reads(written):
    assert re.search(DATE_PATTERN, written)


@pytest.mark.parametrize("written", ["2021-3-23", "November 1991", "94", "2023-06-24 noonish"])
def test_the_date_pattern_refuses_what_backstory_refuses(written):
    assert not re.search(DATE_PATTERN, written)


def test_the_script_and_backend_are_site_settings(tmp_path):
    config, problems = config_of(tmp_path, "cms:\n  script: decap/decap-cms.js\n"
                                           "  backend: {name: github, repo: desk/story, branch: main}\n")
    assert problems == []
    files = admin_files(config)
    assert ('<script src="decap/decap-cms.js"></script>\n  <script src="backstory-roles.js"></script>'
            in files["static/admin/index.html"])  # Backstory's widget registered once Decap is there
    settings = yaml.safe_load(files["static/admin/config.yml"])
    assert settings["backend"] == {"name": "github", "repo": "desk/story", "branch": "main"}
    default = admin_files(Config())["static/admin/index.html"]
    assert '<script src="https://unpkg.com/decap-cms@3.16.3/dist/decap-cms.js"></script>' in default


@pytest.mark.parametrize(("text", "message"), [
    ("cms: unpkg\n", "'cms' must be a mapping of settings, not text"),
    ("cms:\n  scirpt: x.js\n", "unknown setting 'scirpt' of 'cms'"),
    ("cms:\n  script: 5\n", "'cms.script' must be the address of decap-cms.js"),
    ("cms:\n  backend: github\n", "'cms.backend' must be Decap's backend settings, each a word, a "
                                  "number or true/false, with a `name`"),
    ("cms:\n  workflow: editorial_workflow\n", "'cms.workflow' must be simple or editorial"),
    ("cms:\n  workflow: [editorial]\n", "'cms.workflow' must be simple or editorial"),
])
def test_wrong_cms_settings_are_errors_in_place(tmp_path, text, message):
    _, problems = config_of(tmp_path, text)
    assert [d.message for d in problems] == [message]
    assert problems[0].line == (1 if text.startswith("cms: ") else 2)


def test_the_editorial_workflow_is_a_site_setting(tmp_path):
    config, problems = config_of(tmp_path, "cms:\n  workflow: editorial\n")
    assert problems == [] and config.cms_workflow == "editorial"
    assert decap_config(config)["publish_mode"] == "editorial_workflow"
    assert "publish_mode" not in decap_config(Config())  # simple, Decap's default
    _, problems = config_of(tmp_path, "cms:\n  workflow: editorial_workflow\n")
    assert problems[0].hint == "did you mean 'editorial'?"  # Decap's own name for it
    _, problems = config_of(tmp_path, "cms:\n  workflow: drafts\n")
    assert "`workflow: editorial` keeps what is saved on a git branch" in problems[0].hint


def test_decap_server_reads_the_backends_branch_or_its_own_default():
    assert proxy_branch(None) == "main"  # Backstory's default backend names it
    assert proxy_branch({"name": "github", "repo": "desk/story", "branch": "trunk"}) == "trunk"
    assert proxy_branch({"name": "github", "repo": "desk/story"}) == "master"  # Decap's proxy's


def git(folder: Path, *arguments: str) -> None:
    subprocess.run(["git", "-C", str(folder), *arguments], check=True, capture_output=True)


@pytest.mark.skipif(shutil.which("git") is None, reason="the editorial workflow is git's branches")
def test_the_command_says_what_the_editorial_workflow_needs_before_the_editor_fails(tmp_path, capsys):
    site = copy_example(tmp_path / "site")
    with (site / "site.yaml").open("a", encoding="utf-8") as settings:
        settings.write("\ncms:\n  workflow: editorial\n")
    assert main(["cms", "--source", str(site)]) == 0
    printed = capsys.readouterr().out
    assert f"  cd {site} && MODE=git npx decap-server   # drafts on cms/... branches" in printed
    assert f"before editing: {site} is not a git repository" in printed  # said, not a failure
    assert (site / "static" / "admin" / "config.yml").is_file()

    git(site, "init", "--quiet", "--initial-branch=main")
    git(site, "config", "user.name", "Backstory test")
    git(site, "config", "user.email", "test@backstory.invalid")
    assert main(["cms", "--source", str(site)]) == 0
    assert "before editing: the repository has no commit on 'main'" in capsys.readouterr().out

    git(site, "add", "--all")
    git(site, "commit", "--quiet", "--no-gpg-sign", "-m", "The site")
    assert main(["cms", "--source", str(site)]) == 0
    assert "before editing" not in capsys.readouterr().out

    # What is not committed would go onto the first draft's branch with it.
    (site / "site.yaml").write_text((site / "site.yaml").read_text(encoding="utf-8") + "\n")
    assert main(["cms", "--source", str(site)]) == 0
    printed = capsys.readouterr().out
    assert "before editing: not committed: site.yaml. decap-server commits everything" in printed

    git(site, "checkout", "--quiet", "-b", "other")
    assert main(["cms", "--source", str(site)]) == 0
    assert "the folder has 'other' checked out, not 'main'" in capsys.readouterr().out


def test_the_simple_workflow_asks_nothing_of_git(tmp_path, capsys):
    site = copy_example(tmp_path / "site")
    assert main(["cms", "--source", str(site)]) == 0
    printed = capsys.readouterr().out
    assert f"  cd {site} && npx decap-server " in printed and "before editing" not in printed


def test_the_editor_page_is_not_indexed_and_not_reloaded_by_the_preview():
    index = admin_files(Config())["static/admin/index.html"]
    assert '<meta name="robots" content="noindex">' in index
    assert any(mark.decode() in index[:2048] for mark in SERVED_AS_BUILT)


def test_the_command_writes_the_editor_and_the_build_publishes_only_it(tmp_path, capsys):
    site = copy_example(tmp_path / "site")
    assert main(["cms", "--source", str(site)]) == 0
    printed = capsys.readouterr().out
    assert "static/admin/index.html" in printed and "npx decap-server" in printed
    # the preview's command as this process can be run again, not a bare `backstory`
    assert f"  {backstory_command()} serve --source {site}" in printed
    assert main(["cms", "--source", str(site)]) == 0
    assert "static/admin/config.yml (unchanged)" in capsys.readouterr().out
    out = tmp_path / "out"
    build(site, out, base_url="https://example.org/story/")
    assert (out / "admin" / "index.html").is_file() and (out / "admin" / "config.yml").is_file()
    assert check_site(out, "/story/") == []
    # The editor's script is the only request to another host, and only the editor makes it.
    for page in out.rglob("*.html"):
        sources = re.findall(r'<(?:link|script|img)[^>]+(?:href|src)="([^"]+)"', page.read_text("utf-8"))
        remote = [src for src in sources if "://" in src and "example.org/story/" not in src]
        assert remote == ([] if page != out / "admin" / "index.html" else
                          ["https://unpkg.com/decap-cms@3.16.3/dist/decap-cms.js"]), page
    assert not any(page.startswith("admin") for page in searchable_pages(out))
    for published in ("sitemap.xml", "feed.xml", "events/feed.xml", "robots.txt"):
        assert "admin" not in (out / published).read_text("utf-8"), published


def test_the_command_refuses_a_broken_site_yaml(tmp_path, capsys):
    (tmp_path / "site.yaml").write_text("cms: {script: 5}\n", encoding="utf-8")
    assert main(["cms", "--source", str(tmp_path)]) == 1
    assert "nothing was written" in capsys.readouterr().err
    assert not (tmp_path / "static").exists()


def test_the_default_script_is_the_decap_version_the_browser_test_drives():
    """roles.js uses Decap's list control and data types: the address pins the version tested."""
    import json

    from backstory.content.cmssettings import DEFAULT_SCRIPT

    lock = json.loads((Path(__file__).parent / "package-lock.json").read_text(encoding="utf-8"))
    tested = lock["packages"]["node_modules/decap-cms"]["version"]
    assert DEFAULT_SCRIPT == f"https://unpkg.com/decap-cms@{tested}/dist/decap-cms.js"
