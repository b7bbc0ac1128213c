"""Pictures as geometry over plain data (nodes, edges, times), drawn apart as SVG."""
