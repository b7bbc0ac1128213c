"""The deployment recipes in docs/deployment.md are the files in docs/deployment/, and those parse."""

from __future__ import annotations

import re
import tomllib

import yaml

from .helpers import REPO

DEPLOYMENT = (REPO / "docs/deployment.md").read_text(encoding="utf-8")


def _blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", DEPLOYMENT, re.DOTALL)


def _lines(text: str) -> list[str]:
    """Lines without comments or indentation, to compare an excerpt with its file."""
    return [line.split(" #")[0].strip() for line in text.splitlines() if line.strip()
            and not line.strip().startswith("#")]


def test_the_github_pages_workflow_parses_and_holds_the_readme_excerpt():
    text = (REPO / "docs/deployment/github-pages.yml").read_text(encoding="utf-8")
    workflow = yaml.safe_load(text)
    steps = [step.get("run", "") for step in workflow["jobs"]["build"]["steps"]]
    assert "backstory check --source ." in steps
    assert any("--base-url" in run for run in steps)
    (excerpt,) = _blocks("yaml")
    assert set(_lines(excerpt)) <= set(_lines(text))


def test_the_netlify_file_parses_and_matches_the_readme():
    text = (REPO / "docs/deployment/netlify.toml").read_text(encoding="utf-8")
    settings = tomllib.loads(text)
    (excerpt,) = _blocks("toml")
    assert tomllib.loads(excerpt)["build"] == settings["build"]
    assert settings["build"]["publish"] == "site"
