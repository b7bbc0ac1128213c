"""The release workflow: a tag v* builds, checks and publishes by PyPI's trusted publishing, and
its check of the wheel (the version is the tag's, the example builds) works as written."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from backstory.version import __version__

from .helpers import REPO, copy_example
from .wheels import clean_environment, fresh_environment, run, system_python

WORKFLOW = REPO / ".github" / "workflows" / "release.yml"
CHECK_STEP = "Check the wheel in a fresh environment"


def _workflow() -> dict:
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    workflow["on"] = workflow.pop(True, workflow.get("on"))  # YAML 1.1 reads a bare `on` as true
    return workflow


def _step(job: dict, name: str) -> dict:
    (step,) = [step for step in job["steps"] if step.get("name") == name]
    return step


def test_a_pushed_version_tag_builds_checks_and_publishes_by_trusted_publishing():
    workflow = _workflow()
    assert workflow["on"] == {"push": {"tags": ["v*"]}}
    assert workflow["permissions"] == {"contents": "read"}  # only the publishing job gets more
    build, publish = workflow["jobs"]["build"], workflow["jobs"]["publish"]
    runs = "\n".join(step.get("run", "") for step in build["steps"])
    assert "python -m build" in runs and "twine check --strict dist/*" in runs
    check = _step(build, CHECK_STEP)["run"]
    assert "/bin/pip\" install dist/*.whl" in check and "backstory\" --version" in check
    assert "${GITHUB_REF_NAME#v}" in check and "exit 1" in check  # the version is the tag's
    assert "build --source ." in check and "index.html" in check  # the example builds
    assert publish["needs"] == "build"
    assert publish["environment"]["name"] == "pypi"
    assert publish["permissions"] == {"id-token": "write"}
    uses = [step.get("uses", "") for step in publish["steps"]]
    assert uses[-1] == "pypa/gh-action-pypi-publish@release/v1"
    assert not any("password" in step.get("with", {}) for step in publish["steps"])  # no token


@pytest.mark.wheel
def test_the_check_step_passes_the_tags_wheel_and_stops_another_tags(tmp_path, built_wheel,
                                                                     dependencies):
    """The step as written, offline: $RUNNER_TEMP/fresh is made ahead, seeing the dependencies,
    so that its `python -m venv` only adds pip and the wheel's install fetches nothing."""
    checkout = copy_example(tmp_path / "checkout")
    (checkout / "dist").mkdir()
    shutil.copy(built_wheel, checkout / "dist")
    script = _step(_workflow()["jobs"]["build"], CHECK_STEP)["run"]
    system = system_python(tmp_path / "system")
    for tag, passes in ((f"v{__version__}", True), ("v99.0.0", False)):
        runner_temp = tmp_path / tag
        fresh_environment(runner_temp / "fresh", dependencies)
        env = clean_environment(PATH=f"{system}:/usr/bin:/bin", RUNNER_TEMP=str(runner_temp),
                                GITHUB_REF_NAME=tag)
        done = run(["bash", "-e", "-c", script], checkout, env, timeout=300)
        assert (done.returncode == 0) == passes, f"{tag}:\n{done.stdout}\n{done.stderr}"
        example = Path(runner_temp / "example" / "index.html")
        if passes:
            assert f"\nbackstory {__version__}\n" in done.stdout and example.is_file()
        else:
            assert f"the wheel says 'backstory {__version__}' but the tag is v99.0.0" in done.stdout
            assert not example.exists()
