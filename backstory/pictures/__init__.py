"""Pictures as geometry over plain data (nodes, edges, times), drawn apart as SVG.

The relationship map, in the order a map is made: network.py (the nodes and edges, and which a
map shows), layout.py (where each node goes, with forces.py's simulation for the overview),
labels.py (where each name goes), svg.py (drawing it all; shapes.py is the shapes' geometry).
Image files under static/ are read and resized by raster.py (with Pillow).
"""
