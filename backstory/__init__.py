"""Backstory: a static site generator for explainers with a cast of actors and events."""

__version__ = "0.1.0"

from .errors import BuildFailed, Diagnostic  # noqa: E402
from .pipeline.builder import BuildResult, build  # noqa: E402
from .text.markdown import render_markdown  # noqa: E402

__all__ = ["BuildFailed", "BuildResult", "Diagnostic", "build", "render_markdown", "__version__"]
