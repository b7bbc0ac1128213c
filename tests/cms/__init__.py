"""Tests of `backstory cms`, and the Node tools the browser test of it installs (tools.py)."""
