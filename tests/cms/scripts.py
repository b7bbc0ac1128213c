"""Running a probe beside this file (roles_probe.js, picture_probe.js, guard_probe.js) under Node:
Backstory's scripts for Decap, on the values Decap holds, without a browser."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from .tools import require_tools


def run_probe(name: str, *cases: dict) -> list:
    """The probe's answer for each case; node and Immutable (as Decap installs it) are needed."""
    require_tools()
    done = subprocess.run(["node", str(Path(__file__).with_name(name))], input=json.dumps(cases),
                          capture_output=True, text=True, timeout=60, check=True)
    return json.loads(done.stdout)
