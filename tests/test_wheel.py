"""A real wheel, installed into a fresh virtual environment, can `new`, `build` and `check`.

What this guards: everything a site needs at run time (modules, default layouts, the starter
files) is inside the wheel, not only in the checkout. To stay fast and offline the fresh
environment gets the wheel by `pip install --no-deps`, and its dependencies through a .pth line
naming links to them (wheels.py); the test asserts that `backstory` is imported from inside
the venv.
"""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

import pytest

from .wheels import clean_environment, fresh_environment, run

pytestmark = pytest.mark.wheel


def test_wheel_in_a_fresh_venv_makes_builds_and_checks_a_new_site(tmp_path, built_wheel, dependencies):
    env_dir = tmp_path / "venv"
    bin_dir = fresh_environment(env_dir, dependencies)  # no pip: the test's own installs, faster
    installed = run([sys.executable, "-m", "pip", "--python", bin_dir / "python", "install", "-q",
                     "--no-deps", built_wheel], cwd=tmp_path)
    assert installed.returncode == 0, installed.stderr

    work = tmp_path / "work"
    work.mkdir()
    clean_env = clean_environment(PATH="/usr/bin:/bin")  # as after the README's install: not on PATH
    where = run([bin_dir / "python", "-c", "import backstory; print(backstory.__file__)"], work, clean_env)
    assert where.returncode == 0, where.stderr
    assert Path(where.stdout.strip()).is_relative_to(env_dir), where.stdout

    backstory = bin_dir / "backstory"
    new = run([backstory, "new", "demo"], work, clean_env)
    assert new.returncode == 0, f"backstory new demo:\n{new.stdout}\n{new.stderr}"
    # The commands `new` suggests are the script's path, which runs; build and check as printed.
    for command in ("build", "check"):
        (line,) = [line for line in new.stdout.splitlines() if f" {command} --source " in line]
        args = shlex.split(line, comments=True)
        assert args[0] == str(backstory), line
        done = run(args, work, clean_env)
        assert done.returncode == 0, f"{line}:\n{done.stdout}\n{done.stderr}"
    site = work / "demo" / "site"
    for asset in ("style.css", "cards.js", "favicon.svg"):  # the default layouts' assets
        assert (site / "assets" / asset).is_file(), asset
    assert (site / "articles/why-the-river-bridge-closed/index.html").is_file()
    assert not (work / "demo" / "layouts").exists()
