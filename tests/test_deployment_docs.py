"""The deployment recipes (docs/deployment/) parse, install Backstory only from where the user
says, and docs/deployment.md quotes them as they are. test_recipes_run.py runs them."""

from __future__ import annotations

import re
import subprocess
import tomllib

import pytest
import yaml

from .helpers import REPO

RECIPES = REPO / "docs" / "deployment"
GUIDE = (REPO / "docs" / "deployment.md").read_text(encoding="utf-8")


def _blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", GUIDE, re.DOTALL)


def _lines(text: str) -> list[str]:
    """Lines without comments or indentation, to compare an excerpt with its file."""
    return [line.split(" #")[0].strip() for line in text.splitlines() if line.strip()
            and not line.strip().startswith("#")]


def _github_pages() -> tuple[str, dict]:
    text = (RECIPES / "github-pages.yml").read_text(encoding="utf-8")
    return text, yaml.safe_load(text)


def _netlify() -> tuple[str, dict]:
    text = (RECIPES / "netlify.toml").read_text(encoding="utf-8")
    return text, tomllib.loads(text)


def _install_lines() -> dict[str, str]:
    """Each recipe's line that installs Backstory."""
    _, workflow = _github_pages()
    runs = [step.get("run", "") for step in workflow["jobs"]["build"]["steps"]]
    (github,) = [run for run in runs if "pip install" in run]
    netlify = _netlify()[1]["build"]["command"].split(" && ")[0]
    shell = (RECIPES / "publish.sh").read_text(encoding="utf-8")
    return {"github-pages.yml": github, "netlify.toml": netlify, "publish.sh": shell}


def test_the_github_pages_workflow_parses_checks_and_builds_with_the_base_url():
    text, workflow = _github_pages()
    steps = [step.get("run", "") for step in workflow["jobs"]["build"]["steps"]]
    assert "backstory check --source ." in steps
    assert any("--base-url" in run and "steps.pages.outputs.base_url" in run for run in steps)
    assert workflow["env"] == {"BACKSTORY": ""}  # the one setting, empty until filled in
    assert workflow["jobs"]["build"]["steps"][-1]["with"]["path"] == "site"
    (excerpt,) = _blocks("yaml")
    assert set(_lines(excerpt)) <= set(_lines(text))


def test_the_netlify_file_parses_and_the_guide_quotes_it():
    text, settings = _netlify()
    build = settings["build"]
    assert build["publish"] == "site"
    assert build["environment"]["BACKSTORY"] == ""
    assert "backstory check --source . && backstory build --source ." in build["command"]
    assert '--base-url "$URL/"' in build["command"]
    (excerpt,) = _blocks("toml")
    assert tomllib.loads(excerpt)["build"] == build


def test_the_plain_shell_recipe_checks_then_builds_and_the_guide_quotes_it():
    text = (RECIPES / "publish.sh").read_text(encoding="utf-8")
    assert text.startswith("#!/bin/sh\n") and "set -eu\n" in text
    check, build = text.index("backstory\" check --source ."), text.index("backstory\" build --source .")
    assert text.index('"${BACKSTORY:?') < text.index("-m venv") < text.index("pip\" install") < check < build
    (excerpt,) = [block for block in _blocks("sh") if "$VENV" in block]  # not the S3 recipe's
    assert set(_lines(excerpt)) <= set(_lines(text))


@pytest.mark.parametrize("recipe", ["github-pages.yml", "netlify.toml", "publish.sh"])
def test_no_recipe_installs_a_package_named_backstory_from_the_index(recipe):
    """No project of that name is Backstory's on PyPI: a recipe installs only what BACKSTORY names."""
    line = _install_lines()[recipe]
    assert not re.search(r"pip3? install\s+['\"]?backstory\b", line), line
    assert re.search(r"pip\"? install \"\$(\{BACKSTORY:\?|BACKSTORY\")", line), line
    assert f"[`docs/deployment/{recipe}`](deployment/{recipe})" in GUIDE


@pytest.mark.parametrize("recipe", ["github-pages.yml", "netlify.toml", "publish.sh"])
def test_an_unset_backstory_stops_before_pip_runs_and_says_where_to_set_it(recipe, tmp_path):
    fake = tmp_path / "bin"
    fake.mkdir()
    for name in ("pip", "python3"):  # record any call: none may happen
        (fake / name).write_text(f"#!/bin/sh\ntouch {tmp_path}/called\n")
        (fake / name).chmod(0o755)
    line = _install_lines()[recipe]
    done = subprocess.run(["bash", "-e", "-c", line], cwd=tmp_path, capture_output=True, text=True,
                          env={"PATH": f"{fake}:/usr/bin:/bin", "BACKSTORY": ""}, timeout=30)
    assert done.returncode != 0
    assert "BACKSTORY: empty; fill it in" in done.stderr and "(docs/deployment.md)" in done.stderr
    assert not (tmp_path / "called").exists()
