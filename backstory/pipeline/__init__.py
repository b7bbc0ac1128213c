"""The build: what one build leaves for the next, and the stages put in order."""
