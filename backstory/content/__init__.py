"""Reading the site: source files, front matter with its YAML positions, site.yaml, and the frozen model."""
