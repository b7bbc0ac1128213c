"""Stand-ins for what a build runs, for tests of what happens when it misbehaves."""

from __future__ import annotations

import os
import stat
import sys
import time
from pathlib import Path

from pagefind_bin import get_executable

# Runs the real Pagefind binary, after waiting for a "release" file when told to hold; then
# empties every file it made ("empty": as Pagefind was seen to do on a full disk, exit 0) or cuts
# its fragments in half ("truncate").
_SCRIPT = """#!{python}
import os, pathlib, subprocess, sys, time
real, place, mode = {real!r}, pathlib.Path({place!r}), {mode!r}
if "--version" in sys.argv:
    os.execv(real, [real] + sys.argv[1:])
(place / f"started-{{os.getpid()}}").write_text("")
if mode == "hold":
    for _ in range(6000):
        if (place / "release").exists():
            break
        time.sleep(0.02)
code = subprocess.call([real] + sys.argv[1:])
made = pathlib.Path(sys.argv[sys.argv.index("--output-path") + 1])
for path in made.rglob("*"):
    if path.is_file() and mode == "empty":
        path.write_bytes(b"")
    elif path.is_file() and mode == "truncate" and path.suffix == ".pf_fragment":
        path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
sys.exit(code)
"""


class FakePagefind:
    """A Pagefind that builds use through PAGEFIND_BINARY_PATH (pagefind.find_binary reads it)."""

    def __init__(self, folder: Path, mode: str = "hold"):
        folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder
        self.path = folder / "pagefind"
        self.path.write_text(_SCRIPT.format(python=sys.executable, real=str(get_executable()),
                                            place=str(folder), mode=mode), encoding="utf-8")
        self.path.chmod(self.path.stat().st_mode | stat.S_IXUSR)

    def environment(self) -> dict[str, str]:
        return {**os.environ, "PAGEFIND_BINARY_PATH": str(self.path)}

    def started(self) -> bool:
        return any(self.folder.glob("started-*"))

    def wait_until_started(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while not self.started():
            assert time.monotonic() < deadline, "the build never reached its search index"
            time.sleep(0.02)

    def release(self) -> None:
        (self.folder / "release").write_text("")
