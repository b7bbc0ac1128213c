"""backstory serve: the watcher, the local server, and the rebuild that ties them."""
