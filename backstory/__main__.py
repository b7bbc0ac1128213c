"""`python -m backstory`: the command line (commands/cli.py)."""

from .commands.cli import run

run()
