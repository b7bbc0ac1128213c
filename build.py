#!/usr/bin/env python3
"""Build this folder's site into site/: `python build.py` (any `backstory` command works too)."""

import sys
from pathlib import Path

from backstory.cli import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:], default_source=Path(__file__).resolve().parent))
