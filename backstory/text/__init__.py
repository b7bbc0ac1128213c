"""Markdown: the parser and its plugins, anchors, and the names in prose that link to their pages."""
