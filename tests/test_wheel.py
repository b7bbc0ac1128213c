"""A real wheel, installed into a fresh virtual environment, can `new`, `build` and `check`.

What this guards: everything a site needs at run time (modules, default layouts, the starter
files) is inside the wheel, not only in the checkout. To stay fast and offline the fresh
environment gets the wheel by `pip install --no-deps`, and its dependencies (Jinja2 and the
rest) through a .pth line naming the test environment's site-packages, which Python appends
after the venv's own; that folder's .pth files (the editable install of this checkout) are not
run, and the test asserts that `backstory` is imported from inside the venv.
"""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

import jinja2
import pytest

from .helpers import REPO

pytestmark = pytest.mark.wheel


def _run(args: list, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=240)


def _build_wheel(into: Path) -> Path:
    args = [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", into, REPO]
    try:
        import hatchling  # noqa: F401 - present: no need to fetch the build backend
        args.insert(4, "--no-build-isolation")
    except ImportError:
        pass  # pip fetches hatchling into an isolated build environment (needs PyPI)
    run = _run(args, cwd=into)
    if run.returncode != 0:
        message = f"cannot build the wheel: {run.stderr.strip().splitlines()[-1:]}"
        if os.environ.get("CI"):
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    (wheel,) = into.glob("backstory-*.whl")
    return wheel


def test_wheel_in_a_fresh_venv_makes_builds_and_checks_a_new_site(tmp_path):
    wheel = _build_wheel(tmp_path)
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=False)  # the test's own pip installs into it: faster
    python = env_dir / "bin" / "python"
    run = _run([sys.executable, "-m", "pip", "--python", python, "install", "-q", "--no-deps",
                wheel], cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    purelib = Path(_run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                        cwd=tmp_path).stdout.strip())
    dependencies = Path(jinja2.__file__).parent.parent
    (purelib / "zz_dependencies_for_test.pth").write_text(f"{dependencies}\n")

    work = tmp_path / "work"
    work.mkdir()
    clean_env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    where = _run([python, "-c", "import backstory; print(backstory.__file__)"], work, clean_env)
    assert where.returncode == 0, where.stderr
    assert Path(where.stdout.strip()).is_relative_to(env_dir), where.stdout

    backstory = env_dir / "bin" / "backstory"
    for args in (["new", "demo"], ["build", "--source", "demo"], ["check", "--source", "demo"]):
        run = _run([backstory, *args], work, clean_env)
        assert run.returncode == 0, f"backstory {' '.join(args)}:\n{run.stdout}\n{run.stderr}"
    site = work / "demo" / "site"
    for asset in ("style.css", "cards.js", "favicon.svg"):  # the default layouts' assets
        assert (site / "assets" / asset).is_file(), asset
    assert (site / "articles/why-the-river-bridge-closed/index.html").is_file()
    assert not (work / "demo" / "layouts").exists()
