#!/bin/sh
# Any CI, or a plain shell: check and build the explainer in the current folder into site/.
# Copy it into your explainer's repository, fill in the two settings (or set them in the
# environment), run `sh publish.sh`, then upload site/ as it is (docs/deployment.md).
set -eu

# Where pip gets Backstory from (see docs/deployment.md), for instance the Backstory
# repository at a release tag:   backstory @ git+https://github.com/OWNER/backstory@v0.1.0
# or a wheel kept in this repository:   ./vendor/backstory-0.1.0-py3-none-any.whl
BACKSTORY="${BACKSTORY:-}"
# The address the site is served from, e.g. https://explainer.example.org/; empty for links
# that are all relative (a site that works from any folder, with no canonical URLs).
BASE_URL="${BASE_URL:-}"
# A virtual environment of its own: system Pythons refuse `pip install` (PEP 668).
VENV="${VENV:-${TMPDIR:-/tmp}/backstory-venv}"

: "${BACKSTORY:?empty; fill it in at the top of publish.sh, or set it in the environment, with where pip gets Backstory from (docs/deployment.md)}"

python3 -m venv "$VENV"
"$VENV/bin/pip" install "$BACKSTORY"
"$VENV/bin/backstory" check --source .
"$VENV/bin/backstory" build --source . --no-cache ${BASE_URL:+--base-url "$BASE_URL"}
