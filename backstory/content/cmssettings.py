"""site.yaml's `cms:` settings, which only `backstory cms` reads (docs/cms.md):

    cms:
      script: https://unpkg.com/decap-cms@3.16.3/dist/decap-cms.js   # or a copy under static/admin/
      backend: {name: github, repo: newsroom/explainer, branch: main}  # Decap's `backend:`
      workflow: editorial   # drafts on git branches until published; `simple` (default) saves in
"""

from __future__ import annotations

from ..errors import Diagnostics, did_you_mean
from .values import kind_of

# Where Decap's documentation loads it from (decapcms.org/docs/install-decap): the default.
DEFAULT_SCRIPT = "https://unpkg.com/decap-cms@3.16.3/dist/decap-cms.js"
KEYS = ("script", "backend", "workflow")
# Decap's `publish_mode` for each `workflow:`: drafts on git branches, or every save published.
WORKFLOWS = {"simple": "simple", "editorial": "editorial_workflow"}
WORKFLOW_HINT = ("`workflow: editorial` keeps what is saved on a git branch until it is published; "
                 "`workflow: simple` (the default) saves straight into content/")
EXAMPLE = ("cms:\n  script: decap/decap-cms.js       # a copy in static/admin/decap/\n"
           "  backend: {name: github, repo: newsroom/explainer, branch: main}")


def read_cms(value, at, diagnostics: Diagnostics, shown: str) -> dict:
    """Config's values from `cms:`: `cms_script`, `cms_backend` (a tuple of (key, scalar)
    pairs, so that Config stays hashable) and `cms_workflow`. `at(path)` gives the 1-based
    (line, column) of a key."""
    if not isinstance(value, dict):
        diagnostics.error(shown, *at(("cms",)), f"'cms' must be a mapping of settings, not "
                          f"{kind_of(value)}", "write it as\n" + EXAMPLE)
        return {}
    values: dict = {}
    for key, setting in value.items():
        where = at(("cms", str(key)))
        if key not in KEYS:
            diagnostics.error(shown, *where, f"unknown setting '{key}' of 'cms'",
                              did_you_mean(str(key), KEYS) or f"'cms' takes: {', '.join(KEYS)}")
        elif key == "script":
            if not isinstance(setting, str) or not setting.strip() or any(c in setting for c in '"<> '):
                diagnostics.error(shown, *where, "'cms.script' must be the address of decap-cms.js",
                                  f"for example `script: {DEFAULT_SCRIPT}`, or the path of a copy "
                                  "from /admin/: `script: decap/decap-cms.js`")
            else:
                values["cms_script"] = setting.strip()
        elif key == "workflow":
            if isinstance(setting, str) and setting in WORKFLOWS:
                values["cms_workflow"] = setting
            else:
                diagnostics.error(shown, *where, "'cms.workflow' must be simple or editorial",
                                  did_you_mean(str(setting), WORKFLOWS) or WORKFLOW_HINT)
        elif not isinstance(setting, dict) or not isinstance(setting.get("name"), str) or not all(
                isinstance(part, (str, int, bool)) for part in setting.values()):
            diagnostics.error(shown, *where, "'cms.backend' must be Decap's backend settings, "
                              "each a word, a number or true/false, with a `name`",
                              "for example `backend: {name: github, repo: newsroom/explainer, "
                              "branch: main}` (see Decap's documentation, Backends)")
        else:
            values["cms_backend"] = tuple((str(name), part) for name, part in setting.items())
    return values
