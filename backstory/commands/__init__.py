"""The command line: build, serve, check and new."""
