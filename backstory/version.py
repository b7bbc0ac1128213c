"""Backstory's version, apart from the package's entry so that any module may read it."""

__version__ = "0.1.0"
