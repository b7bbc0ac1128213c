"""A wheel built from this checkout, and fresh virtual environments to install it in, offline.

A fresh environment gets Backstory's dependencies (Jinja2 and the rest, as installed for the
tests) through a .pth line naming a folder of links to them and nothing else: pip, run in that
environment, finds them installed and fetches nothing, and this checkout's own editable install
stays out of sight, so `backstory` can only come from the wheel. The fixture that builds the
wheel once for the whole run is `built_wheel` in conftest.py.
"""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement

from .helpers import REPO


def run(args: list, cwd: Path, env: dict | None = None, timeout: float = 240) -> subprocess.CompletedProcess:
    return subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=timeout)


def clean_environment(**extra: str) -> dict[str, str]:
    """This process's environment without what would point Python at this checkout, and
    without pip reaching for an index: whatever a fresh environment installs is on disk."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    return {**env, "PIP_NO_INDEX": "1", "PIP_DISABLE_PIP_VERSION_CHECK": "1", **extra}


def build_wheel(into: Path) -> Path:
    args = [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", into, REPO]
    try:
        import hatchling  # noqa: F401 - present: no need to fetch the build backend
        args.insert(4, "--no-build-isolation")
    except ImportError:
        pass  # pip fetches hatchling into an isolated build environment (needs PyPI)
    built = run(args, cwd=into)
    if built.returncode != 0:
        message = f"cannot build the wheel: {built.stderr.strip().splitlines()[-1:]}"
        if os.environ.get("CI"):
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    (wheel,) = into.glob("backstory-*.whl")
    return wheel


def dependency_folder(into: Path) -> Path:
    """A folder of links to the installed distributions Backstory needs at run time (and
    theirs), each package with its .dist-info: what pip in a fresh environment then finds."""
    into.mkdir(parents=True, exist_ok=True)
    pending, seen = ["backstory"], set()
    while pending:
        for text in metadata.distribution(pending.pop()).requires or []:
            requirement = Requirement(text)
            name = requirement.name.lower().replace("_", "-")
            if name in seen or requirement.marker and not requirement.marker.evaluate({"extra": ""}):
                continue
            seen.add(name)
            pending.append(name)
            dist = metadata.distribution(name)
            for top in {file.parts[0] for file in dist.files or [] if file.parts[0] != ".."}:
                link = into / top
                if not link.exists():
                    link.symlink_to(Path(dist.locate_file(top)))
    return into


def fresh_environment(folder: Path, dependencies: Path, with_pip: bool = False) -> Path:
    """A new virtual environment in `folder` that sees `dependencies` (dependency_folder()), and
    nothing of this checkout; its bin/ folder."""
    venv.create(folder, with_pip=with_pip)
    python = folder / "bin" / "python"
    purelib = Path(run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                       cwd=folder).stdout.strip())
    (purelib / "zz_dependencies_for_test.pth").write_text(f"{dependencies}\n")
    return folder / "bin"


def system_python(folder: Path) -> Path:
    """A folder holding `python` and `python3`, links to the interpreter the tests run on (not
    a venv's), to put on PATH as a CI machine's Python; the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("python", "python3"):
        (folder / name).symlink_to(getattr(sys, "_base_executable", sys.executable))
    return folder
