#!/usr/bin/env python3
"""Build this folder's site into site/: `python build.py` (any `backstory` command works too)."""

from pathlib import Path

from backstory.commands.cli import run

if __name__ == "__main__":
    run(default_source=Path(__file__).resolve().parent)
