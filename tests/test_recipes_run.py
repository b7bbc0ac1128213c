"""Each deployment recipe's shell lines, run as written against the wheel built from this checkout.

The lines come from the recipe files themselves (netlify.toml's command, the GitHub Pages
workflow's `run` steps, publish.sh whole); steps that need the network (actions/checkout and
the other `uses:` steps) are not run. The one setting a user fills in, BACKSTORY, is the wheel's
path, as for a wheel kept in the site's repository. Each recipe starts from a fresh virtual
environment that has pip and sees Backstory's dependencies but not Backstory (wheels.py), so
`backstory` can only be what the recipe's own install line installed; pip is kept off the
network, so the install line must find everything on disk.
"""

from __future__ import annotations

import re
import shutil
import tomllib
from pathlib import Path

import pytest
import yaml

from .helpers import REPO, copy_example
from .wheels import clean_environment, fresh_environment, run, system_python

pytestmark = pytest.mark.wheel

RECIPES = REPO / "docs" / "deployment"
GITHUB_BASE = "https://user.github.io/explainer"  # what configure-pages would report
NETLIFY_URL = "https://explainer.netlify.app"  # what Netlify sets as $URL
SHELL_BASE = "https://explainer.example.org/"
# The workflow expressions GitHub fills in before a step runs, with what they would be here.
EXPRESSIONS = {"steps.pages.outputs.base_url": GITHUB_BASE}


def github_pages_lines() -> list[str]:
    """The build job's `run` steps in order, with their ${{ }} expressions filled in."""
    workflow = yaml.safe_load((RECIPES / "github-pages.yml").read_text(encoding="utf-8"))
    lines = [step["run"] for step in workflow["jobs"]["build"]["steps"] if "run" in step]
    return [re.sub(r"\$\{\{\s*(.*?)\s*\}\}", lambda m: EXPRESSIONS[m[1]], line) for line in lines]


def netlify_lines() -> list[str]:
    return [tomllib.loads((RECIPES / "netlify.toml").read_text(encoding="utf-8"))["build"]["command"]]


@pytest.fixture
def site(tmp_path) -> Path:
    """The example site, as a user's repository holds it."""
    return copy_example(tmp_path / "repository")


def _run_lines(lines: list[str], site: Path, env: dict) -> None:
    for line in lines:
        # As GitHub Actions runs a step (bash -e) and Netlify its command (bash).
        done = run(["bash", "-e", "-c", line], site, env, timeout=300)
        assert done.returncode == 0, f"{line}\n{done.stdout}\n{done.stderr}"


def _assert_built(site: Path, base_url: str) -> None:
    index = site / "site" / "index.html"
    assert index.is_file()
    assert f'rel="canonical" href="{base_url}' in index.read_text(encoding="utf-8")


@pytest.mark.parametrize(("recipe", "lines", "base_url"), [
    ("github-pages.yml", github_pages_lines, GITHUB_BASE + "/"),
    ("netlify.toml", netlify_lines, NETLIFY_URL + "/"),
])
def test_a_hosted_recipe_installs_checks_and_builds(recipe, lines, base_url, site, tmp_path,
                                                     built_wheel, dependencies):
    bin_dir = fresh_environment(tmp_path / "runner", dependencies, with_pip=True)
    assert not (bin_dir / "backstory").exists()
    env = clean_environment(PATH=f"{bin_dir}:/usr/bin:/bin", BACKSTORY=str(built_wheel),
                            URL=NETLIFY_URL)
    _run_lines(lines(), site, env)
    assert (bin_dir / "backstory").is_file()  # installed by the recipe, from the wheel
    _assert_built(site, base_url)


def test_the_plain_shell_recipe_installs_checks_and_builds(site, tmp_path, built_wheel, dependencies):
    # publish.sh makes its venv with `python3 -m venv "$VENV"`: given one that already sees the
    # dependencies, that adds pip to it, and the script's install then needs no network.
    venv_dir = tmp_path / "venv"
    bin_dir = fresh_environment(venv_dir, dependencies)
    system = system_python(tmp_path / "system")
    shutil.copy(RECIPES / "publish.sh", site / "publish.sh")
    env = clean_environment(PATH=f"{system}:/usr/bin:/bin", BACKSTORY=str(built_wheel),
                            BASE_URL=SHELL_BASE, VENV=str(venv_dir))
    _run_lines(["sh publish.sh"], site, env)
    assert (bin_dir / "backstory").is_file()
    _assert_built(site, SHELL_BASE)
