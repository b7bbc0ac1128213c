"""`backstory cms`: read site.yaml, write the browser editor into static/admin/, say what next."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

from ..cms.admin import write_admin
from ..cms.decap import proxy_branch
from ..cms.repository import workflow_problems
from ..content.config import CONFIG_NAME, load_config
from ..errors import Diagnostics, format_report
from .invocation import backstory_command


def cms(source: Path) -> int:
    """The command's exit status: 0 written, 1 the site's settings have errors."""
    if not source.is_dir():
        print(f"{source}:1:1: error: no such folder\n  hint: give the site's folder with --source",
              file=sys.stderr)
        return 1
    diagnostics = Diagnostics()
    config = load_config(source, diagnostics)
    if diagnostics.has_errors:
        print(format_report(diagnostics.sorted()), file=sys.stderr)
        print(f"fix {CONFIG_NAME} first; nothing was written", file=sys.stderr)
        return 1
    shown = shlex.quote(str(source))
    for relative, changed in write_admin(source, config):
        print(f"  {relative}" + ("" if changed else " (unchanged)"))
    if config.cms_workflow == "editorial":
        branch = proxy_branch(dict(config.cms_backend) or None)
        decap = (f"  cd {shown} && MODE=git npx decap-server   # drafts on cms/... branches; "
                 f"Publish merges into {branch}\n")
        problems = workflow_problems(source, branch)
    else:
        decap = f"  cd {shown} && npx decap-server     # writes what you save into content/ and static/\n"
        problems = []
    print("next, in two terminals:\n" + decap
          + f"  {backstory_command()} serve --source {shown}   # then open http://127.0.0.1:8000/admin/")
    for problem in problems:
        # Said now, plainly: later, decap-server refuses to start or the editor fails each save.
        print(f"before editing: {problem}")
    return 0
