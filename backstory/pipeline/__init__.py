"""The build: what one build leaves for the next, and the stages put in order.

builder.py is the entry (`build()`, and the `Builder` the preview keeps); memory.py is the
state it keeps (Settings, Memory). cold.py runs a build from start to end: the output folder
checked and locked, then warm.py (from the cache) or a clean build in one screen: load.py
(read, parse, resolve, check), rendering.py (plan and render), files.py (copies), then
output/. update.py and patch.py bring the last build up to date after an edit; cached.py
saves Memory beside the output and restores it; parallel.py spreads work over the cores.
"""
