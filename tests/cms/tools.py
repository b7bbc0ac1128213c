"""Decap CMS and decap-server for the browser test (tests/browser/test_cms.py), installed by the
suite itself from package.json and package-lock.json beside this file.

`npm ci` installs them into tests/cms/node_modules (git-ignored) when that is missing or was
installed from another lock: a stamp file there holds the digest of the lock it came from.
Without node and npm, or when the install fails, `tools_problem()` says why; the test then
skips, or fails when the CI environment variable is set, as the browser fixture does for a
missing Chromium.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

HERE = Path(__file__).parent
LOCK = HERE / "package-lock.json"
NODE_MODULES = HERE / "node_modules"
STAMP = NODE_MODULES / ".backstory-lock-sha256"
DECAP_DIST = NODE_MODULES / "decap-cms" / "dist"
DECAP_SERVER = NODE_MODULES / "decap-server" / "dist" / "index.js"
INSTALL_SECONDS = 900  # a cold npm cache fetches about 730 packages


def lock_digest() -> str:
    return hashlib.sha256(LOCK.read_bytes()).hexdigest()


def is_installed() -> bool:
    """Whether node_modules holds what the lock names now."""
    try:
        stamp = STAMP.read_text(encoding="utf-8").strip()
    except OSError:
        return False
    return stamp == lock_digest() and (DECAP_DIST / "decap-cms.js").is_file() and DECAP_SERVER.is_file()


def tools_problem() -> str | None:
    """None once Decap CMS and decap-server are installed; otherwise why they cannot be."""
    if not (shutil.which("node") and shutil.which("npm")):
        return "no node or npm on PATH (apt-get install nodejs npm): they install Decap CMS"
    # Two test processes must not run `npm ci` into one folder at once.
    lock_file = Path(tempfile.gettempdir()) / f"backstory-cms-npm-{lock_digest()[:16]}.lock"
    with open(lock_file, "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        if is_installed():
            return None
        try:
            run = subprocess.run(["npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund",
                                  "--loglevel=error"], cwd=HERE, capture_output=True, text=True,
                                 timeout=INSTALL_SECONDS, env={**os.environ, "NODE_ENV": "development"})
        except subprocess.TimeoutExpired:
            return f"`npm ci` in {HERE} took over {INSTALL_SECONDS} s"
        if run.returncode != 0:
            last = (run.stderr or run.stdout).strip().splitlines()[-3:]
            return f"`npm ci` in {HERE} failed: " + " / ".join(last)
        STAMP.write_text(lock_digest() + "\n", encoding="utf-8")
    return None


def require_tools() -> None:
    """Install the tools if needed; skip the test without them, or fail it in CI."""
    problem = tools_problem()
    if problem:
        if os.environ.get("CI"):
            pytest.fail(f"the CMS browser test cannot run in CI: {problem}", pytrace=False)
        pytest.skip(f"the CMS browser test cannot run: {problem}")
