"""The site as a graph: references resolved, links and anchors checked, what each page read, and patches."""
