"""How the user can run `backstory` again, for the commands a message suggests.

After `python3 -m venv .venv && .venv/bin/pip install -e .` the script is `.venv/bin/backstory`,
not on PATH: a message that says `backstory serve` names a command the shell cannot find. So
the command is the one this process was started as: `backstory` when PATH finds this very
script, the script's path when it does not, and `PYTHON -m backstory` when the process is not
the script (`python -m backstory`, build.py).
"""

from __future__ import annotations

import os
import shlex
import shutil
import sys
from collections.abc import Callable

NAME = "backstory"


def backstory_command(argv0: str | None = None, executable: str | None = None,
                      which: Callable[[str], str | None] = shutil.which) -> str:
    """The command, ready for a shell, that runs Backstory as this process was run."""
    argv0 = sys.argv[0] if argv0 is None else argv0
    executable = sys.executable if executable is None else executable
    script = os.path.basename(argv0)
    if script == NAME or script.startswith(NAME + "."):  # backstory, backstory.exe
        found = which(NAME)
        if found and os.path.realpath(found) == os.path.realpath(argv0):
            return NAME
        return _as_typed(argv0)
    if not executable:  # an embedding that cannot say which interpreter it is
        return f"python3 -m {NAME}"
    python = os.path.basename(executable)
    found = which(python)
    # Not resolved: a venv's python is a link to the system's, and runs with other packages.
    if found is None or os.path.abspath(found) != os.path.abspath(executable):
        python = _as_typed(executable)
    return f"{python} -m {NAME}"


def _as_typed(path: str) -> str:
    """A program's path as short as a shell takes it from here: relative below the current
    folder (`./x` rather than `x`, which the shell would look up on PATH), absolute above it."""
    full = os.path.abspath(path)
    try:
        relative = os.path.relpath(full)
    except ValueError:  # another drive (Windows)
        relative = full
    if relative.startswith(os.pardir) or os.path.isabs(relative):
        return shlex.quote(full)
    return shlex.quote(relative if os.sep in relative else os.path.join(os.curdir, relative))
