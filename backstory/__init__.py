"""Backstory: a static site generator for explainers with a cast of actors and events."""

from .errors import BuildFailed, Diagnostic
from .pipeline.builder import BuildResult, build
from .text.markdown import render_markdown
from .version import __version__

__all__ = ["BuildFailed", "BuildResult", "Diagnostic", "build", "render_markdown", "__version__"]
